//! The "Publish" button on an approved item's review message, through signed HTTP
//! interactions against the fake Discord REST server and a fake Discourse on loopback: shown
//! only where the item's source has a publisher, role-checked like approving, audited, sent
//! once (a second click, a stale click and a forged button send nothing), and the review
//! message then shows where the reply was posted.

mod fake_discord;
mod loop_support;

use std::path::Path;
use std::sync::Arc;

use fake_discord::harness::*;
use fake_discord::FakeDiscord;
use reviewgate::config::load_str;
use reviewgate::discord::{serve_interactions, DiscordDeps};
use reviewgate::model::Post;
use reviewgate::publish::Publishing;
use reviewgate::queue::{Actor, Queue, State};
use reviewgate::store::Store;

const REPLY: &str =
    "Thank you for the review, bytewarden941. Please contact support so we can help.";

/// phpbb-thread publishes through the fake Discourse (topic 77); other-forum has no publisher.
fn publishing(addr: std::net::SocketAddr) -> Publishing {
    let text = format!(
        "[service]\nname = \"Smart Security Scan\"\n[http]\nmax_attempts = 3\nretry_base_delay = \"10ms\"\nmax_retry_wait = \"100ms\"\n\
         [[sources]]\nname = \"phpbb-thread\"\nkind = \"html\"\nurl = \"https://forum.example/viewtopic.php?t=1\"\n\
         [sources.publisher]\nkind = \"discourse\"\nurl = \"http://{addr}\"\napi_key_env = \"K\"\nusername_env = \"U\"\ntopic_id = 77\n\
         [[sources]]\nname = \"other-forum\"\nkind = \"html\"\nurl = \"https://other.example/\"\n"
    );
    let cfg = load_str(Path::new("t.toml"), &text).unwrap();
    Publishing::new(
        Arc::new(cfg.config),
        Arc::new(|k: &str| match k {
            "K" => Some(loop_support::DISCOURSE_KEY.into()),
            "U" => Some(loop_support::DISCOURSE_USER.into()),
            _ => None,
        }),
    )
}

/// An approved routine item answering a post of `source`.
fn approved(store: &Store, source: &str, post_id: &str) -> i64 {
    let mut p: Post = post(post_id, "Smart Security Scan flagged my site.");
    p.source = source.into();
    let q = Queue::new(store);
    let id = q
        .enqueue(&p, None, REPLY, &assess_text(REPLY), "bot:draft")
        .unwrap();
    q.approve(id, 1, &Actor::new("discord:11", true, false), "")
        .unwrap();
    id
}

async fn start_publishing(
    store: Arc<Store>,
    fake: &FakeDiscord,
    publishing: Publishing,
) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::watch::channel(false);
    let sources = Arc::new(FakeSources::default());
    let deps = DiscordDeps {
        config: config(&fake.base),
        token: "test-token".into(),
        store,
        assess: assessor(),
        sources: sources.clone(),
        tuning: fast_tuning(),
        people: Arc::new(people()),
        publishing: Some(Arc::new(publishing)),
    };
    let task = tokio::spawn(async move { serve_interactions(deps, listener, rx).await.unwrap() });
    Running {
        addr,
        shutdown: tx,
        task,
        sources,
    }
}

fn actions(store: &Store, id: i64) -> Vec<(String, String)> {
    store
        .audit_entries(Some(id))
        .unwrap()
        .into_iter()
        .map(|e| (e.actor, e.action))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_publish_button_sends_the_approved_reply_once_and_the_card_shows_where() {
    let (platform_addr, platform) = loop_support::serve();
    let fake = FakeDiscord::start().await;
    let (_dir, path) = temp_db();
    let store = open(&path);
    let id = approved(&store, "phpbb-thread", "p1");
    let manual = approved(&store, "other-forum", "p2");
    let running = start_publishing(store.clone(), &fake, publishing(platform_addr)).await;

    let message = posted(&fake, id).await;
    let publish = format!("rg:b:publish:{id}:1");
    assert!(buttons(&current(&fake, id)).contains(&publish));
    // No publisher for other-forum: no button, and a forged click is refused.
    posted(&fake, manual).await;
    let manual_buttons = buttons(&current(&fake, manual));
    assert!(
        !manual_buttons.iter().any(|b| b.contains(":publish:")),
        "{manual_buttons:?}"
    );
    let (_, answer) = send_signed(
        running.addr,
        &click(
            ALICE,
            &[REVIEWER_ROLE],
            &format!("rg:b:publish:{manual}:1"),
            1,
        ),
    )
    .await;
    let text = ephemeral_text(&answer);
    assert!(text.contains("has no [sources.publisher]"), "{text}");

    // Without the reviewer role: refused and audited, nothing sent.
    let (_, answer) = send_signed(running.addr, &click(MALLORY, &[], &publish, message)).await;
    assert!(ephemeral_text(&answer).starts_with("Refused"), "{answer}");
    // A click on an outdated version: refused.
    let (_, answer) = send_signed(
        running.addr,
        &click(
            ALICE,
            &[REVIEWER_ROLE],
            &format!("rg:b:publish:{id}:2"),
            message,
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).starts_with("Refused"), "{answer}");
    assert!(platform.requests().is_empty(), "no platform contacted");

    // A reviewer publishes; the platform answers 502 once first (nothing created).
    platform.fail_next(&[502]);
    let (status, answer) = send_signed(
        running.addr,
        &click(ALICE, &[REVIEWER_ROLE], &publish, message),
    )
    .await;
    assert_eq!(status, 200);
    let text = ephemeral_text(&answer);
    let url = format!("http://{platform_addr}/t/smart-security-scan-review/77/10");
    assert!(text.contains(&url), "{text}");
    let created = platform.created();
    assert_eq!(created.len(), 1);
    assert_eq!(created[0]["raw"], REPLY, "exactly the approved version");
    let view = Queue::new(&store).show(id).unwrap();
    assert_eq!(view.state, State::Posted);
    assert_eq!(view.posted.as_ref().unwrap().place, url);

    // A second click (an old message, a double click) sends nothing.
    let (_, answer) = send_signed(
        running.addr,
        &click(BOB, &[REVIEWER_ROLE], &publish, message),
    )
    .await;
    assert!(ephemeral_text(&answer).starts_with("Refused"), "{answer}");
    assert_eq!(platform.created().len(), 1, "published once");

    // The review message shows where it was posted, and no Publish button any more.
    let body = eventually("the card shows the URL", || {
        let body = current(&fake, id);
        // The "Posted" field, its Markdown escapes taken out.
        let posted = body["embeds"][0]["fields"]
            .as_array()?
            .iter()
            .find(|f| f["name"] == "Posted")?["value"]
            .as_str()?
            .replace('\\', "");
        posted.contains(&url).then_some(body)
    })
    .await;
    assert!(!buttons(&body).contains(&publish), "{body}");

    let trail = actions(&store, id);
    for (actor, action) in [
        ("discord:13", "refuse:publish"),
        ("discord:11", "publish_start"),
        ("discord:11", "publish_sent"),
        ("discord:11", "mark_posted"),
        ("discord:12", "refuse:publish"),
    ] {
        assert!(
            trail.iter().any(|(a, x)| a == actor && x == action),
            "{actor} {action} in {trail:?}"
        );
    }
    running.stop().await;
}
