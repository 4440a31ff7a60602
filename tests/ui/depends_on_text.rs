// `depends_on` takes the element's handle, never its address as text.
use konductor::prelude::*;

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "s", &Environment::new("dev").unwrap());
    let nat = GenericResource::new(&stack, "nat", "aws_nat_gateway");
    nat.depends_on("aws_internet_gateway.igw");
}
