// `build()` does not compile until every required attribute is set.
use konductor::prelude::*;

#[konductor::resource(type = "aws_subnet")]
pub struct Subnet {
    pub vpc_id: String,
    pub cidr_block: Option<String>,
}

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "s", &Environment::new("dev").unwrap());
    Subnet::builder(&stack, "a").cidr_block("10.0.0.0/24").build();
}
