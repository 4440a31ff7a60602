//! EksCluster: a snapshot, and assertions that name each requirement of the issue (authentication mode API,
//! no creator admin, private endpoint, Secrets encrypted with the cluster key, the five log types into a log
//! group made first with a retention, upgrade policy STANDARD, the pinned version, access entries, add-ons
//! with network policy and Pod Identity roles, the system node group's launch template, IRSA, the Kubernetes
//! and Helm providers), plus the exact text of each bad input's error.

use konductor_aws::eks::{ClusterNetwork, EksCluster, EksClusterProps, EksClusterPropsBuilder};
use konductor_aws::network::{TieredVpc, TieredVpcProps};
use konductor_core::{assert_has_resource, testing, App, Environment, Stack};
use serde_json::Value;

const DEVOPS: &str = "arn:aws:iam::111122223333:role/devops";
const DEVELOPERS: &str = "arn:aws:iam::111122223333:role/developers";

fn vpc(stack: &Stack) -> TieredVpc {
    TieredVpc::new(
        stack,
        "vpc",
        TieredVpcProps::builder()
            .cidr("10.10.0.0/16")
            .azs(2)
            .eks_cluster_tags("platform")
            .without_flow_logs()
            .build()
            .unwrap(),
    )
    .unwrap()
}

fn props(stack: &Stack) -> EksClusterPropsBuilder {
    EksClusterProps::builder()
        .name("platform")
        .version("1.35")
        .network(ClusterNetwork::tiered(&vpc(stack)))
        .admin_role(DEVOPS)
        .viewer_role(DEVELOPERS)
}

fn cluster_json() -> Value {
    testing::synth(|stack| {
        let cluster = EksCluster::new(stack, "eks", props(stack).build().unwrap()).unwrap();
        cluster.kubernetes_provider(stack, "kubernetes", None);
        cluster.helm_provider(stack, "helm", None);
    })
}

#[test]
fn snapshot() {
    insta::assert_json_snapshot!(cluster_json());
}

fn one<'a>(json: &'a Value, ty: &str) -> &'a Value {
    let all = testing::resources(json, ty);
    assert_eq!(all.len(), 1, "expected one {ty}, found {}", all.len());
    all[0].1
}

fn addon<'a>(json: &'a Value, name: &str) -> &'a Value {
    testing::resources(json, "aws_eks_addon")
        .into_iter()
        .find(|(_, a)| a["addon_name"] == name)
        .unwrap_or_else(|| panic!("no add-on {name}"))
        .1
}

#[test]
fn access_is_api_only_without_creator_admin() {
    let json = cluster_json();
    let cluster = one(&json, "aws_eks_cluster");
    assert_eq!(cluster["access_config"]["authentication_mode"], "API");
    assert_eq!(cluster["access_config"]["bootstrap_cluster_creator_admin_permissions"], false);
    // The aws-auth ConfigMap is legacy: nothing writes it.
    assert!(!serde_json::to_string(&json).unwrap().contains("aws-auth"));
}

#[test]
fn endpoint_is_private_only() {
    let json = cluster_json();
    let vpc = &one(&json, "aws_eks_cluster")["vpc_config"];
    assert_eq!(vpc["endpoint_private_access"], true);
    assert_eq!(vpc["endpoint_public_access"], false);
    assert!(vpc.get("public_access_cidrs").is_none());
}

#[test]
fn public_endpoint_opt_out_names_its_cidrs() {
    let json = testing::synth(|stack| {
        EksCluster::new(stack, "eks", props(stack).public_endpoint(["203.0.113.0/24"]).build().unwrap()).unwrap();
    });
    let vpc = &one(&json, "aws_eks_cluster")["vpc_config"];
    assert_eq!(vpc["endpoint_public_access"], true);
    assert_eq!(vpc["public_access_cidrs"], serde_json::json!(["203.0.113.0/24"]));
}

#[test]
fn secrets_are_encrypted_with_the_cluster_key() {
    let json = cluster_json();
    let (key_id, key) = testing::resources(&json, "aws_kms_key")[0];
    assert_eq!(key["enable_key_rotation"], true);
    let enc = &one(&json, "aws_eks_cluster")["encryption_config"];
    assert_eq!(enc["resources"], serde_json::json!(["secrets"]));
    assert_eq!(enc["provider"]["key_arn"], format!("${{aws_kms_key.{key_id}.arn}}"));
    // The key block: the account administers the key; the cluster role uses it; EKS makes its grants; CloudWatch
    // Logs encrypts the control-plane log group, and no other group, with it.
    let policy = key["policy"].as_str().unwrap();
    let (role_id, _) = testing::resources(&json, "aws_iam_role")
        .into_iter()
        .find(|(_, r)| r["name"] == "platform-cluster-test")
        .unwrap();
    assert!(policy.contains(&format!(
        r#""Sid":"AllowEncryptDecrypt","Effect":"Allow","Principal":{{"AWS":"${{aws_iam_role.{role_id}.arn}}"}}"#
    )));
    assert!(
        policy.contains(r#""Sid":"EksGrantsForTheCluster""#)
            && policy.contains(r#""kms:GrantIsForAWSResource":"true""#)
    );
    assert!(policy.contains(":log-group:/aws/eks/platform-test/cluster\""), "{policy}");
    assert!(!policy.contains(r#""Action":"kms:*""#), "{policy}");
}

#[test]
fn all_five_log_types_go_to_a_log_group_made_first() {
    let json = cluster_json();
    let cluster = one(&json, "aws_eks_cluster");
    assert_eq!(
        cluster["enabled_cluster_log_types"],
        serde_json::json!(["api", "audit", "authenticator", "controllerManager", "scheduler"])
    );
    let (group_id, group) = testing::resources(&json, "aws_cloudwatch_log_group")[0];
    assert_eq!(group["name"], "/aws/eks/platform-test/cluster");
    assert_eq!(group["retention_in_days"], 365);
    assert!(group["kms_key_id"].as_str().unwrap().starts_with("${aws_kms_key."));
    let deps = cluster["depends_on"].as_array().unwrap();
    assert!(deps.contains(&Value::from(format!("aws_cloudwatch_log_group.{group_id}"))), "{deps:?}");
}

#[test]
fn version_is_pinned_and_upgrades_are_standard() {
    let json = cluster_json();
    let cluster = one(&json, "aws_eks_cluster");
    assert_eq!(cluster["version"], "1.35");
    assert_eq!(cluster["upgrade_policy"]["support_type"], "STANDARD");
    assert_eq!(cluster["bootstrap_self_managed_addons"], false);
}

#[test]
fn devops_are_admins_and_developers_view() {
    let json = cluster_json();
    assert_has_resource!(json, "aws_eks_access_entry", { "principal_arn": DEVOPS, "type": "STANDARD" });
    assert_has_resource!(json, "aws_eks_access_entry", { "principal_arn": DEVELOPERS, "type": "STANDARD" });
    let policies: Vec<(String, String)> = testing::resources(&json, "aws_eks_access_policy_association")
        .into_iter()
        .map(|(_, p)| {
            (
                p["principal_arn"].as_str().unwrap().to_string(),
                p["policy_arn"].as_str().unwrap().rsplit('/').next().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(policies.len(), 2);
    assert!(policies[0].0.contains("admin-1") && policies[0].1 == "AmazonEKSClusterAdminPolicy", "{policies:?}");
    assert!(policies[1].0.contains("viewer-1") && policies[1].1 == "AmazonEKSViewPolicy", "{policies:?}");
    assert_has_resource!(json, "aws_eks_access_policy_association", { "access_scope": { "type": "cluster" } });
}

#[test]
fn addons_through_the_eks_api_with_network_policy_and_pod_identity() {
    let json = cluster_json();
    let names: Vec<&str> =
        testing::resources(&json, "aws_eks_addon").iter().map(|(_, a)| a["addon_name"].as_str().unwrap()).collect();
    for a in ["vpc-cni", "eks-pod-identity-agent", "coredns", "kube-proxy", "aws-ebs-csi-driver"] {
        assert!(names.contains(&a), "missing add-on {a}: {names:?}");
    }
    let cni = addon(&json, "vpc-cni");
    assert_eq!(cni["configuration_values"], r#"{"enableNetworkPolicy":"true"}"#);
    assert_eq!(cni["pod_identity_association"][0]["service_account"], "aws-node");
    let ebs = addon(&json, "aws-ebs-csi-driver");
    assert_eq!(ebs["pod_identity_association"][0]["service_account"], "ebs-csi-controller-sa");
    // Versions come from the addon-version data source for the cluster's version unless pinned.
    assert!(cni["addon_version"].as_str().unwrap().starts_with("${data.aws_eks_addon_version."));
    assert_eq!(json["data"]["aws_eks_addon_version"].as_object().unwrap().len(), 5);
    // The CNI's policy is on its own role, never on the nodes.
    assert_has_resource!(json, "aws_iam_role_policy_attachment", {
        "policy_arn": "arn:${data.aws_partition.eks_partition_4D3A7ADE.partition}:iam::aws:policy/AmazonEKS_CNI_Policy",
        "role": "${aws_iam_role.eks_vpc-cni-role_64AD4CC4.name}"
    });
}

#[test]
fn pinned_addon_versions_skip_the_data_source() {
    let json = testing::synth(|stack| {
        EksCluster::new(stack, "eks", props(stack).addon_version("coredns", "v1.12.4-eksbuild.1").build().unwrap())
            .unwrap();
    });
    assert_eq!(addon(&json, "coredns")["addon_version"], "v1.12.4-eksbuild.1");
    assert_eq!(json["data"]["aws_eks_addon_version"].as_object().unwrap().len(), 4);
}

#[test]
fn system_node_group_is_al2023_imdsv2_encrypted_and_tainted() {
    let json = cluster_json();
    let group = one(&json, "aws_eks_node_group");
    assert_eq!(group["ami_type"], "AL2023_x86_64_STANDARD");
    assert_eq!(
        group["taint"],
        serde_json::json!([{ "effect": "NO_SCHEDULE", "key": "CriticalAddonsOnly", "value": "true" }])
    );
    let lt = one(&json, "aws_launch_template");
    assert_eq!(lt["metadata_options"]["http_tokens"], "required");
    assert_eq!(lt["metadata_options"]["http_put_response_hop_limit"], 1);
    let ebs = &lt["block_device_mappings"][0]["ebs"];
    assert_eq!(ebs["volume_type"], "gp3");
    assert_eq!(ebs["encrypted"], "true");
    assert!(group["launch_template"]["id"].as_str().unwrap().starts_with("${aws_launch_template."));
    // Nodes come up after the CNI, kube-proxy and the Pod Identity agent; CoreDNS and EBS after the nodes.
    let deps = group["depends_on"].as_array().unwrap();
    for a in ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"] {
        assert!(deps.iter().any(|d| d.as_str().unwrap().contains(&format!("eks_{a}_"))), "{a} not before nodes");
    }
    assert!(addon(&json, "coredns")["depends_on"].to_string().contains("aws_eks_node_group."));
}

#[test]
fn node_role_can_join_and_pull_only() {
    let json = cluster_json();
    let mut attached: Vec<&str> = testing::resources(&json, "aws_iam_role_policy_attachment")
        .into_iter()
        .filter(|(_, a)| a["role"] == "${aws_iam_role.eks_node-role_088D8AAD.name}")
        .map(|(_, a)| a["policy_arn"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    attached.sort();
    assert_eq!(attached, ["AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodePolicy"]);
}

#[test]
fn irsa_oidc_provider_uses_the_issuer_thumbprint() {
    let json = cluster_json();
    let oidc = one(&json, "aws_iam_openid_connect_provider");
    assert_eq!(oidc["client_id_list"], serde_json::json!(["sts.amazonaws.com"]));
    assert!(oidc["thumbprint_list"][0].as_str().unwrap().starts_with("${data.tls_certificate."));
    assert!(oidc["url"].as_str().unwrap().ends_with(".identity[0].oidc[0].issuer}"));
    let without = testing::synth(|stack| {
        EksCluster::new(stack, "eks", props(stack).without_irsa().build().unwrap()).unwrap();
    });
    assert!(testing::resources(&without, "aws_iam_openid_connect_provider").is_empty());
}

#[test]
fn kubernetes_and_helm_providers_come_from_the_cluster() {
    let json = cluster_json();
    let k8s = &json["provider"]["kubernetes"][0];
    assert_eq!(k8s["host"], "${aws_eks_cluster.eks_cluster_55B0C966.endpoint}");
    assert_eq!(
        k8s["cluster_ca_certificate"],
        "${base64decode(aws_eks_cluster.eks_cluster_55B0C966.certificate_authority[0].data)}"
    );
    assert_eq!(k8s["exec"][0]["command"], "aws");
    assert_eq!(k8s["exec"][0]["args"][0], "eks");
    assert_eq!(k8s["exec"][0]["args"][1], "get-token");
    let helm = &json["provider"]["helm"][0]["kubernetes"];
    assert_eq!(helm["host"], k8s["host"]);
    assert_eq!(helm["exec"]["args"], k8s["exec"][0]["args"]);
}

#[test]
fn pod_identity_helper_associates_a_service_account() {
    let json = testing::synth(|stack| {
        let cluster = EksCluster::new(stack, "eks", props(stack).build().unwrap()).unwrap();
        cluster.pod_identity(stack, "orders", "shop", "orders-api", "arn:aws:iam::111122223333:role/orders");
    });
    assert_has_resource!(json, "aws_eks_pod_identity_association", {
        "namespace": "shop", "service_account": "orders-api", "role_arn": "arn:aws:iam::111122223333:role/orders",
        "cluster_name": "${aws_eks_cluster.eks_cluster_55B0C966.name}"
    });
}

/// The error of building cluster `eks` in stack `prod` (environment `prod`) with `edit` applied to good props.
fn error(edit: impl FnOnce(EksClusterPropsBuilder) -> EksClusterPropsBuilder) -> String {
    let app = App::new();
    let stack = Stack::new(&app, "prod", &Environment::new("prod").unwrap());
    let props = edit(props(&stack)).build().unwrap();
    EksCluster::new(&stack, "eks", props).unwrap_err().to_string()
}

#[test]
fn a_version_out_of_standard_support_is_an_error() {
    assert_eq!(
        error(|p| p.version("1.29")),
        "[prod/eks] Kubernetes version 1.29 is not in Amazon EKS standard support (extended support costs more per \
         cluster hour and ends in an automatic upgrade): pin one of 1.34, 1.35"
    );
}

#[test]
fn a_public_endpoint_without_cidrs_is_an_error() {
    assert_eq!(
        error(|p| p.public_endpoint(Vec::<String>::new())),
        "[prod/eks] public_endpoint was given no CIDRs: the API server would be open to the whole internet: list the \
         networks that may reach it, e.g. `.public_endpoint([\"203.0.113.0/24\"])`, or keep the endpoint private"
    );
    assert_eq!(
        error(|p| p.public_endpoint(["0.0.0.0/0"])),
        "[prod/eks] public_endpoint CIDR 0.0.0.0/0 is the whole internet: list the networks that may reach the API \
         server, e.g. 203.0.113.0/24"
    );
}

#[test]
fn a_log_retention_cloudwatch_does_not_offer_is_an_error() {
    assert_eq!(
        error(|p| p.log_retention_days(100)),
        "[prod/eks] log_retention_days 100 is not a CloudWatch Logs retention period: use one of 1, 3, 5, 7, 14, 30, \
         60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653"
    );
}

#[test]
fn a_cluster_without_admin_is_an_error() {
    let app = App::new();
    let stack = Stack::new(&app, "prod", &Environment::new("prod").unwrap());
    let props =
        EksClusterProps::builder().version("1.35").network(ClusterNetwork::tiered(&vpc(&stack))).build().unwrap();
    assert_eq!(
        EksCluster::new(&stack, "eks", props).unwrap_err().to_string(),
        "[prod/eks] the cluster has no admin role: bootstrap_cluster_creator_admin_permissions is false, so no one \
         could administer it (nor could Terraform's Kubernetes and Helm providers): add \
         `.admin_role(\"arn:aws:iam::ACCOUNT:role/devops\")` (the DevOps role, and the role Terraform runs as)"
    );
}
