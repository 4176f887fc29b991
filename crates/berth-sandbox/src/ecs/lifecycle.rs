//! A task's life on the simulated clock, as ECS reports it: PROVISIONING → PENDING →
//! ACTIVATING → RUNNING, and DEACTIVATING → STOPPING → DEPROVISIONING → STOPPED on the way
//! down, with containers' own status, exit codes and health, load balancer registration
//! and draining, awslogs streams, and the failures a workload asks for by convention:
//!
//! - `BERTH_SANDBOX_CRASH=start` in a container's environment (or the image tag `crash`):
//!   the container exits with code 1 as it starts;
//! - `BERTH_SANDBOX_CRASH=<seconds>` (or the tag `crash-after-<seconds>`): it exits with
//!   code 1 that many seconds after the task reached RUNNING;
//! - `BERTH_SANDBOX_HEALTH=fail` (or the tag `unhealthy`): its container health check and
//!   its load balancer health checks fail;
//! - `BERTH_SANDBOX_ERROR_PERCENT=<0-100>` (or the tag `errors-<percent>`): the app answers
//!   that share of the requests it serves with HTTP 500, counted in the target group's
//!   `HTTPCode_Target_5XX_Count`;
//! - `BERTH_SANDBOX_MEMORY_MIB=<MiB>`: what the app uses at its peak; above the container's
//!   hard limit (its `memory`, else the task's) the container is killed 15 s after RUNNING
//!   with exit code 137, as the kernel's OOM killer does.
//!
//! And the failures ECS itself finds as it pulls, before any container starts: an execution
//! role ECS tasks cannot assume or that may not fetch ECR's registry auth, an image that is
//! not in the sandbox's ECR (this account and region), and a missing awslogs log group.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::Ecs;
use crate::elbv2::ElbV2;
use crate::logs::Logs;
use crate::util;

/// Simulated seconds each step of the way takes.
const PULL_SECS: f64 = 4.0;
const ACTIVATING_SECS: f64 = 2.0;
const STOPPING_SECS: f64 = 2.0;
const DEPROVISIONING_SECS: f64 = 2.0;
/// How long an app that needs more memory than its limit runs before the OOM killer acts.
const OOM_SECS: f64 = 15.0;

/// Why ECS cannot use a role as a task's execution role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleProblem {
    /// Its trust policy does not name ecs-tasks.amazonaws.com.
    NotAssumable,
    /// No policy allows ecr:GetAuthorizationToken.
    NoEcrAuth,
}

/// IAM's roles as execution roles, by ARN: None when usable. A role not listed does not exist.
pub type ExecutionRoles = std::collections::BTreeMap<String, Option<RoleProblem>>;

/// What a task's pull needs to know of the rest of the world.
pub struct PullWorld<'a> {
    pub ecr: &'a crate::ecr::Ecr,
    /// Read from IAM only when some task's pull is due (None otherwise).
    pub roles: Option<&'a ExecutionRoles>,
}

/// The failures a task definition's workload asks for by convention.
#[derive(Default, Debug, PartialEq)]
pub struct Workload {
    pub crash_after: Option<f64>,
    pub unhealthy: bool,
    /// The container the OOM killer stops.
    pub oom: Option<String>,
    /// The share of the requests it serves that the app answers with a 5XX, 0–1.
    pub error_rate: f64,
}

#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
pub enum Phase {
    Provisioning,
    Pending,
    Activating,
    Running,
    Deactivating,
    Stopping,
    Deprovisioning,
}

/// A load balancer target the task holds.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct TargetRef {
    pub target_group: String,
    pub id: String,
    pub port: i64,
}

/// Where a container's awslogs driver writes.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct LogSink {
    pub container: String,
    pub group: String,
    pub stream: String,
    pub create_group: bool,
}

/// What the simulation knows about a task that has not stopped yet.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct TaskSim {
    pub phase: Phase,
    /// When the current phase ends or something is due; None while nothing is planned.
    pub next: Option<f64>,
    pub awsvpc: bool,
    /// Seconds after RUNNING at which an essential container exits with code 1.
    pub crash_after: Option<f64>,
    pub unhealthy: bool,
    /// When the container health checks give their verdict.
    pub health_at: Option<f64>,
    /// `cluster/service` and deployment id for service tasks.
    pub service: Option<String>,
    pub deployment: Option<String>,
    pub targets: Vec<TargetRef>,
    pub logs: Vec<LogSink>,
    pub running_since: Option<f64>,
    /// Containers with a health check, and the slowest check's (interval, start period,
    /// retries).
    pub checked: Vec<String>,
    pub check: Option<(f64, f64, f64)>,
    /// Passed its health checks at least once (container and load balancer).
    pub was_healthy: bool,
    /// The scheduler asked it to stop (or it crashed): it no longer counts as wanted.
    pub stopping: bool,
    pub region: String,
    #[serde(default)]
    pub created: f64,
    /// In PROVISIONING until its capacity provider has room (managed scaling adds it).
    #[serde(default)]
    pub waiting_for_capacity: bool,
    /// The launch's placement strategy and constraints, `{strategy, constraints}`, for a
    /// task placed later.
    #[serde(default)]
    pub rules: Value,
    /// Load balancers a task not yet placed will register with: (target group,
    /// container, container port).
    #[serde(default)]
    pub load_balancers: Vec<(String, String, i64)>,
    /// The container whose app outgrows its memory limit (killed with exit code 137).
    #[serde(default)]
    pub oom: Option<String>,
    /// The share of requests the app answers with a 5XX (Workload::error_rate).
    #[serde(default)]
    pub error_rate: f64,
    /// The containers' images, checked against ECR when the pull ends.
    #[serde(default)]
    pub images: Vec<(String, String)>,
    /// The execution role, when the task needs one (an ECR image or awslogs).
    #[serde(default)]
    pub execution_role: Option<String>,
}

/// A service task that stopped because it failed, for the scheduler's failure count.
#[derive(Clone, Debug)]
pub struct Failure {
    pub service: String,
    pub deployment: Option<String>,
}

/// The failure plan a task's definition and overrides ask for.
pub fn workload_plan(td: &Value, overrides: &Value) -> Workload {
    let mut crash: Option<f64> = None;
    let mut unhealthy = false;
    let mut oom: Option<String> = None;
    let mut error_rate: f64 = 0.0;
    let task_memory = td["memory"].as_str().and_then(|m| m.parse::<f64>().ok());
    for c in td["containerDefinitions"].as_array().into_iter().flatten() {
        if c["essential"] == false {
            continue;
        }
        let name = c["name"].as_str().unwrap_or_default();
        let image = c["image"].as_str().unwrap_or_default();
        let tag = image.rsplit('/').next().and_then(|last| last.split_once(':')).map(|(_, t)| t).unwrap_or("");
        let mut env: Vec<(String, String)> = c["environment"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| Some((e["name"].as_str()?.to_string(), e["value"].as_str().unwrap_or_default().to_string())))
            .collect();
        for o in overrides["containerOverrides"].as_array().into_iter().flatten().filter(|o| o["name"] == name) {
            for e in o["environment"].as_array().into_iter().flatten() {
                if let Some(k) = e["name"].as_str() {
                    env.retain(|(n, _)| n != k);
                    env.push((k.to_string(), e["value"].as_str().unwrap_or_default().to_string()));
                }
            }
        }
        let var = |k: &str| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let planned = match (var("BERTH_SANDBOX_CRASH"), tag) {
            (Some("start"), _) => Some(0.0),
            (Some(v), _) => v.parse::<f64>().ok().filter(|s| *s >= 0.0),
            (None, "crash") => Some(0.0),
            (None, t) => t.strip_prefix("crash-after-").and_then(|s| s.parse::<f64>().ok()),
        };
        if let Some(p) = planned {
            crash = Some(crash.map_or(p, |c: f64| c.min(p)));
        }
        unhealthy |= var("BERTH_SANDBOX_HEALTH") == Some("fail") || tag == "unhealthy";
        let errors = var("BERTH_SANDBOX_ERROR_PERCENT").or_else(|| tag.strip_prefix("errors-")).and_then(|v| v.parse::<f64>().ok());
        if let Some(p) = errors.filter(|p| p.is_finite()) {
            error_rate = error_rate.max((p / 100.0).clamp(0.0, 1.0));
        }
        let limit = c["memory"].as_f64().or(task_memory);
        let need = var("BERTH_SANDBOX_MEMORY_MIB").and_then(|v| v.parse::<f64>().ok());
        if let (Some(need), Some(limit), None) = (need, limit, &oom) {
            if need > limit {
                oom = Some(name.to_string());
                crash = Some(crash.map_or(OOM_SECS, |c: f64| c.min(OOM_SECS)));
            }
        }
    }
    Workload { crash_after: crash, unhealthy, oom, error_rate }
}

/// An ECR image of the sandbox's own account and `region`, as (repository, reference):
/// the reference is a tag (`latest` when none is given) or `@` and a digest.
pub fn own_ecr_image<'a>(image: &'a str, region: &str) -> Option<(&'a str, String)> {
    let (host, path) = image.split_once('/')?;
    if host != format!("{}.dkr.ecr.{region}.amazonaws.com", crate::ACCOUNT_ID) {
        return None;
    }
    if let Some((repo, digest)) = path.split_once('@') {
        return Some((repo, format!("@{digest}")));
    }
    match path.rsplit_once(':') {
        Some((repo, tag)) => Some((repo, tag.to_string())),
        None => Some((path, "latest".to_string())),
    }
}

/// Why the pull fails, as ECS words it in the task's stoppedReason; None when it succeeds.
fn pull_failure(sim: &TaskSim, task_id: &str, world: &PullWorld<'_>) -> Option<String> {
    if let (Some(role), Some(roles)) = (&sim.execution_role, world.roles) {
        match roles.get(role) {
            None | Some(Some(RoleProblem::NotAssumable)) => {
                return Some(format!("ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): ECS was unable to assume the role '{role}' that was provided for this task. Please verify that the role being passed has the proper trust relationship and permissions."));
            }
            Some(Some(RoleProblem::NoEcrAuth)) => {
                let name = role.rsplit('/').next().unwrap_or(role);
                return Some(format!("ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): AccessDeniedException: User: arn:aws:sts::{}:assumed-role/{name}/{task_id} is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action", crate::ACCOUNT_ID));
            }
            Some(None) => {}
        }
    }
    for (_, image) in &sim.images {
        if let Some((repo, reference)) = own_ecr_image(image, &sim.region) {
            if !world.ecr.has_image(repo, &reference) {
                return Some(format!("CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref {image}: {image}: not found"));
            }
        }
    }
    None
}

/// The awslogs destinations of a task's containers.
pub fn log_sinks(td: &Value, task_id: &str) -> Vec<LogSink> {
    let mut out = vec![];
    for c in td["containerDefinitions"].as_array().into_iter().flatten() {
        let config = &c["logConfiguration"];
        if config["logDriver"] != "awslogs" {
            continue;
        }
        let options = &config["options"];
        let Some(group) = options["awslogs-group"].as_str() else { continue };
        let name = c["name"].as_str().unwrap_or_default();
        let stream = match options["awslogs-stream-prefix"].as_str() {
            Some(prefix) => format!("{prefix}/{name}/{task_id}"),
            None => task_id.to_string(),
        };
        out.push(LogSink { container: name.into(), group: group.into(), stream, create_group: options["awslogs-create-group"] == "true" });
    }
    out
}

fn ms(t: f64) -> i64 {
    (t * 1000.0) as i64
}

fn set_containers(task: &mut Value, status: &str) {
    for c in task["containers"].as_array_mut().into_iter().flatten() {
        if c["lastStatus"] != "STOPPED" {
            c["lastStatus"] = json!(status);
        }
    }
}

impl Ecs {
    /// Asks a task to stop: ECS sets desiredStatus at once and walks lastStatus down.
    pub(super) fn begin_stop(&mut self, key: &str, reason: &str, code: &str) {
        let now = util::now();
        let Some(task) = self.tasks.get_mut(key) else { return };
        if task["desiredStatus"] != "RUNNING" {
            return;
        }
        task["desiredStatus"] = json!("STOPPED");
        task["stoppingAt"] = json!(now);
        task["stoppedReason"] = json!(reason);
        task["stopCode"] = json!(code);
        task["version"] = json!(task["version"].as_i64().unwrap_or(1) + 1);
        self.task_json.remove(key);
        if let Some(sim) = self.live.get_mut(key) {
            sim.stopping = true;
            sim.next = Some(now);
        }
    }

    /// Moves every task whose next step is due at `t` (one simulated second).
    /// Whether some task still has to pull with an execution role: the world then reads
    /// IAM's roles for the step.
    pub(crate) fn pull_due(&self) -> bool {
        self.live.values().any(|s| s.execution_role.is_some() && matches!(s.phase, Phase::Provisioning | Phase::Pending))
    }

    pub(crate) fn step_tasks(&mut self, t: f64, elbv2: &mut ElbV2, logs: &mut Logs, pull: &PullWorld<'_>) -> bool {
        let due: Vec<String> = self.live.iter().filter(|(_, s)| s.next.is_some_and(|n| n <= t)).map(|(k, _)| k.clone()).collect();
        let moved = !due.is_empty();
        for key in due {
            // A long gap (a restart, a fast clock) can pass several phases at once.
            for _ in 0..8 {
                let Some(next) = self.live.get(&key).and_then(|s| s.next) else { break };
                if next > t {
                    break;
                }
                self.advance_task(&key, next.max(t - 1.0), elbv2, logs, pull);
            }
        }
        moved
    }

    fn advance_task(&mut self, key: &str, t: f64, elbv2: &mut ElbV2, logs: &mut Logs, pull: &PullWorld<'_>) {
        if !self.tasks.contains_key(key) {
            self.live.remove(key);
            // Its address is unknown now: the index is built again when next needed.
            self.addresses = None;
            return;
        }
        let (Some(task), Some(sim)) = (self.tasks.get_mut(key), self.live.get_mut(key)) else { return };
        let before = task["lastStatus"].clone();
        let stopping = task["desiredStatus"] != "RUNNING";
        let mut failure: Option<(String, &str)> = None;
        let mut finished = false;
        match (sim.phase, stopping) {
            (Phase::Provisioning, false) => {
                task["lastStatus"] = json!("PENDING");
                task["pullStartedAt"] = json!(t);
                sim.phase = Phase::Pending;
                sim.next = Some(t + PULL_SECS);
            }
            (Phase::Pending, false) => {
                task["pullStoppedAt"] = json!(t);
                let region = sim.region.clone();
                let task_id = key.rsplit('/').next().unwrap_or(key);
                let pulled = pull_failure(sim, task_id, pull);
                let opened: Result<(), String> = match &pulled {
                    Some(_) => Ok(()),
                    None => sim.logs.iter().try_for_each(|s| logs.open_stream(&region, &s.group, &s.stream, s.create_group)),
                };
                match opened {
                    _ if pulled.is_some() => {
                        let reason = pulled.unwrap_or_default();
                        if reason.starts_with("CannotPull") {
                            for c in task["containers"].as_array_mut().into_iter().flatten() {
                                c["reason"] = json!(reason.clone());
                            }
                        }
                        failure = Some((reason, "TaskFailedToStart"));
                    }
                    Err(problem) => {
                        failure = Some((format!("ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: {problem} : exit status 1"), "TaskFailedToStart"));
                    }
                    Ok(()) => {
                        for s in &sim.logs {
                            let image = task["containers"]
                                .as_array()
                                .and_then(|cs| cs.iter().find(|c| c["name"] == s.container.as_str()))
                                .and_then(|c| c["image"].as_str())
                                .unwrap_or("app")
                                .to_string();
                            logs.append(
                                &s.group,
                                &s.stream,
                                [
                                    (ms(t), format!("[entrypoint] starting {} from {image}", s.container)),
                                    (ms(t) + 180, "[app] loading configuration from environment".to_string()),
                                    (ms(t) + 420, "[app] listening on 0.0.0.0:80".to_string()),
                                ],
                            );
                        }
                        if sim.crash_after == Some(0.0) {
                            failure = Some(crash(task, sim, logs, t));
                        } else {
                            task["lastStatus"] = json!("ACTIVATING");
                            set_containers(task, "RUNNING");
                            sim.phase = Phase::Activating;
                            sim.next = Some(t + ACTIVATING_SECS);
                        }
                    }
                }
            }
            (Phase::Activating, false) => {
                task["lastStatus"] = json!("RUNNING");
                task["startedAt"] = json!(t);
                task["connectivity"] = json!("CONNECTED");
                task["connectivityAt"] = json!(t);
                set_containers(task, "RUNNING");
                sim.phase = Phase::Running;
                sim.running_since = Some(t);
                let zone = task["availabilityZone"].as_str().map(String::from);
                for target in &sim.targets {
                    elbv2.register(&target.target_group, &target.id, target.port, zone.clone(), true);
                    if sim.unhealthy {
                        elbv2.set_failing(&target.target_group, &target.id, target.port, true);
                    }
                    if let Some(service) = &sim.service {
                        self.notes.push((service.clone(), format!("registered 1 targets in (target-group {})", target.target_group)));
                    }
                }
                sim.health_at =
                    sim.check.map(|(interval, start, retries)| t + start + if sim.unhealthy { interval * retries } else { interval });
                if sim.health_at.is_none() && sim.targets.is_empty() {
                    sim.was_healthy = true;
                }
                for s in &sim.logs {
                    logs.append(&s.group, &s.stream, [(ms(t), "[app] ready to accept connections".to_string())]);
                }
                sim.next = next_running_event(sim);
            }
            (Phase::Running, false) => {
                if sim.health_at.is_some_and(|h| h <= t) {
                    sim.health_at = None;
                    let verdict = if sim.unhealthy { "UNHEALTHY" } else { "HEALTHY" };
                    for c in task["containers"].as_array_mut().into_iter().flatten() {
                        if sim.checked.iter().any(|n| c["name"] == n.as_str()) {
                            c["healthStatus"] = json!(verdict);
                        }
                    }
                    task["healthStatus"] = json!(verdict);
                    if !sim.unhealthy && sim.targets.is_empty() {
                        sim.was_healthy = true;
                    }
                    if sim.unhealthy {
                        for s in &sim.logs {
                            logs.append(&s.group, &s.stream, [(ms(t), "[app] health check failed: GET /health returned 503".to_string())]);
                        }
                    }
                }
                let crash_due = sim.crash_after.zip(sim.running_since).is_some_and(|(c, r)| r + c <= t);
                if crash_due {
                    failure = Some(crash(task, sim, logs, t));
                } else {
                    sim.next = next_running_event(sim);
                }
            }
            (Phase::Provisioning | Phase::Pending, true) => {
                set_containers(task, "STOPPED");
                finished = deprovision(task, sim, t);
            }
            (Phase::Activating | Phase::Running, true) => {
                task["lastStatus"] = json!("DEACTIVATING");
                sim.phase = Phase::Deactivating;
                let mut wait: f64 = 1.0;
                for target in &sim.targets {
                    elbv2.deregister(&target.target_group, &target.id, target.port);
                    wait = wait.max(elbv2.deregistration_delay(&target.target_group) as f64);
                }
                if let (Some(service), false) = (&sim.service, sim.targets.is_empty()) {
                    self.notes.push((service.clone(), "has begun draining connections on 1 tasks.".to_string()));
                    for target in &sim.targets {
                        self.notes.push((service.clone(), format!("deregistered 1 targets in (target-group {})", target.target_group)));
                    }
                }
                sim.next = Some(t + wait);
            }
            (Phase::Deactivating, _) => {
                task["lastStatus"] = json!("STOPPING");
                sim.phase = Phase::Stopping;
                sim.next = Some(t + STOPPING_SECS);
                for s in &sim.logs {
                    logs.append(&s.group, &s.stream, [(ms(t), "[app] received SIGTERM, shutting down gracefully".to_string())]);
                }
            }
            (Phase::Stopping, _) => {
                for c in task["containers"].as_array_mut().into_iter().flatten() {
                    if c.get("exitCode").is_none() {
                        c["exitCode"] = json!(0);
                    }
                }
                set_containers(task, "STOPPED");
                task["executionStoppedAt"] = json!(t);
                finished = deprovision(task, sim, t);
            }
            (Phase::Deprovisioning, _) => finished = true,
        }
        if let Some((reason, code)) = &failure {
            task["desiredStatus"] = json!("STOPPED");
            task["stoppingAt"] = json!(t);
            task["stoppedReason"] = json!(reason);
            task["stopCode"] = json!(code);
            let started = task.get("startedAt").is_some();
            if !started {
                set_containers(task, "STOPPED");
            }
            sim.stopping = true;
            sim.next = Some(t);
            if let Some(service) = &sim.service {
                if !sim.was_healthy {
                    self.failures.push(Failure { service: service.clone(), deployment: sim.deployment.clone() });
                }
            }
        }
        if finished {
            task["lastStatus"] = json!("STOPPED");
            task["stoppedAt"] = json!(t);
            if task.get("executionStoppedAt").is_none() {
                task["executionStoppedAt"] = json!(t);
            }
            task["connectivity"] = json!("DISCONNECTED");
            for a in task["attachments"].as_array_mut().into_iter().flatten() {
                a["status"] = json!("DELETED");
            }
        }
        if task["lastStatus"] != before || failure.is_some() {
            task["version"] = json!(task["version"].as_i64().unwrap_or(1) + 1);
            self.task_json.remove(key);
        }
        if finished {
            self.live.remove(key);
            self.release_address(key);
            self.stopped_order.push((t, key.to_string()));
        }
    }
}

/// An awsvpc task gives its ENI back (DEPROVISIONING) before it stops; true when the
/// task has nothing left to release and is STOPPED now.
fn deprovision(task: &mut Value, sim: &mut TaskSim, t: f64) -> bool {
    if !sim.awsvpc {
        return true;
    }
    task["lastStatus"] = json!("DEPROVISIONING");
    sim.phase = Phase::Deprovisioning;
    sim.next = Some(t + DEPROVISIONING_SECS);
    false
}

fn next_running_event(sim: &TaskSim) -> Option<f64> {
    let crash = sim.crash_after.zip(sim.running_since).map(|(c, r)| r + c);
    match (crash, sim.health_at) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// An essential container exits with code 1; returns the task's stop reason and code.
fn crash(task: &mut Value, sim: &mut TaskSim, logs: &mut Logs, t: f64) -> (String, &'static str) {
    // An app the OOM killer stops writes nothing at the end: its last lines are its growth.
    let last: [(i64, String); 2] = if sim.oom.is_some() {
        [(ms(t) - 900, "[app] warming the cache".to_string()), (ms(t) - 300, "[app] cache holds 120000 entries".to_string())]
    } else {
        [
            (ms(t) - 40, "[app] ERROR connection to db.internal:5432 refused; retries exhausted".to_string()),
            (ms(t) - 20, "[app] FATAL unhandled error, exiting with status 1".to_string()),
        ]
    };
    for s in &sim.logs {
        logs.append(&s.group, &s.stream, last.clone());
    }
    if let Some(name) = &sim.oom {
        for c in task["containers"].as_array_mut().into_iter().flatten().filter(|c| c["name"] == name.as_str()) {
            c["exitCode"] = json!(137);
            c["reason"] = json!("OutOfMemoryError: Container killed due to memory usage");
            c["lastStatus"] = json!("STOPPED");
        }
        sim.health_at = None;
        return ("Essential container in task exited".to_string(), "EssentialContainerExited");
    }
    // The sandbox's failing container is the task's first, its essential one in practice.
    if let Some(c) = task["containers"].as_array_mut().and_then(|cs| cs.first_mut()) {
        c["exitCode"] = json!(1);
        c["lastStatus"] = json!("STOPPED");
    }
    sim.health_at = None;
    ("Essential container in task exited".to_string(), "EssentialContainerExited")
}
