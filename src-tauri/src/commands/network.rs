//! VPCs, subnets and security groups to place tasks in.

use std::sync::Arc;

use berth_core::network::{self, SecurityGroup, Subnet, Vpc};
use berth_core::Console;
use tauri::State;

use crate::error::IpcResult;

#[tauri::command]
pub async fn list_vpcs(console: State<'_, Arc<Console>>) -> IpcResult<Vec<Vpc>> {
    Ok(network::vpcs(&console.clients().await?).await?)
}

#[tauri::command]
pub async fn list_subnets(console: State<'_, Arc<Console>>, vpc_id: String) -> IpcResult<Vec<Subnet>> {
    Ok(network::subnets(&console.clients().await?, &vpc_id).await?)
}

#[tauri::command]
pub async fn list_security_groups(console: State<'_, Arc<Console>>, vpc_id: String) -> IpcResult<Vec<SecurityGroup>> {
    Ok(network::security_groups(&console.clients().await?, &vpc_id).await?)
}
