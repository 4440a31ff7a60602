//! Logical ids, exactly as cdktf's `makeUniqueId` computes them, so that Terraform state carries over.

use md5::{Digest, Md5};

const HUMAN_MAX: usize = 240;
const SINGLE_MAX: usize = 255;

fn is_allowed(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Appends `s` without the characters outside `[A-Za-z0-9_-]` (all ASCII, so filtering bytes drops every
/// byte of a multi-byte character).
fn push_clean(out: &mut String, s: &str) {
    if s.bytes().all(is_allowed) {
        out.push_str(s);
    } else {
        out.extend(s.bytes().filter(|b| is_allowed(*b)).map(char::from));
    }
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
    let comps: Vec<&str> = components.iter().map(|c| c.as_ref()).collect();
    let mut out = String::new();
    push_unique_id(&mut out, &comps);
    out
}

/// Appends the logical id of the path `components` (below the stack) to `out`; see [`make_unique_id`].
pub(crate) fn push_unique_id(out: &mut String, components: &[&str]) {
    let comps = || components.iter().copied().filter(|c| *c != "Default");
    let start = out.len();
    let mut single = comps();
    if let (Some(only), None) = (single.next(), single.next()) {
        push_clean(out, only);
        if out.len() - start <= SINGLE_MAX {
            return;
        }
        out.truncate(start);
    }

    // The hash of the components joined by `/`, joined in `out` itself and cut off again.
    for (i, c) in comps().enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(c);
    }
    let digest = Md5::digest(&out.as_bytes()[start..]);
    out.truncate(start);

    // The human part: components joined by `_`, a component dropped when the last one kept ends with it,
    // `Resource` kept for that comparison but left out of the text.
    let mut last_kept: Option<&str> = None;
    let mut first = true;
    for c in comps() {
        if last_kept.is_some_and(|prev| prev.ends_with(c)) {
            continue;
        }
        last_kept = Some(c);
        if c == "Resource" {
            continue;
        }
        if !first {
            out.push('_');
        }
        first = false;
        push_clean(out, c);
    }
    // Only ASCII was pushed, so any byte index is a char boundary.
    out.truncate(start + (out.len() - start).min(HUMAN_MAX));
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut hash = [b'_'; 9];
    for (i, b) in digest[..4].iter().enumerate() {
        hash[1 + 2 * i] = HEX[usize::from(b >> 4)];
        hash[2 + 2 * i] = HEX[usize::from(b & 0xf)];
    }
    out.push_str(std::str::from_utf8(&hash).unwrap_or_default());
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
