//! Re-estimating evidence weights from reviewers' labelled pairs by counting (not EM: the
//! labels are known, so the m- and u-probabilities are read off directly), and what the new
//! weights would do to precision and recall on those same pairs.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::Evidence;

/// One judged account for one post.
#[derive(Debug, Clone, Copy)]
pub struct Judged<'a> {
    /// The post (queue item) it belongs to: one decision per group.
    pub group: i64,
    pub is_match: bool,
    /// The matcher's rank among the post's candidates (1 = best).
    pub rank: usize,
    pub evidence: &'a [Evidence],
}

/// The re-estimated weight of one feature: an evidence kind and the first word of its detail
/// (`name:signature`, `context:plan`, `handle:author`), so agreement and disagreement differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureWeight {
    pub feature: String,
    /// Labelled matches and non-matches that carry it.
    pub in_matches: usize,
    pub in_non_matches: usize,
    /// log2(m / u), each probability with add-one smoothing.
    pub weight: f64,
}

/// Precision and recall of a rule that picks at most one account per post.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    /// Posts where an account was picked and it was the confirmed one.
    pub right: usize,
    /// Posts where the picked account was not the confirmed one (or all were rejected).
    pub wrong: usize,
    /// Posts with a confirmed account.
    pub confirmed: usize,
    pub precision: f64,
    pub recall: f64,
}

/// What re-estimation found, before anything is applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reestimate {
    pub method: &'static str,
    pub pairs: usize,
    pub matches: usize,
    pub non_matches: usize,
    pub weights: Vec<FeatureWeight>,
    /// The matcher's own ranking: its best candidate is its pick.
    pub before: Scores,
    /// The re-estimated weights: the one account whose features sum highest, if above zero
    /// and not tied.
    pub after: Scores,
}

/// A feature's name: the evidence kind and the first word of its detail.
pub fn feature(e: &Evidence) -> String {
    let kind = format!("{:?}", e.kind).to_lowercase();
    let word: String = e
        .detail
        .split_whitespace()
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    format!("{kind}:{word}")
}

fn features(evidence: &[Evidence]) -> BTreeSet<String> {
    evidence.iter().map(feature).collect()
}

/// Counts each feature among matches and non-matches and scores both pickers on the pairs.
pub fn reestimate(judged: &[Judged<'_>]) -> Reestimate {
    let matches = judged.iter().filter(|j| j.is_match).count();
    let non_matches = judged.len() - matches;
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for j in judged {
        for f in features(j.evidence) {
            let c = counts.entry(f).or_default();
            if j.is_match {
                c.0 += 1;
            } else {
                c.1 += 1;
            }
        }
    }
    let weights: Vec<FeatureWeight> = counts
        .into_iter()
        .map(|(feature, (m, u))| {
            let pm = (m as f64 + 1.0) / (matches as f64 + 2.0);
            let pu = (u as f64 + 1.0) / (non_matches as f64 + 2.0);
            FeatureWeight {
                feature,
                in_matches: m,
                in_non_matches: u,
                weight: (pm / pu).log2(),
            }
        })
        .collect();
    let table: BTreeMap<&str, f64> = weights
        .iter()
        .map(|w| (w.feature.as_str(), w.weight))
        .collect();
    let before = score(judged, |group| group.iter().find(|j| j.rank == 1).copied());
    let after = score(judged, |group| {
        let mut scored: Vec<(f64, &Judged<'_>)> = group
            .iter()
            .map(|j| {
                let s: f64 = features(j.evidence)
                    .iter()
                    .map(|f| table.get(f.as_str()).copied().unwrap_or(0.0))
                    .sum();
                (s, j)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        match scored.as_slice() {
            [(best, j), rest @ ..] if *best > 0.0 && rest.first().map_or(true, |r| r.0 < *best) => {
                Some(**j)
            }
            _ => None,
        }
    });
    Reestimate {
        method: "counting",
        pairs: judged.len(),
        matches,
        non_matches,
        weights,
        before,
        after,
    }
}

fn score<'a>(judged: &[Judged<'a>], pick: impl Fn(&[Judged<'a>]) -> Option<Judged<'a>>) -> Scores {
    let mut groups: BTreeMap<i64, Vec<Judged<'a>>> = BTreeMap::new();
    for j in judged {
        groups.entry(j.group).or_default().push(*j);
    }
    let (mut right, mut wrong, mut confirmed) = (0, 0, 0);
    for group in groups.values() {
        if group.iter().any(|j| j.is_match) {
            confirmed += 1;
        }
        match pick(group) {
            Some(j) if j.is_match => right += 1,
            Some(_) => wrong += 1,
            None => {}
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    Scores {
        right,
        wrong,
        confirmed,
        precision: ratio(right, right + wrong),
        recall: ratio(right, confirmed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EvidenceKind;

    fn ev(kind: EvidenceKind, detail: &str) -> Evidence {
        Evidence {
            kind,
            detail: detail.into(),
        }
    }

    #[test]
    fn counting_learns_that_a_stated_plan_tells_namesakes_apart() {
        let name = ev(EvidenceKind::Name, "signature = account name \"A O\"");
        let plan = ev(EvidenceKind::Context, "plan \"Pro\" stated");
        let with_plan = [name.clone(), plan];
        let name_only = [name];
        // In each post the matcher ranked the wrong namesake first; reviewers confirmed the one
        // whose plan the post states.
        let mut judged = Vec::new();
        for g in 0..4 {
            judged.push(Judged {
                group: g,
                is_match: false,
                rank: 1,
                evidence: &name_only,
            });
            judged.push(Judged {
                group: g,
                is_match: true,
                rank: 2,
                evidence: &with_plan,
            });
        }
        let r = reestimate(&judged);
        assert_eq!(r.method, "counting");
        assert_eq!((r.pairs, r.matches, r.non_matches), (8, 4, 4));
        let plan = r
            .weights
            .iter()
            .find(|w| w.feature == "context:plan")
            .unwrap();
        assert_eq!((plan.in_matches, plan.in_non_matches), (4, 0));
        assert!(plan.weight > 2.0, "{plan:?}");
        let name = r
            .weights
            .iter()
            .find(|w| w.feature == "name:signature")
            .unwrap();
        assert!(name.weight.abs() < 1e-9, "both sides carry it: {name:?}");
        assert_eq!((r.before.right, r.before.wrong), (0, 4));
        assert_eq!((r.after.right, r.after.wrong), (4, 0));
        assert_eq!(r.after.precision, 1.0);
        assert_eq!(r.after.recall, 1.0);
    }

    #[test]
    fn no_pairs_give_no_weights_and_zero_scores() {
        let r = reestimate(&[]);
        assert!(r.weights.is_empty());
        assert_eq!(r.before.precision, 0.0);
        assert_eq!(r.after.recall, 0.0);
    }
}
