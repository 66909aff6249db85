//! Reading the config file and collecting every problem with its line.

use std::path::{Path, PathBuf};

use super::Config;

/// One problem in the config file, located.
#[derive(Debug, Clone)]
pub struct Problem {
    pub file: PathBuf,
    pub line: Option<usize>,
    /// Dotted key path, e.g. `sources[2].select.item`.
    pub key: String,
    pub message: String,
}

/// Why a config could not be used; lists every problem found.
#[derive(Debug, thiserror::Error)]
#[error("{} problem(s) in config", problems.len())]
pub struct ConfigError {
    pub problems: Vec<Problem>,
}

/// A validated config and where it came from.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    pub config: Config,
    pub path: PathBuf,
    pub base_dir: PathBuf,
}

pub fn load(_path: &Path) -> Result<LoadedConfig, ConfigError> {
    todo!("config loading")
}
