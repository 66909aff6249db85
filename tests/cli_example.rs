//! The bundled example end to end through the CLI, as the README runs it: import the demo
//! accounts, scan the fixture site over loopback, work the review queue, verify the audit
//! trail; plus the contract's exit codes for bad customers files, `match` and `assess`.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

mod cli_support;

use cli_support::{add_reviewer, example_config, os_user, ROOT};
use reviewgate::queue::{Actor, People, Queue};
use reviewgate::store::Store;

fn rg(cfg: &Path) -> Command {
    let mut c = Command::cargo_bin("reviewgate").unwrap();
    c.arg("--config").arg(cfg).env_remove("REVIEWGATE_ACTOR");
    c
}

fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Imports `fixtures/customers.csv` into the store of `cfg`, asserting success.
fn import_demo_accounts(cfg: &Path) -> assert_cmd::assert::Assert {
    rg(cfg)
        .args([
            "customers",
            "import",
            &format!("{ROOT}/fixtures/customers.csv"),
        ])
        .assert()
        .success()
}

/// A second person approves through the library, as the Discord buttons do: a Discord user
/// no `[[reviewers]]` table maps, so their own person (one shell is one person on the CLI).
fn discord_user_approves(cfg: &Path, id: &str, version: u32, reason: &str) -> String {
    let loaded = reviewgate::config::load(cfg).unwrap();
    let people = People::from_config(&loaded.config.reviewers);
    let store = Store::open(&loaded.store_path()).unwrap();
    let view = Queue::with_people(&store, &people)
        .approve(
            id.parse().unwrap(),
            version,
            &Actor::new("discord:222", true, false),
            reason,
        )
        .unwrap();
    view.state.to_string()
}

/// The example config with the demo accounts imported.
fn example_with_accounts(dir: &Path) -> std::path::PathBuf {
    let cfg = example_config(dir);
    import_demo_accounts(&cfg);
    cfg
}

#[test]
fn bundled_example_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = example_config(dir.path());
    import_demo_accounts(&cfg).stdout(predicate::str::contains(
        "26 inserted, 0 updated, 0 unchanged",
    ));

    let out = rg(&cfg)
        .args(["scan", "--once", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let posts = json_lines(&out.stdout);
    let sources: std::collections::BTreeSet<&str> = posts
        .iter()
        .map(|p| p["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources.len(),
        11,
        "every fixture source yields posts: {sources:?}"
    );
    for p in &posts {
        for key in ["source", "id", "author", "text", "relevant"] {
            assert!(!p[key].is_null(), "{key} missing in {p}");
        }
        assert!(
            p["url"].as_str().is_some_and(|u| u.starts_with("http")),
            "url in {p}"
        );
    }
    // The phpBB thread's second page was followed, and a linked match carries its evidence.
    let p = posts
        .iter()
        .find(|p| p["id"] == "p70014")
        .expect("phpBB post from the thread");
    assert_eq!(p["match"]["customer_id"], "C-10429");
    assert_eq!(p["match"]["status"], "linked");
    assert!(!p["match"]["evidence"].as_array().unwrap().is_empty());
    assert!(
        posts.iter().any(|p| p["id"] == "p70017"),
        "page 2 of the phpBB thread was read"
    );
    assert!(posts.iter().all(|p| p["published_at"].is_string()
        || p["source"] == "discourse-topic"
        || p["published_at"].is_null()));

    // A second scan prints nothing: everything was stored once.
    rg(&cfg)
        .args(["scan", "--once", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::is_empty());

    // Every relevant post got a bot draft, and every draft is routine.
    let items = json_lines(
        &rg(&cfg)
            .args(["queue", "list", "--json"])
            .output()
            .unwrap()
            .stdout,
    );
    // The company's own replies (`staff_authors`) are never drafted for.
    let relevant = posts
        .iter()
        .filter(|p| p["relevant"] == true && p["author"] != "SSS_Support")
        .count();
    assert_eq!(items.len(), relevant);
    assert!(items
        .iter()
        .all(|i| i["decision"] == "routine" && i["version"] == 1));
    // Pending, but the support thread's two: the example's recorded approvals approved them,
    // and the watcher found one published as approved (tests/loop_example.rs).
    assert!(items
        .iter()
        .filter(|i| i["source"] != "phpbb-support-thread")
        .all(|i| i["state"] == "pending"));

    // Staff rewrite one reply to use the clause: it needs two different people with reasons.
    let item = items
        .iter()
        .find(|i| i["customer_id"] == "C-10429")
        .expect("item for the linked post");
    let id = item["id"].as_i64().unwrap().to_string();
    rg(&cfg)
        .args(["queue", "rewrite", &id, "--text"])
        .arg("Hi bytewarden941, our records show your account was suspended after an abuse report in October.")
        .assert()
        .success()
        .stdout(predicate::str::contains("decision needs_review"));
    // With no [[reviewers]] nobody vouches for who the CLI user is: routine replies only.
    rg(&cfg)
        .args(["queue", "approve", &id, "--version", "2", "--reason", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("[[reviewers]]"))
        .stderr(predicate::str::contains("routine replies only"));
    // The admin maps this OS account to alice, who is also Discord user 111.
    add_reviewer(&cfg, "alice", "111", &[&os_user()]);
    rg(&cfg)
        .args(["queue", "approve", &id, "--version", "2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("reason"));
    rg(&cfg)
        .args([
            "queue",
            "approve",
            &id,
            "--version",
            "2",
            "--reason",
            "clause applies",
        ])
        .assert()
        .success();
    // The same shell is the same person, however it names itself.
    rg(&cfg)
        .args([
            "queue",
            "approve",
            &id,
            "--version",
            "2",
            "--as",
            "ALICE",
            "--reason",
            "again",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("different reviewer"));
    rg(&cfg)
        .args([
            "queue",
            "approve",
            &id,
            "--version",
            "2",
            "--as",
            "bob",
            "--reason",
            "agreed",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--as \"bob\" does not match"));
    assert_eq!(discord_user_approves(&cfg, &id, 2, "agreed"), "approved");
    let shown = json_lines(
        &rg(&cfg)
            .args(["queue", "show", &id, "--json"])
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(shown[0]["state"], "approved");
    assert_eq!(shown[0]["version"], 2);
    let by: Vec<&str> = shown[0]["approvals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["by"].as_str().unwrap())
        .collect();
    assert_eq!(by, ["cli:alice", "discord:222"]);

    // Entrusted data is blocked: not approvable; the redacted version is.
    let other = items
        .iter()
        .find(|i| i["id"] != item["id"] && i["state"] == "pending")
        .unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    rg(&cfg)
        .args([
            "queue",
            "rewrite",
            &other,
            "--text",
            "We read the mailbox on your server and the logs prove you are wrong.",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("decision blocked"));
    rg(&cfg)
        .args([
            "queue",
            "approve",
            &other,
            "--version",
            "2",
            "--reason",
            "x",
        ])
        .assert()
        .code(2);
    rg(&cfg)
        .args(["queue", "use-redacted", &other, "--version", "2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("decision routine"));
    rg(&cfg)
        .args(["queue", "approve", &other, "--version", "3"])
        .assert()
        .success();
    rg(&cfg)
        .args(["queue", "reject", "99999", "--version", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no queue item 99999"));

    rg(&cfg)
        .args(["audit", "verify"])
        .assert()
        .success()
        .stdout(predicate::str::contains("hash chain intact"));

    // Tampering with a stored audit entry is detected (exit 1, naming the entry).
    let db = dir.path().join("example.sqlite3");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let triggers: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for t in triggers {
        conn.execute(&format!("DROP TRIGGER {t}"), []).unwrap();
    }
    let table: String = conn
        .query_row("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%audit%' ORDER BY name LIMIT 1", [], |r| r.get(0))
        .unwrap();
    conn.execute(
        &format!("UPDATE {table} SET actor = 'cli:mallory' WHERE rowid = 3"),
        [],
    )
    .unwrap();
    drop(conn);
    rg(&cfg)
        .args(["audit", "verify"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("audit trail broken"));
}

#[test]
fn bad_customers_files_exit_2_naming_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = example_config(dir.path());
    let bad = dir.path().join("accounts.csv");
    std::fs::write(
        &bad,
        "id,name,email,hosts,status,plan,created_at,cancelled_at\nC-1,Ann,ann@a.example,,active,pro,2024-01-01,\nC-2,Bob,bob@b.example,,actve,pro,2024-13-01,\n",
    )
    .unwrap();
    rg(&cfg)
        .args(["customers", "import"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("accounts.csv:3"))
        .stderr(predicate::str::contains("status"))
        .stderr(predicate::str::contains("created_at"));
    // Nothing was imported from the bad file.
    let out = rg(&cfg)
        .args(["match", "--json"])
        .write_stdin("{\"author\":\"x\",\"text\":\"ann@a.example\"}\n")
        .output()
        .unwrap();
    assert_eq!(json_lines(&out.stdout)[0]["match"], serde_json::Value::Null);
    rg(&cfg)
        .args(["customers", "import", "/nonexistent/accounts.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent/accounts.csv"));
}

#[test]
fn match_and_assess_read_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = example_with_accounts(dir.path());

    let out = rg(&cfg)
        .args(["match", "--json"])
        .write_stdin("{\"author\":\"someone\",\"text\":\"Smart Security Scan blocked jan (at) example-shop (dot) de again\"}\n{\"author\":\"x\",\"text\":\"nothing here\"}\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines = json_lines(&out.stdout);
    assert_eq!(lines[0]["match"]["customer_id"], "C-10401");
    assert_eq!(lines[0]["match"]["evidence"][0]["kind"], "email");
    assert_eq!(lines[1]["match"], serde_json::Value::Null);

    let input = concat!(
        "{\"customer_id\":\"C-10401\",\"post_author\":\"jan_b\",\"post_text\":\"my shop is down\",\"reply\":\"Jan, your account jan@example-shop.de is on the business plan.\"}\n",
        "{\"customer_id\":null,\"post_author\":\"jan_b\",\"post_text\":\"my shop is down\",\"reply\":\"Thanks jan_b, please write to support@smartsecurityscan.com.\"}\n",
        "{\"customer_id\":\"C-10401\",\"post_author\":\"jan_b\",\"post_text\":\"x\",\"reply\":\"We looked through the database backups on shop.example-shop.de.\"}\n",
    );
    let out = rg(&cfg)
        .args(["assess", "--json"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out.stdout);
    assert_eq!(lines[0]["decision"], "needs_review");
    assert_eq!(lines[0]["customer_id"], "C-10401", "the input is echoed");
    let reply = lines[0]["reply"].as_str().unwrap();
    let email = lines[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "email")
        .expect("email finding");
    let (s, e) = (
        email["start"].as_u64().unwrap() as usize,
        email["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        reply.chars().skip(s).take(e - s).collect::<String>(),
        "jan@example-shop.de"
    );
    assert!(!lines[0]["redacted"]
        .as_str()
        .unwrap()
        .contains("jan@example-shop.de"));
    assert_eq!(lines[1]["decision"], "routine");
    assert_eq!(lines[2]["decision"], "blocked");

    rg(&cfg)
        .args(["assess", "--json"])
        .write_stdin("not json\n{\"customer_id\":\"C-404\",\"reply\":\"hi\"}\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("stdin:1"))
        .stderr(predicate::str::contains("stdin:2: customer_id \"C-404\""));
}

#[test]
fn import_rematches_posts_seen_before_the_account_existed_and_purge_unlinks() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = example_config(dir.path());
    // Scan with no accounts: nothing can match.
    let out = rg(&cfg)
        .args(["scan", "--once", "--json"])
        .output()
        .unwrap();
    assert!(json_lines(&out.stdout).iter().all(|p| p["match"].is_null()));
    let out = import_demo_accounts(&cfg);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout);
    let n: usize = stdout
        .lines()
        .find_map(|l| l.strip_suffix(" recent unmatched post(s) now match an account"))
        .expect("re-match summary")
        .parse()
        .unwrap();
    assert!(n >= 5, "posts matched after import: {n}\n{stdout}");
    // Importing the same file again changes nothing.
    import_demo_accounts(&cfg).stdout(predicate::str::contains(
        "0 inserted, 0 updated, 26 unchanged",
    ));
    let braun = "{\"author\":\"x\",\"text\":\"peter.braun@braun-kfz.example\"}\n";
    let out = rg(&cfg)
        .args(["match", "--json"])
        .write_stdin(braun)
        .output()
        .unwrap();
    assert_eq!(
        json_lines(&out.stdout)[0]["match"]["customer_id"],
        "C-10422"
    );
    // Retention: accounts cancelled more than 30 days ago go, with their links.
    rg(&cfg)
        .args(["customers", "purge"])
        .assert()
        .success()
        .stdout(predicate::str::contains("purged 2 account(s)"));
    let out = rg(&cfg)
        .args(["match", "--json"])
        .write_stdin("{\"author\":\"x\",\"text\":\"peter.braun@braun-kfz.example\"}\n")
        .output()
        .unwrap();
    assert_eq!(
        json_lines(&out.stdout)[0]["match"],
        serde_json::Value::Null,
        "a purged account is never matched again"
    );
}

#[test]
fn candidate_matches_must_be_confirmed_before_a_disclosure() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = example_with_accounts(dir.path());
    add_reviewer(&cfg, "alice", "111", &[&os_user()]);
    rg(&cfg).args(["scan", "--once"]).assert().success();
    let items = json_lines(
        &rg(&cfg)
            .args(["queue", "list", "--json"])
            .output()
            .unwrap()
            .stdout,
    );
    let candidate = items
        .iter()
        .find(|i| i["match"]["status"] == "candidate")
        .expect("the example has a candidate match");
    let id = candidate["id"].as_i64().unwrap().to_string();
    let name = json_lines(
        &rg(&cfg)
            .args(["queue", "show", &id, "--json"])
            .output()
            .unwrap()
            .stdout,
    )[0]["post_author"]
        .as_str()
        .unwrap()
        .to_string();
    rg(&cfg)
        .args(["queue", "rewrite", &id, "--text"])
        .arg(format!(
            "{name}, you have been a customer of ours since 2021."
        ))
        .assert()
        .success()
        .stdout(predicate::str::contains("needs_review"));
    rg(&cfg)
        .args(["queue", "approve", &id, "--version", "2", "--reason", "r"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("match"));
    rg(&cfg)
        .args(["queue", "confirm-match", &id, "--version", "2"])
        .assert()
        .success();
    rg(&cfg)
        .args(["queue", "approve", &id, "--version", "2", "--reason", "r"])
        .assert()
        .success();
    assert_eq!(discord_user_approves(&cfg, &id, 2, "r"), "approved");

    // "Not this account" on another item drops its match and re-assesses without it, but
    // never below the decision reviewers already faced: one reviewer can't unlock a disclosure.
    let linked = items
        .iter()
        .find(|i| i["match"]["status"] == "linked")
        .unwrap();
    let linked_id = linked["id"].as_i64().unwrap().to_string();
    rg(&cfg)
        .args(["queue", "rewrite", &linked_id, "--text"])
        .arg("Our records show you have been a customer since 2021 and your invoices are overdue.")
        .assert()
        .success()
        .stdout(predicate::str::contains("needs_review"));
    rg(&cfg)
        .args(["queue", "not-this-account", &linked_id, "--version", "2"])
        .assert()
        .success();
    let shown = &json_lines(
        &rg(&cfg)
            .args(["queue", "show", &linked_id, "--json"])
            .output()
            .unwrap()
            .stdout,
    )[0];
    assert!(shown["customer_id"].is_null(), "{shown}");
    assert_eq!(shown["version"], 3);
    assert_eq!(shown["decision"], "needs_review");
    rg(&cfg)
        .args([
            "queue",
            "approve",
            &linked_id,
            "--version",
            "3",
            "--reason",
            "r",
        ])
        .assert()
        .success();
    rg(&cfg)
        .args(["queue", "show", &linked_id, "--json"])
        .assert()
        .stdout(predicate::str::contains("\"state\":\"pending\""));
}
