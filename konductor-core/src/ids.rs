//! What Terraform accepts as a name: the ids of outputs, variables and locals (their Terraform names) and
//! the logical ids of resources, and the stack ids that name directories. Nothing is rewritten silently:
//! an id Terraform cannot take is an error with the fix.

use crate::error::Problem;

/// Whether cdktf's `makeUniqueId` keeps `c` (it drops every other character).
fn kept(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// `id` with every character `makeUniqueId` would drop replaced by `_`, for a suggested fix.
fn suggestion(id: &str) -> String {
    let s: String = id.chars().map(|c| if kept(c) { c } else { '_' }).collect();
    match s.chars().next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => s,
        Some(_) => format!("_{s}"),
        None => "name".into(),
    }
}

/// The problem with the Terraform name of an output, variable or local `id` (`kind`), whose logical id is
/// `logical_id`, at `path`; `None` when Terraform can take it.
///
/// At stack level the name is the id itself, so every character must be one Terraform names hold (no
/// silent dropping); the name must not be empty (`Default` alone is dropped, as cdktf does) and must start
/// with a letter or `_`.
pub(crate) fn terraform_name_problem(
    kind: &str,
    id: &str,
    logical_id: &str,
    path: &dyn Fn() -> String,
) -> Option<Problem> {
    if let Some(bad) = id.chars().find(|c| !kept(*c)) {
        return Some(
            Problem::new(
                path(),
                format!("{kind} id `{id}` contains {bad:?}, which a Terraform name cannot hold (konductor would have to drop it)"),
            )
            .with_fix(format!("use only letters, digits, `_` and `-`: `{}`", suggestion(id))),
        );
    }
    // Only `Default` components: no human part is left, just `_` and the hash (cdktf refuses this).
    let nameless = logical_id.is_empty()
        || (id == "Default"
            && logical_id.len() == 9
            && logical_id.starts_with('_')
            && logical_id[1..].bytes().all(|b| b.is_ascii_hexdigit()));
    match logical_id.chars().next() {
        _ if nameless => Some(
            Problem::new(
                path(),
                format!("{kind} id `{id}` leaves the {kind} without a name: `Default` components are dropped from names, as cdktf drops them"),
            )
            .with_fix(format!("give the {kind} another id")),
        ),
        Some(c) if !(c.is_ascii_alphabetic() || c == '_') => Some(
            Problem::new(
                path(),
                format!("{kind} name `{logical_id}` starts with {c:?}; Terraform names start with a letter or `_`"),
            )
            .with_fix(if logical_id == id {
                format!("start the id with a letter: `{}`", suggestion(id))
            } else {
                "start the first construct id below the stack with a letter".to_string()
            }),
        ),
        _ => None,
    }
}

/// The problem with the logical id of resource or data source `address` at `path`, if Terraform cannot
/// take it (empty, or starting with a digit). Characters cdktf drops are dropped, as cdktf does, so that
/// state carries over.
pub(crate) fn logical_id_problem(address: &str, logical_id: &str, path: &dyn Fn() -> String) -> Option<Problem> {
    match logical_id.chars().next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => None,
        None => Some(
            Problem::new(
                path(),
                format!(
                    "`{address}` has an empty logical id: its id keeps no letter, digit, `_` or `-` (or is `Default`)"
                ),
            )
            .with_fix("use an id of letters, digits, `_` and `-`"),
        ),
        Some(c) => Some(
            Problem::new(
                path(),
                format!("`{address}` starts its logical id with {c:?}; Terraform names start with a letter or `_`"),
            )
            .with_fix("start the id (or the first construct id below the stack) with a letter"),
        ),
    }
}

/// The problem with stack id `id`, which names the directory `stacks/<id>`.
pub(crate) fn stack_id_problem(id: &str) -> Option<Problem> {
    let why = if id == "." || id == ".." {
        format!("stack id `{id}` would write outside `stacks/`")
    } else if id.contains('\\') {
        format!("stack id `{id}` contains `\\`, a path separator")
    } else if let Some(c) = id.chars().find(|c| c.is_control()) {
        format!("stack id {id:?} contains the control character {c:?}")
    } else {
        return None;
    };
    Some(Problem::new(id, why).with_fix("name stacks with letters, digits, `-` and `_`: the id is a directory name"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(id: &str, logical_id: &str) -> Option<String> {
        terraform_name_problem("output", id, logical_id, &|| format!("s/{id}")).map(|p| p.to_string())
    }

    #[test]
    fn terraform_names() {
        assert_eq!(name("vpc-id", "vpc-id"), None);
        assert_eq!(name("_x", "_x"), None);
        assert_eq!(
            name("my var", "myvar").unwrap(),
            "[s/my var] output id `my var` contains ' ', which a Terraform name cannot hold (konductor would have to drop it): use only letters, digits, `_` and `-`: `my_var`"
        );
        assert!(name("ñ", "").unwrap().contains("contains 'ñ'"));
        assert_eq!(
            name("1out", "1out").unwrap(),
            "[s/1out] output name `1out` starts with '1'; Terraform names start with a letter or `_`: start the id with a letter: `_1out`"
        );
        assert!(name("Default", "").unwrap().contains("`Default` components are dropped"));
        let hash_only = crate::logical_id::make_unique_id::<&str>(&[]);
        assert!(name("Default", &hash_only).unwrap().contains("`Default` components are dropped"), "{hash_only}");
        assert!(name("x", "1c_x_ABCDEF12").unwrap().contains("first construct id below the stack"));
    }

    #[test]
    fn stack_ids() {
        for bad in [".", "..", "a\\b", "a\nb"] {
            assert!(stack_id_problem(bad).is_some(), "{bad:?}");
        }
        for good in ["network", "pr-42", "a.b", "Prod_1"] {
            assert!(stack_id_problem(good).is_none(), "{good}");
        }
    }
}
