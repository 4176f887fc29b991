//! Malformed input never panics, hangs or corrupts state: property tests throw random
//! bodies, targets, CBOR and query strings at a live sandbox and require a protocol-shaped
//! 4xx (or a 200 for input that happens to be valid), then check the sandbox still works.

mod common;

use std::net::{Ipv4Addr, SocketAddr};

use proptest::prelude::*;

use common::{ecs_call, raw};

const AUTH_ECS: &str = "AWS4-HMAC-SHA256 Credential=AKID/20261124/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=00";

fn runtime_and_sandbox() -> (tokio::runtime::Runtime, berth_sandbox::Sandbox, String) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let sandbox = rt.block_on(berth_sandbox::Sandbox::start(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))).unwrap();
    let addr = sandbox.addr.to_string();
    (rt, sandbox, addr)
}

const OPERATIONS: &[&str] = &[
    "CreateCluster", "DescribeClusters", "ListClusters", "DeleteCluster", "RegisterTaskDefinition", "RunTask", "DescribeTasks",
    "ListTasks", "CreateService", "UpdateService", "DescribeServices", "TagResource", "NoSuchOperation",
];

/// Arbitrary JSON of bounded depth, with ECS's field names mixed in so handlers get past
/// their first checks.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| serde_json::json!(f)),
        "[a-zA-Z0-9:/_ -]{0,40}".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let keys = prop_oneof![
            Just("cluster".to_string()), Just("clusterName".to_string()), Just("family".to_string()),
            Just("containerDefinitions".to_string()), Just("tasks".to_string()), Just("count".to_string()),
            Just("taskDefinition".to_string()), Just("maxResults".to_string()), Just("nextToken".to_string()),
            Just("tags".to_string()), Just("networkConfiguration".to_string()), Just("desiredCount".to_string()),
            "[a-zA-Z]{1,12}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(keys, inner, 0..6).prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn json_requests_get_answers_not_crashes(op in prop::sample::select(OPERATIONS), body in json_value(), garbage in prop::collection::vec(any::<u8>(), 0..64), use_garbage in any::<bool>()) {
        let (_rt, _sandbox, addr) = shared();
        let bytes = if use_garbage { garbage } else { body.to_string().into_bytes() };
        let target = format!("AmazonEC2ContainerServiceV20141113.{op}");
        let (status, text) = raw(&addr, "/", &[("X-Amz-Target", &target), ("Content-Type", "application/x-amz-json-1.1"), ("Authorization", AUTH_ECS)], &bytes).unwrap();
        prop_assert!(status == 200 || (400..500).contains(&status), "{op} answered {status}: {text}");
        if status != 200 {
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            prop_assert!(v["__type"].is_string() && v["message"].is_string(), "{text}");
        }
    }

    #[test]
    fn query_and_cbor_requests_get_answers_not_crashes(form in "[A-Za-z0-9=&.%+_-]{0,200}", cbor in prop::collection::vec(any::<u8>(), 0..128), service in prop::sample::select(&["elasticloadbalancing", "ec2", "sts", "monitoring", "unknown"][..])) {
        let (_rt, _sandbox, addr) = shared();
        let auth = format!("AWS4-HMAC-SHA256 Credential=AKID/20261124/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=00");
        let body = format!("Action=DescribeTargetGroups&{form}");
        let (status, text) = raw(&addr, "/", &[("Content-Type", "application/x-www-form-urlencoded"), ("Authorization", &auth)], body.as_bytes()).unwrap();
        prop_assert!(status == 200 || (400..500).contains(&status), "query answered {status}: {text}");
        let (status, _) = raw(&addr, "/service/GraniteServiceVersion20100801/operation/GetMetricData", &[("smithy-protocol", "rpc-v2-cbor"), ("Content-Type", "application/cbor"), ("Authorization", &auth)], &cbor).unwrap();
        prop_assert!(status == 200 || (400..500).contains(&status), "cbor answered {status}");
    }
}

/// One sandbox for all cases (starting one per case would test startup, not parsing).
fn shared() -> &'static (tokio::runtime::Runtime, berth_sandbox::Sandbox, String) {
    static SHARED: std::sync::OnceLock<(tokio::runtime::Runtime, berth_sandbox::Sandbox, String)> = std::sync::OnceLock::new();
    SHARED.get_or_init(runtime_and_sandbox)
}

#[test]
fn oversized_and_unauthenticated_requests_are_refused() {
    let (_rt, _sandbox, addr) = shared();
    let big = vec![b' '; berth_sandbox::MAX_BODY + 10];
    let (status, _) = raw(addr, "/", &[("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListClusters"), ("Authorization", AUTH_ECS)], &big).unwrap_or((413, String::new()));
    assert_eq!(status, 413);
    let (status, text) = raw(addr, "/", &[("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListClusters")], b"{}").unwrap();
    assert_eq!(status, 403, "{text}");
    assert!(text.contains("MissingAuthenticationTokenException"));
    let (status, text) = ecs_call(addr, "ListClusters", "[1,2,3]").unwrap();
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("SerializationException"));
    // After all the abuse, the sandbox still works.
    let (status, _) = ecs_call(addr, "CreateCluster", r#"{"clusterName":"still-fine"}"#).unwrap();
    assert_eq!(status, 200);
}
