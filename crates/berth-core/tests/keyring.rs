//! Access keys through Berth's own code on a real OS keyring (Secret Service under
//! `dbus-run-session` with an unlocked gnome-keyring-daemon; `cargo xtask test` sets it up),
//! then proof that the secret is in no file of the config dir and in no log line.

use crate::common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use berth_core::environments::{Environments, NewAccessKeysEnvironment, ProfileSource};
use berth_core::secrets::{AccessKeys, Keyring, SecretStore};
use berth_core::settings::SettingsStore;
use berth_core::Console;
use common::Moto;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs an unlocked Secret Service: run through `cargo xtask test`"]
async fn access_keys_live_only_in_the_keyring() {
    let logs = Captured::default();
    let sink = logs.clone();
    tracing_subscriber::fmt().with_max_level(tracing::Level::TRACE).with_writer(move || sink.clone()).init();

    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    let secret = format!("berthSecret{nonce}");
    let token = format!("berthToken{nonce}");
    let keys =
        AccessKeys { access_key_id: "AKIAIOSFODNN7EXAMPLE".into(), secret_access_key: secret.clone(), session_token: Some(token.clone()) };

    let envs = Environments::open(SettingsStore::new(dir.path()), Arc::new(Keyring), ProfileSource::fixed("", "", &[]), None).unwrap();
    let console = Console::new(envs);
    let env = console
        .add_access_keys(NewAccessKeysEnvironment {
            name: "moto with keys".into(),
            region: "us-east-1".into(),
            endpoint_url: Some(moto.url.clone()),
            keys: keys.clone(),
        })
        .await
        .unwrap();

    // Read back from the keyring itself, not from anything Berth cached.
    assert_eq!(Keyring.get(&env.id).unwrap(), keys);

    // The keys work: they sign a real call.
    console.switch_environment(&env.id).await.unwrap();
    let identity = console.test_connection(&env.id).await.unwrap();
    assert_eq!(identity.account.as_deref(), Some("123456789012"));
    console.list_clusters().await.unwrap();

    let files = files_under(dir.path());
    assert!(!files.is_empty(), "the settings file was written");
    for file in &files {
        let text = String::from_utf8_lossy(&std::fs::read(file).unwrap()).to_string();
        assert!(!text.contains(&secret) && !text.contains(&token), "secret found in {}", file.display());
        assert!(text.contains(&env.id), "{} names the environment", file.display());
    }
    let logged = String::from_utf8_lossy(&logs.0.lock().unwrap()).to_string();
    assert!(logged.contains("access-key environment added"), "logging was captured");
    assert!(!logged.contains(&secret) && !logged.contains(&token), "secret found in log output");

    // Removing needs the environment's name typed, checked in Rust: a wrong one keeps it
    // and its keys.
    let refused = console.remove_environment(&env.id, "not its name").await.unwrap_err();
    assert_eq!(refused.code(), "ConfirmationMismatch");
    assert!(Keyring.get(&env.id).is_ok(), "the keys stay when the confirmation is wrong");
    console.remove_environment(&env.id, &env.name).await.unwrap();
    assert_eq!(Keyring.get(&env.id).unwrap_err().code(), "MissingSecret");
}
