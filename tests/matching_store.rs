//! A post's ranked candidates are stored beside its match, read back in rank order, replaced by a
//! new match, and refused for a post that is not stored.

use chrono::Utc;
use reviewgate::model::{Candidate, Evidence, EvidenceKind, ExtractedPost};
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

#[test]
fn candidates_round_trip_in_rank_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("rg.sqlite3")).unwrap();
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
                },
                relevant: true,
            }],
            ..PollRecord::default()
        })
        .unwrap();
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
