//! The Guide screen in the real window on the sandbox, from a fresh profile: each of the
//! seven steps' live check red until the learner does the step through its Do it (the
//! wizards filled with the walkthrough's example), then green; help in the tools drawer;
//! the cost before the service exists and the header's meter; the progress kept across a
//! restart; a task that fails for a missing log group, explained and fixed with one click,
//! then running; an experiment narrated; the clean-up, after which the API holds nothing
//! the walkthrough made; back and start over.

use std::time::Duration;

use berth_e2e::{aws_json, aws_query, App};
use serde_json::json;

fn status(app: &App) -> String {
    app.css("[data-testid=guide-check-status]").text()
}

/// From the run task wizard's first step to its review, the revision chosen for it.
fn run_task_wizard_to_review(app: &App, revision: &str) {
    app.wait_text("What to run");
    app.until("the revision to load", Duration::from_secs(20), |b| b.contains(revision));
    app.button("Next").click();
    app.wait_text("Subnets");
    app.button("Next").click();
    app.button("Next").click();
    app.wait_text("Equivalent AWS CLI command");
}

/// From a family's page, a new revision from the latest: `container` edits the container
/// step, `review` acts on the review, then Register.
fn new_revision(app: &App, container: impl Fn(&App), review: impl Fn(&App)) {
    app.button("Create new revision").click();
    app.wait_text("Launch type compatibility");
    app.button("Next").click();
    app.wait_text("Container 1: web");
    container(app);
    app.button("Next").click();
    app.wait_text("Equivalent AWS CLI command");
    review(app);
    app.button("Register").click();
}

#[test]
#[ignore = "needs a display, a keyring and tauri-driver: run through `cargo xtask test`"]
fn a_learner_does_the_seven_steps_fixes_a_failing_task_experiments_and_cleans_up() {
    let data = std::env::temp_dir().join(format!("berth-e2e-guide-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let app = App::launch_sandbox_at(&data, "10");

    // Step 1, red first: nothing is there yet, and the check says what to do.
    app.link("Guide").click();
    app.wait_text("Step 1: Create a cluster");
    app.wait_text("No cluster named my-cluster: create it.");
    assert_eq!(status(&app), "Not yet");
    assert!(!app.css("[data-testid=guide-next]").enabled(), "Next waits for the check");
    app.screenshot("49-guide-step-not-done");

    // Do it opens the cluster wizard with the walkthrough's name filled in; EC2 capacity is
    // offered beside it. The name's Info link opens the concept in the tools drawer.
    assert!(app.css("[data-testid=guide-do-it-alternative]").text().contains("EC2"));
    app.css("[data-testid=guide-do-it]").click();
    app.wait_text("Cluster configuration");
    assert_eq!(app.css("[data-testid=cluster-name] input").value(), "my-cluster");
    app.css("[data-testid=info-cluster]").click();
    app.until("the help panel", Duration::from_secs(10), |b| b.contains("A cluster groups the capacity"));
    assert_eq!(app.css("[data-testid=help-title]").text(), "Cluster");
    app.screenshot("53-help-panel");
    app.css("[aria-label='Close help']").click();
    app.cluster_wizard_to_review();
    app.wait_text("A Fargate-only cluster costs nothing by itself");
    app.button("Create cluster").click();
    app.wait_text("Cluster my-cluster created");
    // What Do it creates carries the guide's tag, for the clean-up to find.
    let endpoint = app.sandbox_endpoint();
    let described = aws_json(
        &endpoint,
        "ecs",
        "AmazonEC2ContainerServiceV20141113.DescribeClusters",
        json!({"clusters": ["my-cluster"], "include": ["TAGS"]}),
    );
    assert_eq!(described["clusters"][0]["tags"], json!([{"key": "berth:guide", "value": "true"}]), "{described}");
    app.link("Guide").click();
    app.until("step 1 green", Duration::from_secs(20), |_| status(&app).starts_with("Done"));
    app.wait_text("Cluster my-cluster is ACTIVE");
    app.screenshot("50-guide-step-done");

    // Step 2: the repository, red while it holds no image, green once one is pushed.
    app.css("[data-testid=guide-next]").click();
    app.wait_text("Step 2: Push the application's image to ECR");
    app.wait_text("No ECR repository named my-app-repo: create it.");
    app.css("[data-testid=guide-do-it]").click();
    app.button("Create repository").click();
    app.css("[data-testid=repository-name] input").type_text("my-app-repo");
    app.css("[data-testid=create-repository-submit]").click();
    app.wait_text("Repository my-app-repo created");
    app.link("Guide").click();
    app.wait_text("my-app-repo has no tagged image yet");
    app.link("Repositories").click();
    app.link("my-app-repo").click();
    app.css("[data-testid=push-sample]").click();
    app.wait_text("Sample image pushed as my-app-repo:latest");
    app.link("Guide").click();
    app.until("step 2 green", Duration::from_secs(20), |_| status(&app).starts_with("Done"));
    app.wait_text("Images tagged latest");
    app.screenshot("63-guide-step-2-image");

    // The progress is the environment's and outlives the app.
    app.css("[data-testid=guide-next]").click();
    app.wait_text("Step 3: Describe the task: a task definition");
    drop(app);
    let app = App::launch_sandbox_at(&data, "10");
    let endpoint = app.sandbox_endpoint();
    app.link("Guide").click();
    app.wait_text("Step 3: Describe the task: a task definition");
    app.wait_text("No active revision of family my-app-task");
    assert!(app.css("[data-testid=guide-step-cluster]").text().contains("Create a cluster"));

    // Step 3: Do it opens the task-definition wizard with the example: the family, the
    // pushed image, port 8080 and 512 MiB. The execution role comes from the picker.
    app.css("[data-testid=guide-do-it]").click();
    app.wait_text("Launch type compatibility");
    assert_eq!(app.css("[data-testid=family] input").value(), "my-app-task");
    app.css("[data-testid=execution-role-create]").click();
    app.css("[data-testid=create-standard-role]").click();
    app.wait_gone("Berth makes these calls, in this order.");
    app.button("Next").click();
    app.wait_text("Container 1: web");
    assert!(app.css("[data-testid=container-image] input").value().ends_with("/my-app-repo:latest"));
    assert_eq!(app.css("[data-testid=port-number] input").value(), "8080");
    app.button("Next").click();
    app.wait_text("Equivalent AWS CLI command");
    app.button("Register").click();
    app.wait_text("Registered my-app-task:1");
    app.link("Guide").click();
    app.until("step 3 green", Duration::from_secs(20), |_| status(&app).starts_with("Done"));
    app.screenshot("64-guide-step-3-task-definition");

    // Steps 4 to 6 in one wizard: three copies behind a new ALB, scaling on CPU.
    app.css("[data-testid=guide-next]").click();
    app.wait_text("Step 4: Run it: a task or a service");
    app.css("[data-testid=guide-do-it]").click();
    app.wait_text("What runs");
    app.until("the example's service", Duration::from_secs(20), |b| b.contains("my-app-task:1"));
    assert_eq!(app.css("[data-testid=service-name] input").value(), "my-app-service");
    assert_eq!(app.css("[data-testid=service-desired] input").value(), "3");
    app.button("Next").click();
    app.wait_text("Subnets");
    app.button("Next").click();
    app.wait_text("New Application Load Balancer");
    app.button("Next").click();
    app.wait_text("Service auto scaling");
    // A concept with a picture: a rolling update's old and new tasks over time.
    app.css("[data-testid=info-deploymentPercents]").click();
    app.until("the rolling update's help", Duration::from_secs(10), |b| b.contains("never below 3 healthy"));
    app.screenshot("62-help-rolling-update");
    app.css("[aria-label='Close help']").click();
    app.button("Next").click();
    app.until("the plan", Duration::from_secs(20), |b| b.contains("aws ecs create-service"));
    // What it would cost on AWS, before anything is made.
    app.wait_text("Estimated cost of leaving it running");
    assert!(app.css("[data-testid=service-cost]").text().contains("$0.0845 per hour"), "{}", app.css("[data-testid=service-cost]").text());
    app.css("[data-testid=service-cost]").scroll_to();
    app.screenshot("52-service-cost-estimate");
    app.button("Create service").click();
    app.wait_text("Service my-app-service created");
    app.link("Guide").click();
    app.until("step 4 green", Duration::from_secs(90), |_| status(&app).starts_with("Done"));
    app.screenshot("65-guide-step-4-service");
    app.css("[data-testid=guide-next]").click();
    app.wait_text("Step 5: Put a load balancer in front");
    app.until("step 5 green", Duration::from_secs(90), |_| status(&app).starts_with("Done"));
    app.wait_text("An HTTP:80 listener forwards to it");
    app.screenshot("51-guide-load-balancer-checked");
    app.css("[data-testid=guide-next]").click();
    app.wait_text("Step 6: Watch it and let it scale");
    app.until("step 6 green", Duration::from_secs(20), |_| status(&app).starts_with("Done"));
    app.screenshot("66-guide-step-6-scaling");

    // The header's meter: nothing billed on the sandbox, and what AWS would charge.
    app.css("[aria-label='Running cost']").click();
    app.until("the meter's lines", Duration::from_secs(20), |b| b.contains("Fargate tasks: $") && b.contains("bills nothing"));
    app.screenshot("54-running-cost-meter");
    app.css("[aria-label='Running cost']").click();

    // Step 7 records the revision the service runs now and is red until a newer one has
    // rolled out: the learner pushes v2, makes revision 2 from the family's page and
    // updates the service to it.
    app.css("[data-testid=guide-next]").click();
    app.wait_text("Step 7: Roll out a new version");
    app.wait_text("still runs revision 1");
    app.link("Repositories").click();
    app.link("my-app-repo").click();
    app.css("[data-testid=sample-tag] input").replace_text("v2");
    app.css("[data-testid=push-sample]").click();
    app.wait_text("Sample image pushed as my-app-repo:v2");
    app.link("Guide").click();
    app.wait_text("Step 7: Roll out a new version");
    app.css("[data-testid=guide-do-it]").click();
    new_revision(
        &app,
        |app| {
            let image = app.css("[data-testid=container-image] input").value();
            app.css("[data-testid=container-image] input").replace_text(&image.replace(":latest", ":v2"));
        },
        |_| {},
    );
    app.wait_text("Registered my-app-task:2");
    app.link("Services").click();
    app.link("my-app-service").click();
    app.css("[data-testid=update-service]").click();
    app.until("revision 2 preselected", Duration::from_secs(20), |b| b.contains("my-app-task:2"));
    app.css("[data-testid=review-update]").click();
    app.wait_text("What will change");
    app.css("[data-testid=send-update]").click();
    app.wait_text("Updating my-app-service");
    app.link("Guide").click();
    app.until("step 7 green", Duration::from_secs(240), |_| status(&app).starts_with("Done"));
    app.wait_text("You have done the whole walkthrough.");
    app.screenshot("55-guide-rollout-done");

    // A task that fails: a revision whose log group was never created (the box to create
    // it unticked), run once. Its page explains why and Fix creates the group; run again,
    // the task runs.
    app.link("Task definitions").click();
    app.link("my-app-task").click();
    new_revision(
        &app,
        |app| {
            app.css("[data-testid=log-group] input").replace_text("/ecs/my-app-logs");
        },
        // The box that would create the log group, unticked.
        |app| {
            app.script("document.querySelector('[data-testid=create-log-groups] input').click()", json!([]));
        },
    );
    app.wait_text("Registered my-app-task:3");
    app.button("Run task").click();
    run_task_wizard_to_review(&app, "my-app-task:3");
    app.wait_text("Estimated cost of leaving it running");
    app.css("[data-testid=run-task-cost]").scroll_to();
    app.screenshot("56-run-task-cost");
    app.button("Run task").click();
    app.wait_text("Started 1 task of my-app-task:3");
    let row = "//table//tr[.//*[normalize-space(text())='my-app-task:3']]//a[contains(@href, '#/tasks/my-cluster/')]";
    app.until("the task in the table", Duration::from_secs(20), |b| b.contains("my-app-task:3"));
    app.find("xpath", row).click();
    app.until("the explainer", Duration::from_secs(60), |b| b.contains("The log group does not exist"));
    app.wait_text("ResourceInitializationError");
    app.screenshot("57-why-missing-log-group");
    app.css("[data-testid=why-fix]").click();
    app.wait_text("Log group /ecs/my-app-logs created");
    app.screenshot("58-why-fixed");
    app.css("[data-testid=why-run-again]").click();
    run_task_wizard_to_review(&app, "my-app-task:3");
    app.button("Run task").click();
    app.wait_text("Started 1 task of my-app-task:3");
    // The new task of revision 3 (not one of the service's, which run revision 2) runs.
    let standalone_running = || {
        let listed = aws_json(
            &endpoint,
            "ecs",
            "AmazonEC2ContainerServiceV20141113.ListTasks",
            json!({"cluster": "my-cluster", "desiredStatus": "RUNNING"}),
        );
        let arns = listed["taskArns"].clone();
        if arns.as_array().is_none_or(|a| a.is_empty()) {
            return false;
        }
        let described =
            aws_json(&endpoint, "ecs", "AmazonEC2ContainerServiceV20141113.DescribeTasks", json!({"cluster": "my-cluster", "tasks": arns}));
        described["tasks"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|t| t["taskDefinitionArn"].as_str().is_some_and(|a| a.ends_with("my-app-task:3")) && t["lastStatus"] == "RUNNING")
    };
    app.until("the fixed task RUNNING", Duration::from_secs(60), |_| standalone_running());

    // An experiment: stop one of the service's tasks and watch ECS replace it, narrated.
    app.link("Guide").click();
    // Enabled once the page has read the service; a click before that does nothing.
    app.until("the experiments to be ready", Duration::from_secs(20), |_| app.css("[data-testid=experiment-replace]").enabled());
    app.css("[data-testid=experiment-replace]").click();
    app.css("[data-testid=confirm-name] input").type_text("stop");
    app.css("[data-testid=confirm-action]").click();
    app.until("the narration", Duration::from_secs(90), |b| b.contains("ECS starts 1 task to reach the desired count."));
    app.css("[data-testid=guide-experiments]").scroll_to();
    app.screenshot("59-guide-experiment");
    // And a crashing image rolled out: the circuit breaker stops it and rolls back.
    app.until("the experiments to be ready", Duration::from_secs(20), |_| app.css("[data-testid=experiment-rollback]").enabled());
    app.css("[data-testid=experiment-rollback]").click();
    app.until("the circuit breaker, narrated", Duration::from_secs(180), |b| {
        b.contains("The circuit breaker has seen too many failed tasks")
    });
    app.css("[data-testid=experiment-narration]").scroll_to();
    app.screenshot("67-guide-experiment-rollback");

    // Clean up: everything found with its cost, confirmed by the cluster's name, removed
    // in order; then nothing is left, which the API confirms.
    app.css("[data-testid=guide-cleanup-scan]").click();
    app.until("what the walkthrough left", Duration::from_secs(30), |b| b.contains("my-app-service (") && b.contains("my-app-service-alb"));
    app.css("[data-testid=guide-cleanup]").scroll_to();
    app.screenshot("60-guide-cleanup-found");
    app.css("[data-testid=guide-cleanup-start]").click();
    app.css("[data-testid=confirm-name] input").type_text("my-cluster");
    app.css("[data-testid=confirm-action]").click();
    app.until("the clean-up to finish", Duration::from_secs(300), |b| {
        b.contains("Nothing the walkthrough made is left.") || b.contains("The clean-up stopped")
    });
    assert!(!app.body_text().contains("The clean-up stopped"), "{}", app.body_text());
    app.css("[data-testid=guide-cleanup]").scroll_to();
    app.screenshot("61-guide-cleanup-done");
    let clusters = aws_json(&endpoint, "ecs", "AmazonEC2ContainerServiceV20141113.DescribeClusters", json!({"clusters": ["my-cluster"]}));
    assert!(clusters["clusters"].as_array().unwrap().iter().all(|c| c["status"] == "INACTIVE"), "{clusters}");
    let revisions = aws_json(
        &endpoint,
        "ecs",
        "AmazonEC2ContainerServiceV20141113.ListTaskDefinitions",
        json!({"familyPrefix": "my-app-task", "status": "ACTIVE"}),
    );
    assert!(revisions["taskDefinitionArns"].as_array().unwrap().is_empty(), "{revisions}");
    let repos = aws_json(&endpoint, "ecr", "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories", json!({}));
    assert!(repos["repositories"].as_array().unwrap().is_empty(), "{repos}");
    let lbs = aws_query(&endpoint, "elasticloadbalancing", "Action=DescribeLoadBalancers&Version=2015-12-01");
    assert!(!lbs.contains("<LoadBalancerArn>"), "{lbs}");
    let tgs = aws_query(&endpoint, "elasticloadbalancing", "Action=DescribeTargetGroups&Version=2015-12-01");
    assert!(!tgs.contains("<TargetGroupArn>"), "{tgs}");
    let roles = aws_query(&endpoint, "iam", "Action=ListRoles&Version=2010-05-08");
    assert!(!roles.contains("ecsTaskExecutionRole"), "the role Berth made for the walkthrough is gone: {roles}");

    // Back, then start over: step 1 is red again, since the cluster is gone.
    app.button("Back").click();
    app.wait_text("Step 6: Watch it and let it scale");
    app.css("[data-testid=guide-start-over]").click();
    app.wait_text("Step 1: Create a cluster");
    app.until("step 1 red again", Duration::from_secs(20), |_| status(&app) == "Not yet");
    drop(app);
    let _ = std::fs::remove_dir_all(&data);
}
