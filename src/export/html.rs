//! A self-contained HTML page that draws the laid-out graph on a canvas
//! (`-o graph.html`): no network request, no font, nothing but the file. The
//! page, its style and its script are ours, in `src/export/html/`, embedded
//! here; the graph goes in as JSON (`<script type="application/json">`).
//!
//! What the page does is documented in docs/html.md; the Arabic folding of its
//! search box (`fold.js`) is the matcher's (`src/text/normalize.rs`), checked
//! against it by the integration tests.

use super::view::{by_weight, drawn, hex, relation_color, split_evidence, type_color};
use crate::graph::{ActorType, Graph, Relation};
use crate::layout::{COMMUNITY_PALETTE, Layout, OTHER_COMMUNITY};
use serde::Serialize;
use std::collections::HashMap;
use std::io::{self, Write};

const PAGE: &str = include_str!("html/page.html");
const STYLE: &str = include_str!("html/page.css");
const FOLD: &str = include_str!("html/fold.js");
const SCRIPT: &str = include_str!("html/page.js");

#[derive(Serialize)]
struct Data<'a> {
    generator: &'static str,
    documents: usize,
    relations: Vec<Legend>,
    types: Vec<Legend>,
    /// Colour of each community (by number).
    communities: Vec<String>,
    nodes: Vec<NodeData<'a>>,
    /// Edges, lightest first.
    edges: Vec<EdgeData<'a>>,
    docs: Vec<DocData>,
}

#[derive(Serialize)]
struct Legend {
    id: &'static str,
    label: &'static str,
    color: String,
}

#[derive(Serialize)]
struct NodeData<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    ar: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    en: Option<&'a str>,
    /// Other names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    names: Vec<&'a str>,
    /// Type, as an index into `types`.
    t: usize,
    x: f64,
    y: f64,
    /// Size (radius).
    s: f64,
    /// Community.
    c: u32,
    /// Weighted degree.
    w: f64,
    /// Mentions.
    m: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    wd: Option<&'a str>,
}

#[derive(Serialize)]
struct EdgeData<'a> {
    id: &'a str,
    /// Source and target, as indices into `nodes`.
    s: usize,
    t: usize,
    /// Relation, as an index into `relations`.
    r: usize,
    w: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    derived: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    first: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last: Option<&'a str>,
    /// Evidence: document (index into `docs`), text before the trigger, the
    /// trigger, text after it, rule.
    ev: Vec<(usize, &'a str, &'a str, &'a str, &'a str)>,
}

#[derive(Serialize)]
struct DocData {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

/// Write the page.
pub fn write(graph: &Graph, layout: &Layout, w: &mut dyn Write) -> io::Result<()> {
    let json = data_json(graph, layout)?;
    let mut w = io::BufWriter::with_capacity(super::BUFFER, w);
    let mut rest = PAGE;
    for (marker, content) in [
        ("/*{{style}}*/", STYLE),
        ("{{data}}", json.as_str()),
        ("/*{{fold}}*/", FOLD),
        ("/*{{script}}*/", SCRIPT),
    ] {
        let (before, after) = rest
            .split_once(marker)
            .ok_or_else(|| io::Error::other(format!("page template has no {marker}")))?;
        w.write_all(before.as_bytes())?;
        w.write_all(content.as_bytes())?;
        rest = after;
    }
    w.write_all(rest.as_bytes())?;
    w.flush()
}

/// The graph as the page's JSON, safe inside a `<script>` element (every `<`
/// is written `\u003c`, which can only occur inside JSON strings).
fn data_json(graph: &Graph, layout: &Layout) -> io::Result<String> {
    let placed = drawn(graph, layout);
    let index: HashMap<&str, usize> = placed
        .iter()
        .enumerate()
        .map(|(i, d)| (d.node.id.as_str(), i))
        .collect();
    let type_index = |t: ActorType| ActorType::ALL.iter().position(|&x| x == t).unwrap_or(0);
    let relation_index = |r: Relation| Relation::ALL.iter().position(|&x| x == r).unwrap_or(0);
    let nodes = placed
        .iter()
        .map(|d| NodeData {
            id: &d.node.id,
            ar: d.node.labels.get("ar").map(String::as_str),
            en: d.node.labels.get("en").map(String::as_str),
            names: d.node.aliases.iter().map(String::as_str).collect(),
            t: type_index(d.node.actor_type),
            x: d.x,
            y: d.y,
            s: d.size,
            c: d.community,
            w: d.weighted_degree,
            m: d.node.mentions,
            wd: d.node.wikidata.as_deref(),
        })
        .collect();
    // documents named by evidence, numbered in id order
    let mut named: Vec<&str> = graph
        .edges()
        .iter()
        .flat_map(|e| e.evidence.iter().map(|ev| ev.document.as_str()))
        .collect();
    named.sort_unstable();
    named.dedup();
    let doc_index: HashMap<&str, usize> = named.iter().enumerate().map(|(i, &d)| (d, i)).collect();
    let mut docs: Vec<DocData> = named
        .iter()
        .map(|&id| DocData {
            id: id.to_string(),
            title: None,
            date: None,
            url: None,
        })
        .collect();
    for meta in graph.documents() {
        let meta = meta?;
        if let Some(&i) = doc_index.get(meta.id.as_str()) {
            docs[i] = DocData {
                id: meta.id,
                title: meta.title,
                date: meta.date,
                url: meta.url,
            };
        }
    }
    let mut edges = Vec::new();
    for e in by_weight(graph) {
        let (Some(&s), Some(&t)) = (index.get(e.source.as_str()), index.get(e.target.as_str()))
        else {
            continue;
        };
        let ev = e
            .evidence
            .iter()
            .map(|ev| {
                let (before, trigger, after) = split_evidence(ev);
                let doc = doc_index.get(ev.document.as_str()).copied().unwrap_or(0);
                (
                    doc,
                    before,
                    trigger,
                    after,
                    ev.rule.as_deref().unwrap_or(""),
                )
            })
            .collect();
        edges.push(EdgeData {
            id: &e.id,
            s,
            t,
            r: relation_index(e.relation),
            w: e.weight,
            derived: e.derived,
            first: e.first_date.as_deref(),
            last: e.last_date.as_deref(),
            ev,
        });
    }
    let data = Data {
        generator: concat!("newsgraph ", env!("CARGO_PKG_VERSION")),
        documents: graph.document_count(),
        relations: Relation::ALL
            .iter()
            .map(|&r| Legend {
                id: r.as_str(),
                label: r.label(),
                color: hex(relation_color(r)),
            })
            .collect(),
        types: ActorType::ALL
            .iter()
            .map(|&t| Legend {
                id: t.as_str(),
                label: t.as_str(),
                color: hex(type_color(t)),
            })
            .collect(),
        communities: (0..layout
            .community_count()
            .min(COMMUNITY_PALETTE.len() as u32 + 1))
            .map(|c| hex(layout.community_color(c)))
            .chain(std::iter::once(hex(OTHER_COMMUNITY)))
            .collect(),
        nodes,
        edges,
        docs,
    };
    let json = serde_json::to_string(&data).map_err(io::Error::other)?;
    Ok(json.replace('<', "\\u003c"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Evidence, Node, RelationRecord};
    use crate::layout::LayoutOptions;

    #[test]
    fn the_page_holds_the_graph_and_nothing_closes_its_script_early() {
        let mut g = Graph::default();
        let mut a = Node::new("wd:Q79", ActorType::Country);
        a.labels.insert("ar".into(), "مصر".into());
        a.labels.insert("en".into(), "Egypt</script><b>".into());
        g.add_node(a);
        g.add_node(Node::new("wd:Q30", ActorType::Country));
        g.add_relation(RelationRecord {
            source: "wd:Q79".into(),
            relation: Relation::Supports,
            target: "wd:Q30".into(),
            derived: false,
            evidence: Evidence {
                document: "d1".into(),
                sentence: 1,
                start: 0,
                end: 9,
                trigger_start: 4,
                trigger_end: 8,
                trigger: "تدعم".into(),
                text: "مصر تدعم <!-- x".into(),
                date: None,
                source_sector: None,
                target_sector: None,
                rule: Some("supports.verb".into()),
            },
        });
        let layout = Layout::compute(&g, &LayoutOptions::default()).unwrap();
        let mut buf = Vec::new();
        write(&g, &layout, &mut buf).unwrap();
        let page = String::from_utf8(buf).unwrap();
        assert_eq!(page.matches("</script>").count(), 3, "{page}");
        assert!(!page.contains("<!-- x"));
        assert!(!page.contains("{{"));
        let start = page.find("id=\"ng-data\">").unwrap() + "id=\"ng-data\">".len();
        let end = start + page[start..].find("</script>").unwrap();
        let data: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
        assert_eq!(data["nodes"].as_array().unwrap().len(), 2);
        assert_eq!(data["nodes"][1]["en"], "Egypt</script><b>");
        assert_eq!(data["edges"][0]["ev"][0][2], "تدعم");
        assert_eq!(data["edges"][0]["ev"][0][4], "supports.verb");
        for marker in ["http://", "https://", "@import", "url("] {
            assert!(
                !PAGE.contains(marker) && !STYLE.contains(marker),
                "{marker}"
            );
            assert!(
                !SCRIPT.contains(marker) && !FOLD.contains(marker),
                "{marker}"
            );
        }
    }
}
