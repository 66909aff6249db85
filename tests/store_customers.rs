//! Customer accounts in a real database: upsert counts, a bad row stopping the import, and the
//! retention purge removing old cancelled accounts together with every link to them.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{NaiveDate, Utc};
use reviewgate::customers;
use reviewgate::model::{
    AccountStatus, Assessment, Customer, Decision, ExtractedPost, Finding, Match, MatchStatus, Post,
};
use reviewgate::queue::{Actor, FlagKind, MatchState, Queue, State};
use reviewgate::store::{OutboxKind, PollRecord, PolledPost, Store, StoreError};

fn account(id: &str, cancelled_at: Option<NaiveDate>) -> Customer {
    Customer {
        id: id.into(),
        name: format!("Name {id}"),
        emails: vec![format!("{}@example.org", id.to_lowercase())],
        hosts: vec![],
        status: if cancelled_at.is_some() {
            AccountStatus::Cancelled
        } else {
            AccountStatus::Active
        },
        plan: Some("Pro".into()),
        created_at: NaiveDate::from_ymd_opt(2020, 1, 1),
        cancelled_at,
        facts: BTreeMap::from([("phone".to_string(), "+49 30 1".to_string())]),
    }
}

fn ok(c: Customer) -> Result<Customer, std::convert::Infallible> {
    Ok(c)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn import_counts_inserted_updated_unchanged() {
    let store = Store::open_in_memory().unwrap();
    let mut seen = Vec::new();
    let counts = store
        .import_customers([account("C-1", None), account("C-2", None)].map(ok), |n| {
            seen.push(n)
        })
        .unwrap();
    assert_eq!(
        (counts.inserted, counts.updated, counts.unchanged),
        (2, 0, 0)
    );
    assert_eq!(seen.last(), Some(&2));
    let mut changed = account("C-2", None);
    changed.hosts = vec!["new.example".into()];
    let counts = store
        .import_customers([account("C-1", None), changed.clone()].map(ok), |_| {})
        .unwrap();
    assert_eq!(
        (counts.inserted, counts.updated, counts.unchanged),
        (0, 1, 1)
    );
    assert_eq!(store.customer("C-2").unwrap(), Some(changed));
    assert_eq!(store.customer_count().unwrap(), 2);
    assert_eq!(store.customers().unwrap()[0], account("C-1", None));
}

#[test]
fn import_from_a_checked_file() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/customers/good.csv");
    customers::check(&path).unwrap();
    let store = Store::open_in_memory().unwrap();
    let counts = store
        .import_customers(customers::open(&path).unwrap(), |_| {})
        .unwrap();
    assert_eq!(counts.inserted, 3);
    let bernd = store.customer("C-10429").unwrap().unwrap();
    assert_eq!(bernd.facts["support_tier"], "gold");
}

#[test]
fn bad_row_stops_import_and_names_the_database() {
    let store = Store::open_in_memory().unwrap();
    let rows: Vec<Result<Customer, String>> =
        vec![Ok(account("C-1", None)), Err("line 3: bad status".into())];
    let err = store.import_customers(rows, |_| {}).unwrap_err();
    assert!(
        matches!(err, StoreError::ImportInput { imported: 0, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("line 3: bad status"));
    assert_eq!(
        store.customer_count().unwrap(),
        0,
        "the batch in progress is rolled back"
    );
}

fn reply_assessment() -> Assessment {
    Assessment {
        decision: Decision::NeedsReview,
        findings: vec![Finding {
            kind: "email".into(),
            field: Some("email".into()),
            start: 12,
            end: 27,
        }],
        redacted: "We wrote to [email].".into(),
    }
}

#[test]
fn purge_removes_old_cancelled_accounts_and_every_link() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("rg.sqlite3")).unwrap();
    let today = date(2026, 11, 29);
    let accounts = [
        account("C-OLD", Some(date(2026, 10, 29))), // 31 days: purged
        account("C-EDGE", Some(date(2026, 10, 30))), // exactly 30 days: kept
        account("C-RECENT", Some(date(2026, 11, 20))), // kept
        account("C-ACTIVE", None),
    ];
    store.import_customers(accounts.map(ok), |_| {}).unwrap();

    let extracted = |id: &str| PolledPost {
        post: ExtractedPost {
            id: id.into(),
            url: None,
            author: "x".into(),
            published_at: None,
            text: "t".into(),
            quotes: vec![],
            truncated: false,
            details: Default::default(),
        },
        relevant: true,
    };
    store
        .commit_poll(&PollRecord {
            source: "forum".into(),
            at: Utc::now(),
            posts: vec![extracted("p1"), extracted("p2")],
            items_found: 2,
            ..PollRecord::default()
        })
        .unwrap();
    let link = |customer: &str| Match {
        customer_id: customer.into(),
        confidence: 0.97,
        status: MatchStatus::Linked,
        evidence: vec![],
    };
    store
        .set_post_match("forum", "p1", Some(&link("C-OLD")))
        .unwrap();
    store
        .set_post_match("forum", "p2", Some(&link("C-RECENT")))
        .unwrap();

    let q = Queue::new(&store);
    let p1: Post = store.post("forum", "p1").unwrap().unwrap();
    let item = q
        .enqueue(
            &p1,
            Some(&link("C-OLD")),
            "We wrote to c-old@example.org.",
            &reply_assessment(),
            "bot:draft",
        )
        .unwrap();
    let reviewer = Actor::new("cli:alice", true, false);
    q.approve(item, 1, &reviewer, "poster asked").unwrap();
    // A reviewer's flag may quote the account's data in its note.
    q.flag(
        item,
        1,
        &reviewer,
        FlagKind::TooStrict,
        "c-old@example.org wrote it in the post",
    )
    .unwrap();
    store
        .outbox_push(
            OutboxKind::Post,
            Some(item),
            r#"{"reply":"We wrote to c-old@example.org."}"#,
        )
        .unwrap();

    let counts = store.purge_cancelled(today).unwrap();
    assert_eq!(counts.accounts, 1);
    assert_eq!(counts.links, 2, "one post match and one queue item");
    assert_eq!(counts.items, [item]);

    assert!(store.customer("C-OLD").unwrap().is_none());
    for kept in ["C-EDGE", "C-RECENT", "C-ACTIVE"] {
        assert!(store.customer(kept).unwrap().is_some(), "{kept} must stay");
    }
    assert!(store
        .post("forum", "p1")
        .unwrap()
        .unwrap()
        .matched
        .is_none());
    assert!(store
        .post("forum", "p2")
        .unwrap()
        .unwrap()
        .matched
        .is_some());

    let view = q.show(item).unwrap();
    assert_eq!(view.customer_id, None);
    assert!(view.matched.is_none());
    assert_eq!(view.match_state, MatchState::None);
    assert_eq!(
        view.state,
        State::Rejected,
        "an open item about a purged account can not go out"
    );
    assert_eq!(view.reply, "We wrote to [email].");
    assert!(view.findings.is_empty());
    let json = serde_json::to_string(&view).unwrap();
    assert!(
        !json.contains("c-old@example.org") && !json.contains("C-OLD"),
        "{json}"
    );
    // The flag stays a test case, without the account: redacted reply, no note, no customer.
    let cases = q.flag_cases().unwrap();
    assert_eq!(cases.len(), 1);
    let json = serde_json::to_string(&cases).unwrap();
    assert!(
        !json.contains("c-old@example.org") && !json.contains("C-OLD"),
        "{json}"
    );
    assert_eq!(cases[0].reply, "We wrote to [email].");
    assert!(
        store.outbox_due(Utc::now(), 10).unwrap().is_empty(),
        "the undelivered message is dropped"
    );

    // The purge is audited and the chain still verifies; running it again changes nothing.
    assert_eq!(
        store
            .audit_entries(Some(item))
            .unwrap()
            .last()
            .unwrap()
            .action,
        "purge"
    );
    store.audit_verify().unwrap();
    let again = store.purge_cancelled(today).unwrap();
    assert_eq!((again.accounts, again.links), (0, 0));
}
