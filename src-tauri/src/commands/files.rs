//! Saving what the user exports to the downloads folder.

use std::path::PathBuf;

use berth_core::downloads;
use tauri::{AppHandle, Manager};

use crate::error::{IpcError, IpcResult};

/// Returns the path written, so the UI can say where the file went.
#[tauri::command]
pub fn save_download(app: AppHandle, file_name: String, contents: String) -> IpcResult<String> {
    // BERTH_DOWNLOAD_DIR lets tests look at what was saved.
    let dir = match std::env::var_os("BERTH_DOWNLOAD_DIR") {
        Some(d) => PathBuf::from(d),
        None => app
            .path()
            .download_dir()
            .map_err(|e| IpcError::new("NoDownloadsFolder", &e.to_string(), Some("Set XDG_DOWNLOAD_DIR or create ~/Downloads.")))?,
    };
    Ok(downloads::save(&dir, &file_name, &contents)?.display().to_string())
}
