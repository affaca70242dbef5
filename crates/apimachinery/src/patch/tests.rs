use super::*;
use serde_json::json;

/// A schema shaped like upstream's `MergeItem` test struct (recursion cut at a fixed depth).
fn merge_item(depth: usize) -> PatchSchema {
    if depth == 0 {
        return PatchSchema::new();
    }
    let child = merge_item(depth - 1);
    let retain_keys_item = PatchSchema::new()
        .with("mergingIntList", FieldSchema::primitive_set())
        .with("mergingList", FieldSchema::merge_list("name", child.clone()));
    PatchSchema::new()
        .with("mergingList", FieldSchema::merge_list("name", child.clone()))
        .with("mergingIntList", FieldSchema::primitive_set())
        .with("mergeItemPtr", FieldSchema::merge_list("name", child.clone()))
        .with("replacingItem", FieldSchema::replace())
        .with(
            "retainKeysMap",
            FieldSchema::object(retain_keys_item).with_retain_keys(),
        )
        .with(
            "retainKeysMergingList",
            FieldSchema::merge_list("name", child).with_retain_keys(),
        )
}

fn smp(doc: Value, patch: Value) -> Result<Value, PatchError> {
    strategic_merge_patch(&doc, &patch, &merge_item(4))
}

#[test]
fn strategic_merge_basics() {
    let cases = [
        (
            "add field",
            json!({"name": "a"}),
            json!({"value": "1"}),
            json!({"name": "a", "value": "1"}),
        ),
        (
            "null deletes",
            json!({"name": "a", "value": "1"}),
            json!({"value": null}),
            json!({"name": "a"}),
        ),
        (
            "null on missing field",
            json!({"name": "a"}),
            json!({"other": null}),
            json!({"name": "a"}),
        ),
        (
            "nested maps merge",
            json!({"simpleMap": {"a": "1", "b": "2"}}),
            json!({"simpleMap": {"b": "3", "c": "4", "a": null}}),
            json!({"simpleMap": {"b": "3", "c": "4"}}),
        ),
        (
            "nulls dropped from new values",
            json!({}),
            json!({"simpleMap": {"a": "1", "b": null}}),
            json!({"simpleMap": {"a": "1"}}),
        ),
        (
            "$patch replace on a map",
            json!({"simpleMap": {"a": "1", "b": "2"}}),
            json!({"simpleMap": {"$patch": "replace", "c": "3"}}),
            json!({"simpleMap": {"c": "3"}}),
        ),
        (
            "$patch delete on a map",
            json!({"simpleMap": {"a": "1"}, "name": "x"}),
            json!({"simpleMap": {"$patch": "delete"}}),
            json!({"simpleMap": {}, "name": "x"}),
        ),
        (
            "$patch replace at the root",
            json!({"name": "a", "value": "b"}),
            json!({"$patch": "replace", "other": "c"}),
            json!({"other": "c"}),
        ),
        (
            "replace strategy field",
            json!({"replacingItem": {"a": {"b": 1}, "c": 2}}),
            json!({"replacingItem": {"a": {"d": 3}}}),
            json!({"replacingItem": {"a": {"d": 3}}}),
        ),
        (
            "type change replaces",
            json!({"value": {"a": 1}}),
            json!({"value": "s"}),
            json!({"value": "s"}),
        ),
        (
            "non-merging list replaced",
            json!({"nonMergingList": [{"name": "a"}, {"name": "b"}]}),
            json!({"nonMergingList": [{"name": "c", "value": null}]}),
            json!({"nonMergingList": [{"name": "c"}]}),
        ),
        (
            "non-merging int list replaced",
            json!({"nonMergingIntList": [1, 2]}),
            json!({"nonMergingIntList": [3]}),
            json!({"nonMergingIntList": [3]}),
        ),
        (
            "merging int list union; new items go before later server items",
            json!({"mergingIntList": [1, 2, 3]}),
            json!({"mergingIntList": [4, 2]}),
            json!({"mergingIntList": [4, 1, 2, 3]}),
        ),
        (
            "merging list by key: merge existing, append new",
            json!({"mergingList": [{"name": "a", "value": "1"}, {"name": "b", "value": "2"}]}),
            json!({"mergingList": [{"name": "b", "other": "x"}, {"name": "c"}]}),
            json!({"mergingList": [
                {"name": "a", "value": "1"}, {"name": "b", "value": "2", "other": "x"}, {"name": "c"}]}),
        ),
        (
            "merge element field deletion by null",
            json!({"mergingList": [{"name": "a", "value": "1", "other": "o"}]}),
            json!({"mergingList": [{"name": "a", "value": null}]}),
            json!({"mergingList": [{"name": "a", "other": "o"}]}),
        ),
        (
            "$patch delete list element",
            json!({"mergingList": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}),
            json!({"mergingList": [{"name": "b", "$patch": "delete"}]}),
            json!({"mergingList": [{"name": "a"}, {"name": "c"}]}),
        ),
        (
            "$patch replace list",
            json!({"mergingList": [{"name": "a"}, {"name": "b"}]}),
            json!({"mergingList": [{"name": "c", "value": "1"}, {"$patch": "replace"}]}),
            json!({"mergingList": [{"name": "c", "value": "1"}]}),
        ),
        (
            "$deleteFromPrimitiveList",
            json!({"mergingIntList": [1, 2, 3]}),
            json!({"$deleteFromPrimitiveList/mergingIntList": [2, 9]}),
            json!({"mergingIntList": [1, 3]}),
        ),
        (
            "$deleteFromPrimitiveList on a missing list",
            json!({"name": "a"}),
            json!({"$deleteFromPrimitiveList/mergingIntList": [2]}),
            json!({"name": "a"}),
        ),
        (
            "$retainKeys clears other fields",
            json!({"retainKeysMap": {"name": "a", "value": "b", "other": "c"}}),
            json!({"retainKeysMap": {"$retainKeys": ["name", "other"], "other": "d"}}),
            json!({"retainKeysMap": {"name": "a", "other": "d"}}),
        ),
        (
            "$setElementOrder reorders",
            json!({"mergingList": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}),
            json!({"$setElementOrder/mergingList": [{"name": "c"}, {"name": "a"}, {"name": "b"}],
                   "mergingList": [{"name": "a", "value": "1"}]}),
            json!({"mergingList": [{"name": "c"}, {"name": "a", "value": "1"}, {"name": "b"}]}),
        ),
        (
            "$setElementOrder without patch list",
            json!({"mergingIntList": [1, 2, 3]}),
            json!({"$setElementOrder/mergingIntList": [3, 2, 1]}),
            json!({"mergingIntList": [3, 2, 1]}),
        ),
        (
            "$setElementOrder with deletion",
            json!({"mergingIntList": [1, 2, 3]}),
            json!({"$setElementOrder/mergingIntList": [3, 1],
                   "$deleteFromPrimitiveList/mergingIntList": [2]}),
            json!({"mergingIntList": [3, 1]}),
        ),
        (
            "new list drops directive elements",
            json!({}),
            json!({"mergingList": [{"name": "a"}, {"name": "b", "$patch": "delete"}]}),
            json!({"mergingList": [{"name": "a"}]}),
        ),
        (
            "nested merge lists (new item before server-only items, as upstream)",
            json!({"mergingList": [{"name": "a", "mergingList": [{"name": "x", "value": "1"}]}]}),
            json!({"mergingList": [{"name": "a", "mergingList": [{"name": "y"}]}]}),
            json!({"mergingList": [{"name": "a", "mergingList": [{"name": "y"}, {"name": "x", "value": "1"}]}]}),
        ),
        (
            "appended element loses nulls and directive keys",
            json!({"mergingList": [{"name": "a"}]}),
            json!({"mergingList": [{"name": "b", "value": null, "$setElementOrder/mergingList": []}]}),
            json!({"mergingList": [{"name": "b"}, {"name": "a"}]}),
        ),
        (
            "null patch is a no-op",
            json!({"name": "a"}),
            Value::Null,
            json!({"name": "a"}),
        ),
    ];
    for (name, doc, patch, want) in cases {
        assert_eq!(
            smp(doc, patch).unwrap_or_else(|e| panic!("{name}: {e}")),
            want,
            "{name}"
        );
    }
}

/// Ordering cases checked against upstream's strategicpatch test expectations.
#[test]
fn strategic_merge_ordering() {
    let cases = [
        (
            "add and delete with server-side order",
            json!({"mergingList": [{"name": 1, "other": "a"}, {"name": 2, "value": 2, "other": "b"}, {"name": 3, "value": 3}]}),
            json!({"$setElementOrder/mergingList": [{"name": 4}, {"name": 2}, {"name": 1}],
                   "mergingList": [{"name": 4, "value": 4}, {"name": 3, "$patch": "delete"}]}),
            json!({"mergingList": [{"name": 4, "value": 4}, {"name": 2, "value": 2, "other": "b"}, {"name": 1, "other": "a"}]}),
        ),
        (
            // Upstream appends into the live list's backing array after the deletion, so the
            // server-only item 4 lands before the new items.
            "add and delete with conflict",
            json!({"mergingList": [{"name": 1, "other": "a"}, {"name": 4, "other": "c"}]}),
            json!({"$setElementOrder/mergingList": [{"name": 2}, {"name": 3}],
                   "mergingList": [{"name": 2}, {"name": 3}, {"name": 1, "$patch": "delete"}]}),
            json!({"mergingList": [{"name": 4, "other": "c"}, {"name": 2}, {"name": 3}]}),
        ),
        (
            "set order keeps server-only items in place",
            json!({"mergingList": [{"name": 1, "other": "a"}, {"name": 2, "value": 2}, {"name": 7}, {"name": 9},
                                   {"name": 8}, {"name": 3, "value": 3}, {"name": 4, "value": 4}]}),
            json!({"$setElementOrder/mergingList": [{"name": 2}, {"name": 1}, {"name": 4}, {"name": 3}]}),
            json!({"mergingList": [{"name": 2, "value": 2}, {"name": 1, "other": "a"}, {"name": 7}, {"name": 9},
                                   {"name": 8}, {"name": 4, "value": 4}, {"name": 3, "value": 3}]}),
        ),
        (
            "set order in an int list with server-only items",
            json!({"mergingIntList": [1, 2, 9, 3, 4]}),
            json!({"$setElementOrder/mergingIntList": [2, 1, 4, 3]}),
            json!({"mergingIntList": [2, 1, 9, 4, 3]}),
        ),
        (
            "delete and reorder in one list, reorder in another",
            json!({"mergingList": [{"name": "a", "value": "a"}, {"name": "b", "value": "b"}],
                   "mergeItemPtr": [{"name": "c", "value": "c"}, {"name": "d", "value": "d"}]}),
            json!({"$setElementOrder/mergingList": [{"name": "b"}],
                   "$setElementOrder/mergeItemPtr": [{"name": "d"}, {"name": "c"}],
                   "mergingList": [{"$patch": "delete", "name": "a"}]}),
            json!({"mergingList": [{"name": "b", "value": "b"}],
                   "mergeItemPtr": [{"name": "d", "value": "d"}, {"name": "c", "value": "c"}]}),
        ),
        (
            "new list from the patch drops deleted elements",
            json!({"name": "hi"}),
            json!({"mergingList": [{"name": "hello"}, {"$patch": "delete", "name": "doesntexist"}]}),
            json!({"name": "hi", "mergingList": [{"name": "hello"}]}),
        ),
        (
            "set order naming an element absent from the list",
            json!({"name": "hi", "mergingList": [{"name": "hello2"}]}),
            json!({"$setElementOrder/mergingList": [{"name": "hello"}, {"name": "doesntexist"}],
                   "mergingList": [{"name": "hello"}]}),
            json!({"name": "hi", "mergingList": [{"name": "hello"}, {"name": "hello2"}]}),
        ),
    ];
    for (name, doc, patch, want) in cases {
        assert_eq!(
            smp(doc, patch).unwrap_or_else(|e| panic!("{name}: {e}")),
            want,
            "{name}"
        );
    }
}

#[test]
fn strategic_merge_errors() {
    let cases = [
        (
            "unknown map directive",
            json!({"simpleMap": {"a": "1"}}),
            json!({"simpleMap": {"$patch": "merge"}}),
            500,
            "unknown patch type: merge in map: map[$patch:merge]",
        ),
        (
            "merge directive in list",
            json!({"mergingList": [{"name": "a"}]}),
            json!({"mergingList": [{"$patch": "merge"}]}),
            500,
            "merging lists cannot yet be specified in the patch",
        ),
        (
            "element without merge key",
            json!({"mergingList": [{"name": "a"}]}),
            json!({"mergingList": [{"value": "x"}]}),
            500,
            "map: map[value:x] does not contain declared merge key: name",
        ),
        (
            "delete without merge key",
            json!({"mergingList": [{"name": "a"}]}),
            json!({"mergingList": [{"$patch": "delete"}]}),
            500,
            "map: map[$patch:delete] does not contain declared merge key: name",
        ),
        (
            "retainKeys not a list",
            json!({"retainKeysMap": {"name": "a"}}),
            json!({"retainKeysMap": {"$retainKeys": "name"}}),
            400,
            "invalid patch format of retainKeys",
        ),
        (
            "retainKeys missing a patched key",
            json!({"retainKeysMap": {"name": "a"}}),
            json!({"retainKeysMap": {"$retainKeys": ["name"], "value": "v"}}),
            400,
            "invalid patch format of retainKeys",
        ),
        (
            "bad deleteFromPrimitiveList key",
            json!({"mergingIntList": [1]}),
            json!({"$deleteFromPrimitiveList": [1]}),
            400,
            "invalid patch format of primitive list",
        ),
        (
            "bad setElementOrder key",
            json!({"mergingIntList": [1]}),
            json!({"$setElementOrderX/mergingIntList": [1]}),
            400,
            "invalid patch format of setElementOrder list",
        ),
        (
            "lists of lists",
            json!({"mergingIntList": [[1]]}),
            json!({"mergingIntList": [[2]]}),
            422,
            "lists of lists are not supported",
        ),
        (
            "mixed element types",
            json!({"mergingIntList": [1]}),
            json!({"mergingIntList": ["a"]}),
            500,
            "list element types are not identical: [[1] [a]]",
        ),
        (
            "patch order contradicts setElementOrder",
            json!({"mergingIntList": [1, 2]}),
            json!({"$setElementOrder/mergingIntList": [1], "mergingIntList": [1, 2]}),
            500,
            "The order in patch list:\n[1 2]\n doesn't match $setElementOrder list:\n[1]\n",
        ),
        (
            "patch not an object",
            json!({}),
            json!([1]),
            400,
            "json: cannot unmarshal array into Go value of type map[string]interface {}",
        ),
    ];
    for (name, doc, patch, status, msg) in cases {
        let err = smp(doc, patch).expect_err(name);
        assert_eq!(err.status_code(), status, "{name}");
        assert_eq!(err.to_string(), msg, "{name}");
    }
}

#[test]
fn strategic_merge_kubectl_patches() {
    let deploy = json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "d", "labels": {"app": "d"}, "finalizers": ["a"]},
        "spec": {"replicas": 1, "template": {
            "metadata": {"labels": {"app": "d"}},
            "spec": {
                "containers": [
                    {"name": "nginx", "image": "nginx:1.25", "args": ["a", "b"],
                     "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
                     "ports": [{"containerPort": 80}]},
                    {"name": "sidecar", "image": "busybox"}
                ],
                "tolerations": [{"key": "k1", "operator": "Exists"}],
                "volumes": [{"name": "data", "emptyDir": {}}]
            }}}
    });
    let schema = PatchSchema::for_kind("apps", "Deployment");
    let cases = [
        (
            "kubectl set image",
            json!({"spec": {"template": {"spec": {
                "$setElementOrder/containers": [{"name": "nginx"}, {"name": "sidecar"}],
                "containers": [{"image": "nginx:1.26", "name": "nginx"}]}}}}),
            vec![
                ("/spec/template/spec/containers/0/image", json!("nginx:1.26")),
                ("/spec/template/spec/containers/0/env/1/value", json!("2")),
                ("/spec/template/spec/containers/1/name", json!("sidecar")),
            ],
        ),
        (
            "kubectl rollout restart",
            json!({"spec": {"template": {"metadata": {"annotations": {
                "kubectl.kubernetes.io/restartedAt": "2026-11-24T23:45:12Z"}}}}}),
            vec![
                (
                    "/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt",
                    json!("2026-11-24T23:45:12Z"),
                ),
                ("/spec/template/metadata/labels/app", json!("d")),
            ],
        ),
        (
            "env merged by name, args replaced, tolerations atomic",
            json!({"spec": {"template": {"spec": {
                "containers": [{"name": "nginx", "args": ["c"], "env": [{"name": "B", "value": "3"}, {"name": "C", "value": "4"}]}],
                "tolerations": [{"key": "k2", "operator": "Exists"}]}}}}),
            vec![
                ("/spec/template/spec/containers/0/args", json!(["c"])),
                (
                    "/spec/template/spec/containers/0/env",
                    json!([{"name": "A", "value": "1"}, {"name": "B", "value": "3"}, {"name": "C", "value": "4"}]),
                ),
                (
                    "/spec/template/spec/tolerations",
                    json!([{"key": "k2", "operator": "Exists"}]),
                ),
                ("/spec/template/spec/containers/1/image", json!("busybox")),
            ],
        ),
        (
            "container deleted by $patch",
            json!({"spec": {"template": {"spec": {"containers": [{"name": "sidecar", "$patch": "delete"}]}}}}),
            vec![(
                "/spec/template/spec/containers",
                json!([
                {"name": "nginx", "image": "nginx:1.25", "args": ["a", "b"],
                 "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
                 "ports": [{"containerPort": 80}]}]),
            )],
        ),
        (
            "finalizers union and volume retainKeys",
            json!({"metadata": {"finalizers": ["b"]}, "spec": {"template": {"spec": {"volumes": [
                {"name": "data", "$retainKeys": ["name", "hostPath"], "hostPath": {"path": "/x"}}]}}}}),
            vec![
                ("/metadata/finalizers", json!(["b", "a"])),
                (
                    "/spec/template/spec/volumes",
                    json!([{"name": "data", "hostPath": {"path": "/x"}}]),
                ),
            ],
        ),
        (
            "scale via spec.replicas",
            json!({"spec": {"replicas": 3}}),
            vec![("/spec/replicas", json!(3))],
        ),
    ];
    for (name, patch, checks) in cases {
        let out = strategic_merge_patch(&deploy, &patch, &schema).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (pointer, want) in checks {
            assert_eq!(out.pointer(pointer), Some(&want), "{name}: {pointer}");
        }
    }

    let node = json!({"spec": {"taints": [{"key": "a", "effect": "NoSchedule"}]},
                      "status": {"conditions": [{"type": "Ready", "status": "False"}, {"type": "MemoryPressure", "status": "False"}]}});
    let schema = PatchSchema::for_kind("", "Node");
    let out = strategic_merge_patch(
        &node,
        &json!({"spec": {"taints": [{"key": "b", "effect": "NoExecute"}], "unschedulable": true},
                "status": {"conditions": [{"type": "Ready", "status": "True"}]}}),
        &schema,
    )
    .unwrap();
    assert_eq!(
        out["spec"]["taints"],
        json!([{"key": "b", "effect": "NoExecute"}])
    );
    assert_eq!(out["spec"]["unschedulable"], json!(true));
    assert_eq!(
        out["status"]["conditions"],
        json!([{"type": "Ready", "status": "True"}, {"type": "MemoryPressure", "status": "False"}])
    );
}

#[test]
fn json_patch_ops() {
    let doc = json!({"metadata": {"name": "a", "labels": {"x": "1"}}, "spec": {"list": [1, 2]}});
    let cases = [
        (
            json!([{"op": "add", "path": "/metadata/labels/y", "value": "2"}]),
            json!("2"),
            "/metadata/labels/y",
        ),
        (
            json!([{"op": "replace", "path": "/metadata/name", "value": "b"}]),
            json!("b"),
            "/metadata/name",
        ),
        (
            json!([{"op": "add", "path": "/spec/list/-", "value": 3}]),
            json!([1, 2, 3]),
            "/spec/list",
        ),
        (
            json!([{"op": "remove", "path": "/spec/list/0"}]),
            json!([2]),
            "/spec/list",
        ),
        (
            json!([{"op": "test", "path": "/metadata/name", "value": "a"},
                {"op": "copy", "from": "/metadata/name", "path": "/spec/copy"}]),
            json!("a"),
            "/spec/copy",
        ),
        (
            json!([{"op": "move", "from": "/metadata/labels/x", "path": "/spec/x"}]),
            json!("1"),
            "/spec/x",
        ),
    ];
    for (patch, want, pointer) in cases {
        let out = json_patch(&doc, &patch).unwrap_or_else(|e| panic!("{patch}: {e}"));
        assert_eq!(out.pointer(pointer), Some(&want), "{patch}");
    }
    let bytes = br#"[{"op":"replace","path":"/metadata/name","value":"c"}]"#;
    assert_eq!(json_patch(&doc, &bytes[..]).unwrap()["metadata"]["name"], "c");
    assert_eq!(json_patch(&doc, r#"[]"#).unwrap(), doc);

    let errors = [
        (
            json!([{"op": "test", "path": "/metadata/name", "value": "zzz"}]),
            422,
        ),
        (json!([{"op": "remove", "path": "/nope"}]), 422),
        (json!([{"op": "frobnicate", "path": "/x"}]), 422),
        (json!({"op": "add"}), 400),
    ];
    for (patch, status) in errors {
        assert_eq!(
            json_patch(&doc, &patch).unwrap_err().status_code(),
            status,
            "{patch}"
        );
    }
    assert_eq!(json_patch(&doc, "not json").unwrap_err().status_code(), 400);
    let many = Value::Array(vec![
        json!({"op": "test", "path": "/metadata/name", "value": "a"});
        10001
    ]);
    let err = json_patch(&doc, &many).unwrap_err();
    assert_eq!(err.status_code(), 413);
    assert_eq!(
        err.to_string(),
        "The allowed maximum operations in a JSON patch is 10000, got 10001"
    );
}

#[test]
fn merge_patch_rfc7386() {
    let cases = [
        (json!({"a": "b"}), json!({"a": "c"}), json!({"a": "c"})),
        (json!({"a": "b"}), json!({"b": "c"}), json!({"a": "b", "b": "c"})),
        (json!({"a": "b"}), json!({"a": null}), json!({})),
        (json!({"a": "b", "b": "c"}), json!({"a": null}), json!({"b": "c"})),
        (json!({"a": ["b"]}), json!({"a": "c"}), json!({"a": "c"})),
        (json!({"a": "c"}), json!({"a": ["b"]}), json!({"a": ["b"]})),
        (
            json!({"a": {"b": "c"}}),
            json!({"a": {"b": "d", "c": null}}),
            json!({"a": {"b": "d"}}),
        ),
        (json!({"a": [{"b": "c"}]}), json!({"a": [1]}), json!({"a": [1]})),
        (json!({"e": null}), json!({"a": 1}), json!({"e": null, "a": 1})),
        (
            json!({}),
            json!({"a": {"bb": {"ccc": null}}}),
            json!({"a": {"bb": {}}}),
        ),
        (
            json!({"a": "x"}),
            json!({"a": [{"b": null, "c": 1}, null]}),
            json!({"a": [{"c": 1}, null]}),
        ),
        (
            json!({"a": {"b": 1}}),
            json!({"a": [{"x": null}]}),
            json!({"a": [{"x": null}]}),
        ),
        (json!(["a", "b"]), json!({"a": "b", "c": null}), json!({"a": "b"})),
        (json!({"a": "foo"}), json!("bar"), json!("bar")),
        (
            json!({"metadata": {"labels": {"a": "1", "b": "2"}}}),
            json!({"metadata": {"labels": {"a": null, "c": "3"}}}),
            json!({"metadata": {"labels": {"b": "2", "c": "3"}}}),
        ),
    ];
    for (doc, patch, want) in cases {
        assert_eq!(merge_patch(&doc, &patch), want, "{doc} + {patch}");
    }
    assert_eq!(
        merge_patch_checked(&json!({}), "null").unwrap_err().to_string(),
        "Invalid JSON Patch"
    );
    assert_eq!(
        merge_patch_checked(&json!({}), "\"x\"")
            .unwrap_err()
            .status_code(),
        400
    );
    assert_eq!(
        merge_patch_checked(&json!({"a": 1}), r#"{"spec":{"replicas":3}}"#).unwrap(),
        json!({"a": 1, "spec": {"replicas": 3}})
    );
}

#[test]
fn patch_types() {
    let cases = [
        ("application/json-patch+json", Some(PatchType::Json)),
        (
            "application/merge-patch+json; charset=utf-8",
            Some(PatchType::Merge),
        ),
        (
            "application/strategic-merge-patch+json",
            Some(PatchType::StrategicMerge),
        ),
        ("application/apply-patch+yaml", Some(PatchType::Apply)),
        ("application/json", None),
    ];
    for (ct, want) in cases {
        assert_eq!(PatchType::from_content_type(ct), want, "{ct}");
        if let Some(t) = want {
            assert!(ct.starts_with(t.content_type()));
        }
    }
}
