//! The graph model: actors and aggregated relations held in petgraph, with our own
//! stable ids. Every accessor returns items in a fixed, sorted order, so every
//! exporter writes byte-identical output for the same documents in any input order.

mod model;

pub use model::{
    ActorType, DocExtraction, DocId, DocumentMeta, Edge, Evidence, Mention, Node, Relation,
    RelationRecord, Resolution, Skipped,
};

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Options of the aggregation.
#[derive(Clone, Copy, Debug)]
pub struct GraphOptions {
    /// Keep at most this many evidence items per edge (counts stay exact).
    pub max_evidence: Option<usize>,
    /// Keep every actor mention (for the `mentions` output).
    pub keep_mentions: bool,
}

impl Default for GraphOptions {
    fn default() -> Self {
        GraphOptions {
            max_evidence: Some(20),
            keep_mentions: false,
        }
    }
}

/// The knowledge graph: actors (nodes) and aggregated relations (edges).
#[derive(Clone, Debug, Default)]
pub struct Graph {
    inner: StableDiGraph<Node, Edge>,
    nodes: HashMap<String, NodeIndex>,
    /// Edges by (source, relation, target, derived), the ends as node indices
    /// (nodes are never removed, so an index names one node for good).
    edges: HashMap<(NodeIndex, Relation, NodeIndex, bool), EdgeIndex>,
    documents: BTreeMap<String, DocumentMeta>,
    /// Every document id the node and edge lists hold, once.
    doc_ids: HashSet<DocId>,
    skipped: BTreeSet<Skipped>,
    mentions: Vec<Mention>,
    options: GraphOptions,
}

impl Graph {
    /// An empty graph.
    pub fn new(options: GraphOptions) -> Graph {
        Graph {
            options,
            ..Graph::default()
        }
    }

    /// The aggregation options.
    pub fn options(&self) -> GraphOptions {
        self.options
    }

    /// Record a document that was read.
    pub fn add_document(&mut self, meta: DocumentMeta) {
        self.documents.entry(meta.id.clone()).or_insert(meta);
    }

    /// Record an input that was skipped.
    pub fn add_skipped(&mut self, skipped: Skipped) {
        self.skipped.insert(skipped);
    }

    /// Add a node, or merge it into the node with the same id.
    pub fn add_node(&mut self, mut node: Node) {
        node.documents = std::mem::take(&mut node.documents)
            .into_iter()
            .map(|d| self.intern(&d))
            .collect();
        match self.nodes.get(&node.id) {
            Some(&ix) => self.inner[ix].merge(node),
            None => {
                let id = node.id.clone();
                let ix = self.inner.add_node(node);
                self.nodes.insert(id, ix);
            }
        }
    }

    /// Add one piece of evidence for a relation; both ends must have been added.
    /// Symmetric relations are stored with their ends in sorted order.
    /// Returns false when an end is missing.
    pub fn add_relation(&mut self, record: RelationRecord) -> bool {
        let RelationRecord {
            mut source,
            relation,
            mut target,
            derived,
            evidence,
        } = record;
        if relation.is_symmetric() && source > target {
            std::mem::swap(&mut source, &mut target);
        }
        let (Some(&s), Some(&t)) = (self.nodes.get(&source), self.nodes.get(&target)) else {
            return false;
        };
        let key = (s, relation, t, derived);
        let ix = match self.edges.get(&key) {
            Some(&ix) => ix,
            None => {
                let edge = Edge {
                    id: Edge::make_id(&source, relation, &target, derived),
                    source,
                    target,
                    relation,
                    weight: 0,
                    documents: BTreeSet::new(),
                    first_date: None,
                    last_date: None,
                    evidence: Vec::new(),
                    derived,
                };
                let ix = self.inner.add_edge(s, t, edge);
                self.edges.insert(key, ix);
                ix
            }
        };
        let max = self.options.max_evidence;
        let document = self.intern(&evidence.document);
        let edge = &mut self.inner[ix];
        edge.weight += 1;
        edge.documents.insert(document);
        if let Some(date) = &evidence.date {
            if edge.first_date.as_ref().is_none_or(|d| date < d) {
                edge.first_date = Some(date.clone());
            }
            if edge.last_date.as_ref().is_none_or(|d| date > d) {
                edge.last_date = Some(date.clone());
            }
        }
        // Keep the smallest items in evidence order, whatever order they arrive in.
        let pos = edge.evidence.binary_search(&evidence).unwrap_or_else(|p| p);
        if max.is_none_or(|m| pos < m) {
            edge.evidence.insert(pos, evidence);
            if let Some(m) = max {
                edge.evidence.truncate(m);
            }
        }
        true
    }

    /// Merge everything extracted from one document.
    /// The graph's one copy of a document id.
    fn intern(&mut self, id: &str) -> DocId {
        match self.doc_ids.get(id) {
            Some(d) => d.clone(),
            None => {
                let d: DocId = id.into();
                self.doc_ids.insert(d.clone());
                d
            }
        }
    }

    pub fn merge(&mut self, doc: DocExtraction) {
        self.add_document(doc.meta);
        for node in doc.nodes {
            self.add_node(node);
        }
        for rel in doc.relations {
            self.add_relation(rel);
        }
        if self.options.keep_mentions {
            self.mentions.extend(doc.mentions);
        }
    }

    /// The mentions kept (with `keep_mentions`), sorted by document and offset.
    pub fn mentions(&self) -> Vec<&Mention> {
        let mut v: Vec<&Mention> = self.mentions.iter().collect();
        v.sort();
        v
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    /// A node by id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.get(id).map(|&ix| &self.inner[ix])
    }

    /// All nodes, sorted by id.
    pub fn nodes(&self) -> Vec<&Node> {
        let mut v: Vec<&Node> = self.inner.node_weights().collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    }

    /// All edges, sorted by (source, relation, target, derived).
    pub fn edges(&self) -> Vec<&Edge> {
        let mut v: Vec<&Edge> = self.inner.edge_weights().collect();
        v.sort_by(|a, b| {
            (&a.source, a.relation, &a.target, a.derived)
                .cmp(&(&b.source, b.relation, &b.target, b.derived))
        });
        v
    }

    /// The documents read, sorted by id.
    pub fn documents(&self) -> impl Iterator<Item = &DocumentMeta> {
        self.documents.values()
    }

    /// The inputs skipped, sorted.
    pub fn skipped(&self) -> impl Iterator<Item = &Skipped> {
        self.skipped.iter()
    }

    /// Whether any document has a date (then exports can be dynamic).
    pub fn has_dates(&self) -> bool {
        self.inner.edge_weights().any(|e| e.first_date.is_some())
    }

    /// The petgraph view, for algorithms (degree, components, ...).
    pub fn petgraph(&self) -> &StableDiGraph<Node, Edge> {
        &self.inner
    }

    /// Add an edge as a whole (used when reading a graph written earlier).
    pub fn insert_edge(&mut self, edge: Edge) -> bool {
        self.try_insert_edge(edge).is_ok()
    }

    /// [`Graph::insert_edge`], giving the edge's id back when it cannot be added.
    pub(crate) fn try_insert_edge(&mut self, edge: Edge) -> Result<(), String> {
        let (Some(&s), Some(&t)) = (self.nodes.get(&edge.source), self.nodes.get(&edge.target))
        else {
            return Err(edge.id);
        };
        let key = (s, edge.relation, t, edge.derived);
        match self.edges.entry(key) {
            Entry::Occupied(_) => Err(edge.id),
            Entry::Vacant(slot) => {
                slot.insert(self.inner.add_edge(s, t, edge));
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(doc: &str, sentence: usize) -> Evidence {
        Evidence {
            document: doc.into(),
            sentence,
            start: 0,
            end: 10,
            trigger_start: 1,
            trigger_end: 2,
            trigger: "x".into(),
            text: "sentence".into(),
            date: Some(format!("2015-01-{:02}", sentence + 1)),
        }
    }

    fn rec(s: &str, r: Relation, t: &str, doc: &str, sentence: usize) -> RelationRecord {
        RelationRecord {
            source: s.into(),
            relation: r,
            target: t.into(),
            derived: false,
            evidence: ev(doc, sentence),
        }
    }

    fn graph(max: Option<usize>) -> Graph {
        let mut g = Graph::new(GraphOptions {
            max_evidence: max,
            keep_mentions: false,
        });
        g.add_node(Node::new("a", ActorType::Country));
        g.add_node(Node::new("b", ActorType::Person));
        g
    }

    #[test]
    fn symmetric_relations_are_stored_once_in_canonical_order() {
        let mut g = graph(None);
        assert!(g.add_relation(rec("b", Relation::MetWith, "a", "d1", 1)));
        assert!(g.add_relation(rec("a", Relation::MetWith, "b", "d2", 1)));
        let edges = g.edges();
        assert_eq!(edges.len(), 1);
        assert_eq!(
            (edges[0].source.as_str(), edges[0].target.as_str()),
            ("a", "b")
        );
        assert_eq!(edges[0].weight, 2);
    }

    #[test]
    fn node_and_edge_document_lists_share_one_copy_of_each_id() {
        let mut g = graph(None);
        let mut n = Node::new("a", ActorType::Country);
        n.documents.insert("d1".into());
        g.add_node(n);
        g.add_relation(rec("a", Relation::MetWith, "b", "d1", 1));
        let node_doc = g.node("a").and_then(|n| n.documents.first().cloned());
        let edge_doc = g.edges()[0].documents.first().cloned();
        let (Some(x), Some(y)) = (node_doc, edge_doc) else {
            panic!("both lists hold d1");
        };
        assert_eq!(&*x, "d1");
        assert!(DocId::ptr_eq(&x, &y));
    }

    #[test]
    fn directed_relations_keep_their_direction() {
        let mut g = graph(None);
        g.add_relation(rec("b", Relation::OfficialOf, "a", "d1", 1));
        g.add_relation(rec("a", Relation::OfficialOf, "b", "d1", 2));
        assert_eq!(g.edge_count(), 2);
    }

    #[test]
    fn capped_evidence_keeps_exact_counts_and_is_order_independent() {
        let items: Vec<_> = (0..6)
            .map(|i| rec("a", Relation::Supports, "b", &format!("d{}", i % 3), i))
            .collect();
        let mut g1 = graph(Some(2));
        let mut g2 = graph(Some(2));
        for r in &items {
            g1.add_relation(r.clone());
        }
        for r in items.iter().rev() {
            g2.add_relation(r.clone());
        }
        let (e1, e2) = (g1.edges()[0].clone(), g2.edges()[0].clone());
        assert_eq!(e1, e2);
        assert_eq!(e1.weight, 6);
        assert_eq!(e1.evidence.len(), 2);
        assert_eq!(e1.documents.len(), 3);
        assert_eq!(e1.first_date.as_deref(), Some("2015-01-01"));
        assert_eq!(e1.last_date.as_deref(), Some("2015-01-06"));
    }

    #[test]
    fn relation_to_unknown_node_is_refused() {
        let mut g = graph(None);
        assert!(!g.add_relation(rec("a", Relation::Attacked, "zzz", "d", 0)));
        assert_eq!(g.edge_count(), 0);
    }

    #[test]
    fn node_merge_is_order_independent() {
        let mut x = Node::new("n", ActorType::Person);
        x.labels.insert("ar".into(), "ب".into());
        x.documents.insert("d1".into());
        x.mentions = 2;
        let mut y = Node::new("n", ActorType::Person);
        y.labels.insert("ar".into(), "ا".into());
        y.documents.insert("d2".into());
        y.mentions = 1;
        let mut g1 = Graph::default();
        g1.add_node(x.clone());
        g1.add_node(y.clone());
        let mut g2 = Graph::default();
        g2.add_node(y);
        g2.add_node(x);
        assert_eq!(g1.node("n"), g2.node("n"));
        let n = g1.node("n").unwrap();
        assert_eq!(n.labels["ar"], "ا");
        assert!(n.aliases.contains("ب"));
        assert_eq!(n.mentions, 3);
    }
}
