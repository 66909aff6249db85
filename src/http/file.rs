//! `file://` documents: read from disk under the same size cap and timeout as HTTP bodies,
//! with the modification time as `Last-Modified` so unchanged files cost no parse either.
//! Only regular files are read: a FIFO blocks its reader until a writer comes, and a device
//! such as `/dev/zero` never ends.

use std::fs::Metadata;
use std::io::ErrorKind;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::io::AsyncReadExt;
use url::Url;

use super::{FetchError, FetchResponse, Page, Validators};

pub(super) async fn read(
    url: &Url,
    validators: Option<&Validators>,
    limit: u64,
    timeout: Duration,
) -> Result<FetchResponse, FetchError> {
    match tokio::time::timeout(timeout, read_regular(url, validators, limit)).await {
        Ok(result) => result,
        Err(_) => Err(FetchError::Timeout { url: url.clone() }),
    }
}

async fn read_regular(
    url: &Url,
    validators: Option<&Validators>,
    limit: u64,
) -> Result<FetchResponse, FetchError> {
    let io_error = |source| FetchError::File {
        url: url.clone(),
        source,
    };
    let path = url.to_file_path().map_err(|()| {
        io_error(std::io::Error::new(
            ErrorKind::InvalidInput,
            "not a local file path",
        ))
    })?;
    let not_regular = |meta: &Metadata| FetchError::NotAFile {
        url: url.clone(),
        kind: file_kind(meta),
    };
    // Looked at before opening, since opening a FIFO would already block.
    let meta = tokio::fs::metadata(&path).await.map_err(io_error)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    let mut options = tokio::fs::OpenOptions::new();
    options.read(true);
    // Should the path be swapped for a FIFO after the look, opening still returns at once,
    // and the opened file's own type is checked below.
    #[cfg(unix)]
    options.custom_flags(libc::O_NONBLOCK);
    let file = options.open(&path).await.map_err(io_error)?;
    let meta = file.metadata().await.map_err(io_error)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    if meta.len() > limit {
        return Err(FetchError::TooLarge {
            url: url.clone(),
            limit,
        });
    }
    let last_modified = meta
        .modified()
        .ok()
        .map(|t| http_date(DateTime::<Utc>::from(t)));
    if last_modified.is_some()
        && validators.and_then(|v| v.last_modified.as_ref()) == last_modified.as_ref()
    {
        return Ok(FetchResponse::NotModified);
    }
    // The file may grow between metadata and read: read one byte past the cap to notice.
    let mut body = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut body)
        .await
        .map_err(io_error)?;
    if body.len() as u64 > limit {
        return Err(FetchError::TooLarge {
            url: url.clone(),
            limit,
        });
    }
    Ok(FetchResponse::Fetched(Page {
        final_url: url.clone(),
        content_type: content_type(&path).map(str::to_string),
        body,
        validators: Validators {
            etag: None,
            last_modified,
        },
    }))
}

/// What a path is, when it is not a regular file.
fn file_kind(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

fn content_type(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "html" | "htm" => "text/html",
        "json" => "application/json",
        "xml" | "rss" | "atom" => "application/xml",
        "txt" => "text/plain",
        _ => return None,
    })
}
