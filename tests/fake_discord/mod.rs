//! A fake Discord REST server on loopback for the discord integration tests: records every
//! request, stores posted messages (honouring `enforce_nonce`), and can be told to fail.
#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post, put};
use axum::{Json, Router};
use serde_json::{json, Value};

/// One request the fake received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub body: Value,
    /// What the fake answered.
    pub status: u16,
}

/// A scripted failure for the next matching request.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answer with this status (no effect).
    Status(u16),
    /// Answer 429 with this `retry_after` in seconds (no effect).
    RateLimited(f64),
    /// Perform the request, then answer 500 as if the answer was lost.
    LostAnswer,
}

#[derive(Default)]
struct Inner {
    requests: Vec<Recorded>,
    /// (channel, message id) -> last body
    messages: Vec<(u64, u64, Value)>,
    nonces: HashMap<String, u64>,
    faults: VecDeque<(String, Fault)>,
    next_id: u64,
    /// What `GET /api/v10/gateway` answers (404 while unset).
    gateway_url: Option<String>,
    /// Files uploaded with messages (multipart), in order.
    attachments: Vec<Attachment>,
}

/// A file uploaded with a message.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub message_id: u64,
    /// The part's file name.
    pub name: String,
    pub bytes: Vec<u8>,
}

#[derive(Clone, Default)]
pub struct FakeDiscord {
    inner: Arc<Mutex<Inner>>,
    pub base: String,
}

pub const BOT_USER_ID: &str = "4242";
pub const APPLICATION_ID: &str = "999";

impl FakeDiscord {
    pub async fn start() -> FakeDiscord {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        let mut fake = FakeDiscord::default();
        fake.inner.lock().unwrap().next_id = 1_000_000;
        fake.base = format!("http://{addr}");
        let app = Router::new()
            .route(
                "/api/v10/channels/:ch/messages",
                post(create_message).get(list_messages),
            )
            .route("/api/v10/channels/:ch/messages/:id", patch(edit_message))
            .route(
                "/api/v10/interactions/:id/:token/callback",
                post(record_only),
            )
            .route("/api/v10/webhooks/:app/:token", post(record_only))
            .route(
                "/api/v10/webhooks/:app/:token/messages/@original",
                patch(record_only),
            )
            .route("/api/v10/applications/@me", get(application))
            .route("/api/v10/gateway", get(gateway))
            .route("/api/v10/applications/:app/commands", put(record_only))
            .route(
                "/api/v10/applications/:app/guilds/:g/commands",
                put(record_only),
            )
            .fallback(record_only)
            .with_state(fake.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        fake
    }

    /// Queues failures for requests whose "METHOD path" starts with `prefix`.
    pub fn fail(&self, prefix: &str, faults: impl IntoIterator<Item = Fault>) {
        let mut inner = self.inner.lock().unwrap();
        for f in faults {
            inner.faults.push_back((prefix.to_string(), f));
        }
    }

    /// Makes `GET /api/v10/gateway` name this WebSocket URL (a fake gateway).
    pub fn set_gateway_url(&self, url: &str) {
        self.inner.lock().unwrap().gateway_url = Some(url.to_string());
    }

    pub fn clear_faults(&self) {
        self.inner.lock().unwrap().faults.clear();
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.inner.lock().unwrap().requests.clone()
    }

    /// Messages that exist in the channel: (channel, id, current body).
    pub fn messages(&self) -> Vec<(u64, u64, Value)> {
        self.inner.lock().unwrap().messages.clone()
    }

    /// Files uploaded with messages, in order.
    pub fn attachments(&self) -> Vec<Attachment> {
        self.inner.lock().unwrap().attachments.clone()
    }

    /// Messages whose footer names this item.
    pub fn messages_for_item(&self, item_id: i64) -> Vec<(u64, u64, Value)> {
        let marker = format!("reviewgate item #{item_id}");
        self.messages()
            .into_iter()
            .filter(|(_, _, b)| b["embeds"][0]["footer"]["text"] == marker)
            .collect()
    }

    pub fn edits_of(&self, message_id: u64) -> Vec<Value> {
        let suffix = format!("/messages/{message_id}");
        self.requests()
            .into_iter()
            .filter(|r| r.method == "PATCH" && r.path.ends_with(&suffix) && r.status == 200)
            .map(|r| r.body)
            .collect()
    }

    fn take_fault(&self, method: &Method, path: &str) -> Option<Fault> {
        let key = format!("{method} {path}");
        let mut inner = self.inner.lock().unwrap();
        let pos = inner
            .faults
            .iter()
            .position(|(p, _)| key.starts_with(p.as_str()))?;
        inner.faults.remove(pos).map(|(_, f)| f)
    }

    fn record(&self, method: &Method, path: &str, body: &Bytes, status: u16) {
        let body = serde_json::from_slice(body).unwrap_or(Value::Null);
        self.inner.lock().unwrap().requests.push(Recorded {
            method: method.to_string(),
            path: path.to_string(),
            body,
            status,
        });
    }
}

fn fault_response(f: &Fault) -> Response {
    match f {
        Fault::Status(s) => (StatusCode::from_u16(*s).unwrap(), Json(json!({"message": "fake failure", "code": 0}))).into_response(),
        Fault::RateLimited(secs) => (
            StatusCode::TOO_MANY_REQUESTS,
            Json(json!({"message": "You are being rate limited.", "retry_after": secs, "global": false})),
        )
            .into_response(),
        Fault::LostAnswer => (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"message": "answer lost"}))).into_response(),
    }
}

async fn create_message(
    State(fake): State<FakeDiscord>,
    Path(ch): Path<u64>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    // A message with files arrives as multipart: its JSON is the `payload_json` part.
    let (body, files) = match multipart_boundary(&headers) {
        Some(boundary) => match read_multipart(body, boundary).await {
            Ok(parts) => parts,
            Err(why) => return invalid_form_body(&fake, &method, &path, &Bytes::new(), why),
        },
        None => (body, Vec::new()),
    };
    let fault = fake.take_fault(&method, &path);
    if let Some(f @ (Fault::Status(_) | Fault::RateLimited(_))) = &fault {
        let resp = fault_response(f);
        fake.record(&method, &path, &body, resp.status().as_u16());
        return resp;
    }
    let json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if let Some(why) = over_limits(&json) {
        return invalid_form_body(&fake, &method, &path, &body, why);
    }
    let (id, stored) = {
        let mut inner = fake.inner.lock().unwrap();
        let nonce = json["nonce"].as_str().map(str::to_string);
        let existing = match (&nonce, json["enforce_nonce"].as_bool()) {
            (Some(n), Some(true)) => inner.nonces.get(n).copied(),
            _ => None,
        };
        match existing {
            Some(id) => (
                id,
                inner
                    .messages
                    .iter()
                    .find(|m| m.1 == id)
                    .map(|m| m.2.clone())
                    .unwrap_or(Value::Null),
            ),
            None => {
                inner.next_id += 1;
                let id = inner.next_id;
                inner.messages.push((ch, id, json.clone()));
                for (name, bytes) in files {
                    inner.attachments.push(Attachment {
                        message_id: id,
                        name,
                        bytes,
                    });
                }
                if let Some(n) = nonce {
                    inner.nonces.insert(n, id);
                }
                (id, json.clone())
            }
        }
    };
    if let Some(f @ Fault::LostAnswer) = &fault {
        let resp = fault_response(f);
        fake.record(&method, &path, &body, 500);
        return resp;
    }
    fake.record(&method, &path, &body, 200);
    Json(message_json(ch, id, &stored)).into_response()
}

/// Discord's message limits, checked as Discord does: a message over them is refused with 400
/// (`Invalid Form Body`), so a card that does not fit fails the tests instead of going out cut.
fn over_limits(body: &Value) -> Option<String> {
    let n = |v: &Value| v.as_str().map(|s| s.chars().count()).unwrap_or(0);
    if n(&body["content"]) > 2000 {
        return Some("content over 2000".into());
    }
    let embeds = body["embeds"].as_array().cloned().unwrap_or_default();
    if embeds.len() > 10 {
        return Some("more than 10 embeds".into());
    }
    let mut total = 0;
    for e in &embeds {
        let fields = e["fields"].as_array().cloned().unwrap_or_default();
        if fields.len() > 25 {
            return Some("more than 25 fields".into());
        }
        if n(&e["title"]) > 256 || n(&e["description"]) > 4096 || n(&e["footer"]["text"]) > 2048 {
            return Some("title, description or footer too long".into());
        }
        for f in &fields {
            if n(&f["name"]) > 256 || n(&f["value"]) > 1024 || n(&f["value"]) == 0 {
                return Some(format!("field {} too long or empty", f["name"]));
            }
            total += n(&f["name"]) + n(&f["value"]);
        }
        total += n(&e["title"]) + n(&e["description"]) + n(&e["footer"]["text"]);
    }
    (total > 6000).then(|| format!("embeds total {total} characters, over 6000"))
}

fn invalid_form_body(
    fake: &FakeDiscord,
    method: &Method,
    path: &str,
    body: &Bytes,
    why: String,
) -> Response {
    fake.record(method, path, body, 400);
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"message": "Invalid Form Body", "code": 50035, "errors": why})),
    )
        .into_response()
}

fn multipart_boundary(headers: &HeaderMap) -> Option<String> {
    let ct = headers.get("content-type")?.to_str().ok()?;
    ct.starts_with("multipart/form-data")
        .then(|| multer::parse_boundary(ct).ok())
        .flatten()
}

/// Reads Discord's multipart message: `payload_json` (returned as the body) and `files[N]`
/// (each with its file name); another part, or a file without a name, is a bad request.
async fn read_multipart(
    body: Bytes,
    boundary: String,
) -> Result<(Bytes, Vec<(String, Vec<u8>)>), String> {
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut form = multer::Multipart::new(stream, boundary);
    let (mut payload, mut files) = (None, Vec::new());
    while let Some(field) = form.next_field().await.map_err(|e| e.to_string())? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(|e| e.to_string())?;
        match (name.as_str(), file_name) {
            ("payload_json", _) => payload = Some(bytes),
            (n, Some(file)) if n.starts_with("files[") => files.push((file, bytes.to_vec())),
            (n, _) => return Err(format!("unexpected multipart part {n:?}")),
        }
    }
    Ok((payload.ok_or("no payload_json part")?, files))
}

fn message_json(ch: u64, id: u64, body: &Value) -> Value {
    json!({"id": id.to_string(), "channel_id": ch.to_string(), "author": {"id": BOT_USER_ID, "username": "reviewgate", "bot": true},
           "content": body["content"].as_str().unwrap_or(""), "embeds": body["embeds"].clone(), "components": body["components"].clone()})
}

async fn list_messages(
    State(fake): State<FakeDiscord>,
    Path(ch): Path<u64>,
    method: Method,
    uri: Uri,
) -> Response {
    let path = uri.path().to_string();
    if let Some(f) = fake.take_fault(&method, &path) {
        let resp = fault_response(&f);
        fake.record(&method, &path, &Bytes::new(), resp.status().as_u16());
        return resp;
    }
    fake.record(&method, &path, &Bytes::new(), 200);
    let inner = fake.inner.lock().unwrap();
    let list: Vec<Value> = inner
        .messages
        .iter()
        .rev()
        .filter(|m| m.0 == ch)
        .map(|m| message_json(m.0, m.1, &m.2))
        .collect();
    Json(Value::Array(list)).into_response()
}

async fn edit_message(
    State(fake): State<FakeDiscord>,
    Path((ch, id)): Path<(u64, u64)>,
    method: Method,
    uri: Uri,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    if let Some(f) = fake.take_fault(&method, &path) {
        let resp = fault_response(&f);
        fake.record(&method, &path, &body, resp.status().as_u16());
        return resp;
    }
    let json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if let Some(why) = over_limits(&json) {
        return invalid_form_body(&fake, &method, &path, &body, why);
    }
    let found = {
        let mut inner = fake.inner.lock().unwrap();
        match inner.messages.iter_mut().find(|m| m.0 == ch && m.1 == id) {
            Some(m) => {
                m.2 = json.clone();
                true
            }
            None => false,
        }
    };
    if !found {
        fake.record(&method, &path, &body, 404);
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"message": "Unknown Message", "code": 10008})),
        )
            .into_response();
    }
    fake.record(&method, &path, &body, 200);
    Json(message_json(ch, id, &json)).into_response()
}

async fn application(State(fake): State<FakeDiscord>, method: Method, uri: Uri) -> Response {
    fake.record(&method, uri.path(), &Bytes::new(), 200);
    Json(json!({"id": APPLICATION_ID, "name": "reviewgate"})).into_response()
}

/// `GET /api/v10/gateway`: where the gateway client connects (it asks this first and has no
/// built-in default, so a test's client never reaches the real gateway).
async fn gateway(State(fake): State<FakeDiscord>, method: Method, uri: Uri) -> Response {
    let url = fake.inner.lock().unwrap().gateway_url.clone();
    let status = if url.is_some() { 200 } else { 404 };
    fake.record(&method, uri.path(), &Bytes::new(), status);
    match url {
        Some(url) => Json(json!({ "url": url })).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn record_only(
    State(fake): State<FakeDiscord>,
    method: Method,
    uri: Uri,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    if let Some(f) = fake.take_fault(&method, &path) {
        let resp = fault_response(&f);
        fake.record(&method, &path, &body, resp.status().as_u16());
        return resp;
    }
    fake.record(&method, &path, &body, 200);
    if method == Method::PUT {
        return Json(json!([])).into_response();
    }
    Json(json!({"id": "1"})).into_response()
}

pub mod harness;
