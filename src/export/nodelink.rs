//! Node-link JSON, the shape of networkx's `node_link_data` (with `edges="links"`),
//! the contract of the scorer and of `schema/nodelink.schema.json`. Also read back
//! by `convert`. With a layout, each node also has `x`, `y` (when laid out)
//! and `community`; reading a graph back ignores them.

use crate::error::{Error, Result};
use crate::graph::{
    DocSet, DocumentMeta, Edge, FORMAT, Graph, GraphOptions, Node, Provenance, Records,
    RenderedIds, Settings, Skipped,
};
use crate::layout::Layout;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::io::{self, Read, Write};

/// A coordinate rounded to two decimals (as in the XML formats).
fn round2(v: f64) -> f64 {
    let r = (v * 100.0).round() / 100.0;
    if r == 0.0 || !r.is_finite() { 0.0 } else { r }
}

/// JSON written as serde_json's pretty printer writes it (two spaces an
/// indent, `": "` after keys, `[]` and `{}` for empty ones), into a buffer.
struct Pretty {
    out: Vec<u8>,
    depth: usize,
    /// Nothing written yet in the innermost open object or array.
    first: bool,
}

impl Pretty {
    fn open(&mut self, c: u8) {
        self.out.push(c);
        self.depth += 1;
        self.first = true;
    }

    fn close(&mut self, c: u8) {
        self.depth -= 1;
        if !self.first {
            self.newline();
        }
        self.out.push(c);
        self.first = false;
    }

    fn newline(&mut self) {
        const SPACES: &[u8; 64] = &[b' '; 64];
        self.out.push(b'\n');
        match SPACES.get(..2 * self.depth) {
            Some(indent) => self.out.extend_from_slice(indent),
            None => (0..self.depth).for_each(|_| self.out.extend_from_slice(b"  ")),
        }
    }

    fn next(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.newline();
    }

    /// A key with no character to escape.
    fn key(&mut self, k: &str) {
        self.next();
        self.out.push(b'"');
        self.out.extend_from_slice(k.as_bytes());
        self.out.extend_from_slice(b"\": ");
    }

    fn key_str(&mut self, k: &str) {
        self.next();
        self.string(k);
        self.out.extend_from_slice(b": ");
    }

    fn string(&mut self, s: &str) {
        json_string(s, &mut self.out);
    }

    fn field_str(&mut self, k: &str, v: &str) {
        self.key(k);
        self.string(v);
    }

    fn field_opt(&mut self, k: &str, v: Option<&str>) {
        if let Some(v) = v {
            self.field_str(k, v);
        }
    }

    /// [`Pretty::field_opt`] of a value known to need no escape.
    fn field_plain(&mut self, k: &str, v: Option<&str>) {
        if let Some(v) = v {
            debug_assert!(!needs_escape(v.as_bytes()));
            self.key(k);
            self.out.push(b'"');
            self.out.extend_from_slice(v.as_bytes());
            self.out.push(b'"');
        }
    }

    fn field_raw(&mut self, k: &str, v: impl std::fmt::Display) {
        self.key(k);
        let _ = write!(self.out, "{v}");
    }

    fn field_f64(&mut self, k: &str, v: f64) {
        self.key(k);
        serde_json::to_writer(&mut self.out, &v).unwrap_or_default();
    }

    fn strings<'s>(&mut self, k: &str, items: impl ExactSizeIterator<Item = &'s str>) {
        self.key(k);
        self.open(b'[');
        for s in items {
            self.next();
            self.string(s);
        }
        self.close(b']');
    }

    /// A set's documents, their ids copied from `ids` (rendered once).
    fn documents(&mut self, graph: &Graph, set: &DocSet, ids: &RenderedIds) {
        let mut ranks = Vec::new();
        if !graph.doc_ranks(set, &mut ranks) {
            return self.strings("documents", graph.doc_ids(set));
        }
        self.key("documents");
        self.open(b'[');
        self.ranked_ids(&ranks, ids, SPLIT_IDS);
        self.close(b']');
    }

    /// Items of an array: the ids of these ranks; a list of `split` ids or
    /// more (a country named every day: hundreds of thousands) in pieces of
    /// half as many rendered in parallel, else one thread renders it while
    /// the others wait at the end of the window.
    fn ranked_ids(&mut self, ranks: &[u32], ids: &RenderedIds, split: usize) {
        use rayon::prelude::*;
        if ranks.len() < split {
            return self.ids(ranks, ids);
        }
        let (depth, first) = (self.depth, self.first);
        let pieces: Vec<Vec<u8>> = ranks
            .par_chunks((split / 2).max(1))
            .enumerate()
            .map(|(i, piece)| {
                let mut q = Pretty {
                    out: Vec::with_capacity(piece.len() * 128),
                    depth,
                    first: first && i == 0,
                };
                q.ids(piece, ids);
                q.out
            })
            .collect();
        pieces.iter().for_each(|b| self.out.extend_from_slice(b));
        self.first = self.first && ranks.is_empty();
    }

    /// Items of an array: the ids of these ranks.
    fn ids(&mut self, ranks: &[u32], ids: &RenderedIds) {
        for (k, &r) in ranks.iter().enumerate() {
            // fetched ahead: where the renderings end, then what they are
            if let Some(&ahead) = ranks.get(k + 2 * AHEAD) {
                ids.prefetch_end(ahead);
            }
            if let Some(&ahead) = ranks.get(k + AHEAD) {
                ids.prefetch(ahead);
            }
            self.next();
            self.out.extend_from_slice(ids.get(r));
        }
    }
}

/// A list of at least this many document ids is rendered in pieces (see
/// [`Pretty::ranked_ids`]).
const SPLIT_IDS: usize = 1 << 15;

/// A JSON string, as serde_json writes it.
fn json_string(s: &str, out: &mut Vec<u8>) {
    if needs_escape(s.as_bytes()) {
        // serde_json's escapes, exactly
        serde_json::to_writer(&mut *out, s).unwrap_or_default();
    } else {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

/// Whether JSON needs an escape in `s`: a quote, a backslash or a control
/// character (the JSON scanner's search, 16 bytes at a time).
fn needs_escape(s: &[u8]) -> bool {
    crate::graph::find_special(s, 0) < s.len()
}

/// Items rendered at once, in parallel (each group into a buffer of its
/// own, then written in order: the same bytes at any thread count): as many
/// as hold about this many document ids.
const WINDOW_IDS: usize = 1 << 16;

/// A group of items rendered at once (see [`render_windows`]) ends when it
/// holds about this many document ids.
const GROUP_IDS: usize = WINDOW_IDS / 8;

/// How many ids ahead of the one written a node's next ids are fetched.
const AHEAD: usize = 8;

/// Nodes or links rendered one after the other into one buffer.
const ITEMS: usize = 64;

/// Render `items` in windows, in parallel, and write them in order after
/// `p` (inside an array at `p.depth`). A window is written while the next
/// one is rendered. Its items are rendered in groups of `group`, in
/// parallel: `prepare` runs once a group, before its items are rendered,
/// and `render` gets what it made and the item's place in the group.
fn render_windows<T: Sync, C>(
    p: &mut Pretty,
    w: &mut dyn Write,
    items: &[T],
    group: usize,
    weight: impl Fn(&T) -> usize + Sync,
    prepare: impl Fn(&[T]) -> io::Result<C> + Sync,
    render: impl Fn(&mut Pretty, &T, usize, &C) -> io::Result<()> + Sync,
) -> io::Result<()> {
    use rayon::prelude::*;
    let depth = p.depth;
    let render_window = |start: usize, end: usize, first: bool| -> Vec<io::Result<Vec<u8>>> {
        // groups of `group` items, or fewer that weigh GROUP_IDS: a window
        // of a few heavy nodes and many light ones is shared out evenly
        let mut bounds = Vec::new();
        let (mut from, mut ids) = (start, 0);
        for (i, item) in items.iter().enumerate().take(end).skip(start) {
            ids += weight(item) + 1;
            if i + 1 - from == group || ids >= GROUP_IDS || i + 1 == end {
                bounds.push(from..i + 1);
                (from, ids) = (i + 1, 0);
            }
        }
        bounds
            .into_par_iter()
            .map(|range| {
                let members = &items[range.clone()];
                let prepared = prepare(members)?;
                // about 128 bytes of output a unit of weight (an id and its
                // indentation), so the buffer seldom grows
                let size: usize = members.iter().map(|m| weight(m) + 1).sum();
                let mut q = Pretty {
                    out: Vec::with_capacity(size.saturating_mul(128)),
                    depth,
                    first: first && range.start == 0,
                };
                for (i, member) in members.iter().enumerate() {
                    render(&mut q, member, i, &prepared)?;
                }
                Ok(q.out)
            })
            .collect()
    };
    let window_end = |start: usize| {
        let mut end = start;
        let mut ids = 0;
        while end < items.len() && (end == start || ids < WINDOW_IDS) {
            ids += weight(&items[end]) + 1;
            end += 1;
        }
        end
    };
    let first = p.first;
    let mut start = 0;
    let mut end = window_end(start);
    let mut parts = (start < end).then(|| render_window(start, end, first));
    w.write_all(&p.out)?;
    p.out.clear();
    while let Some(done) = parts.take() {
        start = end;
        end = window_end(start);
        let mut written: io::Result<()> = Ok(());
        rayon::in_place_scope(|s| {
            if start < end {
                let next = &mut parts;
                let render_window = &render_window;
                s.spawn(move |_| *next = Some(render_window(start, end, first)));
            }
            written = (|| -> io::Result<()> {
                for part in done {
                    w.write_all(&part?)?;
                }
                Ok(())
            })();
        });
        written?;
    }
    if !items.is_empty() {
        p.first = false;
    }
    Ok(())
}

/// Write the graph as node-link JSON, with the layout's positions and
/// communities when there is one.
pub fn write(graph: &Graph, layout: Option<&Layout>, w: &mut dyn Write) -> io::Result<()> {
    let mut p = Pretty {
        out: Vec::with_capacity(super::BUFFER + (1 << 16)),
        depth: 0,
        first: true,
    };
    p.open(b'{');
    p.field_raw("directed", true);
    p.field_raw("multigraph", true);
    p.key("graph");
    p.open(b'{');
    p.field_str("name", "newsgraph");
    p.field_str(
        "generator",
        concat!("newsgraph ", env!("CARGO_PKG_VERSION")),
    );
    p.field_raw("format", FORMAT);
    if let Some(prov) = graph.provenance() {
        p.field_str("lexicon", &prov.lexicon);
    }
    if let Some(prov) = graph.provenance() {
        let st = &prov.settings;
        p.key("settings");
        p.open(b'{');
        p.field_raw("derived", st.derived);
        p.field_raw("sectors", st.sectors);
        p.field_raw("max_sentence_tokens", st.max_sentence_tokens);
        p.field_raw("max_participants", st.max_participants);
        match st.max_evidence {
            Some(m) => p.field_raw("max_evidence", m),
            None => p.field_raw("max_evidence", "null"),
        }
        p.close(b'}');
    }
    p.key("documents");
    p.open(b'[');
    let docs = graph.document_nums();
    let ids = graph.render_doc_ids(json_string);
    // a document's record weighs about as much as four ids
    render_windows(
        &mut p,
        w,
        &docs,
        // records read from the store a group at a time
        1 << 10,
        |_| 3,
        |group| {
            let mut records = Records::default();
            graph.document_records(group, &mut records)?;
            Ok(records)
        },
        |p, &num, i, records| {
            let ([title, date, url, source, hash], clean) = records.fields(i)?;
            p.next();
            p.open(b'{');
            p.key("id");
            p.out.extend_from_slice(ids.get(graph.doc_rank(num)));
            // fields known to need no escape are copied as they are
            let field = if clean {
                Pretty::field_plain
            } else {
                Pretty::field_opt
            };
            field(p, "title", title);
            field(p, "date", date);
            field(p, "url", url);
            field(p, "source", source);
            field(p, "hash", hash);
            p.close(b'}');
            Ok(())
        },
    )?;
    drop(docs);
    p.close(b']');
    p.key("skipped");
    p.open(b'[');
    for s in graph.skipped() {
        p.next();
        p.open(b'{');
        p.field_str("input", &s.input);
        p.field_str("reason", &s.reason);
        p.close(b'}');
    }
    p.close(b']');
    p.close(b'}');
    p.key("nodes");
    p.open(b'[');
    let nodes = graph.nodes();
    render_windows(
        &mut p,
        w,
        &nodes,
        ITEMS,
        |n| n.documents.len(),
        |_| Ok(()),
        |p, node, _, _| {
            p.next();
            p.open(b'{');
            p.field_str("label", node.label());
            p.field_str("id", &node.id);
            p.field_str("type", node.actor_type.as_str());
            p.key("labels");
            p.open(b'{');
            for (lang, label) in &node.labels {
                p.key_str(lang);
                p.string(label);
            }
            p.close(b'}');
            p.strings("aliases", node.aliases.iter().map(String::as_str));
            p.field_opt("wikidata", node.wikidata.as_deref());
            p.field_opt("iso3", node.iso3.as_deref());
            p.field_opt("cameo", node.cameo.as_deref());
            p.field_opt("sector", node.sector.as_deref());
            p.documents(graph, &node.documents, &ids);
            p.field_raw("mentions", node.mentions);
            let place = layout.and_then(|l| l.place(&node.id));
            if let Some(pos) = place.and_then(|pl| pl.position) {
                p.field_f64("x", round2(pos.0));
                p.field_f64("y", round2(pos.1));
            }
            if let Some(pl) = place {
                p.field_raw("community", pl.community);
            }
            p.close(b'}');
            Ok(())
        },
    )?;
    p.close(b']');
    p.key("links");
    p.open(b'[');
    let edges = graph.edges();
    // an evidence item weighs about as much as four ids
    render_windows(
        &mut p,
        w,
        &edges,
        ITEMS,
        |e| e.documents.len() + 4 * e.evidence.len(),
        |_| Ok(()),
        |p, edge, _, _| {
            p.next();
            p.open(b'{');
            p.field_str("key", &edge.id);
            p.field_str("label", edge.relation.label());
            p.field_str("id", &edge.id);
            p.field_str("source", &edge.source);
            p.field_str("target", &edge.target);
            p.field_str("relation", edge.relation.as_str());
            p.field_raw("weight", edge.weight);
            p.documents(graph, &edge.documents, &ids);
            p.field_opt("first_date", edge.first_date.as_deref());
            p.field_opt("last_date", edge.last_date.as_deref());
            p.key("evidence");
            p.open(b'[');
            for ev in &edge.evidence {
                p.next();
                p.open(b'{');
                p.field_str("document", &ev.document);
                p.field_raw("sentence", ev.sentence);
                p.field_raw("start", ev.start);
                p.field_raw("end", ev.end);
                p.field_raw("trigger_start", ev.trigger_start);
                p.field_raw("trigger_end", ev.trigger_end);
                p.field_str("trigger", &ev.trigger);
                p.field_str("text", &ev.text);
                p.field_opt("date", ev.date.as_deref());
                p.field_opt("source_sector", ev.source_sector.as_deref());
                p.field_opt("target_sector", ev.target_sector.as_deref());
                p.field_opt("rule", ev.rule.as_deref());
                p.close(b'}');
            }
            p.close(b']');
            p.field_raw("derived", edge.derived);
            p.close(b'}');
            Ok(())
        },
    )?;
    p.close(b']');
    p.close(b'}');
    p.out.push(b'\n');
    w.write_all(&p.out)?;
    w.flush()
}

/// Read a node-link graph written by newsgraph. `location` names the source in errors.
/// The input is read whole, then parsed as by [`read_node_link_slice`].
pub fn read_node_link(mut r: impl Read, location: &str, options: GraphOptions) -> Result<Graph> {
    let mut bytes = Vec::new();
    r.read_to_end(&mut bytes)
        .map_err(|e| Error::io(location, e))?;
    read_node_link_slice(&bytes, location, options)
}

/// Read a node-link graph from bytes in memory (`location` names the source in
/// errors). Nodes and links go straight into the graph as they are parsed, with
/// no intermediate lists (links that come before the nodes in the file are held
/// until the nodes are read).
pub fn read_node_link_slice(bytes: &[u8], location: &str, options: GraphOptions) -> Result<Graph> {
    read_into(Graph::new(options), bytes, location)
}

/// Read a node-link graph from bytes into `graph` (empty, with its options).
/// The text is checked as UTF-8 once, then parsed as a string.
pub(crate) fn read_into(mut graph: Graph, bytes: &[u8], location: &str) -> Result<Graph> {
    let text = simdutf8::compat::from_utf8(bytes).map_err(|e| {
        Error::graph(
            format!("{location}: byte {}", e.valid_up_to()),
            "not UTF-8 text",
        )
    })?;
    let mut bad_link = None;
    let mut failed = None;
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = GraphSeed {
        graph: &mut graph,
        bad_link: &mut bad_link,
        links: 0,
        failed: &mut failed,
    }
    .deserialize(&mut de)
    .and_then(|()| de.end());
    if let Some((index, id, why)) = bad_link {
        return Err(Error::graph(
            location,
            format!("link {id:?} (links[{index}]) {why}"),
        ));
    }
    if let Some(e) = failed {
        return Err(e);
    }
    parsed.map_err(|e| {
        Error::graph(
            format!("{location}:{}:{}", e.line(), e.column()),
            e.to_string(),
        )
    })?;
    Ok(graph)
}

/// The top-level keys we read; any other is skipped.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum Key {
    Graph,
    Nodes,
    #[serde(alias = "edges")]
    Links,
    #[serde(other)]
    Other,
}

/// The top-level object, read into `graph`. A link that cannot be added sets
/// `bad_link` to its id and stops the parse; so does a document that cannot be
/// stored, setting `failed`.
struct GraphSeed<'g> {
    graph: &'g mut Graph,
    /// A link that cannot be added: its index, its id, why.
    bad_link: &'g mut Option<(usize, String, &'static str)>,
    /// Links added so far.
    links: usize,
    failed: &'g mut Option<Error>,
}

impl GraphSeed<'_> {
    fn insert<E: de::Error>(&mut self, edge: Edge) -> std::result::Result<(), E> {
        let index = self.links;
        self.links += 1;
        self.graph
            .try_insert_edge(edge)
            .map_err(|(id, missing_end)| {
                let why = if missing_end {
                    "names a node that is not in the graph"
                } else {
                    "repeats a link"
                };
                *self.bad_link = Some((index, id, why));
                E::custom("bad link")
            })
    }
}

impl<'de> DeserializeSeed<'de> for GraphSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for GraphSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a node-link graph (an object)")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> std::result::Result<(), A::Error> {
        let (mut graph_seen, mut nodes_seen, mut links_seen) = (false, false, false);
        // Links that come before the nodes.
        let mut early: Vec<Edge> = Vec::new();
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Graph => {
                    if std::mem::replace(&mut graph_seen, true) {
                        return Err(de::Error::duplicate_field("graph"));
                    }
                    map.next_value_seed(GraphMeta(&mut self))?;
                }
                Key::Nodes => {
                    if std::mem::replace(&mut nodes_seen, true) {
                        return Err(de::Error::duplicate_field("nodes"));
                    }
                    map.next_value_seed(Nodes(&mut *self.graph))?;
                }
                Key::Links => {
                    if std::mem::replace(&mut links_seen, true) {
                        return Err(de::Error::duplicate_field("links"));
                    }
                    if nodes_seen {
                        map.next_value_seed(Links(&mut self))?;
                    } else {
                        early = map.next_value()?;
                    }
                }
                Key::Other => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        if !nodes_seen {
            return Err(de::Error::missing_field("nodes"));
        }
        if !links_seen {
            return Err(de::Error::missing_field("links"));
        }
        for edge in early {
            self.insert(edge)?;
        }
        Ok(())
    }
}

/// The keys of the `graph` object that we read; any other is skipped.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum MetaKey {
    Format,
    Lexicon,
    Settings,
    Documents,
    Skipped,
    #[serde(other)]
    Other,
}

/// The `graph` object: the format version (a newer one stops the parse), the
/// provenance, the documents (each stored as it is read) and the skips.
struct GraphMeta<'s, 'g>(&'s mut GraphSeed<'g>);

impl<'de> DeserializeSeed<'de> for GraphMeta<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for GraphMeta<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the graph's metadata (an object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let (mut lexicon, mut settings) = (None::<String>, None::<Settings>);
        while let Some(key) = map.next_key::<MetaKey>()? {
            match key {
                MetaKey::Format => {
                    let v: u32 = map.next_value()?;
                    if v > FORMAT {
                        return Err(de::Error::custom(format!(
                            "graph.format {v}: written by a newer newsgraph (this one, {}, \
                             reads format {FORMAT} and older)",
                            env!("CARGO_PKG_VERSION")
                        )));
                    }
                }
                MetaKey::Lexicon => lexicon = Some(map.next_value()?),
                MetaKey::Settings => settings = Some(map.next_value()?),
                MetaKey::Documents => map.next_value_seed(Documents(&mut *self.0))?,
                MetaKey::Skipped => {
                    for s in map.next_value::<Vec<Skipped>>()? {
                        self.0.graph.add_skipped(s);
                    }
                }
                MetaKey::Other => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        if let (Some(lexicon), Some(settings)) = (lexicon, settings) {
            self.0
                .graph
                .set_provenance(Some(Provenance { lexicon, settings }));
        }
        Ok(())
    }
}

/// `graph.documents`: each document stored as it is read.
struct Documents<'s, 'g>(&'s mut GraphSeed<'g>);

impl<'de> DeserializeSeed<'de> for Documents<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Documents<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence of documents")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while let Some(meta) = seq.next_element::<DocumentMeta>()? {
            if let Err(e) = self.0.graph.add_document(meta) {
                *self.0.failed = Some(e);
                return Err(de::Error::custom("document not stored"));
            }
        }
        Ok(())
    }
}

/// `nodes`: each node added as it is read.
struct Nodes<'g>(&'g mut Graph);

impl<'de> DeserializeSeed<'de> for Nodes<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Nodes<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while let Some(node) = seq.next_element::<Node>()? {
            self.0.add_node(node);
        }
        Ok(())
    }
}

/// `links`: each link added as it is read.
struct Links<'s, 'g>(&'s mut GraphSeed<'g>);

impl<'de> DeserializeSeed<'de> for Links<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Links<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while let Some(edge) = seq.next_element::<Edge>()? {
            self.0.insert(edge)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NODES: &str =
        r#""nodes": [{"id": "a", "type": "country"}, {"id": "b", "type": "person"}]"#;
    const LINK: &str = r#"{"id": "a--supports--b", "source": "a", "target": "b",
        "relation": "supports", "weight": 1, "documents": [], "evidence": []}"#;

    fn links(items: &[&str]) -> String {
        format!(r#""links": [{}]"#, items.join(", "))
    }

    fn read(json: &str) -> Result<Graph> {
        read_node_link(json.as_bytes(), "g.json", GraphOptions::default())
    }

    /// A long list of ids rendered in pieces in parallel reads as the same
    /// list rendered in one piece, wherever it stands.
    #[test]
    fn ids_rendered_in_pieces_are_the_ids_rendered_whole() {
        let mut g = Graph::new(GraphOptions::default());
        let mut node = Node::new("a", crate::graph::ActorType::Country);
        for i in 0..1000 {
            node.documents.insert(&format!("doc-{:04}", (i * 7) % 1000));
        }
        g.add_node(node);
        let ids = g.render_doc_ids(json_string);
        let mut ranks = Vec::new();
        assert!(g.doc_ranks(&g.nodes()[0].documents, &mut ranks));
        assert_eq!(ranks.len(), 1000);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        for len in [0, 1, 2, 3, 10, 999, 1000] {
            for first in [true, false] {
                let pretty = || Pretty {
                    out: Vec::new(),
                    depth: 3,
                    first,
                };
                let mut whole = pretty();
                whole.ranked_ids(&ranks[..len], &ids, usize::MAX);
                for split in [1, 2, 3, 64] {
                    let mut pieces = pretty();
                    pool.install(|| pieces.ranked_ids(&ranks[..len], &ids, split));
                    assert_eq!(
                        String::from_utf8_lossy(&pieces.out),
                        String::from_utf8_lossy(&whole.out),
                        "{len} ids, first {first}, split at {split}"
                    );
                    assert_eq!(pieces.first, whole.first);
                }
            }
        }
    }

    /// Windows of a few heavy nodes among light ones are shared out in
    /// groups by weight: the same bytes at any thread count, every node
    /// with its documents.
    #[test]
    fn heavy_and_light_nodes_write_the_same_at_any_thread_count() {
        let mut g = Graph::new(GraphOptions::default());
        let sizes: Vec<usize> = (0..40).map(|i| [1, 3, 9000, 20, 40_000][i % 5]).collect();
        for (i, &n) in sizes.iter().enumerate() {
            let mut node = Node::new(format!("n{i:02}"), crate::graph::ActorType::Person);
            // in id order (quick to insert), each node's own stretch of ids
            for d in 0..n {
                node.documents.insert(&format!("d{:05}", d + i));
            }
            g.add_node(node);
        }
        let written = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mut out = Vec::new();
            pool.install(|| write(&g, None, &mut out)).unwrap();
            out
        };
        let one = written(1);
        assert!(one == written(3) && one == written(4));
        let v: serde_json::Value = serde_json::from_slice(&one).unwrap();
        let nodes = v["nodes"].as_array().unwrap();
        for (node, &n) in nodes.iter().zip(&sizes) {
            let docs = node["documents"].as_array().unwrap();
            assert_eq!(docs.len(), n, "{}", node["id"]);
            assert!(docs.windows(2).all(|w| w[0].as_str() < w[1].as_str()));
        }
    }

    #[test]
    fn keys_in_any_order_and_unknown_keys() {
        let l = links(&[LINK]);
        let g = read(&format!(
            r#"{{"x": [1, {{}}], {l}, "graph": {{}}, {NODES}}}"#
        ))
        .unwrap();
        assert_eq!((g.node_count(), g.edge_count()), (2, 1));
        let e = l.replace("links", "edges");
        let g = read(&format!("{{{NODES}, {e}}}")).unwrap();
        assert_eq!(g.edge_count(), 1);
    }

    #[test]
    fn bad_links_and_bad_json_name_the_file() {
        let missing = LINK.replace(r#""target": "b""#, r#""target": "zz""#);
        let missing = links(&[&missing]);
        let twice = links(&[LINK, LINK]);
        for json in [
            format!("{{{NODES}, {missing}}}"),
            format!("{{{missing}, {NODES}}}"),
            format!("{{{NODES}, {twice}}}"),
            format!("{{{twice}, {NODES}}}"),
        ] {
            let e = read(&json).unwrap_err().to_string();
            assert!(
                e.starts_with("g.json: not a node-link graph: link \"a--supports--b\""),
                "{e}"
            );
        }
        let l = links(&[LINK]);
        for (json, want) in [
            (format!("{{{NODES}}}"), "missing field `links`"),
            (format!("{{{l}}}"), "missing field `nodes`"),
            (
                format!("{{{NODES}, {NODES}, {l}}}"),
                "duplicate field `nodes`",
            ),
            (format!("{{{NODES}, {l}}} x"), "trailing characters"),
            (format!("{{{NODES}, {l}"), "EOF while parsing"),
            ("[]".to_string(), "invalid type: sequence"),
        ] {
            let e = read(&json).unwrap_err().to_string();
            assert!(e.starts_with("g.json:"), "{e}");
            assert!(e.contains(want), "{e}");
        }
    }
}

#[cfg(test)]
mod writer_tests {
    use super::needs_escape;

    #[test]
    fn strings_are_escaped_when_serde_json_would() {
        let mut cases: Vec<String> = (0u8..=0x7f).map(|b| char::from(b).to_string()).collect();
        cases.extend(
            [
                "",
                "مصر",
                "a\u{7f}b",
                "x\u{2028}",
                "long text without escapes, 16+ bytes",
                "0123456789abcdef\"",
                "0123456789abcdef0123\\",
            ]
            .map(String::from),
        );
        for s in cases {
            let plain = format!("\"{s}\"");
            let serde = serde_json::to_string(&s).unwrap();
            assert_eq!(needs_escape(s.as_bytes()), serde != plain, "{s:?}");
        }
    }
}
