//! The bot's own reply drafts: templates with `{author}` and `{service}`, and the defaults. Every
//! draft must assess as routine; `Assessor::check_drafts` and the tests hold them to that.

use serde::{Deserialize, Serialize};

/// The bot's own reply drafts.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct DraftsConfig {
    /// Templates offered to reviewers; when absent, the built-in ones.
    pub templates: Vec<DraftTemplate>,
}

impl Default for DraftsConfig {
    fn default() -> Self {
        DraftsConfig {
            templates: DraftsConfig::default_templates(),
        }
    }
}

/// One reply draft; `{author}` and `{service}` are filled from the post and config.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DraftTemplate {
    /// Short identifier shown to reviewers, e.g. "thanks".
    pub name: String,
    /// The reply text; `{author}` is the post's author name, `{service}` the service's name.
    pub text: String,
}

/// The built-ins name no address: the service's own support address is only known to be
/// the service's (never a disclosure) when it is under `[service] domains`, so a deployment
/// that wants it in a draft writes its own template.
const SUPPORT: &str = "our support team through the customer panel";

impl DraftsConfig {
    /// Built-in drafts: they say nothing about any account and point to private support.
    pub fn default_templates() -> Vec<DraftTemplate> {
        let t = |name: &str, text: String| DraftTemplate {
            name: name.into(),
            text,
        };
        vec![
            t("thanks", "Hi {author}, thank you for taking the time to share your feedback about {service}. We read every review and pass it on to the team.".into()),
            t(
                "contact-support",
                format!("Hi {{author}}, we are sorry to read this. We can't discuss individual cases in public, so please contact {SUPPORT} and mention this post. The {{service}} team will get back to you privately."),
            ),
            t("apology", "Hi {author}, we are sorry that {service} did not meet your expectations. Your feedback helps us improve, and we take it seriously.".into()),
            t(
                "looking-into-it",
                format!("Thanks for raising this, {{author}}. We're looking into it and will follow up. If you'd like to add details privately, please contact {SUPPORT}."),
            ),
            t("positive", "Thank you, {author}! We're glad to hear you like {service}. Kind regards, the {service} team".into()),
            t(
                "privacy",
                format!("Hi {{author}}, to protect everyone's privacy we never discuss anyone's details in public. Please reach out to {SUPPORT} and we will be happy to help."),
            ),
        ]
    }
}

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
