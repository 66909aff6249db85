//! Publishing through the platform's API against fake Discourse, WordPress and webhook
//! servers on loopback: exactly the approved version, once under retries and across a crash
//! between send and record, refused before any call when not approved or stale, the URL stored.

mod loop_support;

use std::path::Path;

use loop_support::*;
use reviewgate::config::{load_str, LoadedConfig};
use reviewgate::model::{Assessment, Decision, Post};
use reviewgate::publish::{self, PublishError};
use reviewgate::queue::{Actor, Queue, State};
use reviewgate::store::{PublishRecord, Store};

const REPLY: &str = "Hi nkim_dev, thank you for the review. Please contact support@smartsecurityscan.com so we can help.";

fn config(addr: std::net::SocketAddr, publisher: &str) -> LoadedConfig {
    let text = format!(
        "[service]\nname = \"Smart Security Scan\"\n[http]\nmax_attempts = 4\nretry_base_delay = \"10ms\"\nmax_retry_wait = \"200ms\"\n\
         [[sources]]\nname = \"forum\"\nkind = \"html\"\nurl = \"http://{addr}/t/smart-security-scan-review/77\"\n\
         [sources.publisher]\n{publisher}\n"
    );
    load_str(Path::new("t.toml"), &text).unwrap()
}

fn discourse(addr: std::net::SocketAddr) -> LoadedConfig {
    config(
        addr,
        &format!("kind = \"discourse\"\nurl = \"http://{addr}\"\napi_key_env = \"RG_DISCOURSE_KEY\"\nusername_env = \"RG_DISCOURSE_USER\""),
    )
}

fn env(k: &str) -> Option<String> {
    match k {
        "RG_DISCOURSE_KEY" => Some(DISCOURSE_KEY.into()),
        "RG_DISCOURSE_USER" => Some(DISCOURSE_USER.into()),
        "RG_WP_USER" => Some(WP_USER.into()),
        "RG_WP_PASSWORD" => Some(WP_PASSWORD.into()),
        "RG_HOOK_SECRET" => Some(HOOK_SECRET.into()),
        _ => None,
    }
}

fn reviewer() -> Actor {
    Actor::new("cli:alice", true, false)
}

/// An item answering post 3 of topic 77, approved at version 1 (or left pending).
fn item(store: &Store, approve: bool) -> i64 {
    let post = Post {
        source: "forum".into(),
        id: "comment-42".into(),
        url: Some("http://forum.example/t/smart-security-scan-review/77/3".into()),
        author: "nkim_dev".into(),
        published_at: None,
        text: "Is Smart Security Scan any good?".into(),
        quotes: vec![],
        relevant: true,
        truncated: false,
        matched: None,
    };
    let a = Assessment {
        decision: Decision::Routine,
        findings: vec![],
        redacted: REPLY.into(),
    };
    let q = Queue::new(store);
    let id = q.enqueue(&post, None, REPLY, &a, "bot:draft").unwrap();
    if approve {
        q.approve(id, 1, &reviewer(), "fine").unwrap();
    }
    id
}

fn run(store: &Store, cfg: &LoadedConfig, id: i64, version: u32) -> Result<String, PublishError> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let prepared = publish::prepare(store, &cfg.config, id, version, &reviewer(), false)?;
    let outcome = rt.block_on(publish::send(&prepared, &cfg.config.http, env));
    publish::finish(store, &prepared, &outcome, &reviewer())
}

#[test]
fn discourse_publishes_the_approved_version_once_under_retries_and_stores_the_url() {
    let (addr, platform) = serve();
    let cfg = discourse(addr);
    let store = Store::open_in_memory().unwrap();
    let id = item(&store, true);
    platform.fail_next(&[503, 429, 502]);

    let url = run(&store, &cfg, id, 1).unwrap();
    assert_eq!(
        platform.requests().len(),
        4,
        "three failures, then the post"
    );
    assert_eq!(
        platform.lookups().len(),
        2,
        "after each 5xx (not the 429) the platform was checked for the reply"
    );
    let created = platform.created();
    assert_eq!(created.len(), 1);
    assert_eq!(created[0]["raw"], REPLY, "exactly the approved text");
    assert_eq!(created[0]["topic_id"], 77);
    assert_eq!(created[0]["reply_to_post_number"], 3);
    assert_eq!(
        url,
        format!("http://{addr}/t/smart-security-scan-review/77/10")
    );
    let view = Queue::new(&store).show(id).unwrap();
    assert_eq!(view.state, State::Posted);
    assert_eq!(view.posted.as_ref().unwrap().place, url);
    assert_eq!(
        store.publish_record(id, 1).unwrap(),
        PublishRecord::Sent { url: url.clone() }
    );

    // Published once: asking again is refused before any call.
    let again = run(&store, &cfg, id, 1).unwrap_err();
    assert!(
        matches!(
            again,
            PublishError::NotApproved {
                state: State::Posted,
                ..
            }
        ),
        "{again}"
    );
    assert_eq!(platform.requests().len(), 4);
    let actions: Vec<String> = store
        .audit_entries(Some(id))
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for a in [
        "publish_start",
        "publish_sent",
        "mark_posted",
        "refuse:publish",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
}

#[test]
fn wordpress_comment_with_an_application_password_answers_the_comment() {
    let (addr, platform) = serve();
    let cfg = config(
        addr,
        &format!("kind = \"wordpress\"\nurl = \"http://{addr}/\"\nusername_env = \"RG_WP_USER\"\npassword_env = \"RG_WP_PASSWORD\"\npost_id = 1234"),
    );
    let store = Store::open_in_memory().unwrap();
    let id = item(&store, true);
    platform.fail_next(&[500]);
    let url = run(&store, &cfg, id, 1).unwrap();
    let created = platform.created();
    assert_eq!(created.len(), 1);
    assert_eq!(created[0]["post"], 1234);
    assert_eq!(
        created[0]["parent"], 42,
        "a reply to the comment it answers"
    );
    assert_eq!(created[0]["content"]["raw"], REPLY);
    assert_eq!(url, "https://blog.example/?p=1234#comment-500");
    assert_eq!(
        Queue::new(&store).show(id).unwrap().posted.unwrap().place,
        url
    );
}

#[test]
fn a_definite_refusal_is_not_retried_and_leaves_the_item_approved() {
    let (addr, platform) = serve();
    // The wrong key: Discourse answers 403, which retrying does not cure.
    let cfg = config(
        addr,
        &format!("kind = \"discourse\"\nurl = \"http://{addr}\"\napi_key_env = \"RG_WP_USER\"\nusername_env = \"RG_DISCOURSE_USER\""),
    );
    let store = Store::open_in_memory().unwrap();
    let id = item(&store, true);
    let err = run(&store, &cfg, id, 1).unwrap_err();
    assert!(err.to_string().contains("403"), "{err}");
    assert_eq!(platform.requests().len(), 1);
    assert_eq!(Queue::new(&store).show(id).unwrap().state, State::Approved);
    assert_eq!(
        store.publish_record(id, 1).unwrap(),
        PublishRecord::Fresh,
        "a failed send may be tried again"
    );
}

#[test]
fn not_approved_or_stale_versions_are_refused_before_any_call() {
    let (addr, platform) = serve();
    let cfg = discourse(addr);
    let store = Store::open_in_memory().unwrap();
    let pending = item(&store, false);
    let err = run(&store, &cfg, pending, 1).unwrap_err();
    assert!(
        matches!(
            err,
            PublishError::NotApproved {
                state: State::Pending,
                ..
            }
        ),
        "{err}"
    );

    // Approved at version 2 after a rewrite: version 1 is stale.
    let q = Queue::new(&store);
    let a = |t: &str| Assessment {
        decision: Decision::Routine,
        findings: vec![],
        redacted: t.into(),
    };
    q.rewrite(
        pending,
        1,
        &reviewer(),
        "Thanks, nkim_dev. Please write to support.",
        &a,
    )
    .unwrap();
    q.approve(pending, 2, &reviewer(), "ok").unwrap();
    let err = run(&store, &cfg, pending, 1).unwrap_err();
    assert!(
        matches!(
            err,
            PublishError::StaleVersion {
                given: 1,
                current: 2,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("approved version is 2"), "{err}");
    assert!(platform.requests().is_empty(), "no platform was contacted");
    assert_eq!(
        store.publish_record(pending, 1).unwrap(),
        PublishRecord::Fresh
    );

    let url = run(&store, &cfg, pending, 2).unwrap();
    assert_eq!(
        platform.created()[0]["raw"],
        "Thanks, nkim_dev. Please write to support."
    );
    assert!(url.ends_with("/77/10"));
}

#[test]
fn a_crash_between_send_and_record_does_not_post_twice() {
    let (addr, platform) = serve();
    let cfg = discourse(addr);
    let store = Store::open_in_memory().unwrap();
    let id = item(&store, true);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();

    // The send goes out and the process dies before `finish` records it.
    let prepared = publish::prepare(&store, &cfg.config, id, 1, &reviewer(), false).unwrap();
    rt.block_on(publish::send(&prepared, &cfg.config.http, env))
        .unwrap();
    assert_eq!(platform.created().len(), 1);
    assert!(matches!(
        store.publish_record(id, 1).unwrap(),
        PublishRecord::InProgress { .. }
    ));

    // Publishing again is refused, naming what to do, and nothing is sent.
    let err = run(&store, &cfg, id, 1).unwrap_err();
    assert!(matches!(err, PublishError::InProgress { .. }), "{err}");
    assert!(err.to_string().contains("--resend-unconfirmed"), "{err}");
    assert_eq!(platform.requests().len(), 1);
    assert_eq!(platform.created().len(), 1, "no double post");
    assert_eq!(Queue::new(&store).show(id).unwrap().state, State::Approved);
}

#[test]
fn a_crash_after_the_answer_was_recorded_finishes_without_sending_again() {
    let (addr, platform) = serve();
    let cfg = discourse(addr);
    let store = Store::open_in_memory().unwrap();
    let id = item(&store, true);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let prepared = publish::prepare(&store, &cfg.config, id, 1, &reviewer(), false).unwrap();
    let url = rt
        .block_on(publish::send(&prepared, &cfg.config.http, env))
        .unwrap();
    store.write(|tx| tx.publish_end(id, 1, Ok(&url))).unwrap();
    // Died before marking the item posted; the next attempt uses the recorded URL.
    assert_eq!(run(&store, &cfg, id, 1).unwrap(), url);
    assert_eq!(platform.created().len(), 1);
    assert_eq!(Queue::new(&store).show(id).unwrap().state, State::Posted);
}

#[test]
fn the_webhook_is_signed_and_keyed_the_same_on_every_attempt() {
    let (addr, platform) = serve();
    let cfg = config(
        addr,
        &format!(
            "kind = \"webhook\"\nurl = \"http://{addr}/hook\"\nsecret_env = \"RG_HOOK_SECRET\""
        ),
    );
    let store = Store::open_in_memory().unwrap();
    let id = item(&store, true);
    platform.fail_next(&[503]);
    let url = run(&store, &cfg, id, 1).unwrap();
    let seen = platform.requests();
    assert_eq!(seen.len(), 2);
    let keys: Vec<&str> = seen
        .iter()
        .map(|s| s.headers["idempotency-key"].to_str().unwrap())
        .collect();
    assert_eq!(keys[0], keys[1]);
    assert_eq!(keys[0], publish::idempotency_key(id, 1, REPLY));
    let created = platform.created();
    assert_eq!(created.len(), 1, "the signature verified: {created:?}");
    assert_eq!(created[0]["body"]["text"], REPLY);
    assert_eq!(url, format!("https://reviews.example/replies/{}", keys[0]));
}

#[test]
fn publisher_settings_are_checked_with_the_config() {
    let problems = LoadedConfig::check(Path::new("/nonexistent"), |_| None);
    assert!(!problems.is_empty());
    let err = load_str(
        Path::new("t.toml"),
        "[service]\nname = \"S\"\n[[sources]]\nname = \"f\"\nkind = \"html\"\nurl = \"https://f.example/\"\n[sources.publisher]\nkind = \"wordpress\"\nurl = \"ftp://f.example\"\nusername_env = \"U\"\n",
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("sources[0].publisher.password_env"), "{err}");
    assert!(err.contains("sources[0].publisher.post_id"), "{err}");
    assert!(err.contains("sources[0].publisher.url"), "{err}");
    let cfg = discourse("127.0.0.1:1".parse().unwrap());
    let env_problems: Vec<String> = cfg
        .env_problems(|_| None)
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert!(
        env_problems.iter().any(|p| p.contains("RG_DISCOURSE_KEY")),
        "{env_problems:?}"
    );
}

// A proxy's 502/504 may come after the platform created the reply: before any retry the
// publisher looks on the platform for the reply and records it as posted if it is there.

#[test]
fn discourse_reply_posted_behind_a_proxy_error_is_found_and_not_posted_again() {
    let (addr, platform) = serve();
    let cfg = discourse(addr);
    let store = Store::open_in_memory().unwrap();
    let id = item(&store, true);
    platform.lose_answers(&[502]);

    let url = run(&store, &cfg, id, 1).unwrap();
    assert_eq!(platform.created().len(), 1, "no double post");
    assert_eq!(platform.requests().len(), 1, "no second POST");
    assert!(
        platform
            .lookups()
            .iter()
            .any(|l| l.starts_with("/t/77.json")),
        "{:?}",
        platform.lookups()
    );
    assert_eq!(
        url,
        format!("http://{addr}/t/smart-security-scan-review/77/10")
    );
    let view = Queue::new(&store).show(id).unwrap();
    assert_eq!(view.state, State::Posted);
    assert_eq!(view.posted.unwrap().place, url);
    assert_eq!(
        store.publish_record(id, 1).unwrap(),
        PublishRecord::Sent { url }
    );
}

#[test]
fn wordpress_comment_posted_behind_a_gateway_timeout_is_found_and_not_posted_again() {
    let (addr, platform) = serve();
    let cfg = config(
        addr,
        &format!("kind = \"wordpress\"\nurl = \"http://{addr}/\"\nusername_env = \"RG_WP_USER\"\npassword_env = \"RG_WP_PASSWORD\"\npost_id = 1234"),
    );
    let store = Store::open_in_memory().unwrap();
    let id = item(&store, true);
    platform.lose_answers(&[504]);
    let url = run(&store, &cfg, id, 1).unwrap();
    assert_eq!(platform.created().len(), 1, "no double post");
    assert_eq!(platform.requests().len(), 1);
    let lookups = platform.lookups();
    assert!(
        lookups
            .iter()
            .any(|l| l.contains("post=1234") && l.contains("parent=42")),
        "{lookups:?}"
    );
    assert_eq!(url, "https://blog.example/?p=1234#comment-500");
    assert_eq!(
        Queue::new(&store).show(id).unwrap().posted.unwrap().place,
        url
    );
}

#[test]
fn a_proxy_error_with_nothing_posted_is_retried_after_looking() {
    let (addr, platform) = serve();
    let cfg = discourse(addr);
    let store = Store::open_in_memory().unwrap();
    let id = item(&store, true);
    platform.fail_next(&[502]);
    let url = run(&store, &cfg, id, 1).unwrap();
    assert_eq!(platform.lookups().len(), 1, "looked once, found nothing");
    assert_eq!(platform.requests().len(), 2, "then sent again");
    assert_eq!(platform.created().len(), 1);
    assert!(url.ends_with("/77/10"), "{url}");
}

#[test]
fn when_the_platform_can_not_be_checked_the_send_stays_unconfirmed() {
    let (addr, platform) = serve();
    let cfg = discourse(addr);
    let store = Store::open_in_memory().unwrap();
    let id = item(&store, true);
    platform.lose_answers(&[502]);
    *platform.lookups_fail.lock().unwrap() = true;
    let err = run(&store, &cfg, id, 1).unwrap_err();
    assert!(err.to_string().contains("502"), "{err}");
    assert_eq!(platform.requests().len(), 1, "never sent blind again");
    assert_eq!(platform.created().len(), 1);
    assert!(
        matches!(
            store.publish_record(id, 1).unwrap(),
            PublishRecord::InProgress { .. }
        ),
        "the outcome is unknown: a later attempt needs --resend-unconfirmed"
    );
    assert_eq!(Queue::new(&store).show(id).unwrap().state, State::Approved);
    let again = run(&store, &cfg, id, 1).unwrap_err();
    assert!(matches!(again, PublishError::InProgress { .. }), "{again}");

    // The platform answers lookups again: a resend looks first and finds the reply.
    *platform.lookups_fail.lock().unwrap() = false;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let prepared = publish::prepare(&store, &cfg.config, id, 1, &reviewer(), true).unwrap();
    let outcome = rt.block_on(publish::send(&prepared, &cfg.config.http, env));
    let url = publish::finish(&store, &prepared, &outcome, &reviewer()).unwrap();
    assert_eq!(platform.requests().len(), 1, "found, not sent again");
    assert_eq!(platform.created().len(), 1);
    assert_eq!(
        Queue::new(&store).show(id).unwrap().posted.unwrap().place,
        url
    );
}

// The check before a retry reads the whole thread (within a bound): on a busy topic the reply
// is no longer among the latest posts, and missing it would post it twice. When the bound is
// reached before the thread ends, whether it was posted is unknown: held, never resent.

fn wordpress(addr: std::net::SocketAddr) -> LoadedConfig {
    config(
        addr,
        &format!("kind = \"wordpress\"\nurl = \"http://{addr}/\"\nusername_env = \"RG_WP_USER\"\npassword_env = \"RG_WP_PASSWORD\"\npost_id = 1234"),
    )
}

#[test]
fn discourse_reply_buried_in_a_busy_topic_is_found_and_not_posted_again() {
    let (addr, platform) = serve();
    let cfg = discourse(addr);
    let store = Store::open_in_memory().unwrap();
    let id = item(&store, true);
    platform.others_post(30);
    // The reply is made, the proxy loses the answer, and 80 more posts arrive before the check.
    *platform.busy_after_create.lock().unwrap() = 80;
    platform.lose_answers(&[502]);

    let url = run(&store, &cfg, id, 1).unwrap();
    assert_eq!(platform.created().len(), 1, "no double post");
    assert_eq!(platform.requests().len(), 1, "no second POST");
    let lookups = platform.lookups();
    assert!(
        lookups.iter().any(|l| l.starts_with("/t/77.json")),
        "{lookups:?}"
    );
    assert!(
        lookups
            .iter()
            .any(|l| l.starts_with("/t/77/posts.json?") && l.contains("post_ids")),
        "{lookups:?}"
    );
    assert_eq!(
        url,
        format!("http://{addr}/t/smart-security-scan-review/77/10")
    );
    assert_eq!(Queue::new(&store).show(id).unwrap().state, State::Posted);
}

#[test]
fn wordpress_comment_buried_under_newer_comments_is_found_and_not_posted_again() {
    let (addr, platform) = serve();
    let cfg = wordpress(addr);
    let store = Store::open_in_memory().unwrap();
    let id = item(&store, true);
    // Others comment too, and the support account answers 150 more comments there.
    *platform.busy_after_create.lock().unwrap() = 40;
    *platform.own_after_create.lock().unwrap() = 150;
    platform.lose_answers(&[504]);

    let url = run(&store, &cfg, id, 1).unwrap();
    assert_eq!(platform.created().len(), 1, "no double post");
    assert_eq!(platform.requests().len(), 1);
    let lookups = platform.lookups();
    assert!(
        lookups
            .iter()
            .any(|l| l.contains("per_page=100") && l.contains("page=2")),
        "the second page was read: {lookups:?}"
    );
    assert_eq!(url, "https://blog.example/?p=1234#comment-500");
    assert_eq!(Queue::new(&store).show(id).unwrap().state, State::Posted);
}

/// A thread longer than the lookup reads: the outcome is unknown, nothing is sent again, and
/// the attempt waits for a human (`--resend-unconfirmed`, which looks again).
fn too_long_to_check(cfg: &LoadedConfig, platform: &Platform, own: usize, page_hint: &str) {
    let store = Store::open_in_memory().unwrap();
    let id = item(&store, true);
    platform.own_posts(own);
    platform.fail_next(&[502]);
    let err = run(&store, cfg, id, 1).unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(
            err,
            PublishError::Send {
                source: publish::SendError::Unconfirmed { .. },
                ..
            }
        ),
        "{text}"
    );
    assert!(text.contains("unknown"), "{text}");
    assert!(text.contains(page_hint), "{text}");
    assert_eq!(platform.requests().len(), 1, "never sent blind again");
    assert!(platform.created().is_empty());
    assert!(matches!(
        store.publish_record(id, 1).unwrap(),
        PublishRecord::InProgress { .. }
    ));
    assert_eq!(Queue::new(&store).show(id).unwrap().state, State::Approved);
    assert!(text.contains("--resend-unconfirmed"), "{text}");

    // Held for a human: a plain retry is refused; after checking the site, the operator's
    // resend goes out (the thread is still too long to read, so their check stands).
    let again = run(&store, cfg, id, 1).unwrap_err();
    assert!(matches!(again, PublishError::InProgress { .. }), "{again}");
    assert!(platform.created().is_empty());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let prepared = publish::prepare(&store, &cfg.config, id, 1, &reviewer(), true).unwrap();
    let outcome = rt.block_on(publish::send(&prepared, &cfg.config.http, env));
    publish::finish(&store, &prepared, &outcome, &reviewer()).unwrap();
    assert_eq!(platform.created().len(), 1);
    assert_eq!(Queue::new(&store).show(id).unwrap().state, State::Posted);
}

#[test]
fn a_discourse_topic_longer_than_the_lookup_reads_leaves_the_outcome_unknown() {
    let (addr, platform) = serve();
    too_long_to_check(&discourse(addr), &platform, 1_100, "posts");
    let chunks = platform
        .lookups()
        .iter()
        .filter(|l| l.starts_with("/t/77/posts.json"))
        .count();
    assert!(
        chunks <= 100,
        "each lookup is bounded: {chunks} pages in two lookups"
    );
}

#[test]
fn wordpress_comments_longer_than_the_lookup_reads_leave_the_outcome_unknown() {
    let (addr, platform) = serve();
    too_long_to_check(&wordpress(addr), &platform, 5_050, "comments");
    assert!(platform.lookups().len() <= 102, "each lookup is bounded");
}

// Only the publishing account's reply is the reply: the same words posted by someone else
// (a guest quoting it, a troll) must not make the lookup report it as published.

#[test]
fn the_same_text_commented_by_someone_else_is_not_taken_for_the_reply() {
    let (addr, platform) = serve();
    let cfg = wordpress(addr);
    let store = Store::open_in_memory().unwrap();
    let id = item(&store, true);
    platform.other_posts(REPLY);
    platform.fail_next(&[502]);
    let url = run(&store, &cfg, id, 1).unwrap();
    assert_eq!(platform.created().len(), 1, "not found, so sent again");
    assert_eq!(url, "https://blog.example/?p=1234#comment-500");
    assert!(
        platform.lookups().iter().any(|l| l.contains("author=7")),
        "{:?}",
        platform.lookups()
    );
}

#[test]
fn the_same_text_posted_by_another_forum_user_is_not_taken_for_the_reply() {
    let (addr, platform) = serve();
    let cfg = discourse(addr);
    let store = Store::open_in_memory().unwrap();
    let id = item(&store, true);
    platform.other_posts(REPLY);
    platform.fail_next(&[502]);
    let url = run(&store, &cfg, id, 1).unwrap();
    assert_eq!(platform.created().len(), 1, "not found, so sent again");
    assert!(url.ends_with("/77/10"), "{url}");
}
