//! Extraction: actors, then relations, with evidence.
//!
//! For each document: normalise the text (keeping the map back), find every
//! lexicon item in one pass ([`matcher`]), split sentences, turn each sentence
//! into a sequence of elements ([`actors`]: lexicon names, people found by their
//! titles, states behind their bodies and officials, coreference), then apply
//! the argument frames of the trigger words ([`relations`]).

mod actors;
mod matcher;
mod names;
mod relations;

use crate::graph::{DocExtraction, Evidence, Graph, Mention, Node, Relation, RelationRecord};
use crate::input::Document;
use crate::lexicon::Lexicon;
use crate::text::{NormText, normalize, tokens_into};
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub(crate) use matcher::Matcher;

/// Options of the extractor.
#[derive(Clone, Debug, Default)]
pub struct ExtractOptions {
    /// Also add relations inferred rather than stated (marked `derived`).
    pub derived: bool,
    /// Only count actor mentions: [`DocExtraction::mentions`] stays empty (the
    /// nodes' mention counts are the same). For runs that write no mentions
    /// output; it saves building a record with its text for every mention.
    pub count_mentions_only: bool,
    /// Make a node of each sector through which a state acts ("القوات
    /// الأمريكية": `wd:Q30:MIL`, the United States military) and attach its
    /// mentions and relations to it, instead of to the state.
    pub sectors: bool,
}

/// The extraction engine, built once from a lexicon and shared by all threads.
pub struct Extractor<'l> {
    lexicon: &'l Lexicon,
    matcher: Matcher,
    grammar: actors::Grammar,
    options: ExtractOptions,
}

/// The per-document output being collected.
pub(crate) struct Collector<'a> {
    pub lex: &'a Lexicon,
    pub doc: &'a Document,
    pub norm: &'a NormText,
    pub nodes: BTreeMap<String, Node>,
    pub mentions: Vec<Mention>,
    /// Mentions by actor id, when they are only counted.
    pub counts: Option<HashMap<String, u64>>,
    pub relations: BTreeSet<RelationRecord>,
    /// Whether sectors are nodes of their own (`ExtractOptions::sectors`).
    pub sector_nodes: bool,
}

impl Collector<'_> {
    /// Character offsets in the original of a normalised byte range, and the text.
    pub fn span(&self, start: usize, end: usize) -> (usize, usize, String) {
        let (s, e) = self.norm.orig_range(&self.doc.text, start, end);
        let text = self.doc.text.get(s..e).unwrap_or("").to_string();
        (
            self.norm.char_offset(&self.doc.text, s),
            self.norm.char_offset(&self.doc.text, e),
            text,
        )
    }

    /// Record a relation with its evidence.
    pub fn relation(
        &mut self,
        source: &str,
        relation: Relation,
        target: &str,
        sentence: (usize, usize, usize),
        trigger: (usize, usize),
    ) {
        self.relation_of_sectors(source, relation, target, sentence, trigger, (None, None));
    }

    /// Record a relation with its evidence and the sectors through which its
    /// source and target states act (CAMEO agent codes).
    pub fn relation_of_sectors(
        &mut self,
        source: &str,
        relation: Relation,
        target: &str,
        sentence: (usize, usize, usize),
        trigger: (usize, usize),
        sectors: (Option<&str>, Option<&str>),
    ) {
        if source == target {
            return;
        }
        let (mut source_sector, mut target_sector) =
            (sectors.0.map(str::to_string), sectors.1.map(str::to_string));
        let (si, ss, se) = sentence;
        let (start, end, text) = self.span(ss, se);
        let (trigger_start, trigger_end, trigger_text) = self.span(trigger.0, trigger.1);
        let in_sector = |id: &str, sector: &Option<String>| match sector {
            Some(code) if self.sector_nodes => sector_id(id, code),
            _ => id.to_string(),
        };
        let (mut source, mut target) = (
            in_sector(source, &source_sector),
            in_sector(target, &target_sector),
        );
        if relation.is_symmetric() && source > target {
            std::mem::swap(&mut source, &mut target);
            std::mem::swap(&mut source_sector, &mut target_sector);
        }
        self.relations.insert(RelationRecord {
            source,
            relation,
            target,
            derived: false,
            evidence: Evidence {
                document: self.doc.meta.id.clone(),
                sentence: si,
                start,
                end,
                trigger_start,
                trigger_end,
                trigger: trigger_text,
                text,
                date: self.doc.meta.date.clone(),
                source_sector,
                target_sector,
            },
        });
    }
}

/// The id of the node of a state's sector: the state's id, `:`, the code.
pub(crate) fn sector_id(state: &str, code: &str) -> String {
    format!("{state}:{code}")
}

impl Collector<'_> {
    /// The node of the sector `sector` (an index into the lexicon's sectors) of
    /// the state `state`, made from the state's node on first use; its id.
    pub fn sector_node(&mut self, state: &str, sector: usize) -> String {
        let entry = &self.lex.sectors[sector];
        let id = sector_id(state, &entry.code);
        if !self.nodes.contains_key(&id)
            && let Some(st) = self.nodes.get(state)
        {
            let mut n = Node::new(id.clone(), st.actor_type);
            if let Some(ar) = st.labels.get("ar") {
                let word = entry.ar.first().map(String::as_str).unwrap_or("");
                n.labels.insert("ar".into(), format!("{word} ({ar})"));
            }
            if let Some(en) = st.labels.get("en") {
                let what = entry.en.as_deref().unwrap_or(&entry.code);
                n.labels.insert("en".into(), format!("{en} ({what})"));
            }
            n.cameo = st.cameo.as_ref().map(|c| format!("{c}{}", entry.code));
            n.sector = Some(entry.code.clone());
            self.nodes.insert(id.clone(), n);
        }
        id
    }
}

impl<'l> Extractor<'l> {
    /// Build the engine.
    pub fn new(lexicon: &'l Lexicon, options: ExtractOptions) -> Extractor<'l> {
        Extractor::with_dfa(lexicon, options, false)
    }

    /// Build the engine for a large input: the same results as [`Extractor::new`],
    /// with the lexicon compiled into a DFA, which takes longer to build (about
    /// 0.1 s for the built-in lexicon) and matches about 2.5 times faster.
    pub fn for_large_input(lexicon: &'l Lexicon, options: ExtractOptions) -> Extractor<'l> {
        Extractor::with_dfa(lexicon, options, true)
    }

    fn with_dfa(lexicon: &'l Lexicon, options: ExtractOptions, dfa: bool) -> Extractor<'l> {
        Extractor {
            lexicon,
            matcher: Matcher::compile(lexicon, dfa),
            grammar: actors::Grammar::new(lexicon),
            options,
        }
    }

    /// Extract actors and relations from one document.
    pub fn extract(&self, doc: &Document) -> DocExtraction {
        let norm = normalize(&doc.text);
        let hits = self.matcher.find(&norm.text);
        let mut toks = Vec::new();
        let sents = norm.sentences();
        let mut out = Collector {
            lex: self.lexicon,
            doc,
            norm: &norm,
            nodes: BTreeMap::new(),
            mentions: Vec::new(),
            counts: self.options.count_mentions_only.then(HashMap::new),
            relations: BTreeSet::new(),
            sector_nodes: self.options.sectors,
        };
        let mut state = actors::DocState::new(self.lexicon, &self.grammar, &hits);
        let mut h = 0;
        for (si, s) in sents.iter().enumerate() {
            // the hits and tokens of this sentence
            while h < hits.len() && hits[h].start < s.start {
                h += 1;
            }
            let h0 = h;
            while h < hits.len() && hits[h].end <= s.end {
                h += 1;
            }
            // A sentence without a lexicon match can only matter through the
            // surnames of people named earlier: skip it when there are none.
            if h0 == h && !state.knows_surnames() {
                continue;
            }
            toks.clear();
            tokens_into(&norm.text, s.start, s.end, &mut toks);
            let els = actors::elements(
                self.lexicon,
                &self.grammar,
                &norm.text,
                &hits[h0..h],
                &toks,
                &mut state,
                &mut out,
                (si, s.start, s.end),
            );
            relations::apply(self.lexicon, &els, &mut out, (si, s.start, s.end));
            state.learn_pair(&out, si);
        }
        let counts = out.counts.take().unwrap_or_else(|| {
            let mut counts: HashMap<String, u64> = HashMap::new();
            for m in &out.mentions {
                *counts.entry(m.actor.clone()).or_default() += 1;
            }
            counts
        });
        let nodes = out
            .nodes
            .into_values()
            .map(|mut n| {
                n.documents.insert(&doc.meta.id);
                n.mentions = counts.get(&n.id).copied().unwrap_or(0);
                n
            })
            .collect();
        let mut mentions = out.mentions;
        mentions.sort();
        DocExtraction {
            meta: doc.meta.clone(),
            nodes,
            relations: out.relations.into_iter().collect(),
            mentions,
        }
    }
}

/// Add derived relations: a meeting, call or cooperation between two officials
/// (or an official and a state) rolled up to the states they serve or lead.
pub fn add_derived(graph: &mut Graph) {
    let mut serves: HashMap<String, BTreeSet<String>> = HashMap::new();
    for e in graph.edges() {
        if !e.derived && matches!(e.relation, Relation::OfficialOf | Relation::LeaderOf) {
            let is_state = graph
                .node(&e.target)
                .is_some_and(|n| n.actor_type == crate::graph::ActorType::Country);
            if is_state {
                serves
                    .entry(e.source.clone())
                    .or_default()
                    .insert(e.target.clone());
            }
        }
    }
    let ends = |id: &str| -> BTreeSet<String> {
        match serves.get(id) {
            Some(s) => s.clone(),
            None => BTreeSet::from([id.to_string()]),
        }
    };
    let mut new = Vec::new();
    for e in graph.edges() {
        if e.derived || !e.relation.is_symmetric() {
            continue;
        }
        for a in ends(&e.source) {
            for b in ends(&e.target) {
                if a == b || (a == e.source && b == e.target) {
                    continue;
                }
                for ev in &e.evidence {
                    new.push(RelationRecord {
                        source: a.clone(),
                        relation: e.relation,
                        target: b.clone(),
                        derived: true,
                        evidence: ev.clone(),
                    });
                }
            }
        }
    }
    for r in new {
        graph.add_relation(r);
    }
}

#[cfg(test)]
mod tests;
