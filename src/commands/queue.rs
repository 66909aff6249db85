//! `queue list|show|approve|reject`: the review queue without Discord, under the same policy
//! as the Discord buttons.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;

use reviewgate::assess::Assessor;
use reviewgate::queue::{Actor, ItemView, People, Queue, QueueError, State};
use reviewgate::service::control;

use super::{load_config, open_existing_store, BadInput};

#[derive(Debug, Clone, Copy)]
pub enum QueueAction {
    Approve,
    Reject,
}

pub fn queue_list(config: &Path, json: bool, state: Option<&str>) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = open_existing_store(&cfg)?;
    let state = match state {
        None => None,
        Some(s) => Some(s.parse::<State>().map_err(|_| {
            BadInput(format!(
                "--state {s:?}: expected pending, approved, posted or rejected"
            ))
        })?),
    };
    let items = Queue::new(&store).list(state)?;
    let mut out = std::io::stdout().lock();
    for item in &items {
        print_item(&mut out, item, json, false)?;
    }
    if !json && items.is_empty() {
        writeln!(out, "the queue is empty")?;
    }
    Ok(())
}

pub fn queue_show(config: &Path, id: i64, json: bool) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = open_existing_store(&cfg)?;
    let item = Queue::new(&store).show(id).map_err(not_found)?;
    print_item(&mut std::io::stdout().lock(), &item, json, true)
}

fn print_item(out: &mut impl Write, item: &ItemView, json: bool, full: bool) -> anyhow::Result<()> {
    if json {
        serde_json::to_writer(&mut *out, item)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "#{} v{} {} {} [{}] post {} customer {}",
        item.id,
        item.version,
        item.state,
        item.decision.as_str(),
        item.source,
        item.post_id,
        item.customer_id.as_deref().unwrap_or("-"),
    )?;
    let reply = if full {
        item.reply.clone()
    } else {
        item.reply
            .chars()
            .take(120)
            .collect::<String>()
            .replace('\n', " ")
    };
    writeln!(out, "    {reply}")?;
    if full {
        writeln!(
            out,
            "    version {v}: decide on it with --version {v}",
            v = item.version
        )?;
    }
    for a in &item.approvals {
        writeln!(out, "    approved by {} at {}: {}", a.by, a.at, a.reason)?;
    }
    if full && !item.candidates.is_empty() {
        writeln!(
            out,
            "    candidates ({}): confirm one with `queue confirm-match {id} CUSTOMER --version {v}` or reject all with `queue reject-matches {id} --version {v}`",
            item.match_state.as_str(),
            id = item.id,
            v = item.version
        )?;
        for (rank, c) in item.candidates.iter().enumerate() {
            let evidence: Vec<String> = c
                .evidence
                .iter()
                .map(|e| format!("{}: {}", format!("{:?}", e.kind).to_lowercase(), e.detail))
                .collect();
            writeln!(
                out,
                "      {}. {} confidence {:.2}: {}",
                rank + 1,
                c.customer_id,
                c.confidence,
                evidence.join("; ")
            )?;
        }
    }
    Ok(())
}

pub fn queue_act(
    config: &Path,
    action: QueueAction,
    id: i64,
    actor: Option<&str>,
    version: Option<u32>,
    reason: Option<String>,
) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = open_existing_store(&cfg)?;
    let people = People::from_config(&cfg.config.reviewers);
    let queue = Queue::with_people(&store, &people);
    let item = queue.show(id).map_err(not_found)?;
    let version = decided_version(&item, version)?;
    let name = match action {
        QueueAction::Approve => "approve",
        QueueAction::Reject => "reject",
    };
    let actor = cli_actor(&queue, id, name, actor)?;
    let reason = reason.unwrap_or_default();
    let result = match action {
        QueueAction::Approve => queue.approve(id, version, &actor, &reason),
        QueueAction::Reject => queue.reject(id, version, &actor, &reason),
    };
    match result {
        Ok(view) => {
            refresh_discord(&cfg, &store, id)?;
            println!(
                "#{} is now {} (version {}, {} approval(s))",
                view.id,
                view.state,
                view.version,
                view.approvals.len()
            );
            Ok(())
        }
        // A refusal by policy is the user's input being refused: exit 2 with the reason.
        Err(e @ QueueError::Refused(_)) => Err(BadInput(format!("#{id}: {e}")).into()),
        Err(e) => Err(e.into()),
    }
}

/// Changes to an item's reply or its publication, from the CLI.
#[derive(Debug)]
pub enum QueueEdit {
    /// A new text; `None` reads it from stdin.
    Rewrite(Option<String>),
    UseRedacted,
    /// The best candidate, or the named one of the ranked candidates.
    ConfirmMatch(Option<String>),
    NotThisAccount,
    MarkPosted(String),
}

impl QueueEdit {
    /// The action's name in the audit trail (the queue policy's names).
    fn name(&self) -> &'static str {
        match self {
            QueueEdit::Rewrite(_) => "rewrite",
            QueueEdit::UseRedacted => "use_redacted",
            QueueEdit::ConfirmMatch(_) => "confirm_match",
            QueueEdit::NotThisAccount => "reject_match",
            QueueEdit::MarkPosted(_) => "mark_posted",
        }
    }
}

pub fn queue_edit(
    config: &Path,
    id: i64,
    actor: Option<&str>,
    version: Option<u32>,
    edit: QueueEdit,
) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = Arc::new(open_existing_store(&cfg)?);
    let people = People::from_config(&cfg.config.reviewers);
    let queue = Queue::with_people(&store, &people);
    let item = queue.show(id).map_err(not_found)?;
    // A rewrite approves nothing: its text becomes a new version that is assessed and
    // reviewed from scratch, so it may build on the current version unnamed. Every other
    // edit is a decision about the text on screen and must name it.
    let version = match (&edit, version) {
        (QueueEdit::Rewrite(_), None) => item.version,
        _ => decided_version(&item, version)?,
    };
    let actor = cli_actor(&queue, id, edit.name(), actor)?;
    let assessor = Arc::new(
        Assessor::new(&cfg.config.assess, &cfg.config.service)?
            .with_account_plans(store.plan_counts(Assessor::MAX_PLANS)?),
    );
    let assess_item = control::item_assessor(store.clone(), assessor);
    let assess = |text: &str| assess_item(&item, text);
    let result = match edit {
        QueueEdit::Rewrite(text) => {
            let text = match text {
                Some(t) => t,
                None => {
                    let mut t = String::new();
                    std::io::stdin().read_to_string(&mut t)?;
                    t
                }
            };
            if text.trim().is_empty() {
                return Err(BadInput("the new reply is empty".into()).into());
            }
            queue.rewrite(id, version, &actor, text.trim_end(), &assess)
        }
        QueueEdit::UseRedacted => queue.use_redacted(id, version, &actor, &assess),
        QueueEdit::ConfirmMatch(None) => queue.confirm_match(id, version, &actor),
        QueueEdit::ConfirmMatch(Some(customer)) => {
            queue.confirm_candidate(id, version, &actor, &customer)
        }
        QueueEdit::NotThisAccount => {
            // Re-assessed as if no account were linked: the view passed on has no match.
            let mut unlinked = item.clone();
            unlinked.customer_id = None;
            unlinked.matched = None;
            let assess_unlinked = |text: &str| assess_item(&unlinked, text);
            queue.reject_match(id, version, &actor, &assess_unlinked)
        }
        QueueEdit::MarkPosted(place) => queue.mark_posted(id, version, &actor, &place),
    };
    match result {
        Ok(view) => {
            refresh_discord(&cfg, &store, id)?;
            let approvals = match view.approvals_needed {
                Some(n) => format!("{} of {n} approval(s)", view.approvals.len()),
                None => "can not be approved: rewrite it or use the redacted version".to_string(),
            };
            println!(
                "#{} is now {} (version {}, decision {}, {approvals})",
                view.id,
                view.state,
                view.version,
                view.decision.as_str()
            );
            Ok(())
        }
        Err(e @ QueueError::Refused(_)) => Err(BadInput(format!("#{id}: {e}")).into()),
        Err(e) => Err(e.into()),
    }
}

/// After a CLI action the item's Discord message is edited too (by `run`'s delivery loop).
pub(super) fn refresh_discord(
    cfg: &reviewgate::config::LoadedConfig,
    store: &reviewgate::store::Store,
    id: i64,
) -> anyhow::Result<()> {
    if cfg.config.discord.is_some() {
        reviewgate::discord::refresh_item(store, id)?;
    }
    Ok(())
}

/// The version a decision was made on. Omitted, it is refused rather than guessed: the
/// current version may be one the reviewer never read (a rewrite raced their reading).
fn decided_version(item: &ItemView, version: Option<u32>) -> anyhow::Result<u32> {
    version.ok_or_else(|| {
        BadInput(format!(
            "#{id}: say which version you decided on: the reply is now at version {v}; read it with `reviewgate queue show {id}`, then pass --version {v}",
            id = item.id,
            v = item.version
        ))
        .into()
    })
}

/// The CLI's actor: the reviewer mapped to the calling OS account (`[[reviewers]]`), or,
/// with none configured, that account for routine replies only. `--as NAME` is accepted only
/// when it names that same reviewer. A refusal is audited as `os:ACCOUNT`: acting as someone
/// else is worth a trace.
pub(super) fn cli_actor(
    queue: &Queue<'_>,
    id: i64,
    action: &str,
    claimed: Option<&str>,
) -> anyhow::Result<Actor> {
    let os_user = real_os_user()?;
    queue.people().cli_actor(&os_user, claimed).or_else(|e| {
        let who = Actor::new(format!("os:{os_user}"), false, false);
        queue.record_refusal(Some(id), &who, action, &e.to_string())?;
        Err(BadInput(e.to_string()).into())
    })
}

/// The account of the process's real uid, from the passwd database: not `$USER`, `$LOGNAME`
/// or anything else the caller can set.
pub(super) fn real_os_user() -> anyhow::Result<String> {
    let uid = nix::unistd::getuid();
    match nix::unistd::User::from_uid(uid) {
        Ok(Some(user)) => Ok(user.name),
        Ok(None) => Err(BadInput(format!(
            "the calling user (uid {uid}) has no entry in the passwd database, so it can not be mapped to a reviewer"
        ))
        .into()),
        Err(e) => Err(anyhow::anyhow!("looking up uid {uid} in the passwd database: {e}")),
    }
}

/// A missing item is the user's input being wrong (exit 2), not a runtime failure.
pub(super) fn not_found(e: QueueError) -> anyhow::Error {
    match e {
        QueueError::NotFound(id) => BadInput(format!("no queue item {id}")).into(),
        other => other.into(),
    }
}
