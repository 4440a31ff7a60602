// An attribute that can block `terraform destroy` must be pinned.
#[konductor::resource(type = "aws_s3_bucket")]
pub struct Bucket {
    pub force_destroy: Option<bool>,
    pub tags: Option<std::collections::BTreeMap<String, String>>,
}

fn main() {}
