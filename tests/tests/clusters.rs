//! The clusters screen and environments, clicked through in the real Berth window.

use berth_e2e::{App, Moto};

#[test]
#[ignore = "needs a display, a keyring and tauri-driver: run through `cargo xtask test`"]
fn clusters_and_environments_in_the_real_window() {
    let moto = Moto::start();
    let app = App::launch(&moto.url);

    // First start: the local endpoint is active and shown in the header.
    app.wait_text("Local endpoint");
    app.wait_text("No clusters");
    app.screenshot("01-clusters-empty");

    // The wizard: an invalid name shows the rule and blocks the next step.
    app.button("Create cluster").click();
    app.wait_text("Cluster configuration");
    let name = app.css("[data-testid=cluster-name] input");
    name.type_text("web prod!");
    app.wait_text("Contains a space; only letters, digits, hyphens (-) and underscores (_) are allowed.");
    app.button("Next").click();
    app.wait_text("Contains a space");
    assert!(app.body_text().contains("Cluster name"), "still on the first step");
    app.screenshot("02-wizard-validation-error");

    // Corrected, with Container Insights and a tag; nothing typed so far is lost.
    name.replace_text("e2e-web");
    app.wait_gone("Contains a space");
    app.find("xpath", "//*[@data-testid='container-insights']//*[normalize-space(text())='Use Container Insights']").click();
    app.button("Next").click();
    // Fargate only (the default) needs no network: straight on to the tags.
    app.wait_text("AWS Fargate only");
    app.button("Next").click();
    app.wait_text("needs no network");
    app.button("Next").click();
    app.button("Add tag").click();
    app.css("[data-testid=tag-key-0] input").type_text("team");
    app.css("[data-testid=tag-value-0] input").type_text("payments");
    app.button("Next").click();
    app.wait_text("AWS CLI equivalent");
    let command = app.css("[data-testid=cli-command]").text();
    assert!(
        command.contains(
            "aws ecs create-cluster --cluster-name e2e-web --settings name=containerInsights,value=enabled --tags key=team,value=payments"
        ),
        "{command}"
    );
    assert!(command.contains(&format!("--endpoint-url {}", moto.url)), "{command}");
    app.screenshot("03-wizard-review");
    app.button("Create cluster").click();

    // Back on the table, with the result in the Flashbar.
    app.wait_text("Cluster e2e-web created");
    app.wait_text("e2e-web");
    app.screenshot("04-clusters-table");

    // A second cluster, so the filter has something to leave out.
    app.button("Create cluster").click();
    app.css("[data-testid=cluster-name] input").type_text("batch-jobs");
    app.cluster_wizard_to_review();
    app.button("Create cluster").click();
    app.wait_text("Cluster batch-jobs created");
    let filter = app.css("input[placeholder^='Find clusters']");
    filter.type_text("e2e");
    app.wait_text("1 match");
    assert!(!app.find("css selector", "[data-testid=clusters-table]").text().contains("batch-jobs"));
    filter.replace_text("");

    // Detail page, then delete by typing the name.
    app.link("e2e-web").click();
    app.wait_text("Overview");
    app.wait_text("active services.");
    assert!(app.body_text().contains("team=payments"));
    app.button("Open the services").click();
    app.wait_text("No services yet");
    app.script("history.back()", serde_json::json!([]));
    app.wait_text("Overview");
    app.screenshot("05-cluster-detail");
    app.button("Delete cluster").click();
    app.wait_text("To confirm, type the cluster name");
    let confirm = app.button("Delete");
    assert!(!confirm.enabled(), "Delete stays disabled until the name is typed");
    app.css("[data-testid=confirm-name] input").type_text("e2e-we");
    assert!(!app.button("Delete").enabled());
    app.css("[data-testid=confirm-name] input").type_text("b");
    app.screenshot("06-delete-confirmation");
    app.button("Delete").click();
    app.wait_text("Cluster e2e-web deleted.");
    app.wait_text("batch-jobs");

    // Environments: add access keys (kept in the real keyring), test them, switch in the header.
    app.link("Settings").click();
    app.wait_text("Environments");
    app.button("Add access keys").click();
    app.button("Save to keyring").click();
    app.wait_text("Required: a name you will recognise");
    app.css("[data-testid=env-name] input").type_text("moto keys");
    app.css("[data-testid=access-key-id] input").type_text("AKIAIOSFODNN7EXAMPLE");
    app.css("[data-testid=secret-access-key] input").type_text("e2eSecretNeverWrittenToDisk");
    app.css("[data-testid=endpoint-url] input").type_text("localhost:1");
    app.wait_text("Must start with http:// or https://");
    app.css("[data-testid=endpoint-url] input").replace_text(&moto.url);
    app.button("Save to keyring").click();
    app.wait_text("moto keys: connected");
    app.wait_text("123456789012");
    app.screenshot("07-environments");

    app.find("xpath", "//header//button[.//*[normalize-space(text())='Local endpoint']]").click();
    app.find("xpath", "//*[@role='menuitemcheckbox' or @role='menuitem'][.//*[normalize-space(text())='moto keys']]").click();
    app.find("xpath", "//header//button[.//*[normalize-space(text())='moto keys']]");
    app.link("Clusters").click();
    app.wait_text("batch-jobs");

    for file in walk(&app.config_dir()) {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(!text.contains("e2eSecretNeverWrittenToDisk"), "secret in {}", file.display());
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
