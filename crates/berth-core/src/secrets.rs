//! Access keys in the OS keyring (Secret Service, Keychain, Credential Manager) and
//! nowhere else. The types here never print a secret, not even through `Debug`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

const SERVICE: &str = "berth";

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AccessKeys {
    pub access_key_id: String,
    pub secret_access_key: String,
    #[serde(default)]
    pub session_token: Option<String>,
}

impl fmt::Debug for AccessKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessKeys")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field("session_token", &self.session_token.as_ref().map(|_| "** redacted **"))
            .finish()
    }
}

/// Where secrets go. The keyring is the only implementation Berth ships; the trait lets
/// the rest of the core stay testable on machines whose keyring is locked.
pub trait SecretStore: Send + Sync {
    fn put(&self, environment_id: &str, keys: &AccessKeys) -> Result<()>;
    fn get(&self, environment_id: &str) -> Result<AccessKeys>;
    fn delete(&self, environment_id: &str) -> Result<()>;
}

#[derive(Debug, Default, Clone)]
pub struct Keyring;

impl Keyring {
    fn entry(environment_id: &str) -> Result<keyring::Entry> {
        keyring::Entry::new(SERVICE, &format!("environment:{environment_id}")).map_err(keyring_err)
    }
}

impl SecretStore for Keyring {
    fn put(&self, environment_id: &str, keys: &AccessKeys) -> Result<()> {
        let json = serde_json::to_string(keys).expect("keys serialise");
        Self::entry(environment_id)?.set_password(&json).map_err(keyring_err)
    }

    fn get(&self, environment_id: &str) -> Result<AccessKeys> {
        match Self::entry(environment_id)?.get_password() {
            Ok(json) => serde_json::from_str(&json)
                .map_err(|_| CoreError::Keyring(format!("the keyring entry for {environment_id:?} is not Berth's format"))),
            Err(keyring::Error::NoEntry) => Err(CoreError::MissingSecret(environment_id.to_string())),
            Err(e) => Err(keyring_err(e)),
        }
    }

    fn delete(&self, environment_id: &str) -> Result<()> {
        match Self::entry(environment_id)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_err(e)),
        }
    }
}

// keyring's errors describe the platform failure, never the secret, so they are safe to show.
fn keyring_err(e: keyring::Error) -> CoreError {
    CoreError::Keyring(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_prints_secrets() {
        let keys = AccessKeys {
            access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
            secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
            session_token: Some("FwoGZXIvYXdzEXAMPLETOKEN".into()),
        };
        let shown = format!("{keys:?}");
        assert!(shown.contains("AKIAIOSFODNN7EXAMPLE"));
        assert!(!shown.contains("wJalrXUtnFEMI"));
        assert!(!shown.contains("FwoGZXIv"));
    }
}
