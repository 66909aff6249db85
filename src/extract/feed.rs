//! RSS 2.0, Atom and JSON Feed documents (via feed-rs), one post per entry.

use feed_rs::model::{Entry, Feed, Link};
use url::Url;

use super::text::{fragment_text, CleanText};
use super::{post_id, resolve_link, ExtractError, Extracted};
use crate::model::ExtractedPost;

pub(crate) fn extract(page_url: &Url, body: &[u8]) -> Result<Extracted, ExtractError> {
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(page_url.as_str()))
        .build()
        .parse(body)
        .map_err(|e| ExtractError::Feed {
            url: page_url.clone(),
            message: e.to_string(),
        })?;
    let posts: Vec<ExtractedPost> = feed
        .entries
        .iter()
        .filter_map(|e| post(&feed, e, page_url))
        .collect();
    Ok(Extracted {
        next: next_page(&feed, body, page_url),
        posts,
        items_found: feed.entries.len(),
        gaps: Default::default(),
        method: None,
    })
}

fn post(feed: &Feed, entry: &Entry, page_url: &Url) -> Option<ExtractedPost> {
    let html = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .or(entry.summary.as_ref().map(|s| s.content.as_str()))
        .unwrap_or("");
    let mut body = fragment_text(html);
    let author = entry
        .authors
        .first()
        .or(feed.authors.first())
        .map(|p| p.name.trim().to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_default();
    // Reviews often carry their point in the title ("Smart Security Scan lost my mail"); comment
    // feeds title each entry "By: <author>", which says nothing.
    let title = entry
        .title
        .as_ref()
        .map(|t| fragment_text(&t.content).text)
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
        return None;
    }
    let id = if entry.id.trim().is_empty() {
        post_id(&author, &body.text)
    } else {
        entry.id.trim().to_string()
    };
    Some(ExtractedPost {
        id,
        url: alternate(&entry.links).and_then(|l| resolve_link(page_url, &l.href)),
        published_at: entry.published.or(entry.updated),
        author,
        text: body.text,
        quotes: body.quotes,
        details: crate::model::PostDetails {
            title,
            ..Default::default()
        },
    })
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
    let next = Url::parse(&resolve_link(page_url, &href)?).ok()?;
    (next != *page_url).then_some(next)
}
