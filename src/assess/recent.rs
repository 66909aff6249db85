//! The last few posts' and accounts' readings, kept per thread: a post is answered by several
//! replies (drafts, edits, `explain` after `assess`, a reply read against each candidate
//! account) and an account is matched to many posts, so their context is built once for them.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

/// How many posts and accounts each thread keeps.
const KEPT: usize = 8;

/// The longest post (in bytes) whose reading is kept: longer posts are read each time, so the
/// table holds at most a few hundred kilobytes per thread.
pub(crate) const MAX_KEPT_POST_BYTES: usize = 16 * 1024;

/// A fresh identity for an assessor: what it builds from a post depends on its policy and
/// service, so readings are kept per assessor (its clones share the identity and the policy).
pub(crate) fn next_assessor_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// A small table of the most recently used entries, compared by their whole key.
pub(crate) struct Recent<K, V> {
    entries: VecDeque<(K, Rc<V>)>,
}

impl<K, V> Default for Recent<K, V> {
    fn default() -> Self {
        Recent {
            entries: VecDeque::new(),
        }
    }
}

impl<K, V> Recent<K, V> {
    /// The value kept for a key `is_key` accepts, or the one `build` makes (then kept as
    /// `key()`, the oldest entry dropped when the table is full).
    pub(crate) fn get_or_insert(
        &mut self,
        is_key: impl Fn(&K) -> bool,
        key: impl FnOnce() -> K,
        build: impl FnOnce() -> V,
    ) -> Rc<V> {
        if let Some(i) = self.entries.iter().position(|(k, _)| is_key(k)) {
            let entry = self.entries.remove(i).expect("position found");
            let value = Rc::clone(&entry.1);
            self.entries.push_back(entry);
            return value;
        }
        let value = Rc::new(build());
        if self.entries.len() >= KEPT {
            self.entries.pop_front();
        }
        self.entries.push_back((key(), Rc::clone(&value)));
        value
    }
}

/// Runs `f` with this thread's table from `cell`.
pub(crate) fn with<K, V, R>(
    cell: &'static std::thread::LocalKey<RefCell<Recent<K, V>>>,
    f: impl FnOnce(&mut Recent<K, V>) -> R,
) -> R {
    cell.with(|c| f(&mut c.borrow_mut()))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::assess::{AssessConfig, AssessInput, Assessor, Profile};
    use crate::config::ServiceConfig;
    use crate::model::{AccountStatus, Assessment, Customer};

    fn customer(name: &str, host: &str) -> Customer {
        Customer {
            id: "C-1".into(),
            name: name.into(),
            emails: vec![],
            hosts: vec![host.into()],
            status: AccountStatus::Active,
            plan: Some("Business Pro".into()),
            created_at: None,
            cancelled_at: None,
            facts: BTreeMap::new(),
        }
    }

    /// Every reading kept for one post, account or assessor is read again for another that
    /// differs in one field only; each answer must be the one a fresh thread (nothing kept)
    /// gives.
    #[test]
    fn kept_readings_answer_as_fresh_ones() {
        let service = |domain: &str| ServiceConfig {
            name: "Smart Security Scan".into(),
            domains: vec![domain.into()],
            ..Default::default()
        };
        let strict = AssessConfig {
            profile: Profile::Strict,
            ..AssessConfig::default()
        };
        // A configured account term makes "my warp drive" a relationship the post declares.
        let own_terms = AssessConfig {
            account_terms: vec!["warp drive".into()],
            ..AssessConfig::default()
        };
        let assessors = [
            Assessor::new(&AssessConfig::default(), &service("smartsecurityscan.com")).unwrap(),
            Assessor::new(&AssessConfig::default(), &service("kowalczyk-design.de")).unwrap(),
            Assessor::new(&strict, &service("smartsecurityscan.com")).unwrap(),
            Assessor::new(&own_terms, &service("smartsecurityscan.com")).unwrap(),
        ];
        // The same id with another name and host: a kept account must not answer for it.
        let customers = [
            customer("Maria Huber", "shop.kowalczyk-design.de"),
            customer("Jan Novak", "203.0.113.9"),
        ];
        let posts = [
            (
                "pixelfox",
                "My shop at shop.kowalczyk-design.de is down, I'm a customer.",
            ),
            (
                "Maria Huber",
                "My shop at shop.kowalczyk-design.de is down, I'm a customer.",
            ),
            (
                "pixelfox",
                "Is 203.0.113.9 blocked? I'm on the Business Pro plan.",
            ),
            ("pixelfox", "Is 203[.]0[.]113[.]9 blocked?"),
            ("pixelfox", "Since yesterday my warp drive is broken."),
        ];
        let replies = [
            "Hi Maria Huber, shop.kowalczyk-design.de is back and 203.0.113.9 is unblocked.",
            "You have been on Business Pro since 2019; we checked the logs of your shop.",
            "Your warp drive was renewed, so your warp drive runs until May.",
        ];
        let mut cases = Vec::new();
        for a in 0..assessors.len() {
            for c in 0..=customers.len() {
                for p in 0..posts.len() {
                    for r in 0..replies.len() {
                        cases.push((a, c, p, r));
                    }
                }
            }
        }
        // The assessment, and what the post declared as the assessor read it.
        let run = |&(a, c, p, r): &(usize, usize, usize, usize)| -> (Assessment, bool) {
            let input = AssessInput {
                customer: customers.get(c),
                post_author: posts[p].0,
                post_text: posts[p].1,
                reply: replies[r],
            };
            let declares = assessors[a].public(&input).post.declares_relationship;
            (assessors[a].assess(&input), declares)
        };
        let fresh: Vec<(Assessment, bool)> = std::thread::scope(|s| {
            cases
                .iter()
                .map(|case| s.spawn(|| run(case)).join().expect("fresh thread"))
                .collect()
        });
        // Twice over, interleaved, so every key is read while others are kept.
        for round in 0..2 {
            for (i, case) in cases.iter().enumerate().rev() {
                assert_eq!(run(case), fresh[i], "round {round}, case {case:?}");
            }
        }
        // The cases must tell the keys apart, or the comparison proves nothing.
        let distinct: std::collections::HashSet<String> =
            fresh.iter().map(|a| format!("{a:?}")).collect();
        assert!(distinct.len() >= 8, "{} distinct answers", distinct.len());
        let declared = |a: usize| {
            fresh
                .iter()
                .zip(&cases)
                .any(|(f, c)| c.0 == a && c.2 == 4 && f.1)
        };
        assert!(
            declared(3) && !declared(0),
            "only the configured term declares"
        );
    }

    #[test]
    fn keeps_the_most_recent_and_builds_the_rest() {
        let mut r: Recent<u32, String> = Recent::default();
        let mut built = 0;
        for k in [1, 2, 1, 3, 1] {
            r.get_or_insert(
                |x| *x == k,
                || k,
                || {
                    built += 1;
                    k.to_string()
                },
            );
        }
        assert_eq!(built, 3);
        for k in 10..10 + KEPT as u32 {
            r.get_or_insert(|x| *x == k, || k, || k.to_string());
        }
        // 1 was pushed out by the newer keys and is built again.
        let mut rebuilt = false;
        let v = r.get_or_insert(
            |x| *x == 1,
            || 1,
            || {
                rebuilt = true;
                "1".into()
            },
        );
        assert!(rebuilt);
        assert_eq!(*v, "1");
    }
}
