//! CloudWatch metrics: PutMetricData (values, value/count sets, statistic sets; 1-second
//! or 1-minute storage resolution), GetMetricStatistics, GetMetricData with MetricStat
//! queries and simple math expressions, ListMetrics; metric alarms live in `alarms`. The
//! same handlers answer the RPC v2 CBOR the Rust SDK sends and the JSON 1.0 the AWS CLI sends.

mod alarms;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::AwsError;
use crate::protocol::Request;
use crate::table::{Persist, Rows, Table};
use crate::util::{self, Input};

#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CloudWatch {
    /// By `namespace\nname\ndim=value\n…` (dimensions sorted). Metrics the simulation
    /// publishes are not persisted: they are many, and remade from the state that is.
    #[serde(serialize_with = "persisted_metrics")]
    metrics: Table<Metric>,
    /// Metric alarms by name, as DescribeAlarms returns them.
    alarms: Table<Value>,
    /// History items by `name\n<inverted sequence>`, newest first per alarm.
    alarm_history: Table<Value>,
    next_history: u64,
}

fn persisted_metrics<S: serde::Serializer>(metrics: &Table<Metric>, s: S) -> Result<S::Ok, S::Error> {
    // In a row the metrics are rows of their own, as in any table: writing them here too
    // made every change to the region row (nearly every write) cost all metrics' samples.
    if crate::table::is_shallow() {
        return s.serialize_none();
    }
    s.collect_map(metrics.iter().filter(|(_, m)| !m.synthetic))
}

impl CloudWatch {
    pub fn children(&mut self) -> Vec<(&'static str, &mut dyn Rows)> {
        vec![
            ("cloudwatch.metrics", &mut self.metrics),
            ("cloudwatch.alarms", &mut self.alarms),
            ("cloudwatch.alarm_history", &mut self.alarm_history),
        ]
    }
}

impl Persist for Metric {
    fn persisted(&self) -> bool {
        !self.synthetic
    }
}

#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct Metric {
    namespace: String,
    name: String,
    dimensions: Vec<(String, String)>,
    /// Samples in time order: (epoch seconds, count, sum, min, max).
    samples: Vec<Sample>,
    unit: Option<String>,
    last_put: f64,
    #[serde(skip)]
    synthetic: bool,
    /// High-resolution samples before this have been folded into minutes.
    #[serde(skip)]
    compacted_until: f64,
}

/// Standard-resolution data is stored per minute; high resolution per second for 3 hours.
const HIGH_RES_RETENTION: f64 = 3.0 * 3600.0;
const RETENTION: f64 = 15.0 * 24.0 * 3600.0;

fn invalid(message: String) -> AwsError {
    AwsError::client("InvalidParameterValue", message)
}

fn missing(field: &str) -> AwsError {
    AwsError::client("MissingParameter", format!("The parameter {field} is required."))
}

fn combination(message: String) -> AwsError {
    AwsError::client("InvalidParameterCombination", message)
}

fn metric_key(namespace: &str, name: &str, dims: &[(String, String)]) -> String {
    let mut key = format!("{namespace}\n{name}");
    for (k, v) in dims {
        key.push_str(&format!("\n{k}={v}"));
    }
    key
}

fn dimensions(input: &Input<'_>, field: &str) -> Result<Vec<(String, String)>, AwsError> {
    let list = input.list(field)?;
    if list.len() > 30 {
        return Err(invalid(format!("The collection {field} must not have more than 30 members.")));
    }
    let mut dims: Vec<(String, String)> =
        list.into_iter().map(|d| Ok((d.req_str("Name")?.to_string(), d.req_str("Value")?.to_string()))).collect::<Result<_, AwsError>>()?;
    dims.sort();
    Ok(dims)
}

fn dimension_json(dims: &[(String, String)]) -> Value {
    Value::Array(dims.iter().map(|(n, v)| json!({"Name": n, "Value": v})).collect())
}

/// Statistic of the samples in one bucket.
fn statistic(samples: &[Sample], stat: &str) -> Option<f64> {
    if samples.is_empty() {
        return None;
    }
    let count: f64 = samples.iter().map(|s| s.1).sum();
    let sum: f64 = samples.iter().map(|s| s.2).sum();
    Some(match stat {
        "SampleCount" => count,
        "Sum" => sum,
        "Average" => sum / count.max(f64::MIN_POSITIVE),
        "Minimum" => samples.iter().map(|s| s.3).fold(f64::INFINITY, f64::min),
        "Maximum" => samples.iter().map(|s| s.4).fold(f64::NEG_INFINITY, f64::max),
        p => {
            let pct: f64 = p.strip_prefix('p')?.parse().ok()?;
            let mut values: Vec<f64> = samples.iter().map(|s| s.2 / s.1.max(f64::MIN_POSITIVE)).collect();
            values.sort_by(f64::total_cmp);
            let rank = ((pct / 100.0) * values.len() as f64).ceil() as usize;
            values[rank.clamp(1, values.len()) - 1]
        }
    })
}

fn valid_stat(stat: &str) -> bool {
    matches!(stat, "SampleCount" | "Average" | "Sum" | "Minimum" | "Maximum")
        || stat.strip_prefix('p').and_then(|p| p.parse::<f64>().ok()).is_some_and(|p| (0.0..=100.0).contains(&p))
}

fn check_period(period: i64, field: &str) -> Result<(), AwsError> {
    if period < 1 || (period % 60 != 0 && ![1, 5, 10, 20, 30].contains(&period)) {
        return Err(invalid(format!("The parameter {field} must be 1, 5, 10, 20, 30 or a multiple of 60; got {period}.")));
    }
    Ok(())
}

/// One stored sample: time, then its statistic set (sample count, sum, minimum, maximum).
type Sample = (f64, f64, f64, f64, f64);

impl Metric {
    /// Buckets of `period` seconds between start and end: (bucket start, samples).
    fn buckets(&self, start: f64, end: f64, period: i64) -> impl Iterator<Item = (i64, &[Sample])> {
        let from = self.samples.partition_point(|x| x.0 < start);
        let to = self.samples.partition_point(|x| x.0 < end);
        runs(&self.samples[from..to.max(from)], period, util::now())
    }
}

/// A GetMetricData call once checked, holding copies of the samples it reads.
pub struct MetricData {
    queries: Vec<PreparedQuery>,
    ascending: bool,
    max_points: usize,
    /// The simulated time the call was made at (high-resolution age is judged by it).
    now: f64,
}

struct PreparedQuery {
    id: String,
    label: String,
    return_data: bool,
    what: Query,
}

enum Query {
    Stat { period: i64, stat: String, samples: Vec<Sample> },
    Expression(String),
}

impl MetricData {
    /// The answer: statistics per period, then expressions, which may refer to them.
    pub fn answer(self) -> Result<Value, AwsError> {
        let mut series: BTreeMap<String, BTreeMap<i64, f64>> = BTreeMap::new();
        for q in &self.queries {
            if let Query::Stat { period, stat, samples } = &q.what {
                let mut points = BTreeMap::new();
                for (bucket, in_bucket) in runs(samples, *period, self.now) {
                    if let Some(v) = statistic(in_bucket, stat) {
                        points.insert(bucket, v);
                    }
                }
                series.insert(q.id.clone(), points);
            }
        }
        for q in &self.queries {
            if let Query::Expression(expr) = &q.what {
                let value = expression::evaluate(expr, &series).map_err(|e| invalid(format!("Error in expression '{}': {e}", q.id)))?;
                series.insert(q.id.clone(), value);
            }
        }
        let mut results = vec![];
        let mut total = 0;
        let mut truncated = false;
        for q in &self.queries {
            if !q.return_data {
                continue;
            }
            let points = &series[&q.id];
            let mut entries: Vec<(&i64, &f64)> = points.iter().collect();
            if !self.ascending {
                entries.reverse();
            }
            let room = self.max_points.saturating_sub(total);
            if entries.len() > room {
                entries.truncate(room);
                truncated = true;
            }
            total += entries.len();
            results.push(json!({
                "Id": q.id,
                "Label": q.label,
                "Timestamps": entries.iter().map(|(t, _)| **t as f64).collect::<Vec<_>>(),
                "Values": entries.iter().map(|(_, v)| **v).collect::<Vec<_>>(),
                "StatusCode": if truncated { "PartialData" } else { "Complete" },
            }));
        }
        Ok(json!({"MetricDataResults": results, "Messages": []}))
    }
}

/// The bucket (start of its `period`) a sample counts in; high-resolution samples older
/// than 3 hours count at 1-minute granularity.
fn bucket_of(s: &Sample, period: i64, now: f64) -> i64 {
    let t = if now - s.0 > HIGH_RES_RETENTION { (s.0 / 60.0).floor() * 60.0 } else { s.0 };
    (t as i64).div_euclid(period) * period
}

/// `samples` (in time order, within the window) as runs of one bucket each: samples are
/// sorted, so each bucket is one slice and nothing is copied.
fn runs(samples: &[Sample], period: i64, now: f64) -> impl Iterator<Item = (i64, &[Sample])> {
    let mut rest = samples;
    std::iter::from_fn(move || {
        let first = rest.first()?;
        let bucket = bucket_of(first, period, now);
        let len = rest.iter().position(|s| bucket_of(s, period, now) != bucket).unwrap_or(rest.len());
        let (run, tail) = rest.split_at(len);
        rest = tail;
        Some((bucket, run))
    })
}

impl CloudWatch {
    /// Records one sample; used by PutMetricData and by the sandbox's own publishers.
    // Each argument is one of PutMetricData's own fields; a struct would only rename them.
    #[allow(clippy::too_many_arguments)]
    pub fn record(
        &mut self,
        namespace: &str,
        name: &str,
        dims: Vec<(String, String)>,
        at: f64,
        sample: (f64, f64, f64, f64),
        unit: Option<&str>,
        high_res: bool,
    ) {
        let key = metric_key(namespace, name, &dims);
        let metric = self.metrics.entry_or_insert_with(key, || Metric {
            namespace: namespace.into(),
            name: name.into(),
            dimensions: dims,
            ..Default::default()
        });
        let t = if high_res { at.floor() } else { (at / 60.0).floor() * 60.0 };
        let at_pos = metric.samples.partition_point(|s| s.0 <= t);
        metric.samples.insert(at_pos, (t, sample.0, sample.1, sample.2, sample.3));
        if let Some(u) = unit {
            metric.unit = Some(u.to_string());
        }
        metric.last_put = util::now();
        let cutoff = util::now() - RETENTION;
        let old = metric.samples.partition_point(|s| s.0 < cutoff);
        if old > 0 {
            metric.samples.drain(..old);
        }
    }

    /// Records a sample the simulation made; 1-second samples older than three hours
    /// are folded into minutes, as CloudWatch keeps them.
    #[allow(clippy::too_many_arguments)]
    pub fn record_synthetic(
        &mut self,
        namespace: &str,
        name: &str,
        dims: Vec<(String, String)>,
        at: f64,
        sample: (f64, f64, f64, f64),
        unit: &str,
        high_res: bool,
    ) {
        let key = metric_key(namespace, name, &dims);
        let metric = self.metrics.entry_or_insert_with(key, || Metric {
            namespace: namespace.into(),
            name: name.into(),
            dimensions: dims,
            synthetic: true,
            ..Default::default()
        });
        let t = if high_res { at.floor() } else { (at / 60.0).floor() * 60.0 };
        if metric.samples.last().is_none_or(|l| l.0 <= t) {
            metric.samples.push((t, sample.0, sample.1, sample.2, sample.3));
        } else {
            let pos = metric.samples.partition_point(|s| s.0 <= t);
            metric.samples.insert(pos, (t, sample.0, sample.1, sample.2, sample.3));
        }
        if metric.unit.is_none() {
            metric.unit = Some(unit.to_string());
        }
        metric.last_put = at;
        let fold_before = at - HIGH_RES_RETENTION;
        if high_res && fold_before - metric.compacted_until > 600.0 {
            let end = metric.samples.partition_point(|s| s.0 < fold_before);
            let mut folded: Vec<(f64, f64, f64, f64, f64)> = Vec::new();
            for s in metric.samples.drain(..end) {
                let minute = (s.0 / 60.0).floor() * 60.0;
                match folded.last_mut() {
                    Some(f) if f.0 == minute => {
                        f.1 += s.1;
                        f.2 += s.2;
                        f.3 = f.3.min(s.3);
                        f.4 = f.4.max(s.4);
                    }
                    _ => folded.push((minute, s.1, s.2, s.3, s.4)),
                }
            }
            metric.samples.splice(0..0, folded);
            metric.compacted_until = fold_before;
        }
        let cutoff = at - RETENTION;
        let old = metric.samples.partition_point(|s| s.0 < cutoff);
        if old > 0 {
            metric.samples.drain(..old);
        }
    }

    /// One statistic per minute for the `minutes` minutes before `t` (None where no data),
    /// oldest first: what a CloudWatch alarm evaluates.
    pub fn minute_values(
        &self,
        namespace: &str,
        name: &str,
        dims: &[(String, String)],
        stat: &str,
        t: f64,
        minutes: usize,
    ) -> Vec<Option<f64>> {
        let Some(metric) = self.metrics.get(&metric_key(namespace, name, dims)) else { return vec![None; minutes] };
        let start = t - 60.0 * minutes as f64;
        let buckets: BTreeMap<i64, &[Sample]> = metric.buckets(start, t, 60).collect();
        (0..minutes).map(|i| buckets.get(&((start as i64).div_euclid(60) * 60 + 60 * i as i64)).and_then(|b| statistic(b, stat))).collect()
    }

    fn put_metric_data(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let namespace = input.str("Namespace")?.ok_or_else(|| missing("Namespace"))?;
        if namespace.is_empty() || namespace.len() > 255 || namespace.starts_with("AWS/") || namespace.starts_with(':') {
            return Err(invalid(format!("The value {namespace} for parameter Namespace is invalid.")));
        }
        let data = input.list("MetricData")?;
        if data.is_empty() {
            return Err(missing("MetricData"));
        }
        if data.len() > 1000 {
            return Err(invalid("The collection MetricData must not have a size greater than 1000.".into()));
        }
        let now = util::now();
        let mut records = vec![];
        for (i, d) in data.iter().enumerate() {
            let field = |f: &str| format!("MetricData.member.{}.{f}", i + 1);
            let name = d.str("MetricName")?.ok_or_else(|| missing(&field("MetricName")))?;
            if name.is_empty() || name.len() > 255 {
                return Err(invalid(format!("The value for parameter {} is invalid.", field("MetricName"))));
            }
            let dims = dimensions(d, "Dimensions")?;
            let at = d.time("Timestamp")?.unwrap_or(now);
            if at < now - 14.0 * 24.0 * 3600.0 || at > now + 2.0 * 3600.0 {
                return Err(invalid(format!(
                    "The parameter {} must specify a time within the past two weeks and no more than two hours in the future.",
                    field("Timestamp")
                )));
            }
            let resolution = d.int("StorageResolution")?.unwrap_or(60);
            if resolution != 1 && resolution != 60 {
                return Err(invalid(format!(
                    "The value {resolution} for parameter {} is invalid: use 1 or 60.",
                    field("StorageResolution")
                )));
            }
            let finite = |v: f64, f: &str| {
                if v.is_finite() {
                    Ok(v)
                } else {
                    Err(invalid(format!("The value for parameter {} is not a finite number.", field(f))))
                }
            };
            let mut samples = vec![];
            if let Some(v) = d.float("Value")? {
                let v = finite(v, "Value")?;
                samples.push((1.0, v, v, v));
            }
            let values = d.list("Values")?;
            if !values.is_empty() {
                let counts = d.list("Counts")?;
                if !counts.is_empty() && counts.len() != values.len() {
                    return Err(combination(format!(
                        "The parameters {} and {} must be of the same size.",
                        field("Values"),
                        field("Counts")
                    )));
                }
                for (j, v) in values.iter().enumerate() {
                    let v = finite(
                        v.value
                            .as_f64()
                            .or_else(|| v.value.as_str().and_then(|s| s.parse().ok()))
                            .ok_or_else(|| invalid(format!("The value for parameter {} is invalid.", field("Values"))))?,
                        "Values",
                    )?;
                    let c = counts
                        .get(j)
                        .and_then(|c| c.value.as_f64().or_else(|| c.value.as_str().and_then(|s| s.parse().ok())))
                        .unwrap_or(1.0);
                    samples.push((c, v * c, v, v));
                }
            }
            if d.has("StatisticValues") {
                let s = d.at("StatisticValues");
                let get = |k: &str| -> Result<f64, AwsError> {
                    finite(s.float(k)?.ok_or_else(|| missing(&field(&format!("StatisticValues.{k}"))))?, k)
                };
                let (count, sum, min, max) = (get("SampleCount")?, get("Sum")?, get("Minimum")?, get("Maximum")?);
                if count <= 0.0 || min > max {
                    return Err(invalid(format!(
                        "The parameter {} is invalid: SampleCount must be positive and Minimum at most Maximum.",
                        field("StatisticValues")
                    )));
                }
                samples.push((count, sum, min, max));
            }
            let given = [d.has("Value"), !values.is_empty(), d.has("StatisticValues")].iter().filter(|x| **x).count();
            if given != 1 {
                return Err(combination(format!(
                    "The parameters {0}.Value, {0}.Values and {0}.StatisticValues are mutually exclusive and one is required.",
                    format!("MetricData.member.{}", i + 1)
                )));
            }
            let unit = d.str("Unit")?.map(String::from);
            records.push((name.to_string(), dims, at, samples, unit, resolution == 1));
        }
        for (name, dims, at, samples, unit, high_res) in records {
            for s in samples {
                self.record(namespace, &name, dims.clone(), at, s, unit.as_deref(), high_res);
            }
        }
        Ok(json!({}))
    }

    fn get_metric_statistics(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let namespace = input.str("Namespace")?.ok_or_else(|| missing("Namespace"))?;
        let name = input.str("MetricName")?.ok_or_else(|| missing("MetricName"))?;
        let dims = dimensions(&input, "Dimensions")?;
        let start = input.time("StartTime")?.ok_or_else(|| missing("StartTime"))?;
        let end = input.time("EndTime")?.ok_or_else(|| missing("EndTime"))?;
        let period = input.int("Period")?.ok_or_else(|| missing("Period"))?;
        check_period(period, "Period")?;
        if end <= start {
            return Err(invalid("The parameter StartTime must be less than the parameter EndTime.".into()));
        }
        let mut stats: Vec<&str> = input.str_list("Statistics")?;
        let extended = input.str_list("ExtendedStatistics")?;
        if stats.is_empty() && extended.is_empty() {
            return Err(combination("At least one of the parameters Statistics and ExtendedStatistics must be specified.".into()));
        }
        for s in &stats {
            if !matches!(*s, "SampleCount" | "Average" | "Sum" | "Minimum" | "Maximum") {
                return Err(invalid(format!("The value {s} for parameter Statistics is not a valid statistic.")));
            }
        }
        for e in &extended {
            if !valid_stat(e) || !e.starts_with('p') {
                return Err(invalid(format!("The value {e} for parameter ExtendedStatistics is not a valid percentile.")));
            }
        }
        let points = ((end - start) / period as f64).ceil();
        if points > 1440.0 {
            return Err(combination(format!(
                "You have requested up to {points} datapoints, which exceeds the limit of 1440. You may reduce the datapoints requested by increasing Period, or decreasing the time range."
            )));
        }
        stats.dedup();
        let mut datapoints = vec![];
        if let Some(metric) = self.metrics.get(&metric_key(namespace, name, &dims)) {
            for (bucket, samples) in metric.buckets(start, end, period) {
                let mut p = json!({"Timestamp": bucket as f64});
                for s in &stats {
                    p[*s] = json!(statistic(samples, s));
                }
                if !extended.is_empty() {
                    let mut ext = json!({});
                    for e in &extended {
                        ext[*e] = json!(statistic(samples, e));
                    }
                    p["ExtendedStatistics"] = ext;
                }
                p["Unit"] = json!(input.str("Unit")?.map(String::from).or(metric.unit.clone()).unwrap_or_else(|| "None".into()));
                datapoints.push(p);
            }
        }
        Ok(json!({"Label": name, "Datapoints": datapoints}))
    }

    fn get_metric_data(&self, input: Input<'_>) -> Result<Value, AwsError> {
        self.prepare_metric_data(input)?.answer()
    }

    /// GetMetricData's checks, and a copy of the samples its queries read: all it needs
    /// of the world, so the statistics and expressions are worked out without it.
    fn prepare_metric_data(&self, input: Input<'_>) -> Result<MetricData, AwsError> {
        let queries = input.list("MetricDataQueries")?;
        if queries.is_empty() {
            return Err(missing("MetricDataQueries"));
        }
        if queries.len() > 500 {
            return Err(invalid("The collection MetricDataQueries must not have a size greater than 500.".into()));
        }
        let start = input.time("StartTime")?.ok_or_else(|| missing("StartTime"))?;
        let end = input.time("EndTime")?.ok_or_else(|| missing("EndTime"))?;
        if end <= start {
            return Err(invalid("The parameter StartTime must be less than the parameter EndTime.".into()));
        }
        let ascending = match input.str("ScanBy")?.unwrap_or("TimestampDescending") {
            "TimestampAscending" => true,
            "TimestampDescending" => false,
            other => return Err(invalid(format!("The value {other} for parameter ScanBy is invalid."))),
        };
        let max_points = input.int("MaxDatapoints")?.unwrap_or(100_800).max(1) as usize;
        let mut prepared = Vec::with_capacity(queries.len());
        for (i, q) in queries.iter().enumerate() {
            let id = q.str("Id")?.ok_or_else(|| missing(&format!("MetricDataQueries.member.{}.Id", i + 1)))?;
            let ok = id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && id.len() <= 255;
            if !ok {
                return Err(invalid(format!("The value {id} for parameter MetricDataQueries.member.{}.Id is invalid: it must start with a lowercase letter and hold only letters, digits and underscores.", i + 1)));
            }
            if prepared.iter().any(|x: &PreparedQuery| x.id == id) {
                return Err(invalid(format!("The value {id} for parameter MetricDataQueries.member.{}.Id is not unique.", i + 1)));
            }
            let return_data = q.bool("ReturnData")? != Some(false);
            let query = match (q.has("MetricStat"), q.has("Expression")) {
                (true, false) => {
                    let stat = q.at("MetricStat");
                    let metric = stat.at("Metric");
                    let namespace = metric
                        .str("Namespace")?
                        .ok_or_else(|| missing(&format!("MetricDataQueries.member.{}.MetricStat.Metric.Namespace", i + 1)))?;
                    let name = metric
                        .str("MetricName")?
                        .ok_or_else(|| missing(&format!("MetricDataQueries.member.{}.MetricStat.Metric.MetricName", i + 1)))?;
                    let dims = dimensions(&metric, "Dimensions")?;
                    let period =
                        stat.int("Period")?.ok_or_else(|| missing(&format!("MetricDataQueries.member.{}.MetricStat.Period", i + 1)))?;
                    check_period(period, &format!("MetricDataQueries.member.{}.MetricStat.Period", i + 1))?;
                    let s = stat.str("Stat")?.ok_or_else(|| missing(&format!("MetricDataQueries.member.{}.MetricStat.Stat", i + 1)))?;
                    if !valid_stat(s) {
                        return Err(invalid(format!(
                            "The value {s} for parameter MetricDataQueries.member.{}.MetricStat.Stat is not a valid statistic.",
                            i + 1
                        )));
                    }
                    // Samples are in time order: the window is one slice, copied whole.
                    let samples = self
                        .metrics
                        .get(&metric_key(namespace, name, &dims))
                        .map(|m| {
                            let from = m.samples.partition_point(|x| x.0 < start);
                            let to = m.samples.partition_point(|x| x.0 < end);
                            m.samples[from..to.max(from)].to_vec()
                        })
                        .unwrap_or_default();
                    let label = q.str("Label")?.unwrap_or(name).to_string();
                    PreparedQuery { id: id.to_string(), label, return_data, what: Query::Stat { period, stat: s.to_string(), samples } }
                }
                (false, true) => {
                    let expression = q.str("Expression")?.unwrap_or_default().to_string();
                    let label = q.str("Label")?.unwrap_or(id).to_string();
                    PreparedQuery { id: id.to_string(), label, return_data, what: Query::Expression(expression) }
                }
                _ => {
                    return Err(combination(format!(
                        "Exactly one of MetricStat and Expression must be set for MetricDataQueries.member.{}.",
                        i + 1
                    )))
                }
            };
            prepared.push(query);
        }
        Ok(MetricData { queries: prepared, ascending, max_points, now: util::now() })
    }

    fn list_metrics(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let namespace = input.str("Namespace")?;
        let name = input.str("MetricName")?;
        let filters: Vec<(String, Option<String>)> = input
            .list("Dimensions")?
            .into_iter()
            .map(|d| Ok((d.req_str("Name")?.to_string(), d.str("Value")?.map(String::from))))
            .collect::<Result<_, AwsError>>()?;
        let recent = match input.str("RecentlyActive")? {
            Some("PT3H") => Some(util::now() - 3.0 * 3600.0),
            Some(other) => return Err(invalid(format!("The value {other} for parameter RecentlyActive is invalid: use PT3H."))),
            None => None,
        };
        let matching = self.metrics.iter().filter(|(_, m)| {
            namespace.is_none_or(|n| m.namespace == n)
                && name.is_none_or(|n| m.name == n)
                && recent.is_none_or(|r| m.last_put >= r)
                && filters.iter().all(|(k, v)| m.dimensions.iter().any(|(dk, dv)| dk == k && v.as_ref().is_none_or(|v| v == dv)))
        });
        let (page, next) = util::page(matching, |(k, _)| k.as_str(), input.str("NextToken")?, 500, invalid)?;
        let metrics: Vec<Value> = page
            .into_iter()
            .map(|(_, m)| json!({"Namespace": m.namespace, "MetricName": m.name, "Dimensions": dimension_json(&m.dimensions)}))
            .collect();
        Ok(json!({"Metrics": metrics, "NextToken": next}))
    }
}

/// Metric math over series keyed by bucket start: numbers, ids, + - * /, parentheses,
/// SUM/AVG/MIN/MAX over a series, a [list] or METRICS().
mod expression {
    use std::collections::BTreeMap;

    type Series = BTreeMap<i64, f64>;

    #[derive(Clone)]
    enum Val {
        Scalar(f64),
        Series(Series),
        List(Vec<Series>),
    }

    struct Parser<'a> {
        chars: Vec<char>,
        pos: usize,
        series: &'a BTreeMap<String, Series>,
        depth: usize,
    }

    pub fn evaluate(text: &str, series: &BTreeMap<String, Series>) -> Result<Series, String> {
        if text.len() > 2048 {
            return Err("the expression is longer than 2048 characters".into());
        }
        let mut p = Parser { chars: text.chars().collect(), pos: 0, series, depth: 0 };
        let v = p.expr()?;
        p.skip();
        if p.pos != p.chars.len() {
            return Err(format!("unexpected '{}' at position {}", p.chars[p.pos], p.pos + 1));
        }
        match v {
            Val::Series(s) => Ok(s),
            Val::Scalar(_) => Err("the expression yields a number, not a time series".into()),
            Val::List(_) => Err("the expression yields several time series; wrap it in SUM, AVG, MIN or MAX".into()),
        }
    }

    fn combine(a: Val, b: Val, op: char) -> Result<Val, String> {
        let f = |x: f64, y: f64| match op {
            '+' => x + y,
            '-' => x - y,
            '*' => x * y,
            _ => x / y,
        };
        Ok(match (a, b) {
            (Val::Scalar(x), Val::Scalar(y)) => Val::Scalar(f(x, y)),
            (Val::Series(s), Val::Scalar(y)) => Val::Series(s.into_iter().map(|(t, x)| (t, f(x, y))).collect()),
            (Val::Scalar(x), Val::Series(s)) => Val::Series(s.into_iter().map(|(t, y)| (t, f(x, y))).collect()),
            (Val::Series(a), Val::Series(b)) => Val::Series(a.into_iter().filter_map(|(t, x)| b.get(&t).map(|y| (t, f(x, *y)))).collect()),
            _ => return Err(format!("'{op}' cannot combine lists of time series")),
        })
    }

    impl Parser<'_> {
        fn skip(&mut self) {
            while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
                self.pos += 1;
            }
        }

        fn peek(&mut self) -> Option<char> {
            self.skip();
            self.chars.get(self.pos).copied()
        }

        fn expr(&mut self) -> Result<Val, String> {
            self.depth += 1;
            if self.depth > 32 {
                return Err("the expression nests too deeply".into());
            }
            let mut left = self.term()?;
            while let Some(op @ ('+' | '-')) = self.peek() {
                self.pos += 1;
                left = combine(left, self.term()?, op)?;
            }
            self.depth -= 1;
            Ok(left)
        }

        fn term(&mut self) -> Result<Val, String> {
            let mut left = self.atom()?;
            while let Some(op @ ('*' | '/')) = self.peek() {
                self.pos += 1;
                left = combine(left, self.atom()?, op)?;
            }
            Ok(left)
        }

        fn atom(&mut self) -> Result<Val, String> {
            match self.peek() {
                Some('(') => {
                    self.pos += 1;
                    let v = self.expr()?;
                    self.expect(')')?;
                    Ok(v)
                }
                Some('[') => {
                    self.pos += 1;
                    let mut items = vec![];
                    loop {
                        match self.expr()? {
                            Val::Series(s) => items.push(s),
                            Val::List(l) => items.extend(l),
                            Val::Scalar(_) => return Err("a [list] holds time series, not numbers".into()),
                        }
                        match self.peek() {
                            Some(',') => self.pos += 1,
                            Some(']') => {
                                self.pos += 1;
                                break;
                            }
                            _ => return Err("a [list] is not closed".into()),
                        }
                    }
                    Ok(Val::List(items))
                }
                Some(c) if c.is_ascii_digit() || c == '.' => {
                    let start = self.pos;
                    while self.chars.get(self.pos).is_some_and(|c| c.is_ascii_digit() || *c == '.') {
                        self.pos += 1;
                    }
                    let text: String = self.chars[start..self.pos].iter().collect();
                    text.parse().map(Val::Scalar).map_err(|_| format!("'{text}' is not a number"))
                }
                Some('-') => {
                    self.pos += 1;
                    combine(Val::Scalar(0.0), self.atom()?, '-')
                }
                Some(c) if c.is_ascii_alphabetic() => {
                    let start = self.pos;
                    while self.chars.get(self.pos).is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_') {
                        self.pos += 1;
                    }
                    let word: String = self.chars[start..self.pos].iter().collect();
                    if self.peek() == Some('(') {
                        self.pos += 1;
                        return self.call(&word);
                    }
                    self.series
                        .get(&word)
                        .cloned()
                        .map(Val::Series)
                        .ok_or_else(|| format!("'{word}' is not the id of a query in this request"))
                }
                Some(c) => Err(format!("unexpected '{c}'")),
                None => Err("the expression ends too early".into()),
            }
        }

        fn expect(&mut self, c: char) -> Result<(), String> {
            if self.peek() == Some(c) {
                self.pos += 1;
                Ok(())
            } else {
                Err(format!("expected '{c}'"))
            }
        }

        fn call(&mut self, name: &str) -> Result<Val, String> {
            if name == "METRICS" {
                self.expect(')')?;
                return Ok(Val::List(self.series.values().cloned().collect()));
            }
            let arg = self.expr()?;
            self.expect(')')?;
            let list = match arg {
                Val::List(l) => l,
                Val::Series(s) => {
                    // Over one series these reduce to a single value per series, like CloudWatch's.
                    let values: Vec<f64> = s.values().copied().collect();
                    let v = reduce(name, &values)?;
                    return Ok(Val::Series(s.keys().map(|t| (*t, v)).collect()));
                }
                Val::Scalar(_) => return Err(format!("{name} needs time series")),
            };
            let mut times: Vec<i64> = list.iter().flat_map(|s| s.keys().copied()).collect();
            times.sort_unstable();
            times.dedup();
            let mut out = BTreeMap::new();
            for t in times {
                let values: Vec<f64> = list.iter().filter_map(|s| s.get(&t).copied()).collect();
                out.insert(t, reduce(name, &values)?);
            }
            Ok(Val::Series(out))
        }
    }

    fn reduce(name: &str, values: &[f64]) -> Result<f64, String> {
        Ok(match name {
            "SUM" => values.iter().sum(),
            "AVG" => values.iter().sum::<f64>() / values.len().max(1) as f64,
            "MIN" => values.iter().copied().fold(f64::INFINITY, f64::min),
            "MAX" => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            other => return Err(format!("the function {other} is not supported by the sandbox (SUM, AVG, MIN, MAX and METRICS are)")),
        })
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn sums_and_arithmetic() {
            let mut s = BTreeMap::new();
            s.insert("a".to_string(), BTreeMap::from([(0, 1.0), (60, 2.0)]));
            s.insert("b".to_string(), BTreeMap::from([(0, 10.0), (60, 20.0)]));
            assert_eq!(evaluate("SUM(METRICS())", &s).unwrap(), BTreeMap::from([(0, 11.0), (60, 22.0)]));
            assert_eq!(evaluate("AVG([a, b])", &s).unwrap(), BTreeMap::from([(0, 5.5), (60, 11.0)]));
            assert_eq!(evaluate("(a + b) * 2", &s).unwrap(), BTreeMap::from([(0, 22.0), (60, 44.0)]));
            assert!(evaluate("a +", &s).is_err());
            assert!(evaluate("nope", &s).is_err());
            assert!(evaluate(&"(".repeat(100), &s).is_err());
        }
    }
}

/// A GetMetricData call prepared against `cw`, to be answered once the world is let go.
pub fn prepare_metric_data(cw: &CloudWatch, req: &Request) -> Result<MetricData, AwsError> {
    cw.prepare_metric_data(Input::new(&req.input, invalid))
}

pub fn dispatch(cw: &mut CloudWatch, req: &Request) -> Result<Value, AwsError> {
    let input = Input::new(&req.input, invalid);
    match req.operation.as_str() {
        "PutMetricData" => cw.put_metric_data(input),
        "GetMetricStatistics" => cw.get_metric_statistics(input),
        "GetMetricData" => cw.get_metric_data(input),
        "ListMetrics" => cw.list_metrics(input),
        "PutMetricAlarm" => cw.put_metric_alarm(&req.region, input),
        "DescribeAlarms" => cw.describe_alarms(input),
        "DescribeAlarmHistory" => cw.describe_alarm_history(input),
        "DeleteAlarms" => cw.delete_alarms(input),
        "SetAlarmState" => cw.set_alarm_state(input),
        other => Err(AwsError::client("InvalidAction", format!("The action {other} is not supported by the sandbox's CloudWatch."))),
    }
}
