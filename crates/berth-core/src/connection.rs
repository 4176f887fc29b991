//! "Test connection": who the environment's credentials are, or why they fail.

use serde::Serialize;

use crate::error::{CoreError, Result};

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    pub account: Option<String>,
    pub arn: Option<String>,
    pub user_id: Option<String>,
    /// "sts" when GetCallerIdentity answered; "ecs" when only ListClusters could be used.
    pub checked_with: &'static str,
}

pub async fn test(sts: &aws_sdk_sts::Client, ecs: &aws_sdk_ecs::Client) -> Result<Identity> {
    match sts.get_caller_identity().send().await.map_err(|e| CoreError::from_sdk("GetCallerIdentity", e)) {
        Ok(out) => Ok(Identity { account: out.account, arn: out.arn, user_id: out.user_id, checked_with: "sts" }),
        // Some AWS-compatible endpoints have no STS; ECS answering proves the rest.
        Err(CoreError::Aws { code, .. }) if sts_absent(&code) => {
            ecs.list_clusters().max_results(1).send().await.map_err(|e| CoreError::from_sdk("ListClusters", e))?;
            Ok(Identity { account: None, arn: None, user_id: None, checked_with: "ecs" })
        }
        Err(e) => Err(e),
    }
}

fn sts_absent(code: &str) -> bool {
    matches!(code, "UnknownOperationException" | "InvalidAction" | "NotImplemented" | "UnknownError")
}
