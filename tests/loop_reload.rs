//! A SIGHUP reload reaches the Discord side's publishers too: the "Publish" button publishes
//! with the sources' publishers of the config in force, as `queue publish` does, so a
//! publisher added (or removed) by a reload is used (or refused) without a restart.

mod loop_support;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use loop_support::*;
use reviewgate::config;
use reviewgate::model::{Assessment, Decision, Post};
use reviewgate::publish::{PublishError, Publishing};
use reviewgate::queue::{Actor, Queue, State};
use reviewgate::service::{reload, scheduler, Pipeline};
use reviewgate::store::Store;

const REPLY: &str = "Hi nkim_dev, thank you for the review. Please contact support so we can help.";

fn write_config(dir: &Path, publisher: Option<std::net::SocketAddr>) {
    let feed = dir.join("feed.rss");
    std::fs::write(
        &feed,
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title></channel></rss>",
    )
    .unwrap();
    let mut text = format!(
        "[service]\nname = \"Smart Security Scan\"\n[http]\nmax_attempts = 2\nretry_base_delay = \"10ms\"\nmax_retry_wait = \"50ms\"\n\
         [[sources]]\nname = \"forum\"\nkind = \"feed\"\nurl = \"file://{}\"\ninterval = \"1h\"\n",
        feed.display()
    );
    if let Some(addr) = publisher {
        text.push_str(&format!(
            "[sources.publisher]\nkind = \"discourse\"\nurl = \"http://{addr}\"\napi_key_env = \"K\"\nusername_env = \"U\"\ntopic_id = 77\n"
        ));
    }
    std::fs::write(dir.join("reviewgate.toml"), text).unwrap();
}

fn approved_item(store: &Store) -> i64 {
    let post = Post {
        source: "forum".into(),
        id: "p1".into(),
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
    q.approve(id, 1, &Actor::new("discord:11", true, false), "fine")
        .unwrap();
    id
}

#[test]
fn a_reload_gives_the_publish_button_the_new_publishers() {
    let (addr, platform) = serve();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reviewgate.toml");
    write_config(dir.path(), None);
    let cfg = Arc::new(config::load(&path).unwrap());
    let store = Arc::new(Store::open_in_memory().unwrap());
    let id = approved_item(&store);
    // What `run` hands to the Discord side.
    let publishing = Arc::new(Publishing::new(
        Arc::new(cfg.config.clone()),
        Arc::new(|k: &str| match k {
            "K" => Some(DISCOURSE_KEY.into()),
            "U" => Some(DISCOURSE_USER.into()),
            _ => None,
        }),
    ));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let pipeline = Arc::new(Pipeline::new(cfg.clone(), store.clone()).unwrap());
        let (reload_tx, reload_rx) = tokio::sync::mpsc::channel(1);
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let on_poll: reload::OnPollFor =
            Arc::new(|_: &Arc<Pipeline>| -> scheduler::OnPoll { Arc::new(|_| {}) });
        let task = tokio::spawn(reload::supervise_with(
            path.clone(),
            pipeline,
            reload_rx,
            stop_rx,
            on_poll,
            None,
            Some(publishing.clone()),
        ));

        let press = |publishing: Arc<Publishing>, store: Arc<Store>| {
            tokio::task::spawn_blocking(move || {
                publishing.publish_blocking(&store, id, 1, &Actor::new("discord:11", true, false))
            })
        };
        assert!(!publishing.configured_for("forum"));
        let err = press(publishing.clone(), store.clone())
            .await
            .unwrap()
            .unwrap_err();
        assert!(matches!(err, PublishError::NotConfigured { .. }), "{err}");

        // The operator adds a publisher and sends SIGHUP.
        write_config(dir.path(), Some(addr));
        reload_tx.send(()).await.unwrap();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while !publishing.configured_for("forum") {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the reload never reached the Discord side's publishers"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let url = press(publishing.clone(), store.clone())
            .await
            .unwrap()
            .unwrap();
        assert!(url.ends_with("/77/10"), "{url}");
        assert_eq!(platform.created().len(), 1);
        assert_eq!(platform.created()[0]["raw"], REPLY);
        assert_eq!(Queue::new(&store).show(id).unwrap().state, State::Posted);

        // And a reload that removes it takes the button's publisher away again.
        write_config(dir.path(), None);
        reload_tx.send(()).await.unwrap();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while publishing.configured_for("forum") {
            assert!(tokio::time::Instant::now() < deadline);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        stop_tx.send(true).unwrap();
        task.await.unwrap();
    });
}
