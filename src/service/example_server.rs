//! A loopback file server for the bundled example, so `scan` and `run` show the whole
//! pipeline over HTTP with no internet. It serves one folder read-only.

use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use axum::Router;
use tokio::net::TcpListener;

/// Why the example server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ExampleServerError {
    /// The folder to serve does not exist.
    #[error("example_server.root {0}: not a folder")]
    NoRoot(PathBuf),
    /// The listen address could not be bound (another process holds it?).
    #[error("example_server.listen {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
}

/// A running example server; it stops when the handle is dropped.
pub struct ExampleServer {
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for ExampleServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves `root` on `listen` until the returned handle is dropped.
pub async fn start(root: &Path, listen: &str) -> Result<ExampleServer, ExampleServerError> {
    if !root.is_dir() {
        return Err(ExampleServerError::NoRoot(root.to_path_buf()));
    }
    let listener = TcpListener::bind(listen)
        .await
        .map_err(|source| ExampleServerError::Bind {
            addr: listen.to_string(),
            source,
        })?;
    let addr = listener
        .local_addr()
        .map_err(|source| ExampleServerError::Bind {
            addr: listen.to_string(),
            source,
        })?;
    let app = Router::new()
        .fallback(serve_file)
        .with_state(Arc::new(root.to_path_buf()));
    let task = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            tracing::warn!(message = "Example server stopped.", %error);
        }
    });
    tracing::info!(message = "Example server listening.", %addr, root = %root.display());
    Ok(ExampleServer { addr, task })
}

async fn serve_file(State(root): State<Arc<PathBuf>>, uri: Uri, headers: HeaderMap) -> Response {
    let Some(path) = safe_join(&root, uri.path()) else {
        return status(StatusCode::NOT_FOUND);
    };
    let path = if path.is_dir() {
        path.join("index.html")
    } else {
        path
    };
    let Ok(body) = tokio::fs::read(&path).await else {
        return status(StatusCode::NOT_FOUND);
    };
    // A content hash as ETag lets the example show conditional GET: a re-scan gets 304s.
    let etag = format!(
        "\"{}\"",
        &hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&body))[..16]
    );
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str())
    {
        return status(StatusCode::NOT_MODIFIED);
    }
    let mut resp = Response::new(Body::from(body));
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(&path)),
    );
    if let Ok(v) = HeaderValue::from_str(&etag) {
        resp.headers_mut().insert(header::ETAG, v);
    }
    resp
}

fn status(code: StatusCode) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = code;
    r
}

/// Joins a URL path onto root, refusing `..` and absolute components.
fn safe_join(root: &Path, url_path: &str) -> Option<PathBuf> {
    let rel = Path::new(url_path.trim_start_matches('/'));
    let mut out = root.to_path_buf();
    for c in rel.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "xml" | "rss" => "application/rss+xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_join_refuses_parent_components() {
        let root = Path::new("/srv/site");
        assert_eq!(
            safe_join(root, "/a/b.html"),
            Some(PathBuf::from("/srv/site/a/b.html"))
        );
        assert_eq!(safe_join(root, "/../etc/passwd"), None);
        assert_eq!(safe_join(root, "/a/../../x"), None);
    }
}
