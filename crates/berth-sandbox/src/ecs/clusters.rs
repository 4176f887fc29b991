//! Clusters: create (idempotent while ACTIVE), describe with STATISTICS/SETTINGS/TAGS,
//! settings and capacity providers, and delete refused while services or instances remain.

use serde_json::{json, Value};

use super::{check_name, cluster_not_found, invalid, max_results, parse_tags, tail, Ecs};
use crate::error::AwsError;
use crate::util::{self, Input};

fn settings(list: Vec<Input<'_>>, current: &mut Vec<Value>) -> Result<(), AwsError> {
    for s in list {
        let name = s.str("name")?.unwrap_or_default();
        let value = s.str("value")?.unwrap_or_default();
        if name != "containerInsights" {
            return Err(invalid(format!("Unsupported cluster setting name '{name}'. The only setting is containerInsights.")));
        }
        if !matches!(value, "enabled" | "disabled" | "enhanced") {
            return Err(invalid(format!("Invalid value '{value}' for setting containerInsights: use enabled, enhanced or disabled.")));
        }
        current.retain(|c| c["name"] != name);
        current.push(json!({"name": name, "value": value}));
    }
    Ok(())
}

fn capacity_providers(input: &Input<'_>) -> Result<(Vec<String>, Value), AwsError> {
    let providers: Vec<String> = input.str_list("capacityProviders")?.into_iter().map(String::from).collect();
    let mut strategy = Vec::new();
    for item in input.list("defaultCapacityProviderStrategy")? {
        let name = item.req_str("capacityProvider")?;
        if !providers.iter().any(|p| p == name) {
            return Err(invalid(format!("The capacity provider strategy contains '{name}', which is not associated with the cluster.")));
        }
        let weight = item.int("weight")?.unwrap_or(0);
        let base = item.int("base")?.unwrap_or(0);
        if !(0..=1000).contains(&weight) || !(0..=100_000).contains(&base) {
            return Err(invalid("Capacity provider weight must be 0-1000 and base 0-100000.".into()));
        }
        strategy.push(json!({"capacityProvider": name, "weight": weight, "base": base}));
    }
    let strategy = Value::Array(strategy);
    super::capacity::check_strategy(&super::capacity::Strategy::from_json(&strategy))?;
    Ok((providers, strategy))
}

impl Ecs {
    pub(super) fn create_cluster(&mut self, region: &str, input: Input<'_>) -> Result<Value, AwsError> {
        let name = input.str("clusterName")?.unwrap_or("default").to_string();
        check_name("Cluster", &name)?;
        let tags = parse_tags(input.list("tags")?)?;
        let mut cluster_settings = vec![json!({"name": "containerInsights", "value": "disabled"})];
        settings(input.list("settings")?, &mut cluster_settings)?;
        let (providers, strategy) = capacity_providers(&input)?;
        self.check_cluster_providers(&name, &providers)?;
        // CreateCluster on an ACTIVE name returns the existing cluster, as ECS does.
        if !matches!(self.clusters.get(&name), Some(c) if c["status"] == "ACTIVE") {
            self.clusters.insert(
                name.clone(),
                json!({
                    "clusterArn": util::arn("ecs", region, &format!("cluster/{name}")),
                    "clusterName": name,
                    "status": "ACTIVE",
                    "settings": cluster_settings,
                    "tags": tags,
                    "capacityProviders": providers,
                    "defaultCapacityProviderStrategy": strategy,
                    "createdAt": util::now(),
                }),
            );
        }
        Ok(json!({ "cluster": self.cluster_json(&name, &["SETTINGS", "TAGS"]) }))
    }

    /// The cluster as DescribeClusters shows it, counts computed from the live resources.
    pub(super) fn cluster_json(&self, name: &str, include: &[&str]) -> Value {
        let stored = &self.clusters[name];
        let prefix = format!("{name}/");
        let in_cluster = |k: &String| k.starts_with(&prefix);
        let tasks: Vec<&Value> = self.tasks.iter().filter(|(k, _)| in_cluster(k)).map(|(_, t)| t).collect();
        let count = |status: &[&str], launch: Option<&str>| {
            tasks
                .iter()
                .filter(|t| status.iter().any(|s| t["lastStatus"] == *s) && t["desiredStatus"] == "RUNNING")
                .filter(|t| launch.is_none_or(|l| t["launchType"] == l))
                .count()
        };
        let pending = ["PROVISIONING", "PENDING", "ACTIVATING"];
        let services: Vec<&Value> =
            self.services.iter().filter(|(k, s)| in_cluster(k) && s["status"] == "ACTIVE").map(|(_, s)| s).collect();
        let instances = self.container_instances.iter().filter(|(k, i)| in_cluster(k) && i["status"] != "INACTIVE").count();
        let active = stored["status"] == "ACTIVE";
        let mut v = json!({
            "clusterArn": stored["clusterArn"],
            "clusterName": name,
            "status": stored["status"],
            "registeredContainerInstancesCount": if active { instances } else { 0 },
            "runningTasksCount": count(&["RUNNING"], None),
            "pendingTasksCount": count(&pending, None),
            "activeServicesCount": services.len(),
            "statistics": [],
            "tags": [],
            "capacityProviders": stored["capacityProviders"],
            "defaultCapacityProviderStrategy": stored["defaultCapacityProviderStrategy"],
        });
        if include.contains(&"STATISTICS") {
            let svc = |launch: &str| services.iter().filter(|s| s["launchType"] == launch).count().to_string();
            v["statistics"] = json!([
                {"name": "runningEC2TasksCount", "value": count(&["RUNNING"], Some("EC2")).to_string()},
                {"name": "runningFargateTasksCount", "value": count(&["RUNNING"], Some("FARGATE")).to_string()},
                {"name": "pendingEC2TasksCount", "value": count(&pending, Some("EC2")).to_string()},
                {"name": "pendingFargateTasksCount", "value": count(&pending, Some("FARGATE")).to_string()},
                {"name": "activeEC2ServiceCount", "value": svc("EC2")},
                {"name": "activeFargateServiceCount", "value": svc("FARGATE")},
                {"name": "drainingEC2ServiceCount", "value": "0"},
                {"name": "drainingFargateServiceCount", "value": "0"},
            ]);
        }
        if include.contains(&"TAGS") {
            v["tags"] = stored["tags"].clone();
        }
        if include.contains(&"SETTINGS") {
            v["settings"] = stored["settings"].clone();
        }
        v
    }

    pub(super) fn describe_clusters(&self, region: &str, input: Input<'_>) -> Result<Value, AwsError> {
        let include = input.str_list("include")?;
        for i in &include {
            if !matches!(*i, "ATTACHMENTS" | "CONFIGURATIONS" | "SETTINGS" | "STATISTICS" | "TAGS") {
                return Err(invalid(format!("Invalid include value '{i}'.")));
            }
        }
        let refs = input.str_list("clusters")?;
        if refs.len() > 100 {
            return Err(invalid("clusters can have at most 100 items.".into()));
        }
        let refs = if refs.is_empty() { vec!["default"] } else { refs };
        let (mut clusters, mut failures) = (vec![], vec![]);
        for r in refs {
            let name = tail(r);
            if self.clusters.contains_key(name) {
                clusters.push(self.cluster_json(name, &include));
            } else {
                let arn = if r.starts_with("arn:") { r.to_string() } else { util::arn("ecs", region, &format!("cluster/{r}")) };
                failures.push(json!({"arn": arn, "reason": "MISSING"}));
            }
        }
        Ok(json!({ "clusters": clusters, "failures": failures }))
    }

    pub(super) fn list_clusters(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let max = max_results(&input, 100)?;
        let active = self.clusters.iter().filter(|(_, c)| c["status"] == "ACTIVE");
        let (page, next) = util::page(active, |(k, _)| k.as_str(), input.str("nextToken")?, max, invalid)?;
        let arns: Vec<&Value> = page.into_iter().map(|(_, c)| &c["clusterArn"]).collect();
        Ok(json!({ "clusterArns": arns, "nextToken": next }))
    }

    pub(super) fn delete_cluster(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        input.req_str("cluster")?;
        let name = self.cluster_name_of(&input)?;
        let prefix = format!("{name}/");
        if self.services.iter().any(|(k, s)| k.starts_with(&prefix) && s["status"] != "INACTIVE") {
            return Err(AwsError::client("ClusterContainsServicesException", "The Cluster cannot be deleted while Services are active."));
        }
        if self.container_instances.iter().any(|(k, i)| k.starts_with(&prefix) && i["status"] != "INACTIVE") {
            return Err(AwsError::client(
                "ClusterContainsContainerInstancesException",
                "The Cluster cannot be deleted while Container Instances are active or draining.",
            ));
        }
        if self.tasks.iter().any(|(k, t)| k.starts_with(&prefix) && t["desiredStatus"] == "RUNNING") {
            return Err(AwsError::client("ClusterContainsTasksException", "The Cluster cannot be deleted while Tasks are active."));
        }
        self.clusters.get_mut(&name).ok_or_else(cluster_not_found)?["status"] = json!("INACTIVE");
        Ok(json!({ "cluster": self.cluster_json(&name, &["SETTINGS", "TAGS"]) }))
    }

    pub(super) fn update_cluster_settings(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        input.req_str("cluster")?;
        let name = self.cluster_name_of(&input)?;
        let cluster = self.clusters.get_mut(&name).ok_or_else(cluster_not_found)?;
        let mut current: Vec<Value> = cluster["settings"].as_array().cloned().unwrap_or_default();
        settings(input.list("settings")?, &mut current)?;
        cluster["settings"] = Value::Array(current);
        Ok(json!({ "cluster": self.cluster_json(&name, &["SETTINGS", "TAGS"]) }))
    }

    pub(super) fn put_cluster_capacity_providers(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        input.req_str("cluster")?;
        let name = self.cluster_name_of(&input)?;
        let (providers, strategy) = capacity_providers(&input)?;
        self.check_cluster_providers(&name, &providers)?;
        self.check_providers_dropped(&name, &providers)?;
        let cluster = self.clusters.get_mut(&name).ok_or_else(cluster_not_found)?;
        cluster["capacityProviders"] = json!(providers);
        cluster["defaultCapacityProviderStrategy"] = strategy;
        Ok(json!({ "cluster": self.cluster_json(&name, &["SETTINGS", "TAGS"]) }))
    }
}
