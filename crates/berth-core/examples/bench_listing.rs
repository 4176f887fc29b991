//! `cargo xtask bench tasks`: how close Berth's listing engine comes to the floor that
//! latency sets, and how it compares with the AWS CLI doing the same job.
//!
//! An in-process sandbox holds N tasks in one cluster and answers every ECS call
//! `BERTH_BENCH_LATENCY_MS` (default 50) late. Berth lists and describes them through
//! `berth_core::tasks::list`, the function behind the Tasks view; then the AWS CLI
//! (`BERTH_AWS_CLI`) does `list-tasks` and `describe-tasks` in batches of 100 against the
//! same endpoint, one command after another, as a script would. Progress goes to stderr;
//! the figures come last on stdout as one JSON line.

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
        Some(LocalEndpoint { name: "Local sandbox".into(), url, sandbox: true }),
    )
    .expect("environments");
    Console::new(environments).clients().await.expect("sandbox clients")
}

/// N Fargate tasks in the bench cluster, started 10 per RunTask call, several calls at once.
async fn seed_tasks(clients: &Clients, n: u64) {
    let ecs = &clients.ecs;
    ecs.create_cluster().cluster_name(CLUSTER).send().await.expect("CreateCluster");
    let definition = json!({
        "family": "bench", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
        "containerDefinitions": [{"name": "app", "image": "nginx", "portMappings": [{"containerPort": 80}]}]
    });
    berth_core::task_definitions::register(clients, &definition, false).await.expect("RegisterTaskDefinition");
    let subnet = berth_core::network::subnets(clients, &berth_core::network::vpcs(clients).await.expect("vpcs")[0].vpc_id)
        .await
        .expect("subnets")[0]
        .subnet_id
        .clone();
    let network = NetworkConfiguration::builder()
        .awsvpc_configuration(AwsVpcConfiguration::builder().subnets(subnet).build().unwrap())
        .build();
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

/// The AWS CLI's way: one `list-tasks` (which pages by itself), then `describe-tasks` for
/// each 100 ARNs. Returns the tasks it described.
fn aws_cli_list_and_describe(aws: &str, url: &str) -> usize {
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
    let listed = run(&["ecs", "list-tasks", "--page-size", "100"]);
    let arns: Vec<&str> = listed["taskArns"].as_array().expect("taskArns").iter().filter_map(Value::as_str).collect();
    let mut described = 0;
    for batch in arns.chunks(100) {
        let mut args = vec!["ecs", "describe-tasks", "--tasks"];
        args.extend(batch);
        described += run(&args)["tasks"].as_array().map_or(0, Vec::len);
    }
    described
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let what = std::env::args().nth(1).unwrap_or_else(|| "tasks".into());
    assert_eq!(what, "tasks", "this benchmark knows: tasks");
    let n = env_number("BERTH_BENCH_TASKS", 10_000);
    let latency_ms = env_number("BERTH_BENCH_LATENCY_MS", 50);
    let aws = std::env::var("BERTH_AWS_CLI").unwrap_or_else(|_| "aws".into());

    let sandbox = berth_sandbox::Sandbox::start(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await.expect("sandbox");
    let url = sandbox.url();
    let dir = tempfile::tempdir().unwrap();
    let clients = clients(dir.path(), url.clone()).await;

    let seeding = Instant::now();
    seed_tasks(&clients, n).await;
    eprintln!("bench: {n} tasks started in {:.1}s", seeding.elapsed().as_secs_f64());
    // Settled tasks keep the simulation quiet while the clock runs.
    tokio::time::sleep(Duration::from_secs(3)).await;

    berth_core::sandbox::set_latency(&url, REGION, "ecs", latency_ms).await.expect("SetFaults");
    let filter = TaskFilter { desired_status: Some("RUNNING".into()), ..Default::default() };
    let mut batches = 0;
    let started = Instant::now();
    let mut first_batch = None;
    let stats = tasks::list(&clients, CLUSTER, &filter, |_| {
        batches += 1;
        first_batch.get_or_insert_with(|| started.elapsed());
    })
    .await
    .expect("tasks::list");
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(stats.items as u64, n, "every task listed and described");
    let floor = ((n as f64 / 100.0).ceil() + 1.0) * latency_ms as f64 / 1000.0;
    eprintln!(
        "bench: berth listed and described {} tasks in {seconds:.2}s ({} ListTasks + {} DescribeTasks calls; first rows after {:.0} ms; floor {floor:.2}s)",
        stats.items,
        stats.list_calls,
        stats.describe_calls,
        first_batch.unwrap_or_default().as_secs_f64() * 1000.0
    );

    let cli_url = url.clone();
    let cli_started = Instant::now();
    let cli_described = tokio::task::spawn_blocking(move || aws_cli_list_and_describe(&aws, &cli_url)).await.expect("AWS CLI run");
    let cli_seconds = cli_started.elapsed().as_secs_f64();
    assert_eq!(cli_described as u64, n, "the AWS CLI described every task");
    eprintln!("bench: the AWS CLI listed and described {cli_described} tasks in {cli_seconds:.1}s");

    println!(
        "{}",
        json!({
            "tasks": n,
            "calls": stats.list_calls + stats.describe_calls,
            "seconds": (seconds * 1000.0).round() / 1000.0,
            "floor_seconds": (floor * 1000.0).round() / 1000.0,
            "ratio_to_floor": (seconds / floor * 100.0).round() / 100.0,
            "aws_cli_seconds": (cli_seconds * 10.0).round() / 10.0,
            "times_faster_than_aws_cli": (cli_seconds / seconds * 10.0).round() / 10.0,
            "latency_ms": latency_ms,
            "target_ratio_to_floor": 1.3,
            "target_times_faster_than_aws_cli": 5,
        })
    );
}
