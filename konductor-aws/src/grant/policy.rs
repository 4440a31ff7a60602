//! [`MergedPolicy`]: a policy that grants extend: fixed statements first, then statements of the
//! owner's own (by id), then grants (merged by id), rewritten on its resource with every change. The
//! resource is given up front (a bucket policy, a key) or created with the first statement (a role's
//! `grants` policy).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

use konductor_core::{AsElement, AsScope, Construct, ElementRef, Error, Result, Val, Value};

use super::merged::{GrantStatement, MergedStatements};
use crate::iam::{PolicyDocument, Statement};

/// Creates the policy's resource with the first rendered policy.
type Create = Box<dyn Fn(Val) -> ElementRef>;

/// A policy that grants extend; clones share it.
#[derive(Clone)]
pub(crate) struct MergedPolicy(Rc<RefCell<State>>);

struct State {
    /// The owner's construct path, for messages.
    path: String,
    /// The attribute the policy is written to (`policy`).
    attribute: &'static str,
    base: Vec<Statement>,
    own: BTreeMap<String, Statement>,
    grants: MergedStatements,
    element: Option<ElementRef>,
    create: Option<Create>,
}

impl fmt::Debug for MergedPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MergedPolicy({})", self.0.borrow().path)
    }
}

impl MergedPolicy {
    /// A policy starting with `base`, written to `attribute` of the element given to
    /// [`MergedPolicy::attach`].
    pub(crate) fn new(path: String, attribute: &'static str, base: Vec<Statement>) -> Self {
        MergedPolicy(Rc::new(RefCell::new(State {
            path,
            attribute,
            base,
            own: BTreeMap::new(),
            grants: MergedStatements::default(),
            element: None,
            create: None,
        })))
    }

    /// A policy starting with `base`, checked and written to the resource `make` builds from its first
    /// text (on `scope`, the owner's construct), then rewritten there with every grant.
    pub(crate) fn attached<E: AsElement>(
        scope: &Construct,
        base: Vec<Statement>,
        make: impl FnOnce(Value<String>) -> E,
    ) -> (E, MergedPolicy) {
        let policy = MergedPolicy::new(scope.path(), "policy", base);
        let element = make(policy.document().to_value(scope));
        policy.attach(element.element().clone());
        (element, policy)
    }

    /// A policy with no fixed statements whose resource `create` makes with the first statement.
    pub(crate) fn lazy(path: String, create: impl Fn(Val) -> ElementRef + 'static) -> Self {
        let p = MergedPolicy::new(path, "policy", Vec::new());
        p.0.borrow_mut().create = Some(Box::new(create));
        p
    }

    /// The element the policy is written to from now on.
    pub(crate) fn attach(&self, element: ElementRef) {
        self.0.borrow_mut().element = Some(element);
    }

    /// The whole document, as it is now.
    pub(crate) fn document(&self) -> PolicyDocument {
        let s = self.0.borrow();
        PolicyDocument::new()
            .statements(s.base.iter().cloned())
            .statements(s.own.values().cloned())
            .statements(s.grants.statements())
    }

    /// The element, once there is one.
    pub(crate) fn element(&self) -> Option<ElementRef> {
        self.0.borrow().element.clone()
    }

    /// Adds what a grant needs, merged with the statement of the same id.
    pub(crate) fn grant(&self, statement: GrantStatement) {
        let changed = self.0.borrow_mut().grants.add(statement);
        if changed {
            self.write();
        }
    }

    /// Adds statements without rewriting (before the element exists).
    pub(crate) fn grant_quietly(&self, statement: GrantStatement) {
        self.0.borrow_mut().grants.add(statement);
    }

    /// Whether a grant statement with id `sid` is there.
    pub(crate) fn has_grant(&self, sid: &str) -> bool {
        self.0.borrow().grants.has(sid)
    }

    /// Adds a statement of the owner's own: it needs an id, unique in the policy, and has to pass the
    /// policy checks on its own. `whose` names the policy in messages (`a role's policy`).
    pub(crate) fn add_statement(&self, statement: Statement, whose: &str) -> Result<()> {
        let path = self.0.borrow().path.clone();
        let Some(sid) = statement.statement_id().map(str::to_string) else {
            return Err(Error::invalid(
                path,
                format!("a statement added to {whose} has no Sid, so it could not be merged deterministically"),
                "give it an id with `.sid(\"ReadConfig\")` (letters and digits, unique in the policy)",
            ));
        };
        if let Err(issues) = PolicyDocument::new().statement(statement.clone()).validate() {
            let issue = &issues[0];
            return Err(Error::invalid(path, format!("statement \"{sid}\" {}", issue.message), issue.fix.clone()));
        }
        {
            let mut state = self.0.borrow_mut();
            let taken = state.base.iter().any(|s| s.statement_id() == Some(&sid)) || state.grants.has(&sid);
            match state.own.get(&sid) {
                Some(existing) if *existing == statement => return Ok(()),
                Some(_) => taken_error(&path, &sid)?,
                None if taken => taken_error(&path, &sid)?,
                None => {}
            }
            state.own.insert(sid, statement);
        }
        self.write();
        Ok(())
    }

    /// Creates or rewrites the policy's resource.
    fn write(&self) {
        let value = self.document().render();
        let mut state = self.0.borrow_mut();
        match &state.element {
            Some(e) => {
                e.set_attribute(state.attribute, value);
            }
            None => {
                if let Some(create) = &state.create {
                    let e = create(value);
                    state.element = Some(e);
                }
            }
        }
    }
}

fn taken_error(path: &str, sid: &str) -> Result<()> {
    Err(Error::invalid(
        path,
        format!("the policy already has a different statement with Sid \"{sid}\""),
        "give each statement its own `.sid(...)`",
    ))
}
