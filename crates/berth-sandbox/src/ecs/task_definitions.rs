//! Task definitions: revisions per family, ECS's validation (Fargate sizes, awsvpc,
//! execution role, container memory, port mappings), deregistration to INACTIVE.

use serde_json::{json, Map, Value};

use super::{check_name, client, invalid, max_results, parse_tags, Ecs};
use crate::error::AwsError;
use crate::util::{self, Input};

/// Fargate (Linux) CPU units → the memory sizes (MiB) allowed with them.
pub fn fargate_memory_allowed(cpu: i64, memory: i64) -> bool {
    let steps = |lo: i64, hi: i64, step: i64| memory >= lo && memory <= hi && (memory - lo) % step == 0;
    match cpu {
        256 => matches!(memory, 512 | 1024 | 2048),
        512 => steps(1024, 4096, 1024),
        1024 => steps(2048, 8192, 1024),
        2048 => steps(4096, 16384, 1024),
        4096 => steps(8192, 30720, 1024),
        8192 => steps(16384, 61440, 4096),
        16384 => steps(32768, 122_880, 8192),
        _ => false,
    }
}

/// "1024", "1 vCPU", "0.25 vcpu" → CPU units.
pub fn parse_cpu(s: &str) -> Option<i64> {
    let t = s.trim().to_ascii_lowercase();
    if let Some(v) = t.strip_suffix("vcpu") {
        return v.trim().parse::<f64>().ok().map(|v| (v * 1024.0).round() as i64);
    }
    t.parse().ok()
}

/// "2048", "2 GB", "0.5gb" → MiB.
pub fn parse_memory(s: &str) -> Option<i64> {
    let t = s.trim().to_ascii_lowercase();
    if let Some(v) = t.strip_suffix("gb") {
        return v.trim().parse::<f64>().ok().map(|v| (v * 1024.0).round() as i64);
    }
    t.parse().ok()
}

fn is_ecr_image(image: &str) -> bool {
    image.split('/').next().is_some_and(|host| host.contains(".dkr.ecr.") && host.ends_with(".amazonaws.com"))
}

fn validate_container(c: &Input<'_>, network_mode: &str, names: &mut Vec<String>) -> Result<(), AwsError> {
    let name = c.req_str("name")?;
    check_name("Container", name)?;
    if names.iter().any(|n| n == name) {
        return Err(client(format!("Duplicate container name '{name}' in the task definition.")));
    }
    names.push(name.to_string());
    if c.str("image")?.unwrap_or_default().trim().is_empty() {
        return Err(client(format!("Container.image should not be null or empty for container '{name}'.")));
    }
    let memory = c.int("memory")?;
    let reservation = c.int("memoryReservation")?;
    for (field, v) in [("memory", memory), ("memoryReservation", reservation)] {
        if let Some(v) = v {
            if v < 6 {
                return Err(client(format!("Invalid '{field}' setting for container '{name}': the minimum is 6 MiB.")));
            }
        }
    }
    if let (Some(m), Some(r)) = (memory, reservation) {
        if r > m {
            return Err(client(format!(
                "Invalid setting for container '{name}'. 'memoryReservation' ({r} MiB) must be less than or equal to 'memory' ({m} MiB)."
            )));
        }
    }
    if c.int("cpu")?.is_some_and(|cpu| !(0..=10_240).contains(&cpu)) {
        return Err(client(format!("Invalid 'cpu' setting for container '{name}': use 0-10240 CPU units.")));
    }
    for pm in c.list("portMappings")? {
        let port = pm.int("containerPort")?;
        let host = pm.int("hostPort")?;
        if let Some(p) = port {
            if !(1..=65535).contains(&p) {
                return Err(client(format!("Invalid containerPort {p} for container '{name}': ports are 1-65535.")));
            }
        }
        if let Some(h) = host {
            if !(0..=65535).contains(&h) {
                return Err(client(format!("Invalid hostPort {h} for container '{name}': ports are 0-65535.")));
            }
        }
        if (network_mode == "awsvpc" || network_mode == "host") && host.is_some_and(|h| Some(h) != port) {
            return Err(client(format!(
                "When networkMode={network_mode}, the host ports and container ports in port mappings must match."
            )));
        }
        if let Some(p) = pm.str("protocol")? {
            if !matches!(p, "tcp" | "udp") {
                return Err(client(format!("Invalid protocol '{p}' in a port mapping of container '{name}': use tcp or udp.")));
            }
        }
    }
    Ok(())
}

impl Ecs {
    pub(super) fn register_task_definition(&mut self, region: &str, input: Input<'_>) -> Result<Value, AwsError> {
        let family = input.req_str("family")?.to_string();
        check_name("Family", &family)?;
        let network_mode = input.str("networkMode")?.unwrap_or("bridge");
        if !matches!(network_mode, "bridge" | "host" | "awsvpc" | "none") {
            return Err(invalid(format!("Invalid networkMode '{network_mode}': use bridge, host, awsvpc or none.")));
        }
        let compat = input.str_list("requiresCompatibilities")?;
        for c in &compat {
            if !matches!(*c, "EC2" | "FARGATE" | "EXTERNAL" | "MANAGED_INSTANCES") {
                return Err(invalid(format!("Invalid requiresCompatibilities value '{c}'.")));
            }
        }
        let containers = input.list("containerDefinitions")?;
        if containers.is_empty() {
            return Err(client("Container list cannot be empty."));
        }
        let mut names = Vec::new();
        for c in &containers {
            validate_container(c, network_mode, &mut names)?;
        }
        let cpu = match input.str("cpu")? {
            Some(s) => Some(parse_cpu(s).ok_or_else(|| client(format!("Invalid 'cpu' setting for task: '{s}'.")))?),
            None => None,
        };
        let memory = match input.str("memory")? {
            Some(s) => Some(parse_memory(s).ok_or_else(|| client(format!("Invalid 'memory' setting for task: '{s}'.")))?),
            None => None,
        };
        let execution_role = input.str("executionRoleArn")?;
        if compat.contains(&"FARGATE") {
            if network_mode != "awsvpc" {
                return Err(client("Fargate only supports network mode 'awsvpc'."));
            }
            let cpu = cpu.ok_or_else(|| client("Fargate requires that 'cpu' be defined at the task level."))?;
            let memory = memory.ok_or_else(|| client("Fargate requires that 'memory' be defined at the task level."))?;
            if !fargate_memory_allowed(cpu, memory) {
                return Err(client(format!(
                    "No Fargate configuration exists for given values: {cpu} CPU, {memory} memory. See the Amazon ECS documentation for the valid combinations."
                )));
            }
            if execution_role.is_none() {
                for c in &containers {
                    if c.str("image")?.is_some_and(is_ecr_image) {
                        return Err(client("Fargate requires task definition to have execution role ARN to support ECR images."));
                    }
                    if c.at("logConfiguration").str("logDriver")? == Some("awslogs") {
                        return Err(client("Fargate requires task definition to have execution role ARN to support log driver awslogs."));
                    }
                }
            }
        }
        if compat.contains(&"EC2") || compat.is_empty() {
            let mut sum = 0;
            for c in &containers {
                let name = c.str("name")?.unwrap_or_default();
                let m = c.int("memory")?.or(c.int("memoryReservation")?);
                if m.is_none() && memory.is_none() {
                    return Err(client(format!(
                        "Invalid setting for container '{name}'. At least one of 'memory' or 'memoryReservation' must be specified."
                    )));
                }
                sum += m.unwrap_or(0);
            }
            if let Some(task_memory) = memory {
                if sum > task_memory {
                    return Err(client(format!(
                        "The sum of the container memory settings ({sum} MiB) exceeds the task memory ({task_memory} MiB)."
                    )));
                }
            }
        }
        let tags = parse_tags(input.list("tags")?)?;
        let revisions = self.task_definitions.entry_or_default(family.clone());
        let revision = revisions.len() + 1;
        let mut td: Map<String, Value> = input.value.as_object().cloned().unwrap_or_default();
        td.remove("tags");
        let arn = util::arn("ecs", region, &format!("task-definition/{family}:{revision}"));
        td.insert("taskDefinitionArn".into(), json!(arn));
        td.insert("revision".into(), json!(revision));
        td.insert("status".into(), json!("ACTIVE"));
        td.insert("networkMode".into(), json!(network_mode));
        td.insert("registeredAt".into(), json!(util::now()));
        td.insert("registeredBy".into(), json!(format!("arn:aws:iam::{}:root", crate::ACCOUNT_ID)));
        td.entry("volumes").or_insert(json!([]));
        td.entry("placementConstraints").or_insert(json!([]));
        td.entry("requiresCompatibilities").or_insert(json!([]));
        let mut compatibilities = vec!["EC2"];
        if network_mode == "awsvpc" {
            compatibilities.push("FARGATE");
        }
        td.insert("compatibilities".into(), json!(compatibilities));
        if let Some(list) = td.get_mut("containerDefinitions").and_then(Value::as_array_mut) {
            for c in list {
                let obj = c.as_object_mut().expect("validated above");
                obj.entry("cpu").or_insert(json!(0));
                obj.entry("essential").or_insert(json!(true));
                obj.entry("environment").or_insert(json!([]));
                obj.entry("mountPoints").or_insert(json!([]));
                obj.entry("volumesFrom").or_insert(json!([]));
                let ports = obj.entry("portMappings").or_insert(json!([]));
                for pm in ports.as_array_mut().into_iter().flatten() {
                    let container_port = pm["containerPort"].clone();
                    if network_mode == "awsvpc" || network_mode == "host" {
                        pm["hostPort"] = container_port;
                    } else if pm.get("hostPort").is_none() {
                        pm["hostPort"] = json!(0);
                    }
                    if pm.get("protocol").is_none() {
                        pm["protocol"] = json!("tcp");
                    }
                }
            }
        }
        let td = Value::Object(td);
        revisions.push(td.clone());
        self.task_definition_tags.insert(arn, json!({"tags": tags.clone()}));
        Ok(json!({ "taskDefinition": td, "tags": tags }))
    }

    /// `family`, `family:rev` or a full ARN → the stored revision (latest ACTIVE for a bare family).
    pub(super) fn find_task_definition(&self, reference: &str) -> Option<&Value> {
        let tail = reference.rsplit_once(":task-definition/").map(|(_, t)| t).unwrap_or(reference);
        match tail.split_once(':') {
            Some((family, rev)) => {
                let rev: usize = rev.parse().ok()?;
                self.task_definitions.get(family)?.get(rev.checked_sub(1)?)
            }
            None => self.task_definitions.get(tail)?.iter().rev().find(|t| t["status"] == "ACTIVE"),
        }
    }

    pub(super) fn describe_task_definition(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let reference = input.req_str("taskDefinition")?;
        let td = self.find_task_definition(reference).ok_or_else(|| client("Unable to describe task definition."))?;
        let mut out = json!({ "taskDefinition": td });
        if input.str_list("include")?.contains(&"TAGS") {
            let arn = td["taskDefinitionArn"].as_str().unwrap_or_default();
            out["tags"] = self.task_definition_tags.get(arn).map(|t| t["tags"].clone()).unwrap_or(json!([]));
        }
        Ok(out)
    }

    pub(super) fn list_task_definitions(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let max = max_results(&input, 100)?;
        let status = input.str("status")?.unwrap_or("ACTIVE");
        let prefix = input.str("familyPrefix")?.unwrap_or("");
        let descending = input.str("sort")? == Some("DESC");
        // Keys sort by family then zero-padded revision, the order ECS lists them in.
        let mut all: Vec<(String, &Value)> = self
            .task_definitions
            .iter()
            .filter(|(f, _)| f.starts_with(prefix))
            .flat_map(|(f, revs)| {
                revs.iter().filter(|t| t["status"] == status).map(move |t| (format!("{f}:{:010}", t["revision"].as_u64().unwrap_or(0)), t))
            })
            .collect();
        if descending {
            all.reverse();
            // Token keys must keep increasing through the iteration; invert them.
            let (page, next) =
                util::page(all.iter().map(|(k, t)| (invert(k), *t)), |(k, _)| k.as_str(), input.str("nextToken")?, max, invalid)?;
            let arns: Vec<&Value> = page.iter().map(|(_, t)| &t["taskDefinitionArn"]).collect();
            return Ok(json!({ "taskDefinitionArns": arns, "nextToken": next }));
        }
        let (page, next) = util::page(all.iter(), |(k, _)| k.as_str(), input.str("nextToken")?, max, invalid)?;
        let arns: Vec<&Value> = page.iter().map(|(_, t)| &t["taskDefinitionArn"]).collect();
        Ok(json!({ "taskDefinitionArns": arns, "nextToken": next }))
    }

    pub(super) fn list_task_definition_families(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let max = max_results(&input, 100)?;
        let status = input.str("status")?.unwrap_or("ACTIVE");
        let prefix = input.str("familyPrefix")?.unwrap_or("");
        let families = self.task_definitions.iter().filter(|(f, revs)| {
            let active = revs.iter().any(|t| t["status"] == "ACTIVE");
            f.starts_with(prefix)
                && match status {
                    "ACTIVE" => active,
                    "INACTIVE" => !active,
                    _ => true,
                }
        });
        let (page, next) = util::page(families, |(f, _)| f.as_str(), input.str("nextToken")?, max, invalid)?;
        let names: Vec<&String> = page.into_iter().map(|(f, _)| f).collect();
        Ok(json!({ "families": names, "nextToken": next }))
    }

    pub(super) fn deregister_task_definition(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let reference = input.req_str("taskDefinition")?;
        let tail = reference.rsplit_once(":task-definition/").map(|(_, t)| t).unwrap_or(reference);
        let Some((family, rev)) = tail.split_once(':') else {
            return Err(invalid("Invalid revision number. Deregistering needs family:revision or a full ARN.".into()));
        };
        let rev: usize = rev.parse().map_err(|_| invalid(format!("Invalid revision number '{rev}'.")))?;
        let td = self
            .task_definitions
            .get_mut(family)
            .and_then(|revs| revs.get_mut(rev.wrapping_sub(1)))
            .ok_or_else(|| client("The specified task definition does not exist."))?;
        td["status"] = json!("INACTIVE");
        td["deregisteredAt"] = json!(util::now());
        Ok(json!({ "taskDefinition": td.clone() }))
    }
}

/// Maps each byte to its complement so that descending order sorts ascending.
fn invert(key: &str) -> String {
    key.bytes().map(|b| format!("{:02x}", 255 - b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fargate_table_matches_ecs() {
        assert!(fargate_memory_allowed(256, 512));
        assert!(!fargate_memory_allowed(256, 4096));
        assert!(fargate_memory_allowed(4096, 30720));
        assert!(!fargate_memory_allowed(8192, 17408));
        assert!(fargate_memory_allowed(16384, 122_880));
        assert_eq!(parse_cpu("0.25 vCPU"), Some(256));
        assert_eq!(parse_memory("0.5GB"), Some(512));
    }
}
