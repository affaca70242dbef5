//! Identity of list items (upstream `typed/helpers.go` `listItemToPathElement`): the `k:` element of
//! a list-map item, the `v:` element of a set item.

use super::fieldpath::{Path, PathElement};
use super::schema::ListSchema;
use serde_json::Value;
use std::collections::BTreeMap;

/// The path element naming `item` in an associative list. `Err` carries upstream's message.
pub(crate) fn item_element(item: &Value, list: &ListSchema) -> Result<PathElement, String> {
    match list {
        ListSchema::Map { keys, defaults } => {
            let Value::Object(m) = item else {
                return Err(if item.is_null() {
                    "associative list with keys may not have a null element".into()
                } else {
                    "associative list with keys may not have non-map elements".into()
                });
            };
            let mut fields = Vec::new();
            for k in keys {
                if let Some(v) = m.get(k) {
                    fields.push((k.clone(), v.clone()));
                } else if let Some((_, d)) = defaults.iter().find(|(name, _)| name == k) {
                    fields.push((k.clone(), d.clone()));
                }
            }
            if fields.is_empty() {
                let quoted: Vec<String> = keys.iter().map(|k| crate::gofmt::quote(k)).collect();
                return Err(format!(
                    "associative list with keys has an element that omits all key fields [{}] (and doesn't have default values for any key fields)",
                    quoted.join(" ")
                ));
            }
            Ok(PathElement::key(fields))
        }
        _ => match item {
            Value::Object(_) => Err("associative list without keys has an element that's a map type".into()),
            Value::Array(_) => Err("not supported: associative list with lists as elements".into()),
            Value::Null => Err("associative list without keys has an element that's an explicit null".into()),
            v => Ok(PathElement::Value(v.clone())),
        },
    }
}

/// The items of an associative list with their elements, in list order. With `strict`, a repeated
/// element is an error (applied configurations); otherwise repeats are kept (live objects).
pub(crate) fn list_elements<'a>(
    items: &'a [Value],
    list: &ListSchema,
    path: &[PathElement],
    strict: bool,
) -> Result<Vec<(PathElement, &'a Value)>, String> {
    let mut out = Vec::with_capacity(items.len());
    let mut seen = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        let pe = item_element(item, list).map_err(|e| format!("{}: element {i}: {e}", shown(path)))?;
        if strict && seen.insert(pe.clone(), ()).is_some() {
            return Err(format!("{}: duplicate entries for key {pe}", shown(path)));
        }
        out.push((pe, item));
    }
    Ok(out)
}

pub(crate) fn shown(path: &[PathElement]) -> String {
    Path(path.to_vec()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn elements_and_errors() {
        let ports =
            ListSchema::map_with_defaults(&["containerPort", "protocol"], &[("protocol", json!("TCP"))]);
        let pe = item_element(&json!({"containerPort": 80}), &ports).unwrap();
        assert_eq!(pe.to_string(), "[containerPort=80,protocol=\"TCP\"]");
        let by_name = ListSchema::map(&["name"]);
        let err = item_element(&json!({"image": "x"}), &by_name).unwrap_err();
        assert_eq!(
            err,
            "associative list with keys has an element that omits all key fields [\"name\"] (and doesn't have default values for any key fields)"
        );
        assert_eq!(
            item_element(&json!("a"), &ListSchema::Set).unwrap(),
            PathElement::Value(json!("a"))
        );
        assert!(item_element(&json!({}), &ListSchema::Set).is_err());
        let items = [json!({"name": "a"}), json!({"name": "a"})];
        let path = [PathElement::field("spec"), PathElement::field("containers")];
        let err = list_elements(&items, &by_name, &path, true).unwrap_err();
        assert_eq!(err, ".spec.containers: duplicate entries for key [name=\"a\"]");
        assert_eq!(list_elements(&items, &by_name, &path, false).unwrap().len(), 2);
    }
}
