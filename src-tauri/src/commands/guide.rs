//! The guided walkthrough's live checks. Its progress is kept as a draft of kind `guide`.

use std::sync::Arc;

use berth_core::cleanup::{self, CleanupAction, CleanupPlan};
use berth_core::guide::{self, GuideStep, GuideTargets, StepCheck};
use berth_core::Console;
use tauri::State;

use crate::error::IpcResult;

/// Whether the active environment holds what `step` asks, read-only, with what is missing.
#[tauri::command]
pub async fn check_guide_step(console: State<'_, Arc<Console>>, step: GuideStep, targets: GuideTargets) -> IpcResult<StepCheck> {
    Ok(guide::check(&console.clients().await?, step, &targets).await?)
}

/// What the walkthrough left in the active environment, and the order to remove it in.
#[tauri::command]
pub async fn guide_cleanup_plan(console: State<'_, Arc<Console>>, targets: GuideTargets) -> IpcResult<CleanupPlan> {
    Ok(cleanup::plan(&console.clients().await?, &targets).await?)
}

/// One removal of the clean-up; the user typed the walkthrough's cluster name to confirm.
#[tauri::command]
pub async fn guide_cleanup_step(
    console: State<'_, Arc<Console>>,
    targets: GuideTargets,
    action: CleanupAction,
    confirm: String,
) -> IpcResult<()> {
    Ok(cleanup::run_step(&console.clients().await?, &action, &targets.cluster, &confirm).await?)
}
