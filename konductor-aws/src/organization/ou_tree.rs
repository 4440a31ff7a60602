//! The tree of organizational units, given as paths (`Workloads/Prod`), and its checks.

use konductor_core::Problem;

/// The deepest OU nesting AWS Organizations allows below the root.
pub const MAX_OU_DEPTH: usize = 5;

/// The default OU tree: one path per OU, parents before children.
///
/// ```
/// use konductor_aws::organization::DEFAULT_OUS;
/// assert!(DEFAULT_OUS.contains(&"Workloads/Prod"));
/// ```
pub const DEFAULT_OUS: &[&str] =
    &["Security", "Infrastructure", "Workloads", "Workloads/Prod", "Workloads/NonProd", "Sandbox", "Suspended"];

/// The components of an OU path: `Workloads/Prod` is `["Workloads", "Prod"]`.
pub(crate) fn components(path: &str) -> Vec<&str> {
    path.split('/').collect()
}

fn valid_component(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name.trim() == name
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'))
}

/// Checks `paths` and returns every OU they name, parents added before children, in the order given:
/// `["Workloads/Prod"]` gives `["Workloads", "Workloads/Prod"]`.
pub(crate) fn expand(at: &str, paths: &[String], problems: &mut Vec<Problem>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for path in paths {
        let parts = components(path);
        if parts.iter().any(|p| !valid_component(p)) {
            problems.push(Problem::new(at, format!("OU path `{path}` has an empty or invalid name")).with_fix(
                "name OUs with letters, digits, spaces, `-`, `_` and `.`, separated by `/`: `Workloads/Prod`",
            ));
            continue;
        }
        if parts.len() > MAX_OU_DEPTH {
            problems.push(
                Problem::new(
                    at,
                    format!("OU `{path}` is nested {} deep; AWS Organizations allows at most {MAX_OU_DEPTH} levels below the root", parts.len()),
                )
                .with_fix("flatten the OU tree: group by environment or function in at most 5 levels"),
            );
            continue;
        }
        for depth in 1..=parts.len() {
            let prefix = parts[..depth].join("/");
            if !out.contains(&prefix) {
                out.push(prefix);
            }
        }
    }
    out
}

/// The parent path of an OU path, `None` at the top level.
pub(crate) fn parent(path: &str) -> Option<&str> {
    path.rsplit_once('/').map(|(p, _)| p)
}

/// The last component of an OU path: the OU's own name.
pub(crate) fn leaf(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_come_first_and_once() {
        let mut problems = Vec::new();
        let out = expand("o", &["A/B/C".into(), "A/D".into(), "A".into()], &mut problems);
        assert_eq!(out, ["A", "A/B", "A/B/C", "A/D"]);
        assert!(problems.is_empty());
        assert_eq!(parent("A/B/C"), Some("A/B"));
        assert_eq!(parent("A"), None);
        assert_eq!(leaf("A/B/C"), "C");
    }

    #[test]
    fn depth_and_names_are_checked() {
        let mut problems = Vec::new();
        expand("o", &["A/B/C/D/E/F".into(), "A//B".into(), " A".into()], &mut problems);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].message.contains("nested 6 deep"));
    }
}
