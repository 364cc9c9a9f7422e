//! Learning names from a corpus: `newsgraph lexicon learn` and the first pass
//! of `extract --learn`.
//!
//! The extractor runs over the inputs and every actor it found *without* a
//! lexicon entry (a person after a title, a body by its head noun, …) is
//! counted: in how many documents, under which spellings, and as an official
//! or leader of which states. Those found in at least `min_count` documents
//! become `[[actor]]` entries of a lexicon file that `--lexicon` reads, so that
//! a name introduced with its title in one article is found bare in another.
//!
//! A learned actor's key is its node id without the `ng:` prefix
//! (`person:جون_كاسن`): the node keeps the id it had before it was learned,
//! and no built-in key holds a `:`.

use super::Lexicon;
use crate::error::{Error, Result};
use crate::extract::ExtractOptions;
use crate::graph::{ActorType, DocExtraction, DocumentMeta, Relation, Resolution, Skipped};
use crate::pipeline::{Config, Fold, Summary, extractor_for, pass};
use crate::text::normalize_str;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// How the learned names are named in errors when `extract --learn` loads them.
pub(crate) const ORIGIN: &str = "names learned from the inputs";

/// Options of learning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LearnOptions {
    /// Keep an actor found in at least this many distinct documents.
    pub min_count: usize,
}

impl Default for LearnOptions {
    fn default() -> LearnOptions {
        LearnOptions { min_count: 2 }
    }
}

/// The names learned from a corpus.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Learned {
    /// Documents read (distinct ids).
    pub documents: usize,
    /// The minimum number of documents an actor was kept with.
    pub min_count: usize,
    /// The actors, by documents (most first), then key.
    pub actors: Vec<LearnedActor>,
}

/// An actor learned from the corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LearnedActor {
    /// The lexicon key: the node id without `ng:`.
    pub key: String,
    /// The node id it was found under (and keeps).
    pub id: String,
    pub actor_type: ActorType,
    /// Distinct documents it was found in (by its grammar, not by coreference).
    pub documents: usize,
    /// Mentions found by its grammar.
    pub mentions: u64,
    /// Its spellings, most frequent first: each the form most often written
    /// among the mentions of one normalised form, with the mentions of that form.
    pub spellings: Vec<(String, u64)>,
    /// The states (countries of the lexicon) it is an official or leader of.
    pub states: Vec<LearnedState>,
}

/// A state a learned actor serves or leads, as the titles in the text say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LearnedState {
    /// The state's lexicon key (`EGY`).
    pub key: String,
    /// The title most often written for it.
    pub title: String,
    /// Documents that state it.
    pub documents: usize,
}

/// Whether a mention is the grammar finding an actor by itself (a title, a
/// head noun, a rank …), rather than the lexicon or a reference back to an
/// actor found otherwise. Written against the kinds that do *not* count, so
/// that a new way of finding names counts without a change here.
fn found_by_grammar(r: Resolution) -> bool {
    !matches!(
        r,
        Resolution::Lexicon | Resolution::Coreference | Resolution::Nationality
    )
}

/// Counts of the forms written for one normalised string.
type Forms = HashMap<String, u64>;

#[derive(Debug)]
struct Candidate {
    actor_type: ActorType,
    documents: usize,
    mentions: u64,
    /// normalised spelling -> forms as written
    spellings: HashMap<String, Forms>,
    /// state key -> (documents, normalised title -> forms as written)
    states: HashMap<String, (usize, HashMap<String, Forms>)>,
}

/// The fold of the learning pass.
struct Learner<'l> {
    lexicon: &'l Lexicon,
    /// Node ids of the lexicon's actors: these are never learned.
    lexicon_ids: HashSet<String>,
    /// Node id -> key of the lexicon's countries.
    countries: HashMap<String, String>,
    /// The first words of the lexicon's titles, normalised.
    titles: HashSet<String>,
    /// Ids of the documents read, and of those folded in.
    recorded: HashSet<String>,
    folded: HashSet<String>,
    candidates: HashMap<String, Candidate>,
}

impl<'l> Learner<'l> {
    fn new(lexicon: &'l Lexicon) -> Learner<'l> {
        Learner {
            lexicon,
            lexicon_ids: lexicon.actors.iter().map(|a| a.node_id()).collect(),
            countries: lexicon
                .actors
                .iter()
                .filter(|a| a.actor_type == ActorType::Country)
                .map(|a| (a.node_id(), a.key.clone()))
                .collect(),
            titles: lexicon
                .titles
                .iter()
                .flat_map(|t| t.ar.iter())
                .filter_map(|s| normalize_str(s).split(' ').next().map(str::to_string))
                .collect(),
            recorded: HashSet::new(),
            folded: HashSet::new(),
            candidates: HashMap::new(),
        }
    }

    /// The title as the lexicon writes it: without a proclitic و or ف that
    /// the text put before it ("ووزير الزراعة"). `titles` holds the first
    /// words of the lexicon's titles.
    fn title<'t>(&self, written: &'t str) -> &'t str {
        let written = written.trim();
        let known = |s: &str| {
            s.split_whitespace()
                .next()
                .is_some_and(|w| self.titles.contains(&normalize_str(w)))
        };
        if known(written) {
            return written;
        }
        for p in ['و', 'ف'] {
            if let Some(rest) = written.strip_prefix(p)
                && known(rest)
            {
                return rest;
            }
        }
        written
    }

    /// The most frequent form, ties to the smallest.
    fn best(forms: &Forms) -> (&str, u64) {
        forms
            .iter()
            .map(|(f, &n)| (f.as_str(), n))
            .min_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)))
            .unwrap_or(("", 0))
    }

    fn finish(self, options: &LearnOptions) -> Learned {
        let min = options.min_count.max(1);
        let mut actors: Vec<LearnedActor> = self
            .candidates
            .into_iter()
            .filter(|(_, c)| c.documents >= min)
            .filter_map(|(id, c)| {
                let key = match id.strip_prefix("ng:") {
                    Some(rest) if !rest.is_empty() => rest.to_string(),
                    _ => format!("learned:{}", super::slug(&id)),
                };
                // a key the lexicon has (an entry with a Wikidata id, so
                // another node id) would be replaced when the file is loaded
                if self.lexicon.actor(&key).is_some() {
                    return None;
                }
                let mut spellings: Vec<(String, u64)> = c
                    .spellings
                    .values()
                    .map(|forms| {
                        let total = forms.values().sum();
                        (Learner::best(forms).0.to_string(), total)
                    })
                    .filter(|(s, _)| !s.is_empty())
                    .collect();
                spellings.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                if spellings.is_empty() {
                    return None;
                }
                let mut states: Vec<LearnedState> = c
                    .states
                    .into_iter()
                    .map(|(key, (documents, titles))| {
                        // the title written most often, over its forms
                        let title = titles
                            .values()
                            .map(|forms| (forms.values().sum::<u64>(), Learner::best(forms).0))
                            .min_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)))
                            .map(|(_, t)| t.to_string())
                            .unwrap_or_default();
                        LearnedState {
                            key,
                            title,
                            documents,
                        }
                    })
                    .filter(|s| !s.title.is_empty())
                    .collect();
                states.sort_by(|a, b| {
                    b.documents
                        .cmp(&a.documents)
                        .then_with(|| a.key.cmp(&b.key))
                });
                Some(LearnedActor {
                    key,
                    id,
                    actor_type: c.actor_type,
                    documents: c.documents,
                    mentions: c.mentions,
                    spellings,
                    states,
                })
            })
            .collect();
        actors.sort_by(|a, b| {
            b.documents
                .cmp(&a.documents)
                .then_with(|| a.key.cmp(&b.key))
        });
        Learned {
            documents: self.folded.len(),
            min_count: min,
            actors,
        }
    }
}

impl Fold for Learner<'_> {
    fn record_document(&mut self, meta: &DocumentMeta) -> Result<bool> {
        Ok(self.recorded.insert(meta.id.clone()))
    }

    fn skipped(&mut self, _: &Skipped) {}

    fn fold(&mut self, r: DocExtraction) -> Result<()> {
        // a document with the id of one read before is counted once
        if !self.folded.insert(r.meta.id.clone()) {
            return Ok(());
        }
        let unknown: HashMap<&str, ActorType> = r
            .nodes
            .iter()
            .filter(|n| !self.lexicon_ids.contains(&n.id))
            .map(|n| (n.id.as_str(), n.actor_type))
            .collect();
        if unknown.is_empty() {
            return Ok(());
        }
        let mut found: HashSet<std::sync::Arc<str>> = HashSet::new();
        for m in r.mentions.iter() {
            let Some(&kind) = unknown.get(&*m.actor) else {
                continue;
            };
            if !found_by_grammar(m.resolution) {
                continue;
            }
            let spelling: String = m.text.split_whitespace().collect::<Vec<_>>().join(" ");
            let norm = normalize_str(&spelling);
            if norm.is_empty() {
                continue;
            }
            let c = self
                .candidates
                .entry(m.actor.to_string())
                .or_insert_with(|| Candidate {
                    actor_type: kind,
                    documents: 0,
                    mentions: 0,
                    spellings: HashMap::new(),
                    states: HashMap::new(),
                });
            // as a graph merges nodes: the first type in a fixed order
            c.actor_type = c.actor_type.min(kind);
            c.mentions += 1;
            *c.spellings
                .entry(norm)
                .or_default()
                .entry(spelling)
                .or_default() += 1;
            if found.insert(m.actor.clone()) {
                c.documents += 1;
            }
        }
        // the states the titles of the document make them officials or leaders of
        let mut stated: HashSet<(&str, &str)> = HashSet::new();
        for rel in &r.relations {
            if !matches!(rel.relation, Relation::OfficialOf | Relation::LeaderOf)
                || !found.contains(rel.source.as_str())
            {
                continue;
            }
            let Some(state) = self.countries.get(&rel.target) else {
                continue;
            };
            let written = self.title(&rel.evidence.trigger).to_string();
            let norm = normalize_str(&written);
            let Some(c) = self.candidates.get_mut(&rel.source) else {
                continue;
            };
            let (docs, titles) = c.states.entry(state.clone()).or_default();
            if stated.insert((rel.source.as_str(), state.as_str())) {
                *docs += 1;
            }
            if !norm.is_empty() {
                *titles.entry(norm).or_default().entry(written).or_default() += 1;
            }
        }
        Ok(())
    }
}

/// Learn names from the inputs of `config` (files, directories or stdin, with
/// its input options and lexicons). `progress` is called after each batch with
/// the documents and bytes read so far. The summary counts the documents,
/// skips and warnings of the inputs.
pub fn learn(
    config: &Config,
    options: &LearnOptions,
    progress: &mut dyn FnMut(usize, u64),
) -> Result<(Learned, Summary)> {
    let lexicon = Lexicon::load(&config.lexicons, !config.no_builtin_lexicon)?;
    learn_with(config, &lexicon, options, progress)
}

/// [`learn`] with a lexicon loaded already.
pub(crate) fn learn_with(
    config: &Config,
    lexicon: &Lexicon,
    options: &LearnOptions,
    progress: &mut dyn FnMut(usize, u64),
) -> Result<(Learned, Summary)> {
    let started = std::time::Instant::now();
    let extractor = extractor_for(
        &config.inputs,
        lexicon,
        // every mention kept, with its resolution and text; no derived relations
        ExtractOptions {
            count_mentions_only: false,
            ..ExtractOptions::default()
        },
    );
    let mut learner = Learner::new(lexicon);
    let mut summary = Summary::default();
    pass(config, &extractor, &mut learner, &mut summary, progress)?;
    let learned = learner.finish(options);
    summary.actors = learned.actors.len();
    summary.learned = Some(learned.actors.len());
    summary.elapsed = started.elapsed();
    Ok((learned, summary))
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A string for a comment: on one line.
fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_control())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Learned {
    /// The lexicon file: a header, then one commented `[[actor]]` a name, in
    /// the order of [`Learned::actors`]. The same names give the same bytes.
    pub fn to_toml(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "# Names learned by `newsgraph lexicon learn`: actors the grammar found\n\
             # without a lexicon entry (after a title, by a head noun, ...) in at least\n\
             # {} of the {} documents read. {} names, by documents (most first), then key.\n\
             # Each comment gives the documents, the mentions, the spellings and the\n\
             # states (with documents). Review before use: delete a wrong entry, or\n\
             # give it an `en` name or a `wikidata` id; load with `--lexicon FILE`.",
            self.min_count,
            self.documents,
            self.actors.len()
        );
        for a in &self.actors {
            s.push('\n');
            let spellings: Vec<String> = a
                .spellings
                .iter()
                .map(|(t, n)| format!("{} {n}", one_line(t)))
                .collect();
            let _ = write!(
                s,
                "# {} documents, {} mentions; spellings: {}",
                a.documents,
                a.mentions,
                spellings.join(", ")
            );
            if !a.states.is_empty() {
                let states: Vec<String> = a
                    .states
                    .iter()
                    .map(|st| format!("{} {} ({})", st.key, st.documents, one_line(&st.title)))
                    .collect();
                let _ = write!(s, "; states: {}", states.join(", "));
            }
            s.push('\n');
            let ar: Vec<String> = a.spellings.iter().map(|(t, _)| quote(t)).collect();
            let _ = writeln!(
                s,
                "[[actor]]\nkey = {}\ntype = {}\nar = [{}]",
                quote(&a.key),
                quote(a.actor_type.as_str()),
                ar.join(", ")
            );
            if !a.states.is_empty() {
                let roles: Vec<String> = a
                    .states
                    .iter()
                    .map(|st| {
                        format!(
                            "{{ title = {}, of = {} }}",
                            quote(&st.title),
                            quote(&st.key)
                        )
                    })
                    .collect();
                let _ = writeln!(s, "roles = [{}]", roles.join(", "));
            }
        }
        s
    }

    /// Check, before any input is read, that the lexicon file can be written
    /// at `path` (`-`: stdout): not a directory, in a directory that exists.
    pub fn check_output(path: &Path) -> Result<()> {
        if path.as_os_str() == "-" {
            return Ok(());
        }
        crate::output::check_target(path)
    }

    /// Write the lexicon file to `path` (`-`: stdout). A file is written to a
    /// temporary file beside it first and renamed into place.
    pub fn write(&self, path: &Path) -> Result<()> {
        let text = self.to_toml();
        if path.as_os_str() == "-" {
            let mut out = std::io::stdout().lock();
            return out
                .write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| Error::write("stdout", e));
        }
        let temp = crate::output::temp_path(path);
        let target = path.display().to_string();
        if let Err(e) = std::fs::write(&temp, text.as_bytes()) {
            let _ = std::fs::remove_file(&temp);
            return Err(Error::write(target, e));
        }
        std::fs::rename(&temp, path).map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            Error::io(path, e)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Evidence, Mention, Node, RelationRecord};

    fn mention(doc: &str, actor: &str, text: &str, how: Resolution) -> Mention {
        Mention {
            document: doc.into(),
            start: 0,
            end: text.chars().count(),
            text: text.into(),
            actor: actor.into(),
            actor_type: ActorType::Person,
            resolution: how,
            sector: None,
        }
    }

    fn doc(id: &str, mentions: Vec<Mention>, relations: Vec<RelationRecord>) -> DocExtraction {
        let mut ids: Vec<String> = mentions.iter().map(|m| m.actor.to_string()).collect();
        ids.extend(relations.iter().map(|r| r.target.clone()));
        ids.sort();
        ids.dedup();
        DocExtraction {
            meta: DocumentMeta {
                id: id.into(),
                ..DocumentMeta::default()
            },
            nodes: ids
                .iter()
                .map(|i| {
                    let t = if i.starts_with("wd:") {
                        ActorType::Country
                    } else {
                        ActorType::Person
                    };
                    Node::new(i.clone(), t)
                })
                .collect(),
            relations,
            mentions: mentions.into(),
            warnings: Vec::new(),
        }
    }

    fn official(doc: &str, person: &str, state: &str, title: &str) -> RelationRecord {
        RelationRecord {
            source: person.into(),
            relation: Relation::OfficialOf,
            target: state.into(),
            derived: false,
            evidence: Evidence {
                document: doc.into(),
                sentence: 0,
                start: 0,
                end: 1,
                trigger_start: 0,
                trigger_end: 1,
                trigger: title.into(),
                text: "".into(),
                date: None,
                source_sector: None,
                target_sector: None,
                rule: None,
            },
        }
    }

    fn learn_docs(docs: Vec<DocExtraction>, min: usize) -> Learned {
        let lex = Lexicon::builtin().unwrap();
        let mut l = Learner::new(&lex);
        for d in docs {
            assert!(l.record_document(&d.meta).unwrap() || l.recorded.contains(&d.meta.id));
            l.fold(d).unwrap();
        }
        l.finish(&LearnOptions { min_count: min })
    }

    const P: &str = "ng:person:سمير_وادي";

    #[test]
    fn keeps_grammar_found_actors_of_enough_documents() {
        let egy = Lexicon::builtin().unwrap().actor("EGY").unwrap().node_id();
        let learned = learn_docs(
            vec![
                doc(
                    "a",
                    vec![
                        mention("a", P, "سمير وادي", Resolution::Title),
                        // a surname alone is a reference back: not a spelling
                        mention("a", P, "وادي", Resolution::Coreference),
                    ],
                    vec![official("a", P, &egy, "ووزير الزراعة")],
                ),
                doc(
                    "b",
                    vec![
                        mention("b", P, "سمير  وادى", Resolution::Title),
                        mention("b", P, "سمير وادي", Resolution::Title),
                    ],
                    vec![],
                ),
                // the same id again: counted once
                doc(
                    "b",
                    vec![mention("b", P, "سمير وادي", Resolution::Title)],
                    vec![],
                ),
                doc(
                    "c",
                    vec![mention(
                        "c",
                        "ng:person:مرة_واحدة",
                        "مرة واحدة",
                        Resolution::Title,
                    )],
                    vec![],
                ),
                // a lexicon actor is never learned
                doc(
                    "c",
                    vec![mention("c", &egy, "مصر", Resolution::Lexicon)],
                    vec![],
                ),
            ],
            2,
        );
        assert_eq!(learned.documents, 3);
        assert_eq!(learned.actors.len(), 1, "{learned:?}");
        let a = &learned.actors[0];
        assert_eq!(a.key, "person:سمير_وادي");
        assert_eq!(a.documents, 2);
        assert_eq!(a.mentions, 3);
        // ى and ي fold together; the form written most often is kept
        assert_eq!(a.spellings, vec![("سمير وادي".to_string(), 3)]);
        assert_eq!(
            a.states,
            vec![LearnedState {
                key: "EGY".into(),
                title: "وزير الزراعة".into(),
                documents: 1
            }]
        );
    }

    #[test]
    fn new_ways_of_finding_names_count() {
        assert!(found_by_grammar(Resolution::Title));
        assert!(!found_by_grammar(Resolution::Lexicon));
        assert!(!found_by_grammar(Resolution::Coreference));
        assert!(!found_by_grammar(Resolution::Nationality));
    }

    #[test]
    fn toml_loads_back_and_is_sorted() {
        let mk = |key: &str, docs: usize| LearnedActor {
            key: key.into(),
            id: format!("ng:{key}"),
            actor_type: ActorType::Person,
            documents: docs,
            mentions: docs as u64,
            spellings: vec![(format!("اسم \"{key}\" \\"), docs as u64)],
            states: vec![],
        };
        let learned = Learned {
            documents: 9,
            min_count: 2,
            actors: vec![mk("person:ب", 3), mk("person:ا", 2)],
        };
        let text = learned.to_toml();
        let mut lex = Lexicon::builtin().unwrap();
        lex.add_str(&text, "learned.toml").unwrap();
        let a = lex.actor("person:ب").unwrap();
        assert_eq!(a.ar, ["اسم \"person:ب\" \\"]);
        assert_eq!(a.node_id(), "ng:person:ب");
        assert!(a.en.is_none());
    }

    #[test]
    fn builtin_keys_cannot_collide_with_learned_ones() {
        let lex = Lexicon::builtin().unwrap();
        assert!(lex.actors.iter().all(|a| !a.key.contains(':')));
    }

    #[test]
    fn titles_lose_their_proclitic() {
        let lex = Lexicon::builtin().unwrap();
        let l = Learner::new(&lex);
        assert_eq!(l.title("ووزير الخارجية"), "وزير الخارجية");
        assert_eq!(l.title("وزير الخارجية"), "وزير الخارجية");
        assert_eq!(l.title(" فالرئيس "), "الرئيس");
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("a\"b\\c\n\u{1}"), "\"a\\\"b\\\\c\\n\\u0001\"");
    }
}
