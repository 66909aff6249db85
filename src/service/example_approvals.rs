//! The bundled example's recorded approvals: reviewers' decisions saved with the example's
//! pages (`[example_server] approvals`), replayed after each poll of a source the example
//! server serves, so the first `scan --once` has approved versions for the watcher to
//! compare the saved staff replies with. Only for the example: no other source is touched.

use std::path::Path;

use serde::Deserialize;
use tracing::{info, warn};

use super::work::Pipeline;
use crate::config::SourceConfig;
use crate::queue::{Actor, Queue, State};

/// One recorded approval (a JSON line).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordedApproval {
    source: String,
    post_id: String,
    version: u32,
    /// The reviewer's name; the audit trail records `example:<by>`.
    by: String,
    reason: String,
    /// The exact text approved: the approval applies only to an item showing these words.
    reply: String,
}

impl Pipeline {
    /// Applies the recorded approvals of `source` through the queue's policy (audited, and
    /// only to a pending item whose current version is the recorded one with the recorded
    /// text). A source not served by the example server is never touched; problems are
    /// logged and skip the line.
    pub(super) fn replay_example_approvals(&self, source: &SourceConfig) {
        let Some(ex) = &self.config.config.example_server else {
            return;
        };
        let Some(file) = &ex.approvals else { return };
        if !source
            .url
            .starts_with(&format!("http://{}/", ex.listen.trim()))
        {
            return;
        }
        let path = self.config.resolve(file);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(error) => {
                warn!(message = "Could not read the example's recorded approvals.", path = %path.display(), %error);
                return;
            }
        };
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<RecordedApproval>(line) {
                Ok(a) if a.source == source.name => self.replay_one(&a, &path, n + 1),
                Ok(_) => {}
                Err(error) => {
                    warn!(message = "Skipped a recorded approval.", file = %path.display(), line = n + 1, %error)
                }
            }
        }
    }

    fn replay_one(&self, a: &RecordedApproval, path: &Path, line: usize) {
        let queue = Queue::new(&self.store);
        let skip = |why: String| {
            warn!(message = "Skipped a recorded approval.", file = %path.display(), line, post = %a.post_id, why);
        };
        let id = match queue.open_item_for_post(&a.source, &a.post_id) {
            Ok(Some(id)) => id,
            Ok(None) => return,
            Err(e) => return skip(e.to_string()),
        };
        let view = match queue.show(id) {
            Ok(v) => v,
            Err(e) => return skip(e.to_string()),
        };
        if view.state != State::Pending {
            return;
        }
        if view.version != a.version || view.reply != a.reply {
            return skip(format!(
                "item #{id} is at version {}, not the recorded version {} with the recorded text",
                view.version, a.version
            ));
        }
        let actor = Actor::new(format!("example:{}", a.by), true, false);
        match queue.approve(id, a.version, &actor, &a.reason) {
            Ok(_) => {
                info!(message = "Replayed a recorded approval of the example.", item = id, by = %actor.id)
            }
            Err(e) => skip(e.to_string()),
        }
    }
}
