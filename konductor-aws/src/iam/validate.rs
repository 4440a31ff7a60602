//! The checks of a policy document: the least-privilege rule (no `Allow` of every action on every resource
//! without a named opt-out) and the shape rules IAM itself enforces, reported as [`PolicyIssue`]s.

use std::fmt;

use super::document::PolicyDocument;
use super::policy_value::PolicyValue;
use super::statement::{Effect, Statement};

/// One thing wrong with a policy document: which statement, what is wrong, and how to fix it.
///
/// ```
/// use konductor_aws::iam::{PolicyDocument, Statement};
/// let doc = PolicyDocument::new().statement(Statement::allow().resource("*"));
/// let issues = doc.validate().unwrap_err();
/// assert_eq!(issues[0].statement.as_deref(), Some("statement 1"));
/// assert!(issues[0].to_string().contains("has no Action"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyIssue {
    /// The statement: `statement 2 (Sid "Admin")`; `None` for the document as a whole.
    pub statement: Option<String>,
    /// What is wrong, naming the rule it breaks.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

impl fmt::Display for PolicyIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.statement {
            Some(s) => write!(f, "IAM policy {s} {}: {}", self.message, self.fix),
            None => write!(f, "IAM policy {}: {}", self.message, self.fix),
        }
    }
}

/// Whether an action pattern covers every action.
fn is_every_action(action: &str) -> bool {
    action == "*" || action == "*:*"
}

fn is_every_resource(v: &PolicyValue) -> bool {
    v.as_text() == Some("*")
}

/// `service:Action` with a lowercase service prefix, or `*`.
fn is_well_formed_action(action: &str) -> bool {
    if is_every_action(action) {
        return true;
    }
    let Some((service, name)) = action.split_once(':') else { return false };
    !service.is_empty()
        && service.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '*')
        && !name.is_empty()
        && !name.contains(':')
        && !name.chars().any(char::is_whitespace)
}

fn quoted_list(values: &[String]) -> String {
    values.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(", ")
}

pub(crate) fn validate(doc: &PolicyDocument) -> Vec<PolicyIssue> {
    let mut issues = Vec::new();
    if doc.statements.is_empty() {
        issues.push(PolicyIssue {
            statement: None,
            message: "has no statements, and IAM rejects an empty policy".into(),
            fix: "add at least one `Statement` with `.statement(...)`".into(),
        });
    }
    let mut sids: Vec<&str> = Vec::new();
    for (i, s) in doc.statements.iter().enumerate() {
        let label = match &s.sid {
            Some(sid) => format!("statement {} (Sid \"{sid}\")", i + 1),
            None => format!("statement {}", i + 1),
        };
        let mut issue =
            |message: String, fix: String| issues.push(PolicyIssue { statement: Some(label.clone()), message, fix });
        if let Some(sid) = &s.sid {
            if sids.contains(&sid.as_str()) {
                issue(
                    format!("repeats Sid \"{sid}\"; statement ids must be unique within a policy"),
                    "give each statement a different `.sid(...)`".into(),
                );
            }
            sids.push(sid);
        }
        check_shape(s, &mut issue);
        check_least_privilege(s, &mut issue);
    }
    issues
}

fn check_shape(s: &Statement, issue: &mut impl FnMut(String, String)) {
    let actions = s.actions.as_deref().unwrap_or_default();
    let not_actions = s.not_actions.as_deref().unwrap_or_default();
    match (s.actions.is_some(), s.not_actions.is_some()) {
        (true, true) => issue(
            "sets both Action and NotAction; a statement takes one of them".into(),
            "split it into two statements".into(),
        ),
        _ if actions.is_empty() && not_actions.is_empty() => issue(
            "has no Action, so it grants or denies nothing and IAM rejects it".into(),
            "list the actions with `.actions([\"service:Action\", ...])`".into(),
        ),
        _ => {}
    }
    for a in actions.iter().chain(not_actions) {
        if !is_well_formed_action(a) {
            issue(
                format!("has action \"{a}\", which is not of the form `service:Action`"),
                "write actions as `s3:GetObject`, `logs:*` or `*`".into(),
            );
        }
    }
    if s.resources.is_some() && s.not_resources.is_some() {
        issue(
            "sets both Resource and NotResource; a statement takes one of them".into(),
            "split it into two statements".into(),
        );
    }
    if s.principal.is_some() && s.not_principal.is_some() {
        issue(
            "sets both Principal and NotPrincipal; a statement takes one of them".into(),
            "split it into two statements".into(),
        );
    }
    let has_resource = s.resources.as_ref().or(s.not_resources.as_ref()).is_some_and(|r| !r.is_empty());
    let has_principal = s.principal.is_some() || s.not_principal.is_some();
    if !has_resource && !has_principal {
        issue(
            "has neither Resource (identity policies need one) nor Principal (trust and resource-based policies need one)"
                .into(),
            "add `.resources([...])` for a role, user or managed policy, or `.principal(...)` for a trust, bucket, key, queue or topic policy".into(),
        );
    }
    let values = s
        .resources
        .iter()
        .chain(&s.not_resources)
        .flatten()
        .chain(s.principal.iter().chain(&s.not_principal).flat_map(|p| p.values()));
    if values.into_iter().any(|v| v.as_text() == Some("")) {
        issue("has an empty Resource or Principal value".into(), "remove it or give the ARN".into());
    }
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for c in &s.conditions {
        if c.values.is_empty() {
            issue(
                format!("has condition {} on \"{}\" with no values, which never matches", c.operator, c.key),
                "give at least one value".into(),
            );
        }
        if seen.contains(&(c.operator.as_str(), c.key.as_str())) {
            issue(
                format!("tests {} on \"{}\" twice; JSON cannot hold the key twice", c.operator, c.key),
                "pass every accepted value to one condition (any of them matches)".into(),
            );
        }
        seen.push((&c.operator, &c.key));
    }
    if let Some(reason) = &s.full_admin_reason {
        if reason.trim().is_empty() {
            issue(
                "calls `.allow_full_admin` with an empty reason".into(),
                "say why this statement needs full access, for the reviewers".into(),
            );
        }
    }
}

/// The least-privilege rule: no `Allow` of every action (`Action "*"`, or `NotAction`, which allows every
/// action but a few) on every resource (`Resource "*"`, or `NotResource`), unless the statement opts out by
/// name with [`Statement::allow_full_admin`].
fn check_least_privilege(s: &Statement, issue: &mut impl FnMut(String, String)) {
    if s.effect != Effect::Allow || s.full_admin_reason.is_some() {
        return;
    }
    let every_action = if s.actions.iter().flatten().any(|a| is_every_action(a)) {
        Some("Action \"*\"".to_string())
    } else {
        s.not_actions.as_ref().map(|n| format!("every action but NotAction [{}]", quoted_list(n)))
    };
    let every_resource = if s.resources.iter().flatten().any(is_every_resource) {
        Some("Resource \"*\"".to_string())
    } else {
        s.not_resources.as_ref().map(|n| {
            let described: Vec<String> = n.iter().map(PolicyValue::describe).collect();
            format!("every resource but NotResource [{}]", quoted_list(&described))
        })
    };
    if let (Some(actions), Some(resources)) = (every_action, every_resource) {
        issue(
            format!(
                "allows {actions} on {resources}, which is full administrator access and breaks the least-privilege rule (no `Action: *` with `Resource: *`)"
            ),
            "list only the actions and resources needed; if full access is intended, call `.allow_full_admin(\"<reason>\")` on the statement".into(),
        );
    }
}
