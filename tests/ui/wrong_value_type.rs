// A setter takes only values of its attribute's type.
use konductor::prelude::*;

#[konductor::resource(type = "aws_vpc")]
pub struct Vpc {
    pub enable_dns_support: Option<bool>,
}

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "s", &Environment::new("dev").unwrap());
    Vpc::builder(&stack, "v").enable_dns_support("yes").build();
}
