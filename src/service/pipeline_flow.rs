//! Flow control shared by the polls in flight: their uncommitted posts share one budget (the
//! `[store]` batch limits), and their batches go to the store one at a time, so a first scan
//! of sixty sources holds about as much memory as one of a few sources; and the repair work
//! that reads every source's items runs once per burst of polls, not once per poll.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{Semaphore, SemaphorePermit};

use crate::sources::{BatchLimits, PageBudget};

/// Shared by every clone of a pipeline.
#[derive(Clone)]
pub(super) struct Flow {
    /// Polls between their first fetch and their last commit.
    polls: Arc<AtomicUsize>,
    /// Polls that have not reached their last commit yet (a poll leaves this count at its
    /// last commit turn, so the polls finishing one after another see it fall to zero).
    open: Arc<AtomicUsize>,
    /// When the open items of all sources were last swept (`Pipeline::repair`'s relink).
    last_sweep: Arc<Mutex<Instant>>,
    /// One batch commits at a time: SQLite has one writer anyway, and a batch waiting here
    /// waits on the runtime, not as a blocking thread parked on the store's lock.
    commits: Arc<Semaphore>,
    /// The parsed pages all polls hold until their commit (`[store] pages_in_hand`): a
    /// server faster than the CPU made every poll run three or four pages ahead, so memory
    /// grew with the number of sources.
    pub(super) pages: PageBudget,
}

impl Default for Flow {
    fn default() -> Self {
        Flow::new(crate::config::default_pages_in_hand())
    }
}

impl Flow {
    /// Flow control for polls that together hold at most `pages_in_hand` parsed pages.
    pub(super) fn new(pages_in_hand: usize) -> Self {
        Flow {
            polls: Arc::default(),
            open: Arc::default(),
            // `run` sweeps everything at start (`repair_all`); a pipeline's first burst of
            // polls sweeps at its end.
            last_sweep: Arc::new(Mutex::new(Instant::now())),
            commits: Arc::new(Semaphore::new(1)),
            pages: PageBudget::new(pages_in_hand),
        }
    }
}

/// The longest a sweep of every source's open items waits while polls keep overlapping (many
/// sources on short intervals): an item whose post was matched after it was queued is linked
/// to its account within about this long.
pub(super) const SWEEP_AT_LEAST_EVERY: Duration = Duration::from_secs(60);

/// A poll in flight; it leaves the counts when dropped (also when the poll is cancelled).
pub(super) struct InFlight {
    polls: Arc<AtomicUsize>,
    open: Arc<AtomicUsize>,
    /// It left `open` at its last commit turn already.
    finished: bool,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.polls.fetch_sub(1, Ordering::Relaxed);
        if !self.finished {
            self.open.fetch_sub(1, Ordering::AcqRel);
        }
    }
}

impl InFlight {
    /// Called once, holding the poll's last commit turn: whether this poll's repair also sweeps
    /// the open items of every source (the relink). That sweep reads every matched post of
    /// the store, whichever source polled, so sixty sources scanned together ran it sixty
    /// times; now the last poll of a burst to commit runs it, or any poll once the last sweep
    /// is `SWEEP_AT_LEAST_EVERY` old. Commit turns come one at a time, so exactly one poll of
    /// the polls started together sees itself the last.
    pub(super) fn finish(&mut self, flow: &Flow, now: Instant) -> bool {
        let last = if self.finished {
            false
        } else {
            self.finished = true;
            self.open.fetch_sub(1, Ordering::AcqRel) == 1
        };
        let mut swept = flow.last_sweep.lock().unwrap_or_else(|e| e.into_inner());
        let due = last || now.saturating_duration_since(*swept) >= SWEEP_AT_LEAST_EVERY;
        if due {
            *swept = now;
        }
        due
    }
}

impl Flow {
    /// Counts a poll in; call before its first await, so polls started together see each other.
    pub(super) fn enter(&self) -> InFlight {
        self.polls.fetch_add(1, Ordering::Relaxed);
        self.open.fetch_add(1, Ordering::AcqRel);
        InFlight {
            polls: self.polls.clone(),
            open: self.open.clone(),
            finished: false,
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

    #[test]
    fn the_last_poll_of_a_burst_sweeps_the_items_of_all_sources() {
        let flow = Flow::default();
        let now = Instant::now();
        let mut polls: Vec<_> = (0..5).map(|_| flow.enter()).collect();
        // One finishes early and another is dropped unfinished (a failed poll): neither is
        // the last one open.
        assert!(!polls[0].finish(&flow, now));
        polls.remove(1);
        assert!(!polls[1].finish(&flow, now));
        assert!(!polls[2].finish(&flow, now));
        assert!(polls[3].finish(&flow, now), "the last to finish sweeps");
        assert!(!polls[3].finish(&flow, now), "once");
        drop(polls);
        // A poll alone sweeps, as one of a burst's polls did before.
        let mut alone = flow.enter();
        assert!(alone.finish(&flow, now));
        drop(alone);
        // Polls that keep overlapping still sweep once the last sweep is old.
        let _long = flow.enter();
        let mut a = flow.enter();
        assert!(!a.finish(&flow, now + Duration::from_secs(1)));
        let mut b = flow.enter();
        assert!(b.finish(&flow, now + SWEEP_AT_LEAST_EVERY));
        let mut c = flow.enter();
        assert!(!c.finish(&flow, now + SWEEP_AT_LEAST_EVERY + Duration::from_secs(1)));
    }
}
