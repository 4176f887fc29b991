//! `cargo xtask bench metrics`: about 100 CloudWatch series at 1-second resolution from
//! the sandbox, streamed for 60 seconds into the real UI (the Monitoring page in the real
//! window). Prints progress on stderr and one JSON line last:
//! `{"series":…,"calls_per_tick":…,"ui_frame_ms_p95":…,"app_cpu_percent":…,"dropped_or_duplicate_points":…}`.
//!
//! A frame's cost is measured in the page: all Berth's work in one animation frame (the
//! React render and commit of a delivery, and the chart draws the frame budget let in). CPU is user plus system
//! time of the app process and its WebKit children over the minute, in % of one core.

use std::time::{Duration, Instant};

use berth_e2e::{app_binary, aws_json, aws_query, children_of, cpu_seconds, pids_of, App};
use serde_json::{json, Value};

const SERVICES: usize = 20;
const SECONDS: u64 = 60;

fn ecs(endpoint: &str, op: &str, body: Value) -> Value {
    aws_json(endpoint, "ecs", &format!("AmazonEC2ContainerServiceV20141113.{op}"), body)
}

fn p95(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    values[((values.len() as f64 * 0.95).ceil() as usize).saturating_sub(1).min(values.len() - 1)]
}

fn app_cpu() -> f64 {
    let Some(&pid) = pids_of(&app_binary()).last() else { return 0.0 };
    cpu_seconds(pid) + children_of(pid).into_iter().map(cpu_seconds).sum::<f64>()
}

fn main() {
    let data = std::env::temp_dir().join(format!("berth-bench-metrics-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let app = App::launch_sandbox_at(&data, "1");
    let endpoint = app.sandbox_endpoint();

    // 20 services of one task each in a cluster with Container Insights, each under load.
    ecs(&endpoint, "CreateCluster", json!({"clusterName": "bench", "settings": [{"name": "containerInsights", "value": "enabled"}]}));
    ecs(
        &endpoint,
        "RegisterTaskDefinition",
        json!({
            "family": "bench", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
            "containerDefinitions": [{"name": "app", "image": "nginx", "portMappings": [{"containerPort": 80}]}]
        }),
    );
    let xml = aws_query(&endpoint, "ec2", "Action=DescribeSubnets&Version=2016-11-15");
    let subnet = xml.split("<subnetId>").nth(1).and_then(|s| s.split('<').next()).expect("a default subnet").to_string();
    let names: Vec<String> = (0..SERVICES).map(|i| format!("svc-{i:02}")).collect();
    for name in &names {
        ecs(
            &endpoint,
            "CreateService",
            json!({"cluster": "bench", "serviceName": name, "taskDefinition": "bench", "desiredCount": 1, "launchType": "FARGATE",
            "networkConfiguration": {"awsvpcConfiguration": {"subnets": [subnet]}}}),
        );
        aws_json(&endpoint, "ecs", "BerthSandbox.SetTraffic", json!({"cluster": "bench", "service": name, "requestsPerSecond": 20}));
    }
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let running: i64 = names
            .chunks(10)
            .map(|chunk| {
                ecs(&endpoint, "DescribeServices", json!({"cluster": "bench", "services": chunk}))["services"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s["runningCount"].as_i64().unwrap_or(0))
                    .sum::<i64>()
            })
            .sum();
        if running == SERVICES as i64 {
            break;
        }
        assert!(Instant::now() < deadline, "the services never all ran ({running} of {SERVICES})");
        std::thread::sleep(Duration::from_millis(500));
    }
    eprintln!("bench: {SERVICES} services running");

    // The wall with every service, at 1-second resolution.
    app.script("location.hash = '#/monitoring/bench?services=*'", json!([]));
    app.wait_text("svc-19");
    app.css("[data-testid=wall-high-res]").click();
    app.wait_text("1-second points from the sandbox");
    let series = {
        let text = app.body_text();
        let at = text.find(" series, one GetMetricData").expect("the series count");
        text[..at].rsplit(|c: char| !c.is_ascii_digit()).next().unwrap().parse::<usize>().unwrap()
    };
    std::thread::sleep(Duration::from_secs(5));

    app.script("window.__berthMeasure = {merges: [], maxCalls: 0}", json!([]));
    std::thread::sleep(Duration::from_secs(2));
    let start_now = app.script("return window.__berthMeasure.store ? Math.max(...[...window.__berthMeasure.store.series.values()].map(s => s.t[s.t.length - 1] || 0)) : 0", json!([])).as_f64().unwrap_or(0.0);
    let cpu_before = app_cpu();
    let wall = Instant::now();
    std::thread::sleep(Duration::from_secs(SECONDS));
    let cpu_used = app_cpu() - cpu_before;
    let elapsed = wall.elapsed().as_secs_f64();
    let measured = app.script(
        "const m = window.__berthMeasure; const s = m.store; \
         return {frames: [...(m.frameWork || new Map()).values()], merges: m.merges, maxCalls: m.maxCalls, rejected: s.rejected, \
                 series: [...s.series.entries()].map(([id, x]) => [id, x.t])};",
        json!([]),
    );
    app.screenshot("bench-metrics-wall");

    let frames: Vec<f64> = measured["frames"].as_array().unwrap().iter().filter_map(Value::as_f64).collect();
    let merges: Vec<f64> = measured["merges"].as_array().unwrap().iter().filter_map(Value::as_f64).collect();
    let rejected = measured["rejected"].as_u64().unwrap_or(0);
    // 1-second series: within the measured minute every second has exactly one point.
    let mut dropped = 0i64;
    let mut with_data = 0;
    for entry in measured["series"].as_array().unwrap() {
        let times: Vec<i64> =
            entry[1].as_array().unwrap().iter().filter_map(Value::as_f64).map(|t| t as i64).filter(|&t| t as f64 > start_now).collect();
        if times.len() < 2 {
            continue;
        }
        with_data += 1;
        let span = times.last().unwrap() - times.first().unwrap() + 1;
        dropped += span - times.len() as i64;
    }
    eprintln!(
        "bench: {series} series ({with_data} with data), {} frames drawn, frame p95 {:.2} ms, merge p95 {:.2} ms, CPU {:.1}% of one core",
        frames.len(),
        p95(frames.clone()),
        p95(merges.clone()),
        cpu_used / elapsed * 100.0
    );
    println!(
        "{}",
        json!({
            "series": series,
            "series_with_data": with_data,
            "seconds": SECONDS,
            "calls_per_tick": measured["maxCalls"],
            "frames": frames.len(),
            "ui_frame_ms_p95": (p95(frames) * 100.0).round() / 100.0,
            "merge_ms_p95": (p95(merges) * 100.0).round() / 100.0,
            "app_cpu_percent": (cpu_used / elapsed * 1000.0).round() / 10.0,
            "dropped_or_duplicate_points": dropped + rejected as i64,
            "targets": {"calls_per_tick": 1, "ui_frame_ms_p95": 16, "app_cpu_percent": 15, "dropped_or_duplicate_points": 0},
        })
    );
    drop(app);
    let _ = std::fs::remove_dir_all(&data);
}
