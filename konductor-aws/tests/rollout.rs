//! Argo Rollouts: the blue/green Rollout (active and preview services, manual promotion, scale-down delay,
//! the success-rate analysis before promotion), its validation against the Argo Rollouts CRD with
//! ../shared/tools/validate_k8s.py, the controller's pinned Helm chart, and the error text of bad input.

use std::path::PathBuf;
use std::process::Command;

use konductor_aws::rollouts::{
    BlueGreenRollout, BlueGreenRolloutProps, BlueGreenRolloutPropsBuilder, RolloutsController, RolloutsControllerProps,
    SuccessRateAnalysis,
};
use konductor_core::{testing, App, Environment, Stack};
use serde_json::{json, Value};

fn props() -> BlueGreenRolloutPropsBuilder {
    BlueGreenRolloutProps::builder()
        .namespace("checkout")
        .image("111111111111.dkr.ecr.us-east-1.amazonaws.com/checkout:1.4.2")
        .port(8080)
        .active_service("checkout")
        .preview_service("checkout-preview")
        .scale_down_delay_seconds(120)
        .analysis(SuccessRateAnalysis::new("http://prometheus.monitoring:9090"))
}

fn build(stack: &Stack, props: BlueGreenRolloutPropsBuilder) {
    RolloutsController::new(stack, "rollouts-controller", RolloutsControllerProps::default()).unwrap();
    BlueGreenRollout::new(stack, "checkout", props.build().unwrap()).unwrap();
}

fn json(props: BlueGreenRolloutPropsBuilder) -> Value {
    testing::synth(|stack| build(stack, props))
}

/// The manifest of kind `kind` (and name `name`).
fn manifest<'a>(json: &'a Value, kind: &str, name: &str) -> &'a Value {
    let found: Vec<&Value> = testing::resources(json, "kubernetes_manifest")
        .into_iter()
        .map(|(_, m)| &m["manifest"])
        .filter(|m| m["kind"] == kind && m["metadata"]["name"] == name)
        .collect();
    assert_eq!(found.len(), 1, "one {kind} {name}");
    found[0]
}

fn error(props: BlueGreenRolloutPropsBuilder) -> String {
    let app = App::new();
    let stack = Stack::new(&app, "eks", &Environment::new("prod").unwrap());
    BlueGreenRollout::new(&stack, "checkout", props.build().unwrap()).unwrap_err().to_string()
}

#[test]
fn snapshot() {
    insta::assert_json_snapshot!(json(props()));
}

#[test]
fn rollout_is_blue_green_between_the_active_and_the_preview_service() {
    let json = json(props());
    let rollout = manifest(&json, "Rollout", "checkout");
    assert_eq!(rollout["apiVersion"], "argoproj.io/v1alpha1");
    let bg = &rollout["spec"]["strategy"]["blueGreen"];
    assert_eq!(bg["activeService"], "checkout");
    assert_eq!(bg["previewService"], "checkout-preview");
    assert_eq!(bg["autoPromotionEnabled"], false, "production promotes by hand");
    assert_eq!(bg["scaleDownDelaySeconds"], 120);
    for name in ["checkout", "checkout-preview"] {
        let service = manifest(&json, "Service", name);
        assert_eq!(service["spec"]["selector"], json!({ "app.kubernetes.io/name": "checkout" }));
        assert_eq!(service["spec"]["ports"][0]["targetPort"], 8080);
    }
}

#[test]
fn promotion_waits_for_the_success_rate_analysis_of_the_preview() {
    let json = json(props());
    let bg = &manifest(&json, "Rollout", "checkout")["spec"]["strategy"]["blueGreen"];
    assert_eq!(
        bg["prePromotionAnalysis"],
        json!({ "args": [{ "name": "service-name", "value": "checkout-preview" }], "templates": [{ "templateName": "checkout-success-rate" }] })
    );
    let template = manifest(&json, "AnalysisTemplate", "checkout-success-rate");
    let metric = &template["spec"]["metrics"][0];
    assert_eq!(metric["successCondition"], "result[0] >= 0.99");
    assert_eq!(metric["failureLimit"], 1);
    assert_eq!(metric["provider"]["prometheus"]["address"], "http://prometheus.monitoring:9090");
    assert_eq!(
        metric["provider"]["prometheus"]["query"],
        "sum(rate(http_requests_total{service=\"{{args.service-name}}\",code!~\"5..\"}[1m])) / \
         sum(rate(http_requests_total{service=\"{{args.service-name}}\"}[1m]))"
    );
}

#[test]
fn auto_promotion_is_a_named_opt_out() {
    let json = json(props().auto_promote());
    assert_eq!(manifest(&json, "Rollout", "checkout")["spec"]["strategy"]["blueGreen"]["autoPromotionEnabled"], true);
}

#[test]
fn pods_run_locked_down() {
    let json = json(props());
    let pod = &manifest(&json, "Rollout", "checkout")["spec"]["template"]["spec"];
    assert_eq!(pod["securityContext"]["runAsNonRoot"], true);
    let c = &pod["containers"][0]["securityContext"];
    assert_eq!(c["allowPrivilegeEscalation"], false);
    assert_eq!(c["readOnlyRootFilesystem"], true);
    assert_eq!(c["capabilities"]["drop"], json!(["ALL"]));
    assert_eq!(pod["containers"][0]["resources"]["limits"]["memory"], "256Mi");
}

#[test]
fn the_rollout_is_applied_after_its_services_and_template() {
    let json = json(props());
    let rollout = testing::resources(&json, "kubernetes_manifest")
        .into_iter()
        .find(|(_, m)| m["manifest"]["kind"] == "Rollout")
        .unwrap()
        .1;
    assert_eq!(rollout["depends_on"].as_array().unwrap().len(), 3);
}

#[test]
fn the_controller_is_a_pinned_chart_removed_whole_on_destroy() {
    let json = json(props());
    let release = testing::resources(&json, "helm_release")[0].1;
    assert_eq!(release["repository"], "https://argoproj.github.io/argo-helm");
    assert_eq!(release["chart"], "argo-rollouts");
    assert_eq!(release["version"], "2.40.1");
    assert_eq!(release["atomic"], true);
    assert!(release["set"].as_array().unwrap().contains(&json!({ "name": "keepCRDs", "value": "false" })));
    let app = App::new();
    let stack = Stack::new(&app, "eks", &Environment::new("prod").unwrap());
    let e = RolloutsController::new(&stack, "rollouts", RolloutsControllerProps::default().chart_version("~2.40"));
    assert_eq!(
        e.unwrap_err().to_string(),
        "[eks/rollouts] chart version `~2.40` is not an exact version: every plan must install the same controller: \
         pin a version such as \"2.40.1\""
    );
}

#[test]
fn a_rollout_without_a_preview_service_is_an_error() {
    let props = BlueGreenRolloutProps::builder().image("checkout:1.4.2").port(8080).active_service("checkout");
    assert_eq!(
        error(props),
        "[eks/checkout] blue/green Rollout `checkout` has no preview service: the new version must be reachable, and \
         analysed, before it is promoted to the active service `checkout`: call .preview_service(\"checkout-preview\") \
         on the builder"
    );
    assert_eq!(
        error(props_with_preview("checkout")),
        "[eks/checkout] service `checkout` is both the active and the preview service: give the preview its own \
         service, e.g. \"checkout-preview\""
    );
}

fn props_with_preview(preview: &str) -> BlueGreenRolloutPropsBuilder {
    props().preview_service(preview)
}

/// ../shared, beside the project (or `$SHARED`).
fn shared() -> PathBuf {
    std::env::var_os("SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

/// Whether the CRDs in `dir` serve `kind`.
fn crd_serves(dir: &std::path::Path, kind: &str) -> bool {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .any(|f| std::fs::read_to_string(f.path()).is_ok_and(|t| t.contains(&format!("kind: {kind}\n"))))
}

#[test]
fn manifests_validate_against_the_argo_rollouts_crd() {
    let tool = shared().join("tools/validate_k8s.py");
    let crds = shared().join("crds/argo-rollouts");
    if !tool.exists() || !crds.exists() {
        println!("skipped: {} or {} not found", tool.display(), crds.display());
        return;
    }
    let python = std::env::var("K8S_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let deps = Command::new(&python).args(["-c", "import yaml, jsonschema"]).output();
    if !deps.is_ok_and(|o| o.status.success()) {
        println!("skipped: {python} lacks PyYAML or jsonschema (pip install pyyaml jsonschema)");
        return;
    }
    let app = App::new();
    let stack = Stack::new(&app, "eks", &Environment::new("prod").unwrap());
    let rollout = BlueGreenRollout::new(&stack, "checkout", props().build().unwrap()).unwrap();
    // Every manifest as its own file (JSON is YAML). The AnalysisTemplate is checked only where the shared
    // CRDs serve it: ../shared/crds/argo-rollouts holds the Rollout CRD alone.
    let analysis_crd = crd_serves(&crds, "AnalysisTemplate");
    let dir = std::env::temp_dir().join(format!("konductor-rollout-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut written = 0;
    for (n, m) in rollout.manifests().into_iter().enumerate() {
        if m["kind"] == "AnalysisTemplate" && !analysis_crd {
            println!("not validated: AnalysisTemplate (no AnalysisTemplate CRD in {})", crds.display());
            continue;
        }
        std::fs::write(dir.join(format!("{n}.yaml")), serde_json::to_string_pretty(m).unwrap()).unwrap();
        written += 1;
    }
    let run = Command::new(&python).arg(&tool).arg("--crds").arg(&crds).arg(&dir).output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8_lossy(&run.stdout).to_string() + &String::from_utf8_lossy(&run.stderr);
    println!("{text}");
    assert!(run.status.success(), "validate_k8s.py failed:\n{text}");
    let summary = text.lines().rev().find(|l| l.starts_with("k8s-manifests:")).unwrap_or_default();
    assert!(
        summary.contains(" 0 failed") && summary.starts_with("k8s-manifests: ") && !summary.contains(": 0 passed"),
        "{summary}"
    );
    assert!(written >= 3, "the Rollout and both services were checked");
}
