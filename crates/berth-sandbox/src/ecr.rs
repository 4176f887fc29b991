//! ECR: repositories (create, describe, delete with force), images by digest and tag
//! (PutImage, ListImages, DescribeImages, BatchGetImage, BatchDeleteImage),
//! GetAuthorizationToken in AWS's format, and stored lifecycle and repository policies.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::AwsError;
use crate::protocol::Request;
use crate::table::{Persist, Rows, Table};
use crate::util::{self, Input};

#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Ecr {
    /// By repository name.
    repositories: Table<Repository>,
}

impl Ecr {
    pub fn children(&mut self) -> Vec<(&'static str, &mut dyn Rows)> {
        vec![("ecr.repositories", &mut self.repositories)]
    }
}

impl Persist for Repository {
    fn children(&mut self) -> Vec<(&'static str, &mut dyn Rows)> {
        vec![("images", &mut self.images)]
    }
}

impl Persist for Image {}

#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct Repository {
    doc: Value,
    /// By digest.
    images: Table<Image>,
    lifecycle_policy: Option<String>,
    policy: Option<String>,
    tags: Vec<Value>,
}

#[derive(Default, Serialize, Deserialize, Clone)]
#[serde(default)]
struct Image {
    manifest: String,
    media_type: String,
    tags: Vec<String>,
    pushed_at: f64,
    size: u64,
}

fn invalid(message: String) -> AwsError {
    AwsError::client("InvalidParameterException", message)
}

fn repo_not_found(name: &str) -> AwsError {
    AwsError::client(
        "RepositoryNotFoundException",
        format!("The repository with name '{name}' does not exist in the registry with id '{}'", crate::ACCOUNT_ID),
    )
}

/// ECR's name rule: 2–256 characters, lowercase path segments of `[a-z0-9]` runs joined
/// by single `.`, `_` or `-`, segments separated by `/`.
pub fn valid_repository_name(name: &str) -> bool {
    if !(2..=256).contains(&name.len()) {
        return false;
    }
    name.split('/').all(|segment| {
        let bytes = segment.as_bytes();
        !bytes.is_empty()
            && bytes[0].is_ascii_lowercase() | bytes[0].is_ascii_digit()
            && bytes[bytes.len() - 1].is_ascii_lowercase() | bytes[bytes.len() - 1].is_ascii_digit()
            && bytes.windows(2).all(|w| !(matches!(w[0], b'.' | b'_' | b'-') && matches!(w[1], b'.' | b'_' | b'-')))
            && bytes.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'))
    })
}

/// A content digest for a manifest: sha256 as AWS writes it.
fn digest(manifest: &str) -> String {
    format!("sha256:{}", sha256_hex(manifest.as_bytes()))
}

fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    let hash = sha2::Sha256::digest(data);
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

impl Ecr {
    fn repo<'i>(&self, input: &Input<'i>) -> Result<(&'i str, &Repository), AwsError> {
        let name = input.req_str("repositoryName")?;
        self.check_registry(input)?;
        self.repositories.get(name).map(|r| (name, r)).ok_or_else(|| repo_not_found(name))
    }

    fn repo_mut(&mut self, input: &Input<'_>) -> Result<&mut Repository, AwsError> {
        let name = input.req_str("repositoryName")?;
        self.check_registry(input)?;
        self.repositories.get_mut(name).ok_or_else(|| repo_not_found(name))
    }

    fn check_registry(&self, input: &Input<'_>) -> Result<(), AwsError> {
        match input.str("registryId")? {
            Some(id) if id != crate::ACCOUNT_ID => Err(AwsError::client(
                "RepositoryNotFoundException",
                format!("The registry with id '{id}' does not exist or you do not have access to it."),
            )),
            _ => Ok(()),
        }
    }

    fn create_repository(&mut self, region: &str, input: Input<'_>) -> Result<Value, AwsError> {
        let name = input.req_str("repositoryName")?;
        if !valid_repository_name(name) {
            return Err(invalid(format!(
                "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*' and be 2-256 characters' (got '{name}')"
            )));
        }
        if self.repositories.contains_key(name) {
            return Err(AwsError::client(
                "RepositoryAlreadyExistsException",
                format!("The repository with name '{name}' already exists in the registry with id '{}'", crate::ACCOUNT_ID),
            ));
        }
        let mutability = input.str("imageTagMutability")?.unwrap_or("MUTABLE");
        if !matches!(mutability, "MUTABLE" | "IMMUTABLE") {
            return Err(invalid(format!("Invalid imageTagMutability '{mutability}': use MUTABLE or IMMUTABLE.")));
        }
        let scan = input.at("imageScanningConfiguration").bool("scanOnPush")?.unwrap_or(false);
        let encryption = input.at("encryptionConfiguration").str("encryptionType")?.unwrap_or("AES256");
        let tags: Vec<Value> = input.list("tags")?.into_iter().map(|t| json!({"Key": t.value["Key"], "Value": t.value["Value"]})).collect();
        let doc = json!({
            "repositoryArn": util::arn("ecr", region, &format!("repository/{name}")),
            "registryId": crate::ACCOUNT_ID,
            "repositoryName": name,
            "repositoryUri": format!("{}.dkr.ecr.{region}.amazonaws.com/{name}", crate::ACCOUNT_ID),
            "createdAt": util::now(),
            "imageTagMutability": mutability,
            "imageScanningConfiguration": {"scanOnPush": scan},
            "encryptionConfiguration": {"encryptionType": encryption},
        });
        self.repositories.insert(name.to_string(), Repository { doc: doc.clone(), tags, ..Default::default() });
        Ok(json!({"repository": doc}))
    }

    fn describe_repositories(&self, input: Input<'_>) -> Result<Value, AwsError> {
        self.check_registry(&input)?;
        let names = input.str_list("repositoryNames")?;
        let max = input.int("maxResults")?.unwrap_or(100);
        if !(1..=1000).contains(&max) {
            return Err(invalid(format!("maxResults must be between 1 and 1000; got {max}.")));
        }
        if !names.is_empty() {
            let mut out = vec![];
            for n in names {
                out.push(self.repositories.get(n).ok_or_else(|| repo_not_found(n))?.doc.clone());
            }
            return Ok(json!({"repositories": out}));
        }
        let (page, next) = util::page(self.repositories.iter(), |(k, _)| k.as_str(), input.str("nextToken")?, max as usize, invalid)?;
        Ok(json!({"repositories": page.into_iter().map(|(_, r)| r.doc.clone()).collect::<Vec<_>>(), "nextToken": next}))
    }

    fn delete_repository(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let (name, repo) = self.repo(&input)?;
        let force = input.bool("force")?.unwrap_or(false);
        if !repo.images.is_empty() && !force {
            return Err(AwsError::client(
                "RepositoryNotEmptyException",
                format!(
                    "The repository with name '{name}' in registry with id '{}' cannot be deleted because it still contains images",
                    crate::ACCOUNT_ID
                ),
            ));
        }
        let name = name.to_string();
        let repo = self.repositories.remove(&name).ok_or_else(|| repo_not_found(&name))?;
        Ok(json!({"repository": repo.doc}))
    }

    fn image_id(repo: &Repository, id: &Input<'_>) -> Result<Option<String>, AwsError> {
        let digest = id.str("imageDigest")?;
        let tag = id.str("imageTag")?;
        Ok(match (digest, tag) {
            (Some(d), _) => repo.images.contains_key(d).then(|| d.to_string()),
            (None, Some(t)) => repo.images.iter().find(|(_, i)| i.tags.iter().any(|x| x == t)).map(|(d, _)| d.clone()),
            (None, None) => return Err(invalid("An image identifier needs an imageDigest or an imageTag.".into())),
        })
    }

    /// The sandbox's "push sample image": an image with a real-looking Docker v2
    /// manifest (config and four gzip layers with sha256 digests and sizes), as `docker
    /// push` would leave it.
    /// Whether `repository` holds an image by `reference` (a tag, or a digest after `@`),
    /// as a pull would find it.
    pub fn has_image(&self, repository: &str, reference: &str) -> bool {
        let Some(repo) = self.repositories.get(repository) else { return false };
        match reference.strip_prefix('@') {
            Some(digest) => repo.images.get(digest).is_some(),
            None => repo.images.values().any(|i| i.tags.iter().any(|t| t == reference)),
        }
    }

    pub fn push_sample(&mut self, repository: &str, tag: &str) -> Result<Value, AwsError> {
        let layer_sizes = [29_126_484u64, 41_395_218, 1_187, 23_711_960];
        let fake_digest =
            |salt: &str| format!("sha256:{}", sha256_hex(format!("{repository}:{tag}:{salt}:{}", util::hex_id(16)).as_bytes()));
        let layers: Vec<Value> = layer_sizes
            .iter()
            .enumerate()
            .map(|(i, size)| json!({"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": size, "digest": fake_digest(&format!("layer{i}"))}))
            .collect();
        let manifest = json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7_023, "digest": fake_digest("config")},
            "layers": layers,
        });
        let request = json!({"repositoryName": repository, "imageManifest": serde_json::to_string_pretty(&manifest).unwrap_or_default(), "imageTag": tag});
        self.put_image(Input::new(&request, invalid))
    }

    fn put_image(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let manifest = input.req_str("imageManifest")?.to_string();
        if manifest.len() > 4 * 1024 * 1024 {
            return Err(invalid("imageManifest is larger than 4 MiB.".into()));
        }
        let parsed: Value = serde_json::from_str(&manifest).map_err(|_| {
            AwsError::client(
                "InvalidParameterException",
                "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'",
            )
        })?;
        let media_type = input
            .str("imageManifestMediaType")?
            .or(parsed["mediaType"].as_str())
            .unwrap_or("application/vnd.docker.distribution.manifest.v2+json")
            .to_string();
        let tag = input.str("imageTag")?.map(String::from);
        if let Some(t) = &tag {
            if t.is_empty() || t.len() > 300 {
                return Err(invalid("imageTag must be 1-300 characters.".into()));
            }
        }
        let digest = digest(&manifest);
        if let Some(d) = input.str("imageDigest")? {
            if d != digest {
                return Err(AwsError::client("ImageDigestDoesNotMatchException", format!("Invalid parameter at 'imageDigest' failed to satisfy constraint: 'the digest {d} does not match the manifest's digest {digest}'")));
            }
        }
        let name = input.req_str("repositoryName")?.to_string();
        let repo = self.repo_mut(&input)?;
        let immutable = repo.doc["imageTagMutability"] == "IMMUTABLE";
        if let Some(t) = &tag {
            let holder = repo.images.iter().find(|(_, i)| i.tags.contains(t)).map(|(d, _)| d.clone());
            match holder {
                Some(d) if d == digest => {
                    return Err(AwsError::client(
                        "ImageAlreadyExistsException",
                        format!("Image with digest '{digest}' and tag '{t}' already exists in the repository with name '{name}' in registry with id '{}'", crate::ACCOUNT_ID),
                    ))
                }
                Some(_) if immutable => {
                    return Err(AwsError::client(
                        "ImageTagAlreadyExistsException",
                        format!("The image tag '{t}' already exists in the '{name}' repository and cannot be overwritten because the repository is immutable."),
                    ))
                }
                Some(d) => {
                    if let Some(old) = repo.images.get_mut(&d) {
                        old.tags.retain(|x| x != t);
                    }
                }
                None => {}
            }
        }
        let size: u64 =
            parsed["layers"].as_array().map(|l| l.iter().filter_map(|l| l["size"].as_u64()).sum()).unwrap_or(manifest.len() as u64);
        let image = repo.images.entry_or_insert_with(digest.clone(), || Image {
            manifest: manifest.clone(),
            media_type: media_type.clone(),
            tags: vec![],
            pushed_at: util::now(),
            size,
        });
        if let Some(t) = &tag {
            image.tags.push(t.clone());
        }
        Ok(json!({"image": {
            "registryId": crate::ACCOUNT_ID,
            "repositoryName": name,
            "imageId": {"imageDigest": digest, "imageTag": tag},
            "imageManifest": manifest,
            "imageManifestMediaType": media_type,
        }}))
    }

    fn list_images(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let (_, repo) = self.repo(&input)?;
        let tag_status = input.at("filter").str("tagStatus")?.unwrap_or("ANY");
        let max = input.int("maxResults")?.unwrap_or(100).clamp(1, 1000) as usize;
        let mut ids: Vec<(String, Value)> = vec![];
        for (d, image) in &repo.images {
            if image.tags.is_empty() {
                if tag_status != "TAGGED" {
                    ids.push((format!("{d}/"), json!({"imageDigest": d})));
                }
            } else if tag_status != "UNTAGGED" {
                for t in &image.tags {
                    ids.push((format!("{d}/{t}"), json!({"imageDigest": d, "imageTag": t})));
                }
            }
        }
        let (page, next) = util::page(ids, |(k, _)| k.as_str(), input.str("nextToken")?, max, invalid)?;
        Ok(json!({"imageIds": page.into_iter().map(|(_, v)| v).collect::<Vec<_>>(), "nextToken": next}))
    }

    fn image_detail(name: &str, digest: &str, image: &Image) -> Value {
        json!({
            "registryId": crate::ACCOUNT_ID,
            "repositoryName": name,
            "imageDigest": digest,
            "imageTags": image.tags,
            "imageSizeInBytes": image.size,
            "imagePushedAt": image.pushed_at,
            "imageManifestMediaType": image.media_type,
            "artifactMediaType": "application/vnd.docker.container.image.v1+json",
        })
    }

    fn describe_images(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let (name, repo) = self.repo(&input)?;
        let ids = input.list("imageIds")?;
        if !ids.is_empty() {
            let mut out = vec![];
            for id in ids {
                let d = Self::image_id(repo, &id)?.ok_or_else(|| {
                    AwsError::client(
                        "ImageNotFoundException",
                        format!("The image with imageId {} does not exist within the repository with name '{name}' in the registry with id '{}'", id.value, crate::ACCOUNT_ID),
                    )
                })?;
                out.push(Self::image_detail(name, &d, &repo.images[&d]));
            }
            return Ok(json!({"imageDetails": out}));
        }
        let tag_status = input.at("filter").str("tagStatus")?.unwrap_or("ANY");
        let max = input.int("maxResults")?.unwrap_or(100).clamp(1, 1000) as usize;
        let images = repo.images.iter().filter(|(_, i)| match tag_status {
            "TAGGED" => !i.tags.is_empty(),
            "UNTAGGED" => i.tags.is_empty(),
            _ => true,
        });
        let (page, next) = util::page(images, |(d, _)| d.as_str(), input.str("nextToken")?, max, invalid)?;
        Ok(json!({"imageDetails": page.into_iter().map(|(d, i)| Self::image_detail(name, d, i)).collect::<Vec<_>>(), "nextToken": next}))
    }

    fn batch_get_image(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let (name, repo) = self.repo(&input)?;
        let ids = input.list("imageIds")?;
        if ids.is_empty() || ids.len() > 100 {
            return Err(invalid("imageIds must list 1 to 100 images.".into()));
        }
        let (mut images, mut failures) = (vec![], vec![]);
        for id in ids {
            match Self::image_id(repo, &id)? {
                Some(d) => {
                    let image = &repo.images[&d];
                    images.push(json!({
                        "registryId": crate::ACCOUNT_ID, "repositoryName": name,
                        "imageId": {"imageDigest": d, "imageTag": id.value.get("imageTag")},
                        "imageManifest": image.manifest, "imageManifestMediaType": image.media_type,
                    }));
                }
                None => failures.push(json!({"imageId": id.value, "failureCode": if id.has("imageTag") { "ImageTagDoesNotMatchDigest" } else { "ImageNotFound" }, "failureReason": "Requested image not found"})),
            }
        }
        Ok(json!({"images": images, "failures": failures}))
    }

    fn batch_delete_image(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let ids = input.list("imageIds")?;
        if ids.is_empty() || ids.len() > 100 {
            return Err(invalid("imageIds must list 1 to 100 images.".into()));
        }
        let repo = self.repo_mut(&input)?;
        let (mut deleted, mut failures) = (vec![], vec![]);
        for id in ids {
            match Self::image_id(repo, &id)? {
                Some(d) => {
                    if let Some(tag) = id.str("imageTag")?.filter(|_| !id.has("imageDigest")) {
                        // Deleting by tag removes the tag; the image goes with its last tag.
                        let image = repo.images.get_mut(&d).expect("found above");
                        image.tags.retain(|t| t != tag);
                        if image.tags.is_empty() {
                            repo.images.remove(&d);
                        }
                        deleted.push(json!({"imageDigest": d, "imageTag": tag}));
                    } else if let Some(image) = repo.images.remove(&d) {
                        if image.tags.is_empty() {
                            deleted.push(json!({"imageDigest": d}));
                        }
                        for t in image.tags {
                            deleted.push(json!({"imageDigest": d, "imageTag": t}));
                        }
                    }
                }
                None => failures
                    .push(json!({"imageId": id.value, "failureCode": "ImageNotFound", "failureReason": "Requested image not found"})),
            }
        }
        Ok(json!({"imageIds": deleted, "failures": failures}))
    }

    fn get_authorization_token(region: &str) -> Value {
        // Docker logs in as AWS with this password: base64("AWS:<token>"), valid 12 hours.
        let token = util::base64(format!("AWS:sandbox-{}", util::hex_id(48)).as_bytes());
        json!({"authorizationData": [{
            "authorizationToken": token,
            "expiresAt": util::now() + 12.0 * 3600.0,
            "proxyEndpoint": format!("https://{}.dkr.ecr.{region}.amazonaws.com", crate::ACCOUNT_ID),
        }]})
    }

    fn policy_call(&mut self, op: &str, input: Input<'_>) -> Result<Value, AwsError> {
        let name = input.req_str("repositoryName")?.to_string();
        let lifecycle = op.contains("Lifecycle");
        let text = input.str(if lifecycle { "lifecyclePolicyText" } else { "policyText" })?.map(String::from);
        let repo = self.repo_mut(&input)?;
        let slot = if lifecycle { &mut repo.lifecycle_policy } else { &mut repo.policy };
        let (missing_code, missing_message) = if lifecycle {
            (
                "LifecyclePolicyNotFoundException",
                format!(
                    "Lifecycle policy does not exist for the repository with name '{name}' in the registry with id '{}'",
                    crate::ACCOUNT_ID
                ),
            )
        } else {
            (
                "RepositoryPolicyNotFoundException",
                format!(
                    "Repository policy does not exist for the repository with name '{name}' in the registry with id '{}'",
                    crate::ACCOUNT_ID
                ),
            )
        };
        let key = if lifecycle { "lifecyclePolicyText" } else { "policyText" };
        match op {
            "PutLifecyclePolicy" | "SetRepositoryPolicy" => {
                let text = text.ok_or_else(|| invalid(format!("{key} is required.")))?;
                let parsed: Value = serde_json::from_str(&text)
                    .map_err(|_| invalid(format!("Invalid parameter at '{key}': the policy is not valid JSON.")))?;
                if lifecycle && !parsed["rules"].is_array() {
                    return Err(AwsError::client("InvalidParameterException", "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: the policy needs a \"rules\" list'"));
                }
                if !lifecycle && parsed["Statement"].is_null() {
                    return Err(invalid(
                        "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'".into(),
                    ));
                }
                *slot = Some(text.clone());
            }
            "GetLifecyclePolicy" | "GetRepositoryPolicy" => {
                if slot.is_none() {
                    return Err(AwsError::client(missing_code, missing_message));
                }
            }
            _ => {
                if slot.take().is_none() {
                    return Err(AwsError::client(missing_code, missing_message));
                }
                return Ok(json!({"registryId": crate::ACCOUNT_ID, "repositoryName": name, key: text}));
            }
        }
        let text = slot.clone();
        let mut out = json!({"registryId": crate::ACCOUNT_ID, "repositoryName": name, key: text});
        if lifecycle && op == "GetLifecyclePolicy" {
            out["lastEvaluatedAt"] = json!(util::now());
        }
        Ok(out)
    }

    fn tags(&mut self, op: &str, input: Input<'_>) -> Result<Value, AwsError> {
        let arn = input.req_str("resourceArn")?;
        let name = arn
            .split_once(":repository/")
            .map(|(_, n)| n)
            .ok_or_else(|| invalid(format!("Invalid parameter at 'resourceArn': {arn} is not a repository ARN.")))?;
        let repo = self.repositories.get_mut(name).ok_or_else(|| repo_not_found(name))?;
        match op {
            "TagResource" => {
                for t in input.list("tags")? {
                    let key = t.req_str("Key")?;
                    repo.tags.retain(|x| x["Key"] != key);
                    repo.tags.push(json!({"Key": key, "Value": t.str("Value")?.unwrap_or_default()}));
                }
                Ok(json!({}))
            }
            "UntagResource" => {
                let keys = input.str_list("tagKeys")?;
                repo.tags.retain(|t| !keys.iter().any(|k| t["Key"] == *k));
                Ok(json!({}))
            }
            _ => Ok(json!({"tags": repo.tags})),
        }
    }
}

pub fn dispatch(ecr: &mut Ecr, req: &Request) -> Result<Value, AwsError> {
    let input = Input::new(&req.input, invalid);
    let op = req.operation.as_str();
    match op {
        "CreateRepository" => ecr.create_repository(&req.region, input),
        "DescribeRepositories" => ecr.describe_repositories(input),
        "DeleteRepository" => ecr.delete_repository(input),
        "PutImage" => ecr.put_image(input),
        "ListImages" => ecr.list_images(input),
        "DescribeImages" => ecr.describe_images(input),
        "BatchGetImage" => ecr.batch_get_image(input),
        "BatchDeleteImage" => ecr.batch_delete_image(input),
        "GetAuthorizationToken" => Ok(Ecr::get_authorization_token(&req.region)),
        "PutLifecyclePolicy"
        | "GetLifecyclePolicy"
        | "DeleteLifecyclePolicy"
        | "SetRepositoryPolicy"
        | "GetRepositoryPolicy"
        | "DeleteRepositoryPolicy" => ecr.policy_call(op, input),
        "TagResource" | "UntagResource" | "ListTagsForResource" => ecr.tags(op, input),
        other => Err(AwsError::client("UnknownOperationException", format!("Operation {other} is not supported by the sandbox's ECR."))),
    }
}

#[cfg(test)]
mod tests {
    use super::valid_repository_name;

    #[test]
    fn repository_names_follow_ecr() {
        for ok in ["my-app-repo", "team/web", "a1", "x.y_z"] {
            assert!(valid_repository_name(ok), "{ok}");
        }
        for bad in ["A", "Upper", "-lead", "trail-", "a//b", "a--b", "a__b", "a", "sp ace"] {
            assert!(!valid_repository_name(bad), "{bad}");
        }
    }
}
