//! The parts of a post written by someone else (quotes), which say nothing about its author.

use std::sync::OnceLock;

use regex::Regex;

/// Char ranges of `text` quoted from someone else: `>` lines, a "X wrote:" header and the lines
/// after it up to the next blank line, and `[quote]...[/quote]` blocks.
pub(crate) fn quoted_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut in_block = false;
    let mut pos = 0usize;
    for line in text.split_inclusive('\n') {
        let len = line.chars().count();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            in_block = false;
        } else if in_block || trimmed.starts_with('>') {
            ranges.push((pos, pos + len));
        } else if let Some(c) = line
            .contains(':')
            .then(|| wrote_re().captures(line))
            .flatten()
        {
            // Both forms of the header end in a colon: a line without one is not searched.
            // "X wrote: ..." quotes from the header on; the author's own words may precede it.
            let m = c.get(0).expect("group 0 always matches");
            let speaker = c.get(1).map_or("", |s| s.as_str()).trim().to_lowercase();
            if !matches!(
                speaker.as_str(),
                "i" | "ich" | "as i" | "like i" | "as i already" | "i already"
            ) {
                let start = pos + line[..m.start()].chars().count();
                ranges.push((start, pos + len));
                in_block = true;
            }
        }
        pos += len;
    }
    let mut byte_to_char = text.char_indices().map(|(b, _)| b).enumerate();
    let mut char_of = |b: usize| byte_to_char.find(|&(_, p)| p >= b).map_or(pos, |(c, _)| c);
    // A `[quote]` block needs a bracket: most texts have none and are not searched.
    let blocks = text.contains('[').then(|| bbquote_re().find_iter(text));
    for m in blocks.into_iter().flatten() {
        let (s, e) = (char_of(m.start()), char_of(m.end()));
        ranges.push((s, e));
    }
    ranges.sort_unstable();
    // Overlapping ranges are merged, so the list is sorted and disjoint and `in_ranges` can
    // search it instead of scanning it for every identifier.
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

fn wrote_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)([^\n.!?]{1,120}?)\s*\b(?:wrote|writes|said|schrieb|schreibt)\s*:|^\s*(?:quote|zitat)(?:\s+(?:from|von)\b[^\n:]*)?\s*:")
            .expect("built-in pattern is valid")
    })
}

fn bbquote_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?is)\[quote[^\]]*\].*?(?:\[/quote\]|$)").expect("built-in pattern is valid")
    })
}

/// Whether `start..end` overlaps one of `ranges`, which must be sorted and disjoint (as
/// [`quoted_ranges`] returns them): only the first range ending after `start` can.
pub(crate) fn in_ranges(ranges: &[(usize, usize)], start: usize, end: usize) -> bool {
    let i = ranges.partition_point(|&(_, e)| e <= start);
    ranges.get(i).is_some_and(|&(s, _)| s < end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted_text(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        quoted_ranges(text)
            .iter()
            .map(|&(s, e)| chars[s..e].iter().collect::<String>().trim().to_string())
            .collect()
    }

    #[test]
    fn finds_quotes_of_every_form() {
        assert_eq!(
            quoted_text("> eva@x.de said so\nme too"),
            ["> eva@x.de said so"]
        );
        assert_eq!(
            quoted_text("Hi.\nEva wrote:\nmail eva@x.de\nsecond line\n\nMy own text"),
            ["Eva wrote:", "mail eva@x.de", "second line"]
        );
        assert_eq!(
            quoted_text("Agreed. Eva schrieb: eva@x.de ist kaputt"),
            ["Eva schrieb: eva@x.de ist kaputt"]
        );
        assert_eq!(
            quoted_text("a [quote=eva]eva@x.de[/quote] b"),
            ["[quote=eva]eva@x.de[/quote]"]
        );
        assert!(quoted_text("I wrote: jan@x.de is mine").is_empty());
    }
}
