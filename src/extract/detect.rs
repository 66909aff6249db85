//! Which forum or comment software served a page, and which version, from what the page
//! shows of itself: the generator meta tag, ids and classes on `html`/`body`, known markup.

use scraper::{Html, Selector};

/// What a page gives away about the software behind it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Software {
    /// A preset name: `phpbb`, `xenforo`, `discourse`, `wordpress`, `hackernews`.
    pub preset: Option<&'static str>,
    /// A version guess ("2.0.0.beta3", "2.x", "3.2+"), when the page hints at one.
    pub version: Option<String>,
    /// What the guess rests on, for people ("generator meta", "markup").
    pub evidence: Option<String>,
}

fn sel(css: &str) -> Selector {
    // The selectors below are constants; a typo is caught by the tests.
    Selector::parse(css).unwrap_or_else(|_| Selector::parse("never-matches-anything").unwrap())
}

fn has(doc: &Html, css: &str) -> bool {
    doc.select(&sel(css)).next().is_some()
}

/// The `content` of `<meta name="generator">`.
pub fn generator(doc: &Html) -> Option<String> {
    doc.select(&sel("meta[name=generator]"))
        .filter_map(|m| m.value().attr("content"))
        .map(|c| c.trim().to_string())
        .find(|c| !c.is_empty())
}

fn version_after(generator: &str, name: &str) -> Option<String> {
    let rest =
        generator.get(generator.to_lowercase().find(&name.to_lowercase())? + name.len()..)?;
    let v: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    (!v.is_empty() && v.starts_with(|c: char| c.is_ascii_digit())).then_some(v)
}

/// Guesses the software of a page.
pub fn detect(doc: &Html) -> Software {
    let found = |preset, version: Option<String>, evidence: &str| Software {
        preset: Some(preset),
        version,
        evidence: Some(evidence.to_string()),
    };
    if let Some(g) = generator(doc) {
        for (name, preset) in [
            ("Discourse", "discourse"),
            ("WordPress", "wordpress"),
            ("XenForo", "xenforo"),
            ("phpBB", "phpbb"),
        ] {
            if g.to_lowercase().contains(&name.to_lowercase()) {
                return found(preset, version_after(&g, name), "generator meta tag");
            }
        }
    }
    if has(doc, "html#XF") || has(doc, "article.message--post") {
        return found("xenforo", Some("2.x".into()), "XenForo 2 markup");
    }
    if has(doc, "html#XenForo") || has(doc, "li.message[id^='post-'][data-author]") {
        return found("xenforo", Some("1.x".into()), "XenForo 1 markup");
    }
    if has(doc, "meta[name=discourse_theme_id]") || has(doc, "div.crawler-post") {
        return found("discourse", None, "Discourse crawler view");
    }
    if has(doc, "noscript") && noscript_holds(doc, "crawler-post") {
        return found(
            "discourse",
            Some("2.x".into()),
            "Discourse crawler view in <noscript>",
        );
    }
    if has(doc, "body#phpbb") || has(doc, "dl.postprofile") {
        let version = if has(doc, "p.author time[datetime]") {
            "3.2+"
        } else if has(
            doc,
            "dl.postprofile .username, dl.postprofile .username-coloured",
        ) {
            "3.1+"
        } else {
            "3.0"
        };
        return found("phpbb", Some(version.into()), "phpBB prosilver markup");
    }
    if has(doc, "b.postauthor") && has(doc, "table.tablebg") {
        return found(
            "phpbb",
            Some("3.0 (subsilver2)".into()),
            "phpBB subsilver2 markup",
        );
    }
    // phpBB 2 (subSilver and its copies): `span.name` with the post's anchor, `span.postbody`.
    if has(doc, "span.name > a[name]") && has(doc, "span.postbody") {
        return found("phpbb", Some("2.x".into()), "phpBB 2 subSilver markup");
    }
    if has(doc, "table#hnmain") || has(doc, "tr.athing") {
        return found("hackernews", None, "Hacker News markup");
    }
    if has(
        doc,
        "link[href*='/wp-content/'], script[src*='/wp-includes/']",
    ) || has(doc, "ol.commentlist, ol.comment-list, #comments .comment")
    {
        return found("wordpress", None, "WordPress markup");
    }
    Software::default()
}

fn noscript_holds(doc: &Html, needle: &str) -> bool {
    doc.select(&sel("noscript"))
        .any(|n| n.text().any(|t| t.contains(needle)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_and_markup() {
        let d = Html::parse_document(
            "<html><head><meta name=\"generator\" content=\"Discourse 2.0.0.beta3 - https://github.com/discourse/discourse version b6e8\"></head></html>",
        );
        let s = detect(&d);
        assert_eq!(s.preset, Some("discourse"));
        assert_eq!(s.version.as_deref(), Some("2.0.0.beta3"));
        let d = Html::parse_document("<meta name=generator content=\"WordPress 4.7.3\">");
        assert_eq!(detect(&d).version.as_deref(), Some("4.7.3"));
        let d = Html::parse_document("<html id=XF><body><article class='message message--post'>");
        assert_eq!(detect(&d).preset, Some("xenforo"));
        let d = Html::parse_document("<body id=phpbb><div class=post id=p1><dl class=postprofile>");
        assert_eq!(detect(&d).preset, Some("phpbb"));
        let d = Html::parse_document(
            "<table><tr><td><span class=name><a name=7001></a><b>x</b></span></td>\
             <td><span class=postbody>hi</span></td></tr></table>",
        );
        assert_eq!(detect(&d).preset, Some("phpbb"));
        assert_eq!(detect(&d).version.as_deref(), Some("2.x"));
        let d = Html::parse_document("<table id=hnmain><tr class='athing comtr'>");
        assert_eq!(detect(&d).preset, Some("hackernews"));
        assert_eq!(
            detect(&Html::parse_document("<p>hello")),
            Software::default()
        );
    }
}
