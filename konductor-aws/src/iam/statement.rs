//! [`Statement`]: one statement of a policy document, and its [`Effect`].

use super::condition::Condition;
use super::policy_value::{JsonParts, PolicyValue};
use super::principal::{write_one_or_many, Principal};

/// Whether a statement allows or denies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// `"Allow"`.
    Allow,
    /// `"Deny"`.
    Deny,
}

impl Effect {
    /// `Allow` or `Deny`, as written in the document.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

/// One statement of a policy document: an effect, who (trust and resource-based policies), which actions,
/// on which resources, under which conditions.
///
/// ```
/// use konductor_aws::iam::Statement;
/// let read_logs = Statement::allow()
///     .sid("ReadLogs")
///     .actions(["logs:GetLogEvents", "logs:FilterLogEvents"])
///     .resource("arn:aws:logs:eu-west-1:123456789012:log-group:app-dev:*");
/// # let _ = read_logs;
/// ```
///
/// An `Allow` of every action on every resource is rejected at synthesis unless the statement says why,
/// with [`Statement::allow_full_admin`].
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub(crate) sid: Option<String>,
    pub(crate) effect: Effect,
    pub(crate) principal: Option<Principal>,
    pub(crate) not_principal: Option<Principal>,
    pub(crate) actions: Option<Vec<String>>,
    pub(crate) not_actions: Option<Vec<String>>,
    pub(crate) resources: Option<Vec<PolicyValue>>,
    pub(crate) not_resources: Option<Vec<PolicyValue>>,
    pub(crate) conditions: Vec<Condition>,
    pub(crate) full_admin_reason: Option<String>,
}

fn extend<T>(list: &mut Option<Vec<T>>, items: impl IntoIterator<Item = T>) {
    list.get_or_insert_with(Vec::new).extend(items);
}

fn merge_principal(slot: &mut Option<Principal>, p: Principal) {
    *slot = Some(match slot.take() {
        Some(existing) => existing.and(p),
        None => p,
    });
}

impl Statement {
    /// An empty statement with `effect`.
    pub fn new(effect: Effect) -> Self {
        Statement {
            sid: None,
            effect,
            principal: None,
            not_principal: None,
            actions: None,
            not_actions: None,
            resources: None,
            not_resources: None,
            conditions: Vec::new(),
            full_admin_reason: None,
        }
    }

    /// An `Allow` statement.
    ///
    /// ```
    /// use konductor_aws::iam::Statement;
    /// let s = Statement::allow().action("sqs:SendMessage").resource("arn:aws:sqs:eu-west-1:123456789012:jobs-dev");
    /// # let _ = s;
    /// ```
    pub fn allow() -> Self {
        Statement::new(Effect::Allow)
    }

    /// A `Deny` statement.
    ///
    /// ```
    /// use konductor_aws::iam::Statement;
    /// let s = Statement::deny().action("s3:DeleteBucket").resource("*");
    /// # let _ = s;
    /// ```
    pub fn deny() -> Self {
        Statement::new(Effect::Deny)
    }

    /// The trust statement of a role: `principal` may call `sts:AssumeRole`.
    ///
    /// ```
    /// use konductor_aws::iam::{Condition, Principal, Statement};
    /// let s = Statement::assume_role(Principal::aws("arn:aws:iam::123456789012:root"))
    ///     .condition(Condition::mfa_present());
    /// # let _ = s;
    /// ```
    pub fn assume_role(principal: Principal) -> Self {
        Statement::allow().principal(principal).action("sts:AssumeRole")
    }

    /// The trust statement of a role for a web identity (EKS service accounts, GitHub Actions):
    /// `principal` (a [`Principal::federated`] OIDC provider) may call `sts:AssumeRoleWithWebIdentity`.
    ///
    /// ```
    /// use konductor_aws::iam::{Condition, Principal, Statement};
    /// let s = Statement::assume_role_with_web_identity(Principal::federated(
    ///     "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
    /// ))
    /// .condition(Condition::string_equals("token.actions.githubusercontent.com:aud", "sts.amazonaws.com"));
    /// # let _ = s;
    /// ```
    pub fn assume_role_with_web_identity(principal: Principal) -> Self {
        Statement::allow().principal(principal).action("sts:AssumeRoleWithWebIdentity")
    }

    /// Denies `action` (`"s3:*"`, `"sqs:*"`, ...) to everyone when the request does not use TLS: the
    /// statement every bucket, queue and topic policy carries. Add the resources it covers.
    ///
    /// ```
    /// use konductor_aws::iam::Statement;
    /// let s = Statement::deny_insecure_transport("s3:*")
    ///     .resources(["arn:aws:s3:::logs-dev", "arn:aws:s3:::logs-dev/*"]);
    /// # let _ = s;
    /// ```
    pub fn deny_insecure_transport(action: impl Into<String>) -> Self {
        Statement::deny()
            .sid("DenyInsecureTransport")
            .principal(Principal::anyone())
            .action(action)
            .condition(Condition::insecure_transport())
    }

    /// The statement id (`Sid`), unique within the document.
    ///
    /// ```
    /// use konductor_aws::iam::Statement;
    /// let s = Statement::allow().sid("ReadOnly");
    /// # let _ = s;
    /// ```
    pub fn sid(mut self, sid: impl Into<String>) -> Self {
        self.sid = Some(sid.into());
        self
    }

    /// Adds to `Principal`; calling it again combines the principals.
    ///
    /// ```
    /// use konductor_aws::iam::{Principal, Statement};
    /// let s = Statement::allow().principal(Principal::service("delivery.logs.amazonaws.com"));
    /// # let _ = s;
    /// ```
    pub fn principal(mut self, principal: Principal) -> Self {
        merge_principal(&mut self.principal, principal);
        self
    }

    /// Adds to `NotPrincipal`: everyone but these (in `Deny` statements).
    ///
    /// ```
    /// use konductor_aws::iam::{Principal, Statement};
    /// let s = Statement::deny().not_principal(Principal::aws("arn:aws:iam::123456789012:role/admin"));
    /// # let _ = s;
    /// ```
    pub fn not_principal(mut self, principal: Principal) -> Self {
        merge_principal(&mut self.not_principal, principal);
        self
    }

    /// Adds one action: `"s3:GetObject"`.
    ///
    /// ```
    /// use konductor_aws::iam::Statement;
    /// let s = Statement::allow().action("kms:Decrypt");
    /// # let _ = s;
    /// ```
    pub fn action(self, action: impl Into<String>) -> Self {
        self.actions([action])
    }

    /// Adds actions: `["logs:CreateLogStream", "logs:PutLogEvents"]`.
    ///
    /// ```
    /// use konductor_aws::iam::Statement;
    /// let s = Statement::allow().actions(["logs:CreateLogStream", "logs:PutLogEvents"]);
    /// # let _ = s;
    /// ```
    pub fn actions<S: Into<String>>(mut self, actions: impl IntoIterator<Item = S>) -> Self {
        extend(&mut self.actions, actions.into_iter().map(Into::into));
        self
    }

    /// Adds to `NotAction`: every action but these.
    ///
    /// ```
    /// use konductor_aws::iam::Statement;
    /// let s = Statement::deny().not_actions(["iam:*", "sts:*"]).resource("*");
    /// # let _ = s;
    /// ```
    pub fn not_actions<S: Into<String>>(mut self, actions: impl IntoIterator<Item = S>) -> Self {
        extend(&mut self.not_actions, actions.into_iter().map(Into::into));
        self
    }

    /// Adds one resource: an ARN, `"*"` or an expression such as `bucket.arn()`.
    ///
    /// ```
    /// use konductor_aws::iam::Statement;
    /// let s = Statement::allow().action("sns:Publish").resource("arn:aws:sns:eu-west-1:123456789012:alerts-dev");
    /// # let _ = s;
    /// ```
    pub fn resource(self, resource: impl Into<PolicyValue>) -> Self {
        self.resources([resource])
    }

    /// Adds resources; literals and expressions mix when converted first:
    /// `.resources([log_group.arn().into(), template!("{}:*", log_group.arn())])`.
    ///
    /// ```
    /// use konductor_aws::iam::Statement;
    /// let s = Statement::allow().action("s3:GetObject").resources(["arn:aws:s3:::a-dev/*", "arn:aws:s3:::b-dev/*"]);
    /// # let _ = s;
    /// ```
    pub fn resources<V: Into<PolicyValue>>(mut self, resources: impl IntoIterator<Item = V>) -> Self {
        extend(&mut self.resources, resources.into_iter().map(Into::into));
        self
    }

    /// Adds to `NotResource`: every resource but these.
    ///
    /// ```
    /// use konductor_aws::iam::Statement;
    /// let s = Statement::deny().action("s3:*").not_resources(["arn:aws:s3:::allowed-dev", "arn:aws:s3:::allowed-dev/*"]);
    /// # let _ = s;
    /// ```
    pub fn not_resources<V: Into<PolicyValue>>(mut self, resources: impl IntoIterator<Item = V>) -> Self {
        extend(&mut self.not_resources, resources.into_iter().map(Into::into));
        self
    }

    /// Adds a condition; every condition must hold.
    ///
    /// ```
    /// use konductor_aws::iam::{Condition, Statement};
    /// let s = Statement::allow().action("s3:GetObject").resource("*")
    ///     .condition(Condition::principal_org_id("o-a1b2c3d4e5"));
    /// # let _ = s;
    /// ```
    pub fn condition(mut self, condition: Condition) -> Self {
        self.conditions.push(condition);
        self
    }

    /// The named opt-out of the least-privilege rule: this statement may `Allow` every action on every
    /// resource, for the `reason` given (kept in the program for reviewers; it is not written to the
    /// policy). Without it such a statement is an error at synthesis.
    ///
    /// ```
    /// use konductor_aws::iam::Statement;
    /// let s = Statement::allow().action("*").resource("*")
    ///     .allow_full_admin("break-glass role for the security team, MFA required by its trust policy");
    /// # let _ = s;
    /// ```
    pub fn allow_full_admin(mut self, reason: impl Into<String>) -> Self {
        self.full_admin_reason = Some(reason.into());
        self
    }

    /// The effect.
    pub fn effect(&self) -> Effect {
        self.effect
    }

    /// The statement id, if set.
    pub fn statement_id(&self) -> Option<&str> {
        self.sid.as_deref()
    }

    /// The reason given to [`Statement::allow_full_admin`], if any.
    pub fn full_admin_reason(&self) -> Option<&str> {
        self.full_admin_reason.as_deref()
    }

    /// Writes the statement, keys in the order cdktf's `JSON.stringify` wrote them.
    pub(crate) fn write(&self, out: &mut JsonParts) {
        out.syntax("{");
        if let Some(sid) = &self.sid {
            out.string("Sid");
            out.syntax(":");
            out.string(sid);
            out.syntax(",");
        }
        out.string("Effect");
        out.syntax(":");
        out.string(self.effect.as_str());
        for (key, principal) in [("Principal", &self.principal), ("NotPrincipal", &self.not_principal)] {
            if let Some(p) = principal {
                out.syntax(",");
                out.string(key);
                out.syntax(":");
                p.write(out);
            }
        }
        for (key, actions) in [("Action", &self.actions), ("NotAction", &self.not_actions)] {
            if let Some(actions) = actions {
                out.syntax(",");
                out.string(key);
                out.syntax(":");
                let values: Vec<PolicyValue> = actions.iter().map(PolicyValue::from).collect();
                write_one_or_many(&values, out);
            }
        }
        for (key, resources) in [("Resource", &self.resources), ("NotResource", &self.not_resources)] {
            if let Some(resources) = resources {
                out.syntax(",");
                out.string(key);
                out.syntax(":");
                write_one_or_many(resources, out);
            }
        }
        if !self.conditions.is_empty() {
            out.syntax(",");
            out.string("Condition");
            out.syntax(":{");
            let mut operators: Vec<&str> = Vec::new();
            for c in &self.conditions {
                if !operators.contains(&c.operator.as_str()) {
                    operators.push(&c.operator);
                }
            }
            for (i, op) in operators.iter().enumerate() {
                if i > 0 {
                    out.syntax(",");
                }
                out.string(op);
                out.syntax(":{");
                for (j, c) in self.conditions.iter().filter(|c| c.operator == *op).enumerate() {
                    if j > 0 {
                        out.syntax(",");
                    }
                    out.string(&c.key);
                    out.syntax(":");
                    write_one_or_many(&c.values, out);
                }
                out.syntax("}");
            }
            out.syntax("}");
        }
        out.syntax("}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use konductor_core::Val;

    fn render(s: &Statement) -> String {
        let mut out = JsonParts::default();
        s.write(&mut out);
        match out.finish() {
            Val::Str(t) => t.to_string(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn keys_follow_cdktf_order_whatever_the_call_order() {
        let s = Statement::deny()
            .condition(Condition::null("aws:TokenIssueTime", true))
            .not_resources(["arn:aws:s3:::a"])
            .not_actions(["iam:*"])
            .not_principal(Principal::aws("arn:aws:iam::1:root"))
            .sid("All");
        assert_eq!(
            render(&s),
            concat!(
                r#"{"Sid":"All","Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::1:root"},"NotAction":"iam:*","#,
                r#""NotResource":"arn:aws:s3:::a","Condition":{"Null":{"aws:TokenIssueTime":"true"}}}"#
            )
        );
        let s = Statement::allow().resource("r").action("a:b").principal(Principal::anyone());
        assert_eq!(render(&s), r#"{"Effect":"Allow","Principal":"*","Action":"a:b","Resource":"r"}"#);
    }

    #[test]
    fn one_value_is_a_string_and_several_an_array() {
        let s = Statement::allow().actions(["s3:GetObject"]).resources(["a", "b"]);
        assert_eq!(render(&s), r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":["a","b"]}"#);
        let s = Statement::allow().action("s3:GetObject").action("s3:PutObject").resource("a");
        assert_eq!(render(&s), r#"{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"a"}"#);
    }

    #[test]
    fn anyone_absorbs_other_principals() {
        let p = Principal::service("a").and(Principal::anyone());
        assert!(p.is_anyone());
    }
}
