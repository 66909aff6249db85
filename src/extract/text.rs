//! HTML to clean text: block elements become line breaks, scripts and styles are dropped,
//! white space is tidied, and quotes of other posts are kept apart from the author's words.
//!
//! Quotes are kept apart because an address inside a quote belongs to the person quoted, not
//! to the author; matching must not take it as the author's.

use ego_tree::NodeRef;
use scraper::{node::Element, ElementRef, Node};

use super::parse::{self, Limits, Overflow};

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
    let text = cut_signature(walk(*el, &mut quotes));
    split_quoted_paragraphs(text, quotes)
}

/// Clean text of an HTML fragment (feed entries, JSON values), parsed under `limits`.
pub(crate) fn fragment_text(html: &str, limits: &Limits) -> Result<CleanText, Overflow> {
    let fragment = parse::fragment(html, limits)?;
    Ok(element_text(fragment.root_element()))
}

/// Text of a value that may or may not be HTML.
pub(crate) fn value_text(value: &str, limits: &Limits) -> Result<CleanText, Overflow> {
    if value.contains('<') || value.contains('&') {
        fragment_text(value, limits)
    } else {
        let mut writer = Writer::new();
        writer.pre(value);
        Ok(split_quoted_paragraphs(writer.finish(), Vec::new()))
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

/// One step of the walk over a subtree.
enum Step<'a> {
    /// Write a node (and schedule its children).
    Node(NodeRef<'a, Node>),
    /// An element's children are done: the break after it, and whether it was a `<pre>`.
    Leave { brk: Break, pre: bool },
    /// A quote's children are done: its text becomes one quote.
    EndQuote,
}

/// The text of `root`'s content, with quotes collected apart. The walk keeps its own stack
/// rather than recursing, so a deeply nested page can not exhaust the thread's stack.
fn walk(root: NodeRef<'_, Node>, quotes: &mut Vec<String>) -> String {
    // Writers of the quotes being read, innermost last; the first is the author's own text.
    let mut writers = vec![Writer::new()];
    let mut pre = usize::from(
        root.ancestors()
            .chain(std::iter::once(root))
            .any(|a| matches!(a.value(), Node::Element(e) if e.name() == "pre")),
    );
    let mut stack: Vec<Step<'_>> = root.children().rev().map(Step::Node).collect();
    while let Some(step) = stack.pop() {
        let in_quote = writers.len() > 1;
        let w = writers
            .last_mut()
            .expect("the author's writer is never popped");
        let node = match step {
            Step::Node(node) => node,
            Step::Leave { brk, pre: was_pre } => {
                w.block(brk);
                pre -= usize::from(was_pre);
                continue;
            }
            Step::EndQuote => {
                if writers.len() > 1 {
                    let quote = writers.pop().expect("checked above").finish();
                    if !quote.is_empty() {
                        quotes.push(quote);
                    }
                }
                writers
                    .last_mut()
                    .expect("the author's writer is never popped")
                    .block(Break::Para);
                continue;
            }
        };
        let e = match node.value() {
            Node::Text(t) => {
                if pre > 0 {
                    w.pre(t);
                } else {
                    w.text(t);
                }
                continue;
            }
            Node::Element(e) => e,
            _ => continue,
        };
        let name = e.name();
        if SKIPPED.contains(&name)
            || is_quote_furniture(e, in_quote)
            || super::chrome::is_chrome(node, e)
        {
            continue;
        }
        if name == "br" {
            w.line_break();
            continue;
        }
        if is_quote(e) {
            writers.push(Writer::new());
            stack.push(Step::EndQuote);
            stack.extend(node.children().rev().map(Step::Node));
            continue;
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
        let is_pre = name == "pre";
        pre += usize::from(is_pre);
        stack.push(Step::Leave { brk, pre: is_pre });
        stack.extend(node.children().rev().map(Step::Node));
    }
    writers.truncate(1);
    writers.pop().expect("the author's writer").finish()
}

/// Quotes of other posts: `<blockquote>` (phpBB, XenForo's `bbCodeBlock--quote`, WordPress),
/// Discourse's `<aside class="quote">` and phpBB 2's `<td class="quote">`.
fn is_quote(e: &Element) -> bool {
    let cs = scraper::CaseSensitivity::AsciiCaseInsensitive;
    e.name() == "blockquote"
        || (e.name() == "aside" && e.has_class("quote", cs))
        || (e.name() == "td" && e.has_class("quote", cs))
        || e.has_class("bbCodeBlock--quote", cs)
}

/// The line phpBB (2 and 3) prints between a post and the poster's signature; phpBB 2 puts
/// both in the same `span.postbody`, so the walk can not leave the signature out by element.
const SIGNATURE_RULE: &str = "_________________";

/// The author's words up to a signature rule, if the text has one on a line of its own.
fn cut_signature(text: String) -> String {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == SIGNATURE_RULE {
            return text[..at].trim_end().to_string();
        }
        at += line.len();
    }
    text
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

    fn ft(html: &str) -> CleanText {
        fragment_text(html, &Limits::default()).unwrap()
    }

    fn vt(value: &str) -> CleanText {
        value_text(value, &Limits::default()).unwrap()
    }

    #[test]
    fn blocks_breaks_scripts_entities_and_spaces() {
        let t = ft(
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
        let t = ft(
            "<blockquote cite=\"./viewtopic.php?p=2#p2\"><div><cite><a href=\"#\">jan</a> wrote: \
             <span>Mon Nov 02, 2026</span></cite>my host is shop.example-shop.de</div></blockquote>\
             <p>Same here.</p>",
        );
        assert_eq!(t.text, "Same here.");
        assert_eq!(t.quotes, vec!["my host is shop.example-shop.de"]);
    }

    #[test]
    fn xenforo_and_discourse_quotes() {
        let xf = ft(
            "<blockquote class=\"bbCodeBlock bbCodeBlock--expandable bbCodeBlock--quote\">\
             <div class=\"bbCodeBlock-title\"><a href=\"/goto/post?id=1\">Alice said:</a></div>\
             <div class=\"bbCodeBlock-content\"><div class=\"bbCodeBlock-expandContent\">quoted words</div>\
             <div class=\"bbCodeBlock-expandLink\"><a role=\"button\">Click to expand...</a></div></div>\
             </blockquote>My answer.",
        );
        assert_eq!(xf.text, "My answer.");
        assert_eq!(xf.quotes, vec!["quoted words"]);
        let d = ft(
            "<aside class=\"quote no-group\" data-username=\"jan\"><div class=\"title\">\
             <div class=\"quote-controls\"></div> jan:</div><blockquote><p>outage again</p></blockquote></aside><p>Yes.</p>",
        );
        assert_eq!(d.text, "Yes.");
        assert_eq!(d.quotes, vec!["outage again"]);
    }

    #[test]
    fn phpbb_signature_rule_ends_the_authors_words() {
        let t = ft("thanks<br>\n<br>_________________<br>--- my sig www.example.net");
        assert_eq!(t.text, "thanks");
        // Only a rule on a line of its own: underscores inside a sentence stay.
        let t = ft("fill in ________________ here<br>and _________________ too");
        assert!(t.text.contains("_________________ too"), "{:?}", t.text);
        // phpBB 2 quote boxes are tables: the caption row goes, the quoted cell is a quote.
        let t = ft(
            "<table><tr><td><span class=genmed><b>Citazione:</b></span></td></tr>\
             <tr><td class=quote>hi there</td></tr></table><span class=postbody>ok</span>",
        );
        assert_eq!(t.text, "ok");
        assert_eq!(t.quotes, ["hi there"]);
    }

    #[test]
    fn plain_text_quoting_and_pre() {
        let t = ft("Intro<p>&gt; someone said this<p>My reply<pre>a  b\n  c</pre>");
        assert_eq!(t.text, "Intro\n\nMy reply\n\na b\nc");
        assert_eq!(t.quotes, vec!["someone said this"]);
    }

    #[test]
    fn truncated_html_does_not_panic() {
        let t = ft("<p>cut off <b>in the mid");
        assert_eq!(t.text, "cut off in the mid");
        let v = vt("no html here\n  second   line");
        assert_eq!(v.text, "no html here\nsecond line");
    }
}
