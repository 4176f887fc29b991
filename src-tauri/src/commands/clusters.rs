//! Clusters of the active environment.

use std::sync::Arc;

use berth_core::clusters::{Cluster, NewCluster};
use berth_core::Console;
use tauri::State;

use crate::error::IpcResult;

#[tauri::command]
pub async fn list_clusters(console: State<'_, Arc<Console>>) -> IpcResult<Vec<Cluster>> {
    Ok(console.list_clusters().await?)
}

#[tauri::command]
pub async fn describe_cluster(console: State<'_, Arc<Console>>, cluster: String) -> IpcResult<Cluster> {
    Ok(console.describe_cluster(&cluster).await?)
}

#[tauri::command]
pub async fn create_cluster(console: State<'_, Arc<Console>>, input: NewCluster) -> IpcResult<Cluster> {
    Ok(console.create_cluster(input).await?)
}

/// The user types the cluster's name to confirm.
#[tauri::command]
pub async fn delete_cluster(console: State<'_, Arc<Console>>, cluster: String, confirm: String) -> IpcResult<Cluster> {
    Ok(console.delete_cluster(&cluster, &confirm).await?)
}
