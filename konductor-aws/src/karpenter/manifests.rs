//! The Karpenter v1 objects (`karpenter.sh/v1` NodePool, `karpenter.k8s.aws/v1` EC2NodeClass) as YAML, and
//! the local Helm chart that carries them.

use crate::eks::Yaml;

use super::props::{Instances, NodePool};

/// The name of the EC2NodeClass every pool uses.
pub const NODE_CLASS: &str = "default";

/// What the EC2NodeClass needs from the cluster.
#[derive(Clone, Debug)]
pub(crate) struct NodeClassInput<'a> {
    pub(crate) cluster_name: &'a str,
    pub(crate) instance_profile: &'a str,
    pub(crate) ami_alias: &'a str,
    pub(crate) root_volume_gib: u32,
    pub(crate) security_group_names: &'a [String],
}

fn requirement(key: &str, operator: &str, values: Vec<String>) -> Yaml {
    Yaml::map([("key", Yaml::str(key)), ("operator", Yaml::str(operator)), ("values", Yaml::strs(values))])
}

/// The NodePool object of `pool` (checked before, so architecture and capacity types are set).
pub(crate) fn node_pool(pool: &NodePool) -> Yaml {
    let arch = pool.arch.map(|a| a.label()).unwrap_or("amd64");
    let mut requirements = vec![
        requirement("kubernetes.io/arch", "In", vec![arch.into()]),
        requirement("kubernetes.io/os", "In", vec!["linux".into()]),
        requirement(
            "karpenter.sh/capacity-type",
            "In",
            pool.capacity_types.iter().map(|c| c.label().to_string()).collect(),
        ),
    ];
    match &pool.instances {
        Some(Instances::Types(types)) => {
            requirements.push(requirement("node.kubernetes.io/instance-type", "In", types.clone()))
        }
        Some(Instances::Families { families, sizes }) => {
            requirements.push(requirement("karpenter.k8s.aws/instance-family", "In", families.clone()));
            requirements.push(requirement("karpenter.k8s.aws/instance-size", "In", sizes.clone()));
        }
        Some(Instances::Categories { categories, generation_above }) => {
            requirements.push(requirement("karpenter.k8s.aws/instance-category", "In", categories.clone()));
            requirements.push(requirement(
                "karpenter.k8s.aws/instance-generation",
                "Gt",
                vec![generation_above.to_string()],
            ));
        }
        None => {}
    }
    let mut limits = vec![("cpu", Yaml::str(pool.cpu_limit.to_string()))];
    if let Some(gib) = pool.memory_limit_gib {
        limits.push(("memory", Yaml::str(format!("{gib}Gi"))));
    }
    let mut spec = vec![
        (
            "template",
            Yaml::map([
                ("metadata", Yaml::map([("labels", Yaml::map([("konductor.dev/node-pool", Yaml::str(&pool.name))]))])),
                (
                    "spec",
                    Yaml::map([
                        (
                            "nodeClassRef",
                            Yaml::map([
                                ("group", Yaml::str("karpenter.k8s.aws")),
                                ("kind", Yaml::str("EC2NodeClass")),
                                ("name", Yaml::str(NODE_CLASS)),
                            ]),
                        ),
                        ("requirements", Yaml::list(requirements)),
                        ("expireAfter", Yaml::str(&pool.expire_after)),
                    ]),
                ),
            ]),
        ),
        (
            "disruption",
            Yaml::map([
                ("consolidationPolicy", Yaml::str("WhenEmptyOrUnderutilized")),
                ("consolidateAfter", Yaml::str(&pool.consolidate_after)),
                ("budgets", Yaml::list([Yaml::map([("nodes", Yaml::str(&pool.disruption_budget))])])),
            ]),
        ),
        ("limits", Yaml::map(limits)),
    ];
    if let Some(w) = pool.weight {
        spec.push(("weight", Yaml::int(i64::from(w))));
    }
    Yaml::map([
        ("apiVersion", Yaml::str("karpenter.sh/v1")),
        ("kind", Yaml::str("NodePool")),
        ("metadata", Yaml::map([("name", Yaml::str(&pool.name))])),
        ("spec", Yaml::map(spec)),
    ])
}

/// The EC2NodeClass: AL2023 pinned by alias version, the instance profile, subnets and security groups
/// selected by `karpenter.sh/discovery`, IMDSv2 with hop limit 1, an encrypted gp3 root volume.
pub(crate) fn node_class(input: &NodeClassInput<'_>) -> Yaml {
    let discovery =
        || Yaml::list([Yaml::map([("tags", Yaml::map([("karpenter.sh/discovery", Yaml::str(input.cluster_name))]))])]);
    Yaml::map([
        ("apiVersion", Yaml::str("karpenter.k8s.aws/v1")),
        ("kind", Yaml::str("EC2NodeClass")),
        ("metadata", Yaml::map([("name", Yaml::str(NODE_CLASS))])),
        (
            "spec",
            Yaml::map([
                ("amiSelectorTerms", Yaml::list([Yaml::map([("alias", Yaml::str(input.ami_alias))])])),
                ("instanceProfile", Yaml::str(input.instance_profile)),
                ("subnetSelectorTerms", discovery()),
                ("securityGroupSelectorTerms", {
                    let mut terms = vec![Yaml::map([(
                        "tags",
                        Yaml::map([("karpenter.sh/discovery", Yaml::str(input.cluster_name))]),
                    )])];
                    terms.extend(
                        input
                            .security_group_names
                            .iter()
                            .map(|n| Yaml::map([("tags", Yaml::map([("Name", Yaml::str(n))]))])),
                    );
                    Yaml::list(terms)
                }),
                (
                    "metadataOptions",
                    Yaml::map([
                        ("httpEndpoint", Yaml::str("enabled")),
                        ("httpProtocolIPv6", Yaml::str("disabled")),
                        ("httpPutResponseHopLimit", Yaml::int(1)),
                        ("httpTokens", Yaml::str("required")),
                    ]),
                ),
                (
                    "blockDeviceMappings",
                    Yaml::list([Yaml::map([
                        ("deviceName", Yaml::str("/dev/xvda")),
                        (
                            "ebs",
                            Yaml::map([
                                ("volumeSize", Yaml::str(format!("{}Gi", input.root_volume_gib))),
                                ("volumeType", Yaml::str("gp3")),
                                ("encrypted", Yaml::bool(true)),
                                ("deleteOnTermination", Yaml::bool(true)),
                            ]),
                        ),
                    ])]),
                ),
                (
                    "tags",
                    Yaml::map([
                        ("karpenter.sh/discovery", Yaml::str(input.cluster_name)),
                        ("Name", Yaml::str(format!("{}-karpenter", input.cluster_name))),
                    ]),
                ),
            ]),
        ),
    ])
}

/// FNV-1a, 64 bits: the chart's content hash, in its version, so that Terraform sees a change of any
/// template as a change of the release.
pub(crate) fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The files of the local chart `name`: `Chart.yaml` and one template per object, and the chart's version.
pub(crate) fn chart(name: &str, description: &str, objects: &[(String, Yaml)]) -> (Vec<(String, Vec<u8>)>, String) {
    let mut templates: Vec<(String, Vec<u8>)> = objects
        .iter()
        .map(|(file, doc)| {
            let mut text = String::from("# Written by konductor: change the KarpenterPool, not this file.\n");
            text.push_str(&doc.to_text());
            (format!("templates/{file}.yaml"), text.into_bytes())
        })
        .collect();
    let mut all = Vec::new();
    for (f, b) in &templates {
        all.extend_from_slice(f.as_bytes());
        all.extend_from_slice(b);
    }
    let version = format!("1.0.0-h{:016x}", fnv64(&all));
    let chart = Yaml::map([
        ("apiVersion", Yaml::str("v2")),
        ("name", Yaml::str(name)),
        ("description", Yaml::str(description)),
        ("type", Yaml::str("application")),
        ("version", Yaml::str(&version)),
    ]);
    templates.insert(0, ("Chart.yaml".into(), chart.to_text().into_bytes()));
    (templates, version)
}
