// Pinning a destroyability attribute to the value that blocks destroy is refused.
#[konductor::resource(type = "aws_db_instance")]
pub struct Db {
    #[pin(true)]
    pub deletion_protection: Option<bool>,
    #[pin(false)]
    pub skip_final_snapshot: Option<bool>,
}

fn main() {}
