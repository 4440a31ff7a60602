//! [`FlowLogs`]: VPC flow logs to CloudWatch Logs and to S3, encrypted, with the Athena query layer over
//! the S3 copy. Shared by the VPC constructs ([`ZeroTrustVpc`](super::ZeroTrustVpc) and the others).

use derive_builder::Builder;
use konductor_core::{template, AsScope, Attr, Construct, Error, Expr, IntoValue, Name, Result, Scope, Val};

use super::context::{path_name_base, AwsContext};
use crate::iam::{Condition, PolicyValue, Principal, Role, RoleProps, Statement, Trust};
use crate::kms::{Key, KeyProps};
use crate::l1::athena::{
    AthenaNamedQuery, AthenaWorkgroup, AthenaWorkgroupConfiguration, AthenaWorkgroupConfigurationResultConfiguration,
    AthenaWorkgroupConfigurationResultConfigurationEncryptionConfiguration,
};
use crate::l1::ec2::{FlowLog, FlowLogDestinationOptions};
use crate::l1::glue::{
    GlueCatalogDatabase, GlueCatalogTable, GlueCatalogTablePartitionKeys, GlueCatalogTableStorageDescriptor,
    GlueCatalogTableStorageDescriptorColumns, GlueCatalogTableStorageDescriptorSerDeInfo,
};
use crate::l1::iam::IamRole;
use crate::l1::kms::KmsKey;
use crate::l1::logs::CloudwatchLogGroup;
use crate::l1::s3::{S3Bucket, S3BucketPolicy};
use crate::logs::{LogGroup, LogGroupProps};
use crate::s3::{Bucket, BucketProps, LifecycleRule};

/// A field of a flow log record, as the VPC user guide lists them (versions 2 to 5).
///
/// The same list writes the flow log's `log_format` and the Glue table's columns, so the two cannot
/// drift: `FlowLogField::AccountId` is `${account-id}` in the format and the column `account_id` (the name
/// the Parquet files use) of type `string`.
///
/// ```
/// use konductor_aws::network::FlowLogField;
/// let f = FlowLogField::PktSrcAwsService;
/// assert_eq!((f.name(), f.column(), f.glue_type(), f.version()), ("pkt-src-aws-service", "pkt_src_aws_service", "string", 5));
/// assert_eq!(FlowLogField::ALL.len(), 29);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FlowLogField {
    /// `version`: the flow log version (the highest version of the fields in the format).
    Version,
    /// `account-id`: the account that owns the network interface.
    AccountId,
    /// `interface-id`: the network interface.
    InterfaceId,
    /// `srcaddr`: the source address (the interface's own address for outgoing traffic).
    SrcAddr,
    /// `dstaddr`: the destination address.
    DstAddr,
    /// `srcport`: the source port.
    SrcPort,
    /// `dstport`: the destination port.
    DstPort,
    /// `protocol`: the IANA protocol number (6 is TCP, 17 UDP).
    Protocol,
    /// `packets`: packets transferred in the flow.
    Packets,
    /// `bytes`: bytes transferred in the flow.
    Bytes,
    /// `start`: when the first packet was seen, in Unix seconds.
    Start,
    /// `end`: when the last packet was seen, in Unix seconds.
    End,
    /// `action`: `ACCEPT` or `REJECT`.
    Action,
    /// `log-status`: `OK`, `NODATA` or `SKIPDATA`.
    LogStatus,
    /// `vpc-id`: the VPC of the interface.
    VpcId,
    /// `subnet-id`: the subnet of the interface.
    SubnetId,
    /// `instance-id`: the instance the interface is attached to, if any.
    InstanceId,
    /// `tcp-flags`: the bitmask of TCP flags seen.
    TcpFlags,
    /// `type`: `IPv4`, `IPv6` or `EFA`.
    Type,
    /// `pkt-srcaddr`: the packet-level source address.
    PktSrcAddr,
    /// `pkt-dstaddr`: the packet-level destination address.
    PktDstAddr,
    /// `region`: the region of the interface.
    Region,
    /// `az-id`: the Availability Zone id of the interface.
    AzId,
    /// `sublocation-type`: `wavelength`, `outpost` or `localzone`.
    SublocationType,
    /// `sublocation-id`: the id of the sublocation.
    SublocationId,
    /// `pkt-src-aws-service`: the AWS service the source address belongs to.
    PktSrcAwsService,
    /// `pkt-dst-aws-service`: the AWS service the destination address belongs to.
    PktDstAwsService,
    /// `flow-direction`: `ingress` or `egress`.
    FlowDirection,
    /// `traffic-path`: the path egress traffic takes (1 to 8).
    TrafficPath,
}

use FlowLogField as F;

impl FlowLogField {
    /// Every field of versions 2 to 5, in the order of the VPC user guide: the default format of
    /// [`FlowLogs`].
    ///
    /// ```
    /// use konductor_aws::network::FlowLogField;
    /// assert_eq!(FlowLogField::ALL[0], FlowLogField::Version);
    /// ```
    pub const ALL: [FlowLogField; 29] = [
        F::Version,
        F::AccountId,
        F::InterfaceId,
        F::SrcAddr,
        F::DstAddr,
        F::SrcPort,
        F::DstPort,
        F::Protocol,
        F::Packets,
        F::Bytes,
        F::Start,
        F::End,
        F::Action,
        F::LogStatus,
        F::VpcId,
        F::SubnetId,
        F::InstanceId,
        F::TcpFlags,
        F::Type,
        F::PktSrcAddr,
        F::PktDstAddr,
        F::Region,
        F::AzId,
        F::SublocationType,
        F::SublocationId,
        F::PktSrcAwsService,
        F::PktDstAwsService,
        F::FlowDirection,
        F::TrafficPath,
    ];

    /// The fields of AWS's default format (version 2).
    ///
    /// ```
    /// use konductor_aws::network::FlowLogField;
    /// assert!(FlowLogField::DEFAULT_FORMAT.iter().all(|f| f.version() == 2));
    /// ```
    pub const DEFAULT_FORMAT: [FlowLogField; 14] = [
        F::Version,
        F::AccountId,
        F::InterfaceId,
        F::SrcAddr,
        F::DstAddr,
        F::SrcPort,
        F::DstPort,
        F::Protocol,
        F::Packets,
        F::Bytes,
        F::Start,
        F::End,
        F::Action,
        F::LogStatus,
    ];

    /// The field's name in a log format: `account-id`.
    ///
    /// ```
    /// use konductor_aws::network::FlowLogField;
    /// assert_eq!(FlowLogField::LogStatus.name(), "log-status");
    /// ```
    pub fn name(self) -> &'static str {
        self.info().0
    }

    /// The column in the Parquet files and the Glue table: `account_id`.
    ///
    /// ```
    /// use konductor_aws::network::FlowLogField;
    /// assert_eq!(FlowLogField::LogStatus.column(), "log_status");
    /// ```
    pub fn column(self) -> &'static str {
        self.info().1
    }

    /// The column type in the Glue table, as in Athena's table for Parquet flow logs: `string`, `int` or
    /// `bigint`.
    ///
    /// ```
    /// use konductor_aws::network::FlowLogField;
    /// assert_eq!(FlowLogField::Bytes.glue_type(), "bigint");
    /// ```
    pub fn glue_type(self) -> &'static str {
        self.info().2
    }

    /// The flow log version that introduced the field.
    ///
    /// ```
    /// use konductor_aws::network::FlowLogField;
    /// assert_eq!(FlowLogField::TcpFlags.version(), 3);
    /// ```
    pub fn version(self) -> u8 {
        self.info().3
    }

    fn info(self) -> (&'static str, &'static str, &'static str, u8) {
        match self {
            F::Version => ("version", "version", "int", 2),
            F::AccountId => ("account-id", "account_id", "string", 2),
            F::InterfaceId => ("interface-id", "interface_id", "string", 2),
            F::SrcAddr => ("srcaddr", "srcaddr", "string", 2),
            F::DstAddr => ("dstaddr", "dstaddr", "string", 2),
            F::SrcPort => ("srcport", "srcport", "int", 2),
            F::DstPort => ("dstport", "dstport", "int", 2),
            F::Protocol => ("protocol", "protocol", "bigint", 2),
            F::Packets => ("packets", "packets", "bigint", 2),
            F::Bytes => ("bytes", "bytes", "bigint", 2),
            F::Start => ("start", "start", "bigint", 2),
            F::End => ("end", "end", "bigint", 2),
            F::Action => ("action", "action", "string", 2),
            F::LogStatus => ("log-status", "log_status", "string", 2),
            F::VpcId => ("vpc-id", "vpc_id", "string", 3),
            F::SubnetId => ("subnet-id", "subnet_id", "string", 3),
            F::InstanceId => ("instance-id", "instance_id", "string", 3),
            F::TcpFlags => ("tcp-flags", "tcp_flags", "int", 3),
            F::Type => ("type", "type", "string", 3),
            F::PktSrcAddr => ("pkt-srcaddr", "pkt_srcaddr", "string", 3),
            F::PktDstAddr => ("pkt-dstaddr", "pkt_dstaddr", "string", 3),
            F::Region => ("region", "region", "string", 4),
            F::AzId => ("az-id", "az_id", "string", 4),
            F::SublocationType => ("sublocation-type", "sublocation_type", "string", 4),
            F::SublocationId => ("sublocation-id", "sublocation_id", "string", 4),
            F::PktSrcAwsService => ("pkt-src-aws-service", "pkt_src_aws_service", "string", 5),
            F::PktDstAwsService => ("pkt-dst-aws-service", "pkt_dst_aws_service", "string", 5),
            F::FlowDirection => ("flow-direction", "flow_direction", "string", 5),
            F::TrafficPath => ("traffic-path", "traffic_path", "int", 5),
        }
    }
}

/// The `log_format` of a flow log with these fields: `${version} ${account-id} ...`.
///
/// ```
/// use konductor_aws::network::{log_format, FlowLogField};
/// assert_eq!(log_format(&[FlowLogField::SrcAddr, FlowLogField::Action]), "${srcaddr} ${action}");
/// ```
pub fn log_format(fields: &[FlowLogField]) -> String {
    fields.iter().map(|f| format!("${{{}}}", f.name())).collect::<Vec<_>>().join(" ")
}

/// Which traffic a flow log records.
///
/// ```
/// use konductor_aws::network::{FlowLogsProps, TrafficType};
/// let props = FlowLogsProps::builder().traffic_type(TrafficType::Reject).build().unwrap();
/// assert_eq!(props.traffic_type().as_str(), "REJECT");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TrafficType {
    /// Accepted and rejected traffic (the default).
    #[default]
    All,
    /// Accepted traffic only.
    Accept,
    /// Rejected traffic only.
    Reject,
}

impl TrafficType {
    /// The value of `traffic_type`.
    ///
    /// ```
    /// use konductor_aws::network::TrafficType;
    /// assert_eq!(TrafficType::default().as_str(), "ALL");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            TrafficType::All => "ALL",
            TrafficType::Accept => "ACCEPT",
            TrafficType::Reject => "REJECT",
        }
    }
}

/// The longest time a flow is aggregated into one record.
///
/// ```
/// use konductor_aws::network::{AggregationInterval, FlowLogsProps};
/// let props = FlowLogsProps::builder().aggregation_interval(AggregationInterval::TenMinutes).build().unwrap();
/// assert_eq!(props.aggregation_interval().seconds(), 600);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AggregationInterval {
    /// 60 seconds (the default here): records arrive sooner, for incident response.
    #[default]
    OneMinute,
    /// 600 seconds (AWS's default): fewer records.
    TenMinutes,
}

impl AggregationInterval {
    /// The value of `max_aggregation_interval`, in seconds.
    ///
    /// ```
    /// use konductor_aws::network::AggregationInterval;
    /// assert_eq!(AggregationInterval::default().seconds(), 60);
    /// ```
    pub fn seconds(self) -> u32 {
        match self {
            AggregationInterval::OneMinute => 60,
            AggregationInterval::TenMinutes => 600,
        }
    }
}

/// The retention periods CloudWatch Logs accepts, in days (the same list as [`crate::logs`]'s).
pub use crate::logs::LOG_RETENTION_DAYS;

/// The fields the named Athena queries read.
const QUERY_FIELDS: [FlowLogField; 10] = [
    F::InterfaceId,
    F::SrcAddr,
    F::DstAddr,
    F::SrcPort,
    F::DstPort,
    F::Protocol,
    F::Packets,
    F::Bytes,
    F::Start,
    F::Action,
];

const PROPS: &str = "FlowLogsProps";

/// The settings of [`FlowLogs`]. `FlowLogsProps::default()` is the secure default: every field of
/// versions 2 to 5, all traffic, 60-second aggregation, CloudWatch Logs kept 365 days, S3 kept 730 days,
/// the Athena query layer with results kept 30 days.
///
/// ```
/// use konductor_aws::network::{FlowLogsProps, TrafficType};
/// let props = FlowLogsProps::builder().log_retention_days(400).s3_expiration_days(2555).build().unwrap();
/// assert_eq!(props.traffic_type(), TrafficType::All);
/// let e = FlowLogsProps::builder().log_retention_days(100).build().unwrap_err();
/// assert!(e.to_string().starts_with("[FlowLogsProps] log retention of 100 days is not a CloudWatch Logs retention period"));
/// ```
#[derive(Builder, Clone, Debug, PartialEq)]
#[builder(pattern = "owned", default, build_fn(private, name = "assemble", error = "crate::props::Incomplete"))]
#[builder_struct_attr(must_use = "call `.build()` to get the props")]
pub struct FlowLogsProps {
    /// The fields of each record, in order (default [`FlowLogField::ALL`]). The Glue table gets one
    /// column per field.
    #[builder(setter(custom))]
    fields: Vec<FlowLogField>,
    /// Which traffic to record (default [`TrafficType::All`]).
    traffic_type: TrafficType,
    /// The aggregation interval (default 60 seconds).
    #[builder(setter(name = "aggregation_interval"))]
    aggregation: AggregationInterval,
    #[builder(setter(custom))]
    cloudwatch: bool,
    #[builder(setter(custom))]
    s3: bool,
    #[builder(setter(custom))]
    query_layer: bool,
    /// Days the CloudWatch Logs group keeps records (default 365); one of [`LOG_RETENTION_DAYS`].
    log_retention_days: u32,
    /// Days the S3 bucket keeps records (default 730).
    s3_expiration_days: u32,
    /// Days the Athena results bucket keeps query results (default 30).
    #[builder(setter(name = "query_results_expiration_days"))]
    results_expiration_days: u32,
    /// The base of the physical names (bucket, log group, role, key alias, Glue database, workgroup);
    /// the environment suffix is appended. Default: the construct path joined with `-`
    /// (`network-vpc-flow-logs`). Lowercase letters, digits and hyphens.
    #[builder(setter(into, strip_option))]
    name_base: Option<String>,
}

impl Default for FlowLogsProps {
    fn default() -> Self {
        FlowLogsProps {
            fields: FlowLogField::ALL.to_vec(),
            traffic_type: TrafficType::All,
            aggregation: AggregationInterval::OneMinute,
            cloudwatch: true,
            s3: true,
            query_layer: true,
            log_retention_days: 365,
            s3_expiration_days: 730,
            results_expiration_days: 30,
            name_base: None,
        }
    }
}

impl FlowLogsProps {
    /// Starts from the defaults.
    ///
    /// ```
    /// use konductor_aws::network::FlowLogsProps;
    /// assert_eq!(FlowLogsProps::builder().build().unwrap(), FlowLogsProps::default());
    /// ```
    pub fn builder() -> FlowLogsPropsBuilder {
        FlowLogsPropsBuilder::default()
    }

    /// The fields of each record, in order.
    ///
    /// ```
    /// use konductor_aws::network::{FlowLogField, FlowLogsProps};
    /// assert_eq!(FlowLogsProps::default().fields(), FlowLogField::ALL);
    /// ```
    pub fn fields(&self) -> &[FlowLogField] {
        &self.fields
    }

    /// The traffic recorded.
    ///
    /// ```
    /// use konductor_aws::network::{FlowLogsProps, TrafficType};
    /// assert_eq!(FlowLogsProps::default().traffic_type(), TrafficType::All);
    /// ```
    pub fn traffic_type(&self) -> TrafficType {
        self.traffic_type
    }

    /// The aggregation interval.
    ///
    /// ```
    /// use konductor_aws::network::FlowLogsProps;
    /// assert_eq!(FlowLogsProps::default().aggregation_interval().seconds(), 60);
    /// ```
    pub fn aggregation_interval(&self) -> AggregationInterval {
        self.aggregation
    }

    /// Days CloudWatch Logs keeps the records.
    ///
    /// ```
    /// use konductor_aws::network::FlowLogsProps;
    /// assert_eq!(FlowLogsProps::default().log_retention_days(), 365);
    /// ```
    pub fn log_retention_days(&self) -> u32 {
        self.log_retention_days
    }

    /// Days S3 keeps the records.
    ///
    /// ```
    /// use konductor_aws::network::FlowLogsProps;
    /// assert_eq!(FlowLogsProps::default().s3_expiration_days(), 730);
    /// ```
    pub fn s3_expiration_days(&self) -> u32 {
        self.s3_expiration_days
    }
}

impl FlowLogsPropsBuilder {
    /// The fields of each record, in order (default [`FlowLogField::ALL`]). The Glue table gets one
    /// column per field.
    ///
    /// ```
    /// use konductor_aws::network::{FlowLogField, FlowLogsProps};
    /// let props = FlowLogsProps::builder().fields(FlowLogField::ALL.into_iter().filter(|f| *f != FlowLogField::Version)).build().unwrap();
    /// # let _ = props;
    /// ```
    pub fn fields(mut self, fields: impl IntoIterator<Item = FlowLogField>) -> Self {
        self.fields = Some(fields.into_iter().collect());
        self
    }

    /// Opt-out: no CloudWatch Logs destination (the S3 copy and its query layer remain).
    ///
    /// ```
    /// use konductor_aws::network::FlowLogsProps;
    /// let props = FlowLogsProps::builder().without_cloudwatch_logs().build().unwrap();
    /// # let _ = props;
    /// ```
    pub fn without_cloudwatch_logs(mut self) -> Self {
        self.cloudwatch = Some(false);
        self
    }

    /// Opt-out: no S3 destination, and so no query layer.
    ///
    /// ```
    /// use konductor_aws::network::FlowLogsProps;
    /// let props = FlowLogsProps::builder().without_s3().build().unwrap();
    /// # let _ = props;
    /// ```
    pub fn without_s3(mut self) -> Self {
        self.s3 = Some(false);
        self
    }

    /// Opt-out: the S3 copy without the Glue table, Athena workgroup and named queries.
    ///
    /// ```
    /// use konductor_aws::network::FlowLogsProps;
    /// let props = FlowLogsProps::builder().without_query_layer().build().unwrap();
    /// # let _ = props;
    /// ```
    pub fn without_query_layer(mut self) -> Self {
        self.query_layer = Some(false);
        self
    }

    /// Checks and returns the props.
    ///
    /// ```
    /// use konductor_aws::network::FlowLogsProps;
    /// let props = FlowLogsProps::builder().log_retention_days(90).build().unwrap();
    /// # let _ = props;
    /// ```
    pub fn build(self) -> Result<FlowLogsProps> {
        let p = self.assemble().map_err(|e| e.into_error(PROPS))?;
        if !p.cloudwatch && !p.s3 {
            return Err(Error::invalid(
                PROPS,
                "flow logs without CloudWatch Logs and without S3 go nowhere",
                "keep at least one destination: drop `.without_cloudwatch_logs()` or `.without_s3()`",
            ));
        }
        if p.cloudwatch && !LOG_RETENTION_DAYS.contains(&p.log_retention_days) {
            let next = LOG_RETENTION_DAYS.iter().find(|d| **d >= p.log_retention_days).unwrap_or(&3653);
            return Err(Error::invalid(
                PROPS,
                format!("log retention of {} days is not a CloudWatch Logs retention period", p.log_retention_days),
                format!(
                    "use one of {} (the next one up is {next})",
                    LOG_RETENTION_DAYS.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        for (what, days) in
            [("S3 expiration", p.s3_expiration_days), ("query results expiration", p.results_expiration_days)]
        {
            if days == 0 {
                return Err(Error::invalid(PROPS, format!("{what} of 0 days"), "give at least 1 day"));
            }
        }
        if p.fields.is_empty() {
            return Err(Error::invalid(
                PROPS,
                "the flow log format has no fields",
                "give at least one field, or leave the default",
            ));
        }
        for (i, f) in p.fields.iter().enumerate() {
            if p.fields[..i].contains(f) {
                return Err(Error::invalid(
                    PROPS,
                    format!("field `{}` is in the flow log format twice", f.name()),
                    "list each field once",
                ));
            }
        }
        if p.s3 && p.query_layer {
            let missing: Vec<&str> = QUERY_FIELDS.iter().filter(|f| !p.fields.contains(f)).map(|f| f.name()).collect();
            if !missing.is_empty() {
                return Err(Error::invalid(
                    PROPS,
                    format!("the named Athena queries read fields missing from the format: {}", missing.join(", ")),
                    "add them to `.fields(...)`, or call `.without_query_layer()`",
                ));
            }
        }
        if let Some(base) = &p.name_base {
            if base.is_empty() || !base.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                return Err(Error::invalid(
                    PROPS,
                    format!("name base `{base}` must be lowercase letters, digits and hyphens"),
                    "S3 bucket names allow only those; for example `payments-flow-logs`",
                ));
            }
        }
        Ok(p)
    }
}

/// The CloudWatch Logs half: the group, the role flow logs deliver with, and the flow log.
#[derive(Clone, Debug)]
struct CloudWatchPart {
    log_group: LogGroup,
    role: Role,
    flow_log: FlowLog,
}

/// The query layer over the S3 copy.
#[derive(Clone, Debug)]
struct QueryLayer {
    database: GlueCatalogDatabase,
    table: GlueCatalogTable,
    results: Bucket,
    workgroup: AthenaWorkgroup,
    queries: Vec<AthenaNamedQuery>,
}

/// The S3 half: the bucket, the flow log and the query layer.
#[derive(Clone, Debug)]
struct S3Part {
    bucket: Bucket,
    flow_log: FlowLog,
    query: Option<QueryLayer>,
}

/// VPC flow logs of all traffic, aggregated every 60 seconds, to two destinations, with the query layer.
///
/// ```
/// use konductor_aws::network::{FlowLogs, FlowLogsProps};
/// use konductor_core::testing;
/// let json = testing::synth(|stack| {
///     let fl = FlowLogs::new(stack, "flow-logs", "vpc-0123456789abcdef0", FlowLogsProps::default()).unwrap();
///     assert!(fl.log_group().is_some() && fl.bucket().is_some());
/// });
/// assert_eq!(json["resource"]["aws_flow_log"].as_object().unwrap().len(), 2);
/// ```
///
/// # What it creates, and why
/// - One customer-managed KMS key (rotation on, alias `alias/<name>`) for everything it stores. Its policy
///   lets the account administer it through IAM, lets CloudWatch Logs use it only for this log group
///   (`kms:EncryptionContext:aws:logs:arn`), and lets the log delivery service
///   (`delivery.logs.amazonaws.com`) use it only for this account's deliveries (`aws:SourceAccount`,
///   `aws:SourceArn`).
/// - CloudWatch Logs, for alerting and quick searches: a log group encrypted with the key and kept
///   [`FlowLogsProps::log_retention_days`] (365 by default), and a delivery role that only
///   `vpc-flow-logs.amazonaws.com` of this account may assume and that may only write to that group.
/// - S3, for long retention and analysis: Parquet files (10 to 100 times faster to query than text) in
///   Hive-compatible, per-hour partitions, in a bucket that is KMS-encrypted, versioned, TLS-only, has
///   every public access blocked and ACLs disabled, and expires objects after
///   [`FlowLogsProps::s3_expiration_days`]. The bucket policy lets log delivery write only under
///   `AWSLogs/` for this account.
/// - The query layer: a Glue database and table whose columns are derived from the same field list as the
///   log format, with partition projection over `year`/`month`/`day`/`hour` (no crawler and no
///   `MSCK REPAIR TABLE`); an Athena workgroup that enforces its configuration and writes results
///   encrypted with the key to a second secure bucket; and named queries for rejected traffic, top talkers
///   and SSH/RDP attempts, today.
/// - Region, account and partition come from data sources, so the same program deploys anywhere. Every
///   physical name carries the environment suffix, and everything is destroyable (`force_destroy` on the
///   buckets and the workgroup, a 7-day key deletion window).
#[derive(Clone, Debug)]
pub struct FlowLogs {
    scope: Construct,
    fields: Vec<FlowLogField>,
    key: Key,
    cloudwatch: Option<CloudWatchPart>,
    s3: Option<S3Part>,
}

impl AsScope for FlowLogs {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

impl FlowLogs {
    /// Flow logs of the VPC `vpc_id` (an id or an expression such as `vpc.id()`), under `scope` with `id`.
    ///
    /// ```
    /// use konductor_aws::network::{FlowLogs, FlowLogsProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = FlowLogsProps::builder().without_query_layer().build().unwrap();
    ///     let fl = FlowLogs::new(stack, "flow-logs", "vpc-0123456789abcdef0", props).unwrap();
    ///     assert!(fl.glue_table().is_none());
    /// });
    /// ```
    pub fn new(scope: &impl AsScope, id: &str, vpc_id: impl IntoValue<String>, props: FlowLogsProps) -> Result<Self> {
        let construct = Construct::new(scope, id);
        let context = AwsContext::new(&construct);
        Self::build(construct, &context, vpc_id.into_val(), props)
    }

    /// Flow logs under an existing construct, reading region and account from `context`.
    pub(crate) fn with_context(
        scope: &impl AsScope,
        id: &str,
        vpc_id: impl IntoValue<String>,
        props: FlowLogsProps,
        context: &AwsContext,
    ) -> Result<Self> {
        Self::build(Construct::new(scope, id), context, vpc_id.into_val(), props)
    }

    fn build(scope: Construct, cx: &AwsContext, vpc_id: Val, props: FlowLogsProps) -> Result<Self> {
        let base = props.name_base.clone().unwrap_or_else(|| path_name_base(&scope));
        let format = log_format(&props.fields);
        let partition = cx.partition();
        let account = cx.account_id();
        let region = cx.region();
        let logs_source_arn = template!("arn:{}:logs:{}:{}:*", &partition, &region, &account);

        // The key: the account administers it; CloudWatch Logs uses it for this group only, log
        // delivery for this account only, and the account's principals read through S3 (Athena) only.
        let key = Key::new(
            &scope,
            "key",
            KeyProps::builder()
                .alias(base.clone())
                .description(format!("VPC flow logs {}", scope.path()))
                .allow_account_use_via("s3")
                .context(cx.clone())
                .build()?,
        )?;
        if props.s3 {
            key.grant_to_service("delivery.logs")?;
        }

        let tags = |suffix: &str| [("Name", scope.name(&format!("{base}{suffix}")))];
        let flow_log = |id: &str| {
            FlowLog::builder(&scope, id)
                .vpc_id(vpc_id.clone())
                .traffic_type(props.traffic_type.as_str())
                .max_aggregation_interval(props.aggregation.seconds())
                .log_format(format.as_str())
        };

        let cloudwatch = match props.cloudwatch {
            false => None,
            true => {
                let log_group = LogGroup::new(
                    &scope,
                    "log-group",
                    LogGroupProps::builder()
                        .name(format!("/vpc-flow-logs/{base}"))
                        .retention_days(props.log_retention_days)
                        .key(key.clone())
                        .context(cx.clone())
                        .build()?,
                )?;
                let trust = Trust::service("vpc-flow-logs.amazonaws.com").from_this_account().condition(
                    Condition::source_arn(template!("arn:{}:ec2:{}:{}:vpc-flow-log/*", &partition, &region, &account)),
                );
                let role = Role::new(
                    &scope,
                    "delivery-role",
                    RoleProps::builder()
                        .name(format!("{base}-delivery"))
                        .description("VPC flow logs delivery to one CloudWatch Logs group")
                        .trust(trust)
                        .context(cx.clone())
                        .build()?,
                )?;
                log_group.grant_write(&role)?;
                role.add_to_policy(
                    Statement::allow()
                        .sid("DescribeTheFlowLogGroup")
                        .actions(["logs:DescribeLogGroups", "logs:DescribeLogStreams"])
                        .resources([PolicyValue::from(log_group.arn()), template!("{}:*", log_group.arn()).into()]),
                )?;
                let fl = flow_log("cloudwatch")
                    .log_destination_type("cloud-watch-logs")
                    .log_destination(log_group.arn())
                    .iam_role_arn(role.arn())
                    .tags(tags("-cloudwatch"))
                    .build();
                if let Some(policy) = role.grants_policy() {
                    fl.depends_on(&policy);
                }
                Some(CloudWatchPart { log_group, role, flow_log: fl })
            }
        };

        let s3 = match props.s3 {
            false => None,
            true => {
                let bucket = records_bucket(&scope, "bucket", &base, &key, cx, props.s3_expiration_days)?;
                for statement in delivery_statements(&bucket, &account, &logs_source_arn) {
                    bucket.add_to_resource_policy(statement)?;
                }
                let fl = flow_log("s3")
                    .log_destination_type("s3")
                    .log_destination(bucket.arn())
                    .destination_options(
                        FlowLogDestinationOptions::builder()
                            .file_format("parquet")
                            .hive_compatible_partitions(true)
                            .per_hour_partition(true)
                            .build(),
                    )
                    .tags(tags("-s3"))
                    .build();
                fl.depends_on(bucket.policy()).depends_on(bucket.encryption());
                let query = match props.query_layer {
                    true => Some(query_layer(&scope, &base, cx, &key, &bucket, &props)?),
                    false => None,
                };
                Some(S3Part { bucket, flow_log: fl, query })
            }
        };

        Ok(FlowLogs { scope, fields: props.fields, key, cloudwatch, s3 })
    }

    /// The fields of each record, in order.
    ///
    /// ```
    /// use konductor_aws::network::{FlowLogs, FlowLogsProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let fl = FlowLogs::new(stack, "fl", "vpc-1", FlowLogsProps::default()).unwrap();
    ///     assert_eq!(fl.fields().len(), 29);
    /// });
    /// ```
    pub fn fields(&self) -> &[FlowLogField] {
        &self.fields
    }

    /// The `log_format` both flow logs use.
    ///
    /// ```
    /// use konductor_aws::network::{FlowLogs, FlowLogsProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let fl = FlowLogs::new(stack, "fl", "vpc-1", FlowLogsProps::default()).unwrap();
    ///     assert!(fl.log_format().starts_with("${version} ${account-id} ${interface-id}"));
    /// });
    /// ```
    pub fn log_format(&self) -> String {
        log_format(&self.fields)
    }

    /// The Glue table's columns, in order: the Parquet names of [`FlowLogs::fields`].
    ///
    /// ```
    /// use konductor_aws::network::{FlowLogs, FlowLogsProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let fl = FlowLogs::new(stack, "fl", "vpc-1", FlowLogsProps::default()).unwrap();
    ///     assert_eq!(fl.columns()[1], "account_id");
    /// });
    /// ```
    pub fn columns(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.column()).collect()
    }

    /// The customer-managed KMS key everything is encrypted with.
    ///
    /// ```
    /// use konductor_aws::network::{FlowLogs, FlowLogsProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let fl = FlowLogs::new(stack, "fl", "vpc-1", FlowLogsProps::default()).unwrap();
    ///     assert!(fl.kms_key().arn().to_string().starts_with("${aws_kms_key."));
    /// });
    /// ```
    pub fn kms_key(&self) -> &KmsKey {
        self.key.kms_key()
    }

    /// The key block everything is encrypted with (for grants: `fl.key().grant_decrypt(&role)`).
    pub fn key(&self) -> &Key {
        &self.key
    }

    /// The CloudWatch Logs group, unless opted out.
    ///
    /// ```
    /// use konductor_aws::network::{FlowLogs, FlowLogsProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let fl = FlowLogs::new(stack, "fl", "vpc-1", FlowLogsProps::default()).unwrap();
    ///     assert!(fl.log_group().is_some());
    /// });
    /// ```
    pub fn log_group(&self) -> Option<&CloudwatchLogGroup> {
        self.cloudwatch.as_ref().map(|c| c.log_group.log_group())
    }

    /// The role flow logs deliver to CloudWatch Logs with.
    ///
    /// ```
    /// use konductor_aws::network::{FlowLogs, FlowLogsProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let fl = FlowLogs::new(stack, "fl", "vpc-1", FlowLogsProps::default()).unwrap();
    ///     assert!(fl.delivery_role().is_some());
    /// });
    /// ```
    pub fn delivery_role(&self) -> Option<&IamRole> {
        self.cloudwatch.as_ref().map(|c| c.role.iam_role())
    }

    /// The flow log to CloudWatch Logs.
    ///
    /// ```
    /// use konductor_aws::network::{FlowLogs, FlowLogsProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let fl = FlowLogs::new(stack, "fl", "vpc-1", FlowLogsProps::default()).unwrap();
    ///     assert!(fl.cloudwatch_flow_log().is_some());
    /// });
    /// ```
    pub fn cloudwatch_flow_log(&self) -> Option<&FlowLog> {
        self.cloudwatch.as_ref().map(|c| &c.flow_log)
    }

    /// The S3 bucket of the records, unless opted out.
    ///
    /// ```
    /// use konductor_aws::network::{FlowLogs, FlowLogsProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let fl = FlowLogs::new(stack, "fl", "vpc-1", FlowLogsProps::default()).unwrap();
    ///     assert!(fl.bucket().is_some());
    /// });
    /// ```
    pub fn bucket(&self) -> Option<&S3Bucket> {
        self.s3.as_ref().map(|s| s.bucket.bucket())
    }

    /// The policy of the records bucket.
    ///
    /// ```
    /// use konductor_aws::network::{FlowLogs, FlowLogsProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let fl = FlowLogs::new(stack, "fl", "vpc-1", FlowLogsProps::default()).unwrap();
    ///     assert!(fl.bucket_policy().is_some());
    /// });
    /// ```
    pub fn bucket_policy(&self) -> Option<&S3BucketPolicy> {
        self.s3.as_ref().map(|s| s.bucket.policy())
    }

    /// The flow log to S3.
    ///
    /// ```
    /// use konductor_aws::network::{FlowLogs, FlowLogsProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let fl = FlowLogs::new(stack, "fl", "vpc-1", FlowLogsProps::default()).unwrap();
    ///     assert!(fl.s3_flow_log().is_some());
    /// });
    /// ```
    pub fn s3_flow_log(&self) -> Option<&FlowLog> {
        self.s3.as_ref().map(|s| &s.flow_log)
    }

    fn query(&self) -> Option<&QueryLayer> {
        self.s3.as_ref().and_then(|s| s.query.as_ref())
    }

    /// The Glue database of the query layer.
    ///
    /// ```
    /// use konductor_aws::network::{FlowLogs, FlowLogsProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let fl = FlowLogs::new(stack, "fl", "vpc-1", FlowLogsProps::default()).unwrap();
    ///     assert!(fl.glue_database().is_some());
    /// });
    /// ```
    pub fn glue_database(&self) -> Option<&GlueCatalogDatabase> {
        self.query().map(|q| &q.database)
    }

    /// The Glue table over the S3 records.
    ///
    /// ```
    /// use konductor_aws::network::{FlowLogs, FlowLogsProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let fl = FlowLogs::new(stack, "fl", "vpc-1", FlowLogsProps::default()).unwrap();
    ///     assert!(fl.glue_table().is_some());
    /// });
    /// ```
    pub fn glue_table(&self) -> Option<&GlueCatalogTable> {
        self.query().map(|q| &q.table)
    }

    /// The Athena workgroup for querying the records.
    ///
    /// ```
    /// use konductor_aws::network::{FlowLogs, FlowLogsProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let fl = FlowLogs::new(stack, "fl", "vpc-1", FlowLogsProps::default()).unwrap();
    ///     assert!(fl.athena_workgroup().is_some());
    /// });
    /// ```
    pub fn athena_workgroup(&self) -> Option<&AthenaWorkgroup> {
        self.query().map(|q| &q.workgroup)
    }

    /// The bucket Athena writes query results to.
    ///
    /// ```
    /// use konductor_aws::network::{FlowLogs, FlowLogsProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let fl = FlowLogs::new(stack, "fl", "vpc-1", FlowLogsProps::default()).unwrap();
    ///     assert!(fl.query_results_bucket().is_some());
    /// });
    /// ```
    pub fn query_results_bucket(&self) -> Option<&S3Bucket> {
        self.query().map(|q| q.results.bucket())
    }

    /// The named queries: rejected traffic, top talkers, SSH/RDP attempts.
    ///
    /// ```
    /// use konductor_aws::network::{FlowLogs, FlowLogsProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let fl = FlowLogs::new(stack, "fl", "vpc-1", FlowLogsProps::default()).unwrap();
    ///     assert_eq!(fl.named_queries().len(), 3);
    /// });
    /// ```
    pub fn named_queries(&self) -> &[AthenaNamedQuery] {
        self.query().map(|q| &q.queries[..]).unwrap_or_default()
    }
}

/// What log delivery may do in the records bucket: check the bucket, and write under `AWSLogs/`, for this
/// account's deliveries only.
fn delivery_statements(bucket: &Bucket, account: &Attr<String>, source_arn: &Expr) -> Vec<Statement> {
    let delivery = || {
        Statement::allow()
            .principal(Principal::service("delivery.logs.amazonaws.com"))
            .condition(Condition::source_account(account))
            .condition(Condition::source_arn(source_arn))
    };
    vec![
        delivery().sid("AWSLogDeliveryAclCheck").actions(["s3:GetBucketAcl", "s3:ListBucket"]).resource(bucket.arn()),
        delivery()
            .sid("AWSLogDeliveryWrite")
            .action("s3:PutObject")
            .resource(template!("{}/AWSLogs/*", bucket.arn()))
            .condition(Condition::string_equals("s3:x-amz-acl", "bucket-owner-full-control")),
    ]
}

/// Quotes an identifier for Athena DML (names here contain hyphens).
fn quoted(name: &Name) -> String {
    format!("\"{}\"", name.as_str())
}

/// Today's partitions, for queries that should not scan everything.
const TODAY: &str = "year = date_format(current_date, '%Y') AND month = date_format(current_date, '%m') \
                     AND day = date_format(current_date, '%d')";

fn query_layer(
    scope: &Construct,
    base: &str,
    cx: &AwsContext,
    key: &Key,
    bucket: &Bucket,
    props: &FlowLogsProps,
) -> Result<QueryLayer> {
    let db_name = scope.name(base);
    let database = GlueCatalogDatabase::builder(scope, "glue-database")
        .name(&db_name)
        .description(format!("VPC flow logs of {}", scope.path()))
        .build();
    let table_name = scope.name("vpc_flow_logs");
    let prefix = template!(
        "s3://{}/AWSLogs/aws-account-id={}/aws-service=vpcflowlogs/aws-region={}/",
        bucket.bucket().bucket(),
        cx.account_id(),
        cx.region()
    );
    let years = props.s3_expiration_days.div_ceil(365);
    let mut parameters: Vec<(String, Val)> = vec![
        ("EXTERNAL".into(), Val::str("TRUE")),
        ("classification".into(), Val::str("parquet")),
        ("projection.enabled".into(), Val::str("true")),
        ("projection.year.type".into(), Val::str("date")),
        ("projection.year.format".into(), Val::str("yyyy")),
        ("projection.year.range".into(), Val::str(format!("NOW-{years}YEARS,NOW"))),
        ("projection.year.interval".into(), Val::str("1")),
        ("projection.year.interval.unit".into(), Val::str("YEARS")),
    ];
    for (key_name, range) in [("month", "1,12"), ("day", "1,31"), ("hour", "0,23")] {
        parameters.push((format!("projection.{key_name}.type"), Val::str("integer")));
        parameters.push((format!("projection.{key_name}.range"), Val::str(range)));
        parameters.push((format!("projection.{key_name}.digits"), Val::str("2")));
    }
    parameters.push((
        "storage.location.template".into(),
        Val::Expr(template!("{}year=${{year}}/month=${{month}}/day=${{day}}/hour=${{hour}}", &prefix)),
    ));
    let columns: Vec<GlueCatalogTableStorageDescriptorColumns> = props
        .fields
        .iter()
        .map(|f| GlueCatalogTableStorageDescriptorColumns::builder().name(f.column()).r#type(f.glue_type()).build())
        .collect();
    let partition_keys: Vec<GlueCatalogTablePartitionKeys> = ["year", "month", "day", "hour"]
        .into_iter()
        .map(|k| GlueCatalogTablePartitionKeys::builder().name(k).r#type("string").build())
        .collect();
    let table = GlueCatalogTable::builder(scope, "glue-table")
        .database_name(database.name())
        .name(&table_name)
        .description("VPC flow log records (Parquet, Hive-compatible hourly partitions, partition projection)")
        .table_type("EXTERNAL_TABLE")
        .parameters(parameters)
        .partition_keys(partition_keys)
        .storage_descriptor(
            GlueCatalogTableStorageDescriptor::builder()
                .location(prefix.clone())
                .input_format("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
                .output_format("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
                .ser_de_info(
                    GlueCatalogTableStorageDescriptorSerDeInfo::builder()
                        .serialization_library("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")
                        .parameters([("serialization.format", "1")])
                        .build(),
                )
                .columns(columns)
                .build(),
        )
        .build();

    let results =
        records_bucket(scope, "results-bucket", &format!("{base}-results"), key, cx, props.results_expiration_days)?;
    let workgroup_name = scope.name(base);
    let workgroup = AthenaWorkgroup::builder(scope, "workgroup")
        .name(&workgroup_name)
        .description(format!("Queries over the VPC flow logs of {}", scope.path()))
        .state("ENABLED")
        .configuration(
            AthenaWorkgroupConfiguration::builder()
                .enforce_workgroup_configuration(true)
                .publish_cloudwatch_metrics_enabled(true)
                .result_configuration(
                    AthenaWorkgroupConfigurationResultConfiguration::builder()
                        .output_location(template!("s3://{}/", results.bucket().bucket()))
                        .encryption_configuration(
                            AthenaWorkgroupConfigurationResultConfigurationEncryptionConfiguration::builder()
                                .encryption_option("SSE_KMS")
                                .kms_key_arn(key.arn())
                                .build(),
                        )
                        .build(),
                )
                .build(),
        )
        .tags([("Name", &workgroup_name)])
        .build();

    let from = format!("{}.{}", quoted(&db_name), quoted(&table_name));
    let queries = [
        (
            "rejected-traffic",
            "Rejected flows today, newest first: what the security groups and network ACLs stopped.",
            format!(
                "SELECT from_unixtime(\"start\") AS flow_start, interface_id, srcaddr, srcport, dstaddr, dstport, \
                 protocol, packets, bytes FROM {from} WHERE action = 'REJECT' AND {TODAY} ORDER BY \"start\" DESC \
                 LIMIT 100"
            ),
        ),
        (
            "top-talkers",
            "Source and destination pairs that moved the most bytes today.",
            format!(
                "SELECT srcaddr, dstaddr, sum(bytes) AS total_bytes, sum(packets) AS total_packets, count(*) AS \
                 flows FROM {from} WHERE action = 'ACCEPT' AND {TODAY} GROUP BY srcaddr, dstaddr ORDER BY \
                 total_bytes DESC LIMIT 25"
            ),
        ),
        (
            "ssh-rdp-attempts",
            "TCP connections to SSH (22) and RDP (3389) today, accepted or rejected, by source.",
            format!(
                "SELECT srcaddr, dstaddr, dstport, action, count(*) AS attempts, sum(packets) AS packets FROM \
                 {from} WHERE protocol = 6 AND dstport IN (22, 3389) AND {TODAY} GROUP BY srcaddr, dstaddr, \
                 dstport, action ORDER BY attempts DESC LIMIT 100"
            ),
        ),
    ]
    .into_iter()
    .map(|(id, description, sql)| {
        AthenaNamedQuery::builder(scope, &format!("query-{id}"))
            .name(scope.name(&format!("{base}-{id}")))
            .description(description)
            .database(database.name())
            .workgroup(workgroup.name())
            .query(sql)
            .build()
    })
    .collect();

    Ok(QueryLayer { database, table, results, workgroup, queries })
}

/// Days after which noncurrent versions of records and results are removed.
const NONCURRENT_DAYS: u32 = 30;

/// A bucket for records or query results: the secure [`Bucket`] with `key`, expiring objects after
/// `expiration_days` and noncurrent versions after 30 days.
fn records_bucket(
    scope: &Construct,
    id: &str,
    name_base: &str,
    key: &Key,
    cx: &AwsContext,
    expiration_days: u32,
) -> Result<Bucket> {
    Bucket::new(
        scope,
        id,
        BucketProps::builder()
            .name(name_base)
            .key(key.clone())
            .lifecycle_rule(
                LifecycleRule::new("expire")
                    .expire_after_days(expiration_days)
                    .noncurrent_versions_expire_after_days(NONCURRENT_DAYS),
            )
            .context(cx.clone())
            .build()?,
    )
}
