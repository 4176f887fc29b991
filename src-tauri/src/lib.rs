//! The Berth desktop shell: builds the Tauri app, holds the console session as app state,
//! and exposes berth-core through thin commands. No ECS logic lives here.

mod commands;
mod error;

use std::path::PathBuf;
use std::sync::Arc;

use berth_core::environments::{Environments, LocalEndpoint, ProfileSource};
use berth_core::secrets::Keyring;
use berth_core::settings::SettingsStore;
use berth_core::Console;
use tauri::Manager;

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("BERTH_LOG").unwrap_or_else(|_| "info,aws_smithy_runtime=warn".into()),
        )
        .init();

    tauri::Builder::default()
        .setup(|app| {
            // BERTH_CONFIG_DIR lets tests and portable installs keep settings elsewhere.
            let dir = match std::env::var_os("BERTH_CONFIG_DIR") {
                Some(d) => PathBuf::from(d),
                None => app.path().app_config_dir()?,
            };
            let local = std::env::var("BERTH_LOCAL_ENDPOINT")
                .ok()
                .map(|url| LocalEndpoint { name: "Local endpoint".into(), url });
            let environments = Environments::open(SettingsStore::new(dir), Arc::new(Keyring), ProfileSource::real(), local)?;
            app.manage(Console::new(environments));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::environments::app_status,
            commands::environments::list_regions,
            commands::environments::list_environments,
            commands::environments::active_environment,
            commands::environments::switch_environment,
            commands::environments::update_environment,
            commands::environments::add_access_keys_environment,
            commands::environments::remove_environment,
            commands::environments::test_connection,
            commands::clusters::list_clusters,
            commands::clusters::describe_cluster,
            commands::clusters::create_cluster,
            commands::clusters::delete_cluster,
        ])
        .run(tauri::generate_context!())
        .expect("Berth failed to start");
}
