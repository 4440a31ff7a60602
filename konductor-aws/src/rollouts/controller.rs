//! [`RolloutsController`]: the Argo Rollouts controller, installed on a cluster by a pinned Helm chart.

use konductor_core::{AsScope, Construct, ElementRef, Error, ProviderRef, Result, Scope};

use crate::eks::EksCluster;

use crate::l1::helm::{Release, ReleaseSet};
use crate::network::child_path;

/// The Helm repository of the Argo project's charts.
pub const ROLLOUTS_REPOSITORY: &str = "https://argoproj.github.io/argo-helm";
/// The chart of the Argo Rollouts controller.
pub const ROLLOUTS_CHART: &str = "argo-rollouts";
/// The chart version installed unless told otherwise: pinned, so that every plan installs the same
/// controller.
pub const ROLLOUTS_CHART_VERSION: &str = "2.40.1";

/// Props of a [`RolloutsController`].
///
/// ```
/// use konductor_aws::rollouts::RolloutsControllerProps;
/// let props = RolloutsControllerProps::default().namespace("argo-rollouts").replicas(2);
/// # let _ = props;
/// ```
#[derive(Clone, Debug)]
pub struct RolloutsControllerProps {
    namespace: String,
    chart_version: String,
    replicas: u32,
    helm_provider: Option<ProviderRef>,
    cluster_ready: Vec<ElementRef>,
}

impl Default for RolloutsControllerProps {
    fn default() -> Self {
        RolloutsControllerProps {
            namespace: "argo-rollouts".to_string(),
            chart_version: ROLLOUTS_CHART_VERSION.to_string(),
            replicas: 2,
            helm_provider: None,
            cluster_ready: Vec::new(),
        }
    }
}

impl RolloutsControllerProps {
    /// The namespace of the controller (default `argo-rollouts`; created by the release).
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = namespace.into();
        self
    }

    /// Another exact chart version (default [`ROLLOUTS_CHART_VERSION`]); ranges are refused.
    pub fn chart_version(mut self, version: impl Into<String>) -> Self {
        self.chart_version = version.into();
        self
    }

    /// Controller replicas (default 2, with leader election).
    pub fn replicas(mut self, replicas: u32) -> Self {
        self.replicas = replicas;
        self
    }

    /// The Helm provider configuration of the cluster (an EKS cluster's `helm_provider(..)`).
    pub fn helm_provider(mut self, provider: &impl AsRef<ProviderRef>) -> Self {
        self.helm_provider = Some(provider.as_ref().clone());
        self
    }

    /// Installs on `cluster` once it can run workloads: the release waits for the cluster's system
    /// nodes, add-ons and admin access ([`EksCluster::ready`]). Give the cluster's
    /// [`helm_provider`](EksCluster::helm_provider) too.
    ///
    /// ```
    /// use konductor_aws::eks::{ClusterNetwork, EksCluster, EksClusterProps};
    /// use konductor_aws::network::{TieredVpc, TieredVpcProps};
    /// use konductor_aws::rollouts::{RolloutsController, RolloutsControllerProps};
    /// let json = konductor_core::testing::synth(|stack| {
    ///     let vpc = TieredVpc::new(stack, "vpc", TieredVpcProps::builder().cidr("10.10.0.0/16").build().unwrap()).unwrap();
    ///     let cluster = EksCluster::new(stack, "eks", EksClusterProps::builder().version("1.35")
    ///         .network(ClusterNetwork::tiered(&vpc)).admin_role("arn:aws:iam::111122223333:role/devops").build().unwrap()).unwrap();
    ///     let helm = cluster.helm_provider(stack, "helm", None);
    ///     let props = RolloutsControllerProps::default().on_cluster(&cluster).helm_provider(&helm);
    ///     RolloutsController::new(stack, "argo-rollouts", props).unwrap();
    /// });
    /// let (_, release) = konductor_core::testing::resources(&json, "helm_release")[0];
    /// assert!(release["depends_on"].as_array().unwrap().iter().any(|d| d.as_str().unwrap().starts_with("aws_eks_node_group.")));
    /// ```
    pub fn on_cluster(mut self, cluster: &EksCluster) -> Self {
        self.cluster_ready = cluster.ready();
        self
    }
}

/// The Argo Rollouts controller on a cluster: a `helm_release` of [`ROLLOUTS_CHART`] from
/// [`ROLLOUTS_REPOSITORY`] at a pinned version, with its CRDs, atomic (a failed install is rolled back),
/// and CRDs removed on uninstall so that `terraform destroy` leaves nothing behind.
///
/// ```
/// use konductor_aws::rollouts::{RolloutsController, RolloutsControllerProps};
/// let json = konductor_core::testing::synth(|stack| {
///     RolloutsController::new(stack, "rollouts", RolloutsControllerProps::default()).unwrap();
/// });
/// konductor_core::assert_has_resource!(json, "helm_release", { "chart": "argo-rollouts", "version": "2.40.1" });
/// ```
#[derive(Clone, Debug)]
pub struct RolloutsController {
    scope: Construct,
    release: Release,
    namespace: String,
}

impl RolloutsController {
    /// Installs the controller under `scope` with `id`; an unpinned chart version is an error.
    pub fn new(scope: &impl AsScope, id: &str, props: RolloutsControllerProps) -> Result<Self> {
        let path = child_path(scope, id);
        let v = &props.chart_version;
        let exact = !v.is_empty() && v.split('.').count() == 3 && v.chars().all(|c| c.is_ascii_digit() || c == '.');
        if !exact {
            return Err(Error::invalid(
                &path,
                format!("chart version `{v}` is not an exact version: every plan must install the same controller"),
                format!("pin a version such as \"{ROLLOUTS_CHART_VERSION}\""),
            ));
        }
        if props.replicas == 0 {
            return Err(Error::invalid(&path, "0 controller replicas: no Rollout would progress", "use 1 or more"));
        }
        let c = Construct::new(scope, id);
        let set = |name: &str, value: String| ReleaseSet::builder().name(name).value(value).build();
        let release = Release::builder(&c, "release")
            .name("argo-rollouts")
            .repository(ROLLOUTS_REPOSITORY)
            .chart(ROLLOUTS_CHART)
            .version(v.as_str())
            .namespace(props.namespace.as_str())
            .create_namespace(true)
            .atomic(true)
            .cleanup_on_fail(true)
            .wait(true)
            .set(vec![
                set("installCRDs", "true".into()),
                set("keepCRDs", "false".into()),
                set("controller.replicas", props.replicas.to_string()),
            ])
            .build();
        if let Some(p) = &props.helm_provider {
            release.provider(p);
        }
        for ready in &props.cluster_ready {
            release.depends_on(ready);
        }
        Ok(RolloutsController { scope: c, release, namespace: props.namespace })
    }

    /// The Helm release.
    pub fn release(&self) -> &Release {
        &self.release
    }

    /// The controller's namespace.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }
}

impl AsScope for RolloutsController {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}
