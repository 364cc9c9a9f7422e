//! GraphML export, for Gephi, yEd, Gephi Lite, networkx and igraph.
//!
//! The file is UTF-8 with a BOM (Gephi guesses the charset from the first bytes
//! otherwise) and validates against the GraphML 1.1 schema: every `<key>` first
//! (typed, with an NMTOKEN `attr.name`), then one directed `<graph>` with the nodes
//! (places and media included) and then the edges, in the graph's sorted order.
//! A `<data>` is written only when it has a value and holds nothing but the value.
//! Symmetric relations are stored once, in canonical direction; GraphML has no
//! legal way to carry Gephi's edge type, so parallel edges of one pair look alike
//! to Gephi (see docs/graphml.md; GEXF keeps them apart).
//!
//! With a layout, nodes also get `x`, `y`, `size`, `r`, `g`, `b` (the names
//! Gephi's GraphML importer reads as the position, size and colour of a node:
//! it matches a key's `id`, then its `attr.name`, against them) and
//! `community`.

use super::xml::{Columns, DocWriter, XmlWriter, decimal_into, digits_into};
use crate::graph::{Edge, Graph, Node};
use crate::layout::{Layout, fixed2};
use std::io::{self, Write};

const NS: &str = "http://graphml.graphdrawing.org/xmlns";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const SCHEMA_LOCATION: &str =
    "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.1/graphml.xsd";

/// A GraphML `<key>`: (id, attr.name, attr.type).
type Key = (&'static str, &'static str, &'static str);

/// Node keys; ids are unique over node and edge keys.
const NODE_KEYS: [Key; 11] = [
    ("n_label", "label", "string"),
    ("n_type", "type", "string"),
    ("n_label_ar", "label_ar", "string"),
    ("n_label_en", "label_en", "string"),
    ("n_wikidata", "wikidata", "string"),
    ("n_iso3", "iso3", "string"),
    ("n_cameo", "cameo", "string"),
    ("n_sector", "sector", "string"),
    ("n_aliases", "aliases", "string"),
    ("n_documents", "documents", "int"),
    ("n_mentions", "mentions", "long"),
];

/// Node keys written with a layout: position (when laid out), size, colour
/// by community, community.
const LAYOUT_KEYS: [Key; 7] = [
    ("n_x", "x", "float"),
    ("n_y", "y", "float"),
    ("n_size", "size", "float"),
    ("n_r", "r", "int"),
    ("n_g", "g", "int"),
    ("n_b", "b", "int"),
    ("n_community", "community", "int"),
];

/// Edge keys.
const EDGE_KEYS: [Key; 12] = [
    ("e_label", "label", "string"),
    ("e_weight", "weight", "double"),
    ("e_relation", "relation", "string"),
    ("e_first_date", "first_date", "string"),
    ("e_last_date", "last_date", "string"),
    ("e_evidence_count", "evidence_count", "long"),
    ("e_documents", "documents", "int"),
    ("e_derived", "derived", "boolean"),
    ("e_source_sectors", "source_sectors", "string"),
    ("e_target_sectors", "target_sectors", "string"),
    ("e_rules", "rules", "string"),
    ("e_evidence", "evidence", "string"),
];

/// Write the graph as GraphML, with the layout's keys when there is one.
pub fn write(graph: &Graph, layout: Option<&Layout>, w: &mut dyn Write) -> io::Result<()> {
    let mut x = DocWriter::new(w, true)?;
    x.start(
        "graphml",
        &[
            ("xmlns", NS),
            ("xmlns:xsi", XSI),
            ("xsi:schemaLocation", SCHEMA_LOCATION),
        ],
    )?;
    let layout_keys = match layout {
        Some(l) if l.has_positions() => &LAYOUT_KEYS[..],
        Some(_) => &LAYOUT_KEYS[2..],
        None => &[],
    };
    for (domain, keys) in [
        ("node", &NODE_KEYS[..]),
        ("node", layout_keys),
        ("edge", &EDGE_KEYS[..]),
    ] {
        for &(id, name, ty) in keys {
            x.empty(
                "key",
                &[
                    ("id", id),
                    ("for", domain),
                    ("attr.name", name),
                    ("attr.type", ty),
                ],
            )?;
        }
    }
    x.start("graph", &[("id", "G"), ("edgedefault", "directed")])?;
    let node_data = data_tags(&NODE_KEYS);
    let layout_data = data_tags(&LAYOUT_KEYS);
    let edge_data = data_tags(&EDGE_KEYS);
    x.rows(&graph.nodes(), 2, |x, s, node| {
        write_node(x, s, &node_data, node)?;
        if let Some(l) = layout {
            write_place(x, s, &layout_data, l, node)?;
        }
        x.end("node")
    })?;
    x.rows(&graph.edges(), 2, |x, s, edge| {
        write_edge(x, s, &edge_data, edge)
    })?;
    x.end("graph")?;
    x.end("graphml")?;
    x.finish()
}

/// The start tag `data key="ID"` of each key (ids need no escaping).
fn data_tags(keys: &[Key]) -> Vec<String> {
    keys.iter()
        .map(|(id, _, _)| format!("data key=\"{id}\""))
        .collect()
}

/// Reused buffers for the values of one thread's rows.
#[derive(Default)]
struct Scratch {
    columns: Columns,
    weight: String,
    place: [String; 7],
}

/// `<node>` (left open) with a `<data>` for each value that is not empty.
fn write_node<W: Write>(
    x: &mut XmlWriter<W>,
    s: &mut Scratch,
    tags: &[String],
    node: &Node,
) -> io::Result<()> {
    x.start("node", &[("id", &node.id)])?;
    let values = std::iter::once(node.label()).chain(s.columns.node(node));
    for (tag, value) in tags.iter().zip(values) {
        x.raw_text_element(tag, "data", value)?;
    }
    Ok(())
}

/// The layout's `<data>` of a node: x, y (when laid out), size, r, g, b, community.
fn write_place<W: Write>(
    x: &mut XmlWriter<W>,
    s: &mut Scratch,
    tags: &[String],
    layout: &Layout,
    node: &Node,
) -> io::Result<()> {
    let Some(p) = layout.place(&node.id) else {
        return Ok(());
    };
    let (r, g, b) = layout.community_color(p.community);
    let [sx, sy, size, sr, sg, sb, community] = &mut s.place;
    let (px, py) = match p.position {
        Some((px, py)) => (fixed2(px, sx), fixed2(py, sy)),
        None => ("", ""),
    };
    let values = [
        px,
        py,
        fixed2(p.size(), size),
        digits_into(r.into(), sr),
        digits_into(g.into(), sg),
        digits_into(b.into(), sb),
        digits_into(p.community.into(), community),
    ];
    for (tag, value) in tags.iter().zip(values) {
        x.raw_text_element(tag, "data", value)?;
    }
    Ok(())
}

fn write_edge<W: Write>(
    x: &mut XmlWriter<W>,
    s: &mut Scratch,
    tags: &[String],
    edge: &Edge,
) -> io::Result<()> {
    x.start(
        "edge",
        &[
            ("id", &edge.id),
            ("source", &edge.source),
            ("target", &edge.target),
        ],
    )?;
    let weight = decimal_into(edge.weight, &mut s.weight);
    let values = [edge.relation.label(), weight]
        .into_iter()
        .chain(s.columns.edge(edge));
    for (tag, value) in tags.iter().zip(values) {
        x.raw_text_element(tag, "data", value)?;
    }
    x.end("edge")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{ActorType, GraphOptions};

    fn render(g: &Graph) -> String {
        let mut buf = Vec::new();
        write(g, None, &mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn empty_graph_is_a_complete_document() {
        let s = render(&Graph::new(GraphOptions::default()));
        assert!(s.starts_with("\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        assert!(
            s.contains("<graph id=\"G\" edgedefault=\"directed\">"),
            "{s}"
        );
        assert!(!s.contains("<node") && !s.contains("<edge"));
        assert!(s.ends_with("</graphml>\n"));
    }

    #[test]
    fn data_holds_only_its_value() {
        let mut g = Graph::default();
        let mut n = Node::new("ng:x", ActorType::Person);
        n.labels.insert("ar".into(), " a\u{1} ".into());
        g.add_node(n);
        let s = render(&g);
        assert!(s.contains("<data key=\"n_label\"> a </data>"), "{s}");
        assert!(!s.contains("n_wikidata\">"));
    }

    #[test]
    fn output_is_deterministic() {
        let make = |order: [(&str, ActorType); 2]| {
            let mut g = Graph::default();
            for (id, t) in order {
                g.add_node(Node::new(id, t));
            }
            render(&g)
        };
        let (b, a) = (("b", ActorType::Place), ("a", ActorType::Media));
        assert_eq!(make([b, a]), make([a, b]));
    }
}
