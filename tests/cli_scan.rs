//! `scan --once` end to end against a loopback forum: new posts printed once, changed pages
//! yield only new posts, failing sources don't stop the others, and a SIGKILL mid-scan
//! loses nothing and duplicates nothing.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use assert_cmd::Command;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// A page's status, delay in milliseconds and body.
type Page = (u16, u64, String);

#[derive(Clone, Default)]
struct Site {
    pages: Arc<Mutex<HashMap<String, Page>>>,
}

impl Site {
    fn set(&self, name: &str, status: u16, delay_ms: u64, body: String) {
        self.pages
            .lock()
            .unwrap()
            .insert(name.to_string(), (status, delay_ms, body));
    }
}

async fn page(State(site): State<Site>, UrlPath(name): UrlPath<String>) -> Response {
    let entry = site.pages.lock().unwrap().get(&name).cloned();
    match entry {
        None => StatusCode::NOT_FOUND.into_response(),
        Some((status, delay, body)) => {
            tokio::time::sleep(Duration::from_millis(delay)).await;
            let code = StatusCode::from_u16(status).unwrap();
            (code, [("content-type", "text/html; charset=utf-8")], body).into_response()
        }
    }
}

/// Starts the forum on its own thread and runtime; it lives as long as the test process.
fn serve(site: Site) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            let app = Router::new().route("/t/:name", get(page)).with_state(site);
            axum::serve(listener, app).await.unwrap();
        });
    });
    rx.recv().unwrap()
}

fn thread(posts: &[(&str, &str, &str)]) -> String {
    let mut s = String::from("<html><body><div id=\"page-body\">");
    for (id, author, text) in posts {
        s.push_str(&format!(
            "<div class=\"post\" id=\"{id}\"><p class=\"author\"><a class=\"username\">{author}</a></p><div class=\"content\">{text}</div></div>"
        ));
    }
    s.push_str("</div></body></html>");
    s
}

fn config(dir: &Path, addr: SocketAddr, sources: &[&str]) -> PathBuf {
    let mut text = String::from(
        r#"[service]
name = "Smart Security Scan"
domains = ["smartsecurityscan.com"]
# The thread's posts are undated: the reply window would hold them back on the first poll.
reply_window = "0s"

[store]
path = "store.sqlite3"

[http]
timeout = "2s"
per_host_per_second = 1000.0
respect_robots_txt = false
max_attempts = 1
"#,
    );
    for name in sources {
        text.push_str(&format!(
            r#"
[[sources]]
name = "{name}"
kind = "html"
url = "http://{addr}/t/{name}"
keywords = ["smart security scan"]
[sources.select]
item = "div.post"
id = "@id"
author = "p.author a.username"
text = "div.content"
"#
        ));
    }
    let p = dir.join("reviewgate.toml");
    std::fs::write(&p, text).unwrap();
    p
}

fn scan(cfg: &Path) -> Vec<serde_json::Value> {
    let out = Command::cargo_bin("reviewgate")
        .unwrap()
        .arg("--config")
        .arg(cfg)
        .args(["scan", "--once", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "scan failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn ids(posts: &[serde_json::Value]) -> Vec<String> {
    let mut v: Vec<String> = posts
        .iter()
        .map(|p| {
            format!(
                "{}/{}",
                p["source"].as_str().unwrap(),
                p["id"].as_str().unwrap()
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn new_posts_once_then_only_changes() {
    let site = Site::default();
    site.set(
        "a",
        200,
        0,
        thread(&[
            ("p1", "alice", "Smart Security Scan is slow"),
            ("p2", "bob", "off topic"),
        ]),
    );
    let addr = serve(site.clone());
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), addr, &["a"]);

    let first = scan(&cfg);
    assert_eq!(ids(&first), ["a/p1", "a/p2"]);
    let p1 = first.iter().find(|p| p["id"] == "p1").unwrap();
    assert_eq!(p1["author"], "alice");
    assert_eq!(p1["text"], "Smart Security Scan is slow");
    assert_eq!(p1["relevant"], true);
    assert!(p1["url"]
        .as_str()
        .unwrap()
        .starts_with(&format!("http://{addr}/t/a")));
    assert_eq!(
        first.iter().find(|p| p["id"] == "p2").unwrap()["relevant"],
        false
    );

    assert!(
        scan(&cfg).is_empty(),
        "a second run over unchanged sources prints nothing"
    );

    // Re-ordered, one edited, one new: only the new one is printed.
    site.set(
        "a",
        200,
        0,
        thread(&[
            ("p3", "carol", "smart-security-scan support rocks"),
            ("p2", "bob", "off topic (edited)"),
            ("p1", "alice", "Smart Security Scan is slow"),
        ]),
    );
    assert_eq!(ids(&scan(&cfg)), ["a/p3"]);
    assert!(scan(&cfg).is_empty());
}

#[test]
fn failing_sources_do_not_stop_the_others() {
    let site = Site::default();
    site.set(
        "good",
        200,
        0,
        thread(&[("g1", "dana", "Smart Security Scan ok")]),
    );
    site.set("broken", 500, 0, "oops".into());
    site.set("slow", 200, 5_000, thread(&[("s1", "erin", "never seen")]));
    site.set(
        "empty",
        200,
        0,
        "<html><body><p>maintenance</p></body></html>".into(),
    );
    site.set("garbled", 200, 0, "<div class=\"post\" id=\"x1\"><p class=\"author\"><a class=\"username\">fr\u{e9}d</a></p><div class=\"content\">Smart Security Scan <b>trunc".into());
    let addr = serve(site.clone());
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(
        dir.path(),
        addr,
        &["good", "broken", "slow", "empty", "garbled"],
    );
    let posts = scan(&cfg);
    assert_eq!(ids(&posts), ["garbled/x1", "good/g1"]);

    // The good source's posts survive a later failure of the same source.
    site.set("good", 500, 0, "down".into());
    assert!(scan(&cfg).is_empty());
    site.set(
        "good",
        200,
        0,
        thread(&[
            ("g1", "dana", "Smart Security Scan ok"),
            ("g2", "finn", "Smart Security Scan again"),
        ]),
    );
    assert_eq!(ids(&scan(&cfg)), ["good/g2"]);
}

#[test]
fn sigkill_mid_scan_loses_and_duplicates_nothing() {
    let site = Site::default();
    let fast: Vec<(String, String, String)> = (0..40)
        .map(|i| {
            (
                format!("f{i}"),
                format!("user{i}"),
                format!("Smart Security Scan post {i}"),
            )
        })
        .collect();
    let fast_ref: Vec<(&str, &str, &str)> = fast
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    site.set("fast", 200, 0, thread(&fast_ref));
    site.set(
        "slow",
        200,
        30_000,
        thread(&[("s1", "late", "Smart Security Scan late post")]),
    );
    let addr = serve(site.clone());
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), addr, &["fast", "slow"]);
    // Long timeout so the slow source is still in flight when the process is killed.
    let text = std::fs::read_to_string(&cfg)
        .unwrap()
        .replace("timeout = \"2s\"", "timeout = \"60s\"");
    std::fs::write(&cfg, text).unwrap();

    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("reviewgate"))
        .arg("--config")
        .arg(&cfg)
        .args(["scan", "--once", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the fast source's poll is committed (its posts are printed after commit).
    let stdout = child.stdout.take().unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stdout));
    let first = lines.next().expect("fast source printed").unwrap();
    assert!(first.contains("\"fast\""));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    site.set(
        "slow",
        200,
        0,
        thread(&[("s1", "late", "Smart Security Scan late post")]),
    );
    let rerun = scan(&cfg);
    assert_eq!(
        ids(&rerun),
        ["slow/s1"],
        "every fast post was stored exactly once before the kill"
    );
    assert!(scan(&cfg).is_empty());
    let listed = Command::cargo_bin("reviewgate")
        .unwrap()
        .arg("--config")
        .arg(&cfg)
        .args(["queue", "list", "--json"])
        .output()
        .unwrap();
    assert!(listed.status.success());
}

#[test]
fn an_edit_that_takes_back_a_value_reopens_the_replys_assessment() {
    let site = Site::default();
    site.set(
        "e",
        200,
        0,
        thread(&[(
            "p1",
            "alice",
            "Smart Security Scan blocked shop.acme-test.de for a day",
        )]),
    );
    let addr = serve(site.clone());
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), addr, &["e"]);
    let accounts = dir.path().join("accounts.csv");
    std::fs::write(
        &accounts,
        "id,name,email,hosts,status,plan,created_at,cancelled_at\nC-1,Alice Example,alice@acme-test.de,shop.acme-test.de,active,pro,2024-01-01,\n",
    )
    .unwrap();
    let rg = || {
        let mut c = Command::cargo_bin("reviewgate").unwrap();
        c.arg("--config").arg(&cfg);
        c
    };
    rg().args(["customers", "import"])
        .arg(&accounts)
        .assert()
        .success();
    assert_eq!(ids(&scan(&cfg)), ["e/p1"]);
    // Repeating what the poster wrote is no disclosure...
    rg().args([
        "queue",
        "rewrite",
        "1",
        "--text",
        "Sorry about shop.acme-test.de, alice.",
    ])
    .assert()
    .success()
    .stdout(predicates::str::contains("decision routine"));
    // ...until the poster edits it out: the reply is held again.
    site.set(
        "e",
        200,
        0,
        thread(&[(
            "p1",
            "alice",
            "Smart Security Scan blocked my shop for a day",
        )]),
    );
    assert!(scan(&cfg).is_empty(), "an edit is not a new post");
    let out = rg()
        .args(["queue", "show", "1", "--json"])
        .output()
        .unwrap();
    let item: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(item["decision"], "needs_review", "{item}");
    assert_eq!(item["version"], 3);
    assert_eq!(item["reply"], "Sorry about shop.acme-test.de, alice.");
}

#[test]
fn a_post_that_becomes_relevant_through_an_edit_gets_its_draft() {
    let site = Site::default();
    site.set(
        "r",
        200,
        0,
        thread(&[("p1", "dora", "my cat is called Pixel")]),
    );
    let addr = serve(site.clone());
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), addr, &["r"]);
    let queue_len = || {
        let out = Command::cargo_bin("reviewgate")
            .unwrap()
            .arg("--config")
            .arg(&cfg)
            .args(["queue", "list", "--json"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).lines().count()
    };
    assert_eq!(ids(&scan(&cfg)), ["r/p1"]);
    assert_eq!(queue_len(), 0, "not relevant: no draft");
    site.set(
        "r",
        200,
        0,
        thread(&[(
            "p1",
            "dora",
            "my cat is called Pixel. Smart Security Scan flagged my blog!",
        )]),
    );
    assert!(scan(&cfg).is_empty());
    assert_eq!(queue_len(), 1, "relevant after the edit: one draft");
    assert!(scan(&cfg).is_empty());
    assert_eq!(queue_len(), 1, "drafted once");
}
