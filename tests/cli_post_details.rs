//! What extraction learns about a post beyond its text reaches `scan --json` and passes through
//! `match --json`: a feed entry's `title`, the `image_alts` of an image-only post, and
//! `time_assumed_utc` for a time printed without a timezone.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use url::Url;

const THREAD: &str = r#"<html><body>
<div class="post" id="p1"><b class="author">alice</b><span class="time">2026-11-01 12:00</span>
<div class="content"><img src="shot.png" alt="Smart Security Scan error dialog"></div></div>
<div class="post" id="p2"><b class="author">bob</b><span class="time">2026-11-01T13:00:00+02:00</span>
<div class="content">Plain words, a time with its offset.</div></div>
</body></html>"#;

const FEED: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>reviews</title><id>urn:reviews</id><updated>2026-11-01T12:00:00Z</updated>
  <entry>
    <id>urn:r1</id><title>Smart Security Scan lost my mail</title>
    <updated>2026-11-01T12:00:00Z</updated><author><name>carol</name></author>
    <content type="html">&lt;p&gt;Since Monday nothing arrives.&lt;/p&gt;</content>
  </entry>
</feed>"#;

fn config(dir: &Path) -> PathBuf {
    std::fs::write(dir.join("thread.html"), THREAD).unwrap();
    std::fs::write(dir.join("feed.xml"), FEED).unwrap();
    let file = |name: &str| Url::from_file_path(dir.join(name)).unwrap();
    let text = format!(
        r#"[service]
name = "Smart Security Scan"
domains = ["smartsecurityscan.com"]

[store]
path = "store.sqlite3"

[http]
respect_robots_txt = false
max_attempts = 1

[[sources]]
name = "thread"
kind = "html"
url = "{thread}"
[sources.select]
item = "div.post"
id = "@id"
author = "b.author"
time = "span.time"
text = "div.content"

[[sources]]
name = "reviews"
kind = "feed"
url = "{feed}"
"#,
        thread = file("thread.html"),
        feed = file("feed.xml"),
    );
    let p = dir.join("reviewgate.toml");
    std::fs::write(&p, text).unwrap();
    p
}

fn rg(cfg: &Path) -> Command {
    let mut c = Command::cargo_bin("reviewgate").unwrap();
    c.arg("--config").arg(cfg);
    c
}

fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

fn by_id<'a>(posts: &'a [serde_json::Value], id: &str) -> &'a serde_json::Value {
    posts
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no post {id} in {posts:#?}"))
}

#[test]
fn scan_json_carries_title_image_alts_and_assumed_utc() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path());
    let out = rg(&cfg)
        .args(["scan", "--once", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let posts = json_lines(&out.stdout);
    assert_eq!(posts.len(), 3, "{posts:#?}");

    let image_only = by_id(&posts, "p1");
    assert_eq!(image_only["text"], "");
    assert_eq!(
        image_only["image_alts"],
        serde_json::json!(["Smart Security Scan error dialog"])
    );
    assert_eq!(image_only["published_at"], "2026-11-01T12:00:00Z");
    assert_eq!(image_only["time_assumed_utc"], true);

    let plain = by_id(&posts, "p2");
    assert_eq!(plain["published_at"], "2026-11-01T11:00:00Z");
    // Absent rather than false: the contract only adds fields where they say something.
    assert!(plain.get("time_assumed_utc").is_none(), "{plain}");
    assert!(plain.get("image_alts").is_none(), "{plain}");
    assert!(plain.get("title").is_none(), "{plain}");

    let entry = by_id(&posts, "urn:r1");
    assert_eq!(entry["title"], "Smart Security Scan lost my mail");
    assert_eq!(entry["source"], "reviews");

    // A rescan prints nothing new: the details ride on newly seen posts only.
    let again = rg(&cfg)
        .args(["scan", "--once", "--json"])
        .output()
        .unwrap();
    assert!(again.status.success());
    assert!(
        again.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
}

#[test]
fn match_json_passes_the_details_through() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path());
    let line = serde_json::json!({
        "source": "reviews", "id": "urn:r1", "author": "carol",
        "text": "Since Monday nothing arrives.", "title": "Smart Security Scan lost my mail",
        "image_alts": ["error dialog"], "time_assumed_utc": true,
    });
    let out = rg(&cfg)
        .args(["match", "--json"])
        .write_stdin(format!("{line}\n{{\"author\":\"x\",\"text\":\"y\"}}\n"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let posts = json_lines(&out.stdout);
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[0]["title"], "Smart Security Scan lost my mail");
    assert_eq!(posts[0]["image_alts"], serde_json::json!(["error dialog"]));
    assert_eq!(posts[0]["time_assumed_utc"], true);
    assert!(posts[0].get("match").is_some());
    assert!(posts[1].get("title").is_none(), "{}", posts[1]);
    assert!(posts[1].get("time_assumed_utc").is_none(), "{}", posts[1]);
}
