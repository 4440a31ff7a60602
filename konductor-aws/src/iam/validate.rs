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

/// Whether `pattern` (IAM wildcards: `*` any run, `?` one character; case-insensitive, as IAM compares
/// actions) matches `text`.
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) =
        (pattern.to_ascii_lowercase().chars().collect(), text.to_ascii_lowercase().chars().collect());
    // Classic two-pointer wildcard match with backtracking to the last `*`.
    let (mut i, mut j, mut star, mut mark) = (0, 0, None, 0);
    while j < t.len() {
        if i < p.len() && (p[i] == '?' || p[i] == t[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(s) = star {
            i = s + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

fn all_stars(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c == '*')
}

/// Whether an action pattern covers every action: `*`, `*:*`.
fn is_every_action(action: &str) -> bool {
    match action.split_once(':') {
        None => all_stars(action),
        Some((service, name)) => all_stars(service) && all_stars(name),
    }
}

/// Whether an action pattern covers every IAM action (`iam:*`, `IAM:*`, `i?m:*`): with those a principal
/// can attach any policy to itself, so it is full administrator access too.
fn is_every_iam_action(action: &str) -> bool {
    is_every_action(action)
        || action.split_once(':').is_some_and(|(service, name)| glob(service, "iam") && all_stars(name))
}

fn is_every_resource(v: &PolicyValue) -> bool {
    v.as_text().is_some_and(all_stars)
}

/// Whether a resource pattern covers every role, user and policy of an account (`*`, `arn:aws:iam::*:*`,
/// `arn:aws:iam::123456789012:*`).
fn is_every_iam_resource(v: &PolicyValue) -> bool {
    let Some(r) = v.as_text() else { return false };
    if all_stars(r) {
        return true;
    }
    let parts: Vec<&str> = r.splitn(6, ':').collect();
    let literal = |i: usize, default: &'static str| match parts.get(i) {
        Some(p) if !p.contains(['*', '?']) => p.to_string(),
        _ => default.to_string(),
    };
    let (partition, account) = (literal(1, "aws"), literal(4, "123456789012"));
    ["role/r", "user/u", "policy/p"].iter().all(|kind| glob(r, &format!("arn:{partition}:iam::{account}:{kind}")))
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
            if let Some(bad) = sid.chars().find(|c| !c.is_ascii_alphanumeric()) {
                let fixed: String = sid
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .map(|w| {
                        let mut cs = w.chars();
                        cs.next().map(|f| f.to_ascii_uppercase().to_string() + cs.as_str()).unwrap_or_default()
                    })
                    .collect();
                issue(
                    format!("has Sid \"{sid}\" with `{bad}`; IAM accepts only letters and digits in a Sid"),
                    format!(
                        "use letters and digits only, e.g. `.sid(\"{}\")`",
                        if fixed.is_empty() { "Statement1" } else { &fixed }
                    ),
                );
            }
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
/// action but a few) on every resource (`Resource "*"`, or `NotResource`), and none of every IAM action
/// (`iam:*`, with which a principal grants itself everything) on every IAM resource, unless the statement
/// opts out by name with [`Statement::allow_full_admin`].
fn check_least_privilege(s: &Statement, issue: &mut impl FnMut(String, String)) {
    if s.effect != Effect::Allow || s.full_admin_reason.is_some() {
        return;
    }
    let actions = s.actions.iter().flatten();
    let every_resource = if let Some(r) = s.resources.iter().flatten().find(|r| is_every_resource(r)) {
        Some(format!("Resource \"{}\"", r.describe()))
    } else {
        s.not_resources.as_ref().map(|n| {
            let described: Vec<String> = n.iter().map(PolicyValue::describe).collect();
            format!("every resource but NotResource [{}]", quoted_list(&described))
        })
    };
    let every_action = if let Some(a) = actions.clone().find(|a| is_every_action(a)) {
        Some(format!("Action \"{a}\""))
    } else {
        s.not_actions.as_ref().map(|n| format!("every action but NotAction [{}]", quoted_list(n)))
    };
    let found = match (every_action, every_resource) {
        (Some(actions), Some(resources)) => Some(format!("{actions} on {resources}")),
        _ => {
            let iam = actions.clone().find(|a| is_every_iam_action(a));
            let iam_resource = s.resources.iter().flatten().find(|r| is_every_iam_resource(r));
            match (iam, iam_resource) {
                (Some(a), Some(r)) => Some(format!(
                    "Action \"{a}\" on Resource \"{}\" (every IAM action, with which it can grant itself every other)",
                    r.describe()
                )),
                _ => None,
            }
        }
    };
    if let Some(found) = found {
        issue(
            format!(
                "allows {found}, which is full administrator access and breaks the least-privilege rule (no `Action: *` with `Resource: *`)"
            ),
            FULL_ADMIN_FIX.into(),
        );
    }
}

/// The fix of a statement that breaks the least-privilege rule.
pub(crate) const FULL_ADMIN_FIX: &str = "list only the actions and resources needed; if full access is intended, call \
     `.allow_full_admin(\"<reason>\")` on the statement";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_like_iam() {
        assert!(glob("iam:*", "IAM:CreateRole"));
        assert!(glob("i?m:*", "iam:x"));
        assert!(glob("*", ""));
        assert!(glob("s3:Get*Acl", "s3:GetObjectAcl"));
        assert!(!glob("s3:Get*", "s3:PutObject"));
        assert!(!glob("iam", "iam:x"));
    }

    #[test]
    fn every_iam_action_and_resource() {
        for a in ["*", "*:*", "**", "iam:*", "IAM:*", "i*:*", "*:**"] {
            assert!(is_every_iam_action(a), "{a}");
        }
        for a in ["iam:Create*", "s3:*", "iam:PassRole", "ec2:*"] {
            assert!(!is_every_iam_action(a), "{a}");
        }
        for r in ["*", "arn:aws:iam::*:*", "arn:aws:iam::123456789012:*", "arn:*:iam::*", "arn:aws-cn:*"] {
            assert!(is_every_iam_resource(&PolicyValue::from(r)), "{r}");
        }
        for r in ["arn:aws:iam::123456789012:role/*", "arn:aws:s3:::*", "arn:aws:iam::*:user/ci"] {
            assert!(!is_every_iam_resource(&PolicyValue::from(r)), "{r}");
        }
    }
}
