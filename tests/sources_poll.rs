//! Polling sources against a real loopback server serving `fixtures/site/`: pagination, 304s
//! that continue from the cached `next`, errors part-way, selectors that match nothing,
//! broken pages, environment headers, feeds and JSON.

mod common_http;

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use common_http::{test_http_config, Canned, TestServer};
use reviewgate::config::{SelectConfig, SourceConfig, SourceKind};
use reviewgate::extract::CompiledSource;
use reviewgate::http::HttpClient;
use reviewgate::sources::{poll, PageCache, PollError, PollOutcome};

const PAGE1: &str = "/phpbb/smart-security-scan-t4821.html";
const PAGE2: &str = "/phpbb/smart-security-scan-t4821-10.html";

fn source(
    name: &str,
    kind: SourceKind,
    url: String,
    preset: Option<&str>,
    max_pages: u32,
) -> SourceConfig {
    SourceConfig {
        name: name.into(),
        kind,
        url,
        interval: Duration::from_secs(900),
        max_pages,
        keywords: vec!["smart security scan".into(), "smartsecurityscan".into()],
        exclude: vec![],
        preset: preset.map(Into::into),
        select: SelectConfig::default(),
        embedded_json: None,
        headers_from_env: BTreeMap::new(),
        follow_hosts: Vec::new(),
        reply_window: None,
        staff_authors: None,
        publisher: None,
    }
}

fn http() -> HttpClient {
    let mut config = test_http_config();
    config.max_attempts = 1;
    HttpClient::new(&config).unwrap()
}

async fn run(src: &SourceConfig, cache: &HashMap<String, PageCache>) -> PollOutcome {
    let compiled = CompiledSource::compile(src).unwrap();
    poll(&http(), src, &std::sync::Arc::new(compiled), cache).await
}

fn ids(out: &PollOutcome) -> Vec<(&str, bool)> {
    out.posts
        .iter()
        .map(|(p, relevant)| (p.id.as_str(), *relevant))
        .collect()
}

#[tokio::test]
async fn follows_next_across_pages() {
    let server = TestServer::start().await;
    let src = source(
        "phpbb-thread",
        SourceKind::Html,
        server.url(PAGE1).to_string(),
        Some("phpbb"),
        5,
    );
    let out = run(&src, &HashMap::new()).await;
    assert!(out.is_success(), "{:?}", out.error);
    assert_eq!(
        ids(&out),
        vec![
            ("p70011", true),
            ("p70012", true),
            ("p70013", false),
            ("p70014", true),
            ("p70016", true),
            ("p70017", true),
            ("p70018", false)
        ]
    );
    assert_eq!(
        (out.pages_fetched, out.not_modified, out.items_found),
        (2, 0, 7)
    );
    assert_eq!(
        out.posts[0].0.url.as_deref(),
        Some(format!("{}#p70011", server.url(PAGE1)).as_str())
    );
    let pages: Vec<(&str, Option<&str>)> = out
        .pages
        .iter()
        .map(|(u, c)| (u.as_str(), c.next.as_deref()))
        .collect();
    let (u1, u2) = (server.url(PAGE1).to_string(), server.url(PAGE2).to_string());
    assert_eq!(
        pages,
        vec![(u1.as_str(), Some(u2.as_str())), (u2.as_str(), None)]
    );
    assert!(out.pages.iter().all(|(_, c)| c.validators.etag.is_some()));

    // max_pages bounds the walk.
    let one = run(
        &source(
            "phpbb-thread",
            SourceKind::Html,
            u1.clone(),
            Some("phpbb"),
            1,
        ),
        &HashMap::new(),
    )
    .await;
    assert_eq!((one.pages_fetched, one.posts.len()), (1, 4));
}

#[tokio::test]
async fn unchanged_pages_cost_no_parse_and_pagination_continues_from_cache() {
    let server = TestServer::start().await;
    let src = source(
        "phpbb-thread",
        SourceKind::Html,
        server.url(PAGE1).to_string(),
        Some("phpbb"),
        5,
    );
    let first = run(&src, &HashMap::new()).await;
    let cache: HashMap<String, PageCache> = first.pages.iter().cloned().collect();

    let second = run(&src, &cache).await;
    assert!(second.is_success(), "{:?}", second.error);
    assert_eq!(
        (
            second.not_modified,
            second.pages_fetched,
            second.items_found
        ),
        (2, 0, 0)
    );
    assert!(second.posts.is_empty());
    assert!(
        !second.selectors_matched_nothing(),
        "304s are not a selector failure"
    );
    assert_eq!(
        second.pages, first.pages,
        "the cache entries carry over unchanged"
    );
    // Page 2 was asked for, with its own validators, though page 1 was never parsed.
    let p2 = server.requests_for(PAGE2);
    assert_eq!(p2.len(), 2);
    assert_eq!(
        p2[1].headers["if-none-match"],
        cache[&server.url(PAGE2).to_string()]
            .validators
            .etag
            .clone()
            .unwrap()
            .as_str()
    );
}

#[tokio::test]
async fn an_error_on_page_two_keeps_page_one() {
    let server = TestServer::start().await;
    server.always(PAGE2, Canned::status(500));
    let src = source(
        "phpbb-thread",
        SourceKind::Html,
        server.url(PAGE1).to_string(),
        Some("phpbb"),
        5,
    );
    let out = run(&src, &HashMap::new()).await;
    assert_eq!(
        ids(&out),
        vec![
            ("p70011", true),
            ("p70012", true),
            ("p70013", false),
            ("p70014", true)
        ]
    );
    assert_eq!(out.pages.len(), 1);
    let message = out.error_message().unwrap();
    let error = out.error.expect("page 2 failed");
    assert!(matches!(error, PollError::Fetch { .. }));
    assert_eq!(message, error.to_string());
    assert_eq!(
        error.to_string(),
        format!(
            "source phpbb-thread: {} answered HTTP 500",
            server.url(PAGE2)
        )
    );
}

#[tokio::test]
async fn item_selector_matching_nothing_is_visible() {
    let server = TestServer::start().await;
    let url = server
        .url("/xenforo/smart-security-scan-experiences.3310.html")
        .to_string();
    let out = run(
        &source(
            "moved-forum",
            SourceKind::Html,
            url.clone(),
            Some("phpbb"),
            3,
        ),
        &HashMap::new(),
    )
    .await;
    assert!(out.is_success());
    assert!(out.selectors_matched_nothing());
    assert_eq!((out.pages_fetched, out.items_found), (1, 0));
    assert_eq!(out.empty_pages, vec![url]);

    // An empty feed is a quiet feed, not broken selectors.
    let empty =
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title></channel></rss>";
    server.always(
        "/_test/empty.rss",
        Canned::status(200)
            .header("content-type", "application/rss+xml")
            .body(empty),
    );
    let feed = source(
        "quiet-feed",
        SourceKind::Feed,
        server.url("/_test/empty.rss").to_string(),
        None,
        1,
    );
    let out = run(&feed, &HashMap::new()).await;
    assert!(out.is_success(), "{:?}", out.error);
    assert_eq!((out.pages_fetched, out.items_found), (1, 0));
    assert!(!out.selectors_matched_nothing());
}

#[tokio::test]
async fn truncated_pages_with_invalid_utf8_are_read_as_far_as_they_go() {
    let server = TestServer::start().await;
    let full = std::fs::read(format!(
        "{}/fixtures/site{PAGE1}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut broken = full[..full.len() * 3 / 5].to_vec();
    let at = broken.windows(8).position(|w| w == b"Tuesday ").unwrap();
    broken[at + 7] = 0xc3; // a lone UTF-8 lead byte
    server.always(
        "/_test/broken.html",
        Canned::status(200)
            .header("content-type", "text/html; charset=utf-8")
            .body(broken),
    );
    let src = source(
        "broken",
        SourceKind::Html,
        server.url("/_test/broken.html").to_string(),
        Some("phpbb"),
        1,
    );
    let out = run(&src, &HashMap::new()).await;
    assert!(out.is_success(), "{:?}", out.error);
    assert!(out.items_found >= 2, "{}", out.items_found);
    let first = &out.posts[0].0;
    assert_eq!(
        (first.id.as_str(), first.author.as_str()),
        ("p70011", "jan_b")
    );
    assert!(
        first.text.starts_with("Since Tuesday\u{fffd}my shop"),
        "{}",
        first.text
    );
}

#[tokio::test]
async fn headers_from_env_are_resolved_or_reported() {
    let server = TestServer::start().await;
    let mut src = source(
        "review-api",
        SourceKind::Json,
        server.url("/api/reviews-page1.json").to_string(),
        None,
        1,
    );
    src.select = SelectConfig {
        item: Some("/data/reviews".into()),
        author: Some("/user/handle".into()),
        text: Some("/content_html".into()),
        time: Some("/posted".into()),
        id: Some("/review_id".into()),
        link: Some("/permalink".into()),
        next: Some("/links/next".into()),
    };
    src.headers_from_env.insert(
        "Authorization".into(),
        "REVIEWGATE_TEST_UNSET_VAR_7731".into(),
    );
    let out = run(&src, &HashMap::new()).await;
    let error = out.error.expect("missing variable");
    assert_eq!(
        error.to_string(),
        "source review-api: header Authorization needs environment variable REVIEWGATE_TEST_UNSET_VAR_7731, which is not set"
    );
    assert!(
        server.requests().is_empty(),
        "nothing is fetched without the header"
    );

    // PATH is set in every test environment; its value stands in for a token.
    src.headers_from_env = BTreeMap::from([("X-Api-Key".to_string(), "PATH".to_string())]);
    let out = run(&src, &HashMap::new()).await;
    assert!(out.is_success(), "{:?}", out.error);
    assert_eq!(
        ids(&out),
        vec![("88120", true), ("88131", true), ("88140", false)]
    );
    let sent = &server.requests_for("/api/reviews-page1.json")[0].headers["x-api-key"];
    assert_eq!(sent.to_str().unwrap(), std::env::var("PATH").unwrap());
}

#[tokio::test]
async fn embedded_json_and_feed_pagination() {
    let server = TestServer::start().await;
    let mut src = source(
        "trustpanel",
        SourceKind::Json,
        server
            .url("/reviews/smartsecurityscan.com.html")
            .to_string(),
        None,
        1,
    );
    src.embedded_json = Some("script#__NEXT_DATA__".into());
    src.keywords.clear();
    src.select = SelectConfig {
        item: Some("/props/pageProps/reviews".into()),
        author: Some("/author/displayName".into()),
        text: Some("/body".into()),
        time: Some("/createdAt".into()),
        id: Some("/id".into()),
        link: Some("/url".into()),
        next: None,
    };
    let out = run(&src, &HashMap::new()).await;
    assert_eq!(
        ids(&out),
        vec![
            ("rv_7f3a91", true),
            ("rv_7f3b02", true),
            ("rv_7f3c44", true)
        ]
    );
    assert_eq!(out.posts[1].0.author, "Kwame Mensah");

    let atom = source(
        "status-board",
        SourceKind::Feed,
        server.url("/feeds/status-forum.atom").to_string(),
        None,
        3,
    );
    let out = run(&atom, &HashMap::new()).await;
    assert!(out.is_success(), "{:?}", out.error);
    assert_eq!(out.pages_fetched, 2);
    let authors: Vec<&str> = out.posts.iter().map(|(p, _)| p.author.as_str()).collect();
    assert_eq!(authors, vec!["julia_w", "ahmed.h", "rackdealer", "noahw"]);
}

#[tokio::test]
async fn unreadable_documents_name_source_and_url() {
    let server = TestServer::start().await;
    let mut src = source(
        "api",
        SourceKind::Json,
        server
            .url("/phpbb/smart-security-scan-t4821.html")
            .to_string(),
        None,
        1,
    );
    src.select = SelectConfig {
        item: Some("/items".into()),
        author: Some("/a".into()),
        text: Some("/t".into()),
        ..Default::default()
    };
    let out = run(&src, &HashMap::new()).await;
    let error = out.error.expect("HTML is not JSON");
    assert!(matches!(error, PollError::Extract { .. }));
    let expected = format!(
        "source api: {}: not valid JSON",
        server.url("/phpbb/smart-security-scan-t4821.html")
    );
    assert!(error.to_string().starts_with(&expected), "{error}");

    let bad = source("bad-url", SourceKind::Feed, "not a url".into(), None, 1);
    let out = run(&bad, &HashMap::new()).await;
    assert!(out
        .error
        .unwrap()
        .to_string()
        .starts_with("source bad-url: invalid URL \"not a url\""));
}

#[tokio::test]
async fn a_next_link_past_max_pages_is_neither_followed_nor_refused() {
    // The last page allowed may link anywhere: it is not followed, so it is no error. Within
    // max_pages the same link is refused, naming the origin it leaves.
    let server = TestServer::start().await;
    let page = std::fs::read_to_string(format!(
        "{}/fixtures/site{PAGE2}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .replace(
        "</body>",
        "<a rel=next href='https://elsewhere.example/page-2'>next</a></body>",
    );
    server.always(
        "/_test/offsite-next.html",
        Canned::status(200)
            .header("content-type", "text/html; charset=utf-8")
            .body(page),
    );
    let url = server.url("/_test/offsite-next.html").to_string();
    let one = run(
        &source("last", SourceKind::Html, url.clone(), Some("phpbb"), 1),
        &HashMap::new(),
    )
    .await;
    assert!(one.is_success(), "{:?}", one.error);
    assert_eq!((one.pages_fetched, one.posts.len()), (1, 3));
    let two = run(
        &source("within", SourceKind::Html, url, Some("phpbb"), 2),
        &HashMap::new(),
    )
    .await;
    assert!(
        matches!(two.error, Some(PollError::NotFollowed { .. })),
        "{:?}",
        two.error
    );
}
