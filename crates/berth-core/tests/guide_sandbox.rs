//! The walkthrough's live checks against the sandbox, each red before its step is done
//! (saying what is missing) and green after: a cluster, an image pushed to ECR, a task
//! definition using it, a service behind an ALB with CPU scaling, and a rolling update.

use crate::common;

use std::time::{Duration, Instant};

use berth_core::guide::{self, GuideStep, GuideTargets, StepCheck};
use berth_core::iam::{self, RolePurpose};
use berth_core::registry::{self, NewRepository};
use berth_core::service_plan::{self, Created};
use berth_core::services::{self, ServiceUpdate};
use berth_core::{cleanup, costs, task_definitions, tasks, Clients};
use serde_json::json;

const STEPS: [GuideStep; 7] = [
    GuideStep::Cluster,
    GuideStep::Image,
    GuideStep::TaskDefinition,
    GuideStep::Run,
    GuideStep::LoadBalancer,
    GuideStep::MonitorScale,
    GuideStep::Update,
];

async fn check(clients: &Clients, step: GuideStep, t: &GuideTargets) -> StepCheck {
    guide::check(clients, step, t).await.unwrap_or_else(|e| panic!("{step:?}: {e}"))
}

/// Re-checks, as the Guide screen does while a step is open, until the step is green.
async fn until_green(clients: &Clients, step: GuideStep, t: &GuideTargets, secs: u64) -> StepCheck {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let c = check(clients, step, t).await;
        if c.passed {
            return c;
        }
        assert!(Instant::now() < deadline, "{step:?} never passed: {:?}", c.missing);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn missing_says(c: &StepCheck, words: &str) {
    assert!(!c.passed, "{:?} should be red", c.step);
    assert!(c.missing.iter().any(|m| m.contains(words)), "{:?} says {words:?}: {:?}", c.step, c.missing);
}

fn definition(uri: &str, tag: &str, role: &str, ports: bool) -> serde_json::Value {
    let ports = if ports { json!([{"containerPort": 8080, "protocol": "tcp"}]) } else { json!([]) };
    json!({
        "family": "my-app-task", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
        "executionRoleArn": role,
        "containerDefinitions": [{"name": "web", "image": format!("{uri}:{tag}"), "essential": true, "portMappings": ports}]
    })
}

#[tokio::test]
async fn each_step_is_red_until_done_then_green() {
    let sandbox = common::sandbox_at(30.0).await;
    let dir = tempfile::tempdir().unwrap();
    let clients = common::sandbox_console(dir.path(), sandbox.url()).clients().await.unwrap();
    let mut t = GuideTargets::default();

    // Nothing yet: every step red, each saying what to do.
    let mut before = vec![];
    for step in STEPS {
        before.push(check(&clients, step, &t).await);
    }
    missing_says(&before[0], "No cluster named my-cluster");
    missing_says(&before[1], "No ECR repository named my-app-repo");
    missing_says(&before[2], "No active revision of family my-app-task");
    missing_says(&before[3], "Nothing of my-app-task runs in my-cluster");
    missing_says(&before[4], "No service my-app-service");
    missing_says(&before[5], "not registered with Application Auto Scaling");
    missing_says(&before[6], "No service my-app-service");

    // 1. The cluster.
    clients.ecs.create_cluster().cluster_name("my-cluster").send().await.unwrap();
    assert!(check(&clients, GuideStep::Cluster, &t).await.passed);

    // 2. A repository: red while it holds no image, green once one is pushed.
    let repo = NewRepository {
        repository_name: "my-app-repo".into(),
        tag_immutability: false,
        scan_on_push: false,
        encryption_type: None,
        kms_key: None,
    };
    let repo = registry::create(&clients, &repo).await.unwrap();
    missing_says(&check(&clients, GuideStep::Image, &t).await, "has no tagged image yet");
    berth_core::sandbox::push_sample_image(&sandbox.url(), "us-east-1", "my-app-repo", "v1").await.unwrap();
    berth_core::sandbox::push_sample_image(&sandbox.url(), "us-east-1", "my-app-repo", "v2").await.unwrap();
    assert!(check(&clients, GuideStep::Image, &t).await.passed);

    // 3. A revision without a port is named for it; with the image and port 8080, green.
    let role = iam::create_standard_role(&clients, RolePurpose::TaskExecution).await.unwrap().arn;
    task_definitions::register(&clients, &definition("public.ecr.aws/nginx/nginx", "latest", &role, true), false).await.unwrap();
    missing_says(&check(&clients, GuideStep::TaskDefinition, &t).await, "No container's image comes from");
    task_definitions::register(&clients, &definition(&repo.repository_uri, "v1", &role, false), false).await.unwrap();
    missing_says(&check(&clients, GuideStep::TaskDefinition, &t).await, "No container maps a port");
    task_definitions::register(&clients, &definition(&repo.repository_uri, "v1", &role, true), false).await.unwrap();
    let td = check(&clients, GuideStep::TaskDefinition, &t).await;
    assert!(td.passed, "{:?}", td.missing);

    // 4–6. Three copies behind a new ALB, scaling on CPU.
    let service = common::fargate_service(&clients, "my-cluster", "my-app-service", "my-app-task:3", 8080, "guide-service").await;
    // What it costs before it exists: 3 × (0.25 vCPU, 0.5 GB) on Fargate, their public
    // IPs, the ALB's hour and its two zones' addresses, by the us-east-1 table.
    let estimate = service_plan::estimate(&clients, &service).await.unwrap();
    let expected = 3.0 * 0.25 * 0.04048 + 3.0 * 0.5 * 0.004445 + 3.0 * 0.005 + 0.0225 + 2.0 * 0.005;
    assert!((estimate.hourly.unwrap() - expected).abs() < 1e-9, "{estimate:?}");
    assert!((estimate.monthly.unwrap() - expected * 730.0).abs() < 1e-6);
    assert_eq!(estimate.lines.len(), 5, "{:?}", estimate.lines);
    assert!(estimate.notes.iter().any(|n| n.contains("LCU-hour")));
    let created = service_plan::execute(&clients, &service, Created::default()).await.unwrap();
    assert!(created.failed.is_none(), "{:?}", created.failed);
    let run = until_green(&clients, GuideStep::Run, &t, 60).await;
    assert!(run.found.iter().any(|f| f.contains("runs 3 of 3 tasks")), "{:?}", run.found);
    let lb = until_green(&clients, GuideStep::LoadBalancer, &t, 60).await;
    assert!(lb.found.iter().any(|f| f.contains("HTTP:80 listener")), "{:?}", lb.found);
    let scale = check(&clients, GuideStep::MonitorScale, &t).await;
    assert!(scale.passed, "{:?}", scale.missing);

    // 7. Red until Berth knows the revision before, the new one rolls out and completes,
    // and the healthy targets it watched never fell below the minimum.
    missing_says(&check(&clients, GuideStep::Update, &t).await, "has not recorded the revision");
    t.baseline_revision = Some(3);
    missing_says(&check(&clients, GuideStep::Update, &t).await, "still runs revision 3");
    task_definitions::register(&clients, &definition(&repo.repository_uri, "v2", &role, true), false).await.unwrap();
    let update = ServiceUpdate {
        cluster: "my-cluster".into(),
        service: "my-app-service".into(),
        task_definition: Some("my-app-task:4".into()),
        ..Default::default()
    };
    services::update(&clients, &update).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let s = services::describe(&clients, "my-cluster", "my-app-service").await.unwrap();
        if s.deployments.len() == 1
            && s.deployments[0].rollout_state.as_deref() == Some("COMPLETED")
            && s.task_definition_arn.ends_with(":4")
        {
            break;
        }
        assert!(Instant::now() < deadline, "the rollout completes: {:?}", s.deployments);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    missing_says(&check(&clients, GuideStep::Update, &t).await, "did not watch the rollout");
    t.fewest_healthy_seen = Some(2);
    missing_says(&check(&clients, GuideStep::Update, &t).await, "below the minimum of 3");
    t.fewest_healthy_seen = Some(3);
    let done = check(&clients, GuideStep::Update, &t).await;
    assert!(done.passed, "{:?}", done.missing);

    // What runs now, as the header's meter says: free on the sandbox, with what AWS would
    // charge for the three tasks and the ALB; and a one-off task's estimate before it runs.
    let meter = costs::running(&clients, true).await.unwrap();
    assert!(meter.free && meter.why_free.is_some());
    let tasks_line =
        meter.estimate.lines.iter().find(|l| l.item == "3 Fargate tasks").unwrap_or_else(|| panic!("{:?}", meter.estimate.lines));
    assert!((tasks_line.hourly.unwrap() - (0.75 * 0.04048 + 1.5 * 0.004445)).abs() < 1e-9, "{tasks_line:?}");
    assert!(meter.estimate.lines.iter().any(|l| l.item == "1 load balancers" && l.hourly == Some(0.0225)), "{:?}", meter.estimate.lines);
    let one_off = tasks::NewTasks {
        cluster: "my-cluster".into(),
        task_definition: "my-app-task:4".into(),
        launch_type: Some("FARGATE".into()),
        count: 2,
        network: None,
        overrides: vec![],
        tags: vec![],
        capacity_provider: None,
        placement_strategy: vec![],
        placement_constraints: vec![],
        client_token: "estimate".into(),
    };
    let estimate = costs::run_task_estimate(&clients, &one_off).await.unwrap();
    assert!((estimate.hourly.unwrap() - 2.0 * (0.25 * 0.04048 + 0.5 * 0.004445)).abs() < 1e-9, "{estimate:?}");

    // Clean up: everything the walkthrough made is found, refused without the cluster's
    // name, removed in order, and nothing is left, as the API confirms.
    // A cluster the learner named otherwise through Do it carries the guide's tag: found too.
    let tag = aws_sdk_ecs::types::Tag::builder().key(cleanup::GUIDE_TAG).value("true").build();
    clients.ecs.create_cluster().cluster_name("renamed-cluster").tags(tag).send().await.unwrap();
    clients.ecs.create_cluster().cluster_name("someone-elses").send().await.unwrap();
    let plan = cleanup::plan(&clients, &t).await.unwrap();
    assert!(plan.leftovers.iter().any(|l| l.kind == "Cluster" && l.name == "renamed-cluster"), "{:?}", plan.leftovers);
    assert!(!plan.leftovers.iter().any(|l| l.name == "someone-elses"), "{:?}", plan.leftovers);
    for kind in ["Service", "Load balancer", "Target group", "Cluster", "Task definition revision", "ECR repository", "IAM role"] {
        assert!(plan.leftovers.iter().any(|l| l.kind == kind), "{kind} found: {:?}", plan.leftovers);
    }
    assert!(plan.hourly.unwrap() > 0.0225, "{:?}", plan.hourly);
    let refused = cleanup::run_step(&clients, &plan.steps[0].action, &t.cluster, "my-clustr").await.unwrap_err();
    assert_eq!(refused.code(), "ConfirmationMismatch", "{refused}");
    for step in &plan.steps {
        cleanup::run_step(&clients, &step.action, &t.cluster, "my-cluster").await.unwrap_or_else(|e| panic!("{}: {e}", step.title));
    }
    let after = cleanup::plan(&clients, &t).await.unwrap();
    assert!(after.leftovers.is_empty(), "{:?}", after.leftovers);
    assert_eq!(after.hourly, Some(0.0));
    let clusters = clients.ecs.describe_clusters().clusters("my-cluster").send().await.unwrap();
    assert!(clusters.clusters().iter().all(|c| c.status() == Some("INACTIVE")), "{:?}", clusters.clusters());
    let others = clients.ecs.describe_clusters().clusters("renamed-cluster").clusters("someone-elses").send().await.unwrap();
    let status = |n: &str| others.clusters().iter().find(|c| c.cluster_name() == Some(n)).and_then(|c| c.status()).map(str::to_string);
    assert_eq!(status("renamed-cluster").as_deref(), Some("INACTIVE"));
    assert_eq!(status("someone-elses").as_deref(), Some("ACTIVE"), "what the guide did not make stays");
    assert!(clients.elb.describe_load_balancers().send().await.unwrap().load_balancers().is_empty());
    assert!(clients.elb.describe_target_groups().send().await.unwrap().target_groups().is_empty());
    assert!(clients.ecr.describe_repositories().send().await.unwrap().repositories().is_empty());
    assert!(clients.iam.get_role().role_name("ecsTaskExecutionRole").send().await.is_err(), "the role Berth made is gone");
    let active = clients
        .ecs
        .list_task_definitions()
        .family_prefix("my-app-task")
        .status(aws_sdk_ecs::types::TaskDefinitionStatus::Active)
        .send()
        .await
        .unwrap();
    assert!(active.task_definition_arns().is_empty(), "{:?}", active.task_definition_arns());
}
