//! Graphs that grow: what a graph was made with (its provenance, to tell
//! whether two graphs are comparable), and the union of graphs (`merge`,
//! `extract --into`) with the aggregation of one extraction over all their
//! documents.
//!
//! The union of graphs whose documents are distinct is exact: nodes by id
//! (labels, aliases, documents and mention counts combined as
//! [`Node::merge`] does), edges by (source, relation, target) with their
//! evidence merged in order and capped, weights added, dates widened. A
//! document in both graphs with the same id and text hash counts once: the
//! later graph's share of it is taken out before the union. A document with
//! the same id and another text is a conflict, settled by [`OnConflict`].
//!
//! Taking a document's share out of a node or an edge is exact when the
//! graph can tell it: a node or an edge all of whose documents go is
//! removed; an edge whose evidence is complete (weight = evidence items)
//! loses exactly its items of those documents. A node-link graph does not
//! record a node's mentions per document, nor an edge's evidence beyond the
//! cap: there the count is scaled by the share of documents that stay, and
//! the item is counted as estimated ([`Absorbed::estimated`]).

use super::{DocSet, Edge, Graph};
use crate::error::{Error, Result};
use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The node-link format version written (the `graph.format` field); a graph
/// of a higher version is refused. Graphs without the field are version 0.
pub const FORMAT: u32 = 1;

/// What a graph was made with: the lexicon and the extraction settings.
/// Two graphs are comparable when their lexicon hashes and their settings
/// (but for the evidence cap) are the same.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The lexicon's hash ([`crate::Lexicon::hash`]), or `mixed` for a merge
    /// of graphs made with different lexicons (`--allow-mixed-lexicons`).
    pub lexicon: String,
    pub settings: Settings,
}

/// The extraction settings that change what a graph holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Derived relations were added (recomputed after a merge).
    pub derived: bool,
    /// Sector nodes (`--sectors`).
    pub sectors: bool,
    pub max_sentence_tokens: usize,
    pub max_participants: usize,
    /// The evidence kept per edge (`null`: all). A merge keeps the smallest
    /// cap of its inputs, which each input holds exactly.
    pub max_evidence: Option<usize>,
}

impl Provenance {
    /// Why `self` and `other` are not comparable, if they are not.
    pub fn differs(&self, other: &Provenance) -> Option<String> {
        let (a, b) = (&self.settings, &other.settings);
        let mut why = Vec::new();
        if self.lexicon != other.lexicon {
            why.push(format!("lexicon {} vs {}", self.lexicon, other.lexicon));
        }
        for (name, x, y) in [
            ("derived", a.derived, b.derived),
            ("sectors", a.sectors, b.sectors),
        ] {
            if x != y {
                why.push(format!("{name} {x} vs {y}"));
            }
        }
        for (name, x, y) in [
            (
                "max_sentence_tokens",
                a.max_sentence_tokens,
                b.max_sentence_tokens,
            ),
            ("max_participants", a.max_participants, b.max_participants),
        ] {
            if x != y {
                why.push(format!("{name} {x} vs {y}"));
            }
        }
        (!why.is_empty()).then(|| why.join(", "))
    }

    /// The provenance of the union of graphs of `self` and `other` (mixed
    /// ones allowed): the smaller evidence cap; `mixed` for differing
    /// lexicons; the other settings of `self`.
    pub(super) fn union(&self, other: &Provenance) -> Provenance {
        let mut p = self.clone();
        if self.lexicon != other.lexicon {
            p.lexicon = "mixed".into();
        }
        p.settings.max_evidence = min_cap(self.settings.max_evidence, other.settings.max_evidence);
        p
    }
}

/// The smaller of two evidence caps (`None`: no cap).
pub(crate) fn min_cap(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// How a conflict (a document id in two inputs with different texts) is
/// settled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OnConflict {
    /// The later input's document replaces the earlier one (the default).
    #[default]
    Last,
    /// The earlier input's document stays; the later one is left out.
    First,
    /// The run fails, naming the conflicts; nothing is written.
    Fail,
}

impl std::str::FromStr for OnConflict {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<OnConflict, String> {
        match s {
            "last" => Ok(OnConflict::Last),
            "first" => Ok(OnConflict::First),
            "fail" => Ok(OnConflict::Fail),
            _ => Err(format!(
                "unknown conflict rule {s:?} (expected last, first or fail)"
            )),
        }
    }
}

/// A document id found in two inputs with different texts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub id: String,
    /// The text hashes, earlier then later (`None`: the graph has none).
    pub hashes: (Option<String>, Option<String>),
}

/// What one union did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Absorbed {
    /// Documents new to the graph.
    pub new_documents: usize,
    /// Documents already in the graph with the same text (counted once).
    pub shared: usize,
    pub conflicts: Vec<Conflict>,
    /// Nodes and edges whose counts were scaled rather than counted (see
    /// the module's documentation).
    pub estimated: usize,
    /// Nodes and edges taken out with a document that was replaced.
    pub removed_nodes: usize,
    pub removed_edges: usize,
    /// Nodes and edges that were not in the graph before.
    pub new_nodes: usize,
    pub new_edges: usize,
}

impl Absorbed {
    /// Add the counts of another union.
    pub fn add(&mut self, other: Absorbed) {
        self.new_documents += other.new_documents;
        self.shared += other.shared;
        self.conflicts.extend(other.conflicts);
        self.estimated += other.estimated;
        self.removed_nodes += other.removed_nodes;
        self.removed_edges += other.removed_edges;
        self.new_nodes += other.new_nodes;
        self.new_edges += other.new_edges;
    }

    /// Count as new the nodes and edges of `graph` beyond the `nodes` and
    /// `edges` it had before (less the ones removed since).
    pub fn count_new(&mut self, graph: &Graph, nodes: usize, edges: usize) {
        self.new_nodes = (graph.node_count() + self.removed_nodes).saturating_sub(nodes);
        self.new_edges = (graph.edge_count() + self.removed_edges).saturating_sub(edges);
    }
}

/// Whether a document met again is the same one: both have a hash, and the
/// hashes are equal.
pub(crate) fn same_text(a: &Option<String>, b: &Option<String>) -> bool {
    a.is_some() && a == b
}

/// A count scaled to the documents that stay, and at least one per document.
fn scaled(count: u64, before: usize, after: usize) -> u64 {
    let (before, after) = (before.max(1) as u128, after as u128);
    let c = (u128::from(count) * after + before / 2) / before;
    (c as u64).max(after as u64)
}

impl Graph {
    /// What the graph was made with, when known.
    pub fn provenance(&self) -> Option<&Provenance> {
        self.provenance.as_ref()
    }

    /// Record what the graph was made with.
    pub fn set_provenance(&mut self, provenance: Option<Provenance>) {
        self.provenance = provenance;
    }

    /// Keep the documents' metadata in memory rather than in a temporary
    /// file (a graph read to be folded into another, then dropped).
    pub(crate) fn keep_documents_in_memory(&mut self) {
        self.docs.keep_in_memory();
    }

    /// How many document ids the graph has numbered.
    pub(crate) fn numbered_documents(&self) -> usize {
        self.docs.numbered()
    }

    /// The metadata of a document numbered below `below`, if it has some.
    pub(crate) fn archived_meta(
        &self,
        id: &str,
        below: usize,
    ) -> Option<std::io::Result<super::DocumentMeta>> {
        let num = self.docs.find(id).filter(|&n| (n as usize) < below)?;
        self.docs.meta(num)
    }

    /// Replace a document's metadata.
    pub(crate) fn replace_document(&mut self, meta: &super::DocumentMeta) -> Result<()> {
        self.docs.replace(meta)
    }

    /// Take the derived edges out (a merge recomputes them).
    pub(crate) fn remove_derived(&mut self) {
        let derived: Vec<EdgeIndex> = self
            .inner
            .edge_indices()
            .filter(|&ix| self.inner[ix].derived)
            .collect();
        for ix in derived {
            self.remove_edge(ix);
        }
    }

    /// Keep at most the cap of evidence items on each edge.
    pub(crate) fn cap_evidence(&mut self) {
        if let Some(max) = self.options.max_evidence {
            for e in self.inner.edge_weights_mut() {
                e.evidence.truncate(max);
            }
        }
    }

    /// Set the evidence cap (for the edges added from now on; see
    /// [`Graph::cap_evidence`] for the ones there).
    pub(crate) fn set_max_evidence(&mut self, max: Option<usize>) {
        self.options.max_evidence = max;
    }

    fn edge_key(&self, ix: EdgeIndex) -> (NodeIndex, super::Relation, NodeIndex, bool) {
        let e = &self.inner[ix];
        (
            self.nodes[&e.source],
            e.relation,
            self.nodes[&e.target],
            e.derived,
        )
    }

    fn remove_edge(&mut self, ix: EdgeIndex) {
        let key = self.edge_key(ix);
        self.edges.remove(&key);
        self.inner.remove_edge(ix);
    }

    /// Remove a node and its edges; returns the number of edges removed.
    fn remove_node(&mut self, ix: NodeIndex) -> usize {
        let mut incident: Vec<EdgeIndex> = self
            .inner
            .edges_directed(ix, Direction::Outgoing)
            .chain(self.inner.edges_directed(ix, Direction::Incoming))
            .map(|e| petgraph::visit::EdgeRef::id(&e))
            .collect();
        incident.sort_unstable();
        incident.dedup();
        let n = incident.len();
        for e in incident {
            self.remove_edge(e);
        }
        if let Some(node) = self.inner.remove_node(ix) {
            self.nodes.remove(&node.id);
        }
        n
    }

    /// Take the share of the documents `ids` (numbered in this graph) out of
    /// every node and edge, and forget their metadata.
    pub(crate) fn drop_documents(&mut self, ids: &HashSet<String>, report: &mut Absorbed) {
        if ids.is_empty() {
            return;
        }
        let nums: HashSet<u32> = ids.iter().filter_map(|id| self.docs.find(id)).collect();
        for &n in &nums {
            self.docs.forget(n);
        }
        let edges: Vec<EdgeIndex> = self.inner.edge_indices().collect();
        for ix in edges {
            let e = &mut self.inner[ix];
            let before = e.documents.len();
            let gone = e.documents.retain_nums(|n| !nums.contains(&n));
            if gone == 0 {
                continue;
            }
            if gone == before {
                self.remove_edge(ix);
                report.removed_edges += 1;
                continue;
            }
            let complete = e.weight == e.evidence.len() as u64;
            let items = e.evidence.len();
            e.evidence.retain(|ev| !ids.contains(&ev.document));
            if complete {
                e.weight = e.evidence.len() as u64;
                e.first_date = e.evidence.iter().filter_map(|ev| ev.date.clone()).min();
                e.last_date = e.evidence.iter().filter_map(|ev| ev.date.clone()).max();
            } else {
                let left = e.weight - (items - e.evidence.len()) as u64;
                e.weight = scaled(e.weight, before, before - gone)
                    .min(left)
                    .max(e.evidence.len() as u64);
                report.estimated += 1;
            }
        }
        let nodes: Vec<NodeIndex> = self.inner.node_indices().collect();
        for ix in nodes {
            let node = &mut self.inner[ix];
            let before = node.documents.len();
            let gone = node.documents.retain_nums(|n| !nums.contains(&n));
            if gone == 0 {
                continue;
            }
            if gone == before {
                report.removed_edges += self.remove_node(ix);
                report.removed_nodes += 1;
            } else {
                node.mentions = scaled(node.mentions, before, before - gone);
                report.estimated += 1;
            }
        }
    }

    /// Fold `other`, a graph read from another input, into this one, as if
    /// its documents had been extracted into it after this graph's own (see
    /// the module's documentation). Conflicts are settled by `on_conflict`;
    /// with [`OnConflict::Fail`] the first conflict is an error and this
    /// graph is left as it was. Derived edges of `other` are left out.
    pub fn absorb(
        &mut self,
        mut other: Graph,
        location: &str,
        on_conflict: OnConflict,
    ) -> Result<Absorbed> {
        let mut report = Absorbed::default();
        // The documents: new ones, ones seen before, conflicts.
        let mut theirs_out: HashSet<String> = HashSet::new();
        let mut ours_out: HashSet<String> = HashSet::new();
        // their document numbers, new to this graph
        let mut new_docs: Vec<u32> = Vec::new();
        let mut replaced = Vec::new();
        for n in 0..other.docs.numbered() as u32 {
            if !other.docs.has_meta(n) {
                continue;
            }
            let id = other.docs.id(n);
            let mine = match self.docs.find(id).and_then(|m| self.docs.meta(m)) {
                Some(m) => m.map_err(|e| Error::io(location, e))?,
                None => {
                    new_docs.push(n);
                    continue;
                }
            };
            let Some(meta) = other.docs.meta(n) else {
                continue;
            };
            let meta = meta.map_err(|e| Error::io(location, e))?;
            if same_text(&mine.hash, &meta.hash) {
                report.shared += 1;
                theirs_out.insert(meta.id);
                continue;
            }
            let conflict = Conflict {
                id: meta.id.clone(),
                hashes: (mine.hash, meta.hash.clone()),
            };
            match on_conflict {
                OnConflict::Fail => {
                    return Err(Error::merge(
                        location,
                        format!(
                            "document {:?} is also in an earlier input, with another text \
                             (hash {} there, {} here); --on-conflict last or first settles it",
                            conflict.id,
                            conflict.hashes.0.as_deref().unwrap_or("none"),
                            conflict.hashes.1.as_deref().unwrap_or("none"),
                        ),
                    ));
                }
                OnConflict::First => {
                    theirs_out.insert(meta.id);
                }
                OnConflict::Last => {
                    ours_out.insert(meta.id.clone());
                    replaced.push(meta);
                }
            }
            report.conflicts.push(conflict);
        }
        self.drop_documents(&ours_out, &mut report);
        other.drop_documents(&theirs_out, &mut Absorbed::default());
        report.new_documents = new_docs.len();
        for &n in &new_docs {
            let id = other.docs.id(n);
            match other.docs.raw_record(n) {
                Some(record) => self.docs.add_raw(id, record)?,
                None => match other.docs.meta(n) {
                    Some(meta) => self.docs.add(&meta.map_err(|e| Error::io(location, e))?)?,
                    None => false,
                },
            };
        }
        for meta in &replaced {
            self.docs.replace(meta)?;
        }
        for s in std::mem::take(&mut other.skipped) {
            self.skipped.insert(s);
        }
        // Their document numbers in this graph.
        let map: Vec<u32> = (0..other.docs.numbered() as u32)
            .map(|n| self.docs.intern(other.docs.id(n)))
            .collect();
        let tag = self.docs.tag();
        let renumber = |set: &DocSet| -> DocSet {
            let mut nums: Vec<u32> = set.nums().map(|n| map[n as usize]).collect();
            nums.sort_unstable();
            let mut out = DocSet::default();
            out.set_nums(&nums, tag);
            out
        };
        let edges: Vec<EdgeIndex> = other.inner.edge_indices().collect();
        let mut taken: Vec<Edge> = Vec::with_capacity(edges.len());
        for ix in edges {
            if let Some(mut e) = other.inner.remove_edge(ix)
                && !e.derived
            {
                e.documents = renumber(&e.documents);
                taken.push(e);
            }
        }
        let nodes: Vec<NodeIndex> = other.inner.node_indices().collect();
        for ix in nodes {
            if let Some(mut node) = other.inner.remove_node(ix) {
                node.documents = renumber(&node.documents);
                self.add_node(node);
            }
        }
        for e in taken {
            self.add_edge_union(e);
        }
        self.provenance = match (self.provenance.take(), &other.provenance) {
            (Some(a), Some(b)) => Some(a.union(b)),
            (a, b) => a.or_else(|| b.clone()),
        };
        Ok(report)
    }

    /// Add an edge whose documents are numbered by this graph, or fold it
    /// into the edge with its key. An edge whose ends are missing is left
    /// out (none in a graph that was read whole).
    fn add_edge_union(&mut self, mut e: Edge) {
        let (Some(&s), Some(&t)) = (self.nodes.get(&e.source), self.nodes.get(&e.target)) else {
            return;
        };
        e.evidence.sort();
        let key = (s, e.relation, t, e.derived);
        let max = self.options.max_evidence;
        match self.edges.get(&key) {
            None => {
                if let Some(m) = max {
                    e.evidence.truncate(m);
                }
                let ix = self.inner.add_edge(s, t, e);
                self.edges.insert(key, ix);
            }
            Some(&ix) => {
                let mine = &mut self.inner[ix];
                mine.weight += e.weight;
                mine.documents.union(e.documents);
                if let Some(d) = e.first_date
                    && mine.first_date.as_ref().is_none_or(|m| d < *m)
                {
                    mine.first_date = Some(d);
                }
                if let Some(d) = e.last_date
                    && mine.last_date.as_ref().is_none_or(|m| d > *m)
                {
                    mine.last_date = Some(d);
                }
                let ours = std::mem::take(&mut mine.evidence);
                mine.evidence = merge_sorted(ours, e.evidence, max);
            }
        }
    }
}

/// Two sorted lists merged in order, at most `max` items.
fn merge_sorted<T: Ord>(a: Vec<T>, b: Vec<T>, max: Option<usize>) -> Vec<T> {
    let cap = max.map_or(a.len() + b.len(), |m| m.min(a.len() + b.len()));
    let mut out = Vec::with_capacity(cap);
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    while out.len() < cap {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => x <= y,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let next = if take_a { a.next() } else { b.next() };
        out.extend(next);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_lists_merge_in_order_up_to_the_cap() {
        assert_eq!(
            merge_sorted(vec![1, 4, 6], vec![2, 4, 9], None),
            [1, 2, 4, 4, 6, 9]
        );
        assert_eq!(
            merge_sorted(vec![1, 4, 6], vec![2, 4, 9], Some(3)),
            [1, 2, 4]
        );
        assert_eq!(
            merge_sorted(Vec::<u8>::new(), vec![2], Some(0)),
            Vec::<u8>::new()
        );
    }

    #[test]
    fn scaled_counts_keep_one_per_document() {
        assert_eq!(scaled(10, 4, 2), 5);
        assert_eq!(scaled(3, 4, 3), 3);
        assert_eq!(scaled(1, 2, 1), 1);
    }
}
