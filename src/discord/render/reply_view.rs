//! The reply on the review card: every character a reviewer approves must be on screen. The
//! masked reply is spread over as many embed fields as it needs, cut only between whole
//! pieces; each finding is located by part, and a reply the message can not hold is said to be
//! cut, so nothing approves it from Discord.

use super::super::embed::{Embed, FIELDS_MAX, FIELD_VALUE_MAX, TOTAL_MAX};
use super::super::text::{escape, escape_units, mask_value};
use crate::model::Finding;

/// Characters looked back for a space to cut a part at, so words stay whole where they can.
const BREAK_WINDOW: usize = 160;

/// One piece of the marked reply that is never cut: an escaped character or a finding's marker.
struct Piece {
    text: String,
    /// Offset, in characters of the reply, where the piece starts.
    at: usize,
    /// A space or line break: a good place to end a part.
    blank: bool,
}

/// The reply with each finding replaced by its kind and masked value, as pieces.
fn pieces(reply: &str, findings: &[Finding]) -> Vec<Piece> {
    let chars: Vec<char> = reply.chars().collect();
    let units = escape_units(reply);
    let mut spans: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.start < f.end && f.end <= chars.len())
        .collect();
    spans.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    let mut spans = spans.into_iter().peekable();
    let mut out = Vec::with_capacity(chars.len());
    let mut pos = 0;
    while pos < chars.len() {
        // Overlapping findings: the first one already covers it.
        while spans.peek().is_some_and(|f| f.start < pos) {
            spans.next();
        }
        match spans.peek() {
            Some(f) if f.start == pos => {
                let value: String = chars[f.start..f.end].iter().collect();
                let kind = f.field.as_deref().unwrap_or(&f.kind);
                out.push(Piece {
                    text: format!(
                        "**⟦{}: {}⟧**",
                        escape(&f.kind),
                        escape(&mask_value(kind, &value))
                    ),
                    at: pos,
                    blank: false,
                });
                pos = f.end;
                spans.next();
            }
            _ => {
                out.push(Piece {
                    text: units[pos].clone(),
                    at: pos,
                    blank: chars[pos].is_whitespace(),
                });
                pos += 1;
            }
        }
    }
    out
}

/// The reply with each finding replaced by its kind and masked value, so reviewers see what
/// would be disclosed without the channel ever showing the value itself (the parts joined).
#[cfg(test)]
pub(super) fn marked_reply(reply: &str, findings: &[Finding]) -> String {
    pieces(reply, findings)
        .into_iter()
        .map(|p| p.text)
        .collect()
}

/// One part of the marked reply: its text and the reply offset it starts at.
struct Part {
    text: String,
    at: usize,
}

/// Packs the pieces into parts of at most `max` characters, ending at a space when one is near.
fn parts(pieces: &[Piece], max: usize) -> Vec<Part> {
    let len = |p: &Piece| p.text.chars().count();
    let mut out = Vec::new();
    let mut start = 0;
    while start < pieces.len() {
        let mut end = start;
        let mut size = 0;
        while end < pieces.len() && size + len(&pieces[end]) <= max {
            size += len(&pieces[end]);
            end += 1;
        }
        if end == start {
            end = start + 1; // a piece longer than a part (never: markers are short)
        } else if end < pieces.len() {
            let floor = start.max(end.saturating_sub(BREAK_WINDOW)) + 1;
            if let Some(cut) = (floor..end).rev().find(|&i| pieces[i - 1].blank) {
                end = cut;
            }
        }
        out.push(Part {
            text: pieces[start..end].iter().map(|p| p.text.as_str()).collect(),
            at: pieces[start].at,
        });
        start = end;
    }
    out
}

/// The reply's fields for the review card, fitted to the room the rest of the card leaves.
pub(super) struct ReplyFields {
    pub fields: Vec<(String, String, bool)>,
    /// Every character of the reply is on the card.
    pub whole: bool,
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Lays the reply out in at most `room` characters and `room_fields` fields.
pub(super) fn reply_fields(
    item_id: i64,
    version: u32,
    reply: &str,
    findings: &[Finding],
    room: usize,
    room_fields: usize,
) -> ReplyFields {
    let pieces = pieces(reply, findings);
    let parts = parts(&pieces, FIELD_VALUE_MAX);
    let n = parts.len().max(1);
    let name = |i: usize| {
        if n == 1 {
            "Reply (findings masked)".to_string()
        } else {
            format!("Reply (findings masked) · part {} of {n}", i + 1)
        }
    };
    let part_of = |offset: usize| parts.iter().rposition(|p| p.at <= offset).unwrap_or(0);
    let cost = |name: &str, value: &str| chars(name) + chars(value);
    let total_chars = chars(reply);
    let notice_name = "⚠ Reply not shown in full";
    let notice = |shown: usize| {
        format!(
            "Only parts 1 to {shown} of {n} fit in a Discord message (the reply has {total_chars} characters), so it can not be approved here. Read it whole with `reviewgate queue show {item_id}` and decide there with `--version {version}`."
        )
    };
    // Whole, if everything fits.
    let findings_field = |shown: usize| -> Option<(String, String, bool)> {
        let mut valid: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.start < f.end && f.end <= total_chars)
            .collect();
        valid.sort_by_key(|f| f.start);
        if valid.is_empty() {
            return None;
        }
        let mut lines = Vec::new();
        let mut size = 0;
        for (i, f) in valid.iter().enumerate() {
            let part = part_of(f.start);
            let place = if n == 1 {
                String::new()
            } else if part < shown {
                format!(" · part {} of {n}", part + 1)
            } else {
                format!(" · part {} of {n}, **not shown here**", part + 1)
            };
            let what = match &f.field {
                Some(field) if field != &f.kind => {
                    format!("{} ({})", escape(&f.kind), escape(field))
                }
                _ => escape(&f.kind),
            };
            let line = format!("• {what} at characters {}–{}{place}", f.start + 1, f.end);
            if size + chars(&line) + 1 > FIELD_VALUE_MAX - 40 {
                lines.push(format!("… and {} more", valid.len() - i));
                break;
            }
            size += chars(&line) + 1;
            lines.push(line);
        }
        Some((
            "Where the findings are".to_string(),
            lines.join("\n"),
            false,
        ))
    };
    let all: Vec<(String, String, bool)> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| (name(i), p.text.clone(), false))
        .collect();
    let fit = |fields: &[(String, String, bool)]| {
        fields.len() <= room_fields
            && fields.iter().map(|(a, b, _)| cost(a, b)).sum::<usize>() <= room
    };
    let mut whole: Vec<_> = all.clone();
    whole.extend(findings_field(n));
    if fit(&whole) {
        return ReplyFields {
            fields: whole,
            whole: true,
        };
    }
    // Cut: as many parts as fit beside the notice and the findings' places.
    for shown in (0..n).rev() {
        let mut fields: Vec<_> = all[..shown].to_vec();
        fields.extend(findings_field(shown));
        fields.push((notice_name.to_string(), notice(shown), false));
        if fit(&fields) {
            return ReplyFields {
                fields,
                whole: false,
            };
        }
    }
    ReplyFields {
        fields: vec![(notice_name.to_string(), notice(0), false)],
        whole: false,
    }
}

/// Characters and fields an embed leaves for more fields.
pub(super) fn room_left(e: &Embed) -> (usize, usize) {
    (
        TOTAL_MAX.saturating_sub(e.total()),
        FIELDS_MAX.saturating_sub(e.fields.len()),
    )
}
