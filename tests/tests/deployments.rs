//! Deployment history in the real window, on the sandbox: roll out a revision and find it
//! in the service's Deployments tab with its compare; start a bad rollout and roll it back
//! by hand from the history, the preview and CLI command first; redeploy an old revision.
//! Then an alarm made in the Update dialog guards a rollout: a revision that answers with
//! errors sets it off, ECS rolls back, and the flight recorder shows it as it happened.

use std::time::Duration;

use berth_e2e::{aws_json, aws_query, App};
use serde_json::json;

fn register(endpoint: &str, image: &str, mode: &str) {
    let mut td = json!({
        "family": "web", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
        "containerDefinitions": [{"name": "web", "image": image, "essential": true,
            "portMappings": [{"containerPort": 80, "protocol": "tcp"}], "environment": [{"name": "MODE", "value": mode}]}]
    });
    // The sandbox's `unhealthy` image fails its health check: a rollout of it never completes.
    if image.ends_with(":unhealthy") {
        td["containerDefinitions"][0]["healthCheck"] =
            json!({"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"], "interval": 10, "retries": 3, "startPeriod": 10});
    }
    aws_json(endpoint, "ecs", "AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition", td);
}

/// The Update modal, the newest revision preselected, reviewed and sent.
fn update_to(app: &App, revision: &str) {
    app.button("Overview").click();
    app.css("[data-testid=update-service]").click();
    app.until("the newest revision preselected", Duration::from_secs(20), |b| {
        b.contains("Task definition revision") && b.contains(revision)
    });
    app.css("[data-testid=review-update]").click();
    app.wait_text("What will change");
    app.css("[data-testid=send-update]").click();
    app.wait_text("Updating web");
    let gone = "return document.querySelector('[data-testid=update-service-modal]') === null";
    app.until("the dialog to close", Duration::from_secs(10), |_| app.script(gone, json!([])) == json!(true));
}

/// Opens the service's Deployments tab. A click that lands while the page re-renders
/// after an update can be lost (or land on the closing dialog's overlay), so the tab is
/// clicked again until the history shows.
fn deployments_tab(app: &App) {
    let shown = "return document.querySelector('[data-testid=deployment-history]') !== null";
    let click = "const tab = [...document.querySelectorAll('button')].find((b) => b.innerText.trim() === 'Deployments'); if (tab) tab.click(); return !!tab;";
    for _ in 0..10 {
        app.script(click, json!([]));
        let deadline = std::time::Instant::now() + Duration::from_secs(3);
        while std::time::Instant::now() < deadline {
            if app.script(shown, json!([])) == json!(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    panic!("the Deployments tab never opened");
}

fn history(app: &App) -> String {
    app.css("[data-testid=deployment-history]").text()
}

/// Selects the history row `row` (an XPath step under the table body). Cloudscape draws
/// its own radio over a transparent native input, which WebDriver finds but will not
/// call displayed; the input's own click is what a user's click on the circle does.
fn select_row(app: &App, row: &str) {
    let xpath = format!("//*[@data-testid='deployment-history']//tbody/{row}//input[@type='radio']");
    let script = "const el = document.evaluate(arguments[0], document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue; if (el) el.click(); return !!el;";
    app.until(&format!("the row {row}"), Duration::from_secs(20), |_| app.script(script, json!([xpath])) == json!(true));
}

#[test]
#[ignore = "needs a display, a keyring and tauri-driver: run through `cargo xtask test`"]
fn a_rollout_is_found_in_history_a_bad_one_is_rolled_back_by_hand_and_an_old_revision_redeployed() {
    let data = std::env::temp_dir().join(format!("berth-e2e-deployments-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let app = App::launch_sandbox_at(&data, "20");
    let endpoint = app.sandbox_endpoint();
    aws_json(&endpoint, "ecs", "AmazonEC2ContainerServiceV20141113.CreateCluster", json!({"clusterName": "demo"}));
    register(&endpoint, "nginx:1", "one");
    let subnets = aws_query(&endpoint, "ec2", "Action=DescribeSubnets&Version=2016-11-15");
    let subnet = subnets.split("<subnetId>").nth(1).and_then(|s| s.split('<').next()).expect("a default subnet").to_string();
    aws_json(
        &endpoint,
        "ecs",
        "AmazonEC2ContainerServiceV20141113.CreateService",
        json!({"cluster": "demo", "serviceName": "web", "taskDefinition": "web:1", "desiredCount": 2, "launchType": "FARGATE",
            "networkConfiguration": {"awsvpcConfiguration": {"subnets": [subnet]}}}),
    );

    // web:2 rolled out from the Update modal, then found in the history beside web:1's.
    register(&endpoint, "nginx:2", "two");
    app.link("Services").click();
    app.find("xpath", "//table//a[normalize-space(.)='web']").click();
    app.wait_text("Desired / running / pending");
    update_to(&app, "web:2");
    deployments_tab(&app);
    app.until("both deployments successful", Duration::from_secs(120), |_| {
        let h = history(&app);
        h.matches("Successful").count() == 2 && h.contains("web:1 → web:2")
    });
    let h = history(&app);
    assert!(h.contains("ROLLING") && h.contains("Deployments (2)"), "{h}");
    app.screenshot("68-deployment-history");

    // The newest deployment: how it went, its revision and the compare with web:1.
    app.find("xpath", "//*[@data-testid='deployment-history']//tr[contains(., 'web:1 → web:2')]//a").click();
    app.wait_text("How it went");
    app.until("the compare", Duration::from_secs(20), |b| b.contains("web.environment.MODE"));
    let compare = app.css("[data-testid=compare-task-definition]").text();
    assert!(compare.contains("web.image") && compare.contains("nginx:1") && compare.contains("nginx:2"), "{compare}");
    assert!(app.css("[data-testid=compare-service]").text().contains("The same on both sides"));
    app.css("[data-testid=revision-compare]").scroll_to();
    app.screenshot("69-deployment-compare");

    // A revision whose tasks never pass their health check, on a service without a
    // circuit breaker: the rollout goes on replacing them until the operator rolls it back
    // by hand from the history.
    register(&endpoint, "nginx:unhealthy", "three");
    app.link("Services").click();
    app.find("xpath", "//table//a[normalize-space(.)='web']").click();
    app.wait_text("Desired / running / pending");
    update_to(&app, "web:3");
    deployments_tab(&app);
    app.until("the rollout in progress", Duration::from_secs(30), |_| history(&app).contains("In progress"));
    select_row(&app, "tr[contains(., 'In progress')]");
    app.css("[data-testid=roll-back-deployment]").click();
    app.until("the rollback preview", Duration::from_secs(20), |b| b.contains("stop-service-deployment"));
    let changes = app.css("[data-testid=action-changes]").text();
    assert!(changes.contains("taskDefinition") && changes.contains("web:3") && changes.contains("web:2"), "{changes}");
    let cli = app.css("[data-testid=action-cli]").text();
    assert!(
        cli.contains("aws ecs stop-service-deployment --service-deployment-arn arn:aws:ecs:") && cli.contains("--stop-type ROLLBACK"),
        "{cli}"
    );
    app.screenshot("70-deployment-rollback-preview");
    app.css("[data-testid=confirm-deployment-action]").click();
    app.wait_text("is rolling back");
    app.until("the rollback to finish", Duration::from_secs(120), |_| {
        let h = history(&app);
        h.contains("Rolled back") && h.contains("Stopped by hand")
    });
    app.until("Roll back offered no more", Duration::from_secs(10), |_| !app.css("[data-testid=roll-back-deployment]").enabled());
    app.screenshot("71-deployment-rolled-back");

    // web:1 again, from the oldest deployment in the history.
    select_row(&app, "tr[last()]");
    app.css("[data-testid=redeploy-revision]").click();
    app.until("the redeploy preview", Duration::from_secs(20), |b| b.contains("aws ecs update-service --cluster demo --service web"));
    let changes = app.css("[data-testid=action-changes]").text();
    assert!(changes.contains("web:2") && changes.contains("web:1"), "{changes}");
    app.screenshot("72-deployment-redeploy-preview");
    app.css("[data-testid=confirm-deployment-action]").click();
    app.until("the redeploy to finish", Duration::from_secs(120), |_| {
        let h = history(&app);
        h.contains("Deployments (4)") && h.contains("web:2 → web:1") && h.matches("Successful").count() == 3
    });
    let services =
        aws_json(&endpoint, "ecs", "AmazonEC2ContainerServiceV20141113.DescribeServices", json!({"cluster": "demo", "services": ["web"]}));
    assert!(services["services"][0]["taskDefinition"].as_str().unwrap().ends_with("web:1"), "{services}");
}

/// The text of the first `<tag>` in an XML answer.
fn xml_value(xml: &str, tag: &str) -> String {
    xml.split(&format!("<{tag}>")).nth(1).and_then(|s| s.split('<').next()).unwrap_or_else(|| panic!("no <{tag}> in {xml}")).to_string()
}

/// A fresh app on the sandbox whose cluster `demo` runs `web` behind an ALB (below).
fn balanced_service(name: &str) -> (App, String) {
    let data = std::env::temp_dir().join(format!("berth-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let app = App::launch_sandbox_at(&data, "20");
    let endpoint = app.sandbox_endpoint();
    aws_json(&endpoint, "ecs", "AmazonEC2ContainerServiceV20141113.CreateCluster", json!({"clusterName": "demo"}));
    register(&endpoint, "nginx:1", "one");
    service_behind_alb(&endpoint);
    (app, endpoint)
}

/// A service `web` of two web:1 tasks behind a new ALB, taking 40 requests a second.
fn service_behind_alb(endpoint: &str) {
    let endpoint = endpoint.to_string();
    let subnets = aws_query(&endpoint, "ec2", "Action=DescribeSubnets&Version=2016-11-15");
    let ids: Vec<String> = subnets.split("<subnetId>").skip(1).filter_map(|s| s.split('<').next()).map(String::from).take(2).collect();
    let vpc = xml_value(&subnets, "vpcId");
    let lb = aws_query(
        &endpoint,
        "elasticloadbalancing",
        &format!("Action=CreateLoadBalancer&Version=2015-12-01&Name=web-alb&Subnets.member.1={}&Subnets.member.2={}", ids[0], ids[1]),
    );
    let lb = xml_value(&lb, "LoadBalancerArn");
    let tg = aws_query(
        &endpoint,
        "elasticloadbalancing",
        &format!("Action=CreateTargetGroup&Version=2015-12-01&Name=web-tg&Protocol=HTTP&Port=80&VpcId={vpc}&TargetType=ip&HealthCheckIntervalSeconds=5&HealthCheckTimeoutSeconds=2&HealthyThresholdCount=2"),
    );
    let tg = xml_value(&tg, "TargetGroupArn");
    aws_query(
        &endpoint,
        "elasticloadbalancing",
        &format!("Action=CreateListener&Version=2015-12-01&LoadBalancerArn={lb}&Protocol=HTTP&Port=80&DefaultActions.member.1.Type=forward&DefaultActions.member.1.TargetGroupArn={tg}"),
    );
    aws_json(
        &endpoint,
        "ecs",
        "AmazonEC2ContainerServiceV20141113.CreateService",
        json!({"cluster": "demo", "serviceName": "web", "taskDefinition": "web:1", "desiredCount": 2, "launchType": "FARGATE",
            "networkConfiguration": {"awsvpcConfiguration": {"subnets": [ids[0]]}},
            "loadBalancers": [{"targetGroupArn": tg, "containerName": "web", "containerPort": 80}], "healthCheckGracePeriodSeconds": 30}),
    );
    aws_json(&endpoint, "ecs", "BerthSandbox.SetTraffic", json!({"cluster": "demo", "service": "web", "requestsPerSecond": 40}));
}

#[test]
#[ignore = "needs a display, a keyring and tauri-driver: run through `cargo xtask test`"]
fn an_alarm_made_in_the_update_dialog_fails_a_bad_rollout_and_ecs_rolls_back() {
    let (app, endpoint) = balanced_service("alarms");

    // The alarm made in the Update dialog on the service's target 5XX count, its
    // threshold drawn on the live chart, then watched by the service's deployments.
    app.link("Services").click();
    app.find("xpath", "//table//a[normalize-space(.)='web']").click();
    app.until("web:1 to complete", Duration::from_secs(60), |b| b.contains("COMPLETED"));
    app.css("[data-testid=update-service]").click();
    app.wait_text("Deployment alarms");
    app.css("[data-testid=new-alarm]").click();
    app.until("the 5XX template", Duration::from_secs(20), |b| b.contains("HTTPCode_Target_5XX_Count"));
    app.css("[data-testid=alarm-threshold] input").replace_text("10");
    app.until("the CLI command", Duration::from_secs(20), |_| {
        app.css("[data-testid=alarm-cli]").text().contains("--metric-name HTTPCode_Target_5XX_Count")
    });
    app.css("[data-testid=alarm-datapoints] input").replace_text("2");
    app.wait_text("Datapoints to alarm is 1 to the number of evaluation periods");
    app.css("[data-testid=alarm-datapoints] input").replace_text("1");
    app.wait_gone("Datapoints to alarm is 1 to the number of evaluation periods");
    app.css("[data-testid=alarm-editor-chart]").scroll_to();
    app.until("a point on the chart", Duration::from_secs(60), |_| !app.css("[data-testid=alarm-editor-chart]").text().contains("No data"));
    app.screenshot("73-alarm-editor-threshold");
    app.css("[data-testid=create-alarm]").click();
    app.until("the alarm chosen", Duration::from_secs(20), |_| app.css("[data-testid=alarm-names]").text().contains("web-5xx"));
    app.css("[data-testid=review-update]").click();
    app.wait_text("What will change");
    let diff = app.css("[data-testid=update-diff]").text();
    assert!(diff.contains("alarms") && diff.contains("web-5xx (roll back on alarm)"), "{diff}");
    app.css("[data-testid=send-update]").click();
    app.wait_text("Updating web");
    app.until("the alarms on the overview", Duration::from_secs(20), |b| b.contains("web-5xx, with rollback"));

    // web:2 answers half its requests with HTTP 500: the operator watches the rollout in
    // its flight recorder as the alarm fires and ECS rolls back.
    register(&endpoint, "nginx:errors-50", "two");
    update_to(&app, "web:2");
    deployments_tab(&app);
    app.until("the rollout listed", Duration::from_secs(30), |_| history(&app).contains("web:1 → web:2"));
    app.find("xpath", "//*[@data-testid='deployment-history']//tr[contains(., 'web:1 → web:2')]//a").click();
    app.wait_text("Flight recorder");
    app.until("the alarm's rollback", Duration::from_secs(180), |_| {
        app.css("[data-testid=deployment-status]").text().contains("Rolled back")
    });
    app.until("the alarm on the timeline", Duration::from_secs(30), |_| {
        let timeline = app.css("[data-testid=flight-timeline]").text();
        timeline.contains("web-5xx:") && timeline.contains("→ ALARM") && timeline.contains("Rollback started")
    });
    let coverage = app.css("[data-testid=flight-coverage]").text();
    assert!(coverage.contains("recorded while Berth watched"), "{coverage}");
    assert!(app.css("[data-testid=deployment-stopped-by]").text().contains("CloudWatch alarm: web-5xx"));
    app.css("[data-testid=flight-recorder]").scroll_to();
    app.screenshot("76-flight-recorder-alarm-rollback");
    app.link("Services").click();
    app.find("xpath", "//table//a[normalize-space(.)='web']").click();
    app.wait_text("Desired / running / pending");
    deployments_tab(&app);
    app.until("the history", Duration::from_secs(30), |_| {
        let h = history(&app);
        h.contains("Rolled back") && h.contains("CloudWatch alarm: web-5xx")
    });
    app.screenshot("74-alarm-rollback-history");
    let services =
        aws_json(&endpoint, "ecs", "AmazonEC2ContainerServiceV20141113.DescribeServices", json!({"cluster": "demo", "services": ["web"]}));
    assert!(services["services"][0]["taskDefinition"].as_str().unwrap().ends_with("web:1"), "{services}");

    // The alarm's own screen: its history holds the transition to ALARM.
    app.link("Alarms").click();
    app.find("xpath", "//table//a[normalize-space(.)='web-5xx']").click();
    app.until("the history", Duration::from_secs(30), |_| app.css("[data-testid=alarm-history]").text().contains("to ALARM"));
    app.until("the chart", Duration::from_secs(60), |_| !app.css("[data-testid=alarm-chart]").text().contains("No data"));
    app.screenshot("75-alarm-detail");
}

/// Opens the newest deployment of the service from its Deployments tab.
fn open_newest(app: &App, revisions: &str) {
    app.link("Services").click();
    app.find("xpath", "//table//a[normalize-space(.)='web']").click();
    app.wait_text("Desired / running / pending");
    deployments_tab(app);
    app.until("the deployment listed", Duration::from_secs(30), |_| history(app).contains(revisions));
    app.find("xpath", &format!("//*[@data-testid='deployment-history']//tr[contains(., '{revisions}')]//a")).click();
    app.wait_text("How it went");
}

#[test]
#[ignore = "needs a display, a keyring and tauri-driver: run through `cargo xtask test`"]
fn a_blue_green_deployment_waits_for_approval_and_a_canary_with_errors_is_rolled_back_by_its_alarm() {
    let (app, endpoint) = balanced_service("blue-green");

    // The Update dialog turns the service blue/green: an alternate target group, production
    // and test rules and ECS's infrastructure role made from the dialog, a pause before
    // production traffic moves, a minute's bake.
    app.link("Services").click();
    app.find("xpath", "//table//a[normalize-space(.)='web']").click();
    app.until("web:1 to complete", Duration::from_secs(60), |b| b.contains("COMPLETED"));
    app.css("[data-testid=update-service]").click();
    app.wait_text("Deployment strategy");
    app.button("Blue/green").click();
    app.css("[data-testid=create-alternate]").click();
    app.until("the alternate group", Duration::from_secs(20), |b| b.contains("web-tg-alt"));
    app.css("[data-testid=create-rules]").click();
    app.until("the rules", Duration::from_secs(20), |b| b.contains("priority 2 (path-pattern /*)"));
    app.css("[data-testid=infrastructure-role-create]").click();
    app.css("[data-testid=create-standard-role]").click();
    app.until("the role", Duration::from_secs(20), |_| {
        app.css("[data-testid=infrastructure-role] input").value().contains("ecsInfrastructureRoleForLoadBalancers")
    });
    app.css("[data-testid=bake-time] input").replace_text("1");
    app.css("[data-testid=add-pause]").click();
    app.css("[data-testid=strategy]").scroll_to();
    app.screenshot("77-blue-green-settings");
    app.css("[data-testid=review-update]").click();
    app.wait_text("What will change");
    let diff = app.css("[data-testid=update-diff]").text();
    assert!(diff.contains("BLUE_GREEN") && diff.contains("pause at PRE_PRODUCTION_TRAFFIC_SHIFT"), "{diff}");
    app.css("[data-testid=send-update]").click();
    app.wait_text("Updating web");

    // web:2 goes green, test traffic reaches it, and the deployment waits for approval.
    register(&endpoint, "nginx:2", "two");
    update_to(&app, "web:2");
    open_newest(&app, "web:1 → web:2");
    app.until("the pause", Duration::from_secs(120), |_| app.css("[data-testid=hooks]").text().contains("Waiting for you"));
    let split = app.css("[data-testid=traffic-split]").text();
    assert!(split.contains("new revision 0%") && split.contains("test traffic on the new revision: 100%"), "{split}");
    assert!(app.css("[data-testid=hook-countdown]").text().contains("left, then roll back"));
    assert!(app.css("[data-testid=hook-cli]").text().contains("aws ecs continue-service-deployment --service-deployment-arn"));
    app.css("[data-testid=lifecycle]").scroll_to();
    app.screenshot("78-blue-green-paused-for-approval");
    app.css("[data-testid=hook-continue]").click();
    app.until("production on green and the bake", Duration::from_secs(60), |_| {
        app.css("[data-testid=traffic-split]").text().contains("new revision 100%")
    });
    app.until("the deployment to finish", Duration::from_secs(120), |_| {
        app.css("[data-testid=deployment-status]").text().contains("Successful")
    });
    app.until("the stages on the timeline", Duration::from_secs(30), |_| {
        let t = app.css("[data-testid=flight-timeline]").text();
        t.contains("Stage BAKE_TIME") && t.contains("Pause hook")
    });
    app.css("[data-testid=flight-recorder]").scroll_to();
    app.screenshot("79-blue-green-flight-recorder");

    // Canary: 20% for five minutes, guarded by a 5XX alarm on the load balancer. web:3
    // answers half its requests with errors; the alarm fires and ECS sends all traffic back.
    app.link("Services").click();
    app.find("xpath", "//table//a[normalize-space(.)='web']").click();
    app.wait_text("Desired / running / pending");
    app.css("[data-testid=update-service]").click();
    app.wait_text("Deployment strategy");
    app.button("Canary").click();
    // The canary needs no approval: its alarm is its guard.
    app.button("Remove").click();
    app.wait_text("None: the deployment runs through its stages on its own.");
    app.css("[data-testid=canary-percent] input").replace_text("20");
    app.css("[data-testid=canary-bake] input").replace_text("5");
    app.css("[data-testid=new-alarm]").click();
    app.until("the 5XX template", Duration::from_secs(20), |_| {
        app.css("[data-testid=alarm-cli]").text().contains("--metric-name HTTPCode_Target_5XX_Count")
    });
    let cli = app.css("[data-testid=alarm-cli]").text();
    assert!(!cli.contains("TargetGroup"), "a shifting service's alarm watches the whole load balancer: {cli}");
    app.css("[data-testid=create-alarm]").click();
    app.until("the alarm chosen", Duration::from_secs(20), |_| app.css("[data-testid=alarm-names]").text().contains("web-5xx"));
    app.css("[data-testid=review-update]").click();
    app.wait_text("What will change");
    app.css("[data-testid=send-update]").click();
    app.wait_text("Updating web");
    register(&endpoint, "nginx:errors-50", "three");
    update_to(&app, "web:3");
    open_newest(&app, "web:2 → web:3");
    app.until("the canary's rollback", Duration::from_secs(180), |_| {
        app.css("[data-testid=deployment-status]").text().contains("Rolled back")
    });
    assert!(app.css("[data-testid=deployment-stopped-by]").text().contains("CloudWatch alarm: web-5xx"));
    app.until("the alarm in the flight recorder", Duration::from_secs(30), |_| {
        let t = app.css("[data-testid=flight-timeline]").text();
        t.contains("web-5xx:") && t.contains("→ ALARM")
    });
    app.css("[data-testid=flight-recorder]").scroll_to();
    app.screenshot("80-canary-alarm-rollback-flight-recorder");
    let services =
        aws_json(&endpoint, "ecs", "AmazonEC2ContainerServiceV20141113.DescribeServices", json!({"cluster": "demo", "services": ["web"]}));
    assert!(services["services"][0]["taskDefinition"].as_str().unwrap().ends_with("web:2"), "{services}");
}

#[test]
#[ignore = "needs a display, a keyring and tauri-driver: run through `cargo xtask test`"]
fn a_linear_service_with_a_lambda_hook_and_step_scaling_is_made_in_the_wizard() {
    let data = std::env::temp_dir().join(format!("berth-e2e-wizard-linear-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let app = App::launch_sandbox_at(&data, "20");
    let endpoint = app.sandbox_endpoint();
    aws_json(&endpoint, "ecs", "AmazonEC2ContainerServiceV20141113.CreateCluster", json!({"clusterName": "demo"}));
    register(&endpoint, "nginx:1", "one");

    // The wizard: a new ALB, so the plan makes the alternate group and the rules; linear
    // in two steps, a Lambda hook after test traffic, and step scaling on CPU.
    app.link("Services").click();
    app.wait_text("No services yet");
    app.button("Create service").click();
    app.wait_text("What runs");
    app.choose("service-family", "web");
    app.until("the revision to load", Duration::from_secs(20), |b| b.contains("web:1"));
    for shown in ["Subnets", "New Application Load Balancer", "Service auto scaling"] {
        app.button("Next").click();
        app.wait_text(shown);
    }
    app.button("Linear").click();
    app.until("the pieces the plan makes", Duration::from_secs(10), |_| {
        app.css("[data-testid=shift-pieces-by-plan]").text().contains("web-tg-alt")
    });
    // Text that is no number stays as typed and is named; the wizard will not go on.
    app.css("[data-testid=bake-time] input").replace_text("-");
    app.wait_text("A whole number.");
    app.css("[data-testid=bake-time] input").replace_text("1");
    app.until("the number taken", Duration::from_secs(10), |b| !b.contains("A whole number."));
    app.wait_text("Choose ECS's infrastructure role, which changes the listener rules.");
    app.css("[data-testid=infrastructure-role-create]").click();
    app.css("[data-testid=create-standard-role]").click();
    app.until("the role", Duration::from_secs(20), |_| {
        app.css("[data-testid=infrastructure-role] input").value().contains("ecsInfrastructureRoleForLoadBalancers")
    });
    app.button("Add a Lambda hook").click();
    app.css("[data-testid=hook-function-0] input").replace_text("arn:aws:lambda:us-east-1:000000000000:function:smoke-test");
    app.button("Step scaling").click();
    app.css("[data-testid=step-out-threshold] input").replace_text("60");
    app.css("[data-testid=step-in-threshold] input").replace_text("10");
    app.css("[data-testid=step-minutes] input").replace_text("2");
    app.css("[data-testid=strategy]").scroll_to();
    app.screenshot("81-create-service-linear-hook");
    app.css("[data-testid=scaling-kind]").scroll_to();
    app.screenshot("86-create-service-step-scaling");
    app.review_plan(
        "Create alarms web-cpu-high and web-cpu-low",
        &[
            "aws elbv2 create-target-group --name web-tg-alt",
            "aws elbv2 create-rule --listener-arn \"$LISTENER_ARN\" --priority 1",
            "strategy=LINEAR,bakeTimeInMinutes=1,linearConfiguration={stepPercent=10,stepBakeTimeInMinutes=6}",
            "lifecycleHooks=[{targetType=AWS_LAMBDA,hookTargetArn=arn:aws:lambda:us-east-1:000000000000:function:smoke-test",
            "advancedConfiguration={alternateTargetGroupArn=\"$ALT_TG_ARN\"",
            "--policy-type StepScaling",
            "--alarm-name web-cpu-high",
        ],
    );
    app.screenshot("82-create-service-linear-review");
    app.button("Create service").click();
    app.wait_text("Service web created");
    // Idle, the service is soon under its scale-in threshold and web-cpu-low takes tasks
    // away, so the count it settles at is not asserted.
    app.until("steady state", Duration::from_secs(90), |b| b.contains("has reached a steady state"));
    let scaling = app.css("[data-testid=service-scaling]").text();
    assert!(scaling.contains("web-cpu-step-out: add 2 tasks when web-cpu-high fires"), "{scaling}");
    assert!(scaling.contains("web-cpu-step-in: remove 1 task when web-cpu-low fires"), "{scaling}");

    // The sandbox answers for the Lambda function: it fails from now on.
    app.link("Settings").click();
    app.until("the hook listed", Duration::from_secs(20), |b| b.contains("Lambda hooks (1)") && b.contains("demo/web"));
    app.choose("hook-outcome-smoke-test", "Failed");
    app.wait_text("smoke-test now answers Failed");
    app.css("[data-testid=hook-table]").scroll_to();
    app.screenshot("83-sandbox-lambda-hook-outcome");

    // web:2's deployment calls it after test traffic moves; the failure rolls it back.
    register(&endpoint, "nginx:2", "two");
    app.link("Services").click();
    app.find("xpath", "//table//a[normalize-space(.)='web']").click();
    app.wait_text("Desired / running / pending");
    update_to(&app, "web:2");
    open_newest(&app, "web:1 → web:2");
    app.until("the hook's rollback", Duration::from_secs(180), |_| {
        app.css("[data-testid=deployment-status]").text().contains("Rolled back")
    });
    let hooks = app.css("[data-testid=hooks]").text();
    assert!(hooks.contains("smoke-test") && hooks.contains("failed"), "{hooks}");
    app.css("[data-testid=lifecycle]").scroll_to();
    app.screenshot("84-linear-lambda-hook-failed-rollback");

    // Far more traffic than the tasks serve: CPU passes 60%, web-cpu-high fires, +2 tasks.
    app.link("Settings").click();
    app.wait_text("Sandbox traffic");
    app.css("[data-testid=traffic-web] input").replace_text("600");
    app.css("[data-testid=apply-traffic-web]").click();
    app.wait_text("Traffic for web set to 600");
    app.link("Services").click();
    app.find("xpath", "//table//a[normalize-space(.)='web']").click();
    // Idle until now, the service was first scaled in by web-cpu-low, a task at a time.
    app.until("the step scale-in and scale-out", Duration::from_secs(120), |b| {
        b.contains("triggered policy web-cpu-step-in") && b.contains("triggered policy web-cpu-step-out")
    });
    app.css("[data-testid=service-scaling]").scroll_to();
    app.screenshot("85-step-scaling-scaled-out");
    // More tasks bring the CPU down again, so the alarm may be back to OK by now: its
    // history says it went into ALARM.
    let history = aws_json(
        &endpoint,
        "monitoring",
        "GraniteServiceVersion20100801.DescribeAlarmHistory",
        json!({"AlarmName": "web-cpu-high", "HistoryItemType": "StateUpdate"}),
    );
    let summaries: Vec<&str> =
        history["AlarmHistoryItems"].as_array().into_iter().flatten().filter_map(|i| i["HistorySummary"].as_str()).collect();
    assert!(summaries.iter().any(|s| s.ends_with("to ALARM")), "{summaries:?}");
}
