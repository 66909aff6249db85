//! `file://` documents: read from disk under the same size cap as HTTP bodies, with the
//! modification time as `Last-Modified` so unchanged files cost no parse either.

use std::io::ErrorKind;
use std::path::Path;

use chrono::{DateTime, Utc};
use tokio::io::AsyncReadExt;
use url::Url;

use super::{FetchError, FetchResponse, Page, Validators};

pub(super) async fn read(
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
    let file = tokio::fs::File::open(&path).await.map_err(io_error)?;
    let meta = file.metadata().await.map_err(io_error)?;
    if meta.is_dir() {
        return Err(io_error(std::io::Error::new(
            ErrorKind::InvalidInput,
            "is a directory",
        )));
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
