//! Sets of character spans asked "is this span inside one?" and "does it share a character
//! with one?" in logarithmic time, so the checks made for every identifier of a long reply
//! stay linear in the reply instead of growing with the square of its identifiers.

use std::collections::BTreeMap;

/// A fixed set of half-open spans `(start, end)`.
#[derive(Debug, Default)]
pub(crate) struct Spans {
    /// The spans, sorted by start, each with its place in the list it was built from.
    spans: Vec<(usize, usize, usize)>,
    /// `reach[i]`: the largest end among `spans[..=i]`.
    reach: Vec<usize>,
}

impl Spans {
    pub(crate) fn new(spans: impl IntoIterator<Item = (usize, usize)>) -> Spans {
        let mut spans: Vec<(usize, usize, usize)> = spans
            .into_iter()
            .enumerate()
            .map(|(i, (a, b))| (a, b, i))
            .collect();
        spans.sort_unstable();
        let mut reach = Vec::with_capacity(spans.len());
        let mut max = 0;
        for &(_, e, _) in &spans {
            max = max.max(e);
            reach.push(max);
        }
        Spans { spans, reach }
    }

    /// Whether one span holds all of `s..e` (`a <= s` and `e <= b`).
    pub(crate) fn contains(&self, s: usize, e: usize) -> bool {
        let k = self.spans.partition_point(|&(a, _, _)| a <= s);
        k > 0 && self.reach[k - 1] >= e
    }

    /// Whether a span overlaps `s..e` (`a < e` and `s < b`), as the linear test
    /// `spans.iter().any(|&(a, b)| s < b && e > a)` answers it.
    pub(crate) fn overlaps(&self, s: usize, e: usize) -> bool {
        let k = self.spans.partition_point(|&(a, _, _)| a < e);
        k > 0 && self.reach[k - 1] > s
    }

    /// The places (in the list the set was built from) of the spans overlapping `s..e`,
    /// latest start first. The walk stops where no earlier span reaches `s`, so its cost is
    /// the spans it passes near `s..e`, not the whole set.
    pub(crate) fn overlapping(&self, s: usize, e: usize) -> impl Iterator<Item = usize> + '_ {
        self.walk(s, e).map(|(_, _, i)| i)
    }

    /// The spans overlapping `s..e`, as `overlapping` finds them.
    pub(crate) fn overlapping_spans(
        &self,
        s: usize,
        e: usize,
    ) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.walk(s, e).map(|(a, b, _)| (a, b))
    }

    fn walk(&self, s: usize, e: usize) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        let k = self.spans.partition_point(|&(a, _, _)| a < e);
        (0..k)
            .rev()
            .take_while(move |&i| self.reach[i] > s)
            .map(move |i| self.spans[i])
            .filter(move |&(_, b, _)| b > s)
    }
}

/// A growing set of spans asked whether a new span shares a character with any already in it.
/// Kept as disjoint runs of covered characters: a span shares a character with the set exactly
/// when it shares one with the run that starts last before its end.
#[derive(Debug, Default)]
pub(crate) struct SpanSet {
    runs: BTreeMap<usize, usize>,
}

impl SpanSet {
    pub(crate) fn new() -> SpanSet {
        SpanSet::default()
    }

    /// Adds the characters of `s..e` (an empty span covers none).
    pub(crate) fn insert(&mut self, s: usize, e: usize) {
        if s >= e {
            return;
        }
        let (mut start, mut end) = (s, e);
        // Runs that touch or overlap `s..e` merge into one.
        let touching: Vec<(usize, usize)> = self
            .runs
            .range(..=e)
            .rev()
            .take_while(|&(_, &b)| b >= s)
            .map(|(&a, &b)| (a, b))
            .collect();
        for (a, b) in touching {
            self.runs.remove(&a);
            start = start.min(a);
            end = end.max(b);
        }
        self.runs.insert(start, end);
    }

    /// Whether `s..e` shares a character with a span added before (an empty span shares none).
    pub(crate) fn overlaps(&self, s: usize, e: usize) -> bool {
        s < e
            && self
                .runs
                .range(..e)
                .next_back()
                .is_some_and(|(_, &b)| b > s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The answers of the linear tests they replace, over every small span.
    #[test]
    fn spans_answer_as_the_linear_scans() {
        let sets: [&[(usize, usize)]; 4] = [
            &[],
            &[(2, 5)],
            &[(0, 10), (3, 4), (12, 15), (14, 20)],
            &[(5, 6), (1, 3), (7, 9), (2, 8), (9, 9)],
        ];
        for set in sets {
            let spans = Spans::new(set.iter().copied());
            let mut grown = SpanSet::new();
            for &(a, b) in set {
                grown.insert(a, b);
            }
            for s in 0..22 {
                for e in s..23 {
                    let contains = set.iter().any(|&(a, b)| s >= a && e <= b);
                    let overlaps = set.iter().any(|&(a, b)| s < b && e > a);
                    assert_eq!(spans.contains(s, e), contains, "{set:?} contains {s}..{e}");
                    assert_eq!(spans.overlaps(s, e), overlaps, "{set:?} overlaps {s}..{e}");
                    let mut listed: Vec<_> = spans.overlapping(s, e).collect();
                    listed.sort_unstable();
                    let want: Vec<_> = (0..set.len())
                        .filter(|&i| s < set[i].1 && e > set[i].0)
                        .collect();
                    assert_eq!(listed, want, "{set:?} overlapping {s}..{e}");
                    let mut spanned: Vec<_> = spans.overlapping_spans(s, e).collect();
                    spanned.sort_unstable();
                    let mut want: Vec<_> = want.iter().map(|&i| set[i]).collect();
                    want.sort_unstable();
                    assert_eq!(spanned, want, "{set:?} overlapping spans {s}..{e}");
                    // Sharing a character: the same, except for empty spans on either side.
                    let shares = s < e && set.iter().any(|&(a, b)| a < b && s < b && e > a);
                    assert_eq!(grown.overlaps(s, e), shares, "{set:?} shares {s}..{e}");
                }
            }
        }
    }
}
