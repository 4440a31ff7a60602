//! The multi-account landing zone: member-account budgets (and, as they land, the per-account baselines
//! and the [`LandingZone`](self) construct).

mod budget;

pub use budget::{AccountBudget, BUDGET_ALERT_PERCENTAGES};
