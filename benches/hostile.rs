//! Hostile page shapes, 1,000 to 100,000 elements in one page, cost per element as a ratio to
//! the first size (flat: time linear in the page), with the default limits (`max_depth` 512):
//! - `wide`: sibling elements (`<br>`);
//! - `stacks`: stacks of 500 nested elements, one after another (as deep as the limit allows);
//! - `nested`: one stack n deep, refused once past the limit (the cost of saying no);
//! - `nested, no limit`: the same read with the limits raised, 1,000 and 10,000 deep. HTML
//!   tree construction checks the stack of open elements for every start tag (the spec's
//!   "in scope" checks), so this cost grows with depth, in the parser as in browsers; the depth
//!   limit is what keeps a page's cost linear. Before the fix, 100,000 nested divs took 20 s
//!   and 60,000 overflowed the stack.
//!
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

/// A page shape: its name, the limits it is read with, the page of n elements, the sizes,
/// and whether it is read (or refused).
type Case<'a> = (
    &'a str,
    &'a CompiledSource,
    Box<dyn Fn(usize) -> String>,
    Vec<usize>,
    bool,
);

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
    let defaults = CompiledSource::compile(&source).expect("bench selectors");
    let raised = defaults.clone().with_limits(Limits {
        max_depth: 1_000_000,
        max_nodes: 10_000_000,
        ..Limits::default()
    });
    let url = Url::parse("http://127.0.0.1/t").unwrap();
    let min = Duration::from_secs(1);
    // HOSTILE_SIZES="500,2000" picks other sizes (the first is the base of the ratios).
    let sizes: Vec<usize> = std::env::var("HOSTILE_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    let nested = |n: usize| format!("{}deep{}", "<div>".repeat(n), "</div>".repeat(n));
    let cases: Vec<Case<'_>> = vec![
        (
            "wide",
            &defaults,
            // `<br>`: one node each, so 100,000 stay under the default max_nodes (200,000).
            Box::new(|n| "<br>".repeat(n)),
            sizes.clone(),
            true,
        ),
        (
            "stacks",
            &defaults,
            Box::new(move |n| nested(500).repeat(n / 500)),
            sizes.clone(),
            true,
        ),
        ("nested", &defaults, Box::new(nested), sizes.clone(), false),
        (
            "nested, no limit",
            &raised,
            Box::new(nested),
            sizes.iter().copied().take(2).collect(),
            true,
        ),
    ];
    println!("hostile pages bench (one page per line; default limits unless said)");
    for (shape, compiled, build, sizes, read) in cases {
        let mut base = None;
        for n in sizes {
            let body = page(&build(n));
            let got = extract(compiled, &url, body.as_bytes(), Some("text/html"));
            assert_eq!(got.is_ok(), read, "{shape} {n}: {:?}", got.err());
            let t = time(min, || {
                black_box(extract(compiled, &url, black_box(body.as_bytes()), None).ok());
            });
            let per = t.as_secs_f64() * 1e9 / n as f64;
            let b = *base.get_or_insert(per);
            println!(
                "  {shape:>16} {n:>7} elements ({:>5} KiB, {}): {:>8.2} ms = {:>6.0} ns/element ({:.2}x of the first)",
                body.len() / 1024,
                if read { "read" } else { "refused" },
                t.as_secs_f64() * 1e3,
                per,
                per / b
            );
        }
    }
}
