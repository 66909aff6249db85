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
    // 4: reviewers' flags on the gate's decisions ("missed" / "too strict"), exported as a
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
];

/// Brings the schema up to date; refuses a database written by a newer version.
pub(super) fn migrate(conn: &mut Connection) -> Result<(), MigrateError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let target = MIGRATIONS.len() as i64;
    if current > target {
        return Err(MigrateError::TooNew {
            found: current,
            supported: target,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
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
