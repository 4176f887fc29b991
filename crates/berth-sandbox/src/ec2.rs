//! EC2, as much as ECS networking needs (compute.rs has instances and their templates): a default VPC with one subnet in each of three
//! availability zones and a default security group; describe VPCs, subnets, security
//! groups and zones; create security groups and authorise ingress. Answers use ec2Query's
//! XML member names (vpcSet, item, …).

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::AwsError;
use crate::protocol::Request;
use crate::table::{Rows, Table};
use crate::util::{self, Input};
use crate::ACCOUNT_ID;

#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Ec2 {
    vpcs: Vec<Value>,
    subnets: Vec<Value>,
    /// By group id.
    security_groups: Table<Value>,
    region: String,
    pub compute: crate::compute::Compute,
}

impl Ec2 {
    pub fn children(&mut self) -> Vec<(&'static str, &mut dyn Rows)> {
        let mut all: Vec<(&'static str, &mut dyn Rows)> = vec![("ec2.security_groups", &mut self.security_groups)];
        all.extend(self.compute.children());
        all
    }
}

fn invalid(message: String) -> AwsError {
    AwsError::client("InvalidParameterValue", message)
}

fn missing(field: &str) -> AwsError {
    AwsError::client("MissingParameter", format!("The request must contain the parameter {field}"))
}

/// `Filter.N.Name` / `Filter.N.Value.M` pairs, matched against a resource's fields.
fn filters(input: &Input<'_>) -> Result<Vec<(String, Vec<String>)>, AwsError> {
    input
        .list("Filter")?
        .into_iter()
        .map(|f| Ok((f.req_str("Name")?.to_string(), f.str_list("Value")?.into_iter().map(String::from).collect())))
        .collect()
}

fn matches(
    resource: &Value,
    filters: &[(String, Vec<String>)],
    field_for: impl Fn(&str) -> Option<&'static str>,
) -> Result<bool, AwsError> {
    for (name, values) in filters {
        let field = if let Some(key) = name.strip_prefix("tag:") {
            let tag = resource["tagSet"].as_array().and_then(|t| t.iter().find(|t| t["key"] == key)).map(|t| t["value"].clone());
            match tag {
                Some(Value::String(v)) if values.contains(&v) => continue,
                _ => return Ok(false),
            }
        } else {
            field_for(name).ok_or_else(|| invalid(format!("The filter '{name}' is invalid")))?
        };
        let actual = match &resource[field] {
            Value::String(s) => s.clone(),
            Value::Bool(b) => b.to_string(),
            other => other.to_string(),
        };
        if !values.contains(&actual) {
            return Ok(false);
        }
    }
    Ok(true)
}

impl Ec2 {
    /// Creates the default VPC, subnets and security group the first time a region is used.
    pub fn ensure_defaults(&mut self, region: &str) {
        if !self.vpcs.is_empty() {
            return;
        }
        self.region = region.to_string();
        let vpc_id = format!("vpc-{}", util::hex_id(17));
        self.vpcs.push(json!({
            "vpcId": vpc_id,
            "ownerId": ACCOUNT_ID,
            "state": "available",
            "cidrBlock": "172.31.0.0/16",
            "cidrBlockAssociationSet": [{"cidrBlock": "172.31.0.0/16", "associationId": format!("vpc-cidr-assoc-{}", util::hex_id(17)), "cidrBlockState": {"state": "associated"}}],
            "dhcpOptionsId": format!("dopt-{}", util::hex_id(17)),
            "instanceTenancy": "default",
            "isDefault": true,
        }));
        for (i, zone) in ["a", "b", "c"].iter().enumerate() {
            let id = format!("subnet-{}", util::hex_id(17));
            self.subnets.push(json!({
                "subnetId": id,
                "subnetArn": util::arn("ec2", region, &format!("subnet/{id}")),
                "ownerId": ACCOUNT_ID,
                "state": "available",
                "vpcId": vpc_id,
                "cidrBlock": format!("172.31.{}.0/20", i * 16),
                "availableIpAddressCount": 4091,
                "availabilityZone": format!("{region}{zone}"),
                "availabilityZoneId": format!("use1-az{}", i + 1),
                "defaultForAz": true,
                "mapPublicIpOnLaunch": true,
            }));
        }
        let sg = format!("sg-{}", util::hex_id(17));
        self.security_groups.insert(
            sg.clone(),
            json!({
                "ownerId": ACCOUNT_ID,
                "groupId": sg,
                "groupName": "default",
                "groupDescription": "default VPC security group",
                "vpcId": vpc_id,
                "ipPermissions": [{"ipProtocol": "-1", "groups": [{"groupId": sg, "userId": ACCOUNT_ID}], "ipRanges": [], "ipv6Ranges": [], "prefixListIds": []}],
                "ipPermissionsEgress": [{"ipProtocol": "-1", "groups": [], "ipRanges": [{"cidrIp": "0.0.0.0/0"}], "ipv6Ranges": [], "prefixListIds": []}],
                "securityGroupArn": util::arn("ec2", region, &format!("security-group/{sg}")),
            }),
        );
    }

    #[cfg(feature = "bench")]
    pub fn first_subnet(&self) -> Option<String> {
        self.subnets.first().and_then(|s| s["subnetId"].as_str()).map(String::from)
    }

    pub fn subnet(&self, id: &str) -> Option<&Value> {
        self.subnets.iter().find(|s| s["subnetId"] == id)
    }

    /// The default VPC's first subnet, where an instance launched without one goes.
    pub fn default_subnet(&self) -> Option<&Value> {
        self.subnets.iter().find(|s| s["defaultForAz"] == true)
    }

    pub fn security_group(&self, id: &str) -> Option<&Value> {
        self.security_groups.get(id)
    }

    pub fn security_groups_named(&self, name: &str) -> Vec<String> {
        self.security_groups.values().filter(|g| g["groupName"] == name).filter_map(|g| g["groupId"].as_str().map(String::from)).collect()
    }

    pub fn default_vpc(&self) -> Option<&str> {
        self.vpcs.first().and_then(|v| v["vpcId"].as_str())
    }

    fn describe_vpcs(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let ids = input.str_list("VpcId")?;
        let filters = filters(&input)?;
        for id in &ids {
            if !self.vpcs.iter().any(|v| v["vpcId"] == *id) {
                return Err(AwsError::client("InvalidVpcID.NotFound", format!("The vpc ID '{id}' does not exist")));
            }
        }
        let mut out = vec![];
        for v in &self.vpcs {
            let field = |n: &str| match n {
                "vpc-id" => Some("vpcId"),
                "is-default" => Some("isDefault"),
                "state" => Some("state"),
                "cidr" | "cidr-block" => Some("cidrBlock"),
                _ => None,
            };
            if (ids.is_empty() || ids.iter().any(|id| v["vpcId"] == *id)) && matches(v, &filters, field)? {
                out.push(v.clone());
            }
        }
        Ok(json!({"vpcSet": out}))
    }

    fn describe_subnets(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let ids = input.str_list("SubnetId")?;
        let filters = filters(&input)?;
        for id in &ids {
            if self.subnet(id).is_none() {
                return Err(AwsError::client("InvalidSubnetID.NotFound", format!("The subnet ID '{id}' does not exist")));
            }
        }
        let mut out = vec![];
        for s in &self.subnets {
            let field = |n: &str| match n {
                "vpc-id" => Some("vpcId"),
                "subnet-id" => Some("subnetId"),
                "availability-zone" => Some("availabilityZone"),
                "default-for-az" => Some("defaultForAz"),
                "state" => Some("state"),
                _ => None,
            };
            if (ids.is_empty() || ids.iter().any(|id| s["subnetId"] == *id)) && matches(s, &filters, field)? {
                out.push(s.clone());
            }
        }
        Ok(json!({"subnetSet": out}))
    }

    fn describe_security_groups(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let ids = input.str_list("GroupId")?;
        let names = input.str_list("GroupName")?;
        let filters = filters(&input)?;
        for id in &ids {
            if !self.security_groups.contains_key(*id) {
                return Err(AwsError::client("InvalidGroup.NotFound", format!("The security group '{id}' does not exist")));
            }
        }
        for name in &names {
            if !self.security_groups.values().any(|g| g["groupName"] == *name) {
                return Err(AwsError::client(
                    "InvalidGroup.NotFound",
                    format!("The security group '{name}' does not exist in default VPC '{}'", self.default_vpc().unwrap_or_default()),
                ));
            }
        }
        let mut out = vec![];
        for g in self.security_groups.values() {
            let field = |n: &str| match n {
                "vpc-id" => Some("vpcId"),
                "group-id" => Some("groupId"),
                "group-name" => Some("groupName"),
                "description" => Some("groupDescription"),
                _ => None,
            };
            let wanted = (ids.is_empty() || ids.iter().any(|id| g["groupId"] == *id))
                && (names.is_empty() || names.iter().any(|n| g["groupName"] == *n));
            if wanted && matches(g, &filters, field)? {
                out.push(g.clone());
            }
        }
        Ok(json!({"securityGroupInfo": out}))
    }

    fn create_security_group(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = input.str("GroupName")?.ok_or_else(|| missing("GroupName"))?;
        let description = input.str("GroupDescription")?.ok_or_else(|| missing("GroupDescription"))?;
        if name.is_empty() || name.len() > 255 || name.starts_with("sg-") {
            return Err(invalid(format!("Invalid security group name '{name}': 1-255 characters, not starting with sg-.")));
        }
        if description.len() > 255 {
            return Err(invalid("The security group description can be at most 255 characters.".into()));
        }
        let vpc = match input.str("VpcId")? {
            Some(v) => {
                if !self.vpcs.iter().any(|x| x["vpcId"] == v) {
                    return Err(AwsError::client("InvalidVpcID.NotFound", format!("The vpc ID '{v}' does not exist")));
                }
                v.to_string()
            }
            None => self.default_vpc().unwrap_or_default().to_string(),
        };
        if self.security_groups.values().any(|g| g["groupName"] == name && g["vpcId"] == vpc.as_str()) {
            return Err(AwsError::client("InvalidGroup.Duplicate", format!("The security group '{name}' already exists for VPC '{vpc}'")));
        }
        let id = format!("sg-{}", util::hex_id(17));
        let tags: Vec<Value> = input
            .list("TagSpecification")?
            .into_iter()
            .flat_map(|spec| spec.list("Tag").unwrap_or_default())
            .map(|t| json!({"key": t.value["Key"], "value": t.value["Value"]}))
            .collect();
        let arn = util::arn("ec2", &self.region, &format!("security-group/{id}"));
        self.security_groups.insert(
            id.clone(),
            json!({
                "ownerId": ACCOUNT_ID,
                "groupId": id,
                "groupName": name,
                "groupDescription": description,
                "vpcId": vpc,
                "ipPermissions": [],
                "ipPermissionsEgress": [{"ipProtocol": "-1", "groups": [], "ipRanges": [{"cidrIp": "0.0.0.0/0"}], "ipv6Ranges": [], "prefixListIds": []}],
                "tagSet": tags,
                "securityGroupArn": arn,
            }),
        );
        Ok(json!({"groupId": id, "securityGroupArn": arn, "tagSet": tags}))
    }

    fn authorize_ingress(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let id = input.str("GroupId")?.ok_or_else(|| missing("GroupId"))?.to_string();
        let mut rules = vec![];
        let mut permissions = vec![];
        for p in input.list("IpPermissions")? {
            let protocol = p.str("IpProtocol")?.ok_or_else(|| missing("IpPermissions.N.IpProtocol"))?;
            if !matches!(protocol, "tcp" | "udp" | "icmp" | "-1" | "6" | "17" | "1") {
                return Err(invalid(format!("Invalid value '{protocol}' for IP protocol. Unknown protocol.")));
            }
            let (from, to) = (p.int("FromPort")?, p.int("ToPort")?);
            if protocol != "-1" {
                let (Some(f), Some(t)) = (from, to) else { return Err(missing("IpPermissions.N.FromPort/ToPort")) };
                if !(0..=65535).contains(&f) || !(0..=65535).contains(&t) || f > t {
                    return Err(invalid(format!("Invalid port range {f}-{t}: ports are 0-65535 and FromPort must not exceed ToPort.")));
                }
            }
            let ranges: Vec<Value> = p
                .list("IpRanges")?
                .into_iter()
                .map(|r| json!({"cidrIp": r.value["CidrIp"], "description": r.value.get("Description")}))
                .collect();
            for r in &ranges {
                let cidr = r["cidrIp"].as_str().unwrap_or_default();
                let valid = cidr
                    .split_once('/')
                    .is_some_and(|(ip, bits)| ip.parse::<std::net::Ipv4Addr>().is_ok() && bits.parse::<u8>().is_ok_and(|b| b <= 32));
                if !valid {
                    return Err(invalid(format!("CIDR block {cidr} is malformed")));
                }
            }
            let groups: Vec<Value> =
                p.list("Groups")?.into_iter().map(|g| json!({"groupId": g.value["GroupId"], "userId": ACCOUNT_ID})).collect();
            for g in &groups {
                let gid = g["groupId"].as_str().unwrap_or_default();
                if !self.security_groups.contains_key(gid) {
                    return Err(AwsError::client("InvalidGroup.NotFound", format!("The security group '{gid}' does not exist")));
                }
            }
            for r in &ranges {
                rules.push(json!({
                    "securityGroupRuleId": format!("sgr-{}", util::hex_id(17)),
                    "groupId": id, "groupOwnerId": ACCOUNT_ID, "isEgress": false,
                    "ipProtocol": protocol, "fromPort": from.unwrap_or(-1), "toPort": to.unwrap_or(-1), "cidrIpv4": r["cidrIp"],
                }));
            }
            permissions.push(json!({"ipProtocol": protocol, "fromPort": from, "toPort": to, "ipRanges": ranges, "groups": groups, "ipv6Ranges": [], "prefixListIds": []}));
        }
        if permissions.is_empty() {
            return Err(missing("IpPermissions"));
        }
        let group = self
            .security_groups
            .get_mut(&id)
            .ok_or_else(|| AwsError::client("InvalidGroup.NotFound", format!("The security group '{id}' does not exist")))?;
        let existing = group["ipPermissions"].as_array_mut().expect("stored as a list");
        for p in &permissions {
            if existing.iter().any(|e| {
                e["ipProtocol"] == p["ipProtocol"]
                    && e["fromPort"] == p["fromPort"]
                    && e["toPort"] == p["toPort"]
                    && e["ipRanges"] == p["ipRanges"]
            }) {
                return Err(AwsError::client(
                    "InvalidPermission.Duplicate",
                    format!(
                        "the specified rule \"peer: {}, {}, ALLOW\" already exists",
                        p["ipRanges"][0]["cidrIp"].as_str().unwrap_or("group"),
                        p["ipProtocol"].as_str().unwrap_or_default()
                    ),
                ));
            }
        }
        existing.extend(permissions);
        Ok(json!({"return": true, "securityGroupRuleSet": rules}))
    }

    fn describe_availability_zones(&self, region: &str) -> Value {
        let zones: Vec<Value> = ["a", "b", "c"]
            .iter()
            .enumerate()
            .map(|(i, z)| {
                json!({
                    "zoneName": format!("{region}{z}"), "zoneId": format!("use1-az{}", i + 1), "zoneState": "available",
                    "regionName": region, "groupName": region, "networkBorderGroup": region, "zoneType": "availability-zone",
                    "optInStatus": "opt-in-not-required", "messageSet": [],
                })
            })
            .collect();
        json!({"availabilityZoneInfo": zones})
    }
}

pub fn dispatch(ec2: &mut Ec2, req: &Request) -> Result<Value, AwsError> {
    let input = Input::new(&req.input, invalid);
    if let Some(answer) = crate::compute::dispatch(ec2, &req.region, &req.operation, Input::new(&req.input, invalid)) {
        return answer;
    }
    match req.operation.as_str() {
        "DescribeVpcs" => ec2.describe_vpcs(input),
        "DescribeSubnets" => ec2.describe_subnets(input),
        "DescribeSecurityGroups" => ec2.describe_security_groups(input),
        "CreateSecurityGroup" => ec2.create_security_group(input),
        "AuthorizeSecurityGroupIngress" => ec2.authorize_ingress(input),
        "DescribeAvailabilityZones" => Ok(ec2.describe_availability_zones(&req.region)),
        other => Err(AwsError::client("InvalidAction", format!("The action {other} is not valid for this web service."))),
    }
}
