//! Turning one row's raw values (from CSV or JSON lines) into a validated account,
//! collecting every problem of the row.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

use super::{Problem, MAX_FIELD_BYTES, MAX_LIST_VALUES};
use crate::model::{AccountStatus, Customer};

/// Columns a CSV header must have.
pub const REQUIRED_CSV_COLUMNS: [&str; 8] = [
    "id",
    "name",
    "email",
    "hosts",
    "status",
    "plan",
    "created_at",
    "cancelled_at",
];

/// One raw value as the file holds it.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Field {
    /// The key is absent (JSON lines only; CSV headers are checked once).
    #[default]
    Missing,
    /// JSON `null`.
    Null,
    Text(String),
    /// A JSON array of strings (allowed for `email` and `hosts`).
    List(Vec<String>),
    /// Any other JSON value; holds its type name for the message.
    Other(&'static str),
    /// A value over the size limits, already reported: no further problem is raised for it.
    Refused,
}

/// The known keys of one row plus its extra keys.
#[derive(Debug, Default)]
pub struct RawRow {
    pub id: Field,
    pub name: Field,
    pub email: Field,
    pub hosts: Field,
    pub status: Field,
    pub plan: Field,
    pub created_at: Field,
    pub cancelled_at: Field,
    pub facts: BTreeMap<String, String>,
}

impl Field {
    /// Whether the row holds something here (not absent, null or blank).
    fn is_given(&self) -> bool {
        match self {
            Field::Missing | Field::Null => false,
            Field::Text(s) => !s.trim().is_empty(),
            Field::List(v) => !v.is_empty(),
            Field::Other(_) | Field::Refused => true,
        }
    }

    /// Checks the size limits: the field itself, or [`Field::Refused`] after reporting why.
    fn bounded(self, key: &str, c: &mut Check<'_>) -> Field {
        let too_long = |s: &str| s.len() > MAX_FIELD_BYTES;
        match &self {
            Field::Text(s) if too_long(s) => c.too_long(key, s.len()),
            Field::List(v) if v.len() > MAX_LIST_VALUES => c.too_many(key, v.len()),
            Field::List(v) => match v.iter().find(|s| too_long(s)) {
                Some(s) => c.too_long(key, s.len()),
                None => return self,
            },
            _ => return self,
        }
        Field::Refused
    }
}

struct Check<'a> {
    file: &'a Path,
    line: u64,
    problems: Vec<Problem>,
}

impl Check<'_> {
    fn problem(&mut self, key: &str, message: String) {
        self.problems.push(Problem {
            file: self.file.to_path_buf(),
            line: self.line,
            key: Some(key.to_string()),
            message,
        });
    }

    fn too_long(&mut self, key: &str, len: usize) {
        self.problem(
            key,
            format!("is {len} bytes long, more than {MAX_FIELD_BYTES} bytes"),
        );
    }

    fn too_many(&mut self, key: &str, n: usize) {
        self.problem(
            key,
            format!("holds {n} values, more than {MAX_LIST_VALUES} values"),
        );
    }

    /// A single text value; `None` for absent/empty when `required` is false.
    fn text(&mut self, key: &str, field: Field, required: bool) -> Option<String> {
        match field {
            Field::Text(s) => {
                let t = s.trim();
                if t.is_empty() && required {
                    self.problem(key, "is empty".into());
                    None
                } else if t.is_empty() {
                    None
                } else if t.len() == s.len() {
                    Some(s)
                } else {
                    Some(t.to_string())
                }
            }
            Field::Missing if required => {
                self.problem(key, "is missing".into());
                None
            }
            Field::Null if required => {
                self.problem(key, "is null".into());
                None
            }
            Field::Missing | Field::Null => None,
            Field::List(_) => {
                self.problem(key, "must be a single value, not a list".into());
                None
            }
            Field::Other(kind) => {
                self.problem(key, format!("must be a string, not {kind}"));
                None
            }
            Field::Refused => None,
        }
    }

    /// `;`-separated values or a list of strings; empty pieces are dropped.
    fn list(&mut self, key: &str, field: Field) -> Vec<String> {
        let pieces: Vec<String> = match field {
            Field::Text(s) if s.split(';').nth(MAX_LIST_VALUES).is_some() => {
                self.too_many(key, s.split(';').count());
                Vec::new()
            }
            Field::Text(s) => s.split(';').map(str::to_string).collect(),
            Field::List(v) => v,
            Field::Missing | Field::Null | Field::Refused => Vec::new(),
            Field::Other(kind) => {
                self.problem(
                    key,
                    format!("must be a string or a list of strings, not {kind}"),
                );
                Vec::new()
            }
        };
        pieces
            .into_iter()
            .filter_map(|p| {
                let t = p.trim();
                if t.is_empty() {
                    None
                } else if t.len() == p.len() {
                    Some(p)
                } else {
                    Some(t.to_string())
                }
            })
            .collect()
    }

    fn date(&mut self, key: &str, field: Field) -> Option<NaiveDate> {
        let text = self.text(key, field, false)?;
        match parse_date(&text) {
            Some(d) => Some(d),
            None => {
                self.problem(
                    key,
                    format!("{text:?} is not a date (write YYYY-MM-DD or RFC 3339)"),
                );
                None
            }
        }
    }
}

/// `YYYY-MM-DD`, or an RFC 3339 timestamp taken as its UTC date.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|dt| dt.with_timezone(&Utc).date_naive())
}

fn valid_email(e: &str) -> bool {
    match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !e.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// The row with every value over the size limits reported and refused.
fn bounded_row(raw: RawRow, c: &mut Check<'_>) -> RawRow {
    let mut facts = raw.facts;
    facts.retain(|key, value| {
        let fits = value.len() <= MAX_FIELD_BYTES;
        if !fits {
            c.too_long(key, value.len());
        }
        fits
    });
    RawRow {
        id: raw.id.bounded("id", c),
        name: raw.name.bounded("name", c),
        email: raw.email.bounded("email", c),
        hosts: raw.hosts.bounded("hosts", c),
        status: raw.status.bounded("status", c),
        plan: raw.plan.bounded("plan", c),
        created_at: raw.created_at.bounded("created_at", c),
        cancelled_at: raw.cancelled_at.bounded("cancelled_at", c),
        facts,
    }
}

/// Validates one row. Every problem of the row is returned, not only the first.
pub fn build(file: &Path, line: u64, raw: RawRow) -> Result<Customer, Vec<Problem>> {
    let mut c = Check {
        file,
        line,
        problems: Vec::new(),
    };
    let raw = bounded_row(raw, &mut c);
    let id = c.text("id", raw.id, true);
    let name = match raw.name {
        Field::Missing => {
            c.problem("name", "is missing".into());
            None
        }
        other => c.text("name", other, false),
    };
    let emails: Vec<String> = c
        .list("email", raw.email)
        .into_iter()
        .map(|e| e.to_lowercase())
        .collect();
    for e in &emails {
        if !valid_email(e) {
            c.problem("email", format!("{e:?} is not an e-mail address"));
        }
    }
    let hosts = c.list("hosts", raw.hosts);
    for h in &hosts {
        if h.chars().any(char::is_whitespace) {
            c.problem(
                "hosts",
                format!("{h:?} is not a host name or IP address (separate several with ;)"),
            );
        }
    }
    let status = match c.text("status", raw.status, true) {
        Some(s) => match s.to_ascii_lowercase().as_str() {
            "active" => Some(AccountStatus::Active),
            "cancelled" | "canceled" => Some(AccountStatus::Cancelled),
            _ => {
                c.problem("status", format!("{s:?} is not active or cancelled"));
                None
            }
        },
        None => None,
    };
    let plan = c.text("plan", raw.plan, false);
    let created_at = c.date("created_at", raw.created_at);
    let cancelled_field_given = raw.cancelled_at.is_given();
    let cancelled_at = c.date("cancelled_at", raw.cancelled_at);
    if status == Some(AccountStatus::Cancelled) && cancelled_at.is_none() && !cancelled_field_given
    {
        // Without the date the retention rule (purge 30 days after cancelling) could never apply.
        c.problem(
            "cancelled_at",
            "a cancelled account needs its cancellation date".into(),
        );
    }
    match (id, status) {
        (Some(id), Some(status)) if c.problems.is_empty() => Ok(Customer {
            id,
            name: name.unwrap_or_default(),
            emails,
            hosts,
            status,
            plan,
            created_at,
            cancelled_at,
            facts: raw.facts,
        }),
        _ => Err(c.problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> RawRow {
        RawRow {
            id: Field::Text("C-1".into()),
            name: Field::Text("Ada".into()),
            email: Field::Text("Ada@Example.org; a2@example.org;".into()),
            hosts: Field::List(vec!["srv1.example.org".into(), " 192.0.2.7 ".into()]),
            status: Field::Text("cancelled".into()),
            plan: Field::Text("".into()),
            created_at: Field::Text("2024-01-02".into()),
            cancelled_at: Field::Text("2025-03-04T23:30:00-02:00".into()),
            facts: BTreeMap::new(),
        }
    }

    #[test]
    fn builds_a_valid_row() {
        let c = build(Path::new("f.csv"), 2, row()).unwrap();
        assert_eq!(c.emails, ["ada@example.org", "a2@example.org"]);
        assert_eq!(c.hosts, ["srv1.example.org", "192.0.2.7"]);
        assert_eq!(c.plan, None);
        assert_eq!(c.cancelled_at, NaiveDate::from_ymd_opt(2025, 3, 5));
    }

    #[test]
    fn reports_every_problem_of_a_row() {
        let mut r = row();
        r.id = Field::Text("  ".into());
        r.status = Field::Text("actve".into());
        r.created_at = Field::Text("2024-13-01".into());
        r.email = Field::Other("a number");
        let problems = build(Path::new("f.csv"), 7, r).unwrap_err();
        let keys: Vec<_> = problems.iter().map(|p| p.key.clone().unwrap()).collect();
        assert_eq!(keys, ["id", "email", "status", "created_at"]);
        assert_eq!(
            problems[2].to_string(),
            "f.csv:7: column \"status\": \"actve\" is not active or cancelled"
        );
    }

    #[test]
    fn cancelled_without_date_is_refused() {
        let mut r = row();
        r.cancelled_at = Field::Text(String::new());
        let problems = build(Path::new("f.csv"), 3, r).unwrap_err();
        assert_eq!(problems[0].key.as_deref(), Some("cancelled_at"));
    }
}
