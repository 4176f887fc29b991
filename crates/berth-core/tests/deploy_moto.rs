//! The parts of the deploy path moto can answer through the Rust SDK: ECR repositories,
//! task definitions (raw JSON both ways), log groups and EC2 networking.

use crate::common;

use berth_core::registry::{self, NewRepository};
use berth_core::{logs, network, task_definitions};
use common::Moto;
use serde_json::json;

#[tokio::test]
async fn repositories_task_definitions_and_networking_on_moto() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let clients = moto.console(dir.path()).clients().await.unwrap();

    let repo = registry::create(
        &clients,
        &NewRepository { repository_name: "web".into(), tag_immutability: false, scan_on_push: true, encryption_type: None, kms_key: None },
    )
    .await
    .unwrap();
    assert!(repo.repository_uri.ends_with("/web"));
    assert_eq!(registry::list(&clients).await.unwrap()[0].image_count, 0);
    assert_eq!(registry::describe(&clients, "web").await.unwrap().repository_name, "web");
    registry::delete(&clients, "web", false).await.unwrap();

    let td = json!({
        "family": "worker",
        "requiresCompatibilities": ["EC2"],
        "networkMode": "bridge",
        "containerDefinitions": [{"name": "worker", "image": "busybox", "memory": 128, "command": ["sleep", "60"],
            "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/worker", "awslogs-region": "us-east-1"}}}],
        "pidMode": "task"
    });
    let registered = task_definitions::register(&clients, &td, true).await.unwrap();
    assert_eq!(registered.task_definition["family"], "worker");
    assert_eq!(registered.register_input["containerDefinitions"][0]["command"], json!(["sleep", "60"]));
    let described = task_definitions::describe(&clients, "worker:1").await.unwrap();
    assert_eq!(described.task_definition["revision"], 1);
    assert_eq!(task_definitions::families(&clients).await.unwrap()[0].family, "worker");
    assert_eq!(task_definitions::revisions(&clients, "worker").await.unwrap().len(), 1);
    // Without a stream prefix on EC2, ECS names the stream: Berth says it cannot know it.
    assert_eq!(logs::targets(&described.task_definition, "abc")[0].stream, None);
    logs::ensure_group(&clients, "/ecs/worker").await.unwrap();

    let vpcs = network::vpcs(&clients).await.unwrap();
    assert!(vpcs[0].is_default, "moto has a default VPC first");
    assert!(!network::subnets(&clients, &vpcs[0].vpc_id).await.unwrap().is_empty());
    assert!(!network::security_groups(&clients, &vpcs[0].vpc_id).await.unwrap().is_empty());
}
