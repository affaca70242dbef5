//! Key-range helpers shared by the backends.

/// The smallest byte string greater than every key that starts with `prefix`, or `None` when no such
/// string exists (empty prefix, or a prefix made only of `0xff` bytes): the range is then unbounded.
pub(crate) fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

/// The inclusive lower bound of a listing of `prefix` that continues after `start_after`.
pub(crate) fn list_start(prefix: &[u8], start_after: Option<&str>) -> Vec<u8> {
    match start_after {
        // `key + "\0"` is the immediate successor of `key` in byte order.
        Some(after) if after.as_bytes() >= prefix => {
            let mut start = after.as_bytes().to_vec();
            start.push(0);
            start
        }
        _ => prefix.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_end_increments_last_byte() {
        assert_eq!(prefix_end(b"/pods/"), Some(b"/pods0".to_vec()));
        assert_eq!(prefix_end(b"a\xff\xff"), Some(b"b".to_vec()));
        assert_eq!(prefix_end(b""), None);
        assert_eq!(prefix_end(b"\xff"), None);
    }

    #[test]
    fn list_start_skips_past_continuation_key() {
        assert_eq!(list_start(b"/p/", None), b"/p/".to_vec());
        assert_eq!(list_start(b"/p/", Some("/p/a")), b"/p/a\0".to_vec());
        assert_eq!(list_start(b"/p/", Some("/a")), b"/p/".to_vec());
    }
}
