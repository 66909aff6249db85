//! The gate's integrity around the bundled example's recorded approvals
//! (`[example_server] approvals`): approvals read from a file are a way around the review, so
//! they apply only to sources served by the example server `scan` started itself (the address
//! it bound), never in `run`, never beside `[discord]`, and only through the queue's rules:
//! a reviewer's identity, two different people for a disclosure, nothing for a blocked item.

mod cli_support;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use reviewgate::config::{self, LoadedConfig};
use reviewgate::model::{Assessment, Decision};
use reviewgate::queue::{Actor, People, Queue, State};
use reviewgate::service::example_server;
use reviewgate::service::Pipeline;
use reviewgate::store::Store;

const SOURCE: &str = "phpbb-support-thread";

/// The bundled example's config in `dir`, its recorded approvals read from `dir` (empty at
/// first), with `extra` appended (more sources, reviewers).
fn example(dir: &Path, extra: &str) -> PathBuf {
    let cfg = cli_support::example_config(dir);
    let approvals = dir.join("approvals.jsonl");
    std::fs::write(&approvals, "").unwrap();
    let text = std::fs::read_to_string(&cfg).unwrap().replace(
        &format!("\"{}/fixtures/example-approvals.jsonl\"", cli_support::ROOT),
        &format!("\"{}\"", approvals.display()),
    );
    assert!(
        text.contains("approvals.jsonl\""),
        "approvals path replaced"
    );
    std::fs::write(&cfg, format!("{text}\n{extra}")).unwrap();
    cfg
}

fn record(dir: &Path, lines: &[serde_json::Value]) {
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(dir.join("approvals.jsonl"), text).unwrap();
}

fn line(post_id: &str, version: u32, by: &str, reply: &str) -> serde_json::Value {
    serde_json::json!({"source": SOURCE, "post_id": post_id, "version": version, "by": by,
        "reason": "checked against the account", "reply": reply})
}

fn load(cfg: &Path) -> Arc<LoadedConfig> {
    Arc::new(config::load(cfg).unwrap_or_else(|e| panic!("{e}")))
}

/// Polls the support thread once with the example server of this "invocation" running.
/// `replay`: as `scan` builds its pipeline (the server's bound address handed over); else as
/// `run` does. `other_server`: the recorded approvals are offered a server that does not
/// serve the config's sources (another one, bound elsewhere).
fn poll(cfg: &Arc<LoadedConfig>, store: &Arc<Store>, replay: bool, other_server: bool) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let ex = cfg.config.example_server.as_ref().unwrap();
        let root = cfg.resolve(&ex.root);
        let server = example_server::start(&root, &ex.listen).await.unwrap();
        let other = example_server::start(&root, "127.0.0.1:0").await.unwrap();
        let mut pipeline = Pipeline::new(cfg.clone(), store.clone()).unwrap();
        if replay {
            let bound = if other_server {
                other.addr
            } else {
                server.addr
            };
            pipeline = pipeline.replaying_example_approvals(bound);
        }
        let index = cfg
            .config
            .sources
            .iter()
            .position(|s| s.name == SOURCE)
            .unwrap();
        pipeline.poll_source(index).await.unwrap();
    });
}

fn item_of(store: &Store, post: &str) -> i64 {
    Queue::new(store)
        .open_item_for_post(SOURCE, post)
        .unwrap()
        .unwrap_or_else(|| panic!("no open item for {post}"))
}

fn reply_of(store: &Store, post: &str) -> String {
    Queue::new(store).show(item_of(store, post)).unwrap().reply
}

/// Rewrites the item of `post` to `text` with the given decision (as a reviewer would).
fn rewrite(store: &Store, post: &str, text: &str, decision: Decision) -> u32 {
    let id = item_of(store, post);
    let q = Queue::new(store);
    let v = q.show(id).unwrap().version;
    let assess = |t: &str| Assessment {
        decision,
        findings: vec![],
        redacted: t.to_string(),
    };
    q.rewrite(id, v, &Actor::new("discord:42", true, false), text, &assess)
        .unwrap()
        .version
}

fn actors(store: &Store, id: i64) -> Vec<(String, String)> {
    store
        .audit_entries(Some(id))
        .unwrap()
        .into_iter()
        .map(|e| (e.actor, e.action))
        .collect()
}

const REVIEWERS: &str = "[[reviewers]]\nname = \"alice\"\ndiscord_user_id = \"111\"\nos_users = [\"alice-os\"]\n\n[[reviewers]]\nname = \"bob\"\ndiscord_user_id = \"222\"\nos_users = [\"bob-os\"]\n";

const DISCLOSING: &str = "Hi lena_w, your Business plan account C-10429 shows the scan ran on 3 March; please contact support@smartsecurityscan.com.";

#[test]
fn recorded_approvals_are_replayed_by_scan_only_and_audited_as_example_names() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = load(&example(dir.path(), ""));
    let store = Arc::new(Store::open_in_memory().unwrap());
    // As `run` builds its pipeline: the file is never read.
    poll(&cfg, &store, false, false);
    let reply = reply_of(&store, "p80101");
    record(dir.path(), &[line("p80101", 1, "alice", &reply)]);
    poll(&cfg, &store, false, false);
    let id = item_of(&store, "p80101");
    assert_eq!(Queue::new(&store).show(id).unwrap().state, State::Pending);
    assert!(
        !actors(&store, id)
            .iter()
            .any(|(a, _)| a.starts_with("example:")),
        "{:?}",
        actors(&store, id)
    );

    // As `scan` builds it: replayed through the queue, audited as example:alice.
    poll(&cfg, &store, true, false);
    let view = Queue::new(&store).show(id).unwrap();
    assert!(
        matches!(view.state, State::Approved | State::Posted),
        "{:?}",
        view.state
    );
    assert_eq!(view.approvals.len(), 1);
    assert_eq!(view.approvals[0].by, "example:alice");
    assert!(actors(&store, id).contains(&("example:alice".into(), "approve".into())));
}

#[test]
fn approvals_apply_only_to_sources_of_the_server_this_invocation_bound() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = load(&example(dir.path(), ""));
    let store = Arc::new(Store::open_in_memory().unwrap());
    poll(&cfg, &store, false, false);
    let reply = reply_of(&store, "p80101");
    record(dir.path(), &[line("p80101", 1, "alice", &reply)]);
    // Another example server (another address) serves none of the config's sources.
    poll(&cfg, &store, true, true);
    let id = item_of(&store, "p80101");
    assert_eq!(Queue::new(&store).show(id).unwrap().state, State::Pending);
}

fn load_err(cfg: &Path) -> String {
    config::load(cfg).unwrap_err().to_string()
}

#[test]
fn a_config_whose_approvals_name_a_source_the_example_does_not_serve_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = example(
        dir.path(),
        "[[sources]]\nname = \"real-forum\"\nkind = \"feed\"\nurl = \"https://forum.example/feed.rss\"\n\n\
         [[sources]]\nname = \"hopping\"\nkind = \"feed\"\nurl = \"http://127.0.0.1:1/feed.rss\"\n",
    );
    let mut other = line("p1", 1, "alice", "x");
    other["source"] = "real-forum".into();
    let mut unknown = line("p1", 1, "alice", "x");
    unknown["source"] = "no-such-source".into();
    record(
        dir.path(),
        &[line("p80101", 1, "alice", "x"), other, unknown],
    );
    let err = load_err(&cfg);
    let file = dir.path().join("approvals.jsonl").display().to_string();
    assert!(
        err.contains(&format!("{file}:2")) && err.contains("real-forum"),
        "{err}"
    );
    assert!(err.contains("not served by [example_server]"), "{err}");
    assert!(
        err.contains(&format!("{file}:3")) && err.contains("no-such-source"),
        "{err}"
    );
    assert!(!err.contains(&format!("{file}:1")), "{err}");

    // A source on the example's address that may follow links to other hosts is refused too.
    let dir = tempfile::tempdir().unwrap();
    let cfg = example(dir.path(), "");
    let text = std::fs::read_to_string(&cfg).unwrap().replacen(
        "preset = \"phpbb\"\n# staff_authors",
        "preset = \"phpbb\"\nfollow_hosts = [\"forum.example\"]\n# staff_authors",
        1,
    );
    assert!(text.contains("follow_hosts = [\"forum.example\"]"));
    std::fs::write(&cfg, text).unwrap();
    record(dir.path(), &[line("p80101", 1, "alice", "x")]);
    let err = load_err(&cfg);
    assert!(err.contains("follow_hosts"), "{err}");
}

#[test]
fn with_discord_configured_the_file_is_never_replayed() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = load(&example(
        dir.path(),
        "[discord]\nreview_channel_id = 1\nadmin_channel_id = 2\nreviewer_role_id = 3\nadmin_role_id = 4\n",
    ));
    let store = Arc::new(Store::open_in_memory().unwrap());
    poll(&cfg, &store, false, false);
    let reply = reply_of(&store, "p80101");
    record(dir.path(), &[line("p80101", 1, "alice", &reply)]);
    poll(&cfg, &store, true, false);
    let id = item_of(&store, "p80101");
    assert_eq!(Queue::new(&store).show(id).unwrap().state, State::Pending);
}

#[test]
fn with_reviewers_configured_the_name_must_be_a_reviewer() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = load(&example(dir.path(), REVIEWERS));
    let store = Arc::new(Store::open_in_memory().unwrap());
    poll(&cfg, &store, false, false);
    let reply = reply_of(&store, "p80101");
    record(dir.path(), &[line("p80101", 1, "mallory", &reply)]);
    poll(&cfg, &store, true, false);
    let id = item_of(&store, "p80101");
    assert_eq!(Queue::new(&store).show(id).unwrap().state, State::Pending);
    let audit = store.audit_entries(Some(id)).unwrap();
    let refusal = audit
        .iter()
        .find(|e| e.actor == "example:mallory" && e.action == "refuse:approve")
        .unwrap_or_else(|| panic!("{audit:?}"));
    assert!(
        refusal.detail.contains("[[reviewers]]"),
        "{}",
        refusal.detail
    );
}

#[test]
fn without_reviewers_a_recorded_approval_approves_routine_replies_only() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = load(&example(dir.path(), ""));
    let store = Arc::new(Store::open_in_memory().unwrap());
    poll(&cfg, &store, false, false);
    let v = rewrite(&store, "p80101", DISCLOSING, Decision::NeedsReview);
    record(
        dir.path(),
        &[
            line("p80101", v, "alice", DISCLOSING),
            line("p80101", v, "bob", DISCLOSING),
        ],
    );
    poll(&cfg, &store, true, false);
    let id = item_of(&store, "p80101");
    let view = Queue::new(&store).show(id).unwrap();
    assert_eq!(view.state, State::Pending);
    assert!(view.approvals.is_empty(), "{:?}", view.approvals);
    assert!(
        actors(&store, id).contains(&("example:alice".into(), "refuse:approve".into())),
        "the refusal is audited: {:?}",
        actors(&store, id)
    );
}

#[test]
fn one_person_counts_once_whatever_the_spelling_or_the_channel() {
    let dir = tempfile::tempdir().unwrap();
    let path = example(dir.path(), REVIEWERS);
    let cfg = load(&path);
    let store = Arc::new(Store::open_in_memory().unwrap());
    poll(&cfg, &store, false, false);
    let v = rewrite(&store, "p80101", DISCLOSING, Decision::NeedsReview);
    record(
        dir.path(),
        &[
            line("p80101", v, "alice", DISCLOSING),
            line("p80101", v, " ALICE", DISCLOSING),
            line("p80101", v, "alice", DISCLOSING),
        ],
    );
    poll(&cfg, &store, true, false);
    poll(&cfg, &store, true, false);
    let id = item_of(&store, "p80101");
    let people = People::from_config(&cfg.config.reviewers);
    let q = Queue::with_people(&store, &people);
    let view = q.show(id).unwrap();
    assert_eq!(view.state, State::Pending, "one person is one approval");
    assert_eq!(view.approvals.len(), 1, "{:?}", view.approvals);
    // Alice in Discord or at the CLI is the same person as in the file.
    for who in ["discord:111", "cli:alice"] {
        let err = q
            .approve(id, v, &Actor::new(who, true, false), "me again")
            .unwrap_err();
        assert!(err.to_string().contains("example:alice"), "{who}: {err}");
    }
    // Bob, a second person, completes it.
    q.approve(id, v, &Actor::new("discord:222", true, false), "agreed")
        .unwrap();
    assert_eq!(q.show(id).unwrap().state, State::Approved);
}

#[test]
fn a_blocked_item_is_never_approved_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = load(&example(dir.path(), REVIEWERS));
    let store = Arc::new(Store::open_in_memory().unwrap());
    poll(&cfg, &store, false, false);
    let text = "Hi lena_w, we looked at the mailbox of your server and the messages are fine.";
    let v = rewrite(&store, "p80101", text, Decision::Blocked);
    record(
        dir.path(),
        &[
            line("p80101", v, "alice", text),
            line("p80101", v, "bob", text),
        ],
    );
    poll(&cfg, &store, true, false);
    let id = item_of(&store, "p80101");
    let view = Queue::new(&store).show(id).unwrap();
    assert_eq!(view.state, State::Pending);
    assert!(view.approvals.is_empty());

    // Two people recorded for a disclosure: approved, each under their own name.
    let v = rewrite(&store, "p80103", DISCLOSING, Decision::NeedsReview);
    record(
        dir.path(),
        &[
            {
                let mut l = line("p80103", v, "alice", DISCLOSING);
                l["post_id"] = "p80103".into();
                l
            },
            line("p80103", v, "bob", DISCLOSING),
        ],
    );
    poll(&cfg, &store, true, false);
    let view = Queue::new(&store).show(item_of(&store, "p80103")).unwrap();
    assert_eq!(view.state, State::Approved);
    let by: Vec<&str> = view.approvals.iter().map(|a| a.by.as_str()).collect();
    assert_eq!(by, ["example:alice", "example:bob"]);
}

/// The binary end to end: `run` on the bundled example says it leaves the recorded approvals
/// to reviewers and approves nothing; a `scan` afterwards replays them.
#[test]
fn run_never_replays_the_recorded_approvals_and_says_so() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command as StdCommand, Stdio};
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let cfg = cli_support::example_config(dir.path());
    let rg = || {
        let mut c = assert_cmd::Command::cargo_bin("reviewgate").unwrap();
        c.arg("--config").arg(&cfg);
        c
    };
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("reviewgate"))
        .arg("--config")
        .arg(&cfg)
        .args(["--log", "info", "run"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut log = Vec::new();
    while Instant::now() < deadline
        && !log
            .iter()
            .any(|l: &String| l.contains("Source polled.") && l.contains(SOURCE))
    {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            log.push(line);
        }
    }
    let pid = child.id().to_string();
    assert!(StdCommand::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    assert!(child.wait().unwrap().success());
    while let Ok(line) = rx.recv_timeout(Duration::from_millis(300)) {
        log.push(line);
    }
    let log = log.join("\n");
    assert!(log.contains("Source polled."), "{log}");
    assert!(log.contains("replayed by `scan` only"), "{log}");
    assert!(!log.contains("Replayed a recorded approval"), "{log}");

    let states = |rg: &dyn Fn() -> assert_cmd::Command| -> Vec<(String, String)> {
        let out = rg().args(["queue", "list", "--json"]).output().unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|i| i["source"] == SOURCE)
            .map(|i| {
                (
                    i["post_id"].as_str().unwrap().to_string(),
                    i["state"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let after_run = states(&rg);
    assert_eq!(after_run.len(), 2, "{after_run:?}");
    assert!(
        after_run.iter().all(|(_, s)| s == "pending"),
        "{after_run:?}"
    );
    rg().args(["scan", "--once"]).assert().success();
    let after_scan = states(&rg);
    assert!(
        after_scan
            .iter()
            .all(|(_, s)| s == "approved" || s == "posted"),
        "{after_scan:?}"
    );
}

/// `scan` with `[discord]` configured: the file is ignored, and the scan says why.
#[test]
fn scan_with_discord_ignores_the_recorded_approvals_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = cli_support::example_config(dir.path());
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str("\n[discord]\nreview_channel_id = 1\nadmin_channel_id = 2\nreviewer_role_id = 3\nadmin_role_id = 4\napi_base = \"http://127.0.0.1:9\"\n");
    std::fs::write(&cfg, text).unwrap();
    let out = assert_cmd::Command::cargo_bin("reviewgate")
        .unwrap()
        .arg("--config")
        .arg(&cfg)
        .args(["scan", "--once", "--json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("Ignored the example's recorded approvals") && stderr.contains("[discord]"),
        "{stderr}"
    );
    let items = assert_cmd::Command::cargo_bin("reviewgate")
        .unwrap()
        .arg("--config")
        .arg(&cfg)
        .args(["queue", "list", "--json"])
        .output()
        .unwrap();
    let items = String::from_utf8(items.stdout).unwrap();
    let support: Vec<serde_json::Value> = items
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|i| i["source"] == SOURCE)
        .collect();
    assert_eq!(support.len(), 2);
    assert!(
        support.iter().all(|i| i["state"] == "pending"),
        "{support:?}"
    );
}
