//! A JSON scanner for `merge`'s fast reader ([`super::fold`]): it walks the
//! bytes of a text already known to be UTF-8 and hands out strings as places
//! in the text (copied only when they have escapes), whole numbers and
//! literals, and skips, checking them, the values the reader does not need.
//!
//! It accepts no more than serde_json: whatever it takes is JSON that
//! serde_json reads the same way, and anything it is not sure of (a number
//! with a fraction or a sign, a key with an escape, a lone surrogate, nesting
//! deeper than [`MAX_DEPTH`]) is a [`Reject`]: the caller then reads the
//! input the exact way, with serde_json, which reports what is wrong and
//! where. So a reject carries no message.

/// Not read this way (see the module's documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Reject;

pub(crate) type Scanned<T> = std::result::Result<T, Reject>;

/// Objects and arrays nested deeper are rejected (serde_json's own limit is
/// 128, so what is accepted here is within it).
const MAX_DEPTH: u32 = 100;

/// A string as found: its content (between the quotes) at `start..end` of
/// the text, and whether it has escapes (then it must be decoded, with
/// [`unescape`]).
/// (Small enough to be returned in registers: the text is under 4 GiB.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RawStr {
    pub start: u32,
    pub end: u32,
    pub escaped: bool,
}

impl RawStr {
    pub(crate) fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A place in a JSON text.
pub(crate) struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
    depth: u32,
}

impl<'a> Scanner<'a> {
    /// A scanner at the start of `text`; a text of 4 GiB or more is
    /// rejected.
    pub(crate) fn new(text: &'a str) -> Scanned<Scanner<'a>> {
        if u32::try_from(text.len()).is_err() {
            return Err(Reject);
        }
        Ok(Scanner {
            bytes: text.as_bytes(),
            at: 0,
            depth: 0,
        })
    }

    /// Past JSON's whitespace: in pretty-printed input one space after a
    /// colon, or a line break and the indentation before a key or an item.
    #[inline(always)]
    fn skip_ws(&mut self) {
        let b = self.bytes;
        match b.get(self.at) {
            Some(b' ') => {
                self.at += 1;
                if let Some(b' ' | b'\n' | b'\r' | b'\t') = b.get(self.at) {
                    self.at = skip_ws_from(b, self.at + 1);
                }
            }
            Some(b'\n' | b'\r' | b'\t') => self.at = skip_ws_from(b, self.at + 1),
            _ => {}
        }
    }

    /// The next byte after whitespace, not taken.
    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.bytes.get(self.at).copied()
    }

    /// Take `c` after whitespace.
    #[inline(always)]
    fn expect(&mut self, c: u8) -> Scanned<()> {
        if self.peek() == Some(c) {
            self.at += 1;
            Ok(())
        } else {
            Err(Reject)
        }
    }

    fn enter(&mut self, open: u8) -> Scanned<()> {
        self.expect(open)?;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Reject);
        }
        Ok(())
    }

    /// An object's `{`.
    pub(crate) fn begin_object(&mut self) -> Scanned<()> {
        self.enter(b'{')
    }

    /// An array's `[`.
    pub(crate) fn begin_array(&mut self) -> Scanned<()> {
        self.enter(b'[')
    }

    /// The next key of an object and its `:`, its escapes allowed; none
    /// (the `}` taken) at the end. `first`: no member read yet (the caller
    /// starts it true, after [`Scanner::begin_object`]).
    #[inline(always)]
    pub(crate) fn next_key_raw(&mut self, first: &mut bool) -> Scanned<Option<RawStr>> {
        if let Some(key) = self.pretty_key(*first) {
            *first = false;
            return Ok(Some(key));
        }
        if !self.next_member(b'}', first)? {
            return Ok(None);
        }
        let key = self.string()?;
        self.expect(b':')?;
        Ok(Some(key))
    }

    /// The next key as a pretty printer writes it, if it is so: its `,`
    /// unless `first`, a line break and spaces, the key without escapes,
    /// and its `:` right after it; else nothing taken (the caller reads it
    /// the general way, which also finds the end of the object).
    #[inline(always)]
    fn pretty_key(&mut self, first: bool) -> Option<RawStr> {
        let b = self.bytes;
        let mut i = self.at;
        if !first {
            if b.get(i) != Some(&b',') {
                return None;
            }
            i += 1;
        }
        if b.get(i) != Some(&b'\n') {
            return None;
        }
        i = skip_spaces(b, i + 1);
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let start = i + 1;
        let end = find_special(b, start);
        if b.get(end) != Some(&b'"') || b.get(end + 1) != Some(&b':') {
            return None;
        }
        self.at = end + 2;
        // under 4 GiB (`Scanner::new`)
        Some(RawStr {
            start: start as u32,
            end: end as u32,
            escaped: false,
        })
    }

    /// [`Scanner::next_key_raw`] of a key known to the reader: its bytes (a
    /// key with escapes is rejected).
    #[inline]
    pub(crate) fn next_key(&mut self, first: &mut bool) -> Scanned<Option<&'a [u8]>> {
        match self.next_key_raw(first)? {
            None => Ok(None),
            Some(k) if k.escaped => Err(Reject),
            Some(k) => Ok(Some(&self.bytes[k.range()])),
        }
    }

    /// Whether an array has another element (after its `,`, if any); the
    /// `]` taken at the end. `first` as for [`Scanner::next_key_raw`].
    #[inline(always)]
    pub(crate) fn next_element(&mut self, first: &mut bool) -> Scanned<bool> {
        self.next_member(b']', first)
    }

    /// Whether an object or array goes on (after its `,`, if any), the
    /// closing `close` taken at its end. `first` as for
    /// [`Scanner::next_key_raw`].
    #[inline(always)]
    fn next_member(&mut self, close: u8, first: &mut bool) -> Scanned<bool> {
        match self.peek() {
            Some(c) if c == close => {
                self.at += 1;
                self.depth -= 1;
                return Ok(false);
            }
            Some(b',') if !*first => self.at += 1,
            _ if *first => {}
            _ => return Err(Reject),
        }
        *first = false;
        Ok(true)
    }

    /// A string, checked: no control character, every escape one of JSON's.
    #[inline(always)]
    pub(crate) fn string(&mut self) -> Scanned<RawStr> {
        self.expect(b'"')?;
        let b = self.bytes;
        let start = self.at;
        let i = find_special(b, start);
        if b.get(i) == Some(&b'"') {
            self.at = i + 1;
            // under 4 GiB (`Scanner::new`)
            return Ok(RawStr {
                start: start as u32,
                end: i as u32,
                escaped: false,
            });
        }
        self.string_rest(start, i)
    }

    /// The rest of a string from `b[i]`, an escape or a control character
    /// (or the end of the text), its content from `start`.
    #[cold]
    #[inline(never)]
    fn string_rest(&mut self, start: usize, mut i: usize) -> Scanned<RawStr> {
        let b = self.bytes;
        loop {
            match b.get(i) {
                Some(b'"') => {
                    self.at = i + 1;
                    return Ok(RawStr {
                        start: start as u32,
                        end: i as u32,
                        escaped: true,
                    });
                }
                Some(b'\\') => {
                    i += 1;
                    match b.get(i) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 1,
                        Some(b'u') => {
                            let hex = b.get(i + 1..i + 5).ok_or(Reject)?;
                            if !hex.iter().all(u8::is_ascii_hexdigit) {
                                return Err(Reject);
                            }
                            i += 5;
                        }
                        _ => return Err(Reject),
                    }
                }
                // a control character, or the end of the text
                _ => return Err(Reject),
            }
            i = find_special(b, i);
        }
    }

    /// `null` taken if it comes next.
    #[inline]
    pub(crate) fn null(&mut self) -> bool {
        self.skip_ws();
        if self.bytes[self.at..].starts_with(b"null") {
            self.at += 4;
            true
        } else {
            false
        }
    }

    /// `true` or `false`.
    pub(crate) fn bool(&mut self) -> Scanned<bool> {
        self.skip_ws();
        let rest = &self.bytes[self.at..];
        if rest.starts_with(b"true") {
            self.at += 4;
            Ok(true)
        } else if rest.starts_with(b"false") {
            self.at += 5;
            Ok(false)
        } else {
            Err(Reject)
        }
    }

    /// A whole number from 0 to `u64::MAX`, written without sign, fraction
    /// or exponent (serde_json reads nothing else as a `u64`; it would take
    /// `-0`, which is rejected here).
    #[inline]
    pub(crate) fn u64(&mut self) -> Scanned<u64> {
        self.skip_ws();
        let b = self.bytes;
        let start = self.at;
        let mut i = start;
        let mut n: u64 = 0;
        while let Some(&c) = b.get(i)
            && c.is_ascii_digit()
        {
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(u64::from(c - b'0')))
                .ok_or(Reject)?;
            i += 1;
        }
        let digits = i - start;
        if digits == 0
            || (digits > 1 && b[start] == b'0')
            || matches!(b.get(i), Some(b'.' | b'e' | b'E'))
        {
            return Err(Reject);
        }
        self.at = i;
        Ok(n)
    }

    /// Past one value of any kind, checked as serde_json checks a value it
    /// ignores.
    pub(crate) fn skip_value(&mut self) -> Scanned<()> {
        match self.peek().ok_or(Reject)? {
            b'"' => self.string().map(|_| ()),
            b'{' => {
                self.begin_object()?;
                let mut first = true;
                while self.next_key_raw(&mut first)?.is_some() {
                    self.skip_value()?;
                }
                Ok(())
            }
            b'[' => {
                self.begin_array()?;
                let mut first = true;
                while self.next_element(&mut first)? {
                    self.skip_value()?;
                }
                Ok(())
            }
            b't' | b'f' => self.bool().map(|_| ()),
            b'n' => self.null().then_some(()).ok_or(Reject),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(Reject),
        }
    }

    /// Past a number: `-`? (`0` | a digit from 1 and digits) (`.` digits)?
    /// ((`e` | `E`) (`+` | `-`)? digits)?
    fn number(&mut self) -> Scanned<()> {
        let b = self.bytes;
        let mut i = self.at;
        let digits = |i: &mut usize| {
            let from = *i;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            if *i == from { Err(Reject) } else { Ok(()) }
        };
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        if b.get(i) == Some(&b'0') {
            i += 1;
        } else {
            digits(&mut i)?;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i)?;
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            digits(&mut i)?;
        }
        self.at = i;
        Ok(())
    }

    /// One value, checked as [`Scanner::skip_value`] does, as its text (for
    /// serde_json to read the few small values the reader takes whole).
    pub(crate) fn value_text(&mut self) -> Scanned<&'a [u8]> {
        self.skip_ws();
        let start = self.at;
        self.skip_value()?;
        Ok(&self.bytes[start..self.at])
    }

    /// Nothing but whitespace left.
    pub(crate) fn end(&mut self) -> Scanned<()> {
        self.skip_ws();
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err(Reject)
        }
    }
}

/// Where the first byte that is not a space is in `b[i..]`, or `b.len()`
/// (a pretty printer's indentation, 16 bytes at a time).
#[inline(always)]
fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
        };
        // SAFETY: as in `find_special`.
        unsafe {
            let space = _mm_set1_epi8(b' ' as i8);
            while i + 16 <= b.len() {
                let v = _mm_loadu_si128(b.as_ptr().add(i).cast::<__m128i>());
                let other = !(_mm_movemask_epi8(_mm_cmpeq_epi8(v, space)) as u32) & 0xffff;
                if other != 0 {
                    return i + other.trailing_zeros() as usize;
                }
                i += 16;
            }
        }
    }
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    i
}

/// Where the first byte that is not JSON's whitespace is in `b[i..]`, or
/// `b.len()` (pretty-printed input: one space after a colon, or a line
/// break and the indentation, looked at 16 bytes at a time).
fn skip_ws_from(b: &[u8], mut i: usize) -> usize {
    match b.get(i) {
        Some(b' ' | b'\n' | b'\r' | b'\t') => {}
        _ => return i,
    }
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
            _mm_set1_epi8,
        };
        // SAFETY: as in `find_special`.
        unsafe {
            let space = _mm_set1_epi8(b' ' as i8);
            let newline = _mm_set1_epi8(b'\n' as i8);
            let cr = _mm_set1_epi8(b'\r' as i8);
            let tab = _mm_set1_epi8(b'\t' as i8);
            while i + 16 <= b.len() {
                let v = _mm_loadu_si128(b.as_ptr().add(i).cast::<__m128i>());
                let ws = _mm_or_si128(
                    _mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, newline)),
                    _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, tab)),
                );
                let other = !(_mm_movemask_epi8(ws) as u32) & 0xffff;
                if other != 0 {
                    return i + other.trailing_zeros() as usize;
                }
                i += 16;
            }
        }
    }
    while let Some(b' ' | b'\n' | b'\r' | b'\t') = b.get(i) {
        i += 1;
    }
    i
}

/// Where the first `"`, `\` or control character (below 0x20) is in
/// `b[i..]`, or `b.len()`.
#[inline]
pub(crate) fn find_special(b: &[u8], mut i: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8,
            _mm_or_si128, _mm_set1_epi8,
        };
        // SAFETY: SSE2 is part of x86_64; each load reads the 16 bytes at
        // `i`, and `i + 16 <= b.len()` (unaligned loads).
        unsafe {
            let quote = _mm_set1_epi8(b'"' as i8);
            let backslash = _mm_set1_epi8(b'\\' as i8);
            let control = _mm_set1_epi8(0x1f);
            while i + 16 <= b.len() {
                let v = _mm_loadu_si128(b.as_ptr().add(i).cast::<__m128i>());
                // bytes up to 0x1f: min(v, 0x1f) == v
                let hits = _mm_or_si128(
                    _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                    _mm_cmpeq_epi8(_mm_min_epu8(v, control), v),
                );
                let mask = _mm_movemask_epi8(hits) as u32;
                if mask != 0 {
                    return i + mask.trailing_zeros() as usize;
                }
                i += 16;
            }
        }
    }
    while let Some(&c) = b.get(i) {
        if c == b'"' || c == b'\\' || c < 0x20 {
            return i;
        }
        i += 1;
    }
    i
}

/// Decode a string's escapes (`raw`: its content, checked by
/// [`Scanner::string`]) onto `out`; a lone surrogate (`\ud800` not followed
/// by a low one, or a low one alone) is rejected, as serde_json rejects it.
pub(crate) fn unescape(raw: &str, out: &mut String) -> Scanned<()> {
    let mut rest = raw;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let b = rest.as_bytes();
        let (c, used) = match b.get(at + 1).ok_or(Reject)? {
            b'"' => ('"', 2),
            b'\\' => ('\\', 2),
            b'/' => ('/', 2),
            b'b' => ('\u{8}', 2),
            b'f' => ('\u{c}', 2),
            b'n' => ('\n', 2),
            b'r' => ('\r', 2),
            b't' => ('\t', 2),
            b'u' => {
                let hi = hex4(b.get(at + 2..at + 6))?;
                match hi {
                    0xD800..=0xDBFF => {
                        if b.get(at + 6..at + 8) != Some(b"\\u") {
                            return Err(Reject);
                        }
                        let lo = hex4(b.get(at + 8..at + 12))?;
                        if !(0xDC00..=0xDFFF).contains(&lo) {
                            return Err(Reject);
                        }
                        let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                        (char::from_u32(c).ok_or(Reject)?, 12)
                    }
                    0xDC00..=0xDFFF => return Err(Reject),
                    _ => (char::from_u32(hi).ok_or(Reject)?, 6),
                }
            }
            _ => return Err(Reject),
        };
        out.push(c);
        rest = rest.get(at + used..).ok_or(Reject)?;
    }
    out.push_str(rest);
    Ok(())
}

/// Four hex digits.
fn hex4(digits: Option<&[u8]>) -> Scanned<u32> {
    let digits = digits.ok_or(Reject)?;
    let mut n = 0;
    for &d in digits {
        n = n * 16 + char::from(d).to_digit(16).ok_or(Reject)?;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::de::IgnoredAny;

    fn skip(text: &str) -> Scanned<()> {
        let mut s = Scanner::new(text)?;
        s.skip_value()?;
        s.end()
    }

    fn string(text: &str) -> Scanned<String> {
        let mut s = Scanner::new(text)?;
        let raw = s.string()?;
        s.end()?;
        let content = &text[raw.range()];
        let mut out = String::new();
        if raw.escaped {
            unescape(content, &mut out)?;
        } else {
            out.push_str(content);
        }
        Ok(out)
    }

    fn number(text: &str) -> Scanned<u64> {
        let mut s = Scanner::new(text)?;
        let n = s.u64()?;
        s.end()?;
        Ok(n)
    }

    #[test]
    fn values_are_checked_as_serde_json_checks_them() {
        for ok in [
            r#"{"a": [1, -2.5e+3, 0, 0.0, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9"], "": {}}"#,
            "[]",
            " [ [ ] , { } ] ",
            r#""\ud83d\ude00""#,
            // ignored strings may hold lone surrogates, as serde_json's
            r#"["\udc00"]"#,
            "-0",
            "1E5",
        ] {
            assert_eq!(skip(ok), Ok(()), "{ok}");
            assert!(serde_json::from_str::<IgnoredAny>(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "[1,]",
            "[,1]",
            "{,}",
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            r#"{1: 2}"#,
            "01",
            "1.",
            ".5",
            "1e",
            "-",
            "+1",
            "tru",
            "nul",
            "[1 2]",
            "\"a\nb\"",
            r#""\x""#,
            r#""\u12g4""#,
            "\"abc",
            "[",
            "{\"a\":",
            "1 2",
            "\u{feff}1",
            "truex",
        ] {
            assert_eq!(skip(bad), Err(Reject), "{bad}");
            assert!(serde_json::from_str::<IgnoredAny>(bad).is_err(), "{bad}");
        }
        let deep = "[".repeat(101) + &"]".repeat(101);
        assert_eq!(skip(&deep), Err(Reject));
        let fine = "[".repeat(100) + &"]".repeat(100);
        assert_eq!(skip(&fine), Ok(()));
    }

    #[test]
    fn numbers_are_whole_and_unsigned() {
        assert_eq!(number("0"), Ok(0));
        assert_eq!(number(" 18446744073709551615 "), Ok(u64::MAX));
        for bad in [
            "18446744073709551616",
            "-1",
            "-0",
            "1.0",
            "1e2",
            "01",
            "",
            "x",
        ] {
            assert_eq!(number(bad), Err(Reject), "{bad}");
        }
    }

    #[test]
    fn strings_decode_as_serde_json_decodes_them() {
        for text in [
            r#""""#,
            r#""ابجد \"x\" \\ \/ \u0041\u00e9\u0627 \ud83d\ude00""#,
            r#""\u0000""#,
        ] {
            assert_eq!(
                string(text).ok(),
                serde_json::from_str::<String>(text).ok(),
                "{text}"
            );
        }
        for bad in [
            r#""\ud83d""#,
            r#""\ud83d\u0041""#,
            r#""\ude00""#,
            r#""\ud83dx""#,
            "\"a\tb\"",
        ] {
            assert_eq!(string(bad), Err(Reject), "{bad}");
            assert!(serde_json::from_str::<String>(bad).is_err(), "{bad}");
        }
    }

    /// Text that is often JSON and often nearly so.
    fn jsonish() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just("null".to_string()),
            Just("true".to_string()),
            Just("false".to_string()),
            "-?(0|[1-9][0-9]{0,3})(\\.[0-9]{1,2})?([eE][+-]?[0-9]{1,2})?",
            r#""([a-z ابج"\\/]|\\[\\"/bfnrtu]|\\u[0-9a-fA-F]{4}|\\u[dD][89abAB][0-9a-f]{2}|\\u[dD][c-fC-F][0-9a-f]{2}|\x01|\n){0,8}""#,
        ];
        let value = leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4)
                    .prop_map(|v| format!("[{}]", v.join(","))),
                prop::collection::vec(("[a-z]{0,3}", inner.clone()), 0..4).prop_map(|v| {
                    let members: Vec<String> =
                        v.into_iter().map(|(k, v)| format!("{k:?}: {v}")).collect();
                    format!("{{ {} }}", members.join(" ,\n  "))
                }),
                // as a pretty printer writes an object
                prop::collection::vec(("[a-z]{0,3}", inner), 0..4).prop_map(|v| {
                    let members: Vec<String> = v
                        .into_iter()
                        .map(|(k, v)| format!("  {k:?}: {v}"))
                        .collect();
                    if members.is_empty() {
                        "{}".to_string()
                    } else {
                        format!("{{\n{}\n}}", members.join(",\n"))
                    }
                }),
            ]
        });
        // and a byte changed, removed, cut or added now and then
        (value, any::<u8>(), any::<prop::sample::Index>(), 0..8u8).prop_map(
            |(mut text, byte, at, how)| {
                let i = at.index(text.len() + 1);
                let i = (0..=i)
                    .rev()
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(0);
                let c = char::from(byte & 0x7f);
                match how {
                    0 => text.insert(i, c),
                    1 => text.truncate(i),
                    2 if i < text.len() && text[i..].starts_with(|c: char| c.is_ascii()) => {
                        text.replace_range(i..i + 1, &c.to_string());
                    }
                    3 if i < text.len() => {
                        text.remove(i);
                    }
                    _ => {}
                }
                text
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn skipping_accepts_what_serde_json_accepts(text in jsonish()) {
            prop_assert_eq!(
                skip(&text).is_ok(),
                serde_json::from_str::<IgnoredAny>(&text).is_ok(),
                "{}", text
            );
        }

        #[test]
        fn strings_read_as_serde_json_reads_them(text in jsonish()) {
            prop_assert_eq!(string(&text).ok(), serde_json::from_str::<String>(&text).ok(), "{}", text);
        }

        #[test]
        fn numbers_read_as_serde_json_reads_them_or_are_rejected(text in jsonish()) {
            if let Ok(n) = number(&text) {
                prop_assert_eq!(serde_json::from_str::<u64>(&text).ok(), Some(n), "{}", text);
            }
        }
    }
}
