//! Application Auto Scaling for ECS services: scalable targets on
//! `ecs:service:DesiredCount`, target-tracking and step scaling policies, and scaling
//! activities. Registering a target moves the service's desired count inside the new
//! bounds at once, as AWS does; policies act on metrics in sandbox part 2.

use crate::table::{Journal, Rows, Table};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::AwsError;
use crate::protocol::Request;
use crate::util::{self, Input};
use crate::Region;

#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AutoScaling {
    /// By resource id (`service/cluster/name`).
    targets: Table<Value>,
    /// By `resource id\npolicy name`.
    policies: Table<Value>,
    /// Newest last.
    activities: Journal<Value>,
    /// When each target last scaled out and in, by resource id.
    last_scaled: Table<(f64, f64)>,
}

impl AutoScaling {
    pub fn children(&mut self) -> Vec<(&'static str, &mut dyn Rows)> {
        vec![
            ("autoscaling.targets", &mut self.targets),
            ("autoscaling.policies", &mut self.policies),
            ("autoscaling.activities", &mut self.activities),
            ("autoscaling.last_scaled", &mut self.last_scaled),
        ]
    }
}

/// Target tracking's alarms, as AWS creates them: scale out after 3 one-minute
/// datapoints above the target, scale in after 15 below 90% of it.
const HIGH_DATAPOINTS: usize = 3;
const LOW_DATAPOINTS: usize = 15;
const LOW_FRACTION: f64 = 0.9;
const DEFAULT_COOLDOWN: f64 = 300.0;

const DIMENSION: &str = "ecs:service:DesiredCount";
const METRICS: &[&str] = &["ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization", "ALBRequestCountPerTarget"];

fn validation(message: String) -> AwsError {
    AwsError::client("ValidationException", message)
}

fn not_found(message: String) -> AwsError {
    AwsError::client("ObjectNotFoundException", message)
}

/// Checks the namespace and dimension every call carries.
fn scope<'a>(input: &Input<'a>, dimension_required: bool) -> Result<Option<&'a str>, AwsError> {
    let namespace = input.req_str("ServiceNamespace")?;
    if namespace != "ecs" {
        return Err(validation(format!("Unsupported service namespace '{namespace}': the sandbox scales ECS services (ecs).")));
    }
    let dimension = input.str("ScalableDimension")?;
    if dimension_required && dimension.is_none() {
        return Err(validation("ScalableDimension is required.".into()));
    }
    if let Some(d) = dimension {
        if d != DIMENSION {
            return Err(validation(format!("Unsupported scalable dimension '{d}' for namespace ecs: use {DIMENSION}.")));
        }
    }
    Ok(dimension)
}

impl AutoScaling {
    fn record(&mut self, resource: &str, description: String, cause: String) {
        let now = util::now();
        let status = format!(
            "Successfully set desired count to {}. Change successfully fulfilled by ecs.",
            description.trim_start_matches("Setting desired count to ").trim_end_matches('.')
        );
        self.activities.push(json!({
            "ActivityId": util::uuid(),
            "ServiceNamespace": "ecs",
            "ResourceId": resource,
            "ScalableDimension": DIMENSION,
            "Description": description,
            "Cause": cause,
            "StartTime": now,
            "EndTime": now,
            "StatusCode": "Successful",
            "StatusMessage": status,
        }));
        if self.activities.len() > 10_000 {
            self.activities.drop_front(1000);
        }
    }
}

impl AutoScaling {
    /// Evaluates every target-tracking policy at the minute `t`; true when a service's
    /// desired count changed.
    pub fn evaluate(&mut self, t: f64, ecs: &mut crate::ecs::Ecs, cw: &crate::cloudwatch::CloudWatch) -> bool {
        let mut changed = self.step_policies(t, ecs, cw);
        let policies: Vec<Value> = self.policies.values().filter(|p| p["PolicyType"] == "TargetTrackingScaling").cloned().collect();
        for policy in policies {
            let resource = policy["ResourceId"].as_str().unwrap_or_default().to_string();
            let Some(target) = self.targets.get(&resource) else { continue };
            let (min, max) = (target["MinCapacity"].as_i64().unwrap_or(0), target["MaxCapacity"].as_i64().unwrap_or(0));
            let suspended = &target["SuspendedState"];
            let Some((cluster, service)) = resource.strip_prefix("service/").and_then(|r| r.split_once('/')) else { continue };
            let Some(current) = ecs.service_desired_count(cluster, service) else { continue };
            let config = &policy["TargetTrackingScalingPolicyConfiguration"];
            let goal = config["TargetValue"].as_f64().unwrap_or(0.0);
            if goal <= 0.0 {
                continue;
            }
            let Some((namespace, name, dims, stat)) = tracked_metric(config, cluster, service) else { continue };
            let values = cw.minute_values(&namespace, &name, &dims, &stat, t, LOW_DATAPOINTS);
            let recent: Vec<f64> = values[LOW_DATAPOINTS - HIGH_DATAPOINTS..].iter().flatten().copied().collect();
            let all: Vec<f64> = values.iter().flatten().copied().collect();
            let (last_out, last_in) = self.last_scaled.get(&resource).copied().unwrap_or((f64::MIN, f64::MIN));
            let out_cooldown = config["ScaleOutCooldown"].as_f64().unwrap_or(DEFAULT_COOLDOWN);
            let in_cooldown = config["ScaleInCooldown"].as_f64().unwrap_or(DEFAULT_COOLDOWN);
            let policy_name = policy["PolicyName"].as_str().unwrap_or_default();
            let alarm = |side: &str| {
                policy["Alarms"]
                    .as_array()
                    .and_then(|a| a.iter().find(|x| x["AlarmName"].as_str().is_some_and(|n| n.contains(side))))
                    .and_then(|x| x["AlarmName"].as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let high = recent.len() == HIGH_DATAPOINTS && recent.iter().all(|v| *v > goal);
            let low = all.len() == LOW_DATAPOINTS && all.iter().all(|v| *v < goal * LOW_FRACTION);
            if high && suspended["DynamicScalingOutSuspended"] != true && t - last_out >= out_cooldown && current < max {
                let latest = *recent.last().unwrap_or(&goal);
                let wanted = ((current.max(1) as f64) * latest / goal).ceil() as i64;
                let new = wanted.max(current + 1).min(max);
                ecs.set_service_desired_count(cluster, service, new);
                self.record(
                    &resource,
                    format!("Setting desired count to {new}."),
                    format!("monitor alarm {} in state ALARM triggered policy {policy_name}", alarm("AlarmHigh")),
                );
                self.last_scaled.insert(resource.clone(), (t, last_in));
                changed = true;
            } else if low
                && config["DisableScaleIn"] != true
                && suspended["DynamicScalingInSuspended"] != true
                && t - last_in >= in_cooldown
                && t - last_out >= out_cooldown
                && current > min
            {
                let average = all.iter().sum::<f64>() / all.len() as f64;
                let wanted = ((current as f64) * average / goal).ceil() as i64;
                let new = wanted.clamp(min, current - 1);
                ecs.set_service_desired_count(cluster, service, new);
                self.record(
                    &resource,
                    format!("Setting desired count to {new}."),
                    format!("monitor alarm {} in state ALARM triggered policy {policy_name}", alarm("AlarmLow")),
                );
                self.last_scaled.insert(resource.clone(), (last_out, t));
                changed = true;
            }
        }
        changed
    }
}

impl AutoScaling {
    /// Step-scaling policies named in the actions of alarms in ALARM run once a minute while
    /// the alarm stays there, outside their cooldown: the step whose interval holds how far
    /// the alarm's newest datapoint is past its threshold sets the adjustment.
    fn step_policies(&mut self, t: f64, ecs: &mut crate::ecs::Ecs, cw: &crate::cloudwatch::CloudWatch) -> bool {
        let mut changed = false;
        for (alarm, actions, breach) in cw.alarms_firing() {
            for arn in actions {
                let Some(policy) =
                    self.policies.values().find(|p| p["PolicyARN"] == arn.as_str() && p["PolicyType"] == "StepScaling").cloned()
                else {
                    continue;
                };
                let resource = policy["ResourceId"].as_str().unwrap_or_default().to_string();
                let Some(target) = self.targets.get(&resource) else { continue };
                let (min, max) = (target["MinCapacity"].as_i64().unwrap_or(0), target["MaxCapacity"].as_i64().unwrap_or(0));
                let Some((cluster, service)) = resource.strip_prefix("service/").and_then(|r| r.split_once('/')) else { continue };
                let Some(current) = ecs.service_desired_count(cluster, service) else { continue };
                let config = &policy["StepScalingPolicyConfiguration"];
                let cooldown = config["Cooldown"].as_f64().unwrap_or(DEFAULT_COOLDOWN);
                let (last_out, last_in) = self.last_scaled.get(&resource).copied().unwrap_or((f64::MIN, f64::MIN));
                // Bounds are relative to the threshold: lower inclusive, upper exclusive.
                let step = config["StepAdjustments"].as_array().into_iter().flatten().find(|s| {
                    s["MetricIntervalLowerBound"].as_f64().is_none_or(|lo| breach >= lo)
                        && s["MetricIntervalUpperBound"].as_f64().is_none_or(|hi| breach < hi)
                });
                let Some(adjustment) = step.and_then(|s| s["ScalingAdjustment"].as_i64()) else { continue };
                let wanted = match config["AdjustmentType"].as_str() {
                    Some("ExactCapacity") => adjustment,
                    Some("PercentChangeInCapacity") => {
                        let by = (current as f64 * adjustment as f64 / 100.0).trunc() as i64;
                        let floor = config["MinAdjustmentMagnitude"].as_i64().unwrap_or(0);
                        current + if by.abs() < floor { floor * adjustment.signum() } else { by }
                    }
                    _ => current + adjustment,
                };
                let new = wanted.clamp(min, max);
                let out = new > current;
                let last = if out { last_out } else { last_in };
                if new == current || t - last < cooldown {
                    continue;
                }
                ecs.set_service_desired_count(cluster, service, new);
                let policy_name = policy["PolicyName"].as_str().unwrap_or_default();
                self.record(
                    &resource,
                    format!("Setting desired count to {new}."),
                    format!("monitor alarm {alarm} in state ALARM triggered policy {policy_name}"),
                );
                self.last_scaled.insert(resource, if out { (t, last_in) } else { (last_out, t) });
                changed = true;
            }
        }
        changed
    }
}

/// Namespace, metric name, dimensions and statistic.
type TrackedMetric = (String, String, Vec<(String, String)>, String);

/// The metric a target-tracking configuration follows.
fn tracked_metric(config: &Value, cluster: &str, service: &str) -> Option<TrackedMetric> {
    let service_dims = vec![("ClusterName".to_string(), cluster.to_string()), ("ServiceName".to_string(), service.to_string())];
    let predefined = &config["PredefinedMetricSpecification"];
    if predefined.is_object() {
        return match predefined["PredefinedMetricType"].as_str()? {
            "ECSServiceAverageCPUUtilization" => Some(("AWS/ECS".into(), "CPUUtilization".into(), service_dims, "Average".into())),
            "ECSServiceAverageMemoryUtilization" => Some(("AWS/ECS".into(), "MemoryUtilization".into(), service_dims, "Average".into())),
            "ALBRequestCountPerTarget" => {
                let label = predefined["ResourceLabel"].as_str()?;
                let tg = &label[label.find("targetgroup/")?..];
                Some((
                    "AWS/ApplicationELB".into(),
                    "RequestCountPerTarget".into(),
                    vec![("TargetGroup".into(), tg.to_string())],
                    "Sum".into(),
                ))
            }
            _ => None,
        };
    }
    let custom = &config["CustomizedMetricSpecification"];
    let mut dims: Vec<(String, String)> = custom["Dimensions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| Some((d["Name"].as_str()?.to_string(), d["Value"].as_str()?.to_string())))
        .collect();
    dims.sort();
    Some((
        custom["Namespace"].as_str()?.to_string(),
        custom["MetricName"].as_str()?.to_string(),
        dims,
        custom["Statistic"].as_str().unwrap_or("Average").to_string(),
    ))
}

fn register_scalable_target(region: &mut Region, name: &str, input: Input<'_>) -> Result<Value, AwsError> {
    scope(&input, true)?;
    let resource = input.req_str("ResourceId")?.to_string();
    let (cluster, service) = resource
        .strip_prefix("service/")
        .and_then(|r| r.split_once('/'))
        .ok_or_else(|| validation(format!("Unsupported resource ID '{resource}': use service/<cluster>/<service>.")))?;
    let desired =
        region.ecs.service_desired_count(cluster, service).ok_or_else(|| validation(format!("ECS service doesn't exist: {resource}")))?;
    let existing = region.autoscaling.targets.get(&resource).cloned();
    let min = input.int("MinCapacity")?.or(existing.as_ref().and_then(|e| e["MinCapacity"].as_i64()));
    let max = input.int("MaxCapacity")?.or(existing.as_ref().and_then(|e| e["MaxCapacity"].as_i64()));
    let (Some(min), Some(max)) = (min, max) else {
        return Err(validation("MinCapacity and MaxCapacity are required when registering a new scalable target.".into()));
    };
    if min < 0 || max < 0 {
        return Err(validation("Minimum and maximum capacity must be 0 or more.".into()));
    }
    if min > max {
        return Err(validation("Minimum capacity cannot be greater than maximum capacity".into()));
    }
    let arn = existing
        .as_ref()
        .and_then(|e| e["ScalableTargetARN"].as_str().map(String::from))
        .unwrap_or_else(|| util::arn("application-autoscaling", name, &format!("scalable-target/0ec5{}", util::hex_id(28))));
    let suspended = input.object("SuspendedState")?.cloned().map(Value::Object).unwrap_or_else(|| {
        existing
            .as_ref()
            .map(|e| e["SuspendedState"].clone())
            .unwrap_or(json!({"DynamicScalingInSuspended": false, "DynamicScalingOutSuspended": false, "ScheduledScalingSuspended": false}))
    });
    let target = json!({
        "ServiceNamespace": "ecs",
        "ResourceId": resource,
        "ScalableDimension": DIMENSION,
        "MinCapacity": min,
        "MaxCapacity": max,
        "RoleARN": input.str("RoleARN")?.map(String::from).unwrap_or_else(|| format!("arn:aws:iam::{}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService", crate::ACCOUNT_ID)),
        "CreationTime": existing.as_ref().map(|e| e["CreationTime"].clone()).unwrap_or(json!(util::now())),
        "SuspendedState": suspended,
        "ScalableTargetARN": arn,
    });
    region.autoscaling.targets.insert(resource.clone(), target);
    let clamped = desired.clamp(min, max);
    if clamped != desired {
        region.ecs.set_service_desired_count(cluster, service, clamped);
        let bound = if desired < min { format!("minimum capacity was set to {min}") } else { format!("maximum capacity was set to {max}") };
        region.autoscaling.record(
            &resource,
            format!("Setting desired count to {clamped}."),
            format!("{bound} by a call to RegisterScalableTarget"),
        );
    }
    Ok(json!({"ScalableTargetARN": arn}))
}

fn describe_scalable_targets(auto: &AutoScaling, input: Input<'_>) -> Result<Value, AwsError> {
    scope(&input, false)?;
    let ids = input.str_list("ResourceIds")?;
    let max = input.int("MaxResults")?.unwrap_or(50);
    if !(1..=50).contains(&max) {
        return Err(validation(format!("MaxResults must be between 1 and 50; got {max}.")));
    }
    let matching = auto.targets.iter().filter(|(k, _)| ids.is_empty() || ids.contains(&k.as_str()));
    let (page, next) = util::page(matching, |(k, _)| k.as_str(), input.str("NextToken")?, max as usize, validation)?;
    Ok(json!({"ScalableTargets": page.into_iter().map(|(_, t)| t.clone()).collect::<Vec<_>>(), "NextToken": next}))
}

fn deregister_scalable_target(auto: &mut AutoScaling, input: Input<'_>) -> Result<Value, AwsError> {
    scope(&input, true)?;
    let resource = input.req_str("ResourceId")?;
    if auto.targets.remove(resource).is_none() {
        return Err(not_found(format!(
            "No scalable target registered for service namespace: ecs, resource ID: {resource}, scalable dimension: {DIMENSION}"
        )));
    }
    auto.policies.retain(|k, _| !k.starts_with(&format!("{resource}\n")));
    Ok(json!({}))
}

fn put_scaling_policy(auto: &mut AutoScaling, region: &str, input: Input<'_>) -> Result<Value, AwsError> {
    scope(&input, true)?;
    let name = input.req_str("PolicyName")?;
    if name.is_empty() || name.len() > 256 || name.contains(':') {
        return Err(validation(format!("Invalid policy name '{name}': 1-256 characters without ':'.")));
    }
    let resource = input.req_str("ResourceId")?;
    if !auto.targets.contains_key(resource) {
        return Err(not_found(format!(
            "No scalable target registered for service namespace: ecs, resource ID: {resource}, scalable dimension: {DIMENSION}"
        )));
    }
    let kind = input.str("PolicyType")?.unwrap_or("StepScaling");
    let key = format!("{resource}\n{name}");
    let arn = auto.policies.get(&key).and_then(|p| p["PolicyARN"].as_str().map(String::from)).unwrap_or_else(|| {
        util::arn("autoscaling", region, &format!("scalingPolicy:{}:resource/ecs/{resource}:policyName/{name}", util::uuid()))
    });
    let mut policy = json!({
        "PolicyARN": arn, "PolicyName": name, "ServiceNamespace": "ecs", "ResourceId": resource,
        "ScalableDimension": DIMENSION, "PolicyType": kind, "CreationTime": util::now(),
    });
    let mut alarms = vec![];
    match kind {
        "TargetTrackingScaling" => {
            let config = input.at("TargetTrackingScalingPolicyConfiguration");
            let target = config
                .float("TargetValue")?
                .ok_or_else(|| validation("TargetTrackingScalingPolicyConfiguration.TargetValue is required.".into()))?;
            if !(target > 0.0 && target.is_finite()) {
                return Err(validation(format!("TargetValue must be a positive number; got {target}.")));
            }
            let predefined = config.at("PredefinedMetricSpecification");
            if predefined.value.is_object() {
                let metric = predefined.req_str("PredefinedMetricType")?;
                if !METRICS.contains(&metric) {
                    return Err(validation(format!("Unsupported predefined metric type '{metric}' for ECS: use {}.", METRICS.join(", "))));
                }
                if metric == "ALBRequestCountPerTarget" && predefined.str("ResourceLabel")?.is_none() {
                    return Err(validation(
                        "ResourceLabel is required for ALBRequestCountPerTarget (app/<lb-name>/<id>/targetgroup/<tg-name>/<id>).".into(),
                    ));
                }
            } else if !config.has("CustomizedMetricSpecification") {
                return Err(validation(
                    "A target tracking policy needs a PredefinedMetricSpecification or a CustomizedMetricSpecification.".into(),
                ));
            }
            for (k, label) in [("ScaleOutCooldown", "scale-out"), ("ScaleInCooldown", "scale-in")] {
                if config.int(k)?.is_some_and(|c| !(0..=86_400).contains(&c)) {
                    return Err(validation(format!("The {label} cooldown must be 0-86400 seconds.")));
                }
            }
            policy["TargetTrackingScalingPolicyConfiguration"] = config.value.clone();
            for side in ["AlarmHigh", "AlarmLow"] {
                let alarm = format!("TargetTracking-{resource}-{side}-{}", util::uuid());
                alarms.push(json!({"AlarmName": alarm, "AlarmARN": util::arn("cloudwatch", region, &format!("alarm:{alarm}"))}));
            }
        }
        "StepScaling" => {
            let config = input.at("StepScalingPolicyConfiguration");
            let adjustment = config
                .str("AdjustmentType")?
                .ok_or_else(|| validation("StepScalingPolicyConfiguration.AdjustmentType is required.".into()))?;
            if !matches!(adjustment, "ChangeInCapacity" | "PercentChangeInCapacity" | "ExactCapacity") {
                return Err(validation(format!("Invalid AdjustmentType '{adjustment}'.")));
            }
            let steps = config.list("StepAdjustments")?;
            if steps.is_empty() {
                return Err(validation("StepScalingPolicyConfiguration.StepAdjustments needs at least one step.".into()));
            }
            for s in &steps {
                s.int("ScalingAdjustment")?.ok_or_else(|| validation("Each step adjustment needs a ScalingAdjustment.".into()))?;
                if let (Some(lo), Some(hi)) = (s.float("MetricIntervalLowerBound")?, s.float("MetricIntervalUpperBound")?) {
                    if lo >= hi {
                        return Err(validation("A step's MetricIntervalLowerBound must be below its MetricIntervalUpperBound.".into()));
                    }
                }
            }
            policy["StepScalingPolicyConfiguration"] = config.value.clone();
        }
        other => return Err(validation(format!("Unsupported policy type '{other}': use TargetTrackingScaling or StepScaling."))),
    }
    policy["Alarms"] = json!(alarms);
    auto.policies.insert(key, policy);
    Ok(json!({"PolicyARN": arn, "Alarms": alarms}))
}

fn describe_scaling_policies(auto: &AutoScaling, input: Input<'_>) -> Result<Value, AwsError> {
    scope(&input, false)?;
    let names = input.str_list("PolicyNames")?;
    let resource = input.str("ResourceId")?;
    let max = input.int("MaxResults")?.unwrap_or(50).clamp(1, 50) as usize;
    let matching = auto.policies.iter().filter(|(_, p)| {
        (names.is_empty() || names.iter().any(|n| p["PolicyName"] == *n)) && resource.is_none_or(|r| p["ResourceId"] == r)
    });
    let (page, next) = util::page(matching, |(k, _)| k.as_str(), input.str("NextToken")?, max, validation)?;
    Ok(json!({"ScalingPolicies": page.into_iter().map(|(_, p)| p.clone()).collect::<Vec<_>>(), "NextToken": next}))
}

fn delete_scaling_policy(auto: &mut AutoScaling, input: Input<'_>) -> Result<Value, AwsError> {
    scope(&input, true)?;
    let name = input.req_str("PolicyName")?;
    let resource = input.req_str("ResourceId")?;
    if auto.policies.remove(&format!("{resource}\n{name}")).is_none() {
        return Err(not_found(format!("No scaling policy found for service namespace: ecs, resource ID: {resource}, scalable dimension: {DIMENSION}, policy name: {name}")));
    }
    Ok(json!({}))
}

fn describe_scaling_activities(auto: &AutoScaling, input: Input<'_>) -> Result<Value, AwsError> {
    scope(&input, false)?;
    let resource = input.str("ResourceId")?;
    let max = input.int("MaxResults")?.unwrap_or(50).clamp(1, 50) as usize;
    // Newest first; keys count down so the paging order holds.
    let total = auto.activities.len();
    let matching = auto
        .activities
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, a)| resource.is_none_or(|r| a["ResourceId"] == r))
        .map(|(i, a)| (format!("{:012}", total - i), a));
    let (page, next) = util::page(matching, |(k, _)| k.as_str(), input.str("NextToken")?, max, validation)?;
    Ok(json!({"ScalingActivities": page.into_iter().map(|(_, a)| a.clone()).collect::<Vec<_>>(), "NextToken": next}))
}

pub fn dispatch(region: &mut Region, req: &Request) -> Result<Value, AwsError> {
    let input = Input::new(&req.input, validation);
    match req.operation.as_str() {
        "RegisterScalableTarget" => register_scalable_target(region, &req.region, input),
        "DescribeScalableTargets" => describe_scalable_targets(&region.autoscaling, input),
        "DeregisterScalableTarget" => deregister_scalable_target(&mut region.autoscaling, input),
        "PutScalingPolicy" => put_scaling_policy(&mut region.autoscaling, &req.region, input),
        "DescribeScalingPolicies" => describe_scaling_policies(&region.autoscaling, input),
        "DeleteScalingPolicy" => delete_scaling_policy(&mut region.autoscaling, input),
        "DescribeScalingActivities" => describe_scaling_activities(&region.autoscaling, input),
        other => Err(AwsError::client(
            "UnknownOperationException",
            format!("Operation {other} is not supported by the sandbox's Application Auto Scaling."),
        )),
    }
}
