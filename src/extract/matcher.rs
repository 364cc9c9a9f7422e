//! One pass of Aho-Corasick over the normalised text finds every lexicon item
//! (names, capitals, surnames, nationality adjectives in all their forms, titles,
//! triggers, word lists); matches are accepted only on word boundaries, with the
//! proclitics of Arabic (و ف ب ل ك, and ال on adjectives) seen through, and then
//! reduced to leftmost-longest.

use crate::lexicon::{AGAINST, Lexicon, WordList};
use crate::text::{is_alnum, is_word_char, normalize_str};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use smallvec::SmallVec;
use std::collections::HashMap;

/// What a matched string can be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sense {
    /// A lexicon actor by index; `capital` when the name is a capital standing for
    /// the state; `ambiguous` when it is only taken in a list of actors.
    Actor {
        idx: usize,
        capital: bool,
        ambiguous: bool,
        surname: bool,
    },
    /// A nationality adjective of the country `idx`.
    Adjective { idx: usize, plural: bool },
    /// A title by index.
    Title(usize),
    /// A trigger entry by index.
    Trigger(usize),
    /// A word of a word list.
    Word(WordList),
    /// A head noun of bodies by index.
    Head(usize),
}

impl Sense {
    fn takes_article(self) -> bool {
        matches!(self, Sense::Adjective { .. })
    }

    fn takes_suffix(self) -> bool {
        matches!(self, Sense::Trigger(_))
    }
}

/// A pattern's senses, and whether it is the `ل` form of a name in `ال`
/// (لل + name: للولايات), which needs a lam proclitic before it.
#[derive(Clone, Debug)]
struct Pattern {
    senses: Vec<Sense>,
    lam: bool,
    /// Whether some sense may take a pronoun suffix.
    any_suffix: bool,
}

/// The senses of a hit: rarely more than two, so kept inline (no allocation
/// per hit).
pub type Senses = SmallVec<[Sense; 4]>;

/// The compiled matcher.
pub struct Matcher {
    ac: AhoCorasick,
    patterns: Vec<Pattern>,
}

/// One accepted match.
#[derive(Clone, Debug)]
pub struct Hit {
    /// Byte range in the normalised text, proclitics included.
    pub start: usize,
    pub end: usize,
    /// Where the matched word itself starts (after the proclitics).
    pub core: usize,
    pub senses: Senses,
    /// Bytes of pronoun suffix after the matched word (اجتماعها): an exact
    /// match wins over a shorter one plus a suffix.
    pub suffix: usize,
    /// The word lists among the senses, one bit each (see [`Hit::is_word`]):
    /// the grammar asks this of every hit many times.
    words: u32,
}

impl Hit {
    /// Whether one of the senses is a word of `list`.
    #[inline]
    pub fn is_word(&self, list: WordList) -> bool {
        self.words & (1 << list as u32) != 0
    }

    /// The proclitics before the matched word.
    pub fn prefix<'a>(&self, norm: &'a str) -> &'a str {
        &norm[self.start..self.core]
    }
}

const NAME_PREFIXES: [&str; 12] = [
    "", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك",
];
const ADJ_PREFIXES: [&str; 7] = ["ال", "وال", "بال", "فال", "كال", "لل", "ولل"];
const SUFFIXES: [&str; 7] = ["ه", "ها", "هم", "هما", "هن", "كم", "نا"];

/// The letters every proclitic above is made of (و ف ب ل ك, and the alef of
/// ال), numbered 1..=6 by their two UTF-8 bytes; 0 for any other character.
#[inline(always)]
fn proclitic_letter(b0: u8, b1: u8) -> usize {
    match (b0, b1) {
        (0xD9, 0x88) => 1, // و
        (0xD9, 0x81) => 2, // ف
        (0xD8, 0xA8) => 3, // ب
        (0xD9, 0x84) => 4, // ل
        (0xD9, 0x83) => 5, // ك
        (0xD8, 0xA7) => 6, // ا
        _ => 0,
    }
}

/// A proclitic of at most three letters as a number: its letters' numbers as
/// the digits, base 8 (none is 0, so every string has its own number).
fn proclitic_number(prefix: &str) -> Option<usize> {
    let b = prefix.as_bytes();
    if !b.len().is_multiple_of(2) || b.len() > 6 {
        return None;
    }
    b.chunks(2)
        .try_fold(0, |n, c| match proclitic_letter(c[0], c[1]) {
            0 => None,
            d => Some(n * 8 + d),
        })
}

/// What a proclitic allows, by its number: [`NAME`], [`ADJ`], [`LAM`] bits.
const NAME: u8 = 1;
const ADJ: u8 = 2;
const LAM: u8 = 4;
static PROCLITICS: std::sync::LazyLock<[u8; 512]> = std::sync::LazyLock::new(|| {
    let mut t = [0u8; 512];
    for (list, bit) in [
        (&NAME_PREFIXES[..], NAME),
        (&ADJ_PREFIXES[..], ADJ),
        (&["ل", "ول", "فل"][..], LAM),
    ] {
        for p in list {
            if let Some(n) = proclitic_number(p) {
                t[n] |= bit;
            }
        }
    }
    t
});

/// Where the word of a match at `s` starts and what its proclitics allow
/// ([`NAME`], [`ADJ`], [`LAM`] bits), or `None` when the match starts inside
/// a word: after a letter that is not a proclitic's, or after more than three.
#[inline]
fn word_start(norm: &str, s: usize) -> Option<(usize, u8)> {
    let bytes = norm.as_bytes();
    let (mut p, mut number, mut place) = (s, 0, 1);
    while p > 0 {
        let b = bytes[p - 1];
        if b < 0x80 {
            if is_word_char(char::from(b)) {
                return None;
            }
            break;
        }
        let d = if p >= 2 {
            proclitic_letter(bytes[p - 2], b)
        } else {
            0
        };
        if d == 0 {
            // another character: the match is inside a word if it is a letter
            let c = norm[..p].chars().next_back()?;
            if is_word_char(c) {
                return None;
            }
            break;
        }
        if place == 512 {
            return None;
        }
        number += d * place;
        place *= 8;
        p -= 2;
    }
    Some((p, PROCLITICS[number]))
}

/// The forms of a nationality adjective from its masculine singular (مصري):
/// مصري مصريه مصريون مصريين مصريان مصريتان مصريا مصريات.
fn adjective_forms(base: &str) -> Vec<(String, bool)> {
    let mut v = vec![(base.to_string(), false)];
    for (suffix, plural) in [
        ("ه", false),
        ("ا", false),
        ("ون", true),
        ("ين", true),
        ("ان", true),
        ("تان", true),
        ("تين", true),
        ("ات", true),
    ] {
        v.push((format!("{base}{suffix}"), plural));
    }
    v
}

impl Matcher {
    /// Compile the lexicon into a contiguous NFA: quick to build.
    #[cfg(test)]
    pub fn new(lex: &Lexicon) -> Matcher {
        Matcher::compile(lex, false)
    }

    /// Compile the lexicon, into a DFA when `dfa`: about 0.1 s more to build
    /// (the built-in lexicon), about 2.5 times faster to search.
    pub fn compile(lex: &Lexicon, dfa: bool) -> Matcher {
        let mut map: HashMap<(String, bool), Vec<Sense>> = HashMap::new();
        let mut add = |s: &str, sense: Sense| {
            let n = normalize_str(s);
            if n.is_empty() {
                return;
            }
            if !matches!(sense, Sense::Adjective { .. })
                && let Some(rest) = n.strip_prefix("ال")
                && rest.chars().count() >= 2
            {
                // ل + الولايات is written للولايات, ل + اللجنة is للجنة
                // (the article's lam merges with the word's own)
                let lam = if rest.starts_with('ل') {
                    rest.to_string()
                } else {
                    format!("ل{rest}")
                };
                let e = map.entry((lam, true)).or_default();
                if !e.contains(&sense) {
                    e.push(sense);
                }
            }
            let e = map.entry((n, false)).or_default();
            if !e.contains(&sense) {
                e.push(sense);
            }
        };
        // Names that contain a word of the `against` frame (التحالف الدولي ضد داعش)
        // are left to the grammar, which finds both actors and the relation.
        let against: Vec<String> = lex
            .triggers
            .iter()
            .filter(|t| t.id == AGAINST)
            .flat_map(|t| t.ar.iter().map(|a| normalize_str(a)))
            .collect();
        let splits_on_against = |name: &str| {
            let n = normalize_str(name);
            n.split(' ').skip(1).any(|w| against.iter().any(|a| a == w))
        };
        for (idx, a) in lex.actors.iter().enumerate() {
            let ambiguous: Vec<String> = a.ambiguous.iter().map(|s| normalize_str(s)).collect();
            let is_amb = |s: &str| ambiguous.contains(&normalize_str(s));
            // (names, is a capital, is a surname)
            let lists = [
                (&a.ar, false, false),
                (&a.capital, true, false),
                (&a.surname, false, true),
            ];
            for (names, capital, surname) in lists {
                for name in names.iter().filter(|n| !splits_on_against(n)) {
                    let ambiguous = is_amb(name);
                    add(
                        name,
                        Sense::Actor {
                            idx,
                            capital,
                            ambiguous,
                            surname,
                        },
                    );
                }
            }
            for adj in &a.adjective {
                for (form, plural) in adjective_forms(&normalize_str(adj)) {
                    add(&form, Sense::Adjective { idx, plural });
                }
            }
            for p in &a.demonym_plural {
                add(p, Sense::Adjective { idx, plural: true });
            }
        }
        for (i, t) in lex.titles.iter().enumerate() {
            for s in &t.ar {
                add(s, Sense::Title(i));
            }
        }
        for (i, t) in lex.triggers.iter().enumerate() {
            for s in &t.ar {
                add(s, Sense::Trigger(i));
            }
        }
        for (i, h) in lex.heads.iter().enumerate() {
            for s in &h.ar {
                add(s, Sense::Head(i));
            }
        }
        // given names, name particles, tense and time words are looked up word
        // by word by the grammar, not matched
        for w in lex.words.iter().filter(|w| !w.list.looked_up()) {
            for s in &w.ar {
                add(s, Sense::Word(w.list));
            }
        }
        let mut entries: Vec<((String, bool), Vec<Sense>)> = map.into_iter().collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(if dfa {
                AhoCorasickKind::DFA
            } else {
                AhoCorasickKind::ContiguousNFA
            }))
            .build(entries.iter().map(|e| e.0.0.as_bytes()))
            .expect("lexicon patterns compile");
        let patterns = entries
            .into_iter()
            .map(|((_, lam), senses)| Pattern {
                any_suffix: senses.iter().any(|s| s.takes_suffix()),
                senses,
                lam,
            })
            .collect();
        Matcher { ac, patterns }
    }

    /// Every accepted match in `norm`, reduced to leftmost-longest (a longer
    /// match wins; at equal length the earlier).
    #[cfg(test)]
    pub fn find(&self, norm: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        self.find_in(norm, 0..norm.len(), &mut hits);
        hits
    }

    /// The matches inside `range` of `norm` (a sentence), as [`Matcher::find`]
    /// reduces them, into `hits` (cleared first). A match must lie inside the
    /// range; the letters before and after it are still read from `norm`, so
    /// a sentence's hits are the same whether it is searched alone or not.
    pub fn find_in(&self, norm: &str, range: std::ops::Range<usize>, hits: &mut Vec<Hit>) {
        hits.clear();
        let bytes = norm.as_bytes();
        let input = aho_corasick::Input::new(bytes).range(range);
        for m in self.ac.find_overlapping_iter(input) {
            let pat = &self.patterns[m.pattern().as_usize()];
            let (s, e) = (m.start(), m.end());
            // the word start: back over at most 3 letters of proclitics
            let Some((word_start, allows)) = word_start(norm, s) else {
                continue;
            };
            // what the proclitics allow, worked out once for all senses
            let (lam_ok, name_ok) = if pat.lam {
                let ok = allows & LAM != 0;
                (ok, ok)
            } else {
                (false, allows & NAME != 0)
            };
            let article_ok = lam_ok || name_ok || allows & ADJ != 0;
            if !article_ok {
                continue;
            }
            let after = &norm[e..];
            let end_word = after.chars().next().is_none_or(|c| !is_word_char(c));
            if !end_word && !pat.any_suffix {
                continue;
            }
            let suffix_len = if end_word {
                Some(0)
            } else {
                SUFFIXES
                    .iter()
                    .filter(|suf| {
                        after.starts_with(**suf)
                            && after[suf.len()..]
                                .chars()
                                .next()
                                .is_none_or(|c| !is_alnum(c))
                    })
                    .map(|suf| suf.len())
                    .max()
            };
            let senses: Senses = pat
                .senses
                .iter()
                .copied()
                .filter(|&sense| {
                    let prefix_ok = if pat.lam {
                        lam_ok
                    } else if sense.takes_article() {
                        article_ok
                    } else {
                        name_ok
                    };
                    let suffix_ok = match suffix_len {
                        Some(0) => true,
                        Some(_) => sense.takes_suffix(),
                        None => false,
                    };
                    prefix_ok && suffix_ok
                })
                .collect();
            if senses.is_empty() {
                continue;
            }
            let end = e + suffix_len.unwrap_or(0);
            let end = if senses.iter().all(|s| s.takes_suffix()) {
                end
            } else {
                e
            };
            let words = senses.iter().fold(0, |w, s| match s {
                Sense::Word(list) => w | 1 << *list as u32,
                _ => w,
            });
            hits.push(Hit {
                start: word_start,
                end,
                core: s,
                suffix: end - e,
                senses,
                words,
            });
        }
        // leftmost-longest over whole words
        hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end - h.core), h.suffix, h.core));
        // in place: the hits of a long document are its largest structure
        let mut kept = 0;
        for k in 0..hits.len() {
            if kept > 0 && hits[k].start < hits[kept - 1].end {
                // an overlapping, longer match replaces the last one when it
                // starts at the same word and is longer
                if hits[k].start == hits[kept - 1].start && hits[k].end > hits[kept - 1].end {
                    hits.swap(kept - 1, k);
                }
                continue;
            }
            hits.swap(kept, k);
            kept += 1;
        }
        hits.truncate(kept);
        debug_assert!(hits.windows(2).all(|w| w[0].end <= w[1].start));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize;

    fn lex() -> Lexicon {
        let mut l = Lexicon::default();
        l.add_str(
            r#"
[[actor]]
key = "USA"
type = "country"
ar = ["الولايات المتحدة", "أمريكا"]
capital = ["واشنطن"]
adjective = ["أمريكي"]
[[actor]]
key = "EGY"
type = "country"
ar = ["مصر"]
capital = ["القاهرة"]
adjective = ["مصري"]
[[actor]]
key = "LBY"
type = "country"
ar = ["ليبيا"]
[[actor]]
key = "IOC"
type = "organization"
ar = ["اللجنة الأولمبية الدولية"]
[[trigger]]
id = "opposes.against"
relation = "opposes"
frame = "rules"
ar = ["ضد"]
"#,
            "t",
        )
        .unwrap();
        l
    }

    fn found(text: &str) -> Vec<String> {
        let m = Matcher::new(&lex());
        let n = normalize(text);
        m.find(&n.text)
            .iter()
            .map(|h| n.text[h.core..h.end].to_string())
            .collect()
    }

    #[test]
    fn dfa_and_nfa_agree() {
        let text = "وللولايات المتحدة بالقاهرة ولمصر المصري المصرية مصرف ليبيا ضد مصر";
        let n = normalize(text);
        let (a, b) = (
            Matcher::compile(&lex(), false),
            Matcher::compile(&lex(), true),
        );
        assert_eq!(
            format!("{:?}", a.find(&n.text)),
            format!("{:?}", b.find(&n.text))
        );
    }

    #[test]
    fn sees_through_proclitics() {
        assert_eq!(found("وللولايات المتحدة"), ["لولايات المتحده"]);
        assert_eq!(found("بالقاهرة ولمصر"), ["القاهره", "مصر"]);
        assert_eq!(found("والولايات المتحدة"), ["الولايات المتحده"]);
        // ل + اللجنة is written للجنة: the article's lam merges with the word's
        assert_eq!(
            found("وقرار للجنة الأولمبية الدولية"),
            ["لجنه الاولمبيه الدوليه"]
        );
        // and the indefinite form alone is not the name
        assert!(found("لجنة الأولمبية الدولية").is_empty());
    }

    #[test]
    fn no_false_splits_or_partial_words() {
        assert_eq!(found("ليبيا"), ["ليبيا"]);
        assert!(found("مصرف").is_empty());
        assert!(found("ومصرع").is_empty());
    }

    #[test]
    fn adjectives_in_all_forms() {
        assert_eq!(
            found("المصري المصرية المصريين مصريا الأمريكيون للأمريكية"),
            ["مصري", "مصريه", "مصريين", "مصريا", "امريكيون", "امريكيه"]
        );
    }

    /// The word start and proclitics as the matcher first worked them out: walk
    /// back over at most three word characters and look the prefix up.
    fn word_start_reference(norm: &str, s: usize) -> Option<(usize, u8)> {
        let mut start = s;
        let mut n = 0;
        for (i, c) in norm[..s].char_indices().rev() {
            if !is_word_char(c) {
                break;
            }
            start = i;
            n += 1;
            if n > 3 {
                return None;
            }
        }
        let prefix = &norm[start..s];
        let mut allows = 0;
        if NAME_PREFIXES.contains(&prefix) {
            allows |= NAME;
        }
        if ADJ_PREFIXES.contains(&prefix) {
            allows |= ADJ;
        }
        if matches!(prefix, "ل" | "ول" | "فل") {
            allows |= LAM;
        }
        // a prefix in no list is a match inside a word
        if allows == 0 && !prefix.is_empty() {
            return None;
        }
        Some((start, allows))
    }

    proptest::proptest! {
        #[test]
        fn word_start_agrees_with_the_reference(s in "[وفبلكاال مصرa_1.،\\u{0660}\\u{4E00}]{0,12}") {
            for at in (0..=s.len()).filter(|&i| s.is_char_boundary(i)) {
                let (fast, slow) = (word_start(&s, at), word_start_reference(&s, at));
                // without any list's blessing both reject the match
                let fast = fast.filter(|&(w, a)| a != 0 || w == at);
                proptest::prop_assert_eq!(fast, slow, "{:?} at {}", s, at);
            }
        }
    }
}
