//! Shared by the gate-integrity tests: a loopback forum whose threads the test sets, a config
//! with many sources on it, an accounts file, and direct reads of the store.

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use assert_cmd::Command;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use reviewgate::queue::{ItemView, Queue, State as ItemState};
use reviewgate::store::Store;

/// Threads by name, as HTML bodies.
#[derive(Clone, Default)]
pub struct Site {
    pages: Arc<Mutex<HashMap<String, String>>>,
}

impl Site {
    pub fn set(&self, name: &str, body: String) {
        self.pages.lock().unwrap().insert(name.to_string(), body);
    }
}

async fn page(State(site): State<Site>, UrlPath(name): UrlPath<String>) -> Response {
    match site.pages.lock().unwrap().get(&name).cloned() {
        None => StatusCode::NOT_FOUND.into_response(),
        Some(body) => ([("content-type", "text/html; charset=utf-8")], body).into_response(),
    }
}

/// Starts the forum on its own thread and runtime; it lives as long as the test process.
pub fn serve(site: Site) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            let app = Router::new().route("/t/:name", get(page)).with_state(site);
            axum::serve(listener, app).await.unwrap();
        });
    });
    rx.recv().unwrap()
}

/// A phpBB-like thread of (id, author, text) posts.
pub fn thread(posts: &[(String, String, String)]) -> String {
    let mut s = String::from("<html><body><div id=\"page-body\">");
    for (id, author, text) in posts {
        s.push_str(&format!(
            "<div class=\"post\" id=\"{id}\"><p class=\"author\"><a class=\"username\">{author}</a></p><div class=\"content\">{text}</div></div>"
        ));
    }
    s.push_str("</div></body></html>");
    s
}

/// A config with one html source per name on the forum at `addr`; `extra` is appended.
pub fn config(dir: &Path, addr: SocketAddr, sources: &[String], extra: &str) -> PathBuf {
    let mut text = String::from(
        r#"[service]
name = "Smart Security Scan"
domains = ["smartsecurityscan.com"]
# The forum's posts are undated: the reply window would hold them back on the first poll.
reply_window = "0s"

[store]
path = "store.sqlite3"

[http]
timeout = "5s"
per_host_per_second = 100000.0
respect_robots_txt = false
max_attempts = 1
"#,
    );
    text.push_str(extra);
    for name in sources {
        text.push_str(&format!(
            r#"
[[sources]]
name = "{name}"
kind = "html"
url = "http://{addr}/t/{name}"
keywords = ["smart security scan"]
[sources.select]
item = "div.post"
id = "@id"
author = "p.author a.username"
text = "div.content"
"#
        ));
    }
    let p = dir.join("reviewgate.toml");
    std::fs::write(&p, text).unwrap();
    p
}

pub const ACCOUNTS_HEADER: &str = "id,name,email,hosts,status,plan,created_at,cancelled_at\n";

/// `reviewgate --config CFG ...`
pub fn rg(cfg: &Path) -> Command {
    let mut c = Command::cargo_bin("reviewgate").unwrap();
    c.arg("--config").arg(cfg);
    c
}

pub fn store_path(cfg: &Path) -> PathBuf {
    cfg.parent().unwrap().join("store.sqlite3")
}

/// Every queue item, read through the library.
pub fn items(cfg: &Path) -> Vec<ItemView> {
    let store = Store::open(&store_path(cfg)).unwrap();
    Queue::new(&store).list(None).unwrap()
}

pub fn is_open(item: &ItemView) -> bool {
    matches!(item.state, ItemState::Pending | ItemState::Approved)
}
