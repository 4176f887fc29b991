//! Blue/green, linear and canary deployments: the green tasks start behind the alternate
//! target group while blue keeps serving, then ECS walks the lifecycle stages (developer
//! guide, blue-green-deployment-how-it-works): PRE_SCALE_UP, SCALE_UP, POST_SCALE_UP,
//! TEST_TRAFFIC_SHIFT (the test rule to green), POST_TEST_TRAFFIC_SHIFT,
//! PRE_PRODUCTION_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT (the production rule's weights:
//! all at once, in linear steps, or a canary then the rest, each step baked),
//! POST_PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME and CLEAN_UP (blue scaled down, the target
//! groups' roles swapped). Lifecycle hooks run at their stages: a PAUSE hook waits for
//! ContinueServiceDeployment or its timeout; a Lambda hook's answer is what the sandbox's
//! SetHookOutcome control says (it runs no Lambda), SUCCEEDED unless told. Rolled back at
//! any stage, production and test traffic return to blue and green is drained.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{client, invalid, Ecs};
use crate::elbv2::ElbV2;
use crate::error::AwsError;
use crate::util::{self, Input};

const STAGES: [&str; 10] = [
    "PRE_SCALE_UP",
    "SCALE_UP",
    "POST_SCALE_UP",
    "TEST_TRAFFIC_SHIFT",
    "POST_TEST_TRAFFIC_SHIFT",
    "PRE_PRODUCTION_TRAFFIC_SHIFT",
    "PRODUCTION_TRAFFIC_SHIFT",
    "POST_PRODUCTION_TRAFFIC_SHIFT",
    "BAKE_TIME",
    "CLEAN_UP",
];
/// The stages a lifecycle hook may name: RECONCILE_SERVICE and the walked stages but
/// SCALE_UP and CLEAN_UP (ECS-FACTS-DEPLOYMENTS §2).
pub(super) const HOOK_STAGES: [&str; 9] =
    ["RECONCILE_SERVICE", STAGES[0], STAGES[2], STAGES[3], STAGES[4], STAGES[5], STAGES[6], STAGES[7], STAGES[8]];
/// A Lambda hook's answer arrives this long after it is invoked; IN_PROGRESS asks again
/// after 30 s (ECS-FACTS-DEPLOYMENTS §4).
const LAMBDA_ANSWER_SECS: f64 = 5.0;
const LAMBDA_AGAIN_SECS: f64 = 30.0;

/// Where a shifting deployment stands, in the scheduler's memory of the service.
#[derive(Serialize, Deserialize, Clone, Debug, Default)]
#[serde(default)]
pub struct Shift {
    /// The service deployment (table key) this shift belongs to.
    pub record: String,
    /// The green legacy deployment (`ecs-svc/…`).
    pub green: String,
    pub blue_tg: String,
    pub green_tg: String,
    pub production_rule: String,
    pub test_rule: Option<String>,
    pub stage: usize,
    pub stage_since: f64,
    /// The hooks of this stage already run, and the one running (index into the record's
    /// lifecycleHookDetails) with when it started or was last asked.
    pub hooks_run: usize,
    pub hook: Option<usize>,
    pub hook_asked: f64,
    /// Green's share of production traffic, 0–100, and when the next step is due.
    pub green_weight: f64,
    pub next_step: f64,
    /// A rollback was asked for (StopServiceDeployment, ContinueServiceDeployment ROLLBACK).
    pub stop: Option<String>,
}

/// What the shift lets the rolling scheduler do this second.
pub struct ShiftControl {
    /// Blue's tasks stay (until CLEAN_UP).
    pub keep_blue: bool,
    /// Green may start its tasks (from SCALE_UP), all at once.
    pub start_green: bool,
    /// The deployment may complete (CLEAN_UP done).
    pub may_complete: bool,
    /// Roll back, with this reason.
    pub fail: Option<String>,
}

impl super::scheduler::ServiceSim {
    /// Each target group's share of production traffic while a shift moves it.
    pub fn traffic_weights(&self) -> Vec<(String, f64)> {
        match &self.shift {
            Some(s) => vec![(s.blue_tg.clone(), 100.0 - s.green_weight), (s.green_tg.clone(), s.green_weight)],
            None => vec![],
        }
    }
}

fn hook_id(kind: &str) -> String {
    let mut id = format!("ecs-{}-", if kind == "PAUSE" { "pause" } else { "lambda" });
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    while id.len() < 10 + 43 {
        let r = util::random_u64();
        id.push(ALPHABET[(r % ALPHABET.len() as u64) as usize] as char);
    }
    id
}

/// The lifecycleStage ECS reports: PRE_PRODUCTION_TRAFFIC_SHIFT takes hooks but is no
/// lifecycleStage value (ECS-FACTS-DEPLOYMENTS §1); the stage before it is reported.
fn reported(stage: &str) -> &str {
    if stage == "PRE_PRODUCTION_TRAFFIC_SHIFT" {
        "POST_TEST_TRAFFIC_SHIFT"
    } else {
        stage
    }
}

impl Ecs {
    /// Starts a shift for the service's new deployment when its strategy moves traffic.
    pub(super) fn begin_shift(&mut self, key: &str, service: &Value, record_key: &str, green: &str) {
        let config = &service["deploymentConfiguration"];
        if config["strategy"].as_str().unwrap_or("ROLLING") == "ROLLING" {
            return;
        }
        // A service's first deployment has no blue to shift from: its tasks simply start.
        let has_blue = service["deployments"].as_array().is_some_and(|d| d.iter().any(|d| d["id"] != green));
        if !has_blue {
            return;
        }
        let Some(lb) = service["loadBalancers"].as_array().and_then(|l| l.first()) else { return };
        let advanced = &lb["advancedConfiguration"];
        let sim = self.service_sim.entry_or_default(key.to_string());
        // A deployment that replaces one still shifting starts from where traffic is now.
        let shift = Shift {
            record: record_key.to_string(),
            green: green.to_string(),
            blue_tg: lb["targetGroupArn"].as_str().unwrap_or_default().to_string(),
            green_tg: advanced["alternateTargetGroupArn"].as_str().unwrap_or_default().to_string(),
            production_rule: advanced["productionListenerRule"].as_str().unwrap_or_default().to_string(),
            test_rule: advanced["testListenerRule"].as_str().map(String::from),
            stage: 0,
            stage_since: util::now(),
            ..Default::default()
        };
        sim.target_group_of.insert(green.to_string(), shift.green_tg.clone());
        sim.shift = Some(shift);
    }

    /// One second of the shift; None when the service is not shifting this deployment.
    pub(super) fn drive_shift(
        &mut self,
        key: &str,
        primary: &str,
        green_healthy: i64,
        desired: i64,
        t: f64,
        elbv2: &mut ElbV2,
    ) -> Option<ShiftControl> {
        let mut shift = self.service_sim.get(key)?.shift.clone().filter(|s| s.green == primary)?;
        let record = self.service_deployments.get(&shift.record)?.clone();
        let config = record["deploymentConfiguration"].clone();
        let mut control = ShiftControl { keep_blue: true, start_green: shift.stage >= 1, may_complete: false, fail: None };
        if let Some(reason) = shift.stop.take() {
            control.fail = Some(reason);
            self.store_shift(key, shift);
            return Some(control);
        }
        let mut details: Vec<Value> = record["lifecycleHookDetails"].as_array().cloned().unwrap_or_default();
        let mut stage = STAGES[shift.stage.min(STAGES.len() - 1)];
        // Hooks of this stage first, one at a time, in the order they are configured.
        let hooks: Vec<Value> = config["lifecycleHooks"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|h| h["lifecycleStages"].as_array().is_some_and(|s| s.iter().any(|x| x == stage)))
            .cloned()
            .collect();
        let mut waiting = false;
        if let Some(i) = shift.hook {
            let kind = details[i]["targetType"].as_str().unwrap_or_default().to_string();
            let expires = details[i]["expiresAt"].as_f64().unwrap_or(f64::MAX);
            let status = details[i]["status"].as_str().unwrap_or_default().to_string();
            match status.as_str() {
                "SUCCEEDED" => {
                    shift.hook = None;
                    shift.hooks_run += 1;
                }
                "FAILED" => {
                    control.fail = Some(format!("Lifecycle hook {} failed at {stage}.", details[i]["hookId"].as_str().unwrap_or_default()));
                }
                _ if t >= expires => {
                    details[i]["status"] = json!("TIMED_OUT");
                    if details[i]["timeoutAction"] == "CONTINUE" {
                        shift.hook = None;
                        shift.hooks_run += 1;
                    } else {
                        control.fail =
                            Some(format!("Lifecycle hook {} timed out at {stage}.", details[i]["hookId"].as_str().unwrap_or_default()));
                    }
                }
                _ if kind == "AWS_LAMBDA"
                    && t - shift.hook_asked
                        >= if status == "IN_PROGRESS" && shift.hook_asked > 0.0 { LAMBDA_AGAIN_SECS } else { LAMBDA_ANSWER_SECS } =>
                {
                    let function = details[i]["targetArn"].as_str().unwrap_or_default();
                    let answer = self.hook_outcomes.get(function).cloned().unwrap_or_else(|| "SUCCEEDED".into());
                    shift.hook_asked = t;
                    match answer.as_str() {
                        "SUCCEEDED" => details[i]["status"] = json!("SUCCEEDED"),
                        "FAILED" => details[i]["status"] = json!("FAILED"),
                        _ => waiting = true,
                    }
                }
                _ => waiting = true,
            }
        }
        if shift.hook.is_none() && control.fail.is_none() && shift.hooks_run < hooks.len() {
            let h = &hooks[shift.hooks_run];
            let kind = h["targetType"].as_str().unwrap_or("AWS_LAMBDA");
            let minutes = h["timeoutConfiguration"]["timeoutInMinutes"].as_f64().unwrap_or(1440.0);
            let mut detail = json!({
                "hookId": hook_id(kind),
                "targetType": kind,
                "status": if kind == "PAUSE" { "AWAITING_ACTION" } else { "IN_PROGRESS" },
                "expiresAt": t + minutes * 60.0,
                "timeoutAction": h["timeoutConfiguration"]["action"].as_str().unwrap_or("ROLLBACK"),
                "_stage": stage,
            });
            if let Some(f) = h["hookTargetArn"].as_str() {
                detail["targetArn"] = json!(f);
            }
            details.push(detail);
            shift.hook = Some(details.len() - 1);
            shift.hook_asked = t;
            waiting = true;
        }
        let hooks_done = shift.hook.is_none() && shift.hooks_run >= hooks.len() && !waiting;
        if control.fail.is_none() && hooks_done {
            let advance = match stage {
                "SCALE_UP" => green_healthy >= desired,
                "TEST_TRAFFIC_SHIFT" => {
                    if let Some(rule) = &shift.test_rule {
                        elbv2.set_forward(rule, &[(shift.green_tg.clone(), 1)]);
                    }
                    true
                }
                "PRODUCTION_TRAFFIC_SHIFT" => {
                    let step = match config["strategy"].as_str() {
                        Some("LINEAR") => config["linearConfiguration"]["stepPercent"].as_f64().unwrap_or(10.0),
                        Some("CANARY") if shift.green_weight == 0.0 => {
                            config["canaryConfiguration"]["canaryPercent"].as_f64().unwrap_or(5.0)
                        }
                        _ => 100.0,
                    };
                    let wait = match config["strategy"].as_str() {
                        Some("LINEAR") => config["linearConfiguration"]["stepBakeTimeInMinutes"].as_f64().unwrap_or(6.0),
                        Some("CANARY") => config["canaryConfiguration"]["canaryBakeTimeInMinutes"].as_f64().unwrap_or(10.0),
                        _ => 0.0,
                    } * 60.0;
                    if t >= shift.next_step {
                        shift.green_weight = (shift.green_weight + step).min(100.0);
                        let g = shift.green_weight.round() as i64;
                        elbv2.set_forward(&shift.production_rule, &[(shift.blue_tg.clone(), 100 - g), (shift.green_tg.clone(), g)]);
                        // No wait after the last step.
                        shift.next_step = t + wait;
                    }
                    shift.green_weight >= 100.0
                }
                "BAKE_TIME" => t - shift.stage_since >= config["bakeTimeInMinutes"].as_f64().unwrap_or(0.0) * 60.0,
                "CLEAN_UP" => {
                    control.keep_blue = false;
                    control.may_complete = true;
                    false
                }
                _ => true,
            };
            if advance && shift.stage + 1 < STAGES.len() {
                shift.stage += 1;
                shift.stage_since = t;
                shift.hooks_run = 0;
                stage = STAGES[shift.stage];
                control.start_green = shift.stage >= 1;
                if stage == "CLEAN_UP" {
                    self.swap_target_groups(key, &shift);
                }
            }
        }
        let green_weight = shift.green_weight;
        let test_weight = if shift.stage >= 4 && shift.test_rule.is_some() { 100.0 } else { 0.0 };
        if let Some(r) = self.service_deployments.get_mut(&shift.record) {
            r["lifecycleStage"] = json!(reported(stage));
            r["lifecycleHookDetails"] = json!(details);
            r["targetServiceRevision"]["requestedProductionTrafficWeight"] = json!(green_weight);
            r["targetServiceRevision"]["requestedTestTrafficWeight"] = json!(test_weight);
            for s in r["sourceServiceRevisions"].as_array_mut().into_iter().flatten() {
                s["requestedProductionTrafficWeight"] = json!(100.0 - green_weight);
                s["requestedTestTrafficWeight"] = json!(100.0 - test_weight);
            }
        }
        self.store_shift(key, shift);
        Some(control)
    }

    fn store_shift(&mut self, key: &str, shift: Shift) {
        self.service_sim.entry_or_default(key.to_string()).shift = Some(shift);
    }

    /// At CLEAN_UP green is the production target group: the next deployment's green is
    /// the group blue used, as ECS swaps their roles.
    fn swap_target_groups(&mut self, key: &str, shift: &Shift) {
        if let Some(lb) = self.services.get_mut(key).and_then(|s| s["loadBalancers"].as_array_mut()).and_then(|l| l.first_mut()) {
            lb["targetGroupArn"] = json!(shift.green_tg);
            lb["advancedConfiguration"]["alternateTargetGroupArn"] = json!(shift.blue_tg);
        }
    }

    /// Production and test traffic back to blue; the shift ends.
    pub(super) fn shift_traffic_back(&mut self, key: &str, elbv2: &mut ElbV2) {
        let Some(shift) = self.service_sim.get_mut(key).and_then(|s| s.shift.take()) else { return };
        elbv2.set_forward(&shift.production_rule, &[(shift.blue_tg.clone(), 100), (shift.green_tg.clone(), 0)]);
        if let Some(rule) = &shift.test_rule {
            elbv2.set_forward(rule, &[(shift.blue_tg.clone(), 1)]);
        }
        if shift.stage >= STAGES.len() - 1 {
            // Cleaned up already: the roles were swapped; swap them back.
            self.swap_target_groups(key, &Shift { blue_tg: shift.green_tg, green_tg: shift.blue_tg, ..Default::default() });
        }
    }

    /// The shift is over: green serves production.
    pub(super) fn end_shift(&mut self, key: &str) {
        if let Some(sim) = self.service_sim.get_mut(key) {
            sim.shift = None;
        }
    }

    /// ContinueServiceDeployment: a PAUSE hook awaiting action goes on, or rolls back.
    pub(super) fn continue_service_deployment(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let arn = input.req_str("serviceDeploymentArn")?;
        let hook = input.req_str("hookId")?;
        let action = input.str("action")?.unwrap_or("CONTINUE");
        if !matches!(action, "CONTINUE" | "ROLLBACK") {
            return Err(invalid(format!("Invalid action '{action}': use CONTINUE or ROLLBACK.")));
        }
        let (record_key, record) = self
            .record_by_arn(arn)
            .map(|(k, r)| (k, r.clone()))
            .ok_or_else(|| AwsError::client("ServiceDeploymentNotFoundException", "The service deployment does not exist."))?;
        if record["status"] != "IN_PROGRESS" {
            return Err(AwsError::client(
                "ConflictException",
                format!("The service deployment is {} and cannot be continued.", record["status"].as_str().unwrap_or_default()),
            ));
        }
        let details = record["lifecycleHookDetails"].as_array().cloned().unwrap_or_default();
        let Some(i) = details.iter().position(|d| d["hookId"] == hook) else {
            return Err(invalid(format!("The hook {hook} is not a hook of this service deployment.")));
        };
        if details[i]["status"] != "AWAITING_ACTION" {
            return Err(client(format!(
                "The hook {hook} is not awaiting action; it is {}.",
                details[i]["status"].as_str().unwrap_or_default()
            )));
        }
        let service_key = record_key.rsplit_once('/').map(|(k, _)| k.to_string()).unwrap_or_default();
        if let Some(r) = self.service_deployments.get_mut(&record_key) {
            r["lifecycleHookDetails"][i]["status"] = json!(if action == "CONTINUE" { "SUCCEEDED" } else { "FAILED" });
            r["updatedAt"] = json!(util::now());
        }
        if action == "ROLLBACK" {
            if let Some(shift) = self.service_sim.get_mut(&service_key).and_then(|s| s.shift.as_mut()) {
                shift.stop = Some(format!("Rolled back at lifecycle hook {hook} by ContinueServiceDeployment."));
            }
        }
        Ok(json!({"serviceDeploymentArn": arn}))
    }

    /// What the Lambda hooks naming `function` answer now.
    pub fn hook_outcome(&self, function: &str) -> &str {
        self.hook_outcomes.get(function).map_or("SUCCEEDED", String::as_str)
    }

    /// The sandbox's stand-in for a Lambda hook's answer: SUCCEEDED, FAILED or IN_PROGRESS
    /// for every hook that names `functionArn`, until changed.
    pub fn set_hook_outcome(&mut self, function: &str, outcome: &str) -> Result<(), AwsError> {
        if !matches!(outcome, "SUCCEEDED" | "FAILED" | "IN_PROGRESS") {
            return Err(invalid(format!("outcome must be SUCCEEDED, FAILED or IN_PROGRESS; got {outcome}.")));
        }
        self.hook_outcomes.insert(function.to_string(), outcome.to_string());
        Ok(())
    }
}

/// Drops the bookkeeping (`_stage`) from hook details before ECS answers with them.
pub fn public_hook_details(record: &mut Value) {
    for d in record["lifecycleHookDetails"].as_array_mut().into_iter().flatten() {
        if let Some(o) = d.as_object_mut() {
            o.retain(|k, _| !k.starts_with('_'));
        }
    }
}
