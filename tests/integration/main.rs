//! The integration tests: one binary, a module per topic.

mod common;

mod cli;
mod extraction;
mod gexf;
mod graphml;
mod html;
mod input;
mod jsonld;
mod layout;
mod learn;
mod limits;
mod merge;
mod nodelink;
mod rules;
mod sectors;
