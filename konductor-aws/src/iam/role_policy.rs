//! [`ManagedPolicy`]: a managed policy attached to a [`Role`](super::Role) (or its permissions boundary),
//! by typed ARN: an AWS-managed policy by name, a customer-managed policy by handle, or a literal ARN.

use konductor_core::{template, AsElement, Error, Expr, Result, Val, Value};

use crate::context::AwsContext;
use crate::l1::iam::IamPolicy;

/// A managed IAM policy, by typed ARN.
///
/// ```
/// use konductor_aws::iam::ManagedPolicy;
/// let eks = ManagedPolicy::aws("AmazonEKSClusterPolicy");
/// let deploy = ManagedPolicy::aws("service-role/AWSCodeDeployRole");
/// let audit = ManagedPolicy::arn("arn:aws:iam::123456789012:policy/audit");
/// # let _ = (eks, deploy, audit);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ManagedPolicy(Repr);

#[derive(Clone, Debug, PartialEq)]
enum Repr {
    /// `arn:${partition}:iam::aws:policy/<name>`.
    Aws(String),
    /// A customer-managed policy in this program: its ARN and logical id.
    Element { arn: Expr, logical_id: String },
    /// A literal ARN.
    Arn(String),
}

impl ManagedPolicy {
    /// An AWS-managed policy by name, with its path if it has one (`service-role/AWSCodeDeployRole`);
    /// the partition comes from the context, so it works in every partition.
    pub fn aws(name: &str) -> Self {
        ManagedPolicy(Repr::Aws(name.to_string()))
    }

    /// A customer-managed policy made in this program.
    ///
    /// ```
    /// use konductor_aws::iam::{ManagedPolicy, PolicyDocument, Statement};
    /// use konductor_aws::l1::iam::IamPolicy;
    /// konductor_core::testing::synth(|stack| {
    ///     let doc = PolicyDocument::new().statement(Statement::allow().action("s3:ListAllMyBuckets").resource("*"));
    ///     let p = IamPolicy::builder(stack, "list").name(stack.name("list")).policy(doc.to_value(stack)).build();
    ///     let _ = ManagedPolicy::of(&p);
    /// });
    /// ```
    pub fn of(policy: &IamPolicy) -> Self {
        ManagedPolicy(Repr::Element { arn: policy.arn().into_expr(), logical_id: policy.element().logical_id() })
    }

    /// A managed policy by literal ARN: `arn:<partition>:iam::<account or aws>:policy/<path/name>`.
    pub fn arn(arn: &str) -> Self {
        ManagedPolicy(Repr::Arn(arn.to_string()))
    }

    /// Checks the name or ARN; `path` locates the message.
    pub(crate) fn check(&self, path: &str) -> Result<()> {
        let name_ok = |n: &str| {
            !n.is_empty()
                && !n.starts_with('/')
                && n.chars().all(|c| c.is_ascii_alphanumeric() || "+=,.@_-/".contains(c))
        };
        match &self.0 {
            Repr::Aws(n) if !name_ok(n) => Err(Error::invalid(
                path,
                format!("`{n}` is not an AWS-managed policy name"),
                "give its name as IAM lists it, with its path if any: `AmazonEKSClusterPolicy`, `service-role/AWSCodeDeployRole`",
            )),
            Repr::Arn(a) => {
                let parts: Vec<&str> = a.splitn(6, ':').collect();
                let ok = parts.len() == 6
                    && parts[0] == "arn"
                    && parts[2] == "iam"
                    && (parts[4] == "aws" || (parts[4].len() == 12 && parts[4].chars().all(|c| c.is_ascii_digit())))
                    && parts[5].strip_prefix("policy/").is_some_and(name_ok);
                if ok {
                    Ok(())
                } else {
                    Err(Error::invalid(
                        path,
                        format!("`{a}` is not a managed policy ARN"),
                        "give `arn:aws:iam::<account>:policy/<name>`, or use `ManagedPolicy::aws(name)` for AWS-managed ones",
                    ))
                }
            }
            _ => Ok(()),
        }
    }

    /// The id of the attachment resource: `policy-AmazonEKSClusterPolicy`.
    pub(crate) fn attachment_id(&self) -> String {
        let raw = match &self.0 {
            Repr::Aws(n) => n.clone(),
            Repr::Element { logical_id, .. } => logical_id.clone(),
            Repr::Arn(a) => a.rsplit(":policy/").next().unwrap_or_default().to_string(),
        };
        format!("policy-{}", raw.replace('/', "-"))
    }

    /// The ARN.
    pub(crate) fn arn_value(&self, cx: &AwsContext) -> Value<String> {
        match &self.0 {
            Repr::Aws(n) => {
                Value::from_val(Val::Expr(template!("arn:{}:iam::aws:policy/{}", cx.partition(), n.as_str())))
            }
            Repr::Element { arn, .. } => Value::from_val(Val::Expr(arn.clone())),
            Repr::Arn(a) => Value::from_val(Val::str(a.as_str())),
        }
    }
}
