//! berth-core's integration tests, one binary (linking one per file cost minutes): each module drives berth-core against a real moto server, Berth's sandbox or a real keyring.

mod alarms_sandbox;
mod capacity;
mod clusters_moto;
mod clusters_sandbox;
mod common;
mod container_instances_sandbox;
mod deploy_moto;
mod deploy_sandbox;
mod deployments_sandbox;
mod diagnose_sandbox;
mod environments_moto;
mod guide_sandbox;
mod iam;
mod keyring;
mod metrics_sandbox;
mod sandbox_control;
mod services_moto;
mod services_sandbox;
