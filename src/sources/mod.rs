//! Polling one source: fetch pages through the HTTP client, follow pagination, extract posts. Never writes the store.
//! The caller keeps the per-page cache ([`PageCache`]) and passes it back next time, so unchanged
//! pages answer 304 and cost no parse while pagination still continues.

pub mod cpu;
mod in_hand;
mod scope;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::config::{SourceConfig, SourceKind};
use crate::extract::{extract, silent_failure, CompiledSource, ExtractError, Extracted, FieldGaps};
use crate::http::{FetchError, FetchRequest, FetchResponse, HttpClient, Validators};
use crate::model::ExtractedPost;
pub use in_hand::{PageBudget, PagesInHand};

/// What is remembered about one page between polls.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageCache {
    /// Validators to send on the next fetch.
    pub validators: Validators,
    /// The page's `next` link, reused when the page answers 304.
    pub next: Option<String>,
    /// A hash of the page's body as last parsed: a page served again unchanged by a server
    /// that sends no validators is not parsed again.
    #[serde(default)]
    pub body_hash: Option<String>,
}

/// When a streaming poll ([`poll_streaming`]) hands what it gathered over: after a page, once
/// the posts since the last hand-over reach `posts` or their text `bytes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchLimits {
    pub posts: usize,
    pub bytes: usize,
}

/// The posts of whole pages and those pages' cache entries, handed over together so they
/// are committed together: a page is remembered as read only with its posts stored.
#[derive(Debug, Default)]
pub struct PollBatch {
    pub posts: Vec<(ExtractedPost, bool)>,
    pub pages: Vec<(String, PageCache)>,
    /// The parsed pages' places in the [`PageBudget`]: keep them until the batch is committed.
    pub in_hand: PagesInHand,
}

/// Why a poll stopped early. Every message names the source and, where there is one, the URL.
#[derive(Debug, thiserror::Error)]
pub enum PollError {
    /// A `headers_from_env` variable is not set (or not Unicode).
    #[error(
        "source {source_name}: header {header} needs environment variable {var}, which is not set"
    )]
    MissingEnv {
        source_name: String,
        header: String,
        var: String,
    },
    /// The source's `url` (or a cached `next`) is not a URL.
    #[error("source {source_name}: invalid URL {url:?}: {message}")]
    BadUrl {
        source_name: String,
        url: String,
        message: String,
    },
    /// A page could not be fetched.
    #[error("source {source_name}: {error}")]
    Fetch {
        source_name: String,
        #[source]
        error: Box<FetchError>,
    },
    /// A `next` link leads off the source's origin (or, for a file source, out of its
    /// folder): it is not followed, whatever the page says.
    #[error("source {source_name}: not following next link {url}: {reason}")]
    NotFollowed {
        source_name: String,
        url: String,
        reason: String,
    },
    /// The runtime shut down while the page was being parsed.
    #[error("source {source_name}: interrupted by shutdown while parsing a page")]
    Interrupted { source_name: String },
    /// A fetched page could not be read.
    #[error("source {source_name}: {error}")]
    Extract {
        source_name: String,
        #[source]
        error: Box<ExtractError>,
    },
    /// Pages were read but extraction came out hollow: items without posts, or a field
    /// (author, time, id) empty on most items. The posts found are still kept.
    #[error("source {source_name}: {message}")]
    Hollow {
        source_name: String,
        message: String,
    },
}

/// The result of one poll. Posts from pages read before an error are kept.
#[derive(Debug, Default)]
pub struct PollOutcome {
    /// Every post found, with whether it is relevant (keywords/exclude); of a streaming
    /// poll, only those not handed over yet.
    pub posts: Vec<(ExtractedPost, bool)>,
    /// The cache entry for every page visited (fetched or 304), keyed by the requested URL;
    /// of a streaming poll, only those not handed over yet.
    pub pages: Vec<(String, PageCache)>,
    /// Posts found over the whole poll, handed over or not.
    pub posts_seen: usize,
    /// Items the item selector matched, over all fetched pages.
    pub items_found: usize,
    /// Pages fetched and parsed (not counting 304s).
    pub pages_fetched: usize,
    /// Pages that answered 304 Not Modified, or whose body was the one parsed last time.
    pub not_modified: usize,
    /// Fetched pages on which the item selector (html, json) matched nothing. Feeds are
    /// read without selectors, so an empty feed is just quiet and is not listed.
    pub empty_pages: Vec<String>,
    /// Why the poll stopped early, if it did.
    pub error: Option<PollError>,
    /// Items whose author, time or id came out empty, over all fetched pages.
    pub gaps: FieldGaps,
    /// How `preset = "auto"` read the pages (each way once).
    pub methods: Vec<String>,
    /// The places in the [`PageBudget`] of the parsed pages in `posts`; of a streaming poll,
    /// keep them until those are committed.
    pub in_hand: PagesInHand,
}

impl PollOutcome {
    /// No error stopped the poll.
    pub fn is_success(&self) -> bool {
        self.error.is_none()
    }

    /// The error as the message to store and show (it names the source and the URL).
    pub fn error_message(&self) -> Option<String> {
        self.error.as_ref().map(ToString::to_string)
    }

    /// Pages were fetched but the item selector matched nothing on any of them: the site's
    /// markup probably changed (a source-health problem, not a quiet day).
    pub fn selectors_matched_nothing(&self) -> bool {
        self.pages_fetched > 0 && self.items_found == 0 && !self.empty_pages.is_empty()
    }
}

/// Polls one source: the first page, then `next` links up to `max_pages`. Everything found
/// is in the outcome.
pub async fn poll(
    client: &HttpClient,
    source: &SourceConfig,
    compiled: &Arc<CompiledSource>,
    cache: &HashMap<String, PageCache>,
) -> PollOutcome {
    poll_inner(client, source, compiled, cache, None).await
}

/// [`poll`], streaming: whenever the posts gathered reach `limits`, they are sent to `sink`
/// with their pages (waiting while the receiver is busy, so no more than a batch or two is
/// ever held), and the outcome keeps only the rest, with the counts of the whole poll. A
/// closed `sink` (its committer failed) stops the poll. With a `budget`, every fetched page
/// takes a place in it before it is parsed, and the place travels with the page's posts
/// ([`PollBatch::in_hand`]) until the receiver drops it; a poll that finds no place free
/// first hands over what it gathered (so the places it holds come back through the
/// receiver, whatever the limits), then waits with the one page it fetched.
pub async fn poll_streaming(
    client: &HttpClient,
    source: &SourceConfig,
    compiled: &Arc<CompiledSource>,
    cache: &HashMap<String, PageCache>,
    limits: BatchLimits,
    sink: tokio::sync::mpsc::Sender<PollBatch>,
    budget: Option<&PageBudget>,
) -> PollOutcome {
    let stream = Stream {
        limits,
        sink,
        budget: budget.cloned(),
    };
    poll_inner(client, source, compiled, cache, Some(stream)).await
}

/// Where a streaming poll hands its batches, when, and the budget its pages take places in.
struct Stream {
    limits: BatchLimits,
    sink: tokio::sync::mpsc::Sender<PollBatch>,
    budget: Option<PageBudget>,
}

/// Hands the posts and pages gathered so far to the sink once they reach the limits (or
/// always, with `now`); false when the receiver is gone.
async fn hand_over(
    out: &mut PollOutcome,
    bytes: &mut usize,
    stream: &Option<Stream>,
    now: bool,
) -> bool {
    let Some(stream) = stream else {
        return true;
    };
    if !now && out.posts.len() < stream.limits.posts && *bytes < stream.limits.bytes {
        return true;
    }
    *bytes = 0;
    let batch = PollBatch {
        posts: std::mem::take(&mut out.posts),
        pages: std::mem::take(&mut out.pages),
        in_hand: std::mem::take(&mut out.in_hand),
    };
    stream.sink.send(batch).await.is_ok()
}

/// A place in the stream's budget for a page just fetched (none needed without a budget).
/// When none is free, what the poll gathered is handed over first: the places it holds must
/// reach the receiver to come back, or polls each holding some would wait for each other.
/// `None` when the receiver is gone.
async fn place_for_page(
    out: &mut PollOutcome,
    bytes: &mut usize,
    stream: &Option<Stream>,
) -> Option<PagesInHand> {
    let Some(budget) = stream.as_ref().and_then(|s| s.budget.as_ref()) else {
        return Some(PagesInHand::default());
    };
    if let Some(place) = budget.try_take() {
        return Some(place);
    }
    if out.in_hand.pages() > 0 && !hand_over(out, bytes, stream, true).await {
        return None;
    }
    Some(budget.take().await)
}

/// A hash of a page body, to recognise a page served again unchanged.
fn body_hash(body: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(&sha2::Sha256::digest(body)[..16])
}

async fn poll_inner(
    client: &HttpClient,
    source: &SourceConfig,
    compiled: &Arc<CompiledSource>,
    cache: &HashMap<String, PageCache>,
    stream: Option<Stream>,
) -> PollOutcome {
    let mut out = PollOutcome::default();
    let mut pending_bytes = 0;
    let headers = match env_headers(source) {
        Ok(headers) => headers,
        Err(error) => {
            out.error = Some(error);
            return out;
        }
    };
    let mut url = match Url::parse(&source.url) {
        Ok(url) => url,
        Err(e) => {
            out.error = Some(PollError::BadUrl {
                source_name: source.name.clone(),
                url: source.url.clone(),
                message: e.to_string(),
            });
            return out;
        }
    };
    let scope = scope::Scope::new(source, &url);
    let mut visited = HashSet::new();
    let max_pages = source.max_pages.max(1);
    for page_no in 1..=max_pages {
        if !visited.insert(url.to_string()) {
            break; // a pagination cycle
        }
        let cached = cache.get(url.as_str());
        let request = FetchRequest {
            url: url.clone(),
            headers: headers.clone(),
            validators: cached.map(|c| c.validators.clone()),
        };
        let response = match client.fetch(&request).await {
            // The body parsed last time, served again (a server without validators): as good
            // as a 304, with the validators it sent now.
            Ok(FetchResponse::Fetched(page))
                if cached.is_some_and(|c| {
                    c.body_hash.is_some() && c.body_hash == Some(body_hash(&page.body))
                }) =>
            {
                Ok(Unchanged(Some(page.validators)))
            }
            Ok(FetchResponse::NotModified) => Ok(Unchanged(None)),
            Ok(FetchResponse::Fetched(page)) => Ok(Changed(page)),
            Err(e) => Err(e),
        };
        let next = match response {
            Ok(Unchanged(validators)) => {
                out.not_modified += 1;
                let mut entry = cached.cloned().unwrap_or_default();
                if let Some(v) = validators {
                    entry.validators = v;
                }
                let next = entry.next.clone();
                out.pages.push((url.to_string(), entry));
                match next.map(|n| Url::parse(&n)) {
                    None => None,
                    Some(Ok(n)) => Some(n),
                    Some(Err(e)) => {
                        out.error = Some(PollError::BadUrl {
                            source_name: source.name.clone(),
                            url: url.to_string(),
                            message: format!("cached next link: {e}"),
                        });
                        break;
                    }
                }
            }
            Ok(Changed(mut page)) => {
                let hash = body_hash(&page.body);
                let Some(place) = place_for_page(&mut out, &mut pending_bytes, &stream).await
                else {
                    break; // the committer failed; it reports why
                };
                match parse_off_runtime(compiled, &mut page, &source.name).await {
                    Ok((extracted, relevance)) => {
                        out.in_hand.absorb(place);
                        out.pages_fetched += 1;
                        out.items_found += extracted.items_found;
                        out.gaps.add(&extracted.gaps);
                        if let Some(m) = extracted
                            .method
                            .as_ref()
                            .filter(|m| !out.methods.contains(m))
                        {
                            out.methods.push(m.clone());
                        }
                        tracing::debug!(message = "Fetched page.", source = %source.name, url = %page.final_url, items = extracted.items_found);
                        if extracted.items_found == 0 && source.kind != SourceKind::Feed {
                            tracing::warn!(message = "Item selector matched nothing.", source = %source.name, url = %page.final_url);
                            out.empty_pages.push(url.to_string());
                        }
                        out.posts_seen += extracted.posts.len();
                        pending_bytes += extracted
                            .posts
                            .iter()
                            .map(|p| p.text.len() + p.author.len())
                            .sum::<usize>();
                        out.posts.extend(extracted.posts.into_iter().zip(relevance));
                        let next = extracted.next;
                        out.pages.push((
                            url.to_string(),
                            PageCache {
                                validators: page.validators,
                                next: next.as_ref().map(Url::to_string),
                                body_hash: Some(hash),
                            },
                        ));
                        next
                    }
                    Err(error) => {
                        out.error = Some(error);
                        break;
                    }
                }
            }
            Err(error) => {
                out.error = Some(PollError::Fetch {
                    source_name: source.name.clone(),
                    error: Box::new(error),
                });
                break;
            }
        };
        if !hand_over(&mut out, &mut pending_bytes, &stream, false).await {
            break; // the committer failed; it reports why
        }
        let Some(next) = next else { break };
        if page_no == max_pages {
            break; // the last page allowed: its next link is not followed, so not judged
        }
        match scope.check(&next) {
            Ok(n) => url = n,
            Err(reason) => {
                // Refused rather than quietly stopped: a site that starts linking elsewhere
                // has changed (or been taken over), and the operator should hear of it.
                out.error = Some(PollError::NotFollowed {
                    source_name: source.name.clone(),
                    url: next.to_string(),
                    reason,
                });
                break;
            }
        }
    }
    if out.error.is_none() {
        if let Some(message) = silent_failure(out.items_found, out.posts_seen, &out.gaps) {
            tracing::warn!(message = "Extraction came out hollow.", source = %source.name, problem = %message);
            out.error = Some(PollError::Hollow {
                source_name: source.name.clone(),
                message,
            });
        }
    }
    out
}

/// A fetched page, by whether it must be parsed.
enum Fetched {
    /// 304, or the body parsed last time (with the validators sent now, if any).
    Unchanged(Option<Validators>),
    Changed(crate::http::Page),
}
use Fetched::{Changed, Unchanged};

/// Parses a fetched page and judges each post's relevance on a CPU worker: parsing is
/// CPU work (milliseconds to seconds for a large page) that would otherwise hold an async
/// worker and starve every other fetch, timer and Discord interaction on the runtime.
/// The page's body is handed over (taken out of `page`), not copied. Parses wait for a CPU
/// slot ([`cpu`]), so they run about one per core.
async fn parse_off_runtime(
    compiled: &Arc<CompiledSource>,
    page: &mut crate::http::Page,
    source_name: &str,
) -> Result<(Extracted, Vec<bool>), PollError> {
    let compiled = compiled.clone();
    let url = page.final_url.clone();
    let body = std::mem::take(&mut page.body);
    let content_type = page.content_type.clone();
    // One parse per core at most, whatever the number of sources polled together.
    let parsed = cpu::run(move || {
        let extracted = extract(&compiled, &url, &body, content_type.as_deref())?;
        let relevance = extracted
            .posts
            .iter()
            .map(|p| compiled.is_relevant(p))
            .collect();
        Ok((extracted, relevance))
    })
    .await;
    // A panic in the parser is a bug; it stays one, on the polling task (`cpu::run`).
    match parsed {
        Ok(result) => result.map_err(|error: ExtractError| PollError::Extract {
            source_name: source_name.to_string(),
            error: Box::new(error),
        }),
        Err(_) => Err(PollError::Interrupted {
            source_name: source_name.to_string(),
        }),
    }
}

/// `headers_from_env` resolved now, so a missing variable is reported before any request.
fn env_headers(source: &SourceConfig) -> Result<Vec<(String, String)>, PollError> {
    source
        .headers_from_env
        .iter()
        .map(|(header, var)| match std::env::var(var) {
            Ok(value) => Ok((header.clone(), value)),
            Err(_) => Err(PollError::MissingEnv {
                source_name: source.name.clone(),
                header: header.clone(),
                var: var.clone(),
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_send<T: Send>(_: &T) {}
    fn is_shareable<T: Send + Sync>() {}

    /// Compiles only if a poll's future can move between threads; never called.
    #[allow(dead_code)]
    fn poll_future_is_send(
        client: &HttpClient,
        source: &SourceConfig,
        compiled: &Arc<CompiledSource>,
        cache: &HashMap<String, PageCache>,
    ) {
        is_send(&poll(client, source, compiled, cache));
    }

    /// The scheduler runs polls as tasks on a multi-threaded runtime.
    #[test]
    fn polls_can_run_as_tasks() {
        is_shareable::<HttpClient>();
        is_shareable::<CompiledSource>();
        is_shareable::<PollOutcome>();
    }
}
