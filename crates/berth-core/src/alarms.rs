//! CloudWatch metric alarms: the list and one alarm with its history, creating or updating
//! one with CloudWatch's rules checked first (period, evaluation periods, datapoints to
//! alarm, the look-back cap, comparison, missing data), ready-made alarms on a service's
//! own metrics (CPU, memory, target 5XX, response time), deleting, and the series to chart
//! an alarm's metric with its threshold.

use aws_sdk_cloudwatch::types::{self as cw, ComparisonOperator, Dimension, Statistic};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::metrics::{self, SeriesSpec};
use crate::services;
use crate::validation::FieldError;
use crate::Clients;

pub const COMPARISONS: [&str; 4] =
    ["GreaterThanThreshold", "GreaterThanOrEqualToThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"];
pub const TREATMENTS: [&str; 4] = ["missing", "notBreaching", "breaching", "ignore"];
pub const STATISTICS: [&str; 5] = ["Average", "Sum", "Minimum", "Maximum", "SampleCount"];

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Alarm {
    pub alarm_name: String,
    pub alarm_arn: String,
    pub description: Option<String>,
    /// OK, ALARM or INSUFFICIENT_DATA.
    pub state: String,
    pub state_reason: Option<String>,
    pub state_updated_at: Option<f64>,
    pub namespace: String,
    pub metric_name: String,
    pub dimensions: Vec<(String, String)>,
    pub statistic: String,
    pub period: i32,
    pub evaluation_periods: i32,
    pub datapoints_to_alarm: Option<i32>,
    pub threshold: f64,
    pub comparison: String,
    pub treat_missing_data: String,
    pub alarm_actions: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AlarmHistoryItem {
    pub timestamp: Option<f64>,
    /// ConfigurationUpdate, StateUpdate or Action.
    pub kind: String,
    pub summary: String,
    pub old_state: Option<String>,
    pub new_state: Option<String>,
    pub reason: Option<String>,
}

/// An alarm as the form sends it; PutMetricAlarm creates it or replaces the one of that name.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct NewAlarm {
    pub alarm_name: String,
    #[serde(default)]
    pub description: String,
    pub namespace: String,
    pub metric_name: String,
    pub dimensions: Vec<(String, String)>,
    pub statistic: String,
    pub period: i32,
    pub evaluation_periods: i32,
    pub datapoints_to_alarm: i32,
    pub threshold: f64,
    pub comparison: String,
    pub treat_missing_data: String,
    /// The unit the metric is charted in (Percent, Count, Seconds).
    #[serde(default)]
    pub unit: String,
}

/// A service metric Berth offers ready-made alarms on.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum ServiceMetric {
    Cpu,
    Memory,
    Target5xx,
    ResponseTime,
}

fn time(t: Option<&aws_smithy_types::DateTime>) -> Option<f64> {
    t.map(|t| t.as_secs_f64())
}

impl From<&cw::MetricAlarm> for Alarm {
    fn from(a: &cw::MetricAlarm) -> Self {
        Alarm {
            alarm_name: a.alarm_name().unwrap_or_default().into(),
            alarm_arn: a.alarm_arn().unwrap_or_default().into(),
            description: a.alarm_description().filter(|d| !d.is_empty()).map(str::to_string),
            state: a.state_value().map(|s| s.as_str().to_string()).unwrap_or_default(),
            state_reason: a.state_reason().map(str::to_string),
            state_updated_at: time(a.state_updated_timestamp()),
            namespace: a.namespace().unwrap_or_default().into(),
            metric_name: a.metric_name().unwrap_or_default().into(),
            dimensions: a
                .dimensions()
                .iter()
                .map(|d| (d.name().unwrap_or_default().into(), d.value().unwrap_or_default().into()))
                .collect(),
            statistic: a.statistic().map(|s| s.as_str().to_string()).or(a.extended_statistic().map(str::to_string)).unwrap_or_default(),
            period: a.period().unwrap_or(60),
            evaluation_periods: a.evaluation_periods().unwrap_or(1),
            datapoints_to_alarm: a.datapoints_to_alarm(),
            threshold: a.threshold().unwrap_or(0.0),
            comparison: a.comparison_operator().map(|c| c.as_str().to_string()).unwrap_or_default(),
            treat_missing_data: a.treat_missing_data().unwrap_or("missing").into(),
            alarm_actions: a.alarm_actions().to_vec(),
        }
    }
}

impl NewAlarm {
    /// Every rule the alarm breaks, one per field, as CloudWatch would refuse it.
    pub fn field_errors(&self) -> Vec<FieldError> {
        let mut errors = vec![];
        let name = self.alarm_name.trim();
        if name.is_empty() || name.len() > 255 {
            errors.push(FieldError::new("alarmName", "An alarm name is 1–255 characters."));
        }
        if !(self.period == 10 || self.period == 20 || self.period == 30 || (self.period >= 60 && self.period % 60 == 0)) {
            errors.push(FieldError::new("period", "A period is 10, 20 or 30 seconds, or a multiple of 60."));
        }
        if self.evaluation_periods < 1 {
            errors.push(FieldError::new("evaluationPeriods", "Evaluate at least 1 period."));
        } else {
            let range = i64::from(self.period) * i64::from(self.evaluation_periods);
            let cap = if self.period < 3600 { 86_400 } else { 604_800 };
            if range > cap {
                errors.push(FieldError::new(
                    "evaluationPeriods",
                    format!(
                        "Period × evaluation periods is {range} s; CloudWatch looks back at most {} with a period {} an hour.",
                        if cap == 86_400 { "one day" } else { "seven days" },
                        if self.period < 3600 { "under" } else { "of at least" }
                    ),
                ));
            }
        }
        if self.datapoints_to_alarm < 1 || self.datapoints_to_alarm > self.evaluation_periods.max(1) {
            errors.push(FieldError::new(
                "datapointsToAlarm",
                "Datapoints to alarm is 1 to the number of evaluation periods (CloudWatch: DatapointsToAlarm must be less than or equal to EvaluationPeriods).",
            ));
        }
        if !self.threshold.is_finite() {
            errors.push(FieldError::new("threshold", "The threshold is a number."));
        }
        if !COMPARISONS.contains(&self.comparison.as_str()) {
            errors
                .push(FieldError::new("comparison", "Choose greater than, greater than or equal to, less than, or less than or equal to."));
        }
        if !TREATMENTS.contains(&self.treat_missing_data.as_str()) {
            errors.push(FieldError::new("treatMissingData", "Missing data is treated as missing, not breaching, breaching, or ignored."));
        }
        if !STATISTICS.contains(&self.statistic.as_str()) {
            errors.push(FieldError::new("statistic", "Choose Average, Sum, Minimum, Maximum or SampleCount."));
        }
        if self.metric_name.trim().is_empty() || self.namespace.trim().is_empty() {
            errors.push(FieldError::new("metricName", "Choose the metric to watch."));
        }
        errors
    }

    /// The series that charts this alarm's metric as CloudWatch judges it.
    pub fn series(&self, id: &str) -> SeriesSpec {
        let unit = if self.unit.is_empty() { unit_of(&self.metric_name) } else { &self.unit };
        metric_series(id, &self.namespace, &self.metric_name, &self.dimensions, &self.statistic, unit)
    }

    /// `aws cloudwatch put-metric-alarm …` for this alarm.
    pub fn cli(&self, clients: &Clients) -> String {
        let dims: Vec<String> = self.dimensions.iter().map(|(k, v)| format!("Name={k},Value={v}")).collect();
        format!(
            "aws cloudwatch put-metric-alarm --alarm-name {} --namespace {} --metric-name {}{} --statistic {} --period {} --evaluation-periods {} --datapoints-to-alarm {} --threshold {} --comparison-operator {} --treat-missing-data {}{}",
            self.alarm_name,
            self.namespace,
            self.metric_name,
            if dims.is_empty() { String::new() } else { format!(" --dimensions {}", dims.join(" ")) },
            self.statistic,
            self.period,
            self.evaluation_periods,
            self.datapoints_to_alarm,
            self.threshold,
            self.comparison,
            self.treat_missing_data,
            clients.cli_target()
        )
    }
}

/// The unit a metric is charted in: Percent for utilisation, Seconds for response time.
pub fn unit_of(metric_name: &str) -> &'static str {
    if metric_name.ends_with("Utilization") || metric_name.ends_with("Reservation") {
        "Percent"
    } else if metric_name == "TargetResponseTime" {
        "Seconds"
    } else {
        "Count"
    }
}

fn metric_series(id: &str, namespace: &str, metric: &str, dimensions: &[(String, String)], stat: &str, unit: &str) -> SeriesSpec {
    SeriesSpec {
        id: id.into(),
        label: metric.into(),
        namespace: namespace.into(),
        metric_name: metric.into(),
        dimensions: dimensions.to_vec(),
        stat: stat.into(),
        unit: unit.into(),
    }
}

impl Alarm {
    /// The series that charts the alarm's metric with the alarm's statistic.
    pub fn series(&self, id: &str) -> SeriesSpec {
        metric_series(id, &self.namespace, &self.metric_name, &self.dimensions, &self.statistic, unit_of(&self.metric_name))
    }
}

/// A ready-made alarm on one of the service's own metrics, to adjust before creating it.
/// Load balancer metrics need the service to be behind a target group.
pub async fn service_alarm_template(clients: &Clients, cluster: &str, service: &str, metric: ServiceMetric) -> Result<NewAlarm> {
    let s = services::describe(clients, cluster, service).await?;
    let specs = metrics::service_series(clients, &s, "a").await?;
    let (metric_name, stat, threshold, treatment, suffix) = match metric {
        ServiceMetric::Cpu => ("CPUUtilization", "Average", 80.0, "missing", "cpu-high"),
        ServiceMetric::Memory => ("MemoryUtilization", "Average", 80.0, "missing", "memory-high"),
        // No requests, no errors: a quiet minute is a good one.
        ServiceMetric::Target5xx => ("HTTPCode_Target_5XX_Count", "Sum", 10.0, "notBreaching", "5xx"),
        ServiceMetric::ResponseTime => ("TargetResponseTime", "Average", 1.0, "notBreaching", "slow"),
    };
    let mut spec = specs.into_iter().find(|x| x.metric_name == metric_name && x.stat == stat).ok_or_else(|| {
        CoreError::Invalid(FieldError::new(
            "metric",
            "This service has no load balancer, so it has no target 5XX or response time metrics.",
        ))
    })?;
    // Blue/green, linear and canary move the service between two target groups: its 5XX
    // alarm watches the whole load balancer, so it sees green's errors as well as blue's.
    if s.strategy.shifts_traffic() && metric == ServiceMetric::Target5xx {
        spec.dimensions.retain(|(k, _)| k == "LoadBalancer");
    }
    Ok(NewAlarm {
        alarm_name: format!("{service}-{suffix}"),
        description: format!("Berth: {} of service {service} in cluster {cluster}", spec.label),
        namespace: spec.namespace,
        metric_name: spec.metric_name,
        dimensions: spec.dimensions,
        statistic: stat.into(),
        period: 60,
        evaluation_periods: 1,
        datapoints_to_alarm: 1,
        threshold,
        comparison: "GreaterThanThreshold".into(),
        treat_missing_data: treatment.into(),
        unit: spec.unit,
    })
}

pub async fn list(clients: &Clients) -> Result<Vec<Alarm>> {
    let mut out = vec![];
    let mut token = None;
    loop {
        let page = clients
            .cloudwatch
            .describe_alarms()
            .max_records(100)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| CoreError::from_sdk("DescribeAlarms", e))?;
        out.extend(page.metric_alarms().iter().map(Alarm::from));
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            return Ok(out);
        }
    }
}

pub async fn describe(clients: &Clients, name: &str) -> Result<Alarm> {
    let out = clients.cloudwatch.describe_alarms().alarm_names(name).send().await.map_err(|e| CoreError::from_sdk("DescribeAlarms", e))?;
    out.metric_alarms().first().map(Alarm::from).ok_or_else(|| CoreError::Aws {
        code: "ResourceNotFound".into(),
        message: format!("There is no alarm named {name}."),
        operation: "DescribeAlarms",
    })
}

/// The alarm's history, newest first (one page of up to 100 items).
pub async fn history(clients: &Clients, name: &str) -> Result<Vec<AlarmHistoryItem>> {
    let out = clients
        .cloudwatch
        .describe_alarm_history()
        .alarm_name(name)
        .max_records(100)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DescribeAlarmHistory", e))?;
    Ok(out
        .alarm_history_items()
        .iter()
        .map(|i| {
            let data: serde_json::Value = i.history_data().and_then(|d| serde_json::from_str(d).ok()).unwrap_or_default();
            let state = |side: &str| data[side]["stateValue"].as_str().map(str::to_string);
            AlarmHistoryItem {
                timestamp: time(i.timestamp()),
                kind: i.history_item_type().map(|k| k.as_str().to_string()).unwrap_or_default(),
                summary: i.history_summary().unwrap_or_default().into(),
                old_state: state("oldState"),
                new_state: state("newState"),
                reason: data["newState"]["stateReason"].as_str().map(str::to_string),
            }
        })
        .collect())
}

pub async fn put(clients: &Clients, alarm: &NewAlarm) -> Result<Alarm> {
    put_with_actions(clients, alarm, &[]).await
}

/// The alarm calling `actions` (a step-scaling policy's ARN, say) when it goes into ALARM.
pub async fn put_with_actions(clients: &Clients, alarm: &NewAlarm, actions: &[String]) -> Result<Alarm> {
    if let Some(e) = alarm.field_errors().into_iter().next() {
        return Err(e.into());
    }
    clients
        .cloudwatch
        .put_metric_alarm()
        .alarm_name(alarm.alarm_name.trim())
        .alarm_description(&alarm.description)
        .namespace(&alarm.namespace)
        .metric_name(&alarm.metric_name)
        .set_dimensions(Some(alarm.dimensions.iter().map(|(k, v)| Dimension::builder().name(k).value(v).build()).collect()))
        .statistic(Statistic::from(alarm.statistic.as_str()))
        .period(alarm.period)
        .evaluation_periods(alarm.evaluation_periods)
        .datapoints_to_alarm(alarm.datapoints_to_alarm)
        .threshold(alarm.threshold)
        .comparison_operator(ComparisonOperator::from(alarm.comparison.as_str()))
        .treat_missing_data(&alarm.treat_missing_data)
        .set_alarm_actions((!actions.is_empty()).then(|| actions.to_vec()))
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("PutMetricAlarm", e))?;
    describe(clients, alarm.alarm_name.trim()).await
}

pub async fn delete(clients: &Clients, name: &str) -> Result<()> {
    clients.cloudwatch.delete_alarms().alarm_names(name).send().await.map_err(|e| CoreError::from_sdk("DeleteAlarms", e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alarm() -> NewAlarm {
        NewAlarm {
            alarm_name: "web-5xx".into(),
            description: String::new(),
            namespace: "AWS/ApplicationELB".into(),
            metric_name: "HTTPCode_Target_5XX_Count".into(),
            dimensions: vec![],
            statistic: "Sum".into(),
            period: 60,
            evaluation_periods: 3,
            datapoints_to_alarm: 2,
            threshold: 10.0,
            comparison: "GreaterThanThreshold".into(),
            treat_missing_data: "notBreaching".into(),
            unit: "Count".into(),
        }
    }

    fn fields(a: &NewAlarm) -> Vec<String> {
        a.field_errors().into_iter().map(|e| e.field).collect::<Vec<_>>()
    }

    #[test]
    fn an_alarm_follows_cloudwatchs_rules() {
        assert!(fields(&alarm()).is_empty());
        assert_eq!(fields(&NewAlarm { datapoints_to_alarm: 4, ..alarm() }), vec!["datapointsToAlarm"]);
        assert_eq!(fields(&NewAlarm { period: 45, ..alarm() }), vec!["period"]);
        assert!(fields(&NewAlarm { period: 20, ..alarm() }).is_empty(), "20 s is a valid high-resolution period");
        assert_eq!(fields(&NewAlarm { evaluation_periods: 1441, datapoints_to_alarm: 1, ..alarm() }), vec!["evaluationPeriods"]);
        assert!(fields(&NewAlarm { period: 3600, evaluation_periods: 168, datapoints_to_alarm: 1, ..alarm() }).is_empty());
        assert_eq!(fields(&NewAlarm { treat_missing_data: "sometimes".into(), ..alarm() }), vec!["treatMissingData"]);
        assert_eq!(fields(&NewAlarm { threshold: f64::NAN, ..alarm() }), vec!["threshold"]);
    }
}
