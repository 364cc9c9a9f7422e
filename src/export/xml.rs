//! Helpers shared by the XML exporters (GraphML and GEXF).
//!
//! - [`clean`] drops the characters XML 1.0 cannot carry at all (C0 controls other
//!   than tab, newline and carriage return, and U+FFFE/U+FFFF); every string that
//!   goes into a file passes through it.
//! - [`XmlWriter`] wraps quick-xml's streaming `Writer` (over a `BufWriter`): it
//!   indents between elements but never inside text, cleans and escapes every
//!   attribute value and text node (quick-xml escapes `\r` in text, and `\t`, `\n`,
//!   `\r` in attributes, so values read back exactly).
//! - [`evidence_summary`], [`xml_date`] and [`decimal`] format values the same way
//!   in both formats, with fixed formatting so the output is deterministic.

use crate::graph::Edge;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::borrow::Cow;
use std::io::{self, BufWriter, Write};

/// Whether XML 1.0 allows the character anywhere in a document
/// (production `Char`; surrogates cannot occur in a Rust string).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The string without the characters XML 1.0 forbids; borrowed when it has none.
pub(crate) fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| is_xml_char(c)).collect())
    }
}

/// Evidence items shown in the `evidence` summary of an edge.
pub(crate) const SUMMARY_ITEMS: usize = 3;

/// An edge's columns, as both XML formats write them: relation, first date,
/// last date, evidence count, number of documents, derived, evidence summary.
pub(crate) fn edge_columns(edge: &Edge) -> [String; 7] {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        edge.relation.as_str().to_string(),
        opt(&edge.first_date),
        opt(&edge.last_date),
        edge.weight.to_string(),
        edge.documents.len().to_string(),
        edge.derived.to_string(),
        evidence_summary(edge),
    ]
}

/// How aliases are joined into one column.
pub(crate) const ALIAS_SEPARATOR: &str = " | ";

/// A node's columns, as both XML formats write them: type, Arabic label,
/// English label, Wikidata id, ISO alpha-3, CAMEO code, aliases, number of
/// documents, mentions (empty strings where there is no value).
pub(crate) fn node_columns(node: &crate::graph::Node) -> [String; 9] {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let label = |lang: &str| node.labels.get(lang).cloned().unwrap_or_default();
    let aliases: Vec<&str> = node.aliases.iter().map(String::as_str).collect();
    [
        node.actor_type.as_str().to_string(),
        label("ar"),
        label("en"),
        opt(&node.wikidata),
        opt(&node.iso3),
        opt(&node.cameo),
        aliases.join(ALIAS_SEPARATOR),
        node.documents.len().to_string(),
        node.mentions.to_string(),
    ]
}
/// Characters of one sentence kept in the summary (longer ones end in `…`).
pub(crate) const SUMMARY_CHARS: usize = 300;

/// A short text of an edge's first evidence items:
/// `doc#sentence: text`, joined by ` || `, at most [`SUMMARY_ITEMS`] items of at most
/// [`SUMMARY_CHARS`] characters each, and ` || … (+N more)` when the edge has more
/// evidence than is shown. Empty when the edge has no evidence.
pub(crate) fn evidence_summary(edge: &Edge) -> String {
    let mut parts: Vec<String> = edge
        .evidence
        .iter()
        .take(SUMMARY_ITEMS)
        .map(|ev| {
            let text = if ev.text.chars().count() > SUMMARY_CHARS {
                let mut t: String = ev.text.chars().take(SUMMARY_CHARS - 1).collect();
                t.push('…');
                t
            } else {
                ev.text.clone()
            };
            format!("{}#{}: {}", ev.document, ev.sentence, text)
        })
        .collect();
    let shown = parts.len() as u64;
    if shown > 0 && edge.weight > shown {
        parts.push(format!("… (+{} more)", edge.weight - shown));
    }
    parts.join(" || ")
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

/// An integer count written as an XML double (`3.0`), exactly.
pub(crate) fn decimal(n: u64) -> String {
    format!("{n}.0")
}

/// A streaming XML writer with indentation between elements only.
pub(crate) struct XmlWriter<'w> {
    inner: Writer<BufWriter<&'w mut dyn Write>>,
}

impl<'w> XmlWriter<'w> {
    /// Start a document: optional UTF-8 BOM, then the XML declaration.
    pub(crate) fn new(w: &'w mut dyn Write, bom: bool) -> io::Result<XmlWriter<'w>> {
        let mut inner =
            Writer::new_with_indent(BufWriter::with_capacity(super::BUFFER, w), b' ', 2);
        if bom {
            inner.write_bom()?;
        }
        inner.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        Ok(XmlWriter { inner })
    }

    fn tag<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
        let mut tag = BytesStart::new(name);
        for &(key, value) in attrs {
            tag.push_attribute((key, clean(value).as_ref()));
        }
        tag
    }

    /// `<name attrs>`.
    pub(crate) fn start(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        self.inner.write_event(Event::Start(Self::tag(name, attrs)))
    }

    /// `</name>`.
    pub(crate) fn end(&mut self, name: &str) -> io::Result<()> {
        self.inner.write_event(Event::End(BytesEnd::new(name)))
    }

    /// `<name attrs/>`.
    pub(crate) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        self.inner.write_event(Event::Empty(Self::tag(name, attrs)))
    }

    /// `<name attrs>text</name>`, with no whitespace around the text.
    pub(crate) fn text_element(
        &mut self,
        name: &str,
        attrs: &[(&str, &str)],
        text: &str,
    ) -> io::Result<()> {
        self.start(name, attrs)?;
        self.inner
            .write_event(Event::Text(BytesText::new(clean(text).as_ref())))?;
        self.end(name)
    }

    /// End the document with a newline and flush.
    pub(crate) fn finish(self) -> io::Result<()> {
        let mut w = self.inner.into_inner();
        w.write_all(b"\n")?;
        w.flush()
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
                    text: t.to_string(),
                    date: None,
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
