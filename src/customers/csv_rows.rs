//! CSV customers files: a header row naming the columns, then one account per record.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use super::fields::{self, Field, RawRow, REQUIRED_CSV_COLUMNS};
use super::Problem;
use crate::model::Customer;

/// Where each known column sits in the header.
struct Columns {
    names: Vec<String>,
    known: [usize; 8],
}

pub(super) struct CsvRows {
    path: PathBuf,
    reader: csv::Reader<Box<dyn BufRead>>,
    columns: Option<Columns>,
    record: csv::ByteRecord,
}

/// A row, or the problems that stop reading (unreadable file, bad header).
pub(super) type Next = Option<Result<(u64, Result<Customer, Vec<Problem>>), Vec<Problem>>>;

impl CsvRows {
    pub(super) fn new(path: &Path, input: Box<dyn BufRead>) -> Self {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(input);
        CsvRows {
            path: path.to_path_buf(),
            reader,
            columns: None,
            record: csv::ByteRecord::new(),
        }
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    fn problem(&self, line: u64, key: Option<&str>, message: String) -> Problem {
        Problem {
            file: self.path.clone(),
            line,
            key: key.map(str::to_string),
            message,
        }
    }

    fn read_error(&self, e: csv::Error) -> Vec<Problem> {
        let line = e.position().map(|p| p.line()).unwrap_or(0);
        vec![self.problem(line, None, format!("cannot read CSV: {e}"))]
    }

    fn read_header(&mut self) -> Result<Columns, Vec<Problem>> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => {
                let need = REQUIRED_CSV_COLUMNS.join(",");
                return Err(vec![self.problem(
                    1,
                    None,
                    format!("the file is empty; expected a header row: {need}"),
                )]);
            }
            Ok(true) => {}
            Err(e) => return Err(self.read_error(e)),
        }
        let line = self.record.position().map(|p| p.line()).unwrap_or(1);
        let mut names = Vec::with_capacity(self.record.len());
        let mut problems = Vec::new();
        for (i, raw) in self.record.iter().enumerate() {
            let raw = if i == 0 {
                raw.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(raw)
            } else {
                raw
            };
            match std::str::from_utf8(raw) {
                Ok(s) => {
                    let name = s.trim().to_string();
                    if names.contains(&name) {
                        problems.push(self.problem(
                            line,
                            Some(&name),
                            "appears twice in the header".into(),
                        ));
                    }
                    names.push(name);
                }
                Err(_) => {
                    problems.push(self.problem(
                        line,
                        None,
                        format!("header field {} is not UTF-8", i + 1),
                    ));
                    names.push(String::new());
                }
            }
        }
        let mut known = [0usize; 8];
        for (slot, col) in known.iter_mut().zip(REQUIRED_CSV_COLUMNS) {
            match names.iter().position(|n| n == col) {
                Some(i) => *slot = i,
                None => problems.push(self.problem(
                    line,
                    Some(col),
                    format!(
                        "is missing from the header (need {})",
                        REQUIRED_CSV_COLUMNS.join(",")
                    ),
                )),
            }
        }
        if problems.is_empty() {
            Ok(Columns { names, known })
        } else {
            Err(problems)
        }
    }

    pub(super) fn next_row(&mut self) -> Next {
        if self.columns.is_none() {
            match self.read_header() {
                Ok(c) => self.columns = Some(c),
                Err(problems) => return Some(Err(problems)),
            }
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => return None,
            Ok(true) => {}
            Err(e) => return Some(Err(self.read_error(e))),
        }
        let line = self.record.position().map(|p| p.line()).unwrap_or(0);
        Some(Ok((line, self.build_row(line))))
    }

    fn build_row(&self, line: u64) -> Result<Customer, Vec<Problem>> {
        let columns = self.columns.as_ref().expect("header read before rows");
        let mut problems = Vec::new();
        let (got, want) = (self.record.len(), columns.names.len());
        if got != want {
            // Name the first column with no value, so the message points at what is missing.
            let key = columns.names.get(got).map(String::as_str);
            let message = if got < want {
                format!("is missing: the row has {got} fields, the header has {want}")
            } else {
                format!("the row has {got} fields, the header has {want}")
            };
            problems.push(self.problem(line, key, message));
            return Err(problems);
        }
        let mut values: Vec<Field> = Vec::with_capacity(self.record.len());
        for (i, raw) in self.record.iter().enumerate() {
            match std::str::from_utf8(raw) {
                Ok(s) => values.push(Field::Text(s.to_string())),
                Err(_) => {
                    problems.push(self.problem(
                        line,
                        Some(&columns.names[i]),
                        "is not valid UTF-8".into(),
                    ));
                    values.push(Field::Null);
                }
            }
        }
        let mut facts = BTreeMap::new();
        for (i, name) in columns.names.iter().enumerate() {
            if columns.known.contains(&i) {
                continue;
            }
            if let Field::Text(v) = &values[i] {
                let v = v.trim();
                if !v.is_empty() {
                    facts.insert(name.clone(), v.to_string());
                }
            }
        }
        let mut take = |slot: usize| std::mem::take(&mut values[columns.known[slot]]);
        let raw = RawRow {
            id: take(0),
            name: take(1),
            email: take(2),
            hosts: take(3),
            status: take(4),
            plan: take(5),
            created_at: take(6),
            cancelled_at: take(7),
            facts,
        };
        match fields::build(&self.path, line, raw) {
            Ok(c) if problems.is_empty() => Ok(c),
            Ok(_) => Err(problems),
            Err(more) => {
                problems.extend(more);
                Err(problems)
            }
        }
    }
}
