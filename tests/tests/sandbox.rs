//! A new user's first start: no AWS profile, so Berth opens on its embedded sandbox, says
//! so in the header, keeps what the user creates across restarts, and can be reset.

use berth_e2e::App;

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
        app.button("Next").click();
        app.button("Next").click();
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
