//! Selector presets for forum and comment software. Each key is a list tried in order per item,
//! so one preset covers the versions and themes in use: the markup each alternative was written
//! against is named beside it (real saved pages under `fixtures/site/real/` check them).

use crate::config::{SelectConfig, Selectors};

/// The preset names a source may use; `auto` detects the software on each page.
pub const PRESETS: &[&str] = &[
    "phpbb",
    "discourse",
    "xenforo",
    "wordpress",
    "hackernews",
    "auto",
];

/// The presets for known software (every name in [`PRESETS`] but `auto`).
pub const SOFTWARE: &[&str] = &["phpbb", "discourse", "xenforo", "wordpress", "hackernews"];

fn list(items: &[&str]) -> Option<Selectors> {
    (!items.is_empty()).then(|| Selectors::from(items))
}

struct Preset<'a> {
    item: &'a [&'a str],
    author: &'a [&'a str],
    text: &'a [&'a str],
    time: &'a [&'a str],
    id: &'a [&'a str],
    link: &'a [&'a str],
    next: &'a [&'a str],
}

impl Preset<'_> {
    fn select(&self) -> SelectConfig {
        SelectConfig {
            item: list(self.item),
            author: list(self.author),
            text: list(self.text),
            time: list(self.time),
            id: list(self.id),
            link: list(self.link),
            next: list(self.next),
        }
    }
}

/// `<link rel="next">` in the head: XenForo, phpBB 3.1+, Discourse and WordPress all print it.
const HEAD_NEXT: &str = "link[rel=next]@href";

/// The selectors of a preset for known software, or `None` for an unknown name (and `auto`).
pub fn preset(name: &str) -> Option<SelectConfig> {
    let p = match name {
        "phpbb" => Preset {
            // prosilver 3.0-3.3 and its derivatives: `div.post#p123` (an id-less `div.post`
            // is a column header in subsilver-look styles); subsilver2 (3.0): one
            // `table.tablebg` per post, anchored by `<a name="p123">`.
            // phpBB 2 (subSilver and its copies): one table row per post, the poster's
            // `span.name` (with the post's `<a name="123">`) in its first cell.
            item: &[
                "div.post[id^='p']",
                "table.tablebg:has(b.postauthor)",
                "tr:has(> td > span.name > a[name])",
            ],
            // 3.1+ mark the name `.username`/`.username-coloured`; 3.0 prosilver leaves
            // ordinary members' links bare; guests are plain text in `dt`.
            author: &[
                "dl.postprofile .username",
                "dl.postprofile .username-coloured",
                "p.author .username",
                "p.author .username-coloured",
                "dl.postprofile dt a[href*='mode=viewprofile']",
                "p.author strong a",
                "p.author strong",
                "dl.postprofile dt",
                "b.postauthor",
                // phpBB 2: `span.name b a.name`; a guest's name is bold text.
                "span.name a.name",
                "span.name b",
            ],
            // prosilver: `div.content`; subsilver2: `div.postbody` (in prosilver that is the
            // wrapper, so it comes second).
            // phpBB 2: the cell holding `span.postbody`, because quotes and code boxes are
            // tables between an empty `span.postbody` and the one holding the rest.
            text: &["div.content", "div.postbody", "td:has(> span.postbody)"],
            // 3.2+: `<time datetime>`; 3.0/3.1: bare text after "»" in `p.author`;
            // subsilver2: "Posted: …" in the post header.
            time: &[
                "p.author time@datetime",
                "p.author",
                "td.gensmall div[style*='right']",
                // phpBB 2: "Posted: <date>   Post subject: …" after the post's mini icon link.
                "a[href*='#'] + span.postdetails",
            ],
            id: &["@id", "a[name^='p']@name", "span.name a[name]@name"],
            link: &[
                "h3 a@href",
                "p.author a[href*='#p']@href",
                "a[href*='viewtopic'][href*='p=']@href",
            ],
            // phpBB 2's head `<link rel="next">` is the next topic (`view=next`), never the
            // next page; its page links carry nothing a selector can tell apart, so a phpBB 2
            // topic is read one page at a time.
            next: &[
                "a[rel=next]@href",
                "link[rel=next]:not([href*='view=next'])@href",
            ],
        },
        // Discourse's crawler view (served to bots and without JavaScript): one
        // `div.crawler-post#post_N` per post; 2.x pages put the whole view inside <noscript>
        // (read as markup by the extractor) and some omit the ids. The pagination block is a
        // `crawler-post` too, without an author.
        "discourse" => Preset {
            item: &[
                "div.crawler-post[id^='post_']",
                "div.crawler-post:has([itemprop=author])",
            ],
            author: &[
                "[itemprop=author] [itemprop=name]",
                "span.creator a",
                "span.creator",
            ],
            text: &["div.post[itemprop=articleBody]", "div.post"],
            time: &[
                "time.post-time, time[itemprop=datePublished]@datetime",
                "time.post-time",
            ],
            id: &["@id", "[itemprop=position]"],
            link: &[],
            next: &["a[rel=next]@href", HEAD_NEXT],
        },
        // XenForo 2.0-2.3: `article.message--post` with `data-author` and `data-content`;
        // XenForo 1.5: `li.message#post-N` with `data-author`, body `blockquote.messageText`;
        // some themes (UI.X) rename the id (`fc-post-N`) and print the date in `.messageDetails`.
        "xenforo" => Preset {
            item: &[
                "article.message--post",
                "li.message[id^='post-']",
                "li.message[data-author]",
            ],
            author: &[
                "@data-author",
                ".message-name .username",
                ".messageUserInfo a.username",
            ],
            text: &[
                ".message-body .bbWrapper",
                "div.bbWrapper",
                "blockquote.messageText",
            ],
            time: &[
                ".message-attribution-main time@datetime",
                "header.message-attribution time@datetime",
                "time.u-dt@datetime",
                ".messageMeta abbr.DateTime@data-time",
                ".messageMeta span.DateTime@title",
                ".messageMeta .DateTime",
                "a.datePermalink abbr.DateTime@data-time",
                "a.datePermalink span.DateTime@title",
            ],
            id: &["@data-content", "@id"],
            // 2.0/2.1: `a.message-attribution-main`... 2.2+: the post link sits in
            // `.message-attribution-opposite`; 1.5: `a.datePermalink`.
            link: &[
                "ul.message-attribution-main a[href*='/post-']@href",
                "a.message-attribution-main@href",
                ".message-attribution-main a[href*='post']@href",
                ".message-attribution-opposite a[href*='/post-']@href",
                "a.datePermalink@href",
            ],
            next: &[
                "a.pageNav-jump--next@href",
                "link[rel=next]@href",
                ".PageNav a.text@href",
            ],
        },
        // WordPress comments: html5 `wp_list_comments` (`article.comment-body` with
        // `.comment-content`), the older markup (`div.comment-body` with bare `<p>`s and the
        // date as text of `.commentmetadata a`), and common theme callbacks (`article.comment`
        // in Twenty Eleven/Twelve, `.comment-text` in WooCommerce reviews), and themes whose
        // callback prints the comment straight into `li.comment` as an hAtom entry
        // (`.entry-content`, replies nested in it).
        "wordpress" => Preset {
            // Then WordPress core's own `id="div-comment-N"`, which comment plugins such as
            // Epoch keep while renaming every class; then the `li.comment` core puts
            // around every comment whatever the callback; last, the entries of the
            // Kubrick-era `ol.commentlist`, whose `li` has only `alt` for a class.
            item: &[
                ".comment-body",
                "article.comment",
                "li.comment .comment-text",
                "[id^='div-comment-']",
                "li.comment",
                "ol.commentlist > li[id^='comment-']",
            ],
            author: &[
                ".comment-author .fn",
                ".fn",
                ".woocommerce-review__author",
                ".comment-author cite",
                "[class*='author-link']",
                // Themes that spell it with an underscore (Uproxx on WordPress.com VIP),
                // before the avatar cell some of them also call `.comment-author`.
                ".comment_author",
                ".comment-author",
                // Pew Research: `<span class="author">` in a byline paragraph.
                "span.author",
                // Kubrick: "<cite>name</cite> Says:".
                "cite",
                // A commenter with no website is printed bare, not as a link: plugins that
                // put the name in their own author box (Epoch's `.epoch-comment-author`, beside
                // the avatar, a divider and the permalink) leave only the box's own text.
                "[class$='comment-author']::text",
            ],
            text: &[
                ".comment-content",
                ".description",
                "[class*='comment-content']",
                ".entry-content",
                "p",
            ],
            // Plugins print placeholders such as `datetime="comment_date"`: a value that does
            // not read as a time falls through to the printed date.
            time: &[
                ".comment-metadata time@datetime",
                "time@datetime",
                // `datetime` on a link (Pew Research's `a.time`), read before its "2 weeks ago".
                "[datetime]@datetime",
                ".commentmetadata a",
                ".comment-meta a",
                ".comment-metadata a",
                "time",
                ".comment-date, .comment_date",
            ],
            id: &["@id"],
            link: &[
                ".comment-metadata a@href",
                ".commentmetadata a@href",
                ".comment-meta a[href*='#comment-']@href",
                "a[href*='#comment-']@href",
            ],
            // Only the comment navigation: a bare `.nav-next` is also the post navigation's
            // link to the next article (Twenty Ten/Eleven name the comment one by id).
            next: &[
                ".comment-navigation .nav-next a@href",
                ".comments-pagination a.next@href",
                "#comment-nav-below .nav-next a@href",
                "#comment-nav-above .nav-next a@href",
            ],
        },
        // Hacker News item pages: one `tr.athing.comtr` per comment. `span.age` has the
        // time in `title` on current pages; older saves print only "3 hours ago".
        "hackernews" => Preset {
            item: &["tr.athing.comtr"],
            author: &["a.hnuser"],
            text: &[".commtext", "span.comment"],
            time: &["span.age@title", "span.age"],
            id: &["@id"],
            link: &["span.age a@href"],
            next: &["a.morelink@href"],
        },
        _ => return None,
    };
    Some(p.select())
}

/// `explicit` with every key it leaves out taken from `base`.
pub fn merge(base: SelectConfig, explicit: &SelectConfig) -> SelectConfig {
    let pick = |e: &Option<Selectors>, b: Option<Selectors>| e.clone().or(b);
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
