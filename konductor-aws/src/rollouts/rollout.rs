//! [`BlueGreenRollout`]: an Argo Rollouts blue/green Rollout with its active and preview services and a
//! pre-promotion analysis, as `kubernetes_manifest` resources.

use konductor_core::{AsElement, AsScope, Construct, ElementRef, Error, ProviderRef, Result, Scope};
use serde_json::{json, Value};

use super::analysis::SuccessRateAnalysis;
use super::controller::RolloutsController;
use crate::l1::kubernetes::Manifest;
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
    kubernetes_provider: Option<ProviderRef>,
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
            kubernetes_provider: None,
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
    kubernetes_provider: Option<ProviderRef>,
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

    /// The Kubernetes provider configuration of the cluster (an EKS cluster's `kubernetes_provider(..)`).
    pub fn kubernetes_provider(mut self, provider: &impl AsRef<ProviderRef>) -> Self {
        self.kubernetes_provider = Some(provider.as_ref().clone());
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
            kubernetes_provider: self.kubernetes_provider,
            controller: self.controller,
        })
    }
}

/// A blue/green Argo Rollout: the `Rollout` (`strategy.blueGreen` with the active and the preview service,
/// `autoPromotionEnabled: false` unless opted out, `scaleDownDelaySeconds`, and the pre-promotion analysis),
/// the two `Service`s, and the `AnalysisTemplate`, each a `kubernetes_manifest`. The pods run as non-root
/// with a read-only root file system, no privilege escalation and no capabilities.
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
    manifests: Vec<(Manifest, Value)>,
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
        let manifests = documents
            .into_iter()
            .map(|(eid, doc)| {
                let m = Manifest::builder(&c, eid).manifest(doc.clone()).build();
                if let Some(p) = &props.kubernetes_provider {
                    m.provider(p);
                }
                if let Some(controller) = &props.controller {
                    m.depends_on(controller);
                }
                (m, doc)
            })
            .collect::<Vec<_>>();
        // The services and the analysis template exist before the Rollout refers to them.
        if let Some(((rollout, _), others)) = manifests.split_last() {
            for (m, _) in others {
                rollout.depends_on(m);
            }
        }
        Ok(BlueGreenRollout { scope: c, manifests })
    }

    /// The `Rollout` manifest.
    pub fn rollout_manifest(&self) -> &Value {
        &self.manifests[self.manifests.len() - 1].1
    }

    /// Every manifest, in apply order: the active and preview services, the analysis template (when
    /// given), the Rollout.
    pub fn manifests(&self) -> Vec<&Value> {
        self.manifests.iter().map(|(_, v)| v).collect()
    }

    /// The `kubernetes_manifest` resources, in the same order.
    pub fn resources(&self) -> Vec<&Manifest> {
        self.manifests.iter().map(|(m, _)| m).collect()
    }
}

impl AsScope for BlueGreenRollout {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}
