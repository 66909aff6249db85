//! HTML pages read with CSS selectors: `sel` (text), `sel@attr` (attribute), `@attr` (attribute
//! of the item itself). Selectors are compiled once, when the source is compiled.

use scraper::{ElementRef, Html, Selector};
use url::Url;

use super::parse::Limits;
use super::text::{element_text, inline_text, value_text, CleanText};
use super::{dates, post_id, resolve_link, resolve_next, ExtractError, Extracted};
use crate::config::SelectConfig;
use crate::model::ExtractedPost;

/// Where one field is read: an element (the first match inside the item, or the item itself)
/// and optionally an attribute of it.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    selector: Option<Selector>,
    attr: Option<String>,
}

impl Field {
    /// Parses `sel`, `sel@attr` or `@attr`.
    pub(crate) fn parse(spec: &str) -> Result<Field, String> {
        let spec = spec.trim();
        let (css, attr) = match split_attr(spec) {
            Some((css, attr)) => {
                if !is_attr_name(attr) {
                    return Err(format!("{attr:?} after '@' is not an attribute name"));
                }
                (css.trim(), Some(attr.to_ascii_lowercase()))
            }
            None => (spec, None),
        };
        if css.is_empty() {
            return match attr {
                Some(attr) => Ok(Field {
                    selector: None,
                    attr: Some(attr),
                }),
                None => Err("empty selector".into()),
            };
        }
        let selector = Selector::parse(css).map_err(|e| selector_error(css, &e))?;
        Ok(Field {
            selector: Some(selector),
            attr,
        })
    }

    fn element<'a>(&self, item: ElementRef<'a>) -> Option<ElementRef<'a>> {
        match &self.selector {
            None => Some(item),
            Some(sel) => item.select(sel).next(),
        }
    }

    /// A short value on one line.
    fn value(&self, item: ElementRef<'_>) -> Option<String> {
        let el = self.element(item)?;
        let value = match &self.attr {
            Some(attr) => el.value().attr(attr)?.trim().to_string(),
            None => inline_text(el),
        };
        (!value.is_empty()).then_some(value)
    }

    /// A post body. An attribute may hold HTML of its own, parsed under the same limits.
    fn body(
        &self,
        item: ElementRef<'_>,
        page_url: &Url,
        limits: &Limits,
    ) -> Result<CleanText, ExtractError> {
        Ok(match (self.element(item), &self.attr) {
            (None, _) => CleanText::default(),
            (Some(el), Some(attr)) => match el.value().attr(attr) {
                Some(v) => {
                    value_text(v, limits).map_err(|over| ExtractError::overflow(page_url, over))?
                }
                None => CleanText::default(),
            },
            (Some(el), None) => element_text(el),
        })
    }

    /// First value in the whole document (pagination links).
    fn document_value(&self, doc: &Html) -> Option<String> {
        let root = doc.root_element();
        match &self.selector {
            None => self.value(root),
            Some(sel) => doc.select(sel).find_map(|el| {
                let v = match &self.attr {
                    Some(attr) => el.value().attr(attr)?.trim().to_string(),
                    None => inline_text(el),
                };
                (!v.is_empty()).then_some(v)
            }),
        }
    }
}

/// The last `@` outside brackets, quotes and parentheses splits selector from attribute, so
/// `a[href*="@"]@href` works.
fn split_attr(spec: &str) -> Option<(&str, &str)> {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut at = None;
    for (i, c) in spec.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '(') => depth += 1,
            (None, ']' | ')') => depth -= 1,
            (None, '@') if depth == 0 => at = Some(i),
            _ => {}
        }
    }
    at.map(|i| (&spec[..i], &spec[i + 1..]))
}

fn is_attr_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
}

/// Compiled `[sources.select]` for an html source.
#[derive(Debug, Clone)]
pub(crate) struct HtmlRules {
    pub(crate) item: Selector,
    pub(crate) author: Field,
    pub(crate) text: Field,
    pub(crate) time: Option<Field>,
    pub(crate) id: Option<Field>,
    pub(crate) link: Option<Field>,
    pub(crate) next: Option<Field>,
}

impl HtmlRules {
    /// Compiles every key, collecting `(key, message)` for each problem.
    pub(crate) fn compile(select: &SelectConfig) -> Result<HtmlRules, Vec<(String, String)>> {
        let mut problems = Vec::new();
        let mut field = |key: &str, spec: &Option<String>, required: bool| -> Option<Field> {
            match spec {
                None if required => {
                    problems.push((
                        format!("select.{key}"),
                        format!("html sources need select.{key} (or a preset)"),
                    ));
                    None
                }
                None => None,
                Some(spec) => match Field::parse(spec) {
                    Ok(f) => Some(f),
                    Err(message) => {
                        problems.push((format!("select.{key}"), message));
                        None
                    }
                },
            }
        };
        let item = field("item", &select.item, true);
        let author = field("author", &select.author, true);
        let text = field("text", &select.text, true);
        let time = field("time", &select.time, false);
        let id = field("id", &select.id, false);
        let link = field("link", &select.link, false);
        let next = field("next", &select.next, false);
        let item = match item {
            Some(Field {
                selector: Some(sel),
                attr: None,
            }) => Some(sel),
            Some(_) => {
                problems.push((
                    "select.item".into(),
                    "select.item must be a plain CSS selector (no @attr)".into(),
                ));
                None
            }
            None => None,
        };
        match (item, author, text) {
            (Some(item), Some(author), Some(text)) if problems.is_empty() => Ok(HtmlRules {
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

    pub(crate) fn extract(
        &self,
        doc: &Html,
        page_url: &Url,
        limits: &Limits,
    ) -> Result<Extracted, ExtractError> {
        let mut posts = Vec::new();
        let mut items_found = 0;
        for item in doc.select(&self.item) {
            items_found += 1;
            let body = self.text.body(item, page_url, limits)?;
            if body.text.is_empty() && body.quotes.is_empty() {
                continue;
            }
            let author = self.author.value(item).unwrap_or_default();
            let site_id = self.id.as_ref().and_then(|f| f.value(item));
            let anchor = item
                .value()
                .id()
                .map(str::to_string)
                .or_else(|| site_id.clone());
            posts.push(ExtractedPost {
                id: site_id.unwrap_or_else(|| post_id(&author, &body.text)),
                // Without a permalink the page itself is the link; an element id makes
                // it an anchor to the post (phpBB's `#p123`, most forums alike).
                url: self
                    .link
                    .as_ref()
                    .and_then(|f| f.value(item))
                    .and_then(|l| resolve_link(page_url, &l))
                    .or_else(|| {
                        let mut u = page_url.clone();
                        u.set_fragment(anchor.as_deref());
                        Some(u.to_string())
                    }),
                published_at: self
                    .time
                    .as_ref()
                    .and_then(|f| f.value(item))
                    .and_then(|t| dates::parse_time(&t)),
                author,
                text: body.text,
                quotes: body.quotes,
                truncated: false,
            });
        }
        let next = self
            .next
            .as_ref()
            .and_then(|f| f.document_value(doc))
            .and_then(|href| resolve_next(page_url, &href))
            .filter(|next| !same_page(next, page_url));
        Ok(Extracted {
            posts,
            next,
            items_found,
        })
    }
}

fn same_page(a: &Url, b: &Url) -> bool {
    let strip = |u: &Url| {
        let mut u = u.clone();
        u.set_fragment(None);
        u
    };
    strip(a) == strip(b)
}

/// A one-line message for a selector that does not parse. scraper renders some selector
/// errors as "Unexpected error occurred. Please report this to the developer" with a
/// multi-line dump; those are named here from the parser's error kind instead.
pub(crate) fn selector_error(css: &str, e: &scraper::error::SelectorErrorKind<'_>) -> String {
    use scraper::error::SelectorErrorKind as K;
    let why = match e {
        K::UnexpectedSelectorParseError(kind) => {
            let debug = format!("{kind:?}");
            let name = debug.split('(').next().unwrap_or_default();
            match name {
                "EmptySelector" => "the selector is empty".to_string(),
                "DanglingCombinator" => "it ends with a combinator (>, +, ~)".to_string(),
                "NoQualifiedNameInAttributeSelector" | "InvalidQualNameInAttr" => {
                    "an attribute selector [...] lacks a valid attribute name".to_string()
                }
                "UnexpectedTokenInAttributeSelector" | "ExpectedBarInAttr" | "BadValueInAttr" => {
                    "an attribute selector [...] is malformed".to_string()
                }
                "UnsupportedPseudoClassOrElement" => {
                    "it uses an unsupported pseudo-class or pseudo-element".to_string()
                }
                "ClassNeedsIdent" => "a '.' must be followed by a class name".to_string(),
                other => words(other),
            }
        }
        other => other.to_string().replace('\n', " "),
    };
    format!("invalid CSS selector {css:?}: {why}")
}

/// `NonCompoundSelector` -> `non compound selector`.
fn words(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_specs() {
        assert!(Field::parse("@id").unwrap().selector.is_none());
        let f = Field::parse("time@datetime").unwrap();
        assert_eq!(f.attr.as_deref(), Some("datetime"));
        let f = Field::parse("a[href*=\"@\"]@href").unwrap();
        assert_eq!(f.attr.as_deref(), Some("href"));
        assert!(Field::parse("a[href*=\"@\"]").unwrap().attr.is_none());
        assert!(Field::parse("div..x").is_err());
        assert!(Field::parse("a@").is_err());
        assert!(Field::parse("a@1x").is_err());
        assert!(Field::parse("  ").is_err());
    }

    #[test]
    fn every_bad_selector_gets_a_one_line_message_naming_it() {
        for css in [
            "div >", "[]", "p:nope", "div..x", "a[href=", "div[", "::", "a ! b",
        ] {
            let message = match Field::parse(css) {
                Err(m) => m,
                Ok(_) => panic!("{css:?} parsed"),
            };
            assert!(
                message.starts_with(&format!("invalid CSS selector {css:?}: ")),
                "{message}"
            );
            assert!(!message.contains('\n'), "{message}");
            assert!(
                !message.contains("report this to the developer"),
                "{message}"
            );
        }
    }

    #[test]
    fn problems_name_their_keys() {
        let select = SelectConfig {
            item: Some("div[".into()),
            author: None,
            text: Some("@x".into()),
            ..Default::default()
        };
        let problems = HtmlRules::compile(&select).unwrap_err();
        let keys: Vec<&str> = problems.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, vec!["select.item", "select.author"]);
        let select = SelectConfig {
            item: Some("div@id".into()),
            author: Some("b".into()),
            text: Some("p".into()),
            ..Default::default()
        };
        assert_eq!(HtmlRules::compile(&select).unwrap_err()[0].0, "select.item");
    }
}
