//! `queue flag` and `assess flags`: reviewers' corrections of the gate, recorded like other
//! queue decisions and exported as labelled `assess` inputs for a team's regression set.

use std::io::Write;
use std::path::Path;

use reviewgate::queue::{FlagKind, People, Queue, QueueError};

use super::queue::{cli_actor, not_found, refresh_discord};
use super::{load_config, open_existing_store, BadInput};

/// Flags the gate's decision on a version: `kind` says which way it was wrong, `note` why.
/// The version defaults to the current one; a stale one is refused by the queue policy.
pub fn queue_flag(
    config: &Path,
    id: i64,
    actor: Option<&str>,
    version: Option<u32>,
    kind: FlagKind,
    note: &str,
) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = open_existing_store(&cfg)?;
    let people = People::from_config(&cfg.config.reviewers);
    let queue = Queue::with_people(&store, &people);
    let item = queue.show(id).map_err(not_found)?;
    let version = version.unwrap_or(item.version);
    let actor = cli_actor(&queue, id, "flag", actor)?;
    match queue.flag(id, version, &actor, kind, note) {
        Ok(view) => {
            refresh_discord(&cfg, &store, id)?;
            let expected = kind.expected(view.decision).map_or("-", |d| d.as_str());
            println!(
                "#{id} version {version} flagged {kind}: the gate said {}, you expect {expected}; `reviewgate assess flags --json` exports it",
                view.decision.as_str()
            );
            Ok(())
        }
        Err(e @ QueueError::Refused(_)) => Err(BadInput(format!("#{id}: {e}")).into()),
        Err(e) => Err(e.into()),
    }
}

/// Prints every flag, oldest first: JSON lines in the `assess` input format plus the label,
/// or one summary line each.
pub fn assess_flags(config: &Path, json: bool) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = open_existing_store(&cfg)?;
    let cases = Queue::new(&store).flag_cases()?;
    let mut out = std::io::stdout().lock();
    for case in &cases {
        if json {
            serde_json::to_writer(&mut out, case)?;
            writeln!(out)?;
        } else {
            writeln!(
                out,
                "#{} v{} {} by {} at {}: gate {}, expected {}: {}",
                case.item_id,
                case.version,
                case.flag,
                case.by,
                case.at.format("%Y-%m-%d %H:%M UTC"),
                case.decision.as_str(),
                case.expected.as_str(),
                case.note.replace('\n', " ")
            )?;
        }
    }
    if !json && cases.is_empty() {
        writeln!(out, "no flags yet")?;
    }
    Ok(())
}
