//! `sources detect URL` on every real saved page served on loopback (robots.txt honoured), and
//! `sources test` failing loudly when a source finds items but extracts nothing from them, or
//! leaves a field empty on most of them.

mod common_http;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common_http::{Canned, TestServer};

/// Serves `fixtures/site/` on its own thread for as long as the test process lives.
fn serve() -> SocketAddr {
    serve_with(|_| {})
}

/// Like [`serve`], with canned answers set up first.
fn serve_with(setup: impl FnOnce(&TestServer) + Send + 'static) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let server = TestServer::start().await;
            setup(&server);
            tx.send(server.addr).unwrap();
            std::future::pending::<()>().await;
        });
    });
    rx.recv().unwrap()
}

fn config(dir: &Path, sources: &str) -> PathBuf {
    let text = format!(
        r#"[service]
name = "Smart Security Scan"
domains = ["smartsecurityscan.com"]

[store]
path = "store.sqlite3"

[http]
timeout = "5s"
per_host_per_second = 1000.0
respect_robots_txt = true
max_attempts = 1
{sources}"#
    );
    let p = dir.join("reviewgate.toml");
    std::fs::write(&p, text).unwrap();
    p
}

fn reviewgate(cfg: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("reviewgate")
        .unwrap()
        .arg("--config")
        .arg(cfg)
        .args(args)
        .output()
        .unwrap()
}

fn real_pages() -> Vec<(String, serde_json::Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/site/real");
    let mut pages: Vec<(String, serde_json::Value)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().to_string();
            let page = name.strip_suffix(".truth.json")?.to_string();
            let truth = std::fs::read_to_string(dir.join(&name)).unwrap();
            Some((page, serde_json::from_str(&truth).unwrap()))
        })
        .collect();
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    pages
}

#[test]
fn detect_names_the_software_and_prints_a_source_block_for_every_real_page() {
    let addr = serve();
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "");
    let pages = real_pages();
    assert!(!pages.is_empty());
    for (page, truth) in pages {
        let url = format!("http://{addr}/real/{page}.html");
        let out = reviewgate(&cfg, &["sources", "detect", &url]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{page}: {stdout}\n{stderr}");
        let preset = truth["preset"].as_str().unwrap();
        assert!(
            stdout.contains(&format!("software: {preset}")),
            "{page}: {stdout}"
        );
        assert!(stdout.contains("read by: "), "{page}: {stdout}");
        // A sample of three posts with every field, the first one being the page's first post.
        assert_eq!(
            stdout.matches("\npost ").count(),
            3.min(truth["posts"].as_array().unwrap().len()),
            "{page}: {stdout}"
        );
        let first = &truth["posts"][0];
        assert!(
            stdout.contains(&format!("  author: {}", first["author"].as_str().unwrap())),
            "{page}: {stdout}"
        );
        assert!(stdout.contains("  time: "), "{page}: {stdout}");
        assert!(stdout.contains("[[sources]]"), "{page}: {stdout}");
        assert!(
            stdout.contains(&format!("preset = \"{preset}\"")),
            "{page}: {stdout}"
        );
        assert!(
            stdout.contains(&format!("url = \"{url}\"")),
            "{page}: {stdout}"
        );
        // The sample shows what the pasted block reads, and the block passes `sources test`
        // as pasted: the README's minute is paste, test, done.
        assert!(!stdout.contains("warning:"), "{page}: {stdout}");
        let block = &stdout[stdout.find("[[sources]]").unwrap()..];
        let name = block
            .lines()
            .find_map(|l| l.strip_prefix("name = \""))
            .and_then(|l| l.strip_suffix('"'))
            .unwrap_or_else(|| panic!("{page}: no name in {block}"));
        // One page only: the loopback server holds no second page of these threads.
        let block = block.replace("max_pages = 5", "max_pages = 1");
        let pasted = tempfile::tempdir().unwrap();
        let pasted_cfg = config(pasted.path(), &format!("\n{block}"));
        let out = reviewgate(&pasted_cfg, &["sources", "test", name]);
        assert!(
            out.status.success(),
            "{page}: the pasted block fails `sources test`:\n{block}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn detect_exits_1_with_the_reason_when_nothing_can_be_read() {
    let addr = serve();
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "");
    let url = format!("http://{addr}/api/reviews-page1.json");
    let out = reviewgate(&cfg, &["sources", "detect", &url]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("nothing could be extracted"), "{stderr}");
    assert!(stderr.contains("api/reviews-page1.json"), "{stderr}");
    let out = reviewgate(&cfg, &["sources", "detect", "not a url"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn sources_test_fails_when_items_yield_no_post_or_most_lack_a_field() {
    let addr = serve();
    let dir = tempfile::tempdir().unwrap();
    let page = format!("http://{addr}/real/phpbb-dostips-005d.html");
    let cfg = config(
        dir.path(),
        &format!(
            r#"
[[sources]]
name = "no-text"
kind = "html"
url = "{page}"
preset = "phpbb"
[sources.select]
text = "div.no-such-body"

[[sources]]
name = "no-author"
kind = "html"
url = "{page}"
preset = "phpbb"
[sources.select]
author = ["span.no-such-name", "b.neither"]

[[sources]]
name = "fine"
kind = "html"
url = "{page}"
preset = "phpbb"
"#
        ),
    );
    let out = reviewgate(&cfg, &["sources", "test", "no-text"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("15 item(s) found but no post extracted"),
        "{stderr}"
    );

    let out = reviewgate(&cfg, &["sources", "test", "no-author"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("select.author is empty on 15 of 15 item(s)"),
        "{stderr}"
    );

    let out = reviewgate(&cfg, &["sources", "test", "fine", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 15);
    // The page states its timezone (UTC-06:00), so no time is marked as assumed UTC; the
    // image-only post keeps its image's alt text.
    assert!(lines.iter().all(|l| l.get("time_assumed_utc").is_none()));
    let image_only = lines.iter().find(|l| l["id"] == "p56911").unwrap();
    assert_eq!(image_only["text"], "");
    assert_eq!(image_only["image_alts"][0], "Image");
}

#[test]
fn a_hollow_source_counts_against_its_health_with_the_field_named() {
    let addr = serve();
    let dir = tempfile::tempdir().unwrap();
    let page = format!("http://{addr}/real/phpbb-dostips-0033.html");
    let cfg = config(
        dir.path(),
        &format!(
            r#"
[[sources]]
name = "no-time"
kind = "html"
url = "{page}"
preset = "phpbb"
[sources.select]
time = "span.no-such-time"
"#
        ),
    );
    let out = reviewgate(&cfg, &["scan", "--once", "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The posts found are still stored and printed; the poll is recorded as a failure.
    let printed = String::from_utf8_lossy(&out.stdout).lines().count();
    assert_eq!(printed, 5, "{stderr}");
    let out = reviewgate(&cfg, &["sources", "list", "--json"]);
    let line: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).trim()).unwrap();
    let health = &line["health"];
    assert_eq!(health["consecutive_errors"], 1, "{line}");
    let error = health["last_error"].as_str().unwrap();
    assert!(
        error.contains("select.time is empty on 5 of 5 item(s)"),
        "{error}"
    );
}

#[test]
fn detect_honours_robots_txt() {
    let addr = serve_with(|server| {
        server.always(
            "/robots.txt",
            Canned::status(200).body("User-agent: *\nDisallow: /real/\n"),
        );
    });
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "");
    let url = format!("http://{addr}/real/phpbb-dostips-0003.html");
    let out = reviewgate(&cfg, &["sources", "detect", &url]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("robots.txt disallows"), "{stderr}");
}
