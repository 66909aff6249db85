//! Polling one source: fetch pages through the HTTP client, follow pagination, extract posts. Never writes the store.
