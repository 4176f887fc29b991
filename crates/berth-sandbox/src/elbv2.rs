//! Elastic Load Balancing v2 (awsQuery, XML answers): application load balancers, target
//! groups (ip and instance), listeners with forward actions, target registration and
//! health, tags. Member names are AWS's PascalCase ones, which the XML writer uses as is.

use std::collections::BTreeMap;

mod rules;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::AwsError;
use crate::protocol::Request;
use crate::table::{Persist, Rows, Table};
use crate::util::{self, Input};
use crate::Region;

#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ElbV2 {
    load_balancers: Table<Value>,
    target_groups: Table<Value>,
    listeners: Table<Value>,
    /// Listener rules other than the default ones, by rule ARN (rules.rs).
    rules: Table<Value>,
    /// By target group ARN.
    targets: Table<Vec<Target>>,
    tags: Table<Vec<Value>>,
    /// Target group attributes that differ from AWS's defaults, by ARN.
    attributes: Table<BTreeMap<String, String>>,
}

impl ElbV2 {
    pub fn children(&mut self) -> Vec<(&'static str, &mut dyn Rows)> {
        vec![
            ("elbv2.load_balancers", &mut self.load_balancers),
            ("elbv2.target_groups", &mut self.target_groups),
            ("elbv2.listeners", &mut self.listeners),
            ("elbv2.rules", &mut self.rules),
            ("elbv2.targets", &mut self.targets),
            ("elbv2.tags", &mut self.tags),
            ("elbv2.attributes", &mut self.attributes),
        ]
    }
}

impl Persist for Vec<Target> {}

#[derive(Serialize, Deserialize, Clone)]
struct Target {
    id: String,
    port: i64,
    zone: Option<String>,
    registered_at: f64,
    draining_since: Option<f64>,
    /// `initial`, `healthy`, `unhealthy` or `draining`, moved on by `step`.
    #[serde(default)]
    state: String,
    /// Set by the ECS scheduler for a task whose workload fails its health checks.
    #[serde(default)]
    failing: bool,
    /// Whether ECS registered it (and so deregisters it); targets registered by hand
    /// have nothing behind them that could fail.
    #[serde(default)]
    by_ecs: bool,
}

/// The deregistration delay of a target group without the attribute set, as in AWS.
const DEFAULT_DEREGISTRATION_DELAY: i64 = 300;
const DELAY_KEY: &str = "deregistration_delay.timeout_seconds";
/// The attributes an application load balancer's target group has, with AWS's defaults.
const TG_ATTRIBUTES: &[(&str, &str)] = &[
    ("deregistration_delay.timeout_seconds", "300"),
    ("stickiness.enabled", "false"),
    ("stickiness.type", "lb_cookie"),
    ("stickiness.lb_cookie.duration_seconds", "86400"),
    ("slow_start.duration_seconds", "0"),
    ("load_balancing.algorithm.type", "round_robin"),
];

fn validation(message: String) -> AwsError {
    AwsError::client("ValidationError", message)
}

fn valid_name(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

impl ElbV2 {
    pub fn target_group(&self, arn: &str) -> Option<&Value> {
        self.target_groups.get(arn)
    }

    /// Registers a target; `by_ecs` marks the scheduler's own, whose health follows the task.
    pub fn register(&mut self, tg: &str, id: &str, port: i64, zone: Option<String>, by_ecs: bool) {
        let list = self.targets.entry_or_default(tg.to_string());
        list.retain(|t| !(t.id == id && t.port == port));
        list.push(Target {
            id: id.into(),
            port,
            zone,
            registered_at: util::now(),
            draining_since: None,
            state: "initial".into(),
            failing: false,
            by_ecs,
        });
    }

    /// Starts draining a target; it leaves the group after the deregistration delay.
    pub fn deregister(&mut self, tg: &str, id: &str, port: i64) {
        let now = util::now();
        if let Some(t) = self.targets.get_mut(tg).and_then(|l| l.iter_mut().find(|t| t.id == id && t.port == port)) {
            t.draining_since = t.draining_since.or(Some(now));
            t.state = "draining".into();
        }
    }

    pub fn set_failing(&mut self, tg: &str, id: &str, port: i64, failing: bool) {
        if let Some(t) = self.targets.get_mut(tg).and_then(|l| l.iter_mut().find(|t| t.id == id && t.port == port)) {
            t.failing = failing;
        }
    }

    /// `initial`, `healthy`, `unhealthy`, `draining`, or None once the target has left.
    pub fn target_state(&self, tg: &str, id: &str, port: i64) -> Option<&str> {
        self.targets.get(tg)?.iter().find(|t| t.id == id && t.port == port).map(|t| t.state.as_str())
    }

    /// Healthy targets in a group, for the load model and HealthyHostCount.
    pub fn health_counts(&self, tg: &str) -> (usize, usize) {
        let list = self.targets.get(tg).map(Vec::as_slice).unwrap_or_default();
        (list.iter().filter(|t| t.state == "healthy").count(), list.iter().filter(|t| t.state == "unhealthy").count())
    }

    /// The load balancer a target group sends traffic from (its first), as `app/name/id`
    /// for the metric dimension, and the group's own `targetgroup/name/id`.
    pub fn metric_dimensions(&self, tg: &str) -> Option<(String, String)> {
        let group = self.target_groups.get(tg)?;
        let lb = group["LoadBalancerArns"].as_array()?.first()?.as_str()?;
        let lb_dim = lb.split_once(":loadbalancer/")?.1.to_string();
        let tg_dim = tg.rsplit(':').next().unwrap_or(tg).to_string();
        Some((lb_dim, tg_dim))
    }

    pub fn deregistration_delay(&self, tg: &str) -> i64 {
        self.attributes.get(tg).and_then(|a| a.get(DELAY_KEY)).and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_DEREGISTRATION_DELAY)
    }

    /// Moves load balancers and target health on to `now`: a target passes its checks
    /// after interval × healthy threshold, fails after interval × unhealthy threshold, and
    /// leaves after the deregistration delay once draining.
    pub fn step(&mut self, now: f64) {
        // Only what changes is touched: every touched entry is a row to write.
        let ready: Vec<String> = self
            .load_balancers
            .iter()
            .filter(|(_, lb)| lb["State"]["Code"] == "provisioning" && now - lb["_created"].as_f64().unwrap_or(now) >= 3.0)
            .map(|(arn, _)| arn.clone())
            .collect();
        for arn in ready {
            if let Some(lb) = self.load_balancers.get_mut(&arn) {
                lb["State"] = json!({"Code": "active"});
            }
        }
        let arns: Vec<String> = self.targets.keys().cloned().collect();
        for arn in arns {
            let Some(tg) = self.target_groups.get(&arn) else { continue };
            let interval = tg["HealthCheckIntervalSeconds"].as_f64().unwrap_or(30.0);
            let healthy_after = interval * tg["HealthyThresholdCount"].as_f64().unwrap_or(5.0);
            let unhealthy_after = interval * tg["UnhealthyThresholdCount"].as_f64().unwrap_or(2.0);
            let delay = self
                .attributes
                .get(&arn)
                .and_then(|a| a.get(DELAY_KEY))
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(DEFAULT_DEREGISTRATION_DELAY as f64);
            let next = |t: &Target| -> Option<Option<&'static str>> {
                if let Some(d) = t.draining_since {
                    return (now - d >= delay).then_some(None);
                }
                let age = now - t.registered_at;
                let state = if t.state.is_empty() { "initial" } else { t.state.as_str() };
                let to = match (state, t.failing) {
                    ("initial", false) if age >= healthy_after => "healthy",
                    ("initial", true) if age >= unhealthy_after => "unhealthy",
                    ("healthy", true) => "unhealthy",
                    ("unhealthy", false) => "healthy",
                    _ if t.state.is_empty() => "initial",
                    _ => return None,
                };
                Some(Some(to))
            };
            // Looked at first, changed only where something moves: a touched list is a row.
            if !self.targets.get(&arn).is_some_and(|list| list.iter().any(|t| next(t).is_some())) {
                continue;
            }
            let Some(list) = self.targets.get_mut(&arn) else { continue };
            list.retain_mut(|t| match next(t) {
                Some(None) => false,
                Some(Some(to)) => {
                    t.state = to.to_string();
                    true
                }
                None => true,
            });
        }
    }

    fn lb_not_found() -> AwsError {
        AwsError::client("LoadBalancerNotFound", "One or more load balancers not found")
    }

    fn tg_not_found() -> AwsError {
        AwsError::client("TargetGroupNotFound", "One or more target groups not found")
    }

    fn public_lb(lb: &Value) -> Value {
        let mut lb = lb.clone();
        if let Some(o) = lb.as_object_mut() {
            o.remove("_created");
        }
        lb
    }

    fn create_load_balancer(&mut self, region: &str, ec2: &crate::ec2::Ec2, input: Input<'_>) -> Result<Value, AwsError> {
        let name = input.req_str("Name")?;
        if !valid_name(name) || name.starts_with("internal-") {
            return Err(validation(format!("The load balancer name '{name}' is not valid: up to 32 letters, digits and hyphens, not starting or ending with a hyphen, nor starting with 'internal-'.")));
        }
        let kind = input.str("Type")?.unwrap_or("application");
        if kind != "application" {
            return Err(validation(format!("The sandbox serves application load balancers only, not '{kind}'.")));
        }
        let scheme = input.str("Scheme")?.unwrap_or("internet-facing");
        if !matches!(scheme, "internet-facing" | "internal") {
            return Err(validation(format!("The scheme '{scheme}' is not valid: use internet-facing or internal.")));
        }
        let mut subnet_ids: Vec<String> = input.str_list("Subnets")?.into_iter().map(String::from).collect();
        for m in input.list("SubnetMappings")? {
            subnet_ids.push(m.req_str("SubnetId")?.to_string());
        }
        let mut zones = vec![];
        let mut vpc = None;
        for id in &subnet_ids {
            let subnet = ec2.subnet(id).ok_or_else(|| AwsError::client("SubnetNotFound", format!("The subnet ID '{id}' is not valid")))?;
            let zone = subnet["availabilityZone"].as_str().unwrap_or_default().to_string();
            if zones.iter().any(|z: &Value| z["ZoneName"] == zone.as_str()) {
                return Err(validation(format!("You cannot specify multiple subnets in the same Availability Zone: {zone}")));
            }
            vpc = subnet["vpcId"].as_str().map(String::from);
            zones.push(json!({"ZoneName": zone, "SubnetId": id, "LoadBalancerAddresses": []}));
        }
        if zones.len() < 2 {
            return Err(validation("At least two subnets in two different Availability Zones must be specified".into()));
        }
        let groups: Vec<String> = input.str_list("SecurityGroups")?.into_iter().map(String::from).collect();
        for g in &groups {
            if ec2.security_group(g).is_none() {
                return Err(AwsError::client("InvalidSecurityGroup", format!("Security group '{g}' does not exist")));
            }
        }
        let groups = if groups.is_empty() { ec2.security_groups_named("default").into_iter().take(1).collect() } else { groups };
        // CreateLoadBalancer is idempotent: the same settings again answer the one there;
        // the same name with other settings is a conflict.
        if let Some(existing) = self.load_balancers.values().find(|l| l["LoadBalancerName"] == name) {
            let mut subnets: Vec<&str> = zones.iter().filter_map(|z| z["SubnetId"].as_str()).collect();
            let mut had: Vec<&str> =
                existing["AvailabilityZones"].as_array().into_iter().flatten().filter_map(|z| z["SubnetId"].as_str()).collect();
            subnets.sort_unstable();
            had.sort_unstable();
            let same = existing["Scheme"] == scheme && subnets == had && existing["SecurityGroups"] == json!(groups);
            if !same {
                return Err(AwsError::client(
                    "DuplicateLoadBalancerName",
                    format!("A load balancer with the same name '{name}' exists, but with different settings"),
                ));
            }
            return Ok(json!({"LoadBalancers": [Self::public_lb(existing)]}));
        }
        let id = util::hex_id(16);
        let arn = util::arn("elasticloadbalancing", region, &format!("loadbalancer/app/{name}/{id}"));
        let dns = format!(
            "{}{name}-{}.{region}.elb.amazonaws.com",
            if scheme == "internal" { "internal-" } else { "" },
            util::random_u64() % 9_000_000_000 + 1_000_000_000
        );
        let now = util::now();
        let lb = json!({
            "LoadBalancerArn": arn,
            "DNSName": dns,
            "CanonicalHostedZoneId": "Z35SXDOTRQ7X7K",
            "CreatedTime": util::iso8601(now),
            "LoadBalancerName": name,
            "Scheme": scheme,
            "VpcId": vpc,
            "State": {"Code": "provisioning"},
            "Type": "application",
            "AvailabilityZones": zones,
            "SecurityGroups": groups,
            "IpAddressType": input.str("IpAddressType")?.unwrap_or("ipv4"),
            "_created": now,
        });
        self.load_balancers.insert(arn.clone(), lb.clone());
        self.tags.insert(arn, tags(&input)?);
        Ok(json!({"LoadBalancers": [Self::public_lb(&lb)]}))
    }

    fn describe_load_balancers(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let arns = input.str_list("LoadBalancerArns")?;
        let names = input.str_list("Names")?;
        for a in &arns {
            if !self.load_balancers.contains_key(*a) {
                return Err(Self::lb_not_found());
            }
        }
        for n in &names {
            if !self.load_balancers.values().any(|l| l["LoadBalancerName"] == *n) {
                return Err(AwsError::client("LoadBalancerNotFound", format!("Load balancers '[{n}]' not found")));
            }
        }
        let size = input.int("PageSize")?.unwrap_or(400);
        if !(1..=400).contains(&size) {
            return Err(validation(format!("Page size must be between 1 and 400; got {size}.")));
        }
        let matching = self.load_balancers.iter().filter(|(a, l)| {
            (arns.is_empty() || arns.contains(&a.as_str())) && (names.is_empty() || names.iter().any(|n| l["LoadBalancerName"] == *n))
        });
        let (page, next) = util::page(matching, |(k, _)| k.as_str(), input.str("Marker")?, size as usize, validation)?;
        Ok(json!({"LoadBalancers": page.into_iter().map(|(_, l)| Self::public_lb(l)).collect::<Vec<_>>(), "NextMarker": next}))
    }

    fn delete_load_balancer(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let arn = input.req_str("LoadBalancerArn")?;
        // Deleting a load balancer that does not exist succeeds, as in ELBv2.
        if self.load_balancers.remove(arn).is_some() {
            self.listeners.retain(|_, l| l["LoadBalancerArn"] != arn);
            for tg in self.target_groups.values_mut() {
                if let Some(list) = tg["LoadBalancerArns"].as_array_mut() {
                    list.retain(|a| a != arn);
                }
            }
            self.tags.remove(arn);
        }
        Ok(json!({}))
    }

    fn create_target_group(&mut self, region: &str, ec2: &crate::ec2::Ec2, input: Input<'_>) -> Result<Value, AwsError> {
        let name = input.req_str("Name")?;
        if !valid_name(name) {
            return Err(validation(format!("Target group name '{name}' can have a maximum of 32 characters, contain only alphanumeric characters or hyphens, and must not begin or end with a hyphen.")));
        }
        let target_type = input.str("TargetType")?.unwrap_or("instance");
        if !matches!(target_type, "instance" | "ip") {
            return Err(validation(format!("The sandbox serves target types instance and ip, not '{target_type}'.")));
        }
        let protocol = input.str("Protocol")?.ok_or_else(|| validation("A protocol must be specified".into()))?;
        if !matches!(protocol, "HTTP" | "HTTPS") {
            return Err(validation(format!(
                "Protocol '{protocol}' is not valid for an application load balancer's target group: use HTTP or HTTPS."
            )));
        }
        let port = input.int("Port")?.ok_or_else(|| validation("A port must be specified".into()))?;
        if !(1..=65535).contains(&port) {
            return Err(validation(format!("Port {port} is not valid: use 1-65535.")));
        }
        let vpc = input.str("VpcId")?.ok_or_else(|| validation("A VPC ID must be specified".into()))?;
        if ec2.default_vpc() != Some(vpc) {
            return Err(AwsError::client("InvalidConfigurationRequest", format!("The VPC ID '{vpc}' is not found")));
        }
        let interval = input.int("HealthCheckIntervalSeconds")?.unwrap_or(30);
        let timeout = input.int("HealthCheckTimeoutSeconds")?.unwrap_or(5);
        if !(5..=300).contains(&interval) || !(2..=120).contains(&timeout) || timeout >= interval {
            return Err(validation(
                "Health check interval must be 5-300 seconds, timeout 2-120 seconds, and the timeout shorter than the interval.".into(),
            ));
        }
        let healthy = input.int("HealthyThresholdCount")?.unwrap_or(5);
        let unhealthy = input.int("UnhealthyThresholdCount")?.unwrap_or(2);
        if !(2..=10).contains(&healthy) || !(2..=10).contains(&unhealthy) {
            return Err(validation("Healthy and unhealthy threshold counts must be 2-10.".into()));
        }
        let path = input.str("HealthCheckPath")?.unwrap_or("/");
        if !path.starts_with('/') || path.len() > 1024 {
            return Err(validation(format!("Health check path '{path}' must start with '/' and be at most 1024 characters.")));
        }
        let settings = json!({
            "Protocol": protocol,
            "Port": port,
            "VpcId": vpc,
            "HealthCheckProtocol": input.str("HealthCheckProtocol")?.unwrap_or(protocol),
            "HealthCheckPort": input.str("HealthCheckPort")?.unwrap_or("traffic-port"),
            "HealthCheckEnabled": input.bool("HealthCheckEnabled")?.unwrap_or(true),
            "HealthCheckIntervalSeconds": interval,
            "HealthCheckTimeoutSeconds": timeout,
            "HealthyThresholdCount": healthy,
            "UnhealthyThresholdCount": unhealthy,
            "HealthCheckPath": path,
            "Matcher": {"HttpCode": input.at("Matcher").str("HttpCode")?.unwrap_or("200")},
            "TargetType": target_type,
            "ProtocolVersion": input.str("ProtocolVersion")?.unwrap_or("HTTP1"),
            "IpAddressType": "ipv4",
        });
        if let Some(existing) = self.target_groups.values().find(|t| t["TargetGroupName"] == name) {
            let same = settings.as_object().expect("object").iter().all(|(k, v)| &existing[k] == v);
            if !same {
                return Err(AwsError::client(
                    "DuplicateTargetGroupName",
                    format!("A target group with the same name '{name}' exists, but with different settings"),
                ));
            }
            return Ok(json!({"TargetGroups": [existing]}));
        }
        let arn = util::arn("elasticloadbalancing", region, &format!("targetgroup/{name}/{}", util::hex_id(16)));
        let mut tg = settings;
        tg["TargetGroupArn"] = json!(arn);
        tg["TargetGroupName"] = json!(name);
        tg["LoadBalancerArns"] = json!([]);
        self.target_groups.insert(arn.clone(), tg.clone());
        self.tags.insert(arn, tags(&input)?);
        Ok(json!({"TargetGroups": [tg]}))
    }

    fn describe_target_groups(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let arns = input.str_list("TargetGroupArns")?;
        let names = input.str_list("Names")?;
        let lb = input.str("LoadBalancerArn")?;
        if let Some(lb) = lb {
            if !self.load_balancers.contains_key(lb) {
                return Err(Self::lb_not_found());
            }
        }
        for a in &arns {
            if !self.target_groups.contains_key(*a) {
                return Err(Self::tg_not_found());
            }
        }
        for n in &names {
            if !self.target_groups.values().any(|t| t["TargetGroupName"] == *n) {
                return Err(AwsError::client("TargetGroupNotFound", format!("Target groups '[{n}]' not found")));
            }
        }
        let size = input.int("PageSize")?.unwrap_or(400).clamp(1, 400) as usize;
        let matching = self.target_groups.iter().filter(|(a, t)| {
            (arns.is_empty() || arns.contains(&a.as_str()))
                && (names.is_empty() || names.iter().any(|n| t["TargetGroupName"] == *n))
                && lb.is_none_or(|lb| t["LoadBalancerArns"].as_array().is_some_and(|l| l.iter().any(|x| x == lb)))
        });
        let (page, next) = util::page(matching, |(k, _)| k.as_str(), input.str("Marker")?, size, validation)?;
        Ok(json!({"TargetGroups": page.into_iter().map(|(_, t)| t.clone()).collect::<Vec<_>>(), "NextMarker": next}))
    }

    fn delete_target_group(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let arn = input.req_str("TargetGroupArn")?;
        let in_use = self.listeners.values().any(|l| l["DefaultActions"].to_string().contains(arn));
        if in_use {
            return Err(AwsError::client("ResourceInUse", format!("Target group '{arn}' is currently in use by a listener or a rule")));
        }
        self.target_groups.remove(arn);
        self.targets.remove(arn);
        self.attributes.remove(arn);
        self.tags.remove(arn);
        Ok(json!({}))
    }

    fn create_listener(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let lb_arn = input.req_str("LoadBalancerArn")?.to_string();
        if !self.load_balancers.contains_key(&lb_arn) {
            return Err(Self::lb_not_found());
        }
        let protocol = input.str("Protocol")?.unwrap_or("HTTP");
        if !matches!(protocol, "HTTP" | "HTTPS") {
            return Err(validation(format!(
                "Protocol '{protocol}' is not valid for an application load balancer listener: use HTTP or HTTPS."
            )));
        }
        if protocol == "HTTPS" && input.list("Certificates")?.is_empty() {
            return Err(validation("A certificate must be specified for HTTPS listeners".into()));
        }
        let port = input.int("Port")?.ok_or_else(|| validation("A port must be specified".into()))?;
        if !(1..=65535).contains(&port) {
            return Err(validation(format!("Port {port} is not valid: use 1-65535.")));
        }
        let (actions, groups) = self.parse_actions(input.list("DefaultActions")?, &lb_arn)?;
        if actions.is_empty() {
            return Err(validation("A listener needs at least one default action".into()));
        }
        // CreateListener is idempotent: the same settings again answer the listener there.
        if let Some(existing) = self.listeners.values().find(|l| l["LoadBalancerArn"] == lb_arn.as_str() && l["Port"] == port) {
            if existing["Protocol"] == protocol && existing["DefaultActions"] == json!(actions) {
                return Ok(json!({"Listeners": [existing]}));
            }
            return Err(AwsError::client(
                "DuplicateListener",
                format!("A listener already exists on this port for this load balancer '{lb_arn}'"),
            ));
        }
        for tg in groups {
            if let Some(list) = self.target_groups.get_mut(&tg).and_then(|t| t["LoadBalancerArns"].as_array_mut()) {
                if !list.iter().any(|x| x == lb_arn.as_str()) {
                    list.push(json!(lb_arn));
                }
            }
        }
        let arn = lb_arn.replacen(":loadbalancer/", ":listener/", 1) + "/" + &util::hex_id(16);
        let listener =
            json!({"ListenerArn": arn, "LoadBalancerArn": lb_arn, "Port": port, "Protocol": protocol, "DefaultActions": actions});
        self.listeners.insert(arn.clone(), listener.clone());
        self.tags.insert(arn, tags(&input)?);
        Ok(json!({"Listeners": [listener]}))
    }

    /// A listener's or rule's actions as ELB stores them, and the target groups they forward to
    /// (each checked to exist and to belong to no other load balancer).
    fn parse_actions(&self, list: Vec<Input<'_>>, lb_arn: &str) -> Result<(Vec<Value>, Vec<String>), AwsError> {
        let mut actions = vec![];
        let mut groups = vec![];
        for a in list {
            let kind = a.req_str("Type")?;
            match kind {
                "forward" => {
                    let mut forward: Vec<(String, i64)> = vec![];
                    if let Some(tg) = a.str("TargetGroupArn")? {
                        forward.push((tg.to_string(), 1));
                    }
                    for t in a.at("ForwardConfig").list("TargetGroups")? {
                        forward.push((t.req_str("TargetGroupArn")?.to_string(), t.int("Weight")?.unwrap_or(1)));
                    }
                    if forward.is_empty() {
                        return Err(validation("A forward action needs a target group".into()));
                    }
                    for (tg, _) in &forward {
                        let group = self.target_groups.get(tg).ok_or_else(Self::tg_not_found)?;
                        let others = group["LoadBalancerArns"].as_array().is_some_and(|l| l.iter().any(|x| x != lb_arn));
                        if others {
                            return Err(AwsError::client(
                                "TargetGroupAssociationLimit",
                                format!("The following target groups cannot be associated with more than one load balancer: {tg}"),
                            ));
                        }
                        groups.push(tg.clone());
                    }
                    let mut action = json!({
                        "Type": "forward",
                        "ForwardConfig": {
                            "TargetGroups": forward.iter().map(|(tg, w)| json!({"TargetGroupArn": tg, "Weight": w})).collect::<Vec<_>>(),
                            "TargetGroupStickinessConfig": {"Enabled": false},
                        },
                    });
                    if forward.len() == 1 {
                        action["TargetGroupArn"] = json!(forward[0].0);
                    }
                    actions.push(action);
                }
                "fixed-response" => actions.push(json!({"Type": kind, "FixedResponseConfig": a.value.get("FixedResponseConfig")})),
                "redirect" => actions.push(json!({"Type": kind, "RedirectConfig": a.value.get("RedirectConfig")})),
                other => {
                    return Err(validation(format!(
                        "Action type '{other}' is not supported by the sandbox: use forward, fixed-response or redirect."
                    )))
                }
            }
        }
        Ok((actions, groups))
    }

    fn describe_listeners(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let lb = input.str("LoadBalancerArn")?;
        let arns = input.str_list("ListenerArns")?;
        if lb.is_none() && arns.is_empty() {
            return Err(validation("You must specify either listener ARNs or a load balancer ARN".into()));
        }
        if lb.is_some_and(|l| !self.load_balancers.contains_key(l)) {
            return Err(Self::lb_not_found());
        }
        for a in &arns {
            if !self.listeners.contains_key(*a) {
                return Err(AwsError::client("ListenerNotFound", "One or more listeners not found"));
            }
        }
        let matching = self
            .listeners
            .iter()
            .filter(|(a, l)| lb.is_none_or(|lb| l["LoadBalancerArn"] == lb) && (arns.is_empty() || arns.contains(&a.as_str())));
        let (page, next) = util::page(
            matching,
            |(k, _)| k.as_str(),
            input.str("Marker")?,
            input.int("PageSize")?.unwrap_or(400).clamp(1, 400) as usize,
            validation,
        )?;
        Ok(json!({"Listeners": page.into_iter().map(|(_, l)| l.clone()).collect::<Vec<_>>(), "NextMarker": next}))
    }

    fn delete_listener(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let arn = input.req_str("ListenerArn")?;
        let listener = self.listeners.remove(arn).ok_or_else(|| AwsError::client("ListenerNotFound", "One or more listeners not found"))?;
        let lb = listener["LoadBalancerArn"].clone();
        let still_used: Vec<String> =
            self.listeners.values().filter(|l| l["LoadBalancerArn"] == lb).map(|l| l["DefaultActions"].to_string()).collect();
        for (tg_arn, tg) in self.target_groups.iter_mut() {
            if !still_used.iter().any(|a| a.contains(tg_arn.as_str())) {
                if let Some(list) = tg["LoadBalancerArns"].as_array_mut() {
                    list.retain(|x| *x != lb);
                }
            }
        }
        self.tags.remove(arn);
        Ok(json!({}))
    }

    fn target_group_attributes(&self, arn: &str) -> Value {
        let set = self.attributes.get(arn);
        let list: Vec<Value> = TG_ATTRIBUTES
            .iter()
            .map(|(k, default)| json!({"Key": k, "Value": set.and_then(|s| s.get(*k)).map(String::as_str).unwrap_or(default)}))
            .collect();
        json!({"Attributes": list})
    }

    fn describe_target_group_attributes(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let arn = input.req_str("TargetGroupArn")?;
        if !self.target_groups.contains_key(arn) {
            return Err(Self::tg_not_found());
        }
        Ok(self.target_group_attributes(arn))
    }

    fn modify_target_group_attributes(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let arn = input.req_str("TargetGroupArn")?.to_string();
        if !self.target_groups.contains_key(&arn) {
            return Err(Self::tg_not_found());
        }
        let mut changes = vec![];
        for a in input.list("Attributes")? {
            let key = a.req_str("Key")?;
            let value = a.req_str("Value")?;
            if !TG_ATTRIBUTES.iter().any(|(k, _)| *k == key) {
                return Err(AwsError::client(
                    "InvalidConfigurationRequest",
                    format!("Target group attribute key '{key}' is not recognized"),
                ));
            }
            if key == DELAY_KEY && !value.parse::<i64>().is_ok_and(|v| (0..=3600).contains(&v)) {
                return Err(validation(format!("Target group attribute key '{key}' must be an integer from 0 to 3600; got '{value}'")));
            }
            changes.push((key.to_string(), value.to_string()));
        }
        self.attributes.entry_or_default(arn.clone()).extend(changes);
        Ok(self.target_group_attributes(&arn))
    }

    fn register_targets(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let arn = input.req_str("TargetGroupArn")?.to_string();
        let tg = self.target_groups.get(&arn).ok_or_else(Self::tg_not_found)?.clone();
        let targets = input.list("Targets")?;
        if targets.is_empty() {
            return Err(validation("Targets must contain at least one target".into()));
        }
        let mut parsed = vec![];
        for t in targets {
            let id = t.req_str("Id")?;
            let valid = match tg["TargetType"].as_str() {
                Some("ip") => id.parse::<std::net::Ipv4Addr>().is_ok(),
                _ => id.starts_with("i-") && id.len() > 2,
            };
            if !valid {
                return Err(if tg["TargetType"] == "ip" {
                    validation(format!("The IP address '{id}' is not a valid IPv4 address"))
                } else {
                    AwsError::client("InvalidTarget", format!("The following targets are not valid instances: '{id}'"))
                });
            }
            let port = t.int("Port")?.unwrap_or(tg["Port"].as_i64().unwrap_or(80));
            if !(1..=65535).contains(&port) {
                return Err(validation(format!("Port {port} is not valid: use 1-65535.")));
            }
            parsed.push((id.to_string(), port, t.str("AvailabilityZone")?.map(String::from)));
        }
        for (id, port, zone) in parsed {
            self.register(&arn, &id, port, zone, false);
        }
        Ok(json!({}))
    }

    fn deregister_targets(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let arn = input.req_str("TargetGroupArn")?.to_string();
        let tg = self.target_groups.get(&arn).ok_or_else(Self::tg_not_found)?.clone();
        let list = self.targets.entry_or_default(arn);
        for t in input.list("Targets")? {
            let id = t.req_str("Id")?;
            let port = t.int("Port")?.unwrap_or(tg["Port"].as_i64().unwrap_or(80));
            match list.iter_mut().find(|x| x.id == id && x.port == port) {
                Some(found) => {
                    found.draining_since = found.draining_since.or(Some(util::now()));
                    found.state = "draining".into();
                }
                None => {
                    return Err(AwsError::client(
                        "InvalidTarget",
                        format!("The following targets are not registered in the target group: '{id}'"),
                    ))
                }
            }
        }
        Ok(json!({}))
    }

    fn describe_target_health(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let arn = input.req_str("TargetGroupArn")?;
        let tg = self.target_groups.get(arn).ok_or_else(Self::tg_not_found)?;
        let attached = tg["LoadBalancerArns"].as_array().is_some_and(|l| !l.is_empty());
        let wanted: Vec<String> = input.list("Targets")?.into_iter().filter_map(|t| t.value["Id"].as_str().map(String::from)).collect();
        let mut out = vec![];
        for t in self.targets.get(arn).into_iter().flatten() {
            if !wanted.is_empty() && !wanted.contains(&t.id) {
                continue;
            }
            let health = match t.state.as_str() {
                "draining" => {
                    json!({"State": "draining", "Reason": "Target.DeregistrationInProgress", "Description": "Target deregistration is in progress"})
                }
                _ if !attached => {
                    json!({"State": "unused", "Reason": "Target.NotInUse", "Description": "Target group is not configured to receive traffic from the load balancer"})
                }
                "healthy" => json!({"State": "healthy"}),
                "unhealthy" => {
                    json!({"State": "unhealthy", "Reason": "Target.ResponseCodeMismatch", "Description": "Health checks failed with these codes: [502]"})
                }
                _ => {
                    json!({"State": "initial", "Reason": "Elb.RegistrationInProgress", "Description": "Target registration is in progress"})
                }
            };
            let mut target = json!({"Id": t.id, "Port": t.port});
            if let Some(z) = &t.zone {
                target["AvailabilityZone"] = json!(z);
            }
            out.push(json!({"Target": target, "HealthCheckPort": t.port.to_string(), "TargetHealth": health}));
        }
        for id in &wanted {
            if !out.iter().any(|d| d["Target"]["Id"] == id.as_str()) {
                out.push(json!({"Target": {"Id": id}, "TargetHealth": {"State": "unused", "Reason": "Target.NotRegistered", "Description": "Target is not registered to the target group"}}));
            }
        }
        Ok(json!({"TargetHealthDescriptions": out}))
    }

    fn known(&self, arn: &str) -> bool {
        self.load_balancers.contains_key(arn) || self.target_groups.contains_key(arn) || self.listeners.contains_key(arn)
    }

    fn not_found_for(arn: &str) -> AwsError {
        if arn.contains(":targetgroup/") {
            Self::tg_not_found()
        } else if arn.contains(":listener/") {
            AwsError::client("ListenerNotFound", "One or more listeners not found")
        } else {
            Self::lb_not_found()
        }
    }

    fn tag_op(&mut self, op: &str, input: Input<'_>) -> Result<Value, AwsError> {
        let arns: Vec<String> = input.str_list("ResourceArns")?.into_iter().map(String::from).collect();
        if arns.is_empty() {
            return Err(validation("ResourceArns must contain at least one ARN".into()));
        }
        for a in &arns {
            if !self.known(a) {
                return Err(Self::not_found_for(a));
            }
        }
        match op {
            "AddTags" => {
                let new = tags(&input)?;
                for a in arns {
                    let list = self.tags.entry_or_default(a);
                    for t in &new {
                        list.retain(|x| x["Key"] != t["Key"]);
                        list.push(t.clone());
                    }
                    if list.len() > 50 {
                        return Err(AwsError::client(
                            "TooManyTags",
                            "The quota for the number of tags that can be assigned to a load balancer has been reached",
                        ));
                    }
                }
                Ok(json!({}))
            }
            "RemoveTags" => {
                let keys = input.str_list("TagKeys")?;
                for a in arns {
                    self.tags.entry_or_default(a).retain(|t| !keys.iter().any(|k| t["Key"] == *k));
                }
                Ok(json!({}))
            }
            _ => Ok(
                json!({"TagDescriptions": arns.iter().map(|a| json!({"ResourceArn": a, "Tags": self.tags.get(a).cloned().unwrap_or_default()})).collect::<Vec<_>>()}),
            ),
        }
    }
}

fn tags(input: &Input<'_>) -> Result<Vec<Value>, AwsError> {
    input
        .list("Tags")?
        .into_iter()
        .map(|t| {
            let key = t.req_str("Key")?;
            if key.is_empty() || key.len() > 128 || key.starts_with("aws:") {
                return Err(validation(format!("Tag key '{key}' is not valid: 1-128 characters, not starting with 'aws:'.")));
            }
            Ok(json!({"Key": key, "Value": t.str("Value")?.unwrap_or_default()}))
        })
        .collect()
}

pub fn dispatch(region: &mut Region, req: &Request) -> Result<Value, AwsError> {
    let elb = &mut region.elbv2;
    let input = Input::new(&req.input, validation);
    let op = req.operation.as_str();
    match op {
        "CreateLoadBalancer" => elb.create_load_balancer(&req.region, &region.ec2, input),
        "DescribeLoadBalancers" => elb.describe_load_balancers(input),
        "DeleteLoadBalancer" => elb.delete_load_balancer(input),
        "CreateTargetGroup" => elb.create_target_group(&req.region, &region.ec2, input),
        "DescribeTargetGroups" => elb.describe_target_groups(input),
        "DeleteTargetGroup" => elb.delete_target_group(input),
        "CreateListener" => elb.create_listener(input),
        "DescribeListeners" => elb.describe_listeners(input),
        "DeleteListener" => elb.delete_listener(input),
        "CreateRule" => elb.create_rule(input),
        "DescribeRules" => elb.describe_rules(input),
        "ModifyRule" => elb.modify_rule(input),
        "DeleteRule" => elb.delete_rule(input),
        "RegisterTargets" => elb.register_targets(input),
        "DeregisterTargets" => elb.deregister_targets(input),
        "DescribeTargetHealth" => elb.describe_target_health(input),
        "DescribeTargetGroupAttributes" => elb.describe_target_group_attributes(input),
        "ModifyTargetGroupAttributes" => elb.modify_target_group_attributes(input),
        "AddTags" | "RemoveTags" | "DescribeTags" => elb.tag_op(op, input),
        other => Err(AwsError::client("InvalidAction", format!("The action {other} is not valid for this web service."))),
    }
}
