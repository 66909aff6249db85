//! The watcher: each post by a staff account is checked against the approved version of the
//! item it answers. Equal: the item is `posted` with the post's URL (`system:watcher`).
//! Anything else is an unreviewed publication: assessed, stored, alerted to the admin channel.

use chrono::Utc;
use tracing::{error, info, warn};

use super::pipeline::{Pipeline, PipelineError};
use crate::model::{Assessment, Decision, Post};
use crate::queue::{Actor, Queue, QueueError, State};
use crate::store::{OutboxKind, Outcome, Publication, ThreadPost};

/// Who moves items to `posted` and records publications in the audit trail.
pub const WATCHER: &str = "system:watcher";

/// How many of a source's newest posts a staff post may answer.
const THREAD_LIMIT: usize = 1000;

pub use crate::publish::{published_form, same_text};

/// What the watcher concluded about one staff post, over the posts of its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// `thread[index]`'s item is approved (or marked posted) and the text is its version.
    Verified { index: usize },
    /// No approved version accounts for the text; `index` is the post it answers, if found.
    Unreviewed {
        index: Option<usize>,
        reason: String,
    },
}

/// Judges a staff post: first, is it the approved version of an item of an earlier post? If
/// not, which post does it answer (one it quotes, else the newest one whose author it names,
/// else the one it follows), and why does no approved version account for it?
pub fn judge(staff: &Post, thread: &[ThreadPost]) -> Verdict {
    let earlier: Vec<usize> = (0..thread.len())
        .filter(
            |&i| match (thread[i].post.published_at, staff.published_at) {
                (Some(p), Some(s)) => p <= s,
                _ => true,
            },
        )
        .collect();
    let approved = |i: &usize| {
        thread[*i].item.as_ref().is_some_and(|it| {
            matches!(it.state, State::Approved | State::Posted) && same_text(&staff.text, &it.text)
        })
    };
    if let Some(&index) = earlier.iter().rev().find(|i| approved(i)) {
        return Verdict::Verified { index };
    }
    let index = answered(staff, thread, &earlier);
    let reason = match index {
        None => "it answers no post reviewgate has seen on this source".to_string(),
        Some(i) => {
            let post = &thread[i].post;
            match &thread[i].item {
                None => format!(
                    "it answers post {} by {}, for which no reply was reviewed",
                    post.id, post.author
                ),
                Some(it) => match it.state {
                    State::Pending => format!(
                        "it answers post {} by {}, whose item #{} is pending: version {} is not approved",
                        post.id, post.author, it.id, it.version
                    ),
                    State::Rejected => format!(
                        "it answers post {} by {}, whose item #{} was rejected",
                        post.id, post.author, it.id
                    ),
                    State::Approved | State::Posted => format!(
                        "it differs from the approved version {} of item #{} (post {} by {})",
                        it.version, it.id, post.id, post.author
                    ),
                },
            }
        }
    };
    Verdict::Unreviewed { index, reason }
}

/// The post a staff post answers, among `earlier` (indexes into `thread`, oldest first).
fn answered(staff: &Post, thread: &[ThreadPost], earlier: &[usize]) -> Option<usize> {
    let quotes: Vec<String> = staff.quotes.iter().map(|q| published_form(q)).collect();
    let quoted = earlier.iter().rev().find(|&&i| {
        let post = &thread[i].post;
        let text = published_form(&post.text);
        let head: String = text.chars().take(40).collect();
        quotes.iter().any(|q| {
            (!head.is_empty() && q.contains(&head))
                || (q.chars().count() >= 20 && text.contains(q.as_str()))
                || names(q, &post.author)
        })
    });
    let text = published_form(&staff.text);
    let named = || {
        earlier
            .iter()
            .rev()
            .find(|&&i| names(&text, &thread[i].post.author))
    };
    quoted.or_else(named).or(earlier.last()).copied()
}

/// Whether `text` (in published form) names `author` as a whole word ("@nkim_dev",
/// "Hi nkim_dev,"), never as a part of another word.
fn names(text: &str, author: &str) -> bool {
    let author = published_form(author);
    if author.is_empty() {
        return false;
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    text.match_indices(&author).any(|(at, _)| {
        !word(text[..at].chars().next_back()) && !word(text[at + author.len()..].chars().next())
    })
}

impl Pipeline {
    /// Checks every staff post of `source` not checked yet: after each poll, and so also
    /// the ones a crash left unchecked. Failures are logged per post and never stop the rest.
    /// Returns what was recorded, in order.
    pub fn check_staff_posts(&self, source: &str) -> Vec<Publication> {
        let mut done = Vec::new();
        let posts = match self
            .store
            .staff_posts_unchecked(source, super::repair::PER_POLL)
        {
            Ok(p) => p,
            Err(error) => {
                error!(message = "Could not read the staff posts to check.", %source, %error);
                return done;
            }
        };
        for post in posts {
            match self.check_staff_post(&post) {
                Ok(Some(publication)) => done.push(publication),
                Ok(None) => {}
                Err(error) => {
                    error!(message = "Could not check a staff post.", source = %post.source, post = %post.id, %error)
                }
            }
        }
        done
    }

    /// A published reply edited afterwards is checked again, as a new publication: its
    /// earlier check is forgotten (audited) and the next sweep judges the new text.
    pub(super) fn recheck_edited_staff_post(&self, post: &Post) -> Result<(), PipelineError> {
        self.store
            .write(|tx| tx.forget_publication(&post.source, &post.id, WATCHER))?;
        Ok(())
    }

    /// Checks one staff post and records the outcome (None: another process recorded it, or
    /// the item moved on meanwhile and the next poll checks again).
    fn check_staff_post(&self, post: &Post) -> Result<Option<Publication>, PipelineError> {
        let thread = self.store.thread_posts(&post.source, THREAD_LIMIT)?;
        let place = post
            .url
            .clone()
            .unwrap_or_else(|| format!("{}/{}", post.source, post.id));
        let mut record = Publication {
            id: 0,
            source: post.source.clone(),
            post_id: post.id.clone(),
            url: post.url.clone(),
            author: post.author.clone(),
            published_at: post.published_at,
            seen_at: Utc::now(),
            answers_post_id: None,
            item_id: None,
            item_version: None,
            outcome: Outcome::Unreviewed,
            reason: String::new(),
            assessment: None,
        };
        match judge(post, &thread) {
            Verdict::Verified { index } => {
                let answered = &thread[index];
                let Some(item) = answered.item.as_ref() else {
                    return Ok(None);
                };
                if item.state == State::Approved {
                    let watcher = Actor::new(WATCHER, true, false);
                    match Queue::new(&self.store).mark_posted(
                        item.id,
                        item.version,
                        &watcher,
                        &place,
                    ) {
                        Ok(_) => {}
                        // Rewritten or rejected between reading and writing: check again next poll.
                        Err(QueueError::Refused(refusal)) => {
                            warn!(message = "A staff post matched an item that changed meanwhile; checked again next poll.", item = item.id, %refusal);
                            return Ok(None);
                        }
                        Err(e) => return Err(e.into()),
                    }
                }
                record.answers_post_id = Some(answered.post.id.clone());
                record.item_id = Some(item.id);
                record.item_version = Some(item.version);
                record.outcome = Outcome::Verified;
                record.reason = format!(
                    "equals the approved version {} of item #{}",
                    item.version, item.id
                );
                let stored = self
                    .store
                    .write(|tx| tx.insert_publication(&record, WATCHER))?;
                if stored && self.config.config.discord.is_some() {
                    crate::discord::refresh_item(&self.store, item.id)?;
                }
                info!(message = "A staff post is the approved reply; the item is posted.", source = %post.source, post = %post.id, item = item.id, url = %place);
                Ok(stored.then_some(record))
            }
            Verdict::Unreviewed { index, reason } => {
                let answered = index.map(|i| &thread[i]);
                let assessment = self.assess_publication(post, answered)?;
                record.answers_post_id = answered.map(|t| t.post.id.clone());
                record.item_id = answered.and_then(|t| t.item.as_ref()).map(|i| i.id);
                record.item_version = answered.and_then(|t| t.item.as_ref()).map(|i| i.version);
                record.reason = reason;
                record.assessment = Some(assessment);
                let alert = self
                    .config
                    .config
                    .discord
                    .is_some()
                    .then(|| alert_payload(&record));
                let stored = self.store.write(|tx| {
                    let stored = tx.insert_publication(&record, WATCHER)?;
                    if let (true, Some(payload)) = (stored, &alert) {
                        tx.outbox_push(OutboxKind::Alert, None, payload)?;
                    }
                    Ok::<_, PipelineError>(stored)
                })?;
                if stored {
                    let decision = record
                        .assessment
                        .as_ref()
                        .map_or("routine", |a| a.decision.as_str());
                    warn!(message = "Unreviewed publication: a staff post that no approved version accounts for.", source = %post.source, post = %post.id, url = %place, reason = %record.reason, decision);
                }
                Ok(stored.then_some(record))
            }
        }
    }

    /// The gate's verdict on a published text, against the post it answers and that post's
    /// account (linked or candidate), as if it had been queued.
    fn assess_publication(
        &self,
        staff: &Post,
        answered: Option<&ThreadPost>,
    ) -> Result<Assessment, PipelineError> {
        let Some(answered) = answered else {
            let empty = Post {
                author: String::new(),
                text: String::new(),
                matched: None,
                ..staff.clone()
            };
            return Ok(self.assess(&empty, None, &staff.text));
        };
        let customer =
            super::assessing::linked_customer(&self.store, answered.post.matched.as_ref())?;
        Ok(self.assess(&answered.post, customer.as_ref(), &staff.text))
    }
}

/// The admin-channel alert for an unreviewed publication: where, why, the decision, and the
/// findings masked (kinds and fields, and the text with every finding replaced). Urgent when
/// the text discloses.
pub fn alert_payload(p: &Publication) -> String {
    let (decision, findings, redacted) = match &p.assessment {
        Some(a) => (a.decision, a.findings.as_slice(), a.redacted.as_str()),
        None => (Decision::Routine, &[][..], ""),
    };
    let urgent = decision != Decision::Routine;
    let mut text = String::new();
    if urgent {
        text.push_str("URGENT: it discloses account data.\n");
    }
    text.push_str(&format!(
        "Unreviewed publication by {} ({}): {}.\nDecision: {}.",
        p.author,
        p.url.as_deref().unwrap_or(&p.post_id),
        p.reason,
        decision.as_str()
    ));
    if !findings.is_empty() {
        let kinds: Vec<String> = findings
            .iter()
            .map(|f| match &f.field {
                Some(field) => format!("{} ({field})", f.kind),
                None => f.kind.clone(),
            })
            .collect();
        text.push_str(&format!(
            "\nFindings: {}.\nAs published, masked: {redacted}",
            kinds.join(", ")
        ));
    }
    serde_json::json!({
        "source": p.source,
        "kind": "unreviewed_publication",
        "urgent": urgent,
        "decision": decision.as_str(),
        "findings": findings,
        "text": text,
    })
    .to_string()
}
