//! The bundled example's recorded approvals: reviewers' decisions saved with the example's
//! pages (`[example_server] approvals`), replayed by `scan` after each poll of a source the
//! example server it started serves, so the first `scan --once` has approved versions for the
//! watcher to compare the saved staff replies with.
//!
//! Approvals read from a file are a way around the review, so they are held to the gate's
//! rules: only `scan` replays them (`run`'s pipeline never does), only for sources on the
//! address the server of this invocation bound, and only through the queue's policy as the
//! named reviewer (configured reviewers, two people for a disclosure, nothing for a blocked
//! item), each audited as `example:<name>`, a refusal too.

use std::net::SocketAddr;
use std::path::Path;

use tracing::{info, warn};

use super::work::Pipeline;
use crate::config::{parse_recorded_approvals, served_by_example, RecordedApproval, SourceConfig};
use crate::queue::{Actor, People, Queue, State};

impl Pipeline {
    /// The pipeline `scan` uses when it started the example server, bound at `bound`: the
    /// example's recorded approvals are replayed after each poll of a source that server
    /// serves. Without this (as in `run`) the approvals file is never read.
    pub fn replaying_example_approvals(mut self, bound: SocketAddr) -> Self {
        self.example_replay = Some(bound);
        self
    }

    /// Applies the recorded approvals of `source` through the queue's policy (audited, and
    /// only to a pending item whose current version is the recorded one with the recorded
    /// text). Nothing happens unless `scan` asked for it and `source` is served, whole, by the
    /// example server it started; problems are logged and skip the line.
    pub(super) fn replay_example_approvals(&self, source: &SourceConfig) {
        let Some(bound) = self.example_replay else {
            return;
        };
        let Some(file) = self
            .config
            .config
            .example_server
            .as_ref()
            .and_then(|ex| ex.approvals.as_ref())
        else {
            return;
        };
        let path = self.config.resolve(file);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(error) => {
                warn!(message = "Could not read the example's recorded approvals.", path = %path.display(), %error);
                return;
            }
        };
        let mut mine = Vec::new();
        for (line, parsed) in parse_recorded_approvals(&text) {
            match parsed {
                Ok(a) if a.source == source.name => mine.push((line, a)),
                Ok(_) => {}
                Err(error) => {
                    warn!(message = "Skipped a recorded approval.", file = %path.display(), line, %error)
                }
            }
        }
        if mine.is_empty() {
            return;
        }
        // With Discord configured, reviewers decide there: a file never stands in for them.
        if self.config.config.discord.is_some() {
            warn!(message = "Ignored the example's recorded approvals: [discord] is configured, and reviewers decide there.", source = %source.name, file = %path.display());
            return;
        }
        // Never for a source the server this scan started does not serve.
        if let Err(why) = served_by_example(source, bound) {
            warn!(message = "Ignored the example's recorded approvals: their source is not served by this scan's example server.", source = %source.name, server = %bound, file = %path.display(), why);
            return;
        }
        let people = People::from_config(&self.config.config.reviewers);
        for (line, a) in &mine {
            self.replay_one(a, &people, &path, *line);
        }
    }

    fn replay_one(&self, a: &RecordedApproval, people: &People, path: &Path, line: usize) {
        let queue = Queue::with_people(&self.store, people);
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
        let actor = match people.example_actor(&a.by) {
            Ok(actor) => actor,
            // Refused and audited as the queue refuses an unknown CLI user: nothing approved.
            Err(e) => {
                let nobody = Actor::new(format!("example:{}", a.by.trim()), false, false);
                if let Err(error) =
                    queue.record_refusal(Some(id), &nobody, "approve", &e.to_string())
                {
                    warn!(message = "Could not audit a refused recorded approval.", item = id, %error);
                }
                return skip(e.to_string());
            }
        };
        if view.version != a.version || view.reply != a.reply {
            return skip(format!(
                "item #{id} is at version {}, not the recorded version {} with the recorded text",
                view.version, a.version
            ));
        }
        // Replayed on every scan: a person's approval already given is not asked for again.
        if view
            .approvals
            .iter()
            .any(|g| people.same_person(&g.by, &actor.id))
        {
            return;
        }
        // The queue decides, as for any reviewer; a refusal is audited under the same name.
        match queue.approve(id, a.version, &actor, &a.reason) {
            Ok(_) => {
                info!(message = "Replayed a recorded approval of the example.", item = id, by = %actor.id)
            }
            Err(e) => skip(e.to_string()),
        }
    }
}
