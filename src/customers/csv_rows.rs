//! CSV customers files: a header row naming the columns, then one account per record.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use super::fields::{self, Field, RawRow, REQUIRED_CSV_COLUMNS};
use super::{Problem, MAX_COLUMNS, MAX_ROW_BYTES};
use crate::model::Customer;

/// Where each known column sits in the header.
struct Columns {
    names: Vec<String>,
    known: [usize; 8],
}

pub(super) struct CsvRows {
    path: PathBuf,
    input: Box<dyn BufRead>,
    /// The push parser: it writes into our fixed buffers, so a row is never held beyond
    /// [`MAX_ROW_BYTES`] however long it is in the file.
    /// Boxed: its DFA is large, and the reader is moved around in an enum.
    core: Box<csv_core::Reader>,
    columns: Option<Columns>,
    /// The current record's bytes (at most [`MAX_ROW_BYTES`]) and the end of each field.
    out: Vec<u8>,
    ends: Vec<usize>,
    /// How many fields the current record has.
    fields: usize,
}

/// A row, or the problems that stop reading (unreadable file, bad header).
pub(super) type Next = Option<Result<(u64, Result<Customer, Vec<Problem>>), Vec<Problem>>>;

/// What reading one record found.
enum Record {
    /// A record, held in `out`/`ends`, starting on this line.
    Row(u64),
    /// A record over the limits, skipped: its line, the 0-based field where it overflowed, and
    /// what overflowed.
    TooLong(u64, usize, &'static str),
    End,
}

impl CsvRows {
    pub(super) fn new(path: &Path, input: Box<dyn BufRead>) -> Self {
        CsvRows {
            path: path.to_path_buf(),
            input,
            core: Box::new(csv_core::Reader::new()),
            columns: None,
            out: vec![0; MAX_ROW_BYTES],
            ends: vec![0; MAX_COLUMNS],
            fields: 0,
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

    fn read_error(&self, e: std::io::Error) -> Vec<Problem> {
        let line = self.core.line();
        vec![self.problem(line, None, format!("cannot read CSV: {e}"))]
    }

    /// Reads one record into the fixed buffers. A record that does not fit is read on to its
    /// end with its bytes dropped, so the next record starts in the right place.
    fn read_record(&mut self) -> std::io::Result<Record> {
        use csv_core::ReadRecordResult as R;
        let line = self.core.line();
        let (mut outlen, mut endlen) = (0, 0);
        let mut overflow: Option<(usize, &'static str)> = None;
        loop {
            let input = self.input.fill_buf()?;
            let (res, nin, nout, nend) = match overflow {
                None => {
                    self.core
                        .read_record(input, &mut self.out[outlen..], &mut self.ends[endlen..])
                }
                // Skipping: the whole buffers are scratch space.
                Some(_) => self.core.read_record(input, &mut self.out, &mut self.ends),
            };
            self.input.consume(nin);
            if overflow.is_none() {
                outlen += nout;
                endlen += nend;
            }
            match res {
                R::InputEmpty => {}
                R::OutputFull => {
                    overflow.get_or_insert((endlen, "bytes"));
                }
                R::OutputEndsFull => {
                    overflow.get_or_insert((endlen, "fields"));
                }
                R::Record => {
                    return Ok(match overflow {
                        None => {
                            self.fields = endlen;
                            Record::Row(line)
                        }
                        Some((field, what)) => Record::TooLong(line, field, what),
                    })
                }
                R::End => return Ok(Record::End),
            }
        }
    }

    /// The fields of the record last read.
    fn record(&self) -> impl Iterator<Item = &[u8]> + '_ {
        let ends = &self.ends[..self.fields];
        ends.iter().enumerate().map(move |(i, &end)| {
            let start = if i == 0 { 0 } else { ends[i - 1] };
            &self.out[start..end]
        })
    }

    fn too_long(&self, line: u64, field: usize, what: &str) -> Problem {
        let key = self
            .columns
            .as_ref()
            .and_then(|c| c.names.get(field))
            .map(String::as_str);
        let message = match what {
            "fields" => format!("the row has more than {MAX_COLUMNS} fields; it was skipped"),
            _ => format!("the row is longer than {MAX_ROW_BYTES} bytes; it was skipped"),
        };
        self.problem(line, key, message)
    }

    fn read_header(&mut self) -> Result<Columns, Vec<Problem>> {
        let line = match self.read_record() {
            Ok(Record::End) => {
                let need = REQUIRED_CSV_COLUMNS.join(",");
                return Err(vec![self.problem(
                    1,
                    None,
                    format!("the file is empty; expected a header row: {need}"),
                )]);
            }
            Ok(Record::Row(line)) => line,
            Ok(Record::TooLong(line, field, what)) => {
                return Err(vec![self.too_long(line, field, what)])
            }
            Err(e) => return Err(self.read_error(e)),
        };
        let mut names = Vec::with_capacity(self.fields);
        let mut problems = Vec::new();
        for (i, raw) in self.record().enumerate() {
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
        match self.read_record() {
            Ok(Record::End) => None,
            Ok(Record::Row(line)) => Some(Ok((line, self.build_row(line)))),
            Ok(Record::TooLong(line, field, what)) => {
                Some(Ok((line, Err(vec![self.too_long(line, field, what)]))))
            }
            Err(e) => Some(Err(self.read_error(e))),
        }
    }

    fn build_row(&self, line: u64) -> Result<Customer, Vec<Problem>> {
        let columns = self.columns.as_ref().expect("header read before rows");
        let mut problems = Vec::new();
        let (got, want) = (self.fields, columns.names.len());
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
        let mut values: Vec<Field> = Vec::with_capacity(self.fields);
        for (i, raw) in self.record().enumerate() {
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
