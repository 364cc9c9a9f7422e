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
    let mut w = io::BufWriter::with_capacity(super::BUFFER, w);
    for resource in rdf::resources(graph) {
        write_resource(&resource?, &mut w)?;
    }
    w.flush()
}

/// `<iri>`.
fn write_iri(iri: &str, w: &mut impl Write) -> io::Result<()> {
    w.write_all(b"<")?;
    w.write_all(iri.as_bytes())?;
    w.write_all(b">")
}

fn write_resource(r: &Resource, w: &mut impl Write) -> io::Result<()> {
    for class in &r.types {
        write_iri(&r.iri, w)?;
        w.write_all(b" <")?;
        w.write_all(rdf::RDF_TYPE.as_bytes())?;
        w.write_all(b"> ")?;
        write_iri(class, w)?;
        w.write_all(b" .\n")?;
    }
    let mut nested = Vec::new();
    for (prop, values) in &r.props {
        for value in values {
            write_iri(&r.iri, w)?;
            w.write_all(b" ")?;
            write_iri(prop.iri(), w)?;
            w.write_all(b" ")?;
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
        Term::Iri(iri) => write_iri(iri, w),
        Term::Node(r) => write_iri(&r.iri, w),
        Term::Str(v) => write_string(v, w),
        Term::Lang { value, lang } => {
            write_string(value, w)?;
            w.write_all(b"@")?;
            w.write_all(lang.as_bytes())
        }
        Term::Typed { value, datatype } => {
            write_string(value, w)?;
            w.write_all(b"^^")?;
            write_iri(datatype.iri(), w)
        }
    }
}

/// A quoted, escaped string literal: runs that need no escaping are copied
/// as they are.
fn write_string(s: &str, w: &mut impl Write) -> io::Result<()> {
    w.write_all(b"\"")?;
    let b = s.as_bytes();
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        if c != b'"' && c != b'\\' && !c.is_ascii_control() {
            continue;
        }
        w.write_all(&b[start..i])?;
        match escape_byte(c) {
            Some(e) => w.write_all(e)?,
            None => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                let u = [
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(c >> 4)],
                    HEX[usize::from(c & 15)],
                ];
                w.write_all(&u)?;
            }
        }
        start = i + 1;
    }
    w.write_all(&b[start..])?;
    w.write_all(b"\"")
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
    write_string(s, &mut out).unwrap();
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
    }
}
