//! berth-core: everything the Berth console knows about ECS, with no Tauri in it.
//! The desktop shell and the tests drive it through [`Console`].

pub mod alarms;
pub mod capacity;
pub mod cleanup;
pub mod clusters;
pub mod confirmation;
pub mod connection;
pub mod console;
pub mod container_instances;
pub mod costs;
pub mod deployments;
pub mod diagnose;
pub mod downloads;
pub mod drafts;
pub mod environments;
pub mod error;
pub mod flight;
pub mod forms;
pub mod guide;
pub mod iam;
pub mod listing;
pub mod load_balancers;
pub mod logs;
pub mod metrics;
pub mod network;
pub mod placement;
pub mod plan;
pub mod prices;
pub mod raw;
pub mod regions;
pub mod registry;
pub mod sandbox;
pub mod scaling;
pub mod secrets;
pub mod service_plan;
pub mod services;
pub mod settings;
pub mod strategy;
pub mod task_definitions;
pub mod tasks;
pub mod validation;

pub use console::{Clients, Console};
pub use error::{CoreError, Result};
