//! The embedded sandbox: where it listens, where it keeps state, and resetting it.

use serde::Serialize;
use tauri::State;

use crate::error::{IpcError, IpcResult};
use crate::SandboxSlot;

#[derive(Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SandboxStatus {
    url: String,
    state_file: Option<String>,
    /// The unreadable state file moved aside at start-up, if there was one.
    set_aside: Option<String>,
}

/// `None` when Berth runs against another local endpoint instead of its own sandbox.
#[tauri::command]
pub fn sandbox_status(slot: State<'_, SandboxSlot>) -> Option<SandboxStatus> {
    slot.0.as_ref().map(|e| SandboxStatus {
        url: e.sandbox.url(),
        state_file: e.sandbox.state_file().map(|p| p.display().to_string()),
        set_aside: e.set_aside.clone(),
    })
}

/// Deletes every sandbox resource; the UI asks the user to type "sandbox" first and so
/// does this command, so no stray call can wipe it.
#[tauri::command]
pub async fn reset_sandbox(slot: State<'_, SandboxSlot>, confirm: String) -> IpcResult<()> {
    let embedded = slot.0.as_ref().ok_or_else(|| IpcError::new("SandboxNotRunning", "Berth is not running its own sandbox.", None))?;
    super::confirmed("sandbox", &confirm)?;
    embedded
        .sandbox
        .reset()
        .await
        .map_err(|e| IpcError::new("SandboxStateNotSaved", &e.to_string(), Some("Check that Berth's data directory is writable.")))
}

fn sandbox_url(slot: &SandboxSlot) -> IpcResult<String> {
    slot.0
        .as_ref()
        .map(|e| e.sandbox.url())
        .ok_or_else(|| IpcError::new("SandboxNotRunning", "Berth is not running its own sandbox.", None))
}

/// The sandbox's clock speed and its services with their traffic, in `region`.
#[tauri::command]
pub async fn describe_simulation(slot: State<'_, SandboxSlot>, region: String) -> IpcResult<berth_core::sandbox::Simulation> {
    Ok(berth_core::sandbox::describe_simulation(&sandbox_url(&slot)?, &region).await?)
}

#[tauri::command]
pub async fn set_service_traffic(
    slot: State<'_, SandboxSlot>,
    region: String,
    cluster: String,
    service: String,
    requests_per_second: f64,
) -> IpcResult<()> {
    Ok(berth_core::sandbox::set_traffic(&sandbox_url(&slot)?, &region, &cluster, &service, requests_per_second).await?)
}

#[tauri::command]
pub async fn push_sample_image(
    slot: State<'_, SandboxSlot>,
    region: String,
    repository_name: String,
    image_tag: String,
) -> IpcResult<berth_core::sandbox::PushedImage> {
    Ok(berth_core::sandbox::push_sample_image(&sandbox_url(&slot)?, &region, &repository_name, &image_tag).await?)
}

/// 1 for 1-second metrics for one service, 60 for CloudWatch's usual one-minute ones.
#[tauri::command]
pub async fn set_metrics_resolution(
    slot: State<'_, SandboxSlot>,
    region: String,
    cluster: String,
    service: String,
    seconds: i64,
) -> IpcResult<()> {
    Ok(berth_core::sandbox::set_metrics_resolution(&sandbox_url(&slot)?, &region, &cluster, &service, seconds).await?)
}
