//! `customers import` and `customers purge`.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::Context;
use reviewgate::customers;

use super::{load_config, open_store};

/// Posts from this many days back are re-matched after an import.
const REMATCH_DAYS: i64 = 30;

pub fn customers_import(config: &Path, file: &Path) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    // Check the whole file first: a bad file imports nothing and lists every problem.
    let total = customers::check(file)?;
    let store = open_store(&cfg)?;
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(total);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} accounts ({per_sec}, eta {eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let counts = store
        .import_customers(customers::open(file)?, |done| {
            if let Some(b) = &bar {
                b.set_position(done);
            }
        })
        .with_context(|| format!("importing {}", file.display()))?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    println!(
        "{}: {} inserted, {} updated, {} unchanged",
        file.display(),
        counts.inserted,
        counts.updated,
        counts.unchanged
    );
    // New or changed accounts may explain posts that matched nothing before; their open
    // items are linked and assessed again, so a reply is judged against the right account.
    let store = std::sync::Arc::new(store);
    let pipeline = reviewgate::service::Pipeline::new(cfg.clone(), store.clone())?;
    let matcher = pipeline.matcher()?;
    let since = chrono::Utc::now() - chrono::Duration::days(REMATCH_DAYS);
    let mut rematched = 0;
    for post in store.posts_unmatched_since(since)? {
        if let Some(m) = matcher.match_post(&post.author, &post.text) {
            store.set_post_match(&post.source, &post.id, Some(&m))?;
            rematched += 1;
        }
    }
    let repaired = pipeline.repair_all();
    println!("{rematched} recent unmatched post(s) now match an account");
    println!(
        "{} open queue item(s) linked to their post's account and assessed again",
        repaired.relinked
    );
    Ok(())
}

pub fn customers_purge(config: &Path) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = open_store(&cfg)?;
    let today = chrono::Utc::now().date_naive();
    // Their review messages are edited too, so the channel stops showing the old match.
    let counts = reviewgate::service::scheduler::purge_retention(&cfg, &store, today)
        .context("purging cancelled accounts")?;
    if !counts.wal_truncated {
        eprintln!(
            "warning: another process kept the WAL of {} from being truncated; purged rows may stay in it until the next purge",
            store.path().display()
        );
    }
    println!(
        "purged {} account(s) cancelled more than 30 days ago and {} link(s) to them",
        counts.accounts, counts.links
    );
    Ok(())
}
