//! Flow control shared by the polls in flight: their uncommitted posts share one budget (the
//! `[store]` batch limits), and their batches go to the store one at a time, so a first scan
//! of sixty sources holds about as much memory as one of a few sources.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::{Semaphore, SemaphorePermit};

use crate::sources::BatchLimits;

/// Shared by every clone of a pipeline.
#[derive(Clone)]
pub(super) struct Flow {
    /// Polls between their first fetch and their last commit.
    polls: Arc<AtomicUsize>,
    /// One batch commits at a time: SQLite has one writer anyway, and a batch waiting here
    /// waits on the runtime, not as a blocking thread parked on the store's lock.
    commits: Arc<Semaphore>,
}

impl Default for Flow {
    fn default() -> Self {
        Flow {
            polls: Arc::default(),
            commits: Arc::new(Semaphore::new(1)),
        }
    }
}

/// A poll in flight; it leaves the count when dropped (also when the poll is cancelled).
pub(super) struct InFlight {
    polls: Arc<AtomicUsize>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.polls.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Flow {
    /// Counts a poll in; call before its first await, so polls started together see each other.
    pub(super) fn enter(&self) -> InFlight {
        self.polls.fetch_add(1, Ordering::Relaxed);
        InFlight {
            polls: self.polls.clone(),
        }
    }

    /// This poll's share of the batch limits: every poll in flight holds up to about three
    /// batches (one gathering, one handed over, one committing), so the limits are divided
    /// among them and the posts held uncommitted stay near three times the configured batch,
    /// whatever the number of sources. A batch still closes only after a whole page.
    pub(super) fn share(&self, limits: BatchLimits) -> BatchLimits {
        let n = self.polls.load(Ordering::Relaxed).max(1);
        BatchLimits {
            posts: (limits.posts / n).max(1),
            bytes: (limits.bytes / n).max(1),
        }
    }

    /// Waits (on the runtime) for the store to take the next batch.
    pub(super) async fn commit_turn(&self) -> SemaphorePermit<'_> {
        self.commits
            .acquire()
            .await
            .expect("the commit semaphore is never closed")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polls_in_flight_share_the_batch_limits() {
        let flow = Flow::default();
        let limits = BatchLimits {
            posts: 600,
            bytes: 6_000,
        };
        let one = flow.enter();
        assert_eq!(flow.share(limits).posts, 600);
        let others: Vec<_> = (0..5).map(|_| flow.enter()).collect();
        let shared = flow.share(limits);
        assert_eq!((shared.posts, shared.bytes), (100, 1_000));
        drop(others);
        drop(one);
        // None in flight (a caller that did not enter): the whole limits, never zero.
        assert_eq!(flow.share(limits).posts, 600);
        let tiny = BatchLimits { posts: 1, bytes: 1 };
        let _many: Vec<_> = (0..10).map(|_| flow.enter()).collect();
        assert_eq!(flow.share(tiny).posts, 1);
    }
}
