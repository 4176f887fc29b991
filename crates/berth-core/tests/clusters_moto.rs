//! Clusters through berth-core against a real moto server.

use crate::common;

use berth_core::clusters::{NewCluster, Tag};
use common::Moto;

fn new_cluster(name: &str) -> NewCluster {
    NewCluster { cluster_name: name.into(), container_insights: false, tags: vec![] }
}

#[tokio::test]
async fn create_list_describe_delete() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let console = moto.console(dir.path());

    let created = console
        .create_cluster(NewCluster {
            cluster_name: "web".into(),
            container_insights: true,
            tags: vec![Tag { key: "team".into(), value: "payments".into() }],
        })
        .await
        .unwrap();
    assert_eq!(created.cluster_name, "web");
    assert_eq!(created.status, "ACTIVE");
    assert!(created.cluster_arn.ends_with(":cluster/web"), "{}", created.cluster_arn);

    let listed = console.list_clusters().await.unwrap();
    assert_eq!(listed.len(), 1);
    let web = &listed[0];
    assert_eq!(web.cluster_name, "web");
    assert_eq!(web.tags, vec![Tag { key: "team".into(), value: "payments".into() }]);

    let described = console.describe_cluster("web").await.unwrap();
    assert_eq!(described.cluster_arn, created.cluster_arn);

    let deleted = console.delete_cluster("web", "web").await.unwrap();
    assert_eq!(deleted.cluster_name, "web");
    let left: Vec<_> = console.list_clusters().await.unwrap().into_iter().filter(|c| c.status == "ACTIVE").collect();
    assert!(left.is_empty(), "{left:?}");
}

#[tokio::test]
async fn lists_every_cluster_across_pages_and_batches() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let console = moto.console(dir.path());
    // 230 clusters: three ListClusters pages and three DescribeClusters batches.
    for i in 0..230 {
        console.create_cluster(new_cluster(&format!("c-{i:03}"))).await.unwrap();
    }
    let listed = console.list_clusters().await.unwrap();
    let mut names: Vec<_> = listed.iter().map(|c| c.cluster_name.clone()).collect();
    names.sort();
    let expected: Vec<_> = (0..230).map(|i| format!("c-{i:03}")).collect();
    assert_eq!(names, expected);
}

#[tokio::test]
async fn invalid_name_is_refused_before_aws_sees_it() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let console = moto.console(dir.path());
    let err = console.create_cluster(new_cluster("has space")).await.unwrap_err();
    assert_eq!(err.code(), "ValidationError");
    assert_eq!(err.field(), Some("clusterName"));
    assert!(err.to_string().contains("only letters, digits"), "{err}");
    assert!(console.list_clusters().await.unwrap().is_empty());
}

#[tokio::test]
async fn missing_cluster_is_cluster_not_found() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let console = moto.console(dir.path());
    let err = console.delete_cluster("nope", "nope").await.unwrap_err();
    assert_eq!(err.code(), "ClusterNotFoundException", "{err:?}");
    assert!(err.hint().unwrap().contains("region"));
    let err = console.describe_cluster("nope").await.unwrap_err();
    assert_eq!(err.code(), "ClusterNotFoundException");
}

// "A cluster with services is refused" runs against the sandbox (clusters_sandbox.rs):
// moto 5.2 marks such a cluster INACTIVE instead of refusing, unlike ECS.
