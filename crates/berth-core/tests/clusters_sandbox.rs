//! Cluster rules that need a backend behaving like ECS: Berth's own sandbox, in-process.

use crate::common;

use std::sync::Arc;

use aws_sdk_ecs::types::{ContainerDefinition, NetworkMode};
use berth_core::clusters::NewCluster;
use berth_core::{Console, CoreError};
use berth_sandbox::Sandbox;

async fn console(dir: &std::path::Path) -> (Sandbox, Arc<Console>) {
    // Ten simulated seconds a second, so a deleted service drains quickly.
    let sandbox = common::sandbox_at(10.0).await;
    let console = common::sandbox_console(dir, sandbox.url());
    (sandbox, console)
}

fn new_cluster(name: &str) -> NewCluster {
    NewCluster { cluster_name: name.into(), container_insights: false, tags: vec![] }
}

#[tokio::test]
async fn cluster_with_services_is_refused_with_awss_code() {
    let dir = tempfile::tempdir().unwrap();
    let (_sandbox, console) = console(dir.path()).await;
    console.create_cluster(new_cluster("busy")).await.unwrap();
    let ecs = console.clients().await.unwrap().ecs;
    ecs.register_task_definition()
        .family("web")
        .network_mode(NetworkMode::Bridge)
        .container_definitions(ContainerDefinition::builder().name("web").image("nginx").memory(128).build())
        .send()
        .await
        .unwrap();
    ecs.create_service().cluster("busy").service_name("web").task_definition("web").desired_count(1).send().await.unwrap();
    assert_eq!(console.describe_cluster("busy").await.unwrap().active_services_count, 1);

    // What the user typed is checked in Rust before AWS is asked: a wrong name deletes
    // nothing, even with the services gone.
    let refused = console.delete_cluster("busy", "bus").await.unwrap_err();
    assert_eq!((refused.code(), refused.field()), ("ConfirmationMismatch", Some("confirm")));
    assert_eq!(refused.to_string(), "Type busy to confirm.");

    let err = console.delete_cluster("busy", "busy").await.unwrap_err();
    match &err {
        CoreError::Aws { code, message, operation } => {
            assert_eq!(code, "ClusterContainsServicesException");
            assert_eq!(message, "The Cluster cannot be deleted while Services are active.");
            assert_eq!(*operation, "DeleteCluster");
        }
        other => panic!("expected AWS's refusal, got {other:?}"),
    }
    assert!(err.hint().unwrap().contains("services"));
    assert_eq!(console.describe_cluster("busy").await.unwrap().status, "ACTIVE");

    // A deleted service drains (DRAINING still blocks, as in ECS); once it is INACTIVE
    // the same delete goes through.
    ecs.delete_service().cluster("busy").service("web").force(true).send().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let deleted = loop {
        match console.delete_cluster("busy", "busy").await {
            Ok(c) => break c,
            Err(CoreError::Aws { code, .. }) if code == "ClusterContainsServicesException" && std::time::Instant::now() < deadline => {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(other) => panic!("the drained cluster should delete: {other:?}"),
        }
    };
    assert_eq!(deleted.status, "INACTIVE");
    assert!(console.list_clusters().await.unwrap().is_empty());
}

#[tokio::test]
async fn missing_cluster_and_connection_test() {
    let dir = tempfile::tempdir().unwrap();
    let (_sandbox, console) = console(dir.path()).await;
    assert_eq!(console.delete_cluster("nope", "nope").await.unwrap_err().code(), "ClusterNotFoundException");
    let identity = console.test_connection("local").await.unwrap();
    assert_eq!(identity.account.as_deref(), Some(berth_sandbox::ACCOUNT_ID));
}

#[tokio::test]
async fn pages_and_batches_like_ecs() {
    let dir = tempfile::tempdir().unwrap();
    let (_sandbox, console) = console(dir.path()).await;
    for i in 0..250 {
        console.create_cluster(new_cluster(&format!("c{i:03}"))).await.unwrap();
    }
    let listed = console.list_clusters().await.unwrap();
    assert_eq!(listed.len(), 250);
    assert!(listed.windows(2).all(|w| w[0].cluster_name < w[1].cluster_name), "list order is kept");
}
