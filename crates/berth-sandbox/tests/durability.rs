//! `kill -9` at any moment loses no acknowledged change: a client creates clusters as fast
//! as it can, the standalone sandbox is killed with SIGKILL mid-stream and restarted on
//! the same state file, and every cluster whose creation was answered 200 must be there.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::ecs_call;

fn start(state: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_berth-sandbox"))
        .args(["--port", "0", "--state"])
        .arg(state)
        .stdout(Stdio::piped())
        .spawn()
        .expect("the sandbox binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).and_then(|r| r.split_whitespace().next()).expect("listening line").to_string();
    (child, addr)
}

fn listed_clusters(addr: &str) -> Vec<String> {
    let mut names = vec![];
    let mut token: Option<String> = None;
    loop {
        let body = match &token {
            Some(t) => format!(r#"{{"maxResults":100,"nextToken":"{t}"}}"#),
            None => r#"{"maxResults":100}"#.to_string(),
        };
        let (status, text) = ecs_call(addr, "ListClusters", &body).unwrap();
        assert_eq!(status, 200, "{text}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        names.extend(v["clusterArns"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().rsplit('/').next().unwrap().to_string()));
        token = v["nextToken"].as_str().map(String::from);
        if token.is_none() {
            return names;
        }
    }
}

#[test]
fn sigkill_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("sandbox.json");
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut next = 0usize;
    // Kill after different amounts of writing, including the very start.
    for (round, delay_ms) in [0u64, 37, 180, 420, 95].into_iter().enumerate() {
        let (mut child, addr) = start(&state);
        let before = listed_clusters(&addr);
        for name in acknowledged.lock().unwrap().iter() {
            assert!(before.contains(name), "round {round}: acknowledged cluster {name} was lost");
        }
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let (addr, stop, acknowledged) = (addr.clone(), stop.clone(), acknowledged.clone());
            let first = next;
            std::thread::spawn(move || {
                let mut i = first;
                while !stop.load(Ordering::Relaxed) {
                    let name = format!("c{i:06}");
                    i += 1;
                    match ecs_call(&addr, "CreateCluster", &format!(r#"{{"clusterName":"{name}"}}"#)) {
                        Ok((200, _)) => acknowledged.lock().unwrap().push(name),
                        // No complete answer: the server died mid-request, so nothing was acknowledged.
                        Ok((0, _)) | Err(_) => break,
                        Ok((status, body)) => panic!("unexpected {status}: {body}"),
                    }
                }
                i
            })
        };
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        stop.store(true, Ordering::Relaxed);
        next = writer.join().unwrap();
    }
    let (mut child, addr) = start(&state);
    let after = listed_clusters(&addr);
    let acked = acknowledged.lock().unwrap();
    assert!(acked.len() > 20, "the writer got some writes in: {}", acked.len());
    for name in acked.iter() {
        assert!(after.contains(name), "acknowledged cluster {name} was lost");
    }
    println!("{} acknowledged writes across 5 SIGKILLs, all present after restart", acked.len());
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn corrupt_state_is_reported_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("sandbox.json");
    std::fs::write(&state, b"{ this is not json").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_berth-sandbox")).args(["--port", "0", "--state"]).arg(&state).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unreadable") && err.contains("kept as"), "{err}");
    let kept: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name().to_string_lossy().to_string()).collect();
    assert!(kept.iter().any(|n| n.starts_with("sandbox.corrupt-")), "{kept:?}");
}
