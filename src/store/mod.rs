//! The SQLite store: the only place that holds SQL (posts, accounts, links, queue, audit trail, outbox).
