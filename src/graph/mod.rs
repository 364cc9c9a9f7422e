//! The graph model: actors and aggregated relations held in petgraph, with our own
//! stable ids. Every accessor returns items in a fixed, sorted order, so every
//! exporter writes byte-identical output for the same documents in any input order.

mod docs;
mod fold;
mod lcpsort;
mod merge;
mod model;
mod scan;

pub use merge::{Absorbed, Conflict, FORMAT, OnConflict, Provenance, Settings};
pub(crate) use merge::{min_cap, same_text};
pub use model::MentionsIter;

pub(crate) use docs::{Records, RenderedIds};
pub(crate) use fold::{FoldCache, Part};
pub use model::{
    ActorType, DocExtraction, DocSet, DocumentMeta, Edge, Evidence, Mention, Mentions, Node,
    Relation, RelationRecord, Resolution, Skipped,
};
pub(crate) use scan::find_special;

use crate::error::Result;
use docs::DocStore;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};
use std::io;

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
///
/// Its memory grows with the graph, not with the corpus: the documents' metadata
/// waits in a temporary file until an output lists the documents, and the
/// nodes' and edges' document lists hold numbers (see [`DocSet`]).
#[derive(Debug, Default)]
pub struct Graph {
    inner: StableDiGraph<Node, Edge>,
    nodes: HashMap<String, NodeIndex, foldhash::fast::RandomState>,
    /// Edges by (source, relation, target, derived), the ends as node indices
    /// (nodes are never removed, so an index names one node for good).
    edges: HashMap<(NodeIndex, Relation, NodeIndex, bool), EdgeIndex, foldhash::fast::RandomState>,
    /// Every document id, and the metadata of the documents read.
    docs: DocStore,
    skipped: BTreeSet<Skipped>,
    mentions: Mentions,
    /// The mentions' sorted order, worked out when first asked for.
    mention_order: std::sync::OnceLock<Vec<u32>>,
    options: GraphOptions,
    /// What the graph was made with, when known.
    provenance: Option<Provenance>,
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

    /// Record a document that was read. Returns false when a document with
    /// the same id was recorded before (the first one's metadata is kept).
    /// Errs when the temporary file of the documents' metadata cannot be
    /// written.
    pub fn add_document(&mut self, meta: DocumentMeta) -> Result<bool> {
        self.record_document(&meta)
    }

    /// [`Graph::add_document`], from a reference.
    pub(crate) fn record_document(&mut self, meta: &DocumentMeta) -> Result<bool> {
        self.docs.add(meta)
    }

    /// Record an input that was skipped.
    pub fn add_skipped(&mut self, skipped: Skipped) {
        self.skipped.insert(skipped);
    }

    /// Add a node, or merge it into the node with the same id.
    ///
    /// # Panics
    /// When the graph would hold more than `u32::MAX` document ids, or when
    /// the node's documents were numbered by another graph (for a node taken
    /// from graph `other`: `node.documents = other.doc_ids(&node.documents).collect()`).
    pub fn add_node(&mut self, mut node: Node) {
        self.docs.number(&mut node.documents);
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
    ///
    /// # Panics
    /// As [`Graph::add_node`].
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
                    documents: DocSet::default(),
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
        let edge = &mut self.inner[ix];
        edge.weight += 1;
        self.docs.insert(&mut edge.documents, &evidence.document);
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
            let items = &mut edge.evidence;
            if let Some(m) = max {
                if items.len() >= m {
                    // Make room: the largest item goes.
                    items.truncate(m - 1);
                } else if items.len() == items.capacity() {
                    // Grow as a Vec does, but never past the cap.
                    items.reserve_exact((2 * items.len()).max(4).min(m) - items.len());
                }
            }
            items.insert(pos, evidence);
        }
        true
    }

    /// Merge everything extracted from one document. Errs as
    /// [`Graph::add_document`] does.
    pub fn merge(&mut self, doc: DocExtraction) -> Result<()> {
        self.add_document(doc.meta)?;
        for node in doc.nodes {
            self.add_node(node);
        }
        for rel in doc.relations {
            self.add_relation(rel);
        }
        if self.options.keep_mentions {
            // the first document's mentions move in without a copy
            self.mentions.append(doc.mentions);
            self.mention_order = std::sync::OnceLock::new();
        }
        Ok(())
    }

    /// The mentions kept (with `keep_mentions`), sorted by document and offset.
    pub fn mentions(&self) -> impl Iterator<Item = Mention> + '_ {
        let order = self
            .mention_order
            .get_or_init(|| self.mentions.sorted_order());
        self.mentions.iter_in(order)
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

    /// The documents read, sorted by id, read back from the temporary file
    /// (an error names it).
    pub fn documents(&self) -> impl Iterator<Item = io::Result<DocumentMeta>> + '_ {
        self.docs.documents()
    }

    /// Sort the document ids now (else the first use of their order does):
    /// to run beside other work.
    pub fn sort_documents(&self) {
        self.docs.sort();
    }

    /// The documents read, by number, in id order (see
    /// [`Graph::document_records`]).
    pub(crate) fn document_nums(&self) -> Vec<u32> {
        self.docs.document_nums()
    }

    /// The records of documents of [`Graph::document_nums`], read at once
    /// (in a few reads of the temporary file, not one a
    /// document).
    pub(crate) fn document_records(&self, nums: &[u32], out: &mut Records) -> io::Result<()> {
        self.docs.records(nums, out)
    }

    /// Number of documents read.
    pub fn document_count(&self) -> usize {
        self.docs.len()
    }

    /// The ids of a node's or an edge's documents (`node.documents`), sorted.
    ///
    /// # Panics
    /// When the set holds another graph's document numbers (a node or an edge
    /// of another graph).
    pub fn doc_ids<'a>(&'a self, set: &'a DocSet) -> impl ExactSizeIterator<Item = &'a str> {
        self.docs.ids(set)
    }

    /// Every document id rendered once by `render`, in id order (see
    /// [`RenderedIds`]).
    pub(crate) fn render_doc_ids(&self, render: impl Fn(&str, &mut Vec<u8>) + Sync) -> RenderedIds {
        self.docs.render_ids(render)
    }

    /// The place of a document number in id order.
    pub(crate) fn doc_rank(&self, num: u32) -> u32 {
        self.docs.rank(num)
    }

    /// The places in id order of a set's documents, sorted, into `out`;
    /// false when the set holds ids not numbered (then read
    /// [`Graph::doc_ids`]).
    pub(crate) fn doc_ranks(&self, set: &DocSet, out: &mut Vec<u32>) -> bool {
        self.docs.ranks(set, out)
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
    ///
    /// # Panics
    /// As [`Graph::add_node`].
    pub fn insert_edge(&mut self, edge: Edge) -> bool {
        self.try_insert_edge(edge).is_ok()
    }

    /// [`Graph::insert_edge`], giving the edge's id back when it cannot be
    /// added, and whether that is for a missing end (else it repeats an edge).
    pub(crate) fn try_insert_edge(&mut self, mut edge: Edge) -> Result<(), (String, bool)> {
        let (Some(&s), Some(&t)) = (self.nodes.get(&edge.source), self.nodes.get(&edge.target))
        else {
            return Err((edge.id, true));
        };
        let key = (s, edge.relation, t, edge.derived);
        match self.edges.entry(key) {
            Entry::Occupied(_) => Err((edge.id, false)),
            Entry::Vacant(slot) => {
                self.docs.number(&mut edge.documents);
                slot.insert(self.inner.add_edge(s, t, edge));
                Ok(())
            }
        }
    }
}

/// A hint to the processor to bring the cache line of `p` into its caches
/// (nothing where there is no such instruction). It never faults.
#[inline(always)]
pub(crate) fn prefetch(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: a prefetch reads nothing and never faults, whatever the
        // address; SSE is part of every x86_64 processor.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(p.cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// [`prefetch`] of every cache line of `*v` (a value whose fields are read
/// soon, from all over memory).
#[inline(always)]
pub(crate) fn prefetch_value<T>(v: &T) {
    let p: *const u8 = std::ptr::from_ref(v).cast();
    for offset in (0..size_of::<T>()).step_by(64) {
        prefetch(p.wrapping_add(offset));
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
            source_sector: None,
            target_sector: None,
            rule: None,
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

    fn ids<'a>(g: &'a Graph, set: &'a DocSet) -> Vec<&'a str> {
        g.doc_ids(set).collect()
    }

    #[test]
    fn node_and_edge_document_lists_hold_one_number_per_id() {
        let mut g = graph(None);
        let mut n = Node::new("a", ActorType::Country);
        n.documents.insert("d2");
        n.documents.insert("d1");
        g.add_node(n);
        g.add_relation(rec("a", Relation::MetWith, "b", "d1", 1));
        g.add_relation(rec("a", Relation::MetWith, "b", "d1", 2));
        g.add_relation(rec("a", Relation::MetWith, "b", "d0", 3));
        let node = g.node("a").unwrap();
        assert_eq!(ids(&g, &node.documents), ["d1", "d2"]);
        let edge = g.edges()[0];
        assert_eq!(ids(&g, &edge.documents), ["d0", "d1"]);
        assert_eq!(edge.documents.len(), 2);
        assert_eq!(g.docs.id(0), "d1");
        assert_eq!(g.docs.id(2), "d0");
    }

    #[test]
    fn document_sets_keep_any_insertion_order_sorted_by_id() {
        let mut g = Graph::default();
        // Numbers in arrival order: z=0, a=1, m=2, ...
        let names: Vec<String> = (0..300)
            .map(|i| format!("doc{}", (i * 7919) % 300))
            .collect();
        for name in &names {
            let mut n = Node::new("x", ActorType::Person);
            n.documents.insert(name);
            g.add_node(n);
        }
        // A node whose documents arrive in reverse number order.
        for name in names.iter().rev() {
            let mut n = Node::new("y", ActorType::Person);
            n.documents.insert(name);
            g.add_node(n);
        }
        let mut want: Vec<&str> = names.iter().map(String::as_str).collect();
        want.sort_unstable();
        want.dedup();
        for id in ["x", "y"] {
            let node = g.node(id).unwrap();
            assert_eq!(node.documents.len(), want.len());
            assert_eq!(ids(&g, &node.documents), want);
        }
        // One encoding for one set, whatever the order it was built in.
        assert_eq!(
            g.node("x").unwrap().documents,
            g.node("y").unwrap().documents
        );
    }

    #[test]
    #[should_panic(expected = "another graph")]
    fn a_document_set_of_another_graph_is_refused() {
        let mut g1 = Graph::default();
        let mut n = Node::new("x", ActorType::Person);
        n.documents.insert("d");
        g1.add_node(n);
        let mut g2 = Graph::default();
        g2.add_document(DocumentMeta {
            id: "e".into(),
            ..DocumentMeta::default()
        })
        .unwrap();
        g2.add_node(g1.node("x").unwrap().clone());
    }

    #[test]
    fn documents_round_trip_through_the_temporary_file_in_id_order() {
        let mut g = Graph::default();
        let odd = "عنوان \"quoted\" \n\t\u{0}\u{FEFF}\u{10FFFF} ✓";
        let docs: Vec<DocumentMeta> = (0..5000)
            .map(|i| DocumentMeta {
                id: format!("{}-{i}", ["b", "a", "c"][i % 3]),
                title: (i % 4 != 0).then(|| format!("{odd} {i}")),
                date: (i % 5 != 0).then(|| "2015-07-23T10:00:00".to_string()),
                url: (i % 2 == 0).then(|| format!("http://x.test/{}", "ا".repeat(i % 700))),
                source: (i % 7 != 0).then(String::new),
                hash: None,
            })
            .collect();
        for d in &docs {
            assert!(g.add_document(d.clone()).unwrap());
        }
        // A repeated id keeps the first metadata.
        let again = DocumentMeta {
            id: docs[10].id.clone(),
            title: Some("other".into()),
            ..DocumentMeta::default()
        };
        assert!(!g.add_document(again).unwrap());
        // An id named by a node only is not a document read.
        let mut n = Node::new("x", ActorType::Person);
        n.documents.insert("zzz");
        g.add_node(n);
        let mut want = docs.clone();
        want.sort();
        let got: Vec<DocumentMeta> = g.documents().map(Result::unwrap).collect();
        assert_eq!(g.document_count(), want.len());
        assert_eq!(got, want);
        // Read twice: the same (the file is read with positioned reads).
        assert_eq!(g.documents().count(), want.len());
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
        let (e1, e2) = (g1.edges()[0], g2.edges()[0]);
        assert_eq!(ids(&g1, &e1.documents), ids(&g2, &e2.documents));
        let strip = |e: &Edge| Edge {
            documents: DocSet::new(),
            ..e.clone()
        };
        assert_eq!(strip(e1), strip(e2));
        assert_eq!(e1.weight, 6);
        assert_eq!(e1.evidence.len(), 2);
        assert!(e1.evidence.capacity() <= 2);
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
        x.documents.insert("d1");
        x.mentions = 2;
        let mut y = Node::new("n", ActorType::Person);
        y.labels.insert("ar".into(), "ا".into());
        y.documents.insert("d2");
        y.mentions = 1;
        let mut g1 = Graph::default();
        g1.add_node(x.clone());
        g1.add_node(y.clone());
        let mut g2 = Graph::default();
        g2.add_node(y);
        g2.add_node(x);
        let (n1, n2) = (g1.node("n").unwrap(), g2.node("n").unwrap());
        assert_eq!(ids(&g1, &n1.documents), ["d1", "d2"]);
        assert_eq!(ids(&g2, &n2.documents), ["d1", "d2"]);
        let strip = |n: &Node| Node {
            documents: DocSet::new(),
            ..n.clone()
        };
        assert_eq!(strip(n1), strip(n2));
        let n = n1;
        assert_eq!(n.labels["ar"], "ا");
        assert!(n.aliases.contains("ب"));
        assert_eq!(n.mentions, 3);
    }
}
