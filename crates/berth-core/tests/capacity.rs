//! EC2 capacity through berth-core: instance types with prices, the AMI from SSM, the
//! capacity plan run against the sandbox (instances register, the cluster's default
//! strategy names the provider), a plan whose answer was lost adopted rather than made
//! twice, a refused plan rolled back, and the ordered teardown leaving nothing behind;
//! and the same plan's EC2, Auto Scaling and IAM calls against moto, which answers them.

use crate::common;

use berth_core::capacity::{self, CapacityCreated, NewCapacity, TeardownAction};
use berth_core::clusters::NewCluster;
use berth_core::iam::{self, RolePurpose};
use berth_core::plan::StepKind;
use berth_core::Clients;

async fn subnets(clients: &Clients) -> Vec<String> {
    let out = clients.ec2.describe_subnets().send().await.unwrap();
    out.subnets().iter().filter_map(|s| s.subnet_id().map(String::from)).take(2).collect()
}

fn input(cluster: &str, profile: &str, subnets: Vec<String>, new_cluster: bool) -> NewCapacity {
    NewCapacity {
        cluster: cluster.into(),
        new_cluster: new_cluster.then(|| NewCluster { cluster_name: cluster.into(), container_insights: false, tags: vec![] }),
        name: format!("{cluster}-asg"),
        instance_type: "t3.micro".into(),
        min_size: 0,
        desired_capacity: 2,
        max_size: 4,
        subnets,
        security_groups: vec![],
        key_name: None,
        instance_profile_arn: profile.into(),
        target_capacity: 100,
        managed_termination_protection: true,
        client_token: format!("token-{cluster}"),
    }
}

#[tokio::test]
async fn capacity_plan_registers_instances_and_the_teardown_removes_everything() {
    let sandbox = common::sandbox_at(60.0).await;
    let dir = tempfile::tempdir().unwrap();
    let clients = common::sandbox_console(dir.path(), sandbox.url()).clients().await.unwrap();

    let types = capacity::instance_types(&clients).await.unwrap();
    let micro = types.types.iter().find(|t| t.name == "t3.micro").unwrap();
    assert_eq!((micro.vcpus, micro.memory_mib, micro.architecture.as_str(), micro.free_tier), (2, 1024, "x86_64", true));
    assert_eq!(micro.price_per_hour, Some(0.0104));
    assert!(types.types.iter().any(|t| t.name == "m7g.large" && t.architecture == "arm64"));
    let arm = capacity::ecs_ami(&clients, "arm64").await.unwrap();
    let x86 = capacity::ecs_ami(&clients, "x86_64").await.unwrap();
    assert_ne!(arm.image_id, x86.image_id);
    assert!(x86.parameter.ends_with("amazon-linux-2023/recommended"));

    let role = iam::create_standard_role(&clients, RolePurpose::Instance).await.unwrap();
    let profile = role.instance_profile_arn.unwrap();
    let new = input("learn", &profile, subnets(&clients).await, true);

    // Bad input names its field before AWS sees it.
    let mut bad = new.clone();
    bad.name = "ecs-capacity".into();
    bad.desired_capacity = 9;
    let fields: Vec<String> = bad.field_errors().into_iter().map(|e| e.field).collect();
    assert_eq!(fields, ["name", "desiredCapacity"]);
    let mut no_profile = new.clone();
    no_profile.instance_profile_arn = "arn:aws:iam::000000000000:instance-profile/missing".into();
    let refused = capacity::plan(&clients, &no_profile).await.unwrap_err();
    assert_eq!(refused.field(), Some("instanceProfileArn"));

    let steps = capacity::plan(&clients, &new).await.unwrap();
    let kinds: Vec<StepKind> = steps.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            StepKind::CreateCluster,
            StepKind::CreateLaunchTemplate,
            StepKind::CreateAutoScalingGroup,
            StepKind::CreateCapacityProvider,
            StepKind::PutClusterCapacityProviders
        ]
    );
    let outcome = capacity::execute(&clients, &new, CapacityCreated::default()).await.unwrap();
    assert!(outcome.failed.is_none(), "{:?}", outcome.failed);
    assert_eq!(outcome.done.len(), 5);

    // A run whose answers were all lost: the plan's tagged resources are adopted.
    let again = capacity::execute(&clients, &new, CapacityCreated::default()).await.unwrap();
    assert!(again.failed.is_none(), "{:?}", again.failed);
    assert_eq!(again.created.launch_template_id, outcome.created.launch_template_id);
    assert_eq!(again.created.auto_scaling_group_arn, outcome.created.auto_scaling_group_arn);

    let cluster = berth_core::clusters::describe(&clients.ecs, "learn").await.unwrap();
    assert!(cluster.capacity_providers.contains(&"learn-asg".to_string()));
    assert_eq!(cluster.default_capacity_provider_strategy[0].capacity_provider, "learn-asg");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let instances = berth_core::container_instances::list(&clients, "learn").await.unwrap();
        if instances.len() == 2 {
            assert!(instances.iter().all(|i| i.memory_registered == 998 && i.cpu_registered == 2048), "{instances:?}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "two instances register");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let infra = capacity::infrastructure(&clients, "learn").await.unwrap();
    let provider = infra.providers.iter().find(|p| p.name == "learn-asg").unwrap();
    assert_eq!(provider.managed_scaling.as_deref(), Some("ENABLED"));
    assert_eq!(provider.weight, Some(1));
    let group = provider.group.as_ref().unwrap();
    assert_eq!((group.min_size, group.desired_capacity, group.max_size, group.instances.len()), (0, 2, 4, 2));
    assert!(group.activities.iter().any(|a| a.description.starts_with("Launching a new EC2 instance")));

    // A second plan for the same group name fails at that step and rolls back cleanly.
    let mut clash = input("learn", &profile, subnets(&clients).await, false);
    clash.name = "learn-asg".into();
    clash.client_token = "other".into();
    let failed = capacity::execute(&clients, &clash, CapacityCreated::default()).await.unwrap();
    let failure = failed.failed.clone().unwrap();
    assert_eq!(failure.kind, StepKind::CreateLaunchTemplate, "{failure:?}");
    let undone = capacity::roll_back(&clients, &clash, &failed.created).await;
    assert!(undone.iter().all(|u| u.ok), "{undone:?}");

    // The teardown, in order; the role Berth made is offered and, ticked, deleted.
    let teardown = capacity::teardown_plan(&clients, "learn").await.unwrap();
    assert!(teardown.blockers.is_empty());
    let actions: Vec<&TeardownAction> = teardown.steps.iter().map(|s| &s.action).collect();
    assert!(matches!(actions[0], TeardownAction::StopTasks));
    assert!(matches!(actions[1], TeardownAction::ScaleToZero { .. }));
    assert!(matches!(actions.last().unwrap(), TeardownAction::DeleteRole { role, .. } if role == "ecsInstanceRole"));
    let wrong = capacity::teardown_step(&clients, "learn", actions[0], "lean").await.unwrap_err();
    assert_eq!(wrong.code(), "ConfirmationMismatch", "{wrong:?}");
    for step in &teardown.steps {
        capacity::teardown_step(&clients, "learn", &step.action, "learn").await.unwrap_or_else(|e| panic!("{}: {e}", step.title));
    }
    let gone = clients.asg.describe_auto_scaling_groups().auto_scaling_group_names("learn-asg").send().await.unwrap();
    assert!(gone.auto_scaling_groups().is_empty());
    assert_eq!(berth_core::clusters::describe(&clients.ecs, "learn").await.unwrap().status, "INACTIVE");
    assert!(iam::list_roles(&clients, RolePurpose::Instance).await.unwrap().is_empty());
}

#[tokio::test]
async fn capacity_calls_on_moto() {
    let moto = common::Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let clients = moto.console(dir.path()).clients().await.unwrap();
    let types = capacity::instance_types(&clients).await.unwrap();
    assert!(types.types.iter().any(|t| t.name == "t3.micro" && t.vcpus == 2 && t.memory_mib == 1024), "moto lists the families");
    let role = iam::create_standard_role(&clients, RolePurpose::Instance).await.unwrap();
    let profile = role.instance_profile_arn.unwrap();
    let new = input("moto", &profile, subnets(&clients).await, true);
    // moto's SSM holds the public ECS parameters too, so the plan runs there as well.
    let outcome = capacity::execute(&clients, &new, CapacityCreated::default()).await.unwrap();
    assert!(outcome.failed.is_none(), "{:?}", outcome.failed);
    let undone = capacity::roll_back(&clients, &new, &outcome.created).await;
    assert!(undone.iter().all(|u| u.ok), "{undone:?}");
}

#[tokio::test]
async fn a_bridge_service_on_ec2_capacity_registers_its_instances_behind_an_alb() {
    use berth_core::placement::PlacementStrategyItem;
    use berth_core::service_plan::{self, Created, LoadBalancing, NewService, TargetType};
    use berth_core::services::{CapacityProviderItem, DeploymentSettings};

    let sandbox = common::sandbox_at(60.0).await;
    let dir = tempfile::tempdir().unwrap();
    let clients = common::sandbox_console(dir.path(), sandbox.url()).clients().await.unwrap();
    let role = iam::create_standard_role(&clients, RolePurpose::Instance).await.unwrap();
    let subnets = subnets(&clients).await;
    let capacity = input("ships", &role.instance_profile_arn.unwrap(), subnets.clone(), true);
    let outcome = capacity::execute(&clients, &capacity, CapacityCreated::default()).await.unwrap();
    assert!(outcome.failed.is_none(), "{:?}", outcome.failed);
    let td = serde_json::json!({
        "family": "bridge-web", "networkMode": "bridge", "requiresCompatibilities": ["EC2"],
        "containerDefinitions": [{"name": "web", "image": "public.ecr.aws/nginx/nginx:latest", "memory": 256, "essential": true,
            "portMappings": [{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}]}]
    });
    berth_core::task_definitions::register(&clients, &td, false).await.unwrap();
    let vpc = berth_core::network::vpcs(&clients).await.unwrap().remove(0);
    let groups: Vec<String> =
        berth_core::network::security_groups(&clients, &vpc.vpc_id).await.unwrap().into_iter().map(|g| g.group_id).take(1).collect();
    let service = NewService {
        cluster: "ships".into(),
        service_name: "web".into(),
        task_definition: "bridge-web:1".into(),
        launch_type: None,
        capacity_provider_strategy: vec![CapacityProviderItem { capacity_provider: "ships-asg".into(), weight: 1, base: 0 }],
        desired_count: 2,
        network: None,
        placement_strategy: vec![PlacementStrategyItem { kind: "spread".into(), field: Some("instanceId".into()) }],
        placement_constraints: vec![],
        deployment: DeploymentSettings { minimum_healthy_percent: 100, maximum_percent: 200, circuit_breaker: true, rollback: true },
        health_check_grace_period_seconds: Some(30),
        load_balancing: Some(LoadBalancing::New {
            load_balancer_name: "ships-alb".into(),
            internet_facing: true,
            vpc_id: vpc.vpc_id.clone(),
            subnets,
            security_groups: groups,
            target_group_name: "ships-tg".into(),
            target_type: TargetType::Ip,
            health_check_path: "/".into(),
            container_name: "web".into(),
            container_port: 80,
        }),
        auto_scaling: None,
        strategy: Default::default(),
        tags: vec![],
        client_token: "ships-web".into(),
    };

    // Rules before AWS: Fargate takes no placement; a bridge revision's target group is
    // of type instance, which the plan says against the revision itself.
    let mut on_fargate = service.clone();
    on_fargate.capacity_provider_strategy = vec![];
    on_fargate.launch_type = Some("FARGATE".into());
    assert!(on_fargate.field_errors().iter().any(|e| e.field == "placementStrategy"), "{:?}", on_fargate.field_errors());
    let wrong_type = service_plan::plan(&clients, &service).await.unwrap_err();
    assert_eq!(wrong_type.field(), Some("loadBalancing.targetType"), "{wrong_type:?}");

    let mut service = service;
    if let Some(LoadBalancing::New { target_type, .. }) = &mut service.load_balancing {
        *target_type = TargetType::Instance;
    }
    let steps = service_plan::plan(&clients, &service).await.unwrap();
    let cli: Vec<&str> = steps.iter().map(|s| s.cli.as_str()).collect();
    assert!(cli.iter().any(|c| c.contains("--target-type instance")), "{cli:?}");
    assert!(cli.iter().any(|c| c.contains("--placement-strategy type=spread,field=instanceId")), "{cli:?}");
    let created = service_plan::execute(&clients, &service, Created::default()).await.unwrap();
    assert!(created.failed.is_none(), "{:?}", created.failed);
    let tg = created.created.target_group_arn.clone().unwrap();

    // Each task is its instance and a dynamic host port; spread by instance puts one on each.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    let targets = loop {
        let health = berth_core::load_balancers::target_health(&clients, &tg).await.unwrap();
        if health.len() == 2 && health.iter().all(|t| t.state == "healthy") {
            break health;
        }
        assert!(std::time::Instant::now() < deadline, "two healthy instance targets: {health:?}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert!(targets.iter().all(|t| t.id.starts_with("i-") && t.port.is_some_and(|p| (49153..=65535).contains(&p))), "{targets:?}");
    assert_ne!(targets[0].id, targets[1].id, "spread by instanceId: {targets:?}");
}
