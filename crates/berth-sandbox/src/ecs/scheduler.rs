//! The service scheduler, once per simulated second: keeps desiredCount tasks running,
//! replaces tasks that stop, rolls deployments within minimumHealthyPercent and
//! maximumPercent, trips the deployment circuit breaker (and rolls back), places EC2
//! tasks or says why it cannot, and writes service events in ECS's phrasing.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::capacity::Strategy;
use super::lifecycle::{Phase, TaskSim};
use super::placement::{Ask, Rules};
use super::tasks::Launch;
use super::{invalid, Ecs};
use crate::cloudwatch::CloudWatch;
use crate::ec2::Ec2;
use crate::elbv2::ElbV2;
use crate::util::{self, Input};

/// ECS keeps a service's 100 newest events.
const MAX_EVENTS: usize = 100;
/// How often the "unable to place a task" event repeats while nothing fits.
const UNPLACEABLE_EVENT_EVERY: f64 = 60.0;
/// Stopped tasks stay describable this long, as in ECS.
const STOPPED_TASK_RETENTION: f64 = 3600.0;

#[derive(Serialize, Deserialize, Default, Clone, Debug)]
#[serde(default)]
pub struct ServiceSim {
    /// The service had reached a steady state when last looked at.
    pub steady: bool,
    /// The task definition of the last deployment that completed, for rollbacks.
    pub last_completed: Option<String>,
    pub unplaceable_event_at: f64,
    /// The service deployment (its table key) that follows this service's rollout.
    pub current: Option<String>,
    /// The service revision each legacy deployment (`ecs-svc/…`) runs.
    pub revision_of: BTreeMap<String, String>,
    /// The revision of the last service deployment that succeeded, for rollbacks.
    pub last_good_revision: Option<String>,
    /// When the current rollout's tasks were first all healthy, for the alarms' bake.
    pub steady_since: Option<f64>,
    /// The alarms whose ALARM state failed the current rollout.
    pub alarm_failure: Option<Vec<String>>,
    /// What failed the current rollout (alarm, breaker or shift) and ECS's reason.
    pub failure: Option<(String, String)>,
    /// A blue/green, linear or canary rollout under way.
    pub shift: Option<super::traffic_shift::Shift>,
    /// The target group a legacy deployment's tasks register in, when not the service's
    /// own (green's, behind the alternate target group).
    pub target_group_of: BTreeMap<String, String>,
}

/// How one task of a service stands this second.
struct Standing {
    key: String,
    deployment: Option<String>,
    stopping: bool,
    running: bool,
    healthy: bool,
    /// Why the scheduler must replace it, if it fails its health checks.
    failed_check: Option<String>,
    created: f64,
    /// On a DRAINING container instance: replaced elsewhere, like a task of an older
    /// deployment, within minimum healthy and maximum percent.
    draining: bool,
}

fn standing(key: &str, sim: &TaskSim, elbv2: &ElbV2, grace: f64, t: f64) -> Standing {
    let running = sim.phase == Phase::Running && !sim.stopping;
    let container_verdict = !sim.checked.is_empty() && sim.health_at.is_none() && sim.phase == Phase::Running;
    let container_ok = sim.checked.is_empty() || (container_verdict && !sim.unhealthy);
    let target_states: Vec<Option<&str>> = sim.targets.iter().map(|tr| elbv2.target_state(&tr.target_group, &tr.id, tr.port)).collect();
    let targets_ok = target_states.iter().all(|s| *s == Some("healthy"));
    let mut failed_check = None;
    if running {
        if container_verdict && sim.unhealthy {
            failed_check = Some("Task failed container health checks".to_string());
        } else if let Some(i) = target_states.iter().position(|s| *s == Some("unhealthy")) {
            if sim.running_since.is_some_and(|r| t >= r + grace) {
                failed_check = Some(format!("Task failed ELB health checks in (target-group {})", sim.targets[i].target_group));
            }
        }
    }
    Standing {
        key: key.to_string(),
        deployment: sim.deployment.clone(),
        stopping: sim.stopping,
        running,
        healthy: running && container_ok && targets_ok,
        failed_check,
        created: sim.created,
        draining: false,
    }
}

fn task_id(key: &str) -> &str {
    key.rsplit('/').next().unwrap_or(key)
}

fn push_event(service: &mut Value, t: f64, message: String) {
    let name = service["serviceName"].as_str().unwrap_or_default().to_string();
    let event = json!({"id": util::uuid(), "createdAt": t, "message": format!("(service {name}) {message}")});
    let events = service["events"].as_array_mut();
    match events {
        Some(list) => {
            list.insert(0, event);
            list.truncate(MAX_EVENTS);
        }
        None => service["events"] = json!([event]),
    }
}

impl Ecs {
    /// One second of the scheduler for every service, then the stopped-task purge.
    pub(crate) fn schedule(&mut self, region: &str, t: f64, ec2: &Ec2, elbv2: &mut ElbV2, cloudwatch: &CloudWatch) -> bool {
        let mut changed = false;
        let failures = std::mem::take(&mut self.failures);
        let notes = std::mem::take(&mut self.notes);
        let mut by_service: HashMap<String, Vec<String>> = HashMap::new();
        for (key, sim) in &self.live {
            if let Some(s) = &sim.service {
                by_service.entry(s.clone()).or_default().push(key.clone());
            }
        }
        let keys: Vec<String> = self.services.iter().filter(|(_, s)| s["status"] != "INACTIVE").map(|(k, _)| k.clone()).collect();
        for key in keys {
            let tasks = by_service.remove(&key).unwrap_or_default();
            let failed: Vec<Option<String>> = failures.iter().filter(|f| f.service == key).map(|f| f.deployment.clone()).collect();
            let noted: Vec<String> = notes.iter().filter(|(s, _)| *s == key).map(|(_, m)| m.clone()).collect();
            if self.unsteppable.contains(&key) {
                continue;
            }
            let stepped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.schedule_service(region, &key, &tasks, &failed, noted, t, ec2, elbv2, cloudwatch)
            }));
            match stepped {
                Ok(c) => changed |= c,
                Err(panic) => {
                    // One service the simulation cannot step must not stop the others.
                    let why = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    tracing::error!("the sandbox cannot simulate service {key} ({why}); it is left as it is");
                    if let Some(service) = self.services.get_mut(&key) {
                        push_event(
                            service,
                            t,
                            format!("the sandbox could not simulate this service ({why}); it is left as it is until the sandbox restarts."),
                        );
                    }
                    self.unsteppable.insert(key);
                    changed = true;
                }
            }
        }
        while self.stopped_order.first().is_some_and(|(at, _)| t - at > STOPPED_TASK_RETENTION) {
            if let Some((_, key)) = self.stopped_order.pop_front() {
                self.tasks.remove(&key);
                self.task_json.remove(&key);
                changed = true;
            }
        }
        changed
    }

    #[allow(clippy::too_many_arguments)]
    fn schedule_service(
        &mut self,
        region: &str,
        key: &str,
        task_keys: &[String],
        failed: &[Option<String>],
        notes: Vec<String>,
        t: f64,
        ec2: &Ec2,
        elbv2: &mut ElbV2,
        cloudwatch: &CloudWatch,
    ) -> bool {
        let Some(service) = self.services.get(key) else { return false };
        let draining = service["status"] == "DRAINING";
        // Bounded again here: state written before the quotas were checked must not
        // overflow the arithmetic below.
        let desired = if draining { 0 } else { service["desiredCount"].as_i64().unwrap_or(0).clamp(0, super::MAX_TASKS_PER_SERVICE) };
        let config = &service["deploymentConfiguration"];
        let min_percent = config["minimumHealthyPercent"].as_i64().unwrap_or(100).clamp(0, 100);
        let max_percent = config["maximumPercent"].as_i64().unwrap_or(200).clamp(100, 100_000);
        let breaker = config["deploymentCircuitBreaker"]["enable"].as_bool().unwrap_or(false);
        let rollback = config["deploymentCircuitBreaker"]["rollback"].as_bool().unwrap_or(false);
        let grace = service["healthCheckGracePeriodSeconds"].as_f64().unwrap_or(0.0);
        let mut deployments: Vec<Value> = service["deployments"].as_array().cloned().unwrap_or_default();
        let mut events: Vec<String> = notes;

        let cluster_prefix = format!("{}/", key.split('/').next().unwrap_or_default());
        let draining_instances: Vec<&Value> = self
            .container_instances
            .range(cluster_prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&cluster_prefix))
            .filter(|(_, ci)| ci["status"] == "DRAINING")
            .map(|(_, ci)| &ci["containerInstanceArn"])
            .collect();
        let mut standings: Vec<Standing> = task_keys
            .iter()
            .filter_map(|k| {
                let sim = self.live.get(k)?;
                let mut s = standing(k, sim, elbv2, grace, t);
                s.draining = !draining_instances.is_empty()
                    && self.tasks.get(k).is_some_and(|task| draining_instances.contains(&&task["containerInstanceArn"]));
                Some(s)
            })
            .collect();
        // Touched only when it changes: every touched task is a row to write.
        for s in standings.iter().filter(|s| s.healthy) {
            if self.live.get(&s.key).is_some_and(|sim| !sim.was_healthy) {
                if let Some(sim) = self.live.get_mut(&s.key) {
                    sim.was_healthy = true;
                }
            }
        }

        // Failed deployments count their failures toward the circuit breaker.
        let mut failed_by: HashMap<String, i64> = HashMap::new();
        for d in failed.iter().flatten() {
            *failed_by.entry(d.clone()).or_default() += 1;
        }
        let mut stopped: Vec<String> = vec![];
        let mut stop = |ecs: &mut Ecs, s: &mut Standing, reason: &str| {
            ecs.begin_stop(&s.key, reason, "ServiceSchedulerInitiated");
            s.stopping = true;
            s.running = false;
            s.healthy = false;
            stopped.push(task_id(&s.key).to_string());
        };

        for s in standings.iter_mut() {
            if let Some(reason) = s.failed_check.clone() {
                let was_healthy = self.live.get(&s.key).is_some_and(|sim| sim.was_healthy);
                if !was_healthy {
                    if let Some(d) = &s.deployment {
                        *failed_by.entry(d.clone()).or_default() += 1;
                    }
                }
                stop(self, s, &reason);
            }
        }
        for d in deployments.iter_mut() {
            let id = d["id"].as_str().unwrap_or_default().to_string();
            if let Some(n) = failed_by.get(&id) {
                d["failedTasks"] = json!(d["failedTasks"].as_i64().unwrap_or(0) + n);
            }
        }

        let primary_id = deployments.first().and_then(|d| d["id"].as_str()).unwrap_or_default().to_string();
        let mut primary_state =
            deployments.first().map(|d| d["rolloutState"].as_str().unwrap_or("COMPLETED").to_string()).unwrap_or_default();

        // A blue/green, linear or canary rollout moves through its stages first.
        let green_healthy = standings.iter().filter(|s| s.deployment.as_deref() == Some(primary_id.as_str()) && s.healthy).count() as i64;
        let shift =
            if primary_state == "IN_PROGRESS" { self.drive_shift(key, &primary_id, green_healthy, desired, t, elbv2) } else { None };

        // What fails an unfinished deployment: a lifecycle hook or a rollback asked for, its
        // CloudWatch alarms in ALARM, or enough failed tasks for the circuit breaker. Each
        // says why and whether to roll back.
        let watch = if primary_state == "IN_PROGRESS" { self.alarm_watch(key, &primary_id, cloudwatch) } else { None };
        let mut failure: Option<(String, String, bool)> = shift.as_ref().and_then(|c| c.fail.clone()).map(|reason| {
            let event = format!("deployment failed: {}", reason.trim_end_matches('.'));
            (reason, format!("{event}."), true)
        });
        if let (None, Some((names, roll_back, _))) = (&failure, &watch) {
            let fired: Vec<String> = names.iter().filter(|n| cloudwatch.alarm_state(n) == Some("ALARM")).cloned().collect();
            if !fired.is_empty() {
                failure = Some((
                    format!("ECS deployment alarms: {} in ALARM.", fired.join(", ")),
                    format!("deployment failed: alarm detected ({}).", fired.join(", ")),
                    *roll_back,
                ));
                self.service_sim.entry_or_default(key.to_string()).alarm_failure = Some(fired);
            }
        }
        if failure.is_none() && breaker && primary_state == "IN_PROGRESS" {
            let threshold = ((desired as f64 / 2.0).ceil() as i64).clamp(3, 200);
            let failed_tasks = deployments[0]["failedTasks"].as_i64().unwrap_or(0);
            if failed_tasks >= threshold {
                failure = Some((
                    "ECS deployment circuit breaker: tasks failed to start.".into(),
                    "deployment failed: tasks failed to start.".into(),
                    rollback,
                ));
            }
        }
        if let Some((reason, event, rollback)) = failure {
            {
                let kind = if shift.as_ref().is_some_and(|c| c.fail.is_some()) {
                    "shift"
                } else if reason.starts_with("ECS deployment alarms") {
                    "alarm"
                } else {
                    "breaker"
                };
                self.service_sim.entry_or_default(key.to_string()).failure = Some((kind.to_string(), reason.clone()));
                deployments[0]["rolloutState"] = json!("FAILED");
                deployments[0]["rolloutStateReason"] = json!(reason);
                deployments[0]["updatedAt"] = json!(t);
                primary_state = "FAILED".into();
                events.push(format!("(deployment {primary_id}) {event}"));
                if shift.is_some() {
                    // Blue still runs: traffic goes back to it and green is drained.
                    self.shift_traffic_back(key, elbv2);
                    if let Some(i) = deployments.iter().skip(1).position(|d| d["rolloutState"] == "COMPLETED").map(|i| i + 1) {
                        let mut blue = deployments.remove(i);
                        blue["status"] = json!("PRIMARY");
                        deployments[0]["status"] = json!("ACTIVE");
                        primary_state = blue["rolloutState"].as_str().unwrap_or("COMPLETED").to_string();
                        let td = blue["taskDefinition"].clone();
                        events.push(format!(
                            "(deployment {primary_id}) deployment failed: rolling back to {}.",
                            td.as_str().unwrap_or_default()
                        ));
                        deployments.insert(0, blue);
                        if let Some(s) = self.services.get_mut(key) {
                            s["taskDefinition"] = td;
                        }
                    }
                }
                let last_completed = if shift.is_some() { None } else { self.service_sim.get(key).and_then(|s| s.last_completed.clone()) };
                let current_td = deployments[0]["taskDefinition"].as_str().unwrap_or_default().to_string();
                if let Some(previous) = last_completed.filter(|p| rollback && *p != current_td) {
                    let service = self.services.get(key).cloned().unwrap_or_default();
                    let launch = service["launchType"].as_str().unwrap_or("FARGATE").to_string();
                    let mut back = self.new_deployment(&service, &json!(previous), &launch, &service["networkConfiguration"]);
                    let sim = self.service_sim.entry_or_default(key.to_string());
                    if let (Some(id), Some(revision)) = (back["id"].as_str(), sim.last_good_revision.clone()) {
                        sim.revision_of.insert(id.to_string(), revision);
                    }
                    let by = if reason.starts_with("ECS deployment alarms") { "alarms" } else { "circuit breaker" };
                    back["rolloutStateReason"] =
                        json!(format!("ECS deployment {by}: rolling back to deploymentId {}.", back["id"].as_str().unwrap_or_default()));
                    for d in deployments.iter_mut() {
                        d["status"] = json!("ACTIVE");
                    }
                    events.push(format!("(deployment {primary_id}) deployment failed: rolling back to {previous}."));
                    deployments.insert(0, back);
                    if let Some(s) = self.services.get_mut(key) {
                        s["taskDefinition"] = json!(previous);
                    }
                    primary_state = "IN_PROGRESS".into();
                }
            }
        }
        let primary_id = deployments.first().and_then(|d| d["id"].as_str()).unwrap_or_default().to_string();
        // A task on a draining instance is replaced as if it belonged to an older deployment.
        let in_primary = |s: &Standing| s.deployment.as_deref() == Some(primary_id.as_str()) && !s.draining;

        // Scale in the primary deployment: pending tasks first, then the newest.
        let mut primary_active: Vec<usize> =
            (0..standings.len()).filter(|&i| in_primary(&standings[i]) && !standings[i].stopping).collect();
        if primary_active.len() as i64 > desired {
            primary_active.sort_by(|&a, &b| {
                standings[a].healthy.cmp(&standings[b].healthy).then(standings[b].created.total_cmp(&standings[a].created))
            });
            let excess = primary_active.len() - desired as usize;
            for &i in primary_active.iter().take(excess) {
                stop(self, &mut standings[i], &format!("Scaling activity initiated by (deployment {primary_id})"));
            }
        }

        // Older deployments give way: unhealthy tasks at once, healthy ones while the
        // service keeps its minimum healthy count.
        let min_healthy = ((desired * min_percent) as f64 / 100.0).ceil() as i64;
        let mut healthy_total = standings.iter().filter(|s| s.healthy).count() as i64;
        // Blue keeps serving while a shift has not reached CLEAN_UP.
        let keep_blue = shift.as_ref().is_some_and(|c| c.keep_blue && c.fail.is_none());
        let mut old: Vec<usize> =
            (0..standings.len()).filter(|&i| !keep_blue && !in_primary(&standings[i]) && !standings[i].stopping).collect();
        old.sort_by(|&a, &b| standings[a].healthy.cmp(&standings[b].healthy).then(standings[a].created.total_cmp(&standings[b].created)));
        for i in old {
            if standings[i].healthy {
                if healthy_total - 1 < min_healthy {
                    continue;
                }
                healthy_total -= 1;
            }
            let d = standings[i].deployment.clone().unwrap_or_default();
            stop(self, &mut standings[i], &format!("Scaling activity initiated by (deployment {d})"));
        }

        // Start tasks for the primary deployment within maximumPercent.
        let active_total = standings.iter().filter(|s| !s.stopping).count() as i64;
        let primary_count = standings.iter().filter(|s| in_primary(s) && !s.stopping).count() as i64;
        let max_total = (desired * max_percent) / 100;
        // A shift starts all of green at SCALE_UP beside blue, past maximumPercent.
        let room = match &shift {
            Some(c) if c.fail.is_none() => {
                if c.start_green {
                    desired
                } else {
                    0
                }
            }
            _ => (max_total - active_total).max(0),
        };
        let wanted = (desired - primary_count).max(0).min(room);
        let mut started: Vec<String> = vec![];
        if wanted > 0 && primary_state != "FAILED" && !draining {
            if let Some(primary) = deployments.first().cloned() {
                let result = self.launch_for_service(region, key, &primary, wanted as usize, primary_count as usize, ec2);
                match result {
                    Ok(ids) => started = ids,
                    Err((ids, reason)) => {
                        started = ids;
                        let sim = self.service_sim.entry_or_default(key.to_string());
                        if t - sim.unplaceable_event_at >= UNPLACEABLE_EVENT_EVERY {
                            sim.unplaceable_event_at = t;
                            events.push(reason);
                        }
                    }
                }
            }
        }
        if !started.is_empty() {
            let list: Vec<String> = started.iter().map(|id| format!("(task {id})")).collect();
            events.push(format!("has started {} tasks: {}.", started.len(), list.join(" ")));
        }
        if !stopped.is_empty() {
            let list: Vec<String> = stopped.iter().map(|id| format!("(task {id})")).collect();
            events.push(format!("has stopped {} running tasks: {}.", stopped.len(), list.join(" ")));
        }

        // Counts as ECS reports them, per deployment and for the service.
        let cluster = key.split('/').next().unwrap_or_default();
        let started_keys: Vec<String> = started.iter().map(|id| format!("{cluster}/{id}")).collect();
        let live_now: Vec<(Option<String>, bool, bool)> = task_keys
            .iter()
            .chain(started_keys.iter())
            .filter_map(|k| self.live.get(k))
            .map(|sim| (sim.deployment.clone(), sim.stopping, sim.phase == Phase::Running))
            .collect();
        let (mut running_total, mut pending_total) = (0, 0);
        for d in deployments.iter_mut() {
            let id = d["id"].as_str().unwrap_or_default().to_string();
            let mine = live_now.iter().filter(|(dep, stopping, _)| dep.as_deref() == Some(id.as_str()) && !stopping);
            let (running, pending) = mine.fold((0, 0), |(r, p), (_, _, is_running)| if *is_running { (r + 1, p) } else { (r, p + 1) });
            running_total += running;
            pending_total += pending;
            d["runningCount"] = json!(running);
            d["pendingCount"] = json!(pending);
            if id == primary_id {
                d["desiredCount"] = json!(desired);
            } else {
                d["desiredCount"] = json!(running + pending);
            }
        }
        // A deployment with nothing left leaves the list; the primary may complete.
        let primary_healthy = standings.iter().filter(|s| in_primary(s) && s.healthy).count() as i64;
        let old_left =
            deployments.iter().skip(1).any(|d| d["runningCount"].as_i64().unwrap_or(0) + d["pendingCount"].as_i64().unwrap_or(0) > 0);
        if !old_left {
            deployments.truncate(1);
        }
        let primary_pending = deployments.first().and_then(|d| d["pendingCount"].as_i64()).unwrap_or(0);
        let done = !old_left && primary_healthy >= desired && primary_pending == 0 && primary_count.max(primary_healthy) <= desired;
        // With deployment alarms, ECS watches them for a bake time after the tasks are
        // healthy before the deployment completes.
        let baked = match (&watch, done) {
            (Some((_, _, bake)), true) => {
                let sim = self.service_sim.entry_or_default(key.to_string());
                let since = *sim.steady_since.get_or_insert(t);
                t - since >= *bake
            }
            _ => true,
        };
        let shifted = shift.as_ref().is_none_or(|c| c.may_complete);
        if done && baked && shifted && primary_state == "IN_PROGRESS" {
            if shift.is_some() {
                self.end_shift(key);
            }
            if let Some(p) = deployments.first_mut() {
                p["rolloutState"] = json!("COMPLETED");
                p["rolloutStateReason"] = json!(format!("ECS deployment {primary_id} completed."));
                p["updatedAt"] = json!(t);
                let td = p["taskDefinition"].as_str().map(String::from);
                self.service_sim.entry_or_default(key.to_string()).last_completed = td;
            }
            events.push(format!("(deployment {primary_id}) deployment completed."));
        }
        let steady = done && started.is_empty() && stopped.is_empty() && !draining;
        let sim = self.service_sim.entry_or_default(key.to_string());
        if steady && !sim.steady {
            events.push("has reached a steady state.".to_string());
        }
        sim.steady = steady;

        let followed = self.follow_service_deployment(key, &deployments, t);
        let deployments = Value::Array(deployments);
        let Some(current) = self.services.get(key) else { return false };
        let settled = events.is_empty()
            && current["deployments"] == deployments
            && current["runningCount"] == json!(running_total)
            && current["pendingCount"] == json!(pending_total)
            && !(draining && live_now.is_empty());
        if settled {
            return followed;
        }
        let Some(service) = self.services.get_mut(key) else { return followed };
        let mut changed = followed || !events.is_empty() || service["deployments"] != deployments;
        service["deployments"] = deployments;
        service["runningCount"] = json!(running_total);
        service["pendingCount"] = json!(pending_total);
        for message in events {
            push_event(service, t, message);
        }
        if draining && live_now.is_empty() {
            service["status"] = json!("INACTIVE");
            changed = true;
        }
        changed
    }

    /// Starts up to `count` tasks of a deployment; on a placement failure, the tasks that
    /// did start and ECS's event text.
    fn launch_for_service(
        &mut self,
        region: &str,
        key: &str,
        deployment: &Value,
        count: usize,
        already: usize,
        ec2: &Ec2,
    ) -> Result<Vec<String>, (Vec<String>, String)> {
        let Some(service) = self.services.get(key).cloned() else { return Ok(vec![]) };
        let cluster = key.split('/').next().unwrap_or_default().to_string();
        let td_arn = deployment["taskDefinition"].as_str().unwrap_or_default();
        let Some(td) = self.find_task_definition(td_arn).cloned() else { return Ok(vec![]) };
        let network = deployment.get("networkConfiguration").cloned().unwrap_or(Value::Null);
        let subnets = match self.network(ec2, &td, &Input::new(&network, invalid)) {
            Ok((subnets, _)) => subnets,
            Err(e) => return Err((vec![], format!("was unable to place a task. Reason: {}.", e.message.trim_end_matches('.')))),
        };
        let load_balancers: Vec<(String, String, i64)> = service["loadBalancers"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|lb| {
                Some((lb["targetGroupArn"].as_str()?.to_string(), lb["containerName"].as_str()?.to_string(), lb["containerPort"].as_i64()?))
            })
            .collect();
        let mut load_balancers = load_balancers;
        let green_tg = deployment["id"].as_str().and_then(|id| self.service_sim.get(key)?.target_group_of.get(id).cloned());
        if let (Some(tg), Some(first)) = (green_tg, load_balancers.first_mut()) {
            first.0 = tg;
        }
        let launch_type: &'static str = if service["launchType"] == "EC2" { "EC2" } else { "FARGATE" };
        let strategy = Strategy::from_json(&service["capacityProviderStrategy"]);
        // The service's live tasks on each provider, which the strategy's shares count.
        let prefix = format!("{cluster}/");
        let mut placed = BTreeMap::new();
        let live = self.tasks.range(prefix.clone()..).take_while(|(k, _)| k.starts_with(&prefix)).map(|(_, t)| t);
        for task in live.filter(|t| !strategy.is_empty() && t["desiredStatus"] == "RUNNING") {
            if let (Some(p), true) = (task["capacityProviderName"].as_str(), task["group"] == launch_group(&service)) {
                *placed.entry(p.to_string()).or_insert(0) += 1;
            }
        }
        let rules_json = json!({"strategy": service["placementStrategy"], "constraints": service["placementConstraints"]});
        let rules = Rules::parse(&rules_json["strategy"], &rules_json["constraints"], &td).unwrap_or_default();
        let tags = if service["propagateTags"] == "SERVICE" { service["tags"].as_array().cloned().unwrap_or_default() } else { vec![] };
        let launch = Launch {
            cluster: cluster.clone(),
            task_definition: td.clone(),
            launch_type,
            group: launch_group(&service),
            started_by: deployment["id"].as_str().map(String::from),
            subnets,
            overrides: json!({"containerOverrides": [], "inferenceAcceleratorOverrides": []}),
            tags,
            service: Some(key.to_string()),
            deployment: deployment["id"].as_str().map(String::from),
            load_balancers,
            strategy,
            capacity_provider: None,
            rules: rules_json,
        };
        let mut launch = launch;
        let mut ids = vec![];
        for i in 0..count {
            launch.capacity_provider = launch.strategy.pick(&placed).map(String::from);
            if let Some(p) = &launch.capacity_provider {
                *placed.entry(p.clone()).or_insert(0) += 1;
            }
            let instance = if launch_type == "EC2" {
                let ask = Ask {
                    td: &td,
                    group: &launch.group,
                    provider: launch.capacity_provider.as_deref(),
                    only: None,
                    rules: &rules,
                    service: true,
                };
                match self.place_task(&cluster, &ask) {
                    Ok(ci) => Some(ci),
                    // Managed scaling adds capacity; the task waits in PROVISIONING.
                    Err(_) if self.provider_scales(launch.capacity_provider.as_deref()) => None,
                    Err((closest, reason)) => {
                        let closest = closest.as_deref().map(task_id).unwrap_or_default().to_string();
                        let what = match reason {
                            "RESOURCE:MEMORY" => Some("insufficient memory available"),
                            "RESOURCE:CPU" => Some("insufficient CPU units available"),
                            "RESOURCE:PORTS" => Some("the ports required by the task already in use"),
                            "RESOURCE:ENI" => Some("no network interfaces left for awsvpc tasks"),
                            _ => None,
                        };
                        let message = match what {
                            Some(what) => format!("was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance {closest}) has {what}. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide."),
                            None => format!("was unable to place a task because no container instance met all of its requirements. Reason: {reason} For more information, see the Troubleshooting section of the Amazon ECS Developer Guide."),
                        };
                        return Err((ids, message));
                    }
                }
            } else {
                None
            };
            let task = self.create_task(region, &launch, instance.as_deref(), already + i);
            ids.push(task["taskArn"].as_str().map(task_id).unwrap_or_default().to_string());
        }
        Ok(ids)
    }
}

/// The task group ECS gives a service's tasks.
fn launch_group(service: &Value) -> String {
    format!("service:{}", service["serviceName"].as_str().unwrap_or_default())
}
