//! The mechanisms behind version-proof presets, each on the markup shape that needs it:
//! selector lists tried in order, text joined from every match, items inside `<noscript>`,
//! dates printed as text or relative to the fetch, chrome left out of the text.

use chrono::{TimeZone, Utc};

use super::*;
use crate::config::{SelectConfig, Selectors, SourceConfig, SourceKind};

fn source(preset: Option<&str>, select: SelectConfig) -> SourceConfig {
    SourceConfig {
        name: "t".into(),
        kind: SourceKind::Html,
        url: "https://f.example/".into(),
        interval: std::time::Duration::from_secs(900),
        max_pages: 1,
        keywords: vec![],
        exclude: vec![],
        preset: preset.map(Into::into),
        select,
        embedded_json: None,
        headers_from_env: Default::default(),
        follow_hosts: Vec::new(),
        reply_window: None,
        staff_authors: None,
        publisher: None,
    }
}

fn read(src: &SourceConfig, page: &str) -> Extracted {
    let compiled = CompiledSource::compile(src).expect("compiles");
    let url = Url::parse("https://f.example/t/1").unwrap();
    let fetched = Utc.with_ymd_and_hms(2026, 11, 2, 12, 0, 0).unwrap();
    extract_at(&compiled, &url, page.as_bytes(), None, fetched).unwrap()
}

fn time(p: &ExtractedPost) -> String {
    p.published_at.map(|t| t.to_rfc3339()).unwrap_or_default()
}

#[test]
fn each_item_takes_the_first_selector_that_yields_a_value() {
    let select = SelectConfig {
        item: Some("div.post".into()),
        author: Some(Selectors::from(&["a.username", "b.guest"][..])),
        text: Some("div.content".into()),
        ..Default::default()
    };
    let out = read(
        &source(None, select),
        "<div class=post><a class=username>ann</a><div class=content>one</div></div>\
         <div class=post><b class=guest>bob</b><div class=content>two</div></div>",
    );
    let authors: Vec<&str> = out.posts.iter().map(|p| p.author.as_str()).collect();
    assert_eq!(authors, ["ann", "bob"]);
}

#[test]
fn wordpress_classic_markup_joins_bare_paragraphs_and_reads_the_text_date() {
    let page = "<ol class=commentlist><li class=comment id=li-comment-7>\
        <div id=comment-7 class=comment-body><div class='comment-author vcard'>\
        <cite class=fn>Mara</cite> <span class=says>says:</span></div>\
        <div class='comment-meta commentmetadata'><a href='#comment-7'>January 2, 2010 at 10:00 pm</a></div>\
        <p>First paragraph.</p><p>Second one.</p>\
        <div class=reply><a class=comment-reply-link href='#'>Reply</a></div></div></li></ol>";
    let out = read(&source(Some("wordpress"), SelectConfig::default()), page);
    let p = &out.posts[0];
    assert_eq!(p.author, "Mara");
    assert_eq!(p.text, "First paragraph.\n\nSecond one.");
    assert_eq!(time(p), "2010-01-02T22:00:00+00:00");
    assert!(p.details.time_assumed_utc, "no timezone on the page");
    assert_eq!(p.id, "comment-7");
}

#[test]
fn wordpress_theme_callbacks_without_comment_body() {
    let page = "<ol class=commentlist><li class=comment><article id=comment-4067 class=comment>\
        <footer class=comment-meta><div class='comment-author vcard'><span class=fn>Lee</span> on \
        <a href='#comment-4067'><time datetime='2011-03-02T09:15:00+00:00'>March 2</time></a></div></footer>\
        <div class=comment-content><p>Nice write-up.</p></div>\
        <div class=reply><a class=comment-reply-link>Reply</a></div></article></li></ol>";
    let out = read(&source(Some("wordpress"), SelectConfig::default()), page);
    assert_eq!(out.items_found, 1);
    assert_eq!(out.posts[0].author, "Lee");
    assert_eq!(out.posts[0].text, "Nice write-up.");
    assert_eq!(time(&out.posts[0]), "2011-03-02T09:15:00+00:00");
}

#[test]
fn xenforo_1_markup_and_image_only_posts() {
    let page = "<ol id=messageList><li id=post-11 class=message data-author=kai>\
        <div class=messageContent><article><blockquote class='messageText SelectQuoteContainer ugc baseHtml'>\
        <div class='bbCodeBlock bbCodeQuote' data-author=eva><aside><div class='attribution type'>eva said:\
        </div><blockquote class=quoteContainer><div class=quote>quoted words</div>\
        <div class=quoteExpand>Click to expand...</div></blockquote></aside></div>My answer.</blockquote>\
        </article></div><div class=messageMeta><a class=datePermalink href='threads/x.1/#post-11'>\
        <abbr class=DateTime data-time=1420045200>Dec 31, 2014 at 5:00 PM</abbr></a></div></li>\
        <li id=post-12 class=message data-author=lou><div class=messageContent><article>\
        <blockquote class='messageText ugc baseHtml'><img src=a.png class='bbCodeImage LbImage' alt='screenshot.png'></blockquote>\
        </article></div><div class=messageMeta><span class=DateTime title='Jan 1, 2015 at 9:00 AM'>Jan 1, 2015</span></div></li></ol>";
    let out = read(&source(Some("xenforo"), SelectConfig::default()), page);
    assert_eq!(out.posts.len(), 2, "{out:#?}");
    let (a, b) = (&out.posts[0], &out.posts[1]);
    assert_eq!(a.author, "kai");
    assert_eq!(a.text, "My answer.");
    assert_eq!(a.quotes, ["quoted words"]);
    assert_eq!(time(a), "2014-12-31T17:00:00+00:00");
    assert_eq!(a.id, "post-11");
    assert_eq!(b.text, "");
    assert_eq!(b.details.image_alts, ["screenshot.png"]);
    assert_eq!(time(b), "2015-01-01T09:00:00+00:00");
}

#[test]
fn discourse_2_posts_inside_noscript() {
    let page = "<html><head><meta name=generator content='Discourse 2.0.0.beta3'></head><body>\
        <noscript data-path='/t/x/1'><div id=main-outlet class=wrap>\
        <div itemscope itemtype='http://schema.org/DiscussionForumPosting' class='topic-body crawler-post'>\
        <div class=crawler-post-meta><span class=creator itemprop=author itemscope itemtype='http://schema.org/Person'>\
        <a itemprop=url href='/u/jan'><span itemprop=name>jan</span></a></span>\
        <span class=crawler-post-infos><time itemprop=datePublished datetime='2018-02-26T08:53:07Z' class=post-time>\
        February 26, 2018</time><span itemprop=position>1</span></span></div>\
        <div class=post itemprop=articleBody><p>Scan flagged us.</p></div></div>\
        <div class='crawler-post crawler-pagination'><a rel=next href='/t/x/1?page=2'>next page</a></div>\
        </div></noscript></body></html>";
    for preset in ["discourse", "auto"] {
        let out = read(&source(Some(preset), SelectConfig::default()), page);
        assert_eq!(out.posts.len(), 1, "{preset}: {out:#?}");
        assert_eq!(out.posts[0].author, "jan");
        assert_eq!(out.posts[0].text, "Scan flagged us.");
        assert_eq!(time(&out.posts[0]), "2018-02-26T08:53:07+00:00");
        assert_eq!(
            out.next.as_ref().map(Url::as_str),
            Some("https://f.example/t/x/1?page=2"),
            "{preset}"
        );
    }
}

/// The markup read again from `<noscript>`, and HTML inside JSON-LD texts, are parsed under
/// the source's limits like the page itself; a nested `<noscript>` is not read again.
#[test]
fn noscript_and_structured_data_are_parsed_under_the_limits() {
    let limits = Limits {
        max_depth: 40,
        ..Limits::default()
    };
    let deep = "<div>".repeat(60);
    let noscript = format!("<html><body><noscript>{deep}</noscript></body></html>");
    let json_ld = format!(
        "<html><body><script type='application/ld+json'>{{\"@type\":\"Comment\",\
         \"text\":\"{deep}\",\"author\":\"a\"}}</script></body></html>"
    );
    let url = Url::parse("https://f.example/t/1").unwrap();
    for (preset, page) in [
        ("discourse", &noscript),
        ("auto", &noscript),
        ("auto", &json_ld),
    ] {
        // The page itself is shallow: only the re-read markup goes past the limit.
        assert!(page.matches("<div>").count() > limits.max_depth);
        let compiled = CompiledSource::compile(&source(Some(preset), SelectConfig::default()))
            .unwrap()
            .with_limits(limits);
        match extract(&compiled, &url, page.as_bytes(), None) {
            Err(ExtractError::TooDeep { limit: 40, .. }) => {}
            other => panic!("{preset}: {other:?}"),
        }
        let found = inspect(&url, page.as_bytes(), None, Utc::now(), &limits);
        assert!(
            matches!(found, Err(ExtractError::TooDeep { limit: 40, .. })),
            "{preset}: inspect"
        );
    }
    // Markup escaped inside the re-read <noscript> stays text: one level is read, no more.
    let nested = "<noscript>&lt;noscript&gt;&lt;div class=x&gt;a&lt;/div&gt;</noscript>";
    let compiled =
        CompiledSource::compile(&source(Some("discourse"), SelectConfig::default())).unwrap();
    let out = extract(&compiled, &url, nested.as_bytes(), None).unwrap();
    assert!(out.posts.is_empty(), "{out:?}");
}

#[test]
fn hacker_news_relative_ages_and_reply_links() {
    let page = "<table id=hnmain><tr class='athing comtr' id=901><td><table><tr><td class=default>\
        <div><span class=comhead><a class=hnuser href='user?id=pg'>pg</a> \
        <span class=age><a href='item?id=901'>3 hours ago</a></span></span></div>\
        <div class=comment><span class=commtext>Old markup.<p><font size=1><u>\
        <a href='reply?id=901&goto=item'>reply</a></u></font></p></span></div></td></tr></table></td></tr>\
        <tr class='athing comtr' id=902><td><span class=age><a href='item?id=902'>on Oct 9, 2006</a></span>\
        <a class=hnuser>dang</a><div class=comment><span class=commtext>Current.</span>\
        <div class=reply><p><font size=1><u><a href='reply?id=902'>reply</a></u></font></p></div></div></td></tr></table>";
    let out = read(&source(Some("hackernews"), SelectConfig::default()), page);
    let p: Vec<(&str, &str, String)> = out
        .posts
        .iter()
        .map(|p| (p.author.as_str(), p.text.as_str(), time(p)))
        .collect();
    assert_eq!(
        p,
        [
            ("pg", "Old markup.", "2026-11-02T09:00:00+00:00".to_string()),
            ("dang", "Current.", "2006-10-09T00:00:00+00:00".to_string()),
        ]
    );
}

#[test]
fn phpbb_3_0_bare_text_dates_and_code_boxes_in_other_languages() {
    let page = "<body id=phpbb><p>Alle Zeiten sind UTC + 1 Stunde</p>\
        <div id=p5 class='post bg2'><div class=postbody><h3><a href='#p5'>Re: x</a></h3>\
        <p class=author><a href='./viewtopic.php?p=5#p5'><img alt='Beitrag'></a>von <strong>\
        <a href='./memberlist.php?mode=viewprofile&u=2'>hans</a></strong> &raquo; 21.01.2009, 05:42 </p>\
        <div class=content>Versuch das:<div class=codebox><p>Code: <a href='#'>Alles auswählen</a></p>\
        <pre><code>echo hi</code></pre></div></div></div>\
        <dl class=postprofile id=profile5><dt><a href='./memberlist.php?mode=viewprofile&u=2'>hans</a></dt></dl></div></body>";
    let out = read(&source(Some("phpbb"), SelectConfig::default()), page);
    let p = &out.posts[0];
    assert_eq!(p.author, "hans");
    assert_eq!(p.text, "Versuch das:\n\necho hi");
    // "UTC + 1 Stunde" is stated on the page: 05:42 there is 04:42 UTC.
    assert_eq!(time(p), "2009-01-21T04:42:00+00:00");
    assert!(!p.details.time_assumed_utc);
}

/// phpBB 2 subSilver: a table row per post, `span.name` with the post's anchor, the date in
/// "Posted: … Post subject: …", quote and code boxes as tables between two `span.postbody`,
/// the signature after a rule in the same span, the edit note in the `span.gensmall` after it,
/// smilies without a class.
#[test]
fn phpbb_2_rows_quote_tables_signatures_and_the_subject_after_the_date() {
    let row = |id: &str, name: &str, date: &str, subject: &str, body: &str| {
        format!(
            "<tr><td class=row1><span class=name><a name=\"{id}\"></a><b>{name}</b></span><br>\
             <span class=postdetails>Joined: 28 Jun 2001<br>Posts: 109</span></td>\
             <td class=row1><table><tr><td width=100%><a href=\"viewtopic.php?p={id}#{id}\">\
             <img alt=Post></a><span class=postdetails>Posted: {date}<span class=gen>&nbsp;</span>\
             &nbsp; &nbsp;Post subject: {subject}</span></td></tr><tr><td colspan=2><hr></td></tr>\
             <tr><td colspan=2>{body}</td></tr></table></td></tr>"
        )
    };
    let quote = "<span class=postbody></span><table width=90%><tr><td><span class=genmed>\
        <b>bob wrote:</b></span></td></tr><tr><td class=quote>use 2.0</td></tr></table>\
        <span class=postbody><br>no, 3.0 <img src=\"images/smiles/icon_smile.gif\" alt=\":)\"><br>\
        <br>_________________<br>bob's sig: www.example.net</span>";
    let code = "<span class=postbody></span><table width=90%><tr><td><span class=genmed>\
        <b>Code:</b></span></td></tr><tr><td class=code>make install</td></tr></table>\
        <span class=postbody></span><span class=gensmall><br><br>Last edited by Guest on \
        Tue Jun 11, 2002 9:10 pm; edited 1 time in total</span>";
    let page = format!(
        "<table class=forumline>{}{}</table>\
         <span class=gensmall>All times are GMT + 1 Hour</span>",
        row(
            "7001",
            "<a href=profile.php class=name>ann</a>",
            "Mon Jun 10, 2002 7:40 am",
            "Windows 2000",
            quote
        ),
        row(
            "7002",
            "Guest",
            "Tue Jun 11, 2002 9:05 pm",
            "Re: Windows 2000",
            code
        ),
    );
    for preset in ["phpbb", "auto"] {
        let out = read(&source(Some(preset), SelectConfig::default()), &page);
        assert_eq!(out.items_found, 2, "{preset}");
        let (a, b) = (&out.posts[0], &out.posts[1]);
        assert_eq!((a.id.as_str(), a.author.as_str()), ("7001", "ann"));
        assert_eq!((b.id.as_str(), b.author.as_str()), ("7002", "Guest"));
        assert_eq!(a.text, "no, 3.0");
        assert_eq!(a.quotes, ["use 2.0"]);
        assert!(a.details.image_alts.is_empty(), "a smiley is no picture");
        assert_eq!(b.text, "make install");
        // GMT + 1 Hour: 7:40 am there is 06:40 UTC; the subject's 2000 is not the year.
        assert_eq!(time(a), "2002-06-10T06:40:00+00:00");
        assert_eq!(time(b), "2002-06-11T20:05:00+00:00");
        assert!(a.url.as_deref().unwrap().contains("p=7001"));
    }
}

/// phpBB 2's `<link rel="next">` in the head is the next *topic* (`view=next`), not the next
/// page of this one: following it would read other threads as pages of this one.
#[test]
fn phpbb_2_next_topic_link_is_not_the_next_page() {
    let post = "<table class=forumline><tr><td class=row1><span class=name><a name=\"5\"></a>\
        <b>ann</b></span></td><td class=row1><table><tr><td><a href=\"viewtopic.php?p=5#5\">\
        <img alt=Post></a><span class=postdetails>Posted: Mon Jun 10, 2002 7:40 am</span></td>\
        </tr><tr><td colspan=2><span class=postbody>hi</span></td></tr></table></td></tr></table>";
    let head = "<head><link rel=\"next\" href=\"viewtopic.php?t=1000&amp;view=next\" \
        title=\"View next topic\"></head>";
    for preset in ["phpbb", "auto"] {
        let out = read(
            &source(Some(preset), SelectConfig::default()),
            &format!("<html>{head}<body>{post}</body></html>"),
        );
        assert_eq!(out.posts.len(), 1, "{preset}");
        assert_eq!(out.next, None, "{preset}");
    }
    // phpBB 3.1+ print the next page of the topic there: that one is still followed.
    let page = "<html><head><link rel=next href='./viewtopic.php?t=7&start=10'></head>\
        <body id=phpbb><div id=p1 class=post><div class=postbody><p class=author>\
        <a class=username>bob</a></p><div class=content>yo</div></div></div></body></html>";
    let out = read(&source(Some("phpbb"), SelectConfig::default()), page);
    assert_eq!(
        out.next.map(|u| u.to_string()).as_deref(),
        Some("https://f.example/t/viewtopic.php?t=7&start=10")
    );
}

#[test]
fn hollow_extraction_is_named() {
    let mut gaps = FieldGaps::default();
    for _ in 0..3 {
        gaps.count("", true, false);
    }
    gaps.count("ann", false, false);
    assert_eq!(
        silent_failure(4, 4, &gaps).unwrap(),
        "select.author is empty on 3 of 4 item(s); select.time is empty on 3 of 4 item(s)"
    );
    assert!(silent_failure(5, 0, &FieldGaps::default())
        .unwrap()
        .contains("5 item(s) found but no post extracted"));
    assert_eq!(silent_failure(0, 0, &FieldGaps::default()), None);
}

#[test]
fn wordpress_next_is_the_next_comment_page_never_the_next_article() {
    // Themes print `.nav-next` twice: in the comment navigation, and in the post navigation
    // that links to the next article (blisterreview.com's real page has only the latter).
    let comment = "<article class=comment-body id=div-comment-1><footer class=comment-meta>\
        <b class=fn>ann</b></footer><div class=comment-content><p>hi</p></div></article>";
    let post_nav = "<nav class='navigation post-navigation'><div class=nav-next>\
        <a href='/next-article/' rel=next>Next article</a></div></nav>";
    let out = read(
        &source(Some("wordpress"), SelectConfig::default()),
        &format!("{comment}{post_nav}"),
    );
    assert_eq!(out.posts.len(), 1);
    assert_eq!(out.next, None);
    let comment_nav = "<nav id=comment-nav-below class=navigation><div class=nav-next>\
        <a href='/t/1/comment-page-2/#comments'>Newer comments</a></div></nav>";
    for preset in ["wordpress", "auto"] {
        let out = read(
            &source(Some(preset), SelectConfig::default()),
            &format!("<ol class=comment-list>{comment}</ol>{comment_nav}{post_nav}"),
        );
        assert_eq!(
            out.next.as_ref().map(Url::as_str),
            Some("https://f.example/t/1/comment-page-2/#comments"),
            "{preset}"
        );
    }
}

#[test]
fn xenforo_1_themes_that_rename_the_post_id_and_move_the_date() {
    // The shape of a UI.X-themed XenForo 1.5 post (teslamotorsclub.com, 2019): the item id is
    // `fc-post-N` and the date sits in `.messageDetails`, not `.messageMeta`.
    let page = "<ol id=messageList><li id=fc-post-4315098 class='sectionMain message      ' \
        data-author=MABMAB><div class=uix_message><div class=messageUserInfo><h3 class=userText>\
        <a href='members/mabmab.107412/' class=username>MABMAB</a></h3></div>\
        <div class='messageInfo primaryContent'><div class=messageDetails>\
        <a href='posts/4315098/' title=Permalink class='item muted postNumber hashPermalink'>#115167</a>\
        <span class='item muted'><a href='posts/4315098/' title=Permalink class=datePermalink>\
        <abbr class=DateTime data-time=1576845638 title='Dec 20, 2019 at 12:40 PM'>35 minutes ago</abbr>\
        </a></span></div><div class=messageContent><article>\
        <blockquote class='messageText SelectQuoteContainer ugc baseHtml'>I wuz gonna buy some more \
        shares<div class=messageTextEndMarker>&nbsp;</div></blockquote></article></div>\
        <div class='messageMeta ToggleTriggerAnchor'><div class=publicControls>\
        <a class='ReplyQuote item control reply' title='Reply, quoting this message'>Reply</a>\
        </div></div></div></div></li></ol>";
    let out = read(&source(Some("xenforo"), SelectConfig::default()), page);
    assert_eq!(out.posts.len(), 1, "{out:#?}");
    let p = &out.posts[0];
    assert_eq!(p.author, "MABMAB");
    assert_eq!(p.text, "I wuz gonna buy some more shares");
    assert_eq!(time(p), "2019-12-20T12:40:38+00:00");
    assert_eq!(p.id, "fc-post-4315098");
    assert_eq!(p.url.as_deref(), Some("https://f.example/t/posts/4315098/"));
}

/// Threaded comments: a reply's `li.comment` sits inside its parent's, and its text, author
/// and time are its own, not the parent's. A `datetime` that holds only the date gives way to
/// the printed time of day on that date.
#[test]
fn nested_replies_keep_their_fields_and_a_bare_date_gives_way_to_the_time() {
    let page = "<ol class=hfeed><li id=comment-1 class='comment hentry'>\
        <p class=vcard><cite class=fn>ann</cite> <span class=comment-meta>wrote on \
        <a href='#comment-1'><time datetime=2020-12-24>December 24, 2020 at 3:53 am:</time></a>\
        </span></p><blockquote class=entry-content><p>how do you abort a fetch?</p></blockquote>\
        <p class=comment-util><a class=comment-reply-link href='?replytocom=1'>Reply</a></p>\
        <ol class=children><li id=comment-2 class='comment hentry'>\
        <p class=vcard><cite class=fn>bob</cite> <span class=comment-meta>wrote on \
        <a href='#comment-2'>March 11th, 2015 at 08:00</a>:</span></p>\
        <blockquote class=entry-content><p>There is no way yet.</p></blockquote>\
        </li></ol></li></ol>";
    let out = read(&source(Some("wordpress"), SelectConfig::default()), page);
    let got: Vec<(&str, &str, String)> = out
        .posts
        .iter()
        .map(|p| (p.author.as_str(), p.text.as_str(), time(p)))
        .collect();
    assert_eq!(
        got,
        [
            (
                "ann",
                "how do you abort a fetch?",
                "2020-12-24T03:53:00+00:00".to_string()
            ),
            (
                "bob",
                "There is no way yet.",
                "2015-03-11T08:00:00+00:00".to_string()
            ),
        ]
    );
}

/// Boards upgraded from phpBB 1.x keep 1.x's edit note inside the message itself: a
/// `<font size=-1>` holding "[ This Message was edited by: … ]" (Italian boards: "[ Questo
/// messaggio è stato modificato da: … ]"). It is the board's line, not the author's.
#[test]
fn phpbb_1_edit_notes_kept_inside_the_message_are_left_out() {
    let row = |id: &str, body: &str| {
        format!(
            "<tr><td class=row1><span class=name><a name=\"{id}\"></a><b>ann</b></span></td>\
             <td class=row1><table><tr><td width=100%><a href=\"viewtopic.php?p={id}#{id}\">\
             <img alt=Post></a><span class=postdetails>Posted: Mon Jun 10, 2002 7:40 am\
             </span></td></tr><tr><td colspan=2>{body}</td></tr></table></td></tr>"
        )
    };
    let page = format!(
        "<table class=forumline>{}{}</table>",
        row(
            "1",
            "<span class=postbody>Stefano<br />\n(post modificato da debiAn)<br />\n\
             <font size=-1>[ Questo messaggio &egrave; stato modificato da: debiAn il \
             2002-06-11 10:47 ]</font></span><span class=gensmall></span>"
        ),
        row(
            "2",
            "<span class=postbody>fixed <font size=-1>[ This Message was edited by: ann on \
             2002-06-11 10:47 ]</font> and <font size=-1>small print</font></span>"
        ),
    );
    let out = read(&source(Some("phpbb"), SelectConfig::default()), &page);
    let texts: Vec<&str> = out.posts.iter().map(|p| p.text.as_str()).collect();
    // The author's own note about the edit stays; the board's bracketed line goes. Small
    // print that is not such a line is the author's and stays too.
    assert_eq!(
        texts,
        [
            "Stefano\n(post modificato da debiAn)",
            "fixed and small print"
        ]
    );
}

/// WordPress prints a commenter who left no website as bare text, not a link. A comment
/// plugin (Epoch) that puts that name in its author box beside the avatar, a divider and the
/// permalink gives no element to select: the box's own text is the name.
#[test]
fn a_wordpress_author_printed_as_bare_text_beside_furniture_is_read() {
    let comment = |id: &str, name: &str| {
        format!(
            "<article id=\"div-comment-{id}\" class=\"epoch-comment-body\">\
             <footer class=\"epoch-comment-meta\"><div class=\"epoch-comment-author\">\
             <div class=\"epoch-comment-author-avatar\"><img alt=\"\" src=\"a.png\"></div>\
             {name}\n<span class=\"epoch-divide\">·</span>\
             <a href=\"#comment-{id}\" class=\"epoch-comment-link\"><time datetime=\"comment_date\">\
             March 11, 2017 at 8:41 PM</time></a></div></footer>\
             <div class=\"epoch-comment-content\"><p>words of {id}</p></div></article>"
        )
    };
    let page = format!(
        "{}{}",
        comment(
            "1",
            "<a href=\"https://ann.example\" class=\"epoch-author-link\">Ann</a>"
        ),
        comment("2", "\n   Ammon\n   ")
    );
    let out = read(&source(Some("wordpress"), SelectConfig::default()), &page);
    let authors: Vec<&str> = out.posts.iter().map(|p| p.author.as_str()).collect();
    assert_eq!(authors, ["Ann", "Ammon"]);
}

/// `sel::text` reads only the element's own text, not its children's.
#[test]
fn own_text_selector_reads_the_element_s_own_text() {
    let select = SelectConfig {
        item: Some("li".into()),
        author: Some("div.by::text".into()),
        text: Some("p".into()),
        ..Default::default()
    };
    let out = read(
        &source(None, select),
        "<li><div class=by><img alt=x> bob <span>·</span> <a>3 days ago</a></div><p>hi</p></li>",
    );
    assert_eq!(out.posts[0].author, "bob");
}
