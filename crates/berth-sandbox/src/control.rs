//! Sandbox-only control operations, `X-Amz-Target: BerthSandbox.<Operation>` in JSON 1.1.
//! They are not AWS APIs; Berth offers them only in sandbox mode.
//!
//! - `Reset`: forget everything.
//! - `DescribeSimulation`: the clock, and every active service with its traffic.
//! - `SetTraffic {cluster, service, requestsPerSecond}`: the service's load, 0–100000.
//! - `SetMetricsResolution {cluster, service, seconds}`: 1 for 1-second metrics, 60 for
//!   CloudWatch's usual one-minute ones.
//! - `PushSampleImage {repositoryName, imageTag}`: an image as `docker push` leaves it.
//! - `SetFaults {service, latencyMs, jitterMs, throttlePercent, errorPercent}` and
//!   `DescribeFaults`: added latency, ThrottlingException and 5xx rates per AWS service
//!   (ecs, ecr, monitoring, logs, elasticloadbalancing, application-autoscaling, ec2, sts).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::AwsError;
use crate::protocol::{Request, Service};
use crate::util::Input;
use crate::World;

fn invalid(message: String) -> AwsError {
    AwsError::client("ValidationException", message)
}

/// Faults injected into one AWS service's answers.
#[derive(Default, Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Fault {
    pub latency_ms: u64,
    pub jitter_ms: u64,
    pub throttle_percent: f64,
    pub error_percent: f64,
}

pub fn service_name(service: Service) -> &'static str {
    match service {
        Service::Ecs => "ecs",
        Service::Ecr => "ecr",
        Service::CloudWatch => "monitoring",
        Service::Logs => "logs",
        Service::ElbV2 => "elasticloadbalancing",
        Service::AutoScaling => "application-autoscaling",
        Service::Ec2 => "ec2",
        Service::Sts => "sts",
        Service::Iam => "iam",
        Service::Ec2AutoScaling => "autoscaling",
        Service::Ssm => "ssm",
        Service::Sandbox => "sandbox",
    }
}

const FAULTABLE: &[&str] =
    &["ecs", "ecr", "monitoring", "logs", "elasticloadbalancing", "application-autoscaling", "ec2", "sts", "iam", "autoscaling", "ssm"];

/// The throttling error each protocol family uses.
pub fn throttled(service: Service) -> AwsError {
    let code = match service {
        Service::ElbV2 | Service::CloudWatch | Service::Ec2AutoScaling => "Throttling",
        Service::Ec2 => "RequestLimitExceeded",
        _ => "ThrottlingException",
    };
    AwsError::new(axum::http::StatusCode::BAD_REQUEST, code, "Rate exceeded")
}

pub fn server_error(service: Service) -> AwsError {
    let (status, code) = match service {
        Service::Ecs => (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "ServerException"),
        Service::Ec2 => (axum::http::StatusCode::SERVICE_UNAVAILABLE, "Unavailable"),
        _ => (axum::http::StatusCode::SERVICE_UNAVAILABLE, "ServiceUnavailable"),
    };
    let mut e = AwsError::new(status, code, "The sandbox injected a server error (fault injection is on for this service).");
    e.sender_fault = false;
    e
}

pub fn set_faults(faults: &mut BTreeMap<String, Fault>, req: &Request) -> Result<Value, AwsError> {
    let input = Input::new(&req.input, invalid);
    let service = input.req_str("service")?;
    if !FAULTABLE.contains(&service) {
        return Err(invalid(format!("Unknown service '{service}' for faults: use one of {}.", FAULTABLE.join(", "))));
    }
    let percent = |k: &str| -> Result<f64, AwsError> {
        let v = input.float(k)?.unwrap_or(0.0);
        if (0.0..=100.0).contains(&v) {
            Ok(v)
        } else {
            Err(invalid(format!("{k} must be between 0 and 100; got {v}.")))
        }
    };
    let millis = |k: &str| -> Result<u64, AwsError> {
        match input.int(k)?.unwrap_or(0) {
            v if (0..=60_000).contains(&v) => Ok(v as u64),
            v => Err(invalid(format!("{k} must be between 0 and 60000; got {v}."))),
        }
    };
    let fault = Fault {
        latency_ms: millis("latencyMs")?,
        jitter_ms: millis("jitterMs")?,
        throttle_percent: percent("throttlePercent")?,
        error_percent: percent("errorPercent")?,
    };
    if fault == Fault::default() {
        faults.remove(service);
    } else {
        faults.insert(service.to_string(), fault);
    }
    Ok(json!({"faults": faults}))
}

fn service_key(world: &World, region: &str, input: &Input<'_>) -> Result<String, AwsError> {
    let cluster = input.req_str("cluster")?;
    let service = input.req_str("service")?;
    let cluster = cluster.rsplit('/').next().unwrap_or(cluster);
    let service = service.rsplit('/').next().unwrap_or(service);
    let exists = world.regions.get(region).and_then(|r| r.ecs.service_desired_count(cluster, service)).is_some();
    if !exists {
        return Err(AwsError::client("ServiceNotFoundException", format!("No active service {service} in cluster {cluster} in {region}.")));
    }
    Ok(format!("{cluster}/{service}"))
}

pub fn dispatch(world: &mut World, req: &Request, speed: f64, now: f64) -> Result<Value, AwsError> {
    let input = Input::new(&req.input, invalid);
    match req.operation.as_str() {
        "Reset" => {
            *world = World::default();
            Ok(json!({}))
        }
        "DescribeSimulation" => {
            let region = world.regions.entry_or_default(req.region.clone());
            let services: Vec<Value> = region
                .ecs
                .active_services()
                .map(|(key, s)| {
                    let (cluster, name) = key.split_once('/').unwrap_or((key, ""));
                    json!({
                        "cluster": cluster,
                        "service": name,
                        "desiredCount": s["desiredCount"],
                        "runningCount": s["runningCount"],
                        "requestsPerSecond": region.sim.traffic.get(key).copied().unwrap_or(0.0),
                        "metricsResolution": if region.sim.high_res.contains(key) { 1 } else { 60 },
                    })
                })
                .collect();
            // Every Lambda hook a service names, with the answer the sandbox gives for it.
            let mut hooks: std::collections::BTreeMap<String, Vec<String>> = Default::default();
            for (key, s) in region.ecs.active_services() {
                for h in s["deploymentConfiguration"]["lifecycleHooks"].as_array().into_iter().flatten() {
                    if let Some(function) = h["hookTargetArn"].as_str().filter(|_| h["targetType"] != "PAUSE") {
                        hooks.entry(function.to_string()).or_default().push(key.to_string());
                    }
                }
            }
            let hooks: Vec<Value> = hooks
                .into_iter()
                .map(|(function, services)| json!({"hookTargetArn": function, "services": services, "outcome": region.ecs.hook_outcome(&function)}))
                .collect();
            Ok(json!({"speed": speed, "now": now, "region": req.region, "services": services, "hooks": hooks}))
        }
        "SetTraffic" => {
            let key = service_key(world, &req.region, &input)?;
            let rps = input.float("requestsPerSecond")?.ok_or_else(|| invalid("requestsPerSecond is required.".into()))?;
            if !(0.0..=100_000.0).contains(&rps) || !rps.is_finite() {
                return Err(invalid(format!("requestsPerSecond must be between 0 and 100000; got {rps}.")));
            }
            let region = world.regions.entry_or_default(req.region.clone());
            if rps == 0.0 {
                region.sim.traffic.remove(&key);
            } else {
                region.sim.traffic.insert(key, rps);
            }
            Ok(json!({"requestsPerSecond": rps}))
        }
        "SetMetricsResolution" => {
            let key = service_key(world, &req.region, &input)?;
            let seconds = input.int("seconds")?.unwrap_or(60);
            let region = world.regions.entry_or_default(req.region.clone());
            match seconds {
                1 => region.sim.high_res.insert(key),
                60 => region.sim.high_res.remove(&key),
                other => return Err(invalid(format!("seconds must be 1 or 60; got {other}."))),
            };
            Ok(json!({"seconds": seconds}))
        }
        "SetHookOutcome" => {
            let function = input.req_str("hookTargetArn")?;
            let outcome = input.req_str("outcome")?;
            let region = world.regions.entry_or_default(req.region.clone());
            region.ecs.set_hook_outcome(function, outcome)?;
            Ok(json!({"hookTargetArn": function, "outcome": outcome}))
        }
        "PushSampleImage" => {
            let repository = input.req_str("repositoryName")?;
            let tag = input.str("imageTag")?.unwrap_or("latest");
            let region = world.regions.entry_or_default(req.region.clone());
            region.ecr.push_sample(repository, tag)
        }
        other => Err(AwsError::client("UnknownOperationException", format!("Unknown sandbox operation {other}"))),
    }
}
