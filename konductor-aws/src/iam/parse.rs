//! Reading a policy document from its JSON text, so that raw policies (a generic resource's `policy`, an
//! override of `assume_role_policy` ...) are checked by the same rules as typed ones.

use serde_json::Value;

use super::condition::Condition;
use super::document::PolicyDocument;
use super::policy_value::PolicyValue;
use super::principal::Principal;
use super::statement::{Effect, Statement};
use super::validate::PolicyIssue;

fn document_issue(message: String, fix: &str) -> PolicyIssue {
    PolicyIssue { statement: None, message, fix: fix.to_string() }
}

/// One string or an array of strings; numbers and booleans read as their text (IAM does the same in
/// conditions).
fn strings(v: &Value) -> Option<Vec<String>> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match v {
        Value::Array(items) => items.iter().map(one).collect(),
        other => one(other).map(|s| vec![s]),
    }
}

fn principal(v: &Value, issues: &mut Vec<String>) -> Option<Principal> {
    match v {
        Value::String(s) if s == "*" => Some(Principal::anyone()),
        Value::Object(kinds) => {
            let mut out: Option<Principal> = None;
            for (kind, values) in kinds {
                let Some(values) = strings(values) else {
                    issues.push(format!("has a Principal `{kind}` that is not a string or an array of strings"));
                    continue;
                };
                let values = values.into_iter().map(PolicyValue::text).collect();
                match Principal::of_kind(kind, values) {
                    Some(p) => {
                        out = Some(match out.take() {
                            Some(o) => o.and(p),
                            None => p,
                        })
                    }
                    None => issues.push(format!(
                        "has a Principal of kind `{kind}`; IAM knows AWS, Service, Federated and CanonicalUser"
                    )),
                }
            }
            out
        }
        other => {
            issues.push(format!("has Principal {other}, which is neither \"*\" nor an object of principal kinds"));
            None
        }
    }
}

fn statement(v: &Value, issues: &mut Vec<String>) -> Statement {
    let Value::Object(fields) = v else {
        issues.push(format!("is {v}, not an object"));
        return Statement::allow();
    };
    let effect = match fields.get("Effect").and_then(Value::as_str) {
        Some("Allow") => Effect::Allow,
        Some("Deny") => Effect::Deny,
        other => {
            issues.push(match other {
                Some(e) => format!("has Effect \"{e}\"; IAM accepts \"Allow\" or \"Deny\""),
                None => "has no Effect; IAM needs \"Allow\" or \"Deny\"".to_string(),
            });
            Effect::Allow
        }
    };
    let mut s = Statement::new(effect);
    for (key, value) in fields {
        let list = |issues: &mut Vec<String>| {
            strings(value).or_else(|| {
                issues.push(format!("has {key} {value}, which is not a string or an array of strings"));
                None
            })
        };
        match key.as_str() {
            "Effect" => {}
            "Sid" => match value.as_str() {
                Some(sid) => s = s.sid(sid),
                None => issues.push(format!("has Sid {value}, which is not a string")),
            },
            "Principal" => {
                if let Some(p) = principal(value, issues) {
                    s = s.principal(p);
                }
            }
            "NotPrincipal" => {
                if let Some(p) = principal(value, issues) {
                    s = s.not_principal(p);
                }
            }
            "Action" => s = s.actions(list(issues).unwrap_or_default()),
            "NotAction" => s = s.not_actions(list(issues).unwrap_or_default()),
            "Resource" => s = s.resources(list(issues).unwrap_or_default()),
            "NotResource" => s = s.not_resources(list(issues).unwrap_or_default()),
            "Condition" => match value {
                Value::Object(operators) => {
                    for (op, keys) in operators {
                        let Value::Object(keys) = keys else {
                            issues.push(format!("has condition operator {op} whose value is not an object of keys"));
                            continue;
                        };
                        for (k, values) in keys {
                            match strings(values) {
                                Some(vs) => s = s.condition(Condition::new(op, k, vs)),
                                None => issues.push(format!("has condition {op} on \"{k}\" with values {values}")),
                            }
                        }
                    }
                }
                other => issues.push(format!("has Condition {other}, which is not an object")),
            },
            other => issues.push(format!("has element `{other}`, which IAM does not know")),
        }
    }
    s
}

impl PolicyDocument {
    /// Reads a policy document from its JSON text, for the checks of raw policies; every problem reading it
    /// is an issue (a statement without Effect, an unknown element ...), beside those
    /// [`PolicyDocument::validate`] then finds.
    ///
    /// ```
    /// use konductor_aws::iam::PolicyDocument;
    /// let (doc, issues) = PolicyDocument::from_json(
    ///     r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:*","Resource":"*"}}"#,
    /// )
    /// .unwrap();
    /// assert!(issues.is_empty());
    /// assert!(doc.validate().unwrap_err()[0].message.contains("full administrator access"));
    /// ```
    pub fn from_json(text: &str) -> Result<(PolicyDocument, Vec<PolicyIssue>), PolicyIssue> {
        let v: Value = serde_json::from_str(text).map_err(|e| {
            document_issue(format!("is not valid JSON ({e})"), "write the policy with `PolicyDocument` instead")
        })?;
        let Value::Object(fields) = &v else {
            return Err(document_issue(
                format!("is {v}, not a JSON object"),
                "write the policy with `PolicyDocument` instead",
            ));
        };
        let mut doc = PolicyDocument::new();
        let mut issues = Vec::new();
        for (key, value) in fields {
            match key.as_str() {
                "Version" => {
                    if value.as_str() != Some(super::POLICY_VERSION) && value.as_str() != Some("2008-10-17") {
                        issues.push(document_issue(
                            format!("has Version {value}; IAM knows \"2012-10-17\" and \"2008-10-17\""),
                            "use \"Version\": \"2012-10-17\"",
                        ));
                    }
                }
                "Id" => doc = doc.id(value.as_str().map_or_else(|| value.to_string(), str::to_string)),
                "Statement" => {
                    let items: Vec<&Value> = match value {
                        Value::Array(items) => items.iter().collect(),
                        one => vec![one],
                    };
                    for (i, item) in items.into_iter().enumerate() {
                        let mut found = Vec::new();
                        doc = doc.statement(statement(item, &mut found));
                        issues.extend(found.into_iter().map(|message| PolicyIssue {
                            statement: Some(format!("statement {}", i + 1)),
                            message,
                            fix: "write the statement as IAM's policy grammar says, or with `Statement`".into(),
                        }));
                    }
                }
                other => issues.push(document_issue(
                    format!("has element `{other}`, which IAM does not know"),
                    "remove it: a policy holds Version, Id and Statement",
                )),
            }
        }
        Ok((doc, issues))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_the_typed_document_writes() {
        let text = r#"{"Version":"2012-10-17","Id":"q","Statement":[{"Sid":"A","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["a","b"],"Condition":{"Bool":{"aws:SecureTransport":false}}},{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com"],"AWS":"1"},"Action":"sts:AssumeRole"}]}"#;
        let (doc, issues) = PolicyDocument::from_json(text).unwrap();
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(doc.statement_list().len(), 2);
        assert_eq!(doc.statement_list()[0].statement_id(), Some("A"));
        assert!(doc.validate().is_ok());
    }

    #[test]
    fn what_iam_would_refuse_is_an_issue() {
        let e = PolicyDocument::from_json("{\"Statement\": ").unwrap_err();
        assert!(e.message.starts_with("is not valid JSON"), "{e}");
        assert!(PolicyDocument::from_json("[1]").unwrap_err().message.contains("not a JSON object"));
        let (_, issues) = PolicyDocument::from_json(
            r#"{"Version":"2012","Statment":[],"Statement":[{"Effect":"allow","Action":1,"Principal":{"Human":"x"},"Resource":"*"}]}"#,
        )
        .unwrap();
        let text: Vec<String> = issues.iter().map(ToString::to_string).collect();
        assert!(text.iter().any(|t| t.contains("Version \"2012\"")), "{text:?}");
        assert!(text.iter().any(|t| t.contains("element `Statment`")), "{text:?}");
        assert!(text.iter().any(|t| t.contains("statement 1 has Effect \"allow\"")), "{text:?}");
        assert!(text.iter().any(|t| t.contains("Principal of kind `Human`")), "{text:?}");
    }
}
