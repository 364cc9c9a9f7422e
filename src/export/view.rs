//! What the pictures (HTML, SVG) draw, shared by both: colours of relations,
//! types and communities, and each node's place on screen.

use crate::graph::{ActorType, Edge, Graph, Node, Relation};
use crate::layout::Layout;

/// The colour of a relation's edges (r, g, b).
pub(crate) fn relation_color(r: Relation) -> (u8, u8, u8) {
    match r {
        Relation::MetWith => (31, 119, 180),
        Relation::SpokeWith => (23, 190, 207),
        Relation::CooperatesWith => (44, 160, 44),
        Relation::MemberOf => (148, 103, 189),
        Relation::LeaderOf => (140, 86, 75),
        Relation::OfficialOf => (127, 127, 127),
        Relation::Requested => (188, 189, 34),
        Relation::Attacked => (214, 39, 40),
        Relation::Supports => (255, 127, 14),
        Relation::Opposes => (227, 119, 194),
    }
}

/// The colour of an actor type (as in GEXF without a layout).
pub(crate) fn type_color(t: ActorType) -> (u8, u8, u8) {
    super::gexf::color(t)
}

/// `#rrggbb`.
pub(crate) fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// A node as drawn: screen coordinates (y grows downwards, so the picture is
/// the one Gephi shows), size, colour.
pub(crate) struct Drawn<'g> {
    pub(crate) node: &'g Node,
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) size: f64,
    pub(crate) community: u32,
    pub(crate) weighted_degree: f64,
}

/// The nodes of `graph`, in id order, placed by `layout` (a node it does not
/// know sits at the origin).
pub(crate) fn drawn<'g>(graph: &'g Graph, layout: &Layout) -> Vec<Drawn<'g>> {
    graph
        .nodes()
        .into_iter()
        .map(|node| {
            let place = layout.place(&node.id);
            let (x, y) = place.and_then(|p| p.position).unwrap_or((0.0, 0.0));
            Drawn {
                node,
                x: round2(x),
                y: round2(-y),
                size: round2(place.map_or(5.0, |p| p.size())),
                community: place.map_or(0, |p| p.community),
                weighted_degree: place.map_or(0.0, |p| p.weighted_degree),
            }
        })
        .collect()
}

/// Two decimals, never `-0`.
pub(crate) fn round2(v: f64) -> f64 {
    let r = (v * 100.0).round() / 100.0;
    if r == 0.0 || !r.is_finite() { 0.0 } else { r }
}

/// An evidence sentence cut around its trigger words: (before, trigger,
/// after). The trigger's offsets are those of the original text; when they do
/// not fall inside the sentence, the trigger is looked for in it, and when it
/// is not there either, the whole sentence is `before`.
pub(crate) fn split_evidence(ev: &crate::graph::Evidence) -> (&str, &str, &str) {
    let text: &str = &ev.text;
    let byte_of = |chars: usize| -> Option<usize> {
        if chars == text.chars().count() {
            return Some(text.len());
        }
        text.char_indices().nth(chars).map(|(b, _)| b)
    };
    let by_offsets = ev
        .trigger_start
        .checked_sub(ev.start)
        .zip(ev.trigger_end.checked_sub(ev.start))
        .filter(|(s, e)| s < e)
        .and_then(|(s, e)| Some((byte_of(s)?, byte_of(e)?)));
    let found = by_offsets.or_else(|| {
        let t = ev.trigger.trim();
        if t.is_empty() {
            return None;
        }
        text.find(t).map(|b| (b, b + t.len()))
    });
    match found {
        Some((s, e)) => (&text[..s], &text[s..e], &text[e..]),
        None => (text, "", ""),
    }
}

/// The edges in the order they are drawn: lightest first, so heavy edges are
/// drawn on top (ties in the graph's order).
pub(crate) fn by_weight(graph: &Graph) -> Vec<&Edge> {
    let mut edges = graph.edges();
    edges.sort_by_key(|e| e.weight);
    edges
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Evidence;

    fn ev(text: &str, start: usize, ts: usize, te: usize, trigger: &str) -> Evidence {
        Evidence {
            document: "d".into(),
            sentence: 1,
            start,
            end: start + text.chars().count(),
            trigger_start: ts,
            trigger_end: te,
            trigger: trigger.into(),
            text: text.into(),
            date: None,
            source_sector: None,
            target_sector: None,
            rule: None,
        }
    }

    #[test]
    fn evidence_is_cut_at_its_trigger() {
        let e = ev("التقى كيري شكري", 100, 100, 105, "التقى");
        assert_eq!(split_evidence(&e), ("", "التقى", " كيري شكري"));
        let e = ev("وقال إن مصر تدعم", 10, 22, 26, "تدعم");
        assert_eq!(split_evidence(&e), ("وقال إن مصر ", "تدعم", ""));
        // offsets outside the sentence: found by the trigger text
        let e = ev("a meets b", 0, 50, 55, "meets");
        assert_eq!(split_evidence(&e), ("a ", "meets", " b"));
        let e = ev("a b", 0, 50, 55, "zz");
        assert_eq!(split_evidence(&e), ("a b", "", ""));
    }
}
