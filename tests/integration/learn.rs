//! Learning names across documents: `lexicon learn` and `extract --learn`.

use crate::common::bin;
use std::path::{Path, PathBuf};

/// A name no grammar finds bare: its first word is no known given name, so
/// only a title (and the comma after the name) makes it one.
const PERSON: &str = "ng:person:دوران_كيلاب";

/// Two articles name a minister with his title, a third names him bare.
fn corpus(dir: &Path) -> PathBuf {
    let d = dir.join("news");
    std::fs::create_dir(&d).unwrap();
    std::fs::write(
        d.join("a.txt"),
        "تصريحات\n\nقال وزير الخارجية المصري دوران كيلاب، إن الموسم جيد.\n",
    )
    .unwrap();
    std::fs::write(
        d.join("b.txt"),
        "حوار\n\nوأكد وزير الخارجية المصري دوران كيلاب، أن الحوار مستمر.\n",
    )
    .unwrap();
    std::fs::write(
        d.join("c.txt"),
        "لقاء\n\nالتقى دوران كيلاب الملك سلمان في الرياض.\n",
    )
    .unwrap();
    d
}

fn graph(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn has_node(g: &serde_json::Value, id: &str) -> bool {
    g["nodes"].as_array().unwrap().iter().any(|n| n["id"] == id)
}

fn has_link(g: &serde_json::Value, relation: &str, end: &str) -> bool {
    g["links"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["relation"] == relation && (l["source"] == end || l["target"] == end))
}

#[test]
fn learned_file_loads_back_and_finds_the_bare_name() {
    let dir = tempfile::tempdir().unwrap();
    let news = corpus(dir.path());
    let learned = dir.path().join("learned.toml");
    bin()
        .args(["lexicon", "learn"])
        .arg(&news)
        .arg("-o")
        .arg(&learned)
        .assert()
        .success()
        .stderr(predicates::str::contains("1 names learned"));
    let text = std::fs::read_to_string(&learned).unwrap();
    assert!(text.contains("key = \"person:دوران_كيلاب\""), "{text}");
    assert!(text.contains("type = \"person\""), "{text}");
    assert!(text.contains("ar = [\"دوران كيلاب\"]"), "{text}");
    assert!(
        text.contains("roles = [{ title = \"وزير الخارجية\", of = \"EGY\" }]"),
        "{text}"
    );
    assert!(
        text.contains("# 2 documents, 2 mentions; spellings: دوران كيلاب 2; states: EGY 2"),
        "{text}"
    );
    // the bare name: not found without the learned file, found with it
    let bare = news.join("c.txt");
    let out = dir.path().join("g.json");
    bin()
        .args(["extract", "-q", "-o"])
        .arg(&out)
        .arg(&bare)
        .assert()
        .success();
    assert!(!has_node(&graph(&out), PERSON));
    bin()
        .args(["extract", "-q", "-o"])
        .arg(&out)
        .arg(&bare)
        .arg("--lexicon")
        .arg(&learned)
        .assert()
        .success();
    let g = graph(&out);
    assert!(has_node(&g, PERSON), "{g}");
    assert!(has_link(&g, "met_with", PERSON), "{g}");
    // the mentions say it is a lexicon name now
    let mentions = dir.path().join("m.jsonl");
    bin()
        .args(["extract", "-q", "-o"])
        .arg(&mentions)
        .arg(&bare)
        .arg("--lexicon")
        .arg(&learned)
        .assert()
        .success();
    let m = std::fs::read_to_string(&mentions).unwrap();
    assert!(
        m.lines()
            .any(|l| l.contains(PERSON) && l.contains("\"resolution\":\"lexicon\"")),
        "{m}"
    );
}

#[test]
fn extract_learn_finds_the_bare_name_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let news = corpus(dir.path());
    let out = dir.path().join("g.json");
    bin()
        .args(["extract", "-o"])
        .arg(&out)
        .arg(&news)
        .assert()
        .success();
    assert!(!has_link(&graph(&out), "met_with", PERSON));
    bin()
        .args(["extract", "--learn", "-o"])
        .arg(&out)
        .arg(&news)
        .assert()
        .success()
        .stderr(predicates::str::contains("1 names learned"));
    let g = graph(&out);
    assert!(has_link(&g, "met_with", PERSON), "{g}");
    assert!(has_link(&g, "official_of", PERSON), "{g}");
    // the first pass reads, it does not count again
    assert_eq!(g["graph"]["documents"].as_array().unwrap().len(), 3);
    // a higher minimum learns nothing
    bin()
        .args(["extract", "--learn", "--learn-min-count", "3", "-q", "-o"])
        .arg(&out)
        .arg(&news)
        .assert()
        .success();
    assert!(!has_link(&graph(&out), "met_with", PERSON));
}

#[test]
fn min_count_keeps_names_of_enough_documents() {
    let dir = tempfile::tempdir().unwrap();
    let news = corpus(dir.path());
    for (n, found) in [("1", true), ("2", true), ("3", false)] {
        let a = bin()
            .args(["lexicon", "learn", "-q", "-o", "-", "--min-count", n])
            .arg(&news)
            .assert()
            .success();
        let text = String::from_utf8(a.get_output().stdout.clone()).unwrap();
        assert_eq!(text.contains("person:دوران_كيلاب"), found, "{n}: {text}");
        assert!(text.starts_with("# Names learned"), "{text}");
    }
    bin()
        .args(["lexicon", "learn", "-o", "-", "--min-count", "0"])
        .arg(&news)
        .assert()
        .code(2);
}

#[test]
fn learn_with_stdin_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.json");
    for args in [vec![], vec!["-"]] {
        bin()
            .args(["extract", "--learn", "-o"])
            .arg(&out)
            .args(&args)
            .write_stdin("قال وزير الخارجية المصري دوران كيلاب، إن الموسم جيد.\n")
            .assert()
            .code(2)
            .stderr(predicates::str::contains("stdin"));
    }
    assert!(!out.exists());
    // --learn-min-count only with --learn
    bin()
        .args(["extract", "--learn-min-count", "3", "-o"])
        .arg(&out)
        .arg(dir.path())
        .assert()
        .code(2);
    // `lexicon learn` reads stdin once: that is fine
    let a = bin()
        .args(["lexicon", "learn", "-q", "-o", "-", "--min-count", "1"])
        .write_stdin("قال وزير الخارجية المصري دوران كيلاب، إن الموسم جيد.\n")
        .assert()
        .success();
    let text = String::from_utf8(a.get_output().stdout.clone()).unwrap();
    assert!(text.contains("person:دوران_كيلاب"), "{text}");
}

#[test]
fn json_inputs_with_field_options() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.json");
    let stories = [
        "قال وزير الخارجية المصري سمير الوادي إن الموسم جيد.",
        "وأكد وزير الخارجية الأردني كريم الراشد أن الحوار مستمر.",
        "وأكد وزير الخارجية الأردني كريم الراشد أن اللقاء مثمر.",
    ];
    let records: Vec<serde_json::Value> = stories
        .iter()
        .enumerate()
        .map(|(i, s)| serde_json::json!({ "story": s, "ref": format!("n{i}") }))
        .collect();
    std::fs::write(&feed, serde_json::to_vec(&records).unwrap()).unwrap();
    let out = dir.path().join("l.toml");
    bin()
        .args([
            "lexicon",
            "learn",
            "-q",
            "--text-field",
            "story",
            "--id-field",
            "ref",
        ])
        .arg(&feed)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("person:كريم_الراشد"), "{text}");
    assert!(text.contains("of = \"JOR\""), "{text}");
    assert!(!text.contains("سمير"), "{text}");
}

#[test]
fn output_problems_are_found_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let news = corpus(dir.path());
    bin()
        .args(["lexicon", "learn", "-o"])
        .arg(dir.path().join("missing").join("l.toml"))
        .arg(&news)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("does not exist"));
    bin()
        .args(["lexicon", "learn", "-o"])
        .arg(dir.path())
        .arg(&news)
        .assert()
        .code(1);
    // a missing input: an error, nothing written
    let out = dir.path().join("l.toml");
    bin()
        .args(["lexicon", "learn", "-o"])
        .arg(&out)
        .arg(dir.path().join("nope"))
        .assert()
        .code(1);
    assert!(!out.exists());
}

/// Many documents (several batches) and names with ties in their counts.
fn big_corpus(path: &Path) {
    let given = ["سمير", "كريم", "نبيل", "هشام"];
    let family = ["الوادي", "الحكيم", "الراشد", "الساعدي", "المهدي", "النجار"];
    let states = ["المصري", "الأردني", "العراقي"];
    let mut lines = String::new();
    for i in 0..2600 {
        let name = format!("{} {}", given[i % 4], family[(i / 4) % 6]);
        let state = states[(i / 7) % 3];
        let text = if i % 5 == 0 {
            format!("التقى {name} الملك سلمان في الرياض.")
        } else {
            format!("قال وزير الخارجية {state} {name} إن الحوار مستمر.")
        };
        lines.push_str(&serde_json::json!({ "id": format!("d{i}"), "text": text }).to_string());
        lines.push('\n');
    }
    std::fs::write(path, lines).unwrap();
}

#[test]
fn learned_file_is_the_same_at_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("news.jsonl");
    big_corpus(&input);
    let mut files = Vec::new();
    for threads in ["1", "2", "3"] {
        let out = dir.path().join(format!("l{threads}.toml"));
        bin()
            .args(["lexicon", "learn", "-q", "--threads", threads, "-o"])
            .arg(&out)
            .arg(&input)
            .assert()
            .success();
        files.push(std::fs::read(&out).unwrap());
    }
    assert_eq!(files[0], files[1]);
    assert_eq!(files[0], files[2]);
    let text = String::from_utf8(files[0].clone()).unwrap();
    assert!(text.contains("24 names"), "{text}");
    // sorted by documents, then key
    let counts: Vec<(usize, String)> = text
        .lines()
        .zip(text.lines().skip(2))
        .filter(|(c, _)| c.starts_with("# ") && c.contains(" mentions; "))
        .map(|(c, k)| {
            let n = c[2..].split(' ').next().unwrap().parse().unwrap();
            (n, k.to_string())
        })
        .collect();
    assert_eq!(counts.len(), 24);
    let mut sorted = counts.clone();
    sorted.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    assert_eq!(counts, sorted);
    // several states, each with its count
    assert!(text.contains("states: "), "{text}");
    // and it loads back
    bin()
        .args(["extract", "-q", "-o"])
        .arg(dir.path().join("g.json"))
        .arg("--lexicon")
        .arg(dir.path().join("l1.toml"))
        .arg(&input)
        .assert()
        .success();
}

#[test]
fn library_learns_as_the_command_does() {
    let dir = tempfile::tempdir().unwrap();
    let news = corpus(dir.path());
    let config = newsgraph::Config {
        inputs: vec![news],
        ..newsgraph::Config::default()
    };
    let mut calls = 0;
    let (learned, summary) =
        newsgraph::learn(&config, &newsgraph::LearnOptions::default(), &mut |_, _| {
            calls += 1
        })
        .unwrap();
    assert!(calls > 0);
    assert_eq!(summary.documents, 3);
    assert_eq!(learned.documents, 3);
    assert_eq!(learned.actors.len(), 1);
    let a = &learned.actors[0];
    assert_eq!(a.id, PERSON);
    assert_eq!(a.documents, 2);
    assert_eq!(a.states[0].key, "EGY");
    let mut lex = newsgraph::Lexicon::builtin().unwrap();
    lex.add_str(&learned.to_toml(), "learned").unwrap();
    assert!(lex.actor(&a.key).is_some());
}

#[test]
fn seeds_learn_deterministically_and_load_back() {
    let Some(seeds) = crate::common::seeds() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(format!("l{threads}.toml"));
        bin()
            .args([
                "lexicon",
                "learn",
                "-q",
                "--min-count",
                "1",
                "--threads",
                threads,
                "-o",
            ])
            .arg(&out)
            .args(&seeds)
            .assert()
            .success();
        files.push(std::fs::read(&out).unwrap());
    }
    assert_eq!(files[0], files[1]);
    bin()
        .args(["extract", "-q", "-o"])
        .arg(dir.path().join("g.json"))
        .arg("--lexicon")
        .arg(dir.path().join("l1.toml"))
        .args(&seeds)
        .assert()
        .success();
}
