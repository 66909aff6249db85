//! Persistence of reviewers' flags on the gate's decisions (`crate::model::review::Flag`).

use rusqlite::params;

use super::{col_ts, ts, At, Result, Tx};
use crate::model::review::{Flag, FlagKind};

fn bad_text(idx: usize, msg: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, msg.into())
}

fn decision_col(r: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<crate::model::Decision> {
    let s: String = r.get(idx)?;
    serde_json::from_value(serde_json::Value::String(s.clone()))
        .map_err(|_| bad_text(idx, format!("{s:?} is not a decision")))
}

fn flag_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Flag> {
    let kind: String = r.get(2)?;
    Ok(Flag {
        item_id: r.get(0)?,
        version: r.get(1)?,
        kind: kind.parse::<FlagKind>().map_err(|e| bad_text(2, e))?,
        decision: decision_col(r, 3)?,
        expected: decision_col(r, 4)?,
        note: r.get(5)?,
        by: r.get(6)?,
        at: col_ts(r, 7)?.unwrap_or_default(),
    })
}

impl Tx<'_> {
    /// Records one flag.
    pub(crate) fn add_queue_flag(&self, flag: &Flag) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO queue_flags (item_id, version, kind, decision, expected, note, by, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    flag.item_id,
                    flag.version,
                    flag.kind.as_str(),
                    flag.decision.as_str(),
                    flag.expected.as_str(),
                    flag.note,
                    flag.by,
                    ts(flag.at)
                ])
            })
            .at(self.path)?;
        Ok(())
    }

    /// Every flag, oldest first.
    pub fn queue_flags(&self) -> Result<Vec<Flag>> {
        self.tx
            .prepare_cached(
                "SELECT item_id, version, kind, decision, expected, note, by, at
                 FROM queue_flags ORDER BY id",
            )
            .and_then(|mut s| s.query_map([], flag_from_row)?.collect())
            .at(self.path)
    }
}
