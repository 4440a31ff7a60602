// Pinned and computed attributes have no setter.
use konductor::prelude::*;

#[konductor::resource(type = "aws_s3_bucket")]
pub struct Bucket {
    #[pin(true)]
    pub force_destroy: Option<bool>,
    #[computed]
    pub arn: Option<String>,
}

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "s", &Environment::new("dev").unwrap());
    Bucket::builder(&stack, "a").force_destroy(false).build();
    Bucket::builder(&stack, "b").arn("arn:aws:s3:::x").build();
}
