//! Fuzz the text stage and the extractor: any bytes, decoded lossily, must
//! normalise, tokenise and split without panicking, every offset must map back
//! inside the original on a character boundary, and extraction must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::{Document, DocumentMeta, ExtractOptions, Extractor, Lexicon};
use std::sync::OnceLock;

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::builtin().expect("built-in lexicon"))
}

fuzz_target!(|data: &[u8]| {
    let original = String::from_utf8_lossy(data).into_owned();
    let norm = newsgraph::normalize(&original);
    for t in newsgraph::tokens(&norm.text) {
        let (s, e) = norm.orig_range(&original, t.start, t.end);
        assert!(s <= e && e <= original.len());
        assert!(original.is_char_boundary(s) && original.is_char_boundary(e));
    }
    for s in newsgraph::sentences(&norm.text) {
        let (a, b) = norm.orig_range(&original, s.start, s.end);
        assert!(a <= b && b <= original.len());
        assert!(norm.char_offset(&original, b) <= original.chars().count());
    }
    let ex = Extractor::new(lexicon(), ExtractOptions::default());
    let _ = ex.extract(&Document {
        meta: DocumentMeta {
            id: "fuzz".into(),
            ..DocumentMeta::default()
        },
        text: original,
    });
});
