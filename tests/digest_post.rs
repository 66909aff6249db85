//! The weekly digest of `run` against the fake Discord REST server on loopback, with the time
//! passed in: at its hour the admin channel gets one multipart message (the digest's text and
//! a valid chart PNG); later ticks of the same week, a restart included, post nothing; a
//! failed upload is tried again at the next tick; a lasting failure is tried again less and
//! less often (one minute doubling to an hour, reset by a success); `[digest] enabled = false`
//! posts nothing.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};
use reviewgate::model::{Assessment, Decision, ExtractedPost, Post};
use reviewgate::queue::{Actor, Queue};
use reviewgate::service::digest::{DigestJob, DigestPoster, Step, Tick};
use reviewgate::store::{PollRecord, PolledPost, Store};
use serde_json::Value;

mod fake_discord;

use fake_discord::{FakeDiscord, Fault};

const ADMIN_CHANNEL: u64 = 200;
const UPLOAD: &str = "/api/v10/channels/200/messages";

fn write_config(dir: &Path, api_base: &str, digest: &str) -> PathBuf {
    let cfg = dir.join("reviewgate.toml");
    std::fs::write(
        &cfg,
        format!(
            r#"[service]
name = "Smart Security Scan"

[store]
path = "db.sqlite3"

[discord]
review_channel_id = 100
admin_channel_id = {ADMIN_CHANNEL}
reviewer_role_id = 300
admin_role_id = 400
api_base = "{api_base}"

{digest}

[[sources]]
name = "forum"
kind = "feed"
url = "https://forum.example/feed"
interval = "15m"

[[sources]]
name = "quiet_feed"
kind = "feed"
url = "https://quiet.example/feed"
interval = "15m"
"#
        ),
    )
    .unwrap();
    cfg
}

fn job(cfg: &Path) -> DigestJob {
    let loaded = reviewgate::config::load(cfg).unwrap();
    let store = Store::open_with(&loaded.store_path(), &loaded.store_keys()).unwrap();
    DigestJob {
        config: Arc::new(loaded),
        store: Arc::new(store),
        token: "test-token".into(),
    }
}

/// Three posts on `forum` (two relevant) seen now, and one of them queued and approved.
fn seed(store: &Store) {
    let posts = (0..3)
        .map(|i| PolledPost {
            post: ExtractedPost {
                id: format!("p{i}"),
                url: None,
                author: format!("user{i}"),
                published_at: None,
                text: "Smart Security Scan flagged my shop".into(),
                quotes: vec![],
                truncated: false,
                details: Default::default(),
            },
            relevant: i < 2,
        })
        .collect();
    store
        .commit_poll(&PollRecord {
            source: "forum".into(),
            at: Utc::now(),
            items_found: 3,
            posts,
            pages_fetched: 1,
            ..PollRecord::default()
        })
        .unwrap();
    let q = Queue::new(store);
    let post = Post {
        source: "forum".into(),
        id: "p0".into(),
        url: None,
        author: "user0".into(),
        published_at: None,
        text: "Smart Security Scan flagged my shop".into(),
        quotes: vec![],
        relevant: true,
        truncated: false,
        matched: None,
    };
    let assessment = Assessment {
        decision: Decision::Routine,
        findings: vec![],
        redacted: "Thanks, we are on it.".into(),
    };
    let item = q
        .enqueue(
            &post,
            None,
            "Thanks, we are on it.",
            &assessment,
            "bot:draft",
        )
        .unwrap();
    q.approve(item, 1, &Actor::new("discord:11", true, false), "fine")
        .unwrap();
}

/// The first Monday after today at `hour`:00 UTC: its digest covers the seven days before,
/// today (when everything was seeded) included.
fn next_monday(hour: u32) -> DateTime<Utc> {
    let today = Utc::now().date_naive();
    let ahead = 7 - i64::from(today.weekday().num_days_from_monday());
    let day = today + Duration::days(ahead);
    Utc.from_utc_datetime(&day.and_hms_opt(hour, 0, 0).unwrap())
}

fn uploads(fake: &FakeDiscord) -> Vec<(u16, Value)> {
    fake.requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == UPLOAD)
        .map(|r| (r.status, r.body))
        .collect()
}

/// Decodes `bytes` as PNG: (width, height, distinct colours).
fn decode(bytes: &[u8]) -> (u32, u32, usize) {
    let mut reader = png::Decoder::new(bytes).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let px = info.color_type.samples();
    let colours: std::collections::HashSet<&[u8]> = buf[..info.buffer_size()].chunks(px).collect();
    (info.width, info.height, colours.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_digest_is_posted_once_a_week_with_its_chart() {
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeDiscord::start().await;
    let cfg = write_config(dir.path(), &fake.base, "");
    let job1 = job(&cfg);
    seed(&job1.store);
    let monday = next_monday(8);
    let week = {
        let w = monday.date_naive().iso_week();
        format!("{}-W{:02}", w.year(), w.week())
    };

    // Before the hour (the default: Monday 08:00 UTC) nothing is due.
    let before = monday - Duration::minutes(1);
    assert_eq!(job1.tick(before).await.unwrap(), Tick::NotDue);
    assert!(uploads(&fake).is_empty());

    // At the hour: one message with the text and the chart.
    let tick = job1.tick(monday + Duration::minutes(1)).await.unwrap();
    let Tick::Posted {
        week: posted,
        message_id,
    } = tick
    else {
        panic!("expected a post, got {tick:?}");
    };
    assert_eq!(posted, week);
    let sent = uploads(&fake);
    assert_eq!(sent.len(), 1, "{sent:?}");
    let (status, body) = &sent[0];
    assert_eq!(*status, 200);
    let content = body["content"].as_str().unwrap();
    for want in [
        format!("Weekly digest {week}"),
        "posts: 3 seen, 2 relevant".to_string(),
        "forum: 3 posts, 2 relevant".to_string(),
        "quiet_feed: 0 posts".to_string(),
        "replies queued: 1 (1 routine".to_string(),
        "1 approved".to_string(),
        "replies out: 1 approved, 0 published, 0 verified on the site, 0 unreviewed publications"
            .to_string(),
    ] {
        assert!(content.contains(&want), "{want:?} not in\n{content}");
    }
    assert_eq!(body["nonce"], format!("rg-digest-{week}"));
    assert_eq!(body["attachments"][0]["id"], 0);
    let files = fake.attachments();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].message_id, message_id);
    assert_eq!(files[0].name, format!("digest-{week}.png"));
    assert_eq!(body["attachments"][0]["filename"], files[0].name.as_str());
    assert!(files[0].bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    let (w, h, colours) = decode(&files[0].bytes);
    assert_eq!(
        (w, h),
        (reviewgate::report::WIDTH, reviewgate::report::HEIGHT)
    );
    assert!(colours > 8, "the chart is not blank: {colours} colours");
    assert_eq!(
        job1.store.digest_posted_at(&week).unwrap(),
        Some(monday + Duration::minutes(1))
    );

    // Later the same week: nothing more, in this process or after a restart.
    assert_eq!(
        job1.tick(monday + Duration::hours(2)).await.unwrap(),
        Tick::AlreadyPosted { week: week.clone() }
    );
    drop(job1);
    let job2 = job(&cfg);
    assert_eq!(
        job2.tick(monday + Duration::hours(3)).await.unwrap(),
        Tick::AlreadyPosted { week: week.clone() }
    );
    assert_eq!(
        job2.tick(monday + Duration::days(2)).await.unwrap(),
        Tick::NotDue
    );
    assert_eq!(uploads(&fake).len(), 1, "one message for the week");

    // Next week: Discord fails the first upload; the week is not recorded, the next tick
    // posts it, once.
    let next = monday + Duration::days(7);
    fake.fail("POST /api/v10/channels/200/messages", [Fault::Status(500)]);
    let err = job2.tick(next).await.unwrap_err().to_string();
    assert!(err.contains("posting the weekly digest"), "{err}");
    assert!(matches!(
        job2.tick(next + Duration::minutes(1)).await.unwrap(),
        Tick::Posted { .. }
    ));
    assert_eq!(
        job2.tick(next + Duration::minutes(2)).await.unwrap(),
        Tick::AlreadyPosted {
            week: {
                let w = next.date_naive().iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
        }
    );
    let statuses: Vec<u16> = uploads(&fake).iter().map(|(s, _)| *s).collect();
    assert_eq!(statuses, [200, 500, 200]);
    assert_eq!(fake.attachments().len(), 2);
}

#[tokio::test]
async fn a_digest_turned_off_or_on_another_day_posts_at_its_own_time() {
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeDiscord::start().await;
    let cfg = write_config(dir.path(), &fake.base, "[digest]\nenabled = false\n");
    let off = job(&cfg);
    assert_eq!(off.tick(next_monday(9)).await.unwrap(), Tick::Off);
    drop(off);

    let cfg = write_config(
        dir.path(),
        &fake.base,
        "[digest]\nweekday = \"wednesday\"\nhour = 17\n",
    );
    let wed = job(&cfg);
    let monday = next_monday(17);
    assert_eq!(wed.tick(monday).await.unwrap(), Tick::NotDue);
    assert!(uploads(&fake).is_empty());
    let wednesday = monday + Duration::days(2);
    assert_eq!(
        wed.tick(wednesday - Duration::seconds(1)).await.unwrap(),
        Tick::NotDue
    );
    assert!(matches!(
        wed.tick(wednesday).await.unwrap(),
        Tick::Posted { .. }
    ));
    assert_eq!(uploads(&fake).len(), 1);
}

/// The ISO week key of `t`'s day.
fn week_of(t: DateTime<Utc>) -> String {
    let w = t.date_naive().iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lasting_discord_failure_backs_off_to_an_hour_and_a_success_resets_it() {
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeDiscord::start().await;
    let cfg = write_config(dir.path(), &fake.base, "");
    let job = job(&cfg);
    seed(&job.store);
    let store = job.store.clone();
    let mut poster = DigestPoster::new(job);
    let monday = next_monday(8);

    // Discord answers 500 for the whole day the digest may be posted late: `run` steps once a
    // minute, and the poster tries after 1, 2, 4, ... minutes, then hourly.
    fake.fail(
        "POST /api/v10/channels/200/messages",
        std::iter::repeat(Fault::Status(500)).take(1000),
    );
    let mut tries = Vec::new();
    for m in 0..24 * 60 {
        let now = monday + Duration::minutes(m);
        match poster.step(now).await {
            Step::Failed {
                error,
                retry_at,
                failures,
            } => {
                assert!(
                    error.to_string().contains("posting the weekly digest"),
                    "{error}"
                );
                assert_eq!(failures as usize, tries.len() + 1);
                assert!(retry_at > now);
                tries.push(m);
            }
            Step::Waiting { until } => assert!(until > now),
            Step::Ticked(t) => panic!("minute {m}: {t:?}"),
        }
    }
    let gaps: Vec<i64> = tries.windows(2).map(|w| w[1] - w[0]).collect();
    assert_eq!(&gaps[..7], [1, 2, 4, 8, 16, 32, 60], "{tries:?}");
    assert!(
        gaps[6..].iter().all(|&g| g == 60),
        "capped at an hour: {gaps:?}"
    );
    assert_eq!(tries.len(), 29, "{tries:?}");
    let statuses: Vec<u16> = uploads(&fake).iter().map(|(s, _)| *s).collect();
    assert_eq!(
        statuses,
        vec![500; 29],
        "one upload per try, none in between"
    );
    assert_eq!(store.digest_posted_at(&week_of(monday)).unwrap(), None);
    // A day late, the week is given up; nothing is tried until the next one.
    assert!(matches!(
        poster.step(monday + Duration::hours(24)).await,
        Step::Ticked(Tick::NotDue)
    ));

    // The next week Discord fails three times and then recovers: the fourth try, seven
    // minutes in, posts the digest, once.
    fake.clear_faults();
    fake.fail(
        "POST /api/v10/channels/200/messages",
        std::iter::repeat(Fault::Status(500)).take(3),
    );
    let next = monday + Duration::days(7);
    let mut posted_at = None;
    for m in 0..12 {
        match poster.step(next + Duration::minutes(m)).await {
            Step::Failed { failures, .. } => assert!(failures <= 3, "minute {m}"),
            Step::Waiting { .. } => {}
            Step::Ticked(Tick::Posted { week, .. }) => {
                assert_eq!(week, week_of(next));
                assert!(posted_at.replace(m).is_none(), "posted twice");
            }
            Step::Ticked(Tick::AlreadyPosted { .. }) => assert!(posted_at.is_some()),
            Step::Ticked(t) => panic!("minute {m}: {t:?}"),
        }
    }
    assert_eq!(posted_at, Some(7));

    // The success reset the backoff: a failure the week after is tried again a minute later.
    let third = next + Duration::days(7);
    fake.fail("POST /api/v10/channels/200/messages", [Fault::Status(500)]);
    assert!(matches!(
        poster.step(third).await,
        Step::Failed { failures: 1, .. }
    ));
    assert!(matches!(
        poster.step(third + Duration::seconds(30)).await,
        Step::Waiting { .. }
    ));
    assert!(matches!(
        poster.step(third + Duration::minutes(1)).await,
        Step::Ticked(Tick::Posted { .. })
    ));
    let statuses: Vec<u16> = uploads(&fake).iter().map(|(s, _)| *s).collect();
    assert_eq!(statuses.len(), 29 + 4 + 2);
    assert_eq!(statuses.iter().filter(|&&s| s == 200).count(), 2);
}
