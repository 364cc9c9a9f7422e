//! The `merge` run: node-link graphs written by `extract` (or `merge`) read
//! and folded, in input order, into one graph with the aggregation of one
//! extraction over all their documents (see [`Graph::absorb`]).
//!
//! Memory is bounded by the result, not by the sum of the inputs: the first
//! input is read straight into the result; the others are read a few at a
//! time (as many as there are threads, in parallel), each folded in and
//! dropped while the next ones are read.

use crate::error::{Error, Result};
use crate::graph::{Absorbed, Graph, GraphOptions, OnConflict, Provenance};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A validated configuration of a merge run.
#[derive(Clone, Debug, Default)]
pub struct MergeConfig {
    /// Node-link graphs, in order (`-`: stdin, once).
    pub inputs: Vec<PathBuf>,
    /// How a document id found in two inputs with different texts is settled.
    pub on_conflict: OnConflict,
    /// Merge graphs made with different lexicons or settings.
    pub allow_mixed: bool,
}

/// What a merge did.
#[derive(Clone, Debug, Default)]
pub struct MergeSummary {
    pub inputs: usize,
    /// Documents, actors and relations of the result.
    pub documents: usize,
    pub actors: usize,
    pub relations: usize,
    /// What the inputs after the first added (documents new, shared,
    /// conflicts, estimated counts).
    pub absorbed: Absorbed,
    /// For each conflict of `absorbed.conflicts`, the input it was met in.
    pub conflict_inputs: Vec<String>,
    pub elapsed: Duration,
}

fn location(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".into()
    } else {
        path.display().to_string()
    }
}

/// Read one input whole, then parse it in place (`first`: into the result,
/// else into a graph that keeps its documents in memory until folded).
fn read(path: &Path, first: bool) -> Result<Graph> {
    let loc = location(path);
    let bytes = if path.as_os_str() == "-" {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut b)
            .map_err(|e| Error::io(&loc, e))?;
        b
    } else {
        std::fs::read(path).map_err(|e| Error::io(path, e))?
    };
    let options = GraphOptions {
        max_evidence: None,
        keep_mentions: false,
    };
    let mut graph = Graph::new(options);
    if !first {
        graph.keep_documents_in_memory();
    }
    crate::export::read_into(graph, &bytes, &loc)
}

/// The provenance of an input, checked against the first input's.
fn check(graph: &Graph, first: Option<&Provenance>, loc: &str, allow: bool) -> Result<()> {
    if allow {
        return Ok(());
    }
    let Some(p) = graph.provenance() else {
        return Err(Error::merge(
            loc,
            "records no lexicon hash (written by an older newsgraph, or not by `extract`); \
             --allow-mixed-lexicons merges it anyway",
        ));
    };
    if let Some(first) = first
        && let Some(why) = first.differs(p)
    {
        return Err(Error::merge(
            loc,
            format!(
                "made with another lexicon or other settings than the first input ({why}); \
                 --allow-mixed-lexicons merges them anyway"
            ),
        ));
    }
    Ok(())
}

/// Merge the inputs, in order, into one graph.
pub fn merge(config: &MergeConfig) -> Result<(Graph, MergeSummary)> {
    let started = Instant::now();
    let Some((first, rest)) = config.inputs.split_first() else {
        return Err(Error::usage("no input graph given"));
    };
    if config
        .inputs
        .iter()
        .filter(|p| p.as_os_str() == "-")
        .count()
        > 1
    {
        return Err(Error::usage("stdin (-) can be read only once"));
    }
    for p in &config.inputs {
        if p.as_os_str() != "-" {
            std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
        }
    }
    let mut graph = read(first, true)?;
    check(&graph, None, &location(first), config.allow_mixed)?;
    let derived = graph.provenance().is_some_and(|p| p.settings.derived);
    graph.set_max_evidence(graph.provenance().and_then(|p| p.settings.max_evidence));
    graph.remove_derived();
    let first_provenance = graph.provenance().cloned();
    let mut summary = MergeSummary {
        inputs: config.inputs.len(),
        ..MergeSummary::default()
    };
    let (nodes, edges) = (graph.node_count(), graph.edge_count());
    let batch = rayon::current_num_threads().max(1);
    let mut pending: Vec<(String, Result<Graph>)> = Vec::new();
    let mut chunks = rest.chunks(batch);
    loop {
        let next = chunks.next();
        let done = std::mem::take(&mut pending);
        let (read_now, folded) = rayon::join(
            || {
                next.map(|paths| {
                    paths
                        .par_iter()
                        .map(|p| (location(p), read(p, false)))
                        .collect::<Vec<_>>()
                })
            },
            || -> Result<()> {
                for (loc, g) in done {
                    let g = g?;
                    check(&g, first_provenance.as_ref(), &loc, config.allow_mixed)?;
                    if let Some(p) = g.provenance() {
                        let max = crate::graph::min_cap(
                            graph.options().max_evidence,
                            p.settings.max_evidence,
                        );
                        graph.set_max_evidence(max);
                    }
                    let absorbed = graph.absorb(g, &loc, config.on_conflict)?;
                    summary
                        .conflict_inputs
                        .extend(absorbed.conflicts.iter().map(|_| loc.clone()));
                    summary.absorbed.add(absorbed);
                }
                Ok(())
            },
        );
        folded?;
        match read_now {
            Some(v) => pending = v,
            None => break,
        }
    }
    graph.cap_evidence();
    if derived {
        crate::extract::add_derived(&mut graph);
    }
    summary.absorbed.count_new(&graph, nodes, edges);
    summary.documents = graph.document_count();
    summary.actors = graph.node_count();
    summary.relations = graph.edge_count();
    summary.elapsed = started.elapsed();
    Ok((graph, summary))
}
