//! Names given on the command line, checked against what exists, with a did-you-mean.

use konductor_core::{Error, Result};

/// The closest of `known` to `given`, when it is close enough to be what was meant.
pub(crate) fn did_you_mean<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(&given.to_lowercase(), &k.to_lowercase()), k))
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// Checks that every name of `given` is one of `known`: a usage error naming each unknown one, with a
/// did-you-mean and the list of what exists.
pub(crate) fn check_stacks(given: &[String], known: &[String]) -> Result<()> {
    let unknown: Vec<String> = given
        .iter()
        .filter(|g| !known.contains(g))
        .map(|g| match did_you_mean(g, known.iter().map(String::as_str)) {
            Some(k) => format!("unknown stack `{g}`: did you mean `{k}`?"),
            None => format!("unknown stack `{g}`"),
        })
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let list = if known.is_empty() { "none".to_string() } else { known.join(", ") };
    Err(Error::Usage(format!("{}\nthe stacks of this program are: {list}", unknown.join("\n"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_stack_gets_a_suggestion_and_the_list() {
        let known = vec!["production".to_string(), "production-pci".to_string(), "zero-trust".to_string()];
        let e = check_stacks(&["prodution".into(), "zzz".into()], &known).unwrap_err().to_string();
        assert_eq!(
            e,
            "unknown stack `prodution`: did you mean `production`?\nunknown stack `zzz`\n\
             the stacks of this program are: production, production-pci, zero-trust"
        );
        assert!(check_stacks(&["zero-trust".into()], &known).is_ok());
    }
}
