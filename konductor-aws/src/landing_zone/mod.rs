//! The multi-account landing zone: [`LandingZone`], and the pieces it is made of, usable on their own:
//! the per-account [`AccountBaseline`], the [`LogArchive`], the [`OrganizationTrail`], [`CentralBackup`],
//! [`CrossAccountAccess`] and [`AccountBudget`].

mod access_roles;
mod backup;
mod baseline;
mod budget;
#[allow(clippy::module_inception)]
mod landing_zone;
mod log_archive;
mod org_trail;

pub use access_roles::{third_party_audit_role, CrossAccountAccess, MAX_MFA_AGE_SECONDS};
pub use backup::{CentralBackup, BACKUP_RETENTION_DAYS, BACKUP_TAG};
pub use baseline::{AccountBaseline, ConfigDelivery, CONFIG_ROLE_POLICY};
pub use budget::{AccountBudget, BUDGET_ALERT_PERCENTAGES};
pub use landing_zone::{AccountKind, AccountStack, LandingZone, LandingZoneBuilder, DEFAULT_BUDGET_USD};
pub use log_archive::{LogArchive, LOG_RETENTION_DAYS, TRAIL_LOCK_DAYS};
pub use org_trail::{OrganizationTrail, TrailDelivery, TRAIL_LOG_GROUP_DAYS};
