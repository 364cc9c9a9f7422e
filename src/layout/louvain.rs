//! Louvain modularity classes (Blondel et al. 2008), deterministic: nodes are
//! visited in number order, a node moves only to a community that raises the
//! modularity strictly more than any other (ties go to the smaller community
//! number), and communities are renumbered by size at the end.
//!
//! Resolution 1, as Gephi's Modularity statistic by default.

/// A partition of the nodes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Partition {
    /// The community of each node: 0 the largest, then by size, ties by the
    /// smallest member.
    pub(crate) of: Vec<u32>,
    pub(crate) count: u32,
    /// Modularity of the partition on the input links.
    pub(crate) modularity: f64,
}

/// Gains below this are not moves (rounding noise).
const EPSILON: f64 = 1e-12;

/// Levels of aggregation at most (each at least halves the nodes, so this is
/// never reached in practice).
const MAX_LEVELS: usize = 64;

/// A weighted undirected graph as adjacency lists, with self-loop weights.
struct Level {
    /// Neighbours `(node, weight)` of each node, without self-loops, sorted.
    adj: Vec<Vec<(u32, f64)>>,
    /// Self-loop weight of each node (the links inside an aggregated node).
    self_loop: Vec<f64>,
}

impl Level {
    fn len(&self) -> usize {
        self.adj.len()
    }

    /// The degree of node `i`: its links, and its self-loop twice.
    fn degree(&self, i: usize) -> f64 {
        self.adj[i].iter().map(|&(_, w)| w).sum::<f64>() + 2.0 * self.self_loop[i]
    }
}

/// The communities of `n` nodes joined by `links` `(i, j, w)` with `i < j`,
/// each pair once.
pub(crate) fn communities(n: usize, links: &[(u32, u32, f64)]) -> Partition {
    let mut adj: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
    for &(i, j, w) in links {
        adj[i as usize].push((j, w));
        adj[j as usize].push((i, w));
    }
    for a in &mut adj {
        a.sort_by_key(|&(j, _)| j);
    }
    let mut level = Level {
        adj,
        self_loop: vec![0.0; n],
    };
    let total: f64 = links.iter().map(|&(_, _, w)| w).sum();
    // the community (at the current level) of each original node
    let mut of: Vec<u32> = (0..n as u32).collect();
    if total > 0.0 {
        for _ in 0..MAX_LEVELS {
            let (moved, local) = one_level(&level, 2.0 * total);
            if !moved {
                break;
            }
            let (renumbered, count) = renumber(&local);
            for c in &mut of {
                *c = renumbered[*c as usize];
            }
            level = aggregate(&level, &renumbered, count);
        }
    }
    let (of, count) = by_size(&of);
    let modularity = modularity(n, links, &of, count);
    Partition {
        of,
        count,
        modularity,
    }
}

/// Move nodes between communities until no move raises the modularity.
/// Returns whether any node moved, and each node's community.
fn one_level(g: &Level, m2: f64) -> (bool, Vec<u32>) {
    let n = g.len();
    let degree: Vec<f64> = (0..n).map(|i| g.degree(i)).collect();
    let mut community: Vec<u32> = (0..n as u32).collect();
    // total degree of each community
    let mut tot: Vec<f64> = degree.clone();
    // weight from the node being moved to each community, and which are set
    let mut to: Vec<f64> = vec![0.0; n];
    let mut touched: Vec<u32> = Vec::new();
    let mut any = false;
    loop {
        let mut moved = false;
        for i in 0..n {
            let own = community[i];
            let k = degree[i];
            for &(j, w) in &g.adj[i] {
                let c = community[j as usize];
                if to[c as usize] == 0.0 {
                    touched.push(c);
                }
                to[c as usize] += w;
            }
            // take i out of its community
            tot[own as usize] -= k;
            let gain = |c: u32, to: &[f64], tot: &[f64]| to[c as usize] - tot[c as usize] * k / m2;
            let mut best = own;
            let mut best_gain = gain(own, &to, &tot);
            touched.sort_unstable();
            for &c in &touched {
                let g = gain(c, &to, &tot);
                if g > best_gain + EPSILON {
                    best = c;
                    best_gain = g;
                }
            }
            tot[best as usize] += k;
            if best != own {
                community[i] = best;
                moved = true;
                any = true;
            }
            for &c in &touched {
                to[c as usize] = 0.0;
            }
            touched.clear();
        }
        if !moved {
            break;
        }
    }
    (any, community)
}

/// Communities numbered 0.. in order of their first node; and their count.
fn renumber(community: &[u32]) -> (Vec<u32>, u32) {
    let mut map = vec![u32::MAX; community.len()];
    let mut next = 0;
    let mut out = Vec::with_capacity(community.len());
    for &c in community {
        if map[c as usize] == u32::MAX {
            map[c as usize] = next;
            next += 1;
        }
        out.push(map[c as usize]);
    }
    (out, next)
}

/// The graph of the communities: one node each, links summed.
fn aggregate(g: &Level, community: &[u32], count: u32) -> Level {
    let count = count as usize;
    let mut self_loop = vec![0.0; count];
    let mut pairs: Vec<(u32, u32, f64)> = Vec::new();
    for (i, nbrs) in g.adj.iter().enumerate() {
        let ci = community[i];
        self_loop[ci as usize] += g.self_loop[i];
        for &(j, w) in nbrs {
            if (j as usize) < i {
                continue;
            }
            let cj = community[j as usize];
            if ci == cj {
                self_loop[ci as usize] += w;
            } else {
                pairs.push((ci.min(cj), ci.max(cj), w));
            }
        }
    }
    pairs.sort_by_key(|a| (a.0, a.1));
    let mut adj: Vec<Vec<(u32, f64)>> = vec![Vec::new(); count];
    let mut merged: Vec<(u32, u32, f64)> = Vec::new();
    for (a, b, w) in pairs {
        match merged.last_mut() {
            Some(last) if last.0 == a && last.1 == b => last.2 += w,
            _ => merged.push((a, b, w)),
        }
    }
    for (a, b, w) in merged {
        adj[a as usize].push((b, w));
        adj[b as usize].push((a, w));
    }
    for a in &mut adj {
        a.sort_by_key(|&(j, _)| j);
    }
    Level { adj, self_loop }
}

/// Communities numbered by size (largest first), ties by their smallest node.
fn by_size(of: &[u32]) -> (Vec<u32>, u32) {
    let (of, count) = renumber(of);
    let mut size = vec![0u32; count as usize];
    for &c in &of {
        size[c as usize] += 1;
    }
    // renumber() numbers communities by their first node, so the number is
    // the tie-break
    let mut order: Vec<u32> = (0..count).collect();
    order.sort_by(|&a, &b| size[b as usize].cmp(&size[a as usize]).then(a.cmp(&b)));
    let mut rank = vec![0u32; count as usize];
    for (r, &c) in order.iter().enumerate() {
        rank[c as usize] = r as u32;
    }
    (of.iter().map(|&c| rank[c as usize]).collect(), count)
}

/// Newman's modularity of a partition.
fn modularity(n: usize, links: &[(u32, u32, f64)], of: &[u32], count: u32) -> f64 {
    let m: f64 = links.iter().map(|&(_, _, w)| w).sum();
    if m == 0.0 {
        return 0.0;
    }
    let mut inside = vec![0.0; count as usize];
    let mut tot = vec![0.0; count as usize];
    let mut degree = vec![0.0; n];
    for &(i, j, w) in links {
        degree[i as usize] += w;
        degree[j as usize] += w;
        if of[i as usize] == of[j as usize] {
            inside[of[i as usize] as usize] += w;
        }
    }
    for (i, d) in degree.iter().enumerate() {
        tot[of[i] as usize] += d;
    }
    inside
        .iter()
        .zip(&tot)
        .map(|(&l, &d)| l / m - (d / (2.0 * m)).powi(2))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `k` cliques of `size` nodes in a ring, one link between neighbours.
    fn ring_of_cliques(k: u32, size: u32) -> Vec<(u32, u32, f64)> {
        let mut links = Vec::new();
        for c in 0..k {
            let base = c * size;
            for a in 0..size {
                for b in a + 1..size {
                    links.push((base + a, base + b, 1.0));
                }
            }
            let next = ((c + 1) % k) * size;
            links.push((base.min(next), base.max(next), 1.0));
        }
        links.sort_by_key(|a| (a.0, a.1));
        links
    }

    #[test]
    fn finds_the_cliques_of_a_ring() {
        let links = ring_of_cliques(6, 5);
        let p = communities(30, &links);
        assert_eq!(p.count, 6);
        for c in 0..6 {
            let first = p.of[(c * 5) as usize];
            assert!((0..5).all(|i| p.of[(c * 5 + i) as usize] == first));
        }
        // the modularity of this partition: 6 * (10/66 - (22/132)^2)
        let want = 6.0 * (10.0 / 66.0 - (22.0f64 / 132.0).powi(2));
        assert!((p.modularity - want).abs() < 1e-9, "{}", p.modularity);
    }

    #[test]
    fn numbered_by_size_and_isolated_nodes_alone() {
        // a triangle 3-4-5, a pair 0-1, node 2 alone
        let links = [(0, 1, 1.0), (3, 4, 1.0), (3, 5, 1.0), (4, 5, 1.0)];
        let p = communities(6, &links);
        assert_eq!(p.of, [1, 1, 2, 0, 0, 0]);
        assert_eq!(p.count, 3);
        let empty = communities(3, &[]);
        assert_eq!(empty.of, [0, 1, 2]);
        assert_eq!(empty.modularity, 0.0);
    }

    #[test]
    fn deterministic() {
        let links = ring_of_cliques(12, 4);
        assert_eq!(communities(48, &links), communities(48, &links));
    }
}
