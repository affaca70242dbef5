//! Upstream `helper.DefaultNormalizeScore`: scale raw scores so the highest becomes `max_priority`.

use crate::framework::NodeScore;

/// Scale `scores` to `[0, max_priority]` proportionally to the highest score; with `reverse`, the
/// lowest raw score gets `max_priority` instead. If every score is 0, all become 0 (or
/// `max_priority` when reversed).
pub fn default_normalize_score(max_priority: i64, reverse: bool, scores: &mut [NodeScore]) {
    let max_count = scores.iter().map(|s| s.score).fold(0, i64::max);
    if max_count == 0 {
        if reverse {
            for s in scores.iter_mut() {
                s.score = max_priority;
            }
        }
        return;
    }
    for s in scores.iter_mut() {
        let scaled = max_priority * s.score / max_count;
        s.score = if reverse { max_priority - scaled } else { scaled };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(raw: &[i64]) -> Vec<NodeScore> {
        raw.iter()
            .enumerate()
            .map(|(i, s)| NodeScore {
                name: format!("n{i}"),
                score: *s,
            })
            .collect()
    }

    #[test]
    fn normalizes_as_upstream() {
        // (name, reverse, raw, want) — upstream normalize_score_test.go cases.
        let cases: &[(&str, bool, &[i64], &[i64])] = &[
            ("scaled", false, &[10, 20, 30], &[33, 66, 100]),
            ("scaled reversed", true, &[10, 20, 30], &[67, 34, 0]),
            ("with zero", false, &[0, 20, 30], &[0, 66, 100]),
            ("all zero", false, &[0, 0, 0], &[0, 0, 0]),
            ("all zero reversed", true, &[0, 0, 0], &[100, 100, 100]),
            ("empty", true, &[], &[]),
        ];
        for (name, reverse, raw, want) in cases {
            let mut got = scores(raw);
            default_normalize_score(100, *reverse, &mut got);
            let got: Vec<i64> = got.iter().map(|s| s.score).collect();
            assert_eq!(&got, want, "{name}");
        }
    }
}
