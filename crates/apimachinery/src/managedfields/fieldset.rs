//! A set of field paths stored as a trie (upstream `fieldpath.Set`): `members` are the elements of
//! this level that belong to the set; `children` hold the deeper paths. A child node never is empty.

use super::fieldpath::{Path, PathElement};
use std::collections::{BTreeMap, BTreeSet};

/// A set of field paths.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldSet {
    pub(crate) members: BTreeSet<PathElement>,
    pub(crate) children: BTreeMap<PathElement, FieldSet>,
}

impl FieldSet {
    /// The empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// A set holding the given paths.
    pub fn from_paths<I: IntoIterator<Item = Path>>(paths: I) -> Self {
        let mut set = FieldSet::new();
        for p in paths {
            set.insert(&p);
        }
        set
    }

    /// Adds a path (its parents are not added). The empty path is ignored: nobody owns the whole
    /// object.
    pub fn insert(&mut self, path: &Path) {
        let Some((last, parents)) = path.0.split_last() else {
            return;
        };
        let mut node = self;
        for pe in parents {
            node = node.children.entry(pe.clone()).or_default();
        }
        node.members.insert(last.clone());
    }

    /// Whether `path` is a member.
    pub fn has(&self, path: &Path) -> bool {
        let Some((last, parents)) = path.0.split_last() else {
            return false;
        };
        let mut node = self;
        for pe in parents {
            match node.children.get(pe) {
                Some(child) => node = child,
                None => return false,
            }
        }
        node.members.contains(last)
    }

    /// Whether the set has no member at all.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty() && self.children.values().all(FieldSet::is_empty)
    }

    /// Number of member paths.
    pub fn len(&self) -> usize {
        self.members.len() + self.children.values().map(FieldSet::len).sum::<usize>()
    }

    /// The paths below `pe` (with `pe` stripped), empty if none.
    pub fn with_prefix(&self, pe: &PathElement) -> FieldSet {
        self.children.get(pe).cloned().unwrap_or_default()
    }

    pub(crate) fn child(&self, pe: &PathElement) -> Option<&FieldSet> {
        self.children.get(pe)
    }

    /// Paths in either set.
    pub fn union(&self, other: &FieldSet) -> FieldSet {
        let mut out = self.clone();
        out.members.extend(other.members.iter().cloned());
        for (pe, child) in &other.children {
            let merged = match out.children.get(pe) {
                Some(mine) => mine.union(child),
                None => child.clone(),
            };
            out.children.insert(pe.clone(), merged);
        }
        out.prune_empty();
        out
    }

    /// Paths in both sets.
    pub fn intersection(&self, other: &FieldSet) -> FieldSet {
        let members = self.members.intersection(&other.members).cloned().collect();
        let mut children = BTreeMap::new();
        for (pe, child) in &self.children {
            if let Some(theirs) = other.children.get(pe) {
                let both = child.intersection(theirs);
                if !both.is_empty() {
                    children.insert(pe.clone(), both);
                }
            }
        }
        FieldSet { members, children }
    }

    /// Paths in `self` but not in `other` (path by path: removing a parent keeps its children).
    pub fn difference(&self, other: &FieldSet) -> FieldSet {
        let members = self.members.difference(&other.members).cloned().collect();
        let mut children = BTreeMap::new();
        for (pe, child) in &self.children {
            let rest = match other.children.get(pe) {
                Some(theirs) => child.difference(theirs),
                None => child.clone(),
            };
            if !rest.is_empty() {
                children.insert(pe.clone(), rest);
            }
        }
        FieldSet { members, children }
    }

    /// Like `difference`, but a member of `other` also removes everything below it.
    pub fn recursive_difference(&self, other: &FieldSet) -> FieldSet {
        let members = self.members.difference(&other.members).cloned().collect();
        let mut children = BTreeMap::new();
        for (pe, child) in &self.children {
            if other.members.contains(pe) {
                continue;
            }
            let rest = match other.children.get(pe) {
                Some(theirs) => child.recursive_difference(theirs),
                None => child.clone(),
            };
            if !rest.is_empty() {
                children.insert(pe.clone(), rest);
            }
        }
        FieldSet { members, children }
    }

    /// All member paths in upstream's iteration order (pre-order: a level's members, then its
    /// children).
    pub fn paths(&self) -> Vec<Path> {
        let mut out = Vec::new();
        self.collect(&mut Vec::new(), &mut out);
        out
    }

    fn collect(&self, prefix: &mut Vec<PathElement>, out: &mut Vec<Path>) {
        for pe in &self.members {
            let mut p = prefix.clone();
            p.push(pe.clone());
            out.push(Path(p));
        }
        for (pe, child) in &self.children {
            prefix.push(pe.clone());
            child.collect(prefix, out);
            prefix.pop();
        }
    }

    fn prune_empty(&mut self) {
        self.children.retain(|_, c| {
            c.prune_empty();
            !c.is_empty()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Path {
        Path::fields(&s.split('.').collect::<Vec<_>>())
    }

    fn set(paths: &[&str]) -> FieldSet {
        FieldSet::from_paths(paths.iter().map(|s| p(s)))
    }

    fn shown(s: &FieldSet) -> Vec<String> {
        s.paths().iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn set_operations() {
        let a = set(&["a", "a.b", "a.c", "d"]);
        let b = set(&["a.b", "d", "e.f"]);
        let cases = [
            (a.union(&b), vec![".a", ".d", ".a.b", ".a.c", ".e.f"]),
            (a.intersection(&b), vec![".d", ".a.b"]),
            (a.difference(&b), vec![".a", ".a.c"]),
            (b.difference(&a), vec![".e.f"]),
            (a.recursive_difference(&set(&["a"])), vec![".d"]),
            (set(&["a.b"]).difference(&set(&["a.b"])), vec![]),
        ];
        for (got, want) in cases {
            assert_eq!(shown(&got), want);
        }
        assert!(a.has(&p("a.c")) && !a.has(&p("a.x")) && !a.has(&Path::default()));
        assert!(set(&["a.b"]).difference(&set(&["a.b"])).is_empty());
        assert_eq!(a.len(), 4);
    }
}
