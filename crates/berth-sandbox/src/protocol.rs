//! Wire protocols: which service and operation a request is for, its parsed input, and
//! how answers and errors are written back in that protocol's own shape.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::error::AwsError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `X-Amz-Target: Prefix.Operation`, JSON in and out.
    AwsJson11,
    /// Form-encoded `Action=…`, XML out.
    AwsQuery,
}

#[derive(Debug)]
pub struct Request {
    pub protocol: Protocol,
    pub service: String,
    pub operation: String,
    pub region: String,
    /// The JSON body, or the form fields as a flat JSON object for awsQuery.
    pub input: Value,
}

impl Request {
    pub fn parse(headers: &HeaderMap, body: &[u8]) -> Result<Request, (Protocol, AwsError)> {
        let target = headers.get("x-amz-target").and_then(|v| v.to_str().ok());
        let protocol = if target.is_some() { Protocol::AwsJson11 } else { Protocol::AwsQuery };
        let fail = |e| (protocol, e);
        let auth = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| fail(AwsError::new(StatusCode::FORBIDDEN, "MissingAuthenticationTokenException", "Missing Authentication Token")))?;
        // Signatures are not verified; the credential scope says which service and region.
        let (scope_region, scope_service) = credential_scope(auth).unwrap_or(("us-east-1", ""));
        let region = scope_region.to_string();
        match target {
            Some(target) => {
                let (prefix, operation) = target
                    .split_once('.')
                    .ok_or_else(|| fail(AwsError::client("UnknownOperationException", format!("Unrecognized target {target}"))))?;
                let service = match prefix {
                    "AmazonEC2ContainerServiceV20141113" => "ecs",
                    _ => scope_service,
                };
                let input: Value = if body.is_empty() {
                    Value::Object(Default::default())
                } else {
                    serde_json::from_slice(body).map_err(|e| fail(AwsError::serialization(format!("Invalid JSON body: {e}"))))?
                };
                if !input.is_object() {
                    return Err(fail(AwsError::serialization("The request body must be a JSON object")));
                }
                Ok(Request { protocol, service: service.to_string(), operation: operation.to_string(), region, input })
            }
            None => {
                let text = std::str::from_utf8(body).map_err(|_| fail(AwsError::client("MalformedQueryString", "The body is not UTF-8")))?;
                let mut fields = serde_json::Map::new();
                for pair in text.split('&').filter(|p| !p.is_empty()) {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    fields.insert(url_decode(k), Value::String(url_decode(v)));
                }
                let operation = fields
                    .get("Action")
                    .and_then(Value::as_str)
                    .ok_or_else(|| fail(AwsError::client("MissingAction", "Missing Action parameter")))?
                    .to_string();
                Ok(Request { protocol, service: scope_service.to_string(), operation, region, input: Value::Object(fields) })
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

fn url_decode(s: &str) -> String {
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

pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

const REQUEST_ID: &str = "c0ffee00-0000-4000-8000-000000000000";

impl Protocol {
    pub fn ok(self, request: &Request, body: Value) -> Response {
        match self {
            Protocol::AwsJson11 => {
                let mut r = (StatusCode::OK, body.to_string()).into_response();
                r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/x-amz-json-1.1"));
                r.headers_mut().insert("x-amzn-requestid", HeaderValue::from_static(REQUEST_ID));
                r
            }
            Protocol::AwsQuery => {
                // awsQuery answers carry pre-rendered XML in a "xml" string.
                let inner = body.get("xml").and_then(Value::as_str).unwrap_or_default();
                let op = &request.operation;
                let xml = format!(
                    "<{op}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><{op}Result>{inner}</{op}Result><ResponseMetadata><RequestId>{REQUEST_ID}</RequestId></ResponseMetadata></{op}Response>"
                );
                let mut r = (StatusCode::OK, xml).into_response();
                r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/xml"));
                r
            }
        }
    }

    pub fn error(self, e: &AwsError) -> Response {
        match self {
            Protocol::AwsJson11 => {
                let body = serde_json::json!({ "__type": e.code, "message": e.message });
                let mut r = (e.status, body.to_string()).into_response();
                r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/x-amz-json-1.1"));
                r.headers_mut().insert("x-amzn-errortype", HeaderValue::from_static(e.code));
                r.headers_mut().insert("x-amzn-requestid", HeaderValue::from_static(REQUEST_ID));
                r
            }
            Protocol::AwsQuery => {
                let kind = if e.sender_fault { "Sender" } else { "Receiver" };
                let xml = format!(
                    "<ErrorResponse><Error><Type>{kind}</Type><Code>{}</Code><Message>{}</Message></Error><RequestId>{REQUEST_ID}</RequestId></ErrorResponse>",
                    e.code,
                    xml_escape(&e.message)
                );
                let mut r = (e.status, xml).into_response();
                r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/xml"));
                r
            }
        }
    }
}
