//! N-Quads export: the RDF dataset of [`super::rdf`], one triple per line.
//!
//! Everything is in the default graph (so the lines are also N-Triples), the
//! same triples as the JSON-LD export, in the same order: documents, actors,
//! relations, each evidence item right after its relation's triples.
//!
//! IRIs are built by [`super::rdf`] as plain ASCII URIs, so they need no
//! escaping. Literals are escaped as canonical N-Triples: `\"`, `\\`, `\n`, `\r`,
//! `\t`, `\b`, `\f` as ECHAR, every other control character as `\u00XX`; all
//! other characters (Arabic letters, RTL marks) are written as they are, UTF-8.

use super::rdf::{self, Resource, Term};
use crate::graph::Graph;
use std::io::{self, Write};

/// Write the graph as N-Quads.
pub fn write(graph: &Graph, w: &mut dyn Write) -> io::Result<()> {
    let mut w = io::BufWriter::new(w);
    for resource in rdf::resources(graph) {
        write_resource(&resource, &mut w)?;
    }
    w.flush()
}

fn write_resource(r: &Resource, w: &mut impl Write) -> io::Result<()> {
    for class in &r.types {
        writeln!(w, "<{}> <{}> <{class}> .", r.iri, rdf::RDF_TYPE)?;
    }
    let mut nested = Vec::new();
    for (prop, values) in &r.props {
        for value in values {
            write!(w, "<{}> <{}> ", r.iri, prop.iri())?;
            write_object(value, w)?;
            w.write_all(b" .\n")?;
            if let Term::Node(inner) = value {
                nested.push(inner);
            }
        }
    }
    for inner in nested {
        write_resource(inner, w)?;
    }
    Ok(())
}

fn write_object(term: &Term, w: &mut impl Write) -> io::Result<()> {
    match term {
        Term::Iri(iri) => write!(w, "<{iri}>"),
        Term::Node(r) => write!(w, "<{}>", r.iri),
        Term::Str(v) => write_string(v, w),
        Term::Lang { value, lang } => {
            write_string(value, w)?;
            write!(w, "@{lang}")
        }
        Term::Typed { value, datatype } => {
            write_string(value, w)?;
            write!(w, "^^<{}>", datatype.iri())
        }
    }
}

/// A quoted, escaped string literal.
fn write_string(s: &str, w: &mut impl Write) -> io::Result<()> {
    w.write_all(b"\"")?;
    w.write_all(escape(s).as_bytes())?;
    w.write_all(b"\"")
}

/// Escape a string for the inside of `"..."`.
pub(crate) fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    let needs = |c: char| c == '"' || c == '\\' || c.is_ascii_control();
    if !s.chars().any(needs) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_ascii_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_quotes_backslashes_and_controls() {
        assert_eq!(escape("plain مصر"), "plain مصر");
        assert_eq!(escape("a\"b\\c"), "a\\\"b\\\\c");
        assert_eq!(escape("l1\nl2\r\t"), "l1\\nl2\\r\\t");
        assert_eq!(escape("\u{1}\u{7f}\u{200f}"), "\\u0001\\u007F\u{200f}");
    }
}
