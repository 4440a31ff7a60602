//! [`IdentityPolicy`]: the inline policy of a role that grants write to, created with the first grant
//! and rewritten, merged and sorted, with each one after.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use konductor_core::{AsScope, Attr, Construct, Error, Name, Result};

use super::merged::{GrantStatement, MergedStatements};
use crate::iam::{PolicyDocument, Statement};
use crate::l1::iam::IamRolePolicy;

/// The grants policy of one role; clones share it.
#[derive(Clone, Debug)]
pub(crate) struct IdentityPolicy(Rc<RefCell<State>>);

#[derive(Debug)]
struct State {
    /// The role's construct: the policy is created under it, id `grants`.
    scope: Construct,
    /// The role's name, for the policy's `role`.
    role: Attr<String>,
    policy_name: Name,
    grants: MergedStatements,
    /// Statements added with `Role::add_to_policy`, by id.
    own: BTreeMap<String, Statement>,
    element: Option<IamRolePolicy>,
}

impl IdentityPolicy {
    pub(crate) fn new(scope: &Construct, role: Attr<String>, policy_name: Name) -> Self {
        IdentityPolicy(Rc::new(RefCell::new(State {
            scope: scope.clone(),
            role,
            policy_name,
            grants: MergedStatements::default(),
            own: BTreeMap::new(),
            element: None,
        })))
    }

    /// Adds what a grant needs.
    pub(crate) fn grant(&self, statement: GrantStatement) {
        let changed = self.0.borrow_mut().grants.add(statement);
        if changed {
            self.write();
        }
    }

    /// Adds a statement of the role's own: it needs an id, unique in the policy, and has to pass the
    /// policy checks on its own.
    pub(crate) fn add_statement(&self, statement: Statement) -> Result<()> {
        let path = self.0.borrow().scope.path();
        let Some(sid) = statement.statement_id().map(str::to_string) else {
            return Err(Error::invalid(
                path,
                "a statement added to a role's policy has no Sid, so it could not be merged deterministically",
                "give it an id with `.sid(\"ReadConfig\")` (letters and digits, unique in the role)",
            ));
        };
        if let Err(issues) = PolicyDocument::new().statement(statement.clone()).validate() {
            let issue = &issues[0];
            return Err(Error::invalid(path, format!("statement \"{sid}\" {}", issue.message), issue.fix.clone()));
        }
        {
            let mut state = self.0.borrow_mut();
            if let Some(existing) = state.own.get(&sid) {
                if *existing == statement {
                    return Ok(());
                }
                return Err(Error::invalid(
                    path,
                    format!("the role's policy already has a different statement with Sid \"{sid}\""),
                    "give each statement its own `.sid(...)`",
                ));
            }
            state.own.insert(sid, statement);
        }
        self.write();
        Ok(())
    }

    /// The policy resource, once a grant made one.
    pub(crate) fn element(&self) -> Option<IamRolePolicy> {
        self.0.borrow().element.clone()
    }

    /// Creates or rewrites the policy resource: the role's own statements, then the grants, each in id
    /// order.
    fn write(&self) {
        let mut state = self.0.borrow_mut();
        let doc = PolicyDocument::new().statements(state.own.values().cloned()).statements(state.grants.statements());
        let value = doc.render();
        match &state.element {
            Some(e) => {
                e.set_attribute("policy", value);
            }
            None => {
                let e = IamRolePolicy::builder(&state.scope, "grants")
                    .name(&state.policy_name)
                    .role(state.role.clone())
                    .policy(konductor_core::Value::<String>::from_val(value))
                    .build();
                state.element = Some(e);
            }
        }
    }
}
