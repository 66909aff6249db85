//! Customers files written to exhaust memory: an oversized field, row, line or list is a bad
//! row like any other (file, line, column), found while reading, and nothing is imported.

use std::io::{Cursor, Read};
use std::path::Path;

use reviewgate::customers::{
    self, CustomersError, Format, MAX_FIELD_BYTES, MAX_LIST_VALUES, MAX_ROW_BYTES,
};

const HEADER: &str = "id,name,email,hosts,status,plan,created_at,cancelled_at\n";

/// A reader of `n` bytes of `b` that never holds them in memory.
fn filler(b: u8, n: u64) -> impl Read {
    std::io::repeat(b).take(n)
}

/// Reads everything; returns `(line, key, message)` of each problem and the count of valid rows.
fn run(
    name: &str,
    format: Format,
    input: impl Read + 'static,
) -> Vec<(u64, Option<String>, String)> {
    let mut valid = 0;
    match customers::from_reader(Path::new(name), format, input).for_each(|_| valid += 1) {
        Err(CustomersError::Invalid { problems, .. }) => {
            for p in &problems {
                assert!(
                    p.to_string().starts_with(&format!("{name}:{}: ", p.line)),
                    "{p}"
                );
            }
            problems
                .into_iter()
                .map(|p| (p.line, p.key, p.message))
                .collect()
        }
        other => panic!("expected problems in {name}, got {other:?} after {valid} rows"),
    }
}

#[test]
fn a_50_mb_csv_field_is_a_bad_row_and_reading_goes_on() {
    let input = Cursor::new(format!("{HEADER}C-1,\""))
        .chain(filler(b'x', 50 << 20))
        .chain(Cursor::new(
            "\",a@b.example,,active,,,\nC-2,Ok,,,active,,,\nC-3,Bad,,,actve,,,\n",
        ));
    let got = run("huge.csv", Format::Csv, input);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!((got[0].0, got[0].1.as_deref()), (2, Some("name")));
    assert!(
        got[0]
            .2
            .contains(&format!("longer than {MAX_ROW_BYTES} bytes")),
        "{}",
        got[0].2
    );
    assert_eq!((got[1].0, got[1].1.as_deref()), (4, Some("status")));
}

#[test]
fn a_csv_field_over_the_field_limit_is_named_by_column() {
    let plan = "p".repeat(MAX_FIELD_BYTES + 1);
    let csv = format!("{HEADER}C-1,Ada,,,active,{plan},,\n");
    let got = run("field.csv", Format::Csv, Cursor::new(csv));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0, got[0].1.as_deref()), (2, Some("plan")));
    assert!(
        got[0]
            .2
            .contains(&format!("more than {MAX_FIELD_BYTES} bytes")),
        "{}",
        got[0].2
    );
}

#[test]
fn too_many_list_values_are_refused() {
    let hosts: Vec<String> = (0..=MAX_LIST_VALUES).map(|i| format!("h{i}")).collect();
    let csv = format!("{HEADER}C-1,Ada,,{},active,,,\n", hosts.join(";"));
    let got = run("list.csv", Format::Csv, Cursor::new(csv));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0, got[0].1.as_deref()), (2, Some("hosts")));
    assert!(
        got[0]
            .2
            .contains(&format!("more than {MAX_LIST_VALUES} values")),
        "{}",
        got[0].2
    );

    let json = serde_json::json!({"id": "C-1", "name": "Ada", "email": hosts.iter().map(|h| format!("{h}@x.example")).collect::<Vec<_>>(), "status": "active"});
    let got = run(
        "list.jsonl",
        Format::JsonLines,
        Cursor::new(format!("{json}\n")),
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0, got[0].1.as_deref()), (1, Some("email")));
}

#[test]
fn a_50_mb_json_line_is_a_bad_row_and_reading_goes_on() {
    let input = Cursor::new("{\"id\": \"C-1\", \"name\": \"")
        .chain(filler(b'x', 50 << 20))
        .chain(Cursor::new(
            "\", \"status\": \"active\"}\n{\"id\": \"C-2\", \"status\": \"active\"}\n{\"id\": 3, \"name\": \"X\", \"status\": \"active\"}\n",
        ));
    let got = run("huge.jsonl", Format::JsonLines, input);
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!((got[0].0, got[0].1.as_deref()), (1, None));
    assert!(
        got[0]
            .2
            .contains(&format!("longer than {MAX_ROW_BYTES} bytes")),
        "{}",
        got[0].2
    );
    // The next lines are still read, with their own line numbers.
    assert_eq!((got[1].0, got[1].1.as_deref()), (2, Some("name")));
    assert_eq!((got[2].0, got[2].1.as_deref()), (3, Some("id")));
}

#[test]
fn json_string_and_fact_values_over_the_field_limit_are_named() {
    let big = "v".repeat(MAX_FIELD_BYTES + 1);
    let json = serde_json::json!({"id": "C-1", "name": "Ada", "status": "active", "note": big});
    let got = run(
        "fact.jsonl",
        Format::JsonLines,
        Cursor::new(format!("{json}\n")),
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0, got[0].1.as_deref()), (1, Some("note")));
    assert!(got[0].2.contains("more than"), "{}", got[0].2);
}

#[test]
fn an_oversized_csv_file_on_disk_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("customers.csv");
    let mut file = std::fs::File::create(&path).unwrap();
    use std::io::Write;
    write!(file, "{HEADER}C-1,Ok,,,active,,,\nC-2,\"").unwrap();
    std::io::copy(&mut filler(b'y', 5 << 20), &mut file).unwrap();
    writeln!(file, "\",,,active,,,").unwrap();
    drop(file);
    let err = customers::read_all(&path).unwrap_err().to_string();
    assert!(err.contains("customers.csv:3: column \"name\""), "{err}");
}
