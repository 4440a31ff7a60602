// The generated L1 bindings take only a `Name` for physical names: here an IAM role's name.
use konductor::aws::l1::iam::IamRole;
use konductor::prelude::*;

fn main() {
    let app = App::new();
    let stack = Stack::new(&app, "s", &Environment::new("dev").unwrap());
    IamRole::builder(&stack, "ci").name(String::from("ci-deploy")).assume_role_policy("{}").build();
}
