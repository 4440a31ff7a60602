//! The providers konductor-aws binds, with the versions of the schemas the bindings were generated from.

use konductor_core::ProviderInfo;

/// hashicorp/aws, written as cdktf writes it (`source = "aws"`).
pub static AWS_PROVIDER: ProviderInfo = ProviderInfo { name: "aws", source: "aws", version: "6.25.0" };

/// hashicorp/kubernetes.
pub static KUBERNETES_PROVIDER: ProviderInfo =
    ProviderInfo { name: "kubernetes", source: "hashicorp/kubernetes", version: "2.38.0" };

/// hashicorp/helm.
pub static HELM_PROVIDER: ProviderInfo = ProviderInfo { name: "helm", source: "hashicorp/helm", version: "3.1.1" };
