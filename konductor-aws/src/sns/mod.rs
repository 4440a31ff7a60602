//! Amazon SNS building blocks: [`Topic`], encrypted with a customer-managed key, TLS only.

mod topic;

pub use topic::{Topic, TopicProps, TopicPropsBuilder};
