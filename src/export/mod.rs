//! Exporters: one module per format. Each reads only the graph model and writes
//! in the graph's sorted order, so output is byte-identical for the same graph.

/// Bytes buffered between a writer and the file: large writes, few syscalls.
pub(crate) const BUFFER: usize = 1 << 18;

mod gexf;
mod graphml;
mod jsonld;
mod mentions;
mod nodelink;
mod nquads;
mod rdf;
mod scan;
mod xml;

pub use nodelink::{read_node_link, read_node_link_slice};

use crate::graph::Graph;
use std::io::{self, Write};
use std::path::Path;
use std::str::FromStr;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// networkx node-link JSON (`.json`).
    NodeLink,
    /// GraphML (`.graphml`).
    GraphMl,
    /// GEXF 1.3 (`.gexf`).
    Gexf,
    /// JSON-LD 1.1 (`.jsonld`).
    JsonLd,
    /// N-Quads (`.nq`).
    NQuads,
    /// One actor mention per line, JSON Lines (`.jsonl`).
    Mentions,
}

impl Format {
    /// Every format, in a fixed order.
    pub const ALL: [Format; 6] = [
        Format::NodeLink,
        Format::GraphMl,
        Format::Gexf,
        Format::JsonLd,
        Format::NQuads,
        Format::Mentions,
    ];

    /// The name used by `--format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::NodeLink => "json",
            Format::GraphMl => "graphml",
            Format::Gexf => "gexf",
            Format::JsonLd => "jsonld",
            Format::NQuads => "nq",
            Format::Mentions => "mentions",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Mentions => "jsonl",
            f => f.name(),
        }
    }

    /// The format a file name's extension asks for.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.extension() == ext)
            .or(match ext.as_str() {
                "nquads" => Some(Format::NQuads),
                "ndjson" => Some(Format::Mentions),
                _ => None,
            })
    }

    /// Write `graph` in this format.
    pub fn write(self, graph: &Graph, w: &mut dyn Write) -> io::Result<()> {
        match self {
            Format::NodeLink => nodelink::write(graph, w),
            Format::GraphMl => graphml::write(graph, w),
            Format::Gexf => gexf::write(graph, w),
            Format::JsonLd => jsonld::write(graph, w),
            Format::NQuads => nquads::write(graph, w),
            Format::Mentions => mentions::write(graph, w),
        }
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.name() == s || f.extension() == s)
            .or(match s.as_str() {
                "node-link" | "nodelink" => Some(Format::NodeLink),
                "nquads" | "n-quads" => Some(Format::NQuads),
                "json-ld" => Some(Format::JsonLd),
                _ => None,
            })
            .ok_or_else(|| {
                format!(
                    "unknown format {s:?} (expected one of: {})",
                    Format::ALL.map(|f| f.name()).join(", ")
                )
            })
    }
}
