//! [`Key`]: a customer-managed KMS key with rotation, an alias from a [`Name`], and a key policy in which
//! the account administers the key and only named principals and services use it.

use derive_builder::Builder;
use konductor_core::{AsElement, AsScope, Attr, Construct, Error, Expr, Name, Result, Scope};

use super::services::{service_sid, service_statement, KEY_SERVICES};
use crate::context::AwsContext;
use crate::grant::{check_same_account, closest, sid_for, GrantStatement, Grantee, MergedPolicy};
use crate::iam::{Condition, Statement};
use crate::l1::kms::{KmsAlias, KmsKey};
use crate::network::child_path;
use crate::props::{path_name_base, IntoProps};

const PROPS: &str = "KeyProps";

crate::props::into_props!(KeyProps, KeyPropsBuilder, PROPS);

/// The longest KMS alias, `alias/` and the environment suffix included.
pub const MAX_ALIAS_LEN: usize = 256;

/// What the account root (standing for the account's IAM administrators) may do with a key: manage it,
/// never use it. `kms:CreateGrant` is left out, so administrators cannot hand themselves use.
const ADMIN_ACTIONS: [&str; 15] = [
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:Delete*",
    "kms:Describe*",
    "kms:Disable*",
    "kms:Enable*",
    "kms:Get*",
    "kms:List*",
    "kms:Put*",
    "kms:Revoke*",
    "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:Update*",
];

const DECRYPT: [&str; 2] = ["kms:Decrypt", "kms:DescribeKey"];
const ENCRYPT: [&str; 4] = ["kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"];
const DATA_KEYS: [&str; 2] = ["kms:Decrypt", "kms:GenerateDataKey*"];
const ENCRYPT_DECRYPT: [&str; 5] =
    ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"];

/// The settings of a [`Key`]. `KeyProps::default()` is the secure default: rotation every 365 days, a
/// single-region key, an alias from the construct path, used by no one until granted.
///
/// ```
/// use konductor_aws::kms::KeyProps;
/// let props = KeyProps::builder()
///     .alias("payments")
///     .description("Payments data")
///     .rotation_period_days(180)
///     .service("logs")
///     .allow_account_use_via("s3")
///     .build()
///     .unwrap();
/// # let _ = props;
/// let e = KeyProps::builder().rotation_period_days(30).build().unwrap_err();
/// assert!(e.to_string().starts_with("[KeyProps] rotation period of 30 days"));
/// ```
#[derive(Builder, Clone, Debug)]
#[builder(pattern = "owned", default, build_fn(private, name = "assemble", error = "crate::props::Incomplete"))]
#[builder_struct_attr(must_use = "call `.build()` to get the props")]
pub struct KeyProps {
    /// The alias base: the alias is `alias/<base>-<environment>`. Default: the construct path joined
    /// with `-`. Letters, digits, `/`, `_` and `-`; not starting with `aws/` (reserved for AWS).
    #[builder(setter(into, strip_option))]
    alias: Option<String>,
    /// The key's description. Default: `KMS key <construct path>`.
    #[builder(setter(into, strip_option))]
    description: Option<String>,
    /// A multi-Region primary key (replicas can be made in other regions). Default: single-region.
    multi_region: bool,
    /// Days between automatic rotations of the key material, 90 to 2560 (default 365).
    rotation_period_days: u32,
    /// Lets every principal of this account whose own IAM policy allows it use the key, but only
    /// through this service (`kms:ViaService`, for example `s3`), never directly: for data read through
    /// S3 or Athena by people the account's IAM already governs.
    #[builder(setter(each(name = "allow_account_use_via", into)))]
    account_use_via: Vec<String>,
    /// Lets an AWS service use the key, with the conditions it needs (one of [`KEY_SERVICES`]); the same
    /// as [`Key::grant_to_service`].
    #[builder(setter(each(name = "service", into)))]
    services: Vec<String>,
    /// Where the region, account and partition are read from; default: data sources under the key.
    #[builder(setter(strip_option))]
    context: Option<AwsContext>,
}

impl Default for KeyProps {
    fn default() -> Self {
        KeyProps {
            alias: None,
            description: None,
            multi_region: false,
            rotation_period_days: 365,
            account_use_via: Vec::new(),
            services: Vec::new(),
            context: None,
        }
    }
}

impl KeyProps {
    /// Starts from the defaults.
    ///
    /// ```
    /// use konductor_aws::kms::KeyProps;
    /// assert_eq!(KeyProps::builder().build().unwrap().rotation_period_days(), 365);
    /// ```
    pub fn builder() -> KeyPropsBuilder {
        KeyPropsBuilder::default()
    }

    /// Days between rotations.
    pub fn rotation_period_days(&self) -> u32 {
        self.rotation_period_days
    }
}

fn unknown_service(path: &str, name: &str) -> Error {
    let near = closest(name, KEY_SERVICES);
    let hint = if near.is_empty() { String::new() } else { format!(" (did you mean `{}`?)", near.join("`, `")) };
    Error::invalid(
        path,
        format!("`{name}` is not a service konductor knows the key policy statement of{hint}"),
        format!("use one of {}, or grant a role instead", KEY_SERVICES.join(", ")),
    )
}

impl KeyPropsBuilder {
    /// Checks and returns the props.
    ///
    /// ```
    /// use konductor_aws::kms::KeyProps;
    /// let e = KeyProps::builder().alias("a".repeat(251)).build().unwrap_err();
    /// assert!(e.to_string().contains("the limit is 256"));
    /// ```
    pub fn build(self) -> Result<KeyProps> {
        let p = self.assemble().map_err(|e| e.into_error(PROPS))?;
        if !(90..=2560).contains(&p.rotation_period_days) {
            return Err(Error::invalid(
                PROPS,
                format!("rotation period of {} days is outside what KMS accepts (90 to 2560)", p.rotation_period_days),
                "give a period from 90 to 2560 days; 365 is the default",
            ));
        }
        if let Some(alias) = &p.alias {
            check_alias_base(PROPS, alias, 0)?;
        }
        for s in &p.services {
            if !KEY_SERVICES.contains(&s.as_str()) {
                return Err(unknown_service(PROPS, s));
            }
        }
        for s in &p.account_use_via {
            if s.is_empty() || !s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                return Err(Error::invalid(
                    PROPS,
                    format!("`{s}` is not a service endpoint prefix for kms:ViaService"),
                    "give the service's endpoint prefix in lowercase, for example `s3`, `sqs` or `secretsmanager`",
                ));
            }
        }
        Ok(p)
    }
}

/// Checks an alias base; `suffix_len` is the length the environment suffix adds (`-dev` is 4).
fn check_alias_base(path: &str, base: &str, suffix_len: usize) -> Result<()> {
    let full = "alias/".len() + base.len() + suffix_len;
    if full > MAX_ALIAS_LEN {
        return Err(Error::invalid(
            path,
            format!(
                "KMS alias `alias/{base}` is {full} characters long {}; the limit is {MAX_ALIAS_LEN}",
                if suffix_len == 0 { "even before the environment suffix" } else { "with the environment suffix" }
            ),
            format!("use an alias base of at most {} characters", MAX_ALIAS_LEN - "alias/".len() - suffix_len.max(1)),
        ));
    }
    if base.is_empty() || !base.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-')) {
        return Err(Error::invalid(
            path,
            format!("KMS alias base `{base}` has characters KMS does not accept"),
            "use letters, digits, `/`, `_` and `-`",
        ));
    }
    if base.starts_with("aws/") {
        return Err(Error::invalid(
            path,
            format!("KMS alias base `{base}` starts with `aws/`, which AWS reserves"),
            "choose another base",
        ));
    }
    Ok(())
}

/// A customer-managed KMS key: rotation on (every 365 days by default), a 7-day deletion window
/// (pinned, so `terraform destroy` removes it), an alias from a [`Name`], and a typed key policy.
///
/// ```
/// use konductor_aws::kms::{Key, KeyProps};
/// let json = konductor_core::testing::synth(|stack| {
///     let key = Key::new(stack, "data", KeyProps::builder().alias("data").build().unwrap()).unwrap();
///     assert_eq!(key.alias_name().as_str(), "alias/data-test");
/// });
/// let (_, key) = konductor_core::testing::resources(&json, "aws_kms_key")[0];
/// assert_eq!(key["enable_key_rotation"], true);
/// ```
///
/// # The key policy
/// - `KeyAdministration`: the account root (so the account's IAM administrators) may manage the key
///   (describe, enable, disable, tag, update, schedule deletion, change the policy), not use it.
/// - `AccountUseViaServices` (only with [`KeyPropsBuilder::allow_account_use_via`]): principals of this
///   account may use it through the named services only (`kms:ViaService`, `kms:CallerAccount`).
/// - `AllowDecrypt`, `AllowEncrypt`, `AllowEncryptDecrypt`: the roles granted use, by ARN, from this
///   account only (`kms:CallerAccount`).
/// - `AllowService...`: services (CloudWatch Logs, CloudTrail, SNS ...), each with confused-deputy
///   conditions and, where the service writes one, its encryption context.
#[derive(Clone, Debug)]
pub struct Key {
    scope: Construct,
    key: KmsKey,
    alias: KmsAlias,
    alias_name: Name,
    context: AwsContext,
    policy: MergedPolicy,
}

impl AsScope for Key {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

impl Key {
    /// A key under `scope` with `id`.
    ///
    /// ```
    /// use konductor_aws::kms::{Key, KeyProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let key = Key::new(stack, "logs", KeyProps::builder().service("logs").build().unwrap()).unwrap();
    ///     assert!(key.arn().to_string().starts_with("${aws_kms_key."));
    /// });
    /// ```
    pub fn new(scope: &impl AsScope, id: &str, props: impl IntoProps<KeyProps>) -> Result<Self> {
        let path = child_path(scope, id);
        let props = props.into_props(&path)?;
        let suffix_len = scope.scope().environment().suffix().len() + 1;
        let base = props.alias.clone().unwrap_or_else(|| path_name_base(&path));
        check_alias_base(&path, &base, suffix_len)?;
        let construct = Construct::new(scope, id);
        let cx = props.context.clone().unwrap_or_else(|| AwsContext::new(&construct));

        let mut statements = vec![Statement::allow()
            .sid("KeyAdministration")
            .principal(crate::iam::Principal::aws(cx.account_root_arn()))
            .actions(ADMIN_ACTIONS)
            .resource("*")];
        if !props.account_use_via.is_empty() {
            let mut via: Vec<&String> = props.account_use_via.iter().collect();
            via.sort();
            via.dedup();
            let via: Vec<Expr> = via
                .into_iter()
                .map(|s| konductor_core::template!("{}.{}.{}", s, cx.region(), cx.dns_suffix()))
                .collect();
            statements.push(
                Statement::allow()
                    .sid("AccountUseViaServices")
                    .principal(crate::iam::Principal::aws(cx.account_root_arn()))
                    .actions(ENCRYPT_DECRYPT)
                    .resource("*")
                    .condition(Condition::string_equals("kms:CallerAccount", cx.account_id()))
                    .condition(Condition::string_equals("kms:ViaService", via)),
            );
        }
        let policy = MergedPolicy::new(path.clone(), "policy", statements);
        for s in &props.services {
            policy.grant_quietly(service_statement(s, &cx).ok_or_else(|| unknown_service(&path, s))?);
        }
        let description = props.description.clone().unwrap_or_else(|| format!("KMS key {}", construct.path()));
        let key = KmsKey::builder(&construct, "Default")
            .description(description)
            .enable_key_rotation(true)
            .rotation_period_in_days(props.rotation_period_days)
            .multi_region(props.multi_region)
            .policy(policy.document().to_value(&construct))
            .tags([("Name", construct.name(&base))])
            .build();
        let alias_name = construct.name(&format!("alias/{base}"));
        let alias = KmsAlias::builder(&construct, "alias").name(&alias_name).target_key_id(key.key_id()).build();
        policy.attach(key.element().clone());
        Ok(Key { scope: construct, key, alias, alias_name, context: cx, policy })
    }

    /// The key's ARN: what resources' `kms_key_id` and policies take.
    pub fn arn(&self) -> Attr<String> {
        self.key.arn()
    }

    /// The key id.
    pub fn key_id(&self) -> Attr<String> {
        self.key.key_id()
    }

    /// The alias: `alias/<base>-<environment>`.
    pub fn alias_name(&self) -> &Name {
        &self.alias_name
    }

    /// The `aws_kms_key` resource.
    pub fn kms_key(&self) -> &KmsKey {
        &self.key
    }

    /// The `aws_kms_alias` resource.
    pub fn alias(&self) -> &KmsAlias {
        &self.alias
    }

    /// The context the key reads its account, region and partition from.
    pub fn context(&self) -> &AwsContext {
        &self.context
    }

    /// Adds `statement` to the key policy (merged by its id) and rewrites the policy.
    pub(crate) fn add_policy_statement(&self, statement: GrantStatement) {
        self.policy.grant(statement);
    }

    /// Adds a statement of your own to the key policy, for what no grant covers: it needs a `Sid`
    /// (statements are kept by id, so the same bytes come out whatever the order) and must pass the
    /// policy checks.
    ///
    /// ```
    /// use konductor_aws::iam::{Condition, Principal, Statement};
    /// use konductor_aws::kms::{Key, KeyProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let key = Key::new(stack, "org", KeyProps::default()).unwrap();
    ///     key.add_to_key_policy(
    ///         Statement::allow().sid("OrgDecrypt").principal(Principal::anyone()).action("kms:Decrypt").resource("*")
    ///             .condition(Condition::principal_org_id("o-a1b2c3d4e5")),
    ///     ).unwrap();
    /// });
    /// ```
    pub fn add_to_key_policy(&self, statement: Statement) -> Result<()> {
        self.policy.add_statement(statement, "a key policy")
    }

    fn grant(&self, grantee: &impl Grantee, what: &str, sid: &str, actions: &[&str]) -> Result<()> {
        let target = crate::grant::sealed::Sealed::grant_target(grantee);
        let path = self.scope.path();
        check_same_account(self.scope.scope(), &target, &format!("{what} on key {path}"))?;
        self.add_policy_statement(
            GrantStatement::allow(sid)
                .aws_principal(target.arn.clone())
                .actions(actions.iter().copied())
                .resource("*")
                .condition(Condition::string_equals("kms:CallerAccount", self.context.account_id())),
        );
        target.policy.grant(
            GrantStatement::allow(sid_for(&format!("Kms{}", &sid["Allow".len()..]), &path))
                .actions(actions.iter().copied())
                .resource(self.arn()),
        );
        Ok(())
    }

    /// Lets `grantee` encrypt and decrypt with the key: the key policy names it (`AllowEncryptDecrypt`,
    /// this account only) and its own policy allows the same actions on this key.
    ///
    /// ```
    /// use konductor_aws::iam::{Role, RoleProps, Trust};
    /// use konductor_aws::kms::{Key, KeyProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let role = Role::new(stack, "app", RoleProps::builder().trust(Trust::service("lambda")).build().unwrap()).unwrap();
    ///     Key::new(stack, "data", KeyProps::default()).unwrap().grant_encrypt_decrypt(&role).unwrap();
    /// });
    /// ```
    pub fn grant_encrypt_decrypt(&self, grantee: &impl Grantee) -> Result<()> {
        self.grant(grantee, "encrypt and decrypt", "AllowEncryptDecrypt", &ENCRYPT_DECRYPT)
    }

    /// Lets `grantee` decrypt with the key (`kms:Decrypt`, `kms:DescribeKey`), on both sides.
    pub fn grant_decrypt(&self, grantee: &impl Grantee) -> Result<()> {
        self.grant(grantee, "decrypt", "AllowDecrypt", &DECRYPT)
    }

    /// Lets `grantee` encrypt with the key (`kms:Encrypt`, `kms:GenerateDataKey*`, `kms:ReEncrypt*`,
    /// `kms:DescribeKey`), on both sides.
    pub fn grant_encrypt(&self, grantee: &impl Grantee) -> Result<()> {
        self.grant(grantee, "encrypt", "AllowEncrypt", &ENCRYPT)
    }

    /// Lets `grantee` make and open data keys (`kms:GenerateDataKey*`, `kms:Decrypt`): what producers to
    /// an encrypted queue or topic need.
    pub(crate) fn grant_data_keys(&self, grantee: &impl Grantee) -> Result<()> {
        self.grant(grantee, "data keys", "AllowDataKeys", &DATA_KEYS)
    }

    /// Lets an AWS service use the key, with the conditions it needs: `logs` (CloudWatch Logs, for log
    /// groups of this account and region), `cloudtrail`, `delivery.logs`, `logging.s3` (S3 server access
    /// logs), `sns`, `events`, `cloudwatch`, `s3`, `config` (see [`KEY_SERVICES`]). An unknown name is an error with the list.
    ///
    /// ```
    /// use konductor_aws::kms::{Key, KeyProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let key = Key::new(stack, "trail", KeyProps::default()).unwrap();
    ///     key.grant_to_service("cloudtrail").unwrap();
    ///     let e = key.grant_to_service("cloudtrial").unwrap_err();
    ///     assert!(e.to_string().contains("did you mean `cloudtrail`?"), "{e}");
    /// });
    /// ```
    pub fn grant_to_service(&self, service: &str) -> Result<()> {
        let s =
            service_statement(service, &self.context).ok_or_else(|| unknown_service(&self.scope.path(), service))?;
        self.add_policy_statement(s);
        Ok(())
    }

    /// Lets CloudWatch Logs use the key for the one group with ARN `log_group_arn` (its encryption
    /// context), adding that group to the `logs` statement.
    pub(crate) fn allow_log_group(&self, log_group_arn: Expr) {
        if let Some(s) = service_statement("logs", &self.context) {
            let only = GrantStatement::allow(service_sid("logs"))
                .condition(Condition::arn_like("kms:EncryptionContext:aws:logs:arn", log_group_arn));
            // The service statement without the account-wide pattern: only this group.
            if !self.policy.has_grant(&service_sid("logs")) {
                self.policy.grant_quietly(s.without_conditions());
            }
            self.add_policy_statement(only);
        }
    }
}

/// The key a block encrypts with: `given`, or a key of its own under `construct` (id `key`, alias
/// `alias`), described as the key of `what` (`S3 bucket`).
pub(crate) fn key_or_own(
    given: Option<&Key>,
    construct: &Construct,
    alias: &str,
    what: &str,
    cx: &AwsContext,
) -> Result<Key> {
    match given {
        Some(k) => Ok(k.clone()),
        None => Key::new(
            construct,
            "key",
            KeyProps::builder()
                .alias(alias)
                .description(format!("{what} {}", construct.path()))
                .context(cx.clone())
                .build()?,
        ),
    }
}
