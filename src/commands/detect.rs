//! `sources detect URL`: fetch one page politely (the one HTTP client, robots.txt honoured),
//! say what it is and what can be read from it, and print a `[[sources]]` block to paste.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use reviewgate::extract::{inspect, silent_failure, Inspection, Limits};
use reviewgate::http::{FetchRequest, FetchResponse, HttpClient};
use reviewgate::model::{ExtractedPost, PostDetails};
use url::Url;

use super::{load_config, runtime, BadInput};

/// How many posts the report shows in full.
const SAMPLE: usize = 3;

pub fn sources_detect(config: &Path, url: &str) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let url = Url::parse(url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https" | "file"))
        .ok_or_else(|| BadInput(format!("{url:?} is not an http(s) or file URL")))?;
    let page = runtime()?.block_on(async {
        let client = HttpClient::new(&cfg.config.http)?;
        match client.fetch(&FetchRequest::get(url.clone())).await {
            Ok(FetchResponse::Fetched(page)) => Ok(page),
            Ok(FetchResponse::NotModified) => {
                anyhow::bail!("{url}: the server answered 304 Not Modified to a plain GET")
            }
            Err(e) => Err(anyhow::Error::new(e).context(format!("fetching {url}"))),
        }
    })?;
    let found = inspect(
        &page.final_url,
        &page.body,
        page.content_type.as_deref(),
        chrono::Utc::now(),
        &Limits::from(&cfg.config.http),
    )?;
    let mut out = std::io::stdout().lock();
    report(&mut out, &page.final_url, &found).context("writing the report")?;
    let ex = &found.extracted;
    if ex.posts.is_empty() {
        let reason = silent_failure(ex.items_found, 0, &ex.gaps).unwrap_or_else(|| {
            "no post found: no schema.org structured data, and the markup is not one a preset knows \
             (write [sources.select] by hand)"
                .into()
        });
        anyhow::bail!("{}: nothing could be extracted: {reason}", page.final_url);
    }
    Ok(())
}

fn report(out: &mut impl Write, url: &Url, found: &Inspection) -> std::io::Result<()> {
    let ex = &found.extracted;
    writeln!(out, "page: {url}")?;
    let sw = &found.software;
    match sw.preset {
        Some(p) => writeln!(
            out,
            "software: {p}{}{}",
            sw.version
                .as_deref()
                .map(|v| format!(" (version {v})"))
                .unwrap_or_default(),
            sw.evidence
                .as_deref()
                .map(|e| format!(", from the {e}"))
                .unwrap_or_default()
        )?,
        None => writeln!(out, "software: not recognised")?,
    }
    writeln!(
        out,
        "structured data: {}",
        match (found.json_ld, found.microdata) {
            (0, 0) => "none".to_string(),
            (j, m) => format!("{j} schema.org post(s) in JSON-LD, {m} in microdata"),
        }
    )?;
    writeln!(
        out,
        "read by: {}",
        ex.method.as_deref().unwrap_or("nothing recognised")
    )?;
    writeln!(
        out,
        "items: {}, posts: {}, next page: {}",
        ex.items_found,
        ex.posts.len(),
        ex.next.as_ref().map_or("-".to_string(), Url::to_string)
    )?;
    if let Some(problem) = silent_failure(ex.items_found, ex.posts.len(), &ex.gaps) {
        writeln!(out, "warning: {problem}")?;
    }
    for (i, p) in ex.posts.iter().take(SAMPLE).enumerate() {
        sample(out, i + 1, p)?;
    }
    if !ex.posts.is_empty() {
        writeln!(out, "\npaste into the config:\n")?;
        write!(out, "{}", sources_block(url, sw.preset))?;
    }
    Ok(())
}

fn sample(out: &mut impl Write, n: usize, p: &ExtractedPost) -> std::io::Result<()> {
    writeln!(out, "\npost {n}:")?;
    writeln!(out, "  id: {}", p.id)?;
    writeln!(out, "  author: {}", p.author)?;
    let time = match p.published_at {
        Some(t) if p.details.time_assumed_utc => {
            format!("{} (no timezone on the page: read as UTC)", t.to_rfc3339())
        }
        Some(t) => t.to_rfc3339(),
        None => "-".into(),
    };
    writeln!(out, "  time: {time}")?;
    writeln!(out, "  url: {}", p.url.as_deref().unwrap_or("-"))?;
    if let Some(title) = &p.details.title {
        writeln!(out, "  title: {title}")?;
    }
    let text: String = p.text.chars().take(300).collect();
    writeln!(out, "  text: {}", text.replace('\n', " / "))?;
    writeln!(out, "  quotes: {}", p.quotes.len())?;
    if !p.details.image_alts.is_empty() {
        writeln!(out, "  images: {}", p.details.image_alts.join(", "))?;
    }
    Ok(())
}

/// A `[[sources]]` block for the page: the detected preset, or `auto` for structured data.
pub fn sources_block(url: &Url, preset: Option<&str>) -> String {
    let name: String = url
        .host_str()
        .unwrap_or("source")
        .trim_start_matches("www.")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!(
        "[[sources]]\nname = \"{name}\"\nkind = \"html\"\nurl = \"{url}\"\ninterval = \"15m\"\nmax_pages = 5\nkeywords = []\npreset = \"{}\"\n",
        preset.unwrap_or("auto")
    )
}

/// A post as `sources test --json` prints it: the contract's fields plus `title`,
/// `image_alts` and `time_assumed_utc` when they say something.
pub fn print_post_with_details(
    out: &mut impl Write,
    post: &impl serde::Serialize,
    details: &PostDetails,
) -> anyhow::Result<()> {
    let mut value = serde_json::to_value(post)?;
    if let (Some(obj), serde_json::Value::Object(extra)) =
        (value.as_object_mut(), serde_json::to_value(details)?)
    {
        obj.extend(extra);
    }
    serde_json::to_writer(&mut *out, &value)?;
    writeln!(out)?;
    Ok(())
}
