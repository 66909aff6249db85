//! The presets on real pages saved from public forums (`fixtures/site/real/`), compared with a
//! ground truth written by hand for each page (`<page>.truth.json`). Per preset: posts found
//! >= 95%, author >= 95%, time >= 90%, and no text holds a quote or page chrome.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use reviewgate::config::{SelectConfig, SourceConfig, SourceKind};
use reviewgate::extract::{extract_at, CompiledSource};
use serde::Deserialize;
use url::Url;

#[derive(Debug, Deserialize)]
struct Truth {
    preset: String,
    page_url: String,
    fetched_at: DateTime<Utc>,
    #[serde(default)]
    must_not_contain: Vec<String>,
    posts: Vec<TruePost>,
}

#[derive(Debug, Deserialize)]
struct TruePost {
    id: String,
    author: String,
    time: Option<DateTime<Utc>>,
    text_starts: String,
    #[serde(default)]
    image_alt: Option<String>,
    #[serde(default)]
    must_not_contain: Vec<String>,
}

#[derive(Debug, Default)]
struct Score {
    posts: usize,
    found: usize,
    author: usize,
    time: usize,
    failures: Vec<String>,
}

fn real_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/site/real")
}

fn truths() -> Vec<(String, Truth)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(real_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if let Some(page) = name.strip_suffix(".truth.json") {
            let text = std::fs::read_to_string(&path).unwrap();
            let truth: Truth =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out.push((page.to_string(), truth));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn source(preset: &str) -> SourceConfig {
    SourceConfig {
        name: "real".into(),
        kind: SourceKind::Html,
        url: "https://forum.example/".into(),
        interval: Duration::from_secs(900),
        max_pages: 1,
        keywords: vec![],
        exclude: vec![],
        preset: Some(preset.into()),
        select: SelectConfig::default(),
        embedded_json: None,
        headers_from_env: BTreeMap::new(),
        follow_hosts: Vec::new(),
        reply_window: None,
        staff_authors: None,
        publisher: None,
    }
}

fn score_page(page: &str, truth: &Truth, preset: &str, score: &mut Score) {
    let compiled = CompiledSource::compile(&source(preset)).expect("preset compiles");
    let body = std::fs::read(real_dir().join(format!("{page}.html"))).unwrap();
    let url = Url::parse(&truth.page_url).unwrap();
    let got = extract_at(&compiled, &url, &body, None, truth.fetched_at).expect("extracts");
    for want in &truth.posts {
        score.posts += 1;
        let Some(post) = got.posts.iter().find(|p| p.id == want.id) else {
            score
                .failures
                .push(format!("{page} {}: not found", want.id));
            continue;
        };
        score.found += 1;
        if post.author == want.author {
            score.author += 1;
        } else {
            score.failures.push(format!(
                "{page} {}: author {:?}, want {:?}",
                want.id, post.author, want.author
            ));
        }
        if post.published_at == want.time {
            score.time += 1;
        } else {
            score.failures.push(format!(
                "{page} {}: time {:?}, want {:?}",
                want.id, post.published_at, want.time
            ));
        }
        // The text must start as the author's own words start, and hold no quote or chrome.
        // Line breaks are compared as spaces: the truth is written as a reader sees the post.
        let text = post.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.starts_with(&want.text_starts) {
            score.failures.push(format!(
                "{page} {}: text starts {:?}, want {:?}",
                want.id,
                post.text.chars().take(80).collect::<String>(),
                want.text_starts
            ));
        }
        for bad in truth.must_not_contain.iter().chain(&want.must_not_contain) {
            if text.contains(bad.as_str()) {
                score
                    .failures
                    .push(format!("{page} {}: text holds {bad:?}", want.id));
            }
        }
        if let Some(alt) = &want.image_alt {
            if !post.details.image_alts.contains(alt) {
                score.failures.push(format!(
                    "{page} {}: image alt texts {:?}, want {alt:?}",
                    want.id, post.details.image_alts
                ));
            }
        }
    }
}

/// Scores every real page read with its software's preset, or with `preset = "auto"` (the
/// default for an html source) when `auto` is set, grouped by the page's software.
fn check_real_pages(auto: bool) {
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    let all = truths();
    assert!(
        !all.is_empty(),
        "no truth files in {}",
        real_dir().display()
    );
    let mut pages_missed = Vec::new();
    for (page, truth) in &all {
        let preset = if auto { "auto" } else { truth.preset.as_str() };
        let score = scores.entry(truth.preset.clone()).or_default();
        let found_before = score.found;
        score_page(page, truth, preset, score);
        let missed = truth.posts.len() - (score.found - found_before);
        if missed * 20 > truth.posts.len() {
            pages_missed.push((page.clone(), missed));
        }
    }
    let mut report = Vec::new();
    let mut ok = true;
    // A rate per preset could hide a page whose markup the preset misses altogether: every
    // page must find its own posts too.
    for (page, missed) in &pages_missed {
        report.push(format!("{page}: {missed} post(s) not found  <- FAILS"));
        ok = false;
    }
    for (preset, s) in &scores {
        let rate = |n: usize| n as f64 / s.posts.max(1) as f64;
        let text_clean = s.failures.iter().all(|f| !f.contains(": text"));
        let pass = rate(s.found) >= 0.95
            && rate(s.author) >= 0.95
            && rate(s.time) >= 0.90
            && text_clean
            && !s.failures.iter().any(|f| f.contains("image alt"));
        ok &= pass;
        report.push(format!(
            "{preset}: {} posts, found {:.0}%, author {:.0}%, time {:.0}%, text {}{}",
            s.posts,
            rate(s.found) * 100.0,
            rate(s.author) * 100.0,
            rate(s.time) * 100.0,
            if text_clean { "clean" } else { "NOT clean" },
            if pass { "" } else { "  <- FAILS" },
        ));
        for f in &s.failures {
            report.push(format!("    {f}"));
        }
    }
    let report = report.join("\n");
    eprintln!("{report}");
    let how = if auto { "preset \"auto\"" } else { "presets" };
    assert!(ok, "{how} fall short on real pages:\n{report}");
}

#[test]
fn presets_on_real_pages() {
    check_real_pages(false);
}

/// The default reads structured data first: it must do as well as the software's own preset,
/// ids included (a post keeps its id whichever way the source is configured).
#[test]
fn auto_on_real_pages() {
    check_real_pages(true);
}
