//! Unit tests of the grammar: one short sentence (of our own) per frame and per
//! tricky case, run with the built-in lexicon.

use super::*;
use crate::graph::DocumentMeta;
use std::sync::OnceLock;

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::builtin().expect("built-in lexicon loads"))
}

fn run(text: &str) -> DocExtraction {
    let ex = Extractor::new(lexicon(), ExtractOptions::default());
    ex.extract(&Document {
        meta: DocumentMeta {
            id: "t".into(),
            ..DocumentMeta::default()
        },
        text: text.into(),
    })
}

/// The relations as (source label, relation, target label), English labels.
fn rels(text: &str) -> Vec<(String, &'static str, String)> {
    let d = run(text);
    let label = |id: &str| {
        d.nodes
            .iter()
            .find(|n| n.id == id)
            .map(|n| n.label().to_string())
            .unwrap_or_else(|| id.to_string())
    };
    let mut v: Vec<_> = d
        .relations
        .iter()
        .map(|r| (label(&r.source), r.relation.as_str(), label(&r.target)))
        .collect();
    v.sort();
    v.dedup();
    v
}

fn has(text: &str, s: &str, r: &str, t: &str) -> bool {
    let v = rels(text);
    let found = v.iter().any(|(a, b, c)| {
        (a == s && b == &r && c == t) || (a == t && b == &r && c == s && is_sym(r))
    });
    if !found {
        eprintln!("{text}\n  => {v:?}");
    }
    found
}

fn is_sym(r: &str) -> bool {
    matches!(r, "met_with" | "spoke_with" | "cooperates_with")
}

fn actors(text: &str) -> Vec<String> {
    let mut v: Vec<String> = run(text)
        .nodes
        .iter()
        .filter(|n| n.actor_type.is_actor())
        .map(|n| n.label().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn title_adjective_and_name_make_an_official() {
    let t = "وصل وزير الخارجية الأمريكي، جون كيري، إلى الرياض.";
    assert!(has(t, "John Kerry", "official_of", "United States"));
    assert!(has(t, "John Kerry", "met_with", "Saudi Arabia"));
}

#[test]
#[ignore]
fn debug_print() {
    let text = std::env::var("NG_TEXT").unwrap_or_default();
    let m = Matcher::new(lexicon());
    let n = normalize(&text);
    for h in m.find(&n.text) {
        eprintln!("{:?} {:?}", &n.text[h.start..h.end], h.senses);
    }
    eprintln!("{:?}", rels(&text));
}
