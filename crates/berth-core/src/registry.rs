//! ECR: repositories, their images, and the commands that push an image to one.

use aws_sdk_ecr::types::{EncryptionConfiguration, EncryptionType, ImageIdentifier, ImageScanningConfiguration, ImageTagMutability};
use futures::{StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::validation::FieldError;
use crate::Clients;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Repository {
    pub repository_name: String,
    pub repository_uri: String,
    pub registry_id: String,
    pub created_at: Option<f64>,
    pub image_tag_mutability: String,
    pub scan_on_push: bool,
    pub encryption_type: String,
    pub kms_key: Option<String>,
    pub image_count: usize,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Image {
    pub image_digest: String,
    pub image_tags: Vec<String>,
    pub pushed_at: Option<f64>,
    pub size_bytes: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct NewRepository {
    pub repository_name: String,
    #[serde(default)]
    pub tag_immutability: bool,
    #[serde(default)]
    pub scan_on_push: bool,
    /// "AES256" (the default) or "KMS".
    #[serde(default)]
    pub encryption_type: Option<String>,
    #[serde(default)]
    pub kms_key: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PushCommand {
    pub title: String,
    pub command: String,
}

pub const REPOSITORY_NAME_RULE: &str =
    "2–256 characters: lowercase letters and digits in runs joined by single '.', '_' or '-', with '/' between path segments (e.g. team/web-app)";

pub fn repository_name(field: &str, name: &str) -> Result<(), FieldError> {
    let len = name.chars().count();
    if !(2..=256).contains(&len) {
        return Err(FieldError::new(field, format!("is {len} characters long; {REPOSITORY_NAME_RULE}")));
    }
    if name.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(FieldError::new(field, format!("must be lowercase; {REPOSITORY_NAME_RULE}")));
    }
    let segment_ok = |seg: &str| {
        let mut prev_sep = true;
        for c in seg.chars() {
            let sep = matches!(c, '.' | '_' | '-');
            if !(sep || c.is_ascii_lowercase() || c.is_ascii_digit()) || (sep && prev_sep) {
                return false;
            }
            prev_sep = sep;
        }
        !prev_sep
    };
    if !name.split('/').all(segment_ok) {
        return Err(FieldError::new(field, REPOSITORY_NAME_RULE));
    }
    Ok(())
}

impl NewRepository {
    pub fn validate(&self) -> Result<(), FieldError> {
        repository_name("repositoryName", &self.repository_name)?;
        match self.encryption_type.as_deref() {
            None | Some("AES256") => Ok(()),
            Some("KMS") => Ok(()),
            Some(other) => Err(FieldError::new("encryptionType", format!("{other:?} is not AES256 or KMS"))),
        }
    }
}

fn repository(r: &aws_sdk_ecr::types::Repository, image_count: usize) -> Repository {
    let encryption = r.encryption_configuration();
    Repository {
        repository_name: r.repository_name().unwrap_or_default().into(),
        repository_uri: r.repository_uri().unwrap_or_default().into(),
        registry_id: r.registry_id().unwrap_or_default().into(),
        created_at: r.created_at().map(|t| t.as_secs_f64()),
        image_tag_mutability: r.image_tag_mutability().map(|m| m.as_str().to_string()).unwrap_or_else(|| "MUTABLE".into()),
        scan_on_push: r.image_scanning_configuration().is_some_and(|s| s.scan_on_push()),
        encryption_type: encryption.map(|e| e.encryption_type().as_str().to_string()).unwrap_or_else(|| "AES256".into()),
        kms_key: encryption.and_then(|e| e.kms_key().map(str::to_string)),
        image_count,
    }
}

/// Every repository with its image count; the counts are fetched concurrently.
pub async fn list(clients: &Clients) -> Result<Vec<Repository>> {
    let repos: Vec<aws_sdk_ecr::types::Repository> = clients
        .ecr
        .describe_repositories()
        .max_results(1000)
        .into_paginator()
        .items()
        .send()
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<_, _>>()
        .map_err(|e| CoreError::from_sdk("DescribeRepositories", e))?;
    let mut out: Vec<Repository> = futures::stream::iter(repos)
        .map(|r| async move {
            let count = image_count(clients, r.repository_name().unwrap_or_default()).await?;
            Ok::<_, CoreError>(repository(&r, count))
        })
        .buffer_unordered(8)
        .try_collect()
        .await?;
    out.sort_by(|a, b| a.repository_name.cmp(&b.repository_name));
    Ok(out)
}

async fn image_count(clients: &Clients, name: &str) -> Result<usize> {
    let mut pages = clients.ecr.list_images().repository_name(name).max_results(1000).into_paginator().send();
    let mut n = 0;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| CoreError::from_sdk("ListImages", e))?;
        // An image with two tags is listed twice; count digests.
        let mut digests: Vec<&str> = page.image_ids().iter().filter_map(|i| i.image_digest()).collect();
        digests.sort();
        digests.dedup();
        n += digests.len();
    }
    Ok(n)
}

pub async fn describe(clients: &Clients, name: &str) -> Result<Repository> {
    repository_name("repositoryName", name)?;
    let out = clients
        .ecr
        .describe_repositories()
        .repository_names(name)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DescribeRepositories", e))?;
    let r = out.repositories().first().ok_or_else(|| CoreError::Aws {
        code: "RepositoryNotFoundException".into(),
        message: format!("The repository with name '{name}' does not exist"),
        operation: "DescribeRepositories",
    })?;
    Ok(repository(r, image_count(clients, name).await?))
}

pub async fn create(clients: &Clients, input: &NewRepository) -> Result<Repository> {
    input.validate()?;
    let kms = input.encryption_type.as_deref() == Some("KMS");
    let mut encryption = EncryptionConfiguration::builder().encryption_type(if kms { EncryptionType::Kms } else { EncryptionType::Aes256 });
    if kms {
        if let Some(key) = input.kms_key.as_deref().filter(|k| !k.is_empty()) {
            encryption = encryption.kms_key(key);
        }
    }
    let out = clients
        .ecr
        .create_repository()
        .repository_name(&input.repository_name)
        .image_tag_mutability(if input.tag_immutability { ImageTagMutability::Immutable } else { ImageTagMutability::Mutable })
        .image_scanning_configuration(ImageScanningConfiguration::builder().scan_on_push(input.scan_on_push).build())
        .encryption_configuration(
            encryption.build().map_err(|e| CoreError::Client { operation: "CreateRepository", detail: e.to_string() })?,
        )
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("CreateRepository", e))?;
    let r = out
        .repository()
        .ok_or_else(|| CoreError::Client { operation: "CreateRepository", detail: "no repository in the answer".into() })?;
    Ok(repository(r, 0))
}

/// `force` deletes the images with the repository; without it ECR refuses a non-empty one.
pub async fn delete(clients: &Clients, name: &str, force: bool) -> Result<()> {
    clients
        .ecr
        .delete_repository()
        .repository_name(name)
        .force(force)
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("DeleteRepository", e))?;
    Ok(())
}

pub async fn images(clients: &Clients, name: &str) -> Result<Vec<Image>> {
    let details: Vec<aws_sdk_ecr::types::ImageDetail> = clients
        .ecr
        .describe_images()
        .repository_name(name)
        .max_results(1000)
        .into_paginator()
        .items()
        .send()
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<_, _>>()
        .map_err(|e| CoreError::from_sdk("DescribeImages", e))?;
    let mut out: Vec<Image> = details
        .iter()
        .map(|d| Image {
            image_digest: d.image_digest().unwrap_or_default().into(),
            image_tags: d.image_tags().to_vec(),
            pushed_at: d.image_pushed_at().map(|t| t.as_secs_f64()),
            size_bytes: d.image_size_in_bytes(),
        })
        .collect();
    out.sort_by(|a, b| b.pushed_at.partial_cmp(&a.pushed_at).unwrap_or(std::cmp::Ordering::Equal));
    Ok(out)
}

/// Deletes images by digest; returns the digests ECR could not delete, with its reason.
pub async fn delete_images(clients: &Clients, name: &str, digests: &[String]) -> Result<Vec<(String, String)>> {
    let ids: Vec<ImageIdentifier> = digests.iter().map(|d| ImageIdentifier::builder().image_digest(d).build()).collect();
    let out = clients
        .ecr
        .batch_delete_image()
        .repository_name(name)
        .set_image_ids(Some(ids))
        .send()
        .await
        .map_err(|e| CoreError::from_sdk("BatchDeleteImage", e))?;
    Ok(out
        .failures()
        .iter()
        .map(|f| {
            let digest = f.image_id().and_then(|i| i.image_digest()).unwrap_or_default().to_string();
            (digest, f.failure_reason().unwrap_or("unknown reason").to_string())
        })
        .collect())
}

/// The walkthrough's push step for this repository: log in, build, tag, push. The login
/// carries the clients' region, profile and endpoint (`Clients::cli_target`), so it talks
/// to the same place Berth does, as the same identity.
pub fn push_commands(repository_uri: &str, clients: &crate::Clients) -> Vec<PushCommand> {
    let registry = repository_uri.split('/').next().unwrap_or(repository_uri);
    let name = repository_uri.split_once('/').map(|(_, n)| n).unwrap_or(repository_uri);
    let local = name.rsplit('/').next().unwrap_or(name);
    let target = clients.cli_target();
    vec![
        PushCommand {
            title: "Log Docker in to the registry".into(),
            command: format!("aws ecr get-login-password{target} | docker login --username AWS --password-stdin {registry}"),
        },
        PushCommand { title: "Build the image".into(), command: format!("docker build -t {local} .") },
        PushCommand { title: "Tag it for the repository".into(), command: format!("docker tag {local}:latest {repository_uri}:latest") },
        PushCommand { title: "Push it".into(), command: format!("docker push {repository_uri}:latest") },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_names_follow_ecr_rules() {
        for ok in ["web", "team/web-app", "a.b_c-d/e1", "ab"] {
            assert!(repository_name("n", ok).is_ok(), "{ok}");
        }
        for bad in ["a", "Web", "web-", "-web", "web--app", "team//web", "web app", "/web"] {
            assert!(repository_name("n", bad).is_err(), "{bad}");
        }
        assert!(repository_name("n", "Web").unwrap_err().rule.contains("lowercase"));
    }

    fn clients(region: &str, endpoint: Option<&str>, profile: Option<&str>) -> crate::Clients {
        let mut config = aws_config::SdkConfig::builder().region(aws_types::region::Region::new(region.to_string()));
        if let Some(e) = endpoint {
            config = config.endpoint_url(e);
        }
        let mut clients = crate::Clients::new(&config.build());
        clients.profile = profile.map(str::to_string);
        clients
    }

    #[test]
    fn push_commands_name_the_registry_and_the_endpoint() {
        let c = push_commands("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web", &clients("eu-west-1", None, None));
        assert_eq!(c[0].command, "aws ecr get-login-password --region eu-west-1 | docker login --username AWS --password-stdin 123456789012.dkr.ecr.eu-west-1.amazonaws.com");
        assert_eq!(c[1].command, "docker build -t web .");
        assert_eq!(c[2].command, "docker tag web:latest 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web:latest");
        assert_eq!(c[3].command, "docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web:latest");
        let s = push_commands("0.dkr.ecr.us-east-1.localhost/web", &clients("us-east-1", Some("http://127.0.0.1:4566"), None));
        assert!(s[0].command.contains("--endpoint-url http://127.0.0.1:4566"));
    }

    /// A named profile's login must run as that profile, or it logs Docker in to whatever
    /// account the terminal's default credentials are.
    #[test]
    fn push_commands_carry_the_named_profile() {
        let c = push_commands("123456789012.dkr.ecr.eu-west-1.amazonaws.com/web", &clients("eu-west-1", None, Some("team-dev")));
        assert!(c[0].command.starts_with("aws ecr get-login-password --region eu-west-1 --profile team-dev |"), "{}", c[0].command);
    }
}
