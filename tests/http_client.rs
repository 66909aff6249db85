//! The HTTP policy against a real loopback server: conditional GET, retries and Retry-After,
//! the body cap, timeouts, robots.txt, redirects, rate limits and file URLs.

mod common_http;

use std::time::{Duration, Instant};

use common_http::{gzip_stored, test_http_config, Canned, TestServer, LAST_MODIFIED};
use reviewgate::http::{FetchError, FetchRequest, FetchResponse, HttpClient, Validators};

const PAGE: &str = "/phpbb/smart-security-scan-t4821.html";

fn client(adjust: impl FnOnce(&mut reviewgate::config::HttpConfig)) -> HttpClient {
    let mut config = test_http_config();
    adjust(&mut config);
    HttpClient::new(&config).unwrap()
}

fn fetched(r: FetchResponse) -> reviewgate::http::Page {
    match r {
        FetchResponse::Fetched(page) => page,
        FetchResponse::NotModified => panic!("expected a body, got 304"),
    }
}

#[tokio::test]
async fn conditional_get_sends_validators_and_maps_304() {
    let server = TestServer::start().await;
    let http = client(|_| {});
    let page = fetched(
        http.fetch(&FetchRequest::get(server.url(PAGE)))
            .await
            .unwrap(),
    );
    assert_eq!(
        page.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(page.body.starts_with(b"<!DOCTYPE html>"));
    let etag = page.validators.etag.clone().expect("server sends an ETag");
    assert_eq!(
        page.validators.last_modified.as_deref(),
        Some(LAST_MODIFIED)
    );

    let again = FetchRequest {
        validators: Some(page.validators.clone()),
        ..FetchRequest::get(server.url(PAGE))
    };
    assert!(matches!(
        http.fetch(&again).await.unwrap(),
        FetchResponse::NotModified
    ));

    let seen = server.requests_for(PAGE);
    assert_eq!(seen.len(), 2);
    assert!(seen[0].headers.get("if-none-match").is_none());
    assert_eq!(seen[1].headers["if-none-match"], etag.as_str());
    assert_eq!(seen[1].headers["if-modified-since"], LAST_MODIFIED);
    assert_eq!(
        seen[0].headers["user-agent"],
        "reviewgate-test/0.1 (+https://example.com/bot)"
    );
    // robots.txt was read once for the host, before the first page.
    assert_eq!(server.requests()[0].path, "/robots.txt");
    assert_eq!(server.requests_for("/robots.txt").len(), 1);
}

#[tokio::test]
async fn extra_headers_are_sent() {
    let server = TestServer::start().await;
    let http = client(|_| {});
    let req = FetchRequest {
        headers: vec![("X-Api-Key".into(), "k-123".into())],
        ..FetchRequest::get(server.url("/api/reviews-page1.json"))
    };
    http.fetch(&req).await.unwrap();
    assert_eq!(
        server.requests_for("/api/reviews-page1.json")[0].headers["x-api-key"],
        "k-123"
    );
    let bad = FetchRequest {
        headers: vec![("Bad Name".into(), "v".into())],
        ..FetchRequest::get(server.url(PAGE))
    };
    assert!(matches!(
        http.fetch(&bad).await,
        Err(FetchError::InvalidHeader { .. })
    ));
}

#[tokio::test]
async fn gzip_bodies_are_decoded_and_capped_after_decoding() {
    let server = TestServer::start().await;
    let original = std::fs::read(format!(
        "{}/fixtures/site{PAGE}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let gz = Canned::status(200)
        .header("content-encoding", "gzip")
        .header("content-type", "text/html");
    server.always("/_test/gz", gz.clone().body(gzip_stored(&original)));
    let http = client(|_| {});
    let page = fetched(
        http.fetch(&FetchRequest::get(server.url("/_test/gz")))
            .await
            .unwrap(),
    );
    assert_eq!(page.body, original);
    let accept = server.requests_for("/_test/gz")[0].headers["accept-encoding"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(accept.contains("gzip") && accept.contains("br"), "{accept}");

    server.always("/_test/gz-big", gz.body(gzip_stored(&vec![b'a'; 300_000])));
    let small = client(|c| c.max_body_bytes = 200_000);
    let err = small
        .fetch(&FetchRequest::get(server.url("/_test/gz-big")))
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::TooLarge { limit: 200_000, .. }),
        "{err}"
    );
}

#[tokio::test]
async fn retry_after_seconds_is_honoured_then_succeeds() {
    let server = TestServer::start().await;
    server.script(PAGE, Canned::status(429).header("retry-after", "1"));
    let http = client(|_| {});
    let started = Instant::now();
    let page = fetched(
        http.fetch(&FetchRequest::get(server.url(PAGE)))
            .await
            .unwrap(),
    );
    assert!(page.body.len() > 1000);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited only {:?}",
        started.elapsed()
    );
    assert_eq!(server.requests_for(PAGE).len(), 2);
}

#[tokio::test]
async fn retry_after_http_date_and_5xx_backoff() {
    let server = TestServer::start().await;
    let past = "Sun, 01 Nov 2026 10:00:00 GMT";
    server.script(PAGE, Canned::status(503).header("retry-after", past));
    server.script(PAGE, Canned::status(502));
    let http = client(|_| {});
    fetched(
        http.fetch(&FetchRequest::get(server.url(PAGE)))
            .await
            .unwrap(),
    );
    assert_eq!(server.requests_for(PAGE).len(), 3);
}

#[tokio::test]
async fn retries_are_capped() {
    let server = TestServer::start().await;
    server.always(PAGE, Canned::status(500));
    let http = client(|c| c.max_attempts = 3);
    let err = http
        .fetch(&FetchRequest::get(server.url(PAGE)))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::Status { code: 500, .. }), "{err}");
    assert_eq!(
        err.to_string(),
        format!("{} answered HTTP 500", server.url(PAGE))
    );
    assert_eq!(server.requests_for(PAGE).len(), 3);
}

#[tokio::test]
async fn retry_after_beyond_the_cap_gives_up_at_once() {
    let server = TestServer::start().await;
    server.script(PAGE, Canned::status(429).header("retry-after", "3600"));
    let http = client(|_| {});
    let started = Instant::now();
    let err = http
        .fetch(&FetchRequest::get(server.url(PAGE)))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::Status { code: 429, .. }), "{err}");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(server.requests_for(PAGE).len(), 1);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = TestServer::start().await;
    let http = client(|_| {});
    let err = http
        .fetch(&FetchRequest::get(server.url("/phpbb/missing.html")))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::Status { code: 404, .. }), "{err}");
    assert_eq!(server.requests_for("/phpbb/missing.html").len(), 1);
}

#[tokio::test]
async fn endless_body_is_cut_off_while_streaming() {
    let server = TestServer::start().await;
    let http = client(|c| c.max_body_bytes = 256 * 1024);
    let url = server.url("/_test/endless");
    let err = http
        .fetch(&FetchRequest::get(url.clone()))
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::TooLarge { limit: 262_144, .. }),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        format!("body of {url} is larger than the limit of 262144 bytes; cut off")
    );
    // The server offered 64 MiB; the client stopped reading after the cap (plus what sat in
    // socket buffers), so it never held the whole body.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let streamed = server
        .state
        .streamed
        .load(std::sync::atomic::Ordering::SeqCst);
    assert!(streamed < 16 << 20, "server produced {streamed} bytes");
    assert_eq!(
        server.requests_for("/_test/endless").len(),
        1,
        "a too-large body is not retried"
    );
}

#[tokio::test]
async fn declared_length_over_the_cap_is_refused() {
    let server = TestServer::start().await;
    let http = client(|c| c.max_body_bytes = 2000);
    let err = http
        .fetch(&FetchRequest::get(server.url(PAGE)))
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::TooLarge { limit: 2000, .. }),
        "{err}"
    );
}

#[tokio::test]
async fn slow_server_times_out_after_every_attempt() {
    let server = TestServer::start().await;
    let http = client(|c| {
        c.timeout = Duration::from_millis(200);
        c.max_attempts = 2;
    });
    let url = server.url("/_test/slow");
    let started = Instant::now();
    let err = http
        .fetch(&FetchRequest::get(url.clone()))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::Timeout { .. }), "{err}");
    assert_eq!(err.to_string(), format!("timed out fetching {url}"));
    assert_eq!(server.requests_for("/_test/slow").len(), 2);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn robots_txt_disallow_is_honoured_and_cached() {
    let server = TestServer::start().await;
    server.always(
        "/robots.txt",
        Canned::status(200)
            .body("User-agent: reviewgate-test\nDisallow: /phpbb/\n\nUser-agent: *\nAllow: /\n"),
    );
    let http = client(|_| {});
    let err = http
        .fetch(&FetchRequest::get(server.url(PAGE)))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::RobotsDisallowed { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        format!("robots.txt disallows fetching {}", server.url(PAGE))
    );
    assert!(
        server.requests_for(PAGE).is_empty(),
        "a disallowed page is never requested"
    );
    fetched(
        http.fetch(&FetchRequest::get(
            server.url("/xenforo/smart-security-scan-experiences.3310.html"),
        ))
        .await
        .unwrap(),
    );
    assert_eq!(server.requests_for("/robots.txt").len(), 1);

    // With robots.txt switched off in config, the same page is fetched.
    let ignoring = client(|c| c.respect_robots_txt = false);
    fetched(
        ignoring
            .fetch(&FetchRequest::get(server.url(PAGE)))
            .await
            .unwrap(),
    );
}

#[tokio::test]
async fn robots_txt_status_codes_follow_rfc_9309() {
    // 5xx: unreachable, so nothing is fetched, and the error says why.
    let server = TestServer::start().await;
    server.always("/robots.txt", Canned::status(503));
    let err = client(|_| {})
        .fetch(&FetchRequest::get(server.url(PAGE)))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::RobotsUnreachable { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        format!(
            "not fetching {}: robots.txt unreachable ({} answered HTTP 503)",
            server.url(PAGE),
            server.url("/robots.txt")
        )
    );
    assert!(server.requests_for(PAGE).is_empty());
    // 404: no robots.txt, so everything is allowed.
    let server = TestServer::start().await;
    server.always("/robots.txt", Canned::status(404));
    fetched(
        client(|_| {})
            .fetch(&FetchRequest::get(server.url(PAGE)))
            .await
            .unwrap(),
    );
}

#[tokio::test]
async fn a_host_that_is_down_is_reported_as_such() {
    // Bind and drop a listener to get a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = url::Url::parse(&format!("http://127.0.0.1:{port}/t/1")).unwrap();
    let err = client(|_| {})
        .fetch(&FetchRequest::get(url.clone()))
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(
        message.starts_with(&format!(
            "not fetching {url}: robots.txt unreachable (network error fetching"
        )),
        "{message}"
    );
    let err = client(|c| c.respect_robots_txt = false)
        .fetch(&FetchRequest::get(url.clone()))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::Network { .. }), "{err}");
    assert!(
        err.to_string()
            .starts_with(&format!("network error fetching {url}: ")),
        "{err}"
    );
}

#[tokio::test]
async fn redirects_are_followed_up_to_the_limit() {
    let server = TestServer::start().await;
    let http = client(|_| {});
    let page = fetched(
        http.fetch(&FetchRequest::get(server.url("/_test/hop")))
            .await
            .unwrap(),
    );
    assert_eq!(page.final_url, server.url(PAGE));
    let err = http
        .fetch(&FetchRequest::get(server.url("/_test/loop-a")))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::TooManyRedirects { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        format!(
            "too many redirects fetching {}",
            server.url("/_test/loop-a")
        )
    );
}

#[tokio::test]
async fn every_redirect_hop_obeys_robots_txt() {
    let server = TestServer::start().await;
    // robots.txt itself may redirect; it is followed.
    server.always(
        "/robots.txt",
        Canned::status(301).header("location", "/_test/robots-real.txt"),
    );
    server.always(
        "/_test/robots-real.txt",
        Canned::status(200).body("User-agent: *\nDisallow: /phpbb/\n"),
    );
    let err = client(|_| {})
        .fetch(&FetchRequest::get(server.url("/_test/hop")))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::RobotsDisallowed { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        format!("robots.txt disallows fetching {}", server.url(PAGE))
    );
    assert!(
        server.requests_for(PAGE).is_empty(),
        "the redirect target is never requested"
    );
}

#[tokio::test]
async fn source_headers_do_not_follow_a_redirect_to_another_origin() {
    let (a, b) = (TestServer::start().await, TestServer::start().await);
    a.always(
        "/moved",
        Canned::status(302).header("location", b.url(PAGE).to_string()),
    );
    let req = FetchRequest {
        headers: vec![("X-Api-Key".into(), "secret".into())],
        ..FetchRequest::get(a.url("/moved"))
    };
    let page = fetched(client(|_| {}).fetch(&req).await.unwrap());
    assert_eq!(page.final_url, b.url(PAGE));
    assert_eq!(a.requests_for("/moved")[0].headers["x-api-key"], "secret");
    assert!(b.requests_for(PAGE)[0].headers.get("x-api-key").is_none());
}

#[tokio::test]
async fn requests_to_one_host_are_spaced() {
    let server = TestServer::start().await;
    let http = client(|c| c.per_host_per_second = 10.0);
    let started = Instant::now();
    for _ in 0..3 {
        http.fetch(&FetchRequest::get(server.url("/robots.txt")))
            .await
            .unwrap();
    }
    // robots.txt itself + 3 fetches = 4 requests at 10/s: at least 3 intervals of 100 ms.
    assert!(
        started.elapsed() >= Duration::from_millis(280),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn file_urls_are_read_with_the_same_cap_and_validators() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/site/feeds/reviews.json");
    let url = url::Url::from_file_path(&dir).unwrap();
    let http = client(|_| {});
    let page = fetched(http.fetch(&FetchRequest::get(url.clone())).await.unwrap());
    assert_eq!(page.content_type.as_deref(), Some("application/json"));
    assert!(page.body.starts_with(b"{"));
    let again = FetchRequest {
        validators: Some(page.validators.clone()),
        ..FetchRequest::get(url.clone())
    };
    assert!(matches!(
        http.fetch(&again).await.unwrap(),
        FetchResponse::NotModified
    ));
    let stale = FetchRequest {
        validators: Some(Validators {
            etag: None,
            last_modified: Some("Mon, 01 Jan 2001 00:00:00 GMT".into()),
        }),
        ..FetchRequest::get(url.clone())
    };
    fetched(http.fetch(&stale).await.unwrap());

    let small = client(|c| c.max_body_bytes = 100);
    assert!(matches!(
        small.fetch(&FetchRequest::get(url)).await,
        Err(FetchError::TooLarge { limit: 100, .. })
    ));
    let missing = url::Url::parse("file:///nonexistent/reviewgate/page.html").unwrap();
    let err = http.fetch(&FetchRequest::get(missing)).await.unwrap_err();
    assert!(
        err.to_string()
            .starts_with("cannot read file:///nonexistent/reviewgate/page.html: "),
        "{err}"
    );
    let ftp = url::Url::parse("ftp://example.com/x").unwrap();
    assert!(matches!(
        http.fetch(&FetchRequest::get(ftp)).await,
        Err(FetchError::UnsupportedScheme { .. })
    ));
}

#[test]
fn bad_config_is_refused() {
    let mut config = test_http_config();
    config.per_host_per_second = 0.0;
    assert!(HttpClient::new(&config).is_err());
    let mut config = test_http_config();
    config.user_agent = "bad\nagent".into();
    assert!(HttpClient::new(&config).is_err());
}
