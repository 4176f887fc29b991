//! EC2 capacity for ECS: Auto Scaling group capacity providers (create, describe,
//! update, delete, with ECS's rules on managed scaling and termination protection), the
//! agent on a booted instance registering it as a container instance with what its type
//! really offers, an instance's end stopping its tasks, tasks that wait in PROVISIONING
//! for capacity, and managed scaling: CapacityProviderReservation published each minute
//! and the group's desired capacity driven toward the target.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::placement::{Ask, Rules};
use super::tasks::task_size;
use super::{check_name, client, invalid, parse_tags, tail, Ecs};
use crate::asg::AutoScalingGroups;
use crate::cloudwatch::CloudWatch;
use crate::compute::{self, Instance};
use crate::error::AwsError;
use crate::util::{self, Input};

/// The agent version the sandbox's instances run (the AMI parameter's).
const AGENT_VERSION: &str = "1.102.0";
/// Scale in only after this many minutes below target (ECS-FACTS-EC2 §4).
const SCALE_IN_DATAPOINTS: u32 = 15;

/// What IAM says of the instance profiles the agents run under: by profile name and ARN,
/// None when the agent may register, else why not.
pub type ProfileTrust = BTreeMap<String, Option<String>>;

fn not_found(name: &str) -> AwsError {
    client(format!("The specified capacity provider '{name}' does not exist."))
}

fn fargate(region: &str, name: &str) -> Value {
    json!({"capacityProviderArn": util::arn("ecs", region, &format!("capacity-provider/{name}")), "name": name, "status": "ACTIVE", "tags": []})
}

fn managed_scaling(input: &Input<'_>, current: Option<&Value>) -> Result<Value, AwsError> {
    let base = current.cloned().unwrap_or_else(|| {
        json!({"status": "DISABLED", "targetCapacity": 100, "minimumScalingStepSize": 1, "maximumScalingStepSize": 10000, "instanceWarmupPeriod": 300})
    });
    if !input.value.is_object() {
        return Ok(base);
    }
    let mut ms = base;
    if let Some(s) = input.str("status")? {
        if !matches!(s, "ENABLED" | "DISABLED") {
            return Err(invalid(format!("Invalid managedScaling status '{s}': use ENABLED or DISABLED.")));
        }
        ms["status"] = json!(s);
    }
    for (field, lo, hi) in [
        ("targetCapacity", 1, 100),
        ("minimumScalingStepSize", 1, 10000),
        ("maximumScalingStepSize", 1, 10000),
        ("instanceWarmupPeriod", 0, 10000),
    ] {
        if let Some(v) = input.int(field)? {
            if !(lo..=hi).contains(&v) {
                return Err(invalid(format!("managedScaling.{field} must be between {lo} and {hi}; got {v}.")));
            }
            ms[field] = json!(v);
        }
    }
    if ms["minimumScalingStepSize"].as_i64() > ms["maximumScalingStepSize"].as_i64() {
        return Err(invalid("managedScaling.minimumScalingStepSize cannot be larger than maximumScalingStepSize.".into()));
    }
    Ok(ms)
}

fn check_protection(provider: &Value, asg_protects: bool) -> Result<(), AwsError> {
    let p = &provider["autoScalingGroupProvider"];
    if p["managedTerminationProtection"] == "ENABLED" {
        if p["managedScaling"]["status"] != "ENABLED" {
            return Err(client(
                "The managed termination protection setting for the capacity provider is invalid. To enable managed termination protection for a capacity provider, managed scaling must also be enabled.",
            ));
        }
        if !asg_protects {
            // ECS's words (ECS-FACTS-EC2 §4).
            return Err(client("The managed termination protection setting for the capacity provider is invalid. To enable managed termination protection for a capacity provider, the Auto Scaling group must have instance protection from scale in enabled."));
        }
    }
    Ok(())
}

/// A capacity provider strategy as ECS applies it: each provider's base first (only one
/// may have one), then the rest shared in proportion to the weights; a provider with
/// weight 0 takes no tasks beyond its base. Fargate and Auto Scaling group providers are
/// never mixed, so one launch type covers the whole strategy.
#[derive(Debug, Clone, Default)]
pub(super) struct Strategy(pub Vec<(String, i64, i64)>);

impl Strategy {
    /// Reads a strategy from its JSON items (`capacityProvider`, `weight`, `base`).
    pub fn from_json(items: &Value) -> Strategy {
        Strategy(
            items
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|i| {
                    let name = i["capacityProvider"].as_str()?.to_string();
                    Some((name, i["weight"].as_i64().unwrap_or(0), i["base"].as_i64().unwrap_or(0)))
                })
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The provider the next task goes to, given how many of the group each already has.
    pub fn pick(&self, placed: &BTreeMap<String, usize>) -> Option<&str> {
        let count = |name: &str| placed.get(name).copied().unwrap_or(0) as i64;
        if let Some((name, ..)) = self.0.iter().find(|(name, _, base)| count(name) < *base) {
            return Some(name);
        }
        // The provider furthest below its share once it has one more: (n + 1) / weight,
        // compared without division; ties go to the provider listed first.
        let weighted = self.0.iter().filter(|(_, weight, _)| *weight > 0);
        let best = weighted.min_by(|(a, wa, ba), (b, wb, bb)| {
            let (na, nb) = ((count(a) - ba).max(0) + 1, (count(b) - bb).max(0) + 1);
            (na * wb).cmp(&(nb * wa))
        });
        best.or(self.0.first()).map(|(name, ..)| name.as_str())
    }
}

/// ECS's rules for the items of a strategy, whichever call carries it.
pub(super) fn check_strategy(items: &Strategy) -> Result<(), AwsError> {
    if items.0.len() > 20 {
        return Err(invalid("A capacity provider strategy can contain at most 20 capacity providers.".into()));
    }
    for (i, (name, weight, base)) in items.0.iter().enumerate() {
        if !(0..=1000).contains(weight) || !(0..=100_000).contains(base) {
            return Err(invalid("Capacity provider weight must be 0-1000 and base 0-100000.".into()));
        }
        if items.0[..i].iter().any(|(other, ..)| other == name) {
            return Err(invalid(format!("The capacity provider strategy contains '{name}' more than once.")));
        }
    }
    if items.0.iter().filter(|(_, _, base)| *base > 0).count() > 1 {
        return Err(invalid("Only one capacity provider in a capacity provider strategy can have a base defined.".into()));
    }
    if items.0.len() > 1 && items.0.iter().all(|(_, weight, _)| *weight == 0) {
        return Err(invalid("At least one capacity provider in the strategy must have a weight greater than zero.".into()));
    }
    let fargate = items.0.iter().filter(|(name, ..)| name.starts_with("FARGATE")).count();
    if fargate > 0 && fargate < items.0.len() {
        return Err(invalid(
            "A capacity provider strategy cannot contain both Fargate capacity providers and Auto Scaling group capacity providers.".into(),
        ));
    }
    Ok(())
}

impl Ecs {
    pub(super) fn provider(&self, name: &str) -> Option<&Value> {
        self.capacity_providers.get(name).filter(|p| p["status"] == "ACTIVE")
    }

    /// The cluster a capacity provider is associated with, if any.
    fn provider_cluster(&self, name: &str) -> Option<&str> {
        self.clusters
            .values()
            .filter(|c| c["status"] == "ACTIVE")
            .find(|c| c["capacityProviders"].as_array().is_some_and(|a| a.iter().any(|p| p == name)))
            .and_then(|c| c["clusterName"].as_str())
    }

    pub(super) fn create_capacity_provider(
        &mut self,
        region: &str,
        asg: &mut AutoScalingGroups,
        ec2: &crate::ec2::Ec2,
        input: Input<'_>,
    ) -> Result<Value, AwsError> {
        let name = input.req_str("name")?;
        check_name("Capacity provider", name)?;
        let lower = name.to_ascii_lowercase();
        if ["aws", "ecs", "fargate"].iter().any(|p| lower.starts_with(p)) {
            return Err(invalid("The capacity provider name cannot start with 'aws', 'ecs', or 'fargate'.".into()));
        }
        if self.capacity_providers.get(name).is_some_and(|p| p["status"] == "ACTIVE") {
            return Err(client("The specified capacity provider already exists. To change the configuration of an existing capacity provider, update the capacity provider."));
        }
        let p = input.at("autoScalingGroupProvider");
        if !p.value.is_object() {
            return Err(invalid("autoScalingGroupProvider is required.".into()));
        }
        let reference = p.req_str("autoScalingGroupArn")?;
        let group =
            asg.group(reference).ok_or_else(|| invalid(format!("The specified Auto Scaling group '{reference}' could not be found.")))?;
        let group_arn = group.arn.clone();
        let group_name = group.name.clone();
        if self
            .capacity_providers
            .values()
            .any(|c| c["status"] == "ACTIVE" && c["autoScalingGroupProvider"]["autoScalingGroupArn"] == group_arn.as_str())
        {
            return Err(client("The specified Auto Scaling group ARN is already being used by another capacity provider."));
        }
        let protection = p.str("managedTerminationProtection")?.unwrap_or("DISABLED");
        let draining = p.str("managedDraining")?.unwrap_or("ENABLED");
        for (field, v) in [("managedTerminationProtection", protection), ("managedDraining", draining)] {
            if !matches!(v, "ENABLED" | "DISABLED") {
                return Err(invalid(format!("Invalid {field} '{v}': use ENABLED or DISABLED.")));
            }
        }
        let provider = json!({
            "capacityProviderArn": util::arn("ecs", region, &format!("capacity-provider/{name}")),
            "name": name,
            "status": "ACTIVE",
            "autoScalingGroupProvider": {
                "autoScalingGroupArn": group_arn,
                "managedScaling": managed_scaling(&p.at("managedScaling"), None)?,
                "managedTerminationProtection": protection,
                "managedDraining": draining,
            },
            "tags": parse_tags(input.list("tags")?)?,
        });
        check_protection(&provider, group.protect_new)?;
        if provider["autoScalingGroupProvider"]["managedScaling"]["status"] == "ENABLED" {
            if let Some(g) = asg.group_mut(&group_name) {
                if !g.tags.iter().any(|t| t["Key"] == "AmazonECSManaged") {
                    g.tags.push(json!({"Key": "AmazonECSManaged", "Value": "", "PropagateAtLaunch": true, "ResourceId": group_name, "ResourceType": "auto-scaling-group"}));
                }
            }
        }
        // Instances the group already runs belong to the new provider.
        let members: Vec<String> =
            ec2.compute.instances().filter(|i| i.group.as_deref() == Some(group_name.as_str())).map(|i| i.id().to_string()).collect();
        for ci in self.container_instances.values_mut() {
            if ci["ec2InstanceId"].as_str().is_some_and(|id| members.iter().any(|m| m == id)) {
                ci["capacityProviderName"] = json!(name);
            }
        }
        self.scaling_state.remove(name);
        self.capacity_providers.insert(name.to_string(), provider.clone());
        Ok(json!({"capacityProvider": provider}))
    }

    pub(super) fn update_capacity_provider(&mut self, asg: &AutoScalingGroups, input: Input<'_>) -> Result<Value, AwsError> {
        let name = tail(input.req_str("name")?).to_string();
        let mut provider = self.provider(&name).cloned().ok_or_else(|| not_found(&name))?;
        let p = input.at("autoScalingGroupProvider");
        let asp = &mut provider["autoScalingGroupProvider"];
        let ms = managed_scaling(&p.at("managedScaling"), Some(&asp["managedScaling"]))?;
        asp["managedScaling"] = ms;
        for field in ["managedTerminationProtection", "managedDraining"] {
            if let Some(v) = p.str(field)? {
                if !matches!(v, "ENABLED" | "DISABLED") {
                    return Err(invalid(format!("Invalid {field} '{v}': use ENABLED or DISABLED.")));
                }
                asp[field] = json!(v);
            }
        }
        let protects = asg.group(asp["autoScalingGroupArn"].as_str().unwrap_or_default()).is_some_and(|g| g.protect_new);
        check_protection(&provider, protects)?;
        provider["updateStatus"] = json!("UPDATE_COMPLETE");
        self.capacity_providers.insert(name, provider.clone());
        Ok(json!({"capacityProvider": provider}))
    }

    pub(super) fn delete_capacity_provider(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = tail(input.req_str("capacityProvider")?).to_string();
        self.provider(&name).ok_or_else(|| not_found(&name))?;
        if let Some(cluster) = self.provider_cluster(&name) {
            return Err(client(format!(
                "The capacity provider cannot be deleted because it is associated with cluster: {cluster}. Remove the capacity provider from the cluster and try again."
            )));
        }
        let provider = self.capacity_providers.get_mut(&name).ok_or_else(|| not_found(&name))?;
        provider["status"] = json!("INACTIVE");
        provider["updateStatus"] = json!("DELETE_COMPLETE");
        let answer = provider.clone();
        self.scaling_state.remove(&name);
        Ok(json!({"capacityProvider": answer}))
    }

    pub(super) fn describe_capacity_providers(&self, region: &str, input: Input<'_>) -> Result<Value, AwsError> {
        let names = input.str_list("capacityProviders")?;
        let with_tags = input.str_list("include")?.contains(&"TAGS");
        let strip = |mut p: Value| {
            if !with_tags {
                if let Some(o) = p.as_object_mut() {
                    o.remove("tags");
                }
            }
            p
        };
        let (mut found, mut failures) = (vec![], vec![]);
        if names.is_empty() {
            found.push(fargate(region, "FARGATE"));
            found.push(fargate(region, "FARGATE_SPOT"));
            found.extend(self.capacity_providers.values().filter(|p| p["status"] == "ACTIVE").cloned().map(strip));
        } else {
            for n in names {
                let name = tail(n);
                match (name, self.capacity_providers.get(name)) {
                    ("FARGATE" | "FARGATE_SPOT", _) => found.push(fargate(region, name)),
                    (_, Some(p)) => found.push(strip(p.clone())),
                    (_, None) => failures.push(json!({"arn": n, "reason": "MISSING"})),
                }
            }
        }
        Ok(json!({"capacityProviders": found, "failures": failures}))
    }

    /// The providers a cluster may list: Fargate's and the account's ACTIVE ones, each
    /// Auto Scaling group provider in one cluster at most.
    pub(super) fn check_cluster_providers(&self, cluster: &str, providers: &[String]) -> Result<(), AwsError> {
        for p in providers {
            if matches!(p.as_str(), "FARGATE" | "FARGATE_SPOT") {
                continue;
            }
            if self.provider(p).is_none() {
                return Err(invalid(format!("The specified capacity provider '{p}' does not exist.")));
            }
            if let Some(other) = self.provider_cluster(p).filter(|c| *c != cluster) {
                return Err(invalid(format!(
                    "The specified capacity provider '{p}' is already associated with cluster {other}; an Auto Scaling group capacity provider can be associated with one cluster only."
                )));
            }
        }
        Ok(())
    }

    /// A provider being dropped from a cluster must not be in use there.
    pub(super) fn check_providers_dropped(&self, cluster: &str, kept: &[String]) -> Result<(), AwsError> {
        let current: Vec<String> = self.clusters[cluster]["capacityProviders"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p.as_str().map(String::from))
            .collect();
        let prefix = format!("{cluster}/");
        for p in current.iter().filter(|p| !kept.contains(p)) {
            let by_service = self.services.iter().any(|(k, s)| {
                k.starts_with(&prefix)
                    && s["status"] == "ACTIVE"
                    && s["capacityProviderStrategy"].as_array().is_some_and(|a| a.iter().any(|i| i["capacityProvider"] == p.as_str()))
            });
            let by_task = self
                .tasks
                .iter()
                .any(|(k, t)| k.starts_with(&prefix) && t["desiredStatus"] == "RUNNING" && t["capacityProviderName"] == p.as_str());
            if by_service || by_task {
                return Err(AwsError::client("ResourceInUseException", "The specified capacity provider is in use and cannot be removed."));
            }
        }
        Ok(())
    }

    /// The agent on a booted instance registers it; false when it cannot yet (the
    /// cluster does not exist, or the instance role does not let it), as the agent then
    /// retries.
    pub(crate) fn agent_register(&mut self, region: &str, instance: &Instance, trust: &ProfileTrust, asg: &AutoScalingGroups) -> bool {
        let cluster = instance.cluster.clone();
        if !self.clusters.get(&cluster).is_some_and(|c| c["status"] == "ACTIVE") {
            return false;
        }
        let allowed = instance.profile.as_ref().and_then(|p| trust.get(p)).is_some_and(|problem| problem.is_none());
        if !allowed {
            return false;
        }
        let Some(&(type_name, vcpu, mib, arch, _, _)) = compute::instance_type(instance.instance_type()) else { return false };
        if self.container_instances.values().any(|c| c["ec2InstanceId"] == instance.id() && c["status"] != "INACTIVE") {
            return true;
        }
        let id = util::hex_id(32);
        let provider = instance.group.as_deref().and_then(|g| asg.group(g)).and_then(|g| {
            self.capacity_providers
                .values()
                .find(|p| p["status"] == "ACTIVE" && p["autoScalingGroupProvider"]["autoScalingGroupArn"] == g.arn.as_str())
                .and_then(|p| p["name"].as_str().map(String::from))
        });
        let resource =
            |name: &str, value: i64| json!({"name": name, "type": "INTEGER", "doubleValue": 0.0, "longValue": 0, "integerValue": value});
        let ports: Vec<String> = super::placement::RESERVED_PORTS.iter().map(|p| p.to_string()).collect();
        let mut ci = json!({
            "containerInstanceArn": util::arn("ecs", region, &format!("container-instance/{cluster}/{id}")),
            "ec2InstanceId": instance.id(),
            "version": 1,
            "versionInfo": {"agentVersion": AGENT_VERSION, "agentHash": "a1b2c3d4", "dockerVersion": "DockerVersion: 25.0.14"},
            "registeredResources": [
                resource("CPU", vcpu * 1024),
                resource("MEMORY", compute::os_memory(type_name, mib)),
                {"name": "PORTS", "type": "STRINGSET", "doubleValue": 0.0, "longValue": 0, "integerValue": 0, "stringSetValue": ports},
                {"name": "PORTS_UDP", "type": "STRINGSET", "doubleValue": 0.0, "longValue": 0, "integerValue": 0, "stringSetValue": []},
            ],
            "status": "ACTIVE",
            "agentConnected": true,
            "attributes": [
                {"name": "ecs.instance-type", "value": type_name},
                {"name": "ecs.availability-zone", "value": instance.zone()},
                {"name": "ecs.ami-id", "value": instance.doc["imageId"]},
                {"name": "ecs.os-type", "value": "linux"},
                {"name": "ecs.os-family", "value": "LINUX"},
                {"name": "ecs.cpu-architecture", "value": arch},
                {"name": "ecs.vpc-id", "value": instance.doc["vpcId"]},
                {"name": "ecs.subnet-id", "value": instance.doc["subnetId"]},
                {"name": "ecs.capability.task-eni"},
                {"name": "com.amazonaws.ecs.capability.logging-driver.awslogs"},
                {"name": "com.amazonaws.ecs.capability.docker-remote-api.1.44"},
            ],
            "registeredAt": util::now(),
            "attachments": [],
            "tags": [],
        });
        if let Some(p) = provider {
            ci["capacityProviderName"] = json!(p);
        }
        self.container_instances.insert(format!("{cluster}/{id}"), ci);
        true
    }

    /// An instance has terminated: its container instance goes INACTIVE and its tasks
    /// stop; services start replacements elsewhere.
    pub(crate) fn instance_terminated(&mut self, instance_id: &str) {
        let keys: Vec<String> = self
            .container_instances
            .iter()
            .filter(|(_, c)| c["ec2InstanceId"] == instance_id && c["status"] != "INACTIVE")
            .map(|(k, _)| k.clone())
            .collect();
        for key in keys {
            let arn = self.container_instances[&key]["containerInstanceArn"].clone();
            let tasks: Vec<String> = self
                .tasks
                .iter()
                .filter(|(_, t)| t["containerInstanceArn"] == arn && t["desiredStatus"] == "RUNNING")
                .map(|(k, _)| k.clone())
                .collect();
            for k in tasks {
                self.stop_task_key(&k, &format!("Host EC2 (instance {instance_id}) terminated."), "TerminationNotice");
            }
            if let Some(ci) = self.container_instances.get_mut(&key) {
                ci["status"] = json!("INACTIVE");
                ci["agentConnected"] = json!(false);
            }
        }
    }

    /// Tasks waiting in PROVISIONING for a provider's capacity are placed as it arrives.
    pub(crate) fn place_waiting(&mut self, t: f64) -> bool {
        let waiting: Vec<String> =
            self.live.iter().filter(|(_, s)| s.waiting_for_capacity && !s.stopping).map(|(k, _)| k.clone()).collect();
        let mut moved = false;
        for key in waiting {
            let Some(task) = self.tasks.get(&key) else { continue };
            if task["desiredStatus"] != "RUNNING" {
                continue;
            }
            let cluster = key.split('/').next().unwrap_or_default().to_string();
            let Some(td) = task["taskDefinitionArn"].as_str().and_then(|a| self.find_task_definition(a)).cloned() else { continue };
            let provider = task["capacityProviderName"].as_str().map(String::from);
            let group = task["group"].as_str().unwrap_or_default().to_string();
            let rules = self.live.get(&key).map(|s| s.rules.clone()).unwrap_or_default();
            let rules = Rules::parse(&rules["strategy"], &rules["constraints"], &td).unwrap_or_default();
            let ask = Ask {
                td: &td,
                group: &group,
                provider: provider.as_deref(),
                only: None,
                rules: &rules,
                service: task["group"].as_str().is_some_and(|g| g.starts_with("service:")),
            };
            if let Ok(ci) = self.place_task(&cluster, &ask) {
                self.bind_task(&key, &ci, t);
                moved = true;
            }
        }
        moved
    }

    /// Once a minute: each managed provider's CapacityProviderReservation, published, and
    /// its group's desired capacity moved toward the target. Each second: managed
    /// termination protection follows which instances run tasks.
    pub(crate) fn manage_capacity(&mut self, t: f64, minute: bool, asg: &mut AutoScalingGroups, cw: &mut CloudWatch) -> bool {
        let mut changed = false;
        let providers: Vec<Value> = self.capacity_providers.values().filter(|p| p["status"] == "ACTIVE").cloned().collect();
        for p in providers {
            let name = p["name"].as_str().unwrap_or_default().to_string();
            let Some(cluster) = self.provider_cluster(&name).map(String::from) else { continue };
            let asp = &p["autoScalingGroupProvider"];
            let Some(group) = asg.group(asp["autoScalingGroupArn"].as_str().unwrap_or_default()) else { continue };
            let group_name = group.name.clone();
            let prefix = format!("{cluster}/");
            // Container instances of this provider, by EC2 instance id, with their task count.
            let mut busy: BTreeMap<String, usize> = BTreeMap::new();
            let mine = self
                .container_instances
                .iter()
                .filter(|(k, c)| k.starts_with(&prefix) && c["status"] != "INACTIVE" && c["capacityProviderName"] == name.as_str());
            for (_, ci) in mine {
                let arn = &ci["containerInstanceArn"];
                let n = self.tasks.values().filter(|t| &t["containerInstanceArn"] == arn && t["desiredStatus"] == "RUNNING").count();
                busy.insert(ci["ec2InstanceId"].as_str().unwrap_or_default().to_string(), n);
            }
            if asp["managedTerminationProtection"] == "ENABLED" {
                if let Some(g) = asg.group_mut(&group_name) {
                    for m in g.members.iter_mut().filter(|m| m.lifecycle != "Terminating") {
                        // Booting instances are protected until their agent has registered.
                        let protect = busy.get(&m.id).is_none_or(|n| *n > 0);
                        if m.protected != protect {
                            m.protected = protect;
                            changed = true;
                        }
                    }
                }
            }
            if !minute || asp["managedScaling"]["status"] != "ENABLED" {
                continue;
            }
            let Some(group) = asg.group(&group_name) else { continue };
            let live: Vec<&crate::asg::Member> = group.members.iter().filter(|m| m.lifecycle != "Terminating").collect();
            let n = live.len() as f64;
            let booting = live.iter().filter(|m| !busy.contains_key(&m.id)).count() as f64;
            let waiting: Vec<(i64, i64)> = self
                .live
                .iter()
                .filter(|(k, s)| k.starts_with(&prefix) && s.waiting_for_capacity && !s.stopping)
                .filter_map(|(k, _)| self.tasks.get(k))
                .filter(|t| t["capacityProviderName"] == name.as_str())
                .map(task_size)
                .collect();
            let with_tasks = busy.values().filter(|c| **c > 0).count() as f64;
            let m = if waiting.is_empty() {
                with_tasks + booting
            } else {
                // How many new instances of the group's type the waiting tasks fill.
                let per_instance = compute::instance_type(&group.instance_type)
                    .map(|x| (x.1 * 1024, compute::os_memory(x.0, x.2)))
                    .map(|(cpu, mem)| {
                        let (tc, tm) = waiting.iter().fold((1, 1), |acc, (c, mm)| (acc.0.max(*c), acc.1.max(*mm)));
                        ((cpu / tc.max(1)).min(mem / tm.max(1))).max(1) as f64
                    })
                    .unwrap_or(1.0);
                let extra = ((waiting.len() as f64 / per_instance).ceil() - booting).max(0.0);
                n + extra
            };
            let reservation = match (n == 0.0, m == 0.0) {
                (true, true) => 100.0,
                (true, false) => 200.0,
                _ => m / n * 100.0,
            };
            cw.record_synthetic(
                "AWS/ECS/ManagedScaling",
                "CapacityProviderReservation",
                vec![("CapacityProviderName".into(), name.clone()), ("ClusterName".into(), cluster.clone())],
                t,
                (1.0, reservation, reservation, reservation),
                "Percent",
                false,
            );
            let ms = &asp["managedScaling"];
            let target = ms["targetCapacity"].as_f64().unwrap_or(100.0);
            let (min_step, max_step) =
                (ms["minimumScalingStepSize"].as_i64().unwrap_or(1), ms["maximumScalingStepSize"].as_i64().unwrap_or(10000));
            let state = self.scaling_state.entry_or_default(name.clone());
            let current = group.desired;
            let wanted = if n == 0.0 && m > 0.0 { (m.ceil() as i64).max(2) } else { (m * 100.0 / target).ceil() as i64 };
            let mut next = current;
            if reservation > target && wanted > current {
                state.below = 0;
                next = (current + (wanted - current).clamp(min_step, max_step)).min(group.max);
            } else if reservation < target {
                state.below += 1;
                if state.below >= SCALE_IN_DATAPOINTS && wanted < current {
                    next = (current - (current - wanted).clamp(min_step, max_step)).max(group.min);
                    state.below = 0;
                }
            } else {
                state.below = 0;
            }
            changed = true;
            if next != current {
                let side = if next > current { "High" } else { "Low" };
                let cause = format!(
                    "At {} a monitor alarm TargetTracking-{group_name}-Alarm{side}-{} in state ALARM triggered policy ECSManagedAutoScalingPolicy-{} changing the desired capacity from {current} to {next}.",
                    util::iso8601(t),
                    &util::uuid()[..8],
                    &util::uuid()[..8],
                );
                if let Some(g) = asg.group_mut(&group_name) {
                    g.set_desired(next, cause);
                }
            }
        }
        changed
    }
}

/// What IAM allows each instance profile's agent: the role must trust ec2.amazonaws.com
/// and carry the container-instance policy (or a policy allowing RegisterContainerInstance).
pub fn profile_problem(trusts_ec2: bool, may_register: bool) -> Option<String> {
    match (trusts_ec2, may_register) {
        (true, true) => None,
        (false, _) => Some("the instance role's trust policy does not let ec2.amazonaws.com assume it".into()),
        (true, false) => Some("the instance role has no policy allowing ecs:RegisterContainerInstance".into()),
    }
}
