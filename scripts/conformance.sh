#!/usr/bin/env bash
# External conformance checks of every newsgraph export format.
#
#   scripts/conformance.sh [SHARED_DIR]      (default: ../shared beside the repo)
#
# Builds nothing: runs target/release/newsgraph (or $NEWSGRAPH) on the seed
# articles and on ~3000 corpus articles, writing all five formats (and the HTML
# page) per set into
# $CONFORMANCE_OUT (default target/conformance/), then checks each set with
# xmllint (GraphML XSD), jing (GEXF 1.3 RELAX NG compact), the Python readers
# (scripts/conformance/check_py.py) and the JavaScript readers
# (scripts/conformance/check_js.mjs), and opens the page in headless Chromium
# (scripts/conformance/check_html.py). Every check prints one `OK name: ...` or
# `FAIL name: ...` line; the script exits 1 when any check failed.
#
# Environment: NEWSGRAPH (binary), CONFORMANCE_PYTHON (default .ci/.venv/bin/python,
# else python3), CONFORMANCE_NODE_PREFIX (default .ci/node), CONFORMANCE_OUT,
# CONFORMANCE_ZIPS (corpus day names, default "2015-07-23 2015-07-25": 2877 articles),
# CONFORMANCE_SETS (default "seeds corpus").
set -uo pipefail
export LC_ALL=C.UTF-8

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${1:-$ROOT/../shared}
if [[ ! -d $SHARED ]]; then
  echo "FAIL setup: shared folder $SHARED does not exist" >&2
  exit 1
fi
SHARED=$(cd "$SHARED" && pwd)
BIN=${NEWSGRAPH:-$ROOT/target/release/newsgraph}
OUT=${CONFORMANCE_OUT:-$ROOT/target/conformance}
PY=${CONFORMANCE_PYTHON:-$ROOT/.ci/.venv/bin/python}
[[ -x $PY ]] || PY=$(command -v python3)
export CONFORMANCE_NODE_PREFIX=${CONFORMANCE_NODE_PREFIX:-$ROOT/.ci/node}
SETS=${CONFORMANCE_SETS:-seeds corpus}
ZIPS=${CONFORMANCE_ZIPS:-2015-07-23 2015-07-25}
GRAPHML_XSD=$SHARED/schemas/graphml/graphml.xsd
GEXF_RNC=$SHARED/schemas/gexf-1.3/gexf.rnc

PASSED=0
FAILED=0
FAILURES=()
ok() { echo "OK $1: $2"; PASSED=$((PASSED + 1)); }
fail() { echo "FAIL $1: $2"; FAILED=$((FAILED + 1)); FAILURES+=("$1"); }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# Run a checker whose lines begin with OK/FAIL/WARNING NAME:, prefix the names
# with the set, and count them. A checker that exits non-zero without printing a
# FAIL line counts as one failure.
run_checker() {
  local set=$1 what=$2
  shift 2
  local log rc fails
  log=$(mktemp)
  "$@" 2>"$log.err" | sed -u -E "s#^(OK|FAIL|WARNING) #\\1 $set/#" | tee "$log"
  rc=${PIPESTATUS[0]}
  PASSED=$((PASSED + $(grep -c '^OK ' "$log")))
  fails=$(grep -c '^FAIL ' "$log")
  FAILED=$((FAILED + fails))
  while IFS= read -r l; do FAILURES+=("${l%%:*}"); done < <(grep '^FAIL ' "$log" | sed -E 's/^FAIL //')
  if ((rc != 0 || fails > 0)); then
    if ((fails == 0)); then fail "$set/$what" "exited with status $rc"; fi
    if [[ -s $log.err ]]; then
      echo "---- $what stderr (last 40 lines) ----"
      tail -n 40 "$log.err"
      echo "----"
    fi
  fi
  rm -f "$log" "$log.err"
}

# xmllint / jing: one line per file, the tool's own messages shown on failure.
schema_check() {
  local name=$1 file=$2
  shift 2
  local msg rc
  if [[ ! -s $file ]]; then
    fail "$name" "$file is missing or empty"
    return
  fi
  msg=$("$@" "$file" 2>&1)
  rc=$?
  # Debian's jing wrapper warns about optional jars it cannot find; drop that.
  msg=$(grep -v -E '^\[warning\] .*jing: Unable to locate' <<<"$msg" || true)
  if ((rc == 0)); then
    ok "$name" "valid ($(wc -c <"$file") bytes)"
  else
    fail "$name" "$(head -n 1 <<<"$msg") (exit $rc)"
    head -n 20 <<<"$msg"
  fi
}

extract() {
  local set=$1 dir=$2
  shift 2
  local t err rc
  t=$(now)
  err=$dir/$set.stderr
  "$BIN" extract "$@" -o "$dir/$set.json" -o "$dir/$set.graphml" -o "$dir/$set.gexf" \
    -o "$dir/$set.jsonld" -o "$dir/$set.nq" -o "$dir/$set.html" 2>"$err"
  rc=$?
  if ((rc == 0)); then
    ok "$set/extract" "$# inputs in $(secs "$t")"
  else
    fail "$set/extract" "newsgraph exited with status $rc after $(secs "$t"): $(tail -n 1 "$err")"
    tail -n 20 "$err"
  fi
}

check_set() {
  local set=$1 prefix=$OUT/$1 t
  t=$(now)
  schema_check "$set/xmllint-graphml" "$prefix.graphml" xmllint --nonet --noout --schema "$GRAPHML_XSD"
  schema_check "$set/jing-gexf" "$prefix.gexf" jing -c "$GEXF_RNC"
  run_checker "$set" check_py "$PY" "$ROOT/scripts/conformance/check_py.py" "$prefix"
  run_checker "$set" check_js node "$ROOT/scripts/conformance/check_js.mjs" "$prefix"
  run_checker "$set" check_html "$PY" "$ROOT/scripts/conformance/check_html.py" "$prefix.html" --graph "$prefix.json"
  echo "(checks of $set took $(secs "$t"))"
}

# ---- preconditions -----------------------------------------------------------
missing=0
for tool in xmllint jing node unzip chromium; do
  command -v "$tool" >/dev/null || { fail "setup" "$tool is not installed (see .ci/run)"; missing=1; }
done
[[ -n $PY && -x $PY ]] || { fail "setup" "no Python interpreter"; missing=1; }
[[ -x $BIN ]] || { fail "setup" "$BIN is not built (cargo build --release)"; missing=1; }
for f in "$GRAPHML_XSD" "$GEXF_RNC"; do
  [[ -f $f ]] || { fail "setup" "$f is missing"; missing=1; }
done
if ((missing)); then
  echo "conformance: $PASSED passed, $FAILED failed"
  exit 1
fi
echo "newsgraph: $BIN ($("$BIN" --version 2>&1 | head -n 1))"
echo "shared: $SHARED; outputs: $OUT"
rm -rf "$OUT"
mkdir -p "$OUT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

for set in $SETS; do
  echo "== conformance: $set"
  case $set in
    seeds)
      shopt -s nullglob
      seeds=("$SHARED"/seeds/*.txt)
      shopt -u nullglob
      if ((${#seeds[@]} == 0)); then
        fail "seeds/inputs" "no $SHARED/seeds/*.txt"
        continue
      fi
      extract seeds "$OUT" "${seeds[@]}"
      ;;
    corpus)
      mkdir -p "$TMP/corpus"
      for day in $ZIPS; do
        zip=$SHARED/corpus/saudinewsnet/$day.zip
        if [[ ! -f $zip ]]; then
          fail "corpus/inputs" "$zip is missing"
          continue
        fi
        unzip -q -o "$zip" -d "$TMP/corpus" || fail "corpus/inputs" "cannot unzip $zip"
      done
      mapfile -t files < <(find "$TMP/corpus" -type f -name '*.json' | sort)
      if ((${#files[@]} == 0)); then
        fail "corpus/inputs" "no corpus articles unzipped"
        continue
      fi
      n=$("$PY" -c 'import json, sys; print(sum(len(json.load(open(f, encoding="utf-8"))) for f in sys.argv[1:]))' "${files[@]}")
      echo "corpus: ${#files[@]} files, $n articles"
      extract corpus "$OUT" "${files[@]}"
      ;;
    *)
      fail "setup" "unknown set $set"
      continue
      ;;
  esac
  check_set "$set"
done

echo "== conformance summary"
if ((FAILED)); then
  (IFS=,; echo "failed: ${FAILURES[*]}" | sed 's/,/, /g')
fi
echo "conformance: $PASSED passed, $FAILED failed"
((FAILED == 0))
