//! Plain data shared by every stage: posts, customer accounts, matches and assessments.
//! These types are also the JSON lines of the outside contract, so field names are stable.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub mod review;

/// One post as extracted from a page, feed or API, before it is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtractedPost {
    /// Stable id within its source: the site's own id, or a hash of author and text.
    pub id: String,
    /// Permalink, resolved against the page URL.
    pub url: Option<String>,
    pub author: String,
    pub published_at: Option<DateTime<Utc>>,
    /// The author's own words as clean text (quotes of other posts removed).
    pub text: String,
    /// Quotes of other posts, kept apart so their addresses are not taken as the author's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<String>,
    /// The text (or the quotes) was cut to `http.max_post_chars`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub truncated: bool,
    /// What else the page said about the post (title, image alt texts, how its time was read).
    #[serde(flatten, default)]
    pub details: PostDetails,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// Facts about an extracted post beyond its text; every field is optional in the JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostDetails {
    /// The entry's own title (feeds), kept apart from the text; relevance still reads it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Alt texts of the post's images: an image-only post has an empty text and these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub image_alts: Vec<String>,
    /// The page stated no timezone for `published_at`, so it was read as UTC.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub time_assumed_utc: bool,
}

/// A post as the contract prints it (`scan --json`, `match --json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Post {
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub url: Option<String>,
    pub author: String,
    #[serde(default)]
    pub published_at: Option<DateTime<Utc>>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<String>,
    #[serde(default = "default_true")]
    pub relevant: bool,
    /// The text (or the quotes) was cut to `http.max_post_chars` when it was extracted.
    #[serde(default, skip_serializing_if = "is_false")]
    pub truncated: bool,
    #[serde(default, rename = "match")]
    pub matched: Option<Match>,
}

fn default_true() -> bool {
    true
}

/// Account status as the customers file spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AccountStatus {
    Active,
    Cancelled,
}

/// A customer account as imported from the customers file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub id: String,
    pub name: String,
    /// Lower-cased e-mail addresses.
    pub emails: Vec<String>,
    /// Host names and IP addresses, as given.
    pub hosts: Vec<String>,
    pub status: AccountStatus,
    pub plan: Option<String>,
    pub created_at: Option<NaiveDate>,
    pub cancelled_at: Option<NaiveDate>,
    /// Extra columns of the customers file, kept as account facts.
    #[serde(default)]
    pub facts: BTreeMap<String, String>,
}

/// Whether a match is strong enough to link, or needs a human to confirm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchStatus {
    Linked,
    Candidate,
}

/// The kind of identifier a piece of evidence rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceKind {
    Email,
    Host,
    Ip,
    Domain,
    Handle,
    Name,
    /// Plan, tenure, cancellation or place the post states (only ever added to a name or handle).
    Context,
}

/// One comparison that agreed, with what agreed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub detail: String,
}

/// A post's match to one customer account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Match {
    pub customer_id: String,
    pub confidence: f64,
    pub status: MatchStatus,
    pub evidence: Vec<Evidence>,
}

/// One of the accounts that fit a post about equally well, ranked, with its own evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub customer_id: String,
    /// How well this account alone explains the evidence (0..1).
    pub confidence: f64,
    pub evidence: Vec<Evidence>,
}

/// What a post matched: the best account (today's `match`) and, when several fit about equally,
/// the ranked candidates for a reviewer to choose from (empty otherwise).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Ranked {
    #[serde(rename = "match")]
    pub matched: Option<Match>,
    #[serde(default)]
    pub candidates: Vec<Candidate>,
}

/// What the gate decided for one reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Discloses nothing about the customer; one reviewer may approve.
    Routine,
    /// Would disclose account information; two different reviewers must approve.
    NeedsReview,
    /// Draws on entrusted data; can only be rewritten or rejected.
    Blocked,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Routine => "routine",
            Decision::NeedsReview => "needs_review",
            Decision::Blocked => "blocked",
        }
    }
}

/// One span of a reply that discloses something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// What was found: `email`, `name`, `host`, `ip`, `domain`, `plan`, `date`, `fact`,
    /// `relationship`, `billing`, `support`, `abuse`, `entrusted`, `phone`, `personal`, ...
    pub kind: String,
    /// The account field it came from (`email`, `name`, `hosts`, a fact column), if any.
    pub field: Option<String>,
    /// Character offsets into the reply (not bytes).
    pub start: usize,
    pub end: usize,
}

/// The gate's verdict on one reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub decision: Decision,
    pub findings: Vec<Finding>,
    /// The reply with every finding replaced by a neutral marker.
    pub redacted: String,
}
