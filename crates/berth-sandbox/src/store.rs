//! Durable state: the whole world as one JSON file, replaced atomically (temp file,
//! fsync, rename, fsync of the directory) before a change is acknowledged, so a crash at
//! any moment leaves either the previous or the new state, never a torn one.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::World;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("sandbox state {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("sandbox state {path} is unreadable ({reason}); it was kept as {kept}")]
    Corrupt { path: PathBuf, reason: String, kept: PathBuf },
}

pub struct Store {
    path: Option<PathBuf>,
}

impl Store {
    /// Opens `path`, restoring the world it holds. A file that does not parse is moved
    /// aside (never deleted) and reported, so no one loses state silently.
    pub fn open(path: Option<PathBuf>) -> Result<(Store, World), StoreError> {
        let Some(path) = path else {
            return Ok((Store { path: None }, World::default()));
        };
        let io = |source| StoreError::Io { path: path.clone(), source };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(io)?;
        }
        let world = match fs::read(&path) {
            Ok(bytes) => match serde_json::from_slice::<World>(&bytes) {
                Ok(world) => world,
                Err(e) => {
                    let kept = path.with_extension(format!("corrupt-{}", crate::util::now() as u64));
                    fs::rename(&path, &kept).map_err(io)?;
                    return Err(StoreError::Corrupt { path, reason: e.to_string(), kept });
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => World::default(),
            Err(e) => return Err(io(e)),
        };
        Ok((Store { path: Some(path) }, world))
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn save(&self, world: &World) -> Result<(), StoreError> {
        let Some(path) = &self.path else { return Ok(()) };
        let io = |source| StoreError::Io { path: path.clone(), source };
        let bytes = serde_json::to_vec(world).map_err(|e| io(std::io::Error::other(e)))?;
        let tmp = path.with_extension("tmp");
        let mut file = File::create(&tmp).map_err(io)?;
        file.write_all(&bytes).map_err(io)?;
        file.sync_all().map_err(io)?;
        drop(file);
        fs::rename(&tmp, path).map_err(io)?;
        // The rename itself is durable only once the directory entry is.
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }
}
