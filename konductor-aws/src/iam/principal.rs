//! [`Principal`]: who a statement of a trust or resource-based policy applies to.

use super::policy_value::{JsonParts, PolicyValue};

/// Who a statement applies to: the `Principal` (or `NotPrincipal`) element of trust policies and
/// resource-based policies (bucket, key, queue, topic).
///
/// Principals of several kinds combine with [`Principal::and`]; values of one kind are written as a
/// string, several as an array, kinds in the order they were added.
///
/// ```
/// use konductor_aws::iam::{PolicyDocument, Principal};
/// let p = Principal::service("ec2.amazonaws.com").and(Principal::service("lambda.amazonaws.com"));
/// # let _ = PolicyDocument::assume_role(p);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Principal(Kind);

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    /// `"*"`: everyone, including anonymous callers.
    Anyone,
    /// `{"AWS": ..., "Service": ...}`, kinds in insertion order.
    Typed(Vec<(&'static str, Vec<PolicyValue>)>),
}

impl Principal {
    /// A principal of one of the kinds IAM knows (`AWS`, `Service`, `Federated`, `CanonicalUser`), as read from
    /// a policy's JSON; `None` for any other kind.
    pub(crate) fn of_kind(kind: &str, values: Vec<PolicyValue>) -> Option<Self> {
        let kind = ["AWS", "Service", "Federated", "CanonicalUser"].into_iter().find(|k| *k == kind)?;
        Some(Principal(Kind::Typed(vec![(kind, values)])))
    }

    fn typed(kind: &'static str, value: impl Into<PolicyValue>) -> Self {
        Principal(Kind::Typed(vec![(kind, vec![value.into()])]))
    }

    /// An AWS account, IAM role, IAM user or assumed-role session: `{"AWS": "arn:aws:iam::123456789012:root"}`.
    ///
    /// ```
    /// use konductor_aws::iam::Principal;
    /// let p = Principal::aws("arn:aws:iam::123456789012:root");
    /// # let _ = p;
    /// ```
    pub fn aws(arn_or_account: impl Into<PolicyValue>) -> Self {
        Principal::typed("AWS", arn_or_account)
    }

    /// An AWS service: `{"Service": "vpc-flow-logs.amazonaws.com"}`.
    ///
    /// ```
    /// use konductor_aws::iam::Principal;
    /// let p = Principal::service("vpc-flow-logs.amazonaws.com");
    /// # let _ = p;
    /// ```
    pub fn service(service: impl Into<PolicyValue>) -> Self {
        Principal::typed("Service", service)
    }

    /// A web identity or SAML provider: `{"Federated": "arn:aws:iam::123456789012:oidc-provider/..."}`.
    ///
    /// ```
    /// use konductor_aws::iam::Principal;
    /// let p = Principal::federated("cognito-identity.amazonaws.com");
    /// # let _ = p;
    /// ```
    pub fn federated(provider: impl Into<PolicyValue>) -> Self {
        Principal::typed("Federated", provider)
    }

    /// An S3 canonical user id: `{"CanonicalUser": "79a59df9..."}`.
    ///
    /// ```
    /// use konductor_aws::iam::Principal;
    /// let p = Principal::canonical_user("79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be");
    /// # let _ = p;
    /// ```
    pub fn canonical_user(id: impl Into<PolicyValue>) -> Self {
        Principal::typed("CanonicalUser", id)
    }

    /// Everyone, including anonymous callers: `"*"`. Usually narrowed by a condition, as in a statement
    /// denying insecure transport.
    ///
    /// ```
    /// use konductor_aws::iam::Principal;
    /// let p = Principal::anyone();
    /// # let _ = p;
    /// ```
    pub fn anyone() -> Self {
        Principal(Kind::Anyone)
    }

    /// These principals and `other`'s: values of a kind already present are appended to it. Combined with
    /// [`Principal::anyone`], the result is everyone.
    ///
    /// ```
    /// use konductor_aws::iam::Principal;
    /// let p = Principal::aws("arn:aws:iam::111111111111:root").and(Principal::aws("arn:aws:iam::222222222222:root"));
    /// # let _ = p;
    /// ```
    pub fn and(self, other: Principal) -> Self {
        match (self.0, other.0) {
            (Kind::Typed(mut mine), Kind::Typed(theirs)) => {
                for (kind, values) in theirs {
                    match mine.iter_mut().find(|(k, _)| *k == kind) {
                        Some((_, existing)) => existing.extend(values),
                        None => mine.push((kind, values)),
                    }
                }
                Principal(Kind::Typed(mine))
            }
            _ => Principal(Kind::Anyone),
        }
    }

    /// Whether this is everyone (`"*"`).
    pub fn is_anyone(&self) -> bool {
        matches!(self.0, Kind::Anyone)
    }

    pub(crate) fn values(&self) -> impl Iterator<Item = &PolicyValue> {
        let typed = match &self.0 {
            Kind::Typed(kinds) => &kinds[..],
            Kind::Anyone => &[],
        };
        typed.iter().flat_map(|(_, v)| v)
    }

    pub(crate) fn write(&self, out: &mut JsonParts) {
        match &self.0 {
            Kind::Anyone => out.string("*"),
            Kind::Typed(kinds) => {
                out.syntax("{");
                for (i, (kind, values)) in kinds.iter().enumerate() {
                    if i > 0 {
                        out.syntax(",");
                    }
                    out.string(kind);
                    out.syntax(":");
                    write_one_or_many(values, out);
                }
                out.syntax("}");
            }
        }
    }
}

/// Writes one value as a string and several as an array, as IAM's own examples and cdktf do.
pub(crate) fn write_one_or_many(values: &[PolicyValue], out: &mut JsonParts) {
    if let [one] = values {
        return one.write(out);
    }
    out.syntax("[");
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.syntax(",");
        }
        v.write(out);
    }
    out.syntax("]");
}
