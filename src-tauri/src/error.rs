//! The IPC boundary's error: every berth-core error becomes `{code, message, hint, field}`
//! here, once, so the UI has one shape to show.

use berth_core::CoreError;
use serde::Serialize;

#[derive(Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct IpcError {
    pub code: String,
    pub message: String,
    pub hint: Option<String>,
    pub field: Option<String>,
}

impl From<CoreError> for IpcError {
    fn from(e: CoreError) -> Self {
        tracing::debug!(code = e.code(), error = %e, "command failed");
        IpcError { code: e.code().to_string(), message: e.to_string(), hint: e.hint(), field: e.field().map(str::to_string) }
    }
}

pub type IpcResult<T> = Result<T, IpcError>;

impl IpcError {
    pub fn new(code: &str, message: &str, hint: Option<&str>) -> Self {
        IpcError { code: code.into(), message: message.into(), hint: hint.map(str::to_string), field: None }
    }
}
