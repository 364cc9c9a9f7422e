//! The whole run: read inputs, extract from documents in parallel batches,
//! aggregate into one graph. Memory grows with the graph, not the corpus.

use crate::error::{Error, Result};
use crate::extract::{ExtractOptions, Extractor};
use crate::graph::{
    Absorbed, Conflict, DocExtraction, DocumentMeta, Graph, GraphOptions, OnConflict, Provenance,
    Settings, Skipped, min_cap, same_text,
};
use crate::input::{Document, InputEvent, InputOptions, Sink, duplicate_warning, read};
use crate::lexicon::{LearnOptions, Lexicon};
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

/// From the reader thread, in input order: documents, skips and warnings.
enum Item {
    /// The documents that follow come from this input (its name for messages).
    Input(String),
    Document(Document),
    Skipped(Skipped),
    Warning(String),
}

/// The reader thread's sink: cuts the items into batches of `BATCH` documents
/// (or `2 * BATCH` items, so that a run of skips is not held back long).
struct Batcher<'a> {
    tx: &'a std::sync::mpsc::SyncSender<Vec<Item>>,
    batch: Vec<Item>,
    documents: usize,
    input: String,
}

impl Batcher<'_> {
    fn push(&mut self, item: Item) {
        if matches!(item, Item::Document(_)) {
            self.documents += 1;
        }
        self.batch.push(item);
        if self.documents >= BATCH || self.batch.len() >= 2 * BATCH {
            self.send();
        }
    }

    fn send(&mut self) {
        if !self.batch.is_empty() {
            let full = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
            self.documents = 0;
            // When the receiver is gone (a failed merge), reading goes on to
            // the end of the input, its batches dropped.
            let _ = self.tx.send(full);
        }
    }
}

impl Sink for Batcher<'_> {
    fn event(&mut self, event: InputEvent) {
        self.push(match event {
            InputEvent::Document(doc) => Item::Document(doc),
            InputEvent::Skipped(s) => Item::Skipped(s),
            InputEvent::Warning(w) => Item::Warning(w),
        });
    }

    fn document(&mut self, input: &str, mut doc: Document) {
        doc.meta.hash = Some(doc.text_hash());
        if input != self.input {
            self.input = input.to_string();
            self.push(Item::Input(self.input.clone()));
        }
        self.push(Item::Document(doc));
    }
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
    /// Learn names from the inputs first (a first pass that writes nothing),
    /// then extract with the lexicon plus the names learned. The inputs are
    /// read twice, so stdin cannot be one of them.
    pub learn: Option<LearnOptions>,
    /// Add to this graph instead of starting an empty one (`--into`).
    pub into: Option<IntoOptions>,
}

/// Adding a run's documents to a node-link graph written earlier.
#[derive(Clone, Debug, Default)]
pub struct IntoOptions {
    /// The graph to read, grow and write back (atomically) in place.
    pub path: PathBuf,
    /// How a document of the graph that is read again with another text is
    /// settled (the run's version wins by default).
    pub on_conflict: OnConflict,
    /// Add to a graph made with another lexicon or other settings.
    pub allow_mixed: bool,
}

impl Config {
    /// Whether the inputs include stdin (`-`, or no input at all).
    pub fn reads_stdin(&self) -> bool {
        self.inputs.is_empty() || self.inputs.iter().any(|p| p.as_os_str() == "-")
    }
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
    /// How many of `warnings` are places where the extractor bounded its work
    /// (an over-long sentence cut, a list of participants capped).
    pub cuts: usize,
    /// With [`Config::learn`]: the number of names the first pass learned.
    pub learned: Option<usize>,
    /// With [`Config::into`]: what the run added to the graph.
    pub grown: Option<Absorbed>,
}

/// The pass of a run that progress is reported for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Learning names (`lexicon learn`, or the first pass of `extract --learn`).
    Learn,
    /// Extracting the graph.
    Extract,
}

/// What a pass does with the documents and their extractions, in input order.
pub(crate) trait Fold: Send {
    /// A document read, before its extraction is folded in: false when a
    /// document with the same id was read before.
    fn record_document(&mut self, meta: &DocumentMeta) -> Result<bool>;
    /// An input that was skipped.
    fn skipped(&mut self, skipped: &Skipped);
    /// The extraction of a document recorded earlier.
    fn fold(&mut self, extraction: DocExtraction) -> Result<()>;
}

impl Fold for Graph {
    fn record_document(&mut self, meta: &DocumentMeta) -> Result<bool> {
        Graph::record_document(self, meta)
    }

    fn skipped(&mut self, skipped: &Skipped) {
        self.add_skipped(skipped.clone());
    }

    fn fold(&mut self, extraction: DocExtraction) -> Result<()> {
        self.merge(extraction)
    }
}

/// A graph read from a file (`--into`) that the run's documents are folded
/// into. A document of the graph read again with the same text is left out
/// (it counts once); with another text it is a conflict, settled by the
/// options' rule. Documents new to the graph are folded in as by `extract`.
struct Growing {
    graph: Graph,
    /// Document numbers below this one were given by the graph read.
    archived: usize,
    nodes: usize,
    edges: usize,
    on_conflict: OnConflict,
    location: String,
    /// The documents whose extraction is left out.
    skip: std::collections::HashSet<String>,
    report: Absorbed,
}

impl Growing {
    /// Read the graph at `into.path`, check that it was made as this run
    /// makes graphs, and make it ready to grow.
    fn open(into: &IntoOptions, options: GraphOptions, run: Provenance) -> Result<Growing> {
        let location = into.path.display().to_string();
        let bytes = std::fs::read(&into.path).map_err(|e| Error::io(&into.path, e))?;
        let mut graph = crate::export::read_node_link_slice(&bytes, &location, options)?;
        drop(bytes);
        let provenance = match graph.provenance() {
            Some(p) => match p.differs(&run) {
                Some(why) if !into.allow_mixed => {
                    return Err(Error::merge(
                        &location,
                        format!(
                            "made with another lexicon or other settings than this run ({why}); \
                             --allow-mixed-lexicons adds to it anyway"
                        ),
                    ));
                }
                Some(_) => Provenance {
                    lexicon: "mixed".into(),
                    ..run.clone()
                },
                None => run.clone(),
            },
            None if !into.allow_mixed => {
                return Err(Error::merge(
                    &location,
                    "records no lexicon hash (written by an older newsgraph, or not by \
                     `extract`); --allow-mixed-lexicons adds to it anyway",
                ));
            }
            None => Provenance {
                lexicon: "mixed".into(),
                ..run.clone()
            },
        };
        // the smaller cap: each side holds its items up to it exactly
        let max = match graph.provenance() {
            Some(p) => min_cap(p.settings.max_evidence, options.max_evidence),
            None => options.max_evidence,
        };
        let mut provenance = provenance;
        provenance.settings.max_evidence = max;
        graph.set_provenance(Some(provenance));
        graph.set_max_evidence(max);
        graph.cap_evidence();
        if run.settings.derived {
            graph.remove_derived();
        }
        Ok(Growing {
            archived: graph.numbered_documents(),
            nodes: graph.node_count(),
            edges: graph.edge_count(),
            graph,
            on_conflict: into.on_conflict,
            location,
            skip: Default::default(),
            report: Absorbed::default(),
        })
    }

    fn finish(mut self) -> (Graph, Absorbed) {
        self.report.count_new(&self.graph, self.nodes, self.edges);
        (self.graph, self.report)
    }
}

impl Fold for Growing {
    fn record_document(&mut self, meta: &DocumentMeta) -> Result<bool> {
        let Some(old) = self.graph.archived_meta(&meta.id, self.archived) else {
            let new = self.graph.record_document(meta)?;
            self.report.new_documents += usize::from(new);
            return Ok(new);
        };
        let old = old.map_err(|e| Error::io(&self.location, e))?;
        if same_text(&old.hash, &meta.hash) {
            self.report.shared += 1;
            self.skip.insert(meta.id.clone());
            return Ok(true);
        }
        let conflict = Conflict {
            id: meta.id.clone(),
            hashes: (old.hash, meta.hash.clone()),
        };
        match self.on_conflict {
            OnConflict::Fail => {
                return Err(Error::merge(
                    &self.location,
                    format!(
                        "document {:?} is read again with another text (hash {} in the graph, \
                         {} now); --on-conflict last or first settles it",
                        conflict.id,
                        conflict.hashes.0.as_deref().unwrap_or("none"),
                        conflict.hashes.1.as_deref().unwrap_or("none"),
                    ),
                ));
            }
            OnConflict::First => {
                self.skip.insert(meta.id.clone());
            }
            OnConflict::Last => {
                let ids = std::collections::HashSet::from([meta.id.clone()]);
                self.graph.drop_documents(&ids, &mut self.report);
                self.graph.replace_document(meta)?;
            }
        }
        self.report.conflicts.push(conflict);
        Ok(true)
    }

    fn skipped(&mut self, skipped: &Skipped) {
        self.graph.add_skipped(skipped.clone());
    }

    fn fold(&mut self, extraction: DocExtraction) -> Result<()> {
        if self.skip.contains(&extraction.meta.id) {
            return Ok(());
        }
        self.graph.merge(extraction)
    }
}

/// The extractor for these inputs: a DFA pays for its build time after a few
/// MB of text.
pub(crate) fn extractor_for<'l>(
    inputs: &[PathBuf],
    lexicon: &'l Lexicon,
    options: ExtractOptions,
) -> Extractor<'l> {
    if input_bytes_at_least(inputs, DFA_FROM) {
        Extractor::for_large_input(lexicon, options)
    } else {
        Extractor::new(lexicon, options)
    }
}

/// The peak resident set size of this process so far, in bytes, from
/// `getrusage(RUSAGE_SELF)`; `None` where it is not available.
pub fn peak_rss() -> Option<u64> {
    #[cfg(unix)]
    {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: getrusage only writes the struct it is given, which is
        // zeroed (a valid rusage) and lives for the call.
        let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) };
        if rc != 0 {
            return None;
        }
        // SAFETY: zero-initialised and then filled in by a successful call.
        let usage = unsafe { usage.assume_init() };
        let max = u64::try_from(usage.ru_maxrss).ok()?;
        // kilobytes on Linux and the BSDs, bytes on macOS
        Some(if cfg!(target_os = "macos") {
            max
        } else {
            max * 1024
        })
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Run the extraction. `progress` is called after each batch with the number of
/// documents and bytes done so far.
pub fn run(config: &Config, progress: &mut dyn FnMut(usize, u64)) -> Result<(Graph, Summary)> {
    run_phased(config, &mut |_, docs, bytes| progress(docs, bytes))
}

/// [`run`], with the progress of each pass told apart: with [`Config::learn`]
/// the documents are counted from 0 again in the [`Phase::Extract`] pass.
pub fn run_phased(
    config: &Config,
    progress: &mut dyn FnMut(Phase, usize, u64),
) -> Result<(Graph, Summary)> {
    let started = Instant::now();
    if config.learn.is_some() && config.reads_stdin() {
        return Err(Error::usage(
            "--learn reads the inputs twice and cannot read stdin: give files or directories",
        ));
    }
    let mut lexicon = Lexicon::load(&config.lexicons, !config.no_builtin_lexicon)?;
    let mut learned = None;
    if let Some(options) = &config.learn {
        let names =
            crate::lexicon::learn::learn_with(config, &lexicon, options, &mut |docs, bytes| {
                progress(Phase::Learn, docs, bytes)
            })?
            .0;
        learned = Some(names.actors.len());
        lexicon.add_str(&names.to_toml(), crate::lexicon::learn::ORIGIN)?;
    }
    // Mentions one by one only when the graph keeps them.
    let options = ExtractOptions {
        count_mentions_only: config.extract.count_mentions_only || !config.graph.keep_mentions,
        ..config.extract.clone()
    };
    let extractor = extractor_for(&config.inputs, &lexicon, options);
    let provenance = Provenance {
        lexicon: lexicon.hash(),
        settings: Settings {
            derived: config.extract.derived,
            sectors: config.extract.sectors,
            max_sentence_tokens: config.extract.max_sentence_tokens,
            max_participants: config.extract.max_participants,
            max_evidence: config.graph.max_evidence,
        },
    };
    let mut summary = Summary::default();
    let mut on_progress = |docs, bytes| progress(Phase::Extract, docs, bytes);
    let mut graph = match &config.into {
        None => {
            let mut graph = Graph::new(config.graph);
            graph.set_provenance(Some(provenance));
            pass(
                config,
                &extractor,
                &mut graph,
                &mut summary,
                &mut on_progress,
            )?;
            graph
        }
        Some(into) => {
            let mut growing = Growing::open(into, config.graph, provenance)?;
            pass(
                config,
                &extractor,
                &mut growing,
                &mut summary,
                &mut on_progress,
            )?;
            let (graph, grown) = growing.finish();
            summary.grown = Some(grown);
            graph
        }
    };
    if config.extract.derived {
        crate::extract::add_derived(&mut graph);
    }
    summary.actors = graph.node_count();
    summary.relations = graph.edge_count();
    summary.learned = learned;
    summary.elapsed = started.elapsed();
    Ok((graph, summary))
}

/// One pass over the inputs: read, extract in parallel batches, fold the
/// extractions into `sink` in input order. Counts documents, bytes, skips and
/// warnings in `summary`.
pub(crate) fn pass(
    config: &Config,
    extractor: &Extractor<'_>,
    sink: &mut dyn Fold,
    summary: &mut Summary,
    progress: &mut dyn FnMut(usize, u64),
) -> Result<()> {
    // The results of a batch are folded in while the workers extract the
    // next one; folding stays in input order.
    let mut pending: Vec<DocExtraction> = Vec::new();
    let mut flush =
        |batch: &[Document], sink: &mut dyn Fold, summary: &mut Summary| -> Result<()> {
            let done = std::mem::take(&mut pending);
            let (results, merged) = rayon::join(
                || batch.par_iter().map(|d| extractor.extract(d)).collect(),
                || {
                    done.into_iter().try_for_each(|mut r| {
                        summary.cuts += r.warnings.len();
                        summary.warnings.append(&mut r.warnings);
                        sink.fold(r)
                    })
                },
            );
            pending = results;
            summary.documents += batch.len();
            summary.bytes += batch.iter().map(|d| d.text.len() as u64).sum::<u64>();
            merged
        };
    let inputs = if config.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        config.inputs.clone()
    };
    // A reader thread parses the inputs into batches while this one extracts
    // the previous batch. Each batch's documents, skips and warnings are taken
    // in input order; a document's id is checked against the sink's ids here,
    // so that no other list of every id is kept.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Item>>(2);
    let (merged, reading) = std::thread::scope(|scope| {
        let reader = scope.spawn(|| {
            let mut sink = Batcher {
                tx: &tx,
                batch: Vec::with_capacity(BATCH),
                documents: 0,
                input: String::new(),
            };
            let result = read(&inputs, &config.input, &mut sink);
            sink.send();
            drop(tx);
            result
        });
        // A failed fold (the documents' temporary file) stops the run: the
        // reader's sends fail from then on.
        let consume = || -> Result<()> {
            let mut input = String::new();
            for batch in rx {
                let mut documents = Vec::with_capacity(BATCH);
                for item in batch {
                    match item {
                        Item::Input(name) => input = name,
                        Item::Document(doc) => {
                            if !sink.record_document(&doc.meta)? {
                                let w = duplicate_warning(&input, &doc.meta.id);
                                summary.warnings.push(w);
                            }
                            documents.push(doc);
                        }
                        Item::Skipped(s) => {
                            sink.skipped(&s);
                            summary.skipped.push(s);
                        }
                        Item::Warning(w) => summary.warnings.push(w),
                    }
                }
                if !documents.is_empty() {
                    flush(&documents, &mut *sink, &mut *summary)?;
                    progress(summary.documents, summary.bytes);
                }
            }
            // fold the last batch
            flush(&[], &mut *sink, &mut *summary)
        };
        let merged = consume();
        let reading = reader
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (merged, reading)
    });
    merged?;
    reading?;
    progress(summary.documents, summary.bytes);
    Ok(())
}
