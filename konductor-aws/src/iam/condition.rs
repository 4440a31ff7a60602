//! [`Condition`]: one test of a statement's `Condition` element, with helpers for the conditions every
//! secure stack uses (MFA, external id, TLS only, organization membership, confused-deputy protection).

use konductor_core::{Attr, Expr, Name};

use super::policy_value::PolicyValue;

/// One condition test: an operator (`StringEquals`, `Bool`, ...), a condition key and the values it
/// accepts (any of them matches). A statement's conditions all have to hold.
///
/// Values are written as strings (`true` becomes `"true"`), one value as a string and several as an
/// array. Conditions are grouped by operator in the order the operators first appear.
///
/// ```
/// use konductor_aws::iam::{Condition, Principal, Statement};
/// let trust = Statement::assume_role(Principal::aws("arn:aws:iam::123456789012:root"))
///     .condition(Condition::bool("aws:MultiFactorAuthPresent", true))
///     .condition(Condition::string_equals("sts:ExternalId", "r1-external-env1"));
/// # let _ = trust;
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub(crate) operator: String,
    pub(crate) key: String,
    pub(crate) values: Vec<PolicyValue>,
}

/// What a condition's values can be: one string, boolean, number or expression, or an array or `Vec`
/// of strings or expressions.
pub trait ConditionValues {
    /// The values, as strings.
    fn into_values(self) -> Vec<PolicyValue>;
}

macro_rules! single_condition_value {
    ($($t:ty),*) => {$(
        impl ConditionValues for $t {
            fn into_values(self) -> Vec<PolicyValue> {
                vec![self.into()]
            }
        }
    )*};
}
single_condition_value!(&str, String, &String, Name, &Name, Expr, &Expr, PolicyValue);

impl<T> ConditionValues for Attr<T> {
    fn into_values(self) -> Vec<PolicyValue> {
        vec![self.into()]
    }
}
impl<T> ConditionValues for &Attr<T> {
    fn into_values(self) -> Vec<PolicyValue> {
        vec![self.into()]
    }
}
impl ConditionValues for bool {
    fn into_values(self) -> Vec<PolicyValue> {
        vec![PolicyValue::text(if self { "true" } else { "false" })]
    }
}
macro_rules! number_condition_value {
    ($($t:ty),*) => {$(
        impl ConditionValues for $t {
            fn into_values(self) -> Vec<PolicyValue> {
                vec![PolicyValue::text(self.to_string())]
            }
        }
    )*};
}
number_condition_value!(i32, i64, u16, u32, u64, usize);

impl<X: Into<PolicyValue>, const N: usize> ConditionValues for [X; N] {
    fn into_values(self) -> Vec<PolicyValue> {
        self.into_iter().map(Into::into).collect()
    }
}
impl<X: Into<PolicyValue>> ConditionValues for Vec<X> {
    fn into_values(self) -> Vec<PolicyValue> {
        self.into_iter().map(Into::into).collect()
    }
}

macro_rules! operators {
    ($($(#[$doc:meta])* $name:ident => $op:literal;)*) => {$(
        $(#[$doc])*
        pub fn $name(key: impl Into<String>, values: impl ConditionValues) -> Self {
            Condition::new($op, key, values)
        }
    )*};
}

impl Condition {
    /// A condition with any operator: `Condition::new("StringEquals", "aws:RequestedRegion", "eu-west-1")`.
    ///
    /// ```
    /// use konductor_aws::iam::Condition;
    /// let c = Condition::new("StringEqualsIgnoreCase", "aws:PrincipalTag/team", "platform");
    /// # let _ = c;
    /// ```
    pub fn new(operator: impl Into<String>, key: impl Into<String>, values: impl ConditionValues) -> Self {
        Condition { operator: operator.into(), key: key.into(), values: values.into_values() }
    }

    operators! {
        /// `StringEquals`: exact, case-sensitive match.
        ///
        /// ```
        /// use konductor_aws::iam::Condition;
        /// let c = Condition::string_equals("sts:ExternalId", "r1-external-env1");
        /// # let _ = c;
        /// ```
        string_equals => "StringEquals";
        /// `StringNotEquals`.
        ///
        /// ```
        /// use konductor_aws::iam::Condition;
        /// let c = Condition::string_not_equals("aws:RequestedRegion", ["eu-west-1", "eu-central-1"]);
        /// # let _ = c;
        /// ```
        string_not_equals => "StringNotEquals";
        /// `StringEqualsIgnoreCase`.
        ///
        /// ```
        /// use konductor_aws::iam::Condition;
        /// let c = Condition::string_equals_ignore_case("aws:PrincipalTag/team", "Platform");
        /// # let _ = c;
        /// ```
        string_equals_ignore_case => "StringEqualsIgnoreCase";
        /// `StringLike`: `*` and `?` wildcards.
        ///
        /// ```
        /// use konductor_aws::iam::Condition;
        /// let c = Condition::string_like("s3:prefix", ["home/*"]);
        /// # let _ = c;
        /// ```
        string_like => "StringLike";
        /// `StringNotLike`.
        ///
        /// ```
        /// use konductor_aws::iam::Condition;
        /// let c = Condition::string_not_like("aws:userid", "AIDA*");
        /// # let _ = c;
        /// ```
        string_not_like => "StringNotLike";
        /// `ArnEquals`.
        ///
        /// ```
        /// use konductor_aws::iam::Condition;
        /// let c = Condition::arn_equals("aws:SourceArn", "arn:aws:sns:eu-west-1:123456789012:alerts");
        /// # let _ = c;
        /// ```
        arn_equals => "ArnEquals";
        /// `ArnLike`: ARN match with wildcards.
        ///
        /// ```
        /// use konductor_aws::iam::Condition;
        /// let c = Condition::arn_like("aws:SourceArn", "arn:aws:logs:*:123456789012:*");
        /// # let _ = c;
        /// ```
        arn_like => "ArnLike";
        /// `ArnNotEquals`.
        ///
        /// ```
        /// use konductor_aws::iam::Condition;
        /// let c = Condition::arn_not_equals("aws:PrincipalArn", "arn:aws:iam::123456789012:role/admin");
        /// # let _ = c;
        /// ```
        arn_not_equals => "ArnNotEquals";
        /// `ArnNotLike`.
        ///
        /// ```
        /// use konductor_aws::iam::Condition;
        /// let c = Condition::arn_not_like("aws:PrincipalArn", "arn:aws:iam::*:role/break-glass-*");
        /// # let _ = c;
        /// ```
        arn_not_like => "ArnNotLike";
        /// `NumericEquals`.
        ///
        /// ```
        /// use konductor_aws::iam::Condition;
        /// let c = Condition::numeric_equals("s3:max-keys", 10);
        /// # let _ = c;
        /// ```
        numeric_equals => "NumericEquals";
        /// `NumericLessThan`.
        ///
        /// ```
        /// use konductor_aws::iam::Condition;
        /// let c = Condition::numeric_less_than("aws:MultiFactorAuthAge", 3600);
        /// # let _ = c;
        /// ```
        numeric_less_than => "NumericLessThan";
        /// `NumericLessThanEquals`.
        ///
        /// ```
        /// use konductor_aws::iam::Condition;
        /// let c = Condition::numeric_less_than_equals("aws:MultiFactorAuthAge", 3600);
        /// # let _ = c;
        /// ```
        numeric_less_than_equals => "NumericLessThanEquals";
        /// `NumericGreaterThan`.
        ///
        /// ```
        /// use konductor_aws::iam::Condition;
        /// let c = Condition::numeric_greater_than("s3:TlsVersion", "1.1");
        /// # let _ = c;
        /// ```
        numeric_greater_than => "NumericGreaterThan";
        /// `NumericGreaterThanEquals`.
        ///
        /// ```
        /// use konductor_aws::iam::Condition;
        /// let c = Condition::numeric_greater_than_equals("s3:TlsVersion", "1.2");
        /// # let _ = c;
        /// ```
        numeric_greater_than_equals => "NumericGreaterThanEquals";
        /// `DateLessThan`.
        ///
        /// ```
        /// use konductor_aws::iam::Condition;
        /// let c = Condition::date_less_than("aws:CurrentTime", "2030-01-01T00:00:00Z");
        /// # let _ = c;
        /// ```
        date_less_than => "DateLessThan";
        /// `DateGreaterThan`.
        ///
        /// ```
        /// use konductor_aws::iam::Condition;
        /// let c = Condition::date_greater_than("aws:CurrentTime", "2025-01-01T00:00:00Z");
        /// # let _ = c;
        /// ```
        date_greater_than => "DateGreaterThan";
        /// `IpAddress`: the caller's address is in one of these CIDR ranges.
        ///
        /// ```
        /// use konductor_aws::iam::Condition;
        /// let c = Condition::ip_address("aws:SourceIp", ["203.0.113.0/24"]);
        /// # let _ = c;
        /// ```
        ip_address => "IpAddress";
        /// `NotIpAddress`.
        ///
        /// ```
        /// use konductor_aws::iam::Condition;
        /// let c = Condition::not_ip_address("aws:SourceIp", "203.0.113.0/24");
        /// # let _ = c;
        /// ```
        not_ip_address => "NotIpAddress";
    }

    /// `Bool`: `Condition::bool("aws:MultiFactorAuthPresent", true)` writes
    /// `{"Bool":{"aws:MultiFactorAuthPresent":"true"}}`.
    ///
    /// ```
    /// use konductor_aws::iam::Condition;
    /// let c = Condition::bool("aws:SecureTransport", false);
    /// # let _ = c;
    /// ```
    pub fn bool(key: impl Into<String>, value: bool) -> Self {
        Condition::new("Bool", key, value)
    }

    /// `Null`: whether the key is absent (`true`) or present (`false`) in the request.
    ///
    /// ```
    /// use konductor_aws::iam::Condition;
    /// let c = Condition::null("aws:TokenIssueTime", false);
    /// # let _ = c;
    /// ```
    pub fn null(key: impl Into<String>, absent: bool) -> Self {
        Condition::new("Null", key, absent)
    }

    /// The caller signed in with MFA: `Bool` `aws:MultiFactorAuthPresent` `"true"`.
    ///
    /// ```
    /// use konductor_aws::iam::Condition;
    /// assert_eq!(Condition::mfa_present(), Condition::bool("aws:MultiFactorAuthPresent", true));
    /// ```
    pub fn mfa_present() -> Self {
        Condition::bool("aws:MultiFactorAuthPresent", true)
    }

    /// The third party assuming the role passed this external id: `StringEquals` `sts:ExternalId`.
    ///
    /// ```
    /// use konductor_aws::iam::Condition;
    /// let c = Condition::external_id("r1-external-env1");
    /// # let _ = c;
    /// ```
    pub fn external_id(id: impl Into<PolicyValue>) -> Self {
        Condition::string_equals("sts:ExternalId", id.into())
    }

    /// The caller belongs to this AWS Organization: `StringEquals` `aws:PrincipalOrgID`.
    ///
    /// ```
    /// use konductor_aws::iam::Condition;
    /// let c = Condition::principal_org_id("o-a1b2c3d4e5");
    /// # let _ = c;
    /// ```
    pub fn principal_org_id(org_id: impl Into<PolicyValue>) -> Self {
        Condition::string_equals("aws:PrincipalOrgID", org_id.into())
    }

    /// The request was sent without TLS: `Bool` `aws:SecureTransport` `"false"`, for a statement that
    /// denies it (see [`Statement::deny_insecure_transport`](super::Statement::deny_insecure_transport)).
    ///
    /// ```
    /// use konductor_aws::iam::Condition;
    /// assert_eq!(Condition::insecure_transport(), Condition::bool("aws:SecureTransport", false));
    /// ```
    pub fn insecure_transport() -> Self {
        Condition::bool("aws:SecureTransport", false)
    }

    /// A service acts for this account: `StringEquals` `aws:SourceAccount` (confused-deputy protection).
    ///
    /// ```
    /// use konductor_aws::iam::Condition;
    /// let c = Condition::source_account("123456789012");
    /// # let _ = c;
    /// ```
    pub fn source_account(account_id: impl Into<PolicyValue>) -> Self {
        Condition::string_equals("aws:SourceAccount", account_id.into())
    }

    /// A service acts for this resource: `ArnLike` `aws:SourceArn` (confused-deputy protection).
    ///
    /// ```
    /// use konductor_aws::iam::Condition;
    /// let c = Condition::source_arn("arn:aws:logs:eu-west-1:123456789012:*");
    /// # let _ = c;
    /// ```
    pub fn source_arn(arn: impl Into<PolicyValue>) -> Self {
        Condition::arn_like("aws:SourceArn", arn.into())
    }

    /// The same test, also true when the key is absent: `StringEquals` becomes `StringEqualsIfExists`.
    ///
    /// ```
    /// use konductor_aws::iam::Condition;
    /// let c = Condition::string_equals("aws:SourceVpc", "vpc-1234").if_exists();
    /// # let _ = c;
    /// ```
    pub fn if_exists(mut self) -> Self {
        if !self.operator.ends_with("IfExists") {
            self.operator.push_str("IfExists");
        }
        self
    }

    /// For a multivalued key, true when any value matches: `ForAnyValue:StringLike`.
    ///
    /// ```
    /// use konductor_aws::iam::Condition;
    /// let c = Condition::string_like("aws:TagKeys", ["team", "cost-*"]).for_any_value();
    /// # let _ = c;
    /// ```
    pub fn for_any_value(mut self) -> Self {
        self.operator = format!("ForAnyValue:{}", self.operator);
        self
    }

    /// For a multivalued key, true when every value matches: `ForAllValues:StringEquals`.
    ///
    /// ```
    /// use konductor_aws::iam::Condition;
    /// let c = Condition::string_equals("aws:TagKeys", ["team", "env"]).for_all_values();
    /// # let _ = c;
    /// ```
    pub fn for_all_values(mut self) -> Self {
        self.operator = format!("ForAllValues:{}", self.operator);
        self
    }

    /// The operator: `StringEquals`.
    pub fn operator(&self) -> &str {
        &self.operator
    }

    /// The condition key: `sts:ExternalId`.
    pub fn key(&self) -> &str {
        &self.key
    }
}
