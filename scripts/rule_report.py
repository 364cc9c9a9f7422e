#!/usr/bin/env python3
"""Per extraction rule: how often it fired and how many of its edges are gold, optional or false.

    scripts/rule_report.py [--newsgraph PATH] [--set seeds|corpus|both] [--json] [--verbose] [--out DIR]

Runs `newsgraph extract` on the two development sets as scripts/quality.py does
(the seed articles in ../shared/seeds; the annotated corpus set, its texts
written by ../shared/eval/prepare_corpus.py) and reads the rule that every
evidence record names. Each (document, edge, rule) is one firing: the edge's
source and target are mapped to gold keys the way the shared scorer
(../shared/eval/score.py, imported unchanged at run time) maps them, and the
triple is "gold" when it is in that document's gold relations, "optional" when
it is in its optional relations, else "false" ("unk" counts the false ones with
an actor that maps to no gold key). An edge that several rules give counts once
for each, so the gold column summed over rules can exceed the scorer's tp.
Links the scorer skips (derived, relation types it does not score, place or
media endpoints, documents without gold) are fired but not scored. Precision is
gold / (gold + false). --verbose lists every false edge under its rule with its
document and evidence sentence. The shared folder is $NEWSGRAPH_SHARED, else
../shared beside the repository.
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.environ.get("NEWSGRAPH_SHARED", os.path.join(ROOT, "..", "shared"))
EVAL = os.path.join(SHARED, "eval")
KINDS = ("gold", "optional", "false")


def load_scorer():
    """The shared scorer, imported from its file (scripts/score.py would shadow `import score`)."""
    path = os.path.join(EVAL, "score.py")
    spec = importlib.util.spec_from_file_location("shared_eval_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def sets_to_run(which, texts):
    sets = {
        "seeds": (lambda: [os.path.join(SHARED, "seeds")], os.path.join(EVAL, "gold"),
                  os.path.join(EVAL, "actors.json")),
        "corpus": (lambda: sorted(os.path.join(texts, f) for f in os.listdir(texts)),
                   os.path.join(EVAL, "corpus-gold"), os.path.join(EVAL, "corpus-actors.json")),
    }
    return {k: v for k, v in sets.items() if which in (k, "both")}


def classify(sc, pred, gold, reg):
    """Every (document, edge, rule) firing of the prediction, classified as score.score() would."""
    nodes = {str(n["id"]): n for n in pred.get("nodes", [])}
    links = pred.get("links", pred.get("edges", []))
    cands, skip = {}, set()
    for nid, n in nodes.items():
        cands[nid] = reg.candidates(n)
        if (str(n.get("type", "")).lower() in sc.IGNORED_NODE_TYPES
                or reg.ignored(next(iter(cands[nid]), None))):
            skip.add(nid)

    def mapped(nid, d):
        keys = cands[nid]
        g = gold.get(d)
        if g:
            for key in keys:
                if key in g["actors"] or key in g["optional_actors"]:
                    return key
        return keys[0] if keys else "?" + nid

    firings = []
    for l in links:
        s, t, r = str(l.get("source")), str(l.get("target")), l.get("relation")
        if l.get("derived"):
            why = "derived"
        elif r not in sc.RELATIONS:
            why = "relation not scored"
        elif s not in cands or t not in cands:
            why = "endpoint not a node"
        elif s in skip or t in skip:
            why = "place or media endpoint"
        else:
            why = None
        # (document, rule) -> the document's name as written and the first evidence text
        seen = {}
        for e in l.get("evidence", []):
            if not isinstance(e, dict):
                continue
            key = (sc.doc_key(e.get("document", "")), e.get("rule") or "?")
            if key not in seen:
                seen[key] = (str(e.get("document", "")), e.get("text") or "")
        for dname in l.get("documents", []):  # the scorer reads these too; no rule names them
            d = sc.doc_key(dname)
            if not any(k[0] == d for k in seen):
                seen[(d, "?")] = (str(dname), "")
        for (d, rule), (dname, text) in sorted(seen.items()):
            f = {"rule": rule, "document": dname, "relation": r, "text": text[:200]}
            if why is None and d not in gold:
                f["kind"], f["why"] = "unscored", "document without gold"
            elif why is not None:
                f["kind"], f["why"] = "unscored", why
            else:
                triple = sc.canon(mapped(s, d), r, mapped(t, d))
                g = gold[d]
                if triple in g["relations"]:
                    f["kind"] = "gold"
                elif triple in g["optional_relations"]:
                    f["kind"] = "optional"
                else:
                    f["kind"] = "false"
                    f["unknown"] = triple[0].startswith("?") or triple[2].startswith("?")
                f["triple"] = list(triple)
            firings.append(f)
    return firings


def tally(firings):
    rows = defaultdict(lambda: {"fired": 0, "gold": 0, "optional": 0, "false": 0,
                                "unknown": 0, "unscored": 0})
    for f in firings:
        row = rows[f["rule"]]
        row["fired"] += 1
        row[f["kind"]] += 1
        row["unknown"] += bool(f.get("unknown"))
    total = {k: sum(r[k] for r in rows.values()) for k in
             ("fired", "gold", "optional", "false", "unknown", "unscored")}
    for row in list(rows.values()) + [total]:
        n = row["gold"] + row["false"]
        row["precision"] = round(row["gold"] / n, 3) if n else None
    return dict(sorted(rows.items())), total


def fmt_p(p):
    return "-" if p is None else f"{p:.3f}"


def print_table(results):
    names = list(results)
    rules = sorted({r for res in results.values() for r in res["rules"]})
    width = max([len("rule"), len("total")] + [len(r) for r in rules])
    cols = ("fired", "gold", "opt", "false", "unk", "P")
    cw = (5, 4, 4, 5, 3, 5)

    def cells(row):
        if row is None:
            return [""] * len(cols)
        return [str(row["fired"]), str(row["gold"]), str(row["optional"]), str(row["false"]),
                str(row["unknown"]), fmt_p(row["precision"])]

    def line(label, groups):
        parts = [label.ljust(width)]
        for g in groups:
            parts.append("  ".join(c.rjust(w) for c, w in zip(g, cw)))
        return "   ".join(parts).rstrip()

    group_w = sum(cw) + 2 * (len(cw) - 1)
    print((" " * width + "   " + "   ".join(n.center(group_w) for n in names)).rstrip())
    print(line("rule", [list(cols) for _ in names]))
    for r in rules:
        print(line(r, [cells(results[n]["rules"].get(r)) for n in names]))
    print(line("total", [cells(results[n]["total"]) for n in names]))
    for n in names:
        res = results[n]
        sr = res["scorer"]
        print(f"{n}: scorer relations tp={sr['tp']} fp={sr['fp']} fn={sr['fn']} "
              f"P={sr['precision']:.3f} (unique triples per document; the table counts each rule)")
        if res["total"]["unscored"]:
            why = defaultdict(int)
            for f in res["firings"]:
                if f["kind"] == "unscored":
                    why[f["why"]] += 1
            print(f"{n}: {res['total']['unscored']} firings not scored (fired, but neither gold, "
                  "optional nor false): " + ", ".join(f"{k} {v}" for k, v in sorted(why.items())))


def print_false(results):
    by_rule = defaultdict(list)
    for n, res in results.items():
        for f in res["firings"]:
            if f["kind"] == "false":
                by_rule[f["rule"]].append((n, f))
    for rule in sorted(by_rule):
        print(f"\n== {rule}: {len(by_rule[rule])} false")
        for n, f in by_rule[rule]:
            s, r, o = f["triple"]
            unk = "  (unknown actor)" if f.get("unknown") else ""
            print(f"  [{n}] {f['document']}: {s} {r} {o}{unk}")
            if f["text"]:
                print(f"      {f['text']}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--newsgraph", default=os.path.join(ROOT, "target", "release", "newsgraph"))
    ap.add_argument("--set", choices=("seeds", "corpus", "both"), default="both",
                    help="development set(s) to measure (default both)")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--verbose", action="store_true",
                    help="list every false edge under its rule with its document and sentence")
    ap.add_argument("--out", help="keep the graphs in this folder")
    args = ap.parse_args()
    if not os.path.isfile(args.newsgraph) or not os.access(args.newsgraph, os.X_OK):
        sys.exit(f"rule_report: no newsgraph binary at {args.newsgraph} "
                 "(cargo build --release, or --newsgraph PATH)")
    sc = load_scorer()
    tmp = None
    if args.out:
        out = args.out
        os.makedirs(out, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="newsgraph-rules-")
        out = tmp.name
    texts = os.path.join(out, "corpus-set")
    if args.set in ("corpus", "both"):
        subprocess.run([sys.executable, os.path.join(EVAL, "prepare_corpus.py"), texts],
                       check=True, stdout=subprocess.DEVNULL)
    results = {}
    for name, (inputs, gold_dir, actors) in sets_to_run(args.set, texts).items():
        pred_path = os.path.join(out, f"{name}.json")
        subprocess.run([args.newsgraph, "extract", *inputs(), "-o", pred_path, "-q"], check=True)
        pred = json.load(open(pred_path, encoding="utf-8"))
        gold = sc.load_gold(gold_dir)
        reg = sc.Registry(json.load(open(actors, encoding="utf-8")))
        firings = classify(sc, pred, gold, reg)
        rules, total = tally(firings)
        results[name] = {"rules": rules, "total": total,
                         "scorer": sc.score(pred, gold, reg)["relations"], "firings": firings}
    if tmp:
        tmp.cleanup()
    if args.json:
        rep = {}
        for n, res in results.items():
            rep[n] = {"rules": res["rules"], "total": res["total"], "scorer": res["scorer"]}
            if args.verbose:
                rep[n]["false"] = [f for f in res["firings"] if f["kind"] == "false"]
        json.dump(rep, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return
    print_table(results)
    if args.verbose:
        print_false(results)


if __name__ == "__main__":
    main()
