//! Pages written to hurt the poller, served on loopback: `next` links to local files, FIFOs
//! and devices behind `file://` links, nesting deep enough to exhaust a stack, and one post
//! with a hundred thousand addresses. Each must stay that one source's problem.

mod common_http;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::Duration;

use common_http::{test_http_config, Canned, TestServer};
use reviewgate::config::{SelectConfig, SourceConfig, SourceKind};
use reviewgate::extract::{CompiledSource, Limits};
use reviewgate::http::{FetchRequest, HttpClient};
use reviewgate::sources::{poll, PollError, PollOutcome};

const CANARY: &str = "CANARY-7f3e-local-file-content";

fn html_source(name: &str, url: String, max_pages: u32) -> SourceConfig {
    SourceConfig {
        name: name.into(),
        kind: SourceKind::Html,
        url,
        interval: Duration::from_secs(900),
        max_pages,
        keywords: vec![],
        exclude: vec![],
        preset: None,
        select: SelectConfig {
            item: Some("div.post".into()),
            author: Some("b.author".into()),
            text: Some("div.content".into()),
            next: Some("a[rel=next]@href".into()),
            ..Default::default()
        },
        embedded_json: None,
        headers_from_env: BTreeMap::new(),
        follow_hosts: Vec::new(),
        reply_window: None,
        staff_authors: None,
        publisher: None,
    }
}

fn page(posts: &[(&str, &str)], next: Option<&str>) -> String {
    let mut s = String::from("<html><body>");
    for (author, text) in posts {
        s.push_str(&format!(
            "<div class=\"post\"><b class=\"author\">{author}</b><div class=\"content\">{text}</div></div>"
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

fn json(body: impl Into<Vec<u8>>) -> Canned {
    Canned::status(200)
        .header("content-type", "application/json")
        .body(body)
}

fn client() -> HttpClient {
    let mut config = test_http_config();
    config.max_attempts = 1;
    config.respect_robots_txt = false;
    config.max_body_bytes = 5_000_000;
    HttpClient::new(&config).unwrap()
}

async fn run_with(src: &SourceConfig, limits: Limits) -> PollOutcome {
    let compiled = CompiledSource::compile(src).unwrap().with_limits(limits);
    poll(
        &client(),
        src,
        &std::sync::Arc::new(compiled),
        &HashMap::new(),
    )
    .await
}

async fn run(src: &SourceConfig) -> PollOutcome {
    run_with(src, Limits::default()).await
}

/// A local file that must never be read by an http source, shaped like the source's pages so
/// that, were it followed, its content would come out as a post.
fn canary_file(dir: &Path) -> url::Url {
    let path = dir.join("canary.html");
    std::fs::write(&path, page(&[("local", CANARY)], None)).unwrap();
    url::Url::from_file_path(path).unwrap()
}

fn assert_no_canary(out: &PollOutcome) {
    for (p, _) in &out.posts {
        assert!(!p.text.contains(CANARY), "a local file was read: {p:?}");
    }
}

#[tokio::test]
async fn next_links_never_leave_the_sources_origin() {
    let dir = tempfile::tempdir().unwrap();
    let canary = canary_file(dir.path());
    let server = TestServer::start().await;

    // HTML `next`.
    server.always(
        "/t/1",
        html(page(&[("jan", "first page")], Some(canary.as_str()))),
    );
    let src = html_source("forum", server.url("/t/1").to_string(), 5);
    let out = run(&src).await;
    assert_no_canary(&out);
    assert_eq!(out.posts.len(), 1, "the page before the link is kept");
    let err = out.error.expect("the link is refused").to_string();
    assert!(
        err.starts_with(&format!("source forum: not following next link {canary}: ")),
        "{err}"
    );

    // JSON Feed `next_url`.
    let feed = format!(
        r#"{{"version": "https://jsonfeed.org/version/1.1", "title": "t", "next_url": "{canary}",
            "items": [{{"id": "1", "content_text": "feed entry", "authors": [{{"name": "eva"}}]}}]}}"#
    );
    server.always("/feed.json", json(feed));
    let mut src = html_source("feed", server.url("/feed.json").to_string(), 5);
    src.kind = SourceKind::Feed;
    src.select = SelectConfig::default();
    let out = run(&src).await;
    assert_no_canary(&out);
    assert!(
        matches!(out.error, Some(PollError::NotFollowed { .. })),
        "{:?}",
        out.error
    );

    // JSON Pointer `next`, and another host that follow_hosts does not list.
    for next in [canary.to_string(), "http://evil.example/api".to_string()] {
        let body = format!(r#"{{"items": [{{"a": "kim", "t": "api post"}}], "next": "{next}"}}"#);
        server.always("/api", json(body));
        let mut src = html_source("api", server.url("/api").to_string(), 5);
        src.kind = SourceKind::Json;
        src.select = SelectConfig {
            item: Some("/items".into()),
            author: Some("/a".into()),
            text: Some("/t".into()),
            next: Some("/next".into()),
            ..Default::default()
        };
        let out = run(&src).await;
        assert_no_canary(&out);
        let err = out.error.expect("refused").to_string();
        assert!(err.contains("not following next link"), "{err}");
    }

    // The same origin is followed; another port of the same host only when listed.
    let other = TestServer::start().await;
    other.always("/t/2", html(page(&[("ola", "on the cdn")], None)));
    let next = other.url("/t/2");
    server.always(
        "/t/3",
        html(page(&[("jan", "page one")], Some(next.as_str()))),
    );
    let mut src = html_source("cdn", server.url("/t/3").to_string(), 5);
    let out = run(&src).await;
    assert!(matches!(out.error, Some(PollError::NotFollowed { .. })));
    src.follow_hosts = vec![format!("127.0.0.1:{}", other.addr.port())];
    let out = run(&src).await;
    assert!(out.is_success(), "{:?}", out.error);
    assert_eq!(out.posts.len(), 2);
}

#[tokio::test]
async fn file_sources_follow_links_only_inside_their_folder() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir(&site).unwrap();
    let canary = canary_file(dir.path());
    std::fs::write(site.join("1.html"), page(&[("jan", "one")], Some("2.html"))).unwrap();
    std::fs::write(
        site.join("2.html"),
        page(&[("eva", "two")], Some("../canary.html")),
    )
    .unwrap();
    let first = url::Url::from_file_path(site.join("1.html")).unwrap();
    let out = run(&html_source("local", first.to_string(), 5)).await;
    assert_no_canary(&out);
    assert_eq!(out.posts.len(), 2);
    let err = out.error.expect("refused").to_string();
    assert!(err.contains("outside the source's folder"), "{err}");

    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(canary.to_file_path().unwrap(), site.join("3.html")).unwrap();
        std::fs::write(site.join("2.html"), page(&[("eva", "two")], Some("3.html"))).unwrap();
        let out = run(&html_source("local", first.to_string(), 5)).await;
        assert_no_canary(&out);
        assert!(
            out.error.is_some(),
            "a symlink out of the folder is refused"
        );
    }
}

#[cfg(unix)]
#[tokio::test]
async fn fifos_and_devices_are_refused_not_waited_for() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.html");
    let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    let http = client();
    for (path, kind) in [
        (fifo.as_path(), "a FIFO"),
        (Path::new("/dev/zero"), "a character device"),
        (dir.path(), "a directory"),
    ] {
        let url = url::Url::from_file_path(path).unwrap();
        // On a FIFO, an unguarded read blocks forever; this bound only turns that into a failure.
        let result = tokio::time::timeout(
            Duration::from_secs(10),
            http.fetch(&FetchRequest::get(url.clone())),
        )
        .await
        .unwrap_or_else(|_| panic!("reading {url} hung"));
        let err = result.expect_err("not a regular file").to_string();
        assert_eq!(
            err,
            format!("cannot read {url}: it is {kind}, not a regular file")
        );
    }

    // A FIFO in a file source's own folder is that source's error; the page before is kept.
    std::fs::write(
        dir.path().join("1.html"),
        page(&[("jan", "one")], Some("pipe.html")),
    )
    .unwrap();
    let first = url::Url::from_file_path(dir.path().join("1.html")).unwrap();
    let out = tokio::time::timeout(
        Duration::from_secs(10),
        run(&html_source("local", first.to_string(), 5)),
    )
    .await
    .expect("the poll hung on a FIFO");
    assert_eq!(out.posts.len(), 1);
    let err = out.error.expect("refused").to_string();
    assert!(err.contains("a FIFO, not a regular file"), "{err}");
}

/// Runs a poll on a thread with the 2 MiB stack of a tokio worker (what `run` uses), so a
/// recursion over the page's depth overflows here as it would in the service.
fn poll_on_small_stack(src: SourceConfig, limits: Limits) -> PollOutcome {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(run_with(&src, limits))
        })
        .unwrap()
        .join()
        .expect("the poll thread died")
}

#[test]
fn deep_nesting_is_the_sources_error_not_a_crash() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = rt.block_on(TestServer::start());
    let deep = |n: usize| {
        format!(
            "<html><body><div class=\"post\"><b class=\"author\">x</b><div class=\"content\">{}deep{}</div></div></body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        )
    };
    server.always("/deep", html(deep(60_000)));
    let out = poll_on_small_stack(
        html_source("nested", server.url("/deep").to_string(), 1),
        Limits::default(),
    );
    let err = out.error.expect("refused").to_string();
    assert!(
        err.starts_with(&format!(
            "source nested: {}: elements nested more than 512 levels deep",
            server.url("/deep")
        )),
        "{err}"
    );

    // At the limit the page is read, without recursion, on the same small stack.
    server.always("/at-limit", html(deep(500)));
    let out = poll_on_small_stack(
        html_source("nested", server.url("/at-limit").to_string(), 1),
        Limits::default(),
    );
    assert!(out.is_success(), "{:?}", out.error);
    assert_eq!(out.posts[0].0.text, "deep");

    // Wide rather than deep: the node cap.
    server.always("/wide", html("<p>a</p>".repeat(5_000)));
    let limits = Limits {
        max_nodes: 1_000,
        ..Limits::default()
    };
    let out = poll_on_small_stack(
        html_source("wide", server.url("/wide").to_string(), 1),
        limits,
    );
    assert!(
        matches!(&out.error, Some(e) if e.to_string().contains("more than 1000 HTML nodes")),
        "{:?}",
        out.error
    );

    // Deep HTML inside JSON values and feed entries, and deep JSON itself.
    let nested_html = format!("{}x", "<b>".repeat(60_000));
    let body = serde_json::json!({"items": [{"a": "kim", "t": nested_html}]}).to_string();
    server.always("/api-html", json(body));
    let deep_json = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    server.always("/api-deep", json(format!("{{\"items\": {deep_json}}}")));
    for path in ["/api-html", "/api-deep"] {
        let mut src = html_source("api", server.url(path).to_string(), 1);
        src.kind = SourceKind::Json;
        src.select = SelectConfig {
            item: Some("/items".into()),
            author: Some("/a".into()),
            text: Some("/t".into()),
            ..Default::default()
        };
        let out = poll_on_small_stack(src, Limits::default());
        let err = out.error.expect("refused").to_string();
        assert!(err.starts_with("source api: "), "{err}");
    }
    let feed = serde_json::json!({"version": "https://jsonfeed.org/version/1.1", "title": "t",
        "items": [{"id": "1", "content_html": nested_html}]})
    .to_string();
    server.always("/feed.json", json(feed));
    let mut src = html_source("feed", server.url("/feed.json").to_string(), 1);
    src.kind = SourceKind::Feed;
    src.select = SelectConfig::default();
    let out = poll_on_small_stack(src, Limits::default());
    let err = out.error.expect("refused").to_string();
    assert!(err.contains("nested more than 512 levels"), "{err}");
    let xml = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title>a</title><description>{}x{}</description></item></channel></rss>",
        "<b>".repeat(60_000),
        "</b>".repeat(60_000)
    );
    server.always(
        "/feed.rss",
        Canned::status(200)
            .header("content-type", "application/rss+xml")
            .body(xml),
    );
    let mut src = html_source("rss", server.url("/feed.rss").to_string(), 1);
    src.kind = SourceKind::Feed;
    src.select = SelectConfig::default();
    let out = poll_on_small_stack(src, Limits::default());
    assert!(out.error.is_some(), "deep XML is refused");
}

#[tokio::test]
async fn a_huge_post_is_cut_and_marked() {
    let server = TestServer::start().await;
    let ips: Vec<String> = (0..100_000u32)
        .map(|i| format!("10.{}.{}.{}", i >> 16, (i >> 8) & 255, i & 255))
        .collect();
    let text = ips.join(" ");
    server.always(
        "/huge",
        html(page(&[("flood", &text), ("jan", "a normal post")], None)),
    );
    let out = run(&html_source("huge", server.url("/huge").to_string(), 1)).await;
    assert!(out.is_success(), "{:?}", out.error);
    let (huge, normal) = (&out.posts[0].0, &out.posts[1].0);
    assert_eq!(huge.text.chars().count(), 64 * 1024);
    assert!(text.starts_with(&huge.text));
    assert!(huge.truncated);
    assert!(!normal.truncated);
    assert_eq!(normal.text, "a normal post");
}
