// Attribute types must be Terraform types.
#[konductor::resource(type = "aws_instance")]
pub struct Instance {
    pub cpu_core_count: Option<i32>,
    pub tags: Option<std::collections::HashMap<String, String>>,
    pub ami: Option<&'static str>,
    #[computed]
    pub arn: String,
}

fn main() {}
