//! Undoes the usual ways of hiding an address from scrapers (`name (at) host (dot) de`, `host[.]de`,
//! `hxxp://`, spaced-out letters) on folded text, keeping every character's origin.

use std::sync::OnceLock;

use regex::{Captures, Regex};

use super::suffix::is_known_suffix;
use super::{Builder, Folded};

/// Rewrites defanged and spelled-out addresses into their plain form. The input must come from
/// [`super::fold`] (lower case, single spaces); origins keep pointing into the original text.
pub fn deobfuscate(folded: &Folded) -> Folded {
    deobfuscated(folded).into_owned()
}

/// [`deobfuscate`], borrowing `folded` back when it hides nothing (most texts): no copy.
pub(crate) fn deobfuscated(folded: &Folded) -> std::borrow::Cow<'_, Folded> {
    // A step that changes nothing hands its input on, not a copy.
    let mut f = std::borrow::Cow::Borrowed(folded);
    step(
        &mut f,
        re(
            &HXXP,
            r"h(?:xx|\*\*|tt)p(s?)(?:\[:\]|\(:\)|:)(?:\[/\]|/)(?:\[/\]|/)",
        ),
        hxxp,
    );
    step(
        &mut f,
        re(
            &SPACED,
            r"(?:^|[ (\[<])((?:[^ ] ){5,}[^ ])(?:[ .,;:!?)\]>]|$)",
        ),
        spaced_letters,
    );
    step(
        &mut f,
        re(&BRACKETED, r" ?[\[({<] ?(\.|dot|punkt|@|at|ät) ?[\])}>] ?"),
        bracketed,
    );
    step(
        &mut f,
        re(
            &SPELLED_EMAIL,
            r"([a-z0-9][a-z0-9_%+-]*(?:(?:\.| dot | punkt | punto | point | dash | hyphen | guion | guión | tiret | bindestrich )[a-z0-9_%+-]+)*) (?:at|ät|arroba|arobase) ([a-z0-9][a-z0-9-]*(?:(?:\.| dot | punkt | punto | point | dash | hyphen | guion | guión | tiret | bindestrich )[a-z0-9][a-z0-9-]*)+)",
        ),
        spelled_email,
    );
    step(
        &mut f,
        re(
            &SPELLED_HOST,
            r"[a-z0-9][a-z0-9.-]*(?: (?:dot|punkt|punto) [a-z0-9][a-z0-9.-]*)+",
        ),
        spelled_host,
    );
    step(
        &mut f,
        re(
            &SPACED_EMAIL,
            r"([a-z0-9][a-z0-9._%+-]*)( ?@ ?)([a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)*)(?:( ?\. ?)([a-z0-9][a-z0-9-]*))?",
        ),
        spaced_email,
    );
    f
}

/// One rewrite of `f`, which becomes the rewritten text only when something was rewritten.
fn step(
    f: &mut std::borrow::Cow<'_, Folded>,
    re: &Regex,
    decide: fn(&Ctx, &Captures) -> Option<Edit>,
) {
    if let Some(next) = rewrite(f, re, decide) {
        *f = std::borrow::Cow::Owned(next);
    }
}

static HXXP: OnceLock<Regex> = OnceLock::new();
static SPACED: OnceLock<Regex> = OnceLock::new();
static BRACKETED: OnceLock<Regex> = OnceLock::new();
static SPELLED_EMAIL: OnceLock<Regex> = OnceLock::new();
static SPELLED_HOST: OnceLock<Regex> = OnceLock::new();
static SPACED_EMAIL: OnceLock<Regex> = OnceLock::new();

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("built-in pattern is valid"))
}

/// Words that precede " at " in ordinary prose ("look at", "me at"): never the local part of an address.
const PROSE_WORDS: &[&str] = &[
    "a", "all", "am", "an", "and", "are", "arrive", "arrived", "be", "been", "best", "but", "com",
    "contact", "dot", "e-mail", "email", "even", "first", "good", "great", "her", "here", "him",
    "home", "i", "is", "it", "just", "last", "least", "live", "lives", "living", "look", "looked",
    "looking", "mail", "me", "meet", "not", "office", "once", "only", "or", "reach", "reached",
    "see", "seen", "stay", "staying", "that", "the", "them", "there", "they", "this", "us", "was",
    "we", "were", "what", "where", "which", "who", "work", "worked", "working", "works", "write",
    "you", "bin", "ich", "wir", "sind", "und", "oder", "die", "der", "das",
];

/// Words that precede " dot " in ordinary prose ("the dot com era"): never the first label of a host.
const PROSE_BEFORE_DOT: &[&str] = &[
    "a", "and", "at", "com", "dot", "is", "it", "not", "or", "that", "the", "this",
];

/// One position of the folded text: its char and origin.
type Piece = (char, usize);

struct Ctx<'a> {
    chars: Vec<char>,
    byte_pos: Vec<usize>,
    src: &'a Folded,
}

impl Ctx<'_> {
    fn char_at_byte(&self, b: usize) -> usize {
        self.byte_pos.partition_point(|&p| p < b)
    }
    fn before(&self, byte: usize) -> Option<char> {
        let i = self.char_at_byte(byte);
        i.checked_sub(1).map(|j| self.chars[j])
    }
    fn after(&self, byte: usize) -> Option<char> {
        self.chars.get(self.char_at_byte(byte)).copied()
    }
    fn origin_at_byte(&self, b: usize) -> usize {
        self.src.origin[self.char_at_byte(b)]
    }
    /// The pieces of a byte range, dropping spaces.
    fn pieces_without_spaces(&self, start: usize, end: usize) -> Vec<Piece> {
        (self.char_at_byte(start)..self.char_at_byte(end))
            .filter(|&i| self.chars[i] != ' ')
            .map(|i| (self.chars[i], self.src.origin[i]))
            .collect()
    }
    /// The pieces of a byte range with spelled-out separators replaced by their symbol.
    fn squeezed(&self, start: usize, end: usize) -> Vec<Piece> {
        // "at", "dot" and "hyphen" spelled out in English, German, Spanish and French.
        const WORDS: &[(&str, char)] = &[
            (" dot ", '.'),
            (" punkt ", '.'),
            (" punto ", '.'),
            (" point ", '.'),
            (" at ", '@'),
            (" ät ", '@'),
            (" arroba ", '@'),
            (" arobase ", '@'),
            (" dash ", '-'),
            (" hyphen ", '-'),
            (" guion ", '-'),
            (" guión ", '-'),
            (" tiret ", '-'),
            (" bindestrich ", '-'),
        ];
        let (mut i, e) = (self.char_at_byte(start), self.char_at_byte(end));
        let mut out = Vec::with_capacity(e - i);
        'outer: while i < e {
            for (word, sym) in WORDS {
                let n = word.chars().count();
                if i + n <= e && self.chars[i..i + n].iter().copied().eq(word.chars()) {
                    out.push((*sym, self.src.origin[i + 1]));
                    i += n;
                    continue 'outer;
                }
            }
            out.push((self.chars[i], self.src.origin[i]));
            i += 1;
        }
        out
    }
}

/// A replacement of the byte range `start..end` of the folded text.
struct Edit {
    start: usize,
    end: usize,
    pieces: Vec<Piece>,
}

/// `src` with every match of `re` that `decide` accepts rewritten; `None` when nothing is.
fn rewrite(
    src: &Folded,
    re: &Regex,
    decide: fn(&Ctx, &Captures) -> Option<Edit>,
) -> Option<Folded> {
    if !re.is_match(&src.text) {
        return None;
    }
    let mut byte_pos = Vec::with_capacity(src.text.len() + 1);
    byte_pos.extend(src.text.char_indices().map(|(b, _)| b));
    let chars: Vec<char> = src.text.chars().collect();
    byte_pos.push(src.text.len());
    let ctx = Ctx {
        chars,
        byte_pos,
        src,
    };
    // A rejected match must not hide a real one that starts inside it ("me at jan.k at gmx dot net"),
    // so after a rejection the search resumes at the next word.
    let mut edits: Vec<Edit> = Vec::new();
    let mut at = 0;
    while at <= src.text.len() {
        let Some(c) = re.captures_at(&src.text, at) else {
            break;
        };
        let m = c.get(0).expect("group 0 always matches");
        match decide(&ctx, &c) {
            Some(edit) => {
                at = edit.end.max(m.start() + 1);
                edits.push(edit);
            }
            None => {
                // Addresses are short: a long rejected run is skipped whole, which keeps this linear.
                let next_word = src.text[m.start()..].find(' ').map(|i| m.start() + i + 1);
                at = if m.len() > 256 {
                    m.end()
                } else {
                    next_word.unwrap_or(m.end())
                }
                .max(m.start() + 1);
            }
        }
        while at < src.text.len() && !src.text.is_char_boundary(at) {
            at += 1;
        }
    }
    if edits.is_empty() {
        return None;
    }
    let mut out = Builder::with_capacity(src.text.len());
    let mut i = 0;
    for edit in edits {
        let (s, e) = (ctx.char_at_byte(edit.start), ctx.char_at_byte(edit.end));
        if s < i {
            continue;
        }
        for k in i..s {
            out.push(ctx.chars[k], src.origin[k]);
        }
        for (c, o) in edit.pieces {
            out.push(c, o);
        }
        i = e;
    }
    for k in i..ctx.chars.len() {
        out.push(ctx.chars[k], src.origin[k]);
    }
    Some(out.finish(*src.origin.last().unwrap_or(&0)))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '@' | '%' | '+')
}

fn starts_at_boundary(ctx: &Ctx, byte: usize) -> bool {
    ctx.before(byte)
        .map_or(true, |c| !is_word_char(c) && c != '\'')
}

fn hxxp(ctx: &Ctx, c: &Captures) -> Option<Edit> {
    let m = c.get(0)?;
    if !starts_at_boundary(ctx, m.start()) {
        return None;
    }
    let plain = if c.get(1).is_some_and(|s| !s.is_empty()) {
        "https://"
    } else {
        "http://"
    };
    if m.as_str() == plain {
        return None;
    }
    let o = ctx.origin_at_byte(m.start());
    Some(Edit {
        start: m.start(),
        end: m.end(),
        pieces: plain.chars().map(|ch| (ch, o)).collect(),
    })
}

fn spaced_letters(ctx: &Ctx, c: &Captures) -> Option<Edit> {
    let m = c.get(1)?;
    let joined: String = m.as_str().chars().filter(|&ch| ch != ' ').collect();
    let plausible = joined.split(['@', '.']).count() > 1
        && joined
            .split('@')
            .next_back()
            .is_some_and(|d| d.contains('.') && is_known_suffix(d.trim_end_matches('.')));
    plausible.then(|| Edit {
        start: m.start(),
        end: m.end(),
        pieces: ctx.pieces_without_spaces(m.start(), m.end()),
    })
}

fn bracketed(ctx: &Ctx, c: &Captures) -> Option<Edit> {
    let m = c.get(0)?;
    let sym = match c.get(1)?.as_str() {
        "." | "dot" | "punkt" => '.',
        _ => '@',
    };
    let before_ok = ctx
        .before(m.start())
        .is_some_and(|ch| ch.is_alphanumeric() || (sym == '@' && "_%+-".contains(ch)));
    let after_ok = ctx.after(m.end()).is_some_and(char::is_alphanumeric);
    if !(before_ok && after_ok) {
        return None;
    }
    let open = m.as_str().find(['[', '(', '{', '<']).unwrap_or(0);
    Some(Edit {
        start: m.start(),
        end: m.end(),
        pieces: vec![(sym, ctx.origin_at_byte(m.start() + open))],
    })
}

fn spelled_email(ctx: &Ctx, c: &Captures) -> Option<Edit> {
    let m = c.get(0)?;
    let local = c.get(1)?;
    if !starts_at_boundary(ctx, m.start()) || ctx.after(m.end()).is_some_and(is_word_char_strict) {
        return None;
    }
    let first = local.as_str().split([' ', '.']).next().unwrap_or("");
    if PROSE_WORDS.contains(&first) {
        return None;
    }
    let pieces = ctx.squeezed(m.start(), m.end());
    let text: String = pieces.iter().map(|p| p.0).collect();
    let domain = text.rsplit('@').next()?;
    is_known_suffix(domain).then_some(Edit {
        start: m.start(),
        end: m.end(),
        pieces,
    })
}

fn is_word_char_strict(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '@')
}

fn spelled_host(ctx: &Ctx, c: &Captures) -> Option<Edit> {
    let m = c.get(0)?;
    let after_at = ctx.before(m.start()) == Some('@');
    if !(after_at || starts_at_boundary(ctx, m.start()))
        || ctx.after(m.end()).is_some_and(is_word_char_strict)
    {
        return None;
    }
    let first = m.as_str().split([' ', '.']).next().unwrap_or("");
    if PROSE_BEFORE_DOT.contains(&first) {
        return None;
    }
    let pieces = ctx.squeezed(m.start(), m.end());
    let text: String = pieces.iter().map(|p| p.0).collect();
    let host = text.trim_end_matches(['.', '-']);
    let dotted_quad = host.split('.').count() == 4
        && host
            .split('.')
            .all(|l| l.len() <= 3 && l.bytes().all(|b| b.is_ascii_digit()));
    ((dotted_quad || is_known_suffix(host)) && host.len() == text.len()).then_some(Edit {
        start: m.start(),
        end: m.end(),
        pieces,
    })
}

fn spaced_email(ctx: &Ctx, c: &Captures) -> Option<Edit> {
    let m = c.get(0)?;
    let dom = c.get(3)?;
    if !starts_at_boundary(ctx, m.start()) {
        return None;
    }
    // A spaced-out dot may only complete a domain that has none yet: "jan@acme .de", not "jan@acme.de. it".
    let (end, domain) = match c.get(5) {
        Some(tld) if !dom.as_str().contains('.') => {
            (tld.end(), format!("{}.{}", dom.as_str(), tld.as_str()))
        }
        _ => (dom.end(), dom.as_str().to_string()),
    };
    let spaced = ctx.src.text[m.start()..end].contains(' ');
    if !spaced || ctx.after(end).is_some_and(is_word_char_strict) || !is_known_suffix(&domain) {
        return None;
    }
    Some(Edit {
        start: m.start(),
        end,
        pieces: ctx.pieces_without_spaces(m.start(), end),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::fold;

    #[test]
    fn rejected_prose_does_not_hide_an_address() {
        let d = deobfuscate(&fold(
            "Write me at anna.werner62 at gmx dot net if you dare.",
        ));
        assert_eq!(d.text, "write me at anna.werner62@gmx.net if you dare.");
    }
}
