//! Services of a cluster: streamed listing, detail, the create plan (run, retry, roll
//! back), update, delete, and what hangs off a service: target health and auto scaling.

use std::sync::Arc;

use berth_core::listing::ListingStats;
use berth_core::load_balancers::{self, LoadBalancer, TargetGroup, TargetHealth};
use berth_core::prices::Estimate;
use berth_core::scaling::{self, ServiceScaling};
use berth_core::service_plan::{self, Created, NewService, Outcome, Step, Undone};
use berth_core::services::{self, Change, Service, ServiceUpdate};
use berth_core::Console;
use tauri::ipc::Channel;
use tauri::State;

use super::confirmed;
use crate::error::IpcResult;

/// Each described batch (10 services) goes to `on_batch` as it arrives.
#[tauri::command]
pub async fn list_services(console: State<'_, Arc<Console>>, cluster: String, on_batch: Channel<Vec<Service>>) -> IpcResult<ListingStats> {
    let clients = console.clients().await?;
    Ok(services::list(&clients, &cluster, |batch| {
        let _ = on_batch.send(batch);
    })
    .await?)
}

#[tauri::command]
pub async fn describe_service(console: State<'_, Arc<Console>>, cluster: String, service: String) -> IpcResult<Service> {
    Ok(services::describe(&console.clients().await?, &cluster, &service).await?)
}

/// The AWS calls creating this service takes, checked against AWS as it is now.
#[tauri::command]
pub async fn plan_service(console: State<'_, Arc<Console>>, input: NewService) -> IpcResult<Vec<Step>> {
    Ok(service_plan::plan(&console.clients().await?, &input).await?)
}

/// What the service would cost to leave running, by the public on-demand price table.
#[tauri::command]
pub async fn estimate_service(console: State<'_, Arc<Console>>, input: NewService) -> IpcResult<Estimate> {
    Ok(service_plan::estimate(&console.clients().await?, &input).await?)
}

/// Runs the plan from the first step `created` does not cover.
#[tauri::command]
pub async fn create_service(console: State<'_, Arc<Console>>, input: NewService, created: Created) -> IpcResult<Outcome> {
    Ok(service_plan::execute(&console.clients().await?, &input, created).await?)
}

#[tauri::command]
pub async fn roll_back_service(console: State<'_, Arc<Console>>, input: NewService, created: Created) -> IpcResult<Vec<Undone>> {
    Ok(service_plan::roll_back(&console.clients().await?, &input, &created).await)
}

/// What `update_service` would change, for the diff shown before sending.
#[tauri::command]
pub async fn preview_service_update(console: State<'_, Arc<Console>>, input: ServiceUpdate) -> IpcResult<Vec<Change>> {
    input.validate().map_err(berth_core::CoreError::from)?;
    let current = services::describe(&console.clients().await?, &input.cluster, &input.service).await?;
    Ok(input.changes(&current))
}

#[tauri::command]
pub async fn update_service(console: State<'_, Arc<Console>>, input: ServiceUpdate) -> IpcResult<Service> {
    Ok(services::update(&console.clients().await?, &input).await?)
}

/// The user types the service name to confirm.
#[tauri::command]
pub async fn delete_service(
    console: State<'_, Arc<Console>>,
    cluster: String,
    service: String,
    force: bool,
    confirm: String,
) -> IpcResult<Service> {
    confirmed(&service, &confirm)?;
    Ok(services::delete(&console.clients().await?, &cluster, &service, force).await?)
}

#[tauri::command]
pub async fn list_load_balancers(console: State<'_, Arc<Console>>) -> IpcResult<Vec<LoadBalancer>> {
    Ok(load_balancers::load_balancers(&console.clients().await?).await?)
}

#[tauri::command]
pub async fn list_target_groups(console: State<'_, Arc<Console>>, load_balancer_arn: Option<String>) -> IpcResult<Vec<TargetGroup>> {
    Ok(load_balancers::target_groups(&console.clients().await?, load_balancer_arn.as_deref()).await?)
}

#[tauri::command]
pub async fn target_health(console: State<'_, Arc<Console>>, target_group_arn: String) -> IpcResult<Vec<TargetHealth>> {
    Ok(load_balancers::target_health(&console.clients().await?, &target_group_arn).await?)
}

#[tauri::command]
pub async fn service_scaling(console: State<'_, Arc<Console>>, cluster: String, service: String) -> IpcResult<Option<ServiceScaling>> {
    Ok(scaling::describe(&console.clients().await?, &cluster, &service).await?)
}

/// `service/<cluster>/<service>` for every service with auto scaling.
#[tauri::command]
pub async fn scaled_services(console: State<'_, Arc<Console>>) -> IpcResult<Vec<String>> {
    Ok(scaling::scaled_services(&console.clients().await?).await?)
}
