//! Tasks: list (streamed, with filters), describe, run and stop.

use aws_sdk_ecs::types::{
    self as ecs, AssignPublicIp, AwsVpcConfiguration, ContainerOverride, DesiredStatus, KeyValuePair, LaunchType, NetworkConfiguration,
    TaskOverride,
};
use serde::{Deserialize, Serialize};

use crate::clusters::Tag;
use crate::error::{CoreError, Result};
use crate::listing::{stream_list_then_describe, with_backoff, ListingStats};
use crate::validation::{self, FieldError};
use crate::Clients;

pub const DESCRIBE_BATCH: usize = 100;
pub const RUN_BATCH: u32 = 10;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    pub task_arn: String,
    pub task_id: String,
    pub cluster_arn: String,
    pub task_definition_arn: String,
    /// `family:revision`.
    pub task_definition: String,
    pub last_status: String,
    pub desired_status: String,
    pub launch_type: Option<String>,
    pub created_at: Option<f64>,
    pub started_at: Option<f64>,
    pub stopping_at: Option<f64>,
    pub stopped_at: Option<f64>,
    pub cpu: Option<String>,
    pub memory: Option<String>,
    pub health_status: Option<String>,
    pub private_ip: Option<String>,
    pub availability_zone: Option<String>,
    /// `service:name` or `family:name`.
    pub group: Option<String>,
    pub started_by: Option<String>,
    pub stop_code: Option<String>,
    pub stopped_reason: Option<String>,
    pub containers: Vec<Container>,
    pub attachments: Vec<Attachment>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "TaskContainer")]
pub struct Container {
    pub name: String,
    pub image: Option<String>,
    pub image_digest: Option<String>,
    pub last_status: Option<String>,
    pub exit_code: Option<i32>,
    pub reason: Option<String>,
    pub health_status: Option<String>,
    pub runtime_id: Option<String>,
    pub cpu: Option<String>,
    pub memory: Option<String>,
    pub network_bindings: Vec<NetworkBinding>,
    pub private_ips: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct NetworkBinding {
    pub bind_ip: Option<String>,
    pub container_port: Option<i32>,
    pub host_port: Option<i32>,
    pub protocol: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub id: Option<String>,
    pub r#type: Option<String>,
    pub status: Option<String>,
    pub details: Vec<Tag>,
}

/// Which tasks a listing asks ECS for; ListTasks filters them server-side.
#[derive(Debug, Clone, Default, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
// A change or filter names only what it sets; the rest may be left out.
#[ts(optional_fields = nullable)]
pub struct TaskFilter {
    /// RUNNING (the default: everything not yet stopped), STOPPED, or ALL.
    #[serde(default)]
    pub desired_status: Option<String>,
    #[serde(default)]
    pub family: Option<String>,
    #[serde(default)]
    pub service_name: Option<String>,
    #[serde(default)]
    pub launch_type: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AwsVpc {
    pub subnets: Vec<String>,
    #[serde(default)]
    pub security_groups: Vec<String>,
    #[serde(default)]
    pub assign_public_ip: bool,
}

impl AwsVpc {
    /// The SDK's network configuration for RunTask or CreateService (`operation`).
    pub fn configuration(&self, operation: &'static str) -> Result<NetworkConfiguration> {
        let vpc = AwsVpcConfiguration::builder()
            .set_subnets(Some(self.subnets.clone()))
            .set_security_groups(Some(self.security_groups.clone()))
            .assign_public_ip(if self.assign_public_ip { AssignPublicIp::Enabled } else { AssignPublicIp::Disabled })
            .build()
            .map_err(|e| CoreError::Client { operation, detail: e.to_string() })?;
        Ok(NetworkConfiguration::builder().awsvpc_configuration(vpc).build())
    }
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Override {
    pub name: String,
    #[serde(default)]
    pub command: Option<Vec<String>>,
    #[serde(default)]
    pub environment: Vec<Tag>,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct NewTasks {
    pub cluster: String,
    pub task_definition: String,
    #[serde(default)]
    pub launch_type: Option<String>,
    pub count: u32,
    #[serde(default)]
    pub network: Option<AwsVpc>,
    #[serde(default)]
    pub overrides: Vec<Override>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// A capacity provider of the cluster to run on instead of a launch type.
    #[serde(default)]
    pub capacity_provider: Option<String>,
    #[serde(default)]
    pub placement_strategy: Vec<crate::placement::PlacementStrategyItem>,
    #[serde(default)]
    pub placement_constraints: Vec<crate::placement::PlacementConstraintItem>,
    /// One token per user action; each RunTask call of a split run derives its own from it,
    /// so a retried action never starts its tasks twice.
    pub client_token: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    pub arn: Option<String>,
    pub reason: Option<String>,
    pub detail: Option<String>,
    /// The reason in words, with what would fix it (`placement::explain`).
    pub explanation: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RunOutcome {
    pub tasks: Vec<Task>,
    pub failures: Vec<Failure>,
    pub calls: usize,
}

pub const MAX_RUN_COUNT: u32 = 100;

impl NewTasks {
    pub fn validate(&self) -> Result<(), FieldError> {
        match self.field_errors().into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Every broken rule, one per field, for the run-task wizard to show as typed.
    pub fn field_errors(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.cluster.trim().is_empty() {
            errors.push(FieldError::new("cluster", "pick a cluster"));
        } else {
            errors.extend(validation::resource_name("cluster", self.cluster.rsplit('/').next().unwrap_or_default()).err());
        }
        if self.task_definition.trim().is_empty() {
            errors.push(FieldError::new("taskDefinition", "pick a task definition and revision"));
        }
        if !(1..=MAX_RUN_COUNT).contains(&self.count) {
            errors.push(FieldError::new("count", format!("must be 1–{MAX_RUN_COUNT}; Berth starts them {RUN_BATCH} per RunTask call")));
        }
        if let Some(lt) = &self.launch_type {
            if !["FARGATE", "EC2", "EXTERNAL"].contains(&lt.as_str()) {
                errors.push(FieldError::new("launchType", "must be FARGATE, EC2 or EXTERNAL"));
            }
        }
        if self.launch_type.is_some() && self.capacity_provider.is_some() {
            errors.push(FieldError::new("capacityProvider", "use a launch type or a capacity provider, not both"));
        }
        let fargate =
            self.launch_type.as_deref() == Some("FARGATE") || self.capacity_provider.as_deref().is_some_and(|p| p.starts_with("FARGATE"));
        errors.extend(crate::placement::placement_errors(fargate, &self.placement_strategy, &self.placement_constraints));
        if let Some(net) = &self.network {
            if net.subnets.is_empty() || net.subnets.len() > 16 {
                errors.push(FieldError::new("subnets", "awsvpc tasks need 1–16 subnets"));
            }
            if net.security_groups.len() > 5 {
                errors.push(FieldError::new("securityGroups", "at most 5 security groups"));
            }
        } else if self.launch_type.as_deref() == Some("FARGATE") {
            errors.push(FieldError::new("subnets", "Fargate tasks use awsvpc: pick at least one subnet"));
        }
        for (i, o) in self.overrides.iter().enumerate() {
            for (j, e) in o.environment.iter().enumerate() {
                if e.key.trim().is_empty() {
                    errors.push(FieldError::new(format!("overrides[{i}].environment[{j}].name"), "an environment variable needs a name"));
                }
            }
        }
        errors.extend(validation::tag_errors(&crate::clusters::pairs(&self.tags)));
        if self.client_token.is_empty() || self.client_token.len() > 60 {
            errors.push(FieldError::new("clientToken", "must be 1–60 characters"));
        }
        errors
    }
}

pub fn task_id(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

fn time(t: Option<&aws_smithy_types::DateTime>) -> Option<f64> {
    t.map(|t| t.as_secs_f64())
}

impl From<&ecs::Task> for Task {
    fn from(t: &ecs::Task) -> Self {
        let arn = t.task_arn().unwrap_or_default().to_string();
        let td = t.task_definition_arn().unwrap_or_default().to_string();
        let attachments: Vec<Attachment> = t
            .attachments()
            .iter()
            .map(|a| Attachment {
                id: a.id().map(str::to_string),
                r#type: a.r#type().map(str::to_string),
                status: a.status().map(str::to_string),
                details: a
                    .details()
                    .iter()
                    .map(|d| Tag { key: d.name().unwrap_or_default().into(), value: d.value().unwrap_or_default().into() })
                    .collect(),
            })
            .collect();
        let containers: Vec<Container> = t
            .containers()
            .iter()
            .map(|c| Container {
                name: c.name().unwrap_or_default().into(),
                image: c.image().map(str::to_string),
                image_digest: c.image_digest().map(str::to_string),
                last_status: c.last_status().map(str::to_string),
                exit_code: c.exit_code(),
                reason: c.reason().map(str::to_string),
                health_status: c.health_status().map(|h| h.as_str().to_string()),
                runtime_id: c.runtime_id().map(str::to_string),
                cpu: c.cpu().map(str::to_string),
                memory: c.memory().map(str::to_string),
                network_bindings: c
                    .network_bindings()
                    .iter()
                    .map(|b| NetworkBinding {
                        bind_ip: b.bind_ip().map(str::to_string),
                        container_port: b.container_port(),
                        host_port: b.host_port(),
                        protocol: b.protocol().map(|p| p.as_str().to_string()),
                    })
                    .collect(),
                private_ips: c.network_interfaces().iter().filter_map(|n| n.private_ipv4_address().map(str::to_string)).collect(),
            })
            .collect();
        let private_ip = attachments
            .iter()
            .flat_map(|a| a.details.iter())
            .find(|d| d.key == "privateIPv4Address")
            .map(|d| d.value.clone())
            .or_else(|| containers.iter().flat_map(|c| c.private_ips.iter()).next().cloned());
        Task {
            task_id: task_id(&arn).to_string(),
            task_arn: arn,
            cluster_arn: t.cluster_arn().unwrap_or_default().into(),
            task_definition: td.rsplit('/').next().unwrap_or_default().to_string(),
            task_definition_arn: td,
            last_status: t.last_status().unwrap_or("UNKNOWN").into(),
            desired_status: t.desired_status().unwrap_or("UNKNOWN").into(),
            launch_type: t.launch_type().map(|l| l.as_str().to_string()),
            created_at: time(t.created_at()),
            started_at: time(t.started_at()),
            stopping_at: time(t.stopping_at()),
            stopped_at: time(t.stopped_at()),
            cpu: t.cpu().map(str::to_string),
            memory: t.memory().map(str::to_string),
            health_status: t.health_status().map(|h| h.as_str().to_string()),
            private_ip,
            availability_zone: t.availability_zone().map(str::to_string),
            group: t.group().map(str::to_string),
            started_by: t.started_by().map(str::to_string),
            stop_code: t.stop_code().map(|c| c.as_str().to_string()),
            stopped_reason: t.stopped_reason().map(str::to_string),
            containers,
            attachments,
            tags: t
                .tags()
                .iter()
                .map(|x| Tag { key: x.key().unwrap_or_default().into(), value: x.value().unwrap_or_default().into() })
                .collect(),
        }
    }
}

/// Lists a cluster's tasks and describes them 100 at a time, handing each described batch
/// to `sink` as it arrives.
pub async fn list(clients: &Clients, cluster: &str, filter: &TaskFilter, mut sink: impl FnMut(Vec<Task>)) -> Result<ListingStats> {
    let statuses: Vec<DesiredStatus> = match filter.desired_status.as_deref() {
        None | Some("RUNNING") => vec![DesiredStatus::Running],
        Some("STOPPED") => vec![DesiredStatus::Stopped],
        Some("ALL") => vec![DesiredStatus::Running, DesiredStatus::Stopped],
        Some(other) => return Err(FieldError::new("desiredStatus", format!("{other:?} is not RUNNING, STOPPED or ALL")).into()),
    };
    let mut total = ListingStats::default();
    for status in statuses {
        let mut req = clients.ecs.list_tasks().cluster(cluster).desired_status(status).max_results(100);
        if let Some(f) = filter.family.as_deref().filter(|f| !f.is_empty()) {
            req = req.family(f);
        }
        if let Some(s) = filter.service_name.as_deref().filter(|s| !s.is_empty()) {
            req = req.service_name(s);
        }
        if let Some(l) = filter.launch_type.as_deref().filter(|l| !l.is_empty()) {
            req = req.launch_type(LaunchType::from(l));
        }
        let paginator = req.into_paginator().send();
        let pages = futures::stream::unfold(paginator, |mut p| async move {
            let page = p.next().await?;
            Some((page.map(|p| p.task_arns.unwrap_or_default()).map_err(|e| CoreError::from_sdk("ListTasks", e)), p))
        });
        let (ecs, cluster) = (clients.ecs.clone(), cluster.to_string());
        let stats = stream_list_then_describe(
            pages,
            DESCRIBE_BATCH,
            move |arns| {
                let (ecs, cluster) = (ecs.clone(), cluster.clone());
                async move { describe_batch(&ecs, &cluster, arns).await }
            },
            &mut sink,
        )
        .await?;
        total.items += stats.items;
        total.list_calls += stats.list_calls;
        total.describe_calls += stats.describe_calls;
    }
    Ok(total)
}

async fn describe_batch(ecs: &aws_sdk_ecs::Client, cluster: &str, tasks: Vec<String>) -> Result<Vec<Task>> {
    let out = ecs
        .describe_tasks()
        .cluster(cluster)
        .set_tasks(Some(tasks))
        .include(ecs::TaskField::Tags)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DescribeTasks", e))?;
    Ok(out.tasks().iter().map(Task::from).collect())
}

pub async fn describe(clients: &Clients, cluster: &str, task: &str) -> Result<Task> {
    let ecs = &clients.ecs;
    with_backoff(|| describe_batch(ecs, cluster, vec![task.to_string()])).await?.into_iter().next().ok_or_else(|| CoreError::Aws {
        code: "TaskNotFound".into(),
        message: format!("No task {task} in cluster {cluster}; stopped tasks leave ECS about an hour after they stop."),
        operation: "DescribeTasks",
    })
}

/// Runs `count` tasks in RunTask calls of at most 10. Each call carries
/// `<token>-<n>`, so repeating the same request (same token) starts nothing new.
pub async fn run(clients: &Clients, input: &NewTasks) -> Result<RunOutcome> {
    input.validate()?;
    let mut outcome = RunOutcome { tasks: vec![], failures: vec![], calls: 0 };
    let mut remaining = input.count;
    while remaining > 0 {
        let count = remaining.min(RUN_BATCH);
        let mut req = clients
            .ecs
            .run_task()
            .cluster(&input.cluster)
            .task_definition(&input.task_definition)
            .count(count as i32)
            .client_token(format!("{}-{}", input.client_token, outcome.calls))
            .started_by("berth")
            .enable_ecs_managed_tags(true);
        if let Some(lt) = &input.launch_type {
            req = req.launch_type(LaunchType::from(lt.as_str()));
        }
        if let Some(p) = &input.capacity_provider {
            let item = ecs::CapacityProviderStrategyItem::builder()
                .capacity_provider(p)
                .weight(1)
                .build()
                .map_err(|e| CoreError::Client { operation: "RunTask", detail: e.to_string() })?;
            req = req.capacity_provider_strategy(item);
        }
        // Empty lists stay unsent: Fargate takes none at all.
        if !input.placement_strategy.is_empty() {
            req = req.set_placement_strategy(Some(crate::placement::sdk_strategy(&input.placement_strategy)));
        }
        if !input.placement_constraints.is_empty() {
            req = req.set_placement_constraints(Some(crate::placement::sdk_constraints(&input.placement_constraints)));
        }
        if let Some(net) = &input.network {
            req = req.network_configuration(net.configuration("RunTask")?);
        }
        if !input.overrides.is_empty() {
            let mut overrides = TaskOverride::builder();
            for o in &input.overrides {
                let mut c = ContainerOverride::builder().name(&o.name).set_command(o.command.clone());
                for e in &o.environment {
                    c = c.environment(KeyValuePair::builder().name(&e.key).value(&e.value).build());
                }
                overrides = overrides.container_overrides(c.build());
            }
            req = req.overrides(overrides.build());
        }
        for t in &input.tags {
            req = req.tags(ecs::Tag::builder().key(&t.key).value(&t.value).build());
        }
        let out = req.send().await.map_err(|e| CoreError::from_sdk("RunTask", e))?;
        outcome.calls += 1;
        outcome.tasks.extend(out.tasks().iter().map(Task::from));
        outcome.failures.extend(out.failures().iter().map(|f| Failure {
            arn: f.arn().map(str::to_string),
            reason: f.reason().map(str::to_string),
            detail: f.detail().map(str::to_string),
            explanation: f.reason().and_then(crate::placement::explain),
        }));
        remaining -= count;
    }
    Ok(outcome)
}

/// ECS keeps at most 255 characters of a stop reason.
pub fn check_stop_reason(reason: &str) -> Result<(), FieldError> {
    if reason.chars().count() > 255 {
        return Err(FieldError::new("reason", "at most 255 characters"));
    }
    Ok(())
}

pub async fn stop(clients: &Clients, cluster: &str, task: &str, reason: &str) -> Result<Task> {
    check_stop_reason(reason)?;
    let mut req = clients.ecs.stop_task().cluster(cluster).task(task);
    if !reason.trim().is_empty() {
        req = req.reason(reason.trim());
    }
    let out = req.send().await.map_err(|e| CoreError::from_sdk("StopTask", e))?;
    out.task().map(Task::from).ok_or_else(|| CoreError::Client { operation: "StopTask", detail: "no task in the answer".into() })
}
