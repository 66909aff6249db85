//! The pipeline's parts and the steps every path shares: the HTTP client, the store, the
//! matcher over the current accounts, the assessor, and drafting a reply into the queue. Below
//! the poll (`pipeline`), the repair sweep (`repair`) and `backfill`, which all build on it.

use std::sync::{Arc, RwLock};

use tracing::{info, warn};

use crate::assess::{AssessInput, Assessor};
use crate::config::LoadedConfig;
use crate::http::HttpClient;
use crate::matching::Matcher;
use crate::model::{Assessment, Customer, MatchStatus, Post};
use crate::queue::{Queue, QueueError};
use crate::store::{NewItem, OutboxKind, Store, Tx};

/// Who proposed a reply the bot drafted, as recorded in the queue and audit trail.
pub const DRAFT_ORIGIN: &str = "bot:draft";

/// Why the pipeline could not be set up or a poll could not be committed.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The store failed; nothing of this poll was committed.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// The HTTP client could not be built from `[http]`.
    #[error(transparent)]
    Http(#[from] crate::http::HttpError),
    /// The assessment vocabulary in `[assess]` is invalid.
    #[error(transparent)]
    Assess(#[from] crate::assess::AssessError),
    /// A queue operation failed.
    #[error(transparent)]
    Queue(#[from] crate::queue::QueueError),
    /// The runtime shut down before the poll's store work ran; nothing was committed.
    #[error("interrupted by shutdown before the poll was committed")]
    Interrupted,
}

/// Everything a poll needs, shared by `scan --once` and the scheduler of `run`. Cheap to
/// clone (clones share the client, store, matcher and assessor), so the store and CPU work
/// of a poll can move to the blocking pool.
#[derive(Clone)]
pub struct Pipeline {
    pub config: Arc<LoadedConfig>,
    pub client: HttpClient,
    pub store: Arc<Store>,
    /// The matcher and the accounts version it was built at.
    matcher: Arc<RwLock<(i64, Arc<Matcher>)>>,
    pub assessor: Arc<Assessor>,
    /// What the polls in flight share, so memory and threads stay bounded whatever the
    /// number of sources (see [`super::pipeline_flow`]).
    pub(super) flow: super::pipeline_flow::Flow,
    /// The address the example server of this invocation bound, when `scan` asks for the
    /// example's recorded approvals to be replayed (`replaying_example_approvals`); `run` and
    /// every other path leave it unset, so the file is never read there.
    pub(super) example_replay: Option<std::net::SocketAddr>,
}

impl Pipeline {
    /// Builds the HTTP client, the matcher over the stored accounts and the assessor.
    pub fn new(config: Arc<LoadedConfig>, store: Arc<Store>) -> Result<Pipeline, PipelineError> {
        let client = HttpClient::new(&config.config.http)?;
        // The plans the stored accounts share are products, read once at the start.
        let assessor = Arc::new(
            Assessor::new(&config.config.assess, &config.config.service)?
                .with_account_plans(store.plan_counts(Assessor::MAX_PLANS)?),
        );
        let version = store.customers_version()?;
        let matcher = build_matcher(&config, &store)?;
        let flow = super::pipeline_flow::Flow::new(config.config.store.pages_in_hand);
        Ok(Pipeline {
            config,
            client,
            store,
            matcher: Arc::new(RwLock::new((version, Arc::new(matcher)))),
            assessor,
            flow,
            example_replay: None,
        })
    }

    /// The matcher over the current accounts: rebuilt first when an import or purge (from
    /// this process or the CLI) changed them since it was built, so purged accounts are
    /// never matched again.
    pub fn matcher(&self) -> Result<Arc<Matcher>, PipelineError> {
        let version = self.store.customers_version()?;
        {
            let current = self.matcher.read().unwrap_or_else(|e| e.into_inner());
            if current.0 == version {
                return Ok(current.1.clone());
            }
        }
        let mut slot = self.matcher.write().unwrap_or_else(|e| e.into_inner());
        if slot.0 != version {
            info!(
                message = "Accounts changed; rebuilding the matcher.",
                from = slot.0,
                to = version
            );
            *slot = (version, Arc::new(build_matcher(&self.config, &self.store)?));
        }
        Ok(slot.1.clone())
    }

    /// Drafts a reply to a relevant post from the first template, assesses it against the
    /// post's account and queues it for review (and for Discord), inside `tx`. Returns false
    /// when no template is configured or the post already has an open item.
    pub(super) fn queue_draft_in(&self, tx: &Tx<'_>, post: &Post) -> Result<bool, PipelineError> {
        if self.config.config.drafts.templates.is_empty() {
            return Ok(false);
        }
        let mut customers: Vec<Customer> = match post.matched.as_ref() {
            Some(m) if matches!(m.status, MatchStatus::Linked | MatchStatus::Candidate) => {
                tx.customer(&m.customer_id)?.into_iter().collect()
            }
            _ => Vec::new(),
        };
        // Every ranked candidate too: the post may be by any of them.
        for c in tx.post_candidates(&post.source, &post.id)? {
            if customers.iter().all(|a| a.id != c.customer_id) {
                customers.extend(tx.customer(&c.customer_id)?);
            }
        }
        match self.draft_reply(post, &customers) {
            Some(draft) => self.enqueue_draft_in(tx, post, &draft),
            None => Ok(false),
        }
    }

    /// The first template's reply to `post`, assessed against `customers` (its matched account
    /// and ranked candidates); `None` when no template is configured. Pure CPU work, so the
    /// pipeline runs it before a batch's commit turn.
    pub(super) fn draft_reply(&self, post: &Post, customers: &[Customer]) -> Option<DraftedReply> {
        let cfg = &self.config.config;
        let template = cfg.drafts.templates.first()?;
        let reply = self
            .assessor
            .render_draft(template, &post.author, &cfg.service.name);
        let assessment = super::assessing::assess_against_all(
            &self.assessor,
            customers,
            &post.author,
            &post.text,
            &reply,
        );
        if assessment.decision != crate::model::Decision::Routine {
            warn!(
                message = "A bot draft did not assess as routine; it is queued and held for review.",
                source = %post.source, post = %post.id, template = %template.name,
                decision = assessment.decision.as_str(),
            );
        }
        Some(DraftedReply { reply, assessment })
    }

    /// Queues a drafted reply to `post` (and its Discord review message) inside `tx`. Returns
    /// false when the post already has an open item.
    pub(super) fn enqueue_draft_in(
        &self,
        tx: &Tx<'_>,
        post: &Post,
        draft: &DraftedReply,
    ) -> Result<bool, PipelineError> {
        let new = NewItem {
            post,
            matched: post.matched.as_ref(),
            reply: &draft.reply,
            assessment: &draft.assessment,
            origin: DRAFT_ORIGIN,
        };
        let id = match Queue::enqueue_in(tx, &new) {
            Ok(id) => id,
            // Another writer queued it first: one item per post, nothing to add.
            Err(QueueError::AlreadyQueued { .. }) => return Ok(false),
            Err(e) => return Err(e.into()),
        };
        if self.config.config.discord.is_some() {
            // The review message is part of the same commit; the delivery loop posts it.
            tx.outbox_push(OutboxKind::Post, Some(id), "{}")?;
        }
        Ok(true)
    }

    /// Assesses a reply to `post` against the account it is linked or a candidate for.
    pub fn assess(&self, post: &Post, customer: Option<&Customer>, reply: &str) -> Assessment {
        self.assessor.assess(&AssessInput {
            customer,
            post_author: &post.author,
            post_text: &post.text,
            reply,
        })
    }
}

/// A bot reply drafted from a template and assessed, not yet queued.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct DraftedReply {
    pub(super) reply: String,
    pub(super) assessment: Assessment,
}

/// Builds the matcher over every stored account, streaming them so a million accounts
/// are never all held as `Customer` values at once.
pub fn build_matcher(config: &LoadedConfig, store: &Store) -> Result<Matcher, PipelineError> {
    let started = std::time::Instant::now();
    let mut b = Matcher::builder(&config.config.matching, &config.config.service.domains);
    // Weights applied with `match weights --apply`, read each time the matcher is built.
    b.learned(&store.match_weights()?);
    let n = store.for_each_customer(|c| b.add(&c))?;
    let m = b.build();
    info!(
        message = "Matcher built.",
        accounts = n,
        ms = started.elapsed().as_millis() as u64
    );
    Ok(m)
}
