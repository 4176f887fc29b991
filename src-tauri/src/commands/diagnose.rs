//! "Why isn't it running?": the explainer for a task or a service, and its fixes.

use std::sync::Arc;

use berth_core::diagnose::{self, Diagnosis, Fix, FixOutcome};
use berth_core::Console;
use tauri::State;

use crate::error::IpcResult;

#[tauri::command]
pub async fn explain_task(console: State<'_, Arc<Console>>, cluster: String, task: String) -> IpcResult<Diagnosis> {
    Ok(diagnose::explain_task(&console.clients().await?, &cluster, &task).await?)
}

#[tauri::command]
pub async fn explain_service(console: State<'_, Arc<Console>>, cluster: String, service: String) -> IpcResult<Diagnosis> {
    Ok(diagnose::explain_service(&console.clients().await?, &cluster, &service).await?)
}

/// Applies one of the explainer's fixes, which the user clicked.
#[tauri::command]
pub async fn apply_fix(console: State<'_, Arc<Console>>, fix: Fix) -> IpcResult<FixOutcome> {
    Ok(diagnose::apply(&console.clients().await?, &fix).await?)
}
