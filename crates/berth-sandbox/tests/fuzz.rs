//! Malformed input never panics, hangs or corrupts state: property tests throw random
//! bodies, targets, CBOR and query strings at a live sandbox and require a protocol-shaped
//! 4xx (or a 200 for input that happens to be valid), then check the sandbox still works.

use crate::common;

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
    "CreateCluster",
    "DescribeClusters",
    "ListClusters",
    "DeleteCluster",
    "RegisterTaskDefinition",
    "RunTask",
    "DescribeTasks",
    "ListTasks",
    "CreateService",
    "UpdateService",
    "DescribeServices",
    "TagResource",
    "NoSuchOperation",
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
            Just("cluster".to_string()),
            Just("clusterName".to_string()),
            Just("family".to_string()),
            Just("containerDefinitions".to_string()),
            Just("tasks".to_string()),
            Just("count".to_string()),
            Just("taskDefinition".to_string()),
            Just("maxResults".to_string()),
            Just("nextToken".to_string()),
            Just("tags".to_string()),
            Just("networkConfiguration".to_string()),
            Just("desiredCount".to_string()),
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
        let (status, text) = raw(addr, "/", &[("X-Amz-Target", &target), ("Content-Type", "application/x-amz-json-1.1"), ("Authorization", AUTH_ECS)], &bytes).unwrap();
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
        let (status, text) = raw(addr, "/", &[("Content-Type", "application/x-www-form-urlencoded"), ("Authorization", &auth)], body.as_bytes()).unwrap();
        prop_assert!(status == 200 || (400..500).contains(&status), "query answered {status}: {text}");
        let (status, _) = raw(addr, "/service/GraniteServiceVersion20100801/operation/GetMetricData", &[("smithy-protocol", "rpc-v2-cbor"), ("Content-Type", "application/cbor"), ("Authorization", &auth)], &cbor).unwrap();
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
    let (status, _) =
        raw(addr, "/", &[("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListClusters"), ("Authorization", AUTH_ECS)], &big)
            .unwrap_or((413, String::new()));
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

/// Numbers at and past every edge AWS draws (quotas, 32-bit shapes, pages, ports), plus
/// any 64-bit integer and a few floats.
fn edge_number() -> impl Strategy<Value = serde_json::Value> {
    let edges: Vec<i64> = vec![
        i64::MIN,
        -2_147_483_649,
        -2_147_483_648,
        -1,
        0,
        1,
        9,
        10,
        11,
        50,
        51,
        99,
        100,
        101,
        500,
        501,
        1000,
        1001,
        5000,
        5001,
        10_000,
        10_001,
        65_535,
        65_536,
        86_400,
        86_401,
        2_147_483_647,
        2_147_483_648,
        4_611_686_018_427_387_904,
        i64::MAX,
    ];
    prop_oneof![
        4 => prop::sample::select(edges).prop_map(|n| serde_json::json!(n)),
        1 => any::<i64>().prop_map(|n| serde_json::json!(n)),
        1 => prop::sample::select(vec![1e308, -1e308, 0.5, -0.0, 1e20, 9.3e18]).prop_map(|f| serde_json::json!(f)),
    ]
}

const CASES: usize = 300;

/// (target prefix or query, operation, body with `@` where the number goes).
const NUMERIC_OPERATIONS: &[(&str, &str, &str)] = &[
    ("ecs", "CreateService", r#"{"cluster":"q","serviceName":"S","taskDefinition":"q","desiredCount":@,"launchType":"FARGATE","networkConfiguration":{"awsvpcConfiguration":{"subnets":["SUBNET"]}}}"#),
    ("ecs", "UpdateService", r#"{"cluster":"q","service":"base","desiredCount":@}"#),
    ("ecs", "UpdateService", r#"{"cluster":"q","service":"base","deploymentConfiguration":{"maximumPercent":@,"minimumHealthyPercent":50}}"#),
    ("ecs", "UpdateService", r#"{"cluster":"q","service":"base","deploymentConfiguration":{"maximumPercent":200,"minimumHealthyPercent":@}}"#),
    ("ecs", "RunTask", r#"{"cluster":"q","taskDefinition":"q","count":@,"launchType":"FARGATE","networkConfiguration":{"awsvpcConfiguration":{"subnets":["SUBNET"]}}}"#),
    ("ecs", "ListTasks", r#"{"cluster":"q","maxResults":@}"#),
    ("ecs", "ListServices", r#"{"cluster":"q","maxResults":@}"#),
    ("ecs", "ListServiceDeployments", r#"{"cluster":"q","service":"base","maxResults":@,"createdAt":{"before":@,"after":@}}"#),
    ("ecs", "ListClusters", r#"{"maxResults":@}"#),
    ("ecs", "ListTaskDefinitions", r#"{"maxResults":@}"#),
    ("ecs", "RegisterTaskDefinition", r#"{"family":"n","containerDefinitions":[{"name":"a","image":"x","memory":@}]}"#),
    ("ecs", "RegisterTaskDefinition", r#"{"family":"n","containerDefinitions":[{"name":"a","image":"x","memory":128,"cpu":@}]}"#),
    ("ecs", "RegisterTaskDefinition", r#"{"family":"n","containerDefinitions":[{"name":"a","image":"x","memory":128,"portMappings":[{"containerPort":@,"hostPort":@}]}]}"#),
    ("ecs", "RegisterTaskDefinition", r#"{"family":"n","networkMode":"awsvpc","requiresCompatibilities":["FARGATE"],"cpu":"@","memory":"@","containerDefinitions":[{"name":"a","image":"x"}]}"#),
    ("logs", "PutLogEvents", r#"{"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":@,"message":"m"}]}"#),
    ("logs", "GetLogEvents", r#"{"logGroupName":"g","logStreamName":"s","limit":@}"#),
    ("logs", "GetLogEvents", r#"{"logGroupName":"g","logStreamName":"s","startTime":@,"endTime":@}"#),
    ("logs", "FilterLogEvents", r#"{"logGroupName":"g","limit":@,"startTime":@}"#),
    ("logs", "DescribeLogStreams", r#"{"logGroupName":"g","limit":@}"#),
    ("logs", "PutRetentionPolicy", r#"{"logGroupName":"g","retentionInDays":@}"#),
    ("scaling", "RegisterScalableTarget", r#"{"ServiceNamespace":"ecs","ResourceId":"service/q/base","ScalableDimension":"ecs:service:DesiredCount","MinCapacity":@,"MaxCapacity":@}"#),
    ("scaling", "PutScalingPolicy", r#"{"PolicyName":"p","ServiceNamespace":"ecs","ResourceId":"service/q/base","ScalableDimension":"ecs:service:DesiredCount","PolicyType":"TargetTrackingScaling","TargetTrackingScalingPolicyConfiguration":{"TargetValue":@,"ScaleOutCooldown":@,"PredefinedMetricSpecification":{"PredefinedMetricType":"ECSServiceAverageCPUUtilization"}}}"#),
    ("scaling", "DescribeScalingActivities", r#"{"ServiceNamespace":"ecs","MaxResults":@}"#),
    ("cloudwatch", "GetMetricData", r#"{"StartTime":@,"EndTime":@,"MaxDatapoints":@,"MetricDataQueries":[{"Id":"a","MetricStat":{"Metric":{"Namespace":"AWS/ECS","MetricName":"CPUUtilization"},"Period":@,"Stat":"Average"}}]}"#),
    ("cloudwatch", "GetMetricData", r#"{"StartTime":0,"EndTime":2000000000,"MetricDataQueries":[{"Id":"a","MetricStat":{"Metric":{"Namespace":"AWS/ECS","MetricName":"CPUUtilization"},"Period":@,"Stat":"Average"}}]}"#),
    ("cloudwatch", "PutMetricData", r#"{"Namespace":"Q","MetricData":[{"MetricName":"m","Value":@,"StorageResolution":@,"Timestamp":@}]}"#),
    ("cloudwatch", "GetMetricStatistics", r#"{"Namespace":"Q","MetricName":"m","StartTime":0,"EndTime":2000000000,"Period":@,"Statistics":["Sum"]}"#),
    ("sandbox", "SetTraffic", r#"{"cluster":"q","service":"base","requestsPerSecond":@}"#),
    ("sandbox", "SetFaults", r#"{"service":"sts","latencyMs":@}"#),
    ("query", "CreateTargetGroup", "Name=t&Protocol=HTTP&Port=@&VpcId=VPC&TargetType=ip&HealthCheckIntervalSeconds=@"),
    ("query", "CreateTargetGroup", "Name=u&Protocol=HTTP&Port=80&VpcId=VPC&TargetType=ip&HealthyThresholdCount=@&UnhealthyThresholdCount=@&HealthCheckTimeoutSeconds=@"),
    ("query", "DescribeTargetGroups", "PageSize=@"),
];

fn json_target(kind: &str, op: &str) -> (String, &'static str, &'static str) {
    match kind {
        "ecs" => (format!("AmazonEC2ContainerServiceV20141113.{op}"), "ecs", "application/x-amz-json-1.1"),
        "logs" => (format!("Logs_20140328.{op}"), "logs", "application/x-amz-json-1.1"),
        "scaling" => (format!("AnyScaleFrontendService.{op}"), "application-autoscaling", "application/x-amz-json-1.1"),
        "cloudwatch" => (format!("GraniteServiceVersion20100801.{op}"), "monitoring", "application/x-amz-json-1.0"),
        _ => (format!("BerthSandbox.{op}"), "sandbox", "application/x-amz-json-1.1"),
    }
}

fn call_numeric(addr: &str, kind: &str, op: &str, body: &str) -> (u16, String) {
    if kind == "query" {
        let auth =
            "AWS4-HMAC-SHA256 Credential=AKID/20261124/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=00";
        let form = format!("Action={op}&Version=2015-12-01&{body}");
        return raw(addr, "/", &[("Content-Type", "application/x-www-form-urlencoded"), ("Authorization", auth)], form.as_bytes())
            .unwrap_or((0, String::new()));
    }
    let (target, service, content_type) = json_target(kind, op);
    let auth = format!("AWS4-HMAC-SHA256 Credential=AKID/20261124/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=00");
    raw(addr, "/", &[("X-Amz-Target", &target), ("Content-Type", content_type), ("Authorization", &auth)], body.as_bytes())
        .unwrap_or((0, String::new()))
}

/// A cluster, a Fargate revision, a service, a log stream: what the numeric cases act on.
fn seed(addr: &str) -> (String, String) {
    let ok = |(status, text): (u16, String)| {
        assert_eq!(status, 200, "{text}");
        text
    };
    let xml = ok(raw(
        addr,
        "/",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20261124/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=00"),
        ],
        b"Action=DescribeSubnets&Version=2016-11-15",
    )
    .unwrap());
    let subnet = xml.split("<subnetId>").nth(1).and_then(|s| s.split('<').next()).unwrap().to_string();
    let vpc = xml.split("<vpcId>").nth(1).and_then(|s| s.split('<').next()).unwrap().to_string();
    ok(ecs_call(addr, "CreateCluster", r#"{"clusterName":"q"}"#).unwrap());
    ok(ecs_call(addr, "RegisterTaskDefinition", r#"{"family":"q","networkMode":"awsvpc","requiresCompatibilities":["FARGATE"],"cpu":"256","memory":"512","containerDefinitions":[{"name":"a","image":"x"}]}"#).unwrap());
    let service = format!(
        r#"{{"cluster":"q","serviceName":"base","taskDefinition":"q","desiredCount":1,"launchType":"FARGATE","networkConfiguration":{{"awsvpcConfiguration":{{"subnets":["{subnet}"]}}}}}}"#
    );
    ok(ecs_call(addr, "CreateService", &service).unwrap());
    ok(call_numeric(addr, "logs", "CreateLogGroup", r#"{"logGroupName":"g"}"#));
    ok(call_numeric(addr, "logs", "CreateLogStream", r#"{"logGroupName":"g","logStreamName":"s"}"#));
    (subnet, vpc)
}

/// Every operation that takes a number gets numbers past AWS's bounds: each answer is a
/// 200 or a 4xx with AWS's error shape, never a 5xx, a hang or a dropped connection; the
/// simulation steps whatever was accepted, and the state file opens again afterwards.
#[test]
fn out_of_range_numbers_are_refused_and_the_state_still_opens() {
    use proptest::strategy::ValueTree;
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("sandbox.sqlite");
    let start = |rt: &tokio::runtime::Runtime| {
        let options = berth_sandbox::Options {
            speed: 5.0,
            ..berth_sandbox::Options::new(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), Some(state.clone()))
        };
        rt.block_on(berth_sandbox::Sandbox::start_with(options)).expect("the state file opens")
    };
    let mut sandbox = start(&rt);
    let (subnet, vpc) = seed(&sandbox.addr.to_string());
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = (prop::sample::select(NUMERIC_OPERATIONS), edge_number(), 0u32..1000);
    let mut accepted = 0;
    for case in 0..CASES {
        let ((kind, op, template), number, salt) = strategy.new_tree(&mut runner).unwrap().current();
        let n = match &number {
            serde_json::Value::Number(n) => n.to_string(),
            other => other.to_string(),
        };
        let body = template.replace("SUBNET", &subnet).replace("VPC", &vpc).replace("\"S\"", &format!("\"s{salt}\"")).replace('@', &n);
        let addr = sandbox.addr.to_string();
        let (status, text) = call_numeric(&addr, kind, op, &body);
        assert!(status == 200 || (400..500).contains(&status), "case {case}: {op} {body} answered {status}: {text}");
        if status == 200 {
            accepted += 1;
        } else if kind != "query" {
            let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            assert!(v["__type"].is_string() || v["code"].is_string(), "case {case}: {op} answered {status} without an error type: {text}");
        } else {
            assert!(text.contains("<Code>"), "case {case}: {op} answered {status}: {text}");
        }
        if op == "SetFaults" {
            call_numeric(&addr, "sandbox", "SetFaults", r#"{"service":"sts"}"#);
        }
        // What a case accepted is stepped once below, then put back small: the test is
        // about bounds, not about simulating thousands of tasks in a debug build.
        let cleanup = status == 200 && matches!(op, "CreateService" | "UpdateService");
        // Let the simulation step what was accepted.
        std::thread::sleep(std::time::Duration::from_millis(20));
        let (status, text) = ecs_call(&addr, "DescribeServices", r#"{"cluster":"q","services":["base"]}"#)
            .unwrap_or_else(|e| panic!("case {case}: no answer after {op} {body}: {e}"));
        assert_eq!(status, 200, "case {case}: the sandbox stopped answering after {op} {body}: {text}");
        if cleanup {
            ecs_call(&addr, "UpdateService", r#"{"cluster":"q","service":"base","desiredCount":1}"#).unwrap();
            ecs_call(&addr, "DeleteService", &format!(r#"{{"cluster":"q","service":"s{salt}","force":true}}"#)).unwrap();
        }
        if case % 20 == 19 {
            drop(sandbox);
            sandbox = start(&rt);
            let (status, text) = ecs_call(&sandbox.addr.to_string(), "ListClusters", "{}").unwrap();
            assert_eq!(status, 200, "case {case}: the restarted sandbox answers: {text}");
        }
    }
    println!("{accepted} of {CASES} numeric cases accepted, the rest refused; the state reopened {} times", CASES / 20);
    drop(sandbox);
    let sandbox = start(&rt);
    let (status, text) = ecs_call(&sandbox.addr.to_string(), "DescribeServices", r#"{"cluster":"q","services":["base"]}"#).unwrap();
    assert_eq!(status, 200, "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let desired = v["services"][0]["desiredCount"].as_i64().unwrap();
    assert!((0..=5000).contains(&desired), "desired count within the quota: {desired}");
}

#[test]
fn desired_counts_beyond_the_quota_are_refused_as_ecs_refuses_them() {
    let (_rt, _sandbox, addr) = shared();
    let (subnet, _) = seed_once(addr);
    for n in ["5001", "2147483647", "9223372036854775807"] {
        let body = format!(
            r#"{{"cluster":"q","serviceName":"big","taskDefinition":"q","desiredCount":{n},"launchType":"FARGATE","networkConfiguration":{{"awsvpcConfiguration":{{"subnets":["{subnet}"]}}}}}}"#
        );
        let (status, text) = ecs_call(addr, "CreateService", &body).unwrap();
        assert_eq!(status, 400, "{text}");
        assert!(text.contains("InvalidParameterException") && text.contains("Desired count exceeds limit."), "{text}");
        let (status, text) = ecs_call(addr, "UpdateService", &format!(r#"{{"cluster":"q","service":"base","desiredCount":{n}}}"#)).unwrap();
        assert_eq!(status, 400, "{text}");
        assert!(text.contains("Desired count exceeds limit."), "{text}");
    }
    let (status, text) = ecs_call(addr, "UpdateService", r#"{"cluster":"q","service":"base","desiredCount":5000}"#).unwrap();
    assert_eq!(status, 200, "the quota itself is allowed: {text}");
    let (status, text) = ecs_call(addr, "UpdateService", r#"{"cluster":"q","service":"base","desiredCount":0}"#).unwrap();
    assert_eq!(status, 200, "{text}");
}

fn seed_once(addr: &str) -> (String, String) {
    static SEEDED: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    SEEDED.get_or_init(|| seed(addr)).clone()
}
