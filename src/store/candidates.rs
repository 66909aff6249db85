//! The ranked candidates of a post's match, stored beside the match so a reviewer can pick one
//! (or reject all) later.

use rusqlite::params;

use super::{col_json, to_json, At, Result, Store, StoreError, Tx};
use crate::model::Candidate;

impl Tx<'_> {
    /// Replaces the candidates of a stored post inside this transaction (the poll's own, so a
    /// new post and its candidates are committed together).
    pub fn set_post_candidates(
        &self,
        source: &str,
        post_id: &str,
        candidates: &[Candidate],
    ) -> Result<()> {
        let tx = self;
        let exists: bool = tx
            .tx
            .prepare_cached("SELECT EXISTS(SELECT 1 FROM posts WHERE source = ?1 AND id = ?2)")
            .and_then(|mut s| s.query_row(params![source, post_id], |r| r.get(0)))
            .at(tx.path)?;
        if !exists {
            return Err(StoreError::NotFound {
                path: tx.path.to_path_buf(),
                what: format!("post {post_id} of source {source}"),
            });
        }
        tx.tx
            .prepare_cached("DELETE FROM match_candidates WHERE source = ?1 AND post_id = ?2")
            .and_then(|mut s| s.execute(params![source, post_id]))
            .at(tx.path)?;
        let mut insert = tx
                .tx
                .prepare_cached(
                    "INSERT INTO match_candidates (source, post_id, rank, customer_id, confidence, evidence)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .at(tx.path)?;
        for (rank, c) in candidates.iter().enumerate() {
            insert
                .execute(params![
                    source,
                    post_id,
                    rank as i64,
                    c.customer_id,
                    c.confidence,
                    to_json(&c.evidence)
                ])
                .at(tx.path)?;
        }
        Ok(())
    }
}

impl Store {
    /// Replaces the candidates of a stored post (an empty list clears them).
    pub fn set_post_candidates(
        &self,
        source: &str,
        post_id: &str,
        candidates: &[Candidate],
    ) -> Result<()> {
        self.write(|tx| tx.set_post_candidates(source, post_id, candidates))
    }

    /// The candidates of a stored post, best first (empty when its match was clear or absent).
    pub fn post_candidates(&self, source: &str, post_id: &str) -> Result<Vec<Candidate>> {
        self.read(|c| load_candidates(c, source, post_id))
    }
}

impl Tx<'_> {
    /// [`Store::post_candidates`] inside this transaction (the poll's, or a queue action's).
    pub fn post_candidates(&self, source: &str, post_id: &str) -> Result<Vec<Candidate>> {
        load_candidates(&self.tx, source, post_id).at(self.path)
    }
}

fn load_candidates(
    c: &rusqlite::Connection,
    source: &str,
    post_id: &str,
) -> rusqlite::Result<Vec<Candidate>> {
    let mut s = c.prepare_cached(
        "SELECT customer_id, confidence, evidence FROM match_candidates
         WHERE source = ?1 AND post_id = ?2 ORDER BY rank",
    )?;
    let rows = s.query_map(params![source, post_id], |r| {
        Ok(Candidate {
            customer_id: r.get(0)?,
            confidence: r.get(1)?,
            evidence: col_json(r, 2)?,
        })
    })?;
    rows.collect()
}
