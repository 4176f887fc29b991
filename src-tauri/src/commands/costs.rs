//! What things cost: before a task runs or capacity is added, and what runs now.

use std::sync::Arc;

use berth_core::capacity::NewCapacity;
use berth_core::costs::{self, RunningCost};
use berth_core::environments::EnvironmentKind;
use berth_core::prices::Estimate;
use berth_core::tasks::NewTasks;
use berth_core::Console;
use tauri::State;

use crate::error::IpcResult;

#[tauri::command]
pub async fn estimate_run_task(console: State<'_, Arc<Console>>, input: NewTasks) -> IpcResult<Estimate> {
    Ok(costs::run_task_estimate(&console.clients().await?, &input).await?)
}

#[tauri::command]
pub async fn estimate_capacity(console: State<'_, Arc<Console>>, input: NewCapacity) -> IpcResult<Estimate> {
    Ok(costs::capacity_estimate(&console.clients().await?.region, &input))
}

/// The header's meter: what the active environment runs now, by the hour.
#[tauri::command]
pub async fn running_cost(console: State<'_, Arc<Console>>) -> IpcResult<RunningCost> {
    let sandbox = matches!(console.active_environment().await?.kind, EnvironmentKind::Sandbox);
    Ok(costs::running(&console.clients().await?, sandbox).await?)
}
