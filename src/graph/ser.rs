//! Serialization of the graph's items with their documents' ids, which only the
//! graph knows: the node-link JSON form of a node, an edge (every field, in
//! declaration order, the documents as a sorted list of ids) and the list of
//! documents, streamed from the temporary file.

use super::{ActorType, DocSet, Edge, Evidence, Graph, Node, Relation};
use serde::Serialize;
use serde::ser::{Error as _, SerializeSeq, Serializer};
use std::collections::{BTreeMap, BTreeSet};

/// A node or an edge with its graph, serialized as node-link JSON wants it.
pub(crate) struct WithDocs<'g, T> {
    pub graph: &'g Graph,
    pub item: &'g T,
}

/// A set's ids, sorted.
struct Ids<'g>(&'g Graph, &'g DocSet);

impl Serialize for Ids<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.doc_ids(self.1))
    }
}

#[derive(Serialize)]
struct NodeFields<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    actor_type: ActorType,
    labels: &'a BTreeMap<String, String>,
    aliases: &'a BTreeSet<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wikidata: Option<&'a String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    iso3: Option<&'a String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cameo: Option<&'a String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sector: Option<&'a String>,
    documents: Ids<'a>,
    mentions: u64,
}

impl Serialize for WithDocs<'_, Node> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = self.item;
        NodeFields {
            id: &n.id,
            actor_type: n.actor_type,
            labels: &n.labels,
            aliases: &n.aliases,
            wikidata: n.wikidata.as_ref(),
            iso3: n.iso3.as_ref(),
            cameo: n.cameo.as_ref(),
            sector: n.sector.as_ref(),
            documents: Ids(self.graph, &n.documents),
            mentions: n.mentions,
        }
        .serialize(s)
    }
}

#[derive(Serialize)]
struct EdgeFields<'a> {
    id: &'a str,
    source: &'a str,
    target: &'a str,
    relation: Relation,
    weight: u64,
    documents: Ids<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_date: Option<&'a String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_date: Option<&'a String>,
    evidence: &'a [Evidence],
    derived: bool,
}

impl Serialize for WithDocs<'_, Edge> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.item;
        EdgeFields {
            id: &e.id,
            source: &e.source,
            target: &e.target,
            relation: e.relation,
            weight: e.weight,
            documents: Ids(self.graph, &e.documents),
            first_date: e.first_date.as_ref(),
            last_date: e.last_date.as_ref(),
            evidence: &e.evidence,
            derived: e.derived,
        }
        .serialize(s)
    }
}

/// The documents read, sorted by id, streamed from the temporary file (a read
/// error becomes the serializer's error, with its message).
pub(crate) struct DocumentList<'g>(pub &'g Graph);

impl Serialize for DocumentList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.document_count()))?;
        for doc in self.0.documents() {
            seq.serialize_element(&doc.map_err(S::Error::custom)?)?;
        }
        seq.end()
    }
}
