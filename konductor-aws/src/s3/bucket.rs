//! [`Bucket`]: an S3 bucket with every secure default, and its grants.

use std::cell::RefCell;
use std::rc::Rc;

use derive_builder::Builder;
use konductor_core::{
    template, AsElement, AsScope, Attr, Construct, ElementRef, Error, Expr, GenericResource, IntoValue, Name, Result,
    Scope,
};

use super::lifecycle::{LifecycleRule, ObjectLock};
use super::notification::{BucketNotification, Destination, Notifications};
use crate::block::{same_provider, start, Start};
use crate::context::AwsContext;
use crate::grant::{check_key_provider, grant_identity, GrantStatement, Grantee, MergedPolicy};
use crate::iam::{Condition, PolicyValue, Principal, Statement};
use crate::kms::{key_or_own, Key};
use crate::l1::s3::{
    S3Bucket, S3BucketLifecycleConfiguration, S3BucketLogging, S3BucketObjectLockConfiguration,
    S3BucketObjectLockConfigurationRule, S3BucketObjectLockConfigurationRuleDefaultRetention,
    S3BucketOwnershipControls, S3BucketOwnershipControlsRule, S3BucketPolicy, S3BucketPublicAccessBlock,
    S3BucketServerSideEncryptionConfiguration, S3BucketServerSideEncryptionConfigurationRule,
    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefault, S3BucketVersioning,
    S3BucketVersioningVersioningConfiguration,
};
use crate::network::child_path;
use crate::props::IntoProps;
use crate::sns::Topic;
use crate::sqs::Queue;

const PROPS: &str = "BucketProps";

crate::props::into_props!(BucketProps, BucketPropsBuilder, PROPS);

const READ: [&str; 4] = ["s3:GetBucketLocation", "s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"];
const WRITE: [&str; 3] = ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject"];

/// The settings of a [`Bucket`]. `BucketProps::default()` is the secure default: a KMS key of its own,
/// versioning, every public access blocked, ACLs disabled, TLS only, the default lifecycle rule.
///
/// ```
/// use konductor_aws::s3::{BucketProps, LifecycleRule, ObjectLock, StorageClass};
/// let props = BucketProps::builder()
///     .name("payments-reports")
///     .lifecycle_rule(LifecycleRule::new("archive").transition(90, StorageClass::Glacier).expire_after_days(730))
///     .object_lock(ObjectLock::governance(30))
///     .build()
///     .unwrap();
/// # let _ = props;
/// ```
#[derive(Builder, Clone, Debug, Default)]
#[builder(pattern = "owned", default, build_fn(private, name = "assemble", error = "crate::props::Incomplete"))]
#[builder_struct_attr(must_use = "call `.build()` to get the props")]
pub struct BucketProps {
    /// The bucket name's base; the environment suffix is appended. Default: the construct path joined
    /// with `-`. Lowercase letters, digits and hyphens.
    #[builder(setter(into, strip_option))]
    name: Option<String>,
    /// The key objects are encrypted with (SSE-KMS, with S3 Bucket Keys). Default: a key of its own.
    #[builder(setter(strip_option))]
    key: Option<Key>,
    /// The named opt-out of SSE-KMS, for a bucket that receives logs a service writes only to SSE-S3
    /// (AES-256) buckets, such as load balancer access logs.
    #[builder(setter(custom))]
    s3_managed_encryption: bool,
    /// Lifecycle rules. Default: one rule aborting incomplete uploads after 7 days and removing
    /// noncurrent versions after 90.
    #[builder(setter(each(name = "lifecycle_rule")))]
    lifecycle_rules: Vec<LifecycleRule>,
    /// Where S3 server access logs of this bucket go, and the key prefix.
    #[builder(setter(custom))]
    access_logs: Option<(Bucket, String)>,
    /// Object lock with a default retention, GOVERNANCE mode only.
    #[builder(setter(strip_option))]
    object_lock: Option<ObjectLock>,
    /// Where the region, account and partition are read from; default: the key's, or data sources
    /// under the bucket.
    #[builder(setter(strip_option))]
    context: Option<AwsContext>,
}

impl BucketProps {
    /// Starts from the defaults.
    pub fn builder() -> BucketPropsBuilder {
        BucketPropsBuilder::default()
    }
}

impl BucketPropsBuilder {
    /// The named opt-out of SSE-KMS: objects are encrypted with S3-managed keys (SSE-S3, AES-256), for a
    /// bucket that receives logs a service writes only to SSE-S3 buckets, such as Elastic Load Balancing
    /// access logs. Everything else stays: versioning, public access blocked, TLS only, a policy denying
    /// other encryption. (S3 server access logs need no opt-out: they go to SSE-KMS buckets, whose key
    /// lets the S3 logging service in.)
    ///
    /// ```
    /// use konductor_aws::s3::BucketProps;
    /// let props = BucketProps::builder().name("alb-logs").s3_managed_encryption().build().unwrap();
    /// # let _ = props;
    /// ```
    pub fn s3_managed_encryption(mut self) -> Self {
        self.s3_managed_encryption = Some(true);
        self
    }

    /// Sends this bucket's S3 server access logs to `target` under the prefix `<bucket name>/`: the
    /// target's policy lets the S3 logging service write there for this bucket only, and the target's key
    /// lets the service encrypt them (for this account only).
    pub fn server_access_logs(self, target: &Bucket) -> Self {
        self.server_access_logs_with_prefix(target, "")
    }

    /// Sends this bucket's S3 server access logs to `target` under `prefix` (empty for
    /// `<bucket name>/`).
    pub fn server_access_logs_with_prefix(mut self, target: &Bucket, prefix: &str) -> Self {
        self.access_logs = Some(Some((target.clone(), prefix.to_string())));
        self
    }

    /// Checks and returns the props.
    pub fn build(self) -> Result<BucketProps> {
        let p = self.assemble().map_err(|e| e.into_error(PROPS))?;
        for (i, r) in p.lifecycle_rules.iter().enumerate() {
            r.check(PROPS)?;
            if p.lifecycle_rules[..i].iter().any(|o| o.id() == r.id()) {
                return Err(Error::invalid(
                    PROPS,
                    format!("lifecycle rule `{}` is given twice", r.id()),
                    "give each rule its own id",
                ));
            }
        }
        if let Some(lock) = &p.object_lock {
            lock.check(PROPS)?;
        }
        if p.s3_managed_encryption && p.key.is_some() {
            return Err(Error::invalid(
                PROPS,
                "a bucket with S3-managed encryption takes no KMS key",
                "drop `.key(...)` or `.s3_managed_encryption()`",
            ));
        }
        if let Some(n) = &p.name {
            if n.is_empty()
                || !n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                || n.starts_with('-')
            {
                return Err(Error::invalid(
                    PROPS,
                    format!("bucket name base `{n}` must be lowercase letters, digits and hyphens"),
                    "for example `payments-reports`",
                ));
            }
        }
        Ok(p)
    }
}

/// An S3 bucket with every secure default: SSE-KMS with its own or a given [`Key`] and S3 Bucket Keys,
/// versioning, the four public-access blocks, ACLs disabled (BucketOwnerEnforced), a policy that denies
/// requests without TLS and uploads that ask for another encryption or another key, lifecycle rules,
/// optional server access logs and GOVERNANCE object lock; `force_destroy` is pinned, so `terraform
/// destroy` removes it with its objects.
///
/// ```
/// use konductor_aws::s3::{Bucket, BucketProps};
/// let json = konductor_core::testing::synth(|stack| {
///     let b = Bucket::new(stack, "reports", BucketProps::builder().name("reports").build().unwrap()).unwrap();
///     assert_eq!(b.name().as_str(), "reports-test");
/// });
/// let (_, pab) = konductor_core::testing::resources(&json, "aws_s3_bucket_public_access_block")[0];
/// assert_eq!(pab["restrict_public_buckets"], true);
/// ```
///
/// The upload checks use `...IfExists`: an upload that names no encryption gets the bucket's default
/// (this key), so services that write without headers (log delivery) keep working, while one that asks
/// for AES-256 or another key is denied.
#[derive(Clone, Debug)]
pub struct Bucket {
    scope: Construct,
    bucket: S3Bucket,
    name: Name,
    key: Option<Key>,
    encryption: S3BucketServerSideEncryptionConfiguration,
    policy_resource: S3BucketPolicy,
    policy: MergedPolicy,
    context: AwsContext,
    notifications: Rc<RefCell<(Notifications, Option<ElementRef>)>>,
}

impl AsScope for Bucket {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

impl Bucket {
    /// A bucket under `scope` with `id`.
    pub fn new(scope: &impl AsScope, id: &str, props: impl IntoProps<BucketProps>) -> Result<Self> {
        let path = child_path(scope, id);
        let props = props.into_props(&path)?;
        if let Some(k) = &props.key {
            check_key_provider(&path, "bucket", k.scope(), scope.scope())?;
        }
        if let Some((target, _)) = &props.access_logs {
            if target.key.is_none() {
                return Err(Error::invalid(
                    &path,
                    format!(
                        "server access logs go to bucket {}, which has S3-managed encryption (an opt-out for services that need it)",
                        target.scope.path()
                    ),
                    "log to a bucket with its default SSE-KMS encryption: S3 server access logging writes to it with the key",
                ));
            }
            same_provider(
                &path,
                "the server access log bucket",
                target.scope(),
                scope.scope(),
                "keep the log bucket in the same account and region",
            )?;
        }
        let Start { construct, base, cx } =
            start(scope, id, props.name.as_ref(), props.key.as_ref(), props.context.as_ref());
        let key = match props.s3_managed_encryption {
            true => None,
            false => Some(key_or_own(props.key.as_ref(), &construct, &base, "S3 bucket", &cx)?),
        };
        let name = construct.name(&base);
        let mut b = S3Bucket::builder(&construct, "Default").bucket(&name).tags([("Name", &name)]);
        if props.object_lock.is_some() {
            b = b.object_lock_enabled(true);
        }
        let bucket = b.build();
        let versioning = S3BucketVersioning::builder(&construct, "versioning")
            .bucket(bucket.id())
            .versioning_configuration(S3BucketVersioningVersioningConfiguration::builder().status("Enabled").build())
            .build();
        let by_default = S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefault::builder();
        let by_default = match &key {
            Some(k) => by_default.sse_algorithm("aws:kms").kms_master_key_id(k.arn()).build(),
            None => by_default.sse_algorithm("AES256").build(),
        };
        let encryption = S3BucketServerSideEncryptionConfiguration::builder(&construct, "encryption")
            .bucket(bucket.id())
            .rule(vec![S3BucketServerSideEncryptionConfigurationRule::builder()
                .apply_server_side_encryption_by_default(by_default)
                .bucket_key_enabled(key.is_some())
                .build()])
            .build();
        let public_access = S3BucketPublicAccessBlock::builder(&construct, "public-access-block")
            .bucket(bucket.id())
            .block_public_acls(true)
            .block_public_policy(true)
            .ignore_public_acls(true)
            .restrict_public_buckets(true)
            .build();
        S3BucketOwnershipControls::builder(&construct, "ownership")
            .bucket(bucket.id())
            .rule(S3BucketOwnershipControlsRule::builder().object_ownership("BucketOwnerEnforced").build())
            .build();

        let objects: PolicyValue = template!("{}/*", bucket.arn()).into();
        let mut base_statements = vec![
            Statement::deny_insecure_transport("s3:*").resources([PolicyValue::from(bucket.arn()), objects.clone()]),
            Statement::deny()
                .sid("DenyOtherEncryption")
                .principal(Principal::anyone())
                .action("s3:PutObject")
                .resource(objects.clone())
                .condition(
                    Condition::string_not_equals(
                        "s3:x-amz-server-side-encryption",
                        if key.is_some() { "aws:kms" } else { "AES256" },
                    )
                    .if_exists(),
                ),
        ];
        if let Some(k) = &key {
            base_statements.push(
                Statement::deny()
                    .sid("DenyOtherKeys")
                    .principal(Principal::anyone())
                    .action("s3:PutObject")
                    .resource(objects)
                    .condition(
                        Condition::string_not_equals("s3:x-amz-server-side-encryption-aws-kms-key-id", k.arn())
                            .if_exists(),
                    ),
            );
        }
        let (policy_resource, policy) = MergedPolicy::attached(&construct, base_statements, |policy| {
            S3BucketPolicy::builder(&construct, "policy").bucket(bucket.id()).policy(policy).build()
        });
        policy_resource.depends_on(&public_access);

        let rules = if props.lifecycle_rules.is_empty() {
            vec![LifecycleRule::default_rule()]
        } else {
            props.lifecycle_rules.clone()
        };
        let lifecycle = S3BucketLifecycleConfiguration::builder(&construct, "lifecycle")
            .bucket(bucket.id())
            .rule(rules.iter().map(LifecycleRule::block).collect::<Vec<_>>())
            .build();
        lifecycle.depends_on(&versioning);

        if let Some(lock) = &props.object_lock {
            S3BucketObjectLockConfiguration::builder(&construct, "object-lock")
                .bucket(bucket.id())
                .rule(
                    S3BucketObjectLockConfigurationRule::builder()
                        .default_retention(
                            S3BucketObjectLockConfigurationRuleDefaultRetention::builder()
                                .mode("GOVERNANCE")
                                .days(lock.days())
                                .build(),
                        )
                        .build(),
                )
                .build()
                .depends_on(&versioning);
        }

        let this = Bucket {
            scope: construct,
            bucket,
            name,
            key,
            encryption,
            policy_resource,
            policy,
            context: cx,
            notifications: Rc::default(),
        };
        if let Some((target, prefix)) = &props.access_logs {
            let prefix = if prefix.is_empty() { format!("{}/", this.name.as_str()) } else { prefix.clone() };
            target.receive_access_logs_from(&this, &prefix)?;
            S3BucketLogging::builder(&this.scope, "access-logs")
                .bucket(this.bucket.id())
                .target_bucket(target.bucket.id())
                .target_prefix(prefix.as_str())
                .build();
        }
        Ok(this)
    }

    /// Lets S3 write server access logs of `source` under `prefix`, encrypted with this bucket's key
    /// (checked by [`Bucket::new`]).
    fn receive_access_logs_from(&self, source: &Bucket, prefix: &str) -> Result<()> {
        if let Some(key) = &self.key {
            key.grant_to_service("logging.s3")?;
        }
        self.policy.grant(
            GrantStatement::allow("AllowServerAccessLogs")
                .service_principal("logging.s3.amazonaws.com")
                .actions(["s3:PutObject"])
                .resource(template!("{}/{}*", self.bucket.arn(), prefix))
                .condition(Condition::arn_like("aws:SourceArn", source.bucket.arn()))
                .condition(Condition::string_equals("aws:SourceAccount", self.context.account_id())),
        );
        Ok(())
    }

    /// The bucket's ARN.
    pub fn arn(&self) -> Attr<String> {
        self.bucket.arn()
    }

    /// The ARN of every object: `<arn>/*`.
    pub fn objects_arn(&self) -> Expr {
        template!("{}/*", self.bucket.arn())
    }

    /// The bucket's name, with the environment suffix.
    pub fn name(&self) -> &Name {
        &self.name
    }

    /// The `aws_s3_bucket` resource.
    pub fn bucket(&self) -> &S3Bucket {
        &self.bucket
    }

    /// The key objects are encrypted with; `None` with [`BucketPropsBuilder::s3_managed_encryption`].
    pub fn key(&self) -> Option<&Key> {
        self.key.as_ref()
    }

    /// The default-encryption resource (for `depends_on` of writers that must not start before it).
    pub fn encryption(&self) -> &S3BucketServerSideEncryptionConfiguration {
        &self.encryption
    }

    /// The `aws_s3_bucket_policy` resource.
    pub fn policy(&self) -> &S3BucketPolicy {
        &self.policy_resource
    }

    /// The context the bucket reads its account from.
    pub fn context(&self) -> &AwsContext {
        &self.context
    }

    /// Adds a statement of your own to the bucket policy (service deliveries, say): it needs a `Sid`
    /// and must pass the policy checks; statements are kept by id.
    ///
    /// ```
    /// use konductor_aws::iam::{Principal, Statement};
    /// use konductor_aws::s3::{Bucket, BucketProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let b = Bucket::new(stack, "logs", BucketProps::default()).unwrap();
    ///     b.add_to_resource_policy(
    ///         Statement::allow().sid("DeliveryAclCheck").principal(Principal::service("delivery.logs.amazonaws.com"))
    ///             .action("s3:GetBucketAcl").resource(b.arn()),
    ///     ).unwrap();
    /// });
    /// ```
    pub fn add_to_resource_policy(&self, statement: Statement) -> Result<()> {
        self.policy.add_statement(statement, "a bucket policy")
    }

    fn grant(
        &self,
        grantee: &impl Grantee,
        what: &str,
        kind: &str,
        actions: &[&str],
        read: bool,
        write: bool,
    ) -> Result<()> {
        let what = format!("{what} on bucket {}", self.scope.path());
        let mut resources: Vec<PolicyValue> = vec![self.objects_arn().into()];
        if read {
            resources.push(self.arn().into());
        }
        grant_identity(self.scope.scope(), grantee, &what, kind, actions, resources)?;
        match (&self.key, read, write) {
            (Some(k), _, true) => k.grant_encrypt_decrypt(grantee)?,
            (Some(k), true, false) => k.grant_decrypt(grantee)?,
            _ => {}
        }
        Ok(())
    }

    /// Lets `grantee` list the bucket and read objects and their versions; its key policy lets it
    /// decrypt.
    ///
    /// ```
    /// use konductor_aws::iam::{Role, RoleProps, Trust};
    /// use konductor_aws::s3::{Bucket, BucketProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let role = Role::new(stack, "reader", RoleProps::builder().trust(Trust::service("lambda")).build().unwrap()).unwrap();
    ///     Bucket::new(stack, "data", BucketProps::default()).unwrap().grant_read(&role).unwrap();
    /// });
    /// ```
    pub fn grant_read(&self, grantee: &impl Grantee) -> Result<()> {
        self.grant(grantee, "read", "S3Read", &READ, true, false)
    }

    /// Lets `grantee` put, delete and abort uploads of objects; its key policy lets it encrypt and
    /// decrypt (multipart uploads decrypt).
    pub fn grant_write(&self, grantee: &impl Grantee) -> Result<()> {
        self.grant(grantee, "write", "S3Write", &WRITE, false, true)
    }

    /// [`Bucket::grant_read`] and [`Bucket::grant_write`] in one statement.
    pub fn grant_read_write(&self, grantee: &impl Grantee) -> Result<()> {
        let all: Vec<&str> = READ.iter().chain(&WRITE).copied().collect();
        self.grant(grantee, "read and write", "S3ReadWrite", &all, true, true)
    }

    /// Sends notifications of `events` to `queue`: the queue's policy lets S3 send for this bucket only
    /// (`aws:SourceArn`, `aws:SourceAccount`) and its key lets S3 encrypt. Notifications whose events and
    /// key filters overlap are an error (S3 refuses them); giving the same one twice is giving it once.
    ///
    /// ```
    /// use konductor_aws::s3::{Bucket, BucketEvent, BucketNotification, BucketProps};
    /// use konductor_aws::sqs::{Queue, QueueProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let uploads = Bucket::new(stack, "uploads", BucketProps::default()).unwrap();
    ///     let jobs = Queue::new(stack, "jobs", QueueProps::default()).unwrap();
    ///     uploads.notify_queue(&jobs, BucketNotification::on([BucketEvent::ObjectCreated]).prefix("incoming/")).unwrap();
    /// });
    /// ```
    pub fn notify_queue(&self, queue: &Queue, events: BucketNotification) -> Result<()> {
        let path = self.scope.path();
        same_provider(
            &path,
            "queue",
            queue.scope(),
            self.scope(),
            "notify a queue of the bucket's account and region",
        )?;
        let to = Destination { block: "queue", path: queue.scope().path(), arn: queue.arn().into_val() };
        self.add_notification(to, events, queue.policy())?;
        queue.allow_service_send("s3", self.arn())
    }

    /// Sends notifications of `events` to `topic`: the topic's policy lets S3 publish for this bucket
    /// only and its key lets S3 encrypt; see [`Bucket::notify_queue`].
    pub fn notify_topic(&self, topic: &Topic, events: BucketNotification) -> Result<()> {
        let path = self.scope.path();
        same_provider(
            &path,
            "topic",
            topic.scope(),
            self.scope(),
            "notify a topic of the bucket's account and region",
        )?;
        let to = Destination { block: "topic", path: topic.scope().path(), arn: topic.arn().into_val() };
        self.add_notification(to, events, topic.policy())?;
        topic.allow_bucket_notifications(self.arn())
    }

    /// Sends every event of the bucket to Amazon EventBridge (the account's default event bus).
    pub fn notify_eventbridge(&self) {
        let mut state = self.notifications.borrow_mut();
        state.0.eventbridge = true;
        let resource = self.notification_resource(&mut state.1);
        resource.set_attribute("eventbridge", true);
    }

    fn add_notification(&self, to: Destination, events: BucketNotification, policy: &impl AsElement) -> Result<()> {
        let block = to.block;
        let mut state = self.notifications.borrow_mut();
        state.0.add(&self.scope.path(), to, events)?;
        let blocks = state.0.blocks(block);
        let resource = self.notification_resource(&mut state.1);
        resource.set_attribute(block, blocks);
        // S3 checks that it may send to the destination when the configuration is put.
        resource.depends_on_in_address_order(policy);
        Ok(())
    }

    /// The bucket's one `aws_s3_bucket_notification` (S3 holds one configuration a bucket), made with the
    /// first notification.
    fn notification_resource(&self, slot: &mut Option<ElementRef>) -> ElementRef {
        slot.get_or_insert_with(|| {
            let r = GenericResource::new(&self.scope, "notification", "aws_s3_bucket_notification")
                .set("bucket", self.bucket.id());
            r.element().clone()
        })
        .clone()
    }
}
