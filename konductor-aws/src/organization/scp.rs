//! Service control policies: AWS's size limit, and packing guardrail statements into as few policies as
//! fit it.

use konductor_core::AsScope;

use crate::iam::{PolicyDocument, Statement};
use crate::l1::organizations::OrganizationsPolicy;

/// The most characters a service control policy may hold.
pub const SCP_MAX_CHARS: usize = 5_120;

/// The most service control policies one target (root, OU or account) may have attached, AWS's
/// `FullAWSAccess` included.
pub const MAX_SCPS_PER_TARGET: usize = 5;

/// One service control policy to create: an id (also its name's base) and its document.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ServiceControlPolicy {
    pub(crate) id: String,
    pub(crate) document: PolicyDocument,
}

impl ServiceControlPolicy {
    /// The `aws_organizations_policy` under `scope`, id and name `scp-<id>`.
    pub(crate) fn create(&self, scope: &impl AsScope) -> OrganizationsPolicy {
        OrganizationsPolicy::builder(scope, &format!("scp-{}", self.id))
            .name(scope.name(&format!("scp-{}", self.id)))
            .r#type("SERVICE_CONTROL_POLICY")
            .description(format!("konductor guardrails: {}", self.id))
            .content(self.document.to_value(scope))
            .build()
    }
}

/// Packs `statements`, in order, into as few documents as fit [`SCP_MAX_CHARS`], named `{label}-1`,
/// `{label}-2` ...; a statement too large for a policy of its own is `Err((sid, its size alone))`.
pub(crate) fn pack(label: &str, statements: Vec<Statement>) -> Result<Vec<ServiceControlPolicy>, (String, usize)> {
    let mut docs: Vec<PolicyDocument> = Vec::new();
    let mut current = PolicyDocument::new();
    for s in statements {
        let alone = PolicyDocument::new().statement(s.clone());
        let len = alone.text_len();
        if len > SCP_MAX_CHARS {
            return Err((s.statement_id().unwrap_or("without a Sid").to_string(), len));
        }
        let grown = current.clone().statement(s);
        if grown.text_len() <= SCP_MAX_CHARS {
            current = grown;
        } else {
            docs.push(std::mem::replace(&mut current, alone));
        }
    }
    if !current.statement_list().is_empty() {
        docs.push(current);
    }
    Ok(docs
        .into_iter()
        .enumerate()
        .map(|(i, document)| ServiceControlPolicy { id: format!("{label}-{}", i + 1), document })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deny(sid: &str, actions: usize) -> Statement {
        Statement::deny().sid(sid).actions((0..actions).map(|i| format!("ec2:Action{i:04}"))).resource("*")
    }

    #[test]
    fn packs_in_order_under_the_limit() {
        // Each statement is about 1,900 characters: two fit in a policy, not three.
        let statements: Vec<_> = (0..5).map(|i| deny(&format!("S{i}"), 110)).collect();
        let parts = pack("x", statements).unwrap();
        assert_eq!(parts.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["x-1", "x-2", "x-3"]);
        for p in &parts {
            assert!(p.document.text_len() <= SCP_MAX_CHARS, "{}", p.document.text_len());
        }
        let sids: Vec<_> =
            parts.iter().flat_map(|p| p.document.statement_list().iter().map(|s| s.statement_id().unwrap())).collect();
        assert_eq!(sids, ["S0", "S1", "S2", "S3", "S4"]);
    }

    #[test]
    fn a_statement_too_large_alone_is_an_error_with_its_size() {
        let (sid, len) = pack("x", vec![deny("Huge", 400)]).unwrap_err();
        assert_eq!(sid, "Huge");
        assert!(len > SCP_MAX_CHARS);
    }
}
