//! CloudWatch Logs for tasks: where a container's awslogs driver writes, and reading a
//! stream forward from a token so a viewer can follow it on any endpoint (StartLiveTail
//! needs a `streaming-` host that custom endpoints do not have).

use serde::Serialize;

use crate::error::{CoreError, Result};
use crate::Clients;

/// Where one container of a task writes its logs.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct LogTarget {
    pub container: String,
    pub group: String,
    /// None when ECS picks the name (awslogs on EC2 without a stream prefix).
    pub stream: Option<String>,
    pub region: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct LogEvent {
    pub timestamp: i64,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct LogPage {
    pub events: Vec<LogEvent>,
    /// Pass back to read on from here; unchanged when nothing new arrived.
    pub next_forward_token: Option<String>,
    /// False while the task has not created its stream yet.
    pub stream_exists: bool,
}

/// Creates a log group unless it exists already.
pub async fn ensure_group(clients: &Clients, group: &str) -> Result<()> {
    match clients.logs.create_log_group().log_group_name(group).send().await {
        Ok(_) => Ok(()),
        Err(e) => match CoreError::from_sdk("CreateLogGroup", e) {
            e if e.code() == "ResourceAlreadyExistsException" => Ok(()),
            e => Err(e),
        },
    }
}

/// The awslogs streams of a task's containers: `prefix/container/task-id`, as ECS names them.
pub fn targets(task_definition: &serde_json::Value, task_id: &str) -> Vec<LogTarget> {
    task_definition["containerDefinitions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["logConfiguration"]["logDriver"] == "awslogs")
        .filter_map(|c| {
            let options = &c["logConfiguration"]["options"];
            let container = c["name"].as_str()?.to_string();
            let stream = options["awslogs-stream-prefix"].as_str().filter(|p| !p.is_empty()).map(|p| format!("{p}/{container}/{task_id}"));
            Some(LogTarget {
                group: options["awslogs-group"].as_str()?.to_string(),
                region: options["awslogs-region"].as_str().map(str::to_string),
                container,
                stream,
            })
        })
        .collect()
}

/// GetLogEvents returns at most 10,000 events (1 MB) a call; a viewer that opens on a
/// busy stream catches up in a few calls rather than one per poll.
const CATCH_UP_CALLS: usize = 5;

/// Events after `token` (from the start of the stream when None), oldest first.
pub async fn read_forward(clients: &Clients, group: &str, stream: &str, token: Option<String>) -> Result<LogPage> {
    let mut events = Vec::new();
    let mut token = token;
    for _ in 0..CATCH_UP_CALLS {
        let mut req = clients.logs.get_log_events().log_group_name(group).log_stream_name(stream).start_from_head(true);
        if let Some(t) = &token {
            req = req.next_token(t);
        }
        let out = match req.send().await {
            Ok(out) => out,
            Err(e) => {
                let e = CoreError::from_sdk("GetLogEvents", e);
                if e.code() == "ResourceNotFoundException" && events.is_empty() {
                    return Ok(LogPage { events, next_forward_token: token, stream_exists: false });
                }
                return Err(e);
            }
        };
        let page: Vec<LogEvent> = out
            .events()
            .iter()
            .map(|e| LogEvent { timestamp: e.timestamp().unwrap_or_default(), message: e.message().unwrap_or_default().to_string() })
            .collect();
        let next = out.next_forward_token().map(str::to_string);
        let done = page.is_empty() || next == token;
        events.extend(page);
        token = next.or(token);
        if done {
            break;
        }
    }
    Ok(LogPage { events, next_forward_token: token, stream_exists: true })
}

/// Where each container of a running or stopped task writes, read from its revision.
pub async fn task_targets(clients: &Clients, cluster: &str, task: &str) -> Result<Vec<LogTarget>> {
    let task = crate::tasks::describe(clients, cluster, task).await?;
    let described = crate::task_definitions::describe(clients, &task.task_definition_arn).await?;
    Ok(targets(&described.task_definition, &task.task_id))
}
