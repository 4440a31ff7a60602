//! Fast, non-cryptographic hashing for the maps synthesis keeps per element (children by id, logical ids,
//! rules by type). The keys come from the program itself, not from an adversary, so the DoS resistance of
//! the standard SipHash buys nothing here and costs a large share of building and checking the tree.

use std::hash::Hasher;

pub(crate) use rustc_hash::{FxHashMap, FxHasher};

/// The hash of one string, for maps keyed by a hash and checked against the real key on a hit.
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.write_usize(s.len());
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_strings_hash_equal_and_lengths_matter() {
        assert_eq!(hash_str("subnet-public-a"), hash_str("subnet-public-a"));
        assert_ne!(hash_str("a"), hash_str("a\0"));
        assert_ne!(hash_str("vpc"), hash_str("igw"));
    }
}
