//! `queue list|show|approve|reject` and `audit verify`: the review queue without Discord,
//! under the same policy as the Discord buttons.

use std::io::Write;
use std::path::Path;

use reviewgate::queue::{Actor, ItemState, ItemView, Queue};

use super::{load_config, open_store, BadInput};

#[derive(Debug, Clone, Copy)]
pub enum QueueAction {
    Approve,
    Reject,
}

pub fn queue_list(config: &Path, json: bool, state: Option<&str>) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = open_store(&cfg)?;
    let state = match state {
        None => None,
        Some(s) => Some(s.parse::<ItemState>().map_err(|_| {
            BadInput(format!("--state {s:?}: expected pending, approved, posted or rejected"))
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
    let store = open_store(&cfg)?;
    let item = Queue::new(&store).show(id)?.ok_or_else(|| BadInput(format!("no queue item {id}")))?;
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
    let reply = if full { item.reply.clone() } else { item.reply.chars().take(120).collect::<String>().replace('\n', " ") };
    writeln!(out, "    {reply}")?;
    for a in &item.approvals {
        writeln!(out, "    approved by {} at {}: {}", a.by, a.at, a.reason.as_deref().unwrap_or(""))?;
    }
    Ok(())
}

pub fn queue_act(config: &Path, action: QueueAction, id: i64, actor: &str, reason: Option<String>) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = open_store(&cfg)?;
    let queue = Queue::new(&store);
    let item = queue.show(id)?.ok_or_else(|| BadInput(format!("no queue item {id}")))?;
    // Whoever can run the CLI on the host has the store; they act as a reviewer.
    let actor = Actor { id: format!("cli:{actor}"), reviewer: true, admin: false };
    let result = match action {
        QueueAction::Approve => queue.approve(id, item.version, &actor, reason.as_deref()),
        QueueAction::Reject => queue.reject(id, item.version, &actor, reason.as_deref()),
    };
    match result {
        Ok(view) => {
            println!("#{} is now {} (version {}, {} approval(s))", view.id, view.state, view.version, view.approvals.len());
            Ok(())
        }
        // A refusal by policy is the user's input being refused: exit 2 with the reason.
        Err(e) if e.is_refusal() => Err(BadInput(format!("#{id}: {e}")).into()),
        Err(e) => Err(e.into()),
    }
}

pub fn audit_verify(config: &Path) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = open_store(&cfg)?;
    let n = store.audit_verify().map_err(|b| anyhow::anyhow!("audit trail broken: {b}"))?;
    println!("audit trail OK: {n} entries, hash chain intact");
    Ok(())
}
