//! `assess --explain`: a human-readable account of one assessment, sentence by sentence, for
//! admins tuning a policy.

use std::io::Write;

use reviewgate::assess::Explanation;

/// Prints reply number `n` with its decision, each sentence with the shape the claim rules saw,
/// and under it the findings inside it (class, policy entry, matched words).
pub fn print(out: &mut impl Write, n: usize, reply: &str, e: &Explanation) -> anyhow::Result<()> {
    let chars: Vec<char> = reply.chars().collect();
    let text = |s: usize, e: usize| -> String {
        chars[s.min(chars.len())..e.min(chars.len())]
            .iter()
            .collect()
    };
    writeln!(
        out,
        "reply {n}: {} (language: {})",
        e.assessment.decision.as_str(),
        e.language.unwrap_or("not detected")
    )?;
    let mut shown = vec![false; e.details.len()];
    for (i, s) in e.sentences.iter().enumerate() {
        let shape = if s.shape.is_empty() {
            "statement".to_string()
        } else {
            s.shape.join(", ")
        };
        writeln!(
            out,
            "  sentence {} [{shape}]: {:?}",
            i + 1,
            text(s.start, s.end)
        )?;
        if !s.terms.is_empty() {
            let terms: Vec<String> = s
                .terms
                .iter()
                .map(|t| format!("{} {:?} ({})", t.role, text(t.start, t.end), t.entry))
                .collect();
            writeln!(out, "    terms: {}", terms.join("; "))?;
        }
        for (k, d) in e.details.iter().enumerate() {
            if !shown[k] && d.finding.start < s.end && d.finding.end > s.start {
                shown[k] = true;
                writeln!(
                    out,
                    "    -> {} by {}: {}",
                    d.class,
                    d.entry,
                    d.words
                        .iter()
                        .map(|w| format!("{w:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )?;
            }
        }
    }
    for (k, d) in e.details.iter().enumerate() {
        if !shown[k] {
            writeln!(out, "  -> {} by {}: {:?}", d.class, d.entry, d.words)?;
        }
    }
    if e.assessment.decision != reviewgate::model::Decision::Routine {
        writeln!(out, "  redacted: {:?}", e.assessment.redacted)?;
    }
    Ok(())
}
