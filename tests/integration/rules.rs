//! Relation rules as data: wrong rule files refused at load with file, line
//! and id; `rules test` on a user's file; `explain`; the rule in every output.

use crate::common::bin;
use std::path::Path;

/// A rule file with one rule whose pattern (and extra TOML) is given.
fn rule_file(dir: &Path, name: &str, body: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

const GOOD: &str = r#"# a user's rule
[[class]]
name = "welcome"
ar = ["رحب", "ترحيب"]

[[rule]]
id = "user.welcomes"
relation = "supports"
pattern = '%welcome source=actor:country target=actor:country[ب]'
[[rule.example]]
text = "ورحبت مصر بالسعودية في القمة."
gives = ["مصر supports السعودية"]
[[rule.counter]]
text = "ورحبت مصر بالضيوف في القمة."
"#;

fn one_rule(pattern: &str) -> String {
    format!(
        r#"
[[rule]]
id = "user.bad"
relation = "supports"
pattern = '{pattern}'
[[rule.example]]
text = "ودعمت مصر اليمن."
gives = ["مصر supports اليمن"]
[[rule.counter]]
text = "وقالت مصر."
"#
    )
}

/// The error `newsgraph rules test FILE` prints for a rule file.
fn load_error(body: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let f = rule_file(dir.path(), "bad.toml", body);
    let out = bin().args(["rules", "test"]).arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "a wrong rule file must fail");
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        err.contains("bad.toml:3") && err.contains("user.bad"),
        "no file, line and id in: {err}"
    );
    err
}

#[test]
fn wrong_rule_files_are_refused_with_file_line_and_id() {
    assert!(
        load_error(&one_rule("source=actor %nothing target=actor")).contains("unknown word class")
    );
    assert!(
        load_error(&one_rule("source=actor $nothing target=actor")).contains("unknown word list")
    );
    assert!(load_error(&one_rule("source=actor ( \"x\" target=actor")).contains("without its `)`"));
    assert!(load_error(&one_rule("source=actor \"x\" ) target=actor")).contains("without its `(`"));
    assert!(load_error(&one_rule("\"x\" target=actor")).contains("no source="));
    assert!(load_error(&one_rule("source=actor \"x\"")).contains("no target="));
    assert!(load_error(&one_rule("source=actor _* target=actor")).contains("without bound"));
    assert!(load_error(&one_rule("source=actor _{1,} target=actor")).contains("without bound"));
    assert!(
        load_error(&one_rule("source=actor _{0,30} _{0,30} target=actor")).contains("more than")
    );
    assert!(
        load_error(&one_rule("source=actor:planet target=actor")).contains("unknown actor type")
    );
    assert!(
        load_error(&one_rule(
            "source=actor trigger:member_of.nothing target=actor"
        ))
        .contains("unknown trigger entry")
    );
    // the elements and options added for the frames' rules
    assert!(
        load_error(&one_rule("start? source=actor target=actor")).contains("`start` is repeated")
    );
    assert!(
        load_error(&one_rule("~start source=actor target=actor")).contains("`~` takes one element")
    );
    assert!(
        load_error(&one_rule("source=subject[ل] target=actor"))
            .contains("a subject has no proclitic")
    );
    assert!(load_error(&one_rule("source=actor target=object[ب]")).contains("takes no proclitic"));
    let per_trigger = one_rule("source=actor trigger:supports target=actor")
        .replace("[[rule.example]]", "per_trigger = true\n[[rule.example]]");
    assert!(load_error(&per_trigger).contains("needs a trigger= capture on every way"));
    // the elements and options added for the verb and noun frames
    let grouped = one_rule("source=actor trigger:supports target=actor")
        .replace("[[rule.example]]", "group = \"g\"\n[[rule.example]]");
    assert!(load_error(&grouped).contains("needs a trigger= capture on every way"));
    let of_trigger = one_rule("source=actor trigger=trigger target=actor")
        .replace("relation = \"supports\"", "relation = \"trigger\"");
    assert!(load_error(&of_trigger).contains("relation = \"trigger\" needs a trigger= capture"));
    let unknown = one_rule("source=actor trigger=trigger:supports target=actor")
        .replace("relation = \"supports\"", "relation = \"likes\"");
    assert!(load_error(&unknown).contains("unknown relation \"likes\""));
    assert!(
        load_error(&one_rule("source=actor pronoun? target=actor"))
            .contains("`pronoun` is not repeated")
    );
    assert!(
        load_error(&one_rule("source=actor target=participants{2}"))
            .contains("`participants` is not repeated")
    );
    assert!(
        load_error(&one_rule("source=actor ~participants target=actor"))
            .contains("`~` takes one element")
    );
    assert!(
        load_error(&one_rule(
            "source=actor trigger:supports|member_of.includes target=actor"
        ))
        .contains("not both")
    );
}

#[test]
fn a_duplicate_rule_id_is_refused() {
    let body = format!(
        "{}{}",
        one_rule("source=actor \"x\" target=actor"),
        one_rule("source=actor \"y\" target=actor")
    );
    let err = load_error(&body);
    assert!(err.contains("already used"), "{err}");
}

#[test]
fn a_rule_without_examples_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let f = rule_file(
        dir.path(),
        "bad.toml",
        "\n[[rule]]\nid = \"user.bad\"\nrelation = \"supports\"\npattern = 'source=actor target=actor'\n",
    );
    let out = bin()
        .args(["extract", "--lexicon"])
        .arg(&f)
        .arg("-o")
        .arg(dir.path().join("g.json"))
        .write_stdin("مصر")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml:3") && err.contains("[[rule.example]]"),
        "{err}"
    );
    // refused before any input is read: no output written
    assert!(!dir.path().join("g.json").exists());
}

#[test]
fn rules_test_passes_a_good_user_file_and_lists_failures_of_a_wrong_one() {
    let dir = tempfile::tempdir().unwrap();
    let good = rule_file(dir.path(), "good.toml", GOOD);
    let out = bin().args(["rules", "test"]).arg(&good).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("1 rules, 2 examples: 0 failed"), "{stdout}");

    // the same rule with a wrong expectation and a counter-example it fires on
    let wrong = GOOD
        .replace("مصر supports السعودية", "السعودية supports مصر")
        .replace("بالضيوف", "بالأردن");
    let wrong = rule_file(dir.path(), "wrong.toml", &wrong);
    let out = bin().args(["rules", "test"]).arg(&wrong).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("FAIL user.welcomes"), "{stdout}");
    assert!(
        stdout.contains("it must give السعودية supports مصر"),
        "{stdout}"
    );
    assert!(
        stdout.contains("it gave: مصر supports السعودية"),
        "{stdout}"
    );
    assert!(stdout.contains("counter-example"), "{stdout}");
    assert!(stdout.contains("2 failed"), "{stdout}");
}

#[test]
fn rules_test_without_files_tests_the_builtin_rules() {
    let out = bin().args(["rules", "test"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains(": 0 failed"), "{stdout}");
}

#[test]
fn explain_shows_elements_and_the_rule_of_each_relation() {
    let dir = tempfile::tempdir().unwrap();
    let good = rule_file(dir.path(), "good.toml", GOOD);
    let out = bin()
        .args([
            "explain",
            "ورحبت مصر بالسعودية في القمة. وقال مسؤول إن الجو كان حارا.",
        ])
        .arg("--lexicon")
        .arg(&good)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("sentence 0"), "{stdout}");
    assert!(stdout.contains("[country wd:Q79]"), "{stdout}");
    assert!(stdout.contains("ب+[country wd:Q851]"), "{stdout}");
    assert!(
        stdout.contains("user.welcomes: مصر (wd:Q79) supports السعودية (wd:Q851)"),
        "{stdout}"
    );
}

#[test]
fn every_output_names_the_rule_of_its_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let good = rule_file(dir.path(), "good.toml", GOOD);
    let input = dir.path().join("a.txt");
    std::fs::write(&input, "ترحيب\n\nورحبت مصر بالسعودية في القمة.\n").unwrap();
    let mut cmd = bin();
    cmd.arg("extract").arg(&input).arg("--lexicon").arg(&good);
    for ext in ["json", "graphml", "gexf", "jsonld", "nq"] {
        cmd.arg("-o").arg(dir.path().join(format!("g.{ext}")));
    }
    cmd.assert().success();
    let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).unwrap();
    let g: serde_json::Value = serde_json::from_str(&read("g.json")).unwrap();
    let link = g["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["relation"] == "supports")
        .expect("the supports edge");
    assert_eq!(link["evidence"][0]["rule"], "user.welcomes");
    assert!(read("g.graphml").contains(">user.welcomes</data>"));
    assert!(read("g.gexf").contains("value=\"user.welcomes\""));
    assert!(read("g.jsonld").contains("\"rule\": \"user.welcomes\""));
    assert!(read("g.nq").contains("<https://w3id.org/newsgraph/vocab#rule> \"user.welcomes\""));
}
