//! Normalisation for matching, with a map from every normalised byte back to the
//! original text.
//!
//! What it does, character by character: NFKC for compatibility characters
//! (Arabic presentation forms, ligatures, full-width forms); removes diacritics
//! (harakat, tanwin, shadda, sukun, Quranic marks, superscript alef), tatweel,
//! zero-width and bidi control characters; folds alef variants (أ إ آ ٱ) to ا,
//! ى to ي, ة to ه, ؤ to و, ئ to ي, Persian/Urdu ی ک to ي ك, Arabic-Indic and
//! Eastern Arabic-Indic digits to ASCII digits, Latin letters to lower case,
//! and every kind of space to a plain space (line breaks stay line breaks).

use super::segment::is_terminator;
use unicode_normalization::UnicodeNormalization;

/// Normalised text with a map back into the original.
#[derive(Clone, Debug, Default)]
pub struct NormText {
    /// The normalised text.
    pub text: String,
    /// The map back to the original, as the places where it changes: each span
    /// runs from its `at` to the next span's (or the end of `text`). Most text
    /// folds character for character into the same number of bytes, so one
    /// span covers whole sentences and the map costs nothing per byte.
    spans: Vec<Span>,
    /// The original's length: where the end of `text` maps to.
    orig_len: u32,
    /// The byte offset in `text` of every character that may end a sentence,
    /// noted while the text is written (see [`NormText::sentences`]).
    terminators: Vec<u32>,
    /// Byte offsets of every 64th character of the original, for character offsets.
    char_marks: Vec<u32>,
}

/// A stretch of normalised text and where it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    /// The normalised byte where the span starts (a character boundary).
    at: u32,
    /// The original byte of the span's first character.
    orig: u32,
    /// Every byte of the span comes from the one original character at `orig`
    /// (a fold into another length, an NFKC expansion); otherwise the span's
    /// characters came one for one from characters of the same length, so a
    /// character `k` bytes into the span came from `orig + k`.
    fixed: bool,
}

impl NormText {
    /// The sentences of the text: the same as [`crate::text::sentences`] of
    /// `text`, without scanning it again for terminators.
    pub fn sentences(&self) -> Vec<crate::text::Sentence> {
        super::segment::sentences_at(&self.text, &self.terminators)
    }

    /// The byte offset in the original text of the character that normalised
    /// byte `i` came from (`i` may be the normalised length, or more: then it is
    /// the original length).
    pub fn orig_byte(&self, i: usize) -> usize {
        if i >= self.text.len() {
            return self.orig_len as usize;
        }
        let k = self.spans.partition_point(|s| s.at as usize <= i);
        // the first span starts at 0, so k >= 1 for any i < len
        let span = self.spans[k.saturating_sub(1)];
        if span.fixed {
            return span.orig as usize;
        }
        let mut c = i;
        while !self.text.is_char_boundary(c) {
            c -= 1;
        }
        span.orig as usize + (c - span.at as usize)
    }

    /// The byte range in `original` (the text this was made from) of a
    /// normalised range: from the start of the first character to the end of the
    /// last one, always on character boundaries.
    pub fn orig_range(&self, original: &str, start: usize, end: usize) -> (usize, usize) {
        let s = self.orig_byte(start).min(original.len());
        if end <= start {
            return (s, s);
        }
        // The end: the original offset of the next normalised character that maps
        // elsewhere, so a stripped diacritic after the last letter stays inside;
        // when the range ends inside the expansion of one original character
        // (NFKC of ﷺ), the end of that character.
        let last = self.orig_byte(end - 1);
        let mut e = self.orig_byte(end);
        if e <= last {
            e = last + 1;
            while e < original.len() && !original.is_char_boundary(e) {
                e += 1;
            }
        }
        (s, e.min(original.len()))
    }

    /// The character offset in `original` of byte offset `byte`.
    pub fn char_offset(&self, original: &str, byte: usize) -> usize {
        let byte = byte.min(original.len());
        let k = self.char_marks.partition_point(|&m| (m as usize) <= byte);
        let k = k.saturating_sub(1);
        let from = self.char_marks.get(k).copied().unwrap_or(0) as usize;
        let from = from.min(byte);
        k * 64 + original[from..byte].chars().count()
    }
}

/// Is `c` removed by normalisation (diacritics, tatweel, invisible controls)?
#[inline]
fn is_removed(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{061C}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{0640}'
        | '\u{00AD}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{FE00}'..='\u{FE0F}')
}

/// Fold one character (after NFKC) to its matching form; `None` removes it.
#[inline]
pub fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    if is_removed(c) {
        return None;
    }
    Some(match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' => 'ا',
        'ى' | 'ی' | 'ې' | 'ۍ' | 'ئ' => 'ي',
        'ة' | 'ۀ' | 'ە' => 'ه',
        'ؤ' => 'و',
        'ک' | 'ڪ' => 'ك',
        '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
        '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
        '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => ' ',
        '\u{2028}' | '\u{2029}' | '\u{0085}' => '\n',
        'ـ' => return None,
        // the rest of the Arabic block has no case: skip the Unicode tables
        '\u{0600}'..='\u{06FF}' => c,
        c if c.is_uppercase() => c.to_lowercase().next().unwrap_or(c),
        c => c,
    })
}

/// Does `c` need NFKC (a compatibility character)?
#[inline]
fn needs_nfkc(c: char) -> bool {
    matches!(c,
        '\u{FB50}'..='\u{FDFF}'     // Arabic presentation forms A
        | '\u{FE70}'..='\u{FEFE}'   // Arabic presentation forms B
        | '\u{FF00}'..='\u{FFEF}'   // half-width and full-width forms
        | '\u{FB00}'..='\u{FB4F}'   // Latin, Hebrew presentation forms
        | '\u{2460}'..='\u{24FF}'   // enclosed alphanumerics
        | '\u{3300}'..='\u{33FF}'
        | '\u{0675}'..='\u{0678}'   // Arabic high hamza ligatures
        | '\u{1D400}'..='\u{1D7FF}')
}

/// What one character of the Arabic block folds to, as UTF-8: `len` bytes of
/// `bytes` (0: removed), or [`SLOW`] (needs NFKC).
#[derive(Clone, Copy)]
struct Fold {
    len: u8,
    bytes: [u8; 2],
    /// The fold may end a sentence (؟ ؛).
    terminator: bool,
}
const SLOW: u8 = u8::MAX;

/// What the Arabic block (U+0600..U+06FF) folds to, by code point. Built from
/// [`fold_char`] and [`needs_nfkc`] themselves, so the fast path cannot
/// disagree with them.
static ARABIC: std::sync::LazyLock<[Fold; 256]> = std::sync::LazyLock::new(|| {
    let mut t = [Fold {
        len: 0,
        bytes: [0; 2],
        terminator: false,
    }; 256];
    for (k, slot) in t.iter_mut().enumerate() {
        let c = char::from_u32(0x600 + k as u32).unwrap_or('\u{FFFD}');
        if needs_nfkc(c) {
            slot.len = SLOW;
        } else if let Some(f) = fold_char(c) {
            let mut buf = [0u8; 4];
            let s = f.encode_utf8(&mut buf);
            // the block folds within itself or to ASCII: at most two bytes
            if s.len() <= 2 {
                slot.len = s.len() as u8;
                slot.bytes[..s.len()].copy_from_slice(s.as_bytes());
                slot.terminator = is_terminator(f);
            } else {
                slot.len = SLOW;
            }
        }
    }
    t
});

/// Builds the spans while the text is written.
struct SpanBuilder {
    spans: Vec<Span>,
    /// `orig - at + 2^32` of the open one-for-one span, or `u64::MAX` when the
    /// open span is fixed (or there is none): a character from original byte
    /// `o` written at normalised byte `n` continues the span when
    /// `o - n + 2^32` equals it.
    delta: u64,
}

impl SpanBuilder {
    fn new() -> SpanBuilder {
        SpanBuilder {
            spans: Vec::new(),
            delta: u64::MAX,
        }
    }

    #[inline(always)]
    fn key(orig: usize, at: usize) -> u64 {
        (orig as u64 + (1 << 32)) - at as u64
    }

    /// A character from original byte `orig`, folded one for one into as many
    /// bytes, is about to be written at normalised byte `at`.
    #[inline(always)]
    fn same(&mut self, orig: usize, at: usize) {
        let key = Self::key(orig, at);
        if key != self.delta {
            self.open(orig, at, false);
            self.delta = key;
        }
    }

    /// Bytes from the one original character at `orig` are about to be written
    /// at `at`, in another number of bytes.
    fn fixed(&mut self, orig: usize, at: usize) {
        self.open(orig, at, true);
        self.delta = u64::MAX;
    }

    #[cold]
    fn open(&mut self, orig: usize, at: usize, fixed: bool) {
        // spans open only where bytes are then written, so each starts after
        // the last one
        debug_assert!(self.spans.last().is_none_or(|l| (l.at as usize) < at));
        self.spans.push(Span {
            at: at as u32,
            orig: orig as u32,
            fixed,
        });
    }
}

/// The ASCII characters that may end a sentence.
static ASCII_TERMINATOR: [bool; 128] = {
    let mut t = [false; 128];
    let mut k = 0;
    while k < 128 {
        t[k] = is_terminator(k as u8 as char);
        k += 1;
    }
    t
};

/// The general path for one non-ASCII character.
#[cold]
fn push_slow(
    text: &mut Vec<u8>,
    spans: &mut SpanBuilder,
    terminators: &mut Vec<u32>,
    c: char,
    at: usize,
) {
    let start = text.len();
    let mut chars = 0;
    let mut add = |f: char| {
        if is_terminator(f) {
            terminators.push(text.len() as u32);
        }
        let mut buf = [0u8; 4];
        text.extend_from_slice(f.encode_utf8(&mut buf).as_bytes());
        chars += 1;
    };
    if needs_nfkc(c) {
        for d in std::iter::once(c).nfkc() {
            if let Some(f) = fold_char(d) {
                add(f);
            }
        }
    } else if let Some(f) = fold_char(c) {
        add(f);
    }
    // the span opens at `start` whatever was written since
    let written = text.len() - start;
    if written == 0 {
        return;
    }
    if chars == 1 && written == c.len_utf8() {
        spans.same(at, start);
    } else {
        spans.fixed(at, start);
    }
}

/// Normalise `original` for matching, keeping a map back to it.
pub fn normalize(original: &str) -> NormText {
    let bytes = original.as_bytes();
    // UTF-8 by construction: ASCII bytes, the table's encodings, encoded chars
    let mut text: Vec<u8> = Vec::with_capacity(original.len());
    let mut spans = SpanBuilder::new();
    let mut terminators = Vec::new();
    let mut char_marks = Vec::with_capacity(original.len() / 64 + 1);
    let arabic = &*ARABIC;
    let mut i = 0;
    // characters left before the next mark
    let mut until_mark = 0u32;
    while i < bytes.len() {
        if until_mark == 0 {
            char_marks.push(i as u32);
            until_mark = 64;
        }
        until_mark -= 1;
        let b = bytes[i];
        if b < 0x80 {
            spans.same(i, text.len());
            if ASCII_TERMINATOR[b as usize] {
                terminators.push(text.len() as u32);
            }
            text.push(b.to_ascii_lowercase());
            i += 1;
        } else if (0xD8..=0xDB).contains(&b) {
            // a two-byte character of the Arabic block (the input is valid UTF-8)
            let cp = (u32::from(b & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
            let f = arabic[(cp - 0x600) as usize];
            match f.len {
                0 => {}
                1 => {
                    spans.fixed(i, text.len());
                    if f.terminator {
                        terminators.push(text.len() as u32);
                    }
                    text.push(f.bytes[0]);
                }
                2 => {
                    spans.same(i, text.len());
                    if f.terminator {
                        terminators.push(text.len() as u32);
                    }
                    text.extend_from_slice(&f.bytes);
                }
                _ => push_slow(
                    &mut text,
                    &mut spans,
                    &mut terminators,
                    char::from_u32(cp).unwrap_or('\u{FFFD}'),
                    i,
                ),
            }
            i += 2;
        } else {
            let c = original[i..].chars().next().unwrap_or('\u{FFFD}');
            push_slow(&mut text, &mut spans, &mut terminators, c, i);
            i += c.len_utf8();
        }
    }
    debug_assert!(std::str::from_utf8(&text).is_ok());
    // SAFETY: `text` holds only ASCII bytes, the table's entries (made by
    // `char::encode_utf8`, whole characters) and `encode_utf8` output, so it
    // is valid UTF-8; validating it again cost 10% of the whole extraction.
    let text = unsafe { String::from_utf8_unchecked(text) };
    NormText {
        text,
        spans: spans.spans,
        orig_len: original.len() as u32,
        terminators,
        char_marks,
    }
}

/// What [`normalize_reference`] makes: the text, the original byte of every
/// normalised byte (plus the original's length at the end), the marks.
#[cfg(test)]
struct Reference {
    text: String,
    map: Vec<u32>,
    char_marks: Vec<u32>,
}

#[cfg(test)]
impl NormText {
    /// The whole map, one entry per byte and one for the end, as the reference has it.
    fn full_map(&self) -> Vec<u32> {
        (0..=self.text.len())
            .map(|i| self.orig_byte(i) as u32)
            .collect()
    }
}

/// The reference implementation of [`normalize`], character by character, with
/// a map entry for every byte; the tests check the fast one against it.
#[cfg(test)]
fn normalize_reference(original: &str) -> Reference {
    let mut text = String::new();
    let mut map = Vec::new();
    let mut char_marks = Vec::new();
    for (n, (at, c)) in original.char_indices().enumerate() {
        if n % 64 == 0 {
            char_marks.push(at as u32);
        }
        if c.is_ascii() {
            text.push(c.to_ascii_lowercase());
            map.push(at as u32);
        } else {
            let folded: Vec<char> = if needs_nfkc(c) {
                std::iter::once(c).nfkc().filter_map(fold_char).collect()
            } else {
                fold_char(c).into_iter().collect()
            };
            for f in folded {
                let before = text.len();
                text.push(f);
                map.extend(std::iter::repeat_n(at as u32, text.len() - before));
            }
        }
    }
    map.push(original.len() as u32);
    Reference {
        text,
        map,
        char_marks,
    }
}

/// Normalise a short string (a lexicon name) without a map; runs of spaces
/// become one space and the ends are trimmed.
pub fn normalize_str(s: &str) -> String {
    let n = normalize(s);
    let mut out = String::with_capacity(n.text.len());
    for w in n.text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_alef_ya_ta_marbuta_and_strips_diacritics() {
        assert_eq!(normalize_str("أَمِيرِكَا"), "اميركا");
        assert_eq!(normalize_str("إيران"), "ايران");
        assert_eq!(normalize_str("آسيا"), "اسيا");
        assert_eq!(normalize_str("مصطفى"), "مصطفي");
        assert_eq!(normalize_str("سورية"), "سوريه");
        assert_eq!(normalize_str("مسيحيًّا مصريًّا"), "مسيحيا مصريا");
    }

    #[test]
    fn strips_tatweel_zero_width_and_bidi_marks() {
        assert_eq!(normalize_str("مـــصر"), "مصر");
        assert_eq!(normalize_str("م\u{200c}صر\u{200f}"), "مصر");
        assert_eq!(normalize_str("\u{202b}مصر\u{202c}"), "مصر");
    }

    #[test]
    fn folds_persian_letters_and_digits() {
        assert_eq!(normalize_str("ایران"), "ايران");
        assert_eq!(normalize_str("کردستان"), "كردستان");
        assert_eq!(normalize_str("٢٠١٥ ۱۲"), "2015 12");
    }

    #[test]
    fn presentation_forms_become_letters() {
        // ﻣﺼﺮ in presentation forms B
        assert_eq!(normalize_str("\u{FEE3}\u{FEBC}\u{FEAE}"), "مصر");
        // the lam-alef ligature
        assert_eq!(normalize_str("\u{FEFB}"), "لا");
    }

    #[test]
    fn map_points_back_into_the_original() {
        let original = "قال وزيرُ الخارجيّة";
        let n = normalize(original);
        let at = n.text.find("الخارجيه").unwrap();
        let (s, e) = n.orig_range(original, at, at + "الخارجيه".len());
        assert_eq!(&original[s..e], "الخارجيّة");
        assert_eq!(n.char_offset(original, s), 10);
    }

    #[test]
    fn char_offsets_over_long_text() {
        let original = "ب".repeat(1000) + "x";
        let n = normalize(&original);
        let at = n.text.find('x').unwrap();
        let b = n.orig_byte(at);
        assert_eq!(n.char_offset(&original, b), 1000);
    }

    #[test]
    fn fast_path_agrees_with_the_reference() {
        let mut all = String::new();
        for cp in (0..0x800u32).chain(0xFB50..0xFF00).chain(0x2000..0x2100) {
            if let Some(c) = char::from_u32(cp) {
                all.push(c);
                all.push_str(" Aب");
            }
        }
        for s in [
            all.as_str(),
            "",
            "قال وزيرُ الخارجيّة الأمريكي John Kerry ٢٠١٥ ﻣﺼﺮ\u{200f}",
        ] {
            let (a, b) = (normalize(s), normalize_reference(s));
            assert_eq!(a.text, b.text);
            assert_eq!(a.full_map(), b.map);
            assert_eq!(a.char_marks, b.char_marks);
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_path_agrees_on_any_text(s in "\\PC*") {
            let (a, b) = (normalize(&s), normalize_reference(&s));
            proptest::prop_assert_eq!(&a.text, &b.text);
            proptest::prop_assert_eq!(a.full_map(), b.map);
            proptest::prop_assert_eq!(a.char_marks, b.char_marks);
        }

        /// The terminators noted while normalising split the text as a scan
        /// of it does: full stops of every width, ؟ ؛, line separators.
        #[test]
        fn noted_terminators_split_as_the_scan(s in "[\\u{0600}-\\u{06FF}\\u{FE70}-\\u{FEFF}\\u{FF01}-\\u{FF1F}\\u{3002}\\u{FF61}\\u{2028}\\u{2029}\\u{0085}a-z0-9 .?!;\\n\\r»)]{0,120}") {
            let n = normalize(&s);
            proptest::prop_assert_eq!(n.sentences(), crate::text::sentences(&n.text));
        }

        /// Arabic with marks, tatweel, digits, presentation forms and controls,
        /// where the spans of the map change most often.
        #[test]
        fn map_agrees_on_arabic_with_marks(s in "[\\u{0600}-\\u{06FF}\\u{FB50}-\\u{FDFF}\\u{FE70}-\\u{FEFF}\\u{200B}-\\u{202E}\\u{00A0}\\u{3000}a-zA-Z0-9 .]{0,120}") {
            let (a, b) = (normalize(&s), normalize_reference(&s));
            proptest::prop_assert_eq!(&a.text, &b.text);
            proptest::prop_assert_eq!(a.full_map(), b.map);
        }
    }

    #[test]
    fn arabic_block_has_no_case() {
        for c in '\u{0600}'..='\u{06FF}' {
            assert!(!c.is_uppercase(), "{c:?}");
        }
    }

    #[test]
    fn empty_and_odd_input_do_not_panic() {
        for s in [
            "",
            "\u{0640}",
            "\u{064B}\u{064B}",
            "...",
            "\u{FFFD}\u{0000}",
        ] {
            let n = normalize(s);
            let _ = n.orig_range(s, 0, n.text.len());
        }
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use crate::text::{sentences, tokens};
    use proptest::prelude::*;

    proptest! {
        /// The property the fuzz target checks, on stable Rust: any text (Arabic,
        /// marks, controls, presentation forms) normalises, tokenises and splits
        /// without panicking, and every range maps back onto character
        /// boundaries of the original.
        #[test]
        fn any_text_maps_back(s in "[\\u{0600}-\\u{06FF}\\u{FB50}-\\u{FDFF}\\u{FE70}-\\u{FEFF}\\u{200B}-\\u{202E}a-zA-Z0-9 .،؟!\\n\\u{0}-\\u{1F}«»\"()]{0,200}") {
            let n = normalize(&s);
            for t in tokens(&n.text) {
                let (a, b) = n.orig_range(&s, t.start, t.end);
                prop_assert!(a <= b && b <= s.len());
                prop_assert!(s.is_char_boundary(a) && s.is_char_boundary(b));
            }
            for x in sentences(&n.text) {
                let (a, b) = n.orig_range(&s, x.start, x.end);
                prop_assert!(a <= b && b <= s.len());
                prop_assert!(n.char_offset(&s, b) <= s.chars().count());
            }
        }
    }
}

#[cfg(test)]
mod regressions {
    use super::*;

    /// Regression: ﷺ expands under NFKC to a whole phrase; a range ending inside
    /// that expansion mapped to a byte inside the original character.
    #[test]
    fn nfkc_expansion_range_ends_on_a_char_boundary() {
        let original = "قال ﷺ";
        let n = normalize(original);
        for end in 1..=n.text.len() {
            if !n.text.is_char_boundary(end) {
                continue;
            }
            let (s, e) = n.orig_range(original, 0, end);
            assert!(original.is_char_boundary(s) && original.is_char_boundary(e));
        }
    }
}
