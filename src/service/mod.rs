//! The running service: the scan pipeline, the scheduler of `run`, and the loopback server
//! of the bundled example. The glue from sources to store, matching, assessment and queue.

mod assessing;
pub mod control;
pub mod example_server;
pub mod pipeline;
pub mod repair;
pub mod scheduler;

pub use pipeline::{Pipeline, PipelineError, PollReport};
