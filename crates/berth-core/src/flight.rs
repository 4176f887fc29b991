//! The flight recorder: a deployment's timeline in one record, kept after it ends. What
//! ECS can tell after the fact (the deployment's times, its rollback and what triggered
//! it, the service's events, the watched alarms' history, the metrics) is read again each
//! time; what only watching gives (each revision's task counts and target health over
//! time) is sampled while Berth watches and kept in the app's data directory, one file per
//! deployment, so the record says which stretch it covers and where it is missing.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::deployments::{self, DeploymentDetail};
use crate::downloads::safe_name;
use crate::error::{CoreError, Result};
use crate::metrics::{self, Cursor, Delivery, SeriesSpec};
use crate::{alarms, load_balancers, services, Clients};

/// Samples kept per deployment: a day at one every 2 s is 43,200; beyond, the oldest go.
const MAX_SAMPLES: usize = 50_000;
/// Service events and alarm changes this long after a deployment ends still belong to it.
const AFTER: f64 = 120.0;

/// What watching saw at one moment: the new revision's tasks and the old ones', and the
/// targets' health in the service's first target group.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Sample {
    /// Epoch seconds on the endpoint's clock (the sandbox's may run fast).
    pub t: f64,
    pub new_running: i32,
    pub new_pending: i32,
    pub old_running: i32,
    pub old_pending: i32,
    pub healthy: i32,
    pub unhealthy: i32,
    pub draining: i32,
    pub initial: i32,
    /// The new revision's share of production traffic (shifting strategies), and the
    /// lifecycle stage ECS reported.
    #[serde(default)]
    pub new_traffic: Option<f64>,
    #[serde(default)]
    pub stage: Option<String>,
}

/// A point on the timeline: the deployment's own milestones, service events, alarm changes.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Moment {
    pub t: f64,
    /// deployment, rollback, event or alarm.
    pub kind: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct FlightRecord {
    pub deployment: DeploymentDetail,
    /// The window the timeline covers, epoch seconds.
    pub start: f64,
    pub end: f64,
    pub live: bool,
    /// This call took a sample: the deployment runs or has just ended. Ask again to go on.
    pub recording: bool,
    pub samples: Vec<Sample>,
    /// What the samples cover, in words, or why there are none.
    pub coverage: String,
    pub moments: Vec<Moment>,
    /// The service's metrics to chart over the window (metric_window fetches them).
    pub metrics: Vec<SeriesSpec>,
    /// ECS keeps a service's 100 newest events: an old deployment's may be gone.
    pub events_note: Option<String>,
}

/// Where recordings live: `<dir>/<environment>/<deployment id>.json`.
pub struct Recordings {
    dir: PathBuf,
}

impl Recordings {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Recordings { dir: dir.into() }
    }

    fn path(&self, environment: &str, deployment_arn: &str) -> PathBuf {
        let id = deployment_arn.rsplit('/').next().unwrap_or(deployment_arn);
        self.dir.join(safe_name(environment)).join(format!("{}.json", safe_name(id)))
    }

    /// A recording that cannot be read is treated as none: the timeline then says so.
    pub fn load(&self, environment: &str, deployment_arn: &str) -> Vec<Sample> {
        std::fs::read(self.path(environment, deployment_arn)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    }

    pub fn append(&self, environment: &str, deployment_arn: &str, sample: Sample) -> Result<Vec<Sample>> {
        let mut samples = self.load(environment, deployment_arn);
        if samples.last().is_some_and(|s| s.t >= sample.t) {
            return Ok(samples);
        }
        samples.push(sample);
        if samples.len() > MAX_SAMPLES {
            samples.drain(..samples.len() - MAX_SAMPLES);
        }
        let path = self.path(environment, deployment_arn);
        let failed = |e: std::io::Error| CoreError::Settings { path: path.clone(), detail: e.to_string() };
        std::fs::create_dir_all(path.parent().expect("a recording has a directory")).map_err(failed)?;
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, serde_json::to_vec(&samples).expect("samples serialize")).map_err(failed)?;
        std::fs::rename(&tmp, &path).map_err(failed)?;
        Ok(samples)
    }
}

/// One sample of the deployment as it stands: counts from the service deployment, target
/// health from the service's first target group.
pub async fn sample(clients: &Clients, service: &services::Service, d: &DeploymentDetail, now: f64) -> Result<Sample> {
    let target = d.target_revision.as_ref();
    let mut s = Sample {
        t: now,
        new_running: target.map(|t| t.running).unwrap_or(0),
        new_pending: target.map(|t| t.pending).unwrap_or(0),
        old_running: d.source_revisions.iter().map(|r| r.running).sum(),
        old_pending: d.source_revisions.iter().map(|r| r.pending).sum(),
        healthy: 0,
        unhealthy: 0,
        draining: 0,
        initial: 0,
        new_traffic: d.production_traffic_weight,
        stage: d.lifecycle_stage.clone(),
    };
    // Every target group the service's tasks register in: blue's and, while shifting, green's.
    let mut groups: Vec<String> = service.load_balancers.iter().filter_map(|l| l.target_group_arn.clone()).collect();
    groups.extend(service.strategy.alternate_target_group_arn.clone().filter(|_| service.strategy.shifts_traffic()));
    for tg in groups {
        for t in load_balancers::target_health(clients, &tg).await? {
            match t.state.as_str() {
                "healthy" => s.healthy += 1,
                "unhealthy" => s.unhealthy += 1,
                "draining" => s.draining += 1,
                "initial" => s.initial += 1,
                _ => {}
            }
        }
    }
    Ok(s)
}

fn coverage(samples: &[Sample], start: f64, end: f64, live: bool) -> String {
    let (Some(first), Some(last)) = (samples.first(), samples.last()) else {
        return "Berth did not watch this deployment: task counts and target health over time exist only for what Berth watched. ECS keeps the final counts, shown above.".into();
    };
    let span = |a: f64, b: f64| format!("{:.0} s", (b - a).max(0.0));
    let mut parts = vec![format!(
        "Task counts and target health recorded while Berth watched: {} samples over {}",
        samples.len(),
        span(first.t, last.t)
    )];
    if first.t - start > 30.0 {
        parts.push(format!("the first {} were not watched", span(start, first.t)));
    }
    if !live && end - last.t > 30.0 {
        parts.push(format!("the last {} were not watched", span(last.t, end)));
    }
    let gaps = samples.windows(2).filter(|w| w[1].t - w[0].t > 60.0).count();
    if gaps > 0 {
        parts.push(format!("{gaps} gap{} of more than a minute", if gaps == 1 { "" } else { "s" }));
    }
    parts.join("; ") + "."
}

/// The deployment's flight record; while it runs (or just after), a sample is taken and
/// kept first. `now` is the endpoint's clock.
pub async fn record(
    clients: &Clients,
    recordings: &Recordings,
    environment: &str,
    cluster: &str,
    service_name: &str,
    deployment_arn: &str,
    now: f64,
) -> Result<FlightRecord> {
    let d = deployments::describe(clients, deployment_arn).await?;
    let service = services::describe(clients, cluster, service_name).await?;
    let start = d.started_at.or(d.created_at).unwrap_or(now);
    let live = d.ongoing();
    let end = d.finished_at.or(d.stopped_at).unwrap_or(now).max(start);
    // The moments just after the end still show the rollout settling.
    let recording = live || now - end < AFTER;
    let samples = if recording {
        recordings.append(environment, deployment_arn, sample(clients, &service, &d, now).await?)?
    } else {
        recordings.load(environment, deployment_arn)
    };
    // The stages as watching saw them (ECS keeps no history of them).
    let mut stages: Vec<Moment> = vec![];
    for pair in samples.windows(2) {
        if pair[1].stage != pair[0].stage {
            if let Some(stage) = &pair[1].stage {
                stages.push(Moment { t: pair[1].t, kind: "stage".into(), text: format!("Stage {stage}") });
            }
        }
    }
    let window_end = if live { now } else { end + AFTER };

    let mut moments = vec![Moment { t: start, kind: "deployment".into(), text: format!("Deployment {} started ({})", d.id, d.strategy) }];
    if let Some(r) = d.rollback_started_at {
        moments.push(Moment {
            t: r,
            kind: "rollback".into(),
            text: format!("Rollback started: {}", d.rollback_reason.clone().unwrap_or_default()),
        });
    }
    if let Some(f) = d.finished_at {
        moments.push(Moment { t: f, kind: "deployment".into(), text: format!("Deployment {}: {}", d.id, d.status) });
    }
    let events: Vec<&services::ServiceEvent> =
        service.events.iter().filter(|e| e.created_at.is_some_and(|t| t >= start && t <= window_end)).collect();
    let oldest_kept = service.events.last().and_then(|e| e.created_at);
    let events_note = (service.events.len() >= 100 && oldest_kept.is_some_and(|o| o > start))
        .then(|| "ECS keeps a service's 100 newest events; the earlier events of this deployment are no longer there.".to_string());
    moments.extend(events.into_iter().map(|e| Moment { t: e.created_at.unwrap_or(start), kind: "event".into(), text: e.message.clone() }));
    for name in &d.alarm_names {
        // An alarm deleted since is left out; its name still shows on the deployment.
        let Ok(history) = alarms::history(clients, name).await else { continue };
        for h in history.into_iter().filter(|h| h.kind == "StateUpdate") {
            let Some(t) = h.timestamp.filter(|t| *t >= start - 300.0 && *t <= window_end) else { continue };
            moments.push(Moment {
                t,
                kind: "alarm".into(),
                text: format!("{name}: {} → {}", h.old_state.unwrap_or_default(), h.new_state.unwrap_or_default()),
            });
        }
    }
    moments.extend(stages);
    for h in &d.hooks {
        moments.push(Moment {
            t: samples.iter().rev().find(|s| s.t <= h.expires_at.unwrap_or(f64::MAX)).map(|s| s.t).unwrap_or(start),
            kind: "hook".into(),
            text: format!("{} hook {}: {}", if h.target_type == "PAUSE" { "Pause" } else { "Lambda" }, h.hook_id, h.status),
        });
    }
    moments.sort_by(|a, b| a.t.total_cmp(&b.t));
    let wanted = ["cpuavg", "memavg", "requests", "errors", "latency", "healthy"];
    let metrics = metrics::service_series(clients, &service, "f")
        .await?
        .into_iter()
        .filter(|s| wanted.iter().any(|w| s.id == format!("f{w}")))
        .collect();
    Ok(FlightRecord {
        coverage: coverage(&samples, start, end, live),
        deployment: d,
        start,
        end: window_end,
        live,
        recording,
        samples,
        moments,
        metrics,
        events_note,
    })
}

/// The metrics over a fixed window (a finished deployment's), at the period CloudWatch
/// allows for its length.
pub async fn metric_window(clients: &Clients, specs: &[SeriesSpec], start: f64, end: f64) -> Result<Delivery> {
    // A minute either side so the first and last periods are whole.
    let (from, to) = (start as i64 - 60, end as i64 + 60);
    let period = metrics::period_for(to - from, false);
    let mut cursor = Cursor::new(from - from.rem_euclid(i64::from(period)));
    let mut delivery = metrics::fetch(clients, specs, period, &mut cursor, to).await?;
    delivery.now = to;
    Ok(delivery)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(t: f64) -> Sample {
        Sample {
            t,
            new_running: 0,
            new_pending: 0,
            old_running: 0,
            old_pending: 0,
            healthy: 0,
            unhealthy: 0,
            draining: 0,
            initial: 0,
            new_traffic: None,
            stage: None,
        }
    }

    #[test]
    fn coverage_says_what_was_watched_and_what_was_not() {
        assert!(coverage(&[], 0.0, 100.0, false).starts_with("Berth did not watch this deployment"));
        let text = coverage(&[at(60.0), at(62.0), at(200.0), at(202.0)], 0.0, 300.0, false);
        assert!(text.contains("4 samples over 142 s"), "{text}");
        assert!(text.contains("the first 60 s were not watched") && text.contains("the last 98 s were not watched"), "{text}");
        assert!(text.contains("1 gap of more than a minute"), "{text}");
    }

    #[test]
    fn recordings_keep_samples_in_time_order_per_deployment() {
        let dir = tempfile::tempdir().unwrap();
        let r = Recordings::new(dir.path());
        let arn = "arn:aws:ecs:us-east-1:1:service-deployment/c/web/abc";
        r.append("sandbox", arn, at(10.0)).unwrap();
        r.append("sandbox", arn, at(12.0)).unwrap();
        // A sample no newer than the last is not kept twice.
        let all = r.append("sandbox", arn, at(12.0)).unwrap();
        assert_eq!(all.iter().map(|s| s.t).collect::<Vec<_>>(), vec![10.0, 12.0]);
        assert!(r.load("other", arn).is_empty());
    }
}
