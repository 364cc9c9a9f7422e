"""newsgraph on Apache Spark: the same extraction as `newsgraph extract`, on a
cluster.

    spark-submit [--master URL] scripts/spark/extract.py [--newsgraph PATH]
        [--partitions N] [--table NAME] [--lexicon FILE ...] INPUT... -o OUT [-o OUT2 ...]
        [-- EXTRACT OPTIONS]

Inputs and outputs mean what they mean to `newsgraph extract`: files and
directories of text articles, JSON arrays and JSON Lines (local paths, or any
URI Spark reads: hdfs://, s3a://, file://), and with --table a Spark table or
view of article rows (the fields `extract` reads: content/text/body, title,
date, id/guid/url, source). Outputs take their format from the extension
(.json .graphml .gexf .jsonld .nq).

How it runs:
1. The articles are cut into partitions: a text or JSON file is a unit (read
   whole, so that every id, offset and skip is what `extract` gives it); a
   JSON Lines file line by line, each line with its number (a record's
   source, fallback id FILE#INDEX and skips are what `extract` gives it), a
   table row by row (the table's name as source and file).
2. Each partition goes through `newsgraph extract` on an executor (the binary
   and the --lexicon files are shipped with SparkContext.addFile), giving a
   partial node-link graph.
3. The partial graphs are combined by a tree reduce with `newsgraph merge`.
4. The driver writes the result with `newsgraph convert`.

For articles with distinct ids the result is byte-identical to one `newsgraph
extract` over the same articles (the law `merge` keeps). EXTRACT OPTIONS after
`--` are given to every `newsgraph extract` (e.g. -- --sectors --max-evidence 50).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

JSONL = (".jsonl", ".ndjson")
ID_FIELDS = ("id", "guid", "url", "link")


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="extract.py",
        description="newsgraph extract on Apache Spark (see the module's help).",
    )
    p.add_argument("inputs", nargs="*", help="files, directories or URIs of articles")
    p.add_argument("-o", "--output", action="append", required=True, help="output file (repeatable)")
    p.add_argument("--format", help="output format, with a single output")
    p.add_argument("--newsgraph", default=shutil.which("newsgraph") or "newsgraph",
                   help="the newsgraph binary to ship to the executors (default: on PATH)")
    p.add_argument("--partitions", type=int, help="partitions (default: twice the default parallelism)")
    p.add_argument("--table", action="append", default=[], help="a Spark table or view of articles")
    p.add_argument("--lexicon", action="append", default=[], help="extra lexicon file (shipped)")
    p.add_argument("--id-field", help="JSON field holding the document id")
    p.add_argument("--keep-temp", action="store_true", help=argparse.SUPPRESS)
    if "--" in argv:
        at = argv.index("--")
        args, extra = p.parse_args(argv[:at]), argv[at + 1:]
    else:
        args, extra = p.parse_args(argv), []
    if not args.inputs and not args.table:
        p.error("no input given")
    args.extract = extra
    return args


def local_files(path):
    """The files `extract` reads under a local path, as it names them."""
    if os.path.isdir(path):
        out = []
        for name in sorted(os.listdir(path)):
            if not name.startswith("."):
                out.extend(local_files(os.path.join(path, name)))
        return out
    return [path]


def has_scheme(path):
    return "://" in path or path.startswith("file:")


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr.strip()}")
    return r


def as_record(line, source, index, id_field):
    """A JSON Lines line (0-based `index` in its file) as `extract` reads it
    from its file: its source is the file unless it names one, and its
    fallback id is FILE#INDEX. A line that is not a JSON object goes as it is
    (`extract` skips it, with the reason)."""
    try:
        rec = json.loads(line)
    except ValueError:
        return line
    if not isinstance(rec, dict):
        return line
    if not any(isinstance(rec.get(f), str) for f in ("source", "publisher")):
        rec["source"] = source
    named = (id_field,) if id_field else ("id", "guid")
    if not any(isinstance(rec.get(f), str) for f in named + ("url", "link")):
        base = os.path.basename(source.rstrip("/")) or source
        rec[id_field or "id"] = f"{base}#{index}"
    return json.dumps(rec, ensure_ascii=False)


def extract_partition(units, ng, lexicons, extract_args, id_field):
    """One partition through `newsgraph extract`: whole files keep their
    names, records go in one JSON Lines file; the partial graph's sources
    are put back to the original paths."""
    from pyspark import SparkFiles

    ng = SparkFiles.get(ng)
    os.chmod(ng, 0o755)
    units = list(units)
    if not units:
        return
    work = tempfile.mkdtemp(prefix="newsgraph-part-")
    try:
        paths, back, records, lines = [], {}, [], []
        for i, (kind, source, payload) in enumerate(units):
            if kind == "file":
                d = os.path.join(work, str(i))
                os.mkdir(d)
                p = os.path.join(d, os.path.basename(source.rstrip("/")) or "article")
                with open(p, "wb") as f:
                    f.write(payload)
                paths.append(p)
                back[p] = source
            else:
                text, line = payload
                records.append(text)
                lines.append(f"{source}:{line}")
        rec_path = os.path.join(work, "records.jsonl")
        if records:
            p = rec_path
            with open(p, "w", encoding="utf-8") as f:
                f.write("\n".join(records) + "\n")
            paths.append(p)
        out = os.path.join(work, "part.json")
        cmd = [ng, "extract", *paths, "-o", out, "-q", "--threads", "1"]
        for lex in lexicons:
            cmd += ["--lexicon", SparkFiles.get(lex)]
        run(cmd + list(extract_args))
        with open(out, encoding="utf-8") as f:
            g = json.load(f)
        for doc in g["graph"]["documents"]:
            if doc.get("source") in back:
                doc["source"] = back[doc["source"]]
        for s in g["graph"]["skipped"]:
            if s["input"].startswith(rec_path + ":"):
                n = int(s["input"][len(rec_path) + 1:])
                s["input"] = lines[n - 1]
                continue
            for tmp, orig in back.items():
                if s["input"] == tmp or s["input"].startswith(tmp + ":") or s["input"].startswith(tmp + "#"):
                    s["input"] = orig + s["input"][len(tmp):]
        yield json.dumps(g, ensure_ascii=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def merge_two(a, b, ng):
    """Two partial graphs through `newsgraph merge`."""
    from pyspark import SparkFiles

    ng = SparkFiles.get(ng)
    os.chmod(ng, 0o755)
    work = tempfile.mkdtemp(prefix="newsgraph-merge-")
    try:
        pa, pb, out = (os.path.join(work, n) for n in ("a.json", "b.json", "m.json"))
        for p, text in ((pa, a), (pb, b)):
            with open(p, "w", encoding="utf-8") as f:
                f.write(text)
        run([ng, "merge", pa, pb, "-o", out, "-q", "--threads", "1"])
        with open(out, encoding="utf-8") as f:
            return f.read()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv):
    args = parse_args(argv)
    from pyspark.sql import SparkSession

    ng_path = os.path.abspath(args.newsgraph) if os.path.exists(args.newsgraph) else args.newsgraph
    if not os.path.exists(ng_path):
        sys.exit(f"extract.py: error: newsgraph binary {args.newsgraph!r} not found (use --newsgraph PATH)")
    spark = SparkSession.builder.appName("newsgraph extract").getOrCreate()
    sc = spark.sparkContext
    sc.addFile(ng_path)
    ng = os.path.basename(ng_path)
    lexicons = []
    for lex in args.lexicon:
        sc.addFile(os.path.abspath(lex))
        lexicons.append(os.path.basename(lex))
    id_field = args.id_field
    extract_args = list(args.extract)
    if id_field:
        extract_args += ["--id-field", id_field]

    parts = []
    whole, lines = [], []
    for inp in args.inputs:
        if has_scheme(inp):
            (lines if inp.lower().endswith(JSONL) else whole).append(inp)
            continue
        if not os.path.exists(inp):
            sys.exit(f"extract.py: error: {inp}: No such file or directory")
        for f in local_files(inp):
            (lines if f.lower().endswith(JSONL) else whole).append(f)
    local_whole = [f for f in whole if not has_scheme(f)]
    if local_whole:
        def read_whole(path):
            with open(path, "rb") as fh:
                return ("file", path, fh.read())
        parts.append(sc.parallelize(local_whole, max(1, min(len(local_whole), sc.defaultParallelism * 4)))
                     .map(read_whole))
    for uri in (f for f in whole if has_scheme(f)):
        parts.append(sc.binaryFiles(uri).map(lambda kv: ("file", kv[0], kv[1])))
    for f in lines:
        uri = f if has_scheme(f) else "file://" + os.path.abspath(f)
        # each line with its 0-based number in the file, as `extract` counts
        rdd = sc.textFile(uri).zipWithIndex().filter(lambda li: li[0].strip())
        parts.append(rdd.map(lambda li, f=f: (
            "record", f, (as_record(li[0], f, li[1], id_field), li[1] + 1))))
    for table in args.table:
        rows = spark.table(table).toJSON().zipWithIndex()
        parts.append(rows.map(lambda li, t=table: (
            "record", t, (as_record(li[0], t, li[1], id_field), li[1] + 1))))
    if not parts:
        sys.exit("extract.py: error: no articles in the inputs")
    units = parts[0] if len(parts) == 1 else sc.union(parts)
    n = args.partitions or max(2, sc.defaultParallelism * 2)
    graphs = units.repartition(n).mapPartitions(
        lambda it: extract_partition(it, ng, lexicons, extract_args, id_field))
    graph = graphs.treeReduce(lambda a, b: merge_two(a, b, ng), depth=2)

    work = tempfile.mkdtemp(prefix="newsgraph-driver-")
    try:
        final = os.path.join(work, "graph.json")
        with open(final, "w", encoding="utf-8") as f:
            f.write(graph)
        cmd = [ng_path, "convert", final, "-q"]
        for o in args.output:
            cmd += ["-o", o]
        if args.format:
            cmd += ["--format", args.format]
        run(cmd)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
