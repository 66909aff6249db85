//! Crash safety of the gate (issue 10): `scan --once` is killed (SIGKILL) at ten random points
//! while a few hundred generated pages bring new posts, with accounts imported. After a rescan
//! every post that carries an account's email is linked to it, every relevant post has exactly
//! one open item, every open item carries the decision its account requires (a rewrite naming
//! the account's start date needs two reviewers), and the audit trail verifies.

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

use rand::{Rng, SeedableRng};
use reviewgate::assess::{AssessInput, Assessor};
use reviewgate::model::Decision;
use reviewgate::queue::{Actor, Queue};
use reviewgate::service::control::item_assessor;
use reviewgate::store::Store;

mod gate_support;

use gate_support::*;

const SOURCES: usize = 40;
const ACCOUNTS: usize = 60;
const KILLS: usize = 10;
/// New posts per source and scan.
const PER_GEN: usize = 3;

fn created(i: usize) -> String {
    (chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap() + chrono::Days::new(i as u64 * 7))
        .format("%Y-%m-%d")
        .to_string()
}

fn email(i: usize) -> String {
    format!("person{i}@shop{i}-mail.example")
}

/// Post `g` of source `s`: every third names an account's email (a strong identifier).
fn generated(s: usize, g: usize) -> (String, String, String, Option<usize>) {
    let id = format!("s{s}g{g}");
    let n = s * 31 + g;
    let (text, account) = if n % 3 == 0 {
        let a = n % ACCOUNTS;
        (
            format!(
                "Smart Security Scan locked me out again, mail me at {}",
                email(a)
            ),
            Some(a),
        )
    } else {
        (
            format!("Smart Security Scan report number {n} looks odd"),
            None,
        )
    };
    (id, format!("poster{n}"), text, account)
}

/// Every source's page holds generations 0..=gen (`PER_GEN` posts each), newest first.
fn publish(site: &Site, gen: usize) {
    for s in 0..SOURCES {
        let posts: Vec<_> = (0..(gen + 1) * PER_GEN)
            .rev()
            .map(|g| {
                let (id, author, text, _) = generated(s, g);
                (id, author, text)
            })
            .collect();
        site.set(&format!("src{s}"), thread(&posts));
    }
}

#[test]
fn sigkill_at_random_points_of_scans_keeps_every_post_linked_and_queued_once() {
    let seed: u64 = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| rand::thread_rng().gen());
    eprintln!("CRASH_SEED={seed}");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let site = Site::default();
    let addr = serve(site.clone());
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..SOURCES).map(|s| format!("src{s}")).collect();
    let cfg = config(dir.path(), addr, &names, "");
    // A slow shared CPU must not turn into fetch timeouts: the test is about commits.
    let text = std::fs::read_to_string(&cfg)
        .unwrap()
        .replace("timeout = \"5s\"", "timeout = \"120s\"");
    std::fs::write(&cfg, text).unwrap();
    let mut csv = String::from(ACCOUNTS_HEADER);
    for i in 0..ACCOUNTS {
        csv.push_str(&format!(
            "C-{i},Person {i},{},shop{i}.example,active,pro,{},\n",
            email(i),
            created(i)
        ));
    }
    let accounts = dir.path().join("accounts.csv");
    std::fs::write(&accounts, csv).unwrap();
    rg(&cfg)
        .args(["customers", "import"])
        .arg(&accounts)
        .assert()
        .success();

    // A first scan, not killed, tells how long one takes here.
    let scan = || {
        Command::new(assert_cmd::cargo::cargo_bin("reviewgate"))
            .arg("--config")
            .arg(&cfg)
            .args(["scan", "--once"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    publish(&site, 0);
    let started = Instant::now();
    assert!(scan().wait().unwrap().success());
    let full = started.elapsed();
    eprintln!("one scan takes {full:?}");
    // Each later scan meets new posts; the kill lands anywhere from start-up to the end.
    let mut hit = 0;
    for gen in 1..=KILLS {
        publish(&site, gen);
        let mut child = scan();
        let at = full.mul_f64(rng.gen_range(0.05..1.1));
        std::thread::sleep(at);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            hit += 1;
        }
        child.wait().unwrap();
    }
    eprintln!("{hit} of {KILLS} kills hit a running scan");
    let t = Instant::now();

    let out = rg(&cfg).args(["scan", "--once"]).output().unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && !log.contains("warning"), "{log}");
    eprintln!("rescan {:?}", t.elapsed());
    let store = Arc::new(Store::open(&store_path(&cfg)).unwrap());
    let queue = Queue::new(&store);
    let items = queue.list(None).unwrap();
    let mut open: HashMap<(String, String), Vec<i64>> = HashMap::new();
    for item in items.iter().filter(|i| is_open(i)) {
        open.entry((item.source.clone(), item.post_id.clone()))
            .or_default()
            .push(item.id);
    }
    let loaded = reviewgate::config::load(&cfg).unwrap();
    let assessor = Arc::new(Assessor::new(&loaded.config.assess, &loaded.config.service).unwrap());
    let mut identified = Vec::new();
    for s in 0..SOURCES {
        for g in 0..(KILLS + 1) * PER_GEN {
            let (id, _, _, account) = generated(s, g);
            let source = format!("src{s}");
            let post = store
                .post(&source, &id)
                .unwrap()
                .expect("every post stored");
            let ids = open
                .get(&(source.clone(), id.clone()))
                .cloned()
                .unwrap_or_default();
            assert_eq!(
                ids.len(),
                1,
                "post {source}/{id} has one open item: {ids:?}"
            );
            if let Some(a) = account {
                let linked = post.matched.as_ref().map(|m| m.customer_id.as_str());
                assert_eq!(
                    linked,
                    Some(format!("C-{a}").as_str()),
                    "post {source}/{id}"
                );
                identified.push((ids[0], a));
            }
        }
    }
    eprintln!("links checked {:?}", t.elapsed());
    // Every open item carries the decision its linked account requires for its reply.
    for item in items.iter().filter(|i| is_open(i)) {
        let customer = item
            .customer_id
            .as_deref()
            .and_then(|c| store.customer(c).unwrap());
        let post = store.post(&item.source, &item.post_id).unwrap().unwrap();
        let required = assessor.assess(&AssessInput {
            customer: customer.as_ref(),
            post_author: &post.author,
            post_text: &post.text,
            reply: &item.reply,
        });
        assert!(
            item.decision >= required.decision,
            "item {}: {:?}",
            item.id,
            item.decision
        );
    }
    eprintln!("decisions checked {:?}", t.elapsed());
    // And a rewrite naming the account's start date is held for two reviewers.
    let assess = item_assessor(store.clone(), assessor.clone());
    let actor = Actor::new("cli:staff", true, false);
    for &(id, a) in identified.iter().step_by(7) {
        let view = queue.show(id).unwrap();
        assert_eq!(view.customer_id, Some(format!("C-{a}")), "item {id}");
        let text = format!("Thanks, we will look at it since {}.", created(a));
        let now = queue
            .rewrite(id, view.version, &actor, &text, &|t: &str| assess(&view, t))
            .unwrap();
        assert_eq!(now.decision, Decision::NeedsReview, "item {id}: {text}");
    }
    drop(store);
    rg(&cfg).args(["audit", "verify"]).assert().success();
}
