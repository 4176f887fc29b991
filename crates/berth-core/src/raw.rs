//! Sending and reading an operation's JSON exactly as AWS defines it, through the SDK.
//!
//! Task definitions are documents users import, edit and export in the shape the AWS CLI
//! accepts (`--cli-input-json`). Round-tripping them through the SDK's typed builders
//! would drop every field Berth does not map, so these calls keep the SDK for signing,
//! endpoints and retries but put the user's JSON on the wire and keep AWS's JSON answer.

use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::AfterDeserializationInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use serde_json::Value;

/// Replaces the serialized body with `body`; runs before signing, so the signature covers it.
pub fn with_body(body: &Value) -> impl Fn(&mut HttpRequest) + Send + Sync + 'static {
    let bytes = serde_json::to_vec(body).expect("a JSON value serializes");
    move |req: &mut HttpRequest| {
        req.headers_mut().insert("content-length", bytes.len().to_string());
        *req.body_mut() = SdkBody::from(bytes.clone());
    }
}

/// Keeps the body of the successful response the SDK has just parsed.
#[derive(Debug, Clone, Default)]
pub struct Capture(Arc<Mutex<Option<Vec<u8>>>>);

impl Capture {
    pub fn json(&self) -> Option<Value> {
        let bytes = self.0.lock().expect("capture lock").take()?;
        serde_json::from_slice(&bytes).ok()
    }
}

impl Intercept for Capture {
    fn name(&self) -> &'static str {
        "BerthCaptureResponse"
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(bytes) = context.response().body().bytes() {
            *self.0.lock().expect("capture lock") = Some(bytes.to_vec());
        }
        Ok(())
    }
}
