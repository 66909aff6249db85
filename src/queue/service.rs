//! The queue service used by both the CLI and Discord: loads an item, asks the policy, and
//! persists the effect together with its audit entry in one transaction. Refusals are audited too.

use chrono::Utc;

use super::policy::{decide, Effect, Refusal, Request, Snapshot};
use super::{
    Actor, Approval, Flag, FlagCase, FlagKind, ItemId, ItemView, MatchState, People, Posted, State,
    NO_PEOPLE,
};
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
    /// The post already has an open item: at most one per post (the schema enforces it too).
    #[error(
        "post {source_name}/{post_id} already has open queue item {existing}; nothing was queued"
    )]
    AlreadyQueued {
        source_name: String,
        post_id: String,
        existing: ItemId,
    },
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
    /// Refused with [`QueueError::AlreadyQueued`] when the post already has an open item.
    pub fn enqueue(
        &self,
        post: &Post,
        matched: Option<&Match>,
        reply: &str,
        assessment: &Assessment,
        origin: &str,
    ) -> Result<ItemId, QueueError> {
        self.store.write(|tx| {
            Queue::enqueue_in(
                tx,
                &NewItem {
                    post,
                    matched,
                    reply,
                    assessment,
                    origin,
                },
            )
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

    /// One of the ranked candidates is the poster's account: the item is linked to it,
    /// confirmed. The reply keeps its version: it was assessed against every candidate already.
    pub fn confirm_candidate(
        &self,
        id: ItemId,
        version: u32,
        actor: &Actor,
        customer_id: &str,
    ) -> Result<ItemView, QueueError> {
        self.act(
            id,
            Some(version),
            actor,
            Request::ConfirmCandidate { customer_id },
            None,
        )
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

    /// Links an open item that has no account to the match its post has now (found after the
    /// item was queued: a repaired crash, an import) and assesses its current reply again with
    /// that account. The decision only goes up: a new, stricter version resets approvals; an
    /// equal verdict keeps the version. Returns `None` when there is nothing to do (the item is
    /// closed, already linked, its link was rejected by a reviewer, or the post has no match).
    /// `assess` must judge the text against the post's account (as `control::item_assessor` does).
    pub fn relink(
        &self,
        id: ItemId,
        actor: &Actor,
        assess: Assessor<'_>,
    ) -> Result<Option<ItemView>, QueueError> {
        let target =
            |tx: &Tx<'_>| -> Result<Option<(ItemRecord, VersionRecord, Match)>, QueueError> {
                let (item, current, approvals) = load(tx, id)?;
                let snap = snapshot(&item, &current, &approvals, &[], self.people);
                let open = decide(&snap, actor, Some(item.version), &Request::Reassess).is_ok();
                if !open || item.match_state != MatchState::None || item.customer_id.is_some() {
                    return Ok(None);
                }
                let matched = tx
                    .post(&item.source, &item.post_id)?
                    .and_then(|p| p.matched);
                Ok(matched.map(|m| (item, current, m)))
            };
        let Some((_, seen, _)) = self.store.read_tx(target)? else {
            return Ok(None);
        };
        // Assessed outside the write lock (the assessor reads the store); checked below.
        let assessed = assess(&seen.text);
        let changed = self.store.write(|tx| -> Result<bool, QueueError> {
            let Some((item, current, matched)) = target(tx)? else {
                return Ok(false);
            };
            if current.version != seen.version {
                return Err(QueueError::Conflict(id));
            }
            let state = match matched.status {
                crate::model::MatchStatus::Linked => MatchState::Linked,
                crate::model::MatchStatus::Candidate => MatchState::Candidate,
            };
            tx.set_queue_match(id, state, Some(&matched))?;
            let a = &assessed;
            let was = &current.assessment;
            // Only a stricter verdict (or the same one on other findings) makes a new version;
            // a milder one is ignored: linking never lowers the bar.
            let raise = a.decision > was.decision
                || (a.decision == was.decision && a.findings != was.findings);
            let (version, detail) = if !raise {
                let detail = format!(
                    "post now {} to an account; decision {} kept",
                    state.as_str(),
                    was.decision.as_str()
                );
                (item.version, detail)
            } else {
                let next = item.version + 1;
                tx.add_queue_version(id, next, &current.text, a, &actor.id)?;
                let detail = format!(
                    "post now {} to an account; version {next}: decision {} (was {}); reply {}",
                    state.as_str(),
                    a.decision.as_str(),
                    current.assessment.decision.as_str(),
                    fingerprint(&current.text)
                );
                (next, detail)
            };
            // The account id stays out of the trail: it is append-only, and a purged account
            // must leave no trace.
            tx.append_audit(&actor.id, "relink", Some(id), Some(version), &detail)?;
            Ok(true)
        })?;
        if changed {
            self.show(id).map(Some)
        } else {
            Ok(None)
        }
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

    /// Flags the gate's decision on `version` as having missed something or as too strict,
    /// with a note saying what; stored and audited, the item itself is unchanged.
    pub fn flag(
        &self,
        id: ItemId,
        version: u32,
        actor: &Actor,
        kind: FlagKind,
        note: &str,
    ) -> Result<ItemView, QueueError> {
        self.act(id, Some(version), actor, Request::Flag { kind, note }, None)
    }

    /// Every flag, oldest first, as labelled `assess` inputs.
    pub fn flag_cases(&self) -> Result<Vec<FlagCase>, QueueError> {
        self.store.read_tx(|tx| {
            tx.queue_flags()?
                .into_iter()
                .map(|flag| flag_case(tx, flag))
                .collect()
        })
    }

    /// Every reviewer decision on a match (confirmed, rejected, another candidate chosen) as
    /// labelled pairs, oldest item first, with who decided and when.
    pub fn labelled_pairs(&self) -> Result<Vec<super::LabelledPair>, QueueError> {
        let decided: Vec<(ItemView, Option<Post>)> = self.store.read_tx(|tx| {
            let mut out = Vec::new();
            for item in tx.queue_items(None)? {
                if !matches!(
                    item.match_state,
                    MatchState::Confirmed | MatchState::Rejected
                ) {
                    continue;
                }
                let post = tx.post(&item.source, &item.post_id)?;
                out.push((view(tx, item.id)?, post));
            }
            Ok::<_, QueueError>(out)
        })?;
        let mut pairs = Vec::new();
        for (view, post) in decided {
            let decision = self
                .store
                .audit_entries(Some(view.id))?
                .into_iter()
                .rev()
                .find(|e| matches!(e.action.as_str(), "confirm_match" | "reject_match"));
            for mut pair in super::pairs_of(&view, post.as_ref()) {
                if let Some(e) = &decision {
                    pair.by = Some(e.actor.clone());
                    pair.at = Some(e.at);
                }
                pairs.push(pair);
            }
        }
        Ok(pairs)
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
            let ids = candidate_ids(tx, &item)?;
            Ok(
                match decide(
                    &snapshot(&item, &current, &approvals, &ids, self.people),
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
                let ids = candidate_ids(tx, &item)?;
                let snap = snapshot(&item, &current, &approvals, &ids, self.people);
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
                    Effect::ConfirmCandidate { customer_id } => {
                        let listed = tx.post_candidates(&item.source, &item.post_id)?;
                        let Some(rank) = listed.iter().position(|c| c.customer_id == customer_id)
                        else {
                            // The policy saw it listed in this same transaction.
                            return Err(QueueError::Conflict(id));
                        };
                        let c = &listed[rank];
                        let chosen = Match {
                            customer_id: c.customer_id.clone(),
                            confidence: c.confidence,
                            status: crate::model::MatchStatus::Candidate,
                            evidence: c.evidence.clone(),
                        };
                        tx.set_queue_match(id, MatchState::Confirmed, Some(&chosen))?;
                        // The rank, never the account id: the trail can not be purged.
                        let detail = format!("candidate {} of {}", rank + 1, listed.len());
                        (item.version, detail)
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
                    Effect::Flag { kind, expected } => {
                        let note = match req {
                            Request::Flag { note, .. } => note.trim(),
                            _ => "",
                        };
                        let decision = current.assessment.decision;
                        tx.add_queue_flag(&Flag {
                            item_id: id,
                            version: item.version,
                            kind,
                            decision,
                            expected,
                            note: note.to_string(),
                            by: actor.id.clone(),
                            at: Utc::now(),
                        })?;
                        // The note may quote account data and the trail can not be purged:
                        // it holds the note's fingerprint, the flags table the note.
                        let detail = format!(
                            "{kind}: gate said {}, reviewer expects {}; note {}",
                            decision.as_str(),
                            expected.as_str(),
                            fingerprint(note)
                        );
                        (item.version, detail)
                    }
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

impl Queue<'_> {
    /// [`Queue::enqueue`] inside a transaction the caller holds (the pipeline stores a post,
    /// its match and its item together). The check and the insert share the write lock, so
    /// two processes can not both queue the same post.
    pub fn enqueue_in(tx: &Tx<'_>, new: &NewItem<'_>) -> Result<ItemId, QueueError> {
        let p = new.post;
        if let Some(existing) = tx.open_item_for_post(&p.source, &p.id)? {
            return Err(QueueError::AlreadyQueued {
                source_name: p.source.clone(),
                post_id: p.id.clone(),
                existing,
            });
        }
        let id = tx.insert_item(new)?;
        let detail = format!(
            "decision {}; reply {}",
            new.assessment.decision.as_str(),
            fingerprint(new.reply)
        );
        tx.append_audit(new.origin, "enqueue", Some(id), Some(1), &detail)?;
        Ok(id)
    }
}

/// The item, its current version and that version's approvals.
fn load(tx: &Tx<'_>, id: ItemId) -> Result<(ItemRecord, VersionRecord, Vec<Approval>), QueueError> {
    let item = tx.queue_item(id)?.ok_or(QueueError::NotFound(id))?;
    let current = tx.queue_version(id, item.version)?;
    let approvals = tx.queue_approvals(id, item.version)?;
    Ok((item, current, approvals))
}

/// A flag with the text it is about: the flagged version and the post it answers.
fn flag_case(tx: &Tx<'_>, flag: Flag) -> Result<FlagCase, QueueError> {
    let item = tx
        .queue_item(flag.item_id)?
        .ok_or(QueueError::NotFound(flag.item_id))?;
    let version = tx.queue_version(flag.item_id, flag.version)?;
    let post = tx.post(&item.source, &item.post_id)?;
    Ok(FlagCase {
        customer_id: item.customer_id,
        post_author: post.as_ref().map(|p| p.author.clone()).unwrap_or_default(),
        post_text: post.map(|p| p.text).unwrap_or_default(),
        reply: version.text,
        expected: flag.expected,
        flag: flag.kind,
        note: flag.note,
        by: flag.by,
        at: flag.at,
        item_id: flag.item_id,
        version: flag.version,
        decision: flag.decision,
        findings: version.assessment.findings,
    })
}

/// The accounts of the item's post's ranked candidates, best first.
fn candidate_ids(tx: &Tx<'_>, item: &ItemRecord) -> Result<Vec<String>, QueueError> {
    Ok(tx
        .post_candidates(&item.source, &item.post_id)?
        .into_iter()
        .map(|c| c.customer_id)
        .collect())
}

fn snapshot<'a>(
    item: &ItemRecord,
    current: &'a VersionRecord,
    approvals: &'a [Approval],
    candidates: &'a [String],
    people: &'a People,
) -> Snapshot<'a> {
    Snapshot {
        candidates,
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
    let candidates = tx.post_candidates(&item.source, &item.post_id)?;
    Ok(
        ItemView::build(item, current, approvals, &versions, post.as_ref())
            .with_candidates(candidates),
    )
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
