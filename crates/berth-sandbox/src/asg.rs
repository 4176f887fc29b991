//! EC2 Auto Scaling groups over the Query protocol (Version 2011-01-01): groups that
//! launch instances from a launch template, balanced across their subnets' zones, and
//! terminate unprotected ones until they hold the desired capacity; scaling activities
//! with AWS's descriptions and causes; instance protection from scale in; and delete,
//! refused while instances remain unless forced.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::ec2::Ec2;
use crate::error::AwsError;
use crate::protocol::Request;
use crate::table::{Persist, Rows, Table};
use crate::util::{self, Input};
use crate::ACCOUNT_ID;

/// Simulated seconds before a group tries again after a launch failed.
const RETRY_SECS: f64 = 10.0;
/// Activities kept per group, newest last.
const ACTIVITIES_KEPT: usize = 100;

#[derive(Serialize, Deserialize, Clone, Debug, Default)]
#[serde(default)]
pub struct Member {
    pub id: String,
    pub zone: String,
    pub instance_type: String,
    pub protected: bool,
    /// Pending, InService or Terminating, as the group reports it.
    pub lifecycle: String,
    /// The activity that launched or is terminating it.
    activity: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default)]
#[serde(default)]
pub struct Group {
    pub name: String,
    pub arn: String,
    pub min: i64,
    pub max: i64,
    pub desired: i64,
    /// `{LaunchTemplateId, LaunchTemplateName, Version}`.
    pub launch_template: Value,
    /// The template's instance type: what managed scaling counts a new instance as.
    pub instance_type: String,
    pub subnets: Vec<String>,
    pub protect_new: bool,
    pub tags: Vec<Value>,
    pub created: f64,
    pub members: Vec<Member>,
    pub activities: Vec<Value>,
    /// Why the desired capacity last changed, in the words of an activity's cause.
    pub cause: String,
    pub deleting: bool,
    pub retry_at: Option<f64>,
}

impl Persist for Group {}

#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AutoScalingGroups {
    groups: Table<Group>,
}

impl AutoScalingGroups {
    pub fn children(&mut self) -> Vec<(&'static str, &mut dyn Rows)> {
        vec![("autoscaling.groups", &mut self.groups)]
    }

    /// A group by name or ARN.
    pub fn group(&self, reference: &str) -> Option<&Group> {
        let name = reference.rsplit("autoScalingGroupName/").next().unwrap_or(reference);
        self.groups.get(name).filter(|g| !g.deleting)
    }

    pub fn group_mut(&mut self, reference: &str) -> Option<&mut Group> {
        let name = reference.rsplit("autoScalingGroupName/").next().unwrap_or(reference).to_string();
        self.groups.get_mut(&name).filter(|g| !g.deleting)
    }
}

fn validation(message: String) -> AwsError {
    AwsError::client("ValidationError", message)
}

fn stamp(t: f64) -> String {
    util::iso8601(t)
}

impl Group {
    /// Sets the desired capacity with the activity cause AWS would give.
    pub fn set_desired(&mut self, desired: i64, cause: String) {
        if desired != self.desired {
            self.desired = desired;
            self.cause = cause;
        }
    }

    fn json(&self) -> Value {
        let zones: Vec<&str> = {
            let mut z: Vec<&str> = self.members.iter().map(|m| m.zone.as_str()).collect();
            z.sort();
            z.dedup();
            z
        };
        json!({
            "AutoScalingGroupName": self.name,
            "AutoScalingGroupARN": self.arn,
            "LaunchTemplate": self.launch_template,
            "MinSize": self.min,
            "MaxSize": self.max,
            "DesiredCapacity": self.desired,
            "DefaultCooldown": 300,
            "AvailabilityZones": zones,
            "HealthCheckType": "EC2",
            "HealthCheckGracePeriod": 300,
            "Instances": self.members.iter().map(|m| json!({
                "InstanceId": m.id, "InstanceType": m.instance_type, "AvailabilityZone": m.zone,
                "LifecycleState": m.lifecycle, "HealthStatus": "Healthy",
                "LaunchTemplate": self.launch_template, "ProtectedFromScaleIn": m.protected,
            })).collect::<Vec<_>>(),
            "CreatedTime": stamp(self.created),
            "VPCZoneIdentifier": self.subnets.join(","),
            "TerminationPolicies": ["Default"],
            "NewInstancesProtectedFromScaleIn": self.protect_new,
            "ServiceLinkedRoleARN": format!("arn:aws:iam::{ACCOUNT_ID}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"),
            "Tags": self.tags,
            "Status": if self.deleting { Some("Delete in progress") } else { None },
        })
    }

    fn push_activity(&mut self, description: String, cause: String, status: &str, t: f64) -> String {
        let id = util::uuid();
        self.activities.push(json!({
            "ActivityId": id,
            "AutoScalingGroupName": self.name,
            "AutoScalingGroupARN": self.arn,
            "Description": description,
            "Cause": cause,
            "StartTime": stamp(t),
            "StatusCode": status,
            "Progress": if status == "InProgress" { 30 } else { 100 },
            "Details": "{\"Subnet ID\":\"\",\"Availability Zone\":\"\"}",
            "EndTime": if status == "InProgress" { None } else { Some(stamp(t)) },
        }));
        if self.activities.len() > ACTIVITIES_KEPT {
            self.activities.remove(0);
        }
        id
    }

    fn finish_activity(&mut self, id: &str, t: f64) {
        if let Some(a) = self.activities.iter_mut().find(|a| a["ActivityId"] == id) {
            a["StatusCode"] = json!("Successful");
            a["Progress"] = json!(100);
            a["EndTime"] = json!(stamp(t));
        }
    }
}

impl AutoScalingGroups {
    /// One simulated second: members follow their instances, then each group launches or
    /// terminates toward its desired capacity.
    pub fn step(&mut self, region: &str, t: f64, ec2: &mut Ec2) -> bool {
        let mut changed = false;
        let names: Vec<String> = self.groups.keys().cloned().collect();
        for name in names {
            let Some(g) = self.groups.get(&name) else { continue };
            // Only a group whose members or target moved needs writing back.
            let live = g.members.iter().filter(|m| m.lifecycle != "Terminating").count() as i64;
            let target = if g.deleting { 0 } else { g.desired };
            let follows = g.members.iter().all(|m| {
                let phase = ec2.compute.instance(&m.id).map(|i| i.phase);
                matches!((m.lifecycle.as_str(), phase), ("InService", Some(crate::compute::Phase::Running)))
            });
            if follows && live == target && !g.deleting {
                continue;
            }
            if g.retry_at.is_some_and(|r| r > t) && live < target {
                continue;
            }
            let Some(g) = self.groups.get_mut(&name) else { continue };
            changed = true;
            follow_instances(g, ec2, t);
            reconcile(g, region, ec2, t);
            if g.deleting && g.members.is_empty() {
                self.groups.remove(&name);
            }
        }
        changed
    }
}

fn follow_instances(g: &mut Group, ec2: &Ec2, t: f64) {
    use crate::compute::Phase;
    let mut finished = vec![];
    g.members.retain_mut(|m| match ec2.compute.instance(&m.id).map(|i| i.phase) {
        Some(Phase::Running) if m.lifecycle == "Pending" => {
            m.lifecycle = "InService".into();
            finished.push(m.activity.clone());
            true
        }
        Some(Phase::Pending | Phase::Running) => true,
        Some(Phase::ShuttingDown) => {
            if m.lifecycle != "Terminating" {
                m.lifecycle = "Terminating".into();
            }
            true
        }
        Some(Phase::Terminated) | None => {
            finished.push(m.activity.clone());
            false
        }
    });
    for a in finished {
        g.finish_activity(&a, t);
    }
}

fn reconcile(g: &mut Group, region: &str, ec2: &mut Ec2, t: f64) {
    let live: Vec<usize> = (0..g.members.len()).filter(|i| g.members[*i].lifecycle != "Terminating").collect();
    let have = live.len() as i64;
    let target = if g.deleting { 0 } else { g.desired };
    if have < target {
        let template = ec2.compute.launch_template(g.launch_template["LaunchTemplateId"].as_str().unwrap_or_default()).cloned();
        let data = match template {
            Some(tpl) => ec2.compute.template_data(&tpl, g.launch_template["Version"].as_str()),
            None => Err(format!(
                "The specified launch template, with template ID {}, does not exist.",
                g.launch_template["LaunchTemplateId"].as_str().unwrap_or_default()
            )),
        };
        for _ in have..target {
            let cause = format!(
                "{}  At {} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from {} to {}.",
                g.cause,
                stamp(t),
                have,
                target
            );
            // Balanced across zones: the subnet whose zone holds the fewest members.
            let subnet = g
                .subnets
                .iter()
                .min_by_key(|s| {
                    let zone = ec2.subnet(s).and_then(|x| x["availabilityZone"].as_str()).unwrap_or_default().to_string();
                    g.members.iter().filter(|m| m.lifecycle != "Terminating" && m.zone == zone).count()
                })
                .cloned();
            let tags: Vec<Value> = g
                .tags
                .iter()
                .filter(|tag| tag["PropagateAtLaunch"] == true)
                .map(|tag| json!({"key": tag["Key"], "value": tag["Value"]}))
                .collect();
            let spec = data.clone().map_err(|m| m.to_string()).and_then(|d| {
                ec2.launch_spec(region, &d, subnet.as_deref(), Some(g.name.clone()), tags).map_err(|e| e.message.to_string())
            });
            match spec {
                Ok(spec) => {
                    let id = ec2.compute.launch(region, &spec);
                    let zone = spec.subnet["availabilityZone"].as_str().unwrap_or_default().to_string();
                    let activity = g.push_activity(format!("Launching a new EC2 instance: {id}"), cause, "InProgress", t);
                    g.members.push(Member {
                        id,
                        zone,
                        instance_type: spec.instance_type.clone(),
                        protected: g.protect_new,
                        lifecycle: "Pending".into(),
                        activity,
                    });
                    g.retry_at = None;
                }
                Err(message) => {
                    let id = g.push_activity("Launching a new EC2 instance.  Status Reason: ".to_string() + &message, cause, "Failed", t);
                    if let Some(a) = g.activities.iter_mut().find(|a| a["ActivityId"] == id.as_str()) {
                        a["StatusMessage"] = json!(message);
                    }
                    g.retry_at = Some(t + RETRY_SECS);
                    break;
                }
            }
        }
    } else if have > target {
        let mut excess = have - target;
        while excess > 0 {
            // The zone with the most members loses one; protected instances stay
            // (unless the group is being deleted), newest first within a zone.
            let candidate = g
                .members
                .iter()
                .enumerate()
                .filter(|(_, m)| m.lifecycle != "Terminating" && (!m.protected || g.deleting))
                .max_by_key(|(i, m)| (g.members.iter().filter(|o| o.lifecycle != "Terminating" && o.zone == m.zone).count(), *i))
                .map(|(i, _)| i);
            let Some(i) = candidate else { break };
            let id = g.members[i].id.clone();
            let now_live = g.members.iter().filter(|m| m.lifecycle != "Terminating").count();
            let cause = format!(
                "{}  At {} an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from {} to {}.",
                g.cause,
                stamp(t),
                now_live,
                now_live - 1
            );
            let activity = g.push_activity(format!("Terminating EC2 instance: {id}"), cause, "InProgress", t);
            g.members[i].lifecycle = "Terminating".into();
            g.members[i].activity = activity;
            ec2.compute.terminate(&id);
            excess -= 1;
        }
    }
}

fn user_cause(t: f64, what: &str, from: i64, to: i64) -> String {
    format!("At {} a user request {what} changing the desired capacity from {from} to {to}.", stamp(t))
}

fn size(input: &Input<'_>, field: &str) -> Result<Option<i64>, AwsError> {
    match input.int(field)? {
        Some(n) if n < 0 => Err(validation(format!("{field} must be 0 or more; got {n}."))),
        other => Ok(other),
    }
}

fn check_sizes(min: i64, max: i64, desired: i64) -> Result<(), AwsError> {
    if min > max {
        return Err(validation(format!("Max bound, {max}, must be greater than or equal to min bound, {min}")));
    }
    if desired < min || desired > max {
        return Err(validation(format!("Desired capacity:{desired} must be between the specified min size:{min} and max size:{max}")));
    }
    Ok(())
}

impl AutoScalingGroups {
    fn create(&mut self, region: &str, ec2: &Ec2, input: Input<'_>) -> Result<Value, AwsError> {
        let name = input.req_str("AutoScalingGroupName")?;
        if name.is_empty() || name.len() > 255 || name.contains(':') {
            return Err(validation(format!("AutoScalingGroupName '{name}' must be 1-255 characters without ':'.")));
        }
        if self.groups.contains_key(name) {
            return Err(AwsError::client(
                "AlreadyExists",
                format!("AutoScalingGroup by this name already exists - A group with the name {name} already exists"),
            ));
        }
        let lt = input.at("LaunchTemplate");
        let reference = lt.str("LaunchTemplateId")?.or(lt.str("LaunchTemplateName")?).ok_or_else(|| {
            validation(
                "Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter."
                    .into(),
            )
        })?;
        let template = ec2.compute.launch_template(reference).ok_or_else(|| {
            validation(format!("You must use a valid fully-formed launch template. The specified launch template, with template name {reference}, does not exist."))
        })?;
        let version = lt.str("Version")?.unwrap_or("$Default").to_string();
        let data = ec2.compute.template_data(template, Some(&version)).map_err(validation)?;
        let min = size(&input, "MinSize")?.ok_or_else(|| validation("MinSize is required.".into()))?;
        let max = size(&input, "MaxSize")?.ok_or_else(|| validation("MaxSize is required.".into()))?;
        let desired = size(&input, "DesiredCapacity")?.unwrap_or(min);
        check_sizes(min, max, desired)?;
        let subnets: Vec<String> = input
            .str("VPCZoneIdentifier")?
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        if subnets.is_empty() {
            return Err(validation(
                "No default subnet was found in VPC. Specify VPCZoneIdentifier with the subnets to launch into.".into(),
            ));
        }
        for s in &subnets {
            if ec2.subnet(s).is_none() {
                return Err(validation(format!("The subnet ID '{s}' does not exist")));
            }
        }
        let mut tags = vec![];
        for tag in input.list("Tags")? {
            let key = tag.req_str("Key")?;
            if key.to_ascii_lowercase().starts_with("aws:") {
                return Err(validation(format!("Tag key '{key}' may not begin with aws:.")));
            }
            tags.push(json!({
                "Key": key, "Value": tag.str("Value")?.unwrap_or_default(), "PropagateAtLaunch": tag.bool("PropagateAtLaunch")?.unwrap_or(false),
                "ResourceId": name, "ResourceType": "auto-scaling-group",
            }));
        }
        let now = util::now();
        let group = Group {
            name: name.to_string(),
            arn: format!("arn:aws:autoscaling:{region}:{ACCOUNT_ID}:autoScalingGroup:{}:autoScalingGroupName/{name}", util::uuid()),
            min,
            max,
            desired,
            instance_type: data["instanceType"].as_str().unwrap_or_default().to_string(),
            launch_template: json!({"LaunchTemplateId": template["launchTemplateId"], "LaunchTemplateName": template["launchTemplateName"], "Version": version}),
            subnets,
            protect_new: input.bool("NewInstancesProtectedFromScaleIn")?.unwrap_or(false),
            tags,
            created: now,
            cause: user_cause(now, "created an AutoScalingGroup", 0, desired),
            ..Group::default()
        };
        self.groups.insert(name.to_string(), group);
        Ok(json!({}))
    }

    fn describe(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let names = input.str_list("AutoScalingGroupNames")?;
        let max = match input.int("MaxRecords")? {
            None => 50,
            Some(n) if (1..=100).contains(&n) => n as usize,
            Some(n) => return Err(validation(format!("MaxRecords must be between 1 and 100; got {n}."))),
        };
        let matching = self.groups.iter().filter(|(k, _)| names.is_empty() || names.contains(&k.as_str()));
        let (page, next) = util::page(matching, |(k, _)| k.as_str(), input.str("NextToken")?, max, validation)?;
        Ok(json!({"AutoScalingGroups": page.into_iter().map(|(_, g)| g.json()).collect::<Vec<_>>(), "NextToken": next}))
    }

    fn update(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = input.req_str("AutoScalingGroupName")?;
        let g = self
            .group_mut(name)
            .ok_or_else(|| validation(format!("AutoScalingGroup name not found - AutoScalingGroup {name} not found")))?;
        let min = size(&input, "MinSize")?.unwrap_or(g.min);
        let max = size(&input, "MaxSize")?.unwrap_or(g.max);
        // A new bound moves the desired capacity inside it, as Auto Scaling does.
        let desired = size(&input, "DesiredCapacity")?.unwrap_or(g.desired.clamp(min.min(max), max.max(min)));
        check_sizes(min, max, desired)?;
        if let Some(p) = input.bool("NewInstancesProtectedFromScaleIn")? {
            g.protect_new = p;
        }
        let before = g.desired;
        g.min = min;
        g.max = max;
        g.set_desired(desired, user_cause(util::now(), "explicitly set group desired capacity", before, desired));
        Ok(json!({}))
    }

    fn set_desired_capacity(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = input.req_str("AutoScalingGroupName")?;
        let g = self
            .group_mut(name)
            .ok_or_else(|| validation(format!("AutoScalingGroup name not found - AutoScalingGroup {name} not found")))?;
        let desired = size(&input, "DesiredCapacity")?.ok_or_else(|| validation("DesiredCapacity is required.".into()))?;
        if desired < g.min {
            return Err(validation(format!(
                "New SetDesiredCapacity value {desired} is below min value {} for the AutoScalingGroup.",
                g.min
            )));
        }
        if desired > g.max {
            return Err(validation(format!(
                "New SetDesiredCapacity value {desired} is above max value {} for the AutoScalingGroup.",
                g.max
            )));
        }
        let before = g.desired;
        g.set_desired(desired, user_cause(util::now(), "explicitly set group desired capacity", before, desired));
        Ok(json!({}))
    }

    fn delete(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = input.req_str("AutoScalingGroupName")?;
        let force = input.bool("ForceDelete")?.unwrap_or(false);
        let g = self
            .group_mut(name)
            .ok_or_else(|| validation(format!("AutoScalingGroup name not found - AutoScalingGroup {name} not found")))?;
        if !g.members.is_empty() && !force {
            return Err(AwsError::client(
                "ResourceInUse",
                "You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.",
            ));
        }
        let before = g.desired;
        g.deleting = true;
        g.set_desired(0, user_cause(util::now(), "for deleting group", before, 0));
        if g.members.is_empty() {
            self.groups.remove(name);
        }
        Ok(json!({}))
    }

    fn activities(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = input.str("AutoScalingGroupName")?;
        let max = match input.int("MaxRecords")? {
            None => 100,
            Some(n) if (1..=100).contains(&n) => n as usize,
            Some(n) => return Err(validation(format!("MaxRecords must be between 1 and 100; got {n}."))),
        };
        let mut all: Vec<&Value> =
            self.groups.values().filter(|g| name.is_none_or(|n| g.name == n)).flat_map(|g| g.activities.iter()).collect();
        all.sort_by(|a, b| b["StartTime"].as_str().cmp(&a["StartTime"].as_str()));
        // Newest first; the token is the position reached.
        let start = match input.str("NextToken")? {
            None | Some("") => 0,
            Some(t) => {
                util::decode_token(t).and_then(|k| k.parse::<usize>().ok()).ok_or_else(|| validation("The NextToken is invalid.".into()))?
            }
        };
        let page: Vec<&Value> = all.iter().skip(start).take(max).copied().collect();
        let next = (start + max < all.len()).then(|| util::encode_token(&(start + max).to_string()));
        Ok(json!({"Activities": page, "NextToken": next}))
    }

    fn set_instance_protection(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = input.req_str("AutoScalingGroupName")?;
        let protect = input.bool("ProtectedFromScaleIn")?.ok_or_else(|| validation("ProtectedFromScaleIn is required.".into()))?;
        let ids = input.str_list("InstanceIds")?;
        let g = self
            .group_mut(name)
            .ok_or_else(|| validation(format!("AutoScalingGroup name not found - AutoScalingGroup {name} not found")))?;
        for id in &ids {
            if !g.members.iter().any(|m| m.id == *id) {
                return Err(validation(format!("The instance {id} is not part of Auto Scaling group {name}.")));
            }
        }
        for m in g.members.iter_mut().filter(|m| ids.contains(&m.id.as_str())) {
            m.protected = protect;
        }
        Ok(json!({}))
    }
}

pub fn dispatch(region: &mut crate::Region, req: &Request) -> Result<Value, AwsError> {
    let input = Input::new(&req.input, validation);
    let groups = &mut region.asg;
    match req.operation.as_str() {
        "CreateAutoScalingGroup" => groups.create(&req.region, &region.ec2, input),
        "DescribeAutoScalingGroups" => groups.describe(input),
        "UpdateAutoScalingGroup" => groups.update(input),
        "SetDesiredCapacity" => groups.set_desired_capacity(input),
        "DeleteAutoScalingGroup" => groups.delete(input),
        "DescribeScalingActivities" => groups.activities(input),
        "SetInstanceProtection" => groups.set_instance_protection(input),
        other => Err(AwsError::client("InvalidAction", format!("The sandbox's Auto Scaling does not support {other}."))),
    }
}
