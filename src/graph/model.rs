//! The types of the graph model: actors, relations, evidence, documents.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

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
    /// The first 16 hex digits of the SHA-256 of the text the extractor read
    /// (see [`crate::Document::text`]): `merge` and `extract --into` tell a
    /// document seen again (same id, same hash) from a changed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
}

/// An input that was not read, with the reason.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Skipped {
    /// The file, `FILE:LINE` or `FILE#INDEX` that was skipped.
    pub input: String,
    pub reason: String,
}

/// An actor: a node of the graph. Serialized (node-link JSON) only with its
/// graph, which knows its documents' ids: see [`super::Graph::doc_ids`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
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
    /// For a sector node (`--sectors`): the CAMEO agent code of the sector
    /// (MIL, COP, GOV, CVL, ...); its state is the node whose id comes before
    /// the last `:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// The documents that mention the actor (see [`DocSet`]).
    #[serde(default)]
    pub documents: DocSet,
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
            sector: None,
            documents: DocSet::default(),
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
        if self.sector.is_none() {
            self.sector = other.sector.clone();
        }
        if self.cameo.is_none() {
            self.cameo = other.cameo;
        }
        if self.actor_type != other.actor_type && other.actor_type < self.actor_type {
            self.actor_type = other.actor_type;
        }
        self.documents.union(other.documents);
        self.mentions += other.mentions;
    }
}

/// A document's number in its graph: the graph numbers document ids in the
/// order it first sees them and keeps each id once.
pub(crate) type DocNum = u32;

/// The documents of a node or an edge. Built from ids ([`DocSet::insert`], or
/// a list of ids when deserialized); a graph turns the ids into its document
/// numbers when the node or edge is added, and keeps them delta-encoded, so
/// that an entry costs one to three bytes however long the id (a node named in
/// most documents costs about a byte per document). Read the ids of a set in a
/// graph with [`super::Graph::doc_ids`] (sorted); numbers mean nothing outside
/// their graph.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocSet {
    /// Ids not numbered by a graph yet, sorted, each once.
    ids: Vec<String>,
    /// Document numbers of the graph holding the set.
    nums: Nums,
    /// That graph's tag (see [`GraphTag`]); 0 while `nums` is empty.
    graph: GraphTag,
}

/// A graph's tag, unique in the process, so that a set holding one graph's
/// numbers is never read as another's.
pub(crate) type GraphTag = u64;

/// A set of document numbers: the gaps between them (the first one's from -1),
/// each less one, in LEB128 bytes, in increasing order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Nums {
    bytes: Vec<u8>,
    len: usize,
    /// The largest number (when `len > 0`).
    last: DocNum,
}

impl Nums {
    fn iter(&self) -> NumIter<'_> {
        NumIter {
            bytes: &self.bytes,
            next: 0,
            left: self.len,
        }
    }

    fn push_gap(&mut self, num: DocNum) {
        let mut gap = if self.len == 0 {
            num
        } else {
            num - self.last - 1
        };
        while gap >= 0x80 {
            self.bytes.push((gap as u8) | 0x80);
            gap >>= 7;
        }
        self.bytes.push(gap as u8);
        self.len += 1;
        self.last = num;
    }

    fn insert(&mut self, num: DocNum) {
        if self.len == 0 || num > self.last {
            self.push_gap(num);
        } else if num != self.last {
            // Out of order (not while extracting): rebuild.
            let mut all: Vec<DocNum> = self.iter().collect();
            if let Err(pos) = all.binary_search(&num) {
                all.insert(pos, num);
                *self = Nums::default();
                for n in all {
                    self.push_gap(n);
                }
            }
        }
    }
}

/// The numbers of a [`Nums`], in increasing order.
pub(crate) struct NumIter<'a> {
    bytes: &'a [u8],
    /// The smallest number the next gap can give.
    next: DocNum,
    left: usize,
}

impl Iterator for NumIter<'_> {
    type Item = DocNum;

    fn next(&mut self) -> Option<DocNum> {
        if self.left == 0 {
            return None;
        }
        let mut gap: DocNum = 0;
        let mut shift = 0;
        while let Some((&b, rest)) = self.bytes.split_first() {
            self.bytes = rest;
            gap |= DocNum::from(b & 0x7f) << shift;
            shift += 7;
            if b < 0x80 {
                break;
            }
        }
        let num = self.next + gap;
        self.next = num.wrapping_add(1);
        self.left -= 1;
        Some(num)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for NumIter<'_> {}

impl DocSet {
    /// An empty set.
    pub fn new() -> DocSet {
        DocSet::default()
    }

    /// Add a document id; false when the set has it already.
    pub fn insert(&mut self, id: &str) -> bool {
        match self.ids.binary_search_by(|x| x.as_str().cmp(id)) {
            Ok(_) => false,
            Err(pos) => {
                self.ids.insert(pos, id.to_string());
                true
            }
        }
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.ids.len() + self.nums.len
    }

    /// Whether the set has no document.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The ids not numbered yet (taken out of the set).
    pub(crate) fn take_ids(&mut self) -> Vec<String> {
        std::mem::take(&mut self.ids)
    }

    /// The ids not numbered yet, sorted.
    pub(crate) fn ids(&self) -> &[String] {
        &self.ids
    }

    /// The document numbers, in increasing order.
    pub(crate) fn nums(&self) -> NumIter<'_> {
        self.nums.iter()
    }

    /// The graph whose numbers the set holds (0: none).
    pub(crate) fn graph(&self) -> GraphTag {
        if self.nums.len == 0 { 0 } else { self.graph }
    }

    /// Add a document number of graph `graph` (documents mostly arrive in
    /// number order: then it is appended).
    pub(crate) fn insert_num(&mut self, num: DocNum, graph: GraphTag) {
        debug_assert!(self.graph() == 0 || self.graph == graph);
        self.graph = graph;
        self.nums.insert(num);
    }

    /// Ask the processor for the end of the set's numbers, where
    /// [`DocSet::union_nums`] of later documents appends.
    #[inline(always)]
    pub(crate) fn prefetch_end(&self) {
        if let Some(last) = self.nums.bytes.last() {
            super::prefetch(last);
        }
    }

    /// Add every document of `other` (numbered by the same graph).
    pub(crate) fn union(&mut self, other: DocSet) {
        for id in &other.ids {
            self.insert(id);
        }
        if self.nums.len == 0 {
            self.nums = other.nums;
            self.graph = other.graph;
        } else if other.nums.len > 0 {
            debug_assert!(other.graph == self.graph);
            let mut theirs = other.nums.iter();
            match theirs.next() {
                // all after ours (the usual case): appended
                Some(first) if first > self.nums.last => {
                    self.nums.push_gap(first);
                    theirs.for_each(|n| self.nums.push_gap(n));
                }
                _ => {
                    let mut all: Vec<DocNum> = self.nums.iter().chain(other.nums.iter()).collect();
                    all.sort_unstable();
                    all.dedup();
                    self.set_nums(&all, self.graph);
                }
            }
        }
    }

    /// [`DocSet::union`] of the set of numbers `nums` (sorted, each once) of
    /// graph `graph`, without building that set.
    pub(crate) fn union_nums(&mut self, nums: &[DocNum], graph: GraphTag) {
        if self.nums.len == 0 {
            self.set_nums(nums, graph);
        } else if let Some(&first) = nums.first() {
            debug_assert!(graph == self.graph);
            if first > self.nums.last {
                // all after ours (the usual case): appended
                for &n in nums {
                    self.nums.push_gap(n);
                }
            } else {
                let mut all: Vec<DocNum> = self.nums.iter().chain(nums.iter().copied()).collect();
                all.sort_unstable();
                all.dedup();
                self.set_nums(&all, self.graph);
            }
        }
    }

    /// Replace the numbers by `nums` (sorted, each once) of graph `graph`.
    pub(crate) fn set_nums(&mut self, nums: &[DocNum], graph: GraphTag) {
        self.nums = Nums::default();
        self.graph = graph;
        for &n in nums {
            self.nums.push_gap(n);
        }
    }

    /// Keep only the numbers for which `keep` holds; returns how many went.
    pub(crate) fn retain_nums(&mut self, mut keep: impl FnMut(DocNum) -> bool) -> usize {
        let kept: Vec<DocNum> = self.nums.iter().filter(|&n| keep(n)).collect();
        let gone = self.nums.len - kept.len();
        if gone > 0 {
            let graph = self.graph;
            self.set_nums(&kept, graph);
        }
        gone
    }
}

impl<'a> FromIterator<&'a str> for DocSet {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> DocSet {
        let mut set = DocSet::default();
        for id in iter {
            set.insert(id);
        }
        set
    }
}

/// A list of ids (the node-link JSON form).
impl<'de> Deserialize<'de> for DocSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<DocSet, D::Error> {
        let mut ids = Vec::<String>::deserialize(d)?;
        ids.sort_unstable();
        ids.dedup();
        Ok(DocSet {
            ids,
            ..DocSet::default()
        })
    }
}

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
    /// The sentence as written, shared by the evidence of one sentence (a
    /// long sentence stating many relations is held once).
    pub text: std::sync::Arc<str>,
    /// The document's date, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The sector (a CAMEO agent code: MIL, COP, GOV, CVL, ...) through which
    /// the source state acts here ("القوات الأمريكية": the United States, MIL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_sector: Option<String>,
    /// The sector of the target state ("مدنيين فلسطينيين": Palestine, CVL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_sector: Option<String>,
    /// The id of the rule that found the relation here (a rule of
    /// `lexicon/rules/` such as `verb.meet_svo`, or `title`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// An aggregated relation: an edge of the graph. Serialized (node-link JSON)
/// only with its graph, like [`Node`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Edge {
    /// Stable id: `SOURCE--relation--TARGET` (plus `--derived` for derived edges).
    pub id: String,
    pub source: String,
    pub target: String,
    pub relation: Relation,
    /// Number of distinct evidence items (exact even when `evidence` is capped).
    pub weight: u64,
    /// The documents that state the relation (see [`DocSet`]).
    pub documents: DocSet,
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
    /// A body named by a head noun and its complement ("وزارة الزراعة").
    HeadNoun,
    /// A name found after an honorific or a rank ("اللواء ...", "الدكتور ...").
    Rank,
    /// A name found right before a title that describes it ("... رئيس الفيفا").
    Apposition,
    /// A known given name and a family name ("محمد العايش").
    GivenName,
}

/// One actor mention, for the `mentions` (JSON Lines) output. Mentions are
/// kept packed in [`Mentions`]; this is how one reads.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Mention {
    /// The document's id.
    pub document: std::sync::Arc<str>,
    /// Character offsets in the original text.
    pub start: usize,
    pub end: usize,
    /// The surface text as written.
    pub text: std::sync::Arc<str>,
    pub actor: std::sync::Arc<str>,
    #[serde(rename = "type")]
    pub actor_type: ActorType,
    pub resolution: Resolution,
    /// The sector through which a state is named (CAMEO agent code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<std::sync::Arc<str>>,
}

/// Actor mentions, packed: every string (document id, surface text, actor
/// id, sector) is held once and a mention takes 28 bytes, so a document
/// naming one state seven million times keeps 200 MB of mentions, not 600.
/// Offsets are 32-bit: the extractor refuses documents whose offsets would
/// not fit.
#[derive(Clone, Debug, Default)]
pub struct Mentions {
    strings: Vec<Arc<str>>,
    index: HashMap<Arc<str>, u32>,
    items: Vec<Packed>,
}

/// No sector.
const NONE: u32 = u32::MAX;

#[derive(Clone, Copy, Debug)]
struct Packed {
    start: u32,
    end: u32,
    document: u32,
    text: u32,
    actor: u32,
    sector: u32,
    actor_type: ActorType,
    resolution: Resolution,
}

impl Mentions {
    /// No mentions.
    pub fn new() -> Mentions {
        Mentions::default()
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// None at all?
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = u32::try_from(self.strings.len()).unwrap_or(NONE - 1);
        let a: Arc<str> = Arc::from(s);
        self.strings.push(a.clone());
        self.index.insert(a, i);
        i
    }

    /// Add one. Offsets beyond 32 bits are clamped (the extractor never
    /// makes them).
    pub fn push(&mut self, m: &Mention) {
        let clamp = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        let packed = Packed {
            start: clamp(m.start),
            end: clamp(m.end),
            document: self.intern(&m.document),
            text: self.intern(&m.text),
            actor: self.intern(&m.actor),
            sector: m.sector.as_deref().map_or(NONE, |s| self.intern(s)),
            actor_type: m.actor_type,
            resolution: m.resolution,
        };
        self.items.push(packed);
    }

    fn unpack(&self, p: &Packed) -> Mention {
        Mention {
            document: self.strings[p.document as usize].clone(),
            start: p.start as usize,
            end: p.end as usize,
            text: self.strings[p.text as usize].clone(),
            actor: self.strings[p.actor as usize].clone(),
            actor_type: p.actor_type,
            resolution: p.resolution,
            sector: (p.sector != NONE).then(|| self.strings[p.sector as usize].clone()),
        }
    }

    /// The mentions in the order they are kept.
    pub fn iter(&self) -> MentionsIter<'_> {
        MentionsIter {
            mentions: self,
            items: self.items.iter(),
        }
    }

    /// How many mentions each actor id has.
    pub fn counts(&self) -> HashMap<String, u64> {
        let mut by_string = vec![0u64; self.strings.len()];
        for p in &self.items {
            by_string[p.actor as usize] += 1;
        }
        by_string
            .into_iter()
            .enumerate()
            .filter(|&(_, n)| n > 0)
            .map(|(i, n)| (self.strings[i].to_string(), n))
            .collect()
    }

    /// Add all of `other`'s.
    pub fn append(&mut self, other: Mentions) {
        if self.items.is_empty() {
            *self = other;
            return;
        }
        let map: Vec<u32> = other.strings.iter().map(|s| self.intern(s)).collect();
        let re = |i: u32| if i == NONE { NONE } else { map[i as usize] };
        self.items.reserve(other.items.len());
        for p in &other.items {
            self.items.push(Packed {
                document: re(p.document),
                text: re(p.text),
                actor: re(p.actor),
                sector: re(p.sector),
                ..*p
            });
        }
    }

    /// Sort as [`Mention`]s sort: by document, offsets, text, actor, type,
    /// resolution and sector.
    pub fn sort(&mut self) {
        let mut items = std::mem::take(&mut self.items);
        items.sort_by(|a, b| self.compare(a, b));
        self.items = items;
    }

    /// The positions of the mentions in sorted order (4 bytes a mention,
    /// where a sorted copy would take 28).
    pub fn sorted_order(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.items.len())
            .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
            .collect();
        order.sort_by(|&a, &b| self.compare(&self.items[a as usize], &self.items[b as usize]));
        order
    }

    /// The mentions at `order`'s positions.
    pub fn iter_in<'a>(&'a self, order: &'a [u32]) -> impl Iterator<Item = Mention> + 'a {
        order
            .iter()
            .filter_map(|&i| self.items.get(i as usize))
            .map(|p| self.unpack(p))
    }

    fn compare(&self, a: &Packed, b: &Packed) -> std::cmp::Ordering {
        let s = |i: u32| &*self.strings[i as usize];
        let sector = |i: u32| (i != NONE).then(|| s(i));
        s(a.document)
            .cmp(s(b.document))
            .then(a.start.cmp(&b.start))
            .then(a.end.cmp(&b.end))
            .then_with(|| s(a.text).cmp(s(b.text)))
            .then_with(|| s(a.actor).cmp(s(b.actor)))
            .then(a.actor_type.cmp(&b.actor_type))
            .then(a.resolution.cmp(&b.resolution))
            .then_with(|| sector(a.sector).cmp(&sector(b.sector)))
    }
}

/// The mentions of a [`Mentions`], each read back as a [`Mention`].
pub struct MentionsIter<'a> {
    mentions: &'a Mentions,
    items: std::slice::Iter<'a, Packed>,
}

impl Iterator for MentionsIter<'_> {
    type Item = Mention;

    fn next(&mut self) -> Option<Mention> {
        self.items.next().map(|p| self.mentions.unpack(p))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.items.size_hint()
    }
}

impl ExactSizeIterator for MentionsIter<'_> {}

impl<'a> IntoIterator for &'a Mentions {
    type Item = Mention;
    type IntoIter = MentionsIter<'a>;

    fn into_iter(self) -> MentionsIter<'a> {
        self.iter()
    }
}

impl FromIterator<Mention> for Mentions {
    fn from_iter<I: IntoIterator<Item = Mention>>(iter: I) -> Mentions {
        let mut ms = Mentions::new();
        for m in iter {
            ms.push(&m);
        }
        ms
    }
}

impl From<Vec<Mention>> for Mentions {
    fn from(v: Vec<Mention>) -> Mentions {
        v.into_iter().collect()
    }
}

/// Everything extracted from one document.
#[derive(Clone, Debug, Default)]
pub struct DocExtraction {
    pub meta: DocumentMeta,
    /// The actors mentioned, each with `documents = {meta.id}` and its mention count.
    pub nodes: Vec<Node>,
    pub relations: Vec<RelationRecord>,
    pub mentions: Mentions,
    /// Where the extractor bounded its work on this document (an over-long
    /// sentence cut, a list of participants capped), one message each, naming
    /// the document and the character offset.
    pub warnings: Vec<String>,
}

impl DocExtraction {
    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// The Arabic label of the node with this id, else its English one.
    pub fn label_of(&self, id: &str) -> Option<&str> {
        let n = self.node(id)?;
        n.labels
            .get("ar")
            .or_else(|| n.labels.get("en"))
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_numbers_round_trip_in_any_order() {
        let nums = [
            0,
            1,
            2,
            127,
            128,
            129,
            16_383,
            16_384,
            1 << 21,
            1 << 28,
            DocNum::MAX - 1,
        ];
        let mut forward = DocSet::new();
        for &n in &nums {
            forward.insert_num(n, 7);
            forward.insert_num(n, 7);
        }
        assert_eq!(forward.len(), nums.len());
        assert_eq!(forward.nums().collect::<Vec<_>>(), nums);
        let mut backward = DocSet::new();
        for &n in nums.iter().rev() {
            backward.insert_num(n, 7);
        }
        assert_eq!(backward, forward);
        // A set of one graph added to an empty one keeps its numbers.
        let mut union = DocSet::new();
        union.union(forward.clone());
        union.union(backward);
        assert_eq!(union, forward);
        assert_eq!(union.graph(), 7);
        // Small gaps take a byte each.
        let mut dense = DocSet::new();
        for n in 1000..2000 {
            dense.insert_num(n, 1);
        }
        assert_eq!(dense.nums.bytes.len(), 2 + 999);
    }

    #[test]
    fn ids_are_a_sorted_set_until_numbered() {
        let mut set: DocSet = ["b", "a", "b"].into_iter().collect();
        assert!(!set.insert("a"));
        assert!(set.insert("c"));
        assert_eq!(set.ids(), ["a", "b", "c"]);
        assert_eq!(set.len(), 3);
        let read: DocSet = serde_json::from_str(r#"["z", "y", "z"]"#).unwrap();
        assert_eq!(read.ids(), ["y", "z"]);
        assert_eq!(read.graph(), 0);
    }

    fn mention(doc: &str, start: usize, actor: &str, sector: Option<&str>) -> Mention {
        Mention {
            document: doc.into(),
            start,
            end: start + 3,
            text: "مصر".into(),
            actor: actor.into(),
            actor_type: ActorType::Country,
            resolution: Resolution::Lexicon,
            sector: sector.map(Into::into),
        }
    }

    #[test]
    fn packed_mentions_read_back_sort_and_append_as_mentions_do() {
        let a = vec![
            mention("d2", 9, "EGY", None),
            mention("d2", 1, "EGY", Some("MIL")),
            mention("d1", 4, "USA", None),
        ];
        let b = vec![
            mention("d0", 2, "JOR", Some("GOV")),
            mention("d2", 1, "EGY", None),
        ];
        let mut packed = Mentions::from(a.clone());
        assert_eq!(packed.iter().collect::<Vec<_>>(), a);
        packed.append(Mentions::from(b.clone()));
        let mut all: Vec<Mention> = a.into_iter().chain(b).collect();
        assert_eq!(packed.len(), all.len());
        let order = packed.sorted_order();
        all.sort();
        assert_eq!(packed.iter_in(&order).collect::<Vec<_>>(), all);
        packed.sort();
        assert_eq!(packed.iter().collect::<Vec<_>>(), all);
        let counts = packed.counts();
        assert_eq!(counts.get("EGY"), Some(&3));
        assert_eq!(counts.get("JOR"), Some(&1));
        assert_eq!(counts.len(), 3);
    }
}
