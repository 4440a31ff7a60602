//! How an ingress rule reads, however it was written: its protocol, its port range and its sources, from a
//! security-group rule, an inline `ingress` block or a network ACL entry, given as typed values, generic
//! attributes or overrides (`22`, `22.0`, `"22"`; `"tcp"`, `"6"`, `6`; `"-1"`, `-1`, `"all"`).
//!
//! The admin-port rule sees one ingress as the admin ports it opens and the networks it opens them to;
//! [`covered_families`] tells when networks together are the whole internet (`0.0.0.0/1` and `128.0.0.0/1`
//! are `0.0.0.0/0`).

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use konductor_core::rules::{GroupMember, GroupProblem};
use serde_json::Value;

/// The admin ports, with their protocol names for messages.
pub(crate) const ADMIN_PORTS: [(i64, &str); 2] = [(22, "SSH"), (3389, "RDP")];

/// A rule's protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Protocol {
    /// `-1` / `all`: every protocol and port.
    All,
    /// TCP or UDP: the ports count.
    Ports,
    /// An expression: assumed to be TCP (the ports count), since it cannot be known here.
    Unknown,
    /// ICMP and the rest: no ports (`from_port` and `to_port` are ICMP type and code).
    Other,
    /// Not given.
    Missing,
}

/// Reads a protocol: a name (`tcp`, any case), a number (`6`) or its text (`"6"`), `-1` or `all`.
pub(crate) fn protocol(v: Option<&Value>) -> Protocol {
    let text = match v {
        None | Some(Value::Null) => return Protocol::Missing,
        Some(Value::String(s)) if s.contains("${") => return Protocol::Unknown,
        Some(Value::String(s)) => s.trim().to_ascii_lowercase(),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        Some(_) => return Protocol::Other,
    };
    match text.as_str() {
        "-1" | "all" => Protocol::All,
        "tcp" | "6" | "udp" | "17" => Protocol::Ports,
        _ => Protocol::Other,
    }
}

/// A port as written: `Ok(None)` when absent or an expression, `Err` with the value's text when it is not
/// a whole number (`"ssh"`, `22.5`).
pub(crate) fn port(v: Option<&Value>) -> Result<Option<i64>, String> {
    let whole = |f: f64| (f.fract() == 0.0 && f.abs() < 1e15).then_some(f as i64);
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n.as_i64().or_else(|| n.as_f64().and_then(whole)).map(Some).ok_or(n.to_string()),
        Some(Value::String(s)) if s.contains("${") => Ok(None),
        Some(Value::String(s)) => {
            let t = s.trim();
            t.parse::<i64>().ok().or_else(|| t.parse::<f64>().ok().and_then(whole)).map(Some).ok_or(format!("\"{s}\""))
        }
        Some(other) => Err(other.to_string()),
    }
}

/// The port range of a rule, checked: every problem is `(what is wrong, how to fix it)`.
pub(crate) struct PortRange {
    /// The admin ports the rule opens (none when the range cannot be known).
    pub opened: Vec<(i64, &'static str)>,
    /// Problems with the range itself: a port that is not a number or out of range, `from_port > to_port`.
    pub problems: Vec<(String, String)>,
}

/// Reads `from`..=`to` under `protocol`. `what` names the rule in messages (`inline ingress 2`).
pub(crate) fn port_range(
    what: &str,
    protocol: Protocol,
    (from_key, from): (&str, Option<&Value>),
    (to_key, to): (&str, Option<&Value>),
) -> PortRange {
    let mut problems = Vec::new();
    if protocol == Protocol::All {
        return PortRange { opened: ADMIN_PORTS.to_vec(), problems };
    }
    if protocol == Protocol::Other {
        return PortRange { opened: Vec::new(), problems };
    }
    let mut read = |key: &str, v: Option<&Value>| match port(v) {
        Ok(Some(p)) if !(0..=65535).contains(&p) => {
            problems.push((
                format!("{what} sets {key} = {p}, which is not a port"),
                "use a port from 0 to 65535".to_string(),
            ));
            None
        }
        Ok(p) => p,
        Err(text) => {
            problems.push((
                format!("{what} sets {key} = {text}, which is not a port number"),
                format!("write {key} as a whole number from 0 to 65535 (22, not \"ssh\" or 22.5)"),
            ));
            None
        }
    };
    let (from, to) = (read(from_key, from), read(to_key, to));
    let (Some(from), Some(to)) = (from, to) else { return PortRange { opened: Vec::new(), problems } };
    if from > to {
        problems.push((
            format!("{what} has {from_key} = {from} greater than {to_key} = {to}, an empty range"),
            format!("give the range from low to high: {from_key} = {to}, {to_key} = {from}"),
        ));
        return PortRange { opened: Vec::new(), problems };
    }
    PortRange { opened: ADMIN_PORTS.iter().copied().filter(|(p, _)| (from..=to).contains(p)).collect(), problems }
}

/// The literal networks among `values` (strings or lists of strings); expressions and text that is not a
/// CIDR block are left out (the provider refuses the latter).
pub(crate) fn networks<'a>(values: impl IntoIterator<Item = Option<&'a Value>>) -> Vec<IpNet> {
    let mut out = Vec::new();
    for v in values.into_iter().flatten() {
        let items: Vec<&Value> = match v {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for item in items {
            if let Some(net) = item.as_str().and_then(|s| s.trim().parse::<IpNet>().ok()) {
                out.push(net.trunc());
            }
        }
    }
    out
}

/// The address families whose whole space `nets` cover together: `"0.0.0.0/0"`, `"::/0"`.
///
/// ```ignore
/// covered_families(&["0.0.0.0/1".parse()?, "128.0.0.0/1".parse()?]) == ["0.0.0.0/0"]
/// ```
pub(crate) fn covered_families(nets: &[IpNet]) -> Vec<&'static str> {
    let v4: Vec<Ipv4Net> = nets.iter().filter_map(|n| if let IpNet::V4(n) = n { Some(*n) } else { None }).collect();
    let v6: Vec<Ipv6Net> = nets.iter().filter_map(|n| if let IpNet::V6(n) = n { Some(*n) } else { None }).collect();
    let mut out = Vec::new();
    if Ipv4Net::aggregate(&v4).iter().any(|n| n.prefix_len() == 0) {
        out.push("0.0.0.0/0");
    }
    if Ipv6Net::aggregate(&v6).iter().any(|n| n.prefix_len() == 0) {
        out.push("::/0");
    }
    out
}

/// Whether `net` is of the family of `world` (`0.0.0.0/0` or `::/0`).
pub(crate) fn same_family(net: &IpNet, world: &str) -> bool {
    matches!((net, world), (IpNet::V4(_), "0.0.0.0/0") | (IpNet::V6(_), "::/0"))
}

/// `a, b and c`.
pub(crate) fn listed(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The fix of every admin-port problem.
pub(crate) const ADMIN_FIX: &str = "allow admin ports only from your operators' networks (SecurityGroupChain's \
     devops_cidrs), or reach instances through SSM Session Manager";

/// One ingress that opens admin ports: which member, how it is called, the ports, the networks.
pub(crate) struct Opening {
    pub(crate) member: usize,
    pub(crate) what: String,
    pub(crate) ports: Vec<(i64, &'static str)>,
    pub(crate) sources: Vec<IpNet>,
}

/// The problems of one admin port of one group (`security group `${...}``, `network ACL ...`): each rule that alone opens it to the world, else the first rule
/// of those that do together.
pub(crate) fn world_openings(
    members: &[&GroupMember<'_>],
    group: &str,
    opening: &[&Opening],
    port: i64,
    name: &str,
) -> Vec<GroupProblem> {
    let mut out = Vec::new();
    let all: Vec<IpNet> = opening.iter().flat_map(|o| o.sources.iter().copied()).collect();
    for world in covered_families(&all) {
        let alone: Vec<&&Opening> = opening.iter().filter(|o| covered_families(&o.sources).contains(&world)).collect();
        for o in &alone {
            let own: Vec<String> =
                o.sources.iter().filter(|n| same_family(n, world)).map(ToString::to_string).collect();
            let how =
                if own.iter().any(|n| n == world) { String::new() } else { format!(" ({} together)", listed(&own)) };
            out.push((
                o.member,
                format!("{} opens admin port {port} ({name}) to {world}{how}", o.what),
                ADMIN_FIX.to_string(),
            ));
        }
        if !alone.is_empty() {
            continue;
        }
        let parts: Vec<(&Opening, Vec<String>)> = opening
            .iter()
            .map(|o| (*o, o.sources.iter().filter(|n| same_family(n, world)).map(ToString::to_string).collect()))
            .filter(|(_, nets): &(&Opening, Vec<String>)| !nets.is_empty())
            .collect();
        let Some(((first, own), others)) = parts.split_first() else { continue };
        let others: Vec<String> = others
            .iter()
            .map(|(o, nets)| format!("{} in [{}] {}", listed(nets), members[o.member].path, o.what))
            .collect();
        out.push((
            first.member,
            format!(
                "{} opens admin port {port} ({name}) to {}, which with {} of the same {group} is all \
                 of {world}",
                first.what,
                listed(own),
                listed(&others)
            ),
            ADMIN_FIX.to_string(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn nets(items: &[&str]) -> Vec<IpNet> {
        networks([Some(&json!(items))])
    }

    #[test]
    fn ports_however_written() {
        assert_eq!(port(Some(&json!(22))), Ok(Some(22)));
        assert_eq!(port(Some(&json!(22.0))), Ok(Some(22)));
        assert_eq!(port(Some(&json!("22"))), Ok(Some(22)));
        assert_eq!(port(Some(&json!(" 3389 "))), Ok(Some(3389)));
        assert_eq!(port(Some(&json!("22.0"))), Ok(Some(22)));
        assert_eq!(port(Some(&json!("${var.port}"))), Ok(None));
        assert_eq!(port(None), Ok(None));
        assert_eq!(port(Some(&json!("ssh"))), Err("\"ssh\"".to_string()));
        assert_eq!(port(Some(&json!(22.5))), Err("22.5".to_string()));
        assert_eq!(port(Some(&json!(true))), Err("true".to_string()));
    }

    #[test]
    fn protocols_however_written() {
        for p in [json!("-1"), json!(-1), json!(-1.0), json!("all"), json!("ALL")] {
            assert_eq!(protocol(Some(&p)), Protocol::All, "{p}");
        }
        for p in [json!("tcp"), json!("TCP"), json!("6"), json!(6), json!("udp"), json!(17)] {
            assert_eq!(protocol(Some(&p)), Protocol::Ports, "{p}");
        }
        assert_eq!(protocol(Some(&json!("icmp"))), Protocol::Other);
        assert_eq!(protocol(Some(&json!("${var.p}"))), Protocol::Unknown);
        assert_eq!(protocol(None), Protocol::Missing);
    }

    #[test]
    fn ranges_open_the_admin_ports_inside_them_and_refuse_reversed_ones() {
        let r = port_range("rule", Protocol::Ports, ("from_port", Some(&json!("20"))), ("to_port", Some(&json!(23.0))));
        assert_eq!(r.opened, [(22, "SSH")]);
        let r = port_range("rule", Protocol::All, ("from_port", Some(&json!(0))), ("to_port", Some(&json!(0))));
        assert_eq!(r.opened.len(), 2);
        let r = port_range("rule", Protocol::Ports, ("from_port", Some(&json!(23))), ("to_port", Some(&json!(22))));
        assert!(r.opened.is_empty());
        assert_eq!(r.problems[0].0, "rule has from_port = 23 greater than to_port = 22, an empty range");
        let r = port_range("rule", Protocol::Other, ("from_port", Some(&json!(8))), ("to_port", Some(&json!(0))));
        assert!(r.problems.is_empty() && r.opened.is_empty(), "ICMP type 8 code 0 is not a port range");
        let r = port_range("rule", Protocol::Ports, ("from_port", Some(&json!(70000))), ("to_port", Some(&json!(1))));
        assert!(r.problems[0].0.contains("from_port = 70000, which is not a port"), "{:?}", r.problems);
    }

    #[test]
    fn networks_together_can_be_the_world() {
        assert_eq!(covered_families(&nets(&["0.0.0.0/0"])), ["0.0.0.0/0"]);
        assert_eq!(covered_families(&nets(&["0.0.0.0/1", "128.0.0.0/1"])), ["0.0.0.0/0"]);
        assert_eq!(covered_families(&nets(&["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/1"])), ["0.0.0.0/0"]);
        assert_eq!(covered_families(&nets(&["::/1", "8000::/1", "10.0.0.0/8"])), ["::/0"]);
        assert_eq!(covered_families(&nets(&["1.2.3.4/0"])), ["0.0.0.0/0"], "host bits do not matter");
        assert!(covered_families(&nets(&["0.0.0.0/1", "10.0.0.0/8"])).is_empty());
        assert!(covered_families(&nets(&["0.0.0.0/1", "::/1"])).is_empty());
        assert!(covered_families(&nets(&["${var.cidr}", "not a cidr"])).is_empty());
    }
}
