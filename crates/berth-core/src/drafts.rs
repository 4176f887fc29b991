//! Unfinished wizards, kept in the app's data directory so they survive closing the window
//! or a crash: one JSON file per wizard kind, environment and starting point, written
//! atomically and readable only by the user. The guide's progress will live beside them.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::downloads::safe_name;
use crate::error::{CoreError, Result};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    /// The document being written, as the wizard holds it.
    #[ts(type = "Record<string, unknown>")]
    pub doc: Value,
    /// Epoch milliseconds.
    pub saved_at: i64,
}

pub struct Drafts {
    dir: PathBuf,
}

impl Drafts {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Drafts { dir: dir.into() }
    }

    fn path(&self, kind: &str, environment: &str, base: &str) -> PathBuf {
        let base = if base.is_empty() { "new" } else { base };
        self.dir.join(safe_name(kind)).join(safe_name(environment)).join(format!("{}.json", safe_name(base)))
    }

    /// A draft that cannot be read is treated as none: losing a draft beats a wizard that
    /// will not open.
    pub fn load(&self, kind: &str, environment: &str, base: &str) -> Option<Draft> {
        let text = std::fs::read_to_string(self.path(kind, environment, base)).ok()?;
        serde_json::from_str(&text).ok()
    }

    pub fn save(&self, kind: &str, environment: &str, base: &str, doc: Value) -> Result<Draft> {
        let path = self.path(kind, environment, base);
        let draft = Draft { doc, saved_at: now_millis() };
        let failed = |e: std::io::Error| CoreError::Settings { path: path.clone(), detail: e.to_string() };
        std::fs::create_dir_all(path.parent().unwrap()).map_err(failed)?;
        let tmp = path.with_extension("json.tmp");
        write_private(&tmp, &serde_json::to_vec(&draft).expect("a draft serializes")).map_err(failed)?;
        std::fs::rename(&tmp, &path).map_err(failed)?;
        Ok(draft)
    }

    pub fn discard(&self, kind: &str, environment: &str, base: &str) -> Result<()> {
        let path = self.path(kind, environment, base);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(CoreError::Settings { path, detail: e.to_string() }),
            _ => Ok(()),
        }
    }
}

fn now_millis() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_round_trip_per_environment_and_base_and_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::new(dir.path());
        assert_eq!(drafts.load("task-definition", "sandbox", ""), None);
        let saved = drafts.save("task-definition", "sandbox", "", serde_json::json!({"family": "web"})).unwrap();
        assert_eq!(drafts.load("task-definition", "sandbox", "").unwrap(), saved);
        assert_eq!(drafts.load("task-definition", "prod", ""), None, "drafts are per environment");
        drafts.save("task-definition", "sandbox", "web:3", serde_json::json!({"family": "web", "cpu": "512"})).unwrap();
        assert_eq!(drafts.load("task-definition", "sandbox", "").unwrap().doc["family"], "web");
        // Names from the UI never leave the drafts directory.
        drafts.save("../../x", "../..", "../etc", serde_json::json!({})).unwrap();
        assert!(std::fs::read_dir(dir.path().parent().unwrap()).unwrap().all(|e| e.unwrap().file_name() != "x"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let file = dir.path().join("task-definition/sandbox/new.json");
            assert_eq!(std::fs::metadata(file).unwrap().permissions().mode() & 0o777, 0o600);
        }
        drafts.discard("task-definition", "sandbox", "").unwrap();
        assert_eq!(drafts.load("task-definition", "sandbox", ""), None);
        drafts.discard("task-definition", "sandbox", "").unwrap();
    }
}
