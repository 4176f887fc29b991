//! One file of commands per area; each command only calls berth-core.

pub mod clusters;
pub mod environments;
pub mod sandbox;
