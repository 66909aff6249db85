//! `match pairs` and `match weights`: reviewers' match decisions as labelled pairs, and the
//! evidence weights re-estimated from them with what they would change, applied (stored for the
//! matcher, audited) only on `--apply`.

use std::io::Write;
use std::path::Path;

use reviewgate::matching::learn::{reestimate, Judged, Reestimate, Scores};
use reviewgate::queue::{Actor, PairLabel, People, Queue};

use super::{load_config, open_existing_store, queue::real_os_user, BadInput};

/// Prints every labelled pair: JSON lines, or one summary line each.
pub fn match_pairs(config: &Path, json: bool) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = open_existing_store(&cfg)?;
    let pairs = Queue::new(&store).labelled_pairs()?;
    let mut out = std::io::stdout().lock();
    for p in &pairs {
        if json {
            serde_json::to_writer(&mut out, p)?;
            writeln!(out)?;
        } else {
            let label = match p.label {
                PairLabel::Match => "match",
                PairLabel::NonMatch => "non_match",
            };
            writeln!(
                out,
                "#{} {}/{} {} {label} (rank {}, confidence {:.2})",
                p.item_id, p.source, p.post_id, p.customer_id, p.rank, p.confidence
            )?;
        }
    }
    if !json && pairs.is_empty() {
        writeln!(
            out,
            "no labelled pairs yet: reviewers label them with confirm-match and reject-matches"
        )?;
    }
    Ok(())
}

/// Re-estimates the evidence weights from the labelled pairs by counting and prints them with
/// precision and recall on those pairs before (the matcher's ranking) and after. With `apply`,
/// stores them for the matcher with an audit entry, unless [`Reestimate::may_apply`] refuses.
pub fn match_weights(
    config: &Path,
    json: bool,
    apply: bool,
    claimed: Option<&str>,
) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = open_existing_store(&cfg)?;
    let pairs = Queue::new(&store).labelled_pairs()?;
    let judged: Vec<Judged<'_>> = pairs
        .iter()
        .map(|p| Judged {
            group: p.item_id,
            is_match: p.label == PairLabel::Match,
            rank: p.rank,
            evidence: &p.evidence,
        })
        .collect();
    let r = reestimate(&judged);
    print_report(&r, json, apply)?;
    if !apply {
        return Ok(());
    }
    let people = People::from_config(&cfg.config.reviewers);
    let queue = Queue::with_people(&store, &people);
    let os_user = real_os_user()?;
    let actor = queue.people().cli_actor(&os_user, claimed).or_else(|e| {
        let who = Actor::new(format!("os:{os_user}"), false, false);
        queue.record_refusal(None, &who, APPLY, &e.to_string())?;
        Err(anyhow::Error::new(BadInput(e.to_string())))
    })?;
    if let Err(refusal) = r.may_apply() {
        queue.record_refusal(None, &actor, APPLY, &refusal.to_string())?;
        return Err(BadInput(refusal.to_string()).into());
    }
    let detail = format!(
        "{} weights by {} from {} pairs ({} posts, {} matches, {} non-matches); precision {:.3} -> {:.3}, recall {:.3} -> {:.3}",
        r.weights.len(),
        r.method,
        r.pairs,
        r.posts,
        r.matches,
        r.non_matches,
        r.before.precision,
        r.after.precision,
        r.before.recall,
        r.after.recall
    );
    let entry = store.apply_match_weights(&r.weights, &actor.id, &detail)?;
    if !json {
        println!(
            "applied: {detail} (audit entry {}); the matcher orders candidates by them from its next start (restart `run`)",
            entry.id
        );
    }
    Ok(())
}

/// The audit action of `match weights --apply` (`refuse:` before it when refused).
const APPLY: &str = "apply_match_weights";

fn print_report(r: &Reestimate, json: bool, apply: bool) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, r)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{} labelled pairs from {} decided posts ({} matches, {} non-matches), weights by {}:",
        r.pairs, r.posts, r.matches, r.non_matches, r.method
    )?;
    for w in &r.weights {
        writeln!(
            out,
            "  {:<24} {:>+6.2}  (in {} matches, {} non-matches)",
            w.feature, w.weight, w.in_matches, w.in_non_matches
        )?;
    }
    let line = |s: &Scores| {
        format!(
            "precision {:.3} recall {:.3} ({} right, {} wrong, {} confirmed)",
            s.precision, s.recall, s.right, s.wrong, s.confirmed
        )
    };
    writeln!(out, "before (the matcher's ranking): {}", line(&r.before))?;
    writeln!(out, "after (re-estimated weights):   {}", line(&r.after))?;
    if !apply {
        writeln!(
            out,
            "nothing was applied: `match weights --apply` stores them for the matcher"
        )?;
    }
    Ok(())
}
