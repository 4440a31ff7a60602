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
    let controller = RolloutsController::new(stack, "rollouts-controller", RolloutsControllerProps::default()).unwrap();
    BlueGreenRollout::new(stack, "checkout", props.controller(&controller).build().unwrap()).unwrap();
}

/// The stack `test` with the controller and the Rollout `checkout`: its JSON, and its extra files.
fn synthesized(props: BlueGreenRolloutPropsBuilder) -> (Value, Vec<(String, String)>) {
    let app = App::new();
    let stack = Stack::new(&app, "test", &Environment::new("test").unwrap());
    build(&stack, props);
    let out = app.synthesize().unwrap();
    let mut json: Value = serde_json::from_str(out.stack("test").unwrap()).unwrap();
    testing::strip_metadata(&mut json);
    let files = out.files.iter().map(|(p, b)| (p.clone(), String::from_utf8(b.clone()).unwrap())).collect();
    (json, files)
}

fn json(props: BlueGreenRolloutPropsBuilder) -> Value {
    synthesized(props).0
}

const CHART: &str = "stacks/test/assets/checkout-rollout";

/// What Helm renders from a template of the chart: the escaped `{{` and `}}` back, the comment left out.
fn rendered(template: &str) -> Value {
    let text = template.replace("{{`{{`}}", "{{").replace("{{`}}`}}", "}}");
    assert!(!text.contains("{{`"), "only `{{{{` and `}}}}` are escaped");
    let body: String = text.lines().filter(|l| !l.starts_with('#')).collect::<Vec<_>>().join("\n");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// The manifests of the chart, as Helm renders them.
fn manifests(props: BlueGreenRolloutPropsBuilder) -> Vec<Value> {
    let (_, files) = synthesized(props);
    files.iter().filter(|(p, _)| p.starts_with(&format!("{CHART}/templates/"))).map(|(_, t)| rendered(t)).collect()
}

/// The manifest of kind `kind` and name `name`.
fn manifest<'a>(all: &'a [Value], kind: &str, name: &str) -> &'a Value {
    let found: Vec<&Value> = all.iter().filter(|m| m["kind"] == kind && m["metadata"]["name"] == name).collect();
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
    let (json, files) = synthesized(props());
    insta::assert_json_snapshot!(json);
    for (path, text) in files {
        let name = path.trim_start_matches(&format!("{CHART}/")).replace('/', "_");
        insta::assert_snapshot!(format!("chart_{name}"), text);
    }
}

#[test]
fn rollout_is_blue_green_between_the_active_and_the_preview_service() {
    let json = manifests(props());
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
    let json = manifests(props());
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
    let json = manifests(props().auto_promote());
    assert_eq!(manifest(&json, "Rollout", "checkout")["spec"]["strategy"]["blueGreen"]["autoPromotionEnabled"], true);
}

#[test]
fn pods_run_locked_down() {
    let json = manifests(props());
    let pod = &manifest(&json, "Rollout", "checkout")["spec"]["template"]["spec"];
    assert_eq!(pod["securityContext"]["runAsNonRoot"], true);
    let c = &pod["containers"][0]["securityContext"];
    assert_eq!(c["allowPrivilegeEscalation"], false);
    assert_eq!(c["readOnlyRootFilesystem"], true);
    assert_eq!(c["capabilities"]["drop"], json!(["ALL"]));
    assert_eq!(pod["containers"][0]["resources"]["limits"]["memory"], "256Mi");
}

#[test]
fn the_manifests_are_a_local_chart_installed_after_the_controller() {
    // A kubernetes_manifest cannot be planned before the cluster and the CRDs exist: the manifests are the
    // templates of a chart beside the stack, installed by Helm once the controller (and its CRDs) is.
    let (json, files) = synthesized(props());
    assert!(testing::resources(&json, "kubernetes_manifest").is_empty());
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "stacks/test/assets/checkout-rollout/Chart.yaml",
            "stacks/test/assets/checkout-rollout/templates/active-service.yaml",
            "stacks/test/assets/checkout-rollout/templates/analysis-template.yaml",
            "stacks/test/assets/checkout-rollout/templates/preview-service.yaml",
            "stacks/test/assets/checkout-rollout/templates/rollout.yaml",
        ]
    );
    let releases = testing::resources(&json, "helm_release");
    let (controller_id, _) = releases.iter().find(|(_, r)| r["chart"] == "argo-rollouts").unwrap();
    let (_, release) = releases.iter().find(|(_, r)| r["name"] == "checkout-rollout").unwrap();
    assert_eq!(release["chart"], "${path.module}/assets/checkout-rollout");
    assert_eq!(release["namespace"], "checkout");
    assert_eq!(release["create_namespace"], true);
    assert_eq!(release["atomic"], true);
    assert_eq!(release["depends_on"], json!([format!("helm_release.{controller_id}")]));
    // The chart's version carries a hash of the templates: a change to the Rollout is a change to the release.
    let chart: Value = serde_json::from_str(&files[0].1).unwrap();
    assert_eq!(release["version"], chart["version"]);
    let (other, _) = synthesized(props().scale_down_delay_seconds(600));
    let other = testing::resources(&other, "helm_release")
        .into_iter()
        .find(|(_, r)| r["name"] == "checkout-rollout")
        .unwrap()
        .1;
    assert_ne!(other["version"], release["version"]);
    // Argo's placeholders reach the cluster as they are: Helm renders the escapes back.
    let analysis = &files.iter().find(|(p, _)| p.ends_with("analysis-template.yaml")).unwrap().1;
    assert!(analysis.contains("{{`{{`}}args.service-name{{`}}`}}") && !analysis.contains("\"{{args"));
}

#[test]
fn helm_literals_escape_only_double_braces() {
    // The chart's escape, checked through what Helm renders (the test's `rendered` undoes it).
    let (_, files) = synthesized(props());
    for (path, text) in files.iter().filter(|(p, _)| p.contains("/templates/")) {
        let raw = text.replace("{{`{{`}}", "").replace("{{`}}`}}", "");
        assert!(!raw.contains("{{") && !raw.contains("}}"), "{path}: a brace pair Helm would template");
    }
}

#[test]
fn the_controller_is_a_pinned_chart_removed_whole_on_destroy() {
    let json = json(props());
    let release =
        testing::resources(&json, "helm_release").into_iter().find(|(_, r)| r["name"] == "argo-rollouts").unwrap().1;
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
    // The chart's templates as the stack writes them, which CI's scripts/validate-k8s.sh checks too.
    // ../shared/crds/argo-rollouts holds the Rollout CRD alone: where it serves no AnalysisTemplate, the
    // template's structure is checked by `analysis_template_follows_the_argo_rollouts_v1alpha1_spec` below
    // instead (and named as such in CI by scripts/k8s-report.py).
    let analysis_crd = crd_serves(&crds, "AnalysisTemplate");
    let dir = std::env::temp_dir().join(format!("konductor-rollout-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (path, text) in synthesized(props()).1.iter().filter(|(p, _)| p.contains("/templates/")) {
        if path.ends_with("analysis-template.yaml") && !analysis_crd {
            println!("AnalysisTemplate: no CRD in {}; checked by its own test", crds.display());
            continue;
        }
        std::fs::write(dir.join(path.rsplit('/').next().unwrap()), text).unwrap();
    }
    let run = Command::new(&python).arg(&tool).arg("--crds").arg(&crds).arg("--json").arg(&dir).output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let report: Value =
        serde_json::from_slice(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&run.stderr)));
    println!("{}", serde_json::to_string_pretty(&report["results"]).unwrap());
    assert!(run.status.success(), "validate_k8s.py failed: {}", report["results"]);
    let status = |kind: &str| -> Vec<&str> {
        report["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["kind"] == kind)
            .map(|r| r["status"].as_str().unwrap())
            .collect()
    };
    assert_eq!(status("Rollout"), ["passed"], "the Rollout is checked against its CRD and passes");
    assert_eq!(report["summary"]["failed"], 0);
    if analysis_crd {
        assert_eq!(status("AnalysisTemplate"), ["passed"]);
    }
}

/// Argo Rollouts v1alpha1 `AnalysisTemplate` (pkg/apis/rollouts/v1alpha1, `AnalysisTemplateSpec`, `Metric`,
/// `MetricProvider`, `PrometheusMetric`, `Argument`): the fields each object may hold, and those it must.
const TEMPLATE_SPEC: (&[&str], &[&str]) = (&["args", "dryRun", "measurementRetention", "metrics"], &["metrics"]);
const METRIC: (&[&str], &[&str]) = (
    &[
        "consecutiveErrorLimit",
        "count",
        "failureCondition",
        "failureLimit",
        "inconclusiveLimit",
        "initialDelay",
        "interval",
        "name",
        "provider",
        "successCondition",
    ],
    &["name", "provider"],
);
const PROMETHEUS: (&[&str], &[&str]) =
    (&["address", "authentication", "headers", "insecure", "query", "rangeQuery", "timeout"], &["address", "query"]);
const ARGUMENT: (&[&str], &[&str]) = (&["name", "value", "valueFrom"], &["name"]);
/// The providers of `MetricProvider`; a metric names exactly one.
const PROVIDERS: &[&str] = &[
    "cloudWatch",
    "datadog",
    "graphite",
    "influxdb",
    "job",
    "kayenta",
    "newRelic",
    "plugin",
    "prometheus",
    "skywalking",
    "wavefront",
    "web",
];

/// Checks that `object` (at `path`) has only the `allowed` fields and every `required` one.
fn fields(path: &str, object: &Value, (allowed, required): (&[&str], &[&str])) {
    let map = object.as_object().unwrap_or_else(|| panic!("{path} is not an object: {object}"));
    for k in map.keys() {
        assert!(allowed.contains(&k.as_str()), "{path}.{k} is not a field of the v1alpha1 spec (fields: {allowed:?})");
    }
    for k in required {
        assert!(map.contains_key(*k), "{path}.{k} is required");
    }
}

/// A Go duration string as Argo's `DurationString` takes it (`30s`, `1m`, `1h30m`).
fn is_duration(s: &str) -> bool {
    let mut rest = s;
    let mut parts = 0;
    while !rest.is_empty() {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        let unit = ["ms", "s", "m", "h"].into_iter().find(|u| rest[digits..].starts_with(u));
        match unit {
            Some(u) if digits > 0 => rest = &rest[digits + u.len()..],
            _ => return false,
        }
        parts += 1;
    }
    parts > 0
}

#[test]
fn analysis_template_follows_the_argo_rollouts_v1alpha1_spec() {
    // No CRD of the kind is in ../shared/crds: its structure is checked here, field by field, against the
    // v1alpha1 types, and against the Rollout that uses it.
    let json = manifests(props());
    let template = manifest(&json, "AnalysisTemplate", "checkout-success-rate");
    assert_eq!(template["apiVersion"], "argoproj.io/v1alpha1");
    fields(
        "(root)",
        template,
        (&["apiVersion", "kind", "metadata", "spec"], &["apiVersion", "kind", "metadata", "spec"]),
    );
    assert_eq!(template["metadata"]["namespace"], "checkout", "namespaced, beside the Rollout");
    let spec = &template["spec"];
    fields("spec", spec, TEMPLATE_SPEC);
    let declared: Vec<&str> = spec["args"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, a)| {
            fields(&format!("spec.args[{i}]"), a, ARGUMENT);
            a["name"].as_str().unwrap()
        })
        .collect();
    let metrics = spec["metrics"].as_array().unwrap();
    assert_eq!(metrics.len(), 1);
    for (i, m) in metrics.iter().enumerate() {
        let path = format!("spec.metrics[{i}]");
        fields(&path, m, METRIC);
        assert!(m["interval"].as_str().is_some_and(is_duration), "{path}.interval is a duration: {}", m["interval"]);
        assert!(m["count"].as_u64().is_some_and(|c| c > 1), "{path}.count > 1 needs an interval, which it has");
        assert!(m["failureLimit"].is_u64(), "{path}.failureLimit is an integer");
        assert!(m["successCondition"].as_str().is_some_and(|c| c.contains("result")), "{path}.successCondition");
        let provider = m["provider"].as_object().unwrap();
        assert_eq!(provider.keys().collect::<Vec<_>>(), ["prometheus"], "{path}.provider names one provider");
        assert!(provider.keys().all(|k| PROVIDERS.contains(&k.as_str())));
        fields(&format!("{path}.provider.prometheus"), &m["provider"]["prometheus"], PROMETHEUS);
        // Every `{{args.X}}` the query uses is an argument of the template.
        let query = m["provider"]["prometheus"]["query"].as_str().unwrap();
        for used in query.split("{{args.").skip(1).map(|r| r.split("}}").next().unwrap()) {
            assert!(declared.contains(&used), "{path} uses args.{used}, which spec.args does not declare");
        }
        assert!(query.contains("{{args.service-name}}"));
    }
    // The Rollout names the template and gives each argument the template leaves without a value.
    let analysis = &manifest(&json, "Rollout", "checkout")["spec"]["strategy"]["blueGreen"]["prePromotionAnalysis"];
    assert_eq!(analysis["templates"][0]["templateName"], template["metadata"]["name"]);
    let given: Vec<&str> = analysis["args"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    for a in spec["args"].as_array().unwrap().iter().filter(|a| a.get("value").is_none()) {
        assert!(given.contains(&a["name"].as_str().unwrap()), "the Rollout gives args.{}", a["name"]);
    }
}

#[test]
fn the_structure_check_catches_what_the_spec_refuses() {
    // The checks above fail on a field the spec does not have, and on a missing required one.
    let bad = json!({ "name": "success-rate", "provider": {}, "successCriteria": "result[0] > 0.9" });
    assert!(std::panic::catch_unwind(|| fields("m", &bad, METRIC)).is_err());
    assert!(std::panic::catch_unwind(|| fields("m", &json!({ "name": "x" }), METRIC)).is_err());
    assert!(is_duration("1m") && is_duration("1h30m") && is_duration("500ms"));
    assert!(!is_duration("1 minute") && !is_duration("60") && !is_duration(""));
}
