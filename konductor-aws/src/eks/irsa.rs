//! IAM roles for service accounts (IRSA): the cluster's IAM OIDC provider, for what does not use Pod
//! Identity yet.

use konductor_core::{AsScope, Attr, Construct, Expr, GenericData, Name};

use crate::l1::eks::EksCluster as ClusterResource;
use crate::l1::iam::IamOpenidConnectProvider;

/// The audience of tokens for AWS STS.
pub const STS_AUDIENCE: &str = "sts.amazonaws.com";

/// The cluster's IAM OIDC provider: the issuer URL, the STS audience, and the thumbprint of the issuer's
/// certificate read with the `tls_certificate` data source.
#[derive(Clone, Debug)]
pub struct OidcProvider {
    provider: IamOpenidConnectProvider,
    certificate: GenericData,
}

impl OidcProvider {
    pub(crate) fn new(c: &Construct, cluster: &ClusterResource, name: &Name) -> Self {
        let issuer = cluster.identity().index(0).attr("oidc").index(0).attr("issuer");
        // TODO(full-l1): the typed `tls_certificate` data source (hashicorp/tls 4.4.1) once it is bound.
        let certificate = GenericData::new(c, "oidc-certificate", "tls_certificate").set("url", issuer.clone());
        let thumbprint = certificate.attr("certificates").index(0).attr("sha1_fingerprint");
        let provider = IamOpenidConnectProvider::builder(c, "oidc-provider")
            .url(issuer)
            .client_id_list([STS_AUDIENCE])
            .thumbprint_list(vec![thumbprint])
            .tags([("Name", name)])
            .build();
        OidcProvider { provider, certificate }
    }

    /// The `aws_iam_openid_connect_provider`.
    pub fn provider(&self) -> &IamOpenidConnectProvider {
        &self.provider
    }

    /// A reference to the provider's ARN (the `Federated` principal of an IRSA trust policy).
    pub fn arn(&self) -> Attr<String> {
        self.provider.arn()
    }

    /// The issuer without `https://`: the prefix of the `:sub` and `:aud` condition keys.
    pub fn issuer_host(&self) -> Expr {
        konductor_core::fns::replace(self.provider.url(), "https://", "")
    }

    /// The `tls_certificate` data source the thumbprint comes from.
    pub fn certificate(&self) -> &GenericData {
        &self.certificate
    }
}

impl AsScope for OidcProvider {
    fn scope(&self) -> &konductor_core::Scope {
        self.provider.scope()
    }
}
