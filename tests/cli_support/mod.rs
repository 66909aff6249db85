//! Shared by the CLI tests: the bundled example config, moved into a temp dir.

use std::path::{Path, PathBuf};

pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The bundled config, moved to `dir`: its own store, the fixture folder by absolute path,
/// and a free port for the example server so tests can run side by side.
pub fn example_config(dir: &Path) -> PathBuf {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let text = std::fs::read_to_string(format!("{ROOT}/config/reviewgate.toml"))
        .unwrap()
        .replace(
            "../data/example.sqlite3",
            &dir.join("example.sqlite3").display().to_string(),
        )
        .replace("\"../fixtures/site\"", &format!("\"{ROOT}/fixtures/site\""))
        .replace("127.0.0.1:18931", &format!("127.0.0.1:{port}"));
    let p = dir.join("reviewgate.toml");
    std::fs::write(&p, text).unwrap();
    p
}
