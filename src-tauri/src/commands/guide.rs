//! The guided walkthrough's live checks. Its progress is kept as a draft of kind `guide`.

use std::sync::Arc;

use berth_core::guide::{self, GuideStep, GuideTargets, StepCheck};
use berth_core::Console;
use tauri::State;

use crate::error::IpcResult;

/// Whether the active environment holds what `step` asks, read-only, with what is missing.
#[tauri::command]
pub async fn check_guide_step(console: State<'_, Arc<Console>>, step: GuideStep, targets: GuideTargets) -> IpcResult<StepCheck> {
    Ok(guide::check(&console.clients().await?, step, &targets).await?)
}
