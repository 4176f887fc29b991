//! Unfinished wizards of the active environment, kept in the app's data directory.

use std::sync::Arc;

use berth_core::drafts::{Draft, Drafts};
use berth_core::Console;
use serde_json::Value;
use tauri::State;

use crate::error::IpcResult;

/// `kind` names the wizard (`task-definition`), `base` what it started from (a revision,
/// or empty for a new family).
#[tauri::command]
pub async fn load_draft(
    console: State<'_, Arc<Console>>,
    drafts: State<'_, Drafts>,
    kind: String,
    base: String,
) -> IpcResult<Option<Draft>> {
    Ok(drafts.load(&kind, &console.active_environment().await?.id, &base))
}

#[tauri::command]
pub async fn save_draft(
    console: State<'_, Arc<Console>>,
    drafts: State<'_, Drafts>,
    kind: String,
    base: String,
    doc: Value,
) -> IpcResult<Draft> {
    Ok(drafts.save(&kind, &console.active_environment().await?.id, &base, doc)?)
}

#[tauri::command]
pub async fn discard_draft(console: State<'_, Arc<Console>>, drafts: State<'_, Drafts>, kind: String, base: String) -> IpcResult<()> {
    Ok(drafts.discard(&kind, &console.active_environment().await?.id, &base)?)
}
