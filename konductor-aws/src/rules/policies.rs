//! Raw policy JSON (a generic resource's `policy`, an override of `assume_role_policy`, a bucket, key,
//! queue, topic or endpoint policy written as text) is read and checked by the same rules as a typed
//! [`PolicyDocument`]: the least-privilege rule (no `Allow` of every action, or of every IAM action, on every
//! resource), Sids of letters and digits, and the shape rules IAM enforces.
//!
//! A typed document is checked where it is turned into a value ([`PolicyDocument::to_value`]), with its
//! opt-outs ([`Statement::allow_full_admin`](crate::iam::Statement::allow_full_admin)); it records that on
//! the app as an acknowledgement of its exact text, so the check here accepts it as it is and does not
//! report it twice. Raw text that breaks the least-privilege rule on purpose is acknowledged by name with
//! [`acknowledge_full_admin`](crate::iam::acknowledge_full_admin).

use konductor_core::rules::CheckContext;
use serde_json::Value;

use crate::iam::{PolicyDocument, FULL_ADMIN_RULE};

/// The rule under which a typed document records its checked text.
pub(crate) const TYPED_RULE: &str = "aws-iam-policy-document";

/// The text by which a policy is recognised: its JSON, compact, with Terraform's `$${` escapes undone (so
/// the text of a literal and of the same value written out compare equal).
pub(crate) fn canonical(json: &Value) -> String {
    let text = json.to_string();
    if text.contains("$${") || text.contains("%%{") {
        text.replace("$${", "${").replace("%%{", "%{")
    } else {
        text
    }
}

/// The fix of a raw statement that breaks the least-privilege rule.
const RAW_FULL_ADMIN_FIX: &str = "list only the actions and resources needed; if full access is intended, build \
     the policy with `PolicyDocument` and `.allow_full_admin(\"<reason>\")` on the statement, or acknowledge it \
     with `konductor_aws::iam::acknowledge_full_admin(&scope, \"<reason>\")`";

/// Checks the policy text `text` of attribute `attr`.
fn check_text(attr: &str, text: &str, ctx: &CheckContext<'_>, out: &mut Vec<(String, String)>) {
    // The exact text a typed document rendered (recorded as it was, beside its canonical text): checked
    // already, with its opt-outs; recognised without reading it again.
    if ctx.acknowledged(TYPED_RULE, text).is_some() {
        return;
    }
    let interpolated = text.contains("${");
    let json: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        // `${data.aws_iam_policy_document.x.json}`, `${jsonencode(...)}`: known only to Terraform.
        Err(_) if interpolated => return,
        Err(e) => {
            out.push((
                format!("{attr} is not a JSON policy document ({e})"),
                "write the policy with `konductor_aws::iam::PolicyDocument` and `.to_value(&scope)`".into(),
            ));
            return;
        }
    };
    if ctx.acknowledged(TYPED_RULE, &canonical(&json)).is_some() {
        return;
    }
    let (mut doc, mut issues) = match PolicyDocument::from_json(&json.to_string()) {
        Ok(read) => read,
        Err(issue) => (PolicyDocument::new(), vec![issue]),
    };
    let statements: Vec<&Value> = match &json["Statement"] {
        Value::Array(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        one => vec![one],
    };
    for (s, v) in doc.statements.iter_mut().zip(statements) {
        if let Some(reason) = ctx.acknowledged(FULL_ADMIN_RULE, &canonical(v)) {
            s.full_admin_reason = Some(reason.to_string());
        }
    }
    if let Err(found) = doc.validate() {
        issues.extend(found);
    }
    for mut issue in issues {
        if issue.fix == crate::iam::validate::FULL_ADMIN_FIX {
            issue.fix = RAW_FULL_ADMIN_FIX.into();
        }
        let fix = std::mem::take(&mut issue.fix);
        let mut message = issue.to_string();
        message.truncate(message.len() - 2); // the `: ` before the (now empty) fix
        out.push((format!("{attr}: {message}"), fix));
    }
}

/// Checks every policy text at `path` in `body` (lists of blocks on the way are followed into every item).
fn check_at(body: &Value, path: &[&str], ctx: &CheckContext<'_>, out: &mut Vec<(String, String)>) {
    check_below(body, path, &path.join("."), ctx, out);
}

fn check_below(body: &Value, path: &[&str], label: &str, ctx: &CheckContext<'_>, out: &mut Vec<(String, String)>) {
    let Some((key, rest)) = path.split_first() else { return };
    let items: Vec<&Value> = match body {
        Value::Array(items) => items.iter().collect(),
        one => vec![one],
    };
    for item in items {
        match (item.get(*key), rest.is_empty()) {
            (Some(Value::String(text)), true) => check_text(label, text, ctx, out),
            (Some(v), false) => check_below(v, rest, label, ctx, out),
            _ => {}
        }
    }
}

macro_rules! policy_checks {
    ($($(#[$doc:meta])* $name:ident => [$($path:expr),+];)*) => {$(
        $(#[$doc])*
        pub(crate) fn $name(body: &Value, ctx: &CheckContext<'_>) -> Vec<(String, String)> {
            let mut out = Vec::new();
            $(check_at(body, $path, ctx, &mut out);)+
            out
        }
    )*};
}

policy_checks! {
    /// Identity and resource policies in a `policy` attribute.
    policy => [&["policy"]];
    /// A role's trust policy and its inline policies.
    role => [&["assume_role_policy"], &["inline_policy", "policy"]];
    /// An SSO permission set's inline policy.
    inline_policy => [&["inline_policy"]];
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(body: Value) -> Vec<String> {
        policy(&body, &CheckContext::default()).into_iter().map(|(m, f)| format!("{m}: {f}")).collect()
    }

    #[test]
    fn raw_admin_policies_are_refused() {
        let admin = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}"#;
        let r = check(json!({ "policy": admin }));
        assert_eq!(r.len(), 1, "{r:?}");
        assert!(
            r[0].starts_with(
                "policy: IAM policy statement 1 allows Action \"iam:*\" on Resource \"*\" (every IAM action, with \
                 which it can grant itself every other), which is full administrator access"
            ),
            "{r:?}"
        );
        assert!(r[0].ends_with("konductor_aws::iam::acknowledge_full_admin(&scope, \"<reason>\")`"), "{r:?}");
    }

    #[test]
    fn sids_shape_and_syntax() {
        let r = check(
            json!({ "policy": r#"{"Version":"2012-10-17","Statement":{"Sid":"read logs","Effect":"Allow","Action":"logs:Get*","Resource":"*"}}"# }),
        );
        assert_eq!(
            r,
            ["policy: IAM policy statement 1 (Sid \"read logs\") has Sid \"read logs\" with ` `; IAM accepts only \
              letters and digits in a Sid: use letters and digits only, e.g. `.sid(\"ReadLogs\")`"]
        );
        let r = check(json!({ "policy": "{\"Version\": \"2012-10-17\", " }));
        assert!(r[0].starts_with("policy is not a JSON policy document"), "{r:?}");
        // Known only to Terraform: left to it.
        assert!(check(json!({ "policy": "${data.aws_iam_policy_document.x.json}" })).is_empty());
        assert!(check(json!({ "policy": "${jsonencode({Statement = []})}" })).is_empty());
    }

    #[test]
    fn inline_policies_of_roles_are_checked_too() {
        let body = json!({
            "assume_role_policy": r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
            "inline_policy": [{"name": "x", "policy": r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}]}"#}]
        });
        let r = role(&body, &CheckContext::default());
        assert_eq!(r.len(), 1, "{r:?}");
        assert!(
            r[0].0.starts_with("inline_policy.policy: IAM policy statement 1 allows every action but NotAction"),
            "{r:?}"
        );
    }
}
