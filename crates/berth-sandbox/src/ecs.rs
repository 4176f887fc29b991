//! ECS: clusters, task definitions and services, with ECS's own validation and refusals.
//! Answers use ECS's JSON field names and ARN formats.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

use crate::error::AwsError;
use crate::protocol::Request;
use crate::ACCOUNT_ID;

#[derive(Default)]
pub struct Ecs {
    /// By name, in creation order of names (BTreeMap keeps listing stable and sorted).
    clusters: BTreeMap<String, Cluster>,
    task_definitions: BTreeMap<String, Vec<Value>>,
    services: Vec<Service>,
}

struct Cluster {
    name: String,
    arn: String,
    status: &'static str,
    settings: Vec<(String, String)>,
    tags: Vec<(String, String)>,
    registered_container_instances: i64,
}

struct Service {
    arn: String,
    name: String,
    cluster: String,
    task_definition: String,
    desired_count: i64,
    launch_type: String,
    status: &'static str,
    created_at: f64,
}

fn now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as f64 / 1000.0).unwrap_or(0.0)
}

fn str_field<'a>(input: &'a Value, field: &str) -> Result<Option<&'a str>, AwsError> {
    match input.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(AwsError::serialization(format!("{field} must be a string"))),
    }
}

fn int_field(input: &Value, field: &str) -> Result<Option<i64>, AwsError> {
    match input.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v.as_i64().map(Some).ok_or_else(|| AwsError::serialization(format!("{field} must be an integer"))),
    }
}

fn list_field<'a>(input: &'a Value, field: &str) -> Result<Vec<&'a Value>, AwsError> {
    match input.get(field) {
        None | Some(Value::Null) => Ok(vec![]),
        Some(Value::Array(a)) => Ok(a.iter().collect()),
        Some(_) => Err(AwsError::serialization(format!("{field} must be a list"))),
    }
}

fn check_name(what: &str, name: &str) -> Result<(), AwsError> {
    let ok = !name.is_empty() && name.len() <= 255 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(AwsError::invalid(format!(
            "{what} name can only contain alphanumeric characters, hyphens and underscores, and must be 1-255 characters long."
        )))
    }
}

fn tags(input: &Value) -> Result<Vec<(String, String)>, AwsError> {
    let list = list_field(input, "tags")?;
    if list.len() > 50 {
        return Err(AwsError::invalid("Too many tags. A resource can have at most 50 tags."));
    }
    list.into_iter()
        .map(|t| {
            let key = str_field(t, "key")?.unwrap_or_default();
            if key.is_empty() || key.len() > 128 {
                return Err(AwsError::invalid("Tag keys must be 1-128 characters long."));
            }
            if key.to_ascii_lowercase().starts_with("aws:") {
                return Err(AwsError::invalid("Tag keys may not begin with aws:."));
            }
            Ok((key.to_string(), str_field(t, "value")?.unwrap_or_default().to_string()))
        })
        .collect()
}

fn tag_json(tags: &[(String, String)]) -> Value {
    Value::Array(tags.iter().map(|(k, v)| json!({"key": k, "value": v})).collect())
}

/// `arn:aws:ecs:…:cluster/name` or a bare name → the name.
fn cluster_name(reference: &str) -> &str {
    reference.rsplit_once(":cluster/").map(|(_, n)| n).unwrap_or(reference)
}

fn page<T: Clone>(items: &[T], input: &Value) -> Result<(Vec<T>, Option<String>), AwsError> {
    let max = int_field(input, "maxResults")?.unwrap_or(100);
    if !(1..=100).contains(&max) {
        return Err(AwsError::invalid("maxResults must be between 1 and 100."));
    }
    let start = match str_field(input, "nextToken")? {
        None => 0,
        Some(t) => t
            .strip_prefix("bsbx")
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| *n <= items.len())
            .ok_or_else(|| AwsError::invalid("Invalid token"))?,
    };
    let end = (start + max as usize).min(items.len());
    let next = (end < items.len()).then(|| format!("bsbx{end}"));
    Ok((items[start..end].to_vec(), next))
}

pub fn dispatch(ecs: &mut Ecs, req: &Request) -> Result<Value, AwsError> {
    let input = &req.input;
    match req.operation.as_str() {
        "CreateCluster" => ecs.create_cluster(&req.region, input),
        "DescribeClusters" => ecs.describe_clusters(input),
        "ListClusters" => ecs.list_clusters(input),
        "DeleteCluster" => ecs.delete_cluster(input),
        "RegisterTaskDefinition" => ecs.register_task_definition(&req.region, input),
        "CreateService" => ecs.create_service(&req.region, input),
        "DeleteService" => ecs.delete_service(input),
        "ListServices" => ecs.list_services(input),
        other => Err(AwsError::client("UnknownOperationException", format!("The sandbox does not implement ECS {other} yet."))),
    }
}

impl Ecs {
    fn cluster(&self, reference: Option<&str>) -> Result<&Cluster, AwsError> {
        let name = cluster_name(reference.unwrap_or("default"));
        self.clusters
            .get(name)
            .filter(|c| c.status == "ACTIVE")
            .ok_or_else(|| AwsError::client("ClusterNotFoundException", "Cluster not found."))
    }

    fn cluster_json(&self, c: &Cluster, include: &[&str]) -> Value {
        let services: Vec<_> = self.services.iter().filter(|s| s.cluster == c.name && s.status == "ACTIVE").collect();
        let mut v = json!({
            "clusterArn": c.arn,
            "clusterName": c.name,
            "status": c.status,
            "registeredContainerInstancesCount": c.registered_container_instances,
            "runningTasksCount": 0,
            "pendingTasksCount": 0,
            "activeServicesCount": services.len(),
            "statistics": [],
            "tags": [],
            "settings": [],
            "capacityProviders": [],
            "defaultCapacityProviderStrategy": [],
        });
        if include.contains(&"STATISTICS") {
            v["statistics"] = json!([
                {"name": "runningEC2TasksCount", "value": "0"},
                {"name": "runningFargateTasksCount", "value": "0"},
                {"name": "pendingEC2TasksCount", "value": "0"},
                {"name": "pendingFargateTasksCount", "value": "0"},
                {"name": "activeEC2ServiceCount", "value": services.iter().filter(|s| s.launch_type == "EC2").count().to_string()},
                {"name": "activeFargateServiceCount", "value": services.iter().filter(|s| s.launch_type == "FARGATE").count().to_string()},
            ]);
        }
        if include.contains(&"TAGS") {
            v["tags"] = tag_json(&c.tags);
        }
        if include.contains(&"SETTINGS") {
            v["settings"] = Value::Array(c.settings.iter().map(|(n, val)| json!({"name": n, "value": val})).collect());
        }
        v
    }

    fn create_cluster(&mut self, region: &str, input: &Value) -> Result<Value, AwsError> {
        let name = str_field(input, "clusterName")?.unwrap_or("default").to_string();
        check_name("Cluster", &name)?;
        let tags = tags(input)?;
        let mut settings = vec![("containerInsights".to_string(), "disabled".to_string())];
        for s in list_field(input, "settings")? {
            let n = str_field(s, "name")?.unwrap_or_default();
            let val = str_field(s, "value")?.unwrap_or_default();
            if n != "containerInsights" || !matches!(val, "enabled" | "disabled" | "enhanced") {
                return Err(AwsError::invalid(format!("Invalid cluster setting {n}={val}.")));
            }
            settings[0].1 = val.to_string();
        }
        // CreateCluster is idempotent for an ACTIVE cluster of the same name, as in ECS.
        if !matches!(self.clusters.get(&name), Some(c) if c.status == "ACTIVE") {
            let arn = format!("arn:aws:ecs:{region}:{ACCOUNT_ID}:cluster/{name}");
            self.clusters.insert(
                name.clone(),
                Cluster { name: name.clone(), arn, status: "ACTIVE", settings, tags, registered_container_instances: 0 },
            );
        }
        let c = &self.clusters[&name];
        Ok(json!({ "cluster": self.cluster_json(c, &["SETTINGS", "TAGS"]) }))
    }

    fn describe_clusters(&self, input: &Value) -> Result<Value, AwsError> {
        let include: Vec<&str> = list_field(input, "include")?.into_iter().filter_map(Value::as_str).collect();
        let refs: Vec<&str> = list_field(input, "clusters")?.into_iter().filter_map(Value::as_str).collect();
        if refs.len() > 100 {
            return Err(AwsError::invalid("clusters can have at most 100 items."));
        }
        let refs = if refs.is_empty() { vec!["default"] } else { refs };
        let (mut clusters, mut failures) = (vec![], vec![]);
        for r in refs {
            match self.clusters.get(cluster_name(r)) {
                Some(c) => clusters.push(self.cluster_json(c, &include)),
                None => failures.push(json!({"arn": r, "reason": "MISSING"})),
            }
        }
        Ok(json!({ "clusters": clusters, "failures": failures }))
    }

    fn list_clusters(&self, input: &Value) -> Result<Value, AwsError> {
        let arns: Vec<String> = self.clusters.values().filter(|c| c.status == "ACTIVE").map(|c| c.arn.clone()).collect();
        let (arns, next) = page(&arns, input)?;
        Ok(json!({ "clusterArns": arns, "nextToken": next }))
    }

    fn delete_cluster(&mut self, input: &Value) -> Result<Value, AwsError> {
        let reference = str_field(input, "cluster")?.ok_or_else(|| AwsError::invalid("cluster is required."))?;
        let c = self.cluster(Some(reference))?;
        if self.services.iter().any(|s| s.cluster == c.name && s.status != "INACTIVE") {
            return Err(AwsError::client(
                "ClusterContainsServicesException",
                "The Cluster cannot be deleted while Services are active.",
            ));
        }
        if c.registered_container_instances > 0 {
            return Err(AwsError::client(
                "ClusterContainsContainerInstancesException",
                "The Cluster cannot be deleted while Container Instances are active or draining.",
            ));
        }
        let name = c.name.clone();
        let c = self.clusters.get_mut(&name).expect("found above");
        c.status = "INACTIVE";
        let c = &self.clusters[&name];
        Ok(json!({ "cluster": self.cluster_json(c, &["SETTINGS", "TAGS"]) }))
    }

    fn register_task_definition(&mut self, region: &str, input: &Value) -> Result<Value, AwsError> {
        let family = str_field(input, "family")?.ok_or_else(|| AwsError::invalid("family is required."))?.to_string();
        check_name("Family", &family)?;
        let containers = list_field(input, "containerDefinitions")?;
        if containers.is_empty() {
            return Err(AwsError::client("ClientException", "Container list cannot be empty."));
        }
        for c in &containers {
            let name = str_field(c, "name")?.unwrap_or_default();
            check_name("Container", name)?;
            if str_field(c, "image")?.unwrap_or_default().is_empty() {
                return Err(AwsError::client("ClientException", format!("Container.image should not be null or empty for container {name}.")));
            }
        }
        let revisions = self.task_definitions.entry(family.clone()).or_default();
        let revision = revisions.len() + 1;
        let mut td = input.clone();
        let obj = td.as_object_mut().expect("input is an object");
        obj.remove("tags");
        obj.insert("taskDefinitionArn".into(), json!(format!("arn:aws:ecs:{region}:{ACCOUNT_ID}:task-definition/{family}:{revision}")));
        obj.insert("revision".into(), json!(revision));
        obj.insert("status".into(), json!("ACTIVE"));
        obj.insert("registeredAt".into(), json!(now()));
        obj.entry("networkMode").or_insert(json!("bridge"));
        revisions.push(td.clone());
        Ok(json!({ "taskDefinition": td, "tags": tag_json(&tags(input)?) }))
    }

    fn find_task_definition(&self, reference: &str) -> Option<&Value> {
        let tail = reference.rsplit_once(":task-definition/").map(|(_, t)| t).unwrap_or(reference);
        let (family, revision) = match tail.split_once(':') {
            Some((f, r)) => (f, r.parse::<usize>().ok()?),
            None => (tail, self.task_definitions.get(tail)?.len()),
        };
        self.task_definitions.get(family)?.get(revision.checked_sub(1)?)
    }

    fn create_service(&mut self, region: &str, input: &Value) -> Result<Value, AwsError> {
        let cluster = self.cluster(str_field(input, "cluster")?)?.name.clone();
        let name = str_field(input, "serviceName")?.ok_or_else(|| AwsError::invalid("serviceName is required."))?.to_string();
        check_name("Service", &name)?;
        let td_ref = str_field(input, "taskDefinition")?.ok_or_else(|| AwsError::invalid("taskDefinition is required."))?;
        let td = self
            .find_task_definition(td_ref)
            .ok_or_else(|| AwsError::client("ClientException", "TaskDefinition not found."))?;
        let task_definition = td["taskDefinitionArn"].as_str().unwrap_or_default().to_string();
        let desired_count = int_field(input, "desiredCount")?.unwrap_or(0);
        if desired_count < 0 {
            return Err(AwsError::invalid("desiredCount must be 0 or more."));
        }
        if self.services.iter().any(|s| s.cluster == cluster && s.name == name && s.status == "ACTIVE") {
            return Err(AwsError::invalid("Creation of service was not idempotent."));
        }
        let launch_type = str_field(input, "launchType")?.unwrap_or("EC2").to_string();
        let service = Service {
            arn: format!("arn:aws:ecs:{region}:{ACCOUNT_ID}:service/{cluster}/{name}"),
            name,
            cluster,
            task_definition,
            desired_count,
            launch_type,
            status: "ACTIVE",
            created_at: now(),
        };
        let out = self.service_json(&service, region);
        self.services.push(service);
        Ok(json!({ "service": out }))
    }

    fn service_json(&self, s: &Service, region: &str) -> Value {
        json!({
            "serviceArn": s.arn,
            "serviceName": s.name,
            "clusterArn": format!("arn:aws:ecs:{region}:{ACCOUNT_ID}:cluster/{}", s.cluster),
            "status": s.status,
            "desiredCount": s.desired_count,
            "runningCount": 0,
            "pendingCount": 0,
            "launchType": s.launch_type,
            "taskDefinition": s.task_definition,
            "createdAt": s.created_at,
            "deployments": [],
            "events": [],
        })
    }

    fn delete_service(&mut self, input: &Value) -> Result<Value, AwsError> {
        let cluster = self.cluster(str_field(input, "cluster")?)?.name.clone();
        let reference = str_field(input, "service")?.ok_or_else(|| AwsError::invalid("service is required."))?;
        let name = reference.rsplit('/').next().unwrap_or(reference);
        let force = input.get("force").and_then(Value::as_bool).unwrap_or(false);
        let s = self
            .services
            .iter_mut()
            .find(|s| s.cluster == cluster && s.name == name && s.status == "ACTIVE")
            .ok_or_else(|| AwsError::client("ServiceNotFoundException", "Service not found."))?;
        if s.desired_count > 0 && !force {
            return Err(AwsError::invalid("The service cannot be stopped while it is scaled above 0."));
        }
        s.status = "DRAINING";
        let region = s.arn.split(':').nth(3).unwrap_or("us-east-1").to_string();
        let s = self.services.iter().find(|s| s.cluster == cluster && s.name == name).expect("found above");
        let out = self.service_json(s, &region);
        // Draining ends at once while the sandbox has no tasks to stop.
        for s in self.services.iter_mut().filter(|s| s.cluster == cluster && s.name == name) {
            s.status = "INACTIVE";
        }
        Ok(json!({ "service": out }))
    }

    fn list_services(&self, input: &Value) -> Result<Value, AwsError> {
        let cluster = self.cluster(str_field(input, "cluster")?)?.name.clone();
        let arns: Vec<String> =
            self.services.iter().filter(|s| s.cluster == cluster && s.status == "ACTIVE").map(|s| s.arn.clone()).collect();
        let mut input = input.clone();
        // ListServices pages 10 at a time unless asked for more, as ECS does.
        if input.get("maxResults").is_none() {
            input["maxResults"] = json!(10);
        }
        let (arns, next) = page(&arns, &input)?;
        Ok(json!({ "serviceArns": arns, "nextToken": next }))
    }
}
