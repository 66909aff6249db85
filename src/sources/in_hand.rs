//! The bound on parsed pages held by the polls running together ([`PageBudget`]): a page takes
//! a place once fetched, before it is parsed, and gives it back when its posts are committed,
//! so a server faster than the CPU can not make pages pile up behind the CPU workers.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Places for pages between their parse and their commit, shared by every poll of a pipeline.
#[derive(Debug, Clone)]
pub struct PageBudget {
    places: Arc<Semaphore>,
    size: usize,
    /// The most places taken at once so far (for tests and measurements).
    most: Arc<AtomicUsize>,
}

/// The places taken by the pages of a batch; they are given back when this is dropped (after
/// the batch's commit, or with it when the poll stops).
#[derive(Debug, Default)]
pub struct PagesInHand(Option<OwnedSemaphorePermit>);

impl PagesInHand {
    /// Adds the places of `other` to these.
    pub fn absorb(&mut self, other: PagesInHand) {
        match (&mut self.0, other.0) {
            (Some(mine), Some(theirs)) => mine.merge(theirs),
            (mine @ None, theirs) => *mine = theirs,
            (Some(_), None) => {}
        }
    }

    /// How many pages these places stand for.
    pub fn pages(&self) -> usize {
        self.0.as_ref().map_or(0, OwnedSemaphorePermit::num_permits)
    }
}

impl PageBudget {
    /// A budget of `pages` places (at least one).
    pub fn new(pages: usize) -> PageBudget {
        let size = pages.clamp(1, Semaphore::MAX_PERMITS);
        PageBudget {
            places: Arc::new(Semaphore::new(size)),
            size,
            most: Arc::default(),
        }
    }

    /// A place for one page, if one is free now.
    pub fn try_take(&self) -> Option<PagesInHand> {
        let permit = self.places.clone().try_acquire_owned().ok()?;
        self.note_taken();
        Some(PagesInHand(Some(permit)))
    }

    /// Waits (on the runtime) for a place for one page.
    pub async fn take(&self) -> PagesInHand {
        let permit = self
            .places
            .clone()
            .acquire_owned()
            .await
            .expect("the page budget's semaphore is never closed");
        self.note_taken();
        PagesInHand(Some(permit))
    }

    /// The most places taken at once since the budget was made.
    pub fn most_taken(&self) -> usize {
        self.most.load(Ordering::Relaxed)
    }

    /// How many places the budget has.
    pub fn size(&self) -> usize {
        self.size
    }

    fn note_taken(&self) {
        let taken = self.size - self.places.available_permits();
        self.most.fetch_max(taken, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn places_come_back_when_the_pages_are_dropped() {
        let budget = PageBudget::new(3);
        let mut batch = budget.try_take().unwrap();
        batch.absorb(budget.try_take().unwrap());
        batch.absorb(PagesInHand::default());
        let third = budget.take().await;
        assert_eq!(batch.pages(), 2);
        assert!(budget.try_take().is_none(), "all three places are taken");
        drop(batch);
        assert!(budget.try_take().is_some());
        drop(third);
        assert_eq!(budget.most_taken(), 3);
        assert_eq!(PageBudget::new(0).size(), 1, "never a budget of nothing");
    }
}
