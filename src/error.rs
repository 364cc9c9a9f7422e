//! The library's error type: a public struct over a private kind.

use std::io;
use std::path::PathBuf;

/// An error of the newsgraph library. Its message names the file, line or
/// document concerned.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct Error(#[from] ErrorKind);

#[derive(Debug, thiserror::Error)]
pub(crate) enum ErrorKind {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{location}: {message}")]
    Lexicon { location: String, message: String },
    #[error("{location}: not a node-link graph: {message}")]
    Graph { location: String, message: String },
    #[error("{location}: {message}")]
    Merge { location: String, message: String },
    #[error("{0}")]
    Usage(String),
    #[error("writing {target}: {source}")]
    Write { target: String, source: io::Error },
    #[error("temporary document store in {}: {source}", dir.display())]
    Spill { dir: PathBuf, source: io::Error },
    #[error("more than {0} distinct document ids (the limit of a graph)")]
    TooManyDocuments(u64),
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: io::Error) -> Error {
        ErrorKind::Io {
            path: path.into(),
            source,
        }
        .into()
    }

    pub(crate) fn lexicon(location: impl Into<String>, message: impl Into<String>) -> Error {
        ErrorKind::Lexicon {
            location: location.into(),
            message: message.into(),
        }
        .into()
    }

    pub(crate) fn graph(location: impl Into<String>, message: impl Into<String>) -> Error {
        ErrorKind::Graph {
            location: location.into(),
            message: message.into(),
        }
        .into()
    }

    /// Graphs that cannot be combined as they are (other lexicons, a
    /// conflict under `--on-conflict fail`).
    pub(crate) fn merge(location: impl Into<String>, message: impl Into<String>) -> Error {
        ErrorKind::Merge {
            location: location.into(),
            message: message.into(),
        }
        .into()
    }

    /// A usage error: bad option values or combinations (exit code 2).
    pub fn usage(message: impl Into<String>) -> Error {
        ErrorKind::Usage(message.into()).into()
    }

    pub(crate) fn write(target: impl Into<String>, source: io::Error) -> Error {
        ErrorKind::Write {
            target: target.into(),
            source,
        }
        .into()
    }

    /// An error of the temporary file of the documents' metadata, in `dir`.
    pub(crate) fn spill(dir: impl Into<PathBuf>, source: io::Error) -> Error {
        ErrorKind::Spill {
            dir: dir.into(),
            source,
        }
        .into()
    }

    /// A graph would hold more than `limit` document ids.
    pub(crate) fn too_many_documents(limit: impl Into<u64>) -> Error {
        ErrorKind::TooManyDocuments(limit.into()).into()
    }

    /// Whether this is a usage error (bad arguments).
    pub fn is_usage(&self) -> bool {
        matches!(self.0, ErrorKind::Usage(_))
    }

    /// Whether this error is a closed pipe on output (not a failure for a CLI).
    pub fn is_broken_pipe(&self) -> bool {
        match &self.0 {
            ErrorKind::Io { source, .. } | ErrorKind::Write { source, .. } => {
                is_broken_pipe(source)
            }
            _ => false,
        }
    }
}

/// Whether an I/O error is, or wraps (e.g. inside a `serde_json::Error` turned
/// into `io::Error::other`), a broken pipe.
fn is_broken_pipe(e: &io::Error) -> bool {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return true;
    }
    let mut inner: Option<&(dyn std::error::Error + 'static)> =
        e.get_ref().map(|e| e as &(dyn std::error::Error + 'static));
    while let Some(err) = inner {
        if let Some(io) = err.downcast_ref::<io::Error>()
            && io.kind() == io::ErrorKind::BrokenPipe
        {
            return true;
        }
        if let Some(json) = err.downcast_ref::<serde_json::Error>()
            && json.io_error_kind() == Some(io::ErrorKind::BrokenPipe)
        {
            return true;
        }
        inner = err.source();
    }
    false
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
