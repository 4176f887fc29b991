//! Environments, regions and the connection test.

use std::sync::Arc;

use berth_core::connection::Identity;
use berth_core::environments::{Environment, EnvironmentUpdate, NewAccessKeysEnvironment};
use berth_core::regions::{RegionInfo, REGIONS};
use berth_core::Console;
use serde::Serialize;
use tauri::State;

use crate::error::IpcResult;

#[derive(Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    config_dir: String,
    /// Where an unreadable settings file was moved at start-up, for the UI to report.
    settings_set_aside: Option<String>,
}

#[tauri::command]
pub fn app_status(console: State<'_, Arc<Console>>) -> AppStatus {
    let envs = console.environments();
    AppStatus { config_dir: envs.config_dir().display().to_string(), settings_set_aside: envs.set_aside().map(|p| p.display().to_string()) }
}

#[tauri::command]
pub fn list_regions() -> &'static [RegionInfo] {
    REGIONS
}

#[tauri::command]
pub async fn list_environments(console: State<'_, Arc<Console>>) -> IpcResult<Vec<Environment>> {
    Ok(console.environments().list().await)
}

#[tauri::command]
pub async fn active_environment(console: State<'_, Arc<Console>>) -> IpcResult<Environment> {
    Ok(console.active_environment().await?)
}

#[tauri::command]
pub async fn switch_environment(console: State<'_, Arc<Console>>, id: String) -> IpcResult<Environment> {
    Ok(console.switch_environment(&id).await?)
}

#[tauri::command]
pub async fn update_environment(console: State<'_, Arc<Console>>, id: String, change: EnvironmentUpdate) -> IpcResult<Environment> {
    Ok(console.update_environment(&id, change).await?)
}

#[tauri::command]
pub async fn add_access_keys_environment(console: State<'_, Arc<Console>>, input: NewAccessKeysEnvironment) -> IpcResult<Environment> {
    Ok(console.add_access_keys(input).await?)
}

/// The user types the environment's name to confirm.
#[tauri::command]
pub async fn remove_environment(console: State<'_, Arc<Console>>, id: String, confirm: String) -> IpcResult<()> {
    Ok(console.remove_environment(&id, &confirm).await?)
}

#[tauri::command]
pub async fn test_connection(console: State<'_, Arc<Console>>, id: String) -> IpcResult<Identity> {
    Ok(console.test_connection(&id).await?)
}
