//! The fast path of the node-link reader: a hand-written scanner for the JSON
//! that newsgraph writes, building nodes and links straight from the input.
//!
//! It accepts a subset of what the serde reader in [`super::nodelink`] accepts
//! and, on what it accepts, builds exactly the same graph: the known fields of
//! nodes, links and evidence, unknown fields skipped (after checking that they
//! are valid JSON), `null` for the optional fields. Anything else (a duplicate
//! field, a number that is not a plain `u64`, an unknown escape, `links` before
//! `nodes`, malformed JSON) makes it give up with [`Stop::GiveUp`], and the
//! caller reads the input again with serde, which then gives the usual result
//! or error message. A link that names a missing node, or repeats one, is the
//! same error on both paths, so it is returned at once as [`Stop::BadLink`].
//!
//! Why it is faster: the whole input is checked as UTF-8 once (not string by
//! string), strings without escapes are sliced out of the input, keys are never
//! copied, document ids are shared as they are read, and evidence lists get
//! their exact size.

use crate::graph::{ActorType, DocId, Edge, Evidence, Graph, Node, Relation};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::str::FromStr;

/// Why the scan stopped.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Stop {
    /// Not read by the fast path: read the input again with serde.
    GiveUp,
    /// A link names a missing node or repeats a link (its id).
    BadLink(String),
}

type Scan<T> = Result<T, Stop>;

/// Nesting allowed inside skipped values (serde_json stops at 128 levels).
const MAX_DEPTH: usize = 100;

/// Read `text` into `graph`.
pub(crate) fn read(text: &str, graph: &mut Graph) -> Scan<()> {
    let mut s = Scanner {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        docs: HashSet::new(),
        last_doc: None,
        evidence: Vec::new(),
    };
    s.top(graph)?;
    s.ws();
    if s.pos == s.bytes.len() {
        Ok(())
    } else {
        Err(Stop::GiveUp)
    }
}

/// Bytes that end the plain run of a string: the closing quote, a backslash,
/// and the control characters JSON does not allow in strings.
static STRING_STOP: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// Eight bytes as a little-endian word (byte `k` in bits `8k..8k+8`).
fn word(chunk: &[u8]) -> u64 {
    let mut w = [0; 8];
    w.copy_from_slice(chunk);
    u64::from_le_bytes(w)
}

const SPACES: u64 = u64::from_le_bytes([b' '; 8]);
const ONES: u64 = u64::from_le_bytes([1; 8]);
const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);

/// The high bit of each byte of `w` that is below `n` (`n` <= 128); bytes
/// above the lowest such byte may be marked wrongly, the lowest one never is.
fn bytes_below(w: u64, n: u8) -> u64 {
    w.wrapping_sub(ONES * u64::from(n)) & !w & HIGHS
}

/// Marks (see [`bytes_below`]) for the bytes of `w` in [`STRING_STOP`].
fn string_stops(w: u64) -> u64 {
    let quote = bytes_below(w ^ (ONES * u64::from(b'"')), 1);
    let backslash = bytes_below(w ^ (ONES * u64::from(b'\\')), 1);
    quote | backslash | bytes_below(w, 0x20)
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Document ids read so far, so that every list shares one copy.
    docs: HashSet<DocId>,
    /// The document id read last (lists of one document are common).
    last_doc: Option<DocId>,
    /// Scratch list for a link's evidence (the edge gets an exact-size copy).
    evidence: Vec<Evidence>,
}

/// Give up unless `cond`.
fn ensure(cond: bool) -> Scan<()> {
    if cond { Ok(()) } else { Err(Stop::GiveUp) }
}

/// Mark a field as seen; a second time gives up (serde reports duplicates).
fn once(seen: &mut u32, bit: u32) -> Scan<()> {
    ensure(*seen & bit == 0)?;
    *seen |= bit;
    Ok(())
}

impl<'a> Scanner<'a> {
    fn ws(&mut self) {
        let b = self.bytes;
        let mut i = self.pos;
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = b.get(i) {
            i += 1;
            // indentation: eight spaces at a time
            while let Some(chunk) = b.get(i..i + 8) {
                if word(chunk) != SPACES {
                    break;
                }
                i += 8;
            }
        }
        self.pos = i;
    }

    /// The next byte after whitespace (not consumed).
    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.bytes.get(self.pos).copied()
    }

    /// Consume `c` after whitespace.
    fn eat(&mut self, c: u8) -> Scan<()> {
        ensure(self.peek() == Some(c))?;
        self.pos += 1;
        Ok(())
    }

    /// A string, borrowed from the input when it has no escapes.
    fn string(&mut self) -> Scan<Cow<'a, str>> {
        self.eat(b'"')?;
        let start = self.pos;
        let mut i = start;
        // eight bytes at a time up to the first that may end the plain run
        while let Some(chunk) = self.bytes.get(i..i + 8) {
            let stops = string_stops(word(chunk));
            if stops != 0 {
                i += (stops.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        while let Some(&c) = self.bytes.get(i) {
            if STRING_STOP[usize::from(c)] {
                break;
            }
            i += 1;
        }
        match self.bytes.get(i) {
            Some(b'"') => {
                self.pos = i + 1;
                // `start` follows a quote and `i` is one: both are char boundaries
                Ok(Cow::Borrowed(&self.text[start..i]))
            }
            Some(b'\\') => self.escaped(start, i).map(Cow::Owned),
            _ => Err(Stop::GiveUp),
        }
    }

    /// The rest of a string with escapes: `text[start..i]` is plain, `i` is a
    /// backslash.
    fn escaped(&mut self, start: usize, mut i: usize) -> Scan<String> {
        let mut out = String::with_capacity(i - start + 16);
        let mut run = start;
        loop {
            let c = *self.bytes.get(i).ok_or(Stop::GiveUp)?;
            if c == b'"' {
                out.push_str(&self.text[run..i]);
                self.pos = i + 1;
                return Ok(out);
            }
            if c < 0x20 {
                return Err(Stop::GiveUp);
            }
            if c != b'\\' {
                i += 1;
                continue;
            }
            out.push_str(&self.text[run..i]);
            let e = *self.bytes.get(i + 1).ok_or(Stop::GiveUp)?;
            i += 2;
            match e {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => {
                    let hi = self.hex4(i)?;
                    i += 4;
                    let code = if (0xD800..0xDC00).contains(&hi) {
                        ensure(self.bytes.get(i..i + 2) == Some(b"\\u"))?;
                        let lo = self.hex4(i + 2)?;
                        ensure((0xDC00..0xE000).contains(&lo))?;
                        i += 6;
                        0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                    } else {
                        hi
                    };
                    out.push(char::from_u32(code).ok_or(Stop::GiveUp)?);
                }
                _ => return Err(Stop::GiveUp),
            }
            run = i;
        }
    }

    /// Four hex digits at `i`.
    fn hex4(&self, i: usize) -> Scan<u32> {
        let digits = self.bytes.get(i..i + 4).ok_or(Stop::GiveUp)?;
        let mut n = 0;
        for &d in digits {
            n = n * 16 + char::from(d).to_digit(16).ok_or(Stop::GiveUp)?;
        }
        Ok(n)
    }

    fn owned(&mut self) -> Scan<String> {
        self.string().map(Cow::into_owned)
    }

    /// A string, or `null` for `None`.
    fn optional(&mut self) -> Scan<Option<String>> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            Ok(None)
        } else {
            self.owned().map(Some)
        }
    }

    fn literal(&mut self, word: &[u8]) -> Scan<()> {
        self.ws();
        ensure(self.bytes[self.pos..].starts_with(word))?;
        self.pos += word.len();
        Ok(())
    }

    fn boolean(&mut self) -> Scan<bool> {
        match self.peek() {
            Some(b't') => self.literal(b"true").map(|()| true),
            Some(b'f') => self.literal(b"false").map(|()| false),
            _ => Err(Stop::GiveUp),
        }
    }

    /// A plain non-negative integer (no sign, fraction, exponent or leading zero).
    fn uint(&mut self) -> Scan<u64> {
        self.ws();
        let start = self.pos;
        let mut n: u64 = 0;
        while let Some(&c) = self.bytes.get(self.pos) {
            if !c.is_ascii_digit() {
                break;
            }
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(u64::from(c - b'0')))
                .ok_or(Stop::GiveUp)?;
            self.pos += 1;
        }
        let len = self.pos - start;
        ensure(len == 1 || (len > 1 && self.bytes[start] != b'0'))?;
        // a fraction or an exponent makes it a float, which serde refuses
        ensure(!matches!(
            self.bytes.get(self.pos),
            Some(b'.' | b'e' | b'E')
        ))?;
        Ok(n)
    }

    fn usize(&mut self) -> Scan<usize> {
        usize::try_from(self.uint()?).map_err(|_| Stop::GiveUp)
    }

    /// `{ "key": value, ... }`: `f` reads each value.
    fn object(&mut self, mut f: impl FnMut(&mut Self, &str) -> Scan<()>) -> Scan<()> {
        self.eat(b'{')?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            let key = self.string()?;
            self.eat(b':')?;
            f(self, &key)?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(Stop::GiveUp),
            }
        }
    }

    /// `[ item, ... ]`: `f` reads each item.
    fn array(&mut self, mut f: impl FnMut(&mut Self) -> Scan<()>) -> Scan<()> {
        self.eat(b'[')?;
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            f(self)?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(Stop::GiveUp),
            }
        }
    }

    /// Skip any JSON value, checking it.
    fn skip(&mut self, depth: usize) -> Scan<()> {
        ensure(depth < MAX_DEPTH)?;
        match self.peek().ok_or(Stop::GiveUp)? {
            b'"' => self.string().map(drop),
            b'{' => self.object(|s, _| s.skip(depth + 1)),
            b'[' => self.array(|s| s.skip(depth + 1)),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            _ => self.number(),
        }
    }

    /// Skip a JSON number, checking its grammar.
    fn number(&mut self) -> Scan<()> {
        let b = self.bytes;
        let digits = |s: &mut Self| {
            let start = s.pos;
            while b.get(s.pos).is_some_and(u8::is_ascii_digit) {
                s.pos += 1;
            }
            s.pos - start
        };
        if b.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let first = b.get(self.pos).copied();
        let n = digits(self);
        ensure(n == 1 || (n > 1 && first != Some(b'0')))?;
        if b.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            ensure(digits(self) > 0)?;
        }
        if let Some(b'e' | b'E') = b.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = b.get(self.pos) {
                self.pos += 1;
            }
            ensure(digits(self) > 0)?;
        }
        Ok(())
    }

    /// The top-level object.
    fn top(&mut self, graph: &mut Graph) -> Scan<()> {
        let mut seen = 0;
        self.object(|s, key| match key {
            "graph" => {
                once(&mut seen, 1)?;
                s.graph_meta(graph)
            }
            "nodes" => {
                once(&mut seen, 2)?;
                s.array(|s| {
                    let node = s.node()?;
                    graph.add_node(node);
                    Ok(())
                })
            }
            "links" | "edges" => {
                // links before the nodes: left to the serde path
                ensure(seen & 2 != 0)?;
                once(&mut seen, 4)?;
                s.array(|s| {
                    let edge = s.edge()?;
                    graph.try_insert_edge(edge).map_err(Stop::BadLink)
                })
            }
            _ => s.skip(0),
        })?;
        ensure(seen & 6 == 6)
    }

    /// The `graph` object (documents and skipped inputs, small): its extent is
    /// found here and it is read with serde.
    fn graph_meta(&mut self, graph: &mut Graph) -> Scan<()> {
        self.ws();
        let start = self.pos;
        self.skip(0)?;
        let meta: super::nodelink::GraphIn =
            serde_json::from_str(&self.text[start..self.pos]).map_err(|_| Stop::GiveUp)?;
        for doc in meta.documents {
            graph.add_document(doc);
        }
        for s in meta.skipped {
            graph.add_skipped(s);
        }
        Ok(())
    }

    /// A document id, shared with every earlier list that names it.
    fn doc_id(&mut self) -> Scan<DocId> {
        let id = self.string()?;
        if let Some(d) = self.last_doc.as_ref().filter(|d| ***d == *id) {
            return Ok(d.clone());
        }
        let d = match self.docs.get(&*id) {
            Some(d) => d.clone(),
            None => {
                let d: DocId = id.as_ref().into();
                self.docs.insert(d.clone());
                d
            }
        };
        self.last_doc = Some(d.clone());
        Ok(d)
    }

    fn documents(&mut self) -> Scan<BTreeSet<DocId>> {
        let mut docs = BTreeSet::new();
        self.array(|s| {
            docs.insert(s.doc_id()?);
            Ok(())
        })?;
        Ok(docs)
    }

    fn node(&mut self) -> Scan<Node> {
        let mut seen = 0;
        let (mut id, mut actor_type) = (None, None);
        let mut node = Node::new(String::new(), ActorType::Person);
        self.object(|s, key| {
            match key {
                "id" => {
                    once(&mut seen, 1)?;
                    id = Some(s.owned()?);
                }
                "type" => {
                    once(&mut seen, 2)?;
                    let t = s.string()?;
                    actor_type = Some(ActorType::from_str(&t).map_err(|_| Stop::GiveUp)?);
                }
                "labels" => {
                    once(&mut seen, 4)?;
                    let mut labels = BTreeMap::new();
                    s.object(|s, lang| {
                        labels.insert(lang.to_string(), s.owned()?);
                        Ok(())
                    })?;
                    node.labels = labels;
                }
                "aliases" => {
                    once(&mut seen, 8)?;
                    s.array(|s| {
                        node.aliases.insert(s.owned()?);
                        Ok(())
                    })?;
                }
                "wikidata" => {
                    once(&mut seen, 16)?;
                    node.wikidata = s.optional()?;
                }
                "iso3" => {
                    once(&mut seen, 32)?;
                    node.iso3 = s.optional()?;
                }
                "cameo" => {
                    once(&mut seen, 64)?;
                    node.cameo = s.optional()?;
                }
                "documents" => {
                    once(&mut seen, 128)?;
                    node.documents = s.documents()?;
                }
                "mentions" => {
                    once(&mut seen, 256)?;
                    node.mentions = s.uint()?;
                }
                _ => s.skip(0)?,
            }
            Ok(())
        })?;
        node.id = id.ok_or(Stop::GiveUp)?;
        node.actor_type = actor_type.ok_or(Stop::GiveUp)?;
        Ok(node)
    }

    fn edge(&mut self) -> Scan<Edge> {
        let mut seen = 0;
        let (mut id, mut source, mut target) = (None, None, None);
        let (mut relation, mut weight, mut documents) = (None, None, None);
        let (mut first_date, mut last_date, mut derived) = (None, None, false);
        let mut evidence = None;
        self.object(|s, key| {
            match key {
                "id" => {
                    once(&mut seen, 1)?;
                    id = Some(s.owned()?);
                }
                "source" => {
                    once(&mut seen, 2)?;
                    source = Some(s.owned()?);
                }
                "target" => {
                    once(&mut seen, 4)?;
                    target = Some(s.owned()?);
                }
                "relation" => {
                    once(&mut seen, 8)?;
                    let r = s.string()?;
                    relation = Some(Relation::from_str(&r).map_err(|_| Stop::GiveUp)?);
                }
                "weight" => {
                    once(&mut seen, 16)?;
                    weight = Some(s.uint()?);
                }
                "documents" => {
                    once(&mut seen, 32)?;
                    documents = Some(s.documents()?);
                }
                "first_date" => {
                    once(&mut seen, 64)?;
                    first_date = s.optional()?;
                }
                "last_date" => {
                    once(&mut seen, 128)?;
                    last_date = s.optional()?;
                }
                "evidence" => {
                    once(&mut seen, 256)?;
                    let mut items = std::mem::take(&mut s.evidence);
                    items.clear();
                    let read = s.array(|s| {
                        items.push(s.evidence()?);
                        Ok(())
                    });
                    // an exact-size list; `items` keeps its buffer for the next link
                    let mut exact = Vec::with_capacity(items.len());
                    exact.append(&mut items);
                    evidence = Some(exact);
                    s.evidence = items;
                    read?;
                }
                "derived" => {
                    once(&mut seen, 512)?;
                    derived = s.boolean()?;
                }
                _ => s.skip(0)?,
            }
            Ok(())
        })?;
        Ok(Edge {
            id: id.ok_or(Stop::GiveUp)?,
            source: source.ok_or(Stop::GiveUp)?,
            target: target.ok_or(Stop::GiveUp)?,
            relation: relation.ok_or(Stop::GiveUp)?,
            weight: weight.ok_or(Stop::GiveUp)?,
            documents: documents.ok_or(Stop::GiveUp)?,
            first_date,
            last_date,
            evidence: evidence.ok_or(Stop::GiveUp)?,
            derived,
        })
    }

    fn evidence(&mut self) -> Scan<Evidence> {
        let mut seen = 0;
        let (mut document, mut trigger, mut text, mut date) = (None, None, None, None);
        let mut numbers = [None; 5];
        self.object(|s, key| {
            let slot = match key {
                "sentence" => 0,
                "start" => 1,
                "end" => 2,
                "trigger_start" => 3,
                "trigger_end" => 4,
                "document" => {
                    once(&mut seen, 1 << 5)?;
                    document = Some(s.owned()?);
                    return Ok(());
                }
                "trigger" => {
                    once(&mut seen, 1 << 6)?;
                    trigger = Some(s.owned()?);
                    return Ok(());
                }
                "text" => {
                    once(&mut seen, 1 << 7)?;
                    text = Some(s.owned()?);
                    return Ok(());
                }
                "date" => {
                    once(&mut seen, 1 << 8)?;
                    date = s.optional()?;
                    return Ok(());
                }
                _ => return s.skip(0),
            };
            once(&mut seen, 1 << slot)?;
            numbers[slot] = Some(s.usize()?);
            Ok(())
        })?;
        let [sentence, start, end, trigger_start, trigger_end] = numbers;
        Ok(Evidence {
            document: document.ok_or(Stop::GiveUp)?,
            sentence: sentence.ok_or(Stop::GiveUp)?,
            start: start.ok_or(Stop::GiveUp)?,
            end: end.ok_or(Stop::GiveUp)?,
            trigger_start: trigger_start.ok_or(Stop::GiveUp)?,
            trigger_end: trigger_end.ok_or(Stop::GiveUp)?,
            trigger: trigger.ok_or(Stop::GiveUp)?,
            text: text.ok_or(Stop::GiveUp)?,
            date,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::GraphOptions;

    fn scan(json: &str) -> Scan<Graph> {
        let mut g = Graph::new(GraphOptions::default());
        read(json, &mut g).map(|()| g)
    }

    const NODES: &str = r#""nodes": [{"id": "a", "type": "country", "documents": ["d"]},
        {"label": "x", "id": "b", "type": "person", "labels": {"ar": "ب\"\u0628\ud83d\ude00"},
         "wikidata": null, "mentions": 3}]"#;
    const LINK: &str = r#"{"key": "k", "id": "a--supports--b", "source": "a", "target": "b",
        "relation": "supports", "weight": 1, "documents": ["d"], "first_date": null,
        "evidence": [{"document": "d", "sentence": 0, "start": 0, "end": 2,
        "trigger_start": 0, "trigger_end": 1, "trigger": "t", "text": "x", "extra": [1.5e3, {}]}],
        "derived": false}"#;

    #[test]
    fn word_marks_find_the_first_stop() {
        let first = |s: &[u8]| (string_stops(word(s)).trailing_zeros() / 8) as usize;
        assert_eq!(first(b"abcdefgh"), 8);
        assert_eq!(first(b"ab\"cdefg"), 2);
        assert_eq!(first(b"abcdefg\\"), 7);
        assert_eq!(first(b"\x01bcdefgh"), 0);
        assert_eq!(first(b"\xd8\xb4\x1f\"\xd8\xb4 !"), 2);
        assert_eq!(first(b" !#[]\x7f\x80\xff"), 8);
        for b in 0..=255u8 {
            let mut w = *b"xxxxxxxx";
            w[5] = b;
            let want = if STRING_STOP[usize::from(b)] { 5 } else { 8 };
            assert_eq!(first(&w), want, "{b}");
        }
    }

    #[test]
    fn reads_what_serde_reads() {
        let back = LINK.replace("a--supports--b", "b--supports--a").replace(
            r#""source": "a", "target": "b""#,
            r#""source": "b", "target": "a""#,
        );
        let g = scan(&format!(
            r#"{{"directed": true, "graph": {{"documents": [{{"id": "d"}}]}}, {NODES}, "links": [{LINK}, {back}]}}"#
        ))
        .unwrap();
        assert_eq!((g.node_count(), g.edge_count()), (2, 2));
        let b = g.node("b").unwrap();
        assert_eq!(b.labels["ar"], "ب\"\u{628}\u{1F600}");
        assert_eq!(b.mentions, 3);
        let (e, f) = (g.edges()[0], g.edges()[1]);
        assert_eq!(e.evidence.len(), 1);
        assert_eq!(e.evidence.capacity(), 1);
        // the links share one copy of each document id
        let (d1, d2) = (e.documents.first(), f.documents.first());
        assert!(DocId::ptr_eq(d1.unwrap(), d2.unwrap()));
    }

    #[test]
    fn gives_up_on_what_it_does_not_read() {
        let link = |from: &str, to: &str| LINK.replacen(from, to, 1);
        for bad in [
            format!(r#"{{"links": [{LINK}], {NODES}}}"#),
            format!(
                r#"{{{NODES}, "links": [{}]}}"#,
                link("\"weight\": 1", "\"weight\": 1.0")
            ),
            format!(
                r#"{{{NODES}, "links": [{}]}}"#,
                link("\"weight\": 1", "\"weight\": 01")
            ),
            format!(
                r#"{{{NODES}, "links": [{}]}}"#,
                link("\"id\"", "\"source\": \"a\", \"id\"")
            ),
            format!(
                r#"{{{NODES}, "links": [{}]}}"#,
                link("\"text\": \"x\"", "\"text\": \"\\x\"")
            ),
            format!(
                r#"{{{NODES}, "links": [{}]}}"#,
                link("\"text\": \"x\"", "\"text\": \"\\ud800\"")
            ),
            format!(
                r#"{{{NODES}, "links": [{}]}}"#,
                link("\"derived\": false", "\"derived\": null")
            ),
            format!(r#"{{{NODES}, "links": [{LINK}]}} x"#),
            format!(r#"{{{NODES}}}"#),
            format!(r#"{{{NODES}, "links": [{LINK}]"#),
        ] {
            assert_eq!(scan(&bad).err(), Some(Stop::GiveUp), "{bad}");
        }
        let missing = link("\"target\": \"b\"", "\"target\": \"zz\"");
        assert_eq!(
            scan(&format!(r#"{{{NODES}, "links": [{missing}]}}"#)).err(),
            Some(Stop::BadLink("a--supports--b".into()))
        );
    }
}
