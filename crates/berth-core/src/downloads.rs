//! Files the user asks Berth to save (an exported task definition, a log): written to the
//! downloads folder under a safe name that never overwrites an earlier file.

use std::path::{Path, PathBuf};

use crate::error::{CoreError, Result};
use crate::validation::FieldError;

/// Keeps letters, digits, `.`, `-` and `_`; anything else (path separators included) becomes `_`.
pub fn safe_name(name: &str) -> String {
    let cleaned: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    cleaned.trim_start_matches('.').to_string()
}

pub fn save(dir: &Path, file_name: &str, contents: &str) -> Result<PathBuf> {
    let name = safe_name(file_name);
    if name.is_empty() {
        return Err(FieldError::new("fileName", "needs at least one letter or digit").into());
    }
    std::fs::create_dir_all(dir).map_err(|e| CoreError::Settings { path: dir.into(), detail: e.to_string() })?;
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s.to_string(), format!(".{e}")),
        _ => (name.clone(), String::new()),
    };
    let mut path = dir.join(&name);
    let mut n = 1;
    while path.exists() {
        path = dir.join(format!("{stem} ({n}){ext}"));
        n += 1;
    }
    std::fs::write(&path, contents).map_err(|e| CoreError::Settings { path: path.clone(), detail: e.to_string() })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_made_safe_and_never_overwrite() {
        assert_eq!(safe_name("../web:3.json"), "_web_3.json");
        let dir = tempfile::tempdir().unwrap();
        let a = save(dir.path(), "web:3.json", "{}").unwrap();
        let b = save(dir.path(), "web:3.json", "{\"x\":1}").unwrap();
        assert_eq!(a.file_name().unwrap(), "web_3.json");
        assert_eq!(b.file_name().unwrap(), "web_3 (1).json");
        assert_eq!(std::fs::read_to_string(a).unwrap(), "{}");
        assert!(save(dir.path(), "///", "x").is_ok());
        assert!(save(dir.path(), "", "x").is_err());
    }
}
