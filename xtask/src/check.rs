//! `cargo xtask check`: the style and consistency gate, fast and first. Each step stops
//! the run with the tool's own report (file, line and rule).

use std::process::Command;

use crate::phases::Phases;
use crate::{root, run_cmd, Result};

/// The steps that need no build of the app: formatting, lints and types.
pub fn static_checks(phases: &mut Phases) -> Result {
    phases.run("check: rustfmt", || {
        run_cmd(Command::new("cargo").args(["fmt", "--all", "--check"]).current_dir(root()))
            .map_err(|e| format!("{e}: run `cargo fmt --all`"))
    })?;
    phases.run("check: references", references)?;
    let ui = root().join("ui");
    phases.run("check: eslint", || run_cmd(Command::new("npm").args(["run", "--silent", "lint"]).current_dir(&ui)))?;
    phases.run("check: tsc", || run_cmd(Command::new("npm").args(["run", "--silent", "typecheck"]).current_dir(&ui)))?;
    phases.run("check: clippy", || {
        run_cmd(
            // The bench feature only adds the sandbox's benchmark binaries; without it
            // --all-targets would leave them unlinted.
            Command::new("cargo")
                .args(["clippy", "--workspace", "--all-targets", "--features", "berth-sandbox/bench", "--quiet", "--", "-D", "warnings"])
                .current_dir(root()),
        )
    })
}

/// The generated files: the TypeScript client and the capability, both derived from the
/// Rust commands (src-tauri/build.rs writes the capability, the `bindings` test the client).
const GENERATED: &[&str] = &["ui/src/bindings.ts", "src-tauri/capabilities/main.json"];

/// Regenerates the bindings; with `verify`, fails when that changed a committed file.
pub fn bindings(verify: bool) -> Result {
    run_cmd(
        Command::new("cargo")
            .args(["test", "--workspace", "--lib", "--quiet", "bindings::tests::bindings", "--", "--exact"])
            .current_dir(root()),
    )?;
    if !verify {
        eprintln!("xtask: wrote {}", GENERATED.join(" and "));
        return Ok(());
    }
    let diff = Command::new("git").args(["diff", "--stat", "--exit-code", "--"]).args(GENERATED).current_dir(root()).output();
    match diff {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) if out.status.code() == Some(1) => Err(format!(
            "the generated bindings were stale and have been rewritten; review and commit them:\n{}",
            String::from_utf8_lossy(&out.stdout)
        )),
        // Not a git checkout (a source tarball): the files were just written from the Rust.
        _ => Ok(()),
    }
}

/// The README and the UI may only point at documents a user of the repository has: every
/// `NAME.md` they mention must exist in the repository.
fn references() -> Result {
    let mut files = vec![root().join("README.md")];
    let mut dirs = vec![root().join("ui").join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "ts" || x == "tsx") {
                files.push(path);
            }
        }
    }
    let mut missing = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        for (n, line) in text.lines().enumerate() {
            for word in line.split(|c: char| !(c.is_ascii_alphanumeric() || "-_./".contains(c))) {
                let Some(stem) = word.strip_suffix(".md") else { continue };
                let name = stem.rsplit('/').next().unwrap_or(stem);
                if name.is_empty() || !name.chars().next().unwrap().is_ascii_uppercase() {
                    continue;
                }
                if !exists_in_repository(word) {
                    missing.push(format!(
                        "{}:{}: {word} is not in the repository",
                        file.strip_prefix(root()).unwrap_or(file).display(),
                        n + 1
                    ));
                }
            }
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing.join("\n"))
    }
}

fn exists_in_repository(reference: &str) -> bool {
    let trimmed = reference.trim_start_matches("./");
    if root().join(trimmed).exists() {
        return true;
    }
    // A bare name may live anywhere in the tree (docs/, a crate).
    let name = trimmed.rsplit('/').next().unwrap_or(trimmed);
    let out = Command::new("git").args(["ls-files", "--", &format!("*{name}")]).current_dir(root()).output();
    out.is_ok_and(|o| o.status.success() && !o.stdout.is_empty())
}
