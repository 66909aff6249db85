//! The reply window end to end: relevant posts older than `reply_window` (or undated on a
//! source's first poll) are stored and matched but not queued, the repair sweep leaves them
//! alone, `scan` and `sources list` count them, and `queue backfill` queues them once.

#[allow(dead_code)] // only os_user is used here
mod cli_support;
mod common_http;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::{Duration, Utc};
use common_http::{Canned, TestServer};

/// A thread page; each post is (id, author, text, date or none).
fn page(posts: &[(&str, &str, &str, Option<String>)]) -> Canned {
    let mut s = String::from("<html><body>");
    for (id, author, text, date) in posts {
        let time = date
            .as_ref()
            .map(|d| format!("<time datetime=\"{d}\">{d}</time>"))
            .unwrap_or_default();
        s.push_str(&format!(
            "<div class=\"post\" id=\"{id}\"><b class=\"author\">{author}</b>{time}<div class=\"content\">{text}</div></div>"
        ));
    }
    s.push_str("</body></html>");
    Canned::status(200)
        .header("content-type", "text/html; charset=utf-8")
        .body(s)
}

fn setup(server: &TestServer, dir: &Path) -> PathBuf {
    let config = format!(
        r#"[service]
name = "Smart Security Scan"
domains = ["smartsecurityscan.com"]

[store]
path = "store.sqlite3"

[http]
timeout = "4s"
max_attempts = 1
per_host_per_second = 1000.0
respect_robots_txt = false

[[drafts.templates]]
name = "thanks"
text = "Thank you for the feedback, {{author}}. We read every review and pass it on to the team."

[[sources]]
name = "forum"
kind = "html"
url = "{}"
keywords = ["smart security scan"]
[sources.select]
item = "div.post"
id = "@id"
author = "b.author"
text = "div.content"
time = "time@datetime"
"#,
        server.url("/thread")
    );
    let cfg = dir.join("reviewgate.toml");
    std::fs::write(&cfg, config).unwrap();
    let customers = dir.join("customers.csv");
    std::fs::write(
        &customers,
        "id,name,email,hosts,status,plan,created_at,cancelled_at\nC-1,Ann Example,ann@acme-shop.de,www.acme-shop.de,active,pro,2024-01-01,\n",
    )
    .unwrap();
    rg(&cfg, &["customers", "import", customers.to_str().unwrap()]);
    cfg
}

/// Runs reviewgate; asserts success; returns (stdout, stderr).
fn rg(cfg: &Path, args: &[&str]) -> (String, String) {
    let out = Command::cargo_bin("reviewgate")
        .unwrap()
        .arg("--config")
        .arg(cfg)
        .args(args)
        .output()
        .unwrap();
    let (o, e) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "{args:?} failed:\n{o}\n{e}");
    (o, e)
}

fn json_lines(s: &str) -> Vec<serde_json::Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The post ids that have a queue item, sorted.
fn queued(cfg: &Path) -> Vec<String> {
    let mut ids: Vec<String> = json_lines(&rg(cfg, &["queue", "list", "--json"]).0)
        .iter()
        .map(|v| v["post_id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

fn held_back(cfg: &Path) -> u64 {
    let list = json_lines(&rg(cfg, &["sources", "list", "--json"]).0);
    list[0]["held_back"]
        .as_u64()
        .expect("sources list --json has held_back")
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn old_posts_are_stored_and_matched_not_queued_and_backfill_queues_them_once() {
    let rt = runtime();
    let server = rt.block_on(TestServer::start());
    let dir = tempfile::tempdir().unwrap();
    let cfg = setup(&server, dir.path());
    let recent = (Utc::now() - Duration::days(1)).to_rfc3339();
    server.always(
        "/thread",
        page(&[
            (
                "old1",
                "ann",
                "Smart Security Scan broke my shop, write to ann@acme-shop.de",
                Some("2020-03-01T10:00:00Z".into()),
            ),
            (
                "old2",
                "bob",
                "smart security scan was slow in 2021",
                Some("2021-06-01T10:00:00Z".into()),
            ),
            (
                "new1",
                "cid",
                "Smart Security Scan flagged www.acme-shop.de today",
                Some(recent),
            ),
        ]),
    );

    let out = rg(&cfg, &["scan", "--once", "--json"]).0;
    let posts = json_lines(&out);
    assert_eq!(posts.len(), 3, "every post is stored and printed: {out}");
    let old1 = posts.iter().find(|p| p["id"] == "old1").unwrap();
    assert_eq!(
        old1["match"]["customer_id"], "C-1",
        "an old post is still matched"
    );
    assert_eq!(
        queued(&cfg),
        ["new1"],
        "only the post inside the window is queued"
    );
    assert_eq!(held_back(&cfg), 2);
    let (human, _) = rg(&cfg, &["sources", "list"]);
    assert!(human.contains("2 held back by the reply window"), "{human}");

    // A rescan (with its repair sweep) does not queue them either.
    let (_, summary) = rg(&cfg, &["scan", "--once"]);
    assert!(summary.contains("0 held back"), "{summary}");
    assert_eq!(queued(&cfg), ["new1"]);

    // Backfill queues what was published since the date, once.
    let (said, _) = rg(
        &cfg,
        &["queue", "backfill", "forum", "--since", "2021-01-01"],
    );
    assert!(said.starts_with("1 post(s)"), "{said}");
    assert_eq!(queued(&cfg), ["new1", "old2"]);
    let (said, _) = rg(
        &cfg,
        &["queue", "backfill", "forum", "--since", "2019-01-01"],
    );
    assert!(said.starts_with("1 post(s)"), "{said}");
    assert_eq!(queued(&cfg), ["new1", "old1", "old2"]);
    assert_eq!(held_back(&cfg), 0);
    let (said, _) = rg(
        &cfg,
        &["queue", "backfill", "forum", "--since", "2019-01-01"],
    );
    assert!(
        said.starts_with("0 post(s)"),
        "a second backfill queues nothing: {said}"
    );
    assert_eq!(queued(&cfg).len(), 3);

    // The backfilled item is assessed against its account like any other draft.
    let items = json_lines(&rg(&cfg, &["queue", "list", "--json"]).0);
    let item = items.iter().find(|i| i["post_id"] == "old1").unwrap();
    assert_eq!(item["customer_id"], "C-1");

    // One audit entry per backfill that queued something, by the mapped CLI user.
    let db = rusqlite::Connection::open(dir.path().join("store.sqlite3")).unwrap();
    let actors: Vec<String> = db
        .prepare("SELECT actor FROM audit WHERE action = 'backfill' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let me = format!("cli:{}", cli_support::os_user());
    assert_eq!(actors, [me.clone(), me]);
    rg(&cfg, &["audit", "verify"]);
}

#[test]
fn undated_posts_are_held_on_the_first_poll_and_new_on_later_ones() {
    let rt = runtime();
    let server = rt.block_on(TestServer::start());
    let dir = tempfile::tempdir().unwrap();
    let cfg = setup(&server, dir.path());
    let first = ("u1", "ann", "smart security scan, no date here", None);
    server.always("/thread", page(std::slice::from_ref(&first)));
    let (_, summary) = rg(&cfg, &["scan", "--once"]);
    assert!(summary.contains("1 held back"), "{summary}");
    assert!(
        summary.contains("queue backfill forum --since"),
        "{summary}"
    );
    assert!(
        queued(&cfg).is_empty(),
        "an undated post on the first poll may be years old"
    );

    server.always(
        "/thread",
        page(&[
            first,
            ("u2", "bob", "smart security scan again, undated", None),
        ]),
    );
    rg(&cfg, &["scan", "--once"]);
    assert_eq!(
        queued(&cfg),
        ["u2"],
        "later, an undated post is new; the repair sweep leaves the held one alone"
    );
    rg(&cfg, &["scan", "--once"]);
    assert_eq!(queued(&cfg), ["u2"]);
    assert_eq!(held_back(&cfg), 1);
}

#[test]
fn a_zero_window_queues_everything() {
    let rt = runtime();
    let server = rt.block_on(TestServer::start());
    let dir = tempfile::tempdir().unwrap();
    let cfg = setup(&server, dir.path());
    let text = std::fs::read_to_string(&cfg).unwrap().replace(
        "time = \"time@datetime\"",
        "time = \"time@datetime\"\n[[sources]]\nname = \"never\"\nkind = \"html\"\nurl = \"http://127.0.0.1:9/x\"\nreply_window = \"0s\"\n[sources.select]\nitem = \"div\"\nauthor = \"b\"\ntext = \"p\"",
    );
    // The per-source override wins over [service]; here the service-wide key is off.
    let text = text.replace(
        "domains = [\"smartsecurityscan.com\"]",
        "domains = [\"smartsecurityscan.com\"]\nreply_window = \"0s\"",
    );
    std::fs::write(&cfg, text).unwrap();
    server.always(
        "/thread",
        page(&[
            (
                "o1",
                "ann",
                "smart security scan",
                Some("2019-01-01T00:00:00Z".into()),
            ),
            ("o2", "bob", "smart security scan", None),
        ]),
    );
    rg(&cfg, &["scan", "--once"]);
    assert_eq!(queued(&cfg), ["o1", "o2"]);
}
