//! `berth-sandbox --port 4566 [--state FILE] [--speed N]`: the sandbox as a standalone
//! endpoint for the AWS CLI and SDKs.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use berth_sandbox::{Options, Sandbox};

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::from_default_env()).with_writer(std::io::stderr).init();
    let mut port: u16 = 4566;
    let mut state: Option<PathBuf> = None;
    let mut speed: f64 = 1.0;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                port = match args.next().and_then(|p| p.parse().ok()) {
                    Some(p) => p,
                    None => usage("--port takes a number from 0 to 65535"),
                }
            }
            "--state" => match args.next() {
                Some(path) => state = Some(PathBuf::from(path)),
                None => usage("--state takes a file path"),
            },
            "--speed" => {
                speed = match args.next().and_then(|s| s.parse::<f64>().ok()).filter(|s| *s > 0.0 && *s <= 1000.0) {
                    Some(s) => s,
                    None => usage("--speed takes a number above 0 and up to 1000 (simulated seconds per second)"),
                }
            }
            "-h" | "--help" => usage(""),
            other => usage(&format!("unknown argument {other}")),
        }
    }
    let options = Options { addr: SocketAddr::from((Ipv4Addr::LOCALHOST, port)), state, speed };
    let sandbox = match Sandbox::start_with(options).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("berth-sandbox: {e}");
            std::process::exit(1);
        }
    };
    match sandbox.state_file() {
        Some(f) => println!("berth-sandbox listening on {} (state in {}, speed {speed}x)", sandbox.url(), f.display()),
        None => println!("berth-sandbox listening on {} (state in memory only, speed {speed}x)", sandbox.url()),
    }
    let _ = tokio::signal::ctrl_c().await;
}

fn usage(problem: &str) -> ! {
    if !problem.is_empty() {
        eprintln!("berth-sandbox: {problem}");
    }
    eprintln!("usage: berth-sandbox [--port PORT] [--state FILE] [--speed N]\n\n  --port PORT   listen on 127.0.0.1:PORT (default 4566; 0 picks a free port)\n  --state FILE  keep state in FILE, written before each change is acknowledged\n  --speed N     simulated seconds per wall second (default 1; 60 turns minutes into seconds)");
    std::process::exit(2);
}
