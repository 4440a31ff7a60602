//! The tables of AWS checks that read whole resource bodies, one body at a time ([`CHECKS`]) or the
//! resources of a stack together ([`GROUPS`]), for what neither the compiler nor a table can see.
//!
//! - Admin ports (SSH 22, RDP 3389) are never open to the whole internet, in security groups
//!   ([`security_groups`](super::security_groups)) or network ACLs ([`network_acls`](super::network_acls)),
//!   however the rule and its ports are written and however its sources are split; port ranges are ranges.

use konductor_core::rules::{GroupCheck, ResourceCheck};

use super::{network_acls, security_groups};

/// Every whole-body check of AWS resources.
pub static CHECKS: &[ResourceCheck] = &[
    ResourceCheck { resource_type: "aws_vpc_security_group_ingress_rule", check: security_groups::ingress_rule_ports },
    ResourceCheck { resource_type: "aws_vpc_security_group_egress_rule", check: security_groups::egress_rule_ports },
    ResourceCheck { resource_type: "aws_security_group_rule", check: security_groups::legacy_rule_ports },
    ResourceCheck { resource_type: "aws_security_group", check: security_groups::group_ports },
    ResourceCheck { resource_type: "aws_default_security_group", check: security_groups::group_ports },
    ResourceCheck { resource_type: "aws_network_acl", check: network_acls::acl_ports },
    ResourceCheck { resource_type: "aws_default_network_acl", check: network_acls::acl_ports },
    ResourceCheck { resource_type: "aws_network_acl_rule", check: network_acls::acl_rule_ports },
];

/// Every check of the AWS resources of one stack together.
pub static GROUPS: &[GroupCheck] = &[
    GroupCheck { resource_types: security_groups::GROUP_TYPES, check: security_groups::admin_ports },
    GroupCheck { resource_types: network_acls::GROUP_TYPES, check: network_acls::admin_ports },
];
