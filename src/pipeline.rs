//! The whole run: read inputs, extract from documents in parallel batches,
//! aggregate into one graph. Memory grows with the graph, not the corpus.

use crate::error::Result;
use crate::extract::{ExtractOptions, Extractor};
use crate::graph::{DocExtraction, Graph, GraphOptions, Skipped};
use crate::input::{Document, InputEvent, InputOptions, read_inputs};
use crate::lexicon::Lexicon;
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Documents extracted in parallel per batch.
const BATCH: usize = 512;

/// Input size from which the matcher is compiled into a DFA.
const DFA_FROM: u64 = 4 << 20;

/// Do the input files (directories walked) hold at least `limit` bytes? Stops
/// counting at the limit; stdin and unreadable paths count as empty.
fn input_bytes_at_least(inputs: &[PathBuf], limit: u64) -> bool {
    fn walk(path: &std::path::Path, total: &mut u64, limit: u64) {
        let Ok(meta) = std::fs::metadata(path) else {
            return;
        };
        if meta.is_dir() {
            let Ok(entries) = std::fs::read_dir(path) else {
                return;
            };
            for e in entries.flatten() {
                if *total >= limit {
                    return;
                }
                walk(&e.path(), total, limit);
            }
        } else {
            *total += meta.len();
        }
    }
    let mut total = 0;
    for p in inputs {
        if p.as_os_str() != "-" {
            walk(p, &mut total, limit);
        }
        if total >= limit {
            return true;
        }
    }
    false
}

/// From the reader thread: a batch of documents, or a skip or warning.
enum Message {
    Batch(Vec<Document>),
    Event(InputEvent),
}

/// A validated configuration of an extraction run.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Files and directories; empty or `-` means stdin.
    pub inputs: Vec<PathBuf>,
    pub input: InputOptions,
    /// Extra lexicon files, loaded after the built-in lexicon.
    pub lexicons: Vec<PathBuf>,
    /// Replace the built-in lexicon instead of extending it.
    pub no_builtin_lexicon: bool,
    pub extract: ExtractOptions,
    pub graph: GraphOptions,
}

/// What a run did.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub documents: usize,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<String>,
    pub actors: usize,
    pub relations: usize,
    pub bytes: u64,
    pub elapsed: Duration,
}

/// Run the extraction. `progress` is called after each batch with the number of
/// documents and bytes done so far.
pub fn run(config: &Config, progress: &mut dyn FnMut(usize, u64)) -> Result<(Graph, Summary)> {
    let started = Instant::now();
    let lexicon = Lexicon::load(&config.lexicons, !config.no_builtin_lexicon)?;
    // Mentions one by one only when the graph keeps them.
    let options = ExtractOptions {
        count_mentions_only: config.extract.count_mentions_only || !config.graph.keep_mentions,
        ..config.extract.clone()
    };
    // A DFA pays for its build time after a few MB of text.
    let extractor = if input_bytes_at_least(&config.inputs, DFA_FROM) {
        Extractor::for_large_input(&lexicon, options)
    } else {
        Extractor::new(&lexicon, options)
    };
    let mut graph = Graph::new(config.graph);
    let mut summary = Summary::default();
    // The results of a batch are merged into the graph while the workers
    // extract the next one; merging stays in input order.
    let mut pending: Vec<DocExtraction> = Vec::new();
    let mut flush = |batch: &[Document], graph: &mut Graph, summary: &mut Summary| {
        let done = std::mem::take(&mut pending);
        let (results, ()) = rayon::join(
            || batch.par_iter().map(|d| extractor.extract(d)).collect(),
            || done.into_iter().for_each(|r| graph.merge(r)),
        );
        pending = results;
        summary.documents += batch.len();
        summary.bytes += batch.iter().map(|d| d.text.len() as u64).sum::<u64>();
    };
    let inputs = if config.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        config.inputs.clone()
    };
    // A reader thread parses the inputs into batches while this one extracts
    // the previous batch; skips and warnings keep their place in input order.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Message>(2);
    let read = std::thread::scope(|scope| {
        let reader = scope.spawn(|| {
            let tx = tx;
            let mut batch: Vec<Document> = Vec::with_capacity(BATCH);
            let result = read_inputs(&inputs, &config.input, &mut |event| match event {
                InputEvent::Document(doc) => {
                    batch.push(doc);
                    if batch.len() >= BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        let _ = tx.send(Message::Batch(full));
                    }
                }
                other => {
                    let _ = tx.send(Message::Event(other));
                }
            });
            if !batch.is_empty() {
                let _ = tx.send(Message::Batch(batch));
            }
            result
        });
        for message in rx {
            match message {
                Message::Batch(batch) => {
                    flush(&batch, &mut graph, &mut summary);
                    progress(summary.documents, summary.bytes);
                }
                Message::Event(InputEvent::Document(doc)) => {
                    flush(std::slice::from_ref(&doc), &mut graph, &mut summary);
                }
                Message::Event(InputEvent::Skipped(s)) => {
                    graph.add_skipped(s.clone());
                    summary.skipped.push(s);
                }
                Message::Event(InputEvent::Warning(w)) => summary.warnings.push(w),
            }
        }
        // merge the last batch
        flush(&[], &mut graph, &mut summary);
        reader
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))
    });
    read?;
    progress(summary.documents, summary.bytes);
    if config.extract.derived {
        crate::extract::add_derived(&mut graph);
    }
    summary.actors = graph.node_count();
    summary.relations = graph.edge_count();
    summary.elapsed = started.elapsed();
    Ok((graph, summary))
}
