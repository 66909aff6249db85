//! Deserializing a config that has type errors, so one run reports all of them: serde stops
//! at the first bad value, so each one is recorded, removed (or, for a missing key, filled
//! with a placeholder) in a copy of the document that keeps its spans, and the copy is read
//! again, a bounded number of times.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use toml_edit::{Array, ArrayOfTables, DocumentMut, ImDocument, Item, Table, TableLike, Value};

use super::{line_at, path_key, Locator, Problem};
use crate::config::Config;

/// At most this many problems are worked around before reading gives up; far more than any
/// real file has, and it bounds the work on a hostile one.
const MAX_ROUNDS: usize = 200;

/// Placeholders are strings holding this marker and their number, so an error about one
/// (`invalid type: string "…"`) can be told from an error about the file's own values.
const MARK: &str = "reviewgate-placeholder-";

/// Integer placeholders start here: far from any value a real config holds, within `u32`.
const INT_BASE: i64 = 3_000_000_000;

/// What lenient reading found.
pub(super) struct Outcome {
    /// The config, read with every bad value removed or replaced; `None` if reading gave up.
    pub config: Option<Config>,
    /// Unknown keys, as dotted paths.
    pub unknown: Vec<String>,
    /// The type errors and missing keys, located.
    pub problems: Vec<Problem>,
    /// Keys that were removed or filled in: later checks on them would only repeat the
    /// problem (a removed value falls back to its default).
    pub neutralised: Vec<String>,
}

/// A key filled in because it was missing, and how far along the kinds of value it is.
struct Placeholder {
    table: Vec<Seg>,
    field: String,
    stage: u8,
}

/// One step of a path into the document.
#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

pub(super) fn deserialize(
    file: &Path,
    text: &str,
    doc: &ImDocument<String>,
    locator: &Locator,
) -> Outcome {
    let mut root = Item::Table(doc.as_table().clone());
    let mut out = Outcome {
        config: None,
        unknown: Vec::new(),
        problems: Vec::new(),
        neutralised: Vec::new(),
    };
    let mut placeholders: Vec<Placeholder> = Vec::new();
    let mut unknown_seen = HashSet::new();
    for _ in 0..MAX_ROUNDS {
        let mut unknown = Vec::new();
        let table = root.as_table().cloned().unwrap_or_default();
        let de = toml_edit::de::Deserializer::from(DocumentMut::from(table));
        let parsed: Result<Config, _> =
            serde_ignored::deserialize(de, |p| unknown.push(path_key(&p)));
        for k in unknown {
            if unknown_seen.insert(k.clone()) {
                out.unknown.push(k);
            }
        }
        let e = match parsed {
            Ok(c) => {
                out.config = Some(c);
                return out;
            }
            Err(e) => e,
        };
        let step = Step {
            file,
            text,
            locator,
            error: &e,
        };
        if !step.work_around(&mut root, &mut placeholders, &mut out) {
            return out;
        }
    }
    out.problems.push(Problem {
        file: file.to_path_buf(),
        line: None,
        key: String::new(),
        message: format!(
            "stopped after {MAX_ROUNDS} values of the wrong type or missing; fix these and check again"
        ),
    });
    out
}

/// One serde error and what is needed to locate it.
struct Step<'a> {
    file: &'a Path,
    text: &'a str,
    locator: &'a Locator,
    error: &'a toml_edit::de::Error,
}

impl Step<'_> {
    /// Records the error and changes `root` so the next round gets past it; false when it
    /// can not (reading then stops with what it has).
    fn work_around(
        &self,
        root: &mut Item,
        placeholders: &mut Vec<Placeholder>,
        out: &mut Outcome,
    ) -> bool {
        let message = self.error.message().trim();
        // A placeholder of the wrong kind: try the next kind.
        if let Some(id) = placeholder_in(message, placeholders.len()) {
            let Some(p) = placeholders.get_mut(id) else {
                return false;
            };
            let value = match (p.stage, first_expected(message)) {
                (0, Some(variant)) => Value::from(variant),
                (0, None) => {
                    p.stage = 1;
                    Value::from(INT_BASE + id as i64)
                }
                (1, _) => {
                    p.stage = 2;
                    Value::InlineTable(Default::default())
                }
                _ => return false,
            };
            return match node_mut(root, &p.table) {
                Some(NodeMut::Table(t)) => {
                    t.insert(&p.field, Item::Value(value));
                    true
                }
                _ => false,
            };
        }
        let span = self.error.span();
        if let Some(field) = missing_field(message) {
            // The error carries the span of the table that lacks the key; without one (the
            // root, or a placeholder table) serde names the tables on the way.
            let table = match span.as_ref().and_then(|s| table_with_span(root, s)) {
                Some(path) => path,
                None => keys_in(&self.error.to_string())
                    .into_iter()
                    .map(Seg::Key)
                    .collect(),
            };
            let key = join(&key_of(&table), field);
            // A key taken out for its bad value was reported already, and so was a key inside
            // a placeholder table.
            if !super::is_neutralised(&out.neutralised, &key) {
                let line = self.locator.line_of(&key);
                if !self.record(out, key, line, "is required but missing".to_string()) {
                    return false;
                }
            }
            let id = placeholders.len();
            let Some(NodeMut::Table(t)) = node_mut(root, &table) else {
                return false;
            };
            t.insert(field, Item::Value(Value::from(format!("{MARK}{id}"))));
            placeholders.push(Placeholder {
                table,
                field: field.to_string(),
                stage: 0,
            });
            return true;
        }
        let Some(span) = span else {
            self.record(out, String::new(), None, message.to_string());
            return false;
        };
        let key = self.locator.key_at(span.start);
        let line = Some(line_at(self.text, span.start));
        if !self.record(out, key, line, message.to_string()) {
            return false;
        }
        let Some(path) = path_at(Node::Item(root), span.start) else {
            return false;
        };
        remove(root, &path)
    }

    /// Adds a problem; false if the same one was already recorded (no progress was made).
    fn record(&self, out: &mut Outcome, key: String, line: Option<usize>, message: String) -> bool {
        let problem = Problem {
            file: self.file.to_path_buf(),
            line: line.or_else(|| self.locator.line_of(&key)),
            key: key.clone(),
            message,
        };
        if out.problems.contains(&problem) {
            return false;
        }
        out.problems.push(problem);
        out.neutralised.push(key);
        true
    }
}

fn join(prefix: &str, field: &str) -> String {
    if prefix.is_empty() {
        field.to_string()
    } else {
        format!("{prefix}.{field}")
    }
}

/// `missing field `url`` -> `url`.
fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split('`').next()
}

/// The placeholder number in a message about a placeholder: its marker string, or its
/// integer (`invalid type: integer `3000000007``).
fn placeholder_in(message: &str, count: usize) -> Option<usize> {
    let number_after = |at: usize| -> Option<i64> {
        let digits: String = message[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    };
    let id = match message.find(MARK) {
        Some(at) => number_after(at + MARK.len())?,
        None => number_after(message.find("integer `")? + "integer `".len())? - INT_BASE,
    };
    usize::try_from(id).ok().filter(|&id| id < count)
}

/// `unknown variant `x`, expected one of `html`, `feed`` -> `html`: a value that fits.
fn first_expected(message: &str) -> Option<String> {
    let rest = &message[message.find("expected ")?..];
    let start = rest.find('`')? + 1;
    let end = start + rest[start..].find('`')?;
    Some(rest[start..end].to_string())
}

/// The tables serde names when an error has no span: the last line `in `a.b``.
fn keys_in(display: &str) -> Vec<String> {
    display
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("in `")?.strip_suffix('`'))
        .map(|k| k.split('.').map(str::to_string).collect())
        .unwrap_or_default()
}

fn contains(span: Option<Range<usize>>, at: usize) -> bool {
    span.is_some_and(|s| s.start <= at && at < s.end.max(s.start + 1))
}

/// A read-only view of a place in the document.
#[derive(Clone, Copy)]
enum Node<'a> {
    Item(&'a Item),
    Value(&'a Value),
    Table(&'a Table),
}

impl<'a> Node<'a> {
    fn span(self) -> Option<Range<usize>> {
        match self {
            Node::Item(i) => i.span(),
            Node::Value(v) => v.span(),
            Node::Table(t) => t.span(),
        }
    }

    fn is_table(self) -> bool {
        match self {
            Node::Item(i) => i.is_table_like(),
            Node::Value(v) => v.is_inline_table(),
            Node::Table(_) => true,
        }
    }

    /// Each child with its step and the span of its key (for table entries).
    fn children(self) -> Vec<(Seg, Option<Range<usize>>, Node<'a>)> {
        let table: Option<&'a dyn TableLike> = match self {
            Node::Item(i) => i.as_table_like(),
            Node::Value(v) => v.as_inline_table().map(|t| t as &dyn TableLike),
            Node::Table(t) => Some(t),
        };
        if let Some(t) = table {
            return t
                .iter()
                .filter_map(|(k, _)| {
                    let (key, child) = t.get_key_value(k)?;
                    Some((Seg::Key(k.to_string()), key.span(), Node::Item(child)))
                })
                .collect();
        }
        match self {
            Node::Item(Item::ArrayOfTables(a)) => a
                .iter()
                .enumerate()
                .map(|(i, t)| (Seg::Index(i), None, Node::Table(t)))
                .collect(),
            Node::Item(Item::Value(Value::Array(a))) | Node::Value(Value::Array(a)) => a
                .iter()
                .enumerate()
                .map(|(i, v)| (Seg::Index(i), None, Node::Value(v)))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// The path to the table whose span is `span`.
fn table_with_span(root: &Item, span: &Range<usize>) -> Option<Vec<Seg>> {
    fn walk(node: Node<'_>, span: &Range<usize>, path: &mut Vec<Seg>) -> bool {
        for (seg, _, child) in node.children() {
            path.push(seg);
            if (child.is_table() && child.span().as_ref() == Some(span)) || walk(child, span, path)
            {
                return true;
            }
            path.pop();
        }
        false
    }
    let mut path = Vec::new();
    walk(Node::Item(root), span, &mut path).then_some(path)
}

/// `sources[2].select`, the way problems name keys.
fn key_of(path: &[Seg]) -> String {
    let mut key = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) if key.is_empty() => key.push_str(k),
            Seg::Key(k) => {
                key.push('.');
                key.push_str(k);
            }
            Seg::Index(i) => key.push_str(&format!("[{i}]")),
        }
    }
    key
}

/// The path to the innermost entry (table key or array element) whose key or value holds
/// `at`.
fn path_at(root: Node<'_>, at: usize) -> Option<Vec<Seg>> {
    fn walk(node: Node<'_>, at: usize, path: &mut Vec<Seg>) -> bool {
        for (seg, key_span, child) in node.children() {
            path.push(seg);
            if walk(child, at, path) || contains(child.span(), at) || contains(key_span, at) {
                return true;
            }
            path.pop();
        }
        false
    }
    let mut path = Vec::new();
    walk(root, at, &mut path).then_some(path)
}

/// A writable place in the document that has children.
enum NodeMut<'a> {
    Table(&'a mut dyn TableLike),
    Tables(&'a mut ArrayOfTables),
    Array(&'a mut Array),
}

impl<'a> NodeMut<'a> {
    fn of_item(item: &'a mut Item) -> Option<NodeMut<'a>> {
        match item {
            Item::Table(t) => Some(NodeMut::Table(t)),
            Item::ArrayOfTables(a) => Some(NodeMut::Tables(a)),
            Item::Value(v) => NodeMut::of_value(v),
            Item::None => None,
        }
    }

    fn of_value(value: &'a mut Value) -> Option<NodeMut<'a>> {
        match value {
            Value::InlineTable(t) => Some(NodeMut::Table(t)),
            Value::Array(a) => Some(NodeMut::Array(a)),
            _ => None,
        }
    }

    fn child(self, seg: &Seg) -> Option<NodeMut<'a>> {
        match (self, seg) {
            (NodeMut::Table(t), Seg::Key(k)) => NodeMut::of_item(t.get_mut(k)?),
            (NodeMut::Tables(a), Seg::Index(i)) => Some(NodeMut::Table(a.get_mut(*i)?)),
            (NodeMut::Array(a), Seg::Index(i)) => NodeMut::of_value(a.get_mut(*i)?),
            _ => None,
        }
    }
}

fn node_mut<'a>(root: &'a mut Item, path: &[Seg]) -> Option<NodeMut<'a>> {
    let mut node = NodeMut::of_item(root)?;
    for seg in path {
        node = node.child(seg)?;
    }
    Some(node)
}

/// Removes the entry at `path`; false if there is none.
fn remove(root: &mut Item, path: &[Seg]) -> bool {
    let Some((last, parent)) = path.split_last() else {
        return false;
    };
    match (node_mut(root, parent), last) {
        (Some(NodeMut::Table(t)), Seg::Key(k)) => t.remove(k).is_some(),
        (Some(NodeMut::Tables(a)), Seg::Index(i)) if *i < a.len() => {
            a.remove(*i);
            true
        }
        (Some(NodeMut::Array(a)), Seg::Index(i)) if *i < a.len() => {
            a.remove(*i);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::load_str;

    #[test]
    fn a_file_of_type_errors_is_read_a_bounded_number_of_times() {
        let mut text = String::from("[service]\nname = \"S\"\n");
        for i in 0..(super::MAX_ROUNDS + 20) {
            text.push_str(&format!(
                "[[sources]]\nname = \"s{i}\"\nkind = \"feed\"\nurl = \"https://x.example/\"\nmax_pages = \"many\"\n"
            ));
        }
        let problems = load_str(Path::new("c.toml"), &text).unwrap_err().problems;
        assert_eq!(problems.len(), super::MAX_ROUNDS + 1);
        assert!(problems[0]
            .to_string()
            .starts_with("c.toml:7: sources[0].max_pages: "));
        assert!(problems
            .last()
            .unwrap()
            .message
            .starts_with("stopped after"));
    }

    #[test]
    fn missing_keys_get_placeholders_of_the_right_kind() {
        // `kind` is an enum, the role ids integers, `service` a table: each is one problem.
        let text = "[discord]\n[[sources]]\nname = \"a\"\nurl = \"https://x.example/\"\n";
        let problems: Vec<String> = load_str(Path::new("c.toml"), text)
            .unwrap_err()
            .problems
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(
            problems,
            [
                "c.toml:1: discord.review_channel_id: is required but missing",
                "c.toml:1: discord.reviewer_role_id: is required but missing",
                "c.toml:1: discord.admin_role_id: is required but missing",
                "c.toml:2: sources[0].kind: is required but missing",
                "c.toml: service: is required but missing",
            ]
        );
    }
}
