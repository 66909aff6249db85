//! The bot's own reply drafts: templates with `{author}` and `{service}` (the types and the
//! built-in ones are config, `config::DraftsConfig`). Every draft must assess as routine;
//! `Assessor::check_drafts` and the tests hold them to that.

pub use crate::config::{DraftTemplate, DraftsConfig};

/// Fills `{author}` and `{service}` in one pass, so an author name containing `{service}` stays literal.
pub fn render_draft(t: &DraftTemplate, post_author: &str, service_name: &str) -> String {
    let mut out = String::with_capacity(t.text.len() + post_author.len());
    let mut rest = t.text.as_str();
    while let Some(pos) = rest.find('{') {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        if let Some(r) = tail.strip_prefix("{author}") {
            out.push_str(post_author);
            rest = r;
        } else if let Some(r) = tail.strip_prefix("{service}") {
            out.push_str(service_name);
            rest = r;
        } else {
            out.push('{');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The draft without the author's name, for a profile that holds a reply naming the poster:
/// "Hi {author}, thanks" reads "Hi, thanks", "Thank you, {author}!" reads "Thank you!".
pub fn render_draft_unnamed(t: &DraftTemplate, service_name: &str) -> String {
    const SLOT: char = '\u{1}';
    let text = render_draft(t, &SLOT.to_string(), service_name);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(pos) = rest.find(SLOT) {
        out.push_str(&rest[..pos]);
        rest = &rest[pos + SLOT.len_utf8()..];
        let kept = out.trim_end_matches([' ', '\t']).len();
        out.truncate(kept);
        if out.is_empty() || out.ends_with(['\n', '.', '!', '?']) {
            // The name opened a sentence: so does what follows it, capitalised.
            rest = rest.trim_start_matches([',', ';', ':', ' ', '\t']);
            let mut cs = rest.chars();
            if let Some(c) = cs.next() {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push(' ');
                }
                out.extend(c.to_uppercase());
                rest = cs.as_str();
            }
        } else if rest.starts_with([',', '!', '.', '?', ';', ':']) {
            if out.ends_with(',') && !rest.starts_with(',') {
                out.pop();
            } else if out.ends_with(',') {
                rest = &rest[1..];
            }
        } else if !rest.is_empty() && !rest.starts_with([' ', '\n']) {
            out.push(' ');
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_without_the_author_tidily() {
        let t = |text: &str| DraftTemplate {
            name: "x".into(),
            text: text.into(),
        };
        for (text, want) in [
            ("Hi {author}, thank you.", "Hi, thank you."),
            ("Thank you, {author}! Regards", "Thank you! Regards"),
            (
                "Thanks for raising this, {author}. We look",
                "Thanks for raising this. We look",
            ),
            ("{author}, welcome to {service}.", "Welcome to S."),
            ("Thanks. {author}, we read it.", "Thanks. We read it."),
            ("Dear {author} team", "Dear team"),
        ] {
            assert_eq!(render_draft_unnamed(&t(text), "S"), want, "{text}");
        }
    }

    #[test]
    fn renders_placeholders_once() {
        let t = DraftTemplate {
            name: "x".into(),
            text: "Hi {author}, from {service} {other}".into(),
        };
        assert_eq!(
            render_draft(&t, "{service}", "S"),
            "Hi {service}, from S {other}"
        );
    }
}
