//! ECS clusters: list with details, describe, create and delete.

use aws_sdk_ecs::types::{self as ecs, ClusterField, ClusterSetting, ClusterSettingName};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::listing::list_then_describe;
use crate::validation;

/// What the console shows of a cluster, in ECS's own names.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    pub cluster_name: String,
    pub cluster_arn: String,
    pub status: String,
    pub running_tasks_count: i32,
    pub pending_tasks_count: i32,
    pub active_services_count: i32,
    pub registered_container_instances_count: i32,
    pub capacity_providers: Vec<String>,
    pub default_capacity_provider_strategy: Vec<crate::services::CapacityProviderItem>,
    pub container_insights: Option<String>,
    pub tags: Vec<Tag>,
    /// STATISTICS as ECS returns them (e.g. runningFargateTasksCount).
    pub statistics: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct NewCluster {
    pub cluster_name: String,
    #[serde(default)]
    pub container_insights: bool,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

impl NewCluster {
    pub fn validate(&self) -> Result<()> {
        match self.field_errors().into_iter().next() {
            Some(e) => Err(e.into()),
            None => Ok(()),
        }
    }

    /// Every broken rule, one per field (`clusterName`, `tags[i].key`, ...).
    pub fn field_errors(&self) -> Vec<validation::FieldError> {
        let mut errors: Vec<_> = validation::resource_name("clusterName", &self.cluster_name).err().into_iter().collect();
        errors.extend(validation::tag_errors(&pairs(&self.tags)));
        errors
    }
}

/// Tags as (key, value) pairs, the shape the tag rules take.
pub fn pairs(tags: &[Tag]) -> Vec<(String, String)> {
    tags.iter().map(|t| (t.key.clone(), t.value.clone())).collect()
}

const DESCRIBE_BATCH: usize = 100;

pub async fn list(client: &aws_sdk_ecs::Client) -> Result<Vec<Cluster>> {
    let paginator = client.list_clusters().max_results(100).into_paginator().send();
    let pages = futures::stream::unfold(paginator, |mut paginator| async move {
        let page = paginator.next().await?;
        let arns = page.map(|p| p.cluster_arns.unwrap_or_default()).map_err(|e| CoreError::from_sdk("ListClusters", e));
        Some((arns, paginator))
    });
    let client = client.clone();
    list_then_describe(pages, DESCRIBE_BATCH, move |arns| {
        let client = client.clone();
        async move { describe_batch(&client, arns).await }
    })
    .await
}

pub async fn describe(client: &aws_sdk_ecs::Client, cluster: &str) -> Result<Cluster> {
    describe_batch(client, vec![cluster.to_string()]).await?.into_iter().next().ok_or_else(|| CoreError::Aws {
        code: "ClusterNotFoundException".into(),
        message: format!("Cluster not found: {cluster}"),
        operation: "DescribeClusters",
    })
}

async fn describe_batch(client: &aws_sdk_ecs::Client, clusters: Vec<String>) -> Result<Vec<Cluster>> {
    let out = client
        .describe_clusters()
        .set_clusters(Some(clusters))
        .include(ClusterField::Statistics)
        .include(ClusterField::Settings)
        .include(ClusterField::Tags)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DescribeClusters", e))?;
    Ok(out.clusters.unwrap_or_default().into_iter().map(Cluster::from).collect())
}

pub async fn create(client: &aws_sdk_ecs::Client, input: &NewCluster) -> Result<Cluster> {
    input.validate()?;
    let insights = if input.container_insights { "enabled" } else { "disabled" };
    let mut req = client
        .create_cluster()
        .cluster_name(&input.cluster_name)
        .settings(ClusterSetting::builder().name(ClusterSettingName::ContainerInsights).value(insights).build());
    for t in &input.tags {
        req = req.tags(ecs::Tag::builder().key(&t.key).value(&t.value).build());
    }
    let out = req.send().await.map_err(|e| CoreError::from_sdk("CreateCluster", e))?;
    let cluster =
        out.cluster.ok_or_else(|| CoreError::Client { operation: "CreateCluster", detail: "the response had no cluster".into() })?;
    Ok(cluster.into())
}

pub async fn delete(client: &aws_sdk_ecs::Client, cluster: &str) -> Result<Cluster> {
    let out = client.delete_cluster().cluster(cluster).send().await.map_err(|e| CoreError::from_sdk("DeleteCluster", e))?;
    Ok(out.cluster.map(Cluster::from).unwrap_or_else(|| Cluster::named(cluster)))
}

impl Cluster {
    fn named(name: &str) -> Self {
        Cluster {
            cluster_name: name.into(),
            cluster_arn: String::new(),
            status: "INACTIVE".into(),
            running_tasks_count: 0,
            pending_tasks_count: 0,
            active_services_count: 0,
            registered_container_instances_count: 0,
            capacity_providers: vec![],
            default_capacity_provider_strategy: vec![],
            container_insights: None,
            tags: vec![],
            statistics: vec![],
        }
    }
}

impl From<ecs::Cluster> for Cluster {
    fn from(c: ecs::Cluster) -> Self {
        let container_insights = c
            .settings()
            .iter()
            .find(|s| s.name() == Some(&ClusterSettingName::ContainerInsights))
            .and_then(|s| s.value().map(str::to_string));
        Cluster {
            cluster_name: c.cluster_name().unwrap_or_default().to_string(),
            cluster_arn: c.cluster_arn().unwrap_or_default().to_string(),
            status: c.status().unwrap_or("UNKNOWN").to_string(),
            running_tasks_count: c.running_tasks_count(),
            pending_tasks_count: c.pending_tasks_count(),
            active_services_count: c.active_services_count(),
            registered_container_instances_count: c.registered_container_instances_count(),
            capacity_providers: c.capacity_providers().to_vec(),
            default_capacity_provider_strategy: c
                .default_capacity_provider_strategy()
                .iter()
                .map(|s| crate::services::CapacityProviderItem {
                    capacity_provider: s.capacity_provider().to_string(),
                    weight: s.weight(),
                    base: s.base(),
                })
                .collect(),
            container_insights,
            tags: c
                .tags()
                .iter()
                .map(|t| Tag { key: t.key().unwrap_or_default().into(), value: t.value().unwrap_or_default().into() })
                .collect(),
            statistics: c
                .statistics()
                .iter()
                .map(|s| Tag { key: s.name().unwrap_or_default().into(), value: s.value().unwrap_or_default().into() })
                .collect(),
        }
    }
}
