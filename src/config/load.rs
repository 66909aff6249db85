//! Reading the config file and collecting every problem with its file, line and key,
//! so an admin fixes them all in one pass instead of one per run.

use std::collections::HashSet;
use std::fmt;
use std::net::SocketAddr;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml_edit::{ImDocument, Item};

use super::{Config, SourceKind};
use crate::extract::CompiledSource;

mod lenient;

/// One problem in the config file, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub line: Option<usize>,
    /// Dotted key path, e.g. `sources[2].select.item`; empty for the whole file.
    pub key: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if !self.key.is_empty() {
            write!(f, ": {}", self.key)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Why a config could not be used; lists every problem found.
#[derive(Debug, thiserror::Error)]
pub struct ConfigError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

/// A validated config, where it came from, and its sources' compiled selectors.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    pub config: Config,
    pub path: PathBuf,
    pub base_dir: PathBuf,
    /// One per entry of `config.sources`, same order; shared with the blocking pool that
    /// parses pages.
    pub compiled: Vec<std::sync::Arc<CompiledSource>>,
    /// Key -> line, kept to locate problems found after loading (environment variables).
    locator: Locator,
}

impl LoadedConfig {
    /// The store path, resolved against the config file's folder.
    pub fn store_path(&self) -> PathBuf {
        self.resolve(&self.config.store.path)
    }

    /// The store's keys as configured (encryption, audit), paths resolved.
    pub fn store_keys(&self) -> crate::store::StoreKeys {
        use crate::store::KeySource;
        let (st, au) = (&self.config.store, &self.config.audit);
        let pick = |file: &Option<PathBuf>, env: &Option<String>, table: &str, prefix: &str| match (
            file, env,
        ) {
            (Some(p), _) => Some(KeySource::File {
                path: self.resolve(p),
                config_key: format!("[{table}] {prefix}key_file"),
            }),
            (None, Some(v)) => Some(KeySource::Env {
                var: v.clone(),
                config_key: format!("[{table}] {prefix}key_env"),
            }),
            (None, None) => None,
        };
        crate::store::StoreKeys {
            encryption: pick(
                &st.encryption_key_file,
                &st.encryption_key_env,
                "store",
                "encryption_",
            ),
            audit: pick(&au.key_file, &au.key_env, "audit", ""),
        }
    }

    /// The audit anchor file, resolved, if configured.
    pub fn anchor_file(&self) -> Option<PathBuf> {
        self.config
            .audit
            .anchor_file
            .as_deref()
            .map(|p| self.resolve(p))
    }

    /// Problems with the keys and the anchor file: a missing key file or variable, a key too
    /// short, an anchor file that is a folder.
    fn key_problems(&self, lookup: &impl Fn(&str) -> Option<String>, out: &mut Vec<Problem>) {
        use crate::store::KeySource;
        let keys = self.store_keys();
        for (source, key) in [
            (
                keys.encryption,
                ("store.encryption_key_file", "store.encryption_key_env"),
            ),
            (keys.audit, ("audit.key_file", "audit.key_env")),
        ] {
            let Some(source) = source else { continue };
            let found = match &source {
                KeySource::File { .. } => source.read().map(|_| ()),
                // Read through `lookup`, so callers (and tests) choose the environment.
                KeySource::Env { var, .. } => match lookup(var) {
                    None => source.read().map(|_| ()),
                    Some(v) => crate::store::check_secret_text(&source, v.as_bytes()),
                },
            };
            if let Err(e) = found {
                let k = if matches!(source, KeySource::File { .. }) {
                    key.0
                } else {
                    key.1
                };
                out.push(self.problem(k, e.to_string()));
            }
        }
        if let Some(f) = self.anchor_file().filter(|f| f.is_dir()) {
            out.push(self.problem(
                "audit.anchor_file",
                format!("{} is a folder, not a file", f.display()),
            ));
        }
    }

    /// A path from the config, resolved against the config file's folder.
    pub fn resolve(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.base_dir.join(p)
        }
    }

    /// Problems that depend on the environment rather than the file: the Discord token
    /// and per-source header variables. `check-config` and `run` report them; commands
    /// that don't need them (scan, queue) do not.
    pub fn env_problems(&self, lookup: impl Fn(&str) -> Option<String>) -> Vec<Problem> {
        let mut out = Vec::new();
        self.key_problems(&lookup, &mut out);
        if let Some(d) = &self.config.discord {
            if lookup(&d.token_env).map_or(true, |v| v.trim().is_empty()) {
                out.push(self.problem(
                    "discord.token_env",
                    format!(
                        "environment variable {} (the bot token) is not set",
                        d.token_env
                    ),
                ));
            }
        }
        for (i, s) in self.config.sources.iter().enumerate() {
            for (key, var, what) in s.publisher.iter().flat_map(|p| p.env_vars()) {
                if lookup(var).map_or(true, |v| v.trim().is_empty()) {
                    out.push(self.problem(
                        &format!("sources[{i}].publisher.{key}"),
                        format!(
                            "environment variable {var} ({what} of source {}) is not set",
                            s.name
                        ),
                    ));
                }
            }
            for (header, var) in &s.headers_from_env {
                if lookup(var).is_none() {
                    out.push(self.problem(
                        &format!("sources[{i}].headers_from_env.{header}"),
                        format!(
                            "environment variable {var} (header {header} of source {}) is not set",
                            s.name
                        ),
                    ));
                }
            }
        }
        out
    }

    fn problem(&self, key: &str, message: String) -> Problem {
        Problem {
            file: self.path.clone(),
            line: self.locator.line_of(key),
            key: key.to_string(),
            message,
        }
    }

    /// The compiled selectors of the source with this name.
    pub fn source(
        &self,
        name: &str,
    ) -> Option<(&super::SourceConfig, &std::sync::Arc<CompiledSource>)> {
        let i = self.config.sources.iter().position(|s| s.name == name)?;
        Some((&self.config.sources[i], &self.compiled[i]))
    }
}

/// Reads, parses and validates the config at `path`.
pub fn load(path: &Path) -> Result<LoadedConfig, ConfigError> {
    load_str(path, &read(path)?)
}

fn read(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|e| ConfigError {
        problems: vec![Problem {
            file: path.to_path_buf(),
            line: None,
            key: String::new(),
            message: format!("cannot read the config file: {e}"),
        }],
    })
}

/// Parses and validates config text; `path` names it in messages and anchors relative paths.
pub fn load_str(path: &Path, text: &str) -> Result<LoadedConfig, ConfigError> {
    let mut checked = check_str(path, text)?;
    match checked.loaded {
        Some(loaded) if checked.problems.is_empty() => Ok(loaded),
        _ => {
            checked
                .problems
                .sort_by_key(|p| p.line.unwrap_or(usize::MAX));
            Err(ConfigError {
                problems: checked.problems,
            })
        }
    }
}

impl LoadedConfig {
    /// Every problem of the file at `path` and of the environment it needs (`lookup` reads a
    /// variable), in one list in file order: what `check-config` prints.
    pub fn check(path: &Path, lookup: impl Fn(&str) -> Option<String>) -> Vec<Problem> {
        let text = match read(path) {
            Ok(t) => t,
            Err(e) => return e.problems,
        };
        let mut checked = match check_str(path, &text) {
            Ok(c) => c,
            Err(e) => return e.problems,
        };
        if let Some(loaded) = &checked.loaded {
            let env = loaded.env_problems(lookup);
            checked.problems.extend(
                env.into_iter()
                    .filter(|p| !is_neutralised(&checked.neutralised, &p.key)),
            );
        }
        checked
            .problems
            .sort_by_key(|p| p.line.unwrap_or(usize::MAX));
        checked.problems.dedup();
        checked.problems
    }
}

/// What checking a file found: the config if it could be read at all (bad values removed),
/// and every problem.
struct Checked {
    loaded: Option<LoadedConfig>,
    problems: Vec<Problem>,
    /// Keys whose bad values were removed; checks on them would repeat the problem.
    neutralised: Vec<String>,
}

/// Whether `key` is, or is inside, one of the `neutralised` keys.
fn is_neutralised(neutralised: &[String], key: &str) -> bool {
    neutralised.iter().any(|n| {
        key.strip_prefix(n.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
    })
}

/// Parses leniently, then validates: every problem is collected; only a syntax error stops.
fn check_str(path: &Path, text: &str) -> Result<Checked, ConfigError> {
    let file = path.to_path_buf();
    let doc = ImDocument::parse(text.to_string()).map_err(|e| ConfigError {
        problems: vec![Problem {
            file: file.clone(),
            line: e.span().map(|s| line_at(text, s.start)),
            key: String::new(),
            message: e.message().to_string(),
        }],
    })?;
    let locator = Locator::new(text, &doc);

    // Serde stops at the first bad value: each is recorded and taken out, and the file is
    // read again, so one run shows every type error with the rest.
    let lenient = lenient::deserialize(path, text, &doc, &locator);
    let neutralised = lenient.neutralised;
    let mut problems = lenient.problems;
    problems.extend(unknown_problems(&file, &locator, &lenient.unknown));
    let Some(config) = lenient.config else {
        return Ok(Checked {
            loaded: None,
            problems,
            neutralised,
        });
    };

    let mut push = |key: String, message: String| {
        if is_neutralised(&neutralised, &key) {
            return;
        }
        problems.push(Problem {
            file: file.clone(),
            line: locator.line_of(&key),
            key,
            message,
        });
    };

    validate(&config, path, &mut push);
    validate_drafts(&config, &mut push);
    super::reviewers::validate(&config.reviewers, &mut push);
    let mut compiled = Vec::with_capacity(config.sources.len());
    for (i, s) in config.sources.iter().enumerate() {
        // Selectors mean something only for a known kind.
        if is_neutralised(&neutralised, &format!("sources[{i}].kind")) {
            continue;
        }
        match CompiledSource::compile(s) {
            Ok(c) => compiled.push(std::sync::Arc::new(c.with_limits((&config.http).into()))),
            Err(errs) => {
                for e in errs {
                    push(format!("sources[{i}].{}", e.key), e.message);
                }
            }
        }
    }

    // The example's recorded approvals are a way around the review: kept inside the example.
    // A missing file is reported with the other values (`is not a file`).
    let approvals = config
        .example_server
        .as_ref()
        .and_then(|ex| ex.approvals.as_ref())
        .map(|rel| base_dir_of(path).join(rel))
        .and_then(|file| Some((std::fs::read_to_string(&file).ok()?, file)));
    if let Some((text, file)) = approvals {
        problems.extend(
            super::example::approval_problems(&config, &text)
                .into_iter()
                .map(|(line, message)| Problem {
                    file: file.clone(),
                    line: Some(line),
                    key: String::new(),
                    message,
                }),
        );
    }

    let base_dir = base_dir_of(path);
    Ok(Checked {
        loaded: Some(LoadedConfig {
            config,
            path: file,
            base_dir,
            compiled,
            locator,
        }),
        problems,
        neutralised,
    })
}

fn unknown_problems(file: &Path, locator: &Locator, unknown: &[String]) -> Vec<Problem> {
    unknown
        .iter()
        .map(|k| Problem {
            file: file.to_path_buf(),
            line: locator.line_of(k),
            key: k.clone(),
            message: "unknown key".to_string(),
        })
        .collect()
}

/// The company's own facts: ranges must be CIDR, the others must say something.
fn validate_company_facts(s: &crate::config::ServiceConfig, push: &mut impl FnMut(String, String)) {
    for (i, r) in s.address_ranges.iter().enumerate() {
        if r.trim().parse::<ipnet::IpNet>().is_err() {
            push(
                format!("service.address_ranges[{i}]"),
                format!("{r:?} is not an address range in CIDR, e.g. \"198.18.40.0/24\""),
            );
        }
    }
    for (i, p) in s.phones.iter().enumerate() {
        if p.chars().filter(|c| c.is_ascii_digit()).count() < 5 {
            push(
                format!("service.phones[{i}]"),
                format!("{p:?} has fewer than 5 digits; write the whole number"),
            );
        }
    }
    for (i, p) in s.products.iter().enumerate() {
        let letters = p.chars().filter(|c| c.is_alphanumeric()).count();
        if letters < 3 || p.chars().count() > crate::assess::MAX_PRODUCT_CHARS {
            push(
                format!("service.products[{i}]"),
                format!(
                    "{p:?} must have at least 3 letters and at most {} characters",
                    crate::assess::MAX_PRODUCT_CHARS
                ),
            );
        }
    }
    for (i, a) in s.postal_addresses.iter().enumerate() {
        if a.trim().is_empty() {
            push(
                format!("service.postal_addresses[{i}]"),
                "must not be empty".into(),
            );
        }
    }
    for (i, e) in s.contact_emails.iter().enumerate() {
        let ok = e
            .trim()
            .split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.contains(' '));
        if !ok {
            push(
                format!("service.contact_emails[{i}]"),
                format!("{e:?} is not an email address"),
            );
        }
    }
}

/// The assessment vocabulary must compile, and every bot draft must assess as routine:
/// a draft that discloses would be held on every post, so it is a config error.
fn validate_drafts(c: &Config, push: &mut impl FnMut(String, String)) {
    use crate::assess::{AssessError, Assessor, DraftsConfig};
    let assessor = match Assessor::new(&c.assess, &c.service) {
        Ok(a) => a,
        Err(AssessError::EmptyTerm { field, index }) => {
            push(
                format!("assess.{field}[{index}]"),
                "must not be empty".into(),
            );
            return;
        }
        Err(AssessError::Policy(problems)) => {
            for p in problems {
                let key = if p.origin.starts_with("assess.entries") {
                    p.origin.clone()
                } else {
                    "assess".to_string()
                };
                push(key, p.to_string());
            }
            return;
        }
        Err(e) => {
            push("assess".into(), e.to_string());
            return;
        }
    };
    for (i, t) in c.drafts.templates.iter().enumerate() {
        let one = DraftsConfig {
            templates: vec![t.clone()],
        };
        if let Err(e) = assessor.check_drafts(&one, &c.service.name) {
            push(format!("drafts.templates[{i}].text"), e.to_string());
        }
    }
}

fn validate(c: &Config, path: &Path, push: &mut impl FnMut(String, String)) {
    if c.service.name.trim().is_empty() {
        push("service.name".into(), "must not be empty".into());
    }
    validate_company_facts(&c.service, push);
    super::publishing::validate(c, push);
    for (i, d) in c.service.domains.iter().enumerate() {
        if d.contains('/') || d.contains('@') || d.trim().is_empty() || d.contains(' ') {
            push(
                format!("service.domains[{i}]"),
                format!("{d:?} is not a domain name (write e.g. \"example.com\")"),
            );
        }
    }
    if let Some(listen) = &c.service.metrics_listen {
        if listen.parse::<SocketAddr>().is_err() {
            push(
                "service.metrics_listen".into(),
                format!("{listen:?} is not an address like \"127.0.0.1:9898\""),
            );
        }
    }
    for (table, file, env) in [
        (
            "store",
            c.store.encryption_key_file.is_some(),
            c.store.encryption_key_env.is_some(),
        ),
        (
            "audit",
            c.audit.key_file.is_some(),
            c.audit.key_env.is_some(),
        ),
    ] {
        let prefix = if table == "store" { "encryption_" } else { "" };
        if file && env {
            push(
                format!("{table}.{prefix}key_env"),
                format!("set {prefix}key_file or {prefix}key_env, not both"),
            );
        }
    }
    for (key, var) in [
        ("store.encryption_key_env", &c.store.encryption_key_env),
        ("audit.key_env", &c.audit.key_env),
    ] {
        if var.as_ref().is_some_and(|v| v.trim().is_empty()) {
            push(key.into(), "must name an environment variable".into());
        }
    }
    if c.digest.hour > 23 {
        push(
            "digest.hour".into(),
            format!("{} is not an hour of the day (0 to 23, UTC)", c.digest.hour),
        );
    }
    if c.audit.anchor_interval.is_zero() {
        push(
            "audit.anchor_interval".into(),
            "must be more than zero".into(),
        );
    }
    let h = &c.http;
    if h.user_agent.trim().is_empty() {
        push(
            "http.user_agent".into(),
            "must not be empty: sites need to know who is reading".into(),
        );
    }
    if h.timeout.is_zero() {
        push("http.timeout".into(), "must be more than zero".into());
    }
    if h.max_body_bytes == 0 {
        push(
            "http.max_body_bytes".into(),
            "must be more than zero".into(),
        );
    }
    if !(h.per_host_per_second.is_finite() && h.per_host_per_second > 0.0) {
        push(
            "http.per_host_per_second".into(),
            "must be a positive number".into(),
        );
    }
    if h.max_attempts == 0 {
        push("http.max_attempts".into(), "must be at least 1".into());
    }
    for (key, v) in [
        ("batch_posts", c.store.batch_posts),
        ("batch_bytes", c.store.batch_bytes),
        ("pages_in_hand", c.store.pages_in_hand),
    ] {
        if v == 0 {
            push(format!("store.{key}"), "must be at least 1".into());
        }
    }
    for (key, v) in [
        ("max_depth", h.max_depth),
        ("max_nodes", h.max_nodes),
        ("max_post_chars", h.max_post_chars),
    ] {
        if v == 0 {
            push(format!("http.{key}"), "must be more than zero".into());
        }
    }
    let m = &c.matching;
    for (key, v) in [
        ("link_threshold", m.link_threshold),
        ("candidate_threshold", m.candidate_threshold),
    ] {
        if !(0.0..=1.0).contains(&v) {
            push(
                format!("matching.{key}"),
                format!("{v} is not between 0 and 1"),
            );
        }
    }
    if m.candidate_threshold > m.link_threshold {
        push(
            "matching.candidate_threshold".into(),
            format!(
                "{} is above link_threshold {}",
                m.candidate_threshold, m.link_threshold
            ),
        );
    }
    if let Some(d) = &c.discord {
        for (key, v) in [
            ("review_channel_id", d.review_channel_id),
            ("reviewer_role_id", d.reviewer_role_id),
            ("admin_role_id", d.admin_role_id),
        ] {
            if v == 0 {
                push(
                    format!("discord.{key}"),
                    "must be set to a Discord id (enable Developer Mode, right-click, Copy ID)"
                        .into(),
                );
            }
        }
        if url::Url::parse(&d.api_base).is_err() {
            push(
                "discord.api_base".into(),
                format!("{:?} is not a URL", d.api_base),
            );
        }
        if d.token_env.trim().is_empty() {
            push(
                "discord.token_env".into(),
                "must name an environment variable".into(),
            );
        }
        if let Some(listen) = &d.interactions_listen {
            if listen.parse::<SocketAddr>().is_err() {
                push(
                    "discord.interactions_listen".into(),
                    format!("{listen:?} is not an address like \"127.0.0.1:8787\""),
                );
            }
            match &d.public_key {
                None => push(
                    "discord.public_key".into(),
                    "is required with interactions_listen".into(),
                ),
                Some(k) if !is_ed25519_hex(k) => push(
                    "discord.public_key".into(),
                    "must be the application's 64-hex-digit Ed25519 public key".into(),
                ),
                Some(_) => {}
            }
        }
    }
    if let Some(ex) = &c.example_server {
        // Relative to the config file's folder, like every path in it.
        let root = base_dir_of(path).join(&ex.root);
        if !root.is_dir() {
            push(
                "example_server.root".into(),
                format!("{} is not a folder", root.display()),
            );
        }
        if let Some(approvals) = &ex.approvals {
            let file = base_dir_of(path).join(approvals);
            if !file.is_file() {
                push(
                    "example_server.approvals".into(),
                    format!("{} is not a file", file.display()),
                );
            }
        }
        match ex.listen.parse::<SocketAddr>() {
            Ok(a) if a.ip().is_loopback() => {}
            Ok(_) => push(
                "example_server.listen".into(),
                "must be a loopback address (127.0.0.1 or [::1])".into(),
            ),
            Err(_) => push(
                "example_server.listen".into(),
                format!("{:?} is not an address like \"127.0.0.1:18931\"", ex.listen),
            ),
        }
    }
    let mut names = HashSet::new();
    for (i, s) in c.sources.iter().enumerate() {
        let k = |f: &str| format!("sources[{i}].{f}");
        if s.name.is_empty()
            || !s
                .name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        {
            push(k("name"), format!("{:?} must match [a-z0-9_-]+", s.name));
        } else if !names.insert(s.name.as_str()) {
            push(k("name"), format!("duplicate source name {:?}", s.name));
        }
        match url::Url::parse(&s.url) {
            Ok(u) if matches!(u.scheme(), "http" | "https" | "file") => {}
            Ok(u) => push(
                k("url"),
                format!(
                    "scheme {:?} is not supported (http, https or file)",
                    u.scheme()
                ),
            ),
            Err(e) => push(k("url"), format!("{:?} is not a URL: {e}", s.url)),
        }
        if s.interval.is_zero() {
            push(k("interval"), "must be more than zero".into());
        }
        if s.max_pages == 0 {
            push(k("max_pages"), "must be at least 1".into());
        }
        for (list, words) in [("keywords", &s.keywords), ("exclude", &s.exclude)] {
            for (j, w) in words.iter().enumerate() {
                if w.trim().is_empty() {
                    push(
                        format!("sources[{i}].{list}[{j}]"),
                        "must not be empty".into(),
                    );
                }
            }
        }
        if s.embedded_json.is_some() && s.kind != SourceKind::Json {
            push(k("embedded_json"), "only applies to kind = \"json\"".into());
        }
        for (j, h) in s.follow_hosts.iter().enumerate() {
            if let Err(message) = super::follow_host(h) {
                push(format!("sources[{i}].follow_hosts[{j}]"), message);
            }
        }
    }
}

fn base_dir_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn is_ed25519_hex(k: &str) -> bool {
    k.len() == 64 && k.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `sources.0.select.itemm` (serde_ignored) -> `sources[0].select.itemm`.
fn path_key(p: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path as P;
    match p {
        P::Root => String::new(),
        P::Seq { parent, index } => format!("{}[{index}]", path_key(parent)),
        P::Map { parent, key } => {
            let parent = path_key(parent);
            if parent.is_empty() {
                key.clone()
            } else {
                format!("{parent}.{key}")
            }
        }
        P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => {
            path_key(parent)
        }
    }
}

fn line_at(text: &str, byte: usize) -> usize {
    text.as_bytes()[..byte.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Every key path in the document with the span of its key, for locating problems.
#[derive(Debug, Clone, Default)]
struct Locator {
    entries: Vec<(String, Range<usize>, usize)>,
}

impl Locator {
    fn new(text: &str, doc: &ImDocument<String>) -> Locator {
        let mut entries = Vec::new();
        walk(doc.as_item(), "", None, &mut entries);
        let entries = entries
            .into_iter()
            .map(|(k, span)| {
                let line = line_at(text, span.start);
                (k, span, line)
            })
            .collect();
        Locator { entries }
    }

    /// Line of `key`, or of its nearest ancestor present in the file (a missing key is
    /// reported at the table that lacks it).
    fn line_of(&self, key: &str) -> Option<usize> {
        let mut k = key;
        loop {
            if let Some((_, _, line)) = self.entries.iter().find(|(e, _, _)| e == k) {
                return Some(*line);
            }
            let cut = k.rfind(['.', '['])?;
            k = &k[..cut];
        }
    }

    /// The innermost key whose span holds `offset`.
    fn key_at(&self, offset: usize) -> String {
        self.entries
            .iter()
            .filter(|(_, s, _)| s.start <= offset && offset <= s.end)
            .min_by_key(|(_, s, _)| s.end - s.start)
            .map(|(k, _, _)| k.clone())
            .unwrap_or_default()
    }
}

fn walk(
    item: &Item,
    prefix: &str,
    key_span: Option<Range<usize>>,
    out: &mut Vec<(String, Range<usize>)>,
) {
    let join = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    // The entry spans from the key to the end of its value, so an error inside a value
    // is attributed to the innermost key around it.
    let value_span = item
        .span()
        .or_else(|| item.as_value().and_then(|v| v.span()));
    if !prefix.is_empty() {
        let span = match (key_span, value_span) {
            (Some(k), Some(v)) => k.start.min(v.start)..k.end.max(v.end),
            (Some(k), None) => k,
            (None, Some(v)) => v,
            (None, None) => 0..0,
        };
        out.push((prefix.to_string(), span));
    }
    if let Some(t) = item.as_table_like() {
        for (k, _) in t.iter() {
            if let Some((key, child)) = t.get_key_value(k) {
                walk(child, &join(k), key.span(), out);
            }
        }
    } else if let Some(aot) = item.as_array_of_tables() {
        for (i, t) in aot.iter().enumerate() {
            let child = Item::Table(t.clone());
            walk(&child, &format!("{prefix}[{i}]"), t.span(), out);
        }
    } else if let Some(arr) = item.as_array() {
        for (i, v) in arr.iter().enumerate() {
            walk(
                &Item::Value(v.clone()),
                &format!("{prefix}[{i}]"),
                v.span(),
                out,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        match load_str(Path::new("cfg.toml"), text) {
            Ok(_) => vec![],
            Err(e) => e.problems.iter().map(|p| p.to_string()).collect(),
        }
    }

    const HEAD: &str = "[service]\nname = \"Smart Security Scan\"\n";

    #[test]
    fn minimal_config_loads_with_defaults() {
        let cfg = load_str(Path::new("/etc/rg/cfg.toml"), HEAD).unwrap();
        assert_eq!(cfg.config.http.per_host_per_second, 1.0);
        assert_eq!(
            cfg.store_path(),
            PathBuf::from("/etc/rg/data/reviewgate.sqlite3")
        );
        assert!(cfg.compiled.is_empty());
    }

    #[test]
    fn unknown_keys_are_all_reported_with_lines() {
        let text = format!("{HEAD}colour = 1\n[http]\ntimeot = \"2s\"\n[[sources]]\nname = \"a\"\nkind = \"feed\"\nurl = \"https://x.example/rss\"\nfoo = 2\n");
        let p = problems(&text);
        assert_eq!(
            p,
            [
                "cfg.toml:3: service.colour: unknown key",
                "cfg.toml:5: http.timeot: unknown key",
                "cfg.toml:10: sources[0].foo: unknown key",
            ]
        );
    }

    #[test]
    fn type_error_names_line_and_key() {
        let p = problems(&format!("{HEAD}[http]\nmax_body_bytes = \"lots\"\n"));
        assert_eq!(p.len(), 1);
        assert!(
            p[0].starts_with("cfg.toml:4: http.max_body_bytes:"),
            "{p:?}"
        );
    }

    #[test]
    fn semantic_problems_are_collected_together() {
        let text = format!(
            "{HEAD}[matching]\nlink_threshold = 1.5\n[[sources]]\nname = \"a\"\nkind = \"html\"\nurl = \"gopher://x\"\ninterval = \"0s\"\n[sources.select]\nitem = \"div[\"\nauthor = \"a\"\ntext = \"p\"\n[[sources]]\nname = \"a\"\nkind = \"feed\"\nurl = \"https://x.example/feed\"\n"
        );
        let p = problems(&text);
        let joined = p.join("\n");
        for want in [
            "cfg.toml:4: matching.link_threshold: 1.5 is not between 0 and 1",
            "cfg.toml:8: sources[0].url: scheme \"gopher\" is not supported",
            "cfg.toml:9: sources[0].interval: must be more than zero",
            "cfg.toml:11: sources[0].select.item",
            "cfg.toml:15: sources[1].name: duplicate source name \"a\"",
        ] {
            assert!(joined.contains(want), "missing {want:?} in\n{joined}");
        }
    }

    #[test]
    fn env_problems_name_the_variable_and_line() {
        let text = format!(
            "{HEAD}[discord]\ntoken_env = \"RG_TOKEN\"\nreview_channel_id = 1\nreviewer_role_id = 2\nadmin_role_id = 3\n[[sources]]\nname = \"a\"\nkind = \"feed\"\nurl = \"https://x.example/feed\"\nheaders_from_env = {{ Cookie = \"RG_COOKIE\" }}\n"
        );
        let cfg = load_str(Path::new("cfg.toml"), &text).unwrap();
        let p: Vec<String> = cfg
            .env_problems(|_| None)
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].starts_with("cfg.toml:4: discord.token_env: environment variable RG_TOKEN"));
        assert!(p[1].starts_with(
            "cfg.toml:12: sources[0].headers_from_env.Cookie: environment variable RG_COOKIE"
        ));
        assert!(cfg.env_problems(|_| Some("x".into())).is_empty());
    }

    #[test]
    fn keys_are_one_source_each_and_checked_in_the_environment() {
        let text = format!(
            "{HEAD}[store]\npath = \"db.sqlite3\"\nencryption_key_file = \"k\"\nencryption_key_env = \"K\"\n[audit]\nkey_env = \"RG_AUDIT\"\nanchor_interval = \"0s\"\n"
        );
        let p = problems(&text).join("\n");
        assert!(
            p.contains("cfg.toml:6: store.encryption_key_env: set encryption_key_file or encryption_key_env, not both"),
            "{p}"
        );
        assert!(
            p.contains("cfg.toml:9: audit.anchor_interval: must be more than zero"),
            "{p}"
        );

        let text = format!("{HEAD}[audit]\nkey_env = \"RG_AUDIT\"\n");
        let cfg = load_str(Path::new("cfg.toml"), &text).unwrap();
        let p: Vec<String> = cfg
            .env_problems(|_| None)
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].starts_with("cfg.toml:4: audit.key_env:"), "{p:?}");
        let good = "ab".repeat(32);
        assert!(cfg.env_problems(|_| Some(good.clone())).is_empty());
        assert!(cfg.store_keys().encryption.is_none());
    }

    #[test]
    fn syntax_error_has_a_line() {
        let p = problems("[service]\nname = \"x\n");
        assert_eq!(p.len(), 1);
        assert!(p[0].starts_with("cfg.toml:2"), "{p:?}");
    }

    #[test]
    fn the_digest_schedule_is_checked_and_named() {
        let cfg = load_str(Path::new("cfg.toml"), HEAD).unwrap();
        assert_eq!(cfg.config.digest, super::super::DigestConfig::default());
        let text = format!("{HEAD}[digest]\nweekday = \"friday\"\nhour = 17\nenabled = false\n");
        let d = load_str(Path::new("cfg.toml"), &text)
            .unwrap()
            .config
            .digest;
        assert_eq!(
            (d.weekday, d.hour, d.enabled),
            (chrono::Weekday::Fri, 17, false)
        );
        let p = problems(&format!("{HEAD}[digest]\nhour = 24\n")).join("\n");
        assert!(
            p.contains("cfg.toml:4: digest.hour: 24 is not an hour of the day"),
            "{p}"
        );
        let p = problems(&format!("{HEAD}[digest]\nweekday = \"mondays\"\n")).join("\n");
        assert!(p.contains("cfg.toml:4") && p.contains("weekday"), "{p}");
    }
}
