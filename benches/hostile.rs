//! Hostile page shapes: the cost of extracting a page nested 1,000, 10,000 and 100,000 levels
//! deep (limits raised so the page is read, not refused), per level, and of a page as wide,
//! per element, each as a ratio to the first size: flat ratios mean time linear in the page.
//! Before the fix, 100,000 nested divs took 20 s (quadratic) and 60,000 overflowed the stack.
//! Run: `cargo bench --bench hostile` (or `benches/run.sh`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use reviewgate::config::SourceConfig;
use reviewgate::extract::{extract, CompiledSource, Limits};
use url::Url;

/// Runs `f` until at least `min` has passed (and at least once); the time of one run.
fn time(min: Duration, mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    let mut runs = 0u32;
    while runs < 1 || start.elapsed() < min {
        f();
        runs += 1;
    }
    start.elapsed() / runs
}

fn page(inner: &str) -> String {
    format!(
        "<html><body><div class=\"post\" id=\"p1\"><b class=\"author\">kim</b>\
         <div class=\"content\">{inner}</div></div></body></html>"
    )
}

fn main() {
    let source: SourceConfig = toml::from_str(
        "name = \"bench\"\nkind = \"html\"\nurl = \"http://127.0.0.1/\"\ninterval = \"15m\"\n\
         [select]\nitem = \"div.post\"\nauthor = \"b.author\"\ntext = \"div.content\"\nid = \"@id\"\n",
    )
    .expect("bench source");
    // Raised far beyond the defaults (512 levels, 200,000 nodes), so the deepest page is read.
    let limits = Limits {
        max_depth: 1_000_000,
        max_nodes: 10_000_000,
        ..Limits::default()
    };
    let compiled = CompiledSource::compile(&source)
        .expect("bench selectors")
        .with_limits(limits);
    let url = Url::parse("http://127.0.0.1/t").unwrap();
    let min = Duration::from_secs(1);
    println!("hostile pages bench (one page, extraction with raised limits)");
    for (shape, build) in [
        (
            "nested",
            (|n: usize| page(&format!("{}deep{}", "<div>".repeat(n), "</div>".repeat(n))))
                as fn(usize) -> String,
        ),
        ("wide", |n: usize| page(&"<div>w</div>".repeat(n))),
    ] {
        let mut base = None;
        for n in [1_000usize, 10_000, 100_000] {
            let body = build(n);
            let got = extract(&compiled, &url, body.as_bytes(), Some("text/html"))
                .expect("read with raised limits");
            assert_eq!(got.posts.len(), 1, "{shape} {n}: one post");
            let t = time(min, || {
                black_box(extract(&compiled, &url, black_box(body.as_bytes()), None).ok());
            });
            let per = t.as_secs_f64() * 1e9 / n as f64;
            let b = *base.get_or_insert(per);
            println!(
                "  {shape:>6} {n:>7} elements ({:>5} KiB): {:>8.1} ms, {:>6.0} ns/element ({:.2}x of the first)",
                body.len() / 1024,
                t.as_secs_f64() * 1e3,
                per,
                per / b
            );
        }
    }
}
