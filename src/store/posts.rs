//! Posts, identified by (source, id), with their edits and matches; the page cache and the
//! health of each source. A poll is committed in one transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::{col_json, col_ts, to_json, ts, At, Result, Store, StoreError};
use crate::model::{ExtractedPost, Match, Post};

/// A source is unhealthy after this many consecutive polls with zero items (or with errors).
pub const UNHEALTHY_AFTER: u32 = 3;

/// Everything one poll of one source produced, committed together by [`Store::commit_poll`].
#[derive(Debug, Clone, Default)]
pub struct PollRecord {
    /// The source's configured name.
    pub source: String,
    /// When the poll ran.
    pub at: DateTime<Utc>,
    /// Posts extracted, in page order; the same post may appear more than once.
    pub posts: Vec<PolledPost>,
    /// Pages fetched or revalidated, with their cache validators.
    pub pages: Vec<PageRecord>,
    /// Items extracted from pages that were downloaded.
    pub items_found: u64,
    /// Pages downloaded (200).
    pub pages_fetched: u64,
    /// Pages answered "not modified" (304): an unchanged page is not an empty one.
    pub pages_not_modified: u64,
    /// Set when the poll failed part-way; posts gathered before the failure are still stored.
    pub error: Option<String>,
    /// Zero items is a normal answer here (a quiet feed), not a sign of broken selectors.
    pub empty_is_normal: bool,
}

/// One extracted post and whether it passed the source's keyword filter.
#[derive(Debug, Clone)]
pub struct PolledPost {
    pub post: ExtractedPost,
    pub relevant: bool,
}

/// A page's cache validators and the `next` link found on it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageRecord {
    pub url: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub next: Option<String>,
    /// A hash of the body as parsed, to recognise it when served again unchanged.
    pub body_hash: Option<String>,
}

/// A cached page, keyed by URL in [`Store::page_cache`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageCacheRow {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub next: Option<String>,
    pub fetched_at: DateTime<Utc>,
    pub body_hash: Option<String>,
}

/// What a committed poll changed.
#[derive(Debug, Clone)]
pub struct PollCommit {
    /// Posts never stored before, in the order first seen.
    pub new_posts: Vec<Post>,
    /// For each of `new_posts`: stored with the match given before its insert, and so never
    /// handed to `on_new`.
    pub prematched: Vec<bool>,
    /// Stored posts whose text changed; the old text is kept in the edits table.
    pub edited: Vec<Post>,
    /// The source's health after this poll.
    pub health: SourceHealth,
    /// True when this poll turned a healthy source unhealthy (alert once, not every poll).
    pub became_unhealthy: bool,
}

/// What a committed batch of a poll changed ([`Store::commit_batch_with`]).
#[derive(Debug, Clone, Default)]
pub struct BatchCommit {
    /// Posts never stored before, in the order first seen.
    pub new_posts: Vec<Post>,
    /// For each of `new_posts`: stored with the match given before its insert, and so never
    /// handed to `on_new`.
    pub prematched: Vec<bool>,
    /// Stored posts whose text changed; the old text is kept in the edits table.
    pub edited: Vec<Post>,
}

/// A new post's match and reply-window hold, known before its INSERT (the pipeline matched
/// it before the batch's commit turn): stored with the row, so the post costs one write, and
/// nothing is left for `on_new` to do with it.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchAtInsert {
    pub matched: Option<Match>,
    /// Held back by the reply window (`held_back`).
    pub held: bool,
}

/// How a source has been doing.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceHealth {
    pub source: String,
    pub last_success: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    /// Successful polls in a row that found zero items.
    pub consecutive_empty: u32,
    /// Failed polls in a row.
    pub consecutive_errors: u32,
    pub last_items_found: u64,
    pub last_pages_fetched: u64,
    pub paused: bool,
    /// False after [`UNHEALTHY_AFTER`] empty or failed polls in a row.
    pub healthy: bool,
}

/// An earlier text of an edited post.
#[derive(Debug, Clone, PartialEq)]
pub struct PostEdit {
    pub old_text: String,
    pub old_quotes: Vec<String>,
    pub replaced_at: DateTime<Utc>,
}

pub(super) const POST_COLS: &str =
    "source, id, url, author, published_at, text, quotes, relevant, match_json, truncated";

pub(super) fn post_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Post> {
    let matched: Option<String> = row.get(8)?;
    let matched = match matched {
        None => None,
        Some(s) => Some(serde_json::from_str::<Match>(&s).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(8, rusqlite::types::Type::Text, Box::new(e))
        })?),
    };
    Ok(Post {
        source: row.get(0)?,
        id: row.get(1)?,
        url: row.get(2)?,
        author: row.get(3)?,
        published_at: col_ts(row, 4)?,
        text: row.get(5)?,
        quotes: col_json(row, 6)?,
        relevant: row.get(7)?,
        truncated: row.get(9)?,
        matched,
    })
}

fn health_row(conn: &Connection, source: &str) -> rusqlite::Result<SourceHealth> {
    let found = conn
        .query_row(
            "SELECT source, last_success, last_error, last_error_at, consecutive_empty, consecutive_errors,
                    last_items_found, last_pages_fetched, paused
             FROM source_health WHERE source = ?1",
            [source],
            health_from_row,
        )
        .optional()?;
    Ok(found.unwrap_or_else(|| SourceHealth {
        source: source.to_string(),
        last_success: None,
        last_error: None,
        last_error_at: None,
        consecutive_empty: 0,
        consecutive_errors: 0,
        last_items_found: 0,
        last_pages_fetched: 0,
        paused: false,
        healthy: true,
    }))
}

fn health_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<SourceHealth> {
    let consecutive_empty: u32 = row.get(4)?;
    let consecutive_errors: u32 = row.get(5)?;
    Ok(SourceHealth {
        source: row.get(0)?,
        last_success: col_ts(row, 1)?,
        last_error: row.get(2)?,
        last_error_at: col_ts(row, 3)?,
        consecutive_empty,
        consecutive_errors,
        last_items_found: row.get(6)?,
        last_pages_fetched: row.get(7)?,
        paused: row.get(8)?,
        healthy: consecutive_empty < UNHEALTHY_AFTER && consecutive_errors < UNHEALTHY_AFTER,
    })
}

fn save_health(conn: &Connection, h: &SourceHealth) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO source_health (source, last_success, last_error, last_error_at, consecutive_empty,
             consecutive_errors, last_items_found, last_pages_fetched, paused)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(source) DO UPDATE SET last_success = ?2, last_error = ?3, last_error_at = ?4,
             consecutive_empty = ?5, consecutive_errors = ?6, last_items_found = ?7,
             last_pages_fetched = ?8, paused = ?9",
    )?
    .execute(params![
        h.source,
        h.last_success.map(ts),
        h.last_error,
        h.last_error_at.map(ts),
        h.consecutive_empty,
        h.consecutive_errors,
        h.last_items_found,
        h.last_pages_fetched,
        h.paused
    ])?;
    Ok(())
}

fn note_error(h: &mut SourceHealth, at: DateTime<Utc>, msg: &str) {
    h.last_error = Some(msg.to_string());
    h.last_error_at = Some(at);
    h.consecutive_errors = h.consecutive_errors.saturating_add(1);
    h.healthy = h.consecutive_empty < UNHEALTHY_AFTER && h.consecutive_errors < UNHEALTHY_AFTER;
}

/// Inserts or updates one post; returns whether it was new (as stored, and whether its match
/// went in with the row) or edited.
enum Upsert {
    New(Box<Post>, bool),
    Edited,
    Same,
}

/// A hash of everything a poll stores of a post, so an unchanged post costs one lookup and
/// no write.
fn content_hash(p: &PolledPost, quotes: &str, published: Option<&str>) -> String {
    use sha2::Digest;
    let e = &p.post;
    let mut h = sha2::Sha256::new();
    // Every field is length-prefixed, and absent differs from empty.
    let mut field = |v: Option<&str>| match v {
        None => h.update([0u8]),
        Some(v) => {
            h.update([1u8]);
            h.update((v.len() as u64).to_le_bytes());
            h.update(v.as_bytes());
        }
    };
    field(e.url.as_deref());
    field(Some(&e.author));
    field(published);
    field(Some(&e.text));
    field(Some(quotes));
    h.update([u8::from(p.relevant), u8::from(e.truncated)]);
    hex::encode(&h.finalize()[..16])
}

/// Inserts or updates one post; `at_insert` says, for the post as it would be inserted, the
/// match and hold to store with the row (`None`: the row goes in unmatched).
fn upsert_post<E: From<StoreError>>(
    tx: &super::Tx<'_>,
    source: &str,
    p: &PolledPost,
    at: &str,
    at_insert: &mut impl FnMut(&super::Tx<'_>, &Post) -> std::result::Result<Option<MatchAtInsert>, E>,
) -> std::result::Result<Upsert, E> {
    let conn = &*tx.tx;
    let e = &p.post;
    let quotes = to_json(&e.quotes);
    let published = e.published_at.map(ts);
    let hash = content_hash(p, &quotes, published.as_deref());
    let mut post = inserted_post(source, p, published.as_deref());
    let with = at_insert(tx, &post)?;
    let (match_json, customer, matched_at, held) = match &with {
        Some(m) => (
            m.matched.as_ref().map(to_json),
            m.matched.as_ref().map(|m| m.customer_id.as_str()),
            Some(ts(Utc::now())),
            m.held,
        ),
        None => (None, None, None, false),
    };
    // Most posts a first scan sees are new: the insert is tried first and answers that in
    // one statement; only a post already stored is read back.
    let inserted = conn
        .prepare_cached(
            "INSERT INTO posts (source, id, url, author, published_at, text, quotes, relevant, first_seen, updated_at, truncated, content_hash,
                 match_json, match_customer_id, matched_at, held_back)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
             ON CONFLICT (source, id) DO NOTHING",
        )
        .and_then(|mut s| {
            s.execute(params![
                source, e.id, e.url, e.author, published, e.text, quotes, p.relevant, at,
                e.truncated, hash, match_json, customer, matched_at, held
            ])
        })
        .at(tx.path)?;
    if inserted == 1 {
        let done = with.is_some();
        post.matched = with.and_then(|m| m.matched);
        return Ok(Upsert::New(Box::new(post), done));
    }
    Ok(update_post(conn, source, p, at, &quotes, published, &hash).at(tx.path)?)
}

/// A post already stored, sighted again: nothing written when it is as stored, else its
/// row updated (and, when its text changed, the old text kept as an edit).
fn update_post(
    conn: &Connection,
    source: &str,
    p: &PolledPost,
    at: &str,
    quotes: &str,
    published: Option<String>,
    hash: &str,
) -> rusqlite::Result<Upsert> {
    let e = &p.post;
    let old: Option<(Option<String>, String, String)> = conn
        .prepare_cached(
            "SELECT content_hash, text, quotes FROM posts WHERE source = ?1 AND id = ?2",
        )?
        .query_row(params![source, e.id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    match old {
        // Neither inserted nor found: only a concurrent delete could do that, and the store
        // has one writer; report it rather than guess.
        None => Err(rusqlite::Error::QueryReturnedNoRows),
        // Stored exactly so already: nothing to write.
        Some((Some(stored), _, _)) if stored == hash => Ok(Upsert::Same),
        Some((_, old_text, old_quotes)) => {
            let edited = old_text != e.text || old_quotes != quotes;
            if edited {
                conn.prepare_cached(
                    "INSERT INTO post_edits (source, post_id, old_text, old_quotes, replaced_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![source, e.id, old_text, old_quotes, at])?;
            }
            // Metadata (link, author, date, relevance) follows the latest poll without counting as an edit.
            conn.prepare_cached(
                "UPDATE posts SET url = COALESCE(?3, url), author = ?4, published_at = COALESCE(?5, published_at),
                     text = ?6, quotes = ?7, relevant = ?8,
                     updated_at = CASE WHEN ?9 THEN ?10 ELSE updated_at END, truncated = ?11,
                     content_hash = ?12
                 WHERE source = ?1 AND id = ?2",
            )?
            .execute(params![source, e.id, e.url, e.author, published, e.text, quotes, p.relevant, edited, at, e.truncated, hash])?;
            Ok(if edited { Upsert::Edited } else { Upsert::Same })
        }
    }
}

fn load_post(conn: &Connection, source: &str, id: &str) -> rusqlite::Result<Option<Post>> {
    conn.prepare_cached(&format!(
        "SELECT {POST_COLS} FROM posts WHERE source = ?1 AND id = ?2"
    ))?
    .query_row(params![source, id], post_from_row)
    .optional()
}

/// The post inserted from `p`, as [`load_post`] would read it back (no match yet), so a new
/// post costs one INSERT and no second read.
fn inserted_post(source: &str, p: &PolledPost, published: Option<&str>) -> Post {
    let e = &p.post;
    Post {
        source: source.to_string(),
        id: e.id.clone(),
        url: e.url.clone(),
        author: e.author.clone(),
        // Read back through the stored form, so the value is exactly what a reader gets.
        published_at: published.and_then(super::parse_ts),
        text: e.text.clone(),
        quotes: e.quotes.clone(),
        relevant: p.relevant,
        truncated: e.truncated,
        matched: None,
    }
}

/// Posts and page cache of `rec`, and `on_new` on each new post (under a savepoint), inside `tx`.
/// Each new post is built once in memory; a post whose match `at_insert` gave is stored with
/// it and is done; every other new post is handed to `on_new`, which may set its match. The
/// batch reports each new post as stored (its match undone if `on_new` failed).
fn store_batch<E: From<StoreError> + std::fmt::Display>(
    tx: &super::Tx<'_>,
    rec: &PollRecord,
    at_insert: &mut impl FnMut(&super::Tx<'_>, &Post) -> Result<Option<MatchAtInsert>, E>,
    on_new: &mut impl FnMut(&super::Tx<'_>, &mut Post) -> Result<(), E>,
) -> std::result::Result<BatchCommit, E> {
    use std::collections::HashSet;
    let at = ts(rec.at);
    let conn = &*tx.tx;
    let mut new_posts = Vec::new();
    // Whether each new post's match went in with its row (then `on_new` has nothing to do).
    let mut done: Vec<bool> = Vec::new();
    let mut seen_new: HashMap<&str, usize> = HashMap::new();
    let mut edited_ids: Vec<&str> = Vec::new();
    let mut seen_edited: HashSet<&str> = HashSet::new();
    let mut resighted: HashSet<&str> = HashSet::new();
    for p in &rec.posts {
        let id = p.post.id.as_str();
        // A sighting after the first of a post new in this batch is never inserted.
        let upsert = if seen_new.contains_key(id) {
            upsert_post(tx, &rec.source, p, &at, &mut |_, _| Ok::<_, E>(None))?
        } else {
            upsert_post(tx, &rec.source, p, &at, at_insert)?
        };
        match upsert {
            Upsert::New(post, matched) => {
                seen_new.insert(id, new_posts.len());
                new_posts.push(*post);
                done.push(matched);
            }
            // A post seen twice in one poll (re-ordered pages) is reported once, as new if
            // it was, with what the later sighting stored, and matched as that.
            _ if seen_new.contains_key(id) => {
                resighted.insert(id);
                done[seen_new[id]] = false;
            }
            Upsert::Edited if seen_edited.insert(id) => edited_ids.push(id),
            _ => {}
        }
    }
    for page in &rec.pages {
        conn.prepare_cached(
            "INSERT INTO page_cache (source, url, etag, last_modified, next_url, fetched_at, body_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(source, url) DO UPDATE SET etag = ?3, last_modified = ?4, next_url = ?5,
                 fetched_at = ?6, body_hash = ?7",
        )
        .and_then(|mut s| {
            s.execute(params![rec.source, page.url, page.etag, page.last_modified, page.next, at, page.body_hash])
        })
        .at(tx.path)?;
    }
    for post in new_posts
        .iter_mut()
        .filter(|p| resighted.contains(p.id.as_str()))
    {
        *post = load_post(conn, &rec.source, &post.id)
            .at(tx.path)?
            .ok_or_else(|| vanished(tx, &post.id))?;
    }
    let savepoint = |sql: &str| {
        conn.prepare_cached(sql)
            .and_then(|mut s| s.execute([]))
            .at(tx.path)
    };
    for (post, _) in new_posts.iter_mut().zip(&done).filter(|(_, done)| !**done) {
        savepoint("SAVEPOINT new_post")?;
        if let Err(error) = on_new(tx, post) {
            tracing::error!(message = "Could not match or queue a new post; the next poll tries again.", source = %post.source, post = %post.id, %error);
            savepoint("ROLLBACK TO new_post")?;
            // Rolled back: the post is stored unmatched.
            post.matched = None;
        }
        savepoint("RELEASE new_post")?;
    }
    let edited = edited_ids
        .iter()
        .map(|id| {
            load_post(conn, &rec.source, id)
                .at(tx.path)?
                .ok_or_else(|| vanished(tx, id))
        })
        .collect::<Result<Vec<Post>>>()?;
    Ok(BatchCommit {
        new_posts,
        prematched: done,
        edited,
    })
}

fn vanished(tx: &super::Tx<'_>, id: &str) -> StoreError {
    tx.err(
        "posts",
        format!("post {id} vanished inside its transaction"),
    )
}

impl Store {
    /// Stores one poll in a single transaction: posts (new ones inserted once, edited ones updated
    /// with the old text kept), the page cache and the source's health.
    pub fn commit_poll(&self, rec: &PollRecord) -> Result<PollCommit> {
        self.commit_poll_with(rec, |_, _| Ok::<_, StoreError>(()))
    }

    /// [`Store::commit_poll`], with `on_new` run on every newly stored post inside the same
    /// transaction (its match, its queue item): a crash keeps all of it or none of it. An
    /// error from `on_new` undoes only that post's extra work (a savepoint) and is logged;
    /// the post stays stored unmatched, for the next poll's repair to finish.
    pub fn commit_poll_with<E: From<StoreError> + std::fmt::Display>(
        &self,
        rec: &PollRecord,
        on_new: impl FnMut(&super::Tx<'_>, &mut Post) -> Result<(), E>,
    ) -> Result<PollCommit, E> {
        self.commit_poll_prematched(rec, |_, _| Ok(None), on_new)
    }

    /// [`Store::commit_poll_with`], where `at_insert` may give a new post's match and hold
    /// before its INSERT: such a post is stored with them in one write and is not handed to
    /// `on_new` (unless a later sighting in the same poll changed it).
    pub fn commit_poll_prematched<E: From<StoreError> + std::fmt::Display>(
        &self,
        rec: &PollRecord,
        mut at_insert: impl FnMut(&super::Tx<'_>, &Post) -> Result<Option<MatchAtInsert>, E>,
        mut on_new: impl FnMut(&super::Tx<'_>, &mut Post) -> Result<(), E>,
    ) -> Result<PollCommit, E> {
        self.write(|tx| {
            let batch = store_batch(tx, rec, &mut at_insert, &mut on_new)?;
            let conn = &*tx.tx;
            let mut health = health_row(conn, &rec.source).at(tx.path)?;
            let was_healthy = health.healthy;
            health.last_items_found = rec.items_found;
            health.last_pages_fetched = rec.pages_fetched;
            match &rec.error {
                Some(msg) => note_error(&mut health, rec.at, msg),
                None => {
                    health.last_success = Some(rec.at);
                    health.consecutive_errors = 0;
                    if rec.items_found == 0 && rec.pages_not_modified == 0 && !rec.empty_is_normal {
                        health.consecutive_empty = health.consecutive_empty.saturating_add(1);
                    } else {
                        health.consecutive_empty = 0;
                    }
                    health.healthy = health.consecutive_empty < UNHEALTHY_AFTER;
                }
            }
            save_health(conn, &health).at(tx.path)?;
            Ok(PollCommit {
                new_posts: batch.new_posts,
                prematched: batch.prematched,
                edited: batch.edited,
                became_unhealthy: was_healthy && !health.healthy,
                health,
            })
        })
    }

    /// One batch of a poll in flight, in its own transaction: the posts and page cache of
    /// `rec` (its counts, error and health are left for the poll's last commit), with
    /// `on_new` run on every newly stored post as in [`Store::commit_poll_with`]. A crash
    /// after it keeps the batch; the pages it lists are remembered only with their posts.
    pub fn commit_batch_with<E: From<StoreError> + std::fmt::Display>(
        &self,
        rec: &PollRecord,
        on_new: impl FnMut(&super::Tx<'_>, &mut Post) -> Result<(), E>,
    ) -> Result<BatchCommit, E> {
        self.commit_batch_prematched(rec, |_, _| Ok(None), on_new)
    }

    /// [`Store::commit_batch_with`] with `at_insert` as in [`Store::commit_poll_prematched`].
    pub fn commit_batch_prematched<E: From<StoreError> + std::fmt::Display>(
        &self,
        rec: &PollRecord,
        mut at_insert: impl FnMut(&super::Tx<'_>, &Post) -> Result<Option<MatchAtInsert>, E>,
        mut on_new: impl FnMut(&super::Tx<'_>, &mut Post) -> Result<(), E>,
    ) -> Result<BatchCommit, E> {
        self.write(|tx| store_batch(tx, rec, &mut at_insert, &mut on_new))
    }

    /// Notes a poll that failed before producing anything; returns the source's health.
    pub fn record_poll_error(&self, source: &str, msg: &str) -> Result<SourceHealth> {
        self.write(|tx| {
            let mut h = health_row(&tx.tx, source).at(tx.path)?;
            note_error(&mut h, Utc::now(), msg);
            save_health(&tx.tx, &h).at(tx.path)?;
            Ok(h)
        })
    }

    /// The cached validators and `next` links of a source's pages, by URL.
    pub fn page_cache(&self, source: &str) -> Result<HashMap<String, PageCacheRow>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT url, etag, last_modified, next_url, fetched_at, body_hash FROM page_cache WHERE source = ?1",
            )?;
            let rows = stmt.query_map([source], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    PageCacheRow {
                        etag: r.get(1)?,
                        last_modified: r.get(2)?,
                        next: r.get(3)?,
                        fetched_at: col_ts(r, 4)?.unwrap_or_default(),
                        body_hash: r.get(5)?,
                    },
                ))
            })?;
            rows.collect()
        })
    }

    /// Health of every source that has been polled or paused, by name.
    pub fn source_health(&self) -> Result<Vec<SourceHealth>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT source, last_success, last_error, last_error_at, consecutive_empty, consecutive_errors,
                        last_items_found, last_pages_fetched, paused
                 FROM source_health ORDER BY source",
            )?;
            let rows = stmt.query_map([], health_from_row)?;
            rows.collect()
        })
    }

    /// Pauses or resumes polling of a source (an admin action; survives restarts).
    pub fn set_source_paused(&self, source: &str, paused: bool) -> Result<()> {
        self.write(|tx| {
            let mut h = health_row(&tx.tx, source).at(tx.path)?;
            h.paused = paused;
            save_health(&tx.tx, &h).at(tx.path)
        })
    }

    /// Pauses or resumes a source and audits who did it, in one transaction.
    pub fn set_source_paused_by(&self, source: &str, paused: bool, actor_id: &str) -> Result<()> {
        self.write(|tx| {
            let mut h = health_row(&tx.tx, source).at(tx.path)?;
            h.paused = paused;
            save_health(&tx.tx, &h).at(tx.path)?;
            let action = if paused {
                "source_pause"
            } else {
                "source_resume"
            };
            tx.append_audit(actor_id, action, None, None, source)?;
            Ok(())
        })
    }

    /// Whether a source is paused.
    pub fn source_paused(&self, source: &str) -> Result<bool> {
        self.read(|c| health_row(c, source)).map(|h| h.paused)
    }

    /// Sets (or clears, with `None`) the customer match of a stored post.
    pub fn set_post_match(
        &self,
        source: &str,
        post_id: &str,
        matched: Option<&Match>,
    ) -> Result<()> {
        self.write(|tx| tx.set_post_match(source, post_id, matched))
    }

    /// Posts that were never run through the matcher (`matched_at` unset: stored by a poll that
    /// died before matching, or by an older reviewgate), of one source or all, oldest first.
    pub fn posts_never_matched(&self, source: Option<&str>, limit: usize) -> Result<Vec<Post>> {
        // Two statements, so each can use the partial index `posts_never_matched`.
        self.read(|c| match source {
            Some(source) => c
                .prepare_cached(&format!(
                    "SELECT {POST_COLS} FROM posts WHERE matched_at IS NULL AND source = ?1
                     ORDER BY first_seen, id LIMIT ?2"
                ))?
                .query_map(params![source, limit as i64], post_from_row)?
                .collect(),
            None => c
                .prepare_cached(&format!(
                    "SELECT {POST_COLS} FROM posts WHERE matched_at IS NULL
                     ORDER BY first_seen, source, id LIMIT ?1"
                ))?
                .query_map([limit as i64], post_from_row)?
                .collect(),
        })
    }

    /// One stored post with its match.
    pub fn post(&self, source: &str, id: &str) -> Result<Option<Post>> {
        self.read(|c| load_post(c, source, id))
    }

    /// Posts first seen at or after `since` that have no match (e.g. to match again after an import).
    pub fn posts_unmatched_since(&self, since: DateTime<Utc>) -> Result<Vec<Post>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {POST_COLS} FROM posts WHERE match_json IS NULL AND staff = 0 AND first_seen >= ?1
                 ORDER BY first_seen, source, id"
            ))?;
            let rows = stmt.query_map([ts(since)], post_from_row)?;
            rows.collect()
        })
    }

    /// Relevant posts of `source` that never got a queue item (a draft that failed to queue,
    /// a post that became relevant through an edit), oldest first.
    pub fn relevant_posts_without_item(&self, source: &str, limit: usize) -> Result<Vec<Post>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {POST_COLS} FROM posts p WHERE p.source = ?1 AND p.relevant = 1 AND p.held_back = 0 AND p.staff = 0
                 AND NOT EXISTS (SELECT 1 FROM queue_items q WHERE q.source = p.source AND q.post_id = p.id)
                 ORDER BY p.first_seen, p.id LIMIT ?2"
            ))?;
            let rows = stmt.query_map(rusqlite::params![source, limit as i64], post_from_row)?;
            rows.collect()
        })
    }

    /// Earlier texts of an edited post, oldest first.
    pub fn post_edits(&self, source: &str, id: &str) -> Result<Vec<PostEdit>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT old_text, old_quotes, replaced_at FROM post_edits WHERE source = ?1 AND post_id = ?2 ORDER BY seq",
            )?;
            let rows = stmt.query_map(params![source, id], |r| {
                Ok(PostEdit { old_text: r.get(0)?, old_quotes: col_json(r, 1)?, replaced_at: col_ts(r, 2)?.unwrap_or_default() })
            })?;
            rows.collect()
        })
    }

    /// Which of `ids` are stored for `source` already: the pipeline matches and drafts only
    /// the others before a batch's commit turn. One indexed lookup per id, one statement.
    pub fn stored_post_ids<'a>(
        &self,
        source: &str,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<std::collections::HashSet<String>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM posts WHERE source = ?1 AND id = ?2)",
            )?;
            let mut stored = std::collections::HashSet::new();
            for id in ids {
                if stmt.query_row(params![source, id], |r| r.get::<_, bool>(0))? {
                    stored.insert(id.to_string());
                }
            }
            Ok(stored)
        })
    }

    /// How many posts are stored (all sources).
    pub fn post_count(&self) -> Result<u64> {
        self.read(|c| c.query_row("SELECT COUNT(*) FROM posts", [], |r| r.get(0)))
    }
}

impl super::Tx<'_> {
    /// Sets (or clears, with `None`) the customer match of a stored post, and notes that the
    /// post went through the matcher (`matched_at`), whatever it found.
    pub fn set_post_match(
        &self,
        source: &str,
        post_id: &str,
        matched: Option<&Match>,
    ) -> Result<()> {
        let json = matched.map(to_json);
        let customer = matched.map(|m| m.customer_id.as_str());
        let n = self
            .tx
            .prepare_cached(
                "UPDATE posts SET match_json = ?3, match_customer_id = ?4, matched_at = ?5
                 WHERE source = ?1 AND id = ?2",
            )
            .and_then(|mut s| s.execute(params![source, post_id, json, customer, ts(Utc::now())]))
            .at(self.path)?;
        if n == 0 {
            return Err(StoreError::NotFound {
                path: self.path.to_path_buf(),
                what: format!("post {post_id} of source {source}"),
            });
        }
        Ok(())
    }

    /// [`Tx::set_post_match`] and, with `held`, [`Tx::hold_post`] in one write: what a poll
    /// records of each new post costs one UPDATE.
    pub fn set_post_match_held(
        &self,
        source: &str,
        post_id: &str,
        matched: Option<&Match>,
        held: bool,
    ) -> Result<()> {
        let json = matched.map(to_json);
        let customer = matched.map(|m| m.customer_id.as_str());
        let n = self
            .tx
            .prepare_cached(
                "UPDATE posts SET match_json = ?3, match_customer_id = ?4, matched_at = ?5,
                     held_back = CASE WHEN ?6 THEN 1 ELSE held_back END
                 WHERE source = ?1 AND id = ?2",
            )
            .and_then(|mut s| {
                s.execute(params![
                    source,
                    post_id,
                    json,
                    customer,
                    ts(Utc::now()),
                    held
                ])
            })
            .at(self.path)?;
        if n == 0 {
            return Err(StoreError::NotFound {
                path: self.path.to_path_buf(),
                what: format!("post {post_id} of source {source}"),
            });
        }
        Ok(())
    }

    /// One stored post with its match, inside this transaction.
    pub fn post(&self, source: &str, id: &str) -> Result<Option<Post>> {
        load_post(&self.tx, source, id).at(self.path)
    }
}
