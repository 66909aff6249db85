//! Pure extraction of posts from fetched documents: HTML with CSS selectors, feeds, JSON; clean text; relevance.
//! No IO here: a source is compiled once ([`CompiledSource::compile`]), then [`extract`] runs on bytes.

mod auto;
mod chrome;
pub(crate) mod dates;
mod decode;
mod detect;
mod feed;
mod html;
mod json;
mod parse;
mod presets;
mod relevance;
mod structured;
mod text;

use sha2::{Digest, Sha256};
use url::Url;

use crate::config::{SelectConfig, SourceConfig, SourceKind};
use crate::model::ExtractedPost;

pub use auto::{inspect, Inspection};
pub use dates::{page_offset, parse_time, read_time, DateContext, ReadTime};
pub use decode::decode;
pub use detect::{detect, generator, Software};
pub use parse::Limits;
pub use presets::{preset, PRESETS, SOFTWARE};
pub use relevance::Relevance;
pub use text::CleanText;

/// One problem with a source's extraction settings, for config validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectProblem {
    /// The key inside the source, e.g. `select.item`, `preset`, `embedded_json`, `keywords`.
    pub key: String,
    pub message: String,
}

/// What one document yielded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    pub posts: Vec<ExtractedPost>,
    /// The next page, resolved against the page URL.
    pub next: Option<Url>,
    /// Elements the item selector matched (entries, array elements), including ones without
    /// text. Zero on a fetched page means the selectors no longer fit the site.
    pub items_found: usize,
    /// Items whose author, time or id came out empty (html sources).
    pub gaps: FieldGaps,
    /// How `preset = "auto"` read the page: "structured data (JSON-LD)", "preset phpbb …".
    pub method: Option<String>,
}

/// How many items had an empty author, time or id: selectors that match the items but no
/// longer their fields leave these empty without any error.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FieldGaps {
    /// Items read for fields (every item of an html page).
    pub items: usize,
    pub author: usize,
    /// Counted only when the source has a `time` selector.
    pub time: usize,
    /// Counted only when the source has an `id` selector.
    pub id: usize,
}

impl FieldGaps {
    pub(crate) fn count(&mut self, author: &str, time_missing: bool, id_missing: bool) {
        self.items += 1;
        self.author += usize::from(author.is_empty());
        self.time += usize::from(time_missing);
        self.id += usize::from(id_missing);
    }

    /// Adds another page's counts.
    pub fn add(&mut self, other: &FieldGaps) {
        self.items += other.items;
        self.author += other.author;
        self.time += other.time;
        self.id += other.id;
    }

    /// The fields empty on most items (more than half), named as `select` keys.
    pub fn mostly_empty(&self) -> Vec<(&'static str, usize)> {
        [
            ("author", self.author),
            ("time", self.time),
            ("id", self.id),
        ]
        .into_iter()
        .filter(|&(_, n)| n > 0 && n * 2 > self.items)
        .collect()
    }
}

/// Why a poll that fetched pages extracted nothing useful, or `None` when it did: items found
/// but no post from them, or a field empty on most items. Sources report this as a failure.
pub fn silent_failure(items_found: usize, posts: usize, gaps: &FieldGaps) -> Option<String> {
    if items_found > 0 && posts == 0 {
        return Some(format!(
            "{items_found} item(s) found but no post extracted from them (check select.text or the preset)"
        ));
    }
    let empty: Vec<String> = gaps
        .mostly_empty()
        .into_iter()
        .map(|(field, n)| format!("select.{field} is empty on {n} of {} item(s)", gaps.items))
        .collect();
    (!empty.is_empty()).then(|| empty.join("; "))
}

/// Why a document could not be read. Every message names the URL.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The JSON document (or the embedded JSON) does not parse.
    #[error("{url}: not valid JSON: {message}")]
    Json { url: Url, message: String },
    /// No element of the page matches `embedded_json`.
    #[error("{url}: no element matches embedded_json selector {selector:?}")]
    EmbeddedJsonMissing { url: Url, selector: String },
    /// `select.item` leads to something other than an array.
    #[error("{url}: JSON Pointer {pointer:?} (select.item) does not lead to an array")]
    NotAnArray { url: Url, pointer: String },
    /// The document is not RSS 2.0, Atom or JSON Feed.
    #[error("{url}: not a readable RSS, Atom or JSON feed: {message}")]
    Feed { url: Url, message: String },
    /// The document nests elements deeper than `http.max_depth`.
    #[error(
        "{url}: elements nested more than {limit} levels deep (http.max_depth); document refused"
    )]
    TooDeep { url: Url, limit: usize },
    /// The HTML has more nodes than `http.max_nodes`.
    #[error("{url}: more than {limit} HTML nodes (http.max_nodes); document refused")]
    TooManyNodes { url: Url, limit: usize },
}

impl ExtractError {
    fn overflow(url: &Url, over: parse::Overflow) -> ExtractError {
        let url = url.clone();
        match over {
            parse::Overflow::Depth(limit) => ExtractError::TooDeep { url, limit },
            parse::Overflow::Nodes(limit) => ExtractError::TooManyNodes { url, limit },
        }
    }
}

#[derive(Debug, Clone)]
enum Rules {
    Html(Box<html::HtmlRules>),
    Auto(Box<auto::AutoRules>),
    Feed,
    Json(Box<json::JsonRules>),
}

/// A source's extraction settings, checked and compiled once.
#[derive(Debug, Clone)]
pub struct CompiledSource {
    name: String,
    kind: SourceKind,
    rules: Rules,
    relevance: Relevance,
    limits: Limits,
}

impl CompiledSource {
    /// Checks and compiles `preset`, `select`, `embedded_json`, `keywords` and `exclude`,
    /// reporting every problem found.
    pub fn compile(source: &SourceConfig) -> Result<CompiledSource, Vec<SelectProblem>> {
        let mut problems = Vec::new();
        let mut problem = |key: &str, message: String| {
            problems.push(SelectProblem {
                key: key.into(),
                message,
            })
        };
        let mut select = source.select.clone();
        // An html source that names neither a preset nor selectors reads the page as `auto`.
        let auto = source.kind == SourceKind::Html
            && (source.preset.as_deref() == Some("auto")
                || (source.preset.is_none() && source.select == SelectConfig::default()));
        if let Some(name) = source.preset.as_deref().filter(|_| !auto) {
            match (preset(name), source.kind) {
                (Some(base), SourceKind::Html) => select = presets::merge(base, &source.select),
                (Some(_), kind) => problem(
                    "preset",
                    format!("presets are for kind = \"html\", not {kind:?}"),
                ),
                (None, _) if name == "auto" => problem(
                    "preset",
                    format!(
                        "preset \"auto\" is for kind = \"html\", not {:?}",
                        source.kind
                    ),
                ),
                (None, _) => problem(
                    "preset",
                    format!("unknown preset {name:?}; known: {}", PRESETS.join(", ")),
                ),
            }
        }
        if source.embedded_json.is_some() && source.kind != SourceKind::Json {
            problem(
                "embedded_json",
                "embedded_json only applies to kind = \"json\"".into(),
            );
        }
        for (key, list) in [("keywords", &source.keywords), ("exclude", &source.exclude)] {
            for k in list.iter().filter(|k| !relevance::is_matchable(k)) {
                problem(
                    key,
                    format!("{k:?} has no letters or digits, so it can never match"),
                );
            }
        }
        let rules = match source.kind {
            SourceKind::Html if auto => {
                auto::AutoRules::compile(&select).map(|r| Rules::Auto(Box::new(r)))
            }
            SourceKind::Html => html::HtmlRules::compile(&select).map(|r| Rules::Html(Box::new(r))),
            SourceKind::Json => json::JsonRules::compile(&select, source.embedded_json.as_deref())
                .map(|r| Rules::Json(Box::new(r))),
            SourceKind::Feed => {
                if select != SelectConfig::default() {
                    problem(
                        "select",
                        "feeds are read without selectors; remove [sources.select]".into(),
                    );
                }
                Ok(Rules::Feed)
            }
        };
        let rules = match rules {
            Ok(rules) => Some(rules),
            Err(found) => {
                problems.extend(
                    found
                        .into_iter()
                        .map(|(key, message)| SelectProblem { key, message }),
                );
                None
            }
        };
        match rules {
            Some(rules) if problems.is_empty() => Ok(CompiledSource {
                name: source.name.clone(),
                kind: source.kind,
                rules,
                relevance: Relevance::new(&source.keywords, &source.exclude),
                limits: Limits::default(),
            }),
            _ => Err(problems),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The same source with other document limits (from `[http]`).
    pub fn with_limits(mut self, limits: Limits) -> CompiledSource {
        self.limits = limits;
        self
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    pub fn kind(&self) -> SourceKind {
        self.kind
    }

    pub fn relevance(&self) -> &Relevance {
        &self.relevance
    }

    /// Whether a post is about the watched service: its text or a passage it quotes names it.
    pub fn is_relevant(&self, post: &ExtractedPost) -> bool {
        if post.quotes.is_empty() {
            return self.relevance.is_relevant(&post.text);
        }
        let mut all = post.text.clone();
        for q in &post.quotes {
            all.push('\n');
            all.push_str(q);
        }
        self.relevance.is_relevant(&all)
    }
}

/// Extracts the posts and the next-page link of one document fetched just now. A document
/// past the source's [`Limits`] is refused; each post's text is cut to `max_post_chars`.
pub fn extract(
    src: &CompiledSource,
    page_url: &Url,
    body: &[u8],
    content_type: Option<&str>,
) -> Result<Extracted, ExtractError> {
    extract_at(src, page_url, body, content_type, chrono::Utc::now())
}

/// Extracts the posts and the next-page link of one document fetched at `fetched_at`
/// (relative times such as "3 hours ago" count back from it).
pub fn extract_at(
    src: &CompiledSource,
    page_url: &Url,
    body: &[u8],
    content_type: Option<&str>,
    fetched_at: chrono::DateTime<chrono::Utc>,
) -> Result<Extracted, ExtractError> {
    let limits = &src.limits;
    let mut out = match &src.rules {
        Rules::Html(rules) => {
            let text = decode(body, content_type, true);
            let ctx = DateContext {
                fetched_at: Some(fetched_at),
                offset: page_offset(&text),
            };
            let doc = parse::document(&text, limits)
                .map_err(|over| ExtractError::overflow(page_url, over))?;
            rules.extract(&doc, page_url, &ctx, limits)
        }
        Rules::Auto(rules) => {
            let text = decode(body, content_type, true);
            let ctx = DateContext {
                fetched_at: Some(fetched_at),
                offset: page_offset(&text),
            };
            let doc = parse::document(&text, limits)
                .map_err(|over| ExtractError::overflow(page_url, over))?;
            rules.extract(&doc, page_url, &ctx, limits)
        }
        Rules::Feed => feed::extract(page_url, body, limits),
        Rules::Json(rules) => {
            let text = decode(body, content_type, rules.reads_html());
            rules.extract(page_url, &text, limits)
        }
    }?;
    for post in &mut out.posts {
        cap_post(post, limits.max_post_chars);
    }
    Ok(out)
}

/// Cuts a post's text, and its quotes taken together, to `max` characters each, and marks
/// the post `truncated` when anything was cut.
fn cap_post(post: &mut ExtractedPost, max: usize) {
    if cut_chars(&mut post.text, max) {
        post.truncated = true;
    }
    let mut room = max;
    let mut keep = 0;
    for q in &mut post.quotes {
        if room == 0 {
            break;
        }
        if cut_chars(q, room) {
            post.truncated = true;
            room = 0;
        } else {
            room -= q.chars().count();
        }
        keep += 1;
    }
    if keep < post.quotes.len() {
        post.quotes.truncate(keep);
        post.truncated = true;
    }
}

/// Cuts `s` to at most `max` characters; returns whether it was longer.
fn cut_chars(s: &mut String, max: usize) -> bool {
    match s.char_indices().nth(max) {
        Some((byte, _)) => {
            s.truncate(byte);
            true
        }
        None => false,
    }
}

/// The id of a post whose site gives none: a stable hash of author and text.
pub fn post_id(author: &str, text: &str) -> String {
    let mut h = Sha256::new();
    h.update(author.as_bytes());
    h.update([0]);
    h.update(text.as_bytes());
    format!("h{}", &hex::encode(h.finalize())[..16])
}

/// A link resolved against the page URL; `None` for `javascript:` and other non-web links,
/// and for `file:` links on a page that is not itself a local file.
fn resolve_link(page_url: &Url, href: &str) -> Option<String> {
    let url = page_url.join(href.trim()).ok()?;
    let ok = match url.scheme() {
        "http" | "https" => true,
        "file" => page_url.scheme() == "file",
        _ => false,
    };
    ok.then(|| url.to_string())
}

/// A `next` link resolved against the page URL: any http, https or file URL, so that the
/// source's pagination scope (`sources`) can refuse one that leads elsewhere, and say so.
fn resolve_next(page_url: &Url, href: &str) -> Option<Url> {
    let url = page_url.join(href.trim()).ok()?;
    matches!(url.scheme(), "http" | "https" | "file").then_some(url)
}

#[cfg(test)]
mod fixture_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_pages_link_only_to_the_web() {
        let web = Url::parse("https://forum.example/t/1").unwrap();
        let local = Url::parse("file:///srv/site/1.html").unwrap();
        assert_eq!(
            resolve_link(&web, "/t/2").as_deref(),
            Some("https://forum.example/t/2")
        );
        assert_eq!(resolve_link(&web, "file:///etc/passwd"), None);
        assert_eq!(resolve_link(&web, "javascript:alert(1)"), None);
        assert_eq!(
            resolve_link(&local, "2.html").as_deref(),
            Some("file:///srv/site/2.html")
        );
    }
}

#[cfg(test)]
mod preset_tests;
