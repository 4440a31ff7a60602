//! The multi-account landing zone: member-account budgets (and, as they land, the per-account baselines
//! and the [`LandingZone`](self) construct).

mod access_roles;
mod backup;
mod baseline;
mod budget;
mod log_archive;
mod org_trail;

pub use access_roles::{third_party_audit_role, CrossAccountAccess, MAX_MFA_AGE_SECONDS};
pub use backup::{CentralBackup, BACKUP_RETENTION_DAYS, BACKUP_TAG};
pub use baseline::{AccountBaseline, ConfigDelivery, CONFIG_ROLE_POLICY};
pub use budget::{AccountBudget, BUDGET_ALERT_PERCENTAGES};
pub use log_archive::{LogArchive, LOG_RETENTION_DAYS, TRAIL_LOCK_DAYS};
pub use org_trail::{OrganizationTrail, TrailDelivery, TRAIL_LOG_GROUP_DAYS};
