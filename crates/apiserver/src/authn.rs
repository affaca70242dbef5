//! Authentication: client certificates signed by the cluster CA (CN = user, O = groups) and bearer
//! tokens from a static token file (upstream `--token-auth-file` CSV: `token,user,uid,"group1,group2"`).

use std::collections::HashMap;
use std::path::Path;

/// Who is making a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub groups: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum TokenFileError {
    #[error("reading token file {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("token file {path}, line {line}: expected at least token,user,uid")]
    Malformed { path: String, line: usize },
}

#[derive(Default)]
pub struct Authenticator {
    tokens: HashMap<String, User>,
}

impl Authenticator {
    /// Load a token CSV file.
    pub fn from_token_file(path: &Path) -> Result<Self, TokenFileError> {
        let text = std::fs::read_to_string(path).map_err(|source| TokenFileError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let mut tokens = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields = split_csv(line);
            if fields.len() < 3 || fields[0].is_empty() {
                return Err(TokenFileError::Malformed {
                    path: path.display().to_string(),
                    line: i + 1,
                });
            }
            let groups = fields
                .get(3)
                .map(|g| g.split(',').filter(|s| !s.is_empty()).map(String::from).collect())
                .unwrap_or_default();
            tokens.insert(
                fields[0].clone(),
                User {
                    name: fields[1].clone(),
                    groups,
                },
            );
        }
        Ok(Authenticator { tokens })
    }

    /// The user behind a request: the verified client certificate first, then a bearer token.
    pub fn authenticate(&self, cert: Option<&User>, authorization: Option<&str>) -> Option<User> {
        if let Some(u) = cert {
            return Some(u.clone());
        }
        let token = authorization?.strip_prefix("Bearer ")?.trim();
        self.tokens.get(token).cloned()
    }
}

fn split_csv(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter().map(|s| s.trim().to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_file() {
        let dir = std::env::temp_dir().join(format!("skiff-authn-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("tokens.csv");
        std::fs::write(&p, "abc,admin,admin,\"system:masters,dev\"\n").unwrap();
        let a = Authenticator::from_token_file(&p).unwrap();
        let u = a.authenticate(None, Some("Bearer abc")).unwrap();
        assert_eq!(u.name, "admin");
        assert_eq!(u.groups, vec!["system:masters", "dev"]);
        assert!(a.authenticate(None, Some("Bearer nope")).is_none());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
