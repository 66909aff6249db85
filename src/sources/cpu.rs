//! The process-wide bound on CPU work moved off the async runtime (page parses, the
//! pipeline's batch commits with their matching and assessment): about one task per core,
//! so sixty sources polled together do not mean sixty busy threads, each with its own
//! allocator arena.

use std::sync::OnceLock;

use tokio::sync::{Semaphore, SemaphorePermit};

/// The semaphore every CPU task takes a permit of; sized on first use.
fn slots() -> &'static Semaphore {
    static SLOTS: OnceLock<Semaphore> = OnceLock::new();
    SLOTS.get_or_init(|| Semaphore::new(limit()))
}

/// How many CPU tasks run at once: the cores this process may use (at least one).
pub fn limit() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Waits (on the runtime, not as a parked thread) for a CPU slot; the task holds it while it
/// runs on the blocking pool and gives it back when the permit drops.
pub async fn slot() -> SemaphorePermit<'static> {
    slots()
        .acquire()
        .await
        .expect("the CPU semaphore is never closed")
}

/// Runs `work` on the blocking pool once a CPU slot is free. The blocking pool only grows
/// past the slots for work that does not come through here (file IO, the store's reads).
pub async fn run<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, tokio::task::JoinError> {
    let _slot = slot().await;
    tokio::task::spawn_blocking(work).await
}

/// Caps glibc's malloc arenas at the number of CPU slots. glibc gives threads that allocate
/// at the same time arenas of their own (up to eight per core), and each keeps the memory
/// freed in it; with CPU work bounded to the slots, more arenas only hold more idle memory
/// (a first scan of sixty sources peaked about 11% lower with the cap). Call once at start,
/// before other threads exist. Other platforms and allocators: nothing to do.
pub fn cap_allocator_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let arenas = i32::try_from(limit()).unwrap_or(i32::MAX);
        // SAFETY: mallopt only sets an allocator parameter; M_ARENA_MAX takes any positive
        // count, and an unaccepted value is refused (returns 0), never undefined.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, arenas);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn at_most_limit_tasks_run_at_once() {
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..4 * limit() + 8)
            .map(|i| {
                let (running, most) = (running.clone(), most.clone());
                tokio::spawn(run(move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(5));
                    running.fetch_sub(1, Ordering::SeqCst);
                    i
                }))
            })
            .collect();
        let mut done = 0;
        for (i, task) in tasks.into_iter().enumerate() {
            assert_eq!(task.await.unwrap().unwrap(), i);
            done += 1;
        }
        assert_eq!(done, 4 * limit() + 8);
        let most = most.load(Ordering::SeqCst);
        assert!(
            (1..=limit()).contains(&most),
            "{most} tasks ran at once, limit {}",
            limit()
        );
    }
}
