//! The one interaction handler behind both modes: role and version checks, then the queue
//! service (which applies the policy and audits), then an outbox update so the review message
//! shows the new state. Answers are ephemeral; nothing here talks to Discord directly.

use std::sync::Arc;
use std::time::Duration;

use serenity::builder::CreateInteractionResponse;
use tokio::sync::Notify;
use tracing::warn;

use super::card::card;
use super::ids::{Action, CustomId, Kind};
use super::render::{self, ephemeral, Card};
use super::rest::Rest;
use super::wire::Incoming;
use super::{AssessFn, SourceControl};
use crate::config::DiscordConfig;
use crate::publish::{PublishError, Publishing};
use crate::queue::{Actor, FlagKind, ItemId, ItemView, People, Queue, QueueError, Refusal, State};
use crate::store::{OutboxKind, Store};

/// Shared state of the handler; cheap to clone behind an `Arc`.
pub struct Handler {
    pub(super) store: Arc<Store>,
    pub(super) config: DiscordConfig,
    pub(super) assess: AssessFn,
    pub(super) sources: Arc<dyn SourceControl>,
    /// Who is who, so the two-person rule counts people across Discord and the CLI.
    pub(super) people: Arc<People>,
    /// The sources' publishers, for the "Publish" button.
    pub(super) publishing: Option<Arc<Publishing>>,
    pub(super) rest: Rest,
    /// Wakes the delivery loop after an outbox push.
    pub(super) wake: Arc<Notify>,
    pub(super) defer_after: Duration,
}

/// The audit name of an action (the queue policy's names).
fn audit_name(action: Action) -> &'static str {
    match action {
        Action::Approve => "approve",
        Action::Reject => "reject",
        Action::Rewrite => "rewrite",
        Action::UseRedacted => "use_redacted",
        Action::Details => "view_details",
        Action::ConfirmMatch | Action::ConfirmCandidate(_) => "confirm_match",
        Action::RejectMatch => "reject_match",
        Action::MarkPosted => "mark_posted",
        Action::Publish => "publish",
        Action::FlagMissed | Action::FlagTooStrict => "flag",
    }
}

/// The flag a flag button or form stands for.
fn flag_kind(action: Action) -> Option<FlagKind> {
    match action {
        Action::FlagMissed => Some(FlagKind::Missed),
        Action::FlagTooStrict => Some(FlagKind::TooStrict),
        _ => None,
    }
}

impl Handler {
    pub fn rest(&self) -> &Rest {
        &self.rest
    }

    pub fn defer_after(&self) -> Duration {
        self.defer_after
    }

    pub(super) fn actor(&self, i: &Incoming) -> Actor {
        let has = |role: u64| role != 0 && i.roles.contains(&role);
        Actor::new(
            i.actor_id(),
            has(self.config.reviewer_role_id),
            has(self.config.admin_role_id),
        )
    }

    pub(super) fn queue(&self) -> Queue<'_> {
        Queue::with_people(&self.store, &self.people)
    }

    /// Records a refusal decided here (role, stale version, unknown button) and answers it.
    pub(super) fn refuse(
        &self,
        item: Option<ItemId>,
        actor: &Actor,
        action: &str,
        why: &str,
    ) -> CreateInteractionResponse {
        if let Err(error) = self.queue().record_refusal(item, actor, action, why) {
            warn!(message = "Failed to audit a refusal.", %error, actor = %actor.id, action);
        }
        ephemeral(&format!("Refused: {why}."))
    }

    /// The card for an item as it stands now.
    pub(super) fn card_of(&self, view: &ItemView) -> Result<Card, QueueError> {
        let audit = self.store.audit_entries(Some(view.id))?;
        let mut card = card(view, &audit);
        card.publishable = self
            .publishing
            .as_ref()
            .is_some_and(|p| p.configured_for(&view.source));
        Ok(card)
    }

    /// Queues an edit of the item's review message and wakes the delivery loop.
    pub(super) fn push_update(&self, item: ItemId) {
        match self.store.outbox_push(OutboxKind::Update, Some(item), "{}") {
            Ok(_) => self.wake.notify_one(),
            Err(error) => warn!(message = "Failed to queue a review message update.", %error, item),
        }
    }

    pub(super) fn component(&self, i: &Incoming) -> Result<CreateInteractionResponse, QueueError> {
        let actor = self.actor(i);
        let Some(cid) = i.custom_id.as_deref().and_then(CustomId::parse) else {
            return Ok(self.refuse(
                None,
                &actor,
                "interaction",
                "this button or form is not one of reviewgate's",
            ));
        };
        let name = audit_name(cid.action);
        if !actor.reviewer {
            return Ok(self.refuse(
                Some(cid.item_id),
                &actor,
                name,
                &Refusal::NotReviewer {
                    actor: actor.id.clone(),
                }
                .to_string(),
            ));
        }
        let view = match self.queue().show(cid.item_id) {
            Ok(v) => v,
            Err(QueueError::NotFound(id)) => {
                return Ok(self.refuse(
                    None,
                    &actor,
                    name,
                    &format!("queue item {id} does not exist"),
                ))
            }
            Err(e) => return Err(e),
        };
        // Every action, details included, applies only to the version the member was shown.
        if cid.version != view.version {
            let why = Refusal::StaleVersion {
                given: cid.version,
                current: view.version,
            }
            .to_string();
            self.push_update(view.id); // the message is behind: bring it up to date
            return Ok(self.refuse(Some(view.id), &actor, name, &why));
        }
        let q = self.queue();
        let (id, v) = (view.id, view.version);
        let open = matches!(view.state, State::Pending | State::Approved);
        // An approval is only of text the member was shown: a reply the review message can not
        // hold whole is approved with the CLI (the button is disabled; this refuses a stale or
        // forged click too).
        if cid.action == Action::Approve
            && view.state == State::Pending
            && !render::reply_shown_whole(&self.card_of(&view)?)
        {
            let why = format!(
                "the reply has {} characters, more than a Discord message can show in full, so it can not be approved here; read it whole with `reviewgate queue show {id}` and decide with `reviewgate queue approve {id} --version {v}`",
                view.reply.chars().count()
            );
            return Ok(self.refuse(Some(id), &actor, name, &why));
        }
        let result = match (cid.kind, cid.action) {
            (Kind::Button, Action::Approve) => {
                let already = view
                    .approvals
                    .iter()
                    .any(|a| self.people.same_person(&a.by, &actor.id));
                if already && view.state == State::Pending {
                    let why = Refusal::SameReviewer {
                        by: actor.id.clone(),
                        version: v,
                    }
                    .to_string();
                    return Ok(self.refuse(Some(id), &actor, name, &why));
                }
                if view.decision == crate::model::Decision::NeedsReview
                    && view.state == State::Pending
                    && !already
                {
                    return Ok(render::reason_modal(Action::Approve, &self.card_of(&view)?));
                }
                // Routine approvals need no reason; everything else is refused by the policy (and audited).
                q.approve(id, v, &actor, "")
            }
            (Kind::Button, Action::Reject) if open => {
                return Ok(render::reason_modal(Action::Reject, &self.card_of(&view)?))
            }
            (Kind::Button, Action::Reject) => q.reject(id, v, &actor, ""),
            (Kind::Button, Action::Rewrite) => {
                if !open {
                    let why = Refusal::WrongState {
                        action: "rewrite",
                        state: view.state,
                    }
                    .to_string();
                    return Ok(self.refuse(Some(id), &actor, name, &why));
                }
                // A text box holds 4,000 characters: a longer reply would lose its tail
                // silently, and splitting it over several boxes invites edits that drop or
                // reorder a piece. The CLI edits any length.
                if view.reply.chars().count() > render::REWRITE_MAX {
                    let why = format!(
                        "the reply has {} characters, more than the {} a Discord form can hold, so rewriting it here would drop its end; rewrite it with `reviewgate queue rewrite {id} --version {v}` (the new text from --text or stdin)",
                        view.reply.chars().count(),
                        render::REWRITE_MAX
                    );
                    return Ok(self.refuse(Some(id), &actor, name, &why));
                }
                // The form holds the reply unmasked, account values and all: opening it is
                // audited like the details view.
                if !view.findings.is_empty() {
                    q.record_details_view(id, &actor)?;
                }
                return Ok(render::rewrite_modal(&self.card_of(&view)?));
            }
            (Kind::Button, Action::UseRedacted) => {
                q.use_redacted(id, v, &actor, &|text: &str| (self.assess)(&view, text))
            }
            (Kind::Button, Action::Details) => return self.details(&view, &actor),
            (Kind::Button, Action::ConfirmMatch) => q.confirm_match(id, v, &actor),
            (Kind::Button, Action::ConfirmCandidate(pick)) => {
                // The message listed the candidates of this same version, in this order.
                match view.candidates.get(usize::from(pick)) {
                    Some(c) => q.confirm_candidate(id, v, &actor, &c.customer_id),
                    None => {
                        let why = Refusal::NotACandidate.to_string();
                        self.push_update(id);
                        return Ok(self.refuse(Some(id), &actor, name, &why));
                    }
                }
            }
            (Kind::Button, Action::RejectMatch) => {
                // Assessed again as if no account were known: the link is being dropped.
                let mut unlinked = view.clone();
                unlinked.customer_id = None;
                unlinked.matched = None;
                q.reject_match(id, v, &actor, &|text: &str| (self.assess)(&unlinked, text))
            }
            (Kind::Button, Action::MarkPosted) if view.state == State::Approved => {
                return Ok(render::posted_modal(&self.card_of(&view)?))
            }
            (Kind::Button, Action::MarkPosted) => q.mark_posted(id, v, &actor, ""),
            (Kind::Button, Action::Publish) => return Ok(self.publish(&view, &actor)),
            // A flag changes nothing about the item, so it is open in every state; the form
            // asks for the note the regression set needs.
            (Kind::Button, Action::FlagMissed | Action::FlagTooStrict) => {
                return Ok(render::flag_modal(cid.action, &self.card_of(&view)?))
            }
            (Kind::Modal, Action::FlagMissed | Action::FlagTooStrict) => {
                let kind = flag_kind(cid.action).unwrap_or(FlagKind::Missed);
                q.flag(id, v, &actor, kind, i.field("note").unwrap_or_default())
            }
            (Kind::Modal, Action::Approve) => {
                q.approve(id, v, &actor, i.field("reason").unwrap_or_default())
            }
            (Kind::Modal, Action::Reject) => {
                q.reject(id, v, &actor, i.field("reason").unwrap_or_default())
            }
            (Kind::Modal, Action::Rewrite) => {
                let text = i.field("text").unwrap_or_default();
                q.rewrite(id, v, &actor, text, &|t: &str| (self.assess)(&view, t))
            }
            (Kind::Modal, Action::MarkPosted) => {
                q.mark_posted(id, v, &actor, i.field("where").unwrap_or_default())
            }
            (Kind::Modal, _) => {
                return Ok(self.refuse(
                    Some(id),
                    &actor,
                    name,
                    "this form is not one of reviewgate's",
                ))
            }
        };
        match result {
            Ok(after) => {
                self.push_update(id);
                Ok(ephemeral(&done_message(cid.action, &after)))
            }
            // Already audited by the queue service.
            Err(QueueError::Refused(r)) => Ok(ephemeral(&format!("Refused: {r}."))),
            Err(QueueError::NotFound(id)) => {
                Ok(ephemeral(&format!("Queue item {id} no longer exists.")))
            }
            Err(e) => Err(e),
        }
    }

    /// The "Publish" button: the approved version through the source's publisher, exactly
    /// as `queue publish` does it (refused before any call when not approved, stale, already
    /// being sent or not configured; recorded before and after the call; audited). The
    /// review message then shows where it was posted.
    fn publish(&self, view: &ItemView, actor: &Actor) -> CreateInteractionResponse {
        let (id, v) = (view.id, view.version);
        let Some(publishing) = self
            .publishing
            .as_ref()
            .filter(|p| p.configured_for(&view.source))
        else {
            let why = PublishError::NotConfigured {
                id,
                source_name: view.source.clone(),
            }
            .to_string();
            return self.refuse(
                Some(id),
                actor,
                "publish",
                why.trim_start_matches("refused: "),
            );
        };
        let outcome = publishing.publish_blocking(&self.store, id, v, actor);
        self.push_update(id);
        match outcome {
            Ok(url) => ephemeral(&format!("#{id} (v{v}) published: {url}")),
            // Refusals are audited by `prepare`; failures by `finish`.
            Err(e) if e.is_refusal() => ephemeral(&format!(
                "Refused: {}.",
                e.to_string().trim_start_matches("refused: ")
            )),
            Err(e) => {
                warn!(message = "Publishing from Discord failed.", item = id, error = %e);
                ephemeral(&format!("Not published: {e}"))
            }
        }
    }

    fn details(
        &self,
        view: &ItemView,
        actor: &Actor,
    ) -> Result<CreateInteractionResponse, QueueError> {
        match self.queue().record_details_view(view.id, actor) {
            Ok(_) => {}
            Err(QueueError::Refused(r)) => return Ok(ephemeral(&format!("Refused: {r}."))),
            Err(e) => return Err(e),
        }
        let customer = match &view.customer_id {
            Some(c) => self.store.customer(c)?,
            None => None,
        };
        Ok(render::details_view(
            &self.card_of(view)?,
            customer.as_ref(),
        ))
    }
}

/// The ephemeral confirmation after an action.
fn done_message(action: Action, after: &ItemView) -> String {
    let needed = after.approvals_needed.unwrap_or(0);
    let n = after.id;
    match action {
        Action::Approve if after.state == State::Approved => {
            format!("Approved #{n} (v{}): it is ready to post.", after.version)
        }
        Action::Approve => {
            format!("Approval recorded for #{n} (v{}): {} of {needed}; a different reviewer must approve too.", after.version, after.approvals.len())
        }
        Action::Reject => format!("Rejected #{n}."),
        Action::Rewrite | Action::UseRedacted | Action::RejectMatch => format!(
            "#{n} is now version {} ({}); approvals start over.",
            after.version,
            after.decision.as_str()
        ),
        Action::ConfirmMatch => format!("Match confirmed for #{n}."),
        Action::ConfirmCandidate(pick) => {
            format!("Candidate {} confirmed for #{n}.", usize::from(pick) + 1)
        }
        Action::MarkPosted => format!("#{n} marked as posted."),
        Action::Publish => format!(
            "#{n} (v{}) published: {}",
            after.version,
            after.posted.as_ref().map_or("", |p| p.place.as_str())
        ),
        Action::Details => format!("Details of #{n}."),
        Action::FlagMissed | Action::FlagTooStrict => {
            let kind = flag_kind(action).unwrap_or(FlagKind::Missed);
            let expected = kind.expected(after.decision).map_or("-", |d| d.as_str());
            format!(
                "Flagged #{n} (v{}) as {kind}: the gate said {}, you expect {expected}. Thank you: it joins the regression set (`reviewgate assess flags`).",
                after.version,
                after.decision.as_str()
            )
        }
    }
}
