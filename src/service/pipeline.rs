//! One poll of one source, end to end: fetch and extract (sources), commit in bounded
//! batches, one transaction each (store), match new posts, draft a reply, assess it and queue it.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use tracing::{error, info, warn};

use super::pipeline_prepare::{Prepared, PreparedPost};
use super::window::holds_back;
use crate::model::ExtractedPost;
use crate::model::{Post, PostDetails};
use crate::queue::Queue;
use crate::sources::{self, BatchLimits, PageCache, PollBatch, PollOutcome};
use crate::store::{MatchAtInsert, PageRecord, PollRecord, PolledPost, Tx};

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

/// Runs a poll's CPU and store work (a batch's preparation, its commit) on a CPU worker once
/// a slot is free ([`sources::cpu::run`]): at most one such task per core across all polls,
/// always on the same few threads.
async fn on_cpu<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, PipelineError> + Send + 'static,
) -> Result<T, PipelineError> {
    sources::cpu::run(work)
        .await
        .unwrap_or(Err(PipelineError::Interrupted))
}

/// What one committed batch of a poll did; the poll's last batch (`complete`) also carries
/// its error and health. [`Pipeline::poll_source`] sums a whole poll into one (without the
/// posts).
#[derive(Debug, Default)]
pub struct PollReport {
    pub source: String,
    /// This is the poll's last report: the poll is over and its health committed.
    pub complete: bool,
    /// Posts stored for the first time by this commit (or, summed, by the whole poll).
    pub new: usize,
    /// Posts stored for the first time, with their match (only in a batch's report).
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
    /// Pages downloaded and parsed (on the last report: by the whole poll).
    pub pages_fetched: usize,
    /// Pages not parsed again: 304, or the body parsed last time (on the last report).
    pub pages_not_modified: usize,
    /// The fetch error, if the poll failed (posts already stored are kept).
    pub error: Option<String>,
    /// This poll is the one that made the source unhealthy (alert once, not every poll).
    pub became_unhealthy: bool,
    /// This poll's repair also swept the open items of every source for links to their
    /// post's account: the last poll of those run together does, or any poll once the
    /// last sweep is a minute old (on the last report).
    pub swept_items: bool,
    /// Staff posts checked after this poll: verified publications and unreviewed ones.
    pub publications: Vec<crate::store::Publication>,
}

impl Pipeline {
    /// Polls every source once, concurrently; a failing source never stops the others.
    /// `each` sees every committed batch's report as soon as it is committed; a source's
    /// last report is `complete` and carries its error.
    pub async fn scan_once(&self, each: impl FnMut(PollReport)) -> Result<(), PipelineError> {
        use futures_util::stream::{FuturesUnordered, StreamExt};
        // The polls run as futures of this one task, so they can share `each` in turn.
        let each = std::cell::RefCell::new(each);
        // Every poll is counted in before any is first polled (in whatever order the set
        // polls them), so each takes its share of the batch limits knowing all the others.
        let mut polls: FuturesUnordered<_> = (0..self.config.config.sources.len())
            .map(|i| {
                let counted = self.flow.enter();
                self.poll_counted(i, counted, |r| (each.borrow_mut())(r))
            })
            .collect();
        let mut first_error = None;
        while let Some(result) = polls.next().await {
            if let Err(err) = result {
                tracing::error!(message = "Poll could not be committed.", error = %err);
                first_error.get_or_insert(err);
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Polls source number `index` and commits what it found; the report sums the poll's
    /// batches (counts, error, health) and keeps none of their posts.
    pub async fn poll_source(&self, index: usize) -> Result<PollReport, PipelineError> {
        let mut total = PollReport::default();
        self.poll_source_with(index, |r| total.absorb(r)).await?;
        Ok(total)
    }

    /// Polls source number `index`, committing as it goes: pages stream from the fetcher
    /// and every `[store] batch_posts` posts (or `batch_bytes`) are committed in one
    /// transaction while the next pages are fetched, so memory holds a batch or two whatever
    /// the size of the forum, and a crash loses at most the batch in flight. `on_report`
    /// sees each batch's report, the last one `complete`. Only the fetches run on the async
    /// runtime; the page-cache read, parsing, the commits with their matching, drafting and
    /// assessment, and the repair sweep run on the CPU workers (`sources::cpu`), one task per
    /// core across all polls.
    pub async fn poll_source_with(
        &self,
        index: usize,
        on_report: impl FnMut(PollReport),
    ) -> Result<(), PipelineError> {
        let counted = self.flow.enter();
        self.poll_counted(index, counted, on_report).await
    }

    /// [`Pipeline::poll_source_with`] for a poll already counted in the polls in flight.
    async fn poll_counted(
        &self,
        index: usize,
        mut in_flight: super::pipeline_flow::InFlight,
        mut on_report: impl FnMut(PollReport),
    ) -> Result<(), PipelineError> {
        let source = &self.config.config.sources[index];
        let compiled = &self.config.compiled[index];
        let this = self.clone();
        let name = source.name.clone();
        // Whether this is the source's first poll is decided once, before its first batch.
        let (cache, first_poll) = on_cpu(move || {
            Ok((
                this.page_cache(&name)?,
                !this.store.source_has_posts(&name)?,
            ))
        })
        .await?;
        let store = &self.config.config.store;
        // The polls in flight share the batch limits, so memory does not grow with sources.
        let limits = self.flow.share(BatchLimits {
            posts: store.batch_posts.max(1),
            bytes: store.batch_bytes.max(1),
        });
        // Room for one batch: the fetcher gathers the next while this one is committed.
        let (sink, mut batches) = tokio::sync::mpsc::channel::<PollBatch>(1);
        let fetch = sources::poll_streaming(
            &self.client,
            source,
            compiled,
            &cache,
            limits,
            sink,
            Some(&self.flow.pages),
        );
        let mut new = 0;
        let commit = async {
            while let Some(batch) = batches.recv().await {
                // The batch's pages keep their places in the page budget until committed.
                let in_hand = batch.in_hand;
                // Matching and drafting before the commit turn, on a CPU slot (shared with
                // parses), so batches of other polls prepare while this one commits.
                let done = match self
                    .prepare_off_runtime(index, batch.posts, first_poll)
                    .await
                {
                    Ok((posts, at, prepared)) => {
                        let this = self.clone();
                        let turn = self.flow.commit_turn().await;
                        // The commit is SQLite work, CPU too.
                        let done = on_cpu(move || {
                            let part = Part {
                                posts,
                                pages: batch.pages,
                                at,
                                prepared,
                                sweep_items: false,
                            };
                            this.commit_part(index, part, None, first_poll)
                        })
                        .await;
                        drop(turn);
                        done
                    }
                    Err(e) => Err(e),
                };
                drop(in_hand);
                match done {
                    Ok(report) => {
                        new += report.new;
                        on_report(report);
                    }
                    Err(e) => {
                        // Stops the fetcher: its next hand-over finds the channel closed.
                        batches.close();
                        return Err(e);
                    }
                }
            }
            Ok(())
        };
        let (mut outcome, committed) = tokio::join!(fetch, commit);
        committed?;
        let posts = std::mem::take(&mut outcome.posts);
        let (posts, at, prepared) = self.prepare_off_runtime(index, posts, first_poll).await?;
        let pages = std::mem::take(&mut outcome.pages);
        let this = self.clone();
        let turn = self.flow.commit_turn().await;
        // Decided under the turn, so one poll of those finishing together is the last.
        let sweep_items = in_flight.finish(&self.flow, std::time::Instant::now());
        let report = on_cpu(move || {
            let part = Part {
                posts,
                pages,
                at,
                prepared,
                sweep_items,
            };
            let report = this.commit_part(index, part, Some(&outcome), first_poll)?;
            super::metrics::poll_committed(
                &this.config.config.sources[index].name,
                &outcome,
                new + report.new,
            );
            Ok(report)
        })
        .await?;
        drop(turn);
        on_report(report);
        Ok(())
    }

    /// [`Pipeline::prepare_batch`] on a CPU slot off the runtime; hands the posts back with
    /// the time the reply window was judged at (the commit's record time) and the work done.
    async fn prepare_off_runtime(
        &self,
        index: usize,
        posts: Vec<(ExtractedPost, bool)>,
        first_poll: bool,
    ) -> Result<(Vec<(ExtractedPost, bool)>, DateTime<Utc>, Prepared), PipelineError> {
        let at = Utc::now();
        if posts.is_empty() {
            return Ok((posts, at, Prepared::default()));
        }
        let this = self.clone();
        on_cpu(move || {
            let prepared = this.prepare_batch(index, &posts, at, first_poll)?;
            Ok((posts, at, prepared))
        })
        .await
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
                        body_hash: row.body_hash,
                    },
                )
            })
            .collect())
    }

    /// Commits one batch of a poll: its posts, pages, matches, drafts and queue items in one
    /// transaction, then re-assessment of edited posts. With `end` (the poll's outcome, its
    /// posts taken out) it is the poll's last commit: health too, then the repair sweep.
    /// Blocking.
    pub(super) fn commit_part(
        &self,
        index: usize,
        part: Part,
        end: Option<&PollOutcome>,
        first_poll: bool,
    ) -> Result<PollReport, PipelineError> {
        let Part {
            posts,
            pages,
            at,
            prepared,
            sweep_items,
        } = part;
        // Read by the INSERT of each new post and by the work after it.
        let prepared = std::cell::RefCell::new(prepared);
        let source = &self.config.config.sources[index];
        // Details that exist only at extraction (feed titles, image alt texts, assumed UTC),
        // carried to `scan --json` for the posts seen now.
        let mut details: HashMap<String, PostDetails> = posts
            .iter()
            .filter(|(p, _)| p.details != PostDetails::default())
            .map(|(p, _)| (p.id.clone(), p.details.clone()))
            .collect();
        // A feed with no entries is a quiet feed; a page whose item selector finds nothing
        // is a page whose markup changed.
        let quiet_is_normal = source.kind == crate::config::SourceKind::Feed;
        let record = poll_record(&source.name, at, posts, pages, end, quiet_is_normal);
        // A new post, its match and its queue item are stored in the batch's one transaction:
        // a crash can not leave a post without its match or its item without its account.
        // What was not prepared before the commit turn (a post whose text or accounts changed
        // since) is matched here. Read before the transaction: the store has one connection.
        let matcher = self.matcher()?;
        let mut queued = 0;
        let window = self.config.config.reply_window_for(source);
        let mut held_back = 0;
        let mut candidates = HashMap::new();
        let staff = self.config.config.staff_authors_for(source);
        // A post matched before the commit turn that needs no more than its match and hold
        // (no candidates to keep, no reply to queue: most posts of a first scan are old or
        // irrelevant) is stored with them in its INSERT, one write for the post.
        let at_insert = |tx: &Tx<'_>, post: &Post| {
            if (post.relevant && !holds_back(post.published_at, record.at, first_poll, window))
                || crate::config::is_staff_author(staff, &post.author)
            {
                return Ok(None);
            }
            let held = post.relevant;
            let complete = |p: &PreparedPost| p.ranked.candidates.is_empty();
            Ok::<_, PipelineError>(prepared.borrow_mut().take_if(tx, post, complete)?.map(|p| {
                MatchAtInsert {
                    matched: p.ranked.matched,
                    held,
                }
            }))
        };
        let on_new = |tx: &Tx<'_>, post: &mut Post| {
            if crate::config::is_staff_author(staff, &post.author) {
                // The company's own reply: never matched nor drafted for; the watcher checks
                // it against the approved version below (older than the window: history).
                let old = holds_back(post.published_at, record.at, first_poll, window);
                tx.mark_staff_post(&post.source, &post.id, old)?;
                return Ok(());
            }
            let taken = prepared.borrow_mut().take(tx, post)?;
            let (ranked, draft) = match taken {
                Some(p) => (p.ranked, p.draft),
                None => (matcher.match_ranked(&post.author, &post.text), None),
            };
            post.matched = ranked.matched;
            let held =
                post.relevant && holds_back(post.published_at, record.at, first_poll, window);
            // The match and the hold in one write: most posts of a first scan are old.
            tx.set_post_match_held(&post.source, &post.id, post.matched.as_ref(), held)?;
            if !ranked.candidates.is_empty() {
                // Several accounts fit about equally: all of them are kept for the reviewer.
                tx.set_post_candidates(&post.source, &post.id, &ranked.candidates)?;
                candidates.insert(post.id.clone(), ranked.candidates);
            }
            if held {
                held_back += 1;
            } else if post.relevant {
                let done = match &draft {
                    Some(draft) => self.enqueue_draft_in(tx, post, draft)?,
                    None => self.queue_draft_in(tx, post)?,
                };
                queued += usize::from(done);
            }
            Ok::<_, PipelineError>(())
        };
        let mut report = PollReport {
            source: source.name.clone(),
            ..Default::default()
        };
        let (new_posts, prematched, edited) = match end {
            None => {
                let commit = self
                    .store
                    .commit_batch_prematched(&record, at_insert, on_new)?;
                (commit.new_posts, commit.prematched, commit.edited)
            }
            Some(outcome) => {
                let commit = self
                    .store
                    .commit_poll_prematched(&record, at_insert, on_new)?;
                report.complete = true;
                report.error = record.error.clone();
                report.became_unhealthy = commit.became_unhealthy;
                report.pages_fetched = outcome.pages_fetched;
                report.pages_not_modified = outcome.not_modified;
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
                (commit.new_posts, commit.prematched, commit.edited)
            }
        };
        // The posts held back with their INSERT, which `on_new` did not see.
        held_back += new_posts
            .iter()
            .zip(&prematched)
            .filter(|(p, done)| {
                **done && p.relevant && holds_back(p.published_at, record.at, first_poll, window)
            })
            .count();
        report.edited = edited.len();
        report.held_back = held_back;
        report.queued = queued;
        report.new_candidates = candidates;
        // Edits are re-assessed per post, so one failure (logged) does not keep the others.
        for post in &edited {
            if crate::config::is_staff_author(staff, &post.author) {
                if let Err(error) = self.recheck_edited_staff_post(post) {
                    error!(message = "Could not re-check an edited staff post.", source = %post.source, post = %post.id, %error);
                }
                continue;
            }
            if let Err(error) = self.reassess_after_edit(post) {
                error!(message = "Could not re-assess the reply to an edited post.", source = %post.source, post = %post.id, %error);
            }
        }
        for post in &new_posts {
            if let Some(d) = details.remove(post.id.as_str()) {
                report.new_details.insert(post.id.clone(), d);
            }
        }
        report.new = new_posts.len();
        report.new_posts = new_posts;
        if end.is_none() {
            return Ok(report);
        }
        // Work an earlier poll, an older reviewgate or an import left undone: this source's,
        // and the open items of every source when this poll sweeps them.
        let repaired = self.repair_after_poll(&source.name, super::repair::PER_POLL, sweep_items);
        report.swept_items = sweep_items;
        // The example's recorded approvals, so its staff replies meet approved versions.
        self.replay_example_approvals(source);
        // After the repair, so a reply to a post queued just now is judged against its item.
        report.publications = self.check_staff_posts(&source.name);
        report.queued += repaired.queued;
        info!(
            message = "Source polled.",
            source = %source.name,
            new = report.new,
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

/// One batch on its way to the store: the posts and pages, the time the reply window was
/// judged at, and the matching and drafting done before the commit turn.
pub(super) struct Part {
    posts: Vec<(ExtractedPost, bool)>,
    pages: Vec<(String, PageCache)>,
    at: DateTime<Utc>,
    prepared: Prepared,
    /// The poll's last commit also sweeps the open items of every source (see
    /// `pipeline_flow::InFlight::finish`).
    sweep_items: bool,
}

#[cfg(test)]
impl Part {
    /// A batch without pages.
    pub(super) fn new(
        posts: Vec<(ExtractedPost, bool)>,
        at: DateTime<Utc>,
        prepared: Prepared,
    ) -> Part {
        Part {
            posts,
            pages: Vec::new(),
            at,
            prepared,
            sweep_items: false,
        }
    }
}

impl PollReport {
    /// Adds a later report of the same poll: counts are summed, posts are not kept, and the
    /// last report's error, health and page counts are the poll's.
    fn absorb(&mut self, r: PollReport) {
        self.source = r.source;
        self.new += r.new;
        self.edited += r.edited;
        self.queued += r.queued;
        self.held_back += r.held_back;
        if r.complete {
            self.complete = true;
            self.error = r.error;
            self.became_unhealthy = r.became_unhealthy;
            self.swept_items = r.swept_items;
            self.pages_fetched = r.pages_fetched;
            self.pages_not_modified = r.pages_not_modified;
        }
    }
}

/// A batch of the fetcher's outcome as the store's record; with `end`, the poll's last one,
/// which carries the counts and error of the whole poll.
fn poll_record(
    source: &str,
    at: chrono::DateTime<Utc>,
    posts: Vec<(ExtractedPost, bool)>,
    pages: Vec<(String, PageCache)>,
    end: Option<&PollOutcome>,
    empty_is_normal: bool,
) -> PollRecord {
    PollRecord {
        source: source.to_string(),
        at,
        posts: posts
            .into_iter()
            .map(|(post, relevant)| PolledPost { post, relevant })
            .collect(),
        pages: pages
            .into_iter()
            .map(|(url, c)| PageRecord {
                url,
                etag: c.validators.etag,
                last_modified: c.validators.last_modified,
                next: c.next,
                body_hash: c.body_hash,
            })
            .collect(),
        items_found: end.map_or(0, |o| o.items_found as u64),
        pages_fetched: end.map_or(0, |o| o.pages_fetched as u64),
        pages_not_modified: end.map_or(0, |o| o.not_modified as u64),
        error: end.and_then(|o| o.error.as_ref().map(|e| e.to_string())),
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
