//! When the new version takes traffic ([`Readiness`]: at once, or after a manual approval), and who hears
//! about it ([`Notifications`]: deployment events to an SNS topic).

use konductor_core::{Error, IntoValue, Result, Val, Value};

use crate::iam::{PolicyValue, Role, Statement};
use crate::sns::Topic;

/// The longest CodeDeploy waits for a manual approval: 2 days.
pub const MAX_APPROVAL_WAIT_MINUTES: u32 = 2 * 24 * 60;

/// What happens once the green fleet (or task set) is ready: CodeDeploy's `deployment_ready_option`.
///
/// ```
/// use konductor_aws::deploy::Readiness;
/// assert_eq!(Readiness::default(), Readiness::ContinueImmediately);
/// assert_eq!(Readiness::ManualApproval { wait_minutes: 60 }.action_on_timeout(), "STOP_DEPLOYMENT");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Readiness {
    /// Shift traffic as soon as the replacement is ready (`CONTINUE_DEPLOYMENT`).
    #[default]
    ContinueImmediately,
    /// Wait for someone to continue the deployment (console, CLI, pipeline approval); stop it if nobody
    /// has within `wait_minutes` (`STOP_DEPLOYMENT`), at most 2 days.
    ManualApproval {
        /// Minutes to wait, 1 to [`MAX_APPROVAL_WAIT_MINUTES`].
        wait_minutes: u32,
    },
}

impl Readiness {
    /// CodeDeploy's `action_on_timeout`.
    pub fn action_on_timeout(self) -> &'static str {
        match self {
            Readiness::ContinueImmediately => "CONTINUE_DEPLOYMENT",
            Readiness::ManualApproval { .. } => "STOP_DEPLOYMENT",
        }
    }

    /// The minutes to wait (0 when continuing at once).
    pub fn wait_minutes(self) -> u32 {
        match self {
            Readiness::ContinueImmediately => 0,
            Readiness::ManualApproval { wait_minutes } => wait_minutes,
        }
    }

    /// Checks the wait; the error names the construct path and the limit.
    pub fn check(self, path: &str) -> Result<()> {
        if let Readiness::ManualApproval { wait_minutes } = self {
            if wait_minutes == 0 || wait_minutes > MAX_APPROVAL_WAIT_MINUTES {
                return Err(Error::invalid(
                    path,
                    format!(
                        "a manual approval wait of {wait_minutes} minutes is out of range: CodeDeploy waits 1 to \
                         {MAX_APPROVAL_WAIT_MINUTES} minutes (2 days) before stopping the deployment"
                    ),
                    format!(
                        "use Readiness::ManualApproval {{ wait_minutes }} with 1 to {MAX_APPROVAL_WAIT_MINUTES}, or \
                         Readiness::ContinueImmediately"
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// A deployment event CodeDeploy can notify about (a trigger event).
///
/// ```
/// use konductor_aws::deploy::DeploymentEvent;
/// assert_eq!(DeploymentEvent::Failure.as_str(), "DeploymentFailure");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DeploymentEvent {
    /// A deployment started.
    Start,
    /// The replacement is ready and waits for traffic (or for the approval).
    Ready,
    /// A deployment succeeded.
    Success,
    /// A deployment failed.
    Failure,
    /// A deployment was stopped.
    Stop,
    /// A deployment was rolled back.
    Rollback,
}

impl DeploymentEvent {
    /// Every event, in the order above.
    pub const ALL: [DeploymentEvent; 6] = [
        DeploymentEvent::Start,
        DeploymentEvent::Ready,
        DeploymentEvent::Success,
        DeploymentEvent::Failure,
        DeploymentEvent::Stop,
        DeploymentEvent::Rollback,
    ];

    /// CodeDeploy's name of the event.
    pub fn as_str(self) -> &'static str {
        match self {
            DeploymentEvent::Start => "DeploymentStart",
            DeploymentEvent::Ready => "DeploymentReady",
            DeploymentEvent::Success => "DeploymentSuccess",
            DeploymentEvent::Failure => "DeploymentFailure",
            DeploymentEvent::Stop => "DeploymentStop",
            DeploymentEvent::Rollback => "DeploymentRollback",
        }
    }
}

/// Deployment events sent to an SNS topic (a CodeDeploy trigger); the deployment role is allowed to
/// publish to the topic and to use its KMS key.
///
/// A [`Topic`] of this program ([`Notifications::topic`]) is granted through the building blocks: the
/// role's policy and the topic's key policy both name the role. A topic managed elsewhere
/// ([`Notifications::to_topic`]) gets the role's side only; its own topic and key policies must let the
/// role in.
///
/// ```
/// use konductor_aws::deploy::{DeploymentEvent, Notifications};
/// let n = Notifications::to_topic("arn:aws:sns:us-east-1:111111111111:deployments")
///     .encrypted_with("arn:aws:kms:us-east-1:111111111111:key/0a1b2c3d")
///     .events([DeploymentEvent::Ready, DeploymentEvent::Failure]);
/// # let _ = n;
/// ```
#[derive(Clone, Debug)]
pub struct Notifications {
    pub(crate) topic_arn: Val,
    pub(crate) key_arn: Option<Val>,
    pub(crate) topic: Option<Topic>,
    pub(crate) events: Vec<DeploymentEvent>,
}

impl Notifications {
    /// Every [`DeploymentEvent`] to `topic`, a [`Topic`] of this program (encrypted with its key).
    ///
    /// ```
    /// use konductor_aws::deploy::Notifications;
    /// use konductor_aws::sns::{Topic, TopicProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let topic = Topic::new(stack, "deployments", TopicProps::default()).unwrap();
    ///     let n = Notifications::topic(&topic);
    ///     # let _ = n;
    /// });
    /// ```
    pub fn topic(topic: &Topic) -> Self {
        Notifications {
            topic_arn: topic.arn().into_val(),
            key_arn: None,
            topic: Some(topic.clone()),
            events: DeploymentEvent::ALL.to_vec(),
        }
    }

    /// Every [`DeploymentEvent`] to the topic `topic_arn`, managed outside this program.
    pub fn to_topic(topic_arn: impl IntoValue<String>) -> Self {
        Notifications {
            topic_arn: topic_arn.into_val(),
            key_arn: None,
            topic: None,
            events: DeploymentEvent::ALL.to_vec(),
        }
    }

    /// Only these events (sorted and deduplicated).
    pub fn events(mut self, events: impl IntoIterator<Item = DeploymentEvent>) -> Self {
        let mut events: Vec<DeploymentEvent> = events.into_iter().collect();
        events.sort();
        events.dedup();
        self.events = events;
        self
    }

    /// The KMS key a topic of [`Notifications::to_topic`] is encrypted with: the deployment role may
    /// generate data keys with it (a [`Topic`]'s own key is granted without this).
    pub fn encrypted_with(mut self, key_arn: impl IntoValue<String>) -> Self {
        self.key_arn = Some(key_arn.into_val());
        self
    }

    /// Lets `role` publish the events: through the topic's grant for a [`Topic`], else by statements in
    /// the role's policy.
    pub(crate) fn grant_publish(&self, role: &Role) -> Result<()> {
        if let Some(topic) = &self.topic {
            return topic.grant_publish(role);
        }
        let value = |v: &Val| PolicyValue::from(Value::<String>::from_val(v.clone()));
        role.add_to_policy(
            Statement::allow().sid("PublishDeploymentEvents").action("sns:Publish").resource(value(&self.topic_arn)),
        )?;
        if let Some(key) = &self.key_arn {
            role.add_to_policy(
                Statement::allow()
                    .sid("EncryptDeploymentEvents")
                    .actions(["kms:Decrypt", "kms:GenerateDataKey*"])
                    .resource(value(key)),
            )?;
        }
        Ok(())
    }

    pub(crate) fn check(&self, path: &str) -> Result<()> {
        if self.events.is_empty() {
            return Err(Error::invalid(
                path,
                "notifications list no event: the topic would never hear anything",
                "list at least one DeploymentEvent, or leave the events at their default (all of them)",
            ));
        }
        Ok(())
    }
}
