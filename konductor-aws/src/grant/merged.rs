//! [`MergedStatements`]: policy statements built up by grants, merged by statement id with every list
//! sorted, so that the rendered policy does not depend on the order of the calls.

use std::collections::{BTreeMap, BTreeSet};

use crate::iam::{Condition, Effect, PolicyValue, Principal, Statement};

/// The kinds of principal grants name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum PrincipalKind {
    Aws,
    Service,
}

/// One statement a grant adds; statements with the same id merge.
#[derive(Clone, Debug)]
pub(crate) struct GrantStatement {
    sid: String,
    effect: Effect,
    principals: BTreeMap<(PrincipalKind, String), PolicyValue>,
    actions: BTreeSet<String>,
    resources: BTreeMap<String, PolicyValue>,
    /// `(operator, key)` to the values, sorted by their text.
    conditions: BTreeMap<(String, String), BTreeMap<String, PolicyValue>>,
}

impl GrantStatement {
    /// An `Allow` statement with id `sid`.
    pub(crate) fn allow(sid: impl Into<String>) -> Self {
        GrantStatement {
            sid: sid.into(),
            effect: Effect::Allow,
            principals: BTreeMap::new(),
            actions: BTreeSet::new(),
            resources: BTreeMap::new(),
            conditions: BTreeMap::new(),
        }
    }

    pub(crate) fn actions<S: Into<String>>(mut self, actions: impl IntoIterator<Item = S>) -> Self {
        self.actions.extend(actions.into_iter().map(Into::into));
        self
    }

    pub(crate) fn resource(mut self, resource: impl Into<PolicyValue>) -> Self {
        let r = resource.into();
        self.resources.insert(r.describe(), r);
        self
    }

    pub(crate) fn principal(mut self, kind: PrincipalKind, value: impl Into<PolicyValue>) -> Self {
        let v = value.into();
        self.principals.insert((kind, v.describe()), v);
        self
    }

    pub(crate) fn aws_principal(self, value: impl Into<PolicyValue>) -> Self {
        self.principal(PrincipalKind::Aws, value)
    }

    pub(crate) fn service_principal(self, value: impl Into<PolicyValue>) -> Self {
        self.principal(PrincipalKind::Service, value)
    }

    pub(crate) fn condition(mut self, condition: Condition) -> Self {
        let values = self.conditions.entry((condition.operator.clone(), condition.key.clone())).or_default();
        for v in condition.values {
            values.insert(v.describe(), v);
        }
        self
    }

    /// The statement without its conditions.
    pub(crate) fn without_conditions(mut self) -> Self {
        self.conditions.clear();
        self
    }

    /// Adds what `other` (with the same id) has.
    fn merge(&mut self, other: GrantStatement) {
        self.principals.extend(other.principals);
        self.actions.extend(other.actions);
        self.resources.extend(other.resources);
        for (k, values) in other.conditions {
            self.conditions.entry(k).or_default().extend(values);
        }
    }

    /// The statement, every list sorted.
    pub(crate) fn to_statement(&self) -> Statement {
        let mut s = Statement::new(self.effect).sid(&self.sid).actions(self.actions.iter().cloned());
        for ((kind, _), v) in &self.principals {
            s = s.principal(match kind {
                PrincipalKind::Aws => Principal::aws(v.clone()),
                PrincipalKind::Service => Principal::service(v.clone()),
            });
        }
        if !self.resources.is_empty() {
            s = s.resources(self.resources.values().cloned());
        }
        for ((op, key), values) in &self.conditions {
            s = s.condition(Condition::new(op.clone(), key.clone(), values.values().cloned().collect::<Vec<_>>()));
        }
        s
    }
}

/// Statements keyed by id, in id order.
#[derive(Clone, Debug, Default)]
pub(crate) struct MergedStatements(BTreeMap<String, GrantStatement>);

impl MergedStatements {
    /// Adds a statement, merging it into the one with the same id. Returns whether anything changed.
    pub(crate) fn add(&mut self, statement: GrantStatement) -> bool {
        let sid = statement.sid.clone();
        let before = self.0.get(&sid).map(GrantStatement::to_statement);
        match self.0.get_mut(&sid) {
            Some(existing) => existing.merge(statement),
            None => {
                self.0.insert(sid.clone(), statement);
            }
        }
        before != self.0.get(&sid).map(GrantStatement::to_statement)
    }

    /// Whether a statement with id `sid` is there.
    pub(crate) fn has(&self, sid: &str) -> bool {
        self.0.contains_key(sid)
    }

    /// The statements, in id order.
    pub(crate) fn statements(&self) -> impl Iterator<Item = Statement> + '_ {
        self.0.values().map(GrantStatement::to_statement)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::PolicyDocument;
    use konductor_core::Val;

    fn render(m: &MergedStatements) -> String {
        match PolicyDocument::new().statements(m.statements()).render() {
            Val::Str(s) => s.to_string(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn merge_is_independent_of_order() {
        let a = GrantStatement::allow("A").actions(["s3:GetObject"]).resource("arn:b").aws_principal("r2");
        let b = GrantStatement::allow("A").actions(["s3:ListBucket"]).resource("arn:a").aws_principal("r1");
        let c = GrantStatement::allow("B").actions(["kms:Decrypt"]).resource("*");
        let mut one = MergedStatements::default();
        for s in [a.clone(), b.clone(), c.clone()] {
            one.add(s);
        }
        let mut two = MergedStatements::default();
        for s in [c, b, a] {
            two.add(s);
        }
        assert_eq!(render(&one), render(&two));
        assert_eq!(
            render(&one),
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Principal":{"AWS":["r1","r2"]},"Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:a","arn:b"]},{"Sid":"B","Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}"#
        );
    }

    #[test]
    fn condition_values_merge() {
        let mut m = MergedStatements::default();
        m.add(
            GrantStatement::allow("L").actions(["kms:Decrypt"]).resource("*").condition(Condition::arn_like("k", "b")),
        );
        assert!(m.add(GrantStatement::allow("L").condition(Condition::arn_like("k", "a"))));
        assert!(!m.add(GrantStatement::allow("L").condition(Condition::arn_like("k", "a"))), "nothing new");
        assert!(render(&m).contains(r#""Condition":{"ArnLike":{"k":["a","b"]}}"#), "{}", render(&m));
    }
}
