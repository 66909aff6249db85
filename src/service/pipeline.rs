//! One poll of one source, end to end: fetch and extract (sources), commit in one
//! transaction (store), match new posts, draft a reply, assess it and queue it.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::Utc;
use tracing::{error, info, warn};

use super::window::holds_back;
use crate::model::{Post, PostDetails};
use crate::queue::Queue;
use crate::sources::{self, PageCache, PollOutcome};
use crate::store::{PageRecord, PollRecord, PolledPost};

pub use super::assessing::linked_customer;
pub use super::work::{build_matcher, Pipeline, PipelineError, DRAFT_ORIGIN};

/// Called after every poll, e.g. to alert the admin channel about an unhealthy source.
pub type OnPoll = Arc<dyn Fn(&PollReport) + Send + Sync>;

/// Runs store and CPU work (SQLite, matching, drafting, assessment) on the blocking pool, so
/// the async workers only wait and fetches, timers and Discord interactions keep their pace.
/// A panic stays a panic of the calling task.
pub async fn off_runtime<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, PipelineError> + Send + 'static,
) -> Result<T, PipelineError> {
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(_) => Err(PipelineError::Interrupted),
    }
}

/// What one poll of one source did.
#[derive(Debug, Default)]
pub struct PollReport {
    pub source: String,
    /// Posts stored for the first time, with their match.
    pub new_posts: Vec<Post>,
    /// What this poll's extraction said of the new posts beyond their text (title, image
    /// alt texts, a time read as UTC), by post id; posts with nothing to add are left out.
    /// The store keeps none of it, so only a post's first sighting carries it.
    pub new_details: HashMap<String, PostDetails>,
    /// For newly seen posts that several accounts fit about equally: the ranked candidates.
    pub new_candidates: HashMap<String, Vec<crate::model::Candidate>>,
    pub edited: usize,
    pub queued: usize,
    /// Relevant new posts held back by the reply window: stored and matched, not queued.
    pub held_back: usize,
    /// The fetch error, if the poll failed (posts already stored are kept).
    pub error: Option<String>,
    /// This poll is the one that made the source unhealthy (alert once, not every poll).
    pub became_unhealthy: bool,
}

impl Pipeline {
    /// Polls every source once, concurrently; a failing source never stops the others.
    /// `each` sees every source's report as soon as its poll is committed.
    pub async fn scan_once(&self, mut each: impl FnMut(PollReport)) -> Result<(), PipelineError> {
        use futures_util::stream::{FuturesUnordered, StreamExt};
        let mut polls: FuturesUnordered<_> = (0..self.config.config.sources.len())
            .map(|i| self.poll_source(i))
            .collect();
        let mut first_error = None;
        while let Some(result) = polls.next().await {
            match result {
                Ok(report) => each(report),
                Err(err) => {
                    tracing::error!(message = "Poll could not be committed.", error = %err);
                    first_error.get_or_insert(err);
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Polls source number `index` and commits what it found. Only the fetches run on the
    /// async runtime; the page-cache read, parsing, the commit with its matching, drafting
    /// and assessment, and the repair sweep run on the blocking pool.
    pub async fn poll_source(&self, index: usize) -> Result<PollReport, PipelineError> {
        let source = &self.config.config.sources[index];
        let compiled = &self.config.compiled[index];
        let this = self.clone();
        let name = source.name.clone();
        let cache = off_runtime(move || this.page_cache(&name)).await?;
        let outcome = sources::poll(&self.client, source, compiled, &cache).await;
        let this = self.clone();
        off_runtime(move || this.commit_poll(index, &outcome)).await
    }

    /// The cached validators and `next` links of a source's pages.
    fn page_cache(&self, source: &str) -> Result<HashMap<String, PageCache>, PipelineError> {
        Ok(self
            .store
            .page_cache(source)?
            .into_iter()
            .map(|(url, row)| {
                let validators = crate::http::Validators {
                    etag: row.etag,
                    last_modified: row.last_modified,
                };
                (
                    url,
                    PageCache {
                        validators,
                        next: row.next,
                    },
                )
            })
            .collect())
    }

    /// Commits one poll's outcome: posts, matches, drafts and queue items in one
    /// transaction, then re-assessment of edited posts and the repair sweep. Blocking.
    fn commit_poll(
        &self,
        index: usize,
        outcome: &PollOutcome,
    ) -> Result<PollReport, PipelineError> {
        let source = &self.config.config.sources[index];
        // A feed with no entries is a quiet feed; a page whose item selector finds nothing
        // is a page whose markup changed.
        let quiet_is_normal = source.kind == crate::config::SourceKind::Feed;
        let record = poll_record(&source.name, outcome, quiet_is_normal);
        // A new post, its match and its queue item are stored in the poll's one transaction:
        // a crash can not leave a post without its match or its item without its account.
        let matcher = self.matcher()?;
        let mut queued = 0;
        let (window, first_poll) = (
            self.config.config.reply_window_for(source),
            !self.store.source_has_posts(&source.name)?,
        );
        let mut held_back = 0;
        let mut candidates = HashMap::new();
        let commit = self.store.commit_poll_with(&record, |tx, post| {
            let mut post = post.clone();
            let ranked = matcher.match_ranked(&post.author, &post.text);
            post.matched = ranked.matched;
            tx.set_post_match(&post.source, &post.id, post.matched.as_ref())?;
            if !ranked.candidates.is_empty() {
                // Several accounts fit about equally: all of them are kept for the reviewer.
                tx.set_post_candidates(&post.source, &post.id, &ranked.candidates)?;
                candidates.insert(post.id.clone(), ranked.candidates);
            }
            if post.relevant && holds_back(post.published_at, record.at, first_poll, window) {
                tx.hold_post(&post.source, &post.id)?;
                held_back += 1;
            } else if post.relevant && self.queue_draft_in(tx, &post)? {
                queued += 1;
            }
            Ok::<_, PipelineError>(())
        })?;
        super::metrics::poll_committed(&source.name, outcome, commit.new_posts.len());
        let mut report = PollReport {
            source: source.name.clone(),
            edited: commit.edited.len(),
            error: record.error.clone(),
            became_unhealthy: commit.became_unhealthy,
            held_back,
            ..Default::default()
        };
        if let Some(error) = &record.error {
            warn!(message = "Source poll failed; stored posts are kept.", source = %source.name, %error);
        }
        if commit.became_unhealthy {
            warn!(
                message = "Source is unhealthy: several polls in a row found no items or failed.",
                source = %source.name,
                empty_polls = commit.health.consecutive_empty,
                failed_polls = commit.health.consecutive_errors,
            );
        }
        // Edits are re-assessed per post, so one failure (logged) does not keep the others.
        for post in &commit.edited {
            if let Err(error) = self.reassess_after_edit(post) {
                error!(message = "Could not re-assess the reply to an edited post.", source = %post.source, post = %post.id, %error);
            }
        }
        report.queued += queued;
        report.new_candidates = candidates;
        // Details that exist only at extraction (feed titles, image alt texts, assumed UTC),
        // carried to `scan --json` for the posts seen now.
        let mut details: HashMap<&str, &PostDetails> = outcome
            .posts
            .iter()
            .filter(|(p, _)| p.details != PostDetails::default())
            .map(|(p, _)| (p.id.as_str(), &p.details))
            .collect();
        for post in &commit.new_posts {
            if let Some(d) = details.remove(post.id.as_str()) {
                report.new_details.insert(post.id.clone(), d.clone());
            }
        }
        report.new_posts = commit.new_posts;
        // Work an earlier poll, an older reviewgate or an import left undone.
        let repaired = self.repair(Some(&source.name), super::repair::PER_POLL);
        report.queued += repaired.queued;
        info!(
            message = "Source polled.",
            source = %source.name,
            new = report.new_posts.len(),
            edited = report.edited,
            queued = report.queued,
            held_back = report.held_back,
            rematched = repaired.matched,
            relinked = repaired.relinked,
        );
        Ok(report)
    }

    /// A post edited after its reply was queued may have taken back a value the reply repeats
    /// (public when the reply was judged, not any more): the open item's reply is assessed
    /// again, and if the verdict changed it becomes a new version and its approvals start over.
    fn reassess_after_edit(&self, post: &Post) -> Result<(), PipelineError> {
        let queue = Queue::new(&self.store);
        let Some(id) = queue.open_item_for_post(&post.source, &post.id)? else {
            return Ok(());
        };
        let view = queue.show(id)?;
        let assess = super::assessing::item_assessor(self.store.clone(), self.assessor.clone());
        let now = assess(&view, &view.reply);
        if now.decision == view.decision && now.findings == view.findings {
            return Ok(());
        }
        warn!(
            message = "A post was edited after its reply was queued; the reply is assessed again.",
            source = %post.source, post = %post.id, item = id,
            was = view.decision.as_str(), now = now.decision.as_str(),
        );
        let actor = crate::queue::Actor::new("system:post-edit", true, false);
        queue.reassess(id, view.version, &actor, &|text: &str| assess(&view, text))?;
        if self.config.config.discord.is_some() {
            crate::discord::refresh_item(&self.store, id)?;
        }
        Ok(())
    }
}

/// The fetcher's outcome as the store's record of one poll.
fn poll_record(source: &str, o: &PollOutcome, empty_is_normal: bool) -> PollRecord {
    PollRecord {
        source: source.to_string(),
        at: Utc::now(),
        posts: o
            .posts
            .iter()
            .map(|(post, relevant)| PolledPost {
                post: post.clone(),
                relevant: *relevant,
            })
            .collect(),
        pages: o
            .pages
            .iter()
            .map(|(url, c)| PageRecord {
                url: url.clone(),
                etag: c.validators.etag.clone(),
                last_modified: c.validators.last_modified.clone(),
                next: c.next.clone(),
            })
            .collect(),
        items_found: o.items_found as u64,
        pages_fetched: o.pages_fetched as u64,
        pages_not_modified: o.not_modified as u64,
        error: o.error.as_ref().map(|e| e.to_string()),
        empty_is_normal,
    }
}

impl Pipeline {
    /// Whether an admin paused this source (from Discord's `/source pause`).
    pub fn is_paused(&self, source: &str) -> bool {
        self.store.source_paused(source).unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use chrono::NaiveDate;

    use super::*;
    use crate::model::{AccountStatus, Customer};
    use crate::store::Store;

    fn account(status: AccountStatus, cancelled: Option<NaiveDate>) -> Customer {
        Customer {
            id: "C-1".into(),
            name: "Ann Example".into(),
            emails: vec!["ann@acme-shop.de".into()],
            hosts: vec!["www.acme-shop.de".into()],
            status,
            plan: None,
            created_at: None,
            cancelled_at: cancelled,
            facts: Default::default(),
        }
    }

    #[test]
    fn matcher_follows_imports_and_purges_of_other_processes() {
        let cfg =
            crate::config::load_str(Path::new("t.toml"), "[service]\nname = \"S\"\n").unwrap();
        let store = Arc::new(Store::open_in_memory().unwrap());
        let pipeline = Pipeline::new(Arc::new(cfg), store.clone()).unwrap();
        let linked = |p: &Pipeline| {
            p.matcher()
                .unwrap()
                .match_post("x", "mail ann@acme-shop.de")
                .map(|m| m.customer_id)
        };
        assert_eq!(linked(&pipeline), None);

        let import = |c: Customer| {
            store
                .import_customers([Ok::<_, std::io::Error>(c)], |_| {})
                .unwrap()
        };
        import(account(AccountStatus::Active, None));
        assert_eq!(linked(&pipeline).as_deref(), Some("C-1"));

        let cancelled = NaiveDate::from_ymd_opt(2020, 1, 1);
        import(account(AccountStatus::Cancelled, cancelled));
        store
            .purge_cancelled(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap())
            .unwrap();
        assert_eq!(
            linked(&pipeline),
            None,
            "a purged account is never matched again"
        );
    }
}
