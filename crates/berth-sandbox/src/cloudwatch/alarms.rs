//! CloudWatch metric alarms: PutMetricAlarm with CloudWatch's checks, DescribeAlarms,
//! DescribeAlarmHistory, DeleteAlarms and SetAlarmState, and each alarm's evaluation every
//! 10 simulated seconds from the sandbox's own metrics: its period, evaluation periods,
//! datapoints to alarm (M of N, not necessarily in a row), comparison and missing-data
//! treatment, with state changes kept as history items in CloudWatch's shape.

use serde_json::{json, Value};

use super::{check_period, dimension_json, dimensions, invalid, metric_key, missing, statistic, valid_stat, CloudWatch};
use crate::error::AwsError;
use crate::util::{self, Input};

/// History items kept per alarm (CloudWatch keeps 30 days; the sandbox keeps the newest).
const HISTORY_PER_ALARM: usize = 200;
const OPERATORS: [&str; 4] = ["GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"];
const ANOMALY_OPERATORS: [&str; 3] = ["LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "GreaterThanUpperThreshold"];
const TREATMENTS: [&str; 4] = ["breaching", "notBreaching", "ignore", "missing"];

fn validation(message: impl Into<String>) -> AwsError {
    AwsError::client("ValidationError", message)
}

fn not_found(message: String) -> AwsError {
    AwsError::client("ResourceNotFound", message)
}

fn breaches(operator: &str, value: f64, threshold: f64) -> bool {
    match operator {
        "GreaterThanOrEqualToThreshold" => value >= threshold,
        "GreaterThanThreshold" => value > threshold,
        "LessThanThreshold" => value < threshold,
        _ => value <= threshold,
    }
}

fn operator_words(operator: &str) -> &'static str {
    match operator {
        "GreaterThanOrEqualToThreshold" => "greater than or equal to",
        "GreaterThanThreshold" => "greater than",
        "LessThanThreshold" => "less than",
        _ => "less than or equal to",
    }
}

/// `dd/MM/yy HH:mm:ss`, as CloudWatch's state reasons show a datapoint's time.
fn reason_time(epoch: f64) -> String {
    let iso = util::iso8601(epoch);
    // iso: YYYY-MM-DDTHH:MM:SS…
    format!("{}/{}/{} {}", &iso[8..10], &iso[5..7], &iso[2..4], &iso[11..19])
}

/// What one evaluation concludes: the new state, its reason and the reason's data.
struct Verdict {
    state: &'static str,
    reason: String,
    data: Value,
}

/// Evaluates datapoints, most recent first, each `(bucket start, value)` with `None` for a
/// period without data, against the alarm's rules. `lookback` holds more periods than the
/// evaluation range: when it has at least N real datapoints the newest N are judged and
/// missing data does not matter; otherwise the N-period range is judged with its missing
/// points treated as the alarm says (alarms-and-missing-data).
fn judge(alarm: &Value, lookback: &[(f64, Option<f64>)], current: &str) -> Option<Verdict> {
    let n = alarm["EvaluationPeriods"].as_u64().unwrap_or(1) as usize;
    let m = alarm["DatapointsToAlarm"].as_u64().map(|m| m as usize).unwrap_or(n);
    let threshold = alarm["Threshold"].as_f64().unwrap_or(0.0);
    let operator = alarm["ComparisonOperator"].as_str().unwrap_or("GreaterThanThreshold");
    let treatment = alarm["TreatMissingData"].as_str().unwrap_or("missing");
    let real: Vec<(f64, f64)> = lookback.iter().filter_map(|(t, v)| v.map(|v| (*t, v))).collect();
    // (time, value or None, breaching) for each datapoint that counts.
    let points: Vec<(f64, Option<f64>, bool)> = if real.len() >= n {
        real.iter().take(n).map(|(t, v)| (*t, Some(*v), breaches(operator, *v, threshold))).collect()
    } else {
        lookback
            .iter()
            .take(n)
            .filter_map(|(t, v)| match (v, treatment) {
                (Some(v), _) => Some((*t, Some(*v), breaches(operator, *v, threshold))),
                (None, "breaching") => Some((*t, None, true)),
                (None, "notBreaching") => Some((*t, None, false)),
                (None, _) => None,
            })
            .collect()
    };
    if points.is_empty() {
        return match treatment {
            "ignore" => None,
            _ => Some(Verdict {
                state: "INSUFFICIENT_DATA",
                reason: format!(
                    "Insufficient Data: {n} datapoint{} {} unknown.",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "was" } else { "were" }
                ),
                data: json!({"version": "1.0", "queryDate": util::iso8601(util::now()), "statistic": alarm["Statistic"], "period": alarm["Period"], "recentDatapoints": [], "threshold": threshold}),
            }),
        };
    }
    let breaching = points.iter().filter(|p| p.2).count();
    let state = if breaching >= m { "ALARM" } else { "OK" };
    let shown: Vec<String> = points
        .iter()
        .filter(|p| p.2 == (state == "ALARM"))
        .map(|(t, v, _)| match v {
            Some(v) => format!("{v:.1} ({})", reason_time(*t)),
            None => format!("missing ({})", reason_time(*t)),
        })
        .collect();
    let words = operator_words(operator);
    let reason = if state == "ALARM" {
        format!(
            "Threshold Crossed: {breaching} out of the last {} datapoints [{}] {} {words} the threshold ({threshold:.1}) (minimum {m} datapoint{} for {current} -> ALARM transition).",
            points.len(),
            shown.join(", "),
            if breaching == 1 { "was" } else { "were" },
            if m == 1 { "" } else { "s" },
        )
    } else {
        let ok = points.len() - breaching;
        format!(
            "Threshold Crossed: {ok} datapoint{} [{}] {} not {words} the threshold ({threshold:.1}).",
            if ok == 1 { "" } else { "s" },
            shown.join(", "),
            if ok == 1 { "was" } else { "were" }
        )
    };
    let recent: Vec<Value> = points.iter().filter_map(|(_, v, _)| v.map(|v| json!(v))).collect();
    let data = json!({
        "version": "1.0",
        "queryDate": util::iso8601(util::now()),
        "startDate": util::iso8601(points.last().map(|p| p.0).unwrap_or_default()),
        "statistic": alarm["Statistic"],
        "period": alarm["Period"],
        "recentDatapoints": recent,
        "threshold": threshold,
        "evaluatedDatapoints": points.iter().map(|(t, v, _)| json!({"timestamp": util::iso8601(*t), "value": v})).collect::<Vec<_>>(),
    });
    Some(Verdict { state, reason, data })
}

impl CloudWatch {
    fn alarm_history_item(&mut self, name: &str, t: f64, kind: &str, summary: String, data: Value) {
        self.next_history += 1;
        let key = format!("{name}\n{:016x}", u64::MAX - self.next_history);
        self.alarm_history.insert(
            key,
            json!({"AlarmName": name, "AlarmType": "MetricAlarm", "Timestamp": t, "HistoryItemType": kind, "HistorySummary": summary, "HistoryData": data.to_string()}),
        );
        let prefix = format!("{name}\n");
        let old: Vec<String> = self
            .alarm_history
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .skip(HISTORY_PER_ALARM)
            .map(|(k, _)| k.clone())
            .collect();
        for k in old {
            self.alarm_history.remove(&k);
        }
    }

    fn set_state(&mut self, name: &str, t: f64, state: &str, reason: String, data: Value) {
        let Some(alarm) = self.alarms.get(name) else { return };
        let old_state = alarm["StateValue"].as_str().unwrap_or("INSUFFICIENT_DATA").to_string();
        let old_reason = alarm["StateReason"].clone();
        let history = json!({
            "version": "1.0",
            "oldState": {"stateValue": old_state, "stateReason": old_reason},
            "newState": {"stateValue": state, "stateReason": reason, "stateReasonData": data},
        });
        if let Some(alarm) = self.alarms.get_mut(name) {
            alarm["StateValue"] = json!(state);
            alarm["StateReason"] = json!(reason);
            alarm["StateReasonData"] = json!(data.to_string());
            alarm["StateUpdatedTimestamp"] = json!(t);
            if old_state != state {
                alarm["StateTransitionedTimestamp"] = json!(t);
            }
        }
        self.alarm_history_item(name, t, "StateUpdate", format!("Alarm updated from {old_state} to {state}"), history);
    }

    /// Every alarm whose period has just ended is judged; true when a state changed.
    pub fn evaluate_alarms(&mut self, t: f64) -> bool {
        let mut changes = vec![];
        for (name, alarm) in self.alarms.iter() {
            let period = alarm["Period"].as_i64().unwrap_or(60).max(10);
            if (t as i64) % period.min(60) != 0 {
                continue;
            }
            let n = alarm["EvaluationPeriods"].as_u64().unwrap_or(1) as usize;
            // The newest complete period ends at the last multiple of the period.
            let end = ((t as i64) / period * period) as f64;
            let stat = alarm["Statistic"].as_str().or(alarm["ExtendedStatistic"].as_str()).unwrap_or("Average");
            let dims: Vec<(String, String)> = alarm["Dimensions"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|d| (d["Name"].as_str().unwrap_or_default().to_string(), d["Value"].as_str().unwrap_or_default().to_string()))
                .collect();
            let key = metric_key(alarm["Namespace"].as_str().unwrap_or_default(), alarm["MetricName"].as_str().unwrap_or_default(), &dims);
            let metric = self.metrics.get(&key);
            let lookback: Vec<(f64, Option<f64>)> = (0..2 * n)
                .map(|i| {
                    let start = end - ((i + 1) as i64 * period) as f64;
                    let value = metric.and_then(|m| {
                        let from = m.samples.partition_point(|x| x.0 < start);
                        let to = m.samples.partition_point(|x| x.0 < start + period as f64);
                        statistic(&m.samples[from..to.max(from)], stat)
                    });
                    (start, value)
                })
                .collect();
            let current = alarm["StateValue"].as_str().unwrap_or("INSUFFICIENT_DATA");
            if let Some(v) = judge(alarm, &lookback, current) {
                if v.state != current {
                    changes.push((name.clone(), v));
                }
            }
        }
        let changed = !changes.is_empty();
        for (name, v) in changes {
            self.set_state(&name, t, v.state, v.reason, v.data);
        }
        changed
    }

    /// The state of each alarm by name, for ECS's deployment alarms and scaling policies.
    pub fn alarm_state(&self, name: &str) -> Option<&str> {
        self.alarms.get(name).and_then(|a| a["StateValue"].as_str())
    }

    /// Period × evaluation periods of an alarm, in seconds: the time it looks back.
    pub fn alarm_span(&self, name: &str) -> Option<f64> {
        let a = self.alarms.get(name)?;
        Some(a["Period"].as_f64()? * a["EvaluationPeriods"].as_f64()?)
    }

    /// Alarms in ALARM with actions enabled: (name, AlarmActions, how far the newest judged
    /// datapoint is past the threshold), for step-scaling policies.
    pub fn alarms_firing(&self) -> Vec<(String, Vec<String>, f64)> {
        self.alarms
            .iter()
            .filter(|(_, a)| a["StateValue"] == "ALARM" && a["ActionsEnabled"] != false)
            .map(|(n, a)| {
                let data: Value = a["StateReasonData"].as_str().and_then(|d| serde_json::from_str(d).ok()).unwrap_or_default();
                let latest = data["recentDatapoints"][0].as_f64().unwrap_or_else(|| a["Threshold"].as_f64().unwrap_or(0.0));
                let actions = a["AlarmActions"].as_array().into_iter().flatten().filter_map(|x| x.as_str().map(String::from)).collect();
                (n.clone(), actions, latest - a["Threshold"].as_f64().unwrap_or(0.0))
            })
            .collect()
    }

    pub(super) fn put_metric_alarm(&mut self, region: &str, input: Input<'_>) -> Result<Value, AwsError> {
        let name = input.str("AlarmName")?.ok_or_else(|| missing("AlarmName"))?;
        if name.is_empty() || name.len() > 255 {
            return Err(validation("The parameter AlarmName must be 1 to 255 characters long."));
        }
        let operator = input.str("ComparisonOperator")?.ok_or_else(|| missing("ComparisonOperator"))?;
        if ANOMALY_OPERATORS.contains(&operator) {
            return Err(validation(format!(
                "The sandbox does not run anomaly detection; {operator} needs a ThresholdMetricId it cannot evaluate."
            )));
        }
        if !OPERATORS.contains(&operator) {
            return Err(validation(format!("The value {operator} for parameter ComparisonOperator is not valid.")));
        }
        let n = input.int("EvaluationPeriods")?.ok_or_else(|| missing("EvaluationPeriods"))?;
        if n < 1 {
            return Err(validation(format!("The parameter EvaluationPeriods must be at least 1; got {n}.")));
        }
        let m = input.int("DatapointsToAlarm")?;
        if let Some(m) = m {
            if m < 1 {
                return Err(validation(format!("The parameter DatapointsToAlarm must be at least 1; got {m}.")));
            }
            if m > n {
                return Err(validation("DatapointsToAlarm must be less than or equal to EvaluationPeriods"));
            }
        }
        if input.has("Metrics") {
            return Err(validation(
                "The sandbox evaluates alarms on one metric (MetricName); metric math alarms (Metrics) are not supported.",
            ));
        }
        let metric_name = input.str("MetricName")?.ok_or_else(|| missing("MetricName"))?;
        let namespace = input.str("Namespace")?.ok_or_else(|| missing("Namespace"))?;
        let (stat, extended) = (input.str("Statistic")?, input.str("ExtendedStatistic")?);
        match (stat, extended) {
            (Some(_), Some(_)) => {
                return Err(super::combination("Exactly one of the parameters Statistic and ExtendedStatistic must be specified.".into()))
            }
            (None, None) => {
                return Err(super::combination("One of the parameters Statistic and ExtendedStatistic must be specified.".into()))
            }
            (Some(s), None) if !matches!(s, "SampleCount" | "Average" | "Sum" | "Minimum" | "Maximum") => {
                return Err(invalid(format!("The value {s} for parameter Statistic is not a valid statistic.")))
            }
            (None, Some(e)) if !(e.starts_with('p') && valid_stat(e)) => {
                return Err(invalid(format!("The value {e} for parameter ExtendedStatistic is not a valid percentile.")))
            }
            _ => {}
        }
        let period = input.int("Period")?.ok_or_else(|| missing("Period"))?;
        check_period(period, "Period")?;
        if period < 10 {
            return Err(validation(format!("The parameter Period must be 10, 20, 30 or a multiple of 60 for an alarm; got {period}.")));
        }
        let range = period.saturating_mul(n);
        let cap = if period < 3600 { 86_400 } else { 604_800 };
        if range > cap {
            return Err(validation(format!(
                "Period ({period}) times EvaluationPeriods ({n}) is {range} seconds; an alarm may look back at most {cap} seconds{}.",
                if period < 3600 { " when its period is under an hour" } else { "" }
            )));
        }
        let threshold = input.float("Threshold")?.ok_or_else(|| missing("Threshold"))?;
        if !threshold.is_finite() {
            return Err(invalid("The parameter Threshold must be a finite number.".into()));
        }
        let treatment = input.str("TreatMissingData")?.unwrap_or("missing");
        if !TREATMENTS.contains(&treatment) {
            return Err(validation(format!(
                "The value {treatment} for parameter TreatMissingData is not valid: use breaching, notBreaching, ignore or missing."
            )));
        }
        let dims = dimensions(&input, "Dimensions")?;
        let actions = |field: &str| -> Result<Vec<String>, AwsError> {
            let list = input.str_list(field)?;
            if list.len() > 5 {
                return Err(validation(format!("The collection {field} must not have more than 5 members.")));
            }
            Ok(list.into_iter().map(String::from).collect())
        };
        let t = util::now();
        let existing = self.alarms.get(name).cloned();
        let mut alarm = json!({
            "AlarmName": name,
            "AlarmArn": util::arn("cloudwatch", region, &format!("alarm:{name}")),
            "AlarmDescription": input.str("AlarmDescription")?.unwrap_or_default(),
            "AlarmConfigurationUpdatedTimestamp": t,
            "ActionsEnabled": input.bool("ActionsEnabled")?.unwrap_or(true),
            "OKActions": actions("OKActions")?,
            "AlarmActions": actions("AlarmActions")?,
            "InsufficientDataActions": actions("InsufficientDataActions")?,
            "StateValue": "INSUFFICIENT_DATA",
            "StateReason": "Unchecked: Initial alarm creation",
            "StateUpdatedTimestamp": t,
            "StateTransitionedTimestamp": t,
            "MetricName": metric_name,
            "Namespace": namespace,
            "Dimensions": dimension_json(&dims),
            "Period": period,
            "EvaluationPeriods": n,
            "Threshold": threshold,
            "ComparisonOperator": operator,
            "TreatMissingData": treatment,
        });
        if let Some(s) = stat {
            alarm["Statistic"] = json!(s);
        }
        if let Some(e) = extended {
            alarm["ExtendedStatistic"] = json!(e);
        }
        if let Some(m) = m {
            alarm["DatapointsToAlarm"] = json!(m);
        }
        if let Some(u) = input.str("Unit")? {
            alarm["Unit"] = json!(u);
        }
        let summary = match &existing {
            // An update keeps the alarm's state until it is next evaluated.
            Some(old) => {
                for f in ["StateValue", "StateReason", "StateReasonData", "StateUpdatedTimestamp", "StateTransitionedTimestamp"] {
                    if !old[f].is_null() {
                        alarm[f] = old[f].clone();
                    }
                }
                format!("Alarm \"{name}\" updated")
            }
            None => format!("Alarm \"{name}\" created"),
        };
        let history =
            json!({"version": "1.0", "type": if existing.is_some() { "Update" } else { "Create" }, "updatedAlarm": alarm.clone()});
        self.alarms.insert(name.to_string(), alarm);
        self.alarm_history_item(name, t, "ConfigurationUpdate", summary, history);
        Ok(json!({}))
    }

    pub(super) fn describe_alarms(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let names = input.str_list("AlarmNames")?;
        if names.len() > 100 {
            return Err(validation("The collection AlarmNames must not have more than 100 members."));
        }
        let prefix = input.str("AlarmNamePrefix")?;
        if prefix.is_some() && !names.is_empty() {
            return Err(super::combination("AlarmNames and AlarmNamePrefix cannot be given together.".into()));
        }
        let state = input.str("StateValue")?;
        if let Some(s) = state {
            if !matches!(s, "OK" | "ALARM" | "INSUFFICIENT_DATA") {
                return Err(validation(format!("The value {s} for parameter StateValue is not valid.")));
            }
        }
        let types = input.str_list("AlarmTypes")?;
        // Alarms with an action starting so, as a step-scaling policy finds the alarms calling it.
        let action = input.str("ActionPrefix")?;
        let max = match input.int("MaxRecords")? {
            None => 50,
            Some(n) if (1..=100).contains(&n) => n as usize,
            Some(n) => return Err(validation(format!("The parameter MaxRecords must be between 1 and 100; got {n}."))),
        };
        let metric_alarms = types.is_empty() || types.contains(&"MetricAlarm");
        let matching = self.alarms.iter().filter(|(name, a)| {
            metric_alarms
                && (names.is_empty() || names.contains(&name.as_str()))
                && prefix.is_none_or(|p| name.starts_with(p))
                && state.is_none_or(|s| a["StateValue"] == s)
                && action.is_none_or(|p| {
                    ["AlarmActions", "OKActions", "InsufficientDataActions"]
                        .iter()
                        .any(|k| a[*k].as_array().into_iter().flatten().any(|x| x.as_str().is_some_and(|x| x.starts_with(p))))
                })
        });
        let (page, next) = util::page(matching, |(k, _)| k.as_str(), input.str("NextToken")?, max, invalid)?;
        let alarms: Vec<&Value> = page.into_iter().map(|(_, a)| a).collect();
        Ok(json!({"MetricAlarms": alarms, "CompositeAlarms": [], "NextToken": next}))
    }

    pub(super) fn describe_alarm_history(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = input.str("AlarmName")?;
        let kind = input.str("HistoryItemType")?;
        if let Some(k) = kind {
            if !matches!(k, "ConfigurationUpdate" | "StateUpdate" | "Action") {
                return Err(validation(format!("The value {k} for parameter HistoryItemType is not valid.")));
            }
        }
        let (start, end) = (input.time("StartDate")?, input.time("EndDate")?);
        let max = match input.int("MaxRecords")? {
            None => 100,
            Some(n) if (1..=100).contains(&n) => n as usize,
            Some(n) => return Err(validation(format!("The parameter MaxRecords must be between 1 and 100; got {n}."))),
        };
        let ascending = match input.str("ScanBy")? {
            None | Some("TimestampDescending") => false,
            Some("TimestampAscending") => true,
            Some(other) => return Err(validation(format!("The value {other} for parameter ScanBy is not valid."))),
        };
        let mut items: Vec<&Value> = self
            .alarm_history
            .iter()
            .filter(|(k, _)| name.is_none_or(|n| k.split('\n').next() == Some(n)))
            .map(|(_, v)| v)
            .filter(|v| {
                let at = v["Timestamp"].as_f64().unwrap_or(0.0);
                kind.is_none_or(|k| v["HistoryItemType"] == k) && start.is_none_or(|s| at >= s) && end.is_none_or(|e| at <= e)
            })
            .collect();
        items.sort_by(|a, b| {
            let (x, y) = (a["Timestamp"].as_f64().unwrap_or(0.0), b["Timestamp"].as_f64().unwrap_or(0.0));
            if ascending {
                x.total_cmp(&y)
            } else {
                y.total_cmp(&x)
            }
        });
        // The token is the position in this order; history only grows at its newest end.
        let skip = match input.str("NextToken")? {
            None | Some("") => 0,
            Some(t) => {
                util::decode_token(t).and_then(|s| s.parse::<usize>().ok()).ok_or_else(|| invalid("The nextToken is invalid.".into()))?
            }
        };
        let page: Vec<&Value> = items.iter().skip(skip).take(max).copied().collect();
        let next = (skip + page.len() < items.len()).then(|| util::encode_token(&(skip + page.len()).to_string()));
        Ok(json!({"AlarmHistoryItems": page, "NextToken": next}))
    }

    pub(super) fn delete_alarms(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let names = input.str_list("AlarmNames")?;
        if names.len() > 100 {
            return Err(validation("The collection AlarmNames must not have more than 100 members."));
        }
        let unknown: Vec<&str> = names.iter().copied().filter(|n| !self.alarms.contains_key(*n)).collect();
        if !unknown.is_empty() {
            return Err(not_found(format!("The following alarms were not found: [{}]", unknown.join(", "))));
        }
        for n in names {
            self.alarms.remove(n);
            let prefix = format!("{n}\n");
            self.alarm_history.retain(|k, _| !k.starts_with(&prefix));
        }
        Ok(json!({}))
    }

    pub(super) fn set_alarm_state(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = input.str("AlarmName")?.ok_or_else(|| missing("AlarmName"))?;
        let state = input.str("StateValue")?.ok_or_else(|| missing("StateValue"))?;
        let reason = input.str("StateReason")?.ok_or_else(|| missing("StateReason"))?;
        let state: &'static str = match state {
            "OK" => "OK",
            "ALARM" => "ALARM",
            "INSUFFICIENT_DATA" => "INSUFFICIENT_DATA",
            other => return Err(validation(format!("The value {other} for parameter StateValue is not valid."))),
        };
        let data = match input.str("StateReasonData")? {
            Some(d) => serde_json::from_str(d).map_err(|_| invalid("The parameter StateReasonData must be JSON.".into()))?,
            None => json!({}),
        };
        if !self.alarms.contains_key(name) {
            return Err(not_found(format!("Alarm {name} not found")));
        }
        // The state holds until the next evaluation judges the alarm again, as in CloudWatch.
        self.set_state(name, util::now(), state, reason.to_string(), data);
        Ok(json!({}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alarm(n: u64, m: Option<u64>, treatment: &str) -> Value {
        let mut a = json!({"EvaluationPeriods": n, "Threshold": 10.0, "ComparisonOperator": "GreaterThanThreshold", "TreatMissingData": treatment, "Statistic": "Sum", "Period": 60});
        if let Some(m) = m {
            a["DatapointsToAlarm"] = json!(m);
        }
        a
    }

    fn points(values: &[Option<f64>]) -> Vec<(f64, Option<f64>)> {
        values.iter().enumerate().map(|(i, v)| (1_000_000.0 - 60.0 * i as f64, *v)).collect()
    }

    #[test]
    fn m_of_n_counts_breaches_not_necessarily_in_a_row() {
        let a = alarm(3, Some(2), "missing");
        let v = judge(&a, &points(&[Some(20.0), Some(1.0), Some(30.0), None, None, None]), "OK").unwrap();
        assert_eq!(v.state, "ALARM");
        assert!(v.reason.starts_with("Threshold Crossed: 2 out of the last 3 datapoints ["), "{}", v.reason);
        assert!(
            v.reason.ends_with("were greater than the threshold (10.0) (minimum 2 datapoints for OK -> ALARM transition)."),
            "{}",
            v.reason
        );
        let v = judge(&a, &points(&[Some(20.0), Some(1.0), Some(3.0), None, None, None]), "ALARM").unwrap();
        assert_eq!(v.state, "OK");
        // Without DatapointsToAlarm, all N must breach.
        let all = alarm(3, None, "missing");
        assert_eq!(judge(&all, &points(&[Some(20.0), Some(20.0), Some(3.0), None, None, None]), "OK").unwrap().state, "OK");
    }

    #[test]
    fn missing_data_is_treated_as_the_alarm_says_only_when_too_few_points_are_real() {
        let gap = points(&[Some(20.0), None, None, None, None, None]);
        assert_eq!(judge(&alarm(3, Some(2), "breaching"), &gap, "OK").unwrap().state, "ALARM");
        assert_eq!(judge(&alarm(3, Some(2), "notBreaching"), &gap, "OK").unwrap().state, "OK");
        assert_eq!(judge(&alarm(3, Some(2), "missing"), &gap, "OK").unwrap().state, "OK");
        let empty = points(&[None; 6]);
        assert_eq!(judge(&alarm(3, Some(2), "missing"), &empty, "OK").unwrap().state, "INSUFFICIENT_DATA");
        assert!(judge(&alarm(3, Some(2), "ignore"), &empty, "ALARM").is_none(), "ignore keeps the state");
        assert_eq!(judge(&alarm(3, Some(2), "breaching"), &empty, "OK").unwrap().state, "ALARM");
        // Enough real points further back: the newest N real ones are judged, the gap ignored.
        let older = points(&[None, Some(20.0), Some(20.0), Some(1.0), None, None]);
        assert_eq!(judge(&alarm(3, Some(2), "notBreaching"), &older, "OK").unwrap().state, "ALARM");
    }
}
