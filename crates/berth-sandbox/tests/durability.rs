//! `kill -9` at any moment loses no acknowledged change: a client creates clusters as fast
//! as it can, the standalone sandbox is killed with SIGKILL mid-stream and restarted on
//! the same state file, and every cluster whose creation was answered 200 must be there.

use crate::common;

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

/// A sandbox database with a few clusters in it, checkpointed so the main file holds it all.
fn database_with_clusters(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let state = dir.join(name);
    let (mut child, addr) = start(&state);
    for i in 0..20 {
        let (status, text) = ecs_call(&addr, "CreateCluster", &format!(r#"{{"clusterName":"c{i}"}}"#)).unwrap();
        assert_eq!(status, 200, "{text}");
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let conn = rusqlite::Connection::open(&state).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
    drop(conn);
    state
}

/// Every kind of damage is refused with a message naming the file, and the damaged file is
/// kept aside byte for byte; nothing is deleted and no damaged state is served.
#[test]
fn damaged_state_of_every_kind_is_refused_and_kept_byte_for_byte() {
    type Damage = fn(&std::path::Path);
    let kinds: Vec<(&str, Damage)> = vec![
        ("empty file", |p| std::fs::write(p, b"").unwrap()),
        ("text, not a database", |p| std::fs::write(p, b"hello, I am not a database\n").unwrap()),
        ("JSON state that does not parse", |p| std::fs::write(p, b"{ \"regions\": [1, 2").unwrap()),
        ("JSON state of the wrong shape", |p| std::fs::write(p, br#"{"regions": {"us-east-1": {"ecs": {"clusters": 7}}}}"#).unwrap()),
        ("truncated to half", |p| {
            let bytes = std::fs::read(p).unwrap();
            std::fs::write(p, &bytes[..bytes.len() / 2]).unwrap();
        }),
        ("header overwritten", |p| {
            let mut bytes = std::fs::read(p).unwrap();
            bytes[16..100].fill(0xAB);
            std::fs::write(p, bytes).unwrap();
        }),
        ("a b-tree page overwritten", |p| {
            let mut bytes = std::fs::read(p).unwrap();
            let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
            for at in (page..bytes.len()).step_by(page) {
                bytes[at] = 0xFF;
            }
            std::fs::write(p, bytes).unwrap();
        }),
        ("another program's SQLite database", |p| {
            std::fs::remove_file(p).unwrap();
            let conn = rusqlite::Connection::open(p).unwrap();
            conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');").unwrap();
        }),
        ("a row that is not JSON", |p| {
            let conn = rusqlite::Connection::open(p).unwrap();
            conn.execute("UPDATE rows SET v = x'00ff00ff' WHERE k LIKE 'r/us-east-1/ecs.clusters/%'", []).unwrap();
        }),
        ("a row for a collection that does not exist", |p| {
            let conn = rusqlite::Connection::open(p).unwrap();
            conn.execute("INSERT INTO rows (k, v) VALUES ('r/us-east-1/ecs.nonsense/x', '{}')", []).unwrap();
        }),
    ];
    for (i, (kind, damage)) in kinds.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let state = database_with_clusters(dir.path(), &format!("state-{i}.sqlite"));
        damage(&state);
        for side in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{side}", state.display()));
        }
        let damaged = std::fs::read(&state).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_berth-sandbox")).args(["--port", "0", "--state"]).arg(&state).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{kind}: the damaged state was served");
        assert!(err.contains("unreadable") && err.contains("kept as") && err.contains(&state.display().to_string()), "{kind}: {err}");
        let kept: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.to_string_lossy().contains(".corrupt-")
                    && !p.to_string_lossy().ends_with("-wal")
                    && !p.to_string_lossy().ends_with("-shm")
            })
            .collect();
        assert_eq!(kept.len(), 1, "{kind}: one copy kept aside: {kept:?}");
        assert_eq!(std::fs::read(&kept[0]).unwrap(), damaged, "{kind}: the kept copy is byte for byte what was damaged");
        // The next start begins afresh beside the kept copy.
        let (mut child, addr) = start(&state);
        assert!(listed_clusters(&addr).is_empty(), "{kind}: a fresh start");
        child.kill().unwrap();
        child.wait().unwrap();
    }
    println!("{} kinds of damage refused and kept", kinds.len());
}

/// A JSON state file of old is taken into the database on first start, kept beside it,
/// and everything in it is there.
#[test]
fn a_json_state_of_old_is_migrated_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.sqlite");
    let legacy = dir.path().join("state.json");
    let cluster = |name: &str| {
        serde_json::json!({"clusterArn": format!("arn:aws:ecs:us-east-1:000000000000:cluster/{name}"), "clusterName": name, "status": "ACTIVE",
            "registeredContainerInstancesCount": 0, "runningTasksCount": 0, "pendingTasksCount": 0, "activeServicesCount": 0, "settings": [], "tags": []})
    };
    let world = serde_json::json!({"clock": 0.0, "regions": {"us-east-1": {"ecs": {"clusters": {"old-a": cluster("old-a"), "old-b": cluster("old-b")},
        "task_definitions": {"web": [{"family": "web", "revision": 1, "status": "ACTIVE", "taskDefinitionArn": "arn:aws:ecs:us-east-1:000000000000:task-definition/web:1", "containerDefinitions": [{"name": "web", "image": "nginx"}]}]}}}}});
    let bytes = serde_json::to_vec(&world).unwrap();
    std::fs::write(&legacy, &bytes).unwrap();
    let (mut child, addr) = start(&state);
    let mut names = listed_clusters(&addr);
    names.sort();
    assert_eq!(names, ["old-a", "old-b"]);
    let (status, text) = ecs_call(&addr, "DescribeTaskDefinition", r#"{"taskDefinition":"web:1"}"#).unwrap();
    assert_eq!(status, 200, "{text}");
    let (status, text) = ecs_call(
        &addr,
        "RegisterTaskDefinition",
        r#"{"family":"web","containerDefinitions":[{"name":"web","image":"nginx","memory":128}]}"#,
    )
    .unwrap();
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("\"revision\":2"), "revisions go on from the migrated ones: {text}");
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(std::fs::read(&legacy).unwrap(), bytes, "the old file is kept as it was");
    // Restarted on the database alone: the migration happened once and stuck.
    std::fs::remove_file(&legacy).unwrap();
    let (mut child, addr) = start(&state);
    assert_eq!(listed_clusters(&addr).len(), 2);
    let (_, text) = ecs_call(&addr, "DescribeTaskDefinition", r#"{"taskDefinition":"web"}"#).unwrap();
    assert!(text.contains("\"revision\":2"), "{text}");
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Metrics a client put are rows of their own: they survive a restart, and a change
/// elsewhere in the region (a cluster) writes none of their samples again.
#[tokio::test]
async fn put_metrics_survive_a_restart_and_stay_out_of_the_region_row() {
    use aws_sdk_cloudwatch::primitives::DateTime;
    use aws_sdk_cloudwatch::types::{Metric, MetricDataQuery, MetricDatum, MetricStat};
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.sqlite");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let start = now - now % 60 - 3600;
    let options = || berth_sandbox::Options::new(std::net::SocketAddr::from((std::net::Ipv4Addr::LOCALHOST, 0)), Some(state.clone()));
    {
        let sandbox = berth_sandbox::Sandbox::start_with(options()).await.unwrap();
        let config = common::sdk_config(&sandbox.url()).await;
        let cw = aws_sdk_cloudwatch::Client::new(&config);
        let data: Vec<MetricDatum> = (0..60)
            .map(|i| {
                MetricDatum::builder().metric_name("QueueDepth").timestamp(DateTime::from_secs(start + 60 * i)).value(i as f64).build()
            })
            .collect();
        cw.put_metric_data().namespace("Shop").set_metric_data(Some(data)).send().await.unwrap();
        aws_sdk_ecs::Client::new(&config).create_cluster().cluster_name("after-the-metrics").send().await.unwrap();
    }
    let db = rusqlite::Connection::open(&state).unwrap();
    let region: Vec<u8> = db.query_row("SELECT v FROM rows WHERE k = 'r/us-east-1'", [], |r| r.get(0)).unwrap();
    let region = String::from_utf8_lossy(&region);
    assert!(!region.contains("QueueDepth"), "the region row repeats the metric: {} bytes", region.len());
    drop(db);

    let sandbox = berth_sandbox::Sandbox::start_with(options()).await.unwrap();
    let cw = aws_sdk_cloudwatch::Client::new(&common::sdk_config(&sandbox.url()).await);
    let query = MetricDataQuery::builder()
        .id("q")
        .metric_stat(
            MetricStat::builder()
                .metric(Metric::builder().namespace("Shop").metric_name("QueueDepth").build())
                .period(60)
                .stat("Maximum")
                .build(),
        )
        .build();
    let got = cw
        .get_metric_data()
        .metric_data_queries(query)
        .start_time(DateTime::from_secs(start))
        .end_time(DateTime::from_secs(start + 3600))
        .send()
        .await
        .unwrap();
    let values = got.metric_data_results()[0].values();
    assert_eq!(values.len(), 60);
    assert_eq!(values[0], 59.0, "newest first");
}
