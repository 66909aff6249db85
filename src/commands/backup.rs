//! `backup FILE`: a consistent copy of the store, taken with SQLite's online backup API, so
//! it is safe while `run` keeps writing.

use std::path::Path;

use anyhow::Context;

use super::{load_config, open_existing_store};

pub fn backup(config: &Path, file: &Path) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = open_existing_store(&cfg)?;
    store.backup_to(file).with_context(|| {
        format!(
            "backing up {} to {}",
            store.path().display(),
            file.display()
        )
    })?;
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    println!(
        "{}: backup of {} ({size} bytes)",
        file.display(),
        store.path().display()
    );
    Ok(())
}
