//! The relation rules of the lexicon (`lexicon/rules/`), matched over a
//! sentence's elements.
//!
//! Punctuation other than the comma (quotes, brackets) is transparent: a
//! pattern sees the elements without it. A match never crosses a clause break
//! unless it names it (`break`, or its words).
//! Matching is leftmost and greedy, with backtracking inside one match; every
//! repetition is bounded (checked when the lexicon loads), so the work per
//! start is bounded by the pattern and the work per sentence is linear in its
//! length. A step budget per start guards against patterns whose alternatives
//! multiply.

use super::actors::{El, Kind};
use super::relations::{
    Ctx, any_actor_at, group_from, led_by_object, oblique, participants, purpose,
};
use crate::graph::ActorType;
use crate::lexicon::Need;
use crate::lexicon::rules::Vocabulary;
use crate::lexicon::{Atom, Capture, Item, Lexicon, Rule};
use crate::text::{stem, stem_phrase};
use smallvec::SmallVec;

/// Steps one start of one pattern may take before it gives up.
const STEP_BUDGET: usize = 20_000;

/// What a match captured: element indices (into the sentence's elements).
#[derive(Clone, Copy, Default, Debug)]
pub(super) struct Caps {
    pub source: Option<usize>,
    pub target: Option<usize>,
    pub trigger: Option<usize>,
    /// The last member of the list captured as source or target, when it was
    /// an `actors` item (the types of the alternative that matched).
    pub source_last: Option<usize>,
    pub target_last: Option<usize>,
    /// Whether the source or target is `participants` (from its element).
    pub source_part: bool,
    pub target_part: bool,
    /// The first trigger or class word matched: the evidence's trigger when
    /// the rule captures none.
    pub anchor: Option<usize>,
}

/// The sentence as a rule sees it.
pub(super) struct View<'a, 'n> {
    els: &'a [El<'n>],
    norm: &'n str,
    /// Indices of the elements that are not transparent punctuation.
    idx: Vec<usize>,
    /// The classes and the lists of each element (by element index), found
    /// once per sentence, so that matching never stems or hashes.
    classes_of: Vec<SmallVec<[usize; 2]>>,
    lists_of: Vec<SmallVec<[usize; 2]>>,
    /// Found once per element when a rule first asks (every rule tries many
    /// starts near each key): whether it is no preposition's object and not
    /// the leader after بقيادة (0: not known yet, 1: no, 2: yes), and the
    /// coordinated list that starts at it.
    free: std::cell::RefCell<Vec<u8>>,
    lists: std::cell::RefCell<Vec<Option<Vec<usize>>>>,
}

impl<'a, 'n> View<'a, 'n> {
    pub(super) fn new(els: &'a [El<'n>], norm: &'n str) -> View<'a, 'n> {
        // transparent: punctuation, and the marker of no width that stands
        // for a verb's object pronoun ("يرأسها" reads as one word here)
        let idx: Vec<usize> = (0..els.len())
            .filter(|&k| match &els[k].kind {
                Kind::Punct => false,
                Kind::Word(w) => *w != super::relations::OBJECT_PRONOUN,
                _ => true,
            })
            .collect();
        View {
            els,
            norm,
            idx,
            classes_of: vec![SmallVec::new(); els.len()],
            lists_of: vec![SmallVec::new(); els.len()],
            free: std::cell::RefCell::new(vec![0; els.len()]),
            lists: std::cell::RefCell::new(vec![None; els.len()]),
        }
    }

    /// Is the actor at `k` no preposition's object, and not the leader after
    /// بقيادة (see [`oblique`], [`led_by_object`])?
    fn free(&self, lex: &Lexicon, k: usize) -> bool {
        let known = self.free.borrow()[k];
        if known != 0 {
            return known == 2;
        }
        let free = !oblique(lex, self.els, k) && !led_by_object(lex, self.els, k);
        self.free.borrow_mut()[k] = if free { 2 } else { 1 };
        free
    }

    /// The last member of the coordinated list at `k` whose members have one
    /// of `types` (its members up to the first of another type).
    fn list_last(&self, k: usize, types: &[ActorType]) -> usize {
        let mut lists = self.lists.borrow_mut();
        let group = lists[k].get_or_insert_with(|| group_from(self.els, k));
        group
            .iter()
            .take_while(|&&m| any_actor_at(self.els, m).is_some_and(|a| type_ok(a.kind, types)))
            .last()
            .copied()
            .unwrap_or(k)
    }

    /// The written words of element `k` without its proclitics (for words
    /// and triggers).
    fn text(&self, k: usize) -> Option<&'n str> {
        let e = &self.els[k];
        match &e.kind {
            Kind::Word(w) => Some(w),
            Kind::Trigger(_) | Kind::Break => self.norm.get(e.start + e.prefix.len()..e.end),
            _ => None,
        }
    }

    /// Is element `k` a word of class `set` (by the stem of its first word,
    /// or of all its words for a phrase)?
    /// Find the classes and lists of every element (see [`View::classes_of`]).
    fn index(&mut self, voc: &Vocabulary) {
        for i in 0..self.idx.len() {
            let k = self.idx[i];
            let Some(t) = self.text(k) else { continue };
            let first = t.split(' ').next().unwrap_or(t);
            let classes = &mut self.classes_of[k];
            let mut mark = |s: &str| {
                for &c in voc.by_stem.get(s).into_iter().flatten() {
                    if !classes.contains(&c) {
                        classes.push(c);
                    }
                }
            };
            for s in stems_of(first) {
                mark(s);
            }
            if t.contains(' ') {
                mark(&stem_phrase(t));
            }
            for w in [Some(t), t.strip_prefix(['و', 'ف'])].into_iter().flatten() {
                for &l in voc.by_word.get(w).into_iter().flatten() {
                    if !self.lists_of[k].contains(&l) {
                        self.lists_of[k].push(l);
                    }
                }
            }
        }
    }
}

/// The stems a word may have: as written, and without a bare ب ل ك before
/// it ("لمحاربة" is ل + محاربة; the stemmer leaves a bare one, which cannot be
/// told from a first letter).
fn stems_of(word: &str) -> impl Iterator<Item = &str> {
    let w = word.strip_prefix(['و', 'ف']).unwrap_or(word);
    let bare = w
        .strip_prefix(['ب', 'ل', 'ك'])
        .filter(|r| r.chars().count() >= 3);
    std::iter::once(stem(word)).chain(bare.map(stem))
}

fn proclitic_ok(e: &El, want: &Option<String>) -> bool {
    match want {
        None => true,
        Some(letters) => {
            let p = e.prefix.trim_start_matches(['و', 'ف']);
            // [0]: no proclitic at all, not even و: not a conjunct
            if letters == "0" {
                return e.prefix.is_empty();
            }
            // [-]: none but the conjunction و or ف (a verb's form)
            if letters == "-" {
                return matches!(e.prefix, "" | "و" | "ف");
            }
            // [*]: any proclitic or none (and a match may start with it)
            if letters == "*" {
                return true;
            }
            // [^ب]: none that starts with these letters (after و, ف)
            if let Some(not) = letters.strip_prefix('^') {
                return !not.chars().any(|c| p.starts_with(c));
            }
            // [و], [ف]: the conjunction itself; any other letter after it
            letters.chars().any(|c| {
                if matches!(c, 'و' | 'ف') {
                    e.prefix.starts_with(c)
                } else {
                    p.starts_with(c)
                }
            })
        }
    }
}

/// A class word's proclitic: the element's (a trigger's) or the word's first
/// letter after و and ف (a plain word carries its proclitics).
fn class_prefix_ok(v: &View, k: usize, want: &Option<String>) -> bool {
    let Some(letters) = want else {
        return true;
    };
    let e = &v.els[k];
    let written = match &e.kind {
        Kind::Word(w) => w,
        _ => e.prefix,
    };
    let p = written.strip_prefix(['و', 'ف']).unwrap_or(written);
    letters.chars().any(|c| p.starts_with(c))
}

fn type_ok(t: ActorType, types: &[ActorType]) -> bool {
    types.is_empty() || types.contains(&t)
}

struct Matcher<'v, 'a, 'n> {
    view: &'v View<'a, 'n>,
    lex: &'v Lexicon,
    steps: usize,
}

impl Matcher<'_, '_, '_> {
    /// Does the element at view position `p` match a one-element atom?
    fn one(&self, atom: &Atom, p: usize) -> bool {
        let v = self.view;
        let k = v.idx[p];
        let e = &v.els[k];
        if matches!(atom, Atom::Start) {
            return p == 0;
        }
        // a clause break is matched only by its words, named ("من أجل")
        if matches!(e.kind, Kind::Break)
            && !matches!(atom, Atom::Word(_) | Atom::List(_) | Atom::Break)
        {
            return false;
        }
        match atom {
            Atom::Actor(types, pre) => match &e.kind {
                Kind::Actor {
                    actor, nationals, ..
                } => {
                    actor.kind.is_actor()
                        && !nationals
                        && type_ok(actor.kind, types)
                        && proclitic_ok(e, pre)
                }
                _ => false,
            },
            Atom::Victim(types, pre) => match &e.kind {
                Kind::Actor { actor, .. } => {
                    actor.kind.is_actor() && type_ok(actor.kind, types) && proclitic_ok(e, pre)
                }
                _ => false,
            },
            Atom::Actors(..)
            | Atom::Victims(..)
            | Atom::Subject(_, true)
            | Atom::Participants
            | Atom::Pronoun => false,
            Atom::Purpose => purpose(self.lex, v.els, k),
            Atom::Subject(types, false) => self.subject(types, k),
            Atom::Object(types) => {
                matches!(&e.kind, Kind::Actor { actor, .. }
                    if actor.kind.is_actor() && type_ok(actor.kind, types))
                    && oblique(self.lex, v.els, k)
            }
            Atom::Nationals(types) => matches!(&e.kind, Kind::Actor { actor, nationals, .. }
                if actor.kind.is_actor() && *nationals && type_ok(actor.kind, types)),
            // only inside `~( A | B )`: any of the single elements
            Atom::Group(alts) => alts.iter().any(|a| self.one(&a[0].atom, p)),
            Atom::Trigger(spec, pre) => trigger_in(self.lex, e, spec) && proclitic_ok(e, pre),
            Atom::Class(c, pre) => v.classes_of[k].contains(c) && class_prefix_ok(v, k, pre),
            Atom::List(l) => v.lists_of[k].contains(l),
            Atom::Word(word) => v.text(k).is_some_and(|w| {
                w == word || w.strip_prefix(['و', 'ف']).is_some_and(|r| r == word)
            }),
            Atom::Comma => matches!(e.kind, Kind::Comma),
            Atom::Any => true,
            Atom::Start => p == 0,
            Atom::Break => matches!(e.kind, Kind::Break),
            Atom::Not(inner) => !matches!(e.kind, Kind::Break) && !self.one(inner, p),
        }
    }

    /// Can element `k` be a subject: a full actor of one of `types`, no
    /// preposition's object, not the leader after بقيادة?
    fn subject(&self, types: &[ActorType], k: usize) -> bool {
        let els = self.view.els;
        matches!(&els[k].kind, Kind::Actor { actor, nationals, .. }
            if actor.kind.is_actor() && !nationals && type_ok(actor.kind, types))
            && self.view.free(self.lex, k)
    }

    /// Is the element at `p` an object: a preposition's, or with a proclitic
    /// ب ل ك? A match does not start with one unless its first item asks
    /// for a proclitic.
    fn oblique_start(&self, atom: &Atom, p: usize) -> bool {
        let v = self.view;
        let k = v.idx[p];
        let asks = match atom {
            Atom::Actor(_, pre)
            | Atom::Actors(_, pre)
            | Atom::Victim(_, pre)
            | Atom::Victims(_, pre) => pre.is_some(),
            _ => return false,
        };
        if asks {
            return false;
        }
        let proclitic = v.els[k].prefix.trim_start_matches(['و', 'ف']);
        let after_preposition = p > 0
            && matches!(&v.els[v.idx[p - 1]].kind, Kind::Word(w)
                if self.lex.words_of.preposition.contains(*w));
        proclitic.starts_with(['ب', 'ل', 'ك']) || after_preposition
    }

    /// Match `items` from view position `p`; `k` is called with the end and
    /// the captures of each way the items match, until it returns true.
    fn seq(
        &mut self,
        items: &[Item],
        p: usize,
        caps: Caps,
        k: &mut dyn FnMut(&mut Self, usize, Caps) -> bool,
    ) -> bool {
        self.steps += 1;
        if self.steps > STEP_BUDGET {
            return false;
        }
        match items.split_first() {
            None => k(self, p, caps),
            Some((it, rest)) => self.rep(it, 0, p, caps, &mut |m, q, c| m.seq(rest, q, c, k)),
        }
    }

    /// Item `it`, already matched `n` times, from `p`: greedy.
    fn rep(
        &mut self,
        it: &Item,
        n: usize,
        p: usize,
        caps: Caps,
        k: &mut dyn FnMut(&mut Self, usize, Caps) -> bool,
    ) -> bool {
        if matches!(it.atom, Atom::Start | Atom::Pronoun) {
            return self.once(it, p, caps, k);
        }
        if n < it.max
            && self.once(it, p, caps, &mut |m, q, c| {
                // a match of no width (an alternative that is `start`) is
                // taken once, never repeated
                (q > p || it.max == 1) && m.rep(it, n + 1, q, c, k)
            })
        {
            return true;
        }
        n >= it.min && k(self, p, caps)
    }

    /// One occurrence of `it` at `p`.
    fn once(
        &mut self,
        it: &Item,
        p: usize,
        mut caps: Caps,
        k: &mut dyn FnMut(&mut Self, usize, Caps) -> bool,
    ) -> bool {
        let v = self.view;
        // the start of the sentence covers no element
        if matches!(it.atom, Atom::Start) {
            return p == 0 && k(self, p, caps);
        }
        // the marker of an object pronoun stands between the element before
        // `p` and the one at it (the view passes over it)
        if matches!(it.atom, Atom::Pronoun) {
            let from = match p.checked_sub(1) {
                Some(q) => v.idx[q] + 1,
                None => 0,
            };
            let to = v.idx.get(p).copied().unwrap_or(v.els.len());
            let marked = (from..to).any(|x| {
                matches!(&v.els[x].kind, Kind::Word(w) if *w == super::relations::OBJECT_PRONOUN)
            });
            return marked && k(self, p, caps);
        }
        if p >= v.idx.len() {
            return false;
        }
        let el = v.idx[p];
        let mut list_last = None;
        let mut part = false;
        let end = match &it.atom {
            Atom::Participants => {
                let (found, stop) = participants(self.lex, v.els, el);
                if found.is_empty() {
                    return false;
                }
                part = true;
                v.idx.partition_point(|&x| x < stop)
            }
            Atom::Group(alts) => {
                for alt in alts {
                    if self.seq(alt, p, caps, k) {
                        return true;
                    }
                }
                return false;
            }
            Atom::Actors(..) | Atom::Victims(..) | Atom::Subject(_, true) => {
                let e = &v.els[el];
                let (types, ok) = match &it.atom {
                    Atom::Actors(types, pre) => (
                        types,
                        matches!(&e.kind, Kind::Actor { actor, nationals, .. }
                            if actor.kind.is_actor() && !nationals && type_ok(actor.kind, types))
                            && proclitic_ok(e, pre),
                    ),
                    Atom::Victims(types, pre) => (
                        types,
                        matches!(&e.kind, Kind::Actor { actor, .. }
                            if actor.kind.is_actor() && type_ok(actor.kind, types))
                            && proclitic_ok(e, pre),
                    ),
                    Atom::Subject(types, _) => (types, self.subject(types, el)),
                    _ => return false,
                };
                if !ok {
                    return false;
                }
                let last = v.list_last(el, types);
                list_last = Some(last);
                // the view position after the list's last member
                v.idx.partition_point(|&x| x <= last)
            }
            atom => {
                if !self.one(atom, p) {
                    return false;
                }
                p + 1
            }
        };
        match it.capture {
            Some(Capture::Source) => {
                caps.source = Some(el);
                caps.source_last = list_last;
                caps.source_part = part;
            }
            Some(Capture::Target) => {
                caps.target = Some(el);
                caps.target_last = list_last;
                caps.target_part = part;
            }
            Some(Capture::Trigger) => caps.trigger = Some(el),
            None => {}
        }
        if caps.anchor.is_none() && matches!(it.atom, Atom::Trigger(..) | Atom::Class(..)) {
            caps.anchor = Some(el);
        }
        k(self, end, caps)
    }
}

/// The first match of `rule` starting at view position `p`: its end and
/// captures.
/// Matches whose captured trigger is in `used` are passed over.
pub(super) fn match_at(
    rule: &Rule,
    view: &View,
    lex: &Lexicon,
    p: usize,
    used: &[usize],
) -> Option<(usize, Caps)> {
    let mut m = Matcher {
        view,
        lex,
        steps: 0,
    };
    // most starts fail at the first element: test it before matching
    if let Some(first) = rule.pattern.items.first()
        && first.min > 0
        && !matches!(first.atom, Atom::Group(_))
    {
        if !matches!(
            first.atom,
            Atom::Actors(..)
                | Atom::Victims(..)
                | Atom::Subject(_, true)
                | Atom::Participants
                | Atom::Pronoun
        ) && !m.one(&first.atom, p)
        {
            return None;
        }
        // a list starts with an actor (a subject list with one that can be
        // a subject)
        let head = &view.els[view.idx[p]];
        let head_ok = match &first.atom {
            Atom::Subject(types, true) => m.subject(types, view.idx[p]),
            Atom::Actors(..) | Atom::Victims(..) => matches!(head.kind, Kind::Actor { .. }),
            _ => true,
        };
        if !head_ok {
            return None;
        }
        if m.oblique_start(&first.atom, p) {
            return None;
        }
    }
    let mut found = None;
    m.seq(&rule.pattern.items, p, Caps::default(), &mut |_, q, c| {
        if c.trigger.is_some_and(|t| used.contains(&t)) {
            return false;
        }
        found = Some((q, c));
        true
    });
    found
}

/// The element the evidence points at: the captured trigger, else the first
/// trigger or class word, else the match's first element.
fn trigger_of(caps: &Caps, first: usize) -> usize {
    caps.trigger.or(caps.anchor).unwrap_or(first)
}

/// Apply every rule of the lexicon to the sentence.
pub(super) fn apply(cx: &mut Ctx<'_, '_>, norm: &str) {
    if cx.lex.rules.is_empty() {
        return;
    }
    let els = cx.els;
    let lex = cx.lex;
    // every rule relates two actors (a source and a target, or a pair)
    if els
        .iter()
        .filter(|e| matches!(e.kind, Kind::Actor { .. }))
        .nth(1)
        .is_none()
    {
        return;
    }
    let mut view = View::new(els, norm);
    // the classes and lists the sentence holds, in one pass
    let voc = &lex.vocabulary;
    view.index(voc);
    let mut classes = vec![false; voc.classes.len()];
    let mut lists = vec![false; voc.lists.len()];
    for &k in &view.idx {
        for &c in &view.classes_of[k] {
            classes[c] = true;
        }
        for &l in &view.lists_of[k] {
            lists[l] = true;
        }
    }
    // the trigger entries the sentence holds
    let mut entries_here: SmallVec<[usize; 16]> = SmallVec::new();
    for &k in &view.idx {
        if let Kind::Trigger(ts) = &els[k].kind {
            for &t in ts {
                if !entries_here.contains(&t) {
                    entries_here.push(t);
                }
            }
        }
    }
    let has_word = |w: &str| {
        view.idx.iter().any(|&k| {
            view.text(k)
                .is_some_and(|t| t == w || t.strip_prefix(['و', 'ف']) == Some(w))
        })
    };
    // the trigger words each group's rules have claimed
    let mut claimed: Vec<(&str, SmallVec<[usize; 4]>)> = Vec::new();
    for rule in &lex.rules {
        let present = rule
            .needs
            .iter()
            .all(|n| here(n, &classes, &lists, &entries_here, lex, &has_word));
        if !present {
            continue;
        }
        // view positions of the rule's key: a match starts at most `before`
        // elements before one of them
        let keys: SmallVec<[usize; 8]> = match &rule.key {
            Some((need, _, _)) => (0..view.idx.len())
                .filter(|&q| at(lex, need, &view, view.idx[q]))
                .collect(),
            None => SmallVec::new(),
        };
        let before = rule.key.as_ref().map(|k| k.1);
        let key_is_trigger = rule.per_trigger && rule.key.as_ref().is_some_and(|k| k.2);
        let mut next_key = 0;
        let mut p = 0;
        // per_trigger: the trigger words matched already (by the group's
        // rules before this one too)
        let group = rule.group.as_deref();
        let mut used: SmallVec<[usize; 4]> = group
            .and_then(|g| claimed.iter().find(|c| c.0 == g))
            .map(|c| c.1.clone())
            .unwrap_or_default();
        while p < view.idx.len() {
            if let Some(before) = before {
                // a key that is the trigger captured, claimed already, starts
                // no match
                while next_key < keys.len()
                    && (keys[next_key] < p
                        || (key_is_trigger && used.contains(&view.idx[keys[next_key]])))
                {
                    next_key += 1;
                }
                let Some(&q) = keys.get(next_key) else { break };
                p = p.max(q.saturating_sub(before));
            }
            let Some((end, caps)) = match_at(rule, &view, lex, p, &used) else {
                p += 1;
                continue;
            };
            let trig = trigger_of(&caps, view.idx[p]);
            cx.rule = &rule.id;
            // relation = "trigger": the relation of the trigger word captured
            let relation = match &els[trig].kind {
                Kind::Trigger(ts) if !rule.of_trigger.is_empty() => ts
                    .iter()
                    .map(|&t| lex.triggers[t].relation)
                    .find(|r| rule.of_trigger.contains(r))
                    .unwrap_or(rule.relation),
                _ => rule.relation,
            };
            let sources = capture_list(lex, caps.source, caps.source_last, caps.source_part, els);
            let targets = capture_list(lex, caps.target, caps.target_last, caps.target_part, els);
            if rule.pairs {
                // every pair of the source and the target together
                let mut all = sources;
                for t in targets {
                    if !all.contains(&t) {
                        all.push(t);
                    }
                }
                cx.pairs(&all, relation, trig);
            } else {
                cx.cross(&sources, relation, &targets, trig);
            }
            match caps.trigger.filter(|_| rule.per_trigger) {
                // the same start may match again at another trigger
                Some(t) => used.push(t),
                None => p = end.max(p + 1),
            }
        }
        if let Some(g) = group {
            match claimed.iter_mut().find(|c| c.0 == g) {
                Some(c) => c.1 = used,
                None => claimed.push((g, used)),
            }
        }
    }
}

/// Does the sentence hold what `n` needs (`classes`, `lists` and `entries`:
/// the classes, lists and trigger entries it holds)?
fn here(
    n: &Need,
    classes: &[bool],
    lists: &[bool],
    entries: &[usize],
    lex: &Lexicon,
    has_word: &dyn Fn(&str) -> bool,
) -> bool {
    match n {
        Need::Class(c) => classes[*c],
        Need::List(l) => lists[*l],
        Need::Word(w) => has_word(w),
        Need::Trigger(spec) => entries
            .iter()
            .any(|&t| spec.takes(t, lex.triggers[t].relation)),
        Need::Any(ns) => ns
            .iter()
            .any(|n| here(n, classes, lists, entries, lex, has_word)),
    }
}

/// Is element `k` what the key `n` asks for?
fn at(lex: &Lexicon, n: &Need, view: &View, k: usize) -> bool {
    match n {
        Need::Class(c) => view.classes_of[k].contains(c),
        Need::List(l) => view.lists_of[k].contains(l),
        Need::Word(_) => true,
        Need::Trigger(spec) => trigger_in(lex, &view.els[k], spec),
        Need::Any(ns) => ns.iter().any(|n| at(lex, n, view, k)),
    }
}

/// Is `e` a word of a trigger entry that `spec` takes?
fn trigger_in(lex: &Lexicon, e: &El, spec: &crate::lexicon::rules::TriggerSpec) -> bool {
    matches!(&e.kind, Kind::Trigger(ts)
        if ts.iter().any(|&t| spec.takes(t, lex.triggers[t].relation)))
}

/// The actors a capture stands for: the whole list, up to the last member
/// the `actors` item matched, or the one actor.
fn capture_list(
    lex: &Lexicon,
    at: Option<usize>,
    last: Option<usize>,
    part: bool,
    els: &[El],
) -> Vec<usize> {
    let Some(at) = at else {
        return Vec::new();
    };
    if part {
        return participants(lex, els, at).0;
    }
    match last {
        Some(last) => group_from(els, at)
            .into_iter()
            .take_while(|&m| m <= last)
            .collect(),
        None => vec![at],
    }
}
