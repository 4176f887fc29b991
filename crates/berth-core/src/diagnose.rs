//! "Why isn't it running?": reads what ECS, ELB and CloudWatch Logs say about a stopped
//! task or a service that does not reach steady state (stoppedReason, stopCode, container
//! exit codes and reasons, service events, target health, the app's last log lines) and
//! explains each cause in plain words with the fix, and a [`Fix`] Berth can apply where
//! one is in its reach.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{CoreError, Result};
use crate::tasks::Task;
use crate::{iam, logs, services, task_definitions, tasks, Clients};

/// The causes Berth recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum Cause {
    MissingLogGroup,
    ExecutionRole,
    ImageNotFound,
    OutOfMemory,
    EssentialContainerExited,
    HealthCheckFailing,
    NoCapacity,
    Other,
}

/// What Berth can do about a cause, with the user's click.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Fix {
    /// Create the awslogs group the revision names.
    #[serde(rename_all = "camelCase")]
    CreateLogGroup { group: String },
    /// Make (or reuse) the standard execution role and register a revision that uses it.
    #[serde(rename_all = "camelCase")]
    UseStandardExecutionRole { task_definition: String, service: Option<ServiceRef> },
    /// Register a revision whose container (and task, on Fargate) has more memory.
    #[serde(rename_all = "camelCase")]
    MoreMemory {
        task_definition: String,
        container: String,
        container_memory: Option<i32>,
        task_memory: Option<i32>,
        service: Option<ServiceRef>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceRef {
    pub cluster: String,
    pub service: String,
}

/// One cause found, in words.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub cause: Cause,
    pub title: String,
    /// ECS's (or ELB's) own words, as read.
    pub evidence: Vec<String>,
    pub explanation: String,
    /// What to do, in words, whether or not Berth can do it.
    pub remedy: String,
    pub fix: Option<Fix>,
    /// The fix's button label.
    pub fix_label: Option<String>,
    /// The app's last log lines, when they tell the story.
    pub last_log_lines: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Diagnosis {
    pub subject: String,
    /// True when nothing is wrong (a running task, a service at steady state).
    pub healthy: bool,
    pub summary: String,
    pub findings: Vec<Finding>,
    /// For a standalone task: the revision to run again once fixed (a service retries on
    /// its own).
    pub run_again: Option<String>,
}

/// What applying a fix did.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct FixOutcome {
    pub message: String,
    /// The new revision registered, if any.
    pub task_definition: Option<String>,
    /// The CLI equivalent of what was done.
    pub cli: Vec<String>,
}

fn finding(cause: Cause, title: &str, evidence: Vec<String>, explanation: &str, remedy: String) -> Finding {
    Finding {
        cause,
        title: title.into(),
        evidence,
        explanation: explanation.into(),
        remedy,
        fix: None,
        fix_label: None,
        last_log_lines: vec![],
    }
}

/// The causes one task's own record shows.
pub async fn explain_task(clients: &Clients, cluster: &str, task: &str) -> Result<Diagnosis> {
    let t = tasks::describe(clients, cluster, task).await?;
    let service =
        t.group.as_deref().and_then(|g| g.strip_prefix("service:")).map(|s| ServiceRef { cluster: cluster.into(), service: s.into() });
    let findings = task_findings(clients, &t, service.clone()).await?;
    let running = t.last_status == "RUNNING" && t.desired_status == "RUNNING";
    let summary = match (&findings[..], running) {
        ([], true) => "The task is running.".to_string(),
        ([], false) => format!("The task is {} and ECS reports nothing wrong yet.", t.last_status),
        (f, _) => format!("{} cause{} found.", f.len(), if f.len() == 1 { "" } else { "s" }),
    };
    let run_again = (service.is_none() && t.desired_status == "STOPPED").then(|| services::short_task_definition(&t.task_definition_arn));
    Ok(Diagnosis { subject: format!("Task {}", t.task_id), healthy: findings.is_empty() && running, summary, findings, run_again })
}

async fn task_findings(clients: &Clients, t: &Task, service: Option<ServiceRef>) -> Result<Vec<Finding>> {
    let mut out = vec![];
    let reason = t.stopped_reason.clone().unwrap_or_default();
    let mut evidence = vec![];
    if !reason.is_empty() {
        evidence.push(format!("stoppedReason: {reason}"));
    }
    if let Some(code) = &t.stop_code {
        evidence.push(format!("stopCode: {code}"));
    }
    for c in &t.containers {
        if c.exit_code.is_some() || c.reason.is_some() {
            let mut line = format!("container {}:", c.name);
            if let Some(code) = c.exit_code {
                line += &format!(" exit code {code}");
            }
            if let Some(r) = &c.reason {
                line += &format!(" ({r})");
            }
            evidence.push(line);
        }
    }
    let td = || async { task_definitions::describe(clients, &t.task_definition_arn).await.map(|d| d.task_definition) };

    if reason.starts_with("ResourceInitializationError") && (reason.contains("log stream") || reason.contains("log group")) {
        let doc = td().await?;
        let group = task_definitions::log_groups(&doc).into_iter().next();
        let mut f = finding(
            Cause::MissingLogGroup,
            "The log group does not exist",
            evidence.clone(),
            "The container's awslogs driver writes to a CloudWatch Logs group that is not there. ECS does not create it unless the revision sets awslogs-create-group (and the execution role may create groups), so the task stops before any container starts.",
            match &group {
                Some(g) => format!("Create the log group {g}, then start the task again (a service retries on its own)."),
                None => "Create the log group the revision's logConfiguration names.".into(),
            },
        );
        if let Some(g) = group {
            f.fix_label = Some(format!("Create log group {g}"));
            f.fix = Some(Fix::CreateLogGroup { group: g });
        }
        out.push(f);
    } else if reason.starts_with("ResourceInitializationError") && (reason.contains("registry auth") || reason.contains("assume the role"))
    {
        let mut f = finding(
            Cause::ExecutionRole,
            "The execution role cannot be used",
            evidence.clone(),
            "ECS pulls private images and writes logs with the task's execution role. This one cannot be assumed by ECS tasks (its trust policy must name ecs-tasks.amazonaws.com) or may not fetch ECR's registry credentials (ecr:GetAuthorizationToken), so the image is never pulled.",
            "Use a role that trusts ecs-tasks.amazonaws.com with the AWS managed policy AmazonECSTaskExecutionRolePolicy, in a new revision.".into(),
        );
        f.fix_label = Some("Use the standard execution role".into());
        f.fix = Some(Fix::UseStandardExecutionRole { task_definition: t.task_definition_arn.clone(), service: service.clone() });
        out.push(f);
    } else if reason.starts_with("CannotPullContainerError")
        || t.containers.iter().any(|c| c.reason.as_deref().is_some_and(|r| r.starts_with("CannotPull")))
    {
        let images: Vec<String> = t.containers.iter().filter_map(|c| c.image.clone()).collect();
        out.push(finding(
            Cause::ImageNotFound,
            "The image cannot be pulled",
            evidence.clone(),
            "The registry has no image under the name and tag the revision asks for (a tag that was never pushed, a typo, or a repository in another region), or it could not be reached. No container started.",
            format!(
                "Push {} (the Repositories screen shows the push commands), or register a revision with an image and tag the repository holds.",
                images.first().cloned().unwrap_or_else(|| "the image".into())
            ),
        ));
    } else if let Some(c) =
        t.containers.iter().find(|c| c.exit_code == Some(137) || c.reason.as_deref().is_some_and(|r| r.contains("OutOfMemory")))
    {
        let doc = td().await?;
        let def = doc["containerDefinitions"]
            .as_array()
            .and_then(|cs| cs.iter().find(|d| d["name"] == c.name.as_str()))
            .cloned()
            .unwrap_or(Value::Null);
        let (container_memory, task_memory) = more_memory(&doc, &def);
        let limit = def["memory"]
            .as_i64()
            .map(|m| format!("{m} MiB (the container's limit)"))
            .or_else(|| doc["memory"].as_str().map(|m| format!("{m} MiB (the task's)")));
        let mut f = finding(
            Cause::OutOfMemory,
            "The container ran out of memory",
            evidence.clone(),
            "Exit code 137 means the process was killed (SIGKILL). With OutOfMemoryError as the reason, the kernel killed it for using more memory than its limit allows. The app's own log usually just stops.",
            format!(
                "Give the container more memory than {} in a new revision, or make the app use less.",
                limit.unwrap_or_else(|| "its limit".into())
            ),
        );
        f.fix_label = Some(match (container_memory, task_memory) {
            (Some(cm), Some(tm)) => format!("Give {} {cm} MiB (task {tm} MiB)", c.name),
            (None, Some(tm)) => format!("Give the task {tm} MiB"),
            (Some(cm), None) => format!("Give {} {cm} MiB", c.name),
            (None, None) => "Give it more memory".into(),
        });
        f.fix = Some(Fix::MoreMemory {
            task_definition: t.task_definition_arn.clone(),
            container: c.name.clone(),
            container_memory,
            task_memory,
            service: service.clone(),
        });
        f.last_log_lines = last_lines(clients, t, &doc).await;
        out.push(f);
    } else if t.stop_code.as_deref() == Some("EssentialContainerExited") {
        let exited: Vec<String> = t
            .containers
            .iter()
            .filter(|c| c.exit_code.is_some_and(|e| e != 0))
            .map(|c| format!("{} (exit code {})", c.name, c.exit_code.unwrap_or_default()))
            .collect();
        let mut f = finding(
            Cause::EssentialContainerExited,
            "An essential container exited",
            evidence.clone(),
            "When an essential container stops, ECS stops the whole task. A non-zero exit code is the app's own failure: an unhandled error, a missing setting or a dependency it could not reach. Its last log lines usually say which.",
            format!("Read the app's last log lines below, fix the app or its settings, and roll out a new revision.{}", if exited.is_empty() { String::new() } else { format!(" Exited: {}.", exited.join(", ")) }),
        );
        // The log lines are a help, not the diagnosis: without the revision, none.
        if let Ok(doc) = td().await {
            f.last_log_lines = last_lines(clients, t, &doc).await;
        }
        out.push(f);
    } else if reason.contains("health checks") {
        out.push(finding(
            Cause::HealthCheckFailing,
            "The task failed its health checks",
            evidence.clone(),
            "The task started, but its health check (the container's own, or the load balancer's requests to its target group) kept failing, so ECS stopped it and started another. Common causes: the app listens on another port or path than the check asks, it answers an error status, it needs longer to start than the check allows, or a security group keeps the load balancer out.",
            "Check the health-check path and port against what the app serves, give it a health-check grace period if it starts slowly, and let the load balancer's security group reach the task's port.".into(),
        ));
    } else if t.desired_status == "STOPPED" && t.stop_code.as_deref() == Some("TaskFailedToStart") {
        out.push(finding(
            Cause::Other,
            "The task failed to start",
            evidence.clone(),
            "ECS could not start the task; its own words are below.",
            "Act on ECS's reason above.".into(),
        ));
    }
    Ok(out)
}

/// The app's last few log lines, where its awslogs stream can be read.
async fn last_lines(clients: &Clients, t: &Task, doc: &Value) -> Vec<String> {
    for target in logs::targets(doc, &t.task_id) {
        let Some(stream) = &target.stream else { continue };
        if let Ok(page) = logs::read_forward(clients, &target.group, stream, None).await {
            let n = page.events.len();
            return page.events.into_iter().skip(n.saturating_sub(5)).map(|e| e.message).collect();
        }
    }
    vec![]
}

/// Twice the container's memory, and on a task with a size the smallest valid Fargate
/// memory at least as large as the containers need.
fn more_memory(doc: &Value, container: &Value) -> (Option<i32>, Option<i32>) {
    let task_memory: Option<i32> = doc["memory"].as_str().and_then(|m| m.parse().ok());
    let container_memory = container["memory"].as_i64().map(|m| (m * 2) as i32);
    let needed = container_memory.or(task_memory.map(|m| m * 2));
    let task = task_memory.map(|tm| {
        let want = needed.unwrap_or(tm * 2).max(tm + 1);
        let cpu: u32 = doc["cpu"].as_str().and_then(|c| c.parse().ok()).unwrap_or(256);
        let fargate = doc["requiresCompatibilities"].as_array().is_some_and(|a| a.iter().any(|c| c == "FARGATE"));
        if !fargate {
            return want;
        }
        task_definitions::fargate_sizes()
            .into_iter()
            .filter(|(c, _)| *c >= cpu)
            .flat_map(|(_, ms)| ms)
            .filter(|m| *m as i32 >= want)
            .min()
            .map(|m| m as i32)
            .unwrap_or(want)
    });
    (container_memory, task)
}

/// Why a service is not at steady state: its events, failed tasks, target health and the
/// causes its recently stopped tasks show (each cause once).
pub async fn explain_service(clients: &Clients, cluster: &str, service: &str) -> Result<Diagnosis> {
    let s = services::describe(clients, cluster, service).await?;
    let me = ServiceRef { cluster: cluster.into(), service: service.into() };
    let mut findings: Vec<Finding> = vec![];

    // No capacity: ECS says so in an event while it keeps trying.
    let steady_at = s.events.iter().find(|e| e.message.contains("has reached a steady state")).and_then(|e| e.created_at);
    if let Some(e) = s.events.iter().find(|e| e.message.contains("was unable to place a task") && e.created_at >= steady_at) {
        findings.push(finding(
            Cause::NoCapacity,
            "ECS has nowhere to place the tasks",
            vec![e.message.clone()],
            "No container instance has the free CPU, memory, ports or network interfaces a task needs, or the placement constraints rule them all out. On EC2 capacity the cluster needs more or larger instances; a capacity provider with managed scaling adds them on its own when the service uses it.",
            "Add instances (raise the Auto Scaling group's desired count, or use the cluster's capacity provider), choose smaller task sizes, or loosen the placement constraints.".into(),
        ));
    }

    // The causes of recent stops, newest first, each cause once.
    let mut stopped = vec![];
    let filter = tasks::TaskFilter { desired_status: Some("STOPPED".into()), service_name: Some(service.into()), ..Default::default() };
    tasks::list(clients, cluster, &filter, |batch| stopped.extend(batch)).await?;
    stopped.sort_by(|a, b| b.stopped_at.partial_cmp(&a.stopped_at).unwrap_or(std::cmp::Ordering::Equal));
    // Only what stopped since the service last reached a steady state still matters.
    let recent = |t: &&Task| steady_at.is_none_or(|s| t.stopped_at.is_some_and(|at| at > s));
    for t in stopped.iter().filter(recent).filter(|t| t.stop_code.as_deref() != Some("UserInitiated")).take(10) {
        // A task the scheduler stopped while scaling in is no failure.
        if t.stopped_reason.as_deref().is_some_and(|r| r.starts_with("Scaling activity")) {
            continue;
        }
        for f in task_findings(clients, t, Some(me.clone())).await? {
            if !findings.iter().any(|g| g.cause == f.cause) {
                findings.push(f);
            }
        }
    }

    // Unhealthy targets: ELB's reason codes.
    for lb in &s.load_balancers {
        let Some(tg) = &lb.target_group_arn else { continue };
        let health = crate::load_balancers::target_health(clients, tg).await?;
        let bad: Vec<String> = health
            .iter()
            .filter(|h| h.state == "unhealthy")
            .map(|h| {
                format!(
                    "{}:{} unhealthy: {} {}",
                    h.id,
                    h.port.unwrap_or_default(),
                    h.reason.clone().unwrap_or_default(),
                    h.description.clone().unwrap_or_default()
                )
            })
            .collect();
        if !bad.is_empty() && !findings.iter().any(|f| f.cause == Cause::HealthCheckFailing) {
            findings.push(finding(
                Cause::HealthCheckFailing,
                "Targets fail the load balancer's health checks",
                bad,
                "The load balancer sends its health-check requests to each task and marks it unhealthy when they fail; ECS then replaces the task. The app may serve another path or port, answer an error status, start too slowly, or a security group may keep the load balancer out.",
                "Check the target group's health-check path and port against what the app serves, and give the service a health-check grace period if the app starts slowly.".into(),
            ));
        }
    }

    let primary = s.deployments.iter().find(|d| d.status == "PRIMARY");
    let steady = findings.is_empty()
        && s.status == "ACTIVE"
        && s.running_count == s.desired_count
        && s.deployments.len() == 1
        && primary.is_some_and(|d| d.rollout_state.as_deref() != Some("FAILED"));
    let summary = if steady {
        format!("The service runs {} of {} tasks and is at steady state.", s.running_count, s.desired_count)
    } else {
        format!(
            "The service runs {} of {} tasks{}.",
            s.running_count,
            s.desired_count,
            primary.and_then(|d| d.rollout_state_reason.clone()).map(|r| format!("; ECS says: {r}")).unwrap_or_default()
        )
    };
    Ok(Diagnosis { subject: format!("Service {service}"), healthy: steady, summary, findings, run_again: None })
}

/// Applies a fix. Revisions are registered from the running one's own document, so
/// nothing else changes; a service is updated to the new revision.
pub async fn apply(clients: &Clients, fix: &Fix) -> Result<FixOutcome> {
    let tail = clients.cli_target();
    match fix {
        Fix::CreateLogGroup { group } => {
            logs::ensure_group(clients, group).await?;
            Ok(FixOutcome {
                message: format!("Log group {group} created. New tasks can write to it."),
                task_definition: None,
                cli: vec![format!("aws logs create-log-group --log-group-name {}{tail}", crate::plan::quote(group))],
            })
        }
        Fix::UseStandardExecutionRole { task_definition, service } => {
            let role = iam::create_standard_role(clients, iam::RolePurpose::TaskExecution).await?;
            let described = task_definitions::describe(clients, task_definition).await?;
            let mut input = described.register_input.clone();
            input["executionRoleArn"] = Value::String(role.arn.clone());
            revise(clients, input, service.as_ref(), &format!("execution role {}", role.name), &tail).await
        }
        Fix::MoreMemory { task_definition, container, container_memory, task_memory, service } => {
            let described = task_definitions::describe(clients, task_definition).await?;
            let mut input = described.register_input.clone();
            if let Some(m) = task_memory {
                input["memory"] = Value::String(m.to_string());
            }
            if let Some(m) = container_memory {
                let Some(c) =
                    input["containerDefinitions"].as_array_mut().and_then(|cs| cs.iter_mut().find(|c| c["name"] == container.as_str()))
                else {
                    return Err(CoreError::Client {
                        operation: "RegisterTaskDefinition",
                        detail: format!("the revision has no container {container}"),
                    });
                };
                c["memory"] = Value::from(*m);
            }
            let what = match (container_memory, task_memory) {
                (Some(cm), Some(tm)) => format!("{cm} MiB for {container}, {tm} MiB for the task"),
                (Some(cm), None) => format!("{cm} MiB for {container}"),
                (None, Some(tm)) => format!("{tm} MiB for the task"),
                (None, None) => "more memory".into(),
            };
            revise(clients, input, service.as_ref(), &what, &tail).await
        }
    }
}

async fn revise(clients: &Clients, input: Value, service: Option<&ServiceRef>, what: &str, tail: &str) -> Result<FixOutcome> {
    let registered = task_definitions::register(clients, &input, false).await?;
    let arn = registered.task_definition["taskDefinitionArn"].as_str().unwrap_or_default().to_string();
    let short = services::short_task_definition(&arn);
    let mut cli = vec![format!("aws ecs register-task-definition --cli-input-json file://{}.json{tail}", short.replace(':', "-"))];
    let message = match service {
        Some(s) => {
            services::update(
                clients,
                &services::ServiceUpdate {
                    cluster: s.cluster.clone(),
                    service: s.service.clone(),
                    task_definition: Some(arn.clone()),
                    ..Default::default()
                },
            )
            .await?;
            cli.push(format!(
                "aws ecs update-service --cluster {} --service {} --task-definition {short}{tail}",
                crate::plan::quote(&s.cluster),
                crate::plan::quote(&s.service)
            ));
            format!("Registered {short} with {what}; service {} is rolling out to it.", s.service)
        }
        None => format!("Registered {short} with {what}. Run the task again from it."),
    };
    Ok(FixOutcome { message, task_definition: Some(arn), cli })
}
