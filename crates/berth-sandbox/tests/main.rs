//! The sandbox's integration tests, one binary: the official SDKs and the AWS CLI against it, durability under SIGKILL and damage, property tests, the simulation.

mod aws_cli;
mod common;
mod durability;
mod fuzz;
mod sdk;
mod simulation;
