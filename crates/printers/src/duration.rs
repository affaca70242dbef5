//! Upstream `k8s.io/apimachinery/pkg/util/duration`: `HumanDuration` (Age cells) and
//! `ShortHumanDuration`.

use jiff::SignedDuration;

/// `duration.HumanDuration`: ~2-3 significant figures (`45s`, `3m20s`, `60m`, `3h5m`, `2d`, `3y45d`).
pub fn human_duration(d: std::time::Duration) -> String {
    human_duration_signed(SignedDuration::try_from(d).unwrap_or(SignedDuration::MAX))
}

/// [`human_duration`] of a possibly negative duration: a clock skew up to a second prints
/// `0s`, a larger one `<invalid>`.
pub fn human_duration_signed(d: SignedDuration) -> String {
    // Go truncates toward zero (`int(d.Seconds())`), as `as_secs` does.
    let seconds = d.as_secs();
    if seconds < -1 {
        return "<invalid>".to_string();
    } else if seconds < 0 {
        return "0s".to_string();
    } else if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        if s == 0 {
            return format!("{minutes}m");
        }
        return format!("{minutes}m{s}s");
    } else if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = seconds / 3600;
    if hours < 8 {
        let m = minutes % 60;
        if m == 0 {
            return format!("{hours}h");
        }
        format!("{hours}h{m}m")
    } else if hours < 48 {
        format!("{hours}h")
    } else if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            return format!("{}d", hours / 24);
        }
        format!("{}d{h}h", hours / 24)
    } else if hours < 24 * 365 * 2 {
        format!("{}d", hours / 24)
    } else if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        if dy == 0 {
            return format!("{}y", hours / 24 / 365);
        }
        format!("{}y{dy}d", hours / 24 / 365)
    } else {
        format!("{}y", hours / 24 / 365)
    }
}

/// `duration.ShortHumanDuration`: one unit (`45s`, `3m`, `5h`, `12d`, `2y`).
pub fn short_human_duration(d: SignedDuration) -> String {
    let seconds = d.as_secs();
    if seconds < -1 {
        "<invalid>".to_string()
    } else if seconds < 0 {
        "0s".to_string()
    } else if seconds < 60 {
        format!("{seconds}s")
    } else if seconds / 60 < 60 {
        format!("{}m", seconds / 60)
    } else if seconds / 3600 < 24 {
        format!("{}h", seconds / 3600)
    } else if seconds / 3600 < 24 * 365 {
        format!("{}d", seconds / 3600 / 24)
    } else {
        format!("{}y", seconds / 3600 / 24 / 365)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60;
    const HOUR: i64 = 60 * MIN;
    const DAY: i64 = 24 * HOUR;
    const YEAR: i64 = 365 * DAY;

    #[test]
    fn human() {
        // The cases of upstream's duration_test.go, and a few more boundaries.
        let cases: &[(i64, &str)] = &[
            (1, "1s"),
            (70, "70s"),
            (119, "119s"),
            (2 * MIN, "2m"),
            (2 * MIN + 5, "2m5s"),
            (190, "3m10s"),
            (9 * MIN + 59, "9m59s"),
            (10 * MIN, "10m"),
            (10 * MIN + 30, "10m"),
            (60 * MIN, "60m"),
            (179 * MIN, "179m"),
            (3 * HOUR, "3h"),
            (3 * HOUR + 5 * MIN, "3h5m"),
            (7 * HOUR + 59 * MIN, "7h59m"),
            (8 * HOUR, "8h"),
            (8 * HOUR + 59 * MIN, "8h"),
            (47 * HOUR, "47h"),
            (48 * HOUR, "2d"),
            (48 * HOUR + 59 * MIN, "2d"),
            (49 * HOUR, "2d1h"),
            (7 * DAY + 23 * HOUR, "7d23h"),
            (8 * DAY, "8d"),
            (367 * DAY, "367d"),
            (2 * YEAR - DAY, "729d"),
            (2 * YEAR, "2y"),
            (2 * YEAR + 30 * DAY, "2y30d"),
            (7 * YEAR + 364 * DAY, "7y364d"),
            (8 * YEAR, "8y"),
            (8 * YEAR + 300 * DAY, "8y"),
            (15 * YEAR, "15y"),
            (0, "0s"),
            (-1, "0s"),
            (-2, "<invalid>"),
        ];
        for &(secs, want) in cases {
            assert_eq!(
                human_duration_signed(SignedDuration::from_secs(secs)),
                want,
                "{secs}s"
            );
        }
        assert_eq!(human_duration_signed(SignedDuration::from_millis(-1999)), "0s");
        assert_eq!(
            human_duration_signed(SignedDuration::from_millis(-2000)),
            "<invalid>"
        );
        assert_eq!(
            human_duration_signed(SignedDuration::from_millis(119_999)),
            "119s"
        );
        assert_eq!(
            human_duration(std::time::Duration::from_secs(3 * 3600 + 300)),
            "3h5m"
        );
        assert_eq!(human_duration(std::time::Duration::from_millis(400)), "0s");
    }

    #[test]
    fn short() {
        let cases: &[(i64, &str)] = &[
            (-2, "<invalid>"),
            (-1, "0s"),
            (59, "59s"),
            (60, "1m"),
            (59 * MIN + 59, "59m"),
            (HOUR, "1h"),
            (23 * HOUR, "23h"),
            (DAY, "1d"),
            (364 * DAY, "364d"),
            (YEAR, "1y"),
            (3 * YEAR, "3y"),
        ];
        for &(secs, want) in cases {
            assert_eq!(
                short_human_duration(SignedDuration::from_secs(secs)),
                want,
                "{secs}s"
            );
        }
    }
}
