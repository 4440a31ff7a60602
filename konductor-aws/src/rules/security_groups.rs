//! Security-group rules: admin ports (SSH 22, RDP 3389) are never open to the whole internet, whichever way
//! the rule is written (`aws_vpc_security_group_ingress_rule`, the legacy `aws_security_group_rule`, inline
//! `ingress` blocks of `aws_security_group` and `aws_default_security_group`; typed, generic or overridden)
//! and however its sources are split: the sources of one rule, and of every rule of one security group,
//! count together, so `0.0.0.0/1` plus `128.0.0.0/1` is `0.0.0.0/0`. Port ranges must be ranges: a port that
//! is not a number, or `from_port > to_port`, is an error too.

use konductor_core::rules::{CheckContext, GroupMember, GroupProblem};
use serde_json::Value;

use super::ingress::{networks, port_range, protocol, world_openings, Opening, ADMIN_PORTS};

/// The security-group types the admin-port rule reads together.
pub(crate) const GROUP_TYPES: &[&str] = &[
    "aws_security_group",
    "aws_default_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
];

/// Every rule of one body: `(what it is called in messages, the rule's JSON, its protocol key)`.
fn rules_of<'a>(resource_type: &str, body: &'a Value) -> Vec<(String, &'a Value, &'static str, bool)> {
    let inline = |key: &str, ingress: bool| -> Vec<(String, &'a Value, &'static str, bool)> {
        match &body[key] {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let what =
                        if items.len() == 1 { format!("inline {key}") } else { format!("inline {key} {}", i + 1) };
                    (what, r, "protocol", ingress)
                })
                .collect(),
            Value::Object(_) => vec![(format!("inline {key}"), &body[key], "protocol", ingress)],
            _ => Vec::new(),
        }
    };
    match resource_type {
        "aws_security_group" | "aws_default_security_group" => {
            let mut all = inline("ingress", true);
            all.extend(inline("egress", false));
            all
        }
        "aws_security_group_rule" => {
            let ingress = body["type"].as_str() == Some("ingress");
            vec![(format!("{} rule", if ingress { "ingress" } else { "egress" }), body, "protocol", ingress)]
        }
        "aws_vpc_security_group_ingress_rule" => vec![("ingress rule".into(), body, "ip_protocol", true)],
        "aws_vpc_security_group_egress_rule" => vec![("egress rule".into(), body, "ip_protocol", false)],
        _ => Vec::new(),
    }
}

/// The check of one body: port ranges that are not ranges.
fn port_ranges(resource_type: &str, body: &Value) -> Vec<(String, String)> {
    rules_of(resource_type, body)
        .into_iter()
        .flat_map(|(what, rule, proto_key, _)| {
            port_range(
                &what,
                protocol(rule.get(proto_key)),
                ("from_port", rule.get("from_port")),
                ("to_port", rule.get("to_port")),
            )
            .problems
        })
        .collect()
}

macro_rules! port_range_check {
    ($name:ident, $ty:literal) => {
        pub(crate) fn $name(body: &Value, _: &CheckContext<'_>) -> Vec<(String, String)> {
            port_ranges($ty, body)
        }
    };
}
port_range_check!(ingress_rule_ports, "aws_vpc_security_group_ingress_rule");
port_range_check!(egress_rule_ports, "aws_vpc_security_group_egress_rule");
port_range_check!(legacy_rule_ports, "aws_security_group_rule");
port_range_check!(group_ports, "aws_security_group");

/// The admin-port rule over the security groups of one stack: each group's ingress, inline or separate,
/// counted together.
pub(crate) fn admin_ports(members: &[&GroupMember<'_>]) -> Vec<GroupProblem> {
    // Openings by security group, in the order the groups first appear.
    let mut groups: Vec<(String, Vec<Opening>)> = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let key = match m.resource_type {
            "aws_security_group" | "aws_default_security_group" => format!("${{{}.id}}", m.address),
            _ => match m.body.get("security_group_id").and_then(Value::as_str) {
                Some(id) => id.to_string(),
                None => format!("#{i}"),
            },
        };
        for (what, rule, proto_key, ingress) in rules_of(m.resource_type, &m.body) {
            if !ingress {
                continue;
            }
            let range = port_range(
                &what,
                protocol(rule.get(proto_key)),
                ("from_port", rule.get("from_port")),
                ("to_port", rule.get("to_port")),
            );
            let sources =
                networks(["cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"].iter().map(|k| rule.get(*k)));
            if range.opened.is_empty() || sources.is_empty() {
                continue;
            }
            let opening = Opening { member: i, what, ports: range.opened, sources };
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.push(opening),
                None => groups.push((key.clone(), vec![opening])),
            }
        }
    }
    let mut out = Vec::new();
    for (group, openings) in &groups {
        for (port, name) in ADMIN_PORTS {
            let opening: Vec<&Opening> = openings.iter().filter(|o| o.ports.contains(&(port, name))).collect();
            out.extend(world_openings(members, &format!("security group `{group}`"), &opening, port, name));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn member(resource_type: &'static str, address: &str, body: Value) -> GroupMember<'static> {
        GroupMember { resource_type, address: address.into(), path: format!("s/{address}"), body }
    }

    fn check(members: &[GroupMember<'static>]) -> Vec<String> {
        let refs: Vec<&GroupMember<'_>> = members.iter().collect();
        admin_ports(&refs).into_iter().map(|(i, m, _)| format!("{}: {m}", members[i].path)).collect()
    }

    #[test]
    fn ssh_to_the_world_is_refused_whatever_the_form() {
        let r = check(&[member(
            "aws_vpc_security_group_ingress_rule",
            "r",
            json!({"cidr_ipv4": "0.0.0.0/0", "ip_protocol": "tcp", "from_port": 22, "to_port": 22}),
        )]);
        assert_eq!(r, ["s/r: ingress rule opens admin port 22 (SSH) to 0.0.0.0/0"]);
        let r = check(&[member(
            "aws_security_group_rule",
            "r",
            json!({"type": "ingress", "ipv6_cidr_blocks": ["::/0"], "protocol": "-1", "from_port": 0, "to_port": 0}),
        )]);
        assert_eq!(r.len(), 2, "all protocols open both admin ports: {r:?}");
        let r = check(&[member(
            "aws_security_group",
            "aws_security_group.g",
            json!({"ingress": [{"cidr_blocks": ["0.0.0.0/0"], "protocol": "tcp", "from_port": 3000, "to_port": 4000}]}),
        )]);
        assert_eq!(r, ["s/aws_security_group.g: inline ingress opens admin port 3389 (RDP) to 0.0.0.0/0"]);
    }

    #[test]
    fn ports_as_text_or_floats_count() {
        for (from, to) in [(json!("22"), json!("22")), (json!(22.0), json!(22.0)), (json!("0"), json!(65535))] {
            let r = check(&[member(
                "aws_security_group_rule",
                "r",
                json!({"type": "ingress", "cidr_blocks": ["0.0.0.0/0"], "protocol": "6", "from_port": from, "to_port": to}),
            )]);
            assert!(r.iter().any(|m| m.contains("admin port 22 (SSH) to 0.0.0.0/0")), "{r:?}");
        }
    }

    #[test]
    fn the_sources_of_one_rule_count_together() {
        let r = check(&[member(
            "aws_security_group_rule",
            "r",
            json!({"type": "ingress", "cidr_blocks": ["0.0.0.0/1", "128.0.0.0/1"], "protocol": "tcp", "from_port": 22, "to_port": 22}),
        )]);
        assert_eq!(
            r,
            ["s/r: ingress rule opens admin port 22 (SSH) to 0.0.0.0/0 (0.0.0.0/1 and 128.0.0.0/1 together)"]
        );
    }

    #[test]
    fn the_rules_of_one_group_count_together() {
        let rule = |cidr: &str, sg: &str| json!({"security_group_id": sg, "cidr_ipv6": cidr, "ip_protocol": "tcp", "from_port": 3389, "to_port": 3389});
        let sg = "${aws_security_group.app.id}";
        let r = check(&[
            member("aws_security_group", "aws_security_group.app", json!({})),
            member("aws_vpc_security_group_ingress_rule", "a", rule("::/1", sg)),
            member("aws_vpc_security_group_ingress_rule", "b", rule("8000::/1", sg)),
        ]);
        assert_eq!(
            r,
            ["s/a: ingress rule opens admin port 3389 (RDP) to ::/1, which with 8000::/1 in [s/b] ingress rule of \
              the same security group `${aws_security_group.app.id}` is all of ::/0"]
        );
        // Two groups, each with half of the internet: neither is open to it.
        let r = check(&[
            member("aws_vpc_security_group_ingress_rule", "a", rule("::/1", "sg-1")),
            member("aws_vpc_security_group_ingress_rule", "b", rule("8000::/1", "sg-2")),
        ]);
        assert!(r.is_empty(), "{r:?}");
    }

    #[test]
    fn inline_and_separate_rules_of_one_group_count_together() {
        let r = check(&[
            member(
                "aws_security_group",
                "aws_security_group.app",
                json!({"ingress": [{"cidr_blocks": ["128.0.0.0/1"], "protocol": "-1", "from_port": 0, "to_port": 0}]}),
            ),
            member(
                "aws_security_group_rule",
                "r",
                json!({"type": "ingress", "security_group_id": "${aws_security_group.app.id}", "cidr_blocks": ["0.0.0.0/1"], "protocol": "tcp", "from_port": 22, "to_port": 22}),
            ),
        ]);
        assert_eq!(r.len(), 1, "{r:?}");
        assert!(r[0].contains("is all of 0.0.0.0/0"), "{r:?}");
    }

    #[test]
    fn other_ports_networks_directions_and_expressions_pass() {
        let ok = [
            json!({"type": "ingress", "cidr_blocks": ["0.0.0.0/0"], "protocol": "tcp", "from_port": 443, "to_port": 443}),
            json!({"type": "ingress", "cidr_blocks": ["10.0.0.0/8"], "protocol": "tcp", "from_port": 22, "to_port": 22}),
            json!({"type": "ingress", "cidr_blocks": ["${var.cidr}"], "protocol": "tcp", "from_port": 22, "to_port": 22}),
            json!({"type": "ingress", "cidr_blocks": ["0.0.0.0/0"], "protocol": "icmp", "from_port": 8, "to_port": 0}),
            json!({"type": "egress", "cidr_blocks": ["0.0.0.0/0"], "protocol": "-1", "from_port": 0, "to_port": 0}),
            json!({"type": "ingress", "cidr_blocks": ["0.0.0.0/1"], "protocol": "tcp", "from_port": 22, "to_port": 22}),
        ];
        for body in ok {
            let r = check(&[member("aws_security_group_rule", "r", body.clone())]);
            assert!(r.is_empty(), "{body}: {r:?}");
        }
    }

    #[test]
    fn reversed_and_unreadable_ranges_are_errors() {
        let body = json!({"ingress": [
            {"protocol": "tcp", "from_port": 3390, "to_port": 3389, "cidr_blocks": ["10.0.0.0/8"]},
            {"protocol": "tcp", "from_port": "ssh", "to_port": 22, "cidr_blocks": ["10.0.0.0/8"]}
        ]});
        let r = group_ports(&body, &CheckContext::default());
        assert_eq!(r[0].0, "inline ingress 1 has from_port = 3390 greater than to_port = 3389, an empty range");
        assert_eq!(r[1].0, "inline ingress 2 sets from_port = \"ssh\", which is not a port number");
        let r = egress_rule_ports(
            &json!({"ip_protocol": "udp", "from_port": 100, "to_port": 53}),
            &CheckContext::default(),
        );
        assert_eq!(r.len(), 1, "{r:?}");
    }
}
