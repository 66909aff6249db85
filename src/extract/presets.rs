//! Selector presets for forum and comment software, written against the markup each one
//! really serves (fixtures under `fixtures/site/` are saved in that markup).

use crate::config::SelectConfig;

/// The preset names a source may use.
pub const PRESETS: &[&str] = &["phpbb", "discourse", "xenforo", "wordpress", "hackernews"];

fn sel(
    item: &str,
    author: &str,
    text: &str,
    time: &str,
    id: &str,
    link: Option<&str>,
    next: &str,
) -> SelectConfig {
    SelectConfig {
        item: Some(item.into()),
        author: Some(author.into()),
        text: Some(text.into()),
        time: Some(time.into()),
        id: Some(id.into()),
        link: link.map(Into::into),
        next: Some(next.into()),
    }
}

/// The selectors of a preset, or `None` for an unknown name.
pub fn preset(name: &str) -> Option<SelectConfig> {
    Some(match name {
        // phpBB 3.x prosilver (viewtopic_body.html): `div.post#p123`, profile in `dl.postprofile`,
        // `p.author` with `<time datetime>`, body in `div.content`, pagination `a[rel=next]`.
        "phpbb" => sel(
            "div.post",
            "dl.postprofile .username, dl.postprofile .username-coloured, p.author .username, p.author .username-coloured",
            "div.content",
            "p.author time@datetime",
            "@id",
            Some("h3 a@href"),
            "a[rel=next]@href",
        ),
        // Discourse's crawler view (what it serves to bots and without JavaScript): one
        // `div.crawler-post#post_N` per post, `span.creator` author, cooked HTML in `div.post`.
        // The pagination block is also a `crawler-post` but has no `post_` id.
        "discourse" => sel(
            "div.crawler-post[id^='post_']",
            "[itemprop=author] [itemprop=name]",
            "div.post",
            "time.post-time, time[itemprop=datePublished]@datetime",
            "@id",
            None,
            "a[rel=next]@href",
        ),
        // XenForo 2: `article.message--post` carries the author in `data-author` and the id in
        // `data-content`; the body is `div.bbWrapper`.
        "xenforo" => sel(
            "article.message--post",
            "@data-author",
            "div.bbWrapper",
            "header.message-attribution time@datetime",
            "@data-content",
            Some("ul.message-attribution-main a@href"),
            "a.pageNav-jump--next@href",
        ),
        // WordPress comments (wp_list_comments, html5): `.comment-body` per comment, `.fn` author.
        "wordpress" => sel(
            ".comment-body",
            ".comment-author .fn",
            ".comment-content",
            ".comment-metadata time@datetime",
            "@id",
            Some(".comment-metadata a@href"),
            ".comment-navigation .nav-next a, .comments-pagination a.next@href",
        ),
        // Hacker News item pages: one `tr.athing.comtr` per comment.
        "hackernews" => sel(
            "tr.athing.comtr",
            "a.hnuser",
            ".commtext",
            "span.age@title",
            "@id",
            Some("span.age a@href"),
            "a.morelink@href",
        ),
        _ => return None,
    })
}

/// `explicit` with every key it leaves out taken from `base`.
pub fn merge(base: SelectConfig, explicit: &SelectConfig) -> SelectConfig {
    let pick = |e: &Option<String>, b: Option<String>| e.clone().or(b);
    SelectConfig {
        item: pick(&explicit.item, base.item),
        author: pick(&explicit.author, base.author),
        text: pick(&explicit.text, base.text),
        time: pick(&explicit.time, base.time),
        id: pick(&explicit.id, base.id),
        link: pick(&explicit.link, base.link),
        next: pick(&explicit.next, base.next),
    }
}
