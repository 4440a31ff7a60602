//! [`Account`]: a member account of an organization, and the checks of its email address.

use std::collections::BTreeMap;

/// The role AWS Organizations creates in a new account for the management account to assume.
pub const DEFAULT_ACCESS_ROLE: &str = "OrganizationAccountAccessRole";

/// A member account: its name, root email, OU and tags. `close_on_deletion` is always true, so
/// `terraform destroy` closes it.
///
/// ```
/// use konductor_aws::organization::Account;
/// let a = Account::new("log-archive", "aws+log-archive@example.com").ou("Security").tag("Purpose", "logs");
/// assert_eq!(a.name(), "log-archive");
/// assert_eq!(a.role_name(), "OrganizationAccountAccessRole");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Account {
    pub(crate) name: String,
    pub(crate) email: String,
    pub(crate) ou: Option<String>,
    pub(crate) role_name: String,
    pub(crate) tags: BTreeMap<String, String>,
}

impl Account {
    /// An account `name` (1 to 50 characters) whose root user has the email address `email`, placed at
    /// the root until [`Account::ou`] says otherwise.
    ///
    /// ```
    /// use konductor_aws::organization::Account;
    /// let a = Account::new("dev", "aws+dev@example.com");
    /// # let _ = a;
    /// ```
    pub fn new(name: impl Into<String>, email: impl Into<String>) -> Self {
        Account {
            name: name.into(),
            email: email.into(),
            ou: None,
            role_name: DEFAULT_ACCESS_ROLE.to_string(),
            tags: BTreeMap::new(),
        }
    }

    /// The OU the account lives in, by path: `"Workloads/Prod"`.
    ///
    /// ```
    /// use konductor_aws::organization::Account;
    /// let a = Account::new("prod", "aws+prod@example.com").ou("Workloads/Prod");
    /// # let _ = a;
    /// ```
    pub fn ou(mut self, path: impl Into<String>) -> Self {
        self.ou = Some(path.into());
        self
    }

    /// The role AWS Organizations creates for the management account (default
    /// `OrganizationAccountAccessRole`).
    ///
    /// ```
    /// use konductor_aws::organization::Account;
    /// let a = Account::new("prod", "aws+prod@example.com").access_role("LandingZoneAdmin");
    /// assert_eq!(a.role_name(), "LandingZoneAdmin");
    /// ```
    pub fn access_role(mut self, role: impl Into<String>) -> Self {
        self.role_name = role.into();
        self
    }

    /// Adds a tag.
    ///
    /// ```
    /// use konductor_aws::organization::Account;
    /// let a = Account::new("prod", "aws+prod@example.com").tag("CostCenter", "1234");
    /// # let _ = a;
    /// ```
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(key.into(), value.into());
        self
    }

    /// The account's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The root user's email address.
    pub fn email(&self) -> &str {
        &self.email
    }

    /// The access role's name: the role the management account assumes in this account.
    pub fn role_name(&self) -> &str {
        &self.role_name
    }
}

/// Whether `role` is an IAM role name: 1 to 64 letters, digits and `+=,.@_-`.
pub(crate) fn is_role_name(role: &str) -> bool {
    (1..=64).contains(&role.len()) && role.chars().all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
}

/// What is wrong with an email address for an AWS account root user, if anything: 6 to 64 characters,
/// one `@`, a local part of letters, digits and ``!#$%&'*+-/=?^_`{|}~.`` (no leading, trailing or double
/// dots), and a domain of at least two labels of letters, digits and hyphens.
///
/// ```
/// use konductor_aws::organization::email_problem;
/// assert_eq!(email_problem("aws+prod@example.com"), None);
/// assert_eq!(email_problem("aws.example.com"), Some("has no `@`"));
/// ```
pub fn email_problem(email: &str) -> Option<&'static str> {
    if !(6..=64).contains(&email.len()) {
        return Some("is not 6 to 64 characters long");
    }
    let Some((local, domain)) = email.rsplit_once('@') else { return Some("has no `@`") };
    if local.is_empty() || local.contains('@') {
        return Some("needs exactly one `@` with a name before it");
    }
    let local_ok = local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    if !local_ok || local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Some("has characters or dots before the `@` that email addresses cannot have");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if labels.len() < 2 || !labels.iter().all(label_ok) {
        return Some("has no valid domain after the `@`");
    }
    if labels.last().is_some_and(|tld| tld.len() < 2 || tld.chars().all(|c| c.is_ascii_digit())) {
        return Some("has no valid top-level domain");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::email_problem;

    #[test]
    fn emails() {
        for good in ["a+b@example.com", "first.last@sub.example.co.uk", "x_y@ex-ample.org"] {
            assert_eq!(email_problem(good), None, "{good}");
        }
        for bad in [
            "",
            "a@b",
            "no-at.example.com",
            "a@@example.com",
            ".a@example.com",
            "a..b@example.com",
            "a b@example.com",
            "a@-example.com",
            "a@example",
            "a@example.123",
            "a@exa_mple.com",
        ] {
            assert!(email_problem(bad).is_some(), "{bad}");
        }
    }
}
