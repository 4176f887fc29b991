//! The guided walkthrough's live checks: for each of its seven steps, whether the
//! environment really holds what the step asks, read with read-only calls only (so they
//! answer the same on AWS as on the sandbox), and in words what is still missing.

use aws_sdk_elasticloadbalancingv2::types::ActionTypeEnum;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::{load_balancers, registry, scaling, services, task_definitions, Clients};

/// The walkthrough's steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum GuideStep {
    Cluster,
    Image,
    TaskDefinition,
    Run,
    LoadBalancer,
    MonitorScale,
    Update,
}

/// What the learner's walkthrough is about: the names the steps create (the example's
/// unless changed), and for step 7 the revision the service ran before the update and
/// the fewest healthy targets Berth saw while it watched the rollout.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct GuideTargets {
    pub cluster: String,
    pub repository: String,
    pub family: String,
    pub service: String,
    #[serde(default)]
    pub baseline_revision: Option<i32>,
    #[serde(default)]
    pub fewest_healthy_seen: Option<i32>,
}

impl Default for GuideTargets {
    fn default() -> Self {
        GuideTargets {
            cluster: "my-cluster".into(),
            repository: "my-app-repo".into(),
            family: "my-app-task".into(),
            service: "my-app-service".into(),
            baseline_revision: None,
            fewest_healthy_seen: None,
        }
    }
}

/// One check's answer: green only when nothing is missing.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct StepCheck {
    pub step: GuideStep,
    pub passed: bool,
    /// What the environment holds that the step asked for.
    pub found: Vec<String>,
    /// What it still lacks, each in a sentence that says what to do.
    pub missing: Vec<String>,
    /// For the update step: the service's healthy targets now, so that whoever re-runs
    /// the check while the rollout goes on can keep the fewest it saw.
    pub healthy_targets: Option<i32>,
}

impl StepCheck {
    fn new(step: GuideStep, found: Vec<String>, missing: Vec<String>) -> StepCheck {
        StepCheck { step, passed: missing.is_empty(), found, missing, healthy_targets: None }
    }
}

/// A resource that is not there is something missing, not a failure of the check.
fn absent(e: &CoreError) -> bool {
    matches!(e.code(), "ClusterNotFoundException" | "RepositoryNotFoundException" | "ServiceNotFoundException")
}

pub async fn check(clients: &Clients, step: GuideStep, t: &GuideTargets) -> Result<StepCheck> {
    match step {
        GuideStep::Cluster => cluster(clients, t).await,
        GuideStep::Image => image(clients, t).await,
        GuideStep::TaskDefinition => task_definition(clients, t).await,
        GuideStep::Run => run(clients, t).await,
        GuideStep::LoadBalancer => load_balancer(clients, t).await,
        GuideStep::MonitorScale => monitor_scale(clients, t).await,
        GuideStep::Update => update(clients, t).await,
    }
}

async fn cluster(clients: &Clients, t: &GuideTargets) -> Result<StepCheck> {
    let (mut found, mut missing) = (vec![], vec![]);
    match crate::clusters::describe(&clients.ecs, &t.cluster).await {
        Ok(c) if c.status == "ACTIVE" => {
            found.push(format!("Cluster {} is ACTIVE", t.cluster));
            if c.registered_container_instances_count > 0 {
                found.push(format!("{} container instances registered", c.registered_container_instances_count));
            }
            if c.capacity_providers.iter().any(|p| p.starts_with("FARGATE")) {
                found.push("Fargate capacity providers associated".into());
            }
        }
        Ok(c) => missing.push(format!("Cluster {} is {}: create it again.", t.cluster, c.status)),
        Err(e) if absent(&e) => missing.push(format!("No cluster named {}: create it.", t.cluster)),
        Err(e) => return Err(e),
    }
    Ok(StepCheck::new(GuideStep::Cluster, found, missing))
}

async fn image(clients: &Clients, t: &GuideTargets) -> Result<StepCheck> {
    let (mut found, mut missing) = (vec![], vec![]);
    match registry::describe(clients, &t.repository).await {
        Ok(repo) => {
            found.push(format!("Repository {} at {}", repo.repository_name, repo.repository_uri));
            let images = registry::images(clients, &t.repository).await?;
            let tags: Vec<String> = images.iter().flat_map(|i| i.image_tags.iter().cloned()).collect();
            if tags.is_empty() {
                missing.push(format!("{} has no tagged image yet: push one with the commands shown.", t.repository));
            } else {
                found.push(format!("Images tagged {}", tags.join(", ")));
            }
        }
        Err(e) if absent(&e) => missing.push(format!("No ECR repository named {}: create it.", t.repository)),
        Err(e) => return Err(e),
    }
    Ok(StepCheck::new(GuideStep::Image, found, missing))
}

async fn task_definition(clients: &Clients, t: &GuideTargets) -> Result<StepCheck> {
    let (mut found, mut missing) = (vec![], vec![]);
    let revisions = task_definitions::revisions(clients, &t.family).await.unwrap_or_default();
    let Some(latest) = revisions.iter().filter(|r| r.status == "ACTIVE").map(|r| r.revision).max() else {
        missing.push(format!("No active revision of family {}: register the task definition.", t.family));
        return Ok(StepCheck::new(GuideStep::TaskDefinition, found, missing));
    };
    let described = task_definitions::describe(clients, &format!("{}:{latest}", t.family)).await?;
    let td = &described.task_definition;
    found.push(format!("{}:{latest} is ACTIVE", t.family));
    let containers = td["containerDefinitions"].as_array().cloned().unwrap_or_default();
    let repository = registry::describe(clients, &t.repository).await.ok().map(|r| r.repository_uri);
    let from_repo =
        containers.iter().find(|c| repository.as_deref().is_some_and(|uri| c["image"].as_str().is_some_and(|i| i.starts_with(uri))));
    match (&repository, from_repo) {
        (_, Some(c)) => found.push(format!("Container {} runs {}", c["name"].as_str().unwrap_or("?"), c["image"].as_str().unwrap_or("?"))),
        (Some(uri), None) => missing.push(format!("No container's image comes from {uri}: pick the image you pushed.")),
        (None, None) => missing.push(format!("The image should come from repository {}, which does not exist yet.", t.repository)),
    }
    if containers.iter().any(|c| c["portMappings"].as_array().is_some_and(|p| !p.is_empty())) {
        found.push("A container maps a port".into());
    } else {
        missing.push("No container maps a port: add the port the app listens on (8080 in the example).".into());
    }
    let task_memory = td["memory"].as_str().is_some();
    if task_memory || containers.iter().all(|c| c["memory"].is_number() || c["memoryReservation"].is_number()) {
        found.push(format!(
            "Memory set ({})",
            td["memory"].as_str().map(|m| format!("{m} MiB for the task")).unwrap_or("per container".into())
        ));
    } else {
        missing.push("Give the task (or each container) memory: 512 MiB in the example.".into());
    }
    Ok(StepCheck::new(GuideStep::TaskDefinition, found, missing))
}

async fn service_of(clients: &Clients, t: &GuideTargets) -> Result<Option<services::Service>> {
    match services::describe(clients, &t.cluster, &t.service).await {
        Ok(s) if s.status == "ACTIVE" => Ok(Some(s)),
        Ok(_) => Ok(None),
        Err(e) if absent(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

async fn run(clients: &Clients, t: &GuideTargets) -> Result<StepCheck> {
    let (mut found, mut missing) = (vec![], vec![]);
    if let Some(s) = service_of(clients, t).await? {
        let of_family = task_definitions::family_of(&s.task_definition_arn) == t.family;
        if !of_family {
            missing.push(format!("Service {} runs {}, not family {}.", t.service, s.task_definition, t.family));
        } else if s.desired_count > 0 && s.running_count >= s.desired_count {
            found.push(format!("Service {} runs {} of {} tasks", t.service, s.running_count, s.desired_count));
        } else {
            missing.push(format!(
                "Service {} runs {} of {} tasks: wait for them to start, or see why they stop.",
                t.service, s.running_count, s.desired_count
            ));
        }
        return Ok(StepCheck::new(GuideStep::Run, found, missing));
    }
    // One-off tasks do too.
    let arns = clients
        .ecs
        .list_tasks()
        .cluster(&t.cluster)
        .family(&t.family)
        .desired_status(aws_sdk_ecs::types::DesiredStatus::Running)
        .send()
        .await
        .map(|o| o.task_arns().to_vec())
        .unwrap_or_default();
    let running = if arns.is_empty() {
        0
    } else {
        let out = clients
            .ecs
            .describe_tasks()
            .cluster(&t.cluster)
            .set_tasks(Some(arns))
            .send()
            .await
            .map_err(|e| CoreError::from_sdk("DescribeTasks", e))?;
        out.tasks().iter().filter(|task| task.last_status() == Some("RUNNING")).count()
    };
    if running > 0 {
        found.push(format!("{running} task{} of {} RUNNING", if running == 1 { "" } else { "s" }, t.family));
    } else {
        missing.push(format!("Nothing of {} runs in {}: run a task or create service {}.", t.family, t.cluster, t.service));
    }
    Ok(StepCheck::new(GuideStep::Run, found, missing))
}

async fn load_balancer(clients: &Clients, t: &GuideTargets) -> Result<StepCheck> {
    let (mut found, mut missing) = (vec![], vec![]);
    let Some(s) = service_of(clients, t).await? else {
        missing.push(format!("No service {} in {}: create it behind a load balancer.", t.service, t.cluster));
        return Ok(StepCheck::new(GuideStep::LoadBalancer, found, missing));
    };
    let Some(tg_arn) = s.load_balancers.iter().find_map(|l| l.target_group_arn.clone()) else {
        missing.push(format!("Service {} has no target group: it must be created with a load balancer.", t.service));
        return Ok(StepCheck::new(GuideStep::LoadBalancer, found, missing));
    };
    let tg = load_balancers::describe_target_group(clients, &tg_arn).await?;
    found.push(format!("Service registers its tasks in target group {}", tg.target_group_name));
    let mut forwarding = false;
    for lb in &tg.load_balancer_arns {
        let listeners =
            clients.elb.describe_listeners().load_balancer_arn(lb).send().await.map_err(|e| CoreError::from_sdk("DescribeListeners", e))?;
        forwarding |= listeners.listeners().iter().any(|l| {
            let http80 = l.port() == Some(80) && l.protocol().map(|p| p.as_str()) == Some("HTTP");
            let forwards = l.default_actions().iter().any(|a| {
                a.r#type() == Some(&ActionTypeEnum::Forward)
                    && (a.target_group_arn() == Some(tg_arn.as_str())
                        || a.forward_config()
                            .is_some_and(|f| f.target_groups().iter().any(|g| g.target_group_arn() == Some(tg_arn.as_str()))))
            });
            http80 && forwards
        });
    }
    if forwarding {
        found.push("An HTTP:80 listener forwards to it".into());
    } else {
        missing.push(format!("No load balancer has an HTTP listener on port 80 forwarding to {}.", tg.target_group_name));
    }
    let health = load_balancers::target_health(clients, &tg_arn).await?;
    let healthy = health.iter().filter(|h| h.state == "healthy").count() as i32;
    if healthy >= s.desired_count.max(1) {
        found.push(format!("{healthy} healthy targets"));
    } else {
        let reasons: Vec<String> = health.iter().filter(|h| h.state != "healthy").filter_map(|h| h.description.clone()).collect();
        missing.push(format!(
            "{healthy} of {} targets healthy{}",
            s.desired_count,
            if reasons.is_empty() { ": wait for the health checks to pass.".to_string() } else { format!(": {}", reasons.join("; ")) }
        ));
    }
    Ok(StepCheck::new(GuideStep::LoadBalancer, found, missing))
}

async fn monitor_scale(clients: &Clients, t: &GuideTargets) -> Result<StepCheck> {
    let (mut found, mut missing) = (vec![], vec![]);
    match scaling::describe(clients, &t.cluster, &t.service).await? {
        None => {
            missing.push(format!("Service {} is not registered with Application Auto Scaling: turn on service auto scaling.", t.service))
        }
        Some(s) => {
            let (min, max) = (s.min_capacity.unwrap_or(0), s.max_capacity.unwrap_or(0));
            if max > min {
                found.push(format!("Auto scaling keeps it between {min} and {max} tasks"));
            } else {
                missing.push(format!("The scalable target's minimum ({min}) and maximum ({max}) leave no room to scale."));
            }
            let on_cpu = s.policies.iter().find(|p| p.metric.as_deref().is_some_and(|m| m.contains("CPU")));
            match on_cpu {
                Some(p) => found.push(format!("Policy {} scales on CPU", p.policy_name)),
                None => missing.push("No scaling policy follows CPU: add target tracking on average CPU utilisation.".into()),
            }
        }
    }
    Ok(StepCheck::new(GuideStep::MonitorScale, found, missing))
}

async fn update(clients: &Clients, t: &GuideTargets) -> Result<StepCheck> {
    let (mut found, mut missing) = (vec![], vec![]);
    let Some(s) = service_of(clients, t).await? else {
        missing.push(format!("No service {} in {}.", t.service, t.cluster));
        return Ok(StepCheck::new(GuideStep::Update, found, missing));
    };
    let revision = |arn: &str| arn.rsplit(':').next().and_then(|r| r.parse::<i32>().ok());
    let current = revision(&s.task_definition_arn).unwrap_or(0);
    match t.baseline_revision {
        Some(base) if current > base => found.push(format!("The service runs {}, newer than revision {base}", s.task_definition)),
        Some(base) => missing.push(format!("The service still runs revision {current}: register a new revision (a new image) and update the service to it (it ran {base} before).")),
        None => missing.push("Berth has not recorded the revision the service ran before the update: open this step before updating.".into()),
    }
    let primary = s.deployments.iter().find(|d| d.status == "PRIMARY");
    match primary {
        Some(d) if s.deployments.len() == 1 && d.rollout_state.as_deref() == Some("COMPLETED") => {
            found.push("The rolling update COMPLETED".into())
        }
        Some(d) => {
            missing.push(format!("The rolling update is {}: wait for it to complete.", d.rollout_state.as_deref().unwrap_or("in progress")))
        }
        None => missing.push("The service has no primary deployment.".into()),
    }
    // Healthy targets at each moment are only known to whoever watched.
    let minimum = (s.desired_count as f64 * s.deployment_configuration.minimum_healthy_percent as f64 / 100.0).ceil() as i32;
    let mut healthy_now = None;
    if let Some(tg) = s.load_balancers.iter().find_map(|l| l.target_group_arn.clone()) {
        let health = load_balancers::target_health(clients, &tg).await?;
        healthy_now = Some(health.iter().filter(|h| h.state == "healthy").count() as i32);
    }
    if !s.load_balancers.is_empty() {
        match t.fewest_healthy_seen {
            Some(seen) if seen >= minimum => {
                found.push(format!("Healthy targets never fell below {minimum} while Berth watched (fewest {seen})"))
            }
            Some(seen) => missing.push(format!("Healthy targets fell to {seen}, below the minimum of {minimum}, during the rollout.")),
            None => {
                missing.push("Berth did not watch the rollout's healthy targets: keep this step open while the service updates.".into())
            }
        }
    }
    let mut check = StepCheck::new(GuideStep::Update, found, missing);
    check.healthy_targets = healthy_now;
    Ok(check)
}
