//! Automatic rollback: the CloudWatch alarms a deployment watches ([`RollbackAlarm`]), at most
//! [`MAX_ALARMS`] per deployment group.

use konductor_core::{Construct, Error, IntoValue, Result, Val};

use crate::l1::cloudwatch::{
    CloudwatchMetricAlarm, CloudwatchMetricAlarmMetricQuery, CloudwatchMetricAlarmMetricQueryMetric,
};
use crate::l1::elbv2::LbTargetGroup;

/// The most alarms CodeDeploy watches for one deployment group.
pub const MAX_ALARMS: usize = 10;

/// An alarm that stops and rolls back a deployment.
///
/// The target-group alarms are made by the construct, one for each target group: on ECS one for the blue
/// and one for the green target group (each deployment sends the new version to the other one), so each
/// counts twice toward [`MAX_ALARMS`]; on EC2/Server, whose green fleet joins the one target group, once.
///
/// ```
/// use konductor_aws::deploy::RollbackAlarm;
/// let alarms = [
///     RollbackAlarm::TargetGroup5xxRate { percent: 1.0 },
///     RollbackAlarm::TargetGroupLatency { p99_seconds: 1.5 },
///     RollbackAlarm::existing("payments-errors-prod"),
/// ];
/// assert_eq!(alarms.iter().map(|a| a.alarm_count(2)).sum::<usize>(), 5);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum RollbackAlarm {
    /// The share of requests answered with a 5xx by the targets, over a minute, above `percent` (0 to 100)
    /// for 2 minutes in a row.
    TargetGroup5xxRate {
        /// The threshold, percent of the requests.
        percent: f64,
    },
    /// The targets' 99th-percentile response time above `p99_seconds` for 3 minutes in a row.
    TargetGroupLatency {
        /// The threshold, in seconds.
        p99_seconds: f64,
    },
    /// An alarm made elsewhere, by name (a reference such as `alarm.alarm_name()`, or a name).
    Existing(Val),
}

impl RollbackAlarm {
    /// An alarm made elsewhere, by its name.
    pub fn existing(name: impl IntoValue<String>) -> Self {
        RollbackAlarm::Existing(name.into_val())
    }

    /// How many alarms CodeDeploy watches for this one with `target_groups` target groups: one per target
    /// group for the target-group alarms, else 1.
    pub fn alarm_count(&self, target_groups: usize) -> usize {
        match self {
            RollbackAlarm::Existing(_) => 1,
            _ => target_groups,
        }
    }

    fn describe(&self) -> String {
        match self {
            RollbackAlarm::TargetGroup5xxRate { percent } => format!("5xx rate above {percent} %"),
            RollbackAlarm::TargetGroupLatency { p99_seconds } => format!("p99 latency above {p99_seconds} s"),
            RollbackAlarm::Existing(_) => "an existing alarm".to_string(),
        }
    }
}

/// Checks the alarms against CodeDeploy's limit and their thresholds, for a platform with `target_groups`
/// target groups to watch.
pub(crate) fn check(path: &str, alarms: &[RollbackAlarm], target_groups: usize) -> Result<()> {
    let total: usize = alarms.iter().map(|a| a.alarm_count(target_groups)).sum();
    if total > MAX_ALARMS {
        return Err(Error::invalid(
            path,
            format!(
                "{total} rollback alarms: CodeDeploy watches at most {MAX_ALARMS} per deployment group (a \
                 target-group alarm is made once per target group: {target_groups} here)"
            ),
            "keep the alarms that matter most, or combine several into one composite alarm and pass it with \
             RollbackAlarm::existing(..)",
        ));
    }
    for alarm in alarms {
        let bad = match alarm {
            RollbackAlarm::TargetGroup5xxRate { percent } => !(*percent > 0.0 && *percent < 100.0),
            RollbackAlarm::TargetGroupLatency { p99_seconds } => !(*p99_seconds > 0.0 && p99_seconds.is_finite()),
            RollbackAlarm::Existing(_) => false,
        };
        if bad {
            return Err(Error::invalid(
                path,
                format!("rollback alarm `{}` has a threshold that can never or always fire", alarm.describe()),
                "use a 5xx rate between 0 and 100 % (exclusive) and a latency above 0 seconds",
            ));
        }
        if target_groups == 0 && !matches!(alarm, RollbackAlarm::Existing(_)) {
            return Err(Error::invalid(
                path,
                format!(
                    "rollback alarm `{}` watches target groups, and a Lambda deployment has none",
                    alarm.describe()
                ),
                "pass the function's alarms with RollbackAlarm::existing(alarm.alarm_name())",
            ));
        }
    }
    Ok(())
}

/// The load balancer and target groups the target-group alarms watch.
pub(crate) struct Watched<'a> {
    pub(crate) load_balancer_arn_suffix: &'a Val,
    pub(crate) target_groups: Vec<(&'a str, &'a LbTargetGroup)>,
}

fn metric(id: &str, name: &str, dims: &[(String, Val)]) -> CloudwatchMetricAlarmMetricQuery {
    CloudwatchMetricAlarmMetricQuery::builder()
        .id(id)
        .return_data(false)
        .metric(
            CloudwatchMetricAlarmMetricQueryMetric::builder()
                .namespace("AWS/ApplicationELB")
                .metric_name(name)
                .dimensions(dims.to_vec())
                .period(60)
                .stat("Sum")
                .build(),
        )
        .build()
}

/// Makes the target-group alarms under `c` (named `{base}-{blue|green}-{5xx|latency}`) and returns the names
/// of every alarm to watch, in the order given.
pub(crate) fn build(c: &Construct, base: &str, alarms: &[RollbackAlarm], watched: Option<&Watched>) -> Vec<Val> {
    let mut names = Vec::new();
    for alarm in alarms {
        if let RollbackAlarm::Existing(name) = alarm {
            names.push(name.clone());
            continue;
        }
        let Some(w) = watched else { continue };
        for (color, tg) in &w.target_groups {
            let dims = vec![
                ("LoadBalancer".to_string(), w.load_balancer_arn_suffix.clone()),
                ("TargetGroup".to_string(), Val::Expr(tg.arn_suffix().into_expr())),
            ];
            if let Some(made) = target_group_alarm(c, base, alarm, color, dims) {
                names.push(Val::Expr(made.alarm_name().into_expr()));
            }
        }
    }
    names
}

/// One target-group alarm of `alarm` for the `color` target group; `None` for an existing alarm.
fn target_group_alarm(
    c: &Construct,
    base: &str,
    alarm: &RollbackAlarm,
    color: &str,
    dims: Vec<(String, Val)>,
) -> Option<CloudwatchMetricAlarm> {
    Some(match alarm {
        RollbackAlarm::TargetGroup5xxRate { percent } => {
            let id = format!("{color}-5xx-rate");
            CloudwatchMetricAlarm::builder(c, &id)
                .alarm_name(c.name(&format!("{base}-{id}")))
                .alarm_description(format!(
                    "Rolls back a deployment of {base} when more than {percent} % of the requests to the {color} \
                     target group fail with a 5xx"
                ))
                .comparison_operator("GreaterThanThreshold")
                .evaluation_periods(2)
                .datapoints_to_alarm(2)
                .threshold(*percent)
                .treat_missing_data("notBreaching")
                .metric_query(vec![
                    metric("errors", "HTTPCode_Target_5XX_Count", &dims),
                    metric("requests", "RequestCount", &dims),
                    CloudwatchMetricAlarmMetricQuery::builder()
                        .id("rate")
                        .label("5xx rate (%)")
                        .expression("IF(requests > 0, 100 * errors / requests, 0)")
                        .return_data(true)
                        .build(),
                ])
                .build()
        }
        RollbackAlarm::TargetGroupLatency { p99_seconds } => {
            let id = format!("{color}-latency");
            CloudwatchMetricAlarm::builder(c, &id)
                .alarm_name(c.name(&format!("{base}-{id}")))
                .alarm_description(format!(
                    "Rolls back a deployment of {base} when the {color} target group's p99 response time is above \
                     {p99_seconds} s"
                ))
                .namespace("AWS/ApplicationELB")
                .metric_name("TargetResponseTime")
                .dimensions(dims)
                .extended_statistic("p99")
                .period(60)
                .comparison_operator("GreaterThanThreshold")
                .evaluation_periods(3)
                .datapoints_to_alarm(3)
                .threshold(*p99_seconds)
                .treat_missing_data("notBreaching")
                .build()
        }
        RollbackAlarm::Existing(_) => return None,
    })
}
