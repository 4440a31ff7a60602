// A string `deletion_protection` must be pinned to its destroyable word, per resource type.
#[konductor::resource(type = "aws_cognito_user_pool")]
pub struct UserPool {
    #[pin("ACTIVE")]
    pub deletion_protection: Option<String>,
}

#[konductor::resource(type = "aws_verifiedpermissions_policy_store")]
pub struct PolicyStore {
    #[pin("DISABLED")]
    pub deletion_protection: Option<String>,
}

fn main() {}
