//! Project automation, the Rust way: `cargo xtask run` opens Berth, `cargo xtask test`
//! runs every test with real parts. Both first install what a fresh Debian/Ubuntu machine
//! lacks, so the README's two commands are all a newcomer needs.

mod bundle;
mod check;
mod phases;
mod session;
mod setup;

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use phases::Phases;

pub type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(),
        Some("test") => test(&args[1..]),
        Some("setup") => setup::all().map(|_| ()),
        Some("check") => check(),
        Some("bindings") => check::bindings(false),
        Some("bundle") => bundle::release(),
        Some("screenshots") => screenshots(),
        Some("bench") => bench(args.get(1).map(String::as_str)),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n  run           set up what is missing, build, and open Berth\n  test          set up what is missing and run the whole test suite\n  setup         only install and build\n  check         rustfmt, eslint, tsc, clippy and the generated bindings (what test runs first)\n  bindings      rewrite the generated UI bindings and capability from the Rust commands\n  bundle        build the release .deb\n  screenshots   copy the e2e screenshots into docs/screenshots/\n  bench NAME    run a benchmark (sandbox, sandbox-writes, simulation, tasks, services, metrics); its figures come last as one JSON line"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

pub fn root() -> PathBuf {
    // Read at run time: clones at other paths share one target dir, and cargo may reuse a
    // build whose compile-time manifest path points at another clone.
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest.parent().unwrap().to_path_buf()
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"))
}

/// Runs a command to completion, failing with its name when it fails.
pub fn run_cmd(cmd: &mut Command) -> Result {
    let shown = format!("{cmd:?}");
    eprintln!("xtask: $ {shown}");
    let status = cmd.status().map_err(|e| format!("could not start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

fn run() -> Result {
    setup::all()?;
    // No BERTH_LOCAL_ENDPOINT: Berth starts its embedded sandbox, exactly as on a new
    // user's first start, keeping its state in the app's data directory.
    eprintln!("xtask: opening Berth (the embedded sandbox is its default environment)");
    let mut app = Command::new(target_dir().join("debug").join("berth"));
    app.env_remove("BERTH_LOCAL_ENDPOINT");
    run_cmd(&mut app)
}

fn check() -> Result {
    let mut phases = Phases::default();
    let result = (|| {
        phases.run("setup", || setup::tools().map(|_| ()))?;
        check::static_checks(&mut phases)?;
        phases.run("build", setup::build)?;
        phases.run("check: bindings", || check::bindings(true))
    })();
    eprintln!("\n{}", phases.table());
    result
}

/// The groups `test` runs, each a `cargo test` selection (one test binary per crate).
const GROUPS: &[(&str, &[&str])] = &[
    ("test: unit", &["--lib", "--bins"]),
    ("test: sandbox", &["--test", "sandbox"]),
    ("test: core", &["--test", "core"]),
    ("test: e2e", &["--test", "e2e"]),
    ("test: doc", &["--doc"]),
];

/// `cargo xtask test [--no-check] [FILTER...]`: set up, check, build once, then every
/// test group, each timed. A failing group does not stop the others; the table at the end
/// says which failed. `--no-check` skips the style gate when iterating on one test.
fn test(extra: &[String]) -> Result {
    let skip_check = extra.first().is_some_and(|a| a == "--no-check");
    let extra = if skip_check { &extra[1..] } else { extra };
    let mut phases = Phases::default();
    let result = (|| {
        let tools = phases.run("setup", setup::tools)?;
        if !skip_check {
            check::static_checks(&mut phases)?;
        }
        phases.run("build", setup::build)?;
        if !skip_check {
            phases.run("check: bindings", || check::bindings(true))?;
        }
        // The installed-package test needs the .deb of this very build.
        let deb = phases.run("bundle: .deb (debug)", bundle::debug)?;
        let mut failed = Vec::new();
        if phases.run("test: ui (vitest)", || run_cmd(Command::new("npm").args(["test"]).current_dir(root().join("ui")))).is_err() {
            failed.push("test: ui (vitest)");
        }
        session::with_display_and_keyring(|env| {
            for (name, selection) in GROUPS {
                let outcome = phases.run(name, || {
                    let mut cargo = Command::new("cargo");
                    cargo.args(["test", "--workspace", "--no-fail-fast"]).args(*selection).args(["--", "--include-ignored"]).args(extra);
                    cargo.current_dir(root());
                    cargo
                        .env("BERTH_MOTO_SERVER", &tools.moto_server)
                        .env("BERTH_TAURI_DRIVER", &tools.tauri_driver)
                        .env("BERTH_AWS_CLI", &tools.aws_cli)
                        .env("BERTH_DEB", &deb);
                    for (k, v) in env {
                        cargo.env(k, v);
                    }
                    run_cmd(&mut cargo)
                });
                if outcome.is_err() {
                    failed.push(name);
                }
            }
            Ok(())
        })?;
        if failed.is_empty() {
            Ok(())
        } else {
            Err(format!("failed: {}", failed.join(", ")))
        }
    })();
    eprintln!("\n{}", phases.table());
    result
}

/// Benchmarks print progress on stderr and their figures as one JSON line last on stdout.
const BENCHES: &str = "sandbox, sandbox-writes, simulation, tasks, services, metrics";

fn bench(name: Option<&str>) -> Result {
    match name {
        Some("sandbox") => run_cmd(
            Command::new("cargo")
                .args(["run", "--quiet", "--release", "-p", "berth-sandbox", "--features", "bench", "--bin", "berth-sandbox-bench"])
                .current_dir(root()),
        ),
        Some("sandbox-writes") => run_cmd(
            Command::new("cargo")
                .args(["run", "--quiet", "--release", "-p", "berth-sandbox", "--features", "bench", "--bin", "berth-sandbox-writes-bench"])
                .current_dir(root()),
        ),
        Some("simulation") => run_cmd(
            Command::new("cargo")
                .args(["run", "--quiet", "--release", "-p", "berth-sandbox", "--features", "bench", "--bin", "berth-sandbox-sim-bench"])
                .current_dir(root()),
        ),
        // A berth-core example rather than a bin: it needs the sandbox, which berth-core
        // only has as a dev-dependency. BERTH_BENCH_LATENCY_MS and BERTH_BENCH_COUNT tune it.
        Some(what @ ("tasks" | "services")) => {
            let (_, aws_cli) = setup::python_tools()?;
            run_cmd(
                Command::new("cargo")
                    .args(["run", "--quiet", "--release", "-p", "berth-core", "--example", "bench_listing", "--", what])
                    .env("BERTH_AWS_CLI", aws_cli)
                    .current_dir(root()),
            )
        }
        // In the real window, so it runs where the e2e tests run: Xvfb, a session bus, tauri-driver.
        Some("metrics") => {
            let tools = setup::all()?;
            session::with_display_and_keyring(|env| {
                let mut cargo = Command::new("cargo");
                cargo.args(["run", "--quiet", "-p", "berth-e2e", "--example", "bench_metrics"]).current_dir(root());
                cargo.env("BERTH_TAURI_DRIVER", &tools.tauri_driver);
                for (k, v) in env {
                    cargo.env(k, v);
                }
                run_cmd(&mut cargo)
            })
        }
        Some(other) => Err(format!("unknown benchmark {other}; available: {BENCHES}")),
        None => Err(format!("usage: cargo xtask bench <name>; available: {BENCHES}")),
    }
}

fn screenshots() -> Result {
    let from = root().join("target").join("e2e-screenshots");
    let to = root().join("docs").join("screenshots");
    std::fs::create_dir_all(&to).map_err(|e| e.to_string())?;
    let mut copied = 0;
    for entry in std::fs::read_dir(&from).map_err(|e| format!("{}: {e} (run cargo xtask test first)", from.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".png") && !name.starts_with("failed") {
            std::fs::copy(&path, to.join(&name)).map_err(|e| e.to_string())?;
            copied += 1;
        }
    }
    eprintln!("xtask: copied {copied} screenshots to {}", to.display());
    Ok(())
}
