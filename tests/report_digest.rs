//! `reviewgate report --since 7d --png FILE`: the weekly digest rendered from a seeded store.
//! The numbers it prints are checked against what was seeded and against the queue as the
//! library shows it; the PNG is decoded and checked for size, content and the chart colours.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::{DateTime, Duration, Utc};
use reviewgate::model::{
    Assessment, Decision, Evidence, EvidenceKind, ExtractedPost, Match, MatchStatus, Post,
};
use reviewgate::queue::{Actor, Queue, State};
use reviewgate::store::{PollRecord, PolledPost, Store};
use serde_json::Value;

mod cli_support;

struct Seeded {
    _dir: tempfile::TempDir,
    cfg: PathBuf,
    /// (source, days ago) -> (posts, relevant, relevant and matched), as seeded in the window.
    posts: BTreeMap<(String, i64), (u64, u64, u64)>,
    sources: Vec<String>,
}

fn extracted(id: &str) -> ExtractedPost {
    ExtractedPost {
        id: id.into(),
        url: Some(format!("https://forum.example/t/{id}")),
        author: format!("user-{id}"),
        published_at: None,
        text: format!("Smart Security Scan question {id}"),
        quotes: vec![],
        truncated: false,
        details: Default::default(),
    }
}

fn matched(customer: &str) -> Match {
    Match {
        customer_id: customer.into(),
        confidence: 0.95,
        status: MatchStatus::Linked,
        evidence: vec![Evidence {
            kind: EvidenceKind::Email,
            detail: "email in post".into(),
        }],
    }
}

fn assessment(decision: Decision) -> Assessment {
    Assessment {
        decision,
        findings: vec![],
        redacted: "Thanks, we are on it.".into(),
    }
}

fn open_store(cfg: &Path) -> Store {
    let loaded = reviewgate::config::load(cfg).unwrap();
    Store::open_with(&loaded.store_path(), &loaded.store_keys()).unwrap()
}

/// Posts on two configured sources over the last days (and one before the window), some
/// matched, and queue items in every state and decision.
fn seed() -> Seeded {
    let dir = tempfile::tempdir().unwrap();
    let cfg = cli_support::example_config(dir.path());
    let loaded = reviewgate::config::load(&cfg).unwrap();
    let sources: Vec<String> = loaded
        .config
        .sources
        .iter()
        .map(|s| s.name.clone())
        .collect();
    let store = open_store(&cfg);
    let now = Utc::now();
    let mut posts = BTreeMap::new();
    // (source, days ago, count, relevant of them, matched of them)
    let plan: &[(&str, i64, u64, u64, u64)] = &[
        ("phpbb-thread", 0, 3, 2, 1),
        ("phpbb-thread", 2, 5, 4, 2),
        ("phpbb-thread", 6, 1, 1, 0),
        ("hn-item", 1, 2, 1, 1),
        ("hn-item", 4, 4, 0, 1), // a matched post that is not relevant: not counted
        ("hn-item", 9, 7, 7, 3), // outside a 7-day window
    ];
    let mut stored: Vec<(String, String, bool)> = Vec::new();
    for &(source, ago, count, relevant, matches) in plan {
        let at = day_start(now - Duration::days(ago)) + Duration::minutes(5);
        let polled: Vec<PolledPost> = (0..count)
            .map(|i| PolledPost {
                post: extracted(&format!("{source}-{ago}-{i}")),
                relevant: i < relevant,
            })
            .collect();
        store
            .commit_poll(&PollRecord {
                source: source.into(),
                at,
                posts: polled,
                items_found: count,
                pages_fetched: 1,
                ..PollRecord::default()
            })
            .unwrap();
        for i in 0..matches {
            let id = format!("{source}-{ago}-{i}");
            store
                .write(|tx| tx.set_post_match(source, &id, Some(&matched(&format!("C-{i}")))))
                .unwrap();
        }
        for i in 0..count {
            stored.push((source.into(), format!("{source}-{ago}-{i}"), i < relevant));
        }
        if ago < 7 {
            posts.insert(
                (source.to_string(), ago),
                (count, relevant, matches.min(relevant)),
            );
        }
    }
    // Queue items for the relevant posts seen in the window, in every decision and state.
    let q = Queue::new(&store);
    let alice = Actor::new("discord:alice", true, false);
    let bob = Actor::new("discord:bob", true, false);
    let decisions = [Decision::Routine, Decision::NeedsReview, Decision::Blocked];
    let relevant: Vec<_> = stored
        .iter()
        .filter(|(s, id, r)| *r && !(s == "hn-item" && id.contains("-9-")))
        .collect();
    for (k, (source, id, _)) in relevant.iter().enumerate() {
        let post = Post {
            source: source.clone(),
            id: id.clone(),
            url: None,
            author: format!("user-{id}"),
            published_at: None,
            text: "Smart Security Scan question".into(),
            quotes: vec![],
            relevant: true,
            truncated: false,
            matched: None,
        };
        let decision = decisions[k % 3];
        let item = q
            .enqueue(
                &post,
                None,
                "Thanks, we are on it.",
                &assessment(decision),
                "bot:draft",
            )
            .unwrap();
        match (decision, k % 4) {
            (Decision::Blocked, 0 | 1) => {
                q.reject(item, 1, &alice, "not like this").unwrap();
            }
            (Decision::Blocked, _) => {}
            (_, 0) => {}
            (_, 1) => {
                q.reject(item, 1, &bob, "no").unwrap();
            }
            (Decision::Routine, _) => {
                q.approve(item, 1, &alice, "fine").unwrap();
            }
            (Decision::NeedsReview, _) => {
                q.approve(item, 1, &alice, "checked the account").unwrap();
                q.approve(item, 1, &bob, "checked it too").unwrap();
            }
        }
    }
    Seeded {
        _dir: dir,
        cfg,
        posts,
        sources,
    }
}

fn day_start(t: DateTime<Utc>) -> DateTime<Utc> {
    t.date_naive().and_hms_opt(0, 0, 0).unwrap().and_utc()
}

fn report(cfg: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("reviewgate")
        .unwrap()
        .arg("--config")
        .arg(cfg)
        .arg("report")
        .args(args)
        .output()
        .unwrap()
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

#[test]
fn the_digest_numbers_match_the_store_and_the_png_is_a_real_chart() {
    let s = seed();
    let png_path = s.cfg.parent().unwrap().join("digest.png");
    let out = report(
        &s.cfg,
        &[
            "--since",
            "7d",
            "--png",
            png_path.to_str().unwrap(),
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();

    // Posts per source per day, as seeded (the 9-day-old posts are outside the window).
    let days = d["days"].as_array().unwrap();
    assert_eq!(days.len(), 7);
    assert_eq!(
        days[6].as_str().unwrap(),
        Utc::now().date_naive().to_string()
    );
    let lines = d["sources"].as_array().unwrap();
    let names: Vec<&str> = lines
        .iter()
        .map(|l| l["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        names, s.sources,
        "every configured source, quiet ones too, in config order"
    );
    let mut totals = (0, 0, 0);
    for line in lines {
        let source = line["source"].as_str().unwrap();
        let per_day: Vec<u64> = line["per_day"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        let expected: Vec<u64> = (0..7)
            .map(|i| s.posts.get(&(source.to_string(), 6 - i)).map_or(0, |p| p.0))
            .collect();
        assert_eq!(per_day, expected, "posts per day of {source}");
        let (mut posts, mut relevant, mut matched) = (0, 0, 0);
        for ((src, _), (p, r, m)) in &s.posts {
            if src == source {
                posts += p;
                relevant += r;
                matched += m;
            }
        }
        assert_eq!(line["posts"], posts, "{source}");
        assert_eq!(line["relevant"], relevant, "{source}");
        assert_eq!(line["matched"], matched, "{source}");
        totals = (totals.0 + posts, totals.1 + relevant, totals.2 + matched);
    }
    assert_eq!(
        (
            d["posts"].clone(),
            d["relevant"].clone(),
            d["matched"].clone()
        ),
        (
            Value::from(totals.0),
            Value::from(totals.1),
            Value::from(totals.2)
        )
    );
    assert_eq!(totals, (15, 8, 4));

    // Replies by decision and state, against the queue as the library lists it.
    let store = open_store(&s.cfg);
    let items = Queue::new(&store).list(None).unwrap();
    assert_eq!(d["queued"], items.len());
    for line in d["replies"].as_array().unwrap() {
        let decision = line["decision"].as_str().unwrap();
        for (state, key) in [
            (State::Pending, "pending"),
            (State::Approved, "approved"),
            (State::Posted, "posted"),
            (State::Rejected, "rejected"),
        ] {
            let n = items
                .iter()
                .filter(|i| i.decision.as_str() == decision && i.state == state)
                .count();
            assert_eq!(line[key], n, "{decision} {key}");
        }
    }
    assert!(d["replies"][0]["approved"].as_u64().unwrap() > 0);
    assert!(d["replies"][2]["rejected"].as_u64().unwrap() > 0);

    // Median time to decision: the last approval, or the rejection in the audit trail.
    let mut waits = Vec::new();
    for item in &items {
        let decided = match item.state {
            State::Approved | State::Posted => item.approvals.iter().map(|a| a.at).max(),
            State::Rejected => store
                .audit_entries(Some(item.id))
                .unwrap()
                .into_iter()
                .find(|e| e.action == "reject")
                .map(|e| e.at),
            State::Pending => None,
        };
        if let Some(at) = decided {
            waits.push((at - item.created_at).num_milliseconds() as f64 / 3.6e6);
        }
    }
    assert_eq!(d["decided"], waits.len());
    let expected = median(waits).unwrap();
    let got = d["median_hours"].as_f64().unwrap();
    assert!((got - expected).abs() < 1e-9, "median {got} != {expected}");

    // The PNG: decodes, the promised size, and the chart drawn (not a blank canvas).
    let decoder = png::Decoder::new(std::fs::File::open(&png_path).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (1200, 900));
    assert_eq!(info.color_type, png::ColorType::Rgb);
    let pixels: Vec<[u8; 3]> = buf[..info.buffer_size()]
        .chunks(3)
        .map(|c| [c[0], c[1], c[2]])
        .collect();
    let not_white = pixels.iter().filter(|p| **p != [255, 255, 255]).count();
    assert!(
        not_white > pixels.len() / 50,
        "only {not_white} of {} pixels are drawn",
        pixels.len()
    );
    // The bars' fill colours: relevant (blue), matched (green), approved and rejected.
    for (what, colour) in [
        ("relevant bars", [31, 119, 180]),
        ("matched bars", [44, 160, 44]),
        ("approved replies", [76, 175, 80]),
        ("rejected replies", [158, 158, 158]),
    ] {
        let n = pixels.iter().filter(|p| **p == colour).count();
        assert!(n > 100, "{what}: {n} pixels of {colour:?}");
    }
    // Text was drawn with the bundled font: dark anti-aliased pixels in the heading band.
    let heading_dark = pixels[..1200 * 70].iter().filter(|p| p[0] < 100).count();
    assert!(heading_dark > 500, "heading: {heading_dark} dark pixels");
}

#[test]
fn text_mode_prints_the_summary_and_bad_since_is_refused() {
    let s = seed();
    let out = report(&s.cfg, &["--since", "7d"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("posts: 15 seen, 8 relevant, 4 of them matched to a customer"),
        "{text}"
    );
    assert!(
        text.contains("  phpbb-thread: 9 posts, 7 relevant, 3 matched"),
        "{text}"
    );
    assert!(text.contains("median time to decision: "), "{text}");
    assert!(text.contains("replies out: "), "{text}");

    // A longer window takes in the older posts.
    let out = report(&s.cfg, &["--since", "2w", "--json"]);
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["posts"], 22);
    assert_eq!(d["days"].as_array().unwrap().len(), 14);

    for bad in ["seven days", "0s", "4000d"] {
        let out = report(&s.cfg, &["--since", bad]);
        assert_eq!(out.status.code(), Some(2), "--since {bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--since"), "{err}");
    }
}
