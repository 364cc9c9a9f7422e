#!/usr/bin/env bash
# The Spark job's test: scripts/spark/extract.py on PySpark in local mode
# (local[2]) over the seed articles and a sample of corpus articles must write
# every format byte-identical to one `newsgraph extract` over the same
# articles. Prints the seconds of both runs.
#
#   scripts/spark/test.sh [SHARED_DIR]      (default ../shared)
#
# Environment: NEWSGRAPH (target/release/newsgraph), SPARK_PYTHON (a python
# with pyspark; default .ci/.venv/bin/python), SPARK_ARTICLES (2000) corpus
# articles, SPARK_MASTER (local[2]). Without Java or pyspark the test is
# skipped with a message, except under CI (CI set), where it fails.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${1:-$ROOT/../shared}
NG=${NEWSGRAPH:-$ROOT/target/release/newsgraph}
PY=${SPARK_PYTHON:-$ROOT/.ci/.venv/bin/python}
ARTICLES=${SPARK_ARTICLES:-2000}
MASTER=${SPARK_MASTER:-local[2]}

skip() {
    if [[ -n ${CI:-} ]]; then
        echo "spark test: FAIL: $1 (CI must have it)" >&2
        exit 1
    fi
    echo "spark test: skipped: $1"
    exit 0
}
command -v java >/dev/null || skip "no Java runtime (apt-get install openjdk-17-jre-headless)"
[[ -x $PY ]] && "$PY" -c 'import pyspark' 2>/dev/null || skip "no pyspark for $PY (pip install pyspark)"
[[ -x $NG ]] || { echo "spark test: no newsgraph binary at $NG (cargo build --release)" >&2; exit 1; }
[[ -d $SHARED/seeds ]] || skip "no shared folder at $SHARED"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/newsgraph-spark.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# the first ARTICLES non-empty articles of the corpus days, in order, as JSON Lines
"$PY" - "$SHARED/corpus/saudinewsnet" "$WORK/corpus.jsonl" "$ARTICLES" <<'PY'
import glob, json, os, sys, zipfile
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
out = []
for z in sorted(glob.glob(os.path.join(src, "*.zip"))):
    with zipfile.ZipFile(z) as zf:
        for name in sorted(x for x in zf.namelist() if x.endswith(".json")):
            out += [r for r in json.loads(zf.read(name)) if str(r.get("content") or "").strip()]
    if len(out) >= n:
        break
with open(dst, "w", encoding="utf-8") as f:
    for r in out[:n]:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(f"{min(n, len(out))} corpus articles", file=sys.stderr)
PY

OUTS=(json graphml gexf jsonld nq)
args() { local tag=$1; for e in "${OUTS[@]}"; do printf -- '-o\n%s\n' "$WORK/$tag.$e"; done; }
mapfile -t ONE < <(args one)
mapfile -t SPARK < <(args spark)

t0=$(date +%s.%N)
"$NG" extract "$SHARED/seeds" "$WORK/corpus.jsonl" "${ONE[@]}" -q
t1=$(date +%s.%N)
PATH="$(dirname "$PY"):$PATH" PYSPARK_PYTHON="$PY" PYSPARK_DRIVER_PYTHON="$PY" \
    "$(dirname "$PY")/spark-submit" --master "$MASTER" --conf spark.ui.enabled=false \
    "$ROOT/scripts/spark/extract.py" --newsgraph "$NG" \
    "$SHARED/seeds" "$WORK/corpus.jsonl" "${SPARK[@]}" >"$WORK/spark.log" 2>&1 ||
    { tail -n 40 "$WORK/spark.log"; echo "spark test: FAIL: spark-submit failed" >&2; exit 1; }
t2=$(date +%s.%N)

passed=0 failed=0
for e in "${OUTS[@]}"; do
    if cmp -s "$WORK/one.$e" "$WORK/spark.$e"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL spark .$e differs from one extract"
        cmp "$WORK/one.$e" "$WORK/spark.$e" || true
    fi
done
printf 'spark %s: %.1f s; one newsgraph extract: %.2f s (seeds + %s corpus articles)\n' \
    "$MASTER" "$(awk -v a="$t1" -v b="$t2" 'BEGIN{print b-a}')" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')" "$ARTICLES"
echo "spark: $passed passed, $failed failed"
((failed == 0))
