//! Property tests: the assessment never panics on arbitrary Unicode, its spans are always valid
//! character offsets into the reply, and redaction always yields a routine text.

mod assess_support;

use assess_support::{assessor, load_customers};
use proptest::prelude::*;
use reviewgate::assess::AssessInput;
use reviewgate::model::Decision;

/// Text that mixes account values, rule words and hostile Unicode, so the interesting paths run.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Jana",
        "Kowalczyk",
        "jana.k@kowalczyk-design.de",
        "198.051.100.023/24",
        "shop[.]kowalczyk-design[.]de",
        "you were suspended",
        "your inbox",
        "we found",
        "files",
        " ",
        "\n",
        "\u{200b}",
        "\u{0301}",
        "ﬁ",
        "Ｊ",
        "ß",
        "(at)",
        "[dot]",
        " dot ",
        "@",
        ".",
        "'",
        "’",
        "j a n a",
        "2019-05-14",
        "+49 30 5550123",
        "/home/x/a.sql",
        "\u{202e}",
        "😀",
        "İ",
        "ǅ",
        "\u{fe0f}",
        "ё",
        "Ω",
        "never",
        "according to our records",
        ",",
        "?",
        "#4821",
    ]);
    prop::collection::vec(
        prop_oneof![
            pieces.prop_map(String::from),
            any::<char>().prop_map(String::from)
        ],
        0..40,
    )
    .prop_map(|v| v.concat())
}

fn check(reply: &str, post: &str, author: &str, with_customer: bool) -> Result<(), TestCaseError> {
    let customers = load_customers();
    let customer = customers.get("C-10429").filter(|_| with_customer);
    let a = assessor();
    let input = AssessInput {
        customer,
        post_author: author,
        post_text: post,
        reply,
    };
    let got = a.assess(&input);
    let n = reply.chars().count();
    for f in &got.findings {
        prop_assert!(
            f.start <= f.end && f.end <= n,
            "bad span {:?} in {:?} ({} chars)",
            f,
            reply,
            n
        );
    }
    prop_assert_eq!(got.findings.is_empty(), got.decision == Decision::Routine);
    if got.decision == Decision::Routine {
        prop_assert_eq!(&got.redacted, reply);
    } else {
        let again = a.assess(&AssessInput {
            reply: &got.redacted,
            ..input
        });
        prop_assert_eq!(
            again.decision,
            Decision::Routine,
            "redacted {:?} of {:?}",
            got.redacted,
            reply
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_unicode_never_panics(reply in "\\PC*", post in "\\PC{0,40}", author in "\\PC{0,12}", with in any::<bool>()) {
        check(&reply, &post, &author, with)?;
    }

    #[test]
    fn explanations_have_valid_spans_in_both_profiles(reply in "\\PC*", post in "\\PC{0,40}", strict in any::<bool>()) {
        let profile = if strict {
            reviewgate::assess::Profile::Strict
        } else {
            reviewgate::assess::Profile::Default
        };
        let a = assess_support::parts_assessor(profile);
        let e = a.explain(&AssessInput { customer: None, post_author: "x", post_text: &post, reply: &reply });
        let n = reply.chars().count();
        for s in &e.sentences {
            prop_assert!(s.start <= s.end && s.end <= n, "sentence {}..{} of {} chars", s.start, s.end, n);
        }
        for d in &e.details {
            prop_assert!(d.finding.start <= d.finding.end && d.finding.end <= n, "finding {:?}", d.finding);
        }
        prop_assert_eq!(e.details.len(), e.assessment.findings.len());
    }

    #[test]
    fn tricky_text_keeps_spans_valid(reply in tricky_text(), post in tricky_text(), author in "[a-zA-Z_ ]{0,12}") {
        check(&reply, &post, &author, true)?;
    }
}
