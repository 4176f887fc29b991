//! The sandbox's own controls (traffic per service, sample images, added latency): extra operations on
//! Berth's local sandbox endpoint, `X-Amz-Target: BerthSandbox.<Operation>`. No AWS SDK
//! knows them, and the endpoint is always plain HTTP on loopback, so this speaks
//! HTTP/1.1 itself, signed with the sandbox's key pair when it has one. Berth offers these
//! only when the active environment is the sandbox. Also the embedded sandbox's
//! per-installation key pair, kept in the keyring.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::error::{CoreError, Result};
use crate::secrets::{AccessKeys, SecretStore};
use crate::validation::FieldError;

/// Where the sandbox listens and the key pair its requests are signed with (`None` for a
/// sandbox that accepts any credentials, as the standalone one does by default).
#[derive(Debug, Clone, Copy)]
pub struct Endpoint<'a> {
    pub url: &'a str,
    pub keys: Option<&'a AccessKeys>,
}

impl<'a> From<&'a str> for Endpoint<'a> {
    fn from(url: &'a str) -> Self {
        Endpoint { url, keys: None }
    }
}

impl<'a> From<&'a String> for Endpoint<'a> {
    fn from(url: &'a String) -> Self {
        Endpoint { url, keys: None }
    }
}

/// The keyring entry of the embedded sandbox's key pair: the local environment's.
const KEYS_ENTRY: &str = crate::environments::LOCAL_ID;

/// The embedded sandbox's key pair: made once per installation and kept in the keyring,
/// so only Berth (and the AWS CLI through `berth sandbox-credentials`) can sign for it.
pub fn installation_keys(secrets: &dyn SecretStore) -> Result<AccessKeys> {
    match secrets.get(KEYS_ENTRY) {
        Ok(keys) => Ok(keys),
        Err(CoreError::MissingSecret(_)) => {
            let keys = new_keys();
            secrets.put(KEYS_ENTRY, &keys)?;
            Ok(keys)
        }
        Err(e) => Err(e),
    }
}

/// The key pair already made for this installation, for the AWS CLI's credential process.
pub fn stored_keys(secrets: &dyn SecretStore) -> Result<AccessKeys> {
    secrets.get(KEYS_ENTRY)
}

/// A fresh random key pair shaped like AWS's: `AKIA` and 16 upper-case letters or digits,
/// and a 40-character secret (244 random bits from two v4 UUIDs).
pub fn new_keys() -> AccessKeys {
    const ID: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    const SECRET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bits = |n: usize| -> Vec<u8> { (0..n).flat_map(|_| *uuid::Uuid::new_v4().as_bytes()).collect() };
    let id_bytes = bits(1);
    let secret_bytes = bits(3);
    AccessKeys {
        access_key_id: format!("AKIA{}", id_bytes.iter().take(16).map(|b| ID[(*b as usize) % 32] as char).collect::<String>()),
        secret_access_key: secret_bytes.iter().take(40).map(|b| SECRET[(*b as usize) % 64] as char).collect(),
        session_token: None,
    }
}

/// The SigV4 headers (`x-amz-date`, `authorization`) for one POST to `url`, signing
/// `headers` (which must include `host`) and the body for `service` in `region`.
pub fn signature(
    keys: &AccessKeys,
    region: &str,
    service: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<Vec<(String, String)>> {
    use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
    let failed =
        |detail: String| CoreError::Client { operation: "sandbox control", detail: format!("could not sign the request: {detail}") };
    let identity = aws_credential_types::Credentials::new(&keys.access_key_id, &keys.secret_access_key, None, None, "berth-sandbox").into();
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(std::time::SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| failed(e.to_string()))?
        .into();
    let request =
        SignableRequest::new("POST", url, headers.iter().copied(), SignableBody::Bytes(body)).map_err(|e| failed(e.to_string()))?;
    let (instructions, _) = sign(request, &params).map_err(|e| failed(e.to_string()))?.into_parts();
    Ok(instructions.headers().map(|(k, v)| (k.to_string(), v.to_string())).collect())
}

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
    /// The Lambda functions services name as deployment hooks; the sandbox runs no Lambda,
    /// so it answers for them.
    #[serde(default)]
    pub hooks: Vec<SimulatedHook>,
}

/// A Lambda hook's function and what the sandbox answers when a deployment calls it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SimulatedHook {
    pub hook_target_arn: String,
    /// `cluster/service` of each service whose deployments call it.
    pub services: Vec<String>,
    /// SUCCEEDED, FAILED or IN_PROGRESS (keep waiting: asked again 30 s later).
    pub outcome: String,
}

pub const HOOK_OUTCOMES: [&str; 3] = ["SUCCEEDED", "FAILED", "IN_PROGRESS"];

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
async fn call(endpoint: Endpoint<'_>, region: &str, operation: &'static str, body: Value) -> Result<Value> {
    let address = host_port(endpoint.url)?;
    let network = |e: std::io::Error| CoreError::Network { operation, detail: e.to_string() };
    let body = body.to_string();
    let target = format!("BerthSandbox.{operation}");
    let content_type = "application/x-amz-json-1.1";
    let authorization = match endpoint.keys {
        Some(keys) => {
            let headers = [("host", address.as_str()), ("x-amz-target", target.as_str()), ("content-type", content_type)];
            signature(keys, region, "ecs", &format!("http://{address}/"), &headers, body.as_bytes())?
                .into_iter()
                .map(|(k, v)| format!("{k}: {v}\r\n"))
                .collect::<String>()
        }
        // A sandbox that takes any credentials still reads the region from the scope.
        None => format!(
            "Authorization: AWS4-HMAC-SHA256 Credential=berth/20260101/{region}/ecs/aws4_request, SignedHeaders=host, Signature=0\r\n"
        ),
    };
    let mut stream = tokio::net::TcpStream::connect(&address).await.map_err(network)?;
    let request = format!(
        "POST / HTTP/1.1\r\nHost: {address}\r\nX-Amz-Target: {target}\r\nContent-Type: {content_type}\r\n{authorization}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
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

pub async fn describe_simulation(endpoint: impl Into<Endpoint<'_>>, region: &str) -> Result<Simulation> {
    let value = call(endpoint.into(), region, "DescribeSimulation", json!({})).await?;
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

pub async fn set_traffic(
    endpoint: impl Into<Endpoint<'_>>,
    region: &str,
    cluster: &str,
    service: &str,
    requests_per_second: f64,
) -> Result<()> {
    check_requests_per_second(requests_per_second)?;
    call(endpoint.into(), region, "SetTraffic", json!({"cluster": cluster, "service": service, "requestsPerSecond": requests_per_second}))
        .await?;
    Ok(())
}

/// What the sandbox answers for the Lambda hooks naming `function` from now on.
pub async fn set_hook_outcome(endpoint: impl Into<Endpoint<'_>>, region: &str, function: &str, outcome: &str) -> Result<()> {
    if !HOOK_OUTCOMES.contains(&outcome) {
        return Err(FieldError::new("outcome", "A hook succeeds, fails, or keeps the deployment waiting (IN_PROGRESS).").into());
    }
    call(endpoint.into(), region, "SetHookOutcome", json!({"hookTargetArn": function, "outcome": outcome})).await?;
    Ok(())
}

pub async fn push_sample_image(endpoint: impl Into<Endpoint<'_>>, region: &str, repository: &str, tag: &str) -> Result<PushedImage> {
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
    let value = call(endpoint.into(), region, "PushSampleImage", json!({"repositoryName": repository, "imageTag": tag})).await?;
    Ok(PushedImage {
        repository_name: repository.to_string(),
        image_tag: tag.to_string(),
        image_digest: value["image"]["imageId"]["imageDigest"].as_str().unwrap_or_default().to_string(),
    })
}

/// Makes every call to one AWS service of the sandbox (`ecs`, `logs`, ...) answer
/// `latency_ms` later, as a distant region would; 0 takes the delay away.
pub async fn set_latency(endpoint: impl Into<Endpoint<'_>>, region: &str, service: &str, latency_ms: u64) -> Result<()> {
    set_faults(endpoint, region, service, latency_ms, 0.0).await
}

/// Added latency and a share (0–100 %) of calls answered with a 5xx error, for one AWS
/// service of the sandbox; how Berth's reports of partial failure are proven.
pub async fn set_faults(endpoint: impl Into<Endpoint<'_>>, region: &str, service: &str, latency_ms: u64, error_percent: f64) -> Result<()> {
    call(endpoint.into(), region, "SetFaults", json!({"service": service, "latencyMs": latency_ms, "errorPercent": error_percent})).await?;
    Ok(())
}

/// 1 for 1-second metrics for one service of the sandbox, 60 for CloudWatch's usual
/// one-minute ones.
pub async fn set_metrics_resolution(
    endpoint: impl Into<Endpoint<'_>>,
    region: &str,
    cluster: &str,
    service: &str,
    seconds: i64,
) -> Result<()> {
    if seconds != 1 && seconds != 60 {
        return Err(FieldError::new("seconds", "Metrics come every second (1) or every minute (60).").into());
    }
    call(endpoint.into(), region, "SetMetricsResolution", json!({"cluster": cluster, "service": service, "seconds": seconds})).await?;
    Ok(())
}

/// The AWS CLI profile CLI equivalents name when the sandbox signs: its credentials come
/// from `berth sandbox-credentials`, so the secret stays in the keyring.
pub const CLI_PROFILE: &str = "berth-sandbox";

/// What `berth sandbox-credentials` prints: the AWS CLI's credential-process answer.
pub fn credential_process_output(keys: &AccessKeys) -> String {
    json!({"Version": 1, "AccessKeyId": keys.access_key_id, "SecretAccessKey": keys.secret_access_key}).to_string()
}

/// The profile section for `~/.aws/config`, calling `berth` at `exe`.
pub fn cli_profile_section(exe: &std::path::Path, region: &str) -> String {
    let exe = exe.display().to_string();
    // botocore splits the command as a POSIX shell would; only a path with spaces or
    // quotes needs quoting.
    let command =
        if exe.contains([' ', '"', '\'', '\\']) { format!("\"{}\"", exe.replace('\\', "\\\\").replace('"', "\\\"")) } else { exe };
    format!("[profile {CLI_PROFILE}]\ncredential_process = {command} sandbox-credentials\nregion = {region}\n")
}

/// Where the AWS CLI reads its config: `AWS_CONFIG_FILE`, else `~/.aws/config`.
pub fn cli_config_path(aws_config_file: Option<std::path::PathBuf>, home: Option<std::path::PathBuf>) -> Option<std::path::PathBuf> {
    aws_config_file.or_else(|| home.map(|h| h.join(".aws").join("config")))
}

/// `text` with the `berth-sandbox` profile section replaced by `section` (or added at the
/// end); every other line is kept as it was.
pub fn with_cli_profile(text: &str, section: &str) -> String {
    let header = format!("[profile {CLI_PROFILE}]");
    let mut out = String::new();
    let mut skipping = false;
    let mut placed = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            skipping = trimmed == header;
            if skipping && !placed {
                out.push_str(section);
                placed = true;
            }
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !placed {
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(section);
    }
    out
}

/// Writes (or rewrites) the `berth-sandbox` profile into the AWS CLI config at `path`,
/// keeping everything else in the file; the file is replaced atomically.
pub fn write_cli_profile(path: &std::path::Path, section: &str) -> Result<()> {
    let failed = |e: std::io::Error| CoreError::Client { operation: "write AWS CLI config", detail: format!("{}: {e}", path.display()) };
    let old = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(failed(e)),
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    let temp = path.with_extension("berth-tmp");
    std::fs::write(&temp, with_cli_profile(&old, section)).map_err(failed)?;
    if let Ok(meta) = std::fs::metadata(path) {
        std::fs::set_permissions(&temp, meta.permissions()).map_err(failed)?;
    }
    std::fs::rename(&temp, path).map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_section_is_replaced_in_place_and_the_rest_is_kept() {
        let section = cli_profile_section(std::path::Path::new("/usr/bin/berth"), "us-east-1");
        assert_eq!(section, "[profile berth-sandbox]\ncredential_process = /usr/bin/berth sandbox-credentials\nregion = us-east-1\n");
        let added = with_cli_profile("[default]\nregion = eu-west-1\n", &section);
        assert_eq!(added, format!("[default]\nregion = eu-west-1\n\n{section}"));
        let moved = cli_profile_section(std::path::Path::new("/opt/my apps/berth"), "eu-west-1");
        let replaced = with_cli_profile(&format!("{added}[profile other]\noutput = json\n"), &moved);
        assert_eq!(replaced, format!("[default]\nregion = eu-west-1\n\n{moved}[profile other]\noutput = json\n"));
        assert!(moved.contains("credential_process = \"/opt/my apps/berth\" sandbox-credentials"), "{moved}");
        assert_eq!(with_cli_profile("", &section), section);
    }

    #[test]
    fn keys_look_like_aws_keys_and_differ_each_time() {
        let (a, b) = (new_keys(), new_keys());
        assert_ne!(a.secret_access_key, b.secret_access_key);
        assert!(a.access_key_id.starts_with("AKIA") && a.access_key_id.len() == 20, "{}", a.access_key_id);
        assert_eq!(a.secret_access_key.len(), 40);
        assert!(credential_process_output(&a).contains(&a.access_key_id));
    }
}
