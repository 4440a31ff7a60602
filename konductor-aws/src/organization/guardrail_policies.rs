//! [`GuardrailPolicies`]: the guardrail library on an organization that already exists (AWS Control
//! Tower's, or one managed by another team), attached to the OUs or accounts given by id.

use konductor_core::compliance::nist_800_53;
use konductor_core::{AsScope, Construct, Error, IntoValue, Problem, Result, Scope, Val};

use super::guardrails::Guardrail;
use super::organization::{check_regions, exempt_principals};
use super::scp::{pack, MAX_SCPS_PER_TARGET, SCP_MAX_CHARS};
use crate::l1::organizations::{OrganizationsPolicy, OrganizationsPolicyAttachment};
use crate::network::child_path;

/// Builds [`GuardrailPolicies`]; start with [`GuardrailPolicies::builder`].
#[derive(Clone, Debug)]
#[must_use = "call `.build()` to create the policies"]
pub struct GuardrailPoliciesBuilder {
    parent: Scope,
    id: String,
    targets: Vec<(String, Val)>,
    guardrails: Vec<Guardrail>,
    home_region: Option<String>,
    allowed_regions: Option<Vec<String>>,
    break_glass: Vec<String>,
    access_roles: Vec<String>,
}

impl GuardrailPoliciesBuilder {
    /// Attaches the policies to the OU, account or root `target_id` (`ou-...`, text or a reference);
    /// `name` names the attachment in the tree.
    pub fn target(mut self, name: &str, target_id: impl IntoValue<String>) -> Self {
        self.targets.push((name.to_string(), target_id.into_val()));
        self
    }

    /// The guardrails (default [`Guardrail::BASELINE`]).
    pub fn guardrails(mut self, guardrails: impl IntoIterator<Item = Guardrail>) -> Self {
        self.guardrails = guardrails.into_iter().collect();
        self
    }

    /// The region the organization runs from (required).
    pub fn home_region(mut self, region: &str) -> Self {
        self.home_region = Some(region.to_string());
        self
    }

    /// The regions [`Guardrail::RegionAllowlist`] allows (default the home region).
    pub fn allowed_regions<S: Into<String>>(mut self, regions: impl IntoIterator<Item = S>) -> Self {
        self.allowed_regions = Some(regions.into_iter().map(Into::into).collect());
        self
    }

    /// The break-glass role ARN patterns every guardrail exempts (default
    /// [`DEFAULT_BREAK_GLASS`](super::DEFAULT_BREAK_GLASS)).
    pub fn break_glass<S: Into<String>>(mut self, patterns: impl IntoIterator<Item = S>) -> Self {
        self.break_glass = patterns.into_iter().map(Into::into).collect();
        self
    }

    /// The roles stacks are deployed with in the member accounts, exempt too (default
    /// `OrganizationAccountAccessRole`; AWS Control Tower's is `AWSControlTowerExecution`).
    pub fn access_roles<S: Into<String>>(mut self, roles: impl IntoIterator<Item = S>) -> Self {
        self.access_roles = roles.into_iter().map(Into::into).collect();
        self
    }

    /// Checks everything and creates the policies and attachments; every problem at once.
    ///
    /// ```
    /// use konductor_aws::organization::GuardrailPolicies;
    /// konductor_core::testing::synth(|stack| {
    ///     let e = GuardrailPolicies::builder(stack, "guardrails").home_region("us-east-1").build().unwrap_err();
    ///     assert_eq!(e.to_string(), "[test/guardrails] the guardrails are attached nowhere: add `.target(name, ou_id)` for the OUs or accounts they protect");
    /// });
    /// ```
    pub fn build(self) -> Result<GuardrailPolicies> {
        let at = child_path(&self.parent, &self.id);
        let mut problems = Vec::new();
        let (_, regions) = check_regions(
            &at,
            self.home_region.as_deref(),
            self.allowed_regions.as_deref(),
            &self.break_glass,
            &mut problems,
        );
        if self.targets.is_empty() {
            problems.push(
                Problem::new(at.as_str(), "the guardrails are attached nowhere")
                    .with_fix("add `.target(name, ou_id)` for the OUs or accounts they protect"),
            );
        }
        if self.guardrails.is_empty() {
            problems.push(
                Problem::new(at.as_str(), "no guardrails given").with_fix("give at least one, or use the default"),
            );
        }
        let roles: Vec<&str> = self.access_roles.iter().map(String::as_str).collect();
        let exempt = exempt_principals(&self.break_glass, &roles);
        let statements = self.guardrails.iter().map(|g| g.statement(&exempt, &regions)).collect();
        let parts = match pack("guardrails", statements) {
            Ok(parts) => parts,
            Err((sid, len)) => {
                problems.push(
                    Problem::new(at.as_str(), format!("guardrail {sid} alone is {len} characters; a service control policy holds at most {SCP_MAX_CHARS}"))
                        .with_fix("give fewer allowed regions or break-glass patterns"),
                );
                Vec::new()
            }
        };
        if parts.len() > MAX_SCPS_PER_TARGET - 1 {
            problems.push(
                Problem::new(
                    at.as_str(),
                    format!("the guardrails need {} service control policies besides FullAWSAccess; AWS allows {MAX_SCPS_PER_TARGET} per target in all", parts.len()),
                )
                .with_fix("give fewer guardrails, allowed regions or break-glass patterns"),
            );
        }
        if !problems.is_empty() {
            return Err(if problems.len() == 1 {
                Error::Invalid(problems.remove(0))
            } else {
                Error::Synthesis(problems)
            });
        }
        let scope = Construct::new(&self.parent, &self.id);
        scope
            .scope()
            .implements(nist_800_53::AC_3, "service control policies bound what any principal of the targets can do");
        scope.scope().implements(
            nist_800_53::SI_4,
            "GuardDuty, Security Hub, Config, CloudTrail and Access Analyzer cannot be disabled in the targets",
        );
        let policies: Vec<OrganizationsPolicy> = parts.iter().map(|p| p.create(&scope)).collect();
        for (name, target) in &self.targets {
            for (part, policy) in parts.iter().zip(&policies) {
                OrganizationsPolicyAttachment::builder(&scope, &format!("attach-{}-{name}", part.id))
                    .policy_id(policy.id())
                    .target_id(target.clone())
                    .build();
            }
        }
        Ok(GuardrailPolicies { scope, policies })
    }
}

/// The guardrail library ([`Guardrail`]) as service control policies of an existing organization,
/// packed into policies of at most 5,120 characters and attached to each target. The
/// [`Organization`](super::Organization) construct does the same for the organization it creates.
///
/// ```
/// use konductor_aws::organization::{Guardrail, GuardrailPolicies};
/// let json = konductor_core::testing::synth(|stack| {
///     GuardrailPolicies::builder(stack, "guardrails")
///         .home_region("us-east-1")
///         .target("workloads", "ou-ab12-34cd56ef")
///         .access_roles(["AWSControlTowerExecution"])
///         .build()
///         .unwrap();
/// });
/// let (_, a) = konductor_core::testing::resources(&json, "aws_organizations_policy_attachment")[0];
/// assert_eq!(a["target_id"], "ou-ab12-34cd56ef");
/// ```
#[derive(Clone, Debug)]
pub struct GuardrailPolicies {
    scope: Construct,
    policies: Vec<OrganizationsPolicy>,
}

impl AsScope for GuardrailPolicies {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

impl GuardrailPolicies {
    /// Starts the guardrails under `scope` with `id`.
    pub fn builder(scope: &impl AsScope, id: &str) -> GuardrailPoliciesBuilder {
        GuardrailPoliciesBuilder {
            parent: scope.scope().clone(),
            id: id.to_string(),
            targets: Vec::new(),
            guardrails: Guardrail::BASELINE.to_vec(),
            home_region: None,
            allowed_regions: None,
            break_glass: Vec::new(),
            access_roles: Vec::new(),
        }
    }

    /// The policies created.
    pub fn policies(&self) -> &[OrganizationsPolicy] {
        &self.policies
    }
}
