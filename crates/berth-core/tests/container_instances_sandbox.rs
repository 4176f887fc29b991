//! Container instances through berth-core against the sandbox: listed with what they
//! reserve, drained and set active again, and deregistered only with the EC2 instance ID
//! typed (checked against ECS's record) and, while tasks run, forced.

use crate::common;

use berth_core::container_instances;
use berth_core::CoreError;

#[tokio::test]
async fn instances_are_listed_drained_and_deregistered_with_the_typed_id() {
    let sandbox = common::sandbox_at(20.0).await;
    let dir = tempfile::tempdir().unwrap();
    let clients = common::sandbox_console(dir.path(), sandbox.url()).clients().await.unwrap();
    clients.ecs.create_cluster().cluster_name("ec2").send().await.unwrap();
    let doc = r#"{"instanceId":"i-0abc","instanceType":"t3.small","availabilityZone":"us-east-1b"}"#;
    clients.ecs.register_container_instance().cluster("ec2").instance_identity_document(doc).send().await.unwrap();

    let listed = container_instances::list(&clients, "ec2").await.unwrap();
    assert_eq!(listed.len(), 1);
    let ci = &listed[0];
    assert_eq!(
        (ci.ec2_instance_id.as_deref(), ci.instance_type.as_deref(), ci.availability_zone.as_deref()),
        (Some("i-0abc"), Some("t3.small"), Some("us-east-1b"))
    );
    assert_eq!((ci.status.as_str(), ci.agent_connected, ci.cpu_registered, ci.cpu_remaining), ("ACTIVE", true, 2048, 2048));
    assert!(
        ci.memory_registered > 0 && ci.memory_registered < 2048,
        "registered memory is below the nominal 2 GiB: {}",
        ci.memory_registered
    );

    let drained = container_instances::set_draining(&clients, "ec2", std::slice::from_ref(&ci.arn), true).await.unwrap();
    assert_eq!(drained[0].status, "DRAINING");
    let active = container_instances::set_draining(&clients, "ec2", std::slice::from_ref(&ci.arn), false).await.unwrap();
    assert_eq!(active[0].status, "ACTIVE");

    let wrong = container_instances::deregister(&clients, "ec2", &ci.arn, false, "i-0abd").await.unwrap_err();
    assert_eq!(wrong.field(), Some("confirm"));
    container_instances::deregister(&clients, "ec2", &ci.arn, false, "i-0abc").await.unwrap();
    assert!(container_instances::list(&clients, "ec2").await.unwrap().is_empty());
    let gone = container_instances::set_draining(&clients, "ec2", std::slice::from_ref(&ci.arn), true).await.unwrap_err();
    assert!(matches!(&gone, CoreError::Aws { code, .. } if code == "INACTIVE"), "{gone:?}");
}
