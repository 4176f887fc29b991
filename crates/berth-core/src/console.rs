//! The console session: the environments and the AWS clients of the active one, built
//! once per environment and region and rebuilt when the user switches.

use std::sync::Arc;

use tokio::sync::RwLock;

use crate::clusters::{self, Cluster, NewCluster};
use crate::connection::{self, Identity};
use crate::environments::{Environment, EnvironmentUpdate, Environments, NewAccessKeysEnvironment};
use crate::error::{CoreError, Result};

#[derive(Clone)]
pub struct Clients {
    pub ecs: aws_sdk_ecs::Client,
    pub sts: aws_sdk_sts::Client,
    pub ecr: aws_sdk_ecr::Client,
    pub ec2: aws_sdk_ec2::Client,
    pub logs: aws_sdk_cloudwatchlogs::Client,
    pub elb: aws_sdk_elasticloadbalancingv2::Client,
    pub autoscaling: aws_sdk_applicationautoscaling::Client,
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    pub iam: aws_sdk_iam::Client,
    /// EC2 Auto Scaling (groups of instances); `autoscaling` is Application Auto Scaling.
    pub asg: aws_sdk_autoscaling::Client,
    pub ssm: aws_sdk_ssm::Client,
    /// The region and custom endpoint the clients were built for.
    pub region: String,
    pub endpoint_url: Option<String>,
    /// The named AWS profile behind the credentials, for CLI equivalents that must run as
    /// shown in a terminal with the same profile.
    pub profile: Option<String>,
}

impl Clients {
    pub fn new(config: &aws_config::SdkConfig) -> Self {
        Self {
            ecs: aws_sdk_ecs::Client::new(config),
            sts: aws_sdk_sts::Client::new(config),
            ecr: aws_sdk_ecr::Client::new(config),
            ec2: aws_sdk_ec2::Client::new(config),
            logs: aws_sdk_cloudwatchlogs::Client::new(config),
            elb: aws_sdk_elasticloadbalancingv2::Client::new(config),
            autoscaling: aws_sdk_applicationautoscaling::Client::new(config),
            cloudwatch: aws_sdk_cloudwatch::Client::new(config),
            iam: aws_sdk_iam::Client::new(config),
            asg: aws_sdk_autoscaling::Client::new(config),
            ssm: aws_sdk_ssm::Client::new(config),
            region: config.region().map(|r| r.to_string()).unwrap_or_default(),
            endpoint_url: config.endpoint_url().map(str::to_string),
            profile: None,
        }
    }

    /// What every AWS CLI equivalent appends so it reaches what these clients reach:
    /// ` --region R`, then ` --profile P` for a named profile and ` --endpoint-url U` for a
    /// custom endpoint.
    pub fn cli_target(&self) -> String {
        let mut tail = format!(" --region {}", self.region);
        if let Some(p) = &self.profile {
            tail += &format!(" --profile {}", crate::plan::quote(p));
        }
        if let Some(u) = &self.endpoint_url {
            tail += &format!(" --endpoint-url {u}");
        }
        tail
    }
}

pub struct Console {
    environments: Environments,
    active: RwLock<Option<(Environment, Clients)>>,
}

impl Console {
    pub fn new(environments: Environments) -> Arc<Self> {
        Arc::new(Self { environments, active: RwLock::new(None) })
    }

    pub fn environments(&self) -> &Environments {
        &self.environments
    }

    pub async fn active_environment(&self) -> Result<Environment> {
        self.environments.active().await.ok_or(CoreError::NoActiveEnvironment)
    }

    /// Clients for the active environment; rebuilt whenever the environment, its region or
    /// its endpoint changed since the last call.
    pub async fn clients(&self) -> Result<Clients> {
        let env = self.active_environment().await?;
        if let Some((cached, clients)) = &*self.active.read().await {
            if *cached == env {
                return Ok(clients.clone());
            }
        }
        let mut clients = Clients::new(&self.environments.sdk_config(&env).await?);
        match &env.kind {
            crate::environments::EnvironmentKind::Profile { profile, .. } => clients.profile = Some(profile.clone()),
            // A signing sandbox is reached from a terminal through the profile whose
            // credential process asks Berth for the keys (Settings writes it).
            crate::environments::EnvironmentKind::Sandbox if self.environments.local_keys().is_some() => {
                clients.profile = Some(crate::sandbox::CLI_PROFILE.to_string())
            }
            _ => {}
        }
        *self.active.write().await = Some((env, clients.clone()));
        Ok(clients)
    }

    pub async fn switch_environment(&self, id: &str) -> Result<Environment> {
        self.environments.set_active(id).await
    }

    pub async fn update_environment(&self, id: &str, change: EnvironmentUpdate) -> Result<Environment> {
        self.environments.update(id, change).await
    }

    pub async fn add_access_keys(&self, input: NewAccessKeysEnvironment) -> Result<Environment> {
        self.environments.add_access_keys(input).await
    }

    /// `confirm` is what the user typed: the environment's name.
    pub async fn remove_environment(&self, id: &str, confirm: &str) -> Result<()> {
        let env = self.environments.get(id).await?;
        crate::confirmation::require(&env.name, confirm)?;
        self.environments.remove(id).await
    }

    /// Tests any environment, not only the active one, so a user can check before switching.
    pub async fn test_connection(&self, id: &str) -> Result<Identity> {
        let env = self.environments.get(id).await?;
        let clients = Clients::new(&self.environments.sdk_config(&env).await?);
        connection::test(&clients.sts, &clients.ecs).await
    }

    pub async fn list_clusters(&self) -> Result<Vec<Cluster>> {
        clusters::list(&self.clients().await?.ecs).await
    }

    pub async fn describe_cluster(&self, name: &str) -> Result<Cluster> {
        clusters::describe(&self.clients().await?.ecs, name).await
    }

    pub async fn create_cluster(&self, input: NewCluster) -> Result<Cluster> {
        input.validate()?;
        clusters::create(&self.clients().await?.ecs, &input).await
    }

    /// `confirm` is what the user typed: the cluster's name.
    pub async fn delete_cluster(&self, name: &str, confirm: &str) -> Result<Cluster> {
        crate::confirmation::require(name, confirm)?;
        clusters::delete(&self.clients().await?.ecs, name).await
    }
}
