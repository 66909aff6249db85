//! Matching posts to customer accounts: indexes over accounts and a Fellegi-Sunter-style score with evidence.
//! A wrong link points a reviewer at a stranger's account, so shared values count little, the
//! vendor's own domains never count, and two close accounts are never decided by guessing.

mod compare;
mod context;
mod handles;
mod incidents;
mod index;
pub mod learn;
mod names;
mod post;
mod weak;

use std::collections::{HashMap, HashSet};

use crate::config::MatchingConfig;
use crate::model::{Candidate, Customer, Evidence, Match, MatchStatus, Ranked};
use crate::normalize::{
    canonical_email, canonical_host, canonical_ip, identifiers, is_free_mail, registrable_domain,
    IdentKind,
};
use compare::Agreement;
use context::Contexts;
use index::{key, Accounts, Index, KeyKind};
use learn::LearnedWeights;
use post::{in_ranges, quoted_ranges};

/// Log2 likelihood-ratio weights of a comparison that agrees on a value only one account has.
/// A value shared by `n` accounts weighs `log2(n)` less (its chance agreement is n times higher).
mod weight {
    /// Log2 prior odds that a post is by an account before any comparison agreed.
    pub const PRIOR: f64 = -1.0;
    pub const EMAIL: f64 = 7.0;
    pub const HOST: f64 = 6.5;
    pub const IP: f64 = 6.0;
    pub const DOMAIN: f64 = 5.0;
    pub const NAME: f64 = 2.0;
    /// A first name with an initial ("Sven H."): many more people share it than a full name.
    pub const NAME_INITIAL: f64 = 1.0;
    /// The post gives its author a full name that is not the account's.
    pub const NAME_DISAGREE: f64 = -4.5;
}

/// Accounts whose score is within this many log2 units of the best fit it about equally well: they
/// are listed as candidates beside the best one, at most [`MAX_CANDIDATES`] of them.
const AMBIGUITY_MARGIN: f64 = 2.0;
const MAX_CANDIDATES: usize = 3;

/// Values shared by more accounts than this (free-mail domains, shared-hosting IPs, common names)
/// identify nobody; skipping them also keeps the work per post independent of the account count.
const MAX_SHARED: usize = 32;

/// Customer accounts indexed for matching posts. Built once at start-up; read-only afterwards.
pub struct Matcher {
    accounts: Accounts,
    contexts: Contexts,
    /// The year "three years with them" counts back from.
    this_year: i32,
    index: Index,
    link_threshold: f64,
    candidate_threshold: f64,
    service_domains: Vec<String>,
    /// Weights reviewers' decisions gave (`match weights --apply`): they order candidates.
    learned: LearnedWeights,
}

/// Collects accounts one at a time (e.g. while streaming the customers table) into a [`Matcher`].
pub struct MatcherBuilder {
    accounts: Accounts,
    contexts: Contexts,
    pairs: Vec<(u64, u32)>,
    link_threshold: f64,
    candidate_threshold: f64,
    service_domains: Vec<String>,
    learned: LearnedWeights,
}

impl MatcherBuilder {
    /// Orders the candidates of each post with weights re-estimated from reviewers' decisions
    /// (`match weights --apply`) instead of the matcher's own score. Links are unaffected.
    pub fn learned(&mut self, weights: &[learn::FeatureWeight]) {
        self.learned = LearnedWeights::new(weights);
    }

    /// Indexes one account. Values under the service's own domains are left out.
    pub fn add(&mut self, c: &Customer) {
        let mut emails = Vec::new();
        let mut hosts = Vec::new();
        let mut ips = Vec::new();
        for e in &c.emails {
            if let Some(e) = canonical_email(e).filter(|e| !self.is_service(domain_of(e))) {
                emails.push(e);
            }
        }
        for h in &c.hosts {
            if let Some(ip) = canonical_ip(h) {
                ips.push(ip);
            } else if let Some(h) = canonical_host(h).filter(|h| !self.is_service(h)) {
                hosts.push(h);
            }
        }
        let id = self.accounts.push(&c.id, &c.name, &emails, &hosts, &ips);
        let mut add = |kind, value: &str| self.pairs.push((key(kind, value), id));
        for e in &emails {
            add(KeyKind::Email, e);
            if let Some(d) = custom_domain(domain_of(e)) {
                add(KeyKind::Domain, &d);
            }
        }
        for h in &hosts {
            add(KeyKind::Host, h);
            if let Some(d) = custom_domain(h) {
                add(KeyKind::Domain, &d);
            }
        }
        for ip in &ips {
            add(KeyKind::Ip, ip);
        }
        let mut forms: Vec<String> = Vec::new();
        for e in &emails {
            let (local, domain) = e.rsplit_once('@').unwrap_or((e, ""));
            forms.extend(handles::local_forms(local).into_iter().map(|(k, _)| k));
            forms.extend(
                custom_domain(domain)
                    .as_deref()
                    .and_then(handles::domain_label),
            );
        }
        for h in &hosts {
            forms.extend(custom_domain(h).as_deref().and_then(handles::domain_label));
        }
        forms.extend(handles::name_forms(&c.name).into_iter().map(|(k, _)| k));
        for f in forms {
            add(KeyKind::Handle, &f);
        }
        for (k, full) in names::account_name_keys(&c.name) {
            add(
                if full {
                    KeyKind::NameFull
                } else {
                    KeyKind::NameInitial
                },
                &k,
            );
        }
        self.contexts.push(c);
    }

    fn is_service(&self, host: &str) -> bool {
        is_under(host, &self.service_domains)
    }

    /// Finishes the index.
    pub fn build(self) -> Matcher {
        let mut accounts = self.accounts;
        accounts.shrink();
        let mut contexts = self.contexts;
        contexts.shrink();
        Matcher {
            accounts,
            contexts,
            this_year: chrono::Datelike::year(&chrono::Utc::now()),
            index: Index::build(self.pairs),
            link_threshold: self.link_threshold,
            candidate_threshold: self.candidate_threshold,
            service_domains: self.service_domains,
            learned: self.learned,
        }
    }
}

fn domain_of(email: &str) -> &str {
    email.rsplit_once('@').map_or("", |(_, d)| d)
}

/// The registrable domain of a host or mail domain, unless it is a free-mail provider's.
fn custom_domain(host: &str) -> Option<String> {
    registrable_domain(host).filter(|d| !is_free_mail(d))
}

fn is_under(host: &str, domains: &[String]) -> bool {
    domains.iter().any(|d| {
        host == d
            || host
                .strip_suffix(d.as_str())
                .is_some_and(|p| p.ends_with('.'))
    })
}

impl Matcher {
    /// Indexes `customers`; `service_domains` are the vendor's own domains, never evidence.
    pub fn new(
        customers: impl IntoIterator<Item = Customer>,
        cfg: &MatchingConfig,
        service_domains: &[String],
    ) -> Matcher {
        let mut b = Matcher::builder(cfg, service_domains);
        for c in customers {
            b.add(&c);
        }
        b.build()
    }

    /// A builder to add accounts by reference.
    pub fn builder(cfg: &MatchingConfig, service_domains: &[String]) -> MatcherBuilder {
        let service_domains = service_domains
            .iter()
            .filter_map(|d| {
                canonical_host(d)
                    .or_else(|| Some(d.trim().to_lowercase()))
                    .filter(|d| !d.is_empty())
            })
            .collect();
        MatcherBuilder {
            accounts: Accounts::default(),
            contexts: Contexts::default(),
            pairs: Vec::new(),
            link_threshold: cfg.link_threshold,
            candidate_threshold: cfg.candidate_threshold,
            service_domains,
            learned: LearnedWeights::default(),
        }
    }

    /// Number of accounts indexed.
    pub fn len(&self) -> usize {
        self.accounts.len()
    }

    /// Whether no account is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Approximate heap bytes held by the index and the account store.
    pub fn heap_bytes(&self) -> usize {
        self.index.heap_bytes() + self.accounts.heap_bytes() + self.contexts.heap_bytes()
    }

    /// The best account for a post, or `None` when nothing reaches `candidate_threshold`.
    /// `text` may contain quotes of other people (`>` lines, "X wrote:"); they are ignored.
    pub fn match_post(&self, author: &str, text: &str) -> Option<Match> {
        self.match_ranked(author, text).matched
    }

    /// The best account for a post and, when two or three fit about equally, all of them ranked.
    pub fn match_ranked(&self, author: &str, text: &str) -> Ranked {
        let mut found: HashMap<u32, Vec<Agreement>> = HashMap::new();
        let quoted = quoted_ranges(text);
        // Each identifier is compared once, however often the post repeats it.
        let mut seen: HashSet<(IdentKind, String)> = HashSet::new();
        for (source, quotes) in [(author, &[][..]), (text, &quoted[..])] {
            let chars: Vec<char> = source.chars().collect();
            for ident in identifiers(source) {
                if in_ranges(quotes, ident.start, ident.end)
                    || !seen.insert((ident.kind, ident.value.clone()))
                {
                    continue;
                }
                let written: String = chars[ident.start..ident.end].iter().collect();
                self.compare_ident(&ident, &written, &mut found);
            }
        }
        let handle_from_name = self.compare_handle(author, &mut found);
        self.compare_names(author, text, &quoted, &handle_from_name, &mut found);
        self.add_context(author, text, &mut found);
        self.decide(found)
    }

    /// Scores every account that agreed on something, links only on a strong, uncontradicted and
    /// clear lead, and otherwise lists the accounts that fit about equally as candidates.
    fn decide(&self, found: HashMap<u32, Vec<Agreement>>) -> Ranked {
        let mut scored: Vec<(u32, f64, Vec<Agreement>)> = found
            .into_iter()
            .map(|(acct, ev)| {
                (
                    acct,
                    weight::PRIOR + ev.iter().map(|a| a.weight).sum::<f64>(),
                    ev,
                )
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let Some(top) = scored.first() else {
            return Ranked::default();
        };
        // Posterior over the competing accounts: a close second takes its share, so a near tie can
        // never reach a confident link.
        let odds: Vec<f64> = scored.iter().map(|s| log_odds_to_odds(s.1)).collect();
        let shared_confidence = odds[0] / (1.0 + odds.iter().sum::<f64>());
        // How well the best account alone explains the evidence, against "none of them".
        let own = |l: f64| {
            let o = log_odds_to_odds(l);
            o / (1.0 + o)
        };
        let strong = top.2.iter().any(Agreement::is_strong);
        // The author's own handle or (reasonably rare) name pointing at another account contradicts the link.
        let contradicted = scored[1..]
            .iter()
            .any(|s| s.2.iter().any(|a| a.from_author && a.weight >= 1.0))
            && !top.2.iter().any(|a| a.from_author);
        if strong && !contradicted && shared_confidence >= self.link_threshold {
            let matched = self.to_match(&scored[0], shared_confidence, MatchStatus::Linked);
            return Ranked {
                matched: Some(matched),
                candidates: Vec::new(),
            };
        }
        // Names, handles and context alone, contradicted evidence or a near tie only ever make
        // candidates for a human to confirm.
        let cap = |c: f64| c.min(self.link_threshold - 0.01).max(0.0);
        let best = top.1;
        // Accounts that fit about equally (namesakes, a handle two accounts share) are judged as a
        // group: together they explain the evidence as well as one account with the value would.
        let mut group: Vec<&(u32, f64, Vec<Agreement>)> = scored
            .iter()
            .take_while(|s| best - s.1 < AMBIGUITY_MARGIN)
            .take(MAX_CANDIDATES + 1)
            .collect();
        // More accounts fit about equally than a reviewer is shown: listing some would hide the
        // others as if those were all, and choosing which is a guess. Such evidence (a name many
        // accounts share) points at nobody.
        if group.len() > MAX_CANDIDATES {
            return Ranked::default();
        }
        let reordered = self.reorder(&mut group);
        let group_odds: f64 = group.iter().map(|s| log_odds_to_odds(s.1)).sum();
        let group_confidence = group_odds / (1.0 + group_odds);
        let confidence = cap(shared_confidence.max(own(best)));
        if cap(group_confidence) < self.candidate_threshold {
            return Ranked::default();
        }
        let candidates: Vec<Candidate> = group
            .iter()
            .map(|s| {
                let m = self.to_match(s, cap(own(s.1)), MatchStatus::Candidate);
                Candidate {
                    customer_id: m.customer_id,
                    confidence: m.confidence,
                    evidence: m.evidence,
                }
            })
            .collect();
        let matched = if reordered {
            self.to_match(group[0], cap(own(group[0].1)), MatchStatus::Candidate)
        } else {
            self.to_match(&scored[0], confidence, MatchStatus::Candidate)
        };
        Ranked {
            matched: Some(matched),
            candidates: if candidates.len() > 1 {
                candidates
            } else {
                Vec::new()
            },
        }
    }

    /// Orders accounts that fit about equally by the applied weights (the order
    /// `learn::reestimate` scored as "after"); returns whether the first one changed.
    fn reorder(&self, group: &mut Vec<&(u32, f64, Vec<Agreement>)>) -> bool {
        if self.learned.is_empty() || group.len() < 2 {
            return false;
        }
        let scores: Vec<f64> = group
            .iter()
            .map(|s| {
                let features: Vec<String> =
                    s.2.iter()
                        .map(|a| learn::feature_of(a.kind, &a.detail))
                        .collect();
                self.learned.score(features.iter().map(String::as_str))
            })
            .collect();
        let order = LearnedWeights::order(&scores);
        let first_changed = order[0] != 0;
        *group = order.into_iter().map(|i| group[i]).collect();
        first_changed
    }

    fn to_match(
        &self,
        s: &(u32, f64, Vec<Agreement>),
        confidence: f64,
        status: MatchStatus,
    ) -> Match {
        let mut evidence: Vec<&Agreement> = s.2.iter().collect();
        evidence.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        Match {
            customer_id: self.accounts.get(s.0).id.to_string(),
            confidence: (confidence * 1000.0).round() / 1000.0,
            status,
            evidence: evidence
                .into_iter()
                .map(|a| Evidence {
                    kind: a.kind,
                    detail: a.detail.clone(),
                })
                .collect(),
        }
    }
}

fn log_odds_to_odds(l: f64) -> f64 {
    2f64.powf(l.min(60.0))
}

#[cfg(test)]
mod tests;
