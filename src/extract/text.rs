//! HTML to clean text: block elements become line breaks, scripts and styles are dropped,
//! white space is tidied, and quotes of other posts are kept apart from the author's words.
//!
//! Quotes are kept apart because an address inside a quote belongs to the person quoted, not
//! to the author; matching must not take it as the author's.

use ego_tree::NodeRef;
use scraper::{node::Element, ElementRef, Html, Node};

/// A post body as text, with the quotes it contains.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CleanText {
    /// The author's own words.
    pub text: String,
    /// Each quoted passage, in document order (nested quotes separately).
    pub quotes: Vec<String>,
}

/// Elements whose content is never reader-visible text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "iframe", "object", "embed", "svg",
    "canvas", "select", "button", "input", "textarea", "link", "meta",
];

/// Blocks separated by a blank line.
const PARAGRAPHS: &[&str] = &[
    "p",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "dl",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "figure",
    "aside",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "nav",
    "form",
    "fieldset",
    "details",
];

/// Blocks that start a new line.
const LINES: &[&str] = &[
    "div",
    "li",
    "tr",
    "dd",
    "dt",
    "address",
    "summary",
    "legend",
    "caption",
    "figcaption",
    "center",
    "tbody",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    None,
    Line,
    Para,
}

/// Accumulates text, collapsing white space and merging adjacent breaks.
struct Writer {
    out: String,
    pending: Break,
    space: bool,
}

impl Writer {
    fn new() -> Writer {
        Writer {
            out: String::new(),
            pending: Break::None,
            space: false,
        }
    }

    fn flush(&mut self) {
        if !self.out.is_empty() {
            match self.pending {
                Break::None if self.space => self.out.push(' '),
                Break::None => {}
                Break::Line => self.out.push('\n'),
                Break::Para => self.out.push_str("\n\n"),
            }
        }
        self.pending = Break::None;
        self.space = false;
    }

    fn text(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() {
                self.space = true;
            } else if !is_invisible(c) {
                self.flush();
                self.out.push(c);
            }
        }
    }

    /// Preformatted text keeps its line structure; spaces inside lines are still tidied.
    fn pre(&mut self, s: &str) {
        for (i, line) in s.split('\n').enumerate() {
            if i > 0 {
                self.line_break();
            }
            self.text(line);
        }
    }

    fn block(&mut self, b: Break) {
        self.pending = self.pending.max(b);
    }

    /// `<br>`: a second one in a row makes a blank line.
    fn line_break(&mut self) {
        self.pending = if self.pending == Break::None {
            Break::Line
        } else {
            Break::Para
        };
    }

    fn finish(self) -> String {
        self.out
    }
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
    )
}

/// Clean text of an element's content.
pub fn element_text(el: ElementRef<'_>) -> CleanText {
    let mut quotes = Vec::new();
    let mut writer = Writer::new();
    for child in el.children() {
        walk(child, &mut writer, &mut quotes, false);
    }
    split_quoted_paragraphs(writer.finish(), quotes)
}

/// Clean text of an HTML fragment (feed entries, JSON values).
pub fn fragment_text(html: &str) -> CleanText {
    let fragment = Html::parse_fragment(html);
    element_text(fragment.root_element())
}

/// Text of a value that may or may not be HTML.
pub fn value_text(value: &str) -> CleanText {
    if value.contains('<') || value.contains('&') {
        fragment_text(value)
    } else {
        let mut writer = Writer::new();
        writer.pre(value);
        split_quoted_paragraphs(writer.finish(), Vec::new())
    }
}

/// An element's text on one line (author names and other short fields).
pub fn inline_text(el: ElementRef<'_>) -> String {
    let mut writer = Writer::new();
    for t in el.text() {
        writer.text(t);
    }
    writer.finish()
}

fn walk(node: NodeRef<'_, Node>, w: &mut Writer, quotes: &mut Vec<String>, in_quote: bool) {
    match node.value() {
        Node::Text(t) => {
            if inside_pre(node) {
                w.pre(t);
            } else {
                w.text(t);
            }
        }
        Node::Element(e) => {
            let name = e.name();
            if SKIPPED.contains(&name)
                || is_quote_furniture(e, in_quote)
                || super::chrome::is_chrome(node, e)
            {
                return;
            }
            if name == "br" {
                w.line_break();
                return;
            }
            if is_quote(e) {
                let mut inner = Writer::new();
                for child in node.children() {
                    walk(child, &mut inner, quotes, true);
                }
                let quote = inner.finish();
                if !quote.is_empty() {
                    quotes.push(quote);
                }
                w.block(Break::Para);
                return;
            }
            let brk = if PARAGRAPHS.contains(&name) {
                Break::Para
            } else if LINES.contains(&name) {
                Break::Line
            } else if name == "td" || name == "th" {
                // Cells of a row stay on one line, apart.
                w.space = true;
                Break::None
            } else {
                Break::None
            };
            w.block(brk);
            for child in node.children() {
                walk(child, w, quotes, in_quote);
            }
            w.block(brk);
        }
        _ => {}
    }
}

fn inside_pre(node: NodeRef<'_, Node>) -> bool {
    node.ancestors()
        .any(|a| matches!(a.value(), Node::Element(e) if e.name() == "pre"))
}

/// Quotes of other posts: `<blockquote>` (phpBB, XenForo's `bbCodeBlock--quote`, WordPress)
/// and Discourse's `<aside class="quote">`.
fn is_quote(e: &Element) -> bool {
    let cs = scraper::CaseSensitivity::AsciiCaseInsensitive;
    e.name() == "blockquote"
        || (e.name() == "aside" && e.has_class("quote", cs))
        || e.has_class("bbCodeBlock--quote", cs)
}

/// Attribution lines and controls inside quotes ("bob wrote:", "Click to expand..."):
/// they are not what was quoted.
fn is_quote_furniture(e: &Element, in_quote: bool) -> bool {
    let cs = scraper::CaseSensitivity::AsciiCaseInsensitive;
    if e.has_class("bbCodeBlock-expandLink", cs) || e.has_class("quote-controls", cs) {
        return true;
    }
    in_quote
        && (e.name() == "cite"
            || e.has_class("bbCodeBlock-title", cs)
            || (e.name() == "div" && e.has_class("title", cs)))
}

/// Plain-text quoting (`> what they said`, as on Hacker News and in e-mail) moved to quotes.
fn split_quoted_paragraphs(text: String, mut quotes: Vec<String>) -> CleanText {
    if !text.contains('>') {
        return CleanText { text, quotes };
    }
    let mut own = Vec::new();
    for para in text.split("\n\n") {
        if para.starts_with('>') {
            let quoted: Vec<&str> = para
                .lines()
                .map(|l| l.trim_start_matches('>').trim())
                .collect();
            let quoted = quoted.join("\n").trim().to_string();
            if !quoted.is_empty() {
                quotes.push(quoted);
            }
        } else {
            own.push(para);
        }
    }
    CleanText {
        text: own.join("\n\n"),
        quotes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_breaks_scripts_entities_and_spaces() {
        let t = fragment_text(
            "<div>Hello&nbsp;  <b>world</b>\n  again</div><script>alert(1)</script><style>p{}</style>\
             <p>Line one<br>line two<br><br>after gap</p><ul><li>a</li><li>b &amp; c</li></ul>",
        );
        assert_eq!(
            t.text,
            "Hello world again\n\nLine one\nline two\n\nafter gap\n\na\nb & c"
        );
        assert!(t.quotes.is_empty());
    }

    #[test]
    fn quotes_are_kept_apart_without_attribution() {
        let t = fragment_text(
            "<blockquote cite=\"./viewtopic.php?p=2#p2\"><div><cite><a href=\"#\">jan</a> wrote: \
             <span>Mon Nov 02, 2026</span></cite>my host is shop.example-shop.de</div></blockquote>\
             <p>Same here.</p>",
        );
        assert_eq!(t.text, "Same here.");
        assert_eq!(t.quotes, vec!["my host is shop.example-shop.de"]);
    }

    #[test]
    fn xenforo_and_discourse_quotes() {
        let xf = fragment_text(
            "<blockquote class=\"bbCodeBlock bbCodeBlock--expandable bbCodeBlock--quote\">\
             <div class=\"bbCodeBlock-title\"><a href=\"/goto/post?id=1\">Alice said:</a></div>\
             <div class=\"bbCodeBlock-content\"><div class=\"bbCodeBlock-expandContent\">quoted words</div>\
             <div class=\"bbCodeBlock-expandLink\"><a role=\"button\">Click to expand...</a></div></div>\
             </blockquote>My answer.",
        );
        assert_eq!(xf.text, "My answer.");
        assert_eq!(xf.quotes, vec!["quoted words"]);
        let d = fragment_text(
            "<aside class=\"quote no-group\" data-username=\"jan\"><div class=\"title\">\
             <div class=\"quote-controls\"></div> jan:</div><blockquote><p>outage again</p></blockquote></aside><p>Yes.</p>",
        );
        assert_eq!(d.text, "Yes.");
        assert_eq!(d.quotes, vec!["outage again"]);
    }

    #[test]
    fn plain_text_quoting_and_pre() {
        let t = fragment_text("Intro<p>&gt; someone said this<p>My reply<pre>a  b\n  c</pre>");
        assert_eq!(t.text, "Intro\n\nMy reply\n\na b\nc");
        assert_eq!(t.quotes, vec!["someone said this"]);
    }

    #[test]
    fn truncated_html_does_not_panic() {
        let t = fragment_text("<p>cut off <b>in the mid");
        assert_eq!(t.text, "cut off in the mid");
        let v = value_text("no html here\n  second   line");
        assert_eq!(v.text, "no html here\nsecond line");
    }
}
