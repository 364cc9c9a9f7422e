//! Sorting a merge's document ids: hundreds of thousands of strings that
//! come in sorted runs (one an input, numbered in the order it lists them)
//! and share long prefixes (the URLs of a few sites, the same URL with
//! another fragment). A merge sort that keeps, for each string, the length
//! of the prefix it shares with the one before it (its LCP), so that most
//! steps of a merge compare two numbers, and the others compare two strings
//! from where they may first differ (the LCP merge of Ng and Kakehi, 2008).
//! The runs are found first (one comparison of each string with the next),
//! then merged in pairs, in parallel.

use rayon::join;
use std::cmp::Ordering;

/// Segments of at least this many strings are merged in parallel halves.
const PARALLEL: usize = 1 << 14;

/// The places `0..strings.len()` in the order of their strings (bytewise,
/// as `str` orders; equal strings in the order of their places).
pub(crate) fn sort(strings: &[&[u8]]) -> Vec<u32> {
    let n = strings.len();
    debug_assert!(u32::try_from(n).is_ok());
    let mut order: Vec<u32> = (0..n as u32).collect();
    // lcp[i]: of strings[i] with strings[i - 1] (0 at the start of a run)
    let mut lcp = vec![0u32; n];
    let mut runs = vec![0];
    for i in 1..n {
        let (ord, k) = compare_from(strings[i - 1], strings[i], 0);
        if ord == Ordering::Greater {
            runs.push(i);
        } else {
            lcp[i] = k as u32;
        }
    }
    runs.push(n);
    let (mut s_order, mut s_lcp) = (vec![0; n], vec![0; n]);
    merge_runs(
        strings,
        &runs,
        &mut order,
        &mut lcp,
        &mut s_order,
        &mut s_lcp,
    );
    order
}

/// Sort in place the segment whose sorted runs start at `runs` (and end at
/// its last entry; places relative to `runs[0]`), with its LCPs, with
/// `s_order` and `s_lcp` (as long) to merge into.
fn merge_runs(
    strings: &[&[u8]],
    runs: &[usize],
    order: &mut [u32],
    lcp: &mut [u32],
    s_order: &mut [u32],
    s_lcp: &mut [u32],
) {
    let count = runs.len() - 1;
    if count <= 1 {
        return;
    }
    let mid = count / 2;
    let split = runs[mid] - runs[0];
    let len = order.len();
    {
        let (lo, ro) = order.split_at_mut(split);
        let (ll, rl) = lcp.split_at_mut(split);
        let (slo, sro) = s_order.split_at_mut(split);
        let (sll, srl) = s_lcp.split_at_mut(split);
        let mut left = move || merge_runs(strings, &runs[..=mid], lo, ll, slo, sll);
        let mut right = move || merge_runs(strings, &runs[mid..], ro, rl, sro, srl);
        if len >= PARALLEL {
            join(left, right);
        } else {
            left();
            right();
        }
    }
    merge(
        strings,
        (&order[..split], &lcp[..split]),
        (&order[split..], &lcp[split..]),
        s_order,
        s_lcp,
    );
    order.copy_from_slice(s_order);
    lcp.copy_from_slice(s_lcp);
}

/// Merge two sorted sequences with their LCPs into `order` and `lcp`.
fn merge(
    strings: &[&[u8]],
    (a_order, a_lcp): (&[u32], &[u32]),
    (b_order, b_lcp): (&[u32], &[u32]),
    order: &mut [u32],
    lcp: &mut [u32],
) {
    let (mut i, mut j, mut out) = (0, 0, 0);
    // The LCP of each head with the last string put out (none yet: 0, so
    // that the first step compares the two heads whole).
    let (mut ha, mut hb) = (0u32, 0u32);
    while i < a_order.len() && j < b_order.len() {
        let take_a = match ha.cmp(&hb) {
            // `a` shares more with the last one out than `b`: it comes first
            Ordering::Greater => true,
            Ordering::Less => false,
            Ordering::Equal => {
                let (x, y) = (strings[a_order[i] as usize], strings[b_order[j] as usize]);
                let (ord, k) = compare_from(x, y, ha as usize);
                if ord == Ordering::Greater {
                    ha = k as u32;
                    false
                } else {
                    hb = k as u32;
                    true
                }
            }
        };
        if take_a {
            order[out] = a_order[i];
            lcp[out] = ha;
            i += 1;
            ha = a_lcp.get(i).copied().unwrap_or(0);
        } else {
            order[out] = b_order[j];
            lcp[out] = hb;
            j += 1;
            hb = b_lcp.get(j).copied().unwrap_or(0);
        }
        out += 1;
    }
    // the rest of one: its first shares `ha` (or `hb`) with the last one out
    let (rest_order, rest_lcp, h, from) = if i < a_order.len() {
        (a_order, a_lcp, ha, i)
    } else {
        (b_order, b_lcp, hb, j)
    };
    let left = rest_order.len() - from;
    order[out..out + left].copy_from_slice(&rest_order[from..]);
    lcp[out..out + left].copy_from_slice(&rest_lcp[from..]);
    if left > 0 {
        lcp[out] = h;
    }
}

/// `a` against `b`, known to share their first `from` bytes, and the length
/// of the prefix they share.
fn compare_from(a: &[u8], b: &[u8], from: usize) -> (Ordering, usize) {
    let n = a.len().min(b.len());
    let mut k = from.min(n);
    while k + 8 <= n {
        let (x, y) = (word(&a[k..k + 8]), word(&b[k..k + 8]));
        let diff = x ^ y;
        if diff != 0 {
            k += (diff.trailing_zeros() / 8) as usize;
            return (a[k].cmp(&b[k]), k);
        }
        k += 8;
    }
    while k < n && a[k] == b[k] {
        k += 1;
    }
    if k < n {
        (a[k].cmp(&b[k]), k)
    } else {
        (a.len().cmp(&b.len()), k)
    }
}

/// Eight bytes, the first lowest.
fn word(b: &[u8]) -> u64 {
    let mut w = [0; 8];
    w.copy_from_slice(b);
    u64::from_le_bytes(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small random generator (no dependency), seeded.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    fn check(strings: &[Vec<u8>]) {
        let refs: Vec<&[u8]> = strings.iter().map(Vec::as_slice).collect();
        let mut want: Vec<u32> = (0..refs.len() as u32).collect();
        want.sort_by(|&x, &y| refs[x as usize].cmp(refs[y as usize]));
        assert_eq!(sort(&refs), want);
    }

    #[test]
    fn small_cases() {
        check(&[]);
        check(&[b"a".to_vec()]);
        check(&[b"b".to_vec(), b"a".to_vec()]);
        check(&[b"ab".to_vec(), b"a".to_vec(), b"".to_vec(), b"abc".to_vec()]);
        // equal strings keep their order
        check(&[b"x".to_vec(), b"a".to_vec(), b"x".to_vec(), b"a".to_vec()]);
    }

    #[test]
    fn compare_from_finds_the_first_difference() {
        let a = b"http://example.com/article/12345/a";
        let b = b"http://example.com/article/12346/a";
        assert_eq!(compare_from(a, b, 0), (Ordering::Less, 31));
        assert_eq!(compare_from(a, b, 31), (Ordering::Less, 31));
        assert_eq!(compare_from(b, a, 8), (Ordering::Greater, 31));
        assert_eq!(compare_from(a, a, 3), (Ordering::Equal, a.len()));
        assert_eq!(compare_from(b"abc", b"ab", 0), (Ordering::Greater, 2));
        // bytes above 0x7f (Arabic in UTF-8) order after ASCII, as in `str`
        assert_eq!(
            compare_from("سبب".as_bytes(), b"zzzzzz", 0).0,
            "سبب".cmp("zzzzzz")
        );
    }

    /// Random ids like a merge's: URLs of a few sites with long shared
    /// prefixes, repeated with fragments, in sorted runs and shuffled, of
    /// sizes across the parallel threshold.
    #[test]
    fn sorts_as_the_standard_sort_does() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let sites = ["http://a.example/news/", "http://www.b.example/ar/", "x"];
        for (round, n) in [10usize, 100, 1000, 3 * PARALLEL + 17]
            .into_iter()
            .enumerate()
        {
            let mut strings: Vec<Vec<u8>> = (0..n)
                .map(|_| {
                    let site = sites[rng.below(3) as usize];
                    let article = rng.below(50);
                    let mut s = format!("{site}{article}/عنوان-{}", rng.below(3));
                    if rng.below(2) == 0 {
                        s.push_str(&format!("#day{:03}", rng.below(400)));
                    }
                    s.into_bytes()
                })
                .collect();
            check(&strings);
            // in sorted runs, as a merge numbers them
            let runs = 1 + round * 7;
            for chunk in strings.chunks_mut(n.div_ceil(runs)) {
                chunk.sort();
            }
            check(&strings);
            strings.sort();
            check(&strings);
            strings.reverse();
            check(&strings);
        }
    }
}
