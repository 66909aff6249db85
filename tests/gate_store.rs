//! Gate integrity at the store (issue 10, holes 1, 2, 6, 7): a post, its match and its queue
//! item are not separable by a crash; one open item per post, whoever writes; a purge leaves
//! no bytes behind; an import is all or nothing.

use std::sync::Arc;

use reviewgate::model::{Assessment, Customer, Decision, Post};
use reviewgate::queue::{Actor, Queue};
use reviewgate::service::control::item_assessor;
use reviewgate::store::{PollRecord, PolledPost, Store};

mod gate_support;

use gate_support::*;

fn post(source: &str, id: &str, author: &str, text: &str) -> Post {
    Post {
        source: source.into(),
        id: id.into(),
        url: None,
        author: author.into(),
        published_at: None,
        text: text.into(),
        quotes: vec![],
        relevant: true,
        matched: None,
        truncated: false,
    }
}

/// What a poll that died right after committing its posts left behind (the old pipeline
/// committed posts first and matched them in later transactions).
fn crashed_poll(store: &Store, p: &Post) {
    store
        .commit_poll(&PollRecord {
            source: p.source.clone(),
            at: chrono::Utc::now(),
            posts: vec![PolledPost {
                post: reviewgate::model::ExtractedPost {
                    id: p.id.clone(),
                    url: None,
                    author: p.author.clone(),
                    published_at: None,
                    text: p.text.clone(),
                    quotes: vec![],
                    truncated: false,
                    details: Default::default(),
                },
                relevant: true,
            }],
            pages: vec![],
            items_found: 1,
            pages_fetched: 1,
            pages_not_modified: 0,
            error: None,
            empty_is_normal: false,
        })
        .unwrap();
}

/// Rewrites an item as a reviewer would, assessed the way Discord and the CLI assess it.
fn rewrite(cfg: &std::path::Path, id: i64, text: &str) -> Decision {
    let loaded = reviewgate::config::load(cfg).unwrap();
    let store = Arc::new(Store::open(&store_path(cfg)).unwrap());
    let assessor = Arc::new(
        reviewgate::assess::Assessor::new(&loaded.config.assess, &loaded.config.service).unwrap(),
    );
    let assess = item_assessor(store.clone(), assessor);
    let queue = Queue::new(&store);
    let view = queue.show(id).unwrap();
    let actor = Actor::new("cli:staff", true, false);
    queue
        .rewrite(id, view.version, &actor, text, &|t: &str| assess(&view, t))
        .unwrap()
        .decision
}

const ALICE: &str =
    "C-1,Alice Example,alice@acme-test.de,shop.acme-test.de,active,pro,2024-01-01,\n";
/// Routine about nobody; a disclosure about an account created on that date.
const DATE_REPLY: &str = "Thanks, we will look at it since 2024-01-01.";

#[test]
fn a_post_stored_by_a_crashed_poll_is_linked_and_its_item_holds_a_disclosure() {
    let site = Site::default();
    let text = "Smart Security Scan flagged my site, write me at alice@acme-test.de";
    site.set("f", thread(&[("p1".into(), "alice_e".into(), text.into())]));
    let addr = serve(site);
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), addr, &["f".to_string()], "");
    let accounts = dir.path().join("accounts.csv");
    std::fs::write(&accounts, format!("{ACCOUNTS_HEADER}{ALICE}")).unwrap();
    rg(&cfg)
        .args(["customers", "import"])
        .arg(&accounts)
        .assert()
        .success();
    crashed_poll(
        &Store::open(&store_path(&cfg)).unwrap(),
        &post("f", "p1", "alice_e", text),
    );

    // The next poll finishes what the crash left undone.
    rg(&cfg).args(["scan", "--once"]).assert().success();
    let items = items(&cfg);
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(
        items[0].customer_id.as_deref(),
        Some("C-1"),
        "{:?}",
        items[0]
    );
    assert_eq!(
        rewrite(&cfg, items[0].id, DATE_REPLY),
        Decision::NeedsReview,
        "a rewrite naming the account's start date needs two reviewers"
    );
}

#[test]
fn an_import_links_open_items_and_only_raises_their_decision() {
    let site = Site::default();
    let text = "Smart Security Scan blocked shop.acme-test.de all day";
    site.set("f", thread(&[("p1".into(), "alice_e".into(), text.into())]));
    let addr = serve(site);
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), addr, &["f".to_string()], "");
    // Queued before the account existed: no account. Without an account the gate may still
    // hold a dated sentence (it holds when unsure); what matters is that linking only raises.
    rg(&cfg).args(["scan", "--once"]).assert().success();
    let before = items(&cfg);
    assert_eq!(before[0].customer_id, None);
    let unlinked = rewrite(&cfg, before[0].id, DATE_REPLY);
    assert_ne!(unlinked, Decision::Blocked);

    let accounts = dir.path().join("accounts.csv");
    std::fs::write(&accounts, format!("{ACCOUNTS_HEADER}{ALICE}")).unwrap();
    rg(&cfg)
        .args(["customers", "import"])
        .arg(&accounts)
        .assert()
        .success()
        .stdout(predicates::str::contains("1 open queue item(s) linked"));
    let after = &items(&cfg)[0];
    assert_eq!(after.customer_id.as_deref(), Some("C-1"), "{after:?}");
    assert_eq!(
        after.decision,
        Decision::NeedsReview,
        "the same reply is held again"
    );
    // A raise is a new version whose approvals start over (a re-assessment with the account
    // may also renew an already held version: approvals starting over is the safe side).
    if unlinked == Decision::Routine {
        assert_eq!(after.version, 3, "a raise is a new version");
    } else {
        assert!(after.version >= 2, "{after:?}");
    }
    let store = Store::open(&store_path(&cfg)).unwrap();
    assert!(store.audit_verify().is_ok());
}

#[test]
fn relinking_never_lowers_a_decision() {
    let store = Arc::new(Store::open_in_memory().unwrap());
    let p = post(
        "f",
        "p1",
        "bob",
        "Smart Security Scan is slow, bob@example.org",
    );
    let held = Assessment {
        decision: Decision::NeedsReview,
        findings: vec![],
        redacted: "x".into(),
    };
    let queue = Queue::new(&store);
    let id = queue
        .enqueue(&p, None, "Bob, about your account", &held, "bot:draft")
        .unwrap();
    let m = reviewgate::model::Match {
        customer_id: "C-9".into(),
        confidence: 0.99,
        status: reviewgate::model::MatchStatus::Linked,
        evidence: vec![],
    };
    store.set_post_match("f", "p1", Some(&m)).unwrap();
    let actor = Actor::new("system:relink", true, false);
    let milder = |_: &str| Assessment {
        decision: Decision::Routine,
        findings: vec![],
        redacted: String::new(),
    };
    let now = queue.relink(id, &actor, &milder).unwrap().expect("linked");
    assert_eq!(now.customer_id.as_deref(), Some("C-9"));
    assert_eq!(now.decision, Decision::NeedsReview);
    assert_eq!(now.version, 1, "a milder verdict makes no new version");
    assert!(queue.relink(id, &actor, &milder).unwrap().is_none(), "once");
}

#[test]
fn a_post_has_at_most_one_open_item_whoever_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    let store = Store::open(&path).unwrap();
    let p = post("f", "p1", "bob", "Smart Security Scan");
    let a = Assessment {
        decision: Decision::Routine,
        findings: vec![],
        redacted: "Hi.".into(),
    };
    let queue = Queue::new(&store);
    let first = queue.enqueue(&p, None, "Hi.", &a, "bot:draft").unwrap();
    let second = queue.enqueue(&p, None, "Hi again.", &a, "bot:draft");
    let err = second.expect_err("a second open item for one post is refused");
    assert!(
        err.to_string()
            .contains(&format!("open queue item {first}")),
        "{err}"
    );
    // The schema itself refuses it, whatever code path tries.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let raw = conn.execute(
        "INSERT INTO queue_items (source, post_id, match_state, state, version, origin, created_at, updated_at)
         VALUES ('f', 'p1', 'none', 'pending', 1, 'x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        [],
    );
    assert!(raw.is_err(), "the schema allows one open item per post");
    // A closed item does not count.
    conn.execute(
        "UPDATE queue_items SET state = 'rejected' WHERE id = ?1",
        [first],
    )
    .unwrap();
    assert!(queue.enqueue(&p, None, "Hi.", &a, "bot:draft").is_ok());
}

#[test]
fn concurrent_scans_queue_each_post_once_and_post_one_review_message() {
    let site = Site::default();
    let names: Vec<String> = (0..30).map(|i| format!("s{i}")).collect();
    for (n, name) in names.iter().enumerate() {
        let posts: Vec<_> = (0..8)
            .map(|i| {
                (
                    format!("{name}p{i}"),
                    format!("user{n}x{i}"),
                    format!("Smart Security Scan post {i} on {name}"),
                )
            })
            .collect();
        site.set(name, thread(&posts));
    }
    let addr = serve(site);
    let dir = tempfile::tempdir().unwrap();
    let discord = "\n[discord]\nreview_channel_id = 1\nreviewer_role_id = 2\nadmin_role_id = 3\napi_base = \"http://127.0.0.1:9\"\n";
    let cfg = config(dir.path(), addr, &names, discord);
    // The store exists already (as next to a running service); the scans race on the queue.
    drop(Store::open(&store_path(&cfg)).unwrap());
    let scans: Vec<_> = (0..3)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("reviewgate"))
                .arg("--config")
                .arg(&cfg)
                .args(["scan", "--once"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for s in scans {
        let out = s.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let items = items(&cfg);
    assert_eq!(
        items.len(),
        30 * 8,
        "every relevant post queued exactly once"
    );
    let conn = rusqlite::Connection::open(store_path(&cfg)).unwrap();
    let messages: i64 = conn
        .query_row(
            "SELECT COUNT(DISTINCT item_id) FROM outbox WHERE kind = 'post'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let total: i64 = conn
        .query_row("SELECT COUNT(*) FROM outbox WHERE kind = 'post'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!((messages, total), (240, 240), "one review message per item");
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn on_disk(cfg: &std::path::Path, needle: &str) -> Vec<String> {
    let db = store_path(cfg);
    let mut found = Vec::new();
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let p = std::path::PathBuf::from(format!("{}{suffix}", db.display()));
        if let Ok(bytes) = std::fs::read(&p) {
            if contains(&bytes, needle) {
                found.push(p.display().to_string());
            }
        }
    }
    found
}

#[test]
fn a_purged_account_leaves_no_bytes_in_the_database_or_its_wal() {
    let site = Site::default();
    site.set(
        "f",
        thread(&[(
            "p1".into(),
            "zed".into(),
            "Smart Security Scan broke zed-gone-shop.example again".into(),
        )]),
    );
    let addr = serve(site);
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), addr, &["f".to_string()], "");
    let accounts = dir.path().join("accounts.csv");
    let email = "zed.purged.person@mailbox-gone.example";
    std::fs::write(
        &accounts,
        format!("{ACCOUNTS_HEADER}C-7,Zed Gone,{email},zed-gone-shop.example,cancelled,pro,2020-01-01,2021-01-01\n{ALICE}"),
    )
    .unwrap();
    rg(&cfg)
        .args(["customers", "import"])
        .arg(&accounts)
        .assert()
        .success();
    // Imported twice with a change, so older copies of the row exist too.
    std::fs::write(
        &accounts,
        format!("{ACCOUNTS_HEADER}C-7,Zed Gone,{email},zed-gone-shop.example,cancelled,basic,2020-01-01,2021-01-01\n{ALICE}"),
    )
    .unwrap();
    rg(&cfg)
        .args(["customers", "import"])
        .arg(&accounts)
        .assert()
        .success();
    rg(&cfg).args(["scan", "--once"]).assert().success();
    assert_eq!(items(&cfg)[0].customer_id.as_deref(), Some("C-7"));
    assert!(
        !on_disk(&cfg, email).is_empty(),
        "the email is on disk before the purge"
    );

    rg(&cfg)
        .args(["customers", "purge"])
        .assert()
        .success()
        .stdout(predicates::str::contains("purged 1 account(s)"));
    assert_eq!(
        on_disk(&cfg, email),
        Vec::<String>::new(),
        "no copy of the purged email"
    );
    assert_eq!(on_disk(&cfg, "Zed Gone"), Vec::<String>::new());
    let store = Store::open(&store_path(&cfg)).unwrap();
    assert!(store.customer("C-7").unwrap().is_none());
    assert!(
        store.customer("C-1").unwrap().is_some(),
        "active accounts stay"
    );
}

fn account(id: u64) -> Customer {
    Customer {
        id: format!("C-{id}"),
        name: format!("Person {id}"),
        emails: vec![format!("p{id}@example.org")],
        hosts: vec![],
        status: reviewgate::model::AccountStatus::Active,
        plan: None,
        created_at: None,
        cancelled_at: None,
        facts: Default::default(),
    }
}

#[test]
fn an_import_stopped_midway_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db.sqlite3")).unwrap();
    // 25,000 good rows, then a failure (a bad row, a read error: anything that stops it).
    let rows = (0..25_001u64).map(|i| {
        if i == 25_000 {
            Err("line 25002: the file ended in the middle of a row".to_string())
        } else {
            Ok(account(i))
        }
    });
    assert!(store.import_customers(rows, |_| {}).is_err());
    assert_eq!(store.customer_count().unwrap(), 0, "all or nothing");
    // A panic (the closest a test gets to a kill inside the process) stores nothing either.
    let rows = (0..25_001u64).map(|i| {
        assert!(i < 25_000, "the reader died");
        Ok::<_, String>(account(i))
    });
    let store = std::panic::AssertUnwindSafe(&store);
    let died = std::panic::catch_unwind(|| store.import_customers(rows, |_| {}));
    assert!(died.is_err());
    assert_eq!(store.customer_count().unwrap(), 0, "all or nothing");
    let ok = store
        .import_customers((0..30_000u64).map(|i| Ok::<_, String>(account(i))), |_| {})
        .unwrap();
    assert_eq!(ok.inserted, 30_000);
}

#[test]
fn processes_opening_a_new_store_at_once_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let addr: std::net::SocketAddr = "127.0.0.1:9".parse().unwrap();
    let cfg = config(dir.path(), addr, &["f".to_string()], "");
    let accounts = dir.path().join("accounts.csv");
    std::fs::write(&accounts, format!("{ACCOUNTS_HEADER}{ALICE}")).unwrap();
    let imports: Vec<_> = (0..8)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("reviewgate"))
                .arg("--config")
                .arg(&cfg)
                .args(["customers", "import"])
                .arg(&accounts)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for i in imports {
        let out = i.wait_with_output().unwrap();
        // A second writer waits for the first: none fails on a half-made schema.
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let store = Store::open(&store_path(&cfg)).unwrap();
    assert_eq!(store.customer_count().unwrap(), 1);
}

#[test]
fn run_applies_retention_itself_and_logs_it() {
    use std::io::{BufRead, BufReader};
    let site = Site::default();
    site.set(
        "f",
        thread(&[("p1".into(), "x".into(), "Smart Security Scan".into())]),
    );
    let addr = serve(site);
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), addr, &["f".to_string()], "");
    let accounts = dir.path().join("accounts.csv");
    std::fs::write(
        &accounts,
        format!("{ACCOUNTS_HEADER}C-7,Zed Gone,zed@gone.example,,cancelled,pro,2020-01-01,2021-01-01\n{ALICE}"),
    )
    .unwrap();
    rg(&cfg)
        .args(["customers", "import"])
        .arg(&accounts)
        .assert()
        .success();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("reviewgate"))
        .arg("--config")
        .arg(&cfg)
        .args(["--log", "info", "run"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut log = Vec::new();
    while std::time::Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(std::time::Duration::from_millis(200)) {
            let done = line.contains("Retention purge done.");
            log.push(line);
            if done {
                break;
            }
        }
    }
    let _ = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    child.wait().unwrap();
    let line = log
        .iter()
        .find(|l| l.contains("Retention purge done."))
        .unwrap_or_else(|| panic!("no purge logged:\n{}", log.join("\n")));
    let plain: String = {
        // Drop the colour codes of the log format.
        let mut out = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                chars.by_ref().find(|&c| c == 'm');
            } else {
                out.push(c);
            }
        }
        out
    };
    assert!(plain.contains("accounts=1"), "{plain}");
    let store = Store::open(&store_path(&cfg)).unwrap();
    assert!(store.customer("C-7").unwrap().is_none());
    assert!(store.customer("C-1").unwrap().is_some());
}

#[test]
fn a_killed_import_leaves_all_or_none_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let addr: std::net::SocketAddr = "127.0.0.1:9".parse().unwrap();
    let cfg = config(dir.path(), addr, &["f".to_string()], "");
    let rows = 40_000;
    let mut csv = String::from(ACCOUNTS_HEADER);
    for i in 0..rows {
        csv.push_str(&format!(
            "C-{i},Person {i},p{i}@mail{}.example,srv{i}.example,active,pro,2024-01-01,\n",
            i % 97
        ));
    }
    let accounts = dir.path().join("accounts.csv");
    std::fs::write(&accounts, csv).unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("reviewgate"))
        .arg("--config")
        .arg(&cfg)
        .args(["customers", "import"])
        .arg(&accounts)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the import has written into the database, then SIGKILL it.
    let wal = std::path::PathBuf::from(format!("{}-wal", store_path(&cfg).display()));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::fs::metadata(&wal).map_or(0, |m| m.len()) < 2_000_000
        && std::time::Instant::now() < deadline
        && child.try_wait().unwrap().is_none()
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the import finished before it could be killed"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    let n = Store::open(&store_path(&cfg))
        .unwrap()
        .customer_count()
        .unwrap();
    assert_eq!(n, 0, "{n} of {rows} accounts imported by a killed import");
}
