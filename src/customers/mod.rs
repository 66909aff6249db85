//! Reading customers files (CSV or JSON lines) into accounts, with errors that name file, line and key.
//! Pure parsing and validation, streamed row by row so files with millions of accounts stay cheap.

mod csv_rows;
mod fields;
mod jsonl_rows;

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::model::Customer;

pub use fields::REQUIRED_CSV_COLUMNS;

/// At most this many problems are kept in [`CustomersError::Invalid`]; the rest are only counted.
pub const MAX_PROBLEMS: usize = 50;

// The limits below are constants, not config: they sit far above any real account (a name, an
// address list, a date) and exist only so a broken or hostile export cannot make every later
// command hold it in memory. Reading stays pure (no config needed), and all readers agree.

/// A single value (a CSV field, a JSON string, one list item, an extra column) may hold at most
/// this many bytes.
pub const MAX_FIELD_BYTES: usize = 4 * 1024;

/// A row (a CSV record, a JSON line) may hold at most this many bytes. The readers never buffer
/// more than this: a longer row is skipped while it is read and reported.
pub const MAX_ROW_BYTES: usize = 64 * 1024;

/// `email` and `hosts` may hold at most this many values.
pub const MAX_LIST_VALUES: usize = 256;

/// A CSV row may have at most this many fields.
pub const MAX_COLUMNS: usize = 1024;

/// How a customers file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV with a header row.
    Csv,
    /// One JSON object per line.
    JsonLines,
}

/// One problem in a customers file, located by file, line and (when known) key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file as the user named it.
    pub file: PathBuf,
    /// 1-based line where the row starts.
    pub line: u64,
    /// Column (CSV) or key (JSON lines) the problem is in, if it is about one value.
    pub key: Option<String>,
    /// What is wrong, e.g. `"actve" is not active or cancelled`.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.file.display(), self.line)?;
        if let Some(key) = &self.key {
            write!(f, "column {key:?}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

/// Why a customers file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CustomersError {
    /// The file could not be opened or read.
    #[error("{}: cannot read customers file: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// Rows of the file are invalid; every problem found is listed (up to [`MAX_PROBLEMS`]).
    #[error("{}", render_invalid(path, problems, *total))]
    Invalid {
        path: PathBuf,
        /// The first problems, in file order.
        problems: Vec<Problem>,
        /// How many problems there are in all.
        total: u64,
    },
}

fn render_invalid(path: &Path, problems: &[Problem], total: u64) -> String {
    let mut out = format!("{}: {total} problem(s) in customers file", path.display());
    for p in problems {
        out.push('\n');
        out.push_str(&p.to_string());
    }
    if total > problems.len() as u64 {
        out.push_str(&format!("\n... and {} more", total - problems.len() as u64));
    }
    out
}

/// Picks the format from the extension (`.csv`; `.jsonl`, `.ndjson`, `.json`), else from the
/// first non-blank byte (`{` means JSON lines).
pub fn detect_format(path: &Path, head: &[u8]) -> Format {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => Format::Csv,
        Some("jsonl" | "ndjson" | "json") => Format::JsonLines,
        _ => {
            let first = head
                .strip_prefix(b"\xef\xbb\xbf".as_slice())
                .unwrap_or(head)
                .iter()
                .find(|b| !b.is_ascii_whitespace());
            if first == Some(&b'{') {
                Format::JsonLines
            } else {
                Format::Csv
            }
        }
    }
}

/// A streaming reader over one customers file: yields each valid account or the problem of each
/// bad row (including duplicate ids), in file order.
pub struct Customers {
    rows: Rows,
    /// Ids seen so far (as 128-bit fingerprints, see [`id_key`]) and the line of each.
    seen: HashMap<[u64; 2], u64>,
    pending: VecDeque<Problem>,
    done: bool,
}

enum Rows {
    Csv(csv_rows::CsvRows),
    Json(jsonl_rows::JsonRows),
}

/// Opens a customers file, detecting its format. Reading happens as the iterator is driven.
pub fn open(path: &Path) -> Result<Customers, CustomersError> {
    let io_err = |source| CustomersError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(io_err)?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let head = reader.fill_buf().map_err(io_err)?.to_vec();
    let rows = match detect_format(path, &head) {
        Format::Csv => Rows::Csv(csv_rows::CsvRows::new(path, Box::new(reader))),
        Format::JsonLines => Rows::Json(jsonl_rows::JsonRows::new(path, Box::new(reader))),
    };
    Ok(Customers {
        rows,
        seen: HashMap::new(),
        pending: VecDeque::new(),
        done: false,
    })
}

/// Reads from any reader (tests, stdin); `name` is used in messages and to detect the format.
pub fn from_reader(name: &Path, format: Format, reader: impl Read + 'static) -> Customers {
    let reader: Box<dyn BufRead> = Box::new(BufReader::with_capacity(1 << 16, reader));
    let rows = match format {
        Format::Csv => Rows::Csv(csv_rows::CsvRows::new(name, reader)),
        Format::JsonLines => Rows::Json(jsonl_rows::JsonRows::new(name, reader)),
    };
    Customers {
        rows,
        seen: HashMap::new(),
        pending: VecDeque::new(),
        done: false,
    }
}

impl Customers {
    /// Drives the whole file: calls `f` for each valid account and returns how many there were,
    /// or every problem found (the first [`MAX_PROBLEMS`], with the total).
    pub fn for_each(self, mut f: impl FnMut(Customer)) -> Result<u64, CustomersError> {
        let path = self.path().to_path_buf();
        let mut problems = Vec::new();
        let mut total = 0u64;
        let mut valid = 0u64;
        for row in self {
            match row {
                Ok(customer) => {
                    valid += 1;
                    f(customer);
                }
                Err(problem) => {
                    total += 1;
                    if problems.len() < MAX_PROBLEMS {
                        problems.push(problem);
                    }
                }
            }
        }
        if total > 0 {
            return Err(CustomersError::Invalid {
                path,
                problems,
                total,
            });
        }
        Ok(valid)
    }

    /// The file being read, as named by the caller.
    pub fn path(&self) -> &Path {
        match &self.rows {
            Rows::Csv(r) => r.path(),
            Rows::Json(r) => r.path(),
        }
    }
}

/// A 128-bit fingerprint of an id: two SipHash values over differently prefixed input.
/// Keeping fingerprints instead of the ids cuts the duplicate check's memory several times
/// over for million-row files; a false duplicate would need a 128-bit collision.
fn id_key(id: &str) -> [u64; 2] {
    use std::collections::hash_map::DefaultHasher;
    use std::hash::{Hash, Hasher};
    // DefaultHasher::new() is SipHash with fixed keys: the same id always gives the same key.
    let digest = |salt: u8| {
        let mut h = DefaultHasher::new();
        salt.hash(&mut h);
        id.hash(&mut h);
        h.finish()
    };
    // Two u64 halves rather than a u128 keep map entries 8-byte aligned (24 bytes, not 32).
    [digest(1), digest(2)]
}

impl Iterator for Customers {
    type Item = Result<Customer, Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(p) = self.pending.pop_front() {
            return Some(Err(p));
        }
        if self.done {
            return None;
        }
        let next = match &mut self.rows {
            Rows::Csv(r) => r.next_row(),
            Rows::Json(r) => r.next_row(),
        };
        let (line, row) = match next {
            Some(Ok(v)) => v,
            Some(Err(fatal)) => {
                // The reader can not go on (IO error, bad header): report, then stop.
                self.done = true;
                self.pending.extend(fatal);
                return self.pending.pop_front().map(Err);
            }
            None => {
                self.done = true;
                return None;
            }
        };
        match row {
            Ok(customer) => match self.seen.get(&id_key(&customer.id)) {
                Some(first) => Some(Err(Problem {
                    file: self.path().to_path_buf(),
                    line,
                    key: Some("id".into()),
                    message: format!("duplicate id {:?} (first on line {first})", customer.id),
                })),
                None => {
                    self.seen.insert(id_key(&customer.id), line);
                    Some(Ok(customer))
                }
            },
            Err(problems) => {
                self.pending.extend(problems);
                self.pending.pop_front().map(Err)
            }
        }
    }
}

/// Reads a whole file, checking every row: the accounts, or every problem found.
pub fn read_all(path: &Path) -> Result<Vec<Customer>, CustomersError> {
    let mut out = Vec::new();
    open(path)?.for_each(|c| out.push(c))?;
    Ok(out)
}

/// Checks a whole file without keeping the accounts: how many there are, or every problem.
pub fn check(path: &Path) -> Result<u64, CustomersError> {
    open(path)?.for_each(|_| {})
}
