//! Destructive actions are confirmed by typing the resource's name. The check lives here,
//! behind every delete, so no caller (a stray UI call, a script) can skip it.

use crate::{CoreError, Result};

/// Passes only when `typed` is exactly `expected`.
pub fn require(expected: &str, typed: &str) -> Result<()> {
    if typed == expected {
        Ok(())
    } else {
        Err(CoreError::ConfirmationMismatch { expected: expected.to_string() })
    }
}
