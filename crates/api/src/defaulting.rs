//! Small helpers for defaulting functions: Go's zero value (`""`, `0`, `nil`) counts as unset.

/// Sets a string field when it is missing or empty.
pub fn string(field: &mut Option<String>, value: &str) {
    if field.as_deref().is_none_or(str::is_empty) {
        *field = Some(value.to_string());
    }
}

/// Sets a field when it is missing.
pub fn value<T>(field: &mut Option<T>, value: T) {
    if field.is_none() {
        *field = Some(value);
    }
}

/// Sets a number field when it is missing or zero (Go's non-pointer ints).
pub fn nonzero(field: &mut Option<i32>, value: i32) {
    if field.is_none_or(|v| v == 0) {
        *field = Some(value);
    }
}

/// True if the string field is missing or empty.
pub fn is_unset(field: &Option<String>) -> bool {
    field.as_deref().is_none_or(str::is_empty)
}

/// The string value, `""` when missing.
pub fn str_of(field: &Option<String>) -> &str {
    field.as_deref().unwrap_or_default()
}
