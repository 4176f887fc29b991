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
