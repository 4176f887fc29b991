//! Service auto scaling through Application Auto Scaling: the scalable target (min/max
//! tasks), target-tracking policies, step policies with the CloudWatch alarms that call
//! them, and the scaling activities that followed.

use aws_sdk_applicationautoscaling::types::{
    AdjustmentType, MetricAggregationType, MetricType, PolicyType, PredefinedMetricSpecification, ScalableDimension, ServiceNamespace,
    StepAdjustment, StepScalingPolicyConfiguration, TargetTrackingScalingPolicyConfiguration,
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
    /// Step scaling instead of target tracking: two alarms on the metric, each calling a
    /// step policy (`target_value` is then unused).
    #[serde(default)]
    pub steps: Option<StepScaling>,
}

/// Add tasks when the service's metric is at or above one threshold for some minutes,
/// remove them when it is at or below another.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct StepScaling {
    pub scale_out_threshold: f64,
    pub scale_out_by: i32,
    pub scale_in_threshold: f64,
    pub scale_in_by: i32,
    /// One-minute periods the alarms evaluate; every one must breach.
    pub evaluation_minutes: i32,
}

/// A step policy and the alarm that calls it, as the plan makes them.
#[derive(Debug, Clone, PartialEq)]
pub struct StepPart {
    pub policy_name: String,
    pub alarm: crate::alarms::NewAlarm,
    pub adjustment: i32,
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
        if self.scale_in_cooldown < 0 || self.scale_out_cooldown < 0 {
            return Err(FieldError::new("autoScaling.scaleInCooldown", "Cooldowns are 0 or more seconds."));
        }
        if let Some(steps) = &self.steps {
            return steps.validate(self.metric, self.max_capacity - self.min_capacity);
        }
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
        Ok(())
    }
}

impl StepScaling {
    fn validate(&self, metric: ScalingMetric, range: i32) -> Result<(), FieldError> {
        let field = |f: &str| format!("autoScaling.steps.{f}");
        if metric == ScalingMetric::AlbRequests {
            return Err(FieldError::new("autoScaling.metric", "Step scaling here watches the service's CPU or memory utilisation."));
        }
        let percent = |v: f64| v.is_finite() && (0.0..=100.0).contains(&v);
        if !percent(self.scale_out_threshold) || self.scale_out_threshold == 0.0 {
            return Err(FieldError::new(field("scaleOutThreshold"), "The scale-out threshold is a utilisation above 0% and at most 100%."));
        }
        if !percent(self.scale_in_threshold) || self.scale_in_threshold == 100.0 {
            return Err(FieldError::new(field("scaleInThreshold"), "The scale-in threshold is a utilisation from 0% to below 100%."));
        }
        if self.scale_in_threshold >= self.scale_out_threshold {
            return Err(FieldError::new(
                field("scaleInThreshold"),
                "The scale-in threshold is below the scale-out one; otherwise both alarms fire at once and the policies undo each other.",
            ));
        }
        for (f, by) in [("scaleOutBy", self.scale_out_by), ("scaleInBy", self.scale_in_by)] {
            if by < 1 || by > range.max(1) {
                return Err(FieldError::new(field(f), format!("A step changes 1 to {} tasks (maximum minus minimum).", range.max(1))));
            }
        }
        // One-minute periods: CloudWatch looks back at most a day.
        if !(1..=1440).contains(&self.evaluation_minutes) {
            return Err(FieldError::new(field("evaluationMinutes"), "The alarms evaluate 1–1,440 one-minute periods."));
        }
        Ok(())
    }
}

impl AutoScaling {
    /// The scale-out and scale-in parts of step scaling, named after the service; empty
    /// for target tracking.
    pub fn step_parts(&self, cluster: &str, service: &str) -> Vec<StepPart> {
        let Some(steps) = &self.steps else { return vec![] };
        let (what, metric_name) = match self.metric {
            ScalingMetric::Memory => ("memory", "MemoryUtilization"),
            _ => ("cpu", "CPUUtilization"),
        };
        let part = |direction: &str, threshold: f64, comparison: &str, adjustment: i32, words: &str| StepPart {
            policy_name: format!("{service}-{what}-step-{direction}"),
            adjustment,
            alarm: crate::alarms::NewAlarm {
                alarm_name: format!("{service}-{what}-{}", if direction == "out" { "high" } else { "low" }),
                description: format!("Calls {service}-{what}-step-{direction}: {words}."),
                namespace: "AWS/ECS".into(),
                metric_name: metric_name.into(),
                dimensions: vec![("ClusterName".into(), cluster.into()), ("ServiceName".into(), service.into())],
                statistic: "Average".into(),
                period: 60,
                evaluation_periods: steps.evaluation_minutes,
                datapoints_to_alarm: steps.evaluation_minutes,
                threshold,
                comparison: comparison.into(),
                treat_missing_data: "missing".into(),
                unit: "Percent".into(),
            },
        };
        vec![
            part(
                "out",
                steps.scale_out_threshold,
                "GreaterThanOrEqualToThreshold",
                steps.scale_out_by,
                &format!("add {} task(s) at {}% or more", steps.scale_out_by, steps.scale_out_threshold),
            ),
            part(
                "in",
                steps.scale_in_threshold,
                "LessThanOrEqualToThreshold",
                -steps.scale_in_by,
                &format!("remove {} task(s) at {}% or less", steps.scale_in_by, steps.scale_in_threshold),
            ),
        ]
    }
}

/// The step policy's configuration: one step from the alarm's threshold on, in the
/// alarm's direction (above it for a positive change, below it for a negative one).
fn step_configuration(adjustment: i32, cooldown: i32) -> StepScalingPolicyConfiguration {
    let step = StepAdjustment::builder().scaling_adjustment(adjustment);
    let step = if adjustment > 0 { step.metric_interval_lower_bound(0.0) } else { step.metric_interval_upper_bound(0.0) };
    StepScalingPolicyConfiguration::builder()
        .adjustment_type(AdjustmentType::ChangeInCapacity)
        .step_adjustments(step.build().expect("scaling adjustment set"))
        .cooldown(cooldown)
        .metric_aggregation_type(MetricAggregationType::Average)
        .build()
}

/// `aws application-autoscaling put-scaling-policy …` for a step part.
pub fn step_policy_cli(cluster: &str, service: &str, part: &StepPart, cooldown: i32) -> String {
    let bound = if part.adjustment > 0 { "MetricIntervalLowerBound=0" } else { "MetricIntervalUpperBound=0" };
    format!(
        "aws application-autoscaling put-scaling-policy --policy-name {} --service-namespace ecs --resource-id {} --scalable-dimension ecs:service:DesiredCount --policy-type StepScaling --step-scaling-policy-configuration 'AdjustmentType=ChangeInCapacity,StepAdjustments=[{{{bound},ScalingAdjustment={}}}],Cooldown={cooldown},MetricAggregationType=Average'",
        part.policy_name,
        resource_id(cluster, service),
        part.adjustment
    )
}

/// Puts a step policy; its ARN is what the alarm calls.
pub async fn put_step_policy(clients: &Clients, cluster: &str, service: &str, part: &StepPart, cooldown: i32) -> Result<String> {
    let out = clients
        .autoscaling
        .put_scaling_policy()
        .policy_name(&part.policy_name)
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id(resource_id(cluster, service))
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .policy_type(PolicyType::StepScaling)
        .step_scaling_policy_configuration(step_configuration(part.adjustment, cooldown))
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("PutScalingPolicy", e))?;
    Ok(out.policy_arn().to_string())
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
    /// A step policy's adjustments in words ("add 2 tasks").
    pub steps: Vec<String>,
    pub policy_arn: String,
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
    // A step policy is called by alarms that name it; Application Auto Scaling may not list
    // them with the policy, so CloudWatch is asked (a failed look-up leaves the list empty).
    let mut callers: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for p in policies.scaling_policies().iter().filter(|p| p.policy_type() == &PolicyType::StepScaling && p.alarms().is_empty()) {
        if let Ok(out) = clients.cloudwatch.describe_alarms().action_prefix(p.policy_arn()).send().await {
            let names = out.metric_alarms().iter().filter_map(|a| a.alarm_name().map(str::to_string)).collect();
            callers.insert(p.policy_arn().to_string(), names);
        }
    }
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
                    steps: p
                        .step_scaling_policy_configuration()
                        .map(|c| {
                            c.step_adjustments()
                                .iter()
                                .map(|a| {
                                    let n = a.scaling_adjustment();
                                    format!(
                                        "{} {} task{}",
                                        if n > 0 { "add" } else { "remove" },
                                        n.abs(),
                                        if n.abs() == 1 { "" } else { "s" }
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    policy_arn: p.policy_arn().to_string(),
                    alarms: match callers.get(p.policy_arn()) {
                        Some(names) => names.clone(),
                        None => p.alarms().iter().map(|a| a.alarm_name().to_string()).collect(),
                    },
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
            steps: None,
        };
        assert!(ok.validate(3).is_ok());
        assert_eq!(ok.validate(7).unwrap_err().field, "desiredCount");
        assert_eq!(AutoScaling { max_capacity: 0, ..ok.clone() }.validate(1).unwrap_err().field, "autoScaling.maxCapacity");
        assert_eq!(AutoScaling { target_value: 150.0, ..ok.clone() }.validate(3).unwrap_err().field, "autoScaling.targetValue");
        assert!(AutoScaling { metric: ScalingMetric::AlbRequests, target_value: 1000.0, ..ok.clone() }.validate(3).is_ok());
        let steps =
            StepScaling { scale_out_threshold: 70.0, scale_out_by: 2, scale_in_threshold: 20.0, scale_in_by: 1, evaluation_minutes: 2 };
        let stepped = AutoScaling { steps: Some(steps.clone()), target_value: 0.0, ..ok.clone() };
        assert!(stepped.validate(3).is_ok(), "the target value is not a step policy's");
        let fighting = StepScaling { scale_in_threshold: 80.0, ..steps.clone() };
        assert_eq!(
            AutoScaling { steps: Some(fighting), ..stepped.clone() }.validate(3).unwrap_err().field,
            "autoScaling.steps.scaleInThreshold"
        );
        let too_far = StepScaling { scale_out_by: 6, ..steps.clone() };
        assert_eq!(AutoScaling { steps: Some(too_far), ..stepped.clone() }.validate(3).unwrap_err().field, "autoScaling.steps.scaleOutBy");
        let by_requests = AutoScaling { metric: ScalingMetric::AlbRequests, ..stepped.clone() };
        assert_eq!(by_requests.validate(3).unwrap_err().field, "autoScaling.metric");
        let parts = stepped.step_parts("c", "web");
        assert_eq!(parts[0].policy_name, "web-cpu-step-out");
        assert_eq!((parts[0].alarm.alarm_name.as_str(), parts[0].adjustment), ("web-cpu-high", 2));
        assert_eq!((parts[1].alarm.comparison.as_str(), parts[1].adjustment), ("LessThanOrEqualToThreshold", -1));
        assert!(parts.iter().all(|p| p.alarm.field_errors().is_empty()));
        assert!(step_policy_cli("c", "web", &parts[1], 60).contains("StepAdjustments=[{MetricIntervalUpperBound=0,ScalingAdjustment=-1}]"));
    }
}
