//! `cargo xtask bench tasks` and `cargo xtask bench services`: how close Berth's listing
//! engine comes to the floor that latency sets, and how it compares with the AWS CLI doing
//! the same job.
//!
//! An in-process sandbox holds N tasks (or services) in one cluster and answers every ECS
//! call `BERTH_BENCH_LATENCY_MS` (default 50) late. Berth lists and describes them through
//! `berth_core::tasks::list` / `berth_core::services::list`, the functions behind the
//! Tasks and Services views; then the AWS CLI (`BERTH_AWS_CLI`) does `list-tasks` +
//! `describe-tasks` in batches of 100 (or `list-services` + `describe-services` in batches
//! of 10) against the same endpoint, one command after another, as a script would.
//! Progress goes to stderr; the figures come last on stdout as one JSON line.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_sdk_ecs::types::{AwsVpcConfiguration, LaunchType, NetworkConfiguration};
use berth_core::environments::{Environments, LocalEndpoint, ProfileSource};
use berth_core::secrets::Keyring;
use berth_core::settings::SettingsStore;
use berth_core::tasks::{self, TaskFilter};
use berth_core::{Clients, Console};
use serde_json::{json, Value};

const CLUSTER: &str = "bench";
const REGION: &str = "us-east-1";

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

async fn clients(dir: &std::path::Path, url: String) -> Clients {
    let environments = Environments::open(
        SettingsStore::new(dir),
        Arc::new(Keyring),
        ProfileSource::fixed("", "", &[]),
        Some(LocalEndpoint { name: "Local sandbox".into(), url, sandbox: true, keys: None }),
    )
    .expect("environments");
    Console::new(environments).clients().await.expect("sandbox clients")
}

/// The bench cluster, a Fargate task definition `bench`, and a default subnet for it.
async fn seed_cluster(clients: &Clients) -> NetworkConfiguration {
    clients.ecs.create_cluster().cluster_name(CLUSTER).send().await.expect("CreateCluster");
    let definition = json!({
        "family": "bench", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
        "containerDefinitions": [{"name": "app", "image": "nginx", "portMappings": [{"containerPort": 80}]}]
    });
    berth_core::task_definitions::register(clients, &definition, false).await.expect("RegisterTaskDefinition");
    let vpc = berth_core::network::vpcs(clients).await.expect("vpcs").remove(0).vpc_id;
    let subnet = berth_core::network::subnets(clients, &vpc).await.expect("subnets").remove(0).subnet_id;
    NetworkConfiguration::builder().awsvpc_configuration(AwsVpcConfiguration::builder().subnets(subnet).build().unwrap()).build()
}

/// N Fargate tasks in the bench cluster, started 10 per RunTask call, several calls at once.
async fn seed_tasks(clients: &Clients, n: u64) {
    let ecs = &clients.ecs;
    let network = seed_cluster(clients).await;
    let calls = n.div_ceil(10);
    let mut running = tokio::task::JoinSet::new();
    for call in 0..calls {
        let count = (n - call * 10).min(10) as i32;
        let request = ecs
            .run_task()
            .cluster(CLUSTER)
            .task_definition("bench")
            .launch_type(LaunchType::Fargate)
            .count(count)
            .network_configuration(network.clone());
        running.spawn(async move { request.send().await.expect("RunTask").tasks().len() });
        while running.len() >= 8 {
            running.join_next().await;
        }
    }
    while running.join_next().await.is_some() {}
}

/// N services with no tasks (desired count 0), so the listing is all that is measured.
async fn seed_services(clients: &Clients, n: u64) {
    let ecs = &clients.ecs;
    let network = seed_cluster(clients).await;
    let mut running = tokio::task::JoinSet::new();
    for i in 0..n {
        let request = ecs
            .create_service()
            .cluster(CLUSTER)
            .service_name(format!("svc-{i:05}"))
            .task_definition("bench")
            .launch_type(LaunchType::Fargate)
            .desired_count(0)
            .network_configuration(network.clone());
        running.spawn(async move { request.send().await.expect("CreateService") });
        while running.len() >= 8 {
            running.join_next().await;
        }
    }
    while running.join_next().await.is_some() {}
}

/// The AWS CLI's way: one list command (which pages by itself), then a describe command
/// for each `batch` ARNs. Returns how many it described.
fn aws_cli_list_and_describe(aws: &str, url: &str, what: &str) -> usize {
    let run = |args: &[&str]| -> Value {
        let out = Command::new(aws)
            .args(args)
            .args(["--cluster", CLUSTER, "--endpoint-url", url, "--region", REGION, "--output", "json"])
            .env("AWS_ACCESS_KEY_ID", "bench")
            .env("AWS_SECRET_ACCESS_KEY", "bench")
            .env_remove("AWS_PROFILE")
            .output()
            .unwrap_or_else(|e| panic!("{aws}: {e}"));
        assert!(out.status.success(), "aws {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("the CLI prints JSON")
    };
    let (list, arns_key, describe, flag, batch) = match what {
        "tasks" => ("list-tasks", "taskArns", "describe-tasks", "--tasks", 100),
        _ => ("list-services", "serviceArns", "describe-services", "--services", 10),
    };
    let listed = run(&["ecs", list, "--page-size", "100"]);
    let arns: Vec<&str> = listed[arns_key].as_array().expect("ARNs").iter().filter_map(Value::as_str).collect();
    let mut described = 0;
    for chunk in arns.chunks(batch) {
        let mut args = vec!["ecs", describe, flag];
        args.extend(chunk);
        described += run(&args)[what].as_array().map_or(0, Vec::len);
    }
    described
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let what = std::env::args().nth(1).unwrap_or_else(|| "tasks".into());
    assert!(what == "tasks" || what == "services", "this benchmark knows: tasks, services");
    let n = env_number("BERTH_BENCH_COUNT", if what == "tasks" { 10_000 } else { 2_000 });
    let latency_ms = env_number("BERTH_BENCH_LATENCY_MS", 50);
    let aws = std::env::var("BERTH_AWS_CLI").unwrap_or_else(|_| "aws".into());

    let sandbox = berth_sandbox::Sandbox::start(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await.expect("sandbox");
    let url = sandbox.url();
    let dir = tempfile::tempdir().unwrap();
    let clients = clients(dir.path(), url.clone()).await;

    let seeding = Instant::now();
    if what == "tasks" {
        seed_tasks(&clients, n).await;
    } else {
        seed_services(&clients, n).await;
    }
    eprintln!("bench: {n} {what} made in {:.1}s", seeding.elapsed().as_secs_f64());
    // Settled state keeps the simulation quiet while the clock runs.
    tokio::time::sleep(Duration::from_secs(3)).await;

    berth_core::sandbox::set_latency(&url, REGION, "ecs", latency_ms).await.expect("SetFaults");
    let started = Instant::now();
    let mut first_batch = None;
    let stats = if what == "tasks" {
        let filter = TaskFilter { desired_status: Some("RUNNING".into()), ..Default::default() };
        tasks::list(&clients, CLUSTER, &filter, |_| {
            first_batch.get_or_insert_with(|| started.elapsed());
        })
        .await
        .expect("tasks::list")
    } else {
        berth_core::services::list(&clients, CLUSTER, |_| {
            first_batch.get_or_insert_with(|| started.elapsed());
        })
        .await
        .expect("services::list")
    };
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(stats.items as u64, n, "every one listed and described");
    let floor = ((n as f64 / 100.0).ceil() + 1.0) * latency_ms as f64 / 1000.0;
    eprintln!(
        "bench: berth listed and described {} {what} in {seconds:.2}s ({} list + {} describe calls; first rows after {:.0} ms; floor {floor:.2}s)",
        stats.items,
        stats.list_calls,
        stats.describe_calls,
        first_batch.unwrap_or_default().as_secs_f64() * 1000.0
    );

    let (cli_url, cli_what) = (url.clone(), what.clone());
    let cli_started = Instant::now();
    let cli_described =
        tokio::task::spawn_blocking(move || aws_cli_list_and_describe(&aws, &cli_url, &cli_what)).await.expect("AWS CLI run");
    let cli_seconds = cli_started.elapsed().as_secs_f64();
    assert_eq!(cli_described as u64, n, "the AWS CLI described every one");
    eprintln!("bench: the AWS CLI listed and described {cli_described} {what} in {cli_seconds:.1}s");

    println!(
        "{}",
        json!({
            what.as_str(): n,
            "calls": stats.list_calls + stats.describe_calls,
            "seconds": (seconds * 1000.0).round() / 1000.0,
            "floor_seconds": (floor * 1000.0).round() / 1000.0,
            "ratio_to_floor": (seconds / floor * 100.0).round() / 100.0,
            "aws_cli_seconds": (cli_seconds * 10.0).round() / 10.0,
            "times_faster_than_aws_cli": (cli_seconds / seconds * 10.0).round() / 10.0,
            "latency_ms": latency_ms,
            "target_ratio_to_floor": if what == "tasks" { 1.3 } else { 1.5 },
        })
    );
}
