//! Fuzz one document through the whole pipeline: `Extractor::extract`, a
//! `Graph`, and every exporter. The first byte picks the options (derived
//! relations, sectors, mentions counted only, the document's metadata taken from
//! the text's first line); the rest, decoded lossily, is the text.
//!
//! Properties: every mention's and every evidence's character offsets lie
//! inside the text and its text is the original's slice at those offsets (the
//! trigger inside its sentence); node and edge ids are unique and every edge's
//! ends are nodes; GraphML and GEXF are well-formed XML (roxmltree), node-link
//! JSON and each mentions line are JSON (serde_json), N-Quads parse (oxttl),
//! JSON-LD parses offline (oxjsonld) to the same triples as the N-Quads, and
//! node-link JSON reads back to a graph that writes the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::{
    Document, DocumentMeta, ExtractOptions, Extractor, Format, Graph, GraphOptions, Lexicon,
};
use std::collections::{BTreeSet, HashSet};
use std::sync::OnceLock;

/// One extractor for each set of options, built once: building the matcher
/// costs far more than one run.
fn extractor(options: &ExtractOptions) -> &'static Extractor<'static> {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    static EX: [OnceLock<Extractor<'static>>; 8] = [const { OnceLock::new() }; 8];
    let i = usize::from(options.derived)
        | usize::from(options.sectors) << 1
        | usize::from(options.count_mentions_only) << 2;
    EX[i].get_or_init(|| {
        let lex = LEX.get_or_init(|| Lexicon::builtin().expect("built-in lexicon"));
        Extractor::new(lex, options.clone())
    })
}

fn slice(chars: &[char], start: usize, end: usize) -> String {
    chars[start..end].iter().collect()
}

fn export(graph: &Graph, format: Format) -> Vec<u8> {
    let mut out = Vec::new();
    format.write(graph, &mut out).expect("writing to memory");
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let options = ExtractOptions {
        derived: flags & 1 != 0,
        sectors: flags & 2 != 0,
        count_mentions_only: flags & 4 != 0,
        // small caps, so that the fuzzer reaches the cuts and their warnings
        max_sentence_tokens: if flags & 16 != 0 { 12 } else { 2000 },
        max_participants: if flags & 32 != 0 { 2 } else { 16 },
    };
    // Metadata from the text's first line: ids, titles and urls with any
    // characters reach every exporter's escaping.
    let first = text.lines().next().unwrap_or("").to_string();
    let meta = if flags & 8 != 0 && !first.trim().is_empty() {
        DocumentMeta {
            id: first.clone(),
            title: Some(first.clone()),
            date: Some("2015-02-16".into()),
            url: Some(first.clone()),
            source: Some(first.clone()),
            hash: Some(first),
        }
    } else {
        DocumentMeta {
            id: "fuzz-1.txt".into(),
            title: None,
            date: None,
            url: None,
            source: None,
            hash: None,
        }
    };
    let doc = Document { meta, text };
    let out = extractor(&options).extract(&doc);

    let chars: Vec<char> = doc.text.chars().collect();
    let n = chars.len();
    let mut ids = HashSet::new();
    for node in &out.nodes {
        assert!(ids.insert(node.id.as_str()), "node id {:?} twice", node.id);
    }
    for m in &out.mentions {
        assert!(
            m.start <= m.end && m.end <= n,
            "mention {m:?} outside {n} chars"
        );
        assert_eq!(&*m.text, slice(&chars, m.start, m.end), "mention {m:?}");
        assert_eq!(&*m.document, doc.meta.id);
        assert!(ids.contains(&*m.actor), "mention of no node: {m:?}");
    }
    for r in &out.relations {
        let e = &r.evidence;
        assert!(
            e.start <= e.end && e.end <= n,
            "evidence {e:?} outside {n} chars"
        );
        assert_eq!(
            &*e.text,
            slice(&chars, e.start, e.end),
            "evidence text {e:?}"
        );
        assert!(
            e.start <= e.trigger_start
                && e.trigger_start <= e.trigger_end
                && e.trigger_end <= e.end,
            "trigger outside its sentence: {e:?}"
        );
        assert_eq!(e.document, doc.meta.id);
        assert!(
            ids.contains(r.source.as_str()),
            "relation from no node: {r:?}"
        );
        assert!(
            ids.contains(r.target.as_str()),
            "relation to no node: {r:?}"
        );
    }

    let mut graph = Graph::new(GraphOptions {
        max_evidence: Some(20),
        keep_mentions: !options.count_mentions_only,
    });
    graph.merge(out).expect("merging one document");
    let nodes: HashSet<&str> = graph.nodes().iter().map(|n| n.id.as_str()).collect();
    assert_eq!(nodes.len(), graph.node_count(), "graph node ids not unique");
    let mut edge_ids = HashSet::new();
    for e in graph.edges() {
        assert!(edge_ids.insert(e.id.as_str()), "edge id {:?} twice", e.id);
        assert!(nodes.contains(e.source.as_str()) && nodes.contains(e.target.as_str()));
    }

    let nodelink = export(&graph, Format::NodeLink);
    serde_json::from_slice::<serde_json::Value>(&nodelink).expect("node-link is JSON");
    let back = newsgraph::read_node_link_slice(&nodelink, "fuzz", graph.options())
        .expect("node-link reads back");
    assert!(
        export(&back, Format::NodeLink) == nodelink,
        "node-link round trip differs"
    );

    for format in [Format::GraphMl, Format::Gexf] {
        let xml = export(&graph, format);
        let xml = std::str::from_utf8(&xml).expect("XML is UTF-8");
        if let Err(e) = roxmltree::Document::parse(xml) {
            panic!("{} is not well-formed: {e}\n{xml}", format.name());
        }
    }

    let nq = export(&graph, Format::NQuads);
    let nquads: BTreeSet<String> = oxttl::NQuadsParser::new()
        .for_slice(&nq)
        .map(|q| q.map(|q| q.to_string()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| {
            panic!(
                "N-Quads do not parse: {e}\n{}",
                String::from_utf8_lossy(&nq)
            )
        });
    let jl = export(&graph, Format::JsonLd);
    let jsonld: BTreeSet<String> = oxjsonld::JsonLdParser::new()
        .for_slice(&jl)
        .map(|q| q.map(|q| q.to_string()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| {
            panic!(
                "JSON-LD does not parse: {e}\n{}",
                String::from_utf8_lossy(&jl)
            )
        });
    assert!(
        jsonld == nquads,
        "JSON-LD and N-Quads differ: only in JSON-LD {:?}, only in N-Quads {:?}",
        jsonld.difference(&nquads).collect::<Vec<_>>(),
        nquads.difference(&jsonld).collect::<Vec<_>>()
    );

    let mentions = export(&graph, Format::Mentions);
    for line in mentions.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        serde_json::from_slice::<serde_json::Value>(line).expect("a mentions line is JSON");
    }
});
