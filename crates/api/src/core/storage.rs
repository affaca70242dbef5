//! PersistentVolumes and PersistentVolumeClaims.

use k8s_openapi::api::core::v1::{
    PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimSpec, PersistentVolumeClaimStatus,
    PersistentVolumeSpec, PersistentVolumeStatus, SecretReference,
};
use serde_json::Value;

use crate::core::pod::validation::node_selector;
use crate::core::pod::volumes::{csi_driver_name, path_no_backsteps};
use crate::core::resources::{self, qty};
use crate::field::{self, BadValue, FieldErr, Path};
use crate::kinds::Kind;
use crate::meta;
use crate::quantity::Qty;
use crate::selector;
use crate::syntax::{self, NameRule};

const ACCESS_MODES: &[&str] = &[
    "ReadOnlyMany",
    "ReadWriteMany",
    "ReadWriteOnce",
    "ReadWriteOncePod",
];

fn access_modes(modes: &[String], path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let (mut rwop, mut other) = (false, false);
    for m in modes {
        if !ACCESS_MODES.contains(&m.as_str()) {
            errs.push(field::not_supported(path, m, ACCESS_MODES));
        }
        if m == "ReadWriteOncePod" {
            rwop = true;
        } else if ACCESS_MODES.contains(&m.as_str()) {
            other = true;
        }
    }
    if rwop && other {
        errs.push(field::forbidden(
            path,
            "may not use ReadWriteOncePod with other access modes",
        ));
    }
    errs
}

fn volume_mode(mode: Option<&str>, path: &Path) -> Vec<FieldErr> {
    match mode {
        Some(m) if m != "Block" && m != "Filesystem" => {
            vec![field::not_supported(path, m, &["Block", "Filesystem"])]
        }
        _ => Vec::new(),
    }
}

/// `ValidatePersistentVolumeClaimSpec`.
pub fn validate_pvc_spec(spec: &PersistentVolumeClaimSpec, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let modes = spec.access_modes.clone().unwrap_or_default();
    if modes.is_empty() {
        errs.push(field::required(
            &path.child("accessModes"),
            "at least 1 access mode is required",
        ));
    }
    errs.extend(selector::validate(
        spec.selector.as_ref(),
        false,
        &path.child("selector"),
    ));
    errs.extend(access_modes(&modes, &path.child("accessModes")));
    let storage_path = path.child("resources").key("storage");
    match spec
        .resources
        .as_ref()
        .and_then(|r| r.requests.as_ref())
        .and_then(|r| r.get("storage"))
    {
        None => errs.push(field::required(&storage_path, "")),
        Some(q) => {
            let pos = resources::validate_positive_quantity(q, &storage_path);
            if pos.is_empty() {
                errs.extend(resources::validate_quantity_value("storage", q, &storage_path));
            } else {
                errs.extend(pos);
            }
        }
    }
    if let Some(sc) = spec.storage_class_name.as_deref().filter(|s| !s.is_empty()) {
        errs.extend(syntax::validate_dns1123_subdomain(
            &path.child("storageClassName"),
            sc,
        ));
    }
    errs.extend(volume_mode(
        spec.volume_mode.as_deref(),
        &path.child("volumeMode"),
    ));
    let data_source = spec
        .data_source
        .as_ref()
        .map(|d| (&d.name, &d.kind, &d.api_group, None::<&String>));
    let data_source_ref = spec
        .data_source_ref
        .as_ref()
        .map(|d| (&d.name, &d.kind, &d.api_group, d.namespace.as_ref()));
    for (src, name) in [(data_source, "dataSource"), (data_source_ref, "dataSourceRef")] {
        let Some((n, kind, group, ns)) = src else { continue };
        let p = path.child(name);
        if n.is_empty() {
            errs.push(field::required(&p.child("name"), ""));
        }
        if kind.is_empty() {
            errs.push(field::required(&p.child("kind"), ""));
        }
        let group = group.as_deref().unwrap_or_default();
        if group.is_empty() && kind != "PersistentVolumeClaim" {
            errs.push(field::invalid(
                &p,
                kind,
                "must be 'PersistentVolumeClaim' when referencing the default apiGroup",
            ));
        }
        if !group.is_empty() {
            errs.extend(syntax::validate_dns1123_subdomain(&p.child("apiGroup"), group));
        }
        if let Some(ns) = ns.filter(|n| !n.is_empty()) {
            errs.extend(
                syntax::is_dns1123_label(ns)
                    .into_iter()
                    .map(|m| field::invalid(&p.child("namespace"), ns, m)),
            );
        }
    }
    match (&spec.data_source, &spec.data_source_ref) {
        (Some(_), Some(r)) if r.namespace.as_deref().is_some_and(|n| !n.is_empty()) => {
            errs.push(field::invalid(
                path,
                path.child("dataSource").to_string(),
                "may not be specified when dataSourceRef.namespace is specified",
            ))
        }
        (Some(d), Some(r)) if d.api_group != r.api_group || d.kind != r.kind || d.name != r.name => errs
            .push(field::invalid(
                path,
                path.child("dataSource").to_string(),
                "must match dataSourceRef",
            )),
        _ => {}
    }
    if let Some(v) = spec
        .volume_attributes_class_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        errs.extend(syntax::validate_dns1123_subdomain(
            &path.child("volumeAttributesClassName"),
            v,
        ));
    }
    errs
}

fn default_pvc(pvc: &mut PersistentVolumeClaim, _create: bool) {
    if let Some(spec) = &mut pvc.spec {
        crate::defaulting::string(&mut spec.volume_mode, "Filesystem");
    }
    let status = pvc
        .status
        .get_or_insert_with(PersistentVolumeClaimStatus::default);
    crate::defaulting::string(&mut status.phase, "Pending");
}

fn prepare_pvc(pvc: &mut PersistentVolumeClaim) {
    pvc.status = Some(PersistentVolumeClaimStatus {
        phase: Some("Pending".into()),
        ..Default::default()
    });
}

fn validate_pvc(pvc: &PersistentVolumeClaim) -> Vec<FieldErr> {
    meta::validate_with_spec(
        &pvc.metadata,
        NameRule::Subdomain,
        pvc.spec.as_ref(),
        validate_pvc_spec,
    )
}

fn storage_request(spec: &PersistentVolumeClaimSpec) -> Qty {
    spec.resources
        .as_ref()
        .and_then(|r| r.requests.as_ref())
        .and_then(|r| r.get("storage"))
        .map(qty)
        .unwrap_or_else(Qty::zero)
}

const BETA_STORAGE_CLASS: &str = "volume.beta.kubernetes.io/storage-class";

fn validate_pvc_update(new: &PersistentVolumeClaim, old: &PersistentVolumeClaim) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    errs.extend(validate_pvc(new));
    let new_spec = new.spec.clone().unwrap_or_default();
    let old_spec = old.spec.clone().unwrap_or_default();
    let mut new_clone = new_spec.clone();
    let mut old_clone = old_spec.clone();
    if old_spec.volume_name.as_deref().unwrap_or_default().is_empty() {
        old_clone.volume_name = new_clone.volume_name.clone();
    }
    let empty = Default::default();
    let old_ann = old.metadata.annotations.as_ref().unwrap_or(&empty);
    let new_ann = new.metadata.annotations.as_ref().unwrap_or(&empty);
    let old_sc_ann = old_ann.get(BETA_STORAGE_CLASS);
    let upgrade_from_annotation = old_sc_ann.is_some()
        && old_spec.storage_class_name.is_none()
        && new_spec.storage_class_name.as_ref() == old_sc_ann
        && new_ann
            .get(BETA_STORAGE_CLASS)
            .is_none_or(|v| Some(v) == old_sc_ann);
    if upgrade_from_annotation {
        new_clone.storage_class_name = None;
    } else {
        let (n, o) = (
            new_ann.get(BETA_STORAGE_CLASS).cloned().unwrap_or_default(),
            old_ann.get(BETA_STORAGE_CLASS).cloned().unwrap_or_default(),
        );
        if n != o {
            errs.push(field::invalid(
                &Path::new("metadata")
                    .child("annotations")
                    .child(BETA_STORAGE_CLASS),
                n,
                meta::IMMUTABLE,
            ));
        }
        if new_spec.storage_class_name.is_some()
            && old_spec.storage_class_name.is_none()
            && old_sc_ann.is_none_or(|a| Some(a) == new_spec.storage_class_name.as_ref())
        {
            new_clone.storage_class_name = old_clone.storage_class_name.clone();
        }
    }
    let bound = new.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Bound");
    if bound {
        if let Some(req) = new_clone.resources.as_mut().and_then(|r| r.requests.as_mut()) {
            match old_spec
                .resources
                .as_ref()
                .and_then(|r| r.requests.as_ref())
                .and_then(|r| r.get("storage"))
            {
                Some(q) => {
                    req.insert("storage".into(), q.clone());
                }
                None => {
                    req.remove("storage");
                }
            }
        }
        if new_clone.volume_attributes_class_name.is_some() {
            new_clone.volume_attributes_class_name = old_clone.volume_attributes_class_name.clone();
        }
    }
    if serde_json::to_value(&new_clone).unwrap_or(Value::Null)
        != serde_json::to_value(&old_clone).unwrap_or(Value::Null)
    {
        errs.push(field::forbidden(
            &Path::new("spec"),
            "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims",
        ));
    }
    let (new_size, old_size) = (storage_request(&new_spec), storage_request(&old_spec));
    let status_size = old
        .status
        .as_ref()
        .and_then(|s| s.capacity.as_ref())
        .and_then(|c| c.get("storage"))
        .map(qty)
        .unwrap_or_else(Qty::zero);
    if new_size < old_size && new_size <= status_size {
        errs.push(field::forbidden(
            &Path::new("spec")
                .child("resources")
                .child("requests")
                .child("storage"),
            "field can not be less than status.capacity",
        ));
    }
    if new_spec.volume_mode != old_spec.volume_mode {
        errs.push(field::invalid(
            &Path::new("volumeMode"),
            new_spec.volume_mode.clone(),
            meta::IMMUTABLE,
        ));
    }
    if old_spec.volume_attributes_class_name.is_some()
        && new_spec.volume_attributes_class_name != old_spec.volume_attributes_class_name
    {
        match new_spec.volume_attributes_class_name.as_deref() {
            None => errs.push(field::forbidden(
                &Path::new("spec").child("volumeAttributesClassName"),
                "update from non-nil value to nil is forbidden",
            )),
            Some("") => errs.push(field::forbidden(
                &Path::new("spec").child("volumeAttributesClassName"),
                "update from non-nil value to an empty string is forbidden",
            )),
            _ => {}
        }
    }
    errs
}

/// PersistentVolumeClaims.
pub static PERSISTENT_VOLUME_CLAIM: Kind<PersistentVolumeClaim> = Kind {
    quantities: &[
        "spec.resources.limits.*",
        "spec.resources.requests.*",
        "status.capacity.*",
        "status.allocatedResources.*",
    ],
    default: default_pvc,
    prepare: prepare_pvc,
    create: validate_pvc,
    update: validate_pvc_update,
};

fn default_pv(pv: &mut PersistentVolume, _create: bool) {
    if let Some(spec) = &mut pv.spec {
        crate::defaulting::string(&mut spec.persistent_volume_reclaim_policy, "Retain");
        crate::defaulting::string(&mut spec.volume_mode, "Filesystem");
        if let Some(h) = &mut spec.host_path {
            crate::defaulting::value(&mut h.type_, String::new());
        }
        if let Some(s) = &mut spec.iscsi {
            crate::defaulting::string(&mut s.iscsi_interface, "default");
        }
        if let Some(s) = &mut spec.rbd {
            crate::defaulting::string(&mut s.pool, "rbd");
            crate::defaulting::string(&mut s.user, "admin");
            crate::defaulting::string(&mut s.keyring, "/etc/ceph/keyring");
        }
        if let Some(s) = &mut spec.azure_disk {
            crate::defaulting::value(&mut s.caching_mode, "ReadWrite".to_string());
            crate::defaulting::value(&mut s.fs_type, "ext4".to_string());
            crate::defaulting::value(&mut s.read_only, false);
            crate::defaulting::value(&mut s.kind, "Shared".to_string());
        }
        if let Some(s) = &mut spec.scale_io {
            crate::defaulting::string(&mut s.storage_mode, "ThinProvisioned");
            crate::defaulting::string(&mut s.fs_type, "xfs");
        }
    }
    let status = pv.status.get_or_insert_with(PersistentVolumeStatus::default);
    crate::defaulting::string(&mut status.phase, "Pending");
}

fn prepare_pv(pv: &mut PersistentVolume) {
    pv.status = Some(PersistentVolumeStatus {
        phase: Some("Pending".into()),
        ..Default::default()
    });
}

/// PV source JSON keys in upstream's checking order.
const PV_SOURCES: &[&str] = &[
    "hostPath",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "glusterfs",
    "flocker",
    "nfs",
    "rbd",
    "quobyte",
    "cephfs",
    "iscsi",
    "cinder",
    "fc",
    "flexVolume",
    "azureFile",
    "vsphereVolume",
    "photonPersistentDisk",
    "portworxVolume",
    "azureDisk",
    "scaleIO",
    "local",
    "storageos",
    "csi",
];

fn secret_ref(r: &SecretReference, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    match r.name.as_deref().unwrap_or_default() {
        "" => errs.push(field::required(&path.child("name"), "")),
        n => errs.extend(syntax::validate_dns1123_subdomain(&path.child("name"), n)),
    }
    match r.namespace.as_deref().unwrap_or_default() {
        "" => errs.push(field::required(&path.child("namespace"), "")),
        n => errs.extend(syntax::validate_dns1123_label(&path.child("namespace"), n)),
    }
    errs
}

fn validate_pv_spec(spec: &PersistentVolumeSpec, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let modes = spec.access_modes.clone().unwrap_or_default();
    if modes.is_empty() {
        errs.push(field::required(&path.child("accessModes"), ""));
    }
    errs.extend(access_modes(&modes, &path.child("accessModes")));
    let capacity = spec.capacity.clone().unwrap_or_default();
    let cp = path.child("capacity");
    if capacity.is_empty() {
        errs.push(field::required(&cp, ""));
    }
    if !capacity.contains_key("storage") || capacity.len() > 1 {
        errs.push(field::not_supported(&cp, BadValue::json(&capacity), &["storage"]));
    }
    for (k, q) in &capacity {
        let p = cp.key(k);
        if crate::quantity::is_negative(&qty(q)) {
            errs.push(field::invalid(
                &p,
                qty(q).value().to_string(),
                "must be a valid resource quantity",
            ));
        }
        errs.extend(resources::validate_positive_quantity(q, &p));
    }
    if let Some(p) = spec
        .persistent_volume_reclaim_policy
        .as_deref()
        .filter(|p| !p.is_empty())
    {
        let supported = ["Delete", "Recycle", "Retain"];
        if !supported.contains(&p) {
            errs.push(field::not_supported(
                &path.child("persistentVolumeReclaimPolicy"),
                p,
                &supported,
            ));
        }
    }
    let mut affinity_set = false;
    if let Some(na) = &spec.node_affinity {
        affinity_set = true;
        let np = path.child("nodeAffinity");
        match &na.required {
            Some(r) => errs.extend(node_selector(r, false, &np.child("required"))),
            None => errs.push(field::required(
                &np.child("required"),
                "must specify required node constraints",
            )),
        }
    }
    let json = serde_json::to_value(spec).unwrap_or(Value::Null);
    let mut count = 0;
    for key in PV_SOURCES {
        if json.get(*key).is_none_or(Value::is_null) {
            continue;
        }
        if count > 0 && *key != "flexVolume" {
            errs.push(field::forbidden(
                &path.child(key),
                "may not specify more than 1 volume type",
            ));
            continue;
        }
        count += 1;
        match *key {
            "hostPath" => {
                let h = spec.host_path.as_ref().expect("present");
                if h.path.is_empty() {
                    errs.push(field::required(&path.child("hostPath").child("path"), ""));
                } else {
                    errs.extend(path_no_backsteps(&h.path, &path.child("hostPath").child("path")));
                }
            }
            "nfs" => {
                let n = spec.nfs.as_ref().expect("present");
                let p = path.child("nfs");
                if n.server.is_empty() {
                    errs.push(field::required(&p.child("server"), ""));
                }
                if n.path.is_empty() {
                    errs.push(field::required(&p.child("path"), ""));
                }
                if !n.path.starts_with('/') {
                    errs.push(field::invalid(
                        &p.child("path"),
                        &n.path,
                        "must be an absolute path",
                    ));
                }
            }
            "local" => {
                let l = spec.local.as_ref().expect("present");
                let p = path.child("local");
                if l.path.is_empty() {
                    errs.push(field::required(&p.child("path"), ""));
                } else {
                    errs.extend(path_no_backsteps(&l.path, &p.child("path")));
                }
                if !affinity_set {
                    errs.push(field::required(
                        &path.child("nodeAffinity"),
                        "Local volume requires node affinity",
                    ));
                }
            }
            "csi" => {
                let c = spec.csi.as_ref().expect("present");
                let p = path.child("csi");
                errs.extend(csi_driver_name(&c.driver, &p.child("driver")));
                if c.volume_handle.is_empty() {
                    errs.push(field::required(&p.child("volumeHandle"), ""));
                }
                for (r, name) in [
                    (&c.controller_publish_secret_ref, "controllerPublishSecretRef"),
                    (&c.controller_expand_secret_ref, "controllerExpandSecretRef"),
                    (&c.node_publish_secret_ref, "nodePublishSecretRef"),
                    (&c.node_expand_secret_ref, "nodeExpandSecretRef"),
                ] {
                    if let Some(r) = r {
                        errs.extend(secret_ref(r, &p.child(name)));
                    }
                }
            }
            _ => {}
        }
    }
    if count == 0 {
        errs.push(field::required(path, "must specify a volume type"));
    }
    if spec
        .host_path
        .as_ref()
        .is_some_and(|h| h.path.trim_end_matches('/').is_empty() && !h.path.is_empty())
        && spec.persistent_volume_reclaim_policy.as_deref() == Some("Recycle")
    {
        errs.push(field::forbidden(
            &path.child("persistentVolumeReclaimPolicy"),
            "may not be 'recycle' for a hostPath mount of '/'",
        ));
    }
    if let Some(sc) = spec.storage_class_name.as_deref().filter(|s| !s.is_empty()) {
        errs.extend(syntax::validate_dns1123_subdomain(
            &path.child("storageClassName"),
            sc,
        ));
    }
    errs.extend(volume_mode(
        spec.volume_mode.as_deref(),
        &path.child("volumeMode"),
    ));
    if let Some(v) = &spec.volume_attributes_class_name {
        if v.is_empty() {
            errs.push(field::required(
                &path.child("volumeAttributesClassName"),
                "an empty string is disallowed",
            ));
        } else {
            errs.extend(syntax::validate_dns1123_subdomain(
                &path.child("volumeAttributesClassName"),
                v,
            ));
        }
        if spec.csi.is_none() {
            errs.push(field::required(
                &path.child("csi"),
                "has to be specified when using volumeAttributesClassName",
            ));
        }
    }
    errs
}

fn validate_pv(pv: &PersistentVolume) -> Vec<FieldErr> {
    meta::validate_with_spec(
        &pv.metadata,
        NameRule::Subdomain,
        pv.spec.as_ref(),
        validate_pv_spec,
    )
}

fn pv_source(spec: &PersistentVolumeSpec) -> Value {
    let mut v = serde_json::to_value(spec).unwrap_or(Value::Null);
    if let Some(o) = v.as_object_mut() {
        o.retain(|k, _| PV_SOURCES.contains(&k.as_str()));
    }
    v
}

fn validate_pv_update(new: &PersistentVolume, old: &PersistentVolume) -> Vec<FieldErr> {
    let mut errs = validate_pv(new);
    errs.extend(meta::validate_object_meta_update(
        &new.metadata,
        &old.metadata,
        &Path::new("metadata"),
    ));
    let mut ns = new.spec.clone().unwrap_or_default();
    let os = old.spec.clone().unwrap_or_default();
    if let (Some(o), Some(n)) = (&os.csi, &mut ns.csi) {
        if o.controller_expand_secret_ref.is_none() {
            n.controller_expand_secret_ref = None;
        }
    }
    if pv_source(&ns) != pv_source(&os) {
        errs.push(field::forbidden(
            &Path::new("spec").child("persistentvolumesource"),
            "spec.persistentvolumesource is immutable after creation",
        ));
    }
    if ns.volume_mode != os.volume_mode {
        errs.push(field::invalid(
            &Path::new("volumeMode"),
            ns.volume_mode.clone(),
            meta::IMMUTABLE,
        ));
    }
    if os.node_affinity.is_some() && crate::meta::differs(&ns.node_affinity, &os.node_affinity) {
        errs.push(field::invalid(
            &Path::new("nodeAffinity"),
            BadValue::json(&ns.node_affinity),
            "field is immutable, except for updating from beta label to GA",
        ));
    }
    if os.volume_attributes_class_name.is_some() && ns.volume_attributes_class_name.is_none() {
        errs.push(field::forbidden(
            &Path::new("spec").child("volumeAttributesClassName"),
            "update from non-nil value to nil is forbidden",
        ));
    }
    errs
}

/// PersistentVolumes.
pub static PERSISTENT_VOLUME: Kind<PersistentVolume> = Kind {
    quantities: &["spec.capacity.*"],
    default: default_pv,
    prepare: prepare_pv,
    create: validate_pv,
    update: validate_pv_update,
};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn msgs(e: Vec<FieldErr>) -> Vec<String> {
        e.into_iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn pvc_create_and_update() {
        let mut pvc: PersistentVolumeClaim = serde_json::from_value(json!({
            "metadata": {"name": "data", "namespace": "default", "resourceVersion": "1"},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}}}
        }))
        .unwrap();
        default_pvc(&mut pvc, true);
        assert_eq!(
            pvc.spec.as_ref().unwrap().volume_mode.as_deref(),
            Some("Filesystem")
        );
        assert!(validate_pvc(&pvc).is_empty());
        let mut grown = pvc.clone();
        grown.status.as_mut().unwrap().phase = Some("Bound".into());
        grown
            .spec
            .as_mut()
            .unwrap()
            .resources
            .as_mut()
            .unwrap()
            .requests
            .as_mut()
            .unwrap()
            .insert(
                "storage".into(),
                k8s_openapi::apimachinery::pkg::api::resource::Quantity("20Gi".into()),
            );
        assert!(
            validate_pvc_update(&grown, &pvc).is_empty(),
            "{:?}",
            msgs(validate_pvc_update(&grown, &pvc))
        );
        let mut changed = pvc.clone();
        changed.spec.as_mut().unwrap().access_modes = Some(vec!["ReadWriteMany".into()]);
        assert_eq!(
            msgs(validate_pvc_update(&changed, &pvc)),
            vec!["spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"]
        );
        let none: PersistentVolumeClaim =
            serde_json::from_value(json!({"metadata": {"name": "x"}, "spec": {}})).unwrap();
        assert_eq!(
            msgs(validate_pvc(&none)),
            vec![
                "spec.accessModes: Required value: at least 1 access mode is required",
                "spec.resources[storage]: Required value"
            ]
        );
    }

    #[test]
    fn pv_rules() {
        let mut pv: PersistentVolume = serde_json::from_value(json!({
            "metadata": {"name": "pv1"},
            "spec": {"capacity": {"storage": "5Gi"}, "accessModes": ["ReadWriteOnce"], "hostPath": {"path": "/data"}}
        }))
        .unwrap();
        default_pv(&mut pv, true);
        let v = serde_json::to_value(&pv).unwrap();
        assert_eq!(v["spec"]["persistentVolumeReclaimPolicy"], "Retain");
        assert_eq!(v["spec"]["volumeMode"], "Filesystem");
        assert_eq!(v["status"]["phase"], "Pending");
        assert!(validate_pv(&pv).is_empty(), "{:?}", msgs(validate_pv(&pv)));
        let no_src: PersistentVolume = serde_json::from_value(json!({
            "metadata": {"name": "pv1"}, "spec": {"capacity": {"storage": "5Gi"}, "accessModes": ["ReadWriteOnce"]}
        }))
        .unwrap();
        assert_eq!(
            msgs(validate_pv(&no_src)),
            vec!["spec: Required value: must specify a volume type"]
        );
    }
}
