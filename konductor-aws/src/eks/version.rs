//! The Kubernetes versions an [`EksCluster`](super::EksCluster) may pin: those in Amazon EKS standard support.

use konductor_core::{Error, Result};

/// A Kubernetes minor version in Amazon EKS standard support, with the day that support ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KubernetesRelease {
    /// The minor version: `1.35`.
    pub version: &'static str,
    /// The last day of standard support (ISO 8601), after which EKS bills extended support.
    pub end_of_standard_support: &'static str,
}

/// The versions in Amazon EKS standard support, oldest first, from the EKS release calendar
/// (<https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html>) as of 2026-11. A version
/// that leaves standard support leaves this table in the konductor release after its end date; a new one
/// joins it when EKS offers it.
///
/// ```
/// use konductor_aws::eks::STANDARD_SUPPORT;
/// assert!(STANDARD_SUPPORT.iter().any(|r| r.version == "1.35"));
/// assert!(!STANDARD_SUPPORT.iter().any(|r| r.version == "1.29"));
/// ```
pub const STANDARD_SUPPORT: &[KubernetesRelease] = &[
    KubernetesRelease { version: "1.34", end_of_standard_support: "2026-12-02" },
    KubernetesRelease { version: "1.35", end_of_standard_support: "2027-03-27" },
];

/// The release of `version` if it is in standard support; else an error at `path` naming the supported ones.
///
/// ```
/// use konductor_aws::eks::supported_release;
/// assert_eq!(supported_release("prod/eks", "1.35").unwrap().end_of_standard_support, "2027-03-27");
/// assert_eq!(
///     supported_release("prod/eks", "1.29").unwrap_err().to_string(),
///     "[prod/eks] Kubernetes version 1.29 is not in Amazon EKS standard support (extended support costs \
///      more per cluster hour and ends in an automatic upgrade): pin one of 1.34, 1.35"
/// );
/// ```
pub fn supported_release(path: &str, version: &str) -> Result<KubernetesRelease> {
    STANDARD_SUPPORT.iter().copied().find(|r| r.version == version).ok_or_else(|| {
        let supported: Vec<&str> = STANDARD_SUPPORT.iter().map(|r| r.version).collect();
        let shown = if version.trim().is_empty() { "(empty)" } else { version };
        Error::invalid(
            path,
            format!(
                "Kubernetes version {shown} is not in Amazon EKS standard support (extended support costs more \
                 per cluster hour and ends in an automatic upgrade)"
            ),
            format!("pin one of {}", supported.join(", ")),
        )
    })
}
