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
    Input { location: String, message: String },
    #[error("{location}: {message}")]
    Lexicon { location: String, message: String },
    #[error("{location}: not a node-link graph: {message}")]
    Graph { location: String, message: String },
    #[error("{0}")]
    Usage(String),
    #[error("writing {target}: {source}")]
    Write { target: String, source: io::Error },
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: io::Error) -> Error {
        ErrorKind::Io {
            path: path.into(),
            source,
        }
        .into()
    }

    pub(crate) fn input(location: impl Into<String>, message: impl Into<String>) -> Error {
        ErrorKind::Input {
            location: location.into(),
            message: message.into(),
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

    /// Whether this is a usage error (bad arguments).
    pub fn is_usage(&self) -> bool {
        matches!(self.0, ErrorKind::Usage(_))
    }

    /// Whether this error is a closed pipe on output (not a failure for a CLI).
    pub fn is_broken_pipe(&self) -> bool {
        match &self.0 {
            ErrorKind::Io { source, .. } | ErrorKind::Write { source, .. } => {
                source.kind() == io::ErrorKind::BrokenPipe
            }
            _ => false,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
