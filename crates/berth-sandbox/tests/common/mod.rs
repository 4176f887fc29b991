//! Starts a sandbox in-process and hands out the official SDK's configuration for it.

use std::net::{Ipv4Addr, SocketAddr};

use aws_config::{BehaviorVersion, Region, SdkConfig};
use berth_sandbox::Sandbox;

/// A sandbox at ten simulated seconds per second, so lifecycles pass quickly.
#[allow(dead_code)]
pub async fn sandbox() -> (Sandbox, SdkConfig) {
    sandbox_at(10.0).await
}

#[allow(dead_code)]
pub async fn sandbox_at(speed: f64) -> (Sandbox, SdkConfig) {
    let options = berth_sandbox::Options { speed, ..berth_sandbox::Options::new(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), None) };
    let sandbox = Sandbox::start_with(options).await.expect("sandbox starts");
    let config = sdk_config(&sandbox.url()).await;
    (sandbox, config)
}

#[allow(dead_code)]
pub async fn sdk_config(url: &str) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(url)
        .credentials_provider(aws_sdk_sts::config::Credentials::new("AKIDSANDBOX", "sandbox-secret", None, None, "test"))
        .load()
        .await
}

/// The AWS error code of a failed SDK call.
#[allow(dead_code)]
pub fn code<E, R>(err: &aws_sdk_ecs::error::SdkError<E, R>) -> String
where
    E: aws_sdk_ecs::error::ProvideErrorMetadata + std::fmt::Debug,
    R: std::fmt::Debug,
{
    err.as_service_error().and_then(|e| e.code()).map(String::from).unwrap_or_else(|| format!("{err:?}"))
}

#[allow(dead_code)]
pub fn message<E, R>(err: &aws_sdk_ecs::error::SdkError<E, R>) -> String
where
    E: aws_sdk_ecs::error::ProvideErrorMetadata,
{
    err.as_service_error().and_then(|e| e.message()).map(String::from).unwrap_or_default()
}

/// One HTTP/1.1 request over a fresh connection, for tests that need bytes no SDK would
/// send. Returns the status and body.
#[allow(dead_code)]
pub fn raw(addr: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> std::io::Result<(u16, String)> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    let mut head = format!("POST {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {addr}\r\n"));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut out = Vec::new();
    stream.read_to_end(&mut out)?;
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Ok((status, body))
}

/// The headers of a signed ECS JSON request (signatures are not checked).
#[allow(dead_code)]
pub fn ecs_headers(operation: &str) -> Vec<(&'static str, String)> {
    vec![
        ("X-Amz-Target", format!("AmazonEC2ContainerServiceV20141113.{operation}")),
        ("Content-Type", "application/x-amz-json-1.1".into()),
        (
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDSANDBOX/20261124/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=00".into(),
        ),
    ]
}

#[allow(dead_code)]
pub fn ecs_call(addr: &str, operation: &str, body: &str) -> std::io::Result<(u16, String)> {
    let headers = ecs_headers(operation);
    let pairs: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    raw(addr, "/", &pairs, body.as_bytes())
}
