#!/usr/bin/env python3
"""Open a newsgraph HTML page in headless Chromium and check what a user sees.

    check_html.py PAGE.html [--graph GRAPH.json] [--query مصر] [--screenshot OUT.png]

Loads the page from disk with its self-test (`PAGE.html#selftest=QUERY`, see
src/export/html/page.js), dumps the DOM and reads the self-test's JSON:

- html-selftest: the script ran and reported no error (JavaScript errors,
  console.error, blocked requests: the page's Content-Security-Policy refuses
  every request, and the page records each refusal);
- html-network: Chromium's NetLog shows no request started by the page (the
  browser's own background requests have no page origin and are left aside;
  every host resolves to nothing and the proxy is a closed port on loopback,
  so no request can leave the machine anyway);
- html-counts: every node and every edge of the graph was drawn (the counts of
  GRAPH.json, the node-link output of the same run, when given);
- html-search: the search box finds an actor named QUERY (default مصر);
- html-evidence: clicking an edge with evidence shows its sentence with the
  trigger words marked.

Prints one `OK name: ...` or `FAIL name: ...` line per check (the format of
scripts/conformance.sh) and exits 1 when any check failed. --screenshot also
saves a PNG of the page as it opens (1400x900). Uses only the standard library.
"""

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

FAILED = 0


def ok(name, msg):
    print(f"OK {name}: {msg}", flush=True)


def fail(name, msg):
    global FAILED
    FAILED += 1
    print(f"FAIL {name}: {msg}", flush=True)


def chromium_binary(given):
    for name in [given, os.environ.get("CHROMIUM"), "chromium", "chromium-browser"]:
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def base_args(binary, profile):
    return [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        # nothing resolves, and any request goes to a closed port on loopback
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=127.0.0.1:9",
        f"--user-data-dir={profile}",
        "--window-size=1400,900",
    ]


def page_requests(netlog):
    """URLs of the requests the page (not the browser) started."""
    try:
        data = json.loads(Path(netlog).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        # Chromium may end the log without closing the JSON
        text = Path(netlog).read_text(encoding="utf-8", errors="replace").rstrip().rstrip(",")
        data = json.loads(text + "]}")
    names = {v: k for k, v in data["constants"]["logEventTypes"].items()}
    out = []
    for e in data.get("events", []):
        if names.get(e.get("type")) != "URL_REQUEST_START_JOB":
            continue
        p = e.get("params", {})
        if p.get("initiator", "not an origin") != "not an origin":
            out.append(p.get("url", "?"))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("page")
    ap.add_argument("--graph", help="the node-link JSON of the same graph")
    ap.add_argument("--query", default="مصر")
    ap.add_argument("--screenshot")
    ap.add_argument("--chromium")
    ap.add_argument("--timeout", type=float, default=180)
    a = ap.parse_args()

    binary = chromium_binary(a.chromium)
    if binary is None:
        fail("html-chromium", "no chromium on PATH (apt-get install chromium)")
        return 1
    page = Path(a.page).resolve()
    url = page.as_uri() + "#selftest=" + urllib.parse.quote(a.query)
    with tempfile.TemporaryDirectory() as tmp:
        netlog = os.path.join(tmp, "net.json")
        args = base_args(binary, os.path.join(tmp, "profile")) + [
            f"--log-net-log={netlog}",
            "--dump-dom",
            url,
        ]
        try:
            run = subprocess.run(args, capture_output=True, timeout=a.timeout)
        except subprocess.TimeoutExpired:
            fail("html-selftest", f"chromium did not finish in {a.timeout:.0f} s")
            return 1
        dom = run.stdout.decode("utf-8", errors="replace")
        m = re.search(r'<pre id="ng-selftest">(.*?)</pre>', dom, re.S)
        if not m or not m.group(1).strip():
            tail = run.stderr.decode("utf-8", errors="replace")[-800:]
            fail("html-selftest", f"the page's script did not run (exit {run.returncode}): {tail}")
            return 1
        st = json.loads(html.unescape(m.group(1)))
        if st["errors"]:
            fail("html-selftest", f"errors in the page: {st['errors'][:5]}")
        else:
            ok("html-selftest", f"script ran without error, ready in {st.get('readyMs', '?')} ms")

        if not os.path.exists(netlog):
            fail("html-network", "chromium wrote no NetLog")
        else:
            requests = page_requests(netlog)
            if requests:
                fail("html-network", f"the page made {len(requests)} request(s): {requests[:5]}")
            else:
                ok("html-network", "no request made by the page")

        want_nodes, want_edges = st["nodes"], st["edges"]
        if a.graph:
            g = json.loads(Path(a.graph).read_text(encoding="utf-8"))
            want_nodes, want_edges = len(g["nodes"]), len(g["links"])
        got = (st["drawnNodes"], st["drawnEdges"])
        if got == (want_nodes, want_edges) and (st["nodes"], st["edges"]) == got:
            ok("html-counts", f"{got[0]} nodes and {got[1]} edges drawn")
        else:
            fail(
                "html-counts",
                f"drawn {got}, page holds {(st['nodes'], st['edges'])}, graph has {(want_nodes, want_edges)}",
            )

        found = st["found"]
        if any(a.query in (f.get("ar"), f.get("en")) for f in found):
            first = found[0]
            ok("html-search", f"{a.query!r} finds {first['id']} ({first.get('ar')}), {len(found)} results")
        else:
            fail("html-search", f"{a.query!r} found {found[:5]}")

        if want_edges == 0 or st["evidenceMarks"] > 0:
            ok("html-evidence", f"{st['evidenceMarks']} trigger(s) marked in an edge's evidence")
        else:
            fail("html-evidence", "no trigger word marked in the evidence of an edge")

        if a.screenshot:
            shot = Path(a.screenshot).resolve()
            args = base_args(binary, os.path.join(tmp, "profile2")) + [
                f"--screenshot={shot}",
                page.as_uri(),
            ]
            run = subprocess.run(args, capture_output=True, timeout=a.timeout)
            if shot.exists() and shot.stat().st_size > 0:
                ok("html-screenshot", f"{shot} ({shot.stat().st_size} bytes)")
            else:
                fail("html-screenshot", f"no screenshot (exit {run.returncode})")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
