//! EC2 networking a task or service is placed in: VPCs, subnets and security groups.

use serde::Serialize;

use crate::error::{CoreError, Result};
use crate::Clients;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Vpc {
    pub vpc_id: String,
    pub cidr_block: String,
    pub is_default: bool,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Subnet {
    pub subnet_id: String,
    pub vpc_id: String,
    pub availability_zone: String,
    pub cidr_block: String,
    pub available_ip_address_count: i32,
    pub map_public_ip_on_launch: bool,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SecurityGroup {
    pub group_id: String,
    pub group_name: String,
    pub vpc_id: String,
    pub description: String,
}

fn name_tag(tags: &[aws_sdk_ec2::types::Tag]) -> Option<String> {
    tags.iter().find(|t| t.key() == Some("Name")).and_then(|t| t.value().map(str::to_string))
}

fn vpc_filter(vpc_id: &str) -> aws_sdk_ec2::types::Filter {
    aws_sdk_ec2::types::Filter::builder().name("vpc-id").values(vpc_id).build()
}

pub async fn vpcs(clients: &Clients) -> Result<Vec<Vpc>> {
    let out = clients.ec2.describe_vpcs().send().await.map_err(|e| CoreError::from_sdk("DescribeVpcs", e))?;
    let mut vpcs: Vec<Vpc> = out
        .vpcs()
        .iter()
        .map(|v| Vpc {
            vpc_id: v.vpc_id().unwrap_or_default().into(),
            cidr_block: v.cidr_block().unwrap_or_default().into(),
            is_default: v.is_default().unwrap_or(false),
            name: name_tag(v.tags()),
        })
        .collect();
    // The default VPC first: it is what a new user means.
    vpcs.sort_by(|a, b| b.is_default.cmp(&a.is_default).then(a.vpc_id.cmp(&b.vpc_id)));
    Ok(vpcs)
}

pub async fn subnets(clients: &Clients, vpc_id: &str) -> Result<Vec<Subnet>> {
    let out =
        clients.ec2.describe_subnets().filters(vpc_filter(vpc_id)).send().await.map_err(|e| CoreError::from_sdk("DescribeSubnets", e))?;
    let mut subnets: Vec<Subnet> = out
        .subnets()
        .iter()
        .map(|s| Subnet {
            subnet_id: s.subnet_id().unwrap_or_default().into(),
            vpc_id: s.vpc_id().unwrap_or_default().into(),
            availability_zone: s.availability_zone().unwrap_or_default().into(),
            cidr_block: s.cidr_block().unwrap_or_default().into(),
            available_ip_address_count: s.available_ip_address_count().unwrap_or_default(),
            map_public_ip_on_launch: s.map_public_ip_on_launch().unwrap_or(false),
            name: name_tag(s.tags()),
        })
        .collect();
    subnets.sort_by(|a, b| a.availability_zone.cmp(&b.availability_zone).then(a.subnet_id.cmp(&b.subnet_id)));
    Ok(subnets)
}

pub async fn security_groups(clients: &Clients, vpc_id: &str) -> Result<Vec<SecurityGroup>> {
    let out = clients
        .ec2
        .describe_security_groups()
        .filters(vpc_filter(vpc_id))
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DescribeSecurityGroups", e))?;
    Ok(out
        .security_groups()
        .iter()
        .map(|g| SecurityGroup {
            group_id: g.group_id().unwrap_or_default().into(),
            group_name: g.group_name().unwrap_or_default().into(),
            vpc_id: g.vpc_id().unwrap_or_default().into(),
            description: g.description().unwrap_or_default().into(),
        })
        .collect())
}
