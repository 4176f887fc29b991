//! The walkthrough's service steps in the real window, on the sandbox: create a 3-task service behind a
//! new ALB with CPU auto scaling, watch it reach steady state, raise the traffic and see
//! it scale out, roll out a new revision and watch the deployments panel until COMPLETED,
//! roll out a crashing revision and see the circuit breaker roll it back, then delete it.

use std::time::{Duration, Instant};

use berth_e2e::{aws_json, App};
use serde_json::json;

fn register(endpoint: &str, image: &str) {
    aws_json(
        endpoint,
        "ecs",
        "AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition",
        json!({
            "family": "web", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
            "executionRoleArn": "arn:aws:iam::000000000000:role/ecsTaskExecutionRole",
            "containerDefinitions": [{"name": "web", "image": image, "essential": true, "portMappings": [{"containerPort": 80, "protocol": "tcp"}]}]
        }),
    );
}

/// The latest average CPU the live chart shows, once it satisfies `ok`.
fn wait_cpu(app: &App, ok: impl Fn(f64) -> bool) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let text = app.css("[data-testid=chart-cpu-latest]").text();
        let value = text.strip_prefix("CPU average ").and_then(|rest| rest.split('%').next()).and_then(|v| v.trim().parse::<f64>().ok());
        if let Some(v) = value.filter(|v| ok(*v)) {
            return v;
        }
        if Instant::now() > deadline {
            app.screenshot("failed-cpu");
            panic!("the CPU chart never showed the expected value; it shows {text:?}");
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

fn deployments(app: &App) -> String {
    app.css("[data-testid=deployments]").text()
}

#[test]
#[ignore = "needs a display, a keyring and tauri-driver: run through `cargo xtask test`"]
fn a_service_behind_a_new_alb_scales_rolls_out_and_rolls_back() {
    let data = std::env::temp_dir().join(format!("berth-e2e-services-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let app = App::launch_sandbox_at(&data, "20");
    let endpoint = app.sandbox_endpoint();
    aws_json(&endpoint, "ecs", "AmazonEC2ContainerServiceV20141113.CreateCluster", json!({"clusterName": "demo"}));
    register(&endpoint, "nginx:1.27");

    // The create wizard, every step checked; the review lists each AWS call in order.
    app.link("Services").click();
    app.wait_text("No services yet");
    app.button("Create service").click();
    app.wait_text("What runs");
    app.choose("service-family", "web");
    app.until("the revision to load", Duration::from_secs(20), |b| b.contains("web:1"));
    app.css("[data-testid=service-desired] input").replace_text("9");
    app.button("Next").click();
    app.button("Next").click();
    app.button("Next").click();
    app.button("Next").click();
    // Desired 9 with at most 6 tasks: the wizard holds and names the rule.
    app.wait_text("With auto scaling the desired count must lie between its minimum and maximum tasks.");
    app.css("[data-testid=service-desired] input").replace_text("3");
    app.button("Next").click();
    app.wait_text("Subnets");
    app.button("Next").click();
    app.wait_text("New Application Load Balancer");
    assert_eq!(app.css("[data-testid=lb-name] input").value(), "web-alb");
    app.button("Next").click();
    app.wait_text("Service auto scaling");
    app.review_plan(
        "6. Track average CPU utilisation (%) at 50",
        &[
            "aws elbv2 create-load-balancer --name web-alb",
            "aws elbv2 create-target-group --name web-tg",
            "aws elbv2 create-listener",
            "aws ecs create-service --cluster demo --service-name web",
            "register-scalable-target",
            "put-scaling-policy",
        ],
    );
    app.screenshot("19-service-create-review");
    app.button("Create service").click();

    // The service page: three tasks, healthy targets, steady state.
    app.wait_text("Service web created");
    app.until("steady state", Duration::from_secs(90), |b| {
        b.contains("3 / 3 / 0") && b.contains("has reached a steady state") && b.matches("healthy").count() >= 3
    });
    assert!(app.css("[data-testid=service-scaling]").text().contains("ECSServiceAverageCPUUtilization"));
    app.screenshot("20-service-steady-state");

    // The live charts: CPU arrives from CloudWatch through the Rust stream.
    app.css("[data-testid=service-metrics]").scroll_to();
    let cpu_before = wait_cpu(&app, |_| true);

    // More traffic than three 0.25-vCPU tasks serve: CPU rises and the service scales out.
    app.link("Settings").click();
    app.wait_text("Sandbox traffic");
    app.css("[data-testid=traffic-web] input").replace_text("600");
    app.css("[data-testid=apply-traffic-web]").click();
    app.wait_text("600");
    app.link("Services").click();
    app.find("xpath", "//table//a[normalize-space(.)='web']").click();
    let cpu_after = wait_cpu(&app, |cpu| cpu > cpu_before + 20.0);
    assert!(cpu_after > cpu_before, "CPU rose in the live chart: {cpu_before} -> {cpu_after}");
    app.css("[data-testid=service-metrics]").scroll_to();
    app.screenshot("27-service-live-cpu");
    app.until("a scale-out", Duration::from_secs(120), |b| b.contains("Setting desired count to"));
    app.css("[data-testid=service-scaling]").scroll_to();
    app.screenshot("21-service-scaled-out");

    // Roll out web:2: the diff first, then the deployments panel live until COMPLETED.
    register(&endpoint, "nginx:1.28");
    app.css("[data-testid=update-service]").click();
    app.until("the latest revision preselected", Duration::from_secs(20), |b| {
        b.contains("Task definition revision") && b.contains("web:2")
    });
    app.css("[data-testid=review-update]").click();
    let diff = {
        app.wait_text("What will change");
        app.css("[data-testid=update-diff]").text()
    };
    assert!(diff.contains("taskDefinition") && diff.contains("web:1") && diff.contains("web:2"), "{diff}");
    app.screenshot("22-service-update-diff");
    app.css("[data-testid=send-update]").click();
    app.wait_text("Updating web");
    app.until("two deployments", Duration::from_secs(30), |_| {
        deployments(&app).contains("Deployments (2)") && deployments(&app).contains("IN_PROGRESS")
    });
    app.css("[data-testid=deployments]").scroll_to();
    app.screenshot("23-service-rollout-in-progress");
    app.until("the rollout to complete", Duration::from_secs(120), |_| {
        let d = deployments(&app);
        d.contains("Deployments (1)") && d.contains("web:2") && d.contains("COMPLETED")
    });
    app.screenshot("24-service-rollout-completed");

    // A revision whose container crashes at start: the circuit breaker rolls back to web:2.
    register(&endpoint, "nginx:crash");
    app.css("[data-testid=update-service]").click();
    app.until("web:3 preselected", Duration::from_secs(20), |b| b.contains("Task definition revision") && b.contains("web:3"));
    app.css("[data-testid=review-update]").click();
    app.wait_text("What will change");
    app.css("[data-testid=send-update]").click();
    app.until("the circuit breaker to roll back", Duration::from_secs(120), |b| b.contains("deployment failed: rolling back to"));
    app.css("[data-testid=deployments]").scroll_to();
    app.screenshot("25-service-circuit-breaker-rollback");
    app.until("web:2 to be primary again", Duration::from_secs(120), |_| {
        let d = deployments(&app);
        d.contains("Deployments (1)") && d.contains("web:2") && !d.contains("web:3")
    });

    // The operator's wall: the cluster and its services in one stream.
    app.link("Monitoring").click();
    app.wait_text("Cluster demo");
    app.until("charts with data on the wall", Duration::from_secs(60), |b| {
        b.contains("CPU average") && b.contains("%") && b.contains("Requests")
    });
    app.screenshot("28-monitoring-wall");

    // The table across clusters, then delete with the typed name.
    app.link("Services").click();
    app.choose("services-cluster", "All clusters");
    app.until("the service in the all-clusters table", Duration::from_secs(20), |b| b.contains("web-tg") && b.contains("Yes"));
    app.screenshot("26-services-table");

    // A later call fails (auto scaling refuses every call): Berth says what now exists and
    // rolls it back on request, leaving nothing half-made.
    aws_json(&endpoint, "ecs", "BerthSandbox.SetFaults", json!({"service": "application-autoscaling", "errorPercent": 100}));
    app.button("Create service").click();
    app.wait_text("What runs");
    app.choose("service-family", "web");
    app.until("the revision to load", Duration::from_secs(20), |b| b.contains("web:3"));
    app.css("[data-testid=service-name] input").replace_text("worker");
    // Each Next once: the wizard waits for berth-core's check and queues a quick second click.
    app.button("Next").click();
    app.wait_text("Subnets");
    app.button("Next").click();
    app.wait_text("New Application Load Balancer");
    app.button("Next").click();
    app.wait_text("Service auto scaling");
    app.button("Next").click();
    app.wait_text("AWS calls");
    app.until("the plan", Duration::from_secs(20), |b| b.contains("6. Track average CPU utilisation (%) at 50"));
    app.button("Create service").click();
    app.until("the failed step", Duration::from_secs(60), |b| b.contains("Step 5 failed"));
    let report = app.css("[data-testid=create-failed]").text();
    assert!(report.contains("Created so far") && report.contains("worker-alb") && report.contains("Create service worker"), "{report}");
    app.css("[data-testid=create-failed]").scroll_to();
    app.screenshot("29-service-create-failed-step");
    app.css("[data-testid=roll-back]").click();
    app.until("the roll back", Duration::from_secs(60), |b| b.contains("Rolled back: nothing is left over"));
    app.screenshot("30-service-create-rolled-back");
    aws_json(&endpoint, "ecs", "BerthSandbox.SetFaults", json!({"service": "application-autoscaling", "errorPercent": 0}));
    // The wizard keeps the navigation folded away; its Cancel goes back to the services.
    app.button("Cancel").click();
    app.until("the services table", Duration::from_secs(20), |b| b.contains("Services (") && b.contains("web:2"));
    app.find("xpath", "//table//a[normalize-space(.)='web']").click();
    app.css("[data-testid=delete-service]").click();
    app.css("[data-testid=confirm-name] input").type_text("web");
    app.css("[data-testid=confirm-action]").click();
    app.wait_text("is being deleted");
    let _ = std::fs::remove_dir_all(&data);
}
