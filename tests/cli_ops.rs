//! Operating `run`: the metrics and health endpoints, SIGHUP reloads, and `backup FILE`,
//! all through the real binary on the bundled loopback example.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command as StdCommand, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use assert_cmd::Command;

mod cli_support;

use cli_support::example_config;

/// A running `reviewgate run` whose stderr lines arrive on a channel.
struct Running {
    child: Child,
    lines: Receiver<String>,
    log: Vec<String>,
}

impl Running {
    fn start(cfg: &Path) -> Running {
        let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("reviewgate"))
            .arg("--config")
            .arg(cfg)
            .args(["--log", "info", "run"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        Running {
            child,
            lines,
            log: Vec::new(),
        }
    }

    /// Waits until `count` new log lines satisfy `pred`; panics with the log on timeout.
    fn wait_for(&mut self, count: usize, what: &str, pred: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut seen = 0;
        while seen < count && Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(200)) {
                if pred(&line) {
                    seen += 1;
                }
                self.log.push(line);
            }
        }
        assert_eq!(seen, count, "waiting for {what}:\n{}", self.log.join("\n"));
    }

    fn signal(&self, sig: &str) {
        let pid = self.child.id().to_string();
        assert!(StdCommand::new("kill")
            .args([sig, &pid])
            .status()
            .unwrap()
            .success());
    }

    fn stop(mut self) -> Vec<String> {
        self.signal("-INT");
        let status = self.child.wait().unwrap();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_millis(300)) {
            self.log.push(line);
        }
        assert!(
            status.success(),
            "run exits 0: {status:?}\n{}",
            self.log.join("\n")
        );
        self.log
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A plain HTTP/1.0 GET: (status code, body).
fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").expect("an HTTP response");
    let code = head.split(' ').nth(1).unwrap().parse().unwrap();
    (code, body.to_string())
}

fn set_metrics_listen(cfg: &Path, port: u16) {
    let text = std::fs::read_to_string(cfg).unwrap().replace(
        "# metrics_listen = \"127.0.0.1:9898\"",
        &format!("metrics_listen = \"127.0.0.1:{port}\""),
    );
    std::fs::write(cfg, text).unwrap();
}

/// The example server's address, from the config the test wrote.
fn example_base(cfg: &Path) -> String {
    let text = std::fs::read_to_string(cfg).unwrap();
    let listen = text
        .lines()
        .find_map(|l| l.strip_prefix("listen = \""))
        .unwrap()
        .trim_end_matches('"');
    format!("http://{listen}")
}

fn append(cfg: &Path, text: &str) {
    let mut f = std::fs::OpenOptions::new().append(true).open(cfg).unwrap();
    f.write_all(text.as_bytes()).unwrap();
}

/// Every line of a Prometheus text exposition is a comment (`# HELP`, `# TYPE`), blank, or a
/// sample `name{labels} value`.
fn check_exposition(text: &str) -> Vec<String> {
    let sample = regex::Regex::new(
        r#"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")*,?\})? (?:NaN|[+-]?Inf|[+-]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)(?: -?[0-9]+)?$"#,
    )
    .unwrap();
    let help = regex::Regex::new(r"^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$").unwrap();
    let typ = regex::Regex::new(
        r"^# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped)$",
    )
    .unwrap();
    for line in text.lines() {
        assert!(
            line.is_empty() || sample.is_match(line) || help.is_match(line) || typ.is_match(line),
            "not Prometheus exposition format: {line:?}\n{text}"
        );
    }
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split(['{', ' ']).next().unwrap().to_string())
        .collect()
}

#[test]
fn run_serves_metrics_healthz_and_readyz() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = example_config(dir.path());
    let port = free_port();
    set_metrics_listen(&cfg, port);
    // A source that fails, so fetch errors are counted by kind.
    let base = example_base(&cfg);
    append(
        &cfg,
        &format!(
            "\n[[sources]]\nname = \"gone\"\nkind = \"feed\"\nurl = \"{base}/no-such-feed.xml\"\ninterval = \"1h\"\n"
        ),
    );
    let mut run = Running::start(&cfg);
    run.wait_for(1, "the metrics listener", |l| {
        l.contains("Serving metrics and health.")
    });
    let (code, body) = get(port, "/healthz");
    assert_eq!(code, 200, "{body}");
    // Every source polls once (the failing one logs its failure, then "Source polled.").
    run.wait_for(12, "every source polled", |l| l.contains("Source polled."));
    let (code, body) = get(port, "/readyz");
    assert_eq!(
        code, 200,
        "no [discord]: ready once the sources are loaded: {body}"
    );

    let (code, text) = get(port, "/metrics");
    assert_eq!(code, 200);
    let names = check_exposition(&text);
    for name in [
        "reviewgate_polls_total",
        "reviewgate_pages_fetched_total",
        "reviewgate_posts_seen_total",
        "reviewgate_posts_new_total",
        "reviewgate_fetch_errors_total",
        "reviewgate_source_healthy",
        "reviewgate_queue_items",
        "reviewgate_decisions_total",
        "reviewgate_discord_deliveries_total",
        "reviewgate_audit_entries",
        "reviewgate_post_to_review_message_seconds_bucket",
        "reviewgate_post_to_decision_seconds_bucket",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} missing:\n{text}");
    }
    assert!(
        text.contains(r#"reviewgate_polls_total{source="phpbb-thread",outcome="ok"} 1"#),
        "{text}"
    );
    assert!(
        text.contains(r#"reviewgate_fetch_errors_total{source="gone",kind="status"} 1"#),
        "{text}"
    );
    assert!(
        text.contains(r#"reviewgate_source_healthy{source="phpbb-thread"} 1"#),
        "{text}"
    );
    // The queue gauge is the store's count: the example queues drafts as pending.
    let pending: f64 = text
        .lines()
        .filter(|l| l.starts_with("reviewgate_queue_items{") && l.contains(r#"state="pending""#))
        .map(|l| l.rsplit(' ').next().unwrap().parse::<f64>().unwrap())
        .sum();
    let queued = Command::cargo_bin("reviewgate")
        .unwrap()
        .arg("--config")
        .arg(&cfg)
        .args(["queue", "list", "--json"])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&queued.stdout)
        .lines()
        .filter(|l| l.contains(r#""state":"pending""#))
        .count();
    assert_eq!(pending as usize, listed, "{text}");
    // Empty combinations read 0 rather than being absent or stale.
    assert!(
        text.contains(r#"reviewgate_queue_items{state="rejected",decision="blocked"} 0"#),
        "{text}"
    );
    run.stop();
}

#[test]
fn healthz_fails_when_the_store_is_not_writable() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = example_config(dir.path());
    let port = free_port();
    set_metrics_listen(&cfg, port);
    let mut run = Running::start(&cfg);
    run.wait_for(1, "the metrics listener", |l| {
        l.contains("Serving metrics and health.")
    });
    assert_eq!(get(port, "/healthz").0, 200);
    // Another process holds the write lock past the busy timeout: the probe can not write.
    let db = dir.path().join("example.sqlite3");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = Instant::now();
    let (code, body) = get(port, "/healthz");
    assert_eq!(code, 503, "{body}");
    assert!(body.contains("store not writable"), "{body}");
    assert!(started.elapsed() >= Duration::from_secs(5));
    conn.execute_batch("ROLLBACK").unwrap();
    assert_eq!(get(port, "/healthz").0, 200);
    run.stop();
}

#[test]
fn sighup_reloads_sources_and_keeps_the_old_config_when_bad() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = example_config(dir.path());
    let good = std::fs::read_to_string(&cfg).unwrap();
    let mut run = Running::start(&cfg);
    run.wait_for(11, "every source polled", |l| l.contains("Source polled."));

    // A bad config: two problems, both logged; the service keeps running on the old one.
    std::fs::write(
        &cfg,
        good.replace("interval = \"15m\"", "interval = \"soon\"")
            .replace("name = \"phpbb-thread\"", "name = \"Bad Name\""),
    )
    .unwrap();
    run.signal("-HUP");
    run.wait_for(1, "the refusal", |l| {
        l.contains("Config reload refused; the old config stays in force.")
    });
    let refusals: Vec<&String> = run
        .log
        .iter()
        .filter(|l| l.contains("Config reload refused.") && l.contains("problem"))
        .collect();
    assert!(
        refusals.len() >= 2,
        "every problem logged:\n{}",
        run.log.join("\n")
    );
    assert!(
        refusals.iter().any(|l| l.contains("interval")),
        "{refusals:?}"
    );
    assert!(refusals.iter().any(|l| l.contains("name")), "{refusals:?}");

    // A good config: one source removed, one added (a copy of the feed under a new name).
    let removed = good.replacen(
        "name = \"discourse-topic\"",
        "name = \"discourse-topic-renamed\"",
        1,
    );
    std::fs::write(&cfg, removed).unwrap();
    run.signal("-HUP");
    run.wait_for(1, "the reload", |l| l.contains("Config reloaded"));
    run.wait_for(1, "the new source polled", |l| {
        l.contains("Source polled.") && l.contains("discourse-topic-renamed")
    });
    let log = run.stop();
    let old_name = regex::Regex::new(r"discourse-topic\b[^-]").unwrap();
    assert!(
        log.iter()
            .any(|l| l.contains("Source polled.") && old_name.is_match(l)),
        "the old name was polled before the reload:\n{}",
        log.join("\n")
    );
    let after_reload = log
        .iter()
        .skip_while(|l| !l.contains("Config reloaded"))
        .filter(|l| l.contains("Source polled.") && old_name.is_match(l))
        .count();
    assert_eq!(
        after_reload,
        0,
        "the removed source is not polled:\n{}",
        log.join("\n")
    );
}

#[test]
fn backup_restores_to_the_same_queue() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = example_config(dir.path());
    let cli = |cfg: &Path, args: &[&str]| {
        Command::cargo_bin("reviewgate")
            .unwrap()
            .arg("--config")
            .arg(cfg)
            .args(args)
            .output()
            .unwrap()
    };
    assert!(cli(&cfg, &["scan", "--once", "--json"]).status.success());
    let original = cli(&cfg, &["queue", "list", "--json"]);
    assert!(original.status.success());
    assert!(!original.stdout.is_empty());

    let file = dir.path().join("backups").join("copy.sqlite3");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let out = cli(&cfg, &["backup", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Twice: an existing backup is replaced whole.
    assert!(cli(&cfg, &["backup", file.to_str().unwrap()])
        .status
        .success());

    // "Restore": a config whose store is the backup reads the same queue and audit trail.
    let restored_dir = tempfile::tempdir().unwrap();
    let restored_cfg = example_config(restored_dir.path());
    std::fs::copy(&file, restored_dir.path().join("example.sqlite3")).unwrap();
    // The audit key is not in the database (that is the point of it): a restore brings the key
    // file back too, as docs/operations.md says; without it the trail is refused.
    let key = dir.path().join("example.sqlite3.audit-key");
    assert!(key.exists(), "the audit key is generated beside the store");
    std::fs::copy(&key, restored_dir.path().join("example.sqlite3.audit-key")).unwrap();
    let restored = cli(&restored_cfg, &["queue", "list", "--json"]);
    assert!(restored.status.success());
    assert_eq!(
        String::from_utf8_lossy(&restored.stdout),
        String::from_utf8_lossy(&original.stdout)
    );
    assert!(cli(&restored_cfg, &["audit", "verify"]).status.success());
}

#[test]
fn backup_of_a_missing_store_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = example_config(dir.path());
    let out = Command::cargo_bin("reviewgate")
        .unwrap()
        .arg("--config")
        .arg(&cfg)
        .args(["backup", dir.path().join("b.sqlite3").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
}

#[test]
fn a_store_from_a_newer_reviewgate_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = example_config(dir.path());
    assert!(Command::cargo_bin("reviewgate")
        .unwrap()
        .arg("--config")
        .arg(&cfg)
        .args(["scan", "--once"])
        .output()
        .unwrap()
        .status
        .success());
    let db = dir.path().join("example.sqlite3");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        conn.pragma_update(None, "user_version", v + 1).unwrap();
    }
    let out = Command::cargo_bin("reviewgate")
        .unwrap()
        .arg("--config")
        .arg(&cfg)
        .args(["queue", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("schema version") && err.contains("knows up to"),
        "{err}"
    );
}
