//! Pod Identity: the trust policy of a role for one service account of one cluster.

use konductor_core::{Attr, Name};

use crate::iam::{Condition, PolicyDocument, Principal, Statement, Trust};

/// The service principal of EKS Pod Identity.
pub const POD_IDENTITY_PRINCIPAL: &str = "pods.eks.amazonaws.com";

/// The [`Trust`] of a [`Role`](crate::iam::Role) for service account `service_account` in `namespace` of
/// cluster `cluster`: EKS Pod Identity, only from this account, only with the session tags of that cluster,
/// namespace and service account (the statement [`pod_identity_trust`] writes).
///
/// ```
/// use konductor_aws::eks::pod_identity;
/// use konductor_aws::iam::{RoleProps, Role};
/// konductor_core::testing::synth(|stack| {
///     let trust = pod_identity(&stack.name("platform"), "shop", "orders-api");
///     Role::new(stack, "orders", RoleProps::builder().trust(trust).build().unwrap()).unwrap();
/// });
/// ```
pub fn pod_identity(cluster: &Name, namespace: &str, service_account: &str) -> Trust {
    Trust::eks_pod_identity()
        .from_this_account()
        .condition(Condition::string_equals("aws:RequestTag/eks-cluster-name", cluster.as_str()))
        .condition(Condition::string_equals("aws:RequestTag/kubernetes-namespace", namespace))
        .condition(Condition::string_equals("aws:RequestTag/kubernetes-service-account", service_account))
}

/// The trust policy of a role for service account `service_account` in `namespace` of cluster `cluster`:
/// EKS Pod Identity may assume it (and tag the session), only for that cluster, namespace and service
/// account (the session tags Pod Identity sets), only from this account.
///
/// ```
/// use konductor_aws::eks::pod_identity_trust;
/// use konductor_core::{AsScope, Attr, Expr};
/// konductor_core::testing::synth(|stack| {
///     let doc = pod_identity_trust(&stack.name("platform"), "kube-system", "karpenter", &Attr::new(Expr::var("account")));
///     let json = doc.to_value(stack);
///     let text = json.val().to_json_lossy().to_string();
///     assert!(text.contains(r#"\"aws:RequestTag/kubernetes-service-account\":\"karpenter\""#), "{text}");
/// });
/// ```
pub fn pod_identity_trust(
    cluster: &Name,
    namespace: &str,
    service_account: &str,
    account_id: &Attr<String>,
) -> PolicyDocument {
    PolicyDocument::new().statement(
        Statement::allow()
            .sid("AllowEksPodIdentity")
            .principal(Principal::service(POD_IDENTITY_PRINCIPAL))
            .actions(["sts:AssumeRole", "sts:TagSession"])
            .condition(Condition::source_account(account_id))
            .condition(Condition::string_equals("aws:RequestTag/eks-cluster-name", cluster.as_str()))
            .condition(Condition::string_equals("aws:RequestTag/kubernetes-namespace", namespace))
            .condition(Condition::string_equals("aws:RequestTag/kubernetes-service-account", service_account)),
    )
}
