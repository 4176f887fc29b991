//! berth-sandbox: a local AWS-compatible endpoint with real ECS rules, so Berth works
//! offline and its tests have a backend that behaves like ECS. It shares no code with
//! berth-core on purpose: a second implementation of AWS catches the console's mistakes
//! instead of repeating them.
//!
//! Today it speaks awsJson1_1 for ECS and awsQuery for STS GetCallerIdentity; the other
//! services of DESIGN.md's table come next.

mod ecs;
mod error;
mod protocol;
mod sts;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::any;
use axum::Router;

pub use error::AwsError;

/// The one fake account every ARN carries.
pub const ACCOUNT_ID: &str = "000000000000";
/// Requests larger than this are refused with a protocol error rather than buffered.
pub const MAX_BODY: usize = 4 * 1024 * 1024;

#[derive(Default)]
pub struct World {
    pub ecs: ecs::Ecs,
}

type Shared = Arc<Mutex<World>>;

/// A running sandbox. Dropping it stops the server.
pub struct Sandbox {
    pub addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Sandbox {
    /// Starts on `addr` (port 0 picks a free one) in the current tokio runtime.
    pub async fn start(addr: SocketAddr) -> std::io::Result<Sandbox> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let app = router(Arc::new(Mutex::new(World::default())));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        Ok(Sandbox { addr, shutdown: Some(tx) })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

pub fn router(world: Shared) -> Router {
    Router::new()
        .fallback(any(handle))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .with_state(world)
}

async fn handle(State(world): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let request = match protocol::Request::parse(&headers, &body) {
        Ok(r) => r,
        Err((proto, e)) => return proto.error(&e),
    };
    let proto = request.protocol;
    let result = {
        let mut world = world.lock().unwrap_or_else(|p| p.into_inner());
        match request.service.as_str() {
            "ecs" => ecs::dispatch(&mut world.ecs, &request),
            "sts" => sts::dispatch(&request),
            other => Err(AwsError::new(
                StatusCode::BAD_REQUEST,
                "UnknownOperationException",
                format!("The sandbox does not serve the {other} service yet."),
            )),
        }
    };
    match result {
        Ok(body) => proto.ok(&request, body),
        Err(e) => proto.error(&e),
    }
}
