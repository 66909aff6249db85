//! First scan of a big forum (issue 13): a paginated forum generated on loopback is scanned
//! in bounded batches, one transaction each, committed while later pages are still being
//! fetched (so a crash loses at most the batch in flight), and a rescan of unchanged pages
//! parses nothing and writes no post.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path as UrlPath, State};
use axum::routing::get;
use axum::Router;
use reviewgate::service::{Pipeline, PollReport};
use reviewgate::store::Store;

const POSTS_PER_PAGE: usize = 25;
const BATCH: usize = 100;

/// A generated forum: `pages` pages of `POSTS_PER_PAGE` posts, chained by `next` links.
#[derive(Clone, Default)]
struct Forum {
    inner: Arc<Mutex<ForumState>>,
}

#[derive(Default)]
struct ForumState {
    pages: usize,
    /// Posts added to a page after the first scan.
    extra: HashMap<usize, Vec<String>>,
    /// From this page on, answers only after a minute (a server that stalls mid-scan).
    stall_from: Option<usize>,
    /// When set, the store to look into at each request: how many pages the scan had
    /// fetched and not yet committed (`ahead`), at its most (`most_ahead`).
    watch: Option<PathBuf>,
    served: usize,
    most_ahead: usize,
}

fn post_html(id: &str, n: usize) -> String {
    format!(
        "<div class=\"post\" id=\"{id}\"><p class=\"author\"><a class=\"username\">user{n}</a></p>\
         <div class=\"content\">Smart Security Scan checked host{n}.example.net and found {} issues.</div></div>",
        n % 7
    )
}

impl Forum {
    fn new(pages: usize) -> Forum {
        let f = Forum::default();
        f.inner.lock().unwrap().pages = pages;
        f
    }

    fn page(&self, n: usize) -> Option<(String, bool)> {
        let mut s = self.inner.lock().unwrap();
        if let Some(db) = &s.watch {
            // Pages served before this request and not yet remembered with their posts.
            let committed = rusqlite::Connection::open_with_flags(
                db,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )
            .and_then(|c| c.query_row("SELECT count(*) FROM page_cache", [], |r| r.get(0)))
            .unwrap_or(0i64) as usize;
            let ahead = s.served.saturating_sub(committed);
            s.most_ahead = s.most_ahead.max(ahead);
            s.served += 1;
        }
        if n >= s.pages {
            return None;
        }
        let mut body = String::from("<html><body>");
        for i in 0..POSTS_PER_PAGE {
            body.push_str(&post_html(&format!("p{n}x{i}"), n * POSTS_PER_PAGE + i));
        }
        for id in s.extra.get(&n).into_iter().flatten() {
            body.push_str(&post_html(id, 1_000_000 + n));
        }
        if n + 1 < s.pages {
            body.push_str(&format!("<a rel=\"next\" href=\"/f/{}\">next</a>", n + 1));
        }
        body.push_str("</body></html>");
        Some((body, s.stall_from.is_some_and(|from| n >= from)))
    }
}

async fn serve_page(
    State(forum): State<Forum>,
    UrlPath(n): UrlPath<usize>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    match forum.page(n) {
        None => axum::http::StatusCode::NOT_FOUND.into_response(),
        Some((body, stall)) => {
            if stall {
                tokio::time::sleep(Duration::from_secs(60)).await;
            }
            ([("content-type", "text/html; charset=utf-8")], body).into_response()
        }
    }
}

/// Serves the forum from its own thread and runtime (no validators: it never answers 304).
fn serve(forum: Forum) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            let app = Router::new()
                .route("/f/:n", get(serve_page))
                .with_state(forum);
            axum::serve(listener, app).await.unwrap();
        });
    });
    rx.recv().unwrap()
}

fn config(dir: &Path, addr: SocketAddr, pages: usize) -> PathBuf {
    config_with(dir, addr, pages, "reply_window = \"0s\"")
}

/// `window` is the `[service]` line for the reply window ("" for the default).
fn config_with(dir: &Path, addr: SocketAddr, pages: usize, window: &str) -> PathBuf {
    let text = format!(
        r#"[service]
name = "Smart Security Scan"
domains = ["smartsecurityscan.com"]
{window}

[store]
path = "store.sqlite3"
batch_posts = {BATCH}

[http]
timeout = "90s"
per_host_per_second = 100000.0
respect_robots_txt = false
max_attempts = 1

[[drafts.templates]]
name = "thanks"
text = "Thank you for the feedback, {{author}}."

[[sources]]
name = "big"
kind = "html"
url = "http://{addr}/f/0"
max_pages = {pages}
keywords = ["smart security scan"]
[sources.select]
item = "div.post"
id = "@id"
author = "p.author a.username"
text = "div.content"
next = "a[rel=next]@href"
"#
    );
    let p = dir.join("reviewgate.toml");
    std::fs::write(&p, text).unwrap();
    p
}

fn count(db: &rusqlite::Connection, sql: &str) -> usize {
    db.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as usize
}

/// A second, read-only look at the store, as another process would have it.
fn look(cfg: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(
        cfg.parent().unwrap().join("store.sqlite3"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap()
}

fn pipeline(cfg: &Path) -> Pipeline {
    let cfg = Arc::new(reviewgate::config::load(cfg).unwrap());
    let store = Arc::new(Store::open(&cfg.store_path()).unwrap());
    Pipeline::new(cfg, store).unwrap()
}

fn scan(p: &Pipeline, mut each: impl FnMut(&PollReport)) -> Vec<PollReport> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut reports = Vec::new();
    rt.block_on(p.scan_once(|r| {
        each(&r);
        reports.push(r);
    }))
    .unwrap();
    reports
}

#[test]
fn first_scan_commits_bounded_batches_as_it_goes() {
    let pages = 40;
    let addr = serve(Forum::new(pages));
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), addr, pages);
    let p = pipeline(&cfg);
    let db = look(&cfg);
    let mut reported = 0;
    let reports = scan(&p, |r| {
        reported += r.new_posts.len();
        // Each report is a commit already visible to other readers: posts, their items and
        // the pages they came from.
        assert_eq!(count(&db, "SELECT count(*) FROM posts"), reported);
        assert_eq!(count(&db, "SELECT count(*) FROM queue_items"), reported);
        assert_eq!(
            count(&db, "SELECT count(*) FROM page_cache") * POSTS_PER_PAGE,
            reported,
            "a page is remembered together with its posts"
        );
    });
    let total = pages * POSTS_PER_PAGE;
    assert_eq!(reported, total);
    assert!(
        reports.len() >= total / (BATCH + POSTS_PER_PAGE),
        "a 1,000-post poll is committed in batches, got {} commit(s)",
        reports.len()
    );
    for r in &reports {
        assert!(
            r.new_posts.len() <= BATCH + POSTS_PER_PAGE,
            "a batch holds at most batch_posts and one page more, got {}",
            r.new_posts.len()
        );
        assert_eq!(
            r.queued,
            r.new_posts.len(),
            "every relevant new post is queued"
        );
    }
    let last = reports.last().unwrap();
    assert!(last.complete && last.error.is_none());
    assert_eq!(reports.iter().filter(|r| r.complete).count(), 1);
    assert_eq!(last.pages_fetched, pages);
}

#[test]
fn rescan_of_unchanged_pages_parses_nothing_and_writes_no_post() {
    let pages = 12;
    let forum = Forum::new(pages);
    let addr = serve(forum.clone());
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), addr, pages);
    let p = pipeline(&cfg);
    scan(&p, |_| {});
    // Count every write to a stored post from here on.
    let writer = rusqlite::Connection::open(dir.path().join("store.sqlite3")).unwrap();
    writer
        .execute_batch(
            "CREATE TABLE post_writes (n INTEGER);
             CREATE TRIGGER count_post_writes AFTER UPDATE ON posts
                 BEGIN INSERT INTO post_writes VALUES (1); END;",
        )
        .unwrap();
    let writes = || count(&writer, "SELECT count(*) FROM post_writes");

    let again = scan(&p, |_| {});
    let last = again.last().unwrap();
    assert_eq!(last.pages_fetched, 0, "no unchanged page is parsed again");
    assert_eq!(last.pages_not_modified, pages);
    assert_eq!(again.iter().map(|r| r.new).sum::<usize>(), 0);
    assert_eq!(writes(), 0, "no stored post is written by a rescan");

    // One post added to page 5: that page alone is parsed, and of its posts only the new one
    // is written.
    forum
        .inner
        .lock()
        .unwrap()
        .extra
        .insert(5, vec!["late-post".to_string()]);
    let third = scan(&p, |_| {});
    let last = third.last().unwrap();
    assert_eq!(last.pages_fetched, 1);
    assert_eq!(last.pages_not_modified, pages - 1);
    let new: Vec<_> = third
        .iter()
        .flat_map(|r| &r.new_posts)
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(new, ["late-post"]);
    assert_eq!(
        writes(),
        1,
        "only the new post's match is written; unchanged posts are not"
    );
}

#[test]
fn a_scan_killed_mid_forum_keeps_every_batch_committed_before() {
    let pages = 40;
    let stall = 30;
    let forum = Forum::new(pages);
    forum.inner.lock().unwrap().stall_from = Some(stall);
    let addr = serve(forum);
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), addr, pages);
    let mut child = Command::new(env!("CARGO_BIN_EXE_reviewgate"))
        .arg("--config")
        .arg(&cfg)
        .args(["scan", "--once"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The server stalls at page 30: everything before it is fetched, and all but the batch
    // in flight must be committed while the scan waits.
    let before_stall = stall * POSTS_PER_PAGE;
    let floor = before_stall - BATCH - POSTS_PER_PAGE;
    let started = Instant::now();
    let mut stored = 0;
    while started.elapsed() < Duration::from_secs(50) {
        std::thread::sleep(Duration::from_millis(200));
        if let Ok(db) = rusqlite::Connection::open_with_flags(
            dir.path().join("store.sqlite3"),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        ) {
            stored = db
                .query_row("SELECT count(*) FROM posts", [], |r| r.get::<_, i64>(0))
                .map_or(0, |n| n as usize);
            if stored >= floor {
                break;
            }
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        stored >= floor,
        "a scan stalled after {before_stall} posts had committed only {stored} when killed"
    );
    let db = look(&cfg);
    let stored = count(&db, "SELECT count(*) FROM posts");
    assert!(stored >= floor && stored <= before_stall);
    assert_eq!(
        count(&db, "SELECT count(*) FROM posts WHERE matched_at IS NULL"),
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM posts p WHERE relevant AND NOT EXISTS
                 (SELECT 1 FROM queue_items q WHERE q.source = p.source AND q.post_id = p.id)"
        ),
        0,
        "every committed post has its queue item"
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM page_cache") * POSTS_PER_PAGE,
        stored
    );
}

#[test]
fn undated_posts_of_a_first_scan_are_held_back_in_every_batch() {
    // The forum's posts carry no date: on the source's first poll all of them are held back,
    // in the last batch as in the first, though earlier batches are already stored.
    let pages = 12;
    let forum = Forum::new(pages);
    let addr = serve(forum.clone());
    let dir = tempfile::tempdir().unwrap();
    let cfg = config_with(dir.path(), addr, pages, "");
    let p = pipeline(&cfg);
    let first = scan(&p, |_| {});
    assert!(first.len() > 2, "the poll is committed in several batches");
    let total = pages * POSTS_PER_PAGE;
    assert_eq!(first.iter().map(|r| r.held_back).sum::<usize>(), total);
    assert_eq!(first.iter().map(|r| r.queued).sum::<usize>(), 0);
    // On a later poll an undated post is new, and queued.
    forum
        .inner
        .lock()
        .unwrap()
        .extra
        .insert(pages - 1, vec!["later".to_string()]);
    let later = scan(&p, |_| {});
    assert_eq!(later.iter().map(|r| r.queued).sum::<usize>(), 1);
    assert_eq!(later.iter().map(|r| r.held_back).sum::<usize>(), 0);
}

#[test]
fn sources_scanned_together_share_the_batch_limits() {
    // Every poll in flight holds up to about three batches (gathering, handed over,
    // committing): if each source had the whole `batch_posts`, memory would grow with the
    // number of sources. Four sources scanned together share it: a quarter each (25 posts
    // here, one page), and a batch still never splits a page.
    let sources = 4;
    let pages = 8;
    let addr = serve(Forum::new(pages));
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), addr, pages);
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    let one = text[text.find("[[sources]]").unwrap()..].to_string();
    for i in 1..sources {
        text.push_str(&one.replace("name = \"big\"", &format!("name = \"big{i}\"")));
    }
    std::fs::write(&cfg, text).unwrap();
    let p = pipeline(&cfg);
    let reports = scan(&p, |_| {});
    let total: usize = reports.iter().map(|r| r.new).sum();
    assert_eq!(total, sources * pages * POSTS_PER_PAGE);
    assert_eq!(reports.iter().filter(|r| r.complete).count(), sources);
    let biggest = reports.iter().map(|r| r.new).max().unwrap();
    assert!(
        biggest <= (BATCH / sources).max(POSTS_PER_PAGE),
        "a batch of {biggest} posts: the four polls did not share batch_posts = {BATCH}"
    );
    // Alone, a poll has the whole batch again.
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), addr, pages);
    let reports = scan(&pipeline(&cfg), |_| {});
    assert!(reports.iter().any(|r| r.new >= BATCH));
}

#[test]
fn an_item_queued_before_its_post_matched_is_linked_by_the_next_poll() {
    // `customers import` matches older posts from another process; the next poll's repair
    // links their open items, found from the matched posts, however many unmatched open
    // items the first scan queued.
    let pages = 8;
    let addr = serve(Forum::new(pages));
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), addr, pages);
    let p = pipeline(&cfg);
    let reports = scan(&p, |_| {});
    assert_eq!(
        reports.iter().map(|r| r.queued).sum::<usize>(),
        pages * POSTS_PER_PAGE
    );
    let account = reviewgate::model::Customer {
        id: "C-7".into(),
        name: "Ann Example".into(),
        emails: vec!["ann@acme-shop.de".into()],
        hosts: vec!["host30.example.net".into()],
        status: reviewgate::model::AccountStatus::Active,
        plan: None,
        created_at: None,
        cancelled_at: None,
        facts: Default::default(),
    };
    p.store
        .import_customers([Ok::<_, std::io::Error>(account)], |_| {})
        .unwrap();
    let matched = reviewgate::model::Match {
        customer_id: "C-7".into(),
        confidence: 0.99,
        status: reviewgate::model::MatchStatus::Linked,
        evidence: Vec::new(),
    };
    p.store
        .set_post_match("big", "p1x5", Some(&matched))
        .unwrap();
    let db = look(&cfg);
    let linked = || {
        count(
            &db,
            "SELECT count(*) FROM queue_items WHERE customer_id = 'C-7' AND post_id = 'p1x5'",
        )
    };
    assert_eq!(linked(), 0);
    scan(&p, |_| {});
    assert_eq!(linked(), 1, "the open item is linked to its post's account");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM queue_items WHERE customer_id IS NOT NULL"
        ),
        1
    );
}

#[test]
fn sources_scanned_together_sweep_every_sources_items_once() {
    // The sweep for open items whose post was matched after they were queued reads every
    // matched post of the store, whichever source polled: run after each of sixty polls of a
    // scan it cost a rescan more than its fetches. The last poll of those run together
    // sweeps, once, and still links the item.
    let sources = 4;
    let pages = 3;
    let addr = serve(Forum::new(pages));
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), addr, pages);
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    let one = text[text.find("[[sources]]").unwrap()..].to_string();
    for i in 1..sources {
        text.push_str(&one.replace("name = \"big\"", &format!("name = \"big{i}\"")));
    }
    std::fs::write(&cfg, text).unwrap();
    let p = pipeline(&cfg);
    let swept = |reports: &[PollReport]| reports.iter().filter(|r| r.swept_items).count();
    let reports = scan(&p, |_| {});
    assert_eq!(reports.iter().filter(|r| r.complete).count(), sources);
    assert_eq!(swept(&reports), 1, "one sweep for the four polls");
    let matched = reviewgate::model::Match {
        customer_id: "C-7".into(),
        confidence: 0.99,
        status: reviewgate::model::MatchStatus::Linked,
        evidence: Vec::new(),
    };
    let account = reviewgate::model::Customer {
        id: "C-7".into(),
        name: "Ann Example".into(),
        emails: vec!["ann@acme-shop.de".into()],
        hosts: Vec::new(),
        status: reviewgate::model::AccountStatus::Active,
        plan: None,
        created_at: None,
        cancelled_at: None,
        facts: Default::default(),
    };
    p.store
        .import_customers([Ok::<_, std::io::Error>(account)], |_| {})
        .unwrap();
    p.store
        .set_post_match("big2", "p1x5", Some(&matched))
        .unwrap();
    let reports = scan(&p, |_| {});
    assert_eq!(swept(&reports), 1);
    let db = look(&cfg);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM queue_items WHERE customer_id = 'C-7' AND source = 'big2' AND post_id = 'p1x5'"
        ),
        1,
        "the open item is linked to its post's account by the one sweep"
    );
    // A poll alone sweeps, as before.
    let alone = reviewgate::service::Pipeline::poll_source(&p, 0);
    let rt = tokio::runtime::Runtime::new().unwrap();
    assert!(rt.block_on(alone).unwrap().swept_items);
}

#[test]
fn pages_awaiting_the_cpu_are_bounded_across_polls_whatever_the_servers_speed() {
    // A server faster than the CPU (nginx on loopback) let every poll run ahead by a page
    // waiting to be parsed, a batch handed over and one being prepared and committed: the
    // pages held grew with the number of sources (three or four each), not with the CPU.
    // `[store] pages_in_hand` bounds the parsed pages all polls hold until their commit; a
    // poll that finds it spent hands over what it gathered and waits with the one page it
    // fetched, so at most `pages_in_hand` plus one page per poll are in memory.
    let sources = 16;
    let pages = 8;
    let in_hand = 4;
    let forum = Forum::new(pages);
    let addr = serve(forum.clone());
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), addr, pages);
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text = text.replace(
        "[store]\n",
        &format!("[store]\npages_in_hand = {in_hand}\n"),
    );
    let one = text[text.find("[[sources]]").unwrap()..].to_string();
    for i in 1..sources {
        text.push_str(&one.replace("name = \"big\"", &format!("name = \"big{i}\"")));
    }
    std::fs::write(&cfg, text).unwrap();
    let p = pipeline(&cfg);
    forum.inner.lock().unwrap().watch = Some(dir.path().join("store.sqlite3"));
    let reports = scan(&p, |_| {});
    // Every post is stored and queued as without the bound (nothing lost, no deadlock).
    let total = sources * pages * POSTS_PER_PAGE;
    assert_eq!(reports.iter().map(|r| r.new).sum::<usize>(), total);
    assert_eq!(reports.iter().map(|r| r.queued).sum::<usize>(), total);
    assert_eq!(reports.iter().filter(|r| r.complete).count(), sources);
    assert!(reports.iter().all(|r| r.error.is_none()));
    let most = forum.inner.lock().unwrap().most_ahead;
    assert!(
        most <= in_hand + sources,
        "{most} pages fetched and not committed at once; the bound is {in_hand} parsed pages \
         and one fetched page per poll ({})",
        in_hand + sources
    );
}

#[test]
fn a_page_budget_smaller_than_a_batch_still_scans_everything() {
    // With one place for three polls whose batches would span four pages each, every poll
    // must hand over its one parsed page before waiting for the place again, or the polls
    // would wait for each other forever.
    let sources = 3;
    let pages = 6;
    let addr = serve(Forum::new(pages));
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), addr, pages);
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text = text.replace("[store]\n", "[store]\npages_in_hand = 1\n");
    let one = text[text.find("[[sources]]").unwrap()..].to_string();
    for i in 1..sources {
        text.push_str(&one.replace("name = \"big\"", &format!("name = \"big{i}\"")));
    }
    std::fs::write(&cfg, text).unwrap();
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let reports = scan(&pipeline(&cfg), |_| {});
        let _ = done.send(reports);
    });
    let reports = finished
        .recv_timeout(Duration::from_secs(300))
        .expect("the scan finished: no poll waits for a place another waiting poll holds");
    assert_eq!(
        reports.iter().map(|r| r.new).sum::<usize>(),
        sources * pages * POSTS_PER_PAGE
    );
    assert_eq!(reports.iter().filter(|r| r.complete).count(), sources);
    // One parsed page in hand at a time: no batch spans more than one page.
    assert!(reports.iter().all(|r| r.new <= POSTS_PER_PAGE));
}
