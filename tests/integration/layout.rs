//! The layout stage through the CLI: positions, communities and sizes in the
//! node-link, GraphML and GEXF outputs (the keys Gephi reads), byte-identical
//! at 1 and 2 threads and between runs, and `--layout none`.

use crate::common::{bin, have, shared};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The bundled example articles.
fn examples() -> Vec<PathBuf> {
    vec![repo("examples/visit.txt"), repo("examples/articles.jsonl")]
}

const FORMATS: [&str; 5] = ["json", "graphml", "gexf", "html", "svg"];

/// Run `extract` on `inputs` into `dir`, one file per format; extra args after.
fn extract(inputs: &[PathBuf], dir: &Path, extra: &[&str]) -> BTreeMap<&'static str, Vec<u8>> {
    let mut cmd = bin();
    cmd.arg("extract").args(inputs).arg("-q");
    for f in FORMATS {
        cmd.arg("-o").arg(dir.join(format!("g.{f}")));
    }
    cmd.args(extra).assert().success();
    FORMATS
        .iter()
        .map(|&f| (f, std::fs::read(dir.join(format!("g.{f}"))).unwrap()))
        .collect()
}

#[test]
fn layout_and_communities_are_byte_identical_at_1_and_2_threads_and_between_runs() {
    let mut inputs = examples();
    if let Some(seeds) = crate::common::seeds() {
        inputs.extend(seeds);
    }
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let one = extract(&inputs, a.path(), &["--threads", "1"]);
    let two = extract(&inputs, b.path(), &["--threads", "2"]);
    let again = extract(&inputs, c.path(), &["--threads", "2"]);
    for f in FORMATS {
        assert!(one[f] == two[f], "{f} differs between 1 and 2 threads");
        assert!(two[f] == again[f], "{f} differs between two runs");
    }
    // and it is a layout: the nodes do not all sit in one place
    let g: serde_json::Value = serde_json::from_slice(&one["json"]).unwrap();
    let xs: BTreeSet<String> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["x"].to_string())
        .collect();
    assert!(
        xs.len() > g["nodes"].as_array().unwrap().len() / 2,
        "{xs:?}"
    );
}

#[test]
fn every_output_carries_positions_sizes_colours_and_communities() {
    let dir = tempfile::tempdir().unwrap();
    let out = extract(&examples(), dir.path(), &[]);
    let json: serde_json::Value = serde_json::from_slice(&out["json"]).unwrap();
    let nodes = json["nodes"].as_array().unwrap();
    assert!(nodes.len() > 3);
    let mut community = BTreeMap::new();
    for n in nodes {
        assert!(n["x"].is_f64() || n["x"].is_i64(), "{n}");
        assert!(n["y"].is_f64() || n["y"].is_i64(), "{n}");
        community.insert(
            n["id"].as_str().unwrap().to_string(),
            n["community"].as_u64().unwrap(),
        );
    }
    // the node-link output still matches its schema
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo("schema/nodelink.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");

    // GraphML: the keys Gephi's importer maps to position, size and colour
    let graphml = String::from_utf8(out["graphml"].clone()).unwrap();
    let doc = roxmltree::Document::parse(graphml.trim_start_matches('\u{feff}')).unwrap();
    let keys: BTreeMap<&str, (&str, &str)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("key") && n.attribute("for") == Some("node"))
        .map(|k| {
            (
                k.attribute("attr.name").unwrap(),
                (
                    k.attribute("id").unwrap(),
                    k.attribute("attr.type").unwrap(),
                ),
            )
        })
        .collect();
    for (name, ty) in [
        ("x", "float"),
        ("y", "float"),
        ("size", "float"),
        ("r", "int"),
        ("g", "int"),
        ("b", "int"),
        ("community", "int"),
    ] {
        assert_eq!(keys.get(name).map(|k| k.1), Some(ty), "key {name}");
    }
    for node in doc.descendants().filter(|n| n.has_tag_name("node")) {
        let data: BTreeMap<&str, &str> = node
            .children()
            .filter(|c| c.has_tag_name("data"))
            .map(|d| (d.attribute("key").unwrap(), d.text().unwrap_or("")))
            .collect();
        for name in ["x", "y", "size", "r", "g", "b", "community"] {
            let value = data[keys[name].0];
            assert!(value.parse::<f64>().is_ok(), "{name}={value}");
        }
        let id = node.attribute("id").unwrap();
        assert_eq!(data[keys["community"].0], community[id].to_string());
    }

    // GEXF: viz position, colour, size and shape on every node
    let gexf = String::from_utf8(out["gexf"].clone()).unwrap();
    let doc = roxmltree::Document::parse(gexf.trim_start_matches('\u{feff}')).unwrap();
    let viz = "http://gexf.net/1.3/viz";
    for node in doc
        .descendants()
        .filter(|n| n.tag_name().name() == "node" && n.tag_name().namespace() != Some(viz))
    {
        for part in ["position", "color", "size", "shape"] {
            assert!(
                node.children()
                    .any(|c| c.tag_name().namespace() == Some(viz) && c.tag_name().name() == part),
                "{part} in {:?}",
                node.attribute("id")
            );
        }
    }
    assert!(gexf.contains(r#"<attribute id="community" title="community" type="integer"/>"#));

    // and both still validate, now with positions
    if let Some(schemas) = shared("schemas") {
        if have("xmllint") {
            let xsd = schemas.join("graphml").join("graphml.xsd");
            let st = std::process::Command::new("xmllint")
                .args(["--nonet", "--noout", "--schema"])
                .arg(xsd)
                .arg(dir.path().join("g.graphml"))
                .output()
                .unwrap();
            assert!(
                st.status.success(),
                "{}",
                String::from_utf8_lossy(&st.stderr)
            );
        }
        if have("jing") {
            let rnc = schemas.join("gexf-1.3").join("gexf.rnc");
            let st = std::process::Command::new("jing")
                .arg("-c")
                .arg(rnc)
                .arg(dir.path().join("g.gexf"))
                .output()
                .unwrap();
            assert!(
                st.status.success(),
                "{}",
                String::from_utf8_lossy(&st.stdout)
            );
        }
    }
}

#[test]
fn layout_none_writes_communities_without_positions_and_refuses_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("g.json");
    let graphml = dir.path().join("g.graphml");
    bin()
        .arg("extract")
        .args(examples())
        .args(["-q", "--layout", "none", "-o"])
        .arg(&json)
        .arg("-o")
        .arg(&graphml)
        .assert()
        .success();
    let g: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    for n in g["nodes"].as_array().unwrap() {
        assert!(n.get("x").is_none() && n.get("y").is_none(), "{n}");
        assert!(n["community"].is_u64(), "{n}");
    }
    let graphml = std::fs::read_to_string(&graphml).unwrap();
    assert!(!graphml.contains(r#"attr.name="x""#));
    assert!(graphml.contains(r#"attr.name="community""#));

    for (args, want) in [
        (vec!["--layout", "none", "-o", "g.html"], "needs positions"),
        (vec!["--layout", "none", "-o", "g.svg"], "needs positions"),
        (vec!["--layout-iterations", "0", "-o", "g.json"], "0"),
        (vec!["--layout", "spring", "-o", "g.json"], "unknown layout"),
    ] {
        bin()
            .current_dir(dir.path())
            .arg("extract")
            .arg(repo("examples/visit.txt"))
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(want));
        assert!(!dir.path().join("g.html").exists());
    }
}

#[test]
fn convert_lays_out_a_graph_read_back_as_extract_does() {
    let dir = tempfile::tempdir().unwrap();
    let first = extract(&examples(), dir.path(), &[]);
    let again = dir.path().join("again");
    std::fs::create_dir(&again).unwrap();
    let mut cmd = bin();
    cmd.arg("convert").arg(dir.path().join("g.json")).arg("-q");
    for f in ["graphml", "svg"] {
        cmd.arg("-o").arg(again.join(format!("g.{f}")));
    }
    cmd.assert().success();
    // the same graph, the same picture
    for f in ["graphml", "svg"] {
        let converted = std::fs::read(again.join(format!("g.{f}"))).unwrap();
        assert!(converted == first[f], "{f} differs after convert");
    }
}
