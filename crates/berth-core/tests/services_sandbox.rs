//! Services through berth-core against Berth's own sandbox (the walkthrough's service, load balancer and scaling steps): create
//! behind a new ALB with CPU scaling, reach steady state, roll out a revision, recover from
//! a failed step by retry and by roll back, and list many services the streamed way.

use crate::common;

use std::time::{Duration, Instant};

use berth_core::service_plan::{self, Created, LoadBalancing, NewService, StepKind};
use berth_core::services::{self, DeploymentSettings, ServiceUpdate};
use berth_core::{load_balancers, network, scaling, task_definitions, Clients};
use berth_sandbox::Sandbox;
use serde_json::json;

async fn start(dir: &std::path::Path) -> (Sandbox, Clients) {
    let sandbox = common::sandbox_at(20.0).await;
    let clients = common::sandbox_console(dir, sandbox.url()).clients().await.unwrap();
    // The execution role the revisions name, as ECS needs it to start their tasks.
    berth_core::iam::create_standard_role(&clients, berth_core::iam::RolePurpose::TaskExecution).await.unwrap();
    (sandbox, clients)
}

async fn register(clients: &Clients, image: &str) -> String {
    let td = json!({
        "family": "web", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
        "executionRoleArn": "arn:aws:iam::000000000000:role/ecsTaskExecutionRole",
        "containerDefinitions": [{"name": "web", "image": image, "essential": true, "portMappings": [{"containerPort": 80, "protocol": "tcp"}]}]
    });
    let d = task_definitions::register(clients, &td, false).await.unwrap();
    format!("web:{}", d.task_definition["revision"])
}

async fn new_service(clients: &Clients, name: &str, td: &str) -> NewService {
    common::fargate_service(clients, "demo", name, td, 80, &uuid_like(name)).await
}

fn uuid_like(seed: &str) -> String {
    format!("{seed}-{}", std::process::id())
}

async fn wait_for<F: std::future::Future<Output = bool>>(what: &str, mut check: impl FnMut() -> F) {
    let deadline = Instant::now() + Duration::from_secs(90);
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

#[tokio::test]
async fn a_service_behind_a_new_alb_with_cpu_scaling_reaches_steady_state_and_rolls_out_a_revision() {
    let dir = tempfile::tempdir().unwrap();
    let (_sandbox, clients) = start(dir.path()).await;
    berth_core::clusters::create(
        &clients.ecs,
        &berth_core::clusters::NewCluster { cluster_name: "demo".into(), container_insights: false, tags: vec![] },
    )
    .await
    .unwrap();
    let v1 = register(&clients, "nginx:1.27").await;
    let input = new_service(&clients, "web", &v1).await;

    // Every rule is checked before AWS sees anything; each names its field.
    let mut bad = input.clone();
    bad.desired_count = 9;
    assert_eq!(service_plan::plan(&clients, &bad).await.unwrap_err().field(), Some("desiredCount"));
    let mut bad = input.clone();
    if let Some(LoadBalancing::New { container_port, .. }) = &mut bad.load_balancing {
        *container_port = 8080;
    }
    let err = service_plan::plan(&clients, &bad).await.unwrap_err();
    assert_eq!(err.field(), Some("loadBalancing.containerPort"), "{err}");

    let steps = service_plan::plan(&clients, &input).await.unwrap();
    let kinds: Vec<StepKind> = steps.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            StepKind::CreateLoadBalancer,
            StepKind::CreateTargetGroup,
            StepKind::CreateListener,
            StepKind::CreateService,
            StepKind::RegisterScalableTarget,
            StepKind::PutScalingPolicy
        ]
    );
    assert!(steps[0].cli.starts_with("LB_ARN=$(aws elbv2 create-load-balancer --name web-alb"), "{}", steps[0].cli);
    assert!(steps[3].cli.contains("--load-balancers targetGroupArn=\"$TG_ARN\",containerName=web,containerPort=80"), "{}", steps[3].cli);

    let outcome = service_plan::execute(&clients, &input, Created::default()).await.unwrap();
    assert!(outcome.failed.is_none(), "{:?}", outcome.failed);
    assert_eq!(outcome.done.len(), 6);
    let created = outcome.created.clone();
    assert!(created.load_balancer_dns.is_some());

    // Running the plan again (a retried click) makes nothing twice.
    let again = service_plan::execute(&clients, &input, created.clone()).await.unwrap();
    assert!(again.failed.is_none());
    assert_eq!(load_balancers::load_balancers(&clients).await.unwrap().len(), 1);

    wait_for("3 running tasks and healthy targets", || async {
        let s = services::describe(&clients, "demo", "web").await.unwrap();
        let healthy = load_balancers::target_health(&clients, created.target_group_arn.as_deref().unwrap())
            .await
            .unwrap()
            .iter()
            .filter(|t| t.state == "healthy")
            .count();
        s.running_count == 3 && s.deployments.len() == 1 && s.deployments[0].rollout_state.as_deref() == Some("COMPLETED") && healthy == 3
    })
    .await;
    let scaling = scaling::describe(&clients, "demo", "web").await.unwrap().expect("auto scaling");
    assert_eq!((scaling.min_capacity, scaling.max_capacity), (Some(1), Some(6)));
    assert_eq!(scaling.policies[0].metric.as_deref(), Some("ECSServiceAverageCPUUtilization"));
    assert!(scaling::scaled_services(&clients).await.unwrap().contains(&"service/demo/web".to_string()));

    // Roll out a new revision: the diff names it, then two deployments until COMPLETED.
    let v2 = register(&clients, "nginx:1.28").await;
    let current = services::describe(&clients, "demo", "web").await.unwrap();
    let update = ServiceUpdate { cluster: "demo".into(), service: "web".into(), task_definition: Some(v2.clone()), ..Default::default() };
    let changes = update.changes(&current);
    assert_eq!(changes.len(), 1);
    assert_eq!((changes[0].before.as_str(), changes[0].after.as_str()), (v1.as_str(), v2.as_str()));
    let updated = services::update(&clients, &update).await.unwrap();
    assert_eq!(updated.task_definition, v2);
    assert_eq!(updated.deployments.len(), 2);
    assert_eq!(updated.deployments[0].rollout_state.as_deref(), Some("IN_PROGRESS"));
    wait_for("the new revision to complete", || async {
        let s = services::describe(&clients, "demo", "web").await.unwrap();
        s.deployments.len() == 1 && s.deployments[0].task_definition == v2 && s.deployments[0].rollout_state.as_deref() == Some("COMPLETED")
    })
    .await;
    let events = services::describe(&clients, "demo", "web").await.unwrap().events;
    assert!(events.iter().any(|e| e.message.contains("has reached a steady state")), "{events:?}");

    // Delete: ECS refuses while tasks are wanted, unless scaled to 0 or forced.
    let err = services::delete(&clients, "demo", "web", false).await.unwrap_err();
    assert_eq!(err.code(), "InvalidParameterException", "{err}");
    services::update(
        &clients,
        &ServiceUpdate { cluster: "demo".into(), service: "web".into(), desired_count: Some(0), ..Default::default() },
    )
    .await
    .unwrap();
    let deleted = services::delete(&clients, "demo", "web", false).await.unwrap();
    assert_eq!(deleted.status, "DRAINING");
}

#[tokio::test]
async fn a_failed_step_is_reported_with_what_exists_then_retried_or_rolled_back() {
    let dir = tempfile::tempdir().unwrap();
    let (sandbox, clients) = start(dir.path()).await;
    berth_core::clusters::create(
        &clients.ecs,
        &berth_core::clusters::NewCluster { cluster_name: "demo".into(), container_insights: false, tags: vec![] },
    )
    .await
    .unwrap();
    let td = register(&clients, "nginx:1.27").await;

    // Application Auto Scaling fails: everything before it exists and the report says so.
    berth_core::sandbox::set_faults(&sandbox.url(), "us-east-1", "application-autoscaling", 0, 100.0).await.unwrap();
    let input = new_service(&clients, "api", &td).await;
    let outcome = service_plan::execute(&clients, &input, Created::default()).await.unwrap();
    let failed = outcome.failed.clone().expect("a failed step");
    assert_eq!((failed.index, failed.kind), (4, StepKind::RegisterScalableTarget));
    assert_eq!(
        outcome.done,
        [StepKind::CreateLoadBalancer, StepKind::CreateTargetGroup, StepKind::CreateListener, StepKind::CreateService]
    );
    assert!(outcome.created.service_arn.is_some() && !outcome.created.scalable_target);

    // Retry from the failed step once the fault is gone: nothing is made twice.
    berth_core::sandbox::set_faults(&sandbox.url(), "us-east-1", "application-autoscaling", 0, 0.0).await.unwrap();
    let retried = service_plan::execute(&clients, &input, outcome.created.clone()).await.unwrap();
    assert!(retried.failed.is_none(), "{:?}", retried.failed);
    assert_eq!(retried.done.len(), 6);
    assert_eq!(load_balancers::load_balancers(&clients).await.unwrap().len(), 1);
    let listed = {
        let mut all = vec![];
        services::list(&clients, "demo", |b| all.extend(b)).await.unwrap();
        all
    };
    assert_eq!(listed.len(), 1);

    // Another service fails at the same step and is rolled back: nothing is left over.
    berth_core::sandbox::set_faults(&sandbox.url(), "us-east-1", "application-autoscaling", 0, 100.0).await.unwrap();
    let other = new_service(&clients, "worker", &td).await;
    let outcome = service_plan::execute(&clients, &other, Created::default()).await.unwrap();
    assert!(outcome.failed.is_some());
    let report = service_plan::roll_back(&clients, &other, &outcome.created).await;
    assert!(report.iter().all(|u| u.ok), "{report:?}");
    assert_eq!(report.len(), 4, "{report:?}");
    let names: Vec<String> = load_balancers::load_balancers(&clients).await.unwrap().into_iter().map(|l| l.load_balancer_name).collect();
    assert_eq!(names, ["api-alb"]);
    assert!(load_balancers::target_groups(&clients, None).await.unwrap().iter().all(|t| t.target_group_name != "worker-tg"));
    let worker = services::describe(&clients, "demo", "worker").await.unwrap();
    assert_ne!(worker.status, "ACTIVE");
}

#[tokio::test]
async fn services_stream_in_batches_of_ten_as_pages_arrive() {
    let dir = tempfile::tempdir().unwrap();
    let (_sandbox, clients) = start(dir.path()).await;
    berth_core::clusters::create(
        &clients.ecs,
        &berth_core::clusters::NewCluster { cluster_name: "demo".into(), container_insights: false, tags: vec![] },
    )
    .await
    .unwrap();
    let td = register(&clients, "nginx:1.27").await;
    let subnet = network::subnets(&clients, &network::vpcs(&clients).await.unwrap()[0].vpc_id).await.unwrap()[0].subnet_id.clone();
    for i in 0..125 {
        clients
            .ecs
            .create_service()
            .cluster("demo")
            .service_name(format!("svc-{i:03}"))
            .task_definition(&td)
            .desired_count(0)
            .launch_type(aws_sdk_ecs::types::LaunchType::Fargate)
            .network_configuration(
                aws_sdk_ecs::types::NetworkConfiguration::builder()
                    .awsvpc_configuration(aws_sdk_ecs::types::AwsVpcConfiguration::builder().subnets(&subnet).build().unwrap())
                    .build(),
            )
            .send()
            .await
            .unwrap();
    }
    let mut batches = vec![];
    let stats = services::list(&clients, "demo", |b| batches.push(b.len())).await.unwrap();
    assert_eq!(stats.items, 125);
    assert_eq!(stats.list_calls, 2);
    assert_eq!(stats.describe_calls, 13);
    assert!(batches.iter().all(|&n| n <= 10) && batches.len() == 13, "{batches:?}");
    let _ = DeploymentSettings::default();
}

#[tokio::test]
async fn a_service_on_a_capacity_provider_strategy() {
    let dir = tempfile::tempdir().unwrap();
    let (_sandbox, clients) = start(dir.path()).await;
    clients
        .ecs
        .create_cluster()
        .cluster_name("demo")
        .capacity_providers("FARGATE")
        .capacity_providers("FARGATE_SPOT")
        .send()
        .await
        .unwrap();
    let td = register(&clients, "nginx:1.27").await;
    let mut input = new_service(&clients, "batch", &td).await;
    input.launch_type = None;
    input.load_balancing = None;
    input.health_check_grace_period_seconds = None;
    input.auto_scaling = None;
    input.capacity_provider_strategy = vec![
        services::CapacityProviderItem { capacity_provider: "FARGATE".into(), weight: 1, base: 1 },
        services::CapacityProviderItem { capacity_provider: "FARGATE_SPOT".into(), weight: 3, base: 0 },
    ];
    // Two bases in one strategy: named before AWS sees it.
    let mut bad = input.clone();
    bad.capacity_provider_strategy[1].base = 1;
    assert_eq!(service_plan::plan(&clients, &bad).await.unwrap_err().field(), Some("capacityProviderStrategy"));

    let steps = service_plan::plan(&clients, &input).await.unwrap();
    assert_eq!(steps.len(), 1);
    assert!(
        steps[0].cli.contains(
            "--capacity-provider-strategy capacityProvider=FARGATE,weight=1,base=1 capacityProvider=FARGATE_SPOT,weight=3,base=0"
        ),
        "{}",
        steps[0].cli
    );
    let outcome = service_plan::execute(&clients, &input, Created::default()).await.unwrap();
    assert!(outcome.failed.is_none(), "{:?}", outcome.failed);
    let service = services::describe(&clients, "demo", "batch").await.unwrap();
    assert_eq!(service.capacity_provider_strategy.len(), 2);
    assert_eq!(service.launch_type, None);
}

/// A proxy in front of the sandbox that lets every request through but throws away the
/// answer to the first `drops(operation)` calls of each operation, closing the connection
/// instead: AWS carried the call out and the caller never heard.
struct DroppingProxy {
    url: String,
    dropped: std::sync::Arc<std::sync::Mutex<std::collections::BTreeMap<String, usize>>>,
}

async fn dropping_proxy(upstream: std::net::SocketAddr, drops: fn(&str) -> usize) -> DroppingProxy {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let dropped = std::sync::Arc::new(std::sync::Mutex::new(std::collections::BTreeMap::<String, usize>::new()));
    let seen = dropped.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut client, _)) = listener.accept().await else { return };
            let seen = seen.clone();
            tokio::spawn(async move {
                // One message with its Content-Length body from `stream`, or None at its end.
                async fn message(stream: &mut tokio::net::TcpStream) -> Option<Vec<u8>> {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 16384];
                    loop {
                        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4) {
                            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                            let length: usize = head
                                .lines()
                                .find_map(|l| l.strip_prefix("content-length:"))
                                .and_then(|v| v.trim().parse().ok())
                                .unwrap_or(0);
                            if buf.len() >= end + length {
                                return Some(buf);
                            }
                        }
                        let n = stream.read(&mut chunk).await.ok()?;
                        if n == 0 {
                            return None;
                        }
                        buf.extend_from_slice(&chunk[..n]);
                    }
                }
                while let Some(request) = message(&mut client).await {
                    let text = String::from_utf8_lossy(&request).to_string();
                    let operation = text
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .starts_with("x-amz-target:")
                                .then(|| l.rsplit('.').next().unwrap_or_default().trim().to_string())
                        })
                        .or_else(|| text.split("Action=").nth(1).map(|a| a.split('&').next().unwrap_or_default().to_string()))
                        .unwrap_or_default();
                    let Ok(mut up) = tokio::net::TcpStream::connect(upstream).await else { return };
                    if up.write_all(&request).await.is_err() {
                        return;
                    }
                    let Some(response) = message(&mut up).await else { return };
                    let drop_it = {
                        let mut seen = seen.lock().unwrap();
                        let n = seen.entry(operation.clone()).or_default();
                        let drop_it = *n < drops(&operation);
                        if drop_it {
                            *n += 1;
                        }
                        drop_it
                    };
                    if drop_it {
                        return; // the call was carried out; its answer is lost with the connection
                    }
                    if client.write_all(&response).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    DroppingProxy { url, dropped }
}

/// What the plan made, counted through the sandbox directly.
async fn counts(clients: &Clients, input: &NewService) -> (usize, usize, usize, bool, bool) {
    let lbs: Vec<_> = load_balancers::load_balancers(clients)
        .await
        .unwrap()
        .into_iter()
        .filter(|l| l.load_balancer_name == format!("{}-alb", input.service_name))
        .collect();
    let tgs = load_balancers::target_groups(clients, None)
        .await
        .unwrap()
        .into_iter()
        .filter(|t| t.target_group_name == format!("{}-tg", input.service_name))
        .count();
    let listeners = match lbs.first() {
        Some(lb) => clients.elb.describe_listeners().load_balancer_arn(&lb.load_balancer_arn).send().await.unwrap().listeners().len(),
        None => 0,
    };
    let active = services::describe(clients, &input.cluster, &input.service_name).await.is_ok_and(|s| s.status == "ACTIVE");
    let scaled = scaling::describe(clients, &input.cluster, &input.service_name).await.unwrap().is_some();
    (lbs.len(), tgs, listeners, active, scaled)
}

const MUTATING: &[&str] =
    &["CreateLoadBalancer", "CreateTargetGroup", "CreateListener", "CreateService", "RegisterScalableTarget", "PutScalingPolicy"];

/// Every create in the plan loses its first answer: the plan still comes out with one of
/// each resource (retries land on the same outcome), and Roll back leaves nothing.
#[tokio::test]
async fn lost_answers_leave_one_of_each_and_roll_back_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (sandbox, direct) = start(dir.path()).await;
    berth_core::clusters::create(
        &direct.ecs,
        &berth_core::clusters::NewCluster { cluster_name: "demo".into(), container_insights: false, tags: vec![] },
    )
    .await
    .unwrap();
    let td = register(&direct, "nginx:1.27").await;
    let proxy = dropping_proxy(sandbox.addr, |op| usize::from(MUTATING.contains(&op))).await;
    let through = common::sandbox_console(&dir.path().join("proxied"), proxy.url.clone()).clients().await.unwrap();
    let input = new_service(&direct, "lossy", &td).await;
    let mut created = Created::default();
    let mut tries = 0;
    loop {
        tries += 1;
        let outcome = service_plan::execute(&through, &input, created.clone()).await.unwrap();
        created = outcome.created;
        if outcome.failed.is_none() {
            break;
        }
        assert!(tries < 8, "the plan never recovered: {:?}", outcome.failed);
    }
    let dropped = proxy.dropped.lock().unwrap().clone();
    for op in MUTATING {
        assert_eq!(dropped.get(*op), Some(&1), "{op}'s first answer was dropped: {dropped:?}");
    }
    assert_eq!(counts(&direct, &input).await, (1, 1, 1, true, true), "one of each after {tries} run(s) of the plan");
    let report = service_plan::roll_back(&through, &input, &created).await;
    assert!(report.iter().all(|u| u.ok), "{report:?}");
    assert_eq!(counts(&direct, &input).await, (0, 0, 0, false, false), "nothing left after roll back: {report:?}");
}

/// CreateService's answer never arrives, however often it is retried: the plan reports the
/// step failed, and Roll back still finds the service (by name and the plan's tag) and
/// removes it with everything else.
#[tokio::test]
async fn roll_back_removes_what_was_created_without_an_answer() {
    let dir = tempfile::tempdir().unwrap();
    let (sandbox, direct) = start(dir.path()).await;
    berth_core::clusters::create(
        &direct.ecs,
        &berth_core::clusters::NewCluster { cluster_name: "demo".into(), container_insights: false, tags: vec![] },
    )
    .await
    .unwrap();
    let td = register(&direct, "nginx:1.27").await;
    let proxy = dropping_proxy(sandbox.addr, |op| if op == "CreateService" { usize::MAX } else { 0 }).await;
    let through = common::sandbox_console(&dir.path().join("proxied"), proxy.url.clone()).clients().await.unwrap();
    let input = new_service(&direct, "unheard", &td).await;
    let outcome = service_plan::execute(&through, &input, Created::default()).await.unwrap();
    let failed = outcome.failed.clone().expect("CreateService never answered");
    assert_eq!(failed.kind, StepKind::CreateService);
    assert!(outcome.created.service_arn.is_none());
    assert_eq!(counts(&direct, &input).await, (1, 1, 1, true, false), "the service exists though its answer never came");
    let report = service_plan::roll_back(&through, &input, &outcome.created).await;
    assert!(report.iter().all(|u| u.ok), "{report:?}");
    assert!(report.iter().any(|u| u.what.starts_with("service ")), "the unheard service is rolled back: {report:?}");
    assert_eq!(counts(&direct, &input).await, (0, 0, 0, false, false), "nothing left: {report:?}");
}
