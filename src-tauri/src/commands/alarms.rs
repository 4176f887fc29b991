//! CloudWatch alarms: the list, one alarm with its history and chart series, ready-made
//! alarms on a service's metrics, create or update with the CLI command, delete.

use std::sync::Arc;

use berth_core::alarms::{self, Alarm, AlarmHistoryItem, NewAlarm, ServiceMetric};
use berth_core::metrics::SeriesSpec;
use berth_core::Console;
use tauri::State;

use super::confirmed;
use crate::error::IpcResult;

#[tauri::command]
pub async fn list_alarms(console: State<'_, Arc<Console>>) -> IpcResult<Vec<Alarm>> {
    Ok(alarms::list(&console.clients().await?).await?)
}

#[tauri::command]
pub async fn describe_alarm(console: State<'_, Arc<Console>>, name: String) -> IpcResult<Alarm> {
    Ok(alarms::describe(&console.clients().await?, &name).await?)
}

/// Newest first.
#[tauri::command]
pub async fn alarm_history(console: State<'_, Arc<Console>>, name: String) -> IpcResult<Vec<AlarmHistoryItem>> {
    Ok(alarms::history(&console.clients().await?, &name).await?)
}

/// The series that charts the alarm's metric as CloudWatch judges it.
#[tauri::command]
pub async fn alarm_series(console: State<'_, Arc<Console>>, name: String) -> IpcResult<SeriesSpec> {
    Ok(alarms::describe(&console.clients().await?, &name).await?.series("alarm"))
}

/// A ready-made alarm on the service's CPU, memory, target 5XX or response time.
#[tauri::command]
pub async fn service_alarm_template(
    console: State<'_, Arc<Console>>,
    cluster: String,
    service: String,
    metric: ServiceMetric,
) -> IpcResult<NewAlarm> {
    Ok(alarms::service_alarm_template(&console.clients().await?, &cluster, &service, metric).await?)
}

/// The series a new alarm's metric is charted with, and its CLI command.
#[tauri::command]
pub async fn preview_alarm(console: State<'_, Arc<Console>>, alarm: NewAlarm) -> IpcResult<(SeriesSpec, String)> {
    let clients = console.clients().await?;
    Ok((alarm.series("alarm"), alarm.cli(&clients)))
}

#[tauri::command]
pub async fn put_alarm(console: State<'_, Arc<Console>>, alarm: NewAlarm) -> IpcResult<Alarm> {
    Ok(alarms::put(&console.clients().await?, &alarm).await?)
}

/// The user types the alarm's name to confirm.
#[tauri::command]
pub async fn delete_alarm(console: State<'_, Arc<Console>>, name: String, confirm: String) -> IpcResult<()> {
    confirmed(&name, &confirm)?;
    Ok(alarms::delete(&console.clients().await?, &name).await?)
}
