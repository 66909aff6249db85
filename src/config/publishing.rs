//! Configuration for closing the loop: the company's own accounts on each source (whose
//! posts are its published replies) and the optional publisher that posts approved replies.

use serde::{Deserialize, Serialize};

use super::{Config, SourceConfig};

/// Where approved replies to one source's posts are published through the platform's API.
/// Absent: publishing stays manual (`queue mark-posted`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct PublisherConfig {
    /// "discourse" (`POST /posts.json`), "wordpress" (REST API comments) or "webhook" (a
    /// signed JSON POST of the approved text, for anything else).
    pub kind: PublisherKind,
    /// discourse and wordpress: the site's base URL ("https://forum.example"); webhook: the
    /// full URL posted to.
    pub url: String,
    /// discourse: environment variable holding the API key (sent as `Api-Key`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_env: Option<String>,
    /// discourse: environment variable holding the user the API posts as (`Api-Username`);
    /// wordpress: the user the application password belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username_env: Option<String>,
    /// wordpress: environment variable holding the application password (basic auth).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_env: Option<String>,
    /// webhook: environment variable holding the HMAC-SHA256 secret the body is signed with
    /// (`X-Reviewgate-Signature: sha256=<hex>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_env: Option<String>,
    /// discourse: the topic replied in; absent, it is read from the answered post's URL
    /// (`/t/slug/TOPIC/N`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic_id: Option<u64>,
    /// wordpress: the WordPress post (article) whose comments the source watches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_id: Option<u64>,
}

/// The platforms a publisher can post to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PublisherKind {
    Discourse,
    Wordpress,
    Webhook,
}

impl PublisherKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PublisherKind::Discourse => "discourse",
            PublisherKind::Wordpress => "wordpress",
            PublisherKind::Webhook => "webhook",
        }
    }
}

impl PublisherConfig {
    /// The environment variables this publisher reads, with the config key naming each and
    /// what it holds.
    pub fn env_vars(&self) -> Vec<(&'static str, &str, &'static str)> {
        [
            ("api_key_env", &self.api_key_env, "the Discourse API key"),
            ("username_env", &self.username_env, "the API user"),
            (
                "password_env",
                &self.password_env,
                "the WordPress application password",
            ),
            ("secret_env", &self.secret_env, "the webhook signing secret"),
        ]
        .into_iter()
        .filter_map(|(key, var, what)| var.as_deref().map(|v| (key, v, what)))
        .collect()
    }

    /// What this publisher's kind needs and lacks, as (key, message).
    fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let need = |key: &'static str, set: bool, out: &mut Vec<(&'static str, String)>| {
            if !set {
                out.push((
                    key,
                    format!("is required with kind = \"{}\"", self.kind.as_str()),
                ));
            }
        };
        match self.kind {
            PublisherKind::Discourse => {
                need("api_key_env", self.api_key_env.is_some(), &mut out);
                need("username_env", self.username_env.is_some(), &mut out);
            }
            PublisherKind::Wordpress => {
                need("username_env", self.username_env.is_some(), &mut out);
                need("password_env", self.password_env.is_some(), &mut out);
                need("post_id", self.post_id.is_some(), &mut out);
            }
            PublisherKind::Webhook => need("secret_env", self.secret_env.is_some(), &mut out),
        }
        match url::Url::parse(&self.url) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => {}
            Ok(u) => out.push(("url", format!("scheme {:?}: use http or https", u.scheme()))),
            Err(e) => out.push(("url", format!("{:?} is not a URL: {e}", self.url))),
        }
        out
    }
}

/// Whether `author` is one of `staff`: a whole author name, compared without case and
/// surrounding white space, never a part of one ("Support" is not "SupportFan").
pub fn is_staff_author(staff: &[String], author: &str) -> bool {
    let author = author.trim().to_lowercase();
    !author.is_empty() && staff.iter().any(|s| s.trim().to_lowercase() == author)
}

impl Config {
    /// The company's accounts on `source`: its own `staff_authors`, else `[service]
    /// staff_authors`.
    pub fn staff_authors_for<'a>(&'a self, source: &'a SourceConfig) -> &'a [String] {
        source
            .staff_authors
            .as_deref()
            .unwrap_or(&self.service.staff_authors)
    }
}

/// Problems with `staff_authors` and `[sources.publisher]`, pushed as (key, message).
pub(super) fn validate(c: &Config, push: &mut impl FnMut(String, String)) {
    let check_names = |key: String, names: &[String], push: &mut dyn FnMut(String, String)| {
        for (j, n) in names.iter().enumerate() {
            if n.trim().is_empty() {
                push(format!("{key}[{j}]"), "must not be empty".into());
            }
        }
    };
    check_names(
        "service.staff_authors".into(),
        &c.service.staff_authors,
        push,
    );
    for (i, s) in c.sources.iter().enumerate() {
        if let Some(names) = &s.staff_authors {
            check_names(format!("sources[{i}].staff_authors"), names, push);
        }
        if let Some(p) = &s.publisher {
            for (key, message) in p.problems() {
                push(format!("sources[{i}].publisher.{key}"), message);
            }
        }
    }
}
