//! [`LifecycleRule`], [`StorageClass`] and [`ObjectLock`]: what a [`Bucket`](super::Bucket) keeps, how
//! long, and where.

use konductor_core::{Error, Result};

use crate::l1::s3::{
    S3BucketLifecycleConfigurationRule, S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload,
    S3BucketLifecycleConfigurationRuleExpiration, S3BucketLifecycleConfigurationRuleFilter,
    S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration,
    S3BucketLifecycleConfigurationRuleNoncurrentVersionTransition, S3BucketLifecycleConfigurationRuleTransition,
};

/// The storage classes lifecycle rules move objects to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageClass {
    /// `STANDARD_IA`: infrequent access (30 days at least).
    StandardIa,
    /// `ONEZONE_IA`: infrequent access in one zone (30 days at least).
    OneZoneIa,
    /// `INTELLIGENT_TIERING`.
    IntelligentTiering,
    /// `GLACIER_IR`: Glacier Instant Retrieval.
    GlacierInstantRetrieval,
    /// `GLACIER`: Glacier Flexible Retrieval.
    Glacier,
    /// `DEEP_ARCHIVE`.
    DeepArchive,
}

impl StorageClass {
    /// The value S3 takes: `GLACIER_IR`.
    ///
    /// ```
    /// use konductor_aws::s3::StorageClass;
    /// assert_eq!(StorageClass::GlacierInstantRetrieval.as_str(), "GLACIER_IR");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            StorageClass::StandardIa => "STANDARD_IA",
            StorageClass::OneZoneIa => "ONEZONE_IA",
            StorageClass::IntelligentTiering => "INTELLIGENT_TIERING",
            StorageClass::GlacierInstantRetrieval => "GLACIER_IR",
            StorageClass::Glacier => "GLACIER",
            StorageClass::DeepArchive => "DEEP_ARCHIVE",
        }
    }

    fn min_days(self) -> u32 {
        match self {
            StorageClass::StandardIa | StorageClass::OneZoneIa => 30,
            _ => 0,
        }
    }
}

/// Days after which incomplete multipart uploads are aborted, unless a rule says otherwise.
pub const ABORT_INCOMPLETE_UPLOAD_DAYS: u32 = 7;

/// One lifecycle rule: expiry of current and noncurrent versions and transitions, for every object or
/// those under a prefix. Every rule also aborts incomplete multipart uploads (after 7 days by default).
///
/// ```
/// use konductor_aws::s3::{LifecycleRule, StorageClass};
/// let rule = LifecycleRule::new("archive")
///     .prefix("reports/")
///     .transition(90, StorageClass::GlacierInstantRetrieval)
///     .expire_after_days(730)
///     .noncurrent_versions_expire_after_days(30);
/// # let _ = rule;
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct LifecycleRule {
    id: String,
    prefix: String,
    expire_after_days: Option<u32>,
    noncurrent_expire_after_days: Option<u32>,
    transitions: Vec<(u32, StorageClass)>,
    noncurrent_transitions: Vec<(u32, StorageClass)>,
    abort_incomplete_days: u32,
}

impl LifecycleRule {
    /// A rule `id` (unique in the bucket) for every object.
    pub fn new(id: &str) -> Self {
        LifecycleRule {
            id: id.to_string(),
            prefix: String::new(),
            expire_after_days: None,
            noncurrent_expire_after_days: None,
            transitions: Vec::new(),
            noncurrent_transitions: Vec::new(),
            abort_incomplete_days: ABORT_INCOMPLETE_UPLOAD_DAYS,
        }
    }

    /// The rule applies to keys under `prefix` only.
    pub fn prefix(mut self, prefix: &str) -> Self {
        self.prefix = prefix.to_string();
        self
    }

    /// Current versions expire (become noncurrent) `days` after creation.
    pub fn expire_after_days(mut self, days: u32) -> Self {
        self.expire_after_days = Some(days);
        self
    }

    /// Noncurrent versions are removed `days` after they stopped being current.
    pub fn noncurrent_versions_expire_after_days(mut self, days: u32) -> Self {
        self.noncurrent_expire_after_days = Some(days);
        self
    }

    /// Current versions move to `class` `days` after creation.
    pub fn transition(mut self, days: u32, class: StorageClass) -> Self {
        self.transitions.push((days, class));
        self
    }

    /// Noncurrent versions move to `class` `days` after they stopped being current.
    pub fn noncurrent_transition(mut self, days: u32, class: StorageClass) -> Self {
        self.noncurrent_transitions.push((days, class));
        self
    }

    /// Incomplete multipart uploads are aborted after `days` (default 7).
    pub fn abort_incomplete_uploads_after_days(mut self, days: u32) -> Self {
        self.abort_incomplete_days = days;
        self
    }

    /// The rule when none is given: incomplete uploads aborted after 7 days, noncurrent versions
    /// removed after 90.
    pub(crate) fn default_rule() -> Self {
        LifecycleRule::new("default").noncurrent_versions_expire_after_days(90)
    }

    pub(crate) fn check(&self, path: &str) -> Result<()> {
        let bad = |m: String, fix: &str| Err(Error::invalid(path, m, fix));
        if self.id.is_empty() || self.id.len() > 255 {
            return bad(
                format!("lifecycle rule id `{}` must be 1 to 255 characters", self.id),
                "give the rule a short id",
            );
        }
        let days = [self.expire_after_days, self.noncurrent_expire_after_days, Some(self.abort_incomplete_days)];
        let transitions = self.transitions.iter().chain(&self.noncurrent_transitions);
        if days.iter().flatten().chain(transitions.clone().map(|(d, _)| d)).any(|d| *d == 0) {
            return bad(
                format!("lifecycle rule `{}` has a period of 0 days", self.id),
                "give periods of at least 1 day",
            );
        }
        for (d, class) in transitions {
            if *d < class.min_days() {
                return bad(
                    format!(
                        "lifecycle rule `{}` moves objects to {} after {d} days; S3 needs at least {}",
                        self.id,
                        class.as_str(),
                        class.min_days()
                    ),
                    "move them after 30 days or more, or choose another class",
                );
            }
        }
        if let Some(exp) = self.expire_after_days {
            if let Some((d, class)) = self.transitions.iter().find(|(d, _)| *d >= exp) {
                return bad(
                    format!("lifecycle rule `{}` moves objects to {} after {d} days, when they have already expired ({exp} days)", self.id, class.as_str()),
                    "move them before they expire, or drop the transition",
                );
            }
        }
        Ok(())
    }

    /// The rule block.
    pub(crate) fn block(&self) -> S3BucketLifecycleConfigurationRule {
        let mut b = S3BucketLifecycleConfigurationRule::builder()
            .id(self.id.as_str())
            .status("Enabled")
            .filter(vec![S3BucketLifecycleConfigurationRuleFilter::builder().prefix(self.prefix.as_str()).build()])
            .abort_incomplete_multipart_upload(vec![
                S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload::builder()
                    .days_after_initiation(self.abort_incomplete_days)
                    .build(),
            ]);
        if let Some(days) = self.expire_after_days {
            b = b.expiration(vec![S3BucketLifecycleConfigurationRuleExpiration::builder().days(days).build()]);
        }
        if let Some(days) = self.noncurrent_expire_after_days {
            b = b.noncurrent_version_expiration(vec![
                S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration::builder().noncurrent_days(days).build(),
            ]);
        }
        if !self.transitions.is_empty() {
            b = b.transition(
                self.transitions
                    .iter()
                    .map(|(d, c)| {
                        S3BucketLifecycleConfigurationRuleTransition::builder()
                            .days(*d)
                            .storage_class(c.as_str())
                            .build()
                    })
                    .collect::<Vec<_>>(),
            );
        }
        if !self.noncurrent_transitions.is_empty() {
            b = b.noncurrent_version_transition(
                self.noncurrent_transitions
                    .iter()
                    .map(|(d, c)| {
                        S3BucketLifecycleConfigurationRuleNoncurrentVersionTransition::builder()
                            .noncurrent_days(*d)
                            .storage_class(c.as_str())
                            .build()
                    })
                    .collect::<Vec<_>>(),
            );
        }
        b.build()
    }

    pub(crate) fn id(&self) -> &str {
        &self.id
    }
}

/// The object lock modes. Only [`ObjectLockMode::Governance`] is accepted: a `COMPLIANCE` lock can never
/// be removed, not even by the root user, so `terraform destroy` could not delete the bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectLockMode {
    /// `GOVERNANCE`: principals allowed `s3:BypassGovernanceRetention` can remove locked versions.
    Governance,
    /// `COMPLIANCE`: refused (see the type's doc).
    Compliance,
}

/// Object lock with a default retention: every new version is locked for `days`.
///
/// ```
/// use konductor_aws::s3::{BucketProps, ObjectLock};
/// let props = BucketProps::builder().object_lock(ObjectLock::governance(30)).build().unwrap();
/// # let _ = props;
/// let e = BucketProps::builder().object_lock(ObjectLock::compliance(30)).build().unwrap_err();
/// assert!(e.to_string().contains("COMPLIANCE"), "{e}");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ObjectLock {
    mode: ObjectLockMode,
    days: u32,
}

impl ObjectLock {
    /// GOVERNANCE mode, `days` of default retention.
    pub fn governance(days: u32) -> Self {
        ObjectLock { mode: ObjectLockMode::Governance, days }
    }

    /// COMPLIANCE mode: always refused by `build()`, with the reason; it exists so that the refusal
    /// is a clear error rather than a missing method.
    pub fn compliance(days: u32) -> Self {
        ObjectLock { mode: ObjectLockMode::Compliance, days }
    }

    /// The mode.
    pub fn mode(&self) -> ObjectLockMode {
        self.mode
    }

    /// Days of default retention.
    pub fn days(&self) -> u32 {
        self.days
    }

    pub(crate) fn check(&self, path: &str) -> Result<()> {
        if self.mode == ObjectLockMode::Compliance {
            return Err(Error::invalid(
                path,
                "object lock in COMPLIANCE mode can never be removed, not even by the root user, so `terraform destroy` could not delete the bucket",
                "use `ObjectLock::governance(days)`: locked versions are kept the same, and only principals allowed `s3:BypassGovernanceRetention` can remove them",
            ));
        }
        if self.days == 0 || self.days > 36500 {
            return Err(Error::invalid(
                path,
                format!("an object lock retention of {} days", self.days),
                "give 1 to 36500 days",
            ));
        }
        Ok(())
    }
}
