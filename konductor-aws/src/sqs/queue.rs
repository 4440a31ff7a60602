//! [`Queue`]: an SQS queue encrypted with a [`Key`], a TLS-only queue policy, a retention, an optional
//! dead-letter queue, and its grants.

use derive_builder::Builder;
use konductor_core::{template, AsScope, Attr, Construct, Error, Name, Result, Scope, Val};

use crate::block::{same_provider, start, Start};
use crate::context::AwsContext;
use crate::grant::{check_key_provider, grant_identity, sid_for, GrantStatement, Grantee, MergedPolicy};
use crate::iam::{Condition, Statement};
use crate::kms::{key_or_own, Key};
use crate::l1::sqs::{SqsQueue, SqsQueuePolicy};
use crate::network::child_path;
use crate::props::IntoProps;

const PROPS: &str = "QueueProps";

crate::props::into_props!(QueueProps, QueuePropsBuilder, PROPS);

const SEND: [&str; 3] = ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"];
const CONSUME: [&str; 5] = [
    "sqs:ChangeMessageVisibility",
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
    "sqs:GetQueueUrl",
    "sqs:ReceiveMessage",
];

/// The settings of a [`Queue`]. `QueueProps::default()`: a key of its own, messages kept 4 days, a
/// 30-second visibility timeout, no dead-letter queue.
///
/// ```
/// use konductor_aws::sqs::QueueProps;
/// let props = QueueProps::builder().retention_days(14).visibility_timeout_seconds(120).build().unwrap();
/// # let _ = props;
/// let e = QueueProps::builder().retention_days(15).build().unwrap_err();
/// assert!(e.to_string().contains("1 to 14 days"), "{e}");
/// ```
#[derive(Builder, Clone, Debug)]
#[builder(pattern = "owned", default, build_fn(private, name = "assemble", error = "crate::props::Incomplete"))]
#[builder_struct_attr(must_use = "call `.build()` to get the props")]
pub struct QueueProps {
    /// The queue name's base; the environment suffix is appended. Default: the construct path joined
    /// with `-`.
    #[builder(setter(into, strip_option))]
    name: Option<String>,
    /// The key messages are encrypted with. Default: a key of its own.
    #[builder(setter(strip_option))]
    key: Option<Key>,
    /// Days a message is kept, 1 to 14 (default 4).
    retention_days: u32,
    /// Seconds a message is kept, 60 to 1209600, instead of days: for messages that are stale within
    /// minutes (Karpenter's interruption notices: 300).
    ///
    /// ```
    /// use konductor_aws::sqs::QueueProps;
    /// let props = QueueProps::builder().retention_seconds(300).build().unwrap();
    /// # let _ = props;
    /// let e = QueueProps::builder().retention_seconds(30).build().unwrap_err();
    /// assert!(e.to_string().contains("60 to 1209600 seconds"), "{e}");
    /// ```
    #[builder(setter(strip_option))]
    retention_seconds: Option<u32>,
    /// Seconds a received message stays hidden from other consumers, 0 to 43200 (default 30).
    visibility_timeout_seconds: u32,
    /// The dead-letter queue and how many receives send a message there.
    #[builder(setter(custom))]
    dead_letter: Option<(Queue, u32)>,
    /// Where the region, account and partition are read from; default: the key's, or data sources
    /// under the queue.
    #[builder(setter(strip_option))]
    context: Option<AwsContext>,
}

impl Default for QueueProps {
    fn default() -> Self {
        QueueProps {
            name: None,
            key: None,
            retention_days: 4,
            retention_seconds: None,
            visibility_timeout_seconds: 30,
            dead_letter: None,
            context: None,
        }
    }
}

impl QueueProps {
    /// Starts from the defaults.
    pub fn builder() -> QueuePropsBuilder {
        QueuePropsBuilder::default()
    }

    /// The retention in seconds.
    fn seconds(&self) -> u32 {
        self.retention_seconds.unwrap_or(self.retention_days * 86400)
    }
}

/// A retention as the messages say it: `14 days`, or `300 seconds`.
fn retention_text(seconds: u32) -> String {
    if seconds.is_multiple_of(86400) {
        format!("{} days", seconds / 86400)
    } else {
        format!("{seconds} seconds")
    }
}

impl QueuePropsBuilder {
    /// Messages received `max_receive_count` times (1 to 1000) without being deleted move to `queue`.
    ///
    /// ```
    /// use konductor_aws::sqs::{Queue, QueueProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let dlq = Queue::new(stack, "jobs-dlq", QueueProps::builder().retention_days(14).build().unwrap()).unwrap();
    ///     Queue::new(stack, "jobs", QueueProps::builder().dead_letter_queue(&dlq, 5).build().unwrap()).unwrap();
    /// });
    /// ```
    pub fn dead_letter_queue(mut self, queue: &Queue, max_receive_count: u32) -> Self {
        self.dead_letter = Some(Some((queue.clone(), max_receive_count)));
        self
    }

    /// Checks and returns the props.
    pub fn build(self) -> Result<QueueProps> {
        let p = self.assemble().map_err(|e| e.into_error(PROPS))?;
        if !(1..=14).contains(&p.retention_days) {
            return Err(Error::invalid(
                PROPS,
                format!("a message retention of {} days is outside what SQS accepts", p.retention_days),
                "give 1 to 14 days",
            ));
        }
        if let Some(seconds) = p.retention_seconds {
            if !(60..=1_209_600).contains(&seconds) {
                return Err(Error::invalid(
                    PROPS,
                    format!("a message retention of {seconds} seconds is outside what SQS accepts"),
                    "give 60 to 1209600 seconds (14 days)",
                ));
            }
        }
        if p.visibility_timeout_seconds > 43200 {
            return Err(Error::invalid(
                PROPS,
                format!("a visibility timeout of {} seconds is over SQS's 12 hours", p.visibility_timeout_seconds),
                "give 0 to 43200 seconds",
            ));
        }
        if let Some((dlq, count)) = &p.dead_letter {
            if !(1..=1000).contains(count) {
                return Err(Error::invalid(
                    PROPS,
                    format!("a max receive count of {count}"),
                    "give 1 to 1000 receives",
                ));
            }
            if dlq.retention_seconds < p.seconds() {
                return Err(Error::invalid(
                    PROPS,
                    format!(
                        "the dead-letter queue {} keeps messages {}, less than this queue's {}: a message's age counts from when it was first sent, so it could expire there on arrival",
                        dlq.scope.path(),
                        retention_text(dlq.retention_seconds),
                        retention_text(p.seconds())
                    ),
                    "keep dead-letter messages longer (14 days is usual)",
                ));
            }
        }
        if let Some(n) = &p.name {
            if n.is_empty() || !n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                return Err(Error::invalid(
                    PROPS,
                    format!("queue name base `{n}` is not an SQS queue name"),
                    "use letters, digits, `-` and `_`",
                ));
            }
        }
        Ok(p)
    }
}

/// An SQS queue: encrypted with a customer-managed key (its own by default, data keys reused 5
/// minutes), a policy that denies requests without TLS, a retention (4 days by default), an optional
/// dead-letter queue.
///
/// ```
/// use konductor_aws::sqs::{Queue, QueueProps};
/// let json = konductor_core::testing::synth(|stack| {
///     let q = Queue::new(stack, "jobs", QueueProps::default()).unwrap();
///     assert_eq!(q.name().as_str(), "test-jobs-test");
/// });
/// let (_, q) = konductor_core::testing::resources(&json, "aws_sqs_queue")[0];
/// assert_eq!(q["message_retention_seconds"], 345600);
/// ```
#[derive(Clone, Debug)]
pub struct Queue {
    scope: Construct,
    queue: SqsQueue,
    name: Name,
    key: Key,
    retention_seconds: u32,
    policy_resource: SqsQueuePolicy,
    policy: MergedPolicy,
    context: AwsContext,
}

impl AsScope for Queue {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

impl Queue {
    /// A queue under `scope` with `id`.
    pub fn new(scope: &impl AsScope, id: &str, props: impl IntoProps<QueueProps>) -> Result<Self> {
        let path = child_path(scope, id);
        let props = props.into_props(&path)?;
        if let Some(k) = &props.key {
            check_key_provider(&path, "queue", k.scope(), scope.scope())?;
        }
        if let Some((dlq, _)) = &props.dead_letter {
            same_provider(
                &path,
                "the dead-letter queue",
                dlq.scope(),
                scope.scope(),
                "give a dead-letter queue of the same account and region",
            )?;
        }
        let Start { construct, base, cx } =
            start(scope, id, props.name.as_ref(), props.key.as_ref(), props.context.as_ref());
        let key = key_or_own(props.key.as_ref(), &construct, &base, "SQS queue", &cx)?;
        let name = construct.name(&base);
        let mut b = SqsQueue::builder(&construct, "Default")
            .name(&name)
            .kms_master_key_id(key.arn())
            .kms_data_key_reuse_period_seconds(300)
            .message_retention_seconds(props.seconds())
            .visibility_timeout_seconds(props.visibility_timeout_seconds)
            .tags([("Name", &name)]);
        if let Some((dlq, count)) = &props.dead_letter {
            b = b.redrive_policy(Val::Expr(template!(
                "{{\"deadLetterTargetArn\":\"{}\",\"maxReceiveCount\":{}}}",
                dlq.arn(),
                count.to_string()
            )));
        }
        let queue = b.build();
        let (policy_resource, policy) = MergedPolicy::attached(
            &construct,
            vec![Statement::deny_insecure_transport("sqs:*").resource(queue.arn())],
            |policy| SqsQueuePolicy::builder(&construct, "policy").queue_url(queue.url()).policy(policy).build(),
        );
        Ok(Queue {
            scope: construct,
            queue,
            name,
            key,
            retention_seconds: props.seconds(),
            policy_resource,
            policy,
            context: cx,
        })
    }

    /// The queue's ARN.
    pub fn arn(&self) -> Attr<String> {
        self.queue.arn()
    }

    /// The queue's URL.
    pub fn url(&self) -> Attr<String> {
        self.queue.url()
    }

    /// The queue's name, with the environment suffix.
    pub fn name(&self) -> &Name {
        &self.name
    }

    /// The `aws_sqs_queue` resource.
    pub fn sqs_queue(&self) -> &SqsQueue {
        &self.queue
    }

    /// The `aws_sqs_queue_policy` resource.
    pub fn policy(&self) -> &SqsQueuePolicy {
        &self.policy_resource
    }

    /// The key messages are encrypted with.
    pub fn key(&self) -> &Key {
        &self.key
    }

    fn grant(&self, grantee: &impl Grantee, what: &str, kind: &str, actions: &[&str]) -> Result<()> {
        let what = format!("{what} on queue {}", self.scope.path());
        grant_identity(self.scope.scope(), grantee, &what, kind, actions, [self.arn()]).map(drop)
    }

    /// Lets `grantee` send messages (`sqs:SendMessage`, `sqs:GetQueueUrl`, `sqs:GetQueueAttributes`);
    /// the key policy lets it make data keys (`kms:GenerateDataKey*`, `kms:Decrypt`).
    ///
    /// ```
    /// use konductor_aws::iam::{Role, RoleProps, Trust};
    /// use konductor_aws::sqs::{Queue, QueueProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let producer = Role::new(stack, "producer", RoleProps::builder().trust(Trust::service("lambda")).build().unwrap()).unwrap();
    ///     Queue::new(stack, "jobs", QueueProps::default()).unwrap().grant_send(&producer).unwrap();
    /// });
    /// ```
    pub fn grant_send(&self, grantee: &impl Grantee) -> Result<()> {
        self.grant(grantee, "send", "SqsSend", &SEND)?;
        self.key.grant_data_keys(grantee)
    }

    /// Lets `grantee` receive, delete and hide messages; the key policy lets it decrypt.
    pub fn grant_consume(&self, grantee: &impl Grantee) -> Result<()> {
        self.grant(grantee, "consume", "SqsConsume", &CONSUME)?;
        self.key.grant_decrypt(grantee)
    }

    /// Lets the AWS service `service` (`sns`, `s3`, `events`) send messages for the resource
    /// `source_arn` of this account: the queue policy allows it (`aws:SourceArn`, `aws:SourceAccount`)
    /// and the key policy lets the service use the key.
    pub(crate) fn allow_service_send(&self, service: &str, source_arn: Attr<String>) -> Result<()> {
        self.key.grant_to_service(service)?;
        self.policy.grant(
            GrantStatement::allow(sid_for("AllowService", service))
                .service_principal(format!("{service}.amazonaws.com"))
                .actions(["sqs:SendMessage"])
                .resource(self.arn())
                .condition(Condition::arn_like("aws:SourceArn", source_arn))
                .condition(Condition::source_account(self.context.account_id())),
        );
        Ok(())
    }
}
