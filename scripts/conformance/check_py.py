#!/usr/bin/env python3
"""Load one newsgraph output set with independent Python readers and compare counts.

Usage: check_py.py PREFIX [--shapes FILE]

PREFIX is a path without extension: PREFIX.json (node-link), PREFIX.graphml,
PREFIX.gexf, PREFIX.jsonld and PREFIX.nq are read. Every check prints one line,
`OK name: ...` or `FAIL name: ...`; the exit status is 1 when any check failed.

Graph checks. The node-link JSON is the reference: its `nodes` array gives the
expected node count and its `links` array the expected edge count. The graph is
a directed multigraph, so every reader must keep parallel edges:
  - networkx read_graphml returns a MultiDiGraph as soon as two edges share a
    (source, target) pair and uses the GraphML edge `id` as the edge key, so
    parallel edges stay distinct (two edges with the same id between the same
    pair would collapse: a real defect, reported as a count mismatch);
  - networkx read_gexf (networkx reads GEXF 1.3 from 3.6 on) builds a
    MultiDiGraph keyed by the GEXF edge `id`; it ignores `kind`, so two edges of
    different kind between one pair stay two edges because their ids differ. An
    edge of type "mutual" is added in both directions by networkx, so its
    expected count is the number of <edge> elements plus the number of mutual
    ones; the number of <edge> elements itself must equal the number of links;
  - python-igraph Read_GraphML keeps every <edge> (igraph graphs are multigraphs).
RDF checks. rdflib, PyLD and pyoxigraph read the JSON-LD, rdflib and pyoxigraph
read the N-Quads; each count is the number of distinct quads (blank node labels
are stable within one parse). All counts must agree. No check may touch the
network: sockets are disabled in this process and PyLD gets a document loader
that refuses every URL, so a remote @context fails loudly.
SHACL. pyshacl validates the union of all graphs of the JSON-LD dataset against
schema/shapes.ttl of the repository (skipped with a WARNING when it is absent).
"""
import argparse
import collections
import json
import os
import socket
import sys
import time
import traceback
import xml.etree.ElementTree as ET


# --- no network, whatever a library tries ------------------------------------
def _refuse(*args, **kwargs):
    raise OSError("network access is disabled in the conformance checks")


socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse

FAILED = []
TIMES = {}


def ok(name, msg):
    print(f"OK {name}: {msg}", flush=True)


def fail(name, msg):
    FAILED.append(name)
    print(f"FAIL {name}: {msg}", flush=True)


def describe(e):
    """The exception's first line, and its root cause's when it has one."""
    def line(x):
        text = str(x.args[0]) if len(x.args) == 1 else str(x)
        return f"{type(x).__name__}: {text}".splitlines()[0] if text else type(x).__name__
    root = e
    while root.__cause__ is not None or root.__context__ is not None:
        root = root.__cause__ or root.__context__
    return line(e) if root is e else f"{line(e)} <- {line(root)}"


class Missing(Exception):
    """An input file is absent or empty (reported without a traceback)."""


def attempt(name, fn):
    """Run fn; an exception is a FAIL with its last line (and the trace on stderr)."""
    t = time.monotonic()
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 - any reader error is a failure
        if not isinstance(e, Missing):
            traceback.print_exc(file=sys.stderr)
        fail(name, describe(e)[:600])
        return None
    finally:
        TIMES[name] = time.monotonic() - t


def need(path):
    if not os.path.isfile(path):
        raise Missing(f"{path} does not exist")
    if os.path.getsize(path) == 0:
        raise Missing(f"{path} is empty")
    return path


def compare_graph(name, got, expected, note=""):
    nodes, edges = got
    if expected is None:
        fail(name, f"nodes={nodes} edges={edges} but the node-link JSON gave no reference counts")
        return
    en, ee = expected
    if (nodes, edges) == (en, ee):
        ok(name, f"nodes={nodes} edges={edges}{note}")
    else:
        fail(name, f"nodes={nodes} edges={edges}{note}, expected nodes={en} edges={ee}")


# --- graphs ------------------------------------------------------------------
def nodelink_reference(prefix):
    import networkx as nx
    from networkx.readwrite import json_graph

    with open(need(prefix + ".json"), encoding="utf-8") as f:
        data = json.load(f)
    links_key = "links" if "links" in data else "edges"
    n_nodes, n_links = len(data["nodes"]), len(data[links_key])
    try:  # networkx >= 3.4
        g = json_graph.node_link_graph(data, edges=links_key)
    except TypeError:  # older networkx spells it link=
        g = json_graph.node_link_graph(data, link=links_key)
    name = "networkx-nodelink"
    if n_nodes == 0 or n_links == 0:
        fail(name, f"empty graph: {n_nodes} nodes and {n_links} {links_key}, so the other formats "
                   "are checked on nothing")
    elif not isinstance(g, nx.MultiDiGraph):
        fail(name, f"read as {type(g).__name__}, expected MultiDiGraph (directed and multigraph must be true)")
    elif (g.number_of_nodes(), g.number_of_edges()) != (n_nodes, n_links):
        fail(name, f"nodes={g.number_of_nodes()} edges={g.number_of_edges()}, but the file has "
                   f"{n_nodes} nodes and {n_links} {links_key} (duplicate ids or keys, or dangling endpoints)")
    else:
        ok(name, f"nodes={n_nodes} edges={n_links}")
    return n_nodes, n_links


def graphml_networkx(prefix):
    import networkx as nx

    try:
        g = nx.read_graphml(need(prefix + ".graphml"), force_multigraph=True)
    except TypeError:
        g = nx.read_graphml(prefix + ".graphml")
    if not g.is_directed():
        raise ValueError("read as an undirected graph (edgedefault must be directed)")
    return g.number_of_nodes(), g.number_of_edges()


def graphml_igraph(prefix):
    import igraph as ig

    g = ig.Graph.Read_GraphML(need(prefix + ".graphml"))
    if not g.is_directed():
        raise ValueError("read as an undirected graph (edgedefault must be directed)")
    return g.vcount(), g.ecount()


def gexf_networkx(prefix):
    import networkx as nx
    from networkx.readwrite.gexf import GEXFReader

    path = need(prefix + ".gexf")
    if "1.3" not in getattr(GEXFReader, "versions", {}):
        raise RuntimeError(f"networkx {nx.__version__} cannot read GEXF 1.3 (networkx >= 3.6 can)")
    # Count the raw <edge> elements (any namespace) and the mutual ones.
    raw = mutual = 0
    for _, el in ET.iterparse(path):
        if el.tag.rsplit("}", 1)[-1] == "edge":
            raw += 1
            mutual += el.get("type") == "mutual"
    g = nx.read_gexf(path, version="1.3")
    if not g.is_directed():
        raise ValueError("read as an undirected graph (defaultedgetype must be directed)")
    return g.number_of_nodes(), g.number_of_edges(), raw, mutual


def layout_networkx(prefix):
    """Every node read with the layout: x, y, size, r, g, b, community from the
    GraphML (typed), and a viz position, colour and size from the GEXF."""
    import networkx as nx

    g = nx.read_graphml(need(prefix + ".graphml"))
    for n, d in g.nodes(data=True):
        for k, t in [("x", float), ("y", float), ("size", float), ("r", int), ("g", int),
                     ("b", int), ("community", int)]:
            if not isinstance(d.get(k), t):
                raise ValueError(f"GraphML node {n}: {k} = {d.get(k)!r}, not {t.__name__}")
    x = nx.read_gexf(need(prefix + ".gexf"), version="1.3")
    for n, d in x.nodes(data=True):
        viz = d.get("viz", {})
        if not {"position", "color", "size"} <= set(viz):
            raise ValueError(f"GEXF node {n}: viz {viz!r}")
    return g.number_of_nodes()


def check_graphs(prefix):
    got = attempt("networkx-layout", lambda: layout_networkx(prefix))
    if got is not None:
        ok("networkx-layout", f"{got} nodes with position, size, colour and community in GraphML and GEXF")
    ref = attempt("networkx-nodelink", lambda: nodelink_reference(prefix))
    got = attempt("networkx-graphml", lambda: graphml_networkx(prefix))
    if got:
        compare_graph("networkx-graphml", got, ref)
    got = attempt("igraph-graphml", lambda: graphml_igraph(prefix))
    if got:
        compare_graph("igraph-graphml", got, ref)
    got = attempt("networkx-gexf", lambda: gexf_networkx(prefix))
    if got:
        nodes, edges, raw, mutual = got
        if ref is not None and raw != ref[1]:
            fail("networkx-gexf", f"the file has {raw} <edge> elements, expected {ref[1]} (one per link)")
        elif mutual:
            exp = None if ref is None else (ref[0], ref[1] + mutual)
            compare_graph("networkx-gexf", (nodes, edges), exp,
                          f" ({mutual} mutual edges counted in both directions)")
        else:
            compare_graph("networkx-gexf", (nodes, edges), ref)


# --- RDF ---------------------------------------------------------------------
def refuse_loader(url, options=None):
    from pyld.jsonld import JsonLdError

    raise JsonLdError(f"remote document {url} refused: contexts must be embedded (no network)",
                      "jsonld.LoadDocumentError", {"url": url}, code="loading document failed")


PARSED = {}  # path -> rdflib Dataset, reused by the SHACL check


def rdflib_dataset(path, fmt):
    import rdflib

    if path not in PARSED:
        ds = rdflib.Dataset()
        ds.parse(need(path), format=fmt)
        PARSED[path] = ds
    return PARSED[path]


def rdflib_count(path, fmt):
    return len(set(rdflib_dataset(path, fmt).quads((None, None, None, None))))


def pyld_count(path):
    from pyld import jsonld

    jsonld.set_document_loader(refuse_loader)
    with open(need(path), encoding="utf-8") as f:
        doc = json.load(f)
    out = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": refuse_loader,
                              "base": ""})
    return len({line for line in out.splitlines() if line.strip()})


def oxigraph_count(path, fmt_name):
    import pyoxigraph as ox

    fmt = getattr(ox.RdfFormat, fmt_name)
    with open(need(path), "rb") as f:
        return len(set(ox.parse(f, format=fmt)))


def check_rdf(prefix):
    jl, nq = prefix + ".jsonld", prefix + ".nq"
    counts = collections.OrderedDict()
    for name, fn in [
        ("rdflib-jsonld", lambda: rdflib_count(jl, "json-ld")),
        ("pyld-jsonld", lambda: pyld_count(jl)),
        ("oxigraph-jsonld", lambda: oxigraph_count(jl, "JSON_LD")),
        ("rdflib-nquads", lambda: rdflib_count(nq, "nquads")),
        ("oxigraph-nquads", lambda: oxigraph_count(nq, "N_QUADS")),
    ]:
        n = attempt(name, fn)
        if n is not None:
            counts[name] = n
    if not counts:
        return
    # The reference is the count most readers agree on (ties: the N-Quads file).
    tally = collections.Counter(counts.values())
    best = max(tally.values())
    ref = next(c for c in reversed(counts.values()) if tally[c] == best)
    summary = ", ".join(f"{k}={v}" for k, v in counts.items())
    for name, n in counts.items():
        if n == 0:
            fail(name, "quads=0 (empty dataset)")
        elif n == ref:
            ok(name, f"quads={n}")
        else:
            fail(name, f"quads={n}, the other readers say {ref} ({summary})")


def check_shacl(prefix, shapes):
    name = "pyshacl"
    if not os.path.isfile(shapes):
        print(f"WARNING {name}: {shapes} does not exist yet; SHACL validation skipped", flush=True)
        return

    def run():
        import rdflib
        from pyshacl import validate

        ds = rdflib_dataset(prefix + ".jsonld", "json-ld")
        union = rdflib.Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            union.add((s, p, o))
        sg = rdflib.Graph().parse(shapes, format="turtle")
        conforms, _, text = validate(union, shacl_graph=sg, inference="none",
                                     allow_warnings=True, advanced=True)
        if conforms:
            ok(name, f"conforms to {os.path.basename(shapes)} (triples={len(union)})")
        else:
            lines = text.strip().splitlines()
            print("\n".join(lines[:80]), file=sys.stderr)
            fail(name, f"does not conform to {shapes}: {' '.join(lines[1:4])[:400]}")

    attempt(name, run)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("prefix")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--shapes", default=os.path.join(here, "..", "..", "schema", "shapes.ttl"))
    args = ap.parse_args()
    check_graphs(args.prefix)
    check_rdf(args.prefix)
    check_shacl(args.prefix, os.path.normpath(args.shapes))
    print("timings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in TIMES.items()), flush=True)
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
