//! The config-facing types of the assessment (`[assess]`, `[[assess.entries]]`, `[drafts]`)
//! and the built-in drafts. `assess` interprets them and re-exports them; they live here so
//! the config's types need nothing above them.

use serde::{Deserialize, Serialize};

/// Extra vocabulary for the assessment, added to the built-in one.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct AssessConfig {
    /// Words or phrases that, said of the poster (near "you", "your", their name), reveal the
    /// customer relationship or account history, e.g. "migrated", "moved to the legacy platform".
    pub account_terms: Vec<String>,
    /// Words or phrases that point at entrusted data (server content, mail, databases, storage,
    /// logs of the customer's systems), e.g. "mail queue", "object storage".
    pub entrusted_terms: Vec<String>,
    /// Which policy profile decides: `"default"` (what the poster said about themselves may be
    /// echoed) or `"strict"` (confirming the poster is a customer, or echoing anything the post
    /// said about them, needs two reviewers).
    pub profile: Profile,
    /// Policy entries added to the built-in policy files (`config/policy/`); one with a
    /// built-in entry's `language` and `id` replaces it. Keys: `language`, `id`, `role`,
    /// `class`, `decision`, `terms`.
    pub entries: Vec<PolicyEntry>,
    /// How many characters of a reply the assessment reads (default 65,536, the post cap). A
    /// longer reply is held for review with a `too_long` finding over the unread rest.
    pub max_reply_chars: Option<usize>,
}

impl AssessConfig {
    /// The default of `max_reply_chars`.
    pub const DEFAULT_MAX_REPLY_CHARS: usize = 64 * 1024;

    /// `max_reply_chars`, or its default; at least one character.
    pub fn reply_limit(&self) -> usize {
        self.max_reply_chars
            .unwrap_or(Self::DEFAULT_MAX_REPLY_CHARS)
            .max(1)
    }
}

/// The policy profile of the assessment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// The Public Debate Clause as written: the poster's own statements are public.
    #[default]
    Default,
    /// Stricter teams: confirming the relationship or echoing the post is `needs_review`.
    Strict,
}

/// What the words of an entry tell the claim rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Refers to the poster: second person, "the reviewer", "le client".
    Poster,
    /// The company as the one acting: "we", "our team", "nous", "hemos".
    Company,
    /// An access verb: the company looked at, found, read, kept something.
    Access,
    /// Something the customer stored with the company: web space, databases, mail, logs.
    Entrusted,
    /// Words that show content rather than describe it: "contains", "runs every".
    Reveal,
    /// The company's perception or records: "we see", "our records", "I checked".
    Perception,
    /// Advice, conditions and invitations: "should", "make sure", "if", "please".
    Advice,
    /// Negation: "never", "not", "nie", "jamais", "nunca".
    Negation,
    /// An account fact of some class: billing, plan, tenure, contact history, status.
    Account,
    /// The relationship itself: "customer", "Kunde", "client", "cliente".
    Relationship,
    /// The sentence repeats what the poster wrote: "as you wrote", "wie Sie schreiben".
    Attribution,
    /// Dates without digits: months, seasons, written-out years ("two thousand nineteen").
    Date,
}

/// The decision an entry asks for when its rule fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Nothing to hold.
    Routine,
    /// Two reviewers.
    NeedsReview,
    /// Can not be approved.
    Blocked,
}

/// One entry of a policy file or of `[[assess.entries]]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyEntry {
    /// The language whose stemmer reads the terms: `en`, `de`, `fr` or `es`.
    #[serde(default)]
    pub language: Option<String>,
    /// A name unique in its language; an entry in the config with a built-in entry's id
    /// replaces it.
    pub id: String,
    /// What the terms tell the rules (`poster`, `company`, `access`, `entrusted`, `reveal`,
    /// `perception`, `advice`, `negation`, `account`, `relationship`).
    pub role: Role,
    /// The finding's class (`billing`, `plan`, `tenure`, `contact`, `account_fact`, ...);
    /// defaults to the role's name.
    #[serde(default)]
    pub class: Option<String>,
    /// The decision when the rule fires; defaults to `needs_review` (`blocked` for entrusted
    /// data that the company accessed).
    #[serde(default)]
    pub decision: Option<Level>,
    /// Words or phrases. Each word is stemmed; `word*` matches words that start with it,
    /// `*word` words that end with it (compounds: `*schrift`), `=word` only that exact word.
    pub terms: Vec<String>,
}

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
