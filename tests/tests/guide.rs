//! The Guide screen in the real window on the sandbox, from a fresh profile: each step's
//! live check red until the learner does the step through its Do it, then green; the
//! progress kept across a restart; start over. (Steps 3–7's checks are exercised against
//! the sandbox in berth-core's `guide_sandbox`.)

use std::time::Duration;

use berth_e2e::App;

fn status(app: &App) -> String {
    app.css("[data-testid=guide-check-status]").text()
}

#[test]
#[ignore = "needs a display, a keyring and tauri-driver: run through `cargo xtask test`"]
fn guide_steps_are_checked_live_and_progress_survives_a_restart() {
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
    for next in ["AWS Fargate only", "needs no network", "Add tag", "AWS CLI equivalent"] {
        app.button("Next").click();
        app.wait_text(next);
    }
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

    // Skip moves on without a green check; start over returns to step 1, which is
    // still green because the cluster is still there.
    app.button("Skip").click();
    app.wait_text("Step 4: Run it: a task or a service");
    app.css("[data-testid=guide-start-over]").click();
    app.wait_text("Step 1: Create a cluster");
    app.until("step 1 green again", Duration::from_secs(20), |_| status(&app).starts_with("Done"));
    drop(app);
    let _ = std::fs::remove_dir_all(&data);
}
