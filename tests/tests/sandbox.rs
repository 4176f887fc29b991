//! A new user's first start: no AWS profile, so Berth opens on its embedded sandbox, says
//! so in the header, keeps what the user creates across restarts, and can be reset.

use berth_e2e::{aws_json, App};
use serde_json::json;

#[test]
#[ignore = "needs a display, a keyring and tauri-driver: run through `cargo xtask test`"]
fn first_start_opens_on_the_sandbox_which_persists_and_resets() {
    let data = std::env::temp_dir().join(format!("berth-e2e-sandbox-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    {
        let app = App::launch_sandbox(&data);
        app.wait_text("Local sandbox");
        app.find("xpath", "//header//*[normalize-space(text())='Sandbox']");
        app.wait_text("No clusters");
        app.button("Create cluster").click();
        app.css("[data-testid=cluster-name] input").type_text("learner");
        app.cluster_wizard_to_review();
        app.wait_text("AWS CLI equivalent");
        let command = app.css("[data-testid=cli-command]").text();
        assert!(command.contains("aws ecs create-cluster --cluster-name learner"), "{command}");
        app.button("Create cluster").click();
        app.wait_text("Cluster learner created");
        app.screenshot("08-sandbox-first-start");
    }
    // A restart finds the cluster: the sandbox persisted it before answering.
    let app = App::launch_sandbox(&data);
    app.wait_text("learner");
    assert!(app.body_text().contains("Local sandbox"));

    app.link("Settings").click();
    app.wait_text("Reset sandbox");
    app.screenshot("09-sandbox-settings");
    app.button("Reset sandbox").click();
    app.wait_text("To confirm, type sandbox");
    assert!(!app.button("Reset").enabled(), "Reset stays disabled until sandbox is typed");
    app.css("[data-testid=confirm-reset] input").type_text("sandbox");
    app.button("Reset").click();
    app.wait_text("Sandbox reset");
    app.link("Clusters").click();
    app.wait_text("No clusters");
    let _ = std::fs::remove_dir_all(&data);
}

/// Sandbox-only controls: a service's traffic (checked as typed) and a sample image
/// pushed into a repository, both clicked through Settings.
#[test]
#[ignore = "needs a display, a keyring and tauri-driver: run through `cargo xtask test`"]
fn traffic_and_sample_images_are_set_from_settings() {
    let data = std::env::temp_dir().join(format!("berth-e2e-traffic-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let app = App::launch_sandbox_at(&data, "20");
    app.link("Settings").click();
    app.wait_text("Sandbox traffic");
    let body = app.body_text();
    let start = body.find("http://127.0.0.1:").expect("the sandbox endpoint is shown");
    let endpoint: String = body[start..].chars().take_while(|c| !c.is_whitespace()).collect();

    // Arrange through the API; the services screens have their own test (services.rs).
    let ecs = |op: &str, body: serde_json::Value| aws_json(&endpoint, "ecs", &format!("AmazonEC2ContainerServiceV20141113.{op}"), body);
    ecs("CreateCluster", json!({"clusterName": "shop"}));
    ecs(
        "RegisterContainerInstance",
        json!({"cluster": "shop", "instanceIdentityDocument": "{\"instanceId\":\"i-0e2e\",\"instanceType\":\"t3.large\",\"availabilityZone\":\"us-east-1a\"}"}),
    );
    ecs(
        "RegisterTaskDefinition",
        json!({"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128, "essential": true}]}),
    );
    ecs(
        "CreateService",
        json!({"cluster": "shop", "serviceName": "front", "taskDefinition": "web", "desiredCount": 2, "launchType": "EC2"}),
    );
    aws_json(&endpoint, "ecr", "AmazonEC2ContainerRegistry_V20150921.CreateRepository", json!({"repositoryName": "my-app-repo"}));

    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        app.css("[aria-label='Refresh traffic']").click();
        std::thread::sleep(std::time::Duration::from_millis(300));
        if app.body_text().contains("2 / 2") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the service never showed 2 running tasks:\n{}", app.body_text());
    }

    let traffic = app.css("[data-testid=traffic-front] input");
    traffic.replace_text("-5");
    app.wait_text("Requests per second must be a number from 0 to 100000.");
    assert!(!app.css("[data-testid=apply-traffic-front]").enabled(), "Apply stays disabled while the value breaks the rule");
    traffic.replace_text("120");
    app.wait_gone("Requests per second must be a number from 0 to 100000.");
    app.css("[data-testid=apply-traffic-front]").click();
    app.wait_text("Traffic for front set to 120 requests/s");
    let shown = app.script("return document.querySelector('[data-testid=traffic-front] input').value", json!([]));
    assert_eq!(shown, "120", "the table reloads with the sandbox's own value");

    app.css("[data-testid=sample-repository] input").type_text("missing-repo");
    app.css("[data-testid=sample-tag] input").replace_text("v1");
    app.css("[data-testid=push-sample-image]").click();
    app.wait_text("RepositoryNotFoundException");
    app.css("[data-testid=sample-repository] input").replace_text("my-app-repo");
    app.css("[data-testid=push-sample-image]").click();
    app.wait_text("Pushed my-app-repo:v1");
    assert!(app.body_text().contains("sha256:"));
    app.screenshot("10-sandbox-traffic-and-sample-image");

    let images = aws_json(&endpoint, "ecr", "AmazonEC2ContainerRegistry_V20150921.ListImages", json!({"repositoryName": "my-app-repo"}));
    assert_eq!(images["imageIds"][0]["imageTag"], "v1");
    drop(app);
    let _ = std::fs::remove_dir_all(&data);
}

/// Only Berth drives its sandbox: a request signed with any other key pair is refused,
/// and the AWS CLI gets in through the profile Settings writes, whose credential process
/// is Berth reading the keyring.
#[test]
#[ignore = "needs a display, a keyring and tauri-driver: run through `cargo xtask test`"]
fn the_aws_cli_reaches_the_sandbox_only_through_berths_profile() {
    let app = App::launch_sandbox(std::path::Path::new(""));
    let endpoint = app.sandbox_endpoint();
    app.wait_text("AWS CLI access");
    let config = app.home.0.join(".aws").join("config");
    app.wait_text(&format!("Not yet in {}", config.display()));
    aws_json(&endpoint, "ecs", "AmazonEC2ContainerServiceV20141113.CreateCluster", json!({"clusterName": "from-the-terminal"}));

    let aws = std::env::var("BERTH_AWS_CLI").unwrap_or_else(|_| "aws".into());
    let cli = |extra: &[(&str, &str)], args: &[&str]| {
        let mut command = std::process::Command::new(&aws);
        command
            .args(["ecs", "list-clusters", "--region", "us-east-1", "--endpoint-url", &endpoint])
            .args(args)
            .env("HOME", &app.home.0)
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env_remove("AWS_CONFIG_FILE")
            .env_remove("AWS_SHARED_CREDENTIALS_FILE");
        command.envs(extra.iter().copied());
        command.output().expect("the AWS CLI runs")
    };
    // Any other key pair, as another program on the machine would hold.
    let stranger =
        cli(&[("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"), ("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")], &[]);
    assert!(!stranger.status.success());
    let refusal = String::from_utf8_lossy(&stranger.stderr);
    assert!(refusal.contains("UnrecognizedClientException"), "{refusal}");

    app.button("Add profile to the AWS CLI config").click();
    app.wait_text(&format!("berth-sandbox is in {}", config.display()));
    let written = std::fs::read_to_string(&config).unwrap();
    assert!(written.contains("[profile berth-sandbox]") && written.contains("sandbox-credentials"), "{written}");
    assert!(!written.contains(&berth_e2e::sandbox_keys().secret_access_key), "no secret in the config file");
    app.screenshot("33-sandbox-cli-profile");

    let through_berth = cli(&[], &["--profile", "berth-sandbox"]);
    let listed = String::from_utf8_lossy(&through_berth.stdout);
    assert!(through_berth.status.success(), "{}", String::from_utf8_lossy(&through_berth.stderr));
    assert!(listed.contains("cluster/from-the-terminal"), "{listed}");
}
