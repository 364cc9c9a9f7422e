//! Extraction: actors, then relations, with evidence.
//!
//! For each document: normalise the text (keeping the map back), find every
//! lexicon item in one pass ([`matcher`]), split sentences, turn each sentence
//! into a sequence of elements ([`actors`]: lexicon names, people found by their
//! titles, states behind their bodies and officials, coreference), then apply
//! the relation rules of the lexicon ([`rules`], over the grammar of
//! [`relations`]).

mod actors;
mod examples;
mod matcher;
mod names;
mod relations;
mod rules;

pub use examples::{RuleFailure, RuleReport};

use crate::graph::{DocExtraction, Evidence, Graph, Mentions, Node, Relation, RelationRecord};
use crate::input::Document;
use crate::lexicon::Lexicon;
use crate::text::{CutKind, NormText, bound_sentences, normalize, tokens_into};
use matcher::Hit;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

pub(crate) use matcher::Matcher;

/// The default of [`ExtractOptions::max_sentence_tokens`]: the longest
/// sentence of the 20,329 SaudiNewsNet articles has about 1,200 tokens, so
/// no real news sentence is cut, while the work inside one sentence (which
/// looks back and ahead over its elements) stays bounded.
pub const MAX_SENTENCE_TOKENS: usize = 2000;

/// The default of [`ExtractOptions::max_participants`]: a meeting of more
/// parties than this is not a meeting of every pair. The longest list of
/// participants in the SaudiNewsNet articles is far shorter.
pub const MAX_PARTICIPANTS: usize = 16;

/// The matches of a document kept between the two passes over its sentences;
/// a document with more (about 20 MB of them) has each sentence's found
/// again in the second pass, so memory stays bounded by one sentence.
const MAX_KEPT_HITS: usize = 200_000;

/// Options of the extractor.
#[derive(Clone, Debug)]
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
    /// A sentence of more tokens (words and punctuation marks) is cut into
    /// pieces of at most this many, at a comma, else before `و` and a verb,
    /// else at this window; each cut is a warning. 0: no limit (work then
    /// grows with the square of the longest sentence).
    pub max_sentence_tokens: usize,
    /// A list of participants (every pair meets, or every member of one
    /// side relates to every member of the other) is taken up to this many
    /// actors; the rest are dropped with a warning. 0: no limit.
    pub max_participants: usize,
}

impl Default for ExtractOptions {
    fn default() -> ExtractOptions {
        ExtractOptions {
            derived: false,
            count_mentions_only: false,
            sectors: false,
            max_sentence_tokens: MAX_SENTENCE_TOKENS,
            max_participants: MAX_PARTICIPANTS,
        }
    }
}

/// The extraction engine, built once from a lexicon and shared by all threads.
pub struct Extractor<'l> {
    lexicon: &'l Lexicon,
    matcher: Matcher,
    grammar: actors::Grammar,
    options: ExtractOptions,
}

/// A sentence's character offsets in the original and its text.
pub(crate) type SentenceSpan = (usize, usize, Arc<str>);

/// The per-document output being collected.
pub(crate) struct Collector<'a> {
    pub lex: &'a Lexicon,
    pub doc: &'a Document,
    pub norm: &'a NormText,
    pub nodes: BTreeMap<String, Node>,
    pub mentions: Mentions,
    /// Mentions by actor id, when they are only counted.
    pub counts: Option<HashMap<String, u64>>,
    pub relations: BTreeSet<RelationRecord>,
    /// (source, relation, target, sentence, trigger start) of every relation
    /// recorded, whatever rule found it.
    pub stated: HashSet<(String, Relation, String, usize, usize)>,
    /// The document's id, shared by its mentions.
    pub doc_id: Arc<str>,
    /// The strings the document's mentions share (actor ids, texts, sectors).
    pub strings: HashSet<Arc<str>>,
    /// Whether sectors are nodes of their own (`ExtractOptions::sectors`).
    pub sector_nodes: bool,
    /// The `official_of` / `leader_of` relations among `relations`, as
    /// (source, relation, target) in the same order, to look them up by
    /// person without a scan of every relation.
    pub roles: BTreeSet<(String, Relation, String)>,
    /// The least (in the order of `relations`) symmetric relation of the
    /// sentence being read: the pair "الجانبان" refers to next.
    pub first_symmetric: Option<RelationRecord>,
    /// The cap on a list of participants (see [`ExtractOptions::max_participants`]).
    pub max_participants: usize,
    /// Where work was bounded, one message each (see [`DocExtraction::warnings`]).
    pub warnings: Vec<String>,
    /// The span and text of the sentence last given evidence, shared by all
    /// its relations.
    pub sentence_text: Option<((usize, usize), SentenceSpan)>,
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
        rule: &str,
    ) {
        self.relation_of_sectors(
            source,
            relation,
            target,
            sentence,
            trigger,
            (None, None),
            rule,
        );
    }

    /// Record a relation with its evidence and the sectors through which its
    /// source and target states act (CAMEO agent codes).
    // the evidence's parts, each a plain value: a struct for them would only
    // be taken apart again here
    #[allow(clippy::too_many_arguments)]
    pub fn relation_of_sectors(
        &mut self,
        source: &str,
        relation: Relation,
        target: &str,
        sentence: (usize, usize, usize),
        trigger: (usize, usize),
        sectors: (Option<&str>, Option<&str>),
        rule: &str,
    ) {
        if source == target {
            return;
        }
        let (mut source_sector, mut target_sector) =
            (sectors.0.map(str::to_string), sectors.1.map(str::to_string));
        let (si, ss, se) = sentence;
        let (start, end, text) = match &self.sentence_text {
            Some((at, span)) if *at == (ss, se) => span.clone(),
            _ => {
                let (start, end, text) = self.span(ss, se);
                let span = (start, end, Arc::<str>::from(text));
                self.sentence_text = Some(((ss, se), span.clone()));
                span
            }
        };
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
        if matches!(relation, Relation::OfficialOf | Relation::LeaderOf) {
            self.roles
                .insert((source.clone(), relation, target.clone()));
        }
        let record = RelationRecord {
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
                rule: Some(rule.to_string()),
            },
        };
        // the first rule to state an edge at a trigger is its evidence: a
        // second rule finding the same never counts twice
        let key = (
            record.source.clone(),
            relation,
            record.target.clone(),
            si,
            trigger_start,
        );
        if !self.stated.insert(key) {
            return;
        }
        if relation.is_symmetric()
            && self
                .first_symmetric
                .as_ref()
                .is_none_or(|f| f.evidence.sentence != si || record < *f)
        {
            self.first_symmetric = Some(record.clone());
        }
        self.relations.insert(record);
    }

    /// `s`, shared with the document's other mentions that repeat it.
    pub fn intern(&mut self, s: &str) -> Arc<str> {
        if let Some(x) = self.strings.get(s) {
            return x.clone();
        }
        let x: Arc<str> = Arc::from(s);
        self.strings.insert(x.clone());
        x
    }

    /// The character offset in the original of a normalised byte offset.
    pub fn char_at(&self, byte: usize) -> usize {
        let (s, _) = self.norm.orig_range(&self.doc.text, byte, byte);
        self.norm.char_offset(&self.doc.text, s)
    }

    /// Cap a list of participants at [`ExtractOptions::max_participants`],
    /// with a warning naming the document and the trigger's offset.
    pub fn cap<'x>(&mut self, xs: &'x [usize], trigger: usize) -> &'x [usize] {
        let max = self.max_participants;
        if max == 0 || xs.len() <= max {
            return xs;
        }
        let w = format!(
            "{}: a list of {} participants at character {} was capped at the first {} (max participants)",
            self.doc.meta.id,
            xs.len(),
            self.char_at(trigger),
            max
        );
        self.warnings.push(w);
        &xs[..max]
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
        self.extract_traced(doc, None)
    }

    /// Extract from one document and say how: each sentence's elements (as
    /// the rules see them) with the relations found in it and the rule that
    /// found each (`newsgraph explain`).
    pub fn explain(&self, doc: &Document) -> Explanation {
        let mut trace = Vec::new();
        let extraction = self.extract_traced(doc, Some(&mut trace));
        Explanation {
            sentences: trace,
            extraction,
        }
    }

    fn extract_traced(
        &self,
        doc: &Document,
        mut trace: Option<&mut Vec<SentenceTrace>>,
    ) -> DocExtraction {
        // offsets are 32-bit (text spans, mentions): a bigger document is
        // refused with a warning, never read with wrapped offsets
        let too_big = |bytes: usize| {
            (u32::try_from(bytes).is_err()).then(|| DocExtraction {
                meta: doc.meta.clone(),
                warnings: vec![format!(
                    "{}: not extracted: {bytes} bytes (after normalising) is over the 4 GiB a document may have",
                    doc.meta.id
                )],
                ..DocExtraction::default()
            })
        };
        if let Some(refused) = too_big(doc.text.len()) {
            return refused;
        }
        let norm = normalize(&doc.text);
        if let Some(refused) = too_big(norm.text.len()) {
            return refused;
        }
        let mut toks = Vec::new();
        let mut cuts = Vec::new();
        let sents = bound_sentences(
            &norm.text,
            norm.sentences(),
            self.options.max_sentence_tokens,
            &mut cuts,
        );
        let mut out = Collector {
            lex: self.lexicon,
            doc,
            norm: &norm,
            nodes: BTreeMap::new(),
            mentions: Mentions::new(),
            counts: self.options.count_mentions_only.then(HashMap::new),
            relations: BTreeSet::new(),
            stated: HashSet::new(),
            doc_id: Arc::from(doc.meta.id.as_str()),
            strings: HashSet::new(),
            sector_nodes: self.options.sectors,
            roles: BTreeSet::new(),
            first_symmetric: None,
            max_participants: self.options.max_participants,
            warnings: Vec::new(),
            sentence_text: None,
        };
        for c in &cuts {
            let how = match c.kind {
                CutKind::Comma => "after a comma",
                CutKind::Conjunction => "before و and a verb",
                CutKind::Window => "at the token window",
            };
            let w = format!(
                "{}: a sentence longer than {} tokens was cut at character {} ({how})",
                doc.meta.id,
                self.options.max_sentence_tokens,
                out.char_at(c.at)
            );
            out.warnings.push(w);
        }
        // The matches, sentence by sentence: a first pass sums them up for
        // the document's opening state and keeps them unless there are too
        // many (a long document's would be its largest structure), in which
        // case the second pass finds each sentence's again.
        let mut opening = actors::Opening::default();
        let mut kept: Option<(Vec<Hit>, Vec<usize>)> = Some((Vec::new(), vec![0]));
        let mut buf = Vec::new();
        for s in &sents {
            self.matcher.find_in(&norm.text, s.start..s.end, &mut buf);
            opening.add(self.lexicon, &buf);
            if let Some((all, ends)) = &mut kept {
                if all.len() + buf.len() > MAX_KEPT_HITS {
                    kept = None;
                } else {
                    all.append(&mut buf);
                    ends.push(all.len());
                }
            }
        }
        let mut state = actors::DocState::new(self.lexicon, &self.grammar, &opening);
        // the subject of the sentence before, for one that drops its own
        let mut subject: Option<actors::Actor> = None;
        for (si, s) in sents.iter().enumerate() {
            // the hits and tokens of this sentence
            let hits: &[Hit] = match &kept {
                Some((all, ends)) => &all[ends[si]..ends[si + 1]],
                None => {
                    self.matcher.find_in(&norm.text, s.start..s.end, &mut buf);
                    &buf
                }
            };
            // A sentence without a lexicon match can only matter through the
            // surnames of people named earlier: skip it when there are none.
            if hits.is_empty() && !state.knows_surnames() {
                if let Some(t) = trace.as_deref_mut() {
                    t.push(SentenceTrace {
                        index: si,
                        span: out.span(s.start, s.end),
                        elements: Vec::new(),
                    });
                }
                continue;
            }
            toks.clear();
            tokens_into(&norm.text, s.start, s.end, &mut toks);
            let mut els = actors::elements(
                self.lexicon,
                &self.grammar,
                &norm.text,
                hits,
                &toks,
                &mut state,
                &mut out,
                (si, s.start, s.end),
            );
            actors::carry_subject(
                self.lexicon,
                &self.grammar,
                &mut els,
                &mut subject,
                &mut out,
            );
            relations::apply(
                self.lexicon,
                &els,
                &norm.text,
                &mut out,
                (si, s.start, s.end),
            );
            if let Some(t) = trace.as_deref_mut() {
                t.push(SentenceTrace {
                    index: si,
                    span: out.span(s.start, s.end),
                    elements: els
                        .iter()
                        .filter_map(|e| describe(self.lexicon, e))
                        .collect(),
                });
            }
            state.learn_pair(&out, si);
        }
        let counts = out.counts.take().unwrap_or_else(|| out.mentions.counts());
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
            warnings: out.warnings,
        }
    }
}

/// One sentence as `explain` shows it.
#[derive(Clone, Debug)]
pub struct SentenceTrace {
    /// The sentence's index in the document (0 = the title).
    pub index: usize,
    /// Its character offsets and text in the original.
    pub span: (usize, usize, String),
    /// Its elements as the rules see them (empty when the sentence has no
    /// lexicon match and was skipped).
    pub elements: Vec<String>,
}

/// What `explain` returns: the sentences and the extraction.
#[derive(Clone, Debug)]
pub struct Explanation {
    pub sentences: Vec<SentenceTrace>,
    pub extraction: DocExtraction,
}

/// An element as `explain` writes it: an actor `[TYPE id «text»]`, a trigger
/// `<ENTRY,...>` (the ids of its `[[trigger]]` entries), a word as it is, a comma, `|` for a clause
/// break; transparent punctuation is left out.
fn describe(lex: &Lexicon, e: &actors::El) -> Option<String> {
    use actors::Kind;
    let pre = if e.prefix.is_empty() {
        String::new()
    } else {
        format!("{}+", e.prefix)
    };
    Some(match &e.kind {
        Kind::Actor {
            actor, nationals, ..
        } => {
            let what = if *nationals { "nationals of " } else { "" };
            format!("{pre}[{what}{} {}]", actor.kind.as_str(), actor.id)
        }
        Kind::Trigger(ts) => {
            let ids: Vec<&str> = ts.iter().map(|&t| lex.triggers[t].id.as_str()).collect();
            format!("{pre}<{}>", ids.join(","))
        }
        Kind::Word(w) => format!("{pre}{w}"),
        Kind::Comma => "،".into(),
        Kind::Break => "|".into(),
        Kind::Punct => return None,
        Kind::NonPolitical => "(non-political)".into(),
    })
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
