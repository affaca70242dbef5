//! Pod volume validation (upstream `ValidateVolumes`, `validateVolumeSource` and the source
//! validators), plus the local-path and downward-API helpers containers share.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::{
    DownwardAPIVolumeFile, KeyToPath, ObjectFieldSelector, ProjectedVolumeSource, ResourceFieldSelector,
    Volume,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde_json::Value;

use crate::core::{resources, storage};
use crate::field::{self, FieldErr, Path};
use crate::meta;
use crate::syntax;

const FILE_MODE_ERR: &str = "must be a number between 0 and 0777 (octal), both inclusive";

/// Volume source JSON keys in upstream's checking order, with the path name used for the
/// "more than 1 volume type" error (upstream has two quirks: `cephFS` and `downwarAPI`).
const SOURCES: &[(&str, &str)] = &[
    ("emptyDir", "emptyDir"),
    ("hostPath", "hostPath"),
    ("gitRepo", "gitRepo"),
    ("gcePersistentDisk", "gcePersistentDisk"),
    ("awsElasticBlockStore", "awsElasticBlockStore"),
    ("secret", "secret"),
    ("nfs", "nfs"),
    ("iscsi", "iscsi"),
    ("glusterfs", "glusterfs"),
    ("flocker", "flocker"),
    ("persistentVolumeClaim", "persistentVolumeClaim"),
    ("rbd", "rbd"),
    ("cinder", "cinder"),
    ("cephfs", "cephFS"),
    ("quobyte", "quobyte"),
    ("downwardAPI", "downwarAPI"),
    ("fc", "fc"),
    ("flexVolume", "flexVolume"),
    ("configMap", "configMap"),
    ("azureFile", "azureFile"),
    ("vsphereVolume", "vsphereVolume"),
    ("photonPersistentDisk", "photonPersistentDisk"),
    ("portworxVolume", "portworxVolume"),
    ("azureDisk", "azureDisk"),
    ("storageos", "storageos"),
    ("projected", "projected"),
    ("scaleIO", "scaleIO"),
    ("csi", "csi"),
    ("ephemeral", "ephemeral"),
    ("image", "image"),
];

/// `validatePathNoBacksteps`.
pub fn path_no_backsteps(target: &str, path: &Path) -> Vec<FieldErr> {
    if target.split('/').any(|p| p == "..") {
        vec![field::invalid(path, target, "must not contain '..'")]
    } else {
        Vec::new()
    }
}

/// `validateLocalDescendingPath`.
pub fn local_descending_path(target: &str, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    if target.starts_with('/') {
        errs.push(field::invalid(path, target, "must be a relative path"));
    }
    errs.extend(path_no_backsteps(target, path));
    errs
}

/// `ValidateLocalNonReservedPath`.
pub fn local_non_reserved_path(target: &str, path: &Path) -> Vec<FieldErr> {
    let mut errs = local_descending_path(target, path);
    if target.starts_with("..") && !target.starts_with("../") {
        errs.push(field::invalid(path, target, "must not start with '..'"));
    }
    errs
}

fn file_mode(mode: Option<i32>, path: &Path) -> Vec<FieldErr> {
    match mode {
        Some(m) if !(0..=0o777).contains(&m) => vec![field::invalid(path, m, FILE_MODE_ERR)],
        _ => Vec::new(),
    }
}

fn key_to_path(kp: &KeyToPath, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    if kp.key.is_empty() {
        errs.push(field::required(&path.child("key"), ""));
    }
    if kp.path.is_empty() {
        errs.push(field::required(&path.child("path"), ""));
    }
    errs.extend(local_non_reserved_path(&kp.path, &path.child("path")));
    errs.extend(file_mode(kp.mode, &path.child("mode")));
    errs
}

/// Splits `metadata.labels['key']` into path and subscript (`fieldpath.SplitMaybeSubscriptedPath`).
fn split_subscript(fp: &str) -> Option<(&str, &str)> {
    let s = fp.strip_suffix("']")?;
    let (p, sub) = s.split_once("['")?;
    (!p.is_empty()).then_some((p, sub))
}

const DOWNWARD_LABELS: &[&str] = &[
    "metadata.annotations",
    "metadata.labels",
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.serviceAccountName",
    "spec.schedulerName",
    "status.phase",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
    "spec.host",
];

/// Field paths a container env var may reference.
pub const ENV_FIELD_PATHS: &[&str] = &[
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// Field paths a downward API volume file may reference.
pub const VOLUME_FIELD_PATHS: &[&str] = &[
    "metadata.annotations",
    "metadata.labels",
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
];

/// `validateObjectFieldSelector` against a set of allowed expressions.
pub fn object_field_selector(fs: &ObjectFieldSelector, allowed: &[&str], path: &Path) -> Vec<FieldErr> {
    let version = fs.api_version.as_deref().unwrap_or_default();
    if version.is_empty() {
        return vec![field::required(&path.child("apiVersion"), "")];
    }
    if fs.field_path.is_empty() {
        return vec![field::required(&path.child("fieldPath"), "")];
    }
    let conversion_err = if version != "v1" {
        Some(format!("unsupported pod version: {version}"))
    } else if let Some((p, _)) = split_subscript(&fs.field_path) {
        (p != "metadata.annotations" && p != "metadata.labels")
            .then(|| format!("field label does not support subscript: {}", fs.field_path))
    } else {
        (!DOWNWARD_LABELS.contains(&fs.field_path.as_str()))
            .then(|| format!("field label not supported: {}", fs.field_path))
    };
    if let Some(e) = conversion_err {
        return vec![field::invalid(
            &path.child("fieldPath"),
            &fs.field_path,
            format!("error converting fieldPath: {e}"),
        )];
    }
    let internal = if fs.field_path == "spec.host" {
        "spec.nodeName"
    } else {
        fs.field_path.as_str()
    };
    if let Some((p, sub)) = split_subscript(internal) {
        return match p {
            "metadata.annotations" => syntax::validate_qualified_name(path, &sub.to_lowercase()),
            "metadata.labels" => syntax::validate_qualified_name(path, sub),
            _ => vec![field::invalid(path, p, "does not support subscript")],
        };
    }
    if !allowed.contains(&internal) {
        let mut sorted: Vec<&str> = allowed.to_vec();
        sorted.sort_unstable();
        return vec![field::not_supported(&path.child("fieldPath"), internal, &sorted)];
    }
    Vec::new()
}

const RESOURCE_FIELD_PATHS: &[&str] = &[
    "limits.cpu",
    "limits.ephemeral-storage",
    "limits.memory",
    "requests.cpu",
    "requests.ephemeral-storage",
    "requests.memory",
];

/// `validateContainerResourceFieldSelector` (with the divisor checks).
pub fn resource_field_selector(fs: &ResourceFieldSelector, volume: bool, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    if volume && fs.container_name.as_deref().unwrap_or_default().is_empty() {
        errs.push(field::required(&path.child("containerName"), ""));
    } else if fs.resource.is_empty() {
        errs.push(field::required(&path.child("resource"), ""));
    } else if !RESOURCE_FIELD_PATHS.contains(&fs.resource.as_str())
        && !fs.resource.starts_with("requests.hugepages-")
        && !fs.resource.starts_with("limits.hugepages-")
    {
        errs.push(field::not_supported(
            &path.child("resource"),
            &fs.resource,
            RESOURCE_FIELD_PATHS,
        ));
    }
    if let Some(d) = &fs.divisor {
        let q = resources::qty(d);
        if !q.is_zero() {
            let canon = q.canonical();
            let r = fs.resource.as_str();
            let bytes = [
                "1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei",
            ];
            let p = path.child("divisor");
            let list = "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei";
            match r {
                "limits.cpu" | "requests.cpu" if !["1m", "1"].contains(&canon.as_str()) => errs.push(field::invalid(
                    &p,
                    r,
                    "only divisor's values 1m and 1 are supported with the cpu resource",
                )),
                "limits.memory" | "requests.memory" if !bytes.contains(&canon.as_str()) => errs.push(field::invalid(
                    &p,
                    r,
                    format!("only divisor's values {list} are supported with the memory resource"),
                )),
                "limits.ephemeral-storage" | "requests.ephemeral-storage" if !bytes.contains(&canon.as_str()) => {
                    errs.push(field::invalid(
                        &p,
                        r,
                        format!("only divisor's values {list} are supported with the local ephemeral storage resource"),
                    ))
                }
                _ if (r.starts_with("requests.hugepages-") || r.starts_with("limits.hugepages-"))
                    && !bytes.contains(&canon.as_str()) =>
                {
                    errs.push(field::invalid(
                        &p,
                        r,
                        format!("only divisor's values {list} are supported with the hugepages resource"),
                    ))
                }
                _ => {}
            }
        }
    }
    errs
}

fn downward_file(file: &DownwardAPIVolumeFile, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    if file.path.is_empty() {
        errs.push(field::required(&path.child("path"), ""));
    }
    errs.extend(local_non_reserved_path(&file.path, &path.child("path")));
    if let Some(fr) = &file.field_ref {
        errs.extend(object_field_selector(
            fr,
            VOLUME_FIELD_PATHS,
            &path.child("fieldRef"),
        ));
        if file.resource_field_ref.is_some() {
            errs.push(field::invalid(
                path,
                "resource",
                "fieldRef and resourceFieldRef can not be specified simultaneously",
            ));
        }
    } else if let Some(rf) = &file.resource_field_ref {
        errs.extend(resource_field_selector(rf, true, &path.child("resourceFieldRef")));
    } else {
        errs.push(field::required(
            path,
            "one of fieldRef and resourceFieldRef is required",
        ));
    }
    errs.extend(file_mode(file.mode, &path.child("mode")));
    errs
}

/// A secret or configMap projection at `pp`: a name, and item paths unique across the projected
/// volume at `volume_path` (`all_paths` collects them).
fn projected_keys(
    name: &str,
    items: Option<&[KeyToPath]>,
    pp: &Path,
    volume_path: &Path,
    all_paths: &mut BTreeSet<String>,
) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    if name.is_empty() {
        errs.push(field::required(&pp.child("name"), ""));
    }
    for (j, kp) in items.unwrap_or_default().iter().enumerate() {
        errs.extend(key_to_path(kp, &pp.child("items").index(j)));
        if !kp.path.is_empty() && !all_paths.insert(kp.path.clone()) {
            errs.push(field::invalid(volume_path, name, "conflicting duplicate paths"));
        }
    }
    errs
}

fn projected(p: &ProjectedVolumeSource, path: &Path, service_account_set: bool) -> Vec<FieldErr> {
    let _ = service_account_set;
    let mut errs = file_mode(p.default_mode, &path.child("defaultMode"));
    let mut all_paths: BTreeSet<String> = BTreeSet::new();
    for (i, src) in p.sources.iter().flatten().enumerate() {
        let src_path = path.child("sources").index(i);
        let mut n = 0;
        if let Some(s) = &src.secret {
            n += 1;
            errs.extend(projected_keys(
                &s.name,
                s.items.as_deref(),
                &src_path.child("secret"),
                path,
                &mut all_paths,
            ));
        }
        if let Some(s) = &src.config_map {
            n += 1;
            errs.extend(projected_keys(
                &s.name,
                s.items.as_deref(),
                &src_path.child("configMap"),
                path,
                &mut all_paths,
            ));
        }
        if let Some(d) = &src.downward_api {
            n += 1;
            let pp = src_path.child("downwardAPI");
            for f in d.items.iter().flatten() {
                errs.extend(downward_file(f, &pp));
                if !f.path.is_empty() && !all_paths.insert(f.path.clone()) {
                    errs.push(field::invalid(path, &f.path, "conflicting duplicate paths"));
                }
            }
        }
        if let Some(t) = &src.service_account_token {
            n += 1;
            let pp = src_path.child("serviceAccountToken");
            let exp = t.expiration_seconds.unwrap_or(0);
            if exp < 600 {
                errs.push(field::invalid(
                    &pp.child("expirationSeconds"),
                    exp,
                    "may not specify a duration less than 10 minutes",
                ));
            }
            if exp > 1 << 32 {
                errs.push(field::invalid(
                    &pp.child("expirationSeconds"),
                    exp,
                    "may not specify a duration larger than 2^32 seconds",
                ));
            }
            if t.path.is_empty() {
                errs.push(field::required(&path.child("path"), ""));
            } else {
                errs.extend(local_non_reserved_path(&t.path, &path.child("path")));
            }
        }
        if let Some(c) = &src.cluster_trust_bundle {
            n += 1;
            let pp = src_path.child("clusterTrustBundle");
            match (&c.name, &c.signer_name) {
                (Some(_), Some(_)) => errs.push(field::invalid(
                    &pp,
                    field::BadValue::json(c),
                    "only one of name and signerName may be used",
                )),
                (None, None) => errs.push(field::required(
                    &pp,
                    "either name or signerName must be specified",
                )),
                _ => {}
            }
            if c.path.is_empty() {
                errs.push(field::required(&pp.child("path"), ""));
            }
            errs.extend(local_non_reserved_path(&c.path, &pp.child("path")));
            if !all_paths.insert(c.path.clone()) {
                errs.push(field::invalid(path, &c.path, "conflicting duplicate paths"));
            }
        }
        if n > 1 {
            errs.push(field::forbidden(
                &src_path,
                "may not specify more than 1 volume type per source",
            ));
        }
    }
    errs
}

/// `validateVolumeSource` for one volume.
fn volume_source(
    v: &Volume,
    path: &Path,
    pod_meta: Option<&ObjectMeta>,
    resource_is_pod: bool,
) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let json = serde_json::to_value(v).unwrap_or(Value::Null);
    let mut count = 0;
    for (key, forbidden_name) in SOURCES {
        if json.get(*key).is_none_or(Value::is_null) {
            continue;
        }
        if count > 0 {
            errs.push(field::forbidden(
                &path.child(forbidden_name),
                "may not specify more than 1 volume type",
            ));
            continue;
        }
        count += 1;
        errs.extend(one_source(v, key, path, pod_meta, resource_is_pod));
    }
    if count == 0 {
        errs.push(field::required(path, "must specify a volume type"));
    }
    errs
}

fn required_str(value: &str, path: &Path) -> Vec<FieldErr> {
    if value.is_empty() {
        vec![field::required(path, "")]
    } else {
        Vec::new()
    }
}

fn one_source(
    v: &Volume,
    key: &str,
    path: &Path,
    pod_meta: Option<&ObjectMeta>,
    resource_is_pod: bool,
) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    match key {
        "emptyDir" => {
            if let Some(q) = v.empty_dir.as_ref().and_then(|e| e.size_limit.as_ref()) {
                if crate::quantity::is_negative(&resources::qty(q)) {
                    errs.push(field::forbidden(
                        &path.child("emptyDir").child("sizeLimit"),
                        "SizeLimit field must be a valid resource quantity",
                    ));
                }
            }
        }
        "hostPath" => {
            let h = v.host_path.as_ref().expect("present");
            let p = path.child("hostPath");
            if h.path.is_empty() {
                errs.push(field::required(&p.child("path"), ""));
            } else {
                errs.extend(path_no_backsteps(&h.path, &p.child("path")));
                let types = [
                    "",
                    "BlockDevice",
                    "CharDevice",
                    "Directory",
                    "DirectoryOrCreate",
                    "File",
                    "FileOrCreate",
                    "Socket",
                ];
                if let Some(t) = &h.type_ {
                    if !types.contains(&t.as_str()) {
                        errs.push(field::not_supported(&p.child("type"), t, &types));
                    }
                }
            }
        }
        "gitRepo" => {
            let g = v.git_repo.as_ref().expect("present");
            let p = path.child("gitRepo");
            errs.extend(required_str(&g.repository, &p.child("repository")));
            errs.extend(local_descending_path(
                g.directory.as_deref().unwrap_or_default(),
                &p.child("directory"),
            ));
        }
        "secret" => {
            let s = v.secret.as_ref().expect("present");
            let p = path.child("secret");
            errs.extend(required_str(
                s.secret_name.as_deref().unwrap_or_default(),
                &p.child("secretName"),
            ));
            errs.extend(file_mode(s.default_mode, &p.child("defaultMode")));
            for (i, kp) in s.items.iter().flatten().enumerate() {
                errs.extend(key_to_path(kp, &p.child("items").index(i)));
            }
        }
        "configMap" => {
            let c = v.config_map.as_ref().expect("present");
            let p = path.child("configMap");
            errs.extend(required_str(&c.name, &p.child("name")));
            errs.extend(file_mode(c.default_mode, &p.child("defaultMode")));
            for (i, kp) in c.items.iter().flatten().enumerate() {
                errs.extend(key_to_path(kp, &p.child("items").index(i)));
            }
        }
        "nfs" => {
            let n = v.nfs.as_ref().expect("present");
            let p = path.child("nfs");
            errs.extend(required_str(&n.server, &p.child("server")));
            errs.extend(required_str(&n.path, &p.child("path")));
            if !n.path.starts_with('/') {
                errs.push(field::invalid(
                    &p.child("path"),
                    &n.path,
                    "must be an absolute path",
                ));
            }
        }
        "persistentVolumeClaim" => {
            let c = v.persistent_volume_claim.as_ref().expect("present");
            errs.extend(required_str(
                &c.claim_name,
                &path.child("persistentVolumeClaim").child("claimName"),
            ));
        }
        "downwardAPI" => {
            let d = v.downward_api.as_ref().expect("present");
            let p = path.child("downwardAPI");
            errs.extend(file_mode(d.default_mode, &p.child("defaultMode")));
            for f in d.items.iter().flatten() {
                errs.extend(downward_file(f, &p));
            }
        }
        "projected" => {
            errs.extend(projected(
                v.projected.as_ref().expect("present"),
                &path.child("projected"),
                true,
            ));
        }
        "csi" => {
            let c = v.csi.as_ref().expect("present");
            let p = path.child("csi");
            errs.extend(csi_driver_name(&c.driver, &p.child("driver")));
            if let Some(r) = &c.node_publish_secret_ref {
                if r.name.is_empty() {
                    errs.push(field::required(
                        &p.child("nodePublishSecretRef").child("name"),
                        "",
                    ));
                } else {
                    for m in syntax::is_dns1123_subdomain(&r.name) {
                        errs.push(field::invalid(&p.child("name"), &r.name, m));
                    }
                }
            }
        }
        "ephemeral" => {
            let e = v.ephemeral.as_ref().expect("present");
            let p = path.child("ephemeral");
            match &e.volume_claim_template {
                None => errs.push(field::required(&p.child("volumeClaimTemplate"), "")),
                Some(t) => {
                    let tp = p.child("volumeClaimTemplate");
                    if let Some(m) = &t.metadata {
                        errs.extend(meta::validate_template_object_meta(m, &tp.child("metadata")));
                    }
                    errs.extend(storage::validate_pvc_spec(&t.spec, &tp.child("spec")));
                }
            }
            let pod_name = pod_meta.and_then(|m| m.name.as_deref()).unwrap_or_default();
            if !pod_name.is_empty() && !v.name.is_empty() {
                let pvc = format!("{pod_name}-{}", v.name);
                for m in syntax::is_dns1123_subdomain(&pvc) {
                    errs.push(field::invalid(
                        &path.child("name"),
                        &v.name,
                        format!("PVC name {}: {m}", field::go_quote(&pvc)),
                    ));
                }
            }
        }
        "image" => {
            let i = v.image.as_ref().expect("present");
            let p = path.child("image");
            if resource_is_pod && i.reference.as_deref().unwrap_or_default().is_empty() {
                errs.push(field::required(&p.child("reference"), ""));
            }
            errs.extend(super::validation::pull_policy(
                i.pull_policy.as_deref().unwrap_or_default(),
                &p.child("pullPolicy"),
            ));
        }
        "iscsi" => {
            let s = v.iscsi.as_ref().expect("present");
            let p = path.child("iscsi");
            errs.extend(required_str(&s.target_portal, &p.child("targetPortal")));
            errs.extend(required_str(&s.iqn, &p.child("iqn")));
            if !(0..=255).contains(&s.lun) {
                errs.push(field::invalid(
                    &p.child("lun"),
                    s.lun,
                    syntax::inclusive_range_error(0, 255),
                ));
            }
        }
        "glusterfs" => {
            let g = v.glusterfs.as_ref().expect("present");
            let p = path.child("glusterfs");
            errs.extend(required_str(&g.endpoints, &p.child("endpoints")));
            errs.extend(required_str(&g.path, &p.child("path")));
        }
        "rbd" => {
            let r = v.rbd.as_ref().expect("present");
            let p = path.child("rbd");
            if r.monitors.is_empty() {
                errs.push(field::required(&p.child("monitors"), ""));
            }
            errs.extend(required_str(&r.image, &p.child("image")));
        }
        "cinder" => {
            let c = v.cinder.as_ref().expect("present");
            errs.extend(required_str(
                &c.volume_id,
                &path.child("cinder").child("volumeID"),
            ));
        }
        "cephfs" if v.cephfs.as_ref().is_some_and(|c| c.monitors.is_empty()) => {
            errs.push(field::required(&path.child("cephfs").child("monitors"), ""));
        }
        "flexVolume" => {
            let f = v.flex_volume.as_ref().expect("present");
            errs.extend(required_str(&f.driver, &path.child("flexVolume").child("driver")));
        }
        "azureFile" => {
            let a = v.azure_file.as_ref().expect("present");
            let p = path.child("azureFile");
            errs.extend(required_str(&a.secret_name, &p.child("secretName")));
            errs.extend(required_str(&a.share_name, &p.child("shareName")));
        }
        "fc" => {
            let f = v.fc.as_ref().expect("present");
            let p = path.child("fc");
            let wwns = f.target_wwns.as_deref().unwrap_or_default();
            let wwids = f.wwids.as_deref().unwrap_or_default();
            if wwns.is_empty() && wwids.is_empty() {
                errs.push(field::required(
                    &p.child("targetWWNs"),
                    "must specify either targetWWNs or wwids, but not both",
                ));
            }
            if !wwns.is_empty() && !wwids.is_empty() {
                errs.push(field::invalid(
                    &p.child("targetWWNs"),
                    field::string_slice(wwns),
                    "targetWWNs and wwids can not be specified simultaneously",
                ));
            }
            if !wwns.is_empty() {
                match f.lun {
                    None => errs.push(field::required(
                        &p.child("lun"),
                        "lun is required if targetWWNs is specified",
                    )),
                    Some(l) if !(0..=255).contains(&l) => errs.push(field::invalid(
                        &p.child("lun"),
                        l,
                        syntax::inclusive_range_error(0, 255),
                    )),
                    _ => {}
                }
            }
        }
        _ => {}
    }
    errs
}

/// `ValidateCSIDriverName`.
pub fn csi_driver_name(driver: &str, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    if driver.is_empty() {
        errs.push(field::required(path, ""));
    }
    if driver.len() > 63 {
        errs.push(field::too_long(path, 63));
    }
    for m in syntax::is_dns1123_subdomain(&driver.to_lowercase()) {
        errs.push(field::invalid(path, driver, m));
    }
    errs
}

/// `ValidateVolumes`: returns the valid volumes by name, and the errors.
pub fn validate_volumes<'a>(
    volumes: &'a [Volume],
    pod_meta: Option<&ObjectMeta>,
    path: &Path,
    resource_is_pod: bool,
) -> (BTreeMap<String, &'a Volume>, Vec<FieldErr>) {
    let mut errs = Vec::new();
    let mut by_name: BTreeMap<String, &Volume> = BTreeMap::new();
    let pod_name = pod_meta.and_then(|m| m.name.as_deref()).unwrap_or_default();
    let created_pvcs: BTreeSet<String> = if pod_name.is_empty() {
        BTreeSet::new()
    } else {
        volumes
            .iter()
            .filter(|v| v.ephemeral.is_some())
            .map(|v| format!("{pod_name}-{}", v.name))
            .collect()
    };
    for (i, v) in volumes.iter().enumerate() {
        let p = path.index(i);
        let name_path = p.child("name");
        let mut el = volume_source(v, &p, pod_meta, resource_is_pod);
        if v.name.is_empty() {
            el.push(field::required(&name_path, ""));
        } else {
            el.extend(syntax::validate_dns1123_label(&name_path, &v.name));
        }
        if by_name.contains_key(&v.name) {
            el.push(field::duplicate(&name_path, &v.name));
        }
        if el.is_empty() {
            by_name.insert(v.name.clone(), v);
        } else {
            errs.extend(el);
        }
        if let Some(c) = &v.persistent_volume_claim {
            if created_pvcs.contains(&c.claim_name) {
                errs.push(field::invalid(
                    &p.child("persistentVolumeClaim").child("claimName"),
                    &c.claim_name,
                    "must not reference a PVC that gets created for an ephemeral volume",
                ));
            }
        }
    }
    (by_name, errs)
}
