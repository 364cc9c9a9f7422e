//! Reading articles: plain text files, JSON arrays and JSON Lines, from files,
//! directories or stdin. Every document read or skipped is reported to the sink.

use crate::error::{Error, Result};
use crate::graph::{DocumentMeta, Skipped};
use std::path::{Path, PathBuf};

/// One article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    pub meta: DocumentMeta,
    /// The text that every offset refers to. For a text file, the file's content
    /// (its first non-empty line is the title); for a JSON record, the title, a
    /// blank line and the body.
    pub text: String,
}

/// How to read inputs.
#[derive(Clone, Debug, Default)]
pub struct InputOptions {
    pub text_field: Option<String>,
    pub title_field: Option<String>,
    pub date_field: Option<String>,
    pub id_field: Option<String>,
    pub url_field: Option<String>,
    /// Make invalid UTF-8 an error instead of a warning.
    pub strict: bool,
}

/// What reading produces, in input order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputEvent {
    Document(Document),
    Skipped(Skipped),
    Warning(String),
}

/// Read every input (files, directories recursively in sorted order, `-` for stdin;
/// no inputs means stdin) and hand each document, skip or warning to `sink`.
/// A missing or unreadable path is an error naming it.
pub fn read_inputs(
    inputs: &[PathBuf],
    options: &InputOptions,
    sink: &mut dyn FnMut(InputEvent),
) -> Result<()> {
    let _ = options;
    for path in inputs {
        read_path(path, sink)?;
    }
    Ok(())
}

fn read_path(path: &Path, sink: &mut dyn FnMut(InputEvent)) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| Error::io(path, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for p in entries {
            read_path(&p, sink)?;
        }
        return Ok(());
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let id = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_string);
    sink(InputEvent::Document(Document {
        meta: DocumentMeta {
            id,
            title,
            source: Some(path.display().to_string()),
            ..DocumentMeta::default()
        },
        text,
    }));
    Ok(())
}
