//! The running service: the scan pipeline, the scheduler of `run`, and the loopback server
//! of the bundled example. The glue from sources to store, matching, assessment and queue.

mod assessing;
pub mod backfill;
pub mod control;
pub mod digest;
mod example_approvals;
pub mod example_server;
pub mod metrics;
pub mod pipeline;
mod pipeline_flow;
mod pipeline_prepare;
pub mod reload;
pub mod repair;
pub mod scheduler;
pub mod stats;
pub mod verify;
pub mod window;
mod work;

pub use pipeline::{Pipeline, PipelineError, PollReport};
