//! `run` as the service: it polls the bundled example on its own, and Ctrl-C (SIGINT) stops
//! it cleanly after committing, so a later scan finds nothing new.

use std::io::{BufRead, BufReader};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;

mod cli_support;

use cli_support::example_config;

#[test]
fn run_polls_then_stops_cleanly_on_sigint() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = example_config(dir.path());
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("reviewgate"))
        .arg("--config")
        .arg(&cfg)
        .args(["--log", "info", "run"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Every source logs "Source polled." once its first poll is committed.
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut polled = 0;
    let mut log = Vec::new();
    while polled < 11 && Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            if line.contains("Source polled.") {
                polled += 1;
            }
            log.push(line);
        }
    }
    assert_eq!(polled, 11, "every source polled once:\n{}", log.join("\n"));
    let pid = child.id().to_string();
    assert!(StdCommand::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    let status = child.wait().unwrap();
    assert!(status.success(), "run exits 0 on Ctrl-C: {status:?}");
    while let Ok(line) = rx.recv_timeout(Duration::from_millis(500)) {
        log.push(line);
    }
    assert!(
        log.iter().any(|l| l.contains("Scheduler stopped.")),
        "{}",
        log.join("\n")
    );

    // What run stored is not new to a scan.
    let out = Command::cargo_bin("reviewgate")
        .unwrap()
        .arg("--config")
        .arg(&cfg)
        .args(["scan", "--once", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn run_refuses_to_start_without_the_discord_token() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = example_config(dir.path());
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str("\n[discord]\ntoken_env = \"RG_RUN_TEST_TOKEN\"\nreview_channel_id = 1\nreviewer_role_id = 2\nadmin_role_id = 3\n");
    std::fs::write(&cfg, text).unwrap();
    Command::cargo_bin("reviewgate")
        .unwrap()
        .arg("--config")
        .arg(&cfg)
        .arg("run")
        .env_remove("RG_RUN_TEST_TOKEN")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("RG_RUN_TEST_TOKEN"));
}

#[test]
fn run_stops_with_exit_1_when_discord_cannot_start() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = example_config(dir.path());
    // The interactions port is already taken.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str(&format!(
        "\n[discord]\ntoken_env = \"RG_RUN_TEST_TOKEN2\"\nreview_channel_id = 1\nreviewer_role_id = 2\nadmin_role_id = 3\n\
         api_base = \"http://127.0.0.1:9\"\ninteractions_listen = \"{}\"\npublic_key = \"{}\"\n",
        taken.local_addr().unwrap(),
        "ab".repeat(32)
    ));
    std::fs::write(&cfg, text).unwrap();
    Command::cargo_bin("reviewgate")
        .unwrap()
        .arg("--config")
        .arg(&cfg)
        .arg("run")
        .env("RG_RUN_TEST_TOKEN2", "t")
        .timeout(Duration::from_secs(60))
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            taken.local_addr().unwrap().to_string(),
        ));
}
