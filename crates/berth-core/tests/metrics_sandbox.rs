//! The metrics streamer against Berth's sandbox publishing 1-second series: one call per
//! tick, no point twice, and after the sandbox is stopped and started again mid-stream,
//! every point the endpoint holds for the window was delivered (no gaps).

use crate::common;

use std::collections::{BTreeSet, HashMap};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use berth_core::metrics::{self, Clock, Cursor, Delivery};
use berth_core::services;
use berth_sandbox::{Options, Sandbox};
use serde_json::json;

#[tokio::test]
async fn the_streamer_resumes_after_the_sandbox_restarts_without_gaps_or_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("sandbox.json");
    let options = Options { speed: 5.0, ..Options::new(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), Some(state.clone())) };
    let sandbox = Sandbox::start_with(options).await.unwrap();
    let addr = sandbox.addr;
    let url = sandbox.url();
    let clients = common::sandbox_console(dir.path(), url.clone()).clients().await.unwrap();

    clients.ecs.create_cluster().cluster_name("demo").send().await.unwrap();
    let td = json!({"family": "web", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
        "containerDefinitions": [{"name": "web", "image": "nginx", "portMappings": [{"containerPort": 80}]}]});
    berth_core::task_definitions::register(&clients, &td, false).await.unwrap();
    let subnet = berth_core::network::subnets(&clients, &berth_core::network::vpcs(&clients).await.unwrap()[0].vpc_id).await.unwrap()[0]
        .subnet_id
        .clone();
    clients
        .ecs
        .create_service()
        .cluster("demo")
        .service_name("web")
        .task_definition("web:1")
        .desired_count(2)
        .launch_type(aws_sdk_ecs::types::LaunchType::Fargate)
        .network_configuration(
            aws_sdk_ecs::types::NetworkConfiguration::builder()
                .awsvpc_configuration(aws_sdk_ecs::types::AwsVpcConfiguration::builder().subnets(subnet).build().unwrap())
                .build(),
        )
        .send()
        .await
        .unwrap();
    berth_core::sandbox::set_metrics_resolution(&url, "us-east-1", "demo", "web", 1).await.unwrap();
    berth_core::sandbox::set_traffic(&url, "us-east-1", "demo", "web", 40.0).await.unwrap();
    // Metrics flow once the tasks run; start the clock on the stream only then, so the
    // figures below do not depend on how loaded the machine is.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while services::describe(&clients, "demo", "web").await.unwrap().running_count < 2 {
        assert!(std::time::Instant::now() < deadline, "the service's tasks never ran");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let service = services::describe(&clients, "demo", "web").await.unwrap();
    let specs = metrics::service_series(&clients, &service, "web").await.unwrap();
    assert_eq!(specs.len(), 5, "no load balancer: CPU, memory and running tasks");

    let sim = berth_core::sandbox::describe_simulation(&url, "us-east-1").await.unwrap();
    assert_eq!(sim.speed, 5.0);
    let clock = Clock::simulated(sim.now, sim.speed);
    let start = clock.now() - 60;
    let deliveries: Arc<Mutex<Vec<Delivery>>> = Arc::default();
    let seen = deliveries.clone();
    let streaming_clients = clients.clone();
    let streaming_specs = specs.clone();
    let streamer = tokio::spawn(async move {
        metrics::stream(&streaming_clients, streaming_specs, 1, start, clock, Duration::from_millis(250), move |d| {
            seen.lock().unwrap().push(d);
            true
        })
        .await;
    });

    tokio::time::sleep(Duration::from_secs(4)).await;
    // The sandbox goes away mid-stream, then comes back on the same address and state.
    drop(sandbox);
    // Longer than the SDK's own retries, so the streamer sees the failure itself.
    tokio::time::sleep(Duration::from_secs(6)).await;
    let options = Options { speed: 5.0, ..Options::new(addr, Some(state.clone())) };
    let sandbox = Sandbox::start_with(options).await.unwrap();
    let restarted_at = berth_core::sandbox::describe_simulation(&url, "us-east-1").await.unwrap().now as i64;
    tokio::time::sleep(Duration::from_secs(4)).await;
    streamer.abort();

    let deliveries = deliveries.lock().unwrap().clone();
    assert!(deliveries.iter().all(|d| d.calls <= 1), "one GetMetricData call per tick");
    // Whether the outage shows as a failed tick or as the SDK's own retries bridging it
    // depends on timing; either way the stream must carry on past the restart.
    assert!(deliveries.iter().any(|d| d.points.values().flatten().any(|p| p.t > restarted_at)), "points from after the restart arrive");

    let mut delivered: HashMap<String, Vec<i64>> = HashMap::new();
    for d in &deliveries {
        for (id, points) in &d.points {
            delivered.entry(id.clone()).or_default().extend(points.iter().map(|p| p.t));
        }
    }
    assert!(delivered.get("webcpuavg").is_some_and(|v| v.len() > 10), "{delivered:?}");
    for (id, ts) in &delivered {
        assert!(ts.windows(2).all(|w| w[0] < w[1]), "{id}: every timestamp once, in order: {ts:?}");
    }

    // Whatever the endpoint holds for the window up to the last delivered point was sent.
    let last = delivered.values().filter_map(|v| v.last()).copied().max().unwrap();
    let mut fresh = Cursor::new(start);
    let all = metrics::fetch(&clients, &specs, 1, &mut fresh, last + 1).await.unwrap();
    for (id, points) in all.points {
        let sent: BTreeSet<i64> = delivered.get(&id).cloned().unwrap_or_default().into_iter().collect();
        let missing: Vec<i64> = points.iter().map(|p| p.t).filter(|t| !sent.contains(t)).collect();
        assert!(missing.is_empty(), "{id}: the endpoint has points never delivered: {missing:?}");
    }
    drop(sandbox);
}
