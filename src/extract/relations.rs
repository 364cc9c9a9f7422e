//! Relations: the grammar the relation rules read (`lexicon/rules/`), and
//! what a rule's match gives. Every relation is a rule's: this module says
//! what a subject, a preposition's object, a coordinated list, a place, a
//! purpose and a meeting's participants are, with the words of the lexicon's
//! lists, and emits the pairs a match captured.
//!
//! Objects of prepositions (من مصر, بالقاهرة) are never subjects.

use super::Collector;
use super::actors::{Actor, El, Kind};
use crate::graph::{ActorType, Relation};
use crate::lexicon::{LED_BY, Lexicon, MEMBER};

/// Is element `k` a full actor (not a place or medium, not nationals)?
fn actor_at<'a>(els: &'a [El<'_>], k: usize) -> Option<&'a Actor> {
    match &els[k].kind {
        Kind::Actor {
            actor, nationals, ..
        } if actor.kind.is_actor() && !nationals => Some(actor),
        _ => None,
    }
}

/// An actor or nationals (a possible victim).
pub(super) fn any_actor_at<'a>(els: &'a [El<'_>], k: usize) -> Option<&'a Actor> {
    match &els[k].kind {
        Kind::Actor { actor, .. } if actor.kind.is_actor() => Some(actor),
        _ => None,
    }
}

fn prev_word<'n>(els: &[El<'n>], k: usize) -> Option<&'n str> {
    els[..k].iter().rev().find_map(|e| match &e.kind {
        Kind::Punct => None,
        Kind::Word(w) => Some(Some(*w)),
        _ => Some(None),
    })?
}

/// Is element `k` the object of a preposition?
pub(super) fn oblique(lex: &Lexicon, els: &[El], k: usize) -> bool {
    // a conjunct shares its list head's preposition: "في أفغانستان وباكستان"
    let head = group_to(els, k)[0];
    if head != k {
        return oblique(lex, els, head);
    }
    let p = els[k].prefix.trim_start_matches(['و', 'ف']);
    if p.starts_with('ب') || p.starts_with('ل') || p.starts_with('ك') {
        return true;
    }
    if prev_word(els, k).is_some_and(|w| lex.words_of.preposition.contains(w)) {
        return true;
    }
    // the genitive of a noun after a preposition: "في جنوب اليمن"
    k >= 2
        && matches!(&els[k - 1].kind, Kind::Word(_))
        && matches!(&els[k - 2].kind, Kind::Word(w) if lex.words_of.preposition.contains(*w))
}

/// Is element `k` a place: the object of "في" (a word of the list
/// `locative`), or a genitive after it?
fn locative(lex: &Lexicon, els: &[El], k: usize) -> bool {
    let head = group_to(els, k)[0];
    let at = &lex.words_of.locative;
    prev_word(els, head).is_some_and(|w| at.contains(w))
        || (head >= 2
            && matches!(&els[head - 1].kind, Kind::Word(_))
            && matches!(&els[head - 2].kind, Kind::Word(w) if at.contains(*w)))
}

/// Is element `k` a state named as a place ("في البحرين"), not as an actor?
fn place(lex: &Lexicon, els: &[El], k: usize) -> bool {
    matches!(
        any_actor_at(els, k).map(|a| a.kind),
        Some(ActorType::Country)
    ) && locative(lex, els, k)
}

/// The list of actors starting at `k`: X، Y و Z. Returns indices.
pub(super) fn group_from(els: &[El], k: usize) -> Vec<usize> {
    let mut g = vec![k];
    let mut j = k + 1;
    while j < els.len() {
        match &els[j].kind {
            Kind::Punct | Kind::Comma => j += 1,
            Kind::Word(w) if *w == "و" => j += 1,
            Kind::Actor { .. } if any_actor_at(els, j).is_some() => {
                let joined = els[j].prefix.starts_with('و')
                    || els[g[g.len() - 1] + 1..j].iter().any(|e| {
                        matches!(&e.kind, Kind::Comma)
                            || matches!(&e.kind, Kind::Word(w) if *w == "و")
                    });
                if !joined {
                    break;
                }
                g.push(j);
                j += 1;
            }
            _ => break,
        }
    }
    g
}

/// The list of actors that ends at `k`.
fn group_to(els: &[El], k: usize) -> Vec<usize> {
    let mut g = vec![k];
    let mut cur = k;
    loop {
        if !els[cur].prefix.starts_with('و') {
            break;
        }
        let mut j = cur;
        let mut found = None;
        while j > 0 {
            j -= 1;
            match &els[j].kind {
                Kind::Punct | Kind::Comma => continue,
                Kind::Actor { .. } if actor_at(els, j).is_some() => {
                    found = Some(j);
                    break;
                }
                _ => break,
            }
        }
        match found {
            Some(j) => {
                g.push(j);
                cur = j;
            }
            None => break,
        }
    }
    g.reverse();
    g
}

/// Is the actor at `k` the leader in "Y بقيادة X" / "Y الذي تقوده X"? Then Y, not
/// X, is the subject of what follows ("التحالف بقيادة واشنطن شن غارات").
pub(super) fn led_by_object(lex: &Lexicon, els: &[El], k: usize) -> bool {
    let head = group_to(els, k)[0];
    head > 0
        && matches!(&els[head - 1].kind, Kind::Trigger(ts)
            if lex.any_id(ts, LED_BY))
}

/// Is the word `w` a verbal noun after the preposition ل (لتبادل, لبحث: ل and
/// at least four letters), which opens a purpose phrase?
fn lam_of_purpose(w: &str) -> bool {
    w.starts_with('ل') && w.chars().count() > 4
}

/// Is element `k` a word that opens a purpose or goal phrase (لتبادل, a word
/// of the list `purpose`: إلى), or a trigger word with ل (لدعم)?
pub(super) fn purpose(lex: &Lexicon, els: &[El], k: usize) -> bool {
    match &els[k].kind {
        Kind::Word(w) => lex.words_of.purpose.contains(*w) || lam_of_purpose(w),
        Kind::Trigger(_) => els[k].prefix.trim_start_matches('و').starts_with('ل'),
        _ => false,
    }
}

/// The most elements [`participants`] reads.
pub(super) const PARTICIPANTS_SCAN: usize = 64;

/// The participants of a meeting from element `from` on: every actor until
/// the clause ends, a topic (حول, بشأن), a purpose (لتعزيز) or a relative
/// clause (التي) starts, or another trigger word stands (unless it is a
/// participation word, بمشاركة, or the occasion, على هامش الاجتماع); states
/// named as places (في الرياض, بالرياض) are where, not who. Returns them
/// and the element where the reading stopped (at most [`PARTICIPANTS_SCAN`]
/// on).
pub(super) fn participants(lex: &Lexicon, els: &[El], from: usize) -> (Vec<usize>, usize) {
    let words = &lex.words_of;
    let end = from.saturating_add(PARTICIPANTS_SCAN).min(els.len());
    let mut found = Vec::new();
    let mut k = from;
    while k < end {
        let stop = match &els[k].kind {
            Kind::Break => true,
            Kind::Word(w) => {
                words.topic.contains(*w)
                    || lam_of_purpose(w)
                    || words.relative.contains(w.trim_start_matches('و'))
            }
            Kind::Trigger(ts) => {
                !ts.iter().any(|&t| lex.triggers[t].id == MEMBER)
                    && !prev_word(els, k).is_some_and(|w| words.occasion.contains(w))
            }
            _ => false,
        };
        if stop {
            break;
        }
        if actor_at(els, k).is_some() {
            let country = matches!(
                any_actor_at(els, k).map(|a| a.kind),
                Some(ActorType::Country)
            );
            let capital_after_preposition =
                matches!(&els[k].kind, Kind::Actor { capital: true, .. }) && oblique(lex, els, k);
            let with_b = els[k].prefix.trim_start_matches('و').starts_with('ب');
            let where_ = place(lex, els, k) || country && (with_b || capital_after_preposition);
            if !where_ {
                found.push(k);
            }
        }
        k += 1;
    }
    (found, k)
}

pub(super) struct Ctx<'a, 'c> {
    pub lex: &'a Lexicon,
    pub els: &'a [El<'a>],
    out: &'a mut Collector<'c>,
    sentence: (usize, usize, usize),
    /// The id of the rule being applied (provenance of what it emits).
    pub rule: &'a str,
}

impl Ctx<'_, '_> {
    fn id(&self, k: usize) -> String {
        match &self.els[k].kind {
            Kind::Actor { actor, .. } => actor.id.clone(),
            _ => String::new(),
        }
    }

    /// Does the person at `p` serve or lead the actor at `o`, by a role the
    /// lexicon gives them or a title the document has stated?
    fn serves(&self, p: usize, o: usize) -> bool {
        let (Some(pa), Some(oa)) = (any_actor_at(self.els, p), any_actor_at(self.els, o)) else {
            return false;
        };
        let by_lexicon = match (pa.entry, oa.entry) {
            (Some(pe), Some(oe)) => {
                let key = &self.lex.actors[oe].key;
                self.lex.actors[pe].roles.iter().any(|r| &r.of == key)
            }
            _ => false,
        };
        by_lexicon
            || [Relation::OfficialOf, Relation::LeaderOf]
                .into_iter()
                .any(|rel| {
                    self.out
                        .roles
                        .contains(&(pa.id.clone(), rel, oa.id.clone()))
                })
    }

    fn emit(&mut self, s: usize, rel: Relation, t: usize, trig: usize) {
        let (a, b) = (self.id(s), self.id(t));
        if a.is_empty() || b.is_empty() {
            return;
        }
        // a person does not meet, call or cooperate with their own state or
        // body, and no other relation than a role links them (a state does
        // not request, support or attack its own official)
        let role_relation = matches!(
            rel,
            Relation::LeaderOf | Relation::OfficialOf | Relation::MemberOf
        );
        if !role_relation && (self.serves(s, t) || self.serves(t, s)) {
            return;
        }
        let span = (self.els[trig].start, self.els[trig].end);
        let sector = |k: usize| {
            any_actor_at(self.els, k)
                .and_then(|x| x.sector)
                .map(|i| self.lex.sectors[i].code.as_str())
        };
        let sectors = (sector(s), sector(t));
        self.out
            .relation_of_sectors(&a, rel, &b, self.sentence, span, sectors, self.rule);
    }

    /// Every pair of `xs` (the first [`Collector::cap`] of them).
    pub(super) fn pairs(&mut self, xs: &[usize], rel: Relation, trig: usize) {
        let xs = self.out.cap(xs, self.els[trig].start);
        for (n, &a) in xs.iter().enumerate() {
            for &b in &xs[n + 1..] {
                self.emit(a, rel, b, trig);
            }
        }
    }

    /// Every member of `xs` with every member of `ys` (each side capped).
    pub(super) fn cross(&mut self, xs: &[usize], rel: Relation, ys: &[usize], trig: usize) {
        let xs = self.out.cap(xs, self.els[trig].start);
        let ys = self.out.cap(ys, self.els[trig].start);
        for &a in xs {
            for &b in ys {
                self.emit(a, rel, b, trig);
            }
        }
    }
}

/// Apply the relation rules of the lexicon to the sentence.
pub fn apply(
    lex: &Lexicon,
    els: &[El],
    norm: &str,
    out: &mut Collector<'_>,
    sentence: (usize, usize, usize),
) {
    if els.iter().any(|e| matches!(e.kind, Kind::NonPolitical)) {
        return;
    }
    let mut cx = Ctx {
        lex,
        els,
        out,
        sentence,
        rule: "",
    };
    super::rules::apply(&mut cx, norm);
}

/// The marker the actor grammar puts after a verb whose object pronoun stands
/// for a relative pronoun's antecedent. Never a word of normalised text: the
/// tatweel is removed by normalisation.
pub(super) const OBJECT_PRONOUN: &str = "ـه";
