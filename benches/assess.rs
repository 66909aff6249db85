//! Replies assessed per second on one core, over the labelled fixture set (short replies) and over
//! long replies built from it (about 2 KB each). Run: `cargo bench --bench assess`.
//! Each rate is given per second of wall time and per second of this thread's CPU time: on a
//! shared machine the second is what compares two builds.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use reviewgate::assess::{early_exits, AssessConfig, AssessInput, Assessor};
use reviewgate::config::ServiceConfig;
use reviewgate::model::{AccountStatus, Customer};
use serde::Deserialize;

#[derive(Deserialize)]
struct Row {
    id: String,
    name: String,
    email: Vec<String>,
    hosts: Vec<String>,
    status: AccountStatus,
    plan: Option<String>,
    created_at: Option<NaiveDate>,
    cancelled_at: Option<NaiveDate>,
    #[serde(default)]
    facts: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct Case {
    customer_id: Option<String>,
    post_author: String,
    post_text: String,
    reply: String,
}

fn read_lines<T: for<'de> Deserialize<'de>>(file: &str) -> Vec<T> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/assess")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("fixture line"))
        .collect()
}

/// CPU time this thread has used: what the assessor costs, whatever else the machine runs.
fn thread_cpu() -> Duration {
    #[cfg(unix)]
    {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `ts` is a valid, writable timespec and the clock id is a constant of libc.
        let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        if rc == 0 {
            return Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32);
        }
    }
    Duration::ZERO
}

fn run(label: &str, a: &Assessor, customers: &HashMap<String, Customer>, cases: &[Case]) -> f64 {
    let mut n = 0usize;
    let mut findings = 0usize;
    let exits_start = early_exits();
    let cpu_start = thread_cpu();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(3) {
        for c in cases {
            let customer = c.customer_id.as_ref().and_then(|id| customers.get(id));
            let got = a.assess(&AssessInput {
                customer,
                post_author: &c.post_author,
                post_text: &c.post_text,
                reply: &c.reply,
            });
            findings += got.findings.len();
            n += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let cpu = (thread_cpu() - cpu_start).as_secs_f64();
    let rate = n as f64 / secs;
    let avg_chars =
        cases.iter().map(|c| c.reply.chars().count()).sum::<usize>() / cases.len().max(1);
    println!("{label}: {n} replies (avg {avg_chars} chars) in {secs:.2}s = {rate:.0} replies/s on one core ({findings} findings)");
    if cpu > 0.0 {
        println!(
            "{label}: {:.0} replies per CPU second ({cpu:.2}s of CPU)",
            n as f64 / cpu
        );
    }
    // What share of the readings took the early exit (`src/assess/fast.rs`).
    let e = early_exits();
    let share = |a: u64, b: u64| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "{label}: early exit {:.1}% of replies, {:.1}% of redaction passes ({} passes for {} replies)",
        share(
            e.replies_exited - exits_start.replies_exited,
            e.replies - exits_start.replies
        ),
        share(
            e.passes_exited - exits_start.passes_exited,
            e.passes - exits_start.passes
        ),
        e.passes - exits_start.passes,
        e.replies - exits_start.replies,
    );
    rate
}

fn main() {
    let service = ServiceConfig {
        name: "Smart Security Scan".into(),
        domains: vec!["smartsecurityscan.com".into()],
        ..Default::default()
    };
    let t0 = Instant::now();
    let a = Assessor::new(&AssessConfig::default(), &service).expect("assessor");
    println!(
        "Assessor::new: {:.2} ms",
        t0.elapsed().as_secs_f64() * 1000.0
    );
    let customers: HashMap<String, Customer> = read_lines::<Row>("customers.jsonl")
        .into_iter()
        .map(|r| {
            let c = Customer {
                id: r.id.clone(),
                name: r.name,
                emails: r.email,
                hosts: r.hosts,
                status: r.status,
                plan: r.plan,
                created_at: r.created_at,
                cancelled_at: r.cancelled_at,
                facts: r.facts,
            };
            (r.id, c)
        })
        .collect();
    let mut cases: Vec<Case> = read_lines("generated.jsonl");
    cases.extend(read_lines::<Case>("handwritten.jsonl"));
    // `ASSESS_BENCH=short` runs the short replies alone, for a profiler.
    let only_short = std::env::var("ASSESS_BENCH").is_ok_and(|v| v == "short");
    let short = run("fixture replies", &a, &customers, &cases);
    if only_short {
        return;
    }
    let long: Vec<Case> = cases
        .chunks(12)
        .map(|chunk| Case {
            customer_id: chunk[0].customer_id.clone(),
            post_author: chunk[0].post_author.clone(),
            post_text: chunk[0].post_text.clone(),
            reply: chunk
                .iter()
                .map(|c| c.reply.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        })
        .collect();
    let long_rate = run("long replies", &a, &customers, &long);
    println!("ratio short/long: {:.1}", short / long_rate);
    // What bounds the assessor: the language detector (whatlang) alone, once per reply, as
    // the claim rules run it on every reading of a reply.
    detection("fixture replies", &cases);
    detection("long replies", &long);
}

/// Replies per CPU second of the language detection alone.
fn detection(label: &str, cases: &[Case]) {
    let mut n = 0usize;
    let mut known = 0usize;
    let cpu_start = thread_cpu();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(2) {
        for c in cases {
            known += usize::from(whatlang::detect(&c.reply).is_some());
            n += 1;
        }
    }
    let cpu = (thread_cpu() - cpu_start).as_secs_f64();
    if cpu > 0.0 {
        println!(
            "{label}: language detection alone {:.0} replies per CPU second ({known} detected)",
            n as f64 / cpu
        );
    }
}
