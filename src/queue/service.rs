//! The queue service used by both the CLI and Discord: loads an item, asks the policy, and
//! persists the effect together with its audit entry in one transaction. Refusals are audited too.

use chrono::Utc;

use super::policy::{decide, Effect, Refusal, Request, Snapshot};
use super::{Actor, Approval, ItemId, ItemView, MatchState, People, Posted, State, NO_PEOPLE};
use crate::model::{Assessment, Decision, Match, Post};
use crate::store::{ItemRecord, NewItem, Store, StoreError, Tx, VersionRecord};

/// Why a queue call failed.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    /// The policy refused the action; the refusal was recorded in the audit trail.
    #[error("refused: {0}")]
    Refused(#[from] Refusal),
    /// There is no item with this id.
    #[error("queue item {0} not found")]
    NotFound(ItemId),
    /// The item changed while the new reply was being assessed; nothing was written.
    #[error(
        "queue item {0} changed while the reply was being assessed; look at it again and retry"
    )]
    Conflict(ItemId),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The review queue over a store.
#[derive(Debug, Clone, Copy)]
pub struct Queue<'s> {
    store: &'s Store,
    people: &'s People,
}

/// Assesses a reply text (the caller binds the post and account it is about).
pub type Assessor<'a> = &'a dyn Fn(&str) -> Assessment;

/// A short fingerprint of a reply text for the audit trail, which never holds the text itself.
fn fingerprint(text: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(&Sha256::digest(text.as_bytes())[..8])
}

impl<'s> Queue<'s> {
    /// The queue with no configured reviewers: every actor id is its own person.
    pub fn new(store: &'s Store) -> Self {
        Queue {
            store,
            people: &NO_PEOPLE,
        }
    }

    /// The queue counting approvals by the configured reviewers (`[[reviewers]]`).
    pub fn with_people(store: &'s Store, people: &'s People) -> Self {
        Queue { store, people }
    }

    /// The configured reviewers this queue counts approvals by.
    pub fn people(&self) -> &'s People {
        self.people
    }

    /// Adds a pending item at version 1 and audits it. `origin` is who proposed the reply.
    pub fn enqueue(
        &self,
        post: &Post,
        matched: Option<&Match>,
        reply: &str,
        assessment: &Assessment,
        origin: &str,
    ) -> Result<ItemId, QueueError> {
        self.store.write(|tx| {
            let id = tx.insert_item(&NewItem {
                post,
                matched,
                reply,
                assessment,
                origin,
            })?;
            let detail = format!(
                "decision {}; reply {}",
                assessment.decision.as_str(),
                fingerprint(reply)
            );
            tx.append_audit(origin, "enqueue", Some(id), Some(1), &detail)?;
            Ok(id)
        })
    }

    /// Items in one state, or all of them, oldest first.
    pub fn list(&self, state: Option<State>) -> Result<Vec<ItemView>, QueueError> {
        self.store.read_tx(|tx| {
            let items = tx.queue_items(state)?;
            items.into_iter().map(|item| view(tx, item.id)).collect()
        })
    }

    /// One item as reviewers see it.
    pub fn show(&self, id: ItemId) -> Result<ItemView, QueueError> {
        self.store.read_tx(|tx| view(tx, id))
    }

    /// The newest pending or approved item about a post, if any: check before queueing a reply
    /// to an edited post so it is not queued twice.
    pub fn open_item_for_post(
        &self,
        source: &str,
        post_id: &str,
    ) -> Result<Option<ItemId>, QueueError> {
        self.store
            .read_tx(|tx| Ok(tx.open_item_for_post(source, post_id)?))
    }

    /// Approves the given version; needs_review items need two different reviewers with reasons.
    pub fn approve(
        &self,
        id: ItemId,
        version: u32,
        actor: &Actor,
        reason: &str,
    ) -> Result<ItemView, QueueError> {
        self.act(id, Some(version), actor, Request::Approve { reason }, None)
    }

    /// Rejects the item (final).
    pub fn reject(
        &self,
        id: ItemId,
        version: u32,
        actor: &Actor,
        reason: &str,
    ) -> Result<ItemView, QueueError> {
        self.act(id, Some(version), actor, Request::Reject { reason }, None)
    }

    /// Replaces the reply with `text` as a new version, assessed again; approvals start over.
    pub fn rewrite(
        &self,
        id: ItemId,
        version: u32,
        actor: &Actor,
        text: &str,
        assess: Assessor<'_>,
    ) -> Result<ItemView, QueueError> {
        self.act(
            id,
            Some(version),
            actor,
            Request::Rewrite { text },
            Some(assess),
        )
    }

    /// Assesses the current reply again as a new version (its post changed); approvals start over.
    pub fn reassess(
        &self,
        id: ItemId,
        version: u32,
        actor: &Actor,
        assess: Assessor<'_>,
    ) -> Result<ItemView, QueueError> {
        self.act(id, Some(version), actor, Request::Reassess, Some(assess))
    }

    /// Replaces the reply with its redacted form as a new version, assessed again.
    pub fn use_redacted(
        &self,
        id: ItemId,
        version: u32,
        actor: &Actor,
        assess: Assessor<'_>,
    ) -> Result<ItemView, QueueError> {
        self.act(id, Some(version), actor, Request::UseRedacted, Some(assess))
    }

    /// Confirms a candidate match.
    pub fn confirm_match(
        &self,
        id: ItemId,
        version: u32,
        actor: &Actor,
    ) -> Result<ItemView, QueueError> {
        self.act(id, Some(version), actor, Request::ConfirmMatch, None)
    }

    /// "Not this account": drops the link; the reply is assessed again (by `assess`, which must
    /// now assume no account) as a new version.
    pub fn reject_match(
        &self,
        id: ItemId,
        version: u32,
        actor: &Actor,
        assess: Assessor<'_>,
    ) -> Result<ItemView, QueueError> {
        self.act(id, Some(version), actor, Request::RejectMatch, Some(assess))
    }

    /// Records that a human published the approved reply, and where (URL or note).
    pub fn mark_posted(
        &self,
        id: ItemId,
        version: u32,
        actor: &Actor,
        place: &str,
    ) -> Result<ItemView, QueueError> {
        self.act(
            id,
            Some(version),
            actor,
            Request::MarkPosted { place },
            None,
        )
    }

    /// Audits that `actor` opened the item's details (match evidence, account); reviewers only.
    pub fn record_details_view(&self, id: ItemId, actor: &Actor) -> Result<ItemView, QueueError> {
        self.act(id, None, actor, Request::ViewDetails, None)
    }

    /// Audits a refusal decided outside the policy (e.g. an interaction from outside the review channel).
    pub fn record_refusal(
        &self,
        id: Option<ItemId>,
        actor: &Actor,
        action: &str,
        reason: &str,
    ) -> Result<(), QueueError> {
        self.store.write(|tx| {
            tx.append_audit(&actor.id, &format!("refuse:{action}"), id, None, reason)?;
            Ok(())
        })
    }

    /// The text a request would make the new version of, if the policy allows it now.
    fn text_to_assess(
        &self,
        id: ItemId,
        version: Option<u32>,
        actor: &Actor,
        req: &Request<'_>,
    ) -> Result<Option<String>, QueueError> {
        self.store.read_tx(|tx| {
            let (item, current, approvals) = load(tx, id)?;
            Ok(
                match decide(
                    &snapshot(&item, &current, &approvals, self.people),
                    actor,
                    version,
                    req,
                ) {
                    Ok(Effect::NewVersion { text } | Effect::RejectMatch { text }) => Some(text),
                    _ => None,
                },
            )
        })
    }

    fn act(
        &self,
        id: ItemId,
        version: Option<u32>,
        actor: &Actor,
        req: Request<'_>,
        assess: Option<Assessor<'_>>,
    ) -> Result<ItemView, QueueError> {
        // The assessor runs before the write transaction, not inside it: it may read the store
        // through this same handle, which would deadlock under the write lock. The write then
        // re-checks the policy; versions never change once written, so the same version means
        // the same text and the assessment still applies.
        let prepared = match assess {
            Some(assess) => self.text_to_assess(id, version, actor, &req)?.map(|text| {
                let a = assess(&text);
                (text, a)
            }),
            None => None,
        };
        let outcome = self
            .store
            .write(|tx| -> Result<Result<(), Refusal>, QueueError> {
                let (item, current, approvals) = load(tx, id)?;
                let snap = snapshot(&item, &current, &approvals, self.people);
                let effect = match decide(&snap, actor, version, &req) {
                    Ok(effect) => effect,
                    Err(refusal) => {
                        tx.append_audit(
                            &actor.id,
                            &format!("refuse:{}", req.name()),
                            Some(id),
                            version,
                            &refusal.to_string(),
                        )?;
                        return Ok(Err(refusal));
                    }
                };
                let next = item.version + 1;
                let new_version = |text: &str, floor: Decision| -> Result<String, QueueError> {
                    let a = match &prepared {
                        Some((assessed, a)) if assessed == text => a,
                        // The item moved on between assessing and writing (another reviewer).
                        _ => return Err(QueueError::Conflict(id)),
                    };
                    let mut a = a.clone();
                    a.decision = a.decision.max(floor);
                    let a = &a;
                    tx.add_queue_version(id, next, text, a, &actor.id)?;
                    Ok(format!(
                        "version {next}: decision {}; reply {}",
                        a.decision.as_str(),
                        fingerprint(text)
                    ))
                };
                let (audit_version, detail) = match effect {
                    Effect::Approve { completes } => {
                        let reason = match req {
                            Request::Approve { reason } => reason.trim().to_string(),
                            _ => String::new(),
                        };
                        tx.add_queue_approval(
                            id,
                            item.version,
                            &Approval {
                                by: actor.id.clone(),
                                reason: reason.clone(),
                                at: Utc::now(),
                            },
                        )?;
                        if completes {
                            tx.set_queue_state(id, State::Approved)?;
                        }
                        (item.version, reason)
                    }
                    Effect::Reject => {
                        tx.set_queue_state(id, State::Rejected)?;
                        let reason = match req {
                            Request::Reject { reason } => reason.trim().to_string(),
                            _ => String::new(),
                        };
                        (item.version, reason)
                    }
                    Effect::NewVersion { text } => (next, new_version(&text, Decision::Routine)?),
                    Effect::ConfirmMatch => {
                        tx.set_queue_match(id, MatchState::Confirmed, item.matched.as_ref())?;
                        (item.version, String::new())
                    }
                    Effect::RejectMatch { text } => {
                        tx.set_queue_match(id, MatchState::Rejected, None)?;
                        // Dropping the account must not lower the bar: otherwise one reviewer
                        // could turn a disclosure into a routine reply and approve it alone.
                        (next, new_version(&text, current.assessment.decision)?)
                    }
                    Effect::MarkPosted => {
                        let place = match req {
                            Request::MarkPosted { place } => place.trim().to_string(),
                            _ => String::new(),
                        };
                        tx.set_queue_posted(
                            id,
                            &Posted {
                                by: actor.id.clone(),
                                place: place.clone(),
                                at: Utc::now(),
                            },
                        )?;
                        (item.version, place)
                    }
                    Effect::ViewDetails => (item.version, String::new()),
                };
                tx.append_audit(
                    &actor.id,
                    req.name(),
                    Some(id),
                    Some(audit_version),
                    &detail,
                )?;
                Ok(Ok(()))
            })?;
        if let Err(refusal) = &outcome {
            metrics::counter!("reviewgate_refusals_total", "reason" => refusal_label(refusal))
                .increment(1);
        }
        outcome?;
        let view = self.show(id)?;
        count_decision(req.name(), &view);
        Ok(view)
    }
}

/// The item, its current version and that version's approvals.
fn load(tx: &Tx<'_>, id: ItemId) -> Result<(ItemRecord, VersionRecord, Vec<Approval>), QueueError> {
    let item = tx.queue_item(id)?.ok_or(QueueError::NotFound(id))?;
    let current = tx.queue_version(id, item.version)?;
    let approvals = tx.queue_approvals(id, item.version)?;
    Ok((item, current, approvals))
}

fn snapshot<'a>(
    item: &ItemRecord,
    current: &'a VersionRecord,
    approvals: &'a [Approval],
    people: &'a People,
) -> Snapshot<'a> {
    Snapshot {
        state: item.state,
        version: item.version,
        decision: current.assessment.decision,
        match_state: item.match_state,
        approvals,
        text: &current.text,
        redacted: &current.assessment.redacted,
        people,
    }
}

fn view(tx: &Tx<'_>, id: ItemId) -> Result<ItemView, QueueError> {
    let item = tx.queue_item(id)?.ok_or(QueueError::NotFound(id))?;
    let versions = tx.queue_versions(id)?;
    let current = versions
        .iter()
        .find(|v| v.version == item.version)
        .cloned()
        .ok_or_else(|| QueueError::NotFound(id))?;
    let approvals = tx.queue_approvals(id, item.version)?;
    let post = tx.post(&item.source, &item.post_id)?;
    Ok(ItemView::build(
        item,
        current,
        approvals,
        &versions,
        post.as_ref(),
    ))
}

/// Counts a queue action that went through; a final one also times post-to-decision.
fn count_decision(action: &'static str, view: &ItemView) {
    metrics::counter!("reviewgate_decisions_total", "action" => action, "decision" => view.decision.as_str())
        .increment(1);
    if matches!(view.state, State::Approved | State::Rejected)
        && matches!(action, "approve" | "reject")
    {
        let waited = (Utc::now() - view.created_at).num_milliseconds() as f64;
        metrics::histogram!("reviewgate_post_to_decision_seconds").record(waited / 1000.0);
    }
}

/// A fixed label per kind of refusal, for `reviewgate_refusals_total{reason}`.
fn refusal_label(refusal: &Refusal) -> &'static str {
    match refusal {
        Refusal::NotReviewer { .. } => "not_reviewer",
        Refusal::StaleVersion { .. } => "stale_version",
        Refusal::WrongState { .. } => "wrong_state",
        Refusal::Blocked => "blocked",
        Refusal::RoutineOnly { .. } => "routine_only",
        Refusal::ReasonRequired => "reason_required",
        Refusal::SameReviewer { .. } => "same_reviewer",
        Refusal::MatchUnconfirmed => "match_unconfirmed",
        _ => "other",
    }
}
