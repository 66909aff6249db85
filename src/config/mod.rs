//! The TOML configuration: its types (each field documented, so this file is the reference)
//! and loading with validation that reports every problem at once with file:line.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

mod assessment;
mod digest;
mod example;
mod hosts;
mod load;
mod publishing;
mod reviewers;
mod selectors;
mod window;

pub use assessment::{
    AssessConfig, DraftTemplate, DraftsConfig, Level as PolicyLevel, PolicyEntry, Profile,
    Role as PolicyRole,
};
pub use digest::DigestConfig;
pub use example::{parse_recorded_approvals, served_by_example, RecordedApproval};
pub use hosts::follow_host;
pub use load::{load, load_str, ConfigError, LoadedConfig, Problem};
pub use publishing::{is_staff_author, PublisherConfig, PublisherKind};
pub use reviewers::ReviewerConfig;
pub use selectors::Selectors;
pub use window::default_reply_window;

/// The whole configuration file.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Config {
    /// The company whose reputation is watched.
    pub service: ServiceConfig,
    /// Where posts, accounts, the queue and the audit trail live.
    #[serde(default)]
    pub store: StoreConfig,
    /// The audit trail's key and its anchors outside the database.
    #[serde(default)]
    pub audit: AuditConfig,
    /// The HTTP policy shared by every source.
    #[serde(default)]
    pub http: HttpConfig,
    /// Thresholds for linking posts to accounts.
    #[serde(default)]
    pub matching: MatchingConfig,
    /// Extra vocabulary for the disclosure assessment.
    #[serde(default)]
    pub assess: AssessConfig,
    /// Reply drafts the bot proposes; each must assess as routine.
    #[serde(default)]
    pub drafts: DraftsConfig,
    /// The review channel; absent means no Discord (the CLI queue still works).
    #[serde(default)]
    pub discord: Option<DiscordConfig>,
    /// A loopback server for the bundled example: serves a folder of fixture pages.
    #[serde(default)]
    pub example_server: Option<ExampleServerConfig>,
    /// The watched forums, review sites and feeds.
    #[serde(default)]
    pub sources: Vec<SourceConfig>,
    /// The people who review, one table each; empty: the CLI may approve routine replies only.
    #[serde(default)]
    pub reviewers: Vec<ReviewerConfig>,
    /// When `run` posts the weekly digest to the Discord admin channel.
    #[serde(default)]
    pub digest: DigestConfig,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ServiceConfig {
    /// The service's name as customers write it.
    pub name: String,
    /// Its own domains: never evidence of a customer, never a disclosure.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Its own address ranges in CIDR (scanners, mail relays), e.g. "198.18.40.0/24": an
    /// address inside them in a reply is the company's, never a disclosure.
    #[serde(default)]
    pub address_ranges: Vec<String>,
    /// Its own phone numbers (hotline, sales), as written anywhere: public.
    #[serde(default)]
    pub phones: Vec<String>,
    /// Its own postal addresses (head office, imprint): public.
    #[serde(default)]
    pub postal_addresses: Vec<String>,
    /// Its contact emails outside its domains (an external data protection officer): public.
    #[serde(default)]
    pub contact_emails: Vec<String>,
    /// Its public product and plan names, e.g. ["Starter", "Mail Shield"]: a plan word beside
    /// one names the product ("the Mail Shield tier"), and a word of one names no poster
    /// ("Mail" for the handle "mail_only"). The plans that two or more stored accounts share
    /// are added to them.
    #[serde(default)]
    pub products: Vec<String>,
    /// How logs are written to stderr: "text" (coloured only on a terminal, never with
    /// NO_COLOR) or "json" (one object per line, for log shippers). `--log-format` wins.
    #[serde(default)]
    pub log_format: LogFormat,
    /// Where `run` serves `/metrics` (Prometheus text), `/healthz` and `/readyz`, e.g.
    /// "127.0.0.1:9898". Absent (the default): no metrics listener.
    #[serde(default)]
    pub metrics_listen: Option<String>,
    /// Relevant posts published longer ago than this (or, lacking a date, first seen on a
    /// source's first poll) are stored and matched but not queued; `queue backfill` queues
    /// them deliberately. "0s" turns the window off: every relevant post is queued.
    #[serde(default = "default_reply_window", with = "humantime_serde_compat")]
    pub reply_window: Duration,
    /// The company's own accounts on the watched sites: whole author names (compared without
    /// case), e.g. ["SmartSecurityScan Support"]. Their posts are the company's published
    /// replies: never matched to customers, never drafted for, and each is checked against
    /// the approved version of the item it answers. A source may override the list.
    #[serde(default)]
    pub staff_authors: Vec<String>,
}

/// The shape of log lines on stderr.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line, with the same fields.
    Json,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct StoreConfig {
    /// SQLite database file, relative to the config file's folder.
    pub path: PathBuf,
    /// Encrypt the database (SQLCipher) with the key in this file: 64 hex digits (e.g. from
    /// `openssl rand -hex 32`) or a passphrase. Absent, with `encryption_key_env`: unencrypted.
    #[serde(default)]
    pub encryption_key_file: Option<PathBuf>,
    /// Encrypt the database with the key in this environment variable (same forms).
    #[serde(default)]
    pub encryption_key_env: Option<String>,
    /// A poll commits its posts (with their matches and queue items) in batches of about
    /// this many posts, one transaction each, so a first scan of a big forum streams through
    /// in bounded memory and a crash loses at most the batch in flight. At least 1.
    /// Polls in flight together share it (and `batch_bytes`): with 60 sources each gets a
    /// sixtieth (but at least one page), so memory does not grow with the number of sources.
    #[serde(default = "default_batch_posts")]
    pub batch_posts: usize,
    /// A batch is also closed once its posts' text reaches this many bytes. At least 1.
    #[serde(default = "default_batch_bytes")]
    pub batch_bytes: usize,
    /// How many fetched and parsed pages all polls together may hold until their posts are
    /// committed (handed over, prepared, waiting for the store). A poll that finds none free
    /// hands over what it gathered and waits with the one page it fetched, so memory holds
    /// at most this many pages plus one per source, however fast the servers answer. At
    /// least 1; it also caps how many pages one batch spans.
    #[serde(default = "default_pages_in_hand")]
    pub pages_in_hand: usize,
}

/// `[store] batch_posts` when absent.
pub fn default_batch_posts() -> usize {
    500
}

/// `[store] batch_bytes` when absent.
pub fn default_batch_bytes() -> usize {
    4_000_000
}

/// `[store] pages_in_hand` when absent.
pub fn default_pages_in_hand() -> usize {
    16
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            path: PathBuf::from("data/reviewgate.sqlite3"),
            encryption_key_file: None,
            encryption_key_env: None,
            batch_posts: default_batch_posts(),
            batch_bytes: default_batch_bytes(),
            pages_in_hand: default_pages_in_hand(),
        }
    }
}

/// The audit trail's HMAC key and the anchors of its chain head outside the database.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct AuditConfig {
    /// File holding the audit key (64 hex digits or a passphrase). With neither this nor
    /// `key_env`, a key is generated on first use into `<store path>.audit-key` (mode 0600).
    pub key_file: Option<PathBuf>,
    /// Environment variable holding the audit key.
    pub key_env: Option<String>,
    /// Append the chain head (entry number and MAC) to this file, as JSON lines, on every
    /// anchor; `audit verify` checks the trail against it. Keep it where the database's
    /// writers can not rewrite it.
    pub anchor_file: Option<PathBuf>,
    /// How often `run` anchors the chain head (to `anchor_file` and to Discord's admin
    /// channel), e.g. "1h"; only when the trail grew.
    #[serde(with = "humantime_serde_compat")]
    pub anchor_interval: Duration,
}

impl Default for AuditConfig {
    fn default() -> Self {
        AuditConfig {
            key_file: None,
            key_env: None,
            anchor_file: None,
            anchor_interval: Duration::from_secs(3600),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct HttpConfig {
    /// Identifies the bot to the sites it reads.
    pub user_agent: String,
    /// Whole-request timeout, e.g. "20s".
    #[serde(with = "humantime_serde_compat")]
    pub timeout: Duration,
    /// Bodies larger than this are cut off and reported, never buffered whole.
    pub max_body_bytes: u64,
    /// Requests per second to any one host.
    pub per_host_per_second: f64,
    /// Honour robots.txt (cached per host).
    pub respect_robots_txt: bool,
    /// Attempts for one request on 429, 5xx and timeouts (1 = no retry).
    pub max_attempts: u32,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// First retry waits about this long, doubling per attempt (with jitter), e.g. "500ms".
    #[serde(with = "humantime_serde_compat")]
    pub retry_base_delay: Duration,
    /// Longest wait before a retry; a `Retry-After` asking for more ends the retries.
    #[serde(with = "humantime_serde_compat")]
    pub max_retry_wait: Duration,
    /// An HTML page or fragment nesting elements deeper than this is refused (the source's
    /// error): hostile pages nest thousands of levels to exhaust the parser and the stack.
    pub max_depth: usize,
    /// An HTML page or fragment with more nodes (elements, text runs, comments) is refused.
    pub max_nodes: usize,
    /// A post's text is cut to this many characters (its quotes together too), and the post
    /// is marked `truncated`: one post can not make matching and assessment slow.
    pub max_post_chars: usize,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            user_agent: concat!("reviewgate/", env!("CARGO_PKG_VERSION")).to_string(),
            timeout: Duration::from_secs(20),
            max_body_bytes: 5_000_000,
            per_host_per_second: 1.0,
            respect_robots_txt: true,
            max_attempts: 4,
            max_redirects: 5,
            retry_base_delay: Duration::from_millis(500),
            max_retry_wait: Duration::from_secs(60),
            max_depth: 512,
            max_nodes: 200_000,
            max_post_chars: 64 * 1024,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct MatchingConfig {
    /// At or above: the post is linked to the customer.
    pub link_threshold: f64,
    /// Between this and `link_threshold`: a candidate a human confirms.
    pub candidate_threshold: f64,
}

impl Default for MatchingConfig {
    fn default() -> Self {
        MatchingConfig {
            link_threshold: 0.9,
            candidate_threshold: 0.5,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct DiscordConfig {
    /// Name of the environment variable that holds the bot token.
    #[serde(default = "default_token_env")]
    pub token_env: String,
    pub review_channel_id: u64,
    /// Source-health alerts go here.
    #[serde(default)]
    pub admin_channel_id: u64,
    pub reviewer_role_id: u64,
    pub admin_role_id: u64,
    /// Discord's API; tests point this at a local fake.
    #[serde(default = "default_api_base")]
    pub api_base: String,
    /// When set, serve HTTP interactions here instead of using the gateway.
    #[serde(default)]
    pub interactions_listen: Option<String>,
    /// Hex Ed25519 public key of the application; required with `interactions_listen`.
    #[serde(default)]
    pub public_key: Option<String>,
    /// Discord application id (for slash-command registration); optional.
    #[serde(default)]
    pub application_id: Option<u64>,
    /// The server (guild) the review and admin channels belong to. Interactions from any other
    /// server are refused and audited. Optional: without it only the channel is checked
    /// (channel ids are unique across Discord); direct messages are refused either way.
    #[serde(default)]
    pub guild_id: Option<u64>,
}

fn default_token_env() -> String {
    "DISCORD_TOKEN".into()
}

fn default_api_base() -> String {
    "https://discord.com".into()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ExampleServerConfig {
    /// Folder served, relative to the config file's folder.
    pub root: PathBuf,
    /// Loopback address to listen on, e.g. "127.0.0.1:18931".
    pub listen: String,
    /// Reviewers' approvals recorded with the example's pages (JSON lines: `source`,
    /// `post_id`, `version`, `by`, `reason`, `reply`), replayed by `scan` (never `run`) after
    /// each poll of a source served by the server that scan started, through the queue's
    /// policy exactly as a reviewer's approval (with `[[reviewers]]`, `by` must name one; without,
    /// routine replies only) and audited as `example:<by>`, so the first scan has approved
    /// versions for the watcher. Every source named must be served by this server, and the
    /// key can not be combined with `[discord]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approvals: Option<PathBuf>,
}

/// How a source's documents are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// HTML pages read with CSS selectors.
    Html,
    /// RSS 2.0, Atom or JSON Feed.
    Feed,
    /// A JSON API, or JSON embedded in an HTML page, read with JSON Pointers.
    Json,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SourceConfig {
    /// Unique, `[a-z0-9_-]+`.
    pub name: String,
    pub kind: SourceKind,
    /// http(s) or file URL of the first page.
    pub url: String,
    /// How often `run` polls it, e.g. "15m".
    #[serde(default = "default_interval", with = "humantime_serde_compat")]
    pub interval: Duration,
    /// Follow `next` at most this many pages.
    #[serde(default = "default_max_pages")]
    pub max_pages: u32,
    /// A post is relevant if it contains one of these (empty: every post is relevant).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// A post containing one of these is not relevant.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Fills `select` for known software: phpbb, discourse, xenforo, wordpress, hackernews;
    /// or `auto` (html only, and the default when neither `preset` nor `select` is given):
    /// schema.org structured data when the page has it, else the detected software's preset.
    #[serde(default)]
    pub preset: Option<String>,
    /// Selectors (html) or JSON Pointers (json); explicit keys override the preset.
    #[serde(default)]
    pub select: SelectConfig,
    /// json only: CSS selector of an element of an HTML page whose text is the JSON,
    /// e.g. `script#__NEXT_DATA__`.
    #[serde(default)]
    pub embedded_json: Option<String>,
    /// Extra request headers, header name -> name of the environment variable holding its value.
    #[serde(default)]
    pub headers_from_env: BTreeMap<String, String>,
    /// Other hosts pagination may move to (`"cdn.forum.example"`, or `"host:port"`), over
    /// http or https. Without them a `next` link must stay on the source's own origin
    /// (scheme, host, port); a `file://` source's links must stay in its own folder.
    #[serde(default)]
    pub follow_hosts: Vec<String>,
    /// This source's reply window, overriding `[service] reply_window` ("0s": off).
    #[serde(
        default,
        with = "window::humantime_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub reply_window: Option<Duration>,
    /// This source's staff accounts, replacing `[service] staff_authors` for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_authors: Option<Vec<String>>,
    /// Publish approved replies through the platform's API (`queue publish`). Absent:
    /// publishing stays manual.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<PublisherConfig>,
}

fn default_interval() -> Duration {
    Duration::from_secs(15 * 60)
}

fn default_max_pages() -> u32 {
    1
}

/// Where each field of a post is found. For html: CSS selectors, `sel@attr` reads an
/// attribute, `@attr` reads it from the item itself, `sel::text` reads only the element's own
/// text (not its children's); any key may be a list of selectors tried
/// in order per item (the first that yields a value wins; `text` joins every match of it).
/// For json: JSON Pointers (one per key).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct SelectConfig {
    pub item: Option<Selectors>,
    pub author: Option<Selectors>,
    pub text: Option<Selectors>,
    pub time: Option<Selectors>,
    pub id: Option<Selectors>,
    pub link: Option<Selectors>,
    pub next: Option<Selectors>,
}

/// Durations written as "15m", "20s", "1h 30m".
pub mod humantime_serde_compat {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let s = String::deserialize(d)?;
        humantime::parse_duration(&s).map_err(|e| {
            serde::de::Error::custom(format!(
                "bad duration {s:?}: {e} (write e.g. \"20s\", \"15m\", \"1h\")"
            ))
        })
    }

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&humantime::format_duration(*d).to_string())
    }
}
