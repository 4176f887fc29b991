//! Application Load Balancers and target groups as a service needs them: the ones that
//! exist (to pick from), their listeners, and each target's health.

use aws_sdk_elasticloadbalancingv2::types as elb;
use serde::Serialize;

use crate::error::{CoreError, Result};
use crate::validation::FieldError;
use crate::Clients;

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct LoadBalancer {
    pub load_balancer_arn: String,
    pub load_balancer_name: String,
    pub dns_name: String,
    pub scheme: String,
    pub vpc_id: String,
    pub state: String,
    pub r#type: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TargetGroup {
    pub target_group_arn: String,
    pub target_group_name: String,
    pub protocol: String,
    pub port: i32,
    pub target_type: String,
    pub vpc_id: String,
    pub health_check_path: Option<String>,
    pub load_balancer_arns: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TargetHealth {
    pub id: String,
    pub port: Option<i32>,
    /// initial, healthy, unhealthy, unused, draining or unavailable.
    pub state: String,
    pub reason: Option<String>,
    pub description: Option<String>,
}

/// ELB's rule for load balancer (`load_balancer`) and target group names.
pub fn check_name(field: &str, value: &str, load_balancer: bool) -> Result<(), FieldError> {
    let ok = !value.is_empty()
        && value.len() <= 32
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !value.starts_with('-')
        && !value.ends_with('-');
    if !ok {
        return Err(FieldError::new(field, "1–32 letters, digits and hyphens, not starting or ending with a hyphen."));
    }
    if load_balancer && value.starts_with("internal-") {
        return Err(FieldError::new(field, "A load balancer name cannot start with \"internal-\"."));
    }
    Ok(())
}

pub async fn load_balancers(clients: &Clients) -> Result<Vec<LoadBalancer>> {
    let mut out = vec![];
    let mut pages = clients.elb.describe_load_balancers().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| CoreError::from_sdk("DescribeLoadBalancers", e))?;
        out.extend(page.load_balancers().iter().filter(|l| l.r#type() == Some(&elb::LoadBalancerTypeEnum::Application)).map(|l| {
            LoadBalancer {
                load_balancer_arn: l.load_balancer_arn().unwrap_or_default().into(),
                load_balancer_name: l.load_balancer_name().unwrap_or_default().into(),
                dns_name: l.dns_name().unwrap_or_default().into(),
                scheme: l.scheme().map(|s| s.as_str().to_string()).unwrap_or_default(),
                vpc_id: l.vpc_id().unwrap_or_default().into(),
                state: l.state().and_then(|s| s.code()).map(|c| c.as_str().to_string()).unwrap_or_default(),
                r#type: "application".into(),
            }
        }));
    }
    Ok(out)
}

fn target_group(t: &elb::TargetGroup) -> TargetGroup {
    TargetGroup {
        target_group_arn: t.target_group_arn().unwrap_or_default().into(),
        target_group_name: t.target_group_name().unwrap_or_default().into(),
        protocol: t.protocol().map(|p| p.as_str().to_string()).unwrap_or_default(),
        port: t.port().unwrap_or_default(),
        target_type: t.target_type().map(|p| p.as_str().to_string()).unwrap_or_default(),
        vpc_id: t.vpc_id().unwrap_or_default().into(),
        health_check_path: t.health_check_path().map(str::to_string),
        load_balancer_arns: t.load_balancer_arns().to_vec(),
    }
}

/// Target groups, of one load balancer when `load_balancer_arn` is given.
pub async fn target_groups(clients: &Clients, load_balancer_arn: Option<&str>) -> Result<Vec<TargetGroup>> {
    let mut out = vec![];
    let mut pages =
        clients.elb.describe_target_groups().set_load_balancer_arn(load_balancer_arn.map(str::to_string)).into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| CoreError::from_sdk("DescribeTargetGroups", e))?;
        out.extend(page.target_groups().iter().map(target_group));
    }
    Ok(out)
}

pub async fn describe_target_group(clients: &Clients, arn: &str) -> Result<TargetGroup> {
    let out = clients
        .elb
        .describe_target_groups()
        .target_group_arns(arn)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DescribeTargetGroups", e))?;
    out.target_groups().first().map(target_group).ok_or_else(|| CoreError::Aws {
        code: "TargetGroupNotFound".into(),
        message: format!("Target group {arn} was not found."),
        operation: "DescribeTargetGroups",
    })
}

pub async fn target_health(clients: &Clients, target_group_arn: &str) -> Result<Vec<TargetHealth>> {
    let out = clients
        .elb
        .describe_target_health()
        .target_group_arn(target_group_arn)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DescribeTargetHealth", e))?;
    Ok(out
        .target_health_descriptions()
        .iter()
        .map(|d| TargetHealth {
            id: d.target().and_then(|t| t.id()).unwrap_or_default().to_string(),
            port: d.target().and_then(|t| t.port()),
            state: d.target_health().and_then(|h| h.state()).map(|s| s.as_str().to_string()).unwrap_or_default(),
            reason: d.target_health().and_then(|h| h.reason()).map(|r| r.as_str().to_string()),
            description: d.target_health().and_then(|h| h.description()).map(str::to_string),
        })
        .collect())
}

/// The label Application Auto Scaling's ALBRequestCountPerTarget needs:
/// `app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>`.
pub fn resource_label(load_balancer_arn: &str, target_group_arn: &str) -> Option<String> {
    let lb = load_balancer_arn.split_once(":loadbalancer/")?.1;
    let tg = target_group_arn.rsplit_once(':')?.1;
    tg.starts_with("targetgroup/").then(|| format!("{lb}/{tg}"))
}

/// Deletes a load balancer with its listeners.
pub async fn delete_load_balancer(clients: &Clients, arn: &str) -> Result<()> {
    clients
        .elb
        .delete_load_balancer()
        .load_balancer_arn(arn)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| CoreError::from_sdk("DeleteLoadBalancer", e))
}

/// Deletes a target group; ELB refuses (ResourceInUse) while a listener forwards to it.
pub async fn delete_target_group(clients: &Clients, arn: &str) -> Result<()> {
    clients
        .elb
        .delete_target_group()
        .target_group_arn(arn)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| CoreError::from_sdk("DeleteTargetGroup", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_labels() {
        assert!(check_name("loadBalancerName", "web-alb", true).is_ok());
        assert!(check_name("loadBalancerName", "-web", true).is_err());
        assert!(check_name("loadBalancerName", "internal-web", true).is_err());
        assert!(check_name("targetGroupName", &"a".repeat(33), false).is_err());
        assert_eq!(
            resource_label(
                "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/50dc6c495c0c9188",
                "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web-tg/73e2d6bc24d8a067"
            )
            .as_deref(),
            Some("app/web/50dc6c495c0c9188/targetgroup/web-tg/73e2d6bc24d8a067")
        );
    }
}
