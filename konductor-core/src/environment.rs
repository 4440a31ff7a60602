//! [`Environment`], the suffix every physical name carries, and [`Name`], a name that carries it.

use std::fmt;
use std::rc::Rc;

use crate::error::{Error, Result};

/// The environment a stack is deployed to: `dev`, `staging`, `pr-1234` ...
///
/// Every physical resource name made with [`Scope::name`](crate::Scope::name) ends with `-<suffix>`, so
/// that many environments can be deployed and destroyed side by side in one account.
///
/// ```
/// use konductor_core::Environment;
/// let env = Environment::new("dev").unwrap();
/// assert_eq!(env.suffix(), "dev");
/// assert!(Environment::new("Dev").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Environment(Rc<str>);

impl Environment {
    /// Validates `suffix`: lowercase ASCII letters, digits and hyphens, starting with a letter, not ending
    /// with a hyphen, at most 32 characters.
    pub fn new(suffix: &str) -> Result<Self> {
        let bad = |why: &str| {
            Error::invalid(
                "environment",
                format!("`{suffix}` is not a valid environment suffix: {why}"),
                "use lowercase letters, digits and hyphens, starting with a letter (for example `dev` or `pr-42`)",
            )
        };
        let Some(first) = suffix.chars().next() else {
            return Err(bad("it is empty"));
        };
        if !first.is_ascii_lowercase() {
            return Err(bad("it must start with a lowercase letter"));
        }
        if let Some(c) = suffix.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')) {
            return Err(bad(&format!("`{c}` is not allowed")));
        }
        if suffix.ends_with('-') {
            return Err(bad("it must not end with a hyphen"));
        }
        if suffix.len() > 32 {
            return Err(bad("it is longer than 32 characters"));
        }
        Ok(Environment(suffix.into()))
    }

    /// The stand-in environment of scopes outside any stack (a problem reported at synthesis).
    pub(crate) fn outside_stacks() -> Self {
        Environment("no-stack".into())
    }

    /// The suffix, as given.
    pub fn suffix(&self) -> &str {
        &self.0
    }

    /// `base` with this environment's suffix: `security-bucket` becomes `security-bucket-dev`.
    pub(crate) fn name(&self, base: &str) -> Name {
        let mut s = String::with_capacity(base.len() + 1 + self.0.len());
        s.push_str(base);
        s.push('-');
        s.push_str(&self.0);
        Name(s)
    }
}

impl fmt::Debug for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Environment({:?})", &*self.0)
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A physical resource name that carries the environment suffix.
///
/// The only way to make one from text is [`Scope::name`](crate::Scope::name); attributes that are AWS
/// physical names take a `Name` (or an expression), never a `&str`.
///
/// ```
/// use konductor_core::{App, Environment, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "storage", &Environment::new("dev").unwrap());
/// assert_eq!(stack.name("security-bucket").as_str(), "security-bucket-dev");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name(String);

impl Name {
    /// The full name, suffix included.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name a service derives from this one, which therefore carries the same suffix: EKS writes the
    /// logs of cluster `platform-dev` to `/aws/eks/platform-dev/cluster`.
    ///
    /// ```
    /// use konductor_core::{App, Environment, Stack};
    /// let app = App::new();
    /// let stack = Stack::new(&app, "eks", &Environment::new("dev").unwrap());
    /// let logs = stack.name("platform").within("/aws/eks/", "/cluster");
    /// assert_eq!(logs.as_str(), "/aws/eks/platform-dev/cluster");
    /// ```
    pub fn within(&self, prefix: &str, suffix: &str) -> Name {
        Name(format!("{prefix}{}{suffix}", self.0))
    }

    /// The name as a literal value, moving its text rather than copying it.
    pub(crate) fn into_literal(self) -> crate::Val {
        crate::Val::Str(self.0.into_boxed_str())
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Name({:?})", self.0)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Text that could become a [`Name`]: no type is one. It exists so that `Name::from("logs")` and
/// `"logs".into()` fail with a message that says how a name is made, instead of a list of `From` impls.
#[diagnostic::on_unimplemented(
    message = "a `Name` cannot be made from `{Self}`: physical names must carry the environment suffix",
    label = "text cannot become a `Name`",
    note = "make the name with `scope.name(\"...\")` (or `scope.name_from_path(\"...\")`), which appends the environment suffix: in a `dev` stack, `stack.name(\"logs\")` is `logs-dev`"
)]
pub trait NameFromText: sealed::Sealed {
    /// Never called: no type implements this trait.
    fn into_name(self) -> Name;
}

mod sealed {
    /// No type is sealed: [`NameFromText`](super::NameFromText) has no implementations.
    pub trait Sealed {}
}

impl<T: NameFromText> From<T> for Name {
    fn from(text: T) -> Name {
        text.into_name()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_suffixes() {
        for s in ["dev", "prod", "pr-42", "a1", "staging-eu-west-1"] {
            assert!(Environment::new(s).is_ok(), "{s}");
        }
    }

    #[test]
    fn invalid_suffixes_say_why() {
        let cases = [
            ("", "it is empty"),
            ("Dev", "start with a lowercase letter"),
            ("1dev", "start with a lowercase letter"),
            ("dev_1", "`_` is not allowed"),
            ("dev-", "must not end with a hyphen"),
        ];
        for (s, why) in cases {
            let e = Environment::new(s).unwrap_err().to_string();
            assert!(e.contains(why), "{s}: {e}");
            assert!(e.contains("[environment]"), "{e}");
        }
    }

    #[test]
    fn names_carry_the_suffix() {
        let env = Environment::new("dev").unwrap();
        assert_eq!(env.name("security-bucket").as_str(), "security-bucket-dev");
        assert_eq!(env.name("alias/app").as_str(), "alias/app-dev");
    }
}
