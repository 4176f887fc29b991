//! The deploy path (the walkthrough's push, task definition and run steps) through berth-core against Berth's own sandbox:
//! repository and image, task definition, run, watch, logs, stop.

use crate::common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use berth_core::registry::{self, NewRepository};
use berth_core::tasks::{self, AwsVpc, NewTasks, Override, TaskFilter};
use berth_core::{clusters::NewCluster, clusters::Tag, logs, network, task_definitions, Clients, Console};
use berth_sandbox::Sandbox;
use serde_json::json;

async fn console(dir: &std::path::Path) -> (Sandbox, Arc<Console>) {
    let sandbox = common::sandbox_at(10.0).await;
    let console = common::sandbox_console(dir, sandbox.url());
    // The execution role the revisions name, as ECS needs it to start their tasks.
    let clients = console.clients().await.unwrap();
    berth_core::iam::create_standard_role(&clients, berth_core::iam::RolePurpose::TaskExecution).await.unwrap();
    (sandbox, console)
}

fn web_definition(image: &str, memory: &str) -> serde_json::Value {
    json!({
        "family": "web",
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc",
        "cpu": "256",
        "memory": memory,
        "executionRoleArn": "arn:aws:iam::000000000000:role/ecsTaskExecutionRole",
        "ephemeralStorage": {"sizeInGiB": 25},
        "runtimePlatform": {"operatingSystemFamily": "LINUX", "cpuArchitecture": "X86_64"},
        "containerDefinitions": [{
            "name": "web", "image": image, "essential": true,
            "portMappings": [{"containerPort": 80, "protocol": "tcp", "name": "http"}],
            "environment": [{"name": "GREETING", "value": "hello"}],
            "logConfiguration": {"logDriver": "awslogs", "options": {
                "awslogs-group": "/ecs/web", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "ecs"}}
        }],
        "tags": [{"key": "team", "value": "web"}]
    })
}

async fn wait_for<F: std::future::Future<Output = bool>>(what: &str, mut check: impl FnMut() -> F) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn all_tasks(clients: &Clients, cluster: &str, status: &str) -> Vec<tasks::Task> {
    let mut out = vec![];
    let filter = TaskFilter { desired_status: Some(status.into()), ..Default::default() };
    tasks::list(clients, cluster, &filter, |b| out.extend(b)).await.unwrap();
    out
}

#[tokio::test]
async fn repository_images_and_push_commands() {
    let dir = tempfile::tempdir().unwrap();
    let (sandbox, console) = console(dir.path()).await;
    let clients = console.clients().await.unwrap();

    let bad = NewRepository {
        repository_name: "Web App".into(),
        tag_immutability: false,
        scan_on_push: false,
        encryption_type: None,
        kms_key: None,
    };
    let err = registry::create(&clients, &bad).await.unwrap_err();
    assert_eq!(err.field(), Some("repositoryName"));

    let input = NewRepository {
        repository_name: "team/web".into(),
        tag_immutability: true,
        scan_on_push: true,
        encryption_type: Some("AES256".into()),
        kms_key: None,
    };
    let repo = registry::create(&clients, &input).await.unwrap();
    assert_eq!(repo.image_tag_mutability, "IMMUTABLE");
    assert!(repo.scan_on_push);
    assert!(repo.repository_uri.ends_with("/team/web"), "{}", repo.repository_uri);

    berth_core::sandbox::push_sample_image(&sandbox.url(), "us-east-1", "team/web", "v1").await.unwrap();
    berth_core::sandbox::push_sample_image(&sandbox.url(), "us-east-1", "team/web", "v2").await.unwrap();
    let listed = registry::list(&clients).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].image_count, registry::images(&clients, "team/web").await.unwrap().len());
    let images = registry::images(&clients, "team/web").await.unwrap();
    assert!(images.iter().any(|i| i.image_tags.contains(&"v1".to_string())));
    assert!(images.iter().all(|i| i.image_digest.starts_with("sha256:") && i.pushed_at.is_some()));

    let commands = registry::push_commands(&repo.repository_uri, &clients);
    assert!(commands[0].command.contains(&format!("--endpoint-url {}", sandbox.url())));
    assert!(commands[3].command.ends_with(&format!("{}:latest", repo.repository_uri)));

    // ECR refuses a repository with images unless forced; AWS's own code comes through.
    let err = registry::delete(&clients, "team/web", false).await.unwrap_err();
    assert_eq!(err.code(), "RepositoryNotEmptyException");
    let digests: Vec<String> = images.iter().take(1).map(|i| i.image_digest.clone()).collect();
    assert!(registry::delete_images(&clients, "team/web", &digests).await.unwrap().is_empty());
    assert_eq!(registry::images(&clients, "team/web").await.unwrap().len(), images.len() - 1);
    registry::delete(&clients, "team/web", true).await.unwrap();
    assert!(registry::list(&clients).await.unwrap().is_empty());
}

#[tokio::test]
async fn task_definitions_round_trip_unknown_fields_and_revisions() {
    let dir = tempfile::tempdir().unwrap();
    let (_sandbox, console) = console(dir.path()).await;
    let clients = console.clients().await.unwrap();

    // An invalid Fargate pair never reaches AWS and names the field.
    let err = task_definitions::register(&clients, &web_definition("nginx:1.27", "4096"), false).await.unwrap_err();
    assert_eq!(err.field(), Some("memory"));
    assert!(task_definitions::families(&clients).await.unwrap().is_empty());

    let first = task_definitions::register(&clients, &web_definition("nginx:1.27", "512"), true).await.unwrap();
    assert_eq!(first.task_definition["revision"], 1);
    // Fields Berth has no form for survive the trip to AWS and back.
    assert_eq!(first.register_input["ephemeralStorage"]["sizeInGiB"], 25);
    assert_eq!(first.register_input["runtimePlatform"]["cpuArchitecture"], "X86_64");
    assert_eq!(first.register_input["tags"][0]["value"], "web");
    assert!(first.register_input.get("revision").is_none());
    // The log group was created on request.
    let groups = clients.logs.describe_log_groups().log_group_name_prefix("/ecs/web").send().await.unwrap();
    assert_eq!(groups.log_groups().len(), 1);

    // The export registers as-is: the JSON a user downloads is a valid input.
    let second = task_definitions::register(&clients, &first.register_input, false).await.unwrap();
    assert_eq!(second.task_definition["revision"], 2);
    let described = task_definitions::describe(&clients, "web:2").await.unwrap();
    assert_eq!(described.register_input, first.register_input);

    task_definitions::deregister(&clients, "web:1").await.unwrap();
    let revisions = task_definitions::revisions(&clients, "web").await.unwrap();
    let summary: Vec<(i64, &str)> = revisions.iter().map(|r| (r.revision, r.status.as_str())).collect();
    assert_eq!(summary, [(2, "ACTIVE"), (1, "INACTIVE")]);
    let families = task_definitions::families(&clients).await.unwrap();
    assert_eq!(families.len(), 1);
    assert_eq!(families[0].latest_revision, 2);
    assert_eq!(families[0].containers, ["web"]);
}

#[tokio::test]
async fn run_watch_read_logs_and_stop_tasks() {
    let dir = tempfile::tempdir().unwrap();
    let (_sandbox, console) = console(dir.path()).await;
    let clients = console.clients().await.unwrap();
    console.create_cluster(NewCluster { cluster_name: "demo".into(), container_insights: false, tags: vec![] }).await.unwrap();
    task_definitions::register(&clients, &web_definition("nginx:1.27", "512"), true).await.unwrap();

    let vpcs = network::vpcs(&clients).await.unwrap();
    let vpc = vpcs.iter().find(|v| v.is_default).expect("a default VPC");
    let subnets = network::subnets(&clients, &vpc.vpc_id).await.unwrap();
    let groups = network::security_groups(&clients, &vpc.vpc_id).await.unwrap();
    assert!(!subnets.is_empty() && !groups.is_empty());

    let input = NewTasks {
        cluster: "demo".into(),
        task_definition: "web:1".into(),
        launch_type: Some("FARGATE".into()),
        count: 12,
        network: Some(AwsVpc {
            subnets: vec![subnets[0].subnet_id.clone()],
            security_groups: vec![groups[0].group_id.clone()],
            assign_public_ip: true,
        }),
        overrides: vec![Override {
            name: "web".into(),
            command: None,
            environment: vec![Tag { key: "MODE".into(), value: "demo".into() }],
        }],
        tags: vec![Tag { key: "purpose".into(), value: "test".into() }],
        capacity_provider: None,
        placement_strategy: vec![],
        placement_constraints: vec![],
        client_token: "run-1".into(),
    };
    let outcome = tasks::run(&clients, &input).await.unwrap();
    assert_eq!((outcome.tasks.len(), outcome.calls), (12, 2), "12 tasks need two RunTask calls");
    // The same action again (a retry after a lost answer) starts nothing new.
    let again = tasks::run(&clients, &input).await.unwrap();
    let mut first: Vec<_> = outcome.tasks.iter().map(|t| t.task_arn.clone()).collect();
    let mut second: Vec<_> = again.tasks.iter().map(|t| t.task_arn.clone()).collect();
    first.sort();
    second.sort();
    assert_eq!(first, second);
    assert_eq!(all_tasks(&clients, "demo", "RUNNING").await.len(), 12);

    let mut batches = 0;
    let stats =
        tasks::list(&clients, "demo", &TaskFilter { family: Some("web".into()), ..Default::default() }, |_| batches += 1).await.unwrap();
    assert_eq!((stats.items, stats.list_calls, stats.describe_calls, batches), (12, 1, 1, 1));
    assert!(all_tasks(&clients, "demo", "STOPPED").await.is_empty());

    wait_for("all tasks RUNNING", || async { all_tasks(&clients, "demo", "RUNNING").await.iter().all(|t| t.last_status == "RUNNING") })
        .await;
    let task = tasks::describe(&clients, "demo", &first[0]).await.unwrap();
    assert_eq!(task.task_definition, "web:1");
    assert!(task.private_ip.is_some());
    assert_eq!(task.group.as_deref(), Some("family:web"));
    assert!(task.tags.iter().any(|t| t.key == "purpose"));

    let targets = logs::task_targets(&clients, "demo", &task.task_arn).await.unwrap();
    assert_eq!(targets.len(), 1);
    let stream = targets[0].stream.clone().unwrap();
    assert_eq!(stream, format!("ecs/web/{}", task.task_id));
    let mut page = logs::read_forward(&clients, "/ecs/web", &stream, None).await.unwrap();
    wait_for("log lines", || {
        let clients = clients.clone();
        let stream = stream.clone();
        async move { !logs::read_forward(&clients, "/ecs/web", &stream, None).await.unwrap().events.is_empty() }
    })
    .await;
    if page.events.is_empty() {
        page = logs::read_forward(&clients, "/ecs/web", &stream, None).await.unwrap();
    }
    assert!(page.stream_exists);
    // Reading on from the forward token returns only what is new.
    let next = logs::read_forward(&clients, "/ecs/web", &stream, page.next_forward_token.clone()).await.unwrap();
    for e in &next.events {
        assert!(e.timestamp >= page.events.last().unwrap().timestamp);
    }

    let err = tasks::stop(&clients, "demo", &task.task_arn, &"x".repeat(300)).await.unwrap_err();
    assert_eq!(err.field(), Some("reason"));
    let stopping = tasks::stop(&clients, "demo", &task.task_arn, "done with the demo").await.unwrap();
    assert_eq!(stopping.desired_status, "STOPPED");
    wait_for("the task to stop", || async { tasks::describe(&clients, "demo", &first[0]).await.unwrap().last_status == "STOPPED" }).await;
    let stopped = tasks::describe(&clients, "demo", &first[0]).await.unwrap();
    assert_eq!(stopped.stopped_reason.as_deref(), Some("done with the demo"));
    assert_eq!(stopped.stop_code.as_deref(), Some("UserInitiated"));
    assert_eq!(all_tasks(&clients, "demo", "STOPPED").await.len(), 1);
}
