//! Text: normalisation that keeps a map back to the original, tokenisation that
//! knows Arabic clitics, and sentence splitting.

mod normalize;
mod segment;
mod stem;

pub use normalize::{NormText, normalize, normalize_str};
pub use segment::{
    CutKind, Sentence, Token, bound_sentences, sentences, strip_proclitics, tokens, tokens_into,
};
pub(crate) use segment::{is_alnum, is_word_char};
pub use stem::{stem, stem_phrase};
