//! First scan of a big forum (issue 13), side by side: a plain fetch-and-extract pass, a first
//! scan with the default reply window, a first scan with the window open (every relevant post
//! queued), and a rescan of the unchanged corpus; each pass in a process of its own (this
//! binary again, `BIGSCAN_PASS`), so its peak RSS is its own. The corpus is generated
//! (deterministic) into a temporary folder and served on loopback by nginx when it is installed
//! (the setup; `BIGSCAN_SERVER=bundled` forces the other), else by the bundled file
//! server (with ETags, as nginx sends them) in the parent process. Run: `scripts/bigscan.sh`
//! (release). Size: `BIGSCAN_THREADS` x `BIGSCAN_PAGES` pages of `BIGSCAN_POSTS` posts, and
//! `BIGSCAN_ACCOUNTS` accounts (the corpus: 60 x 50 x 83 and 100,000);
//! `BIGSCAN_WINDOW_ONLY=1` stops after the default-window pass (to profile it);
//! `BIGSCAN_OPEN_ONLY=1` runs only the window-open pass (to measure or profile it);
//! `BIGSCAN_RESCAN_ONLY=1` runs the default-window pass and then its rescan (wrapped alone);
//! `BIGSCAN_WRAP="heaptrack -o FILE"` (or `perf record ...`) runs each pass under that command.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use reviewgate::model::{AccountStatus, Customer};
use reviewgate::service::{example_server, Pipeline};
use reviewgate::store::Store;

fn size(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One page of thread `t`: phpBB-like markup, dated posts (old but for the last page), most
/// mentioning the service, every ninth naming an account's email.
fn page_html(t: usize, p: usize, pages: usize, per: usize, accounts: usize) -> String {
    let mut s = String::with_capacity(per * 700);
    s.push_str("<html><head><title>Forum</title></head><body><div id=\"page-body\">");
    for i in 0..per {
        let n = (t * pages + p) * per + i;
        // Old posts (2023), except the thread's last page, which is "recent".
        let date = if p + 1 == pages {
            "2099-01-01T00:00:00Z".to_string()
        } else {
            let day = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()
                + chrono::Days::new((n % 700) as u64);
            format!("{day}T12:00:00Z")
        };
        let mention = if n % 5 == 4 {
            "the old scanner"
        } else {
            "Smart Security Scan"
        };
        let contact = if n % 9 == 0 {
            format!(" Reach me at {}.", email(n * 7919 % accounts.max(1)))
        } else {
            String::new()
        };
        s.push_str(&format!(
            "<div class=\"post\" id=\"p{n}\"><p class=\"author\"><a class=\"username\">user{n}</a></p>\
             <time datetime=\"{date}\">{date}</time>\
             <div class=\"content\"><p>Post {n}: I have used {mention} for a while on host{n}.example.net; \
             it found <b>{}</b> issues and support answered in {} hours.{contact}</p>\
             <blockquote><cite>someone wrote:</cite>Is it worth it?</blockquote><p>Regards, user{n}</p></div></div>",
            n % 17,
            n % 48
        ));
    }
    if p + 1 < pages {
        s.push_str(&format!(
            "<a rel=\"next\" href=\"/t{t}/{}.html\">next</a>",
            p + 1
        ));
    }
    s.push_str("</div></body></html>");
    s
}

fn email(i: usize) -> String {
    format!("owner{i}@shop{i}-mail.example")
}

fn account(i: usize) -> Customer {
    Customer {
        id: format!("C-{i}"),
        name: format!("Owner{i} Person{}", i % 997),
        emails: vec![email(i)],
        hosts: vec![format!("www.shop{i}.example")],
        status: AccountStatus::Active,
        plan: Some(["basic", "pro", "business"][i % 3].to_string()),
        created_at: chrono::NaiveDate::from_ymd_opt(2020, 1, 1),
        cancelled_at: None,
        facts: Default::default(),
    }
}

/// Peak resident set since the last reset, in MB (Linux).
fn peak_rss_mb() -> f64 {
    status_mb("VmHWM:")
}

/// A `/proc/self/status` figure in MB (Linux).
fn status_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Resets the peak resident set to the current one (Linux), so the scan's own peak can be
/// told from the matcher build's.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn config_text(
    addr: std::net::SocketAddr,
    store: &str,
    window: &str,
    threads: usize,
    pages: usize,
) -> String {
    let mut text = format!(
        "[service]\nname = \"Smart Security Scan\"\ndomains = [\"smartsecurityscan.com\"]\n{window}\n\
         [store]\npath = \"{store}\"\n\
         [http]\ntimeout = \"20s\"\nmax_attempts = 1\nper_host_per_second = 100000.0\nrespect_robots_txt = false\n\
         [[drafts.templates]]\nname = \"thanks\"\ntext = \"Thank you for the feedback, {{author}}.\"\n"
    );
    for t in 0..threads {
        text.push_str(&format!(
            "[[sources]]\nname = \"t{t}\"\nkind = \"html\"\nurl = \"http://{addr}/t{t}/0.html\"\nmax_pages = {pages}\n\
             keywords = [\"smart security scan\"]\n[sources.select]\nitem = \"div.post\"\nid = \"@id\"\n\
             author = \"p.author a.username\"\ntext = \"div.content\"\ntime = \"time@datetime\"\nnext = \"a[rel=next]@href\"\n"
        ));
    }
    text
}

/// What one scan did.
#[derive(Default)]
struct Scan {
    build_secs: f64,
    /// Peak RSS up to the end of the matcher build, and RSS right after it.
    build_peak_mb: f64,
    built_mb: f64,
    secs: f64,
    new: usize,
    queued: usize,
    held: usize,
    timeouts: usize,
    failed: usize,
    not_modified: usize,
    peak_mb: f64,
}

fn scan(rt: &tokio::runtime::Runtime, cfg: &Path) -> Scan {
    let cfg = Arc::new(reviewgate::config::load(cfg).unwrap());
    let store = Arc::new(Store::open(&cfg.store_path()).unwrap());
    let built = Instant::now();
    let pipeline = Pipeline::new(cfg, store).unwrap();
    // The matcher over the accounts is built once per process, not per scan: timed apart.
    let mut s = Scan {
        build_secs: built.elapsed().as_secs_f64(),
        build_peak_mb: peak_rss_mb(),
        built_mb: status_mb("VmRSS:"),
        ..Scan::default()
    };
    reset_peak_rss();
    let started = Instant::now();
    rt.block_on(pipeline.scan_once(|r| {
        s.new += r.new;
        s.queued += r.queued;
        s.held += r.held_back;
        s.not_modified += r.pages_not_modified;
        if let Some(e) = &r.error {
            s.failed += 1;
            if e.contains("timed out") {
                s.timeouts += 1;
            }
            eprintln!("{}: {e}", r.source);
        }
    }))
    .unwrap();
    s.secs = started.elapsed().as_secs_f64();
    // The process's peak: the build's or the scan's, whichever is higher.
    s.peak_mb = peak_rss_mb().max(s.build_peak_mb);
    eprintln!(
        "pass figures: matcher build peak {:.0} MB, after it {:.0} MB; scan peak {:.0} MB",
        s.build_peak_mb,
        s.built_mb,
        peak_rss_mb()
    );
    s
}

/// The plain pass: fetch and extract every page (parses bounded as the pipeline's are), keep
/// nothing.
fn fetch_and_extract(rt: &tokio::runtime::Runtime, cfg: &Path) -> (f64, usize, f64) {
    use futures_util::stream::{FuturesUnordered, StreamExt};
    let cfg = reviewgate::config::load(cfg).unwrap();
    let client = reviewgate::http::HttpClient::new(&cfg.config.http).unwrap();
    let empty = std::collections::HashMap::new();
    let started = Instant::now();
    let posts = rt.block_on(async {
        // Streamed as the pipeline streams them, each batch dropped on arrival: nothing is kept.
        let limits = reviewgate::sources::BatchLimits {
            posts: cfg.config.store.batch_posts.max(1),
            bytes: cfg.config.store.batch_bytes.max(1),
        };
        let mut polls: FuturesUnordered<_> = cfg
            .config
            .sources
            .iter()
            .zip(&cfg.compiled)
            .map(|(s, c)| {
                let (sink, mut batches) = tokio::sync::mpsc::channel(1);
                let drain = async move { while batches.recv().await.is_some() {} };
                let poll =
                    reviewgate::sources::poll_streaming(&client, s, c, &empty, limits, sink, None);
                async move { tokio::join!(poll, drain).0 }
            })
            .collect();
        let mut posts = 0;
        while let Some(o) = polls.next().await {
            assert!(o.error.is_none(), "{:?}", o.error);
            posts += o.posts_seen;
        }
        posts
    });
    (started.elapsed().as_secs_f64(), posts, peak_rss_mb())
}

fn runtime(workers: usize) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .unwrap()
}

/// A pass in this process (the child's side): `plain` or `scan` over the config at
/// `BIGSCAN_CONFIG`; prints one `pass:` line of figures for the parent.
fn run_pass(pass: &str, workers: usize) {
    // As the binary does at start.
    reviewgate::sources::cpu::cap_allocator_arenas();
    let rt = runtime(workers);
    let cfg = std::path::PathBuf::from(std::env::var_os("BIGSCAN_CONFIG").unwrap());
    let s = match pass {
        "plain" => {
            let (secs, posts, peak_mb) = fetch_and_extract(&rt, &cfg);
            Scan {
                secs,
                new: posts,
                peak_mb,
                ..Scan::default()
            }
        }
        _ => scan(&rt, &cfg),
    };
    println!(
        "pass: {} {} {} {} {} {} {} {} {}",
        s.build_secs,
        s.secs,
        s.new,
        s.queued,
        s.held,
        s.timeouts,
        s.failed,
        s.not_modified,
        s.peak_mb
    );
}

/// What serves the corpus: nginx (a child process, stopped when dropped) or the bundled file
/// server (a task of the parent's runtime).
enum Server {
    Nginx(std::process::Child, std::net::SocketAddr, String),
    Bundled(example_server::ExampleServer),
}

impl Server {
    fn addr(&self) -> std::net::SocketAddr {
        match self {
            Server::Nginx(_, addr, _) => *addr,
            Server::Bundled(s) => s.addr,
        }
    }

    fn name(&self) -> String {
        match self {
            Server::Nginx(_, _, version) => version.clone(),
            Server::Bundled(_) => "the bundled loopback server".to_string(),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Server::Nginx(child, _, _) = self {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The nginx binary to serve with: `BIGSCAN_SERVER=bundled` says none, else `nginx` on the
/// PATH or in /usr/sbin (Debian's place, often not on a user's PATH).
fn nginx_binary() -> Option<std::path::PathBuf> {
    if std::env::var("BIGSCAN_SERVER").is_ok_and(|v| v == "bundled") {
        return None;
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([std::path::PathBuf::from("/usr/sbin")])
        .map(|dir| dir.join("nginx"))
        .find(|p| p.is_file())
}

/// Starts nginx on a free loopback port over `site`, everything it writes under `dir`; waits
/// until it answers. Static files with its default validators (ETag and Last-Modified), as the
/// issue's "served by nginx on loopback".
fn start_nginx(nginx: &Path, dir: &Path, site: &Path) -> Server {
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap();
    let d = dir.display();
    // One process (no master): stopping it stops all of nginx, and it runs as the caller (a
    // master run as root hands its workers to `nobody`, who may not read the temporary folder).
    let conf = format!(
        "daemon off;\nmaster_process off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/nginx-error.log warn;\n\
         events {{ worker_connections 1024; }}\n\
         http {{\n  access_log off;\n  sendfile on;\n  keepalive_requests 100000;\n\
           types {{ text/html html; }}\n  default_type application/octet-stream;\n\
           client_body_temp_path {d}/nginx-body;\n  proxy_temp_path {d}/nginx-proxy;\n\
           fastcgi_temp_path {d}/nginx-fastcgi;\n  uwsgi_temp_path {d}/nginx-uwsgi;\n  scgi_temp_path {d}/nginx-scgi;\n\
           server {{\n    listen {addr};\n    root {};\n  }}\n}}\n",
        site.display()
    );
    let conf_path = dir.join("nginx.conf");
    std::fs::write(&conf_path, conf).unwrap();
    let version = std::process::Command::new(nginx)
        .arg("-v")
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stderr)
                .trim()
                .replace("nginx version: ", "")
        })
        .unwrap_or_else(|_| "nginx".to_string());
    let child = std::process::Command::new(nginx)
        .args([
            "-p",
            &d.to_string(),
            "-e",
            &format!("{d}/nginx-error.log"),
            "-c",
        ])
        .arg(&conf_path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let server = Server::Nginx(child, addr, version);
    for _ in 0..100 {
        if std::net::TcpStream::connect(addr).is_ok() {
            return server;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let log = std::fs::read_to_string(dir.join("nginx-error.log")).unwrap_or_default();
    panic!("nginx did not start on {addr}: {log}");
}

/// Runs one pass in a child process (this binary with `BIGSCAN_PASS`) and reads its figures.
fn child(pass: &str, cfg: &Path) -> Scan {
    child_wrapped(
        pass,
        cfg,
        &std::env::var("BIGSCAN_WRAP").unwrap_or_default(),
    )
}

/// [`child`] under the command `wrap` (empty: none).
fn child_wrapped(pass: &str, cfg: &Path, wrap: &str) -> Scan {
    let exe = std::env::current_exe().unwrap();
    let mut words: Vec<std::ffi::OsString> = wrap.split_whitespace().map(Into::into).collect();
    words.push(exe.into());
    let out = std::process::Command::new(&words[0])
        .args(&words[1..])
        .env("BIGSCAN_PASS", pass)
        .env("BIGSCAN_CONFIG", cfg)
        .stderr(std::process::Stdio::inherit())
        .output()
        .unwrap();
    assert!(out.status.success(), "pass {pass} failed: {}", out.status);
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("pass: "))
        .unwrap_or_else(|| panic!("pass {pass} printed no figures: {text}"));
    let v: Vec<f64> = line.split(' ').map(|x| x.parse().unwrap()).collect();
    Scan {
        build_peak_mb: f64::NAN,
        built_mb: f64::NAN,
        build_secs: v[0],
        secs: v[1],
        new: v[2] as usize,
        queued: v[3] as usize,
        held: v[4] as usize,
        timeouts: v[5] as usize,
        failed: v[6] as usize,
        not_modified: v[7] as usize,
        peak_mb: v[8],
    }
}

fn main() {
    let workers = size("BIGSCAN_WORKERS", 2);
    if let Ok(pass) = std::env::var("BIGSCAN_PASS") {
        return run_pass(&pass, workers);
    }
    let threads = size("BIGSCAN_THREADS", 60);
    let pages = size("BIGSCAN_PAGES", 50);
    let per = size("BIGSCAN_POSTS", 83);
    let accounts = size("BIGSCAN_ACCOUNTS", 100_000);
    // Only the file server runs here; the passes have runtimes of their own.
    let rt = runtime(workers);
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let mut bytes = 0;
    for t in 0..threads {
        let folder = site.join(format!("t{t}"));
        std::fs::create_dir_all(&folder).unwrap();
        for p in 0..pages {
            let html = page_html(t, p, pages, per, accounts);
            bytes += html.len();
            std::fs::write(folder.join(format!("{p}.html")), html).unwrap();
        }
    }
    let server = match nginx_binary() {
        Some(nginx) => start_nginx(&nginx, dir.path(), &site),
        None => Server::Bundled(
            rt.block_on(example_server::start(&site, "127.0.0.1:0"))
                .unwrap(),
        ),
    };
    let addr = server.addr();
    eprintln!("corpus served by {}", server.name());
    let total_pages = threads * pages;
    let total_posts = total_pages * per;

    // Accounts imported once, into a template store copied for each scan.
    let started = Instant::now();
    let template = dir.path().join("template.sqlite3");
    {
        let store = Store::open(&template).unwrap();
        store
            .import_customers(
                (0..accounts).map(|i| Ok::<_, std::io::Error>(account(i))),
                |_| {},
            )
            .unwrap();
    }
    let import_secs = started.elapsed().as_secs_f64();
    let cfg = |name: &str, window: &str| {
        let db = dir.path().join(format!("{name}.sqlite3"));
        std::fs::copy(&template, &db).unwrap();
        // The store's generated audit key goes with it.
        let key = |p: &Path| p.with_extension("sqlite3.audit-key");
        std::fs::copy(key(&template), key(&db)).unwrap();
        let path = dir.path().join(format!("{name}.toml"));
        let text = config_text(addr, &format!("{name}.sqlite3"), window, threads, pages);
        std::fs::write(&path, text).unwrap();
        path
    };
    let default_window = cfg("default", "");
    let open_window = cfg("open", "reply_window = \"0s\"");

    if std::env::var_os("BIGSCAN_RESCAN_ONLY").is_some() {
        // The default-window scan, then its rescan; only the rescan runs under BIGSCAN_WRAP.
        let first = child_wrapped("scan", &default_window, "");
        let rescan = child("scan", &default_window);
        assert_eq!(rescan.new, 0);
        println!(
            "rescan of the default-window scan: {:.2}s for {total_pages} pages ({:.2} ms a page; first scan {:.1}s), {} not re-parsed",
            rescan.secs,
            rescan.secs * 1000.0 / total_pages as f64,
            first.secs,
            rescan.not_modified
        );
        return;
    }
    if std::env::var_os("BIGSCAN_OPEN_ONLY").is_some() {
        let first = child("scan", &open_window);
        println!(
            "first scan (window open): {:.1}s, {} queued, peak RSS {:.0} MB",
            first.secs, first.queued, first.peak_mb
        );
        return;
    }
    let plain = child("plain", &default_window);
    let (plain_secs, plain_posts, plain_mb) = (plain.secs, plain.new, plain.peak_mb);
    assert_eq!(plain_posts, total_posts);
    let windowed = child("scan", &default_window);
    if std::env::var_os("BIGSCAN_WINDOW_ONLY").is_some() {
        // For profiling the default-window pass alone (`perf record`): its ratio, then stop.
        println!(
            "first scan (default window) / fetch+extract time: {:.2}x ({:.1}s / {plain_secs:.1}s); peak RSS {:.0} MB / {plain_mb:.0} MB",
            windowed.secs / plain_secs,
            windowed.secs,
            windowed.peak_mb
        );
        return;
    }
    let first = child("scan", &open_window);
    let rescan = child("scan", &open_window);
    assert_eq!(windowed.new, total_posts);
    assert_eq!(first.new, total_posts);
    assert_eq!(rescan.new, 0);

    let rate = |n: usize, secs: f64| n as f64 / secs;
    println!(
        "big first scan: {threads} threads x {pages} pages x {per} posts = {total_pages} pages, {total_posts} posts, {:.0} MB; {accounts} accounts (imported in {import_secs:.1}s); {workers} runtime workers; served by {}",
        bytes as f64 / 1e6,
        server.name()
    );
    println!(
        "| pass | seconds | pages/s | posts/s | queued/s | held back | timeouts | peak RSS MB |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    println!(
        "| fetch + extract only | {plain_secs:.1} | {:.0} | {:.0} | - | - | 0 | {plain_mb:.0} |",
        rate(total_pages, plain_secs),
        rate(total_posts, plain_secs)
    );
    for (name, s) in [
        ("first scan, default reply window", &windowed),
        ("first scan, window open (all queued)", &first),
        ("rescan, unchanged", &rescan),
    ] {
        println!(
            "| {name} | {:.1} | {:.0} | {:.0} | {:.0} | {} | {} | {:.0} |",
            s.secs,
            rate(total_pages, s.secs),
            rate(total_posts, s.secs),
            rate(s.queued, s.secs),
            s.held,
            s.timeouts,
            s.peak_mb
        );
    }
    println!(
        "matcher over {accounts} accounts built in {:.1}s (once per process; not in the scan times)",
        first.build_secs
    );
    println!("ratios:");
    println!(
        "  first scan (default window) / fetch+extract time: {:.2}x (goal <= 1.5x)",
        windowed.secs / plain_secs
    );
    println!(
        "  first scan (window open) / rescan time: {:.1}x (goal >= 20x); rescan pages not re-parsed: {}/{total_pages}",
        first.secs / rescan.secs,
        rescan.not_modified
    );
    println!(
        "  peak RSS of the first scan, window open / default window: {:.0} / {:.0} MB (goal <= 100 MB); fetch timeouts: {} (goal 0)",
        first.peak_mb,
        windowed.peak_mb,
        windowed.timeouts + first.timeouts + rescan.timeouts
    );
}
