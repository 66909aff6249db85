//! A batch's CPU work done before its commit turn: the new posts' matches and, for the ones
//! the reply window lets through, their drafted and assessed replies. Batches of several
//! polls are prepared at once on the CPU slots, so the one-at-a-time commit holds only SQLite
//! work; the commit uses what still holds and does the rest itself.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use chrono::{DateTime, Utc};

use super::window::holds_back;
use super::work::{DraftedReply, Pipeline, PipelineError};
use crate::model::{Customer, ExtractedPost, MatchStatus, Post, Ranked};
use crate::store::Tx;

/// What was prepared for a batch's new posts, against one version of the accounts. Nothing
/// here is stored: a crash before the commit loses it and the next poll reads the pages
/// again (they are remembered only with their posts).
#[derive(Default)]
pub(super) struct Prepared {
    /// The accounts version the matches were made against (`None`: nothing prepared).
    version: Option<i64>,
    /// Whether `version` is still the store's, checked once inside the commit's transaction.
    current: Option<bool>,
    posts: HashMap<String, PreparedPost>,
}

/// One new post's match and draft, and what they were made from.
pub(super) struct PreparedPost {
    fingerprint: u64,
    pub(super) ranked: Ranked,
    /// The reply to queue, when the post was relevant and inside the reply window.
    pub(super) draft: Option<DraftedReply>,
}

/// What a post's match and draft depend on: its author, text and relevance.
fn fingerprint(author: &str, text: &str, relevant: bool) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (author, text, relevant).hash(&mut h);
    h.finish()
}

impl Prepared {
    /// The work prepared for `post` as the commit stored it, if it still holds: made against
    /// the accounts as they are inside `tx` (an import or purge in between voids all of it,
    /// so no post is linked to a purged account) and from the same author, text and relevance.
    pub(super) fn take(
        &mut self,
        tx: &Tx<'_>,
        post: &Post,
    ) -> Result<Option<PreparedPost>, PipelineError> {
        self.take_if(tx, post, |_| true)
    }

    /// [`Prepared::take`], but only work that `wanted` accepts is taken; the rest stays.
    pub(super) fn take_if(
        &mut self,
        tx: &Tx<'_>,
        post: &Post,
        wanted: impl FnOnce(&PreparedPost) -> bool,
    ) -> Result<Option<PreparedPost>, PipelineError> {
        let Some(version) = self.version else {
            return Ok(None);
        };
        let Some(found) = self.posts.get(post.id.as_str()) else {
            return Ok(None);
        };
        // Made from another text (a later sighting's, kept for it), or not wanted here.
        if found.fingerprint != fingerprint(&post.author, &post.text, post.relevant)
            || !wanted(found)
        {
            return Ok(None);
        }
        let current = match self.current {
            Some(current) => current,
            None => *self.current.insert(tx.customers_version()? == version),
        };
        if !current {
            return Ok(None);
        }
        Ok(self.posts.remove(post.id.as_str()))
    }
}

impl Pipeline {
    /// Matches the posts of a batch of source `index` that are not stored yet and drafts and
    /// assesses a reply to each relevant one the reply window (at `at`) lets through. Reads
    /// the store, writes nothing. Blocking CPU work: run it on a CPU slot.
    pub(super) fn prepare_batch(
        &self,
        index: usize,
        posts: &[(ExtractedPost, bool)],
        at: DateTime<Utc>,
        first_poll: bool,
    ) -> Result<Prepared, PipelineError> {
        let cfg = &self.config.config;
        let source = &cfg.sources[index];
        let staff = cfg.staff_authors_for(source);
        let window = cfg.reply_window_for(source);
        // A post seen twice in a batch is stored as its last sighting.
        let mut last: HashMap<&str, usize> = HashMap::with_capacity(posts.len());
        for (i, (p, _)) in posts.iter().enumerate() {
            last.insert(p.id.as_str(), i);
        }
        // On a source's first poll nothing of it was stored before this poll; a post an
        // earlier batch of it stored is only prepared in vain.
        let stored = if first_poll {
            HashSet::new()
        } else {
            self.store
                .stored_post_ids(&source.name, last.keys().copied())?
        };
        let version = self.store.customers_version()?;
        let matcher = self.matcher()?;
        let drafting = !cfg.drafts.templates.is_empty();
        let mut accounts: HashMap<String, Option<Customer>> = HashMap::new();
        let mut prepared = HashMap::with_capacity(last.len());
        for (i, (p, relevant)) in posts.iter().enumerate() {
            let id = p.id.as_str();
            if last.get(id) != Some(&i)
                || stored.contains(id)
                || crate::config::is_staff_author(staff, &p.author)
            {
                continue;
            }
            let ranked = matcher.match_ranked(&p.author, &p.text);
            let held = *relevant && holds_back(p.published_at, at, first_poll, window);
            let draft = if *relevant && !held && drafting {
                let customers = self.accounts_of(&ranked, &mut accounts)?;
                let post = Post {
                    source: source.name.clone(),
                    id: p.id.clone(),
                    url: None,
                    author: p.author.clone(),
                    published_at: p.published_at,
                    text: p.text.clone(),
                    quotes: Vec::new(),
                    relevant: *relevant,
                    truncated: p.truncated,
                    matched: ranked.matched.clone(),
                };
                self.draft_reply(&post, &customers)
            } else {
                None
            };
            let fingerprint = fingerprint(&p.author, &p.text, *relevant);
            prepared.insert(
                p.id.clone(),
                PreparedPost {
                    fingerprint,
                    ranked,
                    draft,
                },
            );
        }
        Ok(Prepared {
            version: Some(version),
            current: None,
            posts: prepared,
        })
    }

    /// The accounts a draft is assessed against, as `queue_draft_in` reads them: the matched
    /// (linked or candidate) account, then every ranked candidate's. `cache` keeps the batch's
    /// reads.
    fn accounts_of(
        &self,
        ranked: &Ranked,
        cache: &mut HashMap<String, Option<Customer>>,
    ) -> Result<Vec<Customer>, PipelineError> {
        let matched = ranked
            .matched
            .as_ref()
            .filter(|m| matches!(m.status, MatchStatus::Linked | MatchStatus::Candidate))
            .map(|m| m.customer_id.as_str());
        let ids = matched
            .into_iter()
            .chain(ranked.candidates.iter().map(|c| c.customer_id.as_str()));
        let mut customers: Vec<Customer> = Vec::new();
        for id in ids {
            if customers.iter().any(|c| c.id == id) {
                continue;
            }
            if !cache.contains_key(id) {
                cache.insert(id.to_string(), self.store.customer(id)?);
            }
            customers.extend(cache[id].clone());
        }
        Ok(customers)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use chrono::NaiveDate;

    use super::*;
    use crate::model::{AccountStatus, Decision, Finding, Match};
    use crate::queue::Queue;
    use crate::store::Store;

    const CONFIG: &str = "[service]\nname = \"Smart Security Scan\"\n\
        [[drafts.templates]]\nname = \"thanks\"\ntext = \"Thank you, {author}.\"\n\
        [[sources]]\nname = \"forum\"\nkind = \"html\"\nurl = \"http://127.0.0.1:9/t\"\n\
        keywords = [\"smart security scan\"]\n[sources.select]\nitem = \"div.post\"\n\
        author = \"a\"\ntext = \"p\"\n";

    fn account(id: &str, name: &str, email: &str, status: AccountStatus) -> Customer {
        Customer {
            id: id.into(),
            name: name.into(),
            emails: vec![email.into()],
            hosts: Vec::new(),
            status,
            plan: None,
            created_at: None,
            cancelled_at: (status == AccountStatus::Cancelled)
                .then(|| NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()),
            facts: Default::default(),
        }
    }

    fn import(store: &Store, accounts: Vec<Customer>) {
        store
            .import_customers(accounts.into_iter().map(Ok::<_, std::io::Error>), |_| {})
            .unwrap();
    }

    fn pipeline() -> Pipeline {
        let cfg = crate::config::load_str(Path::new("t.toml"), CONFIG).unwrap();
        let store = Arc::new(Store::open_in_memory().unwrap());
        import(
            &store,
            vec![
                account(
                    "C-1",
                    "Ann Example",
                    "ann@acme-shop.de",
                    AccountStatus::Active,
                ),
                account("C-2", "Bo Twin", "bo@twin-one.de", AccountStatus::Active),
                account("C-3", "Bo Twin", "bo@twin-two.de", AccountStatus::Active),
            ],
        );
        Pipeline::new(Arc::new(cfg), store).unwrap()
    }

    fn post(id: &str, author: &str, text: &str, days_old: i64) -> (ExtractedPost, bool) {
        let relevant = text.contains("Smart Security Scan");
        let post = ExtractedPost {
            id: id.into(),
            url: None,
            author: author.into(),
            published_at: Some(Utc::now() - chrono::Duration::days(days_old)),
            text: text.into(),
            quotes: Vec::new(),
            truncated: false,
            details: Default::default(),
        };
        (post, relevant)
    }

    /// Recent and old, linked, ambiguous, unmatched and irrelevant posts, one seen twice.
    fn batch() -> Vec<(ExtractedPost, bool)> {
        vec![
            post(
                "1",
                "ann",
                "Smart Security Scan found my ann@acme-shop.de leak.",
                1,
            ),
            post("2", "Bo Twin", "Smart Security Scan works for me.", 1),
            post(
                "3",
                "ann",
                "Smart Security Scan, ann@acme-shop.de, years ago.",
                400,
            ),
            post("4", "zed", "Smart Security Scan is fine.", 2),
            post("5", "zed", "Nothing to do with it, ann@acme-shop.de.", 2),
            post(
                "4",
                "zed",
                "Smart Security Scan is fine, edited on a later page.",
                2,
            ),
        ]
    }

    type Stored = (Option<Match>, Vec<crate::model::Candidate>);
    type Item = (String, Option<String>, String, Decision, Vec<Finding>);

    /// Commits `posts` as one batch, with `prepared`; returns every post's match and
    /// candidates and every queue item, and the report's counts.
    fn commit(
        p: &Pipeline,
        posts: Vec<(ExtractedPost, bool)>,
        at: DateTime<Utc>,
        prepared: Prepared,
    ) -> (Vec<Stored>, Vec<Item>, (usize, usize, usize)) {
        let part = super::super::pipeline::Part::new(posts, at, prepared);
        let report = p.commit_part(0, part, None, true).unwrap();
        let stored = ["1", "2", "3", "4", "5"]
            .iter()
            .map(|id| {
                let post = p.store.post("forum", id).unwrap().unwrap();
                (post.matched, p.store.post_candidates("forum", id).unwrap())
            })
            .collect();
        let mut items: Vec<Item> = Queue::new(&p.store)
            .list(None)
            .unwrap()
            .into_iter()
            .map(|i| (i.post_id, i.customer_id, i.reply, i.decision, i.findings))
            .collect();
        items.sort_by(|a, b| a.0.cmp(&b.0));
        (stored, items, (report.new, report.queued, report.held_back))
    }

    #[test]
    fn matching_before_the_commit_turn_stores_what_matching_in_it_did() {
        let at = Utc::now();
        let (before, inline) = (pipeline(), pipeline());
        let prepared = before.prepare_batch(0, &batch(), at, true).unwrap();
        let early = commit(&before, batch(), at, prepared);
        let late = commit(&inline, batch(), at, Prepared::default());
        assert_eq!(early, late);
        let (stored, items, counts) = early;
        // The case covers a link, a held-back post and drafts.
        assert_eq!(
            stored[0].0.as_ref().map(|m| m.customer_id.as_str()),
            Some("C-1")
        );
        assert_eq!(counts, (5, 3, 1), "new, queued, held back");
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].1.as_deref(), Some("C-1"));
    }

    #[test]
    fn posts_stored_with_their_match_in_the_insert_read_back_as_matched_after_it() {
        // Held-back and irrelevant posts prepared before the commit turn are stored with their
        // match in one INSERT; the inline path stores the same posts, then updates them.
        let at = Utc::now();
        let (before, inline) = (pipeline(), pipeline());
        let posts = batch();
        let prepared = before.prepare_batch(0, &posts, at, true).unwrap();
        let early = commit(&before, posts.clone(), at, prepared);
        let late = commit(&inline, posts, at, Prepared::default());
        assert_eq!(early, late);
        let rows = |p: &Pipeline| {
            let posts: Vec<_> = ["1", "2", "3", "4", "5"]
                .iter()
                .map(|id| p.store.post("forum", id).unwrap().unwrap())
                .collect();
            (
                posts,
                p.store.held_back_counts().unwrap(),
                p.store.posts_never_matched(None, 10).unwrap().len(),
                p.store
                    .posts_unmatched_since(at - chrono::Duration::days(1))
                    .unwrap(),
            )
        };
        let stored = rows(&before);
        assert_eq!(stored, rows(&inline));
        let (posts, held, never, _) = stored;
        assert_eq!(held.get("forum"), Some(&1), "the old post is held back");
        assert_eq!(never, 0, "every post went through the matcher");
        assert_eq!(
            posts[2].matched.as_ref().map(|m| m.customer_id.as_str()),
            Some("C-1"),
            "the held-back post is matched"
        );
        assert!(posts[4].matched.is_some(), "the irrelevant post is matched");
    }

    #[test]
    fn preparing_writes_nothing_so_a_crash_before_the_commit_loses_nothing() {
        let at = Utc::now();
        let p = pipeline();
        let prepared = p.prepare_batch(0, &batch(), at, true).unwrap();
        assert_eq!(prepared.posts.len(), 5, "one per post id");
        let drafts = prepared
            .posts
            .values()
            .filter(|p| p.draft.is_some())
            .count();
        assert_eq!(
            drafts, 3,
            "the recent relevant posts are drafted before the commit"
        );
        // The process dies here: nothing of the batch is stored, no page is remembered, so
        // the next poll reads the pages again and does all of it in its commit.
        drop(prepared);
        assert_eq!(p.store.post_count().unwrap(), 0);
        assert!(p.store.page_cache("forum").unwrap().is_empty());
        assert!(Queue::new(&p.store).list(None).unwrap().is_empty());
        let (_, items, counts) = commit(&p, batch(), at, Prepared::default());
        assert_eq!(counts, (5, 3, 1));
        assert_eq!(items.len(), 3);
    }

    #[test]
    fn work_prepared_before_accounts_changed_is_done_again_in_the_commit() {
        let at = Utc::now();
        let p = pipeline();
        let prepared = p.prepare_batch(0, &batch(), at, true).unwrap();
        // Between preparing and the commit turn, the linked account is cancelled and purged.
        import(
            &p.store,
            vec![account(
                "C-1",
                "Ann Example",
                "ann@acme-shop.de",
                AccountStatus::Cancelled,
            )],
        );
        p.store
            .purge_cancelled(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap())
            .unwrap();
        let (stored, items, _) = commit(&p, batch(), at, prepared);
        assert!(
            stored.iter().all(|(m, c)| {
                m.as_ref().is_none_or(|m| m.customer_id != "C-1")
                    && c.iter().all(|c| c.customer_id != "C-1")
            }),
            "a purged account is never linked: {stored:?}"
        );
        assert!(items.iter().all(|i| i.1.as_deref() != Some("C-1")));
    }

    #[test]
    fn a_post_whose_text_changed_since_it_was_prepared_is_matched_again() {
        let at = Utc::now();
        let p = pipeline();
        let prepared = p
            .prepare_batch(
                0,
                &[post("1", "zed", "Smart Security Scan rocks.", 1)],
                at,
                true,
            )
            .unwrap();
        let later = post(
            "1",
            "zed",
            "Smart Security Scan rocks, ann@acme-shop.de.",
            1,
        );
        let part = super::super::pipeline::Part::new(vec![later], at, prepared);
        p.commit_part(0, part, None, true).unwrap();
        let stored = p.store.post("forum", "1").unwrap().unwrap();
        assert_eq!(
            stored.matched.map(|m| m.customer_id).as_deref(),
            Some("C-1")
        );
    }
}
