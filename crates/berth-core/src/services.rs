//! Services: list (streamed, DescribeServices 10 at a time), describe with deployments and
//! events, update (checked, with the change spelt out before it is sent) and delete.
//! Creating one with its load balancer and scaling is a multi-call plan: `service_plan`.

use aws_sdk_ecs::types::{self as ecs, DeploymentCircuitBreaker, DeploymentConfiguration};
use serde::{Deserialize, Serialize};

use crate::clusters::Tag;
use crate::error::{CoreError, Result};
use crate::listing::{stream_list_then_describe, with_backoff, ListingStats};
use crate::validation::FieldError;
use crate::Clients;

/// DescribeServices takes at most 10 services per call.
pub const DESCRIBE_BATCH: usize = 10;

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    pub service_arn: String,
    pub service_name: String,
    pub cluster_arn: String,
    pub cluster_name: String,
    pub status: String,
    pub desired_count: i32,
    pub running_count: i32,
    pub pending_count: i32,
    pub task_definition_arn: String,
    /// `family:revision`.
    pub task_definition: String,
    pub launch_type: Option<String>,
    pub capacity_provider_strategy: Vec<CapacityProviderItem>,
    pub scheduling_strategy: Option<String>,
    pub created_at: Option<f64>,
    pub created_by: Option<String>,
    pub health_check_grace_period_seconds: Option<i32>,
    pub deployment_configuration: DeploymentSettings,
    /// The CloudWatch alarms that fail (and may roll back) a deployment.
    pub deployment_alarms: Option<DeploymentAlarmSettings>,
    /// Rolling, blue/green, linear or canary, with bake times, hooks and the load balancer pieces.
    pub strategy: crate::strategy::StrategySettings,
    pub network: Option<ServiceNetwork>,
    pub load_balancers: Vec<ServiceLoadBalancer>,
    pub deployments: Vec<Deployment>,
    /// Newest first, as ECS returns them (at most 100).
    pub events: Vec<ServiceEvent>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CapacityProviderItem {
    pub capacity_provider: String,
    #[serde(default)]
    pub weight: i32,
    #[serde(default)]
    pub base: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentSettings {
    pub minimum_healthy_percent: i32,
    pub maximum_percent: i32,
    pub circuit_breaker: bool,
    pub rollback: bool,
}

impl Default for DeploymentSettings {
    fn default() -> Self {
        // ECS's own defaults for a replica service.
        Self { minimum_healthy_percent: 100, maximum_percent: 200, circuit_breaker: false, rollback: false }
    }
}

/// ECS's deployment alarms: any of them in ALARM during a rollout (or its bake) fails it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentAlarmSettings {
    pub alarm_names: Vec<String>,
    pub enable: bool,
    pub rollback: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceNetwork {
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    pub assign_public_ip: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceLoadBalancer {
    pub target_group_arn: Option<String>,
    pub load_balancer_name: Option<String>,
    pub container_name: String,
    pub container_port: i32,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "ServiceDeployment")]
pub struct Deployment {
    pub id: String,
    /// PRIMARY, ACTIVE or INACTIVE.
    pub status: String,
    pub task_definition: String,
    pub desired_count: i32,
    pub pending_count: i32,
    pub running_count: i32,
    pub failed_tasks: i32,
    /// IN_PROGRESS, COMPLETED or FAILED.
    pub rollout_state: Option<String>,
    pub rollout_state_reason: Option<String>,
    pub created_at: Option<f64>,
    pub updated_at: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceEvent {
    pub id: String,
    pub created_at: Option<f64>,
    pub message: String,
}

fn time(t: Option<&aws_smithy_types::DateTime>) -> Option<f64> {
    t.map(|t| t.as_secs_f64())
}

/// `family:revision` from a task definition ARN.
pub fn short_task_definition(arn: &str) -> String {
    arn.rsplit('/').next().unwrap_or(arn).to_string()
}

fn last_segment(arn: &str) -> String {
    arn.rsplit('/').next().unwrap_or(arn).to_string()
}

impl From<&ecs::Service> for Service {
    fn from(s: &ecs::Service) -> Self {
        let cluster_arn = s.cluster_arn().unwrap_or_default().to_string();
        let td = s.task_definition().unwrap_or_default().to_string();
        let config = s.deployment_configuration();
        let breaker = config.and_then(|c| c.deployment_circuit_breaker());
        Service {
            service_arn: s.service_arn().unwrap_or_default().into(),
            service_name: s.service_name().unwrap_or_default().into(),
            cluster_name: last_segment(&cluster_arn),
            cluster_arn,
            status: s.status().unwrap_or_default().into(),
            desired_count: s.desired_count(),
            running_count: s.running_count(),
            pending_count: s.pending_count(),
            task_definition: short_task_definition(&td),
            task_definition_arn: td,
            launch_type: s.launch_type().map(|l| l.as_str().to_string()),
            capacity_provider_strategy: s
                .capacity_provider_strategy()
                .iter()
                .map(|c| CapacityProviderItem { capacity_provider: c.capacity_provider().into(), weight: c.weight(), base: c.base() })
                .collect(),
            scheduling_strategy: s.scheduling_strategy().map(|x| x.as_str().to_string()),
            created_at: time(s.created_at()),
            created_by: s.created_by().map(str::to_string),
            health_check_grace_period_seconds: s.health_check_grace_period_seconds(),
            deployment_configuration: DeploymentSettings {
                minimum_healthy_percent: config.and_then(|c| c.minimum_healthy_percent()).unwrap_or(100),
                maximum_percent: config.and_then(|c| c.maximum_percent()).unwrap_or(200),
                circuit_breaker: breaker.is_some_and(|b| b.enable()),
                rollback: breaker.is_some_and(|b| b.rollback()),
            },
            strategy: crate::strategy::StrategySettings::from_service(s),
            deployment_alarms: config.and_then(|c| c.alarms()).map(|a| DeploymentAlarmSettings {
                alarm_names: a.alarm_names().to_vec(),
                enable: a.enable(),
                rollback: a.rollback(),
            }),
            network: s.network_configuration().and_then(|n| n.awsvpc_configuration()).map(|v| ServiceNetwork {
                subnets: v.subnets().to_vec(),
                security_groups: v.security_groups().to_vec(),
                assign_public_ip: v.assign_public_ip() == Some(&ecs::AssignPublicIp::Enabled),
            }),
            load_balancers: s
                .load_balancers()
                .iter()
                .map(|l| ServiceLoadBalancer {
                    target_group_arn: l.target_group_arn().map(str::to_string),
                    load_balancer_name: l.load_balancer_name().map(str::to_string),
                    container_name: l.container_name().unwrap_or_default().into(),
                    container_port: l.container_port().unwrap_or_default(),
                })
                .collect(),
            deployments: s
                .deployments()
                .iter()
                .map(|d| Deployment {
                    id: d.id().unwrap_or_default().into(),
                    status: d.status().unwrap_or_default().into(),
                    task_definition: short_task_definition(d.task_definition().unwrap_or_default()),
                    desired_count: d.desired_count(),
                    pending_count: d.pending_count(),
                    running_count: d.running_count(),
                    failed_tasks: d.failed_tasks(),
                    rollout_state: d.rollout_state().map(|r| r.as_str().to_string()),
                    rollout_state_reason: d.rollout_state_reason().map(str::to_string),
                    created_at: time(d.created_at()),
                    updated_at: time(d.updated_at()),
                })
                .collect(),
            events: s
                .events()
                .iter()
                .map(|e| ServiceEvent {
                    id: e.id().unwrap_or_default().into(),
                    created_at: time(e.created_at()),
                    message: e.message().unwrap_or_default().into(),
                })
                .collect(),
            tags: s
                .tags()
                .iter()
                .map(|t| Tag { key: t.key().unwrap_or_default().into(), value: t.value().unwrap_or_default().into() })
                .collect(),
        }
    }
}

async fn describe_batch(ecs: &aws_sdk_ecs::Client, cluster: &str, services: Vec<String>) -> Result<Vec<Service>> {
    let out = ecs
        .describe_services()
        .cluster(cluster)
        .set_services(Some(services))
        .include(ecs::ServiceField::Tags)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DescribeServices", e))?;
    Ok(out.services().iter().map(Service::from).collect())
}

/// Lists a cluster's services (pages of 100) and describes them 10 at a time as each page
/// arrives, handing every described batch to `sink`.
pub async fn list(clients: &Clients, cluster: &str, sink: impl FnMut(Vec<Service>)) -> Result<ListingStats> {
    let paginator = clients.ecs.list_services().cluster(cluster).max_results(100).into_paginator().send();
    let pages = futures::stream::unfold(paginator, |mut p| async move {
        let page = p.next().await?;
        Some((page.map(|p| p.service_arns.unwrap_or_default()).map_err(|e| CoreError::from_sdk("ListServices", e)), p))
    });
    let (ecs, cluster) = (clients.ecs.clone(), cluster.to_string());
    stream_list_then_describe(
        pages,
        DESCRIBE_BATCH,
        move |arns| {
            let (ecs, cluster) = (ecs.clone(), cluster.clone());
            async move { describe_batch(&ecs, &cluster, arns).await }
        },
        sink,
    )
    .await
}

pub async fn describe(clients: &Clients, cluster: &str, service: &str) -> Result<Service> {
    let ecs = &clients.ecs;
    with_backoff(|| describe_batch(ecs, cluster, vec![service.to_string()])).await?.into_iter().next().ok_or_else(|| CoreError::Aws {
        code: "ServiceNotFoundException".into(),
        message: format!("Service {service} was not found in cluster {cluster}."),
        operation: "DescribeServices",
    })
}

pub fn check_deployment(settings: &DeploymentSettings) -> Result<(), FieldError> {
    if !(0..=100).contains(&settings.minimum_healthy_percent) {
        return Err(FieldError::new("minimumHealthyPercent", "Minimum healthy percent is 0–100."));
    }
    if !(100..=200).contains(&settings.maximum_percent) {
        return Err(FieldError::new("maximumPercent", "Maximum percent is 100–200 for a replica service."));
    }
    if settings.maximum_percent <= settings.minimum_healthy_percent {
        return Err(FieldError::new(
            "maximumPercent",
            "Maximum percent must be above minimum healthy percent, or no task could ever be replaced.",
        ));
    }
    if settings.rollback && !settings.circuit_breaker {
        return Err(FieldError::new("rollback", "Rollback needs the deployment circuit breaker turned on."));
    }
    Ok(())
}

pub fn check_desired_count(count: i32) -> Result<(), FieldError> {
    if !(0..=5000).contains(&count) {
        return Err(FieldError::new("desiredCount", "Desired count is 0–5,000 tasks (the ECS limit per service)."));
    }
    Ok(())
}

pub fn deployment_configuration(settings: &DeploymentSettings) -> DeploymentConfiguration {
    DeploymentConfiguration::builder()
        .minimum_healthy_percent(settings.minimum_healthy_percent)
        .maximum_percent(settings.maximum_percent)
        .deployment_circuit_breaker(
            DeploymentCircuitBreaker::builder().enable(settings.circuit_breaker).rollback(settings.rollback).build(),
        )
        .build()
}

pub fn deployment_alarms(a: &DeploymentAlarmSettings) -> ecs::DeploymentAlarms {
    ecs::DeploymentAlarms::builder()
        .set_alarm_names(Some(a.alarm_names.clone()))
        .enable(a.enable)
        .rollback(a.rollback)
        .build()
        .expect("alarm names, enable and rollback are all set")
}

/// A change to a service; fields left `None` stay as they are.
#[derive(Debug, Clone, Default, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
// A change or filter names only what it sets; the rest may be left out.
#[ts(optional_fields = nullable)]
pub struct ServiceUpdate {
    pub cluster: String,
    pub service: String,
    #[serde(default)]
    pub task_definition: Option<String>,
    #[serde(default)]
    pub desired_count: Option<i32>,
    #[serde(default)]
    pub force_new_deployment: bool,
    #[serde(default)]
    pub deployment_configuration: Option<DeploymentSettings>,
    #[serde(default)]
    pub health_check_grace_period_seconds: Option<i32>,
    /// The deployment's alarms; sent with the deployment settings.
    #[serde(default)]
    pub alarms: Option<DeploymentAlarmSettings>,
    /// The deployment strategy; a traffic-shifting one also sets the load balancer's
    /// advancedConfiguration.
    #[serde(default)]
    pub strategy: Option<crate::strategy::StrategySettings>,
}

/// One line of the change a `ServiceUpdate` makes, for the diff shown before sending.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

impl ServiceUpdate {
    pub fn validate(&self) -> Result<(), FieldError> {
        match self.field_errors().into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Every rule the fields this change sets break, one per field.
    pub fn field_errors(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if let Some(c) = self.desired_count {
            errors.extend(check_desired_count(c).err());
        }
        if let Some(d) = &self.deployment_configuration {
            errors.extend(check_deployment(d).err());
        }
        if let Some(td) = &self.task_definition {
            if td.trim().is_empty() {
                errors.push(FieldError::new("taskDefinition", "Choose a task definition revision."));
            }
        }
        if let Some(s) = &self.strategy {
            // Whether the service has a load balancer is checked against it when sent.
            errors.extend(s.field_errors(true));
        }
        if let Some(a) = &self.alarms {
            if a.enable && a.alarm_names.is_empty() {
                errors.push(FieldError::new("alarms", "Choose at least one alarm, or turn deployment alarms off."));
            }
            if a.alarm_names.len() > 10 {
                errors.push(FieldError::new("alarms", "A deployment watches at most 10 alarms."));
            }
        }
        if let Some(g) = self.health_check_grace_period_seconds {
            if !(0..=2_147_483_647).contains(&g) {
                errors.push(FieldError::new("healthCheckGracePeriodSeconds", "The grace period is 0 or more seconds."));
            }
        }
        errors
    }

    /// What would change on `current`; an empty list means the update does nothing.
    pub fn changes(&self, current: &Service) -> Vec<Change> {
        let mut out = vec![];
        let mut push = |field: &str, before: String, after: String| {
            if before != after {
                out.push(Change { field: field.into(), before, after });
            }
        };
        if let Some(td) = &self.task_definition {
            push("taskDefinition", current.task_definition.clone(), short_task_definition(td));
        }
        if let Some(c) = self.desired_count {
            push("desiredCount", current.desired_count.to_string(), c.to_string());
        }
        if let Some(d) = &self.deployment_configuration {
            let was = &current.deployment_configuration;
            push("minimumHealthyPercent", was.minimum_healthy_percent.to_string(), d.minimum_healthy_percent.to_string());
            push("maximumPercent", was.maximum_percent.to_string(), d.maximum_percent.to_string());
            push("circuitBreaker", was.circuit_breaker.to_string(), d.circuit_breaker.to_string());
            push("rollback", was.rollback.to_string(), d.rollback.to_string());
        }
        if let Some(a) = &self.alarms {
            let show = |a: Option<&DeploymentAlarmSettings>| match a {
                Some(a) if a.enable => format!("{}{}", a.alarm_names.join(", "), if a.rollback { " (roll back on alarm)" } else { "" }),
                _ => "off".to_string(),
            };
            push("alarms", show(current.deployment_alarms.as_ref()), show(Some(a)));
        }
        if let Some(s) = &self.strategy {
            let was = &current.strategy;
            push("strategy", was.strategy.clone(), s.strategy.clone());
            if s.shifts_traffic() {
                push("bakeTimeInMinutes", was.bake_time_in_minutes.to_string(), s.bake_time_in_minutes.to_string());
                let tail = |a: &Option<String>| a.as_deref().map(|x| x.rsplit('/').next().unwrap_or(x).to_string()).unwrap_or_default();
                push("alternateTargetGroup", tail(&was.alternate_target_group_arn), tail(&s.alternate_target_group_arn));
                push("productionListenerRule", tail(&was.production_listener_rule), tail(&s.production_listener_rule));
                push("testListenerRule", tail(&was.test_listener_rule), tail(&s.test_listener_rule));
                push("infrastructureRole", tail(&was.role_arn), tail(&s.role_arn));
                if s.strategy == "LINEAR" {
                    push(
                        "linear",
                        format!("{}% every {} min", was.step_percent, was.step_bake_time_in_minutes),
                        format!("{}% every {} min", s.step_percent, s.step_bake_time_in_minutes),
                    );
                }
                if s.strategy == "CANARY" {
                    push(
                        "canary",
                        format!("{}% for {} min", was.canary_percent, was.canary_bake_time_in_minutes),
                        format!("{}% for {} min", s.canary_percent, s.canary_bake_time_in_minutes),
                    );
                }
                let hooks = |h: &[crate::strategy::LifecycleHook]| {
                    h.iter()
                        .map(|h| format!("{} at {}", if h.target_type == "PAUSE" { "pause" } else { "Lambda" }, h.stages.join("+")))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                push("lifecycleHooks", hooks(&was.hooks), hooks(&s.hooks));
            }
        }
        if let Some(g) = self.health_check_grace_period_seconds {
            push("healthCheckGracePeriodSeconds", current.health_check_grace_period_seconds.unwrap_or(0).to_string(), g.to_string());
        }
        if self.force_new_deployment {
            out.push(Change {
                field: "forceNewDeployment".into(),
                before: String::new(),
                after: "a new deployment replaces every task".into(),
            });
        }
        out
    }
}

pub async fn update(clients: &Clients, input: &ServiceUpdate) -> Result<Service> {
    input.validate()?;
    let mut req =
        clients.ecs.update_service().cluster(&input.cluster).service(&input.service).force_new_deployment(input.force_new_deployment);
    if let Some(td) = &input.task_definition {
        req = req.task_definition(td);
    }
    if let Some(c) = input.desired_count {
        req = req.desired_count(c);
    }
    let mut config = match (&input.deployment_configuration, &input.alarms) {
        (Some(d), alarms) => {
            let mut config = deployment_configuration(d);
            config.alarms = alarms.as_ref().map(deployment_alarms);
            Some(config)
        }
        (None, Some(a)) => Some(DeploymentConfiguration::builder().alarms(deployment_alarms(a)).build()),
        (None, None) => None,
    };
    if let Some(s) = &input.strategy {
        let current = describe(clients, &input.cluster, &input.service).await?;
        if let Some(e) = s.field_errors(!current.load_balancers.is_empty()).into_iter().next() {
            return Err(e.into());
        }
        s.apply(config.get_or_insert_with(|| DeploymentConfiguration::builder().build()));
        if s.shifts_traffic() || current.strategy.shifts_traffic() {
            req = req.set_load_balancers(Some(s.load_balancers(&current)));
        }
    }
    req = req.set_deployment_configuration(config);
    if let Some(g) = input.health_check_grace_period_seconds {
        req = req.health_check_grace_period_seconds(g);
    }
    let out = req.send().await.map_err(|e| CoreError::from_sdk("UpdateService", e))?;
    out.service()
        .map(Service::from)
        .ok_or_else(|| CoreError::Client { operation: "UpdateService", detail: "AWS answered without the service".into() })
}

/// Deletes a service. Without `force`, ECS refuses while tasks are wanted, so the caller
/// scales to 0 first (`update` with desired count 0) or forces.
pub async fn delete(clients: &Clients, cluster: &str, service: &str, force: bool) -> Result<Service> {
    let out = clients
        .ecs
        .delete_service()
        .cluster(cluster)
        .service(service)
        .force(force)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DeleteService", e))?;
    out.service()
        .map(Service::from)
        .ok_or_else(|| CoreError::Client { operation: "DeleteService", detail: "AWS answered without the service".into() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deployment_settings_follow_ecs_rules() {
        assert!(check_deployment(&DeploymentSettings::default()).is_ok());
        let bad = DeploymentSettings { minimum_healthy_percent: 100, maximum_percent: 100, ..Default::default() };
        assert_eq!(check_deployment(&bad).unwrap_err().field, "maximumPercent");
        let bad = DeploymentSettings { rollback: true, ..Default::default() };
        assert_eq!(check_deployment(&bad).unwrap_err().field, "rollback");
        assert_eq!(check_desired_count(5001).unwrap_err().field, "desiredCount");
        assert_eq!(short_task_definition("arn:aws:ecs:us-east-1:1:task-definition/web:3"), "web:3");
    }
}
