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
//!
//! Lines are built in a byte buffer (the subject IRI once per resource, IRIs
//! percent-encoded in place) that goes to the writer between resources.

use super::Chunked;
use super::rdf::{self, Iri, Resource, Term};
use crate::graph::Graph;
use std::io::{self, Write};

/// Write the graph as N-Quads.
pub fn write(graph: &Graph, w: &mut dyn Write) -> io::Result<()> {
    let mut out = Chunked::new(w);
    let mut iris = Iris::default();
    rdf::visit(graph, |r, nested| {
        write_resource(r, nested, &mut iris, &mut out.buf);
        out.flush_full()
    })?;
    out.finish()
}

/// `<iri>`.
fn write_iri(iri: &Iri, out: &mut Vec<u8>) {
    out.push(b'<');
    iri.write_to(out);
    out.push(b'>');
}

/// The IRIs of a resource and of its nested resources, written out once each
/// (they start every line of the resource).
#[derive(Default)]
struct Iris {
    subject: Vec<u8>,
    nested: Vec<Vec<u8>>,
}

/// The triples of `r`, then those of the resources nested in it.
fn write_resource(r: &Resource, nested: &[Resource], iris: &mut Iris, out: &mut Vec<u8>) {
    let subject = &mut iris.subject;
    subject.clear();
    write_iri(&r.iri, subject);
    if iris.nested.len() < nested.len() {
        iris.nested.resize_with(nested.len(), Vec::new);
    }
    for (n, buf) in nested.iter().zip(&mut iris.nested) {
        buf.clear();
        match (&n.iri, &r.iri) {
            // the IRI of an evidence item extends its relation's
            (Iri::Evidence(edge, index), Iri::Based(rdf::RELATION_BASE, id)) if edge == id => {
                buf.extend_from_slice(&subject[..subject.len() - 1]);
                buf.extend_from_slice(b"/evidence/");
                buf.extend_from_slice(rdf::decimal_digits(*index as u64, &mut [0; 20]).as_bytes());
                buf.push(b'>');
            }
            (iri, _) => write_iri(iri, buf),
        }
    }
    let nested_iris = &iris.nested[..nested.len()];
    write_lines(&iris.subject, r, nested_iris, out);
    for (_, values) in r.props() {
        for value in values {
            if let Term::Node(i) = value {
                write_lines(&nested_iris[*i], &nested[*i], &[], out);
            }
        }
    }
}

/// The triples of `r`, whose subject is written out in `subject`.
fn write_lines(subject: &[u8], r: &Resource, nested_iris: &[Vec<u8>], out: &mut Vec<u8>) {
    for class in r.types {
        out.extend_from_slice(subject);
        out.extend_from_slice(b" <");
        out.extend_from_slice(rdf::RDF_TYPE.as_bytes());
        out.extend_from_slice(b"> <");
        out.extend_from_slice(class.iri.as_bytes());
        out.extend_from_slice(b"> .\n");
    }
    for (prop, values) in r.props() {
        for value in values {
            out.extend_from_slice(subject);
            out.extend_from_slice(b" <");
            out.extend_from_slice(prop.iri().as_bytes());
            out.extend_from_slice(b"> ");
            write_object(value, nested_iris, out);
            out.extend_from_slice(b" .\n");
        }
    }
}

fn write_object(term: &Term, nested_iris: &[Vec<u8>], out: &mut Vec<u8>) {
    match term {
        Term::Iri(iri) => write_iri(iri, out),
        Term::Node(i) => out.extend_from_slice(&nested_iris[*i]),
        Term::Str(v) => write_string(v, out),
        Term::Lang { value, lang } => {
            write_string(value, out);
            out.push(b'@');
            out.extend_from_slice(lang.as_bytes());
        }
        Term::Typed { value, datatype } => {
            write_string(value.as_str(&mut [0; 20]), out);
            out.extend_from_slice(b"^^<");
            out.extend_from_slice(datatype.iri().as_bytes());
            out.push(b'>');
        }
    }
}

/// Bytes escaped in a literal: `"`, `\` and the ASCII control characters.
static ESCAPED: [bool; 256] = super::quote_and_controls(true);

/// A quoted, escaped string literal: runs that need no escaping are copied
/// as they are.
fn write_string(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    super::copy_escaped(s.as_bytes(), &ESCAPED, out, |c, out| match escape_byte(c) {
        Some(e) => out.extend_from_slice(e),
        None => {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(c >> 4)]);
            out.push(HEX[usize::from(c & 15)]);
        }
    });
    out.push(b'"');
}

/// The ECHAR of a byte, if it has one.
fn escape_byte(c: u8) -> Option<&'static [u8]> {
    Some(match c {
        b'"' => b"\\\"",
        b'\\' => b"\\\\",
        b'\n' => b"\\n",
        b'\r' => b"\\r",
        b'\t' => b"\\t",
        0x08 => b"\\b",
        0x0c => b"\\f",
        _ => return None,
    })
}

/// Escape a string for the inside of `"..."`.
#[cfg(test)]
pub(crate) fn escape(s: &str) -> String {
    let mut out = Vec::new();
    write_string(s, &mut out);
    String::from_utf8(out[1..out.len() - 1].to_vec()).unwrap()
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
        assert_eq!(
            escape("a long run of plain text \"then\" more"),
            "a long run of plain text \\\"then\\\" more"
        );
    }
}
