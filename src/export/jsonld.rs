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
//! The output is streamed with serde_json, one resource at a time.

use super::rdf::{self, Datatype, Prop, Resource, Style, Term};
use crate::graph::Graph;
use serde::ser::{Error as _, Serialize, SerializeMap, SerializeSeq, Serializer};
use std::collections::BTreeMap;
use std::io::{self, Write};
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

/// Write the graph as JSON-LD 1.1.
pub fn write(graph: &Graph, w: &mut dyn Write) -> io::Result<()> {
    let mut w = io::BufWriter::with_capacity(super::BUFFER, w);
    let mut ser = serde_json::Serializer::pretty(&mut w);
    Document(graph)
        .serialize(&mut ser)
        .map_err(io::Error::other)?;
    w.write_all(b"\n")?;
    w.flush()
}

/// The top-level object.
struct Document<'a>(&'a Graph);

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("@context", &SortedJson(context()))?;
        map.serialize_entry("@graph", &GraphArray(self.0))?;
        map.end()
    }
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

/// `@graph`: the resources, streamed.
struct GraphArray<'a>(&'a Graph);

impl Serialize for GraphArray<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for resource in rdf::resources(self.0) {
            let resource = resource.map_err(S::Error::custom)?;
            seq.serialize_element(&NodeObject(&resource))?;
        }
        seq.end()
    }
}

/// One resource as a node object.
struct NodeObject<'a>(&'a Resource);

impl Serialize for NodeObject<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("@id", &r.iri)?;
        let types: Vec<String> = r.types.iter().map(|t| rdf::compact(t)).collect();
        match types.as_slice() {
            [] => {}
            [one] => map.serialize_entry("@type", one)?,
            many => map.serialize_entry("@type", many)?,
        }
        for (prop, values) in &r.props {
            map.serialize_entry(prop.key(), &Values(*prop, values))?;
        }
        map.end()
    }
}

/// The values of one property, written as its term definition expects.
struct Values<'a>(Prop, &'a [Term]);

impl Serialize for Values<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Values(prop, values) = *self;
        if prop.style() == Style::Language {
            // A language map: tag -> string or strings; untagged under "@none".
            let mut by_lang: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for v in values {
                match v {
                    Term::Lang { value, lang } => by_lang.entry(lang).or_default().push(value),
                    Term::Str(value) => by_lang.entry("@none").or_default().push(value),
                    _ => return Err(S::Error::custom("a language map holds strings only")),
                }
            }
            let mut map = s.serialize_map(Some(by_lang.len()))?;
            for (lang, vs) in &by_lang {
                match vs.as_slice() {
                    [one] => map.serialize_entry(lang, one)?,
                    many => map.serialize_entry(lang, many)?,
                }
            }
            return map.end();
        }
        let style = prop.style();
        match values {
            [one] => Value(style, one).serialize(s),
            many => s.collect_seq(many.iter().map(|v| Value(style, v))),
        }
    }
}

/// One value under a term with the given style.
struct Value<'a>(Style, &'a Term);

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Value(style, term) = *self;
        match (style, term) {
            (Style::Id, Term::Iri(iri)) => s.serialize_str(iri),
            (Style::Plain, Term::Str(v)) => s.serialize_str(v),
            (Style::Typed(Datatype::Boolean), Term::Typed { value, datatype })
                if *datatype == Datatype::Boolean =>
            {
                s.serialize_bool(value == "true")
            }
            (Style::Typed(dt), Term::Typed { value, datatype }) if *datatype == dt => {
                s.serialize_str(value)
            }
            (_, Term::Node(r)) => NodeObject(r).serialize(s),
            // Anything else is written in full, which no coercion changes.
            (_, Term::Iri(iri)) => {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry("@id", iri)?;
                map.end()
            }
            (_, Term::Str(v)) => {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry("@value", v)?;
                map.end()
            }
            (_, Term::Lang { value, lang }) => {
                let mut map = s.serialize_map(Some(2))?;
                map.serialize_entry("@value", value)?;
                map.serialize_entry("@language", lang)?;
                map.end()
            }
            (_, Term::Typed { value, datatype }) => {
                let mut map = s.serialize_map(Some(2))?;
                map.serialize_entry("@value", value)?;
                map.serialize_entry("@type", &rdf::compact(datatype.iri()))?;
                map.end()
            }
        }
    }
}
