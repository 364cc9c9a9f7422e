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
/// through them (see [`strip_proclitics`]), so words that merely begin with the
/// same letters (ليبيا, بغداد, فرنسا) are never split.
pub fn tokens(norm: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(norm.len() / 5);
    tokens_into(norm, 0, norm.len(), &mut out);
    out
}

/// The tokens of `norm[start..end]`, with offsets in `norm`, appended to `out`
/// (a buffer the caller reuses). At a sentence's bounds this gives exactly the
/// tokens of [`tokens`] that lie inside it: sentences end after punctuation,
/// never inside a word.
pub fn tokens_into(norm: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let (base, norm) = (start, &norm[start..end]);
    let first = out.len();
    tokens_rel(norm, out);
    for t in &mut out[first..] {
        t.start += base;
        t.end += base;
    }
}

fn tokens_rel(norm: &str, out: &mut Vec<Token>) {
    let mut word_start: Option<usize> = None;
    for (i, c) in norm.char_indices() {
        if is_word_char(c) {
            if word_start.is_none() {
                word_start = Some(i);
            }
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
    let bytes = norm.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = norm.char_indices().peekable();
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
    while let Some((i, c)) = chars.next() {
        let end_here = match c {
            '\n' | '\r' => true,
            '؟' | '?' | '!' | '؛' | ';' => true,
            '.' | '。' => {
                let prev = norm[..i].chars().next_back();
                let next = norm[i + 1..].chars().next();
                let digits = prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit());
                // a single-letter abbreviation: the letter before the dot stands alone
                let single = prev.is_some_and(|p| p.is_alphabetic()) && {
                    let before: Vec<char> = norm[..i].chars().rev().take(2).collect();
                    before.len() == 1 || !is_word_char(before[1])
                };
                !digits && !single
            }
            _ => false,
        };
        if !end_here {
            continue;
        }
        let mut end = i + c.len_utf8();
        // swallow more terminators and closing quotes
        while let Some(&(j, d)) = chars.peek() {
            if matches!(d, '.' | '؟' | '?' | '!' | '؛' | ';') || CLOSERS.contains(&d) {
                end = j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let _ = bytes;
        push(&mut out, start, end);
        start = end;
    }
    push(&mut out, start, norm.len());
    out
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

    proptest::proptest! {
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

    #[test]
    fn degenerate_inputs() {
        assert!(sents("").is_empty());
        assert!(sents("...\n\n؟؟").is_empty() || sents("...\n\n؟؟").len() <= 2);
        let long = "كلمة ".repeat(100_000);
        assert_eq!(sents(&long).len(), 1);
    }
}
