//! [`PolicyDocument`]: a whole policy, checked and rendered as the literal JSON string policy attributes take.

use konductor_core::{AsScope, Problem, Value};

use super::policy_value::JsonParts;
use super::principal::Principal;
use super::statement::Statement;
use super::validate::{validate, PolicyIssue};

/// The policy language version every document is written with.
pub const POLICY_VERSION: &str = "2012-10-17";

/// An IAM policy document: identity policies (role inline policies, managed policies), trust policies,
/// resource-based policies (bucket, KMS key, queue, topic) and service control policies.
///
/// [`PolicyDocument::to_value`] checks it, reporting problems at synthesis, and renders it as the compact
/// JSON string cdktf wrote, with references inside:
///
/// ```
/// use konductor_aws::iam::{PolicyDocument, Principal, Statement};
/// use konductor_core::{template, App, AsScope, Environment, GenericResource, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "network", &Environment::new("dev").unwrap());
/// let logs = GenericResource::new(&stack, "flow-logs", "aws_cloudwatch_log_group");
/// let trust = PolicyDocument::assume_role(Principal::service("vpc-flow-logs.amazonaws.com"));
/// let write = PolicyDocument::new().statement(
///     Statement::allow()
///         .actions(["logs:CreateLogStream", "logs:PutLogEvents"])
///         .resources([logs.attr("arn"), template!("{}:*", logs.attr("arn"))]),
/// );
/// let role = GenericResource::new(&stack, "flow-log-role", "aws_iam_role")
///     .set("assume_role_policy", trust.to_value(&stack).into_val());
/// GenericResource::new(&stack, "flow-log-policy", "aws_iam_role_policy")
///     .set("role", role.attr("id"))
///     .set("policy", write.to_value(&stack).into_val());
/// let out = app.synthesize().unwrap();
/// assert!(out.stack("network").unwrap().contains(
///     r#"\"Resource\":[\"${aws_cloudwatch_log_group.flow-logs.arn}\",\"${aws_cloudwatch_log_group.flow-logs.arn}:*\"]"#
/// ));
/// ```
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PolicyDocument {
    pub(crate) id: Option<String>,
    pub(crate) statements: Vec<Statement>,
}

impl PolicyDocument {
    /// An empty document; add statements with [`PolicyDocument::statement`].
    ///
    /// ```
    /// use konductor_aws::iam::{PolicyDocument, Statement};
    /// let doc = PolicyDocument::new().statement(Statement::allow().action("sqs:SendMessage").resource("*"));
    /// # let _ = doc;
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The trust policy of a role that `principal` may assume: one `sts:AssumeRole` statement.
    ///
    /// ```
    /// use konductor_aws::iam::{PolicyDocument, Principal};
    /// let trust = PolicyDocument::assume_role(Principal::service("vpc-flow-logs.amazonaws.com"));
    /// # let _ = trust;
    /// ```
    pub fn assume_role(principal: Principal) -> Self {
        PolicyDocument::new().statement(Statement::assume_role(principal))
    }

    /// The policy's `Id` (used by SQS and SNS policies), written after `Version`; it also names the
    /// document in messages.
    ///
    /// ```
    /// use konductor_aws::iam::PolicyDocument;
    /// let doc = PolicyDocument::new().id("jobs-queue-policy");
    /// # let _ = doc;
    /// ```
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Adds a statement.
    ///
    /// ```
    /// use konductor_aws::iam::{PolicyDocument, Statement};
    /// let doc = PolicyDocument::new()
    ///     .statement(Statement::allow().action("s3:GetObject").resource("arn:aws:s3:::site-dev/*"));
    /// # let _ = doc;
    /// ```
    pub fn statement(mut self, statement: Statement) -> Self {
        self.statements.push(statement);
        self
    }

    /// Adds statements.
    ///
    /// ```
    /// use konductor_aws::iam::{PolicyDocument, Statement};
    /// let doc = PolicyDocument::new().statements([
    ///     Statement::allow().action("kms:Decrypt").resource("*"),
    ///     Statement::deny_insecure_transport("kms:*").resource("*"),
    /// ]);
    /// # let _ = doc;
    /// ```
    pub fn statements(mut self, statements: impl IntoIterator<Item = Statement>) -> Self {
        self.statements.extend(statements);
        self
    }

    /// The statements, in order.
    pub fn statement_list(&self) -> &[Statement] {
        &self.statements
    }

    /// Checks the document: the least-privilege rule and the shape rules IAM enforces.
    ///
    /// ```
    /// use konductor_aws::iam::{PolicyDocument, Statement};
    /// let admin = PolicyDocument::new().statement(Statement::allow().action("*").resource("*"));
    /// let issues = admin.validate().unwrap_err();
    /// assert!(issues[0].message.contains("least-privilege"));
    /// ```
    pub fn validate(&self) -> Result<(), Vec<PolicyIssue>> {
        let issues = validate(self);
        if issues.is_empty() {
            Ok(())
        } else {
            Err(issues)
        }
    }

    /// The document as the value of a policy attribute (`assume_role_policy`, `policy`, ...): compact JSON
    /// text, a literal string without references or a string template with them.
    ///
    /// Every problem [`PolicyDocument::validate`] finds is reported on `scope` (the construct that owns
    /// the policy) and makes synthesis fail, naming the construct path, the statement, the rule and the fix.
    ///
    /// ```
    /// use konductor_aws::iam::{PolicyDocument, Principal};
    /// use konductor_core::{App, Environment, Stack, Val};
    /// let app = App::new();
    /// let stack = Stack::new(&app, "s", &Environment::new("dev").unwrap());
    /// let trust = PolicyDocument::assume_role(Principal::service("vpc-flow-logs.amazonaws.com"));
    /// assert_eq!(
    ///     trust.to_value(&stack).val(),
    ///     &Val::str(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"vpc-flow-logs.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#)
    /// );
    /// ```
    pub fn to_value(&self, scope: &impl AsScope) -> Value<String> {
        if let Err(issues) = self.validate() {
            let scope = scope.scope();
            let name = match &self.id {
                Some(id) => format!("IAM policy \"{id}\""),
                None => "IAM policy".to_string(),
            };
            for issue in issues {
                let message = match &issue.statement {
                    Some(statement) => format!("{name} {statement} {}", issue.message),
                    None => format!("{name} {}", issue.message),
                };
                scope.report(Problem::new(scope.path(), message).with_fix(issue.fix));
            }
        }
        let rendered = self.render();
        // Checked here, with its opt-outs: the check of raw policy text accepts exactly this text as it is.
        let text = match &rendered {
            konductor_core::Val::Str(s) => s.to_string(),
            other => other.to_json_lossy().as_str().unwrap_or_default().to_string(),
        };
        if let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) {
            let scope = scope.scope();
            let canonical = crate::rules::policies::canonical(&json);
            let reason = format!("checked by PolicyDocument::to_value at {}", scope.path());
            if canonical != text {
                // The text itself too, which the check then knows without parsing it again.
                scope.acknowledge_subject(crate::rules::policies::TYPED_RULE, text, reason.clone());
            }
            scope.acknowledge_subject(crate::rules::policies::TYPED_RULE, canonical, reason);
        }
        Value::from_val(rendered)
    }

    /// The number of characters of the rendered JSON text, each reference counted as its `${...}` text:
    /// what AWS measures against a policy's size limit (service control policies: 5,120).
    ///
    /// ```
    /// use konductor_aws::iam::{PolicyDocument, Statement};
    /// let doc = PolicyDocument::new().statement(Statement::deny().action("organizations:LeaveOrganization").resource("*"));
    /// assert_eq!(doc.text_len(), 114);
    /// ```
    pub fn text_len(&self) -> usize {
        match self.render() {
            konductor_core::Val::Str(s) => s.chars().count(),
            konductor_core::Val::Expr(e) => e.to_string().chars().count(),
            other => other.to_json_lossy().to_string().chars().count(),
        }
    }

    /// Renders the document without checking it.
    pub(crate) fn render(&self) -> konductor_core::Val {
        let mut out = JsonParts::default();
        out.syntax("{");
        out.string("Version");
        out.syntax(":");
        out.string(POLICY_VERSION);
        if let Some(id) = &self.id {
            out.syntax(",");
            out.string("Id");
            out.syntax(":");
            out.string(id);
        }
        out.syntax(",");
        out.string("Statement");
        out.syntax(":[");
        for (i, s) in self.statements.iter().enumerate() {
            if i > 0 {
                out.syntax(",");
            }
            s.write(&mut out);
        }
        out.syntax("]}");
        out.finish()
    }
}
