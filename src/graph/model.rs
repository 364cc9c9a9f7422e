//! The types of the graph model: actors, relations, evidence, documents.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

/// What kind of actor a node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorType {
    Country,
    Person,
    Organization,
    Coalition,
    ArmedGroup,
    Place,
    Media,
}

impl ActorType {
    /// Every type, in a fixed order.
    pub const ALL: [ActorType; 7] = [
        ActorType::Country,
        ActorType::Person,
        ActorType::Organization,
        ActorType::Coalition,
        ActorType::ArmedGroup,
        ActorType::Place,
        ActorType::Media,
    ];

    /// The snake_case name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorType::Country => "country",
            ActorType::Person => "person",
            ActorType::Organization => "organization",
            ActorType::Coalition => "coalition",
            ActorType::ArmedGroup => "armed_group",
            ActorType::Place => "place",
            ActorType::Media => "media",
        }
    }

    /// Places and media are recorded but never take part in relations.
    pub fn is_actor(self) -> bool {
        !matches!(self, ActorType::Place | ActorType::Media)
    }
}

impl fmt::Display for ActorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ActorType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ActorType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown actor type {s:?} (expected one of: {})",
                    ActorType::ALL.map(|t| t.as_str()).join(", ")
                )
            })
    }
}

/// The ten relation types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    MetWith,
    SpokeWith,
    CooperatesWith,
    MemberOf,
    LeaderOf,
    OfficialOf,
    Requested,
    Attacked,
    Supports,
    Opposes,
}

impl Relation {
    /// Every relation, in a fixed order.
    pub const ALL: [Relation; 10] = [
        Relation::MetWith,
        Relation::SpokeWith,
        Relation::CooperatesWith,
        Relation::MemberOf,
        Relation::LeaderOf,
        Relation::OfficialOf,
        Relation::Requested,
        Relation::Attacked,
        Relation::Supports,
        Relation::Opposes,
    ];

    /// The snake_case name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::MetWith => "met_with",
            Relation::SpokeWith => "spoke_with",
            Relation::CooperatesWith => "cooperates_with",
            Relation::MemberOf => "member_of",
            Relation::LeaderOf => "leader_of",
            Relation::OfficialOf => "official_of",
            Relation::Requested => "requested",
            Relation::Attacked => "attacked",
            Relation::Supports => "supports",
            Relation::Opposes => "opposes",
        }
    }

    /// The lowerCamelCase name used as an RDF property (`metWith`).
    pub fn camel(self) -> &'static str {
        match self {
            Relation::MetWith => "metWith",
            Relation::SpokeWith => "spokeWith",
            Relation::CooperatesWith => "cooperatesWith",
            Relation::MemberOf => "memberOf",
            Relation::LeaderOf => "leaderOf",
            Relation::OfficialOf => "officialOf",
            Relation::Requested => "requested",
            Relation::Attacked => "attacked",
            Relation::Supports => "supports",
            Relation::Opposes => "opposes",
        }
    }

    /// An English label ("met with").
    pub fn label(self) -> &'static str {
        match self {
            Relation::MetWith => "met with",
            Relation::SpokeWith => "spoke with",
            Relation::CooperatesWith => "cooperates with",
            Relation::MemberOf => "member of",
            Relation::LeaderOf => "leader of",
            Relation::OfficialOf => "official of",
            Relation::Requested => "requested",
            Relation::Attacked => "attacked",
            Relation::Supports => "supports",
            Relation::Opposes => "opposes",
        }
    }

    /// Symmetric relations are stored once, ends in canonical (sorted) order.
    pub fn is_symmetric(self) -> bool {
        matches!(
            self,
            Relation::MetWith | Relation::SpokeWith | Relation::CooperatesWith
        )
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Relation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Relation::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown relation {s:?} (expected one of: {})",
                    Relation::ALL.map(|r| r.as_str()).join(", ")
                )
            })
    }
}

/// Metadata of one input document.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DocumentMeta {
    /// Unique id: the file name, the id or url field, or `FILE#INDEX`.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// ISO 8601 date (`YYYY-MM-DD`) or date-time when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The file (or `-` for stdin) the document came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// An input that was not read, with the reason.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Skipped {
    /// The file, `FILE:LINE` or `FILE#INDEX` that was skipped.
    pub input: String,
    pub reason: String,
}

/// An actor: a node of the graph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// Our stable id: `wd:Q79` for a Wikidata-identified actor, `ng:...` otherwise.
    /// Only characters valid in an XML NMTOKEN: letters, digits, `:`, `_`, `-`, `.`.
    pub id: String,
    #[serde(rename = "type")]
    pub actor_type: ActorType,
    /// Labels by language (`ar`, `en`).
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// Other names the actor was seen under or is known by.
    #[serde(default)]
    pub aliases: BTreeSet<String>,
    /// Wikidata item id (`Q79`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// ISO 3166-1 alpha-3 code, for countries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iso3: Option<String>,
    /// CAMEO actor code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
    /// Ids of the documents that mention the actor (shared with every other
    /// list that names the same document: see [`DocId`]).
    #[serde(default)]
    pub documents: BTreeSet<DocId>,
    /// Number of mentions over all documents.
    #[serde(default)]
    pub mentions: u64,
}

impl Node {
    /// A node with only an id and a type.
    pub fn new(id: impl Into<String>, actor_type: ActorType) -> Node {
        Node {
            id: id.into(),
            actor_type,
            labels: BTreeMap::new(),
            aliases: BTreeSet::new(),
            wikidata: None,
            iso3: None,
            cameo: None,
            documents: BTreeSet::new(),
            mentions: 0,
        }
    }

    /// The label to show: English, else Arabic, else any, else the id.
    pub fn label(&self) -> &str {
        self.labels
            .get("en")
            .or_else(|| self.labels.get("ar"))
            .or_else(|| self.labels.values().next())
            .map(String::as_str)
            .unwrap_or(&self.id)
    }

    /// Fold another record of the same actor into this one (order-independent).
    pub(crate) fn merge(&mut self, other: Node) {
        for (lang, label) in other.labels {
            match self.labels.get_mut(&lang) {
                // the same label (the usual case): nothing to do
                Some(mine) if *mine == label => {}
                Some(mine) if *mine < label => {
                    self.aliases.insert(label);
                }
                Some(mine) => {
                    self.aliases.insert(std::mem::replace(mine, label));
                }
                None => {
                    self.labels.insert(lang, label);
                }
            }
        }
        self.aliases.extend(other.aliases);
        // no alias repeats a label
        for label in self.labels.values() {
            self.aliases.remove(label);
        }
        if self.wikidata.is_none() {
            self.wikidata = other.wikidata;
        }
        if self.iso3.is_none() {
            self.iso3 = other.iso3;
        }
        if self.cameo.is_none() {
            self.cameo = other.cameo;
        }
        if self.actor_type != other.actor_type && other.actor_type < self.actor_type {
            self.actor_type = other.actor_type;
        }
        self.documents.extend(other.documents);
        self.mentions += other.mentions;
    }
}

/// A document id as the nodes' and edges' document lists hold it: the graph
/// keeps one copy of each id and the lists share it, so a corpus of many
/// documents costs a pointer per mention in those lists, not a string.
pub type DocId = std::sync::Arc<str>;

/// One piece of evidence for a relation: where the text states it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// Document id.
    pub document: String,
    /// Index of the sentence in the document (0 = the title).
    pub sentence: usize,
    /// Character (Unicode scalar value) offsets of the sentence in the original text.
    pub start: usize,
    pub end: usize,
    /// Character offsets of the trigger words in the original text.
    pub trigger_start: usize,
    pub trigger_end: usize,
    /// The trigger words as written.
    pub trigger: String,
    /// The sentence as written.
    pub text: String,
    /// The document's date, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// An aggregated relation: an edge of the graph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edge {
    /// Stable id: `SOURCE--relation--TARGET` (plus `--derived` for derived edges).
    pub id: String,
    pub source: String,
    pub target: String,
    pub relation: Relation,
    /// Number of distinct evidence items (exact even when `evidence` is capped).
    pub weight: u64,
    /// Ids of the documents that state the relation (shared, see [`DocId`]).
    pub documents: BTreeSet<DocId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_date: Option<String>,
    /// Evidence, sorted, at most `max_evidence` items.
    pub evidence: Vec<Evidence>,
    /// Inferred rather than stated in the text.
    #[serde(default)]
    pub derived: bool,
}

impl Edge {
    /// The stable id of the edge between two node ids.
    pub fn make_id(source: &str, relation: Relation, target: &str, derived: bool) -> String {
        let mut id = format!("{source}--{}--{target}", relation.as_str());
        if derived {
            id.push_str("--derived");
        }
        id
    }
}

/// A relation found in one document, before aggregation.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RelationRecord {
    pub source: String,
    pub relation: Relation,
    pub target: String,
    pub derived: bool,
    pub evidence: Evidence,
}

/// How an actor mention was resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// A name in the lexicon.
    Lexicon,
    /// A name found after a role title.
    Title,
    /// A reference back to an actor named earlier.
    Coreference,
    /// A nationality adjective or a body of a state ("the Egyptian government").
    Nationality,
}

/// One actor mention, for the `mentions` (JSON Lines) output.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Mention {
    pub document: String,
    /// Character offsets in the original text.
    pub start: usize,
    pub end: usize,
    /// The surface text as written.
    pub text: String,
    pub actor: String,
    #[serde(rename = "type")]
    pub actor_type: ActorType,
    pub resolution: Resolution,
}

/// Everything extracted from one document.
#[derive(Clone, Debug, Default)]
pub struct DocExtraction {
    pub meta: DocumentMeta,
    /// The actors mentioned, each with `documents = {meta.id}` and its mention count.
    pub nodes: Vec<Node>,
    pub relations: Vec<RelationRecord>,
    pub mentions: Vec<Mention>,
}
