//! `match --json` and `assess --json`: JSON lines in on stdin, JSON lines out.

use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::Context;
use reviewgate::assess::{AssessInput, Assessor};
use reviewgate::model::{Post, PostDetails};
use serde::Deserialize;

use super::{load_config, open_store, BadInput};

/// Reads stdin line by line; a bad line is reported with its number and the rest go on.
/// Returns an error (exit 2) if any line was bad.
fn each_line(mut f: impl FnMut(usize, &str) -> anyhow::Result<()>) -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    let mut bad = 0;
    for (i, line) in stdin.lock().lines().enumerate() {
        let line = match line {
            Ok(l) => l,
            // A bad line is the input's fault (exit 2), and its number says which.
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                eprintln!("stdin:{}: not UTF-8 text", i + 1);
                bad += 1;
                continue;
            }
            Err(e) => return Err(e).context("reading stdin"),
        };
        if line.trim().is_empty() {
            continue;
        }
        if let Err(e) = f(i + 1, &line) {
            if e.is::<BadInput>() {
                eprintln!("{e}");
                bad += 1;
            } else {
                return Err(e);
            }
        }
    }
    if bad > 0 {
        return Err(BadInput(format!("{bad} bad input line(s) on stdin")).into());
    }
    Ok(())
}

pub fn match_stdin(config: &Path, _json: bool) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = open_store(&cfg)?;
    let matcher = reviewgate::service::pipeline::build_matcher(&cfg, &store)?;
    let mut out = std::io::stdout().lock();
    each_line(|n, line| {
        let mut post: Post = serde_json::from_str(line).map_err(|e| {
            BadInput(format!(
                "stdin:{n}: not a post (need at least \"author\" and \"text\"): {e}"
            ))
        })?;
        // title, image_alts and time_assumed_utc of `scan --json` pass through unchanged.
        let details: PostDetails = serde_json::from_str(line).map_err(|e| {
            BadInput(format!(
                "stdin:{n}: title, image_alts or time_assumed_utc of the wrong type: {e}"
            ))
        })?;
        let ranked = matcher.match_ranked(&post.author, &post.text);
        post.matched = ranked.matched;
        // `candidates` sits beside `match`: the accounts that fit about equally, ranked.
        let line = MatchedPost {
            post: &post,
            candidates: &ranked.candidates,
        };
        super::detect::print_post_with_details(&mut out, &line, &details)
    })
}

/// A post as `match --json` prints it: the post with its `match`, and `candidates` beside it.
#[derive(serde::Serialize)]
pub(super) struct MatchedPost<'a> {
    #[serde(flatten)]
    pub(super) post: &'a Post,
    pub(super) candidates: &'a [reviewgate::model::Candidate],
}

#[derive(Deserialize)]
struct AssessLine {
    #[serde(default)]
    customer_id: Option<String>,
    #[serde(default)]
    post_author: String,
    #[serde(default)]
    post_text: String,
    reply: String,
}

pub fn assess_stdin(config: &Path, _json: bool, explain: bool) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = open_store(&cfg)?;
    let assessor = Assessor::new(&cfg.config.assess, &cfg.config.service)?
        .with_account_plans(store.plan_counts(Assessor::MAX_PLANS)?);
    let mut out = std::io::stdout().lock();
    each_line(|n, line| {
        let mut value: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| BadInput(format!("stdin:{n}: not JSON: {e}")))?;
        let input: AssessLine = serde_json::from_value(value.clone())
            .map_err(|e| BadInput(format!("stdin:{n}: not a reply (need \"reply\"): {e}")))?;
        let customer = match &input.customer_id {
            Some(id) => match store.customer(id)? {
                Some(c) => Some(c),
                None => {
                    return Err(BadInput(format!(
                        "stdin:{n}: customer_id {id:?} is not in the store"
                    ))
                    .into())
                }
            },
            None => None,
        };
        let e = assessor.explain(&AssessInput {
            customer: customer.as_ref(),
            post_author: &input.post_author,
            post_text: &input.post_text,
            reply: &input.reply,
        });
        if explain {
            super::explain::print(&mut out, n, &input.reply, &e)?;
            return Ok(());
        }
        let a = e.assessment;
        if let serde_json::Value::Object(map) = &mut value {
            map.insert("decision".into(), serde_json::to_value(a.decision)?);
            // Each finding with its class, policy entry and matched words (added fields).
            map.insert("findings".into(), serde_json::to_value(&e.details)?);
            map.insert("redacted".into(), serde_json::Value::String(a.redacted));
        }
        serde_json::to_writer(&mut out, &value)?;
        writeln!(out)?;
        Ok(())
    })
}
