//! Tests of the GraphML export: schema validity (xmllint, when installed), and
//! reading the file back with roxmltree: counts, ids, and every string of the
//! graph as written (minus the characters XML 1.0 forbids). The string and graph
//! generators here are shared with the GEXF tests.

use crate::common::{bin, have, sample_graph, shared};
use newsgraph::{
    ActorType, Edge, Evidence, Format, Graph, GraphOptions, Node, Relation, RelationRecord,
};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

const NS: &str = "http://graphml.graphdrawing.org/xmlns";

/// The string without the characters XML 1.0 cannot carry.
pub fn xml_clean(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        })
        .collect()
}

/// The graph in a format, as bytes.
pub fn render(format: Format, graph: &Graph) -> Vec<u8> {
    let mut buf = Vec::new();
    format.write(graph, &mut buf).expect("export succeeds");
    buf
}

/// The expected `evidence` summary of an edge whose sentences are short.
pub fn summary(edge: &Edge) -> String {
    let mut parts: Vec<String> = edge
        .evidence
        .iter()
        .take(3)
        .map(|e| format!("{}#{}: {}", e.document, e.sentence, e.text))
        .collect();
    if !parts.is_empty() && edge.weight > parts.len() as u64 {
        parts.push(format!("… (+{} more)", edge.weight - parts.len() as u64));
    }
    parts.join(" || ")
}

/// Validate a file with a command, or say why not.
pub fn validate(program: &str, args: &[&str], bytes: &[u8], ext: &str) {
    if !have(program) {
        eprintln!("skipping validation: {program} is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("graph.{ext}"));
    std::fs::write(&file, bytes).unwrap();
    let out = Command::new(program)
        .args(args)
        .arg(&file)
        .output()
        .expect("validator runs");
    assert!(
        out.status.success(),
        "{program} rejects the file:\n{}{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(bytes)
    );
}

fn xmllint(bytes: &[u8]) {
    let Some(schemas) = shared("schemas") else {
        return;
    };
    let xsd = schemas.join("graphml").join("graphml.xsd");
    let xsd = xsd.to_str().unwrap();
    validate(
        "xmllint",
        &["--nonet", "--noout", "--schema", xsd],
        bytes,
        "graphml",
    );
}

/// A node or edge read back: id, source/target (edges), data by attr.name.
#[derive(Debug)]
struct Item {
    id: String,
    ends: Option<(String, String)>,
    data: BTreeMap<String, String>,
}

/// Parse GraphML, checking the structure along the way.
fn parse(bytes: &[u8]) -> (Vec<Item>, Vec<Item>) {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    assert!(text.starts_with("\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    let doc = roxmltree::Document::parse(text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some(NS));
    assert_eq!(root.tag_name().name(), "graphml");
    let children: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    // Keys first, then the one graph.
    let (graph, keys) = children.split_last().expect("a graph");
    assert_eq!(graph.tag_name().name(), "graph");
    assert_eq!(graph.attribute("edgedefault"), Some("directed"));
    let mut key_names = BTreeMap::new();
    for k in keys {
        assert_eq!(k.tag_name().name(), "key");
        let id = k.attribute("id").unwrap();
        let domain = k.attribute("for").unwrap();
        assert!(domain == "node" || domain == "edge");
        let ty = k.attribute("attr.type").unwrap();
        assert!(["boolean", "int", "long", "float", "double", "string"].contains(&ty));
        let name = k.attribute("attr.name").unwrap();
        assert!(!key_names.contains_key(id), "key ids are unique");
        key_names.insert(id.to_string(), (domain.to_string(), name.to_string()));
    }
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for el in graph.children().filter(|n| n.is_element()) {
        let domain = el.tag_name().name();
        assert!(el.attribute("directed").is_none());
        let mut data = BTreeMap::new();
        for d in el.children().filter(|n| n.is_element()) {
            assert_eq!(d.tag_name().name(), "data");
            let (key_domain, name) = &key_names[d.attribute("key").unwrap()];
            assert_eq!(key_domain, domain);
            assert!(d.children().all(|c| c.is_text()), "data holds text only");
            let value = d.text().unwrap_or_default().to_string();
            assert!(!value.is_empty(), "no empty data");
            assert!(data.insert(name.clone(), value).is_none());
        }
        let id = el.attribute("id").unwrap().to_string();
        match domain {
            "node" => {
                assert!(edges.is_empty(), "nodes come before edges");
                nodes.push(Item {
                    id,
                    ends: None,
                    data,
                })
            }
            "edge" => edges.push(Item {
                id,
                ends: Some((
                    el.attribute("source").unwrap().to_string(),
                    el.attribute("target").unwrap().to_string(),
                )),
                data,
            }),
            other => panic!("unexpected <{other}>"),
        }
    }
    (nodes, edges)
}

/// What a node's data should read back as.
fn expected_node(n: &Node) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    let mut put = |k: &str, v: &str| {
        let v = xml_clean(v);
        if !v.is_empty() {
            m.insert(k.to_string(), v);
        }
    };
    put("label", n.label());
    put("type", n.actor_type.as_str());
    put("label_ar", n.labels.get("ar").map_or("", String::as_str));
    put("label_en", n.labels.get("en").map_or("", String::as_str));
    put("wikidata", n.wikidata.as_deref().unwrap_or(""));
    put("iso3", n.iso3.as_deref().unwrap_or(""));
    put("cameo", n.cameo.as_deref().unwrap_or(""));
    let aliases: Vec<&str> = n.aliases.iter().map(String::as_str).collect();
    put("aliases", &aliases.join(" | "));
    put("documents", &n.documents.len().to_string());
    put("mentions", &n.mentions.to_string());
    m
}

/// What an edge's data should read back as.
fn expected_edge(e: &Edge) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    let mut put = |k: &str, v: &str| {
        let v = xml_clean(v);
        if !v.is_empty() {
            m.insert(k.to_string(), v);
        }
    };
    put("label", e.relation.label());
    put("weight", &format!("{}.0", e.weight));
    put("relation", e.relation.as_str());
    put("first_date", e.first_date.as_deref().unwrap_or(""));
    put("last_date", e.last_date.as_deref().unwrap_or(""));
    put("evidence_count", &e.weight.to_string());
    put("documents", &e.documents.len().to_string());
    put("derived", if e.derived { "true" } else { "false" });
    put("evidence", &summary(e));
    m
}

/// Export, parse back, and compare everything with the graph.
fn round_trip(graph: &Graph) {
    let bytes = render(Format::GraphMl, graph);
    let (nodes, edges) = parse(&bytes);
    let want_nodes = graph.nodes();
    let want_edges = graph.edges();
    assert_eq!(nodes.len(), want_nodes.len());
    assert_eq!(edges.len(), want_edges.len());
    let ids: BTreeSet<&str> = nodes.iter().chain(&edges).map(|i| i.id.as_str()).collect();
    assert_eq!(ids.len(), nodes.len() + edges.len(), "ids are unique");
    for (got, want) in nodes.iter().zip(&want_nodes) {
        assert_eq!(got.id, want.id);
        assert_eq!(got.data, expected_node(want), "node {}", want.id);
    }
    for (got, want) in edges.iter().zip(&want_edges) {
        assert_eq!(got.id, want.id);
        assert_eq!(got.ends, Some((want.source.clone(), want.target.clone())));
        assert_eq!(got.data, expected_edge(want), "edge {}", want.id);
    }
}

#[test]
fn sample_graph_is_valid_graphml() {
    xmllint(&render(Format::GraphMl, &sample_graph()));
}

#[test]
fn sample_graph_reads_back() {
    let g = sample_graph();
    round_trip(&g);
    let bytes = render(Format::GraphMl, &g);
    let (nodes, edges) = parse(&bytes);
    assert_eq!(nodes.len(), 8);
    assert_eq!(edges.len(), 7);
    // Place and media nodes are there, typed.
    let types: BTreeSet<&str> = nodes.iter().map(|n| n.data["type"].as_str()).collect();
    assert!(types.contains("place") && types.contains("media"));
    // The control character is gone, the rest of the string is intact.
    let isis = nodes.iter().find(|n| n.id == "wd:Q2429253").unwrap();
    assert_eq!(isis.data["label"], "Islamic State <ISIS> & \"co\"");
    let kasen = nodes.iter().find(|n| n.id == "ng:person:جون_كاسن").unwrap();
    assert_eq!(kasen.data["label"], "جون كاسن\u{200f}");
    // The symmetric relation seen in both directions is one edge.
    let met: Vec<_> = edges
        .iter()
        .filter(|e| e.data["relation"] == "met_with")
        .collect();
    assert_eq!(met.len(), 1);
    assert_eq!(met[0].data["weight"], "2.0");
    assert_eq!(met[0].data["label"], "met with");
}

#[test]
fn output_is_byte_identical() {
    assert_eq!(
        render(Format::GraphMl, &sample_graph()),
        render(Format::GraphMl, &sample_graph())
    );
}

#[test]
fn awkward_strings_are_valid_and_read_back() {
    let g = one_edge_graph(&awkward(), &awkward(), &awkward());
    round_trip(&g);
    xmllint(&render(Format::GraphMl, &g));
}

#[test]
fn the_cli_writes_graphml_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    std::fs::write(
        &input,
        "التقى وزير الخارجية المصري بنظيره البريطاني في القاهرة.\n",
    )
    .unwrap();
    let out = dir.path().join("out.graphml");
    bin()
        .arg("extract")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let bytes = std::fs::read(&out).unwrap();
    parse(&bytes);
    xmllint(&bytes);
}

/// Every C0 control, the non-characters, markup, RTL marks, a replacement
/// character and CR/LF/tab.
pub fn awkward() -> String {
    let mut s: String = (0u32..0x20).filter_map(char::from_u32).collect();
    s.push_str(
        " <a href=\"x\">&amp;</a> ' ]]> \u{fffe}\u{ffff}\u{200f}\u{202b}مصر\u{fffd}\r\n\r x  ",
    );
    s
}

/// A two-node, one-edge graph with the given label, alias and evidence text.
pub fn one_edge_graph(label: &str, alias: &str, text: &str) -> Graph {
    let mut g = Graph::new(GraphOptions::default());
    for id in ["ng:a", "ng:b"] {
        let mut n = Node::new(id, ActorType::Person);
        n.labels.insert("ar".into(), label.into());
        n.labels.insert("en".into(), format!("{label}-en"));
        n.aliases.insert(alias.into());
        n.documents.insert("d");
        n.mentions = 1;
        g.add_node(n);
    }
    g.add_relation(record("ng:a", "ng:b", "d", text, Some("2015-02-16")));
    g
}

fn record(s: &str, t: &str, doc: &str, text: &str, date: Option<&str>) -> RelationRecord {
    RelationRecord {
        source: s.into(),
        relation: Relation::Supports,
        target: t.into(),
        derived: false,
        evidence: Evidence {
            document: doc.into(),
            sentence: 1,
            start: 0,
            end: 1,
            trigger_start: 0,
            trigger_end: 1,
            trigger: "x".into(),
            text: text.into(),
            date: date.map(str::to_string),
            source_sector: None,
            target_sector: None,
            rule: None,
        },
    }
}

/// Strings rich in what XML finds hard: controls, markup, RTL marks, U+FFFD,
/// non-characters, line ends, and anything else.
pub fn text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        '\u{0}', '\u{1}', '\u{8}', '\u{b}', '\u{c}', '\u{1b}', '\u{1f}', '\t', '\n', '\r', ' ',
        '<', '>', '&', '"', '\'', ';', '#', '\u{7f}', '\u{85}', '\u{200f}', '\u{202b}', '\u{202c}',
        '\u{fffd}', '\u{fffe}', '\u{ffff}', '\u{feff}', 'م', 'ص', 'ر', 'a', '1',
    ]);
    prop::collection::vec(prop_oneof![special, any::<char>()], 0..24)
        .prop_map(|v| v.into_iter().collect())
}

/// Node ids as the model makes them: NMTOKEN characters.
pub fn node_id() -> impl Strategy<Value = String> {
    "(wd:Q[0-9]{1,4}|ng:[a-zA-Z0-9_.\u{0621}-\u{064a}-]{1,8})"
}

/// A graph of up to five nodes with arbitrary labels and aliases, and edges
/// between them with arbitrary evidence text.
pub fn arb_graph() -> impl Strategy<Value = Graph> {
    let node = (
        node_id(),
        text(),
        text(),
        prop::collection::btree_set(text(), 0..3),
    );
    let nodes = prop::collection::vec(node, 1..5);
    let edges = prop::collection::vec(
        (
            any::<prop::sample::Index>(),
            any::<prop::sample::Index>(),
            prop::sample::select(Relation::ALL.to_vec()),
            text(),
            prop::option::of(Just("2015-02-16T10:00:00".to_string())),
        ),
        0..6,
    );
    (nodes, edges).prop_map(|(nodes, edges)| {
        let mut g = Graph::new(GraphOptions::default());
        let mut ids = Vec::new();
        for (id, ar, en, aliases) in nodes {
            let mut n = Node::new(id.clone(), ActorType::Organization);
            n.labels.insert("ar".into(), ar);
            n.labels.insert("en".into(), en);
            n.aliases = aliases;
            g.add_node(n);
            ids.push(id);
        }
        for (s, t, relation, text, date) in edges {
            let mut r = record(
                s.get(&ids).as_str(),
                t.get(&ids).as_str(),
                "doc.txt",
                &text,
                date.as_deref(),
            );
            r.relation = relation;
            g.add_relation(r);
        }
        g
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_strings_read_back(label in text(), alias in text(), evidence in text()) {
        round_trip(&one_edge_graph(&label, &alias, &evidence));
    }

    #[test]
    fn any_graph_reads_back_with_unique_ids(g in arb_graph()) {
        round_trip(&g);
    }
}
