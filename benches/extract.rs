//! Extraction throughput over the fixture corpus: pages/s and MB/s per document type and
//! overall. Run with `cargo bench --bench extract` (release); figures are printed, not asserted.

use std::hint::black_box;
use std::time::{Duration, Instant};

use reviewgate::config::{SelectConfig, SourceConfig, SourceKind};
use reviewgate::extract::{extract, CompiledSource};
use url::Url;

struct Case {
    label: &'static str,
    compiled: CompiledSource,
    url: Url,
    body: Vec<u8>,
}

fn source(
    kind: SourceKind,
    preset: Option<&str>,
    select: SelectConfig,
    embedded: Option<&str>,
) -> SourceConfig {
    SourceConfig {
        name: "bench".into(),
        kind,
        url: "http://127.0.0.1/".into(),
        interval: Duration::from_secs(900),
        max_pages: 1,
        keywords: vec!["smart security scan".into(), "smartsecurityscan".into()],
        exclude: vec!["job offer".into()],
        preset: preset.map(Into::into),
        select,
        embedded_json: embedded.map(Into::into),
        headers_from_env: Default::default(),
        follow_hosts: Vec::new(),
        reply_window: None,
        staff_authors: None,
        publisher: None,
    }
}

fn pointers(
    item: &str,
    author: &str,
    text: &str,
    time: &str,
    id: &str,
    link: &str,
) -> SelectConfig {
    let s = |v: &str| Some(v.into());
    SelectConfig {
        item: s(item),
        author: s(author),
        text: s(text),
        time: s(time),
        id: s(id),
        link: s(link),
        next: None,
    }
}

fn cases() -> Vec<Case> {
    let html = |p: &str| source(SourceKind::Html, Some(p), SelectConfig::default(), None);
    let feed = source(SourceKind::Feed, None, SelectConfig::default(), None);
    let specs: Vec<(&'static str, SourceConfig, &str)> = vec![
        (
            "phpbb p1",
            html("phpbb"),
            "phpbb/smart-security-scan-t4821.html",
        ),
        (
            "phpbb p2",
            html("phpbb"),
            "phpbb/smart-security-scan-t4821-10.html",
        ),
        (
            "discourse",
            html("discourse"),
            "discourse/smart-security-scan-false-positive-812.html",
        ),
        (
            "xenforo",
            html("xenforo"),
            "xenforo/smart-security-scan-experiences.3310.html",
        ),
        (
            "wordpress",
            html("wordpress"),
            "wordpress/smart-security-scan-review.html",
        ),
        (
            "hackernews",
            html("hackernews"),
            "hackernews/item-42811007.html",
        ),
        ("rss", feed.clone(), "feeds/hostwatch-comments.rss"),
        ("atom", feed.clone(), "feeds/status-forum.atom"),
        ("json feed", feed, "feeds/reviews.json"),
        (
            "__NEXT_DATA__",
            source(
                SourceKind::Json,
                None,
                pointers(
                    "/props/pageProps/reviews",
                    "/author/displayName",
                    "/body",
                    "/createdAt",
                    "/id",
                    "/url",
                ),
                Some("script#__NEXT_DATA__"),
            ),
            "reviews/smartsecurityscan.com.html",
        ),
        (
            "json api",
            source(
                SourceKind::Json,
                None,
                pointers(
                    "/data/reviews",
                    "/user/handle",
                    "/content_html",
                    "/posted",
                    "/review_id",
                    "/permalink",
                ),
                None,
            ),
            "api/reviews-page1.json",
        ),
    ];
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/site/");
    specs
        .into_iter()
        .map(|(label, src, file)| Case {
            label,
            compiled: CompiledSource::compile(&src).expect("fixture source compiles"),
            url: Url::parse("https://bench.example/page").unwrap(),
            body: std::fs::read(format!("{root}{file}")).expect("fixture exists"),
        })
        .collect()
}

/// Runs `f` repeatedly for at least `budget`, returning (iterations, elapsed).
fn measure(budget: Duration, mut f: impl FnMut()) -> (u64, Duration) {
    for _ in 0..20 {
        f(); // warm-up
    }
    let started = Instant::now();
    let mut n = 0;
    while started.elapsed() < budget {
        for _ in 0..10 {
            f();
        }
        n += 10;
    }
    (n, started.elapsed())
}

fn main() {
    let budget = Duration::from_millis(
        std::env::var("BENCH_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1500),
    );
    let cases = cases();
    println!(
        "{:<14} {:>9} {:>7} {:>11} {:>9}",
        "document", "bytes", "posts", "pages/s", "MB/s"
    );
    for case in &cases {
        let posts = extract(&case.compiled, &case.url, &case.body, None)
            .unwrap()
            .posts
            .len();
        let (n, elapsed) = measure(budget, || {
            let out = extract(&case.compiled, &case.url, black_box(&case.body), None).unwrap();
            for p in &out.posts {
                black_box(case.compiled.is_relevant(p));
            }
            black_box(out);
        });
        let secs = elapsed.as_secs_f64();
        println!(
            "{:<14} {:>9} {:>7} {:>11.0} {:>9.1}",
            case.label,
            case.body.len(),
            posts,
            n as f64 / secs,
            (n as f64 * case.body.len() as f64) / secs / 1e6
        );
    }
    let total: usize = cases.iter().map(|c| c.body.len()).sum();
    let (n, elapsed) = measure(budget, || {
        for case in &cases {
            black_box(extract(&case.compiled, &case.url, black_box(&case.body), None).unwrap());
        }
    });
    let secs = elapsed.as_secs_f64();
    println!(
        "{:<14} {:>9} {:>7} {:>11.0} {:>9.1}",
        "whole corpus",
        total,
        "",
        (n as f64 * cases.len() as f64) / secs,
        (n as f64 * total as f64) / secs / 1e6
    );
}
