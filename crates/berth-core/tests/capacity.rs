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
