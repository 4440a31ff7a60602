//! Checks of whole AWS resource bodies at synthesis, for what neither the compiler nor a table can see.
//!
//! Admin ports (SSH 22, RDP 3389) are never open to the whole internet (`0.0.0.0/0`, `::/0`): an error, not a
//! warning, whichever way the rule is written (a separate ingress rule, an inline `ingress` block, a legacy
//! `aws_security_group_rule`, a generic resource or an override).

use konductor_core::rules::ResourceCheck;
use serde_json::Value;

/// The admin ports, with their protocol names for messages.
const ADMIN_PORTS: [(i64, &str); 2] = [(22, "SSH"), (3389, "RDP")];

/// Every whole-body check of AWS resources.
pub static CHECKS: &[ResourceCheck] = &[
    ResourceCheck { resource_type: "aws_vpc_security_group_ingress_rule", check: ingress_rule },
    ResourceCheck { resource_type: "aws_security_group_rule", check: security_group_rule },
    ResourceCheck { resource_type: "aws_security_group", check: inline_ingress },
    ResourceCheck { resource_type: "aws_default_security_group", check: inline_ingress },
    ResourceCheck { resource_type: "aws_guardduty_detector", check: crate::security::guardduty::refuse_detector },
];

fn is_world(cidr: &str) -> bool {
    cidr.ends_with("/0")
}

fn strings(v: &Value) -> Vec<&str> {
    match v {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The admin ports a rule opens: all of them for protocol `-1`/`all`, else those in `from..=to` for TCP
/// and UDP. A port or protocol given as an expression counts as not open (it cannot be known here).
fn admin_ports_opened(protocol: &Value, from: &Value, to: &Value) -> Vec<(i64, &'static str)> {
    let proto = match protocol {
        Value::String(s) => s.to_ascii_lowercase(),
        Value::Number(n) => n.to_string(),
        _ => return Vec::new(),
    };
    if matches!(proto.as_str(), "-1" | "all") {
        return ADMIN_PORTS.to_vec();
    }
    if !matches!(proto.as_str(), "tcp" | "udp" | "6" | "17") {
        return Vec::new();
    }
    let (Some(from), Some(to)) = (from.as_i64(), to.as_i64()) else { return Vec::new() };
    ADMIN_PORTS.iter().copied().filter(|(p, _)| (from..=to).contains(p)).collect()
}

fn problems(ports: &[(i64, &str)], world: &[&str], what: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for cidr in world {
        for (port, name) in ports {
            out.push((
                format!("{what} opens admin port {port} ({name}) to {cidr}"),
                "allow admin ports only from your operators' networks (SecurityGroupChain's devops_cidrs), or \
                 reach instances through SSM Session Manager"
                    .to_string(),
            ));
        }
    }
    out
}

fn ingress_rule(body: &Value) -> Vec<(String, String)> {
    let world: Vec<&str> =
        ["cidr_ipv4", "cidr_ipv6"].iter().flat_map(|k| strings(&body[*k])).filter(|c| is_world(c)).collect();
    if world.is_empty() {
        return Vec::new();
    }
    let ports = admin_ports_opened(&body["ip_protocol"], &body["from_port"], &body["to_port"]);
    problems(&ports, &world, "ingress rule")
}

fn security_group_rule(body: &Value) -> Vec<(String, String)> {
    if body["type"].as_str() != Some("ingress") {
        return Vec::new();
    }
    let world: Vec<&str> =
        ["cidr_blocks", "ipv6_cidr_blocks"].iter().flat_map(|k| strings(&body[*k])).filter(|c| is_world(c)).collect();
    let ports = admin_ports_opened(&body["protocol"], &body["from_port"], &body["to_port"]);
    problems(&ports, &world, "ingress rule")
}

fn inline_ingress(body: &Value) -> Vec<(String, String)> {
    let items = match &body["ingress"] {
        Value::Array(items) => items.as_slice(),
        _ => return Vec::new(),
    };
    items
        .iter()
        .flat_map(|rule| {
            let world: Vec<&str> = ["cidr_blocks", "ipv6_cidr_blocks"]
                .iter()
                .flat_map(|k| strings(&rule[*k]))
                .filter(|c| is_world(c))
                .collect();
            let ports = admin_ports_opened(&rule["protocol"], &rule["from_port"], &rule["to_port"]);
            problems(&ports, &world, "inline ingress")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ssh_to_the_world_is_refused_whatever_the_form() {
        let r = ingress_rule(&json!({"cidr_ipv4": "0.0.0.0/0", "ip_protocol": "tcp", "from_port": 22, "to_port": 22}));
        assert_eq!(r[0].0, "ingress rule opens admin port 22 (SSH) to 0.0.0.0/0");
        let r = security_group_rule(
            &json!({"type": "ingress", "ipv6_cidr_blocks": ["::/0"], "protocol": "-1", "from_port": 0, "to_port": 0}),
        );
        assert_eq!(r.len(), 2, "all protocols open both admin ports: {r:?}");
        let r = inline_ingress(
            &json!({"ingress": [{"cidr_blocks": ["0.0.0.0/0"], "protocol": "tcp", "from_port": 3000, "to_port": 4000}]}),
        );
        assert_eq!(r[0].0, "inline ingress opens admin port 3389 (RDP) to 0.0.0.0/0");
    }

    #[test]
    fn other_ports_networks_and_expressions_pass() {
        assert!(ingress_rule(
            &json!({"cidr_ipv4": "0.0.0.0/0", "ip_protocol": "tcp", "from_port": 443, "to_port": 443})
        )
        .is_empty());
        assert!(ingress_rule(
            &json!({"cidr_ipv4": "10.0.0.0/8", "ip_protocol": "tcp", "from_port": 22, "to_port": 22})
        )
        .is_empty());
        assert!(ingress_rule(
            &json!({"cidr_ipv4": "${var.cidr}", "ip_protocol": "tcp", "from_port": 22, "to_port": 22})
        )
        .is_empty());
        assert!(
            security_group_rule(&json!({"type": "egress", "cidr_blocks": ["0.0.0.0/0"], "protocol": "-1"})).is_empty()
        );
    }
}
