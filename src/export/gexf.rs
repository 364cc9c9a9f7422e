//! GEXF 1.3 export, for Gephi and Gephi Lite (and networkx's `read_gexf`).
//!
//! Valid against the GEXF 1.3 RELAX NG schema. `<meta>` carries the newest
//! document date (never the clock), so the same graph always gives the same bytes.
//! The graph is directed; each edge's `kind` is its relation (`met_with`, with a
//! `_derived` suffix for derived edges), so Gephi keeps different relations between
//! one pair apart instead of merging them. Columns are typed `<attributes>`
//! (`string`, `integer`, `long`, `double`, `boolean`); nodes get a `viz:shape`
//! by actor type. With a layout (see [`crate::layout`]) nodes get a
//! `viz:position`, a `viz:color` by community, a `viz:size` by weighted degree
//! and a `community` column; without one, a `viz:color` by actor type and a
//! `viz:size` from their mentions.
//!
//! When any edge has a date the graph is `mode="dynamic"` with `timeformat="date"`:
//! dated edges get `start`/`end` (their first and last dates, cut to `YYYY-MM-DD`),
//! and a node whose edges are all dated gets the span of its edges; other nodes and
//! edges carry no time and are always present. Only intervals are used, never
//! timestamps.

use super::xml::{Columns, DocWriter, XmlWriter, clean, decimal_into, digits_into, xml_date};
use crate::graph::{ActorType, Edge, Graph, Node, Relation};
use crate::layout::{Layout, fixed2};
use std::collections::HashMap;
use std::io::{self, Write};

const NS: &str = "http://gexf.net/1.3";
const NS_VIZ: &str = "http://gexf.net/1.3/viz";

/// A GEXF attribute: (id = title, type).
type Attr = (&'static str, &'static str);

const NODE_ATTRS: [Attr; 10] = [
    ("type", "string"),
    ("label_ar", "string"),
    ("label_en", "string"),
    ("wikidata", "string"),
    ("iso3", "string"),
    ("cameo", "string"),
    ("sector", "string"),
    ("aliases", "string"),
    ("documents", "integer"),
    ("mentions", "long"),
];

const EDGE_ATTRS: [Attr; 10] = [
    ("relation", "string"),
    ("first_date", "string"),
    ("last_date", "string"),
    ("evidence_count", "long"),
    ("documents", "integer"),
    ("derived", "boolean"),
    ("source_sectors", "string"),
    ("target_sectors", "string"),
    ("rules", "string"),
    ("evidence", "string"),
];

/// The node colour of an actor type (r, g, b).
pub(crate) fn color(t: ActorType) -> (u8, u8, u8) {
    match t {
        ActorType::Country => (31, 119, 180),
        ActorType::Person => (255, 127, 14),
        ActorType::Organization => (44, 160, 44),
        ActorType::Coalition => (148, 103, 189),
        ActorType::ArmedGroup => (214, 39, 40),
        ActorType::Place => (127, 127, 127),
        ActorType::Media => (140, 86, 75),
    }
}

/// The `viz:shape` of an actor type (GEXF has four shapes besides images).
pub(crate) fn shape(t: ActorType) -> &'static str {
    match t {
        ActorType::Country | ActorType::Place => "disc",
        ActorType::Person => "triangle",
        ActorType::Organization | ActorType::Media => "square",
        ActorType::Coalition | ActorType::ArmedGroup => "diamond",
    }
}

/// The column of a node's community (with a layout).
const COMMUNITY: Attr = ("community", "integer");

/// The node size: `5 + 3 ln(1 + mentions)`, three decimals.
#[cfg(test)]
pub(crate) fn size(mentions: u64) -> String {
    let mut s = String::new();
    size_into(mentions, &mut s);
    s
}

/// [`size`], into `buf` (cleared first).
fn size_into(mentions: u64, buf: &mut String) -> &str {
    use std::fmt::Write as _;
    buf.clear();
    // writing to a String cannot fail
    let _ = write!(buf, "{:.3}", 5.0 + 3.0 * (mentions as f64).ln_1p());
    buf
}

/// The edge `kind`: the relation, marked when derived so a derived edge is not
/// merged with the stated one of the same pair.
pub(crate) fn kind(edge: &Edge) -> &'static str {
    if !edge.derived {
        return edge.relation.as_str();
    }
    match edge.relation {
        Relation::MetWith => "met_with_derived",
        Relation::SpokeWith => "spoke_with_derived",
        Relation::CooperatesWith => "cooperates_with_derived",
        Relation::MemberOf => "member_of_derived",
        Relation::LeaderOf => "leader_of_derived",
        Relation::OfficialOf => "official_of_derived",
        Relation::Requested => "requested_derived",
        Relation::Attacked => "attacked_derived",
        Relation::Supports => "supports_derived",
        Relation::Opposes => "opposes_derived",
    }
}

/// The `YYYY-MM-DD` interval of an edge, when it has a date.
fn edge_span(edge: &Edge) -> Option<(&str, &str)> {
    let start = xml_date(edge.first_date.as_deref()?)?;
    let end = edge
        .last_date
        .as_deref()
        .and_then(xml_date)
        .filter(|&e| e >= start)
        .unwrap_or(start);
    Some((start, end))
}

/// The span of each node whose edges (at least one) all have a date.
fn node_spans<'g>(edges: &[&'g Edge]) -> HashMap<&'g str, Option<(&'g str, &'g str)>> {
    let mut spans: HashMap<&str, Option<(&str, &str)>> = HashMap::new();
    for edge in edges {
        let span = edge_span(edge);
        for end in [edge.source.as_str(), edge.target.as_str()] {
            let entry = spans.entry(end).or_insert(span);
            *entry = match (*entry, span) {
                (Some((s1, e1)), Some((s2, e2))) => Some((s1.min(s2), e1.max(e2))),
                _ => None,
            };
        }
    }
    spans
}

/// Write the graph as GEXF 1.3, with the layout's positions, colours and
/// communities when there is one.
pub fn write(graph: &Graph, layout: Option<&Layout>, w: &mut dyn Write) -> io::Result<()> {
    let nodes = graph.nodes();
    let edges = graph.edges();
    let dynamic = edges.iter().any(|e| edge_span(e).is_some());
    let spans = if dynamic {
        node_spans(&edges)
    } else {
        HashMap::new()
    };

    let mut x = DocWriter::new(w, true)?;
    x.start(
        "gexf",
        &[("xmlns", NS), ("xmlns:viz", NS_VIZ), ("version", "1.3")],
    )?;
    let mut newest: Option<String> = None;
    for doc in graph.documents() {
        if let Some(date) = doc?.date.as_deref().and_then(xml_date)
            && newest.as_deref().is_none_or(|n| date > n)
        {
            newest = Some(date.to_string());
        }
    }
    match newest.as_deref() {
        Some(date) => x.start("meta", &[("lastmodifieddate", date)])?,
        None => x.start("meta", &[])?,
    }
    x.text_element("creator", &[], "newsgraph")?;
    x.end("meta")?;

    let mut graph_attrs = vec![("defaultedgetype", "directed")];
    if dynamic {
        graph_attrs.extend([("mode", "dynamic"), ("timeformat", "date")]);
    } else {
        graph_attrs.push(("mode", "static"));
    }
    x.start("graph", &graph_attrs)?;
    for (class, attrs) in [("node", &NODE_ATTRS[..]), ("edge", &EDGE_ATTRS[..])] {
        x.start("attributes", &[("class", class)])?;
        let community = (class == "node" && layout.is_some()).then_some(COMMUNITY);
        for &(id, ty) in attrs.iter().chain(&community) {
            x.empty("attribute", &[("id", id), ("title", id), ("type", ty)])?;
        }
        x.end("attributes")?;
    }

    let count = nodes.len().to_string();
    x.start("nodes", &[("count", &count)])?;
    x.rows(&nodes, 3, |x, s, node| {
        let span = spans.get(node.id.as_str()).copied().flatten();
        write_node(x, s, node, span, layout)
    })?;
    x.end("nodes")?;

    let count = edges.len().to_string();
    x.start("edges", &[("count", &count)])?;
    x.rows(&edges, 3, |x, s, edge| write_edge(x, s, edge))?;
    x.end("edges")?;
    x.end("graph")?;
    x.end("gexf")?;
    x.finish()
}

/// `<attvalues>` with the values that are not empty (and `extra`'s).
fn attvalues<W: Write>(
    x: &mut XmlWriter<W>,
    attrs: &[Attr],
    values: &[&str],
    extra: Option<(&str, &str)>,
) -> io::Result<()> {
    let mut any = false;
    let pairs = attrs.iter().map(|&(id, _)| id).zip(values.iter().copied());
    for (id, value) in pairs.chain(extra) {
        let value = clean(value);
        if value.is_empty() {
            continue;
        }
        if !any {
            x.start("attvalues", &[])?;
            any = true;
        }
        x.empty("attvalue", &[("for", id), ("value", &value)])?;
    }
    if any { x.end("attvalues") } else { Ok(()) }
}

/// Reused buffers for the values of one thread's rows.
#[derive(Default)]
struct Scratch {
    columns: Columns,
    numbers: [String; 4],
    community: String,
    position: [String; 2],
}

fn write_node<W: Write>(
    x: &mut XmlWriter<W>,
    s: &mut Scratch,
    node: &Node,
    span: Option<(&str, &str)>,
    layout: Option<&Layout>,
) -> io::Result<()> {
    let (id, label) = (node.id.as_str(), node.label());
    let place = layout.and_then(|l| Some((l, l.place(id)?)));
    match span {
        Some((start, end)) => x.start(
            "node",
            &[("id", id), ("label", label), ("start", start), ("end", end)],
        )?,
        None => x.start("node", &[("id", id), ("label", label)])?,
    }
    let community = place.map(|(_, p)| digits_into(p.community.into(), &mut s.community));
    let values = s.columns.node(node);
    attvalues(x, &NODE_ATTRS, &values, community.map(|c| (COMMUNITY.0, c)))?;
    let (r, g, b) = match place {
        Some((l, p)) => l.community_color(p.community),
        None => color(node.actor_type),
    };
    let [nr, ng, nb, size] = &mut s.numbers;
    let (r, g, b) = (
        digits_into(r.into(), nr),
        digits_into(g.into(), ng),
        digits_into(b.into(), nb),
    );
    x.empty("viz:color", &[("r", r), ("g", g), ("b", b)])?;
    if let Some((_, p)) = place
        && let Some((px, py)) = p.position
    {
        let [x_buf, y_buf] = &mut s.position;
        let (px, py) = (fixed2(px, x_buf), fixed2(py, y_buf));
        x.empty("viz:position", &[("x", px), ("y", py), ("z", "0.0")])?;
    }
    let size = match place {
        Some((_, p)) => fixed2(p.size(), size),
        None => size_into(node.mentions, size),
    };
    x.empty("viz:size", &[("value", size)])?;
    x.empty("viz:shape", &[("value", shape(node.actor_type))])?;
    x.end("node")
}

fn write_edge<W: Write>(x: &mut XmlWriter<W>, s: &mut Scratch, edge: &Edge) -> io::Result<()> {
    let weight = decimal_into(edge.weight, &mut s.numbers[0]);
    let attrs = [
        ("id", edge.id.as_str()),
        ("source", edge.source.as_str()),
        ("target", edge.target.as_str()),
        ("kind", kind(edge)),
        ("label", edge.relation.label()),
        ("weight", weight),
    ];
    match edge_span(edge) {
        Some((start, end)) => {
            let [a, b, c, d, e, f] = attrs;
            x.start("edge", &[a, b, c, d, e, f, ("start", start), ("end", end)])?
        }
        None => x.start("edge", &attrs)?,
    }
    let values = s.columns.edge(edge);
    attvalues(x, &EDGE_ATTRS, &values, None)?;
    x.end("edge")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_have_fixed_decimals() {
        assert_eq!(size(0), "5.000");
        assert_eq!(size(1), "7.079");
    }

    #[test]
    fn colours_differ_by_type() {
        let mut seen: Vec<_> = ActorType::ALL.iter().map(|&t| color(t)).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), ActorType::ALL.len());
    }

    #[test]
    fn static_graph_has_no_time() {
        let mut g = Graph::default();
        g.add_node(Node::new("a", ActorType::Country));
        let mut buf = Vec::new();
        write(&g, None, &mut buf).unwrap();
        let s = String::from_utf8(buf).unwrap();
        assert!(s.contains("mode=\"static\""), "{s}");
        assert!(!s.contains("timeformat"));
        assert!(s.contains("<meta>"));
    }
}
