//! `cargo xtask bench sandbox`: requests per second the sandbox serves for
//! DescribeTasks with 100 tasks and for paged ListTasks over 10,000 tasks. The load comes
//! from a few keep-alive connections speaking raw HTTP/1.1, so the figure is the server's,
//! not an SDK's. Prints progress, then one JSON line last.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use serde_json::json;

#[path = "conn.rs"]
mod conn;
use conn::Conn;

const TASKS: usize = 10_000;
const CONNECTIONS: usize = 4;
const SECONDS: u64 = 5;

async fn rate<F, Fut>(addr: SocketAddr, work: F) -> (f64, u64)
where
    F: Fn(Conn, Instant) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = u64> + Send,
{
    let deadline = Instant::now() + Duration::from_secs(SECONDS);
    let started = Instant::now();
    let mut handles = vec![];
    for _ in 0..CONNECTIONS {
        let work = work.clone();
        handles.push(tokio::spawn(async move { work(Conn::open(addr).await, deadline).await }));
    }
    let mut total = 0;
    for h in handles {
        total += h.await.unwrap();
    }
    (total as f64 / started.elapsed().as_secs_f64(), total)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let sandbox = berth_sandbox::Sandbox::start(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await.unwrap();
    let addr = sandbox.addr;
    let mut c = Conn::open(addr).await;

    // Setup: a cluster, a Fargate task definition, 10,000 tasks in the default subnets.
    c.ecs("CreateCluster", &json!({"clusterName": "bench"})).await;
    c.ecs(
        "RegisterTaskDefinition",
        &json!({
            "family": "bench", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
            "containerDefinitions": [{"name": "app", "image": "nginx", "portMappings": [{"containerPort": 80}]}]
        }),
    )
    .await;
    let (_, xml) = c.call("", "ec2", "application/x-www-form-urlencoded", "Action=DescribeSubnets&Version=2016-11-15").await;
    let xml = String::from_utf8_lossy(&xml);
    let subnet = xml.split("<subnetId>").nth(1).and_then(|s| s.split('<').next()).expect("a default subnet").to_string();
    let setup = Instant::now();
    let mut arns: Vec<String> = Vec::with_capacity(TASKS);
    while arns.len() < TASKS {
        let run = c
            .ecs(
                "RunTask",
                &json!({"cluster": "bench", "taskDefinition": "bench", "count": 10, "launchType": "FARGATE",
                "networkConfiguration": {"awsvpcConfiguration": {"subnets": [subnet]}}}),
            )
            .await;
        arns.extend(run["tasks"].as_array().unwrap().iter().map(|t| t["taskArn"].as_str().unwrap().to_string()));
    }
    eprintln!("bench: {} tasks started in {:.1}s", arns.len(), setup.elapsed().as_secs_f64());
    // Let every task reach RUNNING so the measured calls see settled state.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    c.ecs("ListTasks", &json!({"cluster": "bench", "maxResults": 1})).await;

    let batch: Vec<String> = arns[..100].to_vec();
    let body = json!({"cluster": "bench", "tasks": batch}).to_string();
    let check = c.ecs("DescribeTasks", &serde_json::from_str(&body).unwrap()).await;
    assert_eq!(check["tasks"].as_array().unwrap().len(), 100);
    let response_bytes = check.to_string().len();
    let (describe_rps, describe_n) = rate(addr, move |mut conn, deadline| {
        let body = body.clone();
        async move {
            let mut n = 0;
            while Instant::now() < deadline {
                let (status, _) =
                    conn.call("AmazonEC2ContainerServiceV20141113.DescribeTasks", "ecs", "application/x-amz-json-1.1", &body).await;
                assert_eq!(status, 200);
                n += 1;
            }
            n
        }
    })
    .await;
    eprintln!("bench: DescribeTasks(100): {describe_rps:.0} requests/s ({describe_n} in {SECONDS}s, {response_bytes} bytes each)");

    let (list_rps, list_n) = rate(addr, |mut conn, deadline| async move {
        let mut n = 0;
        'outer: loop {
            let mut token: Option<String> = None;
            loop {
                if Instant::now() >= deadline {
                    break 'outer;
                }
                let body = match &token {
                    Some(t) => json!({"cluster": "bench", "maxResults": 100, "nextToken": t}),
                    None => json!({"cluster": "bench", "maxResults": 100}),
                };
                let page = conn.ecs("ListTasks", &body).await;
                n += 1;
                token = page["nextToken"].as_str().map(String::from);
                if token.is_none() {
                    break;
                }
            }
        }
        n
    })
    .await;
    eprintln!("bench: ListTasks pages of 100 over {TASKS} tasks: {list_rps:.0} pages/s ({list_n} in {SECONDS}s)");

    let full = Instant::now();
    let mut token: Option<String> = None;
    let mut listed = 0;
    loop {
        let body = match &token {
            Some(t) => json!({"cluster": "bench", "maxResults": 100, "nextToken": t}),
            None => json!({"cluster": "bench", "maxResults": 100}),
        };
        let page = c.ecs("ListTasks", &body).await;
        listed += page["taskArns"].as_array().unwrap().len();
        token = page["nextToken"].as_str().map(String::from);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(listed, TASKS);
    let full_ms = full.elapsed().as_secs_f64() * 1000.0;
    eprintln!("bench: one full listing of {TASKS} tasks (100 pages): {full_ms:.0} ms");
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    println!(
        "{}",
        json!({
            "bench": "sandbox",
            "describe_tasks_100_per_s": describe_rps.round(),
            "list_tasks_pages_per_s": list_rps.round(),
            "list_tasks_full_10000_ms": full_ms.round(),
            "tasks": TASKS,
            "connections": CONNECTIONS,
            "seconds_per_run": SECONDS,
            "cores": cores,
            "target_describe_tasks_100_per_s": 2000,
        })
    );
}
