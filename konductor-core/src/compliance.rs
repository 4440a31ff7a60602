//! Compliance declarations: the security controls a construct implements (NIST SP 800-53 Rev. 5), recorded in
//! the construct tree so reports can list, for each control, the constructs and resources behind it.
//!
//! A construct declares what it does for a control with [`Scope::implements`]; [`App::controls`] reads every
//! declaration back, with the resources created below the declaring construct.
//!
//! ```
//! use konductor_core::compliance::nist_800_53;
//! use konductor_core::{App, AsScope, Construct, Environment, GenericResource, Stack};
//! let app = App::new();
//! let stack = Stack::new(&app, "logs", &Environment::new("dev").unwrap());
//! let trail = Construct::new(&stack, "trail");
//! trail.scope().implements(nist_800_53::AU_2, "an organization trail records every management event");
//! GenericResource::new(&trail, "trail", "aws_cloudtrail");
//! let found = app.controls();
//! assert_eq!(found[0].control.id, "AU-2");
//! assert_eq!(found[0].path, "logs/trail");
//! assert_eq!(found[0].resources, ["aws_cloudtrail.trail_3987B402"]);
//! ```

use crate::app::App;
use crate::element::Element;
use crate::tree::{AsScope as _, NodeId, NodeKind, Scope};

/// A control of a compliance framework.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Control {
    /// The framework: `NIST SP 800-53 Rev. 5`.
    pub framework: &'static str,
    /// The control's identifier in that framework: `AC-2`.
    pub id: &'static str,
    /// The control's title: `Account Management`.
    pub title: &'static str,
}

impl std::fmt::Display for Control {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.id, self.title)
    }
}

/// One declaration: a construct implements a control, in the way it describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Implementation {
    /// The control.
    pub control: Control,
    /// The construct path of the declaring scope: `logs/trail`.
    pub path: String,
    /// The stack the construct is in.
    pub stack: Option<String>,
    /// How the construct implements the control, in a sentence.
    pub how: String,
    /// The Terraform addresses of the resources and data sources created below the construct, in creation order.
    pub resources: Vec<String>,
}

/// The controls of NIST SP 800-53 Rev. 5 that konductor's constructs implement.
pub mod nist_800_53 {
    use super::Control;

    const NIST: &str = "NIST SP 800-53 Rev. 5";

    macro_rules! controls {
        ($($name:ident $id:literal $title:literal;)*) => {
            $(
                #[doc = concat!("`", $id, "` ", $title, ".")]
                pub const $name: Control = Control { framework: NIST, id: $id, title: $title };
            )*
            /// Every control defined here, in catalogue order.
            pub const ALL: &[Control] = &[$($name),*];
        };
    }

    controls! {
        AC_2 "AC-2" "Account Management";
        AC_3 "AC-3" "Access Enforcement";
        AC_4 "AC-4" "Information Flow Enforcement";
        AC_5 "AC-5" "Separation of Duties";
        AC_6 "AC-6" "Least Privilege";
        AC_17 "AC-17" "Remote Access";
        AU_2 "AU-2" "Event Logging";
        AU_3 "AU-3" "Content of Audit Records";
        AU_6 "AU-6" "Audit Record Review, Analysis, and Reporting";
        AU_9 "AU-9" "Protection of Audit Information";
        AU_11 "AU-11" "Audit Record Retention";
        AU_12 "AU-12" "Audit Record Generation";
        CA_7 "CA-7" "Continuous Monitoring";
        CM_2 "CM-2" "Baseline Configuration";
        CM_3 "CM-3" "Configuration Change Control";
        CM_6 "CM-6" "Configuration Settings";
        CM_7 "CM-7" "Least Functionality";
        CM_8 "CM-8" "System Component Inventory";
        CP_9 "CP-9" "System Backup";
        CP_10 "CP-10" "System Recovery and Reconstitution";
        IA_2 "IA-2" "Identification and Authentication (Organizational Users)";
        IA_5 "IA-5" "Authenticator Management";
        IR_4 "IR-4" "Incident Handling";
        IR_6 "IR-6" "Incident Reporting";
        RA_5 "RA-5" "Vulnerability Monitoring and Scanning";
        SA_10 "SA-10" "Developer Configuration Management";
        SC_5 "SC-5" "Denial-of-Service Protection";
        SC_7 "SC-7" "Boundary Protection";
        SC_8 "SC-8" "Transmission Confidentiality and Integrity";
        SC_12 "SC-12" "Cryptographic Key Establishment and Management";
        SC_13 "SC-13" "Cryptographic Protection";
        SC_28 "SC-28" "Protection of Information at Rest";
        SI_2 "SI-2" "Flaw Remediation";
        SI_3 "SI-3" "Malicious Code Protection";
        SI_4 "SI-4" "System Monitoring";
        SI_7 "SI-7" "Software, Firmware, and Information Integrity";
    }

    /// The control with identifier `id` (`AC-2`, case-insensitive), if it is defined here.
    ///
    /// ```
    /// use konductor_core::compliance::nist_800_53;
    /// assert_eq!(nist_800_53::by_id("sc-13"), Some(nist_800_53::SC_13));
    /// assert_eq!(nist_800_53::by_id("XX-1"), None);
    /// ```
    pub fn by_id(id: &str) -> Option<Control> {
        ALL.iter().copied().find(|c| c.id.eq_ignore_ascii_case(id))
    }
}

/// A declaration as the tree stores it.
pub(crate) struct Declaration {
    pub(crate) node: NodeId,
    pub(crate) control: Control,
    pub(crate) how: String,
}

impl Scope {
    /// Declares that this construct implements `control`, the way `how` says (one sentence, for auditors).
    /// Reports read the declarations back with [`App::controls`].
    pub fn implements(&self, control: Control, how: impl Into<String>) {
        self.tree.declarations.borrow_mut().push(Declaration { node: self.node, control, how: how.into() });
    }
}

impl App {
    /// Every compliance declaration of the app, sorted by framework, control id (in catalogue order for
    /// NIST 800-53: `AC-2` before `AC-17`) and construct path, each with the resources created below the
    /// declaring construct.
    pub fn controls(&self) -> Vec<Implementation> {
        let tree = &self.scope().tree;
        let nodes = tree.nodes.borrow();
        let is_below = |mut n: NodeId, ancestor: NodeId| loop {
            if n == ancestor {
                return true;
            }
            match nodes[n].parent() {
                Some(p) => n = p,
                None => return false,
            }
        };
        let mut out: Vec<Implementation> = tree
            .declarations
            .borrow()
            .iter()
            .map(|d| {
                let resources = (d.node..nodes.len())
                    .filter(|&n| is_below(n, d.node))
                    .filter_map(|n| match &nodes[n].kind {
                        NodeKind::Element(Element::Resource(b) | Element::Data(b)) => Some(b.addr.address.to_string()),
                        _ => None,
                    })
                    .collect();
                let stack = nodes[d.node].stack().map(|ix| nodes[tree.stacks.borrow()[ix]].id.to_string());
                Implementation {
                    control: d.control,
                    path: crate::tree::path_string(&nodes, d.node),
                    stack,
                    how: d.how.clone(),
                    resources,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            (a.control.framework, control_order(&a.control), &a.path).cmp(&(
                b.control.framework,
                control_order(&b.control),
                &b.path,
            ))
        });
        out
    }
}

/// Orders control ids as catalogues do: family, then number (`AC-2` < `AC-17`).
fn control_order(c: &Control) -> (&'static str, u32, &'static str) {
    let (family, rest) = c.id.split_once('-').unwrap_or((c.id, ""));
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    (family, rest[..digits].parse().unwrap_or(0), &rest[digits..])
}

#[cfg(test)]
mod tests {
    use super::nist_800_53::*;
    use super::*;
    use crate::{Construct, Environment, GenericResource, Stack};

    #[test]
    fn declarations_come_back_in_catalogue_order_with_the_resources_below_them() {
        let app = App::with_outdir("unused");
        let stack = Stack::new(&app, "sec", &Environment::new("dev").unwrap());
        let keys = Construct::new(&stack, "keys");
        let remote = Construct::new(&stack, "remote");
        remote.scope().implements(AC_17, "session manager only");
        keys.scope().implements(SC_13, "customer-managed keys");
        keys.scope().implements(AC_2, "key admins are named");
        GenericResource::new(&keys, "key", "aws_kms_key");
        GenericResource::new(&stack, "outside", "aws_s3_bucket");
        let inner = Construct::new(&keys, "inner");
        GenericResource::new(&inner, "alias", "aws_kms_alias");

        let found = app.controls();
        let ids: Vec<&str> = found.iter().map(|i| i.control.id).collect();
        assert_eq!(ids, ["AC-2", "AC-17", "SC-13"]);
        let sc13 = &found[2];
        assert_eq!(sc13.path, "sec/keys");
        assert_eq!(sc13.stack.as_deref(), Some("sec"));
        assert_eq!(sc13.how, "customer-managed keys");
        assert_eq!(sc13.resources.len(), 2, "{:?}", sc13.resources);
        assert!(sc13.resources[0].starts_with("aws_kms_key."));
        assert!(sc13.resources[1].starts_with("aws_kms_alias."));
        assert!(found[1].resources.is_empty(), "nothing was created below `remote`");
    }

    #[test]
    fn every_catalogue_id_is_unique_and_found_by_id() {
        for c in ALL {
            assert_eq!(by_id(c.id), Some(*c));
            assert_eq!(ALL.iter().filter(|o| o.id == c.id).count(), 1, "{}", c.id);
        }
    }
}
