//! Task definitions: families, revisions, validation, register, deregister and export.
//!
//! A task definition travels as the JSON document `aws ecs register-task-definition
//! --cli-input-json` accepts, never through the SDK's typed builders, so fields Berth does
//! not know survive an import, an edit and an export (see `raw`).

use std::collections::HashSet;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{CoreError, Result};
use crate::listing::{list_then_describe, with_backoff};
use crate::raw;
use crate::validation::{self, FieldError};
use crate::Clients;

/// The newest ACTIVE revision of a family, as the families table shows it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Family {
    pub family: String,
    pub latest_revision: i64,
    pub task_definition_arn: String,
    pub registered_at: Option<f64>,
    pub compatibilities: Vec<String>,
    pub cpu: Option<String>,
    pub memory: Option<String>,
    pub containers: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Revision {
    pub task_definition_arn: String,
    pub revision: i64,
    pub status: String,
    pub registered_at: Option<f64>,
    pub deregistered_at: Option<f64>,
}

/// One revision as AWS returns it, and the same revision as a register input.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "DescribedTaskDefinition")]
pub struct Described {
    #[ts(type = "Record<string, unknown>")]
    pub task_definition: Value,
    #[ts(type = "Array<{ key: string, value: string }>")]
    pub tags: Vec<Value>,
    /// The revision as `aws ecs register-task-definition --cli-input-json` accepts it.
    #[ts(type = "Record<string, unknown>")]
    pub register_input: Value,
}

/// Fargate's allowed task sizes (Linux): CPU units and the memory (MiB) each allows.
pub fn fargate_sizes() -> Vec<(u32, Vec<u32>)> {
    let steps = |from: u32, to: u32, step: u32| (from..=to).step_by(step as usize).collect::<Vec<_>>();
    vec![
        (256, vec![512, 1024, 2048]),
        (512, steps(1024, 4096, 1024)),
        (1024, steps(2048, 8192, 1024)),
        (2048, steps(4096, 16384, 1024)),
        (4096, steps(8192, 30720, 1024)),
        (8192, steps(16384, 61440, 4096)),
        (16384, steps(32768, 122880, 8192)),
    ]
}

fn fargate_rule() -> String {
    fargate_sizes().iter().map(|(cpu, mem)| format!("{cpu} CPU → {}–{} MiB", mem[0], mem[mem.len() - 1])).collect::<Vec<_>>().join("; ")
}

/// Task-level sizes may be written as units ("1024") or with units ("1 vCPU", "2 GB").
fn parse_size(value: &Value, unit: &str, per_unit: f64) -> Option<u32> {
    let text = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    if let Ok(n) = text.parse::<u32>() {
        return Some(n);
    }
    let lower = text.to_ascii_lowercase();
    let number = lower.strip_suffix(unit)?.trim().parse::<f64>().ok()?;
    Some((number * per_unit).round() as u32)
}

const READ_ONLY: &[&str] = &[
    "taskDefinitionArn",
    "revision",
    "status",
    "requiresAttributes",
    "compatibilities",
    "registeredAt",
    "registeredBy",
    "deregisteredAt",
    "deleteRequestedAt",
];

/// A described revision as a register input: read-only fields dropped, tags attached.
pub fn register_input(task_definition: &Value, tags: &[Value]) -> Value {
    let mut out: Map<String, Value> = task_definition.as_object().cloned().unwrap_or_default();
    for key in READ_ONLY {
        out.remove(*key);
    }
    if !tags.is_empty() {
        out.insert("tags".into(), Value::Array(tags.to_vec()));
    }
    Value::Object(out)
}

/// Every rule a register input breaks, each naming its field by JSON path.
pub fn validate(input: &Value) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let Some(td) = input.as_object() else {
        return vec![FieldError::new("", "a task definition must be a JSON object")];
    };
    let s = |k: &str| td.get(k).and_then(Value::as_str);
    match s("family") {
        Some(f) => errors.extend(validation::resource_name("family", f).err()),
        None => errors.push(FieldError::new("family", format!("is required ({})", validation::NAME_RULE))),
    }
    let compat: Vec<&str> = td
        .get("requiresCompatibilities")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for (i, c) in compat.iter().enumerate() {
        if !["EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"].contains(c) {
            errors.push(FieldError::new(
                format!("requiresCompatibilities[{i}]"),
                format!("{c:?} is not a launch type; use EC2, FARGATE or EXTERNAL"),
            ));
        }
    }
    let fargate = compat.contains(&"FARGATE");
    let network_mode = s("networkMode");
    if let Some(mode) = network_mode {
        if !["awsvpc", "bridge", "host", "none"].contains(&mode) {
            errors.push(FieldError::new("networkMode", "must be awsvpc, bridge, host or none"));
        }
    }
    if fargate && network_mode != Some("awsvpc") {
        errors.push(FieldError::new("networkMode", "Fargate requires network mode awsvpc"));
    }
    let cpu = td.get("cpu").map(|v| parse_size(v, "vcpu", 1024.0));
    let memory = td.get("memory").map(|v| parse_size(v, "gb", 1024.0));
    if let Some(None) = cpu {
        errors.push(FieldError::new("cpu", "must be CPU units (e.g. 256) or vCPUs (e.g. \"1 vCPU\")"));
    }
    if let Some(None) = memory {
        errors.push(FieldError::new("memory", "must be MiB (e.g. 512) or GB (e.g. \"2 GB\")"));
    }
    let (cpu, memory) = (cpu.flatten(), memory.flatten());
    if fargate {
        match (cpu, memory) {
            (None, _) => errors.push(FieldError::new("cpu", "Fargate requires a task-level CPU size")),
            (_, None) => errors.push(FieldError::new("memory", "Fargate requires a task-level memory size")),
            (Some(c), Some(m)) => match fargate_sizes().into_iter().find(|(cpu, _)| *cpu == c) {
                None => errors
                    .push(FieldError::new("cpu", format!("{c} is not a Fargate CPU size; use 256, 512, 1024, 2048, 4096, 8192 or 16384"))),
                Some((_, allowed)) if !allowed.contains(&m) => errors.push(FieldError::new(
                    "memory",
                    format!(
                        "{c} CPU with {m} MiB is not a Fargate size; with {c} CPU choose {} MiB ({})",
                        describe_choices(&allowed),
                        fargate_rule()
                    ),
                )),
                _ => {}
            },
        }
    }
    for key in ["taskRoleArn", "executionRoleArn"] {
        if let Some(arn) = s(key).filter(|a| !a.is_empty()) {
            if !is_role_arn(arn) {
                errors.push(FieldError::new(key, "must be an IAM role ARN: arn:aws:iam::123456789012:role/name"));
            }
        }
    }
    let has_execution_role = s("executionRoleArn").is_some_and(|a| !a.is_empty());

    let containers = td.get("containerDefinitions").and_then(Value::as_array).cloned().unwrap_or_default();
    if containers.is_empty() {
        errors.push(FieldError::new("containerDefinitions", "a task definition needs at least one container"));
    }
    if containers.len() > 10 {
        errors.push(FieldError::new("containerDefinitions", format!("has {} containers; the limit is 10", containers.len())));
    }
    let names: Vec<&str> = containers.iter().map(|c| c["name"].as_str().unwrap_or_default()).collect();
    let mut port_names = HashSet::new();
    let mut memory_sum = 0u64;
    for (i, c) in containers.iter().enumerate() {
        let at = |f: &str| format!("containerDefinitions[{i}].{f}");
        let name = names[i];
        errors.extend(validation::resource_name(&at("name"), name).err());
        if names[..i].contains(&name) && !name.is_empty() {
            errors.push(FieldError::new(at("name"), format!("{name:?} is used by another container; names must be unique in a task")));
        }
        match c["image"].as_str() {
            None | Some("") => {
                errors.push(FieldError::new(at("image"), "is required: a repository URI with a tag or digest, e.g. nginx:1.27"))
            }
            Some(img) if img.chars().any(char::is_whitespace) || img.len() > 255 => {
                errors.push(FieldError::new(at("image"), "must be at most 255 characters with no spaces"))
            }
            Some(img) => {
                if fargate && !has_execution_role && img.contains(".dkr.ecr.") {
                    errors.push(FieldError::new("executionRoleArn", "Fargate needs an execution role to pull images from ECR"));
                }
            }
        }
        let int = |f: &str| c.get(f).filter(|v| !v.is_null()).map(|v| v.as_i64());
        if let Some(cpu) = int("cpu") {
            if !cpu.is_some_and(|n| (0..=10240 * 16).contains(&n)) {
                errors.push(FieldError::new(at("cpu"), "must be a whole number of CPU units, 0 or more"));
            }
        }
        let mem = int("memory");
        let reservation = int("memoryReservation");
        for (field, v) in [("memory", mem), ("memoryReservation", reservation)] {
            if let Some(v) = v {
                if v.is_none_or(|n| n < 6) {
                    errors.push(FieldError::new(at(field), "must be a whole number of MiB, at least 6"));
                }
            }
        }
        if let (Some(Some(m)), Some(Some(r))) = (mem, reservation) {
            if r > m {
                errors.push(FieldError::new(at("memoryReservation"), format!("({r} MiB) must not exceed memory ({m} MiB)")));
            }
        }
        if compat.contains(&"EC2") && memory.is_none() && mem.is_none() && reservation.is_none() {
            errors.push(FieldError::new(
                at("memory"),
                "the EC2 launch type needs memory or memoryReservation on each container when the task sets no memory",
            ));
        }
        memory_sum += mem.flatten().or(reservation.flatten()).unwrap_or(0).max(0) as u64;
        validate_ports(c, network_mode, &at, &mut port_names, &mut errors);
        let mut env_names = HashSet::new();
        for (j, e) in c["environment"].as_array().into_iter().flatten().enumerate() {
            let n = e["name"].as_str().unwrap_or_default();
            if n.is_empty() {
                errors.push(FieldError::new(at(&format!("environment[{j}].name")), "an environment variable needs a name"));
            } else if !env_names.insert(n) {
                errors.push(FieldError::new(at(&format!("environment[{j}].name")), format!("{n} is set twice in this container")));
            }
        }
        if let Some(hc) = c.get("healthCheck").filter(|v| !v.is_null()) {
            validate_health_check(hc, &at, &mut errors);
        }
        if let Some(log) = c.get("logConfiguration").filter(|v| !v.is_null()) {
            if log["logDriver"] == "awslogs" {
                let opts = &log["options"];
                if opts["awslogs-group"].as_str().is_none_or(str::is_empty) {
                    errors.push(FieldError::new(at("logConfiguration.options.awslogs-group"), "awslogs needs a log group"));
                }
                if opts["awslogs-region"].as_str().is_none_or(str::is_empty) {
                    errors
                        .push(FieldError::new(at("logConfiguration.options.awslogs-region"), "awslogs needs the region of the log group"));
                }
                if fargate && opts["awslogs-stream-prefix"].as_str().is_none_or(str::is_empty) {
                    errors.push(FieldError::new(
                        at("logConfiguration.options.awslogs-stream-prefix"),
                        "Fargate requires a stream prefix for awslogs",
                    ));
                }
                if fargate && !has_execution_role {
                    errors.push(FieldError::new("executionRoleArn", "Fargate needs an execution role to send logs with awslogs"));
                }
            }
        }
        for (j, d) in c["dependsOn"].as_array().into_iter().flatten().enumerate() {
            let target = d["containerName"].as_str().unwrap_or_default();
            let field = at(&format!("dependsOn[{j}].containerName"));
            if target == name {
                errors.push(FieldError::new(field, "a container cannot depend on itself"));
            } else if !names.contains(&target) {
                errors.push(FieldError::new(field, format!("{target:?} is not a container of this task")));
            }
            let condition = d["condition"].as_str().unwrap_or_default();
            if !["START", "COMPLETE", "SUCCESS", "HEALTHY"].contains(&condition) {
                errors.push(FieldError::new(at(&format!("dependsOn[{j}].condition")), "must be START, COMPLETE, SUCCESS or HEALTHY"));
            } else if condition == "HEALTHY" {
                let has_check = containers.iter().any(|o| o["name"] == target && !o["healthCheck"].is_null());
                if !has_check && names.contains(&target) {
                    errors.push(FieldError::new(
                        at(&format!("dependsOn[{j}].condition")),
                        format!("HEALTHY needs a health check on {target}"),
                    ));
                }
            }
        }
    }
    if !containers.is_empty() && !containers.iter().any(|c| c["essential"].as_bool().unwrap_or(true)) {
        errors.push(FieldError::new("containerDefinitions", "at least one container must be essential"));
    }
    if let Some(m) = memory {
        if memory_sum > m as u64 {
            errors
                .push(FieldError::new("memory", format!("the containers ask for {memory_sum} MiB together, more than the task's {m} MiB")));
        }
    }
    if let Some(tags) = td.get("tags").and_then(Value::as_array) {
        let pairs: Vec<_> = tags
            .iter()
            .map(|t| (t["key"].as_str().unwrap_or_default().to_string(), t["value"].as_str().unwrap_or_default().to_string()))
            .collect();
        errors.extend(validation::tags(&pairs).err());
    }
    errors
}

fn describe_choices(allowed: &[u32]) -> String {
    if allowed.len() <= 4 {
        allowed.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
    } else {
        format!("{}–{} in steps of {}", allowed[0], allowed[allowed.len() - 1], allowed[1] - allowed[0])
    }
}

fn is_role_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == "iam"
        && parts[4].len() == 12
        && parts[4].chars().all(|c| c.is_ascii_digit())
        && parts[5].strip_prefix("role/").is_some_and(|n| !n.is_empty())
}

fn validate_ports(
    c: &Value,
    network_mode: Option<&str>,
    at: &dyn Fn(&str) -> String,
    names: &mut HashSet<String>,
    errors: &mut Vec<FieldError>,
) {
    let mut seen = HashSet::new();
    for (j, p) in c["portMappings"].as_array().into_iter().flatten().enumerate() {
        let field = |f: &str| at(&format!("portMappings[{j}].{f}"));
        let port = p["containerPort"].as_i64();
        if !port.is_some_and(|n| (1..=65535).contains(&n)) {
            errors.push(FieldError::new(field("containerPort"), "must be a port number, 1–65535"));
        }
        if let Some(host) = p.get("hostPort").filter(|v| !v.is_null()) {
            let host = host.as_i64();
            if !host.is_some_and(|n| (0..=65535).contains(&n)) {
                errors.push(FieldError::new(field("hostPort"), "must be a port number, 0–65535"));
            } else if matches!(network_mode, Some("awsvpc" | "host")) && host != port {
                let mode = network_mode.unwrap_or_default();
                errors.push(FieldError::new(
                    field("hostPort"),
                    format!("in {mode} mode the host port must be empty or equal the container port"),
                ));
            }
        }
        let protocol = p["protocol"].as_str().unwrap_or("tcp");
        if !["tcp", "udp"].contains(&protocol) {
            errors.push(FieldError::new(field("protocol"), "must be tcp or udp"));
        }
        if let Some(port) = port {
            if !seen.insert((port, protocol.to_string())) {
                errors.push(FieldError::new(field("containerPort"), format!("{port}/{protocol} is mapped twice in this container")));
            }
        }
        if let Some(name) = p["name"].as_str() {
            let ok = !name.is_empty()
                && name.len() <= 64
                && name.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
                && !name.starts_with('-');
            if !ok {
                errors.push(FieldError::new(field("name"), "1–64 lowercase letters, digits and hyphens, not starting with a hyphen"));
            } else if !names.insert(name.to_string()) {
                errors.push(FieldError::new(field("name"), format!("{name:?} names another port mapping; names must be unique in a task")));
            }
        }
    }
}

fn validate_health_check(hc: &Value, at: &dyn Fn(&str) -> String, errors: &mut Vec<FieldError>) {
    let command: Vec<&str> = hc["command"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    if command.len() < 2 || !["CMD", "CMD-SHELL"].contains(&command[0]) {
        errors.push(FieldError::new(
            at("healthCheck.command"),
            "must start with CMD or CMD-SHELL followed by the command, e.g. [\"CMD-SHELL\", \"curl -f http://localhost/ || exit 1\"]",
        ));
    }
    for (key, lo, hi) in [("interval", 5, 300), ("timeout", 2, 120), ("retries", 1, 10), ("startPeriod", 0, 300)] {
        if let Some(v) = hc.get(key).filter(|v| !v.is_null()) {
            if !v.as_i64().is_some_and(|n| (lo..=hi).contains(&n)) {
                errors.push(FieldError::new(at(&format!("healthCheck.{key}")), format!("must be {lo}–{hi}")));
            }
        }
    }
    if let (Some(i), Some(t)) = (hc["interval"].as_i64(), hc["timeout"].as_i64()) {
        if t >= i {
            errors.push(FieldError::new(at("healthCheck.timeout"), "must be shorter than the interval"));
        }
    }
}

/// The awslogs groups the input names, for creating them on request before registering.
pub fn log_groups(input: &Value) -> Vec<String> {
    let mut groups: Vec<String> = input["containerDefinitions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["logConfiguration"]["logDriver"] == "awslogs")
        .filter_map(|c| c["logConfiguration"]["options"]["awslogs-group"].as_str().map(str::to_string))
        .collect();
    groups.sort();
    groups.dedup();
    groups
}

pub async fn families(clients: &Clients) -> Result<Vec<Family>> {
    let paginator = clients
        .ecs
        .list_task_definition_families()
        .status(aws_sdk_ecs::types::TaskDefinitionFamilyStatus::Active)
        .max_results(100)
        .into_paginator()
        .send();
    let pages = futures::stream::unfold(paginator, |mut p| async move {
        let page = p.next().await?;
        Some((page.map(|p| p.families.unwrap_or_default()).map_err(|e| CoreError::from_sdk("ListTaskDefinitionFamilies", e)), p))
    });
    let ecs = clients.ecs.clone();
    let mut out = list_then_describe(pages, 1, move |families| {
        let ecs = ecs.clone();
        async move {
            let mut out = Vec::new();
            for family in families {
                // A family with only INACTIVE revisions has no latest to show.
                match describe_raw(&ecs, &family).await {
                    Ok(d) => out.push(Family::from_described(&d.task_definition)),
                    Err(e) if e.code() == "ClientException" => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(out)
        }
    })
    .await?;
    out.sort_by(|a, b| a.family.cmp(&b.family));
    Ok(out)
}

impl Family {
    fn from_described(td: &Value) -> Self {
        let strings =
            |v: &Value| v.as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()).unwrap_or_default();
        Family {
            family: td["family"].as_str().unwrap_or_default().into(),
            latest_revision: td["revision"].as_i64().unwrap_or_default(),
            task_definition_arn: td["taskDefinitionArn"].as_str().unwrap_or_default().into(),
            registered_at: td["registeredAt"].as_f64(),
            compatibilities: strings(&td["requiresCompatibilities"]),
            cpu: td["cpu"].as_str().map(str::to_string),
            memory: td["memory"].as_str().map(str::to_string),
            containers: td["containerDefinitions"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c["name"].as_str().map(str::to_string))
                .collect(),
        }
    }
}

/// Every revision of a family, ACTIVE and INACTIVE, newest first.
pub async fn revisions(clients: &Clients, family: &str) -> Result<Vec<Revision>> {
    validation::resource_name("family", family)?;
    let mut arns = Vec::new();
    for status in [aws_sdk_ecs::types::TaskDefinitionStatus::Active, aws_sdk_ecs::types::TaskDefinitionStatus::Inactive] {
        let mut pages = clients.ecs.list_task_definitions().family_prefix(family).status(status).max_results(100).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| CoreError::from_sdk("ListTaskDefinitions", e))?;
            // familyPrefix matches "web" to "web-worker" too; keep this family's own.
            arns.extend(page.task_definition_arns.unwrap_or_default().into_iter().filter(|a| family_of(a) == family));
        }
    }
    let ecs = clients.ecs.clone();
    let pages = futures::stream::iter(vec![Ok(arns)]);
    let mut out = list_then_describe(pages, 1, move |arns| {
        let ecs = ecs.clone();
        async move {
            let mut out = Vec::new();
            for arn in arns {
                let td = describe_raw(&ecs, &arn).await?.task_definition;
                out.push(Revision {
                    task_definition_arn: arn,
                    revision: td["revision"].as_i64().unwrap_or_default(),
                    status: td["status"].as_str().unwrap_or_default().into(),
                    registered_at: td["registeredAt"].as_f64(),
                    deregistered_at: td["deregisteredAt"].as_f64(),
                });
            }
            Ok(out)
        }
    })
    .await?;
    out.sort_by_key(|r| std::cmp::Reverse(r.revision));
    Ok(out)
}

/// `arn:…:task-definition/web:3` → `web`.
pub fn family_of(arn: &str) -> &str {
    let tail = arn.rsplit('/').next().unwrap_or(arn);
    tail.split(':').next().unwrap_or(tail)
}

pub async fn describe(clients: &Clients, task_definition: &str) -> Result<Described> {
    describe_raw(&clients.ecs, task_definition).await
}

async fn describe_raw(ecs: &aws_sdk_ecs::Client, task_definition: &str) -> Result<Described> {
    let capture = raw::Capture::default();
    with_backoff(|| async {
        ecs.describe_task_definition()
            .task_definition(task_definition)
            .include(aws_sdk_ecs::types::TaskDefinitionField::Tags)
            .customize()
            .interceptor(capture.clone())
            .send()
            .await
            .map_err(|e| CoreError::from_sdk("DescribeTaskDefinition", e))
    })
    .await?;
    let body = capture
        .json()
        .ok_or_else(|| CoreError::Client { operation: "DescribeTaskDefinition", detail: "the response body was not JSON".into() })?;
    let task_definition = body["taskDefinition"].clone();
    let tags = body["tags"].as_array().cloned().unwrap_or_default();
    let register_input = register_input(&task_definition, &tags);
    Ok(Described { task_definition, tags, register_input })
}

/// Validates, creates the awslogs groups when asked, and registers a new revision.
pub async fn register(clients: &Clients, input: &Value, create_log_groups: bool) -> Result<Described> {
    if let Some(first) = validate(input).into_iter().next() {
        return Err(first.into());
    }
    if create_log_groups {
        for group in log_groups(input) {
            crate::logs::ensure_group(clients, &group).await?;
        }
    }
    let family = input["family"].as_str().unwrap_or_default();
    let capture = raw::Capture::default();
    // The typed builder only supplies the operation; the body is the user's document.
    clients
        .ecs
        .register_task_definition()
        .family(family)
        .customize()
        .mutate_request(raw::with_body(input))
        .interceptor(capture.clone())
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("RegisterTaskDefinition", e))?;
    let body = capture.json().unwrap_or(Value::Null);
    let task_definition = body["taskDefinition"].clone();
    let tags = body["tags"].as_array().cloned().unwrap_or_default();
    Ok(Described { register_input: register_input(&task_definition, &tags), task_definition, tags })
}

pub async fn deregister(clients: &Clients, task_definition: &str) -> Result<Revision> {
    let out = clients
        .ecs
        .deregister_task_definition()
        .task_definition(task_definition)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DeregisterTaskDefinition", e))?;
    let td = out
        .task_definition
        .ok_or_else(|| CoreError::Client { operation: "DeregisterTaskDefinition", detail: "no task definition in the answer".into() })?;
    Ok(Revision {
        task_definition_arn: td.task_definition_arn().unwrap_or_default().into(),
        revision: td.revision() as i64,
        status: td.status().map(|s| s.as_str().to_string()).unwrap_or_default(),
        registered_at: td.registered_at().map(|t| t.as_secs_f64()),
        deregistered_at: td.deregistered_at().map(|t| t.as_secs_f64()),
    })
}

/// The task-definition rules the wizard needs to offer only valid choices.
/// Words in an environment variable's name that say its value is a secret.
const SECRET_WORDS: &[&str] = &["PASSWORD", "SECRET", "TOKEN", "KEY"];

/// Advice, not errors: plain `environment` values are stored in the task definition in
/// clear text, visible to anyone who can describe it. A variable whose name looks like a
/// secret should come from `secrets` instead (a Secrets Manager or SSM Parameter Store
/// ARN in `valueFrom`), which ECS injects at start without writing it down.
pub fn warnings(doc: &Value) -> Vec<FieldError> {
    let mut found = Vec::new();
    for (i, c) in doc["containerDefinitions"].as_array().into_iter().flatten().enumerate() {
        for (j, e) in c["environment"].as_array().into_iter().flatten().enumerate() {
            let name = e["name"].as_str().unwrap_or_default();
            let has_value = e["value"].as_str().is_some_and(|v| !v.is_empty());
            let upper = name.to_ascii_uppercase();
            if has_value && SECRET_WORDS.iter().any(|w| upper.contains(w)) {
                found.push(FieldError::new(
                    format!("containerDefinitions[{i}].environment[{j}].value"),
                    format!(
                        "{name} looks like a secret, and environment values are stored in clear text in the task definition: \
                         put it in Secrets Manager or SSM Parameter Store and reference it under `secrets` (name {name}, valueFrom the ARN) instead"
                    ),
                ));
            }
        }
    }
    found
}

pub fn rules() -> TaskDefinitionRules {
    TaskDefinitionRules {
        fargate_sizes: fargate_sizes().into_iter().map(|(cpu, memory)| FargateSize { cpu, memory }).collect(),
        name_rule: validation::NAME_RULE.to_string(),
    }
}

/// What the task-definition form needs to offer only what AWS accepts.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TaskDefinitionRules {
    pub fargate_sizes: Vec<FargateSize>,
    pub name_rule: String,
}

/// A Fargate CPU size (units) and the memory sizes (MiB) it allows.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct FargateSize {
    pub cpu: u32,
    pub memory: Vec<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fargate(cpu: &str, memory: &str) -> Value {
        json!({
            "family": "web",
            "requiresCompatibilities": ["FARGATE"],
            "networkMode": "awsvpc",
            "cpu": cpu,
            "memory": memory,
            "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
            "containerDefinitions": [{
                "name": "web", "image": "nginx:1.27", "essential": true,
                "portMappings": [{"containerPort": 80, "protocol": "tcp", "name": "http"}],
                "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "ecs"}}
            }]
        })
    }

    fn fields(input: &Value) -> Vec<String> {
        validate(input).into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn every_fargate_pair_in_the_table_is_accepted_and_others_are_named() {
        for (cpu, memories) in fargate_sizes() {
            for m in memories {
                assert!(validate(&fargate(&cpu.to_string(), &m.to_string())).is_empty(), "{cpu}/{m}");
            }
        }
        let errors = validate(&fargate("256", "4096"));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "memory");
        assert!(errors[0].rule.contains("256 CPU with 4096 MiB is not a Fargate size"), "{}", errors[0].rule);
        assert_eq!(fields(&fargate("300", "512")), ["cpu"]);
        assert!(validate(&fargate("1 vCPU", "2 GB")).is_empty());
    }

    #[test]
    fn fargate_needs_awsvpc_an_execution_role_and_a_stream_prefix() {
        let mut td = fargate("256", "512");
        td["networkMode"] = json!("bridge");
        td.as_object_mut().unwrap().remove("executionRoleArn");
        td["containerDefinitions"][0]["logConfiguration"]["options"]["awslogs-stream-prefix"] = json!("");
        let f = fields(&td);
        assert!(f.contains(&"networkMode".to_string()));
        assert!(f.contains(&"executionRoleArn".to_string()));
        assert!(f.contains(&"containerDefinitions[0].logConfiguration.options.awslogs-stream-prefix".to_string()));
        assert!(!f.contains(&"containerDefinitions[0].portMappings[0].hostPort".to_string()));
    }

    #[test]
    fn secret_looking_environment_values_are_warned_about() {
        let doc = json!({"containerDefinitions": [{"name": "web", "environment": [
            {"name": "DB_PASSWORD", "value": "hunter2"}, {"name": "api_token", "value": "t"},
            {"name": "AWS_ACCESS_KEY_ID", "value": "AKIA"}, {"name": "PORT", "value": "80"}, {"name": "SECRET", "value": ""}]}]});
        let warned: Vec<String> = warnings(&doc).into_iter().map(|w| w.field).collect();
        assert_eq!(
            warned,
            [
                "containerDefinitions[0].environment[0].value",
                "containerDefinitions[0].environment[1].value",
                "containerDefinitions[0].environment[2].value"
            ]
        );
        assert!(warnings(&doc)[0].rule.contains("`secrets`"));
        assert!(validate(&doc).iter().all(|e| !e.field.ends_with(".value")), "a warning never blocks registering");
    }

    #[test]
    fn containers_ports_environment_health_and_dependencies() {
        let mut td = fargate("512", "1024");
        td["containerDefinitions"] = json!([
            {"name": "web", "image": "nginx", "essential": false, "memory": 600, "memoryReservation": 700,
             "portMappings": [{"containerPort": 80, "hostPort": 8080}, {"containerPort": 70000}, {"containerPort": 80, "protocol": "sctp"}],
             "environment": [{"name": "A", "value": "1"}, {"name": "A", "value": "2"}, {"name": "", "value": "x"}],
             "healthCheck": {"command": ["curl"], "interval": 10, "timeout": 30},
             "dependsOn": [{"containerName": "web", "condition": "START"}, {"containerName": "db", "condition": "HEALTHY"}]},
            {"name": "web", "image": "", "essential": false, "memory": 600}
        ]);
        let f = fields(&td);
        for expected in [
            "containerDefinitions[0].memoryReservation",
            "containerDefinitions[0].portMappings[0].hostPort",
            "containerDefinitions[0].portMappings[1].containerPort",
            "containerDefinitions[0].portMappings[2].protocol",
            "containerDefinitions[0].environment[1].name",
            "containerDefinitions[0].environment[2].name",
            "containerDefinitions[0].healthCheck.command",
            "containerDefinitions[0].healthCheck.timeout",
            "containerDefinitions[0].dependsOn[0].containerName",
            "containerDefinitions[0].dependsOn[1].containerName",
            "containerDefinitions[1].name",
            "containerDefinitions[1].image",
            "containerDefinitions",
            "memory",
        ] {
            assert!(f.contains(&expected.to_string()), "missing {expected} in {f:?}");
        }
    }

    #[test]
    fn ec2_containers_need_memory_when_the_task_has_none() {
        let td =
            json!({"family": "batch", "requiresCompatibilities": ["EC2"], "containerDefinitions": [{"name": "job", "image": "busybox"}]});
        assert_eq!(fields(&td), ["containerDefinitions[0].memory"]);
    }

    #[test]
    fn export_drops_read_only_fields_and_keeps_unknown_ones() {
        let described = json!({"family": "web", "revision": 3, "status": "ACTIVE", "taskDefinitionArn": "arn", "registeredAt": 1.0,
            "compatibilities": ["EC2"], "requiresAttributes": [], "containerDefinitions": [], "runtimePlatform": {"cpuArchitecture": "ARM64"}, "someFutureField": 1});
        let input = register_input(&described, &[json!({"key": "team", "value": "a"})]);
        assert_eq!(input["someFutureField"], 1);
        assert_eq!(input["runtimePlatform"]["cpuArchitecture"], "ARM64");
        assert!(input.get("revision").is_none() && input.get("status").is_none() && input.get("registeredAt").is_none());
        assert_eq!(input["tags"][0]["key"], "team");
        assert_eq!(family_of("arn:aws:ecs:us-east-1:1:task-definition/web-worker:12"), "web-worker");
    }
}
