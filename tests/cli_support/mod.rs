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
        .replace(
            "\"../fixtures/example",
            &format!("\"{ROOT}/fixtures/example"),
        )
        .replace("127.0.0.1:18931", &format!("127.0.0.1:{port}"));
    let p = dir.join("reviewgate.toml");
    std::fs::write(&p, text).unwrap();
    p
}

/// The account the tests run as, as reviewgate resolves it (real uid, passwd database): root in CI.
#[allow(dead_code)]
pub fn os_user() -> String {
    nix::unistd::User::from_uid(nix::unistd::getuid())
        .unwrap()
        .expect("the test user has a passwd entry")
        .name
}

/// Appends a `[[reviewers]]` table to the config at `cfg`.
#[allow(dead_code)]
pub fn add_reviewer(cfg: &Path, name: &str, discord_user_id: &str, os_users: &[&str]) {
    use std::io::Write;
    let users: Vec<String> = os_users.iter().map(|u| format!("{u:?}")).collect();
    let mut f = std::fs::OpenOptions::new().append(true).open(cfg).unwrap();
    write!(
        f,
        "\n[[reviewers]]\nname = {name:?}\ndiscord_user_id = {discord_user_id:?}\nos_users = [{}]\n",
        users.join(", ")
    )
    .unwrap();
}
