//! Finishing the match and queue work that a crash, an older reviewgate or an import left
//! undone: posts never matched are matched (their ranked candidates stored too), relevant posts without an item get their draft,
//! and open items without an account are linked to their post's match and assessed again.

use tracing::{error, info, warn};

use super::assessing::item_assessor;
use super::work::Pipeline;
use crate::queue::{Actor, Queue};

/// Work done per poll at most, so a large backlog (an upgrade) never stalls one poll.
pub const PER_POLL: usize = 500;

/// Who re-links items in the queue and audit trail.
pub const RELINK_ACTOR: &str = "system:relink";

/// What one repair pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Repaired {
    /// Posts run through the matcher for the first time.
    pub matched: usize,
    /// Drafts queued for relevant posts that had no item.
    pub queued: usize,
    /// Open items linked to their post's account (and assessed again).
    pub relinked: usize,
}

impl Repaired {
    fn is_empty(&self) -> bool {
        *self == Repaired::default()
    }
}

impl Pipeline {
    /// One pass over at most `limit` posts or items of each kind, for one source (`Some`) or
    /// all. Failures are logged per post or item and never stop the pass.
    pub fn repair(&self, source: Option<&str>, limit: usize) -> Repaired {
        let mut done = Repaired {
            matched: self.match_unmatched(source, limit),
            ..Repaired::default()
        };
        let sources: Vec<&str> = match source {
            Some(s) => vec![s],
            None => self
                .config
                .config
                .sources
                .iter()
                .map(|s| s.name.as_str())
                .collect(),
        };
        for s in sources {
            done.queued += self.queue_missed_drafts(s, limit);
        }
        done.relinked = self.relink_open_items(limit);
        done
    }

    /// The repair after a poll of `source`: its posts never matched and its relevant posts
    /// without an item; with `sweep_items`, the open items of every source without their
    /// account too (a read of every matched post, so not after each of many polls run
    /// together: `pipeline_flow::InFlight::finish` says when).
    pub(super) fn repair_after_poll(
        &self,
        source: &str,
        limit: usize,
        sweep_items: bool,
    ) -> Repaired {
        Repaired {
            matched: self.match_unmatched(Some(source), limit),
            queued: self.queue_missed_drafts(source, limit),
            relinked: if sweep_items {
                self.relink_open_items(limit)
            } else {
                0
            },
        }
    }

    /// Repairs everything (`run` at start, after an import): passes until one finds nothing.
    pub fn repair_all(&self) -> Repaired {
        let mut total = Repaired::default();
        loop {
            let pass = self.repair(None, PER_POLL);
            total.matched += pass.matched;
            total.queued += pass.queued;
            total.relinked += pass.relinked;
            // A pass below its limits left nothing behind.
            if pass.is_empty()
                || (pass.matched < PER_POLL && pass.queued < PER_POLL && pass.relinked < PER_POLL)
            {
                break;
            }
        }
        if !total.is_empty() {
            info!(
                message = "Unfinished match and queue work was completed.",
                matched = total.matched,
                queued = total.queued,
                relinked = total.relinked
            );
        }
        total
    }

    /// Runs posts that never went through the matcher through it, and stores what it found.
    fn match_unmatched(&self, source: Option<&str>, limit: usize) -> usize {
        let posts = match self.store.posts_never_matched(source, limit) {
            Ok(p) => p,
            Err(error) => {
                error!(message = "Could not look for unmatched posts.", %error);
                return 0;
            }
        };
        if posts.is_empty() {
            return 0;
        }
        let matcher = match self.matcher() {
            Ok(m) => m,
            Err(error) => {
                error!(message = "Could not build the matcher.", %error);
                return 0;
            }
        };
        let mut n = 0;
        for post in posts {
            let ranked = matcher.match_ranked(&post.author, &post.text);
            // The candidates with the match, as a poll stores them: a reviewer chooses among
            // them and the gate checks a reply against each.
            let stored = self.store.write(|tx| {
                tx.set_post_match(&post.source, &post.id, ranked.matched.as_ref())?;
                tx.set_post_candidates(&post.source, &post.id, &ranked.candidates)
            });
            match stored {
                Ok(()) => n += 1,
                Err(error) => {
                    error!(message = "Could not store a post's match.", source = %post.source, post = %post.id, %error)
                }
            }
        }
        n
    }

    /// Links open items that have no account to their post's match, assessing their reply
    /// again with that account; the decision only goes up.
    pub fn relink_open_items(&self, limit: usize) -> usize {
        let ids = match self.store.read_tx(|tx| tx.open_items_missing_link(limit)) {
            Ok(ids) => ids,
            Err(error) => {
                error!(message = "Could not look for items without their account.", %error);
                return 0;
            }
        };
        let queue = Queue::new(&self.store);
        let actor = Actor::new(RELINK_ACTOR, true, false);
        let assess = item_assessor(self.store.clone(), self.assessor.clone());
        let mut n = 0;
        for id in ids {
            let view = match queue.show(id) {
                Ok(v) => v,
                Err(error) => {
                    error!(message = "Could not read a queue item.", item = id, %error);
                    continue;
                }
            };
            match queue.relink(id, &actor, &|text: &str| assess(&view, text)) {
                Ok(Some(now)) => {
                    n += 1;
                    if now.decision != view.decision {
                        warn!(
                            message = "An item was linked to its post's account; its reply is held again.",
                            item = id, was = view.decision.as_str(), now = now.decision.as_str(),
                        );
                    }
                    if self.config.config.discord.is_some() {
                        if let Err(error) = crate::discord::refresh_item(&self.store, id) {
                            error!(message = "Could not queue a Discord update.", item = id, %error);
                        }
                    }
                }
                Ok(None) => {}
                Err(error) => {
                    error!(message = "Could not link an item to its post's account.", item = id, %error)
                }
            }
        }
        n
    }

    /// Relevant posts of this source that have no queue item yet get their draft now: one
    /// stored by an older reviewgate before it queued it, or one that became relevant through
    /// an edit.
    fn queue_missed_drafts(&self, source: &str, limit: usize) -> usize {
        let missed = match self.store.relevant_posts_without_item(source, limit) {
            Ok(posts) => posts,
            Err(error) => {
                error!(message = "Could not look for posts without a draft.", %source, %error);
                return 0;
            }
        };
        let mut queued = 0;
        for post in missed {
            match self.store.write(|tx| self.queue_draft_in(tx, &post)) {
                Ok(true) => queued += 1,
                // No template configured (nothing to draft for the rest either), or another
                // writer queued it first: stop here, the next poll goes on.
                Ok(false) => break,
                Err(error) => {
                    error!(message = "Could not queue a draft.", source = %post.source, post = %post.id, %error)
                }
            }
        }
        queued
    }
}
