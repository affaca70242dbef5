//! Resource quantities (upstream `k8s.io/apimachinery/pkg/api/resource.Quantity`).
//!
//! `<signedNumber><suffix>` with binary suffixes `Ki Mi Gi Ti Pi Ei`, decimal suffixes
//! `n u m "" k M G T P E` and decimal exponents `e3` / `E-3`. Values are exact decimals rounded up
//! (away from zero) to nano precision at parse time, as upstream. The canonical string
//! ([`fmt::Display`]) follows upstream: `1.5` → `1500m`, `1.5Gi` → `1536Mi`, `1000M` → `1G`, `0.1m`
//! → `100u`, `0.5n` → `1n`; an input already in canonical form is echoed back verbatim.
//!
//! Internally a quantity is `mantissa × 10^exponent` with an `i128` mantissa: exact for anything
//! with at most 38 significant digits (upstream uses arbitrary precision; longer inputs are rounded
//! up in their 39th digit).

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// Upstream's quantity syntax, quoted in [`QuantityError::FormatWrong`].
pub const QUANTITY_REGEX: &str = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

/// Parse errors, with upstream's texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    /// `ErrFormatWrong`.
    #[error("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    FormatWrong,
    /// `ErrNumeric`.
    #[error("unable to parse numeric part of quantity")]
    Numeric,
    /// `ErrSuffix`.
    #[error("unable to parse quantity's suffix")]
    Suffix,
}

/// How a quantity prints (upstream `Format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// `12e6`
    DecimalExponent,
    /// `12Mi` (12 × 2^20)
    BinarySI,
    /// `12M` (12 × 10^6)
    DecimalSI,
}

/// A resource quantity. Equality and ordering compare values, not formats.
#[derive(Clone, Debug)]
pub struct Quantity {
    mantissa: i128,
    exponent: i32,
    format: Format,
    /// The input string when it already was canonical (upstream keeps and re-emits it).
    cached: Option<String>,
}

const MAX_I64: i128 = i64::MAX as i128;
const NANO: i32 = -9;
/// 10^38 is the largest power of ten an i128 holds.
const MAX_POW10: u32 = 38;

fn pow10(n: u32) -> Option<i128> {
    10i128.checked_pow(n)
}

/// `m / 10^n`, rounded away from zero.
fn div_pow10_away(m: i128, n: u32) -> i128 {
    if m == 0 {
        return 0;
    }
    match pow10(n) {
        Some(d) => {
            let q = m / d;
            if m % d != 0 {
                q + m.signum()
            } else {
                q
            }
        }
        None => m.signum(),
    }
}

/// Strips factors of ten from the mantissa.
fn normalize(mut m: i128, mut e: i32) -> (i128, i32) {
    if m == 0 {
        return (0, 0);
    }
    while m % 10 == 0 {
        m /= 10;
        e = e.saturating_add(1);
    }
    (m, e)
}

/// `m × 10^n`, or `None` on overflow.
fn mul_pow10(m: i128, n: u32) -> Option<i128> {
    if m == 0 {
        return Some(0);
    }
    pow10(n).and_then(|p| m.checked_mul(p))
}

struct Parts<'a> {
    positive: bool,
    num: &'a str,
    denom: &'a str,
    suffix: &'a str,
}

/// Upstream `parseQuantityString`.
fn split(s: &str) -> Result<Parts<'_>, QuantityError> {
    let b = s.as_bytes();
    let end = b.len();
    let mut positive = true;
    let mut pos = 0;
    if let Some(&c) = b.first() {
        if c == b'-' {
            positive = false;
            pos += 1;
        } else if c == b'+' {
            pos += 1;
        }
    }
    let zero = Parts {
        positive,
        num: "0",
        denom: "",
        suffix: "",
    };
    while pos < end && b[pos] == b'0' {
        pos += 1;
    }
    if pos >= end {
        return Ok(zero);
    }
    let num_start = pos;
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos >= end {
        return Ok(Parts {
            num: &s[num_start..],
            ..zero
        });
    }
    let num = if pos == num_start { "0" } else { &s[num_start..pos] };
    let mut denom = "";
    if b[pos] == b'.' {
        pos += 1;
        let denom_start = pos;
        while pos < end && b[pos].is_ascii_digit() {
            pos += 1;
        }
        if pos >= end {
            return Ok(Parts {
                num,
                denom: &s[denom_start..],
                ..zero
            });
        }
        denom = &s[denom_start..pos];
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
        return Err(QuantityError::FormatWrong);
    }
    Ok(Parts {
        positive,
        num,
        denom,
        suffix: &s[suffix_start..],
    })
}

/// Upstream suffixer `interpret`: (base, exponent, format).
fn interpret(suffix: &str) -> Option<(u32, i32, Format)> {
    let dec = |e| Some((10, e, Format::DecimalSI));
    let bin = |e| Some((2, e, Format::BinarySI));
    match suffix {
        "" => dec(0),
        "n" => dec(-9),
        "u" => dec(-6),
        "m" => dec(-3),
        "k" => dec(3),
        "M" => dec(6),
        "G" => dec(9),
        "T" => dec(12),
        "P" => dec(15),
        "E" => dec(18),
        "Ki" => bin(10),
        "Mi" => bin(20),
        "Gi" => bin(30),
        "Ti" => bin(40),
        "Pi" => bin(50),
        "Ei" => bin(60),
        s if s.len() > 1 && (s.starts_with('e') || s.starts_with('E')) => {
            let rest = &s[1..];
            let digits = rest.strip_prefix(['+', '-']).unwrap_or(rest);
            if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            // Go converts the parsed int64 to int32, wrapping.
            let parsed: i64 = rest.parse().ok()?;
            Some((10, parsed as i32, Format::DecimalExponent))
        }
        _ => None,
    }
}

fn decimal_suffix(exponent: i32) -> Option<&'static str> {
    Some(match exponent {
        -9 => "n",
        -6 => "u",
        -3 => "m",
        0 => "",
        3 => "k",
        6 => "M",
        9 => "G",
        12 => "T",
        15 => "P",
        18 => "E",
        _ => return None,
    })
}

impl Quantity {
    /// Parses a quantity string (upstream `ParseQuantity`).
    pub fn parse(s: &str) -> Result<Self, QuantityError> {
        if s.is_empty() {
            return Err(QuantityError::FormatWrong);
        }
        if s == "0" {
            return Ok(Quantity {
                mantissa: 0,
                exponent: 0,
                format: Format::DecimalSI,
                cached: Some(s.into()),
            });
        }
        let parts = split(s)?;
        let (base, exponent, format) = interpret(parts.suffix).ok_or(QuantityError::Suffix)?;
        if let Some(q) = Self::parse_fast(s, &parts, base, exponent, format) {
            return Ok(q);
        }
        Self::parse_slow(&parts, base, exponent, format)
    }

    /// Upstream's int64 fast path; also decides whether the input string is kept as canonical.
    fn parse_fast(s: &str, parts: &Parts<'_>, base: u32, exponent: i32, format: Format) -> Option<Self> {
        let digits = (parts.num.len() + parts.denom.len()) as i64;
        let precision = match format {
            Format::DecimalExponent | Format::DecimalSI => 18 - digits,
            Format::BinarySI if exponent >= 0 && parts.denom.is_empty() => {
                15 - parts.num.len() as i64 - i64::from(exponent) * 3 / 10 - 1
            }
            Format::BinarySI => -1,
        };
        if precision < 0 {
            return None;
        }
        let base_scale = if base == 10 { i64::from(exponent) } else { 0 };
        let scale = base_scale - parts.denom.len() as i64;
        if scale < i64::from(NANO) {
            return None;
        }
        let scale = i32::try_from(scale).ok()?;
        let shifted = format!("{}{}", parts.num, parts.denom);
        let value: i64 = shifted.parse().ok()?;
        let multiplier: i64 = if base == 2 {
            1i64.checked_shl(exponent as u32)?
        } else {
            1
        };
        let mut result = value.checked_mul(multiplier)?;
        if !parts.positive {
            result = -result;
        }
        let canonical = match format {
            Format::BinarySI => exponent % 10 == 0 && value & 0x07 != 0,
            _ => scale % 3 == 0 && !shifted.ends_with("000") && !shifted.starts_with('0'),
        };
        Some(Quantity {
            mantissa: i128::from(result),
            exponent: scale,
            format,
            cached: canonical.then(|| s.to_string()),
        })
    }

    /// Upstream's arbitrary-precision path (here: i128 mantissa).
    fn parse_slow(
        parts: &Parts<'_>,
        base: u32,
        exponent: i32,
        mut format: Format,
    ) -> Result<Self, QuantityError> {
        let (mut m, mut e) = magnitude_from_digits(parts.num, parts.denom)?;
        if base == 10 {
            e = e.checked_add(exponent).ok_or(QuantityError::Numeric)?;
        } else {
            let factor = 1i128 << exponent;
            loop {
                match m.checked_mul(factor) {
                    Some(v) => {
                        m = v;
                        break;
                    }
                    None if e >= 0 => {
                        // Far beyond the BinarySI clamp below.
                        m = MAX_I64;
                        e = 0;
                        break;
                    }
                    None => {
                        m = div_pow10_away(m, 1);
                        e += 1;
                    }
                }
            }
        }
        // Round up to nano precision.
        if m != 0 && e < NANO {
            m = div_pow10_away(m, (NANO - e) as u32);
            e = NANO;
        }
        (m, e) = normalize(m, e);
        if format == Format::BinarySI {
            if greater_than_max_i64(m, e) {
                m = MAX_I64;
                e = 0;
            }
            if m > 0 && e < 0 && pow10((-e) as u32).is_some_and(|p| m < p) {
                format = Format::DecimalSI;
            }
        }
        if !parts.positive {
            m = -m;
        }
        Ok(Quantity {
            mantissa: m,
            exponent: e,
            format,
            cached: None,
        })
    }

    /// A quantity of `value` (upstream `NewQuantity`).
    pub fn new(value: i64, format: Format) -> Self {
        Quantity {
            mantissa: i128::from(value),
            exponent: 0,
            format,
            cached: None,
        }
    }

    /// A quantity of `value / 1000` (upstream `NewMilliQuantity`).
    pub fn new_milli(value: i64, format: Format) -> Self {
        Quantity {
            mantissa: i128::from(value),
            exponent: -3,
            format,
            cached: None,
        }
    }

    /// A quantity of `value × 10^scale`, DecimalSI (upstream `NewScaledQuantity`).
    pub fn new_scaled(value: i64, scale: i32) -> Self {
        Quantity {
            mantissa: i128::from(value),
            exponent: scale,
            format: Format::DecimalSI,
            cached: None,
        }
    }

    /// The zero quantity (DecimalSI).
    pub fn zero() -> Self {
        Quantity::new(0, Format::DecimalSI)
    }

    /// The print format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// True for zero.
    pub fn is_zero(&self) -> bool {
        self.mantissa == 0
    }

    /// -1, 0 or 1.
    pub fn signum(&self) -> i32 {
        self.mantissa.signum() as i32
    }

    /// `ceil(q / 10^scale)` rounding away from zero, saturating at the `i128` range.
    pub fn scaled_value_i128(&self, scale: i32) -> i128 {
        let e = i64::from(self.exponent) - i64::from(scale);
        if self.mantissa == 0 {
            return 0;
        }
        if e >= 0 {
            let n = u32::try_from(e).unwrap_or(u32::MAX);
            mul_pow10(self.mantissa, n).unwrap_or(if self.mantissa > 0 { i128::MAX } else { i128::MIN })
        } else {
            let n = u32::try_from(-e).unwrap_or(u32::MAX);
            div_pow10_away(self.mantissa, n)
        }
    }

    /// `ceil(q / 10^scale)` rounding away from zero, saturating at the `i64` range (upstream
    /// `ScaledValue`, which overflows instead).
    pub fn scaled_value(&self, scale: i32) -> i64 {
        saturate_i64(self.scaled_value_i128(scale))
    }

    /// The value rounded up (away from zero) to an integer, saturating (upstream `Value()`).
    pub fn value(&self) -> i64 {
        self.scaled_value(0)
    }

    /// `ceil(q × 1000)` (away from zero), saturating (upstream `MilliValue()`).
    pub fn milli_value(&self) -> i64 {
        self.scaled_value(-3)
    }

    /// [`milli_value`](Self::milli_value) without the `i64` saturation.
    pub fn milli_value_i128(&self) -> i128 {
        self.scaled_value_i128(-3)
    }

    /// An `f64` approximation (upstream `AsApproximateFloat64`).
    pub fn as_approximate_f64(&self) -> f64 {
        self.mantissa as f64 * 10f64.powi(self.exponent)
    }

    /// Upstream `Add`: the format of `self` wins unless `self` is zero.
    pub fn add(&self, other: &Quantity) -> Quantity {
        let format = if self.is_zero() { other.format } else { self.format };
        let (a, b, e) = align(self, other);
        let (m, e) = match a.checked_add(b) {
            Some(m) => (m, e),
            None => (a / 10 + b / 10, e + 1),
        };
        Quantity {
            mantissa: m,
            exponent: e,
            format,
            cached: None,
        }
    }

    /// Upstream `Sub`: the format of `self` wins unless `self` is zero.
    pub fn sub(&self, other: &Quantity) -> Quantity {
        self.add(&Quantity {
            mantissa: -other.mantissa,
            ..other.clone()
        })
    }

    /// The negated quantity (upstream `Neg`).
    pub fn neg(&self) -> Quantity {
        Quantity {
            mantissa: -self.mantissa,
            exponent: self.exponent,
            format: self.format,
            cached: None,
        }
    }

    /// The canonical string (what upstream serializes).
    pub fn canonical(&self) -> String {
        if let Some(s) = &self.cached {
            return s.clone();
        }
        if self.mantissa == 0 {
            return "0".to_string();
        }
        let (m, e) = normalize(self.mantissa, self.exponent);
        let mut format = self.format;
        if format == Format::BinarySI {
            let small = cmp_scaled(m.abs(), e, 1024, 0) == Ordering::Less;
            if small || e < 0 {
                format = Format::DecimalSI;
            } else if let Some(s) = binary_string(m, e) {
                return s;
            } else {
                format = Format::DecimalSI;
            }
        }
        let r = e.rem_euclid(3);
        let e3 = e - r;
        let mut digits = m.to_string();
        for _ in 0..r {
            digits.push('0');
        }
        let suffix = match format {
            Format::DecimalSI => match decimal_suffix(e3) {
                Some(s) => s.to_string(),
                // Upstream would drop the suffix here (changing the value); use an exponent.
                None => format!("e{e3}"),
            },
            _ if e3 == 0 => String::new(),
            _ => format!("e{e3}"),
        };
        digits + &suffix
    }
}

/// `m × 10^e`, an integer, printed with the largest binary suffix dividing it.
fn binary_string(m: i128, e: i32) -> Option<String> {
    let mut n = mul_pow10(m, u32::try_from(e).ok()?)?;
    const SUFFIXES: [&str; 7] = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
    let mut k = 0;
    while k < 6 && n.abs() >= 1024 && n % 1024 == 0 {
        n /= 1024;
        k += 1;
    }
    Some(format!("{n}{}", SUFFIXES[k]))
}

fn saturate_i64(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v > 0 { i64::MAX } else { i64::MIN })
}

/// Parses `num.denom` (ASCII digits) into a non-negative `(mantissa, exponent)`.
fn magnitude_from_digits(num: &str, denom: &str) -> Result<(i128, i32), QuantityError> {
    let all: String = format!("{num}{denom}");
    let trimmed = all.trim_start_matches('0');
    let mut e = -i32::try_from(denom.len()).map_err(|_| QuantityError::Numeric)?;
    let keep = trimmed.len().min(MAX_POW10 as usize);
    let (head, tail) = trimmed.split_at(keep);
    let mut m: i128 = if head.is_empty() {
        0
    } else {
        head.parse().map_err(|_| QuantityError::Numeric)?
    };
    if !tail.is_empty() {
        e = e
            .checked_add(i32::try_from(tail.len()).map_err(|_| QuantityError::Numeric)?)
            .ok_or(QuantityError::Numeric)?;
        if tail.bytes().any(|c| c != b'0') {
            m += 1;
        }
    }
    Ok(normalize(m, e))
}

fn greater_than_max_i64(m: i128, e: i32) -> bool {
    cmp_scaled(m, e, MAX_I64, 0) == Ordering::Greater
}

/// Compares `a × 10^ea` with `b × 10^eb`.
fn cmp_scaled(a: i128, ea: i32, b: i128, eb: i32) -> Ordering {
    let (sa, sb) = (a.signum(), b.signum());
    if sa != sb || sa == 0 {
        return sa.cmp(&sb);
    }
    match ea.cmp(&eb) {
        Ordering::Equal => a.cmp(&b),
        Ordering::Greater => match mul_pow10(a, (ea - eb) as u32) {
            Some(a2) => a2.cmp(&b),
            None => sa.cmp(&0),
        },
        Ordering::Less => match mul_pow10(b, (eb - ea) as u32) {
            Some(b2) => a.cmp(&b2),
            None => 0.cmp(&sb),
        },
    }
}

/// Brings two quantities to a common exponent, losing low digits only when exact alignment
/// would overflow.
fn align(x: &Quantity, y: &Quantity) -> (i128, i128, i32) {
    let (mut a, mut ea) = normalize(x.mantissa, x.exponent);
    let (mut b, mut eb) = normalize(y.mantissa, y.exponent);
    if a == 0 {
        return (0, b, eb);
    }
    if b == 0 {
        return (a, 0, ea);
    }
    loop {
        match ea.cmp(&eb) {
            Ordering::Equal => return (a, b, ea),
            Ordering::Greater => match mul_pow10(a, (ea - eb) as u32) {
                Some(a2) => return (a2, b, eb),
                None => {
                    b = div_pow10_away(b, 1);
                    eb += 1;
                }
            },
            Ordering::Less => match mul_pow10(b, (eb - ea) as u32) {
                Some(b2) => return (a, b2, ea),
                None => {
                    a = div_pow10_away(a, 1);
                    ea += 1;
                }
            },
        }
    }
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Quantity {}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Quantity {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_scaled(self.mantissa, self.exponent, other.mantissa, other.exponent)
    }
}

impl std::ops::Add for Quantity {
    type Output = Quantity;
    fn add(self, rhs: Quantity) -> Quantity {
        Quantity::add(&self, &rhs)
    }
}

impl std::ops::Sub for Quantity {
    type Output = Quantity;
    fn sub(self, rhs: Quantity) -> Quantity {
        Quantity::sub(&self, &rhs)
    }
}

impl std::ops::Neg for Quantity {
    type Output = Quantity;
    fn neg(self) -> Quantity {
        Quantity::neg(&self)
    }
}

impl std::ops::AddAssign<&Quantity> for Quantity {
    fn add_assign(&mut self, rhs: &Quantity) {
        *self = Quantity::add(self, rhs);
    }
}

impl std::ops::SubAssign<&Quantity> for Quantity {
    fn sub_assign(&mut self, rhs: &Quantity) {
        *self = Quantity::sub(self, rhs);
    }
}

impl std::iter::Sum for Quantity {
    fn sum<I: Iterator<Item = Quantity>>(iter: I) -> Quantity {
        iter.fold(Quantity::zero(), |acc, q| Quantity::add(&acc, &q))
    }
}

impl Default for Quantity {
    fn default() -> Self {
        Quantity::zero()
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

impl FromStr for Quantity {
    type Err = QuantityError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Quantity::parse(s)
    }
}

/// Serializes as the canonical string.
impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.canonical())
    }
}

/// Accepts a string, a JSON number (parsed from its text, as upstream) or `null` (zero).
impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct QuantityVisitor;

        impl Visitor<'_> for QuantityVisitor {
            type Value = Quantity;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a quantity string or number")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Quantity, E> {
                Quantity::parse(v).map_err(E::custom)
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Quantity, E> {
                Quantity::parse(&v.to_string()).map_err(E::custom)
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Quantity, E> {
                Quantity::parse(&v.to_string()).map_err(E::custom)
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Quantity, E> {
                Quantity::parse(&v.to_string()).map_err(E::custom)
            }

            fn visit_unit<E: de::Error>(self) -> Result<Quantity, E> {
                Ok(Quantity::zero())
            }
        }

        deserializer.deserialize_any(QuantityVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quantity {
        Quantity::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    #[test]
    fn canonical_strings() {
        let cases = [
            ("0", "0"),
            ("0m", "0"),
            ("0Ki", "0"),
            ("1", "1"),
            ("1.5", "1500m"),
            ("1.5Gi", "1536Mi"),
            ("1536Mi", "1536Mi"),
            ("1024Mi", "1Gi"),
            ("1Ki", "1Ki"),
            ("8Ki", "8Ki"),
            ("1000M", "1G"),
            ("1000m", "1"),
            ("100m", "100m"),
            ("0.1m", "100u"),
            ("0.5n", "1n"),
            ("0.9n", "1n"),
            ("3.001n", "4n"),
            ("0.0000000001", "1n"),
            ("0.00000012345", "124n"),
            (".001Ki", "1024m"),
            (".000001Ki", "1024u"),
            (".000000001Ki", "1024n"),
            (".000000000001Ki", "2n"),
            ("0.5Mi", "512Ki"),
            ("100.035Ki", "102435840m"),
            ("1e3", "1e3"),
            ("1E-3", "1E-3"),
            ("1.0E-3", "1e-3"),
            ("1e9", "1e9"),
            ("1.2e3", "1200"),
            ("1.3E+6", "1300e3"),
            ("0.5e0", "500e-3"),
            ("12E", "12E"),
            ("50k", "50k"),
            ("40T", "40T"),
            ("1.01E", "1010P"),
            ("9Ei", "9223372036854775807"),
            ("9223372036854775807Ki", "9223372036854775807"),
            ("-1.5", "-1500m"),
            ("-1536Mi", "-1536Mi"),
            ("-1.5Gi", "-1536Mi"),
            // Upstream echoes an input that is already canonical, even with "+", "." or "E".
            ("+1", "+1"),
            ("1.", "1."),
            ("1.G", "1.G"),
            (".0001k", "100m"),
            ("1000E", "1e21"),
            ("1025", "1025"),
            ("500m", "500m"),
            ("1080m", "1080m"),
            ("1.08", "1080m"),
            ("1000000000n", "1"),
            ("0.001e0", "1e-3"),
            ("1000e-12", "1e-9"),
            ("123456789012345678901234567890", "123456789012345678901234567890"),
        ];
        for (input, want) in cases {
            assert_eq!(q(input).to_string(), want, "{input:?}");
        }
    }

    #[test]
    fn canonical_of_constructed() {
        let cases = [
            (Quantity::new(5, Format::BinarySI), "5"),
            (Quantity::new_milli(500, Format::BinarySI), "500m"),
            (Quantity::new(1 << 30, Format::BinarySI), "1Gi"),
            (Quantity::new(300 * 1024 * 1024, Format::BinarySI), "300Mi"),
            (Quantity::new(1025, Format::BinarySI), "1025"),
            (Quantity::new(1_000_000_000, Format::DecimalSI), "1G"),
            (Quantity::new_scaled(108, -2), "1080m"),
            (Quantity::new_scaled(10800, -10), "1080n"),
            (Quantity::new(0, Format::DecimalExponent), "0"),
            (Quantity::new_scaled(80, -3), "80m"),
        ];
        for (quantity, want) in cases {
            assert_eq!(quantity.to_string(), want);
        }
    }

    #[test]
    fn parse_errors() {
        let cases = [
            ("", QuantityError::FormatWrong),
            ("1.1.M", QuantityError::FormatWrong),
            ("1+1.0M", QuantityError::FormatWrong),
            ("0.1mi", QuantityError::Suffix),
            ("0.1am", QuantityError::FormatWrong),
            ("aoeu", QuantityError::FormatWrong),
            (".5i", QuantityError::Suffix),
            ("1i", QuantityError::Suffix),
            ("-3.01i", QuantityError::Suffix),
            ("-3.01e-", QuantityError::Suffix),
            (" 1", QuantityError::FormatWrong),
            ("1 ", QuantityError::FormatWrong),
            ("1Kix", QuantityError::FormatWrong),
        ];
        for (input, want) in cases {
            assert_eq!(Quantity::parse(input).unwrap_err(), want, "{input:?}");
        }
        assert_eq!(
            QuantityError::FormatWrong.to_string(),
            format!("quantities must match the regular expression '{QUANTITY_REGEX}'")
        );
    }

    #[test]
    fn values() {
        let cases: [(&str, i64, i64); 10] = [
            ("1", 1, 1000),
            ("1.5", 2, 1500),
            ("100m", 1, 100),
            ("0.1m", 1, 1),
            ("1Ki", 1024, 1024000),
            ("-1.5", -2, -1500),
            ("1n", 1, 1),
            ("2Gi", 2147483648, 2147483648000),
            ("9Ei", i64::MAX, i64::MAX),
            ("1e30", i64::MAX, i64::MAX),
        ];
        for (input, value, milli) in cases {
            let quantity = q(input);
            assert_eq!(quantity.value(), value, "value({input})");
            assert_eq!(quantity.milli_value(), milli, "milli_value({input})");
        }
        assert_eq!(q("1e30").milli_value_i128(), 10i128.pow(33));
        assert_eq!(q("250m").scaled_value(-6), 250_000);
        assert!((q("1.5Gi").as_approximate_f64() - 1610612736.0).abs() < 1.0);
    }

    #[test]
    fn ordering_and_arithmetic() {
        assert_eq!(q("1Gi"), q("1024Mi"));
        assert_eq!(q("1"), q("1000m"));
        assert!(q("1500m") > q("1"));
        assert!(q("-1") < q("1n"));
        assert!(q("1e30") > q("9Ei"));
        let sum = q("1") + q("500m");
        assert_eq!(sum.to_string(), "1500m");
        let sum = q("1Gi") + q("512Mi");
        assert_eq!(sum.format(), Format::BinarySI);
        assert_eq!(sum.to_string(), "1536Mi");
        assert_eq!((q("0") + q("1Ki")).to_string(), "1Ki");
        assert_eq!((q("1") - q("1500m")).to_string(), "-500m");
        assert_eq!((-q("2k")).to_string(), "-2k");
        let total: Quantity = ["100m", "200m", "700m"].iter().map(|s| q(s)).sum();
        assert_eq!(total.to_string(), "1");
        let mut acc = q("1");
        acc += &q("1");
        acc -= &q("500m");
        assert_eq!(acc.to_string(), "1500m");
        assert!(Quantity::zero().is_zero());
        assert_eq!(q("-3").signum(), -1);
    }

    #[test]
    fn serde_round_trip() {
        let v: Quantity = serde_json::from_str("\"1.5Gi\"").unwrap();
        assert_eq!(serde_json::to_string(&v).unwrap(), "\"1536Mi\"");
        let v: Quantity = serde_json::from_str("1.5").unwrap();
        assert_eq!(v.to_string(), "1500m");
        let v: Quantity = serde_json::from_str("2").unwrap();
        assert_eq!(v.to_string(), "2");
        let v: Quantity = serde_json::from_str("null").unwrap();
        assert!(v.is_zero());
        let err = serde_json::from_str::<Quantity>("\"abc\"").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("quantities must match the regular expression"));
    }
}
