//! Node-link JSON, the shape of networkx's `node_link_data` (with `edges="links"`),
//! the contract of the scorer and of `schema/nodelink.schema.json`. Also read back
//! by `convert`.

use crate::error::{Error, Result};
use crate::graph::{DocumentMeta, Edge, Graph, GraphOptions, Node, Skipped};
use serde::{Deserialize, Serialize};
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
    documents: Vec<&'a DocumentMeta>,
    skipped: Vec<&'a Skipped>,
}

#[derive(Serialize)]
struct NodeOut<'a> {
    label: &'a str,
    #[serde(flatten)]
    node: &'a Node,
}

#[derive(Serialize)]
struct LinkOut<'a> {
    key: &'a str,
    label: &'static str,
    #[serde(flatten)]
    edge: &'a Edge,
}

/// Write the graph as node-link JSON.
pub fn write(graph: &Graph, w: &mut dyn Write) -> io::Result<()> {
    let out = Out {
        directed: true,
        multigraph: true,
        graph: GraphOut {
            name: "newsgraph",
            generator: concat!("newsgraph ", env!("CARGO_PKG_VERSION")),
            documents: graph.documents().collect(),
            skipped: graph.skipped().collect(),
        },
        nodes: graph
            .nodes()
            .into_iter()
            .map(|node| NodeOut {
                label: node.label(),
                node,
            })
            .collect(),
        links: graph
            .edges()
            .into_iter()
            .map(|edge| LinkOut {
                key: &edge.id,
                label: edge.relation.label(),
                edge,
            })
            .collect(),
    };
    let mut w = io::BufWriter::new(w);
    serde_json::to_writer_pretty(&mut w, &out).map_err(io::Error::other)?;
    w.write_all(b"\n")?;
    w.flush()
}

#[derive(Deserialize)]
struct In {
    #[serde(default)]
    graph: GraphIn,
    nodes: Vec<Node>,
    #[serde(alias = "edges")]
    links: Vec<Edge>,
}

#[derive(Deserialize, Default)]
struct GraphIn {
    #[serde(default)]
    documents: Vec<DocumentMeta>,
    #[serde(default)]
    skipped: Vec<Skipped>,
}

/// Read a node-link graph written by newsgraph. `location` names the source in errors.
pub fn read_node_link(r: impl Read, location: &str, options: GraphOptions) -> Result<Graph> {
    let data: In = serde_json::from_reader(io::BufReader::new(r)).map_err(|e| {
        Error::graph(
            format!("{location}:{}:{}", e.line(), e.column()),
            e.to_string(),
        )
    })?;
    let mut graph = Graph::new(options);
    for meta in data.graph.documents {
        graph.add_document(meta);
    }
    for s in data.graph.skipped {
        graph.add_skipped(s);
    }
    for node in data.nodes {
        graph.add_node(node);
    }
    for edge in data.links {
        let id = edge.id.clone();
        if !graph.insert_edge(edge) {
            return Err(Error::graph(
                location,
                format!("link {id:?} names a missing node or repeats a link"),
            ));
        }
    }
    Ok(graph)
}
