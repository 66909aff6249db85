//! The evidence weights applied with `match weights --apply`: written as a whole with their
//! audit entry, read by the matcher when it is built.

use rusqlite::params;

use super::{At, AuditEntry, Result, Store};
use crate::matching::learn::FeatureWeight;

impl Store {
    /// The applied weights, by feature name; empty until `match weights --apply` ran.
    pub fn match_weights(&self) -> Result<Vec<FeatureWeight>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT feature, weight, in_matches, in_non_matches FROM match_weights
                 ORDER BY feature",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(FeatureWeight {
                    feature: r.get(0)?,
                    weight: r.get(1)?,
                    in_matches: r.get::<_, i64>(2)? as usize,
                    in_non_matches: r.get::<_, i64>(3)? as usize,
                })
            })?;
            rows.collect()
        })
    }

    /// Replaces the applied weights with `weights` and records it in the audit trail, in one
    /// transaction: the weights never change without their entry.
    pub fn apply_match_weights(
        &self,
        weights: &[FeatureWeight],
        actor: &str,
        detail: &str,
    ) -> Result<AuditEntry> {
        self.write(|tx| {
            tx.tx.execute("DELETE FROM match_weights", []).at(tx.path)?;
            for w in weights {
                tx.tx
                    .prepare_cached(
                        "INSERT INTO match_weights (feature, weight, in_matches, in_non_matches)
                         VALUES (?1, ?2, ?3, ?4)",
                    )
                    .and_then(|mut s| {
                        s.execute(params![
                            w.feature,
                            w.weight,
                            w.in_matches as i64,
                            w.in_non_matches as i64
                        ])
                    })
                    .at(tx.path)?;
            }
            tx.append_audit(actor, "apply_match_weights", None, None, detail)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(feature: &str, weight: f64) -> FeatureWeight {
        FeatureWeight {
            feature: feature.into(),
            in_matches: 1,
            in_non_matches: 2,
            weight,
        }
    }

    #[test]
    fn applying_replaces_the_weights_and_audits_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db.sqlite3")).unwrap();
        assert!(store.match_weights().unwrap().is_empty());
        store
            .apply_match_weights(
                &[w("context:plan", 1.5), w("name:signature", -0.5)],
                "cli:a",
                "first",
            )
            .unwrap();
        let e = store
            .apply_match_weights(&[w("context:plan", 0.25)], "cli:b", "second")
            .unwrap();
        assert_eq!(
            (e.actor.as_str(), e.action.as_str()),
            ("cli:b", "apply_match_weights")
        );
        assert_eq!(store.match_weights().unwrap(), [w("context:plan", 0.25)]);
        let entries = store.audit_entries(None).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(store.audit_verify().unwrap(), 2);
    }
}
