//! EC2 compute: the instance types ECS capacity is made of (vCPU, memory, architecture,
//! network interfaces), key pairs, launch templates with their versions, and instances
//! that go pending → running → shutting-down → terminated on the simulated clock, each
//! with a private IP from its subnet. An instance booted from an ECS-optimized AMI starts
//! its agent a little after it is running; the region's step hands it to ECS to register.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::AwsError;
use crate::table::{Rows, Table};
use crate::util::{self, Input};
use crate::ACCOUNT_ID;

/// One instance type: (name, vCPU, MiB, architecture, network interfaces, free tier).
pub type InstanceType = (&'static str, i64, i64, &'static str, i64, bool);

/// The families ECS capacity is commonly built from, with their real vCPU, memory and
/// network-interface counts (ECS-FACTS-EC2 §3).
pub const INSTANCE_TYPES: &[InstanceType] = &[
    ("t2.micro", 1, 1024, "x86_64", 2, true),
    ("t2.small", 1, 2048, "x86_64", 3, false),
    ("t2.medium", 2, 4096, "x86_64", 3, false),
    ("t2.large", 2, 8192, "x86_64", 3, false),
    ("t3.nano", 2, 512, "x86_64", 2, false),
    ("t3.micro", 2, 1024, "x86_64", 2, true),
    ("t3.small", 2, 2048, "x86_64", 3, false),
    ("t3.medium", 2, 4096, "x86_64", 3, false),
    ("t3.large", 2, 8192, "x86_64", 3, false),
    ("t3.xlarge", 4, 16384, "x86_64", 4, false),
    ("t4g.nano", 2, 512, "arm64", 2, false),
    ("t4g.micro", 2, 1024, "arm64", 2, false),
    ("t4g.small", 2, 2048, "arm64", 3, false),
    ("t4g.medium", 2, 4096, "arm64", 3, false),
    ("t4g.large", 2, 8192, "arm64", 3, false),
    ("m5.large", 2, 8192, "x86_64", 3, false),
    ("m5.xlarge", 4, 16384, "x86_64", 4, false),
    ("m5.2xlarge", 8, 32768, "x86_64", 4, false),
    ("m6i.large", 2, 8192, "x86_64", 3, false),
    ("m6i.xlarge", 4, 16384, "x86_64", 4, false),
    ("m7g.large", 2, 8192, "arm64", 3, false),
    ("m7g.xlarge", 4, 16384, "arm64", 4, false),
    ("c6i.large", 2, 4096, "x86_64", 3, false),
    ("c6i.xlarge", 4, 8192, "x86_64", 4, false),
    ("r6i.large", 2, 16384, "x86_64", 3, false),
    ("r6i.xlarge", 4, 32768, "x86_64", 4, false),
];

pub fn instance_type(name: &str) -> Option<&'static InstanceType> {
    INSTANCE_TYPES.iter().find(|t| t.0 == name)
}

/// The memory the OS reports (MemTotal), which is what the agent registers: below the
/// nominal size. The t2 figures are ones ECS has reported; the rest follow m4.large's
/// 7985 of 8192 MiB (ECS-FACTS-EC2 §2; the exact Amazon Linux 2023 figures are unconfirmed).
pub fn os_memory(name: &str, nominal: i64) -> i64 {
    match name {
        "t2.micro" => 993,
        "t2.small" => 2001,
        "t2.medium" => 3952,
        _ => nominal * 975 / 1000,
    }
}

/// The ECS-optimized AMI a region offers for an architecture: stable per region, so the
/// SSM parameter and RunInstances agree.
pub fn ecs_ami(region: &str, arch: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in region.bytes().chain(arch.bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    format!("ami-0{:016x}", h)
}

pub const ECS_ARCHES: &[&str] = &["x86_64", "arm64"];

/// Simulated seconds: pending until running, running until the ECS agent registers,
/// shutting-down until terminated, and how long a terminated instance stays listed.
const BOOT_SECS: f64 = 15.0;
const AGENT_SECS: f64 = 10.0;
const SHUTDOWN_SECS: f64 = 10.0;
const TERMINATED_KEPT_SECS: f64 = 3600.0;

#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
pub enum Phase {
    Pending,
    Running,
    ShuttingDown,
    Terminated,
}

impl Phase {
    fn state(self) -> Value {
        match self {
            Phase::Pending => json!({"code": 0, "name": "pending"}),
            Phase::Running => json!({"code": 16, "name": "running"}),
            Phase::ShuttingDown => json!({"code": 32, "name": "shutting-down"}),
            Phase::Terminated => json!({"code": 48, "name": "terminated"}),
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Instance {
    /// As DescribeInstances shows it, without the state (which `phase` gives).
    pub doc: Value,
    pub phase: Phase,
    pub next: Option<f64>,
    /// `ECS_CLUSTER` from the user data: the cluster its agent joins ("default" if unset).
    pub cluster: String,
    /// Booted from an ECS-optimized AMI, so an ECS agent runs on it.
    pub agent: bool,
    pub agent_started: bool,
    /// The instance profile's name, if any.
    pub profile: Option<String>,
    /// The Auto Scaling group that launched it.
    pub group: Option<String>,
}

impl Instance {
    pub fn id(&self) -> &str {
        self.doc["instanceId"].as_str().unwrap_or_default()
    }

    pub fn instance_type(&self) -> &str {
        self.doc["instanceType"].as_str().unwrap_or_default()
    }

    pub fn zone(&self) -> &str {
        self.doc["placement"]["availabilityZone"].as_str().unwrap_or_default()
    }

    pub fn live(&self) -> bool {
        matches!(self.phase, Phase::Pending | Phase::Running)
    }

    fn json(&self) -> Value {
        let mut doc = self.doc.clone();
        doc["instanceState"] = self.phase.state();
        if self.phase == Phase::Terminated {
            doc["privateIpAddress"] = Value::Null;
        }
        doc
    }
}

/// What the region's step hands on: an agent ready to register, or an instance gone.
pub enum Happening {
    AgentStarted { instance: Instance },
    Terminated { instance_id: String },
}

#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Compute {
    /// By launch template id.
    launch_templates: Table<Value>,
    /// By instance id.
    instances: Table<Instance>,
    /// By key name.
    key_pairs: Table<Value>,
}

impl Compute {
    pub fn children(&mut self) -> Vec<(&'static str, &mut dyn Rows)> {
        vec![
            ("ec2.launch_templates", &mut self.launch_templates),
            ("ec2.instances", &mut self.instances),
            ("ec2.key_pairs", &mut self.key_pairs),
        ]
    }
}

impl crate::table::Persist for Instance {}

fn invalid(message: String) -> AwsError {
    AwsError::client("InvalidParameterValue", message)
}

/// What a launch (RunInstances or an Auto Scaling group) asks for, resolved.
pub struct LaunchSpec {
    pub image_id: String,
    pub instance_type: String,
    pub subnet: Value,
    pub security_groups: Vec<String>,
    pub key_name: Option<String>,
    pub user_data: String,
    pub profile: Option<Value>,
    pub tags: Vec<Value>,
    pub group: Option<String>,
}

fn decode_base64(s: &str) -> Option<String> {
    let table = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        } as u32)
    };
    let clean: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace() && *b != b'=').collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut acc = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            acc |= table(*c)? << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    String::from_utf8(out).ok()
}

/// The cluster an ECS agent joins: the last `ECS_CLUSTER=` in the user data (as written
/// to /etc/ecs/ecs.config), else "default".
pub fn agent_cluster(user_data: &str) -> String {
    user_data
        .lines()
        .filter_map(|l| l.split("ECS_CLUSTER=").nth(1))
        .map(|rest| rest.trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace()))
        .map(|rest| rest.split(['"', '\'', ' ', '>']).next().unwrap_or(rest).to_string())
        .next_back()
        .unwrap_or_else(|| "default".into())
}

fn tag_specs(input: &Input<'_>, resource: &str) -> Result<Vec<Value>, AwsError> {
    let mut tags = vec![];
    for spec in input.list("TagSpecification")? {
        if spec.str("ResourceType")? != Some(resource) {
            continue;
        }
        for t in spec.list("Tag")? {
            tags.push(json!({"key": t.req_str("Key")?, "value": t.str("Value")?.unwrap_or_default()}));
        }
    }
    Ok(tags)
}

fn private_ip(subnet: &Value, n: u64) -> String {
    let cidr = subnet["cidrBlock"].as_str().unwrap_or("172.31.0.0/20");
    let base: Vec<u64> = cidr.split('/').next().unwrap_or_default().split('.').filter_map(|p| p.parse().ok()).collect();
    let host = 10 + n % 4000;
    let third = base.get(2).copied().unwrap_or(0) + host / 256;
    format!("{}.{}.{}.{}", base.first().unwrap_or(&172), base.get(1).unwrap_or(&31), third, host % 256)
}

impl Compute {
    pub fn instance(&self, id: &str) -> Option<&Instance> {
        self.instances.get(id)
    }

    pub fn instances(&self) -> impl Iterator<Item = &Instance> {
        self.instances.values()
    }

    pub fn launch_template(&self, reference: &str) -> Option<&Value> {
        self.launch_templates.get(reference).or_else(|| self.launch_templates.values().find(|t| t["launchTemplateName"] == reference))
    }

    /// The template data of `version` ("$Default", "$Latest" or a number).
    pub fn template_data(&self, template: &Value, version: Option<&str>) -> Result<Value, String> {
        let versions = template["versions"].as_array().cloned().unwrap_or_default();
        let wanted = match version.unwrap_or("$Default") {
            "$Latest" => template["latestVersionNumber"].as_i64().unwrap_or(1),
            "$Default" => template["defaultVersionNumber"].as_i64().unwrap_or(1),
            n => n.parse::<i64>().map_err(|_| format!("The launch template version '{n}' is not valid."))?,
        };
        versions
            .iter()
            .find(|v| v["versionNumber"].as_i64() == Some(wanted))
            .map(|v| v["launchTemplateData"].clone())
            .ok_or_else(|| format!("The specified launch template version {wanted} does not exist."))
    }

    pub fn key_pair_exists(&self, name: &str) -> bool {
        self.key_pairs.contains_key(name)
    }

    /// Starts one instance (pending) and returns its id.
    pub fn launch(&mut self, region: &str, spec: &LaunchSpec) -> String {
        let id = format!("i-{}", util::hex_id(17));
        let arch = instance_type(&spec.instance_type).map(|t| t.3).unwrap_or("x86_64");
        let ip = private_ip(&spec.subnet, util::random_u64());
        let agent = ECS_ARCHES.iter().any(|a| ecs_ami(region, a) == spec.image_id);
        let mut tags = spec.tags.clone();
        if let Some(g) = &spec.group {
            tags.push(json!({"key": "aws:autoscaling:groupName", "value": g}));
        }
        let now = util::now();
        let doc = json!({
            "instanceId": id,
            "imageId": spec.image_id,
            "instanceType": spec.instance_type,
            "architecture": arch,
            "keyName": spec.key_name,
            "launchTime": util::iso8601(now),
            "placement": {"availabilityZone": spec.subnet["availabilityZone"], "tenancy": "default"},
            "privateIpAddress": ip,
            "privateDnsName": format!("ip-{}.ec2.internal", ip.replace('.', "-")),
            "subnetId": spec.subnet["subnetId"],
            "vpcId": spec.subnet["vpcId"],
            "groupSet": spec.security_groups.iter().map(|g| json!({"groupId": g})).collect::<Vec<_>>(),
            "iamInstanceProfile": spec.profile,
            "tagSet": tags,
            "amiLaunchIndex": 0,
            "monitoring": {"state": "disabled"},
            "hypervisor": "xen",
            "virtualizationType": "hvm",
            "rootDeviceType": "ebs",
            "rootDeviceName": "/dev/xvda",
        });
        let profile = spec.profile.as_ref().and_then(|p| p["arn"].as_str()).map(|a| a.rsplit('/').next().unwrap_or(a).to_string());
        self.instances.insert(
            id.clone(),
            Instance {
                doc,
                phase: Phase::Pending,
                next: Some(now + BOOT_SECS),
                cluster: agent_cluster(&spec.user_data),
                agent,
                agent_started: false,
                profile,
                group: spec.group.clone(),
            },
        );
        id
    }

    /// Begins shutting an instance down; false if it is already on its way.
    pub fn terminate(&mut self, id: &str) -> bool {
        match self.instances.get_mut(id) {
            Some(i) if i.live() => {
                i.phase = Phase::ShuttingDown;
                i.next = Some(util::now() + SHUTDOWN_SECS);
                true
            }
            _ => false,
        }
    }

    /// One simulated second: instances move on; what ECS must hear of is returned.
    pub fn step(&mut self, t: f64) -> (bool, Vec<Happening>) {
        let due: Vec<String> = self.instances.iter().filter(|(_, i)| i.next.is_some_and(|n| n <= t)).map(|(k, _)| k.clone()).collect();
        let mut out = vec![];
        let changed = !due.is_empty();
        for id in due {
            let Some(i) = self.instances.get_mut(&id) else { continue };
            match i.phase {
                Phase::Pending => {
                    i.phase = Phase::Running;
                    i.next = if i.agent { Some(t + AGENT_SECS) } else { None };
                }
                Phase::Running => {
                    i.next = None;
                    if i.agent && !i.agent_started {
                        i.agent_started = true;
                        out.push(Happening::AgentStarted { instance: i.clone() });
                    }
                }
                Phase::ShuttingDown => {
                    i.phase = Phase::Terminated;
                    i.next = Some(t + TERMINATED_KEPT_SECS);
                    out.push(Happening::Terminated { instance_id: id.clone() });
                }
                Phase::Terminated => {
                    self.instances.remove(&id);
                }
            }
        }
        (changed, out)
    }

    /// Whether an agent starts by `t`: only then does the world read IAM's trust.
    pub fn agent_due(&self, t: f64) -> bool {
        self.instances.values().any(|i| i.agent && !i.agent_started && i.phase == Phase::Running && i.next.is_some_and(|n| n <= t))
    }

    /// The instance's agent could not register (no cluster, no permission): it tries
    /// again later, as the agent does.
    pub fn retry_agent(&mut self, id: &str, t: f64) {
        if let Some(i) = self.instances.get_mut(id) {
            i.agent_started = false;
            if i.phase == Phase::Running {
                i.next = Some(t + AGENT_SECS);
            }
        }
    }
}

/// The EC2 operations this module answers, if `operation` is one.
pub fn dispatch(ec2: &mut crate::ec2::Ec2, region: &str, operation: &str, input: Input<'_>) -> Option<Result<Value, AwsError>> {
    Some(match operation {
        "DescribeInstanceTypes" => describe_instance_types(input),
        "CreateKeyPair" => ec2.compute.create_key_pair(input),
        "DescribeKeyPairs" => ec2.compute.describe_key_pairs(input),
        "DeleteKeyPair" => ec2.compute.delete_key_pair(input),
        "CreateLaunchTemplate" => ec2.create_launch_template(input),
        "DescribeLaunchTemplates" => ec2.compute.describe_launch_templates(input),
        "DescribeLaunchTemplateVersions" => ec2.compute.describe_launch_template_versions(input),
        "DeleteLaunchTemplate" => ec2.compute.delete_launch_template(input),
        "RunInstances" => ec2.run_instances(region, input),
        "DescribeInstances" => ec2.compute.describe_instances(input),
        "TerminateInstances" => ec2.compute.terminate_instances(input),
        _ => return None,
    })
}

fn describe_instance_types(input: Input<'_>) -> Result<Value, AwsError> {
    let names = input.str_list("InstanceType")?;
    for n in &names {
        if instance_type(n).is_none() {
            return Err(AwsError::client("InvalidInstanceType", format!("The following supplied instance types do not exist: [{n}]")));
        }
    }
    let mut filters = vec![];
    for f in input.list("Filter")? {
        filters.push((f.req_str("Name")?.to_string(), f.str_list("Value")?.into_iter().map(String::from).collect::<Vec<_>>()));
    }
    let glob = |pattern: &str, value: &str| match pattern.strip_suffix('*') {
        Some(prefix) => value.starts_with(prefix),
        None => pattern == value,
    };
    let mut matching = vec![];
    for t in INSTANCE_TYPES {
        if !names.is_empty() && !names.contains(&t.0) {
            continue;
        }
        let mut ok = true;
        for (name, values) in &filters {
            let actual = match name.as_str() {
                "instance-type" => t.0.to_string(),
                "processor-info.supported-architecture" => t.3.to_string(),
                "free-tier-eligible" => t.5.to_string(),
                "vcpu-info.default-vcpus" => t.1.to_string(),
                "memory-info.size-in-mib" => t.2.to_string(),
                other => return Err(invalid(format!("The filter '{other}' is invalid"))),
            };
            ok &= values.iter().any(|v| glob(v, &actual));
        }
        if ok {
            matching.push(t);
        }
    }
    let max = match input.int("MaxResults")? {
        None => 100,
        Some(n) if (5..=100).contains(&n) => n as usize,
        Some(n) => return Err(invalid(format!("MaxResults must be between 5 and 100; got {n}."))),
    };
    let (page, next) = util::page(matching, |t| t.0, input.str("NextToken")?, max, invalid)?;
    let items: Vec<Value> = page
        .into_iter()
        .map(|&(name, vcpu, mib, arch, enis, free)| {
            json!({
                "instanceType": name,
                "currentGeneration": true,
                "freeTierEligible": free,
                "supportedUsageClasses": ["on-demand", "spot"],
                "supportedRootDeviceTypes": ["ebs"],
                "bareMetal": false,
                "hypervisor": "nitro",
                "processorInfo": {"supportedArchitectures": [arch]},
                "vCpuInfo": {"defaultVCpus": vcpu, "defaultCores": (vcpu / 2).max(1), "defaultThreadsPerCore": if vcpu > 1 { 2 } else { 1 }},
                "memoryInfo": {"sizeInMiB": mib},
                "networkInfo": {"maximumNetworkInterfaces": enis, "ipv4AddressesPerInterface": 4 * enis, "networkPerformance": "Up to 5 Gigabit"},
                "burstablePerformanceSupported": name.starts_with('t'),
            })
        })
        .collect();
    Ok(json!({"instanceTypeSet": items, "nextToken": next}))
}

impl Compute {
    fn create_key_pair(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name =
            input.str("KeyName")?.ok_or_else(|| AwsError::client("MissingParameter", "The request must contain the parameter KeyName"))?;
        if name.is_empty() || name.len() > 255 {
            return Err(invalid("KeyName must be 1-255 characters long.".into()));
        }
        if self.key_pairs.contains_key(name) {
            return Err(AwsError::client("InvalidKeyPair.Duplicate", format!("The keypair '{name}' already exists.")));
        }
        let id = format!("key-{}", util::hex_id(17));
        let fingerprint: Vec<String> = (0..20).map(|_| util::hex_id(2)).collect();
        let pair = json!({"keyPairId": id, "keyName": name, "keyFingerprint": fingerprint.join(":"), "keyType": "rsa", "createTime": util::iso8601(util::now())});
        self.key_pairs.insert(name.to_string(), pair.clone());
        let mut answer = pair;
        // A sandbox key opens nothing; the material is a placeholder in PEM's shape.
        answer["keyMaterial"] = json!(format!("-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----", util::hex_id(64)));
        Ok(answer)
    }

    fn describe_key_pairs(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let names = input.str_list("KeyName")?;
        for n in &names {
            if !self.key_pairs.contains_key(*n) {
                return Err(AwsError::client("InvalidKeyPair.NotFound", format!("The key pair '{n}' does not exist")));
            }
        }
        let pairs: Vec<&Value> =
            self.key_pairs.iter().filter(|(k, _)| names.is_empty() || names.contains(&k.as_str())).map(|(_, v)| v).collect();
        Ok(json!({"keySet": pairs}))
    }

    fn delete_key_pair(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        if let Some(name) = input.str("KeyName")? {
            self.key_pairs.remove(name);
        }
        Ok(json!({"return": true}))
    }

    fn describe_launch_templates(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let ids = input.str_list("LaunchTemplateId")?;
        let names = input.str_list("LaunchTemplateName")?;
        let mut out = vec![];
        for reference in ids.iter().chain(names.iter()) {
            match self.launch_template(reference) {
                Some(t) => out.push(template_json(t)),
                None => return Err(not_found_template()),
            }
        }
        if ids.is_empty() && names.is_empty() {
            out = self.launch_templates.values().map(template_json).collect();
        }
        Ok(json!({"launchTemplates": out}))
    }

    fn describe_launch_template_versions(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let reference = match (input.str("LaunchTemplateId")?, input.str("LaunchTemplateName")?) {
            (Some(id), _) => id,
            (None, Some(name)) => name,
            (None, None) => return Err(invalid("A launch template ID or name must be specified.".into())),
        };
        let template = self.launch_template(reference).ok_or_else(not_found_template)?;
        let wanted = input.str_list("LaunchTemplateVersion")?;
        let mut versions = vec![];
        for v in template["versions"].as_array().into_iter().flatten() {
            let number = v["versionNumber"].as_i64().unwrap_or(0);
            let is_default = template["defaultVersionNumber"].as_i64() == Some(number);
            let is_latest = template["latestVersionNumber"].as_i64() == Some(number);
            let selected = wanted.is_empty()
                || wanted.iter().any(|w| *w == number.to_string() || (*w == "$Default" && is_default) || (*w == "$Latest" && is_latest));
            if selected {
                let mut v = v.clone();
                v["launchTemplateId"] = template["launchTemplateId"].clone();
                v["launchTemplateName"] = template["launchTemplateName"].clone();
                v["defaultVersion"] = json!(is_default);
                versions.push(v);
            }
        }
        Ok(json!({"launchTemplateVersionSet": versions}))
    }

    fn delete_launch_template(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let reference = match (input.str("LaunchTemplateId")?, input.str("LaunchTemplateName")?) {
            (Some(id), _) => id.to_string(),
            (None, Some(name)) => name.to_string(),
            (None, None) => return Err(invalid("A launch template ID or name must be specified.".into())),
        };
        let template = self.launch_template(&reference).cloned().ok_or_else(not_found_template)?;
        self.launch_templates.remove(template["launchTemplateId"].as_str().unwrap_or_default());
        Ok(json!({"launchTemplate": template_json(&template)}))
    }

    fn describe_instances(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let ids = input.str_list("InstanceId")?;
        for id in &ids {
            if !self.instances.contains_key(*id) {
                return Err(AwsError::client("InvalidInstanceID.NotFound", format!("The instance ID '{id}' does not exist")));
            }
        }
        let mut filters = vec![];
        for f in input.list("Filter")? {
            filters.push((f.req_str("Name")?.to_string(), f.str_list("Value")?.into_iter().map(String::from).collect::<Vec<_>>()));
        }
        let mut reservations = vec![];
        for i in self.instances.values() {
            if !ids.is_empty() && !ids.contains(&i.id()) {
                continue;
            }
            let doc = i.json();
            let mut ok = true;
            for (name, values) in &filters {
                let actual = if let Some(key) = name.strip_prefix("tag:") {
                    doc["tagSet"]
                        .as_array()
                        .and_then(|t| t.iter().find(|t| t["key"] == key))
                        .and_then(|t| t["value"].as_str())
                        .map(String::from)
                } else {
                    match name.as_str() {
                        "instance-state-name" => doc["instanceState"]["name"].as_str().map(String::from),
                        "instance-id" => Some(i.id().to_string()),
                        "instance-type" => Some(i.instance_type().to_string()),
                        "subnet-id" => doc["subnetId"].as_str().map(String::from),
                        "vpc-id" => doc["vpcId"].as_str().map(String::from),
                        "availability-zone" => Some(i.zone().to_string()),
                        other => return Err(invalid(format!("The filter '{other}' is invalid"))),
                    }
                };
                ok &= actual.is_some_and(|a| values.contains(&a));
            }
            if ok {
                reservations.push(
                    json!({"reservationId": format!("r-{}", &i.id()[2..]), "ownerId": ACCOUNT_ID, "groupSet": [], "instancesSet": [doc]}),
                );
            }
        }
        Ok(json!({"reservationSet": reservations}))
    }

    fn terminate_instances(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let ids = input.str_list("InstanceId")?;
        if ids.is_empty() {
            return Err(AwsError::client("MissingParameter", "The request must contain the parameter InstanceId"));
        }
        for id in &ids {
            if !self.instances.contains_key(*id) {
                return Err(AwsError::client("InvalidInstanceID.NotFound", format!("The instance ID '{id}' does not exist")));
            }
        }
        let mut changes = vec![];
        for id in ids {
            let before = self.instances[id].phase.state();
            self.terminate(id);
            changes.push(json!({"instanceId": id, "previousState": before, "currentState": self.instances[id].phase.state()}));
        }
        Ok(json!({"instancesSet": changes}))
    }
}

fn not_found_template() -> AwsError {
    AwsError::client(
        "InvalidLaunchTemplateName.NotFoundException",
        "At least one of the launch templates specified in the request does not exist.",
    )
}

fn template_json(t: &Value) -> Value {
    let mut t = t.clone();
    if let Some(o) = t.as_object_mut() {
        o.remove("versions");
    }
    t
}

/// RequestLaunchTemplateData's query fields as the template's stored data.
fn template_data(input: &Input<'_>) -> Result<Value, AwsError> {
    let mut data = json!({});
    if let Some(v) = input.str("ImageId")? {
        data["imageId"] = json!(v);
    }
    if let Some(v) = input.str("InstanceType")? {
        if instance_type(v).is_none() {
            return Err(invalid(format!("The instance type '{v}' does not exist.")));
        }
        data["instanceType"] = json!(v);
    }
    if let Some(v) = input.str("KeyName")? {
        data["keyName"] = json!(v);
    }
    if let Some(v) = input.str("UserData")? {
        if decode_base64(v).is_none() {
            return Err(invalid("Invalid BASE64 encoding of user data.".into()));
        }
        data["userData"] = json!(v);
    }
    let profile = input.at("IamInstanceProfile");
    if let Some(arn) = profile.str("Arn")? {
        data["iamInstanceProfile"] = json!({"arn": arn});
    } else if let Some(name) = profile.str("Name")? {
        data["iamInstanceProfile"] = json!({"name": name});
    }
    let groups = input.str_list("SecurityGroupId")?;
    if !groups.is_empty() {
        data["securityGroupIdSet"] = json!(groups);
    }
    Ok(data)
}

impl crate::ec2::Ec2 {
    fn create_launch_template(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = input
            .str("LaunchTemplateName")?
            .ok_or_else(|| AwsError::client("MissingParameter", "The request must contain the parameter LaunchTemplateName"))?;
        let valid = (3..=128).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric() || "()./_-".contains(c));
        if !valid {
            return Err(AwsError::client(
                "InvalidLaunchTemplateName.MalformedException",
                format!("The launch template name '{name}' is not valid: use 3-128 letters, digits and ( ) . / _ -."),
            ));
        }
        if self.compute.launch_template(name).is_some() {
            return Err(AwsError::client("InvalidLaunchTemplateName.AlreadyExistsException", "Launch template name already in use."));
        }
        let data = template_data(&input.at("LaunchTemplateData"))?;
        for g in data["securityGroupIdSet"].as_array().into_iter().flatten().filter_map(|g| g.as_str()) {
            if self.security_group(g).is_none() {
                return Err(AwsError::client("InvalidGroupId.NotFound", format!("The security group '{g}' does not exist")));
            }
        }
        let id = format!("lt-{}", util::hex_id(17));
        let now = util::iso8601(util::now());
        let created_by = format!("arn:aws:iam::{ACCOUNT_ID}:root");
        let template = json!({
            "launchTemplateId": id,
            "launchTemplateName": name,
            "createTime": now,
            "createdBy": created_by,
            "defaultVersionNumber": 1,
            "latestVersionNumber": 1,
            "tagSet": tag_specs(&input, "launch-template")?,
            "versions": [{"versionNumber": 1, "createTime": now, "createdBy": created_by, "versionDescription": input.str("VersionDescription")?, "launchTemplateData": data}],
        });
        self.compute.launch_templates.insert(id, template.clone());
        Ok(json!({"launchTemplate": template_json(&template)}))
    }

    /// Resolves what an instance launch needs, with EC2's refusals.
    pub fn launch_spec(
        &self,
        region: &str,
        data: &Value,
        subnet_id: Option<&str>,
        group: Option<String>,
        tags: Vec<Value>,
    ) -> Result<LaunchSpec, AwsError> {
        let image_id = data["imageId"]
            .as_str()
            .ok_or_else(|| AwsError::client("MissingParameter", "The request must contain the parameter ImageId"))?;
        let type_name = data["instanceType"].as_str().unwrap_or("m1.small");
        let itype = instance_type(type_name).ok_or_else(|| invalid(format!("The instance type '{type_name}' does not exist.")))?;
        let ami_arch = ECS_ARCHES
            .iter()
            .find(|a| ecs_ami(region, a) == image_id)
            .ok_or_else(|| AwsError::client("InvalidAMIID.NotFound", format!("The image id '[{image_id}]' does not exist")))?;
        if *ami_arch != itype.3 {
            return Err(invalid(format!(
                "The architecture '{}' of the specified instance type does not match the architecture '{ami_arch}' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again.",
                itype.3
            )));
        }
        let subnet = match subnet_id {
            Some(id) => self
                .subnet(id)
                .cloned()
                .ok_or_else(|| AwsError::client("InvalidSubnetID.NotFound", format!("The subnet ID '{id}' does not exist")))?,
            None => self.default_subnet().cloned().ok_or_else(|| invalid("No default subnet is available.".into()))?,
        };
        let security_groups: Vec<String> =
            data["securityGroupIdSet"].as_array().into_iter().flatten().filter_map(|g| g.as_str().map(String::from)).collect();
        for g in &security_groups {
            if self.security_group(g).is_none() {
                return Err(AwsError::client(
                    "InvalidGroup.NotFound",
                    format!("The security group '{g}' does not exist in VPC '{}'", subnet["vpcId"].as_str().unwrap_or_default()),
                ));
            }
        }
        let key_name = data["keyName"].as_str().map(String::from);
        if let Some(k) = &key_name {
            if !self.compute.key_pair_exists(k) {
                return Err(AwsError::client("InvalidKeyPair.NotFound", format!("The key pair '{k}' does not exist")));
            }
        }
        let user_data = match data["userData"].as_str() {
            Some(b64) => decode_base64(b64).ok_or_else(|| invalid("Invalid BASE64 encoding of user data.".into()))?,
            None => String::new(),
        };
        Ok(LaunchSpec {
            image_id: image_id.to_string(),
            instance_type: type_name.to_string(),
            subnet,
            security_groups,
            key_name,
            user_data,
            profile: data["iamInstanceProfile"].as_object().map(|p| Value::Object(p.clone())),
            tags,
            group,
        })
    }

    fn run_instances(&mut self, region: &str, input: Input<'_>) -> Result<Value, AwsError> {
        let min = input
            .int("MinCount")?
            .ok_or_else(|| AwsError::client("MissingParameter", "The request must contain the parameter MinCount"))?;
        let max = input
            .int("MaxCount")?
            .ok_or_else(|| AwsError::client("MissingParameter", "The request must contain the parameter MaxCount"))?;
        if min < 1 || max < min {
            return Err(invalid(format!("MinCount ({min}) must be at least 1 and no more than MaxCount ({max}).")));
        }
        if max > 20 {
            return Err(AwsError::client(
                "InstanceLimitExceeded",
                "You have requested more instances (".to_string()
                    + &max.to_string()
                    + ") than your current instance limit of 20 allows for the specified instance type.",
            ));
        }
        let lt = input.at("LaunchTemplate");
        let mut data = match lt.str("LaunchTemplateId")?.or(lt.str("LaunchTemplateName")?) {
            Some(reference) => {
                let template = self.compute.launch_template(reference).ok_or_else(not_found_template)?;
                self.compute.template_data(template, lt.str("Version")?).map_err(invalid)?
            }
            None => json!({}),
        };
        let own = template_data(&input)?;
        for (k, v) in own.as_object().into_iter().flatten() {
            data[k] = v.clone();
        }
        let tags = tag_specs(&input, "instance")?;
        let spec = self.launch_spec(region, &data, input.str("SubnetId")?, None, tags)?;
        let ids: Vec<String> = (0..max).map(|_| self.compute.launch(region, &spec)).collect();
        let instances: Vec<Value> = ids.iter().filter_map(|id| self.compute.instance(id)).map(Instance::json).collect();
        Ok(json!({"reservationId": format!("r-{}", util::hex_id(17)), "ownerId": ACCOUNT_ID, "groupSet": [], "instancesSet": instances}))
    }
}
