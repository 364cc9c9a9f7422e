//! The lexicon: names, aliases, titles, trigger words and word lists, as TOML
//! data files that a user can read, extend and replace. The built-in files in
//! `lexicon/` are compiled in; `--lexicon FILE` adds to them, and an actor with
//! the key of an existing one replaces it.
//!
//! A file holds any of these tables (see the README for the full format):
//! `[[actor]]` (key, type, en, ar, wikidata, iso3, cameo, capital, adjective,
//! surname, ambiguous, roles), `[[title]]` (ar, en, relation),
//! `[[trigger]]` (relation, frame, ar), `[[words]]` (list, ar), and the
//! relation rules' `[[class]]`, `[[list]]` and `[[rule]]` (see
//! `lexicon/rules/README.md`).

pub(crate) mod learn;
pub(crate) mod rules;

pub use rules::{Atom, Capture, ClassEntry, Item, ListEntry, Need, Rule, RuleEntry};

use crate::error::{Error, Result};
use crate::graph::{ActorType, Node, Relation};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use learn::{LearnOptions, Learned, LearnedActor, LearnedState, learn};

/// The built-in lexicon files, compiled in.
const BUILTIN: &[(&str, &str)] = &[
    (
        "countries.toml",
        include_str!("../../lexicon/countries.toml"),
    ),
    (
        "organizations.toml",
        include_str!("../../lexicon/organizations.toml"),
    ),
    ("people.toml", include_str!("../../lexicon/people.toml")),
    ("bodies.toml", include_str!("../../lexicon/bodies.toml")),
    (
        "officials.toml",
        include_str!("../../lexicon/officials.toml"),
    ),
    ("media.toml", include_str!("../../lexicon/media.toml")),
    ("places.toml", include_str!("../../lexicon/places.toml")),
    ("titles.toml", include_str!("../../lexicon/titles.toml")),
    ("triggers.toml", include_str!("../../lexicon/triggers.toml")),
    ("words.toml", include_str!("../../lexicon/words.toml")),
    (
        "given_names.toml",
        include_str!("../../lexicon/given_names.toml"),
    ),
    (
        "given_names_foreign.toml",
        include_str!("../../lexicon/given_names_foreign.toml"),
    ),
    ("heads.toml", include_str!("../../lexicon/heads.toml")),
    ("sectors.toml", include_str!("../../lexicon/sectors.toml")),
    (
        "rules/words.toml",
        include_str!("../../lexicon/rules/words.toml"),
    ),
    (
        "rules/relations.toml",
        include_str!("../../lexicon/rules/relations.toml"),
    ),
];

/// A role a known person held.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// The title as news writes it (وزير الخارجية).
    pub title: String,
    /// The key of the state or organisation.
    pub of: String,
    #[serde(default)]
    pub from: Option<i32>,
    #[serde(default)]
    pub to: Option<i32>,
}

/// An actor of the lexicon.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorEntry {
    /// Unique key (ISO alpha-3 for states).
    pub key: String,
    #[serde(rename = "type")]
    pub actor_type: ActorType,
    /// English name.
    #[serde(default)]
    pub en: Option<String>,
    #[serde(default)]
    pub aliases_en: Vec<String>,
    /// Arabic names; the first is the label.
    #[serde(default)]
    pub ar: Vec<String>,
    #[serde(default)]
    pub wikidata: Option<String>,
    #[serde(default)]
    pub iso3: Option<String>,
    #[serde(default)]
    pub cameo: Option<String>,
    /// Capitals that stand for the state (واشنطن).
    #[serde(default)]
    pub capital: Vec<String>,
    /// Nationality adjectives, masculine singular without the article (مصري).
    #[serde(default)]
    pub adjective: Vec<String>,
    /// Irregular plurals of the nationals' name.
    #[serde(default)]
    pub demonym_plural: Vec<String>,
    /// Surnames that name the person alone (كيري).
    #[serde(default)]
    pub surname: Vec<String>,
    /// Names that are also something else: only taken in a list of actors.
    #[serde(default)]
    pub ambiguous: Vec<String>,
    #[serde(default)]
    pub roles: Vec<Role>,
    /// For coalitions: keys of the actors it was formed against. A bare
    /// "التحالف" in a document that names one of them refers to this coalition.
    #[serde(default)]
    pub against: Vec<String>,
    /// For coalitions: keys of the states that lead it. A bare "التحالف"
    /// followed by "بقيادة X" / "الذي تقوده X" refers to the coalition X leads.
    #[serde(default)]
    pub led_by: Vec<String>,
}

/// How a title links its holder to the state or body.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitleEntry {
    pub ar: Vec<String>,
    #[serde(default)]
    pub en: Option<String>,
    /// `leader_of` or `official_of`.
    pub relation: Relation,
}

/// The trigger entry of "led by" (بقيادة X, الذي تقوده X), read by the rule
/// of that id; the grammar reads it too (what follows it is the leader).
pub const LED_BY: &str = "leader_of.led_by";

/// The trigger entry of "against" (ضد X, لمحاربة X), read by the rule of that
/// id; names that hold one of its words are split by the grammar.
pub const AGAINST: &str = "opposes.against";

/// The trigger entry of membership and participation (عضو في, بمشاركة), read
/// by the rule of that id; a meeting's participants go on after its words.
pub const MEMBER: &str = "member_of.member";

/// The argument frame a trigger word takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frame {
    /// X VERB Y, VERB X Y, X VERB من/مع/ب Y.
    Verb,
    /// An event noun: NOUN بين X و Y; X ... NOUN مع Y; NOUN X مع Y.
    Noun,
    /// No frame: the words are trigger elements that only the relation rules
    /// read, as `trigger:RELATION` or by the entry's id (`trigger:ID`).
    Rules,
}

impl Frame {
    /// The name used in lexicon files.
    pub fn as_str(self) -> &'static str {
        match self {
            Frame::Verb => "verb",
            Frame::Noun => "noun",
            Frame::Rules => "rules",
        }
    }
}

/// A trigger word list of one relation and frame.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerEntry {
    /// The rule id its relations carry as provenance; by default
    /// `RELATION.FRAME` (`met_with.verb`), as rules name it (`trigger:ID`).
    #[serde(default)]
    pub id: String,
    pub relation: Relation,
    pub frame: Frame,
    pub ar: Vec<String>,
}

/// A word list the grammar uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WordList {
    /// Function words and common verbs: never part of a name.
    Function,
    /// Nouns for a state's bodies and unnamed officials: with a nationality
    /// adjective they stand for the state (الحكومة المصرية, مسؤولون أمريكيون).
    Body,
    /// "His counterpart" (نظير).
    Counterpart,
    /// Words that refer back to the armed group named last (التنظيم).
    AnaphorGroup,
    /// Words that refer back to the minister named last (الوزير).
    AnaphorMinister,
    /// Words for "the coalition" (التحالف).
    AnaphorCoalition,
    /// Words that announce a news outlet (صحيفة, وكالة).
    MediaCue,
    /// Given names: a name found after a title starts with one.
    GivenName,
    /// Institution nouns named after a person (مركز الملك سلمان).
    NamedAfter,
    /// Sport and entertainment words: their sentences state no relation.
    NonPolitical,
    /// "The two sides" (الجانبان): the pair that last met or spoke.
    AnaphorPair,
    /// "His country" (بلاده): the state of the actor named last.
    AnaphorState,
    /// Nouns for people that a nationality adjective makes nationals (مواطنين).
    People,
    /// Words that open a subordinate clause (إن, أن, الذي).
    ClauseBreak,
    /// Honorifics and ranks between a title and the name (الشيخ, العميد).
    Honorific,
    /// Particles inside a long name (بن, أبو, آل, عبد).
    NameParticle,
    /// The particles of a nasab (بن, بنت): a name never starts with one.
    Nasab,
    /// Words that date a title or a name ("السابق", "الحالي").
    Tense,
    /// Time words that end a body's name ("اليوم", "الماضي").
    Time,
    /// Function words that may stand in a body's name ("الدولي", "العام").
    BodyWord,
    /// Event nouns with a possessive pronoun (لقائه, زيارتها): the actor right
    /// after one is the other side ("لقائه الملك سلمان": his meeting with).
    Possessive,
    /// Words right after a verb that opens a sentence showing that its subject
    /// was dropped and is the sentence before's ("وسيلتقي أيضا ...", "واجتمع مع ...").
    DroppedSubject,
    /// "The regime" (النظام) after a force noun (قوات النظام, طيران النظام):
    /// the state the document named with it (النظام السوري), else the state
    /// named earlier in the sentence.
    AnaphorRegime,
    /// Birth words right after a name and before a year ("مبارك ملفي مواليد
    /// 1986"): the words before make a person's name.
    Born,
    /// "The Kingdom" (المملكة) alone: the kingdom named last in the document
    /// (a state with a lexicon name that starts with المملكة or مملكة), else
    /// the `home_kingdom`.
    AnaphorKingdom,
    /// The name of the kingdom that a bare "المملكة" means when the document
    /// names none (the press's own: the built-in lexicon's is Saudi Arabia).
    HomeKingdom,
    /// Nouns of places and parts of a land (مناطق, أنحاء, داخل): a state in
    /// their genitive (مناطق المملكة) is named as a place, not as an actor.
    PlaceNoun,
}

/// Head nouns of bodies that no lexicon lists: a head noun and its
/// complement name a body of this type ("وزارة الزراعة", "حزب غد الثورة",
/// "المرصد السوري لحقوق الإنسان").
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadEntry {
    /// The type of the bodies these heads name.
    #[serde(rename = "type")]
    pub actor_type: ActorType,
    /// How many words of complement make a name (see `lexicon/heads.toml`).
    #[serde(default = "one")]
    pub min: usize,
    pub ar: Vec<String>,
}

fn one() -> usize {
    1
}

impl WordList {
    /// Lists the grammar looks words up in one by one, rather than lists the
    /// matcher finds in the text.
    pub fn looked_up(self) -> bool {
        matches!(
            self,
            WordList::GivenName
                | WordList::NameParticle
                | WordList::Nasab
                | WordList::Tense
                | WordList::Time
                | WordList::BodyWord
                | WordList::HomeKingdom
                | WordList::PlaceNoun
        )
    }
}

/// A sector through which a state acts, as event coders code it (CAMEO agent
/// codes): "القوات الأمريكية" is the United States, `MIL`; "مدنيين فلسطينيين"
/// is Palestine, `CVL`. The nouns are bodies of a state or nouns for people
/// (word lists `body` and `people`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectorEntry {
    /// The CAMEO agent code: three capital letters (MIL, COP, GOV, CVL, ...).
    pub code: String,
    #[serde(default)]
    pub en: Option<String>,
    /// Whether its nouns name a state's people as they suffer what is done
    /// (civilians, journalists) rather than act (soldiers, police).
    #[serde(default)]
    pub nationals: bool,
    pub ar: Vec<String>,
}

/// A word list entry.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordsEntry {
    pub list: WordList,
    pub ar: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[serde(default)]
    actor: Vec<ActorEntry>,
    #[serde(default)]
    title: Vec<TitleEntry>,
    #[serde(default)]
    trigger: Vec<TriggerEntry>,
    #[serde(default)]
    words: Vec<WordsEntry>,
    #[serde(default)]
    head: Vec<HeadEntry>,
    #[serde(default)]
    sector: Vec<SectorEntry>,
    #[serde(default)]
    class: Vec<ClassEntry>,
    #[serde(default)]
    list: Vec<ListEntry>,
    #[serde(default)]
    rule: Vec<RuleEntry>,
}

/// The word lists the trigger frames use, by their list names in
/// `lexicon/rules/words.toml` (empty when a lexicon has none).
#[derive(Debug, Default)]
pub struct FrameWords {
    /// `preposition`: their object is not a subject (من, في, على).
    pub preposition: rules::FastSet,
    /// `topic`: they open what a meeting was about (حول, بشأن).
    pub topic: rules::FastSet,
    /// `occasion`: before an event noun, they make it the occasion of
    /// another event (هامش, خلال).
    pub occasion: rules::FastSet,
    /// `filler`: they may stand between "against" and its target
    /// (ضد أهداف لتنظيم داعش), written without the article.
    pub filler: rules::FastSet,
    /// `relative`: relative pronouns (التي, الذي).
    pub relative: rules::FastSet,
    /// `place_preposition`: before a capital, it names the place (في, إلى).
    pub place_preposition: rules::FastSet,
    /// `trigger_preposition`: the last word of a trigger phrase that is a
    /// preposition of its own (طلب من, بحث مع).
    pub trigger_preposition: rules::FastSet,
    /// `violence_against`: between violence and its target (ضد, على).
    pub violence_against: rules::FastSet,
    /// `locative`: its object is where something happens (في).
    pub locative: rules::FastSet,
    /// `purpose`: it opens a purpose or goal phrase (إلى).
    pub purpose: rules::FastSet,
}

/// The loaded lexicon.
#[derive(Debug, Default)]
pub struct Lexicon {
    pub actors: Vec<ActorEntry>,
    pub titles: Vec<TitleEntry>,
    pub triggers: Vec<TriggerEntry>,
    pub words: Vec<WordsEntry>,
    pub heads: Vec<HeadEntry>,
    pub sectors: Vec<SectorEntry>,
    /// The rules' word classes and lists.
    pub vocabulary: rules::Vocabulary,
    /// The word lists the relation frames read, from the rules' `[[list]]`s.
    pub words_of: FrameWords,
    /// The relation rules, compiled, in the order they were read.
    pub rules: Vec<Rule>,
    /// Rules read but not yet compiled (their classes may come in a later
    /// file), with where they were written.
    pending_rules: Vec<(RuleEntry, String)>,
    by_key: HashMap<String, usize>,
    /// SHA-256 chained over the texts read, in order (see [`Lexicon::hash`]).
    digest: [u8; 32],
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

impl Lexicon {
    /// Load the built-in lexicon (unless `builtin` is false) and then `files`.
    pub fn load(files: &[PathBuf], builtin: bool) -> Result<Lexicon> {
        let mut lex = Lexicon::default();
        if builtin {
            for (name, text) in BUILTIN {
                lex.add_str(text, &format!("built-in lexicon {name}"))?;
            }
        }
        for path in files {
            lex.add_file(path)?;
        }
        lex.check()?;
        Ok(lex)
    }

    /// The built-in lexicon alone.
    pub fn builtin() -> Result<Lexicon> {
        Lexicon::load(&[], true)
    }

    /// Add a lexicon file.
    pub fn add_file(&mut self, path: &Path) -> Result<()> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        self.add_str(&text, &path.display().to_string())
    }

    /// The lexicon's fingerprint, `sha256:HEX`: the SHA-256 chained over every
    /// text it was loaded from (built-in files, --lexicon files, learned
    /// names), in order, and not over their names, so that graphs made with
    /// the same lexicon on other machines carry the same hash.
    pub fn hash(&self) -> String {
        let mut s = String::from("sha256:");
        for b in self.digest {
            s.push_str(&format!("{b:02x}"));
        }
        s
    }

    /// Add lexicon entries from TOML text; `origin` names it in errors.
    pub fn add_str(&mut self, text: &str, origin: &str) -> Result<()> {
        {
            use sha2::Digest;
            let mut h = sha2::Sha256::new();
            h.update(self.digest);
            h.update(text.as_bytes());
            self.digest = h.finalize().into();
        }
        let file: LexiconFile = toml::from_str(text).map_err(|e| {
            let loc = match e.span() {
                Some(span) => format!("{origin}:{}", line_of(text, span.start)),
                None => origin.to_string(),
            };
            Error::lexicon(loc, e.message().trim().to_string())
        })?;
        let entry_line = |key: &str| {
            let at = text
                .find(&format!("\"{key}\""))
                .map(|b| line_of(text, b))
                .unwrap_or(0);
            format!("{origin}:{at}")
        };
        for a in file.actor {
            if a.key.trim().is_empty() {
                return Err(Error::lexicon(entry_line(""), "an actor has an empty key"));
            }
            if a.ar.is_empty() && a.en.is_none() {
                return Err(Error::lexicon(
                    entry_line(&a.key),
                    format!("actor {:?} has no name (ar or en)", a.key),
                ));
            }
            if let Some(q) = &a.wikidata
                && !(q.starts_with('Q')
                    && q.len() > 1
                    && q[1..].bytes().all(|b| b.is_ascii_digit()))
            {
                return Err(Error::lexicon(
                    entry_line(&a.key),
                    format!("actor {:?}: wikidata id {q:?} is not like Q123", a.key),
                ));
            }
            if a.roles.iter().any(|r| r.title.trim().is_empty()) {
                return Err(Error::lexicon(
                    entry_line(&a.key),
                    format!("actor {:?}: a role has an empty title", a.key),
                ));
            }
            match self.by_key.get(&a.key) {
                Some(&i) => self.actors[i] = a,
                None => {
                    self.by_key.insert(a.key.clone(), self.actors.len());
                    self.actors.push(a);
                }
            }
        }
        for t in &file.title {
            if !matches!(t.relation, Relation::LeaderOf | Relation::OfficialOf) {
                return Err(Error::lexicon(
                    origin,
                    format!(
                        "title {:?}: relation must be leader_of or official_of, not {}",
                        t.ar.first().map(String::as_str).unwrap_or(""),
                        t.relation
                    ),
                ));
            }
        }
        self.titles.extend(file.title);
        for mut t in file.trigger {
            if t.id.trim().is_empty() {
                t.id = format!("{}.{}", t.relation, t.frame.as_str());
            }
            self.triggers.push(t);
        }
        self.words.extend(file.words);
        for h in &file.head {
            if !h.actor_type.is_actor() || h.actor_type == ActorType::Country {
                return Err(Error::lexicon(
                    origin,
                    format!(
                        "head {:?}: type must be a body's (organization, coalition, armed_group), not {}",
                        h.ar.first().map(String::as_str).unwrap_or(""),
                        h.actor_type.as_str()
                    ),
                ));
            }
        }
        self.heads.extend(file.head);
        for c in &file.sector {
            if !(c.code.len() == 3 && c.code.bytes().all(|b| b.is_ascii_uppercase())) {
                return Err(Error::lexicon(
                    origin,
                    format!(
                        "sector {:?}: a code is three capital letters (MIL, COP, GOV)",
                        c.code
                    ),
                ));
            }
        }
        self.sectors.extend(file.sector);
        for c in &file.class {
            self.vocabulary.add_class(c);
        }
        for l in &file.list {
            self.vocabulary.add_list(l);
        }
        for r in file.rule {
            let at = text
                .find(&format!("id = \"{}\"", r.id))
                .map(|b| line_of(text, b))
                .unwrap_or(0);
            self.pending_rules.push((r, format!("{origin}:{at}")));
        }
        Ok(())
    }

    /// Compile the rules read so far: refuse a duplicate id, an unknown class
    /// or list, an unbalanced group, a missing capture, an unbounded pattern.
    fn compile_rules(&mut self) -> Result<()> {
        let mut ids: HashMap<String, String> = self
            .rules
            .iter()
            .map(|r| (r.id.clone(), r.origin.clone()))
            .collect();
        // for trigger:ID
        self.vocabulary.trigger_ids.clear();
        for (i, t) in self.triggers.iter().enumerate() {
            self.vocabulary
                .trigger_ids
                .entry(t.id.clone())
                .or_default()
                .push(i);
        }
        for (r, origin) in std::mem::take(&mut self.pending_rules) {
            let fail = |m: String| Error::lexicon(origin.clone(), format!("rule {:?}: {m}", r.id));
            if r.id.trim().is_empty() || r.id.contains(char::is_whitespace) {
                return Err(fail("a rule id is one word, not empty".into()));
            }
            if let Some(first) = ids.get(&r.id) {
                return Err(fail(format!("the id is already used at {first}")));
            }
            let pattern = rules::compile(&r.pattern, &self.vocabulary).map_err(fail)?;
            let counts = rules::capture_counts(&pattern.items);
            for (c, n) in [Capture::Source, Capture::Target, Capture::Trigger]
                .into_iter()
                .zip(counts)
            {
                if n > 1 {
                    return Err(fail(format!("capture {c:?} can be set twice in one match")));
                }
            }
            let always = |c: Capture| rules::always_captures(&pattern.items, c);
            // `relation = "trigger"`: the captured trigger word's relation
            let mut of_trigger = Vec::new();
            let relation = if r.relation == "trigger" {
                if !always(Capture::Trigger)
                    || !rules::captured_trigger_relations(&pattern.items, &mut of_trigger)
                    || of_trigger.is_empty()
                {
                    return Err(fail(
                        "relation = \"trigger\" needs a trigger= capture of trigger:RELATION or trigger:ID on every way through the pattern"
                            .into(),
                    ));
                }
                of_trigger[0]
            } else {
                r.relation.parse::<Relation>().map_err(|_| {
                    fail(format!(
                        "unknown relation {:?}: one of the ten relations, or \"trigger\"",
                        r.relation
                    ))
                })?
            };
            let per_trigger = r.per_trigger || r.group.is_some();
            if per_trigger && !always(Capture::Trigger) {
                return Err(fail(
                    "per_trigger = true (or a group) needs a trigger= capture on every way through the pattern"
                        .into(),
                ));
            }
            if !always(Capture::Source) {
                return Err(fail(
                    "the pattern has no source= capture on every way through it".into(),
                ));
            }
            if r.pairs {
                if let Some(rel) = std::iter::once(relation)
                    .chain(of_trigger.iter().copied())
                    .find(|rel| !rel.is_symmetric())
                {
                    return Err(fail(format!(
                        "pairs = true needs a symmetric relation, not {rel}"
                    )));
                }
            } else if r.group.is_some() {
                // a rule of a group may leave its target unset (on some way
                // through its pattern, or on every way): it then claims the
                // trigger word and gives nothing (the verb's subject is found
                // and it has no object)
            } else if !always(Capture::Target) {
                return Err(fail(
                    "the pattern has no target= capture (or say pairs = true)".into(),
                ));
            }
            if r.example.is_empty() || r.counter.is_empty() {
                return Err(fail(
                    "a rule needs at least one [[rule.example]] and one [[rule.counter]]".into(),
                ));
            }
            ids.insert(r.id.clone(), origin.clone());
            self.rules.push(Rule {
                id: r.id,
                needs: rules::needs(&pattern.items),
                key: rules::key(&pattern.items),
                relation,
                of_trigger,
                pattern,
                pairs: r.pairs,
                per_trigger,
                group: r.group,
                note: r.note,
                examples: r.example,
                counters: r.counter,
                origin,
            });
        }
        Ok(())
    }

    /// Compile and check what [`Lexicon::add_str`] or [`Lexicon::add_file`]
    /// added after [`Lexicon::load`] (rules, references between actors).
    pub fn finish(&mut self) -> Result<()> {
        self.check()
    }

    fn check(&mut self) -> Result<()> {
        self.compile_rules()?;
        let list = |name: &str| self.vocabulary.list(name).cloned().unwrap_or_default();
        self.words_of = FrameWords {
            preposition: list("preposition"),
            topic: list("topic"),
            occasion: list("occasion"),
            filler: list("filler"),
            relative: list("relative"),
            place_preposition: list("place_preposition"),
            trigger_preposition: list("trigger_preposition"),
            violence_against: list("violence_against"),
            locative: list("locative"),
            purpose: list("purpose"),
        };
        for a in &self.actors {
            for (field, keys) in [("against", &a.against), ("led_by", &a.led_by)] {
                for k in keys {
                    if !self.by_key.contains_key(k) {
                        return Err(Error::lexicon(
                            format!("lexicon actor {:?}", a.key),
                            format!("`{field}` refers to unknown actor key {k:?}"),
                        ));
                    }
                }
            }
            for r in &a.roles {
                if !self.by_key.contains_key(&r.of) {
                    return Err(Error::lexicon(
                        format!("lexicon actor {:?}", a.key),
                        format!("role {:?} refers to unknown actor key {:?}", r.title, r.of),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The actor with this key.
    pub fn actor(&self, key: &str) -> Option<&ActorEntry> {
        self.by_key.get(key).map(|&i| &self.actors[i])
    }

    /// Whether any of these trigger entries (indices) has this frame.
    pub fn any_frame(&self, entries: &[usize], frame: Frame) -> bool {
        entries.iter().any(|&t| self.triggers[t].frame == frame)
    }

    /// Whether any of these trigger entries (indices) has this id (an entry
    /// read by rules, such as `LED_BY`).
    pub fn any_id(&self, entries: &[usize], id: &str) -> bool {
        entries.iter().any(|&t| self.triggers[t].id == id)
    }

    /// Index of the actor with this key.
    pub fn actor_index(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    /// Every Arabic name the lexicon matches (names, capitals, surnames), one
    /// each, sorted: for `newsgraph lexicon names`.
    pub fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .actors
            .iter()
            .flat_map(|a| a.ar.iter().chain(&a.capital).chain(&a.surname))
            .cloned()
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

impl ActorEntry {
    /// Our stable node id: `wd:Q..` when the Wikidata id is known, else `ng:KEY`.
    pub fn node_id(&self) -> String {
        match &self.wikidata {
            Some(q) => format!("wd:{q}"),
            None => format!("ng:{}", slug(&self.key)),
        }
    }

    /// A node for this actor, without documents or mentions.
    pub fn node(&self) -> Node {
        let mut n = Node::new(self.node_id(), self.actor_type);
        if let Some(ar) = self.ar.first() {
            n.labels.insert("ar".into(), ar.clone());
        }
        if let Some(en) = &self.en {
            n.labels.insert("en".into(), en.clone());
        }
        for a in self.ar.iter().skip(1).chain(&self.aliases_en) {
            n.aliases.insert(a.clone());
        }
        n.wikidata = self.wikidata.clone();
        n.iso3 = self.iso3.clone();
        n.cameo = self.cameo.clone();
        n
    }
}

/// A string made safe for ids (an XML NMTOKEN): letters, digits, `_ - . :` kept,
/// spaces become `_`, anything else is dropped.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        if c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':') {
            out.push(c);
        } else if c.is_whitespace() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.contains("--") {
        out = out.replace("--", "-");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_loads() {
        let lex = Lexicon::builtin().unwrap();
        assert!(lex.actor("EGY").is_some());
        assert!(!lex.titles.is_empty());
        assert!(!lex.triggers.is_empty());
    }

    #[test]
    fn bad_entry_is_reported_with_file_and_line() {
        let mut lex = Lexicon::default();
        let err = lex
            .add_str(
                "[[actor]]\nkey = \"X\"\ntype = \"planet\"\nar = [\"س\"]\n",
                "user.toml",
            )
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("user.toml:3:"), "{err}");
        assert!(err.contains("planet"), "{err}");
    }

    #[test]
    fn bad_wikidata_id_is_refused() {
        let mut lex = Lexicon::default();
        let err = lex
            .add_str(
                "[[actor]]\nkey = \"X\"\ntype = \"country\"\nar = [\"س\"]\nwikidata = \"79\"\n",
                "u.toml",
            )
            .unwrap_err()
            .to_string();
        assert!(err.contains("u.toml:2") && err.contains("Q123"), "{err}");
    }

    #[test]
    fn user_entry_overrides_builtin_by_key() {
        let mut lex = Lexicon::builtin().unwrap();
        lex.add_str(
            "[[actor]]\nkey = \"EGY\"\ntype = \"country\"\nar = [\"مصر المحروسة\"]\n",
            "u.toml",
        )
        .unwrap();
        assert_eq!(lex.actor("EGY").unwrap().ar, ["مصر المحروسة"]);
    }

    #[test]
    fn unknown_role_target_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.toml");
        std::fs::write(
            &p,
            "[[actor]]\nkey = \"P\"\ntype = \"person\"\nar = [\"س ص\"]\nroles = [{ title = \"الرئيس\", of = \"NOPE\" }]\n",
        )
        .unwrap();
        let err = Lexicon::load(&[p], true).unwrap_err().to_string();
        assert!(err.contains("NOPE"), "{err}");
    }

    #[test]
    fn builtin_files_repeat_no_key_and_no_wikidata_id() {
        // a key repeated across the built-in files would silently replace the
        // earlier entry; one Wikidata id on two actors would merge their nodes
        let mut keys: HashMap<String, &str> = HashMap::new();
        let mut qids: HashMap<String, String> = HashMap::new();
        for (name, text) in BUILTIN {
            let file: LexiconFile = toml::from_str(text).unwrap();
            for a in file.actor {
                if let Some(first) = keys.insert(a.key.clone(), name) {
                    panic!("key {:?} is in {first} and {name}", a.key);
                }
                if let Some(q) = &a.wikidata
                    && let Some(other) = qids.insert(q.clone(), a.key.clone())
                {
                    panic!("wikidata {q} is on {other} and {}", a.key);
                }
            }
        }
    }

    #[test]
    fn slugs_are_nmtokens() {
        assert_eq!(slug("جون كاسن"), "جون_كاسن");
        assert_eq!(slug("a/b c--d"), "ab_c-d");
    }
}
