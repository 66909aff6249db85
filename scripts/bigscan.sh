#!/bin/sh
# The big-first-scan benchmark of issue 13, in release mode: prints pages/s, posts/s, queued
# items/s, fetch timeouts and peak RSS of each pass, and the ratios the README reports.
# Size with BIGSCAN_THREADS, BIGSCAN_PAGES, BIGSCAN_POSTS, BIGSCAN_ACCOUNTS (defaults: the
# issue's corpus, 60 x 50 pages of 83 posts, 100,000 accounts). Needs Linux (/proc) for RSS.
# Each pass also prints its matcher build's peak RSS apart from its scan's. To measure or
# profile one pass: BIGSCAN_WINDOW_ONLY=1 or BIGSCAN_OPEN_ONLY=1, with BIGSCAN_WRAP="heaptrack
# -o FILE" or BIGSCAN_WRAP="perf record -F 999 -o FILE" around each pass's process;
# BIGSCAN_RESCAN_ONLY=1 runs the default-window pass and its rescan (only the rescan wrapped).
# The corpus is served by nginx when it is installed (`apt-get install nginx-light`; the
# issue's setup), else by the bundled loopback server; BIGSCAN_SERVER=bundled forces the
# bundled one. The first line of the output says which served the run.
set -eu
cd "$(dirname "$0")/.."
exec cargo bench --bench bigscan "$@"
