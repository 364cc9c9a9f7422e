//! Fuzz `merge`'s fast reader (`src/graph/fold.rs`) through `newsgraph::merge`,
//! the library call behind `newsgraph merge`, with the exact reader as the
//! oracle. The fuzz input is written as a node-link file and merged with a
//! fixed graph extracted from our own Arabic sentence (`fuzz/seeds/merge/base.json`):
//! after it (the input goes through the fast parts when it has their shape),
//! before it (the fixed graph is folded into whatever the input read to), and
//! twice after it (its documents met again). The input's length picks
//! `--on-conflict` and `--allow-mixed-lexicons`, so the bytes stay the graph.
//!
//! Properties: no panic; every merge run both ways (`MergeConfig::exact`
//! off and on) either fails both ways with the same message, or succeeds both
//! ways with the same node-link output byte for byte and the same summary
//! (documents, actors, relations, what was absorbed, the conflicts' inputs);
//! the result's node ids and edge keys (source, relation, target, derived)
//! are unique, every edge's ends are nodes, and its node-link output reads back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::{Format, Graph, GraphOptions, MergeConfig, OnConflict, read_node_link_slice};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::OnceLock;

/// `newsgraph extract` of one short sentence of our own, minified.
const BASE: &str = include_str!("../seeds/merge/base.json");

struct Setup {
    dir: tempfile::TempDir,
    base: PathBuf,
    input: PathBuf,
    /// One thread: the machine is shared, and the fold order does not depend
    /// on the thread count.
    pool: rayon::ThreadPool,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary directory");
        let base = dir.path().join("base.json");
        std::fs::write(&base, BASE).expect("write the fixed graph");
        let input = dir.path().join("input.json");
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a thread pool");
        Setup {
            dir,
            base,
            input,
            pool,
        }
    })
}

fn nodelink(graph: &Graph) -> Vec<u8> {
    let mut out = Vec::new();
    Format::NodeLink
        .write(graph, &mut out)
        .expect("writing to memory");
    out
}

/// A merge's outcome, comparable: the node-link output and the summary, or
/// the error's message.
type Outcome = Result<(Vec<u8>, String), String>;

fn run(config: &MergeConfig) -> Outcome {
    let (graph, s) = setup()
        .pool
        .install(|| newsgraph::merge(config))
        .map_err(|e| e.to_string())?;
    let ids: HashSet<&str> = graph.nodes().iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids.len(), graph.node_count(), "node ids not unique");
    // Edges by key, not by id: both readers take a link's id as written, and
    // a link whose id is not its key's (`Edge::make_id`) may then share its id
    // with another input's link.
    let mut edges = HashSet::new();
    for e in graph.edges() {
        let key = (e.source.as_str(), e.relation, e.target.as_str(), e.derived);
        assert!(edges.insert(key), "edge {key:?} twice");
        assert!(
            ids.contains(e.source.as_str()) && ids.contains(e.target.as_str()),
            "edge {:?} to a missing node",
            e.id
        );
    }
    let out = nodelink(&graph);
    if let Err(e) = read_node_link_slice(&out, "merged", GraphOptions::default()) {
        panic!(
            "the merged graph does not read back: {e}\n{}",
            String::from_utf8_lossy(&out)
        );
    }
    let summary = format!(
        "inputs {} documents {} actors {} relations {}\nabsorbed {:?}\nconflicts in {:?}",
        s.inputs, s.documents, s.actors, s.relations, s.absorbed, s.conflict_inputs
    );
    Ok((out, summary))
}

fn show(o: &Outcome) -> String {
    match o {
        Ok((out, summary)) => format!("Ok: {summary}\n{}", String::from_utf8_lossy(out)),
        Err(e) => format!("Err: {e}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let s = setup();
    std::fs::write(&s.input, data).expect("write the input");
    let on_conflict = [OnConflict::Last, OnConflict::First, OnConflict::Fail][data.len() % 3];
    let allow_mixed = data.len() % 2 == 0;
    let (base, input) = (s.base.clone(), s.input.clone());
    for inputs in [
        vec![base.clone(), input.clone()],
        vec![input.clone(), base.clone()],
        vec![base.clone(), input.clone(), input.clone()],
    ] {
        let mut config = MergeConfig {
            inputs,
            on_conflict,
            allow_mixed,
            exact: false,
        };
        let fast = run(&config);
        config.exact = true;
        let exact = run(&config);
        assert!(
            fast == exact,
            "fast and exact merges differ ({} then {}, on conflict {on_conflict:?}, \
             allow mixed {allow_mixed}):\n--- fast\n{}\n--- exact\n{}",
            if config.inputs[0] == base {
                "base"
            } else {
                "input"
            },
            config.inputs.len(),
            show(&fast),
            show(&exact)
        );
    }
    let _ = &s.dir;
});
