//! The sandbox's traffic and sample-image controls, against a real sandbox in-process.

use std::net::{Ipv4Addr, SocketAddr};

use aws_config::{BehaviorVersion, Region};
use aws_sdk_ecs::types as ecs_t;
use berth_core::sandbox;
use berth_core::CoreError;
use berth_sandbox::{Options, Sandbox};

async fn sdk(url: &str) -> aws_config::SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(url)
        .credentials_provider(aws_sdk_ecs::config::Credentials::new("AKID", "secret", None, None, "test"))
        .load()
        .await
}

#[tokio::test]
async fn traffic_is_set_per_service_and_checked_first() {
    let sandbox =
        Sandbox::start_with(Options { speed: 20.0, ..Options::new(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), None) }).await.unwrap();
    let url = sandbox.url();
    let ecs = aws_sdk_ecs::Client::new(&sdk(&url).await);
    ecs.create_cluster().cluster_name("demo").send().await.unwrap();
    ecs.register_task_definition()
        .family("web")
        .network_mode(ecs_t::NetworkMode::Bridge)
        .container_definitions(ecs_t::ContainerDefinition::builder().name("web").image("nginx").memory(128).build())
        .send()
        .await
        .unwrap();
    ecs.create_service().cluster("demo").service_name("front").task_definition("web").desired_count(0).send().await.unwrap();

    let before = sandbox::describe_simulation(&url, "us-east-1").await.unwrap();
    assert_eq!(before.speed, 20.0);
    assert_eq!(before.services.len(), 1);
    assert_eq!(
        (before.services[0].cluster.as_str(), before.services[0].service.as_str(), before.services[0].requests_per_second),
        ("demo", "front", 0.0)
    );

    sandbox::set_traffic(&url, "us-east-1", "demo", "front", 250.0).await.unwrap();
    let after = sandbox::describe_simulation(&url, "us-east-1").await.unwrap();
    assert_eq!(after.services[0].requests_per_second, 250.0);

    let bad = sandbox::set_traffic(&url, "us-east-1", "demo", "front", -1.0).await.unwrap_err();
    assert_eq!(bad.field(), Some("requestsPerSecond"));
    let missing = sandbox::set_traffic(&url, "us-east-1", "demo", "ghost", 5.0).await.unwrap_err();
    assert!(matches!(&missing, CoreError::Aws { code, .. } if code == "ServiceNotFoundException"), "{missing:?}");
    // Other regions have their own services.
    assert!(sandbox::describe_simulation(&url, "eu-west-1").await.unwrap().services.is_empty());
}

#[tokio::test]
async fn a_sample_image_lands_in_the_repository() {
    let sandbox = Sandbox::start(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await.unwrap();
    let url = sandbox.url();
    let missing = sandbox::push_sample_image(&url, "us-east-1", "my-app-repo", "v1").await.unwrap_err();
    assert!(matches!(&missing, CoreError::Aws { code, .. } if code == "RepositoryNotFoundException"), "{missing:?}");
    let ecr = aws_sdk_ecr::Client::new(&sdk(&url).await);
    ecr.create_repository().repository_name("my-app-repo").send().await.unwrap();
    let bad_tag = sandbox::push_sample_image(&url, "us-east-1", "my-app-repo", "-bad").await.unwrap_err();
    assert_eq!(bad_tag.field(), Some("imageTag"));
    let pushed = sandbox::push_sample_image(&url, "us-east-1", "my-app-repo", "v1").await.unwrap();
    assert!(pushed.image_digest.starts_with("sha256:"));
    let images = ecr.list_images().repository_name("my-app-repo").send().await.unwrap();
    assert_eq!(images.image_ids()[0].image_tag(), Some("v1"));
    assert_eq!(images.image_ids()[0].image_digest(), Some(pushed.image_digest.as_str()));
}

/// The embedded sandbox signs: Berth's clients and controls carry the installation's key
/// pair, and a caller without it (or with another) is refused.
#[tokio::test]
async fn a_signing_sandbox_answers_only_its_key_pair() {
    let keys = sandbox::new_keys();
    let pair = berth_sandbox::KeyPair { access_key_id: keys.access_key_id.clone(), secret_access_key: keys.secret_access_key.clone() };
    let options = Options { keys: Some(pair), loopback_host_only: true, ..Options::new(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), None) };
    let sandbox = Sandbox::start_with(options).await.unwrap();
    let url = sandbox.url();
    let dir = tempfile::tempdir().unwrap();
    let envs = berth_core::environments::Environments::open(
        berth_core::settings::SettingsStore::new(dir.path()),
        std::sync::Arc::new(berth_core::secrets::Keyring),
        berth_core::environments::ProfileSource::fixed("", "", &[]),
        Some(berth_core::environments::LocalEndpoint {
            name: "Local sandbox".into(),
            url: url.clone(),
            sandbox: true,
            keys: Some(keys.clone()),
        }),
    )
    .unwrap();
    let console = berth_core::Console::new(envs);
    let clients = console.clients().await.unwrap();
    clients.ecs.create_cluster().cluster_name("signed").send().await.unwrap();
    assert!(clients.cli_target().contains(" --profile berth-sandbox"), "{}", clients.cli_target());

    let signed = sandbox::Endpoint { url: &url, keys: Some(&keys) };
    assert!(sandbox::describe_simulation(signed, "us-east-1").await.unwrap().services.is_empty());
    let unsigned = sandbox::describe_simulation(&url, "us-east-1").await.unwrap_err();
    assert!(
        matches!(&unsigned, CoreError::Aws { code, .. } if ["IncompleteSignatureException", "InvalidSignatureException", "UnrecognizedClientException"].contains(&code.as_str())),
        "{unsigned:?}"
    );
    let other = sandbox::new_keys();
    let wrong = sandbox::describe_simulation(sandbox::Endpoint { url: &url, keys: Some(&other) }, "us-east-1").await.unwrap_err();
    assert!(matches!(&wrong, CoreError::Aws { code, .. } if code == "UnrecognizedClientException"), "{wrong:?}");
    let foreign = aws_sdk_ecs::Client::new(&sdk(&url).await).list_clusters().send().await.unwrap_err();
    assert!(format!("{:?}", foreign.into_service_error()).contains("UnrecognizedClient"));
}
