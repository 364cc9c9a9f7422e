#!/usr/bin/env python3
"""Extraction quality on both development sets, against committed floors.

    scripts/quality.py [--newsgraph PATH] [--verbose] [--out DIR]

Runs `newsgraph extract` on the seed articles (../shared/seeds) and on the
annotated corpus set (its texts written by ../shared/eval/prepare_corpus.py),
scores both with the shared scorer (../shared/eval/score.py, unchanged) and
prints one line per set and kind. Exits 1 when any figure falls below its floor
in scripts/quality_floors.json: raise the floors as the extractor gets better,
never lower them to make a change pass. The shared folder is $NEWSGRAPH_SHARED,
else ../shared beside the repository.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.environ.get("NEWSGRAPH_SHARED", os.path.join(ROOT, "..", "shared"))
EVAL = os.path.join(SHARED, "eval")


def score(pred, gold, actors, verbose):
    base = [sys.executable, os.path.join(EVAL, "score.py"), "--pred", pred,
            "--gold", gold, "--actors", actors]
    if verbose:
        subprocess.run(base + ["--verbose"], check=True)
    out = subprocess.run(base + ["--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--newsgraph", default=os.path.join(ROOT, "target", "release", "newsgraph"))
    ap.add_argument("--verbose", action="store_true", help="list every miss and false alarm")
    ap.add_argument("--out", help="keep the graphs in this folder")
    args = ap.parse_args()
    floors = json.load(open(os.path.join(HERE, "quality_floors.json"), encoding="utf-8"))
    out = args.out or tempfile.mkdtemp(prefix="newsgraph-quality-")
    os.makedirs(out, exist_ok=True)
    texts = os.path.join(out, "corpus-set")
    subprocess.run([sys.executable, os.path.join(EVAL, "prepare_corpus.py"), texts],
                   check=True, stdout=subprocess.DEVNULL)
    sets = {
        "seeds": ([os.path.join(SHARED, "seeds")], os.path.join(EVAL, "gold"),
                  os.path.join(EVAL, "actors.json")),
        "corpus": (sorted(os.path.join(texts, f) for f in os.listdir(texts)),
                   os.path.join(EVAL, "corpus-gold"), os.path.join(EVAL, "corpus-actors.json")),
    }
    failed = []
    for name, (inputs, gold, actors) in sets.items():
        pred = os.path.join(out, f"{name}.json")
        subprocess.run([args.newsgraph, "extract", *inputs, "-o", pred, "-q"], check=True)
        rep = score(pred, gold, actors, args.verbose)
        for kind in ("actors", "relations"):
            m = rep[kind]
            line = (f"{name} {kind}: P={m['precision']:.3f} R={m['recall']:.3f} "
                    f"F1={m['f1']:.3f} (tp={m['tp']} fp={m['fp']} fn={m['fn']})")
            low = [f"{k} {m[k]:.3f} < {v:.3f}"
                   for k, v in floors.get(name, {}).get(kind, {}).items() if m[k] < v]
            print(line + ("   BELOW FLOOR: " + ", ".join(low) if low else ""))
            failed += [f"{name} {kind} {x}" for x in low]
    if failed:
        print("quality: below the floors in scripts/quality_floors.json: " + "; ".join(failed))
        sys.exit(1)
    print("quality: every figure at or above its floor")


if __name__ == "__main__":
    main()
