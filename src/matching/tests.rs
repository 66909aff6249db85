//! Unit tests of the matcher on small, hand-written account sets.

use super::*;
use crate::model::{AccountStatus, EvidenceKind};

fn customer(id: &str, name: &str, emails: &[&str], hosts: &[&str]) -> Customer {
    Customer {
        id: id.into(),
        name: name.into(),
        emails: emails.iter().map(|s| s.to_string()).collect(),
        hosts: hosts.iter().map(|s| s.to_string()).collect(),
        status: AccountStatus::Active,
        plan: None,
        created_at: None,
        cancelled_at: None,
        facts: Default::default(),
    }
}

fn matcher() -> Matcher {
    let customers = vec![
        customer(
            "C-1",
            "Jan Kowalski",
            &["jan@example-shop.de"],
            &["shop.example-shop.de", "203.0.113.5"],
        ),
        customer(
            "C-2",
            "Eva Schmidt",
            &["eva.schmidt@gmail.com"],
            &["198.51.100.7"],
        ),
        customer("C-3", "Jan Kowalski", &["jk1977@web.de"], &[]),
        customer("C-4", "Bytewarden", &["bytewarden941@gmail.com"], &[]),
        customer("C-5", "Acme GmbH", &["info@acme.de"], &["acme.de"]),
        customer("C-6", "Acme Online", &["kontakt@acme-online.de"], &[]),
        customer("C-7", "Shared One", &["a@shared-host.net"], &["192.0.2.10"]),
        customer("C-8", "Shared Two", &["b@shared-host.net"], &["192.0.2.10"]),
        customer(
            "C-9",
            "Staff Test",
            &["tester@smartsecurityscan.com"],
            &["scan.smartsecurityscan.com"],
        ),
    ];
    Matcher::new(
        customers,
        &MatchingConfig::default(),
        &["smartsecurityscan.com".to_string()],
    )
}

fn linked(m: &Option<Match>) -> Option<&str> {
    m.as_ref()
        .filter(|m| m.status == MatchStatus::Linked)
        .map(|m| m.customer_id.as_str())
}

#[test]
fn obfuscated_email_links_with_written_form() {
    let m = matcher().match_post(
        "someone",
        "Contact me: jan (at) example-shop (dot) de. Scan broke my shop.",
    );
    assert_eq!(linked(&m), Some("C-1"));
    let ev = &m.unwrap().evidence[0];
    assert_eq!(ev.kind, EvidenceKind::Email);
    assert_eq!(
        ev.detail,
        "jan@example-shop.de (written \"jan (at) example-shop (dot) de\")"
    );
}

#[test]
fn defanged_ip_and_host_link() {
    assert_eq!(
        linked(&matcher().match_post("x", "my server 203.000.113[.]005 is flagged")),
        Some("C-1")
    );
    assert_eq!(
        linked(&matcher().match_post("x", "see hxxps://shop[.]example-shop[.]de/cart")),
        Some("C-1")
    );
}

#[test]
fn look_alike_domain_does_not_match() {
    let m = matcher().match_post("x", "acme-shop.de and acmeonline.de are not ours");
    assert!(m.is_none(), "{m:?}");
    let m = matcher().match_post("x", "our site acme.de is blocked");
    assert_eq!(linked(&m), Some("C-5"));
}

#[test]
fn vendor_domain_never_counts() {
    let m = matcher().match_post(
        "x",
        "I mailed tester@smartsecurityscan.com and scan.smartsecurityscan.com",
    );
    assert!(m.is_none(), "{m:?}");
}

#[test]
fn shared_ip_and_namesakes_are_not_guessed() {
    assert!(matcher()
        .match_post("x", "server 192.0.2.10 blocked")
        .map_or(true, |m| m.status != MatchStatus::Linked));
    // Two accounts named Jan Kowalski: shown to a human as two ranked candidates, never guessed.
    let r = matcher().match_ranked("Jan Kowalski", "Terrible service.");
    let m = r.matched.expect("a candidate");
    assert_eq!(m.status, MatchStatus::Candidate);
    let mut ids: Vec<&str> = r
        .candidates
        .iter()
        .map(|c| c.customer_id.as_str())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ["C-1", "C-3"]);
}

#[test]
fn context_separates_namesakes_but_never_links_alone() {
    let mut customers = vec![
        customer("C-1", "Jan Kowalski", &["jan@example-shop.de"], &[]),
        customer("C-3", "Jan Kowalski", &["jk1977@web.de"], &[]),
    ];
    customers[0].plan = Some("Web Guard".into());
    customers[0].facts.insert("city".into(), "Poznań".into());
    customers[1].plan = Some("Starter".into());
    customers[1].facts.insert("city".into(), "Kraków".into());
    let m = Matcher::new(customers, &MatchingConfig::default(), &[]);
    let r = m.match_ranked("Jan Kowalski", "On Web Guard here in Poznan, scans broke.");
    let best = r.matched.expect("a candidate");
    assert_eq!(
        (best.customer_id.as_str(), best.status),
        ("C-1", MatchStatus::Candidate)
    );
    assert!(r.candidates.is_empty(), "{:?}", r.candidates);
    assert!(best
        .evidence
        .iter()
        .any(|e| e.kind == EvidenceKind::Context));
    // Context with no name or handle points at nobody.
    assert!(m
        .match_post("someone", "On Web Guard here in Poznan.")
        .is_none());
}

#[test]
fn handles_built_from_names_and_local_parts() {
    let m = Matcher::new(
        vec![
            customer("C-1", "Frank Möller", &["frankm@proton.me"], &[]),
            customer("C-2", "Petra Voigt", &["petravoigt@gmx.de"], &[]),
            customer("C-3", "Marta León", &["ironfernz@yahoo.es"], &[]),
        ],
        &MatchingConfig::default(),
        &[],
    );
    for (handle, id) in [
        ("frank-moeller", "C-1"),
        ("fmoeller", "C-1"),
        ("voigt.p", "C-2"),
        ("petravoigt_dev", "C-2"),
        ("m4rta_le0n", "C-3"),
    ] {
        let got = m.match_post(handle, "Worst scanner ever.");
        assert_eq!(
            got.as_ref().map(|m| m.customer_id.as_str()),
            Some(id),
            "{handle}: {got:?}"
        );
        assert_eq!(got.unwrap().status, MatchStatus::Candidate);
    }
}

#[test]
fn handle_alone_is_only_a_candidate() {
    let m = matcher()
        .match_post("bytewarden941", "Worst scanner ever.")
        .expect("candidate");
    assert_eq!(
        (m.customer_id.as_str(), m.status),
        ("C-4", MatchStatus::Candidate)
    );
    assert_eq!(m.evidence[0].kind, EvidenceKind::Handle);
}

#[test]
fn free_mail_domain_is_not_evidence() {
    assert!(matcher()
        .match_post("x", "I use gmail.com like everyone")
        .is_none());
    assert_eq!(
        linked(&matcher().match_post("x", "eva.schmidt@gmail.com here")),
        Some("C-2")
    );
}

#[test]
fn quoted_addresses_are_not_the_authors() {
    let text = "> jan@example-shop.de wrote that the scan failed\nSame here.";
    assert!(matcher().match_post("x", text).is_none());
    let text = "Eva Schmidt wrote:\nmy IP 198.51.100.7 is blocked\n\nSame problem for me.";
    assert!(matcher().match_post("x", text).is_none());
}

#[test]
fn two_accounts_with_strong_evidence_are_not_linked() {
    let m = matcher().match_post(
        "x",
        "jan@example-shop.de and eva.schmidt@gmail.com both affected",
    );
    assert!(m.map_or(true, |m| m.status != MatchStatus::Linked));
}

#[test]
fn len_counts_accounts() {
    assert_eq!(matcher().len(), 9);
}

#[test]
fn author_identity_of_another_account_blocks_the_link() {
    // bytewarden941 (C-4) posting Eva's address: about Eva, maybe, but not surely by her.
    let m = matcher()
        .match_post(
            "bytewarden941",
            "eva.schmidt@gmail.com has the same problem",
        )
        .expect("candidate");
    assert_eq!(
        (m.customer_id.as_str(), m.status),
        ("C-2", MatchStatus::Candidate)
    );
    // A matching signature adds to a strong identifier of the same account.
    let m = matcher()
        .match_post("x", "Server 198.51.100.7 blocked.\n\nRegards,\nEva Schmidt")
        .expect("linked");
    assert_eq!(
        (m.customer_id.as_str(), m.status),
        ("C-2", MatchStatus::Linked)
    );
    assert_eq!(
        m.evidence.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [EvidenceKind::Ip, EvidenceKind::Name]
    );
}

fn with_context(
    c: &mut Customer,
    plan: &str,
    year: i32,
    city: Option<&str>,
    country: Option<&str>,
) {
    c.plan = Some(plan.into());
    c.created_at = chrono::NaiveDate::from_ymd_opt(year, 5, 1);
    if let Some(city) = city {
        c.facts.insert("city".into(), city.into());
    }
    if let Some(country) = country {
        c.facts.insert("country".into(), country.into());
    }
}

fn offered(r: &Ranked) -> Vec<&str> {
    let mut ids: Vec<&str> = r
        .candidates
        .iter()
        .map(|c| c.customer_id.as_str())
        .collect();
    if let Some(m) = &r.matched {
        if !ids.contains(&m.customer_id.as_str()) {
            ids.insert(0, &m.customer_id);
        }
    }
    ids
}

#[test]
fn initials_count_only_with_context_that_agrees() {
    let mut a = customer("C-1", "Julien Denis", &["julien.denis88@laposte.net"], &[]);
    with_context(&mut a, "Web Guard", 2021, Some("Nice"), None);
    let mut b = customer("C-2", "Arjun Joshi", &["arjunj@outlook.com"], &[]);
    with_context(&mut b, "Business Pro", 2018, Some("Ahmedabad"), None);
    let mut c = customer("C-3", "Jana Dvořák", &["jana@example.cz"], &[]);
    with_context(&mut c, "Starter", 2012, Some("Brno"), None);
    let m = Matcher::new(vec![a, b, c], &MatchingConfig::default(), &[]);
    // Initials alone make nobody a candidate, even when one account has them.
    assert!(m.match_post("a.j.", "Worst scanner ever.").is_none());
    assert!(m.match_post("j.d.", "Worst scanner ever.").is_none());
    // With the account's city and start year they point at it, and only at it.
    let r = m.match_ranked("j.d.", "Customer since 2021. greetings from Nice i guess.");
    assert_eq!(offered(&r), ["C-1"], "{r:?}");
    // A place after the initials is read as context too.
    let r = m.match_ranked("AJ_Ahmedabad", "On Business Pro since 2018, it suits.");
    assert_eq!(offered(&r), ["C-2"], "{r:?}");
}

#[test]
fn a_handle_with_other_digits_can_still_be_built_from_the_name() {
    let mut a = customer("C-1", "Kayla Reed", &["kreed1972@gmail.com"], &[]);
    with_context(&mut a, "Web Guard", 2015, None, Some("United States"));
    let m = Matcher::new(vec![a], &MatchingConfig::default(), &[]);
    let r = m.match_ranked("K.ReEd3", "been with them since 2015. what a joke");
    assert_eq!(offered(&r), ["C-1"], "{r:?}");
    // Signed with another full name, the same handle is someone else.
    let r = m.match_ranked("kreed72", "Fine API.\n\nKyle Reed / Sacramento");
    assert!(offered(&r).is_empty(), "{r:?}");
}

#[test]
fn a_trailing_place_word_is_dropped_from_a_handle() {
    let mut a = customer("C-1", "Thomas Müller", &["thomas.muller@gmail.com"], &[]);
    with_context(&mut a, "Enterprise Shield", 2020, Some("Berlin"), None);
    let mut b = customer("C-2", "Thomas Müller", &["t.mueller@mueller-et.de"], &[]);
    with_context(&mut b, "Starter", 2014, Some("Wien"), None);
    let m = Matcher::new(vec![a, b], &MatchingConfig::default(), &[]);
    let r = m.match_ranked(
        "thomas.mueller.berlin",
        "wir sind seit 2020 Enterprise-Shield-Kunde hier in Berlin.",
    );
    assert_eq!(offered(&r), ["C-1"], "{r:?}");
}

#[test]
fn a_country_does_not_speak_against_an_account_that_gives_only_its_city() {
    let mut a = customer("C-1", "Marie Martin", &["marie.martin@yahoo.fr"], &[]);
    with_context(&mut a, "Business Pro", 2012, Some("Lyon"), Some("France"));
    let mut b = customer("C-2", "Marie Martin", &["marie.martin@orange.fr"], &[]);
    with_context(&mut b, "Mail Shield", 2019, Some("Nantes"), None);
    let mut c = customer("C-3", "Marie Martin", &["mm@example.be"], &[]);
    with_context(&mut c, "Starter", 2016, Some("Namur"), Some("Belgique"));
    let m = Matcher::new(vec![a, b, c], &MatchingConfig::default(), &[]);
    let r = m.match_ranked(
        "Marie Martin",
        "je suis cliente en France et j'ai une question.",
    );
    let got = offered(&r);
    assert!(got.contains(&"C-1") && got.contains(&"C-2"), "{r:?}");
    assert!(!got.contains(&"C-3"), "{r:?}");
}

#[test]
fn a_handle_that_is_the_name_is_not_counted_twice_with_the_name() {
    let mut a = customer("C-1", "Ian Moore", &["ianmoore@hotmail.co.uk"], &[]);
    with_context(&mut a, "Business Pro", 2026, None, Some("United Kingdom"));
    let m = Matcher::new(vec![a], &MatchingConfig::default(), &[]);
    // Handle and name agree, but they are one piece of evidence; the start is seven years off.
    let r = m.match_ranked(
        "ianmoore_to",
        "I'm Ian Moore, from Toronto, customer since 2019. We pay in USD.",
    );
    assert!(offered(&r).is_empty(), "{r:?}");
    // Without the contradiction the same handle and name offer the account.
    let r = m.match_ranked("ianmoore_to", "I'm Ian Moore. We pay in USD.");
    assert_eq!(offered(&r), ["C-1"], "{r:?}");
}

/// `n` accounts named "Jan Kowalski" with their own addresses; the first also on "Web Guard".
fn namesakes(n: usize) -> Matcher {
    let customers = (0..n).map(|i| {
        let mut c = customer(
            &format!("C-{i}"),
            "Jan Kowalski",
            &[&format!("jk{i}@web.de")],
            &[],
        );
        c.plan = Some(if i == 0 { "Web Guard" } else { "Starter" }.into());
        c
    });
    Matcher::new(customers, &MatchingConfig::default(), &[])
}

#[test]
fn a_name_more_accounts_share_than_can_be_shown_is_no_candidate() {
    // A rare full name is a candidate; two or three namesakes are all shown.
    for n in 1..=3 {
        let r = namesakes(n).match_ranked("Jan Kowalski", "Terrible service.");
        assert!(r.matched.is_some(), "{n} namesakes");
        assert_eq!(r.candidates.len(), if n == 1 { 0 } else { n }, "{n}: {r:?}");
    }
    // Four or more fit equally: showing three of them would hide the others as if the three
    // were all there is, and picking three is a guess. The name alone is then no candidate.
    for n in [4, 5, 8, 20] {
        let r = namesakes(n).match_ranked("Jan Kowalski", "Terrible service.");
        assert!(r.matched.is_none() && r.candidates.is_empty(), "{n}: {r:?}");
    }
    // Context that tells one of them apart still makes it a candidate.
    let r = namesakes(5).match_ranked("Jan Kowalski", "On Web Guard, scans broke.");
    assert_eq!(r.matched.map(|m| m.customer_id).as_deref(), Some("C-0"));
}

#[test]
fn an_incident_day_the_post_states_tells_namesakes_apart_but_never_links() {
    let mut customers = vec![
        customer("C-1", "Jan Kowalski", &["jan@example-shop.de"], &[]),
        customer("C-3", "Jan Kowalski", &["jk1977@web.de"], &[]),
        customer("C-4", "Eva Nowak", &["eva@nowak.example"], &[]),
    ];
    customers[1]
        .facts
        .insert("incidents".into(), "2026-01-14;2025-11-19".into());
    customers[2]
        .facts
        .insert("incidents".into(), "2026-01-14".into());
    let m = Matcher::new(customers, &MatchingConfig::default(), &[]);
    let r = m.match_ranked("Jan Kowalski", "Der Ausfall am 14. Januar war der Gipfel.");
    let best = r.matched.expect("a candidate");
    assert_eq!(
        (best.customer_id.as_str(), best.status),
        ("C-3", MatchStatus::Candidate)
    );
    assert!(
        best.evidence
            .iter()
            .any(|e| e.kind == EvidenceKind::Context && e.detail == "incident on 2026-01-14 stated"),
        "{best:?}"
    );
    // Shared by two accounts, it still counts; alone, with no name or handle, it points at nobody.
    assert!(m
        .match_post("someone", "Der Ausfall am 14. Januar war der Gipfel.")
        .is_none());
    // Another day: the namesakes stay together.
    let r = m.match_ranked("Jan Kowalski", "The outage on 3 March was the worst.");
    assert_eq!(r.candidates.len(), 2, "{r:?}");
}
