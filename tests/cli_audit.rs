//! The audit key, anchors and store encryption from the command line, as an admin sets them
//! up: `audit anchor`, `audit verify` against the anchor file and `--anchor`, `check-config`
//! naming missing keys, and an encrypted store from `[store] encryption_key_env`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use reviewgate::model::{Assessment, Decision, Post};
use reviewgate::queue::Queue;
use reviewgate::store::Store;

mod cli_support;

fn rg(cfg: &Path) -> Command {
    let mut c = Command::cargo_bin("reviewgate").unwrap();
    c.env_remove("REVIEWGATE_CONFIG")
        .env_remove("DISCORD_TOKEN")
        .arg("--config")
        .arg(cfg);
    c
}

/// The bundled example in `dir`, with `extra` appended (e.g. an `[audit]` table).
fn config(dir: &Path, extra: &str) -> PathBuf {
    let cfg = cli_support::example_config(dir);
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str(extra);
    std::fs::write(&cfg, text).unwrap();
    cfg
}

/// Writes `n` audit entries the way the CLI's store would (same file, same generated key).
fn add_entries(db: &Path, n: usize) {
    let store = Store::open(db).unwrap();
    let post = Post {
        source: "forum".into(),
        id: "p1".into(),
        url: None,
        author: "a".into(),
        published_at: None,
        text: "t".into(),
        quotes: vec![],
        relevant: true,
        matched: None,
        truncated: false,
    };
    let a = Assessment {
        decision: Decision::Routine,
        findings: vec![],
        redacted: "Thanks.".into(),
    };
    // One open item per post: each entry answers a post of its own.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    for _ in 0..n {
        let mut post = post.clone();
        post.id = format!(
            "p{}",
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        Queue::new(&store)
            .enqueue(&post, None, "Thanks.", &a, "bot:draft")
            .unwrap();
    }
}

#[test]
fn anchors_catch_a_truncated_trail_that_the_chain_alone_can_not() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(
        dir.path(),
        "\n[audit]\nanchor_file = \"anchors/audit.jsonl\"\n",
    );
    let db = dir.path().join("example.sqlite3");
    add_entries(&db, 4);

    // The key was generated beside the store, private, never inside the database.
    let key = dir.path().join("example.sqlite3.audit-key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let key_hex = std::fs::read_to_string(&key).unwrap();
    let raw = std::fs::read(&db).unwrap();
    assert!(memchr::memmem::find(&raw, key_hex.trim().as_bytes()).is_none());

    let out = rg(&cfg).args(["audit", "anchor"]).assert().success();
    let printed = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(printed.starts_with("4:"), "{printed}");
    let anchors = std::fs::read_to_string(dir.path().join("anchors/audit.jsonl")).unwrap();
    assert_eq!(anchors.lines().count(), 1);
    assert!(anchors.contains("\"seq\":4"), "{anchors}");

    rg(&cfg)
        .args(["audit", "verify"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 anchor(s) hold"));

    // Drop the two newest entries and rewind the head: the chain itself is consistent...
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch(
        "DROP TRIGGER audit_no_delete;
         DELETE FROM audit WHERE id > 2;
         UPDATE audit_head SET last_id = 2, hash = (SELECT hash FROM audit WHERE id = 2);",
    )
    .unwrap();
    drop(c);
    // ...but not with the anchor file, nor with the anchor pasted from the admin channel.
    rg(&cfg)
        .args(["audit", "verify"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("entry 4").and(predicate::str::contains("truncated")));
    // The same store with no anchor file configured: only an anchor given by hand can tell.
    let plain = cli_support::example_config(dir.path());
    rg(&plain)
        .args(["audit", "verify"])
        .assert()
        .success()
        .stdout(predicate::str::contains("no anchors checked"));
    rg(&plain)
        .args(["audit", "verify", "--anchor", printed.trim()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("truncated"));
    rg(&plain)
        .args(["audit", "verify", "--anchor", "4:nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--anchor"));
}

#[test]
fn check_config_names_missing_keys() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = cli_support::example_config(dir.path());
    let text = std::fs::read_to_string(&cfg).unwrap().replace(
        "[store]\n",
        "[store]\nencryption_key_file = \"missing/store.key\"\n",
    ) + "\n[audit]\nkey_env = \"RG_TEST_NO_AUDIT_KEY\"\n";
    std::fs::write(&cfg, text).unwrap();
    rg(&cfg)
        .arg("check-config")
        .env_remove("RG_TEST_NO_AUDIT_KEY")
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("store.encryption_key_file")
                .and(predicate::str::contains("store.key"))
                .and(predicate::str::contains(
                    "audit.key_env: [audit] key_env = \"RG_TEST_NO_AUDIT_KEY\": environment variable RG_TEST_NO_AUDIT_KEY is not set",
                )),
        );
    // A key too short is refused; a good one passes.
    std::fs::create_dir_all(dir.path().join("missing")).unwrap();
    std::fs::write(dir.path().join("missing/store.key"), "ab".repeat(32)).unwrap();
    rg(&cfg)
        .arg("check-config")
        .env("RG_TEST_NO_AUDIT_KEY", "short")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("too short"));
    rg(&cfg)
        .arg("check-config")
        .env("RG_TEST_NO_AUDIT_KEY", "cd".repeat(32))
        .assert()
        .success();
}

#[test]
fn encrypted_store_from_the_config_hides_emails_and_names_a_wrong_key() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = cli_support::example_config(dir.path());
    let text = std::fs::read_to_string(&cfg).unwrap().replace(
        "[store]\n",
        "[store]\nencryption_key_env = \"RG_TEST_STORE_KEY\"\n",
    );
    std::fs::write(&cfg, text).unwrap();
    let customers = Path::new(cli_support::ROOT).join("fixtures/customers.csv");
    rg(&cfg)
        .env("RG_TEST_STORE_KEY", "a long enough store passphrase")
        .args(["customers", "import"])
        .arg(&customers)
        .assert()
        .success();
    let db = std::fs::read(dir.path().join("example.sqlite3")).unwrap();
    assert!(memchr::memmem::find(&db, b"jan@example-shop.de").is_none());
    rg(&cfg)
        .env("RG_TEST_STORE_KEY", "a long enough store passphrase")
        .args(["audit", "verify"])
        .assert()
        .success();
    rg(&cfg)
        .env("RG_TEST_STORE_KEY", "another long store passphrase")
        .args(["queue", "list"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("[store] encryption_key_env")
                .and(predicate::str::contains("file is not a database").not()),
        );
}

#[test]
fn anchor_is_queued_for_the_discord_admin_channel() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(
        dir.path(),
        "\n[discord]\nreview_channel_id = 1\nreviewer_role_id = 2\nadmin_role_id = 3\nadmin_channel_id = 4\napi_base = \"http://127.0.0.1:9\"\n",
    );
    let db = dir.path().join("example.sqlite3");
    add_entries(&db, 2);
    let out = rg(&cfg)
        .args(["audit", "anchor"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Discord admin channel"));
    let printed = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let c = rusqlite::Connection::open(&db).unwrap();
    let payload: String = c
        .query_row(
            "SELECT payload FROM outbox WHERE kind = 'alert' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(payload.contains(printed.trim()), "{payload}");
}

#[test]
fn run_anchors_the_chain_head_on_its_schedule() {
    use std::process::{Command as StdCommand, Stdio};
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let cfg = config(
        dir.path(),
        "\n[audit]\nanchor_file = \"anchors.jsonl\"\nanchor_interval = \"1s\"\n",
    );
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("reviewgate"))
        .arg("--config")
        .arg(&cfg)
        .arg("run")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let file = dir.path().join("anchors.jsonl");
    // The polls of the example queue items (audit entries); an anchor follows within a second.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut anchored = None;
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(300));
        let anchors = reviewgate::store::read_anchors(&file).unwrap();
        if let Some(a) = anchors.iter().find(|a| a.seq > 0) {
            anchored = Some(a.clone());
            break;
        }
    }
    let pid = child.id().to_string();
    StdCommand::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    assert!(child.wait().unwrap().success());
    let anchor = anchored.expect("run wrote an anchor with entries");
    rg(&cfg)
        .args(["audit", "verify"])
        .assert()
        .success()
        .stdout(predicate::str::contains("anchor(s) hold"));
    assert!(anchor.key_id.is_some());
}
