//! PersistentVolumes, PersistentVolumeClaims and StorageClasses.

use jiff::Timestamp;
use serde_json::Value;

use crate::docs;
use crate::util::{
    age, arr_at, at, col, has, name, opt_str, quantity, str_at, wide, AGE_COLUMN, NAME_COLUMN,
};
use crate::{Column, Printer, Row};

const BETA_STORAGE_CLASS_ANNOTATION: &str = "volume.beta.kubernetes.io/storage-class";

/// `GetAccessModesAsString`: the short forms, in a fixed order, duplicates dropped.
fn access_modes(modes: &[Value]) -> String {
    let has_mode = |m: &str| modes.iter().any(|v| v.as_str() == Some(m));
    [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ]
    .into_iter()
    .filter(|(m, _)| has_mode(m))
    .map(|(_, short)| short)
    .collect::<Vec<_>>()
    .join(",")
}

/// The deprecated beta annotation, if set, else `spec.storageClassName`.
fn storage_class(obj: &Value) -> &str {
    match at(obj, "/metadata/annotations").and_then(|a| a.get(BETA_STORAGE_CLASS_ANNOTATION)) {
        Some(v) => v.as_str().unwrap_or(""),
        None => str_at(obj, "/spec/storageClassName"),
    }
}

/// `Terminating` once deleted, else `status.phase`.
fn phase(obj: &Value) -> &str {
    if has(obj, "/metadata/deletionTimestamp") {
        "Terminating"
    } else {
        str_at(obj, "/status/phase")
    }
}

fn or_unset(s: Option<&str>) -> &str {
    s.unwrap_or("<unset>")
}

const PV_COLUMNS: &[Column] = &[
    NAME_COLUMN,
    col("Capacity", "string", docs::PV_CAPACITY),
    col("Access Modes", "string", docs::PV_ACCESS_MODES),
    col("Reclaim Policy", "string", docs::PV_RECLAIM_POLICY),
    col("Status", "string", docs::PV_PHASE),
    col("Claim", "string", docs::PV_CLAIM_REF),
    col("StorageClass", "string", "StorageClass of the pv"),
    col(
        "VolumeAttributesClass",
        "string",
        "VolumeAttributesClass of the pv",
    ),
    col("Reason", "string", docs::PV_REASON),
    AGE_COLUMN,
    wide("VolumeMode", "string", docs::PV_VOLUME_MODE),
];

pub(crate) const PERSISTENT_VOLUME: Printer = Printer {
    columns: PV_COLUMNS,
    row: persistent_volume,
};

fn persistent_volume(pv: &Value, now: Timestamp) -> Row {
    let claim = match at(pv, "/spec/claimRef") {
        Some(c) => format!("{}/{}", str_at(c, "/namespace"), str_at(c, "/name")),
        None => String::new(),
    };
    Row::new(vec![
        name(pv).into(),
        quantity(at(pv, "/spec/capacity/storage")).into(),
        access_modes(arr_at(pv, "/spec/accessModes")).into(),
        str_at(pv, "/spec/persistentVolumeReclaimPolicy").into(),
        phase(pv).into(),
        claim.into(),
        storage_class(pv).into(),
        or_unset(opt_str(pv, "/spec/volumeAttributesClassName")).into(),
        str_at(pv, "/status/reason").into(),
        age(pv, now).into(),
        or_unset(opt_str(pv, "/spec/volumeMode")).into(),
    ])
}

const PVC_COLUMNS: &[Column] = &[
    NAME_COLUMN,
    col("Status", "string", docs::PVC_PHASE),
    col("Volume", "string", docs::PVC_VOLUME_NAME),
    col("Capacity", "string", docs::PVC_CAPACITY),
    col("Access Modes", "string", docs::PVC_ACCESS_MODES),
    col("StorageClass", "string", "StorageClass of the pvc"),
    col(
        "VolumeAttributesClass",
        "string",
        "VolumeAttributesClass of the pvc",
    ),
    AGE_COLUMN,
    wide("VolumeMode", "string", docs::PVC_VOLUME_MODE),
];

pub(crate) const PERSISTENT_VOLUME_CLAIM: Printer = Printer {
    columns: PVC_COLUMNS,
    row: persistent_volume_claim,
};

fn persistent_volume_claim(pvc: &Value, now: Timestamp) -> Row {
    let volume = str_at(pvc, "/spec/volumeName");
    // Capacity and access modes only once bound to a volume.
    let (capacity, modes) = if volume.is_empty() {
        (String::new(), String::new())
    } else {
        (
            quantity(at(pvc, "/status/capacity/storage")),
            access_modes(arr_at(pvc, "/status/accessModes")),
        )
    };
    Row::new(vec![
        name(pvc).into(),
        phase(pvc).into(),
        volume.into(),
        capacity.into(),
        modes.into(),
        storage_class(pvc).into(),
        or_unset(opt_str(pvc, "/spec/volumeAttributesClassName")).into(),
        age(pvc, now).into(),
        or_unset(opt_str(pvc, "/spec/volumeMode")).into(),
    ])
}

const STORAGE_CLASS_COLUMNS: &[Column] = &[
    NAME_COLUMN,
    col("Provisioner", "string", docs::SC_PROVISIONER),
    col("ReclaimPolicy", "string", docs::SC_RECLAIM_POLICY),
    col("VolumeBindingMode", "string", docs::SC_VOLUME_BINDING_MODE),
    col("AllowVolumeExpansion", "string", docs::SC_ALLOW_EXPANSION),
    AGE_COLUMN,
];

pub(crate) const STORAGE_CLASS: Printer = Printer {
    columns: STORAGE_CLASS_COLUMNS,
    row: storage_class_row,
};

/// `storageutil.IsDefaultAnnotation`: the GA or the beta default-class annotation is `"true"`.
fn is_default_class(sc: &Value) -> bool {
    let annotations = at(sc, "/metadata/annotations");
    [
        "storageclass.kubernetes.io/is-default-class",
        "storageclass.beta.kubernetes.io/is-default-class",
    ]
    .iter()
    .any(|k| annotations.and_then(|a| a.get(*k)).and_then(Value::as_str) == Some("true"))
}

fn storage_class_row(sc: &Value, now: Timestamp) -> Row {
    let mut name = name(sc).to_string();
    if is_default_class(sc) {
        name.push_str(" (default)");
    }
    let allow_expansion = at(sc, "/allowVolumeExpansion")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    Row::new(vec![
        name.into(),
        str_at(sc, "/provisioner").into(),
        opt_str(sc, "/reclaimPolicy").unwrap_or("Delete").into(),
        opt_str(sc, "/volumeBindingMode").unwrap_or("Immediate").into(),
        allow_expansion.into(),
        age(sc, now).into(),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::test_now;
    use serde_json::json;

    const CREATED: &str = "2025-04-30T12:00:00Z";

    #[test]
    fn persistent_volumes() {
        let cases = vec![
            (
                json!({"metadata": {"name": "pv-data", "creationTimestamp": CREATED},
                    "spec": {"capacity": {"storage": "10Gi"},
                        "accessModes": ["ReadWriteMany", "ReadWriteOnce", "ReadWriteOnce"],
                        "persistentVolumeReclaimPolicy": "Retain", "storageClassName": "standard",
                        "claimRef": {"kind": "PersistentVolumeClaim", "namespace": "default", "name": "data"},
                        "volumeMode": "Filesystem", "hostPath": {"path": "/data"}},
                    "status": {"phase": "Bound"}}),
                json!([
                    "pv-data",
                    "10Gi",
                    "RWO,RWX",
                    "Retain",
                    "Bound",
                    "default/data",
                    "standard",
                    "<unset>",
                    "",
                    "24h",
                    "Filesystem"
                ]),
            ),
            (
                json!({"metadata": {"name": "pv-failed", "creationTimestamp": CREATED,
                        "annotations": {"volume.beta.kubernetes.io/storage-class": "legacy"}},
                    "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadOnlyMany", "ReadWriteOncePod"],
                        "persistentVolumeReclaimPolicy": "Recycle", "storageClassName": "ignored",
                        "volumeAttributesClassName": "gold", "volumeMode": "Block"},
                    "status": {"phase": "Failed", "reason": "RecyclerFailed"}}),
                json!([
                    "pv-failed",
                    "1Gi",
                    "ROX,RWOP",
                    "Recycle",
                    "Failed",
                    "",
                    "legacy",
                    "gold",
                    "RecyclerFailed",
                    "24h",
                    "Block"
                ]),
            ),
            (
                json!({"metadata": {"name": "pv-gone", "deletionTimestamp": "2025-05-01T11:00:00Z"},
                    "spec": {}, "status": {"phase": "Released"}}),
                json!([
                    "pv-gone",
                    "0",
                    "",
                    "",
                    "Terminating",
                    "",
                    "",
                    "<unset>",
                    "",
                    "<unknown>",
                    "<unset>"
                ]),
            ),
        ];
        for (pv, want) in cases {
            let r = persistent_volume(&pv, test_now());
            assert_eq!(r.cells.len(), PV_COLUMNS.len());
            assert_eq!(Value::from(r.cells), want);
        }
    }

    #[test]
    fn persistent_volume_claims() {
        let cases = vec![
            (
                json!({"metadata": {"name": "data", "creationTimestamp": CREATED},
                    "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "5Gi"}},
                        "storageClassName": "standard", "volumeMode": "Filesystem", "volumeName": "pv-data"},
                    "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "10Gi"}}}),
                json!([
                    "data",
                    "Bound",
                    "pv-data",
                    "10Gi",
                    "RWO",
                    "standard",
                    "<unset>",
                    "24h",
                    "Filesystem"
                ]),
            ),
            (
                json!({"metadata": {"name": "pending", "creationTimestamp": CREATED},
                    "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "5Gi"}},
                        "storageClassName": "local-path", "volumeAttributesClassName": "silver"},
                    "status": {"phase": "Pending"}}),
                json!([
                    "pending",
                    "Pending",
                    "",
                    "",
                    "",
                    "local-path",
                    "silver",
                    "24h",
                    "<unset>"
                ]),
            ),
            (
                json!({"metadata": {"name": "bye", "creationTimestamp": CREATED,
                        "deletionTimestamp": "2025-05-01T11:00:00Z",
                        "annotations": {"volume.beta.kubernetes.io/storage-class": "old"}},
                    "spec": {"volumeName": "pv-1"}, "status": {"phase": "Bound"}}),
                json!([
                    "bye",
                    "Terminating",
                    "pv-1",
                    "0",
                    "",
                    "old",
                    "<unset>",
                    "24h",
                    "<unset>"
                ]),
            ),
        ];
        for (pvc, want) in cases {
            let r = persistent_volume_claim(&pvc, test_now());
            assert_eq!(r.cells.len(), PVC_COLUMNS.len());
            assert_eq!(Value::from(r.cells), want);
        }
    }

    #[test]
    fn storage_classes() {
        let cases = vec![
            (
                json!({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
                    "metadata": {"name": "standard", "creationTimestamp": CREATED,
                        "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
                    "provisioner": "rancher.io/local-path", "reclaimPolicy": "Delete",
                    "volumeBindingMode": "WaitForFirstConsumer"}),
                json!([
                    "standard (default)",
                    "rancher.io/local-path",
                    "Delete",
                    "WaitForFirstConsumer",
                    false,
                    "24h"
                ]),
            ),
            (
                json!({"metadata": {"name": "fast", "creationTimestamp": CREATED,
                        "annotations": {"storageclass.beta.kubernetes.io/is-default-class": "true"}},
                    "provisioner": "ebs.csi.aws.com", "reclaimPolicy": "Retain", "allowVolumeExpansion": true}),
                json!([
                    "fast (default)",
                    "ebs.csi.aws.com",
                    "Retain",
                    "Immediate",
                    true,
                    "24h"
                ]),
            ),
            (
                json!({"metadata": {"name": "slow", "creationTimestamp": CREATED,
                        "annotations": {"storageclass.kubernetes.io/is-default-class": "false"}},
                    "provisioner": "kubernetes.io/no-provisioner"}),
                json!([
                    "slow",
                    "kubernetes.io/no-provisioner",
                    "Delete",
                    "Immediate",
                    false,
                    "24h"
                ]),
            ),
        ];
        for (sc, want) in cases {
            assert_eq!(Value::from(storage_class_row(&sc, test_now()).cells), want);
        }
    }
}
