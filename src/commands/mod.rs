//! The CLI's commands: glue from arguments to the library, and the mapping of failures to
//! exit codes (1 runtime, 2 bad config or input).

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use reviewgate::config::{self, LoadedConfig};
use reviewgate::store::Store;

mod audit;
mod backfill;
mod backup;
mod customers;
mod detect;
mod explain;
mod flags;
mod io;
mod pairs;
mod publish;
mod queue;
mod report;
mod run;
mod scan;

pub use audit::{audit_anchor, audit_rotate_key, audit_verify};
use backfill::held_note;
pub use backfill::queue_backfill;
pub use backup::backup;
pub use customers::{customers_import, customers_purge};
pub use detect::sources_detect;
pub use flags::{assess_flags, queue_flag};
pub use io::{assess_stdin, match_stdin};
pub use pairs::{match_pairs, match_weights};
pub use publish::{queue_publish, queue_stats, queue_unreviewed};
pub use queue::{queue_act, queue_edit, queue_list, queue_show, QueueAction, QueueEdit};
pub use report::report;
pub use run::run;
pub use scan::{scan_once, sources_list, sources_test};

/// A failure caused by what the user gave us (config, input file, arguments): exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

/// Log line format on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, with the same fields.
    Json,
}

pub fn init_logging(filter: Option<&str>, format: Option<LogFormat>, config: &Path) {
    use std::io::IsTerminal;
    use tracing_subscriber::EnvFilter;
    // An explicit --log wins over RUST_LOG; with neither, warnings and errors.
    let filter = match filter {
        Some(f) => EnvFilter::try_new(f).ok(),
        None => EnvFilter::try_from_default_env().ok(),
    }
    .unwrap_or_else(|| EnvFilter::new("warn"));
    let format = format.unwrap_or_else(|| configured_log_format(config));
    // Logs go to stderr so JSON lines on stdout stay machine-readable. Colour codes only help
    // a person at a terminal; in a file or the journal they are noise.
    let ansi = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.with_ansi(ansi).try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_ansi(false)
            .try_init(),
    };
}

/// `[service] log_format` from the config file, read before the config is validated (logging
/// starts first). A file that is missing or invalid yields text; the command itself then
/// reports the config's problems.
fn configured_log_format(config: &Path) -> LogFormat {
    let Ok(text) = std::fs::read_to_string(config) else {
        return LogFormat::Text;
    };
    let Ok(doc) = text.parse::<toml_edit::DocumentMut>() else {
        return LogFormat::Text;
    };
    match doc
        .get("service")
        .and_then(|s| s.get("log_format"))
        .and_then(|v| v.as_str())
    {
        Some("json") => LogFormat::Json,
        _ => LogFormat::Text,
    }
}

pub fn exit(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `reviewgate queue list | head` closing the pipe is not a failure.
        Err(err)
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(err) => {
            let bad_input = err.chain().any(|e| {
                e.is::<BadInput>()
                    || e.is::<config::ConfigError>()
                    || e.is::<reviewgate::customers::CustomersError>()
            });
            eprintln!("error: {err:#}");
            if bad_input {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// Loads and validates the config; its problems are bad input.
pub fn load_config(path: &Path) -> anyhow::Result<Arc<LoadedConfig>> {
    Ok(Arc::new(config::load(path)?))
}

pub fn open_store(cfg: &LoadedConfig) -> anyhow::Result<Store> {
    use reviewgate::store::StoreError;
    let path = cfg.store_path();
    Store::open_with(&path, &cfg.store_keys())
        .map_err(|e| match e {
            // A missing or wrong key is a configuration problem (exit 2), named by its key.
            StoreError::Key { .. }
            | StoreError::Encryption { .. }
            | StoreError::AuditKeyMismatch { .. } => anyhow::Error::new(BadInput(e.to_string())),
            e => anyhow::Error::new(e),
        })
        .with_context(|| format!("opening the store {}", path.display()))
}

/// Opens the store for commands that read what earlier runs wrote: a missing file means a
/// wrong `[store] path` (or nothing ran yet), not an empty queue or a clean audit trail.
pub fn open_existing_store(cfg: &LoadedConfig) -> anyhow::Result<Store> {
    let path = cfg.store_path();
    if !path.exists() {
        return Err(BadInput(format!(
            "the store {} does not exist: check [store] path in {}, or run `scan --once` or `customers import` first",
            path.display(),
            cfg.path.display()
        ))
        .into());
    }
    open_store(cfg)
}

pub fn shared_store(cfg: &LoadedConfig) -> anyhow::Result<Arc<Store>> {
    Ok(Arc::new(open_store(cfg)?))
}

pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
}

pub fn check_config(path: &Path) -> anyhow::Result<()> {
    // File and environment problems together, in file order.
    let problems = config::LoadedConfig::check(path, |k| std::env::var(k).ok());
    if problems.is_empty() {
        println!("{}: OK", path.display());
        return Ok(());
    }
    for p in &problems {
        eprintln!("{p}");
    }
    Err(BadInput(format!(
        "{} problem(s) in {}",
        problems.len(),
        path.display()
    ))
    .into())
}
