#!/bin/sh
# Renders docs/digest-example.png (the chart in the README) from the bundled example: a fresh
# store in a temporary folder, the example's accounts imported, one `scan --once` of the
# example's loopback site, a few CLI decisions (items 1-12 approved, 13-18 rejected, two
# rewritten into a disclosure and a blocked reply, the rest left pending), then
# `report --since 7d --png`. Every post is first seen on the day this runs, so the chart shows
# one busy day. The binary is target/debug/reviewgate unless REVIEWGATE names another;
# DIGEST_EXAMPLE_PORT moves the example server off 18931 if that port is taken.
set -eu
cd "$(dirname "$0")/.."
bin=${REVIEWGATE:-target/debug/reviewgate}
port=${DIGEST_EXAMPLE_PORT:-18931}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cfg="$tmp/reviewgate.toml"
sed -e "s|../data/example.sqlite3|$tmp/example.sqlite3|" \
    -e "s|\"../fixtures/site\"|\"$PWD/fixtures/site\"|" \
    -e "s|127.0.0.1:18931|127.0.0.1:$port|" \
    config/reviewgate.toml > "$cfg"
"$bin" --config "$cfg" customers import fixtures/customers.csv > /dev/null
"$bin" --config "$cfg" scan --once > /dev/null
for id in 1 2 3 4 5 6 7 8 9 10 11 12; do
    "$bin" --config "$cfg" queue approve "$id" --version 1 --reason "checked" > /dev/null
done
for id in 13 14 15 16 17 18; do
    "$bin" --config "$cfg" queue reject "$id" --version 1 --reason "not needed" > /dev/null
done
"$bin" --config "$cfg" queue rewrite 19 --text "We checked the account registered to jan.berger@example.de." > /dev/null
"$bin" --config "$cfg" queue rewrite 20 --text "We looked through the database of your shop and found the problem." > /dev/null
"$bin" --config "$cfg" report --since 7d --png docs/digest-example.png
