//! `scan --once`, `sources list` and `sources test`.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use reviewgate::config::LoadedConfig;
use reviewgate::model::Post;
use reviewgate::service::example_server::{self, ExampleServer};
use reviewgate::service::Pipeline;
use reviewgate::{http::HttpClient, sources};

use super::{load_config, open_store, runtime, shared_store, BadInput};

/// Starts the bundled example's loopback server when the config asks for one.
pub async fn maybe_example_server(cfg: &LoadedConfig) -> anyhow::Result<Option<ExampleServer>> {
    match &cfg.config.example_server {
        Some(ex) => Ok(Some(
            example_server::start(&cfg.resolve(&ex.root), &ex.listen).await?,
        )),
        None => Ok(None),
    }
}

pub fn scan_once(config: &Path, json: bool) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = shared_store(&cfg)?;
    runtime()?.block_on(async {
        let server = maybe_example_server(&cfg).await?;
        let mut pipeline = Pipeline::new(cfg.clone(), store)?;
        // The example's recorded approvals apply only to what this scan's own server serves.
        if let Some(server) = &server {
            pipeline = pipeline.replaying_example_approvals(server.addr);
        }
        let mut out = std::io::stdout().lock();
        let (mut polled, mut failed, mut new, mut held, mut checked) = (0, 0, 0, 0, 0);
        let mut write_err = None;
        pipeline
            .scan_once(|r| {
                // A source reports each committed batch; its last report ends its poll.
                polled += usize::from(r.complete);
                new += r.new_posts.len();
                held += r.held_back;
                if r.held_back > 0 {
                    eprintln!("{}", super::held_note(&r.source, r.held_back));
                }
                for p in &r.new_posts {
                    let printed = if json {
                        // `candidates` sits beside `match`, as in `match --json`.
                        let line = super::io::MatchedPost {
                            post: p,
                            candidates: r.new_candidates.get(&p.id).map_or(&[], Vec::as_slice),
                        };
                        let details = r.new_details.get(&p.id).cloned().unwrap_or_default();
                        super::detect::print_post_with_details(&mut out, &line, &details)
                    } else {
                        print_post(&mut out, p, json)
                    };
                    if let Err(e) = printed {
                        write_err.get_or_insert(e);
                    }
                }
                if !json {
                    for p in &r.publications {
                        if let Err(e) = super::publish::print_publication(&mut out, p) {
                            write_err.get_or_insert(e);
                        }
                    }
                }
                checked += r.publications.len();
                // Flushed per source, so a consumer sees each commit as it happens.
                let _ = out.flush();
                if let Some(e) = &r.error {
                    failed += 1;
                    // The error already names the source and URL.
                    eprintln!("warning: {e}");
                }
            })
            .await?;
        if let Some(e) = write_err {
            return Err(e);
        }
        // The summary goes to stderr: stdout carries only new posts, so a rescan prints nothing.
        if !json {
            eprintln!("{polled} source(s) polled, {new} new post(s), {held} held back by the reply window, {failed} failed");
            if checked > 0 {
                eprintln!("{checked} staff post(s) checked against the approved replies (`queue unreviewed` lists what bypassed the gate)");
            }
        }
        anyhow::Ok(())
    })
}

pub fn print_post(out: &mut impl Write, p: &Post, json: bool) -> anyhow::Result<()> {
    if json {
        serde_json::to_writer(&mut *out, p)?;
        writeln!(out)?;
    } else {
        let when = p
            .published_at
            .map(|t| t.to_rfc3339())
            .unwrap_or_else(|| "-".into());
        let m = match &p.matched {
            Some(m) => {
                let status = format!("{:?}", m.status).to_lowercase();
                format!(" -> {} {status} {:.2}", m.customer_id, m.confidence)
            }
            None => String::new(),
        };
        let rel = if p.relevant { "" } else { " (not relevant)" };
        writeln!(
            out,
            "[{}] {} by {} at {when}{rel}{m}",
            p.source, p.id, p.author
        )?;
        if let Some(u) = &p.url {
            writeln!(out, "    {u}")?;
        }
        let excerpt: String = p
            .text
            .chars()
            .take(160)
            .collect::<String>()
            .replace('\n', " ");
        writeln!(out, "    {excerpt}")?;
    }
    Ok(())
}

pub fn sources_list(config: &Path, json: bool) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = open_store(&cfg)?;
    let health = store.source_health().context("reading source health")?;
    let held = store
        .held_back_counts()
        .context("counting held-back posts")?;
    let mut out = std::io::stdout().lock();
    for s in &cfg.config.sources {
        let h = health.iter().find(|h| h.source == s.name);
        let held_back = held.get(&s.name).copied().unwrap_or(0);
        if json {
            let v = serde_json::json!({
                "name": s.name, "kind": s.kind, "url": s.url,
                "interval": humantime::format_duration(s.interval).to_string(),
                "held_back": held_back,
                "health": h.map(|h| serde_json::json!({
                    "healthy": h.healthy, "paused": h.paused,
                    "last_success": h.last_success, "last_error": h.last_error,
                    "last_error_at": h.last_error_at, "consecutive_empty": h.consecutive_empty,
                    "consecutive_errors": h.consecutive_errors, "last_items_found": h.last_items_found,
                })),
            });
            writeln!(out, "{v}")?;
        } else {
            let state = match h {
                None => "never polled".to_string(),
                Some(h) => reviewgate::service::control::health_summary(h),
            };
            let state = match held_back {
                0 => state,
                n => format!("{state}; {n} held back by the reply window"),
            };
            writeln!(
                out,
                "{:<20} {:<5} {}  [{state}]",
                s.name,
                format!("{:?}", s.kind).to_lowercase(),
                s.url
            )?;
        }
    }
    Ok(())
}

pub fn sources_test(config: &Path, name: &str, json: bool) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let Some((source, compiled)) = cfg.source(name) else {
        let names: Vec<&str> = cfg.config.sources.iter().map(|s| s.name.as_str()).collect();
        return Err(BadInput(format!(
            "no source named {name:?} in {} (have: {})",
            cfg.path.display(),
            names.join(", ")
        ))
        .into());
    };
    runtime()?.block_on(async {
        let _server = maybe_example_server(&cfg).await?;
        let client = HttpClient::new(&cfg.config.http)?;
        // No cache: a test always fetches and parses, and stores nothing.
        let outcome = sources::poll(&client, source, compiled, &Default::default()).await;
        let mut out = std::io::stdout().lock();
        for (p, relevant) in &outcome.posts {
            let post = Post {
                source: source.name.clone(),
                id: p.id.clone(),
                url: p.url.clone(),
                author: p.author.clone(),
                published_at: p.published_at,
                text: p.text.clone(),
                quotes: p.quotes.clone(),
                relevant: *relevant,
                truncated: p.truncated,
                matched: None,
            };
            if json {
                super::detect::print_post_with_details(&mut out, &post, &p.details)?;
            } else {
                print_post(&mut out, &post, json)?;
            }
        }
        if !json {
            writeln!(
                out,
                "{}: {} page(s), {} item(s) found, {} post(s)",
                source.name,
                outcome.pages_fetched,
                outcome.items_found,
                outcome.posts.len()
            )?;
            for method in &outcome.methods {
                writeln!(out, "{}: read by {method}", source.name)?;
            }
        }
        match &outcome.error {
            Some(e) => anyhow::bail!("{e}"),
            None if outcome.items_found == 0 => {
                anyhow::bail!("source {}: the item selector matched nothing (check `select.item` or the preset)", source.name)
            }
            None => Ok(()),
        }
    })
}
