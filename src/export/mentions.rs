//! Mentions as JSON Lines: one actor mention a line, sorted by document and offset.

use crate::graph::Graph;
use std::io::{self, Write};

/// Write one JSON object per mention.
pub fn write(graph: &Graph, w: &mut dyn Write) -> io::Result<()> {
    let mut w = io::BufWriter::new(w);
    for m in graph.mentions() {
        serde_json::to_writer(&mut w, &m)?;
        w.write_all(b"\n")?;
    }
    w.flush()
}
