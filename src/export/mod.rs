//! Exporters: one module per format. Each reads only the graph model (and the
//! layout, for the formats that carry positions) and writes in the graph's
//! sorted order, so output is byte-identical for the same graph.

/// Bytes buffered between a writer and the file: large writes, few syscalls.
pub(crate) const BUFFER: usize = 1 << 18;

mod gexf;
mod graphml;
mod html;
mod jsonld;
mod mentions;
mod nodelink;
mod nquads;
mod rdf;
mod svg;
mod view;
mod xml;

pub(crate) use nodelink::read_into;
pub use nodelink::{read_node_link, read_node_link_slice};

use crate::graph::Graph;
use crate::layout::{Layout, LayoutOptions};
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
    /// A self-contained page that draws the laid-out graph (`.html`).
    Html,
    /// A static picture of the laid-out graph (`.svg`).
    Svg,
}

impl Format {
    /// Every format, in a fixed order.
    pub const ALL: [Format; 8] = [
        Format::NodeLink,
        Format::GraphMl,
        Format::Gexf,
        Format::JsonLd,
        Format::NQuads,
        Format::Mentions,
        Format::Html,
        Format::Svg,
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
            Format::Html => "html",
            Format::Svg => "svg",
        }
    }

    /// Whether the format carries the layout stage's results (positions,
    /// communities, sizes): node-link JSON, GraphML, GEXF, HTML, SVG.
    pub fn uses_layout(self) -> bool {
        !matches!(self, Format::JsonLd | Format::NQuads | Format::Mentions)
    }

    /// Whether the format lists document ids in their order (so that the
    /// documents are sorted for it).
    pub fn lists_documents(self) -> bool {
        matches!(
            self,
            Format::NodeLink | Format::Gexf | Format::JsonLd | Format::NQuads | Format::Html
        )
    }

    /// Whether the format cannot do without positions (HTML, SVG).
    pub fn needs_positions(self) -> bool {
        matches!(self, Format::Html | Format::Svg)
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
                "htm" => Some(Format::Html),
                _ => None,
            })
    }

    /// Write `graph` in this format, without a layout (HTML and SVG, which
    /// need one, lay the graph out with the default options).
    pub fn write(self, graph: &Graph, w: &mut dyn Write) -> io::Result<()> {
        self.write_with(graph, None, w)
    }

    /// Write `graph` in this format, with `layout` in the formats that carry
    /// it (see [`Format::uses_layout`]); HTML and SVG given no layout, or one
    /// without positions, lay the graph out with the default options.
    pub fn write_with(
        self,
        graph: &Graph,
        layout: Option<&Layout>,
        w: &mut dyn Write,
    ) -> io::Result<()> {
        let laid_out;
        let positioned = match layout {
            Some(l) if l.has_positions() => l,
            _ if self.needs_positions() => {
                laid_out =
                    Layout::compute(graph, &LayoutOptions::default()).map_err(io::Error::other)?;
                &laid_out
            }
            _ => layout.unwrap_or(&EMPTY),
        };
        match self {
            Format::NodeLink => nodelink::write(graph, layout, w),
            Format::GraphMl => graphml::write(graph, layout, w),
            Format::Gexf => gexf::write(graph, layout, w),
            Format::JsonLd => jsonld::write(graph, w),
            Format::NQuads => nquads::write(graph, w),
            Format::Mentions => mentions::write(graph, w),
            Format::Html => html::write(graph, positioned, w),
            Format::Svg => svg::write(graph, positioned, w),
        }
    }
}

/// No layout (never read: only HTML and SVG read the layout they are given,
/// and they are given one with positions).
static EMPTY: std::sync::LazyLock<Layout> = std::sync::LazyLock::new(Layout::default);

/// A byte buffer in front of a writer, for the writers that build their output
/// in place (percent-encoding, escaping): it goes to the writer whenever it
/// holds [`BUFFER`] bytes or more, between items, so memory stays bounded
/// whatever the size of the graph.
pub(crate) struct Chunked<'w> {
    pub(crate) buf: Vec<u8>,
    w: &'w mut dyn Write,
}

impl<'w> Chunked<'w> {
    pub(crate) fn new(w: &'w mut dyn Write) -> Chunked<'w> {
        Chunked {
            buf: Vec::with_capacity(2 * BUFFER),
            w,
        }
    }

    /// Write the buffer out if it is full.
    pub(crate) fn flush_full(&mut self) -> io::Result<()> {
        if self.buf.len() >= BUFFER {
            self.w.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Write out the rest and flush.
    pub(crate) fn finish(self) -> io::Result<()> {
        self.w.write_all(&self.buf)?;
        self.w.flush()
    }
}

/// The bytes a quoted string escapes, for [`copy_escaped`]: `"`, `\`, the C0
/// controls, and DEL when `del`.
pub(crate) const fn quote_and_controls(del: bool) -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[0x7f] = del;
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
}

/// Append `s` to `out`, with `escape` writing each byte marked in `special`:
/// runs of other bytes are copied whole, and are found eight bytes at a time.
pub(crate) fn copy_escaped(
    s: &[u8],
    special: &[bool; 256],
    out: &mut Vec<u8>,
    mut escape: impl FnMut(u8, &mut Vec<u8>),
) {
    let mut start = 0;
    let mut i = 0;
    while i < s.len() {
        if let Some(chunk) = s.get(i..i + 8)
            && !chunk
                .iter()
                .fold(false, |any, &b| any | special[usize::from(b)])
        {
            i += 8;
            continue;
        }
        let c = s[i];
        if special[usize::from(c)] {
            out.extend_from_slice(&s[start..i]);
            escape(c, out);
            start = i + 1;
        }
        i += 1;
    }
    out.extend_from_slice(&s[start..]);
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
