//! Deployment strategies: rolling, blue/green, linear and canary with their bake times and
//! lifecycle hooks (PAUSE, or a Lambda function), checked by ECS's rules; the load balancer
//! pieces the traffic-shifting ones need (an alternate target group, production and test
//! listener rules, ECS's infrastructure role), found or made; and the answer to a paused
//! hook (ContinueServiceDeployment, CONTINUE or ROLLBACK) with its CLI command.

use aws_sdk_ecs::types::{self as ecs, DeploymentConfiguration};
use aws_sdk_elasticloadbalancingv2::types as elb;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::services::Service;
use crate::validation::FieldError;
use crate::{load_balancers, Clients};

pub const STRATEGIES: [&str; 4] = ["ROLLING", "BLUE_GREEN", "LINEAR", "CANARY"];
/// The stages a hook may run at, in the order ECS walks them.
pub const HOOK_STAGES: [&str; 9] = [
    "RECONCILE_SERVICE",
    "PRE_SCALE_UP",
    "POST_SCALE_UP",
    "TEST_TRAFFIC_SHIFT",
    "POST_TEST_TRAFFIC_SHIFT",
    "PRE_PRODUCTION_TRAFFIC_SHIFT",
    "PRODUCTION_TRAFFIC_SHIFT",
    "POST_PRODUCTION_TRAFFIC_SHIFT",
    "BAKE_TIME",
];

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct LifecycleHook {
    /// PAUSE or AWS_LAMBDA.
    pub target_type: String,
    #[serde(default)]
    pub function_arn: Option<String>,
    #[serde(default)]
    pub role_arn: Option<String>,
    pub stages: Vec<String>,
    pub timeout_minutes: i32,
    /// ROLLBACK or CONTINUE when the hook times out.
    pub timeout_action: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct StrategySettings {
    /// ROLLING, BLUE_GREEN, LINEAR or CANARY.
    pub strategy: String,
    pub bake_time_in_minutes: i32,
    pub step_percent: f64,
    pub step_bake_time_in_minutes: i32,
    pub canary_percent: f64,
    pub canary_bake_time_in_minutes: i32,
    #[serde(default)]
    pub hooks: Vec<LifecycleHook>,
    /// The service's load balancer's advancedConfiguration, for the shifting strategies.
    #[serde(default)]
    pub alternate_target_group_arn: Option<String>,
    #[serde(default)]
    pub production_listener_rule: Option<String>,
    #[serde(default)]
    pub test_listener_rule: Option<String>,
    #[serde(default)]
    pub role_arn: Option<String>,
}

impl Default for StrategySettings {
    fn default() -> Self {
        // ECS's defaults for each strategy's numbers (ECS-FACTS-DEPLOYMENTS §3).
        StrategySettings {
            strategy: "ROLLING".into(),
            bake_time_in_minutes: 0,
            step_percent: 10.0,
            step_bake_time_in_minutes: 6,
            canary_percent: 5.0,
            canary_bake_time_in_minutes: 10,
            hooks: vec![],
            alternate_target_group_arn: None,
            production_listener_rule: None,
            test_listener_rule: None,
            role_arn: None,
        }
    }
}

impl StrategySettings {
    pub fn from_service(s: &ecs::Service) -> Self {
        let mut out = StrategySettings::default();
        let Some(c) = s.deployment_configuration() else { return out };
        if let Some(strategy) = c.strategy() {
            out.strategy = strategy.as_str().to_string();
        }
        out.bake_time_in_minutes = c.bake_time_in_minutes().unwrap_or(0);
        if let Some(l) = c.linear_configuration() {
            out.step_percent = l.step_percent().unwrap_or(10.0);
            out.step_bake_time_in_minutes = l.step_bake_time_in_minutes().unwrap_or(6);
        }
        if let Some(k) = c.canary_configuration() {
            out.canary_percent = k.canary_percent().unwrap_or(5.0);
            out.canary_bake_time_in_minutes = k.canary_bake_time_in_minutes().unwrap_or(10);
        }
        out.hooks = c
            .lifecycle_hooks()
            .iter()
            .map(|h| LifecycleHook {
                target_type: h.target_type().map(|t| t.as_str().to_string()).unwrap_or_else(|| "AWS_LAMBDA".into()),
                function_arn: h.hook_target_arn().map(str::to_string),
                role_arn: h.role_arn().map(str::to_string),
                stages: h.lifecycle_stages().iter().map(|x| x.as_str().to_string()).collect(),
                timeout_minutes: h.timeout_configuration().and_then(|t| t.timeout_in_minutes()).unwrap_or(1440),
                timeout_action: h
                    .timeout_configuration()
                    .and_then(|t| t.action())
                    .map(|a| a.as_str().to_string())
                    .unwrap_or_else(|| "ROLLBACK".into()),
            })
            .collect();
        if let Some(a) = s.load_balancers().first().and_then(|l| l.advanced_configuration()) {
            out.alternate_target_group_arn = a.alternate_target_group_arn().map(str::to_string);
            out.production_listener_rule = a.production_listener_rule().map(str::to_string);
            out.test_listener_rule = a.test_listener_rule().map(str::to_string);
            out.role_arn = a.role_arn().map(str::to_string);
        }
        out
    }

    /// The strategy's part of `--deployment-configuration` in the CLI's shorthand,
    /// starting with a comma.
    pub fn cli_shorthand(&self) -> String {
        let mut out = format!(",strategy={}", self.strategy);
        if !self.shifts_traffic() {
            return out;
        }
        out += &format!(",bakeTimeInMinutes={}", self.bake_time_in_minutes);
        if self.strategy == "LINEAR" {
            out += &format!(
                ",linearConfiguration={{stepPercent={},stepBakeTimeInMinutes={}}}",
                self.step_percent, self.step_bake_time_in_minutes
            );
        }
        if self.strategy == "CANARY" {
            out += &format!(
                ",canaryConfiguration={{canaryPercent={},canaryBakeTimeInMinutes={}}}",
                self.canary_percent, self.canary_bake_time_in_minutes
            );
        }
        if !self.hooks.is_empty() {
            let hooks: Vec<String> = self
                .hooks
                .iter()
                .map(|h| {
                    let mut hook = format!("targetType={}", h.target_type);
                    if let Some(f) = &h.function_arn {
                        hook += &format!(",hookTargetArn={f}");
                    }
                    if let Some(r) = &h.role_arn {
                        hook += &format!(",roleArn={r}");
                    }
                    format!(
                        "{{{hook},lifecycleStages=[{}],timeoutConfiguration={{timeoutInMinutes={},action={}}}}}",
                        h.stages.join(","),
                        h.timeout_minutes,
                        h.timeout_action
                    )
                })
                .collect();
            out += &format!(",lifecycleHooks=[{}]", hooks.join(","));
        }
        out
    }

    pub fn shifts_traffic(&self) -> bool {
        self.strategy != "ROLLING"
    }

    /// Every rule the settings break, one per field, as ECS refuses them.
    pub fn field_errors(&self, has_load_balancer: bool) -> Vec<FieldError> {
        self.field_errors_with(has_load_balancer, false)
    }

    /// The same, where a plan makes the alternate target group and the listener rules
    /// left unnamed (a new service behind a new load balancer).
    pub fn field_errors_with(&self, has_load_balancer: bool, plan_makes_pieces: bool) -> Vec<FieldError> {
        let mut errors = vec![];
        if !STRATEGIES.contains(&self.strategy.as_str()) {
            errors.push(FieldError::new("strategy", "Choose rolling, blue/green, linear or canary."));
            return errors;
        }
        if !self.shifts_traffic() {
            return errors;
        }
        if !has_load_balancer {
            errors.push(FieldError::new(
                "strategy",
                format!("{} moves traffic between two target groups: the service needs a load balancer.", words(&self.strategy)),
            ));
        }
        let missing = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
        if missing(&self.alternate_target_group_arn) && !plan_makes_pieces {
            errors
                .push(FieldError::new("alternateTargetGroupArn", "Choose or create the alternate target group green's tasks register in."));
        }
        if missing(&self.production_listener_rule) && !plan_makes_pieces {
            errors
                .push(FieldError::new("productionListenerRule", "Choose the listener rule that sends production traffic to the service."));
        }
        if !missing(&self.test_listener_rule) && self.test_listener_rule == self.production_listener_rule {
            errors.push(FieldError::new("testListenerRule", "The test listener rule must differ from the production rule."));
        }
        if missing(&self.role_arn) {
            errors.push(FieldError::new("roleArn", "Choose ECS's infrastructure role, which changes the listener rules."));
        }
        if !(0..=1440).contains(&self.bake_time_in_minutes) {
            errors.push(FieldError::new("bakeTimeInMinutes", "Bake time is 0–1,440 minutes."));
        }
        if self.strategy == "LINEAR" {
            if !(3.0..=100.0).contains(&self.step_percent) {
                errors.push(FieldError::new("stepPercent", "A linear step is 3–100% of production traffic."));
            }
            if !(0..=1440).contains(&self.step_bake_time_in_minutes) {
                errors.push(FieldError::new("stepBakeTimeInMinutes", "A step's bake time is 0–1,440 minutes."));
            }
        }
        if self.strategy == "CANARY" {
            if !(0.1..=100.0).contains(&self.canary_percent) {
                errors.push(FieldError::new("canaryPercent", "The canary is 0.1–100% of production traffic."));
            }
            if !(0..=1440).contains(&self.canary_bake_time_in_minutes) {
                errors.push(FieldError::new("canaryBakeTimeInMinutes", "The canary's bake time is 0–1,440 minutes."));
            }
        }
        for (i, h) in self.hooks.iter().enumerate() {
            let field = |f: &str| format!("hooks[{i}].{f}");
            if h.stages.is_empty() {
                errors.push(FieldError::new(field("stages"), "Choose the stage the hook runs at."));
            }
            for stage in &h.stages {
                if !HOOK_STAGES.contains(&stage.as_str()) {
                    errors.push(FieldError::new(field("stages"), format!("{stage} is not a stage a hook can run at.")));
                } else if h.target_type == "PAUSE" && matches!(stage.as_str(), "TEST_TRAFFIC_SHIFT" | "PRODUCTION_TRAFFIC_SHIFT") {
                    errors.push(FieldError::new(field("stages"), format!("A pause cannot run at {stage}; only a Lambda hook can.")));
                }
            }
            if h.target_type == "AWS_LAMBDA" {
                if missing(&h.function_arn) {
                    errors.push(FieldError::new(field("functionArn"), "A Lambda hook needs its function's ARN."));
                }
                if missing(&h.role_arn) {
                    errors.push(FieldError::new(field("roleArn"), "A Lambda hook needs the role ECS invokes it with."));
                }
            } else if h.target_type != "PAUSE" {
                errors.push(FieldError::new(field("targetType"), "A hook is a pause or a Lambda function."));
            }
            if !(1..=20_160).contains(&h.timeout_minutes) {
                errors.push(FieldError::new(field("timeoutMinutes"), "A hook waits 1–20,160 minutes (14 days)."));
            }
            if !matches!(h.timeout_action.as_str(), "ROLLBACK" | "CONTINUE") {
                errors.push(FieldError::new(field("timeoutAction"), "When it times out, the deployment rolls back or continues."));
            }
        }
        errors
    }

    /// The deployment configuration with these settings written in.
    pub fn apply(&self, config: &mut DeploymentConfiguration) {
        config.strategy = Some(ecs::DeploymentStrategy::from(self.strategy.as_str()));
        if !self.shifts_traffic() {
            return;
        }
        config.bake_time_in_minutes = Some(self.bake_time_in_minutes);
        if self.strategy == "LINEAR" {
            config.linear_configuration = Some(
                ecs::LinearConfiguration::builder()
                    .step_percent(self.step_percent)
                    .step_bake_time_in_minutes(self.step_bake_time_in_minutes)
                    .build(),
            );
        }
        if self.strategy == "CANARY" {
            config.canary_configuration = Some(
                ecs::CanaryConfiguration::builder()
                    .canary_percent(self.canary_percent)
                    .canary_bake_time_in_minutes(self.canary_bake_time_in_minutes)
                    .build(),
            );
        }
        config.lifecycle_hooks = Some(
            self.hooks
                .iter()
                .map(|h| {
                    ecs::DeploymentLifecycleHook::builder()
                        .target_type(ecs::DeploymentLifecycleHookTargetType::from(h.target_type.as_str()))
                        .set_hook_target_arn(h.function_arn.clone())
                        .set_role_arn(h.role_arn.clone())
                        .set_lifecycle_stages(Some(h.stages.iter().map(|s| ecs::DeploymentLifecycleHookStage::from(s.as_str())).collect()))
                        .timeout_configuration(
                            ecs::DeploymentLifecycleHookTimeoutConfiguration::builder()
                                .timeout_in_minutes(h.timeout_minutes)
                                .action(ecs::DeploymentLifecycleHookAction::from(h.timeout_action.as_str()))
                                .build(),
                        )
                        .build()
                })
                .collect(),
        );
    }

    /// The service's load balancers with this advancedConfiguration on the first.
    pub fn load_balancers(&self, service: &Service) -> Vec<ecs::LoadBalancer> {
        service
            .load_balancers
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let advanced = (i == 0 && self.shifts_traffic()).then(|| {
                    ecs::AdvancedConfiguration::builder()
                        .set_alternate_target_group_arn(self.alternate_target_group_arn.clone())
                        .set_production_listener_rule(self.production_listener_rule.clone())
                        .set_test_listener_rule(self.test_listener_rule.clone().filter(|t| !t.is_empty()))
                        .set_role_arn(self.role_arn.clone())
                        .build()
                });
                ecs::LoadBalancer::builder()
                    .set_target_group_arn(l.target_group_arn.clone())
                    .set_load_balancer_name(l.load_balancer_name.clone())
                    .container_name(&l.container_name)
                    .container_port(l.container_port)
                    .set_advanced_configuration(advanced)
                    .build()
            })
            .collect()
    }
}

fn words(strategy: &str) -> &'static str {
    match strategy {
        "BLUE_GREEN" => "A blue/green deployment",
        "LINEAR" => "A linear deployment",
        "CANARY" => "A canary deployment",
        _ => "A rolling deployment",
    }
}

/// A target group or listener rule a form can offer.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Choice {
    pub arn: String,
    pub label: String,
}

/// What the shifting strategies can use for a service behind a load balancer.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ShiftChoices {
    pub target_group_arn: String,
    pub load_balancer_arn: String,
    /// Target groups of the same load balancer and target type, other than the service's.
    pub alternates: Vec<Choice>,
    /// The load balancer's listener rules, the default ones included.
    pub rules: Vec<Choice>,
}

/// The target group a service's (first) load balancer forwards to.
pub fn service_target_group(service: &Service) -> Result<String> {
    service.load_balancers.iter().find_map(|l| l.target_group_arn.clone()).ok_or_else(|| {
        CoreError::Invalid(FieldError::new("strategy", "The service has no load balancer: only a rolling deployment is possible."))
    })
}

/// What a shift from `target_group_arn` can use; `current_alternate` is the group a
/// blue/green deployment used before (offered even when another load balancer holds it).
pub async fn choices(clients: &Clients, target_group_arn: &str, current_alternate: Option<&str>) -> Result<ShiftChoices> {
    let tg = load_balancers::describe_target_group(clients, target_group_arn).await?;
    let lb = tg.load_balancer_arns.first().cloned().unwrap_or_default();
    let mut alternates: Vec<Choice> = load_balancers::target_groups(clients, None)
        .await?
        .into_iter()
        .filter(|t| t.target_group_arn != tg.target_group_arn && t.target_type == tg.target_type)
        .filter(|t| t.load_balancer_arns.is_empty() || t.load_balancer_arns.contains(&lb))
        .map(|t| Choice { label: t.target_group_name.clone(), arn: t.target_group_arn })
        .collect();
    if let Some(a) = current_alternate.filter(|a| !alternates.iter().any(|c| c.arn == *a)) {
        alternates.push(Choice { arn: a.to_string(), label: a.split('/').nth(1).unwrap_or(a).to_string() });
    }
    let mut rules = vec![];
    let listeners =
        clients.elb.describe_listeners().load_balancer_arn(&lb).send().await.map_err(|e| CoreError::from_sdk("DescribeListeners", e))?;
    for l in listeners.listeners() {
        let port = l.port().unwrap_or_default();
        for r in listener_rules(clients, l.listener_arn().unwrap_or_default()).await? {
            let conditions: Vec<String> = r
                .conditions()
                .iter()
                .map(|c| {
                    let values: Vec<String> = c
                        .values()
                        .iter()
                        .cloned()
                        .chain(
                            c.http_header_config()
                                .map(|h| format!("{}: {}", h.http_header_name().unwrap_or_default(), h.values().join(","))),
                        )
                        .collect();
                    format!("{} {}", c.field().unwrap_or_default(), values.join(", "))
                })
                .collect();
            let label = if r.is_default().unwrap_or(false) {
                format!("Port {port}: default rule")
            } else {
                format!("Port {port}: priority {} ({})", r.priority().unwrap_or_default(), conditions.join("; "))
            };
            rules.push(Choice { arn: r.rule_arn().unwrap_or_default().to_string(), label });
        }
    }
    Ok(ShiftChoices { target_group_arn: tg.target_group_arn, load_balancer_arn: lb, alternates, rules })
}

async fn listener_rules(clients: &Clients, listener_arn: &str) -> Result<Vec<elb::Rule>> {
    let out = clients.elb.describe_rules().listener_arn(listener_arn).send().await.map_err(|e| CoreError::from_sdk("DescribeRules", e))?;
    Ok(out.rules().to_vec())
}

/// The name of the second group made for green: the first's with `-alt` (32 characters
/// at most, as ELB allows).
pub fn alternate_name(target_group_name: &str) -> String {
    let mut name = format!("{}-alt", target_group_name.chars().take(28).collect::<String>());
    name.truncate(32);
    name
}

/// A second target group like `target_group_arn` (`<name>-alt`), for green's tasks.
pub async fn create_alternate_target_group(clients: &Clients, target_group_arn: &str) -> Result<Choice> {
    let tg = load_balancers::describe_target_group(clients, target_group_arn).await?;
    let name = alternate_name(&tg.target_group_name);
    let out = clients
        .elb
        .create_target_group()
        .name(&name)
        .protocol(elb::ProtocolEnum::Http)
        .port(tg.port)
        .target_type(elb::TargetTypeEnum::from(tg.target_type.as_str()))
        .vpc_id(&tg.vpc_id)
        .set_health_check_path(tg.health_check_path.clone())
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("CreateTargetGroup", e))?;
    let arn = out.target_groups().first().and_then(|t| t.target_group_arn()).unwrap_or_default().to_string();
    Ok(Choice { arn, label: name })
}

/// On the first listener of the load balancer `target_group_arn` is attached to: see
/// [`add_listener_rules`].
pub async fn create_listener_rules(clients: &Clients, target_group_arn: &str) -> Result<(Choice, Choice)> {
    let tg = load_balancers::describe_target_group(clients, target_group_arn).await?;
    let lb = tg.load_balancer_arns.first().cloned().unwrap_or_default();
    let listeners =
        clients.elb.describe_listeners().load_balancer_arn(&lb).send().await.map_err(|e| CoreError::from_sdk("DescribeListeners", e))?;
    let listener = listeners.listeners().first().and_then(|l| l.listener_arn()).map(str::to_string).ok_or_else(|| {
        CoreError::Invalid(FieldError::new("productionListenerRule", "The target group's load balancer has no listener to add rules to."))
    })?;
    add_listener_rules(clients, &listener, target_group_arn).await
}

/// A test rule (requests with the header `X-Test: 1`) and a production rule for
/// everything else (`/*`) on `listener_arn`, both forwarding to `target_group_arn`, at
/// the two lowest priorities the listener has free (the test rule first, so it is
/// matched before the catch-all): (production, test).
pub async fn add_listener_rules(clients: &Clients, listener_arn: &str, target_group_arn: &str) -> Result<(Choice, Choice)> {
    let taken: Vec<i32> =
        listener_rules(clients, listener_arn).await?.iter().filter_map(|r| r.priority().and_then(|p| p.parse().ok())).collect();
    let mut free = (1..=50_000).filter(|p| !taken.contains(p));
    let (test_priority, production_priority) = (free.next().unwrap_or(1), free.next().unwrap_or(2));
    let forward = elb::Action::builder().r#type(elb::ActionTypeEnum::Forward).target_group_arn(target_group_arn).build();
    let rule = |priority: i32, condition: elb::RuleCondition| {
        clients.elb.create_rule().listener_arn(listener_arn).priority(priority).conditions(condition).actions(forward.clone()).send()
    };
    let header = elb::HttpHeaderConditionConfig::builder().http_header_name("X-Test").values("1").build();
    let test = rule(test_priority, elb::RuleCondition::builder().field("http-header").http_header_config(header).build())
        .await
        .map_err(|e| CoreError::from_sdk("CreateRule", e))?;
    let production = rule(production_priority, elb::RuleCondition::builder().field("path-pattern").values("/*").build())
        .await
        .map_err(|e| CoreError::from_sdk("CreateRule", e))?;
    let arn = |out: &aws_sdk_elasticloadbalancingv2::operation::create_rule::CreateRuleOutput| {
        out.rules().first().and_then(|r| r.rule_arn()).unwrap_or_default().to_string()
    };
    Ok((
        Choice { arn: arn(&production), label: format!("priority {production_priority} (path-pattern /*)") },
        Choice { arn: arn(&test), label: format!("priority {test_priority} (http-header X-Test: 1)") },
    ))
}

/// The rules [`add_listener_rules`] made on `listener_arn` for `target_group_arn`, if
/// they are there: (production, test).
pub async fn find_listener_rules(
    clients: &Clients,
    listener_arn: &str,
    target_group_arn: &str,
) -> Result<(Option<String>, Option<String>)> {
    let (mut production, mut test) = (None, None);
    for r in listener_rules(clients, listener_arn).await? {
        let forwards_here = r.actions().iter().any(|a| {
            a.target_group_arn() == Some(target_group_arn)
                || a.forward_config().is_some_and(|f| f.target_groups().iter().any(|t| t.target_group_arn() == Some(target_group_arn)))
        });
        if !forwards_here || r.is_default().unwrap_or(false) {
            continue;
        }
        for c in r.conditions() {
            if c.field() == Some("path-pattern") && c.values() == ["/*"] {
                production = r.rule_arn().map(str::to_string);
            }
            if c.http_header_config().is_some_and(|h| h.http_header_name() == Some("X-Test")) {
                test = r.rule_arn().map(str::to_string);
            }
        }
    }
    Ok((production, test))
}

/// `aws ecs continue-service-deployment …` for a paused hook.
pub fn continue_cli(clients: &Clients, deployment_arn: &str, hook_id: &str, action: &str) -> String {
    format!(
        "aws ecs continue-service-deployment --service-deployment-arn {deployment_arn} --hook-id {hook_id} --action {action}{}",
        clients.cli_target()
    )
}

/// Answers a hook awaiting action: CONTINUE or ROLLBACK.
pub async fn continue_deployment(clients: &Clients, deployment_arn: &str, hook_id: &str, action: &str) -> Result<String> {
    if !matches!(action, "CONTINUE" | "ROLLBACK") {
        return Err(FieldError::new("action", "Continue or roll back.").into());
    }
    let out = clients
        .ecs
        .continue_service_deployment()
        .service_deployment_arn(deployment_arn)
        .hook_id(hook_id)
        .action(ecs::DeploymentLifecycleHookAction::from(action))
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("ContinueServiceDeployment", e))?;
    Ok(out.service_deployment_arn().unwrap_or(deployment_arn).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blue_green() -> StrategySettings {
        StrategySettings {
            strategy: "BLUE_GREEN".into(),
            alternate_target_group_arn: Some("tg-b".into()),
            production_listener_rule: Some("rule-p".into()),
            role_arn: Some("arn:aws:iam::1:role/ecsInfrastructureRoleForLoadBalancers".into()),
            ..Default::default()
        }
    }

    fn fields(s: &StrategySettings, lb: bool) -> Vec<String> {
        s.field_errors(lb).into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn strategies_follow_ecs_rules() {
        assert!(fields(&StrategySettings::default(), false).is_empty(), "rolling needs nothing more");
        assert!(fields(&blue_green(), true).is_empty());
        assert_eq!(fields(&blue_green(), false), vec!["strategy"], "blue/green needs a load balancer");
        let same = StrategySettings { test_listener_rule: Some("rule-p".into()), ..blue_green() };
        assert_eq!(fields(&same, true), vec!["testListenerRule"]);
        let linear = StrategySettings { strategy: "LINEAR".into(), step_percent: 2.0, ..blue_green() };
        assert_eq!(fields(&linear, true), vec!["stepPercent"]);
        let canary = StrategySettings { strategy: "CANARY".into(), canary_percent: 0.05, ..blue_green() };
        assert_eq!(fields(&canary, true), vec!["canaryPercent"]);
        let pause = LifecycleHook {
            target_type: "PAUSE".into(),
            function_arn: None,
            role_arn: None,
            stages: vec!["PRODUCTION_TRAFFIC_SHIFT".into()],
            timeout_minutes: 60,
            timeout_action: "ROLLBACK".into(),
        };
        let hooked = StrategySettings { hooks: vec![pause.clone()], ..blue_green() };
        assert_eq!(fields(&hooked, true), vec!["hooks[0].stages"], "no pause at a traffic shift");
        let lambda = LifecycleHook { target_type: "AWS_LAMBDA".into(), stages: vec!["POST_SCALE_UP".into()], ..pause };
        assert_eq!(
            fields(&StrategySettings { hooks: vec![lambda], ..blue_green() }, true),
            vec!["hooks[0].functionArn", "hooks[0].roleArn"]
        );
    }
}
