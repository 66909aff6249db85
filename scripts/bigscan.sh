#!/bin/sh
# The big-first-scan benchmark of issue 13, in release mode: prints pages/s, posts/s, queued
# items/s, fetch timeouts and peak RSS of each pass, and the ratios the README reports.
# Size with BIGSCAN_THREADS, BIGSCAN_PAGES, BIGSCAN_POSTS, BIGSCAN_ACCOUNTS (defaults: the
# issue's corpus, 60 x 50 pages of 83 posts, 100,000 accounts). Needs Linux (/proc) for RSS.
set -eu
cd "$(dirname "$0")/.."
exec cargo bench --bench bigscan "$@"
