//! The little schema server-side apply needs: which lists are associative (list-maps keyed by some
//! fields, or sets of scalars) and which are atomic, which objects are structs (named fields), free-form
//! maps (labels) or atomic, which structs Go always serializes, and which fields a subresource
//! ignores. Anything not described is a granular struct if it is an object and atomic if it is a list,
//! as upstream treats custom resources without list annotations.

use super::fieldpath::Path;
use super::fieldset::FieldSet;
use serde_json::Value;
use std::collections::BTreeMap;

/// How a list merges and is owned.
#[derive(Clone, Debug, PartialEq)]
pub enum ListSchema {
    /// Replaced as a whole, owned as one field (`x-kubernetes-list-type: atomic`, the default).
    Atomic,
    /// A set of scalars; each value is owned separately (`v:` elements).
    Set,
    /// A list-map: items are identified by the `keys` fields (`k:` elements); `defaults` gives the
    /// value of a key field an item may omit (e.g. `protocol: TCP` for ports).
    Map {
        keys: Vec<String>,
        defaults: Vec<(String, Value)>,
    },
}

impl ListSchema {
    /// A list-map keyed by `keys`, without key defaults.
    pub fn map(keys: &[&str]) -> Self {
        ListSchema::Map {
            keys: keys.iter().map(|k| k.to_string()).collect(),
            defaults: Vec::new(),
        }
    }

    /// A list-map keyed by `keys`, where the key fields in `defaults` may be omitted.
    pub fn map_with_defaults(keys: &[&str], defaults: &[(&str, Value)]) -> Self {
        ListSchema::Map {
            keys: keys.iter().map(|k| k.to_string()).collect(),
            defaults: defaults.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
        }
    }
}

/// How an object merges and is owned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapSchema {
    /// A struct: fields are owned one by one, and are "named fields" (the default).
    Struct,
    /// A free-form map (`map[string]T`, e.g. labels): each key is owned, keys are not named fields.
    Map,
    /// Replaced and owned as a whole (`x-kubernetes-map-type: atomic`, `+structType=atomic`).
    Atomic,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Node {
    list: Option<ListSchema>,
    map: Option<MapSchema>,
    present: Option<Value>,
    fields: BTreeMap<String, Node>,
    item: Option<Box<Node>>,
}

static UNKNOWN: Node = Node {
    list: None,
    map: None,
    present: None,
    fields: BTreeMap::new(),
    item: None,
};
static ATOMIC_LIST: ListSchema = ListSchema::Atomic;

impl Node {
    /// Schema of field `name` of an object described by this node.
    pub(crate) fn field(&self, name: &str) -> &Node {
        match self.fields.get(name) {
            Some(n) => n,
            None => self.item.as_deref().unwrap_or(&UNKNOWN),
        }
    }

    /// Schema of the items of a list (or the values of a free-form map).
    pub(crate) fn item(&self) -> &Node {
        self.item.as_deref().unwrap_or(&UNKNOWN)
    }

    pub(crate) fn list_schema(&self) -> &ListSchema {
        self.list.as_ref().unwrap_or(&ATOMIC_LIST)
    }

    pub(crate) fn map_schema(&self) -> MapSchema {
        self.map.unwrap_or(MapSchema::Struct)
    }

    /// Whether the keys of this object are named struct fields (upstream `FindField` succeeds).
    pub(crate) fn has_named_fields(&self) -> bool {
        self.map_schema() != MapSchema::Map
    }

    /// Fields Go always serializes (non-pointer structs as `{}`, fields without `omitempty` as
    /// `null`), with that zero value.
    pub(crate) fn present_fields(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.fields
            .iter()
            .filter_map(|(k, n)| n.present.as_ref().map(|z| (k, z)))
    }

    pub(crate) fn item_node(&self) -> Option<&Node> {
        self.item.as_deref()
    }
}

/// What server-side apply knows about one kind.
#[derive(Clone, Debug, Default)]
pub struct ApplySchema {
    pub(crate) root: Node,
    reset: BTreeMap<String, FieldSet>,
}

/// Steps of a schema path: `a.b[]` descends into field `a`, field `b`, then `b`'s list items; `*`
/// descends into the values of a free-form map.
fn parse_steps(path: &str) -> Vec<Option<String>> {
    let mut steps = Vec::new();
    for seg in path.split('.').filter(|s| !s.is_empty()) {
        if seg == "*" {
            steps.push(None);
            continue;
        }
        let mut name = seg;
        let mut items = 0;
        while let Some(stripped) = name.strip_suffix("[]") {
            name = stripped;
            items += 1;
        }
        steps.push(Some(name.to_string()));
        steps.extend(std::iter::repeat_n(None, items));
    }
    steps
}

impl ApplySchema {
    pub(crate) fn node_mut(&mut self, path: &str) -> &mut Node {
        let mut node = &mut self.root;
        for step in parse_steps(path) {
            node = match step {
                Some(name) => node.fields.entry(name).or_default(),
                None => node.item.get_or_insert_with(Box::default),
            };
        }
        node
    }

    /// Declares the list at `path` (e.g. `spec.template.spec.containers[].ports`).
    pub fn set_list(&mut self, path: &str, list: ListSchema) -> &mut Self {
        self.node_mut(path).list = Some(list);
        self
    }

    /// Declares the object at `path` (`*` steps into a free-form map's values).
    pub fn set_map(&mut self, path: &str, map: MapSchema) -> &mut Self {
        self.node_mut(path).map = Some(map);
        self
    }

    /// Declares that the field at `path` is always serialized when its parent is, as `zero` when
    /// unset: Go non-pointer structs (`spec`, `spec.template`) as `{}`, fields without `omitempty`
    /// (`spec.containers`) as `null`. Only affects which non-leaf fields operations record (`"."`
    /// entries), so that they match upstream's typed objects.
    pub fn set_always_serialized(&mut self, path: &str, zero: Value) -> &mut Self {
        self.node_mut(path).present = Some(zero);
        self
    }

    /// Declares fields that writes through `subresource` (`""` for the main resource, `"status"`)
    /// never own: upstream's reset fields, e.g. `status` on the main resource.
    pub fn set_reset_fields(&mut self, subresource: &str, paths: &[&str]) -> &mut Self {
        let set = self.reset.entry(subresource.to_string()).or_default();
        for p in paths {
            set.insert(&Path::fields(&p.split('.').collect::<Vec<_>>()));
        }
        self
    }

    /// By-value form of [`ApplySchema::set_list`].
    pub fn with_list(mut self, path: &str, list: ListSchema) -> Self {
        self.set_list(path, list);
        self
    }

    /// By-value form of [`ApplySchema::set_map`].
    pub fn with_map(mut self, path: &str, map: MapSchema) -> Self {
        self.set_map(path, map);
        self
    }

    /// By-value form of [`ApplySchema::set_reset_fields`].
    pub fn with_reset_fields(mut self, subresource: &str, paths: &[&str]) -> Self {
        self.set_reset_fields(subresource, paths);
        self
    }

    /// The fields writes through `subresource` ignore.
    pub(crate) fn reset_fields(&self, subresource: &str) -> Option<&FieldSet> {
        self.reset.get(subresource).filter(|s| !s.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_build_nested_nodes() {
        let s = ApplySchema::default()
            .with_list("spec.containers", ListSchema::map(&["name"]))
            .with_list(
                "spec.containers[].ports",
                ListSchema::map(&["containerPort", "protocol"]),
            )
            .with_map("metadata.labels", MapSchema::Map)
            .with_map("data.*", MapSchema::Atomic);
        let containers = s.root.field("spec").field("containers");
        assert_eq!(containers.list_schema(), &ListSchema::map(&["name"]));
        let ports = containers.item().field("ports");
        assert_eq!(
            ports.list_schema(),
            &ListSchema::map(&["containerPort", "protocol"])
        );
        assert_eq!(
            s.root.field("metadata").field("labels").map_schema(),
            MapSchema::Map
        );
        assert!(!s.root.field("metadata").field("labels").has_named_fields());
        // Unknown fields: granular structs and atomic lists.
        assert_eq!(s.root.field("nope").field("x").map_schema(), MapSchema::Struct);
        assert_eq!(s.root.field("nope").list_schema(), &ListSchema::Atomic);
        assert_eq!(
            s.root.field("data").field("anykey").map_schema(),
            MapSchema::Atomic
        );
    }
}
