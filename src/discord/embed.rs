//! An embed assembled as plain data and fitted to Discord's limits before it becomes a serenity
//! builder: every piece is cut with an ellipsis, so a long post can never make a send fail.

use serenity::builder::{CreateEmbed, CreateEmbedFooter};

use super::text::truncate;

pub const TITLE_MAX: usize = 256;
pub const DESCRIPTION_MAX: usize = 4096;
pub const FIELD_NAME_MAX: usize = 256;
pub const FIELD_VALUE_MAX: usize = 1024;
pub const FOOTER_MAX: usize = 2048;
pub const FIELDS_MAX: usize = 25;
pub const TOTAL_MAX: usize = 6000;

/// Embed content; all text must already be escaped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Embed {
    pub title: String,
    pub description: String,
    pub fields: Vec<(String, String, bool)>,
    pub footer: String,
    pub colour: u32,
}

impl Embed {
    pub fn field(
        mut self,
        name: impl Into<String>,
        value: impl Into<String>,
        inline: bool,
    ) -> Self {
        let value: String = value.into();
        // Discord refuses empty field values.
        let value = if value.trim().is_empty() {
            "—".to_string()
        } else {
            value
        };
        self.fields.push((name.into(), value, inline));
        self
    }

    /// Characters counted against Discord's 6,000 per message.
    pub fn total(&self) -> usize {
        self.title.chars().count()
            + self.description.chars().count()
            + self.footer.chars().count()
            + self
                .fields
                .iter()
                .map(|(n, v, _)| n.chars().count() + v.chars().count())
                .sum::<usize>()
    }

    /// Applies every limit: per piece, 25 fields, then 6000 in total (description shrinks
    /// first, then the longest field values).
    pub fn fit(mut self) -> Embed {
        self.title = truncate(&self.title, TITLE_MAX);
        self.description = truncate(&self.description, DESCRIPTION_MAX);
        self.footer = truncate(&self.footer, FOOTER_MAX);
        if self.fields.len() > FIELDS_MAX {
            self.fields.truncate(FIELDS_MAX - 1);
            self.fields
                .push(("…".into(), "more not shown".into(), false));
        }
        for (name, value, _) in &mut self.fields {
            *name = truncate(name, FIELD_NAME_MAX);
            *value = truncate(value, FIELD_VALUE_MAX);
        }
        let mut excess = self.total().saturating_sub(TOTAL_MAX);
        if excess > 0 {
            let len = self.description.chars().count();
            let keep = len.saturating_sub(excess).max(len.min(200));
            self.description = truncate(&self.description, keep);
            excess = self.total().saturating_sub(TOTAL_MAX);
        }
        while excess > 0 {
            let longest = self
                .fields
                .iter_mut()
                .flat_map(|(n, v, _)| [n, v])
                .chain([&mut self.title, &mut self.footer])
                .max_by_key(|s| s.chars().count());
            let Some(longest) = longest else { break };
            let len = longest.chars().count();
            if len <= 1 {
                break;
            }
            *longest = truncate(longest, len.saturating_sub(excess).max(1));
            excess = self.total().saturating_sub(TOTAL_MAX);
        }
        self
    }

    /// The serenity builder, after [`Embed::fit`].
    pub fn build(self) -> CreateEmbed {
        let e = self.fit();
        let mut b = CreateEmbed::new().title(e.title).colour(e.colour);
        if !e.description.is_empty() {
            b = b.description(e.description);
        }
        if !e.footer.is_empty() {
            b = b.footer(CreateEmbedFooter::new(e.footer));
        }
        b.fields(e.fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(v: &serde_json::Value) -> usize {
        v.as_str().map(|s| s.chars().count()).unwrap_or(0)
    }

    #[test]
    fn fits_oversized_embeds_within_every_limit() {
        let long = "ü".repeat(9000);
        let mut e = Embed {
            title: long.clone(),
            description: long.clone(),
            footer: long.clone(),
            ..Embed::default()
        };
        for i in 0..40 {
            e = e.field(format!("f{i}{long}"), long.clone(), false);
        }
        let json = serde_json::to_value(e.build()).unwrap();
        assert!(chars(&json["title"]) <= TITLE_MAX);
        assert!(chars(&json["description"]) <= DESCRIPTION_MAX);
        let fields = json["fields"].as_array().unwrap();
        assert_eq!(fields.len(), FIELDS_MAX);
        let total = chars(&json["title"])
            + chars(&json["description"])
            + chars(&json["footer"]["text"])
            + fields
                .iter()
                .map(|f| chars(&f["name"]) + chars(&f["value"]))
                .sum::<usize>();
        assert!(total <= TOTAL_MAX, "total {total}");
        assert!(json["description"].as_str().unwrap().ends_with('…'));
        assert!(fields
            .iter()
            .all(|f| chars(&f["value"]) >= 1 && chars(&f["value"]) <= FIELD_VALUE_MAX));
    }

    #[test]
    fn leaves_small_embeds_alone_and_fills_empty_values() {
        let e = Embed {
            title: "t".into(),
            description: "d".into(),
            ..Embed::default()
        }
        .field("n", "", true);
        let fitted = e.clone().fit();
        assert_eq!(fitted, e);
        assert_eq!(fitted.fields[0].1, "—");
    }
}
