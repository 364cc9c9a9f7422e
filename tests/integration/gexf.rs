//! Tests of the GEXF 1.3 export: RELAX NG validity (jing, when installed), and
//! reading the file back with roxmltree: counts, kinds, time intervals, colours,
//! and every string of the graph as written (minus XML-illegal characters).

use crate::common::{bin, sample_graph, shared};
use crate::graphml::{
    arb_graph, awkward, one_edge_graph, render, summary, text, validate, xml_clean,
};
use newsgraph::{ActorType, Edge, Format, Graph, GraphOptions, Node};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const NS: &str = "http://gexf.net/1.3";
const NS_VIZ: &str = "http://gexf.net/1.3/viz";

fn jing(bytes: &[u8]) {
    let Some(schemas) = shared("schemas") else {
        return;
    };
    let rnc = schemas.join("gexf-1.3").join("gexf.rnc");
    validate("jing", &["-c", rnc.to_str().unwrap()], bytes, "gexf");
}

/// A node or edge read back: its XML attributes and its attvalues by title.
#[derive(Debug)]
struct Item {
    attrs: BTreeMap<String, String>,
    values: BTreeMap<String, String>,
    /// (r, g, b) and size, for nodes.
    viz: Option<((u8, u8, u8), String)>,
}

impl Item {
    fn get(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }
}

/// What the whole file reads back as.
struct Gexf {
    last_modified: Option<String>,
    graph_attrs: BTreeMap<String, String>,
    nodes: Vec<Item>,
    edges: Vec<Item>,
}

fn attrs_of(n: roxmltree::Node) -> BTreeMap<String, String> {
    n.attributes()
        .map(|a| (a.name().to_string(), a.value().to_string()))
        .collect()
}

fn elements<'a, 'i>(n: roxmltree::Node<'a, 'i>) -> Vec<roxmltree::Node<'a, 'i>> {
    n.children().filter(|c| c.is_element()).collect()
}

/// Parse GEXF, checking the structure along the way.
fn parse(bytes: &[u8]) -> Gexf {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let doc = roxmltree::Document::parse(text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some(NS));
    assert_eq!(root.tag_name().name(), "gexf");
    assert_eq!(root.attribute("version"), Some("1.3"));
    assert!(!text.contains("schemaLocation"));
    assert_eq!(root.lookup_namespace_uri(Some("viz")), Some(NS_VIZ));
    let top = elements(root);
    assert_eq!(top.len(), 2);
    assert_eq!(top[0].tag_name().name(), "meta");
    let last_modified = top[0].attribute("lastmodifieddate").map(str::to_string);
    let graph = top[1];
    assert_eq!(graph.tag_name().name(), "graph");
    assert_eq!(graph.attribute("defaultedgetype"), Some("directed"));

    let mut titles: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for part in elements(graph) {
        match part.tag_name().name() {
            "attributes" => {
                let class = part.attribute("class").unwrap().to_string();
                for a in elements(part) {
                    let ty = a.attribute("type").unwrap();
                    assert!(
                        ["string", "integer", "long", "double", "boolean"].contains(&ty),
                        "type {ty}"
                    );
                    let id = a.attribute("id").unwrap().to_string();
                    let title = a.attribute("title").unwrap().to_string();
                    assert!(titles.insert((class.clone(), id), title).is_none());
                }
            }
            name @ ("nodes" | "edges") => {
                let class = &name[..4];
                let items = elements(part);
                assert_eq!(
                    part.attribute("count"),
                    Some(items.len().to_string().as_str())
                );
                for item in items {
                    assert_eq!(item.tag_name().name(), class);
                    let mut values = BTreeMap::new();
                    let mut viz = None;
                    let (mut color, mut size) = (None, None);
                    for child in elements(item) {
                        match (child.tag_name().namespace(), child.tag_name().name()) {
                            (Some(NS), "attvalues") => {
                                for v in elements(child) {
                                    let id = v.attribute("for").unwrap().to_string();
                                    let title = &titles[&(class.to_string(), id)];
                                    let value = v.attribute("value").unwrap().to_string();
                                    assert!(!value.is_empty(), "no empty attvalue");
                                    assert!(v.attribute("start").is_none());
                                    assert!(values.insert(title.clone(), value).is_none());
                                }
                            }
                            (Some(NS_VIZ), "color") => {
                                let c = |k| child.attribute(k).unwrap().parse::<u8>().unwrap();
                                assert!(child.attribute("a").is_none());
                                color = Some((c("r"), c("g"), c("b")));
                            }
                            (Some(NS_VIZ), "size") => {
                                size = Some(child.attribute("value").unwrap().to_string());
                            }
                            (Some(NS_VIZ), "shape") => {
                                let shape = child.attribute("value").unwrap();
                                assert!(
                                    ["disc", "square", "triangle", "diamond"].contains(&shape),
                                    "{shape}"
                                );
                            }
                            (Some(NS_VIZ), "position") => {
                                for k in ["x", "y", "z"] {
                                    let v = child.attribute(k).unwrap();
                                    assert!(v.parse::<f64>().unwrap().is_finite(), "{v}");
                                }
                            }
                            other => panic!("unexpected element {other:?}"),
                        }
                    }
                    if let (Some(c), Some(s)) = (color, size) {
                        viz = Some((c, s));
                    }
                    let it = Item {
                        attrs: attrs_of(item),
                        values,
                        viz,
                    };
                    for never in ["timestamp", "timestamps", "intervals"] {
                        assert!(it.get(never).is_none(), "no {never}");
                    }
                    if class == "node" {
                        nodes.push(it)
                    } else {
                        edges.push(it)
                    }
                }
            }
            other => panic!("unexpected <{other}>"),
        }
    }
    Gexf {
        last_modified,
        graph_attrs: attrs_of(graph),
        nodes,
        edges,
    }
}

fn cleaned(pairs: &[(&str, String)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), xml_clean(v)))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

fn expected_node(n: &Node) -> BTreeMap<String, String> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let label = |l: &str| n.labels.get(l).cloned().unwrap_or_default();
    let aliases: Vec<&str> = n.aliases.iter().map(String::as_str).collect();
    cleaned(&[
        ("type", n.actor_type.as_str().into()),
        ("label_ar", label("ar")),
        ("label_en", label("en")),
        ("wikidata", opt(&n.wikidata)),
        ("iso3", opt(&n.iso3)),
        ("cameo", opt(&n.cameo)),
        ("aliases", aliases.join(" | ")),
        ("documents", n.documents.len().to_string()),
        ("mentions", n.mentions.to_string()),
    ])
}

fn expected_edge(e: &Edge) -> BTreeMap<String, String> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    cleaned(&[
        ("relation", e.relation.as_str().into()),
        ("first_date", opt(&e.first_date)),
        ("last_date", opt(&e.last_date)),
        ("evidence_count", e.weight.to_string()),
        ("documents", e.documents.len().to_string()),
        ("derived", e.derived.to_string()),
        ("evidence", summary(e)),
    ])
}

fn expected_kind(e: &Edge) -> String {
    let mut k = e.relation.as_str().to_string();
    if e.derived {
        k.push_str("_derived");
    }
    k
}

/// Export, parse back, and compare everything with the graph.
fn round_trip(graph: &Graph) -> Gexf {
    let bytes = render(Format::Gexf, graph);
    let out = parse(&bytes);
    let want_nodes = graph.nodes();
    let want_edges = graph.edges();
    assert_eq!(out.nodes.len(), want_nodes.len());
    assert_eq!(out.edges.len(), want_edges.len());
    let node_ids: BTreeSet<&str> = out.nodes.iter().filter_map(|n| n.get("id")).collect();
    let edge_ids: BTreeSet<&str> = out.edges.iter().filter_map(|n| n.get("id")).collect();
    assert_eq!(node_ids.len(), want_nodes.len(), "node ids are unique");
    assert_eq!(edge_ids.len(), want_edges.len(), "edge ids are unique");
    for (got, want) in out.nodes.iter().zip(&want_nodes) {
        assert_eq!(got.get("id"), Some(want.id.as_str()));
        let label = xml_clean(want.label());
        assert_eq!(got.get("label"), Some(label.as_str()));
        assert_eq!(got.values, expected_node(want), "node {}", want.id);
        assert!(got.viz.is_some(), "node {} has colour and size", want.id);
    }
    // Kinds keep the relations between one pair apart.
    let mut kinds = BTreeSet::new();
    for (got, want) in out.edges.iter().zip(&want_edges) {
        assert_eq!(got.get("id"), Some(want.id.as_str()));
        assert_eq!(got.get("source"), Some(want.source.as_str()));
        assert_eq!(got.get("target"), Some(want.target.as_str()));
        let kind = expected_kind(want);
        assert_eq!(got.get("kind"), Some(kind.as_str()));
        assert!(kinds.insert((want.source.clone(), want.target.clone(), kind)));
        assert_eq!(got.get("label"), Some(want.relation.label()));
        let weight = format!("{}.0", want.weight);
        assert_eq!(got.get("weight"), Some(weight.as_str()));
        assert_eq!(got.values, expected_edge(want), "edge {}", want.id);
    }
    let dynamic = want_edges.iter().any(|e| e.first_date.is_some());
    let mode = if dynamic { "dynamic" } else { "static" };
    assert_eq!(out.graph_attrs.get("mode").map(String::as_str), Some(mode));
    if dynamic {
        assert_eq!(out.graph_attrs["timeformat"], "date");
        check_intervals(&out);
    } else {
        assert!(!out.graph_attrs.contains_key("timeformat"));
        for item in out.nodes.iter().chain(&out.edges) {
            assert!(item.get("start").is_none() && item.get("end").is_none());
        }
    }
    out
}

/// Dates are `YYYY-MM-DD`, start <= end, and each dated edge lies within the
/// interval of each of its ends that has one.
fn check_intervals(out: &Gexf) {
    let is_date = |d: &str| {
        d.len() == 10
            && d.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            })
    };
    let mut spans = BTreeMap::new();
    for item in out.nodes.iter().chain(&out.edges) {
        match (item.get("start"), item.get("end")) {
            (Some(s), Some(e)) => {
                assert!(is_date(s) && is_date(e) && s <= e, "{s}..{e}");
                spans.insert(item.get("id").unwrap(), (s, e));
            }
            (None, None) => {}
            other => panic!("half an interval: {other:?}"),
        }
    }
    for e in &out.edges {
        let Some(&(s, t)) = spans.get(e.get("id").unwrap()) else {
            continue;
        };
        for end in [e.get("source").unwrap(), e.get("target").unwrap()] {
            if let Some(&(ns, nt)) = spans.get(end) {
                assert!(ns <= s && t <= nt, "edge {s}..{t} outside node {ns}..{nt}");
            }
        }
    }
}

#[test]
fn sample_graph_is_valid_gexf() {
    jing(&render(Format::Gexf, &sample_graph()));
}

#[test]
fn sample_graph_reads_back() {
    let g = sample_graph();
    let out = round_trip(&g);
    assert_eq!(out.nodes.len(), 8);
    assert_eq!(out.edges.len(), 7);
    assert_eq!(out.last_modified.as_deref(), Some("2015-03-01"));
    let node = |id: &str| out.nodes.iter().find(|n| n.get("id") == Some(id)).unwrap();
    let edge = |id: &str| out.edges.iter().find(|n| n.get("id") == Some(id)).unwrap();
    assert_eq!(
        node("wd:Q2429253").get("label"),
        Some("Islamic State <ISIS> & \"co\"")
    );
    // Colours by type, sizes from mentions.
    assert_eq!(node("wd:Q79").viz, Some(((31, 119, 180), "8.296".into())));
    assert_ne!(node("ng:place:سيناء").viz, node("wd:Q79").viz);
    assert_eq!(node("ng:place:سيناء").values["type"], "place");
    // Three relations between Britain and Egypt, three kinds.
    let pair: Vec<&str> = out
        .edges
        .iter()
        .filter(|e| e.get("source") == Some("wd:Q145") && e.get("target") == Some("wd:Q79"))
        .map(|e| e.get("kind").unwrap())
        .collect();
    assert_eq!(pair, ["met_with", "cooperates_with", "supports_derived"]);
    // Intervals: the met_with edge spans its two documents.
    let met = edge("wd:Q145--met_with--wd:Q79");
    assert_eq!(
        (met.get("start"), met.get("end")),
        (Some("2015-02-16"), Some("2015-03-01"))
    );
    assert!(edge("wd:Q2429253--attacked--wd:Q79").get("start").is_none());
    // A node whose edges are all dated takes their span; others have none.
    let kasen = node("ng:person:جون_كاسن");
    assert_eq!(
        (kasen.get("start"), kasen.get("end")),
        (Some("2015-02-16"), Some("2015-02-16"))
    );
    assert!(node("wd:Q145").get("start").is_none());
    assert!(node("ng:UN").get("start").is_none());
}

#[test]
fn output_is_byte_identical() {
    assert_eq!(
        render(Format::Gexf, &sample_graph()),
        render(Format::Gexf, &sample_graph())
    );
}

#[test]
fn static_graph_has_no_time() {
    let mut g = Graph::new(GraphOptions::default());
    g.add_node(Node::new("ng:a", ActorType::Country));
    let out = round_trip(&g);
    assert_eq!(out.graph_attrs["mode"], "static");
    assert!(out.last_modified.is_none());
    jing(&render(Format::Gexf, &g));
}

#[test]
fn date_times_are_cut_to_the_day() {
    let base = one_edge_graph("a", "b", "c");
    let mut g = Graph::new(GraphOptions::default());
    // Document sets hold their graph's numbers: move them as ids.
    for n in base.nodes() {
        let mut n = n.clone();
        n.documents = base.doc_ids(&n.documents).collect();
        g.add_node(n);
    }
    let mut e = base.edges()[0].clone();
    e.documents = base.doc_ids(&e.documents).collect();
    e.first_date = Some("2015-02-16T10:30:00+02:00".into());
    e.last_date = Some("2015-02-18T08:00:00Z".into());
    assert!(g.insert_edge(e));
    let out = round_trip(&g);
    let edge = &out.edges[0];
    assert_eq!(
        (edge.get("start"), edge.get("end")),
        (Some("2015-02-16"), Some("2015-02-18"))
    );
    // The column keeps the date as the graph has it.
    assert_eq!(edge.values["first_date"], "2015-02-16T10:30:00+02:00");
    jing(&render(Format::Gexf, &g));
}

#[test]
fn the_cli_writes_gexf_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    std::fs::write(
        &input,
        "التقى وزير الخارجية المصري بنظيره البريطاني في القاهرة.\n",
    )
    .unwrap();
    let out = dir.path().join("out.gexf");
    bin()
        .arg("extract")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let bytes = std::fs::read(&out).unwrap();
    parse(&bytes);
    jing(&bytes);
}

#[test]
fn awkward_strings_are_valid_and_read_back() {
    let g = one_edge_graph(&awkward(), &awkward(), &awkward());
    round_trip(&g);
    jing(&render(Format::Gexf, &g));
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
