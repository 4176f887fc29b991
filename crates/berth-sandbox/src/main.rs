//! `berth-sandbox --port 4566`: the sandbox as a standalone endpoint for the AWS CLI and SDKs.

use std::net::{Ipv4Addr, SocketAddr};

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::from_default_env()).init();
    let mut port: u16 = 4566;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                port = match args.next().and_then(|p| p.parse().ok()) {
                    Some(p) => p,
                    None => usage("--port takes a number from 0 to 65535"),
                }
            }
            "-h" | "--help" => usage(""),
            other => usage(&format!("unknown argument {other}")),
        }
    }
    let sandbox = match berth_sandbox::Sandbox::start(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("berth-sandbox: cannot listen on 127.0.0.1:{port}: {e}");
            std::process::exit(1);
        }
    };
    println!("berth-sandbox listening on {}", sandbox.url());
    let _ = tokio::signal::ctrl_c().await;
}

fn usage(problem: &str) -> ! {
    if !problem.is_empty() {
        eprintln!("berth-sandbox: {problem}");
    }
    eprintln!("usage: berth-sandbox [--port PORT]");
    std::process::exit(2);
}
