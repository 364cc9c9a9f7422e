//! The `merge` run: node-link graphs written by `extract` (or `merge`) read
//! and folded, in input order, into one graph with the aggregation of one
//! extraction over all their documents (see [`Graph::absorb`]).
//!
//! Memory is bounded by the result, not by the sum of the inputs: the first
//! input is read straight into the result; the others are read a few at a
//! time (as many as there are threads, in parallel), each folded in and
//! dropped while the next ones are read.

use crate::error::{Error, Result};
use crate::graph::{Absorbed, FoldCache, Graph, GraphOptions, OnConflict, Part, Provenance};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
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
    /// Read every input the exact way (into a graph, then absorbed), never
    /// through the fast parts: the same result, slower. For tests and the
    /// `merge` fuzz target, which compare the two ways.
    pub exact: bool,
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

/// Buffers of inputs already folded, to read the next ones into: a new
/// buffer of a few megabytes costs the kernel a page fault every 4 KiB
/// (1.5 GB of them for a year of daily graphs).
#[derive(Debug, Default)]
struct Buffers(Mutex<Vec<Vec<u8>>>);

/// Buffers kept at most (a few inputs are read while others are folded).
const KEEP_BUFFERS: usize = 8;

impl Buffers {
    fn take(&self) -> Vec<u8> {
        self.0
            .lock()
            .ok()
            .and_then(|mut free| free.pop())
            .unwrap_or_default()
    }

    fn give(&self, mut buf: Vec<u8>) {
        buf.clear();
        if let Ok(mut free) = self.0.lock()
            && free.len() < KEEP_BUFFERS
        {
            free.push(buf);
        }
    }
}

/// Read one input whole, into a buffer of `buffers`.
fn read_bytes(path: &Path, loc: &str, buffers: &Buffers) -> Result<Vec<u8>> {
    let mut b = buffers.take();
    if path.as_os_str() == "-" {
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut b)
            .map_err(|e| Error::io(loc, e))?;
    } else {
        let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        if let Ok(m) = file.metadata() {
            b.reserve(usize::try_from(m.len()).unwrap_or(0));
        }
        std::io::Read::read_to_end(&mut file, &mut b).map_err(|e| Error::io(path, e))?;
    }
    Ok(b)
}

/// Parse an input in place (`first`: into the result, else into a graph
/// that keeps its documents in memory until folded).
fn parse(bytes: &[u8], loc: &str, first: bool) -> Result<Graph> {
    let options = GraphOptions {
        max_evidence: None,
        keep_mentions: false,
    };
    let mut graph = Graph::new(options);
    if !first {
        graph.keep_documents_in_memory();
    }
    crate::export::read_into(graph, bytes, loc)
}

/// An input after the first, read: parsed for folding (see
/// [`crate::graph::Part`]), or read into a graph when it cannot be.
#[allow(clippy::large_enum_variant)] // a few at a time, moved once
enum Input {
    Part(Part),
    Graph(Graph),
}

impl Input {
    fn provenance(&self) -> Option<&Provenance> {
        match self {
            Input::Part(p) => p.provenance(),
            Input::Graph(g) => g.provenance(),
        }
    }
}

fn read_input(path: &Path, loc: &str, exact: bool, buffers: &Buffers) -> Result<Input> {
    let bytes = read_bytes(path, loc, buffers)?;
    // Checked with SIMD: std's check costs about 10 instructions a byte on
    // Arabic text, a tenth of a whole merge.
    if exact || simdutf8::basic::from_utf8(&bytes).is_err() {
        let graph = parse(&bytes, loc, false);
        buffers.give(bytes);
        return graph.map(Input::Graph);
    }
    // SAFETY: simdutf8 has just checked that `bytes` is valid UTF-8.
    let text = unsafe { String::from_utf8_unchecked(bytes) };
    match Part::parse(text) {
        Ok(part) => Ok(Input::Part(part)),
        Err(text) => {
            let graph = parse(text.as_bytes(), loc, false);
            buffers.give(text.into_bytes());
            graph.map(Input::Graph)
        }
    }
}

/// The provenance of an input, checked against the first input's.
fn check(p: Option<&Provenance>, first: Option<&Provenance>, loc: &str, allow: bool) -> Result<()> {
    if allow {
        return Ok(());
    }
    let Some(p) = p else {
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
    let loc = location(first);
    let buffers = Buffers::default();
    let bytes = read_bytes(first, &loc, &buffers)?;
    let mut graph = parse(&bytes, &loc, true)?;
    buffers.give(bytes);
    check(graph.provenance(), None, &loc, config.allow_mixed)?;
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
    let mut pending: Vec<(String, Result<Input>)> = Vec::new();
    let mut chunks = rest.chunks(batch);
    let mut cache = FoldCache::default();
    loop {
        let next = chunks.next();
        let done = std::mem::take(&mut pending);
        let (read_now, folded) = rayon::join(
            || {
                next.map(|paths| {
                    paths
                        .par_iter()
                        .map(|p| {
                            let loc = location(p);
                            let input = read_input(p, &loc, config.exact, &buffers);
                            (loc, input)
                        })
                        .collect::<Vec<_>>()
                })
            },
            || -> Result<()> {
                for (loc, g) in done {
                    let g = g?;
                    check(
                        g.provenance(),
                        first_provenance.as_ref(),
                        &loc,
                        config.allow_mixed,
                    )?;
                    if let Some(p) = g.provenance() {
                        let max = crate::graph::min_cap(
                            graph.options().max_evidence,
                            p.settings.max_evidence,
                        );
                        graph.set_max_evidence(max);
                    }
                    let absorbed = match g {
                        Input::Graph(g) => {
                            cache = FoldCache::default();
                            graph.absorb(g, &loc, config.on_conflict)?
                        }
                        Input::Part(mut part) => {
                            let folded = graph.fold_part_with(&mut part, &mut cache)?;
                            let text = part.take_text();
                            drop(part);
                            let absorbed = match folded {
                                Some(absorbed) => absorbed,
                                None => {
                                    cache = FoldCache::default();
                                    let g = parse(text.as_bytes(), &loc, false)?;
                                    graph.absorb(g, &loc, config.on_conflict)?
                                }
                            };
                            buffers.give(text.into_bytes());
                            absorbed
                        }
                    };
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
