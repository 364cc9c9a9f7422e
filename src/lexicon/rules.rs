//! Relation rules as data: a small pattern language over a sentence's
//! elements (see `lexicon/rules/README.md` and [`Pattern`]).
//!
//! A rule file holds word classes (`[[class]]`, matched by stem), word lists
//! (`[[list]]`, matched as written) and rules (`[[rule]]`), each rule with a
//! pattern, named captures for its source and target, and its own examples.
//! Patterns are compiled once when the lexicon loads; every repetition is
//! bounded, so matching a pattern is linear in the length of a sentence.

use crate::graph::{ActorType, Relation};
use crate::text::{normalize_str, stem_phrase};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

/// The most elements one match of a pattern may cover.
pub const MAX_PATTERN_SPAN: usize = 48;

/// A word class: words matched by their stem, so one entry covers every
/// inflection (دعم covers دعمها, الدعم, ودعمهما).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassEntry {
    pub name: String,
    pub ar: Vec<String>,
}

/// A word list: words matched as written (after normalisation, with و and ف
/// seen through).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListEntry {
    pub name: String,
    pub ar: Vec<String>,
}

/// An example sentence of a rule, with the relations it must give.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub text: String,
    /// `SOURCE RELATION TARGET`, each side an actor's id or one of its names.
    #[serde(default)]
    pub gives: Vec<String>,
}

/// A rule as written in a file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleEntry {
    pub id: String,
    /// One of the ten relations, or `trigger`: the relation of the trigger
    /// word the match captured (one rule for the verbs of several relations).
    pub relation: String,
    pub pattern: String,
    /// For symmetric relations: every pair of the `source` list, with no
    /// target (بين X و Y).
    #[serde(default)]
    pub pairs: bool,
    /// Matches may overlap, and each trigger word is matched once, by the
    /// match that starts leftmost (as a trigger frame reads each word): for
    /// rules that capture `trigger=` on every way through the pattern.
    #[serde(default)]
    pub per_trigger: bool,
    /// Rules of one group read each trigger word once between them: the
    /// first rule of the group (in the order read) whose match captures a
    /// trigger word claims it, and the later ones pass it over (as the
    /// branches of one frame: a subject before the verb, else after it, ...).
    /// Implies `per_trigger`.
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub example: Vec<Example>,
    /// Sentences the rule must not fire on.
    #[serde(default)]
    pub counter: Vec<Example>,
}

/// A word a match cannot do without: a sentence that lacks it is skipped
/// before any matching.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Need {
    Class(usize),
    List(usize),
    Word(String),
    /// A trigger word (of the relations, of the entries with these ids).
    Trigger(TriggerSpec),
    /// Any of these (the keys of a group's alternatives).
    Any(Vec<Need>),
}

/// `needs` as one need: the only one, or any of them (flattened).
fn any_of(needs: Vec<Need>) -> Need {
    let mut flat: Vec<Need> = Vec::new();
    for n in needs {
        let parts = match n {
            Need::Any(ns) => ns,
            n => vec![n],
        };
        for p in parts {
            if !flat.contains(&p) {
                flat.push(p);
            }
        }
    }
    if flat.len() == 1 {
        flat.pop().unwrap_or(Need::Any(Vec::new()))
    } else {
        Need::Any(flat)
    }
}

/// Which trigger words a `trigger` element takes: of these relations (any
/// when empty), of the entries with these ids (any when empty).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TriggerSpec {
    pub relations: Vec<Relation>,
    pub ids: Vec<String>,
    /// The trigger entries (indices) of `ids`.
    pub entries: Vec<usize>,
}

impl TriggerSpec {
    /// Does the trigger entry `t`, of `relation`, belong?
    #[inline]
    pub fn takes(&self, t: usize, relation: Relation) -> bool {
        if self.ids.is_empty() {
            self.relations.is_empty() || self.relations.contains(&relation)
        } else {
            self.entries.contains(&t)
        }
    }
}

/// The needs of a sequence: its required items' classes, lists and words.
pub fn needs(items: &[Item]) -> Vec<Need> {
    let mut out = Vec::new();
    for it in items.iter().filter(|it| it.min > 0) {
        match &it.atom {
            Atom::Class(c, _) => out.push(Need::Class(*c)),
            Atom::List(l) => out.push(Need::List(*l)),
            Atom::Word(w) => out.push(Need::Word(w.clone())),
            Atom::Trigger(spec, _) => out.push(Need::Trigger(spec.clone())),
            // alternatives: what every branch needs ("( %invasion X Y | Y ...
            // %invasion X $it )" needs %invasion)
            Atom::Group(branches) => {
                let mut common: Option<Vec<Need>> = None;
                for b in branches {
                    let nb = needs(b);
                    common = Some(match common {
                        None => nb,
                        Some(c) => c.into_iter().filter(|n| nb.contains(n)).collect(),
                    });
                }
                for n in common.unwrap_or_default() {
                    if !out.contains(&n) {
                        out.push(n);
                    }
                }
                // the key of each branch: the sentence needs one of them
                let keys: Vec<Need> = branches
                    .iter()
                    .filter_map(|b| key(b).map(|k| k.0))
                    .collect();
                if keys.len() == branches.len() {
                    let n = any_of(keys);
                    if !out.contains(&n) {
                        out.push(n);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Elements a coordinated list (`actors`) may cover, for [`key`]: the
/// participants' cap (16) with a connector between each two.
const LIST_SPAN: usize = 32;

/// The first required class, list or trigger of a top-level item, with the most
/// elements the items before it can cover: a match can only start that far
/// before an occurrence of the key. The flag says whether the key is the
/// `trigger=` capture (on every way through it).
pub fn key(items: &[Item]) -> Option<(Need, usize, bool)> {
    let mut before = 0usize;
    for it in items {
        if it.min > 0 {
            let captured = it.capture == Some(Capture::Trigger);
            match &it.atom {
                Atom::Class(c, _) => return Some((Need::Class(*c), before, captured)),
                Atom::List(l) => return Some((Need::List(*l), before, captured)),
                Atom::Trigger(spec, _) => {
                    return Some((Need::Trigger(spec.clone()), before, captured));
                }
                // alternatives that each have a key: any of them, as far
                // before as the farthest
                Atom::Group(branches) if it.max == 1 => {
                    let keys: Vec<(Need, usize, bool)> =
                        branches.iter().filter_map(|b| key(b)).collect();
                    if keys.len() == branches.len() {
                        let most = keys.iter().map(|k| k.1).max().unwrap_or(0);
                        let all_captured = keys.iter().all(|k| k.2);
                        let need = any_of(keys.into_iter().map(|k| k.0).collect());
                        return Some((need, before.saturating_add(most), all_captured));
                    }
                }
                _ => {}
            }
        }
        before = before.saturating_add(span_with(std::slice::from_ref(it), LIST_SPAN).1);
    }
    None
}

/// A compiled rule.
#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    /// A required class or list, how far before it a match may start, and
    /// whether it is the captured trigger.
    pub key: Option<(Need, usize, bool)>,
    /// What a sentence must hold for the rule to match in it.
    pub needs: Vec<Need>,
    /// The relation it gives; with `relation = "trigger"`, the first of the
    /// captured trigger's relations (see [`Rule::of_trigger`]).
    pub relation: Relation,
    /// `relation = "trigger"`: the relations the `trigger=` capture can
    /// name; a match gives the relation of the trigger word it captured.
    pub of_trigger: Vec<Relation>,
    pub pattern: Pattern,
    pub pairs: bool,
    /// Each trigger word matched once (see [`RuleEntry::per_trigger`]).
    pub per_trigger: bool,
    /// The rules that share trigger words (see [`RuleEntry::group`]).
    pub group: Option<String>,
    /// What the rule is for, in words.
    pub note: Option<String>,
    pub examples: Vec<Example>,
    pub counters: Vec<Example>,
    /// Where it was written (`FILE:LINE`).
    pub origin: String,
}

/// A capture name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capture {
    Source,
    Target,
    Trigger,
}

/// One element test.
#[derive(Clone, Debug)]
pub enum Atom {
    /// `actor`, `actor:country|person`: a single actor (not nationals).
    Actor(Vec<ActorType>, Option<String>),
    /// `actors`: a coordinated list of actors (X، Y و Z), as one item.
    Actors(Vec<ActorType>, Option<String>),
    /// `victim`: an actor or a state's nationals (مدنيين فلسطينيين);
    /// `victims`: a coordinated list whose head is one.
    Victim(Vec<ActorType>, Option<String>),
    Victims(Vec<ActorType>, Option<String>),
    /// `participants`: the actors named in the rest of the clause, those
    /// that take part (see `lexicon/rules/README.md`), as one item.
    Participants,
    /// `purpose`: a word that opens a purpose phrase: a verbal noun after
    /// the preposition ل (لتعزيز, لبحث), a word of the list `purpose`, a
    /// trigger word with ل.
    Purpose,
    /// `pronoun`: the verb before has an object pronoun standing for a
    /// relative pronoun's antecedent (التي يتهمها); covers no element.
    Pronoun,
    /// `subject`, `subjects` (true: a coordinated list): an actor that can be
    /// a subject: no preposition's object (by a proclitic ب ل ك, a preposition
    /// before it or before the noun it follows, or its list's head's), and not
    /// the leader named after بقيادة.
    Subject(Vec<ActorType>, bool),
    /// `object`: an actor or a state's nationals that is a preposition's
    /// object (as `subject` says it).
    Object(Vec<ActorType>),
    /// `nationals`: a state's nationals (مدنيين فلسطينيين), not the state.
    Nationals(Vec<ActorType>),
    /// `trigger`: any trigger word; `trigger:RELATION`: a trigger word of
    /// that relation;
    /// `trigger:ID` (`trigger:member_of.includes`): one of that entry's;
    /// `trigger:A|B`: of either; `trigger:ID[و]`: with one of these
    /// proclitics.
    Trigger(TriggerSpec, Option<String>),
    /// `%class`, `%class[ل]`: a word whose stem is in the class (index into
    /// the classes), with one of these proclitics when given.
    Class(usize, Option<String>),
    /// `$list`: a word of the list (index into the lists).
    List(usize),
    /// `"word"`: this word.
    Word(String),
    /// `,`: a comma.
    Comma,
    /// `_`: any element but a clause break.
    Any,
    /// `start`: the start of the sentence (it covers no element).
    Start,
    /// `break`: a clause break (إن, قال, a colon), which no other element but
    /// its own words matches.
    Break,
    /// `~ATOM`, `~( A | B )`: any element but a clause break that matches
    /// none of them.
    Not(Box<Atom>),
    /// `( A | B )`: alternatives, each a sequence.
    Group(Vec<Vec<Item>>),
}

/// An atom with its repetition and capture.
#[derive(Clone, Debug)]
pub struct Item {
    pub atom: Atom,
    pub min: usize,
    pub max: usize,
    pub capture: Option<Capture>,
}

/// A compiled pattern: a sequence of items.
#[derive(Clone, Debug)]
pub struct Pattern {
    pub items: Vec<Item>,
}

/// A map from words, hashed with foldhash (not keyed: the keys are the
/// lexicon's own words, not an attacker's).
pub type FastMap<V> = HashMap<String, V, foldhash::fast::FixedState>;

/// A set of words, hashed like [`FastMap`].
pub type FastSet = HashSet<String, foldhash::fast::FixedState>;

/// Classes and lists by name, their words as stems or normalised words.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// The classes' names; their stems are in `by_stem`.
    pub classes: Vec<String>,
    pub lists: Vec<(String, FastSet)>,
    /// The classes of each stem (a phrase's stems joined by spaces); looked
    /// up for every word of a sentence, so with a fast hash.
    pub by_stem: FastMap<Vec<usize>>,
    /// The lists of each word.
    pub by_word: FastMap<Vec<usize>>,
    by_class: HashMap<String, usize>,
    by_list: HashMap<String, usize>,
    /// The first word of each list as written (before normalisation).
    written: HashMap<String, String>,
    /// The ids of the lexicon's trigger entries (for `trigger:ID`).
    pub trigger_ids: std::collections::BTreeMap<String, Vec<usize>>,
}

impl Vocabulary {
    pub fn add_class(&mut self, c: &ClassEntry) {
        let i = *self.by_class.entry(c.name.clone()).or_insert_with(|| {
            self.classes.push(c.name.clone());
            self.classes.len() - 1
        });
        for w in &c.ar {
            let ids = self
                .by_stem
                .entry(stem_phrase(&normalize_str(w)))
                .or_default();
            if !ids.contains(&i) {
                ids.push(i);
            }
        }
    }

    pub fn add_list(&mut self, l: &ListEntry) {
        if let Some(first) = l.ar.first() {
            self.written
                .entry(l.name.clone())
                .or_insert_with(|| first.clone());
        }
        let i = *self.by_list.entry(l.name.clone()).or_insert_with(|| {
            self.lists.push((l.name.clone(), FastSet::default()));
            self.lists.len() - 1
        });
        for w in &l.ar {
            let w = normalize_str(w);
            let ids = self.by_word.entry(w.clone()).or_default();
            if !ids.contains(&i) {
                ids.push(i);
            }
            self.lists[i].1.insert(w);
        }
    }

    /// The first word of the list `name` as written.
    pub fn written(&self, name: &str) -> Option<&str> {
        self.written.get(name).map(String::as_str)
    }

    /// The words of the list `name` (empty when there is none).
    pub fn list(&self, name: &str) -> Option<&FastSet> {
        self.by_list.get(name).map(|&i| &self.lists[i].1)
    }
}

/// Parse and check a pattern; an error message says what is wrong.
pub fn compile(src: &str, voc: &Vocabulary) -> Result<Pattern, String> {
    let toks = lex(src)?;
    let mut p = Parser {
        toks: &toks,
        at: 0,
        voc,
    };
    let items = p.seq()?;
    if p.at < toks.len() {
        return Err(match &toks[p.at] {
            Tok::Close => "a `)` without its `(`".to_string(),
            Tok::Bar => "a `|` outside a group `( ... )`".to_string(),
            t => format!("unexpected {t:?}"),
        });
    }
    if items.is_empty() {
        return Err("the pattern is empty".into());
    }
    let pattern = Pattern { items };
    let (lo, hi) = span(&pattern.items);
    if lo == 0 {
        return Err("the pattern can match nothing at all (every item is optional)".into());
    }
    if hi > MAX_PATTERN_SPAN {
        return Err(format!(
            "the pattern can cover {hi} elements, more than {MAX_PATTERN_SPAN}: bound its repetitions"
        ));
    }
    Ok(pattern)
}

/// The least and most elements a sequence covers (a coordinated list counts
/// as a few: the engine caps lists at the participants' limit).
fn span(items: &[Item]) -> (usize, usize) {
    span_with(items, 1)
}

/// [`span`], with a coordinated list (`actors`) covering at most `list`
/// elements.
fn span_with(items: &[Item], list: usize) -> (usize, usize) {
    items.iter().fold((0, 0), |(lo, hi), it| {
        let (a, b) = match &it.atom {
            Atom::Group(alts) => alts
                .iter()
                .map(|s| span_with(s, list))
                .fold((usize::MAX, 0), |(l, h), (a, b)| (l.min(a), h.max(b))),
            Atom::Actors(..) | Atom::Victims(..) | Atom::Subject(_, true) | Atom::Participants => {
                (1, list)
            }
            Atom::Start | Atom::Pronoun => (0, 0),
            _ => (1, 1),
        };
        (lo + a * it.min, hi.saturating_add(b.saturating_mul(it.max)))
    })
}

/// How many times one match can set each capture (source, target,
/// trigger): summed along a sequence, the most of a group's alternatives.
pub fn capture_counts(items: &[Item]) -> [usize; 3] {
    let slot = |c: Capture| match c {
        Capture::Source => 0,
        Capture::Target => 1,
        Capture::Trigger => 2,
    };
    let mut n = [0; 3];
    for it in items {
        if let Some(c) = it.capture {
            n[slot(c)] += 1;
        }
        if let Atom::Group(alts) = &it.atom {
            let mut most = [0; 3];
            for a in alts {
                let m = capture_counts(a);
                for i in 0..3 {
                    most[i] = most[i].max(m[i]);
                }
            }
            for i in 0..3 {
                n[i] += most[i] * it.max;
            }
        }
    }
    n
}

/// The relations of the `trigger=` captures of a sequence (empty when one
/// of them takes any trigger word).
pub fn captured_trigger_relations(items: &[Item], out: &mut Vec<Relation>) -> bool {
    for it in items {
        if it.capture == Some(Capture::Trigger) {
            match &it.atom {
                Atom::Trigger(spec, _) if !spec.relations.is_empty() => {
                    for r in &spec.relations {
                        if !out.contains(r) {
                            out.push(*r);
                        }
                    }
                }
                _ => return false,
            }
        }
        if let Atom::Group(alts) = &it.atom {
            for a in alts {
                if !captured_trigger_relations(a, out) {
                    return false;
                }
            }
        }
    }
    true
}

/// Whether every way through the sequence sets the capture.
pub fn always_captures(items: &[Item], c: Capture) -> bool {
    items.iter().any(|it| {
        it.min > 0
            && (it.capture == Some(c)
                || matches!(&it.atom, Atom::Group(alts) if alts.iter().all(|a| always_captures(a, c))))
    })
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Open,
    Close,
    Bar,
    Comma,
    Not,
    Quant(usize, usize),
    Capture(Capture),
    Word(String),
    Name(String),
}

fn lex(src: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut cs = src.chars().peekable();
    while let Some(&c) = cs.peek() {
        match c {
            c if c.is_whitespace() => {
                cs.next();
            }
            '(' | ')' | '|' | ',' | '~' | '?' => {
                cs.next();
                out.push(match c {
                    '(' => Tok::Open,
                    ')' => Tok::Close,
                    '|' => Tok::Bar,
                    ',' => Tok::Comma,
                    '~' => Tok::Not,
                    _ => Tok::Quant(0, 1),
                });
            }
            '*' | '+' => {
                return Err(format!(
                    "`{c}` repeats without bound: write a bounded repetition such as {{0,3}}"
                ));
            }
            '{' => {
                cs.next();
                let mut body = String::new();
                loop {
                    match cs.next() {
                        Some('}') => break,
                        Some(c) => body.push(c),
                        None => return Err("a `{` without its `}`".into()),
                    }
                }
                let num = |s: &str| {
                    s.trim()
                        .parse::<usize>()
                        .map_err(|_| format!("`{{{body}}}`: a repetition is {{N}} or {{M,N}}"))
                };
                let (m, n) = match body.split_once(',') {
                    Some((a, b)) if b.trim().is_empty() => {
                        return Err(format!(
                            "`{{{body}}}` repeats without bound: give the most, as {{{},N}}",
                            a.trim()
                        ));
                    }
                    Some((a, b)) => (num(a)?, num(b)?),
                    None => {
                        let n = num(&body)?;
                        (n, n)
                    }
                };
                if m > n || n == 0 {
                    return Err(format!("`{{{body}}}`: the least is more than the most"));
                }
                out.push(Tok::Quant(m, n));
            }
            '"' => {
                cs.next();
                let mut w = String::new();
                loop {
                    match cs.next() {
                        Some('"') => break,
                        Some(c) => w.push(c),
                        None => return Err("a `\"` without its closing `\"`".into()),
                    }
                }
                if w.trim().is_empty() {
                    return Err("an empty word `\"\"`".into());
                }
                out.push(Tok::Word(normalize_str(w.trim())));
            }
            _ => {
                let mut name = String::new();
                while let Some(&c) = cs.peek() {
                    // "actor:country|person": a `|` right after a type is the
                    // next type's, not an alternative's
                    let in_types = c == '|' && name.contains(':') && !name.contains('[');
                    // "actor[*]": any proclitic
                    let in_proclitic = c == '*' && name.ends_with('[');
                    if c.is_whitespace()
                        || ("()|,~?{}\"*+".contains(c) && !in_types && !in_proclitic)
                    {
                        break;
                    }
                    name.push(c);
                    cs.next();
                    if c == '=' {
                        break;
                    }
                }
                match name.strip_suffix('=') {
                    Some(cap) => out.push(Tok::Capture(match cap {
                        "source" => Capture::Source,
                        "target" => Capture::Target,
                        "trigger" => Capture::Trigger,
                        _ => {
                            return Err(format!(
                                "unknown capture `{cap}=`: captures are source=, target= and trigger="
                            ));
                        }
                    })),
                    None => out.push(Tok::Name(name)),
                }
            }
        }
    }
    Ok(out)
}

struct Parser<'t, 'v> {
    toks: &'t [Tok],
    at: usize,
    voc: &'v Vocabulary,
}

impl Parser<'_, '_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn seq(&mut self) -> Result<Vec<Item>, String> {
        let mut items = Vec::new();
        while let Some(t) = self.peek() {
            if matches!(t, Tok::Close | Tok::Bar) {
                break;
            }
            items.push(self.item()?);
        }
        Ok(items)
    }

    fn item(&mut self) -> Result<Item, String> {
        let capture = match self.peek() {
            Some(Tok::Capture(c)) => {
                let c = *c;
                self.at += 1;
                Some(c)
            }
            _ => None,
        };
        let atom = self.atom()?;
        let (min, max) = match self.peek() {
            Some(Tok::Quant(m, n)) => {
                let q = (*m, *n);
                self.at += 1;
                q
            }
            _ => (1, 1),
        };
        if matches!(atom, Atom::Start) && (min, max) != (1, 1) {
            return Err("`start` is repeated: the sentence starts once".into());
        }
        if matches!(atom, Atom::Pronoun) && (min, max) != (1, 1) {
            return Err("`pronoun` is not repeated".into());
        }
        if matches!(atom, Atom::Participants) && max > 1 {
            return Err(
                "`participants` is not repeated: it is everyone up to the clause's end".into(),
            );
        }
        if let Some(c) = capture {
            let ok = match c {
                Capture::Source | Capture::Target => {
                    matches!(
                        atom,
                        Atom::Actor(..)
                            | Atom::Actors(..)
                            | Atom::Victim(..)
                            | Atom::Victims(..)
                            | Atom::Participants
                            | Atom::Subject(..)
                            | Atom::Object(..)
                            | Atom::Nationals(..)
                    )
                }
                Capture::Trigger => !matches!(atom, Atom::Group(_)),
            };
            if !ok {
                return Err(format!(
                    "capture {c:?} must name {}",
                    if c == Capture::Trigger {
                        "one element, not a group"
                    } else {
                        "an actor, actors, victim(s) or participants"
                    }
                ));
            }
            if max > 1 {
                return Err(format!(
                    "capture {c:?} is repeated: a capture names one item"
                ));
            }
        }
        Ok(Item {
            atom,
            min,
            max,
            capture,
        })
    }

    fn atom(&mut self) -> Result<Atom, String> {
        let Some(t) = self.peek().cloned() else {
            return Err("the pattern ends where an element was expected".into());
        };
        self.at += 1;
        match t {
            Tok::Open => {
                let mut alts = vec![self.seq()?];
                loop {
                    match self.peek() {
                        Some(Tok::Bar) => {
                            self.at += 1;
                            alts.push(self.seq()?);
                        }
                        Some(Tok::Close) => {
                            self.at += 1;
                            break;
                        }
                        _ => return Err("a `(` without its `)`".into()),
                    }
                }
                if alts.iter().any(Vec::is_empty) {
                    return Err("an empty alternative in `( ... )`".into());
                }
                Ok(Atom::Group(alts))
            }
            Tok::Not => {
                let inner = self.atom()?;
                let single = |a: &Atom| {
                    !matches!(
                        a,
                        Atom::Group(_)
                            | Atom::Actors(..)
                            | Atom::Victims(..)
                            | Atom::Subject(_, true)
                            | Atom::Start
                            | Atom::Pronoun
                            | Atom::Participants
                    )
                };
                let ok = match &inner {
                    Atom::Group(alts) => alts.iter().all(|alt| {
                        matches!(alt.as_slice(), [it] if it.min == 1 && it.max == 1
                            && it.capture.is_none() && single(&it.atom))
                    }),
                    a => single(a),
                };
                if !ok {
                    return Err(
                        "`~` takes one element, or ( A | B ) of single elements, not a list".into(),
                    );
                }
                Ok(Atom::Not(Box::new(inner)))
            }
            Tok::Comma => Ok(Atom::Comma),
            Tok::Word(w) => Ok(Atom::Word(w)),
            Tok::Name(n) => self.named(&n),
            Tok::Close => Err("a `)` without its `(`".into()),
            Tok::Bar => Err("a `|` where an element was expected".into()),
            Tok::Quant(..) => Err("a repetition with nothing before it".into()),
            Tok::Capture(_) => Err("a capture with nothing after it".into()),
        }
    }

    fn named(&self, n: &str) -> Result<Atom, String> {
        // the elements that are a word alone
        let bare = match n {
            "_" => Some(Atom::Any),
            "break" => Some(Atom::Break),
            "start" => Some(Atom::Start),
            "participants" => Some(Atom::Participants),
            "purpose" => Some(Atom::Purpose),
            "pronoun" => Some(Atom::Pronoun),
            _ => None,
        };
        if let Some(atom) = bare {
            return Ok(atom);
        }
        // NAME[PROCLITICS]
        let (head, prefix) = match n.split_once('[') {
            Some((h, p)) => match p.strip_suffix(']') {
                Some(p) if !p.is_empty() => (h, Some(normalize_str(p))),
                _ => return Err(format!("`{n}`: a proclitic is written as [ل] or [بل]")),
            },
            None => (n, None),
        };
        if let Some(c) = head.strip_prefix('%') {
            return match self.voc.by_class.get(c) {
                Some(&i) => Ok(Atom::Class(i, prefix)),
                None => Err(format!("unknown word class `%{c}`")),
            };
        }
        if let Some(l) = head.strip_prefix('$') {
            if prefix.is_some() {
                return Err(format!(
                    "`{n}`: a list's words are written with their proclitics"
                ));
            }
            return match self.voc.by_list.get(l) {
                Some(&i) => Ok(Atom::List(i)),
                None => Err(format!("unknown word list `${l}`")),
            };
        }
        let (kind, types) = match head.split_once(':') {
            Some((k, t)) => (k, Some(t)),
            None => (head, None),
        };
        if kind == "trigger" {
            let Some(names) = types else {
                return Ok(Atom::Trigger(TriggerSpec::default(), prefix));
            };
            // trigger:ID (an entry's id, RELATION.NAME) or trigger:RELATION,
            // several joined by |; entries with ids and relations alone are
            // not mixed
            let mut spec = TriggerSpec::default();
            for name in names.split('|') {
                let r = name.split_once('.').map_or(name, |(r, _)| r);
                let rel = r
                    .parse::<Relation>()
                    .map_err(|_| format!("unknown relation in `{n}`"))?;
                if name.contains('.') {
                    let Some(entries) = self.voc.trigger_ids.get(name) else {
                        return Err(format!("unknown trigger entry `{name}` in `{n}`"));
                    };
                    spec.ids.push(name.to_string());
                    spec.entries.extend(entries.iter().copied());
                }
                if !spec.relations.contains(&rel) {
                    spec.relations.push(rel);
                }
            }
            if !spec.ids.is_empty() && spec.ids.len() != names.split('|').count() {
                return Err(format!(
                    "`{n}`: name either entries (RELATION.NAME) or relations, not both"
                ));
            }
            return Ok(Atom::Trigger(spec, prefix));
        }
        let types = match types {
            None => Vec::new(),
            Some(t) => t
                .split('|')
                .map(|x| {
                    x.parse::<ActorType>()
                        .ok()
                        .filter(|a| a.is_actor())
                        .ok_or_else(|| format!("unknown actor type `{x}` in `{n}`"))
                })
                .collect::<Result<_, _>>()?,
        };
        match kind {
            "actor" => Ok(Atom::Actor(types, prefix)),
            "actors" => Ok(Atom::Actors(types, prefix)),
            "victim" => Ok(Atom::Victim(types, prefix)),
            "victims" => Ok(Atom::Victims(types, prefix)),
            "subject" | "subjects" | "object" | "nationals" if prefix.is_some() => Err(format!(
                "`{n}` takes no proclitic: a subject has no proclitic ب ل ك, an object has one or a preposition (write actor[...] for a proclitic)"
            )),
            "subject" => Ok(Atom::Subject(types, false)),
            "subjects" => Ok(Atom::Subject(types, true)),
            "object" => Ok(Atom::Object(types)),
            "nationals" => Ok(Atom::Nationals(types)),
            _ => Err(format!(
                "unknown element `{n}`: elements are actor, actors, victim, victims, subject, subjects, object, nationals, participants, purpose, pronoun, trigger, trigger:REL, %class, $list, \"word\", `,`, _, break and start"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn voc() -> Vocabulary {
        let mut v = Vocabulary::default();
        v.add_class(&ClassEntry {
            name: "support".into(),
            ar: vec!["دعم".into()],
        });
        v.add_list(&ListEntry {
            name: "with".into(),
            ar: vec!["مع".into()],
        });
        v
    }

    fn err(p: &str) -> String {
        compile(p, &voc()).unwrap_err()
    }

    #[test]
    fn patterns_compile() {
        let p = compile(
            "source=actors trigger=%support ( $with | \"من\" ) _{0,2} target=actor:country|person[ل]?",
            &voc(),
        )
        .unwrap();
        assert_eq!(p.items.len(), 5);
        assert_eq!(capture_counts(&p.items), [1, 1, 1]);
        assert!(always_captures(&p.items, Capture::Source));
        assert!(!always_captures(&p.items, Capture::Target));
        let q = compile(
            "( source=actor %support | %support source=actor ) target=actor",
            &voc(),
        )
        .unwrap();
        assert_eq!(capture_counts(&q.items), [1, 1, 0]);
        assert!(always_captures(&q.items, Capture::Source));
        let s = compile("start _{0,3} source=actor target=actor", &voc()).unwrap();
        assert!(matches!(s.items[0].atom, Atom::Start));
        let t = compile("source=actor trigger:leader_of[و] target=actor", &voc()).unwrap();
        assert!(
            matches!(&t.items[1].atom, Atom::Trigger(spec, Some(p)) if p == "و" && spec.ids.is_empty())
        );
        assert!(err("source=actor trigger:leader_of[] target=actor").contains("proclitic"));
        let u = compile(
            "source=subjects:country ~( actor | trigger ){0,3} target=subject",
            &voc(),
        )
        .unwrap();
        assert!(matches!(&u.items[0].atom, Atom::Subject(t, true) if t == &[ActorType::Country]));
        assert!(matches!(&u.items[2].atom, Atom::Subject(t, false) if t.is_empty()));
        assert!(
            matches!(&u.items[1].atom, Atom::Not(g) if matches!(&**g, Atom::Group(a) if matches!(a[1][0].atom, Atom::Trigger(ref spec, None) if *spec == TriggerSpec::default())))
        );
        assert!(err("source=subject[ل] target=actor").contains("a subject has no proclitic"));
        assert!(err("source=subject:planet target=actor").contains("unknown actor type"));
        assert!(err("~subjects actor").contains("`~` takes one element"));
        let o = compile("source=actor ~object target=object:country", &voc()).unwrap();
        assert!(matches!(&o.items[2].atom, Atom::Object(t) if t == &[ActorType::Country]));
        let n = compile("source=actor target=nationals", &voc()).unwrap();
        assert!(matches!(&n.items[1].atom, Atom::Nationals(t) if t.is_empty()));
        assert!(err("source=actor target=object[ب]").contains("no proclitic"));
        assert!(err("source=actor target=nationals:planet").contains("unknown actor type"));
        let b = compile("source=actor ( _ | break ){0,3} target=actor", &voc()).unwrap();
        assert!(
            matches!(&b.items[1].atom, Atom::Group(alts) if matches!(alts[1][0].atom, Atom::Break))
        );
    }

    #[test]
    fn a_group_of_alternatives_with_keys_is_a_key() {
        // a match starts at most as far before either key as its branch allows
        let p = compile(
            "( source=actor ~actor{0,2} %support | \"x\" $with ) target=actor",
            &voc(),
        )
        .unwrap();
        let (need, before, captured) = key(&p.items).unwrap();
        assert!(matches!(&need, Need::Any(ns) if ns.len() == 2), "{need:?}");
        assert_eq!(before, 3);
        assert!(!captured);
        assert!(needs(&p.items).contains(&need));
        // a branch without a key: no key for the group
        let q = compile(
            "( source=actor %support | source=actor ) target=actor",
            &voc(),
        )
        .unwrap();
        assert!(key(&q.items).is_none());
    }

    #[test]
    fn wrong_patterns_say_why() {
        assert!(err("%nothing actor").contains("unknown word class"));
        assert!(err("$nothing actor").contains("unknown word list"));
        assert!(err("( actor").contains("without its `)`"));
        assert!(err("actor )").contains("without its `(`"));
        assert!(err("actor _*").contains("without bound"));
        assert!(err("actor _{2,}").contains("without bound"));
        assert!(err("actor:planet").contains("unknown actor type"));
        assert!(err("trigger:likes").contains("unknown relation"));
        assert!(err("who=actor").contains("unknown capture"));
        assert!(err("_{0,30} _{0,30}").contains("can match nothing"));
        assert!(err("actor _{1,30} _{1,30}").contains("more than"));
        assert!(err("source=_").contains("must name"));
        assert!(err("thing").contains("unknown element"));
        assert!(err("breaks").contains("unknown element"));
        assert!(err("source=break").contains("must name"));
        assert!(err("start? actor").contains("`start` is repeated"));
        assert!(err("~start actor").contains("`~` takes one element"));
        assert!(err("start").contains("can match nothing"));
    }
}
