//! Network ACLs: admin ports (SSH 22, RDP 3389) are never admitted from the whole internet, by an inline
//! `ingress` entry of `aws_network_acl` / `aws_default_network_acl` or an `aws_network_acl_rule`, however the
//! port range is written: an ephemeral range `1024-65535` from `0.0.0.0/0` admits 3389 too. The allow entries
//! of one ACL count together, in rule-number order, up to a deny entry that shuts the port for every source.
//! Port ranges must be ranges (`from_port > to_port` is an error).

use konductor_core::rules::{CheckContext, GroupMember, GroupProblem};
use serde_json::Value;

use super::ingress::{
    covered_families, networks, port, port_range, protocol, same_family, world_openings, Opening, PortRange,
    ADMIN_PORTS,
};

/// The network-ACL types the admin-port rule reads together.
pub(crate) const GROUP_TYPES: &[&str] = &["aws_network_acl", "aws_default_network_acl", "aws_network_acl_rule"];

/// One entry of an ACL.
struct Entry<'a> {
    what: String,
    rule: &'a Value,
    ingress: bool,
    allow: bool,
    number: Option<i64>,
}

fn entries<'a>(resource_type: &str, body: &'a Value) -> Vec<Entry<'a>> {
    let allow = |v: &Value| v.as_str().is_some_and(|a| a.eq_ignore_ascii_case("allow"));
    let number = |v: Option<&Value>| port(v).ok().flatten();
    match resource_type {
        "aws_network_acl_rule" => {
            let egress = matches!(&body["egress"], Value::Bool(true)) || body["egress"].as_str() == Some("true");
            vec![Entry {
                what: format!("{} rule", if egress { "egress" } else { "ingress" }),
                rule: body,
                ingress: !egress,
                allow: allow(&body["rule_action"]),
                number: number(body.get("rule_number")),
            }]
        }
        _ => ["ingress", "egress"]
            .iter()
            .flat_map(|key| {
                let items: Vec<&Value> = match &body[*key] {
                    Value::Array(items) => items.iter().collect(),
                    v @ Value::Object(_) => vec![v],
                    _ => Vec::new(),
                };
                let n = items.len();
                items.into_iter().enumerate().map(move |(i, rule)| Entry {
                    what: if n == 1 { format!("inline {key}") } else { format!("inline {key} {}", i + 1) },
                    rule,
                    ingress: *key == "ingress",
                    allow: allow(&rule["action"]),
                    number: number(rule.get("rule_no")),
                })
            })
            .collect(),
    }
}

fn range(e: &Entry<'_>) -> PortRange {
    port_range(
        &e.what,
        protocol(e.rule.get("protocol")),
        ("from_port", e.rule.get("from_port")),
        ("to_port", e.rule.get("to_port")),
    )
}

fn sources(e: &Entry<'_>) -> Vec<ipnet::IpNet> {
    networks([e.rule.get("cidr_block"), e.rule.get("ipv6_cidr_block")])
}

macro_rules! port_range_check {
    ($name:ident, $ty:literal) => {
        pub(crate) fn $name(body: &Value, _: &CheckContext<'_>) -> Vec<(String, String)> {
            entries($ty, body).iter().flat_map(|e| range(e).problems).collect()
        }
    };
}
port_range_check!(acl_ports, "aws_network_acl");
port_range_check!(acl_rule_ports, "aws_network_acl_rule");

/// An entry that opens admin ports: its rule number, whether it allows, and what it opens.
type Numbered = (Option<i64>, bool, Opening);

/// The admin-port rule over the network ACLs of one stack.
pub(crate) fn admin_ports(members: &[&GroupMember<'_>]) -> Vec<GroupProblem> {
    // The entries of each ACL, in the order the ACLs first appear.
    let mut acls: Vec<(String, Vec<Numbered>)> = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let key = match m.resource_type {
            "aws_network_acl_rule" => match m.body.get("network_acl_id").and_then(Value::as_str) {
                Some(id) => id.to_string(),
                None => format!("#{i}"),
            },
            _ => format!("${{{}.id}}", m.address),
        };
        for e in entries(m.resource_type, &m.body) {
            let (opened, sources) = (range(&e).opened, sources(&e));
            if !e.ingress || opened.is_empty() || sources.is_empty() {
                continue;
            }
            let entry = (e.number, e.allow, Opening { member: i, what: e.what, ports: opened, sources });
            match acls.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.push(entry),
                None => acls.push((key.clone(), vec![entry])),
            }
        }
    }
    let mut out = Vec::new();
    for (acl, mut list) in acls {
        list.sort_by_key(|(number, _, _)| number.unwrap_or(i64::MAX));
        for (port, name) in ADMIN_PORTS {
            for world in ["0.0.0.0/0", "::/0"] {
                // The allow entries of this family before a deny entry shuts the port for all of it.
                let mut denied = Vec::new();
                let mut allowed: Vec<Opening> = Vec::new();
                for (_, allow, o) in list.iter().filter(|(_, _, o)| o.ports.contains(&(port, name))) {
                    let nets: Vec<ipnet::IpNet> = o.sources.iter().copied().filter(|n| same_family(n, world)).collect();
                    if nets.is_empty() {
                        continue;
                    }
                    if *allow {
                        allowed.push(Opening {
                            member: o.member,
                            what: o.what.clone(),
                            ports: Vec::new(),
                            sources: nets,
                        });
                    } else {
                        denied.extend(nets);
                        if !covered_families(&denied).is_empty() {
                            break;
                        }
                    }
                }
                let allowed: Vec<&Opening> = allowed.iter().collect();
                out.extend(world_openings(members, &format!("network ACL `{acl}`"), &allowed, port, name));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(resource_type: &'static str, body: Value) -> Vec<String> {
        let m = GroupMember { resource_type, address: "aws_network_acl.a".into(), path: "s/acl".into(), body };
        admin_ports(&[&m]).into_iter().map(|(_, m, _)| m).collect()
    }

    fn entry(no: i64, action: &str, from: Value, to: Value, cidr: &str) -> Value {
        json!({"rule_no": no, "action": action, "protocol": "tcp", "from_port": from, "to_port": to, "cidr_block": cidr})
    }

    #[test]
    fn the_ephemeral_range_from_the_world_admits_rdp() {
        let r =
            check("aws_network_acl", json!({"ingress": [entry(900, "allow", json!(1024), json!(65535), "0.0.0.0/0")]}));
        assert_eq!(r, ["inline ingress opens admin port 3389 (RDP) to 0.0.0.0/0"]);
        let split = json!({"ingress": [
            entry(900, "allow", json!(1024), json!(3388), "0.0.0.0/0"),
            entry(910, "allow", json!("3390"), json!("65535"), "0.0.0.0/0"),
        ]});
        assert!(check("aws_network_acl", split).is_empty());
    }

    #[test]
    fn separate_rules_ports_as_text_and_a_deny_first() {
        let rule = json!({"network_acl_id": "acl-1", "rule_number": 100, "egress": false, "rule_action": "allow",
                          "protocol": "6", "from_port": "22", "to_port": 22.0, "ipv6_cidr_block": "::/0"});
        assert_eq!(check("aws_network_acl_rule", rule.clone()), ["ingress rule opens admin port 22 (SSH) to ::/0"]);
        let mut egress = rule.clone();
        egress["egress"] = json!(true);
        assert!(check("aws_network_acl_rule", egress).is_empty());
        let denied_first = json!({"ingress": [
            {"rule_no": 50, "action": "deny", "protocol": "-1", "from_port": 0, "to_port": 0, "cidr_block": "0.0.0.0/0"},
            {"rule_no": 60, "action": "deny", "protocol": "-1", "from_port": 0, "to_port": 0, "ipv6_cidr_block": "::/0"},
            entry(100, "allow", json!(22), json!(22), "0.0.0.0/0"),
        ]});
        assert!(check("aws_network_acl", denied_first).is_empty());
        let denied_after = json!({"ingress": [
            entry(100, "allow", json!(22), json!(22), "0.0.0.0/0"),
            {"rule_no": 200, "action": "deny", "protocol": "-1", "from_port": 0, "to_port": 0, "cidr_block": "0.0.0.0/0"},
        ]});
        assert_eq!(check("aws_network_acl", denied_after).len(), 1);
    }

    #[test]
    fn reversed_ranges_are_errors() {
        let r = acl_ports(
            &json!({"egress": [entry(100, "allow", json!(443), json!(80), "10.0.0.0/8")]}),
            &CheckContext::default(),
        );
        assert_eq!(r[0].0, "inline egress has from_port = 443 greater than to_port = 80, an empty range");
    }
}
