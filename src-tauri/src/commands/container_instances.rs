//! A cluster's container instances: the table, drain and deregister.

use std::sync::Arc;

use berth_core::container_instances::{self, ContainerInstance};
use berth_core::Console;
use tauri::State;

use crate::error::IpcResult;

#[tauri::command]
pub async fn list_container_instances(console: State<'_, Arc<Console>>, cluster: String) -> IpcResult<Vec<ContainerInstance>> {
    Ok(container_instances::list(&console.clients().await?, &cluster).await?)
}

/// DRAINING (or back to ACTIVE) for the chosen instances.
#[tauri::command]
pub async fn set_container_instances_draining(
    console: State<'_, Arc<Console>>,
    cluster: String,
    arns: Vec<String>,
    draining: bool,
) -> IpcResult<Vec<ContainerInstance>> {
    Ok(container_instances::set_draining(&console.clients().await?, &cluster, &arns, draining).await?)
}

/// The user types the EC2 instance ID to confirm; berth-core checks it against ECS's record.
#[tauri::command]
pub async fn deregister_container_instance(
    console: State<'_, Arc<Console>>,
    cluster: String,
    arn: String,
    force: bool,
    confirm: String,
) -> IpcResult<()> {
    Ok(container_instances::deregister(&console.clients().await?, &cluster, &arn, force, &confirm).await?)
}
