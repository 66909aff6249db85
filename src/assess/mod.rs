//! Disclosure assessment: decides whether a reply is routine, needs two reviewers, or is blocked,
//! with findings and a redacted alternative. Pure: no IO.

use serde::{Deserialize, Serialize};

/// Extra vocabulary for the assessment, added to the built-in one.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct AssessConfig {
    /// Words or phrases that reveal the customer relationship or account history.
    pub account_terms: Vec<String>,
    /// Words or phrases that point at entrusted data (server content, mail, databases...).
    pub entrusted_terms: Vec<String>,
}

/// The bot's own reply drafts.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct DraftsConfig {
    pub templates: Vec<DraftTemplate>,
}

/// One reply draft; `{author}` and `{service}` are filled from the post and config.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DraftTemplate {
    pub name: String,
    pub text: String,
}
