//! The interface reference in `docs/reference.md` can not drift from the code: every command and
//! flag the binary accepts, and every config key of the commented example configs, is named
//! there; and the README links only to files inside the repository.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn reference() -> String {
    std::fs::read_to_string(root().join("docs/reference.md")).expect("docs/reference.md")
}

fn help(path: &[String]) -> String {
    let out = Command::cargo_bin("reviewgate")
        .unwrap()
        .env_remove("REVIEWGATE_CONFIG")
        .args(path)
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success(), "reviewgate {path:?} --help failed");
    String::from_utf8(out.stdout).unwrap()
}

/// The lines of one section of clap's help ("Commands:", "Options:") up to the next blank line.
fn section<'a>(help: &'a str, title: &str) -> Vec<&'a str> {
    help.lines()
        .skip_while(|l| l.trim() != title)
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .collect()
}

/// Every command path (e.g. `queue approve`) with the long flags of that command.
fn commands() -> Vec<(Vec<String>, Vec<String>)> {
    let mut out = Vec::new();
    let mut todo = vec![Vec::<String>::new()];
    while let Some(path) = todo.pop() {
        let h = help(&path);
        for line in section(&h, "Commands:") {
            let name = line.split_whitespace().next().unwrap_or("");
            if name.is_empty() || name == "help" || !line.starts_with("  ") {
                continue;
            }
            let mut sub = path.clone();
            sub.push(name.to_string());
            todo.push(sub);
        }
        let flags = section(&h, "Options:")
            .iter()
            .filter_map(|l| {
                l.split_whitespace().find(|w| w.starts_with("--")).map(|w| {
                    w.trim_end_matches(',')
                        .split(['=', '<'])
                        .next()
                        .unwrap()
                        .to_string()
                })
            })
            .filter(|f| f != "--help" && f != "--version")
            .collect();
        out.push((path, flags));
    }
    out
}

#[test]
fn every_command_and_flag_is_in_the_reference() {
    let doc = reference();
    let mut missing = Vec::new();
    for (path, flags) in commands() {
        if path.is_empty() {
            for f in &flags {
                if !doc.contains(f.as_str()) {
                    missing.push(format!("global flag {f}"));
                }
            }
            continue;
        }
        let cmd = format!("reviewgate {}", path.join(" "));
        if !doc.contains(&cmd) {
            missing.push(format!("command `{cmd}`"));
        }
        for f in flags {
            if !doc.contains(&f) {
                missing.push(format!("flag {f} of `{cmd}`"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "docs/reference.md does not name:\n{}",
        missing.join("\n")
    );
}

/// Keys set or shown commented out (`# key = ...`) in a TOML file.
fn config_keys(path: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut keys = BTreeSet::new();
    for line in text.lines() {
        let l = line.trim_start_matches('#').trim();
        if l.starts_with('[') {
            let name = l.trim_matches(['[', ']']).rsplit('.').next().unwrap_or("");
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                keys.insert(name.to_string());
            }
            continue;
        }
        if let Some((k, _)) = l.split_once(" = ") {
            let k = k.trim();
            if !k.is_empty()
                && !k.contains(' ')
                && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && line
                    .trim_start()
                    .starts_with(['#', k.chars().next().unwrap()])
            {
                keys.insert(k.to_string());
            }
        }
    }
    keys
}

#[test]
fn every_key_of_the_example_configs_is_in_the_reference() {
    let doc = reference();
    let mut missing = Vec::new();
    for file in ["config/reviewgate.toml", "config/example-production.toml"] {
        for key in config_keys(&root().join(file)) {
            // Header names (`Cookie`), and so on, are values a user chooses, not our keys.
            if key.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
                continue;
            }
            let named = [
                format!("`{key}`"),
                format!("{key} ="),
                format!("[{key}]"),
                format!("[[{key}]]"),
                format!(".{key}]"),
            ];
            if !named.iter().any(|n| doc.contains(n.as_str())) {
                missing.push(format!("{file}: {key}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "docs/reference.md does not document these config keys:\n{}",
        missing.join("\n")
    );
}

/// The `pub` fields of the config structs: each is a key an admin can write.
fn struct_fields(file: &str, names: &[&str]) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    let mut out = Vec::new();
    for name in names {
        let Some(start) = text.find(&format!("pub struct {name} ")) else {
            panic!("{file}: no struct {name}");
        };
        let body = &text[start..];
        let body = &body[..body.find("\n}").unwrap_or(body.len())];
        for line in body.lines().skip(1) {
            let t = line.trim();
            if let Some(rest) = t.strip_prefix("pub ") {
                if let Some((field, _)) = rest.split_once(':') {
                    out.push((name.to_string(), field.trim().to_string()));
                }
            }
        }
    }
    out
}

#[test]
fn every_config_field_of_the_code_is_in_the_reference() {
    let doc = reference();
    let mut all = struct_fields(
        "src/config/mod.rs",
        &[
            "ServiceConfig",
            "StoreConfig",
            "AuditConfig",
            "HttpConfig",
            "MatchingConfig",
            "DiscordConfig",
            "SourceConfig",
            "SelectConfig",
        ],
    );
    all.extend(struct_fields("src/config/assessment.rs", &["AssessConfig"]));
    all.extend(struct_fields(
        "src/config/reviewers.rs",
        &["ReviewerConfig"],
    ));
    all.extend(struct_fields("src/config/digest.rs", &["DigestConfig"]));
    let missing: Vec<String> = all
        .into_iter()
        .filter(|(_, f)| !doc.contains(&format!("`{f}`")))
        .map(|(s, f)| format!("{s}.{f}"))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/reference.md does not document these config keys:\n{}",
        missing.join("\n")
    );
}

#[test]
fn readme_links_stay_inside_the_repository() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        !readme.contains("../"),
        "the README points outside the repository (a path with ../)"
    );
    let mut broken = Vec::new();
    for (i, _) in readme.match_indices("](") {
        let rest = &readme[i + 2..];
        let target = &rest[..rest.find(')').unwrap_or(rest.len())];
        if target.starts_with("http://")
            || target.starts_with("https://")
            || target.starts_with('#')
        {
            continue;
        }
        let file = target.split('#').next().unwrap();
        if !root().join(file).exists() {
            broken.push(target.to_string());
        }
    }
    // Paths named in backticks that look like repository files must exist too.
    for part in readme.split('`').skip(1).step_by(2) {
        let looks_like_doc = (part.starts_with("docs/") || part.starts_with("config/"))
            && !part.contains(' ')
            && !part.contains('*');
        if looks_like_doc && !root().join(part).exists() {
            broken.push(part.to_string());
        }
    }
    assert!(broken.is_empty(), "README names missing files: {broken:?}");
}
