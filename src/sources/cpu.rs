//! The process-wide bound on CPU work moved off the async runtime (page parses, the
//! pipeline's batch preparation and commits with their matching and assessment): a fixed set
//! of worker threads, one per core, so sixty sources polled together do not mean sixty busy
//! threads, each with its own allocator arena and its own cache for every regex it runs.

use std::sync::{mpsc, Arc, Mutex, OnceLock};

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

/// The CPU work was dropped unrun: the process is shutting down.
#[derive(Debug, thiserror::Error)]
#[error("CPU work was dropped before it ran")]
pub struct Dropped;

type Job = Box<dyn FnOnce() + Send>;

/// The queue of the CPU workers: `limit()` threads started on first use, living as long as
/// the process. Always the same few threads, so what each thread keeps for reuse (a regex's
/// lazy-DFA cache is one per thread that ran it concurrently, up to megabytes each; an
/// allocator arena) is kept a few times, not once per thread of tokio's blocking pool,
/// which grows to one thread per waiting task and hands work to any of them.
fn workers() -> &'static Mutex<mpsc::Sender<Job>> {
    static QUEUE: OnceLock<Mutex<mpsc::Sender<Job>>> = OnceLock::new();
    QUEUE.get_or_init(|| {
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        for i in 0..limit() {
            let receiver = receiver.clone();
            std::thread::Builder::new()
                .name(format!("reviewgate-cpu-{i}"))
                .spawn(move || loop {
                    // The lock is held only while waiting for the next job, not while it runs.
                    let job = receiver.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                })
                .expect("the CPU worker threads can be started");
        }
        Mutex::new(sender)
    })
}

/// Runs `work` on a CPU worker once a CPU slot is free, in the caller's runtime context (so
/// it may use `tokio::runtime::Handle::current()` as blocking-pool work may). A panic in
/// `work` is resumed in the caller, as a panic of the calling task.
pub async fn run<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Dropped> {
    let _slot = slot().await;
    let (done, answer) = tokio::sync::oneshot::channel();
    let runtime = tokio::runtime::Handle::try_current().ok();
    let job: Job = Box::new(move || {
        let _entered = runtime.as_ref().map(|r| r.enter());
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
        // The caller may have gone (its task cancelled): the result is dropped with it.
        let _ = done.send(result);
    });
    let sent = workers()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .send(job)
        .is_ok();
    if !sent {
        return Err(Dropped);
    }
    match answer.await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => Err(Dropped),
    }
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn cpu_work_runs_on_the_same_few_threads_whatever_else_blocks() {
        // Other blocking work (store reads waiting on the store's lock) grows tokio's blocking
        // pool to many idle threads; CPU work must not spread over them, or every one of them
        // keeps its own regex caches and allocator arena.
        let gate = Arc::new(std::sync::Barrier::new(24));
        let waits: Vec<_> = (0..24)
            .map(|_| {
                let gate = gate.clone();
                tokio::task::spawn_blocking(move || {
                    gate.wait();
                })
            })
            .collect();
        for w in waits {
            w.await.unwrap();
        }
        let tasks: Vec<_> = (0..64)
            .map(|_| {
                tokio::spawn(run(|| {
                    std::thread::sleep(Duration::from_millis(1));
                    let me = std::thread::current();
                    (me.id(), me.name().unwrap_or_default().to_string())
                }))
            })
            .collect();
        let mut threads = std::collections::HashSet::new();
        for task in tasks {
            let (id, name) = task.await.unwrap().unwrap();
            assert!(name.starts_with("reviewgate-cpu-"), "ran on {name:?}");
            threads.insert(id);
        }
        assert!(
            threads.len() <= limit(),
            "{} threads ran CPU work, limit {}",
            threads.len(),
            limit()
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[should_panic(expected = "a bug in the parser")]
    async fn a_panic_in_cpu_work_is_a_panic_of_the_caller() {
        let _ = run(|| panic!("a bug in the parser")).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_worker_survives_a_panic_of_its_work() {
        for _ in 0..2 * limit() {
            let caught = tokio::spawn(run(|| panic!("boom"))).await;
            assert!(caught.unwrap_err().is_panic());
        }
        assert_eq!(run(|| 7).await.unwrap(), 7);
    }
}
