//! Deployment history against the sandbox: every rollout is a service deployment with
//! its revisions, two revisions compare field by field, a rollout in progress rolls back
//! by hand to the revision it replaced, and a revision from history is redeployed; each
//! action previewed with its CLI command first.

use crate::common;

use std::time::{Duration, Instant};

use berth_core::deployments::{self, DeploymentDetail, StoppedBy};
use berth_core::service_plan::{self, Created};
use berth_core::services::{self, ServiceUpdate};
use berth_core::{flight, task_definitions, Clients};
use serde_json::json;

async fn register(clients: &Clients, image: &str, mode: &str) -> String {
    let mut td = json!({
        "family": "hist", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
        "containerDefinitions": [{"name": "web", "image": image, "essential": true,
            "portMappings": [{"containerPort": 80, "protocol": "tcp"}], "environment": [{"name": "MODE", "value": mode}]}]
    });
    // The sandbox's `unhealthy` image fails its health check, so a rollout of it never completes.
    if image.ends_with(":unhealthy") {
        td["containerDefinitions"][0]["healthCheck"] =
            json!({"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"], "interval": 10, "retries": 3, "startPeriod": 10});
    }
    let d = task_definitions::register(clients, &td, false).await.unwrap();
    format!("hist:{}", d.task_definition["revision"])
}

/// The newest deployment once `done` says it has come far enough.
async fn newest(clients: &Clients, what: &str, done: impl Fn(&DeploymentDetail) -> bool) -> DeploymentDetail {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let page = deployments::history(clients, "hist", "web", None).await.unwrap();
        let d = page.deployments[0].clone();
        if done(&d) {
            return d;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}: {d:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn rollouts_are_kept_compared_rolled_back_by_hand_and_redeployed() {
    let sandbox = common::sandbox_at(20.0).await;
    let dir = tempfile::tempdir().unwrap();
    let clients = common::sandbox_console(dir.path(), sandbox.url()).clients().await.unwrap();
    clients.ecs.create_cluster().cluster_name("hist").send().await.unwrap();
    let v1 = register(&clients, "nginx:1", "one").await;
    let mut input = common::fargate_service(&clients, "hist", "web", &v1, 80, "hist-web").await;
    (input.load_balancing, input.auto_scaling, input.health_check_grace_period_seconds, input.desired_count) = (None, None, None, 2);
    // No circuit breaker: the bad rollout below is one only a person notices.
    (input.deployment.circuit_breaker, input.deployment.rollback) = (false, false);
    let out = service_plan::execute(&clients, &input, Created::default()).await.unwrap();
    assert!(out.failed.is_none(), "{:?}", out.failed);
    let first = newest(&clients, "the first rollout", |d| d.status == "SUCCESSFUL").await;
    assert_eq!(first.strategy, "ROLLING");
    assert!(first.source_revisions.is_empty() && first.stopped_by.is_none() && !first.can_roll_back);
    assert_eq!(first.circuit_breaker_status.as_deref(), Some("DISABLED"));

    // A second revision rolls out: its deployment names the first as its source.
    let v2 = register(&clients, "nginx:2", "two").await;
    let update = ServiceUpdate { cluster: "hist".into(), service: "web".into(), task_definition: Some(v2.clone()), ..Default::default() };
    services::update(&clients, &update).await.unwrap();
    let second = newest(&clients, "the second rollout", |d| d.status == "SUCCESSFUL" && d.id != first.id).await;
    let rev1 = first.target_revision.clone().unwrap().arn;
    let rev2 = second.target_revision.clone().unwrap().arn;
    assert_eq!(second.source_revisions.iter().map(|s| s.arn.clone()).collect::<Vec<_>>(), vec![rev1.clone()]);
    assert_eq!(second.target_revision.as_ref().unwrap().running, 2);
    let history = deployments::history(&clients, "hist", "web", None).await.unwrap();
    assert_eq!(history.deployments.iter().map(|d| d.id.clone()).collect::<Vec<_>>(), vec![second.id.clone(), first.id.clone()]);
    assert!(history.next_token.is_none());
    let names: Vec<&str> = history.revisions.iter().map(|r| r.task_definition.as_str()).collect();
    assert_eq!(names, vec![v1.as_str(), v2.as_str()], "each revision once: the second's source is the first's target");

    // Compare: the task definition's image, environment and revision differ; the service's configuration does not.
    let cmp = deployments::compare(&clients, &rev1, &rev2).await.unwrap();
    let diff: Vec<(&str, &str, &str)> = cmp.task_definition.iter().map(|d| (d.field.as_str(), d.left.as_str(), d.right.as_str())).collect();
    assert_eq!(diff, vec![("revision", "hist:1", "hist:2"), ("web.image", "nginx:1", "nginx:2"), ("web.environment.MODE", "one", "two")]);
    assert!(cmp.service.is_empty(), "{:?}", cmp.service);
    assert_eq!(cmp.left.container_images[0].image, "nginx:1");
    assert!(cmp.right.network.as_ref().is_some_and(|n| !n.subnets.is_empty()));

    // A rollout whose tasks never pass their health check, stopped by hand.
    let v3 = register(&clients, "nginx:unhealthy", "three").await;
    services::update(&clients, &ServiceUpdate { task_definition: Some(v3.clone()), ..update.clone() }).await.unwrap();
    let third = newest(&clients, "the third rollout", |d| d.id != second.id).await;
    assert!(third.can_roll_back, "{third:?}");
    let preview = deployments::preview_rollback(&clients, "hist", "web", &third.service_deployment_arn).await.unwrap();
    assert_eq!(preview.revision.service_revision_arn, rev2);
    assert!(preview.changes.iter().any(|c| c.field == "taskDefinition" && c.before == v3 && c.after == v2), "{:?}", preview.changes);
    assert!(preview.cli.starts_with(&format!(
        "aws ecs stop-service-deployment --service-deployment-arn {} --stop-type ROLLBACK --region us-east-1",
        third.service_deployment_arn
    )));
    assert!(preview.cli.contains("--endpoint-url http://127.0.0.1:"), "{}", preview.cli);
    // The flight recorder samples while it is asked during the rollout.
    let recordings = flight::Recordings::new(dir.path().join("recordings"));
    let record = |now: f64| flight::record(&clients, &recordings, "sandbox", "hist", "web", &third.service_deployment_arn, now);
    let first_look = record(third.started_at.unwrap() + 5.0).await.unwrap();
    assert!(first_look.live && first_look.samples.len() == 1, "{:?}", first_look.samples);
    deployments::roll_back(&clients, &third.service_deployment_arn).await.unwrap();
    let rolled = newest(&clients, "the rollback", |d| d.status == "ROLLBACK_SUCCESSFUL").await;
    let after = record(rolled.finished_at.unwrap() + 1.0).await.unwrap();
    assert!(!after.live && after.recording && after.samples.len() == 2, "{:?}", after.samples);
    assert_eq!(after.samples[0].old_running, 2, "web:2's tasks still ran as the rollout began");
    let kinds: Vec<&str> = after.moments.iter().map(|m| m.kind.as_str()).collect();
    assert!(kinds.contains(&"rollback") && kinds.first() == Some(&"deployment"), "{kinds:?}");
    assert!(after.moments.iter().any(|m| m.text.contains("ROLLBACK_SUCCESSFUL")), "{:?}", after.moments);
    assert!(after.coverage.starts_with("Task counts and target health recorded while Berth watched: 2 samples"), "{}", after.coverage);
    assert!(after.metrics.iter().any(|m| m.metric_name == "CPUUtilization"));
    let window = flight::metric_window(&clients, &after.metrics, after.start, after.end).await.unwrap();
    assert!(window.error.is_none() && window.period >= 60);
    // Long after, nothing more is sampled: the record is what was kept.
    let later = record(rolled.finished_at.unwrap() + 3600.0).await.unwrap();
    assert!(!later.recording && later.samples.len() == 2);
    assert_eq!(rolled.id, third.id);
    assert_eq!(rolled.stopped_by, Some(StoppedBy::User));
    assert_eq!(rolled.rollback_revision_arn.as_deref(), Some(rev2.as_str()));
    assert_eq!(services::describe(&clients, "hist", "web").await.unwrap().task_definition, v2);
    let err = deployments::preview_rollback(&clients, "hist", "web", &third.service_deployment_arn).await.unwrap_err();
    assert!(err.to_string().contains("only a deployment that is pending or in progress"), "{err}");

    // Redeploy the first revision from history.
    let preview = deployments::preview_redeploy(&clients, "hist", "web", &rev1).await.unwrap();
    assert_eq!(preview.changes.len(), 1);
    assert_eq!((preview.changes[0].before.as_str(), preview.changes[0].after.as_str()), (v2.as_str(), v1.as_str()));
    assert!(
        preview.cli.starts_with("aws ecs update-service --cluster hist --service web --task-definition arn:aws:ecs:us-east-1:"),
        "{}",
        preview.cli
    );
    assert!(!preview.cli.contains("--force-new-deployment"));
    let service = deployments::redeploy(&clients, "hist", "web", &rev1).await.unwrap();
    assert_eq!(service.task_definition, v1);
    let fourth = newest(&clients, "the redeploy", |d| d.id != third.id && d.status == "SUCCESSFUL").await;
    assert_eq!(fourth.source_revisions[0].arn, rev2);
    let again = deployments::preview_redeploy(&clients, "hist", "web", &fourth.target_revision.unwrap().arn).await.unwrap();
    assert_eq!(again.changes[0].field, "forceNewDeployment");
    assert!(again.cli.contains("--force-new-deployment"));
    assert_eq!(deployments::history(&clients, "hist", "web", None).await.unwrap().deployments.len(), 4);

    // An ARN ECS never issued is named in the error.
    let err = deployments::describe(&clients, &format!("{}x", third.service_deployment_arn)).await.unwrap_err();
    assert!(err.to_string().contains("holds no record"), "{err}");
}

#[tokio::test]
async fn a_service_turned_blue_green_waits_at_its_pause_and_continues_when_told() {
    use berth_core::strategy::{self, LifecycleHook, StrategySettings};
    let sandbox = common::sandbox_at(30.0).await;
    let dir = tempfile::tempdir().unwrap();
    let clients = common::sandbox_console(dir.path(), sandbox.url()).clients().await.unwrap();
    clients.ecs.create_cluster().cluster_name("hist").send().await.unwrap();
    let v1 = register(&clients, "nginx:1", "one").await;
    let mut input = common::fargate_service(&clients, "hist", "web", &v1, 80, "hist-bg").await;
    (input.auto_scaling, input.desired_count) = (None, 2);
    assert!(service_plan::execute(&clients, &input, Created::default()).await.unwrap().failed.is_none());
    newest(&clients, "web:1", |d| d.status == "SUCCESSFUL").await;
    let service = services::describe(&clients, "hist", "web").await.unwrap();
    assert_eq!(service.strategy.strategy, "ROLLING");

    // What blue/green needs, found or made: the alternate group, the rules, ECS's role.
    let alternate = strategy::create_alternate_target_group(&clients, &strategy::service_target_group(&service).unwrap()).await.unwrap();
    assert_eq!(alternate.label, "web-tg-alt");
    let (production, test) = strategy::create_listener_rules(&clients, &strategy::service_target_group(&service).unwrap()).await.unwrap();
    let choices = strategy::choices(&clients, &strategy::service_target_group(&service).unwrap(), None).await.unwrap();
    assert!(choices.alternates.iter().any(|c| c.arn == alternate.arn));
    assert!(choices.rules.iter().any(|r| r.arn == production.arn) && choices.rules.iter().any(|r| r.label.contains("default rule")));
    let role = berth_core::iam::create_standard_role(&clients, berth_core::iam::RolePurpose::Infrastructure).await.unwrap();
    let pause = LifecycleHook {
        target_type: "PAUSE".into(),
        function_arn: None,
        role_arn: None,
        stages: vec!["PRE_PRODUCTION_TRAFFIC_SHIFT".into()],
        timeout_minutes: 30,
        timeout_action: "ROLLBACK".into(),
    };
    let settings = StrategySettings {
        strategy: "BLUE_GREEN".into(),
        bake_time_in_minutes: 1,
        hooks: vec![pause],
        alternate_target_group_arn: Some(alternate.arn.clone()),
        production_listener_rule: Some(production.arn.clone()),
        test_listener_rule: Some(test.arn.clone()),
        role_arn: Some(role.arn.clone()),
        ..Default::default()
    };
    let update = ServiceUpdate { cluster: "hist".into(), service: "web".into(), strategy: Some(settings.clone()), ..Default::default() };
    let changes = update.changes(&service);
    assert!(changes.iter().any(|c| c.field == "strategy" && c.before == "ROLLING" && c.after == "BLUE_GREEN"), "{changes:?}");
    assert!(changes.iter().any(|c| c.field == "lifecycleHooks" && c.after == "pause at PRE_PRODUCTION_TRAFFIC_SHIFT"), "{changes:?}");
    let updated = services::update(&clients, &update).await.unwrap();
    assert_eq!(updated.strategy, settings);

    // web:2 goes green, waits at the pause, continues when told.
    let v2 = register(&clients, "nginx:2", "two").await;
    services::update(
        &clients,
        &ServiceUpdate { cluster: "hist".into(), service: "web".into(), task_definition: Some(v2.clone()), ..Default::default() },
    )
    .await
    .unwrap();
    let paused = newest(&clients, "the pause", |d| d.hooks.iter().any(|h| h.status == "AWAITING_ACTION")).await;
    assert_eq!(paused.strategy, "BLUE_GREEN");
    assert_eq!(paused.lifecycle_stage.as_deref(), Some("POST_TEST_TRAFFIC_SHIFT"));
    assert_eq!((paused.production_traffic_weight, paused.test_traffic_weight), (Some(0.0), Some(100.0)));
    let hook = paused.hooks[0].clone();
    assert_eq!(hook.target_type, "PAUSE");
    let cli = strategy::continue_cli(&clients, &paused.service_deployment_arn, &hook.hook_id, "CONTINUE");
    assert!(cli.starts_with(&format!(
        "aws ecs continue-service-deployment --service-deployment-arn {} --hook-id {} --action CONTINUE",
        paused.service_deployment_arn, hook.hook_id
    )));
    assert!(strategy::continue_deployment(&clients, &paused.service_deployment_arn, &hook.hook_id, "LATER").await.is_err());
    strategy::continue_deployment(&clients, &paused.service_deployment_arn, &hook.hook_id, "CONTINUE").await.unwrap();
    let done = newest(&clients, "the blue/green deployment", |d| d.status == "SUCCESSFUL" && d.id == paused.id).await;
    assert_eq!(done.production_traffic_weight, Some(100.0));
    assert_eq!(done.hooks[0].status, "SUCCEEDED");
    let after = services::describe(&clients, "hist", "web").await.unwrap();
    assert_eq!(after.task_definition, v2);
    assert_eq!(after.strategy.alternate_target_group_arn, service.load_balancers[0].target_group_arn, "the groups swapped roles");
}

#[tokio::test]
async fn a_new_canary_service_gets_its_alternate_group_and_rules_from_the_plan_and_rolls_back_clean() {
    use berth_core::service_plan::{LoadBalancing, StepKind};
    use berth_core::strategy::StrategySettings;
    let sandbox = common::sandbox_at(30.0).await;
    let dir = tempfile::tempdir().unwrap();
    let clients = common::sandbox_console(dir.path(), sandbox.url()).clients().await.unwrap();
    clients.ecs.create_cluster().cluster_name("hist").send().await.unwrap();
    let v1 = register(&clients, "nginx:1", "one").await;
    let mut input = common::fargate_service(&clients, "hist", "web", &v1, 80, "hist-canary").await;
    (input.auto_scaling, input.desired_count) = (None, 2);
    input.strategy =
        StrategySettings { strategy: "CANARY".into(), canary_percent: 20.0, canary_bake_time_in_minutes: 2, ..Default::default() };

    // Behind a new load balancer only ECS's role is the user's to name.
    let fields: Vec<String> = input.field_errors().into_iter().map(|e| e.field).collect();
    assert_eq!(fields, vec!["roleArn"]);
    let role = berth_core::iam::create_standard_role(&clients, berth_core::iam::RolePurpose::Infrastructure).await.unwrap();
    input.strategy.role_arn = Some(role.arn.clone());
    assert!(input.field_errors().is_empty(), "{:?}", input.field_errors());
    // Behind an existing target group, the pieces are picked, not made.
    let existing = service_plan::NewService {
        load_balancing: Some(LoadBalancing::Existing {
            target_group_arn: "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/x/1".into(),
            container_name: "web".into(),
            container_port: 80,
        }),
        ..input.clone()
    };
    let fields: Vec<String> = existing.field_errors().into_iter().map(|e| e.field).collect();
    assert_eq!(fields, vec!["alternateTargetGroupArn", "productionListenerRule"]);

    let steps = service_plan::plan(&clients, &input).await.unwrap();
    let kinds: Vec<StepKind> = steps.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        vec![
            StepKind::CreateLoadBalancer,
            StepKind::CreateTargetGroup,
            StepKind::CreateAlternateTargetGroup,
            StepKind::CreateListener,
            StepKind::CreateListenerRules,
            StepKind::CreateService
        ]
    );
    let create = &steps[5].cli;
    assert!(
        create.contains("strategy=CANARY,bakeTimeInMinutes=0,canaryConfiguration={canaryPercent=20,canaryBakeTimeInMinutes=2}"),
        "{create}"
    );
    assert!(
        create.contains(&format!(
            "advancedConfiguration={{alternateTargetGroupArn=\"$ALT_TG_ARN\",productionListenerRule=\"$PROD_RULE_ARN\",testListenerRule=\"$TEST_RULE_ARN\",roleArn={}}}",
            role.arn
        )),
        "{create}"
    );
    assert!(steps[2].cli.contains("--name web-tg-alt"), "{}", steps[2].cli);

    let outcome = service_plan::execute(&clients, &input, Created::default()).await.unwrap();
    assert!(outcome.failed.is_none(), "{:?}", outcome.failed);
    let created = outcome.created.clone();
    let service = outcome.service.unwrap();
    assert_eq!(service.strategy.strategy, "CANARY");
    assert_eq!(service.strategy.canary_percent, 20.0);
    assert_eq!(service.strategy.alternate_target_group_arn, created.alternate_target_group_arn);
    assert_eq!(service.strategy.production_listener_rule, created.production_rule_arn);
    assert_eq!(service.strategy.test_listener_rule, created.test_rule_arn);
    newest(&clients, "the first deployment", |d| d.status == "SUCCESSFUL").await;

    // A retry that lost the rules' answer adopts them rather than making two.
    let forgetful = Created { production_rule_arn: None, test_rule_arn: None, ..created.clone() };
    let adopted = service_plan::adopt(&clients, &input, forgetful).await.unwrap();
    assert_eq!((adopted.production_rule_arn, adopted.test_rule_arn), (created.production_rule_arn.clone(), created.test_rule_arn.clone()));

    let undone = service_plan::roll_back(&clients, &input, &created).await;
    assert!(undone.iter().all(|u| u.ok), "{undone:?}");
    let whats: Vec<&str> = undone.iter().map(|u| u.what.as_str()).collect();
    assert!(whats.contains(&"production listener rule") && whats.contains(&"target group web-tg-alt"), "{whats:?}");
    assert!(clients.elb.describe_target_groups().names("web-tg-alt").send().await.is_err(), "the alternate group is gone");
}
