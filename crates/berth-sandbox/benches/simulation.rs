//! `cargo xtask bench simulation`: what the living sandbox costs. With 100 services of
//! 50 running tasks (5,000 tasks), how many simulated seconds it steps per wall second,
//! and how much of one core a sandbox at speed 1 uses holding that load while nobody
//! calls it. Prints progress, then one JSON line last.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use berth_sandbox::bench;

const SERVICES: usize = 100;
const TASKS_EACH: usize = 50;
const STEPS: usize = 600;
const IDLE_SECS: u64 = 20;

/// User plus system CPU seconds this process has used (Linux /proc).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or_default();
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    let ticks: f64 = fields.get(11).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0)
        + fields.get(12).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    ticks / 100.0
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs_f64().floor();
    let built = Instant::now();
    let mut world = bench::populated_world(SERVICES, TASKS_EACH, now);
    let running = bench::running_tasks(&world);
    eprintln!("built {SERVICES} services with {running} running tasks in {:.2}s", built.elapsed().as_secs_f64());
    assert_eq!(running, SERVICES * TASKS_EACH, "every task reached RUNNING");

    let start = bench::clock(&world);
    let stepping = Instant::now();
    for i in 1..=STEPS {
        bench::advance(&mut world, start + i as f64);
    }
    let ticks_per_s = STEPS as f64 / stepping.elapsed().as_secs_f64();
    eprintln!("{STEPS} simulated seconds (10 metric minutes) in {:.2}s: {ticks_per_s:.0} ticks/s", stepping.elapsed().as_secs_f64());

    // The same load in a running sandbox at speed 1, loaded from a state file.
    let dir = tempfile_dir();
    let state = dir.join("state.json");
    std::fs::write(&state, serde_json::to_vec(&world).unwrap()).unwrap();
    drop(world);
    let options = berth_sandbox::Options::new(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), Some(state));
    let sandbox = berth_sandbox::Sandbox::start_with(options).await.expect("sandbox starts");
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (cpu0, wall0) = (cpu_seconds(), Instant::now());
    tokio::time::sleep(Duration::from_secs(IDLE_SECS)).await;
    let cpu_percent = 100.0 * (cpu_seconds() - cpu0) / wall0.elapsed().as_secs_f64();
    eprintln!("idle sandbox at speed 1 holding {} tasks: {cpu_percent:.2}% of one core over {IDLE_SECS}s", SERVICES * TASKS_EACH);
    drop(sandbox);
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "{}",
        serde_json::json!({
            "bench": "simulation",
            "services": SERVICES,
            "tasks": SERVICES * TASKS_EACH,
            "ticks_per_s": (ticks_per_s * 10.0).round() / 10.0,
            "cpu_percent_of_one_core_at_speed_1": (cpu_percent * 100.0).round() / 100.0,
            "cpu_budget_percent": 5.0,
        })
    );
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("berth-sim-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
