//! A cluster's container instances on the sandbox: the live table with what each
//! instance has reserved, Drain moving the service's tasks to another instance while a
//! standalone task stays, and Deregister confirmed by typing the EC2 instance ID.

use berth_e2e::{aws_json, App};
use serde_json::json;

#[test]
#[ignore = "needs a display, a keyring and tauri-driver: run through `cargo xtask test`"]
fn container_instances_are_drained_and_deregistered() {
    let data = std::env::temp_dir().join(format!("berth-e2e-instances-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let app = App::launch_sandbox_at(&data, "20");
    let endpoint = app.sandbox_endpoint();
    let ecs = |op: &str, body: serde_json::Value| aws_json(&endpoint, "ecs", &format!("AmazonEC2ContainerServiceV20141113.{op}"), body);
    let instance = |id: &str| {
        let doc = json!({"instanceId": id, "instanceType": "t3.large", "availabilityZone": "us-east-1a"}).to_string();
        ecs("RegisterContainerInstance", json!({"cluster": "shop", "instanceIdentityDocument": doc}))
    };
    ecs("CreateCluster", json!({"clusterName": "shop"}));
    instance("i-0first");
    ecs(
        "RegisterTaskDefinition",
        json!({"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 512, "essential": true}]}),
    );
    ecs(
        "CreateService",
        json!({"cluster": "shop", "serviceName": "front", "taskDefinition": "web", "desiredCount": 2, "launchType": "EC2"}),
    );
    ecs("RunTask", json!({"cluster": "shop", "taskDefinition": "web", "launchType": "EC2"}));
    // The scheduler places the service's tasks on its next step: wait for them, so all
    // three are on the first instance before the second one joins.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let s = &ecs("DescribeServices", json!({"cluster": "shop", "services": ["front"]}))["services"][0];
        if s["runningCount"].as_i64().unwrap_or(0) + s["pendingCount"].as_i64().unwrap_or(0) == 2 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the service's tasks were never placed: {s}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    instance("i-0second");

    app.link("Clusters").click();
    app.link("shop").click();
    app.find("xpath", "//*[@role='tab'][.//*[normalize-space(text())='Infrastructure'] or normalize-space(text())='Infrastructure']")
        .click();
    app.until("both instances, the first with three tasks", std::time::Duration::from_secs(30), |body| {
        body.contains("i-0second") && body.contains("1536 of 7987 MiB reserved")
    });
    app.screenshot("36-container-instances");

    // Cloudscape draws its own box over the row's (invisible) checkbox: click the input.
    app.script(
        "document.evaluate(\"//tr[.//*[normalize-space(text())='i-0first']]//input[@type='checkbox']\", document, null, 9, null).singleNodeValue.click()",
        json!([]),
    );
    app.button("Drain").click();
    app.wait_text("DRAINING");
    // The service's two tasks move to the second instance; the standalone one stays.
    app.until("the service's tasks on the second instance", std::time::Duration::from_secs(60), |body| {
        body.matches("512 of 7987 MiB reserved").count() == 1 && body.contains("1024 of 7987 MiB reserved")
    });
    app.screenshot("37-container-instance-drained");

    app.button("Deregister").click();
    app.wait_text("To confirm, type i-0first");
    assert!(!app.css("[data-testid=confirm-action]").enabled(), "Deregister waits for the typed ID");
    app.css("[data-testid=confirm-name] input").type_text("i-0first");
    app.css("[data-testid=confirm-action]").click();
    app.wait_text("Found running tasks");
    app.find("xpath", "//*[normalize-space(text())='Force: deregister with its tasks still on it']").click();
    app.css("[data-testid=confirm-action]").click();
    app.wait_gone("To confirm, type i-0first");
    app.until("only the second instance left", std::time::Duration::from_secs(20), |body| {
        !body.contains("i-0first") && body.contains("i-0second")
    });

    // A task bigger than what the last instance has left: ECS's reason, in words.
    ecs(
        "RegisterTaskDefinition",
        json!({"family": "huge", "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 7000, "essential": true}]}),
    );
    app.find("xpath", "//*[@role='tab'][.//*[normalize-space(text())='Tasks'] or normalize-space(text())='Tasks']").click();
    app.button("Run task").click();
    app.wait_text("What to run");
    app.choose("run-family", "huge");
    app.choose("run-launch-type", "EC2");
    app.until("the review", std::time::Duration::from_secs(20), |body| {
        if !body.contains("Equivalent AWS CLI command") {
            app.button("Next").click();
        }
        body.contains("Equivalent AWS CLI command")
    });
    let command = app.css("[data-testid=cli-command]").text();
    assert!(command.contains("--task-definition huge:1") && command.contains("--launch-type EC2"), "{command}");
    app.button("Run task").click();
    app.wait_text("0 started, 1 failed");
    app.wait_text("RESOURCE:MEMORY: No container instance has enough unreserved memory");
    app.screenshot("38-run-task-placement-failure");
    drop(app);
    let _ = std::fs::remove_dir_all(&data);
}
