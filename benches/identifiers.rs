//! Identifier extraction, matching and assessment on one text holding 1,000, 10,000 and
//! 100,000 identifiers (IPv4, e-mail, host, IPv6 in turn): the cost per identifier, and its
//! ratio to the 1,000 case, which stays flat when all three are linear in the text. The
//! assessment reads a reply repeating the text, to a post holding it, against an account whose
//! values are among them. Run: `cargo bench --bench identifiers` (or `benches/run.sh`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use reviewgate::assess::{AssessConfig, AssessInput, Assessor};
use reviewgate::config::{MatchingConfig, ServiceConfig};
use reviewgate::matching::Matcher;
use reviewgate::model::{AccountStatus, Customer};
use reviewgate::normalize::identifiers;

fn ident(i: usize) -> String {
    match i % 4 {
        0 => format!("10.{}.{}.{}", i >> 16 & 255, i >> 8 & 255, i & 255),
        1 => format!("user{i}@site{i}.de"),
        2 => format!("shop{i}.site{i}.de"),
        _ => format!("2001:db8::{:x}", i & 0xffff),
    }
}

fn post(n: usize) -> String {
    (0..n).map(ident).collect::<Vec<_>>().join(" , ")
}

fn customer(i: usize) -> Customer {
    Customer {
        id: format!("C-{i}"),
        name: format!("Customer {i}"),
        emails: vec![format!("user{i}@site{i}.de")],
        hosts: vec![format!("shop{i}.site{i}.de"), ident(i * 4)],
        status: AccountStatus::Active,
        plan: None,
        created_at: None,
        cancelled_at: None,
        facts: Default::default(),
    }
}

/// Runs `f` until at least `min` has passed (and at least twice); the time of one run.
fn time(min: Duration, mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    let mut runs = 0u32;
    while runs < 2 || start.elapsed() < min {
        f();
        runs += 1;
    }
    start.elapsed() / runs
}

fn main() {
    let matcher = Matcher::new(
        (0..10_000).map(customer),
        &MatchingConfig::default(),
        &["smartsecurityscan.com".to_string()],
    );
    let service = ServiceConfig {
        name: "Smart Security Scan".into(),
        domains: vec!["smartsecurityscan.com".into()],
        ..ServiceConfig::default()
    };
    // The reply is read whole at every size: the cap on a reply would otherwise bound the
    // cost this measures.
    let config = AssessConfig {
        max_reply_chars: Some(usize::MAX),
        ..AssessConfig::default()
    };
    let assessor = Assessor::new(&config, &service).unwrap();
    let account = customer(4);
    let min = Duration::from_secs(1);
    println!("identifiers bench (one text; 10,000 accounts indexed)");
    let mut base: Option<(f64, f64, f64)> = None;
    // IDENT_SIZES="1000,5000" picks other sizes (the first is the base of the ratios).
    let sizes: Vec<usize> = std::env::var("IDENT_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    for n in sizes {
        let text = post(n);
        let found = identifiers(&text).len();
        let extract = time(min, || {
            black_box(identifiers(black_box(&text)));
        });
        let matching = time(min, || {
            black_box(matcher.match_post("flood", black_box(&text)));
        });
        let reply = format!("Hi flood, about {text}: we will look into it.");
        let assessing = time(min, || {
            black_box(assessor.assess(&AssessInput {
                customer: Some(&account),
                post_author: "flood",
                post_text: black_box(&text),
                reply: black_box(&reply),
            }));
        });
        let per = |d: Duration| d.as_secs_f64() * 1e9 / n as f64;
        let (e, m, a) = (per(extract), per(matching), per(assessing));
        let (e0, m0, a0) = *base.get_or_insert((e, m, a));
        let ratio = |x: f64, x0: f64| format!("{:.2}x of the first", x / x0);
        println!(
            "  {n:>7} identifiers ({found} found, {} KiB): extraction {:>7.0} ns/ident ({}), \
             match_post {:>7.0} ns/ident ({}), assess {:>7.0} ns/ident ({})",
            text.len() / 1024,
            e,
            ratio(e, e0),
            m,
            ratio(m, m0),
            a,
            ratio(a, a0)
        );
    }
}
