//! The sandbox's own controls (traffic per service, sample images, added latency): extra operations on
//! Berth's local sandbox endpoint, `X-Amz-Target: BerthSandbox.<Operation>`. No AWS SDK
//! knows them, and the endpoint is always plain HTTP on loopback, so this speaks
//! HTTP/1.1 itself. Berth offers these only when the active environment is the sandbox.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::error::{CoreError, Result};
use crate::validation::FieldError;

/// One active service of the sandbox and the load it is under.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SimulatedService {
    pub cluster: String,
    pub service: String,
    pub desired_count: i64,
    pub running_count: i64,
    pub requests_per_second: f64,
    pub metrics_resolution: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Simulation {
    /// Simulated seconds per wall second.
    pub speed: f64,
    /// The simulated clock, epoch seconds.
    #[serde(default)]
    pub now: f64,
    pub region: String,
    pub services: Vec<SimulatedService>,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PushedImage {
    pub repository_name: String,
    pub image_tag: String,
    pub image_digest: String,
}

/// The highest load the sandbox accepts for one service.
pub const MAX_REQUESTS_PER_SECOND: f64 = 100_000.0;

fn host_port(url: &str) -> Result<String> {
    let rest = url.strip_prefix("http://").ok_or_else(|| CoreError::Client {
        operation: "sandbox control",
        detail: format!("{url} is not the sandbox's plain-HTTP loopback address"),
    })?;
    Ok(rest.trim_end_matches('/').to_string())
}

/// Sends one control operation and returns its JSON answer, or the sandbox's error.
async fn call(url: &str, region: &str, operation: &'static str, body: Value) -> Result<Value> {
    let address = host_port(url)?;
    let network = |e: std::io::Error| CoreError::Network { operation, detail: e.to_string() };
    let mut stream = tokio::net::TcpStream::connect(&address).await.map_err(network)?;
    let body = body.to_string();
    let request = format!(
        "POST / HTTP/1.1\r\nHost: {address}\r\nX-Amz-Target: BerthSandbox.{operation}\r\nContent-Type: application/x-amz-json-1.1\r\nAuthorization: AWS4-HMAC-SHA256 Credential=berth/20260101/{region}/ecs/aws4_request, SignedHeaders=host, Signature=0\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.map_err(network)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.map_err(network)?;
    let text = String::from_utf8_lossy(&raw);
    let (head, payload) =
        text.split_once("\r\n\r\n").ok_or_else(|| CoreError::Client { operation, detail: "the sandbox's answer had no body".into() })?;
    let status: u16 = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let value: Value = serde_json::from_str(payload).unwrap_or(Value::Null);
    if status == 200 {
        return Ok(value);
    }
    let code = value["__type"].as_str().unwrap_or("SandboxError").to_string();
    let message = value["message"].as_str().unwrap_or("the sandbox refused the request").to_string();
    Err(CoreError::Aws { code, message, operation })
}

pub async fn describe_simulation(url: &str, region: &str) -> Result<Simulation> {
    let value = call(url, region, "DescribeSimulation", json!({})).await?;
    serde_json::from_value(value).map_err(|e| CoreError::Client { operation: "DescribeSimulation", detail: e.to_string() })
}

/// Checks a traffic level the way the sandbox will, so the form can say so first.
pub fn check_requests_per_second(value: f64) -> std::result::Result<(), FieldError> {
    if value.is_finite() && (0.0..=MAX_REQUESTS_PER_SECOND).contains(&value) {
        Ok(())
    } else {
        Err(FieldError::new("requestsPerSecond", format!("Requests per second must be a number from 0 to {MAX_REQUESTS_PER_SECOND}.")))
    }
}

pub async fn set_traffic(url: &str, region: &str, cluster: &str, service: &str, requests_per_second: f64) -> Result<()> {
    check_requests_per_second(requests_per_second)?;
    call(url, region, "SetTraffic", json!({"cluster": cluster, "service": service, "requestsPerSecond": requests_per_second})).await?;
    Ok(())
}

pub async fn push_sample_image(url: &str, region: &str, repository: &str, tag: &str) -> Result<PushedImage> {
    if repository.trim().is_empty() {
        return Err(FieldError::new("repositoryName", "Enter the repository to push to.").into());
    }
    let tag_ok = !tag.is_empty()
        && tag.len() <= 128
        && tag.chars().next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && tag.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
    if !tag_ok {
        return Err(FieldError::new(
            "imageTag",
            "An image tag is 1-128 letters, digits, underscores, periods and hyphens, and cannot start with a period or hyphen.",
        )
        .into());
    }
    let value = call(url, region, "PushSampleImage", json!({"repositoryName": repository, "imageTag": tag})).await?;
    Ok(PushedImage {
        repository_name: repository.to_string(),
        image_tag: tag.to_string(),
        image_digest: value["image"]["imageId"]["imageDigest"].as_str().unwrap_or_default().to_string(),
    })
}

/// Makes every call to one AWS service of the sandbox (`ecs`, `logs`, ...) answer
/// `latency_ms` later, as a distant region would; 0 takes the delay away.
pub async fn set_latency(url: &str, region: &str, service: &str, latency_ms: u64) -> Result<()> {
    set_faults(url, region, service, latency_ms, 0.0).await
}

/// Added latency and a share (0–100 %) of calls answered with a 5xx error, for one AWS
/// service of the sandbox; how Berth's reports of partial failure are proven.
pub async fn set_faults(url: &str, region: &str, service: &str, latency_ms: u64, error_percent: f64) -> Result<()> {
    call(url, region, "SetFaults", json!({"service": service, "latencyMs": latency_ms, "errorPercent": error_percent})).await?;
    Ok(())
}

/// 1 for 1-second metrics for one service of the sandbox, 60 for CloudWatch's usual
/// one-minute ones.
pub async fn set_metrics_resolution(url: &str, region: &str, cluster: &str, service: &str, seconds: i64) -> Result<()> {
    if seconds != 1 && seconds != 60 {
        return Err(FieldError::new("seconds", "Metrics come every second (1) or every minute (60).").into());
    }
    call(url, region, "SetMetricsResolution", json!({"cluster": cluster, "service": service, "seconds": seconds})).await?;
    Ok(())
}
