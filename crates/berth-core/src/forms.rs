//! Whole-form checks for the wizards and dialogs: every rule a form's values break, one
//! error per field, from the same functions the calls themselves run. The UI asks here as
//! the user types (debounced), so a rule changed in Rust changes the UI with it.

use serde::Deserialize;

use crate::clusters::NewCluster;
use crate::environments::{EnvironmentUpdate, NewAccessKeysEnvironment};
use crate::registry::NewRepository;
use crate::service_plan::NewService;
use crate::services::ServiceUpdate;
use crate::tasks::NewTasks;
use crate::validation::FieldError;

/// A form as its wizard or dialog would send it.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[serde(tag = "form", content = "input", rename_all = "camelCase")]
pub enum Form {
    NewCluster(NewCluster),
    NewAccessKeysEnvironment(NewAccessKeysEnvironment),
    EnvironmentUpdate(EnvironmentUpdate),
    NewTasks(NewTasks),
    NewRepository(NewRepository),
    NewService(Box<NewService>),
    NewCapacity(Box<crate::capacity::NewCapacity>),
    ServiceUpdate(ServiceUpdate),
    NewAlarm(crate::alarms::NewAlarm),
    /// The sandbox's traffic for one service.
    #[serde(rename_all = "camelCase")]
    Traffic {
        requests_per_second: f64,
    },
    /// Why a task is being stopped.
    StopTask {
        reason: String,
    },
}

/// The limits a form states next to its fields, from the rules themselves.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct FormRules {
    /// How cluster, service, family and container names are made.
    pub name_rule: String,
    /// Tags a resource may carry.
    pub max_tags: u32,
}

pub fn rules() -> FormRules {
    FormRules { name_rule: crate::validation::NAME_RULE.to_string(), max_tags: crate::validation::MAX_TAGS as u32 }
}

pub fn check(form: &Form) -> Vec<FieldError> {
    match form {
        Form::NewCluster(f) => f.field_errors(),
        Form::NewAccessKeysEnvironment(f) => f.field_errors(),
        Form::EnvironmentUpdate(f) => f.field_errors(),
        Form::NewTasks(f) => f.field_errors(),
        Form::NewRepository(f) => f.validate().err().into_iter().collect(),
        Form::NewService(f) => f.field_errors(),
        Form::NewCapacity(f) => f.field_errors(),
        Form::ServiceUpdate(f) => f.field_errors(),
        Form::NewAlarm(f) => f.field_errors(),
        Form::Traffic { requests_per_second } => {
            crate::sandbox::check_requests_per_second(*requests_per_second).err().into_iter().collect()
        }
        Form::StopTask { reason } => crate::tasks::check_stop_reason(reason).err().into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(json: serde_json::Value) -> Vec<(String, String)> {
        check(&serde_json::from_value(json).unwrap()).into_iter().map(|e| (e.field, e.rule)).collect()
    }

    #[test]
    fn a_form_reports_every_field_at_once() {
        let errors = checked(serde_json::json!({"form": "newCluster", "input": {"clusterName": "my web", "containerInsights": false,
            "tags": [{"key": "aws:x", "value": ""}, {"key": "team", "value": "a"}, {"key": "team", "value": "b"}]}}));
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["clusterName", "tags[0].key", "tags[2].key"]);
        assert!(errors[0].1.starts_with("contains a space;"), "{}", errors[0].1);

        let errors = checked(serde_json::json!({"form": "newAccessKeysEnvironment", "input": {"name": " ", "region": "mars",
            "endpointUrl": "ftp://x", "keys": {"accessKeyId": "short", "secretAccessKey": "", "sessionToken": null}}}));
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["name", "region", "accessKeyId", "secretAccessKey", "endpointUrl"]);

        assert!(checked(serde_json::json!({"form": "environmentUpdate", "input": {"region": "eu-west-1"}})).is_empty());
        let traffic = checked(serde_json::json!({"form": "traffic", "input": {"requestsPerSecond": 100001.0}}));
        assert_eq!(traffic[0].1, "Requests per second must be a number from 0 to 100000.");
        assert_eq!(checked(serde_json::json!({"form": "stopTask", "input": {"reason": "x".repeat(256)}}))[0].0, "reason");
    }
}
