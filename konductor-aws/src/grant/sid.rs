//! Statement ids of grants: the grant's name and the resource's construct path in upper camel case
//! (`Read` + `storage/logs-bucket` is `ReadStorageLogsBucket`), so each grant has its own statement and
//! the same grant given twice is one.

/// The statement id of grant `kind` on the resource at `path`.
///
/// ```ignore
/// assert_eq!(sid_for("S3Read", "storage/logs-bucket"), "S3ReadStorageLogsBucket");
/// ```
pub(crate) fn sid_for(kind: &str, path: &str) -> String {
    let mut out = String::from(kind);
    let mut upper = true;
    for c in path.chars() {
        if c.is_ascii_alphanumeric() {
            if upper {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sids_are_alphanumeric_camel_case() {
        assert_eq!(sid_for("S3Read", "storage/logs-bucket"), "S3ReadStorageLogsBucket");
        assert_eq!(sid_for("Kms", "a_b/c.d"), "KmsABCD");
    }
}
