//! The fast way of folding a node-link graph into a graph (`merge`): the
//! input is parsed into a [`Part`], flat lists of numbers and of places in
//! the input's text (no string, node or edge allocated per item), in
//! parallel with the other inputs; the part is then folded into the result
//! as [`Graph::absorb`] would fold the graph read from the same text, with
//! strings copied only where the result keeps them (a new node, an evidence
//! item that makes it under the cap).
//!
//! A part is made only of a graph as newsgraph writes it: its `graph`
//! object first, then `nodes`, then `links`, every node and link well formed,
//! no node id or link repeated, every link's ends among the nodes. Anything
//! else ([`Part::parse`] gives the text back), and a part with a document the
//! result has already ([`Graph::fold_part`] gives `None`), goes the exact way:
//! read into a graph and [`Graph::absorb`]ed, which also reports bad input
//! with its place.

use super::docs::encode_fields;
use super::merge::Absorbed;
use super::model::GraphTag;
use super::scan::{RawStr, Reject, Scanned, Scanner, unescape};
use super::{
    ActorType, DocSet, Edge, Evidence, Graph, Node, Provenance, Relation, Settings, Skipped,
};
use crate::error::Result;
use foldhash::fast::FixedState;
use hashbrown::HashTable;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use serde::de::{self, value::StrDeserializer};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::BuildHasher;

/// A string of a part: `len` bytes at `at` in the input's text, or (with
/// [`OWNED`] set in `at`) in the part's own text (a string with escapes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Str {
    at: u32,
    len: u32,
}

/// The bit of [`Str::at`] that says the string is in [`Part::owned`].
const OWNED: u32 = 1 << 31;

/// A range of one of a part's lists.
#[derive(Clone, Copy, Debug, Default)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..(self.start + self.len) as usize
    }
}

#[derive(Clone, Copy, Debug)]
struct PartNode {
    id: Str,
    /// The id's hash by [`super::docs::id_hasher`] (for [`FoldCache::node`]).
    id_hash: u64,
    actor_type: ActorType,
    /// In `Part::labels`: (language, label) pairs.
    labels: Span,
    /// In `Part::aliases`.
    aliases: Span,
    wikidata: Option<Str>,
    iso3: Option<Str>,
    cameo: Option<Str>,
    sector: Option<Str>,
    /// In `Part::refs`: the documents' numbers in the part.
    documents: Span,
    mentions: u64,
}

#[derive(Clone, Copy, Debug)]
struct PartEdge {
    id: Str,
    source: Str,
    target: Str,
    /// The ends' places in `Part::nodes` (set by [`Part::valid`]).
    ends: (u32, u32),
    relation: Relation,
    weight: u64,
    /// In `Part::refs`.
    documents: Span,
    first_date: Option<Str>,
    last_date: Option<Str>,
    /// In `Part::evidence`.
    evidence: Span,
    derived: bool,
}

#[derive(Clone, Copy, Debug)]
struct PartEvidence {
    document: Str,
    sentence: usize,
    start: usize,
    end: usize,
    trigger_start: usize,
    trigger_end: usize,
    trigger: Str,
    text: Str,
    date: Option<Str>,
    source_sector: Option<Str>,
    target_sector: Option<Str>,
    rule: Option<Str>,
}

/// A node-link graph parsed for folding (see the module's documentation).
#[derive(Debug, Default)]
pub(crate) struct Part {
    text: String,
    owned: String,
    /// Every document id of the part, numbered in the order first seen
    /// (the documents listed first).
    ids: Vec<Str>,
    /// Each id's hash by [`super::docs::id_hasher`] (the result's hasher).
    hashes: Vec<u64>,
    id_index: HashTable<u32>,
    /// For each id, the encoded metadata record of its first listing, if
    /// listed (`u32::MAX` start: none), in `records`.
    meta: Vec<Span>,
    records: Vec<u8>,
    skipped: Vec<Skipped>,
    provenance: Option<Provenance>,
    nodes: Vec<PartNode>,
    edges: Vec<PartEdge>,
    labels: Vec<(Str, Str)>,
    aliases: Vec<Str>,
    refs: Vec<u32>,
    evidence: Vec<PartEvidence>,
}

const NO_RECORD: Span = Span {
    start: u32::MAX,
    len: 0,
};

impl Part {
    fn s(&self, s: Str) -> &str {
        resolve(&self.text, &self.owned, s)
    }

    fn opt(&self, s: Option<Str>) -> Option<&str> {
        s.map(|s| self.s(s))
    }

    /// The input's text (to read it the exact way).
    pub(crate) fn take_text(&mut self) -> String {
        std::mem::take(&mut self.text)
    }

    /// The provenance recorded in the part's `graph` object, if any.
    pub(crate) fn provenance(&self) -> Option<&Provenance> {
        self.provenance.as_ref()
    }

    /// Parse a node-link graph; the text back when it is not one this way
    /// can take (see the module's documentation).
    #[cfg(test)]
    pub(crate) fn parse(text: String) -> std::result::Result<Part, String> {
        Part::parse_in(text, Part::default())
    }

    /// [`Part::parse`] into the lists of a part done with (emptied first):
    /// their memory is reused, not asked of the system again for each
    /// input.
    pub(crate) fn parse_in(text: String, mut part: Part) -> std::result::Result<Part, String> {
        if text.len() >= OWNED as usize {
            return Err(text);
        }
        part.clear();
        let ok = Scanner::new(&text)
            .and_then(|scan| {
                Reader {
                    scan,
                    text: &text,
                    part: &mut part,
                    hasher: super::docs::id_hasher(),
                }
                .top()
            })
            .is_ok();
        part.text = text;
        if ok && part.valid_and_linked() {
            Ok(part)
        } else {
            Err(part.text)
        }
    }

    /// Empty, its lists keeping their memory.
    fn clear(&mut self) {
        let Part {
            text,
            owned,
            ids,
            hashes,
            id_index,
            meta,
            records,
            skipped,
            provenance,
            nodes,
            edges,
            labels,
            aliases,
            refs,
            evidence,
        } = self;
        text.clear();
        owned.clear();
        ids.clear();
        hashes.clear();
        id_index.clear();
        meta.clear();
        records.clear();
        skipped.clear();
        *provenance = None;
        nodes.clear();
        edges.clear();
        labels.clear();
        aliases.clear();
        refs.clear();
        evidence.clear();
    }

    /// No node id twice, no link twice, every link's ends among the nodes,
    /// no language twice in a node's labels; each link's ends found among
    /// the nodes once here, on the parsing thread (`PartEdge::ends`), so
    /// the fold looks no end up by its id.
    fn valid_and_linked(&mut self) -> bool {
        let mut ends = Vec::with_capacity(self.edges.len());
        if !self.valid(&mut ends) {
            return false;
        }
        for (e, ends) in self.edges.iter_mut().zip(ends) {
            e.ends = ends;
        }
        true
    }

    fn valid(&self, ends: &mut Vec<(u32, u32)>) -> bool {
        let mut nodes: HashMap<&str, u32, FixedState> = HashMap::default();
        nodes.reserve(self.nodes.len());
        for (i, n) in self.nodes.iter().enumerate() {
            if nodes.insert(self.s(n.id), i as u32).is_some() {
                return false;
            }
            let labels = &self.labels[n.labels.range()];
            for (i, (lang, _)) in labels.iter().enumerate() {
                if labels[..i].iter().any(|(l, _)| self.s(*l) == self.s(*lang)) {
                    return false;
                }
            }
        }
        let mut links: HashSet<(&str, Relation, &str, bool), FixedState> = HashSet::default();
        self.edges.iter().all(|e| {
            let (s, t) = (self.s(e.source), self.s(e.target));
            match (nodes.get(s), nodes.get(t)) {
                (Some(&a), Some(&b)) => {
                    ends.push((a, b));
                    links.insert((s, e.relation, t, e.derived))
                }
                _ => false,
            }
        })
    }

    fn cmp_evidence(&self, a: &PartEvidence, b: &PartEvidence) -> Ordering {
        self.s(a.document)
            .cmp(self.s(b.document))
            .then(a.sentence.cmp(&b.sentence))
            .then(a.start.cmp(&b.start))
            .then(a.end.cmp(&b.end))
            .then(a.trigger_start.cmp(&b.trigger_start))
            .then(a.trigger_end.cmp(&b.trigger_end))
            .then_with(|| self.s(a.trigger).cmp(self.s(b.trigger)))
            .then_with(|| self.s(a.text).cmp(self.s(b.text)))
            .then_with(|| self.opt(a.date).cmp(&self.opt(b.date)))
            .then_with(|| self.opt(a.source_sector).cmp(&self.opt(b.source_sector)))
            .then_with(|| self.opt(a.target_sector).cmp(&self.opt(b.target_sector)))
            .then_with(|| self.opt(a.rule).cmp(&self.opt(b.rule)))
    }

    /// `a` (an item of the result) against `b` (of this part), as
    /// [`Evidence`] orders them.
    fn cmp_with(&self, a: &Evidence, b: &PartEvidence) -> Ordering {
        a.document
            .as_str()
            .cmp(self.s(b.document))
            .then(a.sentence.cmp(&b.sentence))
            .then(a.start.cmp(&b.start))
            .then(a.end.cmp(&b.end))
            .then(a.trigger_start.cmp(&b.trigger_start))
            .then(a.trigger_end.cmp(&b.trigger_end))
            .then_with(|| a.trigger.as_str().cmp(self.s(b.trigger)))
            .then_with(|| (*a.text).cmp(self.s(b.text)))
            .then_with(|| a.date.as_deref().cmp(&self.opt(b.date)))
            .then_with(|| a.source_sector.as_deref().cmp(&self.opt(b.source_sector)))
            .then_with(|| a.target_sector.as_deref().cmp(&self.opt(b.target_sector)))
            .then_with(|| a.rule.as_deref().cmp(&self.opt(b.rule)))
    }

    fn owned_evidence(&self, e: &PartEvidence) -> Evidence {
        let own = |s: Option<Str>| s.map(|s| self.s(s).to_string());
        Evidence {
            document: self.s(e.document).to_string(),
            sentence: e.sentence,
            start: e.start,
            end: e.end,
            trigger_start: e.trigger_start,
            trigger_end: e.trigger_end,
            trigger: self.s(e.trigger).to_string(),
            text: self.s(e.text).into(),
            date: own(e.date),
            source_sector: own(e.source_sector),
            target_sector: own(e.target_sector),
            rule: own(e.rule),
        }
    }

    /// The edge's evidence, sorted.
    fn sorted_evidence(&self, e: &PartEdge) -> Vec<&PartEvidence> {
        let mut items: Vec<&PartEvidence> = self.evidence[e.evidence.range()].iter().collect();
        if !items.is_sorted_by(|a, b| self.cmp_evidence(a, b) != Ordering::Greater) {
            items.sort_by(|a, b| self.cmp_evidence(a, b));
        }
        items
    }
}

/// What folding learns about the result between parts: which edges'
/// evidence is sorted (then one comparison tells whether a part's items
/// change it), which nodes have no alias that repeats a label (then a node
/// whose labels and aliases a part leaves as they are needs no check).
/// Valid while the graph changes only through
/// [`Graph::fold_part_with`]: start a new one after anything else (an absorb).
#[derive(Debug, Default)]
pub(crate) struct FoldCache {
    /// By edge index: 0 not known yet, [`SORTED`], [`UNSORTED`].
    order: Vec<u8>,
    /// By node index: the names (labels and aliases, as [`write_names`]
    /// writes them) of the last part's node folded into it, empty before
    /// the first. Its names folded again change nothing, as the node has
    /// every one of them already, and no alias of it repeats a label (the
    /// fold removes them).
    names: Vec<Vec<u8>>,
    /// An empty evidence list with room, where the next merge of two lists
    /// moves the part of the result's list it merges.
    spare: Vec<Evidence>,
    /// The result's nodes met by folding, by id: the ids one after the
    /// other in one string, and (hash, start, length, index) found with
    /// the hash the parsing thread computed. A few hundred kilobytes that
    /// stay in the processor's cache, where the graph's own map compares
    /// ids kept all over memory.
    node_ids: String,
    nodes: HashTable<(u64, u32, u32, NodeIndex)>,
}

const SORTED: u8 = 1;
/// Not sorted when last looked at (the first input's evidence is as it was
/// read); not looked at again.
const UNSORTED: u8 = 2;

impl FoldCache {
    /// Whether an edge's evidence (`items`) is sorted.
    fn sorted(&mut self, ix: petgraph::stable_graph::EdgeIndex, items: &[Evidence]) -> bool {
        match self.order.get(ix.index()).copied().unwrap_or(0) {
            SORTED => true,
            UNSORTED => false,
            _ => {
                let sorted = items.is_sorted();
                self.set(ix, sorted);
                sorted
            }
        }
    }

    /// Whether no alias of the node repeats a label: true once names were
    /// folded into it.
    fn clean(&self, ix: NodeIndex) -> bool {
        self.names.get(ix.index()).is_some_and(|n| !n.is_empty())
    }

    /// Whether the names last folded into the node are these.
    fn same_names(&self, ix: NodeIndex, p: &Part, labels: &[(Str, Str)], aliases: &[Str]) -> bool {
        self.names
            .get(ix.index())
            .is_some_and(|n| !n.is_empty() && names_are(n, p, labels, aliases))
    }

    /// These names folded into the node last.
    fn set_names(&mut self, ix: NodeIndex, p: &Part, labels: &[(Str, Str)], aliases: &[Str]) {
        let i = ix.index();
        if i >= self.names.len() {
            self.names.resize_with(i + 1, Vec::new);
        }
        write_names(&mut self.names[i], p, labels, aliases);
    }

    /// The index of the node of this id, if met before.
    fn node(&self, id: &str, hash: u64) -> Option<NodeIndex> {
        let ids = self.node_ids.as_bytes();
        self.nodes
            .find(hash, |&(_, start, len, _)| {
                ids.get(start as usize..(start + len) as usize) == Some(id.as_bytes())
            })
            .map(|&(.., ix)| ix)
    }

    fn add_node(&mut self, id: &str, hash: u64, ix: NodeIndex) {
        let (Ok(start), Ok(len)) = (u32::try_from(self.node_ids.len()), u32::try_from(id.len()))
        else {
            return;
        };
        if start.checked_add(len).is_none() {
            return;
        }
        self.node_ids.push_str(id);
        self.nodes
            .insert_unique(hash, (hash, start, len, ix), |&(h, ..)| h);
    }

    fn set(&mut self, ix: petgraph::stable_graph::EdgeIndex, sorted: bool) {
        let i = ix.index();
        if i >= self.order.len() {
            self.order.resize(i + 1, 0);
        }
        self.order[i] = if sorted { SORTED } else { UNSORTED };
    }
}

impl Graph {
    /// Fold a part into this graph, as [`Graph::absorb`] folds the graph read
    /// from the same text; `None` (and the graph unchanged) when a document
    /// of the part is in this graph already (then absorb it).
    #[cfg(test)]
    pub(crate) fn fold_part(&mut self, part: &mut Part) -> Result<Option<Absorbed>> {
        self.fold_part_with(part, &mut FoldCache::default())
    }

    /// [`Graph::fold_part`], with what earlier folds into this graph learnt
    /// (see [`FoldCache`]).
    pub(crate) fn fold_part_with(
        &mut self,
        part: &mut Part,
        cache: &mut FoldCache,
    ) -> Result<Option<Absorbed>> {
        // Their numbers in this graph, for those it has (one lookup each,
        // with the hash the parsing thread computed).
        let mut found: Vec<Option<u32>> = Vec::with_capacity(part.ids.len());
        for (n, &id) in part.ids.iter().enumerate() {
            let num = self.docs.find_hashed(part.s(id), part.hashes[n]);
            if part.meta[n].start != u32::MAX && num.is_some_and(|m| self.docs.has_meta(m)) {
                return Ok(None);
            }
            found.push(num);
        }
        let mut report = Absorbed::default();
        // Their document numbers in this graph.
        let mut map: Vec<u32> = Vec::with_capacity(part.ids.len());
        for (n, &id) in part.ids.iter().enumerate() {
            let span = part.meta[n];
            let num = match found[n] {
                Some(num) => num,
                None => match self.docs.number_new(part.s(id), part.hashes[n]) {
                    Some(num) => num,
                    // as `DocStore::intern` and `DocStore::add_raw` say it
                    None if span.start == u32::MAX => {
                        panic!("{}", crate::error::Error::too_many_documents(u32::MAX))
                    }
                    None => return Err(crate::error::Error::too_many_documents(u32::MAX)),
                },
            };
            if span.start != u32::MAX {
                report.new_documents += 1;
                self.docs.add_raw_at(num, &part.records[span.range()])?;
            }
            map.push(num);
        }
        for s in std::mem::take(&mut part.skipped) {
            self.skipped.insert(s);
        }
        let tag = self.docs.tag();
        let part = &*part;
        // A node's or an edge's documents, numbered here, sorted, each once.
        let renumber = |span: Span, nums: &mut Vec<u32>| {
            nums.clear();
            nums.extend(part.refs[span.range()].iter().map(|&n| map[n as usize]));
            nums.sort_unstable();
            nums.dedup();
        };
        let mut nums: Vec<u32> = Vec::new();
        // The nodes, then the edges, looked up first (lookups that do not
        // wait for one another), then folded with what the fold of each
        // reads asked for some items ahead: most of a fold's time went in
        // waits on memory, the result's items lying all over it.
        let mut known: Vec<Option<NodeIndex>> = part
            .nodes
            .iter()
            .map(|n| self.known_node(part.s(n.id), n.id_hash, cache))
            .collect();
        for (k, n) in part.nodes.iter().enumerate() {
            if let Some(&Some(ix)) = known.get(k + AHEAD) {
                self.prefetch_node(ix, cache, 0);
            }
            if let Some(&Some(ix)) = known.get(k + AHEAD / 2) {
                self.prefetch_node(ix, cache, 1);
            }
            renumber(n.documents, &mut nums);
            known[k] = Some(self.fold_node(part, n, known[k], &nums, tag, cache));
        }
        // Each node's index in this graph, by its place in the part.
        let at: Vec<NodeIndex> = known.into_iter().flatten().collect();
        let ends = |e: &PartEdge| (at[e.ends.0 as usize], at[e.ends.1 as usize]);
        let known: Vec<Option<EdgeIndex>> = part
            .edges
            .iter()
            .map(|e| {
                let (s, t) = ends(e);
                let ix = self.edges.get(&(s, e.relation, t, e.derived));
                ix.copied().filter(|_| !e.derived)
            })
            .collect();
        for (k, e) in part.edges.iter().enumerate() {
            if e.derived {
                continue;
            }
            if let Some(&Some(ix)) = known.get(k + AHEAD) {
                self.prefetch_edge(ix, 0);
            }
            if let Some(&Some(ix)) = known.get(k + AHEAD / 2) {
                self.prefetch_edge(ix, 1);
            }
            renumber(e.documents, &mut nums);
            self.fold_edge(part, e, ends(e), known[k], &nums, tag, cache);
        }
        self.provenance = match (self.provenance.take(), &part.provenance) {
            (Some(a), Some(b)) => Some(a.union(b)),
            (a, b) => a.or_else(|| b.clone()),
        };
        Ok(Some(report))
    }

    /// The index of the result's node of this id, if it has one.
    fn known_node(&self, id: &str, hash: u64, cache: &mut FoldCache) -> Option<NodeIndex> {
        cache.node(id, hash).or_else(|| {
            let ix = self.nodes.get(id).copied();
            if let Some(ix) = ix {
                cache.add_node(id, hash, ix);
            }
            ix
        })
    }

    /// Ask the processor for what [`Graph::fold_node`] reads of a node: at
    /// `stage` 0 the node, at 1 (later) what it points to.
    #[inline(always)]
    fn prefetch_node(&self, ix: NodeIndex, cache: &FoldCache, stage: u8) {
        let Some(node) = self.inner.node_weight(ix) else {
            return;
        };
        let names = cache.names.get(ix.index());
        if stage == 0 {
            super::prefetch_value(node);
            if let Some(names) = names {
                super::prefetch_value(names);
            }
        } else {
            node.documents.prefetch_end();
            if let Some(names) = names {
                super::prefetch(names.as_ptr());
            }
        }
    }

    /// Ask the processor for what [`Graph::fold_edge`] reads of an edge:
    /// at `stage` 0 the edge, at 1 (later, the edge in the cache by then)
    /// what it points to.
    #[inline(always)]
    fn prefetch_edge(&self, ix: EdgeIndex, stage: u8) {
        let Some(edge) = self.inner.edge_weight(ix) else {
            return;
        };
        if stage == 0 {
            super::prefetch_value(edge);
        } else {
            edge.documents.prefetch_end();
            if let Some(last) = edge.evidence.last() {
                super::prefetch(last.document.as_ptr());
            }
        }
    }

    /// [`Graph::add_node`] of a part's node (its documents numbered here);
    /// its index in this graph. `known`: the index looked up before, if any
    /// (a node of the part whose id came earlier in the part is looked up
    /// again).
    fn fold_node(
        &mut self,
        p: &Part,
        n: &PartNode,
        known: Option<NodeIndex>,
        nums: &[u32],
        tag: GraphTag,
        cache: &mut FoldCache,
    ) -> NodeIndex {
        let labels = &p.labels[n.labels.range()];
        let aliases = &p.aliases[n.aliases.range()];
        let own = |s: Option<Str>| s.map(|s| p.s(s).to_string());
        let id = p.s(n.id);
        let known = known.or_else(|| self.known_node(id, n.id_hash, cache));
        let Some(ix) = known else {
            let mut documents = DocSet::default();
            documents.set_nums(nums, tag);
            let node = Node {
                id: p.s(n.id).to_string(),
                actor_type: n.actor_type,
                labels: labels
                    .iter()
                    .map(|&(l, v)| (p.s(l).to_string(), p.s(v).to_string()))
                    .collect::<BTreeMap<_, _>>(),
                aliases: aliases
                    .iter()
                    .map(|&a| p.s(a).to_string())
                    .collect::<BTreeSet<_>>(),
                wikidata: own(n.wikidata),
                iso3: own(n.iso3),
                cameo: own(n.cameo),
                sector: own(n.sector),
                documents,
                mentions: n.mentions,
            };
            // As `Graph::add_node` (the documents are numbered already).
            let id = node.id.clone();
            let ix = self.inner.add_node(node);
            cache.add_node(&id, n.id_hash, ix);
            self.nodes.insert(id, ix);
            return ix;
        };
        // As Node::merge.
        let mine = &mut self.inner[ix];
        if !cache.same_names(ix, p, labels, aliases) {
            fold_names(p, mine, labels, aliases, cache.clean(ix));
            cache.set_names(ix, p, labels, aliases);
        }
        if mine.wikidata.is_none() {
            mine.wikidata = own(n.wikidata);
        }
        if mine.iso3.is_none() {
            mine.iso3 = own(n.iso3);
        }
        if mine.sector.is_none() {
            mine.sector = own(n.sector);
        }
        if mine.cameo.is_none() {
            mine.cameo = own(n.cameo);
        }
        if n.actor_type < mine.actor_type {
            mine.actor_type = n.actor_type;
        }
        mine.documents.union_nums(nums, tag);
        mine.mentions += n.mentions;
        ix
    }

    /// `add_edge_union` of a part's edge (its documents numbered here).
    /// `known`: the index looked up before, if any (an edge of the part
    /// whose key came earlier in the part is looked up again).
    #[allow(clippy::too_many_arguments)]
    fn fold_edge(
        &mut self,
        p: &Part,
        e: &PartEdge,
        (s, t): (NodeIndex, NodeIndex),
        known: Option<EdgeIndex>,
        nums: &[u32],
        tag: GraphTag,
        cache: &mut FoldCache,
    ) {
        let theirs = p.sorted_evidence(e);
        let key = (s, e.relation, t, e.derived);
        let max = self.options.max_evidence;
        let own = |s: Option<Str>| s.map(|s| p.s(s).to_string());
        match known.or_else(|| self.edges.get(&key).copied()) {
            None => {
                let take = max.map_or(theirs.len(), |m| m.min(theirs.len()));
                let mut documents = DocSet::default();
                documents.set_nums(nums, tag);
                let edge = Edge {
                    id: p.s(e.id).to_string(),
                    source: p.s(e.source).to_string(),
                    target: p.s(e.target).to_string(),
                    relation: e.relation,
                    weight: e.weight,
                    documents,
                    first_date: own(e.first_date),
                    last_date: own(e.last_date),
                    evidence: theirs[..take].iter().map(|x| p.owned_evidence(x)).collect(),
                    derived: e.derived,
                };
                let ix = self.inner.add_edge(s, t, edge);
                self.edges.insert(key, ix);
                cache.set(ix, true);
            }
            Some(ix) => {
                let mine = &mut self.inner[ix];
                mine.weight += e.weight;
                mine.documents.union_nums(nums, tag);
                if let Some(d) = p.opt(e.first_date)
                    && mine.first_date.as_deref().is_none_or(|m| d < m)
                {
                    mine.first_date = Some(d.to_string());
                }
                if let Some(d) = p.opt(e.last_date)
                    && mine.last_date.as_deref().is_none_or(|m| d > m)
                {
                    mine.last_date = Some(d.to_string());
                }
                let total = mine.evidence.len() + theirs.len();
                let cap = max.map_or(total, |m| m.min(total));
                // Ours stay where they are up to the first that comes after
                // the first of theirs: counted from the front as the merge
                // takes them (the first input's evidence is as it was read,
                // not necessarily sorted), or found by halving when sorted.
                let ours = &mut mine.evidence;
                let sorted = cache.sorted(ix, ours);
                let before = match theirs.first() {
                    None => ours.len(),
                    // most often all of theirs come after ours
                    Some(y)
                        if sorted
                            && ours
                                .last()
                                .is_none_or(|x| p.cmp_with(x, y) != Ordering::Greater) =>
                    {
                        ours.len()
                    }
                    Some(y) if sorted => {
                        ours.partition_point(|x| p.cmp_with(x, y) != Ordering::Greater)
                    }
                    Some(y) => ours
                        .iter()
                        .take_while(|x| p.cmp_with(x, y) != Ordering::Greater)
                        .count(),
                };
                if before >= cap {
                    ours.truncate(cap);
                    return;
                }
                // The rest of ours, moved aside into the list the last
                // merge emptied, merged with theirs onto the end of ours:
                // when all of theirs come after ours (the common case),
                // nothing of ours moves.
                let mut rest = std::mem::take(&mut cache.spare);
                rest.extend(ours.drain(before..));
                ours.reserve(cap - before);
                let mut a = rest.drain(..).peekable();
                let mut b = theirs.into_iter().peekable();
                while ours.len() < cap {
                    let take_a = match (a.peek(), b.peek()) {
                        (Some(x), Some(y)) => p.cmp_with(x, y) != Ordering::Greater,
                        (Some(_), None) => true,
                        (None, Some(_)) => false,
                        (None, None) => break,
                    };
                    if take_a {
                        ours.extend(a.next());
                    } else {
                        ours.extend(b.next().map(|y| p.owned_evidence(y)));
                    }
                }
                drop(a);
                cache.spare = rest;
                // two sorted lists merge sorted (theirs are)
                cache.set(ix, sorted);
            }
        }
    }
}

/// How many items ahead of the one folded the next ones are asked for.
const AHEAD: usize = 8;

/// A part node's names in the order [`FoldCache::names`] keeps them: each
/// language and label, then each alias.
fn names_of<'p>(
    p: &'p Part,
    labels: &'p [(Str, Str)],
    aliases: &'p [Str],
) -> impl Iterator<Item = &'p str> {
    labels
        .iter()
        .flat_map(|&(lang, label)| [lang, label])
        .chain(aliases.iter().copied())
        .map(|s| p.s(s))
}

/// A part node's names as [`FoldCache::names`] keeps them: each of
/// [`names_of`] after its length, then the number of labels (never empty).
fn write_names(out: &mut Vec<u8>, p: &Part, labels: &[(Str, Str)], aliases: &[Str]) {
    out.clear();
    for s in names_of(p, labels, aliases) {
        out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    }
    out.extend_from_slice(&(labels.len() as u32).to_le_bytes());
}

/// Whether `written` (by [`write_names`]) holds these names.
fn names_are(written: &[u8], p: &Part, labels: &[(Str, Str)], aliases: &[Str]) -> bool {
    let mut rest = written;
    names_of(p, labels, aliases).all(|s| match rest {
        [a, b, c, d, tail @ ..]
            if u32::from_le_bytes([*a, *b, *c, *d]) as usize == s.len()
                && tail.get(..s.len()) == Some(s.as_bytes()) =>
        {
            rest = &tail[s.len()..];
            true
        }
        _ => false,
    }) && rest == (labels.len() as u32).to_le_bytes()
}

/// A part node's labels and aliases folded into a node, as `Node::merge`
/// folds them (`clean`: no alias of the node repeats one of its labels).
fn fold_names(p: &Part, mine: &mut Node, labels: &[(Str, Str)], aliases: &[Str], clean: bool) {
    // Whether the labels or the aliases changed.
    let mut changed = false;
    for &(lang, label) in labels {
        let (lang, label) = (p.s(lang), p.s(label));
        match mine.labels.get_mut(lang) {
            Some(m) if m == label => {}
            Some(m) if m.as_str() < label => {
                if !mine.aliases.contains(label) {
                    mine.aliases.insert(label.to_string());
                    changed = true;
                }
            }
            Some(m) => {
                let old = std::mem::replace(m, label.to_string());
                mine.aliases.insert(old);
                changed = true;
            }
            None => {
                mine.labels.insert(lang.to_string(), label.to_string());
                changed = true;
            }
        }
    }
    for &a in aliases {
        let a = p.s(a);
        if !mine.aliases.contains(a) {
            mine.aliases.insert(a.to_string());
            changed = true;
        }
    }
    // No alias repeats a label: nothing to remove when neither changed
    // since the last removal.
    if changed || !clean {
        for label in mine.labels.values() {
            mine.aliases.remove(label);
        }
    }
}

/// What reads a part: the scanner over the input's text, and the part it
/// fills.
struct Reader<'b> {
    scan: Scanner<'b>,
    text: &'b str,
    part: &'b mut Part,
    hasher: FixedState,
}

/// Set a field once; a second time rejects the input (serde's derive calls
/// it a duplicate field, and so does the exact reader).
fn once<T>(slot: &mut Option<T>, v: T) -> Scanned<()> {
    match slot.replace(v) {
        Some(_) => Err(Reject),
        None => Ok(()),
    }
}

fn need<T>(v: Option<T>) -> Scanned<T> {
    v.ok_or(Reject)
}

fn span(start: usize, end: usize) -> Span {
    Span {
        start: start as u32,
        len: (end - start) as u32,
    }
}

impl Reader<'_> {
    fn s(&self, s: Str) -> &str {
        resolve(self.text, &self.part.owned, s)
    }

    /// A string found by the scanner, as a place in the text, or decoded
    /// into the part's own text when it has escapes.
    fn place(&mut self, raw: RawStr) -> Scanned<Str> {
        if !raw.escaped {
            return Ok(Str {
                at: raw.start,
                len: raw.end - raw.start,
            });
        }
        let content = self.text.get(raw.range()).ok_or(Reject)?;
        let owned = &mut self.part.owned;
        let at = owned.len();
        unescape(content, owned)?;
        if owned.len() >= OWNED as usize {
            return Err(Reject);
        }
        Ok(Str {
            at: at as u32 | OWNED,
            len: (owned.len() - at) as u32,
        })
    }

    /// A string.
    fn str(&mut self) -> Scanned<Str> {
        let raw = self.scan.string()?;
        self.place(raw)
    }

    /// A string or null.
    fn opt(&mut self) -> Scanned<Option<Str>> {
        if self.scan.null() {
            Ok(None)
        } else {
            self.str().map(Some)
        }
    }

    /// A string field read once.
    fn str_field(&mut self, slot: &mut Option<Str>) -> Scanned<()> {
        let v = self.str()?;
        once(slot, v)
    }

    /// An optional string field read once.
    fn opt_field(&mut self, slot: &mut Option<Option<Str>>) -> Scanned<()> {
        let v = self.opt()?;
        once(slot, v)
    }

    /// A string read as serde's derive reads a unit variant of `T`.
    fn variant<T: serde::de::DeserializeOwned>(&mut self) -> Scanned<T> {
        let raw = self.scan.string()?;
        let content = self.text.get(raw.range()).ok_or(Reject)?;
        let mut decoded = String::new();
        let s = if raw.escaped {
            unescape(content, &mut decoded)?;
            decoded.as_str()
        } else {
            content
        };
        T::deserialize(StrDeserializer::<de::value::Error>::new(s)).map_err(|_| Reject)
    }

    /// A small value read whole by serde_json (the settings, the skipped
    /// inputs).
    fn whole<T: serde::de::DeserializeOwned>(&mut self) -> Scanned<T> {
        let text = self.scan.value_text()?;
        serde_json::from_slice(text).map_err(|_| Reject)
    }

    /// The part's number of a document id.
    fn intern(&mut self, id: Str) -> u32 {
        let (text, part, hasher) = (self.text, &mut *self.part, &self.hasher);
        let want = resolve(text, &part.owned, id);
        let hash = hasher.hash_one(want);
        let (ids, owned) = (&part.ids, &part.owned);
        if let Some(&n) = part
            .id_index
            .find(hash, |&n| resolve(text, owned, ids[n as usize]) == want)
        {
            return n;
        }
        let n = part.ids.len() as u32;
        part.ids.push(id);
        part.hashes.push(hash);
        part.meta.push(NO_RECORD);
        let hashes = &part.hashes;
        part.id_index
            .insert_unique(hash, n, |&m| hashes[m as usize]);
        n
    }

    /// The whole text: an object with `graph`, then `nodes`, then `links`
    /// (or `edges`), each once, other keys anywhere.
    fn top(&mut self) -> Scanned<()> {
        self.scan.begin_object()?;
        // 0: nothing yet, 1: graph, 2: nodes, 3: links
        let mut stage = 0;
        let mut first = true;
        while let Some(key) = self.scan.next_key(&mut first)? {
            let want = match key {
                b"graph" => 1,
                b"nodes" => 2,
                b"links" | b"edges" => 3,
                _ => {
                    self.scan.skip_value()?;
                    continue;
                }
            };
            if want != stage + 1 {
                return Err(Reject);
            }
            stage = want;
            match want {
                1 => self.meta()?,
                2 => self.list(Self::node)?,
                _ => self.list(Self::edge)?,
            }
        }
        if stage != 3 {
            return Err(Reject);
        }
        self.scan.end()
    }

    /// A list of objects, each read by `item`.
    fn list(&mut self, item: fn(&mut Self) -> Scanned<()>) -> Scanned<()> {
        self.scan.begin_array()?;
        let mut first = true;
        while self.scan.next_element(&mut first)? {
            item(self)?;
        }
        Ok(())
    }

    /// A list of strings, each given to `each`.
    fn strings(&mut self, mut each: impl FnMut(&mut Self, Str)) -> Scanned<()> {
        self.scan.begin_array()?;
        let mut first = true;
        while self.scan.next_element(&mut first)? {
            let s = self.str()?;
            each(self, s);
        }
        Ok(())
    }

    /// The `graph` object.
    fn meta(&mut self) -> Scanned<()> {
        self.scan.begin_object()?;
        let (mut format, mut lexicon, mut settings) = (None, None, None::<Settings>);
        let (mut documents, mut skipped) = (None, None::<Vec<Skipped>>);
        let mut first = true;
        while let Some(key) = self.scan.next_key(&mut first)? {
            match key {
                b"format" => {
                    let v = u32::try_from(self.scan.u64()?).map_err(|_| Reject)?;
                    if v > super::FORMAT {
                        return Err(Reject);
                    }
                    once(&mut format, v)?;
                }
                b"lexicon" => {
                    let s = self.str()?;
                    once(&mut lexicon, self.s(s).to_string())?;
                }
                b"settings" => {
                    let v = self.whole()?;
                    once(&mut settings, v)?;
                }
                b"documents" => {
                    self.list(Self::document)?;
                    once(&mut documents, ())?;
                }
                b"skipped" => {
                    let v = self.whole()?;
                    once(&mut skipped, v)?;
                }
                _ => self.scan.skip_value()?,
            }
        }
        self.part.skipped = skipped.unwrap_or_default();
        if let (Some(lexicon), Some(settings)) = (lexicon, settings) {
            self.part.provenance = Some(Provenance { lexicon, settings });
        }
        Ok(())
    }

    /// A document of `graph.documents`: its id numbered, its metadata
    /// encoded (the first listing's).
    fn document(&mut self) -> Scanned<()> {
        self.scan.begin_object()?;
        let mut id = None;
        let mut fields: [Option<Option<Str>>; 5] = [None; 5];
        let mut first = true;
        while let Some(key) = self.scan.next_key(&mut first)? {
            let i = match key {
                b"id" => {
                    self.str_field(&mut id)?;
                    continue;
                }
                b"title" => 0,
                b"date" => 1,
                b"url" => 2,
                b"source" => 3,
                b"hash" => 4,
                _ => {
                    self.scan.skip_value()?;
                    continue;
                }
            };
            self.opt_field(&mut fields[i])?;
        }
        let id = need(id)?;
        let n = self.intern(id) as usize;
        if self.part.meta[n].start == u32::MAX {
            let fields = fields.map(Option::flatten);
            let start = self.part.records.len();
            let mut records = std::mem::take(&mut self.part.records);
            // a string the input wrote without escapes needs none in JSON
            let clean = fields.iter().flatten().all(|f| f.at & OWNED == 0);
            encode_fields(fields.map(|f| f.map(|s| self.s(s))), clean, &mut records);
            self.part.meta[n] = span(start, records.len());
            self.part.records = records;
            if self.part.records.len() >= u32::MAX as usize {
                return Err(Reject);
            }
        }
        Ok(())
    }

    /// The document ids of a node or a link, into `Part::refs`.
    fn refs(&mut self) -> Scanned<Span> {
        let start = self.part.refs.len();
        self.strings(|r, s| {
            let n = r.intern(s);
            r.part.refs.push(n);
        })?;
        Ok(span(start, self.part.refs.len()))
    }

    fn node(&mut self) -> Scanned<()> {
        self.scan.begin_object()?;
        let (mut id, mut actor_type, mut mentions) = (None, None, None);
        let (mut wikidata, mut iso3, mut cameo, mut sector) = (None, None, None, None);
        let (mut labels, mut aliases, mut documents) = (None, None, None);
        let mut first = true;
        while let Some(key) = self.scan.next_key(&mut first)? {
            match key {
                b"id" => self.str_field(&mut id)?,
                b"type" => {
                    let v = self.variant::<ActorType>()?;
                    once(&mut actor_type, v)?;
                }
                b"labels" => {
                    let start = self.part.labels.len();
                    self.scan.begin_object()?;
                    let mut first = true;
                    while let Some(lang) = self.scan.next_key_raw(&mut first)? {
                        let lang = self.place(lang)?;
                        let label = self.str()?;
                        self.part.labels.push((lang, label));
                    }
                    once(&mut labels, span(start, self.part.labels.len()))?;
                }
                b"aliases" => {
                    let start = self.part.aliases.len();
                    self.strings(|r, s| r.part.aliases.push(s))?;
                    once(&mut aliases, span(start, self.part.aliases.len()))?;
                }
                b"wikidata" => self.opt_field(&mut wikidata)?,
                b"iso3" => self.opt_field(&mut iso3)?,
                b"cameo" => self.opt_field(&mut cameo)?,
                b"sector" => self.opt_field(&mut sector)?,
                b"documents" => {
                    let v = self.refs()?;
                    once(&mut documents, v)?;
                }
                b"mentions" => {
                    let v = self.scan.u64()?;
                    once(&mut mentions, v)?;
                }
                _ => self.scan.skip_value()?,
            }
        }
        let empty = span(0, 0);
        let id = need(id)?;
        self.part.nodes.push(PartNode {
            id,
            id_hash: self.hasher.hash_one(self.s(id)),
            actor_type: need(actor_type)?,
            labels: labels.unwrap_or(empty),
            aliases: aliases.unwrap_or(empty),
            wikidata: wikidata.flatten(),
            iso3: iso3.flatten(),
            cameo: cameo.flatten(),
            sector: sector.flatten(),
            documents: documents.unwrap_or(empty),
            mentions: mentions.unwrap_or(0),
        });
        Ok(())
    }

    fn edge(&mut self) -> Scanned<()> {
        self.scan.begin_object()?;
        let (mut id, mut source, mut target, mut relation, mut weight) =
            (None, None, None, None, None);
        let (mut documents, mut first_date, mut last_date, mut evidence, mut derived) =
            (None, None, None, None, None);
        let mut first = true;
        while let Some(key) = self.scan.next_key(&mut first)? {
            match key {
                b"id" => self.str_field(&mut id)?,
                b"source" => self.str_field(&mut source)?,
                b"target" => self.str_field(&mut target)?,
                b"relation" => {
                    let v = self.variant::<Relation>()?;
                    once(&mut relation, v)?;
                }
                b"weight" => {
                    let v = self.scan.u64()?;
                    once(&mut weight, v)?;
                }
                b"documents" => {
                    let v = self.refs()?;
                    once(&mut documents, v)?;
                }
                b"first_date" => self.opt_field(&mut first_date)?,
                b"last_date" => self.opt_field(&mut last_date)?,
                b"evidence" => {
                    let start = self.part.evidence.len();
                    self.list(Self::evidence)?;
                    once(&mut evidence, span(start, self.part.evidence.len()))?;
                }
                b"derived" => {
                    let v = self.scan.bool()?;
                    once(&mut derived, v)?;
                }
                _ => self.scan.skip_value()?,
            }
        }
        self.part.edges.push(PartEdge {
            id: need(id)?,
            source: need(source)?,
            target: need(target)?,
            ends: (0, 0),
            relation: need(relation)?,
            weight: need(weight)?,
            documents: need(documents)?,
            first_date: first_date.flatten(),
            last_date: last_date.flatten(),
            evidence: need(evidence)?,
            derived: derived.unwrap_or(false),
        });
        Ok(())
    }

    fn evidence(&mut self) -> Scanned<()> {
        self.scan.begin_object()?;
        let (mut document, mut trigger, mut text) = (None, None, None);
        // sentence, start, end, trigger_start, trigger_end
        let mut numbers: [Option<usize>; 5] = [None; 5];
        // date, source_sector, target_sector, rule
        let mut opts: [Option<Option<Str>>; 4] = [None; 4];
        let mut first = true;
        while let Some(key) = self.scan.next_key(&mut first)? {
            let number = match key {
                b"document" => {
                    self.str_field(&mut document)?;
                    continue;
                }
                b"trigger" => {
                    self.str_field(&mut trigger)?;
                    continue;
                }
                b"text" => {
                    self.str_field(&mut text)?;
                    continue;
                }
                b"sentence" => 0,
                b"start" => 1,
                b"end" => 2,
                b"trigger_start" => 3,
                b"trigger_end" => 4,
                _ => {
                    let opt = match key {
                        b"date" => 0,
                        b"source_sector" => 1,
                        b"target_sector" => 2,
                        b"rule" => 3,
                        _ => {
                            self.scan.skip_value()?;
                            continue;
                        }
                    };
                    self.opt_field(&mut opts[opt])?;
                    continue;
                }
            };
            let v = usize::try_from(self.scan.u64()?).map_err(|_| Reject)?;
            once(&mut numbers[number], v)?;
        }
        let mut n = [0usize; 5];
        for (i, v) in numbers.into_iter().enumerate() {
            n[i] = need(v)?;
        }
        let [date, source_sector, target_sector, rule] = opts.map(Option::flatten);
        self.part.evidence.push(PartEvidence {
            document: need(document)?,
            sentence: n[0],
            start: n[1],
            end: n[2],
            trigger_start: n[3],
            trigger_end: n[4],
            trigger: need(trigger)?,
            text: need(text)?,
            date,
            source_sector,
            target_sector,
            rule,
        });
        Ok(())
    }
}

/// A string of a part, from the input's text and the part's own.
fn resolve<'a>(text: &'a str, owned: &'a str, s: Str) -> &'a str {
    let (text, at) = if s.at & OWNED != 0 {
        (owned, s.at & !OWNED)
    } else {
        (text, s.at)
    };
    &text[at as usize..at as usize + s.len as usize]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{GraphOptions, OnConflict};

    const A: &str = r#"{"graph": {"format": 1, "lexicon": "x",
      "settings": {"derived": false, "sectors": false, "max_sentence_tokens": 9,
                   "max_participants": 4, "max_evidence": 3},
      "documents": [{"id": "d1", "title": "t\"1", "date": "2015-01-02"}],
      "skipped": [{"input": "f", "reason": "r"}]},
     "nodes": [{"id": "a", "type": "person", "labels": {"ar": "ب"}, "aliases": ["ج"],
                "documents": ["d1"], "mentions": 2},
               {"id": "b", "type": "country", "documents": ["d1"], "mentions": 1}],
     "links": [{"id": "a--supports--b", "source": "a", "target": "b", "relation": "supports",
                "weight": 2, "documents": ["d1"], "first_date": "2015-01-02",
                "last_date": "2015-01-02", "evidence": [
        {"document": "d1", "sentence": 1, "start": 0, "end": 5, "trigger_start": 1,
         "trigger_end": 2, "trigger": "x", "text": "s1", "date": "2015-01-02"},
        {"document": "d1", "sentence": 3, "start": 0, "end": 5, "trigger_start": 1,
         "trigger_end": 2, "trigger": "x", "text": "s3"}]}]}"#;

    const B: &str = r#"{"directed": true, "graph": {"format": 1, "lexicon": "x",
      "settings": {"derived": false, "sectors": false, "max_sentence_tokens": 9,
                   "max_participants": 4, "max_evidence": 2},
      "documents": [{"id": "d0", "title": "\u0627 \\ \"q\"", "url": null},
                    {"id": "d2", "source": "s"}, {"id": "d0", "title": "second"}],
      "skipped": [{"input": "g", "reason": "r"}, {"input": "f", "reason": "r"}]},
     "nodes": [{"label": "x", "id": "a", "type": "person", "labels": {"ar": "ا", "en": "A\n"},
                "aliases": ["ب", "د"], "documents": ["d2", "d0", "d2", "only-named"],
                "mentions": 3, "x": 1.5, "community": 2, "wikidata": "Q1"},
               {"id": "c", "type": "organization", "labels": {"en": "C \"c\""},
                "aliases": ["z", "y"], "documents": ["d0"], "mentions": 1, "sector": null},
               {"id": "b", "type": "person", "documents": ["d2"], "mentions": 1}],
     "links": [{"key": "k", "id": "a--supports--b", "source": "a", "target": "b",
                "relation": "supports", "weight": 3, "documents": ["d2", "d0"],
                "first_date": "2015-01-01", "last_date": "2015-01-09", "evidence": [
        {"document": "d2", "sentence": 0, "start": 0, "end": 5, "trigger_start": 1,
         "trigger_end": 2, "trigger": "x", "text": "t\"2", "rule": "r"},
        {"document": "d0", "sentence": 2, "start": 0, "end": 5, "trigger_start": 1,
         "trigger_end": 2, "trigger": "x", "text": "t0", "date": null}]},
               {"id": "c--member_of--a", "source": "c", "target": "a", "relation": "member_of",
                "weight": 1, "documents": ["d0"], "evidence": [
        {"document": "d0", "sentence": 5, "start": 0, "end": 5, "trigger_start": 1,
         "trigger_end": 2, "trigger": "\\", "text": "t5", "source_sector": "MIL"}]},
               {"id": "a--supports--c--derived", "source": "a", "target": "c",
                "relation": "supports", "weight": 1, "documents": ["d9"], "evidence": [],
                "derived": true}]}"#;

    fn first() -> Graph {
        let options = GraphOptions {
            max_evidence: Some(2),
            keep_mentions: false,
        };
        crate::export::read_into(Graph::new(options), A.as_bytes(), "a").unwrap()
    }

    fn written(g: &Graph) -> String {
        let mut out = Vec::new();
        crate::export::Format::NodeLink
            .write_with(g, None, &mut out)
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    /// An input read the exact way, as `merge` reads one to absorb it.
    fn input(text: &str, name: &str, options: GraphOptions) -> Graph {
        let mut g = Graph::new(options);
        g.keep_documents_in_memory();
        crate::export::read_into(g, text.as_bytes(), name).unwrap()
    }

    #[test]
    fn a_part_folds_as_the_graph_read_from_it_is_absorbed() {
        let mut exact = first();
        let other = input(
            B,
            "b",
            GraphOptions {
                max_evidence: None,
                keep_mentions: false,
            },
        );
        let want = exact.absorb(other, "b", OnConflict::Last).unwrap();
        let mut fast = first();
        let mut part = Part::parse(B.to_string()).unwrap();
        let got = fast.fold_part(&mut part).unwrap().unwrap();
        assert_eq!(got, want);
        assert_eq!(written(&fast), written(&exact));
        assert!(written(&fast).contains("only-named") || fast.document_count() == 3);
    }

    /// Found in review: the list an edge's merge empties was handed to the
    /// next edge merged, whatever its size, and kept there for good: an
    /// edge merged once with hundreds of items left its list to a small
    /// edge at each input, memory growing with the number of inputs.
    #[test]
    fn regression_a_large_spare_list_is_not_handed_to_a_small_edge() {
        let mut g = first();
        let mut cache = FoldCache {
            spare: Vec::with_capacity(10_000),
            ..FoldCache::default()
        };
        let mut part = Part::parse(B.to_string()).unwrap();
        g.fold_part_with(&mut part, &mut cache).unwrap().unwrap();
        let merged = g
            .edges()
            .into_iter()
            .find(|e| e.id == "a--supports--b")
            .unwrap();
        assert_eq!(merged.evidence.len(), 2);
        assert!(
            merged.evidence.capacity() <= 4,
            "{}",
            merged.evidence.capacity()
        );
    }

    /// A part parsed into the lists of one done with (`merge` reuses them
    /// input after input) folds as one parsed afresh: nothing of the first
    /// input is left in it.
    #[test]
    fn a_part_parsed_into_a_used_one_folds_as_a_new_one() {
        let mut used = Part::parse(A.to_string()).unwrap();
        used.take_text();
        let mut reused = Part::parse_in(B.to_string(), used).unwrap();
        let mut fresh = Part::parse(B.to_string()).unwrap();
        let (mut g1, mut g2) = (first(), first());
        let a1 = g1.fold_part(&mut reused).unwrap().unwrap();
        let a2 = g2.fold_part(&mut fresh).unwrap().unwrap();
        assert_eq!(a1, a2);
        assert_eq!(written(&g1), written(&g2));
    }

    /// The writer's own output (pretty-printed, escapes in strings) is read
    /// the fast way, not handed back to the exact reader.
    #[test]
    fn written_graphs_are_read_as_parts() {
        let mut g = first();
        let other = input(
            B,
            "b",
            GraphOptions {
                max_evidence: None,
                keep_mentions: false,
            },
        );
        g.absorb(other, "b", OnConflict::Last).unwrap();
        let text = written(&g);
        assert!(text.contains("\\\\") && text.contains("\\n"));
        let part = Part::parse(text).unwrap();
        assert_eq!(part.nodes.len(), g.node_count());
        assert_eq!(part.edges.len(), g.edge_count());
    }

    /// Found while writing the `merge` fuzz target's oracle: the first input
    /// is read as it is, so its evidence may be out of order; the shortcut
    /// that keeps ours untouched searched it as if sorted (`partition_point`)
    /// and kept `[d2, d0]` where the merge absorb does gives `[d1, d2]`.
    #[test]
    fn regression_fuzz_unsorted_first_evidence_is_merged_as_absorb_does() {
        let ev = |d: &str| {
            format!(
                r#"{{"document": "{d}", "sentence": 1, "start": 0, "end": 5,
                "trigger_start": 1, "trigger_end": 2, "trigger": "x", "text": "t"}}"#
            )
        };
        let graph = |docs: &[&str], evidence: &[&str]| {
            let list: Vec<String> = docs.iter().map(|d| format!(r#"{{"id": "{d}"}}"#)).collect();
            let refs: Vec<String> = docs.iter().map(|d| format!("{d:?}")).collect();
            let (list, refs) = (list.join(", "), refs.join(", "));
            let evidence: Vec<String> = evidence.iter().map(|d| ev(d)).collect();
            format!(
                r#"{{"graph": {{"documents": [{list}]}},
                "nodes": [{{"id": "a", "type": "person", "documents": [{refs}]}},
                          {{"id": "b", "type": "country", "documents": [{refs}]}}],
                "links": [{{"id": "a--supports--b", "source": "a", "target": "b",
                  "relation": "supports", "weight": {}, "documents": [{refs}],
                  "evidence": [{}]}}]}}"#,
                evidence.len(),
                evidence.join(", ")
            )
        };
        let first = graph(&["d0", "d2"], &["d2", "d0"]);
        let second = graph(&["d1"], &["d1"]);
        let options = GraphOptions {
            max_evidence: Some(2),
            keep_mentions: false,
        };
        let read = |text: &str| {
            crate::export::read_into(Graph::new(options), text.as_bytes(), "first").unwrap()
        };
        let mut exact = read(&first);
        let other = input(&second, "second", options);
        let want = exact.absorb(other, "second", OnConflict::Last).unwrap();
        let mut fast = read(&first);
        let mut part = Part::parse(second).unwrap();
        let got = fast.fold_part(&mut part).unwrap().unwrap();
        assert_eq!(got, want);
        assert_eq!(written(&fast), written(&exact));
    }

    /// The first input is read as it is, so an alias of it may repeat a
    /// label; a part that leaves that node's labels and aliases as they are
    /// must still remove it (the pass is skipped only for nodes checked
    /// before), and a second such part finds nothing left to do.
    #[test]
    fn an_alias_repeating_a_label_in_the_first_input_goes_at_the_first_fold() {
        let graph = |doc: &str, aliases: &str| {
            format!(
                r#"{{"graph": {{"documents": [{{"id": "{doc}"}}]}},
                "nodes": [{{"id": "a", "type": "person", "labels": {{"ar": "ب"}},
                            "aliases": [{aliases}], "documents": ["{doc}"]}},
                          {{"id": "b", "type": "country", "documents": ["{doc}"]}}],
                "links": [{{"id": "a--supports--b", "source": "a", "target": "b",
                  "relation": "supports", "weight": 1, "documents": ["{doc}"],
                  "evidence": []}}]}}"#
            )
        };
        let options = GraphOptions {
            max_evidence: Some(2),
            keep_mentions: false,
        };
        let first = graph("d0", r#""ب", "ج""#);
        let read = |text: &str| {
            crate::export::read_into(Graph::new(options), text.as_bytes(), "first").unwrap()
        };
        let mut exact = read(&first);
        let mut fast = read(&first);
        let mut cache = FoldCache::default();
        for doc in ["d1", "d2"] {
            let text = graph(doc, r#""ج""#);
            let other = input(&text, doc, options);
            let want = exact.absorb(other, doc, OnConflict::Last).unwrap();
            let mut part = Part::parse(text).unwrap();
            let got = fast.fold_part_with(&mut part, &mut cache).unwrap().unwrap();
            assert_eq!(got, want);
            assert_eq!(written(&fast), written(&exact));
        }
        let node = fast.node("a").unwrap();
        assert_eq!(node.aliases.iter().collect::<Vec<_>>(), ["ج"]);
    }

    #[test]
    fn other_shapes_and_documents_seen_before_go_the_exact_way() {
        // graph after nodes, a link to a missing node, a repeated node
        for text in [
            B.replacen(r#""graph""#, r#""graph0""#, 1) + "",
            B.replace(r#""target": "a""#, r#""target": "zz""#),
            B.replace(r#""id": "c""#, r#""id": "a""#),
            B.replace(
                r#""labels": {"en": "C \"c\""}"#,
                r#""labels": {"en": "1", "en": "2"}"#,
            ),
            B.replace(
                r#""weight": 1, "documents": ["d0"]"#,
                r#""weight": -1, "documents": ["d0"]"#,
            ),
        ] {
            assert!(Part::parse(text).is_err());
        }
        let mut g = first();
        let mut part = Part::parse(A.to_string()).unwrap();
        assert!(g.fold_part(&mut part).unwrap().is_none());
    }
}
