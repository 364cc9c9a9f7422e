//! The `merge` run: node-link graphs written by `extract` (or `merge`) read
//! and folded, in input order, into one graph with the aggregation of one
//! extraction over all their documents (see [`Graph::absorb`]).
//!
//! Memory is bounded by the result, not by the sum of the inputs: the first
//! input is read straight into the result; the others are read at most
//! `2 x threads + 1` ahead of the fold (in parallel), each folded in and
//! dropped while the next ones are read.

use crate::error::{Error, Result};
use crate::graph::{Absorbed, FoldCache, Graph, GraphOptions, OnConflict, Part, Provenance};
use std::panic::AssertUnwindSafe;
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
    /// Of `elapsed`, the time spent folding inputs into the result (one
    /// thread; the others read and parse the next inputs meanwhile).
    pub folding: Duration,
}

fn location(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".into()
    } else {
        path.display().to_string()
    }
}

/// Things of inputs already folded, kept for the next inputs (as many as
/// can be under way at once): a buffer of a few megabytes asked of the
/// system anew costs the kernel a page fault every 4 KiB (1.5 GB of them
/// for a year of daily graphs).
#[derive(Debug)]
struct Pool<T> {
    free: Mutex<Vec<T>>,
    keep: usize,
}

impl<T: Default> Pool<T> {
    fn new(keep: usize) -> Pool<T> {
        Pool {
            free: Mutex::new(Vec::new()),
            keep,
        }
    }

    fn take(&self) -> T {
        self.free
            .lock()
            .ok()
            .and_then(|mut free| free.pop())
            .unwrap_or_default()
    }

    fn give(&self, t: T) {
        if let Ok(mut free) = self.free.lock()
            && free.len() < self.keep
        {
            free.push(t);
        }
    }
}

/// The buffers inputs are read into, and the parts they are parsed into.
#[derive(Debug)]
struct Buffers {
    bytes: Pool<Vec<u8>>,
    parts: Pool<Part>,
}

impl Buffers {
    /// Kept for `keep` inputs under way at once.
    fn new(keep: usize) -> Buffers {
        Buffers {
            bytes: Pool::new(keep),
            parts: Pool::new(keep),
        }
    }

    fn take(&self) -> Vec<u8> {
        self.bytes.take()
    }

    fn give(&self, mut buf: Vec<u8>) {
        buf.clear();
        self.bytes.give(buf);
    }
}

/// Read one input whole, into a buffer of `buffers`; and, when `check`
/// (its text is to be parsed as a [`Part`]), whether it is UTF-8 (false
/// when not checked: the exact reader checks what it reads itself).
fn read_bytes(path: &Path, loc: &str, buffers: &Buffers, check: bool) -> Result<(Vec<u8>, bool)> {
    let mut b = buffers.take();
    let utf8 = if path.as_os_str() == "-" {
        read_checked(&mut std::io::stdin().lock(), &mut b, PIECE, check)
            .map_err(|e| Error::io(loc, e))?
    } else {
        let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        if let Ok(m) = file.metadata() {
            b.reserve(usize::try_from(m.len()).unwrap_or(0));
        }
        read_checked(&mut file, &mut b, PIECE, check).map_err(|e| Error::io(path, e))?
    };
    Ok((b, utf8))
}

/// Bytes read and checked as UTF-8 at a time: the check reads them while
/// they are still in the processor's cache, where a check of the whole
/// input after reading it would read it from memory again.
const PIECE: u64 = 256 << 10;

/// Read to the end onto `b` (empty), `piece` bytes at a time, each checked
/// as UTF-8 (with SIMD: std's check costs about 10 instructions a byte on
/// Arabic text) as soon as it is read when `check`; whether all of it was
/// checked and is UTF-8.
fn read_checked(
    r: &mut impl std::io::Read,
    b: &mut Vec<u8>,
    piece: u64,
    check: bool,
) -> std::io::Result<bool> {
    use std::io::Read;
    // b[..checked] is UTF-8; a character cut by the end of a piece is
    // checked with the next
    let mut checked = 0;
    let mut utf8 = check;
    loop {
        if r.take(piece).read_to_end(b)? == 0 {
            break;
        }
        if utf8 {
            match simdutf8::compat::from_utf8(&b[checked..]) {
                Ok(_) => checked = b.len(),
                Err(e) if e.error_len().is_none() => checked += e.valid_up_to(),
                Err(_) => utf8 = false,
            }
        }
    }
    Ok(utf8 && checked == b.len())
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
    let (bytes, utf8) = read_bytes(path, loc, buffers, !exact)?;
    if !utf8 {
        let graph = parse(&bytes, loc, false);
        buffers.give(bytes);
        return graph.map(Input::Graph);
    }
    // SAFETY: `read_bytes` has checked that `bytes` is valid UTF-8.
    let text = unsafe { String::from_utf8_unchecked(bytes) };
    match Part::parse_in(text, buffers.parts.take()) {
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

/// The result of a merge as the inputs are folded into it, in order.
struct Folder<'a> {
    graph: Graph,
    summary: MergeSummary,
    cache: FoldCache,
    /// The first input's provenance, that the others are checked against.
    first: Option<Provenance>,
    config: &'a MergeConfig,
    buffers: &'a Buffers,
}

impl Folder<'_> {
    /// Fold the next input (read and parsed) into the result.
    fn fold(&mut self, loc: String, input: Result<Input>) -> Result<()> {
        let started = Instant::now();
        let (graph, config) = (&mut self.graph, self.config);
        let input = input?;
        check(
            input.provenance(),
            self.first.as_ref(),
            &loc,
            config.allow_mixed,
        )?;
        if let Some(p) = input.provenance() {
            let max = crate::graph::min_cap(graph.options().max_evidence, p.settings.max_evidence);
            graph.set_max_evidence(max);
        }
        let absorbed = match input {
            Input::Graph(g) => {
                self.cache = FoldCache::default();
                graph.absorb(g, &loc, config.on_conflict)?
            }
            Input::Part(mut part) => {
                let folded = graph.fold_part_with(&mut part, &mut self.cache)?;
                let text = part.take_text();
                self.buffers.parts.give(part);
                let absorbed = match folded {
                    Some(absorbed) => absorbed,
                    None => {
                        self.cache = FoldCache::default();
                        let g = parse(text.as_bytes(), &loc, false)?;
                        graph.absorb(g, &loc, config.on_conflict)?
                    }
                };
                self.buffers.give(text.into_bytes());
                absorbed
            }
        };
        let summary = &mut self.summary;
        summary
            .conflict_inputs
            .extend(absorbed.conflicts.iter().map(|_| loc.clone()));
        summary.absorbed.add(absorbed);
        summary.folding += started.elapsed();
        Ok(())
    }
}

/// An input read (its place for messages, and the input or the error), or
/// the panic of the thread that read it; none until it is read.
type Slot = Mutex<Option<std::thread::Result<(String, Result<Input>)>>>;

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

    // The inputs are read and parsed by the pool's threads, a few ahead,
    // while one of them folds them in order; waiting for the next one, it
    // reads others meanwhile (`rayon::yield_now`), so no thread waits for
    // a batch to end. (`rayon::scope` runs the fold on a thread of the
    // pool, from outside one too.)
    let ahead = 2 * rayon::current_num_threads().max(1) + 1;
    // read ahead, one folding, and the first input
    let buffers = Buffers::new(ahead + 2);
    let read = |p: &PathBuf| {
        let loc = location(p);
        let input = read_input(p, &loc, config.exact, &buffers);
        (loc, input)
    };
    let slots: Vec<Slot> = rest.iter().map(|_| Mutex::new(None)).collect();
    let (folder, nodes, edges, derived) = rayon::scope(|scope| {
        let start = |i: usize| {
            let (slots, read) = (&slots, &read);
            if let Some(path) = rest.get(i) {
                scope.spawn(move |_| {
                    // a panic is raised again where the input is awaited
                    let input = std::panic::catch_unwind(AssertUnwindSafe(|| read(path)));
                    if let Ok(mut slot) = slots[i].lock() {
                        *slot = Some(input);
                    }
                });
            }
        };
        // The next inputs are read while the first is, up to stdin, read
        // after it: a bad first input is reported at once, not after stdin
        // has ended.
        let early = rest
            .iter()
            .take(ahead)
            .position(|p| p.as_os_str() == "-")
            .unwrap_or(ahead);
        (0..early).for_each(start);
        let loc = location(first);
        // read the exact way, into the result
        let (bytes, _) = read_bytes(first, &loc, &buffers, false)?;
        let mut graph = parse(&bytes, &loc, true)?;
        buffers.give(bytes);
        check(graph.provenance(), None, &loc, config.allow_mixed)?;
        let derived = graph.provenance().is_some_and(|p| p.settings.derived);
        graph.set_max_evidence(graph.provenance().and_then(|p| p.settings.max_evidence));
        graph.remove_derived();
        let (nodes, edges) = (graph.node_count(), graph.edge_count());
        (early..ahead).for_each(start);
        let mut folder = Folder {
            first: graph.provenance().cloned(),
            graph,
            summary: MergeSummary {
                inputs: config.inputs.len(),
                ..MergeSummary::default()
            },
            cache: FoldCache::default(),
            config,
            buffers: &buffers,
        };
        for (i, slot) in slots.iter().enumerate() {
            start(i + ahead);
            let (loc, input) = loop {
                if let Some(read) = slot.lock().ok().and_then(|mut s| s.take()) {
                    break read.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                }
                if rayon::yield_now() != Some(rayon::Yield::Executed) {
                    // every input ahead is being read: not long to wait
                    std::thread::sleep(Duration::from_micros(20));
                }
            };
            folder.fold(loc, input)?;
        }
        Ok::<_, Error>((folder, nodes, edges, derived))
    })?;
    let Folder {
        mut graph,
        mut summary,
        ..
    } = folder;
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A reader that gives at most `step` bytes a read.
    struct Trickle<'a> {
        rest: &'a [u8],
        step: usize,
    }

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.rest.len().min(self.step).min(buf.len());
            buf[..n].copy_from_slice(&self.rest[..n]);
            self.rest = &self.rest[n..];
            Ok(n)
        }
    }

    fn checked(bytes: &[u8], step: usize, piece: u64) -> (Vec<u8>, bool) {
        let mut b = Vec::new();
        let ok = read_checked(&mut Trickle { rest: bytes, step }, &mut b, piece, true).unwrap();
        (b, ok)
    }

    #[test]
    fn pieces_cut_characters_and_are_still_checked_whole() {
        // two-, three- and four-byte characters across every piece's end
        let text = "ابجد €𝄞 x".repeat((PIECE as usize) / 8);
        for step in [1, 3, 4096, PIECE as usize - 1, usize::MAX] {
            let (b, ok) = checked(text.as_bytes(), step, PIECE);
            assert!(ok, "step {step}");
            assert_eq!(b, text.as_bytes());
        }
        let mut cut = text.clone().into_bytes();
        cut.pop(); // "x"
        cut.pop(); // " "
        cut.pop(); // the last byte of 𝄞
        let (b, ok) = checked(&cut, 4096, PIECE);
        assert!(!ok, "a character cut at the end");
        assert_eq!(b, cut);
        let mut bad = text.into_bytes();
        let at = PIECE as usize + 5;
        bad[at] = 0xff;
        let (b, ok) = checked(&bad, 1000, PIECE);
        assert!(!ok, "a byte that is no UTF-8");
        assert_eq!(b, bad, "read to the end all the same");
    }

    proptest! {
        /// In pieces of any size, cutting characters anywhere.
        #[test]
        fn reading_in_pieces_checks_as_one_check_does(
            bytes in proptest::collection::vec(any::<u8>(), 0..2000),
            ascii in any::<bool>(),
            step in 1usize..600,
            piece in 1u64..600,
        ) {
            let bytes: Vec<u8> = if ascii {
                String::from_utf8_lossy(&bytes).into_owned().into_bytes()
            } else {
                bytes
            };
            let (b, ok) = checked(&bytes, step, piece);
            prop_assert_eq!(ok, std::str::from_utf8(&bytes).is_ok());
            prop_assert_eq!(b, bytes);
        }
    }
}
