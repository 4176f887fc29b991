// Declaring the commands makes tauri-build generate one permission per command, so the
// capability file can grant exactly these and nothing else.
const COMMANDS: &[&str] = &[
    "app_status",
    "list_regions",
    "list_environments",
    "active_environment",
    "switch_environment",
    "update_environment",
    "add_access_keys_environment",
    "remove_environment",
    "test_connection",
    "list_clusters",
    "describe_cluster",
    "create_cluster",
    "delete_cluster",
    "sandbox_status",
    "reset_sandbox",
    "describe_simulation",
    "set_service_traffic",
    "push_sample_image",
];

fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)))
        .expect("tauri build script");
}
