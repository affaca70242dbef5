//! Resource quantities (`k8s.io/apimachinery/pkg/api/resource`): parsing with upstream's grammar and
//! error texts, exact comparison, and the canonical string form.
//!
//! Values are held as a signed count of nano-units (10^-9) in an `i128`, rounded up when the
//! input is more precise, and saturating far beyond 2^63 — enough for every comparison
//! validation makes. Transitional: `skiff-apimachinery::quantity` replaces this once it lands.

use std::cmp::Ordering;

/// Upstream `ErrFormatWrong`.
pub const ERR_FORMAT_WRONG: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/// Upstream `ErrSuffix`.
pub const ERR_SUFFIX: &str = "unable to parse quantity's suffix";
/// Upstream `ErrNumeric`.
pub const ERR_NUMERIC: &str = "unable to parse numeric part of quantity";

/// How a quantity was written; the canonical form keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    DecimalSI,
    BinarySI,
    DecimalExponent,
}

/// A parsed quantity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Qty {
    nanos: i128,
    format: Format,
}

impl PartialOrd for Qty {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Qty {
    fn cmp(&self, other: &Self) -> Ordering {
        self.nanos.cmp(&other.nanos)
    }
}

const NANO: i128 = 1_000_000_000;
const LIMIT: i128 = i128::MAX / 1_000_000;

fn sat_mul(a: i128, b: i128) -> i128 {
    a.checked_mul(b).unwrap_or(if (a < 0) != (b < 0) { -LIMIT } else { LIMIT }).clamp(-LIMIT, LIMIT)
}

impl Qty {
    /// Zero.
    pub fn zero() -> Qty {
        Qty { nanos: 0, format: Format::DecimalSI }
    }

    /// True if below zero.
    pub fn is_negative(&self) -> bool {
        self.nanos < 0
    }

    /// `MilliValue()`: rounded up to a whole milli-unit.
    pub fn milli_value(&self) -> i128 {
        div_ceil(self.nanos, 1_000_000)
    }

    /// `Value()`: rounded up to a whole unit.
    pub fn value(&self) -> i128 {
        div_ceil(self.nanos, NANO)
    }

    /// The value in nano-units.
    pub fn nanos(&self) -> i128 {
        self.nanos
    }

    /// The notation the quantity was written in.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Upstream's canonical `String()`: the largest suffix that keeps the value exact, in the
    /// quantity's own notation (`1.5` → `1500m`, `1536Mi` → `1536Mi`, `2048Ki` → `2Mi`).
    /// Values are first rounded up to milli precision, as `SetDefaults_ResourceList` does.
    pub fn canonical(&self) -> String {
        let milli = self.milli_value();
        if milli == 0 {
            return "0".to_string();
        }
        let sign = if milli < 0 { "-" } else { "" };
        let abs = milli.unsigned_abs();
        match self.format {
            Format::BinarySI if abs % 1000 == 0 => {
                let mut v = abs / 1000;
                let suffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
                let mut i = 0;
                while i + 1 < suffixes.len() && v % 1024 == 0 && v >= 1024 {
                    v /= 1024;
                    i += 1;
                }
                // Upstream falls back to decimal notation when no binary suffix fits a small value.
                if i == 0 && v < 1024 {
                    return format!("{sign}{}", decimal_si(abs, false));
                }
                format!("{sign}{v}{}", suffixes[i])
            }
            Format::DecimalExponent => format!("{sign}{}", decimal_si(abs, true)),
            _ => format!("{sign}{}", decimal_si(abs, false)),
        }
    }
}

/// Formats a milli-value with the largest decimal SI suffix (or exponent) keeping it exact.
fn decimal_si(milli: u128, exponent: bool) -> String {
    let mut v = milli;
    let mut exp: i32 = -3;
    while v % 1000 == 0 && exp < 18 && v != 0 {
        v /= 1000;
        exp += 3;
    }
    if exponent {
        return match exp {
            0 => v.to_string(),
            e => format!("{v}e{e}"),
        };
    }
    let suffix = match exp {
        -3 => "m",
        0 => "",
        3 => "k",
        6 => "M",
        9 => "G",
        12 => "T",
        15 => "P",
        _ => "E",
    };
    format!("{v}{suffix}")
}

fn div_ceil(a: i128, b: i128) -> i128 {
    let q = a / b;
    if a % b > 0 {
        q + 1
    } else {
        q
    }
}

/// Parses a quantity string with upstream's rules (`ParseQuantity`).
pub fn parse(s: &str) -> Result<Qty, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Err(ERR_FORMAT_WRONG);
    }
    let b = s.as_bytes();
    let end = b.len();
    let mut pos = 0;
    let mut positive = true;
    match b[0] {
        b'-' => {
            positive = false;
            pos += 1;
        }
        b'+' => pos += 1,
        _ => {}
    }
    // Strip leading zeros; all zeros (or nothing) means zero.
    while pos < end && b[pos] == b'0' {
        pos += 1;
    }
    if pos >= end {
        return Ok(Qty::zero());
    }
    let num_start = pos;
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    let num = &s[num_start..pos];
    let mut denom = "";
    if pos < end && b[pos] == b'.' {
        pos += 1;
        let d_start = pos;
        while pos < end && b[pos].is_ascii_digit() {
            pos += 1;
        }
        denom = &s[d_start..pos];
    }
    let suffix_start = pos;
    while pos < end && b"eEinumkKMGTP".contains(&b[pos]) {
        pos += 1;
    }
    if pos < end && (b[pos] == b'-' || b[pos] == b'+') {
        pos += 1;
    }
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos < end {
        return Err(ERR_FORMAT_WRONG);
    }
    let suffix = &s[suffix_start..];
    let (base2_exp, base10_exp, format) = match suffix {
        "" => (0, 0, Format::DecimalSI),
        "n" => (0, -9, Format::DecimalSI),
        "u" => (0, -6, Format::DecimalSI),
        "m" => (0, -3, Format::DecimalSI),
        "k" => (0, 3, Format::DecimalSI),
        "M" => (0, 6, Format::DecimalSI),
        "G" => (0, 9, Format::DecimalSI),
        "T" => (0, 12, Format::DecimalSI),
        "P" => (0, 15, Format::DecimalSI),
        "E" => (0, 18, Format::DecimalSI),
        "Ki" => (10, 0, Format::BinarySI),
        "Mi" => (20, 0, Format::BinarySI),
        "Gi" => (30, 0, Format::BinarySI),
        "Ti" => (40, 0, Format::BinarySI),
        "Pi" => (50, 0, Format::BinarySI),
        "Ei" => (60, 0, Format::BinarySI),
        other => {
            let rest = other.strip_prefix(['e', 'E']).ok_or(ERR_SUFFIX)?;
            let digits = rest.strip_prefix(['+', '-']).unwrap_or(rest);
            if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
                return Err(ERR_SUFFIX);
            }
            let e: i32 = rest.parse().map_err(|_| ERR_SUFFIX)?;
            (0, e, Format::DecimalExponent)
        }
    };
    // Exact digits: mantissa = num.denom, scaled to nanos with base10_exp.
    let digits: String = format!("{num}{denom}");
    let scale = base10_exp - i32::try_from(denom.len()).map_err(|_| ERR_NUMERIC)? + 9;
    let mut mantissa: i128 = 0;
    for c in digits.bytes() {
        mantissa = sat_mul(mantissa, 10).saturating_add(i128::from(c - b'0')).min(LIMIT);
    }
    let mut nanos = mantissa;
    if base2_exp > 0 {
        nanos = sat_mul(nanos, 1i128 << base2_exp);
    }
    if scale >= 0 {
        for _ in 0..scale.min(40) {
            nanos = sat_mul(nanos, 10);
        }
    } else {
        let mut divisor: i128 = 1;
        let mut exact = true;
        for _ in 0..(-scale).min(38) {
            divisor = sat_mul(divisor, 10);
        }
        if -scale >= 38 {
            exact = nanos == 0;
        }
        let q = nanos / divisor;
        // Round up (away from zero for the magnitude; sign applied below).
        nanos = if nanos % divisor != 0 || !exact { q + 1 } else { q };
        if mantissa == 0 {
            nanos = 0;
        }
    }
    if !positive {
        nanos = -nanos;
    }
    Ok(Qty { nanos, format })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_compares() {
        let cases = [
            ("1", NANO),
            ("500m", NANO / 2),
            ("0.5", NANO / 2),
            ("1Ki", 1024 * NANO),
            ("1.5Gi", 1536 * 1024 * 1024 * NANO),
            ("1e3", 1000 * NANO),
            ("1E-3", NANO / 1000),
            ("-2", -2 * NANO),
            ("0", 0),
            ("+10M", 10_000_000 * NANO),
            ("100n", 100),
        ];
        for (s, nanos) in cases {
            assert_eq!(parse(s).unwrap().nanos(), nanos, "{s}");
        }
        assert!(parse("500m").unwrap() < parse("1").unwrap());
        assert_eq!(parse("1.5").unwrap().milli_value(), 1500);
        assert_eq!(parse("0.1m").unwrap().milli_value(), 1);
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!(parse("abc"), Err(ERR_FORMAT_WRONG));
        assert_eq!(parse(""), Err(ERR_FORMAT_WRONG));
        assert_eq!(parse("1Qi"), Err(ERR_FORMAT_WRONG));
        assert_eq!(parse("1ki"), Err(ERR_SUFFIX));
        assert_eq!(parse("1 Gi"), Err(ERR_FORMAT_WRONG));
    }

    #[test]
    fn canonical_forms() {
        for (s, c) in [
            ("1.5", "1500m"),
            ("1000m", "1"),
            ("2048Ki", "2Mi"),
            ("1536Mi", "1536Mi"),
            ("1.5Gi", "1536Mi"),
            ("100", "100"),
            ("1000", "1k"),
            ("0.1m", "1m"),
            ("1e3", "1e3"),
            ("0", "0"),
            ("-500m", "-500m"),
        ] {
            assert_eq!(parse(s).unwrap().canonical(), c, "{s}");
        }
    }
}

#[cfg(test)]
mod tmp_diff {
    use skiff_apimachinery::quantity::Quantity;
    #[test]
    fn same_as_apimachinery() {
        let inputs = [
            "0", "1", "100m", "0.5", "1.5Gi", "1024Mi", "1e3", "1E3", "2Ki", "500M", "1G", "0.1", ".5", "5.", "-1",
            "+1", "1n", "1u", "1.0001m", "123456789012345678901234567890", "1Ei", "8Ei", "9.3e18", "1e-3", "abc",
            "", "1.2.3", "1Mb", "1 Gi", "0.000000001", "0.0000000001", "10e", "1ki", "100Mi", "256Mi", "1500m",
            "2000m", "0.25", "1e9", "12e6", "1.5e-9", "999999999999999999999999", "-0", "0m", "3Ti", "7Pi",
        ];
        for s in inputs {
            let a = super::parse(s);
            let b = Quantity::parse(s);
            assert_eq!(a.is_ok(), b.is_ok(), "{s}: {a:?} {b:?}");
            if let (Ok(a), Ok(b)) = (a, b) {
                assert_eq!(a.canonical(), b.canonical(), "{s}");
                assert_eq!(a.milli_value(), b.milli_value_i128(), "{s}");
            } else if let (Err(a), Err(b)) = (super::parse(s), Quantity::parse(s)) {
                assert_eq!(a, b.to_string(), "{s}");
            }
        }
    }
}
