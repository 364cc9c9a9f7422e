//! Reading articles: plain text files, JSON arrays and JSON Lines, from files,
//! directories or stdin. Every document read or skipped is reported to the sink,
//! so that documents read + skipped = documents seen.
//!
//! - A plain text file (any extension but `.json`, `.jsonl`, `.ndjson`) is one
//!   article; its first non-empty line is the title, its file name the id.
//! - A `.json` file holds an array of article objects, a single object, or an
//!   object with the array under `articles`, `data` or `items`. The array is
//!   parsed one element at a time.
//! - A `.jsonl` / `.ndjson` file holds one object a line, read line by line.
//! - stdin is sniffed: `[` starts a JSON array, `{` JSON Lines (or one
//!   multi-line object), anything else is one plain text article.
//!
//! Bad input never stops the run: it becomes a warning (invalid UTF-8, decoded
//! lossily; an unrecognised date, dropped) or a skip with the reason (binary
//! file, empty document, record without text, malformed JSON). Only a missing or
//! unreadable path is an error.

mod date;
mod json;

use crate::error::{Error, Result};
use crate::graph::{DocumentMeta, Skipped};
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

pub(crate) use date::normalize_date;

/// How many leading bytes are searched for NUL to tell a binary file.
const BINARY_PROBE: usize = 8192;

/// One article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    pub meta: DocumentMeta,
    /// The text that every offset refers to. For a text file, the file's content
    /// (its first non-empty line is the title); for a JSON record, the title, a
    /// blank line and the body.
    pub text: String,
}

impl Document {
    /// The first 16 hex digits of the SHA-256 of the text: the document's
    /// [`DocumentMeta::hash`], which tells a document read again from a
    /// changed one.
    pub fn text_hash(&self) -> String {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(self.text.as_bytes());
        digest[..8].iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// The default of [`InputOptions::max_doc_bytes`]: 16 MiB, some 300 times
/// the longest SaudiNewsNet article.
pub const MAX_DOC_BYTES: u64 = 16 << 20;

/// How to read inputs.
#[derive(Clone, Debug)]
pub struct InputOptions {
    /// The JSON field holding the article text (default: the first of
    /// `content`, `text`, `body`, `article`).
    pub text_field: Option<String>,
    /// The JSON field holding the title (default: `title`, `headline`).
    pub title_field: Option<String>,
    /// The JSON field holding the date (default: `date`, `published`,
    /// `published_at`, `date_extracted`, `pubDate`).
    pub date_field: Option<String>,
    /// The JSON field holding the id (default: `id`, `guid`).
    pub id_field: Option<String>,
    /// The JSON field holding the url (default: `url`, `link`).
    pub url_field: Option<String>,
    /// Make invalid UTF-8 a skip instead of a warning.
    pub strict: bool,
    /// A document (a text file, a JSON Lines line, a JSON array element or
    /// a single-record `.json` file) of more bytes is skipped, with its size
    /// in the reason, without being read whole (a text file, a line) or
    /// parsed (an array element). 0: no limit.
    pub max_doc_bytes: u64,
}

impl Default for InputOptions {
    fn default() -> InputOptions {
        InputOptions {
            text_field: None,
            title_field: None,
            date_field: None,
            id_field: None,
            url_field: None,
            strict: false,
            max_doc_bytes: MAX_DOC_BYTES,
        }
    }
}

impl InputOptions {
    /// Is a document of `bytes` bytes over the limit?
    pub(crate) fn too_big(&self, bytes: u64) -> bool {
        self.max_doc_bytes > 0 && bytes > self.max_doc_bytes
    }

    /// The reason a document of `bytes` bytes (at least) is skipped.
    pub(crate) fn too_big_reason(&self, bytes: u64, at_least: bool) -> String {
        if at_least {
            format!("document too large (more than {bytes} bytes, the --max-doc-bytes limit)")
        } else {
            format!(
                "document too large ({bytes} bytes, over --max-doc-bytes {})",
                self.max_doc_bytes
            )
        }
    }
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
/// A missing or unreadable path is an error naming it; every path is checked
/// before anything is read.
pub fn read_inputs(
    inputs: &[PathBuf],
    options: &InputOptions,
    sink: &mut dyn FnMut(InputEvent),
) -> Result<()> {
    read(
        inputs,
        options,
        &mut CheckIds {
            sink,
            ids: HashSet::new(),
        },
    )
}

/// Where the reader's events go. [`read_inputs`] warns about a repeated
/// document id itself ([`CheckIds`]); the pipeline does it against its graph,
/// which holds every id anyway.
pub(crate) trait Sink {
    /// A skip or a warning.
    fn event(&mut self, event: InputEvent);
    /// A document read from `input` (its name for messages).
    fn document(&mut self, input: &str, doc: Document);
}

/// The warning for a document whose id an earlier document of the run had.
pub(crate) fn duplicate_warning(input: &str, id: &str) -> String {
    format!("{input}: duplicate document id {id:?}: the graph keeps the first one's metadata")
}

/// A sink that warns about repeated document ids, then hands every event on.
struct CheckIds<'a> {
    sink: &'a mut dyn FnMut(InputEvent),
    ids: HashSet<String>,
}

impl Sink for CheckIds<'_> {
    fn event(&mut self, event: InputEvent) {
        (self.sink)(event);
    }

    fn document(&mut self, input: &str, doc: Document) {
        if !self.ids.insert(doc.meta.id.clone()) {
            (self.sink)(InputEvent::Warning(duplicate_warning(input, &doc.meta.id)));
        }
        (self.sink)(InputEvent::Document(doc));
    }
}

/// [`read_inputs`], to any sink.
pub(crate) fn read(inputs: &[PathBuf], options: &InputOptions, sink: &mut dyn Sink) -> Result<()> {
    for path in inputs {
        if !is_stdin(path) {
            std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        }
    }
    let mut reader = Reader { options, sink };
    if inputs.is_empty() {
        return reader.stdin();
    }
    for path in inputs {
        if is_stdin(path) {
            reader.stdin()?;
        } else {
            reader.path(path, true)?;
        }
    }
    Ok(())
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Where documents come from: names for messages, ids and metadata.
pub(crate) struct Src {
    /// For messages and skips: the path as given, or `<stdin>`.
    pub display: String,
    /// For ids: the file name, or `stdin`.
    pub base: String,
    /// For `DocumentMeta::source`: the path, or `-`.
    pub source: String,
}

impl Src {
    fn file(path: &Path) -> Src {
        Src {
            display: path.display().to_string(),
            base: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
            source: path.display().to_string(),
        }
    }

    fn stdin() -> Src {
        Src {
            display: "<stdin>".into(),
            base: "stdin".into(),
            source: "-".into(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Text,
    Json,
    Jsonl,
}

impl Kind {
    fn of(path: &Path) -> Kind {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("json") => Kind::Json,
            Some("jsonl" | "ndjson") => Kind::Jsonl,
            _ => Kind::Text,
        }
    }
}

pub(crate) struct Reader<'a> {
    pub options: &'a InputOptions,
    sink: &'a mut dyn Sink,
}

impl Reader<'_> {
    pub fn skip(&mut self, input: impl Into<String>, reason: impl Into<String>) {
        self.sink.event(InputEvent::Skipped(Skipped {
            input: input.into(),
            reason: reason.into(),
        }));
    }

    pub fn warn(&mut self, message: impl Into<String>) {
        self.sink.event(InputEvent::Warning(message.into()));
    }

    pub fn document(&mut self, src: &Src, doc: Document) {
        self.sink.document(&src.display, doc);
    }

    /// Decode `bytes` (which start at byte `offset` of the input): lossily with a
    /// warning, or `None` after a skip under `--strict`.
    pub fn decode(&mut self, bytes: Vec<u8>, input: &str, offset: u64) -> Option<String> {
        // The usual case, valid UTF-8, checked with SIMD: std's check cost
        // about 10 instructions a byte on Arabic text, 6% of a whole run.
        if simdutf8::basic::from_utf8(&bytes).is_ok() {
            // SAFETY: simdutf8 has just checked that `bytes` is valid UTF-8.
            return Some(unsafe { String::from_utf8_unchecked(bytes) });
        }
        match String::from_utf8(bytes) {
            Ok(s) => Some(s),
            Err(e) => {
                let at = offset + e.utf8_error().valid_up_to() as u64;
                if self.options.strict {
                    self.skip(input, format!("invalid UTF-8 at byte {at}"));
                    None
                } else {
                    self.warn(format!(
                        "{input}: invalid UTF-8 at byte {at}; decoded lossily (U+FFFD)"
                    ));
                    Some(String::from_utf8_lossy(e.as_bytes()).into_owned())
                }
            }
        }
    }

    fn path(&mut self, path: &Path, named: bool) -> Result<()> {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            let mut entries = Vec::new();
            for entry in std::fs::read_dir(path).map_err(|e| Error::io(path, e))? {
                let entry = entry.map_err(|e| Error::io(path, e))?;
                entries.push(entry.path());
            }
            entries.sort();
            for p in entries {
                // Hidden files (`.git`, editor and temporary files) are not articles.
                let hidden = p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                if !hidden {
                    self.path(&p, false)?;
                }
            }
            return Ok(());
        }
        if !meta.is_file() && !named {
            return Ok(());
        }
        let src = Src::file(path);
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let mut r = BufReader::with_capacity(1 << 16, file);
        self.stream(&src, Kind::of(path), &mut r)
            .map_err(|e| Error::io(path, e))
    }

    /// stdin: its kind is sniffed from its first non-blank line, then it is
    /// read like a file of that kind (JSON Lines stream line by line).
    fn stdin(&mut self) -> Result<()> {
        let src = Src::stdin();
        let err = |e| Error::io("<stdin>", e);
        let mut r = std::io::stdin().lock();
        let mut head = Vec::new();
        loop {
            let start = head.len();
            let n = r.read_until(b'\n', &mut head).map_err(err)?;
            let line = &head[start..];
            let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
            if n == 0 || !line.iter().all(u8::is_ascii_whitespace) {
                break;
            }
        }
        let kind = sniff(&head);
        self.stream(&src, kind, &mut (&head[..]).chain(r))
            .map_err(err)
    }

    /// Read one input of a known kind.
    fn stream(&mut self, src: &Src, kind: Kind, r: &mut dyn BufRead) -> std::io::Result<()> {
        let head = r.fill_buf()?;
        if let Some(at) = head.iter().take(BINARY_PROBE).position(|&b| b == 0) {
            self.skip(&src.display, format!("binary file (NUL byte at byte {at})"));
            return Ok(());
        }
        match kind {
            Kind::Jsonl => json::jsonl(self, src, r),
            Kind::Json | Kind::Text => {
                let mut bytes = Vec::new();
                if kind == Kind::Text && self.options.max_doc_bytes > 0 {
                    // read one byte past the limit, and no further
                    let limit = self.options.max_doc_bytes;
                    r.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
                    if self.options.too_big(bytes.len() as u64) {
                        let reason = self.options.too_big_reason(limit, true);
                        self.skip(&src.display, reason);
                        return Ok(());
                    }
                } else {
                    r.read_to_end(&mut bytes)?;
                }
                // A NUL beyond the first buffer but within the probe.
                if let Some(at) = bytes.iter().take(BINARY_PROBE).position(|&b| b == 0) {
                    self.skip(&src.display, format!("binary file (NUL byte at byte {at})"));
                    return Ok(());
                }
                let (bytes, bom) = strip_bom(bytes);
                let Some(text) = self.decode(bytes, &src.display, bom) else {
                    return Ok(());
                };
                if kind == Kind::Json {
                    json::json(self, src, &text);
                } else {
                    self.text(src, text);
                }
                Ok(())
            }
        }
    }

    /// A plain text article.
    fn text(&mut self, src: &Src, text: String) {
        if text.trim().is_empty() {
            self.skip(&src.display, "empty document");
            return;
        }
        let title = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(str::to_string);
        let doc = Document {
            meta: DocumentMeta {
                id: src.base.clone(),
                title,
                source: Some(src.source.clone()),
                ..DocumentMeta::default()
            },
            text,
        };
        self.document(src, doc);
    }
}

/// Remove a UTF-8 byte order mark; returns how many bytes were removed.
fn strip_bom(mut bytes: Vec<u8>) -> (Vec<u8>, u64) {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
        (bytes, 3)
    } else {
        (bytes, 0)
    }
}

/// What stdin holds, from its first non-blank byte (after a byte order mark):
/// `[` a JSON array, `{` JSON Lines (or one object across several lines), else
/// plain text.
fn sniff(bytes: &[u8]) -> Kind {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    match bytes.get(start) {
        Some(b'[') => Kind::Json,
        Some(b'{') => {
            // One object a line, unless the first object spans lines.
            let line = bytes[start..]
                .split(|&b| b == b'\n')
                .next()
                .unwrap_or_default();
            let line = String::from_utf8_lossy(line);
            if serde_json::from_str::<serde::de::IgnoredAny>(&line).is_ok() {
                Kind::Jsonl
            } else {
                Kind::Json
            }
        }
        _ => Kind::Text,
    }
}
