//! The walkthrough's push, task definition and run steps clicked through the real window on the embedded sandbox: a
//! repository and an image, a task definition built in the wizard (with an invalid
//! Fargate size refused on the way), its JSON exported, two tasks run and watched to
//! RUNNING, one task's logs followed, and that task stopped with a reason.

use std::time::Duration;

use berth_e2e::{aws_json, App};
use serde_json::json;

fn until(app: &App, what: &str, ok: impl FnMut(&str) -> bool) {
    app.until(what, Duration::from_secs(60), ok);
}

#[test]
#[ignore = "needs a display, a keyring and tauri-driver: run through `cargo xtask test`"]
fn repository_to_task_definition_to_running_tasks_with_logs() {
    let data = std::env::temp_dir().join(format!("berth-e2e-deploy-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let app = App::launch_sandbox_at(&data, "10");
    let endpoint = app.sandbox_endpoint();
    aws_json(&endpoint, "ecs", "AmazonEC2ContainerServiceV20141113.CreateCluster", json!({"clusterName": "demo"}));

    // Step 2: a repository (its name checked as typed) and an image in it.
    app.link("Repositories").click();
    app.wait_text("No repositories");
    app.button("Create repository").click();
    let name = app.css("[data-testid=repository-name] input");
    name.type_text("Web App");
    app.wait_text("Must be lowercase");
    name.replace_text("web-app");
    app.css("[data-testid=create-repository-submit]").click();
    app.wait_text("Repository web-app created");
    app.wait_text("Sandbox: push the sample image");
    app.css("[data-testid=push-sample]").click();
    app.wait_text("Sample image pushed as web-app:latest");
    until(&app, "the image in the table", |b| b.contains("sha256:"));
    let commands = app.body_text();
    assert!(commands.contains("aws ecr get-login-password --region us-east-1 --profile berth-sandbox --endpoint-url"), "{commands}");
    assert!(commands.contains("docker push") && commands.contains("/web-app:latest"));
    app.screenshot("11-repository-images-and-push-commands");

    // Step 3: the task definition wizard.
    app.link("Task definitions").click();
    app.wait_text("No task definitions");
    app.button("Create task definition").click();
    app.css("[data-testid=family] input").type_text("web");
    // The execution role is made from the picker, its calls shown before anything exists.
    app.css("[data-testid=execution-role-create]").click();
    app.wait_text("aws iam create-role --role-name ecsTaskExecutionRole");
    let plan = app.body_text();
    assert!(plan.contains("aws iam attach-role-policy --role-name ecsTaskExecutionRole --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"), "{plan}");
    app.screenshot("34-create-standard-execution-role");
    app.css("[data-testid=create-standard-role]").click();
    app.wait_gone("Berth makes these calls, in this order.");
    let role = app.css("[data-testid=execution-role] input").value();
    assert_eq!(role, "arn:aws:iam::000000000000:role/ecsTaskExecutionRole");
    // Whether this identity may pass the role is asked of IAM's policy simulator up front.
    app.wait_text("user/sandbox may pass this role (iam:PassRole");
    app.css("[data-testid=execution-role] input").click();
    app.wait_text("AmazonECSTaskExecutionRolePolicy");
    app.screenshot("35-execution-role-picker");
    app.css("[data-testid=family] input").click();

    // An imported or hand-edited size Fargate does not offer is named, field and rule.
    app.button("JSON").click();
    let editor = app.css("[data-testid=json-editor] textarea");
    let mut doc: serde_json::Value = serde_json::from_str(&editor.value()).unwrap();
    doc["memory"] = json!("4096");
    editor.paste(&serde_json::to_string_pretty(&doc).unwrap());
    app.wait_text("256 CPU with 4096 MiB is not a Fargate size");
    app.screenshot("13-task-definition-invalid-size");
    doc["memory"] = json!("512");
    editor.paste(&serde_json::to_string_pretty(&doc).unwrap());
    app.wait_gone("256 CPU with 4096 MiB is not a Fargate size");
    app.button("Form").click();
    app.wait_text("Launch type compatibility");
    app.screenshot("12-task-definition-wizard");
    app.button("Next").click();

    // The container: its image picked from ECR, a port, an environment pasted in bulk.
    app.css("[data-testid=container-name] input").replace_text("web");
    app.css("[data-testid=container-image] input").type_text("web-app");
    app.find("xpath", "//*[@role='option'][contains(., 'web-app:latest')]").click();
    app.button("Add port mapping").click();
    // A port out of range is named as it is typed and holds the wizard on this step.
    let port = app.css("[data-testid=port-number] input");
    port.replace_text("70000");
    app.wait_text("must be a port number, 1–65535");
    app.button("Next").click();
    app.wait_text("Fix the fields marked below");
    port.replace_text("80");
    app.wait_gone("must be a port number, 1–65535");
    app.find("xpath", "//*[normalize-space(.)='Paste KEY=value lines']").click();
    app.css("[data-testid=env-bulk] textarea").paste("GREETING=hello\nMODE=demo\nDB_PASSWORD=hunter2");
    app.button("Add these variables").click();
    app.wait_text("Container 1: web");
    // A value that looks like a secret is pointed at `secrets`, without blocking.
    app.wait_text("DB_PASSWORD looks like a secret");
    app.css("[data-testid=secret-warnings]").scroll_to();
    app.screenshot("32-task-definition-secret-warning");

    // The unfinished wizard is a draft in the app's data directory, so it survives the
    // app going away mid-wizard (Rust writes it; the webview keeps nothing).
    let drafts = data.join("drafts").join("task-definition");
    until(&app, "the draft on disk", |_| {
        std::fs::read_dir(&drafts).into_iter().flatten().flatten().any(|env| {
            std::fs::read_to_string(env.path().join("new.json")).is_ok_and(|d| d.contains("DB_PASSWORD") && d.contains("web-app:latest"))
        })
    });
    drop(app);
    let app = App::launch_sandbox_at(&data, "10");
    app.link("Task definitions").click();
    app.button("Create task definition").click();
    app.wait_text("Your unfinished draft was restored");
    app.wait_text("DB_PASSWORD looks like a secret");
    app.button("Next").click();
    app.wait_text("Container 1: web");
    app.button("Next").click();
    app.wait_text("Equivalent AWS CLI command");
    let command = app.css("[data-testid=cli-command]").text();
    assert!(command.starts_with("aws ecs register-task-definition --cli-input-json"), "{command}");
    assert!(command.contains("\"GREETING\"") && command.contains("/web-app:latest"), "{command}");
    app.screenshot("14-task-definition-review");
    app.button("Register").click();
    app.wait_text("Registered web:1");

    // Export the revision as the JSON the AWS CLI accepts.
    app.wait_text("Revisions");
    app.css("[data-testid=revision-json]");
    app.css("[data-testid=export-json]").click();
    app.wait_text("Exported web:1");
    let exported = std::fs::read_to_string(app.downloads().join("web-1.json")).expect("the exported file");
    let exported: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(exported["family"], "web");
    assert_eq!(exported["memory"], "512");
    assert!(exported.get("revision").is_none(), "read-only fields are not exported");
    app.screenshot("15-task-definition-revisions");

    // Step 4: run two tasks and watch them reach RUNNING.
    app.button("Run task").click();
    app.wait_text("What to run");
    until(&app, "the revision to load", |b| b.contains("web:1"));
    app.css("[data-testid=run-count] input").replace_text("2");
    // One click, at once: the wizard waits for the clusters and the revision it needs.
    app.button("Next").click();
    app.wait_text("Subnets");
    app.button("Next").click();
    app.button("Next").click();
    app.wait_text("Equivalent AWS CLI command");
    let command = app.css("[data-testid=cli-command]").text();
    assert!(command.contains("aws ecs run-task --cluster demo --task-definition web:1 --count 2 --launch-type FARGATE"), "{command}");
    app.button("Run task").click();
    app.wait_text("Started 2 tasks of web:1");
    until(&app, "two RUNNING tasks", |b| {
        b.matches("RUNNING").count() >= 4 && !b.contains("PROVISIONING") && !b.contains("PENDING") && !b.contains("ACTIVATING")
    });
    app.screenshot("16-tasks-running");

    // A task's detail and its logs, followed as they arrive.
    app.find("xpath", "//table//a[contains(@href, '#/tasks/demo/')]").click();
    app.wait_text("Network attachment");
    until(&app, "log lines", |b| b.contains("[app]"));
    app.wait_text("Following");
    let before = app.css("[data-testid=log-lines]").text().lines().count();
    app.css("[data-testid=log-search] input").type_text("ready");
    until(&app, "a search match", |b| b.contains("match)"));
    app.css("[data-testid=log-search] input").replace_text("");
    app.css("[data-testid=log-viewer]").scroll_to();
    app.screenshot("17-task-detail-logs");
    assert!(before > 0);

    // Stop it with a reason; ECS records the reason.
    app.css("[data-testid=stop-task]").click();
    app.css("[data-testid=stop-reason] input").type_text("demo finished");
    assert!(!app.css("[data-testid=confirm-action]").enabled(), "Stop waits for the typed confirmation");
    app.css("[data-testid=confirm-name] input").type_text("stop");
    app.css("[data-testid=confirm-action]").click();
    app.wait_text("Stopping task");
    until(&app, "the task to stop", |b| b.contains("demo finished") && b.contains("UserInitiated"));
    let last_status = app.css("[data-testid=task-last-status]");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !last_status.text().contains("STOPPED") {
        assert!(std::time::Instant::now() < deadline, "the task never reached STOPPED: {}", last_status.text());
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    app.screenshot("18-task-stopped");
    let _ = std::fs::remove_dir_all(&data);
}
