//! Names that no lexicon lists, found by how the news names them: a body by
//! its head noun and complement ("وزارة الشؤون الاجتماعية", "المرصد السوري
//! لحقوق الإنسان", "حزب "المستقبل""), and a person's name as a chunk of
//! name-like words (before a title: "سيب بلاتر رئيس الفيفا").
//!
//! The words are data: the head nouns and their types (`[[head]]` in
//! `lexicon/heads.toml`), name particles, time words and tense words are
//! lexicon word lists; this module only holds the shapes of the phrases.

use super::actors::{Actor, Grammar, Item, actor_sense, adjective, title};
use super::matcher::{Hit, Sense};
use crate::graph::ActorType;
use crate::lexicon::{Lexicon, WordList, slug};

/// The most words a body's name runs to, head included: a name is bounded.
pub(super) const MAX_BODY_WORDS: usize = 9;

/// A body found by its head noun.
#[derive(Debug)]
pub(super) struct Body {
    pub actor: Actor,
    /// Normalised byte ranges of the words of the name (the head's without
    /// its proclitics), in order.
    pub words: Vec<(usize, usize)>,
    /// How many of the words make a shorter form that names it too (before a
    /// nationality adjective or a complement with ل): "الاتحاد السعودي" of
    /// "الاتحاد السعودي لكرة القدم". Zero when there is none.
    pub short: usize,
    /// The index of the item after the name.
    pub next: usize,
    /// The state a nationality adjective ties it to (a lexicon index).
    pub state: Option<usize>,
    /// Whether the head is written with ل merged into its article (للمؤسسة:
    /// ل + المؤسسة): its first word then reads with "ا" before it.
    pub lam_article: bool,
}

impl Body {
    /// The normalised byte range of the whole name.
    pub fn span(&self) -> (usize, usize) {
        (self.words[0].0, self.words[self.words.len() - 1].1)
    }

    /// The words of the name (the first `n`) joined by spaces, read from
    /// `text` by `word` (a normalised or an original slice of each range),
    /// with the article restored on a head written with ل.
    pub fn name_of<'a>(&self, n: usize, word: impl Fn(usize, usize) -> &'a str) -> String {
        let mut name = String::new();
        for (k, &(s, e)) in self.words[..n].iter().enumerate() {
            if k > 0 {
                name.push(' ');
            }
            if k == 0 && self.lam_article {
                name.push('ا');
            }
            name.push_str(word(s, e));
        }
        name
    }
}

/// The head-noun entry of a hit.
pub(super) fn head(h: &Hit) -> Option<usize> {
    h.senses.iter().find_map(|s| match *s {
        Sense::Head(i) => Some(i),
        _ => None,
    })
}

fn is_quote(s: &str) -> bool {
    matches!(s, "\"" | "«" | "»" | "“" | "”" | "'")
}

fn is_number(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_digit())
}

/// Whether a hit is something a body's name cannot run through: a title, a
/// trigger that is not part of a definite noun chain.
fn stops_chain(h: &Hit, norm: &str) -> bool {
    if title(h).is_some() {
        return true;
    }
    let definite = norm[h.core..h.end].starts_with("ال");
    h.senses
        .iter()
        .any(|s| matches!(s, Sense::Trigger(_)) && !definite)
}

/// A body named by the head noun at item `i`: the head, then a quoted name, or
/// a chain of definite nouns and adjectives and of indefinite nouns that a
/// definite one completes (إضافة), with an optional nationality adjective and
/// a complement with ل after it. `None` when the head stands alone.
pub(super) fn body_at(
    lex: &Lexicon,
    grammar: &Grammar,
    norm: &str,
    items: &[Item],
    i: usize,
) -> Option<Body> {
    let Item::Hit(h) = items.get(i)? else {
        return None;
    };
    let hd = head(h)?;
    let named_after = h.is_word(WordList::NamedAfter);
    let mut words = vec![(h.core, h.end)];
    // ل + المؤسسة is written للمؤسسة, matched as the lam form "لمؤسسة"
    let lam_article = h.prefix(norm).ends_with('ل')
        && norm[h.core..h.end].starts_with('ل')
        && grammar
            .definite_heads
            .contains(&format!("ا{}", &norm[h.core..h.end]));
    // (number of words, item index after them) of the longest complete name
    let mut complete: Option<(usize, usize)> = None;
    let mut short = 0;
    let mut state = None;
    // a nationality adjective, a quoted name or an eponym: a name at once
    let mut marked = false;
    let mut j = i + 1;
    if let Some(Item::Tok(t)) = items.get(j)
        && !t.word
        && is_quote(t.text(norm))
    {
        // حزب "المستقبل": a quoted name of up to four words
        let close = (j + 1..(j + 6).min(items.len()))
            .find(|&k| matches!(&items[k], Item::Tok(t) if !t.word && is_quote(t.text(norm))))?;
        if close == j + 1 {
            return None;
        }
        for it in &items[j + 1..close] {
            match it {
                Item::Tok(t) if t.word => words.push((t.start, t.end)),
                Item::Hit(x) => words.push((x.start, x.end)),
                Item::Tok(_) => return None,
            }
        }
        j = close + 1;
        complete = Some((words.len(), j));
        marked = true;
    } else {
        // indefinite words waiting for a definite one to complete them
        let mut pending = 0;
        // whether the last word was definite: a construct chain has ended,
        // only adjectives, coordinated nouns and complements with ل go on
        let mut closed = lam_article || norm[h.core..h.end].starts_with("ال");
        let mut after_adjective = false;
        // inside a complement with ل, which adjectives go on (للدراسات الاستراتيجية)
        let mut in_lam = false;
        while j < items.len() && words.len() < MAX_BODY_WORDS {
            let (s, e) = items[j].span();
            let w = &norm[s..e];
            match &items[j] {
                Item::Tok(t) if !t.word => break,
                Item::Hit(x) => {
                    if let Some((idx, _)) = adjective(x) {
                        let p = x.prefix(norm);
                        if pending > 0 || after_adjective || !(p.is_empty() || p == "ال") {
                            break;
                        }
                        if short == 0 {
                            short = words.len();
                        }
                        words.push((x.start, x.end));
                        state = Some(idx);
                        after_adjective = true;
                        closed = true;
                        marked = true;
                        j += 1;
                        complete = Some((words.len(), j));
                        continue;
                    }
                    // a complement with ل may be an event noun (لمكافحة الفساد)
                    let lam_event = words.len() >= 2
                        && norm[x.start..x.end].starts_with('ل')
                        && title(x).is_none();
                    if x.is_word(WordList::Honorific) || (stops_chain(x, norm) && !lam_event) {
                        break;
                    }
                    if let Some((idx, ..)) = actor_sense(x) {
                        // the person it is named after: مركز الملك سلمان
                        if !named_after
                            || pending > 0
                            || closed
                            || !x.prefix(norm).is_empty()
                            || lex.actors[idx].actor_type != ActorType::Person
                        {
                            break;
                        }
                        words.push((x.start, x.end));
                        marked = true;
                        closed = true;
                        j += 1;
                        complete = Some((words.len(), j));
                        continue;
                    }
                }
                Item::Tok(_) => {}
            }
            if is_number(w)
                || grammar.time.contains(w)
                || grammar.clause_break.contains(w)
                || grammar.tense.contains(w)
                || (grammar.function.contains(w) && !grammar.body_words.contains(w))
            {
                break;
            }
            if ["بال", "كال", "فال", "فلل", "ولل"]
                .iter()
                .any(|p| w.starts_with(p))
            {
                break;
            }
            let lam = w.starts_with("لل") || (w.starts_with('ل') && !w.starts_with("ال"));
            let conj = w.starts_with("وال");
            let definite = w.starts_with("ال") || w.starts_with("لل") || conj;
            // a coordinated noun goes on a definite chain: الثقافة والإعلام
            if conj && (pending > 0 || words.len() == 1) {
                break;
            }
            if (after_adjective && !lam && !in_lam) || (lam && pending > 0) {
                break;
            }
            in_lam |= lam;
            if lam && short < 2 {
                short = words.len();
            }
            if definite {
                words.push((s, e));
                pending = 0;
                closed = true;
                j += 1;
                complete = Some((words.len(), j));
                continue;
            }
            // an indefinite noun goes on a construct that no definite noun has
            // closed (حزب غد الثورة), or starts a complement with ل (لحقوق
            // الإنسان); a definite noun must complete it soon
            if (closed && !lam) || w.starts_with('و') || w.chars().count() < 2 || pending == 2 {
                break;
            }
            pending += 1;
            closed = false;
            words.push((s, e));
            j += 1;
        }
    }
    let (n, next) = complete?;
    if n < 2 || (!marked && n - 1 < lex.heads[hd].min) {
        return None;
    }
    words.truncate(n);
    if short >= n || short < 2 {
        short = 0;
    }
    let mut name = String::new();
    for (k, &(s, e)) in words.iter().enumerate() {
        if k > 0 {
            name.push(' ');
        }
        if k == 0 && lam_article {
            name.push('ا');
        }
        name.push_str(&norm[s..e]);
    }
    let kind = lex.heads[hd].actor_type;
    let tag = match kind {
        ActorType::ArmedGroup => "group",
        ActorType::Coalition => "coalition",
        _ => "org",
    };
    let actor = Actor {
        id: format!("ng:{tag}:{}", slug(&name)),
        kind,
        entry: None,
        sector: None,
    };
    Some(Body {
        actor,
        words,
        short,
        next,
        state,
        lam_article,
    })
}

/// The end of a complement after a title: the portfolio of a minister or the
/// field of a director, as definite nouns and constructs they complete
/// ("التعليم", "حقوق الإنسان", "الإدارة المحلية", "الثقافة والإعلام"), up to a
/// nationality adjective, a name or a boundary. Returns the index after it.
pub(super) fn complement(
    grammar: &Grammar,
    norm: &str,
    items: &[Item],
    j: usize,
    construct: bool,
) -> Option<usize> {
    let mut k = j;
    let mut pending = 0;
    let mut end = None;
    while k < items.len() && k < j + 5 {
        let (s, e) = items[k].span();
        let w = &norm[s..e];
        match &items[k] {
            Item::Tok(t) if !t.word => break,
            Item::Hit(h) => {
                if adjective(h).is_some()
                    || actor_sense(h).is_some()
                    || title(h).is_some()
                    || head(h).is_some()
                    || h.is_word(WordList::Honorific)
                    || h.senses.iter().any(|s| matches!(s, Sense::Trigger(_)))
                {
                    break;
                }
            }
            Item::Tok(_) => {}
        }
        if is_number(w)
            || grammar.time.contains(w)
            || grammar.tense.contains(w)
            || grammar.clause_break.contains(w)
            || (grammar.function.contains(w) && !grammar.body_words.contains(w))
        {
            break;
        }
        let definite = w.starts_with("ال") || w.starts_with("لل") || w.starts_with("وال");
        if definite {
            if w.starts_with("وال") && k == j {
                break;
            }
            pending = 0;
            k += 1;
            end = Some(k);
            continue;
        }
        // an indefinite noun right after the title (حقوق الإنسان), completed
        // by a definite one; a name starts with one after a definite noun
        if (end.is_none() && !construct)
            || (end.is_some() && !w.starts_with('ل'))
            || pending == 1
            || w.starts_with('و')
        {
            break;
        }
        pending += 1;
        k += 1;
    }
    end
}

/// The definite form of a head noun ("مركز" -> "المركز"), the key a bare head
/// noun later refers back by.
pub(super) fn head_key(head: &str) -> String {
    if head.starts_with("ال") {
        head.to_string()
    } else {
        format!("ال{head}")
    }
}

/// Whether `w` may be a word of a person's name: not a function, time or tense
/// word, not a number, not a particle-only word, not definite unless it is a
/// family name after a first word (checked by the caller).
pub(super) fn name_like(grammar: &Grammar, w: &str) -> bool {
    w.chars().count() >= 2
        && !is_number(w)
        && !grammar.function.contains(w)
        && !grammar.time.contains(w)
        && !grammar.tense.contains(w)
        && !grammar.clause_break.contains(w)
        && w.chars().all(|c| c.is_alphabetic())
}

/// The words of a name that ends right before a title, read backwards from
/// the words `back` (the last first): two words ("سيب بلاتر"), three after a
/// known given name or with a particle ("عبد الرحمن البنيان", "خالد محفوظ
/// بحاح"), four with two particles. Returns how many of the trailing words
/// make the name, or `None`.
pub(super) fn name_before(grammar: &Grammar, back: &[&str]) -> Option<usize> {
    if back.len() < 2 || !back.iter().take(2).all(|w| name_like(grammar, w)) {
        return None;
    }
    let first_ok = |w: &str| {
        !w.starts_with("ال") && !w.starts_with('و')
            || grammar.given.contains(w)
            || w.strip_prefix('و')
                .is_some_and(|r| grammar.given.contains(r))
    };
    let given = |w: &str| grammar.given.contains(w);
    let particle = |w: &str| grammar.particles.contains(w);
    // back[0] is the last word of the name
    let mut n = 2;
    // "X بن Y Z", "عبد الرحمن Z", "GIVEN MIDDLE LAST"
    if back.len() >= 3 && name_like(grammar, back[2]) {
        let three_given = given(back[2]) && !back[1].starts_with("ال");
        let compound = given(&format!("{} {}", back[2], back[1]));
        if particle(back[1]) || particle(back[2]) || compound || three_given {
            n = 3;
            if back.len() >= 4 && name_like(grammar, back[3]) && particle(back[2]) {
                n = 4;
            }
        }
    }
    let nasab = |w: &str| grammar.nasab.contains(w);
    if nasab(back[n - 1]) || particle(back[0]) || !first_ok(back[n - 1]) {
        return None;
    }
    // the family name may be definite (العايش), the others only after a
    // particle (عبد الرحمن)
    if (1..n).any(|k| back[k].starts_with("ال") && !(k + 1 < n && particle(back[k + 1]))) {
        return None;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Matcher;
    use crate::text::{normalize_str, tokens};

    fn grammar() -> (Lexicon, Grammar) {
        let lex = Lexicon::builtin().unwrap();
        let g = Grammar::new(&lex);
        (lex, g)
    }

    /// The body named at the first word of `text`, as normalised words.
    fn body(text: &str) -> Option<(String, usize, Option<String>)> {
        let (lex, g) = grammar();
        let norm = normalize_str(text);
        let hits = Matcher::new(&lex).find(&norm);
        let toks = tokens(&norm);
        let items = super::super::actors::items(&hits, &toks);
        let b = body_at(&lex, &g, &norm, &items, 0)?;
        let name: Vec<&str> = b.words.iter().map(|&(s, e)| &norm[s..e]).collect();
        Some((
            name.join(" "),
            b.short,
            b.state.map(|i| lex.actors[i].key.clone()),
        ))
    }

    #[test]
    fn a_ministry_by_its_portfolio() {
        let (name, _, state) = body("وزارة الزراعة على ساحلي المملكة").unwrap();
        assert_eq!(name, normalize_str("وزارة الزراعة"));
        assert_eq!(state, None);
    }

    #[test]
    fn a_genitive_chain_with_a_lam_complement() {
        let (name, short, state) = body("المركز المصري لحقوق الإنسان إن الطائرة").unwrap();
        assert_eq!(name, normalize_str("المركز المصري لحقوق الإنسان"));
        assert_eq!(short, 2);
        assert_eq!(state.as_deref(), Some("EGY"));
        let (name, ..) = body("المركز المصري للدراسات الاستراتيجية في القاهرة").unwrap();
        assert_eq!(name, normalize_str("المركز المصري للدراسات الاستراتيجية"));
    }

    #[test]
    fn a_quoted_party_name() {
        let (name, ..) = body("حزب \"المستقبل\" في مؤتمر").unwrap();
        assert_eq!(name, normalize_str("حزب المستقبل"));
    }

    #[test]
    fn an_indefinite_word_needs_a_definite_one_after_it() {
        // "حزب غد الثورة": غد is completed by الثورة
        let (name, ..) = body("حزب غد الثورة اليوم").unwrap();
        assert_eq!(name, normalize_str("حزب غد الثورة"));
        // a head followed by a plain indefinite word names nothing
        assert!(body("مركز تدريب في المدينة").is_none());
    }

    #[test]
    fn a_bare_head_is_not_a_name() {
        assert!(body("المجلس قال").is_none());
        assert!(body("لجنة من الخبراء").is_none());
    }

    #[test]
    fn a_name_stops_before_time_words_and_verbs() {
        let (name, ..) = body("مجلس الشيوخ الأمريكي الأربعاء").unwrap();
        assert_eq!(name, normalize_str("مجلس الشيوخ الأمريكي"));
        let (name, ..) = body("هيئة الأركان المشتركة أمس").unwrap();
        assert_eq!(name, normalize_str("هيئة الأركان المشتركة"));
    }

    #[test]
    fn names_before_a_title() {
        let (_, g) = grammar();
        let back = |s: &str| -> Option<usize> {
            let n = normalize_str(s);
            let mut v: Vec<&str> = n.split(' ').collect();
            v.reverse();
            name_before(&g, &v)
        };
        assert_eq!(back("وقال سيب بلاتر"), Some(2));
        assert_eq!(back("مساعد بن محمد العيبان"), Some(4));
        assert_eq!(back("عبد الرحمن البنيان"), Some(3));
        assert_eq!(back("في الرياض"), None);
        assert_eq!(back("بن محمد"), None);
    }
}
