//! The lexicon: names, aliases, titles and trigger words, as data files.

use crate::error::Result;
use std::path::PathBuf;

/// The loaded lexicon.
#[derive(Debug, Default)]
pub struct Lexicon {}

impl Lexicon {
    /// Load the built-in lexicon (unless `builtin` is false) and then `files`.
    pub fn load(files: &[PathBuf], builtin: bool) -> Result<Lexicon> {
        let _ = (files, builtin);
        Ok(Lexicon {})
    }
}
