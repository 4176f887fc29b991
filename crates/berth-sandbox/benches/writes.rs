//! `cargo xtask bench sandbox-writes`: what an acknowledged write costs as the sandbox
//! fills up. A state of 100, 10,000 and 100,000 task-definition revisions (families of
//! 100, the shape that made every write rewrite the world before) is taken in by a running
//! sandbox, which then answers RegisterTaskDefinition one at a time (p50/p99) and from 32
//! concurrent writers (throughput and p99). Then writes beside long reads: 500-query
//! GetMetricData calls over a day of 500 metrics, which must not hold the writes up.
//! Prints progress, then one JSON line last.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use berth_sandbox::bench;
use serde_json::{json, Value};

#[path = "conn.rs"]
mod conn;
use conn::Conn;

const LEVELS: [usize; 3] = [100, 10_000, 100_000];
const PER_FAMILY: usize = 100;
const SEQUENTIAL_WRITES: usize = 300;
const WRITERS: usize = 32;
const CONCURRENT_SECS: u64 = 5;
const METRICS: usize = 500;
const MINUTES: usize = 1440;
const LONG_READERS: usize = 2;
const WRITERS_BESIDE_READS: usize = 4;

fn revision(family: &str) -> Value {
    json!({"family": family, "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
        "containerDefinitions": [{"name": "app", "image": "public.ecr.aws/nginx/nginx:1.27", "essential": true,
            "portMappings": [{"containerPort": 8080}], "environment": [{"name": "MODE", "value": "bench"}]}]})
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

struct Level {
    p50: f64,
    p99: f64,
    json_mb: f64,
    migrate_s: f64,
}

/// Starts a sandbox on a state of `resources` revisions and measures sequential writes.
async fn level(dir: &std::path::Path, resources: usize) -> (Level, berth_sandbox::Sandbox) {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs_f64().floor();
    let built = Instant::now();
    let mut world = berth_sandbox::World::default();
    for i in 0..resources {
        bench::ecs(&mut world, "RegisterTaskDefinition", revision(&format!("f{:04}", i / PER_FAMILY)), now);
    }
    // Written as the JSON state of old: the sandbox migrates it on start, which also
    // measures the migration.
    let legacy = dir.join(format!("state-{resources}.json"));
    let bytes = serde_json::to_vec(&world).unwrap();
    let json_mb = bytes.len() as f64 / 1e6;
    std::fs::write(&legacy, bytes).unwrap();
    drop(world);
    eprintln!("bench: {resources} revisions built in {:.1}s", built.elapsed().as_secs_f64());
    let started = Instant::now();
    let options = berth_sandbox::Options::new(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), Some(legacy));
    let sandbox = berth_sandbox::Sandbox::start_with(options).await.expect("sandbox starts");
    let migrate_s = started.elapsed().as_secs_f64();
    eprintln!("bench: {json_mb:.1} MB of JSON state migrated to SQLite and started in {migrate_s:.1}s");
    let mut c = Conn::open(sandbox.addr).await;
    let mut times = Vec::with_capacity(SEQUENTIAL_WRITES);
    for _ in 0..SEQUENTIAL_WRITES {
        let t = Instant::now();
        c.ecs("RegisterTaskDefinition", &revision("f0000")).await;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let l = Level { p50: percentile(&times, 50.0), p99: percentile(&times, 99.0), json_mb, migrate_s };
    eprintln!("bench: {resources} resources: RegisterTaskDefinition p50 {:.2} ms, p99 {:.2} ms ({SEQUENTIAL_WRITES} writes)", l.p50, l.p99);
    (l, sandbox)
}

/// `count` clients, each on its own connection and family, registering revisions until
/// `deadline`; each answers with its write latencies (ms).
fn writers(addr: SocketAddr, count: usize, prefix: &str, deadline: Instant) -> Vec<tokio::task::JoinHandle<Vec<f64>>> {
    (0..count)
        .map(|w| {
            let family = format!("{prefix}{w:02}");
            tokio::spawn(async move {
                let mut c = Conn::open(addr).await;
                let mut times = vec![];
                while Instant::now() < deadline {
                    let t = Instant::now();
                    c.ecs("RegisterTaskDefinition", &revision(&family)).await;
                    times.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                times
            })
        })
        .collect()
}

async fn cloudwatch(c: &mut Conn, op: &str, body: &Value) -> Value {
    let (status, bytes) =
        c.call(&format!("GraniteServiceVersion20100801.{op}"), "monitoring", "application/x-amz-json-1.0", &body.to_string()).await;
    let v: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    assert_eq!(status, 200, "{op}: {v}");
    v
}

fn metric(i: usize) -> Value {
    json!({"Namespace": "Bench", "MetricName": "Load", "Dimensions": [{"Name": "Host", "Value": format!("h{i:03}")}]})
}

/// A day of per-minute data for `METRICS` metrics, put 1,000 points a call.
async fn seed_metrics(c: &mut Conn, now: f64) {
    let start = now - (MINUTES as f64) * 60.0;
    let mut batch = vec![];
    for i in 0..METRICS {
        for m in 0..MINUTES {
            let mut d = metric(i);
            d["Timestamp"] = json!(start + (m as f64) * 60.0);
            d["Value"] = json!((i + m) as f64 % 97.0);
            batch.push(d);
            if batch.len() == 1000 {
                cloudwatch(c, "PutMetricData", &json!({"Namespace": "Bench", "MetricData": std::mem::take(&mut batch)})).await;
            }
        }
    }
    if !batch.is_empty() {
        cloudwatch(c, "PutMetricData", &json!({"Namespace": "Bench", "MetricData": batch})).await;
    }
}

/// Writes timed while `LONG_READERS` clients keep asking 500-query GetMetricData calls:
/// (write latencies, read latencies, points per read).
async fn writes_beside_long_reads(addr: SocketAddr, now: f64) -> (Vec<f64>, Vec<f64>, usize) {
    let queries: Vec<Value> = (0..METRICS)
        .map(|i| json!({"Id": format!("m{i}"), "MetricStat": {"Metric": metric(i), "Period": 60, "Stat": "Average"}}))
        .collect();
    let read = json!({"MetricDataQueries": queries, "StartTime": now - (MINUTES as f64) * 60.0, "EndTime": now + 60.0});
    let deadline = Instant::now() + Duration::from_secs(CONCURRENT_SECS);
    let mut readers = vec![];
    for _ in 0..LONG_READERS {
        let read = read.clone();
        readers.push(tokio::spawn(async move {
            let mut c = Conn::open(addr).await;
            let (mut times, mut points) = (vec![], 0);
            while Instant::now() < deadline {
                let t = Instant::now();
                let answer = cloudwatch(&mut c, "GetMetricData", &read).await;
                times.push(t.elapsed().as_secs_f64() * 1000.0);
                points = answer["MetricDataResults"]
                    .as_array()
                    .map(|r| r.iter().map(|x| x["Values"].as_array().map_or(0, Vec::len)).sum())
                    .unwrap_or(0);
            }
            (times, points)
        }));
    }
    let writers = writers(addr, WRITERS_BESIDE_READS, "r", deadline);
    let (mut writes, mut reads, mut points) = (vec![], vec![], 0);
    for h in writers {
        writes.extend(h.await.unwrap());
    }
    for h in readers {
        let (t, p) = h.await.unwrap();
        reads.extend(t);
        points = points.max(p);
    }
    writes.sort_by(f64::total_cmp);
    reads.sort_by(f64::total_cmp);
    (writes, reads, points)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = std::env::temp_dir().join(format!("berth-writes-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut levels = vec![];
    let mut last = None;
    for n in LEVELS {
        drop(last.take());
        let (l, sandbox) = level(&dir, n).await;
        levels.push(l);
        last = Some(sandbox);
    }
    let sandbox = last.expect("the largest level is running");

    // 32 writers at once against the largest state, each on its own connection.
    let deadline = Instant::now() + Duration::from_secs(CONCURRENT_SECS);
    let started = Instant::now();
    let handles = writers(sandbox.addr, WRITERS, "w", deadline);
    let mut all = vec![];
    for h in handles {
        all.extend(h.await.unwrap());
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    let per_s = all.len() as f64 / elapsed;
    let p99 = percentile(&all, 99.0);
    eprintln!(
        "bench: {WRITERS} concurrent writers at 100000 resources: {per_s:.0} writes/s, p50 {:.2} ms, p99 {p99:.2} ms",
        percentile(&all, 50.0)
    );

    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs_f64().floor();
    let seeded = Instant::now();
    seed_metrics(&mut Conn::open(sandbox.addr).await, now).await;
    eprintln!("bench: {METRICS} metrics × {MINUTES} minutes put in {:.1}s", seeded.elapsed().as_secs_f64());
    let (beside, reads, points) = writes_beside_long_reads(sandbox.addr, now).await;
    eprintln!(
        "bench: {WRITERS_BESIDE_READS} writers beside {LONG_READERS} clients of 500-query GetMetricData ({points} points each, p50 {:.1} ms): writes p50 {:.2} ms, p99 {:.2} ms",
        percentile(&reads, 50.0),
        percentile(&beside, 50.0),
        percentile(&beside, 99.0)
    );
    let db_mb = sandbox.state_file().and_then(|p| std::fs::metadata(p).ok()).map(|m| m.len() as f64 / 1e6).unwrap_or(0.0);
    drop(sandbox);
    let _ = std::fs::remove_dir_all(&dir);
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    println!(
        "{}",
        json!({
            "bench": "sandbox-writes",
            "p50_ms_at_100": round2(levels[0].p50),
            "p99_ms_at_100": round2(levels[0].p99),
            "p50_ms_at_10000": round2(levels[1].p50),
            "p99_ms_at_10000": round2(levels[1].p99),
            "p50_ms_at_100000": round2(levels[2].p50),
            "p99_ms_at_100000": round2(levels[2].p99),
            "ratio_p50": round2(levels[2].p50 / levels[0].p50),
            "concurrent_writers": WRITERS,
            "concurrent_writes_per_s": per_s.round(),
            "concurrent_p99_ms": round2(p99),
            "long_read_queries": METRICS,
            "long_read_points": points,
            "long_read_p50_ms": round2(percentile(&reads, 50.0)),
            "writes_beside_long_reads_p50_ms": round2(percentile(&beside, 50.0)),
            "writes_beside_long_reads_p99_ms": round2(percentile(&beside, 99.0)),
            "state_json_mb_at_100000": round2(levels[2].json_mb),
            "migration_s_at_100000": round2(levels[2].migrate_s),
            "database_mb_at_100000": round2(db_mb),
            "cores": cores,
            "target_ratio_p50": 1.5,
            "target_p50_ms_at_100000": 5,
            "target_concurrent_writes_per_s": 2000,
            "target_concurrent_p99_ms": 50,
        })
    );
}
