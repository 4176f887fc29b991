//! Berth's non-secret settings: one JSON file in the app's config directory, written
//! atomically (temp file, fsync, rename, fsync of the directory) so a crash mid-write
//! leaves either the old file or the new one. An unreadable file is moved aside, never
//! silently dropped, and the move is reported.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

pub const SETTINGS_FILE: &str = "settings.json";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    #[serde(default)]
    pub active_environment: Option<String>,
    /// Environments the user made in Berth, and the user's overrides (region, endpoint)
    /// for environments found in the AWS config files.
    #[serde(default)]
    pub environments: Vec<StoredEnvironment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredEnvironment {
    pub id: String,
    pub name: String,
    pub kind: StoredKind,
    pub region: String,
    #[serde(default)]
    pub endpoint_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum StoredKind {
    /// A profile from the AWS config files; only Berth's overrides are stored here.
    Profile { profile: String },
    /// Access keys typed into Berth; the keys themselves live in the OS keyring.
    AccessKeys,
    /// An AWS-compatible local endpoint (moto, LocalStack, Berth's sandbox) with dummy keys.
    Local,
}

/// What loading found, so the UI can tell the user when a file had to be set aside.
#[derive(Debug)]
pub struct Loaded {
    pub settings: Settings,
    pub set_aside: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct SettingsStore {
    dir: PathBuf,
}

impl SettingsStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(SETTINGS_FILE)
    }

    pub fn load(&self) -> Result<Loaded> {
        let path = self.path();
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Loaded { settings: Settings::default(), set_aside: None }),
            Err(e) => return Err(self.err(e)),
        };
        match serde_json::from_slice::<Settings>(&bytes) {
            Ok(settings) => Ok(Loaded { settings, set_aside: None }),
            Err(parse) => {
                let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
                let aside = self.dir.join(format!("{SETTINGS_FILE}.corrupt-{stamp}"));
                fs::rename(&path, &aside).map_err(|e| self.err(e))?;
                tracing::warn!(file = %path.display(), kept = %aside.display(), error = %parse, "settings file unreadable; set aside");
                Ok(Loaded { settings: Settings::default(), set_aside: Some(aside) })
            }
        }
    }

    pub fn save(&self, settings: &Settings) -> Result<()> {
        fs::create_dir_all(&self.dir).map_err(|e| self.err(e))?;
        let json = serde_json::to_vec_pretty(settings).expect("settings serialise");
        let tmp = self.dir.join(format!(".{SETTINGS_FILE}.{}.tmp", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut f = fs::File::create(&tmp)?;
            f.write_all(&json)?;
            f.sync_all()?;
            fs::rename(&tmp, self.path())?;
            // The rename is only durable once the directory entry is on disk too.
            #[cfg(unix)]
            fs::File::open(&self.dir)?.sync_all()?;
            Ok(())
        };
        write().map_err(|e| {
            let _ = fs::remove_file(&tmp);
            self.err(e)
        })
    }

    fn err(&self, e: std::io::Error) -> CoreError {
        CoreError::Settings { path: self.path(), detail: e.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Settings {
        Settings {
            active_environment: Some("keys-1".into()),
            environments: vec![StoredEnvironment {
                id: "keys-1".into(),
                name: "prod keys".into(),
                kind: StoredKind::AccessKeys,
                region: "eu-west-1".into(),
                endpoint_url: None,
            }],
        }
    }

    #[test]
    fn round_trips_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = SettingsStore::new(dir.path().join("nested"));
        assert_eq!(store.load().unwrap().settings, Settings::default());
        store.save(&sample()).unwrap();
        assert_eq!(store.load().unwrap().settings, sample());
        let names: Vec<_> = fs::read_dir(store.dir()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from(SETTINGS_FILE)]);
    }

    #[test]
    fn corrupt_file_is_set_aside_not_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let store = SettingsStore::new(dir.path());
        fs::write(store.path(), b"{ not json").unwrap();
        let loaded = store.load().unwrap();
        assert_eq!(loaded.settings, Settings::default());
        let aside = loaded.set_aside.expect("reported");
        assert_eq!(fs::read(&aside).unwrap(), b"{ not json");
        assert!(!store.path().exists());
    }
}
