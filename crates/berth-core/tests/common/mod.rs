//! Test harness: a real moto server on a free loopback port, stopped when dropped.

#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use berth_core::environments::{Environments, LocalEndpoint, ProfileSource};
use berth_core::scaling::{AutoScaling, ScalingMetric};
use berth_core::secrets::Keyring;
use berth_core::service_plan::{LoadBalancing, NewService, TargetType};
use berth_core::services::DeploymentSettings;
use berth_core::settings::SettingsStore;
use berth_core::tasks::AwsVpc;
use berth_core::{network, Clients, Console};

pub struct Moto {
    child: Child,
    pub url: String,
}

impl Moto {
    pub fn start() -> Moto {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let bin = std::env::var("BERTH_MOTO_SERVER").unwrap_or_else(|_| "moto_server".into());
        let child = Command::new(&bin)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            // AWS's managed policies exist in every account; moto loads them only when asked.
            .env("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {bin} (pip install 'moto[server]'): {e}"));
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "moto_server did not listen on {port} within 30 s");
            std::thread::sleep(Duration::from_millis(100));
        }
        Moto { child, url: format!("http://127.0.0.1:{port}") }
    }

    /// A console whose only environment is this moto server, with its settings in `dir`.
    pub fn console(&self, dir: &std::path::Path) -> Arc<Console> {
        let envs = Environments::open(
            SettingsStore::new(dir),
            Arc::new(Keyring),
            ProfileSource::fixed("", "", &[]),
            Some(LocalEndpoint { name: "moto".into(), url: self.url.clone(), sandbox: false, keys: None }),
        )
        .unwrap();
        Console::new(envs)
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A console whose only environment is Berth's sandbox at `url`, with its settings in `dir`.
pub fn sandbox_console(dir: &std::path::Path, url: String) -> Arc<Console> {
    let envs = Environments::open(
        SettingsStore::new(dir),
        Arc::new(Keyring),
        ProfileSource::fixed("", "", &[]),
        Some(LocalEndpoint { name: "Local sandbox".into(), url, sandbox: true, keys: None }),
    )
    .unwrap();
    Console::new(envs)
}

/// Berth's sandbox in-process on a free loopback port, its clock `speed` times real time.
pub async fn sandbox_at(speed: f64) -> berth_sandbox::Sandbox {
    let options = berth_sandbox::Options {
        speed,
        ..berth_sandbox::Options::new(std::net::SocketAddr::from((std::net::Ipv4Addr::LOCALHOST, 0)), None)
    };
    berth_sandbox::Sandbox::start_with(options).await.unwrap()
}

/// The walkthrough's kind of service: `name` on Fargate in `cluster`, three tasks of `td`
/// whose container `web` listens on `port`, behind a new internet-facing ALB, scaling on
/// CPU between 1 and 6.
pub async fn fargate_service(clients: &Clients, cluster: &str, name: &str, td: &str, port: i32, token: &str) -> NewService {
    let vpc = network::vpcs(clients).await.unwrap().remove(0);
    let subnets: Vec<String> = network::subnets(clients, &vpc.vpc_id).await.unwrap().into_iter().take(2).map(|s| s.subnet_id).collect();
    let groups: Vec<String> =
        network::security_groups(clients, &vpc.vpc_id).await.unwrap().into_iter().map(|g| g.group_id).take(1).collect();
    NewService {
        cluster: cluster.into(),
        service_name: name.into(),
        task_definition: td.into(),
        launch_type: Some("FARGATE".into()),
        capacity_provider_strategy: vec![],
        desired_count: 3,
        network: Some(AwsVpc { subnets: subnets.clone(), security_groups: groups.clone(), assign_public_ip: true }),
        placement_strategy: vec![],
        placement_constraints: vec![],
        deployment: DeploymentSettings { minimum_healthy_percent: 100, maximum_percent: 200, circuit_breaker: true, rollback: true },
        health_check_grace_period_seconds: Some(30),
        load_balancing: Some(LoadBalancing::New {
            load_balancer_name: format!("{name}-alb"),
            internet_facing: true,
            vpc_id: vpc.vpc_id,
            subnets,
            security_groups: groups,
            target_group_name: format!("{name}-tg"),
            target_type: TargetType::Ip,
            health_check_path: "/".into(),
            container_name: "web".into(),
            container_port: port,
        }),
        auto_scaling: Some(AutoScaling {
            min_capacity: 1,
            max_capacity: 6,
            metric: ScalingMetric::Cpu,
            target_value: 50.0,
            scale_in_cooldown: 60,
            scale_out_cooldown: 60,
            steps: None,
        }),
        strategy: Default::default(),
        tags: vec![],
        client_token: token.into(),
    }
}
