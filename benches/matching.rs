//! Matching throughput against 10,000 and 1,000,000 generated accounts in one run, their ratio
//! (the cost per post should not grow with the account count), and index build time and peak
//! memory (VmHWM) for 1,000,000 accounts. A quarter of the posts carry only weak evidence (a
//! handle built from a name, a signed or introduced name with context). Run: `cargo bench --bench matching`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use reviewgate::config::MatchingConfig;
use reviewgate::matching::Matcher;
use reviewgate::model::{AccountStatus, Customer, MatchStatus};

const FIRST: &[&str] = &[
    "jan", "eva", "lukas", "anna", "paul", "marie", "felix", "lena", "jonas", "laura", "tim",
    "sarah",
];
const LAST: &[&str] = &[
    "kowalski", "schmidt", "mueller", "fischer", "weber", "meyer", "wagner", "becker", "koch",
    "wolf",
];
const FREE: &[&str] = &["gmail.com", "web.de", "gmx.de", "outlook.com"];

fn ip_of(i: u64) -> String {
    let n = 0x0B00_0000u64 + i * 7;
    format!(
        "{}.{}.{}.{}",
        n >> 24 & 255,
        n >> 16 & 255,
        n >> 8 & 255,
        n & 255
    )
}

/// Account `i`, the same in every set, so posts written for the first 10,000 match in both.
fn customer(i: u64) -> Customer {
    let (first, last) = (FIRST[(i % 12) as usize], LAST[(i / 12 % 10) as usize]);
    let custom = i % 3 == 0;
    let domain = if custom {
        format!("site{i}.de")
    } else {
        FREE[(i % 4) as usize].to_string()
    };
    let mut hosts = Vec::new();
    if i % 2 == 0 {
        hosts.push(ip_of(i));
    }
    if custom {
        hosts.push(format!("shop.site{i}.de"));
    }
    Customer {
        id: format!("C-{i}"),
        name: format!("{} {}", capitalise(first), capitalise(last)),
        emails: vec![format!("{first}.{last}{i}@{domain}")],
        hosts,
        status: AccountStatus::Active,
        plan: Some("pro".into()),
        created_at: None,
        cancelled_at: None,
        facts: Default::default(),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Posts about accounts among the first 10,000, in the forms the matcher must undo, plus noise.
fn posts() -> Vec<(String, String)> {
    (0..2000u64)
        .map(|j| {
            let i = (j * 7919) % 10_000;
            let c = customer(i);
            let email = c.emails[0].clone();
            let (local, dom) = email.split_once('@').expect("generated address");
            let (first, last) = c.name.split_once(' ').expect("generated name");
            let text = match j % 8 {
                0 => format!("Smart Security Scan flagged my site. Account {email}, fix it."),
                1 => format!("Write me: {local} (at) {} please.", dom.replace('.', " (dot) ")),
                2 => format!("Our server {} is listed, again.", ip_of(i & !1).replace('.', "[.]")),
                3 => format!("They block hxxps://shop[.]site{}[.]de/cart since Monday.", i - i % 3),
                4 => format!("> {email} wrote:\n> all fine\nNot for me, look at this dot com bubble. Version 1.2.3.4.5."),
                5 => "Third false positive this month. Support never answers. Regards,\nJan Kowalski".to_string(),
                // Weak evidence only: a handle built from the name, a name signed with context.
                6 => format!("On pro since 2019, scans got slow.\n-- {first} {}.", &last[..1]),
                _ => format!("I'm {first} {last} from Leipzig, on pro for three years."),
            };
            let author = match j % 8 {
                6 => format!("{}{}", &first[..1].to_lowercase(), last.to_lowercase()),
                7 => "Guest".to_string(),
                _ => local.to_string(),
            };
            (author, text)
        })
        .collect()
}

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Matches every post once; returns the time taken and how many were linked.
fn round(m: &Matcher, posts: &[(String, String)]) -> (Duration, usize) {
    let start = Instant::now();
    let mut linked = 0;
    for (author, text) in posts {
        let r = black_box(m.match_ranked(black_box(author), black_box(text)));
        linked += usize::from(r.matched.is_some_and(|r| r.status == MatchStatus::Linked));
    }
    (start.elapsed(), linked)
}

fn build(n: u64, service: &[String]) -> (Matcher, Duration) {
    let start = Instant::now();
    let m = Matcher::new((0..n).map(customer), &MatchingConfig::default(), service);
    (m, start.elapsed())
}

fn main() {
    let service = vec!["smartsecurityscan.com".to_string()];
    let posts = posts();
    let min = Duration::from_secs(3);

    let (small, small_build) = build(10_000, &service);
    let hwm_before = vm_hwm_kib().unwrap_or(0);
    let (large, large_build) = build(1_000_000, &service);
    let hwm_after = vm_hwm_kib().unwrap_or(0);
    let heap = large.heap_bytes();

    // Rounds alternate between the two sets, so a change in machine load hits both alike and
    // the ratio stays meaningful on a shared machine.
    let (mut t_small, mut t_large, mut rounds) = (Duration::ZERO, Duration::ZERO, 0u32);
    let (mut small_linked, mut large_linked) = (0, 0);
    while t_small + t_large < min * 2 || rounds < 3 {
        let (t, l) = round(&small, &posts);
        t_small += t;
        small_linked = l;
        let (t, l) = round(&large, &posts);
        t_large += t;
        large_linked = l;
        rounds += 1;
    }
    let per_round = posts.len() as f64 * f64::from(rounds);
    let (small_rate, large_rate) = (
        per_round / t_small.as_secs_f64(),
        per_round / t_large.as_secs_f64(),
    );

    println!(
        "matching bench ({} posts per round, {rounds} alternating rounds per set)",
        posts.len()
    );
    println!(
        "  10,000 accounts:    build {:>8.3} s, {:>9.0} posts/s, {} of {} linked",
        small_build.as_secs_f64(),
        small_rate,
        small_linked,
        posts.len()
    );
    println!(
        "  1,000,000 accounts: build {:>8.3} s, {:>9.0} posts/s, {} of {} linked",
        large_build.as_secs_f64(),
        large_rate,
        large_linked,
        posts.len()
    );
    println!(
        "  cost per post, 1,000,000 vs 10,000 accounts: {:.2}x",
        small_rate / large_rate
    );
    println!("  1,000,000 accounts: index + account store {:.1} MiB; peak RSS (VmHWM) {:.1} MiB (before build {:.1} MiB)",
        heap as f64 / 1048576.0, hwm_after as f64 / 1024.0, hwm_before as f64 / 1024.0);
    println!(
        "  build cost per account, 1,000,000 vs 10,000: {:.2}x",
        (large_build.as_secs_f64() / 1e6) / (small_build.as_secs_f64() / 1e4)
    );
}
