//! Grants: what [`Grantee`]s (roles) may do on building blocks, written as exact actions and resources on
//! both sides where AWS needs them: the grantee's IAM policy, and the resource or key policy.
//!
//! Every grant is merged into statements keyed by a statement id made from the grant and the resource's
//! construct path, with actions, principals, resources and condition values sorted, so a program writes
//! the same bytes whatever the order of its grant calls.
//!
//! ```
//! use konductor_aws::iam::{Role, RoleProps, Trust};
//! use konductor_aws::kms::{Key, KeyProps};
//! konductor_core::testing::synth(|stack| {
//!     let role = Role::new(stack, "app", RoleProps::builder().trust(Trust::service("lambda")).build().unwrap()).unwrap();
//!     let key = Key::new(stack, "data", KeyProps::default()).unwrap();
//!     key.grant_encrypt_decrypt(&role).unwrap();
//! });
//! ```
//!
//! A grant is refused, with the fix, when the grantee is managed through another provider configuration
//! than the resource (another account or region): the policies konductor writes hold for one account,
//! and a cross-account grant needs statements in both accounts.

mod merged;
mod policy;
mod sid;

use konductor_core::{Error, ProviderRef, Scope};

pub(crate) use merged::GrantStatement;
pub(crate) use policy::MergedPolicy;
pub(crate) use sid::sid_for;

use crate::iam::PolicyValue;

/// Something grants can be given to: an identity with an IAM policy konductor writes (an
/// [`iam::Role`](crate::iam::Role)). Sealed: the building blocks need to write both sides of a grant.
pub trait Grantee: sealed::Sealed {}

pub(crate) mod sealed {
    /// The identity side of a grant.
    pub trait Sealed {
        /// Where the grantee lives, its ARN and its policy.
        fn grant_target(&self) -> super::GrantTarget;
    }
}

/// The grantee as the resource side sees it.
#[doc(hidden)]
#[derive(Clone, Debug)]
pub struct GrantTarget {
    pub(crate) scope: Scope,
    pub(crate) arn: PolicyValue,
    pub(crate) policy: MergedPolicy,
}

impl GrantTarget {
    /// The construct path of the grantee.
    pub(crate) fn path(&self) -> String {
        self.scope.path()
    }
}

/// The AWS provider configuration that resources under `scope` use, as text for messages.
fn provider_text(p: &Option<ProviderRef>) -> String {
    match p {
        Some(p) => format!("`{}`", p.as_str()),
        None => "the default `aws` provider".to_string(),
    }
}

/// Checks that `grantee` is managed through the same provider configuration (account and region) as the
/// resource at `resource`; `what` names the grant for the message (`decrypt on key network/key`).
pub(crate) fn check_same_account(resource: &Scope, grantee: &GrantTarget, what: &str) -> Result<(), Error> {
    let mine = resource.default_provider("aws");
    let theirs = grantee.scope.default_provider("aws");
    if mine == theirs {
        return Ok(());
    }
    Err(Error::invalid(
        resource.path(),
        format!(
            "grant of {what} to role {} crosses accounts: the role is managed through {} and the resource through {}, and konductor writes grants for one account",
            grantee.path(),
            provider_text(&theirs),
            provider_text(&mine),
        ),
        "create the role under the same provider configuration as the resource (a construct with `.with_provider(...)`), or give the other account access with statements written in both accounts",
    ))
}

/// Checks that the key a block is given is managed through the provider configuration the block will
/// use (`here`); `what` names the block (`bucket`, `log group`).
pub(crate) fn check_key_provider(path: &str, what: &str, key_scope: &Scope, here: &Scope) -> Result<(), Error> {
    crate::block::same_provider(
        path,
        &format!("the {what}'s key"),
        key_scope,
        here,
        &format!("use a key of the {what}'s own account and region, or leave `.key(...)` out"),
    )
}

/// The identity side of a grant on the resource at `resource`: checks the account, then adds `actions`
/// on `resources` to the grantee's policy, in the statement `kind` + the resource's path (`S3ReadTestData`).
/// `what` names the grant in messages (`read on bucket test/data`).
pub(crate) fn grant_identity<V: Into<PolicyValue>>(
    resource: &Scope,
    grantee: &impl Grantee,
    what: &str,
    kind: &str,
    actions: &[&str],
    resources: impl IntoIterator<Item = V>,
) -> Result<GrantTarget, Error> {
    let target = sealed::Sealed::grant_target(grantee);
    check_same_account(resource, &target, what)?;
    let mut s = GrantStatement::allow(sid_for(kind, &resource.path())).actions(actions.iter().copied());
    for r in resources {
        s = s.resource(r);
    }
    target.policy.grant(s);
    Ok(target)
}

/// The names in `known` closest to `name`, for did-you-mean messages.
pub(crate) fn closest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(usize, &str)> = known.into_iter().map(|k| (distance(name, k), k)).collect();
    scored.sort();
    let best = scored.first().map(|s| s.0).unwrap_or(usize::MAX);
    scored.into_iter().filter(|(d, _)| *d == best && *d <= 3).map(|(_, k)| k).collect()
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb { prev } else { 1 + prev.min(cur).min(row[j]) };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_names() {
        assert_eq!(closest("log", ["logs", "sns", "cloudtrail"]), vec!["logs"]);
        assert!(closest("zzzzzzzz", ["logs", "sns"]).is_empty());
    }
}
