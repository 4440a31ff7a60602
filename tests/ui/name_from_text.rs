// A `Name` is made only by `scope.name(...)`: `Name::from` and `.into()` on text say so.
use konductor::prelude::*;

fn main() {
    let _ = Name::from("logs");
    let _: Name = String::from("logs").into();
}
