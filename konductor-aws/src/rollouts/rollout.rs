//! [`BlueGreenRollout`]: an Argo Rollouts blue/green Rollout with its active and preview services and a
//! pre-promotion analysis, as the templates of a local Helm chart written beside the stack.

use konductor_core::{
    template, AsElement, AsScope, Asset, Construct, ElementRef, Error, Expr, ProviderRef, Result, Scope,
};
use serde_json::{json, Value};

use super::analysis::SuccessRateAnalysis;
use super::controller::RolloutsController;
use crate::karpenter::fnv64;
use crate::l1::helm::Release;
use crate::network::child_path;

/// Props of a [`BlueGreenRollout`]: start with [`BlueGreenRolloutProps::builder`].
///
/// ```
/// use konductor_aws::rollouts::BlueGreenRolloutProps;
/// let props = BlueGreenRolloutProps::builder()
///     .image("111111111111.dkr.ecr.us-east-1.amazonaws.com/checkout:1.4.2")
///     .port(8080)
///     .active_service("checkout")
///     .preview_service("checkout-preview")
///     .build()
///     .unwrap();
/// # let _ = props;
/// ```
#[derive(Clone, Debug)]
pub struct BlueGreenRolloutProps {
    namespace: String,
    image: String,
    port: u16,
    replicas: u32,
    active_service: String,
    preview_service: Option<String>,
    auto_promotion: bool,
    scale_down_delay_seconds: u32,
    analysis: Option<SuccessRateAnalysis>,
    cpu: String,
    memory: String,
    helm_provider: Option<ProviderRef>,
    controller: Option<ElementRef>,
}

impl BlueGreenRolloutProps {
    /// Starts the props: the image, port and active service are required (and a preview service, checked by
    /// [`BlueGreenRollout::new`]); namespace `default`, 3 replicas, manual promotion, old pods kept 30 s after
    /// promotion, 250m CPU and 256Mi memory per pod.
    pub fn builder() -> BlueGreenRolloutPropsBuilder {
        BlueGreenRolloutPropsBuilder {
            namespace: "default".to_string(),
            image: None,
            port: None,
            replicas: 3,
            active_service: None,
            preview_service: None,
            auto_promotion: false,
            scale_down_delay_seconds: 30,
            analysis: None,
            cpu: "250m".to_string(),
            memory: "256Mi".to_string(),
            helm_provider: None,
            controller: None,
        }
    }
}

/// Builder of [`BlueGreenRolloutProps`].
///
/// ```
/// use konductor_aws::rollouts::BlueGreenRolloutProps;
/// let e = BlueGreenRolloutProps::builder().port(8080).build().unwrap_err();
/// assert_eq!(e.to_string(), "[BlueGreenRolloutProps] image is not set: call `.image(\"registry/app:1.0.0\")` on the builder");
/// ```
#[derive(Clone, Debug)]
pub struct BlueGreenRolloutPropsBuilder {
    namespace: String,
    image: Option<String>,
    port: Option<u16>,
    replicas: u32,
    active_service: Option<String>,
    preview_service: Option<String>,
    auto_promotion: bool,
    scale_down_delay_seconds: u32,
    analysis: Option<SuccessRateAnalysis>,
    cpu: String,
    memory: String,
    helm_provider: Option<ProviderRef>,
    controller: Option<ElementRef>,
}

impl BlueGreenRolloutPropsBuilder {
    /// The namespace (default `default`).
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = namespace.into();
        self
    }

    /// The container image, by tag or digest (required).
    pub fn image(mut self, image: impl Into<String>) -> Self {
        self.image = Some(image.into());
        self
    }

    /// The container's port (required): both services send traffic there.
    pub fn port(mut self, port: u16) -> Self {
        self.port = Some(port);
        self
    }

    /// Pods per version (default 3).
    pub fn replicas(mut self, replicas: u32) -> Self {
        self.replicas = replicas;
        self
    }

    /// The service that takes production traffic (required).
    pub fn active_service(mut self, name: impl Into<String>) -> Self {
        self.active_service = Some(name.into());
        self
    }

    /// The service that reaches the new version before promotion (required for a blue/green Rollout).
    pub fn preview_service(mut self, name: impl Into<String>) -> Self {
        self.preview_service = Some(name.into());
        self
    }

    /// The named opt-out of manual promotion: promote as soon as the new version is ready (and the
    /// analysis passed). Off by default, as production requires.
    pub fn auto_promote(mut self) -> Self {
        self.auto_promotion = true;
        self
    }

    /// Seconds the old version keeps running after promotion, for a quick abort (default 30).
    pub fn scale_down_delay_seconds(mut self, seconds: u32) -> Self {
        self.scale_down_delay_seconds = seconds;
        self
    }

    /// The analysis run against the preview service before promotion.
    pub fn analysis(mut self, analysis: SuccessRateAnalysis) -> Self {
        self.analysis = Some(analysis);
        self
    }

    /// CPU and memory requested (and memory limited) per pod (default `250m`, `256Mi`).
    pub fn resources(mut self, cpu: impl Into<String>, memory: impl Into<String>) -> Self {
        self.cpu = cpu.into();
        self.memory = memory.into();
        self
    }

    /// The Helm provider configuration of the cluster (an EKS cluster's `helm_provider(..)`).
    pub fn helm_provider(mut self, provider: &impl AsRef<ProviderRef>) -> Self {
        self.helm_provider = Some(provider.as_ref().clone());
        self
    }

    /// The controller that serves the `Rollout` and `AnalysisTemplate` kinds: every manifest waits for its
    /// release (which installs the CRDs).
    pub fn controller(mut self, controller: &RolloutsController) -> Self {
        self.controller = Some(controller.release().element().clone());
        self
    }

    /// Finishes the props; the error says what is missing.
    pub fn build(self) -> Result<BlueGreenRolloutProps> {
        let missing = |what: &str, example: &str| {
            Error::invalid(
                "BlueGreenRolloutProps",
                format!("{what} is not set"),
                format!("call `.{what}({example})` on the builder"),
            )
        };
        Ok(BlueGreenRolloutProps {
            namespace: self.namespace,
            image: self.image.ok_or_else(|| missing("image", "\"registry/app:1.0.0\""))?,
            port: self.port.ok_or_else(|| missing("port", "8080"))?,
            replicas: self.replicas,
            active_service: self.active_service.ok_or_else(|| missing("active_service", "\"app\""))?,
            preview_service: self.preview_service,
            auto_promotion: self.auto_promotion,
            scale_down_delay_seconds: self.scale_down_delay_seconds,
            analysis: self.analysis,
            cpu: self.cpu,
            memory: self.memory,
            helm_provider: self.helm_provider,
            controller: self.controller,
        })
    }
}

/// A blue/green Argo Rollout: the `Rollout` (`strategy.blueGreen` with the active and the preview service,
/// `autoPromotionEnabled: false` unless opted out, `scaleDownDelaySeconds`, and the pre-promotion analysis),
/// the two `Service`s, and the `AnalysisTemplate`. The pods run as non-root with a read-only root file system,
/// no privilege escalation and no capabilities.
///
/// The manifests are the templates of a local Helm chart written beside the stack
/// (`stacks/NAME/assets/ID-rollout/`, JSON with no templating: Argo's `{{args.*}}` placeholders are escaped
/// for Helm), installed by a `helm_release` after the controller ([`BlueGreenRolloutPropsBuilder::controller`]).
/// A `kubernetes_manifest` could not be planned before the cluster and the Rollout CRDs exist, so a fresh
/// account could not be deployed in one `terraform apply`; Helm needs neither at plan time.
///
/// ```
/// use konductor_aws::rollouts::{BlueGreenRollout, BlueGreenRolloutProps, SuccessRateAnalysis};
/// konductor_core::testing::synth(|stack| {
///     let rollout = BlueGreenRollout::new(stack, "checkout", BlueGreenRolloutProps::builder()
///         .image("111111111111.dkr.ecr.us-east-1.amazonaws.com/checkout:1.4.2")
///         .port(8080)
///         .active_service("checkout")
///         .preview_service("checkout-preview")
///         .analysis(SuccessRateAnalysis::new("http://prometheus.monitoring:9090"))
///         .build()
///         .unwrap())
///     .unwrap();
///     let spec = &rollout.rollout_manifest()["spec"]["strategy"]["blueGreen"];
///     assert_eq!(spec["autoPromotionEnabled"], false);
///     assert_eq!(spec["previewService"], "checkout-preview");
/// });
/// ```
#[derive(Clone, Debug)]
pub struct BlueGreenRollout {
    scope: Construct,
    manifests: Vec<Value>,
    chart: Asset,
    release: Release,
}

fn service(name: &str, namespace: &str, labels: &Value, app: &str, port: u16) -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": { "name": name, "namespace": namespace, "labels": labels },
        "spec": {
            "type": "ClusterIP",
            "selector": { "app.kubernetes.io/name": app },
            "ports": [{ "name": "http", "port": 80, "targetPort": port, "protocol": "TCP" }]
        }
    })
}

impl BlueGreenRollout {
    /// Renders the Rollout `id` under `scope`; the error names the construct path: no preview service, a
    /// service used as both active and preview, port 0, no replicas.
    pub fn new(scope: &impl AsScope, id: &str, props: BlueGreenRolloutProps) -> Result<Self> {
        let path = child_path(scope, id);
        let Some(preview) = props.preview_service.clone() else {
            return Err(Error::invalid(
                &path,
                format!(
                    "blue/green Rollout `{id}` has no preview service: the new version must be reachable, and \
                     analysed, before it is promoted to the active service `{}`",
                    props.active_service
                ),
                format!("call .preview_service(\"{}-preview\") on the builder", props.active_service),
            ));
        };
        if preview == props.active_service {
            return Err(Error::invalid(
                &path,
                format!("service `{preview}` is both the active and the preview service"),
                format!("give the preview its own service, e.g. \"{preview}-preview\""),
            ));
        }
        if props.port == 0 || props.replicas == 0 {
            return Err(Error::invalid(
                &path,
                format!(
                    "port {} and {} replicas: a Rollout needs a port and at least one pod",
                    props.port, props.replicas
                ),
                "use a port from 1 to 65535 and 1 or more replicas",
            ));
        }
        let ns = props.namespace.as_str();
        let labels = json!({ "app.kubernetes.io/name": id, "app.kubernetes.io/managed-by": "konductor" });
        let mut documents = vec![
            ("active-service", service(&props.active_service, ns, &labels, id, props.port)),
            ("preview-service", service(&preview, ns, &labels, id, props.port)),
        ];
        let mut blue_green = json!({
            "activeService": props.active_service,
            "previewService": preview,
            "autoPromotionEnabled": props.auto_promotion,
            "scaleDownDelaySeconds": props.scale_down_delay_seconds,
        });
        if let Some(analysis) = &props.analysis {
            let template = format!("{id}-success-rate");
            blue_green["prePromotionAnalysis"] = json!({
                "templates": [{ "templateName": template }],
                "args": [{ "name": "service-name", "value": preview }]
            });
            documents.push(("analysis-template", analysis.manifest(&template, ns, &labels)));
        }
        let rollout = json!({
            "apiVersion": "argoproj.io/v1alpha1",
            "kind": "Rollout",
            "metadata": { "name": id, "namespace": ns, "labels": labels },
            "spec": {
                "replicas": props.replicas,
                "revisionHistoryLimit": 3,
                "selector": { "matchLabels": { "app.kubernetes.io/name": id } },
                "template": {
                    "metadata": { "labels": labels },
                    "spec": {
                        "automountServiceAccountToken": false,
                        "securityContext": { "runAsNonRoot": true, "seccompProfile": { "type": "RuntimeDefault" } },
                        "containers": [{
                            "name": id,
                            "image": props.image,
                            "ports": [{ "name": "http", "containerPort": props.port, "protocol": "TCP" }],
                            "resources": {
                                "requests": { "cpu": props.cpu, "memory": props.memory },
                                "limits": { "memory": props.memory }
                            },
                            "readinessProbe": { "httpGet": { "path": "/", "port": "http" }, "periodSeconds": 10 },
                            "securityContext": {
                                "allowPrivilegeEscalation": false,
                                "readOnlyRootFilesystem": true,
                                "runAsNonRoot": true,
                                "capabilities": { "drop": ["ALL"] }
                            }
                        }]
                    }
                },
                "strategy": { "blueGreen": blue_green }
            }
        });
        documents.push(("rollout", rollout));

        let c = Construct::new(scope, id);
        let label = id_label(&c);
        let (files, version) = chart(&label, &format!("Argo Rollouts blue/green Rollout {id}"), &documents);
        let chart = Asset::new(&c, &format!("{label}-rollout"), files)?;
        let release = Release::builder(&c, "release")
            .name(format!("{label}-rollout"))
            .namespace(ns)
            .create_namespace(true)
            .chart(template!("{}/{}", Expr::raw("path.module"), chart.path()))
            .version(version)
            .atomic(true)
            .cleanup_on_fail(true)
            .wait(true)
            .build();
        if let Some(p) = &props.helm_provider {
            release.provider(p);
        }
        if let Some(controller) = &props.controller {
            release.depends_on(controller);
        }
        let manifests = documents.into_iter().map(|(_, doc)| doc).collect();
        Ok(BlueGreenRollout { scope: c, manifests, chart, release })
    }

    /// The `Rollout` manifest.
    pub fn rollout_manifest(&self) -> &Value {
        &self.manifests[self.manifests.len() - 1]
    }

    /// Every manifest: the active and preview services, the analysis template (when given), the Rollout.
    pub fn manifests(&self) -> Vec<&Value> {
        self.manifests.iter().collect()
    }

    /// The local chart: `Chart.yaml` and a template per manifest, under the stack's `assets/`.
    pub fn chart(&self) -> &Asset {
        &self.chart
    }

    /// The `helm_release` that installs the chart.
    pub fn release(&self) -> &Release {
        &self.release
    }
}

/// The construct path below the stack, as a Helm name: `storefront`, `apps-storefront`.
fn id_label(c: &Construct) -> String {
    let path = c.path();
    let below = path.split_once('/').map_or(path.as_str(), |(_, rest)| rest);
    below.chars().map(|ch| if ch.is_ascii_alphanumeric() { ch.to_ascii_lowercase() } else { '-' }).collect()
}

/// Text that Helm's template engine renders as itself: each `{{` and `}}` (Argo's `{{args.name}}`) becomes a
/// Go template raw string that prints it.
///
/// ```text
/// {{args.service-name}}  ->  {{`{{`}}args.service-name{{`}}`}}
/// ```
pub(crate) fn helm_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix("{{") {
            out.push_str("{{`{{`}}");
            rest = r;
        } else if let Some(r) = rest.strip_prefix("}}") {
            out.push_str("{{`}}`}}");
            rest = r;
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The files of the local chart `name` (`Chart.yaml`, one template per manifest, as JSON, which is YAML) and
/// the chart's version, which carries a hash of the templates so that any change is a change to the release.
fn chart(name: &str, description: &str, documents: &[(&str, Value)]) -> (Vec<(String, Vec<u8>)>, String) {
    let mut files: Vec<(String, Vec<u8>)> = documents
        .iter()
        .map(|(file, doc)| {
            let text = format!(
                "# Written by konductor: change the BlueGreenRollout, not this file.\n{}\n",
                helm_literal(&serde_json::to_string_pretty(doc).unwrap_or_default())
            );
            (format!("templates/{file}.yaml"), text.into_bytes())
        })
        .collect();
    let all: Vec<u8> = files.iter().flat_map(|(f, b)| f.bytes().chain(b.iter().copied())).collect();
    let version = format!("1.0.0-h{:016x}", fnv64(&all));
    let chart = json!({
        "apiVersion": "v2",
        "name": name,
        "description": description,
        "type": "application",
        "version": version,
    });
    files.insert(
        0,
        ("Chart.yaml".into(), format!("{}\n", serde_json::to_string_pretty(&chart).unwrap_or_default()).into_bytes()),
    );
    (files, version)
}

impl AsScope for BlueGreenRollout {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}
