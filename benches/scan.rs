//! Scan of a large generated forum served on loopback: the whole pipeline (fetch, extract,
//! commit, match, draft, assess, queue) for every page. Run: `cargo bench --bench scan`.
//! `SCAN_SOURCES` and `SCAN_PAGES` set the size (the large first scan: 60 and 50). It
//! reports the sources that failed on a fetch timeout (must be zero: parsing and SQLite run
//! off the async workers) and the worst lateness of a 10 ms timer on the same runtime.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::Path as UrlPath;
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use reviewgate::config;
use reviewgate::service::Pipeline;
use reviewgate::store::Store;

fn size(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
const POSTS_PER_PAGE: usize = 25;

fn page_html(thread: usize, page: usize, pages: usize) -> String {
    let mut s = String::with_capacity(POSTS_PER_PAGE * 600);
    s.push_str("<html><head><title>Forum</title></head><body><div id=\"page-body\">");
    for i in 0..POSTS_PER_PAGE {
        let n = (thread * pages + page) * POSTS_PER_PAGE + i;
        s.push_str(&format!(
            "<div class=\"post\" id=\"p{n}\"><p class=\"author\"><a class=\"username\">user{n}</a></p>\
             <div class=\"content\"><p>Post {n}: I have used Smart Security Scan for a while on host{n}.example.net; \
             the scanner found <b>{}</b> issues and support answered in {} hours.</p>\
             <blockquote><cite>someone wrote:</cite>Is it worth it?</blockquote><p>Regards, user{n}</p></div></div>",
            n % 17,
            n % 48
        ));
    }
    if page + 1 < pages {
        s.push_str(&format!(
            "<a rel=\"next\" href=\"/t/{thread}/{}\">next</a>",
            page + 1
        ));
    }
    s.push_str("</div></body></html>");
    s
}

fn main() {
    let threads = size("SCAN_SOURCES", 20);
    let pages_per = size("SCAN_PAGES", 10);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let addr: SocketAddr = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new().route(
            "/t/:thread/:page",
            get(move |UrlPath((t, p)): UrlPath<(usize, usize)>| async move {
                Html(page_html(t, p, pages_per))
            }),
        );
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        addr
    });
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "[service]\nname = \"Smart Security Scan\"\ndomains = [\"smartsecurityscan.com\"]\n[store]\npath = \"bench.sqlite3\"\n\
         [http]\ntimeout = \"5s\"\nmax_attempts = 1\nper_host_per_second = 100000.0\nrespect_robots_txt = false\n\
         [[drafts.templates]]\nname = \"thanks\"\ntext = \"Thank you for the feedback, {author}.\"\n",
    );
    for t in 0..threads {
        text.push_str(&format!(
            "[[sources]]\nname = \"t{t}\"\nkind = \"html\"\nurl = \"http://{addr}/t/{t}/0\"\nmax_pages = {pages_per}\n\
             keywords = [\"smart security scan\"]\n[sources.select]\nitem = \"div.post\"\nid = \"@id\"\n\
             author = \"p.author a.username\"\ntext = \"div.content\"\nnext = \"a[rel=next]@href\"\n"
        ));
    }
    let cfg_path = dir.path().join("bench.toml");
    std::fs::write(&cfg_path, text).unwrap();
    let cfg = Arc::new(config::load(&cfg_path).unwrap());
    let store = Arc::new(Store::open(&cfg.store_path()).unwrap());
    let pipeline = Pipeline::new(cfg, store).unwrap();

    let bytes: usize = (0..threads)
        .flat_map(|t| (0..pages_per).map(move |p| page_html(t, p, pages_per).len()))
        .sum();
    let pages = threads * pages_per;
    let posts = pages * POSTS_PER_PAGE;
    let started = Instant::now();
    let mut new = 0;
    let (mut timeouts, mut failed) = (0, 0);
    let worst = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let ticker = {
        let worst = worst.clone();
        rt.spawn(async move {
            let period = std::time::Duration::from_millis(10);
            loop {
                let asked = Instant::now();
                tokio::time::sleep(period).await;
                let late = asked.elapsed().saturating_sub(period).as_micros() as u64;
                worst.fetch_max(late, std::sync::atomic::Ordering::Relaxed);
            }
        })
    };
    rt.block_on(pipeline.scan_once(|r| {
        new += r.new_posts.len();
        if let Some(e) = &r.error {
            failed += 1;
            if e.contains("timed out") {
                timeouts += 1;
            }
            eprintln!("{}: {e}", r.source);
        }
    }))
    .unwrap();
    let first = started.elapsed();
    ticker.abort();
    println!(
        "  first scan: {failed} source(s) failed, {timeouts} on a fetch timeout; worst timer lateness {:.1} ms",
        worst.load(std::sync::atomic::Ordering::Relaxed) as f64 / 1000.0
    );
    assert_eq!(timeouts, 0, "no fetch timed out during the first scan");
    assert_eq!(new, posts, "every generated post is new on the first scan");
    let started = Instant::now();
    let mut again = 0;
    rt.block_on(pipeline.scan_once(|r| again += r.new_posts.len()))
        .unwrap();
    let second = started.elapsed();
    assert_eq!(again, 0);
    println!(
        "scan of {pages} pages, {posts} posts, {:.1} MB over loopback:",
        bytes as f64 / 1e6
    );
    println!(
        "  first scan (all new, queued): {:.2}s = {:.0} pages/s, {:.0} posts/s",
        first.as_secs_f64(),
        pages as f64 / first.as_secs_f64(),
        posts as f64 / first.as_secs_f64()
    );
    println!(
        "  second scan (nothing new):    {:.2}s = {:.0} pages/s; ratio first/second {:.1}",
        second.as_secs_f64(),
        pages as f64 / second.as_secs_f64(),
        first.as_secs_f64() / second.as_secs_f64()
    );
}
