//! Tests of input: formats, directories, stdin, field options and bad input.
//! Each bad input is checked for its message and for the other documents still
//! reaching the output.

use crate::common::{bin, shared};
use newsgraph::{InputEvent, InputOptions, read_inputs};
use serde_json::Value;
use std::path::{Path, PathBuf};

const ARTICLE: &str = "وزير الخارجية يزور القاهرة\n\nالتقى وزير الخارجية نظيره المصري.";

fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, content).unwrap();
    p
}

/// Run `extract` on `inputs` (in `dir`) to `g.json`; returns the node-link
/// JSON's `graph` object and stderr.
fn extract(dir: &Path, args: &[&str]) -> (Value, String) {
    let out = bin()
        .current_dir(dir)
        .arg("extract")
        .args(args)
        .args(["-o", "g.json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    let v: Value = serde_json::from_slice(&std::fs::read(dir.join("g.json")).unwrap()).unwrap();
    (v["graph"].clone(), stderr)
}

fn ids(graph: &Value) -> Vec<String> {
    graph["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect()
}

fn skipped(graph: &Value) -> Vec<(String, String)> {
    graph["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["input"].as_str().unwrap().to_string(),
                s["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn events(inputs: &[PathBuf], options: &InputOptions) -> Vec<InputEvent> {
    let mut v = Vec::new();
    read_inputs(inputs, options, &mut |e| v.push(e)).unwrap();
    v
}

#[test]
fn text_file_title_id_and_source() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "visit.txt", format!("\n  {ARTICLE}"));
    let (g, _) = extract(dir.path(), &["visit.txt"]);
    let d = &g["documents"][0];
    assert_eq!(d["id"], "visit.txt");
    assert_eq!(d["title"], "وزير الخارجية يزور القاهرة");
    assert_eq!(d["source"], "visit.txt");
}

#[test]
fn directories_are_read_recursively_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("news");
    write(&root, "b.txt", ARTICLE);
    write(&root, "a/z.txt", ARTICLE);
    write(&root, "a/c.jsonl", "{\"text\":\"x\",\"id\":\"c0\"}\n");
    write(&root, "0.txt", ARTICLE);
    write(&root, ".hidden.txt", ARTICLE);
    let order: Vec<String> = events(&[root], &InputOptions::default())
        .into_iter()
        .map(|e| match e {
            InputEvent::Document(d) => d.meta.id,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(order, ["0.txt", "c0", "z.txt", "b.txt"]);
}

#[test]
fn json_array_fields_dates_and_ids() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "feed.json",
        r#"{"status":"ok","articles":[
            {"title":"عنوان","content":"نص","date_extracted":"2015-07-21 10:32:00","url":"http://x/1","source":"spa"},
            {"headline":"ع","body":"نص","pubDate":"Tue, 21 Jul 2015 10:32:00 +0300","guid":"g-2"},
            {"text":"نص","published":"someday"}
        ]}"#,
    );
    let (g, stderr) = extract(dir.path(), &["feed.json"]);
    assert_eq!(ids(&g), ["feed.json#2", "g-2", "http://x/1"]);
    let docs = g["documents"].as_array().unwrap();
    assert_eq!(docs[2]["date"], "2015-07-21T10:32:00");
    assert_eq!(docs[2]["source"], "spa");
    assert_eq!(docs[1]["date"], "2015-07-21T10:32:00+03:00");
    assert_eq!(docs[1]["source"], "feed.json");
    assert!(docs[0].get("date").is_none());
    assert!(
        stderr.contains("feed.json#2: unrecognised date \"someday\" dropped"),
        "{stderr}"
    );
}

#[test]
fn json_record_text_is_title_blank_line_body() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "a.jsonl",
        "{\"title\":\" T \",\"content\":\"B\"}\n{\"content\":\"B\"}\n",
    );
    let texts: Vec<String> = events(&[p], &InputOptions::default())
        .into_iter()
        .filter_map(|e| match e {
            InputEvent::Document(d) => Some(d.text),
            _ => None,
        })
        .collect();
    assert_eq!(texts, ["T\n\nB", "B"]);
}

#[test]
fn field_options_override_the_usual_names() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.ndjson",
        "{\"story\":\"نص\",\"content\":\"لا\",\"hed\":\"H\",\"when\":\"2015-07-22\",\"key\":\"K\",\"href\":\"U\"}\n",
    );
    let (g, _) = extract(
        dir.path(),
        &[
            "a.ndjson",
            "--text-field",
            "story",
            "--title-field",
            "hed",
            "--date-field",
            "when",
            "--id-field",
            "key",
            "--url-field",
            "href",
        ],
    );
    let d = &g["documents"][0];
    assert_eq!(d["id"], "K");
    assert_eq!(d["title"], "H");
    assert_eq!(d["date"], "2015-07-22");
    assert_eq!(d["url"], "U");
    // The text field override is exclusive: a record without it is skipped.
    write(dir.path(), "b.jsonl", "{\"content\":\"نص\"}\n");
    let (g, _) = extract(dir.path(), &["b.jsonl", "--text-field", "story"]);
    assert_eq!(
        skipped(&g),
        [(
            "b.jsonl:1".into(),
            "no text field (looked for \"story\")".into()
        )]
    );
}

#[test]
fn stdin_text_json_lines_and_array() {
    let dir = tempfile::tempdir().unwrap();
    for (input, want) in [
        (ARTICLE.to_string(), vec!["stdin"]),
        (
            "\u{feff}{\"text\":\"a\"}\n{\"text\":\"b\",\"id\":\"B\"}\n".to_string(),
            vec!["B", "stdin#0"],
        ),
        ("  [{\"text\":\"a\"}]".to_string(), vec!["stdin#0"]),
        ("{\n \"text\": \"a\"\n}\n".to_string(), vec!["stdin#0"]),
    ] {
        let out = bin()
            .current_dir(dir.path())
            .args(["extract", "-", "-o", "-"])
            .write_stdin(input.clone())
            .output()
            .unwrap();
        assert!(out.status.success(), "{input:?}");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(ids(&v["graph"]), want, "{input:?}");
        assert_eq!(v["graph"]["documents"][0]["source"], "-");
    }
    // Line numbers of stdin count from its first line, blank ones included.
    let out = bin()
        .args(["extract", "-o", "-", "-q"])
        .write_stdin("\n \n{\"text\":\"a\"}\n{bad\n{\"text\":\"c\"}\n")
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ids(&v["graph"]), ["stdin#2", "stdin#4"]);
    assert_eq!(skipped(&v["graph"])[0].0, "<stdin>:4");
    // No input at all means stdin too.
    bin()
        .args(["extract", "-o", "-"])
        .write_stdin(ARTICLE)
        .assert()
        .success()
        .stdout(predicates::str::contains("\"stdin\""));
}

/// The run checks ids against its graph (no list of its own): the warnings are
/// those of `read_inputs`, in the same order, across batches of documents.
#[test]
fn repeated_ids_warn_in_input_order_and_keep_the_first_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = (0..1300)
        .map(|i| {
            // ids d0..d4 come again at 1000..1004; a bad date at 7, 700 and
            // 1002 (a repeated id too) and at 1100.
            let date = if [7, 700, 1002, 1100].contains(&i) {
                "someday"
            } else {
                "2015-07-21"
            };
            let id = if (1000..1005).contains(&i) {
                i - 1000
            } else {
                i
            };
            serde_json::json!({"id": format!("d{id}"), "title": format!("t{i}"),
                "date": date, "text": ARTICLE})
            .to_string()
        })
        .collect();
    let input = write(dir.path(), "a.jsonl", lines.join("\n"));
    let want: Vec<String> = events(std::slice::from_ref(&input), &InputOptions::default())
        .into_iter()
        .filter_map(|e| match e {
            InputEvent::Warning(w) => Some(w),
            _ => None,
        })
        .collect();
    assert_eq!(want.len(), 9, "{want:?}");
    assert!(want[3].contains("duplicate document id \"d1\""), "{want:?}");
    assert!(want[4].contains("unrecognised date"), "{want:?}");
    assert!(want[5].contains("duplicate document id \"d2\""), "{want:?}");
    for threads in [1, 2] {
        let config = newsgraph::Config {
            inputs: vec![input.clone()],
            ..newsgraph::Config::default()
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let (graph, summary) = pool
            .install(|| newsgraph::run(&config, &mut |_, _| {}))
            .unwrap();
        assert_eq!(summary.warnings, want);
        assert_eq!(summary.documents, 1300);
        assert_eq!(graph.document_count(), 1295);
        let first = graph.documents().next().unwrap().unwrap();
        assert_eq!(
            (first.id.as_str(), first.title.as_deref()),
            ("d0", Some("t0"))
        );
    }
}

#[test]
fn invalid_utf8_is_decoded_with_a_warning_naming_the_byte() {
    let dir = tempfile::tempdir().unwrap();
    let mut bad = "خبر".as_bytes().to_vec();
    bad.extend([b' ', 0xff, b' ']);
    bad.extend("عاجل".as_bytes());
    write(dir.path(), "bad.txt", &bad);
    write(dir.path(), "good.txt", ARTICLE);
    let (g, stderr) = extract(dir.path(), &["bad.txt", "good.txt"]);
    assert!(
        stderr.contains("bad.txt: invalid UTF-8 at byte 7; decoded lossily"),
        "{stderr}"
    );
    assert_eq!(ids(&g), ["bad.txt", "good.txt"]);

    // Under --strict it is a skip, and the run fails without writing.
    let out = bin()
        .current_dir(dir.path())
        .args(["extract", "bad.txt", "good.txt", "--strict", "-o", "s.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("skipped bad.txt: invalid UTF-8 at byte 7"),
        "{stderr}"
    );
    assert!(stderr.contains("1 input(s) skipped under --strict"));
    assert!(!dir.path().join("s.json").exists());
}

#[test]
fn malformed_json_line_is_skipped_and_the_rest_read() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.jsonl",
        "{\"text\":\"a\",\"id\":\"1\"}\n{\"text\":\"b\",}\n\n{\"text\":\"c\",\"id\":\"3\"}\n",
    );
    let (g, stderr) = extract(dir.path(), &["a.jsonl"]);
    assert_eq!(ids(&g), ["1", "3"]);
    let s = skipped(&g);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].0, "a.jsonl:2");
    assert!(s[0].1.starts_with("malformed JSON at column"), "{s:?}");
    assert!(
        stderr.contains("skipped a.jsonl:2: malformed JSON"),
        "{stderr}"
    );
}

#[test]
fn malformed_json_array_keeps_the_records_before() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.json",
        "[\n{\"text\":\"a\",\"id\":\"1\"},\n{\"text\":\"b\",\"id\":\"2\"},\n{\"text\" \"c\"},\n{\"text\":\"d\",\"id\":\"4\"}\n]",
    );
    write(dir.path(), "b.txt", ARTICLE);
    let (g, stderr) = extract(dir.path(), &["a.json", "b.txt"]);
    assert_eq!(ids(&g), ["1", "2", "b.txt"]);
    let s = skipped(&g);
    assert_eq!(s[0].0, "a.json:4");
    assert!(
        s[0].1
            .starts_with("malformed JSON at line 4 column 9 (byte 56)"),
        "{s:?}"
    );
    assert!(s[0].1.contains("the 2 record(s) before it were read"));
    assert!(stderr.contains("skipped a.json:4"), "{stderr}");
}

#[test]
fn binary_and_empty_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.bin", b"PK\x03\x04\x00\x00binary");
    write(dir.path(), "in/b.txt", " \n\t\n");
    write(dir.path(), "in/c.json", "[]");
    write(dir.path(), "in/d.json", "");
    write(dir.path(), "in/e.txt", ARTICLE);
    let (g, stderr) = extract(dir.path(), &["in"]);
    assert_eq!(ids(&g), ["e.txt"]);
    let s = skipped(&g);
    let want = [
        ("in/a.bin", "binary file (NUL byte at byte 4)"),
        ("in/b.txt", "empty document"),
        ("in/d.json", "empty document"),
    ];
    assert_eq!(s.len(), want.len(), "{s:?}");
    for (a, b) in want {
        assert!(s.contains(&(a.to_string(), b.to_string())), "{s:?}");
    }
    assert!(stderr.contains("1 documents read, 3 skipped"), "{stderr}");
}

#[test]
fn records_without_text_are_skipped_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.json",
        r#"[{"title":"no body"},{"content":42},"str",{"content":"  "},{"content":"ok"}]"#,
    );
    let (g, _) = extract(dir.path(), &["a.json"]);
    assert_eq!(ids(&g), ["a.json#4"]);
    let s = skipped(&g);
    assert_eq!(
        s,
        [
            (
                "a.json#0".into(),
                "no text field (looked for content, text, body, article)".into()
            ),
            (
                "a.json#1".into(),
                "text field \"content\" is not a string".into()
            ),
            (
                "a.json#2".into(),
                "not a JSON object (found a string)".into()
            ),
            (
                "a.json#3".into(),
                "empty document (the text field is blank)".into()
            ),
        ]
    );
}

#[test]
fn a_missing_path_is_an_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", ARTICLE);
    bin()
        .current_dir(dir.path())
        .args(["extract", "a.txt", "nowhere.txt", "-o", "g.json"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("nowhere.txt"));
    assert!(!dir.path().join("g.json").exists());
}

/// Every article of a SaudiNewsNet day (a zip holding one JSON array) is
/// accounted for: read + skipped = records in the file.
#[test]
fn saudinewsnet_day_is_fully_accounted_for() {
    let Some(corpus) = shared("corpus/saudinewsnet") else {
        return;
    };
    let mut zips: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "zip"))
        .collect();
    zips.sort();
    let zip = zips.first().expect("a zip in the corpus");
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
        ])
        .arg(zip)
        .arg(dir.path().join("day"))
        .status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("skipping: python3 cannot unzip {}", zip.display());
        return;
    }
    let json = std::fs::read_dir(dir.path().join("day"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .unwrap();
    let records = serde_json::from_slice::<Vec<Value>>(&std::fs::read(&json).unwrap())
        .unwrap()
        .len();
    let (g, stderr) = extract(dir.path(), &["day"]);
    let read = g["documents"].as_array().unwrap().len();
    let skipped = g["skipped"].as_array().unwrap().len();
    assert_eq!(read + skipped, records, "{stderr}");
    assert!(read > 0);
    assert!(stderr.contains(&format!("{read} documents read, {skipped} skipped")));
    let first = &g["documents"][0];
    assert!(first["date"].as_str().unwrap().starts_with("2015-07-2"));
    assert!(first["url"].as_str().unwrap().starts_with("http"));
}
