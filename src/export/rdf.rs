//! The RDF mapping shared by the JSON-LD and N-Quads exporters.
//!
//! The graph becomes a list of [`Resource`]s (a subject IRI, its types and its
//! property values) in a fixed order: documents, then actors, then relations
//! (each with its evidence nested). Both writers serialise exactly this list, so
//! the two files hold the same RDF dataset by construction; the integration tests
//! check it by parsing both.
//!
//! Design decisions (documented in `docs/jsonld.md`):
//! - every resource has an IRI: there are no blank nodes;
//! - our ids are percent-encoded into path segments, leaving only the unreserved
//!   ASCII characters and `:` as they are, so every IRI is a plain ASCII URI that
//!   every consumer accepts (`wd:Q79` -> `https://w3id.org/newsgraph/id/wd:Q79`);
//! - a stated relation is written twice: as a relation node with its provenance,
//!   and as a direct triple between the two actors (`ng:metWith`); a derived
//!   relation only as a relation node (with `ng:derived true`);
//! - everything is in the default graph.

use crate::graph::{ActorType, DocumentMeta, Edge, Evidence, Graph, Node, Relation};
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;
use std::ops::Range;

/// A term of the vocabulary: `ng!("Relation")` is the full IRI of `ng:Relation`.
macro_rules! ng {
    ($local:literal) => {
        concat!("https://w3id.org/newsgraph/vocab#", $local)
    };
}

/// The vocabulary namespace (prefix `ng`).
#[cfg(test)]
pub(crate) const VOCAB: &str = ng!("");
/// Actors: `ID_BASE` + the percent-encoded node id.
pub(crate) const ID_BASE: &str = "https://w3id.org/newsgraph/id/";
/// Relations: `RELATION_BASE` + the percent-encoded edge id; evidence below it.
pub(crate) const RELATION_BASE: &str = "https://w3id.org/newsgraph/relation/";
/// Documents: `DOC_BASE` + the percent-encoded document id.
pub(crate) const DOC_BASE: &str = "https://w3id.org/newsgraph/doc/";
/// Wikidata entities.
pub(crate) const WIKIDATA: &str = "http://www.wikidata.org/entity/";
pub(crate) const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// The prefixes of the JSON-LD context (the compact names of classes and
/// datatypes, [`Class::compact`] and [`Datatype::compact`], use them; a test
/// checks that they agree).
#[cfg(test)]
pub(crate) const PREFIXES: [(&str, &str); 5] = [
    ("ng", VOCAB),
    ("schema", "https://schema.org/"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("prov", "http://www.w3.org/ns/prov#"),
];

/// The literal datatypes we write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Datatype {
    Integer,
    Date,
    DateTime,
    Boolean,
}

impl Datatype {
    pub(crate) fn iri(self) -> &'static str {
        match self {
            Datatype::Integer => "http://www.w3.org/2001/XMLSchema#integer",
            Datatype::Date => "http://www.w3.org/2001/XMLSchema#date",
            Datatype::DateTime => "http://www.w3.org/2001/XMLSchema#dateTime",
            Datatype::Boolean => "http://www.w3.org/2001/XMLSchema#boolean",
        }
    }

    /// The compact name, as JSON-LD writes it (`xsd:integer`).
    pub(crate) fn compact(self) -> &'static str {
        match self {
            Datatype::Integer => "xsd:integer",
            Datatype::Date => "xsd:date",
            Datatype::DateTime => "xsd:dateTime",
            Datatype::Boolean => "xsd:boolean",
        }
    }
}

/// A class: its IRI and its compact name in the JSON-LD context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Class {
    pub iri: &'static str,
    pub compact: &'static str,
}

/// A class of our vocabulary: `ng_class!("Relation")` is `ng:Relation`.
macro_rules! ng_class {
    ($local:literal) => {
        Class {
            iri: ng!($local),
            compact: concat!("ng:", $local),
        }
    };
}

/// A schema.org class: `schema_class!("Person")` is `schema:Person`.
macro_rules! schema_class {
    ($local:literal) => {
        Class {
            iri: concat!("https://schema.org/", $local),
            compact: concat!("schema:", $local),
        }
    };
}

/// An IRI, written out (percent-encoded) only by the writers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Iri<'a> {
    /// A complete IRI (a Wikidata entity, a document URL made a URI).
    Full(Cow<'a, str>),
    /// A namespace followed by an id, percent-encoded as one path segment.
    Based(&'static str, &'a str),
    /// The `index`th evidence item of the relation with this edge id.
    Evidence(&'a str, usize),
}

impl Iri<'_> {
    /// The IRI, appended to `out` (always plain ASCII: nothing to escape in
    /// N-Quads or JSON).
    pub(crate) fn write_to(&self, out: &mut Vec<u8>) {
        match self {
            Iri::Full(iri) => out.extend_from_slice(iri.as_bytes()),
            Iri::Based(base, id) => {
                out.extend_from_slice(base.as_bytes());
                encode_segment_into(id, out);
            }
            Iri::Evidence(edge_id, index) => {
                out.extend_from_slice(RELATION_BASE.as_bytes());
                encode_segment_into(edge_id, out);
                out.extend_from_slice(b"/evidence/");
                out.extend_from_slice(decimal_digits(*index as u64, &mut [0; 20]).as_bytes());
            }
        }
    }

    /// The IRI as a string.
    #[cfg(test)]
    pub(crate) fn text(&self) -> String {
        let mut out = Vec::new();
        self.write_to(&mut out);
        String::from_utf8(out).unwrap()
    }
}

/// The lexical form of a typed literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lexical<'a> {
    Str(&'a str),
    /// A non-negative integer, in decimal.
    Int(u64),
}

impl<'a> Lexical<'a> {
    /// The lexical form; `buf` holds the digits of an integer.
    pub(crate) fn as_str<'b>(&self, buf: &'b mut [u8; 20]) -> &'b str
    where
        'a: 'b,
    {
        match *self {
            Lexical::Str(s) => s,
            Lexical::Int(n) => decimal_digits(n, buf),
        }
    }
}

/// An RDF object, borrowed from the graph where it can be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Term<'a> {
    /// An IRI (always valid: built by this module).
    Iri(Iri<'a>),
    /// A plain (`xsd:string`) literal.
    Str(&'a str),
    /// A language-tagged string (tag well-formed and lowercase).
    Lang { value: &'a str, lang: Cow<'a, str> },
    /// A typed literal whose lexical form is valid for its datatype.
    Typed {
        value: Lexical<'a>,
        datatype: Datatype,
    },
    /// A resource described in place (evidence inside its relation): its index
    /// in the nested resources given with the resource.
    Node(usize),
}

/// How a property's values are written in JSON-LD, as its term definition in
/// `schema/context.jsonld` says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    /// No coercion: strings are `xsd:string`.
    Plain,
    /// `"@type": "@id"`: strings are IRIs.
    Id,
    /// `"@container": "@language"`: a map from language to strings.
    Language,
    /// `"@type": datatype`: strings are literals of that datatype.
    Typed(Datatype),
}

/// Every property we write, with its JSON-LD term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Prop {
    Identifier,
    Label,
    AlternateName,
    SameAs,
    Iso3,
    Cameo,
    Sector,
    MentionCount,
    MentionedIn,
    /// The direct triple between two actors (`ng:metWith`).
    Direct(Relation),
    Source,
    Target,
    Weight,
    FirstDate,
    LastDate,
    Derived,
    StatedIn,
    Evidence,
    WasDerivedFrom,
    SentenceIndex,
    Start,
    End,
    TriggerStart,
    TriggerEnd,
    Trigger,
    Text,
    SourceSector,
    TargetSector,
    Rule,
    Headline,
    DatePublished,
    Url,
    SourceFile,
}

impl Prop {
    /// Every property (the direct relations in `Relation::ALL` order).
    #[cfg(test)]
    pub(crate) fn all() -> Vec<Prop> {
        use Prop::*;
        let mut v = vec![
            Identifier,
            Label,
            AlternateName,
            SameAs,
            Iso3,
            Cameo,
            Sector,
            MentionCount,
            MentionedIn,
        ];
        v.extend(Relation::ALL.map(Direct));
        v.extend([
            Source,
            Target,
            Weight,
            FirstDate,
            LastDate,
            Derived,
            StatedIn,
            Evidence,
            WasDerivedFrom,
            SentenceIndex,
            Start,
            End,
            TriggerStart,
            TriggerEnd,
            Trigger,
            Text,
            SourceSector,
            TargetSector,
            Rule,
            Headline,
            DatePublished,
            Url,
            SourceFile,
        ]);
        v
    }

    /// The term's name in the JSON-LD context.
    pub(crate) fn key(self) -> &'static str {
        use Prop::*;
        match self {
            Identifier => "identifier",
            Label => "label",
            AlternateName => "alternateName",
            SameAs => "sameAs",
            Iso3 => "iso3",
            Cameo => "cameo",
            Sector => "sector",
            SourceSector => "sourceSector",
            TargetSector => "targetSector",
            Rule => "rule",
            MentionCount => "mentionCount",
            MentionedIn => "mentionedIn",
            Direct(r) => r.camel(),
            Source => "source",
            Target => "target",
            Weight => "weight",
            FirstDate => "firstDate",
            LastDate => "lastDate",
            Derived => "derived",
            StatedIn => "statedIn",
            Evidence => "evidence",
            WasDerivedFrom => "wasDerivedFrom",
            SentenceIndex => "sentenceIndex",
            Start => "start",
            End => "end",
            TriggerStart => "triggerStart",
            TriggerEnd => "triggerEnd",
            Trigger => "trigger",
            Text => "text",
            Headline => "headline",
            DatePublished => "datePublished",
            Url => "url",
            SourceFile => "sourceFile",
        }
    }

    /// The property's IRI.
    pub(crate) fn iri(self) -> &'static str {
        use Prop::*;
        match self {
            Identifier => "https://schema.org/identifier",
            Label => "http://www.w3.org/2000/01/rdf-schema#label",
            AlternateName => "https://schema.org/alternateName",
            SameAs => "https://schema.org/sameAs",
            Iso3 => ng!("iso3"),
            Cameo => ng!("cameo"),
            Sector => ng!("sector"),
            SourceSector => ng!("sourceSector"),
            TargetSector => ng!("targetSector"),
            Rule => ng!("rule"),
            MentionCount => ng!("mentionCount"),
            MentionedIn => ng!("mentionedIn"),
            Direct(r) => relation_property(r),
            Source => ng!("source"),
            Target => ng!("target"),
            Weight => ng!("weight"),
            FirstDate => ng!("firstDate"),
            LastDate => ng!("lastDate"),
            Derived => ng!("derived"),
            StatedIn => ng!("statedIn"),
            Evidence => ng!("evidence"),
            WasDerivedFrom => "http://www.w3.org/ns/prov#wasDerivedFrom",
            SentenceIndex => ng!("sentenceIndex"),
            Start => ng!("start"),
            End => ng!("end"),
            TriggerStart => ng!("triggerStart"),
            TriggerEnd => ng!("triggerEnd"),
            Trigger => ng!("trigger"),
            Text => ng!("text"),
            Headline => "https://schema.org/headline",
            DatePublished => "https://schema.org/datePublished",
            Url => "https://schema.org/url",
            SourceFile => ng!("sourceFile"),
        }
    }

    /// How the context's term definition coerces values.
    pub(crate) fn style(self) -> Style {
        use Prop::*;
        match self {
            Label | AlternateName => Style::Language,
            SameAs | MentionedIn | Direct(_) | Source | Target | StatedIn | Evidence
            | WasDerivedFrom | Url => Style::Id,
            MentionCount | Weight | SentenceIndex | Start | End | TriggerStart | TriggerEnd => {
                Style::Typed(Datatype::Integer)
            }
            FirstDate | LastDate | DatePublished => Style::Typed(Datatype::Date),
            Derived => Style::Typed(Datatype::Boolean),
            Identifier | Iso3 | Cameo | Sector | SourceSector | TargetSector | Rule | Trigger
            | Text | Headline | SourceFile => Style::Plain,
        }
    }
}

/// The property of the direct triple of a relation (`ng:metWith`).
pub(crate) fn relation_property(r: Relation) -> &'static str {
    match r {
        Relation::MetWith => ng!("metWith"),
        Relation::SpokeWith => ng!("spokeWith"),
        Relation::CooperatesWith => ng!("cooperatesWith"),
        Relation::MemberOf => ng!("memberOf"),
        Relation::LeaderOf => ng!("leaderOf"),
        Relation::OfficialOf => ng!("officialOf"),
        Relation::Requested => ng!("requested"),
        Relation::Attacked => ng!("attacked"),
        Relation::Supports => ng!("supports"),
        Relation::Opposes => ng!("opposes"),
    }
}

const RELATION_CLASS: Class = ng_class!("Relation");
const EVIDENCE_CLASSES: &[Class] = &[ng_class!("Evidence")];
const DOCUMENT_CLASSES: &[Class] = &[schema_class!("NewsArticle"), ng_class!("Document")];

/// The classes of a relation node: `ng:Relation` and its own (`ng:MetWith`).
pub(crate) fn relation_classes(r: Relation) -> &'static [Class] {
    match r {
        Relation::MetWith => &[RELATION_CLASS, ng_class!("MetWith")],
        Relation::SpokeWith => &[RELATION_CLASS, ng_class!("SpokeWith")],
        Relation::CooperatesWith => &[RELATION_CLASS, ng_class!("CooperatesWith")],
        Relation::MemberOf => &[RELATION_CLASS, ng_class!("MemberOf")],
        Relation::LeaderOf => &[RELATION_CLASS, ng_class!("LeaderOf")],
        Relation::OfficialOf => &[RELATION_CLASS, ng_class!("OfficialOf")],
        Relation::Requested => &[RELATION_CLASS, ng_class!("Requested")],
        Relation::Attacked => &[RELATION_CLASS, ng_class!("Attacked")],
        Relation::Supports => &[RELATION_CLASS, ng_class!("Supports")],
        Relation::Opposes => &[RELATION_CLASS, ng_class!("Opposes")],
    }
}

/// The two classes of an actor: schema.org's and exactly one of ours.
pub(crate) fn actor_classes(t: ActorType) -> &'static [Class] {
    match t {
        ActorType::Country => &[schema_class!("Country"), ng_class!("Country")],
        ActorType::Person => &[schema_class!("Person"), ng_class!("Person")],
        ActorType::Organization => &[schema_class!("Organization"), ng_class!("Organization")],
        ActorType::Coalition => &[schema_class!("Organization"), ng_class!("Coalition")],
        ActorType::ArmedGroup => &[schema_class!("Organization"), ng_class!("ArmedGroup")],
        ActorType::Place => &[schema_class!("Place"), ng_class!("Place")],
        ActorType::Media => &[schema_class!("NewsMediaOrganization"), ng_class!("Media")],
    }
}

/// A subject with its types and property values, in writing order. The
/// writers get each resource in turn, built in the same reused buffers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Resource<'a> {
    pub iri: Iri<'a>,
    pub types: &'static [Class],
    /// Each property once, with the range of its values in `values` (never empty).
    props: Vec<(Prop, Range<usize>)>,
    values: Vec<Term<'a>>,
}

impl<'a> Resource<'a> {
    fn new() -> Resource<'a> {
        Resource {
            iri: Iri::Full(Cow::Borrowed("")),
            types: &[],
            props: Vec::new(),
            values: Vec::new(),
        }
    }

    /// Start over as a new resource, keeping the buffers.
    fn reset(&mut self, iri: Iri<'a>, types: &'static [Class]) {
        self.iri = iri;
        self.types = types;
        self.props.clear();
        self.values.clear();
    }

    /// Add values of a property (nothing when there are none).
    fn add(&mut self, prop: Prop, values: impl IntoIterator<Item = Term<'a>>) {
        let start = self.values.len();
        self.values.extend(values);
        if self.values.len() > start {
            self.props.push((prop, start..self.values.len()));
        }
    }

    fn add_str(&mut self, prop: Prop, value: Option<&'a String>) {
        self.add(prop, value.map(|v| Term::Str(v)));
    }

    /// The properties with their values, in writing order.
    pub(crate) fn props(&self) -> impl Iterator<Item = (Prop, &[Term<'a>])> {
        self.props
            .iter()
            .map(|(prop, range)| (*prop, &self.values[range.clone()]))
    }
}

/// Call `f` with each resource of the graph, in writing order: documents,
/// actors, relations; with each resource, the resources nested in it (the
/// evidence of a relation), which `Term::Node` values index. Fails when `f`
/// does, or when the documents cannot be read back from the graph's store.
pub(crate) fn visit(
    graph: &Graph,
    mut f: impl for<'r> FnMut(&Resource<'r>, &[Resource<'r>]) -> io::Result<()>,
) -> io::Result<()> {
    let edges = graph.edges();
    for doc in graph.documents() {
        // the metadata is read back from the store, so each borrows its own
        let doc = doc?;
        let mut r = Resource::new();
        document(&doc, &mut r);
        f(&r, &[])?;
    }
    // Edges are sorted by source, then relation and target, and nodes by id:
    // each node's edges are the next run of the list.
    let mut r = Resource::new();
    let mut next = 0;
    for n in graph.nodes() {
        while edges.get(next).is_some_and(|e| e.source < n.id) {
            next += 1;
        }
        let start = next;
        while edges.get(next).is_some_and(|e| e.source == n.id) {
            next += 1;
        }
        actor(graph, n, &edges[start..next], &mut r);
        f(&r, &[])?;
    }
    let mut nested = Vec::new();
    for e in edges {
        let n = relation(graph, e, &mut r, &mut nested);
        f(&r, &nested[..n])?;
    }
    Ok(())
}

fn document<'a>(doc: &'a DocumentMeta, r: &mut Resource<'a>) {
    r.reset(Iri::Based(DOC_BASE, &doc.id), DOCUMENT_CLASSES);
    r.add(Prop::Identifier, [Term::Str(&doc.id)]);
    r.add_str(Prop::Headline, doc.title.as_ref());
    r.add(Prop::DatePublished, doc.date.as_deref().map(date_term));
    r.add(
        Prop::Url,
        doc.url.as_deref().map(|u| match uri_from(u) {
            Some(iri) => Term::Iri(Iri::Full(Cow::Owned(iri))),
            None => Term::Str(u),
        }),
    );
    r.add_str(Prop::SourceFile, doc.source.as_ref());
}

/// An actor, with the direct triples of the stated ones of `edges` (its edges
/// as source, in edge order).
fn actor<'a>(graph: &'a Graph, node: &'a Node, edges: &[&'a Edge], r: &mut Resource<'a>) {
    r.reset(
        Iri::Based(ID_BASE, &node.id),
        actor_classes(node.actor_type),
    );
    r.add(Prop::Identifier, [Term::Str(&node.id)]);
    r.add(
        Prop::Label,
        node.labels
            .iter()
            .map(|(lang, label)| match language_tag(lang) {
                Some(lang) => Term::Lang { value: label, lang },
                None => Term::Str(label),
            }),
    );
    r.add(
        Prop::AlternateName,
        node.aliases.iter().map(|a| {
            if is_arabic_script(a) {
                Term::Lang {
                    value: a,
                    lang: Cow::Borrowed("ar"),
                }
            } else {
                Term::Str(a)
            }
        }),
    );
    r.add(
        Prop::SameAs,
        node.wikidata
            .as_deref()
            .and_then(wikidata_id)
            .map(|qid| Term::Iri(Iri::Based(WIKIDATA, qid))),
    );
    r.add_str(Prop::Iso3, node.iso3.as_ref());
    r.add_str(Prop::Cameo, node.cameo.as_ref());
    r.add_str(Prop::Sector, node.sector.as_ref());
    r.add(Prop::MentionCount, [integer(node.mentions)]);
    r.add(
        Prop::MentionedIn,
        graph
            .doc_ids(&node.documents)
            .map(|d| Term::Iri(Iri::Based(DOC_BASE, d))),
    );
    for relation in Relation::ALL {
        r.add(
            Prop::Direct(relation),
            edges
                .iter()
                .filter(|e| !e.derived && e.relation == relation)
                .map(|e| Term::Iri(Iri::Based(ID_BASE, &e.target))),
        );
    }
}

/// Fill `r` with the relation and `nested` with its evidence; the number of
/// evidence items.
fn relation<'a>(
    graph: &'a Graph,
    edge: &'a Edge,
    r: &mut Resource<'a>,
    nested: &mut Vec<Resource<'a>>,
) -> usize {
    r.reset(
        Iri::Based(RELATION_BASE, &edge.id),
        relation_classes(edge.relation),
    );
    r.add(Prop::Identifier, [Term::Str(&edge.id)]);
    r.add(Prop::Source, [Term::Iri(Iri::Based(ID_BASE, &edge.source))]);
    r.add(Prop::Target, [Term::Iri(Iri::Based(ID_BASE, &edge.target))]);
    r.add(Prop::Weight, [integer(edge.weight)]);
    r.add(Prop::FirstDate, edge.first_date.as_deref().map(day_term));
    r.add(Prop::LastDate, edge.last_date.as_deref().map(day_term));
    r.add(
        Prop::Derived,
        [Term::Typed {
            value: Lexical::Str(if edge.derived { "true" } else { "false" }),
            datatype: Datatype::Boolean,
        }],
    );
    r.add(
        Prop::StatedIn,
        graph
            .doc_ids(&edge.documents)
            .map(|d| Term::Iri(Iri::Based(DOC_BASE, d))),
    );
    r.add(Prop::Evidence, (0..edge.evidence.len()).map(Term::Node));
    for (i, ev) in edge.evidence.iter().enumerate() {
        if nested.len() == i {
            nested.push(Resource::new());
        }
        evidence(&edge.id, i, ev, &mut nested[i]);
    }
    edge.evidence.len()
}

fn evidence<'a>(edge_id: &'a str, index: usize, ev: &'a Evidence, r: &mut Resource<'a>) {
    r.reset(Iri::Evidence(edge_id, index), EVIDENCE_CLASSES);
    r.add(
        Prop::WasDerivedFrom,
        [Term::Iri(Iri::Based(DOC_BASE, &ev.document))],
    );
    r.add(Prop::SentenceIndex, [integer(ev.sentence as u64)]);
    r.add(Prop::Start, [integer(ev.start as u64)]);
    r.add(Prop::End, [integer(ev.end as u64)]);
    r.add(Prop::TriggerStart, [integer(ev.trigger_start as u64)]);
    r.add(Prop::TriggerEnd, [integer(ev.trigger_end as u64)]);
    r.add(Prop::Trigger, [Term::Str(&ev.trigger)]);
    r.add(Prop::Text, [Term::Str(&ev.text)]);
    r.add_str(Prop::SourceSector, ev.source_sector.as_ref());
    r.add_str(Prop::TargetSector, ev.target_sector.as_ref());
    r.add_str(Prop::Rule, ev.rule.as_ref());
}

fn integer<'a>(n: u64) -> Term<'a> {
    Term::Typed {
        value: Lexical::Int(n),
        datatype: Datatype::Integer,
    }
}

/// A document date: `xsd:date` or `xsd:dateTime` when valid, else a plain string.
fn date_term(s: &str) -> Term<'_> {
    let datatype = if is_date(s) {
        Datatype::Date
    } else if is_date_time(s) {
        Datatype::DateTime
    } else {
        return Term::Str(s);
    };
    Term::Typed {
        value: Lexical::Str(s),
        datatype,
    }
}

/// A relation's first or last day: the `xsd:date` a date or date-time starts with,
/// else a plain string.
fn day_term(s: &str) -> Term<'_> {
    match s.get(..10).filter(|d| is_date(d)) {
        Some(day) => Term::Typed {
            value: Lexical::Str(day),
            datatype: Datatype::Date,
        },
        None => Term::Str(s),
    }
}

/// The decimal digits of `n`, written into `buf`.
pub(crate) fn decimal_digits(mut n: u64, buf: &mut [u8; 20]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // only ASCII digits were written
    std::str::from_utf8(&buf[i..]).unwrap_or_default()
}

/// The IRI of an actor.
#[cfg(test)]
pub(crate) fn actor_iri(id: &str) -> String {
    Iri::Based(ID_BASE, id).text()
}

/// The Wikidata item id (`Q79`) of an id given as such or as a full IRI.
pub(crate) fn wikidata_id(qid: &str) -> Option<&str> {
    let qid = qid
        .strip_prefix(WIKIDATA)
        .or_else(|| qid.strip_prefix("https://www.wikidata.org/entity/"))
        .or_else(|| qid.strip_prefix("https://www.wikidata.org/wiki/"))
        .unwrap_or(qid);
    let digits = qid.strip_prefix('Q')?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some(qid)
}

/// The Wikidata entity IRI of an item id (`Q79`, also given as a full IRI).
#[cfg(test)]
pub(crate) fn wikidata_iri(qid: &str) -> Option<String> {
    wikidata_id(qid).map(|q| Iri::Based(WIKIDATA, q).text())
}

/// Percent-encode a string as one IRI path segment: unreserved ASCII and `:` stay,
/// everything else (including every non-ASCII character) becomes `%XX` of its
/// UTF-8 bytes; a segment of dots only is encoded whole so it is no dot-segment.
#[cfg(test)]
pub(crate) fn encode_segment(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    encode_segment_into(s, &mut out);
    String::from_utf8(out).unwrap()
}

/// Bytes kept as they are in a path segment: unreserved ASCII and `:`.
static SEGMENT_KEEP: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'~' | b':' | b'.');
        b += 1;
    }
    t
};

/// [`encode_segment`], appended to `out`.
fn encode_segment_into(s: &str, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    if !s.is_empty() && s.bytes().all(|b| b == b'.') {
        for _ in 0..s.len() {
            out.extend_from_slice(b"%2E");
        }
        return;
    }
    let bytes = s.as_bytes();
    out.reserve(3 * bytes.len());
    for &b in bytes {
        if SEGMENT_KEEP[usize::from(b)] {
            out.push(b);
        } else {
            out.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        }
    }
}

/// A URL as an absolute `scheme://authority/...` URI when it is one (non-ASCII
/// characters percent-encoded as UTF-8, per RFC 3987 section 3.1), else `None`.
/// Strict on purpose: what is returned every RDF parser accepts.
pub(crate) fn uri_from(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let mut chars = scheme.chars();
    if !chars.next()?.is_ascii_alphabetic()
        || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host_port.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        Some(_) => return None,
        None => host_port,
    };
    if host.is_empty() || authority.contains(['[', ']']) {
        return None;
    }
    // Authority: unreserved, sub-delims, ':' and '@' (only as parsed above).
    let authority_ok = authority
        .chars()
        .all(|c| !c.is_ascii() || c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@%".contains(c));
    let mut fragments = 0;
    let tail_ok = tail.chars().all(|c| {
        if c == '#' {
            fragments += 1;
        }
        !c.is_ascii() || c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@%/?#".contains(c)
    });
    if !authority_ok || !tail_ok || fragments > 1 {
        return None;
    }
    // Every '%' starts a valid escape.
    let bytes = url.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
        {
            return None;
        }
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if c.is_control()
            || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        {
            // Control and bidi formatting characters never belong in an IRI.
            return None;
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    Some(out)
}

/// A well-formed BCP 47 language tag, lowercased, or `None`. Only the common
/// subset is accepted: a 2-3 letter language, then optionally a script (4
/// letters), a region (2 letters or 3 digits) and variants (5-8 letters or
/// digits, or a digit and 3 more); no extensions, private use or extlang.
pub(crate) fn language_tag(tag: &str) -> Option<Cow<'_, str>> {
    let alpha = |p: &str| p.bytes().all(|b| b.is_ascii_alphabetic());
    let digit = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let alnum = |p: &str| p.bytes().all(|b| b.is_ascii_alphanumeric());
    let mut parts = tag.split('-');
    let primary = parts.next()?;
    if !((2..=3).contains(&primary.len()) && alpha(primary)) {
        return None;
    }
    let mut stage = 0; // 1 after the script, 2 after the region, 3 in variants
    for p in parts {
        stage = if stage < 1 && p.len() == 4 && alpha(p) {
            1
        } else if stage < 2 && ((p.len() == 2 && alpha(p)) || (p.len() == 3 && digit(p))) {
            2
        } else if ((5..=8).contains(&p.len()) && alnum(p))
            || (p.len() == 4 && p.as_bytes()[0].is_ascii_digit() && alnum(p))
        {
            3
        } else {
            return None;
        };
    }
    Some(if tag.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(tag.to_ascii_lowercase())
    } else {
        Cow::Borrowed(tag)
    })
}

/// Whether a string has any letter of the Arabic script.
pub(crate) fn is_arabic_script(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c,
            '\u{0600}'..='\u{06FF}'
            | '\u{0750}'..='\u{077F}'
            | '\u{08A0}'..='\u{08FF}'
            | '\u{FB50}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFF}')
            && c.is_alphabetic()
    })
}

/// `YYYY-MM-DD`, a real day of the proleptic Gregorian calendar.
pub(crate) fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &s[r];
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// `YYYY-MM-DDThh:mm:ss[.s+][Z|(+|-)hh:mm]`, the `xsd:dateTime` lexical form.
pub(crate) fn is_date_time(s: &str) -> bool {
    let Some((date, time)) = s.split_once('T') else {
        return false;
    };
    if !is_date(date) {
        return false;
    }
    let (clock, zone) = match time.find(['Z', '+', '-']) {
        Some(i) => time.split_at(i),
        None => (time, ""),
    };
    let two = |p: &str, max: u32| {
        p.len() == 2 && p.bytes().all(|c| c.is_ascii_digit()) && p.parse::<u32>().unwrap() <= max
    };
    let (hms, frac) = match clock.split_once('.') {
        Some((hms, frac)) => (hms, Some(frac)),
        None => (clock, None),
    };
    let hms: Vec<&str> = hms.split(':').collect();
    let clock_ok = hms.len() == 3
        && two(hms[0], 23)
        && two(hms[1], 59)
        && two(hms[2], 59)
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|c| c.is_ascii_digit()));
    let zone_ok = zone.is_empty()
        || zone == "Z"
        || (zone.len() == 6 && two(&zone[1..3], 14) && &zone[3..4] == ":" && two(&zone[4..6], 59));
    clock_ok && zone_ok
}

/// The compact name of an IRI with a context prefix (`ng:Country`), or the IRI.
#[cfg(test)]
pub(crate) fn compact(iri: &str) -> String {
    PREFIXES
        .iter()
        .find_map(|(p, ns)| {
            iri.strip_prefix(ns)
                .filter(|local| !local.is_empty())
                .map(|local| format!("{p}:{local}"))
        })
        .unwrap_or_else(|| iri.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON-LD context, as shipped in `schema/context.jsonld`.
    fn context() -> serde_json::Map<String, serde_json::Value> {
        let v: serde_json::Value =
            serde_json::from_str(include_str!("../../schema/context.jsonld")).unwrap();
        v["@context"].as_object().unwrap().clone()
    }

    fn expand(ctx: &serde_json::Map<String, serde_json::Value>, curie: &str) -> String {
        let (p, local) = curie.split_once(':').unwrap();
        format!("{}{local}", ctx[p].as_str().unwrap())
    }

    #[test]
    fn context_file_matches_the_mapping() {
        let ctx = context();
        for (p, ns) in PREFIXES {
            assert_eq!(ctx[p], *ns, "prefix {p}");
        }
        let props = Prop::all();
        for prop in &props {
            let def = ctx
                .get(prop.key())
                .unwrap_or_else(|| panic!("{} missing from the context", prop.key()));
            assert_eq!(
                expand(&ctx, def["@id"].as_str().unwrap()),
                prop.iri(),
                "{}",
                prop.key()
            );
            let (ty, container) = (def.get("@type"), def.get("@container"));
            match prop.style() {
                Style::Plain => assert!(ty.is_none() && container.is_none(), "{}", prop.key()),
                Style::Id => assert_eq!(ty.unwrap(), "@id", "{}", prop.key()),
                Style::Language => assert_eq!(container.unwrap(), "@language"),
                Style::Typed(dt) => {
                    assert_eq!(expand(&ctx, ty.unwrap().as_str().unwrap()), dt.iri())
                }
            }
        }
        // Nothing in the context that the mapping does not write.
        let terms = ctx.len() - PREFIXES.len() - 1;
        assert_eq!(terms, props.len());
    }

    #[test]
    fn compact_names_use_the_context_prefixes() {
        let mut classes = vec![DOCUMENT_CLASSES, EVIDENCE_CLASSES];
        classes.extend(ActorType::ALL.map(actor_classes));
        classes.extend(Relation::ALL.map(relation_classes));
        for class in classes.concat() {
            assert_eq!(class.compact, compact(class.iri));
        }
        for dt in [
            Datatype::Integer,
            Datatype::Date,
            Datatype::DateTime,
            Datatype::Boolean,
        ] {
            assert_eq!(dt.compact(), compact(dt.iri()));
        }
    }

    #[test]
    fn ids_become_ascii_path_segments() {
        assert_eq!(actor_iri("wd:Q79"), "https://w3id.org/newsgraph/id/wd:Q79");
        assert_eq!(
            actor_iri("ng:place:سيناء"),
            "https://w3id.org/newsgraph/id/ng:place:%D8%B3%D9%8A%D9%86%D8%A7%D8%A1"
        );
        assert_eq!(encode_segment("a b/c?d#e%f"), "a%20b%2Fc%3Fd%23e%25f");
        assert_eq!(encode_segment(".."), "%2E%2E");
        assert_eq!(encode_segment("doc-1.txt"), "doc-1.txt");
        assert_eq!(encode_segment("ng:شخص_1.x"), "ng:%D8%B4%D8%AE%D8%B5_1.x");
        assert_eq!(encode_segment("شa"), "%D8%B4a");
        assert_eq!(encode_segment(""), "");
    }

    #[test]
    fn urls_are_uris_or_nothing() {
        assert_eq!(
            uri_from("https://example.org/a?x=1&y=2").as_deref(),
            Some("https://example.org/a?x=1&y=2")
        );
        assert_eq!(
            uri_from("https://ar.example/أخبار").as_deref(),
            Some("https://ar.example/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1")
        );
        for bad in [
            "example.org",
            "http://a b",
            "http://x/<y>",
            "http://x:port/",
            "http://[::1]/",
            "http://x/%zz",
            "http://x/a#b#c",
            "1http://x",
        ] {
            assert_eq!(uri_from(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_and_tags() {
        assert!(is_date("2016-02-29"));
        assert!(!is_date("2015-02-29"));
        assert!(!is_date("2015-2-1"));
        assert!(is_date_time("2015-02-16T10:00:00Z"));
        assert!(is_date_time("2015-02-16T10:00:00.5+03:00"));
        assert!(!is_date_time("2015-02-16 10:00"));
        assert_eq!(language_tag("AR"), Some("ar".into()));
        assert_eq!(language_tag("en-GB"), Some("en-gb".into()));
        assert_eq!(language_tag("x y"), None);
        assert_eq!(language_tag("zh-Hant-TW"), Some("zh-hant-tw".into()));
        assert_eq!(language_tag("de-CH-1901"), Some("de-ch-1901".into()));
        for bad in ["aa-0", "en-x-priv", "en-a-bcd", "english", "en-", "en-ab1"] {
            assert_eq!(language_tag(bad), None, "{bad}");
        }
        assert_eq!(
            wikidata_iri("Q79").unwrap(),
            "http://www.wikidata.org/entity/Q79"
        );
        assert_eq!(
            wikidata_iri("http://www.wikidata.org/entity/Q79").unwrap(),
            "http://www.wikidata.org/entity/Q79"
        );
        assert_eq!(wikidata_iri("Q7 9"), None);
    }
}
