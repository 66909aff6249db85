//! A post's ranked candidates are stored beside its match, read back in rank order, replaced by a
//! new match, and refused for a post that is not stored.

use chrono::{NaiveDate, Utc};
use reviewgate::model::{
    AccountStatus, Candidate, Customer, Evidence, EvidenceKind, ExtractedPost,
};
use reviewgate::store::{PollRecord, PolledPost, Store, StoreError};

fn candidate(id: &str, confidence: f64) -> Candidate {
    Candidate {
        customer_id: id.into(),
        confidence,
        evidence: vec![Evidence {
            kind: EvidenceKind::Name,
            detail: format!("author name = account name of {id}"),
        }],
    }
}

fn store_with_post(dir: &std::path::Path) -> Store {
    let store = Store::open(&dir.join("rg.sqlite3")).unwrap();
    store
        .commit_poll(&PollRecord {
            source: "forum".into(),
            at: Utc::now(),
            posts: vec![PolledPost {
                post: ExtractedPost {
                    id: "p1".into(),
                    url: None,
                    author: "Jan Kowalski".into(),
                    published_at: None,
                    text: "Terrible service.".into(),
                    quotes: vec![],
                    truncated: false,
                    details: Default::default(),
                },
                relevant: true,
            }],
            ..PollRecord::default()
        })
        .unwrap();
    store
}

#[test]
fn candidates_round_trip_in_rank_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_post(dir.path());
    assert!(store.post_candidates("forum", "p1").unwrap().is_empty());
    let two = [candidate("C-3", 0.6), candidate("C-1", 0.55)];
    store.set_post_candidates("forum", "p1", &two).unwrap();
    assert_eq!(store.post_candidates("forum", "p1").unwrap(), two);
    store
        .set_post_candidates("forum", "p1", &[candidate("C-9", 0.7)])
        .unwrap();
    let now: Vec<String> = store
        .post_candidates("forum", "p1")
        .unwrap()
        .into_iter()
        .map(|c| c.customer_id)
        .collect();
    assert_eq!(now, ["C-9"]);
    let err = store
        .set_post_candidates("forum", "nope", &two)
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
    assert!(err.to_string().contains("nope"), "{err}");
}

#[test]
fn purge_removes_a_purged_account_from_every_candidate_list() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_post(dir.path());
    let account = |id: &str, cancelled: Option<NaiveDate>| Customer {
        id: id.into(),
        name: "Jan Kowalski".into(),
        emails: vec![],
        hosts: vec![],
        status: if cancelled.is_some() {
            AccountStatus::Cancelled
        } else {
            AccountStatus::Active
        },
        plan: None,
        created_at: None,
        cancelled_at: cancelled,
        facts: Default::default(),
    };
    let long_ago = NaiveDate::from_ymd_opt(2026, 1, 1);
    store
        .import_customers(
            [account("C-1", None), account("C-3", long_ago)].map(Ok::<_, std::convert::Infallible>),
            |_| {},
        )
        .unwrap();
    store
        .set_post_candidates(
            "forum",
            "p1",
            &[candidate("C-3", 0.6), candidate("C-1", 0.55)],
        )
        .unwrap();
    let counts = store
        .purge_cancelled(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap())
        .unwrap();
    assert_eq!(counts.accounts, 1);
    assert_eq!(counts.links, 1, "one candidate entry");
    let left: Vec<String> = store
        .post_candidates("forum", "p1")
        .unwrap()
        .into_iter()
        .map(|c| c.customer_id)
        .collect();
    assert_eq!(left, ["C-1"]);
}
