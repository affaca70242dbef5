//! Image reference parsing, enough to find the tag as upstream's `parsers.ParseImageName` does
//! (docker reference grammar, default tag `latest` when there is neither tag nor digest).

/// The tag of an image reference: `Some("latest")` when none is given and there is no digest,
/// `Some("")` for digest-only references, `None` when the reference does not parse.
pub fn tag(image: &str) -> Option<String> {
    if image.is_empty() || image.len() > 255 + 128 + 80 {
        return None;
    }
    let (name_tag, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    if let Some(d) = digest {
        let (alg, hex) = d.split_once(':')?;
        let alg_ok = !alg.is_empty()
            && alg
                .split(['+', '.', '_', '-'])
                .all(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        if !alg_ok || hex.len() < 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
    }
    // The tag is after the last ':' that follows the last '/'.
    let last_slash = name_tag.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match name_tag[last_slash..].rfind(':') {
        Some(i) => (&name_tag[..last_slash + i], Some(&name_tag[last_slash + i + 1..])),
        None => (name_tag, None),
    };
    if !valid_name(name) {
        return None;
    }
    if let Some(t) = tag {
        let b = t.as_bytes();
        let ok = !b.is_empty()
            && b.len() <= 128
            && (b[0].is_ascii_alphanumeric() || b[0] == b'_')
            && b.iter()
                .all(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'-');
        if !ok {
            return None;
        }
        return Some(t.to_string());
    }
    Some(if digest.is_some() {
        String::new()
    } else {
        "latest".to_string()
    })
}

fn valid_name(name: &str) -> bool {
    if name.is_empty() || name.len() > 255 {
        return false;
    }
    let mut parts: Vec<&str> = name.split('/').collect();
    // A first component with '.', ':' or "localhost" (or uppercase) is a registry domain.
    if parts.len() > 1 {
        let first = parts[0];
        if first.contains('.')
            || first.contains(':')
            || first == "localhost"
            || first.bytes().any(|b| b.is_ascii_uppercase())
        {
            if !valid_domain(first) {
                return false;
            }
            parts.remove(0);
        }
    }
    parts.iter().all(|p| valid_path_component(p))
}

fn valid_domain(d: &str) -> bool {
    let (host, port) = match d.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => (h, Some(p)),
        _ => (d, None),
    };
    if let Some(p) = port {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    if host.starts_with('[') {
        return host.ends_with(']') && host[1..host.len() - 1].parse::<std::net::Ipv6Addr>().is_ok();
    }
    host.split('.').all(|c| {
        let b = c.as_bytes();
        !b.is_empty()
            && b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric()
            && b.iter().all(|&x| x.is_ascii_alphanumeric() || x == b'-')
    })
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn valid_path_component(c: &str) -> bool {
    let b = c.as_bytes();
    if b.is_empty() || !b[0].is_ascii_lowercase() && !b[0].is_ascii_digit() {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x.is_ascii_lowercase() || x.is_ascii_digit() {
            i += 1;
            continue;
        }
        // A separator: '.', '_', '__' or a run of '-', followed by an alphanumeric.
        let start = i;
        if x == b'-' {
            while i < b.len() && b[i] == b'-' {
                i += 1;
            }
        } else if x == b'.' {
            i += 1;
        } else if x == b'_' {
            i += 1;
            if i < b.len() && b[i] == b'_' {
                i += 1;
            }
        } else {
            return false;
        }
        if i == start || i >= b.len() || !(b[i].is_ascii_lowercase() || b[i].is_ascii_digit()) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::tag;

    #[test]
    fn tags() {
        let digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        let cases: Vec<(String, Option<&str>)> = vec![
            ("nginx".into(), Some("latest")),
            ("nginx:1.25".into(), Some("1.25")),
            ("nginx:latest".into(), Some("latest")),
            ("localhost:5000/app".into(), Some("latest")),
            ("localhost:5000/app:v2".into(), Some("v2")),
            ("registry.k8s.io/pause:3.9".into(), Some("3.9")),
            (format!("nginx@{digest}"), Some("")),
            (format!("nginx:1.25@{digest}"), Some("1.25")),
            ("Nginx".into(), None),
            ("".into(), None),
            ("my_repo__x/a-b--c".into(), Some("latest")),
        ];
        for (img, want) in cases {
            assert_eq!(tag(&img).as_deref(), want, "{img}");
        }
    }
}
