//! The embedded sandbox: where it listens, where it keeps state, resetting it, its
//! controls, and the AWS CLI profile that reaches it.

use berth_core::sandbox::Endpoint;
use serde::Serialize;
use tauri::State;

use crate::error::{IpcError, IpcResult};
use crate::{EmbeddedSandbox, SandboxSlot};

#[derive(Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SandboxStatus {
    url: String,
    state_file: Option<String>,
    /// The unreadable state file moved aside at start-up, if there was one.
    set_aside: Option<String>,
    /// The AWS CLI profile that signs for the sandbox.
    cli_profile: SandboxCliProfile,
}

/// The `berth-sandbox` profile: what goes into the AWS CLI config and whether it is there.
#[derive(Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SandboxCliProfile {
    name: String,
    /// The config file the AWS CLI reads (`AWS_CONFIG_FILE` or `~/.aws/config`).
    config_file: Option<String>,
    section: String,
    /// The config file holds exactly this section.
    written: bool,
    /// Why the profile cannot work this run (no keyring to keep the key pair), if so.
    unavailable: Option<String>,
}

fn cli_profile(embedded: &EmbeddedSandbox, region: &str) -> SandboxCliProfile {
    let exe = std::env::current_exe().unwrap_or_else(|_| "berth".into());
    let section = berth_core::sandbox::cli_profile_section(&exe, region);
    let path = config_file();
    let written = path.as_ref().and_then(|p| std::fs::read_to_string(p).ok()).is_some_and(|t| t.contains(&section));
    SandboxCliProfile {
        name: berth_core::sandbox::CLI_PROFILE.into(),
        config_file: path.map(|p| p.display().to_string()),
        section,
        written,
        unavailable: embedded.keys_not_kept.clone(),
    }
}

fn config_file() -> Option<std::path::PathBuf> {
    berth_core::sandbox::cli_config_path(std::env::var_os("AWS_CONFIG_FILE").map(Into::into), std::env::var_os("HOME").map(Into::into))
}

fn embedded(slot: &SandboxSlot) -> IpcResult<&EmbeddedSandbox> {
    slot.0.as_ref().ok_or_else(|| IpcError::new("SandboxNotRunning", "Berth is not running its own sandbox.", None))
}

/// `None` when Berth runs against another local endpoint instead of its own sandbox.
#[tauri::command]
pub fn sandbox_status(slot: State<'_, SandboxSlot>, region: String) -> Option<SandboxStatus> {
    slot.0.as_ref().map(|e| SandboxStatus {
        url: e.sandbox.url(),
        state_file: e.sandbox.state_file().map(|p| p.display().to_string()),
        set_aside: e.set_aside.clone(),
        cli_profile: cli_profile(e, &region),
    })
}

/// Writes the `berth-sandbox` profile into the AWS CLI config, keeping the rest of the
/// file; the profile's credential process is this Berth binary, so no secret is written.
#[tauri::command]
pub fn write_sandbox_cli_profile(slot: State<'_, SandboxSlot>, region: String) -> IpcResult<SandboxCliProfile> {
    let embedded = embedded(&slot)?;
    let profile = cli_profile(embedded, &region);
    if let Some(why) = &profile.unavailable {
        return Err(IpcError::new(
            "SandboxKeysNotKept",
            &format!("The sandbox's key pair is not in the keyring: {why}"),
            Some("Unlock the keyring and restart Berth."),
        ));
    }
    let path = config_file().ok_or_else(|| IpcError::new("NoHomeDirectory", "Neither AWS_CONFIG_FILE nor HOME is set.", None))?;
    berth_core::sandbox::write_cli_profile(&path, &profile.section)?;
    Ok(cli_profile(embedded, &region))
}

/// Deletes every sandbox resource; the UI asks the user to type "sandbox" first and so
/// does this command, so no stray call can wipe it.
#[tauri::command]
pub async fn reset_sandbox(slot: State<'_, SandboxSlot>, confirm: String) -> IpcResult<()> {
    let embedded = embedded(&slot)?;
    super::confirmed("sandbox", &confirm)?;
    embedded
        .sandbox
        .reset()
        .await
        .map_err(|e| IpcError::new("SandboxStateNotSaved", &e.to_string(), Some("Check that Berth's data directory is writable.")))
}

/// Runs one control call against the embedded sandbox, signed with its key pair.
async fn control<T>(slot: &SandboxSlot, f: impl AsyncFnOnce(Endpoint<'_>) -> berth_core::Result<T>) -> IpcResult<T> {
    let (url, keys) = embedded(slot)?.endpoint();
    Ok(f(Endpoint { url: &url, keys: Some(keys) }).await?)
}

/// The sandbox's clock speed and its services with their traffic, in `region`.
#[tauri::command]
pub async fn describe_simulation(slot: State<'_, SandboxSlot>, region: String) -> IpcResult<berth_core::sandbox::Simulation> {
    control(&slot, async |e| berth_core::sandbox::describe_simulation(e, &region).await).await
}

#[tauri::command]
pub async fn set_service_traffic(
    slot: State<'_, SandboxSlot>,
    region: String,
    cluster: String,
    service: String,
    requests_per_second: f64,
) -> IpcResult<()> {
    control(&slot, async |e| berth_core::sandbox::set_traffic(e, &region, &cluster, &service, requests_per_second).await).await
}

#[tauri::command]
pub async fn push_sample_image(
    slot: State<'_, SandboxSlot>,
    region: String,
    repository_name: String,
    image_tag: String,
) -> IpcResult<berth_core::sandbox::PushedImage> {
    control(&slot, async |e| berth_core::sandbox::push_sample_image(e, &region, &repository_name, &image_tag).await).await
}

/// 1 for 1-second metrics for one service, 60 for CloudWatch's usual one-minute ones.
#[tauri::command]
pub async fn set_metrics_resolution(
    slot: State<'_, SandboxSlot>,
    region: String,
    cluster: String,
    service: String,
    seconds: i64,
) -> IpcResult<()> {
    control(&slot, async |e| berth_core::sandbox::set_metrics_resolution(e, &region, &cluster, &service, seconds).await).await
}

/// What the sandbox answers, from now on, for the Lambda hooks naming `hook_target_arn`.
#[tauri::command]
pub async fn set_hook_outcome(slot: State<'_, SandboxSlot>, region: String, hook_target_arn: String, outcome: String) -> IpcResult<()> {
    control(&slot, async |e| berth_core::sandbox::set_hook_outcome(e, &region, &hook_target_arn, &outcome).await).await
}
