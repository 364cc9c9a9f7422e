//! ForceAtlas2 (Jacomy, Venturini, Heymann, Bastian: "ForceAtlas2, a
//! continuous graph layout algorithm for handy network visualization", PLoS
//! ONE 9(6), 2014), written from the paper with Gephi's default settings:
//! lin-log off, no outbound attraction distribution, edge weight influence 1,
//! gravity 1 (not strong), scaling 10 below 100 nodes and 2 from there, jitter
//! tolerance 1, Barnes-Hut (theta 1.2) from [`BARNES_HUT_FROM`] nodes, and the
//! paper's adaptive speed (global swinging and traction, local speed per node).
//! The last tenth of the iterations prevent overlap ("adjust sizes").
//!
//! Masses are 1 + the number of links of a node; attraction is linear in the
//! distance and in the link weight. Deterministic: starting positions come from
//! a hash of each node's id and the seed; every force is summed in a fixed
//! order (each node's repulsion sequentially, on whichever thread).

use rayon::prelude::*;

/// Barnes-Hut is used from this many nodes (Gephi's default threshold);
/// below it every pair is computed.
pub(crate) const BARNES_HUT_FROM: usize = 1000;

/// Barnes-Hut: a cell is taken as one body when its side is less than this
/// times its distance.
const THETA: f64 = 1.2;

/// Cells are not split further (nodes at one point stay in one leaf).
const MAX_DEPTH: usize = 24;

/// The settings of a run.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Settings {
    pub(crate) iterations: usize,
    /// Of which the last ones prevent overlap.
    pub(crate) overlap_iterations: usize,
    pub(crate) scaling: f64,
    pub(crate) gravity: f64,
    pub(crate) jitter_tolerance: f64,
    pub(crate) barnes_hut: bool,
}

impl Settings {
    /// Gephi's defaults for a graph of `n` nodes, run for `iterations`.
    pub(crate) fn for_graph(n: usize, iterations: usize) -> Settings {
        Settings {
            iterations,
            overlap_iterations: (iterations / 10).max(1),
            scaling: if n < 100 { 10.0 } else { 2.0 },
            gravity: 1.0,
            jitter_tolerance: 1.0,
            barnes_hut: n >= BARNES_HUT_FROM,
        }
    }
}

/// A 64-bit mix (splitmix64's finaliser).
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A starting position for the node `id`: uniform in a square of side `side`
/// centred on the origin, from the id and the seed only.
fn start(id: &str, seed: u64, side: f64) -> (f64, f64) {
    // FNV-1a of the id
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let a = mix(h ^ mix(seed));
    let b = mix(a);
    let unit = |v: u64| (v >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
    (unit(a) * side, unit(b) * side)
}

/// Positions for nodes `ids` (in node-number order) joined by `links`
/// `(i, j, w)`, `i < j`.
pub(crate) fn layout(
    ids: &[&str],
    links: &[(u32, u32, f64)],
    settings: &Settings,
    seed: u64,
) -> Vec<(f64, f64)> {
    let n = ids.len();
    let side = 10.0 * (n as f64).sqrt().max(1.0);
    let mut pos: Vec<(f64, f64)> = ids.iter().map(|id| start(id, seed, side)).collect();
    if n < 2 {
        return pos.iter().map(|_| (0.0, 0.0)).collect();
    }
    let mut links_of = vec![0u32; n];
    let mut wdeg = vec![0.0; n];
    for &(i, j, w) in links {
        links_of[i as usize] += 1;
        links_of[j as usize] += 1;
        wdeg[i as usize] += w;
        wdeg[j as usize] += w;
    }
    let mass: Vec<f64> = links_of.iter().map(|&d| 1.0 + f64::from(d)).collect();
    let size: Vec<f64> = wdeg.iter().map(|&d: &f64| 5.0 + 3.0 * d.ln_1p()).collect();
    let mut force = vec![(0.0, 0.0); n];
    let mut old = vec![(0.0, 0.0); n];
    let mut speed = 1.0;
    let mut efficiency = 1.0;
    for it in 0..settings.iterations {
        let adjust = it + settings.overlap_iterations >= settings.iterations;
        std::mem::swap(&mut force, &mut old);
        let bodies = Bodies {
            pos: &pos,
            mass: &mass,
            size: &size,
            scaling: settings.scaling,
            adjust,
        };
        // repulsion and gravity, each node on its own
        if settings.barnes_hut {
            let tree = QuadTree::build(&pos, &mass);
            force.par_iter_mut().enumerate().for_each_init(
                || Vec::with_capacity(256),
                |stack, (i, f)| *f = tree.repulsion(i, &bodies, stack),
            );
        } else {
            force
                .par_iter_mut()
                .enumerate()
                .for_each(|(i, f)| *f = bodies.repulsion_exact(i));
        }
        for (i, f) in force.iter_mut().enumerate() {
            let (x, y) = pos[i];
            let d = (x * x + y * y).sqrt();
            if d > 0.0 {
                let factor = settings.scaling * mass[i] * settings.gravity / d;
                f.0 -= x * factor;
                f.1 -= y * factor;
            }
        }
        // attraction, link by link in order
        for &(i, j, w) in links {
            let (i, j) = (i as usize, j as usize);
            let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
            if adjust {
                let d = (dx * dx + dy * dy).sqrt() - size[i] - size[j];
                if d <= 0.0 {
                    continue;
                }
            }
            let factor = -w;
            force[i].0 += dx * factor;
            force[i].1 += dy * factor;
            force[j].0 -= dx * factor;
            force[j].1 -= dy * factor;
        }
        // adaptive speed: global swinging against traction
        let mut swinging_total = 0.0;
        let mut traction_total = 0.0;
        for i in 0..n {
            let (f, o) = (force[i], old[i]);
            swinging_total += mass[i] * ((o.0 - f.0).powi(2) + (o.1 - f.1).powi(2)).sqrt();
            traction_total += 0.5 * mass[i] * ((o.0 + f.0).powi(2) + (o.1 + f.1).powi(2)).sqrt();
        }
        let nf = n as f64;
        let estimated = 0.05 * nf.sqrt();
        let min_jt = estimated.sqrt();
        let max_jt: f64 = 10.0;
        let mut jt = settings.jitter_tolerance
            * min_jt.max(max_jt.min(estimated * traction_total / (nf * nf)));
        let min_efficiency = 0.05;
        if traction_total > 0.0 && swinging_total / traction_total > 2.0 {
            if efficiency > min_efficiency {
                efficiency *= 0.5;
            }
            jt = jt.max(settings.jitter_tolerance);
        }
        let target = if swinging_total > 0.0 {
            jt * efficiency * traction_total / swinging_total
        } else {
            speed
        };
        if swinging_total > jt * traction_total {
            if efficiency > min_efficiency {
                efficiency *= 0.7;
            }
        } else if speed < 1000.0 {
            efficiency *= 1.3;
        }
        let max_rise: f64 = 0.5;
        speed += (target - speed).min(max_rise * speed);
        // move each node by its local speed
        for i in 0..n {
            let (f, o) = (force[i], old[i]);
            let swinging = mass[i] * ((o.0 - f.0).powi(2) + (o.1 - f.1).powi(2)).sqrt();
            let mut factor = speed / (1.0 + (speed * swinging).sqrt());
            if adjust {
                factor *= 0.1;
                let df = (f.0 * f.0 + f.1 * f.1).sqrt();
                if df > 0.0 {
                    factor = (factor * df).min(10.0) / df;
                }
            }
            pos[i].0 += f.0 * factor;
            pos[i].1 += f.1 * factor;
        }
    }
    pos
}

/// What the repulsion needs of every node.
struct Bodies<'a> {
    pos: &'a [(f64, f64)],
    mass: &'a [f64],
    size: &'a [f64],
    scaling: f64,
    /// Prevent overlap: distances are between the nodes' borders.
    adjust: bool,
}

impl Bodies<'_> {
    /// The repulsion of node `j` on node `i`, added to `f`.
    #[inline]
    fn pair(&self, i: usize, j: usize, f: &mut (f64, f64)) {
        let (dx, dy) = (self.pos[i].0 - self.pos[j].0, self.pos[i].1 - self.pos[j].1);
        let d2 = dx * dx + dy * dy;
        let mm = self.scaling * self.mass[i] * self.mass[j];
        let factor = if self.adjust {
            let d = d2.sqrt() - self.size[i] - self.size[j];
            if d > 0.0 {
                mm / (d * d)
            } else if d < 0.0 {
                100.0 * mm
            } else {
                0.0
            }
        } else if d2 > 0.0 {
            mm / d2
        } else {
            0.0
        };
        f.0 += dx * factor;
        f.1 += dy * factor;
    }

    /// The repulsion of every other node on node `i`.
    fn repulsion_exact(&self, i: usize) -> (f64, f64) {
        let mut f = (0.0, 0.0);
        for j in 0..self.pos.len() {
            if j != i {
                self.pair(i, j, &mut f);
            }
        }
        f
    }
}

/// A cell of the quadtree.
struct Cell {
    /// Side of the square.
    side: f64,
    mass: f64,
    /// Centre of mass.
    cx: f64,
    cy: f64,
    /// Children (indices into `cells`, [`NONE`] where a quadrant is empty).
    children: [u32; 4],
    /// No child at all.
    leaf: bool,
    /// A leaf's nodes (range of `QuadTree::order`).
    nodes: (u32, u32),
}

/// No child in that quadrant.
const NONE: u32 = u32::MAX;

/// A Barnes-Hut quadtree over the node positions, built in node order.
struct QuadTree {
    cells: Vec<Cell>,
    /// Node numbers, grouped by leaf.
    order: Vec<u32>,
    /// Scratch space of the build.
    scratch: Vec<u32>,
}

impl QuadTree {
    fn build(pos: &[(f64, f64)], mass: &[f64]) -> QuadTree {
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in pos {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        let side = (x1 - x0).max(y1 - y0).max(1e-9);
        let mut tree = QuadTree {
            cells: Vec::with_capacity(2 * pos.len()),
            order: (0..pos.len() as u32).collect(),
            scratch: vec![0; pos.len()],
        };
        let n = tree.order.len();
        tree.cell(pos, mass, (0, n), x0, y0, side, 0);
        tree
    }

    /// Make the cell of the nodes `order[range]`, all inside the square at
    /// (`x`, `y`) of side `side`; returns its index.
    #[allow(clippy::too_many_arguments)]
    fn cell(
        &mut self,
        pos: &[(f64, f64)],
        mass: &[f64],
        range: (usize, usize),
        x: f64,
        y: f64,
        side: f64,
        depth: usize,
    ) -> u32 {
        let (lo, hi) = range;
        let (mut m, mut sx, mut sy) = (0.0, 0.0, 0.0);
        for &k in &self.order[lo..hi] {
            let k = k as usize;
            m += mass[k];
            sx += mass[k] * pos[k].0;
            sy += mass[k] * pos[k].1;
        }
        let index = self.cells.len() as u32;
        self.cells.push(Cell {
            side,
            mass: m,
            cx: sx / m,
            cy: sy / m,
            children: [NONE; 4],
            leaf: true,
            nodes: (lo as u32, hi as u32),
        });
        if hi - lo <= 1 || depth >= MAX_DEPTH {
            return index;
        }
        // stable partition into the four quadrants, through the scratch space
        let half = side / 2.0;
        let (mx, my) = (x + half, y + half);
        let quadrant = |k: u32| {
            let (px, py) = pos[k as usize];
            usize::from(px >= mx) + 2 * usize::from(py >= my)
        };
        let mut counts = [0usize; 4];
        for &k in &self.order[lo..hi] {
            counts[quadrant(k)] += 1;
        }
        let mut next = [lo, 0, 0, 0];
        for q in 1..4 {
            next[q] = next[q - 1] + counts[q - 1];
        }
        let ranges: [(usize, usize); 4] = std::array::from_fn(|q| (next[q], next[q] + counts[q]));
        for k in lo..hi {
            let node = self.order[k];
            let q = quadrant(node);
            self.scratch[next[q]] = node;
            next[q] += 1;
        }
        self.order[lo..hi].copy_from_slice(&self.scratch[lo..hi]);
        let mut children = [NONE; 4];
        for (q, &r) in ranges.iter().enumerate() {
            if r.0 == r.1 {
                continue;
            }
            let cx = if q & 1 == 1 { mx } else { x };
            let cy = if q & 2 == 2 { my } else { y };
            children[q] = self.cell(pos, mass, r, cx, cy, half, depth + 1);
        }
        let cell = &mut self.cells[index as usize];
        cell.children = children;
        cell.leaf = false;
        index
    }

    /// The repulsion of every other node on node `i`: far cells as one body.
    fn repulsion(&self, i: usize, b: &Bodies<'_>, stack: &mut Vec<u32>) -> (f64, f64) {
        let mut f = (0.0, 0.0);
        let (x, y) = b.pos[i];
        stack.clear();
        stack.push(0);
        while let Some(c) = stack.pop() {
            let cell = &self.cells[c as usize];
            if cell.leaf {
                for &k in &self.order[cell.nodes.0 as usize..cell.nodes.1 as usize] {
                    if k as usize != i {
                        b.pair(i, k as usize, &mut f);
                    }
                }
                continue;
            }
            let (dx, dy) = (x - cell.cx, y - cell.cy);
            let d2 = dx * dx + dy * dy;
            if cell.side * cell.side < THETA * THETA * d2 {
                let factor = b.scaling * b.mass[i] * cell.mass / d2;
                f.0 += dx * factor;
                f.1 += dy * factor;
            } else {
                // children pushed in reverse, visited in quadrant order
                stack.extend(cell.children.iter().rev().filter(|&&c| c != NONE));
            }
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spread(p: &[(f64, f64)]) -> f64 {
        let (mut lo, mut hi) = (f64::MAX, f64::MIN);
        for &(x, y) in p {
            lo = lo.min(x.min(y));
            hi = hi.max(x.max(y));
        }
        hi - lo
    }

    #[test]
    fn starting_positions_depend_on_id_and_seed_only() {
        assert_eq!(start("wd:Q79", 1, 100.0), start("wd:Q79", 1, 100.0));
        assert_ne!(start("wd:Q79", 1, 100.0), start("wd:Q79", 2, 100.0));
        assert_ne!(start("wd:Q79", 1, 100.0), start("wd:Q80", 1, 100.0));
        let (x, y) = start("x", 7, 10.0);
        assert!(x.abs() <= 5.0 && y.abs() <= 5.0);
    }

    /// A path of `n` nodes.
    fn path(n: u32) -> (Vec<String>, Vec<(u32, u32, f64)>) {
        let ids = (0..n).map(|i| format!("n{i:05}")).collect();
        let links = (0..n - 1).map(|i| (i, i + 1, 1.0)).collect();
        (ids, links)
    }

    #[test]
    fn barnes_hut_is_close_to_the_exact_forces() {
        let (ids, links) = path(300);
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let mut s = Settings::for_graph(ids.len(), 200);
        let exact = layout(&ids, &links, &s, 3);
        s.barnes_hut = true;
        let approx = layout(&ids, &links, &s, 3);
        // the same shape: neighbours along the path close in both
        let near = |p: &[(f64, f64)]| {
            let total: f64 = links
                .iter()
                .map(|&(i, j, _)| {
                    let (a, b) = (p[i as usize], p[j as usize]);
                    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
                })
                .sum();
            total / links.len() as f64 / spread(p)
        };
        assert!(near(&exact) < 0.1, "{}", near(&exact));
        assert!(near(&approx) < 0.1, "{}", near(&approx));
        let ratio = spread(&exact) / spread(&approx);
        assert!((0.5..2.0).contains(&ratio), "{ratio}");
    }

    #[test]
    fn overlap_is_removed_at_the_end() {
        // a star: the leaves pile up around the centre without adjust sizes
        let n = 40u32;
        let ids: Vec<String> = (0..n).map(|i| format!("s{i}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let links: Vec<(u32, u32, f64)> = (1..n).map(|i| (0, i, 5.0)).collect();
        let p = layout(&ids, &links, &Settings::for_graph(ids.len(), 400), 1);
        let mut overlaps = 0;
        let size = |i: usize| {
            if i == 0 {
                5.0 + 3.0 * 195f64.ln_1p()
            } else {
                5.0 + 3.0 * 5f64.ln_1p()
            }
        };
        for i in 1..n as usize {
            for j in i + 1..n as usize {
                let d = ((p[i].0 - p[j].0).powi(2) + (p[i].1 - p[j].1).powi(2)).sqrt();
                if d < 0.9 * (size(i) + size(j)) {
                    overlaps += 1;
                }
            }
        }
        assert_eq!(overlaps, 0);
    }

    #[test]
    fn tree_holds_every_node_once() {
        let pos: Vec<(f64, f64)> = (0..500)
            .map(|i| start(&i.to_string(), 1, 100.0))
            .chain([(1.0, 1.0); 30])
            .collect();
        let mass = vec![1.0; pos.len()];
        let t = QuadTree::build(&pos, &mass);
        let mut seen = t.order.clone();
        seen.sort_unstable();
        assert_eq!(seen, (0..pos.len() as u32).collect::<Vec<_>>());
        assert!((t.cells[0].mass - pos.len() as f64).abs() < 1e-9);
    }
}
