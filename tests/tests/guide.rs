//! The Guide screen in the real window on the sandbox, from a fresh profile: each step's
//! live check red until the learner does the step through its Do it (the wizards filled
//! with the walkthrough's example), then green; the progress kept across a restart; back
//! and start over. Step 7's rollout is checked against the sandbox in berth-core's
//! `guide_sandbox`; here it is only seen red.

use std::time::Duration;

use berth_e2e::App;

fn status(app: &App) -> String {
    app.css("[data-testid=guide-check-status]").text()
}

#[test]
#[ignore = "needs a display, a keyring and tauri-driver: run through `cargo xtask test`"]
fn guide_steps_one_to_six_through_do_it_are_checked_live_and_progress_survives_a_restart() {
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

    // Do it opens the cluster wizard with the walkthrough's name filled in.
    app.css("[data-testid=guide-do-it]").click();
    app.wait_text("Cluster configuration");
    assert_eq!(app.css("[data-testid=cluster-name] input").value(), "my-cluster");
    app.cluster_wizard_to_review();
    app.button("Create cluster").click();
    app.wait_text("Cluster my-cluster created");
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

    // The progress is the environment's and outlives the app.
    app.css("[data-testid=guide-next]").click();
    app.wait_text("Step 3: Describe the task: a task definition");
    drop(app);
    let app = App::launch_sandbox_at(&data, "10");
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
    app.css("[data-testid=guide-next]").click();
    app.wait_text("Step 5: Put a load balancer in front");
    app.until("step 5 green", Duration::from_secs(90), |_| status(&app).starts_with("Done"));
    app.wait_text("An HTTP:80 listener forwards to it");
    app.screenshot("51-guide-load-balancer-checked");
    app.css("[data-testid=guide-next]").click();
    app.wait_text("Step 6: Watch it and let it scale");
    app.until("step 6 green", Duration::from_secs(20), |_| status(&app).starts_with("Done"));

    // Step 7 records the revision the service runs now and stays red until a newer one
    // has rolled out. Back returns; start over returns to step 1, still green because the
    // cluster is still there.
    app.css("[data-testid=guide-next]").click();
    app.wait_text("Step 7: Roll out a new version");
    app.wait_text("still runs revision 1");
    app.button("Back").click();
    app.wait_text("Step 6: Watch it and let it scale");
    app.css("[data-testid=guide-start-over]").click();
    app.wait_text("Step 1: Create a cluster");
    app.until("step 1 green again", Duration::from_secs(20), |_| status(&app).starts_with("Done"));
    drop(app);
    let _ = std::fs::remove_dir_all(&data);
}
