//! EC2 capacity of a cluster: instance types with prices, the ECS-optimized AMI, the
//! capacity plan (run, retry, roll back), the Infrastructure tab's view, and the ordered
//! teardown of a cluster with its capacity.

use std::sync::Arc;

use berth_core::capacity::{
    self, CapacityCreated, CapacityOutcome, EcsAmi, Infrastructure, InstanceTypes, NewCapacity, TeardownAction, TeardownPlan,
};
use berth_core::plan::{Step, Undone};
use berth_core::Console;
use tauri::State;

use crate::error::IpcResult;

#[tauri::command]
pub async fn list_instance_types(console: State<'_, Arc<Console>>) -> IpcResult<InstanceTypes> {
    Ok(capacity::instance_types(&console.clients().await?).await?)
}

/// The recommended ECS-optimized Amazon Linux 2023 image for `architecture`.
#[tauri::command]
pub async fn ecs_ami(console: State<'_, Arc<Console>>, architecture: String) -> IpcResult<EcsAmi> {
    Ok(capacity::ecs_ami(&console.clients().await?, &architecture).await?)
}

/// The calls the capacity takes, checked against AWS as it is now.
#[tauri::command]
pub async fn plan_capacity(console: State<'_, Arc<Console>>, input: NewCapacity) -> IpcResult<Vec<Step>> {
    Ok(capacity::plan(&console.clients().await?, &input).await?)
}

/// Runs the plan from the first step `created` does not cover.
#[tauri::command]
pub async fn create_capacity(console: State<'_, Arc<Console>>, input: NewCapacity, created: CapacityCreated) -> IpcResult<CapacityOutcome> {
    Ok(capacity::execute(&console.clients().await?, &input, created).await?)
}

#[tauri::command]
pub async fn roll_back_capacity(console: State<'_, Arc<Console>>, input: NewCapacity, created: CapacityCreated) -> IpcResult<Vec<Undone>> {
    Ok(capacity::roll_back(&console.clients().await?, &input, &created).await)
}

#[tauri::command]
pub async fn describe_infrastructure(console: State<'_, Arc<Console>>, cluster: String) -> IpcResult<Infrastructure> {
    Ok(capacity::infrastructure(&console.clients().await?, &cluster).await?)
}

#[tauri::command]
pub async fn plan_cluster_teardown(console: State<'_, Arc<Console>>, cluster: String) -> IpcResult<TeardownPlan> {
    Ok(capacity::teardown_plan(&console.clients().await?, &cluster).await?)
}

/// One step of the teardown; the user typed the cluster's name, checked for each step.
#[tauri::command]
pub async fn run_cluster_teardown_step(
    console: State<'_, Arc<Console>>,
    cluster: String,
    action: TeardownAction,
    confirm: String,
) -> IpcResult<()> {
    Ok(capacity::teardown_step(&console.clients().await?, &cluster, &action, &confirm).await?)
}
