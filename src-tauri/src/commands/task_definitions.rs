//! Task-definition families and revisions of the active environment.

use std::sync::Arc;

use berth_core::task_definitions::{self, Described, Family, Revision};
use berth_core::validation::FieldError;
use berth_core::Console;
use serde_json::Value;
use tauri::State;

use super::confirmed;
use crate::error::IpcResult;

#[tauri::command]
pub async fn list_task_definition_families(console: State<'_, Arc<Console>>) -> IpcResult<Vec<Family>> {
    Ok(task_definitions::families(&console.clients().await?).await?)
}

#[tauri::command]
pub async fn list_task_definition_revisions(console: State<'_, Arc<Console>>, family: String) -> IpcResult<Vec<Revision>> {
    Ok(task_definitions::revisions(&console.clients().await?, &family).await?)
}

#[tauri::command]
pub async fn describe_task_definition(console: State<'_, Arc<Console>>, task_definition: String) -> IpcResult<Described> {
    Ok(task_definitions::describe(&console.clients().await?, &task_definition).await?)
}

/// Every rule the document breaks; the wizard calls this as the user types.
#[tauri::command]
pub fn validate_task_definition(input: Value) -> Vec<FieldError> {
    task_definitions::validate(&input)
}

/// Advice that does not block registering: environment values whose names look like
/// secrets, with a pointer to `secrets`.
#[tauri::command]
pub fn task_definition_warnings(input: Value) -> Vec<FieldError> {
    task_definitions::warnings(&input)
}

#[tauri::command]
pub fn task_definition_rules() -> task_definitions::TaskDefinitionRules {
    task_definitions::rules()
}

#[tauri::command]
pub async fn register_task_definition(console: State<'_, Arc<Console>>, input: Value, create_log_groups: bool) -> IpcResult<Described> {
    Ok(task_definitions::register(&console.clients().await?, &input, create_log_groups).await?)
}

/// The user types `family:revision` to confirm.
#[tauri::command]
pub async fn deregister_task_definition(console: State<'_, Arc<Console>>, task_definition: String, confirm: String) -> IpcResult<Revision> {
    confirmed(task_definition.rsplit('/').next().unwrap_or_default(), &confirm)?;
    Ok(task_definitions::deregister(&console.clients().await?, &task_definition).await?)
}
