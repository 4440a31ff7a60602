// Unknown options are named, with the ones that exist.
#[konductor::resource(type = "aws_vpc", colour = "blue")]
pub struct Vpc {
    pub cidr_block: Option<String>,
}

#[konductor::block(objekt)]
pub struct Rule {
    pub days: Option<f64>,
}

#[konductor::resource]
pub struct NoType {
    #[rename = "x"]
    pub a: Option<String>,
}

fn main() {}
