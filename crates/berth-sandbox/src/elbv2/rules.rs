//! Listener rules: CreateRule, DescribeRules (with each listener's default rule, whose
//! actions are the listener's default actions), ModifyRule and DeleteRule, and the weighted
//! forward that ECS's blue/green, linear and canary deployments set on a production rule.

use serde_json::{json, Value};

use super::{validation, ElbV2};
use crate::error::AwsError;
use crate::util::{self, Input};

fn rule_not_found() -> AwsError {
    AwsError::client("RuleNotFound", "One or more rules not found")
}

fn listener_not_found() -> AwsError {
    AwsError::client("ListenerNotFound", "One or more listeners not found")
}

/// A listener's default rule ARN: stable, derived from the listener's.
fn default_rule_arn(listener_arn: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in listener_arn.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{}/{h:016x}", listener_arn.replacen(":listener/", ":listener-rule/", 1))
}

impl ElbV2 {
    fn default_rule(&self, listener: &Value) -> Value {
        let arn = listener["ListenerArn"].as_str().unwrap_or_default();
        json!({"RuleArn": default_rule_arn(arn), "Priority": "default", "Conditions": [], "Actions": listener["DefaultActions"], "IsDefault": true, "_listener": arn})
    }

    /// Any rule by ARN, default ones included.
    pub fn rule(&self, arn: &str) -> Option<Value> {
        if let Some(r) = self.rules.get(arn) {
            return Some(r.clone());
        }
        self.listeners
            .values()
            .find(|l| default_rule_arn(l["ListenerArn"].as_str().unwrap_or_default()) == arn)
            .map(|l| self.default_rule(l))
    }

    /// The load balancer a rule's listener belongs to.
    pub fn rule_load_balancer(&self, arn: &str) -> Option<String> {
        let rule = self.rule(arn)?;
        self.listeners.get(rule["_listener"].as_str()?)?["LoadBalancerArn"].as_str().map(String::from)
    }

    /// The target groups a rule forwards to, with their weights.
    pub fn forwards(&self, arn: &str) -> Vec<(String, i64)> {
        let Some(rule) = self.rule(arn) else { return vec![] };
        rule["Actions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|a| a["Type"] == "forward")
            .flat_map(|a| a["ForwardConfig"]["TargetGroups"].as_array().cloned().unwrap_or_default())
            .filter_map(|t| Some((t["TargetGroupArn"].as_str()?.to_string(), t["Weight"].as_i64().unwrap_or(1))))
            .collect()
    }

    /// What ECS does to a production or test rule: forward to these target groups with
    /// these weights (as ModifyRule with a ForwardConfig).
    pub fn set_forward(&mut self, arn: &str, weights: &[(String, i64)]) {
        let mut action = json!({
            "Type": "forward",
            "ForwardConfig": {
                "TargetGroups": weights.iter().map(|(tg, w)| json!({"TargetGroupArn": tg, "Weight": w})).collect::<Vec<_>>(),
                "TargetGroupStickinessConfig": {"Enabled": false},
            },
        });
        if let [(tg, _)] = weights {
            action["TargetGroupArn"] = json!(tg);
        }
        // As ModifyRule does, a group forwarded to belongs to the rule's load balancer.
        if let Some(lb) = self.rule_load_balancer(arn) {
            let groups: Vec<String> = weights.iter().map(|(tg, _)| tg.clone()).collect();
            self.associate(&groups, &lb);
        }
        if let Some(r) = self.rules.get_mut(arn) {
            r["Actions"] = json!([action]);
            return;
        }
        let listener = self.listeners.iter().find(|(k, _)| default_rule_arn(k) == arn).map(|(k, _)| k.clone());
        if let Some(l) = listener.and_then(|k| self.listeners.get_mut(&k)) {
            l["DefaultActions"] = json!([action]);
        }
    }

    fn public_rule(rule: &Value) -> Value {
        let mut r = rule.clone();
        if let Some(o) = r.as_object_mut() {
            o.remove("_listener");
        }
        r
    }

    fn conditions(input: &Input<'_>) -> Result<Vec<Value>, AwsError> {
        let list = input.list("Conditions")?;
        let mut out = vec![];
        for c in list {
            let field = c.req_str("Field")?;
            if !matches!(field, "path-pattern" | "host-header" | "http-header" | "http-request-method" | "query-string" | "source-ip") {
                return Err(validation(format!("Condition field '{field}' is not valid")));
            }
            out.push(c.value.clone());
        }
        Ok(out)
    }

    pub(super) fn create_rule(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let listener_arn = input.req_str("ListenerArn")?.to_string();
        let listener = self.listeners.get(&listener_arn).cloned().ok_or_else(listener_not_found)?;
        let priority = input.int("Priority")?.ok_or_else(|| validation("A priority must be specified".into()))?;
        if !(1..=50_000).contains(&priority) {
            return Err(validation(format!("Priority '{priority}' must be between 1 and 50000")));
        }
        let wanted = priority.to_string();
        if self.rules.values().any(|r| r["_listener"] == listener_arn.as_str() && r["Priority"].as_str() == Some(wanted.as_str())) {
            return Err(AwsError::client("PriorityInUse", format!("Priority '{priority}' is currently in use")));
        }
        let conditions = Self::conditions(&input)?;
        if conditions.is_empty() {
            return Err(validation("A rule must have at least one condition".into()));
        }
        let lb = listener["LoadBalancerArn"].as_str().unwrap_or_default().to_string();
        let (actions, groups) = self.parse_actions(input.list("Actions")?, &lb)?;
        if actions.is_empty() {
            return Err(validation("A rule must have at least one action".into()));
        }
        self.associate(&groups, &lb);
        let arn = format!("{}/{}", listener_arn.replacen(":listener/", ":listener-rule/", 1), util::hex_id(16));
        let rule = json!({"RuleArn": arn, "Priority": priority.to_string(), "Conditions": conditions, "Actions": actions, "IsDefault": false, "_listener": listener_arn});
        self.rules.insert(arn, rule.clone());
        Ok(json!({"Rules": [Self::public_rule(&rule)]}))
    }

    fn associate(&mut self, groups: &[String], lb: &str) {
        for tg in groups {
            if let Some(list) = self.target_groups.get_mut(tg).and_then(|t| t["LoadBalancerArns"].as_array_mut()) {
                if !list.iter().any(|x| x == lb) {
                    list.push(json!(lb));
                }
            }
        }
    }

    pub(super) fn describe_rules(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let listener = input.str("ListenerArn")?;
        let arns = input.str_list("RuleArns")?;
        let mut out = vec![];
        match (listener, arns.is_empty()) {
            (Some(l), true) => {
                let listener = self.listeners.get(l).ok_or_else(listener_not_found)?;
                let mut mine: Vec<&Value> = self.rules.values().filter(|r| r["_listener"] == l).collect();
                mine.sort_by_key(|r| r["Priority"].as_str().and_then(|p| p.parse::<i64>().ok()).unwrap_or(i64::MAX));
                out.extend(mine.into_iter().map(Self::public_rule));
                out.push(Self::public_rule(&self.default_rule(listener)));
            }
            (None, false) => {
                for a in arns {
                    out.push(Self::public_rule(&self.rule(a).ok_or_else(rule_not_found)?));
                }
            }
            _ => return Err(validation("You must specify either listener ARN or rule ARNs, but not both".into())),
        }
        Ok(json!({"Rules": out}))
    }

    pub(super) fn modify_rule(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let arn = input.req_str("RuleArn")?.to_string();
        let rule = self.rule(&arn).ok_or_else(rule_not_found)?;
        let is_default = rule["IsDefault"] == true;
        if is_default && input.has("Conditions") {
            return Err(AwsError::client("OperationNotPermitted", "The default rule cannot have conditions"));
        }
        let listener = rule["_listener"].as_str().unwrap_or_default().to_string();
        let lb = self.listeners.get(&listener).and_then(|l| l["LoadBalancerArn"].as_str()).unwrap_or_default().to_string();
        if input.has("Actions") {
            let (actions, groups) = self.parse_actions(input.list("Actions")?, &lb)?;
            if actions.is_empty() {
                return Err(validation("A rule must have at least one action".into()));
            }
            self.associate(&groups, &lb);
            match self.rules.get_mut(&arn) {
                Some(r) => r["Actions"] = json!(actions),
                None => {
                    if let Some(l) = self.listeners.get_mut(&listener) {
                        l["DefaultActions"] = json!(actions);
                    }
                }
            }
        }
        if input.has("Conditions") {
            let conditions = Self::conditions(&input)?;
            if conditions.is_empty() {
                return Err(validation("A rule must have at least one condition".into()));
            }
            if let Some(r) = self.rules.get_mut(&arn) {
                r["Conditions"] = json!(conditions);
            }
        }
        let rule = self.rule(&arn).ok_or_else(rule_not_found)?;
        Ok(json!({"Rules": [Self::public_rule(&rule)]}))
    }

    pub(super) fn delete_rule(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let arn = input.req_str("RuleArn")?;
        let rule = self.rule(arn).ok_or_else(rule_not_found)?;
        if rule["IsDefault"] == true {
            return Err(AwsError::client("OperationNotPermitted", "Default rule cannot be deleted"));
        }
        self.rules.remove(arn);
        Ok(json!({}))
    }
}
