//! End-to-end tests, one binary: the real app in a real window through tauri-driver. Windows open one at a time (the harness holds a lock per app), so screenshots show one app.

mod clusters;
mod container_instances;
mod deploy;
mod deployments;
mod ec2_capacity;
mod guide;
mod install;
mod sandbox;
mod services;
