//! Networking constructs: [`ZeroTrustVpc`], [`TieredVpc`], [`VpcPeering`], [`SecurityGroupChain`], and the
//! pieces they share ([`FlowLogs`], CIDR carving).

pub mod cidr;
