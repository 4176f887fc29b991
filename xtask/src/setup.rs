//! Installs what a fresh Debian/Ubuntu machine lacks, then builds the UI and the app.
//! Everything is checked first, so a machine that has it all only pays for the checks.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::{root, run_cmd, target_dir, Result};

/// Debian packages: Tauri's build prerequisites, then what the tests drive.
const PACKAGES: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "build-essential",
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "libxdo-dev",
    "pkg-config",
    "libdbus-1-dev",
    "curl",
    "file",
    // tests: a display, WebKit's WebDriver, a Secret Service, a D-Bus session bus
    "xvfb",
    "webkit2gtk-driver",
    "gnome-keyring",
    "dbus",
    "python3",
    "python3-venv",
    // e2e screenshots: ImageMagick's import reads the window from the X server
    "imagemagick",
];

/// Python tools the tests start, pinned so every machine runs the same ones.
const PYTHON_TOOLS: &[&str] = &["moto[server]==5.2.1", "awscli==1.44.*"];

pub struct Tools {
    pub moto_server: PathBuf,
    pub aws_cli: PathBuf,
    pub tauri_driver: PathBuf,
}

/// Everything `run` and `test` need: the tools, the UI and one build of the workspace.
pub fn all() -> Result<Tools> {
    let tools = tools()?;
    build()?;
    Ok(tools)
}

/// System packages, the Python tools, tauri-driver, and the UI's packages and build.
pub fn tools() -> Result<Tools> {
    system_packages()?;
    let (moto_server, aws_cli) = python_tools()?;
    let tauri_driver = tauri_driver()?;
    ui()?;
    Ok(Tools { moto_server, aws_cli, tauri_driver })
}

/// The workspace's one build: every target with the features the tests need, so the app
/// `run` opens is the binary the tests drive and `cargo test` afterwards compiles nothing.
/// (`cargo build` alone leaves out dev-dependencies, whose features then differ and
/// make `cargo test` build every shared dependency a second time.)
pub fn build() -> Result {
    run_cmd(Command::new("cargo").args(["build", "--workspace", "--all-targets"]).current_dir(root()))
}

fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .stderr(Stdio::null())
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
        .unwrap_or(false)
}

fn system_packages() -> Result {
    let missing: Vec<&str> = PACKAGES.iter().copied().filter(|p| !installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("xtask: installing Debian packages: {}", missing.join(" "));
    let is_root = Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0")).unwrap_or(false);
    let apt = |args: &[&str]| {
        let mut cmd = if is_root { Command::new("apt-get") } else { Command::new("sudo") };
        if !is_root {
            cmd.arg("apt-get");
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    run_cmd(&mut apt(&["update", "-qq"]))?;
    let mut install = apt(&["install", "-y", "-qq", "--no-install-recommends"]);
    install.args(&missing);
    run_cmd(&mut install)
}

/// moto and the AWS CLI in a virtualenv beside the target dir, outside the clone.
pub fn python_tools() -> Result<(PathBuf, PathBuf)> {
    let venv = target_dir().join("berth-tools").join("venv");
    let bin = venv.join("bin");
    let (moto, aws) = (bin.join("moto_server"), bin.join("aws"));
    let stamp = venv.join(".berth-tools");
    let wanted = PYTHON_TOOLS.join("\n");
    if moto.exists() && aws.exists() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        return Ok((moto, aws));
    }
    run_cmd(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    run_cmd(Command::new(bin.join("pip")).args(["install", "--quiet", "--disable-pip-version-check"]).args(PYTHON_TOOLS))?;
    std::fs::write(&stamp, wanted).map_err(|e| e.to_string())?;
    Ok((moto, aws))
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| std::env::split_paths(&paths).map(|p| p.join(name)).find(|p| p.is_file()))
}

fn tauri_driver() -> Result<PathBuf> {
    if let Some(p) = on_path("tauri-driver") {
        return Ok(p);
    }
    run_cmd(Command::new("cargo").args(["install", "tauri-driver", "--locked", "--version", "^2"]))?;
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"));
    Ok(home.join("bin").join("tauri-driver"))
}

fn ui() -> Result {
    let ui = root().join("ui");
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().trim_start_matches('v').split('.').next()?.parse::<u32>().ok())
        .is_some_and(|major| major >= 20);
    if !node_ok {
        return Err("Node.js 20 or newer is needed for the UI build (Vite 8); install it, e.g. from NodeSource or nvm".into());
    }
    let lock = ui.join("package-lock.json");
    let marker = ui.join("node_modules").join(".package-lock.json");
    let stale = match (std::fs::metadata(&lock).and_then(|m| m.modified()), std::fs::metadata(&marker).and_then(|m| m.modified())) {
        (Ok(lock), Ok(installed)) => lock > installed,
        _ => true,
    };
    if stale {
        // `npm ci` refuses this lock file: npm records only the @tauri-apps/cli binary for
        // the platform that wrote it, then reports the other platforms' as missing.
        // `npm install` follows the same lock and fills in what this platform needs.
        run_cmd(Command::new("npm").args(["install", "--no-audit", "--no-fund"]).current_dir(&ui))?;
    }
    run_cmd(Command::new("npm").args(["run", "build"]).current_dir(&ui))
}
