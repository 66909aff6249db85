//! Page furniture inside post bodies that is not the author's words: code-box captions
//! ("Code: Select all"), quote expanders ("Click to expand..."), reply links, signatures,
//! attachment captions, edit notes (phpBB 1.x's bracketed line included), `javascript:`
//! controls. The text walk skips these elements; images give their alt text.

use ego_tree::NodeRef;
use scraper::{node::Element, CaseSensitivity, ElementRef, Node};

const CS: CaseSensitivity = CaseSensitivity::AsciiCaseInsensitive;

/// Classes of elements that are chrome wherever they appear.
const CHROME_CLASSES: &[&str] = &[
    // phpBB 2/3 and subsilver2 code boxes: the "Code: Select all" caption.
    "codetitle",
    // XenForo 1 quote attribution, "Click to expand", code caption.
    "attribution",
    "quoteExpand",
    // XenForo 2 block captions ("Code:", "Spoiler:") and expand links.
    "bbCodeBlock-title",
    "bbCodeBlock-expandLink",
    // Hacker News and WordPress reply links.
    "reply",
    "comment-reply-link",
    // Signatures that sit inside a body (phpBB, XenForo, vBulletin, MyBB).
    "signature",
    "message-signature",
    "signaturecontainer",
    // Attachment boxes and captions (phpBB `dl.attachbox`, XenForo attachment lists,
    // subsilver2's "Attachment:" title).
    "attachbox",
    "attachtitle",
    "attachment-caption",
    "attachmentList",
    "file-name",
    // Edit notices ("Last edited by …").
    "notice",
    "message-lastEdit",
];

/// Whether an element inside a post body is furniture to leave out of the text.
pub(crate) fn is_chrome(node: NodeRef<'_, Node>, e: &Element) -> bool {
    if CHROME_CLASSES.iter().any(|c| e.has_class(c, CS)) {
        return true;
    }
    match e.name() {
        // phpBB 2 quote and code boxes are tables: a row with the caption ("Quote:",
        // "Code:", "Citazione:"), then the row whose `td.quote`/`td.code` holds the content.
        "tr" => next_row_boxes(node),
        // The caption of a code box: `div.codebox > p` (prosilver), `dl.codebox > dt`.
        "p" | "dt" => parent_has_class(node, "codebox"),
        // XenForo 1 `div.bbCodeCode > div.type` ("Code:").
        "div" => e.has_class("type", CS) && parent_has_class(node, "bbCodeBlock"),
        // subsilver2 `div.attachcontent > span.gensmall`: "name.jpg [ 101.72 KiB | Viewed
        // 357 times ]" under the image, whose alt text stays.
        // phpBB 2 prints the edit note ("Last edited by … edited 1 time in total") in the
        // `span.gensmall` right after the post's `span.postbody`.
        "span" => {
            e.has_class("gensmall", CS)
                && (parent_has_class(node, "attachcontent") || follows_postbody(node))
        }
        // phpBB 1.x appended its edit note to the message itself, and boards upgraded to 2.x
        // kept it there: "[ This Message was edited by: … ]" in a `<font size=-1>`. A small
        // font whose whole text is such a bracketed line is that note; other small print
        // stays.
        "font" => {
            e.attr("size")
                .is_some_and(|s| s.trim_start().starts_with('-'))
                && bracketed_line(node)
        }
        // Reply links of Hacker News pages saved before the `div.reply` markup, and
        // `javascript:` links, which are controls ("Report", "Like"), never content.
        "a" => e.attr("href").is_some_and(|h| {
            let h = h.trim_start();
            h.starts_with("reply?")
                || h.get(..11)
                    .is_some_and(|p| p.eq_ignore_ascii_case("javascript:"))
        }),
        _ => false,
    }
}

/// Whether the next row of a table is a phpBB 2 quote or code box (`td.quote`, `td.code`).
fn next_row_boxes(row: NodeRef<'_, Node>) -> bool {
    let Some(next) = row
        .next_siblings()
        .find(|n| n.value().as_element().is_some())
    else {
        return false;
    };
    next.children().any(|c| {
        c.value().as_element().is_some_and(|ce| {
            ce.name() == "td" && (ce.has_class("quote", CS) || ce.has_class("code", CS))
        })
    })
}

/// Whether an element's whole text is one line in square brackets ("[ … ]").
fn bracketed_line(node: NodeRef<'_, Node>) -> bool {
    let text: String = node
        .descendants()
        .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
        .collect();
    let text = text.trim();
    text.len() > 2 && text.starts_with('[') && text.ends_with(']') && !text.contains('\n')
}

/// Whether the element right before this one is a `span.postbody` (phpBB 2's post text).
fn follows_postbody(node: NodeRef<'_, Node>) -> bool {
    node.prev_siblings()
        .find_map(|n| n.value().as_element())
        .is_some_and(|pe| pe.name() == "span" && pe.has_class("postbody", CS))
}

fn parent_has_class(node: NodeRef<'_, Node>, class: &str) -> bool {
    node.parent()
        .and_then(|p| p.value().as_element().map(|pe| pe.has_class(class, CS)))
        .unwrap_or(false)
}

/// Alt texts of the images in a post body, outside quotes, leaving out smilies and emoji
/// (their alt text is part of the sentence, not a picture of its own).
pub(crate) fn image_alts(body: ElementRef<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for node in body.descendants() {
        let Some(e) = node.value().as_element() else {
            continue;
        };
        if e.name() != "img" {
            continue;
        }
        let smiley = [
            "smilies",
            "smilie",
            "smiley",
            "emoji",
            "mceSmilie",
            "wp-smiley",
        ]
        .iter()
        .any(|c| e.has_class(c, CS))
            // Boards without smiley classes (phpBB 2) keep them in a folder of their own.
            || e.attr("src").is_some_and(|src| {
                let src = src.to_ascii_lowercase();
                src.contains("/smiles/") || src.contains("/smilies/")
            });
        // Only quotes inside the body count: XenForo 1 wraps the whole body in a blockquote.
        let in_quote = node
            .ancestors()
            .take_while(|a| a.id() != body.id())
            .any(|a| {
                a.value().as_element().is_some_and(|ae| {
                    ae.name() == "blockquote"
                        || (matches!(ae.name(), "aside" | "td") && ae.has_class("quote", CS))
                })
            });
        if smiley || in_quote {
            continue;
        }
        if let Some(alt) = e.attr("alt").map(str::trim).filter(|a| !a.is_empty()) {
            out.push(alt.to_string());
        }
    }
    out
}
