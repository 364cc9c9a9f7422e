//! JSON-LD 1.1 export: the RDF dataset of [`super::rdf`] as one JSON document.
//!
//! The document is `{"@context": ..., "@graph": [...]}`. The context is the
//! content of `schema/context.jsonld`, embedded so that no consumer needs the
//! network. Every node object has a full `@id` IRI (no blank nodes), compact
//! `@type`s, and the terms of the context; labels are language maps, integers
//! and dates are strings typed through the context's coercions. Evidence is
//! nested in its relation. No `@annotation`, `@direction` or named graphs:
//! everything is in the default graph, the same triples as the N-Quads export.
//!
//! The output is streamed, one resource at a time, by a small writer of its own
//! that lays JSON out exactly as serde_json's pretty printer does (two-space
//! indentation, `": "`, the same string escapes); the context is written by
//! serde_json once.

use super::Chunked;
use super::rdf::{self, Datatype, Iri, Prop, Resource, Style, Term};
use crate::graph::Graph;
use serde::ser::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::Range;
use std::sync::OnceLock;

/// `schema/context.jsonld`, embedded in every output.
const CONTEXT_FILE: &str = include_str!("../../schema/context.jsonld");

/// The value of the context file's `@context`, parsed once.
fn context() -> &'static serde_json::Value {
    static CONTEXT: OnceLock<serde_json::Value> = OnceLock::new();
    CONTEXT.get_or_init(|| {
        let file: serde_json::Value =
            serde_json::from_str(CONTEXT_FILE).expect("schema/context.jsonld is valid JSON");
        file["@context"].clone()
    })
}

/// The context as written in the document (one level deep, keys sorted).
fn context_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let text = serde_json::to_string_pretty(&SortedJson(context()))
            .expect("a JSON value always serialises");
        // one level deeper: JSON strings hold no raw newline, so every newline
        // is layout
        text.replace('\n', "\n  ")
    })
}

/// Write the graph as JSON-LD 1.1.
pub fn write(graph: &Graph, w: &mut dyn Write) -> io::Result<()> {
    let mut out = Chunked::new(w);
    let mut j = Json::default();
    j.open(&mut out.buf, b'{');
    j.key(&mut out.buf, "@context");
    out.buf.extend_from_slice(context_text().as_bytes());
    j.key(&mut out.buf, "@graph");
    j.open(&mut out.buf, b'[');
    rdf::visit(graph, |r, nested| {
        j.item(&mut out.buf);
        node_object(&mut j, &mut out.buf, r, nested, None)?;
        out.flush_full()
    })?;
    j.close(&mut out.buf, b']');
    j.close(&mut out.buf, b'}');
    out.buf.push(b'\n');
    out.finish()
}

/// A JSON value with object keys in sorted order, whatever map serde_json uses
/// (its `preserve_order` feature may be switched on by another crate).
struct SortedJson<'a>(&'a serde_json::Value);

impl Serialize for SortedJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            serde_json::Value::Object(map) => {
                let sorted: BTreeMap<&String, SortedJson<'_>> =
                    map.iter().map(|(k, v)| (k, SortedJson(v))).collect();
                s.collect_map(sorted)
            }
            serde_json::Value::Array(items) => s.collect_seq(items.iter().map(SortedJson)),
            other => other.serialize(s),
        }
    }
}

/// The layout state of serde_json's pretty printer: nesting depth, and
/// whether the innermost container has no item yet.
#[derive(Default)]
struct Json {
    depth: usize,
    first: bool,
}

impl Json {
    fn indent(&self, out: &mut Vec<u8>) {
        for _ in 0..self.depth {
            out.extend_from_slice(b"  ");
        }
    }

    /// `{` or `[`.
    fn open(&mut self, out: &mut Vec<u8>, c: u8) {
        out.push(c);
        self.depth += 1;
        self.first = true;
    }

    /// `}` or `]`, on its own line unless the container is empty.
    fn close(&mut self, out: &mut Vec<u8>, c: u8) {
        self.depth -= 1;
        if !self.first {
            out.push(b'\n');
            self.indent(out);
        }
        out.push(c);
        self.first = false;
    }

    /// Before an array item.
    fn item(&mut self, out: &mut Vec<u8>) {
        out.extend_from_slice(if self.first { b"\n" } else { b",\n" });
        self.indent(out);
        self.first = false;
    }

    /// `"key": ` of an object entry.
    fn key(&mut self, out: &mut Vec<u8>, key: &str) {
        self.item(out);
        string(out, key);
        out.extend_from_slice(b": ");
    }
}

/// Bytes serde_json escapes in strings: `"`, `\` and the C0 controls.
static ESCAPED: [bool; 256] = super::quote_and_controls(false);

/// A JSON string, escaped as serde_json does.
fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    super::copy_escaped(s.as_bytes(), &ESCAPED, out, |c, out| {
        let short: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x0c => b"\\f",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(c >> 4)]);
                out.push(HEX[usize::from(c & 15)]);
                return;
            }
        };
        out.extend_from_slice(short);
    });
    out.push(b'"');
}

/// An IRI as a JSON string (IRIs are plain ASCII with nothing to escape).
fn iri(out: &mut Vec<u8>, iri: &Iri) {
    out.push(b'"');
    iri.write_to(out);
    out.push(b'"');
}

/// The IRI of the resource a nested one is in, and where `out` holds it
/// written out (an evidence IRI extends its relation's).
type Parent<'r, 'a> = Option<(&'r Iri<'a>, Range<usize>)>;

/// One resource as a node object.
fn node_object(
    j: &mut Json,
    out: &mut Vec<u8>,
    r: &Resource,
    nested: &[Resource],
    parent: Parent,
) -> io::Result<()> {
    j.open(out, b'{');
    j.key(out, "@id");
    let start = out.len() + 1;
    match (&r.iri, parent) {
        (Iri::Evidence(edge, index), Some((Iri::Based(rdf::RELATION_BASE, id), written)))
            if edge == id =>
        {
            out.push(b'"');
            out.extend_from_within(written);
            out.extend_from_slice(b"/evidence/");
            out.extend_from_slice(rdf::decimal_digits(*index as u64, &mut [0; 20]).as_bytes());
            out.push(b'"');
        }
        _ => iri(out, &r.iri),
    }
    let written = start..out.len() - 1;
    match r.types {
        [] => {}
        [one] => {
            j.key(out, "@type");
            string(out, one.compact);
        }
        many => {
            j.key(out, "@type");
            j.open(out, b'[');
            for t in many {
                j.item(out);
                string(out, t.compact);
            }
            j.close(out, b']');
        }
    }
    for (prop, values) in r.props() {
        j.key(out, prop.key());
        self::values(
            j,
            out,
            prop,
            values,
            nested,
            Some((&r.iri, written.clone())),
        )?;
    }
    j.close(out, b'}');
    Ok(())
}

/// The values of one property, written as its term definition expects.
fn values(
    j: &mut Json,
    out: &mut Vec<u8>,
    prop: Prop,
    values: &[Term],
    nested: &[Resource],
    parent: Parent,
) -> io::Result<()> {
    let style = prop.style();
    if style == Style::Language {
        // A language map: tag -> string or strings; untagged under "@none".
        let mut by_lang: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for v in values {
            match v {
                Term::Lang { value, lang } => by_lang.entry(lang).or_default().push(value),
                Term::Str(value) => by_lang.entry("@none").or_default().push(value),
                _ => {
                    return Err(io::Error::other("a language map holds strings only"));
                }
            }
        }
        j.open(out, b'{');
        for (lang, vs) in &by_lang {
            j.key(out, lang);
            one_or_array(j, out, vs, |_, out, v| {
                string(out, v);
                Ok(())
            })?;
        }
        j.close(out, b'}');
        return Ok(());
    }
    one_or_array(j, out, values, |j, out, v| {
        value(j, out, style, v, nested, parent.clone())
    })
}

/// One item as itself, any other number of items as an array.
fn one_or_array<T>(
    j: &mut Json,
    out: &mut Vec<u8>,
    items: &[T],
    mut each: impl FnMut(&mut Json, &mut Vec<u8>, &T) -> io::Result<()>,
) -> io::Result<()> {
    match items {
        [one] => each(j, out, one),
        many => {
            j.open(out, b'[');
            for v in many {
                j.item(out);
                each(j, out, v)?;
            }
            j.close(out, b']');
            Ok(())
        }
    }
}

/// One value under a term with the given style.
fn value(
    j: &mut Json,
    out: &mut Vec<u8>,
    style: Style,
    term: &Term,
    nested: &[Resource],
    parent: Parent,
) -> io::Result<()> {
    let mut digits = [0; 20];
    match (style, term) {
        (Style::Id, Term::Iri(i)) => iri(out, i),
        (Style::Plain, Term::Str(v)) => string(out, v),
        (Style::Typed(Datatype::Boolean), Term::Typed { value, datatype })
            if *datatype == Datatype::Boolean =>
        {
            let b = value.as_str(&mut digits) == "true";
            out.extend_from_slice(if b { b"true" } else { b"false" });
        }
        (Style::Typed(dt), Term::Typed { value, datatype }) if *datatype == dt => {
            string(out, value.as_str(&mut digits))
        }
        (_, Term::Node(i)) => node_object(j, out, &nested[*i], &[], parent)?,
        // Anything else is written in full, which no coercion changes.
        (_, Term::Iri(i)) => {
            j.open(out, b'{');
            j.key(out, "@id");
            iri(out, i);
            j.close(out, b'}');
        }
        (_, Term::Str(v)) => {
            j.open(out, b'{');
            j.key(out, "@value");
            string(out, v);
            j.close(out, b'}');
        }
        (_, Term::Lang { value, lang }) => {
            j.open(out, b'{');
            j.key(out, "@value");
            string(out, value);
            j.key(out, "@language");
            string(out, lang);
            j.close(out, b'}');
        }
        (_, Term::Typed { value, datatype }) => {
            j.open(out, b'{');
            j.key(out, "@value");
            string(out, value.as_str(&mut digits));
            j.key(out, "@type");
            string(out, datatype.compact());
            j.close(out, b'}');
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_does() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("مصر\u{200f}\u{2028}\u{fffd}\"\\ and a longer plain run");
        let mut ours = Vec::new();
        string(&mut ours, &all);
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            serde_json::to_string(&all).unwrap()
        );
    }

    #[test]
    fn layout_is_serde_json_pretty() {
        let v = serde_json::json!({"a": [], "b": {}, "c": [1, {"d": "e"}], "f": {"g": ["h", "i"]}});
        let mut out = Vec::new();
        let mut j = Json::default();
        j.open(&mut out, b'{');
        j.key(&mut out, "a");
        j.open(&mut out, b'[');
        j.close(&mut out, b']');
        j.key(&mut out, "b");
        j.open(&mut out, b'{');
        j.close(&mut out, b'}');
        j.key(&mut out, "c");
        j.open(&mut out, b'[');
        j.item(&mut out);
        out.push(b'1');
        j.item(&mut out);
        j.open(&mut out, b'{');
        j.key(&mut out, "d");
        string(&mut out, "e");
        j.close(&mut out, b'}');
        j.close(&mut out, b']');
        j.key(&mut out, "f");
        j.open(&mut out, b'{');
        j.key(&mut out, "g");
        j.open(&mut out, b'[');
        for s in ["h", "i"] {
            j.item(&mut out);
            string(&mut out, s);
        }
        j.close(&mut out, b']');
        j.close(&mut out, b'}');
        j.close(&mut out, b'}');
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string_pretty(&v).unwrap()
        );
    }
}
