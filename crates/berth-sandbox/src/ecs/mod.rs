//! ECS: clusters, task definitions, tasks, services and container instances, with ECS's
//! validation, refusals, ARNs and paging. Resources are kept as the JSON documents ECS
//! returns, so describing one is a lookup and persisting the world is one serialisation.

pub mod capacity;
mod clusters;
mod container_instances;
mod deployments;
pub mod lifecycle;
mod placement;
mod scheduler;
mod services;
mod task_definitions;
mod tasks;
mod traffic_shift;

use crate::table::{Journal, Persist, Rows, Table};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::AwsError;
use crate::protocol::Request;
use crate::util::Input;
use crate::Region;

#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Ecs {
    /// By cluster name; INACTIVE clusters stay describable, as in ECS.
    clusters: Table<Value>,
    /// By family, revisions in order (revision N at index N-1).
    task_definitions: Table<Journal<Value>>,
    /// Task-definition tags live beside the revision, by ARN.
    task_definition_tags: Table<Value>,
    /// By `cluster/task-id`.
    tasks: Table<Value>,
    /// Tasks not yet STOPPED, with what the simulation knows of them.
    live: Table<lifecycle::TaskSim>,
    /// Stopped tasks in the order they stopped, so they leave an hour later as in ECS.
    stopped_order: Journal<(f64, String)>,
    /// The scheduler's own memory of each service, by `cluster/service-name`.
    service_sim: Table<scheduler::ServiceSim>,
    /// Service tasks that failed since the scheduler last looked.
    #[serde(skip)]
    failures: Vec<lifecycle::Failure>,
    /// Load balancer happenings for the service events, as (`cluster/service`, message).
    #[serde(skip)]
    notes: Vec<(String, String)>,
    /// Each task's JSON as DescribeTasks sends it (without tags), rendered once per change.
    #[serde(skip)]
    task_json: std::collections::HashMap<String, String>,
    /// By `cluster/service-name`.
    services: Table<Value>,
    /// By `cluster/instance-id`.
    container_instances: Table<Value>,
    /// Deployment ids are numbered like ECS's `ecs-svc/…`.
    next_deployment: u64,
    /// Service deployments by `cluster/service/<inverted sequence>`, newest first.
    service_deployments: Table<Value>,
    /// Service revisions by `cluster/service/<revision id>`.
    service_revisions: Table<Value>,
    next_service_deployment: u64,
    /// RunTask client tokens and the tasks (`cluster/task-id`) each started, so a retried
    /// call returns the same tasks instead of starting more.
    client_tokens: Table<Vec<String>>,
    /// The client token and parameters each service was created with, by `cluster/name`.
    service_tokens: Table<Value>,
    /// Auto Scaling group capacity providers by name (Fargate's are built in).
    capacity_providers: Table<Value>,
    /// Managed scaling's memory of each provider, by name.
    scaling_state: Table<ScalingState>,
    /// The sandbox's stand-in answers of Lambda lifecycle hooks, by function ARN.
    hook_outcomes: std::collections::BTreeMap<String, String>,
    /// Services the scheduler met in a state it could not step, skipped until a restart.
    #[serde(skip)]
    unsteppable: std::collections::HashSet<String>,
    /// The private addresses live tasks hold, built from them when first needed and kept
    /// as tasks come and go, so a new task's address is checked at once, not by a scan.
    #[serde(skip)]
    addresses: Option<std::collections::HashSet<String>>,
}

/// How long a managed provider's reservation has stayed below its target.
#[derive(Default, Serialize, Deserialize, Clone, Debug)]
#[serde(default)]
pub struct ScalingState {
    pub below: u32,
}

impl Persist for ScalingState {}

/// ECS's tasks-per-service quota: the largest desired count a service may have.
pub const MAX_TASKS_PER_SERVICE: i64 = 5_000;

fn desired_count(input: &Input<'_>) -> Result<Option<i64>, AwsError> {
    match input.int("desiredCount")? {
        Some(n) if n < 0 => Err(invalid(format!("desiredCount must be 0 or more; got {n}."))),
        // ECS's own words when a desired count is above the tasks-per-service quota.
        Some(n) if n > MAX_TASKS_PER_SERVICE => Err(invalid("Desired count exceeds limit.".into())),
        other => Ok(other),
    }
}

impl Ecs {
    pub fn children(&mut self) -> Vec<(&'static str, &mut dyn Rows)> {
        vec![
            ("ecs.clusters", &mut self.clusters),
            ("ecs.task_definitions", &mut self.task_definitions),
            ("ecs.task_definition_tags", &mut self.task_definition_tags),
            ("ecs.tasks", &mut self.tasks),
            ("ecs.live", &mut self.live),
            ("ecs.stopped_order", &mut self.stopped_order),
            ("ecs.service_sim", &mut self.service_sim),
            ("ecs.services", &mut self.services),
            ("ecs.container_instances", &mut self.container_instances),
            ("ecs.client_tokens", &mut self.client_tokens),
            ("ecs.service_tokens", &mut self.service_tokens),
            ("ecs.capacity_providers", &mut self.capacity_providers),
            ("ecs.scaling_state", &mut self.scaling_state),
            ("ecs.service_deployments", &mut self.service_deployments),
            ("ecs.service_revisions", &mut self.service_revisions),
        ]
    }
}

impl Persist for lifecycle::TaskSim {}
impl Persist for scheduler::ServiceSim {}
impl Persist for Vec<String> {}

pub fn invalid(message: String) -> AwsError {
    AwsError::invalid(message)
}

pub fn client(message: impl Into<String>) -> AwsError {
    AwsError::client("ClientException", message)
}

fn cluster_not_found() -> AwsError {
    AwsError::client("ClusterNotFoundException", "Cluster not found.")
}

fn input(req: &Request) -> Input<'_> {
    Input::new(&req.input, invalid)
}

/// The last path segment of an ARN (`…:cluster/name`, `…/cluster/id`) or the bare name.
fn tail(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap_or(reference)
}

/// `1–255 letters, digits, hyphens and underscores`, with ECS's wording.
fn check_name(what: &str, name: &str) -> Result<(), AwsError> {
    let ok = !name.is_empty() && name.len() <= 255 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(invalid(format!(
            "{what} name can only contain alphanumeric characters, hyphens and underscores, and must be 1-255 characters long. Got '{name}'."
        )))
    }
}

/// ECS tags: `[{key, value}]`, at most 50, keys 1–128, values 0–256, no `aws:` prefix.
fn parse_tags(list: Vec<Input<'_>>) -> Result<Vec<Value>, AwsError> {
    if list.len() > 50 {
        return Err(invalid("Too many tags: a resource can have at most 50 tags.".into()));
    }
    let mut out: Vec<Value> = Vec::new();
    for t in list {
        let key = t.str("key")?.unwrap_or_default();
        let value = t.str("value")?.unwrap_or_default();
        if key.is_empty() || key.len() > 128 {
            return Err(invalid(format!("Tag key '{key}' must be 1-128 characters long.")));
        }
        if value.len() > 256 {
            return Err(invalid(format!("Tag value for key '{key}' must be at most 256 characters long.")));
        }
        if key.to_ascii_lowercase().starts_with("aws:") {
            return Err(invalid("Tag keys may not begin with 'aws:': that prefix is reserved for AWS use.".into()));
        }
        out.retain(|existing| existing["key"] != key);
        out.push(json!({"key": key, "value": value}));
    }
    Ok(out)
}

fn merge_tags(existing: &mut Value, new: Vec<Value>) -> Result<(), AwsError> {
    let mut list: Vec<Value> = existing.as_array().cloned().unwrap_or_default();
    for tag in new {
        list.retain(|t| t["key"] != tag["key"]);
        list.push(tag);
    }
    if list.len() > 50 {
        return Err(invalid("Too many tags: a resource can have at most 50 tags.".into()));
    }
    *existing = Value::Array(list);
    Ok(())
}

fn max_results(input: &Input<'_>, default: usize) -> Result<usize, AwsError> {
    match input.int("maxResults")? {
        None => Ok(default),
        Some(n) if (1..=100).contains(&n) => Ok(n as usize),
        Some(n) => Err(invalid(format!("maxResults must be between 1 and 100; got {n}."))),
    }
}

impl Ecs {
    /// Resolves the `cluster` field (name or ARN, default "default") to an ACTIVE cluster.
    fn active_cluster(&self, input: &Input<'_>) -> Result<&Value, AwsError> {
        let name = tail(input.str("cluster")?.unwrap_or("default"));
        self.clusters.get(name).filter(|c| c["status"] == "ACTIVE").ok_or_else(cluster_not_found)
    }

    fn cluster_name_of(&self, input: &Input<'_>) -> Result<String, AwsError> {
        Ok(self.active_cluster(input)?["clusterName"].as_str().unwrap_or_default().to_string())
    }
}

pub fn dispatch(region: &mut Region, req: &Request) -> Result<Value, AwsError> {
    let ecs = &mut region.ecs;
    let r = &req.region;
    match req.operation.as_str() {
        "CreateCluster" => ecs.create_cluster(r, input(req)),
        "DescribeClusters" => ecs.describe_clusters(r, input(req)),
        "ListClusters" => ecs.list_clusters(input(req)),
        "DeleteCluster" => ecs.delete_cluster(input(req)),
        "UpdateCluster" | "UpdateClusterSettings" => ecs.update_cluster_settings(input(req)),
        "PutClusterCapacityProviders" => ecs.put_cluster_capacity_providers(input(req)),
        "RegisterTaskDefinition" => ecs.register_task_definition(r, input(req)),
        "DescribeTaskDefinition" => ecs.describe_task_definition(input(req)),
        "ListTaskDefinitions" => ecs.list_task_definitions(input(req)),
        "ListTaskDefinitionFamilies" => ecs.list_task_definition_families(input(req)),
        "DeregisterTaskDefinition" => ecs.deregister_task_definition(input(req)),
        "RunTask" => ecs.run_task(r, &region.ec2, input(req)),
        "StartTask" => ecs.start_task(r, &region.ec2, input(req)),
        "StopTask" => ecs.stop_task(input(req)),
        "ListTasks" => ecs.list_tasks(input(req)),
        "DescribeTasks" => ecs.describe_tasks(input(req)),
        "CreateService" => ecs.create_service(r, &region.ec2, &region.elbv2, &region.cloudwatch, input(req)),
        "UpdateService" => ecs.update_service(&region.ec2, &region.elbv2, &region.cloudwatch, input(req)),
        "DeleteService" => ecs.delete_service(input(req)),
        "DescribeServices" => ecs.describe_services(input(req)),
        "ListServices" => ecs.list_services(input(req)),
        "ListServiceDeployments" => ecs.list_service_deployments(input(req)),
        "DescribeServiceDeployments" => ecs.describe_service_deployments(input(req)),
        "DescribeServiceRevisions" => ecs.describe_service_revisions(input(req)),
        "StopServiceDeployment" => ecs.stop_service_deployment(input(req)),
        "ContinueServiceDeployment" => ecs.continue_service_deployment(input(req)),
        "RegisterContainerInstance" => ecs.register_container_instance(r, input(req)),
        "DeregisterContainerInstance" => ecs.deregister_container_instance(input(req)),
        "ListContainerInstances" => ecs.list_container_instances(input(req)),
        "DescribeContainerInstances" => ecs.describe_container_instances(input(req)),
        "UpdateContainerInstancesState" => ecs.update_container_instances_state(input(req)),
        "CreateCapacityProvider" => ecs.create_capacity_provider(r, &mut region.asg, &region.ec2, input(req)),
        "UpdateCapacityProvider" => ecs.update_capacity_provider(&region.asg, input(req)),
        "DeleteCapacityProvider" => ecs.delete_capacity_provider(input(req)),
        "DescribeCapacityProviders" => ecs.describe_capacity_providers(r, input(req)),
        "TagResource" => ecs.tag_resource(input(req)),
        "UntagResource" => ecs.untag_resource(input(req)),
        "ListTagsForResource" => ecs.list_tags_for_resource(input(req)),
        other => Err(AwsError::client("UnknownOperationException", format!("Operation {other} is not supported by the sandbox's ECS."))),
    }
}

impl Ecs {
    /// The stored document a resource ARN names, for the tagging operations.
    fn tagged(&mut self, arn: &str) -> Result<&mut Value, AwsError> {
        let not_found = || invalid(format!("The specified resource is not valid: {arn}"));
        let (kind, path) = arn
            .split_once(":ecs:")
            .and_then(|(_, rest)| rest.splitn(3, ':').nth(2))
            .and_then(|r| r.split_once('/'))
            .ok_or_else(not_found)?;
        let doc = match kind {
            "cluster" => self.clusters.get_mut(path),
            "service" => self.services.get_mut(path),
            "task" => {
                self.task_json.remove(path);
                self.tasks.get_mut(path)
            }
            "container-instance" => self.container_instances.get_mut(path),
            "capacity-provider" => self.capacity_providers.get_mut(path),
            "task-definition" => {
                let exists = self.find_task_definition(arn).is_some();
                if !exists {
                    return Err(client("Unable to describe task definition."));
                }
                return Ok(self.task_definition_tags.entry_or_insert_with(arn.to_string(), || json!({"tags": []})));
            }
            _ => None,
        };
        let doc = doc.ok_or_else(|| match kind {
            "cluster" => cluster_not_found(),
            "service" => AwsError::client("ServiceNotFoundException", "Service not found."),
            _ => invalid(format!("The specified resource is not valid: {arn}")),
        })?;
        if doc.get("tags").is_none() {
            doc["tags"] = json!([]);
        }
        Ok(doc)
    }

    fn tag_resource(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let arn = input.req_str("resourceArn")?;
        let tags = parse_tags(input.list("tags")?)?;
        let doc = self.tagged(arn)?;
        merge_tags(&mut doc["tags"], tags)?;
        Ok(json!({}))
    }

    fn untag_resource(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let arn = input.req_str("resourceArn")?;
        let keys = input.str_list("tagKeys")?;
        let doc = self.tagged(arn)?;
        if let Some(list) = doc["tags"].as_array_mut() {
            list.retain(|t| !keys.iter().any(|k| t["key"] == *k));
        }
        Ok(json!({}))
    }

    fn list_tags_for_resource(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let arn = input.req_str("resourceArn")?;
        let doc = self.tagged(arn)?;
        Ok(json!({"tags": doc["tags"].clone()}))
    }
}

/// What other services of the sandbox may read or change on a service.
impl Ecs {
    #[cfg(feature = "bench")]
    pub fn running_task_count(&self) -> usize {
        self.live.values().filter(|s| s.phase == lifecycle::Phase::Running).count()
    }

    pub fn active_services(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.services.iter().filter(|(_, s)| s["status"] == "ACTIVE")
    }

    pub fn service_desired_count(&self, cluster: &str, service: &str) -> Option<i64> {
        self.services.get(&format!("{cluster}/{service}")).filter(|s| s["status"] == "ACTIVE").and_then(|s| s["desiredCount"].as_i64())
    }

    pub fn set_service_desired_count(&mut self, cluster: &str, service: &str, count: i64) {
        // Auto scaling may ask for more than ECS allows a service; ECS holds the quota.
        let count = count.clamp(0, MAX_TASKS_PER_SERVICE);
        if let Some(s) = self.services.get_mut(&format!("{cluster}/{service}")) {
            s["desiredCount"] = json!(count);
            if let Some(primary) = s["deployments"].as_array_mut().and_then(|d| d.iter_mut().find(|d| d["status"] == "PRIMARY")) {
                primary["desiredCount"] = json!(count);
            }
        }
    }
}

/// What the load model needs of one service this second.
pub struct ServiceView<'a> {
    pub key: &'a str,
    pub cluster: &'a str,
    pub name: &'a str,
    pub desired: i64,
    pub pending: usize,
    /// Running tasks (not stopping), and whether each can take traffic (healthy targets).
    pub running: Vec<(&'a str, &'a lifecycle::TaskSim, bool)>,
    pub cpu_units: f64,
    pub target_groups: Vec<&'a str>,
    /// During a blue/green, linear or canary shift: each target group's share of the
    /// production traffic (empty otherwise: traffic is split evenly).
    pub weights: Vec<(String, f64)>,
    pub insights: bool,
}

impl Ecs {
    pub fn service_views<'a>(&'a self, elbv2: &crate::elbv2::ElbV2) -> Vec<ServiceView<'a>> {
        let mut views: std::collections::HashMap<&str, ServiceView<'a>> = std::collections::HashMap::with_capacity(self.services.len());
        for (key, s) in &self.services {
            if s["status"] != "ACTIVE" {
                continue;
            }
            let (cluster, name) = key.split_once('/').unwrap_or((key, ""));
            let td = s["taskDefinition"].as_str().and_then(|a| self.find_task_definition(a));
            let cpu_units = td.map(|td| tasks::task_size(td).0 as f64).filter(|c| *c > 0.0).unwrap_or(256.0);
            let insights = self.clusters.get(cluster).and_then(|c| c["settings"].as_array()).is_some_and(|list| {
                list.iter().any(|x| x["name"] == "containerInsights" && (x["value"] == "enabled" || x["value"] == "enhanced"))
            });
            let lbs = s["loadBalancers"].as_array().into_iter().flatten();
            let target_groups = lbs
                .flat_map(|lb| [lb["targetGroupArn"].as_str(), lb["advancedConfiguration"]["alternateTargetGroupArn"].as_str()])
                .flatten()
                .collect();
            let weights = self.service_sim.get(key.as_str()).map(|sim| sim.traffic_weights()).unwrap_or_default();
            views.insert(
                key,
                ServiceView {
                    key,
                    cluster,
                    name,
                    desired: s["desiredCount"].as_i64().unwrap_or(0),
                    pending: 0,
                    running: vec![],
                    cpu_units,
                    target_groups,
                    weights,
                    insights,
                },
            );
        }
        for (key, sim) in &self.live {
            let Some(view) = sim.service.as_deref().and_then(|s| views.get_mut(s)) else { continue };
            if sim.stopping {
                continue;
            }
            if sim.phase == lifecycle::Phase::Running {
                let serving = sim.targets.iter().all(|t| elbv2.target_state(&t.target_group, &t.id, t.port) == Some("healthy"));
                view.running.push((key.as_str(), sim, serving));
            } else {
                view.pending += 1;
            }
        }
        let mut views: Vec<ServiceView<'a>> = views.into_values().collect();
        views.sort_by(|a, b| a.key.cmp(b.key));
        views
    }
}
