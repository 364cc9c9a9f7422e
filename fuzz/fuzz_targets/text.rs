//! Fuzz the text stage and the extractor: any bytes, decoded lossily, must
//! normalise, tokenise and split without panicking; every token's and every
//! sentence's range must map back inside the original on character boundaries,
//! in order, and extraction must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::{Document, DocumentMeta, ExtractOptions, Extractor, Lexicon};
use std::sync::OnceLock;

/// Built once: building the matcher costs far more than one run.
fn extractor() -> &'static Extractor<'static> {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    static EX: OnceLock<Extractor<'static>> = OnceLock::new();
    EX.get_or_init(|| {
        let lex = LEX.get_or_init(|| Lexicon::builtin().expect("built-in lexicon"));
        Extractor::new(lex, ExtractOptions::default())
    })
}

fuzz_target!(|data: &[u8]| {
    let original = String::from_utf8_lossy(data).into_owned();
    let chars = original.chars().count();
    let norm = newsgraph::normalize(&original);
    let mut last_tok = 0;
    for t in newsgraph::tokens(&norm.text) {
        assert!(t.start < t.end && t.end <= norm.text.len(), "token {t:?}");
        assert!(norm.text.is_char_boundary(t.start) && norm.text.is_char_boundary(t.end));
        assert!(t.start >= last_tok, "tokens out of order");
        last_tok = t.end;
        let (s, e) = norm.orig_range(&original, t.start, t.end);
        assert!(
            s <= e && e <= original.len(),
            "token {t:?} maps to {s}..{e}"
        );
        assert!(
            original.is_char_boundary(s) && original.is_char_boundary(e),
            "token {t:?} maps to {s}..{e}, not on char boundaries"
        );
        let (cs, ce) = (
            norm.char_offset(&original, s),
            norm.char_offset(&original, e),
        );
        assert!(cs <= ce && ce <= chars);
    }
    let sents = newsgraph::sentences(&norm.text);
    assert_eq!(
        norm.sentences(),
        sents,
        "NormText::sentences differs from sentences"
    );
    let mut last_sent = 0;
    for s in sents {
        assert!(
            s.start <= s.end && s.end <= norm.text.len(),
            "sentence {s:?}"
        );
        assert!(norm.text.is_char_boundary(s.start) && norm.text.is_char_boundary(s.end));
        assert!(
            s.start >= last_sent,
            "sentences out of order or overlapping"
        );
        last_sent = s.end;
        let (a, b) = norm.orig_range(&original, s.start, s.end);
        assert!(
            a <= b && b <= original.len(),
            "sentence {s:?} maps to {a}..{b}"
        );
        assert!(
            original.is_char_boundary(a) && original.is_char_boundary(b),
            "sentence {s:?} maps to {a}..{b}, not on char boundaries"
        );
        let (ca, cb) = (
            norm.char_offset(&original, a),
            norm.char_offset(&original, b),
        );
        assert!(ca <= cb && cb <= chars);
    }
    let _ = extractor().extract(&Document {
        meta: DocumentMeta {
            id: "fuzz".into(),
            ..DocumentMeta::default()
        },
        text: original,
    });
});
