//! JSON APIs and JSON embedded in HTML (`script#__NEXT_DATA__`), read with RFC 6901 JSON
//! Pointers: `item` leads to the array of posts, the others are relative to one element,
//! `next` is relative to the document.

use scraper::Selector;
use serde_json::Value;
use url::Url;

use super::parse::{self, Limits};
use super::text::value_text;
use super::{dates, post_id, resolve_link, resolve_next, ExtractError, Extracted};
use crate::config::{SelectConfig, Selectors};
use crate::model::ExtractedPost;

/// Compiled `[sources.select]` (pointers) and `embedded_json` for a json source.
#[derive(Debug, Clone)]
pub(crate) struct JsonRules {
    embedded: Option<(Selector, String)>,
    item: String,
    author: String,
    text: String,
    time: Option<String>,
    id: Option<String>,
    link: Option<String>,
    next: Option<String>,
}

/// RFC 6901: empty, or `/`-separated tokens where `~` only appears as `~0` or `~1`.
pub(crate) fn check_pointer(p: &str) -> Result<(), String> {
    if !p.is_empty() && !p.starts_with('/') {
        return Err(format!(
            "JSON Pointer {p:?} must be empty or start with '/'"
        ));
    }
    let mut chars = p.chars();
    while let Some(c) = chars.next() {
        if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
            return Err(format!(
                "JSON Pointer {p:?}: '~' must be followed by 0 or 1"
            ));
        }
    }
    Ok(())
}

impl JsonRules {
    pub(crate) fn compile(
        select: &SelectConfig,
        embedded: Option<&str>,
    ) -> Result<JsonRules, Vec<(String, String)>> {
        let mut problems = Vec::new();
        let mut pointer = |key: &str, p: &Option<Selectors>, required: bool| -> Option<String> {
            let p = match p.as_ref().map(|p| p.as_slice()) {
                Some([one]) => Some(one),
                Some(_) => {
                    problems.push((
                        format!("select.{key}"),
                        "json sources take one JSON Pointer per key, not a list".into(),
                    ));
                    return None;
                }
                None => None,
            };
            match p {
                None if required => {
                    problems.push((
                        format!("select.{key}"),
                        format!("json sources need select.{key} (a JSON Pointer)"),
                    ));
                    None
                }
                None => None,
                Some(p) => match check_pointer(p) {
                    Ok(()) => Some(p.clone()),
                    Err(message) => {
                        problems.push((format!("select.{key}"), message));
                        None
                    }
                },
            }
        };
        let item = pointer("item", &select.item, true);
        let author = pointer("author", &select.author, true);
        let text = pointer("text", &select.text, true);
        let time = pointer("time", &select.time, false);
        let id = pointer("id", &select.id, false);
        let link = pointer("link", &select.link, false);
        let next = pointer("next", &select.next, false);
        let embedded = match embedded {
            None => None,
            Some(css) => match Selector::parse(css) {
                Ok(sel) => Some((sel, css.to_string())),
                Err(e) => {
                    problems.push(("embedded_json".into(), super::html::selector_error(css, &e)));
                    None
                }
            },
        };
        match (item, author, text) {
            (Some(item), Some(author), Some(text)) if problems.is_empty() => Ok(JsonRules {
                embedded,
                item,
                author,
                text,
                time,
                id,
                link,
                next,
            }),
            _ => Err(problems),
        }
    }

    /// Whether the document is an HTML page carrying the JSON (so `<meta charset>` counts).
    pub(crate) fn reads_html(&self) -> bool {
        self.embedded.is_some()
    }

    pub(crate) fn extract(
        &self,
        page_url: &Url,
        text: &str,
        limits: &Limits,
    ) -> Result<Extracted, ExtractError> {
        let overflow = |over| ExtractError::overflow(page_url, over);
        let embedded;
        let json = match &self.embedded {
            None => text,
            Some((sel, css)) => {
                let doc = parse::document(text, limits).map_err(overflow)?;
                embedded = doc
                    .select(sel)
                    .next()
                    .map(|el| el.text().collect::<String>())
                    .ok_or_else(|| ExtractError::EmbeddedJsonMissing {
                        url: page_url.clone(),
                        selector: css.clone(),
                    })?;
                embedded.as_str()
            }
        };
        // serde_json's recursion limit (128 levels) stays on: never enable its
        // `unbounded_depth` feature, or a deep document overflows the stack when parsed and
        // again when dropped. Deeper JSON is the source's error.
        let doc: Value =
            serde_json::from_str(json.trim_start_matches('\u{feff}')).map_err(|e| {
                ExtractError::Json {
                    url: page_url.clone(),
                    message: e.to_string(),
                }
            })?;
        let items = match doc.pointer(&self.item) {
            None | Some(Value::Null) => &[][..],
            Some(Value::Array(items)) => items.as_slice(),
            Some(_) => {
                return Err(ExtractError::NotAnArray {
                    url: page_url.clone(),
                    pointer: self.item.clone(),
                })
            }
        };
        let mut posts = Vec::new();
        for item in items {
            let body = match item.pointer(&self.text).and_then(scalar) {
                Some(t) => value_text(&t, limits).map_err(overflow)?,
                None => Default::default(),
            };
            if body.text.is_empty() && body.quotes.is_empty() {
                continue;
            }
            let author = match item.pointer(&self.author).and_then(scalar) {
                Some(a) => value_text(&a, limits).map_err(overflow)?.text,
                None => String::new(),
            };
            let get = |p: &Option<String>| p.as_ref().and_then(|p| item.pointer(p));
            posts.push(ExtractedPost {
                id: get(&self.id)
                    .and_then(scalar)
                    .unwrap_or_else(|| post_id(&author, &body.text)),
                url: get(&self.link)
                    .and_then(scalar)
                    .and_then(|l| resolve_link(page_url, &l)),
                published_at: get(&self.time).and_then(time),
                author,
                text: body.text,
                quotes: body.quotes,
                truncated: false,
                details: Default::default(),
            });
        }
        let next = self
            .next
            .as_ref()
            .and_then(|p| doc.pointer(p))
            .and_then(scalar)
            .and_then(|href| resolve_next(page_url, &href))
            .filter(|next| next != page_url);
        Ok(Extracted {
            posts,
            next,
            items_found: items.len(),
            gaps: Default::default(),
            method: None,
        })
    }
}

/// Strings as they are, numbers and booleans written out; objects, arrays and null are no value.
fn scalar(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

fn time(v: &Value) -> Option<chrono::DateTime<chrono::Utc>> {
    match v {
        Value::Number(n) => dates::unix(n.as_i64().or_else(|| n.as_f64().map(|f| f as i64))?),
        Value::String(s) => dates::parse_time(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_are_checked() {
        assert!(check_pointer("").is_ok());
        assert!(check_pointer("/a/~0b/~1c/0").is_ok());
        assert!(check_pointer("a/b").is_err());
        assert!(check_pointer("/a~2").is_err());
        assert!(check_pointer("/a~").is_err());
    }

    fn rules(item: &str) -> JsonRules {
        let select = SelectConfig {
            item: Some(item.into()),
            author: Some("/user/name".into()),
            text: Some("/body".into()),
            time: Some("/ts".into()),
            id: Some("/id".into()),
            next: None,
            link: None,
        };
        JsonRules::compile(&select, None).unwrap()
    }

    #[test]
    fn values_of_any_scalar_type() {
        let url = Url::parse("https://api.example/r").unwrap();
        let body = r#"{"data":[{"id":17,"user":{"name":"jan"},"body":"<p>Hi &amp; bye</p>","ts":1793524500},
                                {"id":18,"user":{},"body":"","ts":null},
                                {"id":"x","user":{"name":"eva"},"body":"plain","ts":"2026-11-01"}]}"#;
        let out = rules("/data")
            .extract(&url, body, &Limits::default())
            .unwrap();
        assert_eq!(out.items_found, 3);
        assert_eq!(out.posts.len(), 2);
        assert_eq!(out.posts[0].id, "17");
        assert_eq!(out.posts[0].author, "jan");
        assert_eq!(out.posts[0].text, "Hi & bye");
        assert_eq!(
            out.posts[0].published_at.unwrap().to_rfc3339(),
            "2026-11-01T09:15:00+00:00"
        );
        assert_eq!(out.posts[1].id, "x");
        assert_eq!(out.posts[1].text, "plain");
        assert!(matches!(
            rules("/data/0").extract(&url, body, &Limits::default()),
            Err(ExtractError::NotAnArray { .. })
        ));
        assert_eq!(
            rules("/nothing")
                .extract(&url, body, &Limits::default())
                .unwrap()
                .items_found,
            0
        );
        let err = rules("/data")
            .extract(&url, "{\"data\": [", &Limits::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("https://api.example/r"), "{err}");
    }
}
