//! Service auto scaling through Application Auto Scaling: the scalable target (min/max
//! tasks), target-tracking policies, and the scaling activities that followed.

use aws_sdk_applicationautoscaling::types::{
    MetricType, PolicyType, PredefinedMetricSpecification, ScalableDimension, ServiceNamespace, TargetTrackingScalingPolicyConfiguration,
};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::validation::FieldError;
use crate::Clients;

/// What a target-tracking policy holds steady.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
pub enum ScalingMetric {
    /// ECSServiceAverageCPUUtilization, percent.
    Cpu,
    /// ECSServiceAverageMemoryUtilization, percent.
    Memory,
    /// ALBRequestCountPerTarget, requests per target per minute.
    AlbRequests,
}

impl ScalingMetric {
    pub fn metric_type(self) -> MetricType {
        match self {
            ScalingMetric::Cpu => MetricType::EcsServiceAverageCpuUtilization,
            ScalingMetric::Memory => MetricType::EcsServiceAverageMemoryUtilization,
            ScalingMetric::AlbRequests => MetricType::AlbRequestCountPerTarget,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AutoScaling {
    pub min_capacity: i32,
    pub max_capacity: i32,
    pub metric: ScalingMetric,
    pub target_value: f64,
    #[serde(default = "default_cooldown")]
    pub scale_in_cooldown: i32,
    #[serde(default = "default_cooldown")]
    pub scale_out_cooldown: i32,
}

fn default_cooldown() -> i32 {
    60
}

impl AutoScaling {
    pub fn validate(&self, desired_count: i32) -> Result<(), FieldError> {
        if !(0..=5000).contains(&self.min_capacity) {
            return Err(FieldError::new("autoScaling.minCapacity", "Minimum tasks is 0–5,000."));
        }
        if self.max_capacity < self.min_capacity || self.max_capacity > 5000 {
            return Err(FieldError::new("autoScaling.maxCapacity", "Maximum tasks is at least the minimum and at most 5,000."));
        }
        if desired_count < self.min_capacity || desired_count > self.max_capacity {
            return Err(FieldError::new(
                "desiredCount",
                "With auto scaling the desired count must lie between its minimum and maximum tasks.",
            ));
        }
        let percent = matches!(self.metric, ScalingMetric::Cpu | ScalingMetric::Memory);
        // NaN is refused too: it is neither above 0 nor a number AWS takes.
        if self.target_value.is_nan() || self.target_value <= 0.0 || (percent && self.target_value > 100.0) {
            return Err(FieldError::new(
                "autoScaling.targetValue",
                if percent {
                    "The target is a utilisation percentage above 0 and at most 100."
                } else {
                    "The target is a number of requests per target above 0."
                },
            ));
        }
        if self.scale_in_cooldown < 0 || self.scale_out_cooldown < 0 {
            return Err(FieldError::new("autoScaling.scaleInCooldown", "Cooldowns are 0 or more seconds."));
        }
        Ok(())
    }
}

pub fn resource_id(cluster: &str, service: &str) -> String {
    format!("service/{cluster}/{service}")
}

pub fn policy_name(service: &str, metric: ScalingMetric) -> String {
    let what = match metric {
        ScalingMetric::Cpu => "cpu",
        ScalingMetric::Memory => "memory",
        ScalingMetric::AlbRequests => "requests",
    };
    format!("{service}-{what}-target-tracking")
}

pub async fn register_target(clients: &Clients, cluster: &str, service: &str, min: i32, max: i32) -> Result<()> {
    clients
        .autoscaling
        .register_scalable_target()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id(resource_id(cluster, service))
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .min_capacity(min)
        .max_capacity(max)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("RegisterScalableTarget", e))?;
    Ok(())
}

/// Puts the target-tracking policy; `resource_label` is needed for ALB requests only.
pub async fn put_policy(
    clients: &Clients,
    cluster: &str,
    service: &str,
    scaling: &AutoScaling,
    resource_label: Option<&str>,
) -> Result<String> {
    let mut metric = PredefinedMetricSpecification::builder().predefined_metric_type(scaling.metric.metric_type());
    if let Some(label) = resource_label {
        metric = metric.resource_label(label);
    }
    let metric = metric.build().map_err(|e| CoreError::Client { operation: "PutScalingPolicy", detail: e.to_string() })?;
    let config = TargetTrackingScalingPolicyConfiguration::builder()
        .target_value(scaling.target_value)
        .predefined_metric_specification(metric)
        .scale_in_cooldown(scaling.scale_in_cooldown)
        .scale_out_cooldown(scaling.scale_out_cooldown)
        .build()
        .map_err(|e| CoreError::Client { operation: "PutScalingPolicy", detail: e.to_string() })?;
    let out = clients
        .autoscaling
        .put_scaling_policy()
        .policy_name(policy_name(service, scaling.metric))
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id(resource_id(cluster, service))
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .policy_type(PolicyType::TargetTrackingScaling)
        .target_tracking_scaling_policy_configuration(config)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("PutScalingPolicy", e))?;
    Ok(out.policy_arn().to_string())
}

pub async fn delete_policy(clients: &Clients, cluster: &str, service: &str, name: &str) -> Result<()> {
    clients
        .autoscaling
        .delete_scaling_policy()
        .policy_name(name)
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id(resource_id(cluster, service))
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DeleteScalingPolicy", e))?;
    Ok(())
}

pub async fn deregister_target(clients: &Clients, cluster: &str, service: &str) -> Result<()> {
    clients
        .autoscaling
        .deregister_scalable_target()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id(resource_id(cluster, service))
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DeregisterScalableTarget", e))?;
    Ok(())
}

/// The resource ids (`service/<cluster>/<service>`) of every ECS service with auto scaling
/// in the region: one paged call, so a services table can say yes or no for each row.
pub async fn scaled_services(clients: &Clients) -> Result<Vec<String>> {
    let mut out = vec![];
    let mut pages = clients.autoscaling.describe_scalable_targets().service_namespace(ServiceNamespace::Ecs).into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| CoreError::from_sdk("DescribeScalableTargets", e))?;
        out.extend(page.scalable_targets().iter().map(|t| t.resource_id().to_string()));
    }
    Ok(out)
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceScaling {
    pub min_capacity: Option<i32>,
    pub max_capacity: Option<i32>,
    pub policies: Vec<Policy>,
    /// Newest first.
    pub activities: Vec<Activity>,
    /// Why the activities could not be read, when they could not.
    pub activities_error: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    pub policy_name: String,
    pub policy_type: String,
    pub metric: Option<String>,
    pub target_value: Option<f64>,
    pub alarms: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    pub activity_id: String,
    pub description: String,
    pub cause: String,
    pub status_code: String,
    pub status_message: Option<String>,
    pub start_time: Option<f64>,
    pub end_time: Option<f64>,
}

/// The service's scalable target, policies and recent activities; `None` when it has no
/// auto scaling.
pub async fn describe(clients: &Clients, cluster: &str, service: &str) -> Result<Option<ServiceScaling>> {
    let resource = resource_id(cluster, service);
    let aas = &clients.autoscaling;
    let targets = aas
        .describe_scalable_targets()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_ids(&resource)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DescribeScalableTargets", e))?;
    let Some(target) = targets.scalable_targets().first() else { return Ok(None) };
    let policies = aas
        .describe_scaling_policies()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id(&resource)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DescribeScalingPolicies", e))?;
    // Activities are history, not state: when they cannot be read (some AWS look-alikes
    // lack the call), the target and policies still show and the gap is named.
    let (activities, activities_error) =
        match aas.describe_scaling_activities().service_namespace(ServiceNamespace::Ecs).resource_id(&resource).send().await {
            Ok(out) => (out.scaling_activities, None),
            Err(e) => (None, Some(CoreError::from_sdk("DescribeScalingActivities", e).to_string())),
        };
    Ok(Some(ServiceScaling {
        min_capacity: target.min_capacity().into(),
        max_capacity: target.max_capacity().into(),
        policies: policies
            .scaling_policies()
            .iter()
            .map(|p| {
                let tt = p.target_tracking_scaling_policy_configuration();
                Policy {
                    policy_name: p.policy_name().to_string(),
                    policy_type: p.policy_type().as_str().to_string(),
                    metric: tt.and_then(|t| t.predefined_metric_specification()).map(|m| m.predefined_metric_type().as_str().to_string()),
                    target_value: tt.map(|t| t.target_value()),
                    alarms: p.alarms().iter().map(|a| a.alarm_name().to_string()).collect(),
                }
            })
            .collect(),
        activities_error,
        activities: activities
            .unwrap_or_default()
            .iter()
            .map(|a| Activity {
                activity_id: a.activity_id().to_string(),
                description: a.description().to_string(),
                cause: a.cause().to_string(),
                status_code: a.status_code().as_str().to_string(),
                status_message: a.status_message().map(str::to_string),
                start_time: Some(a.start_time().as_secs_f64()),
                end_time: a.end_time().map(|t| t.as_secs_f64()),
            })
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaling_rules() {
        let ok = AutoScaling {
            min_capacity: 1,
            max_capacity: 6,
            metric: ScalingMetric::Cpu,
            target_value: 50.0,
            scale_in_cooldown: 60,
            scale_out_cooldown: 60,
        };
        assert!(ok.validate(3).is_ok());
        assert_eq!(ok.validate(7).unwrap_err().field, "desiredCount");
        assert_eq!(AutoScaling { max_capacity: 0, ..ok.clone() }.validate(1).unwrap_err().field, "autoScaling.maxCapacity");
        assert_eq!(AutoScaling { target_value: 150.0, ..ok.clone() }.validate(3).unwrap_err().field, "autoScaling.targetValue");
        assert!(AutoScaling { metric: ScalingMetric::AlbRequests, target_value: 1000.0, ..ok }.validate(3).is_ok());
    }
}
