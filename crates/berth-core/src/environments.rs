//! Environments: where Berth's AWS clients point. Profiles come from the standard AWS
//! config and credentials files (so SSO, assume-role and credential_process work as in the
//! AWS CLI); access-key environments keep their keys in the OS keyring; local environments
//! point at an AWS-compatible endpoint with dummy keys. Only non-secret settings are saved.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_types::os_shim_internal::{Env, Fs};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::secrets::{AccessKeys, SecretStore};
use crate::settings::{Settings, SettingsStore, StoredEnvironment, StoredKind};
use crate::validation::{self, FieldError};

pub const DEFAULT_REGION: &str = "us-east-1";
pub const ENV_VARS_ID: &str = "env-vars";
pub const LOCAL_ID: &str = "local";

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Environment {
    pub id: String,
    pub name: String,
    pub kind: EnvironmentKind,
    pub region: String,
    pub endpoint_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum EnvironmentKind {
    /// `credentials` says how the profile gets them, as the AWS CLI would resolve them.
    Profile {
        profile: String,
        credentials: ProfileCredentials,
    },
    /// `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` (or `AWS_PROFILE`) in Berth's environment.
    EnvVars,
    AccessKeys,
    Local,
    /// Berth's embedded sandbox: an AWS-compatible endpoint inside the app, no account needed.
    Sandbox,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum ProfileCredentials {
    Sso,
    AssumeRole,
    Process,
    StaticKeys,
    WebIdentity,
    /// Nothing in the profile itself: the SDK's default chain decides (e.g. instance role).
    Chain,
}

/// Input for "Add access keys".
#[derive(Clone, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct NewAccessKeysEnvironment {
    pub name: String,
    pub region: String,
    #[serde(default)]
    pub endpoint_url: Option<String>,
    pub keys: AccessKeys,
}

impl std::fmt::Debug for NewAccessKeysEnvironment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewAccessKeysEnvironment")
            .field("name", &self.name)
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field("keys", &self.keys)
            .finish()
    }
}

/// Changes to an environment; `None` leaves a field as it is. An empty endpoint clears it.
#[derive(Debug, Clone, Default, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
// A change or filter names only what it sets; the rest may be left out.
#[ts(optional_fields = nullable)]
pub struct EnvironmentUpdate {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub endpoint_url: Option<String>,
}

/// Where profiles are read from; tests substitute files and variables.
#[derive(Clone)]
pub struct ProfileSource {
    fs: Fs,
    env: Env,
}

impl ProfileSource {
    pub fn real() -> Self {
        Self { fs: Fs::real(), env: Env::real() }
    }

    /// Profiles from in-memory files, with `HOME=/home/berth`.
    pub fn fixed(config: &str, credentials: &str, vars: &[(&str, &str)]) -> Self {
        let mut all = vec![("HOME", "/home/berth")];
        all.extend_from_slice(vars);
        Self {
            fs: Fs::from_slice(&[("/home/berth/.aws/config", config), ("/home/berth/.aws/credentials", credentials)]),
            env: Env::from_slice(&all),
        }
    }
}

/// A built-in local endpoint: the embedded sandbox, or a server named by the environment
/// (BERTH_LOCAL_ENDPOINT) such as moto in tests.
#[derive(Debug, Clone)]
pub struct LocalEndpoint {
    pub name: String,
    pub url: String,
    /// True for Berth's own sandbox, which the UI marks and Settings can reset.
    pub sandbox: bool,
    /// The key pair requests are signed with; `None` where any credentials work (moto).
    pub keys: Option<AccessKeys>,
}

pub struct Environments {
    store: SettingsStore,
    secrets: Arc<dyn SecretStore>,
    profiles: ProfileSource,
    local: Option<LocalEndpoint>,
    settings: Mutex<Settings>,
    set_aside: Option<PathBuf>,
}

impl Environments {
    pub fn open(
        store: SettingsStore,
        secrets: Arc<dyn SecretStore>,
        profiles: ProfileSource,
        local: Option<LocalEndpoint>,
    ) -> Result<Self> {
        let loaded = store.load()?;
        Ok(Self { store, secrets, profiles, local, settings: Mutex::new(loaded.settings), set_aside: loaded.set_aside })
    }

    /// The unreadable settings file found at start-up, kept aside, if there was one.
    pub fn set_aside(&self) -> Option<&PathBuf> {
        self.set_aside.as_ref()
    }

    pub fn config_dir(&self) -> &std::path::Path {
        self.store.dir()
    }

    pub async fn list(&self) -> Vec<Environment> {
        let profiles = self.read_profiles().await;
        let settings = self.settings.lock().unwrap().clone();
        let stored = |id: &str| settings.environments.iter().find(|e| e.id == id);
        let with_overrides = |mut env: Environment| {
            if let Some(s) = stored(&env.id) {
                env.name = s.name.clone();
                env.region = s.region.clone();
                env.endpoint_url = s.endpoint_url.clone();
            }
            env
        };

        let mut out = Vec::new();
        if let Some(local) = &self.local {
            out.push(with_overrides(Environment {
                id: LOCAL_ID.into(),
                name: local.name.clone(),
                kind: if local.sandbox { EnvironmentKind::Sandbox } else { EnvironmentKind::Local },
                region: DEFAULT_REGION.into(),
                endpoint_url: Some(local.url.clone()),
            }));
        }
        if self.profiles.env.get("AWS_ACCESS_KEY_ID").is_ok() {
            out.push(with_overrides(Environment {
                id: ENV_VARS_ID.into(),
                name: "Environment variables".into(),
                kind: EnvironmentKind::EnvVars,
                region: self.profiles.env.get("AWS_REGION").unwrap_or_else(|_| DEFAULT_REGION.into()),
                endpoint_url: None,
            }));
        }
        out.extend(profiles.into_iter().map(with_overrides));
        for s in &settings.environments {
            if matches!(s.kind, StoredKind::AccessKeys | StoredKind::Local) && s.id != LOCAL_ID {
                out.push(Environment {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    kind: match s.kind {
                        StoredKind::AccessKeys => EnvironmentKind::AccessKeys,
                        _ => EnvironmentKind::Local,
                    },
                    region: s.region.clone(),
                    endpoint_url: s.endpoint_url.clone(),
                });
            }
        }
        out
    }

    pub async fn get(&self, id: &str) -> Result<Environment> {
        self.list().await.into_iter().find(|e| e.id == id).ok_or_else(|| CoreError::EnvironmentNotFound(id.into()))
    }

    /// The chosen environment; failing that the default AWS profile, then any profile, and
    /// with no AWS profile at all the local endpoint, so a new user lands on something
    /// that works.
    pub async fn active(&self) -> Option<Environment> {
        let chosen = self.settings.lock().unwrap().active_environment.clone();
        let all = self.list().await;
        chosen
            .and_then(|id| all.iter().find(|e| e.id == id).cloned())
            .or_else(|| all.iter().find(|e| e.id == "profile:default").cloned())
            .or_else(|| all.iter().find(|e| matches!(e.kind, EnvironmentKind::Profile { .. })).cloned())
            .or_else(|| all.iter().find(|e| e.id == LOCAL_ID).cloned())
            .or_else(|| all.into_iter().next())
    }

    pub async fn set_active(&self, id: &str) -> Result<Environment> {
        let env = self.get(id).await?;
        self.mutate(|s| s.active_environment = Some(id.to_string()))?;
        Ok(env)
    }

    pub async fn add_access_keys(&self, input: NewAccessKeysEnvironment) -> Result<Environment> {
        if let Some(e) = input.field_errors().into_iter().next() {
            return Err(e.into());
        }
        let name = input.name.trim().to_string();
        let endpoint_url = normalise_endpoint(input.endpoint_url)?;
        let id = format!("keys-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
        let mut keys = input.keys;
        keys.session_token = keys.session_token.filter(|t| !t.trim().is_empty());
        self.secrets.put(&id, &keys)?;
        let stored = StoredEnvironment { id: id.clone(), name, kind: StoredKind::AccessKeys, region: input.region, endpoint_url };
        if let Err(e) = self.mutate(|s| s.environments.push(stored)) {
            // Never leave a secret in the keyring that no environment refers to.
            let _ = self.secrets.delete(&id);
            return Err(e);
        }
        tracing::info!(environment = %id, "access-key environment added");
        self.get(&id).await
    }

    pub async fn update(&self, id: &str, change: EnvironmentUpdate) -> Result<Environment> {
        let current = self.get(id).await?;
        if let Some(e) = change.field_errors().into_iter().next() {
            return Err(e.into());
        }
        let name = change.name.map(|n| n.trim().to_string()).unwrap_or(current.name.clone());
        let region = change.region.unwrap_or(current.region.clone());
        let endpoint_url = match change.endpoint_url {
            Some(url) => normalise_endpoint(Some(url))?,
            None => current.endpoint_url.clone(),
        };
        let kind = match &current.kind {
            EnvironmentKind::Profile { profile, .. } => StoredKind::Profile { profile: profile.clone() },
            EnvironmentKind::AccessKeys => StoredKind::AccessKeys,
            EnvironmentKind::EnvVars | EnvironmentKind::Local | EnvironmentKind::Sandbox => StoredKind::Local,
        };
        let stored = StoredEnvironment { id: id.to_string(), name, kind, region, endpoint_url };
        self.mutate(|s| match s.environments.iter_mut().find(|e| e.id == stored.id) {
            Some(e) => *e = stored,
            None => s.environments.push(stored),
        })?;
        self.get(id).await
    }

    /// Removes an environment made in Berth and its keys; for a profile, forgets Berth's overrides.
    pub async fn remove(&self, id: &str) -> Result<()> {
        let env = self.get(id).await?;
        if env.kind == EnvironmentKind::AccessKeys {
            self.secrets.delete(id)?;
        }
        self.mutate(|s| {
            s.environments.retain(|e| e.id != id);
            if s.active_environment.as_deref() == Some(id) {
                s.active_environment = None;
            }
        })
    }

    /// The key pair the local endpoint's requests are signed with, if it wants one.
    pub fn local_keys(&self) -> Option<&AccessKeys> {
        self.local.as_ref().and_then(|l| l.keys.as_ref())
    }

    pub async fn sdk_config(&self, env: &Environment) -> Result<SdkConfig> {
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(env.region.clone()))
            // Standard mode: exponential backoff with jitter on throttling and transient errors.
            .retry_config(RetryConfig::standard().with_max_attempts(5));
        loader = match &env.kind {
            EnvironmentKind::Profile { profile, .. } => loader.profile_name(profile),
            EnvironmentKind::EnvVars => loader,
            EnvironmentKind::AccessKeys => {
                let secrets = self.secrets.clone();
                let id = env.id.clone();
                let keys = tokio::task::spawn_blocking(move || secrets.get(&id)).await.map_err(|e| CoreError::Keyring(e.to_string()))??;
                loader.credentials_provider(Credentials::new(
                    keys.access_key_id,
                    keys.secret_access_key,
                    keys.session_token,
                    None,
                    "berth-keyring",
                ))
            }
            EnvironmentKind::Local | EnvironmentKind::Sandbox => match self.local.as_ref().and_then(|l| l.keys.as_ref()) {
                Some(keys) => loader.credentials_provider(Credentials::new(
                    keys.access_key_id.clone(),
                    keys.secret_access_key.clone(),
                    None,
                    None,
                    "berth-sandbox",
                )),
                None => loader.credentials_provider(Credentials::new("test", "test", None, None, "berth-local")),
            },
        };
        if let Some(url) = &env.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        Ok(loader.load().await)
    }

    async fn read_profiles(&self) -> Vec<Environment> {
        let set = match aws_config::profile::load(&self.profiles.fs, &self.profiles.env, &EnvConfigFiles::default(), None).await {
            Ok(set) => set,
            Err(e) => {
                tracing::warn!(error = %e, "AWS config files could not be read");
                return Vec::new();
            }
        };
        // The sandbox's own CLI profile reaches what the local environment already is.
        let mut names: Vec<&str> = set.profiles().filter(|n| *n != crate::sandbox::CLI_PROFILE).collect();
        names.sort_by_key(|n| (*n != "default", n.to_string()));
        names
            .into_iter()
            .filter_map(|name| {
                let p = set.get_profile(name)?;
                let credentials = if p.get("sso_session").is_some() || p.get("sso_start_url").is_some() {
                    ProfileCredentials::Sso
                } else if p.get("web_identity_token_file").is_some() {
                    ProfileCredentials::WebIdentity
                } else if p.get("role_arn").is_some() {
                    ProfileCredentials::AssumeRole
                } else if p.get("credential_process").is_some() {
                    ProfileCredentials::Process
                } else if p.get("aws_access_key_id").is_some() {
                    ProfileCredentials::StaticKeys
                } else {
                    ProfileCredentials::Chain
                };
                Some(Environment {
                    id: format!("profile:{name}"),
                    name: name.to_string(),
                    kind: EnvironmentKind::Profile { profile: name.to_string(), credentials },
                    region: p.get("region").unwrap_or(DEFAULT_REGION).to_string(),
                    endpoint_url: p.get("endpoint_url").map(str::to_string),
                })
            })
            .collect()
    }

    fn mutate(&self, f: impl FnOnce(&mut Settings)) -> Result<()> {
        let mut guard = self.settings.lock().unwrap();
        let mut next = guard.clone();
        f(&mut next);
        // Saved first, so memory never claims a change the disk does not have.
        self.store.save(&next)?;
        *guard = next;
        Ok(())
    }
}

impl NewAccessKeysEnvironment {
    /// Every broken rule, one per field, before anything reaches the keyring.
    pub fn field_errors(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        errors.extend(validation::environment_name(&self.name).err());
        errors.extend(validation::region(&self.region).err());
        errors.extend(validation::access_key_id(&self.keys.access_key_id).err());
        if self.keys.secret_access_key.trim().is_empty() {
            errors.push(FieldError::new("secretAccessKey", "is required"));
        }
        if let Some(url) = self.endpoint_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            errors.extend(validation::endpoint_url(url).err());
        }
        errors
    }
}

impl EnvironmentUpdate {
    /// Every broken rule among the fields this change sets.
    pub fn field_errors(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if let Some(n) = &self.name {
            errors.extend(validation::environment_name(n).err());
        }
        if let Some(r) = &self.region {
            errors.extend(validation::region(r).err());
        }
        if let Some(url) = self.endpoint_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            errors.extend(validation::endpoint_url(url).err());
        }
        errors
    }
}

fn normalise_endpoint(url: Option<String>) -> Result<Option<String>> {
    match url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty()) {
        Some(u) => {
            validation::endpoint_url(&u)?;
            Ok(Some(u))
        }
        None => Ok(None),
    }
}
