//! KarpenterPool: a snapshot, the chart's manifests checked against the Karpenter v1 CRDs (with
//! ../shared/tools/validate_k8s.py when it is there), assertions that name each requirement of the issue,
//! and the exact text of each bad input's error.

use std::path::PathBuf;
use std::process::Command;

use konductor_aws::eks::{Arch, ClusterNetwork, EksCluster, EksClusterProps};
use konductor_aws::karpenter::{CapacityType, KarpenterPool, KarpenterPoolProps, NodePool};
use konductor_aws::network::{EndpointPreset, TieredVpc, TieredVpcProps, ZeroTrustVpc, ZeroTrustVpcProps};
use konductor_core::{assert_has_resource, testing, App, AsScope, Environment, Stack};
use serde_json::Value;

const DEVOPS: &str = "arn:aws:iam::111122223333:role/devops";

fn cluster(stack: &Stack) -> EksCluster {
    let vpc = TieredVpc::new(
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
    .unwrap();
    let props = EksClusterProps::builder()
        .name("platform")
        .version("1.35")
        .network(ClusterNetwork::tiered(&vpc))
        .admin_role(DEVOPS)
        .without_irsa()
        .build()
        .unwrap();
    EksCluster::new(stack, "eks", props).unwrap()
}

fn build(stack: &Stack, props: KarpenterPoolProps) -> KarpenterPool {
    let c = cluster(stack);
    let helm = c.helm_provider(stack, "helm", None);
    KarpenterPool::new(stack, "karpenter", &c, &helm, props).unwrap()
}

fn pool_json() -> Value {
    testing::synth(|stack| {
        build(stack, KarpenterPoolProps::default());
    })
}

#[test]
fn snapshot() {
    insta::assert_json_snapshot!(pool_json());
}

/// The chart's files of the default pool: (path, text).
fn chart_files() -> Vec<(String, String)> {
    let app = App::with_outdir("unused");
    let stack = Stack::new(&app, "test", &Environment::new("test").unwrap());
    build(&stack, KarpenterPoolProps::default());
    let out = app.synthesize().unwrap();
    out.files
        .into_iter()
        .map(|(p, b)| (p.trim_start_matches("stacks/test/").to_string(), String::from_utf8(b).unwrap()))
        .collect()
}

#[test]
fn chart_snapshot() {
    let files = chart_files();
    let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        names,
        [
            "assets/karpenter-node-pools/Chart.yaml",
            "assets/karpenter-node-pools/templates/ec2nodeclass-default.yaml",
            "assets/karpenter-node-pools/templates/nodepool-amd64-on-demand.yaml",
            "assets/karpenter-node-pools/templates/nodepool-amd64-spot.yaml",
            "assets/karpenter-node-pools/templates/nodepool-graviton.yaml",
        ]
    );
    for (path, text) in &files {
        insta::assert_snapshot!(path.rsplit('/').next().unwrap().to_string(), text);
    }
}

fn shared() -> PathBuf {
    std::env::var_os("SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

/// Every manifest of the chart validates against the Karpenter v1 CRDs of ../shared/crds.
#[test]
fn manifests_validate_against_the_karpenter_v1_crds() {
    let validator = shared().join("tools/validate_k8s.py");
    let crds = shared().join("crds/karpenter");
    if !validator.exists() || !crds.exists() {
        println!("skipped: {} or {} not found", validator.display(), crds.display());
        return;
    }
    let python = std::env::var("K8S_PYTHON").unwrap_or_else(|_| "python3".into());
    let deps = Command::new(&python).args(["-c", "import yaml, jsonschema"]).status();
    if !matches!(deps, Ok(s) if s.success()) {
        println!("skipped: {python} lacks PyYAML or jsonschema (pip install pyyaml jsonschema)");
        return;
    }
    let dir = std::env::temp_dir().join(format!("konductor-karpenter-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in chart_files() {
        if path.contains("/templates/") {
            let p = dir.join(&path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
    }
    let out = Command::new(&python)
        .arg(&validator)
        .arg("--strict-kinds")
        .arg("--crds")
        .arg(&crds)
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(stdout.lines().last(), Some("k8s-manifests: 4 passed, 0 failed, 0 skipped"), "{stdout}");
    assert!(!stdout.contains("warning"), "{stdout}");
}

fn by_name<'a>(json: &'a Value, ty: &str, key: &str, value: &str) -> &'a Value {
    testing::resources(json, ty)
        .into_iter()
        .find(|(_, r)| r[key] == value)
        .unwrap_or_else(|| panic!("no {ty} with {key} = {value}"))
        .1
}

#[test]
fn controller_role_has_the_v1_policy_through_pod_identity() {
    let json = pool_json();
    let policy = testing::resources(&json, "aws_iam_role_policy")
        .into_iter()
        .find(|(_, p)| p["name"] == "platform-karpenter-controller-test")
        .unwrap()
        .1;
    let text = policy["policy"].as_str().unwrap();
    for sid in [
        "AllowScopedEC2InstanceAccessActions",
        "AllowScopedEC2InstanceActionsWithTags",
        "AllowScopedDeletion",
        "AllowInterruptionQueueActions",
        "AllowPassingInstanceRole",
        "AllowUnscopedInstanceProfileListAction",
        "AllowAPIServerEndpointDiscovery",
    ] {
        assert!(text.contains(&format!("\"Sid\":\"{sid}\"")), "missing {sid}");
    }
    assert!(text.contains("\"Action\":\"iam:ListInstanceProfiles\""));
    assert!(text.contains("aws:ResourceTag/kubernetes.io/cluster/platform-test"));
    assert_has_resource!(json, "aws_eks_pod_identity_association", {
        "namespace": "kube-system", "service_account": "karpenter"
    });
    // The interruption messages are encrypted with the queue's key: the controller may decrypt with it.
    let grants = testing::resources(&json, "aws_iam_role_policy")
        .into_iter()
        .find(|(_, p)| p["name"] == "grants-test" && p["role"].as_str().unwrap().contains("controller-role"))
        .expect("the controller's grants policy")
        .1;
    let text = grants["policy"].as_str().unwrap();
    assert!(text.contains(r#""Action":["kms:Decrypt","kms:DescribeKey"]"#), "{text}");
}

#[test]
fn nodes_have_a_role_a_profile_and_an_ec2_linux_access_entry() {
    let json = pool_json();
    assert_has_resource!(json, "aws_eks_access_entry", { "type": "EC2_LINUX" });
    assert_has_resource!(json, "aws_iam_instance_profile", { "name": "platform-karpenter-node-test" });
    assert_has_resource!(json, "aws_iam_role", { "name": "platform-karpenter-node-test" });
}

#[test]
fn interruption_queue_is_encrypted_tls_only_and_short_lived() {
    let json = pool_json();
    let (_, q) = testing::resources(&json, "aws_sqs_queue")[0];
    assert!(q["kms_master_key_id"].as_str().unwrap().starts_with("${aws_kms_key."), "SSE with a KMS key");
    assert_eq!(q["message_retention_seconds"], 300);
    let (_, policy) = testing::resources(&json, "aws_sqs_queue_policy")[0];
    let text = policy["policy"].as_str().unwrap();
    assert!(text.contains(r#""Effect":"Deny""#) && text.contains(r#""aws:SecureTransport":"false""#), "{text}");
    // EventBridge may send, for this cluster's rules only.
    assert!(text.contains(r#""Principal":{"Service":"events.amazonaws.com"}"#), "{text}");
    assert!(text.contains(":rule/platform-karpenter-*"), "{text}");
    let patterns: Vec<&str> = testing::resources(&json, "aws_cloudwatch_event_rule")
        .iter()
        .map(|(_, r)| r["event_pattern"].as_str().unwrap())
        .collect();
    for detail in [
        "EC2 Spot Instance Interruption Warning",
        "EC2 Instance Rebalance Recommendation",
        "EC2 Instance State-change Notification",
        "AWS Health Event",
        "EC2 Capacity Reservation Instance Interruption Warning",
    ] {
        assert!(patterns.iter().any(|p| p.contains(detail)), "no rule for {detail}");
    }
    assert_eq!(testing::resources(&json, "aws_cloudwatch_event_target").len(), 5);
}

#[test]
fn releases_are_pinned_ordered_and_configured() {
    let json = pool_json();
    let crds = by_name(&json, "helm_release", "name", "karpenter-crd");
    let controller = by_name(&json, "helm_release", "name", "karpenter");
    let pools = by_name(&json, "helm_release", "name", "karpenter-node-pools");
    for r in [crds, controller] {
        assert_eq!(r["repository"], "oci://public.ecr.aws/karpenter");
        assert_eq!(r["version"], "1.14.1");
    }
    assert_eq!(controller["skip_crds"], true);
    let values = controller["values"][0].as_str().unwrap();
    assert!(values.contains("clusterName: \"platform-test\""), "{values}");
    assert!(values.contains("clusterEndpoint: \"${aws_eks_cluster.eks_cluster_55B0C966.endpoint}\""), "{values}");
    assert!(values.contains("interruptionQueue: \"${aws_sqs_queue."), "{values}");
    assert!(values.contains("isolatedVPC: false"), "{values}");
    assert!(values.contains("konductor.dev/node-group: \"system\""), "{values}");
    assert!(values.contains("key: \"CriticalAddonsOnly\""), "{values}");
    assert!(controller["depends_on"].to_string().contains("helm_release."), "controller after the CRDs");
    assert!(pools["depends_on"].to_string().contains("helm_release."), "pools after the controller");
    assert_eq!(pools["chart"], "${path.module}/assets/karpenter-node-pools");
    assert!(pools["version"].as_str().unwrap().starts_with("1.0.0-h"));
    // No kubernetes_manifest: it could not be planned before the CRDs exist.
    assert!(testing::resources(&json, "kubernetes_manifest").is_empty());
}

#[test]
fn manifests_are_karpenter_v1() {
    let files = chart_files();
    let text = |stem: &str| files.iter().find(|(p, _)| p.ends_with(&format!("/{stem}.yaml"))).unwrap().1.clone();
    let graviton = text("nodepool-graviton");
    assert!(graviton.contains("apiVersion: \"karpenter.sh/v1\"\nkind: \"NodePool\""), "{graviton}");
    assert!(graviton.contains("nodeClassRef:\n        group: \"karpenter.k8s.aws\"\n        kind: \"EC2NodeClass\""));
    assert!(graviton.contains("key: \"karpenter.sh/capacity-type\"\n          operator: \"In\"\n          values:\n            - \"spot\"\n            - \"on-demand\""), "{graviton}");
    assert!(graviton.contains("consolidationPolicy: \"WhenEmptyOrUnderutilized\""));
    assert!(graviton.contains("cpu: \"1000\""));
    assert!(graviton.contains("expireAfter: \"720h\""));
    assert!(graviton.contains("weight: 100"));
    for wrong in ["v1alpha1", "providerRef", "instanceTypes", "consolidation:", "SPOT", "ON_DEMAND"] {
        assert!(!graviton.contains(wrong), "v1 manifests never say {wrong}");
    }
    let class = text("ec2nodeclass-default");
    assert!(class.contains("apiVersion: \"karpenter.k8s.aws/v1\""));
    assert!(class.contains("alias: \"al2023@v20260903\""));
    assert!(class.contains("httpTokens: \"required\""));
    assert!(class.contains("httpPutResponseHopLimit: 1"));
    assert!(class.contains("encrypted: true"));
    assert!(class.contains("karpenter.sh/discovery: \"platform-test\""));
}

/// The error of a KarpenterPool `karpenter` in stack `prod` with `props`.
fn error(props: KarpenterPoolProps) -> String {
    let app = App::new();
    let stack = Stack::new(&app, "prod", &Environment::new("prod").unwrap());
    let c = cluster(&stack);
    let helm = c.helm_provider(&stack, "helm", None);
    KarpenterPool::new(&stack, "karpenter", &c, &helm, props).unwrap_err().to_string()
}

fn one_pool(pool: NodePool) -> KarpenterPoolProps {
    KarpenterPoolProps::builder().node_pool(pool).build().unwrap()
}

#[test]
fn a_pool_without_architecture_or_capacity_type_is_an_error() {
    assert_eq!(
        error(one_pool(NodePool::new("web").capacity_types([CapacityType::Spot]).families(["m7g"], ["large"]))),
        "[prod/karpenter] NodePool `web` has no architecture: Karpenter would launch amd64 and arm64 nodes alike: set \
         `.arch(Arch::Amd64)` or `.arch(Arch::Arm64)`"
    );
    assert_eq!(
        error(one_pool(NodePool::new("web").arch(Arch::Arm64).families(["m7g"], ["large"]))),
        "[prod/karpenter] NodePool `web` has no capacity type: set `.capacity_types([CapacityType::Spot, \
         CapacityType::OnDemand])` (spot first, on-demand as fallback) or one of them"
    );
}

#[test]
fn an_instance_of_the_other_architecture_is_an_error() {
    assert_eq!(
        error(one_pool(
            NodePool::new("web")
                .arch(Arch::Amd64)
                .capacity_types([CapacityType::Spot])
                .families(["c5", "c7g"], ["large"])
        )),
        "[prod/karpenter] NodePool `web` is amd64 but `c7g` is arm64: use amd64 instances in this pool, or put `c7g` \
         in a arm64 pool"
    );
}

#[test]
fn a_limit_of_zero_is_an_error() {
    assert_eq!(
        error(one_pool(
            NodePool::new("web").arch(Arch::Arm64).capacity_types([CapacityType::Spot]).families(["m7g"], ["large"]).cpu_limit(0)
        )),
        "[prod/karpenter] NodePool `web` has a limit of 0: it could never launch a node: give a CPU limit above 0, e.g. \
         `.cpu_limit(1000)` (and a memory limit above 0 if any)"
    );
}

/// Karpenter on a private cluster in the app tier of a ZeroTrustVpc with `endpoints`.
fn private_pool(
    stack: &Stack,
    endpoints: impl Into<konductor_aws::network::EndpointSelection>,
) -> konductor_core::Result<KarpenterPool> {
    let vpc = ZeroTrustVpc::new(
        stack,
        "vpc",
        ZeroTrustVpcProps::builder()
            .cidr("10.20.0.0/16")
            .tiers(["app"])
            .interface_endpoints(endpoints)
            .build()
            .unwrap(),
    )
    .unwrap();
    let props = EksClusterProps::builder()
        .version("1.35")
        .network(ClusterNetwork::zero_trust(&vpc, "app").unwrap())
        .admin_role(DEVOPS)
        .build()
        .unwrap();
    let c = EksCluster::new(stack, "eks", props).unwrap();
    let helm = c.helm_provider(stack, "helm", None);
    KarpenterPool::new(stack, "karpenter", &c, &helm, KarpenterPoolProps::default())
}

#[test]
fn a_private_cluster_without_karpenters_endpoints_is_an_error() {
    let app = App::new();
    let stack = Stack::new(&app, "prod", &Environment::new("prod").unwrap());
    assert_eq!(
        private_pool(&stack, ["ecr.api", "ecr.dkr", "sts"]).unwrap_err().to_string(),
        "[prod/karpenter] the cluster's VPC has no route to the internet and no VPC endpoint for ssm, ec2, sqs, eks: \
         Karpenter could not get credentials, AMIs, instances, interruption messages or the cluster endpoint: add \
         interface endpoints for ssm, ec2, sqs, eks (EndpointPreset::EksPrivate has them all)"
    );
}

#[test]
fn a_private_cluster_with_the_endpoints_sets_isolated_vpc() {
    let json = testing::synth(|stack| {
        let k = private_pool(stack, EndpointPreset::EksPrivate).unwrap();
        assert_eq!(k.scope().path(), "test/karpenter");
    });
    let controller = by_name(&json, "helm_release", "name", "karpenter");
    assert!(controller["values"][0].as_str().unwrap().contains("isolatedVPC: true"));
}

#[test]
fn nodes_can_join_a_named_security_group() {
    let app = App::with_outdir("unused");
    let stack = Stack::new(&app, "test", &Environment::new("test").unwrap());
    build(&stack, KarpenterPoolProps::builder().security_group_named("app-app-test").build().unwrap());
    let out = app.synthesize().unwrap();
    let class = out.files.iter().find(|(p, _)| p.ends_with("ec2nodeclass-default.yaml")).unwrap();
    let text = String::from_utf8_lossy(&class.1);
    assert!(
        text.contains(
            "securityGroupSelectorTerms:\n    - tags:\n        karpenter.sh/discovery: \"platform-test\"\n    - tags:\n        Name: \"app-app-test\"\n"
        ),
        "{text}"
    );
}
