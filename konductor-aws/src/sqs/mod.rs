//! Amazon SQS building blocks: [`Queue`], encrypted with a customer-managed key, TLS only, with a
//! retention and an optional dead-letter queue.

mod queue;

pub use queue::{Queue, QueueProps, QueuePropsBuilder};
