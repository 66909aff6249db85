//! schema.org posts a page describes for search engines: `DiscussionForumPosting`, `Comment`,
//! `Review`, `SocialMediaPosting` and `Answer`, in JSON-LD or in microdata. Site-independent,
//! so `preset = "auto"` reads them before guessing the software.

use scraper::{Html, Selector};
use serde_json::Value;
use url::Url;

use super::dates::{read_time, DateContext};
use super::html::HtmlRules;
use super::parse::{Limits, Overflow};
use super::text::value_text;
use super::{post_id, resolve_link};
use crate::config::{SelectConfig, Selectors};
use crate::model::{ExtractedPost, PostDetails};

/// The schema.org types read as posts.
const POST_TYPES: &[&str] = &[
    "DiscussionForumPosting",
    "Comment",
    "Review",
    "SocialMediaPosting",
    "Answer",
];

/// Nesting followed into JSON-LD before giving up (a hostile page can nest deeply).
const MAX_DEPTH: usize = 24;

/// Posts in the page's JSON-LD blocks, and how many typed objects were found. HTML inside
/// a post's text is parsed under `limits`.
pub(crate) fn json_ld(
    doc: &Html,
    page_url: &Url,
    ctx: &DateContext,
    limits: &Limits,
) -> Result<(usize, Vec<ExtractedPost>), Overflow> {
    let Ok(sel) = Selector::parse("script[type='application/ld+json']") else {
        return Ok((0, Vec::new()));
    };
    let mut found = 0;
    let mut posts = Vec::new();
    for script in doc.select(&sel) {
        let raw: String = script.text().collect();
        let Ok(value) = serde_json::from_str::<Value>(raw.trim()) else {
            continue;
        };
        let mut out = Found {
            page_url,
            ctx,
            limits,
            found: 0,
            posts: Vec::new(),
        };
        out.walk(&value, 0)?;
        found += out.found;
        posts.extend(out.posts);
    }
    Ok((found, posts))
}

/// The typed objects found so far in one JSON-LD block, and what they are read with.
struct Found<'a> {
    page_url: &'a Url,
    ctx: &'a DateContext,
    limits: &'a Limits,
    found: usize,
    posts: Vec<ExtractedPost>,
}

impl Found<'_> {
    fn walk(&mut self, v: &Value, depth: usize) -> Result<(), Overflow> {
        if depth > MAX_DEPTH {
            return Ok(());
        }
        match v {
            Value::Array(items) => {
                for item in items {
                    self.walk(item, depth + 1)?;
                }
            }
            Value::Object(map) => {
                if is_post_type(map.get("@type")) {
                    self.found += 1;
                    if let Some(post) = post(v, self.page_url, self.ctx, self.limits)? {
                        self.posts.push(post);
                    }
                }
                for child in map.values() {
                    if child.is_object() || child.is_array() {
                        self.walk(child, depth + 1)?;
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

fn is_post_type(t: Option<&Value>) -> bool {
    let is = |s: &str| {
        let name = s.rsplit('/').next().unwrap_or(s);
        POST_TYPES.contains(&name)
    };
    match t {
        Some(Value::String(s)) => is(s),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).any(is),
        _ => false,
    }
}

fn string(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(a) => a.iter().find_map(|x| string(Some(x))),
        Value::Object(o) => string(o.get("name")).or_else(|| string(o.get("@value"))),
        _ => None,
    }
}

fn post(
    v: &Value,
    page_url: &Url,
    ctx: &DateContext,
    limits: &Limits,
) -> Result<Option<ExtractedPost>, Overflow> {
    let field = |keys: &[&str]| keys.iter().find_map(|k| string(v.get(k)));
    let body = value_text(
        &field(&["text", "articleBody", "reviewBody", "description"]).unwrap_or_default(),
        limits,
    )?;
    let title = field(&["headline", "name"]);
    if body.text.is_empty() && body.quotes.is_empty() && title.is_none() {
        return Ok(None);
    }
    let author = field(&["author", "creator"]).unwrap_or_default();
    let time =
        field(&["datePublished", "dateCreated", "uploadDate"]).and_then(|t| read_time(&t, ctx));
    let url = field(&["url", "@id"]).and_then(|u| resolve_link(page_url, &u));
    let id = field(&["identifier"])
        .or_else(|| url.clone())
        .unwrap_or_else(|| post_id(&author, &body.text));
    Ok(Some(ExtractedPost {
        id,
        url,
        author,
        published_at: time.map(|t| t.at),
        text: body.text,
        quotes: body.quotes,
        truncated: false,
        details: PostDetails {
            title,
            image_alts: Vec::new(),
            time_assumed_utc: time.is_some_and(|t| t.assumed_utc),
        },
    }))
}

/// Selectors for schema.org microdata (`itemscope itemtype=".../Comment"` and friends).
pub(crate) fn microdata_rules() -> HtmlRules {
    let list = |v: &[&str]| Some(Selectors::from(v));
    let item: Vec<String> = POST_TYPES
        .iter()
        .map(|t| format!("[itemscope][itemtype$='schema.org/{t}']"))
        .collect();
    let select = SelectConfig {
        item: Some(Selectors::from(item.join(", "))),
        author: list(&[
            "[itemprop=author] [itemprop=name]@content",
            "[itemprop=author] [itemprop=name]",
            "[itemprop=author]@content",
            "[itemprop=author]",
        ]),
        text: list(&[
            "[itemprop=articleBody]",
            "[itemprop=text]",
            "[itemprop=reviewBody]",
            "[itemprop=description]",
        ]),
        time: list(&[
            "[itemprop=datePublished]@datetime",
            "[itemprop=datePublished]@content",
            "[itemprop=dateCreated]@datetime",
            "[itemprop=dateCreated]@content",
            "[itemprop=datePublished]",
        ]),
        id: list(&["@id", "[itemprop=identifier]@content"]),
        link: None,
        next: list(&["link[rel=next]@href", "a[rel=next]@href"]),
    };
    // Constant selectors: a failure here is a bug caught by the tests.
    HtmlRules::compile(&select).expect("microdata selectors compile")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_posts_with_nested_comments() {
        let page = r#"<script type="application/ld+json">{"@context":"https://schema.org",
            "@type":"DiscussionForumPosting","headline":"Scan flagged my site",
            "text":"Is this a false positive?","author":{"@type":"Person","name":"jan"},
            "datePublished":"2026-11-01T09:00:00+01:00","url":"https://f.example/t/1",
            "comment":[{"@type":"Comment","text":"<p>Same here</p>","author":"eva",
              "datePublished":"2026-11-01T10:00:00Z","url":"https://f.example/t/1#2"}]}</script>
            <script type="application/ld+json">{not json</script>"#;
        let doc = Html::parse_document(page);
        let url = Url::parse("https://f.example/t/1").unwrap();
        let (found, posts) =
            json_ld(&doc, &url, &DateContext::default(), &Limits::default()).unwrap();
        assert_eq!(found, 2);
        assert_eq!(posts[0].author, "jan");
        assert_eq!(
            posts[0].details.title.as_deref(),
            Some("Scan flagged my site")
        );
        assert_eq!(
            posts[0].published_at.unwrap().to_rfc3339(),
            "2026-11-01T08:00:00+00:00"
        );
        assert_eq!(posts[1].text, "Same here");
        assert_eq!(posts[1].id, "https://f.example/t/1#2");
    }

    #[test]
    fn microdata_comments() {
        let page = "<div itemscope itemtype='http://schema.org/Comment' id='c1'>\
            <span itemprop='author' itemscope itemtype='http://schema.org/Person'><span itemprop='name'>eva</span></span>\
            <time itemprop='datePublished' datetime='2026-11-01T10:00:00Z'>Nov 1</time>\
            <div itemprop='text'><p>Works for me.</p></div></div>";
        let doc = Html::parse_document(page);
        let url = Url::parse("https://f.example/t/1").unwrap();
        let out = microdata_rules()
            .extract(&doc, &url, &DateContext::default(), &Limits::default())
            .unwrap();
        assert_eq!(out.posts.len(), 1);
        assert_eq!(out.posts[0].author, "eva");
        assert_eq!(out.posts[0].text, "Works for me.");
        assert_eq!(out.posts[0].id, "c1");
    }
}
