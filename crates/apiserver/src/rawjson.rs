//! Byte-level work on stored objects, for the hot list path: find the top-level `metadata` object and
//! put `resourceVersion` into it without building a `serde_json::Value` of the whole object.
//!
//! Stored values are JSON written by `serde_json` (see `objects::encode`), so they are well formed;
//! the scanner still refuses anything it does not understand (returns None) and callers fall back to
//! full decoding.

/// Skip whitespace from `i`.
fn ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\n' | b'\r' | b'\t') {
        i += 1;
    }
    i
}

/// `i` at an opening quote: the index just past the closing quote.
fn skip_string(b: &[u8], mut i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// `i` at the start of a value: the index just past it.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => skip_string(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = skip_string(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') {
                j += 1;
            }
            Some(j)
        }
    }
}

/// The byte range of the top-level `metadata` object's value (from its `{` to just past its `}`).
pub fn metadata_range(b: &[u8]) -> Option<(usize, usize)> {
    let mut i = ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    loop {
        i = ws(b, i);
        if b.get(i) == Some(&b'}') {
            return None;
        }
        let key_end = skip_string(b, i)?;
        let key = &b[i + 1..key_end - 1];
        i = ws(b, key_end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = ws(b, i + 1);
        let end = skip_value(b, i)?;
        if key == b"metadata" {
            return (b.get(i) == Some(&b'{')).then_some((i, end));
        }
        i = ws(b, end);
        match b.get(i) {
            Some(b',') => i += 1,
            _ => return None,
        }
    }
}

/// The object with `"resourceVersion":"<rv>"` added to its metadata (which must not have one).
pub fn with_resource_version(b: &[u8], rv: i64) -> Option<Vec<u8>> {
    let (start, end) = metadata_range(b)?;
    let empty = b[start + 1..end - 1].iter().all(|c| c.is_ascii_whitespace());
    let insert = format!("\"resourceVersion\":\"{rv}\"{}", if empty { "" } else { "," });
    let mut out = Vec::with_capacity(b.len() + insert.len());
    out.extend_from_slice(&b[..start + 1]);
    out.extend_from_slice(insert.as_bytes());
    out.extend_from_slice(&b[start + 1..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_top_level_metadata_only() {
        let obj = br#"{"apiVersion":"x/v1","items":[{"metadata":{"name":"inner"}}],"kind":"K","metadata":{"name":"outer","labels":{"a":"b}"}},"spec":{"s":"\"metadata\":{"}}"#;
        let (s, e) = metadata_range(obj).unwrap();
        let meta: serde_json::Value = serde_json::from_slice(&obj[s..e]).unwrap();
        assert_eq!(meta["name"], "outer");
        let with = with_resource_version(obj, 42).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&with).unwrap();
        assert_eq!(v["metadata"]["resourceVersion"], "42");
        assert_eq!(v["items"][0]["metadata"]["name"], "inner");
        assert_eq!(v["spec"]["s"], "\"metadata\":{");
        let empty = with_resource_version(br#"{"metadata":{}}"#, 7).unwrap();
        assert_eq!(empty, br#"{"metadata":{"resourceVersion":"7"}}"#);
        assert!(metadata_range(br#"{"kind":"K"}"#).is_none());
        assert!(metadata_range(b"not json").is_none());
    }
}
