//! RSS 2.0, Atom and JSON Feed documents (via feed-rs), one post per entry.

use feed_rs::model::{Entry, Feed, Link};
use url::Url;

use super::parse::{Limits, Overflow};
use super::text::{fragment_text, CleanText};
use super::{post_id, resolve_link, resolve_next, ExtractError, Extracted};
use crate::model::ExtractedPost;

pub(crate) fn extract(
    page_url: &Url,
    body: &[u8],
    limits: &Limits,
) -> Result<Extracted, ExtractError> {
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(page_url.as_str()))
        .build()
        .parse(body)
        .map_err(|e| ExtractError::Feed {
            url: page_url.clone(),
            message: e.to_string(),
        })?;
    let mut posts = Vec::new();
    for entry in &feed.entries {
        match post(&feed, entry, page_url, limits) {
            Ok(Some(p)) => posts.push(p),
            Ok(None) => {}
            Err(over) => return Err(ExtractError::overflow(page_url, over)),
        }
    }
    Ok(Extracted {
        next: next_page(&feed, body, page_url),
        posts,
        items_found: feed.entries.len(),
        gaps: Default::default(),
        method: None,
    })
}

fn post(
    feed: &Feed,
    entry: &Entry,
    page_url: &Url,
    limits: &Limits,
) -> Result<Option<ExtractedPost>, Overflow> {
    let html = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .or(entry.summary.as_ref().map(|s| s.content.as_str()))
        .unwrap_or("");
    let mut body = fragment_text(html, limits)?;
    let author = entry
        .authors
        .first()
        .or(feed.authors.first())
        .map(|p| p.name.trim().to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_default();
    // Reviews often carry their point in the title ("Smart Security Scan lost my mail"); comment
    // feeds title each entry "By: <author>", which says nothing.
    let title = match &entry.title {
        Some(t) => Some(fragment_text(&t.content, limits)?.text),
        None => None,
    }
    .filter(|t| !t.is_empty() && *t != format!("By: {author}"));
    // The title stays in the text too: stored posts keep only the text, and matching and
    // relevance read it there.
    if let Some(title) = title.clone() {
        if !body.text.starts_with(&title) {
            body = CleanText {
                text: if body.text.is_empty() {
                    title
                } else {
                    format!("{title}\n\n{}", body.text)
                },
                quotes: body.quotes,
            };
        }
    }
    if body.text.is_empty() && body.quotes.is_empty() {
        return Ok(None);
    }
    let id = if entry.id.trim().is_empty() {
        post_id(&author, &body.text)
    } else {
        entry.id.trim().to_string()
    };
    Ok(Some(ExtractedPost {
        id,
        url: alternate(&entry.links).and_then(|l| resolve_link(page_url, &l.href)),
        published_at: entry.published.or(entry.updated),
        author,
        text: body.text,
        quotes: body.quotes,
        truncated: false,
        details: crate::model::PostDetails {
            title,
            ..Default::default()
        },
    }))
}

fn alternate(links: &[Link]) -> Option<&Link> {
    links
        .iter()
        .find(|l| l.rel.as_deref().map_or(true, |r| r == "alternate"))
        .or(links.first())
}

/// Atom/RSS `<link rel="next">` (RFC 5005 paging) or JSON Feed's `next_url`, which feed-rs
/// does not keep.
fn next_page(feed: &Feed, body: &[u8], page_url: &Url) -> Option<Url> {
    let href = match feed.links.iter().find(|l| l.rel.as_deref() == Some("next")) {
        Some(link) => link.href.clone(),
        None if body.trim_ascii_start().starts_with(b"{") => {
            let v: serde_json::Value = serde_json::from_slice(body).ok()?;
            v.get("next_url")?.as_str()?.to_string()
        }
        None => return None,
    };
    let next = resolve_next(page_url, &href)?;
    (next != *page_url).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// feed-rs reads XML into its own tree; a deep one must be an error or a post, never a
    /// crash, on a stack the size of a tokio worker's.
    #[test]
    fn deeply_nested_xml_does_not_crash() {
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(|| {
                let url = Url::parse("https://x.example/feed.rss").unwrap();
                let xml = format!(
                    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>\
                     <item><title>a</title>{}{}</item></channel></rss>",
                    "<x>".repeat(60_000),
                    "</x>".repeat(60_000)
                );
                let _ = extract(&url, xml.as_bytes(), &Limits::default());
                let deep_json = format!(
                    "{{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"t\", \"items\": [{}]}}",
                    "[".repeat(60_000) + &"]".repeat(60_000)
                );
                assert!(extract(&url, deep_json.as_bytes(), &Limits::default()).is_err());
            })
            .unwrap()
            .join()
            .expect("the feed parser overflowed the stack");
    }
}
