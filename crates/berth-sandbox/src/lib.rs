//! berth-sandbox: a local AWS-compatible endpoint with real ECS rules, so Berth works
//! offline and its tests have a backend that behaves like ECS. It shares no code with
//! berth-core on purpose: a second implementation of AWS catches the console's mistakes
//! instead of repeating them.
//!
//! One HTTP endpoint serves ECS, ECR, CloudWatch, CloudWatch Logs, ELBv2, Application
//! Auto Scaling, EC2 (with Auto Scaling groups), SSM, STS and IAM in their own wire protocols (protocol.rs); state is kept per
//! region and, when a state file is given, persisted before each change is acknowledged.

mod asg;
mod autoscaling;
mod cbor;
mod cloudwatch;
mod compute;
mod control;
mod ec2;
mod ecr;
mod ecs;
mod elbv2;
mod error;
mod iam;
mod logs;
pub mod protocol;
mod sigv4;
mod sim;
mod ssm;
mod store;
mod sts;
mod table;
mod util;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::routing::any;
use axum::Router;
use serde::{Deserialize, Serialize};

pub use error::AwsError;
use protocol::{Request, Service};
pub use sigv4::KeyPair;
pub use store::StoreError;

/// The one fake account every ARN carries.
pub const ACCOUNT_ID: &str = "000000000000";
/// Requests larger than this are refused with a protocol error rather than buffered.
pub const MAX_BODY: usize = 4 * 1024 * 1024;

/// Everything one region holds.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Region {
    ecs: ecs::Ecs,
    ecr: ecr::Ecr,
    cloudwatch: cloudwatch::CloudWatch,
    logs: logs::Logs,
    elbv2: elbv2::ElbV2,
    autoscaling: autoscaling::AutoScaling,
    /// EC2 Auto Scaling groups (autoscaling above is Application Auto Scaling).
    asg: asg::AutoScalingGroups,
    ec2: ec2::Ec2,
    /// Only us-east-1's is used: IAM is global (iam::HOME_REGION).
    iam: iam::Iam,
    sim: sim::RegionSim,
}

impl table::Persist for Region {
    fn children(&mut self) -> Vec<(&'static str, &mut dyn table::Rows)> {
        let mut all = self.ecs.children();
        all.extend(self.ecr.children());
        all.extend(self.cloudwatch.children());
        all.extend(self.logs.children());
        all.extend(self.elbv2.children());
        all.extend(self.autoscaling.children());
        all.extend(self.asg.children());
        all.extend(self.ec2.children());
        all.extend(self.iam.children());
        all
    }
}

#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct World {
    regions: table::Table<Region>,
    /// The simulated time last reached, so a restart never goes back in time.
    clock: f64,
}

impl World {
    /// Runs the simulation of every region up to `now`; true when persisted state moved.
    fn advance(&mut self, now: f64) -> bool {
        self.clock = self.clock.max(now);
        let mut changed = false;
        // IAM is global: what it lets instance agents do is read once for every region, and
        // only when an agent is about to register (not on every request).
        let due = self.regions.values().any(|r| r.ec2.compute.agent_due(now.floor()));
        let trust =
            if due { self.regions.get(iam::HOME_REGION).map(|r| r.iam.profile_trust()).unwrap_or_default() } else { Default::default() };
        // Execution roles likewise, only while some task that will step has a pull to make.
        let pulling = self.regions.values().any(|r| r.sim.stepping_to(now) && r.ecs.pull_due());
        let roles = pulling.then(|| self.regions.get(iam::HOME_REGION).map(|r| r.iam.execution_roles()).unwrap_or_default());
        for (name, region) in self.regions.iter_mut() {
            // A region the simulation cannot step is reported and left; the others go on.
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| region.advance(name, now, &trust, roles.as_ref()))) {
                Ok(c) => changed |= c,
                Err(_) => tracing::error!("the sandbox could not step region {name} to {now}; it carries on with the others"),
            }
        }
        changed
    }
}

struct Inner {
    world: Mutex<World>,
    store: store::Store,
    clock: sim::Clock,
    faults: Mutex<BTreeMap<String, control::Fault>>,
    keys: Option<KeyPair>,
    /// The only Host values accepted, when the sandbox is limited to its loopback address.
    hosts: Option<Vec<String>>,
    /// Wall time of the last save, and whether the simulation changed state since.
    saved: Mutex<(f64, bool)>,
}

/// The simulation's own changes are saved at most this often (wall seconds); changes a
/// caller makes are saved before they are acknowledged.
const SIMULATION_SAVE_EVERY: f64 = 5.0;

type Shared = Arc<Inner>;

/// Where the sandbox listens and whether it keeps its state on disk.
#[derive(Debug, Clone)]
pub struct Options {
    pub addr: SocketAddr,
    /// Written atomically before each change is acknowledged; `None` keeps state in memory.
    pub state: Option<PathBuf>,
    /// Simulated seconds per wall second (1 = real time).
    pub speed: f64,
    /// When set, every request must be signed (SigV4) with this key pair.
    pub keys: Option<KeyPair>,
    /// Refuse requests whose Host header is not this sandbox's loopback address and port,
    /// so a web page that rebinds a name to 127.0.0.1 cannot reach it.
    pub loopback_host_only: bool,
}

impl Options {
    pub fn new(addr: SocketAddr, state: Option<PathBuf>) -> Options {
        Options { addr, state, speed: 1.0, keys: None, loopback_host_only: false }
    }
}

/// A running sandbox. Dropping it stops the server.
pub struct Sandbox {
    pub addr: SocketAddr,
    inner: Shared,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot listen on {addr}: {source}")]
    Listen { addr: SocketAddr, source: std::io::Error },
    #[error(transparent)]
    State(#[from] store::StoreError),
}

impl Sandbox {
    /// Starts on `addr` (port 0 picks a free one) with state in memory only.
    pub async fn start(addr: SocketAddr) -> Result<Sandbox, StartError> {
        Self::start_with(Options::new(addr, None)).await
    }

    /// Starts in the current tokio runtime, restoring state from `options.state` if the
    /// file exists.
    pub async fn start_with(options: Options) -> Result<Sandbox, StartError> {
        let (store, world) = store::Store::open(options.state)?;
        let listener =
            tokio::net::TcpListener::bind(options.addr).await.map_err(|source| StartError::Listen { addr: options.addr, source })?;
        let addr = listener.local_addr().map_err(|source| StartError::Listen { addr: options.addr, source })?;
        let speed = if options.speed.is_finite() && options.speed > 0.0 { options.speed } else { 1.0 };
        let clock = sim::Clock::new(speed, world.clock);
        let hosts = options.loopback_host_only.then(|| vec![addr.to_string(), format!("localhost:{}", addr.port())]);
        let inner = Arc::new(Inner {
            world: Mutex::new(world),
            store,
            clock,
            faults: Mutex::new(BTreeMap::new()),
            keys: options.keys,
            hosts,
            saved: Mutex::new((util::wall_now(), false)),
        });
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let app = router(inner.clone());
        // The simulation moves even when nobody asks: a tick a simulated second or so.
        let weak = Arc::downgrade(&inner);
        let period = std::time::Duration::from_millis((1000.0 / speed).clamp(20.0, 1000.0) as u64);
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(period);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            loop {
                ticks.tick().await;
                let Some(inner) = weak.upgrade() else { break };
                tick(&inner);
            }
        });
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        Ok(Sandbox { addr, inner, shutdown: Some(tx) })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Forgets every resource in every region (and on disk).
    pub async fn reset(&self) -> Result<(), StoreError> {
        reset(&self.inner).await
    }

    /// Where state is persisted, if anywhere.
    pub fn state_file(&self) -> Option<&std::path::Path> {
        self.inner.store.path()
    }
}

fn tick(inner: &Inner) {
    let now = inner.clock.now();
    let mut world = inner.world.lock().unwrap_or_else(|p| p.into_inner());
    let changed = world.advance(now);
    let mut saved = inner.saved.lock().unwrap_or_else(|p| p.into_inner());
    saved.1 |= changed;
    let wall = util::wall_now();
    if saved.1 && wall - saved.0 >= SIMULATION_SAVE_EVERY {
        // Nobody waits for the simulation's own changes; the writer reports a failure.
        drop(inner.store.commit(&mut world));
        *saved = (wall, false);
    }
}

async fn reset(inner: &Inner) -> Result<(), StoreError> {
    let pending = {
        let mut world = inner.world.lock().unwrap_or_else(|p| p.into_inner());
        *world = World::default();
        inner.store.clear(&mut world)
    };
    pending.wait().await.map_err(|reason| StoreError::Database { path: inner.store.path().map(PathBuf::from).unwrap_or_default(), reason })
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

fn router(inner: Shared) -> Router {
    Router::new().fallback(any(handle)).layer(axum::extract::DefaultBodyLimit::max(MAX_BODY)).with_state(inner)
}

/// Operations that change nothing; everything else is persisted before it is answered.
fn is_read_only(operation: &str) -> bool {
    ["Describe", "List", "Get", "BatchGet", "Filter"].iter().any(|p| operation.starts_with(p)) || operation == "BatchCheckLayerAvailability"
}

async fn handle(
    State(inner): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let request_id = util::uuid();
    let body = match body {
        Ok(b) => b,
        Err(e) => {
            let code =
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE { "RequestEntityTooLargeException" } else { "SerializationException" };
            let error = AwsError::new(e.status(), code, format!("The request could not be read: {}", e.body_text()));
            return Request::detect(uri.path(), &headers).error(None, &request_id, &error);
        }
    };
    if let Some(hosts) = &inner.hosts {
        let host = headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or_default();
        if !hosts.iter().any(|h| h == host) {
            let error = AwsError::new(
                StatusCode::FORBIDDEN,
                "AccessDeniedException",
                format!("The sandbox answers only requests addressed to {}; this one was for '{host}'.", hosts[0]),
            );
            return Request::detect(uri.path(), &headers).error(None, &request_id, &error);
        }
    }
    if let Some(keys) = &inner.keys {
        let protocol = Request::detect(uri.path(), &headers);
        if let Err(error) = sigv4::verify(keys, protocol, method.as_str(), &uri, &headers, &body) {
            return protocol.error(None, &request_id, &error);
        }
    }
    let request = match Request::parse(uri.path(), &headers, &body) {
        Ok(r) => r,
        Err((proto, e)) => return proto.error(None, &request_id, &e),
    };
    let (proto, service) = (request.protocol, request.service);
    if service == Service::Sandbox && matches!(request.operation.as_str(), "SetFaults" | "DescribeFaults") {
        let mut faults = inner.faults.lock().unwrap_or_else(|p| p.into_inner());
        let result = match request.operation.as_str() {
            "SetFaults" => control::set_faults(&mut faults, &request),
            _ => Ok(serde_json::json!({"faults": *faults})),
        };
        return match result {
            Ok(body) => proto.ok(&request, &request_id, body),
            Err(e) => proto.error(Some(service), &request_id, &e),
        };
    }
    let fault = inner.faults.lock().unwrap_or_else(|p| p.into_inner()).get(control::service_name(service)).cloned();
    if let Some(f) = fault {
        let wait = f.latency_ms + if f.jitter_ms > 0 { util::random_u64() % (f.jitter_ms + 1) } else { 0 };
        if wait > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
        }
        let roll = (util::random_u64() % 10_000) as f64 / 100.0;
        if roll < f.throttle_percent {
            return proto.error(Some(service), &request_id, &control::throttled(service));
        }
        if roll < f.throttle_percent + f.error_percent {
            return proto.error(Some(service), &request_id, &control::server_error(service));
        }
    }
    let (result, pending) = {
        let now = inner.clock.now();
        let mut world = inner.world.lock().unwrap_or_else(|p| p.into_inner());
        if world.advance(now) {
            inner.saved.lock().unwrap_or_else(|p| p.into_inner()).1 = true;
        }
        // No input may take the sandbox down: a handler that panics answers 500, as AWS
        // answers an internal failure, and the world stays usable.
        let result = guarded(&request, || {
            util::at(now, || match read_later(&world, &request) {
                Some(prepared) => prepared.map(Answer::Later),
                None => dispatch(&mut world, &request, inner.clock.speed, now).map(Answer::Now),
            })
        });
        let pending = (result.is_ok() && !is_read_only(&request.operation)).then(|| inner.store.commit(&mut world));
        (result, pending)
    };
    // A long read is worked out with the world free for everyone else, on the blocking
    // pool so it holds no async worker either.
    let mut result = match result {
        Ok(Answer::Now(value)) => Ok(value),
        Ok(Answer::Later(prepared)) => {
            let (service, operation) = (request.service, request.operation.clone());
            tokio::task::spawn_blocking(move || {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| prepared.answer())).unwrap_or_else(|_| {
                    tracing::error!("the sandbox failed on {} {operation}", control::service_name(service));
                    Err(internal_failure())
                })
            })
            .await
            .unwrap_or_else(|_| Err(internal_failure()))
        }
        Err(e) => Err(e),
    };
    // The world is free again while the change is made durable: reads never wait on it.
    if let Some(pending) = pending {
        match pending.wait().await {
            Ok(()) => *inner.saved.lock().unwrap_or_else(|p| p.into_inner()) = (util::wall_now(), false),
            Err(e) => {
                tracing::error!("sandbox state not saved: {e}");
                result = Err(AwsError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "ServiceUnavailable",
                    "The sandbox could not save its state; the change may not persist.",
                ));
            }
        }
    }
    match result {
        Ok(body) => proto.ok(&request, &request_id, body),
        Err(e) => proto.error(Some(service), &request_id, &e),
    }
}

/// What a handler produced: the answer, or a read that copied what it needs from the
/// world and is finished after the world lock is released.
enum Answer {
    Now(serde_json::Value),
    Later(cloudwatch::MetricData),
}

/// The reads whose work grows with what they ask for (a 500-query GetMetricData), taken
/// apart: checks and copies under the lock, the rest after it.
fn read_later(world: &World, req: &Request) -> Option<Result<cloudwatch::MetricData, AwsError>> {
    if req.service != Service::CloudWatch || req.operation != "GetMetricData" {
        return None;
    }
    let empty = cloudwatch::CloudWatch::default();
    let cw = world.regions.get(&req.region).map(|r| &r.cloudwatch).unwrap_or(&empty);
    Some(cloudwatch::prepare_metric_data(cw, req))
}

/// Runs a handler so that a panic answers 500, as AWS answers an internal failure.
fn guarded<T>(req: &Request, f: impl FnOnce() -> Result<T, AwsError>) -> Result<T, AwsError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        tracing::error!("the sandbox failed on {} {}", control::service_name(req.service), req.operation);
        Err(internal_failure())
    })
}

fn internal_failure() -> AwsError {
    AwsError::new(StatusCode::INTERNAL_SERVER_ERROR, "InternalFailure", "The request processing has failed because of an unknown error.")
}

fn dispatch(world: &mut World, req: &Request, speed: f64, now: f64) -> Result<serde_json::Value, AwsError> {
    if req.service == Service::Sandbox {
        return control::dispatch(world, req, speed, now);
    }
    if req.service == Service::Iam {
        return iam::dispatch(&mut world.regions.entry_or_default(iam::HOME_REGION.to_string()).iam, req);
    }
    let region = world.regions.entry_or_default(req.region.clone());
    region.ec2.ensure_defaults(&req.region);
    match req.service {
        Service::Ecs => ecs::dispatch(region, req),
        Service::Ecr => ecr::dispatch(&mut region.ecr, req),
        Service::CloudWatch => cloudwatch::dispatch(&mut region.cloudwatch, req),
        Service::Logs => logs::dispatch(&mut region.logs, req),
        Service::ElbV2 => elbv2::dispatch(region, req),
        Service::AutoScaling => autoscaling::dispatch(region, req),
        Service::Ec2 => ec2::dispatch(&mut region.ec2, req),
        Service::Sts => sts::dispatch(req),
        Service::Ec2AutoScaling => asg::dispatch(region, req),
        Service::Ssm => ssm::dispatch(req),
        Service::Sandbox | Service::Iam => unreachable!("handled above"),
    }
}

/// What `cargo xtask bench simulation` drives directly: a populated world stepped
/// without HTTP in between, and saved as a state file a running sandbox can load.
#[cfg(feature = "bench")]
pub mod bench {
    use super::*;

    fn call(world: &mut World, target: &str, body: serde_json::Value, now: f64) {
        let mut headers = HeaderMap::new();
        headers.insert("x-amz-target", target.parse().expect("header"));
        headers.insert("content-type", "application/x-amz-json-1.1".parse().expect("header"));
        let auth = "AWS4-HMAC-SHA256 Credential=AKID/20261124/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0";
        headers.insert("authorization", auth.parse().expect("header"));
        let request = Request::parse("/", &headers, body.to_string().as_bytes()).map_err(|(_, e)| e.message).expect("request parses");
        util::at(now, || dispatch(world, &request, 1.0, now)).map_err(|e| e.message).expect("setup call succeeds");
    }

    /// `services` Fargate services of `tasks_each` tasks each, all RUNNING at `now`.
    pub fn populated_world(services: usize, tasks_each: usize, now: f64) -> World {
        let mut world = World::default();
        let ecs = |op: &str| format!("AmazonEC2ContainerServiceV20141113.{op}");
        call(&mut world, &ecs("CreateCluster"), serde_json::json!({"clusterName": "bench"}), now);
        call(
            &mut world,
            &ecs("RegisterTaskDefinition"),
            serde_json::json!({"family": "web", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
                "containerDefinitions": [{"name": "web", "image": "nginx", "essential": true}]}),
            now,
        );
        let subnet = world.regions["us-east-1"].ec2.first_subnet().expect("default subnets");
        for i in 0..services {
            call(
                &mut world,
                &ecs("CreateService"),
                serde_json::json!({"cluster": "bench", "serviceName": format!("svc-{i:03}"), "taskDefinition": "web", "desiredCount": tasks_each, "launchType": "FARGATE",
                    "networkConfiguration": {"awsvpcConfiguration": {"subnets": [subnet]}}}),
                now,
            );
        }
        world.advance(now);
        // One advance steps only as long as its time budget allows (launching 5,000 tasks
        // takes longer), so the minute is stepped over as many calls as it needs.
        while world.regions.values().any(|r| r.sim.stepping_to(now + 60.0)) {
            world.advance(now + 60.0);
        }
        world
    }

    /// One ECS call straight into `world`, as a request would make it.
    pub fn ecs(world: &mut World, op: &str, body: serde_json::Value, now: f64) {
        call(world, &format!("AmazonEC2ContainerServiceV20141113.{op}"), body, now);
    }

    /// Steps every region to `t`.
    pub fn advance(world: &mut World, t: f64) -> bool {
        world.advance(t)
    }

    pub fn running_tasks(world: &World) -> usize {
        world.regions.values().map(|r| r.ecs.running_task_count()).sum()
    }

    pub fn clock(world: &World) -> f64 {
        world.clock
    }
}
