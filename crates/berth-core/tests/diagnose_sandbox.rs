//! "Why isn't it running?" against the sandbox, which fails tasks the way ECS does: each
//! cause is produced for real (a missing log group, an execution role ECS cannot use, an
//! image not in ECR, an app outgrowing its memory, a crashing app, failing health checks,
//! no capacity), read back as its cause with the evidence, and where Berth has a fix, the
//! fix applied and the task seen running after it. A running task has nothing to explain.

use crate::common;

use std::time::{Duration, Instant};

use berth_core::diagnose::{self, Cause, Diagnosis, Fix};
use berth_core::iam::{self, RolePurpose};
use berth_core::registry::{self, NewRepository};
use berth_core::tasks::{self, AwsVpc, NewTasks, Task};
use berth_core::{network, task_definitions, Clients};
use serde_json::{json, Value};

async fn fargate_network(clients: &Clients) -> AwsVpc {
    let vpc = network::vpcs(clients).await.unwrap().remove(0);
    let subnets = network::subnets(clients, &vpc.vpc_id).await.unwrap().into_iter().take(1).map(|s| s.subnet_id).collect();
    AwsVpc { subnets, security_groups: vec![], assign_public_ip: false }
}

async fn run(clients: &Clients, td: &str, net: &AwsVpc, token: &str) -> Task {
    let input = NewTasks {
        cluster: "diag".into(),
        task_definition: td.into(),
        launch_type: Some("FARGATE".into()),
        count: 1,
        network: Some(net.clone()),
        overrides: vec![],
        tags: vec![],
        capacity_provider: None,
        placement_strategy: vec![],
        placement_constraints: vec![],
        client_token: token.into(),
    };
    let out = tasks::run(clients, &input).await.unwrap();
    assert!(out.failures.is_empty(), "{:?}", out.failures);
    out.tasks.into_iter().next().unwrap()
}

/// Waits until the task is `status` (lastStatus).
async fn until(clients: &Clients, task: &Task, status: &str, secs: u64) -> Task {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let t = tasks::describe(clients, "diag", &task.task_arn).await.unwrap();
        if t.last_status == status {
            return t;
        }
        assert!(Instant::now() < deadline, "task never {status}: {} {:?}", t.last_status, t.stopped_reason);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn only(d: &Diagnosis, cause: Cause) -> &diagnose::Finding {
    assert!(!d.healthy, "{d:?}");
    assert_eq!(d.findings.len(), 1, "{:?}", d.findings);
    assert_eq!(d.findings[0].cause, cause, "{:?}", d.findings);
    &d.findings[0]
}

fn revision(family: &str, image: &str, role: &str, extra: Value) -> Value {
    let mut container = json!({"name": "web", "image": image, "essential": true, "portMappings": [{"containerPort": 8080}]});
    if let (Some(c), Some(e)) = (container.as_object_mut(), extra.as_object()) {
        c.extend(e.clone());
    }
    json!({
        "family": family, "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
        "executionRoleArn": role, "containerDefinitions": [container]
    })
}

#[tokio::test]
async fn each_cause_is_read_from_what_ecs_says_and_fixed_where_berth_can() {
    let sandbox = common::sandbox_at(30.0).await;
    let dir = tempfile::tempdir().unwrap();
    let clients = common::sandbox_console(dir.path(), sandbox.url()).clients().await.unwrap();
    clients.ecs.create_cluster().cluster_name("diag").send().await.unwrap();
    let repo = NewRepository {
        repository_name: "diag-app".into(),
        tag_immutability: false,
        scan_on_push: false,
        encryption_type: None,
        kms_key: None,
    };
    let uri = registry::create(&clients, &repo).await.unwrap().repository_uri;
    berth_core::sandbox::push_sample_image(&sandbox.url(), "us-east-1", "diag-app", "v1").await.unwrap();
    berth_core::sandbox::push_sample_image(&sandbox.url(), "us-east-1", "diag-app", "crash").await.unwrap();
    let role = iam::create_standard_role(&clients, RolePurpose::TaskExecution).await.unwrap().arn;
    let net = fargate_network(&clients).await;
    let image = format!("{uri}:v1");

    // Nothing wrong: a running task has nothing to explain.
    task_definitions::register(&clients, &revision("fine", &image, &role, json!({})), false).await.unwrap();
    let t = until(&clients, &run(&clients, "fine", &net, "fine").await, "RUNNING", 20).await;
    let d = diagnose::explain_task(&clients, "diag", &t.task_arn).await.unwrap();
    assert!(d.healthy && d.findings.is_empty(), "{d:?}");

    // A missing log group: ECS's ResourceInitializationError; the fix creates the group
    // and the same revision then runs.
    let logged = json!({"logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/diag-logs", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "ecs"}}});
    task_definitions::register(&clients, &revision("logs", &image, &role, logged), false).await.unwrap();
    let t = until(&clients, &run(&clients, "logs", &net, "logs-1").await, "STOPPED", 20).await;
    assert_eq!(t.stop_code.as_deref(), Some("TaskFailedToStart"));
    let d = diagnose::explain_task(&clients, "diag", &t.task_arn).await.unwrap();
    let f = only(&d, Cause::MissingLogGroup);
    assert!(f.evidence.iter().any(|e| e.contains("ResourceInitializationError")), "{:?}", f.evidence);
    assert_eq!(f.fix, Some(Fix::CreateLogGroup { group: "/ecs/diag-logs".into() }));
    let done = diagnose::apply(&clients, f.fix.as_ref().unwrap()).await.unwrap();
    assert!(done.cli[0].starts_with("aws logs create-log-group --log-group-name /ecs/diag-logs"), "{:?}", done.cli);
    until(&clients, &run(&clients, "logs", &net, "logs-2").await, "RUNNING", 20).await;

    // An execution role ECS tasks cannot assume: the pull never starts; the fix registers
    // a revision with the standard role, which runs.
    clients
        .iam
        .create_role()
        .role_name("not-for-tasks")
        .assume_role_policy_document(iam::trust_policy("ec2.amazonaws.com"))
        .send()
        .await
        .unwrap();
    let wrong = "arn:aws:iam::000000000000:role/not-for-tasks".to_string();
    task_definitions::register(&clients, &revision("role", &image, &wrong, json!({})), false).await.unwrap();
    let t = until(&clients, &run(&clients, "role", &net, "role-1").await, "STOPPED", 20).await;
    let d = diagnose::explain_task(&clients, "diag", &t.task_arn).await.unwrap();
    let f = only(&d, Cause::ExecutionRole);
    assert!(f.evidence.iter().any(|e| e.contains("unable to assume the role")), "{:?}", f.evidence);
    let done = diagnose::apply(&clients, f.fix.as_ref().unwrap()).await.unwrap();
    let fixed = done.task_definition.unwrap();
    assert!(fixed.ends_with("role:2"), "{fixed}");
    until(&clients, &run(&clients, &fixed, &net, "role-2").await, "RUNNING", 20).await;
    // A role that is trusted but may not fetch ECR's auth fails with IAM's AccessDenied.
    clients
        .iam
        .create_role()
        .role_name("no-ecr")
        .assume_role_policy_document(iam::trust_policy("ecs-tasks.amazonaws.com"))
        .send()
        .await
        .unwrap();
    task_definitions::register(&clients, &revision("role", &image, "arn:aws:iam::000000000000:role/no-ecr", json!({})), false)
        .await
        .unwrap();
    let t = until(&clients, &run(&clients, "role:3", &net, "role-3").await, "STOPPED", 20).await;
    assert!(
        t.stopped_reason.as_deref().unwrap().contains("not authorized to perform: ecr:GetAuthorizationToken"),
        "{:?}",
        t.stopped_reason
    );
    only(&diagnose::explain_task(&clients, "diag", &t.task_arn).await.unwrap(), Cause::ExecutionRole);

    // An image tag never pushed: CannotPullContainerError, said of the container too.
    task_definitions::register(&clients, &revision("pull", &format!("{uri}:v9"), &role, json!({})), false).await.unwrap();
    let t = until(&clients, &run(&clients, "pull", &net, "pull").await, "STOPPED", 20).await;
    assert!(t.stopped_reason.as_deref().unwrap().starts_with("CannotPullContainerError"), "{:?}", t.stopped_reason);
    assert!(t.containers[0].reason.as_deref().unwrap().contains(":v9: not found"), "{:?}", t.containers[0].reason);
    let f = only(&diagnose::explain_task(&clients, "diag", &t.task_arn).await.unwrap(), Cause::ImageNotFound).clone();
    assert!(f.remedy.contains(":v9"), "{}", f.remedy);
    assert!(f.fix.is_none());

    // The app needs 700 MiB and has 512: killed with 137 after it ran; the fix gives the
    // task the next Fargate size and the new revision keeps running past that point.
    let hungry = json!({"environment": [{"name": "BERTH_SANDBOX_MEMORY_MIB", "value": "700"}]});
    task_definitions::register(&clients, &revision("oom", &image, &role, hungry), false).await.unwrap();
    let running = until(&clients, &run(&clients, "oom", &net, "oom-1").await, "RUNNING", 20).await;
    let t = until(&clients, &running, "STOPPED", 30).await;
    assert_eq!(t.containers[0].exit_code, Some(137));
    assert_eq!(t.containers[0].reason.as_deref(), Some("OutOfMemoryError: Container killed due to memory usage"));
    assert_eq!(t.stop_code.as_deref(), Some("EssentialContainerExited"));
    let d = diagnose::explain_task(&clients, "diag", &t.task_arn).await.unwrap();
    let f = only(&d, Cause::OutOfMemory);
    assert_eq!(f.fix_label.as_deref(), Some("Give the task 1024 MiB"));
    let done = diagnose::apply(&clients, f.fix.as_ref().unwrap()).await.unwrap();
    let fixed = done.task_definition.unwrap();
    let doc = task_definitions::describe(&clients, &fixed).await.unwrap().task_definition;
    assert_eq!(doc["memory"], "1024");
    let t = until(&clients, &run(&clients, &fixed, &net, "oom-2").await, "RUNNING", 20).await;
    tokio::time::sleep(Duration::from_millis(1200)).await; // 36 simulated seconds
    assert_eq!(tasks::describe(&clients, "diag", &t.task_arn).await.unwrap().last_status, "RUNNING");

    // A crashing app: the essential container exited with 1, with its last log lines.
    let crash = json!({"logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/diag-logs", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "ecs"}}});
    task_definitions::register(&clients, &revision("crash", &format!("{uri}:crash"), &role, crash), false).await.unwrap();
    let t = until(&clients, &run(&clients, "crash", &net, "crash").await, "STOPPED", 20).await;
    let d = diagnose::explain_task(&clients, "diag", &t.task_arn).await.unwrap();
    let f = only(&d, Cause::EssentialContainerExited);
    assert!(f.evidence.iter().any(|e| e.contains("exit code 1")), "{:?}", f.evidence);
    assert!(f.last_log_lines.iter().any(|l| l.contains("FATAL")), "{:?}", f.last_log_lines);

    // A service whose container health check fails: the scheduler replaces its tasks.
    let checked = json!({
        "environment": [{"name": "BERTH_SANDBOX_HEALTH", "value": "fail"}],
        "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:8080/ || exit 1"], "interval": 5, "retries": 2, "startPeriod": 0, "timeout": 2}
    });
    task_definitions::register(&clients, &revision("sick", &image, &role, checked), false).await.unwrap();
    let vpc = network::vpcs(&clients).await.unwrap().remove(0);
    let subnet = network::subnets(&clients, &vpc.vpc_id).await.unwrap().remove(0).subnet_id;
    let awsvpc = aws_sdk_ecs::types::AwsVpcConfiguration::builder().subnets(subnet).build().unwrap();
    let net_cfg = aws_sdk_ecs::types::NetworkConfiguration::builder().awsvpc_configuration(awsvpc).build();
    clients
        .ecs
        .create_service()
        .cluster("diag")
        .service_name("sick")
        .task_definition("sick")
        .desired_count(1)
        .launch_type(aws_sdk_ecs::types::LaunchType::Fargate)
        .network_configuration(net_cfg)
        .send()
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let d = loop {
        let d = diagnose::explain_service(&clients, "diag", "sick").await.unwrap();
        if d.findings.iter().any(|f| f.cause == Cause::HealthCheckFailing) {
            break d;
        }
        assert!(Instant::now() < deadline, "health checks never blamed: {d:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(!d.healthy);
    assert!(d.findings.iter().any(|f| f.evidence.iter().any(|e| e.contains("Task failed container health checks"))), "{:?}", d.findings);

    // No capacity: an EC2 service on a cluster with no container instances.
    let ec2 = json!({
        "family": "ec2-web", "requiresCompatibilities": ["EC2"], "networkMode": "bridge",
        "containerDefinitions": [{"name": "web", "image": image, "essential": true, "memory": 256}]
    });
    task_definitions::register(&clients, &ec2, false).await.unwrap();
    clients
        .ecs
        .create_service()
        .cluster("diag")
        .service_name("nowhere")
        .task_definition("ec2-web")
        .desired_count(1)
        .launch_type(aws_sdk_ecs::types::LaunchType::Ec2)
        .send()
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let d = diagnose::explain_service(&clients, "diag", "nowhere").await.unwrap();
        if let Some(f) = d.findings.iter().find(|f| f.cause == Cause::NoCapacity) {
            assert!(f.evidence[0].contains("unable to place a task"), "{:?}", f.evidence);
            break;
        }
        assert!(Instant::now() < deadline, "no capacity never found: {d:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
