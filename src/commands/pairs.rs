//! `match pairs` and `match weights`: reviewers' match decisions as labelled pairs, and the
//! evidence weights re-estimated from them with what they would change, before anything is applied.

use std::io::Write;
use std::path::Path;

use reviewgate::matching::learn::{reestimate, Judged, Scores};
use reviewgate::queue::{PairLabel, Queue};

use super::{load_config, open_existing_store};

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
/// precision and recall on those pairs before (the matcher's ranking) and after.
pub fn match_weights(config: &Path, json: bool) -> anyhow::Result<()> {
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
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, &r)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{} labelled pairs ({} matches, {} non-matches), weights by {}:",
        r.pairs, r.matches, r.non_matches, r.method
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
    writeln!(
        out,
        "nothing was applied: the matcher's weights are unchanged"
    )?;
    Ok(())
}
