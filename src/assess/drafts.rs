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

#[cfg(test)]
mod tests {
    use super::*;

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
