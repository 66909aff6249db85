//! Tidy tests in the spirit of rust-analyzer's: they read `src/` and fail when code imports
//! against the layering written in ARCHITECTURE.md. Each failure names file, line and rule.
//!
//! Rules: only `src/discord/` uses serenity; only `src/store/` holds SQL (rusqlite, or SQL
//! keywords in string literals); the pure modules (extract, normalize, matching, assess,
//! queue policy) do no IO; no cycles between top-level modules or between the files of one
//! module; and every `crate::X` import points down the layer list in ARCHITECTURE.md. There
//! are no exceptions: a violation is fixed where it is made, never listed here.
//! Test code (after a `#[cfg(test)]` line, or a `*tests.rs` file) is not checked.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The loader's part of `config` (`src/config/load.rs` and `src/config/load/`): it validates a
/// config with the stages' own checks (selectors compiled by `extract`, the assessment policy
/// and drafts by `assess`, key files by `store`), so it is a layer of its own above them, while
/// the config types below every stage need nothing above them.
const CONFIG_LOAD: &str = "config::load";

/// `std::net` items that are plain values (addresses), not IO.
const NET_VALUES: &[&str] = &[
    "IpAddr",
    "Ipv4Addr",
    "Ipv6Addr",
    "SocketAddr",
    "SocketAddrV4",
    "SocketAddrV6",
    "AddrParseError",
];

/// Whether a line that names `std::net` names more than its address value types.
fn uses_network(text: &str) -> bool {
    text.match_indices("std::net::").any(|(i, _)| {
        let rest = &text[i + "std::net::".len()..];
        let names: Vec<&str> = match rest.strip_prefix('{') {
            Some(group) => group.split('}').next().unwrap_or("").split(',').collect(),
            None => vec![rest],
        };
        names.iter().any(|n| {
            let n: String = n
                .trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            !NET_VALUES.contains(&n.as_str())
        })
    }) || (has_word(text, "std::net") && !text.contains("std::net::"))
}

const PURE: &[&str] = &[
    "src/extract/",
    "src/normalize/",
    "src/matching/",
    "src/assess/",
    "src/queue/policy.rs",
];
const IO: &[&str] = &["std::fs", "std::net", "tokio", "reqwest", "rusqlite"];
const SQL: &[&str] = &[
    "SELECT ",
    "INSERT INTO",
    "INSERT OR",
    "DELETE FROM",
    "CREATE TABLE",
    "CREATE INDEX",
    "DROP TABLE",
    "PRAGMA ",
];

struct Line {
    file: String,
    number: usize,
    text: String,
}

/// Every non-comment, non-test line of every `.rs` file under `src/`.
fn source_lines() -> Vec<Line> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    walk(&root.join("src"), &mut files);
    files.sort();
    let mut lines = Vec::new();
    for path in files {
        let file = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if file.ends_with("tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, l) in text.lines().enumerate() {
            let t = l.trim();
            if t.starts_with("#[cfg(test)]") {
                break;
            }
            if t.starts_with("//") {
                continue;
            }
            lines.push(Line {
                file: file.clone(),
                number: i + 1,
                text: l.to_string(),
            });
        }
    }
    lines
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`src/store/mod.rs` -> `store`), if any; the
/// config loader is its own layer (`config::load`).
fn module_of(file: &str) -> Option<&str> {
    if file == "src/config/load.rs" || file.starts_with("src/config/load/") {
        return Some(CONFIG_LOAD);
    }
    let rest = file.strip_prefix("src/")?;
    let top = rest.split('/').next()?;
    let top = top.strip_suffix(".rs").unwrap_or(top);
    (top != "lib" && top != "main" && top != "commands").then_some(top)
}

/// `word` occurs in `text` as a path segment (not inside a longer identifier).
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !ident(before) && !ident(after)
    })
}

/// The names `config` re-exports from its loader (`pub use load::{...}` in
/// `src/config/mod.rs`), and `load` itself: naming one of them is importing `config::load`.
fn loader_names() -> Vec<String> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/config/mod.rs"))
            .unwrap();
    let start = text
        .find("pub use load::")
        .expect("src/config/mod.rs re-exports the loader with `pub use load::...`");
    let rest = &text[start + "pub use load::".len()..];
    let list = rest.split(';').next().unwrap();
    let mut names: Vec<String> = list
        .trim_matches(|c: char| c == '{' || c == '}' || c.is_whitespace())
        .split(',')
        .map(|n| n.split(" as ").last().unwrap().trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    names.push("load".to_string());
    names
}

/// The `crate::X` (and, in the binary, `reviewgate::X`) modules a line names; a loader name
/// after `config::` (`crate::config::LoadedConfig`, `config::load_str`) names `config::load`.
fn imports(text: &str, loader: &[String]) -> Vec<String> {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    for prefix in ["crate::", "reviewgate::"] {
        for (i, _) in text.match_indices(prefix) {
            if text[..i].chars().next_back().is_some_and(ident) {
                continue;
            }
            let name: String = text[i + prefix.len()..]
                .chars()
                .take_while(|c| ident(*c))
                .collect();
            if name == "config" {
                let rest = &text[i + prefix.len() + name.len()..];
                let named = config_names(rest);
                if named.is_empty() || named.iter().any(|n| !loader.contains(n)) {
                    out.push(name);
                }
            } else if !name.is_empty() {
                out.push(name);
            }
        }
    }
    // `use crate::config;` then `config::load(..)`: any `config::NAME` counts.
    for (i, _) in text.match_indices("config::") {
        if text[..i].chars().next_back().is_some_and(ident) {
            continue;
        }
        let named = config_names(&text[i + "config".len()..]);
        if named.iter().any(|n| loader.contains(n)) && !out.iter().any(|o| o == CONFIG_LOAD) {
            out.push(CONFIG_LOAD.to_string());
        }
    }
    out
}

/// What `::NAME` or `::{A, B::c}` after `config` names (`self` for `{self}`).
fn config_names(rest: &str) -> Vec<String> {
    let ident = |c: &char| c.is_alphanumeric() || *c == '_';
    let Some(rest) = rest.strip_prefix("::") else {
        return Vec::new();
    };
    match rest.strip_prefix('{') {
        Some(group) => group
            .split('}')
            .next()
            .unwrap_or("")
            .split(',')
            .map(|n| n.trim().chars().take_while(ident).collect::<String>())
            .filter(|n| !n.is_empty())
            .collect(),
        None => vec![rest.chars().take_while(ident).collect::<String>()],
    }
}

fn fail(problems: Vec<String>) {
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn only_discord_uses_serenity() {
    let problems = source_lines()
        .into_iter()
        .filter(|l| !l.file.starts_with("src/discord/") && has_word(&l.text, "serenity"))
        .map(|l| {
            format!(
                "{}:{}: only src/discord/ may use serenity: {}",
                l.file,
                l.number,
                l.text.trim()
            )
        })
        .collect();
    fail(problems);
}

#[test]
fn only_store_holds_sql() {
    let problems = source_lines()
        .into_iter()
        .filter(|l| !l.file.starts_with("src/store/"))
        .filter(|l| {
            has_word(&l.text, "rusqlite")
                || (l.text.contains('"') && SQL.iter().any(|k| l.text.contains(k)))
        })
        .map(|l| {
            format!(
                "{}:{}: only src/store/ may hold SQL or use rusqlite: {}",
                l.file,
                l.number,
                l.text.trim()
            )
        })
        .collect();
    fail(problems);
}

#[test]
fn pure_modules_do_no_io() {
    let problems = source_lines()
        .into_iter()
        .filter(|l| PURE.iter().any(|p| l.file.starts_with(p)))
        .filter_map(|l| {
            let io = IO.iter().find(|w| {
                if **w == "std::net" {
                    uses_network(&l.text)
                } else {
                    has_word(&l.text, w)
                }
            })?;
            Some(format!(
                "{}:{}: pure module does IO ({io}); do it in the caller and pass the data in: {}",
                l.file,
                l.number,
                l.text.trim()
            ))
        })
        .collect();
    fail(problems);
}

/// The layer list of ARCHITECTURE.md (section "Layers"), lowest first: one module per item.
fn layers() -> Vec<String> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
            .unwrap();
    let section = text
        .split("\n## Layers")
        .nth(1)
        .expect("ARCHITECTURE.md has a \"## Layers\" section");
    let section = section.split("\n## ").next().unwrap();
    let layers: Vec<String> = section
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let rest = l.split_once(". ")?;
            rest.0.parse::<u32>().ok()?;
            let name = rest.1.split('`').nth(1)?;
            Some(name.to_string())
        })
        .collect();
    assert!(
        !layers.is_empty(),
        "ARCHITECTURE.md: the Layers section lists no `module`"
    );
    layers
}

/// Top-level import edges with the first place each is made: (from, to) -> "file:line".
fn module_edges() -> BTreeMap<(String, String), String> {
    let loader = loader_names();
    let mut edges = BTreeMap::new();
    for l in source_lines() {
        let Some(from) = module_of(&l.file) else {
            continue;
        };
        for to in imports(&l.text, &loader) {
            if to != from {
                edges
                    .entry((from.to_string(), to))
                    .or_insert_with(|| format!("{}:{}", l.file, l.number));
            }
        }
    }
    edges
}

#[test]
fn imports_follow_the_layer_order() {
    let layers = layers();
    let rank = |m: &str| layers.iter().position(|l| l == m);
    let edges = module_edges();
    let mut problems = Vec::new();
    let mut modules = BTreeSet::new();
    for ((from, to), at) in &edges {
        modules.insert(from.clone());
        match (rank(from), rank(to)) {
            (None, _) => problems.push(format!("{at}: module `{from}` is not in ARCHITECTURE.md's Layers list")),
            (_, None) => problems.push(format!("{at}: `{from}` imports `{to}`, which is not in ARCHITECTURE.md's Layers list")),
            (Some(f), Some(t)) if t >= f => problems.push(format!(
                "{at}: layering: `{from}` (layer {}) imports `{to}` (layer {}); a module may only import modules listed before it in ARCHITECTURE.md",
                f + 1,
                t + 1
            )),
            _ => {}
        }
    }
    fail(problems);
}

#[test]
fn no_cycles_between_top_level_modules() {
    let edges = module_edges();
    let mut graph: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in edges.keys() {
        graph.entry(from).or_default().push(to);
    }
    let problems = cycles(&graph)
        .into_iter()
        .map(|cycle| {
            let at: Vec<String> = cycle
                .windows(2)
                .map(|w| {
                    format!(
                        "{} -> {} at {}",
                        w[0],
                        w[1],
                        edges[&(w[0].to_string(), w[1].to_string())]
                    )
                })
                .collect();
            format!("module cycle: {}", at.join("; "))
        })
        .collect();
    fail(problems);
}

/// The files of one module that import each other in a circle (`super::x`, `crate::m::x`).
#[test]
fn no_cycles_between_the_files_of_a_module() {
    let mut by_module: BTreeMap<String, BTreeMap<(String, String), String>> = BTreeMap::new();
    for l in source_lines() {
        let Some(rest) = l.file.strip_prefix("src/") else {
            continue;
        };
        let parts: Vec<&str> = rest.split('/').collect();
        if parts.len() != 2 {
            continue;
        }
        let (module, file) = (parts[0], parts[1].trim_end_matches(".rs"));
        if file == "mod" {
            continue;
        }
        let mut named = Vec::new();
        for prefix in ["super::".to_string(), format!("crate::{module}::")] {
            for (i, _) in l.text.match_indices(&prefix) {
                let name: String = l.text[i + prefix.len()..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                named.push(name);
            }
            // `use super::{a, b::C}` names several.
            if let Some(i) = l.text.find(&format!("{prefix}{{")) {
                let inner = &l.text[i + prefix.len() + 1..];
                let inner = inner.split('}').next().unwrap_or("");
                named.extend(
                    inner
                        .split(',')
                        .map(|s| s.trim().split("::").next().unwrap_or("").to_string()),
                );
            }
        }
        let sibling = |n: &str| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("src")
                .join(module)
                .join(format!("{n}.rs"))
                .exists()
        };
        for n in named {
            if n != file && !n.is_empty() && sibling(&n) {
                by_module
                    .entry(module.to_string())
                    .or_default()
                    .entry((file.to_string(), n))
                    .or_insert_with(|| format!("{}:{}", l.file, l.number));
            }
        }
    }
    let mut problems = Vec::new();
    for (module, edges) in &by_module {
        let mut graph: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (from, to) in edges.keys() {
            graph.entry(from).or_default().push(to);
        }
        for cycle in cycles(&graph) {
            let at: Vec<String> = cycle
                .windows(2)
                .map(|w| {
                    format!(
                        "{} -> {} at {}",
                        w[0],
                        w[1],
                        edges[&(w[0].to_string(), w[1].to_string())]
                    )
                })
                .collect();
            problems.push(format!("file cycle in src/{module}/: {}", at.join("; ")));
        }
    }
    fail(problems);
}

/// One cycle (first node repeated at the end) per strongly connected group of nodes.
fn cycles<'a>(graph: &BTreeMap<&'a str, Vec<&'a str>>) -> Vec<Vec<&'a str>> {
    let mut found: Vec<Vec<&str>> = Vec::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for &start in graph.keys() {
        if seen.contains(start) {
            continue;
        }
        // Shortest path from a successor of `start` back to `start`.
        let mut prev: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        let mut closed = None;
        while let Some(n) = queue.pop_front() {
            for &m in graph.get(n).into_iter().flatten() {
                if m == start {
                    closed = Some(n);
                    queue.clear();
                    break;
                }
                if !prev.contains_key(m) {
                    prev.insert(m, n);
                    queue.push_back(m);
                }
            }
        }
        if let Some(mut n) = closed {
            let mut path = vec![start, n];
            while n != start {
                n = prev[n];
                path.push(n);
            }
            path.reverse();
            seen.extend(path.iter().copied());
            found.push(path);
        }
    }
    found
}

/// The rules' scanners themselves, on lines that break them and lines that don't.
#[test]
fn the_scanners_see_what_they_must() {
    assert!(has_word("use serenity::all::Http;", "serenity"));
    assert!(!has_word("let my_serenity = 1;", "serenity"));
    let loader = loader_names();
    assert!(loader.iter().any(|n| n == "LoadedConfig"), "{loader:?}");
    let imports = |text: &str| imports(text, &loader);
    assert_eq!(
        imports("use crate::store::{Store, Tx}; crate::queue::X"),
        ["store", "queue"]
    );
    assert_eq!(imports("use reviewgate::config::load;"), ["config::load"]);
    assert_eq!(imports("use crate::config::SourceConfig;"), ["config"]);
    assert_eq!(
        imports("use crate::config::{self, LoadedConfig};"),
        ["config", "config::load"]
    );
    assert_eq!(
        imports("let c = crate::config::load_str(p, t);"),
        ["config::load"]
    );
    assert_eq!(imports("let c = config::load(&path);"), ["config::load"]);
    assert!(imports("notcrate::store").is_empty());
    assert_eq!(
        module_of("src/config/load/lenient.rs"),
        Some("config::load")
    );
    assert_eq!(module_of("src/config/mod.rs"), Some("config"));
    assert!(!uses_network("use std::net::{IpAddr, Ipv4Addr};"));
    assert!(uses_network("use std::net::{IpAddr, TcpStream};"));
    assert!(uses_network("let s = std::net::TcpStream::connect(a);"));
    let mut g: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    g.insert("a", vec!["b"]);
    g.insert("b", vec!["c"]);
    g.insert("c", vec!["a"]);
    g.insert("d", vec!["a"]);
    assert_eq!(cycles(&g), vec![vec!["a", "b", "c", "a"]]);
    g.insert("c", vec![]);
    assert!(cycles(&g).is_empty());
}
