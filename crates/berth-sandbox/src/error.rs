//! An AWS error: HTTP status, AWS's error code and a message in AWS's style. Each protocol
//! renders it in its own shape (see protocol.rs).

use axum::http::StatusCode;

#[derive(Debug, Clone, thiserror::Error)]
#[error("{code}: {message}")]
pub struct AwsError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// awsQuery distinguishes the caller's fault from the service's.
    pub sender_fault: bool,
}

impl AwsError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), sender_fault: status.is_client_error() }
    }

    pub fn client(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// ECS's catch-all for bad input.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::client("InvalidParameterException", message)
    }

    pub fn serialization(message: impl Into<String>) -> Self {
        Self::client("SerializationException", message)
    }
}
