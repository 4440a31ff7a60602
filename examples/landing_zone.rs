//! The seed 002 landing zone: the organization (OUs, guardrails, delegated administrators, budgets) and
//! one baseline stack per account: log archive, security tooling, identity, shared services, backup and
//! the prod, staging and dev workloads.
//!
//!     cargo run --example landing_zone -- --out cdktf.out
//!     # deploy in the manifest's order: management, log-archive, management-security, then the rest

use konductor::aws::landing_zone::LandingZone;
use konductor::aws::security::GuardDutyFilter;
use konductor::prelude::*;

fn main() -> konductor::Result<()> {
    let app = App::from_args()?;
    build(&app)?;
    app.synth()
}

/// The landing zone, in environment `prod` (tests synthesize it too).
pub fn build(app: &App) -> konductor::Result<LandingZone> {
    let env = Environment::new("prod")?;
    LandingZone::builder(app, &env)
        .home_region("us-east-1")
        .allowed_regions(["us-east-1", "us-west-2"])
        .backup_copy_region("us-west-2")
        .log_archive("aws+log-archive@example.com")
        .security_tooling("aws+security-tooling@example.com")
        .identity("aws+identity@example.com")
        .shared_services("aws+shared-services@example.com")
        .backup("aws+backup@example.com")
        .workload("prod", "Workloads/Prod", "aws+prod@example.com")
        .workload("staging", "Workloads/NonProd", "aws+staging@example.com")
        .workload("dev", "Workloads/NonProd", "aws+dev@example.com")
        .budget("prod", 20_000)
        .budget("staging", 5_000)
        .budget("dev", 2_000)
        .alert_emails(["secops@example.com", "finops@example.com"])
        .threat_intel_set("known-bad", "https://s3.amazonaws.com/threat-intel-prod/known-bad.txt")
        .trusted_ip_set("office-egress", "https://s3.amazonaws.com/threat-intel-prod/office-egress.txt")
        // The weekly scan of the vulnerability scanner is expected: archive its port-scan findings.
        .guardduty_filter(
            GuardDutyFilter::archive("vulnerability-scanner", 1)
                .equals("service.action.networkConnectionAction.remoteIpDetails.ipAddressV4", ["203.0.113.10"])
                .equals("type", ["Recon:EC2/Portscan"]),
        )
        .assign("DevOpsAdmin", "g-platform-ops", "prod")
        .assign("DeveloperReadOnly", "g-developers", "prod")
        .assign("DevOpsAdmin", "g-developers", "dev")
        .assign("SecurityAudit", "g-security", "security-tooling")
        .third_party_auditor("999999999999", "audit-prod-2026")
        .build()
}
