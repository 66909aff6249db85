//! The independently written labelled parts in `fixtures/assess/parts/` (`part-*.jsonl`): per
//! part and per language, leaks (disclosing judged routine), the share of entrusted replies
//! blocked and the share of routine replies held, in the default and the strict profile.
//!
//! The goals of issue #18 are no leak, at least 95% blocked and at most 5% held, per part; they
//! are not met yet (the README gives the figures). Until they are, this test is a ratchet: each
//! part must stay at or better than the figures reached (`REACHED`), so a change that lets one
//! more disclosure through fails here, and whoever improves a figure tightens its line.

mod assess_support;

use std::collections::BTreeMap;

use assess_support::{fixtures, load_customers, parts_assessor};
use reviewgate::assess::{AssessInput, Assessor, Profile};
use reviewgate::model::{Customer, Decision};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct PartCase {
    id: String,
    customer_id: Option<String>,
    /// An anonymous post's author is `null`, read as no name.
    #[serde(deserialize_with = "null_as_empty")]
    post_author: String,
    post_text: String,
    reply: String,
    lang: String,
    expected: Decision,
    expected_strict: Decision,
    #[serde(default)]
    tags: Vec<String>,
}

fn null_as_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// Counts for one slice of a part (the whole part, or one language).
#[derive(Debug, Default, Clone, Copy)]
struct Score {
    disclosing: usize,
    leaked: usize,
    entrusted: usize,
    blocked: usize,
    routine: usize,
    held: usize,
}

impl Score {
    fn add(&mut self, expected: Decision, got: Decision) {
        match expected {
            Decision::Routine => {
                self.routine += 1;
                self.held += usize::from(got != Decision::Routine);
            }
            _ => {
                self.disclosing += 1;
                self.leaked += usize::from(got == Decision::Routine);
                if expected == Decision::Blocked {
                    self.entrusted += 1;
                    self.blocked += usize::from(got == Decision::Blocked);
                }
            }
        }
    }

    fn blocked_rate(&self) -> f64 {
        ratio(self.blocked, self.entrusted, 1.0)
    }

    fn held_rate(&self) -> f64 {
        ratio(self.held, self.routine, 0.0)
    }

    fn line(&self) -> String {
        format!(
            "leaks {}/{}  blocked {:.3} ({}/{})  held {:.3} ({}/{})",
            self.leaked,
            self.disclosing,
            self.blocked_rate(),
            self.blocked,
            self.entrusted,
            self.held_rate(),
            self.held,
            self.routine
        )
    }
}

fn ratio(a: usize, b: usize, empty: f64) -> f64 {
    if b == 0 {
        empty
    } else {
        a as f64 / b as f64
    }
}

fn load_parts() -> Vec<(String, Vec<PartCase>)> {
    let dir = fixtures().join("parts");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("part-") && n.ends_with(".jsonl"))
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let cases = text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(n, l)| {
                    serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}:{}: {e}", n + 1))
                })
                .collect();
            (name, cases)
        })
        .collect()
}

fn score_part(
    a: &Assessor,
    strict: bool,
    customers: &BTreeMap<String, Customer>,
    cases: &[PartCase],
    problems: &mut Vec<String>,
) -> (Score, BTreeMap<String, Score>) {
    let mut all = Score::default();
    let mut by_lang: BTreeMap<String, Score> = BTreeMap::new();
    let mut held_by: BTreeMap<String, usize> = BTreeMap::new();
    for c in cases {
        let customer = c.customer_id.as_ref().map(|id| {
            customers
                .get(id)
                .unwrap_or_else(|| panic!("{}: unknown customer {id}", c.id))
        });
        let explained = a.explain(&AssessInput {
            customer,
            post_author: &c.post_author,
            post_text: &c.post_text,
            reply: &c.reply,
        });
        let got = &explained.assessment;
        let expected = if strict {
            c.expected_strict
        } else {
            c.expected
        };
        all.add(expected, got.decision);
        by_lang
            .entry(c.lang.clone())
            .or_default()
            .add(expected, got.decision);
        // Per tag, as aggregates only: what a held-out part's misses are, never which cases.
        for tag in &c.tags {
            by_lang
                .entry(format!("tag:{tag}"))
                .or_default()
                .add(expected, got.decision);
        }
        // Per policy entry, as aggregates only: which entries hold routine replies and which
        // let disclosures through unread, so a held-out part tells where to look.
        if !strict && expected == Decision::Routine && got.decision != Decision::Routine {
            for d in &explained.details {
                *held_by
                    .entry(format!("{}<{}>", d.class, d.entry))
                    .or_default() += 1;
            }
        }
        let wrong = match expected {
            Decision::Routine => got.decision != Decision::Routine,
            Decision::NeedsReview => got.decision == Decision::Routine,
            Decision::Blocked => got.decision != Decision::Blocked,
        };
        if wrong {
            let why: Vec<String> = explained
                .details
                .iter()
                .map(|d| format!("{}<{}>{:?}", d.class, d.entry, d.words))
                .collect();
            problems.push(format!(
                "{} {} [{}] expected {:?} got {:?}: {:?} {}",
                if strict { "strict " } else { "default" },
                c.id,
                c.tags.join(","),
                expected,
                got.decision,
                c.reply,
                why.join(" ")
            ));
        }
    }
    if !held_by.is_empty() {
        let mut counts: Vec<(&String, &usize)> = held_by.iter().collect();
        counts.sort_by(|x, y| y.1.cmp(x.1).then(x.0.cmp(y.0)));
        let line: Vec<String> = counts.iter().map(|(k, n)| format!("{k} {n}")).collect();
        println!(
            "{} routine held by: {}",
            cases[0].id.split('-').next().unwrap_or(""),
            line.join(", ")
        );
    }
    (all, by_lang)
}

/// Per part (default profile): at most this many leaks, at least this share blocked, at most
/// this share held. Parts a, b, d, g, h, i, k, m, o and p are used for tuning; c, e, f, j, l, n
/// and q are held out (never looked at while tuning). Goals: 0, 0.95, 0.05.
const REACHED: &[(&str, usize, f64, f64)] = &[
    ("part-a.jsonl", 0, 0.999, 0.039),
    ("part-b.jsonl", 1, 0.987, 0.070),
    ("part-c.jsonl", 17, 0.837, 0.178),
    ("part-d.jsonl", 2, 0.987, 0.039),
    ("part-e.jsonl", 5, 0.987, 0.232),
    ("part-f.jsonl", 2, 0.987, 0.239),
    ("part-g.jsonl", 3, 0.975, 0.133),
    ("part-h.jsonl", 5, 0.987, 0.124),
    ("part-i.jsonl", 2, 0.913, 0.332),
    ("part-j.jsonl", 4, 0.887, 0.311),
    ("part-k.jsonl", 1, 0.987, 0.327),
    ("part-l.jsonl", 6, 0.812, 0.163),
    ("part-m.jsonl", 5, 0.881, 0.301),
    ("part-n.jsonl", 16, 0.900, 0.160),
    ("part-o.jsonl", 11, 0.965, 0.126),
    ("part-p.jsonl", 5, 0.880, 0.247),
    ("part-q.jsonl", 8, 0.965, 0.348),
];

#[test]
fn independent_parts_hold_the_figures_reached() {
    let parts = load_parts();
    if parts.is_empty() {
        println!("no parts in fixtures/assess/parts/");
        return;
    }
    let customers: BTreeMap<String, Customer> = load_customers().into_iter().collect();
    let default = parts_assessor(Profile::Default);
    let strict = parts_assessor(Profile::Strict);
    let mut failures = Vec::new();
    let mut problems = Vec::new();
    for (name, cases) in &parts {
        for (label, a, is_strict) in [("default", &default, false), ("strict", &strict, true)] {
            let (all, by_lang) = score_part(a, is_strict, &customers, cases, &mut problems);
            println!("{name} {label:7} all  {}", all.line());
            for (lang, s) in &by_lang {
                println!("{name} {label:7} {lang:4} {}", s.line());
            }
            if is_strict {
                continue;
            }
            let goal_met = all.leaked == 0 && all.blocked_rate() >= 0.95 && all.held_rate() <= 0.05;
            let reached = REACHED.iter().find(|r| r.0 == name.as_str());
            let holds = match reached {
                Some(&(_, leaks, blocked, held)) => {
                    all.leaked <= leaks
                        && all.blocked_rate() >= blocked - 1e-9
                        && all.held_rate() <= held + 1e-9
                }
                // A new part is held to the goals themselves.
                None => goal_met,
            };
            println!("{name} goals met: {goal_met}");
            if !holds {
                failures.push(format!("{name}: {}", all.line()));
            }
        }
    }
    for p in &problems {
        println!("{p}");
    }
    assert!(
        failures.is_empty(),
        "worse than the figures reached (REACHED): {failures:#?}"
    );
}

/// `ASSESS_ID=a-015 cargo test --test assess_parts explain_one -- --nocapture` prints how
/// one case was read, sentence by sentence, for tuning a policy.
#[test]
fn explain_one() {
    let customers: BTreeMap<String, Customer> = load_customers().into_iter().collect();
    let a = parts_assessor(Profile::Default);
    if let Ok(reply) = std::env::var("ASSESS_REPLY") {
        let e = a.explain(&AssessInput {
            customer: customers.get("C-10429"),
            post_author: "harbour_lights",
            post_text: "",
            reply: &reply,
        });
        let chars: Vec<char> = reply.chars().collect();
        println!("{:?} lang {:?}", e.assessment.decision, e.language);
        for s in &e.sentences {
            let text: String = chars[s.start..s.end].iter().collect();
            println!("  [{}] {text:?}", s.shape.join(","));
            if std::env::var("ASSESS_TERMS").is_ok() {
                for t in &s.terms {
                    let w: String = chars[t.start..t.end].iter().collect();
                    println!("      {} {w:?} {}", t.role, t.entry);
                }
            }
        }
        for d in &e.details {
            println!("  -> {} {} {:?}", d.class, d.entry, d.words);
        }
    }
    let Ok(ids) = std::env::var("ASSESS_ID") else {
        return;
    };
    let mut parts = load_parts();
    let older: Vec<PartCase> = assess_support::load_cases()
        .into_iter()
        .map(|c| PartCase {
            id: c.id,
            customer_id: c.customer_id,
            post_author: c.post_author,
            post_text: c.post_text,
            reply: c.reply,
            lang: String::new(),
            expected: c.expected,
            expected_strict: c.expected,
            tags: c.tags,
        })
        .collect();
    parts.push(("older".into(), older));
    for (_, cases) in parts {
        for c in cases.iter().filter(|c| ids.split(',').any(|id| id == c.id)) {
            let e = a.explain(&AssessInput {
                customer: c.customer_id.as_ref().and_then(|id| customers.get(id)),
                post_author: &c.post_author,
                post_text: &c.post_text,
                reply: &c.reply,
            });
            let chars: Vec<char> = c.reply.chars().collect();
            println!(
                "{} {:?} lang {:?} post {:?}",
                c.id, e.assessment.decision, e.language, c.post_text
            );
            for s in &e.sentences {
                let text: String = chars[s.start..s.end].iter().collect();
                println!("  [{}] {text:?}", s.shape.join(","));
                if std::env::var("ASSESS_TERMS").is_ok() {
                    for t in &s.terms {
                        let w: String = chars[t.start..t.end].iter().collect();
                        println!("      {} {w:?} {}", t.role, t.entry);
                    }
                }
            }
            for d in &e.details {
                println!("  -> {} {} {:?}", d.class, d.entry, d.words);
            }
        }
    }
}
