//! The metrics streamer: CloudWatch series for what is on screen, fetched with one
//! GetMetricData call per tick (split only beyond 500 queries), asking only for the time
//! since each series' last point, dropping points already sent, and picking up after a
//! network error or a sleep from where it stopped, so a chart never has gaps or twice the
//! same point. It stops when its sink says nobody is watching any more.

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat, ScanBy};
use aws_smithy_types::DateTime;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::load_balancers;
use crate::services::Service;
use crate::Clients;

/// GetMetricData takes at most 500 queries per call.
pub const MAX_QUERIES: usize = 500;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SeriesSpec {
    /// Unique on screen; GetMetricData query ids must start with a lower-case letter.
    pub id: String,
    pub label: String,
    pub namespace: String,
    pub metric_name: String,
    pub dimensions: Vec<(String, String)>,
    /// Average, Maximum, Minimum, Sum or SampleCount.
    pub stat: String,
    pub unit: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[ts(rename = "MetricPoint")]
pub struct Point {
    /// Epoch seconds.
    pub t: i64,
    pub v: f64,
}

/// New points since the last delivery, by series id, in time order.
#[derive(Debug, Clone, Serialize, Default, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "MetricDelivery")]
pub struct Delivery {
    pub points: HashMap<String, Vec<Point>>,
    /// GetMetricData calls this tick made (1 unless more than 500 series).
    pub calls: usize,
    /// The period asked for, in seconds.
    pub period: i32,
    /// Set when the last call failed; the next tick retries from the same place.
    pub error: Option<String>,
    /// The endpoint's clock (the sandbox's runs faster than the wall's), epoch seconds,
    /// so a live chart's window ends at the endpoint's now.
    pub now: i64,
}

/// The clock of the endpoint: the wall's for AWS, the simulated one for the sandbox.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    base: f64,
    at: std::time::Instant,
    speed: f64,
}

impl Clock {
    pub fn wall() -> Self {
        Self { base: now() as f64, at: std::time::Instant::now(), speed: 1.0 }
    }

    /// A clock that read `now` (epoch seconds) just now and runs `speed` times real time.
    pub fn simulated(now: f64, speed: f64) -> Self {
        Self { base: now, at: std::time::Instant::now(), speed: speed.max(0.0) }
    }

    pub fn now(&self) -> i64 {
        (self.base + self.at.elapsed().as_secs_f64() * self.speed) as i64
    }
}

/// The period CloudWatch should aggregate to for a window, as its rules require: at most
/// 1,440 points a series, 1-second periods only for high-resolution data under 3 hours.
pub fn period_for(range_seconds: i64, high_resolution: bool) -> i32 {
    if high_resolution && range_seconds <= 3 * 3600 {
        return if range_seconds <= 15 * 60 { 1 } else { 60.min(((range_seconds / 1440) as i32).max(1)) };
    }
    let raw = (range_seconds / 1440).max(60);
    // CloudWatch wants a multiple of 60 beyond high resolution; round up to a tidy one.
    for tidy in [60, 300, 900, 3600, 21600, 86400] {
        if raw <= tidy {
            return tidy as i32;
        }
    }
    86400
}

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or_default()
}

/// Where each series stands: the newest timestamp already delivered.
#[derive(Debug, Clone, Default)]
pub struct Cursor {
    last: HashMap<String, i64>,
    start: i64,
}

impl Cursor {
    pub fn new(start: i64) -> Self {
        Self { last: HashMap::new(), start }
    }

    /// Where the next query must begin: just after the oldest series' last point.
    fn from(&self, specs: &[SeriesSpec], period: i32) -> i64 {
        specs.iter().map(|s| self.last.get(&s.id).map_or(self.start, |t| t + period as i64)).min().unwrap_or(self.start)
    }

    /// Keeps only points newer than what the series already has, and remembers them.
    pub fn accept(&mut self, id: &str, mut points: Vec<Point>) -> Vec<Point> {
        points.sort_by_key(|p| p.t);
        points.dedup_by_key(|p| p.t);
        let last = self.last.get(id).copied().unwrap_or(i64::MIN);
        let fresh: Vec<Point> = points.into_iter().filter(|p| p.t > last).collect();
        if let Some(p) = fresh.last() {
            self.last.insert(id.to_string(), p.t);
        }
        fresh
    }
}

/// One fetch: every series from where the cursor stands to `end`.
pub async fn fetch(clients: &Clients, specs: &[SeriesSpec], period: i32, cursor: &mut Cursor, end: i64) -> Result<Delivery> {
    let mut delivery = Delivery { period, ..Default::default() };
    let start = cursor.from(specs, period);
    if start >= end {
        return Ok(delivery);
    }
    for chunk in specs.chunks(MAX_QUERIES) {
        let queries: Vec<MetricDataQuery> = chunk
            .iter()
            .map(|s| {
                let dims: Vec<Dimension> = s.dimensions.iter().map(|(k, v)| Dimension::builder().name(k).value(v).build()).collect();
                let metric = Metric::builder().namespace(&s.namespace).metric_name(&s.metric_name).set_dimensions(Some(dims)).build();
                MetricDataQuery::builder()
                    .id(&s.id)
                    .metric_stat(MetricStat::builder().metric(metric).period(period).stat(&s.stat).build())
                    .return_data(true)
                    .build()
            })
            .collect();
        let mut token: Option<String> = None;
        let mut got: HashMap<String, Vec<Point>> = HashMap::new();
        loop {
            let out = clients
                .cloudwatch
                .get_metric_data()
                .set_metric_data_queries(Some(queries.clone()))
                .start_time(DateTime::from_secs(start))
                .end_time(DateTime::from_secs(end))
                .scan_by(ScanBy::TimestampAscending)
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|e| CoreError::from_sdk("GetMetricData", e))?;
            delivery.calls += 1;
            for r in out.metric_data_results() {
                let id = r.id().unwrap_or_default().to_string();
                let points = r.timestamps().iter().zip(r.values()).map(|(t, v)| Point { t: t.secs(), v: *v });
                got.entry(id).or_default().extend(points);
            }
            token = out.next_token().map(str::to_string);
            if token.is_none() {
                break;
            }
        }
        for (id, points) in got {
            let fresh = cursor.accept(&id, points);
            if !fresh.is_empty() {
                delivery.points.insert(id, fresh);
            }
        }
    }
    Ok(delivery)
}

/// Streams `specs` from `start` (epoch seconds) until `sink` returns false: one fetch per
/// `tick`. A failed fetch is reported in the delivery and retried next tick from the same
/// cursor, so nothing is lost and nothing repeats.
pub async fn stream(
    clients: &Clients,
    specs: Vec<SeriesSpec>,
    period: i32,
    start: i64,
    clock: Clock,
    tick: Duration,
    mut sink: impl FnMut(Delivery) -> bool,
) {
    let mut cursor = Cursor::new(start);
    let mut interval = tokio::time::interval(tick);
    // After a sleep, one catch-up fetch covers the gap; no burst of missed ticks.
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        let end = clock.now();
        let mut delivery = match fetch(clients, &specs, period, &mut cursor, end).await {
            Ok(d) => d,
            Err(e) => Delivery { period, error: Some(e.to_string()), ..Default::default() },
        };
        delivery.now = end;
        if !sink(delivery) {
            return;
        }
    }
}

fn spec(id: &str, label: &str, namespace: &str, metric: &str, dims: &[(&str, &str)], stat: &str, unit: &str) -> SeriesSpec {
    SeriesSpec {
        id: id.into(),
        label: label.into(),
        namespace: namespace.into(),
        metric_name: metric.into(),
        dimensions: dims.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        stat: stat.into(),
        unit: unit.into(),
    }
}

/// The series a service's charts show: CPU and memory (average and maximum), running
/// tasks (Container Insights), and, behind an ALB, requests, response time, 5XX and
/// healthy hosts. Ids are prefixed with `prefix` so several services share one stream.
pub async fn service_series(clients: &Clients, service: &Service, prefix: &str) -> Result<Vec<SeriesSpec>> {
    let (c, s) = (service.cluster_name.as_str(), service.service_name.as_str());
    let d = [("ClusterName", c), ("ServiceName", s)];
    let mut out = vec![
        spec(&format!("{prefix}cpuavg"), "CPU average", "AWS/ECS", "CPUUtilization", &d, "Average", "Percent"),
        spec(&format!("{prefix}cpumax"), "CPU maximum", "AWS/ECS", "CPUUtilization", &d, "Maximum", "Percent"),
        spec(&format!("{prefix}memavg"), "Memory average", "AWS/ECS", "MemoryUtilization", &d, "Average", "Percent"),
        spec(&format!("{prefix}memmax"), "Memory maximum", "AWS/ECS", "MemoryUtilization", &d, "Maximum", "Percent"),
        spec(&format!("{prefix}running"), "Running tasks", "ECS/ContainerInsights", "RunningTaskCount", &d, "Average", "Count"),
    ];
    if let Some(tg_arn) = service.load_balancers.iter().find_map(|l| l.target_group_arn.clone()) {
        let tg = load_balancers::describe_target_group(clients, &tg_arn).await?;
        if let Some(lb_arn) = tg.load_balancer_arns.first() {
            if let Some(label) = load_balancers::resource_label(lb_arn, &tg_arn) {
                let (lb, tgd) = label.split_at(label.find("/targetgroup/").unwrap_or(label.len()));
                let pair = [("LoadBalancer", lb), ("TargetGroup", tgd.trim_start_matches('/'))];
                out.push(spec(&format!("{prefix}requests"), "Requests", "AWS/ApplicationELB", "RequestCount", &pair, "Sum", "Count"));
                out.push(spec(
                    &format!("{prefix}latency"),
                    "Response time",
                    "AWS/ApplicationELB",
                    "TargetResponseTime",
                    &pair,
                    "Average",
                    "Seconds",
                ));
                out.push(spec(
                    &format!("{prefix}errors"),
                    "Target 5XX",
                    "AWS/ApplicationELB",
                    "HTTPCode_Target_5XX_Count",
                    &pair,
                    "Sum",
                    "Count",
                ));
                out.push(spec(
                    &format!("{prefix}healthy"),
                    "Healthy hosts",
                    "AWS/ApplicationELB",
                    "HealthyHostCount",
                    &pair,
                    "Average",
                    "Count",
                ));
            }
        }
    }
    Ok(out)
}

/// Cluster-level reservation and utilisation (Container Insights for utilisation).
pub fn cluster_series(cluster: &str, prefix: &str) -> Vec<SeriesSpec> {
    let d = [("ClusterName", cluster)];
    vec![
        spec(&format!("{prefix}cpures"), "CPU reservation", "AWS/ECS", "CPUReservation", &d, "Average", "Percent"),
        spec(&format!("{prefix}memres"), "Memory reservation", "AWS/ECS", "MemoryReservation", &d, "Average", "Percent"),
        spec(&format!("{prefix}cpuutil"), "CPU utilisation", "AWS/ECS", "CPUUtilization", &d, "Average", "Percent"),
        spec(&format!("{prefix}memutil"), "Memory utilisation", "AWS/ECS", "MemoryUtilization", &d, "Average", "Percent"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_follow_cloudwatch_rules() {
        assert_eq!(period_for(15 * 60, true), 1);
        assert_eq!(period_for(15 * 60, false), 60);
        assert_eq!(period_for(3600, false), 60);
        assert_eq!(period_for(86400, false), 60);
        assert_eq!(period_for(7 * 86400, false), 900);
        assert!(period_for(3 * 3600, true) <= 60);
    }

    #[test]
    fn the_cursor_drops_repeats_and_out_of_order_points() {
        let mut c = Cursor::new(100);
        let first = c.accept("a", vec![Point { t: 102, v: 2.0 }, Point { t: 101, v: 1.0 }, Point { t: 102, v: 2.0 }]);
        assert_eq!(first.iter().map(|p| p.t).collect::<Vec<_>>(), [101, 102]);
        let again = c.accept("a", vec![Point { t: 102, v: 2.0 }, Point { t: 103, v: 3.0 }]);
        assert_eq!(again, [Point { t: 103, v: 3.0 }]);
        let specs = [spec("a", "", "", "", &[], "Average", ""), spec("b", "", "", "", &[], "Average", "")];
        // A series with no points yet holds the window open from the start.
        assert_eq!(c.from(&specs, 1), 100);
        c.accept("b", vec![Point { t: 105, v: 0.0 }]);
        assert_eq!(c.from(&specs, 1), 104);
    }
}
