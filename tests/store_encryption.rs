//! Encryption at rest: with `[store] encryption_key_*` an account's email is not readable in the
//! database file or its WAL (and is without it); a wrong or missing key is reported naming the
//! config key; an existing unencrypted store is encrypted in place when a key is configured.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use reviewgate::model::{AccountStatus, Customer};
use reviewgate::store::{KeySource, Store, StoreKeys};

const EMAIL: &str = "jane.doe.unique@customer-mail.example";

fn account() -> Customer {
    Customer {
        id: "C-1".into(),
        name: "Jane Doe".into(),
        emails: vec![EMAIL.into()],
        hosts: vec!["shop.jane.example".into()],
        status: AccountStatus::Active,
        plan: Some("Pro".into()),
        created_at: NaiveDate::from_ymd_opt(2021, 3, 1),
        cancelled_at: None,
        facts: BTreeMap::new(),
    }
}

fn keys(file: Option<&Path>) -> StoreKeys {
    StoreKeys {
        encryption: file.map(|p| KeySource::File {
            path: p.to_path_buf(),
            config_key: "[store] encryption_key_file".into(),
        }),
        audit: None,
    }
}

fn import(store: &Store) {
    store
        .import_customers([Ok::<_, std::convert::Infallible>(account())], |_| {})
        .unwrap();
}

/// Whether `needle` occurs in the database file or its WAL, read while the store is open (so
/// the WAL still holds the newest pages).
fn on_disk(db: &Path, needle: &str) -> (bool, bool) {
    let find = |p: &Path| {
        std::fs::read(p)
            .map(|b| memchr::memmem::find(&b, needle.as_bytes()).is_some())
            .unwrap_or(false)
    };
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    (find(db), find(Path::new(&wal)))
}

#[test]
fn email_is_unreadable_on_disk_only_when_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("store.key");
    std::fs::write(&key, format!("{}\n", "3c".repeat(32))).unwrap();

    let plain = dir.path().join("plain.sqlite3");
    let store = Store::open_with(&plain, &keys(None)).unwrap();
    import(&store);
    let (file, wal) = on_disk(&plain, EMAIL);
    assert!(file || wal, "unencrypted: the email should be readable");
    drop(store);

    let enc = dir.path().join("enc.sqlite3");
    let store = Store::open_with(&enc, &keys(Some(&key))).unwrap();
    import(&store);
    assert_eq!(on_disk(&enc, EMAIL), (false, false));
    assert_eq!(on_disk(&enc, "SQLite format 3"), (false, false));
    // The data is there for the key's holder.
    assert_eq!(store.customer("C-1").unwrap().unwrap().emails, [EMAIL]);
    drop(store);
    assert_eq!(on_disk(&enc, EMAIL), (false, false));
    let store = Store::open_with(&enc, &keys(Some(&key))).unwrap();
    assert_eq!(store.customer("C-1").unwrap().unwrap().emails, [EMAIL]);
}

#[test]
fn wrong_or_missing_key_names_the_config_key() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("store.key");
    std::fs::write(&key, "correct horse battery staple").unwrap();
    let db = dir.path().join("enc.sqlite3");
    drop(Store::open_with(&db, &keys(Some(&key))).unwrap());

    let wrong = dir.path().join("wrong.key");
    std::fs::write(&wrong, "incorrect horse battery staple").unwrap();
    let err = Store::open_with(&db, &keys(Some(&wrong)))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("[store] encryption_key_file") && err.contains("does not decrypt"),
        "{err}"
    );
    assert!(!err.contains("file is not a database"), "{err}");

    let err = Store::open_with(&db, &keys(None)).unwrap_err().to_string();
    assert!(err.contains("encryption_key_file"), "{err}");

    let missing = dir.path().join("missing.key");
    let err = Store::open_with(&db, &keys(Some(&missing)))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("[store] encryption_key_file") && err.contains("cannot read the key file"),
        "{err}"
    );
}

#[test]
fn an_existing_unencrypted_store_is_encrypted_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rg.sqlite3");
    let store = Store::open(&db).unwrap();
    import(&store);
    assert_eq!(store.audit_verify().unwrap(), 0);
    drop(store);
    assert!(on_disk(&db, EMAIL).0);

    let key = dir.path().join("store.key");
    std::fs::write(&key, "ab".repeat(32)).unwrap();
    let store = Store::open_with(&db, &keys(Some(&key))).unwrap();
    assert_eq!(store.customer("C-1").unwrap().unwrap().emails, [EMAIL]);
    assert_eq!(store.audit_verify().unwrap(), 0);
    drop(store);
    assert_eq!(on_disk(&db, EMAIL), (false, false));
}

#[test]
fn in_place_encryption_is_refused_while_the_store_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rg.sqlite3");
    let running = Store::open(&db).unwrap();
    import(&running);
    let key = dir.path().join("store.key");
    std::fs::write(&key, "ab".repeat(32)).unwrap();
    // A service still holding the store: encrypting under it would lose its writes.
    let err = Store::open_with(&db, &keys(Some(&key)))
        .unwrap_err()
        .to_string();
    assert!(err.contains("another process has it open"), "{err}");
    assert_eq!(running.customer("C-1").unwrap().unwrap().emails, [EMAIL]);
    drop(running);
    let store = Store::open_with(&db, &keys(Some(&key))).unwrap();
    assert_eq!(store.customer("C-1").unwrap().unwrap().emails, [EMAIL]);
}
