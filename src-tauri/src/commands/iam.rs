//! IAM roles for the wizards' role pickers, and the standard roles made on request.

use std::sync::Arc;

use berth_core::iam::{self, RoleCall, RoleChoice, RolePurpose};
use berth_core::Console;
use tauri::State;

use crate::error::IpcResult;

/// The roles `purpose`'s service principal may assume, with their attached policies.
#[tauri::command]
pub async fn list_roles(console: State<'_, Arc<Console>>, purpose: RolePurpose) -> IpcResult<Vec<RoleChoice>> {
    Ok(iam::list_roles(&console.clients().await?, purpose).await?)
}

/// What "Create the standard role" will call, shown before anything is created.
#[tauri::command]
pub async fn standard_role_plan(console: State<'_, Arc<Console>>, purpose: RolePurpose) -> IpcResult<Vec<RoleCall>> {
    Ok(iam::standard_role_plan(purpose, &console.clients().await?.cli_target())?)
}

#[tauri::command]
pub async fn create_standard_role(console: State<'_, Arc<Console>>, purpose: RolePurpose) -> IpcResult<RoleChoice> {
    Ok(iam::create_standard_role(&console.clients().await?, purpose).await?)
}
