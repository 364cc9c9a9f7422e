//! Fuzz the input readers: the same bytes as a `.json` file, a `.jsonl` file
//! and a plain text file, each with and without a UTF-8 byte order mark. No
//! panic; every document read has non-blank text; a plain text document is the
//! input decoded (one BOM removed); a repeated id is always reported by a
//! duplicate warning, so the ids of the documents read without one are unique.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::{InputEvent, InputOptions, read_inputs};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::OnceLock;

fn dir() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temporary directory"))
}

fn check(name: &str, bytes: &[u8], strict: bool) -> Vec<InputEvent> {
    let path: PathBuf = dir().path().join(name);
    std::fs::write(&path, bytes).expect("write input");
    let options = InputOptions {
        strict,
        ..InputOptions::default()
    };
    let mut events = Vec::new();
    read_inputs(&[path], &options, &mut |e| events.push(e)).expect("an existing file reads");
    let mut ids = HashSet::new();
    let mut warned = false;
    for e in &events {
        match e {
            InputEvent::Warning(w) => warned = w.contains("duplicate document id"),
            InputEvent::Document(d) => {
                assert!(!d.text.trim().is_empty(), "{name}: blank document {d:?}");
                assert!(!d.meta.id.is_empty(), "{name}: empty id");
                let fresh = ids.insert(d.meta.id.clone());
                assert!(
                    fresh || warned,
                    "{name}: id {:?} repeated without a warning",
                    d.meta.id
                );
                warned = false;
            }
            InputEvent::Skipped(s) => {
                assert!(!s.reason.is_empty());
                warned = false;
            }
        }
    }
    events
}

fuzz_target!(|data: &[u8]| {
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(data);
    for (tag, bytes) in [("plain", data), ("bom", &bom[..])] {
        for strict in [false, true] {
            check(&format!("{tag}.json"), bytes, strict);
            check(&format!("{tag}.jsonl"), bytes, strict);
            let events = check(&format!("{tag}.txt"), bytes, strict);
            // A text file is one document, or one skip, after any warnings.
            let docs: Vec<_> = events
                .iter()
                .filter_map(|e| match e {
                    InputEvent::Document(d) => Some(d),
                    _ => None,
                })
                .collect();
            let skips = events
                .iter()
                .filter(|e| matches!(e, InputEvent::Skipped(_)))
                .count();
            assert_eq!(docs.len() + skips, 1, "{tag}.txt: {events:?}");
            if let Some(d) = docs.first() {
                let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                assert!(!strict || std::str::from_utf8(body).is_ok());
                assert_eq!(d.text, String::from_utf8_lossy(body), "{tag}.txt text");
                assert_eq!(d.meta.id, format!("{tag}.txt"));
            }
        }
    }
});
