//! AWS KMS building blocks: [`Key`], a customer-managed key with rotation, an alias and a typed key
//! policy that grants extend.

mod key;
mod services;

pub(crate) use key::key_or_own;
pub use key::{Key, KeyProps, KeyPropsBuilder, MAX_ALIAS_LEN};
pub use services::KEY_SERVICES;
