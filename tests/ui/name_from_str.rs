// A physical name must carry the environment suffix: plain text does not compile.
use konductor::prelude::*;

#[konductor::resource(type = "aws_s3_bucket")]
pub struct Bucket {
    pub bucket: Option<Name>,
}

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "s", &Environment::new("dev").unwrap());
    Bucket::builder(&stack, "b").bucket("logs").build();
}
