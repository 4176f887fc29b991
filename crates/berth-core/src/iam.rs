//! IAM roles as ECS uses them: the roles a purpose's service principal may assume (the
//! ones a wizard's role picker offers), their attached policies, and the standard roles
//! (`ecsTaskExecutionRole`, `ecsInstanceRole` with its instance profile) made as the
//! console makes them, with the plan and its AWS CLI equivalent shown first.

use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::console::Clients;
use crate::error::{CoreError, Result};

/// What a role is for, which decides the principal that must be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum RolePurpose {
    /// ECS pulls images and writes logs with it (the task definition's execution role).
    TaskExecution,
    /// The application's own AWS calls (the task role).
    Task,
    /// The container instances' role, through an instance profile.
    Instance,
    /// ECS's own role for moving load balancer traffic in blue/green, linear and canary
    /// deployments.
    Infrastructure,
}

impl RolePurpose {
    pub fn principal(self) -> &'static str {
        match self {
            RolePurpose::TaskExecution | RolePurpose::Task => "ecs-tasks.amazonaws.com",
            RolePurpose::Instance => "ec2.amazonaws.com",
            RolePurpose::Infrastructure => "ecs.amazonaws.com",
        }
    }

    /// The role the console makes for this purpose, with the managed policy it attaches.
    fn standard(self) -> Option<(&'static str, &'static str)> {
        match self {
            RolePurpose::TaskExecution => {
                Some(("ecsTaskExecutionRole", "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"))
            }
            RolePurpose::Instance => Some(("ecsInstanceRole", "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role")),
            RolePurpose::Infrastructure => {
                Some(("ecsInfrastructureRoleForLoadBalancers", "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers"))
            }
            // A task role's permissions are the application's own; there is no standard one.
            RolePurpose::Task => None,
        }
    }
}

/// A role a picker offers.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RoleChoice {
    pub name: String,
    pub arn: String,
    pub description: Option<String>,
    /// Names of the managed policies attached to it.
    pub attached_policies: Vec<String>,
    /// For an instance role, the instance profile that holds it (EC2 is given the profile).
    pub instance_profile_arn: Option<String>,
}

/// One call of the standard-role plan and the same call through the AWS CLI.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RoleCall {
    pub title: String,
    pub cli: String,
}

/// The trust policy that lets `principal` assume a role.
pub fn trust_policy(principal: &str) -> String {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": principal}, "Action": "sts:AssumeRole"}],
    })
    .to_string()
}

/// IAM answers documents URL-encoded; the SDK hands them over as they came.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether a trust policy lets `principal` assume the role (an Allow of sts:AssumeRole
/// naming the service principal, alone or in a list).
pub fn trusts(document: &str, principal: &str) -> bool {
    let text = if document.trim_start().starts_with('{') { document.to_string() } else { decode(document) };
    let Ok(doc) = serde_json::from_str::<Value>(&text) else { return false };
    let statements = match &doc["Statement"] {
        Value::Array(list) => list.clone(),
        one @ Value::Object(_) => vec![one.clone()],
        _ => return false,
    };
    let names = |v: &Value, wanted: &str| match v {
        Value::String(s) => s == wanted || s == "*",
        Value::Array(list) => list.iter().any(|x| x.as_str().is_some_and(|s| s == wanted || s == "*")),
        _ => false,
    };
    statements
        .iter()
        .any(|s| s["Effect"] == "Allow" && names(&s["Action"], "sts:AssumeRole") && names(&s["Principal"]["Service"], principal))
}

fn aws<E, R>(operation: &'static str) -> impl Fn(aws_sdk_iam::error::SdkError<E, R>) -> CoreError
where
    E: aws_smithy_types::error::metadata::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    move |e| CoreError::from_sdk(operation, e)
}

/// The roles `purpose`'s principal may assume, by name, with their attached policies.
pub async fn list_roles(clients: &Clients, purpose: RolePurpose) -> Result<Vec<RoleChoice>> {
    let principal = purpose.principal();
    let mut roles = Vec::new();
    let mut marker = None;
    loop {
        let page = clients.iam.list_roles().set_marker(marker.take()).max_items(1000).send().await.map_err(aws("ListRoles"))?;
        for role in page.roles() {
            if role.assume_role_policy_document().is_some_and(|d| trusts(d, principal)) {
                roles.push((role.role_name().to_string(), role.arn().to_string(), role.description().map(str::to_string)));
            }
        }
        match page.marker() {
            Some(m) if page.is_truncated() => marker = Some(m.to_string()),
            _ => break,
        }
    }
    let mut out = Vec::with_capacity(roles.len());
    for (name, arn, description) in roles {
        let attached = clients.iam.list_attached_role_policies().role_name(&name).send().await.map_err(aws("ListAttachedRolePolicies"))?;
        let attached_policies = attached.attached_policies().iter().filter_map(|p| p.policy_name().map(str::to_string)).collect();
        let instance_profile_arn = if purpose == RolePurpose::Instance {
            let profiles =
                clients.iam.list_instance_profiles_for_role().role_name(&name).send().await.map_err(aws("ListInstanceProfilesForRole"))?;
            profiles.instance_profiles().first().map(|p| p.arn().to_string())
        } else {
            None
        };
        out.push(RoleChoice { name, arn, description, attached_policies, instance_profile_arn });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// The calls that make `purpose`'s standard role, as the AWS CLI would make them; `tail`
/// is what every command appends to reach the same account (`Clients::cli_target`).
pub fn standard_role_plan(purpose: RolePurpose, tail: &str) -> Result<Vec<RoleCall>> {
    let (name, policy) = purpose.standard().ok_or_else(|| no_standard_role(purpose))?;
    let trust = trust_policy(purpose.principal());
    let mut calls = vec![
        RoleCall {
            title: format!("Create role {name}, trusted by {}", purpose.principal()),
            cli: format!(
                "aws iam create-role --role-name {name} --assume-role-policy-document '{trust}' --tags Key=berth:created,Value=true{tail}"
            ),
        },
        RoleCall {
            title: format!("Attach {}", policy.rsplit('/').next().unwrap_or(policy)),
            cli: format!("aws iam attach-role-policy --role-name {name} --policy-arn {policy}{tail}"),
        },
    ];
    if purpose == RolePurpose::Instance {
        calls.push(RoleCall {
            title: format!("Create instance profile {name}"),
            cli: format!("aws iam create-instance-profile --instance-profile-name {name}{tail}"),
        });
        calls.push(RoleCall {
            title: format!("Put {name} in the instance profile"),
            cli: format!("aws iam add-role-to-instance-profile --instance-profile-name {name} --role-name {name}{tail}"),
        });
    }
    Ok(calls)
}

fn no_standard_role(purpose: RolePurpose) -> CoreError {
    crate::validation::FieldError::new(
        "purpose",
        format!("There is no standard {purpose:?} role: its permissions are the application's own. Pick a role or enter its ARN."),
    )
    .into()
}

fn exists<E: aws_smithy_types::error::metadata::ProvideErrorMetadata>(e: &aws_sdk_iam::error::SdkError<E>) -> bool {
    e.as_service_error().and_then(|s| s.code()) == Some("EntityAlreadyExists")
}

/// Makes `purpose`'s standard role, adopting whatever of it already exists (a role made
/// before, by Berth or the console, or a call whose answer was lost), so it can be
/// repeated safely; the answer is the role as the picker shows it.
pub async fn create_standard_role(clients: &Clients, purpose: RolePurpose) -> Result<RoleChoice> {
    let (name, policy) = purpose.standard().ok_or_else(|| no_standard_role(purpose))?;
    let created = clients
        .iam
        .create_role()
        .role_name(name)
        .assume_role_policy_document(trust_policy(purpose.principal()))
        .description(format!("Made by Berth for {}", purpose.principal()))
        .tags(
            aws_sdk_iam::types::Tag::builder()
                .key("berth:created")
                .value("true")
                .build()
                .map_err(|e| CoreError::Client { operation: "CreateRole", detail: e.to_string() })?,
        )
        .send()
        .await;
    match created {
        Ok(_) => {}
        Err(e) if exists(&e) => {
            // The role is there: it must still trust the principal, or it is someone else's.
            let role = clients.iam.get_role().role_name(name).send().await.map_err(aws("GetRole"))?;
            let trusted = role.role().and_then(|r| r.assume_role_policy_document()).is_some_and(|d| trusts(d, purpose.principal()));
            if !trusted {
                return Err(crate::validation::FieldError::new(
                    "purpose",
                    format!(
                        "A role named {name} already exists but does not trust {}; pick another role or fix its trust policy.",
                        purpose.principal()
                    ),
                )
                .into());
            }
        }
        Err(e) => return Err(CoreError::from_sdk("CreateRole", e)),
    }
    clients.iam.attach_role_policy().role_name(name).policy_arn(policy).send().await.map_err(aws("AttachRolePolicy"))?;
    if purpose == RolePurpose::Instance {
        match clients.iam.create_instance_profile().instance_profile_name(name).send().await {
            Ok(_) => {}
            Err(e) if exists(&e) => {}
            Err(e) => return Err(CoreError::from_sdk("CreateInstanceProfile", e)),
        }
        let profile = clients.iam.get_instance_profile().instance_profile_name(name).send().await.map_err(aws("GetInstanceProfile"))?;
        let holds = profile.instance_profile().is_some_and(|p| p.roles().iter().any(|r| r.role_name() == name));
        if !holds {
            clients
                .iam
                .add_role_to_instance_profile()
                .instance_profile_name(name)
                .role_name(name)
                .send()
                .await
                .map_err(aws("AddRoleToInstanceProfile"))?;
        }
    }
    list_roles(clients, purpose)
        .await?
        .into_iter()
        .find(|r| r.name == name)
        .ok_or_else(|| CoreError::Client { operation: "ListRoles", detail: format!("{name} was made but is not listed") })
}

/// Deletes a role as IAM allows: out of its instance profile (and the profile deleted),
/// its managed policies detached and inline ones deleted, then the role.
pub async fn delete_role(clients: &Clients, role: &str, instance_profile: Option<&str>) -> Result<()> {
    if let Some(p) = instance_profile {
        let removed = clients.iam.remove_role_from_instance_profile().instance_profile_name(p).role_name(role).send().await;
        if let Err(e) = removed {
            if e.as_service_error().and_then(|s| s.code()) != Some("NoSuchEntity") {
                return Err(CoreError::from_sdk("RemoveRoleFromInstanceProfile", e));
            }
        }
        let deleted = clients.iam.delete_instance_profile().instance_profile_name(p).send().await;
        if let Err(e) = deleted {
            if e.as_service_error().and_then(|s| s.code()) != Some("NoSuchEntity") {
                return Err(CoreError::from_sdk("DeleteInstanceProfile", e));
            }
        }
    }
    let attached = clients.iam.list_attached_role_policies().role_name(role).send().await.map_err(aws("ListAttachedRolePolicies"))?;
    for p in attached.attached_policies() {
        if let Some(arn) = p.policy_arn() {
            clients.iam.detach_role_policy().role_name(role).policy_arn(arn).send().await.map_err(aws("DetachRolePolicy"))?;
        }
    }
    let inline = clients.iam.list_role_policies().role_name(role).send().await.map_err(aws("ListRolePolicies"))?;
    for name in inline.policy_names() {
        clients.iam.delete_role_policy().role_name(role).policy_name(name).send().await.map_err(aws("DeleteRolePolicy"))?;
    }
    clients.iam.delete_role().role_name(role).send().await.map_err(aws("DeleteRole"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_is_read_from_plain_and_url_encoded_documents() {
        let doc = trust_policy("ecs-tasks.amazonaws.com");
        assert!(trusts(&doc, "ecs-tasks.amazonaws.com"));
        assert!(!trusts(&doc, "ec2.amazonaws.com"));
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%5B%22ec2.amazonaws.com%22%5D%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D";
        assert!(trusts(encoded, "ec2.amazonaws.com"));
        let denied = r#"{"Statement":{"Effect":"Deny","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}"#;
        assert!(!trusts(denied, "ec2.amazonaws.com"));
        assert!(!trusts("not json", "ec2.amazonaws.com"));
    }

    #[test]
    fn the_instance_role_plan_adds_its_instance_profile() {
        let plan = standard_role_plan(RolePurpose::Instance, " --region us-east-1").unwrap();
        assert_eq!(plan.len(), 4);
        assert!(plan[3].cli.starts_with("aws iam add-role-to-instance-profile --instance-profile-name ecsInstanceRole"));
        assert_eq!(standard_role_plan(RolePurpose::TaskExecution, "").unwrap().len(), 2);
        assert!(standard_role_plan(RolePurpose::Task, "").is_err());
    }
}

/// Whether the caller may hand a role to a service (`iam:PassRole`), as IAM's policy
/// simulator answers for the caller's own identity. AWS checks this only when the task
/// definition, service or instance is created; asking first lets a wizard say so at once.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(tag = "decision", rename_all = "camelCase")]
pub enum PassRoleCheck {
    #[serde(rename_all = "camelCase")]
    Allowed { principal: String },
    /// Refused: by an explicit Deny, or by no policy allowing it.
    #[serde(rename_all = "camelCase")]
    Denied { principal: String, message: String },
    /// The simulator could not be asked (it needs iam:SimulatePrincipalPolicy itself).
    #[serde(rename_all = "camelCase")]
    Unknown { message: String },
}

/// The IAM principal behind a caller ARN: an assumed role's session is its role (the
/// path is not in the session ARN; the simulator accepts the role's ARN without it only
/// when the role has none, so GetRole is asked for the real one).
async fn principal_of(clients: &Clients, caller: &str) -> String {
    let Some(rest) = caller.split_once(":assumed-role/").map(|(_, r)| r) else { return caller.to_string() };
    let role = rest.split('/').next().unwrap_or_default();
    match clients.iam.get_role().role_name(role).send().await {
        Ok(out) => out.role().map(|r| r.arn().to_string()).unwrap_or_default(),
        Err(_) => {
            let account = caller.split(':').nth(4).unwrap_or_default();
            format!("arn:aws:iam::{account}:role/{role}")
        }
    }
}

pub async fn check_pass_role(clients: &Clients, role_arn: &str) -> Result<PassRoleCheck> {
    let caller = clients.sts.get_caller_identity().send().await.map_err(|e| CoreError::from_sdk("GetCallerIdentity", e))?;
    let caller = caller.arn().unwrap_or_default().to_string();
    // The account's root user may pass any role, and the simulator refuses to simulate it.
    if caller.ends_with(":root") {
        return Ok(PassRoleCheck::Allowed { principal: caller });
    }
    let principal = principal_of(clients, &caller).await;
    pass_role_decision(clients, &principal, role_arn).await
}

/// The simulator's answer for `principal` passing `role_arn`.
pub async fn pass_role_decision(clients: &Clients, principal: &str, role_arn: &str) -> Result<PassRoleCheck> {
    use aws_sdk_iam::types::PolicyEvaluationDecisionType as Decision;
    let asked = clients
        .iam
        .simulate_principal_policy()
        .policy_source_arn(principal)
        .action_names("iam:PassRole")
        .resource_arns(role_arn)
        .send()
        .await;
    let out = match asked {
        Ok(out) => out,
        Err(e) => {
            let message = match e.code() {
                Some("AccessDenied") => format!("Berth could not ask IAM's policy simulator ({principal} may not call iam:SimulatePrincipalPolicy); AWS will check iam:PassRole when the role is used."),
                _ => format!("Berth could not ask IAM's policy simulator: {}", e.message().unwrap_or("no answer")),
            };
            return Ok(PassRoleCheck::Unknown { message });
        }
    };
    let decision = out.evaluation_results().first().map(|r| r.eval_decision().clone());
    Ok(match decision {
        Some(Decision::Allowed) => PassRoleCheck::Allowed { principal: principal.to_string() },
        Some(Decision::ExplicitDeny) => PassRoleCheck::Denied {
            principal: principal.to_string(),
            message: format!("A policy of {principal} explicitly denies iam:PassRole on {role_arn}; ECS cannot be given this role until that Deny is lifted."),
        },
        Some(_) => PassRoleCheck::Denied {
            principal: principal.to_string(),
            message: format!("No policy of {principal} allows iam:PassRole on {role_arn}. A policy allowing iam:PassRole on that role (AmazonECS_FullAccess allows it for ECS roles) would."),
        },
        None => PassRoleCheck::Unknown { message: "IAM's policy simulator gave no answer.".into() },
    })
}
