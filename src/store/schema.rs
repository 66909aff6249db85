//! Versioned schema migrations, applied in order and tracked in `PRAGMA user_version`.

use rusqlite::Connection;

/// Each entry moves the schema from version `i` to `i + 1`. Never edit a shipped entry; append.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: posts, page cache, source health, customers, review queue, audit trail, outbox.
    r#"
    CREATE TABLE posts (
        source        TEXT NOT NULL,
        id            TEXT NOT NULL,
        url           TEXT,
        author        TEXT NOT NULL,
        published_at  TEXT,
        text          TEXT NOT NULL,
        quotes        TEXT NOT NULL DEFAULT '[]',
        relevant      INTEGER NOT NULL,
        first_seen    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        match_json    TEXT,
        match_customer_id TEXT,
        matched_at    TEXT,
        PRIMARY KEY (source, id)
    ) WITHOUT ROWID;
    CREATE INDEX posts_first_seen ON posts(first_seen);
    CREATE INDEX posts_match_customer ON posts(match_customer_id) WHERE match_customer_id IS NOT NULL;

    CREATE TABLE post_edits (
        seq          INTEGER PRIMARY KEY,
        source       TEXT NOT NULL,
        post_id      TEXT NOT NULL,
        old_text     TEXT NOT NULL,
        old_quotes   TEXT NOT NULL,
        replaced_at  TEXT NOT NULL,
        FOREIGN KEY (source, post_id) REFERENCES posts(source, id) ON DELETE CASCADE
    );
    CREATE INDEX post_edits_post ON post_edits(source, post_id);

    CREATE TABLE page_cache (
        source        TEXT NOT NULL,
        url           TEXT NOT NULL,
        etag          TEXT,
        last_modified TEXT,
        next_url      TEXT,
        fetched_at    TEXT NOT NULL,
        PRIMARY KEY (source, url)
    ) WITHOUT ROWID;

    CREATE TABLE source_health (
        source              TEXT PRIMARY KEY,
        last_success        TEXT,
        last_error          TEXT,
        last_error_at       TEXT,
        consecutive_empty   INTEGER NOT NULL DEFAULT 0,
        consecutive_errors  INTEGER NOT NULL DEFAULT 0,
        last_items_found    INTEGER NOT NULL DEFAULT 0,
        last_pages_fetched  INTEGER NOT NULL DEFAULT 0,
        paused              INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;

    CREATE TABLE customers (
        id            TEXT PRIMARY KEY,
        name          TEXT NOT NULL,
        emails        TEXT NOT NULL,
        hosts         TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('active', 'cancelled')),
        plan          TEXT,
        created_at    TEXT,
        cancelled_at  TEXT,
        facts         TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX customers_cancelled ON customers(cancelled_at) WHERE status = 'cancelled';

    CREATE TABLE queue_items (
        id            INTEGER PRIMARY KEY,
        source        TEXT NOT NULL,
        post_id       TEXT NOT NULL,
        customer_id   TEXT,
        match_json    TEXT,
        match_state   TEXT NOT NULL,
        state         TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'posted', 'rejected')),
        version       INTEGER NOT NULL,
        origin        TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        posted_by     TEXT,
        posted_where  TEXT,
        posted_at     TEXT,
        discord_channel_id TEXT,
        discord_message_id TEXT,
        FOREIGN KEY (source, post_id) REFERENCES posts(source, id)
    );
    CREATE INDEX queue_items_state ON queue_items(state);
    CREATE INDEX queue_items_customer ON queue_items(customer_id) WHERE customer_id IS NOT NULL;
    CREATE INDEX queue_items_discord ON queue_items(discord_message_id) WHERE discord_message_id IS NOT NULL;

    CREATE TABLE queue_versions (
        item_id     INTEGER NOT NULL REFERENCES queue_items(id),
        version     INTEGER NOT NULL,
        text        TEXT NOT NULL,
        decision    TEXT NOT NULL,
        assessment  TEXT NOT NULL,
        author      TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        PRIMARY KEY (item_id, version)
    ) WITHOUT ROWID;

    CREATE TABLE queue_approvals (
        item_id   INTEGER NOT NULL REFERENCES queue_items(id),
        version   INTEGER NOT NULL,
        by        TEXT NOT NULL,
        reason    TEXT NOT NULL,
        at        TEXT NOT NULL,
        PRIMARY KEY (item_id, version, by)
    ) WITHOUT ROWID;

    CREATE TABLE audit (
        id         INTEGER PRIMARY KEY,
        at         TEXT NOT NULL,
        actor      TEXT NOT NULL,
        action     TEXT NOT NULL,
        item_id    INTEGER,
        version    INTEGER,
        detail     TEXT NOT NULL,
        prev_hash  TEXT NOT NULL,
        hash       TEXT NOT NULL
    );
    CREATE INDEX audit_item ON audit(item_id);
    -- The chain head is kept apart so that removing the newest entries is detected.
    CREATE TABLE audit_head (
        one      INTEGER PRIMARY KEY CHECK (one = 1),
        last_id  INTEGER NOT NULL,
        hash     TEXT NOT NULL
    );
    INSERT INTO audit_head (one, last_id, hash) VALUES (1, 0, '');
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
        BEGIN SELECT RAISE(ABORT, 'the audit chain head can not be removed'); END;

    CREATE TABLE outbox (
        id               INTEGER PRIMARY KEY,
        kind             TEXT NOT NULL,
        item_id          INTEGER REFERENCES queue_items(id),
        payload          TEXT NOT NULL,
        created_at       TEXT NOT NULL,
        attempts         INTEGER NOT NULL DEFAULT 0,
        next_attempt_at  TEXT NOT NULL,
        last_error       TEXT,
        done_at          TEXT,
        discord_message_id TEXT
    );
    CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE done_at IS NULL;
    -- A review message is posted once per item, however often it is pushed.
    CREATE UNIQUE INDEX outbox_post_once ON outbox(item_id) WHERE kind = 'post';
    "#,
    // 2: a counter bumped by every import or purge that changes accounts, so a running
    // service knows when to rebuild its matcher.
    r#"
    CREATE TABLE customers_version (
        id       INTEGER PRIMARY KEY CHECK (id = 1),
        version  INTEGER NOT NULL
    );
    INSERT INTO customers_version (id, version) VALUES (1, 0);
    "#,
    // 3: whether a post's text was cut to `http.max_post_chars` when it was extracted.
    r#"
    ALTER TABLE posts ADD COLUMN truncated INTEGER NOT NULL DEFAULT 0;
    "#,
    // 4: where the keyed (HMAC) audit chain starts; entries before it keep the unkeyed
    // SHA-256 links of older versions. The row is MACed, so moving the start is detected.
    r#"
    CREATE TABLE audit_keying (
        one         INTEGER PRIMARY KEY CHECK (one = 1),
        keyed_from  INTEGER NOT NULL,
        key_id      TEXT NOT NULL,
        mac         TEXT NOT NULL
    );
    CREATE TRIGGER audit_keying_no_update BEFORE UPDATE ON audit_keying
        BEGIN SELECT RAISE(ABORT, 'the audit keying record is fixed'); END;
    CREATE TRIGGER audit_keying_no_delete BEFORE DELETE ON audit_keying
        BEGIN SELECT RAISE(ABORT, 'the audit keying record is fixed'); END;
    "#,
    // 5: at most one open (pending or approved) item per post, enforced by a unique partial
    // index; and an index of the posts never matched. Duplicates left by concurrent scans are closed first, keeping the oldest; each
    // closed one is noted here and audited when the store is next opened.
    r#"
    CREATE TABLE queue_duplicates_closed (
        item_id   INTEGER PRIMARY KEY REFERENCES queue_items(id),
        kept_id   INTEGER NOT NULL REFERENCES queue_items(id),
        closed_at TEXT NOT NULL,
        audited   INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO queue_duplicates_closed (item_id, kept_id, closed_at)
        SELECT q.id,
               (SELECT MIN(k.id) FROM queue_items k WHERE k.source = q.source AND k.post_id = q.post_id
                    AND k.state IN ('pending', 'approved')),
               strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        FROM queue_items q
        WHERE q.state IN ('pending', 'approved')
          AND EXISTS (SELECT 1 FROM queue_items o WHERE o.source = q.source AND o.post_id = q.post_id
                          AND o.state IN ('pending', 'approved') AND o.id < q.id);
    UPDATE queue_items SET state = 'rejected', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE id IN (SELECT item_id FROM queue_duplicates_closed);
    -- A closed duplicate's review message is never posted.
    DELETE FROM outbox WHERE done_at IS NULL AND item_id IN (SELECT item_id FROM queue_duplicates_closed);
    CREATE UNIQUE INDEX queue_items_one_open ON queue_items(source, post_id)
        WHERE state IN ('pending', 'approved');
    -- Posts the matcher has not seen yet (a crash, an older version, a purge), for the repair.
    CREATE INDEX posts_never_matched ON posts(source, first_seen) WHERE matched_at IS NULL;
    "#,
    // 6: the ranked candidates of a post's match, when several accounts fit about equally.
    r#"
    CREATE TABLE match_candidates (
        source       TEXT NOT NULL,
        post_id      TEXT NOT NULL,
        rank         INTEGER NOT NULL,
        customer_id  TEXT NOT NULL,
        confidence   REAL NOT NULL,
        evidence     TEXT NOT NULL,
        PRIMARY KEY (source, post_id, rank),
        FOREIGN KEY (source, post_id) REFERENCES posts(source, id) ON DELETE CASCADE
    );
    CREATE INDEX match_candidates_customer ON match_candidates(customer_id);
    "#,
    // 7: reviewers' flags on the gate's decisions ("missed" / "too strict"), exported as a
    // labelled regression set by `assess flags`.
    r#"
    CREATE TABLE queue_flags (
        id        INTEGER PRIMARY KEY,
        item_id   INTEGER NOT NULL REFERENCES queue_items(id),
        version   INTEGER NOT NULL,
        kind      TEXT NOT NULL CHECK (kind IN ('missed', 'too_strict')),
        decision  TEXT NOT NULL,
        expected  TEXT NOT NULL,
        note      TEXT NOT NULL,
        by        TEXT NOT NULL,
        at        TEXT NOT NULL
    );
    CREATE INDEX queue_flags_item ON queue_flags(item_id);
    "#,
    // 8: relevant posts older than the reply window, stored and matched but not queued
    // (the repair sweep leaves them alone; `queue backfill` queues them).
    r#"
    ALTER TABLE posts ADD COLUMN held_back INTEGER NOT NULL DEFAULT 0;
    "#,
    // 9: closing the loop. Posts by the company's own accounts (`staff`), each checked once
    // against the approved version it answers (`publications`: verified or unreviewed), and
    // the publisher's attempts, one per item and version, recorded before and after the call.
    r#"
    ALTER TABLE posts ADD COLUMN staff INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX posts_staff ON posts(source) WHERE staff = 1;
    CREATE TABLE publications (
        id              INTEGER PRIMARY KEY,
        source          TEXT NOT NULL,
        post_id         TEXT NOT NULL,
        url             TEXT,
        author          TEXT NOT NULL,
        published_at    TEXT,
        seen_at         TEXT NOT NULL,
        answers_post_id TEXT,
        item_id         INTEGER REFERENCES queue_items(id),
        item_version    INTEGER,
        outcome         TEXT NOT NULL CHECK (outcome IN ('verified', 'unreviewed')),
        reason          TEXT NOT NULL,
        decision        TEXT,
        assessment      TEXT,
        UNIQUE (source, post_id),
        FOREIGN KEY (source, post_id) REFERENCES posts(source, id) ON DELETE CASCADE
    );
    CREATE INDEX publications_item ON publications(item_id) WHERE item_id IS NOT NULL;
    CREATE TABLE publish_attempts (
        item_id      INTEGER NOT NULL REFERENCES queue_items(id),
        version      INTEGER NOT NULL,
        key          TEXT NOT NULL UNIQUE,
        publisher    TEXT NOT NULL,
        state        TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
        started_at   TEXT NOT NULL,
        finished_at  TEXT,
        url          TEXT,
        error        TEXT,
        PRIMARY KEY (item_id, version)
    ) WITHOUT ROWID;
    "#,
    // 10: cheap rescans. A hash of each page's body as last parsed (a page served again
    // unchanged, without validators, is not parsed again) and of each post's extracted
    // fields (an unchanged post is not written again).
    r#"
    ALTER TABLE page_cache ADD COLUMN body_hash TEXT;
    ALTER TABLE posts ADD COLUMN content_hash TEXT;
    -- Whether a post has any item, asked for every post of a source by each poll's repair
    -- sweep: without it each lookup scans the queue (the one-open index is partial).
    CREATE INDEX queue_items_post ON queue_items(source, post_id);
    "#,
    // 11: the weekly digests `run` posted to Discord, one per ISO week, so a restart does
    // not post a week's digest again.
    r#"
    CREATE TABLE digests_posted (
        week        TEXT PRIMARY KEY,
        posted_at   TEXT NOT NULL,
        message_id  TEXT NOT NULL
    ) WITHOUT ROWID;
    "#,
    // 12: evidence weights re-estimated from reviewers' labelled pairs and applied with
    // `match weights --apply`; the matcher reads them when it is built. Replaced as a whole.
    r#"
    CREATE TABLE match_weights (
        feature         TEXT PRIMARY KEY,
        weight          REAL NOT NULL,
        in_matches      INTEGER NOT NULL,
        in_non_matches  INTEGER NOT NULL
    ) WITHOUT ROWID;
    "#,
];

/// Brings the schema up to date; refuses a database written by a newer version. `after` runs
/// inside each migration's transaction, for steps that need more than SQL (a key).
pub(super) fn migrate(
    conn: &mut Connection,
    after: impl Fn(&rusqlite::Transaction<'_>) -> rusqlite::Result<()>,
) -> Result<(), MigrateError> {
    let target = MIGRATIONS.len() as i64;
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current == target {
        return Ok(());
    }
    // Under the write lock, and the version read again: two processes opening a new or old
    // database at once (cron's `scan` next to `run`) must not both apply a migration.
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > target {
        return Err(MigrateError::TooNew {
            found: current,
            supported: target,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql)?;
        after(&tx)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.commit()?;
    Ok(())
}

pub(super) enum MigrateError {
    Sql(rusqlite::Error),
    TooNew { found: i64, supported: i64 },
}

impl From<rusqlite::Error> for MigrateError {
    fn from(e: rusqlite::Error) -> Self {
        MigrateError::Sql(e)
    }
}
