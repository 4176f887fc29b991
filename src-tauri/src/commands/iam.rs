//! IAM roles for the wizards' role pickers, and the standard roles made on request.

use std::sync::Arc;

use berth_core::iam::{self, PassRoleCheck, RoleCall, RoleChoice, RolePurpose};
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

/// Whether this environment's identity may pass `role_arn` to a service, asked of IAM's
/// policy simulator before the wizard sends anything that uses the role.
#[tauri::command]
pub async fn check_pass_role(console: State<'_, Arc<Console>>, role_arn: String) -> IpcResult<PassRoleCheck> {
    Ok(iam::check_pass_role(&console.clients().await?, &role_arn).await?)
}
