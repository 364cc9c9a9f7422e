//! Tests of the linked-data exports (JSON-LD 1.1, N-Quads) and of the files in
//! `schema/`: both exports parse offline, hold the same RDF dataset with the
//! expected triples, keep every string intact; the vocabulary and shapes parse,
//! and the SHACL shapes accept our output (with pyshacl, when present); the
//! node-link output matches `schema/nodelink.schema.json`.

use crate::common::sample_graph;
use newsgraph::{ActorType, DocSet, DocumentMeta, Edge, Evidence, Format, Graph, Node, Relation};
use oxrdf::{Dataset, GraphNameRef, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::path::PathBuf;

const NG: &str = "https://w3id.org/newsgraph/vocab#";
const ID: &str = "https://w3id.org/newsgraph/id/";
const REL: &str = "https://w3id.org/newsgraph/relation/";
const DOC: &str = "https://w3id.org/newsgraph/doc/";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn export(g: &Graph, format: Format) -> Vec<u8> {
    let mut out = Vec::new();
    format.write(g, &mut out).unwrap();
    out
}

/// Parse JSON-LD with no document loader: the embedded context must suffice.
fn parse_jsonld(bytes: &[u8]) -> Vec<Quad> {
    oxjsonld::JsonLdParser::new()
        .for_slice(bytes)
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}"))
}

fn parse_nquads(bytes: &[u8]) -> Vec<Quad> {
    oxttl::NQuadsParser::new()
        .for_slice(bytes)
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("N-Quads do not parse: {e}"))
}

fn both(g: &Graph) -> (Dataset, Dataset) {
    let jsonld = parse_jsonld(&export(g, Format::JsonLd));
    let nquads = parse_nquads(&export(g, Format::NQuads));
    (jsonld.into_iter().collect(), nquads.into_iter().collect())
}

fn iri(s: &str) -> NamedNode {
    NamedNode::new(s).unwrap()
}

fn has(ds: &Dataset, s: &str, p: &str, o: impl Into<Term>) -> bool {
    ds.contains(&Quad::new(
        iri(s),
        iri(p),
        o.into(),
        oxrdf::GraphName::DefaultGraph,
    ))
}

fn typed(v: &str, dt: &str) -> Literal {
    Literal::new_typed_literal(v, iri(&format!("{XSD}{dt}")))
}

#[test]
fn jsonld_and_nquads_hold_the_same_dataset() {
    let g = sample_graph();
    let (jsonld, nquads) = both(&g);
    assert!(!jsonld.is_empty());
    // No blank nodes and only the default graph, so plain set equality is exact.
    for q in jsonld.iter() {
        assert!(
            matches!(q.subject, oxrdf::NamedOrBlankNodeRef::NamedNode(_)),
            "{q}"
        );
        assert!(!matches!(q.object, oxrdf::TermRef::BlankNode(_)), "{q}");
        assert_eq!(q.graph_name, GraphNameRef::DefaultGraph, "{q}");
    }
    if jsonld != nquads {
        let a: BTreeSet<String> = jsonld.iter().map(|q| q.to_string()).collect();
        let b: BTreeSet<String> = nquads.iter().map(|q| q.to_string()).collect();
        panic!(
            "only in JSON-LD: {:#?}\nonly in N-Quads: {:#?}",
            a.difference(&b).collect::<Vec<_>>(),
            b.difference(&a).collect::<Vec<_>>()
        );
    }
    // Each N-Quads line is one distinct triple.
    let nq = export(&g, Format::NQuads);
    let lines = nq.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count();
    assert_eq!(lines, nquads.len());
}

/// The number of triples, counted from the graph model by the documented mapping.
fn expected_triples(g: &Graph) -> usize {
    let docs: usize = g
        .documents()
        .map(|d| {
            let d = d.unwrap();
            3 + usize::from(d.title.is_some())
                + usize::from(d.date.is_some())
                + usize::from(d.url.is_some())
                + usize::from(d.source.is_some())
        })
        .sum();
    let edges = g.edges();
    let direct: BTreeSet<(&str, Relation, &str)> = edges
        .iter()
        .filter(|e| !e.derived)
        .map(|e| (e.source.as_str(), e.relation, e.target.as_str()))
        .collect();
    let actors: usize = g
        .nodes()
        .iter()
        .map(|n| {
            4 + n.labels.len()
                + n.aliases.len()
                + usize::from(n.wikidata.is_some())
                + usize::from(n.iso3.is_some())
                + usize::from(n.cameo.is_some())
                + n.documents.len()
        })
        .sum();
    let relations: usize = edges
        .iter()
        .map(|e| {
            7 + usize::from(e.first_date.is_some())
                + usize::from(e.last_date.is_some())
                + e.documents.len()
                + 10 * e.evidence.len()
        })
        .sum();
    docs + actors + direct.len() + relations
}

#[test]
fn triple_count_is_as_documented() {
    let g = sample_graph();
    let (jsonld, _) = both(&g);
    assert_eq!(jsonld.len(), expected_triples(&g));
}

#[test]
fn actors_relations_evidence_and_documents_are_mapped() {
    let (ds, _) = both(&sample_graph());
    let egypt = format!("{ID}wd:Q79");
    let uk = format!("{ID}wd:Q145");
    assert!(has(
        &ds,
        &egypt,
        RDF_TYPE,
        iri("https://schema.org/Country")
    ));
    assert!(has(&ds, &egypt, RDF_TYPE, iri(&format!("{NG}Country"))));
    assert!(has(
        &ds,
        &egypt,
        "http://www.w3.org/2000/01/rdf-schema#label",
        Literal::new_language_tagged_literal("مصر", "ar").unwrap()
    ));
    assert!(has(
        &ds,
        &egypt,
        "https://schema.org/alternateName",
        Literal::new_language_tagged_literal("القاهرة", "ar").unwrap()
    ));
    assert!(has(
        &ds,
        &egypt,
        "https://schema.org/sameAs",
        iri("http://www.wikidata.org/entity/Q79")
    ));
    assert!(has(
        &ds,
        &egypt,
        &format!("{NG}mentionCount"),
        typed("2", "integer")
    ));
    assert!(has(
        &ds,
        &egypt,
        &format!("{NG}iso3"),
        Literal::new_simple_literal("EGY")
    ));
    // Arabic ids are percent-encoded.
    let person = format!("{ID}ng:person:%D8%AC%D9%88%D9%86_%D9%83%D8%A7%D8%B3%D9%86");
    assert!(has(&ds, &person, RDF_TYPE, iri(&format!("{NG}Person"))));
    // Direct triples for stated relations, none for the derived one.
    assert!(has(&ds, &uk, &format!("{NG}metWith"), iri(&egypt)));
    assert!(has(&ds, &person, &format!("{NG}officialOf"), iri(&uk)));
    assert!(!has(&ds, &uk, &format!("{NG}supports"), iri(&egypt)));
    // The relation node.
    let met = format!("{REL}wd:Q145--met_with--wd:Q79");
    assert!(has(&ds, &met, RDF_TYPE, iri(&format!("{NG}Relation"))));
    assert!(has(&ds, &met, RDF_TYPE, iri(&format!("{NG}MetWith"))));
    assert!(has(&ds, &met, &format!("{NG}source"), iri(&uk)));
    assert!(has(&ds, &met, &format!("{NG}target"), iri(&egypt)));
    assert!(has(
        &ds,
        &met,
        &format!("{NG}weight"),
        typed("2", "integer")
    ));
    assert!(has(
        &ds,
        &met,
        &format!("{NG}firstDate"),
        typed("2015-02-16", "date")
    ));
    assert!(has(
        &ds,
        &met,
        &format!("{NG}lastDate"),
        typed("2015-03-01", "date")
    ));
    assert!(has(
        &ds,
        &met,
        &format!("{NG}derived"),
        typed("false", "boolean")
    ));
    let supports = format!("{REL}wd:Q145--supports--wd:Q79--derived");
    assert!(has(
        &ds,
        &supports,
        &format!("{NG}derived"),
        typed("true", "boolean")
    ));
    // Evidence.
    let ev = format!("{met}/evidence/0");
    assert!(has(&ds, &met, &format!("{NG}evidence"), iri(&ev)));
    assert!(has(
        &ds,
        &ev,
        "http://www.w3.org/ns/prov#wasDerivedFrom",
        iri(&format!("{DOC}doc-1.txt"))
    ));
    assert!(has(
        &ds,
        &ev,
        &format!("{NG}sentenceIndex"),
        typed("1", "integer")
    ));
    // Documents.
    let doc = format!("{DOC}doc-1.txt");
    assert!(has(
        &ds,
        &doc,
        RDF_TYPE,
        iri("https://schema.org/NewsArticle")
    ));
    assert!(has(
        &ds,
        &doc,
        "https://schema.org/datePublished",
        typed("2015-02-16", "date")
    ));
    assert!(has(
        &ds,
        &doc,
        "https://schema.org/url",
        iri("https://example.org/a?x=1&y=2")
    ));
    assert!(has(
        &ds,
        &doc,
        "https://schema.org/headline",
        Literal::new_simple_literal("اجتماع «أمني» & \"رفيع\"")
    ));
}

#[test]
fn jsonld_embeds_the_schema_context_and_is_deterministic() {
    let g = sample_graph();
    let a = export(&g, Format::JsonLd);
    assert_eq!(a, export(&g, Format::JsonLd));
    let v: serde_json::Value = serde_json::from_slice(&a).unwrap();
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo("schema/context.jsonld")).unwrap())
            .unwrap();
    assert_eq!(v["@context"], file["@context"]);
    let text = String::from_utf8(a).unwrap();
    for banned in ["\"@annotation\"", "\"@direction\"", "_:"] {
        assert!(!text.contains(banned), "{banned} in the JSON-LD");
    }
    let egypt = v["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["identifier"] == "wd:Q79")
        .unwrap();
    assert_eq!(egypt["label"]["ar"], "مصر");
    assert_eq!(egypt["label"]["en"], "Egypt");
    assert_eq!(egypt["sameAs"], "http://www.wikidata.org/entity/Q79");
    assert_eq!(export(&g, Format::NQuads), export(&g, Format::NQuads));
}

#[test]
fn empty_graph_exports_parse() {
    let (jsonld, nquads) = both(&Graph::default());
    assert!(jsonld.is_empty() && nquads.is_empty());
}

#[test]
fn odd_values_become_plain_strings_not_broken_rdf() {
    let mut g = Graph::default();
    g.add_document(DocumentMeta {
        id: "dir/a b?#%.txt".into(),
        title: Some("t".into()),
        date: Some("16 Feb 2015".into()),
        url: Some("not a url <x>".into()),
        source: None,
        hash: None,
    })
    .unwrap();
    g.add_document(DocumentMeta {
        id: "..".into(),
        title: None,
        date: Some("2015-02-16T10:30:00Z".into()),
        url: Some("https://ar.example/أخبار/1".into()),
        source: None,
        hash: None,
    })
    .unwrap();
    let mut n = Node::new("ng:x", ActorType::Person);
    n.labels.insert("not a tag".into(), "label".into());
    n.wikidata = Some("not-a-qid".into());
    g.add_node(n);
    let (jsonld, nquads) = both(&g);
    assert_eq!(jsonld, nquads);
    let doc = format!("{DOC}dir%2Fa%20b%3F%23%25.txt");
    assert!(has(
        &jsonld,
        &doc,
        "https://schema.org/datePublished",
        Literal::new_simple_literal("16 Feb 2015")
    ));
    assert!(has(
        &jsonld,
        &doc,
        "https://schema.org/url",
        Literal::new_simple_literal("not a url <x>")
    ));
    let dots = format!("{DOC}%2E%2E");
    assert!(has(
        &jsonld,
        &dots,
        "https://schema.org/datePublished",
        typed("2015-02-16T10:30:00Z", "dateTime")
    ));
    assert!(has(
        &jsonld,
        &dots,
        "https://schema.org/url",
        iri("https://ar.example/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/1")
    ));
    assert!(has(
        &jsonld,
        &format!("{ID}ng:x"),
        "http://www.w3.org/2000/01/rdf-schema#label",
        Literal::new_simple_literal("label")
    ));
}

/// A graph whose strings are all `s` (or derived from it).
fn graph_with_strings(label: &str, alias: &str, text: &str) -> Graph {
    let mut g = Graph::default();
    g.add_document(DocumentMeta {
        id: "d".into(),
        title: Some(text.into()),
        date: None,
        url: None,
        source: None,
        hash: None,
    })
    .unwrap();
    let mut a = Node::new("ng:a", ActorType::Person);
    a.labels.insert("ar".into(), label.into());
    a.labels.insert("en".into(), label.into());
    a.aliases.insert(alias.into());
    g.add_node(a);
    g.add_node(Node::new("ng:b", ActorType::Country));
    let edge = Edge {
        id: Edge::make_id("ng:a", Relation::OfficialOf, "ng:b", false),
        source: "ng:a".into(),
        target: "ng:b".into(),
        relation: Relation::OfficialOf,
        weight: 1,
        documents: DocSet::from_iter(["d"]),
        first_date: None,
        last_date: None,
        evidence: vec![Evidence {
            document: "d".into(),
            sentence: 0,
            start: 0,
            end: 1,
            trigger_start: 0,
            trigger_end: 1,
            trigger: label.into(),
            text: text.into(),
            date: None,
            source_sector: None,
            target_sector: None,
            rule: None,
        }],
        derived: false,
    };
    assert!(g.insert_edge(edge));
    g
}

/// The string values of `property` on `subject`.
fn strings(ds: &Dataset, subject: &str, property: &str) -> BTreeSet<String> {
    let (s, p) = (NamedOrBlankNode::from(iri(subject)), iri(property));
    ds.iter()
        .filter(|q| q.subject == s.as_ref() && q.predicate == p.as_ref())
        .filter_map(|q| match q.object {
            oxrdf::TermRef::Literal(l) => Some(l.value().to_string()),
            _ => None,
        })
        .collect()
}

fn check_strings_survive(label: &str, alias: &str, text: &str) {
    let g = graph_with_strings(label, alias, text);
    let (jsonld, nquads) = both(&g);
    assert_eq!(jsonld, nquads);
    let a = format!("{ID}ng:a");
    let ev = format!("{REL}ng:a--official_of--ng:b/evidence/0");
    for ds in [&jsonld, &nquads] {
        let labels = strings(ds, &a, "http://www.w3.org/2000/01/rdf-schema#label");
        assert_eq!(labels, BTreeSet::from([label.to_string()]));
        let aliases = strings(ds, &a, "https://schema.org/alternateName");
        assert_eq!(aliases, BTreeSet::from([alias.to_string()]));
        let texts = strings(ds, &ev, &format!("{NG}text"));
        assert_eq!(texts, BTreeSet::from([text.to_string()]));
        let titles = strings(ds, &format!("{DOC}d"), "https://schema.org/headline");
        assert_eq!(titles, BTreeSet::from([text.to_string()]));
    }
}

#[test]
fn awkward_strings_survive_both_formats() {
    check_strings_survive(
        "\"quoted\" \\back\\ \u{200f}مصر\u{200e}",
        "line1\nline2\r\n\ttab\u{0}\u{1}\u{7f}\u{8}\u{c}",
        "@id {\"@value\": 1} </> \u{2028}\u{feff}\u{10ffff}",
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_string_reads_back_from_both_formats(
        label in any::<String>(),
        alias in any::<String>(),
        text in any::<String>(),
    ) {
        check_strings_survive(&label, &alias, &text);
    }

    #[test]
    fn control_heavy_strings_read_back(
        label in "[\\x00-\\x1f\\x7f\"\\\\\u{200e}\u{200f}\u{202b}ا-ي a-z]{0,24}",
    ) {
        check_strings_survive(&label, &label, &label);
    }
}

/// A graph whose ids, URL and dates are arbitrary strings.
fn graph_with_ids(doc_id: &str, node_id: &str, url: &str, date: &str) -> Graph {
    let mut g = Graph::default();
    g.add_document(DocumentMeta {
        id: doc_id.into(),
        title: None,
        date: Some(date.into()),
        url: Some(url.into()),
        source: None,
        hash: None,
    })
    .unwrap();
    let mut a = Node::new(node_id, ActorType::Person);
    a.documents.insert(doc_id);
    a.wikidata = Some(url.into());
    a.labels.insert(date.into(), node_id.into());
    g.add_node(a);
    g.add_node(Node::new("ng:b", ActorType::Country));
    let mut edge = graph_with_strings("x", "y", "z").edges()[0].clone();
    edge.id = Edge::make_id(node_id, Relation::Supports, "ng:b", true);
    edge.source = node_id.into();
    edge.relation = Relation::Supports;
    edge.derived = true;
    edge.documents = DocSet::from_iter([doc_id]);
    edge.first_date = Some(date.into());
    edge.last_date = Some(date.into());
    edge.evidence[0].document = doc_id.into();
    g.insert_edge(edge);
    g
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Whatever the ids, URLs and dates, both exports parse (every IRI and
    /// language tag is valid) and agree.
    #[test]
    fn any_ids_urls_and_dates_give_valid_equal_datasets(
        doc_id in any::<String>(),
        node_id in "\\PC{1,12}",
        url in prop_oneof![
            any::<String>(),
            "(https?|ftp|1x|a b)://[a-zA-Z0-9.:@%\\[\\]/?#&=~!$'()*+,;_ <>\"{}|^`\\\\ا-ي\u{200f}-]{0,24}",
        ],
        date in prop_oneof![
            any::<String>(),
            "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?)?",
            "[a-zA-Z]{1,9}(-[a-zA-Z0-9]{1,9}){0,2}",
        ],
    ) {
        let g = graph_with_ids(&doc_id, &node_id, &url, &date);
        let (jsonld, nquads) = both(&g);
        prop_assert_eq!(&jsonld, &nquads);
        prop_assert_eq!(jsonld.len(), expected_triples(&g) - usize::from(!url_is_wikidata(&url)));
    }
}

/// Whether `graph_with_ids` gets a `schema:sameAs` from its URL.
fn url_is_wikidata(url: &str) -> bool {
    let qid = url.rsplit('/').next().unwrap_or("");
    (url == qid
        || url == format!("http://www.wikidata.org/entity/{qid}")
        || url == format!("https://www.wikidata.org/entity/{qid}")
        || url == format!("https://www.wikidata.org/wiki/{qid}"))
        && qid.len() > 1
        && qid.starts_with('Q')
        && qid[1..].bytes().all(|b| b.is_ascii_digit())
}

#[test]
fn vocabulary_and_shapes_parse_as_turtle() {
    for file in ["schema/vocab.ttl", "schema/shapes.ttl"] {
        let text = std::fs::read(repo(file)).unwrap();
        let n = oxttl::TurtleParser::new()
            .for_slice(&text)
            .collect::<Result<Vec<_>, _>>()
            .unwrap_or_else(|e| panic!("{file}: {e}"))
            .len();
        assert!(n > 50, "{file} has only {n} triples");
    }
}

#[test]
fn vocabulary_defines_every_term_we_write() {
    let text = std::fs::read(repo("schema/vocab.ttl")).unwrap();
    let vocab: BTreeSet<String> = oxttl::TurtleParser::new()
        .for_slice(&text)
        .map(|t| t.unwrap())
        .filter(|t| t.predicate.as_str() == RDF_TYPE)
        .filter_map(|t| match t.subject {
            NamedOrBlankNode::NamedNode(n) => Some(n.into_string()),
            _ => None,
        })
        .collect();
    let (ds, _) = both(&sample_graph());
    for q in ds.iter() {
        let mut used = vec![q.predicate.as_str()];
        if let (RDF_TYPE, oxrdf::TermRef::NamedNode(n)) = (q.predicate.as_str(), q.object) {
            used.push(n.as_str());
        }
        for u in used {
            if u.starts_with(NG) {
                assert!(vocab.contains(u), "{u} is not defined in vocab.ttl");
            }
        }
    }
    // Every relation has a property and a class.
    for r in Relation::ALL {
        assert!(vocab.contains(&format!("{NG}{}", r.camel())));
    }
}

#[test]
fn vocabulary_terms_have_english_and_arabic_labels_and_comments() {
    let text = std::fs::read(repo("schema/vocab.ttl")).unwrap();
    let triples: Vec<oxrdf::Triple> = oxttl::TurtleParser::new()
        .for_slice(&text)
        .map(|t| t.unwrap())
        .collect();
    let terms: BTreeSet<&str> = triples
        .iter()
        .filter(|t| t.predicate.as_str() == RDF_TYPE)
        .filter_map(|t| match &t.subject {
            NamedOrBlankNode::NamedNode(n) if n.as_str().starts_with(NG) => Some(n.as_str()),
            _ => None,
        })
        .collect();
    assert!(terms.len() > 40, "{terms:?}");
    for term in terms {
        let about = |p: &str| {
            triples
                .iter()
                .filter(move |t| {
                    t.subject.to_string() == format!("<{term}>") && t.predicate.as_str() == p
                })
                .map(|t| t.object.clone())
                .collect::<Vec<_>>()
        };
        let labels = about("http://www.w3.org/2000/01/rdf-schema#label");
        for lang in ["en", "ar"] {
            assert!(
                labels
                    .iter()
                    .any(|l| matches!(l, Term::Literal(l) if l.language() == Some(lang))),
                "{term} has no @{lang} label"
            );
        }
        assert!(
            !about("http://www.w3.org/2000/01/rdf-schema#comment").is_empty(),
            "{term} has no comment"
        );
    }
}

/// A Python with pyshacl: `$PYSHACL_PYTHON`, else `python3`, if it imports it.
fn pyshacl_python() -> Option<String> {
    let python = std::env::var("PYSHACL_PYTHON").unwrap_or_else(|_| "python3".into());
    let ok = std::process::Command::new(&python)
        .args(["-c", "import pyshacl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipping: {python} has no pyshacl (set PYSHACL_PYTHON to a Python with it)");
        return None;
    }
    Some(python)
}

/// Run pyshacl on the N-Quads of `g`: (conforms, report).
fn shacl(python: &str, g: &Graph) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.nt");
    std::fs::write(&data, export(g, Format::NQuads)).unwrap();
    let out = std::process::Command::new(python)
        .args(["-m", "pyshacl", "-s"])
        .arg(repo("schema/shapes.ttl"))
        .args(["-sf", "turtle", "-df", "nt", "-f", "nt"])
        .arg(&data)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "pyshacl failed: {report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code() == Some(0), report)
}

#[test]
fn shacl_shapes_accept_our_output_and_catch_broken_data() {
    let Some(python) = pyshacl_python() else {
        return;
    };
    let (ok, report) = shacl(&python, &sample_graph());
    assert!(ok, "{report}");
    // A relation of weight 0 to a place, and an actor with no label.
    let mut g = Graph::default();
    g.add_node(Node::new("ng:nameless", ActorType::Person));
    g.add_node(Node::new("ng:place:x", ActorType::Place));
    let edge = Edge {
        id: Edge::make_id("ng:nameless", Relation::Attacked, "ng:place:x", false),
        source: "ng:nameless".into(),
        target: "ng:place:x".into(),
        relation: Relation::Attacked,
        weight: 0,
        documents: Default::default(),
        first_date: Some("someday".into()),
        last_date: None,
        evidence: vec![],
        derived: false,
    };
    assert!(g.insert_edge(edge));
    let (ok, report) = shacl(&python, &g);
    assert!(!ok, "broken data conforms: {report}");
    for path in [
        "rdf-schema#label",
        "vocab#weight",
        "vocab#target",
        "vocab#firstDate",
    ] {
        assert!(report.contains(path), "no violation on {path}: {report}");
    }
}

#[test]
fn node_link_output_matches_its_json_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo("schema/nodelink.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft202012::new(&schema).expect("the schema is valid");
    let out = export(&sample_graph(), Format::NodeLink);
    let data: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&data)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // And it is strict enough to reject what is not node-link.
    let mut bad = data.clone();
    bad["links"][0]["weight"] = serde_json::json!(-1);
    assert!(!validator.is_valid(&bad));
    let mut bad = data.clone();
    bad["nodes"][0]["type"] = serde_json::json!("planet");
    assert!(!validator.is_valid(&bad));
    let mut bad = data;
    bad["nodes"][0].as_object_mut().unwrap().remove("labels");
    assert!(!validator.is_valid(&bad));
}
