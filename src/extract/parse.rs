//! Parsing untrusted HTML under limits: a page nested deeper than `max_depth` or with more than
//! `max_nodes` nodes is refused while it is being parsed, so neither the parser's cost (it scans
//! its stack of open elements, which is quadratic in the nesting) nor anything walking the tree
//! afterwards can be driven without bound by a hostile page.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};
use std::collections::HashMap;

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{local_name, namespace_url, ns, Attribute, QualName};
use scraper::{Html, HtmlTreeSink};

use crate::config::HttpConfig;

/// What extraction accepts from one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deepest element nesting accepted in an HTML page or fragment.
    pub max_depth: usize,
    /// Most nodes (elements, text runs, comments) accepted in one HTML page or fragment.
    pub max_nodes: usize,
    /// A post's text (and, separately, its quotes together) is cut to this many characters.
    pub max_post_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits::from(&HttpConfig::default())
    }
}

impl From<&HttpConfig> for Limits {
    fn from(h: &HttpConfig) -> Self {
        Limits {
            max_depth: h.max_depth,
            max_nodes: h.max_nodes,
            max_post_chars: h.max_post_chars,
        }
    }
}

/// Which limit a document went past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Overflow {
    /// Elements nested deeper than this.
    Depth(usize),
    /// More nodes than this.
    Nodes(usize),
}

/// Input is fed to the parser in pieces of about this many bytes; the limits are checked
/// between pieces, so at most one piece is parsed past a limit.
const PIECE: usize = 8 * 1024;

/// Parses a whole HTML page.
pub(crate) fn document(text: &str, limits: &Limits) -> Result<Html, Overflow> {
    let (sink, state) = LimitedSink::new(Html::new_document(), limits);
    let parser = html5ever::driver::parse_document(sink, Default::default());
    feed(parser, text, &state)
}

/// Parses an HTML fragment (a feed entry, a JSON value), as the content of a `<body>`.
pub(crate) fn fragment(text: &str, limits: &Limits) -> Result<Html, Overflow> {
    let (sink, state) = LimitedSink::new(Html::new_fragment(), limits);
    let parser = html5ever::driver::parse_fragment(
        sink,
        Default::default(),
        QualName::new(None, ns!(html), local_name!("body")),
        Vec::new(),
    );
    feed(parser, text, &state)
}

fn feed(
    mut parser: html5ever::driver::Parser<LimitedSink>,
    text: &str,
    state: &std::rc::Rc<State>,
) -> Result<Html, Overflow> {
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(PIECE);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (piece, tail) = rest.split_at(cut);
        parser.process(StrTendril::from_slice(piece));
        if let Some(over) = state.overflow.get() {
            return Err(over);
        }
        rest = tail;
    }
    let html = parser.finish();
    if let Some(over) = state.overflow.get() {
        return Err(over);
    }
    // The sink's depths are those at insertion; the final tree is measured exactly (one
    // pass), so whatever walks it later can rely on the limit.
    if deepest_element(&html) > state.max_depth {
        return Err(Overflow::Depth(state.max_depth));
    }
    Ok(html)
}

/// The nesting depth of the deepest element (children of the root are at depth 1).
fn deepest_element(html: &Html) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                depth += 1;
                if node.value().is_element() {
                    deepest = deepest.max(depth - 1);
                }
            }
            Edge::Close(_) => depth -= 1,
        }
    }
    deepest
}

/// What the sink counts, shared with the feeding loop.
struct State {
    max_depth: usize,
    max_nodes: usize,
    nodes: Cell<usize>,
    /// Depth of every node appended so far (the document or fragment root is 0).
    depth: RefCell<HashMap<NodeId, usize>>,
    overflow: Cell<Option<Overflow>>,
}

impl State {
    fn depth_of(&self, node: &NodeId) -> usize {
        self.depth.borrow().get(node).copied().unwrap_or(0)
    }

    fn placed(&self, node: NodeId, depth: usize) {
        self.depth.borrow_mut().insert(node, depth);
        if depth > self.max_depth && self.overflow.get().is_none() {
            self.overflow.set(Some(Overflow::Depth(self.max_depth)));
        }
    }

    fn count(&self) {
        let n = self.nodes.get() + 1;
        self.nodes.set(n);
        if n > self.max_nodes && self.overflow.get().is_none() {
            self.overflow.set(Some(Overflow::Nodes(self.max_nodes)));
        }
    }
}

/// scraper's own sink, with every node counted and the depth of every element tracked.
/// Depths are those at insertion; the rare moves of the adoption agency algorithm are not
/// followed, which can only make a depth a little off, never unbounded.
struct LimitedSink {
    inner: HtmlTreeSink,
    state: std::rc::Rc<State>,
}

impl LimitedSink {
    fn new(html: Html, limits: &Limits) -> (LimitedSink, std::rc::Rc<State>) {
        let state = std::rc::Rc::new(State {
            max_depth: limits.max_depth,
            max_nodes: limits.max_nodes,
            nodes: Cell::new(0),
            depth: RefCell::new(HashMap::new()),
            overflow: Cell::new(None),
        });
        let sink = LimitedSink {
            inner: HtmlTreeSink::new(html),
            state: state.clone(),
        };
        (sink, state)
    }

    fn appended(&self, depth: usize, child: &NodeOrText<NodeId>) {
        self.state.count();
        if let NodeOrText::AppendNode(id) = child {
            self.state.placed(*id, depth);
        }
    }
}

impl TreeSink for LimitedSink {
    type Output = Html;
    type Handle = NodeId;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Html {
        self.inner.finish()
    }
    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg)
    }
    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }
    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        self.inner.elem_name(target)
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        self.inner.create_element(name, attrs, flags)
    }
    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }
    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.appended(self.state.depth_of(parent) + 1, &child);
        self.inner.append(parent, child)
    }
    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        let depth = self
            .state
            .depth_of(element)
            .max(self.state.depth_of(prev_element) + 1);
        self.appended(depth, &child);
        self.inner
            .append_based_on_parent_node(element, prev_element, child)
    }
    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id)
    }
    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node)
    }
    fn pop(&self, node: &NodeId) {
        self.inner.pop(node)
    }
    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }
    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.inner.same_node(x, y)
    }
    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode)
    }
    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.appended(self.state.depth_of(sibling), &new_node);
        self.inner.append_before_sibling(sibling, new_node)
    }
    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }
    fn associate_with_form(
        &self,
        target: &NodeId,
        form: &NodeId,
        nodes: (&NodeId, Option<&NodeId>),
    ) {
        self.inner.associate_with_form(target, form, nodes)
    }
    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target)
    }
    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent)
    }
    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        self.inner
            .is_mathml_annotation_xml_integration_point(handle)
    }
    fn set_current_line(&self, line_number: u64) {
        self.inner.set_current_line(line_number)
    }
    fn complete_script(&self, node: &NodeId) -> html5ever::tree_builder::NextParserState {
        self.inner.complete_script(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(n: usize) -> String {
        format!(
            "<html><body>{}x{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        )
    }

    #[test]
    fn depth_at_the_limit_parses_and_beyond_is_refused() {
        let limits = Limits {
            max_depth: 100,
            ..Limits::default()
        };
        // html > body > 97 divs: the text sits at depth 100.
        assert!(document(&nested(97), &limits).is_ok());
        assert_eq!(
            document(&nested(99), &limits).unwrap_err(),
            Overflow::Depth(100)
        );
        assert!(fragment(&"<b>".repeat(99), &limits).is_ok());
        assert_eq!(
            fragment(&"<b>".repeat(101), &limits).unwrap_err(),
            Overflow::Depth(100)
        );
    }

    #[test]
    fn misnested_markup_can_not_hide_its_depth() {
        let limits = Limits {
            max_depth: 64,
            ..Limits::default()
        };
        // The adoption agency and foster parenting move nodes after they are inserted.
        for pattern in [
            "<b><div>x</b>",
            "<a><p>x</a>",
            "<table><tr><td><b>",
            "<i><table>x</i>",
        ] {
            if let Ok(html) = document(&pattern.repeat(2_000), &limits) {
                assert!(deepest_element(&html) <= 64, "{pattern}");
            }
        }
    }

    #[test]
    fn node_count_is_capped() {
        let limits = Limits {
            max_nodes: 1000,
            ..Limits::default()
        };
        assert!(document(&"<p>a</p>".repeat(400), &limits).is_ok());
        assert_eq!(
            document(&"<p>a</p>".repeat(600), &limits).unwrap_err(),
            Overflow::Nodes(1000)
        );
    }
}

#[cfg(test)]
mod deep_tests {
    use super::*;
    use crate::extract::text::element_text;

    /// Runs `f` on a thread with a 256 KiB stack: a walk that recursed once per level of a
    /// 5,000-deep tree would overflow it.
    fn on_small_stack(f: impl FnOnce() + Send + 'static) {
        std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(f)
            .unwrap()
            .join()
            .expect("overflowed the stack");
    }

    #[test]
    fn deep_trees_are_parsed_walked_matched_and_dropped_without_recursion() {
        on_small_stack(|| {
            let limits = Limits {
                max_depth: 10_000,
                ..Limits::default()
            };
            let page = format!(
                "<html><body><div class=\"post\">{}<p class=\"t\">deep</p>{}</div></body></html>",
                "<div>".repeat(5_000),
                "</div>".repeat(5_000)
            );
            let doc = document(&page, &limits).unwrap();
            let item = scraper::Selector::parse("div.post").unwrap();
            let text = scraper::Selector::parse("div.post div p.t").unwrap();
            let post = doc.select(&item).next().unwrap();
            assert_eq!(element_text(post).text, "deep");
            assert_eq!(doc.select(&text).count(), 1);
            drop(doc);
        });
    }
}
