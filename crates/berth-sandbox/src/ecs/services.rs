//! Services: create with ECS's checks (names, task definition, launch type, awsvpc,
//! load balancers, deployment configuration), update (a new revision or
//! forceNewDeployment starts a PRIMARY deployment), delete with force, list and describe.
//! Keeping desiredCount running and rolling deployments is scheduler.rs's job.

use serde_json::{json, Value};

use super::tasks::fargate_compatible;
use super::{check_name, client, invalid, max_results, parse_tags, tail, Ecs};
use crate::cloudwatch::CloudWatch;
use crate::ec2::Ec2;
use crate::elbv2::ElbV2;
use crate::error::AwsError;
use crate::util::{self, Input};

fn service_not_found() -> AwsError {
    AwsError::client("ServiceNotFoundException", "Service not found.")
}

fn deployment_configuration(input: &Input<'_>, current: Option<&Value>) -> Result<Value, AwsError> {
    let given = input.at("deploymentConfiguration");
    let old = |k: &str, default: i64| current.and_then(|c| c[k].as_i64()).unwrap_or(default);
    let min = given.int("minimumHealthyPercent")?.unwrap_or(old("minimumHealthyPercent", 100));
    let max = given.int("maximumPercent")?.unwrap_or(old("maximumPercent", 200));
    if !(0..=100).contains(&min) {
        return Err(invalid(format!("minimumHealthyPercent must be between 0 and 100; got {min}.")));
    }
    if max < 100 {
        return Err(invalid(format!("maximumPercent must be at least 100; got {max}.")));
    }
    if max <= min {
        return Err(invalid(format!("maximumPercent ({max}) must be greater than minimumHealthyPercent ({min}).")));
    }
    let breaker = given.at("deploymentCircuitBreaker");
    let old_breaker = current.map(|c| c["deploymentCircuitBreaker"].clone()).unwrap_or(json!({"enable": false, "rollback": false}));
    let enable = breaker.bool("enable")?.unwrap_or(old_breaker["enable"].as_bool().unwrap_or(false));
    let rollback = breaker.bool("rollback")?.unwrap_or(old_breaker["rollback"].as_bool().unwrap_or(false));
    let mut config = json!({
        "deploymentCircuitBreaker": {"enable": enable, "rollback": rollback},
        "maximumPercent": max,
        "minimumHealthyPercent": min,
    });
    if given.has("alarms") {
        let alarms = given.at("alarms");
        let names = alarms.str_list("alarmNames")?;
        let enable = alarms.bool("enable")?.ok_or_else(|| invalid("alarms.enable is required.".into()))?;
        let rollback = alarms.bool("rollback")?.ok_or_else(|| invalid("alarms.rollback is required.".into()))?;
        if enable && names.is_empty() {
            return Err(invalid("alarms.alarmNames must name at least one alarm when alarms are enabled.".into()));
        }
        config["alarms"] = json!({"alarmNames": names, "enable": enable, "rollback": rollback});
    } else if let Some(old) = current.map(|c| &c["alarms"]).filter(|a| a.is_object()) {
        config["alarms"] = old.clone();
    }
    strategy_configuration(&given, current, &mut config)?;
    Ok(config)
}

/// A load balancer's advancedConfiguration for blue/green, linear and canary deployments:
/// the alternate target group (another group of the same type and load balancer), the
/// production listener rule forwarding to one of the two, an optional test rule that is
/// not the production one, and the role ECS uses to change them.
fn advanced_configuration(elbv2: &ElbV2, tg_arn: &str, tg: &Value, input: &Input<'_>) -> Result<Value, AwsError> {
    let alternate = input.req_str("alternateTargetGroupArn")?;
    let production = input.req_str("productionListenerRule")?;
    let role = input.req_str("roleArn")?;
    let test = input.str("testListenerRule")?;
    if alternate == tg_arn {
        return Err(invalid("advancedConfiguration.alternateTargetGroupArn must differ from the load balancer's targetGroupArn.".into()));
    }
    let alt = elbv2.target_group(alternate).ok_or_else(|| invalid(format!("Target group {alternate} was not found.")))?;
    if alt["TargetType"] != tg["TargetType"] {
        return Err(invalid(format!("The alternate target group {alternate} must have the same target type as {tg_arn}.")));
    }
    let lb =
        elbv2.rule_load_balancer(production).ok_or_else(|| invalid(format!("The production listener rule {production} was not found.")))?;
    let forwards = elbv2.forwards(production);
    if !forwards.iter().any(|(t, _)| t == tg_arn || t == alternate) {
        return Err(invalid(format!("The production listener rule {production} must forward to {tg_arn} or {alternate}.")));
    }
    if let Some(test) = test {
        if test == production {
            return Err(invalid("advancedConfiguration.testListenerRule must differ from productionListenerRule.".into()));
        }
        if elbv2.rule_load_balancer(test).as_deref() != Some(lb.as_str()) {
            return Err(invalid(format!("The test listener rule {test} was not found on the production rule's load balancer.")));
        }
    }
    if !role.starts_with("arn:aws:iam::") || !role.contains(":role/") {
        return Err(invalid(format!("advancedConfiguration.roleArn must be an IAM role ARN; got {role}.")));
    }
    let mut out = json!({"alternateTargetGroupArn": alternate, "productionListenerRule": production, "roleArn": role});
    if let Some(t) = test {
        out["testListenerRule"] = json!(t);
    }
    Ok(out)
}

/// Blue/green, linear and canary move traffic between two target groups: every load
/// balancer of the service needs its advancedConfiguration.
fn check_strategy(config: &Value, load_balancers: &Value) -> Result<(), AwsError> {
    let strategy = config["strategy"].as_str().unwrap_or("ROLLING");
    if strategy == "ROLLING" {
        return Ok(());
    }
    let lbs = load_balancers.as_array().cloned().unwrap_or_default();
    if lbs.is_empty() || lbs.iter().any(|l| !l["advancedConfiguration"].is_object()) {
        return Err(invalid(format!(
            "The {strategy} deployment strategy needs a load balancer with advancedConfiguration (alternateTargetGroupArn, productionListenerRule and roleArn)."
        )));
    }
    Ok(())
}

/// strategy, bakeTimeInMinutes, lifecycleHooks and the linear or canary step, each kept
/// from `current` unless given, with ECS's ranges (ECS-FACTS-DEPLOYMENTS §2–4).
fn strategy_configuration(given: &Input<'_>, current: Option<&Value>, config: &mut Value) -> Result<(), AwsError> {
    let keep = |k: &str| current.map(|c| c[k].clone()).filter(|v| !v.is_null());
    let strategy = match given.str("strategy")? {
        Some(s) => s.to_string(),
        None => keep("strategy").and_then(|v| v.as_str().map(String::from)).unwrap_or_else(|| "ROLLING".into()),
    };
    if !matches!(strategy.as_str(), "ROLLING" | "BLUE_GREEN" | "LINEAR" | "CANARY") {
        return Err(invalid(format!("Invalid deployment strategy '{strategy}': use ROLLING, BLUE_GREEN, LINEAR or CANARY.")));
    }
    config["strategy"] = json!(strategy);
    let bake = match given.int("bakeTimeInMinutes")? {
        Some(b) => Some(json!(b)),
        None => keep("bakeTimeInMinutes"),
    };
    if let Some(b) = bake.as_ref().and_then(|b| b.as_i64()) {
        if !(0..=1440).contains(&b) {
            return Err(invalid(format!("bakeTimeInMinutes must be between 0 and 1440; got {b}.")));
        }
    }
    if strategy != "ROLLING" {
        config["bakeTimeInMinutes"] = bake.unwrap_or(json!(0));
    }
    if given.has("linearConfiguration") {
        let l = given.at("linearConfiguration");
        let step = l.float("stepPercent")?.unwrap_or(10.0);
        let wait = l.int("stepBakeTimeInMinutes")?.unwrap_or(6);
        if !(3.0..=100.0).contains(&step) {
            return Err(invalid(format!("linearConfiguration.stepPercent must be between 3.0 and 100.0; got {step}.")));
        }
        if !(0..=1440).contains(&wait) {
            return Err(invalid(format!("linearConfiguration.stepBakeTimeInMinutes must be between 0 and 1440; got {wait}.")));
        }
        config["linearConfiguration"] = json!({"stepPercent": step, "stepBakeTimeInMinutes": wait});
    } else if let Some(old) = keep("linearConfiguration") {
        config["linearConfiguration"] = old;
    }
    if given.has("canaryConfiguration") {
        let c = given.at("canaryConfiguration");
        let percent = c.float("canaryPercent")?.unwrap_or(5.0);
        let wait = c.int("canaryBakeTimeInMinutes")?.unwrap_or(10);
        if !(0.1..=100.0).contains(&percent) {
            return Err(invalid(format!("canaryConfiguration.canaryPercent must be between 0.1 and 100.0; got {percent}.")));
        }
        if !(0..=1440).contains(&wait) {
            return Err(invalid(format!("canaryConfiguration.canaryBakeTimeInMinutes must be between 0 and 1440; got {wait}.")));
        }
        config["canaryConfiguration"] = json!({"canaryPercent": percent, "canaryBakeTimeInMinutes": wait});
    } else if let Some(old) = keep("canaryConfiguration") {
        config["canaryConfiguration"] = old;
    }
    if strategy == "LINEAR" && config["linearConfiguration"].is_null() {
        config["linearConfiguration"] = json!({"stepPercent": 10.0, "stepBakeTimeInMinutes": 6});
    }
    if strategy == "CANARY" && config["canaryConfiguration"].is_null() {
        config["canaryConfiguration"] = json!({"canaryPercent": 5.0, "canaryBakeTimeInMinutes": 10});
    }
    if given.has("lifecycleHooks") {
        let mut hooks = vec![];
        for (i, h) in given.list("lifecycleHooks")?.into_iter().enumerate() {
            let kind = h.str("targetType")?.unwrap_or("AWS_LAMBDA");
            if !matches!(kind, "AWS_LAMBDA" | "PAUSE") {
                return Err(invalid(format!("lifecycleHooks[{i}].targetType must be AWS_LAMBDA or PAUSE; got {kind}.")));
            }
            let stages = h.str_list("lifecycleStages")?;
            if stages.is_empty() {
                return Err(invalid(format!("lifecycleHooks[{i}].lifecycleStages must name at least one stage.")));
            }
            for stage in &stages {
                if !super::traffic_shift::HOOK_STAGES.contains(stage) {
                    return Err(invalid(format!("lifecycleHooks[{i}]: '{stage}' is not a lifecycle stage a hook can run at.")));
                }
                if kind == "PAUSE" && matches!(*stage, "TEST_TRAFFIC_SHIFT" | "PRODUCTION_TRAFFIC_SHIFT") {
                    return Err(invalid(format!("lifecycleHooks[{i}]: a PAUSE hook cannot run at {stage}; only an AWS_LAMBDA hook can.")));
                }
            }
            let target = h.str("hookTargetArn")?;
            let role = h.str("roleArn")?;
            if kind == "AWS_LAMBDA" && (target.is_none() || role.is_none()) {
                return Err(invalid(format!("lifecycleHooks[{i}]: an AWS_LAMBDA hook needs hookTargetArn (the function) and roleArn.")));
            }
            let timeout = h.at("timeoutConfiguration");
            let minutes = timeout.int("timeoutInMinutes")?.unwrap_or(1440);
            if !(1..=20_160).contains(&minutes) {
                return Err(invalid(format!(
                    "lifecycleHooks[{i}].timeoutConfiguration.timeoutInMinutes must be between 1 and 20160; got {minutes}."
                )));
            }
            let action = timeout.str("action")?.unwrap_or("ROLLBACK");
            if !matches!(action, "ROLLBACK" | "CONTINUE") {
                return Err(invalid(format!(
                    "lifecycleHooks[{i}].timeoutConfiguration.action must be ROLLBACK or CONTINUE; got {action}."
                )));
            }
            let mut hook = json!({"targetType": kind, "lifecycleStages": stages, "timeoutConfiguration": {"timeoutInMinutes": minutes, "action": action}});
            if let Some(t) = target {
                hook["hookTargetArn"] = json!(t);
            }
            if let Some(r) = role {
                hook["roleArn"] = json!(r);
            }
            hooks.push(hook);
        }
        config["lifecycleHooks"] = json!(hooks);
    } else if let Some(old) = keep("lifecycleHooks") {
        config["lifecycleHooks"] = old;
    }
    Ok(())
}

impl Ecs {
    pub(super) fn new_deployment(&mut self, service: &Value, task_definition: &Value, launch_type: &str, network: &Value) -> Value {
        self.next_deployment += 1;
        let now = util::now();
        let id = format!("ecs-svc/{:019}", 1_000_000_000_000_000_000u64 / 2 + self.next_deployment * 7919 + util::random_u64() % 1000);
        let mut d = json!({
            "id": id,
            "status": "PRIMARY",
            "taskDefinition": task_definition,
            "desiredCount": service["desiredCount"],
            "pendingCount": 0,
            "runningCount": 0,
            "failedTasks": 0,
            "createdAt": now,
            "updatedAt": now,
            "launchType": launch_type,
            "rolloutState": "IN_PROGRESS",
            "rolloutStateReason": format!("ECS deployment {id} in progress."),
        });
        if launch_type == "FARGATE" {
            d["platformVersion"] = json!("1.4.0");
            d["platformFamily"] = json!("Linux");
        }
        if network.is_object() {
            d["networkConfiguration"] = network.clone();
        }
        d
    }

    fn check_load_balancers(&self, elbv2: &ElbV2, td: &Value, input: &Input<'_>) -> Result<Value, AwsError> {
        let mut out = vec![];
        for lb in input.list("loadBalancers")? {
            let container = lb.req_str("containerName")?;
            let port = lb.int("containerPort")?.ok_or_else(|| invalid("containerPort is required in loadBalancers.".into()))?;
            let Some(tg_arn) = lb.str("targetGroupArn")? else {
                return Err(invalid("targetGroupArn is required for an Application or Network Load Balancer.".into()));
            };
            let tg = elbv2.target_group(tg_arn).ok_or_else(|| invalid(format!("Unable to assume role and validate the specified targetGroupArn. Please verify that the ECS service role being passed has the proper permissions. Target group {tg_arn} was not found.")))?;
            if tg["LoadBalancerArns"].as_array().is_none_or(|a| a.is_empty()) {
                return Err(invalid(format!("The target group with targetGroupArn {tg_arn} does not have an associated load balancer.")));
            }
            let def = td["containerDefinitions"].as_array().into_iter().flatten().find(|c| c["name"] == container);
            let Some(def) = def else {
                return Err(invalid(format!("The container {container} does not exist in the task definition.")));
            };
            if !def["portMappings"].as_array().into_iter().flatten().any(|p| p["containerPort"].as_i64() == Some(port)) {
                return Err(invalid(format!("The container {container} did not have a container port {port} defined.")));
            }
            if td["networkMode"] == "awsvpc" && tg["TargetType"] != "ip" {
                return Err(invalid(format!(
                    "The provided target group {tg_arn} has target type instance, which is incompatible with the awsvpc network mode specified in the task definition."
                )));
            }
            let mut entry = json!({"targetGroupArn": tg_arn, "containerName": container, "containerPort": port});
            if lb.has("advancedConfiguration") {
                entry["advancedConfiguration"] = advanced_configuration(elbv2, tg_arn, tg, &lb.at("advancedConfiguration"))?;
            }
            out.push(entry);
        }
        Ok(Value::Array(out))
    }

    pub(super) fn create_service(
        &mut self,
        region: &str,
        ec2: &Ec2,
        elbv2: &ElbV2,
        cloudwatch: &CloudWatch,
        input: Input<'_>,
    ) -> Result<Value, AwsError> {
        let cluster = self.cluster_name_of(&input)?;
        let name = input.req_str("serviceName")?.to_string();
        check_name("Service", &name)?;
        let key = format!("{cluster}/{name}");
        let token = input.str("clientToken")?;
        if let Some(t) = token {
            if t.is_empty() || t.len() > 36 || !t.bytes().all(|b| (33..=126).contains(&b)) {
                return Err(invalid("clientToken must be 1-36 ASCII characters from 33 to 126.".into()));
            }
        }
        if let Some(existing) = self.services.get(&key).filter(|s| s["status"] != "INACTIVE") {
            // ECS answers a retry with the same token and parameters with the service it
            // created; anything else is a second creation.
            let same = token.is_some_and(|t| {
                self.service_tokens.get(&key).is_some_and(|r| r["clientToken"] == t && r["request"] == request_fingerprint(&input))
            });
            if same {
                return Ok(json!({"service": without_tags(existing.clone())}));
            }
            return Err(invalid("Creation of service was not idempotent.".into()));
        }
        let td_ref = input.req_str("taskDefinition")?;
        let td = self.find_task_definition(td_ref).ok_or_else(|| client("TaskDefinition not found."))?.clone();
        if td["status"] != "ACTIVE" {
            return Err(client(format!("TaskDefinition is inactive: {}", td["taskDefinitionArn"].as_str().unwrap_or(td_ref))));
        }
        let strategy = input.str("schedulingStrategy")?.unwrap_or("REPLICA");
        if !matches!(strategy, "REPLICA" | "DAEMON") {
            return Err(invalid(format!("Invalid schedulingStrategy '{strategy}': use REPLICA or DAEMON.")));
        }
        let desired = match (super::desired_count(&input)?, strategy) {
            (Some(_), "DAEMON") => {
                return Err(invalid("The daemon scheduling strategy does not support a desired count for services.".into()))
            }
            (Some(n), _) => n,
            (None, "DAEMON") => 0,
            (None, _) => return Err(invalid("Desired count is required for services with the REPLICA scheduling strategy.".into())),
        };
        let (launch_type, provider) = self.launch_type(&cluster, &input)?;
        let provider = (!provider.is_empty()).then_some(provider);
        super::placement::Rules::parse(
            input.value.get("placementStrategy").unwrap_or(&Value::Null),
            input.value.get("placementConstraints").unwrap_or(&Value::Null),
            &td,
        )?;
        if launch_type == "FARGATE" && !fargate_compatible(&td) {
            return Err(client("Task definition does not support launch_type FARGATE."));
        }
        let network_input = input.at("networkConfiguration");
        self.network(ec2, &td, &network_input)?;
        let network = network_input.value.clone();
        let deployment_configuration = deployment_configuration(&input, None)?;
        let load_balancers = self.check_load_balancers(elbv2, &td, &input)?;
        check_strategy(&deployment_configuration, &load_balancers)?;
        let grace = input.int("healthCheckGracePeriodSeconds")?;
        if grace.is_some() && load_balancers.as_array().is_none_or(|a| a.is_empty()) {
            return Err(invalid("Health check grace period is only valid for services configured to use load balancers.".into()));
        }
        let tags = parse_tags(input.list("tags")?)?;
        let now = util::now();
        let mut service = json!({
            "serviceArn": util::arn("ecs", region, &format!("service/{cluster}/{name}")),
            "serviceName": name,
            "clusterArn": self.clusters[&cluster]["clusterArn"],
            "loadBalancers": load_balancers,
            "serviceRegistries": [],
            "status": "ACTIVE",
            "desiredCount": desired,
            "runningCount": 0,
            "pendingCount": 0,
            "launchType": launch_type,
            "taskDefinition": td["taskDefinitionArn"],
            "deploymentConfiguration": deployment_configuration,
            "events": [],
            "createdAt": now,
            "placementConstraints": input.value.get("placementConstraints").cloned().unwrap_or(json!([])),
            "placementStrategy": input.value.get("placementStrategy").cloned().unwrap_or(json!([])),
            "schedulingStrategy": strategy,
            "deploymentController": {"type": "ECS"},
            "createdBy": format!("arn:aws:iam::{}:root", crate::ACCOUNT_ID),
            "enableECSManagedTags": input.bool("enableECSManagedTags")?.unwrap_or(false),
            "propagateTags": input.str("propagateTags")?.unwrap_or("NONE"),
            "enableExecuteCommand": input.bool("enableExecuteCommand")?.unwrap_or(false),
            "availabilityZoneRebalancing": "DISABLED",
            "tags": tags,
        });
        let providers: Vec<Value> = input
            .list("capacityProviderStrategy")?
            .iter()
            .map(|c| Ok(json!({"capacityProvider": c.req_str("capacityProvider")?, "weight": c.int("weight")?.unwrap_or(0), "base": c.int("base")?.unwrap_or(0)})))
            .collect::<Result<_, AwsError>>()?;
        if !providers.is_empty() {
            service["capacityProviderStrategy"] = json!(providers);
        } else if provider.is_some() && input.str("launchType")?.is_none() {
            // A service without a launch type or strategy takes the cluster's default.
            service["capacityProviderStrategy"] = self.clusters[&cluster]["defaultCapacityProviderStrategy"].clone();
        }
        if launch_type == "FARGATE" {
            service["platformVersion"] = json!("LATEST");
            service["platformFamily"] = json!("Linux");
        }
        if network.is_object() {
            service["networkConfiguration"] = network.clone();
        }
        if let Some(g) = grace {
            service["healthCheckGracePeriodSeconds"] = json!(g);
        }
        let deployment = self.new_deployment(&service, &td["taskDefinitionArn"], launch_type, &network);
        service["deployments"] = json!([deployment]);
        match token {
            Some(t) => self.service_tokens.insert(key.clone(), json!({"clientToken": t, "request": request_fingerprint(&input)})),
            None => self.service_tokens.remove(&key),
        };
        let legacy_id = deployment["id"].as_str().unwrap_or_default().to_string();
        self.services.insert(key.clone(), service.clone());
        self.start_service_deployment(&key, &service, &legacy_id, now, cloudwatch);
        Ok(json!({"service": without_tags(service)}))
    }

    fn service_key(&self, cluster: &str, reference: &str) -> String {
        format!("{cluster}/{}", tail(reference))
    }

    pub(super) fn update_service(
        &mut self,
        ec2: &Ec2,
        elbv2: &ElbV2,
        cloudwatch: &CloudWatch,
        input: Input<'_>,
    ) -> Result<Value, AwsError> {
        let cluster = self.cluster_name_of(&input)?;
        let key = self.service_key(&cluster, input.req_str("service")?);
        let current = self.services.get(&key).cloned().ok_or_else(service_not_found)?;
        if current["status"] != "ACTIVE" {
            return Err(AwsError::client("ServiceNotActiveException", "Service was not ACTIVE."));
        }
        let mut service = current.clone();
        if let Some(n) = super::desired_count(&input)? {
            service["desiredCount"] = json!(n);
        }
        if input.has("deploymentConfiguration") {
            service["deploymentConfiguration"] = deployment_configuration(&input, Some(&current["deploymentConfiguration"]))?;
        }
        let mut td_arn = current["taskDefinition"].clone();
        let mut td = self.find_task_definition(td_arn.as_str().unwrap_or_default()).cloned().unwrap_or(Value::Null);
        if let Some(r) = input.str("taskDefinition")? {
            let new = self.find_task_definition(r).ok_or_else(|| client("TaskDefinition not found."))?.clone();
            if new["status"] != "ACTIVE" {
                return Err(client(format!("TaskDefinition is inactive: {}", new["taskDefinitionArn"].as_str().unwrap_or(r))));
            }
            if service["launchType"] == "FARGATE" && !fargate_compatible(&new) {
                return Err(client("Task definition does not support launch_type FARGATE."));
            }
            td_arn = new["taskDefinitionArn"].clone();
            td = new;
        }
        if input.has("networkConfiguration") {
            self.network(ec2, &td, &input.at("networkConfiguration"))?;
            service["networkConfiguration"] = input.value["networkConfiguration"].clone();
        }
        // UpdateService may replace the load balancers (with their advancedConfiguration).
        if input.has("loadBalancers") {
            service["loadBalancers"] = self.check_load_balancers(elbv2, &td, &input)?;
        }
        if input.has("loadBalancers") || input.has("deploymentConfiguration") {
            check_strategy(&service["deploymentConfiguration"], &service["loadBalancers"])?;
        }
        let force = input.bool("forceNewDeployment")?.unwrap_or(false);
        let changed_definition = td_arn != current["taskDefinition"] || input.has("networkConfiguration");
        let desired = service["desiredCount"].clone();
        if let Some(d) = service["deployments"].as_array_mut() {
            if let Some(primary) = d.iter_mut().find(|d| d["status"] == "PRIMARY") {
                primary["desiredCount"] = desired;
                primary["updatedAt"] = json!(util::now());
            }
        }
        let mut new_legacy = None;
        if changed_definition || force {
            service["taskDefinition"] = td_arn.clone();
            let launch = service["launchType"].as_str().unwrap_or("EC2").to_string();
            let network = service["networkConfiguration"].clone();
            let deployment = self.new_deployment(&service, &td_arn, &launch, &network);
            new_legacy = deployment["id"].as_str().map(String::from);
            let mut deployments = vec![deployment];
            for mut old in service["deployments"].as_array().cloned().unwrap_or_default() {
                if old["status"] == "PRIMARY" {
                    old["status"] = json!("ACTIVE");
                }
                deployments.push(old);
            }
            service["deployments"] = Value::Array(deployments);
        }
        self.services.insert(key.clone(), service.clone());
        if let Some(id) = new_legacy {
            self.start_service_deployment(&key, &service, &id, util::now(), cloudwatch);
        }
        Ok(json!({"service": without_tags(service)}))
    }

    pub(super) fn delete_service(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let cluster = self.cluster_name_of(&input)?;
        let key = self.service_key(&cluster, input.req_str("service")?);
        let force = input.bool("force")?.unwrap_or(false);
        let service = self.services.get(&key).filter(|s| s["status"] != "INACTIVE").ok_or_else(service_not_found)?;
        if service["desiredCount"].as_i64().unwrap_or(0) > 0 && !force && service["schedulingStrategy"] != "DAEMON" {
            return Err(invalid("The service cannot be stopped while it is scaled above 0.".into()));
        }
        let service = self.services.get_mut(&key).ok_or_else(service_not_found)?;
        service["desiredCount"] = json!(0);
        service["status"] = json!("DRAINING");
        let answer = service.clone();
        // The scheduler stops the service's tasks and marks it INACTIVE once they have.
        self.service_sim.remove(&key);
        self.forget_service_deployments(&key);
        Ok(json!({"service": without_tags(answer)}))
    }

    pub(super) fn describe_services(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let cluster = self.cluster_name_of(&input)?;
        let refs = input.str_list("services")?;
        if refs.is_empty() {
            return Err(invalid("Services cannot be empty.".into()));
        }
        if refs.len() > 10 {
            return Err(invalid("Services can have at most 10 items.".into()));
        }
        let with_tags = input.str_list("include")?.contains(&"TAGS");
        let (mut services, mut failures) = (vec![], vec![]);
        for r in refs {
            match self.services.get(&self.service_key(&cluster, r)) {
                Some(s) if with_tags => services.push(public(s.clone(), true)),
                Some(s) => services.push(without_tags(s.clone())),
                None => {
                    let arn = if r.starts_with("arn:") {
                        r.to_string()
                    } else {
                        let cluster_arn = self.clusters[&cluster]["clusterArn"].as_str().unwrap_or_default();
                        format!("{}/{r}", cluster_arn.replace(":cluster/", ":service/"))
                    };
                    failures.push(json!({"arn": arn, "reason": "MISSING"}));
                }
            }
        }
        Ok(json!({"services": services, "failures": failures}))
    }

    pub(super) fn list_services(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let cluster = self.cluster_name_of(&input)?;
        // ListServices answers 10 a page unless asked for more, as ECS does.
        let max = max_results(&input, 10)?;
        let launch = input.str("launchType")?;
        let strategy = input.str("schedulingStrategy")?;
        let prefix = format!("{cluster}/");
        let matching = self.services.range(prefix.clone()..).take_while(|(k, _)| k.starts_with(&prefix)).filter(|(_, s)| {
            s["status"] != "INACTIVE"
                && launch.is_none_or(|l| s["launchType"] == l)
                && strategy.is_none_or(|st| s["schedulingStrategy"] == st)
        });
        let (page, next) = util::page(matching, |(k, _)| k.as_str(), input.str("nextToken")?, max, invalid)?;
        let arns: Vec<&Value> = page.into_iter().map(|(_, s)| &s["serviceArn"]).collect();
        Ok(json!({"serviceArns": arns, "nextToken": next}))
    }
}

fn without_tags(v: Value) -> Value {
    public(v, false)
}

/// A service as ECS answers with it: tags only when asked for, and no launchType when a
/// capacity provider strategy chose the capacity (the sandbox keeps it for itself).
fn public(mut v: Value, with_tags: bool) -> Value {
    let strategy = v["capacityProviderStrategy"].as_array().is_some_and(|a| !a.is_empty());
    if let Some(o) = v.as_object_mut() {
        if !with_tags {
            o.remove("tags");
        }
        if strategy {
            o.remove("launchType");
        }
    }
    v
}

/// The parameters of a CreateService call without its token, to tell a retry from a
/// different request under the same token.
fn request_fingerprint(input: &Input<'_>) -> Value {
    let mut request = input.value.clone();
    if let Some(obj) = request.as_object_mut() {
        obj.remove("clientToken");
    }
    request
}
