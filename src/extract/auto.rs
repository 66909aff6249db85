//! `preset = "auto"`: a page is read by its schema.org structured data (JSON-LD, microdata)
//! when it has some, else by the preset of the software it was detected to run.

use chrono::{DateTime, Utc};
use scraper::Html;
use url::Url;

use super::dates::{page_offset, DateContext};
use super::decode::decode;
use super::detect::{self, Software};
use super::parse::{self, Limits};
use super::presets::{self, preset, SOFTWARE};
use super::{html, post_id, structured, ExtractError, Extracted};
use crate::config::SelectConfig;

/// `preset = "auto"`: structured data when the page has it, else the preset of the detected
/// software; explicit `select` keys apply to every preset.
#[derive(Debug, Clone)]
pub(crate) struct AutoRules {
    presets: Vec<(&'static str, html::HtmlRules)>,
    microdata: html::HtmlRules,
}

impl AutoRules {
    pub(crate) fn compile(explicit: &SelectConfig) -> Result<AutoRules, Vec<(String, String)>> {
        let mut presets = Vec::new();
        for name in SOFTWARE {
            let base = preset(name).unwrap_or_default();
            presets.push((
                *name,
                html::HtmlRules::compile(&presets::merge(base, explicit))?,
            ));
        }
        Ok(AutoRules {
            presets,
            microdata: structured::microdata_rules(),
        })
    }

    pub(crate) fn extract(
        &self,
        doc: &Html,
        page_url: &Url,
        ctx: &DateContext,
        limits: &Limits,
    ) -> Result<Extracted, ExtractError> {
        let software = detect::detect(doc);
        let mut candidates: Vec<Extracted> = Vec::new();
        let (found, posts) = structured::json_ld(doc, page_url, ctx, limits)
            .map_err(|over| ExtractError::overflow(page_url, over))?;
        if found > 0 {
            candidates.push(Extracted {
                items_found: found,
                posts,
                method: Some("structured data (JSON-LD)".into()),
                ..Extracted::default()
            });
        }
        let micro = self.microdata.extract(doc, page_url, ctx, limits)?;
        if micro.items_found > 0 {
            candidates.push(Extracted {
                method: Some("structured data (microdata)".into()),
                ..micro
            });
        }
        if let Some((name, rules)) = software
            .preset
            .and_then(|p| self.presets.iter().find(|(n, _)| *n == p))
        {
            let mut out = rules.extract(doc, page_url, ctx, limits)?;
            out.method = Some(describe(name, &software));
            candidates.push(out);
        }
        // Structured data first, unless the software's own markup reads more posts (many
        // forums describe only the first post of a thread) or the same posts more fully. A
        // post that fell back to the hash of its author and text has no id of its own: it
        // would change id when edited, and Discourse 2.x microdata carries none.
        let rank = |e: &Extracted| {
            let missing = e
                .posts
                .iter()
                .map(|p| {
                    usize::from(p.author.is_empty())
                        + usize::from(p.published_at.is_none())
                        + usize::from(p.id == post_id(&p.author, &p.text))
                })
                .sum::<usize>();
            (e.posts.len(), std::cmp::Reverse(missing))
        };
        let mut best: Option<Extracted> = None;
        for c in candidates {
            if best.as_ref().map_or(true, |b| rank(&c) > rank(b)) {
                best = Some(c);
            }
        }
        let mut best = best.unwrap_or_else(|| Extracted {
            method: Some("nothing recognised (no structured data, unknown software)".into()),
            ..Extracted::default()
        });
        if best.next.is_none() {
            best.next = self
                .presets
                .iter()
                .find(|(n, _)| Some(*n) == software.preset)
                .and_then(|(_, r)| r.extract_next(doc, page_url));
        }
        Ok(best)
    }
}

fn describe(name: &str, software: &Software) -> String {
    match (&software.version, &software.evidence) {
        (Some(v), Some(e)) => format!("preset {name} (version {v}; {e})"),
        (None, Some(e)) => format!("preset {name} ({e})"),
        _ => format!("preset {name}"),
    }
}

/// What a page shows of itself, for `sources detect`.
#[derive(Debug, Clone)]
pub struct Inspection {
    pub software: Software,
    /// schema.org post objects in JSON-LD blocks.
    pub json_ld: usize,
    /// schema.org post items in microdata.
    pub microdata: usize,
    /// The page read as `preset = "auto"` reads it.
    pub extracted: Extracted,
}

/// Inspects one fetched page: software, structured data, and what `auto` extracts from it.
/// The page is parsed, and its posts cut, under `limits` as a source's pages are.
pub fn inspect(
    page_url: &Url,
    body: &[u8],
    content_type: Option<&str>,
    fetched_at: DateTime<Utc>,
    limits: &Limits,
) -> Result<Inspection, ExtractError> {
    let text = decode(body, content_type, true);
    let doc =
        parse::document(&text, limits).map_err(|over| ExtractError::overflow(page_url, over))?;
    let ctx = DateContext {
        fetched_at: Some(fetched_at),
        offset: page_offset(&text),
    };
    // The built-in presets always compile; an error here would be a bug the tests catch.
    let rules = AutoRules::compile(&SelectConfig::default()).expect("built-in presets compile");
    let (json_ld, _) = structured::json_ld(&doc, page_url, &ctx, limits)
        .map_err(|over| ExtractError::overflow(page_url, over))?;
    let microdata = rules
        .microdata
        .extract(&doc, page_url, &ctx, limits)?
        .items_found;
    let mut extracted = rules.extract(&doc, page_url, &ctx, limits)?;
    for post in &mut extracted.posts {
        super::cap_post(post, limits.max_post_chars);
    }
    Ok(Inspection {
        software: detect::detect(&doc),
        json_ld,
        microdata,
        extracted,
    })
}
