//! When a published text is the approved one: the comparison the watcher makes of a staff post
//! and the publisher makes of a reply it finds on the platform after an unclear answer.

use unicode_normalization::UnicodeNormalization;

/// The text as compared: NFKC, lower case, typographic quotes, dashes and ellipses folded to
/// ASCII, Markdown emphasis marks and zero-width characters dropped, white space collapsed.
///
/// How close is close enough: these forms must be *equal*. The folding covers what a site's
/// rendering does to a text pasted into it (smart quotes, `**bold**`, re-wrapped lines,
/// NFC/NFKC); it never forgives a changed, added or removed word, because the gate judged
/// exactly the approved words and one changed token (an address, a date, "your server's
/// mailbox") is all a disclosure takes. A similarity threshold below equality would accept
/// precisely the one-sentence change this check exists to catch.
pub fn published_form(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.nfkc().flat_map(char::to_lowercase) {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '*' | '`' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => continue,
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        if c == '\u{2026}' {
            out.push_str("...");
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether a published text is the approved one (see [`published_form`]).
pub fn same_text(published: &str, approved: &str) -> bool {
    let p = published_form(published);
    !p.is_empty() && p == published_form(approved)
}
