//! IAM, as much as ECS needs of it: roles with their trust policies, AWS managed and
//! inline policies attached to them, and instance profiles, over the Query protocol
//! (Version 2010-05-08) with IAM's names, limits, ARNs and refusals. IAM is global: every
//! region's requests reach the one account-wide store (kept in us-east-1's slot).

use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::AwsError;
use crate::protocol::Request;
use crate::table::{Persist, Rows, Table};
use crate::util::{self, Input};
use crate::ACCOUNT_ID;

/// The region whose slot holds IAM's state.
pub const HOME_REGION: &str = "us-east-1";

/// AWS managed policies the sandbox knows, by ARN: what ECS's standard roles attach.
const MANAGED: &[(&str, &str, &str)] = &[
    (
        "AmazonECSTaskExecutionRolePolicy",
        "/service-role/",
        "Provides access to other AWS service resources that are required to run Amazon ECS tasks",
    ),
    ("AmazonEC2ContainerServiceforEC2Role", "/service-role/", "Default policy for the Amazon EC2 Role for Amazon EC2 Container Service."),
    (
        "AmazonECSInfrastructureRolePolicyForLoadBalancers",
        "/",
        "Provides access to other AWS service resources required to manage load balancers associated with ECS workloads on your behalf.",
    ),
    (
        "AmazonECSInfrastructureRolePolicyForManagedInstances",
        "/",
        "Provides access to other AWS service resources required to manage Amazon ECS Managed Instances on your behalf.",
    ),
    ("AmazonSSMManagedInstanceCore", "/", "The policy for Amazon EC2 Role to enable AWS Systems Manager service core functionality."),
];

fn managed_arn(name: &str, path: &str) -> String {
    format!("arn:aws:iam::aws:policy{path}{name}")
}

#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Iam {
    roles: Table<Role>,
    instance_profiles: Table<InstanceProfile>,
}

impl Iam {
    pub fn children(&mut self) -> Vec<(&'static str, &mut dyn Rows)> {
        vec![("iam.roles", &mut self.roles), ("iam.instance_profiles", &mut self.instance_profiles)]
    }
}

#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct Role {
    name: String,
    path: String,
    id: String,
    arn: String,
    created: f64,
    description: Option<String>,
    max_session_duration: i64,
    /// The trust policy as parsed JSON; answered URL-encoded, as IAM answers it.
    trust: Value,
    attached: Vec<String>,
    /// Inline policies: name → document.
    inline: Vec<(String, Value)>,
    tags: Vec<(String, String)>,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct InstanceProfile {
    name: String,
    path: String,
    id: String,
    arn: String,
    created: f64,
    roles: Vec<String>,
    tags: Vec<(String, String)>,
}

impl Persist for Role {}
impl Persist for InstanceProfile {}

fn validation(message: String) -> AwsError {
    AwsError::client("ValidationError", message)
}

fn invalid_input(message: &str) -> AwsError {
    AwsError::client("InvalidInput", message.to_string())
}

fn no_such_entity(message: String) -> AwsError {
    AwsError::new(StatusCode::NOT_FOUND, "NoSuchEntity", message)
}

fn conflict(code: &'static str, message: String) -> AwsError {
    AwsError::new(StatusCode::CONFLICT, code, message)
}

fn role_not_found(name: &str) -> AwsError {
    no_such_entity(format!("The role with name {name} cannot be found."))
}

fn profile_not_found(name: &str) -> AwsError {
    no_such_entity(format!("Instance Profile {name} cannot be found."))
}

/// IAM's `[\w+=,.@-]+` names, `min..=max` characters long.
fn check_name(value: &str, field: &str, max: usize) -> Result<(), AwsError> {
    let ok = !value.is_empty() && value.chars().count() <= max && value.chars().all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(validation(format!(
            "1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: Member must have length less than or equal to {max} and satisfy regular expression pattern: [\\w+=,.@-]+"
        )))
    }
}

fn required<'a>(input: &Input<'a>, field: &str) -> Result<&'a str, AwsError> {
    input.str(field)?.ok_or_else(|| {
        validation(format!("1 validation error detected: Value null at '{field}' failed to satisfy constraint: Member must not be null"))
    })
}

/// A path is `/`, or `/` + segments + `/`, at most 512 characters.
fn path(input: &Input<'_>) -> Result<String, AwsError> {
    let p = input.str("Path")?.unwrap_or("/");
    let ok = p.len() <= 512 && p.starts_with('/') && p.ends_with('/') && p.chars().all(|c| ('\u{21}'..='\u{7e}').contains(&c));
    if !ok {
        return Err(validation(format!("The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters: {p}")));
    }
    Ok(p.to_string())
}

/// A policy document: JSON with a Statement, at most `max` characters.
fn document(text: &str, max: usize) -> Result<Value, AwsError> {
    if text.chars().count() > max {
        return Err(conflict("LimitExceeded", format!("Cannot exceed quota for PolicySize: {max}")));
    }
    let value: Value =
        serde_json::from_str(text).map_err(|_| AwsError::client("MalformedPolicyDocument", "This policy contains invalid Json"))?;
    if !value.is_object() || value.get("Statement").is_none() {
        return Err(AwsError::client("MalformedPolicyDocument", "Syntax errors in policy."));
    }
    Ok(value)
}

/// IAM answers documents URL-encoded (RFC 3986), as it does on the wire.
fn encoded(doc: &Value) -> String {
    let text = doc.to_string();
    let mut out = String::with_capacity(text.len() * 2);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn tags(input: &Input<'_>) -> Result<Vec<(String, String)>, AwsError> {
    let list = input.list("Tags")?;
    if list.len() > 50 {
        return Err(conflict("LimitExceeded", "Cannot exceed quota for TagsPerRole: 50".into()));
    }
    let mut out = Vec::new();
    for t in list {
        let key = t.str("Key")?.unwrap_or_default();
        let value = t.str("Value")?.unwrap_or_default();
        if key.is_empty() || key.chars().count() > 128 || value.chars().count() > 256 {
            return Err(validation("A tag key is 1-128 characters and its value at most 256.".into()));
        }
        out.push((key.to_string(), value.to_string()));
    }
    Ok(out)
}

fn tags_json(tags: &[(String, String)]) -> Value {
    tags.iter().map(|(k, v)| json!({"Key": k, "Value": v})).collect()
}

/// An ID as IAM makes them: a prefix and 17 upper-case letters and digits.
fn new_id(prefix: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    // 85 random bits, five a character.
    let bits = ((util::random_u64() as u128) << 64) | util::random_u64() as u128;
    let tail: String = (0..17).map(|i| ALPHABET[((bits >> (5 * i)) & 31) as usize] as char).collect();
    format!("{prefix}{tail}")
}

/// A page of `items` after `Marker`, at most `MaxItems` (1–1000, default 100).
fn page<T>(input: &Input<'_>, items: Vec<T>, key: impl Fn(&T) -> String) -> Result<(Vec<T>, Option<String>), AwsError> {
    let max = input.int("MaxItems")?.unwrap_or(100);
    if !(1..=1000).contains(&max) {
        return Err(validation(format!(
            "1 validation error detected: Value '{max}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000"
        )));
    }
    let start = match input.str("Marker")? {
        Some(m) => items.iter().position(|i| key(i).as_str() > m).unwrap_or(items.len()),
        None => 0,
    };
    let mut rest: Vec<T> = items.into_iter().skip(start).collect();
    let more = rest.len() > max as usize;
    rest.truncate(max as usize);
    let marker = if more { rest.last().map(&key) } else { None };
    Ok((rest, marker))
}

fn page_json(mut body: Value, marker: Option<String>) -> Value {
    body["IsTruncated"] = json!(marker.is_some());
    if let Some(m) = marker {
        body["Marker"] = json!(m);
    }
    body
}

impl Role {
    fn json(&self, with_tags: bool) -> Value {
        let mut v = json!({
            "Path": self.path, "RoleName": self.name, "RoleId": self.id, "Arn": self.arn,
            "CreateDate": util::iso8601(self.created), "AssumeRolePolicyDocument": encoded(&self.trust),
            "MaxSessionDuration": self.max_session_duration,
        });
        if let Some(d) = &self.description {
            v["Description"] = json!(d);
        }
        if with_tags && !self.tags.is_empty() {
            v["Tags"] = tags_json(&self.tags);
        }
        v
    }
}

impl InstanceProfile {
    fn json(&self, iam: &Iam) -> Value {
        json!({
            "Path": self.path, "InstanceProfileName": self.name, "InstanceProfileId": self.id, "Arn": self.arn,
            "CreateDate": util::iso8601(self.created),
            "Roles": self.roles.iter().filter_map(|r| iam.roles.get(r)).map(|r| r.json(false)).collect::<Vec<_>>(),
        })
    }
}

fn managed_policy(arn: &str) -> Option<(&'static str, &'static str, &'static str)> {
    MANAGED.iter().copied().find(|(name, path, _)| managed_arn(name, path) == arn)
}

impl Iam {
    fn role(&self, name: &str) -> Result<&Role, AwsError> {
        self.roles.get(name).ok_or_else(|| role_not_found(name))
    }

    fn role_mut(&mut self, name: &str) -> Result<&mut Role, AwsError> {
        self.roles.get_mut(name).ok_or_else(|| role_not_found(name))
    }

    fn create_role(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = required(&input, "RoleName")?;
        check_name(name, "roleName", 64)?;
        let path = path(&input)?;
        let trust = document(required(&input, "AssumeRolePolicyDocument")?, 2048)?;
        let description = input.str("Description")?.map(str::to_string);
        if description.as_ref().is_some_and(|d| d.chars().count() > 1000) {
            return Err(validation("1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 1000".into()));
        }
        let max_session_duration = input.int("MaxSessionDuration")?.unwrap_or(3600);
        if !(3600..=43200).contains(&max_session_duration) {
            return Err(validation(format!("1 validation error detected: Value '{max_session_duration}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value between 3600 and 43200")));
        }
        let tags = tags(&input)?;
        // IAM names are unique regardless of case.
        if self.roles.keys().any(|k| k.eq_ignore_ascii_case(name)) {
            return Err(conflict("EntityAlreadyExists", format!("Role with name {name} already exists.")));
        }
        let role = Role {
            name: name.to_string(),
            arn: format!("arn:aws:iam::{ACCOUNT_ID}:role{path}{name}"),
            path,
            id: new_id("AROA"),
            created: util::now(),
            description,
            max_session_duration,
            trust,
            attached: vec![],
            inline: vec![],
            tags,
        };
        let body = json!({"Role": role.json(true)});
        self.roles.insert(name.to_string(), role);
        Ok(body)
    }

    fn list_roles(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let prefix = input.str("PathPrefix")?.unwrap_or("/");
        let roles: Vec<&Role> = self.roles.values().filter(|r| r.path.starts_with(prefix)).collect();
        let (roles, marker) = page(&input, roles, |r| r.name.clone())?;
        Ok(page_json(json!({"Roles": roles.iter().map(|r| r.json(false)).collect::<Vec<_>>()}), marker))
    }

    fn delete_role(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = required(&input, "RoleName")?;
        let role = self.role(name)?;
        if self.instance_profiles.values().any(|p| p.roles.iter().any(|r| r == name)) {
            return Err(conflict("DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.".into()));
        }
        if !role.attached.is_empty() {
            return Err(conflict("DeleteConflict", "Cannot delete entity, must detach all policies first.".into()));
        }
        if !role.inline.is_empty() {
            return Err(conflict("DeleteConflict", "Cannot delete entity, must delete policies first.".into()));
        }
        self.roles.remove(name);
        Ok(json!({}))
    }

    fn update_assume_role_policy(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = required(&input, "RoleName")?;
        let trust = document(required(&input, "PolicyDocument")?, 2048)?;
        self.role_mut(name)?.trust = trust;
        Ok(json!({}))
    }

    fn attach_role_policy(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = required(&input, "RoleName")?;
        let arn = required(&input, "PolicyArn")?;
        self.role(name)?;
        if managed_policy(arn).is_none() {
            return Err(no_such_entity(format!("Policy {arn} does not exist or is not attachable.")));
        }
        let role = self.role_mut(name)?;
        if !role.attached.iter().any(|a| a == arn) {
            if role.attached.len() >= 10 {
                return Err(conflict("LimitExceeded", "Cannot exceed quota for PoliciesPerRole: 10".to_string()));
            }
            role.attached.push(arn.to_string());
        }
        Ok(json!({}))
    }

    fn detach_role_policy(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = required(&input, "RoleName")?;
        let arn = required(&input, "PolicyArn")?;
        let role = self.role_mut(name)?;
        let before = role.attached.len();
        role.attached.retain(|a| a != arn);
        if role.attached.len() == before {
            return Err(no_such_entity(format!("Policy {arn} was not found.")));
        }
        Ok(json!({}))
    }

    fn list_attached_role_policies(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let role = self.role(required(&input, "RoleName")?)?;
        let attached: Vec<&String> = role.attached.iter().collect();
        let (attached, marker) = page(&input, attached, |a| a.to_string())?;
        let policies: Vec<Value> =
            attached.iter().map(|arn| json!({"PolicyName": arn.rsplit('/').next().unwrap_or(arn), "PolicyArn": arn})).collect();
        Ok(page_json(json!({"AttachedPolicies": policies}), marker))
    }

    fn put_role_policy(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = required(&input, "RoleName")?;
        let policy = required(&input, "PolicyName")?;
        check_name(policy, "policyName", 128)?;
        let doc = document(required(&input, "PolicyDocument")?, 10240)?;
        let role = self.role_mut(name)?;
        match role.inline.iter_mut().find(|(n, _)| n == policy) {
            Some(slot) => slot.1 = doc,
            None => role.inline.push((policy.to_string(), doc)),
        }
        Ok(json!({}))
    }

    fn get_role_policy(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = required(&input, "RoleName")?;
        let policy = required(&input, "PolicyName")?;
        let role = self.role(name)?;
        let (_, doc) = role
            .inline
            .iter()
            .find(|(n, _)| n == policy)
            .ok_or_else(|| no_such_entity(format!("The role policy with name {policy} cannot be found.")))?;
        Ok(json!({"RoleName": name, "PolicyName": policy, "PolicyDocument": encoded(doc)}))
    }

    fn delete_role_policy(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = required(&input, "RoleName")?;
        let policy = required(&input, "PolicyName")?;
        let role = self.role_mut(name)?;
        let before = role.inline.len();
        role.inline.retain(|(n, _)| n != policy);
        if role.inline.len() == before {
            return Err(no_such_entity(format!("The role policy with name {policy} cannot be found.")));
        }
        Ok(json!({}))
    }

    fn list_role_policies(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let role = self.role(required(&input, "RoleName")?)?;
        let names: Vec<&String> = role.inline.iter().map(|(n, _)| n).collect();
        let (names, marker) = page(&input, names, |n| n.to_string())?;
        Ok(page_json(json!({"PolicyNames": names}), marker))
    }

    fn get_policy(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let arn = required(&input, "PolicyArn")?;
        let (name, path, description) = managed_policy(arn).ok_or_else(|| no_such_entity(format!("Policy {arn} was not found.")))?;
        Ok(json!({"Policy": self.policy_json(name, path, description)}))
    }

    fn policy_json(&self, name: &str, path: &str, description: &str) -> Value {
        let arn = managed_arn(name, path);
        let count = self.roles.values().filter(|r| r.attached.contains(&arn)).count();
        json!({
            "PolicyName": name, "PolicyId": format!("ANPA{}", name.to_ascii_uppercase().chars().filter(char::is_ascii_alphanumeric).take(17).collect::<String>()),
            "Arn": arn, "Path": path, "DefaultVersionId": "v1", "AttachmentCount": count, "PermissionsBoundaryUsageCount": 0,
            "IsAttachable": true, "Description": description,
            "CreateDate": "2017-11-16T00:00:00Z", "UpdateDate": "2023-06-01T00:00:00Z",
        })
    }

    fn list_policies(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let scope = input.str("Scope")?.unwrap_or("All");
        if !["All", "AWS", "Local"].contains(&scope) {
            return Err(validation(format!("1 validation error detected: Value '{scope}' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]")));
        }
        let only_attached = input.bool("OnlyAttached")?.unwrap_or(false);
        let prefix = input.str("PathPrefix")?.unwrap_or("/");
        let all: Vec<Value> = if scope == "Local" {
            vec![]
        } else {
            MANAGED
                .iter()
                .filter(|(_, path, _)| path.starts_with(prefix))
                .map(|(name, path, description)| self.policy_json(name, path, description))
                .filter(|p| !only_attached || p["AttachmentCount"].as_u64().unwrap_or(0) > 0)
                .collect()
        };
        let (policies, marker) = page(&input, all, |p| p["PolicyName"].as_str().unwrap_or_default().to_string())?;
        Ok(page_json(json!({"Policies": policies}), marker))
    }

    fn profile(&self, name: &str) -> Result<&InstanceProfile, AwsError> {
        self.instance_profiles.get(name).ok_or_else(|| profile_not_found(name))
    }

    fn create_instance_profile(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = required(&input, "InstanceProfileName")?;
        check_name(name, "instanceProfileName", 128)?;
        let path = path(&input)?;
        let tags = tags(&input)?;
        if self.instance_profiles.keys().any(|k| k.eq_ignore_ascii_case(name)) {
            return Err(conflict("EntityAlreadyExists", format!("Instance Profile {name} already exists.")));
        }
        let profile = InstanceProfile {
            name: name.to_string(),
            arn: format!("arn:aws:iam::{ACCOUNT_ID}:instance-profile{path}{name}"),
            path,
            id: new_id("AIPA"),
            created: util::now(),
            roles: vec![],
            tags,
        };
        let body = json!({"InstanceProfile": profile.json(self)});
        self.instance_profiles.insert(name.to_string(), profile);
        Ok(body)
    }

    fn add_role_to_instance_profile(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = required(&input, "InstanceProfileName")?;
        let role = required(&input, "RoleName")?;
        self.role(role)?;
        let profile = self.instance_profiles.get_mut(name).ok_or_else(|| profile_not_found(name))?;
        if !profile.roles.is_empty() {
            return Err(conflict("LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1".into()));
        }
        profile.roles.push(role.to_string());
        Ok(json!({}))
    }

    fn remove_role_from_instance_profile(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = required(&input, "InstanceProfileName")?;
        let role = required(&input, "RoleName")?;
        self.role(role)?;
        let profile = self.instance_profiles.get_mut(name).ok_or_else(|| profile_not_found(name))?;
        if !profile.roles.iter().any(|r| r == role) {
            return Err(no_such_entity(format!("The role with name {role} cannot be found in instance profile {name}.")));
        }
        profile.roles.retain(|r| r != role);
        Ok(json!({}))
    }

    fn delete_instance_profile(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = required(&input, "InstanceProfileName")?;
        if !self.profile(name)?.roles.is_empty() {
            return Err(conflict("DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.".into()));
        }
        self.instance_profiles.remove(name);
        Ok(json!({}))
    }

    fn list_instance_profiles(&self, input: Input<'_>, for_role: Option<&str>) -> Result<Value, AwsError> {
        if let Some(role) = for_role {
            self.role(role)?;
        }
        let prefix = input.str("PathPrefix")?.unwrap_or("/");
        let profiles: Vec<&InstanceProfile> = self
            .instance_profiles
            .values()
            .filter(|p| p.path.starts_with(prefix) && for_role.is_none_or(|r| p.roles.iter().any(|x| x == r)))
            .collect();
        let (profiles, marker) = page(&input, profiles, |p| p.name.clone())?;
        Ok(page_json(json!({"InstanceProfiles": profiles.iter().map(|p| p.json(self)).collect::<Vec<_>>()}), marker))
    }
}

/// Statements of a policy document (one object or a list).
fn statements(doc: &Value) -> Vec<&Value> {
    match &doc["Statement"] {
        Value::Array(list) => list.iter().collect(),
        Value::Object(_) => vec![&doc["Statement"]],
        _ => vec![],
    }
}

fn one_or_many(v: &Value) -> Vec<&str> {
    match v {
        Value::String(s) => vec![s.as_str()],
        Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    }
}

impl Role {
    /// Whether the trust policy lets `service` (e.g. ec2.amazonaws.com) assume the role.
    pub fn trusts(&self, service: &str) -> bool {
        statements(&self.trust).iter().any(|st| {
            st["Effect"] == "Allow"
                && one_or_many(&st["Action"]).iter().any(|a| *a == "sts:AssumeRole" || *a == "sts:*" || *a == "*")
                && one_or_many(&st["Principal"]["Service"]).contains(&service)
        })
    }

    /// Whether an attached or inline policy allows `action`: the AWS managed policies by
    /// what they grant, inline ones by their statements (exact action, `service:*` or `*`).
    fn allows(&self, action: &str, managed_grants: &[(&str, &[&str])]) -> bool {
        let by_managed =
            self.attached.iter().any(|arn| managed_grants.iter().any(|(m, actions)| arn.ends_with(m) && actions.contains(&action)));
        let service = action.split(':').next().unwrap_or_default();
        let by_inline = self.inline.iter().any(|(_, doc)| {
            statements(doc).iter().any(|st| {
                st["Effect"] == "Allow"
                    && one_or_many(&st["Action"]).iter().any(|a| *a == action || *a == "*" || *a == format!("{service}:*"))
            })
        });
        by_managed || by_inline
    }
}

impl Iam {
    /// For each instance profile (by name and by ARN): None when an ECS agent running
    /// under it may register its instance, else why not.
    pub fn profile_trust(&self) -> crate::ecs::capacity::ProfileTrust {
        let mut out = crate::ecs::capacity::ProfileTrust::new();
        for p in self.instance_profiles.values() {
            let problem = match p.roles.first().and_then(|r| self.roles.get(r)) {
                None => Some("the instance profile holds no role".to_string()),
                Some(role) => crate::ecs::capacity::profile_problem(
                    role.trusts("ec2.amazonaws.com"),
                    role.allows("ecs:RegisterContainerInstance", MANAGED_GRANTS),
                ),
            };
            out.insert(p.name.clone(), problem.clone());
            out.insert(p.arn.clone(), problem);
        }
        out
    }
}

impl Iam {
    /// For each role (by ARN): None when ECS tasks may use it as their execution role to
    /// pull from ECR, else what stops them. Roles not listed do not exist.
    pub fn execution_roles(&self) -> crate::ecs::lifecycle::ExecutionRoles {
        self.roles
            .values()
            .map(|role| {
                let problem = if !role.trusts("ecs-tasks.amazonaws.com") {
                    Some(crate::ecs::lifecycle::RoleProblem::NotAssumable)
                } else if !role.allows("ecr:GetAuthorizationToken", MANAGED_GRANTS) {
                    Some(crate::ecs::lifecycle::RoleProblem::NoEcrAuth)
                } else {
                    None
                };
                (role.arn.clone(), problem)
            })
            .collect()
    }
}

/// What the AWS managed policies the sandbox knows grant, by action pattern, for the
/// policy simulator and the agents' checks alike.
const MANAGED_GRANTS: &[(&str, &[&str])] = &[
    (
        "/AmazonEC2ContainerServiceforEC2Role",
        &[
            "ecs:RegisterContainerInstance",
            "ecs:DiscoverPollEndpoint",
            "ecs:Poll",
            "ecs:SubmitTaskStateChange",
            "ecr:GetAuthorizationToken",
            "logs:CreateLogStream",
            "logs:PutLogEvents",
        ],
    ),
    (
        "/AmazonECSTaskExecutionRolePolicy",
        &["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "logs:CreateLogStream", "logs:PutLogEvents"],
    ),
];

/// IAM's wildcards: `*` any run of characters, `?` one; actions compare without case.
fn matches(pattern: &str, value: &str, ignore_case: bool) -> bool {
    let (p, v): (Vec<char>, Vec<char>) = if ignore_case {
        (pattern.to_lowercase().chars().collect(), value.to_lowercase().chars().collect())
    } else {
        (pattern.chars().collect(), value.chars().collect())
    };
    // Classic two-pointer glob match with backtracking to the last `*`.
    let (mut i, mut j, mut star, mut mark) = (0, 0, None, 0);
    while j < v.len() {
        if i < p.len() && (p[i] == '?' || p[i] == v[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(s) = star {
            i = s + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

impl Role {
    /// The policy simulator's decision for this role doing `action` on `resource`: an
    /// explicit Deny wins, then any Allow; managed policies count by what they grant.
    fn decide(&self, action: &str, resource: &str) -> &'static str {
        let applies = |st: &Value| {
            one_or_many(&st["Action"]).iter().any(|a| matches(a, action, true))
                && (st.get("Resource").is_none() || one_or_many(&st["Resource"]).iter().any(|r| matches(r, resource, false)))
        };
        let inline: Vec<&Value> = self.inline.iter().flat_map(|(_, doc)| statements(doc)).collect();
        if inline.iter().any(|st| st["Effect"] == "Deny" && applies(st)) {
            return "explicitDeny";
        }
        let by_managed = self
            .attached
            .iter()
            .any(|arn| MANAGED_GRANTS.iter().any(|(m, actions)| arn.ends_with(m) && actions.iter().any(|a| matches(a, action, true))));
        if by_managed || inline.iter().any(|st| st["Effect"] == "Allow" && applies(st)) {
            "allowed"
        } else {
            "implicitDeny"
        }
    }
}

impl Iam {
    /// SimulatePrincipalPolicy for the sandbox's own user (who may do anything, as its
    /// keys may) or a role, over the actions and resources asked.
    fn simulate_principal_policy(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let source = required(&input, "PolicySourceArn")?;
        let actions = input.str_list("ActionNames")?;
        if actions.is_empty() {
            return Err(invalid_input("ActionNames must name at least one action."));
        }
        let mut resources = input.str_list("ResourceArns")?;
        if resources.is_empty() {
            resources.push("*");
        }
        let user = format!("arn:aws:iam::{ACCOUNT_ID}:user/sandbox");
        let role = match source.strip_prefix(&format!("arn:aws:iam::{ACCOUNT_ID}:role/")) {
            _ if source == user => None,
            Some(rest) => {
                let name = rest.rsplit('/').next().unwrap_or_default();
                Some(self.role(name)?)
            }
            None if source.contains(":user/") => {
                let name = source.rsplit('/').next().unwrap_or_default();
                return Err(no_such_entity(format!("The user with name {name} cannot be found.")));
            }
            None => return Err(invalid_input(&format!("Invalid ARN {source}: the sandbox simulates its user and its roles."))),
        };
        let mut results = vec![];
        for action in &actions {
            for resource in &resources {
                let decision = role.map_or("allowed", |r| r.decide(action, resource));
                results.push(json!({"EvalActionName": action, "EvalResourceName": resource, "EvalDecision": decision, "MatchedStatements": [], "MissingContextValues": []}));
            }
        }
        Ok(json!({"EvaluationResults": results, "IsTruncated": false}))
    }
}

pub fn dispatch(iam: &mut Iam, req: &Request) -> Result<Value, AwsError> {
    let input = Input::new(&req.input, validation);
    match req.operation.as_str() {
        "CreateRole" => iam.create_role(input),
        "GetRole" => Ok(json!({"Role": iam.role(required(&input, "RoleName")?)?.json(true)})),
        "ListRoleTags" => Ok(json!({"Tags": tags_json(&iam.role(required(&input, "RoleName")?)?.tags), "IsTruncated": false})),
        "ListRoles" => iam.list_roles(input),
        "DeleteRole" => iam.delete_role(input),
        "UpdateAssumeRolePolicy" => iam.update_assume_role_policy(input),
        "AttachRolePolicy" => iam.attach_role_policy(input),
        "DetachRolePolicy" => iam.detach_role_policy(input),
        "ListAttachedRolePolicies" => iam.list_attached_role_policies(input),
        "PutRolePolicy" => iam.put_role_policy(input),
        "GetRolePolicy" => iam.get_role_policy(input),
        "DeleteRolePolicy" => iam.delete_role_policy(input),
        "ListRolePolicies" => iam.list_role_policies(input),
        "SimulatePrincipalPolicy" => iam.simulate_principal_policy(input),
        "GetPolicy" => iam.get_policy(input),
        "ListPolicies" => iam.list_policies(input),
        "CreateInstanceProfile" => iam.create_instance_profile(input),
        "GetInstanceProfile" => {
            let name = required(&input, "InstanceProfileName")?;
            Ok(json!({"InstanceProfile": iam.profile(name)?.json(iam)}))
        }
        "AddRoleToInstanceProfile" => iam.add_role_to_instance_profile(input),
        "RemoveRoleFromInstanceProfile" => iam.remove_role_from_instance_profile(input),
        "DeleteInstanceProfile" => iam.delete_instance_profile(input),
        "ListInstanceProfiles" => iam.list_instance_profiles(input, None),
        "ListInstanceProfilesForRole" => {
            let role = required(&input, "RoleName")?;
            iam.list_instance_profiles(input, Some(role))
        }
        other => Err(AwsError::client("InvalidAction", format!("The action {other} is not valid for this web service."))),
    }
}
