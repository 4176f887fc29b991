//! The service path moto can answer through the Rust SDKs: the whole create plan (ALB,
//! target group, listener, service, scalable target, CPU policy), update with its diff,
//! the streamed listing, roll back and delete.

use crate::common;

use berth_core::scaling::{AutoScaling, ScalingMetric};
use berth_core::service_plan::{self, Created, LoadBalancing, NewService, TargetType};
use berth_core::services::{self, DeploymentSettings, ServiceUpdate};
use berth_core::tasks::AwsVpc;
use berth_core::{load_balancers, network, scaling, task_definitions};
use common::Moto;
use serde_json::json;

#[tokio::test]
async fn a_service_behind_a_new_alb_with_scaling_on_moto() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let clients = moto.console(dir.path()).clients().await.unwrap();
    clients.ecs.create_cluster().cluster_name("demo").send().await.unwrap();
    let td = json!({
        "family": "web", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
        "containerDefinitions": [{"name": "web", "image": "nginx", "portMappings": [{"containerPort": 80}]}]
    });
    task_definitions::register(&clients, &td, false).await.unwrap();
    task_definitions::register(&clients, &td, false).await.unwrap();

    let vpc = network::vpcs(&clients).await.unwrap().remove(0);
    let subnets: Vec<String> = network::subnets(&clients, &vpc.vpc_id).await.unwrap().into_iter().take(2).map(|s| s.subnet_id).collect();
    let groups: Vec<String> =
        network::security_groups(&clients, &vpc.vpc_id).await.unwrap().into_iter().take(1).map(|g| g.group_id).collect();
    let input = NewService {
        cluster: "demo".into(),
        service_name: "web".into(),
        task_definition: "web:1".into(),
        launch_type: Some("FARGATE".into()),
        capacity_provider_strategy: vec![],
        desired_count: 2,
        network: Some(AwsVpc { subnets: subnets.clone(), security_groups: groups.clone(), assign_public_ip: false }),
        placement_strategy: vec![],
        placement_constraints: vec![],
        deployment: DeploymentSettings { circuit_breaker: true, rollback: true, ..Default::default() },
        health_check_grace_period_seconds: Some(30),
        load_balancing: Some(LoadBalancing::New {
            load_balancer_name: "web-alb".into(),
            internet_facing: false,
            vpc_id: vpc.vpc_id.clone(),
            subnets,
            security_groups: groups,
            target_group_name: "web-tg".into(),
            target_type: TargetType::Ip,
            health_check_path: "/health".into(),
            container_name: "web".into(),
            container_port: 80,
        }),
        auto_scaling: Some(AutoScaling {
            min_capacity: 1,
            max_capacity: 4,
            metric: ScalingMetric::Cpu,
            target_value: 60.0,
            scale_in_cooldown: 30,
            scale_out_cooldown: 30,
            steps: None,
        }),
        strategy: Default::default(),
        tags: vec![],
        client_token: "moto-web".into(),
    };
    let outcome = service_plan::execute(&clients, &input, Created::default()).await.unwrap();
    assert!(outcome.failed.is_none(), "{:?}", outcome.failed);
    assert_eq!(outcome.done.len(), 6);
    let tg = load_balancers::target_groups(&clients, outcome.created.load_balancer_arn.as_deref()).await.unwrap();
    assert_eq!(
        (tg[0].target_group_name.as_str(), tg[0].target_type.as_str(), tg[0].health_check_path.as_deref()),
        ("web-tg", "ip", Some("/health"))
    );
    let scaled = scaling::describe(&clients, "demo", "web").await.unwrap().expect("scalable target");
    assert_eq!(scaled.max_capacity, Some(4));

    let mut listed = vec![];
    services::list(&clients, "demo", |b| listed.extend(b)).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].load_balancers[0].container_port, 80);

    let update = ServiceUpdate {
        cluster: "demo".into(),
        service: "web".into(),
        task_definition: Some("web:2".into()),
        desired_count: Some(3),
        ..Default::default()
    };
    assert_eq!(update.changes(&listed[0]).len(), 2);
    let updated = services::update(&clients, &update).await.unwrap();
    assert_eq!((updated.task_definition.as_str(), updated.desired_count), ("web:2", 3));

    let report = service_plan::roll_back(&clients, &input, &outcome.created).await;
    assert!(report.iter().all(|u| u.ok), "{report:?}");
    assert!(load_balancers::load_balancers(&clients).await.unwrap().is_empty());
    assert!(scaling::describe(&clients, "demo", "web").await.unwrap().is_none());
}
