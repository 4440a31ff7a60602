//! [`SuccessRateAnalysis`]: an Argo Rollouts `AnalysisTemplate` that measures the HTTP success rate of a
//! service in Prometheus, used before a blue/green promotion.

use serde_json::{json, Value};

/// The HTTP success rate a new version must keep before promotion, measured in Prometheus.
///
/// The template takes one argument, `service-name` (the preview service, filled in by the Rollout), and
/// measures the share of requests to it that are not 5xx: `count` times, `interval` apart; the analysis
/// fails (and the Rollout aborts) once more than `failure_limit` measurements fall below `min_success_rate`.
///
/// ```
/// use konductor_aws::rollouts::SuccessRateAnalysis;
/// let analysis = SuccessRateAnalysis::new("http://prometheus.monitoring:9090").min_success_rate(0.995);
/// assert_eq!(analysis.success_condition(), "result[0] >= 0.995");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SuccessRateAnalysis {
    pub(crate) prometheus: String,
    pub(crate) min_success_rate: f64,
    pub(crate) interval: String,
    pub(crate) count: u32,
    pub(crate) failure_limit: u32,
    pub(crate) metric: String,
}

impl SuccessRateAnalysis {
    /// 99 % success over 5 one-minute measurements, at most one failure, from the Prometheus at `address`
    /// (`http_requests_total` with `service` and `code` labels).
    pub fn new(address: impl Into<String>) -> Self {
        SuccessRateAnalysis {
            prometheus: address.into(),
            min_success_rate: 0.99,
            interval: "1m".to_string(),
            count: 5,
            failure_limit: 1,
            metric: "http_requests_total".to_string(),
        }
    }

    /// The least share of non-5xx answers, between 0 and 1 (default 0.99).
    pub fn min_success_rate(mut self, rate: f64) -> Self {
        self.min_success_rate = rate;
        self
    }

    /// How many measurements, and how far apart (default 5, `1m`).
    pub fn measurements(mut self, count: u32, interval: impl Into<String>) -> Self {
        self.count = count;
        self.interval = interval.into();
        self
    }

    /// The Prometheus counter of requests, with `service` and `code` labels (default `http_requests_total`).
    pub fn metric(mut self, metric: impl Into<String>) -> Self {
        self.metric = metric.into();
        self
    }

    /// Argo's `successCondition`.
    pub fn success_condition(&self) -> String {
        format!("result[0] >= {}", self.min_success_rate)
    }

    /// The PromQL query, with Argo's `{{args.service-name}}` placeholder.
    pub fn query(&self) -> String {
        let m = &self.metric;
        format!(
            "sum(rate({m}{{service=\"{{{{args.service-name}}}}\",code!~\"5..\"}}[{i}])) / \
             sum(rate({m}{{service=\"{{{{args.service-name}}}}\"}}[{i}]))",
            i = self.interval
        )
    }

    /// The `AnalysisTemplate` manifest named `name` in `namespace`.
    pub(crate) fn manifest(&self, name: &str, namespace: &str, labels: &Value) -> Value {
        json!({
            "apiVersion": "argoproj.io/v1alpha1",
            "kind": "AnalysisTemplate",
            "metadata": { "name": name, "namespace": namespace, "labels": labels },
            "spec": {
                "args": [{ "name": "service-name" }],
                "metrics": [{
                    "name": "success-rate",
                    "interval": self.interval,
                    "count": self.count,
                    "failureLimit": self.failure_limit,
                    "successCondition": self.success_condition(),
                    "provider": { "prometheus": { "address": self.prometheus, "query": self.query() } }
                }]
            }
        })
    }
}
