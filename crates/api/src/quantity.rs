//! Resource quantities: `skiff_apimachinery::quantity` plus the few helpers validation needs.

pub use skiff_apimachinery::quantity::{Quantity as Qty, QuantityError};

/// Parses a quantity string (upstream `ParseQuantity`); the error's `Display` is upstream's text.
pub fn parse(s: &str) -> Result<Qty, QuantityError> {
    Qty::parse(s)
}

/// The value in units of 10^-9, rounded away from zero and saturating.
pub fn nanos(q: &Qty) -> i128 {
    q.scaled_value_i128(-9)
}

/// Whether the quantity is below zero.
pub fn is_negative(q: &Qty) -> bool {
    q.signum() < 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        const NANO: i128 = 1_000_000_000;
        for (s, n) in [
            ("1", NANO),
            ("500m", NANO / 2),
            ("1Ki", 1024 * NANO),
            ("1E-3", NANO / 1000),
            ("-2", -2 * NANO),
            ("100n", 100),
        ] {
            assert_eq!(nanos(&parse(s).unwrap()), n, "{s}");
        }
        assert!(is_negative(&parse("-1m").unwrap()));
        assert!(!is_negative(&parse("0").unwrap()));
        assert_eq!(
            parse("abc").unwrap_err().to_string(),
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
        );
        assert_eq!(
            parse("1ki").unwrap_err().to_string(),
            "unable to parse quantity's suffix"
        );
        assert_eq!(parse("2048Ki").unwrap().canonical(), "2Mi");
        assert_eq!(parse("1.5").unwrap().canonical(), "1500m");
    }
}
