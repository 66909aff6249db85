//! JSON lines customers files: one object per line with the CSV's keys; `email` and `hosts`
//! may be lists, other keys are kept as account facts.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::csv_rows::Next;
use super::fields::{self, Field, RawRow};
use super::{Problem, MAX_ROW_BYTES};
use crate::model::Customer;

pub(super) struct JsonRows {
    path: PathBuf,
    reader: Box<dyn BufRead>,
    line: u64,
    /// The current line, never more than [`MAX_ROW_BYTES`] (plus its newline).
    buf: Vec<u8>,
}

/// What reading one line found.
enum Line {
    /// A whole line is in the buffer.
    Read,
    /// The line was longer than the limit; it was read to its end and dropped.
    TooLong,
    Eof,
}

/// Reads one line into `buf`, holding at most `max` bytes of it: the rest of a longer line is
/// consumed and dropped, so a line with no end costs no memory.
fn read_bounded_line(
    input: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Line> {
    let mut read_any = false;
    let mut too_long = false;
    loop {
        let chunk = match input.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        read_any = true;
        let (part, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (&chunk[..i], i + 1),
            None => (chunk, chunk.len()),
        };
        if !too_long {
            if buf.len() + part.len() > max {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(part);
            }
        }
        let newline = done > part.len();
        input.consume(done);
        if newline {
            break;
        }
    }
    Ok(match (read_any, too_long) {
        (false, _) => Line::Eof,
        (true, true) => Line::TooLong,
        (true, false) => Line::Read,
    })
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Converts a value into a field; lists must hold only strings.
fn field(v: Option<Value>, list_ok: bool) -> Field {
    match v {
        None => Field::Missing,
        Some(Value::Null) => Field::Null,
        Some(Value::String(s)) => Field::Text(s),
        Some(Value::Array(items)) if list_ok => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::String(s) => out.push(s),
                    _ => return Field::Other("a list holding a non-string"),
                }
            }
            Field::List(out)
        }
        Some(other) => Field::Other(type_name(&other)),
    }
}

impl JsonRows {
    pub(super) fn new(path: &Path, reader: Box<dyn BufRead>) -> Self {
        JsonRows {
            path: path.to_path_buf(),
            reader,
            line: 0,
            buf: Vec::new(),
        }
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    fn problem(&self, key: Option<&str>, message: String) -> Problem {
        Problem {
            file: self.path.clone(),
            line: self.line,
            key: key.map(str::to_string),
            message,
        }
    }

    pub(super) fn next_row(&mut self) -> Next {
        loop {
            self.buf.clear();
            self.line += 1;
            match read_bounded_line(&mut self.reader, &mut self.buf, MAX_ROW_BYTES) {
                Ok(Line::Eof) => return None,
                Ok(Line::Read) => {}
                Ok(Line::TooLong) => {
                    let message =
                        format!("the line is longer than {MAX_ROW_BYTES} bytes; it was skipped");
                    return Some(Ok((self.line, Err(vec![self.problem(None, message)]))));
                }
                Err(e) => {
                    return Some(Err(vec![
                        self.problem(None, format!("cannot read line: {e}"))
                    ]))
                }
            }
            let Ok(text) = std::str::from_utf8(&self.buf) else {
                let message = "the line is not valid UTF-8".to_string();
                return Some(Ok((self.line, Err(vec![self.problem(None, message)]))));
            };
            let text = text.trim();
            let text = if self.line == 1 {
                text.trim_start_matches('\u{feff}')
            } else {
                text
            };
            if text.is_empty() {
                continue;
            }
            let row = match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(map)) => self.build_row(map),
                Ok(other) => Err(vec![self.problem(
                    None,
                    format!("the line must be a JSON object, not {}", type_name(&other)),
                )]),
                Err(e) => Err(vec![
                    self.problem(None, format!("the line is not valid JSON: {e}"))
                ]),
            };
            return Some(Ok((self.line, row)));
        }
    }

    fn build_row(&self, mut map: Map<String, Value>) -> Result<Customer, Vec<Problem>> {
        let raw = RawRow {
            id: field(map.remove("id"), false),
            name: field(map.remove("name"), false),
            email: field(map.remove("email"), true),
            hosts: field(map.remove("hosts"), true),
            status: field(map.remove("status"), false),
            plan: field(map.remove("plan"), false),
            created_at: field(map.remove("created_at"), false),
            cancelled_at: field(map.remove("cancelled_at"), false),
            facts: map
                .into_iter()
                .filter_map(|(k, v)| match v {
                    Value::Null => None,
                    Value::String(s) if s.trim().is_empty() => None,
                    Value::String(s) => Some((k, s)),
                    other => Some((k, other.to_string())),
                })
                .collect::<BTreeMap<_, _>>(),
        };
        fields::build(&self.path, self.line, raw)
    }
}
