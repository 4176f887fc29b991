//! Creating a service is several AWS calls: perhaps a load balancer, target group and
//! listener, then the service, then its scalable target and scaling policy. The plan
//! lists them in order with their AWS CLI equivalents before anything is sent; running it
//! records what now exists (`Created`), so a failure says exactly what was made and the
//! user can retry from the failed step (finished steps are skipped) or roll everything
//! back. Nothing is left half-made without the user being told.

use aws_sdk_ecs::types as ecs;
use aws_sdk_elasticloadbalancingv2::types as elb;
use serde::{Deserialize, Serialize};

use crate::clusters::Tag;
use crate::error::{CoreError, Result};
use crate::load_balancers::{self, check_name};
use crate::placement::{PlacementConstraintItem, PlacementStrategyItem};
pub use crate::plan::{quote, Step, StepFailure, StepKind, Undone, PLAN_TAG};
use crate::plan::{Plan, Report};
use crate::scaling::{self, AutoScaling, ScalingMetric};
use crate::services::{self, check_deployment, check_desired_count, CapacityProviderItem, DeploymentSettings, Service};
use crate::strategy::{self as shift, StrategySettings};
use crate::tasks::AwsVpc;
use crate::validation::{self, FieldError};
use crate::Clients;

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct NewService {
    pub cluster: String,
    pub service_name: String,
    /// `family:revision` or an ARN.
    pub task_definition: String,
    #[serde(default)]
    pub launch_type: Option<String>,
    #[serde(default)]
    pub capacity_provider_strategy: Vec<CapacityProviderItem>,
    pub desired_count: i32,
    #[serde(default)]
    pub network: Option<AwsVpc>,
    /// How ECS spreads the tasks over EC2 instances (none: spread by zone, then instance).
    #[serde(default)]
    pub placement_strategy: Vec<PlacementStrategyItem>,
    #[serde(default)]
    pub placement_constraints: Vec<PlacementConstraintItem>,
    #[serde(default)]
    pub deployment: DeploymentSettings,
    #[serde(default)]
    pub health_check_grace_period_seconds: Option<i32>,
    #[serde(default)]
    pub load_balancing: Option<LoadBalancing>,
    #[serde(default)]
    pub auto_scaling: Option<AutoScaling>,
    /// Rolling, or a traffic shift between two target groups. Behind a new load balancer
    /// the plan makes the alternate target group and the listener rules left unnamed.
    #[serde(default)]
    pub strategy: StrategySettings,
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// One per wizard; CreateService is idempotent under it, so a retry never makes two.
    pub client_token: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[serde(tag = "mode", rename_all = "camelCase")]
pub enum LoadBalancing {
    /// A target group that already forwards from a load balancer.
    #[serde(rename_all = "camelCase")]
    Existing { target_group_arn: String, container_name: String, container_port: i32 },
    /// A new ALB with an HTTP:80 listener forwarding to a new target group.
    #[serde(rename_all = "camelCase")]
    New {
        load_balancer_name: String,
        internet_facing: bool,
        vpc_id: String,
        subnets: Vec<String>,
        security_groups: Vec<String>,
        target_group_name: String,
        /// `ip` for awsvpc tasks, `instance` for bridge and host ones (which register as
        /// their instance and host port); the plan checks it against the revision.
        #[serde(default)]
        target_type: TargetType,
        #[serde(default = "default_health_path")]
        health_check_path: String,
        container_name: String,
        container_port: i32,
    },
}

/// How a target group's targets are named: by IP address or by EC2 instance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum TargetType {
    #[default]
    Ip,
    Instance,
}

impl TargetType {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetType::Ip => "ip",
            TargetType::Instance => "instance",
        }
    }

    /// The type a revision's network mode registers its tasks as.
    pub fn for_network_mode(mode: &str) -> TargetType {
        if mode == "awsvpc" {
            TargetType::Ip
        } else {
            TargetType::Instance
        }
    }
}

fn default_health_path() -> String {
    "/".into()
}

impl LoadBalancing {
    fn container(&self) -> (&str, i32) {
        match self {
            LoadBalancing::Existing { container_name, container_port, .. } | LoadBalancing::New { container_name, container_port, .. } => {
                (container_name, *container_port)
            }
        }
    }
}

/// What exists because of this plan. The UI hands it back to retry or roll back.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Created {
    pub load_balancer_arn: Option<String>,
    pub load_balancer_dns: Option<String>,
    pub target_group_arn: Option<String>,
    #[serde(default)]
    pub alternate_target_group_arn: Option<String>,
    pub listener_arn: Option<String>,
    #[serde(default)]
    pub production_rule_arn: Option<String>,
    #[serde(default)]
    pub test_rule_arn: Option<String>,
    pub service_arn: Option<String>,
    pub scalable_target: bool,
    pub policy_name: Option<String>,
    /// Step scaling's policies (scale out, scale in) and the alarms that call them.
    #[serde(default)]
    pub step_policy_arns: Vec<String>,
    #[serde(default)]
    pub alarm_names: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "CreateOutcome")]
pub struct Outcome {
    pub created: Created,
    /// Steps finished, in this run or an earlier one.
    pub done: Vec<StepKind>,
    pub failed: Option<StepFailure>,
    pub service: Option<Service>,
}

fn cli_tail(clients: &Clients) -> String {
    clients.cli_target()
}

impl NewService {
    /// The first rule broken, for the calls themselves.
    pub fn validate(&self) -> Result<(), FieldError> {
        match self.field_errors().into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Every rule that can be checked without AWS, one error per field, for the wizard
    /// to show as the user types.
    pub fn field_errors(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        errors.extend(validation::resource_name("cluster", &self.cluster).err());
        errors.extend(validation::resource_name("serviceName", &self.service_name).err());
        if self.task_definition.trim().is_empty() {
            errors.push(FieldError::new("taskDefinition", "Choose a task definition and revision."));
        }
        if self.launch_type.is_some() && !self.capacity_provider_strategy.is_empty() {
            errors.push(FieldError::new("launchType", "Use a launch type or a capacity provider strategy, not both."));
        }
        if let Some(lt) = &self.launch_type {
            if !["FARGATE", "EC2", "EXTERNAL"].contains(&lt.as_str()) {
                errors.push(FieldError::new("launchType", "The launch type is FARGATE, EC2 or EXTERNAL."));
            }
        }
        for (i, item) in self.capacity_provider_strategy.iter().enumerate() {
            if item.capacity_provider.trim().is_empty() {
                errors.push(FieldError::new(format!("capacityProviderStrategy[{i}].capacityProvider"), "Name the capacity provider."));
            }
            if !(0..=1000).contains(&item.weight) || !(0..=100_000).contains(&item.base) {
                errors.push(FieldError::new(format!("capacityProviderStrategy[{i}].weight"), "Weight is 0–1,000 and base 0–100,000."));
            }
        }
        let names: std::collections::BTreeSet<&str> =
            self.capacity_provider_strategy.iter().map(|c| c.capacity_provider.as_str()).collect();
        if names.len() != self.capacity_provider_strategy.len() {
            errors.push(FieldError::new("capacityProviderStrategy", "Each capacity provider appears once in a strategy."));
        }
        if self.capacity_provider_strategy.iter().filter(|c| c.base > 0).count() > 1 {
            errors.push(FieldError::new("capacityProviderStrategy", "Only one capacity provider in a strategy can have a base."));
        }
        let fargate = self.launch_type.as_deref() == Some("FARGATE")
            || (!self.capacity_provider_strategy.is_empty()
                && self.capacity_provider_strategy.iter().all(|c| c.capacity_provider.starts_with("FARGATE")));
        errors.extend(crate::placement::placement_errors(fargate, &self.placement_strategy, &self.placement_constraints));
        errors.extend(check_desired_count(self.desired_count).err());
        errors.extend(check_deployment(&self.deployment).err());
        match &self.network {
            Some(net) => {
                if net.subnets.is_empty() || net.subnets.len() > 16 {
                    errors.push(FieldError::new("subnets", "An awsvpc service needs 1–16 subnets."));
                }
                if net.security_groups.len() > 5 {
                    errors.push(FieldError::new("securityGroups", "At most 5 security groups."));
                }
            }
            None if self.launch_type.as_deref() == Some("FARGATE") => {
                errors.push(FieldError::new("subnets", "Fargate services use awsvpc: pick at least one subnet."));
            }
            None => {}
        }
        if let Some(g) = self.health_check_grace_period_seconds {
            if g < 0 {
                errors.push(FieldError::new("healthCheckGracePeriodSeconds", "The grace period is 0 or more seconds."));
            }
            if self.load_balancing.is_none() && g > 0 {
                errors.push(FieldError::new("healthCheckGracePeriodSeconds", "A health-check grace period needs a load balancer."));
            }
        }
        if let Some(lb) = &self.load_balancing {
            let (name, port) = lb.container();
            if name.trim().is_empty() {
                errors.push(FieldError::new("loadBalancing.containerName", "Choose the container that receives traffic."));
            }
            if !(1..=65535).contains(&port) {
                errors.push(FieldError::new("loadBalancing.containerPort", "Choose the container port that receives traffic (1–65535)."));
            }
            match lb {
                LoadBalancing::Existing { target_group_arn, .. } => {
                    if !target_group_arn.contains(":targetgroup/") {
                        errors.push(FieldError::new("loadBalancing.targetGroupArn", "Choose a target group."));
                    }
                }
                LoadBalancing::New {
                    load_balancer_name, subnets, security_groups, target_group_name, health_check_path, vpc_id, ..
                } => {
                    errors.extend(check_name("loadBalancing.loadBalancerName", load_balancer_name, true).err());
                    errors.extend(check_name("loadBalancing.targetGroupName", target_group_name, false).err());
                    if vpc_id.is_empty() {
                        errors.push(FieldError::new("loadBalancing.vpcId", "Choose the VPC for the load balancer."));
                    }
                    if subnets.len() < 2 {
                        errors.push(FieldError::new(
                            "loadBalancing.subnets",
                            "An Application Load Balancer needs subnets in at least two Availability Zones.",
                        ));
                    }
                    if security_groups.is_empty() || security_groups.len() > 5 {
                        errors.push(FieldError::new("loadBalancing.securityGroups", "Choose 1–5 security groups for the load balancer."));
                    }
                    if !health_check_path.starts_with('/') || health_check_path.len() > 1024 {
                        errors.push(FieldError::new(
                            "loadBalancing.healthCheckPath",
                            "The health-check path starts with / and is at most 1,024 characters.",
                        ));
                    }
                }
            }
        }
        if let Some(scaling) = &self.auto_scaling {
            errors.extend(scaling.validate(self.desired_count).err());
            if scaling.metric == ScalingMetric::AlbRequests && self.load_balancing.is_none() {
                errors.push(FieldError::new("autoScaling.metric", "Scaling on ALB requests per target needs a load balancer."));
            }
        }
        errors.extend(self.strategy.field_errors_with(self.load_balancing.is_some(), self.makes_shift_pieces()));
        errors.extend(validation::tag_errors(&crate::clusters::pairs(&self.tags)));
        if self.client_token.is_empty() || self.client_token.len() > 36 {
            errors.push(FieldError::new("clientToken", "The client token is 1–36 characters."));
        }
        errors
    }

    /// A shifting strategy behind a new load balancer: nothing to pick from exists yet,
    /// so the plan makes what is left unnamed.
    fn makes_shift_pieces(&self) -> bool {
        self.strategy.shifts_traffic() && matches!(self.load_balancing, Some(LoadBalancing::New { .. }))
    }

    fn makes_alternate(&self) -> bool {
        self.makes_shift_pieces() && self.strategy.alternate_target_group_arn.as_deref().is_none_or(str::is_empty)
    }

    fn makes_rules(&self) -> bool {
        self.makes_shift_pieces() && self.strategy.production_listener_rule.as_deref().is_none_or(str::is_empty)
    }

    pub fn steps(&self, clients: &Clients) -> Vec<Step> {
        let tail = cli_tail(clients);
        let mut steps = vec![];
        let target_group = match &self.load_balancing {
            Some(LoadBalancing::New {
                load_balancer_name,
                internet_facing,
                vpc_id,
                subnets,
                security_groups,
                target_group_name,
                health_check_path,
                container_port,
                target_type,
                ..
            }) => {
                steps.push(Step {
                    kind: StepKind::CreateLoadBalancer,
                    title: format!("Create {} Application Load Balancer {load_balancer_name}", if *internet_facing { "an internet-facing" } else { "an internal" }),
                    cli: format!(
                        "LB_ARN=$(aws elbv2 create-load-balancer --name {} --type application --scheme {} --subnets {} --security-groups {} --tags {} --query 'LoadBalancers[0].LoadBalancerArn' --output text{tail})",
                        quote(load_balancer_name),
                        if *internet_facing { "internet-facing" } else { "internal" },
                        subnets.join(" "),
                        security_groups.join(" "),
                        elb_tags_cli(self)
                    ),
                });
                steps.push(Step {
                    kind: StepKind::CreateTargetGroup,
                    title: format!(
                        "Create target group {target_group_name} (type {}, HTTP:{container_port}, health check {health_check_path})",
                        target_type.as_str()
                    ),
                    cli: format!(
                        "TG_ARN=$(aws elbv2 create-target-group --name {} --protocol HTTP --port {container_port} --target-type {} --vpc-id {vpc_id} --health-check-path {} --tags {} --query 'TargetGroups[0].TargetGroupArn' --output text{tail})",
                        quote(target_group_name),
                        target_type.as_str(),
                        quote(health_check_path),
                        elb_tags_cli(self)
                    ),
                });
                if self.makes_alternate() {
                    let alternate = shift::alternate_name(target_group_name);
                    steps.push(Step {
                        kind: StepKind::CreateAlternateTargetGroup,
                        title: format!("Create target group {alternate} like it, for the new revision's tasks during a deployment"),
                        cli: format!(
                            "ALT_TG_ARN=$(aws elbv2 create-target-group --name {} --protocol HTTP --port {container_port} --target-type {} --vpc-id {vpc_id} --health-check-path {} --tags {} --query 'TargetGroups[0].TargetGroupArn' --output text{tail})",
                            quote(&alternate),
                            target_type.as_str(),
                            quote(health_check_path),
                            elb_tags_cli(self)
                        ),
                    });
                }
                steps.push(Step {
                    kind: StepKind::CreateListener,
                    title: "Create an HTTP listener on port 80 forwarding to the target group".into(),
                    cli: format!("LISTENER_ARN=$(aws elbv2 create-listener --load-balancer-arn \"$LB_ARN\" --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=\"$TG_ARN\" --query 'Listeners[0].ListenerArn' --output text{tail})"),
                });
                if self.makes_rules() {
                    steps.push(Step {
                        kind: StepKind::CreateListenerRules,
                        title: "Add a test rule (header X-Test: 1) and a production rule (/*) to the listener, both forwarding to the target group".into(),
                        cli: format!(
                            "TEST_RULE_ARN=$(aws elbv2 create-rule --listener-arn \"$LISTENER_ARN\" --priority 1 --conditions 'Field=http-header,HttpHeaderConfig={{HttpHeaderName=X-Test,Values=[1]}}' --actions Type=forward,TargetGroupArn=\"$TG_ARN\" --query 'Rules[0].RuleArn' --output text{tail})\n\
                             PROD_RULE_ARN=$(aws elbv2 create-rule --listener-arn \"$LISTENER_ARN\" --priority 2 --conditions Field=path-pattern,Values='/*' --actions Type=forward,TargetGroupArn=\"$TG_ARN\" --query 'Rules[0].RuleArn' --output text{tail})"
                        ),
                    });
                }
                "\"$TG_ARN\"".to_string()
            }
            Some(LoadBalancing::Existing { target_group_arn, .. }) => target_group_arn.clone(),
            None => String::new(),
        };
        let mut create = format!(
            "aws ecs create-service --cluster {} --service-name {} --task-definition {} --desired-count {}",
            quote(&self.cluster),
            quote(&self.service_name),
            quote(&self.task_definition),
            self.desired_count
        );
        if let Some(lt) = &self.launch_type {
            create += &format!(" --launch-type {lt}");
        }
        if !self.capacity_provider_strategy.is_empty() {
            let items: Vec<String> = self
                .capacity_provider_strategy
                .iter()
                .map(|c| format!("capacityProvider={},weight={},base={}", c.capacity_provider, c.weight, c.base))
                .collect();
            create += &format!(" --capacity-provider-strategy {}", items.join(" "));
        }
        if let Some(net) = &self.network {
            create += &format!(
                " --network-configuration 'awsvpcConfiguration={{subnets=[{}],securityGroups=[{}],assignPublicIp={}}}'",
                net.subnets.join(","),
                net.security_groups.join(","),
                if net.assign_public_ip { "ENABLED" } else { "DISABLED" }
            );
        }
        create += &crate::placement::cli_args(&self.placement_strategy, &self.placement_constraints);
        let d = &self.deployment;
        create += &format!(
            " --deployment-configuration 'minimumHealthyPercent={},maximumPercent={},deploymentCircuitBreaker={{enable={},rollback={}}}{}'",
            d.minimum_healthy_percent,
            d.maximum_percent,
            d.circuit_breaker,
            d.rollback,
            self.strategy.cli_shorthand()
        );
        if let Some(lb) = &self.load_balancing {
            let (name, port) = lb.container();
            create += &format!(" --load-balancers targetGroupArn={target_group},containerName={name},containerPort={port}");
            if self.strategy.shifts_traffic() {
                let s = &self.strategy;
                let or_var = |v: &Option<String>, var: &str| v.clone().filter(|x| !x.is_empty()).unwrap_or_else(|| format!("\"${var}\""));
                let test = match (&s.test_listener_rule, self.makes_rules()) {
                    (_, true) => ",testListenerRule=\"$TEST_RULE_ARN\"".to_string(),
                    (Some(t), false) if !t.is_empty() => format!(",testListenerRule={t}"),
                    _ => String::new(),
                };
                create += &format!(
                    ",advancedConfiguration={{alternateTargetGroupArn={},productionListenerRule={}{test},roleArn={}}}",
                    or_var(&s.alternate_target_group_arn, "ALT_TG_ARN"),
                    or_var(&s.production_listener_rule, "PROD_RULE_ARN"),
                    s.role_arn.clone().unwrap_or_default()
                );
            }
        }
        if let Some(g) = self.health_check_grace_period_seconds {
            create += &format!(" --health-check-grace-period-seconds {g}");
        }
        create += &format!(" --tags key={PLAN_TAG},value={} --client-token {}{tail}", quote(&self.client_token), self.client_token);
        steps.push(Step {
            kind: StepKind::CreateService,
            title: format!(
                "Create service {} with {} task{}",
                self.service_name,
                self.desired_count,
                if self.desired_count == 1 { "" } else { "s" }
            ),
            cli: create,
        });
        if let Some(s) = &self.auto_scaling {
            let resource = scaling::resource_id(&self.cluster, &self.service_name);
            steps.push(Step {
                kind: StepKind::RegisterScalableTarget,
                title: format!("Let Application Auto Scaling keep it between {} and {} tasks", s.min_capacity, s.max_capacity),
                cli: format!(
                    "aws application-autoscaling register-scalable-target --service-namespace ecs --resource-id {resource} --scalable-dimension ecs:service:DesiredCount --min-capacity {} --max-capacity {}{tail}",
                    s.min_capacity, s.max_capacity
                ),
            });
            let parts = s.step_parts(&self.cluster, &self.service_name);
            if parts.is_empty() {
                let label = if s.metric == ScalingMetric::AlbRequests { ",ResourceLabel=\"$RESOURCE_LABEL\"" } else { "" };
                steps.push(Step {
                    kind: StepKind::PutScalingPolicy,
                    title: format!("Track {} at {}", metric_words(s.metric), s.target_value),
                    cli: format!(
                        "aws application-autoscaling put-scaling-policy --policy-name {} --service-namespace ecs --resource-id {resource} --scalable-dimension ecs:service:DesiredCount --policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration 'TargetValue={},PredefinedMetricSpecification={{PredefinedMetricType={}{label}}},ScaleInCooldown={},ScaleOutCooldown={}'{tail}",
                        scaling::policy_name(&self.service_name, s.metric),
                        s.target_value,
                        s.metric.metric_type().as_str(),
                        s.scale_in_cooldown,
                        s.scale_out_cooldown
                    ),
                });
            } else {
                let words: Vec<String> = parts.iter().map(|p| p.alarm.description.trim_end_matches('.').to_string()).collect();
                steps.push(Step {
                    kind: StepKind::PutScalingPolicy,
                    title: format!("Add step policies {}", words.join("; ")),
                    cli: parts
                        .iter()
                        .zip(["OUT", "IN"])
                        .map(|(p, var)| {
                            format!(
                                "{var}_POLICY_ARN=$({} --query PolicyARN --output text{tail})",
                                scaling::step_policy_cli(&self.cluster, &self.service_name, p, s.scale_out_cooldown)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("\n"),
                });
                let names: Vec<&str> = parts.iter().map(|p| p.alarm.alarm_name.as_str()).collect();
                steps.push(Step {
                    kind: StepKind::PutMetricAlarms,
                    title: format!(
                        "Create alarms {} on {} (average over {} minute{}), each calling its policy",
                        names.join(" and "),
                        metric_words(s.metric),
                        parts[0].alarm.evaluation_periods,
                        if parts[0].alarm.evaluation_periods == 1 { "" } else { "s" }
                    ),
                    cli: parts
                        .iter()
                        .zip(["OUT", "IN"])
                        .map(|(p, var)| {
                            let cli = p.alarm.cli(clients);
                            // The policy ARN goes before the profile and region the alarm's command ends with.
                            let (call, target) = cli.split_at(cli.len() - tail.len());
                            format!("{call} --alarm-actions \"${var}_POLICY_ARN\"{target}")
                        })
                        .collect::<Vec<_>>()
                        .join("\n"),
                });
            }
        }
        steps
    }
}

fn metric_words(m: ScalingMetric) -> &'static str {
    match m {
        ScalingMetric::Cpu => "average CPU utilisation (%)",
        ScalingMetric::Memory => "average memory utilisation (%)",
        ScalingMetric::AlbRequests => "ALB requests per target",
    }
}

/// Checks the input against AWS as it is now (the task definition's containers and
/// ports, an existing target group's load balancer and type) and returns the steps.
pub async fn plan(clients: &Clients, input: &NewService) -> Result<Vec<Step>> {
    input.validate()?;
    let described = crate::costs::priced_revision(clients, &input.task_definition).await?;
    let td = &described;
    let awsvpc = td["networkMode"] == "awsvpc";
    if awsvpc && input.network.is_none() {
        return Err(FieldError::new("subnets", "This task definition uses awsvpc: pick at least one subnet.").into());
    }
    if let Some(lb) = &input.load_balancing {
        let (name, port) = lb.container();
        let containers = td["containerDefinitions"].as_array().cloned().unwrap_or_default();
        let Some(container) = containers.iter().find(|c| c["name"] == name) else {
            return Err(FieldError::new(
                "loadBalancing.containerName",
                format!("{} has no container named {name}.", services::short_task_definition(&input.task_definition)),
            )
            .into());
        };
        let ports = container["portMappings"].as_array().cloned().unwrap_or_default();
        if !ports.iter().any(|p| p["containerPort"].as_i64() == Some(port as i64)) {
            return Err(FieldError::new(
                "loadBalancing.containerPort",
                format!("Container {name} maps no port {port}; add it to the task definition first."),
            )
            .into());
        }
        if let LoadBalancing::New { target_type, .. } = lb {
            let mode = td["networkMode"].as_str().unwrap_or("bridge");
            let needed = TargetType::for_network_mode(mode);
            if *target_type != needed {
                return Err(FieldError::new(
                    "loadBalancing.targetType",
                    format!(
                        "This revision uses {mode} networking, so its tasks register by {}: the target group's type is {}.",
                        if needed == TargetType::Ip { "IP address" } else { "instance and host port" },
                        needed.as_str()
                    ),
                )
                .into());
            }
        }
        if let LoadBalancing::Existing { target_group_arn, .. } = lb {
            let tg = load_balancers::describe_target_group(clients, target_group_arn).await?;
            if tg.load_balancer_arns.is_empty() {
                return Err(FieldError::new(
                    "loadBalancing.targetGroupArn",
                    format!(
                        "Target group {} is not attached to a load balancer; ECS needs a listener forwarding to it.",
                        tg.target_group_name
                    ),
                )
                .into());
            }
            if !awsvpc && tg.target_type != "instance" {
                return Err(FieldError::new(
                    "loadBalancing.targetGroupArn",
                    format!(
                        "Target group {} has target type {}; {} tasks register as their instance and host port, so it must be instance.",
                        tg.target_group_name,
                        tg.target_type,
                        td["networkMode"].as_str().unwrap_or("bridge")
                    ),
                )
                .into());
            }
            if awsvpc && tg.target_type != "ip" {
                return Err(FieldError::new(
                    "loadBalancing.targetGroupArn",
                    format!(
                        "Target group {} has target type {}; awsvpc tasks register by IP, so it must be ip.",
                        tg.target_group_name, tg.target_type
                    ),
                )
                .into());
            }
        }
    }
    Ok(input.steps(clients))
}

impl Plan for NewService {
    type Created = Created;

    fn steps(&self, clients: &Clients) -> Vec<Step> {
        NewService::steps(self, clients)
    }

    fn has(created: &Created, kind: StepKind) -> bool {
        match kind {
            StepKind::CreateLoadBalancer => created.load_balancer_arn.is_some(),
            StepKind::CreateTargetGroup => created.target_group_arn.is_some(),
            StepKind::CreateAlternateTargetGroup => created.alternate_target_group_arn.is_some(),
            StepKind::CreateListener => created.listener_arn.is_some(),
            StepKind::CreateListenerRules => created.production_rule_arn.is_some(),
            StepKind::CreateService => created.service_arn.is_some(),
            StepKind::RegisterScalableTarget => created.scalable_target,
            StepKind::PutScalingPolicy => created.policy_name.is_some() || !created.step_policy_arns.is_empty(),
            StepKind::PutMetricAlarms => !created.alarm_names.is_empty(),
            _ => false,
        }
    }

    async fn run_step(&self, clients: &Clients, kind: StepKind, created: &mut Created) -> Result<()> {
        run_step(clients, self, kind, created).await
    }

    async fn adopt(&self, clients: &Clients, created: Created) -> Result<Created> {
        adopt(clients, self, created).await
    }
}

/// Runs the plan from the first step not yet in `created`. Stops at the first failure and
/// reports it with everything that exists so far.
pub async fn execute(clients: &Clients, input: &NewService, created: Created) -> Result<Outcome> {
    let steps = plan(clients, input).await?;
    let run = crate::plan::run(clients, input, &steps, created).await?;
    let service = match run.failed {
        None => services::describe(clients, &input.cluster, &input.service_name).await.ok(),
        Some(_) => None,
    };
    Ok(Outcome { created: run.created, done: run.done, failed: run.failed, service })
}

async fn run_step(clients: &Clients, input: &NewService, kind: StepKind, created: &mut Created) -> Result<()> {
    let elbv2 = &clients.elb;
    match kind {
        StepKind::CreateLoadBalancer => {
            let Some(LoadBalancing::New { load_balancer_name, internet_facing, subnets, security_groups, .. }) = &input.load_balancing
            else {
                return Ok(());
            };
            let out = elbv2
                .create_load_balancer()
                .name(load_balancer_name)
                .r#type(elb::LoadBalancerTypeEnum::Application)
                .scheme(if *internet_facing { elb::LoadBalancerSchemeEnum::InternetFacing } else { elb::LoadBalancerSchemeEnum::Internal })
                .set_subnets(Some(subnets.clone()))
                .set_security_groups(Some(security_groups.clone()))
                .set_tags(Some(elb_tags(input)))
                .send()
                .await
                .map_err(|e| CoreError::from_sdk("CreateLoadBalancer", e))?;
            let lb = out.load_balancers().first().ok_or_else(|| CoreError::Client {
                operation: "CreateLoadBalancer",
                detail: "AWS answered without the load balancer".into(),
            })?;
            created.load_balancer_arn = lb.load_balancer_arn().map(str::to_string);
            created.load_balancer_dns = lb.dns_name().map(str::to_string);
        }
        StepKind::CreateTargetGroup => {
            if let Some(LoadBalancing::New { target_group_name, .. }) = &input.load_balancing {
                created.target_group_arn = create_target_group(clients, input, target_group_name).await?;
            }
        }
        StepKind::CreateAlternateTargetGroup => {
            if let Some(LoadBalancing::New { target_group_name, .. }) = &input.load_balancing {
                created.alternate_target_group_arn = create_target_group(clients, input, &shift::alternate_name(target_group_name)).await?;
            }
        }
        StepKind::CreateListenerRules => {
            let (Some(listener), Some(tg)) = (&created.listener_arn, &created.target_group_arn) else {
                return Err(CoreError::Client { operation: "CreateRule", detail: "the listener and target group must exist first".into() });
            };
            let (production, test) = shift::add_listener_rules(clients, listener, tg).await?;
            created.test_rule_arn = Some(test.arn);
            created.production_rule_arn = Some(production.arn);
        }
        StepKind::CreateListener => {
            let (Some(lb), Some(tg)) = (&created.load_balancer_arn, &created.target_group_arn) else {
                return Err(CoreError::Client {
                    operation: "CreateListener",
                    detail: "the load balancer and target group must exist first".into(),
                });
            };
            let forward = elb::Action::builder().r#type(elb::ActionTypeEnum::Forward).target_group_arn(tg).build();
            let out = elbv2
                .create_listener()
                .load_balancer_arn(lb)
                .protocol(elb::ProtocolEnum::Http)
                .port(80)
                .default_actions(forward)
                .send()
                .await
                .map_err(|e| CoreError::from_sdk("CreateListener", e))?;
            created.listener_arn = out.listeners().first().and_then(|l| l.listener_arn()).map(str::to_string);
        }
        StepKind::CreateService => {
            let mut req = clients
                .ecs
                .create_service()
                .cluster(&input.cluster)
                .service_name(&input.service_name)
                .task_definition(&input.task_definition)
                .desired_count(input.desired_count)
                .client_token(&input.client_token)
                .deployment_configuration({
                    let mut config = services::deployment_configuration(&input.deployment);
                    input.strategy.apply(&mut config);
                    config
                })
                .enable_ecs_managed_tags(true)
                .propagate_tags(ecs::PropagateTags::Service);
            if let Some(lt) = &input.launch_type {
                req = req.launch_type(ecs::LaunchType::from(lt.as_str()));
            }
            for c in &input.capacity_provider_strategy {
                let item = ecs::CapacityProviderStrategyItem::builder()
                    .capacity_provider(&c.capacity_provider)
                    .weight(c.weight)
                    .base(c.base)
                    .build()
                    .map_err(|e| CoreError::Client { operation: "CreateService", detail: e.to_string() })?;
                req = req.capacity_provider_strategy(item);
            }
            if let Some(net) = &input.network {
                req = req.network_configuration(net.configuration("CreateService")?);
            }
            if !input.placement_strategy.is_empty() {
                req = req.set_placement_strategy(Some(crate::placement::sdk_strategy(&input.placement_strategy)));
            }
            if !input.placement_constraints.is_empty() {
                req = req.set_placement_constraints(Some(crate::placement::sdk_constraints(&input.placement_constraints)));
            }
            if let Some(lb) = &input.load_balancing {
                let (name, port) = lb.container();
                let tg = match lb {
                    LoadBalancing::Existing { target_group_arn, .. } => Some(target_group_arn.clone()),
                    LoadBalancing::New { .. } => created.target_group_arn.clone(),
                };
                let mut balancer = ecs::LoadBalancer::builder().set_target_group_arn(tg).container_name(name).container_port(port);
                let s = &input.strategy;
                if s.shifts_traffic() {
                    let named = |v: &Option<String>| v.clone().filter(|x| !x.is_empty());
                    let test = if input.makes_rules() { created.test_rule_arn.clone() } else { named(&s.test_listener_rule) };
                    balancer = balancer.advanced_configuration(
                        ecs::AdvancedConfiguration::builder()
                            .set_alternate_target_group_arn(
                                named(&s.alternate_target_group_arn).or(created.alternate_target_group_arn.clone()),
                            )
                            .set_production_listener_rule(named(&s.production_listener_rule).or(created.production_rule_arn.clone()))
                            .set_test_listener_rule(test)
                            .set_role_arn(s.role_arn.clone())
                            .build(),
                    );
                }
                req = req.load_balancers(balancer.build());
            }
            if let Some(g) = input.health_check_grace_period_seconds {
                req = req.health_check_grace_period_seconds(g);
            }
            for t in &input.tags {
                req = req.tags(ecs::Tag::builder().key(&t.key).value(&t.value).build());
            }
            req = req.tags(ecs::Tag::builder().key(PLAN_TAG).value(&input.client_token).build());
            let out = req.send().await.map_err(|e| CoreError::from_sdk("CreateService", e))?;
            created.service_arn = out.service().and_then(|s| s.service_arn()).map(str::to_string);
        }
        StepKind::RegisterScalableTarget => {
            let Some(s) = &input.auto_scaling else { return Ok(()) };
            scaling::register_target(clients, &input.cluster, &input.service_name, s.min_capacity, s.max_capacity).await?;
            created.scalable_target = true;
        }
        StepKind::PutScalingPolicy => {
            let Some(s) = &input.auto_scaling else { return Ok(()) };
            let parts = s.step_parts(&input.cluster, &input.service_name);
            if parts.is_empty() {
                let label = if s.metric == ScalingMetric::AlbRequests { alb_label(clients, input, created).await? } else { None };
                scaling::put_policy(clients, &input.cluster, &input.service_name, s, label.as_deref()).await?;
                created.policy_name = Some(scaling::policy_name(&input.service_name, s.metric));
            } else {
                let mut arns = vec![];
                for part in &parts {
                    arns.push(scaling::put_step_policy(clients, &input.cluster, &input.service_name, part, s.scale_out_cooldown).await?);
                }
                created.step_policy_arns = arns;
            }
        }
        StepKind::PutMetricAlarms => {
            let Some(s) = &input.auto_scaling else { return Ok(()) };
            let parts = s.step_parts(&input.cluster, &input.service_name);
            for (part, policy) in parts.iter().zip(&created.step_policy_arns) {
                crate::alarms::put_with_actions(clients, &part.alarm, std::slice::from_ref(policy)).await?;
                created.alarm_names.push(part.alarm.alarm_name.clone());
            }
        }
        // Steps of other plans never appear in a service's.
        _ => {}
    }
    Ok(())
}

/// A target group named `name` for the new load balancer's service, tagged by the plan.
async fn create_target_group(clients: &Clients, input: &NewService, name: &str) -> Result<Option<String>> {
    let Some(LoadBalancing::New { vpc_id, health_check_path, container_port, target_type, .. }) = &input.load_balancing else {
        return Ok(None);
    };
    let out = clients
        .elb
        .create_target_group()
        .name(name)
        .protocol(elb::ProtocolEnum::Http)
        .port(*container_port)
        .target_type(elb::TargetTypeEnum::from(target_type.as_str()))
        .vpc_id(vpc_id)
        .health_check_path(health_check_path)
        .set_tags(Some(elb_tags(input)))
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("CreateTargetGroup", e))?;
    Ok(out.target_groups().first().and_then(|t| t.target_group_arn()).map(str::to_string))
}

async fn alb_label(clients: &Clients, input: &NewService, created: &Created) -> Result<Option<String>> {
    let (lb, tg) = match &input.load_balancing {
        Some(LoadBalancing::New { .. }) => (created.load_balancer_arn.clone(), created.target_group_arn.clone()),
        Some(LoadBalancing::Existing { target_group_arn, .. }) => {
            let tg = load_balancers::describe_target_group(clients, target_group_arn).await?;
            (tg.load_balancer_arns.first().cloned(), Some(target_group_arn.clone()))
        }
        None => (None, None),
    };
    Ok(lb.zip(tg).and_then(|(lb, tg)| load_balancers::resource_label(&lb, &tg)))
}

fn plan_tag(input: &NewService) -> elb::Tag {
    elb::Tag::builder().key(PLAN_TAG).value(&input.client_token).build()
}

/// The load balancer's and target group's tags: the plan's, and the service's own (the
/// guide's `berth:guide` among them), so what the service made is found with it.
fn elb_tags(input: &NewService) -> Vec<elb::Tag> {
    let mut tags = vec![plan_tag(input)];
    tags.extend(input.tags.iter().map(|t| elb::Tag::builder().key(&t.key).value(&t.value).build()));
    tags
}

/// The same tags as the AWS CLI's `--tags` takes them.
fn elb_tags_cli(input: &NewService) -> String {
    let mut out = format!("Key={PLAN_TAG},Value={}", quote(&input.client_token));
    for t in &input.tags {
        out += &format!(" Key={},Value={}", quote(&t.key), quote(&t.value));
    }
    out
}

async fn elb_tagged_by_plan(clients: &Clients, arn: &str, input: &NewService) -> Result<bool> {
    let out = clients.elb.describe_tags().resource_arns(arn).send().await.map_err(|e| CoreError::from_sdk("DescribeTags", e))?;
    Ok(out
        .tag_descriptions()
        .iter()
        .flat_map(|d| d.tags())
        .any(|t| t.key() == Some(PLAN_TAG) && t.value() == Some(input.client_token.as_str())))
}

/// Looks up, by name and the plan's tag, each step `created` does not record, and adds
/// what it finds: a call AWS carried out whose answer was lost is then neither made twice
/// nor left behind by a roll back.
pub async fn adopt(clients: &Clients, input: &NewService, mut created: Created) -> Result<Created> {
    if let Some(LoadBalancing::New { load_balancer_name, target_group_name, .. }) = &input.load_balancing {
        if created.load_balancer_arn.is_none() {
            // An unknown name is an error in ELBv2's answer, not an empty list.
            if let Ok(out) = clients.elb.describe_load_balancers().names(load_balancer_name).send().await {
                if let Some(lb) = out.load_balancers().first() {
                    let arn = lb.load_balancer_arn().unwrap_or_default().to_string();
                    if elb_tagged_by_plan(clients, &arn, input).await? {
                        created.load_balancer_dns = lb.dns_name().map(str::to_string);
                        created.load_balancer_arn = Some(arn);
                    }
                }
            }
        }
        if created.target_group_arn.is_none() {
            if let Ok(out) = clients.elb.describe_target_groups().names(target_group_name).send().await {
                if let Some(arn) = out.target_groups().first().and_then(|t| t.target_group_arn()) {
                    if elb_tagged_by_plan(clients, arn, input).await? {
                        created.target_group_arn = Some(arn.to_string());
                    }
                }
            }
        }
        if created.alternate_target_group_arn.is_none() && input.makes_alternate() {
            if let Ok(out) = clients.elb.describe_target_groups().names(shift::alternate_name(target_group_name)).send().await {
                if let Some(arn) = out.target_groups().first().and_then(|t| t.target_group_arn()) {
                    if elb_tagged_by_plan(clients, arn, input).await? {
                        created.alternate_target_group_arn = Some(arn.to_string());
                    }
                }
            }
        }
        if let (None, Some(lb)) = (&created.listener_arn, &created.load_balancer_arn) {
            // The load balancer is the plan's own, so its port-80 listener is too.
            let out = clients
                .elb
                .describe_listeners()
                .load_balancer_arn(lb)
                .send()
                .await
                .map_err(|e| CoreError::from_sdk("DescribeListeners", e))?;
            created.listener_arn = out.listeners().iter().find(|l| l.port() == Some(80)).and_then(|l| l.listener_arn()).map(str::to_string);
        }
        // The listener is the plan's own, so the rules it holds for the target group are too.
        if let (None, Some(listener), Some(tg), true) =
            (&created.production_rule_arn, &created.listener_arn, &created.target_group_arn, input.makes_rules())
        {
            let (production, test) = shift::find_listener_rules(clients, listener, tg).await?;
            created.test_rule_arn = created.test_rule_arn.clone().or(test);
            created.production_rule_arn = production;
        }
    }
    if created.service_arn.is_none() {
        let out = clients
            .ecs
            .describe_services()
            .cluster(&input.cluster)
            .services(&input.service_name)
            .include(ecs::ServiceField::Tags)
            .send()
            .await
            .map_err(|e| CoreError::from_sdk("DescribeServices", e))?;
        let ours = out.services().iter().find(|s| {
            s.status() != Some("INACTIVE")
                && s.tags().iter().any(|t| t.key() == Some(PLAN_TAG) && t.value() == Some(input.client_token.as_str()))
        });
        created.service_arn = ours.and_then(|s| s.service_arn()).map(str::to_string);
    }
    if created.service_arn.is_some() {
        if let Some(s) = &input.auto_scaling {
            // Scaling has no tags: what exists on the plan's own service is the plan's. A
            // look-up that fails adopts nothing; the steps say what they know.
            if let Ok(Some(found)) = scaling::describe(clients, &input.cluster, &input.service_name).await {
                created.scalable_target |= found.min_capacity.is_some();
                let name = scaling::policy_name(&input.service_name, s.metric);
                if created.policy_name.is_none() && s.steps.is_none() && found.policies.iter().any(|p| p.policy_name == name) {
                    created.policy_name = Some(name);
                }
                let parts = s.step_parts(&input.cluster, &input.service_name);
                if created.step_policy_arns.is_empty() && !parts.is_empty() {
                    created.step_policy_arns = parts
                        .iter()
                        .filter_map(|part| found.policies.iter().find(|p| p.policy_name == part.policy_name))
                        .map(|p| p.policy_arn.clone())
                        .collect();
                }
                // An alarm is the plan's when it calls one of the plan's policies.
                if created.alarm_names.is_empty() {
                    for part in &parts {
                        if let Ok(alarm) = crate::alarms::describe(clients, &part.alarm.alarm_name).await {
                            if alarm.alarm_actions.iter().any(|a| created.step_policy_arns.contains(a)) {
                                created.alarm_names.push(alarm.alarm_name);
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(created)
}

/// Removes what `created` says exists, newest first, and reports each removal. The
/// service is scaled to 0 and deleted with force so its tasks stop.
pub async fn roll_back(clients: &Clients, input: &NewService, created: &Created) -> Vec<Undone> {
    let mut report = Report::default();
    let mut record = |what: String, result: Result<()>| report.record(what, result);
    // What the plan made without hearing back is removed too.
    let created = match adopt(clients, input, created.clone()).await {
        Ok(all) => all,
        Err(e) => {
            record("look-up of what the plan may have created without an answer".into(), Err(e));
            created.clone()
        }
    };
    let created = &created;
    for name in &created.alarm_names {
        record(format!("alarm {name}"), crate::alarms::delete(clients, name).await);
    }
    for arn in &created.step_policy_arns {
        let name = arn.rsplit("policyName/").next().unwrap_or(arn);
        record(format!("scaling policy {name}"), scaling::delete_policy(clients, &input.cluster, &input.service_name, name).await);
    }
    if let Some(name) = &created.policy_name {
        record(format!("scaling policy {name}"), scaling::delete_policy(clients, &input.cluster, &input.service_name, name).await);
    }
    if created.scalable_target {
        record("scalable target".into(), scaling::deregister_target(clients, &input.cluster, &input.service_name).await);
    }
    if created.service_arn.is_some() {
        let result = services::delete(clients, &input.cluster, &input.service_name, true).await.map(|_| ());
        record(format!("service {}", input.service_name), result);
    }
    for (arn, what) in [(&created.production_rule_arn, "production listener rule"), (&created.test_rule_arn, "test listener rule")] {
        if let Some(arn) = arn {
            let r = clients.elb.delete_rule().rule_arn(arn).send().await.map(|_| ()).map_err(|e| CoreError::from_sdk("DeleteRule", e));
            record(what.into(), r);
        }
    }
    if let Some(arn) = &created.listener_arn {
        let r =
            clients.elb.delete_listener().listener_arn(arn).send().await.map(|_| ()).map_err(|e| CoreError::from_sdk("DeleteListener", e));
        record("listener on port 80".into(), r);
    }
    if let Some(arn) = &created.alternate_target_group_arn {
        let r = crate::load_balancers::delete_target_group(clients, arn).await;
        record(format!("target group {}", arn.rsplit('/').nth(1).unwrap_or(arn)), r);
    }
    if let Some(arn) = &created.target_group_arn {
        let r = crate::load_balancers::delete_target_group(clients, arn).await;
        record(format!("target group {}", arn.rsplit('/').nth(1).unwrap_or(arn)), r);
    }
    if let Some(arn) = &created.load_balancer_arn {
        let r = crate::load_balancers::delete_load_balancer(clients, arn).await;
        record(format!("load balancer {}", arn.rsplit('/').nth(1).unwrap_or(arn)), r);
    }
    report.0
}

/// What the service costs to leave running, by the public on-demand prices: its Fargate
/// tasks' vCPU and memory, their public IPv4 addresses, and a new ALB's hour and
/// addresses. Tasks on EC2 cost what their instances cost, which the capacity's own
/// estimate shows.
pub async fn estimate(clients: &Clients, input: &NewService) -> Result<crate::prices::Estimate> {
    use crate::prices::{self, CostLine};
    let region = clients.region.as_str();
    let described = crate::task_definitions::describe(clients, &input.task_definition).await.map_err(|e| match e {
        CoreError::Aws { message, .. } => CoreError::Invalid(FieldError::new("taskDefinition", message)),
        other => other,
    })?;
    let td = &described.task_definition;
    let tasks = input.desired_count.max(0) as f64;
    let fargate = input.launch_type.as_deref() == Some("FARGATE")
        || (!input.capacity_provider_strategy.is_empty()
            && input.capacity_provider_strategy.iter().all(|c| c.capacity_provider.starts_with("FARGATE")));
    let (mut lines, mut notes) = (vec![], vec![]);
    if fargate {
        lines.extend(crate::costs::fargate_lines(region, td, tasks));
        if input.capacity_provider_strategy.iter().any(|c| c.capacity_provider == "FARGATE_SPOT") {
            notes.push("Tasks on FARGATE_SPOT cost less than this on-demand figure.".into());
        }
    } else {
        notes.push("Tasks on EC2 run on the cluster's instances, whose hours are the cost; the capacity's estimate shows them.".into());
    }
    if input.network.as_ref().is_some_and(|n| n.assign_public_ip) {
        let ip = prices::public_ipv4_hourly();
        lines.push(CostLine {
            item: "Public IPv4 addresses (tasks)".into(),
            detail: format!("{tasks} × ${ip} per hour"),
            hourly: Some(tasks * ip),
        });
    }
    if let Some(LoadBalancing::New { internet_facing, subnets, .. }) = &input.load_balancing {
        let alb = prices::alb_hourly(region);
        lines.push(CostLine {
            item: "Application Load Balancer".into(),
            detail: alb.map_or("unknown".into(), |(hour, _)| format!("${hour} per hour")),
            hourly: alb.map(|(hour, _)| hour),
        });
        if *internet_facing {
            let ip = prices::public_ipv4_hourly();
            let n = subnets.len() as f64;
            lines.push(CostLine {
                item: "Public IPv4 addresses (load balancer)".into(),
                detail: format!("{n} zones × ${ip} per hour"),
                hourly: Some(n * ip),
            });
        }
        if let Some((_, lcu)) = alb {
            notes.push(format!(
                "Traffic adds ${lcu} per LCU-hour (new connections, active connections, bytes and rule evaluations, whichever is highest)."
            ));
        }
    }
    notes.push("CloudWatch Logs ingestion ($0.50 per GB) and data transfer depend on traffic and are not in the total.".into());
    Ok(prices::Estimate::new(region, lines, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every equivalent must run as shown in a terminal with the same profile: without
    /// `--profile` it would create the service in whatever account the default
    /// credentials are.
    #[test]
    fn every_cli_equivalent_names_the_profile_and_region() {
        let input: NewService = serde_json::from_value(serde_json::json!({
            "cluster": "demo", "serviceName": "web", "taskDefinition": "web:1", "desiredCount": 2, "clientToken": "t-1",
            "loadBalancing": {"mode": "new", "loadBalancerName": "web-alb", "internetFacing": true, "vpcId": "vpc-1",
                "subnets": ["subnet-1", "subnet-2"], "securityGroups": ["sg-1"], "targetGroupName": "web-tg",
                "healthCheckPath": "/", "containerName": "web", "containerPort": 80},
            "autoScaling": {"minCapacity": 1, "maxCapacity": 4, "metric": "Cpu", "targetValue": 60.0},
        }))
        .unwrap();
        let config = aws_config::SdkConfig::builder().region(aws_types::region::Region::new("eu-west-1")).build();
        let mut clients = Clients::new(&config);
        clients.profile = Some("team-dev".into());
        let steps = input.steps(&clients);
        assert_eq!(steps.len(), 6);
        for step in &steps {
            assert!(step.cli.contains(" --region eu-west-1 --profile team-dev"), "{}", step.cli);
        }
    }
}
