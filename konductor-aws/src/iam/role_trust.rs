//! [`Trust`]: who may assume a [`Role`](super::Role), typed: a service, an account, a principal, an OIDC
//! provider or EKS Pod Identity, with MFA, external id and source-account conditions.

use konductor_core::{Error, Result};

use super::{Condition, PolicyValue, Principal, Statement};
use crate::context::AwsContext;

/// One principal a role trusts, and the conditions under which it may assume the role. Each becomes
/// one statement of the role's trust policy.
///
/// ```
/// use konductor_aws::iam::Trust;
/// let ops = Trust::account("123456789012").require_mfa().external_id("ops-2f7c");
/// let lambda = Trust::service("lambda").from_this_account();
/// let pods = Trust::eks_pod_identity();
/// let ci = Trust::oidc("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com", "token.actions.githubusercontent.com")
///     .subject("repo:example/infra:ref:refs/heads/main");
/// # let _ = (ops, lambda, pods, ci);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Trust {
    who: Who,
    mfa: bool,
    external_id: Option<String>,
    this_account_only: bool,
    conditions: Vec<Condition>,
}

#[derive(Clone, Debug, PartialEq)]
enum Who {
    Service(String),
    Account(String),
    ThisAccount,
    Principal(PolicyValue),
    Oidc { provider_arn: PolicyValue, issuer: String, audience: String, subjects: Vec<String> },
    PodIdentity,
}

impl Trust {
    fn new(who: Who) -> Self {
        Trust { who, mfa: false, external_id: None, this_account_only: false, conditions: Vec::new() }
    }

    /// An AWS service: `Trust::service("lambda")` trusts `lambda.amazonaws.com`; a name with a dot is
    /// taken as the whole principal (`vpc-flow-logs.amazonaws.com`).
    ///
    /// ```
    /// use konductor_aws::iam::Trust;
    /// assert_eq!(Trust::service("ec2"), Trust::service("ec2.amazonaws.com"));
    /// ```
    pub fn service(name: &str) -> Self {
        let principal = if name.contains('.') { name.to_string() } else { format!("{name}.amazonaws.com") };
        Trust::new(Who::Service(principal))
    }

    /// Another AWS account, by its 12-digit id (its administrators decide who there may assume the
    /// role); usually with [`Trust::require_mfa`] or [`Trust::external_id`].
    ///
    /// ```
    /// use konductor_aws::iam::Trust;
    /// let t = Trust::account("123456789012").require_mfa();
    /// # let _ = t;
    /// ```
    pub fn account(id: &str) -> Self {
        Trust::new(Who::Account(id.to_string()))
    }

    /// This account (the one the role is in): any of its principals whose own policy allows
    /// `sts:AssumeRole` on the role.
    ///
    /// ```
    /// use konductor_aws::iam::Trust;
    /// let t = Trust::this_account().require_mfa();
    /// # let _ = t;
    /// ```
    pub fn this_account() -> Self {
        Trust::new(Who::ThisAccount)
    }

    /// One IAM role or user, by ARN (text or an expression such as `other_role.arn()`).
    ///
    /// ```
    /// use konductor_aws::iam::Trust;
    /// let t = Trust::principal("arn:aws:iam::123456789012:role/deploy");
    /// # let _ = t;
    /// ```
    pub fn principal(arn: impl Into<PolicyValue>) -> Self {
        Trust::new(Who::Principal(arn.into()))
    }

    /// Identities of an OIDC provider (`sts:AssumeRoleWithWebIdentity`): `provider_arn` is the IAM OIDC
    /// provider, `issuer` its URL without `https://` (`token.actions.githubusercontent.com`). The
    /// audience defaults to `sts.amazonaws.com`; at least one [`Trust::subject`] is required, or every
    /// identity of the issuer could assume the role. For EKS service accounts prefer
    /// [`Trust::eks_pod_identity`].
    ///
    /// ```
    /// use konductor_aws::iam::Trust;
    /// let t = Trust::oidc("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com", "token.actions.githubusercontent.com")
    ///     .subject("repo:example/infra:*");
    /// # let _ = t;
    /// ```
    pub fn oidc(provider_arn: impl Into<PolicyValue>, issuer: &str) -> Self {
        Trust::new(Who::Oidc {
            provider_arn: provider_arn.into(),
            issuer: issuer.trim_start_matches("https://").to_string(),
            audience: "sts.amazonaws.com".to_string(),
            subjects: Vec::new(),
        })
    }

    /// EKS Pod Identity: the `pods.eks.amazonaws.com` service may assume the role and tag the session
    /// (`sts:AssumeRole`, `sts:TagSession`); associate the role with a service account with an
    /// `aws_eks_pod_identity_association`.
    ///
    /// ```
    /// use konductor_aws::iam::Trust;
    /// let t = Trust::eks_pod_identity().from_this_account();
    /// # let _ = t;
    /// ```
    pub fn eks_pod_identity() -> Self {
        Trust::new(Who::PodIdentity)
    }

    /// The audience of an OIDC trust (default `sts.amazonaws.com`).
    pub fn audience(mut self, audience: &str) -> Self {
        if let Who::Oidc { audience: a, .. } = &mut self.who {
            *a = audience.to_string();
        }
        self
    }

    /// A subject an OIDC trust accepts (`system:serviceaccount:ns:name`, `repo:org/repo:ref:refs/heads/main`);
    /// `*` and `?` make it a pattern (`StringLike`).
    pub fn subject(mut self, subject: &str) -> Self {
        if let Who::Oidc { subjects, .. } = &mut self.who {
            subjects.push(subject.to_string());
        }
        self
    }

    /// Only callers signed in with MFA (`aws:MultiFactorAuthPresent`).
    pub fn require_mfa(mut self) -> Self {
        self.mfa = true;
        self
    }

    /// Only callers passing this external id (`sts:ExternalId`): for third parties acting for you.
    pub fn external_id(mut self, id: &str) -> Self {
        self.external_id = Some(id.to_string());
        self
    }

    /// Only for this account's resources (`aws:SourceAccount`): confused-deputy protection for a
    /// service trust.
    pub fn from_this_account(mut self) -> Self {
        self.this_account_only = true;
        self
    }

    /// Any further condition.
    pub fn condition(mut self, condition: Condition) -> Self {
        self.conditions.push(condition);
        self
    }

    /// Checks what cannot work or would be too open; `path` locates the message.
    pub(crate) fn check(&self, path: &str) -> Result<()> {
        let bad = |m: String, fix: &str| Err(Error::invalid(path, m, fix));
        match &self.who {
            Who::Account(id) if id.len() != 12 || !id.chars().all(|c| c.is_ascii_digit()) => {
                return bad(format!("trusted account `{id}` is not a 12-digit AWS account id"), "give the account id, for example `123456789012`")
            }
            Who::Service(s) if s.is_empty() || !s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-')) => {
                return bad(format!("trusted service `{s}` is not a service principal"), "give the service's name, for example `lambda` or `ecs-tasks`")
            }
            Who::Oidc { subjects, .. } if subjects.is_empty() => {
                return bad(
                    "an OIDC trust without a subject lets every identity of the issuer assume the role".into(),
                    "add `.subject(\"...\")` (for GitHub: `repo:<org>/<repo>:ref:refs/heads/main`)",
                )
            }
            Who::Service(_) | Who::PodIdentity if self.mfa || self.external_id.is_some() => {
                return bad(
                    "a service trust with an MFA or external-id condition never matches: services sign in with neither".into(),
                    "drop `.require_mfa()` / `.external_id(...)`, or use `.from_this_account()` for confused-deputy protection",
                )
            }
            _ => {}
        }
        if let Some(id) = &self.external_id {
            if id.len() < 2 || id.len() > 1224 {
                return bad(
                    format!("external id `{id}` must be 2 to 1224 characters"),
                    "use a long random value shared with the third party",
                );
            }
        }
        Ok(())
    }

    /// The trust policy statement.
    pub(crate) fn statement(&self, cx: &AwsContext) -> Statement {
        let mut s = match &self.who {
            Who::Service(name) => Statement::assume_role(Principal::service(name.as_str())),
            Who::Account(id) => Statement::assume_role(Principal::aws(konductor_core::template!(
                "arn:{}:iam::{}:root",
                cx.partition(),
                id.as_str()
            ))),
            Who::ThisAccount => Statement::assume_role(Principal::aws(cx.account_root_arn())),
            Who::Principal(arn) => Statement::assume_role(Principal::aws(arn.clone())),
            Who::PodIdentity => Statement::allow()
                .principal(Principal::service("pods.eks.amazonaws.com"))
                .actions(["sts:AssumeRole", "sts:TagSession"]),
            Who::Oidc { provider_arn, issuer, audience, subjects } => {
                let s = Statement::assume_role_with_web_identity(Principal::federated(provider_arn.clone()))
                    .condition(Condition::string_equals(format!("{issuer}:aud"), audience.as_str()));
                let (patterns, exact): (Vec<&String>, Vec<&String>) =
                    subjects.iter().partition(|s| s.contains('*') || s.contains('?'));
                let mut s = s;
                if !exact.is_empty() {
                    s = s.condition(Condition::string_equals(
                        format!("{issuer}:sub"),
                        exact.into_iter().cloned().collect::<Vec<_>>(),
                    ));
                }
                if !patterns.is_empty() {
                    s = s.condition(Condition::string_like(
                        format!("{issuer}:sub"),
                        patterns.into_iter().cloned().collect::<Vec<_>>(),
                    ));
                }
                s
            }
        };
        if self.mfa {
            s = s.condition(Condition::mfa_present());
        }
        if let Some(id) = &self.external_id {
            s = s.condition(Condition::external_id(id.as_str()));
        }
        if self.this_account_only {
            s = s.condition(Condition::source_account(cx.account_id()));
        }
        for c in &self.conditions {
            s = s.condition(c.clone());
        }
        s
    }
}
