//! One file of commands per area; each command only calls berth-core.

pub mod clusters;
pub mod environments;
pub mod files;
pub mod metrics;
pub mod network;
pub mod registry;
pub mod sandbox;
pub mod services;
pub mod task_definitions;
pub mod tasks;

use crate::error::{IpcError, IpcResult};

/// Destructive commands take what the user typed and check it here too, so no stray call
/// from the UI can delete anything.
pub fn confirmed(expected: &str, typed: &str) -> IpcResult<()> {
    if typed == expected {
        Ok(())
    } else {
        Err(IpcError::field("confirm", "ConfirmationMismatch", &format!("Type {expected} to confirm.")))
    }
}
