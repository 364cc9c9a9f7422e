//! Bounded work: inputs that used to take time or memory growing with the
//! square of a sentence, and inputs over the size limits. Each big input runs
//! in a child process limited to 1 GiB of address space.

use crate::common;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output};

/// The address space the child may use.
const LIMIT: u64 = 1 << 30;

/// Run the binary with `args` under the 1 GiB address-space limit.
/// `MALLOC_ARENA_MAX=1`: glibc reserves 64 MiB of address space per thread
/// arena, which `RLIMIT_AS` counts though it is not memory used.
fn run_limited(args: &[&std::ffi::OsStr]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsgraph"));
    cmd.args(args).env("MALLOC_ARENA_MAX", "1");
    // SAFETY: only setrlimit, which is async-signal-safe, runs in the child.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: LIMIT,
                rlim_max: LIMIT,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().expect("the binary runs")
}

const FORMATS: [&str; 6] = ["json", "graphml", "gexf", "jsonld", "nq", "jsonl"];

/// Extract `input` into all six outputs under the limit; checks each parses
/// and returns the node-link graph and stderr.
fn extract_all(dir: &Path, input: &Path, extra: &[&str]) -> (serde_json::Value, String) {
    let mut args: Vec<std::ffi::OsString> = vec!["extract".into(), input.into()];
    for f in FORMATS {
        args.push("-o".into());
        args.push(dir.join(format!("g.{f}")).into());
    }
    args.extend(extra.iter().map(Into::into));
    let refs: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let out = run_limited(&refs);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
    let read = |f: &str| std::fs::read(dir.join(format!("g.{f}"))).expect("output written");
    let graph: serde_json::Value = serde_json::from_slice(&read("json")).expect("node-link JSON");
    for f in ["graphml", "gexf"] {
        let bytes = read(f);
        let text = std::str::from_utf8(&bytes).expect("UTF-8");
        roxmltree::Document::parse(text.trim_start_matches('\u{feff}'))
            .unwrap_or_else(|e| panic!("{f} is not well-formed: {e}"));
    }
    let quads = oxjsonld::JsonLdParser::new()
        .for_slice(&read("jsonld"))
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}"));
    assert!(!quads.is_empty());
    let nq = oxttl::NQuadsParser::new()
        .for_slice(&read("nq"))
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("N-Quads do not parse: {e}"));
    assert!(!nq.is_empty());
    let mentions = read("jsonl");
    let mut n = 0;
    for line in mentions.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let _: serde_json::Value = serde_json::from_slice(line).expect("a mention is JSON");
        n += 1;
    }
    assert!(n > 0);
    (graph, stderr)
}

/// The input: a title, a blank line, then `words` words drawn with a
/// fixed seed from a list of actors and triggers, single spaces, no
/// punctuation and no line break.
fn long_line(words: usize) -> String {
    let vocab: Vec<&str> = "التحالف الدولي ضد داعش مصر والأردن اجتماع بين الولايات المتحدة كلمة أخرى"
        .split(' ')
        .collect();
    let mut s = String::from("عنوان\n\n");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for k in 0..words {
        // xorshift64
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        if k > 0 {
            s.push(' ');
        }
        s.push_str(vocab[(x % vocab.len() as u64) as usize]);
    }
    s
}

fn ids(graph: &serde_json::Value) -> Vec<&str> {
    graph["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter_map(|n| n["id"].as_str())
        .collect()
}

#[test]
fn regression_quadratic_600k_word_line_runs_under_1gib() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("line.txt");
    std::fs::write(&input, long_line(600_000)).expect("write input");
    let (graph, stderr) = extract_all(dir.path(), &input, &[]);
    // the sentence was cut, and each cut is reported with its place
    assert!(
        stderr.contains("line.txt: a sentence longer than 2000 tokens was cut at character "),
        "{stderr}"
    );
    assert!(stderr.contains("where work was bounded"), "{stderr}");
    assert!(ids(&graph).len() >= 4, "{:?}", ids(&graph));
    assert!(!graph["links"].as_array().expect("links").is_empty());
}

#[test]
fn regression_one_name_repeated_over_50mb_runs_under_1gib() {
    // 50 MB in an optimised build; a debug build (about 8 times slower)
    // takes 10 MB, still 5,000 times the sentence window
    let mb = if cfg!(debug_assertions) { 10 } else { 50 };
    // the shortest name gives the most mentions a byte (7 million)
    let name = "مصر ";
    let text = name.repeat(mb * 1_000_000 / name.len());
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("repeated.txt");
    std::fs::write(&input, &text).expect("write input");
    let (graph, stderr) = extract_all(dir.path(), &input, &["--max-doc-bytes", "64MiB"]);
    assert_eq!(ids(&graph).len(), 1, "{stderr}");
    assert_eq!(
        graph["graph"]["documents"].as_array().map(Vec::len),
        Some(1)
    );
}

#[test]
fn document_over_max_doc_bytes_is_skipped_and_the_rest_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let big = dir.path().join("a-big.txt");
    std::fs::write(&big, "مصر ".repeat(1000)).expect("write");
    std::fs::write(dir.path().join("b-small.txt"), "التقى السيسي مع أوباما").expect("write");
    let out = common::bin()
        .args(["extract", "--max-doc-bytes", "2K", "-o", "-"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("skipped ")
            && stderr.contains("a-big.txt: document too large (more than 2000 bytes"),
        "{stderr}"
    );
    let graph: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        graph["graph"]["documents"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(graph["graph"]["skipped"].as_array().map(Vec::len), Some(1));
}

#[test]
fn regression_overlong_jsonl_line_and_array_element_are_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let long = "كلمة ".repeat(500);
    let lines = format!(
        "{{\"id\":\"a\",\"text\":\"مصر\"}}\n{{\"id\":\"b\",\"text\":\"{long}\"}}\n{{\"id\":\"c\",\"text\":\"الأردن\"}}\n"
    );
    std::fs::write(dir.path().join("f.jsonl"), lines).expect("write");
    let array = format!(
        "[{{\"id\":\"d\",\"text\":\"مصر\"}},{{\"id\":\"e\",\"text\":\"{long}\"}},{{\"id\":\"f\",\"text\":\"قطر\"}}]"
    );
    std::fs::write(dir.path().join("g.json"), array).expect("write");
    let out = common::bin()
        .args(["extract", "--max-doc-bytes", "1000", "-o", "-"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("f.jsonl:2: document too large ("),
        "{stderr}"
    );
    assert!(
        stderr.contains("g.json#1: document too large ("),
        "{stderr}"
    );
    let graph: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let docs: Vec<&str> = graph["graph"]["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| d["id"].as_str())
        .collect();
    assert_eq!(docs, ["a", "c", "d", "f"]);
}

#[test]
fn regression_100k_nested_brackets_error_with_their_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    // unclosed, as a whole file and as a line of JSON Lines
    std::fs::write(dir.path().join("a.json"), "[".repeat(100_000)).expect("write");
    let jsonl = format!("{{\"text\":\"مصر\"}}\n{}\n", "[".repeat(100_000));
    std::fs::write(dir.path().join("b.jsonl"), jsonl).expect("write");
    // closed, inside an element of an array
    let deep = format!(
        "[{{\"text\":\"قطر\"}},{{\"text\":\"مصر\",\"x\":{}{}}}]",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    std::fs::write(dir.path().join("c.json"), deep).expect("write");
    let out = common::bin()
        .args(["extract", "-o", "-"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("a.json:1: malformed JSON at line 1 column 100000 (byte 99999)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("b.jsonl:2: malformed JSON at column 128: recursion limit exceeded"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "c.json#1: malformed JSON at line 1 column 167 (byte 166): recursion limit exceeded"
        ),
        "{stderr}"
    );
    let graph: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        graph["graph"]["documents"].as_array().map(Vec::len),
        Some(2)
    );
}
