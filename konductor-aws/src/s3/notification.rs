//! Event notifications of a [`Bucket`](super::Bucket): S3 tells a [`Queue`], a [`Topic`] or EventBridge
//! when objects are created, removed, restored ... The destination's policy lets S3 in for this bucket
//! only (`aws:SourceArn`, `aws:SourceAccount`), and its key lets S3 encrypt the messages.

use std::cmp::Ordering;

use konductor_core::{Error, Key as ValKey, Result, Val};

/// The kinds of events S3 notifies about (`s3:ObjectCreated:*` ...). A kind ending in `All` stands for
/// every event of its family.
///
/// ```
/// use konductor_aws::s3::BucketEvent;
/// assert_eq!(BucketEvent::ObjectCreated.as_str(), "s3:ObjectCreated:*");
/// assert_eq!(BucketEvent::ObjectRemovedDelete.as_str(), "s3:ObjectRemoved:Delete");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BucketEvent {
    /// Every object creation: `s3:ObjectCreated:*`.
    ObjectCreated,
    /// `s3:ObjectCreated:Put`.
    ObjectCreatedPut,
    /// `s3:ObjectCreated:Post`.
    ObjectCreatedPost,
    /// `s3:ObjectCreated:Copy`.
    ObjectCreatedCopy,
    /// `s3:ObjectCreated:CompleteMultipartUpload`.
    ObjectCreatedCompleteMultipartUpload,
    /// Every removal: `s3:ObjectRemoved:*`.
    ObjectRemoved,
    /// `s3:ObjectRemoved:Delete`.
    ObjectRemovedDelete,
    /// `s3:ObjectRemoved:DeleteMarkerCreated`.
    ObjectRemovedDeleteMarkerCreated,
    /// Every restore from an archive: `s3:ObjectRestore:*`.
    ObjectRestore,
    /// Every lifecycle expiration: `s3:LifecycleExpiration:*`.
    LifecycleExpiration,
    /// `s3:LifecycleTransition`.
    LifecycleTransition,
    /// Every replication event: `s3:Replication:*`.
    Replication,
    /// Every tagging change: `s3:ObjectTagging:*`.
    ObjectTagging,
}

impl BucketEvent {
    /// The event type as S3 names it.
    pub fn as_str(self) -> &'static str {
        match self {
            BucketEvent::ObjectCreated => "s3:ObjectCreated:*",
            BucketEvent::ObjectCreatedPut => "s3:ObjectCreated:Put",
            BucketEvent::ObjectCreatedPost => "s3:ObjectCreated:Post",
            BucketEvent::ObjectCreatedCopy => "s3:ObjectCreated:Copy",
            BucketEvent::ObjectCreatedCompleteMultipartUpload => "s3:ObjectCreated:CompleteMultipartUpload",
            BucketEvent::ObjectRemoved => "s3:ObjectRemoved:*",
            BucketEvent::ObjectRemovedDelete => "s3:ObjectRemoved:Delete",
            BucketEvent::ObjectRemovedDeleteMarkerCreated => "s3:ObjectRemoved:DeleteMarkerCreated",
            BucketEvent::ObjectRestore => "s3:ObjectRestore:*",
            BucketEvent::LifecycleExpiration => "s3:LifecycleExpiration:*",
            BucketEvent::LifecycleTransition => "s3:LifecycleTransition",
            BucketEvent::Replication => "s3:Replication:*",
            BucketEvent::ObjectTagging => "s3:ObjectTagging:*",
        }
    }

    /// The family (`s3:ObjectCreated`) and whether this kind is all of it.
    fn family(self) -> (&'static str, bool) {
        let s = self.as_str();
        match s.strip_suffix(":*") {
            Some(family) => (family, true),
            None => (s.rsplit_once(':').map_or(s, |(f, _)| f), false),
        }
    }

    /// Whether one event can be of both kinds.
    fn overlaps(self, other: BucketEvent) -> bool {
        let ((a, a_all), (b, b_all)) = (self.family(), other.family());
        self == other || (a == b && (a_all || b_all))
    }
}

/// Which events of which objects a notification is for: event kinds, and an optional key prefix and
/// suffix.
///
/// ```
/// use konductor_aws::s3::{BucketEvent, BucketNotification};
/// let n = BucketNotification::on([BucketEvent::ObjectCreated]).prefix("incoming/").suffix(".csv");
/// # let _ = n;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BucketNotification {
    events: Vec<BucketEvent>,
    prefix: String,
    suffix: String,
}

impl BucketNotification {
    /// A notification of `events`, for every object.
    pub fn on(events: impl IntoIterator<Item = BucketEvent>) -> Self {
        let mut events: Vec<BucketEvent> = events.into_iter().collect();
        events.sort();
        events.dedup();
        BucketNotification { events, prefix: String::new(), suffix: String::new() }
    }

    /// Only for objects whose key starts with `prefix`.
    pub fn prefix(mut self, prefix: &str) -> Self {
        self.prefix = prefix.to_string();
        self
    }

    /// Only for objects whose key ends with `suffix`.
    pub fn suffix(mut self, suffix: &str) -> Self {
        self.suffix = suffix.to_string();
        self
    }

    /// Whether S3 could match one event of one object to both: S3 refuses such a configuration.
    fn overlaps(&self, other: &BucketNotification) -> bool {
        let events = self.events.iter().any(|a| other.events.iter().any(|b| a.overlaps(*b)));
        let prefixes = self.prefix.starts_with(&other.prefix) || other.prefix.starts_with(&self.prefix);
        let suffixes = self.suffix.ends_with(&other.suffix) || other.suffix.ends_with(&self.suffix);
        events && prefixes && suffixes
    }

    fn describe(&self) -> String {
        let events: Vec<&str> = self.events.iter().map(|e| e.as_str()).collect();
        let mut s = events.join(", ");
        if !self.prefix.is_empty() {
            s.push_str(&format!(" under `{}`", self.prefix));
        }
        if !self.suffix.is_empty() {
            s.push_str(&format!(" ending `{}`", self.suffix));
        }
        s
    }
}

/// Where a notification goes.
#[derive(Clone, Debug)]
pub(crate) struct Destination {
    /// `queue` or `topic`: the block of `aws_s3_bucket_notification`.
    pub(crate) block: &'static str,
    /// The construct path of the queue or topic, for messages and the order of the blocks.
    pub(crate) path: String,
    /// Its ARN, as the block's `queue_arn` / `topic_arn`.
    pub(crate) arn: Val,
}

/// The notifications of one bucket, kept sorted (by destination, then events and filters) so that the
/// same program writes the same bytes whatever the order of its calls.
#[derive(Debug, Default)]
pub(crate) struct Notifications {
    entries: Vec<(Destination, BucketNotification)>,
    pub(crate) eventbridge: bool,
}

impl Notifications {
    /// Adds `n` to `to`, or says why S3 would refuse it (at the bucket's path `bucket`).
    pub(crate) fn add(&mut self, bucket: &str, to: Destination, n: BucketNotification) -> Result<()> {
        if n.events.is_empty() {
            return Err(Error::invalid(
                bucket,
                format!("a notification to {} names no event", to.path),
                "give the events, for example `BucketNotification::on([BucketEvent::ObjectCreated])`",
            ));
        }
        if self.entries.iter().any(|(d, m)| d.path == to.path && *m == n) {
            return Ok(());
        }
        if let Some((other, m)) = self.entries.iter().find(|(_, m)| m.overlaps(&n)) {
            return Err(Error::invalid(
                bucket,
                format!(
                    "the notification of {} to {} overlaps the one of {} to {}: S3 refuses a configuration in which one event of one object matches two notifications",
                    n.describe(),
                    to.path,
                    m.describe(),
                    other.path
                ),
                "give the notifications events or key prefixes or suffixes that do not overlap (or send both to one queue or topic)",
            ));
        }
        self.entries.push((to, n));
        self.entries.sort_by(|(a, m), (b, n)| {
            a.path.cmp(&b.path).then_with(|| m.events.cmp(&n.events)).then_with(|| order(m, n))
        });
        Ok(())
    }

    /// The blocks of `kind` (`queue` or `topic`) as the resource takes them.
    pub(crate) fn blocks(&self, kind: &str) -> Val {
        let arn_key = if kind == "queue" { "queue_arn" } else { "topic_arn" };
        Val::List(
            self.entries
                .iter()
                .filter(|(d, _)| d.block == kind)
                .map(|(d, n)| {
                    let mut e: Vec<(ValKey, Val)> = vec![
                        ("events".into(), Val::List(n.events.iter().map(|e| Val::str(e.as_str())).collect())),
                        (arn_key.into(), d.arn.clone()),
                    ];
                    if !n.prefix.is_empty() {
                        e.push(("filter_prefix".into(), Val::str(n.prefix.as_str())));
                    }
                    if !n.suffix.is_empty() {
                        e.push(("filter_suffix".into(), Val::str(n.suffix.as_str())));
                    }
                    Val::map(e)
                })
                .collect(),
        )
    }
}

fn order(a: &BucketNotification, b: &BucketNotification) -> Ordering {
    a.prefix.cmp(&b.prefix).then_with(|| a.suffix.cmp(&b.suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_overlap_their_members_only() {
        assert!(BucketEvent::ObjectCreated.overlaps(BucketEvent::ObjectCreatedPut));
        assert!(BucketEvent::ObjectCreatedPut.overlaps(BucketEvent::ObjectCreated));
        assert!(!BucketEvent::ObjectCreatedPut.overlaps(BucketEvent::ObjectCreatedCopy));
        assert!(!BucketEvent::ObjectCreated.overlaps(BucketEvent::ObjectRemoved));
        assert!(!BucketEvent::LifecycleTransition.overlaps(BucketEvent::LifecycleExpiration));
    }

    #[test]
    fn filters_overlap_when_one_key_can_match_both() {
        let created = || BucketNotification::on([BucketEvent::ObjectCreated]);
        assert!(created().prefix("in/").overlaps(&created()));
        assert!(created().prefix("in/a").overlaps(&created().prefix("in/")));
        assert!(!created().prefix("in/").overlaps(&created().prefix("out/")));
        assert!(!created().suffix(".csv").overlaps(&created().suffix(".json")));
        assert!(!created().overlaps(&BucketNotification::on([BucketEvent::ObjectRemoved])));
    }
}
