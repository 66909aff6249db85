//! Customer accounts: all-or-nothing upsert import, lookups, and the retention purge that removes
//! accounts cancelled more than 30 days ago together with every link to them.

use chrono::{Days, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};

use super::{col_json, to_json, At, Result, Store, StoreError};
use crate::model::{AccountStatus, Customer};

/// Accounts kept after cancelling; older cancelled accounts are purged.
pub const RETENTION_DAYS: u64 = 30;

/// Rows between two progress reports of an import.
const IMPORT_PROGRESS_EVERY: u64 = 20_000;

/// What an import changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportCounts {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// What a purge removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct PurgeCounts {
    /// Accounts deleted.
    pub accounts: u64,
    /// Links to them removed: post matches and queue items.
    pub links: u64,
    /// Queue items that were unlinked (their Discord messages may need an edit).
    pub items: Vec<crate::model::review::ItemId>,
    /// The WAL was checkpointed and truncated, so no copy of the deleted rows remains in it.
    pub wal_truncated: bool,
}

fn status_str(s: AccountStatus) -> &'static str {
    match s {
        AccountStatus::Active => "active",
        AccountStatus::Cancelled => "cancelled",
    }
}

fn date_str(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

fn col_date(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let s: Option<String> = row.get(idx)?;
    s.map(|s| {
        NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
        })
    })
    .transpose()
}

const CUSTOMER_COLS: &str =
    "id, name, emails, hosts, status, plan, created_at, cancelled_at, facts";

fn customer_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Customer> {
    let status: String = row.get(4)?;
    let status = match status.as_str() {
        "active" => AccountStatus::Active,
        "cancelled" => AccountStatus::Cancelled,
        other => {
            return Err(rusqlite::Error::FromSqlConversionFailure(
                4,
                rusqlite::types::Type::Text,
                format!("unknown status {other:?}").into(),
            ))
        }
    };
    Ok(Customer {
        id: row.get(0)?,
        name: row.get(1)?,
        emails: col_json(row, 2)?,
        hosts: col_json(row, 3)?,
        status,
        plan: row.get(5)?,
        created_at: col_date(row, 6)?,
        cancelled_at: col_date(row, 7)?,
        facts: col_json(row, 8)?,
    })
}

/// Inserts a new account or updates a changed one; reports which.
fn upsert_customer(
    conn: &Connection,
    c: &Customer,
    counts: &mut ImportCounts,
) -> rusqlite::Result<()> {
    let emails = to_json(&c.emails);
    let hosts = to_json(&c.hosts);
    let facts = to_json(&c.facts);
    let values = params![
        c.id,
        c.name,
        emails,
        hosts,
        status_str(c.status),
        c.plan,
        date_str(c.created_at),
        date_str(c.cancelled_at),
        facts
    ];
    let inserted = conn
        .prepare_cached(&format!("INSERT OR IGNORE INTO customers ({CUSTOMER_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"))?
        .execute(values)?;
    if inserted == 1 {
        counts.inserted += 1;
        return Ok(());
    }
    let updated = conn
        .prepare_cached(
            "UPDATE customers SET name = ?2, emails = ?3, hosts = ?4, status = ?5, plan = ?6, created_at = ?7,
                 cancelled_at = ?8, facts = ?9
             WHERE id = ?1 AND (name IS NOT ?2 OR emails IS NOT ?3 OR hosts IS NOT ?4 OR status IS NOT ?5
                 OR plan IS NOT ?6 OR created_at IS NOT ?7 OR cancelled_at IS NOT ?8 OR facts IS NOT ?9)",
        )?
        .execute(values)?;
    if updated == 1 {
        counts.updated += 1;
    } else {
        counts.unchanged += 1;
    }
    Ok(())
}

impl Store {
    /// Upserts accounts in ONE transaction, all or nothing whatever stops it (a bad row, an
    /// error, a kill): rows are streamed from `rows` and never all held in memory; SQLite
    /// spills a large transaction to the WAL. `progress` gets the number of rows done every
    /// 20,000 rows and at the end. An `Err` row stops the import and nothing is stored.
    pub fn import_customers<I, E>(
        &self,
        rows: I,
        mut progress: impl FnMut(u64),
    ) -> Result<ImportCounts>
    where
        I: IntoIterator<Item = std::result::Result<Customer, E>>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let (counts, done) = self.write(|tx| {
            let mut counts = ImportCounts::default();
            let mut done = 0u64;
            for row in rows {
                let customer = row.map_err(|e| StoreError::ImportInput {
                    path: tx.path.to_path_buf(),
                    imported: 0,
                    source: e.into(),
                })?;
                upsert_customer(&tx.tx, &customer, &mut counts).at(tx.path)?;
                done += 1;
                if done % IMPORT_PROGRESS_EVERY == 0 {
                    progress(done);
                }
            }
            if counts.inserted + counts.updated > 0 {
                bump_customers_version(&tx.tx).at(tx.path)?;
            }
            Ok((counts, done))
        })?;
        progress(done);
        Ok(counts)
    }

    /// Every account, ordered by id. For large stores prefer [`Store::for_each_customer`].
    pub fn customers(&self) -> Result<Vec<Customer>> {
        let mut out = Vec::new();
        self.for_each_customer(|c| out.push(c))?;
        Ok(out)
    }

    /// Streams every account, ordered by id, without holding them all.
    pub fn for_each_customer(&self, mut f: impl FnMut(Customer)) -> Result<u64> {
        self.read(|c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {CUSTOMER_COLS} FROM customers ORDER BY id"
            ))?;
            let mut rows = stmt.query([])?;
            let mut n = 0;
            while let Some(row) = rows.next()? {
                f(customer_from_row(row)?);
                n += 1;
            }
            Ok(n)
        })
    }

    /// Each plan of the stored accounts with how many accounts have it, most used first (at
    /// most `limit`): the plans many accounts share are the company's products.
    pub fn plan_counts(&self, limit: usize) -> Result<Vec<(String, usize)>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT plan, COUNT(*) FROM customers WHERE plan IS NOT NULL AND plan != '' \
                 GROUP BY plan ORDER BY COUNT(*) DESC, plan LIMIT ?1",
            )?;
            let rows = stmt.query_map([limit as i64], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.max(0) as usize))
            })?;
            rows.collect()
        })
    }

    /// One account by id.
    pub fn customer(&self, id: &str) -> Result<Option<Customer>> {
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT {CUSTOMER_COLS} FROM customers WHERE id = ?1"
            ))?
            .query_row([id], customer_from_row)
            .optional()
        })
    }

    /// Moves whenever an import or purge changes accounts; a matcher built at another
    /// version is stale.
    pub fn customers_version(&self) -> Result<i64> {
        self.read(|c| {
            c.query_row(
                "SELECT version FROM customers_version WHERE id = 1",
                [],
                |r| r.get(0),
            )
        })
    }

    /// How many accounts are stored.
    pub fn customer_count(&self) -> Result<u64> {
        self.read(|c| c.query_row("SELECT COUNT(*) FROM customers", [], |r| r.get(0)))
    }

    /// Applies retention: deletes accounts cancelled more than 30 days before `today`, and in the
    /// same transaction every link to them (post matches, queue items, undelivered Discord messages).
    /// The deleted bytes do not stay on disk: the connection runs with `secure_delete` (freed
    /// space is zeroed), and the WAL, which still holds the old pages, is checkpointed into the
    /// database and truncated afterwards.
    pub fn purge_cancelled(&self, today: NaiveDate) -> Result<PurgeCounts> {
        let mut counts = self.purge_cancelled_rows(today)?;
        counts.wal_truncated = self.checkpoint_truncate()?;
        Ok(counts)
    }

    /// Copies the WAL into the database and truncates it to zero bytes. Returns false when a
    /// reader in another process kept it from finishing (the next purge tries again).
    pub fn checkpoint_truncate(&self) -> Result<bool> {
        let conn = self.lock();
        // Secure delete also covers the pages the checkpoint frees.
        conn.pragma_update(None, "secure_delete", true)
            .at(&self.path)?;
        let (busy, _log, _done): (i64, i64, i64) = conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .at(&self.path)?;
        Ok(busy == 0)
    }

    fn purge_cancelled_rows(&self, today: NaiveDate) -> Result<PurgeCounts> {
        let cutoff = today
            .checked_sub_days(Days::new(RETENTION_DAYS))
            .ok_or_else(|| StoreError::Corrupt {
                path: self.path.clone(),
                what: "purge date".into(),
                detail: format!("{today} is out of range"),
            })?;
        let cutoff = cutoff.format("%Y-%m-%d").to_string();
        self.write(|tx| {
            let conn = &*tx.tx;
            let ids: Vec<String> = conn
                .prepare("SELECT id FROM customers WHERE status = 'cancelled' AND cancelled_at < ?1")
                .and_then(|mut s| s.query_map([&cutoff], |r| r.get(0))?.collect())
                .at(tx.path)?;
            let mut counts = PurgeCounts::default();
            for id in &ids {
                counts.links += conn
                    .prepare_cached(
                        "UPDATE posts SET match_json = NULL, match_customer_id = NULL, matched_at = NULL
                         WHERE match_customer_id = ?1",
                    )
                    .and_then(|mut s| s.execute([id]))
                    .at(tx.path)? as u64;
                // A purged account is no one's candidate either.
                counts.links += conn
                    .prepare_cached("DELETE FROM match_candidates WHERE customer_id = ?1")
                    .and_then(|mut s| s.execute([id]))
                    .at(tx.path)? as u64;
                let items = tx.unlink_customer_items(id)?;
                counts.links += items.len() as u64;
                counts.items.extend(items);
                counts.accounts += conn
                    .prepare_cached("DELETE FROM customers WHERE id = ?1")
                    .and_then(|mut s| s.execute([id]))
                    .at(tx.path)? as u64;
            }
            if counts.accounts > 0 {
                bump_customers_version(conn).at(tx.path)?;
                let detail = format!(
                    "deleted {} account(s) cancelled before {cutoff} and {} link(s)",
                    counts.accounts, counts.links
                );
                tx.append_audit("system:retention", "purge_accounts", None, None, &detail)?;
            }
            Ok(counts)
        })
    }
}

impl super::Tx<'_> {
    /// [`Store::customers_version`] inside this transaction: work prepared against an older
    /// version of the accounts is done again.
    pub fn customers_version(&self) -> Result<i64> {
        self.tx
            .prepare_cached("SELECT version FROM customers_version WHERE id = 1")
            .and_then(|mut s| s.query_row([], |r| r.get(0)))
            .at(self.path)
    }

    /// One account by id, inside this transaction.
    pub fn customer(&self, id: &str) -> Result<Option<Customer>> {
        self.tx
            .prepare_cached(&format!(
                "SELECT {CUSTOMER_COLS} FROM customers WHERE id = ?1"
            ))
            .and_then(|mut s| s.query_row([id], customer_from_row).optional())
            .at(self.path)
    }
}

fn bump_customers_version(conn: &rusqlite::Connection) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE customers_version SET version = version + 1 WHERE id = 1",
        [],
    )
}
