//! A cluster's EC2 capacity as ECS sees it: container instances with their registered and
//! remaining CPU and memory, agent and task counts; drain (DRAINING moves service tasks
//! elsewhere and leaves standalone ones) and deregister (refused by ECS while tasks run,
//! unless forced).

use serde::Serialize;

use crate::console::Clients;
use crate::error::{CoreError, Result};

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ContainerInstance {
    pub arn: String,
    /// The last segment of the ARN, as the console shows it.
    pub id: String,
    pub ec2_instance_id: Option<String>,
    pub instance_type: Option<String>,
    pub availability_zone: Option<String>,
    pub status: String,
    pub agent_connected: bool,
    pub agent_version: Option<String>,
    pub cpu_registered: i64,
    pub cpu_remaining: i64,
    pub memory_registered: i64,
    pub memory_remaining: i64,
    pub running_tasks: i64,
    pub pending_tasks: i64,
}

fn resource(list: &[aws_sdk_ecs::types::Resource], name: &str) -> i64 {
    list.iter().find(|r| r.name() == Some(name)).map(|r| r.integer_value() as i64).unwrap_or(0)
}

fn from_sdk(ci: &aws_sdk_ecs::types::ContainerInstance) -> ContainerInstance {
    let arn = ci.container_instance_arn().unwrap_or_default().to_string();
    let attribute = |name: &str| ci.attributes().iter().find(|a| a.name() == name).and_then(|a| a.value()).map(str::to_string);
    ContainerInstance {
        id: arn.rsplit('/').next().unwrap_or_default().to_string(),
        arn,
        ec2_instance_id: ci.ec2_instance_id().map(str::to_string),
        instance_type: attribute("ecs.instance-type"),
        availability_zone: attribute("ecs.availability-zone"),
        status: ci.status().unwrap_or("UNKNOWN").to_string(),
        agent_connected: ci.agent_connected(),
        agent_version: ci.version_info().and_then(|v| v.agent_version()).map(str::to_string),
        cpu_registered: resource(ci.registered_resources(), "CPU"),
        cpu_remaining: resource(ci.remaining_resources(), "CPU"),
        memory_registered: resource(ci.registered_resources(), "MEMORY"),
        memory_remaining: resource(ci.remaining_resources(), "MEMORY"),
        running_tasks: ci.running_tasks_count() as i64,
        pending_tasks: ci.pending_tasks_count() as i64,
    }
}

/// Every container instance of `cluster` that is not INACTIVE, in pages of 100 described
/// in batches of 100.
pub async fn list(clients: &Clients, cluster: &str) -> Result<Vec<ContainerInstance>> {
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let page = clients
            .ecs
            .list_container_instances()
            .cluster(cluster)
            .set_next_token(token.take())
            .max_results(100)
            .send()
            .await
            .map_err(|e| CoreError::from_sdk("ListContainerInstances", e))?;
        if !page.container_instance_arns().is_empty() {
            let described = clients
                .ecs
                .describe_container_instances()
                .cluster(cluster)
                .set_container_instances(Some(page.container_instance_arns().to_vec()))
                .send()
                .await
                .map_err(|e| CoreError::from_sdk("DescribeContainerInstances", e))?;
            out.extend(described.container_instances().iter().map(from_sdk));
        }
        match page.next_token() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    out.sort_by(|a, b| (&a.availability_zone, &a.ec2_instance_id).cmp(&(&b.availability_zone, &b.ec2_instance_id)));
    Ok(out)
}

/// Sets instances to DRAINING (or back to ACTIVE); ECS's per-instance refusals come back
/// as one error naming them.
pub async fn set_draining(clients: &Clients, cluster: &str, arns: &[String], draining: bool) -> Result<Vec<ContainerInstance>> {
    use aws_sdk_ecs::types::ContainerInstanceStatus;
    let status = if draining { ContainerInstanceStatus::Draining } else { ContainerInstanceStatus::Active };
    let mut changed = Vec::new();
    // UpdateContainerInstancesState takes at most 10 at a time.
    for chunk in arns.chunks(10) {
        let answer = clients
            .ecs
            .update_container_instances_state()
            .cluster(cluster)
            .set_container_instances(Some(chunk.to_vec()))
            .status(status.clone())
            .send()
            .await
            .map_err(|e| CoreError::from_sdk("UpdateContainerInstancesState", e))?;
        if let Some(f) = answer.failures().first() {
            return Err(CoreError::Aws {
                code: f.reason().unwrap_or("Failure").to_string(),
                message: format!("{}: {}", f.arn().unwrap_or_default(), f.detail().unwrap_or("ECS did not change this container instance")),
                operation: "UpdateContainerInstancesState",
            });
        }
        changed.extend(answer.container_instances().iter().map(from_sdk));
    }
    Ok(changed)
}

/// The name a user types to deregister an instance: its EC2 instance ID where ECS knows
/// it (what the console and the EC2 screens show), else the container instance ID.
pub fn confirmation_name(ci: &ContainerInstance) -> &str {
    ci.ec2_instance_id.as_deref().unwrap_or(&ci.id)
}

/// Deregisters one instance once `confirm` matches its confirmation name; `force` leaves
/// its tasks orphaned (services replace theirs).
pub async fn deregister(clients: &Clients, cluster: &str, arn: &str, force: bool, confirm: &str) -> Result<()> {
    let described = clients
        .ecs
        .describe_container_instances()
        .cluster(cluster)
        .container_instances(arn)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DescribeContainerInstances", e))?;
    let ci = described.container_instances().first().map(from_sdk).ok_or_else(|| CoreError::Aws {
        code: "MISSING".into(),
        message: format!("{arn} is not a container instance of {cluster}"),
        operation: "DescribeContainerInstances",
    })?;
    crate::confirmation::require(confirmation_name(&ci), confirm)?;
    clients
        .ecs
        .deregister_container_instance()
        .cluster(cluster)
        .container_instance(arn)
        .force(force)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DeregisterContainerInstance", e))?;
    Ok(())
}
