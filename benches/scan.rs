//! Scan of a large generated forum served on loopback: the whole pipeline (fetch, extract,
//! commit, match, draft, assess, queue) for every page. Run: `cargo bench --bench scan`.

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

const THREADS: usize = 20;
const PAGES: usize = 10;
const POSTS_PER_PAGE: usize = 25;

fn page_html(thread: usize, page: usize) -> String {
    let mut s = String::with_capacity(POSTS_PER_PAGE * 600);
    s.push_str("<html><head><title>Forum</title></head><body><div id=\"page-body\">");
    for i in 0..POSTS_PER_PAGE {
        let n = (thread * PAGES + page) * POSTS_PER_PAGE + i;
        s.push_str(&format!(
            "<div class=\"post\" id=\"p{n}\"><p class=\"author\"><a class=\"username\">user{n}</a></p>\
             <div class=\"content\"><p>Post {n}: I have used Smart Security Scan for a while on host{n}.example.net; \
             the scanner found <b>{}</b> issues and support answered in {} hours.</p>\
             <blockquote><cite>someone wrote:</cite>Is it worth it?</blockquote><p>Regards, user{n}</p></div></div>",
            n % 17,
            n % 48
        ));
    }
    if page + 1 < PAGES {
        s.push_str(&format!(
            "<a rel=\"next\" href=\"/t/{thread}/{}\">next</a>",
            page + 1
        ));
    }
    s.push_str("</div></body></html>");
    s
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let addr: SocketAddr = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new().route(
            "/t/:thread/:page",
            get(|UrlPath((t, p)): UrlPath<(usize, usize)>| async move { Html(page_html(t, p)) }),
        );
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        addr
    });
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "[service]\nname = \"Smart Security Scan\"\ndomains = [\"smartsecurityscan.com\"]\n[store]\npath = \"bench.sqlite3\"\n\
         [http]\nper_host_per_second = 100000.0\nrespect_robots_txt = false\n\
         [[drafts.templates]]\nname = \"thanks\"\ntext = \"Thank you for the feedback, {author}.\"\n",
    );
    for t in 0..THREADS {
        text.push_str(&format!(
            "[[sources]]\nname = \"t{t}\"\nkind = \"html\"\nurl = \"http://{addr}/t/{t}/0\"\nmax_pages = {PAGES}\n\
             keywords = [\"smart security scan\"]\n[sources.select]\nitem = \"div.post\"\nid = \"@id\"\n\
             author = \"p.author a.username\"\ntext = \"div.content\"\nnext = \"a[rel=next]@href\"\n"
        ));
    }
    let cfg_path = dir.path().join("bench.toml");
    std::fs::write(&cfg_path, text).unwrap();
    let cfg = Arc::new(config::load(&cfg_path).unwrap());
    let store = Arc::new(Store::open(&cfg.store_path()).unwrap());
    let pipeline = Pipeline::new(cfg, store).unwrap();

    let bytes: usize = (0..THREADS)
        .flat_map(|t| (0..PAGES).map(move |p| page_html(t, p).len()))
        .sum();
    let pages = THREADS * PAGES;
    let posts = pages * POSTS_PER_PAGE;
    let started = Instant::now();
    let mut new = 0;
    rt.block_on(pipeline.scan_once(|r| new += r.new_posts.len()))
        .unwrap();
    let first = started.elapsed();
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
