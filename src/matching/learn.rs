//! Re-estimating evidence weights from reviewers' labelled pairs by counting (not EM: the
//! labels are known, so the m- and u-probabilities are read off directly), and what the new
//! weights would do to precision and recall on those same pairs.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::{Evidence, EvidenceKind};

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
    /// Decided posts (queue items) the pairs come from.
    pub posts: usize,
    pub matches: usize,
    pub non_matches: usize,
    pub weights: Vec<FeatureWeight>,
    /// The matcher's own ranking: its best candidate is its pick.
    pub before: Scores,
    /// The re-estimated weights, as the matcher would apply them: the account whose features
    /// sum highest, the matcher's order kept between equal sums.
    pub after: Scores,
}

/// A feature's name: the evidence kind, and for weak evidence what agreed (`name:signature`,
/// `handle:local_part`, `context:plan`) with `:not` when it spoke against the account
/// (`context:plan:not`, `name:signature:not`). A strong identifier is its kind alone: its value is
/// an account's data, never a feature.
pub fn feature(e: &Evidence) -> String {
    feature_of(e.kind, &e.detail)
}

/// [`feature`] from an evidence kind and detail.
pub(super) fn feature_of(kind: EvidenceKind, detail: &str) -> String {
    let words = |s: &str| -> String {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join("_")
    };
    match kind {
        EvidenceKind::Email | EvidenceKind::Host | EvidenceKind::Ip | EvidenceKind::Domain => {
            format!("{kind:?}").to_lowercase()
        }
        // `author "x" ~ local part of "..."`: the form the handle was built as.
        EvidenceKind::Handle => {
            let form = detail
                .split_once('~')
                .map_or("", |(_, r)| r.split('"').next().unwrap_or(""));
            let form = form.trim().trim_end_matches(" of");
            format!("handle:{}", words(form))
        }
        // `signature = account name "..."` or `signature "X" is not the account's name`.
        EvidenceKind::Name => {
            let place = detail.split(['=', '"']).next().unwrap_or("");
            let not = if detail.contains("is not the account's name") {
                ":not"
            } else {
                ""
            };
            format!("name:{}{not}", words(place))
        }
        // `plan "Pro" stated`, `another plan than "Pro" stated`, `customer since about 2019 stated`.
        // `cancellation stated, account active` speaks against the account too.
        EvidenceKind::Context => {
            let (not, rest) = match detail.strip_prefix("another ") {
                Some(r) => (":not", r),
                None if detail.ends_with("account active") => (":not", detail),
                None => ("", detail),
            };
            let what = match rest.split_whitespace().next().unwrap_or("") {
                "customer" | "start" => "tenure".to_string(),
                w => words(w),
            };
            format!("context:{what}{not}")
        }
    }
}

fn features(evidence: &[Evidence]) -> BTreeSet<String> {
    evidence.iter().map(feature).collect()
}

/// Fewest decided posts that `match weights --apply` accepts: with add-one smoothing, fewer
/// would let one or two decisions set a weight.
pub const MIN_POSTS: usize = 10;
/// Fewest matches, and fewest non-matches, that `match weights --apply` accepts.
pub const MIN_EACH_LABEL: usize = 5;

/// Applied weights, as the matcher uses them: they order accounts that fit about equally (the
/// candidates of one post) by the sum of their features' weights, the matcher's own order kept
/// between equal sums. They never add, drop or link an account.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LearnedWeights {
    by_feature: BTreeMap<String, f64>,
}

impl LearnedWeights {
    pub fn new(weights: &[FeatureWeight]) -> LearnedWeights {
        LearnedWeights {
            by_feature: weights
                .iter()
                .map(|w| (w.feature.clone(), w.weight))
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_feature.is_empty()
    }

    /// The sum of the weights of one account's features (each feature once).
    pub fn score<'e>(&self, features: impl IntoIterator<Item = &'e str>) -> f64 {
        let seen: BTreeSet<&str> = features.into_iter().collect();
        seen.iter()
            .map(|f| self.by_feature.get(*f).copied().unwrap_or(0.0))
            .sum()
    }

    /// The new order of accounts given in the matcher's order with their scores: indexes into
    /// `scores`, best first; equal scores keep the matcher's order.
    pub fn order(scores: &[f64]) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..scores.len()).collect();
        idx.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
        idx
    }
}

/// Why re-estimated weights may not be applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApplyRefusal {
    /// Too few decisions to estimate from.
    #[error("too few labelled pairs to apply: {pairs} pairs from {posts} decided post(s), {matches} matches and {non_matches} non-matches; at least {MIN_POSTS} decided posts and {MIN_EACH_LABEL} pairs of each label are needed")]
    TooFew {
        pairs: usize,
        posts: usize,
        matches: usize,
        non_matches: usize,
    },
    /// The new weights would pick the confirmed account less often than the matcher did.
    #[error("precision on the labelled pairs would fall: {before:.3} -> {after:.3}; the weights were not applied")]
    PrecisionFalls { before: f64, after: f64 },
}

impl Reestimate {
    /// Whether these weights may be applied: enough pairs, and precision on them not lower.
    pub fn may_apply(&self) -> Result<(), ApplyRefusal> {
        if self.posts < MIN_POSTS
            || self.matches < MIN_EACH_LABEL
            || self.non_matches < MIN_EACH_LABEL
        {
            return Err(ApplyRefusal::TooFew {
                pairs: self.pairs,
                posts: self.posts,
                matches: self.matches,
                non_matches: self.non_matches,
            });
        }
        // Compared as printed, so a difference in the last bits of a float refuses nothing.
        let round = |p: f64| (p * 1000.0).round();
        if round(self.after.precision) < round(self.before.precision) {
            return Err(ApplyRefusal::PrecisionFalls {
                before: self.before.precision,
                after: self.after.precision,
            });
        }
        Ok(())
    }
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
    let learned = LearnedWeights::new(&weights);
    fn by_rank<'a>(group: &[Judged<'a>]) -> Vec<Judged<'a>> {
        let mut g = group.to_vec();
        g.sort_by_key(|j| j.rank);
        g
    }
    let before = score(judged, |group| by_rank(group).first().copied());
    // Exactly what the matcher does with applied weights: re-order the post's accounts.
    let after = score(judged, |group| {
        let g = by_rank(group);
        let scores: Vec<f64> = g
            .iter()
            .map(|j| learned.score(features(j.evidence).iter().map(String::as_str)))
            .collect();
        LearnedWeights::order(&scores).first().map(|&i| g[i])
    });
    let posts = judged
        .iter()
        .map(|j| j.group)
        .collect::<BTreeSet<_>>()
        .len();
    Reestimate {
        method: "counting",
        pairs: judged.len(),
        posts,
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
    fn features_name_what_agreed_and_never_an_account_value() {
        let f = |kind, detail: &str| feature(&ev(kind, detail));
        assert_eq!(f(EvidenceKind::Email, "ada@example.com"), "email");
        assert_eq!(
            f(EvidenceKind::Host, "shop.example.com (written \"x\")"),
            "host"
        );
        assert_eq!(
            f(
                EvidenceKind::Handle,
                "author \"aokonkwo\" ~ local part of \"a@x.example\""
            ),
            "handle:local_part"
        );
        assert_eq!(
            f(
                EvidenceKind::Handle,
                "author \"ao\" ~ initials of \"Ada Okonkwo\", shared by 2 accounts"
            ),
            "handle:initials"
        );
        assert_eq!(
            f(
                EvidenceKind::Name,
                "author name = account name \"Ada Okonkwo\""
            ),
            "name:author_name"
        );
        assert_eq!(
            f(
                EvidenceKind::Name,
                "signature \"Ole Olsen\" is not the account's name"
            ),
            "name:signature:not"
        );
        assert_eq!(
            f(EvidenceKind::Context, "plan \"Pro\" stated"),
            "context:plan"
        );
        assert_eq!(
            f(EvidenceKind::Context, "another plan than \"Pro\" stated"),
            "context:plan:not"
        );
        assert_eq!(
            f(EvidenceKind::Context, "customer since about 2019 stated"),
            "context:tenure"
        );
        assert_eq!(
            f(EvidenceKind::Context, "another start than 2019 stated"),
            "context:tenure:not"
        );
        assert_eq!(
            f(
                EvidenceKind::Context,
                "cancellation stated, account cancelled"
            ),
            "context:cancellation"
        );
        assert_eq!(
            f(EvidenceKind::Context, "cancellation stated, account active"),
            "context:cancellation:not"
        );
    }

    #[test]
    fn applying_needs_enough_pairs_and_no_fall_in_precision() {
        let name = [ev(EvidenceKind::Name, "signature = account name \"A O\"")];
        let with_plan = [
            name[0].clone(),
            ev(EvidenceKind::Context, "plan \"Pro\" stated"),
        ];
        let judged = |posts: i64| -> Vec<Judged<'_>> {
            (0..posts)
                .flat_map(|g| {
                    [
                        Judged {
                            group: g,
                            is_match: false,
                            rank: 1,
                            evidence: &name[..],
                        },
                        Judged {
                            group: g,
                            is_match: true,
                            rank: 2,
                            evidence: &with_plan[..],
                        },
                    ]
                })
                .collect()
        };
        let few = reestimate(&judged(MIN_POSTS as i64 - 1));
        assert!(
            matches!(few.may_apply(), Err(ApplyRefusal::TooFew { .. })),
            "{few:?}"
        );
        let enough = reestimate(&judged(MIN_POSTS as i64));
        assert_eq!(enough.posts, MIN_POSTS);
        assert_eq!(enough.may_apply(), Ok(()));
        let mut worse = enough.clone();
        worse.after.precision = worse.before.precision - 0.01;
        worse.before.precision += 0.5;
        assert!(matches!(
            worse.may_apply(),
            Err(ApplyRefusal::PrecisionFalls { .. })
        ));
    }

    #[test]
    fn no_pairs_give_no_weights_and_zero_scores() {
        let r = reestimate(&[]);
        assert!(r.weights.is_empty());
        assert_eq!(r.before.precision, 0.0);
        assert_eq!(r.after.recall, 0.0);
    }
}
