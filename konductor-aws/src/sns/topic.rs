//! [`Topic`]: an SNS topic encrypted with a [`Key`], a TLS-only topic policy, and its grants.

use derive_builder::Builder;
use konductor_core::{AsElement, AsScope, Attr, Construct, Error, Name, Result, Scope};

use crate::block::{same_provider, start, Start};
use crate::context::AwsContext;
use crate::grant::{check_key_provider, grant_identity, sid_for, GrantStatement, Grantee, MergedPolicy};
use crate::iam::{Condition, Statement};
use crate::kms::{key_or_own, Key};
use crate::l1::sns::{SnsTopic, SnsTopicPolicy, SnsTopicSubscription};
use crate::network::child_path;
use crate::props::{path_name_base, IntoProps};
use crate::sqs::Queue;

const PROPS: &str = "TopicProps";

crate::props::into_props!(TopicProps, TopicPropsBuilder, PROPS);

/// The services that can be allowed to publish to a topic with [`Topic::grant_publish_to_service`].
const PUBLISHING_SERVICES: [&str; 4] = ["cloudwatch", "events", "s3", "cloudtrail"];

/// The settings of a [`Topic`]. `TopicProps::default()`: a key of its own, a name from the construct
/// path.
///
/// ```
/// use konductor_aws::sns::TopicProps;
/// let props = TopicProps::builder().name("alerts").display_name("Alerts").build().unwrap();
/// # let _ = props;
/// ```
#[derive(Builder, Clone, Debug, Default)]
#[builder(pattern = "owned", default, build_fn(private, name = "assemble", error = "crate::props::Incomplete"))]
#[builder_struct_attr(must_use = "call `.build()` to get the props")]
pub struct TopicProps {
    /// The topic name's base; the environment suffix is appended. Default: the construct path joined
    /// with `-`.
    #[builder(setter(into, strip_option))]
    name: Option<String>,
    /// The display name (SMS and email subscribers see it).
    #[builder(setter(into, strip_option))]
    display_name: Option<String>,
    /// The key messages are encrypted with. Default: a key of its own.
    #[builder(setter(strip_option))]
    key: Option<Key>,
    /// Where the region, account and partition are read from; default: the key's, or data sources
    /// under the topic.
    #[builder(setter(strip_option))]
    context: Option<AwsContext>,
}

impl TopicProps {
    /// Starts from the defaults.
    pub fn builder() -> TopicPropsBuilder {
        TopicPropsBuilder::default()
    }
}

impl TopicPropsBuilder {
    /// Checks and returns the props.
    pub fn build(self) -> Result<TopicProps> {
        let p = self.assemble().map_err(|e| e.into_error(PROPS))?;
        if let Some(n) = &p.name {
            if n.is_empty() || !n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                return Err(Error::invalid(
                    PROPS,
                    format!("topic name base `{n}` is not an SNS topic name"),
                    "use letters, digits, `-` and `_`",
                ));
            }
        }
        if p.display_name.as_ref().is_some_and(|d| d.len() > 100) {
            return Err(Error::invalid(PROPS, "the display name is over 100 characters", "shorten it"));
        }
        Ok(p)
    }
}

/// An SNS topic: encrypted with a customer-managed key (its own by default) and a policy that denies
/// publishing without TLS.
///
/// ```
/// use konductor_aws::sns::{Topic, TopicProps};
/// let json = konductor_core::testing::synth(|stack| {
///     let t = Topic::new(stack, "alerts", TopicProps::default()).unwrap();
///     assert_eq!(t.name().as_str(), "test-alerts-test");
/// });
/// assert_eq!(konductor_core::testing::resources(&json, "aws_sns_topic_policy").len(), 1);
/// ```
#[derive(Clone, Debug)]
pub struct Topic {
    scope: Construct,
    topic: SnsTopic,
    name: Name,
    key: Key,
    policy_resource: SnsTopicPolicy,
    policy: MergedPolicy,
    context: AwsContext,
}

impl AsScope for Topic {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

impl Topic {
    /// A topic under `scope` with `id`.
    pub fn new(scope: &impl AsScope, id: &str, props: impl IntoProps<TopicProps>) -> Result<Self> {
        let path = child_path(scope, id);
        let props = props.into_props(&path)?;
        if let Some(k) = &props.key {
            check_key_provider(&path, "topic", k.scope(), scope.scope())?;
        }
        let Start { construct, base, cx } =
            start(scope, id, props.name.as_ref(), props.key.as_ref(), props.context.as_ref());
        let key = key_or_own(props.key.as_ref(), &construct, &base, "SNS topic", &cx)?;
        let name = construct.name(&base);
        let mut b =
            SnsTopic::builder(&construct, "Default").name(&name).kms_master_key_id(key.arn()).tags([("Name", &name)]);
        if let Some(d) = &props.display_name {
            b = b.display_name(d.as_str());
        }
        let topic = b.build();
        let policy = MergedPolicy::new(
            path.clone(),
            "policy",
            vec![Statement::deny_insecure_transport("sns:Publish").resource(topic.arn())],
        );
        let policy_resource = SnsTopicPolicy::builder(&construct, "policy")
            .arn(topic.arn())
            .policy(policy.document().to_value(&construct))
            .build();
        policy.attach(policy_resource.element().clone());
        Ok(Topic { scope: construct, topic, name, key, policy_resource, policy, context: cx })
    }

    /// The topic's ARN.
    pub fn arn(&self) -> Attr<String> {
        self.topic.arn()
    }

    /// The topic's name, with the environment suffix.
    pub fn name(&self) -> &Name {
        &self.name
    }

    /// The `aws_sns_topic` resource.
    pub fn sns_topic(&self) -> &SnsTopic {
        &self.topic
    }

    /// The `aws_sns_topic_policy` resource.
    pub fn policy(&self) -> &SnsTopicPolicy {
        &self.policy_resource
    }

    /// The key messages are encrypted with.
    pub fn key(&self) -> &Key {
        &self.key
    }

    /// Lets `grantee` publish (`sns:Publish` on this topic); the key policy lets it make data keys.
    ///
    /// ```
    /// use konductor_aws::iam::{Role, RoleProps, Trust};
    /// use konductor_aws::sns::{Topic, TopicProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let app = Role::new(stack, "app", RoleProps::builder().trust(Trust::service("lambda")).build().unwrap()).unwrap();
    ///     Topic::new(stack, "alerts", TopicProps::default()).unwrap().grant_publish(&app).unwrap();
    /// });
    /// ```
    pub fn grant_publish(&self, grantee: &impl Grantee) -> Result<()> {
        let what = format!("publish on topic {}", self.scope.path());
        grant_identity(self.scope.scope(), grantee, &what, "SnsPublish", &["sns:Publish"], [self.arn()])?;
        self.key.grant_data_keys(grantee)
    }

    /// Lets an AWS service of this account publish (CloudWatch alarms `cloudwatch`, EventBridge rules
    /// `events`, S3 notifications `s3`, `cloudtrail`): the topic policy allows it with
    /// `aws:SourceAccount`, and the key policy lets it use the key.
    ///
    /// ```
    /// use konductor_aws::sns::{Topic, TopicProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let t = Topic::new(stack, "alarms", TopicProps::default()).unwrap();
    ///     t.grant_publish_to_service("cloudwatch").unwrap();
    ///     assert!(t.grant_publish_to_service("lambda").is_err());
    /// });
    /// ```
    pub fn grant_publish_to_service(&self, service: &str) -> Result<()> {
        if !PUBLISHING_SERVICES.contains(&service) {
            return Err(Error::invalid(
                self.scope.path(),
                format!("`{service}` is not a service konductor lets publish to a topic"),
                format!("use one of {}, or grant a role with `grant_publish`", PUBLISHING_SERVICES.join(", ")),
            ));
        }
        self.key.grant_to_service(service)?;
        self.policy.grant(
            GrantStatement::allow(sid_for("AllowService", service))
                .service_principal(format!("{service}.amazonaws.com"))
                .actions(["sns:Publish"])
                .resource(self.arn())
                .condition(Condition::source_account(self.context.account_id())),
        );
        Ok(())
    }

    /// Lets S3 publish notifications of the bucket with ARN `bucket_arn` (of this account): the topic
    /// policy's `AllowS3Notifications` names every such bucket, and the key policy lets S3 use the key.
    pub(crate) fn allow_bucket_notifications(&self, bucket_arn: Attr<String>) -> Result<()> {
        self.key.grant_to_service("s3")?;
        self.policy.grant(
            GrantStatement::allow("AllowS3Notifications")
                .service_principal("s3.amazonaws.com")
                .actions(["sns:Publish"])
                .resource(self.arn())
                .condition(Condition::arn_like("aws:SourceArn", bucket_arn))
                .condition(Condition::source_account(self.context.account_id())),
        );
        Ok(())
    }

    /// Subscribes `queue`: messages published here are sent to it (the queue's policy and key let this
    /// topic in, and nothing else of SNS).
    ///
    /// ```
    /// use konductor_aws::sns::{Topic, TopicProps};
    /// use konductor_aws::sqs::{Queue, QueueProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let t = Topic::new(stack, "orders", TopicProps::default()).unwrap();
    ///     t.subscribe_queue(&Queue::new(stack, "billing", QueueProps::default()).unwrap()).unwrap();
    /// });
    /// ```
    pub fn subscribe_queue(&self, queue: &Queue) -> Result<SnsTopicSubscription> {
        let path = self.scope.path();
        same_provider(
            &path,
            "queue",
            queue.scope(),
            self.scope(),
            "subscribe a queue of the topic's account and region",
        )?;
        queue.allow_service_send("sns", self.arn())?;
        let id = format!("subscription-{}", path_name_base(&queue.path()));
        let sub = SnsTopicSubscription::builder(&self.scope, &id)
            .topic_arn(self.arn())
            .protocol("sqs")
            .endpoint(queue.arn())
            .build();
        sub.depends_on(queue.policy());
        Ok(sub)
    }
}
