//! JSON arrays (parsed one element at a time) and JSON Lines (read line by line),
//! and the mapping of a record's fields to a document.

use super::{Document, Reader, Src, normalize_date};
use crate::graph::DocumentMeta;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::fmt;
use std::io::BufRead;

const TEXT: &[&str] = &["content", "text", "body", "article"];
const TITLE: &[&str] = &["title", "headline"];
const DATE: &[&str] = &[
    "date",
    "published",
    "published_at",
    "date_extracted",
    "pubDate",
];
const ID: &[&str] = &["id", "guid"];
const URL: &[&str] = &["url", "link"];
const SOURCE: &[&str] = &["source", "publisher"];
/// Keys of an object that wraps the array of articles.
const WRAPPERS: &[&str] = &["articles", "data", "items"];

/// JSON Lines: one object a line; blank lines are ignored. A malformed line is
/// skipped (`FILE:LINE`) and the rest read. A record's index (for its fallback
/// id `FILE#INDEX`) is its 0-based line number.
pub(super) fn jsonl(reader: &mut Reader, src: &Src, r: &mut dyn BufRead) -> std::io::Result<()> {
    let mut line = Vec::new();
    let mut number = 0usize;
    let mut offset = 0u64;
    let limit = reader.options.max_doc_bytes;
    loop {
        line.clear();
        let (n, whole) = read_line(r, &mut line, limit)?;
        if n == 0 {
            return Ok(());
        }
        number += 1;
        let start = offset;
        offset += n;
        if !whole {
            let reason = reader.options.too_big_reason(n, false);
            reader.skip(format!("{}:{number}", src.display), reason);
            continue;
        }
        let mut bytes = std::mem::take(&mut line);
        let mut skip_front = 0u64;
        if number == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
            skip_front = 3;
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            line = bytes;
            continue;
        }
        let input = format!("{}:{number}", src.display);
        let Some(text) = reader.decode(bytes, &input, start + skip_front) else {
            continue;
        };
        match serde_json::from_str::<Value>(&text) {
            Ok(value) => record(reader, src, &input, number - 1, value),
            Err(e) => reader.skip(
                input,
                format!("malformed JSON at column {}: {}", e.column(), message(&e)),
            ),
        }
    }
}

/// Read a line (with its `\n`) into `line`, keeping at most `limit` bytes
/// (0: no limit) plus the line break: a longer line is consumed to its end
/// without being kept. Returns the line's length and whether it was kept.
fn read_line(r: &mut dyn BufRead, line: &mut Vec<u8>, limit: u64) -> std::io::Result<(u64, bool)> {
    let mut n = 0u64;
    let mut whole = true;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok((n, whole));
        }
        let (take, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        n += take as u64;
        // the line without its break over the limit
        let content = if done { n - 1 } else { n };
        if whole && limit > 0 && content > limit {
            whole = false;
            line.clear();
        }
        if whole {
            line.extend_from_slice(&buf[..take]);
        }
        r.consume(take);
        if done {
            return Ok((n, whole));
        }
    }
}

/// A `.json` document: an array of records, one record, or an object with the
/// array under `articles`, `data` or `items`. Elements are parsed and handed on
/// one at a time. A syntax error skips the rest of the file (reported with its
/// line, column and byte offset); the records before it are kept.
pub(super) fn json(reader: &mut Reader, src: &Src, text: &str) {
    if text.trim().is_empty() {
        reader.skip(&src.display, "empty document");
        return;
    }
    let mut ctx = Ctx {
        reader,
        src,
        text,
        index: 0,
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let result = de
        .deserialize_any(Top { ctx: &mut ctx })
        .and_then(|()| de.end());
    if let Err(e) = result {
        let kept = ctx.index;
        let at = byte_offset(text, e.line(), e.column());
        reader.skip(
            format!("{}:{}", src.display, e.line()),
            format!(
                "malformed JSON at line {} column {} (byte {at}): {}; \
                 the {kept} record(s) before it were read, the rest of the file skipped",
                e.line(),
                e.column(),
                message(&e)
            ),
        );
    }
}

/// serde_json's message without its " at line L column C" suffix.
fn message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// The byte offset of a 1-based line and column.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

struct Ctx<'r, 'a, 's> {
    reader: &'r mut Reader<'a>,
    src: &'s Src,
    /// The whole file, for the places of errors inside elements.
    text: &'s str,
    /// Records seen so far.
    index: usize,
}

impl Ctx<'_, '_, '_> {
    fn element(&mut self, value: Value) {
        let input = format!("{}#{}", self.src.display, self.index);
        record(self.reader, self.src, &input, self.index, value);
        self.index += 1;
    }

    /// An array element, still unparsed: skipped when over the size limit,
    /// else parsed (an error, such as nesting beyond serde_json's recursion
    /// limit, skips this element with its place in the file).
    fn raw_element(&mut self, raw: &RawValue) {
        let json = raw.get();
        if self.reader.options.too_big(json.len() as u64) {
            let input = format!("{}#{}", self.src.display, self.index);
            let reason = self.reader.options.too_big_reason(json.len() as u64, false);
            self.reader.skip(input, reason);
            self.index += 1;
            return;
        }
        match serde_json::from_str::<Value>(json) {
            Ok(value) => self.element(value),
            Err(e) => {
                // the element's place in the file: it is a slice of it
                let base = (json.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
                let inner = byte_offset(json, e.line(), e.column());
                let at = (base + inner).min(self.text.len());
                let before = &self.text[..self.text.floor_char_boundary(at)];
                let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
                let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
                self.reader.skip(
                    format!("{}#{}", self.src.display, self.index),
                    format!(
                        "malformed JSON at line {line} column {column} (byte {at}): {}",
                        message(&e)
                    ),
                );
                self.index += 1;
            }
        }
    }
}

/// The top level: an array, or an object (a record or a wrapper).
struct Top<'c, 'r, 'a, 's> {
    ctx: &'c mut Ctx<'r, 'a, 's>,
}

impl<'de> Visitor<'de> for Top<'_, '_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of article objects or an article object")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(raw) = seq.next_element::<&RawValue>()? {
            self.ctx.raw_element(raw);
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut fields = Map::new();
        let mut streamed = false;
        while let Some(key) = map.next_key::<String>()? {
            if !streamed && WRAPPERS.contains(&key.as_str()) {
                match map.next_value_seed(MaybeArray {
                    ctx: &mut *self.ctx,
                })? {
                    None => streamed = true,
                    Some(v) => {
                        fields.insert(key, v);
                    }
                }
            } else {
                fields.insert(key, map.next_value()?);
            }
        }
        if !streamed {
            let bytes = self.ctx.text.len() as u64;
            if self.ctx.reader.options.too_big(bytes) {
                let reason = self.ctx.reader.options.too_big_reason(bytes, false);
                let input = format!("{}#{}", self.ctx.src.display, self.ctx.index);
                self.ctx.reader.skip(input, reason);
                self.ctx.index += 1;
            } else {
                self.ctx.element(Value::Object(fields));
            }
        }
        Ok(())
    }
}

/// The value under a wrapper key: an array is streamed (`None`), anything else
/// is returned as a field of a single record.
struct MaybeArray<'c, 'r, 'a, 's> {
    ctx: &'c mut Ctx<'r, 'a, 's>,
}

impl<'de> DeserializeSeed<'de> for MaybeArray<'_, '_, '_, '_> {
    type Value = Option<Value>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<Value>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MaybeArray<'_, '_, '_, '_> {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<Value>, A::Error> {
        while let Some(raw) = seq.next_element::<&RawValue>()? {
            self.ctx.raw_element(raw);
        }
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<Value>, A::Error> {
        Value::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<Value>, E> {
        Ok(Some(Value::String(v.to_string())))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<Value>, E> {
        Ok(Some(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<Value>, E> {
        Ok(Some(Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<Value>, E> {
        Ok(Some(Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<Value>, E> {
        Ok(Some(Value::from(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<Value>, E> {
        Ok(Some(Value::Null))
    }
}

/// The field to use: the override, else the first of the usual names present
/// and not null.
fn field<'v>(
    map: &'v Map<String, Value>,
    choice: Option<&str>,
    names: &[&'static str],
) -> Option<(String, &'v Value)> {
    match choice {
        Some(name) => map
            .get(name)
            .filter(|v| !v.is_null())
            .map(|v| (name.to_string(), v)),
        None => names.iter().find_map(|&n| {
            map.get(n)
                .filter(|v| !v.is_null())
                .map(|v| (n.to_string(), v))
        }),
    }
}

/// A string (or number) field, trimmed, when not empty.
fn string_field(
    map: &Map<String, Value>,
    choice: Option<&str>,
    names: &[&'static str],
) -> Option<String> {
    let s = match field(map, choice, names)?.1 {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// Map one record to a document, or skip it with the reason.
fn record(reader: &mut Reader, src: &Src, input: &str, index: usize, value: Value) {
    let Value::Object(map) = value else {
        let found = match value {
            Value::Array(_) => "an array",
            Value::String(_) => "a string",
            Value::Number(_) => "a number",
            Value::Bool(_) => "a boolean",
            _ => "null",
        };
        reader.skip(input, format!("not a JSON object (found {found})"));
        return;
    };
    let o = reader.options;
    let body = match field(&map, o.text_field.as_deref(), TEXT) {
        Some((_, Value::String(s))) => s.as_str(),
        Some((name, _)) => {
            reader.skip(input, format!("text field {name:?} is not a string"));
            return;
        }
        None => {
            let tried = match &o.text_field {
                Some(f) => format!("{f:?}"),
                None => TEXT.join(", "),
            };
            reader.skip(input, format!("no text field (looked for {tried})"));
            return;
        }
    };
    if body.trim().is_empty() {
        reader.skip(input, "empty document (the text field is blank)");
        return;
    }
    let title = string_field(&map, o.title_field.as_deref(), TITLE);
    let date = match string_field(&map, o.date_field.as_deref(), DATE) {
        Some(raw) => {
            let date = normalize_date(&raw);
            if date.is_none() {
                reader.warn(format!("{input}: unrecognised date {raw:?} dropped"));
            }
            date
        }
        None => None,
    };
    let url = string_field(&map, o.url_field.as_deref(), URL);
    let id = string_field(&map, o.id_field.as_deref(), ID)
        .or_else(|| url.clone())
        .unwrap_or_else(|| format!("{}#{index}", src.base));
    let source = string_field(&map, None, SOURCE).unwrap_or_else(|| src.source.clone());
    let text = match &title {
        Some(t) => format!("{t}\n\n{body}"),
        None => body.to_string(),
    };
    let doc = Document {
        meta: DocumentMeta {
            id,
            title,
            date,
            url,
            source: Some(source),
            hash: None,
        },
        text,
    };
    reader.document(src, doc);
}

#[cfg(test)]
mod tests {
    use super::super::{CheckIds, InputEvent, InputOptions, Reader, Src};
    use std::collections::HashSet;

    fn read(kind: &str, input: &[u8], options: InputOptions) -> Vec<InputEvent> {
        let mut events = Vec::new();
        let mut sink = |e: InputEvent| events.push(e);
        let mut reader = Reader {
            options: &options,
            sink: &mut CheckIds {
                sink: &mut sink,
                ids: HashSet::new(),
            },
        };
        let src = Src {
            display: "in".into(),
            base: "in".into(),
            source: "in".into(),
        };
        let kind = match kind {
            "json" => super::super::Kind::Json,
            "jsonl" => super::super::Kind::Jsonl,
            _ => super::super::Kind::Text,
        };
        reader.stream(&src, kind, &mut &input[..]).unwrap();
        events
    }

    fn docs(events: &[InputEvent]) -> Vec<&super::Document> {
        events
            .iter()
            .filter_map(|e| match e {
                InputEvent::Document(d) => Some(d),
                _ => None,
            })
            .collect()
    }

    fn skips(events: &[InputEvent]) -> Vec<String> {
        events
            .iter()
            .filter_map(|e| match e {
                InputEvent::Skipped(s) => Some(format!("{}: {}", s.input, s.reason)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn array_wrapper_and_single_object() {
        let rec = r#"{"title":"ع","content":"نص","date":"2015-07-21 10:32:00","url":"u1","source":"spa"}"#;
        for input in [
            format!("[{rec}]"),
            rec.to_string(),
            format!(r#"{{"meta":1,"articles":[{rec}]}}"#),
            format!(r#"{{"items":[{rec}],"n":[1]}}"#),
        ] {
            let ev = read("json", input.as_bytes(), InputOptions::default());
            let d = docs(&ev);
            assert_eq!(d.len(), 1, "{input}");
            assert_eq!(d[0].text, "ع\n\nنص");
            assert_eq!(d[0].meta.id, "u1");
            assert_eq!(d[0].meta.date.as_deref(), Some("2015-07-21T10:32:00"));
            assert_eq!(d[0].meta.source.as_deref(), Some("spa"));
        }
    }

    #[test]
    fn ids_fall_back_to_url_then_index() {
        let ev = read(
            "json",
            br#"[{"text":"a","id":7},{"text":"b","link":"L"},{"body":"c"}]"#,
            InputOptions::default(),
        );
        let ids: Vec<_> = docs(&ev).iter().map(|d| d.meta.id.clone()).collect();
        assert_eq!(ids, ["7", "L", "in#2"]);
        assert_eq!(docs(&ev)[2].meta.source.as_deref(), Some("in"));
    }

    #[test]
    fn malformed_array_keeps_records_before() {
        let ev = read(
            "json",
            b"[{\"text\":\"a\"},\n{\"text\":\"b\"},\n{\"text\" \"c\"},{\"text\":\"d\"}]",
            InputOptions::default(),
        );
        assert_eq!(docs(&ev).len(), 2);
        let s = skips(&ev);
        assert_eq!(s.len(), 1);
        assert!(
            s[0].starts_with("in:3: malformed JSON at line 3 column 9 (byte 37)"),
            "{s:?}"
        );
    }

    #[test]
    fn jsonl_skips_bad_lines() {
        let ev = read(
            "jsonl",
            b"{\"text\":\"a\"}\n\n{bad}\n[1]\n{\"title\":\"t\"}\n{\"text\":\"  \"}\n{\"text\":\"z\"}",
            InputOptions::default(),
        );
        assert_eq!(docs(&ev).len(), 2);
        assert_eq!(docs(&ev)[1].meta.id, "in#6");
        let s = skips(&ev);
        assert!(
            s[0].starts_with("in:3: malformed JSON at column 2"),
            "{s:?}"
        );
        assert_eq!(s[1], "in:4: not a JSON object (found an array)");
        assert!(s[2].starts_with("in:5: no text field"));
        assert!(s[3].starts_with("in:6: empty document"));
    }

    #[test]
    fn overrides_and_bad_dates() {
        let o = InputOptions {
            text_field: Some("txt".into()),
            title_field: Some("h".into()),
            date_field: Some("when".into()),
            id_field: Some("key".into()),
            url_field: Some("href".into()),
            strict: false,
            max_doc_bytes: 0,
        };
        let ev = read(
            "jsonl",
            br#"{"txt":"x","content":"no","h":"T","when":"soon","key":"k","href":"H"}"#,
            o,
        );
        let d = docs(&ev);
        assert_eq!(d[0].text, "T\n\nx");
        assert_eq!(d[0].meta.id, "k");
        assert_eq!(d[0].meta.url.as_deref(), Some("H"));
        assert_eq!(d[0].meta.date, None);
        assert!(ev.contains(&super::super::InputEvent::Warning(
            "in:1: unrecognised date \"soon\" dropped".into()
        )));
    }

    #[test]
    fn invalid_utf8_in_a_line() {
        let input = b"{\"text\":\"a\"}\n{\"text\":\"b\xff\"}\n";
        let ev = read("jsonl", input, InputOptions::default());
        assert_eq!(docs(&ev).len(), 2);
        assert!(ev.contains(&super::super::InputEvent::Warning(
            "in:2: invalid UTF-8 at byte 23; decoded lossily (U+FFFD)".into()
        )));
        let strict = InputOptions {
            strict: true,
            ..InputOptions::default()
        };
        let ev = read("jsonl", input, strict);
        assert_eq!(docs(&ev).len(), 1);
        assert_eq!(skips(&ev), ["in:2: invalid UTF-8 at byte 23"]);
    }
}
