//! Customer accounts: batched upsert import, lookups, and the retention purge that removes
//! accounts cancelled more than 30 days ago together with every link to them.

use chrono::{Days, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};

use super::{col_json, to_json, At, Result, Store, StoreError};
use crate::model::{AccountStatus, Customer};

/// Accounts kept after cancelling; older cancelled accounts are purged.
pub const RETENTION_DAYS: u64 = 30;

/// Rows per import transaction: large enough to amortise commits, small enough to bound the WAL.
const IMPORT_BATCH: usize = 20_000;

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
    pub items: Vec<crate::queue::ItemId>,
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
    /// Upserts accounts in batched transactions. `progress` gets the number of rows done after
    /// each batch. An `Err` row stops the import: the batch in progress is rolled back, earlier
    /// batches stay (check the file first, e.g. with `customers::check`, to import all or nothing).
    pub fn import_customers<I, E>(
        &self,
        rows: I,
        mut progress: impl FnMut(u64),
    ) -> Result<ImportCounts>
    where
        I: IntoIterator<Item = std::result::Result<Customer, E>>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let mut rows = rows.into_iter().peekable();
        let mut counts = ImportCounts::default();
        let mut done = 0u64;
        while rows.peek().is_some() {
            let batch = self.write(|tx| {
                let mut batch = ImportCounts::default();
                let mut n = 0u64;
                for row in rows.by_ref().take(IMPORT_BATCH) {
                    let customer = row.map_err(|e| StoreError::ImportInput {
                        path: tx.path.to_path_buf(),
                        imported: done,
                        source: e.into(),
                    })?;
                    upsert_customer(&tx.tx, &customer, &mut batch).at(tx.path)?;
                    n += 1;
                }
                if batch.inserted + batch.updated > 0 {
                    bump_customers_version(&tx.tx).at(tx.path)?;
                }
                Ok((batch, n))
            })?;
            counts.inserted += batch.0.inserted;
            counts.updated += batch.0.updated;
            counts.unchanged += batch.0.unchanged;
            done += batch.1;
            progress(done);
        }
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
    pub fn purge_cancelled(&self, today: NaiveDate) -> Result<PurgeCounts> {
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

fn bump_customers_version(conn: &rusqlite::Connection) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE customers_version SET version = version + 1 WHERE id = 1",
        [],
    )
}
