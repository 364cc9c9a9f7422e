//! States acting through their sectors (CAMEO agent codes): the sector on the
//! mention and on every evidence, in every output, and sector nodes with
//! `--sectors`.

use crate::common::bin;

const TEXT: &str = "قتلت القوات الإسرائيلية مدنيين فلسطينيين في الضفة الغربية.\n";

fn extract(args: &[&str]) -> (tempfile::TempDir, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), TEXT).unwrap();
    let mut all = vec!["extract", "a.txt", "-q"];
    all.extend_from_slice(args);
    let out = bin().current_dir(dir.path()).args(&all).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, out.stdout)
}

#[test]
fn the_edge_goes_to_the_state_and_the_evidence_keeps_the_sectors() {
    let (_dir, out) = extract(&["-o", "-"]);
    let g: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let link = g["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["relation"] == "attacked")
        .expect("an attack");
    assert_eq!(link["source"], "wd:Q801");
    assert_eq!(link["target"], "wd:Q219060");
    assert_eq!(link["evidence"][0]["source_sector"], "MIL");
    assert_eq!(link["evidence"][0]["target_sector"], "CVL");
    // no sector nodes by default
    assert!(
        g["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n.get("sector").is_none())
    );
}

#[test]
fn sectors_in_every_format() {
    let (dir, _) = extract(&[
        "-o",
        "g.graphml",
        "-o",
        "g.gexf",
        "-o",
        "g.jsonld",
        "-o",
        "g.nq",
        "-o",
        "m.jsonl",
    ]);
    let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).unwrap();
    let graphml = read("g.graphml");
    let doc = roxmltree::Document::parse(graphml.trim_start_matches('\u{feff}')).unwrap();
    let key = doc
        .descendants()
        .find(|n| n.has_tag_name("key") && n.attribute("attr.name") == Some("source_sectors"))
        .expect("a source_sectors key");
    let id = key.attribute("id").unwrap();
    assert!(
        doc.descendants().any(|n| n.has_tag_name("data")
            && n.attribute("key") == Some(id)
            && n.text() == Some("MIL")),
        "{graphml}"
    );
    let gexf = read("g.gexf");
    roxmltree::Document::parse(&gexf).unwrap();
    assert!(
        gexf.contains("target_sectors") && gexf.contains("value=\"CVL\""),
        "{gexf}"
    );
    let nq = read("g.nq");
    assert!(
        nq.contains("<https://w3id.org/newsgraph/vocab#sourceSector> \"MIL\""),
        "{nq}"
    );
    assert!(read("g.jsonld").contains("\"targetSector\": \"CVL\""));
    let mentions = read("m.jsonl");
    assert!(
        mentions.lines().any(|l| l.contains("\"sector\":\"MIL\"")),
        "{mentions}"
    );
}

#[test]
fn sector_nodes_with_the_option() {
    let (_dir, out) = extract(&["--sectors", "-o", "-"]);
    let g: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let node = |id: &str| {
        g["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no node {id}: {g}"))
    };
    let mil = node("wd:Q801:MIL");
    assert_eq!(mil["sector"], "MIL");
    assert_eq!(mil["cameo"], "ISRMIL");
    assert_eq!(node("wd:Q219060:CVL")["sector"], "CVL");
    let link = g["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["relation"] == "attacked")
        .expect("an attack");
    assert_eq!(link["source"], "wd:Q801:MIL");
    assert_eq!(link["target"], "wd:Q219060:CVL");
}
