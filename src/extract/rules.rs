//! The relation rules of the lexicon (`lexicon/rules/`), matched over a
//! sentence's elements.
//!
//! Punctuation other than the comma (quotes, brackets) is transparent: a
//! pattern sees the elements without it. A match never crosses a clause break.
//! Matching is leftmost and greedy, with backtracking inside one match; every
//! repetition is bounded (checked when the lexicon loads), so the work per
//! start is bounded by the pattern and the work per sentence is linear in its
//! length. A step budget per start guards against patterns whose alternatives
//! multiply.

use super::actors::{El, Kind};
use super::relations::{Ctx, any_actor_at, group_from};
use crate::graph::ActorType;
use crate::lexicon::{Atom, Capture, Item, Lexicon, Rule};
use crate::text::stem_phrase;
use std::cell::OnceCell;

/// Steps one start of one pattern may take before it gives up.
const STEP_BUDGET: usize = 20_000;

/// What a match captured: element indices (into the sentence's elements).
#[derive(Clone, Copy, Default, Debug)]
pub(super) struct Caps {
    pub source: Option<usize>,
    pub target: Option<usize>,
    pub trigger: Option<usize>,
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
    stems: Vec<OnceCell<String>>,
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
        let stems = (0..els.len()).map(|_| OnceCell::new()).collect();
        View {
            els,
            norm,
            idx,
            stems,
        }
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

    fn stem(&self, k: usize) -> Option<&str> {
        let t = self.text(k)?;
        Some(self.stems[k].get_or_init(|| stem_phrase(t)))
    }
}

fn proclitic_ok(e: &El, want: &Option<String>) -> bool {
    match want {
        None => true,
        Some(letters) => {
            let p = e.prefix.trim_start_matches(['و', 'ف']);
            // [0]: no proclitic but و or ف
            if letters == "0" {
                return p.is_empty();
            }
            letters.chars().any(|c| p.starts_with(c))
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

/// The members of the coordinated list at `k` that have one of `types`.
pub(super) fn list_at(els: &[El], k: usize, types: &[ActorType]) -> Vec<usize> {
    group_from(els, k)
        .into_iter()
        .take_while(|&m| any_actor_at(els, m).is_some_and(|a| type_ok(a.kind, types)))
        .collect()
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
        // a clause break is matched only by its words, named ("من أجل")
        if matches!(e.kind, Kind::Break) && !matches!(atom, Atom::Word(_) | Atom::List(_)) {
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
            Atom::Actors(..) => false,
            // only inside `~( A | B )`: any of the single elements
            Atom::Group(alts) => alts.iter().any(|a| self.one(&a[0].atom, p)),
            Atom::Trigger(rel) => matches!(&e.kind, Kind::Trigger(ts)
                if ts.iter().any(|&t| self.lex.triggers[t].relation == *rel)),
            Atom::Class(c, pre) => {
                let set = &self.lex.vocabulary.classes[*c].1;
                class_prefix_ok(v, k, pre)
                    && v.stem(k).is_some_and(|s| {
                        set.contains(s) || s.split(' ').next().is_some_and(|f| set.contains(f))
                    })
            }
            Atom::List(l) => {
                let set = &self.lex.vocabulary.lists[*l].1;
                v.text(k).is_some_and(|w| {
                    set.contains(w) || w.strip_prefix(['و', 'ف']).is_some_and(|r| set.contains(r))
                })
            }
            Atom::Word(word) => v.text(k).is_some_and(|w| {
                w == word || w.strip_prefix(['و', 'ف']).is_some_and(|r| r == word)
            }),
            Atom::Comma => matches!(e.kind, Kind::Comma),
            Atom::Any => true,
            Atom::Not(inner) => !matches!(e.kind, Kind::Break) && !self.one(inner, p),
        }
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
        if n < it.max
            && self.once(it, p, caps, &mut |m, q, c| {
                q > p && m.rep(it, n + 1, q, c, k)
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
        if p >= v.idx.len() {
            return false;
        }
        let el = v.idx[p];
        let end = match &it.atom {
            Atom::Group(alts) => {
                for alt in alts {
                    if self.seq(alt, p, caps, k) {
                        return true;
                    }
                }
                return false;
            }
            Atom::Actors(types, pre) => {
                let e = &v.els[el];
                let ok = matches!(&e.kind, Kind::Actor { actor, nationals, .. }
                    if actor.kind.is_actor() && !nationals && type_ok(actor.kind, types))
                    && proclitic_ok(e, pre);
                if !ok {
                    return false;
                }
                let last = *list_at(v.els, el, types).last().unwrap_or(&el);
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
            Some(Capture::Source) => caps.source = Some(el),
            Some(Capture::Target) => caps.target = Some(el),
            Some(Capture::Trigger) => caps.trigger = Some(el),
            None => {}
        }
        if caps.anchor.is_none() && matches!(it.atom, Atom::Trigger(_) | Atom::Class(..)) {
            caps.anchor = Some(el);
        }
        k(self, end, caps)
    }
}

/// The first match of `rule` starting at view position `p`: its end and
/// captures.
pub(super) fn match_at(rule: &Rule, view: &View, lex: &Lexicon, p: usize) -> Option<(usize, Caps)> {
    let mut m = Matcher {
        view,
        lex,
        steps: 0,
    };
    let mut found = None;
    m.seq(&rule.pattern.items, p, Caps::default(), &mut |_, q, c| {
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
    let view = View::new(els, norm);
    for rule in &lex.rules {
        let mut p = 0;
        while p < view.idx.len() {
            let Some((end, caps)) = match_at(rule, &view, lex, p) else {
                p += 1;
                continue;
            };
            let trig = trigger_of(&caps, view.idx[p]);
            cx.rule = &rule.id;
            let sources = capture_list(rule, Capture::Source, caps.source, els);
            if rule.pairs {
                cx.pairs(&sources, rule.relation, trig);
            } else {
                let targets = capture_list(rule, Capture::Target, caps.target, els);
                cx.cross(&sources, rule.relation, &targets, trig);
            }
            p = end.max(p + 1);
        }
    }
}

/// The actors a capture stands for: the whole list for `actors`, the one
/// actor otherwise.
fn capture_list(rule: &Rule, cap: Capture, at: Option<usize>, els: &[El]) -> Vec<usize> {
    let Some(at) = at else {
        return Vec::new();
    };
    match find_capture(&rule.pattern.items, cap) {
        Some(Atom::Actors(types, _)) => list_at(els, at, types),
        _ => vec![at],
    }
}

fn find_capture(items: &[Item], cap: Capture) -> Option<&Atom> {
    items.iter().find_map(|it| {
        if it.capture == Some(cap) {
            return Some(&it.atom);
        }
        match &it.atom {
            Atom::Group(alts) => alts.iter().find_map(|a| find_capture(a, cap)),
            _ => None,
        }
    })
}
