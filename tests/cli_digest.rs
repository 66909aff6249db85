//! The weekly digest through the binary: `run` over the bundled example, with Discord in HTTP
//! interactions mode against the fake REST server on loopback and `[digest]` set to this
//! weekday and hour (so it is due now), posts the digest to the admin channel once, with its
//! chart; a second `run` the same week posts nothing more.

mod cli_support;
mod fake_discord;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command as StdCommand, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use chrono::{Datelike, Timelike, Utc};
use fake_discord::harness::{
    signing_key, ADMIN_CHANNEL, ADMIN_ROLE, REVIEWER_ROLE, REVIEW_CHANNEL,
};
use fake_discord::FakeDiscord;

/// `run` with its stderr lines sent to the returned channel.
fn start(cfg: &Path) -> (Child, Receiver<String>) {
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("reviewgate"))
        .arg("--config")
        .arg(cfg)
        .args(["--log", "info,reviewgate::service::digest=debug", "run"])
        .env("RG_CLI_DISCORD_TOKEN", "test-token")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    (child, rx)
}

/// Waits (up to a minute) for a log line containing `what`; returns every line read.
fn wait_for(rx: &Receiver<String>, what: &str, log: &mut Vec<String>) -> bool {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            let found = line.contains(what);
            log.push(line);
            if found {
                return true;
            }
        }
    }
    false
}

fn stop(mut child: Child) {
    assert!(StdCommand::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap()
        .success());
    assert!(child.wait().unwrap().success(), "run exits 0 on Ctrl-C");
}

/// The digest messages the admin channel got (source-health alerts go there too).
fn digests(fake: &FakeDiscord) -> Vec<serde_json::Value> {
    let path = format!("/api/v10/channels/{ADMIN_CHANNEL}/messages");
    fake.requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == path)
        .filter(|r| {
            r.body["content"]
                .as_str()
                .is_some_and(|c| c.contains("Weekly digest"))
        })
        .map(|r| r.body)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_posts_the_weekly_digest_once() {
    let fake = FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = cli_support::example_config(dir.path());
    let listen = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    // Due now: this weekday at this hour (UTC). A digest is due for 24 hours after its hour, so
    // the hour turning while the test runs changes nothing.
    let now = Utc::now();
    let weekday = now.weekday().to_string().to_lowercase();
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str(&format!(
        "\n[discord]\ntoken_env = \"RG_CLI_DISCORD_TOKEN\"\nreview_channel_id = {REVIEW_CHANNEL}\n\
         admin_channel_id = {ADMIN_CHANNEL}\nreviewer_role_id = {REVIEWER_ROLE}\nadmin_role_id = {ADMIN_ROLE}\n\
         api_base = \"{}\"\ninteractions_listen = \"{listen}\"\npublic_key = \"{}\"\n\
         \n[digest]\nweekday = \"{weekday}\"\nhour = {}\n",
        fake.base,
        hex::encode(signing_key().verifying_key().to_bytes()),
        now.hour(),
    ));
    std::fs::write(&cfg, text).unwrap();
    let week = {
        let w = now.date_naive().iso_week();
        format!("{}-W{:02}", w.year(), w.week())
    };

    let (child, rx) = start(&cfg);
    let mut log = Vec::new();
    assert!(
        wait_for(&rx, "Posted the weekly digest.", &mut log),
        "no digest posted:\n{}",
        log.join("\n")
    );
    stop(child);
    let sent = digests(&fake);
    assert_eq!(sent.len(), 1, "{sent:?}");
    let content = sent[0]["content"].as_str().unwrap();
    assert!(
        content.contains(&format!("Weekly digest {week}")),
        "{content}"
    );
    assert_eq!(sent[0]["nonce"], format!("rg-digest-{week}"));
    let files = fake.attachments();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].name, format!("digest-{week}.png"));
    assert!(files[0].bytes.starts_with(b"\x89PNG\r\n\x1a\n"));

    // A second run the same week finds the week posted and posts nothing.
    let (child, rx) = start(&cfg);
    let mut log = Vec::new();
    assert!(
        wait_for(
            &rx,
            "The weekly digest of this week was posted before.",
            &mut log
        ),
        "the second run did not look:\n{}",
        log.join("\n")
    );
    stop(child);
    assert_eq!(digests(&fake).len(), 1, "one digest for the week");
    assert_eq!(fake.attachments().len(), 1);
}
