//! Context never hides a disclosure: every disclosing reply of the labelled set, wrapped in
//! routine sentences (before, after, joined without a full stop), is still held; and routine
//! replies joined together stay routine.

mod assess_support;

use assess_support::{assessor, load_cases, load_customers};
use reviewgate::assess::AssessInput;
use reviewgate::model::Decision;

const WRAPS: &[(&str, &str)] = &[
    (
        "Thanks for taking the time to write this. ",
        " We hope to hear from you soon.",
    ),
    ("We never read customers' mail, and ", ""),
    (
        "Sorry to hear that, ",
        " Please contact support@smartsecurityscan.com.",
    ),
    ("", "\n\nKind regards,\nThe Smart Security Scan team"),
    ("Your data is encrypted and we don't share it; ", ""),
    (
        "Hi there! ",
        ", which we would normally never discuss in public.",
    ),
    ("If you want, we can talk privately. But ", ""),
];

#[test]
fn context_does_not_hide_disclosures() {
    let customers = load_customers();
    let cases = load_cases();
    let a = assessor();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (i, case) in cases.iter().enumerate() {
        let customer = case.customer_id.as_ref().and_then(|id| customers.get(id));
        let (pre, post) = WRAPS[i % WRAPS.len()];
        let reply = format!("{pre}{}{post}", case.reply);
        let got = a.assess(&AssessInput {
            customer,
            post_author: &case.post_author,
            post_text: &case.post_text,
            reply: &reply,
        });
        checked += 1;
        let ok = match case.expected {
            Decision::Routine => got.decision == Decision::Routine,
            Decision::NeedsReview => got.decision != Decision::Routine,
            Decision::Blocked => got.decision == Decision::Blocked,
        };
        if !ok {
            failures.push(format!(
                "{} expected {:?} got {:?}: {reply:?}",
                case.id, case.expected, got.decision
            ));
        }
    }
    println!("{checked} wrapped replies, {} off", failures.len());
    for f in &failures {
        println!("{f}");
    }
    let leaks = failures
        .iter()
        .filter(|f| f.contains("got Routine") && !f.contains("expected Routine"))
        .count();
    assert_eq!(leaks, 0, "wrapping hid a disclosure");
    assert!(
        failures.len() * 100 <= checked * 2,
        "more than 2% changed decision when wrapped"
    );
}
