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
    use super::*;

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
