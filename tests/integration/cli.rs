//! Tests of the command line: outputs, atomic writing, usage errors, exit
//! codes, broken pipes, convert, summary and --quiet.

use crate::common::{bin, have};
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

const ARTICLE: &str = "وزير الخارجية يزور القاهرة\n\nالتقى وزير الخارجية نظيره المصري.";

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    dir
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn several_outputs_in_one_pass() {
    let dir = setup();
    bin()
        .current_dir(dir.path())
        .args(["extract", "a.txt", "-o", "g.json", "-o", "m.jsonl"])
        .assert()
        .success();
    let v: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("g.json")).unwrap()).unwrap();
    assert_eq!(v["graph"]["documents"][0]["id"], "a.txt");
    assert!(dir.path().join("m.jsonl").exists());
    assert_eq!(names(dir.path()), ["a.txt", "g.json", "m.jsonl"]);
}

#[test]
fn format_option_applies_to_one_output_only() {
    let dir = setup();
    bin()
        .current_dir(dir.path())
        .args(["extract", "a.txt", "-o", "g.out", "--format", "json"])
        .assert()
        .success();
    let v: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("g.out")).unwrap()).unwrap();
    assert_eq!(v["directed"], true);
    bin()
        .current_dir(dir.path())
        .args(["extract", "a.txt", "-o", "x.json", "-o", "y.json"])
        .args(["--format", "json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--format applies to a single output",
        ));
    assert!(!dir.path().join("x.json").exists());
}

#[test]
fn usage_errors_exit_2() {
    let dir = setup();
    for args in [
        &["extract", "a.txt", "-o", "g.unknown"][..],
        &["extract", "a.txt", "-o", "-", "-o", "-"],
        &["extract", "a.txt", "-o", "g.json", "-o", "g.json"],
        &["extract", "a.txt"],
        &["extract", "a.txt", "-o", "g.json", "--threads", "0"],
        &["extract", "a.txt", "-o", "g.json", "--format", "pdf"],
        &["frobnicate"],
    ] {
        bin()
            .current_dir(dir.path())
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::is_empty().not());
    }
    bin()
        .current_dir(dir.path())
        .args(["extract", "a.txt", "-o", "g.unknown"])
        .assert()
        .stderr(predicate::str::contains(
            "cannot tell the format of g.unknown",
        ));
    assert_eq!(names(dir.path()), ["a.txt"]);
}

#[test]
fn a_failing_output_leaves_the_others_untouched() {
    let dir = setup();
    std::fs::write(dir.path().join("g.json"), "old").unwrap();
    bin()
        .current_dir(dir.path())
        .args(["extract", "a.txt", "-o", "g.json", "-o", "missing/m.jsonl"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing/m.jsonl"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("g.json")).unwrap(),
        "old"
    );
    assert_eq!(names(dir.path()), ["a.txt", "g.json"]);
    // A directory as a target fails before anything is written, too.
    std::fs::create_dir(dir.path().join("d.json")).unwrap();
    bin()
        .current_dir(dir.path())
        .args(["extract", "a.txt", "-o", "g.json", "-o", "d.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("d.json"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("g.json")).unwrap(),
        "old"
    );
    assert_eq!(names(dir.path()), ["a.txt", "d.json", "g.json"]);
}

/// The documents' metadata waits in a temporary file in TMPDIR: when it cannot
/// be made, the run fails naming the directory, and writes nothing.
#[test]
fn an_unusable_temporary_directory_is_an_error_naming_it() {
    let dir = setup();
    let tmp = dir.path().join("no-such-tmp");
    bin()
        .current_dir(dir.path())
        .env("TMPDIR", &tmp)
        .args(["extract", "a.txt", "-o", "g.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "temporary document store in {}",
            tmp.display()
        )));
    assert_eq!(names(dir.path()), ["a.txt"]);
}

#[test]
fn stdout_output() {
    let dir = setup();
    let out = bin()
        .current_dir(dir.path())
        .args(["extract", "a.txt", "-o", "-", "-o", "g.json", "--quiet"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        out.stdout,
        std::fs::read(dir.path().join("g.json")).unwrap(),
        "stdout and the file hold the same graph"
    );
    assert!(out.stderr.is_empty());
}

#[test]
fn broken_pipe_is_not_an_error() {
    if !have("head") {
        return;
    }
    let dir = setup();
    // Enough documents for the output to outgrow the pipe buffer.
    let mut jsonl = String::new();
    for i in 0..3000 {
        jsonl.push_str(&format!(
            "{{\"id\":\"document-with-a-long-identifier-{i:05}\",\"title\":\"t\",\"text\":\"نص\"}}\n"
        ));
    }
    std::fs::write(dir.path().join("many.jsonl"), jsonl).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("newsgraph");
    // The exit status is captured inside the pipeline (POSIX sh has no PIPESTATUS).
    let out2 = std::process::Command::new("sh")
        .current_dir(dir.path())
        .arg("-c")
        .arg(format!(
            "{{ '{}' extract many.jsonl -o - --quiet; echo $? >status; }} | head -c1 >/dev/null",
            bin.display()
        ))
        .output()
        .unwrap();
    assert!(out2.status.success());
    let status = std::fs::read_to_string(dir.path().join("status")).unwrap();
    assert_eq!(status.trim(), "0");
    assert!(
        out2.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out2.stderr)
    );
}

#[test]
fn convert_round_trips_node_link() {
    let dir = setup();
    std::fs::write(
        dir.path().join("b.jsonl"),
        "{\"id\":\"b1\",\"title\":\"ع\",\"text\":\"نص\",\"date\":\"2015-07-21 10:32:00\",\"url\":\"http://x\"}\n{bad\n",
    )
    .unwrap();
    bin()
        .current_dir(dir.path())
        .args(["extract", "a.txt", "b.jsonl", "-o", "g.json", "--quiet"])
        .assert()
        .success();
    bin()
        .current_dir(dir.path())
        .args(["convert", "g.json", "-o", "h.json"])
        .assert()
        .success()
        .stderr(predicate::str::contains("converted g.json"));
    let a = std::fs::read(dir.path().join("g.json")).unwrap();
    let b = std::fs::read(dir.path().join("h.json")).unwrap();
    assert_eq!(String::from_utf8(a).unwrap(), String::from_utf8(b).unwrap());
    bin()
        .current_dir(dir.path())
        .args(["convert", "a.txt", "-o", "z.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a.txt"));
    assert!(!dir.path().join("z.json").exists());
}

#[test]
fn convert_verbose_prints_read_and_write_seconds() {
    let dir = setup();
    bin()
        .current_dir(dir.path())
        .args(["extract", "a.txt", "-o", "g.json", "--quiet"])
        .assert()
        .success();
    bin()
        .current_dir(dir.path())
        .args([
            "convert",
            "g.json",
            "-o",
            "g.graphml",
            "-o",
            "g.nq",
            "--verbose",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("newsgraph: read g.json in "))
        .stderr(predicate::str::contains(" s; wrote graphml, nq in "));
    bin()
        .current_dir(dir.path())
        .args(["convert", "g.json", "-o", "h.nq", "-q", "-v"])
        .assert()
        .code(2);
}

#[test]
fn summary_on_stderr_and_quiet() {
    let dir = setup();
    std::fs::write(dir.path().join("e.txt"), "").unwrap();
    bin()
        .current_dir(dir.path())
        .args(["extract", "a.txt", "e.txt", "-o", "g.json"])
        .assert()
        .success()
        .stdout(predicate::str::is_empty())
        .stderr(
            predicate::str::contains("1 documents read, 1 skipped, 0 warnings")
                .and(predicate::str::contains("skipped e.txt: empty document"))
                .and(predicate::str::contains("actors"))
                .and(predicate::str::contains("relations"))
                .and(predicate::str::contains("MB/s")),
        );
    bin()
        .current_dir(dir.path())
        .args(["extract", "a.txt", "e.txt", "-o", "g.json", "--quiet"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
    bin()
        .current_dir(dir.path())
        .args([
            "extract", "a.txt", "e.txt", "-o", "g.json", "-q", "--strict",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("skipped e.txt: empty document"));
}

#[test]
fn threads_option_gives_the_same_graph() {
    let dir = setup();
    for (n, out) in [("1", "one.json"), ("3", "three.json")] {
        bin()
            .current_dir(dir.path())
            .args(["extract", "a.txt", "--threads", n, "-q", "-o", out])
            .assert()
            .success();
    }
    assert_eq!(
        std::fs::read(dir.path().join("one.json")).unwrap(),
        std::fs::read(dir.path().join("three.json")).unwrap()
    );
}

#[test]
fn help_has_examples() {
    bin().args(["extract", "--help"]).assert().success().stdout(
        predicate::str::contains("Examples:")
            .and(predicate::str::contains("--text-field"))
            .and(predicate::str::contains(".graphml")),
    );
    bin()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes"));
}

#[test]
fn bundled_examples_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.json");
    bin()
        .arg("extract")
        .arg(root.join("visit.txt"))
        .arg(root.join("articles.jsonl"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "4 documents read, 0 skipped, 0 warnings",
        ));
}

#[test]
fn lexicon_names_lists_the_names_the_lexicon_matches() {
    let out = bin().args(["lexicon", "names"]).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines.contains(&"أفغانستان"));
    assert!(lines.contains(&"كابل"), "capitals are names too");
    assert!(
        lines.windows(2).all(|w| w[0] < w[1]),
        "sorted, no duplicates"
    );

    let dir = tempfile::tempdir().unwrap();
    let lex = dir.path().join("extra.toml");
    std::fs::write(
        &lex,
        "[[actor]]\nkey = \"ZZZ\"\ntype = \"country\"\nen = \"Zed\"\nar = [\"زدستان\"]\n",
    )
    .unwrap();
    bin()
        .args(["lexicon", "names", "--no-builtin-lexicon", "--lexicon"])
        .arg(&lex)
        .assert()
        .success()
        .stdout("زدستان\n");
    bin()
        .args(["lexicon", "names", "--lexicon"])
        .arg(&lex)
        .assert()
        .success()
        .stdout(predicate::str::contains("زدستان\n").and(predicate::str::contains("كابل\n")));
    bin()
        .args(["lexicon", "names", "--lexicon", "/nonexistent/lexicon.toml"])
        .assert()
        .failure();
}
