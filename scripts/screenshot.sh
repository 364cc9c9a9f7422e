#!/usr/bin/env bash
# The README's picture of the HTML output: the bundled example's graph
# (examples/visit.txt and examples/articles.jsonl) written as a page by the
# release binary and shot by headless Chromium, as it opens.
#
#   scripts/screenshot.sh [OUT.png]      (default docs/graph.png)
#
# Needs target/release/newsgraph (or $NEWSGRAPH) and chromium. No request
# leaves the machine: every host resolves to nothing and the proxy is a closed
# port on loopback (the page itself makes none).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${1:-$ROOT/docs/graph.png}
BIN=${NEWSGRAPH:-$ROOT/target/release/newsgraph}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$BIN" extract "$ROOT/examples/visit.txt" "$ROOT/examples/articles.jsonl" -q -o "$TMP/example.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --host-resolver-rules='MAP * ~NOTFOUND' --proxy-server=127.0.0.1:9 \
  --user-data-dir="$TMP/profile" --window-size=1200,720 \
  --screenshot="$OUT" "file://$TMP/example.html" >/dev/null 2>&1
echo "wrote $OUT"
