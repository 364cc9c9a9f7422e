//! Shared helpers: the binary, the shared folder, sample graphs.
#![allow(dead_code)]

use newsgraph::{
    ActorType, DocumentMeta, Evidence, Graph, GraphOptions, Node, Relation, RelationRecord, Skipped,
};
use std::path::PathBuf;

/// The `newsgraph` binary under test.
pub fn bin() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("newsgraph").expect("binary is built")
}

/// `<shared>/<sub>`, where the shared folder is `$NEWSGRAPH_SHARED` or else
/// `../shared` beside the repository; `None` (with a message) when it is absent.
/// When `CI` is set it must be there: the test fails instead.
pub fn shared(sub: &str) -> Option<PathBuf> {
    let root = std::env::var_os("NEWSGRAPH_SHARED").map_or_else(
        || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("..")
                .join("shared")
        },
        PathBuf::from,
    );
    let p = root.join(sub);
    if p.exists() {
        return Some(p);
    }
    if std::env::var_os("CI").is_some() {
        panic!("{} is missing, and CI always has it", p.display());
    }
    eprintln!("skipping: {} is absent", p.display());
    None
}

/// The seed articles, sorted, when present.
pub fn seeds() -> Option<Vec<PathBuf>> {
    let dir = shared("seeds")?;
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    Some(v)
}

/// Whether an external program is on PATH.
pub fn have(program: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn node(id: &str, t: ActorType, ar: &str, en: Option<&str>, qid: Option<&str>) -> Node {
    let mut n = Node::new(id, t);
    n.labels.insert("ar".into(), ar.into());
    if let Some(en) = en {
        n.labels.insert("en".into(), en.into());
    }
    n.wikidata = qid.map(str::to_string);
    n.documents.insert("doc-1.txt");
    n.mentions = 2;
    n
}

fn evidence(doc: &str, sentence: usize, text: &str, date: Option<&str>) -> Evidence {
    Evidence {
        document: doc.into(),
        sentence,
        start: 0,
        end: text.chars().count(),
        trigger_start: 0,
        trigger_end: 2,
        trigger: text.chars().take(2).collect(),
        text: text.into(),
        date: date.map(str::to_string),
        source_sector: None,
        target_sector: None,
        rule: None,
    }
}

/// A small graph with every actor type, symmetric and directed relations, two
/// relations between one pair, dates, a skipped input, and awkward strings
/// (quotes, ampersands, RTL marks, a control character).
pub fn sample_graph() -> Graph {
    let mut g = Graph::new(GraphOptions {
        max_evidence: Some(5),
        keep_mentions: false,
    });
    g.add_document(DocumentMeta {
        id: "doc-1.txt".into(),
        title: Some("اجتماع «أمني» & \"رفيع\"".into()),
        date: Some("2015-02-16".into()),
        url: Some("https://example.org/a?x=1&y=2".into()),
        source: Some("tests/doc-1.txt".into()),
        hash: None,
    })
    .unwrap();
    g.add_document(DocumentMeta {
        id: "doc-2.txt".into(),
        title: None,
        date: Some("2015-03-01".into()),
        url: None,
        source: None,
        hash: None,
    })
    .unwrap();
    g.add_skipped(Skipped {
        input: "bad.bin".into(),
        reason: "binary file (NUL bytes)".into(),
    });
    let mut egy = node(
        "wd:Q79",
        ActorType::Country,
        "مصر",
        Some("Egypt"),
        Some("Q79"),
    );
    egy.iso3 = Some("EGY".into());
    egy.cameo = Some("EGY".into());
    egy.aliases.insert("القاهرة".into());
    g.add_node(egy);
    let mut gbr = node(
        "wd:Q145",
        ActorType::Country,
        "بريطانيا",
        Some("United Kingdom"),
        Some("Q145"),
    );
    gbr.iso3 = Some("GBR".into());
    g.add_node(gbr);
    g.add_node(node(
        "ng:person:جون_كاسن",
        ActorType::Person,
        "جون كاسن\u{200f}",
        None,
        None,
    ));
    g.add_node(node(
        "wd:Q2429253",
        ActorType::ArmedGroup,
        "داعش",
        Some("Islamic State <ISIS> & \"co\"\u{1}"),
        Some("Q2429253"),
    ));
    g.add_node(node(
        "ng:COALITION_ISIS",
        ActorType::Coalition,
        "التحالف الدولي",
        Some("Global Coalition against Daesh"),
        None,
    ));
    g.add_node(node(
        "ng:UN",
        ActorType::Organization,
        "الأمم المتحدة",
        Some("United Nations"),
        Some("Q1065"),
    ));
    g.add_node(node(
        "ng:place:سيناء",
        ActorType::Place,
        "سيناء",
        None,
        None,
    ));
    g.add_node(node(
        "ng:media:الأناضول",
        ActorType::Media,
        "الأناضول",
        None,
        None,
    ));
    let rel =
        |s: &str, r: Relation, t: &str, doc: &str, n: usize, date: Option<&str>| RelationRecord {
            source: s.into(),
            relation: r,
            target: t.into(),
            derived: false,
            evidence: evidence(doc, n, "اجتماع أمني بين بريطانيا ومصر بالقاهرة", date),
        };
    g.add_relation(rel(
        "wd:Q145",
        Relation::MetWith,
        "wd:Q79",
        "doc-1.txt",
        1,
        Some("2015-02-16"),
    ));
    g.add_relation(rel(
        "wd:Q79",
        Relation::MetWith,
        "wd:Q145",
        "doc-2.txt",
        3,
        Some("2015-03-01"),
    ));
    g.add_relation(rel(
        "wd:Q145",
        Relation::CooperatesWith,
        "wd:Q79",
        "doc-1.txt",
        2,
        Some("2015-02-16"),
    ));
    g.add_relation(rel(
        "ng:person:جون_كاسن",
        Relation::OfficialOf,
        "wd:Q145",
        "doc-1.txt",
        4,
        Some("2015-02-16"),
    ));
    g.add_relation(rel(
        "wd:Q2429253",
        Relation::Attacked,
        "wd:Q79",
        "doc-1.txt",
        5,
        None,
    ));
    g.add_relation(rel(
        "ng:COALITION_ISIS",
        Relation::Opposes,
        "wd:Q2429253",
        "doc-2.txt",
        0,
        Some("2015-03-01"),
    ));
    g.add_relation(rel(
        "wd:Q79",
        Relation::MemberOf,
        "ng:COALITION_ISIS",
        "doc-2.txt",
        1,
        None,
    ));
    let mut derived = rel(
        "wd:Q145",
        Relation::Supports,
        "wd:Q79",
        "doc-2.txt",
        2,
        None,
    );
    derived.derived = true;
    g.add_relation(derived);
    g
}
