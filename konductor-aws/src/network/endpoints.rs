//! The catalogue of AWS services reachable through VPC endpoints (AWS PrivateLink), the presets that pick
//! the endpoints a private workload needs, and the check that rejects a service name that does not exist.
//!
//! A service is named by its short name, the part of the endpoint service name after
//! `com.amazonaws.<region>.`: `ecr.api` is `com.amazonaws.eu-west-1.ecr.api`. Constructs build the full name
//! from the region they are deployed in, so a stack never hard-codes a region.
//!
//! ```
//! use konductor_aws::network::{EndpointPreset, EndpointSelection};
//! let picked = EndpointSelection::from(EndpointPreset::EksPrivate).and(["athena", "glue"]);
//! assert!(picked.names().contains(&"ecr.dkr".to_string()));
//! assert_eq!(picked.names().last().map(String::as_str), Some("glue"));
//! ```

use konductor_core::{Error, Result};

/// How a service is reached from a VPC.
///
/// ```
/// use konductor_aws::network::{endpoint_service, EndpointType};
/// let kind = if endpoint_service("s3").unwrap().gateway { EndpointType::Gateway } else { EndpointType::Interface };
/// assert_eq!(kind, EndpointType::Gateway);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndpointType {
    /// An interface endpoint: network interfaces with private IPs in the VPC's subnets (AWS PrivateLink).
    Interface,
    /// A gateway endpoint: a route-table target (S3 and DynamoDB only); free of charge.
    Gateway,
}

impl EndpointType {
    /// The value of `vpc_endpoint_type`: `Interface` or `Gateway`.
    ///
    /// ```
    /// use konductor_aws::network::EndpointType;
    /// assert_eq!(EndpointType::Gateway.as_str(), "Gateway");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            EndpointType::Interface => "Interface",
            EndpointType::Gateway => "Gateway",
        }
    }
}

/// One AWS service in the catalogue.
///
/// ```
/// use konductor_aws::network::endpoint_service;
/// let s3 = endpoint_service("s3").unwrap();
/// assert!(s3.gateway && s3.interface);
/// assert!(!endpoint_service("ecr.api").unwrap().gateway);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EndpointService {
    /// The short name: `ecr.api`.
    pub name: &'static str,
    /// Whether it has interface endpoints.
    pub interface: bool,
    /// Whether it has gateway endpoints (S3 and DynamoDB).
    pub gateway: bool,
    /// Whether its endpoints take a custom endpoint policy; services that do not only accept full access.
    pub policies: bool,
}

const fn interface(name: &'static str) -> EndpointService {
    EndpointService { name, interface: true, gateway: false, policies: true }
}

const fn interface_full_access_only(name: &'static str) -> EndpointService {
    EndpointService { name, interface: true, gateway: false, policies: false }
}

const fn gateway_and_interface(name: &'static str) -> EndpointService {
    EndpointService { name, interface: true, gateway: true, policies: true }
}

/// AWS services with VPC endpoints in commercial regions, by short name, from the AWS PrivateLink guide
/// ("AWS services that integrate with AWS PrivateLink"). Not every service is in every region; a service
/// missing from this list can still be used with
/// [`ZeroTrustVpcPropsBuilder::unlisted_interface_endpoint`](super::ZeroTrustVpcPropsBuilder::unlisted_interface_endpoint).
///
/// ```
/// use konductor_aws::network::ENDPOINT_SERVICES;
/// let gateways: Vec<&str> = ENDPOINT_SERVICES.iter().filter(|s| s.gateway).map(|s| s.name).collect();
/// assert_eq!(gateways, ["dynamodb", "s3"]);
/// ```
pub static ENDPOINT_SERVICES: &[EndpointService] = &[
    interface("access-analyzer"),
    interface("acm-pca"),
    interface("airflow.api"),
    interface("airflow.env"),
    interface("airflow.ops"),
    interface("apigateway"),
    interface("appconfig"),
    interface("appconfigdata"),
    interface("application-autoscaling"),
    interface("apprunner"),
    interface("appstream.api"),
    interface("aps"),
    interface("aps-workspaces"),
    interface("athena"),
    interface("autoscaling"),
    interface("autoscaling-plans"),
    interface("backup"),
    interface("batch"),
    interface("bedrock"),
    interface("bedrock-agent"),
    interface("bedrock-agent-runtime"),
    interface("bedrock-runtime"),
    interface("cassandra"),
    interface("cloudcontrolapi"),
    interface("cloudformation"),
    interface("cloudhsmv2"),
    interface("cloudtrail"),
    interface("codeartifact.api"),
    interface("codeartifact.repositories"),
    interface("codebuild"),
    interface("codecommit"),
    interface("codedeploy"),
    interface("codedeploy-commands-secure"),
    interface("codepipeline"),
    interface("comprehend"),
    interface("config"),
    interface("datasync"),
    interface("dms"),
    interface("ds"),
    gateway_and_interface("dynamodb"),
    interface("ebs"),
    interface("ec2"),
    interface("ec2messages"),
    interface("ecr.api"),
    interface("ecr.dkr"),
    interface("ecs"),
    interface("ecs-agent"),
    interface("ecs-telemetry"),
    interface("eks"),
    interface("eks-auth"),
    interface("elasticache"),
    interface("elasticbeanstalk"),
    interface("elasticbeanstalk-health"),
    interface("elasticfilesystem"),
    interface("elasticloadbalancing"),
    interface("elasticmapreduce"),
    interface_full_access_only("email-smtp"),
    interface("emr-containers"),
    interface("emr-serverless"),
    interface("events"),
    interface("execute-api"),
    interface("fsx"),
    interface("git-codecommit"),
    interface("glue"),
    interface("grafana"),
    interface("guardduty-data"),
    interface("imagebuilder"),
    interface("inspector2"),
    interface("iot.data"),
    interface("kendra"),
    interface("kinesis-firehose"),
    interface("kinesis-streams"),
    interface("kms"),
    interface("kms-fips"),
    interface("lakeformation"),
    interface("lambda"),
    interface("license-manager"),
    interface("logs"),
    interface("macie2"),
    interface("monitoring"),
    interface("mq"),
    interface("polly"),
    interface("ram"),
    interface("rds"),
    interface("rds-data"),
    interface("redshift"),
    interface("redshift-data"),
    interface("rekognition"),
    gateway_and_interface("s3"),
    interface("sagemaker.api"),
    interface("sagemaker.runtime"),
    interface("secretsmanager"),
    interface("securityhub"),
    interface("servicecatalog"),
    interface("servicediscovery"),
    interface("sns"),
    interface("sqs"),
    interface("ssm"),
    interface("ssm-contacts"),
    interface("ssm-incidents"),
    interface("ssmmessages"),
    interface("states"),
    interface("storagegateway"),
    interface("sts"),
    interface("synthetics"),
    interface("textract"),
    interface("transfer"),
    interface_full_access_only("transfer.server"),
    interface("translate"),
    interface("workspaces"),
    interface("xray"),
];

/// The catalogue entry of a service, by short name.
///
/// ```
/// use konductor_aws::network::endpoint_service;
/// assert_eq!(endpoint_service("sts").map(|s| s.name), Some("sts"));
/// assert!(endpoint_service("ecr").is_none()); // it is `ecr.api` and `ecr.dkr`
/// ```
pub fn endpoint_service(name: &str) -> Option<&'static EndpointService> {
    ENDPOINT_SERVICES.iter().find(|s| s.name == name)
}

/// Named sets of interface endpoints.
///
/// ```
/// use konductor_aws::network::EndpointPreset;
/// assert_eq!(EndpointPreset::EksPrivate.services().len(), 16);
/// assert!(EndpointPreset::SessionManager.services().contains(&"ssmmessages"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndpointPreset {
    /// What a private EKS cluster with Karpenter needs when nothing may reach the internet: image pulls
    /// (`ecr.api`, `ecr.dkr`; layers come through the S3 gateway endpoint), IAM roles for service accounts
    /// and Pod Identity (`sts`, `eks-auth`), the EKS API (`eks`), Karpenter's node provisioning and
    /// interruption queue (`ec2`, `sqs`, `ssm` for AMI parameters), node access with Session Manager
    /// (`ssmmessages`, `ec2messages`), logs, metrics and encryption (`logs`, `monitoring`, `kms`), secrets
    /// (`secretsmanager`), the AWS Load Balancer Controller (`elasticloadbalancing`) and Auto Scaling
    /// (`autoscaling`).
    EksPrivate,
    /// Session Manager access to instances without SSH: `ssm`, `ssmmessages`, `ec2messages`.
    SessionManager,
}

const EKS_PRIVATE: &[&str] = &[
    "ecr.api",
    "ecr.dkr",
    "sts",
    "eks",
    "eks-auth",
    "ec2",
    "sqs",
    "ssm",
    "ssmmessages",
    "ec2messages",
    "logs",
    "kms",
    "secretsmanager",
    "elasticloadbalancing",
    "autoscaling",
    "monitoring",
];

const SESSION_MANAGER: &[&str] = &["ssm", "ssmmessages", "ec2messages"];

impl EndpointPreset {
    /// The short names of the preset's services, in a fixed order.
    ///
    /// ```
    /// use konductor_aws::network::EndpointPreset;
    /// assert_eq!(EndpointPreset::EksPrivate.services()[0], "ecr.api");
    /// ```
    pub fn services(self) -> &'static [&'static str] {
        match self {
            EndpointPreset::EksPrivate => EKS_PRIVATE,
            EndpointPreset::SessionManager => SESSION_MANAGER,
        }
    }
}

/// The interface endpoints to create: a preset, a list of short names, or both (duplicates are dropped,
/// first occurrence wins, so the order is stable).
///
/// ```
/// use konductor_aws::network::{EndpointPreset, EndpointSelection};
/// let a: EndpointSelection = ["sts", "kms", "sts"].into();
/// assert_eq!(a.names(), ["sts", "kms"]);
/// let b = EndpointSelection::from(EndpointPreset::SessionManager).and(["logs"]);
/// assert_eq!(b.names(), ["ssm", "ssmmessages", "ec2messages", "logs"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EndpointSelection(Vec<String>);

impl EndpointSelection {
    /// No interface endpoints.
    ///
    /// ```
    /// use konductor_aws::network::EndpointSelection;
    /// assert!(EndpointSelection::none().names().is_empty());
    /// ```
    pub fn none() -> Self {
        Self::default()
    }

    /// These endpoints and `more`.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, EndpointSelection};
    /// let s = EndpointSelection::from(EndpointPreset::EksPrivate).and(["athena"]);
    /// assert_eq!(s.names().len(), 17);
    /// ```
    pub fn and(mut self, more: impl Into<EndpointSelection>) -> Self {
        for name in more.into().0 {
            self.push(name);
        }
        self
    }

    /// The short names, in order.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, EndpointSelection};
    /// assert_eq!(EndpointSelection::from(EndpointPreset::SessionManager).names()[0], "ssm");
    /// ```
    pub fn names(&self) -> &[String] {
        &self.0
    }

    fn push(&mut self, name: String) {
        if !self.0.contains(&name) {
            self.0.push(name);
        }
    }

    fn from_names<S: Into<String>>(names: impl IntoIterator<Item = S>) -> Self {
        let mut s = EndpointSelection::default();
        for n in names {
            s.push(n.into());
        }
        s
    }
}

impl From<EndpointPreset> for EndpointSelection {
    fn from(p: EndpointPreset) -> Self {
        EndpointSelection::from_names(p.services().iter().copied())
    }
}

impl<const N: usize> From<[&str; N]> for EndpointSelection {
    fn from(names: [&str; N]) -> Self {
        EndpointSelection::from_names(names)
    }
}

impl From<&[&str]> for EndpointSelection {
    fn from(names: &[&str]) -> Self {
        EndpointSelection::from_names(names.iter().copied())
    }
}

impl From<Vec<&str>> for EndpointSelection {
    fn from(names: Vec<&str>) -> Self {
        EndpointSelection::from_names(names)
    }
}

impl From<Vec<String>> for EndpointSelection {
    fn from(names: Vec<String>) -> Self {
        EndpointSelection::from_names(names)
    }
}

/// Edit distance between two short names, for suggestions.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The catalogue names closest to `name`: a near miss (`ecr-api`, `secretmanager`), or names it is a
/// prefix or part of (`ecr` gives `ecr.api` and `ecr.dkr`).
///
/// ```
/// use konductor_aws::network::suggest_endpoint_services;
/// assert_eq!(suggest_endpoint_services("secretmanager"), ["secretsmanager"]);
/// assert_eq!(suggest_endpoint_services("ecr"), ["ecr.api", "ecr.dkr"]);
/// assert!(suggest_endpoint_services("quantum-teleport").is_empty());
/// ```
pub fn suggest_endpoint_services(name: &str) -> Vec<&'static str> {
    let lower = name.to_ascii_lowercase();
    let family: Vec<&'static str> = ENDPOINT_SERVICES
        .iter()
        .filter(|s| lower.len() >= 2 && s.name.split(['.', '-']).next() == Some(lower.as_str()))
        .map(|s| s.name)
        .collect();
    if !family.is_empty() {
        return family;
    }
    let best = ENDPOINT_SERVICES.iter().map(|s| distance(&lower, s.name)).min().unwrap_or(usize::MAX);
    if best > (lower.len() / 4).clamp(1, 3) {
        return Vec::new();
    }
    ENDPOINT_SERVICES.iter().filter(|s| distance(&lower, s.name) == best).map(|s| s.name).collect()
}

/// Checks that every name is an interface endpoint service of the catalogue; the error names the bad
/// value and suggests the closest names, or points at the catalogue.
pub(crate) fn check_interface_services(path: &str, names: &[String]) -> Result<()> {
    for name in names {
        match endpoint_service(name) {
            Some(s) if s.interface => {}
            Some(_) => {
                return Err(Error::invalid(
                    path,
                    format!("endpoint service `{name}` has no interface endpoints"),
                    "remove it from `interface_endpoints`",
                ))
            }
            None => {
                let suggestions = suggest_endpoint_services(name);
                let fix = match suggestions.as_slice() {
                    [] => "use a short name from `konductor_aws::network::ENDPOINT_SERVICES` (the part after \
                           `com.amazonaws.<region>.`), or `.unlisted_interface_endpoint(...)` for a service that \
                           is not listed yet"
                        .to_string(),
                    [one] => format!("did you mean `{one}`?"),
                    many => format!(
                        "did you mean one of {}?",
                        many.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
                    ),
                };
                return Err(Error::invalid(path, format!("`{name}` is not an AWS service with VPC endpoints"), fix));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_sorted_and_unique() {
        for pair in ENDPOINT_SERVICES.windows(2) {
            assert!(pair[0].name < pair[1].name, "{} then {}", pair[0].name, pair[1].name);
        }
    }

    #[test]
    fn presets_only_name_catalogued_interface_services() {
        for preset in [EndpointPreset::EksPrivate, EndpointPreset::SessionManager] {
            for name in preset.services() {
                assert!(endpoint_service(name).is_some_and(|s| s.interface), "{name}");
            }
        }
    }

    #[test]
    fn unknown_names_get_a_suggestion() {
        let e = check_interface_services("net/vpc", &["ecr-api".to_string()]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "[net/vpc] `ecr-api` is not an AWS service with VPC endpoints: did you mean `ecr.api`?"
        );
        let e = check_interface_services("net/vpc", &["ecr".to_string()]).unwrap_err();
        assert!(e.to_string().ends_with("did you mean one of `ecr.api`, `ecr.dkr`?"), "{e}");
        let e = check_interface_services("net/vpc", &["warp-drive".to_string()]).unwrap_err();
        assert!(e.to_string().contains("ENDPOINT_SERVICES"), "{e}");
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("kms", "kms"), 0);
        assert_eq!(distance("secretmanager", "secretsmanager"), 1);
        assert_eq!(distance("sts", "sqs"), 1);
    }
}
