//! One `scan --once` over hostile sources beside two good ones: a body over the cap, a gzip
//! bomb, a server that stalls beyond the timeout, a redirect loop, a page nested 60,000 deep, a
//! `next` link to a local file, a `next` link to a FIFO, and a post with 100,000 addresses.
//! The good posts are stored, each hostile source fails alone naming itself, the process
//! exits normally, and no file outside the sources is read.

mod common_http;

use std::io::Write;
use std::path::Path;

use assert_cmd::Command;
use common_http::{Canned, TestServer};

const CANARY: &str = "CANARY-91c2-never-read";

fn page(posts: &[(&str, &str, &str)], next: Option<&str>) -> String {
    let mut s = String::from("<html><body>");
    for (id, author, text) in posts {
        s.push_str(&format!(
            "<div class=\"post\" id=\"{id}\"><b class=\"author\">{author}</b><div class=\"content\">{text}</div></div>"
        ));
    }
    if let Some(n) = next {
        s.push_str(&format!("<a rel=\"next\" href=\"{n}\">next</a>"));
    }
    s.push_str("</body></html>");
    s
}

fn html(body: impl Into<Vec<u8>>) -> Canned {
    Canned::status(200)
        .header("content-type", "text/html; charset=utf-8")
        .body(body)
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(data).unwrap();
    gz.finish().unwrap()
}

fn html_source(name: &str, url: &str) -> String {
    format!(
        r#"
[[sources]]
name = "{name}"
kind = "html"
url = "{url}"
max_pages = 3
keywords = ["smart security scan"]
[sources.select]
item = "div.post"
id = "@id"
author = "b.author"
text = "div.content"
next = "a[rel=next]@href"
"#
    )
}

/// Serves every source; returns the config's text.
fn sources(server: &TestServer, dir: &Path) -> String {
    let mut cfg = String::new();
    // Two good sources: an HTML thread and a JSON Feed.
    server.always(
        "/good/thread",
        html(page(
            &[("p1", "alice", "Smart Security Scan flagged my shop again")],
            None,
        )),
    );
    cfg += &html_source("good-thread", server.url("/good/thread").as_str());
    let feed = serde_json::json!({"version": "https://jsonfeed.org/version/1.1", "title": "reviews",
        "items": [{"id": "r1", "content_text": "Smart Security Scan support answered fast",
                   "authors": [{"name": "bob"}]}]});
    server.always(
        "/good/feed.json",
        Canned::status(200)
            .header("content-type", "application/feed+json")
            .body(feed.to_string()),
    );
    cfg += &format!(
        "\n[[sources]]\nname = \"good-feed\"\nkind = \"feed\"\nurl = \"{}\"\n",
        server.url("/good/feed.json")
    );

    // Over the body cap, streamed without end.
    cfg += &html_source("cap", server.url("/_test/endless").as_str());
    // 20 MB of markup in a 20 KB gzip body.
    server.always(
        "/bomb",
        html(gzip(&vec![b'a'; 20 << 20])).header("content-encoding", "gzip"),
    );
    cfg += &html_source("bomb", server.url("/bomb").as_str());
    cfg += &html_source("slow", server.url("/_test/stall").as_str());
    cfg += &html_source("loop", server.url("/_test/loop-a").as_str());
    server.always(
        "/nested",
        html(format!(
            "<html><body>{}{}</body></html>",
            "<div>".repeat(60_000),
            page(&[("n1", "deep", "Smart Security Scan")], None)
        )),
    );
    cfg += &html_source("nested", server.url("/nested").as_str());

    // A next link to a local file shaped like the thread, so it would be read as posts.
    let canary = dir.join("canary.html");
    std::fs::write(
        &canary,
        page(
            &[("c1", "local", &format!("Smart Security Scan {CANARY}"))],
            None,
        ),
    )
    .unwrap();
    let canary_url = url::Url::from_file_path(&canary).unwrap();
    server.always(
        "/filelink",
        html(page(
            &[("f1", "carol", "Smart Security Scan page one")],
            Some(canary_url.as_str()),
        )),
    );
    cfg += &html_source("filelink", server.url("/filelink").as_str());

    // A file source whose next link is a FIFO in its own folder.
    let site = dir.join("site");
    std::fs::create_dir(&site).unwrap();
    std::fs::write(
        site.join("1.html"),
        page(
            &[("l1", "dave", "Smart Security Scan local page")],
            Some("pipe.html"),
        ),
    )
    .unwrap();
    let pipe = std::ffi::CString::new(site.join("pipe.html").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(pipe.as_ptr(), 0o600) }, 0);
    cfg += &html_source(
        "fifo",
        url::Url::from_file_path(site.join("1.html"))
            .unwrap()
            .as_str(),
    );

    // One post with 100,000 IP addresses.
    let ips: Vec<String> = (0..100_000u32)
        .map(|i| format!("10.{}.{}.{}", i >> 16, (i >> 8) & 255, i & 255))
        .collect();
    server.always(
        "/huge",
        html(page(
            &[(
                "h1",
                "flood",
                &format!("Smart Security Scan {}", ips.join(" ")),
            )],
            None,
        )),
    );
    cfg += &html_source("huge", server.url("/huge").as_str());
    cfg
}

#[cfg(unix)]
#[test]
fn hostile_sources_fail_alone() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = rt.block_on(TestServer::start());
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        r#"[service]
name = "Smart Security Scan"
domains = ["smartsecurityscan.com"]

[store]
path = "store.sqlite3"

[http]
timeout = "4s"
max_attempts = 1
max_redirects = 3
max_body_bytes = 2_000_000
per_host_per_second = 1000.0
respect_robots_txt = false
{}"#,
        sources(&server, dir.path())
    );
    let cfg = dir.path().join("reviewgate.toml");
    std::fs::write(&cfg, config).unwrap();

    let out = Command::cargo_bin("reviewgate")
        .unwrap()
        .arg("--config")
        .arg(&cfg)
        .args(["scan", "--once", "--json"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "scan failed:\n{stderr}");

    let posts: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let printed: Vec<String> = posts
        .iter()
        .map(|p| {
            format!(
                "{}/{}",
                p["source"].as_str().unwrap(),
                p["id"].as_str().unwrap()
            )
        })
        .collect();
    for want in [
        "good-thread/p1",
        "good-feed/r1",
        "filelink/f1",
        "fifo/l1",
        "huge/h1",
    ] {
        assert!(
            printed.iter().any(|p| p == want),
            "{want} missing from {printed:?}\n{stderr}"
        );
    }
    let huge = posts.iter().find(|p| p["source"] == "huge").unwrap();
    assert_eq!(huge["truncated"], true);
    assert_eq!(huge["text"].as_str().unwrap().chars().count(), 64 * 1024);

    for (source, message) in [
        ("cap", "is larger than the limit of 2000000 bytes"),
        ("bomb", "is larger than the limit of 2000000 bytes"),
        ("slow", "timed out fetching"),
        ("loop", "too many redirects"),
        ("nested", "elements nested more than 512 levels deep"),
        ("filelink", "not following next link file://"),
        ("fifo", "it is a FIFO, not a regular file"),
    ] {
        let line = stderr
            .lines()
            .find(|l| l.starts_with(&format!("warning: source {source}: ")))
            .unwrap_or_else(|| panic!("no warning for {source} in\n{stderr}"));
        assert!(line.contains(message), "{source}: {line}");
    }
    for good in ["good-thread", "good-feed", "huge"] {
        assert!(
            !stderr.contains(&format!("source {good}:")),
            "{good} failed:\n{stderr}"
        );
    }

    // Stored: the good posts, the huge one marked; nothing of the local file anywhere.
    let db = rusqlite::Connection::open(dir.path().join("store.sqlite3")).unwrap();
    let stored: Vec<(String, String, bool)> = db
        .prepare("SELECT source, id, truncated FROM posts ORDER BY source, id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for want in ["good-thread/p1", "good-feed/r1"] {
        assert!(
            stored.iter().any(|(s, id, _)| format!("{s}/{id}") == want),
            "{want} not stored: {stored:?}"
        );
    }
    assert!(stored.contains(&("huge".into(), "h1".into(), true)));
    drop(db);
    assert!(!stdout.contains(CANARY) && !stderr.contains(CANARY));
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() && path.file_name().unwrap() != "canary.html" {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !bytes.windows(CANARY.len()).any(|w| w == CANARY.as_bytes()),
                "{} holds the local file's content",
                path.display()
            );
        }
    }
}
