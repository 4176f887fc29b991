//! The Berth desktop shell: builds the Tauri app, holds the console session as app state,
//! and exposes berth-core through thin commands. No ECS logic lives here.

#[cfg(test)]
mod bindings;
mod commands;
mod error;

// The handler list and the bindings table, derived from src/commands by build.rs.
include!(concat!(env!("OUT_DIR"), "/commands.rs"));

use std::path::PathBuf;
use std::sync::Arc;

use berth_core::environments::{Environments, LocalEndpoint, ProfileSource};
use berth_core::secrets::{AccessKeys, Keyring};
use berth_core::settings::SettingsStore;
use berth_core::Console;
use berth_sandbox::{KeyPair, Options, Sandbox};
use tauri::Manager;

pub fn run() {
    // `berth sandbox-credentials` is the AWS CLI's credential process for the sandbox
    // profile: it prints the keyring's key pair and exits without opening a window.
    if std::env::args().nth(1).as_deref() == Some("sandbox-credentials") {
        std::process::exit(print_sandbox_credentials());
    }
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("BERTH_LOG").unwrap_or_else(|_| "info,aws_smithy_runtime=warn".into()))
        .init();

    tauri::Builder::default()
        .setup(|app| {
            // BERTH_CONFIG_DIR lets tests and portable installs keep settings elsewhere.
            let dir = match std::env::var_os("BERTH_CONFIG_DIR") {
                Some(d) => PathBuf::from(d),
                None => app.path().app_config_dir()?,
            };
            // BERTH_LOCAL_ENDPOINT points Berth at another local server (moto in tests);
            // otherwise the embedded sandbox starts, keeping its state in the data dir.
            let data = match std::env::var_os("BERTH_DATA_DIR") {
                Some(d) => PathBuf::from(d),
                None => app.path().app_data_dir()?,
            };
            app.manage(berth_core::drafts::Drafts::new(data.join("drafts")));
            app.manage(berth_core::flight::Recordings::new(data.join("recordings")));
            let local = match std::env::var("BERTH_LOCAL_ENDPOINT") {
                Ok(url) => {
                    app.manage(SandboxSlot(None));
                    LocalEndpoint { name: "Local endpoint".into(), url, sandbox: false, keys: None }
                }
                Err(_) => {
                    let embedded = tauri::async_runtime::block_on(start_sandbox(data.join("sandbox").join("state.sqlite")))?;
                    let endpoint = LocalEndpoint {
                        name: "Local sandbox".into(),
                        url: embedded.sandbox.url(),
                        sandbox: true,
                        keys: Some(embedded.keys.clone()),
                    };
                    app.manage(SandboxSlot(Some(embedded)));
                    endpoint
                }
            };
            let local = Some(local);
            let environments = Environments::open(SettingsStore::new(dir), Arc::new(Keyring), ProfileSource::real(), local)?;
            app.manage(Console::new(environments));
            app.manage(Arc::new(commands::metrics::Watches::default()));
            Ok(())
        })
        .invoke_handler(berth_handler!())
        .run(tauri::generate_context!())
        .expect("Berth failed to start");
}

fn print_sandbox_credentials() -> i32 {
    match berth_core::sandbox::stored_keys(&Keyring) {
        Ok(keys) => {
            println!("{}", berth_core::sandbox::credential_process_output(&keys));
            0
        }
        Err(e) => {
            eprintln!("berth: no key pair for the sandbox ({e}); start Berth once with its keyring unlocked to make one");
            1
        }
    }
}

/// The embedded sandbox, absent when BERTH_LOCAL_ENDPOINT names another server.
pub struct SandboxSlot(pub Option<EmbeddedSandbox>);

/// The sandbox running inside the app, and the state file it had to set aside at start-up
/// (unreadable state is kept for the user, never silently dropped).
pub struct EmbeddedSandbox {
    pub sandbox: Sandbox,
    pub set_aside: Option<String>,
    /// The key pair every request must be signed with.
    pub keys: AccessKeys,
    /// Why the key pair lives only as long as this run (the keyring refused it), if so.
    pub keys_not_kept: Option<String>,
}

impl EmbeddedSandbox {
    pub fn endpoint(&self) -> (String, &AccessKeys) {
        (self.sandbox.url(), &self.keys)
    }
}

async fn start_sandbox(state: PathBuf) -> Result<EmbeddedSandbox, berth_sandbox::StartError> {
    // Only a caller holding the installation's key pair can drive the sandbox. Without a
    // keyring the pair lasts this run: Berth still works, the AWS CLI profile does not.
    let (keys, keys_not_kept) = match tokio::task::spawn_blocking(|| berth_core::sandbox::installation_keys(&Keyring)).await {
        Ok(Ok(keys)) => (keys, None),
        Ok(Err(e)) => {
            tracing::warn!("sandbox key pair not kept: {e}");
            (berth_core::sandbox::new_keys(), Some(e.to_string()))
        }
        Err(e) => (berth_core::sandbox::new_keys(), Some(e.to_string())),
    };
    let pair = KeyPair { access_key_id: keys.access_key_id.clone(), secret_access_key: keys.secret_access_key.clone() };
    // BERTH_SANDBOX_SPEED compresses simulated time for demos and tests.
    let speed = std::env::var("BERTH_SANDBOX_SPEED").ok().and_then(|s| s.parse::<f64>().ok()).filter(|s| *s > 0.0).unwrap_or(1.0);
    // The state of old (state.json beside it) is migrated into the database on first start.
    // Only requests addressed to the sandbox's own loopback address are answered.
    let options = || Options {
        speed,
        keys: Some(pair.clone()),
        loopback_host_only: true,
        ..Options::new(std::net::SocketAddr::from((std::net::Ipv4Addr::LOCALHOST, 0)), Some(state.clone()))
    };
    match Sandbox::start_with(options()).await {
        Ok(sandbox) => Ok(EmbeddedSandbox { sandbox, set_aside: None, keys, keys_not_kept }),
        Err(berth_sandbox::StartError::State(e)) => {
            tracing::warn!("{e}");
            let sandbox = Sandbox::start_with(options()).await?;
            Ok(EmbeddedSandbox { sandbox, set_aside: Some(e.to_string()), keys, keys_not_kept })
        }
        Err(e) => Err(e),
    }
}
