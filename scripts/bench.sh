#!/usr/bin/env bash
# Benchmarks of newsgraph against anchors, end to end, on a real corpus and on
# generated large inputs. See docs/benchmarks.md.
#
#   scripts/bench.sh [CORPUS_DIR]     (default ../shared/corpus/saudinewsnet)
#
# CORPUS_DIR holds *.zip archives of JSON files (SaudiNewsNet) or *.json files.
# Environment: BENCH_RUNS (5) runs per timing, BENCH_BIG_MB (1000) size of the
# generated JSON Lines corpus (0 skips it), BENCH_GRAPH_NODES (100000) and
# BENCH_GRAPH_EDGES (1000000) for the export graph (0 skips it),
# BENCH_PY_TIMEOUT (1800) seconds for each networkx/rdflib run on that graph,
# BENCH_PY_MEM_GB (16) address space allowed to each networkx/rdflib run (a
# run that hits either limit is reported as a lower bound), BENCH_SECTIONS
# ("extract learn layout corpus big graph") which parts to run, BENCH_VENV (.ci/.venv if
# present, else /tmp/bench-venv) a venv with networkx and rdflib (created
# when missing).
#
# Opt-in sections (long): "merge" generates BENCH_MERGE_DAYS (365) daily
# graphs of BENCH_MERGE_DOCS (2000) articles drawn from the corpus (each day's
# own ids and date; about 3 minutes on 2 cores) and times `newsgraph merge` of
# all of them against networkx's nx.compose_all over the same node-link files
# (all graphs loaded, as usually written, and streamed from a generator), each
# networkx way run BENCH_MERGE_NX_RUNS (3) times (its time varies by a fifth
# from one run to the next: the ratio is of the medians, the range is shown);
# "spark" times scripts/spark/extract.py on local[2] against one `newsgraph
# extract` over the whole corpus (needs Java and pyspark in BENCH_SPARK_PYTHON,
# default .ci/.venv/bin/python). Example:
#   BENCH_SECTIONS="merge spark" scripts/bench.sh
#
# Exports are reported twice: whole processes (reading the input included),
# and the write alone: `newsgraph convert --verbose` prints its read and write
# seconds, the anchor script prints the seconds of its write.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=${1:-$ROOT/../shared/corpus/saudinewsnet}
RUNS=${BENCH_RUNS:-5}
BIG_MB=${BENCH_BIG_MB:-1000}
NODES=${BENCH_GRAPH_NODES:-100000}
EDGES=${BENCH_GRAPH_EDGES:-1000000}
PY_TIMEOUT=${BENCH_PY_TIMEOUT:-1800}
PY_MEM_GB=${BENCH_PY_MEM_GB:-16}
SECTIONS=" ${BENCH_SECTIONS:-extract learn layout corpus big graph} "
want() { [[ $SECTIONS == *" $1 "* ]]; }
if [[ -z ${BENCH_VENV:-} ]]; then
    if [[ -x $ROOT/.ci/.venv/bin/python ]]; then BENCH_VENV=$ROOT/.ci/.venv; else BENCH_VENV=/tmp/bench-venv; fi
fi
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
NG=$TARGET/release/newsgraph
GEN=$TARGET/release/examples/gen_graph

WORK=$(mktemp -d "${TMPDIR:-/tmp}/newsgraph-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/corpus" "$WORK/res"

say() { printf '%s\n' "$*" >&2; }

# ---- tools --------------------------------------------------------------------
need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
command -v rg >/dev/null || need_apt+=(ripgrep)
if ((${#need_apt[@]})) && command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
    say "installing ${need_apt[*]} with apt-get"
    apt-get install -y -qq "${need_apt[@]}" >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "${need_apt[@]}" >/dev/null 2>&1; } || true
fi
HAVE_HYPERFINE=$(command -v hyperfine >/dev/null && echo 1 || echo 0)
HAVE_RG=$(command -v rg >/dev/null && echo 1 || echo 0)
PY=$BENCH_VENV/bin/python
# the exports compare against networkx and rdflib, merge against networkx
if want corpus || want graph || want merge; then
    if [[ ! -x $PY ]]; then
        say "creating $BENCH_VENV with networkx and rdflib"
        python3 -m venv "$BENCH_VENV"
        "$BENCH_VENV/bin/pip" install -q networkx rdflib
    fi
    "$PY" -c 'import networkx, rdflib' 2>/dev/null || "$BENCH_VENV/bin/pip" install -q networkx rdflib
fi

# ---- build --------------------------------------------------------------------
say "building release"
(cd "$ROOT" && cargo build --release -q && cargo build --release -q --example gen_graph)

# ---- corpus -------------------------------------------------------------------
python3 - "$CORPUS" "$WORK/corpus" <<'PY'
import glob, os, shutil, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
for z in sorted(glob.glob(os.path.join(src, "*.zip"))):
    zipfile.ZipFile(z).extractall(dst)
for j in sorted(glob.glob(os.path.join(src, "*.json"))):
    shutil.copy(j, dst)
PY
FILES=("$WORK"/corpus/*.json)
CORPUS_BYTES=$(cat "${FILES[@]}" | wc -c)
CORPUS_MB=$(awk -v b="$CORPUS_BYTES" 'BEGIN{printf "%.2f", b/1e6}')
DOCS=$(python3 -c 'import json,sys; print(sum(len(json.load(open(f))) for f in sys.argv[1:]))' "${FILES[@]}")
say "corpus: ${#FILES[@]} files, $CORPUS_MB MB, $DOCS articles"

# ---- measuring ----------------------------------------------------------------
# measure NAME RUNS CMD: median wall seconds of RUNS runs -> res/NAME.t, peak RSS
# in KB -> res/NAME.rss (from one more run, or from the only run when RUNS is 1).
measure() {
    local name=$1 runs=$2 cmd=$3
    if [[ $HAVE_HYPERFINE == 1 && $runs -gt 1 ]]; then
        hyperfine --style none --warmup 1 --runs "$runs" -i --export-json "$WORK/res/$name.json" "$cmd" >/dev/null 2>&1
        python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$WORK/res/$name.json" >"$WORK/res/$name.t"
        /usr/bin/time -f '%e %M' -o "$WORK/res/$name.one" bash -c "$cmd" >/dev/null 2>&1 || true
    else
        : >"$WORK/res/$name.all"
        for ((i = 0; i < runs; i++)); do
            /usr/bin/time -f '%e %M' -o "$WORK/res/$name.one" bash -c "$cmd" >/dev/null 2>&1 || true
            tail -1 "$WORK/res/$name.one" >>"$WORK/res/$name.all"
        done
        sort -n "$WORK/res/$name.all" | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}' >"$WORK/res/$name.t"
    fi
    tail -1 "$WORK/res/$name.one" | awk '{print $2}' >"$WORK/res/$name.rss"
}
t() { cat "$WORK/res/$1.t"; }
# runs_of NAME: the seconds of each timed run of NAME, sorted
runs_of() {
    if [[ -s $WORK/res/$1.json ]]; then
        python3 -c 'import json,sys; print("\n".join(str(t) for t in json.load(open(sys.argv[1]))["results"][0]["times"]))' "$WORK/res/$1.json"
    else
        cat "$WORK/res/$1.all"
    fi | sort -n | awk '{printf "%s%.2f", (NR > 1 ? " " : ""), $1}'
}
rss() { awk '{printf "%.0f", $1/1024}' "$WORK/res/$1.rss"; }
ratio() { awk -v a="$(t "$1")" -v b="$(t "$2")" 'BEGIN{printf "%.2f", a/b}'; }
row() { # NAME LABEL [MB] [DOCS]
    local s; s=$(t "$1")
    if [[ -n ${3:-} ]]; then
        printf '%-44s %8.3f s %8.1f MB/s %9.0f docs/s %7s MB RSS\n' "$2" "$s" \
            "$(awk -v m="$3" -v s="$s" 'BEGIN{print m/s}')" "$(awk -v d="$4" -v s="$s" 'BEGIN{print d/s}')" "$(rss "$1")"
    else
        printf '%-44s %8.3f s %7s MB RSS\n' "$2" "$s" "$(rss "$1")"
    fi
}

echo "== newsgraph benchmarks: $(nproc) CPUs, $RUNS runs each (median) =="
echo "corpus: ${#FILES[@]} files, $CORPUS_MB MB, $DOCS articles"
echo

# ---- (a) extraction, (b) ripgrep floor -----------------------------------------
q() { printf '%q ' "$@"; }
if want extract || want corpus; then
    measure startup "$RUNS" "bash -c $(q "echo مصر | $(q "$NG") extract -o /dev/null --format json -q")"
    for n in 1 2; do
        measure "extract$n" "$RUNS" "$(q "$NG" extract "${FILES[@]}" -o "$WORK/out$n.json" --threads $n -q)"
    done
    cmp -s "$WORK/out1.json" "$WORK/out2.json" && same=identical || same=DIFFERENT
    "$NG" lexicon names >"$WORK/names.txt"
    echo "-- extraction, end to end ($(wc -l <"$WORK/names.txt") lexicon names; outputs at 1 and 2 threads $same)"
    row startup "startup (echo مصر | extract)"
    row extract1 "extract --threads 1" "$CORPUS_MB" "$DOCS"
    row extract2 "extract --threads 2" "$CORPUS_MB" "$DOCS"
    echo "speed-up 2 threads vs 1: $(ratio extract1 extract2)x"
    # the long line of issue 8: 600,000 words, no punctuation, one document
    python3 - "$WORK/longline.txt" <<'LL'
import random, sys
words = "التحالف الدولي ضد داعش مصر والأردن اجتماع بين الولايات المتحدة كلمة أخرى".split()
r = random.Random(8)
open(sys.argv[1], "w").write("عنوان\n\n" + " ".join(r.choice(words) for _ in range(600_000)))
LL
    LL_MB=$(awk -v b="$(wc -c <"$WORK/longline.txt")" 'BEGIN{printf "%.2f", b/1e6}')
    measure longline "$RUNS" "$(q "$NG" extract "$WORK/longline.txt" -o "$WORK/ll.json" -o "$WORK/ll.graphml" -o "$WORK/ll.gexf" -o "$WORK/ll.jsonld" -o "$WORK/ll.nq" -o "$WORK/ll.jsonl" -q)"
    row longline "long line (600k words, six outputs)" "$LL_MB" 1
    echo "long line MB/s / corpus MB/s at 1 thread: $(awk -v a="$(t extract1)" -v b="$(t longline)" -v m="$CORPUS_MB" -v l="$LL_MB" 'BEGIN{printf "%.2f", (l/b)/(m/a)}')   (target >= 0.5)"
    if [[ $HAVE_RG == 1 ]]; then
        measure rg "$RUNS" "$(q rg -F -c -f "$WORK/names.txt" "${FILES[@]}")"
        row rg "rg -F -c -f names.txt (literal-scan floor)" "$CORPUS_MB" "$DOCS"
        echo "extract --threads 1 / rg: $(ratio extract1 rg)x   (target <= 3x)"
    else
        echo "rg not available: floor not measured"
    fi
fi
echo

# ---- (a2) learning names: lexicon learn, extract --learn ------------------------
if want learn; then
    for n in 1 2; do
        measure "learn$n" "$RUNS" "$(q "$NG" lexicon learn "${FILES[@]}" -o "$WORK/learned$n.toml" --threads $n -q)"
    done
    cmp -s "$WORK/learned1.toml" "$WORK/learned2.toml" && same=identical || same=DIFFERENT
    measure extract_learn1 "$RUNS" "$(q "$NG" extract "${FILES[@]}" --learn -o "$WORK/learn1.json" --threads 1 -q)"
    echo "-- learning names ($(grep -c '^\[\[actor' "$WORK/learned1.toml") learned; files at 1 and 2 threads $same)"
    row learn1 "lexicon learn --threads 1 (target < 60 s)" "$CORPUS_MB" "$DOCS"
    row learn2 "lexicon learn --threads 2" "$CORPUS_MB" "$DOCS"
    row extract_learn1 "extract --learn --threads 1 (two passes)" "$CORPUS_MB" "$DOCS"
fi
echo

# ---- (a3) layout of the corpus graph ---------------------------------------------
# `convert --verbose` prints the layout stage's own seconds; rayon's global pool
# takes RAYON_NUM_THREADS.
if want layout; then
    [[ -s $WORK/out1.json ]] || "$NG" extract "${FILES[@]}" -o "$WORK/out1.json" -q
    echo "-- layout of the corpus graph ($(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); e=d["links"]; linked={x for l in e for x in (l["source"], l["target"])}; print(len(d["nodes"]), "nodes,", len(linked), "with relations,", len(e), "edges")' "$WORK/out1.json"))"
    for it in 500 2000; do
        for n in 1 2; do
            line=$(RAYON_NUM_THREADS=$n "$NG" convert "$WORK/out1.json" -o "$WORK/lay$n.gexf" --layout-iterations "$it" -v 2>&1 | grep 'laid out' || true)
            echo "  $n thread(s): ${line#newsgraph: }"
        done
        cmp -s "$WORK/lay1.gexf" "$WORK/lay2.gexf" && same=identical || same=DIFFERENT
        echo "  GEXF at 1 and 2 threads, $it iterations: $same"
    done
fi
echo

# ---- (c) exports vs networkx / rdflib on the corpus graph -----------------------
cat >"$WORK/anchor.py" <<'PY'
"""Anchors: networkx writes GraphML/GEXF of a graph read from newsgraph's
node-link JSON; rdflib writes JSON-LD and N-Quads of the dataset read from
newsgraph's N-Quads. Prints on stderr the seconds of the reading ("read") and
of the write alone ("write"); the process time is measured outside."""
import json, sys, time
what, src, dst = sys.argv[1:4]
start = time.perf_counter()
if what in ("graphml", "gexf"):
    import networkx as nx
    with open(src, encoding="utf-8") as f:
        data = json.load(f)
    g = nx.node_link_graph(data, edges="links")
    # GraphML/GEXF hold scalars only: lists and maps become JSON strings, as
    # newsgraph's own writers do, and missing values are left out
    def flatten(a):
        for k, v in list(a.items()):
            if v is None:
                del a[k]
            elif isinstance(v, (list, dict)):
                a[k] = json.dumps(v, ensure_ascii=False)
    for _, a in g.nodes(data=True):
        flatten(a)
    for e in g.edges(data=True):
        flatten(e[-1])
    g.graph.clear()
    write = lambda: (nx.write_graphml if what == "graphml" else nx.write_gexf)(g, dst)
else:
    import rdflib
    ds = rdflib.Dataset()
    ds.parse(src, format="nquads")
    fmt = "json-ld" if what == "jsonld" else "nquads"
    write = lambda: ds.serialize(destination=dst, format=fmt)
t = time.perf_counter()
print(f"{what} read {t - start:.3f}", file=sys.stderr, flush=True)
write()
print(f"{what} write {time.perf_counter() - t:.3f}", file=sys.stderr, flush=True)
PY
# median of the numbers after "write " (ours: "in N s") in FILE -> stdout
median_write() {
    sed -n -e 's/.* write \([0-9.]*\)$/\1/p' -e 's/.*; wrote .* in \([0-9.]*\) s$/\1/p' "$1" | sort -n |
        awk '{a[NR]=$1} END{if (NR) print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
}
# the anchor's reading seconds of its last run
last_read() { sed -n 's/.* read \([0-9.]*\)$/\1/p' "$1" | tail -1; }
exports() { # TAG GRAPH.json RUNS TIMEOUT
    local tag=$1 g=$2 runs=$3 to=$4 f
    "$NG" convert "$g" -o "$WORK/$tag.nq" -q
    for f in graphml gexf jsonld nq; do
        : >"$WORK/res/${tag}_ng_$f.err"
        measure "${tag}_ng_$f" "$runs" "$(q "$NG" convert "$g" -o "$WORK/$tag.out.$f" -v) 2>>$(q "$WORK/res/${tag}_ng_$f.err")"
        median_write "$WORK/res/${tag}_ng_$f.err" >"$WORK/res/${tag}_ng_$f.w"
    done
    for f in graphml gexf jsonld nq; do
        local in=$g; [[ $f == jsonld || $f == nq ]] && in=$WORK/$tag.nq
        local err=$WORK/res/${tag}_py_$f.err rcs=$WORK/res/${tag}_py_$f.rc
        : >"$err"; : >"$rcs"
        measure "${tag}_py_$f" "$runs" "ulimit -v $((PY_MEM_GB * 1024 * 1024)); $(q timeout "$to" "$PY" "$WORK/anchor.py" "$f" "$in" "$WORK/$tag.py.$f") 2>>$(q "$err"); echo \$? >>$(q "$rcs")"
        median_write "$err" >"$WORK/res/${tag}_py_$f.w"
        # a run that failed (time-out, out of memory): its time is a lower bound
        if grep -qv '^0$' "$rcs"; then
            echo ">=" >"$WORK/res/${tag}_py_$f.lb"
            # the write did not finish: it took at least the time left after reading
            if [[ ! -s $WORK/res/${tag}_py_$f.w ]] && [[ -n $(last_read "$err") ]]; then
                awk -v s="$(t "${tag}_py_$f")" -v r="$(last_read "$err")" 'BEGIN{printf "%.3f\n", s - r}' >"$WORK/res/${tag}_py_$f.w"
                echo ">=" >"$WORK/res/${tag}_py_$f.wlb"
            fi
        fi
    done
    for f in graphml gexf jsonld nq; do
        row "${tag}_ng_$f" "newsgraph convert -> $f"
        printf '  write alone %8.3f s\n' "$(cat "$WORK/res/${tag}_ng_$f.w")"
    done
    for f in graphml gexf jsonld nq; do
        local lib=networkx; [[ $f == jsonld || $f == nq ]] && lib=rdflib
        local note="" wnote="" w; w=$(cat "$WORK/res/${tag}_py_$f.w")
        [[ -f $WORK/res/${tag}_py_$f.lb ]] && note="  (did not finish: time-out or out of memory; lower bound)"
        [[ -f $WORK/res/${tag}_py_$f.wlb ]] && wnote="  (write did not finish; lower bound)"
        row "${tag}_py_$f" "$lib -> $f"
        if [[ -n $w ]]; then printf '  write alone %8.3f s%s\n' "$w" "$wnote"; else echo "  write alone: not reached (reading did not finish)"; fi
        echo "  newsgraph is $(ratio "${tag}_py_$f" "${tag}_ng_$f")x faster than $lib on $f, whole process$note"
        if [[ -n $w ]]; then
            echo "  newsgraph is $(awk -v a="$w" -v b="$(cat "$WORK/res/${tag}_ng_$f.w")" 'BEGIN{printf "%.2f", a/b}')x faster than $lib on $f, write alone$wnote"
        fi
    done
}
if want corpus; then
    echo "-- exports of the corpus graph ($(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["nodes"]), "nodes,", len(d["links"]), "edges")' "$WORK/out1.json"))"
    exports corpus "$WORK/out1.json" "$RUNS" "$PY_TIMEOUT"
    echo
fi

# ---- generated large corpus ----------------------------------------------------
if want big && ((BIG_MB > 0)); then
    python3 - "$WORK/big.jsonl" "$BIG_MB" "${FILES[@]}" <<'PY'
import json, sys
out, mb, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
arts = [a for f in files for a in json.load(open(f, encoding="utf-8"))]
limit, n, size = mb * 1_000_000, 0, 0
with open(out, "w", encoding="utf-8") as w:
    while size < limit:
        for a in arts:
            a = dict(a, url=f"{a.get('url', '')}#copy{n // len(arts)}", id=f"big-{n}")
            line = json.dumps(a, ensure_ascii=False) + "\n"
            w.write(line)
            size += len(line.encode("utf-8"))
            n += 1
            if size >= limit:
                break
print(n, file=open(out + ".docs", "w"))
PY
    BIG_BYTES=$(wc -c <"$WORK/big.jsonl")
    BIG_DOCS=$(cat "$WORK/big.jsonl.docs")
    measure big 1 "$(q "$NG" extract "$WORK/big.jsonl" -o "$WORK/big.json" -q)"
    measure small 1 "$(q "$NG" extract "${FILES[@]}" -o "$WORK/small.json" -q)"
    echo "-- generated corpus: $(awk -v b="$BIG_BYTES" 'BEGIN{printf "%.0f", b/1e6}') MB JSON Lines, $BIG_DOCS articles, one run, all CPUs"
    row small "extract real corpus ($CORPUS_MB MB)" "$CORPUS_MB" "$DOCS"
    row big "extract generated corpus" "$(awk -v b="$BIG_BYTES" 'BEGIN{print b/1e6}')" "$BIG_DOCS"
    echo "time ratio $(ratio big small)x for $(awk -v a="$BIG_BYTES" -v b="$CORPUS_BYTES" 'BEGIN{printf "%.1f", a/b}')x the bytes; peak RSS ratio $(awk -v a="$(cat "$WORK/res/big.rss")" -v b="$(cat "$WORK/res/small.rss")" 'BEGIN{printf "%.2f", a/b}')x"
    rm -f "$WORK/big.jsonl" "$WORK/big.json"
    echo
fi

# ---- merge: daily graphs vs networkx compose_all --------------------------------
if want merge; then
    DAYS=${BENCH_MERGE_DAYS:-365}
    PER=${BENCH_MERGE_DOCS:-2000}
    mkdir -p "$WORK/days"
    cat >"$WORK/days.py" <<'PY'
"""Daily graphs: DAYS days of DOCS articles each, drawn in turn from the
corpus (each day's articles get their own ids and the day's date), each day
extracted into OUT/day-NNN.json; this is worker WORKER of WORKERS."""
import datetime, json, os, subprocess, sys
ng, out, days, docs, worker, workers = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:7])
arts = [a for f in sys.argv[7:] for a in json.load(open(f, encoding="utf-8"))
        if str(a.get("content") or "").strip()]
start = datetime.date(2015, 1, 1)
for k in range(worker, days, workers):
    src = os.path.join(out, f"day-{k:03}.jsonl")
    date = (start + datetime.timedelta(days=k)).isoformat()
    with open(src, "w", encoding="utf-8") as w:
        for j in range(docs):
            a = arts[(k * docs + j) % len(arts)]
            rec = dict(a, id=f"{a.get('url', '')}#day{k:03}-{j}", date_extracted=date)
            w.write(json.dumps(rec, ensure_ascii=False) + "\n")
    subprocess.run([ng, "extract", src, "-o", os.path.join(out, f"day-{k:03}.json"),
                    "-q", "--threads", "1"], check=True)
    os.remove(src)
PY
    cat >"$WORK/nxmerge.py" <<'PY'
"""networkx's union of node-link graphs: nx.compose_all over the files, the
result written as node-link JSON. MODE list loads every graph first (as the
networkx docs write it), stream hands compose_all a generator."""
import json, sys
import networkx as nx
mode, out, files = sys.argv[1], sys.argv[2], sys.argv[3:]
def load(f):
    with open(f, encoding="utf-8") as fh:
        return nx.node_link_graph(json.load(fh), edges="links")
graphs = [load(f) for f in files] if mode == "list" else (load(f) for f in files)
g = nx.compose_all(graphs)
with open(out, "w", encoding="utf-8") as fh:
    json.dump(nx.node_link_data(g, edges="links"), fh, ensure_ascii=False)
PY
    gen_start=$(date +%s)
    for w in 0 1; do
        python3 "$WORK/days.py" "$NG" "$WORK/days" "$DAYS" "$PER" "$w" 2 "${FILES[@]}" &
    done
    wait
    DAYFILES=("$WORK"/days/day-*.json)
    DAYS_MB=$(cat "${DAYFILES[@]}" | wc -c | awk '{printf "%.0f", $1/1e6}')
    # Each run writes a new file, as networkx does (replacing one, merge
    # first syncs the new file to disk: a durability networkx does not give).
    measure merge_ng "$RUNS" "rm -f $(q "$WORK/merged.json"); $(q "$NG" merge "${DAYFILES[@]}" -o "$WORK/merged.json" -q)"
    measure merge_ng1 1 "rm -f $(q "$WORK/merged1.json"); $(q "$NG" merge "${DAYFILES[@]}" -o "$WORK/merged1.json" -q --threads 1)"
    # networkx computes no layout: the like-for-like run has none either
    # (communities are still computed; positions are left out)
    measure merge_ng0 "$RUNS" "rm -f $(q "$WORK/merged0.json"); $(q "$NG" merge "${DAYFILES[@]}" -o "$WORK/merged0.json" -q --layout none)"
    cmp -s "$WORK/merged.json" "$WORK/merged1.json" && same=identical || same=DIFFERENT
    NX_RUNS=${BENCH_MERGE_NX_RUNS:-3}
    for mode in list stream; do
        measure "merge_nx_$mode" "$NX_RUNS" "ulimit -v $((PY_MEM_GB * 1024 * 1024)); $(q timeout "$PY_TIMEOUT" "$PY" "$WORK/nxmerge.py" "$mode" "$WORK/nx.json" "${DAYFILES[@]}")"
    done
    echo "-- merge of ${#DAYFILES[@]} daily graphs of $PER articles ($DAYS_MB MB of node-link; generated in $(($(date +%s) - gen_start)) s); result $(awk -v b="$(wc -c <"$WORK/merged.json")" 'BEGIN{printf "%.0f", b/1e6}') MB, at 1 and 2 threads $same"
    row merge_ng "newsgraph merge (2 threads)"
    row merge_ng1 "newsgraph merge --threads 1"
    row merge_ng0 "newsgraph merge --layout none (2 threads)"
    row merge_nx_list "networkx compose_all (graphs loaded first)"
    row merge_nx_stream "networkx compose_all (a generator)"
    for name in merge_ng0 merge_nx_list merge_nx_stream; do
        echo "  $name runs: $(runs_of "$name") s"
    done
    for ng in merge_ng merge_ng0; do
        [[ $ng == merge_ng ]] && what="newsgraph merge" || what="newsgraph merge --layout none"
        for mode in list stream; do
            echo "$what is $(ratio "merge_nx_$mode" $ng)x faster than networkx ($mode) at $(awk -v a="$(cat "$WORK/res/$ng.rss")" -v b="$(cat "$WORK/res/merge_nx_$mode.rss")" 'BEGIN{printf "%.2f", a/b}')x its memory   (target >= 20x at <= 0.2x)"
        done
    done
    rm -rf "$WORK/days" "$WORK/merged.json" "$WORK/merged1.json" "$WORK/merged0.json" "$WORK/nx.json"
    echo
fi

# ---- Spark local[2] vs one process ----------------------------------------------
if want spark; then
    SPY=${BENCH_SPARK_PYTHON:-$ROOT/.ci/.venv/bin/python}
    if command -v java >/dev/null && "$SPY" -c 'import pyspark' 2>/dev/null; then
        "$SPY" - "$WORK/corpus.jsonl" "${FILES[@]}" <<'PY'
import json, sys
with open(sys.argv[1], "w", encoding="utf-8") as w:
    for f in sys.argv[2:]:
        for a in json.load(open(f, encoding="utf-8")):
            w.write(json.dumps(a, ensure_ascii=False) + "\n")
PY
        measure spark_one 1 "$(q "$NG" extract "$WORK/corpus.jsonl" -o "$WORK/one.json" -q)"
        measure spark_local 1 "PATH=$(dirname "$SPY"):\$PATH PYSPARK_PYTHON=$(q "$SPY")$(q "$(dirname "$SPY")/spark-submit") --master 'local[2]' --conf spark.ui.enabled=false $(q "$ROOT/scripts/spark/extract.py") --newsgraph $(q "$NG") $(q "$WORK/corpus.jsonl") -o $(q "$WORK/spark.json")"
        cmp -s "$WORK/one.json" "$WORK/spark.json" && same=identical || same=DIFFERENT
        echo "-- Spark: scripts/spark/extract.py on local[2] vs one newsgraph extract (the corpus as JSON Lines; outputs $same)"
        row spark_one "newsgraph extract (2 threads)" "$CORPUS_MB" "$DOCS"
        row spark_local "spark-submit --master local[2]" "$CORPUS_MB" "$DOCS"
        echo "Spark local[2] costs $(ratio spark_local spark_one)x the time of one process"
    else
        echo "-- Spark: skipped (no Java or no pyspark in $SPY)"
    fi
    echo
fi

# ---- generated graph -----------------------------------------------------------
if want graph && ((EDGES > 0)); then
    "$GEN" "$NODES" "$EDGES" "$WORK/gen.json" 2>/dev/null
    echo "-- exports of a generated graph: $NODES nodes, $EDGES edges ($(awk -v b="$(wc -c <"$WORK/gen.json")" 'BEGIN{printf "%.0f", b/1e6}') MB node-link); 1 run each, python capped at ${PY_TIMEOUT} s and ${PY_MEM_GB} GB"
    exports gen "$WORK/gen.json" 1 "$PY_TIMEOUT"
fi
