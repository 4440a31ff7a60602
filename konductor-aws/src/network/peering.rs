//! [`VpcPeering`]: a peering connection between two [`TieredVpc`]s, possibly in two accounts or regions,
//! routed between their app tiers only.

use derive_builder::Builder;
use ipnet::Ipv4Net;
use konductor_core::{AsScope, Attr, Construct, Error, ProviderRef, Result, Scope};

use super::tiered_vpc::{Tier, TieredVpc};
use super::{child_path, cidr, on};
use crate::l1::ec2::{
    Route, RouteTable, VpcPeeringConnection, VpcPeeringConnectionAccepter, VpcPeeringConnectionOptions,
    VpcPeeringConnectionOptionsAccepter, VpcPeeringConnectionOptionsRequester,
};
use crate::l1::meta::DataRegion;
use crate::l1::sts::DataCallerIdentity;

/// One side of a peering, as the construct needs it.
#[derive(Clone, Debug)]
struct Side {
    path: String,
    stack: String,
    vpc_id: Attr<String>,
    cidr: Ipv4Net,
    app_route_tables: Vec<RouteTable>,
}

impl Side {
    fn of(vpc: &TieredVpc) -> Side {
        Side {
            path: vpc.path(),
            stack: vpc.scope().stack_name().unwrap_or_default(),
            vpc_id: vpc.vpc_id(),
            cidr: vpc.cidr(),
            app_route_tables: vpc.route_tables(Tier::App).to_vec(),
        }
    }
}

/// Props of a [`VpcPeering`]: start with [`VpcPeeringProps::builder`].
///
/// ```
/// use konductor_aws::network::{TieredVpc, TieredVpcProps, VpcPeeringProps};
/// konductor_core::testing::synth(|stack| {
///     let a = TieredVpc::new(stack, "a", TieredVpcProps::builder().cidr("10.1.0.0/16").build().unwrap()).unwrap();
///     let b = TieredVpc::new(stack, "b", TieredVpcProps::builder().cidr("10.2.0.0/16").build().unwrap()).unwrap();
///     let props = VpcPeeringProps::builder().requester(&a).accepter(&b).dns_resolution(false).build().unwrap();
///     # let _ = props;
/// });
/// ```
#[derive(Builder, Clone, Debug)]
#[builder(pattern = "owned", derive(Debug), build_fn(private, name = "assemble", error = "crate::props::Incomplete"))]
#[builder_struct_attr(must_use = "call `.build()` to get the props")]
pub struct VpcPeeringProps {
    #[builder(setter(custom))]
    requester: Side,
    #[builder(setter(custom))]
    accepter: Side,
    #[builder(setter(custom), default)]
    accepter_provider: Option<ProviderRef>,
    /// Whether each side resolves the other's public DNS host names to private addresses (default `true`).
    #[builder(default = "true")]
    dns_resolution: bool,
}

impl VpcPeeringProps {
    /// Starts the props: `requester` and `accepter` are required; DNS resolution across the peering is on.
    pub fn builder() -> VpcPeeringPropsBuilder {
        VpcPeeringPropsBuilder::default()
    }
}

/// The builder of [`VpcPeeringProps`] is derived; the setters that convert are here.
///
/// ```
/// use konductor_aws::network::VpcPeeringProps;
/// let e = VpcPeeringProps::builder().build().unwrap_err();
/// assert_eq!(e.to_string(), "[VpcPeeringProps] requester is not set: call `.requester(&vpc)` on the builder");
/// ```
impl VpcPeeringPropsBuilder {
    /// The VPC that asks for the peering (required). It must be in the peering's stack: the requester side
    /// uses that stack's default provider configuration.
    pub fn requester(mut self, vpc: &TieredVpc) -> Self {
        self.requester = Some(Side::of(vpc));
        self
    }

    /// The VPC that accepts it (required).
    pub fn accepter(mut self, vpc: &TieredVpc) -> Self {
        self.accepter = Some(Side::of(vpc));
        self
    }

    /// For an accepter in another account or region (typically built in another stack, whose default
    /// configuration points there): an aliased `AwsProvider` of the peering's stack for that account or
    /// region. The accepter's side (accepter, its DNS option, its routes) uses it, and the connection gets
    /// the accepter's owner and region, looked up with it. Without it both sides are in one account and
    /// region.
    pub fn accepter_provider(mut self, provider: &impl AsRef<ProviderRef>) -> Self {
        self.accepter_provider = Some(Some(provider.as_ref().clone()));
        self
    }

    /// Finishes the props; the error says what is missing.
    pub fn build(self) -> Result<VpcPeeringProps> {
        self.assemble().map_err(|e| {
            Error::invalid(
                "VpcPeeringProps",
                format!("{} is not set", e.field()),
                format!("call `.{}(&vpc)` on the builder", e.field()),
            )
        })
    }
}

/// A VPC peering connection between two [`TieredVpc`]s, in one account or two.
///
/// It makes the connection (requester side), its accepter (accepter side, with the accepter's provider),
/// DNS resolution options for each side, and a route to the other side's block in every **app-tier** route
/// table of both VPCs. The public and data tiers get no route: the data tier stays isolated. Overlapping
/// blocks are an error. Every route waits for the accepter, so it is only added once the peering is active.
///
/// ```
/// use konductor_aws::network::{TieredVpc, TieredVpcProps, VpcPeering, VpcPeeringProps};
///
/// let json = konductor_core::testing::synth(|stack| {
///     let prod = TieredVpc::new(stack, "production", TieredVpcProps::builder().cidr("10.10.0.0/16").build().unwrap()).unwrap();
///     let pci = TieredVpc::new(stack, "production-pci", TieredVpcProps::builder().cidr("10.20.0.0/16").build().unwrap()).unwrap();
///     let peering = VpcPeering::new(stack, "prod-to-pci", VpcPeeringProps::builder().requester(&prod).accepter(&pci).build().unwrap()).unwrap();
///     assert_eq!(peering.requester_routes().len(), 3);
/// });
/// let connections = konductor_core::testing::resources(&json, "aws_vpc_peering_connection");
/// assert_eq!(connections[0].1["tags"]["Name"], "prod-to-pci-test");
/// ```
#[derive(Clone, Debug)]
pub struct VpcPeering {
    scope: Construct,
    connection: VpcPeeringConnection,
    accepter: VpcPeeringConnectionAccepter,
    options: Vec<VpcPeeringConnectionOptions>,
    requester_routes: Vec<Route>,
    accepter_routes: Vec<Route>,
    cross_account: bool,
}

impl VpcPeering {
    /// Peers the two VPCs under `scope` with `id`; the error names the construct path and the bad value
    /// (overlapping blocks, a requester in another stack).
    pub fn new(scope: &impl AsScope, id: &str, props: VpcPeeringProps) -> Result<Self> {
        let path = child_path(scope, id);
        let (req, acc) = (&props.requester, &props.accepter);
        if cidr::overlaps(req.cidr, acc.cidr) {
            return Err(Error::invalid(
                &path,
                format!(
                    "requester {} ({}) and accepter {} ({}) overlap: peered VPCs need disjoint address ranges",
                    req.path, req.cidr, acc.path, acc.cidr
                ),
                "give one of the VPCs a cidr outside the other's",
            ));
        }
        let stack = scope.scope().stack_name().unwrap_or_default();
        if req.stack != stack {
            return Err(Error::invalid(
                &path,
                format!(
                    "requester {} is in stack `{}`, the peering in stack `{}`: the requester side must be managed \
                     with the requester's own provider",
                    req.path, req.stack, stack
                ),
                "create the peering in the requester's stack, and pass the accepter's account as accepter_provider",
            ));
        }
        // The requester side uses the stack's default configuration; the accepter side `accepter_provider`.
        let acc_p = props.accepter_provider.as_ref();
        let c = Construct::new(scope, id);
        let cross_account = acc_p.is_some();
        let name = c.name(id);

        let mut connection = VpcPeeringConnection::builder(&c, "connection")
            .vpc_id(&req.vpc_id)
            .peer_vpc_id(&acc.vpc_id)
            .tags([("Name", name.to_string()), ("Side", "requester".to_string())]);
        if cross_account {
            // Another account or region: look the accepter's owner and region up with its own configuration.
            let account = on(DataCallerIdentity::builder(&c, "accepter-account").build(), acc_p);
            let region = on(DataRegion::builder(&c, "accepter-region").build(), acc_p);
            connection = connection.peer_owner_id(account.account_id()).peer_region(region.region());
        }
        let connection = connection.build();
        let accepter = on(
            VpcPeeringConnectionAccepter::builder(&c, "accepter")
                .vpc_peering_connection_id(connection.id())
                .auto_accept(true)
                .tags([("Name", name.to_string()), ("Side", "accepter".to_string())])
                .build(),
            acc_p,
        );

        let mut options = Vec::new();
        if props.dns_resolution {
            let requester_block =
                || VpcPeeringConnectionOptionsRequester::builder().allow_remote_vpc_dns_resolution(true).build();
            let accepter_block =
                || VpcPeeringConnectionOptionsAccepter::builder().allow_remote_vpc_dns_resolution(true).build();
            if cross_account {
                // Each account sets its own side.
                options.push(
                    VpcPeeringConnectionOptions::builder(&c, "requester-dns-options")
                        .vpc_peering_connection_id(accepter.id())
                        .requester(requester_block())
                        .build(),
                );
                options.push(on(
                    VpcPeeringConnectionOptions::builder(&c, "accepter-dns-options")
                        .vpc_peering_connection_id(accepter.id())
                        .accepter(accepter_block())
                        .build(),
                    acc_p,
                ));
            } else {
                options.push(
                    VpcPeeringConnectionOptions::builder(&c, "dns-options")
                        .vpc_peering_connection_id(accepter.id())
                        .requester(requester_block())
                        .accepter(accepter_block())
                        .build(),
                );
            }
        }

        // Routes to the peer: app-tier route tables only, never public or data.
        let routes = |side: &Side, peer: &Side, label: &str, provider: Option<&ProviderRef>| -> Vec<Route> {
            side.app_route_tables
                .iter()
                .enumerate()
                .map(|(az, table)| {
                    on(
                        Route::builder(&c, &format!("{label}-app-route-az{}", az + 1))
                            .route_table_id(table.id())
                            .destination_cidr_block(peer.cidr.to_string())
                            .vpc_peering_connection_id(accepter.id())
                            .build(),
                        provider,
                    )
                })
                .collect()
        };
        let requester_routes = routes(req, acc, "requester", None);
        let accepter_routes = routes(acc, req, "accepter", acc_p);

        Ok(VpcPeering { scope: c, connection, accepter, options, requester_routes, accepter_routes, cross_account })
    }

    /// The peering connection (requester side).
    pub fn connection(&self) -> &VpcPeeringConnection {
        &self.connection
    }

    /// The accepter of the connection (accepter side).
    pub fn accepter(&self) -> &VpcPeeringConnectionAccepter {
        &self.accepter
    }

    /// A reference to the peering connection id, available once the connection is accepted.
    pub fn id(&self) -> Attr<String> {
        self.accepter.id()
    }

    /// The DNS resolution options: one resource, or one per side when the peering is cross-account.
    pub fn options(&self) -> &[VpcPeeringConnectionOptions] {
        &self.options
    }

    /// The routes to the accepter, one per app route table of the requester.
    pub fn requester_routes(&self) -> &[Route] {
        &self.requester_routes
    }

    /// The routes to the requester, one per app route table of the accepter.
    pub fn accepter_routes(&self) -> &[Route] {
        &self.accepter_routes
    }

    /// Whether the two sides use different provider configurations (accounts or regions).
    pub fn is_cross_account(&self) -> bool {
        self.cross_account
    }
}

impl AsScope for VpcPeering {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}
