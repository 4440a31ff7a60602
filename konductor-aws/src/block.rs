//! What every building block does first: the checks that other blocks it is given are in its account,
//! and its construct, physical-name base and AWS context.

use konductor_core::{AsScope, Construct, Error, Result, Scope};

use crate::context::AwsContext;
use crate::kms::Key;
use crate::props::path_name_base;

/// A block's construct, the base of its physical names, and where it reads its account from.
pub(crate) struct Start {
    pub(crate) construct: Construct,
    pub(crate) base: String,
    pub(crate) cx: AwsContext,
}

/// Creates the block's construct `id` under `scope`; the name base is `name` or the construct path, the
/// context `context`, the key's, or data sources under the block.
pub(crate) fn start(
    scope: &impl AsScope,
    id: &str,
    name: Option<&String>,
    key: Option<&Key>,
    context: Option<&AwsContext>,
) -> Start {
    let construct = Construct::new(scope, id);
    let base = name.cloned().unwrap_or_else(|| path_name_base(&construct.path()));
    let cx =
        context.cloned().or_else(|| key.map(|k| k.context().clone())).unwrap_or_else(|| AwsContext::new(&construct));
    Start { construct, base, cx }
}

/// Checks that `other` (`subject`: "the bucket's key test/key") is managed through the provider
/// configuration of `here`: the same account and region.
pub(crate) fn same_provider(path: &str, subject: &str, other: &Scope, here: &Scope, fix: &str) -> Result<()> {
    if other.default_provider("aws") == here.default_provider("aws") {
        return Ok(());
    }
    Err(Error::invalid(
        path,
        format!("{subject} {} is managed through another provider configuration (account or region)", other.path()),
        fix,
    ))
}
