//! A `[sources.select]` value: one selector, or a list tried in order (the first that yields
//! a value wins), so one preset can cover several versions and themes of the same software.

use std::fmt;

use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One selector (`"div.post"`) or several tried in order (`["div.post", "tr.row"]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selectors(Vec<String>);

impl Selectors {
    /// The selectors in the order they are tried.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    /// Whether this is a list rather than one selector.
    pub fn is_list(&self) -> bool {
        self.0.len() != 1
    }
}

impl From<&str> for Selectors {
    fn from(s: &str) -> Self {
        Selectors(vec![s.to_string()])
    }
}

impl From<String> for Selectors {
    fn from(s: String) -> Self {
        Selectors(vec![s])
    }
}

impl From<Vec<String>> for Selectors {
    fn from(v: Vec<String>) -> Self {
        Selectors(v)
    }
}

impl From<&[&str]> for Selectors {
    fn from(v: &[&str]) -> Self {
        Selectors(v.iter().map(|s| s.to_string()).collect())
    }
}

impl Serialize for Selectors {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [one] => s.serialize_str(one),
            many => many.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Selectors {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Selectors;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a selector string or a list of selector strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Selectors, E> {
                Ok(Selectors(vec![v.to_string()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Selectors, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                if out.is_empty() {
                    return Err(de::Error::custom(
                        "an empty list of selectors; give at least one, or leave the key out",
                    ));
                }
                Ok(Selectors(out))
            }
        }
        d.deserialize_any(V)
    }
}
