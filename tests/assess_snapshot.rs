//! A decision snapshot for performance work on the assessor: for every labelled case (the
//! parts in `fixtures/assess/parts/` and the generated and hand-written sets), in the default and
//! the strict profile, one line `profile id decision findings language entries redacted-hash`.
//! Two snapshots taken before and after a change that must not alter any decision are compared
//! with `cmp`. Ignored by default; run it with
//! `SNAPSHOT=/tmp/speed-base.txt cargo test --test assess_snapshot -- --ignored`.
//! The file holds ids, decisions, spans and a hash of the redacted text, never a reply.

mod assess_support;

use std::collections::hash_map::DefaultHasher;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};

use assess_support::{load_cases, load_customers, part_files, parts_assessor, service};
use reviewgate::assess::{AssessConfig, AssessInput, Assessor, Profile};
use serde_json::Value;

/// One case of any labelled set: only the fields the assessor reads.
struct Case {
    id: String,
    customer_id: Option<String>,
    post_author: String,
    post_text: String,
    reply: String,
}

fn part_cases() -> Vec<Case> {
    let files = part_files();
    let mut out = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("part file");
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), n + 1));
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            out.push(Case {
                id: s("id"),
                customer_id: v["customer_id"].as_str().map(str::to_string),
                post_author: s("post_author"),
                post_text: s("post_text"),
                reply: s("reply"),
            });
        }
    }
    out
}

fn write_lines(out: &mut String, label: &str, a: &Assessor, cases: &[Case]) {
    let customers = load_customers();
    for c in cases {
        let customer = c.customer_id.as_ref().and_then(|id| customers.get(id));
        let input = AssessInput {
            customer,
            post_author: &c.post_author,
            post_text: &c.post_text,
            reply: &c.reply,
        };
        let got = a.assess(&input);
        let explained = a.explain(&input);
        assert_eq!(
            got, explained.assessment,
            "{}: assess and explain differ",
            c.id
        );
        let mut h = DefaultHasher::new();
        got.redacted.hash(&mut h);
        let _ = write!(out, "{label} {} {:?}", c.id, got.decision);
        for f in &got.findings {
            let _ = write!(out, " {}:{:?}:{}-{}", f.kind, f.field, f.start, f.end);
        }
        let _ = write!(out, " lang={:?}", explained.language);
        for d in &explained.details {
            let _ = write!(out, " {}/{}/{}", d.class, d.entry, d.words.len());
        }
        for s in &explained.sentences {
            let mut hs = DefaultHasher::new();
            format!("{s:?}").hash(&mut hs);
            let _ = write!(out, " s{:x}", hs.finish());
        }
        let _ = writeln!(out, " r{:x}", h.finish());
    }
}

#[test]
#[ignore = "writes a snapshot file for performance work; run on demand"]
fn write_decision_snapshot() {
    let path = std::env::var("SNAPSHOT").unwrap_or_else(|_| "/tmp/speed-snapshot.txt".into());
    let parts = part_cases();
    let labelled: Vec<Case> = load_cases()
        .into_iter()
        .map(|c| Case {
            id: c.id,
            customer_id: c.customer_id,
            post_author: c.post_author,
            post_text: c.post_text,
            reply: c.reply,
        })
        .collect();
    let mut out = String::new();
    for (name, profile) in [("default", Profile::Default), ("strict", Profile::Strict)] {
        write_lines(&mut out, name, &parts_assessor(profile), &parts);
        let cfg = AssessConfig {
            profile,
            ..AssessConfig::default()
        };
        let a = Assessor::new(&cfg, &service()).expect("policy compiles");
        write_lines(&mut out, name, &a, &labelled);
    }
    std::fs::write(&path, out).unwrap_or_else(|e| panic!("{path}: {e}"));
    eprintln!(
        "{} cases x 2 profiles written to {path}",
        parts.len() + labelled.len()
    );
}
