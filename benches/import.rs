//! Customers import at scale: parse and import 1,000,000 generated accounts into a temporary
//! SQLite file, reporting time and peak memory (VmHWM) per phase. Run: `cargo bench --bench import`.
//! `IMPORT_ROWS` overrides the row count.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use reviewgate::customers;
use reviewgate::store::Store;

/// Peak resident memory of this process in KiB, from /proc/self/status.
fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets the peak so each phase reports its own (Linux: writing 5 to clear_refs).
fn reset_hwm() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn generate(path: &Path, rows: u64) -> std::io::Result<()> {
    let mut w = BufWriter::new(File::create(path)?);
    writeln!(
        w,
        "id,name,email,hosts,status,plan,created_at,cancelled_at,phone"
    )?;
    for i in 0..rows {
        let cancelled = i % 10 == 0;
        writeln!(
            w,
            "C-{i:07},Customer {i},user{i}@mail{}.example;admin{i}@corp{}.example,srv{i}.host{}.example;10.{}.{}.{},{},{},2021-{:02}-{:02},{},+49 30 {i:07}",
            i % 997,
            i % 991,
            i % 983,
            (i >> 16) & 255,
            (i >> 8) & 255,
            i & 255,
            if cancelled { "cancelled" } else { "active" },
            ["Basic", "Pro", "Business"][(i % 3) as usize],
            1 + i % 12,
            1 + i % 28,
            if cancelled { "2026-01-15" } else { "" },
        )?;
    }
    w.flush()
}

fn phase<T>(name: &str, rows: u64, f: impl FnOnce() -> T) -> (T, f64) {
    reset_hwm();
    let start = Instant::now();
    let out = f();
    let secs = start.elapsed().as_secs_f64();
    let hwm = vm_hwm_kib()
        .map(|k| format!("{:.1} MiB", k as f64 / 1024.0))
        .unwrap_or_else(|| "n/a".into());
    println!(
        "{name:<34} {secs:>8.2} s  {:>9.0} rows/s  {:>6.2} us/row  peak RSS {hwm}",
        rows as f64 / secs,
        secs * 1e6 / rows as f64
    );
    (out, secs)
}

fn main() {
    let rows: u64 = std::env::var("IMPORT_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("customers.csv");
    let db = dir.path().join("bench.sqlite3");

    generate(&csv, rows).expect("generate customers file");
    let size = std::fs::metadata(&csv).map(|m| m.len()).unwrap_or(0);
    println!(
        "customers import: {rows} accounts, CSV {:.1} MiB",
        size as f64 / 1048576.0
    );

    reset_hwm();
    let baseline = vm_hwm_kib()
        .map(|k| format!("{:.1} MiB", k as f64 / 1024.0))
        .unwrap_or_else(|| "n/a".into());
    println!("resident before parsing: {baseline} (each phase's peak includes this and freed heap kept by malloc)");
    let (checked, parse_secs) = phase("parse + validate (check)", rows, || {
        customers::check(&csv).expect("valid file")
    });
    assert_eq!(checked, rows);

    let store = Store::open(&db).expect("open store");
    let (counts, import_secs) = phase("parse + import (empty db)", rows, || {
        let file = customers::open(&csv).expect("open file");
        store.import_customers(file, |_| {}).expect("import")
    });
    assert_eq!(counts.inserted, rows);

    let (again, reimport_secs) = phase("parse + re-import (all unchanged)", rows, || {
        let file = customers::open(&csv).expect("open file");
        store.import_customers(file, |_| {}).expect("re-import")
    });
    assert_eq!(again.unchanged, rows);

    let (n, scan_secs) = phase("stream all accounts back", rows, || {
        store.for_each_customer(|_| {}).expect("scan")
    });
    assert_eq!(n, rows);

    let db_size: u64 = ["", "-wal"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{}{s}", db.display())).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "database on disk (with WAL): {:.1} MiB",
        db_size as f64 / 1048576.0
    );
    println!(
        "ratios: import / parse = {:.1}x, re-import / import = {:.2}x, stream / import = {:.2}x",
        import_secs / parse_secs,
        reimport_secs / import_secs,
        scan_secs / import_secs
    );
}
