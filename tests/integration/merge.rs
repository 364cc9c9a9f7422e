//! Graphs that grow: `merge`, `extract --into`, and the law they are held to:
//! for any split of a set of articles into parts A and B,
//! merge(extract(A), extract(B)) is byte-identical to extract(A ∪ B) in every
//! format, at any thread count.

use crate::common::{bin, seeds, shared};
use newsgraph::{
    Config, ExtractOptions, Format, Graph, GraphOptions, MergeConfig, OnConflict, write_outputs,
};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// The formats a node-link graph holds (mentions are not among them).
const FORMATS: [Format; 5] = [
    Format::NodeLink,
    Format::GraphMl,
    Format::Gexf,
    Format::JsonLd,
    Format::NQuads,
];

/// Short articles of our own: three states, two ministers, meetings, calls
/// and support, each a JSON Lines record with its id and date.
const ARTICLES: &[(&str, &str)] = &[
    (
        "a1",
        "التقى وزير الخارجية المصري سامح شكري نظيره الأردني ناصر جودة في القاهرة.",
    ),
    (
        "a2",
        "أجرى الملك سلمان اتصالا هاتفيا مع الرئيس المصري عبد الفتاح السيسي.",
    ),
    (
        "a3",
        "أعلنت السعودية دعمها للحكومة اليمنية في مواجهة الحوثيين.",
    ),
    (
        "a4",
        "التقى وزير الخارجية المصري سامح شكري وزير الخارجية الأمريكي جون كيري في واشنطن.",
    ),
    ("a5", "استقبل الملك عبد الله الثاني الرئيس الفرنسي في عمان."),
    (
        "a6",
        "بحث الرئيس التركي مع رئيس الوزراء العراقي حيدر العبادي التعاون بين البلدين.",
    ),
];

fn record(id: &str, text: &str, day: usize) -> String {
    serde_json::json!({
        "id": id,
        "title": format!("خبر {id}"),
        "content": text,
        "date": format!("2015-07-{:02}", 20 + day % 10),
        "source": "tests",
    })
    .to_string()
}

/// Write JSON Lines records to `path`.
fn write_lines(path: &Path, lines: &[String]) {
    let mut text = lines.join("\n");
    text.push('\n');
    std::fs::write(path, text).unwrap();
}

/// The articles of this file as JSON Lines records.
fn our_articles() -> Vec<String> {
    ARTICLES
        .iter()
        .enumerate()
        .map(|(i, (id, text))| record(id, text, i))
        .collect()
}

/// Up to `n` articles of one SaudiNewsNet day (JSON Lines records), when the
/// shared corpus is there (and python3 can unzip it).
fn corpus_sample(dir: &Path, n: usize) -> Option<Vec<String>> {
    let corpus = shared("corpus/saudinewsnet")?;
    let mut zips: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "zip"))
        .collect();
    zips.sort();
    let out = dir.join("day");
    let status = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
        ])
        .arg(zips.first()?)
        .arg(&out)
        .status();
    if !status.is_ok_and(|s| s.success()) {
        assert!(std::env::var_os("CI").is_none(), "python3 cannot unzip");
        eprintln!("skipping the corpus sample: python3 cannot unzip");
        return None;
    }
    let json = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))?;
    let records: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap();
    Some(
        records
            .iter()
            .filter(|r| r["content"].as_str().is_some_and(|c| !c.trim().is_empty()))
            .take(n)
            .map(|r| r.to_string())
            .collect(),
    )
}

/// One extraction, as `extract` runs it, on a pool of `threads`.
fn extract(inputs: &[PathBuf], threads: usize, derived: bool, sectors: bool) -> Graph {
    let config = Config {
        inputs: inputs.to_vec(),
        extract: ExtractOptions {
            derived,
            sectors,
            ..ExtractOptions::default()
        },
        graph: GraphOptions::default(),
        ..Config::default()
    };
    pool(threads)
        .install(|| newsgraph::run(&config, &mut |_, _| {}))
        .unwrap()
        .0
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

fn merged(inputs: &[PathBuf], threads: usize) -> Graph {
    let config = MergeConfig {
        inputs: inputs.to_vec(),
        ..MergeConfig::default()
    };
    pool(threads)
        .install(|| newsgraph::merge(&config))
        .unwrap()
        .0
}

/// The graph in every format.
fn render(g: &Graph) -> Vec<String> {
    FORMATS
        .iter()
        .map(|f| {
            let mut out = Vec::new();
            f.write(g, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        })
        .collect()
}

fn save(g: &Graph, path: &Path) {
    write_outputs(
        g,
        &[newsgraph::Output {
            path: path.to_path_buf(),
            format: Format::NodeLink,
        }],
    )
    .unwrap();
}

/// The articles (text files and JSON Lines records) of a split: part A's
/// files and records, then B's.
struct Split {
    a: Vec<PathBuf>,
    b: Vec<PathBuf>,
}

fn split(dir: &Path, files: &[PathBuf], records: &[String], in_a: &[bool]) -> Split {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for (f, &x) in files.iter().zip(in_a) {
        if x { &mut a } else { &mut b }.push(f.clone());
    }
    let (mut ra, mut rb) = (Vec::new(), Vec::new());
    for (r, &x) in records.iter().zip(&in_a[files.len().min(in_a.len())..]) {
        if x { &mut ra } else { &mut rb }.push(r.clone());
    }
    // Each part has a JSON Lines file, maybe empty: an empty part is a graph
    // of no documents.
    for (name, part, recs) in [("a.jsonl", &mut a, &ra), ("b.jsonl", &mut b, &rb)] {
        let path = dir.join(name);
        std::fs::write(&path, recs.join("\n")).unwrap();
        part.push(path);
    }
    Split { a, b }
}

/// Check the law on one split, with the thread counts given.
fn check_law(dir: &Path, s: &Split, threads: [usize; 4], derived: bool, sectors: bool) {
    let ga = extract(&s.a, threads[0], derived, sectors);
    let gb = extract(&s.b, threads[1], derived, sectors);
    let (pa, pb) = (dir.join("A.json"), dir.join("B.json"));
    save(&ga, &pa);
    save(&gb, &pb);
    let m = merged(&[pa, pb], threads[2]);
    let all: Vec<PathBuf> = s.a.iter().chain(&s.b).cloned().collect();
    let whole = extract(&all, threads[3], derived, sectors);
    let (got, want) = (render(&m), render(&whole));
    for ((g, w), f) in got.iter().zip(&want).zip(FORMATS) {
        assert!(g == w, "{} differs (threads {threads:?})", f.name());
    }
}

/// The articles of the law tests: the seeds, our articles, and (when the
/// corpus is there) a sample of a corpus day.
fn law_inputs(dir: &Path) -> (Vec<PathBuf>, Vec<String>) {
    let files = seeds().unwrap_or_default();
    let mut records = our_articles();
    records.extend(corpus_sample(dir, 120).unwrap_or_default());
    (files, records)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// merge(extract(A), extract(B)) = extract(A ∪ B) in every format, for
    /// random splits of the seeds and of a corpus sample, at random thread
    /// counts, with and without derived relations and sector nodes.
    #[test]
    fn merge_of_a_split_is_one_extract(
        in_a in proptest::collection::vec(any::<bool>(), 140),
        threads in proptest::array::uniform4(1usize..=2),
        derived in any::<bool>(),
        sectors in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (files, records) = law_inputs(dir.path());
        let s = split(dir.path(), &files, &records, &in_a);
        check_law(dir.path(), &s, threads, derived, sectors);
    }
}

/// merge(extract(P1), ..., extract(Pk)) = extract(P1 ∪ ... ∪ Pk): what
/// the fold learns of a node or an edge at one input (the names it was
/// given, where its evidence ends) holds at the next ones.
fn check_law_of_parts(dir: &Path, files: &[PathBuf], records: &[String], part_of: &[u8]) {
    let k = part_of
        .iter()
        .copied()
        .max()
        .map_or(1, |m| usize::from(m) + 1);
    let mut parts: Vec<Vec<PathBuf>> = vec![Vec::new(); k];
    let mut recs: Vec<Vec<String>> = vec![Vec::new(); k];
    for (f, &i) in files.iter().zip(part_of) {
        parts[usize::from(i)].push(f.clone());
    }
    for (r, &i) in records
        .iter()
        .zip(&part_of[files.len().min(part_of.len())..])
    {
        recs[usize::from(i)].push(r.clone());
    }
    let mut graphs = Vec::new();
    for (i, (part, recs)) in parts.iter_mut().zip(&recs).enumerate() {
        let path = dir.join(format!("p{i}.jsonl"));
        std::fs::write(&path, recs.join("\n")).unwrap();
        part.push(path);
        let g = dir.join(format!("P{i}.json"));
        save(&extract(part, 1, false, false), &g);
        graphs.push(g);
    }
    let m = merged(&graphs, 2);
    let all: Vec<PathBuf> = parts.concat();
    let whole = extract(&all, 2, false, false);
    for ((g, w), f) in render(&m).iter().zip(&render(&whole)).zip(FORMATS) {
        assert!(g == w, "{} differs ({k} parts)", f.name());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3, ..ProptestConfig::default() })]

    /// The law for random splits into up to eight parts.
    #[test]
    fn merge_of_many_parts_is_one_extract(
        part_of in proptest::collection::vec(0u8..8, 140),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (files, records) = law_inputs(dir.path());
        check_law_of_parts(dir.path(), &files, &records, &part_of);
    }
}

/// Every seed against the rest: the parts at their most uneven.
#[test]
fn merge_of_one_seed_and_the_rest_is_one_extract() {
    let Some(files) = seeds() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let records = our_articles();
    for i in 0..files.len() {
        let mut in_a = vec![false; files.len() + records.len()];
        in_a[i] = true;
        let s = split(dir.path(), &files, &records, &in_a);
        check_law(dir.path(), &s, [1, 2, 2, 1], false, false);
    }
}

/// A graph's directory of our articles, one JSON Lines file per group.
fn write_days(dir: &Path, days: &[&[usize]]) -> Vec<PathBuf> {
    let all = our_articles();
    days.iter()
        .enumerate()
        .map(|(d, idx)| {
            let path = dir.join(format!("day{d}.jsonl"));
            write_lines(
                &path,
                &idx.iter().map(|&i| all[i].clone()).collect::<Vec<_>>(),
            );
            path
        })
        .collect()
}

fn ng(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    bin().current_dir(dir).args(args).assert()
}

#[test]
fn merge_writes_every_format_and_says_what_it_did() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_days(d, &[&[0, 1, 2], &[3, 4, 5]]);
    ng(d, &["extract", "day0.jsonl", "-o", "g0.json", "-q"]).success();
    ng(d, &["extract", "day1.jsonl", "-o", "g1.json", "-q"]).success();
    ng(
        d,
        &[
            "extract",
            "day0.jsonl",
            "day1.jsonl",
            "-o",
            "all.json",
            "-o",
            "all.gexf",
            "-q",
        ],
    )
    .success();
    let out = ng(
        d,
        &[
            "merge", "g0.json", "g1.json", "-o", "m.json", "-o", "m.gexf",
        ],
    )
    .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("3 new documents"), "{stderr}");
    assert!(stderr.contains("6 documents"), "{stderr}");
    for ext in ["json", "gexf"] {
        assert_eq!(
            std::fs::read(d.join(format!("m.{ext}"))).unwrap(),
            std::fs::read(d.join(format!("all.{ext}"))).unwrap(),
            "{ext}"
        );
    }
    // merge(G, G) = G: every document is seen again with its text
    let out = ng(d, &["merge", "m.json", "m.json", "-o", "mm.json"]).success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("6 documents already there"), "{stderr}");
    assert_eq!(
        std::fs::read(d.join("mm.json")).unwrap(),
        std::fs::read(d.join("all.json")).unwrap()
    );
    // a merge of merges
    ng(d, &["merge", "g1.json", "-o", "g1b.json", "-q"]).success();
    ng(d, &["merge", "g0.json", "g1b.json", "-o", "m2.json", "-q"]).success();
    assert_eq!(
        std::fs::read(d.join("m2.json")).unwrap(),
        std::fs::read(d.join("all.json")).unwrap()
    );
}

#[test]
fn merge_cannot_write_mentions() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_days(d, &[&[0]]);
    ng(d, &["extract", "day0.jsonl", "-o", "g.json", "-q"]).success();
    ng(d, &["merge", "g.json", "-o", "m.jsonl"])
        .code(2)
        .stderr(predicates::str::contains("mentions"));
    assert!(!d.join("m.jsonl").exists());
}

/// The same document id with two texts, in two graphs.
fn conflicting(d: &Path) {
    let all = our_articles();
    write_lines(&d.join("old.jsonl"), &[all[0].clone(), all[2].clone()]);
    let changed = record("a1", ARTICLES[1].1, 0);
    write_lines(&d.join("new.jsonl"), &[changed, all[4].clone()]);
    ng(d, &["extract", "old.jsonl", "-o", "old.json", "-q"]).success();
    ng(d, &["extract", "new.jsonl", "-o", "new.json", "-q"]).success();
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn has_node(g: &serde_json::Value, id: &str) -> bool {
    g["nodes"].as_array().unwrap().iter().any(|n| n["id"] == id)
}

fn hash_of(g: &serde_json::Value, doc: &str) -> String {
    g["graph"]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == doc)
        .unwrap()["hash"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_conflict_is_reported_and_the_later_input_wins_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    conflicting(d);
    let (old, new) = (json(&d.join("old.json")), json(&d.join("new.json")));
    assert_ne!(hash_of(&old, "a1"), hash_of(&new, "a1"));
    // Jordan's minister is only in the old text of a1, the Saudi king only
    // in the new one
    let (jordan, saudi_king) = ("ng:JUDEH_NASSER", "ng:SALMAN_KING");
    assert!(has_node(&old, jordan) && !has_node(&new, jordan));
    assert!(has_node(&new, saudi_king) && !has_node(&old, saudi_king));
    let out = ng(d, &["merge", "old.json", "new.json", "-o", "last.json"]).success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("conflict in new.json: document \"a1\" has another text"),
        "{stderr}"
    );
    assert!(stderr.contains("1 conflicts"), "{stderr}");
    let last = json(&d.join("last.json"));
    assert_eq!(hash_of(&last, "a1"), hash_of(&new, "a1"));
    assert!(!has_node(&last, jordan), "the old text's actor is gone");
    assert!(has_node(&last, saudi_king), "the new text's actors are in");
    assert_eq!(last["graph"]["documents"].as_array().unwrap().len(), 3);
    // here every actor of the old text was in it alone: the result is exact,
    // one extract of the documents that stay
    write_lines(&d.join("rest.jsonl"), &[our_articles()[2].clone()]);
    ng(
        d,
        &[
            "extract",
            "rest.jsonl",
            "new.jsonl",
            "-o",
            "want.json",
            "-q",
        ],
    )
    .success();
    assert_eq!(
        std::fs::read(d.join("last.json")).unwrap(),
        std::fs::read(d.join("want.json")).unwrap()
    );
    // --on-conflict first: the earlier document stays
    ng(
        d,
        &[
            "merge",
            "old.json",
            "new.json",
            "-o",
            "first.json",
            "--on-conflict",
            "first",
            "-q",
        ],
    )
    .success();
    let first = json(&d.join("first.json"));
    assert_eq!(hash_of(&first, "a1"), hash_of(&old, "a1"));
    assert!(has_node(&first, jordan));
    // the order of the inputs decides which is later
    ng(
        d,
        &["merge", "new.json", "old.json", "-o", "rev.json", "-q"],
    )
    .success();
    assert_eq!(
        hash_of(&json(&d.join("rev.json")), "a1"),
        hash_of(&old, "a1")
    );
}

#[test]
fn a_conflict_under_fail_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    conflicting(d);
    ng(
        d,
        &[
            "merge",
            "old.json",
            "new.json",
            "-o",
            "m.json",
            "--on-conflict",
            "fail",
        ],
    )
    .code(1)
    .stderr(predicates::str::contains("new.json: document \"a1\""))
    .stderr(predicates::str::contains("--on-conflict"));
    assert!(!d.join("m.json").exists());
    // --into too: the graph is left as it was
    let before = std::fs::read(d.join("old.json")).unwrap();
    ng(
        d,
        &[
            "extract",
            "new.jsonl",
            "--into",
            "old.json",
            "--on-conflict",
            "fail",
        ],
    )
    .code(1);
    assert_eq!(std::fs::read(d.join("old.json")).unwrap(), before);
}

#[test]
fn conflict_rules_in_the_library() {
    // the same rule by name as on the command line
    assert_eq!("last".parse::<OnConflict>().unwrap(), OnConflict::Last);
    assert_eq!("first".parse::<OnConflict>().unwrap(), OnConflict::First);
    assert!("newest".parse::<OnConflict>().is_err());
}

#[test]
fn into_grows_a_graph_as_one_extract_would_and_says_what_is_new() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_days(d, &[&[0, 1], &[2, 3], &[4, 5]]);
    ng(
        d,
        &[
            "extract",
            "day0.jsonl",
            "day1.jsonl",
            "day2.jsonl",
            "-o",
            "all.json",
            "-q",
        ],
    )
    .success();
    ng(d, &["extract", "day0.jsonl", "-o", "archive.json", "-q"]).success();
    let out = ng(d, &["extract", "day1.jsonl", "--into", "archive.json"]).success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("archive.json: 2 new documents"), "{stderr}");
    assert!(stderr.contains("new actors"), "{stderr}");
    ng(
        d,
        &[
            "extract",
            "day2.jsonl",
            "--into",
            "archive.json",
            "-o",
            "archive.graphml",
            "-q",
        ],
    )
    .success();
    assert_eq!(
        std::fs::read(d.join("archive.json")).unwrap(),
        std::fs::read(d.join("all.json")).unwrap()
    );
    assert!(d.join("archive.graphml").exists());
    // a day read again adds nothing
    let out = ng(d, &["extract", "day2.jsonl", "--into", "archive.json"]).success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr
            .contains("0 new documents, 0 new actors, 0 new relations; 2 documents already there"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(d.join("archive.json")).unwrap(),
        std::fs::read(d.join("all.json")).unwrap()
    );
    // no temporary file is left beside it
    let left: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(left.is_empty());
}

#[test]
fn into_refuses_mentions_and_itself_as_an_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_days(d, &[&[0]]);
    ng(d, &["extract", "day0.jsonl", "-o", "g.json", "-q"]).success();
    ng(
        d,
        &["extract", "day0.jsonl", "--into", "g.json", "-o", "m.jsonl"],
    )
    .code(2);
    ng(
        d,
        &["extract", "day0.jsonl", "--into", "g.json", "-o", "g.json"],
    )
    .code(2);
}

/// A graph made with another lexicon (an extra, empty lexicon file) or
/// other settings is refused unless --allow-mixed-lexicons.
#[test]
fn graphs_made_otherwise_are_refused_unless_mixing_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_days(d, &[&[0, 1], &[2, 3]]);
    std::fs::write(d.join("extra.toml"), "# no entries\n").unwrap();
    ng(d, &["extract", "day0.jsonl", "-o", "g0.json", "-q"]).success();
    ng(
        d,
        &[
            "extract",
            "day1.jsonl",
            "--lexicon",
            "extra.toml",
            "-o",
            "g1.json",
            "-q",
        ],
    )
    .success();
    ng(
        d,
        &["extract", "day1.jsonl", "--sectors", "-o", "g2.json", "-q"],
    )
    .success();
    let (l0, l1) = (json(&d.join("g0.json")), json(&d.join("g1.json")));
    assert_ne!(l0["graph"]["lexicon"], l1["graph"]["lexicon"]);
    assert!(
        l0["graph"]["lexicon"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
    ng(d, &["merge", "g0.json", "g1.json", "-o", "m.json"])
        .code(1)
        .stderr(predicates::str::contains(
            "g1.json: made with another lexicon",
        ))
        .stderr(predicates::str::contains("--allow-mixed-lexicons"));
    ng(d, &["merge", "g0.json", "g2.json", "-o", "m.json"])
        .code(1)
        .stderr(predicates::str::contains("sectors false vs true"));
    assert!(!d.join("m.json").exists());
    ng(
        d,
        &["extract", "day1.jsonl", "--sectors", "--into", "g0.json"],
    )
    .code(1);
    ng(
        d,
        &[
            "merge",
            "g0.json",
            "g1.json",
            "-o",
            "m.json",
            "--allow-mixed-lexicons",
            "-q",
        ],
    )
    .success();
    assert_eq!(json(&d.join("m.json"))["graph"]["lexicon"], "mixed");
}

/// Graphs with different evidence caps merge to the smaller one, as one
/// extract with that cap.
#[test]
fn evidence_caps_merge_to_the_smaller() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let rec = |i: usize| record(&format!("m{i}"), ARTICLES[0].1, i);
    write_lines(&d.join("x.jsonl"), &(0..4).map(rec).collect::<Vec<_>>());
    write_lines(&d.join("y.jsonl"), &(4..8).map(rec).collect::<Vec<_>>());
    ng(
        d,
        &[
            "extract",
            "x.jsonl",
            "-o",
            "x.json",
            "--max-evidence",
            "3",
            "-q",
        ],
    )
    .success();
    ng(
        d,
        &[
            "extract",
            "y.jsonl",
            "-o",
            "y.json",
            "--max-evidence",
            "5",
            "-q",
        ],
    )
    .success();
    ng(
        d,
        &[
            "extract",
            "x.jsonl",
            "y.jsonl",
            "-o",
            "all.json",
            "--max-evidence",
            "3",
            "-q",
        ],
    )
    .success();
    ng(d, &["merge", "y.json", "x.json", "-o", "m.json", "-q"]).success();
    assert_eq!(
        std::fs::read(d.join("m.json")).unwrap(),
        std::fs::read(d.join("all.json")).unwrap()
    );
}

/// Bad graphs: each a clear error naming the file and the place, exit 1,
/// nothing written or changed.
#[test]
fn bad_graphs_name_the_file_and_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_days(d, &[&[0, 1, 3]]);
    ng(d, &["extract", "day0.jsonl", "-o", "good.json", "-q"]).success();
    let good = std::fs::read_to_string(d.join("good.json")).unwrap();
    let g: serde_json::Value = serde_json::from_str(&good).unwrap();
    let mut dangling = g.clone();
    dangling["links"][0]["target"] = "ng:nowhere".into();
    let mut newer = g.clone();
    newer["graph"]["format"] = 99.into();
    let cases: [(&str, String, &str); 5] = [
        (
            "articles.json",
            std::fs::read_to_string(d.join("day0.jsonl")).unwrap(),
            "articles.json:1:",
        ),
        (
            "array.json",
            "[1, 2]".into(),
            "array.json:1:0: not a node-link graph: invalid type",
        ),
        (
            "truncated.json",
            good[..good.len() / 2].into(),
            "EOF while parsing",
        ),
        (
            "dangling.json",
            dangling.to_string(),
            "names a node that is not in the graph",
        ),
        (
            "newer.json",
            newer.to_string(),
            "graph.format 99: written by a newer newsgraph",
        ),
    ];
    for (name, text, want) in &cases {
        std::fs::write(d.join(name), text).unwrap();
        ng(
            d,
            &[
                "merge",
                "good.json",
                name,
                "-o",
                "m.json",
                "-o",
                "m.graphml",
            ],
        )
        .code(1)
        .stderr(predicates::str::contains(format!(
            "newsgraph: error: {name}:"
        )))
        .stderr(predicates::str::contains(*want));
        assert!(!d.join("m.json").exists() && !d.join("m.graphml").exists());
        // --into: the bad graph is left as it was, no output is written
        ng(
            d,
            &["extract", "day0.jsonl", "--into", name, "-o", "g.gexf"],
        )
        .code(1)
        .stderr(predicates::str::contains(*want));
        assert_eq!(&std::fs::read_to_string(d.join(name)).unwrap(), text);
        assert!(!d.join("g.gexf").exists());
    }
    // the truncated file's place is a line and a column
    ng(d, &["merge", "truncated.json", "-o", "m.json"])
        .code(1)
        .stderr(
            predicates::str::is_match(r"truncated\.json:\d+:\d+: not a node-link graph").unwrap(),
        );
    // the dangling link is named with its index
    ng(d, &["merge", "dangling.json", "-o", "m.json"])
        .code(1)
        .stderr(predicates::str::contains("(links[0])"));
}

/// Many documents of our own, to make the write of a grown graph last.
fn big_day(path: &Path, n: usize) {
    let lines: Vec<String> = (0..n)
        .map(|i| record(&format!("big{i}"), ARTICLES[i % ARTICLES.len()].1, i))
        .collect();
    write_lines(path, &lines);
}

/// `--into` rewrites the graph atomically: a run killed at any moment, even
/// while it writes, leaves the old graph whole.
#[cfg(unix)]
#[test]
fn into_killed_while_writing_leaves_the_old_graph() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    big_day(&d.join("old.jsonl"), 4000);
    ng(d, &["extract", "old.jsonl", "-o", "archive.json", "-q"]).success();
    let before = std::fs::read(d.join("archive.json")).unwrap();
    big_day(&d.join("today.jsonl"), 200);
    let exe = assert_cmd::cargo::cargo_bin("newsgraph");
    let mut killed_while_writing = false;
    for _ in 0..5 {
        let mut child = std::process::Command::new(&exe)
            .current_dir(d)
            .args(["extract", "today.jsonl", "--into", "archive.json", "-q"])
            .spawn()
            .unwrap();
        let pid = child.id();
        let temp = d.join(format!(".archive.json.tmp-{pid}"));
        // kill it as soon as its temporary file is there
        let seen = loop {
            if temp.exists() {
                break true;
            }
            if child.try_wait().unwrap().is_some() {
                break false;
            }
            std::thread::sleep(std::time::Duration::from_micros(200));
        };
        let _ = child.kill();
        let status = child.wait().unwrap();
        if !seen {
            // it finished before its file was seen: put the old graph back
            assert!(status.success());
            std::fs::write(d.join("archive.json"), &before).unwrap();
            continue;
        }
        assert_eq!(
            std::fs::read(d.join("archive.json")).unwrap(),
            before,
            "the graph changed"
        );
        let _ = std::fs::remove_file(&temp);
        killed_while_writing = true;
        break;
    }
    assert!(killed_while_writing, "the run never got to write");
}

/// The inputs after the first are read ahead of the fold, several at once:
/// among many, the first bad one in input order is the one reported, at any
/// thread count, and a merge of many good ones folds them all, in order.
#[test]
fn inputs_read_ahead_fold_in_order_and_the_first_bad_one_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let days: Vec<Vec<usize>> = (0..12).map(|i| vec![i % 6, (i + 2) % 6]).collect();
    let day_refs: Vec<&[usize]> = days.iter().map(Vec::as_slice).collect();
    let mut graphs = Vec::new();
    for (i, day) in write_days(d, &day_refs).iter().enumerate() {
        let out = d.join(format!("g{i}.json"));
        ng(
            d,
            &[
                "extract",
                day.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "-q",
            ],
        )
        .success();
        graphs.push(out);
    }
    let whole = |threads| render(&merged(&graphs, threads));
    let one = whole(1);
    for threads in [2, 3, 8] {
        assert!(whole(threads) == one, "{threads} threads");
    }
    let mut bad = graphs.clone();
    std::fs::write(d.join("bad-a.json"), "[1, 2]").unwrap();
    std::fs::write(d.join("bad-b.json"), "{").unwrap();
    bad[5] = d.join("bad-a.json");
    bad[9] = d.join("bad-b.json");
    // the error of a merge of `inputs` that has to fail
    let error = |inputs: &[PathBuf], threads| {
        let config = MergeConfig {
            inputs: inputs.to_vec(),
            ..MergeConfig::default()
        };
        match pool(threads).install(|| newsgraph::merge(&config)) {
            Err(err) => err.to_string(),
            Ok(_) => panic!("{threads} threads: a bad input fails the merge"),
        }
    };
    for threads in [1, 2, 3, 8] {
        let err = error(&bad, threads);
        assert!(err.contains("bad-a.json"), "{threads} threads: {err}");
    }
    // A bad first input, while the next ones are read (they are files,
    // read as it is): it is the one reported.
    let mut bad_first = graphs.clone();
    bad_first[0] = d.join("bad-b.json");
    for threads in [1, 2, 8] {
        let err = error(&bad_first, threads);
        assert!(err.contains("bad-b.json"), "{threads} threads: {err}");
    }
}

/// Found in review: the inputs after the first were read ahead before the
/// first was checked, and an error has to wait for every read under way:
/// `merge bad.json -` at a terminal waited for stdin to close before it
/// said that bad.json is bad.
#[test]
fn regression_a_bad_first_input_is_reported_without_waiting_for_stdin() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.json"), "[1, 2]").unwrap();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("newsgraph"))
        .current_dir(dir.path())
        .args(["merge", "bad.json", "-", "-o", "m.json"])
        .stdin(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // stdin stays open (the handle is held) while the merge runs
    let stdin = child.stdin.take();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > Duration::from_secs(30) {
            child.kill().unwrap();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(stdin);
    assert_eq!(status.and_then(|s| s.code()), Some(1), "waited for stdin");
    assert!(!dir.path().join("m.json").exists());
}
