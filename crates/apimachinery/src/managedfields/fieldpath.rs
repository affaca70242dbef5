//! Field paths (upstream `fieldpath.PathElement` / `fieldpath.Path`): how a single field of an object
//! is named, with upstream's ordering and human-readable rendering (`.spec.containers[name="x"].image`).

use super::value;
use serde_json::Value;
use std::cmp::Ordering;
use std::fmt;

/// One step of a field path.
#[derive(Clone, Debug)]
pub enum PathElement {
    /// A field of a map or struct (`f:name`, shown as `.name`).
    Field(String),
    /// An item of an associative list, by its key fields sorted by name (`k:{...}`, shown as
    /// `[name="x"]`).
    Key(Vec<(String, Value)>),
    /// An item of a set (a list of scalars), by value (`v:...`, shown as `[="x"]`).
    Value(Value),
    /// An item of a list by position (`i:3`, shown as `[3]`).
    Index(usize),
}

impl PathElement {
    /// A `Field` element.
    pub fn field(name: &str) -> Self {
        PathElement::Field(name.to_string())
    }

    /// A `Key` element; the key fields are sorted by name as upstream requires.
    pub fn key(fields: Vec<(String, Value)>) -> Self {
        let mut fields = fields;
        fields.sort_by(|a, b| a.0.cmp(&b.0));
        PathElement::Key(fields)
    }

    fn type_rank(&self) -> u8 {
        match self {
            PathElement::Field(_) => 0,
            PathElement::Key(_) => 1,
            PathElement::Value(_) => 2,
            PathElement::Index(_) => 3,
        }
    }
}

fn key_compare(a: &[(String, Value)], b: &[(String, Value)]) -> Ordering {
    for ((an, av), (bn, bv)) in a.iter().zip(b.iter()) {
        let c = an.cmp(bn).then_with(|| value::compare(av, bv));
        if c != Ordering::Equal {
            return c;
        }
    }
    a.len().cmp(&b.len())
}

impl Ord for PathElement {
    /// Upstream `PathElement.Compare`: fields, then keys, then values, then indexes.
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (PathElement::Field(a), PathElement::Field(b)) => a.cmp(b),
            (PathElement::Key(a), PathElement::Key(b)) => key_compare(a, b),
            (PathElement::Value(a), PathElement::Value(b)) => value::compare(a, b),
            (PathElement::Index(a), PathElement::Index(b)) => a.cmp(b),
            _ => self.type_rank().cmp(&other.type_rank()),
        }
    }
}

impl PartialOrd for PathElement {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for PathElement {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for PathElement {}

impl fmt::Display for PathElement {
    /// Upstream `PathElement.String()`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathElement::Field(name) => write!(f, ".{name}"),
            PathElement::Key(fields) => {
                let parts: Vec<String> = fields
                    .iter()
                    .map(|(k, v)| format!("{k}={}", value::display(v)))
                    .collect();
                write!(f, "[{}]", parts.join(","))
            }
            PathElement::Value(v) => write!(f, "[={}]", value::display(v)),
            PathElement::Index(i) => write!(f, "[{i}]"),
        }
    }
}

/// A path from the object root to one field.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Path(pub Vec<PathElement>);

impl Path {
    /// A path made of field names only (`Path::fields(&["spec", "replicas"])`).
    pub fn fields(names: &[&str]) -> Self {
        Path(names.iter().map(|n| PathElement::field(n)).collect())
    }

    /// This path extended by one element.
    pub fn child(&self, pe: PathElement) -> Path {
        let mut elems = self.0.clone();
        elems.push(pe);
        Path(elems)
    }
}

impl fmt::Display for Path {
    /// Upstream `Path.String()`: the elements' renderings concatenated.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for pe in &self.0 {
            write!(f, "{pe}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn display_matches_upstream() {
        let cases = [
            (Path::fields(&["spec", "replicas"]), ".spec.replicas"),
            (
                Path(vec![
                    PathElement::field("spec"),
                    PathElement::field("containers"),
                    PathElement::key(vec![("name".into(), json!("nginx"))]),
                    PathElement::field("image"),
                ]),
                ".spec.containers[name=\"nginx\"].image",
            ),
            (
                Path(vec![
                    PathElement::field("ports"),
                    PathElement::key(vec![
                        ("protocol".into(), json!("TCP")),
                        ("containerPort".into(), json!(80)),
                    ]),
                ]),
                ".ports[containerPort=80,protocol=\"TCP\"]",
            ),
            (
                Path(vec![
                    PathElement::field("finalizers"),
                    PathElement::Value(json!("a/b")),
                ]),
                ".finalizers[=\"a/b\"]",
            ),
            (
                Path(vec![PathElement::field("args"), PathElement::Index(2)]),
                ".args[2]",
            ),
        ];
        for (path, want) in cases {
            assert_eq!(path.to_string(), want);
        }
    }

    #[test]
    fn ordering_follows_upstream() {
        let mut elems = [
            PathElement::Index(1),
            PathElement::Value(json!("x")),
            PathElement::key(vec![("name".into(), json!("b"))]),
            PathElement::key(vec![("name".into(), json!("a"))]),
            PathElement::field("z"),
            PathElement::field("a"),
        ];
        elems.sort();
        let shown: Vec<String> = elems.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            shown,
            [".a", ".z", "[name=\"a\"]", "[name=\"b\"]", "[=\"x\"]", "[1]"]
        );
    }
}
