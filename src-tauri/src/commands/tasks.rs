//! Tasks of a cluster: streamed listing, detail, run, stop and their logs.

use std::sync::Arc;

use berth_core::listing::ListingStats;
use berth_core::logs::{self, LogPage, LogTarget};
use berth_core::tasks::{self, NewTasks, RunOutcome, Task, TaskFilter};
use berth_core::Console;
use tauri::ipc::Channel;
use tauri::State;

use super::confirmed;
use crate::error::IpcResult;

/// Each described batch goes to `on_batch` as it arrives, so the table fills progressively.
#[tauri::command]
pub async fn list_tasks(
    console: State<'_, Arc<Console>>,
    cluster: String,
    filter: TaskFilter,
    on_batch: Channel<Vec<Task>>,
) -> IpcResult<ListingStats> {
    let clients = console.clients().await?;
    Ok(tasks::list(&clients, &cluster, &filter, |batch| {
        // A closed channel means the screen went away; the listing simply finishes.
        let _ = on_batch.send(batch);
    })
    .await?)
}

#[tauri::command]
pub async fn describe_task(console: State<'_, Arc<Console>>, cluster: String, task: String) -> IpcResult<Task> {
    Ok(tasks::describe(&console.clients().await?, &cluster, &task).await?)
}

#[tauri::command]
pub async fn run_tasks(console: State<'_, Arc<Console>>, input: NewTasks) -> IpcResult<RunOutcome> {
    Ok(tasks::run(&console.clients().await?, &input).await?)
}

/// The user types "stop" to confirm.
#[tauri::command]
pub async fn stop_task(
    console: State<'_, Arc<Console>>,
    cluster: String,
    task: String,
    reason: String,
    confirm: String,
) -> IpcResult<Task> {
    confirmed("stop", &confirm)?;
    Ok(tasks::stop(&console.clients().await?, &cluster, &task, &reason).await?)
}

#[tauri::command]
pub async fn task_log_targets(console: State<'_, Arc<Console>>, cluster: String, task: String) -> IpcResult<Vec<LogTarget>> {
    Ok(logs::task_targets(&console.clients().await?, &cluster, &task).await?)
}

#[tauri::command]
pub async fn read_log_events(console: State<'_, Arc<Console>>, group: String, stream: String, token: Option<String>) -> IpcResult<LogPage> {
    Ok(logs::read_forward(&console.clients().await?, &group, &stream, token).await?)
}
