//! `berth-sandbox --port 4566 [--state FILE] [--speed N] [--require-signature]`: the
//! sandbox as a standalone endpoint for the AWS CLI and SDKs.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use berth_sandbox::{KeyPair, Options, Sandbox};

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::from_default_env()).with_writer(std::io::stderr).init();
    let mut port: u16 = 4566;
    let mut state: Option<PathBuf> = None;
    let mut speed: f64 = 1.0;
    let mut require_signature = false;
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
            "--require-signature" => require_signature = true,
            "-h" | "--help" => usage(""),
            other => usage(&format!("unknown argument {other}")),
        }
    }
    // Like other local emulators it takes any credentials, unless asked to hold callers to
    // the key pair in its own environment.
    let keys = if require_signature {
        match (std::env::var("AWS_ACCESS_KEY_ID"), std::env::var("AWS_SECRET_ACCESS_KEY")) {
            (Ok(access_key_id), Ok(secret_access_key)) if !access_key_id.is_empty() && !secret_access_key.is_empty() => Some(KeyPair { access_key_id, secret_access_key }),
            _ => usage("--require-signature needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment: the key pair callers must sign with"),
        }
    } else {
        None
    };
    let signed = keys.is_some();
    let options = Options { speed, keys, ..Options::new(SocketAddr::from((Ipv4Addr::LOCALHOST, port)), state) };
    let sandbox = match Sandbox::start_with(options).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("berth-sandbox: {e}");
            std::process::exit(1);
        }
    };
    match sandbox.state_file() {
        Some(f) => println!(
            "berth-sandbox listening on {} (state in {}, speed {speed}x{})",
            sandbox.url(),
            f.display(),
            if signed { ", signatures required" } else { "" }
        ),
        None => println!(
            "berth-sandbox listening on {} (state in memory only, speed {speed}x{})",
            sandbox.url(),
            if signed { ", signatures required" } else { "" }
        ),
    }
    let _ = tokio::signal::ctrl_c().await;
}

fn usage(problem: &str) -> ! {
    if !problem.is_empty() {
        eprintln!("berth-sandbox: {problem}");
    }
    eprintln!("usage: berth-sandbox [--port PORT] [--state FILE] [--speed N] [--require-signature]\n\n  --port PORT   listen on 127.0.0.1:PORT (default 4566; 0 picks a free port)\n  --state FILE  keep state in FILE, written before each change is acknowledged\n  --speed N     simulated seconds per wall second (default 1; 60 turns minutes into seconds)\n  --require-signature  verify every request's SigV4 signature against AWS_ACCESS_KEY_ID and\n                AWS_SECRET_ACCESS_KEY from the environment (otherwise any credentials work)");
    std::process::exit(2);
}
