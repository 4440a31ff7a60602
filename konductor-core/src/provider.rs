//! Provider configurations (`"provider": {"aws": [ {...} ]}`, always arrays) and `required_providers`.

use std::rc::Rc;

use crate::element::Element;
use crate::json::cmp_keys;
use crate::tree::{AsScope, NodeKind, Scope};
use crate::value::{Key, Val};

/// A provider's identity: its local name, registry source and pinned version.
#[derive(Debug, PartialEq, Eq)]
pub struct ProviderInfo {
    /// Local name and block key: `aws`.
    pub name: &'static str,
    /// Registry source, as written in `required_providers`.
    pub source: &'static str,
    /// Version constraint, as written in `required_providers`.
    pub version: &'static str,
}

/// A reference to a provider configuration, as the `provider` meta-argument writes it: `aws` or `aws.eu`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderRef(pub(crate) Rc<str>);

impl ProviderRef {
    /// The reference text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The provider's name: `aws` for `aws.eu`.
    pub fn provider_name(&self) -> &str {
        self.0.split('.').next().unwrap_or_default()
    }
}

impl AsRef<ProviderRef> for ProviderRef {
    fn as_ref(&self) -> &ProviderRef {
        self
    }
}

pub(crate) struct ProviderBlock {
    pub(crate) name: &'static str,
    pub(crate) attrs: Vec<(Key, Val)>,
}

/// A handle to a provider configuration in a stack.
#[derive(Clone, Debug)]
pub struct ProviderHandle {
    scope: Scope,
    reference: ProviderRef,
}

impl ProviderHandle {
    /// The reference to pass to an element's `.provider(...)`.
    pub fn reference(&self) -> &ProviderRef {
        &self.reference
    }
}

impl AsRef<ProviderRef> for ProviderHandle {
    fn as_ref(&self) -> &ProviderRef {
        &self.reference
    }
}

impl AsScope for ProviderHandle {
    fn scope(&self) -> &Scope {
        &self.scope
    }
}

/// Adds a provider configuration to the stack of `scope`; called by typed provider builders.
///
/// An `alias` attribute, if present, makes the reference `NAME.ALIAS`.
#[doc(hidden)]
pub fn create_provider(
    scope: &impl AsScope,
    id: impl Into<Box<str>>,
    info: &'static ProviderInfo,
    attrs: Vec<(Key, Val)>,
) -> ProviderHandle {
    let parent = scope.scope();
    let mut attrs = attrs;
    attrs.sort_by(|a, b| cmp_keys(&a.0, &b.0));
    let alias = attrs.iter().find(|(k, _)| k == "alias").and_then(|(_, v)| v.as_str().map(str::to_string));
    let reference = ProviderRef(match alias {
        Some(a) => format!("{}.{a}", info.name).into(),
        None => info.name.into(),
    });
    if let Some(stack) = parent.stack_index() {
        parent.tree.with_stack(stack, |s| s.require_provider(info));
    }
    let block = ProviderBlock { name: info.name, attrs };
    let scope = parent.add_child(id, NodeKind::Element(Element::Provider(block)));
    ProviderHandle { scope, reference }
}
