//! ECS's input rules, as the ECS API reference states them, checked before any call leaves Berth.
//! Each failure names the field and states the rule in words a person can act on.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error, ts_rs::TS)]
#[error("{field}: {rule}")]
pub struct FieldError {
    pub field: String,
    pub rule: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self { field: field.into(), rule: rule.into() }
    }
}

pub const NAME_RULE: &str = "1–255 characters: letters, digits, hyphens (-) and underscores (_)";

/// Names of clusters, services, task-definition families and containers.
pub fn resource_name(field: &str, value: &str) -> Result<(), FieldError> {
    let len = value.chars().count();
    if len == 0 {
        return Err(FieldError::new(field, format!("is required ({NAME_RULE})")));
    }
    if len > 255 {
        return Err(FieldError::new(field, format!("is {len} characters long; the limit is 255")));
    }
    if let Some(bad) = value.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_')) {
        let shown = if bad == ' ' { "a space".to_string() } else { format!("{bad:?}") };
        return Err(FieldError::new(field, format!("contains {shown}; only letters, digits, hyphens (-) and underscores (_) are allowed")));
    }
    Ok(())
}

pub const MAX_TAGS: usize = 50;

/// ECS tag rules: at most 50 tags, keys 1–128 and values 0–256 characters, keys unique,
/// and the `aws:` prefix reserved for AWS. The first broken rule.
pub fn tags(tags: &[(String, String)]) -> Result<(), FieldError> {
    match tag_errors(tags).into_iter().next() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Every broken tag rule, one per field (`tags`, `tags[i].key`, `tags[i].value`), so a
/// form can mark each row.
pub fn tag_errors(tags: &[(String, String)]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if tags.len() > MAX_TAGS {
        errors.push(FieldError::new("tags", format!("has {} tags; ECS allows at most {MAX_TAGS}", tags.len())));
    }
    for (i, (key, value)) in tags.iter().enumerate() {
        let field = format!("tags[{i}].key");
        let klen = key.chars().count();
        if klen == 0 || klen > 128 {
            errors.push(FieldError::new(field, "a tag key must be 1–128 characters"));
        } else if key.to_ascii_lowercase().starts_with("aws:") {
            errors.push(FieldError::new(field, "the aws: prefix is reserved for AWS"));
        } else if tags[..i].iter().any(|(k, _)| k == key) {
            errors.push(FieldError::new(field, format!("the key {key:?} is used twice; tag keys must be unique")));
        }
        if value.chars().count() > 256 {
            errors.push(FieldError::new(format!("tags[{i}].value"), "a tag value must be at most 256 characters"));
        }
    }
    errors
}

/// A name the user gives an environment in Berth.
pub fn environment_name(value: &str) -> Result<(), FieldError> {
    let name = value.trim();
    if name.is_empty() || name.chars().count() > 64 {
        return Err(FieldError::new("name", "required: a name you will recognise, at most 64 characters"));
    }
    Ok(())
}

/// An endpoint URL must be absolute http(s) with a host, or the SDK fails much later with a
/// message that does not name the field.
pub fn endpoint_url(value: &str) -> Result<(), FieldError> {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .ok_or_else(|| FieldError::new("endpointUrl", "must start with http:// or https://"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(FieldError::new("endpointUrl", "must name a host, e.g. http://127.0.0.1:4566"));
    }
    Ok(())
}

pub fn region(value: &str) -> Result<(), FieldError> {
    let ok = !value.is_empty()
        && value.len() <= 32
        && value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && value.split('-').count() >= 3;
    if ok {
        Ok(())
    } else {
        Err(FieldError::new("region", "must be a region code such as us-east-1 or eu-west-2"))
    }
}

pub fn access_key_id(value: &str) -> Result<(), FieldError> {
    let ok = (16..=128).contains(&value.len()) && value.chars().all(|c| c.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err(FieldError::new("accessKeyId", "must be 16–128 letters and digits, e.g. AKIAIOSFODNN7EXAMPLE"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_ecs_rules() {
        assert!(resource_name("clusterName", "my-app_1").is_ok());
        assert!(resource_name("clusterName", &"a".repeat(255)).is_ok());
        let e = resource_name("clusterName", "").unwrap_err();
        assert_eq!(e.field, "clusterName");
        assert!(e.rule.contains("required"));
        assert!(resource_name("clusterName", &"a".repeat(256)).unwrap_err().rule.contains("255"));
        let e = resource_name("clusterName", "my cluster").unwrap_err();
        assert!(e.rule.starts_with("contains a space;"), "{}", e.rule);
        assert!(resource_name("clusterName", "ünïcode").is_err());
    }

    #[test]
    fn tags_follow_ecs_rules() {
        let t = |k: &str, v: &str| (k.to_string(), v.to_string());
        assert!(tags(&[t("team", "payments"), t("env", "")]).is_ok());
        assert_eq!(tags(&[t("", "x")]).unwrap_err().field, "tags[0].key");
        assert!(tags(&[t("aws:x", "y")]).unwrap_err().rule.contains("reserved"));
        assert!(tags(&[t("a", "1"), t("a", "2")]).unwrap_err().rule.contains("twice"));
        assert_eq!(tags(&[t("a", &"v".repeat(257))]).unwrap_err().field, "tags[0].value");
        let many: Vec<_> = (0..51).map(|i| t(&format!("k{i}"), "v")).collect();
        assert!(tags(&many).is_err());
    }

    #[test]
    fn endpoints_and_regions() {
        assert!(endpoint_url("http://127.0.0.1:4566").is_ok());
        assert!(endpoint_url("https://ecs.eu-west-1.amazonaws.com/").is_ok());
        assert!(endpoint_url("127.0.0.1:4566").is_err());
        assert!(endpoint_url("http://").is_err());
        assert!(region("eu-west-1").is_ok());
        assert!(region("us-gov-west-1").is_ok());
        assert!(region("EU-WEST-1").is_err());
        assert!(region("local").is_err());
        assert!(access_key_id("AKIAIOSFODNN7EXAMPLE").is_ok());
        assert!(access_key_id("short").is_err());
    }
}
