//! The running service: scheduler, scan pipeline and the glue from sources to store, matching, assessment and queue.
