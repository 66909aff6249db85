//! Customers files on disk: good CSV and JSON lines parse into accounts; every kind of bad
//! row is reported with file, line and key, all at once rather than stopping at the first.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use reviewgate::customers::{self, CustomersError, Format, MAX_PROBLEMS};
use reviewgate::model::AccountStatus;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/customers")
        .join(name)
}

/// The problems of a bad file as `(line, key, message)`.
fn problems(name: &str) -> Vec<(u64, Option<String>, String)> {
    match customers::check(&fixture(name)) {
        Err(CustomersError::Invalid {
            problems,
            total,
            path,
        }) => {
            assert_eq!(total as usize, problems.len());
            assert!(path.ends_with(name));
            for p in &problems {
                assert!(
                    p.to_string().contains(&format!("{name}:{}: ", p.line)),
                    "{p}"
                );
            }
            problems
                .into_iter()
                .map(|p| (p.line, p.key, p.message))
                .collect()
        }
        other => panic!("expected problems in {name}, got {other:?}"),
    }
}

#[test]
fn good_csv_reads_lists_dates_and_facts() {
    let accounts = customers::read_all(&fixture("good.csv")).unwrap();
    assert_eq!(accounts.len(), 3);
    let bernd = &accounts[0];
    assert_eq!(
        bernd.emails,
        ["bernd@bytewarden.de", "bernd.admin@example.org"]
    );
    assert_eq!(bernd.hosts, ["srv1.bytewarden.de", "203.0.113.42"]);
    assert_eq!(bernd.plan.as_deref(), Some("Pro"));
    assert_eq!(
        bernd.facts.get("phone").map(String::as_str),
        Some("+49 30 1234567")
    );
    assert_eq!(
        bernd.facts.get("support_tier").map(String::as_str),
        Some("gold")
    );
    let anna = &accounts[1];
    assert_eq!(anna.name, "Weber, Anna");
    assert_eq!(anna.status, AccountStatus::Cancelled);
    assert_eq!(anna.cancelled_at, NaiveDate::from_ymd_opt(2024, 2, 1));
    assert!(anna.facts.is_empty(), "empty extra columns are not facts");
    assert_eq!(accounts[2].name, "Multi\nLine GmbH");
    assert_eq!(accounts[2].created_at, NaiveDate::from_ymd_opt(2024, 6, 30));
}

#[test]
fn good_jsonl_reads_lists_and_extra_keys() {
    let accounts = customers::read_all(&fixture("good.jsonl")).unwrap();
    assert_eq!(accounts.len(), 2);
    assert_eq!(accounts[0].emails, ["jo@host.example", "jo@alt.example"]);
    assert_eq!(
        accounts[0].facts.get("seats").map(String::as_str),
        Some("3")
    );
    assert_eq!(
        accounts[1].emails,
        ["kim@gone.example", "kim2@gone.example"]
    );
    assert_eq!(accounts[1].hosts, ["gone.example"]);
    assert_eq!(accounts[1].plan, None);
}

#[test]
fn every_bad_csv_row_is_named_by_line_and_column() {
    let got = problems("bad_rows.csv");
    let located: Vec<_> = got.iter().map(|(l, k, _)| (*l, k.as_deref())).collect();
    assert_eq!(
        located,
        [
            (3, Some("status")),
            (4, Some("id")),
            (5, Some("cancelled_at")),
            (6, Some("created_at")),
            (7, Some("id")),
            (8, Some("email")),
            (9, Some("plan")),
            (10, Some("created_at")),
        ]
    );
    assert_eq!(got[0].2, "\"actve\" is not active or cancelled");
    assert!(
        got[4].2.contains("duplicate id \"C-1\" (first on line 2)"),
        "{}",
        got[4].2
    );
    assert!(
        got[6].2.contains("the row has 5 fields, the header has 8"),
        "{}",
        got[6].2
    );
    // The message a user sees, e.g. for the CLI's exit 2.
    let err = customers::check(&fixture("bad_rows.csv"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("bad_rows.csv:3: column \"status\": \"actve\" is not active or cancelled"),
        "{err}"
    );
    assert!(err.contains("8 problem(s)"), "{err}");
}

#[test]
fn missing_header_column_is_named() {
    let got = problems("missing_column.csv");
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].0, got[0].1.as_deref()), (1, Some("status")));
    assert!(got[0].2.contains("missing from the header"));
}

#[test]
fn every_bad_jsonl_line_is_named() {
    let got = problems("bad_rows.jsonl");
    let located: Vec<_> = got.iter().map(|(l, k, _)| (*l, k.as_deref())).collect();
    assert_eq!(
        located,
        [
            (2, None),
            (3, None),
            (4, Some("id")),
            (5, Some("id")),
            (6, Some("email")),
            (7, Some("status")),
            (7, Some("cancelled_at")),
        ]
    );
    assert!(got[0].2.contains("the line must be a JSON object"));
    assert!(got[1].2.contains("the line is not valid JSON"));
    assert_eq!(got[2].2, "must be a string, not a number");
    assert_eq!(got[3].2, "is missing");
    assert!(got[6].2.contains("\"yesterday\" is not a date"));
}

#[test]
fn problems_are_capped_but_counted() {
    let mut csv = String::from("id,name,email,hosts,status,plan,created_at,cancelled_at\n");
    for i in 0..80 {
        csv.push_str(&format!("C-{i},N,,,bogus,,,\n"));
    }
    let rows = customers::from_reader(Path::new("big.csv"), Format::Csv, std::io::Cursor::new(csv));
    match rows.for_each(|_| {}) {
        Err(CustomersError::Invalid {
            problems, total, ..
        }) => {
            assert_eq!(problems.len(), MAX_PROBLEMS);
            assert_eq!(total, 80);
            assert_eq!(problems[0].line, 2);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn empty_csv_lacks_its_header() {
    let rows = customers::from_reader(
        Path::new("empty.csv"),
        Format::Csv,
        std::io::Cursor::new(""),
    );
    let err = rows.for_each(|_| {}).unwrap_err().to_string();
    assert!(
        err.contains("empty.csv:1: the file is empty; expected a header row: id,name,email"),
        "{err}"
    );
    let header_only = "id,name,email,hosts,status,plan,created_at,cancelled_at\n";
    let rows = customers::from_reader(
        Path::new("h.csv"),
        Format::Csv,
        std::io::Cursor::new(header_only),
    );
    assert_eq!(rows.for_each(|_| {}).unwrap(), 0);
}

#[test]
fn format_is_detected_from_extension_then_content() {
    assert_eq!(
        customers::detect_format(Path::new("a.CSV"), b"{"),
        Format::Csv
    );
    assert_eq!(
        customers::detect_format(Path::new("a.ndjson"), b"id,"),
        Format::JsonLines
    );
    assert_eq!(
        customers::detect_format(Path::new("export"), b"\xef\xbb\xbf  {\"id\""),
        Format::JsonLines
    );
    assert_eq!(
        customers::detect_format(Path::new("export"), b"id,name"),
        Format::Csv
    );
}

#[test]
fn unreadable_file_names_the_path() {
    let err = customers::check(Path::new("/nonexistent/customers.csv")).unwrap_err();
    assert!(matches!(err, CustomersError::Io { .. }));
    assert!(err.to_string().contains("/nonexistent/customers.csv"));
}
