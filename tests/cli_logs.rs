//! Logs a machine can read: no colour codes when stderr is not a terminal (a file, the journal, a
//! pipe), and one JSON object per line with `--log-format json` or `[service] log_format`.

use std::path::Path;

use assert_cmd::Command;

const CONFIG: &str = r#"
[service]
name = "Smart Security Scan"
domains = ["smartsecurityscan.com"]
LOG_FORMAT

[store]
path = "data/test.sqlite3"
"#;

fn config(dir: &Path, log_format: &str) -> std::path::PathBuf {
    let p = dir.join("reviewgate.toml");
    std::fs::write(&p, CONFIG.replace("LOG_FORMAT", log_format)).unwrap();
    p
}

/// `customers import` of one account at debug: it logs the matcher being built.
fn stderr_of(config: &Path, extra: &[&str]) -> String {
    let dir = config.parent().unwrap();
    let accounts = dir.join("accounts.csv");
    std::fs::write(
        &accounts,
        "id,name,email,hosts,status,plan,created_at,cancelled_at\n\
         C-1,Jo Doe,jo@example.org,,active,Starter,2020-01-01,\n",
    )
    .unwrap();
    let out = Command::cargo_bin("reviewgate")
        .unwrap()
        .env_remove("REVIEWGATE_CONFIG")
        .env_remove("REVIEWGATE_LOG_FORMAT")
        .env_remove("NO_COLOR")
        .env_remove("RUST_LOG")
        .arg("--config")
        .arg(config)
        .args(["--log", "debug"])
        .args(extra)
        .args(["customers", "import"])
        .arg(&accounts)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn text_logs_to_a_pipe_carry_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let err = stderr_of(&config(dir.path(), ""), &[]);
    assert!(!err.trim().is_empty(), "expected some log lines at debug");
    assert!(
        !err.contains('\u{1b}'),
        "ANSI escape codes in logs written to a pipe: {err:?}"
    );
}

fn assert_json_lines(err: &str) {
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty(), "expected some log lines at debug");
    for line in lines {
        let v: serde_json::Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("log line is not JSON ({e}): {line:?}"));
        for key in ["timestamp", "level", "target"] {
            assert!(v.get(key).is_some(), "no {key:?} in {line}");
        }
    }
}

#[test]
fn log_format_flag_gives_one_json_object_per_line() {
    let dir = tempfile::tempdir().unwrap();
    assert_json_lines(&stderr_of(
        &config(dir.path(), ""),
        &["--log-format", "json"],
    ));
}

#[test]
fn log_format_config_key_gives_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    assert_json_lines(&stderr_of(
        &config(dir.path(), "log_format = \"json\""),
        &[],
    ));
}
