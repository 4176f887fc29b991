//! The one error type of berth-core. Each variant knows its stable `code` and, where a
//! person can act on it, a plain `hint`; the Tauri shell turns it into `{code, message, hint}`.

use std::path::PathBuf;

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::validation::FieldError;

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// AWS answered and refused: its own code and message are kept verbatim.
    #[error("{message}")]
    Aws { code: String, message: String, operation: &'static str },
    #[error("could not reach the endpoint for {operation}: {detail}")]
    Network { operation: &'static str, detail: String },
    #[error("{operation} failed before AWS answered: {detail}")]
    Client { operation: &'static str, detail: String },
    #[error("{0}")]
    Invalid(#[from] FieldError),
    #[error("no environment with id {0:?}")]
    EnvironmentNotFound(String),
    #[error("no active environment: pick one in Settings")]
    NoActiveEnvironment,
    #[error("the OS keyring refused: {0}")]
    Keyring(String),
    #[error("no access keys are stored in the OS keyring for environment {0:?}")]
    MissingSecret(String),
    #[error("settings file {path}: {detail}")]
    Settings { path: PathBuf, detail: String },
    /// A destructive action whose typed confirmation is not the resource's name.
    #[error("Type {expected} to confirm.")]
    ConfirmationMismatch { expected: String },
}

impl CoreError {
    pub fn code(&self) -> &str {
        match self {
            CoreError::Aws { code, .. } => code,
            CoreError::Network { .. } => "NetworkError",
            CoreError::Client { .. } => "ClientError",
            CoreError::Invalid(_) => "ValidationError",
            CoreError::EnvironmentNotFound(_) => "EnvironmentNotFound",
            CoreError::NoActiveEnvironment => "NoActiveEnvironment",
            CoreError::Keyring(_) => "KeyringError",
            CoreError::MissingSecret(_) => "MissingSecret",
            CoreError::Settings { .. } => "SettingsError",
            CoreError::ConfirmationMismatch { .. } => "ConfirmationMismatch",
        }
    }

    /// The field a validation error is about, so the UI can put the message under it.
    pub fn field(&self) -> Option<&str> {
        match self {
            CoreError::Invalid(e) => Some(&e.field),
            CoreError::ConfirmationMismatch { .. } => Some("confirm"),
            _ => None,
        }
    }

    pub fn hint(&self) -> Option<String> {
        let hint = match self {
            CoreError::Aws { code, operation, .. } => match code.as_str() {
                "ExpiredToken" | "ExpiredTokenException" | "RequestExpired" | "TokenRefreshRequired" => {
                    "The session token has expired. For an SSO profile run `aws sso login --profile <name>`; for access keys, enter a fresh session token in Settings."
                }
                "InvalidClientTokenId" | "UnrecognizedClientException" | "SignatureDoesNotMatch"
                | "InvalidSignatureException" | "AuthFailure" => {
                    "AWS does not recognise these credentials. Check the access key id and secret, that the keys are still active, and the region."
                }
                "AccessDenied" | "AccessDeniedException" | "UnauthorizedOperation" => return Some(access_denied(operation, self.message())),
                "ClusterNotFoundException" => {
                    "There is no cluster of that name in this region. Check the region in the header."
                }
                "ClusterContainsServicesException" => {
                    "A cluster with services cannot be deleted. Scale its services to 0 and delete them first."
                }
                "ClusterContainsContainerInstancesException" => {
                    "Deregister the cluster's container instances (or delete its Auto Scaling group) first."
                }
                "ClusterContainsTasksException" => "Stop the cluster's running tasks first.",
                "ThrottlingException" | "Throttling" => {
                    "AWS is throttling this account; Berth already retried with backoff. Try again in a moment."
                }
                _ => return None,
            },
            CoreError::Network { .. } => {
                "Check the endpoint URL and your network. For real AWS, check that the region exists."
            }
            CoreError::Client { .. } => {
                "Berth could not sign the request: the environment's credentials did not load. For a profile, check it with `aws sts get-caller-identity --profile <name>`."
            }
            CoreError::Keyring(_) => {
                "The OS keyring (Secret Service, Keychain or Credential Manager) must be running and unlocked."
            }
            CoreError::MissingSecret(_) => "Enter the access keys for this environment again in Settings.",
            CoreError::Settings { .. } => {
                "The unreadable file was kept beside the new one with a .corrupt suffix; nothing was deleted."
            }
            _ => return None,
        };
        Some(hint.to_string())
    }

    fn message(&self) -> &str {
        match self {
            CoreError::Aws { message, .. } => message,
            _ => "",
        }
    }

    /// Converts any SDK failure, keeping AWS's own code and message when AWS answered.
    pub fn from_sdk<E, R>(operation: &'static str, err: SdkError<E, R>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug + Send + Sync + 'static,
    {
        match &err {
            SdkError::ServiceError(service) => {
                let e = service.err();
                CoreError::Aws {
                    code: e.code().unwrap_or("UnknownError").to_string(),
                    message: e.message().unwrap_or("AWS returned an error without a message").to_string(),
                    operation,
                }
            }
            SdkError::DispatchFailure(d) if d.is_io() || d.is_timeout() => {
                CoreError::Network { operation, detail: DisplayErrorContext(&err).to_string() }
            }
            SdkError::TimeoutError(_) => CoreError::Network { operation, detail: DisplayErrorContext(&err).to_string() },
            _ => CoreError::Client { operation, detail: DisplayErrorContext(&err).to_string() },
        }
    }
}

/// AccessDenied in plain words: which action on which resource (read from AWS's message,
/// "… is not authorized to perform: iam:CreateRole on resource: arn:…"), and which AWS
/// managed policy would grant it.
fn access_denied(operation: &str, message: &str) -> String {
    let after = |marker: &str| {
        message.split_once(marker).map(|(_, rest)| rest.split_whitespace().next().unwrap_or("").trim_end_matches([',', '.']).to_string())
    };
    let action = after("perform: ").unwrap_or_else(|| operation.to_string());
    let resource = after("on resource: ");
    let service = action.split(':').next().unwrap_or("");
    let policy = match service {
        "iam" if action.ends_with("PassRole") => {
            "a policy allowing iam:PassRole on that role (AmazonECS_FullAccess allows it for ECS roles)"
        }
        "iam" => "IAMFullAccess, or a policy allowing this action on the role",
        "ecs" => "AmazonECS_FullAccess",
        "ecr" => "AmazonEC2ContainerRegistryPowerUser",
        "logs" => "CloudWatchLogsFullAccess",
        "cloudwatch" => "CloudWatchFullAccess",
        "elasticloadbalancing" => "ElasticLoadBalancingFullAccess",
        "ec2" | "autoscaling" => "AmazonEC2FullAccess",
        "application-autoscaling" => "ApplicationAutoScalingFullAccess",
        "ssm" => "AmazonSSMReadOnlyAccess",
        _ => "a policy allowing this action",
    };
    match resource {
        Some(r) => format!("This identity may not {action} on {r}. Ask an administrator to attach {policy} to it, or switch environment."),
        None => format!("This identity may not {action}. Ask an administrator to attach {policy} to it, or switch environment."),
    }
}

#[cfg(test)]
mod access_denied_tests {
    use super::*;

    #[test]
    fn access_denied_names_the_action_the_resource_and_a_policy() {
        let e = CoreError::Aws {
            code: "AccessDenied".into(),
            message: "User: arn:aws:iam::111122223333:user/dev is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::111122223333:role/ecsTaskExecutionRole because no identity-based policy allows the iam:CreateRole action".into(),
            operation: "CreateRole",
        };
        let hint = e.hint().unwrap();
        assert!(hint.contains("may not iam:CreateRole on arn:aws:iam::111122223333:role/ecsTaskExecutionRole"), "{hint}");
        assert!(hint.contains("IAMFullAccess"), "{hint}");
        let bare = CoreError::Aws { code: "AccessDeniedException".into(), message: "denied".into(), operation: "ListClusters" };
        assert!(bare.hint().unwrap().contains("may not ListClusters"));
    }
}
