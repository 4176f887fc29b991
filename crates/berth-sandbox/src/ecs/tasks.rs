//! Tasks: RunTask/StartTask with ECS's checks (launch type or capacity provider, awsvpc
//! networking, placement on container instances: placement.rs), StopTask, ListTasks filters and
//! DescribeTasks. How a task then lives and stops is lifecycle.rs.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::capacity::{check_strategy, Strategy};
use super::lifecycle::{log_sinks, own_ecr_image, workload_plan, Phase, TargetRef, TaskSim};
use super::placement::{Ask, Rules};
use super::task_definitions::{fargate_memory_allowed, parse_cpu, parse_memory};
use super::{client, invalid, max_results, parse_tags, tail, Ecs};

/// Simulated seconds before a task leaves PROVISIONING: an ENI takes longer to attach.
const PROVISIONING_AWSVPC: f64 = 3.0;
const PROVISIONING_PLAIN: f64 = 1.0;
use crate::ec2::Ec2;
use crate::error::AwsError;
use crate::util::{self, Input};

/// What the caller asked to run, checked and resolved.
pub(super) struct Launch {
    pub cluster: String,
    pub task_definition: Value,
    pub launch_type: &'static str,
    pub group: String,
    pub started_by: Option<String>,
    pub subnets: Vec<Value>,
    pub overrides: Value,
    pub tags: Vec<Value>,
    /// For service tasks: `cluster/service`, the deployment, and the service's load
    /// balancers as (target group, container, container port).
    pub service: Option<String>,
    pub deployment: Option<String>,
    pub load_balancers: Vec<(String, String, i64)>,
    /// The capacity provider strategy the tasks are shared over (empty for a launch type).
    pub strategy: Strategy,
    /// The capacity provider of the task being created now, chosen from the strategy.
    pub capacity_provider: Option<String>,
    /// `{strategy, constraints}` as asked, kept for tasks placed later.
    pub rules: Value,
}

/// What a container instance registered of a resource (CPU units, MiB of MEMORY).
pub(super) fn registered(ci: &Value, name: &str) -> i64 {
    ci["registeredResources"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["name"] == name))
        .and_then(|r| r["integerValue"].as_i64())
        .unwrap_or(0)
}

/// CPU units and MiB a task needs on a container instance.
pub(super) fn task_size(td: &Value) -> (i64, i64) {
    let containers = td["containerDefinitions"].as_array().cloned().unwrap_or_default();
    let cpu = td["cpu"].as_str().and_then(parse_cpu).unwrap_or_else(|| containers.iter().map(|c| c["cpu"].as_i64().unwrap_or(0)).sum());
    let memory = td["memory"]
        .as_str()
        .and_then(parse_memory)
        .unwrap_or_else(|| containers.iter().map(|c| c["memory"].as_i64().or(c["memoryReservation"].as_i64()).unwrap_or(0)).sum());
    (cpu, memory)
}

pub(super) fn fargate_compatible(td: &Value) -> bool {
    let cpu = td["cpu"].as_str().and_then(parse_cpu);
    let memory = td["memory"].as_str().and_then(parse_memory);
    td["networkMode"] == "awsvpc" && matches!((cpu, memory), (Some(c), Some(m)) if fargate_memory_allowed(c, m))
}

/// The private address of a task's network interface, if it has one.
fn task_ip(task: &Value) -> Option<&str> {
    task["attachments"]
        .as_array()?
        .iter()
        .flat_map(|a| a["details"].as_array().into_iter().flatten())
        .find_map(|d| (d["name"] == "privateIPv4Address").then(|| d["value"].as_str()).flatten())
}

/// The `n`th host of a subnet (a /20), past AWS's reserved first addresses.
fn private_ip(subnet: &Value, n: u32) -> String {
    let cidr = subnet["cidrBlock"].as_str().unwrap_or("172.31.0.0/20");
    let base: Vec<u32> = cidr.split('/').next().unwrap_or_default().split('.').filter_map(|p| p.parse().ok()).collect();
    let base = base.iter().fold(0u32, |acc, b| (acc << 8) | b);
    let host = base + 4 + n % HOSTS;
    format!("{}.{}.{}.{}", host >> 24, (host >> 16) & 255, (host >> 8) & 255, host & 255)
}

const HOSTS: u32 = 4000;

impl Ecs {
    /// A random free address of the subnet. A task holds its interface, and so its
    /// address, until it is STOPPED (ECS deletes the interface at DEPROVISIONING): a
    /// draining task's target is still registered by that address, so a new task must not
    /// be given it. The look is bounded (64 hosts): a subnet that full gets a taken
    /// address, since the sandbox does not model running out of them as AWS would, and
    /// thousands of tasks launched at once must not each walk the whole subnet.
    fn free_address(&mut self, subnet: &Value) -> String {
        let addresses = self.addresses.get_or_insert_with(|| {
            self.live.keys().filter_map(|k| self.tasks.get(k)).filter_map(|t| task_ip(t).map(str::to_string)).collect()
        });
        let start = (util::random_u64() % u64::from(HOSTS)) as u32;
        // A stride coprime with the host count visits every host once, scattered.
        let ip = (0..64)
            .map(|i| private_ip(subnet, start + i * 3761))
            .find(|ip| !addresses.contains(ip))
            .unwrap_or_else(|| private_ip(subnet, start));
        addresses.insert(ip.clone());
        ip
    }

    /// Forgets the address a task that has stopped held.
    pub(super) fn release_address(&mut self, key: &str) {
        if let (Some(addresses), Some(ip)) = (self.addresses.as_mut(), self.tasks.get(key).and_then(task_ip)) {
            addresses.remove(ip);
        }
    }

    fn task_definition_for_run(&self, reference: &str) -> Result<Value, AwsError> {
        let td = self.find_task_definition(reference).ok_or_else(|| client("TaskDefinition not found."))?;
        if td["status"] != "ACTIVE" {
            return Err(client(format!("TaskDefinition is inactive: {}", td["taskDefinitionArn"].as_str().unwrap_or(reference))));
        }
        Ok(td.clone())
    }

    /// Works out the launch type, and the capacity provider strategy if one is used, from
    /// launchType, the call's strategy or the cluster's default.
    pub(super) fn launch_type(&self, cluster: &str, input: &Input<'_>) -> Result<(&'static str, Strategy), AwsError> {
        let explicit = input.str("launchType")?;
        let asked = input.list("capacityProviderStrategy")?;
        if explicit.is_some() && !asked.is_empty() {
            return Err(invalid("Specifying both a launchType and capacityProviderStrategy is not supported.".into()));
        }
        let mut items = Vec::new();
        for item in &asked {
            items.push((item.req_str("capacityProvider")?.to_string(), item.int("weight")?.unwrap_or(0), item.int("base")?.unwrap_or(0)));
        }
        let strategy = match (explicit, items.is_empty()) {
            (None, true) => Strategy::from_json(&self.clusters[cluster]["defaultCapacityProviderStrategy"]),
            (None, false) => Strategy(items),
            (Some(_), _) => Strategy::default(),
        };
        check_strategy(&strategy)?;
        match (explicit, strategy.0.first().map(|(p, ..)| p.as_str())) {
            (Some("FARGATE"), _) => Ok(("FARGATE", strategy)),
            (Some("EC2"), _) | (None, None) => Ok(("EC2", strategy)),
            (Some("EXTERNAL"), _) => Err(invalid("The sandbox has no EXTERNAL capacity.".into())),
            (Some(other), _) => Err(invalid(format!("Invalid launchType '{other}': use EC2 or FARGATE."))),
            (None, Some(first)) => {
                let associated = |p: &str| self.clusters[cluster]["capacityProviders"].as_array().is_some_and(|a| a.iter().any(|x| x == p));
                for (p, ..) in &strategy.0 {
                    let known = p.starts_with("FARGATE") || self.provider(p).is_some();
                    if !associated(p) || !known {
                        return Err(invalid("The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.".into()));
                    }
                }
                Ok((if first.starts_with("FARGATE") { "FARGATE" } else { "EC2" }, strategy))
            }
        }
    }

    /// True when a provider's managed scaling will add capacity for tasks that wait.
    pub(super) fn provider_scales(&self, provider: Option<&str>) -> bool {
        provider.and_then(|p| self.provider(p)).is_some_and(|p| p["autoScalingGroupProvider"]["managedScaling"]["status"] == "ENABLED")
    }

    /// awsvpc tasks need subnets (and optional security groups) that exist.
    pub(super) fn network(&self, ec2: &Ec2, td: &Value, network: &Input<'_>) -> Result<(Vec<Value>, Vec<String>), AwsError> {
        let vpc = network.at("awsvpcConfiguration");
        if td["networkMode"] != "awsvpc" {
            if vpc.value.is_object() {
                return Err(invalid("Network Configuration is not valid for the given networkMode of this task definition.".into()));
            }
            return Ok((vec![], vec![]));
        }
        let subnet_ids = vpc.str_list("subnets")?;
        if subnet_ids.is_empty() {
            return Err(invalid("Network Configuration must be provided when networkMode 'awsvpc' is specified.".into()));
        }
        if subnet_ids.len() > 16 {
            return Err(invalid("At most 16 subnets can be specified.".into()));
        }
        let mut subnets = Vec::new();
        for id in &subnet_ids {
            let subnet = ec2.subnet(id).ok_or_else(|| {
                invalid(format!("Error retrieving subnet information for [{id}]: The subnet ID '{id}' does not exist (ErrorCode: InvalidSubnetID.NotFound)"))
            })?;
            subnets.push(subnet.clone());
        }
        let groups: Vec<String> = vpc.str_list("securityGroups")?.into_iter().map(String::from).collect();
        if groups.len() > 5 {
            return Err(invalid("At most 5 security groups can be specified.".into()));
        }
        for g in &groups {
            if ec2.security_group(g).is_none() {
                return Err(invalid(format!("Error retrieving security group information for [{g}]: The security group '{g}' does not exist (ErrorCode: InvalidGroup.NotFound)")));
            }
        }
        if let Some(ip) = vpc.str("assignPublicIp")? {
            if !matches!(ip, "ENABLED" | "DISABLED") {
                return Err(invalid(format!("Invalid assignPublicIp '{ip}': use ENABLED or DISABLED.")));
            }
        }
        Ok((subnets, groups))
    }

    /// Free CPU and memory on a container instance: registered minus what its tasks hold.
    pub(super) fn free_resources(&self, key: &str) -> (i64, i64) {
        let Some(ci) = self.container_instances.get(key) else { return (0, 0) };
        let arn = &ci["containerInstanceArn"];
        let (mut cpu, mut memory) = (registered(ci, "CPU"), registered(ci, "MEMORY"));
        for t in self.tasks.values().filter(|t| &t["containerInstanceArn"] == arn && t["lastStatus"] != "STOPPED") {
            let (c, m) = task_size(t);
            cpu -= c;
            memory -= m;
        }
        (cpu, memory)
    }

    /// Creates one task (PROVISIONING) and returns its document.
    pub(super) fn create_task(&mut self, region: &str, launch: &Launch, container_instance: Option<&str>, index: usize) -> Value {
        let id = util::hex_id(32);
        let cluster = &launch.cluster;
        let task_arn = util::arn("ecs", region, &format!("task/{cluster}/{id}"));
        let td = &launch.task_definition;
        let now = util::now();
        let subnet = launch.subnets.get(index % launch.subnets.len().max(1)).cloned();
        let az = match &subnet {
            Some(s) => s["availabilityZone"].as_str().unwrap_or_default().to_string(),
            None => format!("{region}a"),
        };
        let mut attachments = vec![];
        let mut interfaces = vec![];
        if let Some(subnet) = &subnet {
            let attachment = util::uuid();
            let ip = self.free_address(subnet);
            let eni = format!("eni-{}", util::hex_id(17));
            let mac = format!("0e:{}:{}:{}:{}:{}", util::hex_id(2), util::hex_id(2), util::hex_id(2), util::hex_id(2), util::hex_id(2));
            attachments.push(json!({
                "id": attachment,
                "type": "ElasticNetworkInterface",
                "status": "ATTACHED",
                "details": [
                    {"name": "subnetId", "value": subnet["subnetId"]},
                    {"name": "networkInterfaceId", "value": eni},
                    {"name": "macAddress", "value": mac},
                    {"name": "privateDnsName", "value": format!("ip-{}.ec2.internal", ip.replace('.', "-"))},
                    {"name": "privateIPv4Address", "value": ip},
                ],
            }));
            interfaces.push(json!({"attachmentId": attachment, "privateIpv4Address": ip}));
        }
        let containers: Vec<Value> = td["containerDefinitions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| {
                let mut out = json!({
                    "containerArn": util::arn("ecs", region, &format!("container/{cluster}/{id}/{}", util::uuid())),
                    "taskArn": task_arn,
                    "name": c["name"],
                    "image": c["image"],
                    "lastStatus": "PENDING",
                    "networkInterfaces": interfaces,
                    "networkBindings": [],
                    "healthStatus": "UNKNOWN",
                    "cpu": c["cpu"].as_i64().unwrap_or(0).to_string(),
                });
                if let Some(m) = c["memory"].as_i64() {
                    out["memory"] = json!(m.to_string());
                }
                if let Some(m) = c["memoryReservation"].as_i64() {
                    out["memoryReservation"] = json!(m.to_string());
                }
                out
            })
            .collect();
        let (cpu, memory) = task_size(td);
        let mut task = json!({
            "attachments": attachments,
            "attributes": [{"name": "ecs.cpu-architecture", "value": "x86_64"}],
            "availabilityZone": az,
            "clusterArn": self.clusters[cluster]["clusterArn"],
            "connectivity": "CONNECTED",
            "containers": containers,
            "cpu": cpu.to_string(),
            "memory": memory.to_string(),
            "createdAt": now,
            "desiredStatus": "RUNNING",
            "enableExecuteCommand": false,
            "group": launch.group,
            "healthStatus": "UNKNOWN",
            "lastStatus": "PROVISIONING",
            "launchType": launch.launch_type,
            "overrides": launch.overrides,
            "tags": launch.tags,
            "taskArn": task_arn,
            "taskDefinitionArn": td["taskDefinitionArn"],
            "version": 1,
        });
        if launch.launch_type == "FARGATE" {
            task["platformVersion"] = json!("1.4.0");
            task["platformFamily"] = json!("Linux");
            task["ephemeralStorage"] = json!({"sizeInGiB": 20});
        }
        if let Some(p) = &launch.capacity_provider {
            task["capacityProviderName"] = json!(p);
        }
        if let Some(by) = &launch.started_by {
            task["startedBy"] = json!(by);
        }
        let key = format!("{cluster}/{id}");
        // An awsvpc task is its own load balancer target, at its ENI's address; others
        // are their instance and host port, known once the task is placed.
        let mut targets = vec![];
        if subnet.is_some() {
            for (tg, _, port) in &launch.load_balancers {
                if let Some(ip) = interfaces.first().and_then(|i| i["privateIpv4Address"].as_str()) {
                    targets.push(TargetRef { target_group: tg.clone(), id: ip.to_string(), port: *port });
                }
            }
        }
        let workload = workload_plan(td, &launch.overrides);
        let images: Vec<(String, String)> = td["containerDefinitions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| Some((c["name"].as_str()?.to_string(), c["image"].as_str()?.to_string())))
            .collect();
        // ECS uses the execution role to pull from ECR and to write awslogs.
        let needs_role = images.iter().any(|(_, i)| own_ecr_image(i, region).is_some())
            || td["containerDefinitions"].as_array().into_iter().flatten().any(|c| c["logConfiguration"]["logDriver"] == "awslogs");
        let execution_role = td["executionRoleArn"].as_str().filter(|_| needs_role).map(String::from);
        let mut checked = vec![];
        let mut check: Option<(f64, f64, f64)> = None;
        for c in td["containerDefinitions"].as_array().into_iter().flatten() {
            let hc = &c["healthCheck"];
            if hc.is_object() {
                checked.push(c["name"].as_str().unwrap_or_default().to_string());
                let timing = (
                    hc["interval"].as_f64().unwrap_or(30.0),
                    hc["startPeriod"].as_f64().unwrap_or(0.0),
                    hc["retries"].as_f64().unwrap_or(3.0),
                );
                check = Some(check.map_or(timing, |(i, s, r)| (i.max(timing.0), s.max(timing.1), r.max(timing.2))));
            }
        }
        let waiting = launch.launch_type == "EC2" && container_instance.is_none();
        let sim = TaskSim {
            phase: Phase::Provisioning,
            next: if waiting { None } else { Some(now + if subnet.is_some() { PROVISIONING_AWSVPC } else { PROVISIONING_PLAIN }) },
            awsvpc: subnet.is_some(),
            crash_after: workload.crash_after,
            unhealthy: workload.unhealthy,
            error_rate: workload.error_rate,
            health_at: None,
            service: launch.service.clone(),
            deployment: launch.deployment.clone(),
            targets,
            logs: log_sinks(td, &id),
            running_since: None,
            checked,
            check,
            was_healthy: false,
            stopping: false,
            region: region.to_string(),
            created: now,
            waiting_for_capacity: waiting,
            rules: launch.rules.clone(),
            load_balancers: if subnet.is_some() { vec![] } else { launch.load_balancers.clone() },
            oom: workload.oom,
            images,
            execution_role,
        };
        self.task_json.remove(&key);
        self.tasks.insert(key.clone(), task);
        self.live.insert(key.clone(), sim);
        if let Some(ci) = container_instance {
            self.bind_instance(&key, ci);
        }
        self.tasks[&key].clone()
    }

    /// Puts a task on a container instance: its ARN and zone, host ports for its port
    /// mappings (fixed, or dynamic from Docker's range), and its load balancer targets.
    fn bind_instance(&mut self, key: &str, ci_key: &str) {
        let Some(ci) = self.container_instances.get(ci_key).cloned() else { return };
        let Some(td) =
            self.tasks.get(key).and_then(|t| t["taskDefinitionArn"].as_str()).and_then(|a| self.find_task_definition(a)).cloned()
        else {
            return;
        };
        let mode = td["networkMode"].as_str().unwrap_or("bridge").to_string();
        let mut bindings: Vec<(String, i64, i64, String)> = vec![];
        if mode == "bridge" || mode == "host" {
            let mut taken = vec![];
            for c in td["containerDefinitions"].as_array().into_iter().flatten() {
                for m in c["portMappings"].as_array().into_iter().flatten() {
                    let container_port = m["containerPort"].as_i64().unwrap_or(0);
                    let host = match (mode.as_str(), m["hostPort"].as_i64().filter(|h| *h > 0)) {
                        ("host", h) => h.unwrap_or(container_port),
                        (_, Some(h)) => h,
                        (_, None) => self.dynamic_port(&ci, &taken),
                    };
                    taken.push(host);
                    let protocol = m["protocol"].as_str().unwrap_or("tcp").to_string();
                    bindings.push((c["name"].as_str().unwrap_or_default().to_string(), container_port, host, protocol));
                }
            }
        }
        let zone = super::placement::attribute(&ci, "ecs.availability-zone").unwrap_or_default().to_string();
        let instance_id = ci["ec2InstanceId"].as_str().unwrap_or_default().to_string();
        let Some(task) = self.tasks.get_mut(key) else { return };
        task["containerInstanceArn"] = ci["containerInstanceArn"].clone();
        if mode != "awsvpc" {
            task["availabilityZone"] = json!(zone);
        }
        for c in task["containers"].as_array_mut().into_iter().flatten() {
            let mine: Vec<Value> = bindings
                .iter()
                .filter(|b| c["name"] == b.0.as_str())
                .map(|b| json!({"bindIP": "0.0.0.0", "containerPort": b.1, "hostPort": b.2, "protocol": b.3}))
                .collect();
            if !mine.is_empty() {
                c["networkBindings"] = json!(mine);
            }
        }
        self.task_json.remove(key);
        if let Some(sim) = self.live.get_mut(key) {
            for (tg, container, port) in std::mem::take(&mut sim.load_balancers) {
                if let Some(b) = bindings.iter().find(|b| b.0 == container && b.1 == port) {
                    sim.targets.push(TargetRef { target_group: tg, id: instance_id.clone(), port: b.2 });
                }
            }
        }
    }

    /// A task that waited for capacity is placed now and goes on with its life.
    pub(super) fn bind_task(&mut self, key: &str, ci_key: &str, t: f64) {
        self.bind_instance(key, ci_key);
        if let Some(sim) = self.live.get_mut(key) {
            sim.waiting_for_capacity = false;
            sim.next = Some(t + if sim.awsvpc { PROVISIONING_AWSVPC } else { PROVISIONING_PLAIN });
        }
    }

    fn prepare_launch(&self, ec2: &Ec2, input: Input<'_>, launch_type: Option<&'static str>) -> Result<Launch, AwsError> {
        let cluster = self.cluster_name_of(&input)?;
        let td = self.task_definition_for_run(input.req_str("taskDefinition")?)?;
        let (launch_type, strategy) = match launch_type {
            Some(l) => (l, Strategy::default()),
            None => self.launch_type(&cluster, &input)?,
        };
        if launch_type == "FARGATE" && !fargate_compatible(&td) {
            return Err(client("Task definition does not support launch_type FARGATE."));
        }
        let (subnets, _security_groups) = self.network(ec2, &td, &input.at("networkConfiguration"))?;
        let family = td["family"].as_str().unwrap_or_default();
        let group = match input.str("group")? {
            Some(g) => g.to_string(),
            None => format!("family:{family}"),
        };
        let started_by = input.str("startedBy")?.map(String::from);
        if started_by.as_ref().is_some_and(|s| s.len() > 128) {
            return Err(invalid("startedBy can be at most 128 characters.".into()));
        }
        let overrides = match input.object("overrides")? {
            Some(o) => {
                for c in input.at("overrides").list("containerOverrides")? {
                    let name = c.req_str("name")?;
                    if !td["containerDefinitions"].as_array().into_iter().flatten().any(|d| d["name"] == name) {
                        return Err(invalid(format!("Override for container named {name} is not a container in the TaskDefinition.")));
                    }
                }
                let mut o = Value::Object(o.clone());
                if o.get("inferenceAcceleratorOverrides").is_none() {
                    o["inferenceAcceleratorOverrides"] = json!([]);
                }
                o
            }
            None => json!({"containerOverrides": [], "inferenceAcceleratorOverrides": []}),
        };
        let tags = parse_tags(input.list("tags")?)?;
        let rules = json!({"strategy": input.value.get("placementStrategy").cloned().unwrap_or(json!([])), "constraints": input.value.get("placementConstraints").cloned().unwrap_or(json!([]))});
        if launch_type == "FARGATE"
            && (rules["strategy"].as_array().is_some_and(|a| !a.is_empty())
                || rules["constraints"].as_array().is_some_and(|a| !a.is_empty()))
        {
            return Err(invalid("Task placement strategies and constraints are not supported with the FARGATE launch type.".into()));
        }
        Rules::parse(&rules["strategy"], &rules["constraints"], &td)?;
        Ok(Launch {
            cluster,
            task_definition: td,
            launch_type,
            group,
            started_by,
            subnets,
            overrides,
            tags,
            service: None,
            deployment: None,
            load_balancers: vec![],
            strategy,
            capacity_provider: None,
            rules,
        })
    }

    pub(super) fn run_task(&mut self, region: &str, ec2: &Ec2, input: Input<'_>) -> Result<Value, AwsError> {
        let count = input.int("count")?.unwrap_or(1);
        if !(1..=10).contains(&count) {
            return Err(invalid(format!("count must be between 1 and 10; got {count}.")));
        }
        let token = input.str("clientToken")?.map(str::to_string);
        if let Some(token) = &token {
            if token.is_empty() || token.len() > 64 {
                return Err(invalid("clientToken must be 1-64 characters long.".into()));
            }
            if let Some(keys) = self.client_tokens.get(token) {
                let tasks: Vec<Value> = keys.iter().filter_map(|k| self.tasks.get(k).cloned()).collect();
                return Ok(json!({"tasks": tasks, "failures": []}));
            }
        }
        let mut launch = self.prepare_launch(ec2, input, None)?;
        let rules = Rules::parse(&launch.rules["strategy"], &launch.rules["constraints"], &launch.task_definition)?;
        let (mut tasks, mut failures) = (vec![], vec![]);
        // One RunTask call's tasks are shared over its strategy among themselves.
        let mut placed = BTreeMap::new();
        for i in 0..count as usize {
            launch.capacity_provider = launch.strategy.pick(&placed).map(String::from);
            if let Some(p) = &launch.capacity_provider {
                *placed.entry(p.clone()).or_insert(0) += 1;
            }
            if launch.launch_type == "EC2" {
                let ask = Ask {
                    td: &launch.task_definition,
                    group: &launch.group,
                    provider: launch.capacity_provider.as_deref(),
                    only: None,
                    rules: &rules,
                    service: false,
                };
                match self.place_task(&launch.cluster, &ask) {
                    Ok(ci) => tasks.push(self.create_task(region, &launch, Some(&ci), i)),
                    // Managed scaling will add an instance: the task waits in PROVISIONING.
                    Err(_) if self.provider_scales(launch.capacity_provider.as_deref()) => {
                        tasks.push(self.create_task(region, &launch, None, i))
                    }
                    Err((arn, reason)) => {
                        let arn = arn.map(Value::from).unwrap_or_else(|| self.clusters[&launch.cluster]["clusterArn"].clone());
                        failures.push(json!({"arn": arn, "reason": reason}));
                    }
                }
            } else {
                tasks.push(self.create_task(region, &launch, None, i));
            }
        }
        if let Some(token) = token {
            if self.client_tokens.len() >= 1000 {
                // Tokens whose tasks have all left ECS can no longer be replayed anyway.
                let tasks = &self.tasks;
                self.client_tokens.retain(|_, keys| keys.iter().any(|k| tasks.contains_key(k)));
            }
            let keys = tasks.iter().map(|t| format!("{}/{}", launch.cluster, tail(t["taskArn"].as_str().unwrap_or_default()))).collect();
            self.client_tokens.insert(token, keys);
        }
        Ok(json!({"tasks": tasks, "failures": failures}))
    }

    pub(super) fn start_task(&mut self, region: &str, ec2: &Ec2, input: Input<'_>) -> Result<Value, AwsError> {
        let instances: Vec<String> = input.str_list("containerInstances")?.into_iter().map(String::from).collect();
        if instances.is_empty() || instances.len() > 10 {
            return Err(invalid("containerInstances must list 1 to 10 container instances.".into()));
        }
        let launch = self.prepare_launch(ec2, input, Some("EC2"))?;
        let rules = Rules::default();
        let (mut tasks, mut failures) = (vec![], vec![]);
        for (i, reference) in instances.iter().enumerate() {
            let key = format!("{}/{}", launch.cluster, tail(reference));
            let arn = self.container_instances.get(&key).map(|c| c["containerInstanceArn"].as_str().unwrap_or_default().to_string());
            match arn {
                None => failures.push(json!({"arn": reference, "reason": "MISSING"})),
                Some(arn) => {
                    let only = [arn.clone()];
                    let ask = Ask {
                        td: &launch.task_definition,
                        group: &launch.group,
                        provider: None,
                        only: Some(&only),
                        rules: &rules,
                        service: false,
                    };
                    match self.place_task(&launch.cluster, &ask) {
                        Ok(ci) => tasks.push(self.create_task(region, &launch, Some(&ci), i)),
                        Err((_, reason)) => failures.push(json!({"arn": arn, "reason": reason})),
                    }
                }
            }
        }
        Ok(json!({"tasks": tasks, "failures": failures}))
    }

    /// Marks a task to stop; the lifecycle walks it down to STOPPED.
    pub(super) fn stop_task_key(&mut self, key: &str, reason: &str, code: &str) -> Option<Value> {
        self.begin_stop(key, reason, code);
        self.tasks.get(key).cloned()
    }

    pub(super) fn stop_task(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let cluster = self.cluster_name_of(&input)?;
        let reference = input.req_str("task")?;
        let reason = input.str("reason")?.unwrap_or("Task stopped by user");
        if reason.len() > 255 {
            return Err(invalid("reason can be at most 255 characters.".into()));
        }
        let key = format!("{cluster}/{}", tail(reference));
        let task = self.stop_task_key(&key, reason, "UserInitiated").ok_or_else(|| invalid("The referenced task was not found.".into()))?;
        Ok(json!({"task": task}))
    }

    pub(super) fn list_tasks(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let cluster = self.cluster_name_of(&input)?;
        let max = max_results(&input, 100)?;
        let family = input.str("family")?;
        let service = input.str("serviceName")?;
        if family.is_some() && service.is_some() {
            return Err(invalid("family and serviceName cannot both be specified.".into()));
        }
        let group = match service {
            Some(s) => {
                let name = tail(s);
                if !self.services.contains_key(&format!("{cluster}/{name}")) {
                    return Err(AwsError::client("ServiceNotFoundException", "Service not found."));
                }
                Some(format!("service:{name}"))
            }
            None => None,
        };
        let desired = input.str("desiredStatus")?.unwrap_or("RUNNING");
        if !matches!(desired, "RUNNING" | "PENDING" | "STOPPED") {
            return Err(invalid(format!("Invalid desiredStatus '{desired}': use RUNNING, PENDING or STOPPED.")));
        }
        let launch = input.str("launchType")?;
        let started_by = input.str("startedBy")?;
        let instance = input.str("containerInstance")?.map(tail);
        let family_prefix = family.map(|f| format!(":task-definition/{f}:"));
        let prefix = format!("{cluster}/");
        // Seek straight past the token's key rather than scanning the pages before it.
        let token = input.str("nextToken")?;
        let after = match token {
            Some(t) if !t.is_empty() => Some(util::decode_token(t).ok_or_else(|| invalid("The nextToken is invalid.".into()))?),
            _ => None,
        };
        let start = match &after {
            Some(a) if a.starts_with(&prefix) => std::ops::Bound::Excluded(a.clone()),
            _ => std::ops::Bound::Included(prefix.clone()),
        };
        let matching =
            self.tasks.range((start, std::ops::Bound::Unbounded)).take_while(|(k, _)| k.starts_with(&prefix)).filter(|(_, t)| {
                let desired_ok = match desired {
                    "PENDING" => t["desiredStatus"] == "RUNNING" && t["lastStatus"] != "RUNNING",
                    d => t["desiredStatus"] == d,
                };
                desired_ok
                    && group.as_ref().is_none_or(|g| t["group"] == g.as_str())
                    && family_prefix.as_ref().is_none_or(|f| t["taskDefinitionArn"].as_str().is_some_and(|a| a.contains(f.as_str())))
                    && launch.is_none_or(|l| t["launchType"] == l)
                    && started_by.is_none_or(|s| t["startedBy"] == s)
                    && instance.is_none_or(|i| t["containerInstanceArn"].as_str().is_some_and(|a| a.ends_with(&format!("/{i}"))))
            });
        let (page, next) = util::page(matching, |(k, _)| k.as_str(), None, max, invalid)?;
        let arns: Vec<&Value> = page.into_iter().map(|(_, t)| &t["taskArn"]).collect();
        Ok(json!({"taskArns": arns, "nextToken": next}))
    }

    /// The task's JSON without tags, from the cache or rendered now.
    fn task_text(&mut self, key: &str) -> Option<&str> {
        if !self.task_json.contains_key(key) {
            let mut doc = self.tasks.get(key)?.clone();
            if let Some(o) = doc.as_object_mut() {
                o.remove("tags");
            }
            self.task_json.insert(key.to_string(), crate::protocol::strip_nulls(doc).to_string());
        }
        self.task_json.get(key).map(String::as_str)
    }

    pub(super) fn describe_tasks(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let cluster = self.cluster_name_of(&input)?;
        let refs = input.str_list("tasks")?;
        if refs.is_empty() {
            return Err(invalid("Tasks cannot be empty.".into()));
        }
        if refs.len() > 100 {
            return Err(invalid("Tasks can have at most 100 items.".into()));
        }
        let with_tags = input.str_list("include")?.contains(&"TAGS");
        let mut out = String::with_capacity(refs.len() * 2048);
        out.push_str("{\"tasks\":[");
        let mut failures = vec![];
        let mut first = true;
        for r in refs {
            let key = format!("{cluster}/{}", tail(r));
            let tags = if with_tags { self.tasks.get(&key).map(|t| t["tags"].to_string()) } else { None };
            match self.task_text(&key) {
                Some(text) => {
                    if !first {
                        out.push(',');
                    }
                    first = false;
                    match tags {
                        // Splice the tags in before the closing brace.
                        Some(tags) => {
                            out.push_str(&text[..text.len() - 1]);
                            out.push_str(",\"tags\":");
                            out.push_str(&tags);
                            out.push('}');
                        }
                        None => out.push_str(text),
                    }
                }
                None => failures.push(json!({"arn": r, "reason": "MISSING"})),
            }
        }
        out.push_str("],\"failures\":");
        out.push_str(&Value::Array(failures).to_string());
        out.push('}');
        Ok(json!({ crate::protocol::RAW_JSON: out }))
    }
}
