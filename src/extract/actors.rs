//! Actors: turn a sentence's matches and tokens into a sequence of elements for
//! the relation frames. Resolves lexicon names (ambiguous ones only inside a list
//! of actors), people found by their titles ("وزير الدفاع العراقي خالد العبيدي"),
//! counterparts ("نظيره المصري سامح شكري"), states behind their bodies and
//! unnamed officials ("السلطات المصرية", "مسؤولون أمريكيون"), nationals as
//! victims ("21 مصريا"), and light coreference (a surname after the full name,
//! "التنظيم" for the armed group named last, "الوزير" for the last minister).

use super::Collector;
use super::matcher::{Hit, Sense};
use super::names;
use crate::graph::{ActorType, Mention, Node, Relation, Resolution};
use crate::lexicon::{ActorEntry, Frame, LED_BY, Lexicon, WordList, slug};
use crate::text::{Token, normalize_str};
use std::collections::{HashMap, HashSet};

/// Word sets the grammar needs, normalised once.
pub struct Grammar {
    pub(super) function: HashSet<String>,
    pub(super) given: HashSet<String>,
    /// Name particles (بن, أبو), tense words (السابق), time words (أمس).
    pub(super) particles: HashSet<String>,
    /// The particles of a nasab (بن, بنت): never the first word of a name.
    pub(super) nasab: HashSet<String>,
    pub(super) tense: HashSet<String>,
    pub(super) time: HashSet<String>,
    pub(super) clause_break: HashSet<String>,
    pub(super) body_words: HashSet<String>,
    pub(super) dropped_subject: HashSet<String>,
    /// The head nouns written with the article (المؤسسة), normalised.
    pub(super) definite_heads: HashSet<String>,
    /// Sector nouns (normalised) to their index in the lexicon's sectors.
    pub(super) sectors: HashMap<String, usize>,
    /// Coalitions (lexicon index) with the actors they were formed against, in
    /// lexicon order, for what a bare "التحالف" means.
    coalition_enemies: Vec<(usize, Vec<usize>)>,
    /// Coalitions (lexicon index) with the states that lead them.
    coalition_leaders: Vec<(usize, Vec<usize>)>,
    /// Normalised title strings per title index (to match a person's roles).
    role_titles: Vec<Vec<String>>,
    /// States (lexicon index) that a bare "المملكة" may mean: those with a
    /// name that starts with المملكة or مملكة.
    kingdoms: HashSet<usize>,
    /// The kingdom a bare "المملكة" means when the document names none.
    home_kingdom: Option<usize>,
    /// Nouns of places (مناطق, أنحاء): a state in their genitive is a place.
    place_nouns: HashSet<String>,
    /// Single words the grammar reads in fixed places, from the rules' word
    /// lists: `locative` (في), `to` (إلى), `accredited_to` (لدى),
    /// `for_affairs` (لشؤون), `ministry` (وزارة), `minister` (وزير),
    /// `kingdom` (المملكة), `with` (مع), normalised.
    /// (Each a word or two: looked up by comparing, not hashing.)
    pub(super) locative: Vec<String>,
    to: Vec<String>,
    accredited_to: Vec<String>,
    for_affairs: Vec<String>,
    ministries: Vec<String>,
    ministers: Vec<String>,
    with: Vec<String>,
    /// The ministry noun as the lexicon writes it (وزارة), for the names of
    /// ministries made from a minister's portfolio, and normalised, for their
    /// ids.
    ministry_written: String,
    ministry_key: String,
    /// The word of no width that says "with" after a meeting noun with a
    /// pronoun (لقائه X: his meeting with X): the list `with`'s first word.
    with_marker: &'static str,
    /// The counterpart words (نظيره), shortest first.
    counterparts: Vec<String>,
}

/// `s` as a string that lives as long as the program: the few words of the
/// lexicon's lists the grammar writes into a sentence's elements (interned,
/// so each distinct word is kept once).
fn interned(s: &str) -> &'static str {
    static WORDS: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let mut words = WORDS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(w) = words.iter().find(|w| **w == s) {
        return w;
    }
    let w: &'static str = Box::leak(s.to_string().into_boxed_str());
    words.push(w);
    w
}

impl Grammar {
    pub fn new(lex: &Lexicon) -> Grammar {
        let function = lex
            .words
            .iter()
            .filter(|w| matches!(w.list, WordList::Function | WordList::ClauseBreak))
            .flat_map(|w| w.ar.iter().map(|a| normalize_str(a)))
            .collect();
        let role_titles = lex
            .titles
            .iter()
            .map(|t| t.ar.iter().map(|a| normalize_str(a)).collect())
            .collect();
        let list = |list: WordList| -> HashSet<String> {
            lex.words
                .iter()
                .filter(|w| w.list == list)
                .flat_map(|w| w.ar.iter().map(|a| normalize_str(a)))
                .collect()
        };
        let given = list(WordList::GivenName);
        let coalitions = |keys: fn(&ActorEntry) -> &Vec<String>| -> Vec<(usize, Vec<usize>)> {
            lex.actors
                .iter()
                .enumerate()
                .filter(|(_, a)| a.actor_type == ActorType::Coalition)
                .map(|(i, a)| {
                    (
                        i,
                        keys(a).iter().filter_map(|k| lex.actor_index(k)).collect(),
                    )
                })
                .collect()
        };
        let set = |name: &str| -> HashSet<String> {
            lex.vocabulary
                .list(name)
                .map(|l| l.iter().cloned().collect())
                .unwrap_or_default()
        };
        let sorted = |name: &str| -> Vec<String> {
            let mut v: Vec<String> = set(name).into_iter().collect();
            v.sort();
            v
        };
        let kingdom_words = sorted("kingdom");
        let kingdoms = lex
            .actors
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                a.actor_type == ActorType::Country
                    && a.ar.iter().any(|n| {
                        let n = normalize_str(n);
                        kingdom_words.iter().any(|k| {
                            n.strip_prefix(k.as_str())
                                .is_some_and(|rest| rest.starts_with(' '))
                        })
                    })
            })
            .map(|(i, _)| i)
            .collect();
        // the last file's list wins: a user's lexicon names its own kingdom
        let home: HashSet<String> = lex
            .words
            .iter()
            .rfind(|w| w.list == WordList::HomeKingdom)
            .map(|w| w.ar.iter().map(|a| normalize_str(a)).collect())
            .unwrap_or_default();
        let home_kingdom = lex.actors.iter().position(|a| {
            a.actor_type == ActorType::Country
                && a.ar.iter().any(|n| home.contains(&normalize_str(n)))
        });
        let coalition_enemies = coalitions(|a| &a.against);
        let coalition_leaders = coalitions(|a| &a.led_by);
        Grammar {
            function,
            given,
            particles: list(WordList::NameParticle),
            nasab: list(WordList::Nasab),
            tense: list(WordList::Tense),
            time: list(WordList::Time),
            clause_break: list(WordList::ClauseBreak),
            body_words: list(WordList::BodyWord),
            dropped_subject: list(WordList::DroppedSubject),
            definite_heads: lex
                .heads
                .iter()
                .flat_map(|h| h.ar.iter())
                .map(|w| normalize_str(w))
                .filter(|w| w.starts_with("ال"))
                .collect(),
            sectors: lex
                .sectors
                .iter()
                .enumerate()
                .flat_map(|(i, c)| c.ar.iter().map(move |a| (normalize_str(a), i)))
                .collect(),
            coalition_enemies,
            coalition_leaders,
            role_titles,
            kingdoms,
            home_kingdom,
            place_nouns: list(WordList::PlaceNoun),
            locative: sorted("locative"),
            to: sorted("to"),
            accredited_to: sorted("accredited_to"),
            for_affairs: sorted("for_affairs"),
            ministries: sorted("ministry"),
            ministers: sorted("minister"),
            with_marker: interned(sorted("with").first().map_or("", String::as_str)),
            with: sorted("with"),
            ministry_written: lex
                .vocabulary
                .written("ministry")
                .unwrap_or_default()
                .to_string(),
            ministry_key: normalize_str(lex.vocabulary.written("ministry").unwrap_or_default()),
            counterparts: {
                let mut v: Vec<String> = list(WordList::Counterpart).into_iter().collect();
                v.sort_by_key(|w| (w.len(), w.clone()));
                v
            },
        }
    }

    /// Is `w` a word of one of the short lists above?
    #[inline]
    fn is(list: &[String], w: &str) -> bool {
        list.iter().any(|x| x == w)
    }

    /// Is `s` (normalised) a minister's title: a word of `minister`, with or
    /// without the article (وزير, الوزيرة)?
    fn is_minister_title(&self, s: &str) -> bool {
        self.ministers.iter().any(|m| {
            s.starts_with(m.as_str())
                || s.strip_prefix("ال")
                    .is_some_and(|r| r.starts_with(m.as_str()))
        })
    }
}

/// What the document has named so far, for coreference.
#[derive(Default)]
pub struct DocState {
    last_group: Option<Actor>,
    last_coalition: Option<Actor>,
    /// The body last named with each head noun ("الائتلاف الوطني السوري"
    /// under الائتلاف), for a bare head noun that refers back to it.
    heads: HashMap<String, Actor>,
    /// Bodies found by their head nouns, by their normalised names and short
    /// forms: a later "الاتحاد السعودي" is the "الاتحاد السعودي لكرة القدم"
    /// named before.
    bodies: HashMap<String, Actor>,
    /// The coalition a bare "التحالف" means when none was named before it: the
    /// first coalition the document names, else one formed against an actor the
    /// document names.
    coalition_default: Option<Actor>,
    last_minister: Option<Actor>,
    /// How the title of the person named last with one links them to their
    /// state (for counterparts).
    last_title: Option<Relation>,
    /// Surnames of people found by their titles.
    surnames: HashMap<String, Actor>,
    /// The two actors that last met, spoke or cooperated, for "الجانبان".
    last_pair: Option<(Actor, Actor)>,
    /// The state named last, directly or as an official's, for "بلاده".
    last_state: Option<Actor>,
    /// The state named with "النظام" and its adjective (النظام السوري).
    regime: Option<Actor>,
    /// The kingdom named last (for a bare "المملكة").
    last_kingdom: Option<Actor>,
    /// Where the document writes "وزارة " (the normalised offsets after it, at
    /// most `MAX_MINISTRY_SITES`), found once when a minister's portfolio is
    /// first looked up: "وزير الشؤون الاجتماعية" heads "وزارة الشؤون
    /// الاجتماعية" when the document names it, before or after the title.
    ministry_sites: Option<Vec<usize>>,
}

/// The most places of "وزارة" a document's minister titles are checked against.
const MAX_MINISTRY_SITES: usize = 256;

impl DocState {
    /// The ministry of a portfolio (`field`, normalised) when the document
    /// names it anywhere, as the body a head noun would make of it.
    fn ministry_of(&mut self, grammar: &Grammar, norm: &str, field: &str) -> Option<Actor> {
        for m in &grammar.ministries {
            if let Some(a) = self.bodies.get(&format!("{m} {field}")) {
                return Some(a.clone());
            }
        }
        let sites = self.ministry_sites.get_or_insert_with(|| {
            let mut at = Vec::new();
            for m in &grammar.ministries {
                let word = format!("{m} ");
                at.extend(norm.match_indices(&word).map(|(i, w)| i + w.len()));
            }
            at.sort_unstable();
            at.truncate(MAX_MINISTRY_SITES);
            at
        });
        let named = sites.iter().any(|&at| {
            norm[at..].starts_with(field)
                && norm[at + field.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphabetic())
        });
        let key = format!("{} {field}", grammar.ministry_key);
        named.then(|| Actor {
            id: format!("ng:org:{}", slug(&key)),
            kind: ActorType::Organization,
            entry: None,
            sector: None,
        })
    }

    /// What a bare "التحالف" / "الائتلاف" refers to: the body last named
    /// with that head noun, else the coalition named last, else the
    /// article's default coalition.
    fn coalition_antecedent(&self, word: &str) -> Option<Actor> {
        self.heads
            .get(word)
            .or(self.last_coalition.as_ref())
            .or(self.coalition_default.as_ref())
            .cloned()
    }

    /// What a bare "التنظيم" / "الجماعة" refers to: the group last named with
    /// that head noun ("جماعة الإخوان المسلمين" ... "الجماعة"), else the armed
    /// group named last.
    fn group_antecedent(&self, word: &str) -> Option<Actor> {
        self.heads.get(word).or(self.last_group.as_ref()).cloned()
    }

    /// Remember a group named by a name of several words under its head noun.
    fn learn_head(&mut self, name: &str, a: &Actor) {
        if matches!(
            a.kind,
            ActorType::Coalition | ActorType::Organization | ActorType::ArmedGroup
        ) && let Some((head, _)) = name.split_once(' ')
        {
            self.heads.insert(head.to_string(), a.clone());
            // "منظمة الصحة العالمية" ... "المنظمة"
            self.heads.insert(names::head_key(head), a.clone());
        }
    }

    /// Remember the family name (the last word, of 3 letters or more) of a
    /// person found with a full name, for a later mention by it alone.
    fn learn_surname(&mut self, name: &str, person: &Actor) {
        if let Some(last) = name.split(' ').next_back()
            && last.chars().count() >= 3
        {
            self.surnames.insert(last.to_string(), person.clone());
        }
    }

    /// Whether people found by their titles left surnames to look for.
    pub fn knows_surnames(&self) -> bool {
        !self.surnames.is_empty()
    }

    /// Remember the pair of the first symmetric relation stated in sentence `si`.
    pub fn learn_pair(&mut self, out: &Collector<'_>, si: usize) {
        let actor = |id: &str| {
            out.nodes.get(id).map(|n| Actor {
                id: n.id.clone(),
                kind: n.actor_type,
                entry: None,
                sector: None,
            })
        };
        if let Some(r) = out
            .first_symmetric
            .as_ref()
            .filter(|r| r.evidence.sentence == si)
            && let (Some(a), Some(b)) = (actor(&r.source), actor(&r.target))
        {
            self.last_pair = Some((a, b));
        }
    }

    /// The state at the start of a document whose matches are summed up in
    /// `opening`.
    pub fn new(lex: &Lexicon, grammar: &Grammar, opening: &Opening) -> DocState {
        let by_enemy = || {
            grammar
                .coalition_enemies
                .iter()
                .find(|(_, enemies)| enemies.iter().any(|e| opening.present.contains(e)))
                .map(|&(i, _)| i)
        };
        DocState {
            coalition_default: opening
                .coalition
                .or_else(by_enemy)
                .map(|i| lexicon_actor(lex, i)),
            ..DocState::default()
        }
    }
}

/// What the state at the start of a document needs to know of all its
/// matches, gathered sentence by sentence (a long document's matches are not
/// all kept): the first coalition it names and the actors it names.
#[derive(Default)]
pub struct Opening {
    coalition: Option<usize>,
    present: HashSet<usize>,
}

impl Opening {
    /// Take in the matches of the next sentence.
    pub fn add(&mut self, lex: &Lexicon, hits: &[Hit]) {
        for (idx, _, amb, _) in hits.iter().filter_map(actor_sense) {
            if amb {
                continue;
            }
            if self.coalition.is_none() && lex.actors[idx].actor_type == ActorType::Coalition {
                self.coalition = Some(idx);
            }
            self.present.insert(idx);
        }
    }
}

/// A resolved actor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub id: String,
    pub kind: ActorType,
    /// A lexicon entry, when known.
    pub entry: Option<usize>,
    /// The sector (an index into the lexicon's sectors) through which a state
    /// is named here: "القوات الأمريكية" is the United States, military.
    pub sector: Option<usize>,
}

/// One element of a sentence, in text order.
#[derive(Clone, Debug)]
pub struct El<'n> {
    pub start: usize,
    pub end: usize,
    /// The proclitics written before it (و, ب, لل, ...).
    pub prefix: &'n str,
    pub kind: Kind<'n>,
}

#[derive(Clone, Debug)]
pub enum Kind<'n> {
    Actor {
        actor: Actor,
        /// A capital or seat of government standing for the state.
        capital: bool,
        /// Nationals (victims) rather than the state acting.
        nationals: bool,
    },
    Trigger(Vec<usize>),
    /// A word after which a new clause starts.
    Break,
    Comma,
    /// Any other word (normalised).
    Word(&'n str),
    /// Other punctuation (quotes, brackets, dashes): transparent for lists.
    Punct,
    /// A word of sport or entertainment: the sentence states no relation.
    NonPolitical,
}

/// An item before resolution: a lexicon hit or a bare token.
pub(super) enum Item<'h> {
    Hit(&'h Hit),
    Tok(Token),
}

impl Item<'_> {
    /// The written word, without proclitics.
    pub(super) fn text<'n>(&self, norm: &'n str) -> &'n str {
        match self {
            Item::Hit(h) => &norm[h.core..h.end],
            Item::Tok(t) => t.text(norm),
        }
    }

    pub(super) fn span(&self) -> (usize, usize) {
        match self {
            Item::Hit(h) => (h.start, h.end),
            Item::Tok(t) => (t.start, t.end),
        }
    }
}

/// The hits and the tokens they do not cover, in text order.
pub(super) fn items<'h>(hits: &'h [Hit], toks: &[Token]) -> Vec<Item<'h>> {
    let mut items: Vec<Item> = Vec::with_capacity(toks.len());
    let mut h = 0;
    for t in toks {
        while h < hits.len() && hits[h].end <= t.start {
            items.push(Item::Hit(&hits[h]));
            h += 1;
        }
        if h < hits.len() && hits[h].start <= t.start && t.start < hits[h].end {
            continue;
        }
        if h < hits.len() && t.start < hits[h].start && hits[h].start < t.end {
            // a hit inside a token (cannot happen with word boundaries)
            continue;
        }
        items.push(Item::Tok(*t));
    }
    while h < hits.len() {
        items.push(Item::Hit(&hits[h]));
        h += 1;
    }
    items
}

fn lexicon_actor(lex: &Lexicon, idx: usize) -> Actor {
    let a = &lex.actors[idx];
    Actor {
        id: a.node_id(),
        kind: a.actor_type,
        entry: Some(idx),
        sector: None,
    }
}

/// The state named last among the sentence's elements so far (not a state's
/// nationals) that `keep` accepts.
fn last_state_in(els: &[El<'_>], keep: impl Fn(&Actor) -> bool) -> Option<Actor> {
    els.iter().rev().find_map(|e| match &e.kind {
        Kind::Actor {
            actor,
            nationals: false,
            ..
        } if actor.kind == ActorType::Country && keep(actor) => Some(actor.clone()),
        _ => None,
    })
}

/// Whether the element before is a noun of places (مناطق, مقر): what follows
/// in its genitive is named as a place.
fn after_place_noun(grammar: &Grammar, els: &[El<'_>]) -> bool {
    matches!(els.last(), Some(El { kind: Kind::Word(w), .. })
        if grammar.place_nouns.contains(w.trim_start_matches(['و', 'ف', 'ب', 'ل'])))
}

/// An actor named as a place: mentioned (a node and a mention), but a plain
/// word among the elements, so it stands in no relation.
#[allow(clippy::too_many_arguments)]
fn mention_as_place<'n>(
    lex: &Lexicon,
    out: &mut Collector<'_>,
    els: &mut Vec<El<'n>>,
    norm: &'n str,
    a: &Actor,
    hit: &Hit,
    (start, prefix): (usize, &'n str),
    how: Resolution,
) {
    ensure_node(lex, out, a, None);
    record_mention(out, a, hit.core, hit.end, how);
    els.push(El {
        start,
        end: hit.end,
        prefix,
        kind: Kind::Word(&norm[hit.core..hit.end]),
    });
}

/// A person the grammar found at `ns..ne`: its node, its mention (a lexicon
/// person's, else found by `how`) and, for one no lexicon lists, its family
/// name for later mentions.
#[allow(clippy::too_many_arguments)]
fn found_person(
    lex: &Lexicon,
    out: &mut Collector<'_>,
    state: &mut DocState,
    norm: &str,
    person: &Actor,
    ns: usize,
    ne: usize,
    how: Resolution,
) {
    ensure_node(lex, out, person, Some(out.span(ns, ne).2));
    let how = if person.entry.is_some() {
        Resolution::Lexicon
    } else {
        how
    };
    record_mention(out, person, ns, ne, how);
    if person.entry.is_none() {
        state.learn_surname(&norm[ns..ne], person);
    }
}

/// Which actor a name hit stands for, if any. Unambiguous names stand for their
/// actor. An ambiguous name (عمان: Oman and Amman; الرياض: the capital and a
/// newspaper) is taken inside a list of countries, as a capital after a
/// preposition of place, or as an outlet after a word like صحيفة.
fn resolve_name(
    lex: &Lexicon,
    norm: &str,
    items: &[Item],
    i: usize,
    els: &[El<'_>],
) -> Option<(usize, bool)> {
    let Item::Hit(hit) = &items[i] else {
        return None;
    };
    let senses: Vec<(usize, bool, bool, bool)> = hit
        .senses
        .iter()
        .filter_map(|s| match *s {
            Sense::Actor {
                idx,
                capital,
                ambiguous,
                surname,
            } => Some((idx, capital, ambiguous, surname)),
            _ => None,
        })
        .collect();
    if let Some(&(idx, capital, _, _)) = senses.iter().find(|s| !s.2) {
        return Some((idx, capital));
    }
    if senses.is_empty() {
        return None;
    }
    let prefix = hit.prefix(norm);
    let prev_el = els
        .iter()
        .rev()
        .find(|e| !matches!(e.kind, Kind::Comma | Kind::Punct));
    let prev_country = prev_el.is_some_and(
        |e| matches!(&e.kind, Kind::Actor { actor, .. } if actor.kind == ActorType::Country),
    );
    let next_country = matches!(items.get(i + 1), Some(Item::Hit(n))
        if n.prefix(norm).starts_with('و')
            && actor_sense(n).is_some_and(|(x, _, amb, _)| !amb && lex.actors[x].actor_type == ActorType::Country));
    let country = senses
        .iter()
        .find(|s| lex.actors[s.0].actor_type == ActorType::Country);
    // "التحالف بقيادة السعودية": what follows "led by" is the state
    let after_led_by = prev_el.is_some_and(|e| {
        matches!(&e.kind, Kind::Trigger(ts)
            if lex.any_id(ts, LED_BY))
    });
    if let Some(&(idx, capital, _, _)) = country
        && ((prev_country && prefix.starts_with('و')) || next_country || after_led_by)
    {
        return Some((idx, capital));
    }
    // "داعش والنصرة": in a list of actors of its own type (armed groups,
    // organisations), a name is that actor too
    if prefix.starts_with('و')
        && let Some(Kind::Actor { actor, .. }) = prev_el.map(|e| &e.kind)
        && matches!(
            actor.kind,
            ActorType::ArmedGroup | ActorType::Organization | ActorType::Coalition
        )
        && let Some(&(idx, _, _, _)) = senses
            .iter()
            .find(|s| !s.1 && !s.3 && lex.actors[s.0].actor_type == actor.kind)
    {
        return Some((idx, false));
    }
    let prev_word = prev_el.and_then(|e| match &e.kind {
        Kind::Word(w) => Some(*w),
        _ => None,
    });
    let locative = prev_word.is_some_and(|w| lex.words_of.place_preposition.contains(w))
        || prefix.trim_start_matches('و').starts_with('ب');
    if locative && let Some(&(idx, _, _, _)) = senses.iter().find(|s| s.1) {
        return Some((idx, true));
    }
    let cue = i > 0 && matches!(&items[i - 1], Item::Hit(h) if word(h, WordList::MediaCue));
    if cue
        && let Some(&(idx, _, _, _)) = senses
            .iter()
            .find(|s| lex.actors[s.0].actor_type == ActorType::Media)
    {
        return Some((idx, false));
    }
    None
}

pub(super) fn actor_sense(h: &Hit) -> Option<(usize, bool, bool, bool)> {
    h.senses.iter().find_map(|s| match *s {
        Sense::Actor {
            idx,
            capital,
            ambiguous,
            surname,
        } => Some((idx, capital, ambiguous, surname)),
        _ => None,
    })
}

pub(super) fn adjective(h: &Hit) -> Option<(usize, bool)> {
    h.senses.iter().find_map(|s| match *s {
        Sense::Adjective { idx, plural } => Some((idx, plural)),
        _ => None,
    })
}

pub(super) fn title(h: &Hit) -> Option<usize> {
    h.senses.iter().find_map(|s| match *s {
        Sense::Title(i) => Some(i),
        _ => None,
    })
}

fn word(h: &Hit, list: WordList) -> bool {
    h.is_word(list)
}

/// "التحالف بقيادة الولايات المتحدة", "التحالف الذي تقوده واشنطن": a bare
/// coalition that no earlier name resolves is the one its leader leads.
fn coalition_by_leader(
    lex: &Lexicon,
    grammar: &Grammar,
    items: &[Item],
    i: usize,
) -> Option<Actor> {
    let mut led = false;
    for it in items.iter().skip(i + 1).take(4) {
        let Item::Hit(h) = it else { continue };
        if lex.any_id(&triggers(h), LED_BY) {
            led = true;
        } else if led && let Some((idx, ..)) = actor_sense(h) {
            return grammar
                .coalition_leaders
                .iter()
                .find(|(_, leaders)| leaders.contains(&idx))
                .map(|&(c, _)| lexicon_actor(lex, c));
        } else {
            return None;
        }
    }
    None
}

fn triggers(h: &Hit) -> Vec<usize> {
    h.senses
        .iter()
        .filter_map(|s| match *s {
            Sense::Trigger(i) => Some(i),
            _ => None,
        })
        .collect()
}

fn is_number(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_digit())
}

/// Build the elements of one sentence, recording mentions, nodes and the
/// relations that titles state.
#[allow(clippy::too_many_arguments)]
pub fn elements<'n>(
    lex: &Lexicon,
    grammar: &Grammar,
    norm: &'n str,
    hits: &[Hit],
    toks: &[Token],
    state: &mut DocState,
    out: &mut Collector<'_>,
    sentence: (usize, usize, usize),
) -> Vec<El<'n>> {
    let items = items(hits, toks);

    let mut els: Vec<El<'n>> = Vec::with_capacity(items.len());
    let mut i = 0;
    while i < items.len() {
        let (start, end) = items[i].span();
        match &items[i] {
            Item::Tok(t) => {
                let text = t.text(norm);
                if !t.word {
                    let kind = match text {
                        "،" | "," => Kind::Comma,
                        ":" | "؛" | ";" => Kind::Break,
                        _ => Kind::Punct,
                    };
                    els.push(El {
                        start,
                        end,
                        prefix: "",
                        kind,
                    });
                    i += 1;
                    continue;
                }
                // number + nationality adjective: nationals ("21 مصريا")
                if is_number(text)
                    && let Some(Item::Hit(nh)) = items.get(i + 1)
                    && let Some((idx, _)) = adjective(nh)
                {
                    let a = lexicon_actor(lex, idx);
                    push_actor(
                        lex,
                        &mut els,
                        norm,
                        out,
                        a,
                        nh,
                        Resolution::Nationality,
                        false,
                        true,
                    );
                    i += 2;
                    continue;
                }
                // "محمد العايش", "وعبدالله البرقاوي": a given name and a family
                // name with the article make a person's name anywhere
                let bare = text
                    .strip_prefix('و')
                    .filter(|r| r.chars().count() >= 4 && grammar.given.contains(*r));
                // after a clause boundary, a function word or a list; not
                // inside a noun phrase (مبدأ حسن الجوار) or after في (في تمام الساعة)
                let opens = match els.last() {
                    None => true,
                    Some(El {
                        kind: Kind::Word(w),
                        ..
                    }) => {
                        !Grammar::is(&grammar.locative, w)
                            && (grammar.function.contains(*w) || grammar.clause_break.contains(*w))
                            && !grammar.particles.contains(*w)
                    }
                    // "... خالد العبيدي وسليم الجبوري", "مفتي الإخوان عبدالرحمن البر"
                    Some(El {
                        kind: Kind::Actor { actor, .. },
                        ..
                    }) => bare.is_some() || actor.kind != ActorType::Person,
                    Some(_) => true,
                };
                // "محمود غزلان، ومحمد سعد عليوة، …": a conjunct in a list of
                // people, ending at a comma, needs no family name with the article
                let in_people_list = bare.is_some()
                    && els.len() >= 2
                    && matches!(els[els.len() - 1].kind, Kind::Comma)
                    && matches!(&els[els.len() - 2].kind,
                        Kind::Actor { actor, .. } if actor.kind == ActorType::Person);
                let ends_list = |next: usize| matches!(items.get(next), Some(Item::Tok(t)) if matches!(t.text(norm), "،" | ","));
                if opens
                    && (grammar.given.contains(text) || bare.is_some())
                    && let Some((person, ns, ne, next)) =
                        name_after(lex, grammar, norm, &items, i, false)
                    && person.entry.is_none()
                    && (norm[ns..ne]
                        .split(' ')
                        .skip(1)
                        .any(|w| w.starts_with("ال") || grammar.particles.contains(w))
                        || (in_people_list && ends_list(next)))
                {
                    let skip = bare.map_or(0, |_| 'و'.len_utf8());
                    let ns = ns + skip;
                    // "وبرونو رودريغيز الفرصة": a person the document named
                    // before ends the name at their surname
                    let ws: Vec<&str> = norm[ns..ne].split(' ').collect();
                    let known = (ws.len() >= 3)
                        .then(|| state.surnames.get(ws[1]).cloned())
                        .flatten();
                    let (person, ne, next) = match known {
                        Some(a) => {
                            let e = ns + ws[0].len() + 1 + ws[1].len();
                            let back = ws.len() - 2;
                            (a, e, next - back)
                        }
                        None => (
                            Actor {
                                id: format!("ng:person:{}", slug(&norm[ns..ne])),
                                ..person
                            },
                            ne,
                            next,
                        ),
                    };
                    ensure_node(lex, out, &person, Some(out.span(ns, ne).2));
                    record_mention(out, &person, ns, ne, Resolution::GivenName);
                    state.learn_surname(&norm[ns..ne], &person);
                    els.push(El {
                        start: ns,
                        end: ne,
                        prefix: &norm[start..ns],
                        kind: Kind::Actor {
                            actor: person.clone(),
                            capital: false,
                            nationals: false,
                        },
                    });
                    i = appositive(
                        lex, grammar, norm, &items, next, &person, out, state, sentence,
                    );
                    continue;
                }
                // a surname of a person found earlier by title
                if state.knows_surnames()
                    && let Some((prefix, a)) = crate::text::strip_proclitics(text)
                        .find_map(|(p, stem)| state.surnames.get(stem).map(|a| (p, a.clone())))
                {
                    record_mention(out, &a, start + prefix.len(), end, Resolution::Coreference);
                    els.push(El {
                        start,
                        end,
                        prefix,
                        kind: Kind::Actor {
                            actor: a,
                            capital: false,
                            nationals: false,
                        },
                    });
                    i += 1;
                    continue;
                }
                els.push(El {
                    start,
                    end,
                    prefix: "",
                    kind: Kind::Word(text),
                });
                i += 1;
            }
            Item::Hit(hit) => {
                let hit = *hit;
                let prefix = hit.prefix(norm);
                // a body named by its head noun: "وزارة الزراعة", "المرصد السوري
                // لحقوق الإنسان"; a state's body with its adjective
                // ("الحكومة المصرية") is the state, below
                let state_body = (word(hit, WordList::Body) || word(hit, WordList::People))
                    && matches!(items.get(i + 1), Some(Item::Hit(n)) if adjective(n).is_some());
                if !state_body && let Some(body) = names::body_at(lex, grammar, norm, &items, i) {
                    let actor = register_body(lex, out, state, norm, &body);
                    els.push(El {
                        start,
                        end: body.span().1,
                        prefix,
                        kind: Kind::Actor {
                            actor,
                            capital: false,
                            nationals: false,
                        },
                    });
                    i = body.next;
                    continue;
                }
                // "اللواء مطلق الأزيمع", "الدكتور عبدالله الربيعة": a rank or an
                // honorific before a name makes it a person's
                if word(hit, WordList::Honorific) && title(hit).is_none() {
                    let mut k = i + 1;
                    while matches!(items.get(k), Some(Item::Hit(h)) if word(h, WordList::Honorific))
                    {
                        k += 1;
                    }
                    if let Some((person, ns, ne, next)) =
                        name_after(lex, grammar, norm, &items, k, true)
                    {
                        found_person(lex, out, state, norm, &person, ns, ne, Resolution::Rank);
                        els.push(El {
                            start,
                            end: ne,
                            prefix,
                            kind: Kind::Actor {
                                actor: person.clone(),
                                capital: false,
                                nationals: false,
                            },
                        });
                        i = appositive(
                            lex, grammar, norm, &items, next, &person, out, state, sentence,
                        );
                        continue;
                    }
                }
                // a bare head noun: the body last named with that head
                if names::head(hit).is_some()
                    && let Some(a) = state.heads.get(&norm[hit.core..hit.end]).cloned()
                {
                    record_mention(out, &a, hit.core, hit.end, Resolution::Coreference);
                    els.push(El {
                        start,
                        end,
                        prefix,
                        kind: Kind::Actor {
                            actor: a,
                            capital: false,
                            nationals: false,
                        },
                    });
                    i += 1;
                    continue;
                }
                // an institution named after a person: the name is not an actor
                if word(hit, WordList::NamedAfter) {
                    let mut j = i + 1;
                    if matches!(items.get(j), Some(Item::Hit(h))
                        if title(h).is_some() || word(h, WordList::Honorific))
                    {
                        j += 1;
                    }
                    if matches!(items.get(j), Some(Item::Hit(h)) if actor_sense(h).is_some_and(|(x, ..)| lex.actors[x].actor_type == ActorType::Person))
                    {
                        let (_, e) = items[j].span();
                        els.push(El {
                            start,
                            end: e,
                            prefix,
                            kind: Kind::Word(&norm[hit.core..e]),
                        });
                        i = j + 1;
                        continue;
                    }
                    // "مركز الملك فهد الثقافي", "مستشفى الأمير سلطان العسكري":
                    // a title and an unknown name, then the institution's own
                    // adjectives, are all the institution's name
                    if j > i + 1
                        && let Some((_, _, _, next)) =
                            name_after(lex, grammar, norm, &items, j, true)
                    {
                        let mut k = next;
                        while k < next + 2
                            && matches!(items.get(k), Some(Item::Tok(t))
                                if t.word && t.text(norm).starts_with("ال"))
                        {
                            k += 1;
                        }
                        let (_, e) = items[k - 1].span();
                        els.push(El {
                            start,
                            end: e,
                            prefix,
                            kind: Kind::Word(&norm[hit.core..e]),
                        });
                        i = k;
                        continue;
                    }
                }
                // "أعلن الفرنسي ميشيل بلاتيني", "للسويسري سيب بلاتر": a
                // nationality adjective standing as a noun, a name after it
                let standalone = adjective(hit).is_some()
                    && {
                        let w = norm[hit.start..hit.end].trim_start_matches(['و', 'ف', 'ب']);
                        (w.starts_with("ال") || w.starts_with("لل"))
                            && !matches!(els.last(), Some(El { kind: Kind::Word(p), .. }) if p.starts_with("ال"))
                    };
                if standalone
                    && let Some((person, ns, ne, next)) =
                        name_after(lex, grammar, norm, &items, i + 1, true)
                    // a known person, or a known given name first (not
                    // "البوليفية مثل ماركو ...", "التركية وقواعد أخرى")
                    && (person.entry.is_some()
                        || norm[ns..ne]
                            .split(' ')
                            .next()
                            .is_some_and(|w| grammar.given.contains(w)))
                {
                    found_person(
                        lex,
                        out,
                        state,
                        norm,
                        &person,
                        ns,
                        ne,
                        Resolution::Nationality,
                    );
                    els.push(El {
                        start: ns,
                        end: ne,
                        prefix: "",
                        kind: Kind::Actor {
                            actor: person.clone(),
                            capital: false,
                            nationals: false,
                        },
                    });
                    i = appositive(
                        lex, grammar, norm, &items, next, &person, out, state, sentence,
                    );
                    continue;
                }
                // "(مبارك ملفي مواليد 1986)": a name before its birth year
                if word(hit, WordList::Born)
                    && matches!(items.get(i + 1), Some(Item::Tok(t))
                        if t.text(norm).chars().all(|c| c.is_ascii_digit()))
                    && let Some((person, ns, ne, at)) = name_before_cue(grammar, norm, &els, true)
                {
                    els.truncate(at);
                    ensure_node(lex, out, &person, Some(out.span(ns, ne).2));
                    record_mention(out, &person, ns, ne, Resolution::Apposition);
                    let el_prefix = els.get(at).map(|e| e.prefix).unwrap_or("");
                    els.push(El {
                        start: ns,
                        end: ne,
                        prefix: el_prefix,
                        kind: Kind::Actor {
                            actor: person,
                            capital: false,
                            nationals: false,
                        },
                    });
                    i += 2;
                    continue;
                }
                // a title phrase
                if let Some(ti) = title(hit) {
                    i = title_phrase(
                        lex, grammar, norm, &items, i, ti, state, out, &mut els, sentence,
                    );
                    continue;
                }
                // counterpart: نظيره المصري NAME
                if word(hit, WordList::Counterpart) {
                    i = counterpart(
                        lex, grammar, norm, &items, i, state, out, &mut els, sentence,
                    );
                    continue;
                }
                // a body of a state or unnamed officials + adjective
                if word(hit, WordList::Body) || word(hit, WordList::People) {
                    let mut j = i + 1;
                    while j < i + 3
                        && matches!(items.get(j), Some(Item::Hit(b)) if word(b, WordList::Body) || word(b, WordList::People))
                    {
                        j += 1;
                    }
                    // a plain word may sit between (مصدر دبلوماسي مصري; مسيحيا مصريا),
                    // or up to two definite words of the body's own name
                    // (حكومة الوحدة الوطنية الليبية)
                    let mut q = j;
                    while q < j + 2
                        && word(hit, WordList::Body)
                        && matches!(items.get(q), Some(Item::Tok(t))
                            if t.word && t.text(norm).starts_with("ال"))
                    {
                        q += 1;
                    }
                    if q > j
                        && matches!(items.get(q), Some(Item::Hit(ah)) if adjective(ah).is_some())
                    {
                        j = q;
                    }
                    if let Some(Item::Hit(ah)) = items.get(j)
                        && let Some((idx, _)) = adjective(ah)
                    {
                        let sector = grammar.sectors.get(&norm[hit.core..hit.end]).copied();
                        let nationals = match sector {
                            Some(i) => lex.sectors[i].nationals,
                            None => word(hit, WordList::People),
                        };
                        let a = Actor {
                            sector,
                            ..lexicon_actor(lex, idx)
                        };
                        // "النظام السوري": what "قوات النظام" means later on
                        if (i..j).any(|k| matches!(&items[k], Item::Hit(b) if word(b, WordList::AnaphorRegime)))
                        {
                            state.regime = Some(a.clone());
                        }
                        let mut el_hit = (*ah).clone();
                        el_hit.start = hit.start;
                        el_hit.core = hit.core;
                        push_actor(
                            lex,
                            &mut els,
                            norm,
                            out,
                            a,
                            &el_hit,
                            Resolution::Nationality,
                            false,
                            nationals,
                        );
                        // coordinated adjectives: "طائرات أمريكية وفرنسية"
                        let mut k = j + 1;
                        while let Some(Item::Hit(ch)) = items.get(k)
                            && ch.prefix(norm) == "و"
                            && let Some((cidx, _)) = adjective(ch)
                        {
                            push_actor(
                                lex,
                                &mut els,
                                norm,
                                out,
                                Actor {
                                    sector,
                                    ..lexicon_actor(lex, cidx)
                                },
                                ch,
                                Resolution::Nationality,
                                false,
                                nationals,
                            );
                            k += 1;
                        }
                        i = k;
                        continue;
                    }
                }
                // "قوات النظام", "طيران النظام": a force of the regime the
                // document named (النظام السوري), else of the state named
                // earlier in the sentence
                if word(hit, WordList::Body)
                    && let Some(Item::Hit(r)) = items.get(i + 1)
                    && word(r, WordList::AnaphorRegime)
                    && r.prefix(norm).is_empty()
                    && !matches!(items.get(i + 2), Some(Item::Hit(a)) if adjective(a).is_some())
                    && let Some(a) = state
                        .regime
                        .clone()
                        .or_else(|| last_state_in(&els, |_| true))
                {
                    let a = Actor {
                        sector: grammar.sectors.get(&norm[hit.core..hit.end]).copied(),
                        ..a
                    };
                    let mut el_hit = (*r).clone();
                    el_hit.start = hit.start;
                    el_hit.core = hit.core;
                    push_actor(
                        lex,
                        &mut els,
                        norm,
                        out,
                        a,
                        &el_hit,
                        Resolution::Coreference,
                        false,
                        false,
                    );
                    i += 2;
                    continue;
                }
                // officials "in" a state's seat stand for it: المسؤولين في البيت الأبيض
                if word(hit, WordList::Body)
                    && items
                        .get(i + 1)
                        .is_some_and(|it| Grammar::is(&grammar.locative, it.text(norm)))
                    && let Some(Item::Hit(ah)) = items.get(i + 2)
                    && let Some((idx, _, false, _)) = actor_sense(ah)
                    && lex.actors[idx].actor_type == ActorType::Country
                {
                    let a = lexicon_actor(lex, idx);
                    let mut el_hit = (*ah).clone();
                    el_hit.start = hit.start;
                    push_actor(
                        lex,
                        &mut els,
                        norm,
                        out,
                        a,
                        &el_hit,
                        Resolution::Nationality,
                        false,
                        false,
                    );
                    els.last_mut().expect("pushed").prefix = prefix;
                    i += 3;
                    continue;
                }
                // "الجانبان": both actors of the last meeting or call, as a list
                if word(hit, WordList::AnaphorPair)
                    && let Some((a, b)) = state.last_pair.clone()
                {
                    record_mention(out, &a, hit.core, hit.end, Resolution::Coreference);
                    record_mention(out, &b, hit.core, hit.end, Resolution::Coreference);
                    for (n, actor) in [a, b].into_iter().enumerate() {
                        els.push(El {
                            start: hit.start,
                            end: hit.end,
                            prefix: if n == 0 { prefix } else { "و" },
                            kind: Kind::Actor {
                                actor,
                                capital: false,
                                nationals: false,
                            },
                        });
                    }
                    i += 1;
                    continue;
                }
                // "بلاده": the state named last
                let this_sentence = || last_state_in(&els, |_| true);
                // "بلاده": the state named last; "التنظيم": the armed group named
                // last; "التحالف": the coalition
                let antecedent = if word(hit, WordList::AnaphorState) {
                    this_sentence().or_else(|| state.last_state.clone())
                } else if word(hit, WordList::AnaphorKingdom) {
                    // "المملكة": the kingdom named last, else the home kingdom;
                    // not "المملكة الأردنية" (a state's adjective names it)
                    if matches!(items.get(i + 1), Some(Item::Hit(a)) if adjective(a).is_some()) {
                        None
                    } else {
                        last_state_in(&els, |a| {
                            a.entry.is_some_and(|x| grammar.kingdoms.contains(&x))
                        })
                        .or_else(|| state.last_kingdom.clone())
                        .or_else(|| grammar.home_kingdom.map(|x| lexicon_actor(lex, x)))
                    }
                } else if word(hit, WordList::AnaphorGroup) {
                    state.group_antecedent(&norm[hit.core..hit.end])
                } else if word(hit, WordList::AnaphorCoalition) {
                    // the state said to lead it decides first
                    match coalition_by_leader(lex, grammar, &items, i) {
                        Some(a) => {
                            state.last_coalition = Some(a.clone());
                            Some(a)
                        }
                        None => state.coalition_antecedent(&norm[hit.core..hit.end]),
                    }
                } else {
                    None
                };
                // "مناطق المملكة": the kingdom named as a place is mentioned,
                // but stands in no relation
                if word(hit, WordList::AnaphorKingdom)
                    && let Some(a) = &antecedent
                    && after_place_noun(grammar, &els)
                {
                    let at = (start, prefix);
                    mention_as_place(
                        lex,
                        out,
                        &mut els,
                        norm,
                        a,
                        hit,
                        at,
                        Resolution::Coreference,
                    );
                    i += 1;
                    continue;
                }
                if let Some(a) = antecedent {
                    push_actor(
                        lex,
                        &mut els,
                        norm,
                        out,
                        a,
                        hit,
                        Resolution::Coreference,
                        false,
                        false,
                    );
                    i += 1;
                    continue;
                }
                if let Some((idx, capital)) = resolve_name(lex, norm, &items, i, &els) {
                    {
                        let a = lexicon_actor(lex, idx);
                        // "في مقر الحكومة اليمنية": a body in the genitive of a
                        // place noun is named as a place, in no relation
                        if matches!(
                            a.kind,
                            ActorType::Organization | ActorType::Coalition | ActorType::ArmedGroup
                        ) && hit.prefix(norm).is_empty()
                            && after_place_noun(grammar, &els)
                        {
                            let at = (start, prefix);
                            mention_as_place(
                                lex,
                                out,
                                &mut els,
                                norm,
                                &a,
                                hit,
                                at,
                                Resolution::Lexicon,
                            );
                            i += 1;
                            continue;
                        }
                        if a.kind == ActorType::ArmedGroup {
                            state.last_group = Some(a.clone());
                        }
                        if a.kind == ActorType::Coalition {
                            state.last_coalition = Some(a.clone());
                        }
                        state.learn_head(&norm[hit.core..hit.end], &a);
                        push_actor(
                            lex,
                            &mut els,
                            norm,
                            out,
                            a.clone(),
                            hit,
                            Resolution::Lexicon,
                            capital,
                            false,
                        );
                        i += 1;
                        // an appositive title after a person: NAME المبعوث الأمريكي,
                        // also after the rest of the nasab (محمد بن سلمان بن عبدالعزيز،
                        // وزير الدفاع)
                        if a.kind == ActorType::Person {
                            let after = nasab_end(grammar, norm, &items, i);
                            let j = appositive(
                                lex, grammar, norm, &items, after, &a, out, state, sentence,
                            );
                            if j > after {
                                i = j;
                            }
                        }
                        continue;
                    }
                }
                let trig = triggers(hit);
                if !trig.is_empty() {
                    // "طلب من", "بحث مع": the preposition is a word of its own, so
                    // that what follows it reads as its object
                    let text = &norm[hit.core..hit.end];
                    let split = text
                        .rfind(' ')
                        .filter(|&sp| lex.words_of.trigger_preposition.contains(&text[sp + 1..]));
                    let t_end = split.map(|sp| hit.core + sp).unwrap_or(end);
                    // "باكستان التي يتهمها تنظيم داعش": after a relative pronoun,
                    // a verb's object pronoun stands for the antecedent and its
                    // subject follows it (a marker of no width says so)
                    // Any verb with an object pronoun (تدعمها, وعارضته) has its
                    // object already: the actor after it is its subject, if any.
                    let object_pronoun = hit.suffix > 0
                        && (matches!(els.last(), Some(El { kind: Kind::Word(w), .. })
                            if lex.words_of.relative.contains(*w))
                            || trig.iter().any(|&t| lex.triggers[t].frame == Frame::Verb));
                    // "خلال لقائه العاهل السعودي": a meeting noun with a pronoun
                    // (his meeting) takes the other side as a direct object, which
                    // reads as "his meeting with" (a word of no width)
                    let with_object = (hit.suffix > 0 || word(hit, WordList::Possessive))
                        && trig
                            .iter()
                            .any(|&t| lex.triggers[t].relation.is_symmetric())
                        && matches!(items.get(i + 1), Some(Item::Hit(n))
                            if n.prefix(norm).is_empty()
                                && (actor_sense(n).is_some() || title(n).is_some()));
                    els.push(El {
                        start,
                        end: t_end,
                        prefix,
                        kind: Kind::Trigger(trig),
                    });
                    // words of no width after the trigger, read by the frames
                    let markers = [
                        (with_object, grammar.with_marker),
                        (object_pronoun, super::relations::OBJECT_PRONOUN),
                    ];
                    for (_, w) in markers.into_iter().filter(|&(on, _)| on) {
                        els.push(El {
                            start: end,
                            end,
                            prefix: "",
                            kind: Kind::Word(w),
                        });
                    }
                    if let Some(sp) = split {
                        els.push(El {
                            start: hit.core + sp + 1,
                            end,
                            prefix: "",
                            kind: Kind::Word(&text[sp + 1..]),
                        });
                    }
                } else if word(hit, WordList::NonPolitical) {
                    els.push(El {
                        start,
                        end,
                        prefix,
                        kind: Kind::NonPolitical,
                    });
                } else if word(hit, WordList::ClauseBreak) {
                    els.push(El {
                        start,
                        end,
                        prefix,
                        kind: Kind::Break,
                    });
                } else {
                    els.push(El {
                        start,
                        end,
                        prefix,
                        kind: Kind::Word(&norm[hit.core..hit.end]),
                    });
                }
                i += 1;
            }
        }
    }
    // the state named last in this sentence, for "بلاده" later on; an official's
    // state counts when their title named it
    for e in &els {
        if let Kind::Actor {
            actor,
            nationals: false,
            ..
        } = &e.kind
        {
            if actor.kind == ActorType::Country {
                state.last_state = Some(actor.clone());
                if actor.entry.is_some_and(|x| grammar.kingdoms.contains(&x)) {
                    state.last_kingdom = Some(actor.clone());
                }
            } else if actor.kind == ActorType::Person
                && let Some((_, _, target)) = out
                    .roles
                    .range((actor.id.clone(), Relation::MetWith, String::new())..)
                    .take_while(|(source, _, _)| *source == actor.id)
                    .find(|(_, _, target)| {
                        out.nodes
                            .get(target)
                            .is_some_and(|n| n.actor_type == ActorType::Country)
                    })
                && let Some(n) = out.nodes.get(target)
            {
                state.last_state = Some(Actor {
                    id: n.id.clone(),
                    kind: n.actor_type,
                    entry: None,
                    sector: None,
                });
            }
        }
    }
    learn_surnames(grammar, norm, &els, state);
    els
}

/// A known person named in full ("آشتون كارتر") is meant by the family name
/// alone later in the document ("وسيبحث كارتر"), as a person found by a title
/// is. Not a nasab's last word (محمد بن سلمان: "سلمان" is someone else), nor a
/// word that is a given name.
fn learn_surnames(grammar: &Grammar, norm: &str, els: &[El], state: &mut DocState) {
    for e in els {
        let Kind::Actor { actor, .. } = &e.kind else {
            continue;
        };
        if actor.kind != ActorType::Person || actor.entry.is_none() {
            continue;
        }
        let start = e.start + e.prefix.len();
        let Some(written) = norm.get(start..e.end) else {
            continue;
        };
        let words: Vec<&str> = written.split(' ').collect();
        let Some(&last) = words.last() else {
            continue;
        };
        if words.len() < 2
            || words.iter().any(|w| grammar.particles.contains(*w))
            || grammar.given.contains(last)
            || last.chars().count() < 3
        {
            continue;
        }
        state
            .surnames
            .entry(last.to_string())
            .or_insert_with(|| actor.clone());
    }
}

/// Add a body found by its head noun to the document: its node (labelled with
/// the name as written, its shorter form as an alias), its mention, the state
/// its adjective names, and its head for a bare head noun later on.
fn register_body(
    lex: &Lexicon,
    out: &mut Collector<'_>,
    state: &mut DocState,
    norm: &str,
    body: &names::Body,
) -> Actor {
    let written = |n: usize| -> String {
        let parts: Vec<String> = body.words[..n]
            .iter()
            .map(|&(s, e)| out.span(s, e).2)
            .collect();
        body.name_of(n, |s, _| {
            let k = body.words.iter().position(|w| w.0 == s).unwrap_or(0);
            parts[k].as_str()
        })
    };
    let all = body.words.len();
    let label = written(all);
    let short = (body.short > 0).then(|| written(body.short));
    let normal = |n: usize| body.name_of(n, |s, e| &norm[s..e]);
    let actor = match state.bodies.get(&normal(all)) {
        Some(a) => a.clone(),
        None => body.actor.clone(),
    };
    state
        .bodies
        .entry(normal(all))
        .or_insert_with(|| actor.clone());
    if body.short > 0 {
        state
            .bodies
            .entry(normal(body.short))
            .or_insert_with(|| actor.clone());
    }
    ensure_node(lex, out, &actor, Some(label));
    if let Some(s) = short
        && let Some(n) = out.nodes.get_mut(&actor.id)
    {
        n.aliases.insert(s);
    }
    let (s, e) = body.span();
    record_mention(out, &actor, s, e, Resolution::HeadNoun);
    if let Some(idx) = body.state {
        let st = lexicon_actor(lex, idx);
        ensure_node(lex, out, &st, None);
    }
    state.heads.insert(
        names::head_key(&body.name_of(1, |s, e| &norm[s..e])),
        actor.clone(),
    );
    actor
}

fn record_mention(out: &mut Collector<'_>, a: &Actor, start: usize, end: usize, how: Resolution) {
    // with sector nodes, a state named through a sector is mentioned as it
    let sector_node = match a.sector {
        Some(s) if out.sector_nodes => Some(out.sector_node(&a.id, s)),
        _ => None,
    };
    let id = sector_node.as_deref().unwrap_or(&a.id);
    if let Some(counts) = &mut out.counts {
        match counts.get_mut(id) {
            Some(n) => *n += 1,
            None => {
                counts.insert(id.to_string(), 1);
            }
        }
        return;
    }
    let (s, e, text) = out.span(start, end);
    let actor = out.intern(id);
    let text = out.intern(&text);
    let sector = a.sector.map(|i| out.intern(&out.lex.sectors[i].code));
    out.mentions.push(&Mention {
        document: out.doc_id.clone(),
        start: s,
        end: e,
        text,
        actor,
        actor_type: a.kind,
        resolution: how,
        sector,
    });
}

fn ensure_node(lex: &Lexicon, out: &mut Collector<'_>, a: &Actor, label: Option<String>) {
    if let Some(n) = out.nodes.get_mut(&a.id) {
        if let Some(l) = label {
            // a body named ahead of its own mention (a minister's ministry)
            // takes the label of the mention
            match n.labels.get("ar") {
                None => {
                    n.labels.insert("ar".into(), l);
                }
                Some(x) if *x != l => {
                    n.aliases.insert(l);
                }
                Some(_) => {}
            }
        }
        return;
    }
    let node = match a.entry {
        Some(idx) => lex.actors[idx].node(),
        None => {
            let mut n = Node::new(a.id.clone(), a.kind);
            if let Some(l) = label {
                n.labels.insert("ar".into(), l);
            }
            n
        }
    };
    out.nodes.insert(a.id.clone(), node);
}

#[allow(clippy::too_many_arguments)]
fn push_actor<'n>(
    lex: &Lexicon,
    els: &mut Vec<El<'n>>,
    norm: &'n str,
    out: &mut Collector<'_>,
    actor: Actor,
    hit: &Hit,
    how: Resolution,
    capital: bool,
    nationals: bool,
) {
    ensure_node(lex, out, &actor, None);
    record_mention(out, &actor, hit.core, hit.end, how);
    els.push(El {
        start: hit.start,
        end: hit.end,
        prefix: &norm[hit.start..hit.core],
        kind: Kind::Actor {
            actor,
            capital,
            nationals,
        },
    });
}

/// A person's name after a title: a lexicon person, or two to four words that
/// are not function words, punctuation or other lexicon items. Returns the
/// actor, the byte range of the name and the index after it.
fn name_after(
    lex: &Lexicon,
    grammar: &Grammar,
    norm: &str,
    items: &[Item],
    mut j: usize,
    qualified: bool,
) -> Option<(Actor, usize, usize, usize)> {
    // "(عبد الفتاح) السيسي": a bracketed first name before a known surname
    let mut bracket_start = None;
    if let Some(Item::Tok(t)) = items.get(j)
        && !t.word
        && t.text(norm) == "("
    {
        let close = (j + 1..(j + 6).min(items.len()))
            .find(|&k| matches!(&items[k], Item::Tok(t) if t.text(norm) == ")"))?;
        bracket_start = Some(items[j].span().0);
        j = close + 1;
    }
    match items.get(j)? {
        Item::Hit(h) => {
            let (idx, _, _, _) = actor_sense(h)?;
            if lex.actors[idx].actor_type != ActorType::Person {
                return None;
            }
            // "عبدالله بن عبدالعزيز الربيعة": a known name that a family name
            // goes on is another person's
            if let Some(Item::Tok(t)) = items.get(j + 1)
                && t.word
                && h.prefix(norm).is_empty()
                && bracket_start.is_none()
                && let w = t.text(norm)
                && w.starts_with("ال")
                && names::name_like(grammar, w)
                && !grammar.particles.contains(w)
                && norm[h.core..h.end]
                    .split(' ')
                    .skip(1)
                    .any(|w| grammar.nasab.contains(w))
            {
                let name = &norm[h.core..t.end];
                let a = Actor {
                    id: format!("ng:person:{}", slug(name)),
                    kind: ActorType::Person,
                    entry: None,
                    sector: None,
                };
                return Some((a, h.core, t.end, j + 2));
            }
            let a = lexicon_actor(lex, idx);
            Some((a, bracket_start.unwrap_or(h.core), h.end, j + 1))
        }
        Item::Tok(_) => {
            let first = j;
            let mut words: Vec<&str> = Vec::new();
            // a compound given name written in two words (عبد الله)
            let two = match (items.get(j), items.get(j + 1)) {
                (Some(Item::Tok(a)), Some(Item::Tok(b))) => {
                    grammar
                        .given
                        .contains(&format!("{} {}", a.text(norm), b.text(norm)))
                }
                _ => false,
            };
            // "الرئيس المخلوع علي صالح": a given name that is also a function
            // word (علي, normalised like على) starts a name when an indefinite
            // name-like word follows it
            if let (Some(Item::Hit(h)), Some(Item::Tok(n))) = (items.get(j), items.get(j + 1))
                && h.prefix(norm).is_empty()
                && grammar.given.contains(&norm[h.core..h.end])
                && h.senses.iter().all(|s| matches!(s, Sense::Word(_)))
                && n.word
                && !n.text(norm).starts_with("ال")
                && names::name_like(grammar, n.text(norm))
            {
                words.push(&norm[h.core..h.end]);
                j += 1;
            }
            while let Some(Item::Tok(t)) = items.get(j) {
                let w = t.text(norm);
                let starts_conj = !words.is_empty() && w.starts_with('و') && w.chars().count() > 3;
                // a preposition or conjunction with the article is never inside a name
                let clitic_article = ["بال", "لل", "وال", "فال", "كال"]
                    .iter()
                    .any(|p| w.starts_with(p));
                // two words, then more only after a particle (بن, عبد) or as a
                // family name with the article (عبد الفتاح السيسي)
                let after_particle = words.last().is_some_and(|x| grammar.particles.contains(*x));
                let grows = words.len() < 2
                    || (two && words.len() < 3)
                    || after_particle
                    // a family name after a nasab (عادل بن زيد الطريفي)
                    || (w.starts_with("ال")
                        && words.len() < 4
                        && words.iter().any(|x| grammar.particles.contains(*x))
                        && !words.last().is_some_and(|x| x.starts_with("ال")))
                    || (w.starts_with("ال")
                        && words.len() == 2
                        // a family name ends the name: what follows is no noun
                        // it qualifies (بيوتر بوروشينكو الإدارة الأمريكية)
                        && match items.get(j + 1) {
                            None => true,
                            Some(Item::Tok(n)) => {
                                !n.word
                                    || !n.text(norm).starts_with("ال")
                                    || !matches!(items.get(j + 2), Some(Item::Hit(a)) if adjective(a).is_some())
                            }
                            Some(Item::Hit(n)) => adjective(n).is_none(),
                        }
                        && !words[1].starts_with("ال")
                        && !words[1].starts_with("وال"));
                let full = words.len() == 4 || !grows;
                if !t.word
                    || is_number(w)
                    || grammar.function.contains(w)
                    || grammar.time.contains(w)
                    || starts_conj
                    || clitic_article
                    || full
                    || w.chars().count() < 2
                {
                    break;
                }
                if words.is_empty() && w.trim_start_matches('و').starts_with("ال") {
                    return None;
                }
                words.push(w);
                j += 1;
            }
            // a third word before a boundary (خالد محفوظ بحاح،), a second family
            // name after the first (محمد خالد الحمد الصباح:)
            let ends_at = |k: usize| match items.get(k) {
                None => true,
                Some(Item::Tok(t)) => !t.word,
                Some(Item::Hit(h)) => {
                    title(h).is_some()
                        || h.is_word(WordList::Function)
                        || h.is_word(WordList::ClauseBreak)
                }
            };
            if (words.len() == 2 || (words.len() == 3 && words[2].starts_with("ال")))
                && let Some(Item::Tok(t)) = items.get(j)
                && t.word
                && ends_at(j + 1)
            {
                let w = t.text(norm);
                let third = words.len() == 2
                    && !w.starts_with("ال")
                    && !w.starts_with('و')
                    && !words[1].starts_with("ال")
                    && !['ي', 'ت', 'ن', 'س'].iter().any(|&c| w.starts_with(c));
                let fourth = words.len() == 3 && w.starts_with("ال");
                if (third || fourth)
                    && names::name_like(grammar, w)
                    && !grammar.particles.contains(w)
                {
                    words.push(w);
                    j += 1;
                }
            }
            // a known surname may close the name (جون كيري)
            if let Some(Item::Hit(h)) = items.get(j)
                && !words.is_empty()
                && let Some((idx, _, _, true)) = actor_sense(h)
            {
                let a = lexicon_actor(lex, idx);
                return Some((a, items[first].span().0, h.end, j + 1));
            }
            if words.len() < 2 {
                return None;
            }
            // the first word is a known given name, or the title named the
            // person's state and the name ends where the clause goes on
            // a second word with a verbal or prepositional prefix (يدشن, لرعاية,
            // بإجمالي) ends the name before it, unless it is a name itself
            let second = if two {
                words.get(2).copied()
            } else {
                Some(words[1])
            };
            let verbal = second.is_some_and(|second| {
                ['ي', 'ت', 'ل', 'ب', 'ف', 'س']
                    .iter()
                    .any(|&c| second.starts_with(c))
                    && !grammar.given.contains(second)
                    && !grammar.particles.contains(second)
            });
            // a name does not end with a particle (سلمان بن)
            let dangling = words.last().is_some_and(|w| grammar.particles.contains(*w));
            let given = grammar.given.contains(words[0].trim_start_matches('و'))
                || (two && words.len() >= 2);
            let boundary = match items.get(j) {
                None => true,
                Some(Item::Tok(t)) => !t.word,
                Some(Item::Hit(h)) => h.senses.iter().any(|s| {
                    matches!(
                        s,
                        Sense::Trigger(_)
                            | Sense::Title(_)
                            | Sense::Word(WordList::Function | WordList::ClauseBreak)
                    )
                }),
            };
            // "بيوتر بوروشينكو إن": a known given name and a word that only
            // looks verbal, when the name ends at a boundary
            let verbal = verbal && !(given && boundary && !two);
            if verbal || dangling || (two && words.len() < 3 && !qualified) {
                return None;
            }
            // a title right after the name describes it (اللواء مطلق الأزيمع قائد
            // المنطقة), as punctuation would end it
            // as does a clause opening or a time word (ويلي نياميتوي أمس أن)
            let punct = matches!(items.get(j), Some(Item::Tok(t)) if !t.word)
                || items.get(j).is_none()
                || matches!(items.get(j), Some(Item::Hit(h)) if title(h).is_some() && h.prefix(norm).is_empty())
                || matches!(items.get(j), Some(Item::Hit(h)) if h.prefix(norm).is_empty()
                    && (h.is_word(WordList::ClauseBreak) || h.is_word(WordList::Time)))
                || items
                    .get(j)
                    .is_some_and(|it| grammar.time.contains(it.text(norm)));
            // an unknown word pair is a name only if it does not look like nouns:
            // no feminine ending, no proclitic preposition
            let nominal = words.iter().any(|w| w.ends_with('ه'))
                || ['ل', 'ب', 'ي', 'ت']
                    .iter()
                    .any(|&c| words[0].starts_with(c));
            let qualified_name = qualified && boundary && punct && !nominal;
            if !(given || qualified_name) {
                return None;
            }
            let name = words.join(" ");
            let a = Actor {
                id: format!("ng:person:{}", slug(&name)),
                kind: ActorType::Person,
                entry: None,
                sector: None,
            };
            Some((a, items[first].span().0, items[j - 1].span().1, j))
        }
    }
}

/// The state or body a title names: a nationality adjective, or an actor after
/// it (genitive or with ل: "الأمين العام للجامعة العربية", "زعيم التنظيم").
#[allow(clippy::too_many_arguments)]
fn title_of(
    lex: &Lexicon,
    grammar: &Grammar,
    norm: &str,
    items: &[Item],
    j: usize,
    state: &mut DocState,
    out: &mut Collector<'_>,
) -> Option<(Actor, usize, usize, usize)> {
    // a body named by its head noun: "المتحدث الرسمي لمركز الملك سلمان"
    if let Some(body) = names::body_at(lex, grammar, norm, items, j) {
        let a = register_body(lex, out, state, norm, &body);
        let (s, e) = body.span();
        return Some((a, s, e, body.next - j));
    }
    // "المتحدث باسم المنظمة": the body last named with that head
    if let Some(Item::Hit(h)) = items.get(j)
        && names::head(h).is_some()
        && let Some(a) = state.heads.get(&norm[h.core..h.end]).cloned()
    {
        record_mention(out, &a, h.core, h.end, Resolution::Coreference);
        return Some((a, h.core, h.end, 1));
    }
    title_of1(lex, norm, items, j, state)
        .map(|(a, s, e)| (a, s, e, 1))
        .or_else(|| {
            // a body and its adjective: "المتحدث باسم الخارجية المصرية"
            let Item::Hit(b) = items.get(j)? else {
                return None;
            };
            if !word(b, WordList::Body) {
                return None;
            }
            // "المتحدث باسم الرئاسة في بوروندي": a body of the state named after في
            if items
                .get(j + 1)
                .is_some_and(|it| Grammar::is(&grammar.locative, it.text(norm)))
                && let Some(Item::Hit(h)) = items.get(j + 2)
                && let Some((idx, _, false, _)) = actor_sense(h)
                && lex.actors[idx].actor_type == ActorType::Country
            {
                return Some((lexicon_actor(lex, idx), b.core, h.end, 3));
            }
            let Item::Hit(h) = items.get(j + 1)? else {
                return None;
            };
            let (idx, _) = adjective(h)?;
            Some((lexicon_actor(lex, idx), b.core, h.end, 2))
        })
}

fn title_of1(
    lex: &Lexicon,
    norm: &str,
    items: &[Item],
    j: usize,
    state: &DocState,
) -> Option<(Actor, usize, usize)> {
    match items.get(j)? {
        Item::Hit(h) => {
            if let Some((idx, _)) = adjective(h) {
                return Some((lexicon_actor(lex, idx), h.core, h.end));
            }
            if let Some((idx, _, amb, _)) = actor_sense(h)
                && !amb
            {
                let a = lexicon_actor(lex, idx);
                if a.kind != ActorType::Person && a.kind.is_actor() {
                    return Some((a, h.core, h.end));
                }
            }
            if word(h, WordList::AnaphorGroup) {
                return state
                    .group_antecedent(&norm[h.core..h.end])
                    .map(|a| (a, h.core, h.end));
            }
            // "المتحدث باسم التحالف": the coalition the article means
            if word(h, WordList::AnaphorCoalition) {
                let c = state.coalition_antecedent(&norm[h.core..h.end]);
                return c.map(|a| (a, h.core, h.end));
            }
            None
        }
        Item::Tok(_) => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn title_phrase<'n>(
    lex: &Lexicon,
    grammar: &Grammar,
    norm: &'n str,
    items: &[Item],
    i: usize,
    ti: usize,
    state: &mut DocState,
    out: &mut Collector<'_>,
    els: &mut Vec<El<'n>>,
    sentence: (usize, usize, usize),
) -> usize {
    let (t_start, mut t_end) = items[i].span();
    let prefix = match &items[i] {
        Item::Hit(h) => h.prefix(norm),
        Item::Tok(_) => "",
    };
    // chains of titles: نائب رئيس الوزراء وزير الخارجية
    let mut titles = vec![ti];
    let mut j = i + 1;
    while let Some(Item::Hit(h)) = items.get(j) {
        // a definite title after a title starts another person's ("رئيس
        // الجمهورية السفير الإماراتي")
        let definite = norm[h.core..h.end].starts_with("ال");
        match title(h).filter(|_| !definite) {
            Some(t) => {
                titles.push(t);
                t_end = h.end;
                j += 1;
            }
            None => break,
        }
    }
    // where the chain of titles ends, before any portfolio read after it
    let titles_end = t_end;
    // "مدير «الصندوق الوطني للديموقراطية» كارل …": a body in quotes
    let quote = |k: usize, marks: &[&str]| matches!(items.get(k), Some(Item::Tok(t)) if !t.word && marks.contains(&t.text(norm)));
    let at = if quote(j, &["«", "“", "\"", "'"]) {
        j + 1
    } else {
        j
    };
    let opened = at > j;
    let mut of = title_of(lex, grammar, norm, items, at, state, out).map(|(a, s, e, n)| {
        j = at + n;
        // and the quote that closes it
        if opened && quote(j, &["»", "”", "\"", "'"]) {
            j += 1;
        }
        // "الرئيس الأمريكي الحالي أوباما", "المستشار الألماني السابق"
        while items
            .get(j)
            .is_some_and(|it| grammar.tense.contains(it.text(norm)))
        {
            j += 1;
        }
        (a, s, e)
    });
    // "وزير الدولة الإماراتي للشؤون الخارجية أنور …": a complement with ل
    // after the state; "نائب الرئيس اليمني رئيس الوزراء خالد …": a second title
    // of the same person
    if of.is_some() {
        if items.get(j).is_some_and(|it| {
            let (s, e) = it.span();
            norm[s..e].starts_with("لل")
        }) && let Some(k) = names::complement(grammar, norm, items, j, false)
        {
            j = k;
        } else if items
            .get(j)
            .is_some_and(|it| Grammar::is(&grammar.for_affairs, it.text(norm)))
        {
            // "مساعدة وزير الخارجية الأميركي لشؤون أميركا اللاتينية روبرتا …":
            // the field, definite words or the region it names
            let mut k = j + 1;
            while k < j + 4
                && match items.get(k) {
                    Some(Item::Tok(t)) => t.word && t.text(norm).starts_with("ال"),
                    Some(Item::Hit(h)) => {
                        h.prefix(norm).is_empty()
                            && actor_sense(h).is_some_and(|(x, ..)| {
                                matches!(
                                    lex.actors[x].actor_type,
                                    ActorType::Place | ActorType::Country
                                )
                            })
                    }
                    None => false,
                }
            {
                k += 1;
            }
            if k > j + 1 {
                j = k;
            }
        }
        while let Some(Item::Hit(h)) = items.get(j)
            && title(h).is_some()
            && h.prefix(norm).is_empty()
            && j < i + 12
        {
            j += 1;
        }
    }
    // "وزير التعليم عزام الدخيل", "وزير الآثار المصري ممدوح الدماطي": a
    // portfolio completes the title, and its state may follow
    let mut portfolio = false;
    let mut ministry: Option<(Actor, String)> = None;
    if of.is_none()
        && let Some(k) = names::complement(
            grammar,
            norm,
            items,
            j,
            !norm[t_start..t_end]
                .rsplit(' ')
                .next()
                .is_some_and(|w| w.trim_start_matches(['و', 'ف']).starts_with("ال")),
        )
    {
        // "وزير الشؤون الاجتماعية" heads "وزارة الشؤون الاجتماعية" when the
        // document names it
        let (fs, fe) = (items[j].span().0, items[k - 1].span().1);
        ministry = state.ministry_of(grammar, norm, &norm[fs..fe]).map(|m| {
            (
                m,
                format!("{} {}", grammar.ministry_written, out.span(fs, fe).2),
            )
        });
        j = k;
        t_end = items[k - 1].span().1;
        portfolio = true;
        of = title_of(lex, grammar, norm, items, j, state, out).map(|(a, s, e, n)| {
            j += n;
            (a, s, e)
        });
    }
    // a place qualifier after the title: where an ambassador serves (السفير
    // البريطاني بالقاهرة, في عمان), but the state of a minister's title that
    // named none (وزير الثقافة في مالي, وزير الدفاع والإنتاج الحربي بمصر)
    let place = if let Some(Item::Hit(h)) = items.get(j)
        && h.prefix(norm) == "ب"
        && actor_sense(h).is_some()
    {
        Some((j, 1))
    } else if items
        .get(j)
        .is_some_and(|it| Grammar::is(&grammar.locative, it.text(norm)))
        && matches!(items.get(j + 1), Some(Item::Hit(h)) if actor_sense(h).is_some())
    {
        Some((j + 1, 2))
    } else {
        None
    };
    // a minister's: the place after a body's head is the body's
    // (رئيس الكشافة الإسلامية في أمريكا)
    let ministerial = titles.iter().any(|&t| {
        grammar.role_titles[t]
            .iter()
            .any(|s| grammar.is_minister_title(s))
    });
    // the post is held in a body named after "في": who heads a part of it
    // (مدير الاتصالات في صندوق النقد الدولي) is its official
    let mut in_body = false;
    if let Some((p, n)) = place {
        // a body "in" which a post is held is the holder's, after any title
        // (الممثل الأعلى للسياسة الخارجية في الاتحاد الأوروبي)
        if of.is_none()
            && let Item::Hit(h) = &items[p]
            && let Some((idx, false, ambiguous, _)) = actor_sense(h)
            && (lex.actors[idx].actor_type == ActorType::Country && ministerial
                || !ambiguous
                    && matches!(
                        lex.actors[idx].actor_type,
                        ActorType::Organization | ActorType::Coalition
                    ))
        {
            in_body = lex.actors[idx].actor_type != ActorType::Country;
            let (s, e) = items[p].span();
            of = Some((lexicon_actor(lex, idx), s, e));
        }
        j += n;
    }
    // "المبعوث ... لدى التحالف": the body they are accredited to is not
    // theirs ("لدى المملكة": a state named by a common noun too)
    if items
        .get(j)
        .is_some_and(|it| Grammar::is(&grammar.accredited_to, it.text(norm)))
        && match items.get(j + 1) {
            Some(Item::Hit(_)) => true,
            Some(Item::Tok(t)) => t.word && t.text(norm).starts_with("ال"),
            None => false,
        }
    {
        j += 2;
    } else if items
        .get(j)
        .is_some_and(|it| Grammar::is(&grammar.to, it.text(norm)))
        && let Some(Item::Hit(to)) = items.get(j + 1)
        && let Some((idx, ..)) = actor_sense(to)
        && name_after(lex, grammar, norm, items, j + 2, true).is_some()
    {
        // "المبعوث الأممي إلى سوريا ستافان دي ميستورا": the state an envoy is
        // sent to is named, but it is neither theirs nor a participant
        let a = lexicon_actor(lex, idx);
        ensure_node(lex, out, &a, None);
        record_mention(out, &a, to.core, to.end, Resolution::Lexicon);
        j += 2;
    }
    // "رئيس المخابرات السابق أدولف …", "الرئيس المخلوع علي صالح": a tense
    // word after the title or its portfolio
    while j < i + 12
        && items
            .get(j)
            .is_some_and(|it| grammar.tense.contains(it.text(norm)))
    {
        j += 1;
    }
    let mut k = j;
    // "جاك ديلور، رئيس المفوضية السابق، اقترح هولاند": a title set off by commas
    // describes the name before it, so the name after the second comma is not its
    // (a person or words that make a name; not a place, a time or a noun:
    // "التقى الوفد في الرياض، وزير الدولة الإماراتي للشؤون الخارجية، أنور قرقاش")
    let comma_before =
        i > 0 && matches!(&items[i - 1], Item::Tok(t) if matches!(t.text(norm), "،" | ","));
    let appositive = comma_before
        && (els
            .iter()
            .rev()
            .find(|e| !matches!(e.kind, Kind::Comma | Kind::Punct))
            .is_some_and(
                |e| matches!(&e.kind, Kind::Actor { actor, .. } if actor.kind == ActorType::Person),
            )
            || name_before_title(grammar, norm, els).is_some());
    // in a list set off by commas, only a known person's name is across the
    // comma (مخططات المطار، الأمير تركي، ولد محمد، ...: place names)
    let known_next = matches!(items.get(k + 1), Some(Item::Hit(h))
        if actor_sense(h).is_some_and(|(x, ..)| lex.actors[x].actor_type == ActorType::Person));
    if (!comma_before || (!appositive && known_next))
        && let Some(Item::Tok(t)) = items.get(k)
        && matches!(t.text(norm), "،" | ",")
    {
        k += 1;
    }
    // words that extend the title (وزير الخارجية وشؤون المغتربين) before a known name
    if !matches!(items.get(k), Some(Item::Hit(h)) if actor_sense(h).is_some())
        && let Some(p) = (k + 1..(k + 4).min(items.len())).find(|&p| {
            matches!(&items[p], Item::Hit(h) if actor_sense(h).is_some_and(|(x, _, _, _)| lex.actors[x].actor_type == ActorType::Person))
        })
        && (k..p).all(|q| matches!(&items[q], Item::Tok(t) if t.word && !grammar.function.contains(t.text(norm))))
        && items[k].text(norm).starts_with('و')
    {
        k = p;
    }
    // An indefinite title (رئيس, أمير, سفير) heads a construct: the words after
    // it name the body it heads ("رئيس لجنة ..."), not a person, unless a known
    // state or body was named.
    let definite = portfolio
        || norm[items[i].span().0..t_end]
            .split(' ')
            .any(|w| w.trim_start_matches(['و', 'ف', 'ب', 'ل']).starts_with("ال"));
    // "وزير الخارجية الإماراتي الشيخ عبدالله بن زايد", "المتحدث باسم الجيش
    // العميد …": honorifics and ranks stand between the title and the name
    // "المبعوث الدولي "ولد الشيخ"", "المبعوث السابق «جمال بن عمر»": a known
    // person's name in quotes, after a tense word
    {
        let mut q = k;
        while items
            .get(q)
            .is_some_and(|it| grammar.tense.contains(it.text(norm)))
            && q < k + 2
        {
            q += 1;
        }
        if matches!(items.get(q), Some(Item::Tok(t)) if !t.word && matches!(t.text(norm), "\"" | "«" | "“" | "'"))
            && matches!(items.get(q + 1), Some(Item::Hit(h))
                if h.prefix(norm).is_empty()
                    && actor_sense(h).is_some_and(|(x, ..)| lex.actors[x].actor_type == ActorType::Person))
        {
            k = q + 1;
        }
    }
    let before_honorifics = k;
    while matches!(items.get(k), Some(Item::Hit(h)) if word(h, WordList::Honorific)) {
        k += 1;
    }
    // a rank or an honorific announces a name as a named state does
    // and so does a portfolio or a body the title names (مدير المرصد …،
    // المتحدث باسم الحكومة …)
    let qualified = of.is_some() || k > before_honorifics || portfolio;
    let by_portfolio_only = portfolio && of.is_none() && k == before_honorifics;
    let name = name_after(lex, grammar, norm, items, k, qualified)
        .filter(|(p, ..)| p.entry.is_some() || definite || of.is_some())
        // a name that only a portfolio announced does not go on with و: the
        // portfolio does (وزير العدل وحقوق الإنسان)
        .filter(|(p, ns, ne, _)| {
            p.entry.is_some()
                || !by_portfolio_only
                || norm[*ns..*ne]
                    .split(' ')
                    .next()
                    .is_none_or(|w| !w.starts_with('و') || grammar.given.contains(w))
        });
    // "رئيس شعبة المصالح الأميركية": who heads a part of a state serves it
    let title_rel = match lex.titles[titles[titles.len() - 1]].relation {
        Relation::LeaderOf
            if (portfolio || in_body)
                && of
                    .as_ref()
                    .is_some_and(|o| o.0.kind == ActorType::Country || in_body) =>
        {
            Relation::OfficialOf
        }
        r => r,
    };
    let is_minister = ministerial;
    match name {
        Some((person, ns, ne, next)) => {
            found_person(lex, out, state, norm, &person, ns, ne, Resolution::Title);
            // whose official: the adjective or body named, else the person's known role
            if of.is_none()
                && let Some(idx) = person.entry
            {
                // the role with the title as written, else one with a synonym
                let written = &norm[items[i].span().0..t_end];
                let written = written.trim_start_matches(['و', 'ف']);
                let synonyms: Vec<&String> = titles
                    .iter()
                    .flat_map(|&t| grammar.role_titles[t].iter())
                    .collect();
                let roles = &lex.actors[idx].roles;
                of = roles
                    .iter()
                    .find(|r| {
                        let t = normalize_str(&r.title);
                        written == t || written.ends_with(&format!(" {t}"))
                    })
                    .or_else(|| {
                        roles
                            .iter()
                            .find(|r| synonyms.contains(&&normalize_str(&r.title)))
                    })
                    .and_then(|r| lex.actor_index(&r.of))
                    .map(|x| (lexicon_actor(lex, x), t_start, t_end));
            }
            if let Some((body, _, _)) = &of {
                ensure_node(lex, out, body, None);
                out.relation(
                    &person.id,
                    title_rel,
                    &body.id,
                    sentence,
                    (t_start, t_end),
                    "title",
                );
            }
            if let Some((m, label)) = ministry
                && is_minister
            {
                ensure_node(lex, out, &m, Some(label));
                out.relation(
                    &person.id,
                    Relation::LeaderOf,
                    &m.id,
                    sentence,
                    (t_start, t_end),
                    "title.ministry",
                );
            }
            if is_minister {
                state.last_minister = Some(person.clone());
            }
            state.last_title = Some(title_rel);
            els.push(El {
                start: t_start,
                end: ne,
                prefix,
                kind: Kind::Actor {
                    actor: person,
                    capital: false,
                    nationals: false,
                },
            });
            next
        }
        None => {
            // "سيب بلاتر رئيس الفيفا": the name right before a title with its
            // state or body is the holder's
            if let Some((body, _, be)) = &of
                && let Some((person, ns, ne, at)) = name_before_title(grammar, norm, els)
            {
                els.truncate(at);
                ensure_node(lex, out, &person, Some(out.span(ns, ne).2));
                record_mention(out, &person, ns, ne, Resolution::Apposition);
                ensure_node(lex, out, body, None);
                out.relation(
                    &person.id,
                    title_rel,
                    &body.id,
                    sentence,
                    (t_start, t_end),
                    "title.before",
                );
                state.learn_surname(&norm[ns..ne], &person);
                if is_minister {
                    state.last_minister = Some(person.clone());
                }
                state.last_title = Some(title_rel);
                let el_prefix = els.get(at).map(|e| e.prefix).unwrap_or("");
                els.push(El {
                    start: ns,
                    end: *be,
                    prefix: el_prefix,
                    kind: Kind::Actor {
                        actor: person,
                        capital: false,
                        nationals: false,
                    },
                });
                return j;
            }
            // an unnamed official stands for their state or body
            if let Some((body, bs, be)) = of {
                ensure_node(lex, out, &body, None);
                record_mention(out, &body, bs, be, Resolution::Nationality);
                els.push(El {
                    start: t_start,
                    end: be,
                    prefix,
                    kind: Kind::Actor {
                        actor: body,
                        capital: false,
                        nationals: false,
                    },
                });
                return j;
            }
            // "الوزير" alone: the minister named last
            if is_minister
                && titles.len() == 1
                && let Some(m) = state.last_minister.clone()
                && grammar.role_titles[ti].iter().any(|s| {
                    s.strip_prefix("ال")
                        .is_some_and(|r| grammar.ministers.iter().any(|m| m == r))
                })
            {
                record_mention(out, &m, t_start, t_end, Resolution::Coreference);
                els.push(El {
                    start: t_start,
                    end: t_end,
                    prefix,
                    kind: Kind::Actor {
                        actor: m,
                        capital: false,
                        nationals: false,
                    },
                });
                return j;
            }
            // no holder: the titles are words, and what follows them is read
            // again (a portfolio included, once: "وزير الدفاع الوحدات")
            els.push(El {
                start: t_start,
                end: titles_end,
                prefix,
                kind: Kind::Word(&norm[t_start..titles_end]),
            });
            i + titles.len()
        }
    }
}

/// The name that the last plain words of `els` make, right before a title
/// (a comma may stand between): the person, the byte range of the name and
/// the index in `els` where it starts. The first word must be a known given
/// name, or the family name definite after a clause boundary.
fn name_before_title(
    grammar: &Grammar,
    norm: &str,
    els: &[El<'_>],
) -> Option<(Actor, usize, usize, usize)> {
    name_before_cue(grammar, norm, els, false)
}

/// The name right before a cue: a title that describes it, or, when `sure`
/// (a birth year: "مبارك ملفي مواليد 1986"), a cue that only a person takes,
/// so the name needs no known given name.
fn name_before_cue(
    grammar: &Grammar,
    norm: &str,
    els: &[El<'_>],
    sure: bool,
) -> Option<(Actor, usize, usize, usize)> {
    let mut end = els.len();
    if matches!(
        els.last(),
        Some(El {
            kind: Kind::Comma,
            ..
        })
    ) {
        end -= 1;
    }
    let mut back: Vec<&str> = Vec::with_capacity(5);
    let mut k = end;
    while k > 0 && back.len() < 5 {
        match &els[k - 1].kind {
            Kind::Word(w) if els[k - 1].prefix.is_empty() => back.push(w),
            _ => break,
        }
        k -= 1;
    }
    let n = names::name_before(grammar, &back)?;
    let at = end - n;
    let first = back[n - 1];
    let boundary = at == 0
        || match &els[at - 1].kind {
            Kind::Word(w) => grammar.function.contains(*w) || grammar.clause_break.contains(*w),
            Kind::Actor { .. } => false,
            _ => true,
        };
    // "وسليم الجبوري رئيس مجلس النواب": the conjunction is not the name's
    let conj = first
        .strip_prefix('و')
        .filter(|rest| grammar.given.contains(*rest));
    let known = conj.is_some()
        || grammar.given.contains(first)
        || (n >= 3 && grammar.given.contains(&format!("{first} {}", back[n - 2])));
    // "وقال سيب بلاتر رئيس الفيفا": two words after a verb of saying
    let said = at > 0
        && n == 2
        && !back[1].starts_with("ال")
        && !back[0].starts_with("ال")
        && matches!(&els[at - 1].kind, Kind::Word(w) if grammar.clause_break.contains(*w));
    if !(known || said || (back[0].starts_with("ال") && boundary) || (sure && boundary)) {
        return None;
    }
    let ns = els[at].start + conj.map_or(0, |_| 'و'.len_utf8());
    let ne = els[end - 1].end;
    let name = norm[ns..ne].to_string();
    let person = Actor {
        id: format!("ng:person:{}", slug(&name)),
        kind: ActorType::Person,
        entry: None,
        sector: None,
    };
    Some((person, ns, ne, at))
}

/// Where the rest of a known person's nasab ends: "بن عبد العزيز" after
/// "محمد بن سلمان", at most three links (بن X, بن عبد X, ...).
fn nasab_end(grammar: &Grammar, norm: &str, items: &[Item], mut i: usize) -> usize {
    let plain = |k: usize| match items.get(k) {
        Some(Item::Tok(t)) if t.word => Some(t.text(norm)),
        _ => None,
    };
    for _ in 0..3 {
        let Some(link) = plain(i) else { break };
        let Some(name) = plain(i + 1) else { break };
        if !grammar.nasab.contains(link) || !names::name_like(grammar, name) {
            break;
        }
        // "بن عبد العزيز": a particle takes one more word
        let next = if grammar.particles.contains(name) {
            match plain(i + 2) {
                Some(w) if names::name_like(grammar, w) => i + 3,
                _ => break,
            }
        } else {
            i + 2
        };
        i = next;
    }
    i
}

/// NAME followed by a title and its state: "بريت ماكجورك المبعوث الأمريكي".
#[allow(clippy::too_many_arguments)]
fn appositive(
    lex: &Lexicon,
    grammar: &Grammar,
    norm: &str,
    items: &[Item],
    mut j: usize,
    person: &Actor,
    out: &mut Collector<'_>,
    state: &mut DocState,
    sentence: (usize, usize, usize),
) -> usize {
    let start = j;
    // set off by a comma, or by a dash (سيب بلاتر -رئيس الاتحاد الدولي-)
    if let Some(Item::Tok(t)) = items.get(j)
        && matches!(t.text(norm), "،" | "," | "-" | "–" | "—")
    {
        j += 1;
    }
    let Some(Item::Hit(first)) = items.get(j) else {
        return start;
    };
    if title(first).is_none() || !first.prefix(norm).is_empty() {
        return start;
    }
    // A chain of titles, the state named after the last: "، ولي ولي العهد،
    // النائب الثاني لرئيس مجلس الوزراء وزير الدفاع السعودي"; "القائد العام
    // للقوات المسلحة وزير الدفاع بمصر". The title that names the state links
    // the person to it.
    for _ in 0..MAX_TITLE_CHAIN {
        let Some(Item::Hit(h)) = items.get(j) else {
            return start;
        };
        let Some(ti) = title(h) else {
            return start;
        };
        // "ممدوح الدماطي وزير الآثار المصري": a portfolio before the state
        let title_word = &norm[h.core..h.end];
        let mut at = j + 1;
        let complement = names::complement(grammar, norm, items, at, true);
        // "وزير الدفاع والإنتاج الحربي بمصر": a portfolio coordinated with
        // the title's own
        let coordinated = grammar
            .ministers
            .iter()
            .any(|m| title_word.starts_with(m.as_str()))
            && matches!(items.get(at), Some(Item::Tok(t))
                if t.word && t.text(norm).starts_with("وال"));
        if coordinated {
            at = names::complement(grammar, norm, items, at + 1, true).unwrap_or(at + 1);
        } else if !title_word
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.starts_with("ال"))
            && let Some(k) = complement
        {
            at = k;
        }
        if h.prefix(norm).is_empty()
            && let Some(done) = title_state(
                lex,
                grammar,
                norm,
                items,
                (j, at, ti),
                person,
                out,
                state,
                sentence,
            )
        {
            return done.unwrap_or(start);
        }
        // the next title of the chain: after this one's complement, a
        // comma or one more word ("الثاني")
        let mut k = complement.unwrap_or(j + 1).max(j + 1);
        let mut skipped = 0;
        while let Some(it) = items.get(k) {
            let next_title = matches!(it, Item::Hit(n) if title(n).is_some());
            if next_title || skipped == 2 {
                break;
            }
            match it {
                Item::Tok(t) if t.word || matches!(t.text(norm), "،" | ",") => {
                    skipped += 1;
                    k += 1;
                }
                _ => break,
            }
        }
        if !matches!(items.get(k), Some(Item::Hit(n)) if title(n).is_some()) {
            return start;
        }
        j = k;
    }
    start
}

/// How many titles a chain after a name may have.
const MAX_TITLE_CHAIN: usize = 4;

/// The state or body after the title at `j` (its complement ends at `at`),
/// linked to `person`: `Some(Some(next))` when it links them, `Some(None)`
/// when the title is the next person's, `None` when it names none.
#[allow(clippy::too_many_arguments)]
fn title_state(
    lex: &Lexicon,
    grammar: &Grammar,
    norm: &str,
    items: &[Item],
    (j, at, ti): (usize, usize, usize),
    person: &Actor,
    out: &mut Collector<'_>,
    state: &mut DocState,
    sentence: (usize, usize, usize),
) -> Option<Option<usize>> {
    let Some(Item::Hit(h)) = items.get(j) else {
        return None;
    };
    if let Some((body, _, _, n)) = title_of(lex, grammar, norm, items, at, state, out) {
        // "غادر ... وزير الدفاع مصر": after a definite title a bare state is
        // no genitive of it (that is "وزير دفاع مصر")
        let definite = norm[h.core..h.end]
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.starts_with("ال"));
        if definite
            && at == j + 1
            && let Some(Item::Hit(b)) = items.get(at)
            && adjective(b).is_none()
            && b.prefix(norm).is_empty()
            && actor_sense(b).is_some()
        {
            return None;
        }
        // A known person and a state their lexicon roles do not give them:
        // "استقبل الملك عبد الله الثاني الرئيس الفرنسي": a title of another
        // state than any of theirs is the next person's (the object's);
        // "زيارة محمد بن سلمان ولي ولي العهد لمصر": after their title, لـ a
        // state other than that title's is where they went
        if let (Some(pe), Some(be)) = (person.entry, body.entry) {
            let roles = &lex.actors[pe].roles;
            let key = &lex.actors[be].key;
            let foreign_state = !roles.is_empty()
                && lex.actors[be].actor_type == ActorType::Country
                && !roles.iter().any(|r| r.of == *key);
            let synonyms = &grammar.role_titles[ti];
            let went_to = matches!(items.get(at), Some(Item::Hit(b)) if b.prefix(norm).contains('ل'))
                && roles
                    .iter()
                    .any(|r| r.of != *key && synonyms.contains(&normalize_str(&r.title)));
            if foreign_state || went_to {
                return None;
            }
        }
        let n = n + (at - (j + 1));
        // "ميركل المستشار الألماني السابق جيرهارد شرودر": the title is the next
        // person's
        let mut k = j + 1 + n;
        while items
            .get(k)
            .is_some_and(|it| grammar.function.contains(it.text(norm)))
            && k < j + 3 + n
        {
            k += 1;
        }
        if name_after(lex, grammar, norm, items, k, true).is_some() {
            return Some(None);
        }
        ensure_node(lex, out, &body, None);
        out.relation(
            &person.id,
            lex.titles[ti].relation,
            &body.id,
            sentence,
            (h.start, h.end),
            "title.apposition",
        );
        state.last_title = Some(lex.titles[ti].relation);
        return Some(Some(j + 1 + n));
    }
    None
}

#[allow(clippy::too_many_arguments)]
fn counterpart<'n>(
    lex: &Lexicon,
    grammar: &Grammar,
    norm: &'n str,
    items: &[Item],
    i: usize,
    state: &mut DocState,
    out: &mut Collector<'_>,
    els: &mut Vec<El<'n>>,
    sentence: (usize, usize, usize),
) -> usize {
    let (c_start, c_end) = items[i].span();
    // "مع نظيره" and "بنظيره" are single lexicon words: give the frames the
    // preposition they hold, as a word before the person or as the proclitic
    let hit_text = &norm[c_start..c_end];
    let (with, prefix) = match hit_text.split_once(' ') {
        Some((w, _)) if Grammar::is(&grammar.with, w) => (Some(c_start + w.len()), ""),
        // the proclitics before the counterpart word (بنظيره: ب)
        _ => {
            let bare = grammar
                .counterparts
                .iter()
                .find(|w| hit_text.ends_with(w.as_str()))
                .map_or(hit_text.len(), |w| w.len());
            (None, &hit_text[..hit_text.len() - bare])
        }
    };
    let Some((of, _, _, n)) = title_of(lex, grammar, norm, items, i + 1, state, out) else {
        els.push(El {
            start: c_start,
            end: c_end,
            prefix: "",
            kind: Kind::Word(&norm[c_start..c_end]),
        });
        return i + 1;
    };
    let mut k = i + 1 + n;
    if let Some(Item::Tok(t)) = items.get(k)
        && matches!(t.text(norm), "،" | ",")
    {
        k += 1;
    }
    ensure_node(lex, out, &of, None);
    match name_after(lex, grammar, norm, items, k, true) {
        Some((person, ns, ne, next)) => {
            ensure_node(lex, out, &person, Some(out.span(ns, ne).2));
            let how = if person.entry.is_some() {
                Resolution::Lexicon
            } else {
                Resolution::Coreference
            };
            record_mention(out, &person, ns, ne, how);
            let rel = state.last_title.unwrap_or(Relation::OfficialOf);
            out.relation(
                &person.id,
                rel,
                &of.id,
                sentence,
                (c_start, c_end),
                "title.counterpart",
            );
            if person.entry.is_none()
                && let Some(last) = norm[ns..ne].split(' ').next_back()
            {
                state.surnames.insert(last.to_string(), person.clone());
            }
            let mut start = c_start;
            if let Some(w) = with {
                els.push(El {
                    start,
                    end: w,
                    prefix: "",
                    kind: Kind::Word(&norm[start..w]),
                });
                start = w + 1;
            }
            els.push(El {
                start,
                end: ne,
                prefix,
                kind: Kind::Actor {
                    actor: person,
                    capital: false,
                    nationals: false,
                },
            });
            next
        }
        None => {
            record_mention(out, &of, c_start, c_end, Resolution::Nationality);
            els.push(El {
                start: c_start,
                end: c_end,
                prefix: "",
                kind: Kind::Actor {
                    actor: of,
                    capital: false,
                    nationals: false,
                },
            });
            i + 1 + n
        }
    }
}

/// A sentence that opens with a relation verb and names no subject takes the
/// subject of the sentence before (Arabic drops a subject pronoun: "كما سيلتقي
/// كارتر جنودا ... . وسيلتقي أيضا حيدر العبادي": Carter will also meet
/// al-Abadi). The verb opens the sentence (after و, ف or a clause word such as
/// كما) and what follows it is not an actor, which would be its subject (VSO:
/// "واستقبل الرئيس ..."). The subject is put before the verb as an element
/// spanning it (the verb carries it), recorded as a coreference mention.
///
/// `subject` is the subject of the sentence before and becomes this one's:
/// the first actor before the first trigger, or right after a trigger that
/// opens the sentence, or the one carried in.
pub(super) fn carry_subject<'n>(
    lex: &Lexicon,
    grammar: &Grammar,
    els: &mut Vec<El<'n>>,
    subject: &mut Option<Actor>,
    out: &mut Collector<'_>,
) {
    // (the marker of a verb's object pronoun is no element of its own)
    let solid = |k: &usize| {
        !matches!(&els[*k].kind, Kind::Punct)
            && !matches!(&els[*k].kind, Kind::Word(w) if *w == super::relations::OBJECT_PRONOUN)
    };
    let mut idx = (0..els.len()).filter(solid);
    let mut first = idx.next();
    // clause words before the verb (كما, ثم)
    while let Some(f) = first
        && matches!(els[f].kind, Kind::Break)
    {
        first = idx.next();
    }
    let after = idx.next();
    let verb = first.filter(|&f| {
        matches!(&els[f].kind, Kind::Trigger(ts)
            if ts.iter().any(|&t| lex.triggers[t].frame == Frame::Verb))
    });
    let opens_with_trigger = first.is_some_and(|f| matches!(els[f].kind, Kind::Trigger(_)));
    // what follows the verb shows that it has no subject: "أيضا", or the
    // other side with its preposition (مع X, بـX) where a subject would stand
    let dropped = verb.filter(|_| {
        after.is_some_and(|a| match &els[a].kind {
            Kind::Word(w) => grammar.dropped_subject.contains(*w),
            Kind::Actor { .. } => els[a].prefix.trim_start_matches('و').starts_with('ب'),
            _ => false,
        })
    });
    if let (Some(v), Some(a)) = (dropped, subject.clone()) {
        let (start, end) = (els[v].start, els[v].end);
        record_mention(out, &a, start, end, Resolution::Coreference);
        els.insert(
            v,
            El {
                start,
                end,
                prefix: "",
                kind: Kind::Actor {
                    actor: a,
                    capital: false,
                    nationals: false,
                },
            },
        );
        return;
    }
    // this sentence's own subject
    let first_trigger = els
        .iter()
        .position(|e| matches!(e.kind, Kind::Trigger(_)))
        .unwrap_or(els.len());
    let before = els[..first_trigger].iter().find_map(|e| match &e.kind {
        Kind::Actor {
            actor,
            nationals: false,
            ..
        } => Some(actor.clone()),
        _ => None,
    });
    let vso = || {
        after
            .filter(|_| opens_with_trigger)
            .and_then(|a| match &els[a].kind {
                Kind::Actor {
                    actor,
                    nationals: false,
                    ..
                } => Some(actor.clone()),
                _ => None,
            })
    };
    *subject = before.or_else(vso);
}
