#!/bin/sh
# Runs every benchmark once, in release mode, one after the other (they time themselves, so
# they must not share the CPU with each other), and keeps the output in benches/last-run.txt.
# The scan runs at the size of issue 11's large first scan: 60 sources x 50 pages (3,000 pages,
# 75,000 posts) on loopback; it reports the fetches that timed out, which must be zero.
# Usage: benches/run.sh [bench ...]   (default: all)
set -eu
cd "$(dirname "$0")/.."
out=benches/last-run.txt
benches=${*:-"identifiers hostile scan extract matching assess import encryption"}
cargo bench --no-run $(for b in $benches; do printf -- '--bench %s ' "$b"; done)
{
    echo "# benches/run.sh at $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%FT%TZ)"
    echo "# $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out"
for b in $benches; do
    echo "== $b" | tee -a "$out"
    case $b in
    scan) SCAN_SOURCES=${SCAN_SOURCES:-60} SCAN_PAGES=${SCAN_PAGES:-50} cargo bench --bench scan 2>&1 | tee -a "$out" ;;
    *) cargo bench --bench "$b" 2>&1 | tee -a "$out" ;;
    esac
done
