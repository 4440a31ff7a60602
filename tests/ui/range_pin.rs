// A KMS key's deletion window takes any value AWS accepts (7 to 30 days): it is pinned to that range, not
// to one value, and a range goes from low to high.
#[konductor::resource(type = "aws_kms_key")]
pub struct Key {
    #[pin(7)]
    pub deletion_window_in_days: Option<f64>,
}

#[konductor::resource(type = "aws_kms_replica_key")]
pub struct Replica {
    #[pin(30..=7)]
    pub deletion_window_in_days: Option<f64>,
}

fn main() {}
