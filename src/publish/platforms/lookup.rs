//! Looking on the platform for a reply before any retry: the whole thread, newest first,
//! within a page and time bound. Found, nothing is sent again; not found in the whole thread,
//! a retry is safe; the thread longer than the bound, the outcome is unknown.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;
use url::Url;

use super::{discourse_target, wordpress_comment_id, Auth, Publisher};
use crate::config::PublisherKind;
use crate::publish::{published_form, Prepared};

/// At most this many pages of a thread are read when looking for a reply before a retry
/// (Discourse: 20 posts a page, so 1,000 posts; WordPress: 100 comments a page, 5,000).
pub const LOOKUP_MAX_PAGES: usize = 50;
/// At most this long is spent looking for a reply before a retry.
pub const LOOKUP_MAX_TIME: Duration = Duration::from_secs(120);
/// Post ids per `/t/ID/posts.json` request: Discourse's own chunk size.
const DISCOURSE_CHUNK: usize = 20;
/// Comments per page of the WordPress REST API: its maximum `per_page`.
const WORDPRESS_PAGE: usize = 100;

/// Why looking on the platform for a reply did not say whether it is there.
#[derive(Debug, Clone)]
pub(super) enum LookupError {
    /// The platform could not be asked (an error answer, no answer, an unreadable one).
    Unreachable(String),
    /// The thread is longer than the lookup reads ([`LOOKUP_MAX_PAGES`], [`LOOKUP_MAX_TIME`]):
    /// the reply may be in the part not read.
    TooLong(String),
}

impl From<String> for LookupError {
    fn from(s: String) -> Self {
        LookupError::Unreachable(s)
    }
}

impl std::fmt::Display for LookupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LookupError::Unreachable(s) => f.write_str(s),
            LookupError::TooLong(s) => write!(f, "{s}; check the site: a resend with --resend-unconfirmed looks again, and if the thread is still too long to read, your check stands and it sends"),
        }
    }
}

impl Publisher {
    /// Looks on the platform for this reply, posted by the publishing account in the place it
    /// answers: its URL when it is there, `Ok(None)` when the whole thread was read and it is
    /// not, `Err` when the platform could not be asked or the thread could not be read to its
    /// end within [`LOOKUP_MAX_PAGES`] and [`LOOKUP_MAX_TIME`] (the outcome is then unknown:
    /// "not found" in the part read would not say "not posted"). A webhook receiver dedups on
    /// the idempotency key, so resending to it is safe and nothing is looked up.
    pub(super) async fn find_sent(&self, p: &Prepared) -> Result<Option<String>, LookupError> {
        let lookup = async {
            match self.cfg.kind {
                PublisherKind::Webhook => Ok(None),
                PublisherKind::Discourse => self.find_on_discourse(p).await,
                PublisherKind::Wordpress => self.find_on_wordpress(p).await,
            }
        };
        tokio::time::timeout(LOOKUP_MAX_TIME, lookup)
            .await
            .unwrap_or_else(|_| {
                Err(LookupError::TooLong(format!(
                    "reading the thread took longer than {}s, so it was not read to its end",
                    LOOKUP_MAX_TIME.as_secs()
                )))
            })
    }

    /// GETs one page of the platform's JSON with the publisher's credentials.
    async fn get_json(
        &self,
        url: Url,
        key: &str,
    ) -> Result<(reqwest::StatusCode, reqwest::header::HeaderMap, Value), String> {
        let req = self.authed(self.client.get(url.clone()), &[], key);
        let resp = req.send().await.map_err(|e| format!("{url}: {e}"))?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.bytes().await.map_err(|e| format!("{url}: {e}"))?;
        if !status.is_success() {
            return Ok((status, headers, Value::Null));
        }
        let v: Value =
            serde_json::from_slice(&bytes).map_err(|e| format!("{url}: not JSON: {e}"))?;
        Ok((status, headers, v))
    }

    /// Discourse: the topic's `post_stream.stream` lists every post id, oldest first; the
    /// posts are read newest first (a reply just made is at the end) in chunks of
    /// [`DISCOURSE_CHUNK`] ids from `/t/ID/posts.json?post_ids[]=..&include_raw=1`.
    async fn find_on_discourse(&self, p: &Prepared) -> Result<Option<String>, LookupError> {
        let base =
            Url::parse(&self.cfg.url).map_err(|e| LookupError::Unreachable(e.to_string()))?;
        let topic = self
            .cfg
            .topic_id
            .or(discourse_target(p.answered.url.as_deref()).0)
            .ok_or_else(|| LookupError::Unreachable("no topic to look in".into()))?;
        let url = base
            .join(&format!("/t/{topic}.json"))
            .map_err(|e| LookupError::Unreachable(e.to_string()))?;
        let (status, _, v) = self.get_json(url.clone(), &p.key).await?;
        if !status.is_success() {
            return Err(format!("{url} answered {status}").into());
        }
        let stream: Vec<u64> = v["post_stream"]["stream"]
            .as_array()
            .ok_or_else(|| format!("{url}: no post_stream.stream"))?
            .iter()
            .filter_map(Value::as_u64)
            .collect();
        let posts_url = base
            .join(&format!("/t/{topic}/posts.json"))
            .map_err(|e| LookupError::Unreachable(e.to_string()))?;
        for (page, chunk) in stream.rchunks(DISCOURSE_CHUNK).enumerate() {
            if page == LOOKUP_MAX_PAGES {
                return Err(LookupError::TooLong(format!(
                    "topic {topic} has {} posts; the newest {} were read without finding the reply, the rest was not",
                    stream.len(),
                    page * DISCOURSE_CHUNK
                )));
            }
            let mut url = posts_url.clone();
            {
                let mut q = url.query_pairs_mut();
                for id in chunk {
                    q.append_pair("post_ids[]", &id.to_string());
                }
                q.append_pair("include_raw", "1");
            }
            let (status, _, v) = self.get_json(url.clone(), &p.key).await?;
            if !status.is_success() {
                return Err(format!("{url} answered {status}").into());
            }
            if let Some(found) = self.found_on_discourse(p, topic, &v["post_stream"]["posts"]) {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }

    /// WordPress: the post's comments under the comment answered, newest first, 100 a page,
    /// until a short page (or `X-WP-TotalPages`) says the list ended.
    async fn find_on_wordpress(&self, p: &Prepared) -> Result<Option<String>, LookupError> {
        let base =
            Url::parse(&self.cfg.url).map_err(|e| LookupError::Unreachable(e.to_string()))?;
        // Only the publishing account's comment is the reply, not the same words by anyone.
        let me = base
            .join("/wp-json/wp/v2/users/me")
            .map_err(|e| LookupError::Unreachable(e.to_string()))?;
        let (status, _, v) = self.get_json(me.clone(), &p.key).await?;
        if !status.is_success() {
            return Err(format!("{me} answered {status}").into());
        }
        let author = v["id"]
            .as_u64()
            .ok_or_else(|| format!("{me}: no user id"))?;
        let list = base
            .join("/wp-json/wp/v2/comments")
            .map_err(|e| LookupError::Unreachable(e.to_string()))?;
        for page in 1..=LOOKUP_MAX_PAGES {
            let mut url = list.clone();
            {
                let mut q = url.query_pairs_mut();
                if let Some(post) = self.cfg.post_id {
                    q.append_pair("post", &post.to_string());
                }
                if let Some(parent) =
                    wordpress_comment_id(&p.answered.id, p.answered.url.as_deref())
                {
                    q.append_pair("parent", &parent.to_string());
                }
                q.append_pair("author", &author.to_string());
                q.append_pair("context", "edit");
                q.append_pair("per_page", &WORDPRESS_PAGE.to_string());
                q.append_pair("page", &page.to_string());
                q.append_pair("orderby", "date");
                q.append_pair("order", "desc");
            }
            let (status, headers, v) = self.get_json(url.clone(), &p.key).await?;
            // Past the last page WordPress answers 400 rest_post_invalid_page_number.
            if status == StatusCode::BAD_REQUEST && page > 1 {
                return Ok(None);
            }
            if !status.is_success() {
                return Err(format!("{url} answered {status}").into());
            }
            let comments = v.as_array().ok_or_else(|| format!("{url}: not a list"))?;
            if let Some(found) = self.found_in_comments(p, author, comments) {
                return Ok(Some(found));
            }
            let total = headers
                .get("x-wp-totalpages")
                .and_then(|h| h.to_str().ok())
                .and_then(|h| h.parse::<usize>().ok());
            if comments.len() < WORDPRESS_PAGE || total.is_some_and(|t| page >= t) {
                return Ok(None);
            }
        }
        Err(LookupError::TooLong(format!(
            "the post has more than {} comments by the publishing account under the one answered; the newest {} were read without finding the reply, the rest was not",
            LOOKUP_MAX_PAGES * WORDPRESS_PAGE,
            LOOKUP_MAX_PAGES * WORDPRESS_PAGE
        )))
    }

    /// The URL of a post of `topic` by the API user whose `raw` text (else its `cooked` HTML's
    /// text) is the prepared one.
    fn found_on_discourse(&self, p: &Prepared, topic: u64, posts: &Value) -> Option<String> {
        let user = match &self.auth {
            Auth::Discourse { user, .. } => user.as_str(),
            _ => return None,
        };
        // The approved text's form once per page, not once per post.
        let want = published_form(&p.text);
        posts.as_array()?.iter().find_map(|post| {
            let ours = post["username"]
                .as_str()
                .is_some_and(|u| u.eq_ignore_ascii_case(user));
            let here = post["topic_id"].as_u64().map_or(true, |t| t == topic);
            if !(ours && here) {
                return None;
            }
            let text = match post["raw"].as_str() {
                Some(raw) => raw.to_string(),
                None => html_text(post["cooked"].as_str()?),
            };
            if want.is_empty() || published_form(&text) != want {
                return None;
            }
            let mut post = post.clone();
            post["topic_id"] = topic.into();
            self.discourse_url(&post)
        })
    }

    /// The `link` of a comment by the user `author` whose text is the prepared one:
    /// `content.raw` (edit context), else the rendered HTML's text.
    fn found_in_comments(&self, p: &Prepared, author: u64, comments: &[Value]) -> Option<String> {
        let want = published_form(&p.text);
        comments.iter().find_map(|c| {
            if c["author"].as_u64() != Some(author) {
                return None;
            }
            let text = match c["content"]["raw"].as_str() {
                Some(raw) => raw.to_string(),
                None => html_text(c["content"]["rendered"].as_str()?),
            };
            (!want.is_empty() && published_form(&text) == want)
                .then(|| c["link"].as_str().map(str::to_string))
                .flatten()
        })
    }
}

/// The text of an HTML fragment (a rendered comment).
fn html_text(html: &str) -> String {
    scraper::Html::parse_fragment(html)
        .root_element()
        .text()
        .collect()
}
