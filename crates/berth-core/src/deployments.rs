//! A service's deployment history: service deployments (newest first, paged) and the
//! service revisions they roll out, what stopped each one, a side-by-side compare of two
//! revisions (task definition and service configuration), and the two ways back: rolling
//! back a deployment in progress (StopServiceDeployment, ROLLBACK) and redeploying a
//! revision from history (UpdateService), each previewed with its CLI equivalent.

use aws_sdk_ecs::types as ecs;
use serde::Serialize;
use serde_json::Value;

use crate::error::{CoreError, Result};
use crate::services::{self, short_task_definition, Change, ServiceNetwork};
use crate::task_definitions;
use crate::Clients;

/// ListServiceDeployments' default page; the history screen pages through it.
pub const PAGE: i32 = 20;

/// One page of history: each deployment described, with the revisions it names.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentPage {
    pub deployments: Vec<DeploymentDetail>,
    /// Every source and target revision of the page's deployments, once each.
    pub revisions: Vec<ServiceRevision>,
    pub next_token: Option<String>,
}

/// A revision as a deployment counts it: requested, running and pending tasks.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RevisionCount {
    pub arn: String,
    pub requested: i32,
    pub running: i32,
    pub pending: i32,
}

/// Who or what ended a deployment early.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum StoppedBy {
    CircuitBreaker,
    Alarm,
    Hook,
    User,
    /// A newer deployment of the service took over.
    NewerDeployment,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentDetail {
    pub service_deployment_arn: String,
    pub id: String,
    pub service_arn: String,
    pub cluster_arn: String,
    pub status: String,
    pub status_reason: Option<String>,
    /// ROLLING (the default when ECS names none), BLUE_GREEN, LINEAR or CANARY.
    pub strategy: String,
    pub lifecycle_stage: Option<String>,
    pub created_at: Option<f64>,
    pub started_at: Option<f64>,
    pub finished_at: Option<f64>,
    pub stopped_at: Option<f64>,
    pub updated_at: Option<f64>,
    pub source_revisions: Vec<RevisionCount>,
    pub target_revision: Option<RevisionCount>,
    pub minimum_healthy_percent: Option<i32>,
    pub maximum_percent: Option<i32>,
    pub bake_time_in_minutes: Option<i32>,
    /// DISABLED, MONITORING, MONITORING_COMPLETE or TRIGGERED.
    pub circuit_breaker_status: Option<String>,
    pub circuit_breaker_failures: i32,
    pub circuit_breaker_threshold: i32,
    pub alarms_status: Option<String>,
    pub alarm_names: Vec<String>,
    pub triggered_alarms: Vec<String>,
    pub rollback_reason: Option<String>,
    pub rollback_started_at: Option<f64>,
    pub rollback_revision_arn: Option<String>,
    pub stopped_by: Option<StoppedBy>,
    /// The deployment can still be rolled back by hand.
    pub can_roll_back: bool,
    /// The lifecycle hooks run so far, the one awaiting action among them.
    pub hooks: Vec<HookDetail>,
    /// The target revision's share of production and test traffic (shifting strategies).
    pub production_traffic_weight: Option<f64>,
    pub test_traffic_weight: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct HookDetail {
    pub hook_id: String,
    /// PAUSE or AWS_LAMBDA.
    pub target_type: String,
    pub target_arn: Option<String>,
    /// AWAITING_ACTION, IN_PROGRESS, SUCCEEDED, FAILED or TIMED_OUT.
    pub status: String,
    pub expires_at: Option<f64>,
    pub timeout_action: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ContainerImage {
    pub container_name: String,
    pub image: String,
    pub image_digest: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RevisionLoadBalancer {
    pub target_group_arn: Option<String>,
    pub container_name: String,
    pub container_port: i32,
    pub alternate_target_group_arn: Option<String>,
    pub production_listener_rule: Option<String>,
    pub test_listener_rule: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceRevision {
    pub service_revision_arn: String,
    /// The 19-digit id at the end of the ARN.
    pub id: String,
    pub task_definition_arn: String,
    /// `family:revision`.
    pub task_definition: String,
    pub launch_type: Option<String>,
    pub capacity_provider_strategy: Vec<String>,
    pub platform_version: Option<String>,
    pub network: Option<ServiceNetwork>,
    pub load_balancers: Vec<RevisionLoadBalancer>,
    pub container_images: Vec<ContainerImage>,
    pub created_at: Option<f64>,
}

/// One line of a compare: a field and its value on each side ("" where it is absent).
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Difference {
    pub field: String,
    pub left: String,
    pub right: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RevisionComparison {
    pub left: ServiceRevision,
    pub right: ServiceRevision,
    /// Images, CPU and memory, environment, ports, roles: only what differs.
    pub task_definition: Vec<Difference>,
    /// Capacity, platform, network and load balancers: only what differs.
    pub service: Vec<Difference>,
}

/// What a rollback or redeploy will do, before it is sent.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentAction {
    /// The revision the service will run afterwards.
    pub revision: ServiceRevision,
    pub changes: Vec<Change>,
    pub cli: String,
}

fn time(t: Option<&aws_smithy_types::DateTime>) -> Option<f64> {
    t.map(|t| t.as_secs_f64())
}

fn last_segment(arn: &str) -> String {
    arn.rsplit('/').next().unwrap_or(arn).to_string()
}

fn sdk<E>(operation: &'static str) -> impl FnOnce(aws_sdk_ecs::error::SdkError<E>) -> CoreError
where
    E: aws_sdk_ecs::error::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    move |e| CoreError::from_sdk(operation, e)
}

fn missing(operation: &'static str, arn: &str) -> CoreError {
    CoreError::Aws { code: "MISSING".into(), message: format!("ECS holds no record of {arn}."), operation }
}

fn count(s: &ecs::ServiceRevisionSummary) -> RevisionCount {
    RevisionCount {
        arn: s.arn().unwrap_or_default().to_string(),
        requested: s.requested_task_count(),
        running: s.running_task_count(),
        pending: s.pending_task_count(),
    }
}

const ONGOING: [&str; 5] = ["PENDING", "IN_PROGRESS", "STOP_REQUESTED", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS"];

impl From<&ecs::ServiceDeployment> for DeploymentDetail {
    fn from(d: &ecs::ServiceDeployment) -> Self {
        let arn = d.service_deployment_arn().unwrap_or_default().to_string();
        let status = d.status().map(|s| s.as_str().to_string()).unwrap_or_default();
        let config = d.deployment_configuration();
        let breaker = d.deployment_circuit_breaker();
        let alarms = d.alarms();
        let rollback = d.rollback();
        let triggered =
            |s: Option<&ecs::ServiceDeploymentRollbackMonitorsStatus>| s == Some(&ecs::ServiceDeploymentRollbackMonitorsStatus::Triggered);
        let hook_failed = d
            .lifecycle_hook_details()
            .iter()
            .any(|h| matches!(h.status(), Some(ecs::DeploymentLifecycleHookStatus::Failed | ecs::DeploymentLifecycleHookStatus::TimedOut)));
        let stopped_by = if triggered(alarms.and_then(|a| a.status())) {
            Some(StoppedBy::Alarm)
        } else if triggered(breaker.and_then(|b| b.status())) {
            Some(StoppedBy::CircuitBreaker)
        } else if hook_failed && rollback.is_some() {
            Some(StoppedBy::Hook)
        } else if rollback.is_some() {
            Some(StoppedBy::User)
        } else if status == "STOPPED" {
            Some(StoppedBy::NewerDeployment)
        } else {
            None
        };
        DeploymentDetail {
            id: last_segment(&arn),
            service_deployment_arn: arn,
            service_arn: d.service_arn().unwrap_or_default().into(),
            cluster_arn: d.cluster_arn().unwrap_or_default().into(),
            can_roll_back: matches!(status.as_str(), "PENDING" | "IN_PROGRESS"),
            status_reason: d.status_reason().map(str::to_string),
            strategy: config.and_then(|c| c.strategy()).map(|s| s.as_str().to_string()).unwrap_or_else(|| "ROLLING".into()),
            lifecycle_stage: d.lifecycle_stage().map(|s| s.as_str().to_string()),
            created_at: time(d.created_at()),
            started_at: time(d.started_at()),
            finished_at: time(d.finished_at()),
            stopped_at: time(d.stopped_at()),
            updated_at: time(d.updated_at()),
            source_revisions: d.source_service_revisions().iter().map(count).collect(),
            target_revision: d.target_service_revision().map(count),
            minimum_healthy_percent: config.and_then(|c| c.minimum_healthy_percent()),
            maximum_percent: config.and_then(|c| c.maximum_percent()),
            bake_time_in_minutes: config.and_then(|c| c.bake_time_in_minutes()),
            circuit_breaker_status: breaker.and_then(|b| b.status()).map(|s| s.as_str().to_string()),
            circuit_breaker_failures: breaker.map(|b| b.failure_count()).unwrap_or(0),
            circuit_breaker_threshold: breaker.map(|b| b.threshold()).unwrap_or(0),
            alarms_status: alarms.and_then(|a| a.status()).map(|s| s.as_str().to_string()),
            alarm_names: alarms.map(|a| a.alarm_names().to_vec()).unwrap_or_default(),
            triggered_alarms: alarms.map(|a| a.triggered_alarm_names().to_vec()).unwrap_or_default(),
            rollback_reason: rollback.and_then(|r| r.reason()).map(str::to_string),
            rollback_started_at: time(rollback.and_then(|r| r.started_at())),
            rollback_revision_arn: rollback.and_then(|r| r.service_revision_arn()).map(str::to_string),
            stopped_by,
            hooks: d
                .lifecycle_hook_details()
                .iter()
                .map(|h| HookDetail {
                    hook_id: h.hook_id().unwrap_or_default().into(),
                    target_type: h.target_type().map(|t| t.as_str().to_string()).unwrap_or_default(),
                    target_arn: h.target_arn().map(str::to_string),
                    status: h.status().map(|x| x.as_str().to_string()).unwrap_or_default(),
                    expires_at: time(h.expires_at()),
                    timeout_action: h.timeout_action().map(|a| a.as_str().to_string()),
                })
                .collect(),
            production_traffic_weight: d.target_service_revision().and_then(|t| t.requested_production_traffic_weight()),
            test_traffic_weight: d.target_service_revision().and_then(|t| t.requested_test_traffic_weight()),
            status,
        }
    }
}

impl DeploymentDetail {
    pub fn ongoing(&self) -> bool {
        ONGOING.contains(&self.status.as_str())
    }
}

impl From<&ecs::ServiceRevision> for ServiceRevision {
    fn from(r: &ecs::ServiceRevision) -> Self {
        let arn = r.service_revision_arn().unwrap_or_default().to_string();
        let td = r.task_definition().unwrap_or_default().to_string();
        ServiceRevision {
            id: last_segment(&arn),
            service_revision_arn: arn,
            task_definition: short_task_definition(&td),
            task_definition_arn: td,
            launch_type: r.launch_type().map(|l| l.as_str().to_string()),
            capacity_provider_strategy: r
                .capacity_provider_strategy()
                .iter()
                .map(|c| format!("{} (weight {}, base {})", c.capacity_provider(), c.weight(), c.base()))
                .collect(),
            platform_version: r.platform_version().map(str::to_string),
            network: r.network_configuration().and_then(|n| n.awsvpc_configuration()).map(|v| ServiceNetwork {
                subnets: v.subnets().to_vec(),
                security_groups: v.security_groups().to_vec(),
                assign_public_ip: v.assign_public_ip() == Some(&ecs::AssignPublicIp::Enabled),
            }),
            load_balancers: r
                .load_balancers()
                .iter()
                .map(|l| {
                    let advanced = l.advanced_configuration();
                    RevisionLoadBalancer {
                        target_group_arn: l.target_group_arn().map(str::to_string),
                        container_name: l.container_name().unwrap_or_default().into(),
                        container_port: l.container_port().unwrap_or_default(),
                        alternate_target_group_arn: advanced.and_then(|a| a.alternate_target_group_arn()).map(str::to_string),
                        production_listener_rule: advanced.and_then(|a| a.production_listener_rule()).map(str::to_string),
                        test_listener_rule: advanced.and_then(|a| a.test_listener_rule()).map(str::to_string),
                    }
                })
                .collect(),
            container_images: r
                .container_images()
                .iter()
                .map(|c| ContainerImage {
                    container_name: c.container_name().unwrap_or_default().into(),
                    image: c.image().unwrap_or_default().into(),
                    image_digest: c.image_digest().map(str::to_string),
                })
                .collect(),
            created_at: time(r.created_at()),
        }
    }
}

/// One page of a service's deployments, newest first: ListServiceDeployments, then its
/// 20 described at once and their revisions (DescribeServiceRevisions takes 20 a call).
pub async fn history(clients: &Clients, cluster: &str, service: &str, next_token: Option<String>) -> Result<DeploymentPage> {
    let out = clients
        .ecs
        .list_service_deployments()
        .cluster(cluster)
        .service(service)
        .max_results(PAGE)
        .set_next_token(next_token)
        .send()
        .await
        .map_err(sdk("ListServiceDeployments"))?;
    let arns: Vec<String> = out.service_deployments().iter().filter_map(|b| b.service_deployment_arn().map(str::to_string)).collect();
    let mut deployments = Vec::with_capacity(arns.len());
    for chunk in arns.chunks(20) {
        let described = clients
            .ecs
            .describe_service_deployments()
            .set_service_deployment_arns(Some(chunk.to_vec()))
            .send()
            .await
            .map_err(sdk("DescribeServiceDeployments"))?;
        deployments.extend(described.service_deployments().iter().map(DeploymentDetail::from));
    }
    // ECS documents no order; newest first is what a history reads as.
    deployments.sort_by(|a, b| b.created_at.unwrap_or(0.0).total_cmp(&a.created_at.unwrap_or(0.0)));
    let mut named: Vec<String> = vec![];
    for d in &deployments {
        for arn in d.source_revisions.iter().map(|s| &s.arn).chain(d.target_revision.as_ref().map(|t| &t.arn)) {
            if !named.contains(arn) {
                named.push(arn.clone());
            }
        }
    }
    // Revisions from before service revisions existed (2024-10-25) are MISSING; the
    // page shows their ARN alone.
    let revisions = described_revisions(clients, &named).await?;
    Ok(DeploymentPage { deployments, revisions, next_token: out.next_token().map(str::to_string) })
}

pub async fn describe(clients: &Clients, arn: &str) -> Result<DeploymentDetail> {
    let out =
        clients.ecs.describe_service_deployments().service_deployment_arns(arn).send().await.map_err(sdk("DescribeServiceDeployments"))?;
    out.service_deployments().first().map(DeploymentDetail::from).ok_or_else(|| missing("DescribeServiceDeployments", arn))
}

/// The revisions ECS still describes among `arns` (DescribeServiceRevisions takes 20 a
/// call); those it does not (older than 25 October 2024) are left out.
async fn described_revisions(clients: &Clients, arns: &[String]) -> Result<Vec<ServiceRevision>> {
    let mut found = Vec::with_capacity(arns.len());
    for chunk in arns.chunks(20) {
        let out = clients
            .ecs
            .describe_service_revisions()
            .set_service_revision_arns(Some(chunk.to_vec()))
            .send()
            .await
            .map_err(sdk("DescribeServiceRevisions"))?;
        found.extend(out.service_revisions().iter().map(ServiceRevision::from));
    }
    Ok(found)
}

/// Service revisions by ARN, in the order asked; one ECS no longer describes is an error.
pub async fn revisions(clients: &Clients, arns: &[String]) -> Result<Vec<ServiceRevision>> {
    let found = described_revisions(clients, arns).await?;
    arns.iter()
        .map(|a| found.iter().find(|r| &r.service_revision_arn == a).cloned().ok_or_else(|| missing("DescribeServiceRevisions", a)))
        .collect()
}

async fn revision(clients: &Clients, arn: &str) -> Result<ServiceRevision> {
    Ok(revisions(clients, &[arn.to_string()]).await?.remove(0))
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The fields of a task definition a compare shows, flattened to `field → value`.
fn task_definition_fields(td: &Value) -> Vec<(String, String)> {
    let mut out = vec![];
    for f in ["cpu", "memory", "networkMode", "executionRoleArn", "taskRoleArn"] {
        out.push((f.to_string(), text(&td[f])));
    }
    out.push(("runtimePlatform".into(), text(&td["runtimePlatform"]["cpuArchitecture"])));
    for c in td["containerDefinitions"].as_array().into_iter().flatten() {
        let name = c["name"].as_str().unwrap_or_default();
        out.push((format!("{name}.image"), text(&c["image"])));
        for f in ["cpu", "memory", "memoryReservation", "essential"] {
            out.push((format!("{name}.{f}"), text(&c[f])));
        }
        let ports: Vec<String> = c["portMappings"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| format!("{}/{}", text(&p["containerPort"]), p["protocol"].as_str().unwrap_or("tcp")))
            .collect();
        out.push((format!("{name}.ports"), ports.join(", ")));
        let mut env: Vec<(String, String)> =
            c["environment"].as_array().into_iter().flatten().map(|e| (text(&e["name"]), text(&e["value"]))).collect();
        env.sort();
        for (k, v) in env {
            out.push((format!("{name}.environment.{k}"), v));
        }
        let secrets: Vec<String> = c["secrets"].as_array().into_iter().flatten().map(|s| text(&s["name"])).collect();
        if !secrets.is_empty() {
            out.push((format!("{name}.secrets"), secrets.join(", ")));
        }
        out.push((
            format!("{name}.healthCheck"),
            c["healthCheck"]["command"].as_array().map(|a| text(&Value::Array(a.clone()))).unwrap_or_default(),
        ));
    }
    out
}

fn service_fields(r: &ServiceRevision) -> Vec<(String, String)> {
    let mut out = vec![
        ("launchType".to_string(), r.launch_type.clone().unwrap_or_default()),
        ("capacityProviderStrategy".into(), r.capacity_provider_strategy.join("; ")),
        ("platformVersion".into(), r.platform_version.clone().unwrap_or_default()),
    ];
    if let Some(n) = &r.network {
        out.push(("subnets".into(), n.subnets.join(", ")));
        out.push(("securityGroups".into(), n.security_groups.join(", ")));
        out.push(("assignPublicIp".into(), if n.assign_public_ip { "ENABLED" } else { "DISABLED" }.into()));
    }
    for (i, lb) in r.load_balancers.iter().enumerate() {
        let at = format!("loadBalancers[{i}]");
        out.push((format!("{at}.targetGroup"), lb.target_group_arn.as_deref().map(last_segment_of_tg).unwrap_or_default()));
        out.push((format!("{at}.container"), format!("{}:{}", lb.container_name, lb.container_port)));
        if let Some(a) = &lb.alternate_target_group_arn {
            out.push((format!("{at}.alternateTargetGroup"), last_segment_of_tg(a)));
        }
    }
    for c in &r.container_images {
        if let Some(d) = &c.image_digest {
            out.push((format!("{}.imageDigest", c.container_name), d.clone()));
        }
    }
    out
}

/// `name` of a target group ARN (`…:targetgroup/name/id`).
fn last_segment_of_tg(arn: &str) -> String {
    arn.split('/').nth(1).unwrap_or(arn).to_string()
}

/// Every field whose value differs between the two sides, in the left side's order and
/// then the right's fields the left lacks.
pub fn differences(left: &[(String, String)], right: &[(String, String)]) -> Vec<Difference> {
    let value = |side: &[(String, String)], f: &str| side.iter().find(|(k, _)| k == f).map(|(_, v)| v.clone()).unwrap_or_default();
    let mut fields: Vec<&String> = left.iter().map(|(k, _)| k).collect();
    for (k, _) in right {
        if !fields.contains(&k) {
            fields.push(k);
        }
    }
    fields
        .into_iter()
        .filter_map(|f| {
            let (l, r) = (value(left, f), value(right, f));
            (l != r).then(|| Difference { field: f.clone(), left: l, right: r })
        })
        .collect()
}

/// Two service revisions side by side, with their task definitions.
pub async fn compare(clients: &Clients, left_arn: &str, right_arn: &str) -> Result<RevisionComparison> {
    let mut both = revisions(clients, &[left_arn.to_string(), right_arn.to_string()]).await?;
    let right = both.pop().expect("two revisions asked, two found");
    let left = both.pop().expect("two revisions asked, two found");
    let left_td = task_definitions::describe(clients, &left.task_definition_arn).await?.task_definition;
    let right_td = task_definitions::describe(clients, &right.task_definition_arn).await?.task_definition;
    let mut task_definition = differences(
        &[vec![("revision".to_string(), left.task_definition.clone())], task_definition_fields(&left_td)].concat(),
        &[vec![("revision".to_string(), right.task_definition.clone())], task_definition_fields(&right_td)].concat(),
    );
    task_definition.retain(|d| !(d.field == "revision" && d.left == d.right));
    let service = differences(&service_fields(&left), &service_fields(&right));
    Ok(RevisionComparison { left, right, task_definition, service })
}

fn revision_changes(current: &services::Service, to: &ServiceRevision) -> Vec<Change> {
    let mut out = vec![];
    if current.task_definition_arn != to.task_definition_arn {
        out.push(Change { field: "taskDefinition".into(), before: current.task_definition.clone(), after: to.task_definition.clone() });
    }
    if let (Some(now), Some(then)) = (&current.network, &to.network) {
        if now != then {
            let show = |n: &ServiceNetwork| format!("{} · {}", n.subnets.join(", "), n.security_groups.join(", "));
            out.push(Change { field: "networkConfiguration".into(), before: show(now), after: show(then) });
        }
    }
    out
}

/// Rolling back `arn`: the revision ECS returns to and what changes.
pub async fn preview_rollback(clients: &Clients, cluster: &str, service: &str, arn: &str) -> Result<DeploymentAction> {
    let d = describe(clients, arn).await?;
    if !d.can_roll_back {
        return Err(CoreError::Client {
            operation: "StopServiceDeployment",
            detail: format!("Deployment {} is {}; only a deployment that is pending or in progress can be rolled back.", d.id, d.status),
        });
    }
    // ECS returns to the revision the deployment replaced.
    let back = d.source_revisions.iter().max_by_key(|s| s.running).map(|s| s.arn.clone()).ok_or_else(|| CoreError::Client {
        operation: "StopServiceDeployment",
        detail: format!("Deployment {} replaced no earlier revision, so there is nothing to roll back to.", d.id),
    })?;
    let to = revision(clients, &back).await?;
    let current = services::describe(clients, cluster, service).await?;
    let mut changes = revision_changes(&current, &to);
    changes.insert(0, Change { field: "deployment".into(), before: format!("{} {}", d.id, d.status), after: "ROLLBACK_REQUESTED".into() });
    let cli = format!("aws ecs stop-service-deployment --service-deployment-arn {arn} --stop-type ROLLBACK{}", clients.cli_target());
    Ok(DeploymentAction { revision: to, changes, cli })
}

pub async fn roll_back(clients: &Clients, arn: &str) -> Result<String> {
    let out = clients
        .ecs
        .stop_service_deployment()
        .service_deployment_arn(arn)
        .stop_type(ecs::StopServiceDeploymentStopType::Rollback)
        .send()
        .await
        .map_err(sdk("StopServiceDeployment"))?;
    Ok(out.service_deployment_arn().unwrap_or(arn).to_string())
}

fn network_cli(n: &ServiceNetwork) -> String {
    format!(
        " --network-configuration 'awsvpcConfiguration={{subnets=[{}],securityGroups=[{}],assignPublicIp={}}}'",
        n.subnets.join(","),
        n.security_groups.join(","),
        if n.assign_public_ip { "ENABLED" } else { "DISABLED" }
    )
}

/// Redeploying the revision `revision_arn` of history: what changes and the command.
/// What redeploying `revision_arn` sends: its task definition, its network when that
/// differs, and a forced deployment when the service already runs both.
struct Redeploy {
    to: ServiceRevision,
    current: services::Service,
    network: Option<ServiceNetwork>,
    force: bool,
}

async fn redeploy_plan(clients: &Clients, cluster: &str, service: &str, revision_arn: &str) -> Result<Redeploy> {
    let to = revision(clients, revision_arn).await?;
    let current = services::describe(clients, cluster, service).await?;
    let network = to.network.clone().filter(|n| current.network.as_ref() != Some(n));
    let force = current.task_definition_arn == to.task_definition_arn && current.network == to.network;
    Ok(Redeploy { to, current, network, force })
}

pub async fn preview_redeploy(clients: &Clients, cluster: &str, service: &str, revision_arn: &str) -> Result<DeploymentAction> {
    let Redeploy { to, current, network, force } = redeploy_plan(clients, cluster, service, revision_arn).await?;
    let mut changes = revision_changes(&current, &to);
    if changes.is_empty() {
        changes.push(Change {
            field: "forceNewDeployment".into(),
            before: String::new(),
            after: "the service already runs this revision: every task is replaced".into(),
        });
    }
    let mut cli = format!("aws ecs update-service --cluster {cluster} --service {service} --task-definition {}", to.task_definition_arn);
    if let Some(n) = &network {
        cli.push_str(&network_cli(n));
    }
    if force {
        cli.push_str(" --force-new-deployment");
    }
    cli.push_str(&clients.cli_target());
    Ok(DeploymentAction { revision: to, changes, cli })
}

pub async fn redeploy(clients: &Clients, cluster: &str, service: &str, revision_arn: &str) -> Result<services::Service> {
    let Redeploy { to, network, force, .. } = redeploy_plan(clients, cluster, service, revision_arn).await?;
    let mut req =
        clients.ecs.update_service().cluster(cluster).service(service).task_definition(&to.task_definition_arn).force_new_deployment(force);
    if let Some(n) = &network {
        let vpc = ecs::AwsVpcConfiguration::builder()
            .set_subnets(Some(n.subnets.clone()))
            .set_security_groups(Some(n.security_groups.clone()))
            .assign_public_ip(if n.assign_public_ip { ecs::AssignPublicIp::Enabled } else { ecs::AssignPublicIp::Disabled })
            .build()
            .map_err(|e| CoreError::Client { operation: "UpdateService", detail: e.to_string() })?;
        req = req.network_configuration(ecs::NetworkConfiguration::builder().awsvpc_configuration(vpc).build());
    }
    let out = req.send().await.map_err(sdk("UpdateService"))?;
    out.service()
        .map(services::Service::from)
        .ok_or_else(|| CoreError::Client { operation: "UpdateService", detail: "AWS answered without the service".into() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn differences_name_only_what_changed_and_fields_one_side_lacks() {
        let left = pairs(&[("web.image", "nginx:1"), ("cpu", "256"), ("web.environment.A", "1")]);
        let right = pairs(&[("web.image", "nginx:2"), ("cpu", "256"), ("web.environment.B", "2")]);
        let d = differences(&left, &right);
        let fields: Vec<&str> = d.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(fields, vec!["web.image", "web.environment.A", "web.environment.B"]);
        assert_eq!((d[1].left.as_str(), d[1].right.as_str()), ("1", ""));
        assert!(differences(&left, &left).is_empty());
    }

    #[test]
    fn a_task_definition_flattens_to_what_a_compare_shows() {
        let td = serde_json::json!({"cpu": "256", "memory": "512", "containerDefinitions": [
            {"name": "web", "image": "nginx:1", "portMappings": [{"containerPort": 80}], "environment": [{"name": "B", "value": "2"}, {"name": "A", "value": "1"}]}
        ]});
        let fields = task_definition_fields(&td);
        let get = |k: &str| fields.iter().find(|(f, _)| f == k).map(|(_, v)| v.as_str());
        assert_eq!(get("web.ports"), Some("80/tcp"));
        assert_eq!(get("web.environment.A"), Some("1"));
        let env: Vec<&str> = fields.iter().filter(|(f, _)| f.starts_with("web.environment.")).map(|(f, _)| f.as_str()).collect();
        assert_eq!(env, vec!["web.environment.A", "web.environment.B"], "sorted, so a reordering is no difference");
    }
}
