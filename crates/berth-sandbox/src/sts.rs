//! STS GetCallerIdentity, so "Test connection" works against the sandbox.

use serde_json::{json, Value};

use crate::error::AwsError;
use crate::protocol::Request;
use crate::ACCOUNT_ID;

pub fn dispatch(req: &Request) -> Result<Value, AwsError> {
    match req.operation.as_str() {
        "GetCallerIdentity" => Ok(json!({
            "Arn": format!("arn:aws:iam::{ACCOUNT_ID}:user/sandbox"),
            "UserId": "AIDASANDBOXUSER00000",
            "Account": ACCOUNT_ID,
        })),
        other => Err(AwsError::client("InvalidAction", format!("The sandbox does not implement STS {other}."))),
    }
}
