//! newsgraph: turn news articles into knowledge graphs of political actors and
//! the relations between them, with the evidence for every edge.
//!
//! The pipeline, one module per stage:
//! `input` (articles) -> `text` (normalise, tokenise, sentences, with offsets
//! back to the original) -> `lexicon` (data) -> `extract` (actors, then
//! relations, with evidence) -> `graph` (petgraph, aggregation) -> `layout`
//! (positions, communities) -> `export` (one module per format). `merge` folds
//! graphs written earlier into one.

mod error;
mod export;
mod extract;
mod graph;
mod input;
mod layout;
mod lexicon;
mod merge;
mod output;
mod pipeline;
mod text;

pub use error::{Error, Result};
pub use export::{Format, read_node_link, read_node_link_slice};
pub use extract::{
    Explanation, ExtractOptions, Extractor, MAX_PARTICIPANTS, MAX_SENTENCE_TOKENS, RuleFailure,
    RuleReport, SentenceTrace,
};
pub use graph::{
    Absorbed, ActorType, Conflict, DocExtraction, DocSet, DocumentMeta, Edge, Evidence, FORMAT,
    Graph, GraphOptions, Mention, Mentions, MentionsIter, Node, OnConflict, Provenance, Relation,
    RelationRecord, Resolution, Settings, Skipped,
};
pub use input::{Document, InputEvent, InputOptions, MAX_DOC_BYTES, read_inputs};
pub use layout::{
    DEFAULT_ITERATIONS, Layout, LayoutAlgorithm, LayoutOptions, MAX_ITERATIONS, Place,
};
pub use lexicon::{LearnOptions, Learned, LearnedActor, LearnedState, Lexicon, learn};
pub use merge::{MergeConfig, MergeSummary, merge};
pub use output::{Output, check_layout, layout_for, write_outputs, write_outputs_with};
pub use pipeline::{Config, IntoOptions, Phase, Summary, peak_rss, run, run_phased};
pub use text::{NormText, Sentence, Token, normalize, sentences, tokens};
