//! Helpers shared by the XML exporters (GraphML and GEXF).
//!
//! - [`clean`] drops the characters XML 1.0 cannot carry at all (C0 controls other
//!   than tab, newline and carriage return, and U+FFFE/U+FFFF); every string that
//!   goes into a file passes through it.
//! - [`XmlWriter`] wraps quick-xml's streaming `Writer` (over a `BufWriter`): it
//!   indents between elements but never inside text, cleans and escapes every
//!   attribute value and text node (quick-xml escapes `\r` in text, and `\t`, `\n`,
//!   `\r` in attributes, so values read back exactly). It allocates nothing per
//!   element: a start tag is built in one reused buffer and written as a borrowed
//!   `BytesStart::from_content`, text as a borrowed `BytesText`. A value with no
//!   byte that quick-xml would escape or [`clean`] would look at (the common
//!   case, checked in one pass) is copied as it is; any other value goes through
//!   [`clean`] and quick-xml's own escaping (`BytesStart::push_attribute`,
//!   `BytesText::new`), so the bytes are those quick-xml writes.
//! - [`Columns`] formats the node and edge columns that both formats write, into
//!   reused buffers; [`xml_date`] and [`decimal`] format values the same way in
//!   both formats, with fixed formatting so the output is deterministic.

use super::rdf::decimal_digits;
use crate::graph::{Edge, Node};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use rayon::prelude::*;
use std::borrow::Cow;
use std::io::{self, BufWriter, Write};

/// Whether XML 1.0 allows the character anywhere in a document
/// (production `Char`; surrogates cannot occur in a Rust string).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Bytes that may belong to a character XML 1.0 forbids: C0 controls other
/// than tab, newline and carriage return, and 0xEF, which starts U+FFFE and
/// U+FFFF (and other characters, which are allowed).
static SUSPECT: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = !matches!(b as u8, b'\t' | b'\n' | b'\r');
        b += 1;
    }
    t[0xEF] = true;
    t
};

/// The string without the characters XML 1.0 forbids; borrowed when it has none.
pub(crate) fn clean(s: &str) -> Cow<'_, str> {
    if !s.bytes().any(|b| SUSPECT[usize::from(b)]) || s.chars().all(is_xml_char) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| is_xml_char(c)).collect())
    }
}

/// Evidence items shown in the `evidence` summary of an edge.
pub(crate) const SUMMARY_ITEMS: usize = 3;

/// How aliases are joined into one column.
pub(crate) const ALIAS_SEPARATOR: &str = " | ";

/// Characters of one sentence kept in the summary (longer ones end in `…`).
pub(crate) const SUMMARY_CHARS: usize = 300;

/// Reused buffers for the column values of nodes and edges.
#[derive(Default)]
pub(crate) struct Columns {
    aliases: String,
    summary: String,
    source_sectors: String,
    target_sectors: String,
    rules: String,
    first: String,
    second: String,
}

/// `n` in decimal, into `buf` (cleared first).
pub(crate) fn digits_into(n: u64, buf: &mut String) -> &str {
    buf.clear();
    buf.push_str(decimal_digits(n, &mut [0; 20]));
    buf
}

impl Columns {
    /// A node's columns, as both XML formats write them: type, Arabic label,
    /// English label, Wikidata id, ISO alpha-3, CAMEO code, sector, aliases,
    /// number of documents, mentions (empty strings where there is no value).
    pub(crate) fn node<'a>(&'a mut self, node: &'a Node) -> [&'a str; 10] {
        let opt = |v: &'a Option<String>| v.as_deref().unwrap_or_default();
        let label = |lang: &str| node.labels.get(lang).map_or("", String::as_str);
        self.aliases.clear();
        for (i, alias) in node.aliases.iter().enumerate() {
            if i > 0 {
                self.aliases.push_str(ALIAS_SEPARATOR);
            }
            self.aliases.push_str(alias);
        }
        [
            node.actor_type.as_str(),
            label("ar"),
            label("en"),
            opt(&node.wikidata),
            opt(&node.iso3),
            opt(&node.cameo),
            opt(&node.sector),
            &self.aliases,
            digits_into(node.documents.len() as u64, &mut self.first),
            digits_into(node.mentions, &mut self.second),
        ]
    }

    /// An edge's columns, as both XML formats write them: relation, first date,
    /// last date, evidence count, number of documents, derived, the sectors of
    /// its source and of its target in its evidence (sorted, space-separated),
    /// the rules that found its evidence (sorted, space-separated), evidence
    /// summary.
    pub(crate) fn edge<'a>(&'a mut self, edge: &'a Edge) -> [&'a str; 10] {
        let opt = |v: &'a Option<String>| v.as_deref().unwrap_or_default();
        evidence_summary_into(edge, &mut self.summary);
        distinct_into(
            edge.evidence.iter().map(|e| &e.source_sector),
            &mut self.source_sectors,
        );
        distinct_into(
            edge.evidence.iter().map(|e| &e.target_sector),
            &mut self.target_sectors,
        );
        distinct_into(edge.evidence.iter().map(|e| &e.rule), &mut self.rules);
        [
            edge.relation.as_str(),
            opt(&edge.first_date),
            opt(&edge.last_date),
            digits_into(edge.weight, &mut self.first),
            digits_into(edge.documents.len() as u64, &mut self.second),
            if edge.derived { "true" } else { "false" },
            &self.source_sectors,
            &self.target_sectors,
            &self.rules,
            &self.summary,
        ]
    }
}

/// The distinct sectors among `sectors`, sorted and joined by spaces, into
/// `out` (cleared first).
/// The distinct values, sorted and space-separated (sectors, rule ids).
fn distinct_into<'a>(values: impl Iterator<Item = &'a Option<String>>, out: &mut String) {
    out.clear();
    let mut v: Vec<&str> = values.flatten().map(String::as_str).collect();
    v.sort_unstable();
    v.dedup();
    for (i, s) in v.into_iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(s);
    }
}

/// A short text of an edge's first evidence items:
/// `doc#sentence: text`, joined by ` || `, at most [`SUMMARY_ITEMS`] items of at most
/// [`SUMMARY_CHARS`] characters each, and ` || … (+N more)` when the edge has more
/// evidence than is shown. Empty when the edge has no evidence.
#[cfg(test)]
pub(crate) fn evidence_summary(edge: &Edge) -> String {
    let mut s = String::new();
    evidence_summary_into(edge, &mut s);
    s
}

/// [`evidence_summary`], into `out` (cleared first).
pub(crate) fn evidence_summary_into(edge: &Edge, out: &mut String) {
    out.clear();
    let mut shown = 0u64;
    for ev in edge.evidence.iter().take(SUMMARY_ITEMS) {
        if shown > 0 {
            out.push_str(" || ");
        }
        out.push_str(&ev.document);
        out.push('#');
        out.push_str(decimal_digits(ev.sentence as u64, &mut [0; 20]));
        out.push_str(": ");
        // longer than SUMMARY_CHARS: the first SUMMARY_CHARS - 1 characters and '…'
        match ev.text.char_indices().nth(SUMMARY_CHARS) {
            Some(_) => {
                let cut = ev
                    .text
                    .char_indices()
                    .nth(SUMMARY_CHARS - 1)
                    .map_or(ev.text.len(), |(i, _)| i);
                out.push_str(&ev.text[..cut]);
                out.push('…');
            }
            None => out.push_str(&ev.text),
        }
        shown += 1;
    }
    if shown > 0 && edge.weight > shown {
        out.push_str(" || … (+");
        out.push_str(decimal_digits(edge.weight - shown, &mut [0; 20]));
        out.push_str(" more)");
    }
}

/// The `YYYY-MM-DD` part of an ISO 8601 date or date-time, or `None` when the
/// string does not start with one.
pub(crate) fn xml_date(s: &str) -> Option<&str> {
    let d = s.get(..10)?;
    let b = d.as_bytes();
    let ok = b.iter().enumerate().all(|(i, &c)| match i {
        4 | 7 => c == b'-',
        _ => c.is_ascii_digit(),
    });
    let month = &d[5..7];
    let day = &d[8..10];
    (ok && ("01"..="12").contains(&month) && ("01"..="31").contains(&day)).then_some(d)
}

/// An integer count written as an XML double (`3.0`), exactly, into `buf`.
pub(crate) fn decimal_into(n: u64, buf: &mut String) -> &str {
    digits_into(n, buf);
    buf.push_str(".0");
    buf
}

/// An integer count written as an XML double (`3.0`), exactly.
#[cfg(test)]
pub(crate) fn decimal(n: u64) -> String {
    let mut s = String::new();
    decimal_into(n, &mut s);
    s
}

/// Bytes that make a value go the slow way (see [`plain`]): every control
/// character, 0xEF (see [`SUSPECT`]), and what quick-xml escapes in attribute
/// values and text (`<`, `>`, `&`, `'`, `"`; `\t`, `\n`, `\r` are controls).
static SPECIAL: [bool; 256] = {
    let mut t = SUSPECT;
    t[b'\t' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'&' as usize] = true;
    t[b'\'' as usize] = true;
    t[b'"' as usize] = true;
    t
};

/// Whether `s` has no [`SPECIAL`] byte: then [`clean`] keeps it as it is and
/// quick-xml's escaping (of text and of attribute values) leaves it unchanged.
fn plain(s: &str) -> bool {
    let mut chunks = s.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        // eight lookups, one branch
        if chunk
            .iter()
            .fold(false, |any, &b| any | SPECIAL[usize::from(b)])
        {
            return false;
        }
    }
    !chunks.remainder().iter().any(|&b| SPECIAL[usize::from(b)])
}

/// A streaming XML writer with indentation between elements only.
pub(crate) struct XmlWriter<W: Write> {
    inner: Writer<W>,
    /// The start tag being written: name and attributes, escaped.
    tag: String,
}

/// The writer of a whole document.
pub(crate) type DocWriter<'w> = XmlWriter<BufWriter<&'w mut dyn Write>>;

/// Elements formatted by one thread at a time (see [`DocWriter::rows`]).
const CHUNK: usize = 2048;

impl<'w> DocWriter<'w> {
    /// Start a document: optional UTF-8 BOM, then the XML declaration.
    pub(crate) fn new(w: &'w mut dyn Write, bom: bool) -> io::Result<DocWriter<'w>> {
        let mut inner =
            Writer::new_with_indent(BufWriter::with_capacity(super::BUFFER, w), b' ', 2);
        if bom {
            inner.write_bom()?;
        }
        inner.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        Ok(XmlWriter {
            inner,
            tag: String::new(),
        })
    }

    /// Write one element per item with `row`, at nesting `depth` (the number of
    /// elements open around them, right after a start or end tag). Chunks of
    /// items are formatted on rayon's threads, each by its own quick-xml
    /// `Writer` into memory, set to the same indentation, and written in
    /// order: the bytes are those of writing the items one by one, and at most
    /// two chunks per thread are held at once.
    pub(crate) fn rows<T: Sync, S: Default>(
        &mut self,
        items: &[T],
        depth: usize,
        row: impl Fn(&mut XmlWriter<Vec<u8>>, &mut S, &T) -> io::Result<()> + Sync,
    ) -> io::Result<()> {
        let batch = 2 * rayon::current_num_threads().max(1);
        for group in items.chunks(CHUNK * batch) {
            let chunks: Vec<&[T]> = group.chunks(CHUNK).collect();
            let formatted = chunks
                .par_iter()
                .map(|chunk| {
                    let mut x = XmlWriter::in_memory(depth)?;
                    let mut scratch = S::default();
                    for item in chunk.iter() {
                        row(&mut x, &mut scratch, item)?;
                    }
                    Ok(x.inner.into_inner())
                })
                .collect::<io::Result<Vec<Vec<u8>>>>()?;
            for bytes in formatted {
                self.inner.get_mut().write_all(&bytes)?;
            }
        }
        Ok(())
    }

    /// End the document with a newline and flush.
    pub(crate) fn finish(self) -> io::Result<()> {
        let mut w = self.inner.into_inner();
        w.write_all(b"\n")?;
        w.flush()
    }
}

impl XmlWriter<Vec<u8>> {
    /// A writer into memory whose indentation is that of a document writer
    /// inside `depth` open elements, right after a tag.
    fn in_memory(depth: usize) -> io::Result<XmlWriter<Vec<u8>>> {
        let mut inner = Writer::new_with_indent(Vec::with_capacity(1 << 20), b' ', 2);
        for _ in 0..depth {
            inner.write_event(Event::Start(BytesStart::new("x")))?;
        }
        inner.get_mut().clear();
        Ok(XmlWriter {
            inner,
            tag: String::new(),
        })
    }
}

impl<W: Write> XmlWriter<W> {
    /// Fill `self.tag` with `name` and `attrs` (values cleaned and escaped).
    fn tag(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let tag = &mut self.tag;
        tag.clear();
        tag.push_str(name);
        for &(key, value) in attrs {
            if plain(value) {
                tag.push(' ');
                tag.push_str(key);
                tag.push_str("=\"");
                tag.push_str(value);
                tag.push('"');
            } else {
                // quick-xml escapes the value (writing ` key="value"`)
                let mut one = BytesStart::new("");
                one.push_attribute((key, clean(value).as_ref()));
                tag.push_str(one.attributes_raw());
            }
        }
    }

    /// `<name attrs>`.
    pub(crate) fn start(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        self.tag(name, attrs);
        let tag = BytesStart::from_content(self.tag.as_str(), name.len());
        self.inner.write_event(Event::Start(tag))
    }

    /// `<content>` for a start tag `name` written out in advance (the name, then
    /// attributes with values that need no escaping), e.g. `data key="n_label"`.
    pub(crate) fn start_raw(&mut self, content: &str, name: &str) -> io::Result<()> {
        debug_assert!(content.starts_with(name));
        self.inner
            .write_event(Event::Start(BytesStart::from_content(content, name.len())))
    }

    /// `</name>`.
    pub(crate) fn end(&mut self, name: &str) -> io::Result<()> {
        self.inner.write_event(Event::End(BytesEnd::new(name)))
    }

    /// `<name attrs/>`.
    pub(crate) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        self.tag(name, attrs);
        let tag = BytesStart::from_content(self.tag.as_str(), name.len());
        self.inner.write_event(Event::Empty(tag))
    }

    /// Text, cleaned and escaped (nothing to do for plain text).
    fn text(&mut self, text: &str) -> io::Result<()> {
        if plain(text) {
            return self
                .inner
                .write_event(Event::Text(BytesText::from_escaped(text)));
        }
        self.inner
            .write_event(Event::Text(BytesText::new(&clean(text))))
    }

    /// `<name attrs>text</name>`, with no whitespace around the text.
    pub(crate) fn text_element(
        &mut self,
        name: &str,
        attrs: &[(&str, &str)],
        text: &str,
    ) -> io::Result<()> {
        self.start(name, attrs)?;
        self.text(text)?;
        self.end(name)
    }

    /// `<content>text</name>` (see [`XmlWriter::start_raw`]) when the cleaned text is
    /// not empty; nothing otherwise.
    pub(crate) fn raw_text_element(
        &mut self,
        content: &str,
        name: &str,
        text: &str,
    ) -> io::Result<()> {
        if text.is_empty() || (!plain(text) && clean(text).is_empty()) {
            return Ok(());
        }
        self.start_raw(content, name)?;
        self.text(text)?;
        self.end(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{DocSet, Evidence, Relation};

    #[test]
    fn clean_drops_only_illegal_characters() {
        assert_eq!(clean("a\u{1}b\u{b}\u{c}c\u{1f}"), "abc");
        assert_eq!(
            clean("\t\n\r\u{200f}\u{202b}\u{fffd}"),
            "\t\n\r\u{200f}\u{202b}\u{fffd}"
        );
        assert_eq!(clean("x\u{fffe}\u{ffff}y"), "xy");
        assert_eq!(clean("\u{7f}\u{85}\u{1F600}"), "\u{7f}\u{85}\u{1F600}");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn dates_are_cut_to_the_day_and_checked() {
        assert_eq!(xml_date("2015-02-16"), Some("2015-02-16"));
        assert_eq!(xml_date("2015-02-16T10:00:00Z"), Some("2015-02-16"));
        assert_eq!(xml_date("2015-02"), None);
        assert_eq!(xml_date("2015-13-01"), None);
        assert_eq!(xml_date("16/02/2015"), None);
        assert_eq!(xml_date("٢٠١٥-٠٢-١٦xx"), None);
    }

    fn edge(texts: &[&str], weight: u64) -> Edge {
        Edge {
            id: "a--met_with--b".into(),
            source: "a".into(),
            target: "b".into(),
            relation: Relation::MetWith,
            weight,
            documents: DocSet::new(),
            first_date: None,
            last_date: None,
            evidence: texts
                .iter()
                .enumerate()
                .map(|(i, t)| Evidence {
                    document: "d".into(),
                    sentence: i,
                    start: 0,
                    end: 0,
                    trigger_start: 0,
                    trigger_end: 0,
                    trigger: String::new(),
                    text: (*t).into(),
                    date: None,
                    source_sector: None,
                    target_sector: None,
                    rule: None,
                })
                .collect(),
            derived: false,
        }
    }

    #[test]
    fn summary_is_short() {
        assert_eq!(evidence_summary(&edge(&[], 0)), "");
        assert_eq!(evidence_summary(&edge(&["x"], 1)), "d#0: x");
        assert_eq!(
            evidence_summary(&edge(&["x", "y", "z", "w"], 9)),
            "d#0: x || d#1: y || d#2: z || … (+6 more)"
        );
        let long = "ب".repeat(SUMMARY_CHARS + 5);
        let s = evidence_summary(&edge(&[&long], 1));
        assert_eq!(s.chars().count(), "d#0: ".len() + SUMMARY_CHARS);
        assert!(s.ends_with('…'));
    }

    /// A sink that fails with `BrokenPipe` once it has taken `left` bytes.
    struct Failing {
        left: usize,
    }

    impl Write for Failing {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.left == 0 {
                return Err(io::ErrorKind::BrokenPipe.into());
            }
            let n = buf.len().min(self.left);
            self.left -= n;
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn write_errors_reach_the_caller_unchanged() {
        let mut g = crate::graph::Graph::default();
        for i in 0..200 {
            g.add_node(crate::graph::Node::new(
                format!("ng:{i}"),
                crate::graph::ActorType::Person,
            ));
        }
        for format in [crate::export::Format::GraphMl, crate::export::Format::Gexf] {
            for left in [0, 100, 5000] {
                let err = format.write(&g, &mut Failing { left }).unwrap_err();
                assert_eq!(err.kind(), io::ErrorKind::BrokenPipe, "{format:?} {left}");
            }
        }
    }

    #[test]
    fn decimals_are_exact() {
        assert_eq!(decimal(0), "0.0");
        assert_eq!(decimal(u64::MAX), "18446744073709551615.0");
    }
}
