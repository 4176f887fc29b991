//! Live CloudWatch series for charts: berth-core's streamer runs in Rust and pushes each
//! tick's new points through a Channel; the UI never polls. A watch ends when the screen
//! calls `stop_metrics` or the channel is gone.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use berth_core::environments::EnvironmentKind;
use berth_core::metrics::{self, Clock, Delivery, SeriesSpec};
use berth_core::sandbox::Endpoint;
use berth_core::Console;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;

use crate::error::IpcResult;
use crate::SandboxSlot;

#[derive(Default)]
pub struct Watches {
    next: AtomicU64,
    running: Mutex<HashMap<u64, tokio::task::AbortHandle>>,
}

#[derive(Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "MetricWatch")]
pub struct Watch {
    id: u64,
    /// Seconds per point CloudWatch was asked for.
    period: i32,
    /// Seconds between GetMetricData calls.
    tick_seconds: f64,
    /// Simulated seconds per wall second (1 on AWS).
    speed: f64,
}

/// The clock of the active environment's endpoint and its speed: the sandbox's may run
/// faster than the wall's, so windows and samples are read on its clock.
pub async fn endpoint_clock(console: &Console, slot: &SandboxSlot) -> IpcResult<(Clock, f64)> {
    let env = console.active_environment().await?;
    Ok(match (&env.kind, slot.0.as_ref()) {
        (EnvironmentKind::Sandbox, Some(embedded)) => {
            let (url, keys) = embedded.endpoint();
            let region = console.clients().await?.region;
            let sim = berth_core::sandbox::describe_simulation(Endpoint { url: &url, keys: Some(keys) }, &region).await?;
            (Clock::simulated(sim.now, sim.speed), sim.speed)
        }
        _ => (Clock::wall(), 1.0),
    })
}

/// The series a service's charts show.
#[tauri::command]
pub async fn service_metric_series(
    console: State<'_, Arc<Console>>,
    cluster: String,
    service: String,
    prefix: String,
) -> IpcResult<Vec<SeriesSpec>> {
    let clients = console.clients().await?;
    let described = berth_core::services::describe(&clients, &cluster, &service).await?;
    Ok(metrics::service_series(&clients, &described, &prefix).await?)
}

#[tauri::command]
pub fn cluster_metric_series(cluster: String, prefix: String) -> Vec<SeriesSpec> {
    metrics::cluster_series(&cluster, &prefix)
}

/// Starts streaming `specs` over the last `range_seconds`; every tick's new points go to
/// `on_data`.
#[tauri::command]
pub async fn watch_metrics(
    console: State<'_, Arc<Console>>,
    slot: State<'_, SandboxSlot>,
    watches: State<'_, Arc<Watches>>,
    specs: Vec<SeriesSpec>,
    range_seconds: i64,
    high_resolution: bool,
    on_data: Channel<Delivery>,
) -> IpcResult<Watch> {
    let clients = console.clients().await?;
    let (clock, speed) = endpoint_clock(&console, &slot).await?;
    let period = metrics::period_for(range_seconds, high_resolution);
    // Ask as often as new points can appear, at most once a second.
    let tick = Duration::from_secs_f64((period as f64 / speed.max(1.0)).clamp(1.0, 10.0));
    let id = watches.next.fetch_add(1, Ordering::Relaxed) + 1;
    let start = clock.now() - range_seconds;
    let registry = watches.inner().clone();
    let task = tokio::spawn(async move {
        metrics::stream(&clients, specs, period, start, clock, tick, |delivery| on_data.send(delivery).is_ok()).await;
        registry.running.lock().unwrap_or_else(|p| p.into_inner()).remove(&id);
    });
    watches.running.lock().unwrap_or_else(|p| p.into_inner()).insert(id, task.abort_handle());
    Ok(Watch { id, period, tick_seconds: tick.as_secs_f64(), speed })
}

#[tauri::command]
pub fn stop_metrics(watches: State<'_, Arc<Watches>>, id: u64) {
    if let Some(task) = watches.running.lock().unwrap_or_else(|p| p.into_inner()).remove(&id) {
        task.abort();
    }
}

/// The endpoint's clock now (epoch seconds) and how fast it runs, so countdowns tick on it.
#[tauri::command]
pub async fn endpoint_now(console: State<'_, Arc<Console>>, slot: State<'_, SandboxSlot>) -> IpcResult<(f64, f64)> {
    let (clock, speed) = endpoint_clock(&console, &slot).await?;
    Ok((clock.now() as f64, speed))
}
