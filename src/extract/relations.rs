//! Relations: the argument frames of the trigger words, applied to a sentence's
//! elements. Frames are rules of Arabic news syntax, not of particular texts:
//!
//! - verb: SVO (an actor before the verb in its clause), VSO (an actor right
//!   after it), or a dropped subject (the clause's topic earlier in the sentence);
//!   meeting verbs with no subject and no "with" make every pair of the
//!   participants meet;
//! - noun: NOUN بين X و Y; X ... NOUN مع Y; NOUN X مع Y.
//!
//! The other frames are rules in `lexicon/rules/relations.toml`: "includes",
//! "supported by", "led by", "member" (X عضو في Y), "against" (X ضد Y), the
//! agent of violence (على يد X), talks "with" (بحث X مع Y), a visit (X يتوجه
//! إلى CAPITAL), and support, requests and attacks as nouns (دعم X لـ Y, طلب X
//! من Y, غارات X على Y).
//!
//! Objects of prepositions (من مصر, بالقاهرة) are never subjects.

use super::Collector;
use super::actors::{Actor, El, Kind};
use crate::graph::{ActorType, Relation};
use crate::lexicon::{AGAINST, AGENT, Frame, LED_BY, Lexicon, MEMBER};

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

/// Is element `k` a place: the object of "في" (or a genitive after it)?
fn locative(els: &[El], k: usize) -> bool {
    let head = group_to(els, k)[0];
    prev_word(els, head) == Some("في")
        || (head >= 2
            && matches!(&els[head - 1].kind, Kind::Word(_))
            && matches!(&els[head - 2].kind, Kind::Word(w) if *w == "في"))
}

/// Is element `k` a state named as a place ("في البحرين"), not as an actor?
fn place(cx: &Ctx, k: usize) -> bool {
    matches!(cx.kind(k), Some(ActorType::Country)) && locative(cx.els, k)
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

/// Nearest non-oblique actor before `i`, within `window` elements; `cross`
/// lets the search cross clause breaks.
fn subject_before(
    lex: &Lexicon,
    els: &[El],
    i: usize,
    window: usize,
    cross: bool,
) -> Option<usize> {
    let lo = i.saturating_sub(window);
    (lo..i).rev().find(|&k| {
        if !cross && els[k + 1..i].iter().any(|e| matches!(e.kind, Kind::Break)) {
            return false;
        }
        actor_at(els, k).is_some() && !oblique(lex, els, k) && !led_by_object(lex, els, k)
    })
}

/// Is `e` a trigger of another relation than `rel`, one that takes its own
/// arguments? ("بقيادة X" inside a subject phrase does not count.)
fn foreign_trigger(lex: &Lexicon, e: &El, rel: Relation) -> bool {
    matches!(&e.kind, Kind::Trigger(ts)
        if !ts.iter().any(|&t| lex.triggers[t].relation == rel || lex.triggers[t].id == LED_BY))
}

/// Is the actor at `k` the leader in "Y بقيادة X" / "Y الذي تقوده X"? Then Y, not
/// X, is the subject of what follows ("التحالف بقيادة واشنطن شن غارات").
pub(super) fn led_by_object(lex: &Lexicon, els: &[El], k: usize) -> bool {
    let head = group_to(els, k)[0];
    head > 0
        && matches!(&els[head - 1].kind, Kind::Trigger(ts)
            if lex.any_id(ts, LED_BY))
}

/// First actor after `i` within `window` elements, not crossing a clause break.
fn actor_after(els: &[El], i: usize, window: usize, victims: bool) -> Option<usize> {
    let mut seen = 0;
    for k in i + 1..els.len() {
        if matches!(els[k].kind, Kind::Break) {
            return None;
        }
        if !matches!(els[k].kind, Kind::Punct) {
            seen += 1;
        }
        if seen > window {
            return None;
        }
        let found = if victims {
            any_actor_at(els, k).is_some()
        } else {
            actor_at(els, k).is_some()
        };
        if found {
            return Some(k);
        }
    }
    None
}

/// Is element `k` a word that opens a purpose or goal phrase (لتبادل, إلى)?
fn purpose(els: &[El], k: usize) -> bool {
    match &els[k].kind {
        Kind::Word(w) => *w == "الي" || (w.starts_with('ل') && w.chars().count() > 4),
        Kind::Trigger(_) => els[k].prefix.trim_start_matches('و').starts_with('ل'),
        _ => false,
    }
}

fn has_word_between(els: &[El], a: usize, b: usize, words: &[&str]) -> Option<usize> {
    (a + 1..b.min(els.len())).find(|&k| matches!(&els[k].kind, Kind::Word(w) if words.contains(w)))
}

pub(super) struct Ctx<'a, 'c> {
    pub lex: &'a Lexicon,
    pub els: &'a [El<'a>],
    out: &'a mut Collector<'c>,
    sentence: (usize, usize, usize),
    /// The id of the rule being applied (provenance of what it emits).
    pub rule: &'a str,
    /// Whether an official and their own state or body are never related
    /// (set for the lexicon's rules; the frames apply it to symmetric
    /// relations only).
    pub own_roles_excluded: bool,
}

impl Ctx<'_, '_> {
    fn id(&self, k: usize) -> String {
        match &self.els[k].kind {
            Kind::Actor { actor, .. } => actor.id.clone(),
            _ => String::new(),
        }
    }

    fn kind(&self, k: usize) -> Option<ActorType> {
        any_actor_at(self.els, k).map(|a| a.kind)
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
        // body; under a rule of the lexicon, no other relation than a role
        // links them (a state does not request, support or attack its own
        // official)
        let role_relation = matches!(
            rel,
            Relation::LeaderOf | Relation::OfficialOf | Relation::MemberOf
        );
        let roles_apply = rel.is_symmetric() || (self.own_roles_excluded && !role_relation);
        if roles_apply && (self.serves(s, t) || self.serves(t, s)) {
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

/// Is trigger entry `t` a participation word (بمشاركة), which keeps a meeting's
/// list of participants open?
fn lex_member(cx: &Ctx, t: usize) -> bool {
    cx.lex.triggers[t].id == MEMBER
}

/// The target right after `i`: punctuation and filler words may stand between.
fn target_after(lex: &Lexicon, els: &[El], i: usize, victims: bool) -> Option<usize> {
    let mut k = i + 1;
    let mut fillers = 0;
    while k < els.len() {
        match &els[k].kind {
            Kind::Punct => {}
            Kind::Word(w)
                if fillers < 2
                    && lex
                        .words_of
                        .filler
                        .contains(w.trim_start_matches(['و', 'ف'])) =>
            {
                fillers += 1
            }
            Kind::Actor { .. } => {
                let ok = if victims {
                    any_actor_at(els, k).is_some()
                } else {
                    actor_at(els, k).is_some()
                };
                return ok.then_some(k);
            }
            _ => return None,
        }
        k += 1;
    }
    None
}

/// Apply every trigger's frame in the sentence.
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
        own_roles_excluded: true,
    };
    // the rules of the lexicon first: where a rule and a frame find the same
    // relation at the same words, the rule is its provenance
    super::rules::apply(&mut cx, norm);
    cx.own_roles_excluded = false;
    for i in 0..els.len() {
        let Kind::Trigger(entries) = &els[i].kind else {
            continue;
        };
        for &e in entries {
            let t = &lex.triggers[e];
            cx.rule = &t.id;
            let done = match t.frame {
                Frame::Verb if !verb_form(lex, els, i) => false,
                Frame::Verb => verb(&mut cx, i, t.relation),
                Frame::Noun => noun(&mut cx, i, t.relation),
                // the rules above read these words
                Frame::Rules => false,
            };
            if done {
                break;
            }
        }
    }
}

/// Can the trigger at `i` be a verb? Verbs take no preposition and do not
/// follow one (بطلب, على طلب are nouns).
fn verb_form(lex: &Lexicon, els: &[El], i: usize) -> bool {
    let p = els[i].prefix;
    matches!(p, "" | "و" | "ف")
        && !prev_word(els, i).is_some_and(|w| lex.words_of.preposition.contains(w))
}

/// The marker the actor grammar puts after a verb whose object pronoun stands
/// for a relative pronoun's antecedent. Never a word of normalised text: the
/// tatweel is removed by normalisation.
pub(super) const OBJECT_PRONOUN: &str = "ـه";

/// The actor a relative pronoun at `r` refers back to: right before it, a
/// comma at most between.
fn relative_antecedent(els: &[El], r: usize) -> Option<usize> {
    (r.saturating_sub(2)..r).rev().find(|&k| {
        actor_at(els, k).is_some()
            && els[k + 1..r]
                .iter()
                .all(|e| matches!(e.kind, Kind::Comma | Kind::Punct))
    })
}

/// "باكستان التي يتهمها تنظيم داعش": the subject after the verb at `i`, and
/// the antecedent before the relative pronoun as its object.
fn relative_object(lex: &Lexicon, els: &[El], i: usize) -> Option<(Vec<usize>, Vec<usize>)> {
    if !matches!(els.get(i + 1), Some(El { kind: Kind::Word(w), .. }) if *w == OBJECT_PRONOUN) {
        return None;
    }
    let ante = relative_antecedent(els, i.checked_sub(1)?)?;
    let s = actor_after(els, i + 1, 2, false).filter(|&s| !oblique(lex, els, s))?;
    Some((group_from(els, s), group_to(els, ante)))
}

/// The subject of a verb at `i` and where its objects start.
fn verb_subject(lex: &Lexicon, els: &[El], i: usize) -> (Vec<usize>, usize, bool) {
    // "القوات التي تقاتل داعش": the antecedent, never the object after the verb
    if let Some(r) = i.checked_sub(1)
        && matches!(&els[r].kind, Kind::Word(w) if lex.words_of.relative.contains(*w))
    {
        // the antecedent stands right before the pronoun (a comma may come
        // between): in "الهجمات التي يشنها الحوثيون" it is no actor, and the
        // clause is left alone (taking the actor after the verb as its subject
        // was wrong more often than right on the corpus)
        return match relative_antecedent(els, r) {
            Some(a) => (group_to(els, a), i, false),
            None => (Vec::new(), i, false),
        };
    }
    // SVO: the subject right before the verb, in the same clause
    if let Some(s) = subject_before(lex, els, i, 3, false)
        && !els[s + 1..i].iter().any(|e| matches!(e.kind, Kind::Comma))
    {
        return (group_to(els, s), i, false);
    }
    // VSO: a named actor right after the verb
    if let Some(s) = actor_after(els, i, 3, false)
        && !oblique(lex, els, s)
    {
        let g = group_from(els, s);
        let end = g[g.len() - 1];
        return (g, end, true);
    }
    if let Some(s) = subject_before(lex, els, i, 10, false) {
        return (group_to(els, s), i, false);
    }
    (Vec::new(), i, true)
}

/// A verb's subject, or for a meeting verb whose subject is dropped (حيث
/// يلتقي ...), the topic earlier in the sentence.
fn verb_subject_or_topic(
    lex: &Lexicon,
    els: &[El],
    i: usize,
    rel: Relation,
) -> (Vec<usize>, usize, bool) {
    let found = verb_subject(lex, els, i);
    if !found.0.is_empty() || !rel.is_symmetric() {
        return found;
    }
    match subject_before(lex, els, i, 40, true) {
        Some(s) => (group_to(els, s), i, false),
        None => found,
    }
}

fn verb(cx: &mut Ctx, i: usize, rel: Relation) -> bool {
    let els = cx.els;
    if let Some((subj, obj)) = relative_object(cx.lex, els, i) {
        cx.cross(&subj, rel, &obj, i);
        return true;
    }
    let (subj, from, vso) = verb_subject_or_topic(cx.lex, els, i, rel);
    if rel.is_symmetric() {
        // participants after the verb, until the clause ends
        let mut after = Vec::new();
        let mut k = from + 1;
        while k < els.len() {
            if matches!(els[k].kind, Kind::Break) {
                break;
            }
            // a purpose or a topic ends them ("في محاولة لتهدئة قلق اسرائيل
            // حيال الاتفاق مع ايران": Israel and Iran are what it was about)
            if matches!(&els[k].kind, Kind::Word(w)
                if cx.lex.words_of.topic.contains(*w) || (w.starts_with('ل') && w.chars().count() > 4))
            {
                break;
            }
            // a relative clause says more of the one before it ("وفدا من
            // الأنبار، التي يسيطر التنظيم على ..."): its actors are not met
            if matches!(&els[k].kind, Kind::Word(w)
                if cx.lex.words_of.relative.contains(w.trim_start_matches('و')))
            {
                break;
            }
            // another trigger ends the participants, unless it only says when
            // they met ("التقى X على هامش الاجتماع Y", "خلال زيارته")
            if let Kind::Trigger(ts) = &els[k].kind
                && !ts.iter().any(|&t| lex_member(cx, t))
                && !prev_word(els, k).is_some_and(|w| cx.lex.words_of.occasion.contains(w))
            {
                break;
            }
            // "في أوتاوا", "بالرياض": where they meet, not who
            let capital_after_preposition =
                matches!(&els[k].kind, Kind::Actor { capital: true, .. })
                    && oblique(cx.lex, els, k);
            let where_ = place(cx, k)
                || matches!(cx.kind(k), Some(ActorType::Country))
                    && (els[k].prefix.trim_start_matches('و').starts_with('ب')
                        || capital_after_preposition);
            if actor_at(els, k).is_some() && !where_ {
                after.push(k);
            }
            k += 1;
        }
        if vso && subj.is_empty() {
            return false;
        }
        if vso && has_word_between(els, i, els.len(), &["مع"]).is_none() {
            let mut all = subj.clone();
            all.extend(after);
            if all.len() < 2 {
                return false;
            }
            cx.pairs(&all, rel, i);
            return true;
        }
        if subj.is_empty() || after.is_empty() {
            return false;
        }
        cx.cross(&subj, rel, &after, i);
        return true;
    }
    if subj.is_empty() {
        return false;
    }
    // the object of violence follows the verb (its subject) at once
    let o = if rel == Relation::Attacked {
        target_after(cx.lex, els, from, true)
    } else {
        actor_after(els, from, 6, false)
    };
    let Some(o) = o else {
        return false;
    };
    // "يدين التفجير في البحرين": a place is not the object (but "الشركاء في
    // التحالف" is a group's membership, not a place)
    if place(cx, o) || subj.contains(&o) {
        return false;
    }
    if rel == Relation::LeaderOf && matches!(cx.kind(o), Some(ActorType::Person) | None) {
        return false;
    }
    if (from + 1..o).any(|k| purpose(els, k)) {
        return false;
    }
    // "تدعم 5 آلاف لاجئ بلبنان": a state after ب is where, not whom
    if matches!(
        rel,
        Relation::Supports | Relation::Opposes | Relation::Requested
    ) && cx.kind(o) == Some(ActorType::Country)
        && els[o]
            .prefix
            .trim_start_matches(['و', 'ف'])
            .starts_with('ب')
    {
        return false;
    }
    // "السودان يدين التفجير الذي استهدف مصر": an actor after a trigger of
    // another relation is that trigger's, not this verb's object
    if (from + 1..o).any(|k| foreign_trigger(cx.lex, &els[k], rel)) {
        return false;
    }
    let objs = group_from(els, o);
    cx.cross(&subj, rel, &objs, i);
    true
}

fn noun(cx: &mut Ctx, i: usize, rel: Relation) -> bool {
    let els = cx.els;
    // NOUN بين X و Y
    if let Some(b) = has_word_between(els, i, i + 4, &["بين"])
        && let Some(x) = actor_after(els, b, 3, false)
    {
        let g = group_from(els, x);
        if g.len() >= 2 && rel.is_symmetric() {
            cx.pairs(&g, rel, i);
            return true;
        }
    }
    // NOUN ... بمشاركة X و Y: the people named taking part meet one another
    // (states after it are more often members of a body than participants)
    if matches!(rel, Relation::MetWith | Relation::SpokeWith)
        && let Some(b) = (i + 1..(i + 12).min(els.len()))
            .take_while(|&k| !matches!(els[k].kind, Kind::Break))
            .find(|&k| matches!(&els[k].kind, Kind::Trigger(ts) if ts.iter().any(|&t| lex_member(cx, t))))
        && let Some(x) = actor_after(els, b, 3, false)
    {
        let g = group_from(els, x);
        if g.len() >= 2 && g.iter().all(|&k| cx.kind(k) == Some(ActorType::Person)) {
            cx.pairs(&g, rel, i);
            return true;
        }
    }
    // violence whose agent is named by على يد is left to that frame
    if rel == Relation::Attacked
        && (i + 1..(i + 7).min(els.len())).any(|k| {
            matches!(&els[k].kind, Kind::Trigger(ts)
                if cx.lex.any_id(ts, AGENT))
        })
    {
        return false;
    }
    // the agent: a genitive right after the noun, or the subject before it when
    // no trigger of another relation stands between ("السودان يدين التفجير": not
    // Sudan's bombing; "التحالف شن غارات": a light verb of the same relation)
    let genitive =
        (i + 1 < els.len() && actor_at(els, i + 1).is_some() && els[i + 1].prefix.is_empty())
            .then_some(i + 1);
    let agent = genitive.or_else(|| {
        subject_before(cx.lex, els, i, 8, false).filter(|&a| {
            !els[a + 1..i]
                .iter()
                .any(|e| foreign_trigger(cx.lex, e, rel))
        })
    });
    let Some(agent) = agent else {
        return false;
    };
    let agents = if Some(agent) == genitive {
        group_from(els, agent)
    } else {
        group_to(els, agent)
    };
    let from = if Some(agent) == genitive {
        agents[agents.len() - 1]
    } else {
        i
    };
    match rel {
        Relation::MetWith | Relation::SpokeWith | Relation::CooperatesWith => {
            // the partner: after مع, right after من for a call received
            // ("تلقى اتصالا هاتفيا من X"), or with ب
            let with = has_word_between(els, from, from + 6, &["مع"]).or_else(|| {
                (rel == Relation::SpokeWith)
                    .then(|| has_word_between(els, from, from + 2, &["من"]))
                    .flatten()
            });
            let partner = match with {
                Some(m) => actor_after(els, m, 9, false).filter(|&k| !place(cx, k)),
                // with ب only a person: "اجتماعه بالرئيس", not "اجتماعها بالأردن"
                None => (from + 1..(from + 4).min(els.len())).find(|&k| {
                    actor_at(els, k).is_some_and(|a| a.kind == ActorType::Person)
                        && els[k].prefix.trim_start_matches('و').starts_with('ب')
                }),
            };
            let Some(p) = partner else {
                // "عقد وزراء دفاع الولايات المتحدة وفرنسا وبريطانيا اجتماعا":
                // coordinated agents meet one another
                // "وقعت مصر والسعودية اتفاقية للتعاون": cooperation too, when the
                // noun follows its subject closely
                let close = agents.last().is_some_and(|&a| a < i && i - a <= 4);
                let pairable = match rel {
                    Relation::MetWith | Relation::SpokeWith => true,
                    Relation::CooperatesWith => close,
                    _ => false,
                };
                if agents.len() >= 2 && pairable {
                    cx.pairs(&agents, rel, i);
                    return true;
                }
                return false;
            };
            let ps = group_from(els, p);
            cx.cross(&agents, rel, &ps, i);
            true
        }
        Relation::Attacked => {
            // violence against a target: ضد / على / ل
            let Some(t) = actor_after(els, from, 8, true) else {
                return false;
            };
            if place(cx, t) {
                return false;
            }
            let against = (from + 1..t).any(|k| match &els[k].kind {
                Kind::Word(w) => cx.lex.words_of.violence_against.contains(*w),
                Kind::Trigger(ts) => ts.iter().any(|&x| cx.lex.triggers[x].id == AGAINST),
                _ => false,
            });
            if !against
                && !oblique(cx.lex, els, t)
                && !matches!(
                    &els[t].kind,
                    Kind::Actor {
                        nationals: true,
                        ..
                    }
                )
            {
                return false;
            }
            let ts = group_from(els, t);
            cx.cross(&agents, rel, &ts, i);
            true
        }
        Relation::Supports | Relation::Requested => {
            // X's support for Y (دعم X لـ Y), a request of X to Y (طلب X من Y)
            let Some(t) = actor_after(els, from, 3, false) else {
                return false;
            };
            let p = els[t].prefix.trim_start_matches(['و', 'ف']);
            let wanted = if rel == Relation::Supports {
                'ل'
            } else {
                'م'
            };
            let ok = p.starts_with(wanted)
                || (rel == Relation::Requested && prev_word(els, t) == Some("من"));
            if !ok {
                return false;
            }
            let ts = group_from(els, t);
            cx.cross(&agents, rel, &ts, i);
            true
        }
        _ => false,
    }
}
