//! The layout stage, after `graph` and before `export`: a position for every
//! node (ForceAtlas2, [`forceatlas2`]), a community for every node (Louvain
//! modularity classes, [`louvain`]) and the weighted degree that sizes it.
//!
//! Everything is computed on the undirected weighted projection of the graph:
//! one link per pair of distinct nodes, weighted by the evidence count of all
//! the edges between them, whatever their relation and direction.
//!
//! Deterministic: nodes are taken in id order, the starting positions come
//! from a hash of each node's id and the seed, and every sum is made in a
//! fixed order; the repulsion of each node is computed on rayon's threads, but
//! each node's own sum is sequential, so the result is byte-identical at any
//! thread count.

pub(crate) mod forceatlas2;
pub(crate) mod louvain;

use crate::error::{Error, Result};
use crate::graph::Graph;
use std::collections::HashMap;
use std::str::FromStr;

/// How nodes are placed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LayoutAlgorithm {
    /// No positions (communities and sizes are still computed).
    None,
    /// ForceAtlas2 (Jacomy et al. 2014), as Gephi runs it.
    #[default]
    ForceAtlas2,
}

impl FromStr for LayoutAlgorithm {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "none" => Ok(LayoutAlgorithm::None),
            "forceatlas2" | "fa2" => Ok(LayoutAlgorithm::ForceAtlas2),
            _ => Err(format!(
                "unknown layout {s:?} (expected one of: none, forceatlas2)"
            )),
        }
    }
}

/// Options of the layout stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LayoutOptions {
    pub algorithm: LayoutAlgorithm,
    /// ForceAtlas2 iterations (the last tenth, at least one, prevents overlap).
    pub iterations: usize,
    /// Seed of the starting positions.
    pub seed: u64,
}

/// The default number of ForceAtlas2 iterations.
pub const DEFAULT_ITERATIONS: usize = 500;

/// The most iterations accepted (a guard against a typo costing hours).
pub const MAX_ITERATIONS: usize = 100_000;

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            algorithm: LayoutAlgorithm::ForceAtlas2,
            iterations: DEFAULT_ITERATIONS,
            seed: 1,
        }
    }
}

impl LayoutOptions {
    /// Check the options: a usage error for 0 or too many iterations.
    pub fn validate(&self) -> Result<()> {
        if self.algorithm == LayoutAlgorithm::ForceAtlas2
            && !(1..=MAX_ITERATIONS).contains(&self.iterations)
        {
            return Err(Error::usage(format!(
                "--layout-iterations must be between 1 and {MAX_ITERATIONS}"
            )));
        }
        Ok(())
    }
}

/// What the layout gives one node.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Place {
    /// Position, when a layout was run.
    pub position: Option<(f64, f64)>,
    /// Modularity class: 0 is the largest community, then by size (ties by
    /// the smallest member id). Stable for the same graph.
    pub community: u32,
    /// The sum of the weights (evidence counts) of the node's links in the
    /// undirected projection.
    pub weighted_degree: f64,
}

impl Place {
    /// The drawn size: `5 + 3 ln(1 + weighted degree)`.
    pub fn size(&self) -> f64 {
        5.0 + 3.0 * self.weighted_degree.ln_1p()
    }
}

/// The result of the layout stage: a [`Place`] for every node of a graph.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// By node id.
    places: HashMap<String, Place>,
    /// Number of communities.
    communities: u32,
    /// Sizes of the communities, by community number.
    community_sizes: Vec<u32>,
    /// ForceAtlas2 iterations run (0: no positions).
    iterations: usize,
    /// Modularity of the partition.
    modularity: f64,
}

impl Layout {
    /// Lay out `graph`.
    pub fn compute(graph: &Graph, options: &LayoutOptions) -> Result<Layout> {
        options.validate()?;
        let nodes = graph.nodes();
        let projection = Projection::of(graph);
        let partition = louvain::communities(nodes.len(), &projection.links);
        let positions = match options.algorithm {
            LayoutAlgorithm::None => None,
            LayoutAlgorithm::ForceAtlas2 => {
                let ids: Vec<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
                Some(place_all(&ids, &projection, options))
            }
        };
        let mut community_sizes = vec![0u32; partition.count as usize];
        for &c in &partition.of {
            community_sizes[c as usize] += 1;
        }
        let places = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                (
                    n.id.clone(),
                    Place {
                        position: positions.as_ref().map(|p| p[i]),
                        community: partition.of[i],
                        weighted_degree: projection.degree[i],
                    },
                )
            })
            .collect();
        Ok(Layout {
            places,
            communities: partition.count,
            community_sizes,
            iterations: if positions.is_some() {
                options.iterations
            } else {
                0
            },
            modularity: partition.modularity,
        })
    }

    /// The place of a node, by id.
    pub fn place(&self, id: &str) -> Option<&Place> {
        self.places.get(id)
    }

    /// Whether nodes have positions.
    pub fn has_positions(&self) -> bool {
        self.iterations > 0
    }

    /// Number of communities.
    pub fn community_count(&self) -> u32 {
        self.communities
    }

    /// The number of nodes of a community.
    pub fn community_size(&self, community: u32) -> u32 {
        self.community_sizes
            .get(community as usize)
            .copied()
            .unwrap_or(0)
    }

    /// The modularity of the communities (0 when there is no link).
    pub fn modularity(&self) -> f64 {
        self.modularity
    }

    /// ForceAtlas2 iterations run (0: no positions).
    pub fn iterations(&self) -> usize {
        self.iterations
    }
}

/// Positions for every node: ForceAtlas2 on the nodes that have a link, then
/// the nodes without any (places, media, actors named alone: most nodes of a
/// large corpus) on a sunflower spiral around them, by id. They would only
/// drift to a ring under gravity, at most of the cost.
fn place_all(ids: &[&str], projection: &Projection, options: &LayoutOptions) -> Vec<(f64, f64)> {
    let n = ids.len();
    let linked: Vec<usize> = (0..n).filter(|&i| projection.degree[i] > 0.0).collect();
    let mut number = vec![u32::MAX; n];
    for (k, &i) in linked.iter().enumerate() {
        number[i] = k as u32;
    }
    let sub_ids: Vec<&str> = linked.iter().map(|&i| ids[i]).collect();
    let sub_links: Vec<(u32, u32, f64)> = projection
        .links
        .iter()
        .map(|&(i, j, w)| (number[i as usize], number[j as usize], w))
        .collect();
    let settings = forceatlas2::Settings::for_graph(linked.len(), options.iterations);
    let sub = forceatlas2::layout(&sub_ids, &sub_links, &settings, options.seed);
    let mut pos = vec![(0.0, 0.0); n];
    let mut reach: f64 = 0.0;
    for (k, &i) in linked.iter().enumerate() {
        pos[i] = sub[k];
        let size = 5.0 + 3.0 * projection.degree[i].ln_1p();
        reach = reach.max((sub[k].0.powi(2) + sub[k].1.powi(2)).sqrt() + size);
    }
    // the spiral: equal area per node (a node of size 5 and a gap), from
    // just outside the laid-out nodes
    let spacing: f64 = 14.0;
    let inner = if linked.is_empty() {
        0.0
    } else {
        reach + 2.0 * spacing
    };
    let golden = std::f64::consts::PI * (3.0 - 5f64.sqrt());
    for (k, i) in (0..n).filter(|&i| number[i] == u32::MAX).enumerate() {
        let k = k as f64;
        let r = (inner * inner + (k + 0.5) * spacing * spacing / std::f64::consts::PI).sqrt();
        let a = k * golden;
        pos[i] = (r * a.cos(), r * a.sin());
    }
    pos
}

/// The undirected weighted projection: links `(i, j, w)` with `i < j` (node
/// numbers in id order), sorted, each pair once; and each node's weighted degree.
pub(crate) struct Projection {
    pub(crate) links: Vec<(u32, u32, f64)>,
    pub(crate) degree: Vec<f64>,
}

impl Projection {
    fn of(graph: &Graph) -> Projection {
        let nodes = graph.nodes();
        let index: HashMap<&str, u32> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i as u32))
            .collect();
        let mut pairs: Vec<(u32, u32, u64)> = graph
            .edges()
            .into_iter()
            .filter_map(|e| {
                let (s, t) = (
                    *index.get(e.source.as_str())?,
                    *index.get(e.target.as_str())?,
                );
                (s != t).then_some((s.min(t), s.max(t), e.weight.max(1)))
            })
            .collect();
        pairs.sort_unstable();
        let mut links: Vec<(u32, u32, f64)> = Vec::with_capacity(pairs.len());
        for (s, t, w) in pairs {
            match links.last_mut() {
                Some(last) if last.0 == s && last.1 == t => last.2 += w as f64,
                _ => links.push((s, t, w as f64)),
            }
        }
        let mut degree = vec![0.0; nodes.len()];
        for &(s, t, w) in &links {
            degree[s as usize] += w;
            degree[t as usize] += w;
        }
        Projection { links, degree }
    }
}

/// A qualitative palette for communities (r, g, b): the largest communities
/// get these colours in order; smaller ones (and single nodes) get
/// [`OTHER_COMMUNITY`].
pub const COMMUNITY_PALETTE: [(u8, u8, u8); 12] = [
    (78, 121, 167),
    (242, 142, 43),
    (225, 87, 89),
    (118, 183, 178),
    (89, 161, 79),
    (237, 201, 72),
    (176, 122, 161),
    (255, 157, 167),
    (156, 117, 95),
    (31, 158, 137),
    (188, 128, 189),
    (102, 102, 153),
];

/// The colour of the communities beyond the palette, and of one-node ones.
pub const OTHER_COMMUNITY: (u8, u8, u8) = (186, 186, 186);

impl Layout {
    /// The colour of a community: a palette colour for the largest ones with
    /// at least two nodes, grey for the others.
    pub fn community_color(&self, community: u32) -> (u8, u8, u8) {
        match COMMUNITY_PALETTE.get(community as usize) {
            Some(&c) if self.community_size(community) >= 2 => c,
            _ => OTHER_COMMUNITY,
        }
    }
}

/// A coordinate or size with two decimals, never `-0.00`.
pub(crate) fn fixed2(v: f64, buf: &mut String) -> &str {
    use std::fmt::Write as _;
    buf.clear();
    let v = if v.is_finite() { v } else { 0.0 };
    let r = (v * 100.0).round() / 100.0;
    let r = if r == 0.0 { 0.0 } else { r };
    // writing to a String cannot fail
    let _ = write!(buf, "{r:.2}");
    buf
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::graph::{ActorType, Evidence, Node, Relation, RelationRecord};

    pub(crate) fn two_cliques() -> Graph {
        let mut g = Graph::default();
        for i in 0..8 {
            g.add_node(Node::new(format!("n{i}"), ActorType::Country));
        }
        g.add_node(Node::new("lonely", ActorType::Place));
        let mut rel = |a: usize, b: usize| {
            g.add_relation(RelationRecord {
                source: format!("n{a}"),
                relation: Relation::MetWith,
                target: format!("n{b}"),
                derived: false,
                evidence: Evidence {
                    document: "d".into(),
                    sentence: a * 10 + b,
                    start: 0,
                    end: 1,
                    trigger_start: 0,
                    trigger_end: 1,
                    trigger: "x".into(),
                    text: "x".into(),
                    date: None,
                    source_sector: None,
                    target_sector: None,
                    rule: None,
                },
            });
        };
        for a in 0..4 {
            for b in a + 1..4 {
                rel(a, b);
                rel(a + 4, b + 4);
            }
        }
        rel(0, 4);
        g
    }

    #[test]
    fn two_cliques_are_two_communities_and_lie_apart() {
        let g = two_cliques();
        let l = Layout::compute(&g, &LayoutOptions::default()).unwrap();
        let c = |id: &str| l.place(id).unwrap().community;
        assert_eq!(c("n0"), c("n3"));
        assert_eq!(c("n4"), c("n7"));
        assert_ne!(c("n0"), c("n4"));
        assert_eq!(l.community_count(), 3);
        assert_eq!(l.community_color(c("lonely")), OTHER_COMMUNITY);
        assert!(l.modularity() > 0.3, "{}", l.modularity());
        let p = |id: &str| l.place(id).unwrap().position.unwrap();
        let d = |a: (f64, f64), b: (f64, f64)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
        // within a clique closer than across
        assert!(d(p("n1"), p("n2")) < d(p("n1"), p("n6")));
        assert_eq!(l.place("n0").unwrap().weighted_degree, 4.0);
    }

    #[test]
    fn same_graph_same_layout_at_any_thread_count() {
        let g = two_cliques();
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| Layout::compute(&g, &LayoutOptions::default()).unwrap())
        };
        let one = run(1);
        assert_eq!(one, run(2));
        assert_eq!(one, run(3));
    }

    #[test]
    fn none_gives_communities_without_positions() {
        let g = two_cliques();
        let options = LayoutOptions {
            algorithm: LayoutAlgorithm::None,
            ..LayoutOptions::default()
        };
        let l = Layout::compute(&g, &options).unwrap();
        assert!(!l.has_positions());
        assert!(l.place("n0").unwrap().position.is_none());
        let zero = LayoutOptions {
            iterations: 0,
            ..LayoutOptions::default()
        };
        assert!(Layout::compute(&g, &zero).unwrap_err().is_usage());
    }

    #[test]
    fn fixed_decimals() {
        let mut b = String::new();
        assert_eq!(fixed2(-0.001, &mut b), "0.00");
        assert_eq!(fixed2(1.005, &mut b), "1.00");
        assert_eq!(fixed2(-12.346, &mut b), "-12.35");
        assert_eq!(fixed2(f64::NAN, &mut b), "0.00");
    }

    #[test]
    fn parses_algorithm_names() {
        assert_eq!("none".parse(), Ok(LayoutAlgorithm::None));
        assert_eq!("ForceAtlas2".parse(), Ok(LayoutAlgorithm::ForceAtlas2));
        assert!("fr".parse::<LayoutAlgorithm>().is_err());
    }
}
