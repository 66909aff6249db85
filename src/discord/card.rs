//! From the queue's item view (and its audit trail) to the [`Card`] the renderers show.

use super::render::Card;
use crate::queue::ItemView;
use crate::store::AuditEntry;

/// Audit actions that are noise in the channel's "who did what" list.
fn shown(action: &str) -> bool {
    !action.starts_with("refuse:")
}

/// The card for an item; `audit` is the item's audit trail, oldest first.
pub fn card(view: &ItemView, audit: &[AuditEntry]) -> Card {
    let redacted = (view.redacted != view.reply && !view.redacted.trim().is_empty())
        .then(|| view.redacted.clone());
    Card {
        item_id: view.id,
        version: view.version,
        state: view.state.as_str().to_string(),
        decision: view.decision,
        source: view.source.clone(),
        post_id: view.post_id.clone(),
        link: view.post_url.clone(),
        author: view.post_author.clone(),
        post_text: view.post_excerpt.clone(),
        matched: view.matched.clone(),
        match_state: view.match_state.as_str().to_string(),
        candidates: view.candidates.clone(),
        reply: view.reply.clone(),
        findings: view.findings.clone(),
        redacted,
        approvals: view
            .approvals
            .iter()
            .map(|a| {
                (
                    a.by.clone(),
                    (!a.reason.trim().is_empty()).then(|| a.reason.clone()),
                )
            })
            .collect(),
        approvals_needed: view.approvals_needed.unwrap_or(0) as usize,
        history: audit
            .iter()
            .filter(|e| shown(&e.action))
            .map(|e| {
                let what = match e.version {
                    Some(v) => format!(
                        "{} (v{v}) at {}",
                        e.action,
                        e.at.format("%Y-%m-%d %H:%M UTC")
                    ),
                    None => format!("{} at {}", e.action, e.at.format("%Y-%m-%d %H:%M UTC")),
                };
                (e.actor.clone(), what)
            })
            .collect(),
        posted_where: view.posted.as_ref().map(|p| p.place.clone()),
        // Set by the caller, who knows the config's publishers.
        publishable: false,
    }
}
