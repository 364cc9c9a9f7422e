//! The documents of a graph: every document id once, numbered in the order it
//! is first seen, and the metadata of the documents read, kept in a temporary
//! file rather than in memory.
//!
//! In memory, per document: its id (in one string of all ids, with the end
//! offsets), a slot of the hash index that finds an id's number, and where its
//! metadata lies in the file: about 20 bytes besides the id. The metadata
//! (title, date, url, source) is appended to an anonymous temporary file in
//! `std::env::temp_dir()` (deleted by the system when the process ends,
//! whatever the way) as it arrives, and read back with positioned reads, in id
//! order, when an output lists the documents. The file is not mapped: mapped
//! pages would count in the process's resident memory.

use super::model::{DocNum, DocSet, DocumentMeta, GraphTag};
use super::prefetch;
use crate::error::{Error, Result};
use foldhash::fast::{FixedState, RandomState};
use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use std::fs::File;
use std::hash::BuildHasher;
use std::io;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// `meta_at` of a document without metadata (an id only named by a node or
/// an edge).
const NO_META: u64 = u64::MAX;

/// Bytes of metadata gathered in memory before they are written to the file.
const FLUSH_AT: usize = 1 << 16;

/// Bytes read at once from the file for a record (most are shorter).
const READ_AHEAD: u64 = 1024;

/// [`DocStore::records`] reads across gaps of up to this many bytes
/// between the records it wants, and at most this many bytes at once.
const GAP: u64 = 4096;
const STRETCH: u64 = 1 << 20;

/// Records read by [`DocStore::records`]: for each document asked for, the
/// bytes of its record after its length, checked as UTF-8 once for all of
/// them (the records' numbers are ASCII, see [`put_varint`], so a run of
/// whole records is UTF-8 when their fields are).
#[derive(Debug, Default)]
pub(crate) struct Records {
    text: String,
    spans: Vec<std::ops::Range<usize>>,
}

/// A record's fields (title, date, url, source, hash) and whether none of
/// them needs an escape in a JSON string.
pub(crate) type Fields<'a> = ([Option<&'a str>; 5], bool);

impl Records {
    /// The fields of the `i`th document asked for.
    pub(crate) fn fields(&self, i: usize) -> io::Result<Fields<'_>> {
        let span = self.spans.get(i).cloned().unwrap_or(0..0);
        self.text
            .get(span)
            .and_then(decode_str)
            .ok_or_else(damaged)
            .map_err(read_error)
    }
}

fn damaged() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "damaged record")
}

/// The document ids of a graph and the metadata of its documents.
#[derive(Debug)]
pub(crate) struct DocStore {
    /// The tag of the sets this store numbers.
    tag: GraphTag,
    /// Every id.
    ids: Arena,
    /// Document numbers, by the hash of their id.
    index: HashTable<DocNum>,
    /// Each id's hash, so that the index grows without reading and hashing
    /// every id again (8 bytes a document).
    hashes: Vec<u64>,
    hasher: FixedState,
    /// The number given last (most lookups ask for it again).
    last: Option<DocNum>,
    /// Where each document's metadata record starts in the file (`NO_META`:
    /// it has none).
    meta_at: Vec<u64>,
    /// Each record's length in bytes, its own length's included (0: not
    /// known), so that one read of exactly that many bytes fetches it.
    meta_len: Vec<u32>,
    /// Number of documents with metadata.
    with_meta: usize,
    /// The file, created with the first document.
    spill: Option<Spill>,
    /// Keep every record in memory, with no file (a small graph that lives
    /// briefly: an input of `merge`).
    in_memory: bool,
    /// The numbers in id order, computed when first asked for after a change.
    sorted: OnceLock<Sorted>,
}

/// Strings one after the other, numbered.
#[derive(Debug, Default)]
struct Arena {
    text: String,
    /// Where each string ends in `text`, less the multiples of 2^32 that
    /// `wraps` counts.
    ends: Vec<u32>,
    /// The numbers of the strings from which `text` is 2^32 bytes longer
    /// (empty below 4 GiB of ids), once per 2^32.
    wraps: Vec<DocNum>,
}

impl Arena {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn end(&self, n: usize) -> usize {
        let high = self.wraps.partition_point(|&w| w as usize <= n) as u64;
        ((high << 32) | u64::from(self.ends[n])) as usize
    }

    fn get(&self, num: DocNum) -> &str {
        let n = num as usize;
        let start = if n == 0 { 0 } else { self.end(n - 1) };
        &self.text[start..self.end(n)]
    }

    /// Where each string ends, in order ([`Arena::end`] of each, in one
    /// walk).
    fn all_ends(&self) -> impl Iterator<Item = usize> {
        let (mut high, mut wrap) = (0u64, 0usize);
        self.ends.iter().enumerate().map(move |(n, &end)| {
            while self.wraps.get(wrap).is_some_and(|&w| w as usize <= n) {
                wrap += 1;
                high += 1;
            }
            ((high << 32) | u64::from(end)) as usize
        })
    }

    /// Every string's bytes, in order: one walk along the text, where
    /// [`Arena::get`] of each would look its ends up (and check that they
    /// fall between characters, reading the text at random).
    fn all_bytes(&self) -> impl Iterator<Item = &[u8]> {
        let text = self.text.as_bytes();
        let mut start = 0;
        self.all_ends().map(move |end| {
            let s = &text[start..end];
            start = end;
            s
        })
    }

    fn push(&mut self, s: &str) {
        let before = self.text.len() as u64 >> 32;
        self.text.push_str(s);
        let after = self.text.len() as u64;
        for _ in before..after >> 32 {
            self.wraps.push(self.ends.len() as DocNum);
        }
        self.ends.push(after as u32);
    }
}

/// The temporary file of the metadata.
#[derive(Debug)]
struct Spill {
    /// None when the store keeps its records in memory.
    file: Option<File>,
    /// Bytes written to the file; the records after them wait in `pending`.
    flushed: u64,
    pending: Vec<u8>,
}

/// The document numbers in id order, and each number's place in that order.
#[derive(Debug)]
struct Sorted {
    order: Vec<DocNum>,
    rank: Vec<DocNum>,
}

/// The hasher of document ids: one seed for the process, chosen at random,
/// so that a hash computed beside (by `merge`'s parsing threads) is the one
/// every store uses.
pub(crate) fn id_hasher() -> FixedState {
    static SEED: OnceLock<u64> = OnceLock::new();
    FixedState::with_seed(*SEED.get_or_init(|| RandomState::default().hash_one(0u64)))
}

/// The directory of the temporary file, for messages.
fn spill_dir() -> PathBuf {
    std::env::temp_dir()
}

/// An error of the temporary file, as an I/O error whose message names it
/// (exporters report I/O errors).
fn read_error(e: io::Error) -> io::Error {
    io::Error::new(
        e.kind(),
        format!(
            "reading the temporary document store in {}: {e}",
            spill_dir().display()
        ),
    )
}

impl Default for DocStore {
    fn default() -> DocStore {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        DocStore {
            tag: NEXT.fetch_add(1, Ordering::Relaxed),
            ids: Arena::default(),
            index: HashTable::default(),
            hashes: Vec::new(),
            hasher: id_hasher(),
            last: None,
            meta_at: Vec::new(),
            meta_len: Vec::new(),
            with_meta: 0,
            spill: None,
            in_memory: false,
            sorted: OnceLock::new(),
        }
    }
}

impl DocStore {
    /// The id of a document number.
    pub(crate) fn id(&self, num: DocNum) -> &str {
        self.ids.get(num)
    }

    /// The number of an id, given one when the id is new.
    ///
    /// # Panics
    /// When there are already `DocNum::MAX` ids (the graph's limit).
    pub(crate) fn intern(&mut self, id: &str) -> DocNum {
        match self.try_intern(id) {
            Some(num) => num,
            None => panic!("{}", Error::too_many_documents(DocNum::MAX)),
        }
    }

    /// The number of an id, given one when the id is new; none when there are
    /// already `DocNum::MAX` ids.
    fn try_intern(&mut self, id: &str) -> Option<DocNum> {
        if let Some(last) = self.last
            && self.id(last) == id
        {
            return Some(last);
        }
        let (ids, hashes) = (&mut self.ids, &mut self.hashes);
        let hash = self.hasher.hash_one(id);
        let num = match self
            .index
            .entry(hash, |&n| ids.get(n) == id, |&n| hashes[n as usize])
        {
            Entry::Occupied(e) => *e.get(),
            Entry::Vacant(slot) => {
                let num = DocNum::try_from(ids.len())
                    .ok()
                    .filter(|&n| n < DocNum::MAX)?;
                ids.push(id);
                hashes.push(hash);
                slot.insert(num);
                self.meta_at.push(NO_META);
                self.meta_len.push(0);
                self.sorted = OnceLock::new();
                num
            }
        };
        self.last = Some(num);
        Some(num)
    }

    /// The number of an id already numbered, its hash by [`id_hasher`]
    /// given.
    pub(crate) fn find_hashed(&self, id: &str, hash: u64) -> Option<DocNum> {
        // the whole hash first: most candidates differ there, and it is one
        // read where an id is two (its place, then its text)
        self.index
            .find(hash, |&n| {
                self.hashes[n as usize] == hash && self.id(n) == id
            })
            .copied()
    }

    /// Number an id known not to be numbered yet (see
    /// [`DocStore::find_hashed`]), its hash given; none when there are
    /// already `DocNum::MAX` ids.
    pub(crate) fn number_new(&mut self, id: &str, hash: u64) -> Option<DocNum> {
        debug_assert!(self.find_hashed(id, hash).is_none());
        let num = DocNum::try_from(self.ids.len())
            .ok()
            .filter(|&n| n < DocNum::MAX)?;
        let hashes = &self.hashes;
        self.index.insert_unique(hash, num, |&n| hashes[n as usize]);
        self.ids.push(id);
        self.hashes.push(hash);
        self.meta_at.push(NO_META);
        self.meta_len.push(0);
        self.sorted = OnceLock::new();
        self.last = Some(num);
        Some(num)
    }

    /// Number the ids of a set not numbered yet.
    ///
    /// # Panics
    /// As [`DocStore::intern`], and when the set holds another graph's numbers.
    pub(crate) fn number(&mut self, set: &mut DocSet) {
        self.check(set);
        for id in set.take_ids() {
            let num = self.intern(&id);
            set.insert_num(num, self.tag);
        }
    }

    /// Add a document id to a set of this graph.
    ///
    /// # Panics
    /// As [`DocStore::number`].
    pub(crate) fn insert(&mut self, set: &mut DocSet, id: &str) {
        self.check(set);
        let num = self.intern(id);
        set.insert_num(num, self.tag);
    }

    /// Panics when the set holds another graph's numbers.
    fn check(&self, set: &DocSet) {
        let graph = set.graph();
        assert!(
            graph == 0 || graph == self.tag,
            "a document set of another graph: move it as ids \
             (`set = other_graph.doc_ids(&set).collect()`)"
        );
    }

    /// Record a document's metadata; the first record of an id is kept (then
    /// false).
    pub(crate) fn add(&mut self, meta: &DocumentMeta) -> Result<bool> {
        self.add_with(&meta.id, |out| encode(meta, out))
            .map(|(_, added)| added)
    }

    /// [`DocStore::add`], from a record of [`DocStore::raw_record`].
    pub(crate) fn add_raw(&mut self, id: &str, record: &[u8]) -> Result<bool> {
        self.add_with(id, |out| out.extend_from_slice(record))
            .map(|(_, added)| added)
    }

    /// [`DocStore::add_raw`] of a number given (by
    /// [`DocStore::find_hashed`] or [`DocStore::number_new`]).
    pub(crate) fn add_raw_at(&mut self, num: DocNum, record: &[u8]) -> Result<bool> {
        self.add_at(num, |out| out.extend_from_slice(record))
    }

    fn add_with(&mut self, id: &str, write: impl FnOnce(&mut Vec<u8>)) -> Result<(DocNum, bool)> {
        let num = self
            .try_intern(id)
            .ok_or_else(|| Error::too_many_documents(DocNum::MAX))?;
        self.add_at(num, write).map(|added| (num, added))
    }

    fn add_at(&mut self, num: DocNum, write: impl FnOnce(&mut Vec<u8>)) -> Result<bool> {
        let num = num as usize;
        if self.meta_at[num] != NO_META {
            return Ok(false);
        }
        let in_memory = self.in_memory;
        let spill = match &mut self.spill {
            Some(s) => s,
            None => {
                let file = if in_memory {
                    None
                } else {
                    Some(
                        tempfile::tempfile_in(spill_dir())
                            .map_err(|e| Error::spill(spill_dir(), e))?,
                    )
                };
                self.spill.insert(Spill {
                    file,
                    flushed: 0,
                    pending: Vec::with_capacity(if in_memory { 1 << 12 } else { FLUSH_AT + 1024 }),
                })
            }
        };
        let before = spill.pending.len();
        self.meta_at[num] = spill.flushed + before as u64;
        write(&mut spill.pending);
        self.meta_len[num] = u32::try_from(spill.pending.len() - before).unwrap_or(0);
        self.with_meta += 1;
        if spill.pending.len() >= FLUSH_AT
            && let Some(file) = &spill.file
        {
            write_at(file, &spill.pending, spill.flushed)
                .map_err(|e| Error::spill(spill_dir(), e))?;
            spill.flushed += spill.pending.len() as u64;
            spill.pending.clear();
        }
        Ok(true)
    }

    /// Keep the records in memory from now on (before the first one).
    pub(crate) fn keep_in_memory(&mut self) {
        self.in_memory = self.spill.is_none();
    }

    /// The tag of the sets this store numbers.
    pub(crate) fn tag(&self) -> GraphTag {
        self.tag
    }

    /// The number of an id already numbered.
    pub(crate) fn find(&self, id: &str) -> Option<DocNum> {
        let hash = self.hasher.hash_one(id);
        self.index.find(hash, |&n| self.id(n) == id).copied()
    }

    /// How many ids are numbered (numbers below this one are given).
    pub(crate) fn numbered(&self) -> usize {
        self.ids.len()
    }

    /// Whether a document number has metadata.
    pub(crate) fn has_meta(&self, num: DocNum) -> bool {
        self.meta_at[num as usize] != NO_META
    }

    /// The metadata of a document number, when it has some (an error names
    /// the temporary file).
    pub(crate) fn meta(&self, num: DocNum) -> Option<io::Result<DocumentMeta>> {
        (self.meta_at[num as usize] != NO_META)
            .then(|| self.read(num, &mut Vec::new()).map_err(read_error))
    }

    /// The encoded metadata record (length included) of a document number
    /// that has one, when the store keeps it in memory.
    pub(crate) fn raw_record(&self, num: DocNum) -> Option<&[u8]> {
        let at = self.meta_at[num as usize];
        let spill = self.spill.as_ref()?;
        if at == NO_META || at < spill.flushed {
            return None;
        }
        let start = usize::try_from(at - spill.flushed).ok()?;
        let from = spill.pending.get(start..)?;
        let mut rest = from;
        let len = get_len(&mut rest)?;
        from.get(..from.len() - rest.len() + len)
    }

    /// Replace the metadata of a document that has some, or give it some.
    pub(crate) fn replace(&mut self, meta: &DocumentMeta) -> Result<()> {
        if let Some(num) = self.find(&meta.id) {
            self.forget(num);
        }
        self.add(meta).map(|_| ())
    }

    /// Forget the metadata of a document number (it is no longer listed).
    pub(crate) fn forget(&mut self, num: DocNum) {
        if self.meta_at[num as usize] != NO_META {
            self.meta_at[num as usize] = NO_META;
            self.with_meta -= 1;
        }
    }

    /// Number of documents with metadata.
    pub(crate) fn len(&self) -> usize {
        self.with_meta
    }

    /// Sort the ids (once; see [`DocStore::sorted`]).
    pub(crate) fn sort(&self) {
        self.sorted();
    }

    fn sorted(&self) -> &Sorted {
        self.sorted.get_or_init(|| {
            // Hundreds of thousands of ids after a merge, which numbers
            // each input's documents in the id order it lists them: a few
            // long sorted runs of ids with long prefixes in common (see
            // `lcpsort`). The ids' places looked up once.
            let ids: Vec<&[u8]> = self.ids.all_bytes().collect();
            let order = super::lcpsort::sort(&ids);
            drop(ids);
            let mut rank = vec![0; order.len()];
            for (r, &n) in order.iter().enumerate() {
                rank[n as usize] = r as DocNum;
            }
            Sorted { order, rank }
        })
    }

    /// The documents with metadata, in id order, read back from the file.
    pub(crate) fn documents(&self) -> impl Iterator<Item = io::Result<DocumentMeta>> + '_ {
        let mut buf = Vec::new();
        self.sorted()
            .order
            .iter()
            .filter(|&&n| self.meta_at[n as usize] != NO_META)
            .map(move |&n| self.read(n, &mut buf).map_err(read_error))
    }

    /// The numbers of the documents with metadata, in id order.
    pub(crate) fn document_nums(&self) -> Vec<DocNum> {
        self.sorted()
            .order
            .iter()
            .copied()
            .filter(|&n| self.meta_at[n as usize] != NO_META)
            .collect()
    }

    /// The metadata of a document that has some.
    fn read(&self, num: DocNum, buf: &mut Vec<u8>) -> io::Result<DocumentMeta> {
        let record = self.record(num, buf)?;
        let (f, _) = decode_fields(record)?;
        let own = |s: Option<&str>| s.map(str::to_string);
        Ok(DocumentMeta {
            id: self.id(num).to_string(),
            title: own(f[0]),
            date: own(f[1]),
            url: own(f[2]),
            source: own(f[3]),
            hash: own(f[4]),
        })
    }

    /// The records of some documents with metadata, read at once: those in
    /// the file sorted by place and read a stretch at a time (a merge's
    /// documents in id order lie in a few hundred stretches, one an input,
    /// where one read a document would take hundreds of thousands); an
    /// error names the temporary file.
    pub(crate) fn records(&self, nums: &[DocNum], out: &mut Records) -> io::Result<()> {
        self.read_records(nums, out).map_err(read_error)
    }

    fn read_records(&self, nums: &[DocNum], out: &mut Records) -> io::Result<()> {
        let mut bytes = std::mem::take(&mut out.text).into_bytes();
        bytes.clear();
        self.read_records_into(nums, &mut bytes, &mut out.spans)?;
        simdutf8::basic::from_utf8(&bytes).map_err(|_| damaged())?;
        // SAFETY: checked to be UTF-8 just above.
        out.text = unsafe { String::from_utf8_unchecked(bytes) };
        Ok(())
    }

    /// [`DocStore::read_records`] into `bytes` (empty) and `spans`.
    fn read_records_into(
        &self,
        nums: &[DocNum],
        bytes: &mut Vec<u8>,
        spans: &mut Vec<std::ops::Range<usize>>,
    ) -> io::Result<()> {
        spans.clear();
        spans.resize(nums.len(), 0..0);
        let flushed = self.spill.as_ref().map_or(0, |s| s.flushed);
        // (place in the file, length, index in `nums`) of the records there
        let mut wanted: Vec<(u64, u64, usize)> = Vec::with_capacity(nums.len());
        let mut one = Vec::new();
        for (i, &num) in nums.iter().enumerate() {
            let at = *self.meta_at.get(num as usize).ok_or_else(damaged)?;
            let len = u64::from(*self.meta_len.get(num as usize).ok_or_else(damaged)?);
            if at != NO_META && at < flushed && len > 0 && len <= flushed - at {
                wanted.push((at, len, i));
            } else {
                // in memory, or of a length not known: on its own
                let record = self.record(num, &mut one)?;
                let start = bytes.len();
                bytes.extend_from_slice(record);
                spans[i] = start..bytes.len();
            }
        }
        let Some(file) = self.spill.as_ref().and_then(|s| s.file.as_ref()) else {
            return if wanted.is_empty() {
                Ok(())
            } else {
                Err(damaged())
            };
        };
        wanted.sort_unstable_by_key(|&(at, _, _)| at);
        let mut k = 0;
        while k < wanted.len() {
            // a stretch: records that follow one another, with gaps of at
            // most GAP bytes, up to STRETCH bytes
            let from = wanted[k].0;
            let mut to = from + wanted[k].1;
            let mut j = k + 1;
            while let Some(&(at, len, _)) = wanted.get(j)
                && at <= to + GAP
                && at + len - from <= STRETCH
            {
                to = to.max(at + len);
                j += 1;
            }
            let base = bytes.len();
            let size = usize::try_from(to - from).map_err(|_| damaged())?;
            bytes.resize(base + size, 0);
            read_at(file, &mut bytes[base..], from)?;
            for &(at, len, i) in &wanted[k..j] {
                let start = base + (at - from) as usize;
                let mut rest = &bytes[start..start + len as usize];
                let body = get_len(&mut rest).ok_or_else(damaged)?;
                if body != rest.len() {
                    return Err(damaged());
                }
                let end = start + len as usize;
                spans[i] = end - body..end;
            }
            k = j;
        }
        Ok(())
    }

    /// The bytes of a document's record after its length, from memory or
    /// read into `buf`.
    fn record<'a>(&'a self, num: DocNum, buf: &'a mut Vec<u8>) -> io::Result<&'a [u8]> {
        let spill = self.spill.as_ref().ok_or_else(damaged)?;
        let at = *self.meta_at.get(num as usize).ok_or_else(damaged)?;
        if at == NO_META {
            return Err(damaged());
        }
        if at >= spill.flushed {
            let start = usize::try_from(at - spill.flushed).map_err(|_| damaged())?;
            let mut rest = spill.pending.get(start..).ok_or_else(damaged)?;
            let len = get_len(&mut rest).ok_or_else(damaged)?;
            return rest.get(..len).ok_or_else(damaged);
        }
        let file = spill.file.as_ref().ok_or_else(damaged)?;
        let known = u64::from(self.meta_len[num as usize]);
        // Most records are read in one go: their length is known; else up
        // to READ_AHEAD bytes, and a second read for the rest.
        let first = if known > 0 && known <= spill.flushed - at {
            known
        } else {
            (spill.flushed - at).min(READ_AHEAD)
        } as usize;
        buf.clear();
        buf.resize(first, 0);
        read_at(file, buf, at)?;
        let mut rest = &buf[..];
        let len = get_len(&mut rest).ok_or_else(damaged)?;
        let head = first - rest.len();
        if head + len > first {
            buf.resize(head + len, 0);
            read_at(file, &mut buf[first..], at + first as u64)?;
        }
        Ok(&buf[head..head + len])
    }

    /// The ids of a set, sorted.
    ///
    /// # Panics
    /// When the set holds another graph's numbers.
    pub(crate) fn ids<'a>(&'a self, set: &'a DocSet) -> std::vec::IntoIter<&'a str> {
        self.check(set);
        let mut ranks = Vec::new();
        self.ranks_of_nums(set, &mut ranks);
        let mut ids: Vec<&str> = if ranks.is_empty() {
            Vec::new()
        } else {
            let order = &self.sorted().order;
            ranks
                .into_iter()
                .map(|r| self.id(order[r as usize]))
                .collect()
        };
        if !set.ids().is_empty() {
            ids.extend(set.ids().iter().map(String::as_str));
            ids.sort_unstable();
            ids.dedup();
        }
        ids.into_iter()
    }
}

/// Every document id rendered once by a format's writer, in id order (an
/// id is written once for each node and edge that names it: rendered once
/// here, copied after). Kept in blocks of [`RENDER_BLOCK`] ids, rendered in
/// parallel.
#[derive(Debug, Default)]
pub(crate) struct RenderedIds {
    blocks: Vec<(Vec<u8>, Vec<usize>)>,
}

/// Ids in a block of [`RenderedIds`] (a power of two).
const RENDER_BLOCK: usize = 1 << 14;

impl RenderedIds {
    /// The rendering of the id of rank `rank` (its place in id order).
    ///
    /// # Panics
    /// When no id has that rank.
    pub(crate) fn get(&self, rank: DocNum) -> &[u8] {
        self.rendering(rank)
            .unwrap_or_else(|| panic!("no document id of rank {rank}"))
    }

    /// The rendering of the id of rank `rank`, if there is one.
    fn rendering(&self, rank: DocNum) -> Option<&[u8]> {
        let r = rank as usize;
        let (bytes, ends) = self.blocks.get(r / RENDER_BLOCK)?;
        let i = r % RENDER_BLOCK;
        let start = if i == 0 { 0 } else { ends[i - 1] };
        bytes.get(start..*ends.get(i)?)
    }

    /// Ask the processor to fetch what [`RenderedIds::get`] reads first for
    /// `rank` (where its rendering ends), so that a later call finds it in
    /// the cache: a node's ids are read in rank order, from all over the
    /// renderings (120 MB for a year of news), each read a wait on memory.
    pub(crate) fn prefetch_end(&self, rank: DocNum) {
        let r = rank as usize;
        if let Some((_, ends)) = self.blocks.get(r / RENDER_BLOCK)
            && let Some(end) = ends.get(r % RENDER_BLOCK)
        {
            prefetch(std::ptr::from_ref(end).cast());
        }
    }

    /// Ask the processor to fetch the rendering of `rank` (after
    /// [`RenderedIds::prefetch_end`] for it, some time before).
    pub(crate) fn prefetch(&self, rank: DocNum) {
        if let Some(b) = self.rendering(rank) {
            prefetch(b.as_ptr());
            // a rendering of 150 bytes spans three cache lines
            if let Some(last) = b.last() {
                prefetch(last);
            }
        }
    }
}

impl DocStore {
    /// Every id rendered by `render` (which appends to the buffer it gets),
    /// in id order.
    pub(crate) fn render_ids(&self, render: impl Fn(&str, &mut Vec<u8>) + Sync) -> RenderedIds {
        use rayon::prelude::*;
        let blocks = self
            .sorted()
            .order
            .par_chunks(RENDER_BLOCK)
            .map(|block| {
                let mut bytes = Vec::new();
                let mut ends = Vec::with_capacity(block.len());
                for &n in block {
                    render(self.id(n), &mut bytes);
                    ends.push(bytes.len());
                }
                (bytes, ends)
            })
            .collect();
        RenderedIds { blocks }
    }

    /// The place of a document in id order.
    pub(crate) fn rank(&self, num: DocNum) -> DocNum {
        self.sorted().rank[num as usize]
    }

    /// The ranks of a set's documents (see [`DocStore::rank`]), sorted, into
    /// `out`; false (and `out` cleared) when the set holds ids not numbered
    /// yet.
    ///
    /// # Panics
    /// When the set holds another graph's numbers.
    pub(crate) fn ranks(&self, set: &DocSet, out: &mut Vec<DocNum>) -> bool {
        self.check(set);
        out.clear();
        if !set.ids().is_empty() {
            return false;
        }
        self.ranks_of_nums(set, out);
        true
    }

    /// The ranks of a set's numbered documents, sorted, appended to `out`.
    fn ranks_of_nums(&self, set: &DocSet, out: &mut Vec<DocNum>) {
        if set.nums().len() > 0 {
            let rank = &self.sorted().rank;
            let from = out.len();
            out.extend(set.nums().map(|n| rank[n as usize]));
            sort_ranks(&mut out[from..], rank.len());
        }
    }
}

/// Sets of at least this many documents have their ranks sorted by radix.
const RADIX_MIN: usize = 1 << 11;

/// Bits of a rank sorted in one radix pass.
const RADIX_BITS: u32 = 11;

/// Sort `ranks` (each below `bound`). A large set's ranks (the documents
/// of a country named every day: hundreds of thousands) are sorted by
/// their digits, a pass of [`RADIX_BITS`] each, two for a million
/// documents; a comparison sort takes about five times as long there.
fn sort_ranks(ranks: &mut [DocNum], bound: usize) {
    if ranks.len() < RADIX_MIN {
        ranks.sort_unstable();
        return;
    }
    let bits = usize::BITS - bound.leading_zeros();
    let mut spare = vec![0; ranks.len()];
    let (mut from, mut to) = (&mut *ranks, &mut spare[..]);
    let mut shift = 0;
    let mut in_spare = false;
    while shift < bits {
        let digit = |r: DocNum| ((r >> shift) as usize) & ((1 << RADIX_BITS) - 1);
        let mut starts = [0usize; 1 << RADIX_BITS];
        for &r in from.iter() {
            starts[digit(r)] += 1;
        }
        let mut sum = 0;
        for s in &mut starts {
            (*s, sum) = (sum, sum + *s);
        }
        for &r in from.iter() {
            let d = digit(r);
            to[starts[d]] = r;
            starts[d] += 1;
        }
        (from, to) = (to, from);
        in_spare = !in_spare;
        shift += RADIX_BITS;
    }
    if in_spare {
        ranks.copy_from_slice(&spare);
    }
}

/// `n` six bits a byte, low bits first, 0x40 set in each byte but the last:
/// every byte ASCII, so that records (numbers and UTF-8 fields) read back
/// as a whole are checked as UTF-8 in one pass, their fields with them.
fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x40 {
        out.push((n as u8 & 0x3f) | 0x40);
        n >>= 6;
    }
    out.push(n as u8);
}

/// A number of [`put_varint`] at the start of `bytes`, which move past it;
/// none when it is cut, too large or not ASCII.
fn get_varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut n: u64 = 0;
    for shift in (0..64).step_by(6) {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        let digit = u64::from(b & 0x3f);
        if b >= 0x80 || (shift == 60 && digit > 0xf) {
            return None;
        }
        n |= digit << shift;
        if b & 0x40 == 0 {
            return Some(n);
        }
    }
    None
}

/// A record's length at the start of `bytes`, which move past it.
fn get_len(bytes: &mut &[u8]) -> Option<usize> {
    get_varint(bytes).and_then(|n| usize::try_from(n).ok())
}

/// A record: its length, then whether no field needs an escape in a JSON
/// string (`1`, else `0`: a JSON writer copies them as they are), then
/// title, date, url, source and hash, each a number of [`put_varint`] (0:
/// none, else the length plus one) and the UTF-8 bytes.
fn encode(meta: &DocumentMeta, out: &mut Vec<u8>) {
    encode_fields(
        [
            meta.title.as_deref(),
            meta.date.as_deref(),
            meta.url.as_deref(),
            meta.source.as_deref(),
            meta.hash.as_deref(),
        ],
        false,
        out,
    );
}

/// [`encode`], from the fields: title, date, url, source and hash; `clean`
/// when the caller knows that none needs an escape in JSON (else they are
/// looked at).
pub(super) fn encode_fields(fields: [Option<&str>; 5], clean: bool, out: &mut Vec<u8>) {
    let varint_len = |n: u64| (64 - (n | 1).leading_zeros()).div_ceil(6) as usize;
    let len: usize = 1 + fields
        .iter()
        .map(|f| f.map_or(1, |s| varint_len(s.len() as u64 + 1) + s.len()))
        .sum::<usize>();
    let clean = clean
        || fields
            .iter()
            .flatten()
            .all(|s| super::scan::find_special(s.as_bytes(), 0) == s.len());
    put_varint(out, len as u64);
    out.push(u8::from(clean));
    for field in fields {
        match field {
            None => out.push(0),
            Some(s) => {
                put_varint(out, s.len() as u64 + 1);
                out.extend_from_slice(s.as_bytes());
            }
        }
    }
}

/// The fields of a record (after its length), checked as UTF-8.
fn decode_fields(record: &[u8]) -> io::Result<Fields<'_>> {
    simdutf8::basic::from_utf8(record)
        .ok()
        .and_then(decode_str)
        .ok_or_else(damaged)
}

/// The fields of a record (after its length); none when it is damaged.
fn decode_str(record: &str) -> Option<Fields<'_>> {
    let (&flag, mut rest) = record.as_bytes().split_first()?;
    let clean = match flag {
        0 => false,
        1 => true,
        _ => return None,
    };
    let mut at = 1;
    let mut out = [None; 5];
    for slot in &mut out {
        let before = rest.len();
        let len = get_len(&mut rest)?;
        at += before - rest.len();
        let Some(len) = len.checked_sub(1) else {
            continue;
        };
        // between characters: its number before it and the next after it
        // are ASCII, unless the record is damaged
        *slot = Some(record.get(at..at.checked_add(len)?)?);
        rest = rest.get(len..)?;
        at += len;
    }
    Some((out, clean))
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(unix)]
fn write_at(file: &File, buf: &[u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, buf, at)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut at: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, at) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                at += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(windows)]
fn write_at(file: &File, mut buf: &[u8], mut at: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_write(buf, at) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => {
                buf = &buf[n..];
                at += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Ranks below `bound`, from a small seeded generator (duplicates too).
    fn some_ranks(len: usize, bound: usize, seed: u64) -> Vec<DocNum> {
        let mut x = seed | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x % bound as u64) as DocNum
            })
            .collect()
    }

    /// Sizes on both sides of the radix threshold, and bounds that take
    /// one pass (the result is then in the spare buffer), two and three.
    #[test]
    fn ranks_sort_by_radix_as_by_comparison() {
        for bound in [
            2,
            1 << 5,
            1 << 11,
            (1 << 11) + 1,
            1 << 22,
            1 << 23,
            u32::MAX as usize,
        ] {
            for len in [0, 1, RADIX_MIN - 1, RADIX_MIN, 3 * RADIX_MIN + 7] {
                let mut got = some_ranks(len, bound, (bound + len) as u64);
                let mut want = got.clone();
                want.sort_unstable();
                sort_ranks(&mut got, bound);
                assert_eq!(got, want, "{len} ranks below {bound}");
            }
        }
    }

    proptest! {
        #[test]
        fn ranks_sort_by_radix_as_by_comparison_any(
            bits in 1u32..=32,
            extra in 0usize..3000,
            seed in any::<u64>(),
        ) {
            let bound = (1usize << bits) - 1;
            let mut got = some_ranks(RADIX_MIN + extra, bound.max(1), seed);
            let mut want = got.clone();
            want.sort_unstable();
            sort_ranks(&mut got, bound.max(1));
            prop_assert_eq!(got, want);
        }
    }

    /// Fetching ahead reads nothing a caller can see, and ranks past the
    /// end (the last ones of a node fetch none) are no error.
    #[test]
    fn fetching_ahead_any_rank_is_harmless() {
        let mut store = DocStore::default();
        for i in 0..(RENDER_BLOCK + 3) {
            store.intern(&format!("doc-{i}"));
        }
        let rendered = store.render_ids(|id, out| out.extend_from_slice(id.as_bytes()));
        for r in [
            0,
            1,
            RENDER_BLOCK as DocNum,
            (RENDER_BLOCK + 2) as DocNum,
            (RENDER_BLOCK + 3) as DocNum,
            DocNum::MAX,
        ] {
            rendered.prefetch_end(r);
            rendered.prefetch(r);
        }
        assert_eq!(rendered.get(1), b"doc-1");
    }

    /// Ids rendered once in id order, over more than one block, and sets
    /// read as ranks in that order.
    #[test]
    fn ids_are_rendered_in_id_order_and_sets_read_as_ranks() {
        let mut store = DocStore::default();
        let n = RENDER_BLOCK + 100;
        // numbered in an order that is not the ids' order
        let ids: Vec<String> = (0..n).map(|i| format!("d{:06}", (i * 7919) % n)).collect();
        for id in &ids {
            store.intern(id);
        }
        let rendered = store.render_ids(|id, out| {
            out.push(b'<');
            out.extend_from_slice(id.as_bytes());
            out.push(b'>');
        });
        let mut sorted = ids.clone();
        sorted.sort();
        for (r, id) in sorted.iter().enumerate() {
            assert_eq!(rendered.get(r as DocNum), format!("<{id}>").as_bytes());
        }
        let mut set = DocSet::default();
        for id in [&ids[5], &ids[0], &ids[n - 1]] {
            store.insert(&mut set, id);
        }
        let mut ranks = Vec::new();
        assert!(store.ranks(&set, &mut ranks));
        let got: Vec<&str> = ranks.iter().map(|&r| sorted[r as usize].as_str()).collect();
        let want: Vec<&str> = store.ids(&set).collect();
        assert_eq!(got, want);
        let num = store.intern(&sorted[42]);
        assert_eq!(store.rank(num), 42);
        // a set with ids not numbered yet is read by its ids
        let mut loose = DocSet::default();
        loose.insert("not numbered");
        assert!(!store.ranks(&loose, &mut ranks));
        assert!(ranks.is_empty());
    }

    #[test]
    fn id_ends_past_4_gib_count_the_wraps() {
        // Ends as the arena stores them: the low 32 bits, and where they wrap.
        let arena = Arena {
            text: String::new(),
            ends: vec![10, 5, 20, 3],
            wraps: vec![1, 3, 3],
        };
        let ends: Vec<u64> = (0..4).map(|n| arena.end(n) as u64).collect();
        assert_eq!(ends, [10, (1 << 32) + 5, (1 << 32) + 20, (3 << 32) + 3]);
        let walked: Vec<u64> = arena.all_ends().map(|e| e as u64).collect();
        assert_eq!(walked, ends, "the walk counts the wraps as `end` does");
    }

    #[test]
    fn the_walk_along_the_ids_gives_each_id() {
        let mut arena = Arena::default();
        for id in ["", "a", "وثيقة-١", "", "http://example.org/x#1"] {
            arena.push(id);
        }
        let walked: Vec<&[u8]> = arena.all_bytes().collect();
        let got: Vec<&[u8]> = (0..5).map(|n| arena.get(n).as_bytes()).collect();
        assert_eq!(walked, got);
    }

    #[test]
    fn lengths_round_trip() {
        for n in [
            0,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            let mut bytes = Vec::new();
            put_varint(&mut bytes, n);
            let mut rest = &bytes[..];
            assert_eq!(get_varint(&mut rest), Some(n));
            assert!(rest.is_empty());
        }
        assert_eq!(get_varint(&mut &[0x80u8][..]), None);
        assert_eq!(get_varint(&mut &[0xff; 11][..]), None);
        assert_eq!(get_varint(&mut &[0x40u8][..]), None, "cut");
        assert_eq!(get_varint(&mut &[0x7f; 11][..]), None, "too large");
        let mut bytes = Vec::new();
        put_varint(&mut bytes, u64::MAX);
        assert!(bytes.is_ascii());
    }

    #[test]
    fn a_damaged_record_is_an_error() {
        assert!(decode_fields(&[0, 5, b'a']).is_err());
        assert!(decode_fields(&[0, 3, 0xff, 0xfe, 0, 0, 0]).is_err());
        assert!(decode_fields(&[0, 0, 0, 0]).is_err());
        assert!(
            decode_fields(&[2, 0, 0, 0, 0, 0]).is_err(),
            "a flag not 0 or 1"
        );
        // a length that ends inside a character
        assert!(decode_fields("\0\u{2}ع\0\0\0\0".as_bytes()).is_err());
        let (f, clean) = decode_fields(&[1, 2, b'x', 0, 0, 1, 0]).unwrap();
        assert_eq!(f[0], Some("x"));
        assert_eq!(f[3], Some(""));
        assert!(clean);
        let (f, clean) = decode_fields("\0\u{3}ع\0\0\0\0".as_bytes()).unwrap();
        assert_eq!(f[0], Some("ع"));
        assert!(!clean);
    }

    #[test]
    fn records_read_back_from_the_file_in_one_read_or_two() {
        let mut store = DocStore::default();
        let long = "ع".repeat(700);
        let metas: Vec<DocumentMeta> = (0..3000)
            .map(|i| DocumentMeta {
                id: format!("d{i}"),
                title: Some(if i % 7 == 0 {
                    long.clone()
                } else if i % 11 == 0 {
                    format!("\"t{i}\" \\ \n")
                } else {
                    format!("t{i}")
                }),
                date: None,
                url: Some(format!("u{i}")),
                source: None,
                hash: (i % 2 == 0).then(|| "h".to_string()),
            })
            .collect();
        for m in &metas {
            assert!(store.add(m).unwrap());
        }
        let mut buf = Vec::new();
        for (i, m) in metas.iter().enumerate() {
            let num = store.find(&m.id).unwrap();
            assert_eq!(store.read(num, &mut buf).unwrap(), *m, "{i}");
        }
        // read at once: all of them in id order, every third backwards (gaps
        // in the file), the last ones (still in memory, not in the file),
        // and none
        let mut records = Records::default();
        let all = store.document_nums();
        let every_third: Vec<DocNum> = all.iter().rev().step_by(3).copied().collect();
        let last: Vec<DocNum> = (2990..3000)
            .map(|i| store.find(&format!("d{i}")).unwrap())
            .collect();
        for nums in [&all[..], &every_third[..], &last[..], &[]] {
            store.records(nums, &mut records).unwrap();
            for (i, &num) in nums.iter().enumerate() {
                let m = &metas[num as usize];
                let (f, clean) = records.fields(i).unwrap();
                assert_eq!(
                    clean,
                    num % 11 != 0 || num % 7 == 0,
                    "{i}: no escape needed"
                );
                assert_eq!(f[0], m.title.as_deref(), "{i}");
                assert_eq!(f[1], None);
                assert_eq!(f[2], m.url.as_deref());
                assert_eq!(f[4], m.hash.as_deref());
            }
            assert!(records.fields(nums.len()).is_err());
        }
        assert!(store.records(&[3000], &mut records).is_err());
    }
}
