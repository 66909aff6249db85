//! HTML pages read with CSS selectors: `sel` (text), `sel::text` (the element's own text, not
//! its children's), `sel@attr` (attribute), `@attr` (attribute of the item itself). Selectors
//! are compiled once, when the source is compiled.

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Selector};
use url::Url;

use super::dates::{DateContext, ReadTime};
use super::parse::{self, Limits};
use super::text::{element_text, inline_text, value_text, CleanText};
use super::{dates, post_id, resolve_link, resolve_next, ExtractError, Extracted};
use crate::config::{SelectConfig, Selectors};
use crate::model::{ExtractedPost, PostDetails};

/// Where one field is read: an element (the first match inside the item, or the item itself)
/// and optionally an attribute of it.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    selector: Option<Selector>,
    attr: Option<String>,
    /// `::text`: only the element's own text nodes (a name printed bare beside an avatar, a
    /// divider and a permalink in the same box).
    own_text: bool,
}

/// The suffix that reads an element's own text, as in Scrapy and parsel.
const OWN_TEXT: &str = "::text";

impl Field {
    /// Parses `sel`, `sel::text`, `sel@attr` or `@attr`.
    pub(crate) fn parse(spec: &str) -> Result<Field, String> {
        let spec = spec.trim();
        if let Some(css) = spec.strip_suffix(OWN_TEXT) {
            if split_attr(css).is_some() {
                return Err("'::text' reads text and takes no '@attribute'".into());
            }
            let css = css.trim();
            let selector = match css {
                "" => None,
                css => Some(Selector::parse(css).map_err(|e| selector_error(css, &e))?),
            };
            return Ok(Field {
                selector,
                attr: None,
                own_text: true,
            });
        }
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
                    own_text: false,
                }),
                None => Err("empty selector".into()),
            };
        }
        let selector = Selector::parse(css).map_err(|e| selector_error(css, &e))?;
        Ok(Field {
            selector: Some(selector),
            attr,
            own_text: false,
        })
    }

    /// The text an element gives this field: an attribute, its own text, or all its text.
    fn read(&self, el: ElementRef<'_>) -> Option<String> {
        Some(match &self.attr {
            Some(attr) => el.value().attr(attr)?.trim().to_string(),
            None if self.own_text => own_text(el),
            None => inline_text(el),
        })
    }

    /// First value in the whole document (pagination links).
    fn document_value(&self, doc: &Html) -> Option<String> {
        let root = doc.root_element();
        match &self.selector {
            None => self.first_value(root, &HashSet::new()),
            Some(sel) => doc.select(sel).find_map(|el| {
                let v = self.read(el)?;
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

/// A key's selectors, tried in order per item.
#[derive(Debug, Clone)]
pub(crate) struct Alts(Vec<Field>);

impl Alts {
    /// The first value any selector yields.
    fn value(&self, item: ElementRef<'_>, items: &HashSet<NodeId>) -> Option<String> {
        self.0.iter().find_map(|f| f.first_value(item, items))
    }

    /// The first value any selector yields, with the element it was read from.
    fn value_at<'a>(
        &'a self,
        item: ElementRef<'a>,
        items: &'a HashSet<NodeId>,
    ) -> Option<(ElementRef<'a>, String)> {
        self.0.iter().find_map(|f| f.entries(item, items).next())
    }

    /// The first post body any selector yields (text, quotes or images).
    fn body(
        &self,
        item: ElementRef<'_>,
        items: &HashSet<NodeId>,
        byline: &HashSet<NodeId>,
        page_url: &Url,
        limits: &Limits,
    ) -> Result<Body, ExtractError> {
        for f in &self.0 {
            let body = f.all_bodies(item, items, byline, page_url, limits)?;
            if !body.is_empty() {
                return Ok(body);
            }
        }
        Ok(Body::default())
    }

    /// The first value any selector yields that reads as a time. A bare date
    /// (`datetime="2020-12-24"` beside "December 24, 2020 at 3:53 am") gives way to a later
    /// value that has the time of day, when that value falls on the same date.
    fn time<'a>(
        &'a self,
        item: ElementRef<'a>,
        items: &'a HashSet<NodeId>,
        ctx: &DateContext,
    ) -> Option<(ReadTime, ElementRef<'a>)> {
        let mut date_only: Option<(ReadTime, ElementRef<'a>)> = None;
        for f in &self.0 {
            for (el, v) in f.entries(item, items) {
                let Some(t) = dates::read_time(&v, ctx) else {
                    continue;
                };
                if !dates::is_date_only(&v) {
                    match date_only {
                        // A page's timezone may move a time across midnight: a day either way.
                        Some((d, _)) if (t.at - d.at).num_hours().abs() > 48 => {}
                        _ => return Some((t, el)),
                    }
                } else if date_only.is_none() {
                    date_only = Some((t, el));
                }
            }
        }
        date_only
    }

    fn document_value(&self, doc: &Html) -> Option<String> {
        self.0.iter().find_map(|f| f.document_value(doc))
    }
}

/// A post body: clean text and quotes of every match, and the alt texts of its images.
#[derive(Debug, Clone, Default)]
struct Body {
    clean: CleanText,
    image_alts: Vec<String>,
}

impl Body {
    fn is_empty(&self) -> bool {
        self.clean.text.is_empty() && self.clean.quotes.is_empty() && self.image_alts.is_empty()
    }
}

impl Field {
    /// Every non-empty value with the element it was read from, in document order.
    fn entries<'a>(
        &'a self,
        item: ElementRef<'a>,
        items: &'a HashSet<NodeId>,
    ) -> impl Iterator<Item = (ElementRef<'a>, String)> + 'a {
        let els: Box<dyn Iterator<Item = ElementRef<'a>>> = match &self.selector {
            None => Box::new(std::iter::once(item)),
            Some(sel) => Box::new(item.select(sel).filter(move |el| owned(*el, item, items))),
        };
        els.filter_map(move |el| {
            let v = self.read(el)?;
            (!v.is_empty()).then_some((el, v))
        })
    }

    fn first_value(&self, item: ElementRef<'_>, items: &HashSet<NodeId>) -> Option<String> {
        self.entries(item, items).next().map(|(_, v)| v)
    }

    /// Every match joined (a theme may split a post into bare `<p>`s); a match inside an
    /// earlier one is part of it already. An attribute may hold HTML of its own, parsed
    /// under the same limits.
    /// A match that holds the post's byline (the element its author or time was read from:
    /// Pew's `<p><span class="author">…</span> • <a class="time">…</a></p>` among the
    /// post's paragraphs) is left out, unless nothing else matches.
    fn all_bodies(
        &self,
        item: ElementRef<'_>,
        items: &HashSet<NodeId>,
        byline: &HashSet<NodeId>,
        page_url: &Url,
        limits: &Limits,
    ) -> Result<Body, ExtractError> {
        let mut els: Vec<ElementRef<'_>> = match &self.selector {
            None => vec![item],
            Some(sel) => item
                .select(sel)
                .filter(|el| owned(*el, item, items))
                .collect(),
        };
        if els.iter().any(|el| !byline.contains(&el.id())) {
            els.retain(|el| !byline.contains(&el.id()));
        }
        let mut texts = Vec::new();
        let mut body = Body::default();
        let mut taken: Vec<ego_tree::NodeId> = Vec::new();
        for el in els {
            if el.ancestors().any(|a| taken.contains(&a.id())) {
                continue;
            }
            taken.push(el.id());
            let clean = match &self.attr {
                Some(attr) => match el.value().attr(attr) {
                    Some(v) => value_text(v, limits)
                        .map_err(|over| ExtractError::overflow(page_url, over))?,
                    None => CleanText::default(),
                },
                None if self.own_text => CleanText {
                    text: own_text(el),
                    ..CleanText::default()
                },
                None => {
                    body.image_alts.extend(super::chrome::image_alts(el));
                    element_text(el)
                }
            };
            if !clean.text.is_empty() {
                texts.push(clean.text);
            }
            body.clean.quotes.extend(clean.quotes);
        }
        body.clean.text = texts.join("\n\n");
        Ok(body)
    }
}

/// An element's own text nodes, white space collapsed: what `::text` reads.
fn own_text(el: ElementRef<'_>) -> String {
    let joined: String = el
        .children()
        .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
        .collect::<Vec<_>>()
        .join(" ");
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `el`, found inside `item`, belongs to it rather than to another item nested in it.
fn owned(el: ElementRef<'_>, item: ElementRef<'_>, items: &HashSet<NodeId>) -> bool {
    if items.is_empty() {
        return true;
    }
    for node in std::iter::once(*el).chain(el.ancestors()) {
        if node.id() == item.id() {
            return true;
        }
        if items.contains(&node.id()) {
            return false;
        }
    }
    true
}

/// Compiled `[sources.select]` for an html source.
#[derive(Debug, Clone)]
pub(crate) struct HtmlRules {
    pub(crate) item: Vec<Selector>,
    pub(crate) author: Alts,
    pub(crate) text: Alts,
    pub(crate) time: Option<Alts>,
    pub(crate) id: Option<Alts>,
    pub(crate) link: Option<Alts>,
    pub(crate) next: Option<Alts>,
}

impl HtmlRules {
    /// Compiles every key, collecting `(key, message)` for each problem.
    pub(crate) fn compile(select: &SelectConfig) -> Result<HtmlRules, Vec<(String, String)>> {
        let mut problems = Vec::new();
        let mut field = |key: &str, spec: &Option<Selectors>, required: bool| -> Option<Alts> {
            let Some(spec) = spec else {
                if required {
                    problems.push((
                        format!("select.{key}"),
                        format!("html sources need select.{key} (or a preset)"),
                    ));
                }
                return None;
            };
            let mut alts = Vec::new();
            for one in spec.as_slice() {
                match Field::parse(one) {
                    Ok(f) => alts.push(f),
                    Err(message) => problems.push((format!("select.{key}"), message)),
                }
            }
            (alts.len() == spec.as_slice().len()).then_some(Alts(alts))
        };
        let item = field("item", &select.item, true);
        let author = field("author", &select.author, true);
        let text = field("text", &select.text, true);
        let time = field("time", &select.time, false);
        let id = field("id", &select.id, false);
        let link = field("link", &select.link, false);
        let next = field("next", &select.next, false);
        let item = match item {
            Some(Alts(fields)) => {
                let sels: Vec<Selector> = fields
                    .into_iter()
                    .filter_map(|f| match f {
                        Field {
                            selector: Some(sel),
                            attr: None,
                            own_text: false,
                        } => Some(sel),
                        _ => None,
                    })
                    .collect();
                if sels.len() != select.item.as_ref().map_or(0, |s| s.as_slice().len()) {
                    problems.push((
                        "select.item".into(),
                        "select.item must be a plain CSS selector (no @attr, no ::text)".into(),
                    ));
                    None
                } else {
                    Some(sels)
                }
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

    /// The item elements: those of the first item selector whose items hold an author on at
    /// least half of them, else those of the first that matches anything. A theme may give a
    /// preset's usual container class to a smaller part of the comment (Uproxx's
    /// `.comment-body` holds only the text, the name sits beside it): that container is the
    /// wrong one for this page.
    fn items<'a>(&self, doc: &'a Html) -> Vec<ElementRef<'a>> {
        let mut first: Option<Vec<ElementRef<'a>>> = None;
        for sel in &self.item {
            let found: Vec<ElementRef<'a>> = doc.select(sel).collect();
            if found.is_empty() {
                continue;
            }
            if self.item.len() == 1 {
                return found;
            }
            let ids: HashSet<NodeId> = found.iter().map(|i| i.id()).collect();
            let named = found
                .iter()
                .filter(|i| self.author.value(**i, &ids).is_some())
                .count();
            if named * 2 >= found.len() {
                return found;
            }
            first.get_or_insert(found);
        }
        first.unwrap_or_default()
    }

    /// Extracts a page's posts. A page without items has its `<noscript>` markup read
    /// instead (once: the markup read from there is not searched for more).
    pub(crate) fn extract(
        &self,
        doc: &Html,
        page_url: &Url,
        ctx: &DateContext,
        limits: &Limits,
    ) -> Result<Extracted, ExtractError> {
        if self.items(doc).is_empty() {
            // Discourse 2.x and other no-JavaScript views keep the posts inside <noscript>,
            // which an HTML parser with scripting on reads as text: read that text as markup,
            // parsed under the same limits as the page.
            if let Some(inner) = noscript_document(doc, limits)
                .map_err(|over| ExtractError::overflow(page_url, over))?
            {
                let mut out = self.extract_items(&inner, page_url, ctx, limits)?;
                if out.next.is_none() {
                    out.next = self.next_page(doc, page_url);
                }
                return Ok(out);
            }
        }
        self.extract_items(doc, page_url, ctx, limits)
    }

    fn extract_items(
        &self,
        doc: &Html,
        page_url: &Url,
        ctx: &DateContext,
        limits: &Limits,
    ) -> Result<Extracted, ExtractError> {
        let items = self.items(doc);
        let mut out = Extracted {
            items_found: items.len(),
            ..Extracted::default()
        };
        // Threaded comments nest: a reply's item sits inside its parent's, and what lies in
        // the reply is the reply's, not the parent's.
        let ids: HashSet<NodeId> = items.iter().map(|i| i.id()).collect();
        for item in items {
            let author_at = self.author.value_at(item, &ids);
            let time_at = self.time.as_ref().and_then(|f| f.time(item, &ids, ctx));
            // The elements that hold the author or the time, up to the item: a text match
            // among them is the byline, not the post.
            let mut byline = HashSet::new();
            for el in [author_at.as_ref().map(|a| a.0), time_at.map(|t| t.1)]
                .into_iter()
                .flatten()
            {
                for node in std::iter::once(*el).chain(el.ancestors()) {
                    if node.id() == item.id() {
                        break;
                    }
                    byline.insert(node.id());
                }
            }
            let body = self.text.body(item, &ids, &byline, page_url, limits)?;
            let author = author_at.map(|a| a.1).unwrap_or_default();
            let site_id = self.id.as_ref().and_then(|f| f.value(item, &ids));
            let time = time_at.map(|t| t.0);
            out.gaps.count(
                &author,
                self.time.is_some() && time.is_none(),
                self.id.is_some() && site_id.is_none(),
            );
            if body.is_empty() {
                continue;
            }
            let anchor = item
                .value()
                .id()
                .map(str::to_string)
                .or_else(|| site_id.clone());
            out.posts.push(ExtractedPost {
                id: site_id.unwrap_or_else(|| post_id(&author, &body.clean.text)),
                // Without a permalink the page itself is the link; an element id makes
                // it an anchor to the post (phpBB's `#p123`, most forums alike).
                url: self
                    .link
                    .as_ref()
                    .and_then(|f| f.value(item, &ids))
                    .and_then(|l| resolve_link(page_url, &l))
                    .or_else(|| {
                        let mut u = page_url.clone();
                        u.set_fragment(anchor.as_deref());
                        Some(u.to_string())
                    }),
                published_at: time.map(|t| t.at),
                author,
                text: body.clean.text,
                quotes: body.clean.quotes,
                truncated: false,
                details: PostDetails {
                    title: None,
                    image_alts: body.image_alts,
                    time_assumed_utc: time.is_some_and(|t| t.assumed_utc),
                },
            });
        }
        out.next = self.next_page(doc, page_url);
        Ok(out)
    }

    /// The next-page link of a document, by this source's `next` selectors.
    pub(crate) fn extract_next(&self, doc: &Html, page_url: &Url) -> Option<Url> {
        self.next_page(doc, page_url)
    }

    fn next_page(&self, doc: &Html, page_url: &Url) -> Option<Url> {
        self.next
            .as_ref()
            .and_then(|f| f.document_value(doc))
            .and_then(|href| resolve_next(page_url, &href))
            .filter(|next| !same_page(next, page_url))
    }
}

/// The markup inside the page's `<noscript>` elements, when there is some, parsed under
/// `limits`.
fn noscript_document(doc: &Html, limits: &Limits) -> Result<Option<Html>, parse::Overflow> {
    let Ok(sel) = Selector::parse("noscript") else {
        return Ok(None);
    };
    let mut markup = String::new();
    for el in doc.select(&sel) {
        for t in el.text() {
            if t.contains('<') {
                markup.push_str(t);
            }
        }
    }
    if markup.is_empty() {
        return Ok(None);
    }
    parse::document(&markup, limits).map(Some)
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
        let f = Field::parse("div.by ::text").unwrap();
        assert!(f.own_text && f.selector.is_some() && f.attr.is_none());
        assert!(Field::parse("::text").unwrap().selector.is_none());
        assert!(Field::parse("a@href::text").is_err());
        assert!(Field::parse("div..x::text").is_err());
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
