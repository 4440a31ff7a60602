//! Amazon S3 building blocks: [`Bucket`], private, encrypted, versioned and TLS-only, with lifecycle
//! rules, server access logs, GOVERNANCE object lock, event notifications and grants.

mod bucket;
mod lifecycle;
mod notification;

pub use bucket::{Bucket, BucketProps, BucketPropsBuilder};
pub use lifecycle::{LifecycleRule, ObjectLock, ObjectLockMode, StorageClass, ABORT_INCOMPLETE_UPLOAD_DAYS};
pub use notification::{BucketEvent, BucketNotification};
