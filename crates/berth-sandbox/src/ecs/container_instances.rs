//! Container instances: EC2 capacity registered to a cluster with the CPU and memory of
//! its instance type (by an instance's agent: capacity.rs, or by RegisterContainerInstance); list, describe (remaining resources follow the tasks
//! placed on it), drain (UpdateContainerInstancesState) and deregister (refused while tasks
//! run, unless forced).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{cluster_not_found, invalid, max_results, parse_tags, tail, Ecs};
use crate::error::AwsError;
use crate::util::{self, Input};

fn resource(name: &str, value: i64) -> Value {
    json!({"name": name, "type": "INTEGER", "doubleValue": 0.0, "longValue": 0, "integerValue": value})
}

fn ports(name: &str, ports: &[&str]) -> Value {
    json!({"name": name, "type": "STRINGSET", "doubleValue": 0.0, "longValue": 0, "integerValue": 0, "stringSetValue": ports})
}

impl Ecs {
    /// Each cluster's container instances (ACTIVE and DRAINING) as CloudWatch's
    /// CPUReservation and MemoryReservation count them: per resource, what the tasks on
    /// them reserve and what the instances registered. Clusters without instances have none.
    pub(crate) fn reservations(&self) -> BTreeMap<String, [(i64, i64); 2]> {
        let mut out: BTreeMap<String, [(i64, i64); 2]> = BTreeMap::new();
        for (key, ci) in self.container_instances.iter().filter(|(_, ci)| matches!(ci["status"].as_str(), Some("ACTIVE" | "DRAINING"))) {
            let (cpu_free, memory_free) = self.free_resources(key);
            let (cpu, memory) = (super::tasks::registered(ci, "CPU"), super::tasks::registered(ci, "MEMORY"));
            let cluster = key.split('/').next().unwrap_or_default().to_string();
            let entry = out.entry(cluster).or_insert([(0, 0); 2]);
            entry[0].0 += cpu - cpu_free;
            entry[0].1 += cpu;
            entry[1].0 += memory - memory_free;
            entry[1].1 += memory;
        }
        out
    }

    pub(super) fn register_container_instance(&mut self, region: &str, input: Input<'_>) -> Result<Value, AwsError> {
        let cluster = self.cluster_name_of(&input)?;
        // The agent sends the EC2 instance identity document; the sandbox reads the
        // instance type, id and zone from it.
        let doc: Value = match input.str("instanceIdentityDocument")? {
            Some(s) => serde_json::from_str(s).map_err(|_| invalid("instanceIdentityDocument is not a valid JSON document.".into()))?,
            None => json!({}),
        };
        let instance_type = doc["instanceType"].as_str().unwrap_or("t3.medium");
        let &(_, vcpu, mib, arch, _, _) = crate::compute::instance_type(instance_type).ok_or_else(|| {
            invalid(format!(
                "Unsupported instance type '{instance_type}' in the sandbox. Known types: {}.",
                crate::compute::INSTANCE_TYPES.iter().map(|t| t.0).collect::<Vec<_>>().join(", ")
            ))
        })?;
        let instance_id = doc["instanceId"].as_str().map(String::from).unwrap_or_else(|| format!("i-{}", util::hex_id(17)));
        let zone = doc["availabilityZone"].as_str().map(String::from).unwrap_or_else(|| format!("{region}a"));
        let mut cpu = vcpu * 1024;
        let mut memory = crate::compute::os_memory(instance_type, mib);
        for r in input.list("totalResources")? {
            match r.str("name")? {
                Some("CPU") => cpu = r.int("integerValue")?.unwrap_or(cpu),
                Some("MEMORY") => memory = r.int("integerValue")?.unwrap_or(memory),
                _ => {}
            }
        }
        let id = util::hex_id(32);
        let registered = json!([
            resource("CPU", cpu),
            resource("MEMORY", memory),
            ports("PORTS", &["22", "2375", "2376", "51678", "51679"]),
            ports("PORTS_UDP", &[]),
        ]);
        let instance = json!({
            "containerInstanceArn": util::arn("ecs", region, &format!("container-instance/{cluster}/{id}")),
            "ec2InstanceId": instance_id,
            "version": 1,
            "versionInfo": {"agentVersion": "1.89.2", "agentHash": "4b0f6e2b", "dockerVersion": "DockerVersion: 25.0.8"},
            "registeredResources": registered,
            "status": "ACTIVE",
            "agentConnected": true,
            "attributes": [
                {"name": "ecs.instance-type", "value": instance_type},
                {"name": "ecs.availability-zone", "value": zone},
                {"name": "ecs.os-type", "value": "linux"},
                {"name": "ecs.cpu-architecture", "value": arch},
                {"name": "ecs.capability.task-eni"},
                {"name": "com.amazonaws.ecs.capability.logging-driver.awslogs"},
            ],
            "registeredAt": util::now(),
            "attachments": [],
            "tags": parse_tags(input.list("tags")?)?,
        });
        self.container_instances.insert(format!("{cluster}/{id}"), instance);
        Ok(json!({"containerInstance": self.container_instance_json(&format!("{cluster}/{id}"), true)}))
    }

    /// The stored instance with its live counts and remaining resources.
    fn container_instance_json(&self, key: &str, with_tags: bool) -> Value {
        let mut ci = self.container_instances[key].clone();
        let arn = ci["containerInstanceArn"].clone();
        let on_it = self.tasks.values().filter(|t| t["containerInstanceArn"] == arn && t["desiredStatus"] == "RUNNING");
        let (mut running, mut pending) = (0, 0);
        for t in on_it {
            if t["lastStatus"] == "RUNNING" {
                running += 1;
            } else {
                pending += 1;
            }
        }
        let (cpu, memory) = self.free_resources(key);
        let mut remaining = ci["registeredResources"].clone();
        for r in remaining.as_array_mut().into_iter().flatten() {
            if r["name"] == "CPU" {
                r["integerValue"] = json!(cpu);
            } else if r["name"] == "MEMORY" {
                r["integerValue"] = json!(memory);
            }
        }
        ci["remainingResources"] = remaining;
        ci["runningTasksCount"] = json!(running);
        ci["pendingTasksCount"] = json!(pending);
        if !with_tags {
            if let Some(o) = ci.as_object_mut() {
                o.remove("tags");
            }
        }
        ci
    }

    pub(super) fn deregister_container_instance(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let cluster = self.cluster_name_of(&input)?;
        let key = format!("{cluster}/{}", tail(input.req_str("containerInstance")?));
        let ci = self
            .container_instances
            .get(&key)
            .filter(|c| c["status"] != "INACTIVE")
            .ok_or_else(|| invalid("The referenced container instance was not found.".into()))?;
        let arn = ci["containerInstanceArn"].clone();
        let running: Vec<String> = self
            .tasks
            .iter()
            .filter(|(_, t)| t["containerInstanceArn"] == arn && t["desiredStatus"] == "RUNNING")
            .map(|(k, _)| k.clone())
            .collect();
        if !running.is_empty() && !input.bool("force")?.unwrap_or(false) {
            // ECS's own words (ECS-FACTS-EC2 §6); Berth's hint says what force does.
            return Err(invalid("Found running tasks on the instance.".into()));
        }
        for k in running {
            self.stop_task_key(&k, "Container instance deregistration forced by user", "UserInitiated");
        }
        let answer = {
            let ci = self.container_instances.get_mut(&key).ok_or_else(cluster_not_found)?;
            ci["status"] = json!("INACTIVE");
            ci["agentConnected"] = json!(false);
            self.container_instance_json(&key, false)
        };
        Ok(json!({"containerInstance": answer}))
    }

    /// DRAINING keeps new tasks off an instance; the scheduler moves its service tasks
    /// elsewhere within each service's deployment limits; standalone tasks are left alone.
    pub(super) fn update_container_instances_state(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let cluster = self.cluster_name_of(&input)?;
        let refs = input.str_list("containerInstances")?;
        if refs.is_empty() || refs.len() > 10 {
            return Err(invalid("containerInstances must list 1 to 10 container instances.".into()));
        }
        let status = input.req_str("status")?;
        if !["ACTIVE", "DRAINING"].contains(&status) {
            return Err(invalid(format!("Container instance status can only be changed to ACTIVE or DRAINING, not {status}.")));
        }
        let (mut changed, mut failures) = (vec![], vec![]);
        for r in refs {
            let key = format!("{cluster}/{}", tail(r));
            match self.container_instances.get_mut(&key) {
                Some(ci) if ci["status"] == "ACTIVE" || ci["status"] == "DRAINING" => {
                    ci["status"] = json!(status);
                    changed.push(key);
                }
                Some(_) => failures.push(
                    json!({"arn": r, "reason": "INACTIVE", "detail": "Only an ACTIVE or DRAINING container instance can change state."}),
                ),
                None => failures.push(json!({"arn": r, "reason": "MISSING"})),
            }
        }
        let instances: Vec<Value> = changed.iter().map(|k| self.container_instance_json(k, false)).collect();
        Ok(json!({"containerInstances": instances, "failures": failures}))
    }

    pub(super) fn list_container_instances(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let cluster = self.cluster_name_of(&input)?;
        let max = max_results(&input, 100)?;
        let status = input.str("status")?;
        if input.str("filter")?.is_some() {
            return Err(invalid("Cluster query language filters are not supported by the sandbox.".into()));
        }
        let prefix = format!("{cluster}/");
        let matching =
            self.container_instances.range(prefix.clone()..).take_while(|(k, _)| k.starts_with(&prefix)).filter(|(_, c)| match status {
                Some(s) => c["status"] == s,
                None => c["status"] != "INACTIVE",
            });
        let (page, next) = util::page(matching, |(k, _)| k.as_str(), input.str("nextToken")?, max, invalid)?;
        let arns: Vec<&Value> = page.into_iter().map(|(_, c)| &c["containerInstanceArn"]).collect();
        Ok(json!({"containerInstanceArns": arns, "nextToken": next}))
    }

    pub(super) fn describe_container_instances(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let cluster = self.cluster_name_of(&input)?;
        let refs = input.str_list("containerInstances")?;
        if refs.is_empty() || refs.len() > 100 {
            return Err(invalid("containerInstances must list 1 to 100 container instances.".into()));
        }
        let with_tags = input.str_list("include")?.contains(&"TAGS");
        let (mut found, mut failures) = (vec![], vec![]);
        for r in refs {
            let key = format!("{cluster}/{}", tail(r));
            if self.container_instances.contains_key(&key) {
                found.push(self.container_instance_json(&key, with_tags));
            } else {
                failures.push(json!({"arn": r, "reason": "MISSING"}));
            }
        }
        Ok(json!({"containerInstances": found, "failures": failures}))
    }
}
