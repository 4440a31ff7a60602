// `provider` takes the configuration's handle, never its name as text.
use konductor::prelude::*;

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "s", &Environment::new("dev").unwrap());
    let bucket = GenericResource::new(&stack, "logs", "aws_s3_bucket");
    bucket.provider("aws.eu");
}
