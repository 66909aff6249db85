//! The cost of encryption at rest (SQLCipher): a customers import, streaming every account
//! back, and a full scan (fetch, extract, commit, match, draft, assess, queue with audit
//! entries) of a generated forum on loopback, each on an unencrypted and on an encrypted store,
//! printed with the ratio. Run: `cargo bench --bench encryption`; `ENC_ROWS` sets the accounts.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::Path as UrlPath;
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use reviewgate::config;
use reviewgate::customers;
use reviewgate::service::Pipeline;
use reviewgate::store::Store;

const THREADS: usize = 8;
const PAGES: usize = 5;
const POSTS_PER_PAGE: usize = 25;

fn page_html(thread: usize, page: usize) -> String {
    let mut s = String::from("<html><body>");
    for i in 0..POSTS_PER_PAGE {
        let n = (thread * PAGES + page) * POSTS_PER_PAGE + i;
        s.push_str(&format!(
            "<div class=\"post\" id=\"p{n}\"><p class=\"author\"><a class=\"username\">user{n}</a></p>\
             <div class=\"content\"><p>Post {n}: Smart Security Scan on host{n}.example.net, mail me at \
             user{n}@mail{}.example.</p></div></div>",
            n % 997
        ));
    }
    if page + 1 < PAGES {
        s.push_str(&format!(
            "<a rel=\"next\" href=\"/t/{thread}/{}\">next</a>",
            page + 1
        ));
    }
    s.push_str("</body></html>");
    s
}

fn write_customers(path: &Path, rows: u64) {
    use std::io::Write;
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(w, "id,name,email,hosts,status,plan,created_at,cancelled_at").unwrap();
    for i in 0..rows {
        writeln!(
            w,
            "C-{i:07},Customer {i},user{i}@mail{}.example,host{i}.example.net,active,Pro,2021-01-01,",
            i % 997
        )
        .unwrap();
    }
    w.flush().unwrap();
}

struct Timings {
    import: f64,
    stream: f64,
    scan: f64,
}

fn run(dir: &Path, addr: SocketAddr, csv: &Path, rows: u64, encrypted: bool) -> Timings {
    let mut text = format!(
        "[service]\nname = \"Smart Security Scan\"\n[store]\npath = \"{}.sqlite3\"\n",
        if encrypted { "enc" } else { "plain" }
    );
    if encrypted {
        // The generated form (64 hex digits): SQLCipher's raw key, no passphrase derivation.
        std::fs::write(dir.join("store.key"), "4f".repeat(32)).unwrap();
        text.push_str("encryption_key_file = \"store.key\"\n");
    }
    text.push_str(
        "[http]\nper_host_per_second = 100000.0\nrespect_robots_txt = false\n\
         [[drafts.templates]]\nname = \"thanks\"\ntext = \"Thank you for the feedback, {author}.\"\n",
    );
    for t in 0..THREADS {
        text.push_str(&format!(
            "[[sources]]\nname = \"t{t}\"\nkind = \"html\"\nurl = \"http://{addr}/t/{t}/0\"\nmax_pages = {PAGES}\n\
             keywords = [\"smart security scan\"]\n[sources.select]\nitem = \"div.post\"\nid = \"@id\"\n\
             author = \"p.author a.username\"\ntext = \"div.content\"\nnext = \"a[rel=next]@href\"\n"
        ));
    }
    let cfg_path = dir.join(if encrypted { "enc.toml" } else { "plain.toml" });
    std::fs::write(&cfg_path, text).unwrap();
    let cfg = Arc::new(config::load(&cfg_path).unwrap());
    let store = Arc::new(Store::open_with(&cfg.store_path(), &cfg.store_keys()).unwrap());

    let started = Instant::now();
    let counts = store
        .import_customers(customers::open(csv).unwrap(), |_| {})
        .unwrap();
    let import = started.elapsed().as_secs_f64();
    assert_eq!(counts.inserted, rows);
    let started = Instant::now();
    assert_eq!(store.for_each_customer(|_| {}).unwrap(), rows);
    let stream = started.elapsed().as_secs_f64();

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let pipeline = Pipeline::new(cfg, store).unwrap();
    let started = Instant::now();
    let mut new = 0;
    rt.block_on(pipeline.scan_once(|r| new += r.new_posts.len()))
        .unwrap();
    let scan = started.elapsed().as_secs_f64();
    assert_eq!(new, THREADS * PAGES * POSTS_PER_PAGE);
    Timings {
        import,
        stream,
        scan,
    }
}

fn main() {
    let rows: u64 = std::env::var("ENC_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
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
    let csv = dir.path().join("customers.csv");
    write_customers(&csv, rows);
    let plain = run(dir.path(), addr, &csv, rows, false);
    let enc = run(dir.path(), addr, &csv, rows, true);
    let posts = THREADS * PAGES * POSTS_PER_PAGE;
    println!("encryption at rest (SQLCipher), {rows} accounts, scan of {posts} posts:");
    println!(
        "{:<26} {:>10} {:>10} {:>8}",
        "", "plain", "encrypted", "ratio"
    );
    for (name, a, b) in [
        ("import accounts", plain.import, enc.import),
        ("stream accounts back", plain.stream, enc.stream),
        ("scan (all new, queued)", plain.scan, enc.scan),
    ] {
        println!("{name:<26} {a:>9.2}s {b:>9.2}s {:>7.2}x", b / a);
    }
}
