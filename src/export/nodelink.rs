//! Node-link JSON, the shape of networkx's `node_link_data` (with `edges="links"`),
//! the contract of the scorer and of `schema/nodelink.schema.json`. Also read back
//! by `convert`. With a layout, each node also has `x`, `y` (when laid out)
//! and `community`; reading a graph back ignores them.

use crate::error::{Error, Result};
use crate::graph::{
    DocumentList, DocumentMeta, Edge, FORMAT, Graph, GraphOptions, Node, Provenance, Settings,
    Skipped, WithDocs,
};
use crate::layout::Layout;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::io::{self, Read, Write};

#[derive(Serialize)]
struct Out<'a> {
    directed: bool,
    multigraph: bool,
    graph: GraphOut<'a>,
    nodes: Vec<NodeOut<'a>>,
    links: Vec<LinkOut<'a>>,
}

#[derive(Serialize)]
struct GraphOut<'a> {
    name: &'static str,
    generator: &'static str,
    format: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    lexicon: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    settings: Option<&'a Settings>,
    documents: DocumentList<'a>,
    skipped: Vec<&'a Skipped>,
}

#[derive(Serialize)]
struct NodeOut<'a> {
    label: &'a str,
    #[serde(flatten)]
    node: WithDocs<'a, Node>,
    #[serde(skip_serializing_if = "Option::is_none")]
    x: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    y: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    community: Option<u32>,
}

/// A coordinate rounded to two decimals (as in the XML formats).
fn round2(v: f64) -> f64 {
    let r = (v * 100.0).round() / 100.0;
    if r == 0.0 || !r.is_finite() { 0.0 } else { r }
}

#[derive(Serialize)]
struct LinkOut<'a> {
    key: &'a str,
    label: &'static str,
    #[serde(flatten)]
    edge: WithDocs<'a, Edge>,
}

/// Write the graph as node-link JSON, with the layout's positions and
/// communities when there is one.
pub fn write(graph: &Graph, layout: Option<&Layout>, w: &mut dyn Write) -> io::Result<()> {
    let out = Out {
        directed: true,
        multigraph: true,
        graph: GraphOut {
            name: "newsgraph",
            generator: concat!("newsgraph ", env!("CARGO_PKG_VERSION")),
            format: FORMAT,
            lexicon: graph.provenance().map(|p| p.lexicon.as_str()),
            settings: graph.provenance().map(|p| &p.settings),
            documents: DocumentList(graph),
            skipped: graph.skipped().collect(),
        },
        nodes: graph
            .nodes()
            .into_iter()
            .map(|node| {
                let place = layout.and_then(|l| l.place(&node.id));
                let position = place.and_then(|p| p.position);
                NodeOut {
                    label: node.label(),
                    node: WithDocs { graph, item: node },
                    x: position.map(|p| round2(p.0)),
                    y: position.map(|p| round2(p.1)),
                    community: place.map(|p| p.community),
                }
            })
            .collect(),
        links: graph
            .edges()
            .into_iter()
            .map(|edge| LinkOut {
                key: &edge.id,
                label: edge.relation.label(),
                edge: WithDocs { graph, item: edge },
            })
            .collect(),
    };
    let mut w = io::BufWriter::with_capacity(super::BUFFER, w);
    serde_json::to_writer_pretty(&mut w, &out).map_err(io::Error::other)?;
    w.write_all(b"\n")?;
    w.flush()
}

/// Read a node-link graph written by newsgraph. `location` names the source in errors.
/// The input is read whole, then parsed as by [`read_node_link_slice`].
pub fn read_node_link(mut r: impl Read, location: &str, options: GraphOptions) -> Result<Graph> {
    let mut bytes = Vec::new();
    r.read_to_end(&mut bytes)
        .map_err(|e| Error::io(location, e))?;
    read_node_link_slice(&bytes, location, options)
}

/// Read a node-link graph from bytes in memory (`location` names the source in
/// errors). Nodes and links go straight into the graph as they are parsed, with
/// no intermediate lists (links that come before the nodes in the file are held
/// until the nodes are read).
pub fn read_node_link_slice(bytes: &[u8], location: &str, options: GraphOptions) -> Result<Graph> {
    read_into(Graph::new(options), bytes, location)
}

/// Read a node-link graph from bytes into `graph` (empty, with its options).
/// The text is checked as UTF-8 once, then parsed as a string.
pub(crate) fn read_into(mut graph: Graph, bytes: &[u8], location: &str) -> Result<Graph> {
    let text = simdutf8::compat::from_utf8(bytes).map_err(|e| {
        Error::graph(
            format!("{location}: byte {}", e.valid_up_to()),
            "not UTF-8 text",
        )
    })?;
    let mut bad_link = None;
    let mut failed = None;
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = GraphSeed {
        graph: &mut graph,
        bad_link: &mut bad_link,
        links: 0,
        failed: &mut failed,
    }
    .deserialize(&mut de)
    .and_then(|()| de.end());
    if let Some((index, id, why)) = bad_link {
        return Err(Error::graph(
            location,
            format!("link {id:?} (links[{index}]) {why}"),
        ));
    }
    if let Some(e) = failed {
        return Err(e);
    }
    parsed.map_err(|e| {
        Error::graph(
            format!("{location}:{}:{}", e.line(), e.column()),
            e.to_string(),
        )
    })?;
    Ok(graph)
}

/// The top-level keys we read; any other is skipped.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum Key {
    Graph,
    Nodes,
    #[serde(alias = "edges")]
    Links,
    #[serde(other)]
    Other,
}

/// The top-level object, read into `graph`. A link that cannot be added sets
/// `bad_link` to its id and stops the parse; so does a document that cannot be
/// stored, setting `failed`.
struct GraphSeed<'g> {
    graph: &'g mut Graph,
    /// A link that cannot be added: its index, its id, why.
    bad_link: &'g mut Option<(usize, String, &'static str)>,
    /// Links added so far.
    links: usize,
    failed: &'g mut Option<Error>,
}

impl GraphSeed<'_> {
    fn insert<E: de::Error>(&mut self, edge: Edge) -> std::result::Result<(), E> {
        let index = self.links;
        self.links += 1;
        self.graph
            .try_insert_edge(edge)
            .map_err(|(id, missing_end)| {
                let why = if missing_end {
                    "names a node that is not in the graph"
                } else {
                    "repeats a link"
                };
                *self.bad_link = Some((index, id, why));
                E::custom("bad link")
            })
    }
}

impl<'de> DeserializeSeed<'de> for GraphSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for GraphSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a node-link graph (an object)")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> std::result::Result<(), A::Error> {
        let (mut graph_seen, mut nodes_seen, mut links_seen) = (false, false, false);
        // Links that come before the nodes.
        let mut early: Vec<Edge> = Vec::new();
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Graph => {
                    if std::mem::replace(&mut graph_seen, true) {
                        return Err(de::Error::duplicate_field("graph"));
                    }
                    map.next_value_seed(GraphMeta(&mut self))?;
                }
                Key::Nodes => {
                    if std::mem::replace(&mut nodes_seen, true) {
                        return Err(de::Error::duplicate_field("nodes"));
                    }
                    map.next_value_seed(Nodes(&mut *self.graph))?;
                }
                Key::Links => {
                    if std::mem::replace(&mut links_seen, true) {
                        return Err(de::Error::duplicate_field("links"));
                    }
                    if nodes_seen {
                        map.next_value_seed(Links(&mut self))?;
                    } else {
                        early = map.next_value()?;
                    }
                }
                Key::Other => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        if !nodes_seen {
            return Err(de::Error::missing_field("nodes"));
        }
        if !links_seen {
            return Err(de::Error::missing_field("links"));
        }
        for edge in early {
            self.insert(edge)?;
        }
        Ok(())
    }
}

/// The keys of the `graph` object that we read; any other is skipped.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum MetaKey {
    Format,
    Lexicon,
    Settings,
    Documents,
    Skipped,
    #[serde(other)]
    Other,
}

/// The `graph` object: the format version (a newer one stops the parse), the
/// provenance, the documents (each stored as it is read) and the skips.
struct GraphMeta<'s, 'g>(&'s mut GraphSeed<'g>);

impl<'de> DeserializeSeed<'de> for GraphMeta<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for GraphMeta<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the graph's metadata (an object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let (mut lexicon, mut settings) = (None::<String>, None::<Settings>);
        while let Some(key) = map.next_key::<MetaKey>()? {
            match key {
                MetaKey::Format => {
                    let v: u32 = map.next_value()?;
                    if v > FORMAT {
                        return Err(de::Error::custom(format!(
                            "graph.format {v}: written by a newer newsgraph (this one, {}, \
                             reads format {FORMAT} and older)",
                            env!("CARGO_PKG_VERSION")
                        )));
                    }
                }
                MetaKey::Lexicon => lexicon = Some(map.next_value()?),
                MetaKey::Settings => settings = Some(map.next_value()?),
                MetaKey::Documents => map.next_value_seed(Documents(&mut *self.0))?,
                MetaKey::Skipped => {
                    for s in map.next_value::<Vec<Skipped>>()? {
                        self.0.graph.add_skipped(s);
                    }
                }
                MetaKey::Other => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        if let (Some(lexicon), Some(settings)) = (lexicon, settings) {
            self.0
                .graph
                .set_provenance(Some(Provenance { lexicon, settings }));
        }
        Ok(())
    }
}

/// `graph.documents`: each document stored as it is read.
struct Documents<'s, 'g>(&'s mut GraphSeed<'g>);

impl<'de> DeserializeSeed<'de> for Documents<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Documents<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence of documents")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while let Some(meta) = seq.next_element::<DocumentMeta>()? {
            if let Err(e) = self.0.graph.add_document(meta) {
                *self.0.failed = Some(e);
                return Err(de::Error::custom("document not stored"));
            }
        }
        Ok(())
    }
}

/// `nodes`: each node added as it is read.
struct Nodes<'g>(&'g mut Graph);

impl<'de> DeserializeSeed<'de> for Nodes<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Nodes<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while let Some(node) = seq.next_element::<Node>()? {
            self.0.add_node(node);
        }
        Ok(())
    }
}

/// `links`: each link added as it is read.
struct Links<'s, 'g>(&'s mut GraphSeed<'g>);

impl<'de> DeserializeSeed<'de> for Links<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Links<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while let Some(edge) = seq.next_element::<Edge>()? {
            self.0.insert(edge)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NODES: &str =
        r#""nodes": [{"id": "a", "type": "country"}, {"id": "b", "type": "person"}]"#;
    const LINK: &str = r#"{"id": "a--supports--b", "source": "a", "target": "b",
        "relation": "supports", "weight": 1, "documents": [], "evidence": []}"#;

    fn links(items: &[&str]) -> String {
        format!(r#""links": [{}]"#, items.join(", "))
    }

    fn read(json: &str) -> Result<Graph> {
        read_node_link(json.as_bytes(), "g.json", GraphOptions::default())
    }

    #[test]
    fn keys_in_any_order_and_unknown_keys() {
        let l = links(&[LINK]);
        let g = read(&format!(
            r#"{{"x": [1, {{}}], {l}, "graph": {{}}, {NODES}}}"#
        ))
        .unwrap();
        assert_eq!((g.node_count(), g.edge_count()), (2, 1));
        let e = l.replace("links", "edges");
        let g = read(&format!("{{{NODES}, {e}}}")).unwrap();
        assert_eq!(g.edge_count(), 1);
    }

    #[test]
    fn bad_links_and_bad_json_name_the_file() {
        let missing = LINK.replace(r#""target": "b""#, r#""target": "zz""#);
        let missing = links(&[&missing]);
        let twice = links(&[LINK, LINK]);
        for json in [
            format!("{{{NODES}, {missing}}}"),
            format!("{{{missing}, {NODES}}}"),
            format!("{{{NODES}, {twice}}}"),
            format!("{{{twice}, {NODES}}}"),
        ] {
            let e = read(&json).unwrap_err().to_string();
            assert!(
                e.starts_with("g.json: not a node-link graph: link \"a--supports--b\""),
                "{e}"
            );
        }
        let l = links(&[LINK]);
        for (json, want) in [
            (format!("{{{NODES}}}"), "missing field `links`"),
            (format!("{{{l}}}"), "missing field `nodes`"),
            (
                format!("{{{NODES}, {NODES}, {l}}}"),
                "duplicate field `nodes`",
            ),
            (format!("{{{NODES}, {l}}} x"), "trailing characters"),
            (format!("{{{NODES}, {l}"), "EOF while parsing"),
            ("[]".to_string(), "invalid type: sequence"),
        ] {
            let e = read(&json).unwrap_err().to_string();
            assert!(e.starts_with("g.json:"), "{e}");
            assert!(e.contains(want), "{e}");
        }
    }
}
