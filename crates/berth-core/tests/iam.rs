//! Role pickers and the standard roles, against Berth's sandbox and a real moto server:
//! the same calls must work on both, and repeating "Create the standard role" adopts
//! what exists instead of failing.

use crate::common;

use berth_core::iam::{self, RolePurpose};
use berth_core::Clients;

async fn standard_roles(clients: &Clients) {
    assert!(iam::list_roles(clients, RolePurpose::TaskExecution).await.unwrap().is_empty());
    let made = iam::create_standard_role(clients, RolePurpose::TaskExecution).await.unwrap();
    assert_eq!(made.name, "ecsTaskExecutionRole");
    assert!(made.arn.ends_with(":role/ecsTaskExecutionRole"), "{}", made.arn);
    assert_eq!(made.attached_policies, ["AmazonECSTaskExecutionRolePolicy"]);
    // Again, as after a lost answer or a second click: the same role, nothing doubled.
    let again = iam::create_standard_role(clients, RolePurpose::TaskExecution).await.unwrap();
    assert_eq!(again, made);

    let instance = iam::create_standard_role(clients, RolePurpose::Instance).await.unwrap();
    assert!(instance.instance_profile_arn.as_deref().is_some_and(|a| a.ends_with(":instance-profile/ecsInstanceRole")), "{instance:?}");
    assert_eq!(iam::create_standard_role(clients, RolePurpose::Instance).await.unwrap(), instance);

    // Each picker lists only the roles its principal may assume.
    let for_tasks: Vec<String> = iam::list_roles(clients, RolePurpose::TaskExecution).await.unwrap().into_iter().map(|r| r.name).collect();
    assert_eq!(for_tasks, ["ecsTaskExecutionRole"]);
    let for_instances: Vec<String> = iam::list_roles(clients, RolePurpose::Instance).await.unwrap().into_iter().map(|r| r.name).collect();
    assert_eq!(for_instances, ["ecsInstanceRole"]);
}

#[tokio::test]
async fn standard_roles_on_the_sandbox() {
    let sandbox = common::sandbox_at(1.0).await;
    let dir = tempfile::tempdir().unwrap();
    let clients = common::sandbox_console(dir.path(), sandbox.url()).clients().await.unwrap();
    standard_roles(&clients).await;

    // IAM's order holds: a role with a policy attached is not deleted.
    let conflict = clients.iam.delete_role().role_name("ecsTaskExecutionRole").send().await.unwrap_err();
    assert!(format!("{conflict:?}").contains("DeleteConflict"), "{conflict:?}");
    // A role another service trusts is not offered.
    let other = iam::trust_policy("lambda.amazonaws.com");
    clients.iam.create_role().role_name("ecsInstanceRoleX").assume_role_policy_document(&other).send().await.unwrap();
    assert!(iam::list_roles(&clients, RolePurpose::Instance).await.unwrap().iter().all(|r| r.name != "ecsInstanceRoleX"));
}

#[tokio::test]
async fn standard_roles_on_moto() {
    let moto = common::Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let clients = moto.console(dir.path()).clients().await.unwrap();
    standard_roles(&clients).await;
}

#[tokio::test]
async fn a_standard_name_that_trusts_another_service_is_refused() {
    let sandbox = common::sandbox_at(1.0).await;
    let dir = tempfile::tempdir().unwrap();
    let clients = common::sandbox_console(dir.path(), sandbox.url()).clients().await.unwrap();
    let lambda = iam::trust_policy("lambda.amazonaws.com");
    clients.iam.create_role().role_name("ecsTaskExecutionRole").assume_role_policy_document(&lambda).send().await.unwrap();
    let refused = iam::create_standard_role(&clients, RolePurpose::TaskExecution).await.unwrap_err();
    assert_eq!(refused.field(), Some("purpose"));
    assert!(refused.to_string().contains("does not trust ecs-tasks.amazonaws.com"), "{refused}");
}

#[tokio::test]
async fn passing_a_role_is_checked_with_the_policy_simulator() {
    use berth_core::iam::PassRoleCheck;
    let sandbox = common::sandbox_at(1.0).await;
    let dir = tempfile::tempdir().unwrap();
    let clients = common::sandbox_console(dir.path(), sandbox.url()).clients().await.unwrap();
    let execution = iam::create_standard_role(&clients, RolePurpose::TaskExecution).await.unwrap();

    // The sandbox's own user may pass it.
    let mine = iam::check_pass_role(&clients, &execution.arn).await.unwrap();
    assert!(matches!(&mine, PassRoleCheck::Allowed { principal } if principal.ends_with(":user/sandbox")), "{mine:?}");

    // A deployer role with no such permission is refused, then allowed by a policy for
    // roles named ecs*, and an explicit Deny wins over that.
    let deployer = clients
        .iam
        .create_role()
        .role_name("deployer")
        .assume_role_policy_document(iam::trust_policy("ec2.amazonaws.com"))
        .send()
        .await
        .unwrap()
        .role()
        .unwrap()
        .arn()
        .to_string();
    let refused = iam::pass_role_decision(&clients, &deployer, &execution.arn).await.unwrap();
    match &refused {
        PassRoleCheck::Denied { message, .. } => assert!(message.contains("No policy of") && message.contains("iam:PassRole"), "{message}"),
        other => panic!("refused: {other:?}"),
    }
    let allow =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::*:role/ecs*"}]}"#;
    clients.iam.put_role_policy().role_name("deployer").policy_name("pass-ecs").policy_document(allow).send().await.unwrap();
    let allowed = iam::pass_role_decision(&clients, &deployer, &execution.arn).await.unwrap();
    assert!(matches!(allowed, PassRoleCheck::Allowed { .. }), "{allowed:?}");
    let other = iam::pass_role_decision(&clients, &deployer, &deployer).await.unwrap();
    assert!(matches!(other, PassRoleCheck::Denied { .. }), "the pattern covers ecs* only: {other:?}");
    let deny = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:Pass*","Resource":"*"}]}"#;
    clients.iam.put_role_policy().role_name("deployer").policy_name("no-pass").policy_document(deny).send().await.unwrap();
    match iam::pass_role_decision(&clients, &deployer, &execution.arn).await.unwrap() {
        PassRoleCheck::Denied { message, .. } => assert!(message.contains("explicitly denies"), "{message}"),
        other => panic!("explicit deny: {other:?}"),
    }
    // A principal IAM does not know is no answer, not a verdict.
    let unknown = iam::pass_role_decision(&clients, "arn:aws:iam::000000000000:user/nobody", &execution.arn).await.unwrap();
    assert!(matches!(unknown, PassRoleCheck::Unknown { .. }), "{unknown:?}");
}
