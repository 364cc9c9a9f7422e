//! Extraction: actors, then relations, with evidence.

use crate::graph::{DocExtraction, Graph};
use crate::input::Document;
use crate::lexicon::Lexicon;

/// Options of the extractor.
#[derive(Clone, Debug, Default)]
pub struct ExtractOptions {
    /// Also add relations inferred rather than stated (marked `derived`).
    pub derived: bool,
}

/// The extraction engine, built once from a lexicon and shared by all threads.
pub struct Extractor<'l> {
    lexicon: &'l Lexicon,
    options: ExtractOptions,
}

impl<'l> Extractor<'l> {
    /// Build the engine.
    pub fn new(lexicon: &'l Lexicon, options: ExtractOptions) -> Extractor<'l> {
        Extractor { lexicon, options }
    }

    /// Extract actors and relations from one document.
    pub fn extract(&self, doc: &Document) -> DocExtraction {
        let _ = (self.lexicon, &self.options);
        DocExtraction {
            meta: doc.meta.clone(),
            ..DocExtraction::default()
        }
    }
}

/// Add derived relations (officials' meetings rolled up to their states).
pub fn add_derived(_graph: &mut Graph) {}
