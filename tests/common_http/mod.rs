//! A real loopback HTTP server for the fetch and source tests: serves `fixtures/site/` with
//! ETag/Last-Modified and 304s, logs every request, and can be told to misbehave (scripted
//! statuses, Retry-After, endless bodies, slow answers, redirect loops, odd robots.txt).

#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Router;
use reviewgate::config::HttpConfig;

/// Fixed so that a re-served file keeps its validators.
pub const LAST_MODIFIED: &str = "Sun, 01 Nov 2026 12:00:00 GMT";

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Logged {
    pub path: String,
    pub headers: HeaderMap,
}

/// A canned answer, used (once) before the real one.
#[derive(Debug, Clone)]
pub struct Canned {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Canned {
    pub fn status(status: u16) -> Canned {
        Canned {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Canned {
        self.headers.push((name, value.into()));
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Canned {
        self.body = body.into();
        self
    }
}

#[derive(Default)]
pub struct ServerState {
    root: PathBuf,
    log: Mutex<Vec<Logged>>,
    script: Mutex<HashMap<String, VecDeque<Canned>>>,
    always: Mutex<HashMap<String, Canned>>,
    /// Bytes the endless body produced before the client hung up.
    pub streamed: AtomicU64,
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub state: Arc<ServerState>,
}

impl TestServer {
    pub async fn start() -> TestServer {
        let state = Arc::new(ServerState {
            root: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/site"),
            ..Default::default()
        });
        let app = Router::new().fallback(handle).with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        TestServer { addr, state }
    }

    pub fn url(&self, path: &str) -> url::Url {
        url::Url::parse(&format!("http://{}{}", self.addr, path)).unwrap()
    }

    /// Answer the next request for `path` with `canned` (queued, used once each).
    pub fn script(&self, path: &str, canned: Canned) {
        self.state
            .script
            .lock()
            .unwrap()
            .entry(path.to_string())
            .or_default()
            .push_back(canned);
    }

    /// Answer every request for `path` with `canned`.
    pub fn always(&self, path: &str, canned: Canned) {
        self.state
            .always
            .lock()
            .unwrap()
            .insert(path.to_string(), canned);
    }

    pub fn requests(&self) -> Vec<Logged> {
        self.state.log.lock().unwrap().clone()
    }

    pub fn requests_for(&self, path: &str) -> Vec<Logged> {
        self.requests()
            .into_iter()
            .filter(|l| l.path == path)
            .collect()
    }
}

/// A fast, permissive HTTP policy for tests; each test adjusts what it exercises.
pub fn test_http_config() -> HttpConfig {
    HttpConfig {
        user_agent: "reviewgate-test/0.1 (+https://example.com/bot)".into(),
        timeout: Duration::from_secs(5),
        max_body_bytes: 1_000_000,
        per_host_per_second: 1000.0,
        respect_robots_txt: true,
        max_attempts: 3,
        max_redirects: 3,
        retry_base_delay: Duration::from_millis(10),
        max_retry_wait: Duration::from_secs(5),
        ..HttpConfig::default()
    }
}

async fn handle(State(state): State<Arc<ServerState>>, req: Request) -> Response {
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    state.log.lock().unwrap().push(Logged {
        path: path.clone(),
        headers: req.headers().clone(),
    });

    let scripted = state
        .script
        .lock()
        .unwrap()
        .get_mut(&path)
        .and_then(VecDeque::pop_front);
    let canned = scripted.or_else(|| state.always.lock().unwrap().get(&path).cloned());
    if let Some(c) = canned {
        let mut resp = Response::builder().status(c.status);
        for (name, value) in c.headers {
            resp = resp.header(name, value);
        }
        return resp.body(Body::from(c.body)).unwrap();
    }

    match path.as_str() {
        // 64 MiB, never declared, produced lazily: what the client reads is what is counted.
        "/_test/endless" => {
            let state = state.clone();
            let stream = futures_util::stream::unfold(0u64, move |sent| {
                let state = state.clone();
                async move {
                    if sent >= 64 << 20 {
                        return None;
                    }
                    let chunk = vec![b'x'; 64 * 1024];
                    state
                        .streamed
                        .fetch_add(chunk.len() as u64, Ordering::SeqCst);
                    Some((Ok::<_, std::io::Error>(chunk), sent + 64 * 1024))
                }
            });
            Response::builder()
                .header(header::CONTENT_TYPE, "text/html")
                .body(Body::from_stream(stream))
                .unwrap()
        }
        "/_test/slow" => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            Response::new(Body::from("late"))
        }
        // Far beyond any test's timeout, so the timeout fires whatever the machine's load.
        "/_test/stall" => {
            tokio::time::sleep(Duration::from_secs(60)).await;
            Response::new(Body::from("late"))
        }
        "/_test/loop-a" => redirect("/_test/loop-b"),
        "/_test/loop-b" => redirect("/_test/loop-a"),
        "/_test/hop" => redirect("/phpbb/smart-security-scan-t4821.html"),
        _ => serve_file(&state, &path, req.headers()),
    }
}

fn redirect(to: &str) -> Response {
    Response::builder()
        .status(StatusCode::FOUND)
        .header(header::LOCATION, to)
        .body(Body::empty())
        .unwrap()
}

fn serve_file(state: &ServerState, path: &str, headers: &HeaderMap) -> Response {
    let rel = path.split('?').next().unwrap_or("").trim_start_matches('/');
    if rel.split('/').any(|part| part == "..") {
        return Response::builder()
            .status(StatusCode::BAD_REQUEST)
            .body(Body::empty())
            .unwrap();
    }
    let Ok(body) = std::fs::read(state.root.join(rel)) else {
        return Response::builder()
            .status(StatusCode::NOT_FOUND)
            .body(Body::from("not found"))
            .unwrap();
    };
    let etag = format!(
        "\"{:x}-{}\"",
        body.iter()
            .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(*b as u64)),
        body.len()
    );
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str())
    {
        return Response::builder()
            .status(StatusCode::NOT_MODIFIED)
            .header(header::ETAG, etag)
            .body(Body::empty())
            .unwrap();
    }
    let content_type = match rel.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("json") => "application/json",
        Some("rss") => "application/rss+xml",
        Some("atom") => "application/atom+xml",
        _ => "text/plain",
    };
    let mut resp = Response::new(Body::from(body));
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::ETAG, HeaderValue::from_str(&etag).unwrap());
    h.insert(
        header::LAST_MODIFIED,
        HeaderValue::from_static(LAST_MODIFIED),
    );
    resp
}

/// `data` as a gzip stream of stored (uncompressed) deflate blocks: a valid gzip body built
/// without a compression library.
pub fn gzip_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let mut chunks = data.chunks(65_535).peekable();
    if chunks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(chunk) = chunks.next() {
        out.push(u8::from(chunks.peek().is_none()));
        let len = chunk.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
    let mut crc = 0xffff_ffffu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    out.extend_from_slice(&(!crc).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}
