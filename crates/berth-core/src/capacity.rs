//! EC2 capacity for a cluster, as the console builds it: instance types with their size
//! and price, the ECS-optimized AMI from its public SSM parameter, then a plan (plan.rs)
//! of a launch template whose user data joins the cluster, an Auto Scaling group, a
//! capacity provider with managed scaling and termination protection, and the cluster's
//! default strategy. Also what the cluster page shows of it (Infrastructure) and the
//! teardown that removes it in the order AWS allows.

use aws_sdk_autoscaling::types as asg;
use aws_sdk_ec2::types as ec2;
use aws_sdk_ecs::types as ecs;
use serde::{Deserialize, Serialize};

use crate::clusters::NewCluster;
use crate::console::Clients;
use crate::error::{CoreError, Result};
use crate::plan::{needs, quote, Plan, Report, Step, StepFailure, StepKind, Undone, PLAN_TAG};
use crate::validation::{self, FieldError};

/// The families a console offers for ECS capacity.
const FAMILIES: &[&str] = &["t2.*", "t3.*", "t4g.*", "m5.*", "m6i.*", "m7g.*", "c6i.*", "r6i.*"];
const AL2023: &str = "/aws/service/ecs/optimized-ami/amazon-linux-2023";

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct InstanceTypeChoice {
    pub name: String,
    pub vcpus: i32,
    pub memory_mib: i64,
    /// `x86_64` or `arm64`: which AMI the type needs.
    pub architecture: String,
    pub free_tier: bool,
    pub network_interfaces: i32,
    /// On-demand Linux USD per hour, when the price table has this region.
    pub price_per_hour: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct InstanceTypes {
    pub types: Vec<InstanceTypeChoice>,
    /// When the prices were read; None when the region has no price table.
    pub prices_as_of: Option<String>,
}

/// The instance types of the families ECS capacity is commonly built from.
pub async fn instance_types(clients: &Clients) -> Result<InstanceTypes> {
    let filter = ec2::Filter::builder().name("instance-type").set_values(Some(FAMILIES.iter().map(|f| f.to_string()).collect())).build();
    let mut out = vec![];
    let mut token = None;
    loop {
        let page = clients
            .ec2
            .describe_instance_types()
            .filters(filter.clone())
            .max_results(100)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| CoreError::from_sdk("DescribeInstanceTypes", e))?;
        for t in page.instance_types() {
            let Some(name) = t.instance_type().map(|n| n.as_str().to_string()) else { continue };
            let architecture = t
                .processor_info()
                .and_then(|p| p.supported_architectures().first())
                .map(|a| a.as_str().to_string())
                .unwrap_or_else(|| "x86_64".into());
            out.push(InstanceTypeChoice {
                price_per_hour: crate::prices::ec2_hourly(&clients.region, &name),
                name,
                vcpus: t.v_cpu_info().and_then(|v| v.default_v_cpus()).unwrap_or(0),
                memory_mib: t.memory_info().and_then(|m| m.size_in_mib()).unwrap_or(0),
                architecture,
                free_tier: t.free_tier_eligible().unwrap_or(false),
                network_interfaces: t.network_info().and_then(|n| n.maximum_network_interfaces()).unwrap_or(0),
            });
        }
        match page.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    let family = |n: &str| n.split('.').next().unwrap_or_default().to_string();
    out.sort_by_key(|t| (family(&t.name), t.vcpus, t.memory_mib));
    let prices_as_of = out.iter().any(|t| t.price_per_hour.is_some()).then(|| crate::prices::PRICES_AS_OF.to_string());
    Ok(InstanceTypes { types: out, prices_as_of })
}

/// The recommended ECS-optimized Amazon Linux 2023 image for an architecture.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct EcsAmi {
    pub image_id: String,
    pub image_name: String,
    pub agent_version: Option<String>,
    /// The public SSM parameter it was read from.
    pub parameter: String,
}

pub fn ami_parameter(architecture: &str) -> String {
    if architecture == "arm64" {
        format!("{AL2023}/arm64/recommended")
    } else {
        format!("{AL2023}/recommended")
    }
}

/// Reads the image's id, name and agent version from the parameter's sub-parameters
/// (each a plain string), which every SSM answers alike.
pub async fn ecs_ami(clients: &Clients, architecture: &str) -> Result<EcsAmi> {
    let parameter = ami_parameter(architecture);
    let names: Vec<String> = ["image_id", "image_name", "ecs_agent_version"].iter().map(|k| format!("{parameter}/{k}")).collect();
    let out =
        clients.ssm.get_parameters().set_names(Some(names.clone())).send().await.map_err(|e| CoreError::from_sdk("GetParameters", e))?;
    let value = |name: &str| out.parameters().iter().find(|p| p.name() == Some(name)).and_then(|p| p.value()).map(str::to_string);
    let image_id = value(&names[0]).filter(|v| v.starts_with("ami-")).ok_or_else(|| CoreError::Client {
        operation: "GetParameters",
        detail: format!("{parameter} names no ECS-optimized image in {}", clients.region),
    })?;
    Ok(EcsAmi { image_id, image_name: value(&names[1]).unwrap_or_default(), agent_version: value(&names[2]), parameter })
}

/// What the capacity step of the cluster wizard (or "Add EC2 capacity") submits.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct NewCapacity {
    pub cluster: String,
    /// Set when the cluster is created by the same plan.
    #[serde(default)]
    pub new_cluster: Option<NewCluster>,
    /// The capacity provider's name; the launch template and group are named after it.
    pub name: String,
    pub instance_type: String,
    pub min_size: i32,
    pub desired_capacity: i32,
    pub max_size: i32,
    pub subnets: Vec<String>,
    #[serde(default)]
    pub security_groups: Vec<String>,
    #[serde(default)]
    pub key_name: Option<String>,
    /// The instance role's profile, from the role picker.
    pub instance_profile_arn: String,
    /// Managed scaling keeps the capacity this full (1–100 %).
    #[serde(default = "default_target")]
    pub target_capacity: i32,
    #[serde(default = "yes")]
    pub managed_termination_protection: bool,
    pub client_token: String,
}

fn default_target() -> i32 {
    100
}

fn yes() -> bool {
    true
}

/// What exists because of a capacity plan.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CapacityCreated {
    pub cluster_arn: Option<String>,
    pub launch_template_id: Option<String>,
    pub auto_scaling_group_arn: Option<String>,
    pub capacity_provider_arn: Option<String>,
    pub associated: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CapacityOutcome {
    pub created: CapacityCreated,
    pub done: Vec<StepKind>,
    pub failed: Option<StepFailure>,
}

/// The user data that makes an ECS-optimized instance's agent join `cluster`.
pub fn user_data(cluster: &str) -> String {
    format!("#!/bin/bash\necho ECS_CLUSTER={cluster} >> /etc/ecs/ecs.config\n")
}

fn instance_profile_name(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// A capacity provider's name: ECS's name rules, minus its reserved prefixes; the launch
/// template's 3-character minimum applies too, as it shares the name.
pub fn check_capacity_name(field: &str, name: &str) -> std::result::Result<(), FieldError> {
    validation::resource_name(field, name)?;
    if name.len() < 3 {
        return Err(FieldError::new(field, "At least 3 characters: the launch template shares this name."));
    }
    let lower = name.to_ascii_lowercase();
    if ["aws", "ecs", "fargate"].iter().any(|p| lower.starts_with(p)) {
        return Err(FieldError::new(field, "A capacity provider's name cannot start with aws, ecs or fargate."));
    }
    Ok(())
}

impl NewCapacity {
    pub fn validate(&self) -> std::result::Result<(), FieldError> {
        match self.field_errors().into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    pub fn field_errors(&self) -> Vec<FieldError> {
        let mut errors = vec![];
        errors.extend(validation::resource_name("cluster", &self.cluster).err());
        if let Some(c) = &self.new_cluster {
            errors.extend(c.field_errors());
        }
        errors.extend(check_capacity_name("name", &self.name).err());
        if self.instance_type.trim().is_empty() {
            errors.push(FieldError::new("instanceType", "Choose an instance type."));
        }
        if self.min_size < 0 {
            errors.push(FieldError::new("minSize", "The minimum is 0 or more instances."));
        }
        if self.max_size < 1 || self.max_size > 1000 {
            errors.push(FieldError::new("maxSize", "The maximum is 1–1,000 instances."));
        }
        if self.min_size > self.max_size {
            errors.push(FieldError::new("minSize", "The minimum cannot be above the maximum."));
        }
        if self.desired_capacity < self.min_size || self.desired_capacity > self.max_size {
            errors.push(FieldError::new("desiredCapacity", "The desired number of instances is between the minimum and the maximum."));
        }
        if self.subnets.is_empty() {
            errors.push(FieldError::new("subnets", "Pick at least one subnet for the instances."));
        }
        if self.security_groups.len() > 5 {
            errors.push(FieldError::new("securityGroups", "At most 5 security groups."));
        }
        if !self.instance_profile_arn.starts_with("arn:") || !self.instance_profile_arn.contains(":instance-profile/") {
            errors
                .push(FieldError::new("instanceProfileArn", "Choose the instance role (its instance profile), or create ecsInstanceRole."));
        }
        if !(1..=100).contains(&self.target_capacity) {
            errors.push(FieldError::new("targetCapacity", "Target capacity is 1–100 %."));
        }
        if let Some(k) = &self.key_name {
            if k.is_empty() || k.len() > 255 {
                errors.push(FieldError::new("keyName", "A key pair name is 1–255 characters."));
            }
        }
        if self.client_token.is_empty() || self.client_token.len() > 36 {
            errors.push(FieldError::new("clientToken", "The client token is 1–36 characters."));
        }
        errors
    }

    fn tag_value(&self) -> &str {
        &self.client_token
    }
}

impl Plan for NewCapacity {
    type Created = CapacityCreated;

    fn steps(&self, clients: &Clients) -> Vec<Step> {
        let tail = clients.cli_target();
        let name = quote(&self.name);
        let mut steps = vec![];
        if let Some(c) = &self.new_cluster {
            steps.push(Step {
                kind: StepKind::CreateCluster,
                title: format!("Create cluster {}", c.cluster_name),
                cli: format!(
                    "aws ecs create-cluster --cluster-name {} --settings name=containerInsights,value={}{tail}",
                    quote(&c.cluster_name),
                    if c.container_insights { "enabled" } else { "disabled" }
                ),
            });
        }
        let mut data = format!(
            "ImageId=$AMI_ID,InstanceType={},IamInstanceProfile={{Arn={}}},UserData=$(printf '%s' {} | base64 -w0)",
            self.instance_type,
            self.instance_profile_arn,
            quote(&user_data(&self.cluster))
        );
        if !self.security_groups.is_empty() {
            data += &format!(",SecurityGroupIds=[{}]", self.security_groups.join(","));
        }
        if let Some(k) = &self.key_name {
            data += &format!(",KeyName={}", quote(k));
        }
        steps.push(Step {
            kind: StepKind::CreateLaunchTemplate,
            title: format!(
                "Create launch template {} ({}, ECS-optimized Amazon Linux 2023, joins cluster {})",
                self.name, self.instance_type, self.cluster
            ),
            cli: format!(
                "LT_ID=$(aws ec2 create-launch-template --launch-template-name {name} --launch-template-data \"{data}\" --tag-specifications 'ResourceType=launch-template,Tags=[{{Key={PLAN_TAG},Value={}}}]' --query LaunchTemplate.LaunchTemplateId --output text{tail})",
                self.tag_value()
            ),
        });
        steps.push(Step {
            kind: StepKind::CreateAutoScalingGroup,
            title: format!(
                "Create Auto Scaling group {} ({} to {} instances, {} now, across {} subnet{})",
                self.name,
                self.min_size,
                self.max_size,
                self.desired_capacity,
                self.subnets.len(),
                if self.subnets.len() == 1 { "" } else { "s" }
            ),
            cli: format!(
                "aws autoscaling create-auto-scaling-group --auto-scaling-group-name {name} --launch-template LaunchTemplateId=$LT_ID,Version='$Latest' --min-size {} --max-size {} --desired-capacity {} --vpc-zone-identifier {} {}--tags Key={PLAN_TAG},Value={},PropagateAtLaunch=false{tail}",
                self.min_size,
                self.max_size,
                self.desired_capacity,
                quote(&self.subnets.join(",")),
                if self.managed_termination_protection { "--new-instances-protected-from-scale-in " } else { "" },
                self.tag_value()
            ),
        });
        steps.push(Step {
            kind: StepKind::CreateCapacityProvider,
            title: format!(
                "Create capacity provider {} (managed scaling to {} %, termination protection {})",
                self.name,
                self.target_capacity,
                if self.managed_termination_protection { "on" } else { "off" }
            ),
            cli: format!(
                "aws ecs create-capacity-provider --name {name} --auto-scaling-group-provider 'autoScalingGroupArn=$ASG_ARN,managedScaling={{status=ENABLED,targetCapacity={}}},managedTerminationProtection={}' --tags key={PLAN_TAG},value={}{tail}",
                self.target_capacity,
                if self.managed_termination_protection { "ENABLED" } else { "DISABLED" },
                self.tag_value()
            ),
        });
        steps.push(Step {
            kind: StepKind::PutClusterCapacityProviders,
            title: format!("Make {} the default capacity provider strategy of {}", self.name, self.cluster),
            cli: format!(
                "aws ecs put-cluster-capacity-providers --cluster {} --capacity-providers FARGATE FARGATE_SPOT {name} --default-capacity-provider-strategy capacityProvider={name},weight=1,base=0{tail}",
                quote(&self.cluster)
            ),
        });
        steps
    }

    fn has(created: &CapacityCreated, kind: StepKind) -> bool {
        match kind {
            StepKind::CreateCluster => created.cluster_arn.is_some(),
            StepKind::CreateLaunchTemplate => created.launch_template_id.is_some(),
            StepKind::CreateAutoScalingGroup => created.auto_scaling_group_arn.is_some(),
            StepKind::CreateCapacityProvider => created.capacity_provider_arn.is_some(),
            StepKind::PutClusterCapacityProviders => created.associated,
            _ => false,
        }
    }

    async fn run_step(&self, clients: &Clients, kind: StepKind, created: &mut CapacityCreated) -> Result<()> {
        match kind {
            StepKind::CreateCluster => {
                let Some(c) = &self.new_cluster else { return Ok(()) };
                let cluster = crate::clusters::create(&clients.ecs, c).await?;
                created.cluster_arn = Some(cluster.cluster_arn);
            }
            StepKind::CreateLaunchTemplate => {
                let architecture = architecture_of(clients, &self.instance_type).await?;
                let ami = ecs_ami(clients, &architecture).await?;
                let profile = ec2::LaunchTemplateIamInstanceProfileSpecificationRequest::builder().arn(&self.instance_profile_arn).build();
                let data = ec2::RequestLaunchTemplateData::builder()
                    .image_id(&ami.image_id)
                    .instance_type(ec2::InstanceType::from(self.instance_type.as_str()))
                    .iam_instance_profile(profile)
                    .user_data(aws_smithy_types::base64::encode(user_data(&self.cluster)))
                    .set_security_group_ids((!self.security_groups.is_empty()).then(|| self.security_groups.clone()))
                    .set_key_name(self.key_name.clone())
                    .build();
                let tags = ec2::TagSpecification::builder()
                    .resource_type(ec2::ResourceType::LaunchTemplate)
                    .tags(ec2::Tag::builder().key(PLAN_TAG).value(self.tag_value()).build())
                    .build();
                let out = clients
                    .ec2
                    .create_launch_template()
                    .launch_template_name(&self.name)
                    .launch_template_data(data)
                    .tag_specifications(tags)
                    .send()
                    .await
                    .map_err(|e| CoreError::from_sdk("CreateLaunchTemplate", e))?;
                created.launch_template_id = out.launch_template().and_then(|t| t.launch_template_id()).map(String::from);
            }
            StepKind::CreateAutoScalingGroup => {
                let lt = created.launch_template_id.clone().ok_or_else(|| needs("CreateAutoScalingGroup", "the launch template"))?;
                let tag = asg::Tag::builder()
                    .key(PLAN_TAG)
                    .value(self.tag_value())
                    .propagate_at_launch(false)
                    .resource_id(&self.name)
                    .resource_type("auto-scaling-group")
                    .build();
                clients
                    .asg
                    .create_auto_scaling_group()
                    .auto_scaling_group_name(&self.name)
                    .launch_template(asg::LaunchTemplateSpecification::builder().launch_template_id(lt).version("$Latest").build())
                    .min_size(self.min_size)
                    .max_size(self.max_size)
                    .desired_capacity(self.desired_capacity)
                    .vpc_zone_identifier(self.subnets.join(","))
                    .new_instances_protected_from_scale_in(self.managed_termination_protection)
                    .tags(tag)
                    .send()
                    .await
                    .map_err(|e| CoreError::from_sdk("CreateAutoScalingGroup", e))?;
                created.auto_scaling_group_arn =
                    group(clients, &self.name).await?.and_then(|g| g.auto_scaling_group_arn().map(String::from));
                if created.auto_scaling_group_arn.is_none() {
                    return Err(CoreError::Client {
                        operation: "DescribeAutoScalingGroups",
                        detail: format!("{} was made but is not listed", self.name),
                    });
                }
            }
            StepKind::CreateCapacityProvider => {
                let arn =
                    created.auto_scaling_group_arn.clone().ok_or_else(|| needs("CreateCapacityProvider", "the Auto Scaling group"))?;
                let provider = ecs::AutoScalingGroupProvider::builder()
                    .auto_scaling_group_arn(arn)
                    .managed_scaling(
                        ecs::ManagedScaling::builder()
                            .status(ecs::ManagedScalingStatus::Enabled)
                            .target_capacity(self.target_capacity)
                            .build(),
                    )
                    .managed_termination_protection(if self.managed_termination_protection {
                        ecs::ManagedTerminationProtection::Enabled
                    } else {
                        ecs::ManagedTerminationProtection::Disabled
                    })
                    .build()
                    .map_err(|e| CoreError::Client { operation: "CreateCapacityProvider", detail: e.to_string() })?;
                let out = clients
                    .ecs
                    .create_capacity_provider()
                    .name(&self.name)
                    .auto_scaling_group_provider(provider)
                    .tags(ecs::Tag::builder().key(PLAN_TAG).value(self.tag_value()).build())
                    .send()
                    .await
                    .map_err(|e| CoreError::from_sdk("CreateCapacityProvider", e))?;
                created.capacity_provider_arn = out.capacity_provider().and_then(|c| c.capacity_provider_arn()).map(String::from);
            }
            StepKind::PutClusterCapacityProviders => {
                let cluster = crate::clusters::describe(&clients.ecs, &self.cluster).await?;
                let mut providers = cluster.capacity_providers.clone();
                for p in ["FARGATE", "FARGATE_SPOT", self.name.as_str()] {
                    if !providers.iter().any(|x| x == p) {
                        providers.push(p.to_string());
                    }
                }
                let item = ecs::CapacityProviderStrategyItem::builder()
                    .capacity_provider(&self.name)
                    .weight(1)
                    .base(0)
                    .build()
                    .map_err(|e| CoreError::Client { operation: "PutClusterCapacityProviders", detail: e.to_string() })?;
                clients
                    .ecs
                    .put_cluster_capacity_providers()
                    .cluster(&self.cluster)
                    .set_capacity_providers(Some(providers))
                    .default_capacity_provider_strategy(item)
                    .send()
                    .await
                    .map_err(|e| CoreError::from_sdk("PutClusterCapacityProviders", e))?;
                created.associated = true;
            }
            _ => {}
        }
        Ok(())
    }

    async fn adopt(&self, clients: &Clients, mut created: CapacityCreated) -> Result<CapacityCreated> {
        let token = self.tag_value();
        if created.launch_template_id.is_none() {
            // An unknown name is an error in EC2's answer, not an empty list.
            if let Ok(out) = clients.ec2.describe_launch_templates().launch_template_names(&self.name).send().await {
                let ours =
                    out.launch_templates().iter().find(|t| t.tags().iter().any(|x| x.key() == Some(PLAN_TAG) && x.value() == Some(token)));
                created.launch_template_id = ours.and_then(|t| t.launch_template_id()).map(String::from);
            }
        }
        if created.auto_scaling_group_arn.is_none() {
            if let Some(g) = group(clients, &self.name).await? {
                if g.tags().iter().any(|t| t.key() == Some(PLAN_TAG) && t.value() == Some(token)) {
                    created.auto_scaling_group_arn = g.auto_scaling_group_arn().map(String::from);
                }
            }
        }
        if created.capacity_provider_arn.is_none() {
            let out = clients
                .ecs
                .describe_capacity_providers()
                .capacity_providers(&self.name)
                .include(ecs::CapacityProviderField::Tags)
                .send()
                .await
                .map_err(|e| CoreError::from_sdk("DescribeCapacityProviders", e))?;
            let ours = out.capacity_providers().iter().find(|c| {
                c.status() == Some(&ecs::CapacityProviderStatus::Active)
                    && c.tags().iter().any(|t| t.key() == Some(PLAN_TAG) && t.value() == Some(token))
            });
            created.capacity_provider_arn = ours.and_then(|c| c.capacity_provider_arn()).map(String::from);
        }
        Ok(created)
    }
}

async fn group(clients: &Clients, name: &str) -> Result<Option<asg::AutoScalingGroup>> {
    let out = clients
        .asg
        .describe_auto_scaling_groups()
        .auto_scaling_group_names(name)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DescribeAutoScalingGroups", e))?;
    Ok(out.auto_scaling_groups().first().cloned())
}

async fn architecture_of(clients: &Clients, instance_type: &str) -> Result<String> {
    let out = clients.ec2.describe_instance_types().instance_types(ec2::InstanceType::from(instance_type)).send().await.map_err(|e| {
        match CoreError::from_sdk("DescribeInstanceTypes", e) {
            CoreError::Aws { message, .. } => CoreError::Invalid(FieldError::new("instanceType", message)),
            other => other,
        }
    })?;
    let t = out
        .instance_types()
        .first()
        .ok_or_else(|| FieldError::new("instanceType", format!("{instance_type} is not offered in this region.")))?;
    Ok(t.processor_info()
        .and_then(|p| p.supported_architectures().first())
        .map(|a| a.as_str().to_string())
        .unwrap_or_else(|| "x86_64".into()))
}

/// The plan, checked against AWS as it is: the instance type exists here and its AMI
/// resolves, the profile exists, and the names are free.
pub async fn plan(clients: &Clients, input: &NewCapacity) -> Result<Vec<Step>> {
    input.validate()?;
    let architecture = architecture_of(clients, &input.instance_type).await?;
    ecs_ami(clients, &architecture).await?;
    let profile = instance_profile_name(&input.instance_profile_arn);
    clients.iam.get_instance_profile().instance_profile_name(profile).send().await.map_err(|e| {
        match CoreError::from_sdk("GetInstanceProfile", e) {
            CoreError::Aws { code, .. } if code == "NoSuchEntity" => CoreError::Invalid(FieldError::new(
                "instanceProfileArn",
                format!("There is no instance profile {profile}; create ecsInstanceRole from the picker."),
            )),
            other => other,
        }
    })?;
    if input.new_cluster.is_none() {
        crate::clusters::describe(&clients.ecs, &input.cluster).await?;
    }
    Ok(input.steps(clients))
}

pub async fn execute(clients: &Clients, input: &NewCapacity, created: CapacityCreated) -> Result<CapacityOutcome> {
    let steps = plan(clients, input).await?;
    let run = crate::plan::run(clients, input, &steps, created).await?;
    Ok(CapacityOutcome { created: run.created, done: run.done, failed: run.failed })
}

/// Removes what `created` says exists, newest first.
pub async fn roll_back(clients: &Clients, input: &NewCapacity, created: &CapacityCreated) -> Vec<Undone> {
    let mut report = Report::default();
    let created = match input.adopt(clients, created.clone()).await {
        Ok(all) => all,
        Err(e) => {
            report.record("look-up of what the plan may have created without an answer", Err(e));
            created.clone()
        }
    };
    if created.associated {
        report.record(format!("{} in the cluster's capacity providers", input.name), detach(clients, &input.cluster, &input.name).await);
    }
    if created.capacity_provider_arn.is_some() {
        report.record(format!("capacity provider {}", input.name), delete_provider(clients, &input.name).await);
    }
    if created.auto_scaling_group_arn.is_some() {
        report.record(format!("Auto Scaling group {} and its instances", input.name), delete_group(clients, &input.name).await);
    }
    if let Some(id) = &created.launch_template_id {
        report.record(format!("launch template {}", input.name), delete_template(clients, id).await);
    }
    if created.cluster_arn.is_some() {
        report.record(format!("cluster {}", input.cluster), crate::clusters::delete(&clients.ecs, &input.cluster).await.map(|_| ()));
    }
    report.0
}

async fn detach(clients: &Clients, cluster: &str, provider: &str) -> Result<()> {
    let c = crate::clusters::describe(&clients.ecs, cluster).await?;
    let kept: Vec<String> = c.capacity_providers.into_iter().filter(|p| p != provider).collect();
    let strategy =
        c.default_capacity_provider_strategy.into_iter().filter(|s| s.capacity_provider != provider).map(|s| {
            ecs::CapacityProviderStrategyItem::builder().capacity_provider(s.capacity_provider).weight(s.weight).base(s.base).build()
        });
    let strategy: Vec<ecs::CapacityProviderStrategyItem> = strategy
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| CoreError::Client { operation: "PutClusterCapacityProviders", detail: e.to_string() })?;
    clients
        .ecs
        .put_cluster_capacity_providers()
        .cluster(cluster)
        .set_capacity_providers(Some(kept))
        .set_default_capacity_provider_strategy(Some(strategy))
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("PutClusterCapacityProviders", e))?;
    Ok(())
}

async fn delete_provider(clients: &Clients, name: &str) -> Result<()> {
    clients
        .ecs
        .delete_capacity_provider()
        .capacity_provider(name)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DeleteCapacityProvider", e))?;
    Ok(())
}

async fn delete_group(clients: &Clients, name: &str) -> Result<()> {
    clients
        .asg
        .delete_auto_scaling_group()
        .auto_scaling_group_name(name)
        .force_delete(true)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DeleteAutoScalingGroup", e))?;
    Ok(())
}

async fn delete_template(clients: &Clients, id: &str) -> Result<()> {
    clients.ec2.delete_launch_template().launch_template_id(id).send().await.map_err(|e| CoreError::from_sdk("DeleteLaunchTemplate", e))?;
    Ok(())
}

/// One capacity provider as the cluster's Infrastructure tab shows it.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ProviderView {
    pub name: String,
    pub status: String,
    /// In the cluster's default strategy: (weight, base).
    pub weight: Option<i32>,
    pub base: Option<i32>,
    pub managed_scaling: Option<String>,
    pub target_capacity: Option<i32>,
    pub managed_termination_protection: Option<String>,
    pub group: Option<GroupView>,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct GroupView {
    pub name: String,
    pub min_size: i32,
    pub desired_capacity: i32,
    pub max_size: i32,
    pub launch_template_id: Option<String>,
    pub instances: Vec<GroupInstance>,
    /// Newest first.
    pub activities: Vec<Activity>,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct GroupInstance {
    pub instance_id: String,
    pub instance_type: Option<String>,
    pub availability_zone: Option<String>,
    pub lifecycle_state: String,
    pub protected_from_scale_in: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "GroupActivity")]
pub struct Activity {
    pub description: String,
    pub cause: String,
    pub status: String,
    /// Seconds since the epoch.
    pub start: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Infrastructure {
    pub providers: Vec<ProviderView>,
}

fn group_name_of(arn: &str) -> &str {
    arn.rsplit("autoScalingGroupName/").next().unwrap_or(arn)
}

pub async fn infrastructure(clients: &Clients, cluster: &str) -> Result<Infrastructure> {
    let c = crate::clusters::describe(&clients.ecs, cluster).await?;
    if c.capacity_providers.is_empty() {
        return Ok(Infrastructure { providers: vec![] });
    }
    let out = clients
        .ecs
        .describe_capacity_providers()
        .set_capacity_providers(Some(c.capacity_providers.clone()))
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DescribeCapacityProviders", e))?;
    let mut providers = vec![];
    for p in out.capacity_providers() {
        let name = p.name().unwrap_or_default().to_string();
        let in_strategy = c.default_capacity_provider_strategy.iter().find(|s| s.capacity_provider == name);
        let asp = p.auto_scaling_group_provider();
        let group = match asp.map(|a| group_name_of(a.auto_scaling_group_arn())) {
            Some(g) => group_view(clients, g).await?,
            None => None,
        };
        providers.push(ProviderView {
            status: p.status().map(|s| s.as_str().to_string()).unwrap_or_default(),
            weight: in_strategy.map(|s| s.weight),
            base: in_strategy.map(|s| s.base),
            managed_scaling: asp.and_then(|a| a.managed_scaling()).and_then(|m| m.status()).map(|s| s.as_str().to_string()),
            target_capacity: asp.and_then(|a| a.managed_scaling()).and_then(|m| m.target_capacity()),
            managed_termination_protection: asp.and_then(|a| a.managed_termination_protection()).map(|m| m.as_str().to_string()),
            group,
            name,
        });
    }
    Ok(Infrastructure { providers })
}

async fn group_view(clients: &Clients, name: &str) -> Result<Option<GroupView>> {
    let Some(g) = group(clients, name).await? else { return Ok(None) };
    let activities = clients
        .asg
        .describe_scaling_activities()
        .auto_scaling_group_name(name)
        .max_records(20)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DescribeScalingActivities", e))?;
    Ok(Some(GroupView {
        name: name.to_string(),
        min_size: g.min_size().unwrap_or(0),
        desired_capacity: g.desired_capacity().unwrap_or(0),
        max_size: g.max_size().unwrap_or(0),
        launch_template_id: g.launch_template().and_then(|t| t.launch_template_id()).map(String::from),
        instances: g
            .instances()
            .iter()
            .map(|i| GroupInstance {
                instance_id: i.instance_id().unwrap_or_default().to_string(),
                instance_type: i.instance_type().map(String::from),
                availability_zone: i.availability_zone().map(String::from),
                lifecycle_state: i.lifecycle_state().map(|s| s.as_str().to_string()).unwrap_or_default(),
                protected_from_scale_in: i.protected_from_scale_in().unwrap_or(false),
            })
            .collect(),
        activities: activities
            .activities()
            .iter()
            .map(|a| Activity {
                description: a.description().unwrap_or_default().to_string(),
                cause: a.cause().unwrap_or_default().to_string(),
                status: a.status_code().map(|s| s.as_str().to_string()).unwrap_or_default(),
                start: a.start_time().map(|t| t.as_secs_f64()).unwrap_or(0.0),
            })
            .collect(),
    }))
}

/// One removal of a cluster teardown, handed back by the UI to run it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(tag = "action", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum TeardownAction {
    /// Standalone tasks keep their instances protected from scale in; they stop first.
    StopTasks,
    ScaleToZero {
        group: String,
    },
    WaitForInstances {
        group: String,
    },
    Detach {
        provider: String,
    },
    DeleteCapacityProvider {
        provider: String,
    },
    DeleteAutoScalingGroup {
        group: String,
    },
    DeleteLaunchTemplate {
        launch_template_id: String,
    },
    DeleteCluster,
    /// A role Berth made (tagged `berth:created`), with the instance profile holding it.
    DeleteRole {
        role: String,
        instance_profile: Option<String>,
    },
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TeardownStep {
    pub action: TeardownAction,
    pub title: String,
    pub cli: String,
    /// Only done when the user ticks it (roles).
    pub optional: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TeardownPlan {
    pub steps: Vec<TeardownStep>,
    /// What must go before the cluster can: its services, which Berth does not delete here.
    pub blockers: Vec<String>,
}

/// How long the teardown waits for a group's instances to terminate.
const WAIT_FOR_INSTANCES: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// The order AWS allows: tasks stopped, each group scaled to 0 and emptied, its provider
/// detached and deleted, the group and its launch template deleted, then the cluster, then
/// (if ticked) the roles Berth made for it.
pub async fn teardown_plan(clients: &Clients, cluster: &str) -> Result<TeardownPlan> {
    let tail = clients.cli_target();
    let c = crate::clusters::describe(&clients.ecs, cluster).await?;
    let q = quote(cluster);
    let mut blockers = vec![];
    let mut services = vec![];
    crate::services::list(clients, cluster, |batch| services.extend(batch)).await?;
    for s in services.iter().filter(|s| s.status == "ACTIVE" || s.status == "DRAINING") {
        blockers.push(format!("Service {} is still in the cluster: delete it first.", s.service_name));
    }
    let mut steps = vec![TeardownStep {
        action: TeardownAction::StopTasks,
        title: "Stop the cluster's standalone tasks".into(),
        cli: format!("for t in $(aws ecs list-tasks --cluster {q} --desired-status RUNNING --query taskArns --output text{tail}); do aws ecs stop-task --cluster {q} --task $t{tail}; done"),
        optional: false,
    }];
    let infra = infrastructure(clients, cluster).await?;
    let mut roles: Vec<(String, Option<String>)> = vec![];
    for p in infra.providers.iter().filter(|p| p.group.is_some()) {
        let Some(g) = &p.group else { continue };
        let (group, provider) = (quote(&g.name), quote(&p.name));
        steps.push(TeardownStep {
            action: TeardownAction::ScaleToZero { group: g.name.clone() },
            title: format!("Scale Auto Scaling group {} to 0 instances", g.name),
            cli: format!(
                "aws autoscaling update-auto-scaling-group --auto-scaling-group-name {group} --min-size 0 --desired-capacity 0{tail}"
            ),
            optional: false,
        });
        steps.push(TeardownStep {
            action: TeardownAction::WaitForInstances { group: g.name.clone() },
            title: format!("Wait for {}'s {} instance{} to terminate", g.name, g.instances.len(), if g.instances.len() == 1 { "" } else { "s" }),
            cli: format!("aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names {group} --query 'AutoScalingGroups[0].Instances'{tail}"),
            optional: false,
        });
        steps.push(TeardownStep {
            action: TeardownAction::Detach { provider: p.name.clone() },
            title: format!("Remove capacity provider {} from the cluster", p.name),
            cli: format!("aws ecs put-cluster-capacity-providers --cluster {q} --capacity-providers FARGATE FARGATE_SPOT --default-capacity-provider-strategy '[]'{tail}"),
            optional: false,
        });
        steps.push(TeardownStep {
            action: TeardownAction::DeleteCapacityProvider { provider: p.name.clone() },
            title: format!("Delete capacity provider {}", p.name),
            cli: format!("aws ecs delete-capacity-provider --capacity-provider {provider}{tail}"),
            optional: false,
        });
        steps.push(TeardownStep {
            action: TeardownAction::DeleteAutoScalingGroup { group: g.name.clone() },
            title: format!("Delete Auto Scaling group {}", g.name),
            cli: format!("aws autoscaling delete-auto-scaling-group --auto-scaling-group-name {group} --force-delete{tail}"),
            optional: false,
        });
        if let Some(lt) = &g.launch_template_id {
            steps.push(TeardownStep {
                action: TeardownAction::DeleteLaunchTemplate { launch_template_id: lt.clone() },
                title: format!("Delete launch template {lt}"),
                cli: format!("aws ec2 delete-launch-template --launch-template-id {lt}{tail}"),
                optional: false,
            });
            if let Some(found) = template_role(clients, lt).await? {
                if !roles.contains(&found) {
                    roles.push(found);
                }
            }
        }
    }
    steps.push(TeardownStep {
        action: TeardownAction::DeleteCluster,
        title: format!("Delete cluster {}", c.cluster_name),
        cli: format!("aws ecs delete-cluster --cluster {q}{tail}"),
        optional: false,
    });
    for (role, profile) in roles {
        let mut cli = String::new();
        if let Some(p) = &profile {
            cli += &format!("aws iam remove-role-from-instance-profile --instance-profile-name {p} --role-name {role}{tail} && aws iam delete-instance-profile --instance-profile-name {p}{tail} && ");
        }
        cli += &format!("aws iam detach-role-policy --role-name {role} --policy-arn arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role{tail} && aws iam delete-role --role-name {role}{tail}");
        steps.push(TeardownStep {
            title: format!(
                "Delete role {role}, which Berth created{}",
                profile.as_ref().map(|p| format!(", and instance profile {p}")).unwrap_or_default()
            ),
            action: TeardownAction::DeleteRole { role, instance_profile: profile },
            cli,
            optional: true,
        });
    }
    Ok(TeardownPlan { steps, blockers })
}

/// The role behind a launch template's instance profile, if Berth made it.
async fn template_role(clients: &Clients, launch_template_id: &str) -> Result<Option<(String, Option<String>)>> {
    let Ok(out) = clients.ec2.describe_launch_template_versions().launch_template_id(launch_template_id).versions("$Latest").send().await
    else {
        return Ok(None);
    };
    let Some(arn) = out
        .launch_template_versions()
        .first()
        .and_then(|v| v.launch_template_data())
        .and_then(|d| d.iam_instance_profile())
        .and_then(|p| p.arn())
    else {
        return Ok(None);
    };
    let profile = instance_profile_name(arn).to_string();
    let Ok(p) = clients.iam.get_instance_profile().instance_profile_name(&profile).send().await else { return Ok(None) };
    let Some(role) = p.instance_profile().and_then(|p| p.roles().first()).map(|r| r.role_name().to_string()) else { return Ok(None) };
    let tags = clients.iam.list_role_tags().role_name(&role).send().await.map_err(|e| CoreError::from_sdk("ListRoleTags", e))?;
    let ours = tags.tags().iter().any(|t| t.key() == "berth:created" && t.value() == "true");
    Ok(ours.then_some((role, Some(profile))))
}

/// Runs one teardown step; `confirm` is the cluster's name as the user typed it, checked
/// again here for every step.
pub async fn teardown_step(clients: &Clients, cluster: &str, action: &TeardownAction, confirm: &str) -> Result<()> {
    crate::confirmation::require(cluster, confirm)?;
    match action {
        TeardownAction::StopTasks => {
            let tasks = clients
                .ecs
                .list_tasks()
                .cluster(cluster)
                .desired_status(ecs::DesiredStatus::Running)
                .send()
                .await
                .map_err(|e| CoreError::from_sdk("ListTasks", e))?;
            for arn in tasks.task_arns() {
                clients
                    .ecs
                    .stop_task()
                    .cluster(cluster)
                    .task(arn)
                    .reason("Cluster deleted in Berth")
                    .send()
                    .await
                    .map_err(|e| CoreError::from_sdk("StopTask", e))?;
            }
        }
        TeardownAction::ScaleToZero { group } => {
            clients
                .asg
                .update_auto_scaling_group()
                .auto_scaling_group_name(group)
                .min_size(0)
                .desired_capacity(0)
                .send()
                .await
                .map_err(|e| CoreError::from_sdk("UpdateAutoScalingGroup", e))?;
        }
        TeardownAction::WaitForInstances { group: name } => {
            let started = std::time::Instant::now();
            loop {
                let left = group(clients, name).await?.map(|g| g.instances().len()).unwrap_or(0);
                if left == 0 {
                    break;
                }
                if started.elapsed() > WAIT_FOR_INSTANCES {
                    return Err(CoreError::Client {
                        operation: "DescribeAutoScalingGroups",
                        detail: format!(
                            "{left} instance(s) of {name} are still running after 15 minutes; the group's deletion will force them"
                        ),
                    });
                }
                tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            }
        }
        TeardownAction::Detach { provider } => detach(clients, cluster, provider).await?,
        TeardownAction::DeleteCapacityProvider { provider } => delete_provider(clients, provider).await?,
        TeardownAction::DeleteAutoScalingGroup { group } => delete_group(clients, group).await?,
        TeardownAction::DeleteLaunchTemplate { launch_template_id } => delete_template(clients, launch_template_id).await?,
        TeardownAction::DeleteCluster => {
            crate::clusters::delete(&clients.ecs, cluster).await?;
        }
        TeardownAction::DeleteRole { role, instance_profile } => {
            crate::iam::delete_role(clients, role, instance_profile.as_deref()).await?
        }
    }
    Ok(())
}
