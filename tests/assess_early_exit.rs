//! The early exit of an assessment (`src/assess/fast.rs`) against the full reading: a reply in
//! which no rule can fire is routine without the language detector and the claim rules, and
//! that must never change an assessment. `explain` always reads in full, so `assess` (which may
//! exit early, also in its redaction passes) and `explain(..).assessment` must agree, on every
//! labelled reply and on arbitrary text; and the cheap scan must see each kind of thing a rule
//! reads.

mod assess_support;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use assess_support::{assessor, load_cases, load_customers, part_files, parts_assessor};
use proptest::prelude::*;
use reviewgate::assess::{early_exits, AssessInput, Assessor, Profile};
use reviewgate::model::{AccountStatus, Customer, Decision};
use serde_json::Value;

/// Asserts that `assess` and the full reading agree; returns whether `assess` exited early.
fn agrees(a: &Assessor, input: &AssessInput<'_>, what: &str) -> bool {
    let before = early_exits();
    let fast = a.assess(input);
    let exited = early_exits().replies_exited > before.replies_exited;
    let full = a.explain(input).assessment;
    assert_eq!(fast, full, "{what}: the early exit changed the assessment");
    exited
}

#[test]
fn early_exit_agrees_with_the_full_reading_on_every_labelled_reply() {
    let customers = load_customers();
    let mut checked = 0;
    let mut exited = 0;
    // The parts (held-out ones included: only their ids are named, never their text).
    let files = part_files();
    for profile in [Profile::Default, Profile::Strict] {
        let a = parts_assessor(profile);
        for path in &files {
            let text = std::fs::read_to_string(path).expect("part file");
            for (n, line) in text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                let v: Value = serde_json::from_str(line).expect("part line");
                let s = |k: &str| v[k].as_str().unwrap_or_default();
                let customer = v["customer_id"].as_str().and_then(|id| customers.get(id));
                let input = AssessInput {
                    customer,
                    post_author: s("post_author"),
                    post_text: s("post_text"),
                    reply: s("reply"),
                };
                let what = format!("{}:{} ({})", path.display(), n + 1, s("id"));
                exited += usize::from(agrees(&a, &input, &what));
                checked += 1;
            }
        }
    }
    let a = assessor();
    for c in load_cases() {
        let input = AssessInput {
            customer: c.customer_id.as_ref().and_then(|id| customers.get(id)),
            post_author: &c.post_author,
            post_text: &c.post_text,
            reply: &c.reply,
        };
        exited += usize::from(agrees(&a, &input, &c.id));
        checked += 1;
    }
    let e = early_exits();
    eprintln!(
        "{exited} of {checked} labelled replies exited early; {} of {} redaction passes",
        e.passes_exited, e.passes
    );
    assert!(checked > 1_500, "only {checked} labelled replies found");
    assert!(exited > 0, "no labelled reply took the early exit");
}

/// An account with a value of each kind, for the scan to see.
fn customer() -> Customer {
    Customer {
        id: "c-1".into(),
        name: "Maria Huber".into(),
        emails: vec!["maria.huber@example.org".into()],
        hosts: vec!["huber-bau.example".into()],
        status: AccountStatus::Active,
        plan: Some("Business Pro".into()),
        created_at: None,
        cancelled_at: None,
        facts: BTreeMap::new(),
    }
}

/// What the cheap scan must see: each reply has one thing a rule reads, in a sentence that is
/// otherwise inert ("we", "please", "never"), and must be read in full. The replies that exit
/// show the scan does not refuse everything.
#[test]
fn the_cheap_scan_sees_what_every_rule_reads() {
    let a = assessor();
    let c = customer();
    let must_read: &[(&str, &str)] = &[
        ("second person, en", "We are sorry about your trouble."),
        ("second person, de", "Wir bedauern Ihren Ärger sehr."),
        ("second person, fr", "Nous regrettons votre problème."),
        ("second person, es", "Lamentamos su problema."),
        ("account term", "We never discuss invoices here."),
        ("entrusted term", "We keep the mailbox backups."),
        ("access verb", "We looked at it."),
        ("relationship", "We value every customer."),
        ("date word", "We will reply in March."),
        ("digits", "We answered 2000 tickets."),
        ("number in words", "We answered four tickets."),
        ("digit spelled", "Please call plus four four one two three."),
        ("Spanish holding verb", "Es la tarifa que tiene, sin más."),
        ("account name", "We are sorry, Maria."),
        ("account plan", "We are sorry about Business Pro."),
        (
            "account email",
            "Please write to maria.huber@example.org now.",
        ),
        (
            "account host",
            "We are sorry about huber-bau.example today.",
        ),
        ("poster handle", "We are sorry, pixelfox."),
        ("handle in words", "We are sorry, pixel fox."),
        ("any email", "Please write to jo@example.net now."),
        (
            "obfuscated email",
            "Please write to jo at example dot net now.",
        ),
        ("a host", "We are sorry about shop.example.net today."),
        ("an address", "We are sorry about 203.0.113.9 today."),
        ("a phone", "Please call +49 30 5550123 now."),
        ("a path", "We are sorry about /home/jo/site today."),
        ("a given name", "We are sorry, Anna Berg."),
        ("a title", "We are sorry, Mr. Smith."),
    ];
    for (what, reply) in must_read {
        let input = AssessInput {
            customer: Some(&c),
            post_author: "pixelfox",
            post_text: "Terrible scanner.",
            reply,
        };
        assert!(!agrees(&a, &input, what), "{what}: {reply:?} exited early");
    }
    let may_exit: &[&str] = &[
        "We are sorry for the trouble.",
        "We are glad to hear that.",
        "We never do that.",
        "Thanks, we are on it.",
    ];
    for reply in may_exit {
        let input = AssessInput {
            customer: Some(&c),
            post_author: "pixelfox",
            post_text: "Terrible scanner.",
            reply,
        };
        assert!(agrees(&a, &input, reply), "{reply:?} did not exit early");
        assert_eq!(a.assess(&input).decision, Decision::Routine);
    }
}

/// Replies built from words of every kind the rules read, inert words around them, and any
/// character at all.
fn reply_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "we",
        "We",
        "our team",
        "are",
        "sorry",
        "please",
        "never",
        "not",
        "will",
        "should",
        "the",
        "for",
        "trouble",
        "help",
        "thanks",
        "gladly",
        "to",
        "us",
        "your",
        "you",
        "Ihr",
        "Sie",
        "votre",
        "vous",
        "su",
        "usted",
        "que",
        "tiene",
        "plan",
        "invoice",
        "customer",
        "Kunde",
        "cliente",
        "backups",
        "mailbox",
        "logs",
        "looked",
        "found",
        "records",
        "March",
        "four",
        "cuatro",
        "plus",
        "oh",
        "2019",
        "Maria",
        "Huber",
        "Business Pro",
        "pixelfox",
        "pixel fox",
        "Anna Berg",
        "Mr.",
        "maria.huber@example.org",
        "huber-bau.example",
        "jo at example dot net",
        "203.0.113.9",
        "/home/jo",
        ".",
        ",",
        "?",
        "!",
        "\n",
        "> ",
        "```",
        "`",
        "[redacted]",
        " ",
        "\u{200b}",
        "Ｍａｒｉａ",
    ]);
    prop::collection::vec(
        prop_oneof![
            4 => pieces.prop_map(String::from),
            1 => any::<char>().prop_map(String::from),
        ],
        0..24,
    )
    .prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn early_exit_agrees_with_the_full_reading_on_arbitrary_text(
        reply in reply_text(),
        matched in any::<bool>(),
        strict in any::<bool>(),
    ) {
        static ASSESSORS: OnceLock<(Assessor, Assessor)> = OnceLock::new();
        let (default, strict_one) =
            ASSESSORS.get_or_init(|| (assessor(), parts_assessor(Profile::Strict)));
        let a = if strict { strict_one } else { default };
        let c = customer();
        let input = AssessInput {
            customer: matched.then_some(&c),
            post_author: "pixelfox",
            post_text: "Terrible scanner, Maria.",
            reply: &reply,
        };
        agrees(a, &input, &reply);
    }
}
