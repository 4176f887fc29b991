//! Environments: discovery from AWS config files, persistence, and "Test connection"
//! against a real moto server.

use crate::common;

use std::sync::Arc;

use berth_core::environments::{EnvironmentKind, EnvironmentUpdate, Environments, ProfileCredentials, ProfileSource};
use berth_core::secrets::Keyring;
use berth_core::settings::SettingsStore;
use common::Moto;

const CONFIG: &str = "\
[default]
region = eu-west-1

[profile sso-dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Dev
region = eu-central-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[profile deployer]
role_arn = arn:aws:iam::111122223333:role/deployer
source_profile = default

[profile tool]
credential_process = /usr/local/bin/creds

[profile berth-sandbox]
credential_process = /usr/bin/berth sandbox-credentials
region = us-east-1
";

const CREDENTIALS: &str = "\
[default]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
";

fn open(dir: &std::path::Path, vars: &[(&str, &str)]) -> Environments {
    Environments::open(SettingsStore::new(dir), Arc::new(Keyring), ProfileSource::fixed(CONFIG, CREDENTIALS, vars), None).unwrap()
}

#[tokio::test]
async fn profiles_are_discovered_with_their_credential_kind_and_region() {
    let dir = tempfile::tempdir().unwrap();
    let envs = open(dir.path(), &[]);
    let all = envs.list().await;
    let kinds: Vec<_> = all
        .iter()
        .map(|e| match &e.kind {
            EnvironmentKind::Profile { profile, credentials } => (profile.as_str(), *credentials, e.region.as_str()),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("default", ProfileCredentials::StaticKeys, "eu-west-1"),
            ("deployer", ProfileCredentials::AssumeRole, "us-east-1"),
            ("sso-dev", ProfileCredentials::Sso, "eu-central-1"),
            ("tool", ProfileCredentials::Process, "us-east-1"),
        ]
    );
    // The sandbox's own CLI profile (Settings writes it) is the local environment already,
    // so it is not listed again.
    assert!(all.iter().all(|e| e.name != "berth-sandbox"));
    // With no choice made, the default profile is active.
    assert_eq!(envs.active().await.unwrap().id, "profile:default");
}

#[tokio::test]
async fn env_var_credentials_appear_as_an_environment() {
    let dir = tempfile::tempdir().unwrap();
    let envs = open(dir.path(), &[("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"), ("AWS_REGION", "ap-south-1")]);
    let env = envs.get("env-vars").await.unwrap();
    assert_eq!(env.kind, EnvironmentKind::EnvVars);
    assert_eq!(env.region, "ap-south-1");
}

#[tokio::test]
async fn region_and_endpoint_overrides_persist_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    {
        let envs = open(dir.path(), &[]);
        envs.update(
            "profile:sso-dev",
            EnvironmentUpdate { region: Some("us-west-2".into()), endpoint_url: Some("http://127.0.0.1:4566".into()), name: None },
        )
        .await
        .unwrap();
        envs.set_active("profile:sso-dev").await.unwrap();
    }
    let envs = open(dir.path(), &[]);
    let active = envs.active().await.unwrap();
    assert_eq!(active.id, "profile:sso-dev");
    assert_eq!(active.region, "us-west-2");
    assert_eq!(active.endpoint_url.as_deref(), Some("http://127.0.0.1:4566"));

    let err = envs.update("profile:sso-dev", EnvironmentUpdate { region: Some("Mars".into()), ..Default::default() }).await.unwrap_err();
    assert_eq!(err.field(), Some("region"));
    let err = envs
        .update("profile:sso-dev", EnvironmentUpdate { endpoint_url: Some("localhost:4566".into()), ..Default::default() })
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("endpointUrl"));
    // A refused change leaves what was saved untouched.
    assert_eq!(open(dir.path(), &[]).active().await.unwrap().region, "us-west-2");
}

#[tokio::test]
async fn corrupt_settings_are_reported_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("settings.json"), "{\"activeEnvironment\": 42").unwrap();
    let envs = open(dir.path(), &[]);
    let aside = envs.set_aside().expect("the unreadable file is reported").clone();
    assert!(aside.exists());
    assert_eq!(envs.list().await.len(), 4, "Berth still works on the profiles");
}

#[tokio::test]
async fn test_connection_shows_the_account_and_arn() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let console = moto.console(dir.path());
    let identity = console.test_connection("local").await.unwrap();
    assert_eq!(identity.checked_with, "sts");
    assert_eq!(identity.account.as_deref(), Some("123456789012"));
    assert!(identity.arn.unwrap().starts_with("arn:aws:"));
}

#[tokio::test]
async fn unreachable_endpoint_is_a_network_error_with_a_hint() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let envs = Environments::open(
        SettingsStore::new(dir.path()),
        Arc::new(Keyring),
        ProfileSource::fixed("", "", &[]),
        Some(berth_core::environments::LocalEndpoint {
            name: "gone".into(),
            url: format!("http://127.0.0.1:{port}"),
            sandbox: false,
            keys: None,
        }),
    )
    .unwrap();
    let console = berth_core::Console::new(envs);
    let err = console.test_connection("local").await.unwrap_err();
    assert_eq!(err.code(), "NetworkError", "{err:?}");
    assert!(err.hint().unwrap().contains("endpoint URL"));
}
