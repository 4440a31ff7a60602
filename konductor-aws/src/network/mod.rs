//! Networking constructs: [`ZeroTrustVpc`], [`TieredVpc`], [`VpcPeering`], [`SecurityGroupChain`], and the
//! pieces they share ([`FlowLogs`], CIDR carving).

pub mod cidr;
pub(crate) mod context;
mod endpoints;
mod flow_logs;
mod peering;
mod route_tables_doc;
mod security_group_chain;
mod tiered_vpc;
mod transit;
mod zero_trust_vpc;
mod zones;

pub(crate) use context::AwsContext;
pub use endpoints::{
    endpoint_service, suggest_endpoint_services, EndpointPreset, EndpointSelection, EndpointService, EndpointType,
    ENDPOINT_SERVICES,
};
pub use flow_logs::{
    log_format, AggregationInterval, FlowLogField, FlowLogs, FlowLogsProps, FlowLogsPropsBuilder, TrafficType,
    LOG_RETENTION_DAYS,
};
pub use peering::{VpcPeering, VpcPeeringProps, VpcPeeringPropsBuilder};
pub use route_tables_doc::route_tables_markdown;
pub use security_group_chain::{
    SecurityGroupChain, SecurityGroupChainProps, SecurityGroupChainPropsBuilder, DEFAULT_ADMIN_PORTS,
};
pub use tiered_vpc::{NatGateways, Tier, TieredVpc, TieredVpcProps, TieredVpcPropsBuilder, MAX_AZS, MIN_AZS};
pub use transit::TransitGatewayConnection;
pub use zero_trust_vpc::{
    PrivateTier, ServiceEndpoint, ZeroTrustVpc, ZeroTrustVpcProps, ZeroTrustVpcPropsBuilder, ZERO_TRUST_MAX_AZS,
    ZERO_TRUST_MIN_AZS,
};

use konductor_core::{AsElement, AsScope, ProviderRef};

/// The construct path of a child `id` of `scope` (no leading `/` at the root), for errors raised before
/// the child exists.
pub(crate) fn child_path(scope: &impl AsScope, id: &str) -> String {
    let parent = scope.path();
    if parent.is_empty() {
        id.to_string()
    } else {
        format!("{parent}/{id}")
    }
}

/// `element`, set to use `provider` when one is given.
pub(crate) fn on<E: AsElement>(element: E, provider: Option<&ProviderRef>) -> E {
    if let Some(p) = provider {
        element.element().provider(p);
    }
    element
}
