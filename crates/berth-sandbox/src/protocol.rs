//! Wire protocols: which service and operation a request is for, its input as one JSON
//! value whatever the encoding, and answers and errors written back in the protocol's own
//! shape (awsJson 1.0/1.1, Smithy RPC v2 CBOR, awsQuery, ec2Query).

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use crate::error::AwsError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    AwsJson10,
    AwsJson11,
    RpcV2Cbor,
    AwsQuery,
    Ec2Query,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Ecs,
    Ecr,
    CloudWatch,
    Logs,
    ElbV2,
    AutoScaling,
    Ec2,
    Sts,
    Iam,
    /// EC2 Auto Scaling (groups of instances), not Application Auto Scaling.
    Ec2AutoScaling,
    Ssm,
    /// Sandbox-only controls (reset, later: traffic and faults), never an AWS API.
    Sandbox,
}

impl Service {
    fn from_target_prefix(prefix: &str) -> Option<Service> {
        Some(match prefix {
            "AmazonEC2ContainerServiceV20141113" => Service::Ecs,
            "AmazonEC2ContainerRegistry_V20150921" => Service::Ecr,
            "GraniteServiceVersion20100801" => Service::CloudWatch,
            "Logs_20140328" => Service::Logs,
            "AnyScaleFrontendService" => Service::AutoScaling,
            "AmazonSSM" => Service::Ssm,
            "BerthSandbox" => Service::Sandbox,
            _ => return None,
        })
    }

    /// The SigV4 signing name, which query requests carry only in their credential scope.
    fn from_signing_name(name: &str) -> Option<Service> {
        Some(match name {
            "ecs" => Service::Ecs,
            "ecr" => Service::Ecr,
            "monitoring" => Service::CloudWatch,
            "logs" => Service::Logs,
            "elasticloadbalancing" => Service::ElbV2,
            "application-autoscaling" => Service::AutoScaling,
            "ec2" => Service::Ec2,
            "sts" => Service::Sts,
            "iam" => Service::Iam,
            "autoscaling" => Service::Ec2AutoScaling,
            "ssm" => Service::Ssm,
            _ => return None,
        })
    }
}

#[derive(Debug)]
pub struct Request {
    pub protocol: Protocol,
    pub service: Service,
    pub operation: String,
    pub region: String,
    pub input: Value,
}

impl Request {
    /// Which protocol a request speaks, from its path and headers alone.
    pub fn detect(path: &str, headers: &HeaderMap) -> Protocol {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let scope_service = header("authorization").and_then(credential_scope).map(|(_, svc)| svc);
        if header("smithy-protocol") == Some("rpc-v2-cbor") || path.starts_with("/service/") {
            Protocol::RpcV2Cbor
        } else if header("x-amz-target").is_some() {
            if header("content-type").unwrap_or_default().contains("1.0") {
                Protocol::AwsJson10
            } else {
                Protocol::AwsJson11
            }
        } else if scope_service == Some("ec2") {
            Protocol::Ec2Query
        } else {
            Protocol::AwsQuery
        }
    }

    pub fn parse(path: &str, headers: &HeaderMap, body: &[u8]) -> Result<Request, (Protocol, AwsError)> {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let target = header("x-amz-target");
        let scope = header("authorization").map(credential_scope);
        let scope_service = scope.and_then(|s| s.map(|(_, svc)| svc));
        let protocol = Self::detect(path, headers);
        let fail = |e| (protocol, e);
        let Some(scope) = scope else {
            return Err(fail(AwsError::new(StatusCode::FORBIDDEN, "MissingAuthenticationTokenException", "Missing Authentication Token")));
        };
        // Signatures are not verified; the credential scope says which service and region.
        let region = scope.map(|(r, _)| r).unwrap_or("us-east-1").to_string();
        match protocol {
            Protocol::RpcV2Cbor => {
                // /service/{ServiceShape}/operation/{Operation}
                let mut parts = path.trim_start_matches('/').split('/');
                let (Some("service"), Some(shape), Some("operation"), Some(operation), None) =
                    (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
                else {
                    return Err(fail(AwsError::new(StatusCode::NOT_FOUND, "UnknownOperationException", format!("No operation at {path}"))));
                };
                let service = Service::from_target_prefix(shape).ok_or_else(|| {
                    fail(AwsError::new(StatusCode::NOT_FOUND, "UnknownOperationException", format!("Unknown service {shape}")))
                })?;
                let input = if body.is_empty() { Value::Object(Map::new()) } else { crate::cbor::decode(body).map_err(fail)? };
                if !input.is_object() {
                    return Err(fail(AwsError::serialization("The request body must be a CBOR map")));
                }
                Ok(Request { protocol, service, operation: operation.to_string(), region, input })
            }
            Protocol::AwsJson10 | Protocol::AwsJson11 => {
                let target = target.unwrap_or_default();
                let (prefix, operation) = target
                    .split_once('.')
                    .ok_or_else(|| fail(AwsError::client("UnknownOperationException", format!("Unrecognized target {target}"))))?;
                let service = Service::from_target_prefix(prefix)
                    .ok_or_else(|| fail(AwsError::client("UnknownOperationException", format!("Unrecognized target prefix {prefix}"))))?;
                let input: Value = if body.is_empty() {
                    Value::Object(Map::new())
                } else {
                    serde_json::from_slice(body).map_err(|e| fail(AwsError::serialization(format!("Invalid JSON body: {e}"))))?
                };
                if !input.is_object() {
                    return Err(fail(AwsError::serialization("The request body must be a JSON object")));
                }
                Ok(Request { protocol, service, operation: operation.to_string(), region, input })
            }
            Protocol::AwsQuery | Protocol::Ec2Query => {
                let service = scope_service.and_then(Service::from_signing_name).ok_or_else(|| {
                    fail(AwsError::client(
                        "UnknownService",
                        format!("The sandbox does not serve {}", scope_service.unwrap_or("this service")),
                    ))
                })?;
                let text =
                    std::str::from_utf8(body).map_err(|_| fail(AwsError::client("MalformedQueryString", "The body is not UTF-8")))?;
                let mut flat = Vec::new();
                for pair in text.split('&').filter(|p| !p.is_empty()) {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    flat.push((url_decode(k), url_decode(v)));
                }
                let operation = flat
                    .iter()
                    .find(|(k, _)| k == "Action")
                    .map(|(_, v)| v.clone())
                    .ok_or_else(|| fail(AwsError::client("MissingAction", "Missing Action parameter")))?;
                let input = nest_query(&flat).map_err(fail)?;
                Ok(Request { protocol, service, operation, region, input })
            }
        }
    }
}

/// `Credential=AKID/20261124/us-east-1/ecs/aws4_request` → ("us-east-1", "ecs").
fn credential_scope(auth: &str) -> Option<(&str, &str)> {
    let cred = auth.split("Credential=").nth(1)?.split([',', ' ']).next()?;
    let mut parts = cred.split('/');
    let _key = parts.next()?;
    let _date = parts.next()?;
    Some((parts.next()?, parts.next()?))
}

pub fn url_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b))) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Deepest key nesting and list index the query parsers accept; AWS's own inputs stay far
/// below both, and the caps keep hostile keys from allocating without bound.
const MAX_DEPTH: usize = 12;
const MAX_INDEX: usize = 1000;

/// Flat query fields to one nested value: `Tags.member.2.Key=k` → `{"Tags":[_, {"Key":"k"}]}`,
/// `Filter.1.Value.1=v` → `{"Filter":[{"Value":["v"]}]}`. `member`/`entry` wrappers vanish,
/// numeric segments are 1-based list positions.
pub fn nest_query(flat: &[(String, String)]) -> Result<Value, AwsError> {
    let mut root = Value::Object(Map::new());
    for (key, value) in flat {
        let segments: Vec<&str> = key.split('.').filter(|s| *s != "member" && *s != "entry").collect();
        if segments.len() > MAX_DEPTH || segments.iter().any(|s| s.is_empty()) {
            return Err(AwsError::client("MalformedQueryString", format!("Malformed parameter name {key}")));
        }
        let mut node = &mut root;
        for (i, seg) in segments.iter().enumerate() {
            let last = i + 1 == segments.len();
            let next_is_index = segments.get(i + 1).is_some_and(|s| s.bytes().all(|b| b.is_ascii_digit()));
            let fresh = || if next_is_index { Value::Array(vec![]) } else { Value::Object(Map::new()) };
            if seg.bytes().all(|b| b.is_ascii_digit()) {
                let index: usize = seg.parse().unwrap_or(0);
                if index == 0 || index > MAX_INDEX {
                    return Err(AwsError::client("MalformedQueryString", format!("List index out of range in {key}")));
                }
                let Value::Array(list) = node else {
                    return Err(AwsError::client("MalformedQueryString", format!("Conflicting parameter {key}")));
                };
                while list.len() < index {
                    list.push(Value::Null);
                }
                let slot = &mut list[index - 1];
                if last {
                    *slot = Value::String(value.clone());
                } else if slot.is_null() {
                    *slot = fresh();
                }
                node = slot;
            } else {
                let Value::Object(map) = node else {
                    return Err(AwsError::client("MalformedQueryString", format!("Conflicting parameter {key}")));
                };
                if last {
                    map.insert(seg.to_string(), Value::String(value.clone()));
                    break;
                }
                node = map.entry(seg.to_string()).or_insert_with(fresh);
            }
        }
    }
    Ok(root)
}

pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

/// Writes `value`'s fields as XML elements; lists wrap each entry in `item_tag`.
pub fn write_xml(out: &mut String, value: &Value, item_tag: &str) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if v.is_null() {
                    continue;
                }
                out.push('<');
                out.push_str(k);
                out.push('>');
                write_xml(out, v, item_tag);
                out.push_str("</");
                out.push_str(k);
                out.push('>');
            }
        }
        Value::Array(items) => {
            for item in items {
                out.push('<');
                out.push_str(item_tag);
                out.push('>');
                write_xml(out, item, item_tag);
                out.push_str("</");
                out.push_str(item_tag);
                out.push('>');
            }
        }
        Value::String(s) => out.push_str(&xml_escape(s)),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => {}
    }
}

/// A JSON answer a handler has already rendered travels as `{RAW_JSON: "<json>"}`, so the
/// busiest reads (DescribeTasks) skip building and re-serialising a value tree.
pub const RAW_JSON: &str = "$berth-raw-json";

fn query_namespace(service: Service) -> &'static str {
    match service {
        Service::ElbV2 => "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/",
        Service::Sts => "https://sts.amazonaws.com/doc/2011-06-15/",
        Service::Iam => "https://iam.amazonaws.com/doc/2010-05-08/",
        Service::Ec2AutoScaling => "http://autoscaling.amazonaws.com/doc/2011-01-01/",
        Service::Ec2 => "http://ec2.amazonaws.com/doc/2016-11-15/",
        _ => "http://monitoring.amazonaws.com/doc/2010-08-01/",
    }
}

fn with_headers(mut r: Response, pairs: &[(&'static str, String)]) -> Response {
    for (k, v) in pairs {
        if let Ok(v) = HeaderValue::from_str(v) {
            r.headers_mut().insert(*k, v);
        }
    }
    r
}

impl Protocol {
    pub fn ok(self, request: &Request, request_id: &str, body: Value) -> Response {
        let id = ("x-amzn-requestid", request_id.to_string());
        match self {
            Protocol::AwsJson10 | Protocol::AwsJson11 => {
                let ct = if self == Protocol::AwsJson10 { "application/x-amz-json-1.0" } else { "application/x-amz-json-1.1" };
                let text = match body {
                    // A hot path's pre-rendered JSON (see RAW_JSON), sent as it is.
                    Value::Object(mut map) if map.len() == 1 && map.get(RAW_JSON).is_some_and(Value::is_string) => {
                        match map.remove(RAW_JSON) {
                            Some(Value::String(raw)) => raw,
                            _ => unreachable!("checked above"),
                        }
                    }
                    body => strip_nulls(body).to_string(),
                };
                with_headers((StatusCode::OK, text).into_response(), &[(header::CONTENT_TYPE.as_str(), ct.into()), id])
            }
            Protocol::RpcV2Cbor => with_headers(
                (StatusCode::OK, crate::cbor::encode(&strip_nulls(body))).into_response(),
                &[("content-type", "application/cbor".into()), ("smithy-protocol", "rpc-v2-cbor".into()), id],
            ),
            Protocol::AwsQuery => {
                let op = &request.operation;
                let mut xml = format!("<{op}Response xmlns=\"{}\"><{op}Result>", query_namespace(request.service));
                write_xml(&mut xml, &body, "member");
                xml.push_str(&format!(
                    "</{op}Result><ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata></{op}Response>"
                ));
                with_headers((StatusCode::OK, xml).into_response(), &[("content-type", "text/xml".into()), id])
            }
            Protocol::Ec2Query => {
                let op = &request.operation;
                let mut xml = format!("<{op}Response xmlns=\"{}\"><requestId>{request_id}</requestId>", query_namespace(Service::Ec2));
                write_xml(&mut xml, &body, "item");
                xml.push_str(&format!("</{op}Response>"));
                with_headers((StatusCode::OK, xml).into_response(), &[("content-type", "text/xml;charset=UTF-8".into())])
            }
        }
    }

    pub fn error(self, service: Option<Service>, request_id: &str, e: &AwsError) -> Response {
        let id = ("x-amzn-requestid", request_id.to_string());
        match self {
            Protocol::AwsJson10 | Protocol::AwsJson11 => {
                let ct = if self == Protocol::AwsJson10 { "application/x-amz-json-1.0" } else { "application/x-amz-json-1.1" };
                let body = serde_json::json!({ "__type": e.code, "message": e.message });
                let mut headers = vec![("content-type", ct.to_string()), ("x-amzn-errortype", e.code.to_string()), id];
                // CloudWatch is query-compatible: JSON clients read the query error code here.
                if service == Some(Service::CloudWatch) {
                    headers.push(("x-amzn-query-error", format!("{};{}", e.code, if e.sender_fault { "Sender" } else { "Receiver" })));
                }
                with_headers((e.status, body.to_string()).into_response(), &headers)
            }
            Protocol::RpcV2Cbor => {
                let body = serde_json::json!({ "__type": e.code, "message": e.message });
                let mut headers =
                    vec![("content-type", "application/cbor".to_string()), ("smithy-protocol", "rpc-v2-cbor".to_string()), id];
                if service == Some(Service::CloudWatch) {
                    headers.push(("x-amzn-query-error", format!("{};{}", e.code, if e.sender_fault { "Sender" } else { "Receiver" })));
                }
                with_headers((e.status, crate::cbor::encode(&body)).into_response(), &headers)
            }
            Protocol::AwsQuery => {
                let kind = if e.sender_fault { "Sender" } else { "Receiver" };
                let ns = query_namespace(service.unwrap_or(Service::Sts));
                let xml = format!(
                    "<ErrorResponse xmlns=\"{ns}\"><Error><Type>{kind}</Type><Code>{}</Code><Message>{}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>",
                    e.code,
                    xml_escape(&e.message)
                );
                with_headers((e.status, xml).into_response(), &[("content-type", "text/xml".into()), id])
            }
            Protocol::Ec2Query => {
                let xml = format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{}</Code><Message>{}</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>",
                    e.code,
                    xml_escape(&e.message)
                );
                with_headers((e.status, xml).into_response(), &[("content-type", "text/xml;charset=UTF-8".into())])
            }
        }
    }
}

/// AWS omits absent members rather than sending null.
pub fn strip_nulls(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(map.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, strip_nulls(v))).collect()),
        Value::Array(items) => Value::Array(items.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn query_fields_nest_into_lists_and_structures() {
        let flat: Vec<(String, String)> = [
            ("Action", "CreateTargetGroup"),
            ("Names.member.1", "a"),
            ("Names.member.2", "b"),
            ("Tags.member.1.Key", "team"),
            ("Tags.member.1.Value", "web"),
            ("Filter.1.Name", "vpc-id"),
            ("Filter.1.Value.1", "vpc-1"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let v = nest_query(&flat).unwrap();
        assert_eq!(v["Names"], json!(["a", "b"]));
        assert_eq!(v["Tags"], json!([{"Key": "team", "Value": "web"}]));
        assert_eq!(v["Filter"], json!([{"Name": "vpc-id", "Value": ["vpc-1"]}]));
        for bad in ["A..B", "List.0", "List.99999", "A.1", "x.y.z.a.b.c.d.e.f.g.h.i.j.k"] {
            let mut flat = flat.clone();
            flat.push(("A".into(), "scalar".into()));
            flat.push((bad.into(), "v".into()));
            assert!(nest_query(&flat).is_err(), "{bad} should be refused");
        }
    }
}
