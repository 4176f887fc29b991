//! The Debian package as a user gets it: unpacked with dpkg into a scratch root, its
//! metadata and files checked, and the installed binary opened in a real window, where it
//! starts on its embedded sandbox and creates a cluster there.

use std::path::PathBuf;
use std::process::Command;

use berth_e2e::App;

fn dpkg(args: &[&str]) -> String {
    let out = Command::new("dpkg-deb").args(args).output().expect("dpkg-deb");
    assert!(out.status.success(), "dpkg-deb {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
#[ignore = "needs the .deb (BERTH_DEB), a display and tauri-driver: run through `cargo xtask test`"]
fn the_deb_installs_and_opens_on_the_sandbox() {
    let deb = PathBuf::from(std::env::var_os("BERTH_DEB").expect("BERTH_DEB: the .deb cargo xtask test bundles"));
    let deb = deb.to_str().unwrap();

    let info = dpkg(&["--field", deb, "Package", "Architecture", "Depends"]);
    assert!(info.contains("Package: berth"), "{info}");
    assert!(info.contains("libwebkit2gtk-4.1-0"), "the package depends on the WebKit it links: {info}");
    let files = dpkg(&["--contents", deb]);
    for wanted in [" usr/bin/berth", " usr/share/applications/Berth.desktop", " usr/share/icons/hicolor/"] {
        assert!(files.contains(wanted), "{wanted} missing from the package:\n{files}");
    }

    let root = std::env::temp_dir().join(format!("berth-e2e-deb-root-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    dpkg(&["-x", deb, root.to_str().unwrap()]);
    let desktop = std::fs::read_to_string(root.join("usr/share/applications/Berth.desktop")).unwrap();
    assert!(desktop.contains("Exec=berth"), "{desktop}");

    let data = root.join("data");
    let app = App::launch_binary(&root.join("usr/bin/berth"), &data);
    app.wait_text("Local sandbox");
    app.wait_text("No clusters");
    app.button("Create cluster").click();
    app.css("[data-testid=cluster-name] input").type_text("installed");
    app.cluster_wizard_to_review();
    app.button("Create cluster").click();
    app.wait_text("Cluster installed created");
    app.screenshot("31-installed-deb");
    drop(app);
    assert!(data.join("sandbox/state.sqlite").exists(), "the installed app keeps its sandbox in its data directory");
    let _ = std::fs::remove_dir_all(&root);
}
