//! berth-sandbox: a local AWS-compatible endpoint with real ECS rules, so Berth works
//! offline and its tests have a backend that behaves like ECS. It shares no code with
//! berth-core on purpose: a second implementation of AWS catches the console's mistakes
//! instead of repeating them.
//!
//! One HTTP endpoint serves ECS, ECR, CloudWatch, CloudWatch Logs, ELBv2, Application
//! Auto Scaling, EC2 and STS in their own wire protocols (protocol.rs); state is kept per
//! region and, when a state file is given, persisted before each change is acknowledged.

mod autoscaling;
mod cbor;
mod cloudwatch;
mod ec2;
mod ecr;
mod ecs;
mod elbv2;
mod error;
mod logs;
pub mod protocol;
mod store;
mod sts;
mod util;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use axum::routing::any;
use axum::Router;
use serde::{Deserialize, Serialize};

pub use error::AwsError;
pub use store::StoreError;
use protocol::{Request, Service};

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
    ec2: ec2::Ec2,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct World {
    regions: BTreeMap<String, Region>,
}

struct Inner {
    world: Mutex<World>,
    store: store::Store,
}

type Shared = Arc<Inner>;

/// Where the sandbox listens and whether it keeps its state on disk.
#[derive(Debug, Clone)]
pub struct Options {
    pub addr: SocketAddr,
    /// Written atomically before each change is acknowledged; `None` keeps state in memory.
    pub state: Option<PathBuf>,
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
        Self::start_with(Options { addr, state: None }).await
    }

    /// Starts in the current tokio runtime, restoring state from `options.state` if the
    /// file exists.
    pub async fn start_with(options: Options) -> Result<Sandbox, StartError> {
        let (store, world) = store::Store::open(options.state)?;
        let listener = tokio::net::TcpListener::bind(options.addr).await.map_err(|source| StartError::Listen { addr: options.addr, source })?;
        let addr = listener.local_addr().map_err(|source| StartError::Listen { addr: options.addr, source })?;
        let inner = Arc::new(Inner { world: Mutex::new(world), store });
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let app = router(inner.clone());
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
    pub fn reset(&self) -> Result<(), StoreError> {
        reset(&self.inner)
    }

    /// Where state is persisted, if anywhere.
    pub fn state_file(&self) -> Option<&std::path::Path> {
        self.inner.store.path()
    }
}

fn reset(inner: &Inner) -> Result<(), store::StoreError> {
    let mut world = inner.world.lock().unwrap_or_else(|p| p.into_inner());
    *world = World::default();
    inner.store.save(&world)
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

async fn handle(State(inner): State<Shared>, uri: Uri, headers: HeaderMap, body: Result<Bytes, BytesRejection>) -> Response {
    let request_id = util::uuid();
    let body = match body {
        Ok(b) => b,
        Err(e) => {
            let code = if e.status() == StatusCode::PAYLOAD_TOO_LARGE { "RequestEntityTooLargeException" } else { "SerializationException" };
            let error = AwsError::new(e.status(), code, format!("The request could not be read: {}", e.body_text()));
            return Request::detect(uri.path(), &headers).error(None, &request_id, &error);
        }
    };
    let request = match Request::parse(uri.path(), &headers, &body) {
        Ok(r) => r,
        Err((proto, e)) => return proto.error(None, &request_id, &e),
    };
    let (proto, service) = (request.protocol, request.service);
    let result = {
        let mut world = inner.world.lock().unwrap_or_else(|p| p.into_inner());
        let mut result = dispatch(&mut world, &request);
        if result.is_ok() && !is_read_only(&request.operation) {
            if let Err(e) = inner.store.save(&world) {
                tracing::error!("sandbox state not saved: {e}");
                result = Err(AwsError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "ServiceUnavailable",
                    "The sandbox could not save its state; the change may not persist.",
                ));
            }
        }
        result
    };
    match result {
        Ok(body) => proto.ok(&request, &request_id, body),
        Err(e) => proto.error(Some(service), &request_id, &e),
    }
}

fn dispatch(world: &mut World, req: &Request) -> Result<serde_json::Value, AwsError> {
    if req.service == Service::Sandbox {
        return match req.operation.as_str() {
            "Reset" => {
                *world = World::default();
                Ok(serde_json::json!({}))
            }
            other => Err(AwsError::client("UnknownOperationException", format!("Unknown sandbox operation {other}"))),
        };
    }
    let region = world.regions.entry(req.region.clone()).or_default();
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
        Service::Sandbox => unreachable!("handled above"),
    }
}
