//! Alarms through berth-core on the sandbox: a ready-made 5XX alarm on a service behind
//! its ALB, checked, created and read back with its history; the service's deployments
//! watch it, and a revision that answers half its requests with errors is failed by the
//! alarm and rolled back by ECS, which the history says.

use crate::common;

use std::time::{Duration, Instant};

use berth_core::alarms::{self, NewAlarm, ServiceMetric};
use berth_core::deployments::{self, StoppedBy};
use berth_core::service_plan::{self, Created};
use berth_core::services::{self, DeploymentAlarmSettings, ServiceUpdate};
use berth_core::{sandbox, task_definitions, Clients};
use serde_json::json;

async fn register(clients: &Clients, image: &str) -> String {
    let td = json!({
        "family": "guarded", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
        "containerDefinitions": [{"name": "web", "image": image, "essential": true, "portMappings": [{"containerPort": 80, "protocol": "tcp"}]}]
    });
    format!("guarded:{}", task_definitions::register(clients, &td, false).await.unwrap().task_definition["revision"])
}

async fn wait<T, F: std::future::Future<Output = Option<T>>>(what: &str, mut check: impl FnMut() -> F) -> T {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_5xx_alarm_guards_a_rollout_and_ecs_rolls_back_when_it_fires() {
    let sandbox = common::sandbox_at(60.0).await;
    let dir = tempfile::tempdir().unwrap();
    let console = common::sandbox_console(dir.path(), sandbox.url());
    let clients = console.clients().await.unwrap();
    clients.ecs.create_cluster().cluster_name("guard").send().await.unwrap();
    let v1 = register(&clients, "nginx:1").await;
    let mut input = common::fargate_service(&clients, "guard", "web", &v1, 80, "guard-web").await;
    (input.auto_scaling, input.desired_count) = (None, 2);
    let out = service_plan::execute(&clients, &input, Created::default()).await.unwrap();
    assert!(out.failed.is_none(), "{:?}", out.failed);
    // ECS rolls back only to a deployment that completed.
    wait("web:1 to complete", || async {
        let s = services::describe(&clients, "guard", "web").await.unwrap();
        (s.deployments.len() == 1 && s.deployments[0].rollout_state.as_deref() == Some("COMPLETED")).then_some(())
    })
    .await;

    // The ready-made alarm: the service's target group's 5XX count, a quiet minute good.
    let template = alarms::service_alarm_template(&clients, "guard", "web", ServiceMetric::Target5xx).await.unwrap();
    assert_eq!(
        (template.namespace.as_str(), template.metric_name.as_str(), template.statistic.as_str()),
        ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum")
    );
    assert_eq!(template.treat_missing_data, "notBreaching");
    let names: Vec<&str> = template.dimensions.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, vec!["LoadBalancer", "TargetGroup"]);
    let bad = NewAlarm { datapoints_to_alarm: 2, ..template.clone() };
    let err = alarms::put(&clients, &bad).await.unwrap_err();
    assert!(err.to_string().contains("Datapoints to alarm"), "{err}");
    assert!(template.cli(&clients).starts_with("aws cloudwatch put-metric-alarm --alarm-name web-5xx --namespace AWS/ApplicationELB"));
    let alarm = alarms::put(&clients, &template).await.unwrap();
    assert_eq!(alarm.state, "INSUFFICIENT_DATA");
    assert!(alarms::list(&clients).await.unwrap().iter().any(|a| a.alarm_name == "web-5xx"));

    // The service's deployments watch it.
    let watch = DeploymentAlarmSettings { alarm_names: vec!["web-5xx".into()], enable: true, rollback: true };
    let update = ServiceUpdate { cluster: "guard".into(), service: "web".into(), alarms: Some(watch.clone()), ..Default::default() };
    let current = services::describe(&clients, "guard", "web").await.unwrap();
    let change = update.changes(&current);
    assert_eq!(
        (change[0].field.as_str(), change[0].before.as_str(), change[0].after.as_str()),
        ("alarms", "off", "web-5xx (roll back on alarm)")
    );
    let s = services::update(&clients, &update).await.unwrap();
    assert_eq!(s.deployment_alarms, Some(watch));
    sandbox::set_traffic(&sandbox.url(), "us-east-1", "guard", "web", 40.0).await.unwrap();
    wait("the alarm OK on a healthy minute", || async {
        (alarms::describe(&clients, "web-5xx").await.unwrap().state == "OK").then_some(())
    })
    .await;

    // Half of web:2's answers are errors: the alarm fires and ECS rolls back to web:1.
    let v2 = register(&clients, "nginx:errors-50").await;
    services::update(
        &clients,
        &ServiceUpdate { cluster: "guard".into(), service: "web".into(), task_definition: Some(v2), ..Default::default() },
    )
    .await
    .unwrap();
    let rolled = wait("the alarm's rollback", || async {
        let page = deployments::history(&clients, "guard", "web", None).await.unwrap();
        page.deployments.into_iter().next().filter(|d| d.status == "ROLLBACK_SUCCESSFUL")
    })
    .await;
    assert_eq!(rolled.stopped_by, Some(StoppedBy::Alarm));
    assert_eq!(rolled.triggered_alarms, vec!["web-5xx".to_string()]);
    assert_eq!(services::describe(&clients, "guard", "web").await.unwrap().task_definition, v1);
    let history = alarms::history(&clients, "web-5xx").await.unwrap();
    assert!(
        history.iter().any(|h| h.kind == "StateUpdate"
            && h.new_state.as_deref() == Some("ALARM")
            && h.reason.as_deref().is_some_and(|r| r.starts_with("Threshold Crossed"))),
        "{history:?}"
    );
    assert_eq!(history.last().unwrap().summary, "Alarm \"web-5xx\" created");
}

#[tokio::test]
async fn a_service_made_with_step_scaling_scales_out_when_its_alarm_fires_and_rolls_back_clean() {
    use berth_core::scaling::{self, AutoScaling, ScalingMetric, StepScaling};
    use berth_core::service_plan::StepKind;
    let sandbox = common::sandbox_at(60.0).await;
    let dir = tempfile::tempdir().unwrap();
    let clients = common::sandbox_console(dir.path(), sandbox.url()).clients().await.unwrap();
    clients.ecs.create_cluster().cluster_name("steps").send().await.unwrap();
    let v1 = register(&clients, "nginx:1").await;
    let mut input = common::fargate_service(&clients, "steps", "web", &v1, 80, "steps-web").await;
    input.desired_count = 1;
    input.auto_scaling = Some(AutoScaling {
        min_capacity: 1,
        max_capacity: 4,
        metric: ScalingMetric::Cpu,
        target_value: 0.0,
        scale_in_cooldown: 60,
        scale_out_cooldown: 60,
        steps: Some(StepScaling {
            scale_out_threshold: 60.0,
            scale_out_by: 2,
            scale_in_threshold: 10.0,
            scale_in_by: 1,
            evaluation_minutes: 2,
        }),
    });
    let steps = service_plan::plan(&clients, &input).await.unwrap();
    let tail: Vec<StepKind> = steps.iter().rev().take(3).map(|s| s.kind).collect();
    assert_eq!(tail, vec![StepKind::PutMetricAlarms, StepKind::PutScalingPolicy, StepKind::RegisterScalableTarget]);
    let alarms_cli = &steps.last().unwrap().cli;
    assert!(alarms_cli.contains("--alarm-name web-cpu-high --namespace AWS/ECS --metric-name CPUUtilization"), "{alarms_cli}");
    assert!(alarms_cli.contains("--threshold 60 --comparison-operator GreaterThanOrEqualToThreshold"), "{alarms_cli}");
    assert!(alarms_cli.contains("--alarm-actions \"$OUT_POLICY_ARN\" --region us-east-1"), "{alarms_cli}");
    assert!(steps[steps.len() - 2].cli.contains("--policy-type StepScaling"), "{}", steps[steps.len() - 2].cli);

    let outcome = service_plan::execute(&clients, &input, Created::default()).await.unwrap();
    assert!(outcome.failed.is_none(), "{:?}", outcome.failed);
    let created = outcome.created.clone();
    assert_eq!(created.alarm_names, vec!["web-cpu-high", "web-cpu-low"]);
    let high = alarms::describe(&clients, "web-cpu-high").await.unwrap();
    assert_eq!(high.alarm_actions, vec![created.step_policy_arns[0].clone()]);
    let described = scaling::describe(&clients, "steps", "web").await.unwrap().unwrap();
    let out = described.policies.iter().find(|p| p.policy_name == "web-cpu-step-out").unwrap();
    assert_eq!((out.policy_type.as_str(), out.steps.clone()), ("StepScaling", vec!["add 2 tasks".to_string()]));
    assert_eq!(out.alarms, vec!["web-cpu-high"], "the alarm calling it, found through CloudWatch");

    // One task under far more traffic than it serves: CPU pins high, the alarm fires, +2.
    sandbox::set_traffic(&sandbox.url(), "us-east-1", "steps", "web", 300.0).await.unwrap();
    wait("the scale-out", || async {
        let s = services::describe(&clients, "steps", "web").await.unwrap();
        (s.desired_count == 3).then_some(())
    })
    .await;
    assert_eq!(alarms::describe(&clients, "web-cpu-high").await.unwrap().state, "ALARM");

    // A retry that lost every scaling answer adopts the policies and alarms.
    let forgetful = Created { step_policy_arns: vec![], alarm_names: vec![], ..created.clone() };
    let adopted = service_plan::adopt(&clients, &input, forgetful).await.unwrap();
    assert_eq!(
        (adopted.step_policy_arns.clone(), adopted.alarm_names.clone()),
        (created.step_policy_arns.clone(), created.alarm_names.clone())
    );

    let undone = service_plan::roll_back(&clients, &input, &created).await;
    assert!(undone.iter().all(|u| u.ok), "{undone:?}");
    assert!(alarms::list(&clients).await.unwrap().is_empty(), "the alarms went with the service");
    assert!(scaling::describe(&clients, "steps", "web").await.unwrap().is_none());
}
