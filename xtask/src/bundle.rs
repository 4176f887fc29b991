//! The Debian package. `cargo xtask bundle` builds the release `.deb`; the test run
//! bundles the debug build it already has (Tauri's `bundle` step packages a built binary
//! without compiling again), and the e2e group installs that package and opens it.
//! No AppImage: its bundler downloads linuxdeploy and its plugins at build time.

use std::path::PathBuf;
use std::process::Command;

use crate::{root, run_cmd, setup, target_dir, Result};

fn tauri_cli() -> PathBuf {
    root().join("ui").join("node_modules").join(".bin").join("tauri")
}

/// The one `.deb` under `profile`'s bundle directory.
fn find_deb(profile: &str) -> Result<PathBuf> {
    let dir = target_dir().join(profile).join("bundle").join("deb");
    let mut debs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "deb"))
        .collect();
    debs.sort();
    debs.pop().ok_or_else(|| format!("no .deb in {}", dir.display()))
}

/// Packages the debug build made by `setup::build` (the binary the e2e tests drive).
pub fn debug() -> Result<PathBuf> {
    let dir = target_dir().join("debug").join("bundle").join("deb");
    let _ = std::fs::remove_dir_all(&dir);
    run_cmd(Command::new(tauri_cli()).args(["bundle", "--debug", "--bundles", "deb"]).current_dir(root().join("src-tauri")))?;
    find_deb("debug")
}

/// The release package, for users.
pub fn release() -> Result {
    setup::tools()?;
    run_cmd(Command::new(tauri_cli()).args(["build", "--bundles", "deb"]).current_dir(root().join("src-tauri")))?;
    let deb = find_deb("release")?;
    let size = std::fs::metadata(&deb).map(|m| m.len()).unwrap_or(0);
    eprintln!("xtask: {} ({:.1} MB)", deb.display(), size as f64 / 1e6);
    println!("{}", deb.display());
    Ok(())
}
