//! Persistence of review-queue items, their reply versions and approvals. The rules live in
//! `crate::queue`; these are the typed reads and writes it runs inside one transaction.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::{col_json, col_ts, to_json, ts, At, Result, Store, StoreError, Tx};
use crate::model::review::{Approval, DiscordRef, ItemId, MatchState, Posted, State};
use crate::model::{Assessment, Match, MatchStatus, Post};

/// A new queue item: the post, its match, the first reply version and its assessment.
#[derive(Debug, Clone, Copy)]
pub struct NewItem<'a> {
    pub post: &'a Post,
    pub matched: Option<&'a Match>,
    pub reply: &'a str,
    pub assessment: &'a Assessment,
    /// Who or what proposed the reply: `bot:draft`, `discord:1234`, ...
    pub origin: &'a str,
}

/// A queue item as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRecord {
    pub id: ItemId,
    pub source: String,
    pub post_id: String,
    pub customer_id: Option<String>,
    pub matched: Option<Match>,
    pub match_state: MatchState,
    pub state: State,
    pub version: u32,
    pub origin: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub posted: Option<Posted>,
    /// The item's review message in Discord, once posted there.
    pub discord: Option<DiscordRef>,
}

/// One version of an item's reply.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionRecord {
    pub version: u32,
    pub text: String,
    pub assessment: Assessment,
    /// Who wrote this version (the origin for version 1).
    pub author: String,
    pub created_at: DateTime<Utc>,
}

const ITEM_COLS: &str = "id, source, post_id, customer_id, match_json, match_state, state, version, origin,
    created_at, updated_at, posted_by, posted_where, posted_at, discord_channel_id, discord_message_id";

fn bad_text(idx: usize, msg: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, msg.into())
}

fn item_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ItemRecord> {
    let match_json: Option<String> = r.get(4)?;
    let matched = match match_json {
        Some(s) => Some(serde_json::from_str(&s).map_err(|e| bad_text(4, e.to_string()))?),
        None => None,
    };
    let match_state: String = r.get(5)?;
    let state: String = r.get(6)?;
    let posted_by: Option<String> = r.get(11)?;
    let posted = match posted_by {
        Some(by) => Some(Posted {
            by,
            place: r.get::<_, Option<String>>(12)?.unwrap_or_default(),
            at: col_ts(r, 13)?.unwrap_or_default(),
        }),
        None => None,
    };
    let channel: Option<String> = r.get(14)?;
    let message: Option<String> = r.get(15)?;
    let discord = match (channel, message) {
        (Some(c), Some(m)) => Some(DiscordRef {
            channel_id: c
                .parse()
                .map_err(|_| bad_text(14, format!("bad channel id {c:?}")))?,
            message_id: m
                .parse()
                .map_err(|_| bad_text(15, format!("bad message id {m:?}")))?,
        }),
        _ => None,
    };
    Ok(ItemRecord {
        id: r.get(0)?,
        source: r.get(1)?,
        post_id: r.get(2)?,
        customer_id: r.get(3)?,
        matched,
        match_state: match_state.parse().map_err(|e| bad_text(5, e))?,
        state: state.parse().map_err(|e| bad_text(6, e))?,
        version: r.get(7)?,
        origin: r.get(8)?,
        created_at: col_ts(r, 9)?.unwrap_or_default(),
        updated_at: col_ts(r, 10)?.unwrap_or_default(),
        posted,
        discord,
    })
}

fn version_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<VersionRecord> {
    Ok(VersionRecord {
        version: r.get(0)?,
        text: r.get(1)?,
        assessment: col_json(r, 2)?,
        author: r.get(3)?,
        created_at: col_ts(r, 4)?.unwrap_or_default(),
    })
}

pub(super) fn load_item(c: &Connection, id: ItemId) -> rusqlite::Result<Option<ItemRecord>> {
    c.prepare_cached(&format!(
        "SELECT {ITEM_COLS} FROM queue_items WHERE id = ?1"
    ))?
    .query_row([id], item_from_row)
    .optional()
}

impl Tx<'_> {
    fn not_found(&self, what: String) -> StoreError {
        StoreError::NotFound {
            path: self.path.to_path_buf(),
            what,
        }
    }

    /// Stores a new pending item at version 1 (storing the post too if it is not stored yet).
    pub(crate) fn insert_item(&self, new: &NewItem<'_>) -> Result<ItemId> {
        let c = &*self.tx;
        let now = ts(Utc::now());
        let p = new.post;
        c.prepare_cached(
            "INSERT OR IGNORE INTO posts (source, id, url, author, published_at, text, quotes, relevant, first_seen, updated_at, truncated)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
        )
        .and_then(|mut s| {
            s.execute(params![p.source, p.id, p.url, p.author, p.published_at.map(ts), p.text, to_json(&p.quotes), p.relevant, now, p.truncated])
        })
        .at(self.path)?;
        let match_state = match new.matched.map(|m| m.status) {
            None => MatchState::None,
            Some(MatchStatus::Linked) => MatchState::Linked,
            Some(MatchStatus::Candidate) => MatchState::Candidate,
        };
        c.prepare_cached(
            "INSERT INTO queue_items (source, post_id, customer_id, match_json, match_state, state, version, origin, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'pending', 1, ?6, ?7, ?7)",
        )
        .and_then(|mut s| {
            s.execute(params![
                p.source,
                p.id,
                new.matched.map(|m| m.customer_id.as_str()),
                new.matched.map(to_json),
                match_state.as_str(),
                new.origin,
                now
            ])
        })
        .at(self.path)?;
        let id = c.last_insert_rowid();
        self.insert_version(id, 1, new.reply, new.assessment, new.origin)?;
        Ok(id)
    }

    /// One item, if it exists.
    pub fn queue_item(&self, id: ItemId) -> Result<Option<ItemRecord>> {
        load_item(&self.tx, id).at(self.path)
    }

    /// Items in one state (or all), oldest first.
    pub fn queue_items(&self, state: Option<State>) -> Result<Vec<ItemRecord>> {
        let mut stmt = self
            .tx
            .prepare_cached(&format!(
                "SELECT {ITEM_COLS} FROM queue_items WHERE ?1 IS NULL OR state = ?1 ORDER BY id"
            ))
            .at(self.path)?;
        let rows = stmt
            .query_map([state.map(State::as_str)], item_from_row)
            .at(self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(self.path)
    }

    /// The newest pending or approved item about this post, if any (to avoid queueing a post twice).
    pub fn open_item_for_post(&self, source: &str, post_id: &str) -> Result<Option<ItemId>> {
        self.tx
            .prepare_cached(
                "SELECT id FROM queue_items WHERE source = ?1 AND post_id = ?2 AND state IN ('pending', 'approved')
                 ORDER BY id DESC LIMIT 1",
            )
            .and_then(|mut s| s.query_row(params![source, post_id], |r| r.get(0)).optional())
            .at(self.path)
    }

    /// One version of an item's reply.
    pub fn queue_version(&self, id: ItemId, version: u32) -> Result<VersionRecord> {
        self.tx
            .prepare_cached(
                "SELECT version, text, assessment, author, created_at FROM queue_versions WHERE item_id = ?1 AND version = ?2",
            )
            .and_then(|mut s| s.query_row(params![id, version], version_from_row).optional())
            .at(self.path)?
            .ok_or_else(|| self.not_found(format!("version {version} of queue item {id}")))
    }

    /// Every version of an item, oldest first.
    pub fn queue_versions(&self, id: ItemId) -> Result<Vec<VersionRecord>> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT version, text, assessment, author, created_at FROM queue_versions WHERE item_id = ?1 ORDER BY version",
            )
            .at(self.path)?;
        let rows = stmt.query_map([id], version_from_row).at(self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(self.path)
    }

    /// Approvals given to one version, in order.
    pub fn queue_approvals(&self, id: ItemId, version: u32) -> Result<Vec<Approval>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT by, reason, at FROM queue_approvals WHERE item_id = ?1 AND version = ?2 ORDER BY at, by")
            .at(self.path)?;
        let rows = stmt
            .query_map(params![id, version], |r| {
                Ok(Approval {
                    by: r.get(0)?,
                    reason: r.get(1)?,
                    at: col_ts(r, 2)?.unwrap_or_default(),
                })
            })
            .at(self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(self.path)
    }

    fn insert_version(
        &self,
        id: ItemId,
        version: u32,
        text: &str,
        a: &Assessment,
        author: &str,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO queue_versions (item_id, version, text, decision, assessment, author, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .and_then(|mut s| s.execute(params![id, version, text, a.decision.as_str(), to_json(a), author, ts(Utc::now())]))
            .at(self.path)?;
        Ok(())
    }

    fn update_item(&self, id: ItemId, set: &str, values: &[&dyn rusqlite::ToSql]) -> Result<()> {
        let sql = format!("UPDATE queue_items SET {set}, updated_at = ?1 WHERE id = ?2");
        let now = ts(Utc::now());
        let mut all: Vec<&dyn rusqlite::ToSql> = vec![&now, &id];
        all.extend_from_slice(values);
        let n = self
            .tx
            .prepare_cached(&sql)
            .and_then(|mut s| s.execute(all.as_slice()))
            .at(self.path)?;
        if n == 0 {
            return Err(self.not_found(format!("queue item {id}")));
        }
        Ok(())
    }

    /// Adds a new reply version: the item moves to it, back to pending (earlier approvals no longer count).
    pub(crate) fn add_queue_version(
        &self,
        id: ItemId,
        version: u32,
        text: &str,
        a: &Assessment,
        author: &str,
    ) -> Result<()> {
        self.insert_version(id, version, text, a, author)?;
        self.update_item(id, "version = ?3, state = 'pending'", &[&version])
    }

    /// Records one approval of one version.
    pub(crate) fn add_queue_approval(
        &self,
        id: ItemId,
        version: u32,
        approval: &Approval,
    ) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO queue_approvals (item_id, version, by, reason, at) VALUES (?1, ?2, ?3, ?4, ?5)")
            .and_then(|mut s| s.execute(params![id, version, approval.by, approval.reason, ts(approval.at)]))
            .at(self.path)?;
        Ok(())
    }

    /// Moves an item to another state.
    pub(crate) fn set_queue_state(&self, id: ItemId, state: State) -> Result<()> {
        self.update_item(id, "state = ?3", &[&state.as_str()])
    }

    /// Sets the match state; `customer`/`matched` replace the stored link (None removes it).
    pub(crate) fn set_queue_match(
        &self,
        id: ItemId,
        state: MatchState,
        matched: Option<&Match>,
    ) -> Result<()> {
        let customer = matched.map(|m| m.customer_id.clone());
        let json = matched.map(to_json);
        self.update_item(
            id,
            "match_state = ?3, customer_id = ?4, match_json = ?5",
            &[&state.as_str(), &customer, &json],
        )
    }

    /// Records who published the approved reply and where; the item becomes posted.
    pub(crate) fn set_queue_posted(&self, id: ItemId, posted: &Posted) -> Result<()> {
        self.update_item(
            id,
            "state = 'posted', posted_by = ?3, posted_where = ?4, posted_at = ?5",
            &[&posted.by, &posted.place, &ts(posted.at)],
        )
    }

    /// Retention: removes every trace of one customer from queue items. Open items are rejected,
    /// every version's text is replaced by its redacted form (the findings were this customer's
    /// data), and undelivered Discord messages are dropped. Returns the items that were linked.
    pub(super) fn unlink_customer_items(&self, customer_id: &str) -> Result<Vec<ItemId>> {
        let ids: Vec<ItemId> = self
            .tx
            .prepare_cached("SELECT id FROM queue_items WHERE customer_id = ?1")
            .and_then(|mut s| s.query_map([customer_id], |r| r.get(0))?.collect())
            .at(self.path)?;
        for &id in &ids {
            let item = self
                .queue_item(id)?
                .ok_or_else(|| self.not_found(format!("queue item {id}")))?;
            for v in self.queue_versions(id)? {
                let mut a = v.assessment.clone();
                // The findings are this customer's data: keep only the redacted text.
                let text = if a.findings.is_empty() {
                    v.text.clone()
                } else if a.redacted.trim().is_empty() {
                    "[reply removed: account purged]".to_string()
                } else {
                    a.redacted.clone()
                };
                a.findings.clear();
                a.redacted = text.clone();
                self.tx
                    .prepare_cached("UPDATE queue_versions SET text = ?3, assessment = ?4 WHERE item_id = ?1 AND version = ?2")
                    .and_then(|mut s| s.execute(params![id, v.version, text, to_json(&a)]))
                    .at(self.path)?;
            }
            // A reviewer's note on a flag may quote the account's data; the flag stays a test case.
            self.tx
                .prepare_cached("UPDATE queue_flags SET note = '[note removed: account purged]' WHERE item_id = ?1")
                .and_then(|mut s| s.execute([id]))
                .at(self.path)?;
            self.set_queue_match(id, MatchState::None, None)?;
            let open = matches!(item.state, State::Pending | State::Approved);
            if open {
                self.set_queue_state(id, State::Rejected)?;
            }
            self.tx
                .prepare_cached("DELETE FROM outbox WHERE item_id = ?1 AND done_at IS NULL")
                .and_then(|mut s| s.execute([id]))
                .at(self.path)?;
            self.tx
                .prepare_cached("UPDATE outbox SET payload = '{}' WHERE item_id = ?1")
                .and_then(|mut s| s.execute([id]))
                .at(self.path)?;
            let detail = if open {
                "account purged by retention: link removed, reply redacted, item rejected"
            } else {
                "account purged by retention: link removed, reply redacted"
            };
            self.append_audit(
                "system:retention",
                "purge",
                Some(id),
                Some(item.version),
                detail,
            )?;
        }
        Ok(ids)
    }
}

impl Store {
    /// Runs `f` on a consistent read-only snapshot (the transaction is rolled back afterwards).
    pub fn read_tx<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut conn = self.lock();
        let tx = conn.transaction().at(&self.path)?;
        let tx = Tx {
            tx,
            path: &self.path,
            audit_key: &self.audit_key,
        };
        f(&tx)
    }
}

impl Tx<'_> {
    /// Open items that carry no account while their post now has a match (a crash between
    /// storing a post and linking it, or an import that explains an older post), oldest first.
    /// Asked by every poll's repair sweep, so it starts from the matched posts (an index of
    /// the few with an account) rather than every open item: a first scan queues hundreds of
    /// thousands of unmatched items, and walking them all once per poll was most of a rescan.
    pub fn open_items_missing_link(&self, limit: usize) -> Result<Vec<ItemId>> {
        // CROSS JOIN keeps this order; a post's match and its account id are set together.
        self.tx
            .prepare_cached(
                "SELECT q.id FROM posts p CROSS JOIN queue_items q
                 WHERE p.match_customer_id IS NOT NULL
                   AND q.source = p.source AND q.post_id = p.id
                   AND q.state IN ('pending', 'approved') AND q.match_state = 'none'
                   AND q.customer_id IS NULL
                 ORDER BY q.id LIMIT ?1",
            )
            .and_then(|mut s| s.query_map([limit as i64], |r| r.get(0))?.collect())
            .at(self.path)
    }
}

impl Store {
    /// Audits (once each) the duplicate open items that schema migration 3 closed, and logs
    /// them: the trail keeps every change to an item, including this one.
    pub(super) fn audit_closed_duplicates(&self) -> Result<usize> {
        let pending: i64 = self.read(|c| {
            c.query_row(
                "SELECT COUNT(*) FROM queue_duplicates_closed WHERE audited = 0",
                [],
                |r| r.get(0),
            )
        })?;
        if pending == 0 {
            // Most opens: no write transaction, so read-only commands stay read-only.
            return Ok(0);
        }
        self.write(|tx| {
            let rows: Vec<(ItemId, ItemId, String, String)> = tx
                .tx
                .prepare(
                    "SELECT d.item_id, d.kept_id, q.source, q.post_id FROM queue_duplicates_closed d
                     JOIN queue_items q ON q.id = d.item_id WHERE d.audited = 0 ORDER BY d.item_id",
                )
                .and_then(|mut s| {
                    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                        .collect()
                })
                .at(tx.path)?;
            for (id, kept, source, post) in &rows {
                let detail = format!(
                    "second open item for post {source}/{post} closed by schema migration 3; item {kept} is kept"
                );
                tracing::warn!(message = "A duplicate open queue item was closed.", item = id, kept, %source, %post);
                tx.append_audit("system:migration", "close_duplicate", Some(*id), None, &detail)?;
                tx.tx
                    .execute(
                        "UPDATE queue_duplicates_closed SET audited = 1 WHERE item_id = ?1",
                        [id],
                    )
                    .at(tx.path)?;
            }
            Ok(rows.len())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::schema::MIGRATIONS;
    use super::*;

    #[test]
    fn migration_closes_duplicate_open_items_keeping_the_oldest_and_audits_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        // A database as the schema before one-open-item-per-post left it, with duplicates.
        let conn = Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..2] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.execute_batch(
            "INSERT INTO posts (source, id, author, text, relevant, first_seen, updated_at)
                 VALUES ('f', 'p1', 'a', 't', 1, 'x', 'x'), ('f', 'p2', 'a', 't', 1, 'x', 'x');
             INSERT INTO queue_items (id, source, post_id, match_state, state, version, origin, created_at, updated_at)
                 VALUES (1, 'f', 'p1', 'none', 'pending', 1, 'bot:draft', 'x', 'x'),
                        (2, 'f', 'p1', 'none', 'pending', 1, 'bot:draft', 'x', 'x'),
                        (3, 'f', 'p1', 'none', 'approved', 1, 'bot:draft', 'x', 'x'),
                        (4, 'f', 'p2', 'none', 'rejected', 1, 'bot:draft', 'x', 'x'),
                        (5, 'f', 'p2', 'none', 'pending', 1, 'bot:draft', 'x', 'x');
             INSERT INTO outbox (kind, item_id, payload, created_at, next_attempt_at)
                 VALUES ('post', 1, '{}', 'x', 'x'), ('post', 2, '{}', 'x', 'x');",
        )
        .unwrap();
        drop(conn);

        let store = Store::open(&path).unwrap();
        let states: Vec<(ItemId, String)> = store
            .read(|c| {
                c.prepare("SELECT id, state FROM queue_items ORDER BY id")?
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect()
            })
            .unwrap();
        let states: Vec<(ItemId, &str)> = states.iter().map(|(i, s)| (*i, s.as_str())).collect();
        assert_eq!(
            states,
            [
                (1, "pending"),
                (2, "rejected"),
                (3, "rejected"),
                (4, "rejected"),
                (5, "pending")
            ]
        );
        let outbox: Vec<Option<ItemId>> = store
            .read(|c| {
                c.prepare("SELECT item_id FROM outbox")?
                    .query_map([], |r| r.get(0))?
                    .collect()
            })
            .unwrap();
        assert_eq!(
            outbox,
            [Some(1)],
            "a closed duplicate is never posted to Discord"
        );
        let trail = store.audit_entries(None).unwrap();
        let closed: Vec<Option<i64>> = trail
            .iter()
            .filter(|e| e.action == "close_duplicate")
            .map(|e| e.item_id)
            .collect();
        assert_eq!(closed, [Some(2), Some(3)]);
        assert!(store.audit_verify().is_ok());
        drop(store);
        // Audited once, not at every open.
        let store = Store::open(&path).unwrap();
        assert_eq!(store.audit_entries(None).unwrap().len(), 2);
    }
}
