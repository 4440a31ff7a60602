//! The availability-zone lookup both VPC constructs share: the zones of the region that need no opt-in,
//! pinned by identity when zone ids are given, with a postcondition that the region has enough of them.

use konductor_core::{AsScope, Check, Expr, Lifecycle};

use crate::l1::ec2::{DataAvailabilityZones, DataAvailabilityZonesFilter};

/// An `aws_availability_zones` lookup under `scope` for `count` zones; with `ids`, exactly those zones
/// (a `zone-id` filter: the same physical zones in every account, and a closed set that does not grow when
/// AWS adds a zone). `path` names the construct in the postcondition's message.
pub(crate) fn lookup(scope: &impl AsScope, path: &str, count: usize, ids: Option<&[String]>) -> DataAvailabilityZones {
    let mut filters =
        vec![DataAvailabilityZonesFilter::builder().name("opt-in-status").values(["opt-in-not-required"]).build()];
    if let Some(ids) = ids {
        filters.push(DataAvailabilityZonesFilter::builder().name("zone-id").values(ids.to_vec()).build());
    }
    let zones = DataAvailabilityZones::builder(scope, "availability-zones").state("available").filter(filters).build();
    let (condition, message) = match ids {
        Some(ids) => (
            // The zone-id filter returns at most these zones, so `>=` is "all of them" (and holds for a lookup
            // that returns more, unfiltered, as a mock provider does).
            format!("length(self.zone_ids) >= {}", ids.len()),
            format!("{path} pins the availability zones {}; this region does not have them all.", ids.join(", ")),
        ),
        None => (
            format!("length(self.names) >= {count}"),
            format!("{path} needs {count} availability zones that need no opt-in; this region has fewer."),
        ),
    };
    zones.lifecycle(Lifecycle::new().postcondition(Check::new(Expr::raw(condition), message)));
    zones
}
