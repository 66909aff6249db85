//! The matcher never panics on arbitrary input, and what it returns is always well-formed.

use proptest::prelude::*;
use reviewgate::config::MatchingConfig;
use reviewgate::matching::Matcher;
use reviewgate::model::{AccountStatus, Customer, MatchStatus};

fn matcher() -> Matcher {
    let c = |id: &str, name: &str, email: &str, hosts: &[&str]| Customer {
        id: id.into(),
        name: name.into(),
        emails: vec![email.into()],
        hosts: hosts.iter().map(|h| h.to_string()).collect(),
        status: AccountStatus::Active,
        plan: None,
        created_at: None,
        cancelled_at: None,
        facts: Default::default(),
    };
    Matcher::new(
        vec![
            c(
                "C-1",
                "Jan Kowalski",
                "jan@example-shop.de",
                &["shop.example-shop.de", "203.0.113.5"],
            ),
            c(
                "C-2",
                "Ewa Nowak",
                "ewa\u{1f}@gmail.com",
                &["2001:db8::7", "not a host", ""],
            ),
            c("C-3", "", "", &["010.001.002.003/24"]),
        ],
        &MatchingConfig::default(),
        &["smartsecurityscan.com".to_string()],
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn never_panics_and_stays_in_range(
        author in "\\PC{0,30}",
        text in "\\PC{0,120}|(> |[a-z ]{0,8}wrote:\n)?[a-z0-9@.\\[\\]() \n]{0,80}",
    ) {
        let m = matcher();
        if let Some(r) = m.match_post(&author, &text) {
            prop_assert!((0.5..=1.0).contains(&r.confidence), "{:?}", r);
            prop_assert!(!r.evidence.is_empty());
            prop_assert!(r.status == MatchStatus::Candidate || r.confidence >= 0.9);
        }
    }
}

#[test]
fn odd_account_values_are_indexed_canonically() {
    let m = matcher();
    assert_eq!(m.len(), 3);
    let r = m
        .match_post("x", "blocked: 10.1.2.3")
        .expect("zero-padded CIDR host of C-3");
    assert_eq!(
        (r.customer_id.as_str(), r.status),
        ("C-3", MatchStatus::Linked)
    );
    let r = m
        .match_post("x", "my v6 is 2001:0db8:0:0::7")
        .expect("IPv6 of C-2");
    assert_eq!(r.customer_id, "C-2");
}
