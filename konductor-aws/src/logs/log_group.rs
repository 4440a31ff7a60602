//! [`LogGroup`]: a CloudWatch Logs group encrypted with a customer-managed [`Key`] and a retention that
//! must be chosen ("never expire" only through a named opt-out with a reason).

use derive_builder::Builder;
use konductor_core::{template, AsScope, Attr, Construct, Error, Expr, Name, Result, Scope};

use crate::context::AwsContext;
use crate::grant::{check_key_provider, grant_identity, Grantee};
use crate::iam::PolicyValue;
use crate::kms::{key_or_own, Key};
use crate::l1::logs::CloudwatchLogGroup;
use crate::network::child_path;
use crate::props::{path_name_base, IntoProps};

const PROPS: &str = "LogGroupProps";

crate::props::into_props!(LogGroupProps, LogGroupPropsBuilder, PROPS);

/// The retention periods CloudWatch Logs accepts, in days.
///
/// ```
/// use konductor_aws::logs::LOG_RETENTION_DAYS;
/// assert!(LOG_RETENTION_DAYS.contains(&365) && !LOG_RETENTION_DAYS.contains(&364));
/// ```
pub const LOG_RETENTION_DAYS: [u32; 22] =
    [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/// The settings of a [`LogGroup`]. The retention is required: `.retention_days(n)` with one of
/// [`LOG_RETENTION_DAYS`], or the named opt-out `.never_expire("reason")`.
///
/// ```
/// use konductor_aws::logs::LogGroupProps;
/// let props = LogGroupProps::builder().retention_days(365).build().unwrap();
/// # let _ = props;
/// let e = LogGroupProps::builder().build().unwrap_err();
/// assert!(e.to_string().contains("has no retention"), "{e}");
/// let e = LogGroupProps::builder().retention_days(0).build().unwrap_err();
/// assert!(e.to_string().contains("retention of 0 days"), "{e}");
/// ```
#[derive(Builder, Clone, Debug, Default)]
#[builder(pattern = "owned", default, build_fn(private, name = "assemble", error = "crate::props::Incomplete"))]
#[builder_struct_attr(must_use = "call `.build()` to get the props")]
pub struct LogGroupProps {
    /// The group name's base, starting with `/` (`/app/payments`); the environment suffix is appended.
    /// Default: `/` and the construct path.
    #[builder(setter(into, strip_option))]
    name: Option<String>,
    /// The exact name a service writes to, derived from another name (see [`Name::within`]): EKS sends
    /// cluster `platform-dev`'s control-plane logs to `/aws/eks/platform-dev/cluster`. Instead of `name`.
    ///
    /// ```
    /// use konductor_aws::logs::{LogGroup, LogGroupProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let name = stack.name("platform").within("/aws/eks/", "/cluster");
    ///     let props = LogGroupProps::builder().service_name(name).retention_days(365).build().unwrap();
    ///     let logs = LogGroup::new(stack, "control-plane", props).unwrap();
    ///     assert_eq!(logs.name().as_str(), "/aws/eks/platform-test/cluster");
    /// });
    /// ```
    #[builder(setter(strip_option))]
    service_name: Option<Name>,
    /// Days the group keeps events: one of [`LOG_RETENTION_DAYS`].
    #[builder(setter(strip_option))]
    retention_days: Option<u32>,
    /// The named opt-out of expiry, with the reason (kept for reviewers, not written).
    #[builder(setter(custom))]
    never_expire: Option<String>,
    /// The key to encrypt with. Default: a key of the group's own, usable by CloudWatch Logs for this
    /// group only.
    #[builder(setter(strip_option))]
    key: Option<Key>,
    /// Where the region, account and partition are read from; default: data sources under the group.
    #[builder(setter(strip_option))]
    context: Option<AwsContext>,
}

impl LogGroupProps {
    /// Starts with no retention: set one.
    pub fn builder() -> LogGroupPropsBuilder {
        LogGroupPropsBuilder::default()
    }
}

impl LogGroupPropsBuilder {
    /// The named opt-out: events never expire, for `reason` (an audit requirement, say).
    ///
    /// ```
    /// use konductor_aws::logs::LogGroupProps;
    /// let props = LogGroupProps::builder().never_expire("audit trail kept for the life of the account").build().unwrap();
    /// # let _ = props;
    /// ```
    pub fn never_expire(mut self, reason: &str) -> Self {
        self.never_expire = Some(Some(reason.to_string()));
        self
    }

    /// Checks and returns the props.
    pub fn build(self) -> Result<LogGroupProps> {
        let p = self.assemble().map_err(|e| e.into_error(PROPS))?;
        match (&p.retention_days, &p.never_expire) {
            (None, None) => {
                return Err(Error::invalid(
                    PROPS,
                    "the log group has no retention, so its events would be kept (and paid for) forever",
                    "set `.retention_days(365)` (or another of 1, 3, 5, 7, 14, 30, ... 3653), or opt out by name with `.never_expire(\"<reason>\")`",
                ))
            }
            (Some(_), Some(_)) => {
                return Err(Error::invalid(
                    PROPS,
                    "the log group has both a retention and `.never_expire(...)`",
                    "keep one of them",
                ))
            }
            (Some(0), None) => {
                return Err(Error::invalid(
                    PROPS,
                    "a retention of 0 days means \"never expire\" to CloudWatch Logs",
                    "give a retention of 1 day or more, or opt out by name with `.never_expire(\"<reason>\")`",
                ))
            }
            (Some(d), None) if !LOG_RETENTION_DAYS.contains(d) => {
                let next = LOG_RETENTION_DAYS.iter().find(|x| **x >= *d).unwrap_or(&3653);
                return Err(Error::invalid(
                    PROPS,
                    format!("a retention of {d} days is not a CloudWatch Logs retention period"),
                    format!(
                        "use one of {} (the next one up is {next})",
                        LOG_RETENTION_DAYS.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
            (None, Some(reason)) if reason.trim().is_empty() => {
                return Err(Error::invalid(PROPS, "`.never_expire` is given an empty reason", "say why the events must never expire"))
            }
            _ => {}
        }
        if let Some(n) = &p.name {
            check_name(PROPS, n)?;
        }
        if let Some(n) = &p.service_name {
            if p.name.is_some() {
                return Err(Error::invalid(
                    PROPS,
                    format!("the log group has both a name base and the service name `{n}`"),
                    "keep one of them",
                ));
            }
            check_name(PROPS, n.as_str())?;
        }
        Ok(p)
    }
}

fn check_name(path: &str, name: &str) -> Result<()> {
    if name.is_empty() || name.len() > 480 || !name.chars().all(|c| c.is_ascii_alphanumeric() || "._-/#".contains(c)) {
        return Err(Error::invalid(
            path,
            format!("log group name `{name}` is not a CloudWatch Logs group name"),
            "use at most 480 letters, digits and `._-/#`, for example `/app/payments`",
        ));
    }
    Ok(())
}

/// A CloudWatch Logs group, encrypted with a customer-managed key and with a retention.
///
/// ```
/// use konductor_aws::logs::{LogGroup, LogGroupProps};
/// let json = konductor_core::testing::synth(|stack| {
///     let logs = LogGroup::new(stack, "app-logs", LogGroupProps::builder().retention_days(90).build().unwrap()).unwrap();
///     assert_eq!(logs.name().as_str(), "/test/app-logs-test"); // stack `test`, environment `test`
/// });
/// let (_, group) = konductor_core::testing::resources(&json, "aws_cloudwatch_log_group")[0];
/// assert_eq!(group["retention_in_days"], 90);
/// ```
///
/// Its own key (the default) lets CloudWatch Logs use it for this group only
/// (`kms:EncryptionContext:aws:logs:arn`); a key given in the props gets this group added to that
/// condition.
#[derive(Clone, Debug)]
pub struct LogGroup {
    scope: Construct,
    group: CloudwatchLogGroup,
    name: Name,
    key: Key,
}

impl AsScope for LogGroup {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

impl LogGroup {
    /// A log group under `scope` with `id`.
    pub fn new(scope: &impl AsScope, id: &str, props: impl IntoProps<LogGroupProps>) -> Result<Self> {
        let path = child_path(scope, id);
        let props = props.into_props(&path)?;
        if let Some(k) = &props.key {
            check_key_provider(&path, "log group", k.scope(), scope.scope())?;
        }
        if let Some(n) = &props.name {
            check_name(&path, n)?;
        }
        let construct = Construct::new(scope, id);
        let base = match &props.name {
            Some(n) => n.clone(),
            None => format!(
                "/{}",
                construct.path().replace(|c: char| !(c.is_ascii_alphanumeric() || "._-/#".contains(c)), "-")
            ),
        };
        let cx = props
            .context
            .clone()
            .or_else(|| props.key.as_ref().map(|k| k.context().clone()))
            .unwrap_or_else(|| AwsContext::new(&construct));
        let key = key_or_own(
            props.key.as_ref(),
            &construct,
            &path_name_base(&construct.path()),
            "CloudWatch Logs group",
            &cx,
        )?;
        let name = props.service_name.clone().unwrap_or_else(|| construct.name(&base));
        key.allow_log_group(arn_of(&cx, &name));
        let mut b = CloudwatchLogGroup::builder(&construct, "Default")
            .name(&name)
            .kms_key_id(key.arn())
            .tags([("Name", &name)]);
        if let Some(days) = props.retention_days {
            b = b.retention_in_days(days);
        }
        let group = b.build();
        Ok(LogGroup { scope: construct, group, name, key })
    }

    /// The group's ARN (without the `:*` some APIs append).
    pub fn arn(&self) -> Attr<String> {
        self.group.arn()
    }

    /// The group's name, with the environment suffix.
    pub fn name(&self) -> &Name {
        &self.name
    }

    /// The `aws_cloudwatch_log_group` resource.
    pub fn log_group(&self) -> &CloudwatchLogGroup {
        &self.group
    }

    /// The key the group is encrypted with.
    pub fn key(&self) -> &Key {
        &self.key
    }

    fn grant(&self, grantee: &impl Grantee, what: &str, kind: &str, actions: &[&str]) -> Result<()> {
        let what = format!("{what} on log group {}", self.scope.path());
        let resources: [PolicyValue; 2] = [self.arn().into(), template!("{}:*", self.arn()).into()];
        grant_identity(self.scope.scope(), grantee, &what, kind, actions, resources).map(drop)
    }

    /// Lets `grantee` create streams in the group and put events (`logs:CreateLogStream`,
    /// `logs:PutLogEvents` on the group and its streams). CloudWatch Logs encrypts with the key
    /// itself, so the grantee needs no key access.
    ///
    /// ```
    /// use konductor_aws::iam::{Role, RoleProps, Trust};
    /// use konductor_aws::logs::{LogGroup, LogGroupProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let role = Role::new(stack, "app", RoleProps::builder().trust(Trust::service("lambda")).build().unwrap()).unwrap();
    ///     let logs = LogGroup::new(stack, "logs", LogGroupProps::builder().retention_days(30).build().unwrap()).unwrap();
    ///     logs.grant_write(&role).unwrap();
    /// });
    /// ```
    pub fn grant_write(&self, grantee: &impl Grantee) -> Result<()> {
        self.grant(grantee, "write", "LogsWrite", &["logs:CreateLogStream", "logs:PutLogEvents"])
    }

    /// Lets `grantee` read the group's events (`logs:DescribeLogStreams`, `logs:FilterLogEvents`,
    /// `logs:GetLogEvents`).
    pub fn grant_read(&self, grantee: &impl Grantee) -> Result<()> {
        self.grant(
            grantee,
            "read",
            "LogsRead",
            &["logs:DescribeLogStreams", "logs:FilterLogEvents", "logs:GetLogEvents"],
        )
    }
}

/// The ARN of the group `name`, built from the context (CloudWatch Logs' encryption context): a
/// reference to the group itself would make the key depend on the group that depends on the key.
fn arn_of(cx: &AwsContext, name: &Name) -> Expr {
    cx.arn("logs", format!("log-group:{}", name.as_str()))
}
