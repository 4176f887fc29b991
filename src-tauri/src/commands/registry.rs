//! ECR repositories and images of the active environment.

use std::sync::Arc;

use berth_core::registry::{self, Image, NewRepository, PushCommand, Repository};
use berth_core::Console;
use tauri::State;

use super::confirmed;
use crate::error::IpcResult;

#[tauri::command]
pub async fn list_repositories(console: State<'_, Arc<Console>>) -> IpcResult<Vec<Repository>> {
    Ok(registry::list(&console.clients().await?).await?)
}

#[tauri::command]
pub async fn describe_repository(console: State<'_, Arc<Console>>, name: String) -> IpcResult<Repository> {
    Ok(registry::describe(&console.clients().await?, &name).await?)
}

#[tauri::command]
pub async fn create_repository(console: State<'_, Arc<Console>>, input: NewRepository) -> IpcResult<Repository> {
    Ok(registry::create(&console.clients().await?, &input).await?)
}

/// The user types the repository's name to confirm; `force` also deletes its images.
#[tauri::command]
pub async fn delete_repository(console: State<'_, Arc<Console>>, name: String, force: bool, confirm: String) -> IpcResult<()> {
    confirmed(&name, &confirm)?;
    Ok(registry::delete(&console.clients().await?, &name, force).await?)
}

#[tauri::command]
pub async fn list_images(console: State<'_, Arc<Console>>, name: String) -> IpcResult<Vec<Image>> {
    Ok(registry::images(&console.clients().await?, &name).await?)
}

/// Returns `(digest, reason)` for each image ECR kept.
#[tauri::command]
pub async fn delete_images(
    console: State<'_, Arc<Console>>,
    name: String,
    digests: Vec<String>,
    confirm: String,
) -> IpcResult<Vec<(String, String)>> {
    confirmed("delete", &confirm)?;
    Ok(registry::delete_images(&console.clients().await?, &name, &digests).await?)
}

#[tauri::command]
pub async fn push_commands(console: State<'_, Arc<Console>>, repository_uri: String) -> IpcResult<Vec<PushCommand>> {
    Ok(registry::push_commands(&repository_uri, &console.clients().await?))
}
