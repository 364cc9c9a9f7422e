//! Fuzz `convert`'s reader: `read_node_link_slice` on any bytes must return a
//! graph or an error, never panic; a graph it reads writes node-link JSON that
//! reads back to a graph writing the very same bytes (the writer is a fixed
//! point after one round), and whose node and edge ids are unique.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::{Format, Graph, GraphOptions, read_node_link_slice};
use std::collections::HashSet;

fn write(graph: &Graph) -> Vec<u8> {
    let mut out = Vec::new();
    Format::NodeLink
        .write(graph, &mut out)
        .expect("writing to memory");
    out
}

fuzz_target!(|data: &[u8]| {
    let options = GraphOptions::default();
    let Ok(graph) = read_node_link_slice(data, "fuzz", options) else {
        return;
    };
    let ids: HashSet<&str> = graph.nodes().iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids.len(), graph.node_count());
    let edges: HashSet<&str> = graph.edges().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(edges.len(), graph.edge_count());
    let first = write(&graph);
    let again = read_node_link_slice(&first, "fuzz", options).unwrap_or_else(|e| {
        panic!(
            "our own output does not read back: {e}\n{}",
            String::from_utf8_lossy(&first)
        )
    });
    let second = write(&again);
    assert!(
        first == second,
        "second write differs:\n{}\n---\n{}",
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second)
    );
});
