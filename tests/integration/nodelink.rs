//! Tests of the node-link JSON output.

use crate::common::sample_graph;
use newsgraph::{Format, GraphOptions, read_node_link};

#[test]
fn node_link_round_trips_through_convert_reader() {
    let g = sample_graph();
    let mut a = Vec::new();
    Format::NodeLink.write(&g, &mut a).unwrap();
    let back = read_node_link(&a[..], "mem", GraphOptions::default()).unwrap();
    let mut b = Vec::new();
    Format::NodeLink.write(&back, &mut b).unwrap();
    assert_eq!(String::from_utf8(a).unwrap(), String::from_utf8(b).unwrap());
    assert_eq!(back.node_count(), g.node_count());
    assert_eq!(back.edge_count(), g.edge_count());
}

#[test]
fn node_link_has_the_networkx_shape() {
    let mut out = Vec::new();
    Format::NodeLink.write(&sample_graph(), &mut out).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["directed"], true);
    assert_eq!(v["multigraph"], true);
    assert_eq!(v["graph"]["documents"].as_array().unwrap().len(), 2);
    assert_eq!(v["graph"]["skipped"][0]["input"], "bad.bin");
    let links = v["links"].as_array().unwrap();
    assert!(
        links
            .iter()
            .all(|l| l["key"].is_string() && l["relation"].is_string())
    );
    let nodes = v["nodes"].as_array().unwrap();
    let egypt = nodes.iter().find(|n| n["id"] == "wd:Q79").unwrap();
    assert_eq!(egypt["wikidata"], "Q79");
    assert_eq!(egypt["labels"]["ar"], "مصر");
}

mod props {
    use crate::common::sample_graph;
    use newsgraph::{ActorType, Format, GraphOptions, Node, read_node_link};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Any string (controls, RTL marks, U+FFFD from lossy decoding) survives
        /// node-link JSON and reads back as itself.
        #[test]
        fn any_label_round_trips(s in "(\\PC|[\\u{0}-\\u{1F}\\u{200F}\\u{202B}\\u{FFFD}])*") {
            let mut g = sample_graph();
            let mut n = Node::new("ng:odd", ActorType::Person);
            n.labels.insert("ar".into(), s.clone());
            n.aliases.insert(format!("{s}!"));
            g.add_node(n);
            let mut out = Vec::new();
            Format::NodeLink.write(&g, &mut out).unwrap();
            let back = read_node_link(&out[..], "mem", GraphOptions::default()).unwrap();
            let node = back.node("ng:odd").unwrap();
            prop_assert_eq!(&node.labels["ar"], &s);
            let alias = format!("{s}!");
            prop_assert!(node.aliases.contains(&alias));
        }
    }
}
