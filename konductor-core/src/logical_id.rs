//! Logical ids, exactly as cdktf's `makeUniqueId` computes them, so that Terraform state carries over.

use md5::{Digest, Md5};

const HUMAN_MAX: usize = 240;
const SINGLE_MAX: usize = 255;

fn is_allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn clean(s: &str) -> String {
    s.chars().filter(|c| is_allowed(*c)).collect()
}

/// The logical id of an element from its path components below the stack.
///
/// `Default` components are dropped; a single remaining component is used as it is, minus characters
/// outside `[A-Za-z0-9_-]`; otherwise a human part and the first 8 hex digits of an MD5 of the path.
///
/// ```
/// use konductor_core::logical_id::make_unique_id;
/// assert_eq!(make_unique_id(&["env1", "vpc"]), "env1_vpc_9613614C");
/// assert_eq!(make_unique_id(&["main-vpc"]), "main-vpc");
/// ```
pub fn make_unique_id<S: AsRef<str>>(components: &[S]) -> String {
    let comps: Vec<&str> = components.iter().map(|c| c.as_ref()).filter(|c| *c != "Default").collect();
    if comps.len() == 1 {
        let single = clean(comps[0]);
        if single.len() <= SINGLE_MAX {
            return single;
        }
    }
    let digest = Md5::digest(comps.join("/").as_bytes());
    let hash: String = digest.iter().take(4).map(|b| format!("{b:02X}")).collect();

    let mut kept: Vec<&str> = Vec::with_capacity(comps.len());
    for c in &comps {
        if kept.last().is_none_or(|prev| !prev.ends_with(c)) {
            kept.push(c);
        }
    }
    let mut human = kept.iter().filter(|c| **c != "Resource").map(|c| clean(c)).collect::<Vec<_>>().join("_");
    if human.len() > HUMAN_MAX {
        // `clean` leaves ASCII only, so any byte index is a char boundary.
        human.truncate(HUMAN_MAX);
    }
    let mut id = human;
    id.push('_');
    id.push_str(&hash);
    id
}

#[cfg(test)]
mod tests {
    use super::make_unique_id;

    #[test]
    fn vectors_from_the_design() {
        assert_eq!(make_unique_id(&["env1", "vpc"]), "env1_vpc_9613614C");
        assert_eq!(make_unique_id(&["env1", "subnet-public-a"]), "env1_subnet-public-a_7A210AE6");
        assert_eq!(make_unique_id(&["Outer", "Inner", "Deep", "Resource"]), "Outer_Inner_Deep_A91D5B6C");
        assert_eq!(make_unique_id(&["Outer", "Inner", "Default"]), "Outer_Inner_590FD8F7");
        assert_eq!(make_unique_id(&["main-vpc"]), "main-vpc");
    }

    #[test]
    fn single_component_loses_disallowed_characters() {
        assert_eq!(make_unique_id(&["my.bucket/x"]), "mybucketx");
        assert_eq!(make_unique_id(&["Default", "Resource"]), "Resource");
    }

    #[test]
    fn repeated_suffix_component_is_dropped_from_the_human_part() {
        // "bucketbucket" ends with "bucket", so the second component is dropped.
        let id = make_unique_id(&["logbucket", "bucket"]);
        assert!(id.starts_with("logbucket_"), "{id}");
        assert_eq!(id.len(), "logbucket_".len() + 8);
    }

    #[test]
    fn long_human_part_is_cut_to_240() {
        let long = "a".repeat(300);
        let id = make_unique_id(&[long.as_str(), "b"]);
        assert_eq!(id.len(), 240 + 1 + 8);
    }
}
