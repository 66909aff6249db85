//! Extraction on the saved fixture pages under `fixtures/site/`, one test per preset and format.

use super::*;
use crate::config::{SelectConfig, SourceConfig, SourceKind};

fn source(
    kind: SourceKind,
    preset: Option<&str>,
    select: SelectConfig,
    embedded: Option<&str>,
) -> SourceConfig {
    SourceConfig {
        name: "fixture".into(),
        kind,
        url: "http://127.0.0.1/".into(),
        interval: std::time::Duration::from_secs(900),
        max_pages: 1,
        keywords: vec!["smart security scan".into(), "smartsecurityscan".into()],
        exclude: vec![],
        preset: preset.map(Into::into),
        select,
        embedded_json: embedded.map(Into::into),
        headers_from_env: Default::default(),
        follow_hosts: Vec::new(),
        reply_window: None,
        staff_authors: None,
        publisher: None,
    }
}

fn run(src: &SourceConfig, file: &str, url: &str) -> (CompiledSource, Extracted) {
    let compiled = CompiledSource::compile(src).expect("compiles");
    let path = format!("{}/fixtures/site/{file}", env!("CARGO_MANIFEST_DIR"));
    let body = std::fs::read(&path).expect("fixture exists");
    let out = extract(&compiled, &Url::parse(url).unwrap(), &body, None).expect("extracts");
    (compiled, out)
}

/// One expected post: id, author, url, time (RFC 3339), text, quotes, relevant.
type Want<'a> = (
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    &'a str,
    &'a [&'a str],
    bool,
);

fn check(compiled: &CompiledSource, got: &[ExtractedPost], want: &[Want<'_>]) {
    assert_eq!(got.len(), want.len(), "post count; got {got:#?}");
    for (p, w) in got.iter().zip(want) {
        let (id, author, url, time, text, quotes, relevant) = *w;
        assert_eq!(p.id, id);
        assert_eq!(p.author, author, "author of {id}");
        assert_eq!(p.url.as_deref(), url, "url of {id}");
        assert_eq!(
            p.published_at.map(|t| t.to_rfc3339()),
            time.map(String::from),
            "time of {id}"
        );
        assert_eq!(p.text, text, "text of {id}");
        assert_eq!(p.quotes, quotes, "quotes of {id}");
        assert_eq!(compiled.is_relevant(p), relevant, "relevance of {id}");
    }
}

fn html(preset: &str) -> SourceConfig {
    source(
        SourceKind::Html,
        Some(preset),
        SelectConfig::default(),
        None,
    )
}

#[test]
fn phpbb_thread_two_pages() {
    let base = "https://board.webhosting-talk.example/";
    let (c, out) = run(
        &html("phpbb"),
        "phpbb/smart-security-scan-t4821.html",
        &format!("{base}smart-security-scan-t4821.html"),
    );
    assert_eq!(out.items_found, 4);
    assert_eq!(
        out.next.as_ref().map(Url::as_str),
        Some("https://board.webhosting-talk.example/smart-security-scan-t4821-10.html")
    );
    let jan = "Support has not answered in two days. If anyone from Smart Security Scan reads this: jan (at) example-shop (dot) de, ticket is still open.";
    check(&c, &out.posts, &[
        ("p70011", "jan_b", Some("https://board.webhosting-talk.example/smart-security-scan-t4821.html#p70011"), Some("2026-11-01T09:15:00+00:00"),
         &format!("Since Tuesday my shop at shop.example-shop.de shows a blank page. Smart Security Scan flagged a \"malware signature\" and simply locked the account.\n\n{jan}"), &[], true),
        ("p70012", "maria_r", Some("https://board.webhosting-talk.example/smart-security-scan-t4821.html#p70012"), Some("2026-11-01T11:02:00+00:00"),
         "Same here with Smart-Security-Scan. My server IP 198.51.100.23 ended up on their block list and the trattoria's booking form stopped working.\nCost us a whole Saturday of reservations.", &[], true),
        ("p70013", "kettlebell", Some("https://board.webhosting-talk.example/smart-security-scan-t4821.html#p70013"), Some("2026-11-01T12:30:00+00:00"),
         "Slightly off topic, but does anyone know a cheap VPS with IPv6 in Frankfurt?", &[], false),
        ("p70014", "bytewarden941", Some("https://board.webhosting-talk.example/smart-security-scan-t4821.html#p70014"), Some("2026-11-01T14:45:00+00:00"),
         "Smart Security Scan support told me to wait 48 hours, and they were right. My VPS vps1.bytewarden.example (203.0.113.141) was unlocked this morning.", &[jan], true),
    ]);
    let (c, out) = run(
        &html("phpbb"),
        "phpbb/smart-security-scan-t4821-10.html",
        &format!("{base}smart-security-scan-t4821-10.html"),
    );
    assert_eq!((out.items_found, out.next), (3, None));
    let page = "https://board.webhosting-talk.example/smart-security-scan-t4821-10.html";
    check(&c, &out.posts, &[
        ("p70016", "tom_hughes", Some(&format!("{page}#p70016")), Some("2026-11-02T08:20:00+00:00"),
         "I left smart security scan last spring after the same thing happened to hughes-photo.example.\nHappy to share the migration notes, write to tom@hughes-photo.example.", &[], true),
        ("p70017", "jan_b", Some(&format!("{page}#p70017")), Some("2026-11-02T16:05:00+00:00"),
         "Update: the shop is back. Smart Security Scan says it was a false positive in an old plugin.",
         &["Smart Security Scan support told me to wait 48 hours, and they were right."], true),
        // A guest: phpBB writes the name in a span, not a profile link.
        ("p70018", "Guest42", Some(&format!("{page}#p70018")), Some("2026-11-03T07:00:00+00:00"),
         "Cheap replica watches, best prices, visit our site!", &[], false),
    ]);
}

#[test]
fn discourse_crawler_view() {
    let (c, out) = run(&html("discourse"), "discourse/smart-security-scan-false-positive-812.html",
        "https://community.selfhosters.example/t/smart-security-scan-false-positive-on-a-wordpress-plugin/812");
    assert_eq!((out.items_found, out.next.clone()), (3, None));
    // No permalink selector: the page URL with the post's anchor stands in.
    let anchor = |id: &str| {
        format!("https://community.selfhosters.example/t/smart-security-scan-false-positive-on-a-wordpress-plugin/812#{id}")
    };
    check(&c, &out.posts, &[
        ("post_1", "aiko_t", Some(&anchor("post_1")), Some("2026-11-04T08:31:12+00:00"),
         "Our API at api.bluefin-labs.example was quarantined by Smart Security Scan after we updated a caching plugin. The scanner reported a webshell in a minified JS file.\n\nHas anyone found a way to get a human at Smart Security Scan to look at it? I mailed aiko.t [at] bluefin-labs [dot] example to myself as a reminder to follow up, but nothing came back from them.", &[], true),
        ("post_2", "lnovak", Some(&anchor("post_2")), Some("2026-11-04T09:02:47+00:00"),
         "Same pattern on mail.novak-it.example last month. Smart Security Scan un-quarantined it within a day once I opened a ticket through the panel instead of mailing.",
         &["The scanner reported a webshell in a minified JS file."], true),
        ("post_3", "kwame.m", Some(&anchor("post_3")), Some("2026-11-05T17:45:00+00:00"),
         "Does anyone have a good recipe for jollof rice? Asking for the community cookbook thread.", &[], false),
    ]);
}

#[test]
fn xenforo_thread() {
    let (c, out) = run(
        &html("xenforo"),
        "xenforo/smart-security-scan-experiences.3310.html",
        "https://forums.hostingcrowd.example/threads/smart-security-scan-experiences.3310/",
    );
    assert_eq!((out.items_found, out.next.clone()), (3, None));
    let t = "https://forums.hostingcrowd.example/threads/smart-security-scan-experiences.3310/";
    let sven = "The scanner blocked olsen-bikes.example twice and my server (203.0.113.88) got null-routed for an hour each time.";
    check(&c, &out.posts, &[
        ("post-91201", "SvenO", Some(&format!("{t}post-91201")), Some("2026-11-06T18:12:44+00:00"),
         &format!("Has anyone else had trouble with Smart Security Scan this week?\n{sven}"), &[], true),
        ("post-91207", "Priya N.", Some(&format!("{t}post-91207")), Some("2026-11-06T20:40:05+00:00"),
         "Not this week, but in September. Smart Security Scan flagged the image CDN for curryleaf.example as a phishing kit. You can reach me at priya<at>curryleaf<dot>example if you want the ticket wording that got it resolved.",
         &[sven], true),
        ("post-91215", "CarlosM", Some(&format!("{t}post-91215")), Some("2026-11-07T08:03:19+00:00"),
         "Moving my real-estate listings away from them. Smart Security Scan support answered after 6 days.\n\nIf their staff wants to check: carlos@mendes-imoveis.example, box 198.51.100.150.", &[], true),
    ]);
}

#[test]
fn wordpress_comments() {
    let page = "https://blog.hostwatch.example/2026/11/smart-security-scan-review/";
    let (c, out) = run(
        &html("wordpress"),
        "wordpress/smart-security-scan-review.html",
        page,
    );
    assert_eq!((out.items_found, out.next.clone()), (4, None));
    check(&c, &out.posts, &[
        ("div-comment-1204", "Julia W.", Some(&format!("{page}#comment-1204")), Some("2026-11-08T18:30:00+00:00"),
         "Great write-up. We run wagner-events.example on Smart Security Scan\u{2019}s Pro plan and the weekly scan reports are honestly useful.\n\nOnly complaint: the dashboard logs you out every 15 minutes.", &[], true),
        // `Smart&nbsp;Security&nbsp;Scan` is still the keyword.
        ("div-comment-1206", "Hannah", Some(&format!("{page}#comment-1206")), Some("2026-11-09T07:55:00+00:00"),
         "They moved my bookshop\u{2026} sorry, my yoga studio site to a new IP without telling me. Smart Security Scan support said it was \u{201c}routine maintenance\u{201d}.", &[], true),
        // A nested reply is its own post, with its quote apart.
        ("div-comment-1208", "Grace O\u{2019}Connor", Some(&format!("{page}#comment-1208")), Some("2026-11-09T10:11:00+00:00"),
         "Smart Security Scan did the same to oconnor-books.example in October. My mail bounced for a day; write to grace@oconnor-books.example and I\u{2019}ll forward you the notice they sent afterwards.",
         &["They moved my bookshop to a new IP without telling me"], true),
        ("div-comment-1210", "Ines", Some(&format!("{page}#comment-1210")), Some("2026-11-10T12:00:00+00:00"),
         "Does anybody know if the Brussels flower market is open on Sundays?", &[], false),
    ]);
}

#[test]
fn hackernews_item() {
    let (c, out) = run(
        &html("hackernews"),
        "hackernews/item-42811007.html",
        "https://news.ycombinator.com/item?id=42811007",
    );
    assert_eq!((out.items_found, out.next.clone()), (4, None));
    let item = |id: &str| format!("https://news.ycombinator.com/item?id={id}");
    check(&c, &out.posts, &[
        ("42811020", "nkim_dev", Some(&item("42811020")), Some("2026-11-11T15:04:11+00:00"),
         "I run a small delivery startup (kimchi-express.example) on Smart Security Scan. The scanner is fine; the problem is that their quarantine is a black box.\n\nWhen it fired on us, 192.0.2.210 was firewalled for everything except SSH, which at least let me fix it.", &[], true),
        // HN quotes with a leading `>`.
        ("42811033", "rsilva", Some(&item("42811033")), Some("2026-11-11T15:40:52+00:00"),
         "Agreed. For silvasurf.example it took three tickets. If anyone at SmartSecurityScan reads HN: rafael at silvasurf dot example.",
         &["the problem is that their quarantine is a black box"], true),
        ("42811041", "throwaway_8831", Some(&item("42811041")), Some("2026-11-11T16:12:30+00:00"),
         "Unrelated, but the HN dark mode extension broke again after the last Firefox update. Anyone have a fix?", &[], false),
        ("42811055", "noahw", Some(&item("42811055")), Some("2026-11-11T16:45:09+00:00"),
         "Counterpoint: Smart Security Scan caught a real credential stealer on staging.brightcode.example last year before we shipped it. Annoying beats breached.\n\nLook at the IOC list they publish: https://smartsecurityscan.com/advisories/2025-17", &[], true),
    ]);
}

#[test]
fn rss_feed() {
    let src = source(SourceKind::Feed, None, SelectConfig::default(), None);
    let (c, out) = run(
        &src,
        "feeds/hostwatch-comments.rss",
        "https://blog.hostwatch.example/2026/11/smart-security-scan-review/feed/",
    );
    assert_eq!((out.items_found, out.next.clone()), (3, None));
    let page = "https://blog.hostwatch.example/2026/11/smart-security-scan-review/";
    check(&c, &out.posts, &[
        ("https://blog.hostwatch.example/?p=311#comment-1212", "Laura M.", Some(&format!("{page}#comment-1212")), Some("2026-11-10T15:30:00+00:00"),
         "Our dental practice site martinez-dental.example has been on Smart Security Scan for years without a single false positive. Patients book online every day.", &[], true),
        ("https://blog.hostwatch.example/?p=311#comment-1213", "Daniel", Some(&format!("{page}#comment-1213")), Some("2026-11-10T16:02:00+00:00"),
         "In reply to Laura M..\n\nLucky you. dkim@kimchi-express.example got three malware warnings from Smart Security Scan in a week\u{2026}",
         &["without a single false positive"], true),
        ("https://blog.hostwatch.example/?p=311#comment-1214", "Emma", Some(&format!("{page}#comment-1214")), Some("2026-11-10T18:45:00+00:00"),
         "Which roses do you recommend for a shady garden? Asking for gartenfreunde.", &[], false),
    ]);
}

#[test]
fn atom_feed_with_next_page() {
    let src = source(SourceKind::Feed, None, SelectConfig::default(), None);
    let (c, out) = run(
        &src,
        "feeds/status-forum.atom",
        "https://status.hostingcrowd.example/tags/smart-security-scan.atom",
    );
    assert_eq!(out.items_found, 3);
    assert_eq!(
        out.next.as_ref().map(Url::as_str),
        Some("https://status.hostingcrowd.example/tags/smart-security-scan-page2.atom")
    );
    check(&c, &out.posts, &[
        ("tag:status.hostingcrowd.example,2026:post-5521", "julia_w", Some("https://status.hostingcrowd.example/posts/5521"), Some("2026-11-14T07:15:00+00:00"),
         "Smart Security Scan outage in Frankfurt?\n\nwagner-events.example and 203.0.113.5 unreachable since 07:50, Smart Security Scan status page says all green.", &[], true),
        ("tag:status.hostingcrowd.example,2026:post-5524", "ahmed.h", Some("https://status.hostingcrowd.example/posts/5524"), Some("2026-11-14T07:41:00+00:00"),
         "Re: Smart Security Scan outage in Frankfurt?\n\nSame for hassan-logistics.example, even though we cancelled and moved last week. Mail me at ahmed (at) hassan-logistics (dot) example.",
         &["Smart Security Scan status page says all green."], true),
        ("tag:status.hostingcrowd.example,2026:post-5530", "rackdealer", Some("https://status.hostingcrowd.example/posts/5530"), Some("2026-11-14T09:00:00+00:00"),
         "Selling two used rack servers\n\nDell R640, 2x Xeon, pickup only.", &[], false),
    ]);
}

#[test]
fn json_feed_with_next_url() {
    let src = source(SourceKind::Feed, None, SelectConfig::default(), None);
    let (c, out) = run(
        &src,
        "feeds/reviews.json",
        "https://weekly.hostreviews.example/smart-security-scan/feed.json",
    );
    assert_eq!(out.items_found, 3);
    assert_eq!(
        out.next.as_ref().map(Url::as_str),
        Some("https://weekly.hostreviews.example/smart-security-scan/feed.json?page=2")
    );
    check(&c, &out.posts, &[
        ("https://weekly.hostreviews.example/r/3107", "Pierre L.", Some("https://weekly.hostreviews.example/r/3107"), Some("2026-11-15T08:30:00+00:00"),
         "Reader mail: Smart Security Scan and my law firm\n\nA reader writes: \u{201c}Smart Security Scan blocked lambert-avocats.example for a day. Contact p.lambert@lambert-avocats.example.\u{201d}", &[], true),
        ("https://weekly.hostreviews.example/r/3108", "Rafael", Some("https://weekly.hostreviews.example/r/3108"), Some("2026-11-15T11:00:00+00:00"),
         "Five years with Smart Security Scan\n\nRafael here (silvasurf). Five years, two false positives, one real save. Would renew.", &[], true),
        // No item author: the feed's author stands in.
        ("https://weekly.hostreviews.example/r/3109", "Hosting Reviews Weekly", Some("https://weekly.hostreviews.example/r/3109"), Some("2026-11-15T12:00:00+00:00"),
         "Our podcast is back\n\nEpisode 12 is out: we talk about keyboards.", &[], false),
    ]);
}

fn pointers(
    item: &str,
    author: &str,
    text: &str,
    time: &str,
    id: &str,
    link: &str,
    next: &str,
) -> SelectConfig {
    SelectConfig {
        item: Some(item.into()),
        author: Some(author.into()),
        text: Some(text.into()),
        time: Some(time.into()),
        id: Some(id.into()),
        link: Some(link.into()),
        next: Some(next.into()),
    }
}

#[test]
fn next_data_embedded_in_review_page() {
    let select = pointers(
        "/props/pageProps/reviews",
        "/author/displayName",
        "/body",
        "/createdAt",
        "/id",
        "/url",
        "/props/pageProps/filters/pagination/nextPageUrl",
    );
    let src = source(SourceKind::Json, None, select, Some("script#__NEXT_DATA__"));
    let page = "https://reviews.trustpanel.example/review/smartsecurityscan.com";
    let (c, out) = run(&src, "reviews/smartsecurityscan.com.html", page);
    assert_eq!((out.items_found, out.next.clone()), (3, None));
    let r =
        |id: &str| format!("https://reviews.trustpanel.example/reviews/smartsecurityscan.com/{id}");
    check(&c, &out.posts, &[
        ("rv_7f3a91", "Fatima E.", Some(&r("rv_7f3a91")), Some("2026-11-12T10:20:00+00:00"),
         "Smart Security Scan quarantined our agency site atlas-travel.example during peak booking season.\n\nNobody answered. Reach me: fatima (at) atlas-travel (dot) example.", &[], true),
        ("rv_7f3b02", "Kwame Mensah", Some(&r("rv_7f3b02")), Some("2026-11-12T14:02:31+00:00"),
         "The scanner found a backdoor on mensah-foods.example that two other tools missed. Support walked me through cleaning it.", &[], false),
        ("rv_7f3c44", "P. Braun", Some(&r("rv_7f3c44")), Some("2026-11-13T07:45:00+00:00"),
         "Wir haben Smart Security Scan im M\u{e4}rz gek\u{fc}ndigt. braun-kfz.example l\u{e4}uft jetzt woanders, trotzdem kommen noch Mahnungen an peter.braun@braun-kfz.example.", &[], true),
    ]);
}

#[test]
fn plain_json_api() {
    let select = pointers(
        "/data/reviews",
        "/user/handle",
        "/content_html",
        "/posted",
        "/review_id",
        "/permalink",
        "/links/next",
    );
    let src = source(SourceKind::Json, None, select, None);
    let (c, out) = run(
        &src,
        "api/reviews-page1.json",
        "https://api.hostreviews.example/api/v2/companies/smartsecurityscan.com/reviews?page=1",
    );
    assert_eq!((out.items_found, out.next.clone()), (3, None));
    check(&c, &out.posts, &[
        ("88120", "olga.p", Some("https://hostreviews.example/r/88120"), Some("2026-11-12T10:40:00+00:00"),
         "Smart Security Scan flagged petrova-design.example because of an SVG logo. Fixed after 4 days.\nContact: olga@petrova-design.example", &[], true),
        ("88131", "mehmet_y", Some("https://hostreviews.example/r/88131"), Some("2026-11-12T13:26:40+00:00"),
         "Solid scanner.\n\nNot for us: the pro plan covers yilmaz-bau.example and 198.51.100.9 for less than our old tool.",
         &["Smart Security Scan is overpriced"], true),
        ("88140", "anon1", Some("https://hostreviews.example/r/88140"), Some("2026-11-12T16:13:20+00:00"),
         "Does this site accept reviews of restaurants too?", &[], false),
    ]);
}

#[test]
fn explicit_select_keys_override_the_preset() {
    let select = SelectConfig {
        author: Some("h4.message-name .username".into()),
        id: Some("@id".into()),
        ..Default::default()
    };
    let src = source(SourceKind::Html, Some("xenforo"), select, None);
    let (_, out) = run(
        &src,
        "xenforo/smart-security-scan-experiences.3310.html",
        "https://forums.hostingcrowd.example/threads/smart-security-scan-experiences.3310/",
    );
    let got: Vec<(&str, &str)> = out
        .posts
        .iter()
        .map(|p| (p.id.as_str(), p.author.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("js-post-91201", "SvenO"),
            ("js-post-91207", "Priya N."),
            ("js-post-91215", "CarlosM")
        ]
    );
}

#[test]
fn hash_ids_are_stable_and_distinct_without_an_id_selector() {
    let select = SelectConfig {
        id: Some("span.nothing-here@id".into()),
        ..Default::default()
    };
    let src = source(SourceKind::Html, Some("hackernews"), select, None);
    let url = "https://news.ycombinator.com/item?id=42811007";
    let (_, a) = run(&src, "hackernews/item-42811007.html", url);
    let (_, b) = run(&src, "hackernews/item-42811007.html", url);
    let ids: Vec<&str> = a.posts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        b.posts.iter().map(|p| p.id.as_str()).collect::<Vec<_>>()
    );
    assert_eq!(ids[0], post_id("nkim_dev", &a.posts[0].text));
    assert!(ids.iter().all(|id| id.len() == 17 && id.starts_with('h')));
    assert_eq!(
        ids.iter().collect::<std::collections::HashSet<_>>().len(),
        4
    );
}

#[test]
fn wrong_selectors_find_no_items() {
    let (_, out) = run(
        &html("phpbb"),
        "xenforo/smart-security-scan-experiences.3310.html",
        "https://forums.hostingcrowd.example/t",
    );
    assert_eq!(
        out,
        Extracted {
            posts: vec![],
            next: None,
            items_found: 0,
            gaps: Default::default(),
            method: None,
        }
    );
}

#[test]
fn compile_reports_every_problem() {
    let mut src = source(
        SourceKind::Html,
        Some("vbulletin"),
        SelectConfig {
            item: Some("div[".into()),
            ..Default::default()
        },
        Some("script"),
    );
    src.keywords.push("--".into());
    let problems = CompiledSource::compile(&src).unwrap_err();
    let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(
        keys,
        vec![
            "preset",
            "embedded_json",
            "keywords",
            "select.item",
            "select.author",
            "select.text"
        ]
    );
    assert!(
        problems[0]
            .message
            .contains("phpbb, discourse, xenforo, wordpress, hackernews"),
        "{}",
        problems[0].message
    );

    let json = source(
        SourceKind::Json,
        Some("phpbb"),
        SelectConfig {
            item: Some("data".into()),
            ..Default::default()
        },
        Some("script#["),
    );
    let keys: Vec<String> = CompiledSource::compile(&json)
        .unwrap_err()
        .into_iter()
        .map(|p| p.key)
        .collect();
    assert_eq!(
        keys,
        vec![
            "preset",
            "select.item",
            "select.author",
            "select.text",
            "embedded_json"
        ]
    );

    let feed = source(
        SourceKind::Feed,
        None,
        SelectConfig {
            item: Some("x".into()),
            ..Default::default()
        },
        None,
    );
    assert_eq!(CompiledSource::compile(&feed).unwrap_err()[0].key, "select");
    for preset in PRESETS {
        assert!(CompiledSource::compile(&html(preset)).is_ok(), "{preset}");
    }
}

#[test]
fn broken_input_never_panics() {
    let c = CompiledSource::compile(&html("phpbb")).unwrap();
    let url = Url::parse("https://board.webhosting-talk.example/t").unwrap();
    let page = std::fs::read(format!(
        "{}/fixtures/site/phpbb/smart-security-scan-t4821.html",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    // Truncated anywhere, even inside a UTF-8 sequence or a tag.
    for cut in (0..page.len()).step_by(97) {
        let out = extract(&c, &url, &page[..cut], Some("text/html; charset=utf-8")).unwrap();
        assert!(out.posts.len() <= 4);
    }
    let cut = page.len() * 2 / 3;
    let out = extract(&c, &url, &page[..cut], None).unwrap();
    assert!(out.items_found >= 1 && out.posts[0].author == "jan_b");
    // Invalid UTF-8 inside a post is replaced, the rest is read.
    let mut bad = page.clone();
    let at = bad.windows(8).position(|w| w == b"Tuesday ").unwrap();
    bad[at + 7] = 0xff;
    let out = extract(&c, &url, &bad, None).unwrap();
    assert!(
        out.posts[0]
            .text
            .starts_with("Since Tuesday\u{fffd}my shop"),
        "{}",
        out.posts[0].text
    );
    // Not HTML at all.
    assert_eq!(
        extract(&c, &url, b"\x00\x01\xfe{}", None)
            .unwrap()
            .items_found,
        0
    );
    let feed = CompiledSource::compile(&source(
        SourceKind::Feed,
        None,
        SelectConfig::default(),
        None,
    ))
    .unwrap();
    let err = extract(&feed, &url, b"<rss><channel><item>", None)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("https://board.webhosting-talk.example/t: not a readable"),
        "{err}"
    );
}
