//! Tokens and sentences over normalised text.

/// A token: a run of letters and digits (a word), or one other non-space character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the normalised text.
    pub start: usize,
    pub end: usize,
    /// Whether the token is a word (letters or digits), not punctuation.
    pub word: bool,
}

impl Token {
    /// The token's text.
    pub fn text<'a>(&self, norm: &'a str) -> &'a str {
        &norm[self.start..self.end]
    }
}

/// `char::is_alphanumeric` for the first 2048 code points (Latin, Greek,
/// Cyrillic, Hebrew, Arabic), as a bitmap: the Unicode tables' slow path is
/// otherwise the hottest code of a run over Arabic text.
static ALNUM_LOW: std::sync::LazyLock<[u64; 32]> = std::sync::LazyLock::new(|| {
    let mut bits = [0u64; 32];
    for cp in 0..2048u32 {
        if char::from_u32(cp).is_some_and(char::is_alphanumeric) {
            bits[(cp / 64) as usize] |= 1 << (cp % 64);
        }
    }
    bits
});

/// Exactly `c.is_alphanumeric()`, fast for ASCII and Arabic.
#[inline]
pub fn is_alnum(c: char) -> bool {
    let cp = c as u32;
    if cp < 128 {
        c.is_ascii_alphanumeric()
    } else if cp < 2048 {
        ALNUM_LOW[(cp / 64) as usize] & (1 << (cp % 64)) != 0
    } else {
        c.is_alphanumeric()
    }
}

/// A letter, digit or `_`.
#[inline]
pub fn is_word_char(c: char) -> bool {
    is_alnum(c) || c == '_'
}

/// Tokenise normalised text. Clitics stay attached to their word: matching sees
/// through them (see `strip_proclitics`), so words that merely begin with the
/// same letters (ليبيا, بغداد, فرنسا) are never split.
pub fn tokens(norm: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(norm.len() / 5);
    tokens_into(norm, 0, norm.len(), &mut out);
    out
}

/// The tokens of `norm[start..end]`, with offsets in `norm`, appended to `out`
/// (a buffer the caller reuses). At a sentence's bounds this gives exactly the
/// tokens of [`tokens`] that lie inside it: sentences end after punctuation,
/// never inside a word. `start` and `end` must be character boundaries.
pub fn tokens_into(norm: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let bytes = &norm.as_bytes()[..end];
    let mut word_start: Option<usize> = None;
    let mut i = start;
    while i < end {
        let b = bytes[i];
        // the character at i: its length, and whether it is a word character;
        // ASCII and two-byte characters (Arabic) without decoding a `char`
        let (len, word) = if b < 0x80 {
            (1, b.is_ascii_alphanumeric() || b == b'_')
        } else if b < 0xE0 && i + 1 < end {
            let cp = (u32::from(b & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
            (2, ALNUM_LOW[(cp / 64) as usize] & (1 << (cp % 64)) != 0)
        } else {
            let c = norm[i..].chars().next().unwrap_or(' ');
            (c.len_utf8(), is_word_char(c))
        };
        if word {
            if word_start.is_none() {
                word_start = Some(i);
            }
            i += len;
            continue;
        }
        if let Some(s) = word_start.take() {
            out.push(Token {
                start: s,
                end: i,
                word: true,
            });
        }
        let space = if b < 0x80 {
            char::from(b).is_whitespace()
        } else {
            norm[i..].chars().next().is_none_or(char::is_whitespace)
        };
        if !space {
            out.push(Token {
                start: i,
                end: i + len,
                word: false,
            });
        }
        i += len;
    }
    if let Some(s) = word_start {
        out.push(Token {
            start: s,
            end,
            word: true,
        });
    }
}

/// The proclitic sequences of Arabic: a conjunction (و ف), then a preposition
/// (ب ل ك) or the future marker (س), then the article (ال); ل + ال is written لل.
/// Returns every way to read `word` as proclitics + stem, longest prefix last,
/// the bare word first. Stems keep at least two letters.
pub fn strip_proclitics(word: &str) -> impl Iterator<Item = (&str, &str)> {
    const PREFIXES: [&str; 12] = [
        "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك", "س",
    ];
    let bare = std::iter::once(("", word));
    let stripped = PREFIXES.into_iter().filter_map(move |p| {
        let stem = word.strip_prefix(p)?;
        (stem.chars().count() >= 2).then(|| (&word[..p.len()], stem))
    });
    bare.chain(stripped)
}

/// A sentence: a byte range of the normalised text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

const CLOSERS: [char; 7] = ['»', '"', '\'', ')', '”', '’', ']'];

/// Split normalised text into sentences on . ؟ ? ! ؛ and line breaks. A full stop
/// between digits (2.5) or after a single letter (U.S., د.) does not end a
/// sentence; closing quotes and brackets after the end stay with the sentence;
/// runs of terminators (?!, ...) end one sentence. Empty sentences are dropped.
pub fn sentences(norm: &str) -> Vec<Sentence> {
    split_sentences(norm, |i| next_terminator(norm, i))
}

/// Whether `c` may end a sentence (what [`next_terminator`] looks for).
pub(crate) const fn is_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '.' | '?' | '!' | ';' | '؟' | '؛' | '。')
}

/// [`sentences`] with the terminators already known: `at` lists, in order, the
/// byte offset of every character of `norm` for which [`is_terminator`] holds.
pub(crate) fn sentences_at(norm: &str, at: &[u32]) -> Vec<Sentence> {
    let mut k = 0;
    split_sentences(norm, |i| {
        while k < at.len() && (at[k] as usize) < i {
            k += 1;
        }
        let p = *at.get(k)? as usize;
        norm[p..].chars().next().map(|c| (p, c))
    })
}

/// The splitting, given a way to find the next terminator at or after a byte.
fn split_sentences(
    norm: &str,
    mut next_terminator: impl FnMut(usize) -> Option<(usize, char)>,
) -> Vec<Sentence> {
    let bytes = norm.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let push = |out: &mut Vec<Sentence>, s: usize, e: usize| {
        let t = &norm[s..e];
        let lead = t.len() - t.trim_start().len();
        let trail = t.len() - t.trim_end().len();
        if e - trail > s + lead {
            out.push(Sentence {
                start: s + lead,
                end: e - trail,
            });
        }
    };
    let mut i = 0;
    while let Some((at, c)) = next_terminator(i) {
        i = at + c.len_utf8();
        let end_here = match c {
            '.' | '。' => {
                let prev = norm[..at].chars().next_back();
                let next = norm[i..].chars().next();
                let digits = prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit());
                // a single-letter abbreviation: the letter before the dot stands alone
                let single = prev.is_some_and(|p| p.is_alphabetic()) && {
                    let mut before = norm[..at].chars().rev().skip(1);
                    before.next().is_none_or(|b| !is_word_char(b))
                };
                !digits && !single
            }
            _ => true,
        };
        if !end_here {
            continue;
        }
        // swallow more terminators and closing quotes
        while let Some(d) = norm[i..].chars().next() {
            if matches!(d, '.' | '؟' | '?' | '!' | '؛' | ';') || CLOSERS.contains(&d) {
                i += d.len_utf8();
            } else {
                break;
            }
        }
        debug_assert!(i <= bytes.len());
        push(&mut out, start, i);
        start = i;
    }
    push(&mut out, start, norm.len());
    out
}

/// Where an over-long sentence was cut (see [`bound_sentences`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CutKind {
    /// After a comma (`،` or `,`).
    Comma,
    /// Before a conjunction `و` on an imperfect verb (ويؤكد, وتابع, ونقل …).
    Conjunction,
    /// At the fixed window of tokens: no clause boundary in its second half.
    Window,
}

/// One cut of an over-long sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cut {
    /// The normalised byte offset where the new piece starts.
    pub at: usize,
    pub kind: CutKind,
}

/// A word that opens a coordinated clause: `و` and an imperfect verb's
/// prefix (ي ت ن ا) with at least three more letters (ويؤكد, وتستمر, ونقل).
fn conjunction_verb(word: &str) -> bool {
    let mut cs = word.chars();
    cs.next() == Some('و') && matches!(cs.next(), Some('ي' | 'ت' | 'ن')) && cs.count() >= 2
}

/// Split every sentence of more than `max_tokens` tokens (see [`tokens`]) into
/// pieces of at most `max_tokens`, as a linguist would: after the last comma
/// in the second half of the window, else before the last `و` + imperfect
/// verb there, else at the window itself. Each cut is appended to `cuts`.
/// Work is linear in the text: a window is scanned once from its end.
/// `max_tokens` of 0 means no limit.
pub fn bound_sentences(
    norm: &str,
    sents: Vec<Sentence>,
    max_tokens: usize,
    cuts: &mut Vec<Cut>,
) -> Vec<Sentence> {
    // a sentence of at most `max_tokens` bytes has at most that many tokens
    if max_tokens == 0 || sents.iter().all(|s| s.end - s.start <= max_tokens) {
        return sents;
    }
    let mut out = Vec::with_capacity(sents.len());
    let mut toks = Vec::new();
    for s in sents {
        if s.end - s.start <= max_tokens {
            out.push(s);
            continue;
        }
        toks.clear();
        tokens_into(norm, s.start, s.end, &mut toks);
        if toks.len() <= max_tokens {
            out.push(s);
            continue;
        }
        let mut from = 0;
        while toks.len() - from > max_tokens {
            // cut before token `c`, in the second half of the window
            let hi = from + max_tokens;
            let lo = from + max_tokens / 2 + 1;
            let comma = (lo..=hi)
                .rev()
                .find(|&c| !toks[c - 1].word && matches!(toks[c - 1].text(norm), "،" | ","));
            let (c, kind) = match comma {
                Some(c) => (c, CutKind::Comma),
                None => match (lo..=hi)
                    .rev()
                    .find(|&c| toks[c].word && conjunction_verb(toks[c].text(norm)))
                {
                    Some(c) => (c, CutKind::Conjunction),
                    None => (hi, CutKind::Window),
                },
            };
            let start = if from == 0 { s.start } else { toks[from].start };
            out.push(Sentence {
                start,
                end: toks[c - 1].end,
            });
            cuts.push(Cut {
                at: toks[c].start,
                kind,
            });
            from = c;
        }
        out.push(Sentence {
            start: toks[from].start,
            end: s.end,
        });
    }
    out
}

/// The bytes that can start (or, for ؟ and ؛, end) a sentence terminator.
static TERMINATOR_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let bytes = [b'\n', b'\r', b'.', b'?', b'!', b';', 0x9F, 0x9B, 0xE3];
    let mut k = 0;
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
};

/// The next character at or after byte `from` that may end a sentence
/// (. 。 ؟ ? ! ؛ ; and line breaks), found by scanning bytes: the Arabic ones
/// by their second byte (؟ is D8 9F, ؛ is D8 9B), 。 by its first (E3).
fn next_terminator(norm: &str, from: usize) -> Option<(usize, char)> {
    let bytes = norm.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        let k = bytes[i..]
            .iter()
            .position(|&b| TERMINATOR_BYTE[b as usize])?;
        let at = i + k;
        let found = match bytes[at] {
            0x9F | 0x9B => (at > 0 && bytes[at - 1] == 0xD8).then_some(at - 1),
            0xE3 => norm[at..].starts_with('。').then_some(at),
            _ => Some(at),
        };
        if let Some(p) = found {
            return norm[p..].chars().next().map(|c| (p, c));
        }
        i = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        tokens(s).into_iter().map(|t| t.text(s)).collect()
    }

    fn sents(s: &str) -> Vec<&str> {
        sentences(s)
            .into_iter()
            .map(|x| &s[x.start..x.end])
            .collect()
    }

    #[test]
    fn tokens_keep_clitics_attached() {
        assert_eq!(
            words("وبريطانيا، لمصر «داعش»"),
            ["وبريطانيا", "،", "لمصر", "«", "داعش", "»"]
        );
    }

    #[test]
    fn proclitics_are_seen_through_without_false_splits() {
        let stems: Vec<&str> = strip_proclitics("وبريطانيا").map(|(_, s)| s).collect();
        assert!(stems.contains(&"بريطانيا"));
        let stems: Vec<&str> = strip_proclitics("ليبيا").map(|(_, s)| s).collect();
        assert_eq!(stems[0], "ليبيا");
        // no stem shorter than two letters
        assert!(strip_proclitics("وب").all(|(_, s)| s.chars().count() >= 2));
    }

    #[test]
    fn sentences_split_on_arabic_punctuation_and_lines() {
        assert_eq!(
            sents("قال كيري. هل جاء؟ نعم؛ ربما\nسطر جديد"),
            ["قال كيري.", "هل جاء؟", "نعم؛", "ربما", "سطر جديد"]
        );
    }

    #[test]
    fn numbers_and_abbreviations_do_not_split() {
        assert_eq!(sents("جمع 2.1 مليار دولار."), ["جمع 2.1 مليار دولار."]);
        assert_eq!(sents("قال د. محمد إنه جاء."), ["قال د. محمد إنه جاء."]);
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(sents("قال «انتهى.» ثم ذهب."), ["قال «انتهى.»", "ثم ذهب."]);
    }

    #[test]
    fn alnum_table_matches_unicode() {
        for cp in 0..0x11000u32 {
            if let Some(c) = char::from_u32(cp) {
                assert_eq!(is_alnum(c), c.is_alphanumeric(), "{cp:#x}");
            }
        }
    }

    /// The plain definition of [`tokens`], character by character: the fast
    /// one must agree with it.
    fn tokens_reference(norm: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut word_start: Option<usize> = None;
        for (i, c) in norm.char_indices() {
            if is_word_char(c) {
                word_start.get_or_insert(i);
                continue;
            }
            if let Some(s) = word_start.take() {
                out.push(Token {
                    start: s,
                    end: i,
                    word: true,
                });
            }
            if !c.is_whitespace() {
                out.push(Token {
                    start: i,
                    end: i + c.len_utf8(),
                    word: false,
                });
            }
        }
        if let Some(s) = word_start {
            out.push(Token {
                start: s,
                end: norm.len(),
                word: true,
            });
        }
        out
    }

    #[test]
    fn regression_ideographic_full_stop_panicked() {
        // "。" is three bytes; the full-stop rule sliced one byte after it
        assert_eq!(sents("قال。 ثم ذهب"), ["قال。", "ثم ذهب"]);
        assert_eq!(sents("2。5"), ["2。5"]);
        assert_eq!(sents("。"), ["。"]);
    }

    proptest::proptest! {
        #[test]
        fn tokens_agree_with_the_reference(s in "\\PC{0,60}") {
            proptest::prop_assert_eq!(tokens(&s), tokens_reference(&s));
        }

        #[test]
        fn sentences_never_panic_and_stay_on_boundaries(
            s in "[ا-ي0-9a-z .。؟?!؛;«»\"\n\r\u{0085}\u{2028}]{0,60}"
        ) {
            let mut last = 0;
            for x in sentences(&s) {
                proptest::prop_assert!(last <= x.start && x.start < x.end && x.end <= s.len());
                proptest::prop_assert!(s.is_char_boundary(x.start) && s.is_char_boundary(x.end));
                last = x.end;
            }
        }

        /// Tokenising each sentence alone gives the tokens of the whole text
        /// that lie inside it (the extractor tokenises sentence by sentence).
        #[test]
        fn sentence_tokens_are_the_text_tokens_inside_it(
            s in "[ا-ي0-9a-z .،؟!؛«»\"\n_-]{0,80}"
        ) {
            let all = tokens(&s);
            for sent in sentences(&s) {
                let inside: Vec<Token> = all
                    .iter()
                    .copied()
                    .filter(|t| t.start >= sent.start && t.end <= sent.end)
                    .collect();
                let mut own = vec![Token { start: 0, end: 0, word: false }];
                tokens_into(&s, sent.start, sent.end, &mut own);
                proptest::prop_assert_eq!(&own[1..], &inside[..]);
            }
        }
    }

    fn bounded(s: &str, max: usize) -> (Vec<&str>, Vec<CutKind>) {
        let mut cuts = Vec::new();
        let pieces = bound_sentences(s, sentences(s), max, &mut cuts);
        let texts = pieces.iter().map(|x| &s[x.start..x.end]).collect();
        (texts, cuts.iter().map(|c| c.kind).collect())
    }

    #[test]
    fn long_sentence_is_cut_after_its_last_comma() {
        let (pieces, kinds) = bounded("ا ب ج، د ه و ز ح", 6);
        assert_eq!(pieces, ["ا ب ج،", "د ه و ز ح"]);
        assert_eq!(kinds, [CutKind::Comma]);
    }

    #[test]
    fn long_sentence_without_comma_is_cut_before_wa_and_a_verb() {
        let (pieces, kinds) = bounded("ا ب ج د ويؤكد ه و ز", 6);
        assert_eq!(pieces, ["ا ب ج د", "ويؤكد ه و ز"]);
        assert_eq!(kinds, [CutKind::Conjunction]);
    }

    #[test]
    fn long_sentence_without_clause_boundary_is_cut_at_the_window() {
        let text = "كلمة ".repeat(25);
        let (pieces, kinds) = bounded(text.trim_end(), 10);
        assert_eq!(pieces.len(), 3);
        assert!(pieces.iter().all(|p| tokens(p).len() <= 10));
        assert_eq!(kinds, [CutKind::Window, CutKind::Window]);
        // a comma in the first half of the window is no place to cut
        let (pieces, kinds) = bounded("ا، ب ج د ه و ز ح", 4);
        assert_eq!(pieces[0], "ا، ب ج");
        assert_eq!(kinds[0], CutKind::Window);
    }

    #[test]
    fn sentences_within_the_bound_are_untouched() {
        let s = "قال كيري، ثم ذهب. جاء";
        let mut cuts = Vec::new();
        assert_eq!(bound_sentences(s, sentences(s), 6, &mut cuts), sentences(s));
        assert_eq!(bound_sentences(s, sentences(s), 0, &mut cuts), sentences(s));
        assert!(cuts.is_empty());
    }

    proptest::proptest! {
        /// Pieces keep every token of the text, in order, each piece within
        /// the bound, and tokenising a piece gives its tokens of the text.
        #[test]
        fn bounded_pieces_partition_the_tokens(
            s in "[ا-ي0-9 ،,.و]{0,120}", max in 1usize..12
        ) {
            let mut cuts = Vec::new();
            let pieces = bound_sentences(&s, sentences(&s), max, &mut cuts);
            let mut got = Vec::new();
            for p in &pieces {
                let mut own = Vec::new();
                tokens_into(&s, p.start, p.end, &mut own);
                proptest::prop_assert!(own.len() <= max);
                got.extend(own);
            }
            proptest::prop_assert_eq!(got, tokens(&s));
            proptest::prop_assert_eq!(pieces.len(), sentences(&s).len() + cuts.len());
        }
    }

    #[test]
    fn degenerate_inputs() {
        assert!(sents("").is_empty());
        assert!(sents("...\n\n؟؟").is_empty() || sents("...\n\n؟؟").len() <= 2);
        let long = "كلمة ".repeat(100_000);
        assert_eq!(sents(&long).len(), 1);
    }
}
