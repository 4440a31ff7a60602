//! [`AwsContext`]: the region, account and partition a construct is deployed to, read from data sources
//! (so that no stack hard-codes them) and created only when something uses them.

use std::cell::OnceCell;
use std::rc::Rc;

use konductor_core::{template, AsScope, Attr, Expr, Scope};

use crate::l1::meta::{DataPartition, DataRegion};
use crate::l1::sts::DataCallerIdentity;

/// The region, account and partition of the resources under a scope, as Terraform reads them from the
/// `aws_region`, `aws_caller_identity` and `aws_partition` data sources.
///
/// The data sources sit under the scope given to [`AwsContext::new`] (ids `region`, `account`,
/// `partition`) and are created the first time they are used, so a context costs nothing until it is
/// read. Building blocks share one when it is given to their props (`KeyProps::builder().context(cx)`);
/// otherwise each makes its own under itself. Clones share the same data sources.
///
/// ```
/// use konductor_aws::AwsContext;
/// use konductor_core::testing;
/// let json = testing::synth(|stack| {
///     let cx = AwsContext::new(stack);
///     assert_eq!(cx.account_id().to_string(), "${data.aws_caller_identity.account.account_id}");
/// });
/// assert!(json["data"].get("aws_region").is_none(), "unused parts are not created");
/// ```
#[derive(Clone, Debug)]
pub struct AwsContext(Rc<Inner>);

#[derive(Debug)]
struct Inner {
    scope: Scope,
    region: OnceCell<DataRegion>,
    account: OnceCell<DataCallerIdentity>,
    partition: OnceCell<DataPartition>,
}

impl AwsContext {
    /// A context whose data sources go under `scope` when first used.
    ///
    /// ```
    /// use konductor_aws::AwsContext;
    /// konductor_core::testing::synth(|stack| {
    ///     let cx = AwsContext::new(stack);
    ///     assert_eq!(cx.region().to_string(), "${data.aws_region.region.region}");
    /// });
    /// ```
    pub fn new(scope: &impl AsScope) -> Self {
        AwsContext(Rc::new(Inner {
            scope: scope.scope().clone(),
            region: OnceCell::new(),
            account: OnceCell::new(),
            partition: OnceCell::new(),
        }))
    }

    /// The `aws_region` data source.
    pub fn region_data(&self) -> &DataRegion {
        self.0.region.get_or_init(|| DataRegion::builder(&self.0.scope, "region").build())
    }

    /// The `aws_caller_identity` data source.
    pub fn account_data(&self) -> &DataCallerIdentity {
        self.0.account.get_or_init(|| DataCallerIdentity::builder(&self.0.scope, "account").build())
    }

    /// The `aws_partition` data source.
    pub fn partition_data(&self) -> &DataPartition {
        self.0.partition.get_or_init(|| DataPartition::builder(&self.0.scope, "partition").build())
    }

    /// The region: `${data.aws_region.region.region}`.
    pub fn region(&self) -> Attr<String> {
        self.region_data().region()
    }

    /// The account id: `${data.aws_caller_identity.account.account_id}`.
    pub fn account_id(&self) -> Attr<String> {
        self.account_data().account_id()
    }

    /// The partition: `aws`, `aws-cn`, `aws-us-gov`.
    pub fn partition(&self) -> Attr<String> {
        self.partition_data().partition()
    }

    /// The partition's DNS suffix: `amazonaws.com`.
    pub fn dns_suffix(&self) -> Attr<String> {
        self.partition_data().dns_suffix()
    }

    /// The ARN of the account's root principal, which stands for the whole account in policies:
    /// `arn:${partition}:iam::${account}:root`.
    ///
    /// ```
    /// use konductor_aws::AwsContext;
    /// konductor_core::testing::synth(|stack| {
    ///     let root = AwsContext::new(stack).account_root_arn().to_string();
    ///     assert_eq!(root, "arn:${data.aws_partition.partition.partition}:iam::${data.aws_caller_identity.account.account_id}:root");
    /// });
    /// ```
    pub fn account_root_arn(&self) -> Expr {
        template!("arn:{}:iam::{}:root", self.partition(), self.account_id())
    }

    /// The ARN of a resource of this account and region: `arn:${partition}:SERVICE:${region}:${account}:REST`.
    pub fn arn(&self, service: &str, rest: impl konductor_core::TemplateArg) -> Expr {
        template!("arn:{}:{}:{}:{}:{}", self.partition(), service, self.region(), self.account_id(), rest)
    }

    /// The scope the data sources go under.
    pub fn scope(&self) -> &Scope {
        &self.0.scope
    }
}
