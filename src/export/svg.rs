//! A static SVG picture of the laid-out graph (`-o graph.svg`), for papers and
//! slides: the page's picture (see `html.rs`) without the interaction. Edges
//! are lines coloured by relation (the heaviest [`MAX_EDGES`]), nodes discs
//! coloured by community and sized by weighted degree, the largest nodes
//! labelled (English, else Arabic), and a legend of the relations.

use super::view::{by_weight, drawn, hex, relation_color};
use super::xml::clean;
use crate::graph::{Graph, Relation};
use crate::layout::{Layout, fixed2};
use std::collections::{BTreeSet, HashMap};
use std::io::{self, Write};

/// At most this many edges are drawn, the heaviest.
pub(crate) const MAX_EDGES: usize = 20_000;

/// Labels drawn at most (the largest nodes; none overlapping another).
const MAX_LABELS: usize = 80;

/// Width of the picture in pixels.
const WIDTH: f64 = 1600.0;

/// Escape text for XML content and attribute values (after [`clean`]).
fn esc(s: &str) -> String {
    let s = clean(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Write the picture.
pub fn write(graph: &Graph, layout: &Layout, w: &mut dyn Write) -> io::Result<()> {
    let mut w = io::BufWriter::with_capacity(super::BUFFER, w);
    let placed = drawn(graph, layout);
    // the picture's frame: the nodes' extent, scaled to WIDTH
    let (mut x0, mut y0, mut x1, mut y1) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for (k, d) in placed.iter().enumerate() {
        if k == 0 {
            (x0, y0, x1, y1) = (d.x - d.size, d.y - d.size, d.x + d.size, d.y + d.size);
        }
        x0 = x0.min(d.x - d.size);
        y0 = y0.min(d.y - d.size);
        x1 = x1.max(d.x + d.size);
        y1 = y1.max(d.y + d.size);
    }
    let span = (x1 - x0).max(1.0);
    let scale = (WIDTH - 80.0) / span;
    let legend_height = 24.0;
    let height = ((y1 - y0).max(1.0) * scale + 80.0 + legend_height).round();
    let px = |x: f64| 40.0 + (x - x0) * scale;
    let py = |y: f64| 40.0 + legend_height + (y - y0) * scale;
    let (mut a, mut b, mut c, mut d) = (String::new(), String::new(), String::new(), String::new());
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans, Noto Sans, Noto Sans Arabic, Tahoma, Arial, sans-serif">"#
    )?;
    writeln!(
        w,
        "<title>newsgraph: {} actors, {} relations</title>",
        graph.node_count(),
        graph.edge_count()
    )?;
    writeln!(w, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##)?;

    // legend: the relations drawn
    let index: HashMap<&str, usize> = placed
        .iter()
        .enumerate()
        .map(|(i, d)| (d.node.id.as_str(), i))
        .collect();
    let edges = by_weight(graph);
    let edges = &edges[edges.len().saturating_sub(MAX_EDGES)..];
    let used: BTreeSet<Relation> = edges.iter().map(|e| e.relation).collect();
    writeln!(w, r##"<g font-size="13" fill="#333">"##)?;
    let mut lx = 40.0;
    for r in Relation::ALL.into_iter().filter(|r| used.contains(r)) {
        writeln!(
            w,
            r#"<rect x="{lx}" y="22" width="18" height="4" fill="{}"/><text x="{}" y="29">{}</text>"#,
            hex(relation_color(r)),
            lx + 24.0,
            r.label()
        )?;
        lx += 34.0 + 7.5 * r.label().len() as f64;
    }
    writeln!(w, "</g>")?;

    // edges, lightest first
    writeln!(w, r#"<g stroke-opacity="0.55" stroke-linecap="round">"#)?;
    for e in edges {
        let (Some(&s), Some(&t)) = (index.get(e.source.as_str()), index.get(e.target.as_str()))
        else {
            continue;
        };
        let (s, t) = (&placed[s], &placed[t]);
        writeln!(
            w,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"/>"#,
            fixed2(px(s.x), &mut a),
            fixed2(py(s.y), &mut b),
            fixed2(px(t.x), &mut c),
            fixed2(py(t.y), &mut d),
            hex(relation_color(e.relation)),
            fixed2(0.6 + 0.6 * (e.weight as f64).ln_1p(), &mut String::new()),
        )?;
    }
    writeln!(w, "</g>")?;

    // nodes
    writeln!(w, r##"<g stroke="#ffffff" stroke-width="0.8">"##)?;
    for n in &placed {
        writeln!(
            w,
            r#"<circle cx="{}" cy="{}" r="{}" fill="{}"><title>{}</title></circle>"#,
            fixed2(px(n.x), &mut a),
            fixed2(py(n.y), &mut b),
            fixed2((n.size * scale).max(1.5), &mut c),
            hex(layout.community_color(n.community)),
            esc(n.node.label()),
        )?;
    }
    writeln!(w, "</g>")?;

    // labels of the largest nodes, none overlapping
    let mut order: Vec<usize> = (0..placed.len()).collect();
    order.sort_by(|&i, &j| {
        placed[j]
            .size
            .total_cmp(&placed[i].size)
            .then(placed[i].node.id.cmp(&placed[j].node.id))
    });
    writeln!(
        w,
        r##"<g font-size="13" fill="#222" text-anchor="middle" stroke="#ffffff" stroke-width="3" stroke-opacity="0.8" paint-order="stroke">"##
    )?;
    let mut boxes: Vec<(f64, f64, f64, f64)> = Vec::new();
    for i in order {
        if boxes.len() >= MAX_LABELS {
            break;
        }
        let n = &placed[i];
        if n.weighted_degree == 0.0 {
            break;
        }
        let label = n.node.label();
        let half = 3.8 * label.chars().count() as f64;
        let (x, y) = (px(n.x), py(n.y) + (n.size * scale).max(1.5) + 13.0);
        let bx = (x - half, y - 12.0, x + half, y + 3.0);
        if boxes
            .iter()
            .any(|o| bx.0 < o.2 && bx.2 > o.0 && bx.1 < o.3 && bx.3 > o.1)
        {
            continue;
        }
        boxes.push(bx);
        writeln!(
            w,
            r#"<text x="{}" y="{}">{}</text>"#,
            fixed2(x, &mut a),
            fixed2(y, &mut b),
            esc(label)
        )?;
    }
    writeln!(w, "</g>")?;
    writeln!(w, "</svg>")?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::LayoutOptions;

    #[test]
    fn a_picture_of_every_node_and_edge() {
        let g = crate::layout::tests::two_cliques();
        let l = Layout::compute(&g, &LayoutOptions::default()).unwrap();
        let mut buf = Vec::new();
        write(&g, &l, &mut buf).unwrap();
        let s = String::from_utf8(buf).unwrap();
        assert_eq!(s.matches("<circle").count(), g.node_count());
        assert_eq!(s.matches("<line").count(), g.edge_count());
        assert!(s.contains(">met with</text>"));
        let doc = roxmltree::Document::parse(&s).unwrap();
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        assert_eq!(esc("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
