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
pub struct ProviderRef {
    text: Rc<str>,
    /// The app the configuration belongs to.
    pub(crate) app: u32,
}

impl ProviderRef {
    /// The reference text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The provider's name: `aws` for `aws.eu`.
    pub fn provider_name(&self) -> &str {
        self.text.split('.').next().unwrap_or_default()
    }
}

/// A provider configuration: what `.provider(...)` and `with_provider(...)` take. Typed provider
/// configurations (`AwsProvider`), [`ProviderHandle`] and [`ProviderRef`] are ones.
///
/// ```
/// use konductor_core::{testing, GenericResource, ProviderInfo};
/// static AWS: ProviderInfo = ProviderInfo { name: "aws", source: "aws", version: "6.25.0" };
/// let json = testing::synth(|stack| {
///     let eu = konductor_core::create_provider(stack, "eu", &AWS, vec![("alias".into(), "eu".into())]);
///     GenericResource::new(stack, "q", "aws_sqs_queue").provider(&eu);
/// });
/// assert_eq!(json["resource"]["aws_sqs_queue"]["q"]["provider"], "aws.eu");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a provider configuration: `provider` takes the configuration's handle",
    label = "expected a provider handle such as `&eu`, not its name",
    note = "pass the handle the provider's builder returned (`let eu = AwsProvider::builder(&stack, \"eu\").alias(\"eu\").build(); bucket.provider(&eu)`), so the reference always names a configuration that exists"
)]
pub trait AsProvider {
    /// The reference to the configuration.
    fn provider_ref(&self) -> &ProviderRef;
}

impl AsProvider for ProviderRef {
    fn provider_ref(&self) -> &ProviderRef {
        self
    }
}

impl AsProvider for ProviderHandle {
    fn provider_ref(&self) -> &ProviderRef {
        &self.reference
    }
}

impl<T: AsProvider + ?Sized> AsProvider for &T {
    fn provider_ref(&self) -> &ProviderRef {
        (**self).provider_ref()
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
    let text = match alias {
        Some(a) => format!("{}.{a}", info.name).into(),
        None => info.name.into(),
    };
    let reference = ProviderRef { text, app: parent.tree.app_id };
    if let Some(stack) = parent.stack_index() {
        parent.tree.with_stack(stack, |s| s.require_provider(info));
    }
    let block = ProviderBlock { name: info.name, attrs };
    let scope = parent.add_child(id, NodeKind::Element(Element::Provider(block)));
    ProviderHandle { scope, reference }
}
