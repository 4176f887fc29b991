//! Scenario tests of the living sandbox, through the official Rust SDKs, each asserting
//! on what ECS would show. The sandbox runs 30–120× faster than real time here, so a
//! rolling deployment that takes minutes in AWS takes seconds.

use crate::common;

use std::future::Future;
use std::time::{Duration, Instant};

use aws_sdk_ecs::types as ecs_t;
use common::{raw, sandbox_at};

const REGION_AUTH: &str = "AWS4-HMAC-SHA256 Credential=AKIDSANDBOX/20261124/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0";

/// Polls `check` every 50 ms (wall) until it gives a value, failing after `secs`.
async fn until<T, F, Fut>(what: &str, secs: u64, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A sandbox-only control operation (plain HTTP: no SDK knows them).
async fn control(addr: &str, operation: &str, body: serde_json::Value) -> serde_json::Value {
    let (addr, operation) = (addr.to_string(), operation.to_string());
    tokio::task::spawn_blocking(move || {
        let target = format!("BerthSandbox.{operation}");
        let (status, text) = raw(
            &addr,
            "/",
            &[("X-Amz-Target", &target), ("Content-Type", "application/x-amz-json-1.1"), ("Authorization", REGION_AUTH)],
            body.to_string().as_bytes(),
        )
        .unwrap();
        assert_eq!(status, 200, "{operation}: {text}");
        serde_json::from_str(&text).unwrap()
    })
    .await
    .unwrap()
}

struct World {
    ecs: aws_sdk_ecs::Client,
    network: ecs_t::NetworkConfiguration,
    config: aws_config::SdkConfig,
}

fn container(image: &str) -> ecs_t::ContainerDefinition {
    ecs_t::ContainerDefinition::builder()
        .name("web")
        .image(image)
        .essential(true)
        .port_mappings(ecs_t::PortMapping::builder().container_port(80).build())
        .log_configuration(
            ecs_t::LogConfiguration::builder()
                .log_driver(ecs_t::LogDriver::Awslogs)
                .options("awslogs-group", "/ecs/web")
                .options("awslogs-region", "us-east-1")
                .options("awslogs-stream-prefix", "ecs")
                .options("awslogs-create-group", "true")
                .build()
                .unwrap(),
        )
        .build()
}

async fn register(ecs: &aws_sdk_ecs::Client, image: &str) -> String {
    let td = ecs
        .register_task_definition()
        .family("web")
        .execution_role_arn("arn:aws:iam::000000000000:role/ecsTaskExecutionRole")
        .requires_compatibilities(ecs_t::Compatibility::Fargate)
        .network_mode(ecs_t::NetworkMode::Awsvpc)
        .cpu("256")
        .memory("512")
        .container_definitions(container(image))
        .send()
        .await
        .unwrap();
    td.task_definition().unwrap().task_definition_arn().unwrap().to_string()
}

/// A revision whose container health check never passes (the tag `unhealthy`): without a
/// circuit breaker its rollout replaces failing tasks and never completes.
async fn register_unhealthy(ecs: &aws_sdk_ecs::Client) -> String {
    let check = ecs_t::HealthCheck::builder()
        .command("CMD-SHELL")
        .command("curl -f http://localhost/ || exit 1")
        .interval(10)
        .retries(3)
        .start_period(10)
        .build()
        .unwrap();
    let mut web = container("nginx:unhealthy");
    web.health_check = Some(check);
    let td = ecs
        .register_task_definition()
        .family("web")
        .execution_role_arn("arn:aws:iam::000000000000:role/ecsTaskExecutionRole")
        .requires_compatibilities(ecs_t::Compatibility::Fargate)
        .network_mode(ecs_t::NetworkMode::Awsvpc)
        .cpu("256")
        .memory("512")
        .container_definitions(web)
        .send()
        .await
        .unwrap();
    td.task_definition().unwrap().task_definition_arn().unwrap().to_string()
}

/// An IP target group on port 80 whose health checks run every 5 s, healthy after 2.
async fn ip_target_group(elb: &aws_sdk_elasticloadbalancingv2::Client, vpc: &str, name: &str) -> String {
    use aws_sdk_elasticloadbalancingv2::types::{ProtocolEnum, TargetTypeEnum};
    elb.create_target_group()
        .name(name)
        .protocol(ProtocolEnum::Http)
        .port(80)
        .vpc_id(vpc)
        .target_type(TargetTypeEnum::Ip)
        .health_check_interval_seconds(5)
        .health_check_timeout_seconds(2)
        .healthy_threshold_count(2)
        .send()
        .await
        .unwrap()
        .target_groups()[0]
        .target_group_arn()
        .unwrap()
        .to_string()
}

/// An internet-facing ALB over the default subnets with an IP target group (health checks
/// every 5 s, healthy after 2) behind an HTTP:80 listener: (load balancer ARN, target group ARN).
async fn load_balanced(w: &World) -> (String, String) {
    use aws_sdk_elasticloadbalancingv2::types::{Action, ActionTypeEnum, ProtocolEnum};
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(&w.config);
    let ec2 = aws_sdk_ec2::Client::new(&w.config);
    let subnets: Vec<String> =
        ec2.describe_subnets().send().await.unwrap().subnets().iter().filter_map(|s| s.subnet_id().map(String::from)).collect();
    let vpc = ec2.describe_vpcs().send().await.unwrap().vpcs()[0].vpc_id().unwrap().to_string();
    let lb = elb.create_load_balancer().name("web-alb").set_subnets(Some(subnets)).send().await.unwrap().load_balancers()[0]
        .load_balancer_arn()
        .unwrap()
        .to_string();
    let tg = ip_target_group(&elb, &vpc, "web-tg").await;
    elb.create_listener()
        .load_balancer_arn(&lb)
        .protocol(ProtocolEnum::Http)
        .port(80)
        .default_actions(Action::builder().r#type(ActionTypeEnum::Forward).target_group_arn(&tg).build())
        .send()
        .await
        .unwrap();

    (lb, tg)
}

async fn world(config: aws_config::SdkConfig) -> World {
    // The execution role `register` names: ECS tasks must be able to assume it, and it
    // must let them write awslogs, or they fail as they pull.
    let iam = aws_sdk_iam::Client::new(&config);
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    iam.create_role().role_name("ecsTaskExecutionRole").assume_role_policy_document(trust).send().await.unwrap();
    iam.attach_role_policy()
        .role_name("ecsTaskExecutionRole")
        .policy_arn("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")
        .send()
        .await
        .unwrap();
    let ecs = aws_sdk_ecs::Client::new(&config);
    ecs.create_cluster().cluster_name("sim").send().await.unwrap();
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let subnets: Vec<String> =
        ec2.describe_subnets().send().await.unwrap().subnets().iter().filter_map(|s| s.subnet_id().map(String::from)).collect();
    let network = ecs_t::NetworkConfiguration::builder()
        .awsvpc_configuration(ecs_t::AwsVpcConfiguration::builder().set_subnets(Some(subnets)).build().unwrap())
        .build();
    World { ecs, network, config }
}

async fn describe(ecs: &aws_sdk_ecs::Client, cluster: &str, name: &str) -> ecs_t::Service {
    ecs.describe_services().cluster(cluster).services(name).send().await.unwrap().services()[0].clone()
}

fn events(s: &ecs_t::Service) -> Vec<String> {
    s.events().iter().filter_map(|e| e.message().map(String::from)).collect()
}

/// `sim/web`: `count` Fargate tasks of `td` in the world's network, no load balancer.
async fn plain_service(w: &World, td: &str, count: i32) {
    w.ecs
        .create_service()
        .cluster("sim")
        .service_name("web")
        .task_definition(td)
        .desired_count(count)
        .launch_type(ecs_t::LaunchType::Fargate)
        .network_configuration(w.network.clone())
        .send()
        .await
        .unwrap();
}

async fn steady(ecs: &aws_sdk_ecs::Client, cluster: &str, name: &str, secs: u64) -> ecs_t::Service {
    until("steady state", secs, || async {
        let s = describe(ecs, cluster, name).await;
        let done = s.deployments().len() == 1 && s.deployments()[0].rollout_state() == Some(&ecs_t::DeploymentRolloutState::Completed);
        (done && events(&s).iter().any(|e| e.ends_with("has reached a steady state."))).then_some(s)
    })
    .await
}

#[tokio::test]
async fn a_service_reaches_steady_state_replaces_a_stopped_task_and_logs() {
    let (_s, config) = sandbox_at(40.0).await;
    let w = world(config).await;
    let td = register(&w.ecs, "nginx:1").await;
    plain_service(&w, &td, 3).await;

    let s = steady(&w.ecs, "sim", "web", 30).await;
    assert_eq!((s.running_count(), s.pending_count(), s.desired_count()), (3, 0, 3));
    let all = events(&s);
    assert!(all.iter().any(|e| e.starts_with("(service web) has started 3 tasks: (task ")), "{all:?}");
    assert!(all[0].ends_with("has reached a steady state."), "newest first: {all:?}");

    let arns = w.ecs.list_tasks().cluster("sim").service_name("web").send().await.unwrap().task_arns().to_vec();
    assert_eq!(arns.len(), 3);
    let tasks = w.ecs.describe_tasks().cluster("sim").set_tasks(Some(arns.clone())).send().await.unwrap();
    for t in tasks.tasks() {
        assert_eq!(t.last_status(), Some("RUNNING"));
        assert_eq!(t.group(), Some("service:web"));
        assert!(t.started_by().unwrap().starts_with("ecs-svc/"));
        assert_eq!(t.containers()[0].last_status(), Some("RUNNING"));
        assert!(t.attachments()[0].details().iter().any(|d| d.name() == Some("privateIPv4Address")));
    }

    // Every running task writes to prefix/container/task-id.
    let logs = aws_sdk_cloudwatchlogs::Client::new(&w.config);
    for arn in &arns {
        let id = arn.rsplit('/').next().unwrap();
        let got = logs
            .get_log_events()
            .log_group_name("/ecs/web")
            .log_stream_name(format!("ecs/web/{id}"))
            .start_from_head(true)
            .send()
            .await
            .unwrap();
        let lines: Vec<&str> = got.events().iter().filter_map(|e| e.message()).collect();
        assert!(lines.iter().any(|l| l.contains("listening on 0.0.0.0:80")), "{lines:?}");
    }

    // A stopped task is replaced, and the stopped one goes down through ECS's states.
    let victim = arns[0].clone();
    let stopped = w.ecs.stop_task().cluster("sim").task(&victim).reason("testing replacement").send().await.unwrap();
    assert_eq!(stopped.task().unwrap().desired_status(), Some("STOPPED"));
    let mut seen: Vec<String> = vec![];
    let deadline = Instant::now() + Duration::from_secs(30);
    let replaced = loop {
        let t = w.ecs.describe_tasks().cluster("sim").tasks(&victim).send().await.unwrap().tasks()[0].clone();
        let status = t.last_status().unwrap_or_default().to_string();
        if seen.last() != Some(&status) {
            seen.push(status.clone());
        }
        let s = describe(&w.ecs, "sim", "web").await;
        let running = w.ecs.list_tasks().cluster("sim").service_name("web").send().await.unwrap().task_arns().to_vec();
        if status == "STOPPED" && s.running_count() == 3 && !running.contains(&victim) {
            break (t, s);
        }
        assert!(Instant::now() < deadline, "no replacement; states seen {seen:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let (t, s) = replaced;
    assert_eq!(t.stop_code(), Some(&ecs_t::TaskStopCode::UserInitiated));
    assert_eq!(t.stopped_reason(), Some("testing replacement"));
    assert!(t.stopped_at().is_some() && t.stopping_at().is_some());
    assert_eq!(t.containers()[0].exit_code(), Some(0));
    assert!(seen.contains(&"DEPROVISIONING".to_string()) || seen.contains(&"STOPPING".to_string()), "states seen: {seen:?}");
    assert!(events(&s).iter().any(|e| e.starts_with("(service web) has started 1 tasks")), "{:?}", events(&s));
}

#[tokio::test]
async fn a_rolling_update_keeps_the_minimum_healthy_count() {
    let (_s, config) = sandbox_at(40.0).await;
    let w = world(config).await;
    let v1 = register(&w.ecs, "nginx:1").await;
    let deployment = ecs_t::DeploymentConfiguration::builder().minimum_healthy_percent(50).maximum_percent(200).build();
    w.ecs
        .create_service()
        .cluster("sim")
        .service_name("web")
        .task_definition(&v1)
        .desired_count(4)
        .launch_type(ecs_t::LaunchType::Fargate)
        .network_configuration(w.network.clone())
        .deployment_configuration(deployment)
        .send()
        .await
        .unwrap();
    steady(&w.ecs, "sim", "web", 30).await;

    let v2 = register(&w.ecs, "nginx:2").await;
    let updated = w.ecs.update_service().cluster("sim").service("web").task_definition(&v2).send().await.unwrap();
    assert_eq!(updated.service().unwrap().deployments().len(), 2);

    // Sample the service as it rolls: running never below 50% of 4, never above 200%.
    let (mut lowest, mut highest, mut saw_two_deployments) = (i32::MAX, 0, false);
    let deadline = Instant::now() + Duration::from_secs(60);
    let done = loop {
        let s = describe(&w.ecs, "sim", "web").await;
        let running: i32 = s.deployments().iter().map(|d| d.running_count()).sum();
        let pending: i32 = s.deployments().iter().map(|d| d.pending_count()).sum();
        lowest = lowest.min(running);
        highest = highest.max(running + pending);
        saw_two_deployments |= s.deployments().len() == 2;
        let primary = &s.deployments()[0];
        if s.deployments().len() == 1
            && primary.task_definition() == Some(v2.as_str())
            && primary.rollout_state() == Some(&ecs_t::DeploymentRolloutState::Completed)
        {
            break s;
        }
        assert!(Instant::now() < deadline, "the rollout to revision 2 did not finish: {:?}", s.deployments());
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(saw_two_deployments);
    assert!(lowest >= 2, "running fell to {lowest}, below minimumHealthyPercent 50% of 4");
    assert!(highest <= 8, "running+pending reached {highest}, above maximumPercent 200% of 4");
    assert_eq!(done.running_count(), 4);
    let arns = w.ecs.list_tasks().cluster("sim").service_name("web").send().await.unwrap().task_arns().to_vec();
    let tasks = w.ecs.describe_tasks().cluster("sim").set_tasks(Some(arns)).send().await.unwrap();
    assert!(tasks.tasks().iter().all(|t| t.task_definition_arn() == Some(v2.as_str())));
    assert!(events(&done).iter().any(|e| e.contains("deployment completed.")), "{:?}", events(&done));
}

#[tokio::test]
async fn a_crashing_revision_is_rolled_back_by_the_circuit_breaker() {
    let (_s, config) = sandbox_at(40.0).await;
    let w = world(config).await;
    let v1 = register(&w.ecs, "nginx:1").await;
    let breaker = ecs_t::DeploymentCircuitBreaker::builder().enable(true).rollback(true).build();
    let deployment = ecs_t::DeploymentConfiguration::builder()
        .minimum_healthy_percent(100)
        .maximum_percent(200)
        .deployment_circuit_breaker(breaker)
        .build();
    w.ecs
        .create_service()
        .cluster("sim")
        .service_name("web")
        .task_definition(&v1)
        .desired_count(2)
        .launch_type(ecs_t::LaunchType::Fargate)
        .network_configuration(w.network.clone())
        .deployment_configuration(deployment)
        .send()
        .await
        .unwrap();
    steady(&w.ecs, "sim", "web", 30).await;

    // The image tag `crash` makes the container exit with code 1 as it starts.
    let bad = register(&w.ecs, "nginx:crash").await;
    w.ecs.update_service().cluster("sim").service("web").task_definition(&bad).send().await.unwrap();
    let failed = until("the circuit breaker", 60, || async {
        let s = describe(&w.ecs, "sim", "web").await;
        s.deployments().iter().any(|d| d.rollout_state() == Some(&ecs_t::DeploymentRolloutState::Failed)).then_some(s)
    })
    .await;
    let failed_deployment =
        failed.deployments().iter().find(|d| d.rollout_state() == Some(&ecs_t::DeploymentRolloutState::Failed)).unwrap();
    assert!(failed_deployment.failed_tasks() >= 3, "threshold is max(3, half of 2)");
    assert_eq!(failed_deployment.rollout_state_reason(), Some("ECS deployment circuit breaker: tasks failed to start."));
    assert_eq!(failed.task_definition(), Some(v1.as_str()), "rolled back to the last completed revision");

    let back = steady(&w.ecs, "sim", "web", 60).await;
    assert_eq!(back.deployments()[0].task_definition(), Some(v1.as_str()));
    assert_eq!(back.running_count(), 2);
    let all = events(&back);
    assert!(all.iter().any(|e| e.contains("deployment failed: tasks failed to start.")), "{all:?}");

    let stopped =
        w.ecs.list_tasks().cluster("sim").desired_status(ecs_t::DesiredStatus::Stopped).send().await.unwrap().task_arns().to_vec();
    let stopped = w.ecs.describe_tasks().cluster("sim").set_tasks(Some(stopped)).send().await.unwrap();
    let crashed: Vec<_> = stopped.tasks().iter().filter(|t| t.task_definition_arn() == Some(bad.as_str())).collect();
    assert!(crashed.len() >= 3);
    for t in crashed {
        assert_eq!(t.stop_code(), Some(&ecs_t::TaskStopCode::EssentialContainerExited));
        assert_eq!(t.stopped_reason(), Some("Essential container in task exited"));
        assert_eq!(t.containers()[0].exit_code(), Some(1));
    }

    // The service deployments tell the same story: the first succeeded, the second was
    // rolled back by the circuit breaker to the first's revision.
    let history = until("the rollback recorded", 30, || async {
        let list = w.ecs.list_service_deployments().cluster("sim").service("web").send().await.unwrap();
        let briefs = list.service_deployments().to_vec();
        (briefs.len() == 2 && briefs[0].status() == Some(&ecs_t::ServiceDeploymentStatus::RollbackSuccessful)).then_some(briefs)
    })
    .await;
    assert_eq!(history[1].status(), Some(&ecs_t::ServiceDeploymentStatus::Successful));
    let arns: Vec<String> = history.iter().filter_map(|b| b.service_deployment_arn().map(String::from)).collect();
    let described = w.ecs.describe_service_deployments().set_service_deployment_arns(Some(arns)).send().await.unwrap();
    let (bad_rollout, first) = (&described.service_deployments()[0], &described.service_deployments()[1]);
    let breaker = bad_rollout.deployment_circuit_breaker().unwrap();
    assert_eq!(breaker.status(), Some(&ecs_t::ServiceDeploymentRollbackMonitorsStatus::Triggered));
    assert!(breaker.failure_count() >= 3 && breaker.threshold() == 3, "{breaker:?}");
    let rollback = bad_rollout.rollback().unwrap();
    assert_eq!(rollback.reason(), Some("ECS deployment circuit breaker: tasks failed to start."));
    let first_revision = first.target_service_revision().unwrap().arn().unwrap();
    assert_eq!(rollback.service_revision_arn(), Some(first_revision));
    assert_eq!(bad_rollout.source_service_revisions()[0].arn(), Some(first_revision));
    assert!(bad_rollout.finished_at().is_some() && first.finished_at().is_some());
    let revisions = w
        .ecs
        .describe_service_revisions()
        .service_revision_arns(first_revision)
        .service_revision_arns(bad_rollout.target_service_revision().unwrap().arn().unwrap())
        .send()
        .await
        .unwrap();
    let tds: Vec<_> = revisions.service_revisions().iter().map(|r| r.task_definition().unwrap_or_default()).collect();
    assert_eq!(tds, vec![v1.as_str(), bad.as_str()]);
    assert_eq!(revisions.service_revisions()[1].container_images()[0].image(), Some("nginx:crash"));
}

#[tokio::test]
async fn a_rollout_stopped_by_hand_rolls_back_to_the_revision_it_replaced() {
    let (_s, config) = sandbox_at(10.0).await;
    let w = world(config).await;
    let v1 = register(&w.ecs, "nginx:1").await;
    plain_service(&w, &v1, 2).await;
    steady(&w.ecs, "sim", "web", 60).await;
    let first = w.ecs.list_service_deployments().cluster("sim").service("web").send().await.unwrap().service_deployments()[0].clone();
    assert_eq!(first.status(), Some(&ecs_t::ServiceDeploymentStatus::Successful));
    // A finished deployment cannot be stopped.
    let err = w.ecs.stop_service_deployment().service_deployment_arn(first.service_deployment_arn().unwrap()).send().await.unwrap_err();
    assert!(err.into_service_error().is_conflict_exception());

    // Its tasks fail their health checks and are replaced, again and again.
    let v2 = register_unhealthy(&w.ecs).await;
    w.ecs.update_service().cluster("sim").service("web").task_definition(&v2).send().await.unwrap();
    let rollout = w.ecs.list_service_deployments().cluster("sim").service("web").send().await.unwrap().service_deployments()[0].clone();
    assert_eq!(rollout.status(), Some(&ecs_t::ServiceDeploymentStatus::InProgress));
    let arn = rollout.service_deployment_arn().unwrap();
    assert!(arn.contains(":service-deployment/sim/web/"), "{arn}");
    let stopped = w
        .ecs
        .stop_service_deployment()
        .service_deployment_arn(arn)
        .stop_type(ecs_t::StopServiceDeploymentStopType::Rollback)
        .send()
        .await
        .unwrap();
    assert_eq!(stopped.service_deployment_arn(), Some(arn));
    let now = w.ecs.describe_service_deployments().service_deployment_arns(arn).send().await.unwrap().service_deployments()[0].clone();
    assert!(
        matches!(
            now.status(),
            Some(ecs_t::ServiceDeploymentStatus::RollbackRequested | ecs_t::ServiceDeploymentStatus::RollbackInProgress)
        ),
        "{:?}",
        now.status()
    );
    // Stopping again while it rolls back is accepted and changes nothing.
    w.ecs.stop_service_deployment().service_deployment_arn(arn).send().await.unwrap();

    let back = steady(&w.ecs, "sim", "web", 60).await;
    assert_eq!(back.task_definition(), Some(v1.as_str()));
    assert_eq!(back.deployments()[0].task_definition(), Some(v1.as_str()));
    let done = until("the rollback to finish", 30, || async {
        let d = w.ecs.describe_service_deployments().service_deployment_arns(arn).send().await.unwrap().service_deployments()[0].clone();
        (d.status() == Some(&ecs_t::ServiceDeploymentStatus::RollbackSuccessful)).then_some(d)
    })
    .await;
    let first_revision = first.target_service_revision_arn().unwrap();
    assert_eq!(done.rollback().unwrap().service_revision_arn(), Some(first_revision));
    assert_eq!(done.target_service_revision().unwrap().arn(), rollout.target_service_revision_arn());
    let arns = w.ecs.list_tasks().cluster("sim").service_name("web").send().await.unwrap().task_arns().to_vec();
    let tasks = w.ecs.describe_tasks().cluster("sim").set_tasks(Some(arns)).send().await.unwrap();
    assert!(tasks.tasks().iter().all(|t| t.task_definition_arn() == Some(v1.as_str())));

    // Filters and paging: newest first, two a page of one.
    let page = w.ecs.list_service_deployments().cluster("sim").service("web").max_results(1).send().await.unwrap();
    assert_eq!(page.service_deployments()[0].service_deployment_arn(), Some(arn));
    let rest = w
        .ecs
        .list_service_deployments()
        .cluster("sim")
        .service("web")
        .max_results(1)
        .next_token(page.next_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.service_deployments()[0].service_deployment_arn(), first.service_deployment_arn());
    assert!(rest.next_token().is_none());
    let ok = w
        .ecs
        .list_service_deployments()
        .cluster("sim")
        .service("web")
        .status(ecs_t::ServiceDeploymentStatus::Successful)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.service_deployments().len(), 1);
    let missing = w.ecs.describe_service_revisions().service_revision_arns(format!("{first_revision}9")).send().await.unwrap();
    assert_eq!(missing.failures()[0].reason(), Some("MISSING"));

    // Deleting the service deletes its deployments.
    w.ecs.delete_service().cluster("sim").service("web").force(true).send().await.unwrap();
    let gone = w.ecs.describe_service_deployments().service_deployment_arns(arn).send().await.unwrap();
    assert!(gone.service_deployments().is_empty());
}

#[tokio::test]
async fn exhausted_ec2_capacity_fails_placement_with_an_event() {
    let (_s, config) = sandbox_at(40.0).await;
    let ecs = aws_sdk_ecs::Client::new(&config);
    ecs.create_cluster().cluster_name("ec2").send().await.unwrap();
    let doc = r#"{"instanceId":"i-0abc","instanceType":"t3.small","availabilityZone":"us-east-1a"}"#;
    let ci = ecs.register_container_instance().cluster("ec2").instance_identity_document(doc).send().await.unwrap();
    let ci_id = ci.container_instance().unwrap().container_instance_arn().unwrap().rsplit('/').next().unwrap().to_string();
    ecs.register_task_definition()
        .family("big")
        .requires_compatibilities(ecs_t::Compatibility::Ec2)
        .container_definitions(ecs_t::ContainerDefinition::builder().name("app").image("nginx").memory(1500).cpu(512).build())
        .send()
        .await
        .unwrap();
    ecs.create_service()
        .cluster("ec2")
        .service_name("big")
        .task_definition("big")
        .desired_count(2)
        .launch_type(ecs_t::LaunchType::Ec2)
        .send()
        .await
        .unwrap();
    let s = until("the placement failure event", 30, || async {
        let s = describe(&ecs, "ec2", "big").await;
        (s.running_count() == 1 && events(&s).iter().any(|e| e.contains("was unable to place a task"))).then_some(s)
    })
    .await;
    let event = events(&s).into_iter().find(|e| e.contains("unable to place")).unwrap();
    assert_eq!(
        event,
        format!("(service big) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance {ci_id}) has insufficient memory available. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.")
    );
    assert_eq!(s.desired_count(), 2);
}

#[tokio::test]
async fn traffic_drives_cpu_and_target_tracking_scales_out() {
    let (sandbox, config) = sandbox_at(120.0).await;
    let w = world(config).await;
    let td = register(&w.ecs, "nginx:1").await;
    plain_service(&w, &td, 1).await;
    let scaling = aws_sdk_applicationautoscaling::Client::new(&w.config);
    use aws_sdk_applicationautoscaling::types::{
        MetricType, PolicyType, PredefinedMetricSpecification, ScalableDimension, ServiceNamespace,
        TargetTrackingScalingPolicyConfiguration,
    };
    scaling
        .register_scalable_target()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id("service/sim/web")
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .min_capacity(1)
        .max_capacity(6)
        .send()
        .await
        .unwrap();
    scaling
        .put_scaling_policy()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id("service/sim/web")
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .policy_name("cpu50")
        .policy_type(PolicyType::TargetTrackingScaling)
        .target_tracking_scaling_policy_configuration(
            TargetTrackingScalingPolicyConfiguration::builder()
                .target_value(50.0)
                .predefined_metric_specification(
                    PredefinedMetricSpecification::builder()
                        .predefined_metric_type(MetricType::EcsServiceAverageCpuUtilization)
                        .build()
                        .unwrap(),
                )
                .scale_out_cooldown(60)
                .scale_in_cooldown(300)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    steady(&w.ecs, "sim", "web", 30).await;

    // 0.25 vCPU serves about 62 requests a second: 90 a second overloads one task.
    let addr = sandbox.addr.to_string();
    control(&addr, "SetTraffic", serde_json::json!({"cluster": "sim", "service": "web", "requestsPerSecond": 90})).await;
    let described = control(&addr, "DescribeSimulation", serde_json::json!({})).await;
    assert_eq!(described["services"][0]["requestsPerSecond"], 90.0);

    let cw = aws_sdk_cloudwatch::Client::new(&w.config);
    let cpu_series = || {
        let cw = cw.clone();
        async move {
            use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat};
            let metric = Metric::builder()
                .namespace("AWS/ECS")
                .metric_name("CPUUtilization")
                .dimensions(Dimension::builder().name("ClusterName").value("sim").build())
                .dimensions(Dimension::builder().name("ServiceName").value("web").build())
                .build();
            let query = MetricDataQuery::builder()
                .id("cpu")
                .metric_stat(MetricStat::builder().metric(metric).period(60).stat("Average").build())
                .build();
            let now = aws_sdk_cloudwatch::primitives::DateTime::from_secs(i64::MAX / 4);
            let out = cw
                .get_metric_data()
                .metric_data_queries(query)
                .start_time(aws_sdk_cloudwatch::primitives::DateTime::from_secs(0))
                .end_time(now)
                .send()
                .await
                .unwrap();
            let r = &out.metric_data_results()[0];
            // Oldest first.
            let mut points: Vec<(i64, f64)> = r.timestamps().iter().map(|t| t.secs()).zip(r.values().iter().copied()).collect();
            points.sort_by_key(|p| p.0);
            points
        }
    };
    let scaled = until("a scale-out", 60, || async {
        let s = describe(&w.ecs, "sim", "web").await;
        (s.desired_count() > 1).then_some(s)
    })
    .await;
    let overloaded = cpu_series().await;
    let peak = overloaded.iter().map(|p| p.1).fold(0.0, f64::max);
    assert!(peak > 90.0, "one task at 90 requests/s runs hot: {overloaded:?}");

    let activities =
        scaling.describe_scaling_activities().service_namespace(ServiceNamespace::Ecs).resource_id("service/sim/web").send().await.unwrap();
    let first = &activities.scaling_activities()[0];
    assert_eq!(first.description(), format!("Setting desired count to {}.", scaled.desired_count()));
    assert!(first.cause().contains("AlarmHigh"), "{:?}", first.cause());

    // More tasks share the traffic: the latest minute's CPU falls below the target band.
    let cooled = until("CPU per task to fall", 90, || async {
        let s = describe(&w.ecs, "sim", "web").await;
        let points = cpu_series().await;
        let last = points.last().map(|p| p.1).unwrap_or(100.0);
        (s.running_count() >= 2 && last < 60.0).then_some((s, last))
    })
    .await;
    assert!(cooled.0.desired_count() >= 2);
    assert!(cooled.1 < peak, "CPU per task {0} fell from {peak}", cooled.1);
}

#[tokio::test]
async fn tasks_behind_a_load_balancer_become_healthy_targets_and_drain() {
    use aws_sdk_elasticloadbalancingv2::types::{TargetGroupAttribute, TargetHealthStateEnum};
    let (sandbox, config) = sandbox_at(40.0).await;
    let w = world(config).await;
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(&w.config);
    let (lb, tg) = load_balanced(&w).await;
    let attrs = elb
        .modify_target_group_attributes()
        .target_group_arn(&tg)
        .attributes(TargetGroupAttribute::builder().key("deregistration_delay.timeout_seconds").value("20").build())
        .send()
        .await
        .unwrap();
    assert!(attrs.attributes().iter().any(|a| a.key() == Some("deregistration_delay.timeout_seconds") && a.value() == Some("20")));
    let td = register(&w.ecs, "nginx:1").await;
    w.ecs
        .create_service()
        .cluster("sim")
        .service_name("web")
        .task_definition(&td)
        .desired_count(2)
        .launch_type(ecs_t::LaunchType::Fargate)
        .network_configuration(w.network.clone())
        .load_balancers(ecs_t::LoadBalancer::builder().target_group_arn(&tg).container_name("web").container_port(80).build())
        .health_check_grace_period_seconds(30)
        .send()
        .await
        .unwrap();
    let s = steady(&w.ecs, "sim", "web", 30).await;
    let all = events(&s);
    assert!(all.iter().any(|e| e.starts_with(&format!("(service web) registered 1 targets in (target-group {tg})"))), "{all:?}");

    let health = elb.describe_target_health().target_group_arn(&tg).send().await.unwrap();
    let targets: Vec<_> = health.target_health_descriptions().iter().collect();
    assert_eq!(targets.len(), 2);
    assert!(targets.iter().all(|t| t.target_health().unwrap().state() == Some(&TargetHealthStateEnum::Healthy)));
    let arns = w.ecs.list_tasks().cluster("sim").service_name("web").send().await.unwrap().task_arns().to_vec();
    let tasks = w.ecs.describe_tasks().cluster("sim").set_tasks(Some(arns.clone())).send().await.unwrap();
    let mut ips: Vec<String> =
        tasks.tasks().iter().map(|t| t.containers()[0].network_interfaces()[0].private_ipv4_address().unwrap().to_string()).collect();
    let mut target_ids: Vec<String> = targets.iter().map(|t| t.target().unwrap().id().unwrap().to_string()).collect();
    ips.sort();
    target_ids.sort();
    assert_eq!(ips, target_ids, "targets are the tasks' own addresses");

    // Traffic reaches CloudWatch as the load balancer's figures, a minute at a time.
    control(&sandbox.addr.to_string(), "SetTraffic", serde_json::json!({"cluster": "sim", "service": "web", "requestsPerSecond": 20}))
        .await;
    let cw = aws_sdk_cloudwatch::Client::new(&w.config);
    let lb_dim = lb.split_once(":loadbalancer/").unwrap().1.to_string();
    let tg_dim = tg.rsplit(':').next().unwrap().to_string();
    let wall = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    until("ALB metrics", 30, || async {
        use aws_sdk_cloudwatch::types::{Dimension, Statistic};
        let got = cw
            .get_metric_statistics()
            .namespace("AWS/ApplicationELB")
            .metric_name("RequestCount")
            .dimensions(Dimension::builder().name("LoadBalancer").value(&lb_dim).build())
            .dimensions(Dimension::builder().name("TargetGroup").value(&tg_dim).build())
            // The simulated clock runs ahead of the wall clock: look a while into "the future".
            .start_time(aws_sdk_cloudwatch::primitives::DateTime::from_secs(wall - 3600))
            .end_time(aws_sdk_cloudwatch::primitives::DateTime::from_secs(wall + 20 * 3600))
            .period(60)
            .statistics(Statistic::Sum)
            .send()
            .await
            .unwrap();
        got.datapoints().iter().any(|d| d.sum().unwrap_or(0.0) >= 20.0 * 59.0).then_some(())
    })
    .await;

    // A stopped task's target drains for the deregistration delay, then leaves.
    let victim = tasks.tasks()[0].clone();
    let ip = victim.containers()[0].network_interfaces()[0].private_ipv4_address().unwrap().to_string();
    w.ecs.stop_task().cluster("sim").task(victim.task_arn().unwrap()).send().await.unwrap();
    until("the target to drain", 20, || async {
        let health = elb.describe_target_health().target_group_arn(&tg).send().await.unwrap();
        health
            .target_health_descriptions()
            .iter()
            .any(|t| {
                t.target().unwrap().id() == Some(ip.as_str())
                    && t.target_health().unwrap().state() == Some(&TargetHealthStateEnum::Draining)
            })
            .then_some(())
    })
    .await;
    let t = w.ecs.describe_tasks().cluster("sim").tasks(victim.task_arn().unwrap()).send().await.unwrap().tasks()[0].clone();
    assert_eq!(t.last_status(), Some("DEACTIVATING"), "the task waits for its target to drain");
    until("the target to leave", 20, || async {
        let health = elb.describe_target_health().target_group_arn(&tg).send().await.unwrap();
        (!health.target_health_descriptions().iter().any(|t| t.target().unwrap().id() == Some(ip.as_str()))).then_some(())
    })
    .await;
}

#[tokio::test]
async fn sample_images_and_faults_through_the_control_operations() {
    let (sandbox, config) = sandbox_at(1.0).await;
    let addr = sandbox.addr.to_string();
    let ecr = aws_sdk_ecr::Client::new(&config);
    ecr.create_repository().repository_name("my-app-repo").send().await.unwrap();
    let pushed = control(&addr, "PushSampleImage", serde_json::json!({"repositoryName": "my-app-repo", "imageTag": "v1"})).await;
    let digest = pushed["image"]["imageId"]["imageDigest"].as_str().unwrap().to_string();
    assert!(digest.starts_with("sha256:") && digest.len() == 71);
    let images = ecr.describe_images().repository_name("my-app-repo").send().await.unwrap();
    let image = &images.image_details()[0];
    assert_eq!(image.image_tags(), ["v1"]);
    assert!(image.image_size_in_bytes().unwrap() > 50_000_000);
    let manifest = ecr
        .batch_get_image()
        .repository_name("my-app-repo")
        .image_ids(aws_sdk_ecr::types::ImageIdentifier::builder().image_tag("v1").build())
        .send()
        .await
        .unwrap();
    let manifest: serde_json::Value = serde_json::from_str(manifest.images()[0].image_manifest().unwrap()).unwrap();
    assert_eq!(manifest["schemaVersion"], 2);
    assert_eq!(manifest["layers"].as_array().unwrap().len(), 4);

    // Every ECS call throttled, then faults off again.
    control(&addr, "SetFaults", serde_json::json!({"service": "ecs", "throttlePercent": 100})).await;
    let ecs = aws_sdk_ecs::Client::from_conf(
        aws_sdk_ecs::config::Builder::from(&config).retry_config(aws_config::retry::RetryConfig::disabled()).build(),
    );
    let err = ecs.list_clusters().send().await.unwrap_err();
    assert_eq!(common::code(&err), "ThrottlingException");
    control(&addr, "SetFaults", serde_json::json!({"service": "ecs", "errorPercent": 100})).await;
    let err = ecs.list_clusters().send().await.unwrap_err();
    assert_eq!(common::code(&err), "ServerException");
    control(&addr, "SetFaults", serde_json::json!({"service": "ecs", "latencyMs": 300, "jitterMs": 50})).await;
    let started = Instant::now();
    ecs.list_clusters().send().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300), "latency is added");
    control(&addr, "SetFaults", serde_json::json!({"service": "ecs"})).await;
    let faults = control(&addr, "DescribeFaults", serde_json::json!({})).await;
    assert_eq!(faults["faults"], serde_json::json!({}));
    ecs.list_clusters().send().await.unwrap();
}

/// DRAINING keeps new tasks off an instance and moves a service's tasks to another one
/// within the deployment limits; a standalone task on it is left alone.
#[tokio::test]
async fn a_draining_instance_hands_its_service_tasks_on_and_keeps_standalone_ones() {
    let (_s, config) = sandbox_at(40.0).await;
    let ecs = aws_sdk_ecs::Client::new(&config);
    ecs.create_cluster().cluster_name("drain").send().await.unwrap();
    let register = |id: &'static str| {
        let ecs = ecs.clone();
        async move {
            let doc = format!(r#"{{"instanceId":"{id}","instanceType":"t3.large","availabilityZone":"us-east-1a"}}"#);
            let ci = ecs.register_container_instance().cluster("drain").instance_identity_document(doc).send().await.unwrap();
            ci.container_instance().unwrap().container_instance_arn().unwrap().to_string()
        }
    };
    let first = register("i-0first").await;
    ecs.register_task_definition()
        .family("web")
        .requires_compatibilities(ecs_t::Compatibility::Ec2)
        .container_definitions(ecs_t::ContainerDefinition::builder().name("app").image("nginx").memory(256).build())
        .send()
        .await
        .unwrap();
    ecs.create_service()
        .cluster("drain")
        .service_name("web")
        .task_definition("web")
        .desired_count(2)
        .launch_type(ecs_t::LaunchType::Ec2)
        .send()
        .await
        .unwrap();
    ecs.run_task().cluster("drain").task_definition("web").launch_type(ecs_t::LaunchType::Ec2).started_by("by-hand").send().await.unwrap();
    until("the service running on the first instance", 30, || async {
        (describe(&ecs, "drain", "web").await.running_count() == 2).then_some(())
    })
    .await;
    let second = register("i-0second").await;

    let refused = ecs
        .update_container_instances_state()
        .cluster("drain")
        .container_instances(&first)
        .status(ecs_t::ContainerInstanceStatus::Registering)
        .send()
        .await
        .unwrap_err();
    assert!(refused.into_service_error().is_invalid_parameter_exception());
    let drained = ecs
        .update_container_instances_state()
        .cluster("drain")
        .container_instances(&first)
        .container_instances("00000000000000000000000000000000")
        .status(ecs_t::ContainerInstanceStatus::Draining)
        .send()
        .await
        .unwrap();
    assert_eq!(drained.container_instances()[0].status(), Some("DRAINING"));
    assert_eq!(drained.failures()[0].reason(), Some("MISSING"));

    let where_tasks_run = || async {
        let arns =
            ecs.list_tasks().cluster("drain").desired_status(ecs_t::DesiredStatus::Running).send().await.unwrap().task_arns().to_vec();
        let tasks = ecs.describe_tasks().cluster("drain").set_tasks(Some(arns)).send().await.unwrap();
        tasks
            .tasks()
            .iter()
            .filter(|t| t.last_status() == Some("RUNNING"))
            .map(|t| (t.group().unwrap_or_default().to_string(), t.container_instance_arn().unwrap_or_default().to_string()))
            .collect::<Vec<_>>()
    };
    let placed = until("the service's tasks moved to the second instance", 60, || async {
        let placed = where_tasks_run().await;
        let service_on_second = placed.iter().filter(|(g, ci)| g == "service:web" && *ci == second).count();
        let service_on_first = placed.iter().filter(|(g, ci)| g == "service:web" && *ci == first).count();
        (service_on_second == 2 && service_on_first == 0).then_some(placed)
    })
    .await;
    assert!(placed.iter().any(|(g, ci)| g == "family:web" && *ci == first), "the standalone task stays: {placed:?}");
    let s = describe(&ecs, "drain", "web").await;
    assert_eq!(s.running_count(), 2);
}

/// What a learner's EC2 cluster needs: the instance role and profile, the AMI from SSM,
/// a launch template joining `cluster`, an Auto Scaling group and a managed provider.
async fn ec2_capacity(config: &aws_config::SdkConfig, cluster: &str, desired: i32) -> (String, String) {
    let iam = aws_sdk_iam::Client::new(config);
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    iam.create_role().role_name("ecsInstanceRole").assume_role_policy_document(trust).send().await.unwrap();
    iam.attach_role_policy()
        .role_name("ecsInstanceRole")
        .policy_arn("arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role")
        .send()
        .await
        .unwrap();
    let profile = iam.create_instance_profile().instance_profile_name("ecsInstanceRole").send().await.unwrap();
    let profile_arn = profile.instance_profile().unwrap().arn().to_string();
    iam.add_role_to_instance_profile().instance_profile_name("ecsInstanceRole").role_name("ecsInstanceRole").send().await.unwrap();

    let ssm = aws_sdk_ssm::Client::new(config);
    let ami = ssm
        .get_parameter()
        .name("/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id")
        .send()
        .await
        .unwrap()
        .parameter()
        .unwrap()
        .value()
        .unwrap()
        .to_string();
    assert!(ami.starts_with("ami-"), "{ami}");
    let missing = ssm.get_parameter().name("/aws/service/ecs/optimized-ami/amazon-linux-2023/nope").send().await.unwrap_err();
    assert_eq!(missing.into_service_error().meta().code(), Some("ParameterNotFound"));

    let ec2 = aws_sdk_ec2::Client::new(config);
    let types = ec2.describe_instance_types().instance_types(aws_sdk_ec2::types::InstanceType::T3Micro).send().await.unwrap();
    let t3 = &types.instance_types()[0];
    assert_eq!(t3.v_cpu_info().unwrap().default_v_cpus(), Some(2));
    assert_eq!(t3.memory_info().unwrap().size_in_mib(), Some(1024));
    let user_data = format!("#!/bin/bash\necho ECS_CLUSTER={cluster} >> /etc/ecs/ecs.config\n");
    let encoded = aws_smithy_types::base64::encode(user_data);
    let template = ec2
        .create_launch_template()
        .launch_template_name(format!("{cluster}-lt"))
        .launch_template_data(
            aws_sdk_ec2::types::RequestLaunchTemplateData::builder()
                .image_id(&ami)
                .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
                .user_data(encoded)
                .iam_instance_profile(
                    aws_sdk_ec2::types::LaunchTemplateIamInstanceProfileSpecificationRequest::builder().arn(&profile_arn).build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    let template_id = template.launch_template().unwrap().launch_template_id().unwrap().to_string();
    let subnets = default_subnets_of(config).await.join(",");

    let asg = aws_sdk_autoscaling::Client::new(config);
    asg.create_auto_scaling_group()
        .auto_scaling_group_name(format!("{cluster}-asg"))
        .launch_template(
            aws_sdk_autoscaling::types::LaunchTemplateSpecification::builder().launch_template_id(&template_id).version("$Latest").build(),
        )
        .min_size(0)
        .max_size(4)
        .desired_capacity(desired)
        .vpc_zone_identifier(subnets)
        .new_instances_protected_from_scale_in(true)
        .send()
        .await
        .unwrap();
    let group = asg.describe_auto_scaling_groups().auto_scaling_group_names(format!("{cluster}-asg")).send().await.unwrap();
    let group_arn = group.auto_scaling_groups()[0].auto_scaling_group_arn().unwrap().to_string();
    (group_arn, ami)
}

async fn default_subnets_of(config: &aws_config::SdkConfig) -> Vec<String> {
    let ec2 = aws_sdk_ec2::Client::new(config);
    ec2.describe_subnets().send().await.unwrap().subnets().iter().filter_map(|s| s.subnet_id().map(String::from)).collect()
}

fn remaining_memory(ci: &ecs_t::ContainerInstance) -> i32 {
    ci.remaining_resources().iter().find(|r| r.name() == Some("MEMORY")).map(|r| r.integer_value()).unwrap_or_default()
}

#[tokio::test]
async fn ec2_capacity_registers_places_bridge_tasks_and_scales_out() {
    let (_sandbox, config) = sandbox_at(60.0).await;
    let ecs = aws_sdk_ecs::Client::new(&config);
    ecs.create_cluster().cluster_name("cap").send().await.unwrap();
    let (group_arn, _) = ec2_capacity(&config, "cap", 2).await;

    // Managed termination protection needs the group's scale-in protection; it has it.
    let cp = ecs
        .create_capacity_provider()
        .name("cap-asg")
        .auto_scaling_group_provider(
            ecs_t::AutoScalingGroupProvider::builder()
                .auto_scaling_group_arn(&group_arn)
                .managed_scaling(ecs_t::ManagedScaling::builder().status(ecs_t::ManagedScalingStatus::Enabled).target_capacity(100).build())
                .managed_termination_protection(ecs_t::ManagedTerminationProtection::Enabled)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(cp.capacity_provider().unwrap().status(), Some(&ecs_t::CapacityProviderStatus::Active));
    let twice = ecs
        .create_capacity_provider()
        .name("cap-asg-2")
        .auto_scaling_group_provider(ecs_t::AutoScalingGroupProvider::builder().auto_scaling_group_arn(&group_arn).build().unwrap())
        .send()
        .await
        .unwrap_err();
    assert!(common::message(&twice).contains("already being used by another capacity provider"), "{}", common::message(&twice));
    let strategy = ecs_t::CapacityProviderStrategyItem::builder().capacity_provider("cap-asg").weight(1).build().unwrap();
    ecs.put_cluster_capacity_providers()
        .cluster("cap")
        .capacity_providers("cap-asg")
        .default_capacity_provider_strategy(strategy.clone())
        .send()
        .await
        .unwrap();

    // Both instances boot and their agents register what a t3.micro really offers.
    let instances = until("two container instances", 120, || async {
        let arns = ecs.list_container_instances().cluster("cap").send().await.unwrap().container_instance_arns().to_vec();
        if arns.len() < 2 {
            return None;
        }
        let out = ecs.describe_container_instances().cluster("cap").set_container_instances(Some(arns)).send().await.unwrap();
        Some(out.container_instances().to_vec())
    })
    .await;
    for ci in &instances {
        let cpu = ci.registered_resources().iter().find(|r| r.name() == Some("CPU")).unwrap().integer_value();
        assert_eq!(cpu, 2048);
        let memory = ci.registered_resources().iter().find(|r| r.name() == Some("MEMORY")).unwrap().integer_value();
        assert!(memory < 1024 && memory > 900, "registered memory {memory} is what the OS reports, below 1024");
        assert_eq!(ci.capacity_provider_name(), Some("cap-asg"));
        assert!(ci.attributes().iter().any(|a| a.name() == "ecs.instance-type" && a.value() == Some("t3.micro")));
    }

    // A bridge task with a dynamic host port: its instance's memory falls by its size.
    let td = ecs
        .register_task_definition()
        .family("bridge-web")
        .network_mode(ecs_t::NetworkMode::Bridge)
        .requires_compatibilities(ecs_t::Compatibility::Ec2)
        .container_definitions(
            ecs_t::ContainerDefinition::builder()
                .name("web")
                .image("public.ecr.aws/nginx/nginx:latest")
                .memory(400)
                .cpu(256)
                .essential(true)
                .port_mappings(ecs_t::PortMapping::builder().container_port(80).host_port(0).build())
                .build(),
        )
        .send()
        .await
        .unwrap();
    let td_arn = td.task_definition().unwrap().task_definition_arn().unwrap().to_string();
    let run = ecs.run_task().cluster("cap").task_definition(&td_arn).send().await.unwrap();
    assert!(run.failures().is_empty(), "{:?}", run.failures());
    let task = &run.tasks()[0];
    assert_eq!(task.capacity_provider_name(), Some("cap-asg"));
    let host_port = task.containers()[0].network_bindings()[0].host_port().unwrap();
    assert!((49153..=65535).contains(&host_port), "dynamic host port {host_port}");
    let on = task.container_instance_arn().unwrap().to_string();
    let after = ecs.describe_container_instances().cluster("cap").container_instances(&on).send().await.unwrap();
    let registered =
        after.container_instances()[0].registered_resources().iter().find(|r| r.name() == Some("MEMORY")).unwrap().integer_value();
    assert_eq!(remaining_memory(&after.container_instances()[0]), registered - 400);

    // A fixed host port can be taken only once per instance: the third fails RESOURCE:PORTS.
    let fixed = ecs
        .register_task_definition()
        .family("fixed-port")
        .network_mode(ecs_t::NetworkMode::Host)
        .container_definitions(
            ecs_t::ContainerDefinition::builder()
                .name("web")
                .image("public.ecr.aws/nginx/nginx:latest")
                .memory(64)
                .essential(true)
                .port_mappings(ecs_t::PortMapping::builder().container_port(8080).build())
                .build(),
        )
        .send()
        .await
        .unwrap();
    let fixed_arn = fixed.task_definition().unwrap().task_definition_arn().unwrap().to_string();
    let constraint = ecs_t::PlacementConstraint::builder()
        .r#type(ecs_t::PlacementConstraintType::MemberOf)
        .expression("attribute:ecs.instance-type == t3.micro")
        .build();
    let two = ecs.run_task().cluster("cap").task_definition(&fixed_arn).count(2).placement_constraints(constraint).send().await.unwrap();
    assert_eq!(two.tasks().len(), 2, "{:?}", two.failures());
    let third = ecs
        .run_task()
        .cluster("cap")
        .task_definition(&fixed_arn)
        .capacity_provider_strategy(ecs_t::CapacityProviderStrategyItem::builder().capacity_provider("cap-asg").build().unwrap())
        .send()
        .await
        .unwrap();
    // A managed provider waits for capacity rather than fail: the task is PROVISIONING.
    assert_eq!(third.tasks()[0].last_status(), Some("PROVISIONING"));
    ecs.stop_task().cluster("cap").task(third.tasks()[0].task_arn().unwrap()).send().await.unwrap();
    let bad = ecs
        .run_task()
        .cluster("cap")
        .task_definition(&fixed_arn)
        .placement_constraints(
            ecs_t::PlacementConstraint::builder()
                .r#type(ecs_t::PlacementConstraintType::MemberOf)
                .expression("attribute:ecs.instance-type = t3.micro")
                .build(),
        )
        .send()
        .await
        .unwrap_err();
    assert!(common::message(&bad).contains("not an operator"), "{}", common::message(&bad));

    // A service larger than the capacity: its tasks wait, managed scaling adds
    // instances, and every task runs.
    ecs.create_service().cluster("cap").service_name("big").task_definition(&td_arn).desired_count(5).send().await.unwrap();
    let asg = aws_sdk_autoscaling::Client::new(&config);
    until("the service running every task", 240, || async {
        let s = describe(&ecs, "cap", "big").await;
        (s.running_count() == 5).then_some(())
    })
    .await;
    let group = asg.describe_auto_scaling_groups().auto_scaling_group_names("cap-asg").send().await.unwrap();
    let desired = group.auto_scaling_groups()[0].desired_capacity().unwrap();
    assert!(desired >= 3, "managed scaling raised the desired capacity to {desired}");
    let activities = asg.describe_scaling_activities().auto_scaling_group_name("cap-asg").send().await.unwrap();
    assert!(activities.activities().iter().any(|a| a.cause().unwrap_or_default().contains("ECSManagedAutoScalingPolicy")));
    let cw = aws_sdk_cloudwatch::Client::new(&config);
    let metrics = cw.list_metrics().namespace("AWS/ECS/ManagedScaling").metric_name("CapacityProviderReservation").send().await.unwrap();
    assert!(!metrics.metrics().is_empty());
    // The cluster's reservation: what its tasks reserve of what its instances registered.
    let now =
        aws_smithy_types::DateTime::from_secs(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64);
    let hour_ago = aws_smithy_types::DateTime::from_secs(now.secs() - 3600);
    for name in ["MemoryReservation", "CPUReservation"] {
        let stats = cw
            .get_metric_statistics()
            .namespace("AWS/ECS")
            .metric_name(name)
            .dimensions(aws_sdk_cloudwatch::types::Dimension::builder().name("ClusterName").value("cap").build())
            .start_time(hour_ago)
            .end_time(aws_smithy_types::DateTime::from_secs(now.secs() + 3600))
            .period(60)
            .statistics(aws_sdk_cloudwatch::types::Statistic::Maximum)
            .send()
            .await
            .unwrap();
        let most = stats.datapoints().iter().filter_map(|d| d.maximum()).fold(0.0, f64::max);
        assert!(most > 0.0 && most <= 100.0, "{name} has data: {:?}", stats.datapoints());
    }

    // The provider is in use: the cluster cannot drop it.
    let drop = ecs
        .put_cluster_capacity_providers()
        .cluster("cap")
        .set_capacity_providers(Some(vec![]))
        .set_default_capacity_provider_strategy(Some(vec![]))
        .send()
        .await
        .unwrap_err();
    assert_eq!(common::code(&drop), "ResourceInUseException");
}

#[tokio::test]
async fn an_instance_without_the_container_policy_never_registers_and_an_ended_one_stops_its_tasks() {
    let (_sandbox, config) = sandbox_at(60.0).await;
    let ecs = aws_sdk_ecs::Client::new(&config);
    ecs.create_cluster().cluster_name("roles").send().await.unwrap();
    let (_, ami) = ec2_capacity(&config, "roles", 1).await;
    let iam = aws_sdk_iam::Client::new(&config);
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    iam.create_role().role_name("bare").assume_role_policy_document(trust).send().await.unwrap();
    iam.create_instance_profile().instance_profile_name("bare").send().await.unwrap();
    iam.add_role_to_instance_profile().instance_profile_name("bare").role_name("bare").send().await.unwrap();
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let run = ec2
        .run_instances()
        .image_id(&ami)
        .instance_type(aws_sdk_ec2::types::InstanceType::T3Small)
        .min_count(1)
        .max_count(1)
        .user_data(aws_smithy_types::base64::encode("ECS_CLUSTER=roles"))
        .iam_instance_profile(aws_sdk_ec2::types::IamInstanceProfileSpecification::builder().name("bare").build())
        .send()
        .await
        .unwrap();
    let bare = run.instances()[0].instance_id().unwrap().to_string();
    assert_eq!(run.instances()[0].state().unwrap().name(), Some(&aws_sdk_ec2::types::InstanceStateName::Pending));
    // The group's instance registers; the bare one reaches running and stays unregistered.
    let ci = until("the group's instance", 120, || async {
        let arns = ecs.list_container_instances().cluster("roles").send().await.unwrap().container_instance_arns().to_vec();
        arns.first().cloned()
    })
    .await;
    until("the bare instance running", 60, || async {
        let d = ec2.describe_instances().instance_ids(&bare).send().await.unwrap();
        (d.reservations()[0].instances()[0].state().unwrap().name() == Some(&aws_sdk_ec2::types::InstanceStateName::Running)).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let arns = ecs.list_container_instances().cluster("roles").send().await.unwrap().container_instance_arns().to_vec();
    assert_eq!(arns.len(), 1, "an instance whose role lacks AmazonEC2ContainerServiceforEC2Role does not register");

    // Its instance ends: the task on it stops with ECS's reason.
    let td = ecs
        .register_task_definition()
        .family("small")
        .container_definitions(ecs_t::ContainerDefinition::builder().name("app").image("busybox").memory(128).essential(true).build())
        .send()
        .await
        .unwrap();
    let task =
        ecs.run_task().cluster("roles").task_definition(td.task_definition().unwrap().task_definition_arn().unwrap()).send().await.unwrap();
    let task_arn = task.tasks()[0].task_arn().unwrap().to_string();
    let described = ecs.describe_container_instances().cluster("roles").container_instances(&ci).send().await.unwrap();
    let instance_id = described.container_instances()[0].ec2_instance_id().unwrap().to_string();
    ec2.terminate_instances().instance_ids(&instance_id).send().await.unwrap();
    let stopped = until("the task stopped", 60, || async {
        let t = ecs.describe_tasks().cluster("roles").tasks(&task_arn).send().await.unwrap().tasks()[0].clone();
        (t.last_status() == Some("STOPPED")).then_some(t)
    })
    .await;
    assert_eq!(stopped.stopped_reason(), Some(format!("Host EC2 (instance {instance_id}) terminated.").as_str()));
    let gone = ecs.describe_container_instances().cluster("roles").container_instances(&ci).send().await.unwrap();
    assert_eq!(gone.container_instances()[0].status(), Some("INACTIVE"));
}

#[tokio::test]
async fn a_capacity_provider_strategy_shares_tasks_by_base_and_weight() {
    let (_sandbox, config) = sandbox_at(60.0).await;
    let w = world(config).await;
    let ecs = &w.ecs;
    ecs.put_cluster_capacity_providers()
        .cluster("sim")
        .capacity_providers("FARGATE")
        .capacity_providers("FARGATE_SPOT")
        .set_default_capacity_provider_strategy(Some(vec![]))
        .send()
        .await
        .unwrap();
    let td = register(ecs, "public.ecr.aws/nginx/nginx:latest").await;
    let item = |p: &str, weight: i32, base: i32| {
        ecs_t::CapacityProviderStrategyItem::builder().capacity_provider(p).weight(weight).base(base).build().unwrap()
    };

    // ECS's rules for a strategy, whichever call carries it.
    for (strategy, words) in [
        (vec![item("FARGATE", 1, 1), item("FARGATE_SPOT", 1, 1)], "Only one capacity provider"),
        (vec![item("FARGATE", 0, 0), item("FARGATE_SPOT", 0, 0)], "weight greater than zero"),
        (vec![item("FARGATE", 1, 0), item("FARGATE", 1, 0)], "more than once"),
        (vec![item("FARGATE", 1, 0), item("web-asg", 1, 0)], "both Fargate capacity providers and Auto Scaling group"),
    ] {
        let err = ecs
            .run_task()
            .cluster("sim")
            .task_definition(&td)
            .network_configuration(w.network.clone())
            .set_capacity_provider_strategy(Some(strategy))
            .send()
            .await
            .unwrap_err();
        let message = err.into_service_error().meta().message().unwrap_or_default().to_string();
        assert!(message.contains(words), "{message}");
    }

    // Base 1 on FARGATE, then 1:3: of five tasks, two on FARGATE and three on spot.
    let strategy = vec![item("FARGATE", 1, 1), item("FARGATE_SPOT", 3, 0)];
    ecs.create_service()
        .cluster("sim")
        .service_name("split")
        .task_definition(&td)
        .desired_count(5)
        .network_configuration(w.network.clone())
        .set_capacity_provider_strategy(Some(strategy.clone()))
        .send()
        .await
        .unwrap();
    let shares = until("five tasks of the service", 30, || async {
        let arns = ecs.list_tasks().cluster("sim").service_name("split").send().await.unwrap().task_arns().to_vec();
        if arns.len() < 5 {
            return None;
        }
        let tasks = ecs.describe_tasks().cluster("sim").set_tasks(Some(arns)).send().await.unwrap();
        let mut shares = std::collections::BTreeMap::new();
        for t in tasks.tasks() {
            *shares.entry(t.capacity_provider_name().unwrap_or("none").to_string()).or_insert(0) += 1;
            assert_eq!(t.launch_type(), Some(&ecs_t::LaunchType::Fargate));
        }
        Some(shares)
    })
    .await;
    assert_eq!(shares, [("FARGATE".to_string(), 2), ("FARGATE_SPOT".to_string(), 3)].into_iter().collect());

    // One RunTask call shares its tasks the same way.
    let run = ecs
        .run_task()
        .cluster("sim")
        .task_definition(&td)
        .count(4)
        .network_configuration(w.network.clone())
        .set_capacity_provider_strategy(Some(vec![item("FARGATE", 1, 0), item("FARGATE_SPOT", 1, 0)]))
        .send()
        .await
        .unwrap();
    let names: Vec<_> = run.tasks().iter().map(|t| t.capacity_provider_name().unwrap_or("none")).collect();
    assert_eq!(names, ["FARGATE", "FARGATE_SPOT", "FARGATE", "FARGATE_SPOT"]);
}

/// A 5XX alarm on the service's target group: more than 10 errors in a minute.
async fn five_xx_alarm(cw: &aws_sdk_cloudwatch::Client, lb: &str, tg: &str) {
    five_xx_alarm_named(cw, "web-5xx", lb, tg).await
}

async fn five_xx_alarm_named(cw: &aws_sdk_cloudwatch::Client, name: &str, lb: &str, tg: &str) {
    use aws_sdk_cloudwatch::types::{ComparisonOperator, Dimension, Statistic};
    cw.put_metric_alarm()
        .alarm_name(name)
        .namespace("AWS/ApplicationELB")
        .metric_name("HTTPCode_Target_5XX_Count")
        .dimensions(Dimension::builder().name("LoadBalancer").value(lb.split_once(":loadbalancer/").unwrap().1).build())
        .dimensions(Dimension::builder().name("TargetGroup").value(tg.rsplit(':').next().unwrap()).build())
        .statistic(Statistic::Sum)
        .period(60)
        .evaluation_periods(1)
        .threshold(10.0)
        .comparison_operator(ComparisonOperator::GreaterThanThreshold)
        .treat_missing_data("notBreaching")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_deployment_alarm_in_alarm_fails_the_rollout_and_ecs_rolls_back() {
    use aws_sdk_cloudwatch::types::{HistoryItemType, StateValue};
    let (sandbox, config) = sandbox_at(60.0).await;
    let w = world(config).await;
    let (lb, tg) = load_balanced(&w).await;
    let cw = aws_sdk_cloudwatch::Client::new(&w.config);
    five_xx_alarm(&cw, &lb, &tg).await;
    let alarm = cw.describe_alarms().alarm_names("web-5xx").send().await.unwrap().metric_alarms()[0].clone();
    assert_eq!(alarm.state_value(), Some(&StateValue::InsufficientData), "a new alarm has not been judged");

    let v1 = register(&w.ecs, "nginx:1").await;
    let alarms = ecs_t::DeploymentAlarms::builder().alarm_names("web-5xx").enable(true).rollback(true).build().unwrap();
    w.ecs
        .create_service()
        .cluster("sim")
        .service_name("web")
        .task_definition(&v1)
        .desired_count(2)
        .launch_type(ecs_t::LaunchType::Fargate)
        .network_configuration(w.network.clone())
        .load_balancers(ecs_t::LoadBalancer::builder().target_group_arn(&tg).container_name("web").container_port(80).build())
        .health_check_grace_period_seconds(30)
        .deployment_configuration(ecs_t::DeploymentConfiguration::builder().alarms(alarms).build())
        .send()
        .await
        .unwrap();
    control(&sandbox.addr.to_string(), "SetTraffic", serde_json::json!({"cluster": "sim", "service": "web", "requestsPerSecond": 40}))
        .await;
    steady(&w.ecs, "sim", "web", 60).await;
    until("the alarm to judge a healthy minute OK", 30, || async {
        let a = cw.describe_alarms().alarm_names("web-5xx").send().await.unwrap().metric_alarms()[0].clone();
        (a.state_value() == Some(&StateValue::Ok)).then_some(())
    })
    .await;

    // web:2 answers half its requests with HTTP 500: the alarm fires, ECS fails the rollout
    // and rolls back to web:1.
    let bad = register(&w.ecs, "nginx:errors-50").await;
    w.ecs.update_service().cluster("sim").service("web").task_definition(&bad).send().await.unwrap();
    let failed = until("the alarm to fail the rollout", 60, || async {
        let s = describe(&w.ecs, "sim", "web").await;
        s.deployments().iter().any(|d| d.rollout_state() == Some(&ecs_t::DeploymentRolloutState::Failed)).then_some(s)
    })
    .await;
    let d = failed.deployments().iter().find(|d| d.rollout_state() == Some(&ecs_t::DeploymentRolloutState::Failed)).unwrap();
    assert_eq!(d.rollout_state_reason(), Some("ECS deployment alarms: web-5xx in ALARM."));
    assert_eq!(failed.task_definition(), Some(v1.as_str()), "rolled back to web:1");
    let history = until("the rollback to finish", 60, || async {
        let list = w.ecs.list_service_deployments().cluster("sim").service("web").send().await.unwrap();
        let newest = list.service_deployments()[0].clone();
        (newest.status() == Some(&ecs_t::ServiceDeploymentStatus::RollbackSuccessful)).then_some(newest)
    })
    .await;
    let described =
        w.ecs.describe_service_deployments().service_deployment_arns(history.service_deployment_arn().unwrap()).send().await.unwrap();
    let alarms = described.service_deployments()[0].alarms().unwrap();
    assert_eq!(alarms.status(), Some(&ecs_t::ServiceDeploymentRollbackMonitorsStatus::Triggered));
    assert_eq!(alarms.triggered_alarm_names(), ["web-5xx".to_string()]);
    let items = cw.describe_alarm_history().alarm_name("web-5xx").history_item_type(HistoryItemType::StateUpdate).send().await.unwrap();
    let summaries: Vec<&str> = items.alarm_history_items().iter().filter_map(|i| i.history_summary()).collect();
    assert!(summaries.contains(&"Alarm updated from OK to ALARM"), "{summaries:?}");
    let data: serde_json::Value = serde_json::from_str(items.alarm_history_items()[0].history_data().unwrap()).unwrap();
    assert_eq!(data["newState"]["stateValue"], "ALARM", "{data}");
    assert!(data["newState"]["stateReason"].as_str().unwrap().starts_with("Threshold Crossed: 1 out of the last 1 datapoints ["), "{data}");
}

#[tokio::test]
async fn alarms_are_checked_as_cloudwatch_checks_them_and_keep_their_history() {
    use aws_sdk_cloudwatch::types::{ComparisonOperator, HistoryItemType, StateValue, Statistic};
    let (_sandbox, config) = sandbox_at(1.0).await;
    let cw = aws_sdk_cloudwatch::Client::new(&config);
    let base = || {
        cw.put_metric_alarm()
            .alarm_name("cpu")
            .namespace("AWS/ECS")
            .metric_name("CPUUtilization")
            .statistic(Statistic::Average)
            .threshold(80.0)
            .comparison_operator(ComparisonOperator::GreaterThanThreshold)
    };
    let err = base().period(60).evaluation_periods(2).datapoints_to_alarm(3).send().await.unwrap_err();
    let err = err.into_service_error();
    assert_eq!(err.meta().code(), Some("ValidationError"));
    assert_eq!(err.meta().message(), Some("DatapointsToAlarm must be less than or equal to EvaluationPeriods"));
    let err = base().period(15).evaluation_periods(1).send().await.unwrap_err().into_service_error();
    assert!(err.meta().message().unwrap().contains("Period"), "{err:?}");
    // A day is the most an alarm with a period under an hour may look back; a week above.
    assert!(base().period(60).evaluation_periods(1441).send().await.is_err());
    base().period(3600).evaluation_periods(168).send().await.unwrap();
    base().period(20).evaluation_periods(3).datapoints_to_alarm(2).treat_missing_data("breaching").send().await.unwrap();
    let err = base().period(60).evaluation_periods(1).treat_missing_data("sometimes").send().await.unwrap_err().into_service_error();
    assert!(err.meta().message().unwrap().contains("TreatMissingData"), "{err:?}");

    let a = cw.describe_alarms().alarm_names("cpu").send().await.unwrap().metric_alarms()[0].clone();
    assert_eq!((a.period(), a.evaluation_periods(), a.datapoints_to_alarm()), (Some(20), Some(3), Some(2)));
    assert_eq!(a.state_value(), Some(&StateValue::InsufficientData));
    assert_eq!(a.alarm_arn(), Some("arn:aws:cloudwatch:us-east-1:000000000000:alarm:cpu"));
    cw.set_alarm_state().alarm_name("cpu").state_value(StateValue::Alarm).state_reason("testing").send().await.unwrap();
    let a = cw.describe_alarms().state_value(StateValue::Alarm).send().await.unwrap();
    assert_eq!(a.metric_alarms().len(), 1);
    let history = cw.describe_alarm_history().alarm_name("cpu").send().await.unwrap();
    let kinds: Vec<_> = history
        .alarm_history_items()
        .iter()
        .map(|i| (i.history_item_type().cloned(), i.history_summary().unwrap_or_default().to_string()))
        .collect();
    assert_eq!(kinds[0], (Some(HistoryItemType::StateUpdate), "Alarm updated from INSUFFICIENT_DATA to ALARM".to_string()));
    assert_eq!(kinds.last().unwrap(), &(Some(HistoryItemType::ConfigurationUpdate), "Alarm \"cpu\" created".to_string()));
    assert!(kinds.iter().any(|k| k.1 == "Alarm \"cpu\" updated"), "{kinds:?}");
    let err = cw.delete_alarms().alarm_names("cpu").alarm_names("nope").send().await.unwrap_err().into_service_error();
    assert_eq!(err.meta().code(), Some("ResourceNotFound"));
    cw.delete_alarms().alarm_names("cpu").send().await.unwrap();
    assert!(cw.describe_alarms().send().await.unwrap().metric_alarms().is_empty());
}

#[tokio::test]
async fn a_step_scaling_policy_acts_on_its_alarm() {
    use aws_sdk_applicationautoscaling::types::{
        AdjustmentType, PolicyType, ScalableDimension, ServiceNamespace, StepAdjustment, StepScalingPolicyConfiguration,
    };
    use aws_sdk_cloudwatch::types::{ComparisonOperator, Dimension, Statistic};
    let (sandbox, config) = sandbox_at(120.0).await;
    let w = world(config).await;
    let td = register(&w.ecs, "nginx:1").await;
    plain_service(&w, &td, 1).await;
    let scaling = aws_sdk_applicationautoscaling::Client::new(&w.config);
    scaling
        .register_scalable_target()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id("service/sim/web")
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .min_capacity(1)
        .max_capacity(5)
        .send()
        .await
        .unwrap();
    // +1 task when CPU is up to 20 points over the threshold, +2 beyond.
    let steps = StepScalingPolicyConfiguration::builder()
        .adjustment_type(AdjustmentType::ChangeInCapacity)
        .step_adjustments(
            StepAdjustment::builder()
                .metric_interval_lower_bound(0.0)
                .metric_interval_upper_bound(20.0)
                .scaling_adjustment(1)
                .build()
                .unwrap(),
        )
        .step_adjustments(StepAdjustment::builder().metric_interval_lower_bound(20.0).scaling_adjustment(2).build().unwrap())
        .cooldown(600)
        .build();
    let policy = scaling
        .put_scaling_policy()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id("service/sim/web")
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .policy_name("web-step")
        .policy_type(PolicyType::StepScaling)
        .step_scaling_policy_configuration(steps)
        .send()
        .await
        .unwrap();
    let cw = aws_sdk_cloudwatch::Client::new(&w.config);
    cw.put_metric_alarm()
        .alarm_name("web-cpu-high")
        .namespace("AWS/ECS")
        .metric_name("CPUUtilization")
        .dimensions(Dimension::builder().name("ClusterName").value("sim").build())
        .dimensions(Dimension::builder().name("ServiceName").value("web").build())
        .statistic(Statistic::Average)
        .period(60)
        .evaluation_periods(1)
        .threshold(50.0)
        .comparison_operator(ComparisonOperator::GreaterThanThreshold)
        .alarm_actions(policy.policy_arn())
        .send()
        .await
        .unwrap();
    // Far more traffic than one task serves: CPU pins near 100%, 50 points over.
    control(&sandbox.addr.to_string(), "SetTraffic", serde_json::json!({"cluster": "sim", "service": "web", "requestsPerSecond": 300}))
        .await;
    let scaled = until("the step policy to act", 60, || async {
        let s = describe(&w.ecs, "sim", "web").await;
        (s.desired_count() > 1).then_some(s)
    })
    .await;
    assert_eq!(scaled.desired_count(), 3, "the second step: +2");
    let activities =
        scaling.describe_scaling_activities().service_namespace(ServiceNamespace::Ecs).resource_id("service/sim/web").send().await.unwrap();
    let causes: Vec<&str> = activities.scaling_activities().iter().map(|a| a.cause()).collect();
    assert!(causes.contains(&"monitor alarm web-cpu-high in state ALARM triggered policy web-step"), "{causes:?}");
    // The 10-minute cooldown holds it at 3 though the alarm stays in ALARM.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert_eq!(describe(&w.ecs, "sim", "web").await.desired_count(), 3);
}

/// A second target group and two listener rules on the ALB of `load_balanced`: the
/// production rule and a test rule (host test.example.com), both forwarding to blue.
async fn blue_green_parts(w: &World, lb: &str, blue: &str) -> (String, String, String) {
    use aws_sdk_elasticloadbalancingv2::types::{Action, ActionTypeEnum, RuleCondition};
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(&w.config);
    let ec2 = aws_sdk_ec2::Client::new(&w.config);
    let vpc = ec2.describe_vpcs().send().await.unwrap().vpcs()[0].vpc_id().unwrap().to_string();
    let green = ip_target_group(&elb, &vpc, "web-green").await;
    let listener = elb.describe_listeners().load_balancer_arn(lb).send().await.unwrap().listeners()[0].listener_arn().unwrap().to_string();
    let forward = Action::builder().r#type(ActionTypeEnum::Forward).target_group_arn(blue).build();
    let rule = |priority: i32, field: &str, value: &str| {
        elb.create_rule()
            .listener_arn(&listener)
            .priority(priority)
            .conditions(RuleCondition::builder().field(field).values(value).build())
            .actions(forward.clone())
            .send()
    };
    let production = rule(10, "path-pattern", "/*").await.unwrap().rules()[0].rule_arn().unwrap().to_string();
    let test = rule(5, "host-header", "test.example.com").await.unwrap().rules()[0].rule_arn().unwrap().to_string();
    (green, production, test)
}

/// The target groups a rule forwards to, with their weights.
async fn forwards(w: &World, rule: &str) -> Vec<(String, i32)> {
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(&w.config);
    let rules = elb.describe_rules().rule_arns(rule).send().await.unwrap();
    let action = &rules.rules()[0].actions()[0];
    action
        .forward_config()
        .unwrap()
        .target_groups()
        .iter()
        .map(|t| (t.target_group_arn().unwrap().to_string(), t.weight().unwrap_or(0)))
        .collect()
}

async fn newest_deployment(ecs: &aws_sdk_ecs::Client) -> ecs_t::ServiceDeployment {
    let list = ecs.list_service_deployments().cluster("sim").service("web").send().await.unwrap();
    let arn = list.service_deployments()[0].service_deployment_arn().unwrap().to_string();
    ecs.describe_service_deployments().service_deployment_arns(arn).send().await.unwrap().service_deployments()[0].clone()
}

#[tokio::test]
async fn a_blue_green_deployment_waits_at_its_pause_hook_then_shifts_bakes_and_cleans_up_or_rolls_back() {
    let (_sandbox, config) = sandbox_at(30.0).await;
    let w = world(config).await;
    let (lb, blue) = load_balanced(&w).await;
    let (green, production, test) = blue_green_parts(&w, &lb, &blue).await;
    let advanced = ecs_t::AdvancedConfiguration::builder()
        .alternate_target_group_arn(&green)
        .production_listener_rule(&production)
        .test_listener_rule(&test)
        .role_arn("arn:aws:iam::000000000000:role/ecsInfrastructureRole")
        .build();
    let pause = ecs_t::DeploymentLifecycleHook::builder()
        .target_type(ecs_t::DeploymentLifecycleHookTargetType::Pause)
        .lifecycle_stages(ecs_t::DeploymentLifecycleHookStage::PreProductionTrafficShift)
        .timeout_configuration(
            ecs_t::DeploymentLifecycleHookTimeoutConfiguration::builder()
                .timeout_in_minutes(60)
                .action(ecs_t::DeploymentLifecycleHookAction::Rollback)
                .build(),
        )
        .build();
    let deployment = ecs_t::DeploymentConfiguration::builder()
        .strategy(ecs_t::DeploymentStrategy::BlueGreen)
        .bake_time_in_minutes(1)
        .lifecycle_hooks(pause.clone())
        .build();
    let v1 = register(&w.ecs, "nginx:1").await;
    let balancer = |adv: Option<ecs_t::AdvancedConfiguration>| {
        ecs_t::LoadBalancer::builder()
            .target_group_arn(&blue)
            .container_name("web")
            .container_port(80)
            .set_advanced_configuration(adv)
            .build()
    };
    // ECS's rules: a PAUSE hook cannot run at the traffic shifts themselves; blue/green
    // needs the load balancer's advancedConfiguration.
    let bad_hook = ecs_t::DeploymentLifecycleHook::builder()
        .target_type(ecs_t::DeploymentLifecycleHookTargetType::Pause)
        .lifecycle_stages(ecs_t::DeploymentLifecycleHookStage::ProductionTrafficShift)
        .build();
    let create = || {
        w.ecs
            .create_service()
            .cluster("sim")
            .service_name("web")
            .task_definition(&v1)
            .desired_count(2)
            .launch_type(ecs_t::LaunchType::Fargate)
            .network_configuration(w.network.clone())
            .health_check_grace_period_seconds(30)
    };
    let err = create()
        .load_balancers(balancer(Some(advanced.clone())))
        .deployment_configuration(
            ecs_t::DeploymentConfiguration::builder().strategy(ecs_t::DeploymentStrategy::BlueGreen).lifecycle_hooks(bad_hook).build(),
        )
        .send()
        .await
        .unwrap_err();
    assert!(format!("{:?}", err.into_service_error()).contains("a PAUSE hook cannot run at PRODUCTION_TRAFFIC_SHIFT"));
    let err = create().load_balancers(balancer(None)).deployment_configuration(deployment.clone()).send().await.unwrap_err();
    assert!(format!("{:?}", err.into_service_error()).contains("needs a load balancer with advancedConfiguration"));
    create().load_balancers(balancer(Some(advanced))).deployment_configuration(deployment).send().await.unwrap();
    steady(&w.ecs, "sim", "web", 60).await;

    // web:2: green starts behind the alternate target group, test traffic reaches it, and
    // the deployment waits at the PAUSE hook before production traffic moves.
    let v2 = register(&w.ecs, "nginx:2").await;
    w.ecs.update_service().cluster("sim").service("web").task_definition(&v2).send().await.unwrap();
    let paused = until("the pause hook", 60, || async {
        let d = newest_deployment(&w.ecs).await;
        d.lifecycle_hook_details().iter().any(|h| h.status() == Some(&ecs_t::DeploymentLifecycleHookStatus::AwaitingAction)).then_some(d)
    })
    .await;
    assert_eq!(paused.lifecycle_stage(), Some(&ecs_t::ServiceDeploymentLifecycleStage::PostTestTrafficShift));
    let hook = paused.lifecycle_hook_details()[0].clone();
    assert!(hook.hook_id().unwrap().starts_with("ecs-pause-") && hook.hook_id().unwrap().len() == 53, "{hook:?}");
    assert!(hook.target_arn().is_none() && hook.expires_at().is_some());
    assert_eq!(forwards(&w, &test).await, vec![(green.clone(), 1)], "test traffic goes to green");
    assert!(forwards(&w, &production).await.iter().all(|(tg, weight)| tg == &blue || *weight == 0), "production still all blue");
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(&w.config);
    let green_targets = elb.describe_target_health().target_group_arn(&green).send().await.unwrap();
    assert_eq!(green_targets.target_health_descriptions().len(), 2, "green's two tasks behind the alternate target group");
    let s = describe(&w.ecs, "sim", "web").await;
    assert_eq!(s.running_count(), 4, "blue and green side by side");

    // A hook that is not awaiting action cannot be continued.
    let arn = paused.service_deployment_arn().unwrap().to_string();
    let err = w.ecs.continue_service_deployment().service_deployment_arn(&arn).hook_id("ecs-pause-nope").send().await.unwrap_err();
    assert!(format!("{:?}", err.into_service_error()).contains("not a hook of this service deployment"));
    w.ecs.continue_service_deployment().service_deployment_arn(&arn).hook_id(hook.hook_id().unwrap()).send().await.unwrap();
    let shifted = until("production traffic on green", 30, || async {
        let f = forwards(&w, &production).await;
        f.iter().any(|(tg, weight)| tg == &green && *weight == 100).then_some(f)
    })
    .await;
    assert!(shifted.iter().any(|(tg, weight)| tg == &blue && *weight == 0));
    let baking = until("the bake", 30, || async {
        let d = newest_deployment(&w.ecs).await;
        (d.lifecycle_stage() == Some(&ecs_t::ServiceDeploymentLifecycleStage::BakeTime)).then_some(d)
    })
    .await;
    assert_eq!(baking.target_service_revision().unwrap().requested_production_traffic_weight(), Some(100.0));
    let done = until("the blue/green deployment to succeed", 60, || async {
        let d = newest_deployment(&w.ecs).await;
        (d.status() == Some(&ecs_t::ServiceDeploymentStatus::Successful)).then_some(d)
    })
    .await;
    assert_eq!(done.deployment_configuration().unwrap().strategy(), Some(&ecs_t::DeploymentStrategy::BlueGreen));
    let s = steady(&w.ecs, "sim", "web", 60).await;
    assert_eq!(s.running_count(), 2, "blue scaled down at CLEAN_UP");
    let lbs = s.load_balancers()[0].clone();
    assert_eq!(lbs.target_group_arn(), Some(green.as_str()), "green is production now");
    assert_eq!(lbs.advanced_configuration().unwrap().alternate_target_group_arn(), Some(blue.as_str()));

    // web:3 at its pause hook, rolled back there: production stays on web:2's group.
    let v3 = register(&w.ecs, "nginx:3").await;
    w.ecs.update_service().cluster("sim").service("web").task_definition(&v3).send().await.unwrap();
    let paused = until("the second pause", 60, || async {
        let d = newest_deployment(&w.ecs).await;
        let awaiting = d.lifecycle_hook_details().iter().any(|h| h.status() == Some(&ecs_t::DeploymentLifecycleHookStatus::AwaitingAction));
        (awaiting && d.target_service_revision().and_then(|r| r.arn()) != done.target_service_revision().and_then(|r| r.arn())).then_some(d)
    })
    .await;
    let arn = paused.service_deployment_arn().unwrap().to_string();
    let hook = paused
        .lifecycle_hook_details()
        .iter()
        .find(|h| h.status() == Some(&ecs_t::DeploymentLifecycleHookStatus::AwaitingAction))
        .unwrap()
        .hook_id()
        .unwrap()
        .to_string();
    w.ecs
        .continue_service_deployment()
        .service_deployment_arn(&arn)
        .hook_id(&hook)
        .action(ecs_t::DeploymentLifecycleHookAction::Rollback)
        .send()
        .await
        .unwrap();
    until("the rollback", 60, || async {
        let d = newest_deployment(&w.ecs).await;
        (d.status() == Some(&ecs_t::ServiceDeploymentStatus::RollbackSuccessful)).then_some(())
    })
    .await;
    let s = describe(&w.ecs, "sim", "web").await;
    assert_eq!(s.task_definition(), Some(v2.as_str()));
    assert!(forwards(&w, &production).await.iter().all(|(tg, weight)| tg == &green || *weight == 0), "production on web:2's group");
    let arns = w.ecs.list_tasks().cluster("sim").service_name("web").send().await.unwrap().task_arns().to_vec();
    let tasks = w.ecs.describe_tasks().cluster("sim").set_tasks(Some(arns)).send().await.unwrap();
    assert!(tasks.tasks().iter().all(|t| t.task_definition_arn() == Some(v2.as_str())));
    let err = w.ecs.continue_service_deployment().service_deployment_arn(&arn).hook_id(&hook).send().await.unwrap_err();
    assert!(format!("{:?}", err.into_service_error()).contains("cannot be continued"));
}

/// `sim/web` on web:1 (`nginx:1`), two Fargate tasks behind `blue` with green, the
/// production rule and the optional test rule as its advancedConfiguration, deploying by
/// `deployment`; returns web:1's ARN.
async fn shifting_service(
    w: &World,
    (blue, green, production, test): (&str, &str, &str, Option<&str>),
    deployment: ecs_t::DeploymentConfiguration,
) -> String {
    let advanced = ecs_t::AdvancedConfiguration::builder()
        .alternate_target_group_arn(green)
        .production_listener_rule(production)
        .set_test_listener_rule(test.map(str::to_string))
        .role_arn("arn:aws:iam::000000000000:role/ecsInfrastructureRole")
        .build();
    let v1 = register(&w.ecs, "nginx:1").await;
    w.ecs
        .create_service()
        .cluster("sim")
        .service_name("web")
        .task_definition(&v1)
        .desired_count(2)
        .launch_type(ecs_t::LaunchType::Fargate)
        .network_configuration(w.network.clone())
        .load_balancers(
            ecs_t::LoadBalancer::builder()
                .target_group_arn(blue)
                .container_name("web")
                .container_port(80)
                .advanced_configuration(advanced)
                .build(),
        )
        .health_check_grace_period_seconds(30)
        .deployment_configuration(deployment)
        .send()
        .await
        .unwrap();
    v1
}

/// Waits for the newest deployment of `sim/web` to satisfy `ok`.
async fn newest_when(w: &World, what: &str, ok: impl Fn(&ecs_t::ServiceDeployment) -> bool) -> ecs_t::ServiceDeployment {
    until(what, 90, || async {
        let d = newest_deployment(&w.ecs).await;
        ok(&d).then_some(d)
    })
    .await
}

#[tokio::test]
async fn a_blue_green_deployment_rolls_back_cleanly_from_a_failed_lambda_hook_and_from_its_bake() {
    let (sandbox, config) = sandbox_at(30.0).await;
    let addr = sandbox.addr.to_string();
    let w = world(config).await;
    let (lb, blue) = load_balanced(&w).await;
    let (green, production, test) = blue_green_parts(&w, &lb, &blue).await;
    let function = "arn:aws:lambda:us-east-1:000000000000:function:check";
    let lambda = ecs_t::DeploymentLifecycleHook::builder()
        .target_type(ecs_t::DeploymentLifecycleHookTargetType::AwsLambda)
        .hook_target_arn(function)
        .role_arn("arn:aws:iam::000000000000:role/ecsHookRole")
        .lifecycle_stages(ecs_t::DeploymentLifecycleHookStage::PostScaleUp)
        .timeout_configuration(
            ecs_t::DeploymentLifecycleHookTimeoutConfiguration::builder()
                .timeout_in_minutes(30)
                .action(ecs_t::DeploymentLifecycleHookAction::Rollback)
                .build(),
        )
        .build();
    let deployment = ecs_t::DeploymentConfiguration::builder()
        .strategy(ecs_t::DeploymentStrategy::BlueGreen)
        .bake_time_in_minutes(10)
        .lifecycle_hooks(lambda)
        .build();
    let v1 = shifting_service(&w, (&blue, &green, &production, Some(&test)), deployment).await;
    steady(&w.ecs, "sim", "web", 60).await;
    let simulation = control(&addr, "DescribeSimulation", serde_json::json!({})).await;
    assert_eq!(simulation["hooks"][0]["hookTargetArn"], function, "{simulation}");
    assert_eq!(simulation["hooks"][0]["outcome"], "SUCCEEDED");
    let clean = |what: &'static str| {
        let (w, production, test, blue) = (&w, production.clone(), test.clone(), blue.clone());
        async move {
            assert!(forwards(w, &production).await.iter().all(|(tg, weight)| tg == &blue || *weight == 0), "{what}: production on blue");
            assert!(forwards(w, &test).await.iter().all(|(tg, weight)| tg == &blue || *weight == 0), "{what}: test traffic on blue");
            let s = steady(&w.ecs, "sim", "web", 60).await;
            assert_eq!(s.running_count(), 2, "{what}: green's tasks gone");
            assert_eq!(s.load_balancers()[0].target_group_arn(), Some(blue.as_str()), "{what}: blue still the service's group");
        }
    };

    // web:2: the function fails right after green scales up, before any traffic moves.
    control(&addr, "SetHookOutcome", serde_json::json!({"hookTargetArn": function, "outcome": "FAILED"})).await;
    let v2 = register(&w.ecs, "nginx:2").await;
    w.ecs.update_service().cluster("sim").service("web").task_definition(&v2).send().await.unwrap();
    let failed =
        newest_when(&w, "the failed hook's rollback", |d| d.status() == Some(&ecs_t::ServiceDeploymentStatus::RollbackSuccessful)).await;
    let hook = &failed.lifecycle_hook_details()[0];
    assert_eq!(hook.status(), Some(&ecs_t::DeploymentLifecycleHookStatus::Failed));
    assert_eq!(hook.target_arn(), Some(function));
    clean("after the failed hook").await;
    assert_eq!(describe(&w.ecs, "sim", "web").await.task_definition(), Some(v1.as_str()));

    // web:3: the function keeps the deployment waiting, then succeeds; the deployment goes on
    // through the shift to its ten-minute bake, where it is stopped by hand.
    control(&addr, "SetHookOutcome", serde_json::json!({"hookTargetArn": function, "outcome": "IN_PROGRESS"})).await;
    let v3 = register(&w.ecs, "nginx:3").await;
    w.ecs.update_service().cluster("sim").service("web").task_definition(&v3).send().await.unwrap();
    let waiting = newest_when(&w, "the hook in progress", |d| {
        d.status() == Some(&ecs_t::ServiceDeploymentStatus::InProgress)
            && d.lifecycle_hook_details().iter().any(|h| h.status() == Some(&ecs_t::DeploymentLifecycleHookStatus::InProgress))
    })
    .await;
    assert_eq!(waiting.lifecycle_stage(), Some(&ecs_t::ServiceDeploymentLifecycleStage::PostScaleUp));
    // Asked again every 30 simulated seconds: still waiting a minute and a half later.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let still = newest_deployment(&w.ecs).await;
    assert_eq!(still.lifecycle_stage(), Some(&ecs_t::ServiceDeploymentLifecycleStage::PostScaleUp));
    control(&addr, "SetHookOutcome", serde_json::json!({"hookTargetArn": function, "outcome": "SUCCEEDED"})).await;
    let baking = newest_when(&w, "the bake", |d| d.lifecycle_stage() == Some(&ecs_t::ServiceDeploymentLifecycleStage::BakeTime)).await;
    assert_eq!(forwards(&w, &production).await.iter().find(|(tg, _)| tg == &green).map(|(_, weight)| *weight), Some(100));
    let arn = baking.service_deployment_arn().unwrap().to_string();
    w.ecs
        .stop_service_deployment()
        .service_deployment_arn(&arn)
        .stop_type(ecs_t::StopServiceDeploymentStopType::Rollback)
        .send()
        .await
        .unwrap();
    let stopped = newest_when(&w, "the bake's rollback", |d| d.status() == Some(&ecs_t::ServiceDeploymentStatus::RollbackSuccessful)).await;
    assert_eq!(stopped.service_deployment_arn(), Some(arn.as_str()));
    clean("after the stop in the bake").await;
    assert_eq!(describe(&w.ecs, "sim", "web").await.task_definition(), Some(v1.as_str()));
}

#[tokio::test]
async fn a_canary_whose_errors_set_off_its_alarm_is_rolled_back_and_a_linear_one_shifts_in_steps() {
    let (sandbox, config) = sandbox_at(60.0).await;
    let w = world(config).await;
    let (lb, blue) = load_balanced(&w).await;
    let (green, production, _) = blue_green_parts(&w, &lb, &blue).await;
    let cw = aws_sdk_cloudwatch::Client::new(&w.config);
    let alarms = ecs_t::DeploymentAlarms::builder().alarm_names("web-green-5xx").enable(true).rollback(true).build().unwrap();
    let canary = ecs_t::DeploymentConfiguration::builder()
        .strategy(ecs_t::DeploymentStrategy::Canary)
        .canary_configuration(ecs_t::CanaryConfiguration::builder().canary_percent(20.0).canary_bake_time_in_minutes(5).build())
        .bake_time_in_minutes(1)
        .alarms(alarms)
        .build();
    let v1 = shifting_service(&w, (&blue, &green, &production, None), canary).await;
    // The alarm watches the group green's tasks will serve from.
    five_xx_alarm_named(&cw, "web-green-5xx", &lb, &green).await;
    control(&sandbox.addr.to_string(), "SetTraffic", serde_json::json!({"cluster": "sim", "service": "web", "requestsPerSecond": 50}))
        .await;
    steady(&w.ecs, "sim", "web", 60).await;

    // web:2 answers half its requests with HTTP 500: 20% of production reaches it during
    // the canary's bake, the alarm fires and ECS sends everything back to blue.
    let bad = register(&w.ecs, "nginx:errors-50").await;
    w.ecs.update_service().cluster("sim").service("web").task_definition(&bad).send().await.unwrap();
    let weights = until("the canary's 20%", 60, || async {
        let f = forwards(&w, &production).await;
        f.iter().any(|(tg, weight)| tg == &green && *weight == 20).then_some(f)
    })
    .await;
    assert!(weights.contains(&(blue.clone(), 80)), "{weights:?}");
    let rolled = until("the alarm's rollback", 120, || async {
        let d = newest_deployment(&w.ecs).await;
        (d.status() == Some(&ecs_t::ServiceDeploymentStatus::RollbackSuccessful)).then_some(d)
    })
    .await;
    assert_eq!(rolled.alarms().unwrap().triggered_alarm_names(), ["web-green-5xx".to_string()]);
    assert!(forwards(&w, &production).await.iter().all(|(tg, weight)| tg == &blue || *weight == 0), "all traffic back on blue");
    assert_eq!(describe(&w.ecs, "sim", "web").await.task_definition(), Some(v1.as_str()));

    // Linear: 40% steps a minute apart, each seen on the production rule.
    let linear = ecs_t::DeploymentConfiguration::builder()
        .strategy(ecs_t::DeploymentStrategy::Linear)
        .linear_configuration(ecs_t::LinearConfiguration::builder().step_percent(40.0).step_bake_time_in_minutes(1).build())
        .alarms(ecs_t::DeploymentAlarms::builder().alarm_names("web-green-5xx").enable(false).rollback(false).build().unwrap())
        .build();
    let good = register(&w.ecs, "nginx:2").await;
    w.ecs.update_service().cluster("sim").service("web").task_definition(&good).deployment_configuration(linear).send().await.unwrap();
    let mut seen: Vec<i32> = vec![];
    let deadline = Instant::now() + Duration::from_secs(120);
    let done = loop {
        if let Some(g) = forwards(&w, &production).await.iter().find(|(tg, _)| tg == &green).map(|(_, w)| *w) {
            if seen.last() != Some(&g) {
                seen.push(g);
            }
        }
        let d = newest_deployment(&w.ecs).await;
        if d.status() == Some(&ecs_t::ServiceDeploymentStatus::Successful) {
            break d;
        }
        assert!(Instant::now() < deadline, "the linear deployment did not finish; steps seen: {seen:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(seen.contains(&40) && seen.contains(&80) && seen.contains(&100), "steps seen: {seen:?}");
    assert_eq!(done.deployment_configuration().unwrap().strategy(), Some(&ecs_t::DeploymentStrategy::Linear));
}

#[tokio::test]
async fn no_two_tasks_hold_the_same_private_address_while_their_interfaces_exist() {
    // 300 tasks in two /20 subnets: drawn at random without a check, two would share an
    // address almost surely, and a draining task's deregistration would take the new
    // task's target with it.
    let (_sandbox, config) = sandbox_at(1.0).await;
    let w = world(config).await;
    let td = register(&w.ecs, "nginx:1").await;
    let mut arns = vec![];
    for _ in 0..30 {
        let out = w
            .ecs
            .run_task()
            .cluster("sim")
            .task_definition(&td)
            .count(10)
            .launch_type(ecs_t::LaunchType::Fargate)
            .network_configuration(w.network.clone())
            .send()
            .await
            .unwrap();
        assert!(out.failures().is_empty(), "{:?}", out.failures());
        arns.extend(out.tasks().iter().filter_map(|t| t.task_arn().map(str::to_string)));
    }
    let mut ips = std::collections::BTreeSet::new();
    for batch in arns.chunks(100) {
        let tasks = w.ecs.describe_tasks().cluster("sim").set_tasks(Some(batch.to_vec())).send().await.unwrap();
        for t in tasks.tasks() {
            let ip = t.attachments()[0].details().iter().find(|d| d.name() == Some("privateIPv4Address")).and_then(|d| d.value()).unwrap();
            assert!(ips.insert(ip.to_string()), "{ip} given twice");
        }
    }
    assert_eq!(ips.len(), 300);
}
