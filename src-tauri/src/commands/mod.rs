//! One file of commands per area; each command only calls berth-core.

pub mod alarms;
pub mod capacity;
pub mod clusters;
pub mod container_instances;
pub mod costs;
pub mod deployments;
pub mod diagnose;
pub mod drafts;
pub mod environments;
pub mod files;
pub mod forms;
pub mod guide;
pub mod iam;
pub mod metrics;
pub mod network;
pub mod registry;
pub mod sandbox;
pub mod services;
pub mod task_definitions;
pub mod tasks;

use crate::error::IpcResult;

/// Destructive commands take what the user typed and check it in Rust too (berth-core's
/// rule), so no stray call from the UI can delete anything.
pub fn confirmed(expected: &str, typed: &str) -> IpcResult<()> {
    Ok(berth_core::confirmation::require(expected, typed)?)
}
