//! Fake publishing platforms on loopback, written from their public API documentation:
//! Discourse (`POST /posts.json`, headers `Api-Key` and `Api-Username`, JSON `raw`,
//! `topic_id`, `reply_to_post_number`; answers the post with `id`, `topic_id`, `post_number`,
//! `topic_slug`), WordPress (`POST /wp-json/wp/v2/comments`, basic auth with an application
//! password, JSON `post`, `parent`, `content`; answers 201 with `id` and `link`), and a webhook
//! receiver. Each can be told to fail the next requests (5xx, 429) before it creates anything.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

pub const DISCOURSE_KEY: &str = "discourse-test-key";
pub const DISCOURSE_USER: &str = "sss_support";
pub const WP_USER: &str = "sss-support";
pub const WP_PASSWORD: &str = "abcd EFGH 1234 ijkl MNOP 6789";
/// The user id of `WP_USER` (`GET /wp-json/wp/v2/users/me`).
pub const WP_USER_ID: u64 = 7;
pub const HOOK_SECRET: &str = "hook-secret";

/// One request as the platform saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

#[derive(Default)]
pub struct Platform {
    /// Every request, in order.
    pub seen: Mutex<Vec<Seen>>,
    /// Replies the platform actually created (what a double post would double).
    pub created: Mutex<Vec<Value>>,
    /// Statuses answered (without creating anything) before the real handling.
    pub failures: Mutex<VecDeque<u16>>,
    /// Statuses answered *after* creating the reply, as a proxy does when the platform's
    /// answer is lost (502, 504): the reply is on the site although the call failed.
    pub lost_answers: Mutex<VecDeque<u16>>,
    /// Every lookup (GET) of the platform's replies, by path and query.
    pub lookups: Mutex<Vec<String>>,
    /// Lookups answer 500 (the platform is down for reads too).
    pub lookups_fail: Mutex<bool>,
    /// The whole thread, oldest first: the replies created and other people's posts
    /// (Discourse topic 77, comments on WordPress post 1234 under comment 42).
    pub thread: Mutex<Vec<Value>>,
    /// How many posts by others arrive right after each reply is created (a busy topic).
    pub busy_after_create: Mutex<usize>,
    /// How many other replies by the publishing account itself follow each one created.
    pub own_after_create: Mutex<usize>,
}

impl Platform {
    pub fn fail_next(&self, statuses: &[u16]) {
        self.failures.lock().unwrap().extend(statuses);
    }

    /// The next requests create their reply and then answer these statuses.
    pub fn lose_answers(&self, statuses: &[u16]) {
        self.lost_answers.lock().unwrap().extend(statuses);
    }

    pub fn lookups(&self) -> Vec<String> {
        self.lookups.lock().unwrap().clone()
    }

    pub fn created(&self) -> Vec<Value> {
        self.created.lock().unwrap().clone()
    }

    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// `n` posts by someone else join the thread now.
    pub fn others_post(&self, n: usize) {
        for _ in 0..n {
            self.other_posts("Same here.");
        }
    }

    /// The publishing account posts `n` other replies (other words) in the thread.
    pub fn own_posts(&self, n: usize) {
        let mut thread = self.thread.lock().unwrap();
        for _ in 0..n {
            let i = thread.len() as u64;
            thread.push(json!({
                "id": 100_000 + i, "topic_id": 77, "post_number": 1000 + i,
                "topic_slug": "smart-security-scan-review", "username": DISCOURSE_USER,
                "raw": "Thanks, we are looking into it.", "cooked": "<p>Thanks, we are looking into it.</p>",
                "post": 1234, "parent": 42, "author": WP_USER_ID, "author_name": "SSS Support",
                "content": {"raw": "Thanks, we are looking into it."},
                "link": format!("https://blog.example/?p=1234#comment-{}", 100_000 + i),
            }));
        }
    }

    /// Someone else (a guest commenter, another forum user) posts `text` in the thread.
    pub fn other_posts(&self, text: &str) {
        let mut thread = self.thread.lock().unwrap();
        let i = thread.len() as u64;
        thread.push(json!({
            "id": 100_000 + i, "topic_id": 77, "post_number": 1000 + i,
            "topic_slug": "smart-security-scan-review", "username": "someone_else",
            "raw": text, "cooked": format!("<p>{text}</p>"),
            "post": 1234, "parent": 42, "author": 0, "author_name": "someone_else",
            "content": {"raw": text},
            "link": format!("https://blog.example/?p=1234#comment-{}", 100_000 + i),
        }));
    }

    /// A reply was created: it joins the thread, then the busy topic moves on.
    fn joined(&self, reply: &Value) {
        self.thread.lock().unwrap().push(reply.clone());
        let busy = *self.busy_after_create.lock().unwrap();
        self.others_post(busy);
        let own = *self.own_after_create.lock().unwrap();
        self.own_posts(own);
    }

    /// A lookup: recorded, and `Some` answer when lookups are failing.
    fn looked_up(&self, uri: &Uri) -> Option<Response> {
        self.lookups.lock().unwrap().push(uri.to_string());
        (*self.lookups_fail.lock().unwrap())
            .then(|| StatusCode::INTERNAL_SERVER_ERROR.into_response())
    }
}

type Shared = Arc<Platform>;

fn record(p: &Platform, path: &str, headers: &HeaderMap, body: &Bytes) -> Option<Response> {
    p.seen.lock().unwrap().push(Seen {
        path: path.into(),
        headers: headers.clone(),
        body: body.to_vec(),
    });
    let status = p.failures.lock().unwrap().pop_front()?;
    let mut r = (StatusCode::from_u16(status).unwrap(), "try again").into_response();
    if status == 429 {
        r.headers_mut().insert("retry-after", "0".parse().unwrap());
    }
    Some(r)
}

async fn discourse(State(p): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(r) = record(&p, "/posts.json", &headers, &body) {
        return r;
    }
    let authed = headers.get("api-key").and_then(|v| v.to_str().ok()) == Some(DISCOURSE_KEY)
        && headers.get("api-username").and_then(|v| v.to_str().ok()) == Some(DISCOURSE_USER);
    if !authed {
        return (
            StatusCode::FORBIDDEN,
            Json(json!({"errors": ["You are not permitted to view the requested resource."]})),
        )
            .into_response();
    }
    let v: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(_) => return StatusCode::BAD_REQUEST.into_response(),
    };
    let (Some(raw), Some(topic)) = (v["raw"].as_str(), v["topic_id"].as_u64()) else {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({"errors": ["raw and topic_id are required"]})),
        )
            .into_response();
    };
    let mut created = p.created.lock().unwrap();
    let number = created.len() as u64 + 10;
    let post = json!({
        "id": 9000 + number, "topic_id": topic, "post_number": number, "topic_slug": "smart-security-scan-review",
        "raw": raw, "username": DISCOURSE_USER, "reply_to_post_number": v["reply_to_post_number"],
    });
    created.push(post.clone());
    drop(created);
    p.joined(&post);
    if let Some(r) = lost(&p) {
        return r;
    }
    Json(post).into_response()
}

/// A status to answer after the reply was created, if one is scripted.
fn lost(p: &Platform) -> Option<Response> {
    let status = p.lost_answers.lock().unwrap().pop_front()?;
    Some(
        (
            StatusCode::from_u16(status).unwrap(),
            "<html>502 Bad Gateway</html>",
        )
            .into_response(),
    )
}

/// `GET /posts.json`: the latest 50 posts across topics, newest first, each with its `raw`
/// text (Discourse's "List latest posts across topics"), for the authenticated API user.
async fn discourse_latest(State(p): State<Shared>, headers: HeaderMap, uri: Uri) -> Response {
    if let Some(r) = p.looked_up(&uri) {
        return r;
    }
    if headers.get("api-key").and_then(|v| v.to_str().ok()) != Some(DISCOURSE_KEY) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let posts: Vec<Value> = p
        .thread
        .lock()
        .unwrap()
        .iter()
        .rev()
        .take(50)
        .cloned()
        .collect();
    Json(json!({"latest_posts": posts})).into_response()
}

fn discourse_authed(headers: &HeaderMap) -> bool {
    headers.get("api-key").and_then(|v| v.to_str().ok()) == Some(DISCOURSE_KEY)
}

/// `GET /t/{id}.json`: the topic with the first 20 posts and `post_stream.stream`, the ids of
/// every post in it, oldest first.
async fn discourse_topic(
    State(p): State<Shared>,
    Path(file): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if let Some(r) = p.looked_up(&uri) {
        return r;
    }
    if !discourse_authed(&headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    if file.strip_suffix(".json") != Some("77") {
        return StatusCode::NOT_FOUND.into_response();
    }
    let thread = p.thread.lock().unwrap();
    let stream: Vec<Value> = thread.iter().map(|t| t["id"].clone()).collect();
    let first: Vec<Value> = thread.iter().take(20).map(without_raw).collect();
    Json(json!({"id": 77, "slug": "smart-security-scan-review",
        "post_stream": {"posts": first, "stream": stream}}))
    .into_response()
}

/// A post as Discourse serialises it without `include_raw`: `cooked` HTML only.
fn without_raw(post: &Value) -> Value {
    let mut v = post.clone();
    if let Some(o) = v.as_object_mut() {
        let raw = o.remove("raw");
        if let Some(raw) = raw.as_ref().and_then(Value::as_str) {
            o.insert("cooked".into(), json!(format!("<p>{raw}</p>")));
        }
    }
    v
}

/// `GET /t/{id}/posts.json?post_ids[]=..&include_raw=1`: those posts of the topic (at most
/// 20, Discourse's chunk size), with `raw` when asked for.
async fn discourse_topic_posts(
    State(p): State<Shared>,
    Path(topic): Path<u64>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if let Some(r) = p.looked_up(&uri) {
        return r;
    }
    if !discourse_authed(&headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let query = uri.query().unwrap_or("");
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let ids: Vec<u64> = pairs
        .iter()
        .filter(|(k, _)| k == "post_ids[]")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let raw = pairs
        .iter()
        .any(|(k, v)| k == "include_raw" && (v == "1" || v == "true"));
    if topic != 77 || ids.is_empty() || ids.len() > 20 {
        return StatusCode::BAD_REQUEST.into_response();
    }
    let posts: Vec<Value> = p
        .thread
        .lock()
        .unwrap()
        .iter()
        .filter(|t| t["id"].as_u64().is_some_and(|id| ids.contains(&id)))
        .map(|t| if raw { t.clone() } else { without_raw(t) })
        .collect();
    Json(json!({"post_stream": {"posts": posts}})).into_response()
}

/// `GET /wp-json/wp/v2/comments?post=N&parent=M&context=edit`: the post's comments, with
/// `content.raw` in the edit context (an authenticated user's view).
async fn wordpress_list(State(p): State<Shared>, headers: HeaderMap, uri: Uri) -> Response {
    if let Some(r) = p.looked_up(&uri) {
        return r;
    }
    if headers.get("authorization").is_none() {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let query = uri.query().unwrap_or("");
    let param = |k: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(&format!("{k}=")))
            .map(str::to_string)
    };
    let edit = param("context").as_deref() == Some("edit");
    let per_page: usize = param("per_page").and_then(|v| v.parse().ok()).unwrap_or(10);
    let page: usize = param("page").and_then(|v| v.parse().ok()).unwrap_or(1);
    if per_page == 0 || per_page > 100 || page == 0 {
        return StatusCode::BAD_REQUEST.into_response();
    }
    let wanted = |k: &str| param(k).and_then(|v| v.parse::<u64>().ok());
    let (post, parent, author) = (wanted("post"), wanted("parent"), wanted("author"));
    let keep =
        |c: &Value, want: Option<u64>, key: &str| want.map_or(true, |w| c[key].as_u64() == Some(w));
    let thread = p.thread.lock().unwrap();
    let matching: Vec<&Value> = thread
        .iter()
        .rev()
        .filter(|c| keep(c, post, "post") && keep(c, parent, "parent") && keep(c, author, "author"))
        .collect();
    let total_pages = matching.len().div_ceil(per_page).max(1);
    if page > total_pages {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"code": "rest_post_invalid_page_number"})),
        )
            .into_response();
    }
    let list: Vec<Value> = matching
        .into_iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(|c| {
            let mut c = c.clone();
            let raw = c["content"]["raw"].as_str().unwrap_or("").to_string();
            c["content"] = if edit {
                json!({"raw": raw, "rendered": format!("<p>{raw}</p>\n")})
            } else {
                json!({"rendered": format!("<p>{raw}</p>\n")})
            };
            c
        })
        .collect();
    drop(thread);
    let mut r = Json(list).into_response();
    r.headers_mut()
        .insert("x-wp-totalpages", total_pages.to_string().parse().unwrap());
    r
}

/// `GET /wp-json/wp/v2/users/me`: the authenticated user.
async fn wordpress_me(State(p): State<Shared>, headers: HeaderMap, uri: Uri) -> Response {
    if let Some(r) = p.looked_up(&uri) {
        return r;
    }
    if headers.get("authorization").is_none() {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    Json(json!({"id": WP_USER_ID, "name": "SSS Support", "slug": WP_USER})).into_response()
}

async fn wordpress(State(p): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(r) = record(&p, "/wp-json/wp/v2/comments", &headers, &body) {
        return r;
    }
    use base64::Engine;
    let pair = format!("{WP_USER}:{WP_PASSWORD}");
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    );
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
        return (StatusCode::UNAUTHORIZED, Json(json!({"code": "rest_not_logged_in", "message": "You are not currently logged in.", "data": {"status": 401}}))).into_response();
    }
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let (Some(post_id), Some(content)) = (v["post"].as_u64(), v["content"].as_str()) else {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"code": "rest_missing_callback_param"})),
        )
            .into_response();
    };
    let mut created = p.created.lock().unwrap();
    let id = created.len() as u64 + 500;
    let comment = json!({
        "id": id, "post": post_id, "parent": v["parent"].as_u64().unwrap_or(0),
        "author": WP_USER_ID, "author_name": "SSS Support",
        "content": {"raw": content}, "status": "approved",
        "link": format!("https://blog.example/?p={post_id}#comment-{id}"),
    });
    created.push(comment.clone());
    drop(created);
    p.joined(&comment);
    if let Some(r) = lost(&p) {
        return r;
    }
    (StatusCode::CREATED, Json(comment)).into_response()
}

async fn webhook(State(p): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(r) = record(&p, "/hook", &headers, &body) {
        return r;
    }
    let signature = headers
        .get("x-reviewgate-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if signature != format!("sha256={}", reviewgate::publish::sign(HOOK_SECRET, &body)) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut created = p.created.lock().unwrap();
    // A receiver honouring the key creates one reply per key.
    if !created.iter().any(|c| c["key"] == key) {
        created.push(json!({"key": key, "body": serde_json::from_slice::<Value>(&body).unwrap()}));
    }
    Json(json!({"url": format!("https://reviews.example/replies/{key}")})).into_response()
}

/// Starts the three fake platforms on one loopback port, on their own thread.
pub fn serve() -> (SocketAddr, Arc<Platform>) {
    let platform = Arc::new(Platform::default());
    let state = platform.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            let app = Router::new()
                .route("/posts.json", post(discourse).get(discourse_latest))
                .route("/t/:file", get(discourse_topic))
                .route("/t/:topic/posts.json", get(discourse_topic_posts))
                .route(
                    "/wp-json/wp/v2/comments",
                    post(wordpress).get(wordpress_list),
                )
                .route("/wp-json/wp/v2/users/me", get(wordpress_me))
                .route("/hook", post(webhook))
                .with_state(state);
            axum::serve(listener, app).await.unwrap();
        });
    });
    (rx.recv().unwrap(), platform)
}
