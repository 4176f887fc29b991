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
use berth_sandbox::{Options, Sandbox};
use tauri::Manager;

pub fn run() {
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
            let local = match std::env::var("BERTH_LOCAL_ENDPOINT") {
                Ok(url) => {
                    app.manage(SandboxSlot(None));
                    LocalEndpoint { name: "Local endpoint".into(), url, sandbox: false }
                }
                Err(_) => {
                    let data = match std::env::var_os("BERTH_DATA_DIR") {
                        Some(d) => PathBuf::from(d),
                        None => app.path().app_data_dir()?,
                    };
                    let embedded = tauri::async_runtime::block_on(start_sandbox(data.join("sandbox").join("state.sqlite")))?;
                    let endpoint = LocalEndpoint { name: "Local sandbox".into(), url: embedded.sandbox.url(), sandbox: true };
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
            commands::sandbox::sandbox_status,
            commands::sandbox::reset_sandbox,
            commands::sandbox::describe_simulation,
            commands::sandbox::set_service_traffic,
            commands::sandbox::push_sample_image,
            commands::files::save_download,
            commands::registry::list_repositories,
            commands::registry::describe_repository,
            commands::registry::create_repository,
            commands::registry::delete_repository,
            commands::registry::list_images,
            commands::registry::delete_images,
            commands::registry::push_commands,
            commands::task_definitions::list_task_definition_families,
            commands::task_definitions::list_task_definition_revisions,
            commands::task_definitions::describe_task_definition,
            commands::task_definitions::validate_task_definition,
            commands::task_definitions::task_definition_rules,
            commands::task_definitions::register_task_definition,
            commands::task_definitions::deregister_task_definition,
            commands::tasks::list_tasks,
            commands::tasks::describe_task,
            commands::tasks::run_tasks,
            commands::tasks::stop_task,
            commands::tasks::task_log_targets,
            commands::tasks::read_log_events,
            commands::network::list_vpcs,
            commands::network::list_subnets,
            commands::network::list_security_groups,
            commands::services::list_services,
            commands::services::describe_service,
            commands::services::plan_service,
            commands::services::create_service,
            commands::services::roll_back_service,
            commands::services::preview_service_update,
            commands::services::update_service,
            commands::services::delete_service,
            commands::services::list_load_balancers,
            commands::services::list_target_groups,
            commands::services::target_health,
            commands::services::service_scaling,
            commands::services::scaled_services,
            commands::metrics::service_metric_series,
            commands::metrics::cluster_metric_series,
            commands::metrics::watch_metrics,
            commands::metrics::stop_metrics,
            commands::sandbox::set_metrics_resolution,
        ])
        .run(tauri::generate_context!())
        .expect("Berth failed to start");
}

/// The embedded sandbox, absent when BERTH_LOCAL_ENDPOINT names another server.
pub struct SandboxSlot(pub Option<EmbeddedSandbox>);

/// The sandbox running inside the app, and the state file it had to set aside at start-up
/// (unreadable state is kept for the user, never silently dropped).
pub struct EmbeddedSandbox {
    pub sandbox: Sandbox,
    pub set_aside: Option<String>,
}

async fn start_sandbox(state: PathBuf) -> Result<EmbeddedSandbox, berth_sandbox::StartError> {
    // BERTH_SANDBOX_SPEED compresses simulated time for demos and tests.
    let speed = std::env::var("BERTH_SANDBOX_SPEED").ok().and_then(|s| s.parse::<f64>().ok()).filter(|s| *s > 0.0).unwrap_or(1.0);
    // The state of old (state.json beside it) is migrated into the database on first start.
    // Only requests addressed to the sandbox's own loopback address are answered.
    let options = || Options {
        speed,
        loopback_host_only: true,
        ..Options::new(std::net::SocketAddr::from((std::net::Ipv4Addr::LOCALHOST, 0)), Some(state.clone()))
    };
    match Sandbox::start_with(options()).await {
        Ok(sandbox) => Ok(EmbeddedSandbox { sandbox, set_aside: None }),
        Err(berth_sandbox::StartError::State(e)) => {
            tracing::warn!("{e}");
            let sandbox = Sandbox::start_with(options()).await?;
            Ok(EmbeddedSandbox { sandbox, set_aside: Some(e.to_string()) })
        }
        Err(e) => Err(e),
    }
}
