//! graphml export (to be written).

use crate::graph::Graph;
use std::io::{self, Write};

/// Write the graph.
pub fn write(_graph: &Graph, _w: &mut dyn Write) -> io::Result<()> {
    Err(io::Error::other("graphml export is not implemented yet"))
}
