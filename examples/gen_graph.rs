//! A synthetic graph for export benchmarks, written as node-link JSON:
//! `cargo run --release --example gen_graph -- NODES EDGES OUT.json`
//! (default 100000 nodes, 1000000 edges). Every edge is a distinct
//! (source, relation, target) with one evidence item.

use newsgraph::{
    ActorType, DocumentMeta, Evidence, Format, Graph, GraphOptions, Node, Relation, RelationRecord,
};
use std::io::Write;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let nodes: usize = args.next().map_or(Ok(100_000), |s| s.parse())?;
    let edges: usize = args.next().map_or(Ok(1_000_000), |s| s.parse())?;
    let out = args.next().unwrap_or_else(|| "graph.json".into());
    anyhow::ensure!(nodes >= 2, "at least 2 nodes");
    let mut g = Graph::new(GraphOptions {
        max_evidence: Some(1),
        keep_mentions: false,
    });
    g.add_document(DocumentMeta {
        id: "doc-0".into(),
        title: Some("وثيقة اصطناعية".into()),
        date: Some("2015-07-21".into()),
        url: None,
        source: None,
        hash: None,
    })?;
    let id = |i: usize| format!("ng:person:شخص_{i}");
    for i in 0..nodes {
        let mut n = Node::new(id(i), ActorType::Person);
        n.labels.insert("ar".into(), format!("شخص {i}"));
        n.labels.insert("en".into(), format!("Person {i}"));
        n.documents.insert("doc-0");
        n.mentions = 1;
        g.add_node(n);
    }
    // directed relations only, so that no two records merge into one edge
    let relations = [Relation::Supports, Relation::Opposes, Relation::Attacked];
    let text = "التقى الوزير نظيره في القاهرة";
    for k in 0..edges {
        let (round, s) = (k / nodes, k % nodes);
        let t = (s + 1 + round * 97) % nodes;
        g.add_relation(RelationRecord {
            source: id(s),
            relation: relations[round % relations.len()],
            target: id(t),
            derived: false,
            evidence: Evidence {
                document: "doc-0".into(),
                sentence: k % 40,
                start: 0,
                end: text.chars().count(),
                trigger_start: 0,
                trigger_end: 5,
                trigger: "التقى".into(),
                text: text.into(),
                date: Some("2015-07-21".into()),
                source_sector: None,
                target_sector: None,
                rule: None,
            },
        });
    }
    let mut w = std::io::BufWriter::new(std::fs::File::create(&out)?);
    Format::NodeLink.write(&g, &mut w)?;
    w.flush()?;
    eprintln!(
        "gen_graph: {out}: {} nodes, {} edges",
        g.node_count(),
        g.edge_count()
    );
    Ok(())
}
