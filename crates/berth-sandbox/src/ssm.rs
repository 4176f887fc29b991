//! SSM Parameter Store, as far as ECS capacity needs it: the public parameters that name
//! the ECS-optimized Amazon Linux 2023 AMI for each architecture (a JSON document, and
//! each of its keys as a sub-parameter), over JSON 1.1 (`AmazonSSM.GetParameter`).

use serde_json::{json, Value};

use crate::compute::ecs_ami;
use crate::error::AwsError;
use crate::protocol::Request;
use crate::util::{self, Input};

const AL2023: &str = "/aws/service/ecs/optimized-ami/amazon-linux-2023";
const AGENT_VERSION: &str = "1.102.0";
const IMAGE_VERSION: &str = "2023.0.20261120";

fn invalid(message: String) -> AwsError {
    AwsError::client("ValidationException", message)
}

/// The recommended image's document for an architecture, as the parameter holds it.
fn recommended(region: &str, arch: &str) -> Value {
    let image = ecs_ami(region, arch);
    let name = format!("al2023-ami-ecs-hvm-{IMAGE_VERSION}-kernel-6.1-{arch}");
    json!({
        "ecs_agent_version": AGENT_VERSION,
        "ecs_runtime_version": "Docker version 25.0.14",
        "image_id": image,
        "image_name": name,
        "image_version": IMAGE_VERSION,
        "os": "Amazon Linux 2023",
        "schema_version": 1,
        "source_image_name": format!("al2023-ami-minimal-{IMAGE_VERSION}-kernel-6.1-{arch}"),
    })
}

/// The value of a public parameter, if the sandbox knows it.
fn value(region: &str, name: &str) -> Option<String> {
    let rest = name.strip_prefix(AL2023)?;
    let (arch, rest) = match rest.strip_prefix("/arm64") {
        Some(r) => ("arm64", r),
        None => ("x86_64", rest),
    };
    let rest = rest.strip_prefix("/recommended")?;
    let doc = recommended(region, arch);
    match rest {
        "" => Some(doc.to_string()),
        sub => {
            let v = &doc[sub.strip_prefix('/')?];
            match v {
                Value::String(s) => Some(s.clone()),
                Value::Null => None,
                other => Some(other.to_string()),
            }
        }
    }
}

fn parameter(region: &str, name: &str) -> Option<Value> {
    let v = value(region, name)?;
    Some(json!({
        "Name": name,
        "Type": "String",
        "Value": v,
        "Version": 112,
        "LastModifiedDate": util::parse_time("2026-11-20T00:00:00Z").unwrap_or(0.0),
        "ARN": format!("arn:aws:ssm:{region}::parameter{name}"),
        "DataType": "text",
    }))
}

fn check_name(name: &str) -> Result<(), AwsError> {
    if name.is_empty() || name.len() > 2048 {
        return Err(invalid(format!("Parameter name '{name}' must be 1-2048 characters long.")));
    }
    Ok(())
}

pub fn dispatch(req: &Request) -> Result<Value, AwsError> {
    let input = Input::new(&req.input, invalid);
    let region = req.region.as_str();
    match req.operation.as_str() {
        "GetParameter" => {
            let name = input.req_str("Name")?;
            check_name(name)?;
            let p = parameter(region, name).ok_or_else(|| AwsError::client("ParameterNotFound", format!("Parameter {name} not found.")))?;
            Ok(json!({"Parameter": p}))
        }
        "GetParameters" => {
            let names = input.str_list("Names")?;
            if names.is_empty() || names.len() > 10 {
                return Err(invalid("Names must list 1 to 10 parameters.".into()));
            }
            let (mut found, mut missing) = (vec![], vec![]);
            for n in names {
                check_name(n)?;
                match parameter(region, n) {
                    Some(p) => found.push(p),
                    None => missing.push(json!(n)),
                }
            }
            Ok(json!({"Parameters": found, "InvalidParameters": missing}))
        }
        other => Err(AwsError::client("InvalidAction", format!("The sandbox's SSM does not support {other}."))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_image_id_sub_parameter_matches_the_document() {
        let doc: Value = serde_json::from_str(&value("eu-west-1", &format!("{AL2023}/arm64/recommended")).unwrap()).unwrap();
        assert_eq!(value("eu-west-1", &format!("{AL2023}/arm64/recommended/image_id")).unwrap(), doc["image_id"]);
        assert_ne!(
            value("eu-west-1", &format!("{AL2023}/recommended/image_id")),
            value("eu-west-1", &format!("{AL2023}/arm64/recommended/image_id"))
        );
        assert!(value("eu-west-1", "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/nope").is_none());
    }
}
