//! A service's deployment history: service deployments and revisions, the compare of two
//! revisions, rolling back a deployment in progress and redeploying a revision.

use std::sync::Arc;

use berth_core::deployments::{self, DeploymentAction, DeploymentDetail, DeploymentPage, RevisionComparison, ServiceRevision};
use berth_core::flight::{self, FlightRecord, Recordings};
use berth_core::metrics::{Delivery, SeriesSpec};
use berth_core::services::Service;
use berth_core::strategy::{self, Choice, ShiftChoices};
use berth_core::Console;
use tauri::State;

use super::metrics::endpoint_clock;
use crate::error::IpcResult;
use crate::SandboxSlot;

/// One page (20) of the service's deployments, newest first.
#[tauri::command]
pub async fn service_deployments(
    console: State<'_, Arc<Console>>,
    cluster: String,
    service: String,
    next_token: Option<String>,
) -> IpcResult<DeploymentPage> {
    Ok(deployments::history(&console.clients().await?, &cluster, &service, next_token).await?)
}

#[tauri::command]
pub async fn service_deployment(console: State<'_, Arc<Console>>, arn: String) -> IpcResult<DeploymentDetail> {
    Ok(deployments::describe(&console.clients().await?, &arn).await?)
}

#[tauri::command]
pub async fn service_revisions(console: State<'_, Arc<Console>>, arns: Vec<String>) -> IpcResult<Vec<ServiceRevision>> {
    Ok(deployments::revisions(&console.clients().await?, &arns).await?)
}

#[tauri::command]
pub async fn compare_service_revisions(console: State<'_, Arc<Console>>, left: String, right: String) -> IpcResult<RevisionComparison> {
    Ok(deployments::compare(&console.clients().await?, &left, &right).await?)
}

/// What rolling back `arn` returns the service to, and the CLI command.
#[tauri::command]
pub async fn preview_deployment_rollback(
    console: State<'_, Arc<Console>>,
    cluster: String,
    service: String,
    arn: String,
) -> IpcResult<DeploymentAction> {
    Ok(deployments::preview_rollback(&console.clients().await?, &cluster, &service, &arn).await?)
}

#[tauri::command]
pub async fn roll_back_deployment(console: State<'_, Arc<Console>>, arn: String) -> IpcResult<String> {
    Ok(deployments::roll_back(&console.clients().await?, &arn).await?)
}

/// What redeploying a revision from history changes, and the CLI command.
#[tauri::command]
pub async fn preview_redeploy(
    console: State<'_, Arc<Console>>,
    cluster: String,
    service: String,
    revision_arn: String,
) -> IpcResult<DeploymentAction> {
    Ok(deployments::preview_redeploy(&console.clients().await?, &cluster, &service, &revision_arn).await?)
}

#[tauri::command]
pub async fn redeploy_revision(
    console: State<'_, Arc<Console>>,
    cluster: String,
    service: String,
    revision_arn: String,
) -> IpcResult<Service> {
    Ok(deployments::redeploy(&console.clients().await?, &cluster, &service, &revision_arn).await?)
}

/// The deployment's flight record; while it runs, asking also records a sample.
#[tauri::command]
pub async fn flight_record(
    console: State<'_, Arc<Console>>,
    slot: State<'_, SandboxSlot>,
    recordings: State<'_, Recordings>,
    cluster: String,
    service: String,
    arn: String,
) -> IpcResult<FlightRecord> {
    let (clock, _) = endpoint_clock(&console, &slot).await?;
    let environment = console.active_environment().await?.id;
    let clients = console.clients().await?;
    Ok(flight::record(&clients, &recordings, &environment, &cluster, &service, &arn, clock.now() as f64).await?)
}

/// `specs` over a fixed window, for a flight record's charts.
#[tauri::command]
pub async fn metric_window(console: State<'_, Arc<Console>>, specs: Vec<SeriesSpec>, start: f64, end: f64) -> IpcResult<Delivery> {
    Ok(flight::metric_window(&console.clients().await?, &specs, start, end).await?)
}

/// What a blue/green, linear or canary deployment from this target group can use.
#[tauri::command]
pub async fn strategy_choices(
    console: State<'_, Arc<Console>>,
    target_group_arn: String,
    current_alternate: Option<String>,
) -> IpcResult<ShiftChoices> {
    Ok(strategy::choices(&console.clients().await?, &target_group_arn, current_alternate.as_deref()).await?)
}

/// A target group like this one, for green's tasks.
#[tauri::command]
pub async fn create_alternate_target_group(console: State<'_, Arc<Console>>, target_group_arn: String) -> IpcResult<Choice> {
    Ok(strategy::create_alternate_target_group(&console.clients().await?, &target_group_arn).await?)
}

/// A production rule and a test rule forwarding to this target group on its load
/// balancer's listener: (production, test).
#[tauri::command]
pub async fn create_listener_rules(console: State<'_, Arc<Console>>, target_group_arn: String) -> IpcResult<(Choice, Choice)> {
    Ok(strategy::create_listener_rules(&console.clients().await?, &target_group_arn).await?)
}

/// The CLI command that answers a paused hook.
#[tauri::command]
pub async fn continue_command(console: State<'_, Arc<Console>>, arn: String, hook_id: String, action: String) -> IpcResult<String> {
    Ok(strategy::continue_cli(&console.clients().await?, &arn, &hook_id, &action))
}

/// Answers a hook awaiting action: CONTINUE or ROLLBACK.
#[tauri::command]
pub async fn continue_deployment(console: State<'_, Arc<Console>>, arn: String, hook_id: String, action: String) -> IpcResult<String> {
    Ok(strategy::continue_deployment(&console.clients().await?, &arn, &hook_id, &action).await?)
}
