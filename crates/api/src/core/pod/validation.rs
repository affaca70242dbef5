//! Pod, pod spec and pod template validation (upstream `ValidatePodCreate`, `ValidatePodUpdate`,
//! `ValidatePodSpec`, `ValidatePodTemplateSpec` and the container validators).

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::{
    Affinity, AppArmorProfile, Container, EphemeralContainer, HTTPGetAction, LifecycleHandler, NodeSelector,
    NodeSelectorRequirement, NodeSelectorTerm, Pod, PodAffinityTerm, PodSecurityContext, PodSpec,
    PodTemplateSpec, Probe, SeccompProfile, SecurityContext, Toleration, TopologySpreadConstraint, Volume,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde_json::Value;
use skiff_apimachinery::validation::{selector_operator_error, validate_requirement_key_and_values};

use super::volumes::{self, local_descending_path, path_no_backsteps};
use crate::core::resources;
use crate::field::{self, BadValue, FieldErr, Path};
use crate::meta;
use crate::selector;
use crate::syntax::{self, NameRule};

/// Options upstream derives per request (`PodValidationOptions`); only the ones that change
/// behaviour for a fresh 1.33 object are kept.
#[derive(Clone, Copy, Debug, Default)]
pub struct Opts {
    /// The object being validated is a Pod, not a template embedded in another kind.
    pub resource_is_pod: bool,
    /// Allow namespaced sysctls with hostNetwork/hostIPC (kept when the old pod had them).
    pub allow_namespaced_sysctls: bool,
    /// Allow an unparsable pod-deletion-cost annotation (kept when the old pod had one).
    pub allow_invalid_deletion_cost: bool,
}

fn s(o: &Option<String>) -> &str {
    o.as_deref().unwrap_or_default()
}

/// `ValidatePortNumOrName`.
pub fn port_num_or_name(port: &IntOrString, path: &Path) -> Vec<FieldErr> {
    match port {
        IntOrString::Int(i) => syntax::validate_port_num(path, *i),
        IntOrString::String(name) => syntax::is_valid_port_name(name)
            .into_iter()
            .map(|m| field::invalid(path, name, m))
            .collect(),
    }
}

/// `validatePullPolicy`.
pub fn pull_policy(policy: &str, path: &Path) -> Vec<FieldErr> {
    match policy {
        "Always" | "IfNotPresent" | "Never" => Vec::new(),
        "" => vec![field::required(path, "")],
        other => vec![field::not_supported(
            path,
            other,
            &["Always", "IfNotPresent", "Never"],
        )],
    }
}

/// `validateContainerPorts`.
fn ports(c: &Container, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let mut names = BTreeSet::new();
    for (i, p) in c.ports.iter().flatten().enumerate() {
        let ip = path.index(i);
        if let Some(name) = p.name.as_deref().filter(|n| !n.is_empty()) {
            let msgs = syntax::is_valid_port_name(name);
            if !msgs.is_empty() {
                errs.extend(
                    msgs.into_iter()
                        .map(|m| field::invalid(&ip.child("name"), name, m)),
                );
            } else if !names.insert(name.to_string()) {
                errs.push(field::duplicate(&ip.child("name"), name));
            }
        }
        if p.container_port == 0 {
            errs.push(field::required(&ip.child("containerPort"), ""));
        } else {
            errs.extend(syntax::validate_port_num(
                &ip.child("containerPort"),
                p.container_port,
            ));
        }
        if let Some(hp) = p.host_port.filter(|h| *h != 0) {
            errs.extend(syntax::validate_port_num(&ip.child("hostPort"), hp));
        }
        errs.extend(syntax::validate_protocol(&ip.child("protocol"), s(&p.protocol)));
    }
    errs
}

/// `ValidateEnv` (relaxed names, as the 1.33 default).
fn env(c: &Container, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    for (i, e) in c.env.iter().flatten().enumerate() {
        let ip = path.index(i);
        if e.name.is_empty() {
            errs.push(field::required(&ip.child("name"), ""));
        } else {
            for m in syntax::is_relaxed_env_var_name(&e.name) {
                errs.push(field::invalid(&ip.child("name"), &e.name, m));
            }
        }
        let Some(from) = &e.value_from else { continue };
        let fp = ip.child("valueFrom");
        let mut n = 0;
        if let Some(fr) = &from.field_ref {
            n += 1;
            errs.extend(volumes::object_field_selector(
                fr,
                volumes::ENV_FIELD_PATHS,
                &fp.child("fieldRef"),
            ));
        }
        if let Some(rf) = &from.resource_field_ref {
            n += 1;
            errs.extend(volumes::resource_field_selector(
                rf,
                false,
                &fp.child("resourceFieldRef"),
            ));
        }
        if let Some(k) = &from.config_map_key_ref {
            n += 1;
            errs.extend(key_selector(&k.name, &k.key, &fp.child("configMapKeyRef")));
        }
        if let Some(k) = &from.secret_key_ref {
            n += 1;
            errs.extend(key_selector(&k.name, &k.key, &fp.child("secretKeyRef")));
        }
        if n == 0 {
            errs.push(field::invalid(
                &fp,
                "",
                "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
            ));
        } else if !s(&e.value).is_empty() {
            errs.push(field::invalid(
                &fp,
                "",
                "may not be specified when `value` is not empty",
            ));
        } else if n > 1 {
            errs.push(field::invalid(
                &fp,
                "",
                "may not have more than one field specified at a time",
            ));
        }
    }
    errs
}

fn key_selector(name: &str, key: &str, path: &Path) -> Vec<FieldErr> {
    let mut errs: Vec<FieldErr> = syntax::is_dns1123_subdomain(name)
        .into_iter()
        .map(|m| field::invalid(&path.child("name"), name, m))
        .collect();
    if key.is_empty() {
        errs.push(field::required(&path.child("key"), ""));
    } else {
        errs.extend(
            syntax::is_config_map_key(key)
                .into_iter()
                .map(|m| field::invalid(&path.child("key"), key, m)),
        );
    }
    errs
}

/// `ValidateEnvFrom`.
fn env_from(c: &Container, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    for (i, e) in c.env_from.iter().flatten().enumerate() {
        let ip = path.index(i);
        if let Some(prefix) = e.prefix.as_deref().filter(|p| !p.is_empty()) {
            for m in syntax::is_relaxed_env_var_name(prefix) {
                errs.push(field::invalid(&ip.child("prefix"), prefix, m));
            }
        }
        let mut n = 0;
        for (name, child) in [
            (e.config_map_ref.as_ref().map(|r| &r.name), "configMapRef"),
            (e.secret_ref.as_ref().map(|r| &r.name), "secretRef"),
        ] {
            let Some(name) = name else { continue };
            n += 1;
            let np = ip.child(child).child("name");
            if name.is_empty() {
                errs.push(field::required(&np, ""));
            } else {
                errs.extend(
                    NameRule::Subdomain
                        .check(name, true)
                        .into_iter()
                        .map(|m| field::invalid(&np, name, m)),
                );
            }
        }
        if n == 0 {
            errs.push(field::invalid(
                path,
                "",
                "must specify one of: `configMapRef` or `secretRef`",
            ));
        } else if n > 1 {
            errs.push(field::invalid(
                path,
                "",
                "may not have more than one field specified at a time",
            ));
        }
    }
    errs
}

fn volume_mounts(c: &Container, vols: &BTreeMap<String, &Volume>, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let devices: BTreeMap<&str, &str> = c
        .volume_devices
        .iter()
        .flatten()
        .map(|d| (d.name.as_str(), d.device_path.as_str()))
        .collect();
    let mut mountpoints = BTreeSet::new();
    let privileged = c.security_context.as_ref().and_then(|s| s.privileged) == Some(true);
    for (i, m) in c.volume_mounts.iter().flatten().enumerate() {
        let ip = path.index(i);
        if m.name.is_empty() {
            errs.push(field::required(&ip.child("name"), ""));
        }
        if !vols.contains_key(&m.name) {
            errs.push(field::not_found(&ip.child("name"), &m.name));
        }
        if m.mount_path.is_empty() {
            errs.push(field::required(&ip.child("mountPath"), ""));
        }
        if !mountpoints.insert(m.mount_path.clone()) {
            errs.push(field::invalid(
                &ip.child("mountPath"),
                &m.mount_path,
                "must be unique",
            ));
        }
        if devices.contains_key(m.name.as_str()) {
            errs.push(field::invalid(
                &ip.child("name"),
                &m.name,
                "must not already exist in volumeDevices",
            ));
        }
        if devices.values().any(|p| *p == m.mount_path) {
            errs.push(field::invalid(
                &ip.child("mountPath"),
                &m.mount_path,
                "must not already exist as a path in volumeDevices",
            ));
        }
        let sub = s(&m.sub_path);
        let sub_expr = s(&m.sub_path_expr);
        if vols.get(&m.name).is_some_and(|v| v.image.is_some()) {
            if !sub.is_empty() {
                errs.push(field::invalid(
                    &ip.child("subPath"),
                    sub,
                    "not allowed in image volume sources",
                ));
            }
            if !sub_expr.is_empty() {
                errs.push(field::invalid(
                    &ip.child("subPathExpr"),
                    sub_expr,
                    "not allowed in image volume sources",
                ));
            }
        }
        if !sub.is_empty() {
            errs.extend(local_descending_path(sub, &path.child("subPath")));
        }
        if !sub_expr.is_empty() {
            if !sub.is_empty() {
                errs.push(field::invalid(
                    &ip.child("subPathExpr"),
                    sub_expr,
                    "subPathExpr and subPath are mutually exclusive",
                ));
            }
            errs.extend(local_descending_path(sub_expr, &path.child("subPathExpr")));
        }
        if let Some(mp) = &m.mount_propagation {
            let p = path.child("mountPropagation");
            let supported = ["Bidirectional", "HostToContainer", "None"];
            if !supported.contains(&mp.as_str()) {
                errs.push(field::not_supported(&p, mp, &supported));
            }
            if mp == "Bidirectional" && !privileged {
                errs.push(field::forbidden(
                    &p,
                    "Bidirectional mount propagation is available only to privileged containers",
                ));
            }
        }
        if let Some(rro) = &m.recursive_read_only {
            let p = path.child("recursiveReadOnly");
            match rro.as_str() {
                "Disabled" => {}
                "Enabled" | "IfPossible" => {
                    if m.read_only != Some(true) {
                        errs.push(field::forbidden(
                            &p,
                            "may only be specified when readOnly is true",
                        ));
                    }
                    if m.mount_propagation.as_deref().is_some_and(|p| p != "None") {
                        errs.push(field::forbidden(
                            &p,
                            "may only be specified when mountPropagation is None or not specified",
                        ));
                    }
                }
                other => errs.push(field::not_supported(
                    &p,
                    other,
                    &["Disabled", "Enabled", "IfPossible"],
                )),
            }
        }
    }
    errs
}

fn volume_devices(c: &Container, vols: &BTreeMap<String, &Volume>, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let mounts: BTreeMap<&str, &str> = c
        .volume_mounts
        .iter()
        .flatten()
        .map(|m| (m.name.as_str(), m.mount_path.as_str()))
        .collect();
    let mut paths = BTreeSet::new();
    let mut names = BTreeSet::new();
    for (i, d) in c.volume_devices.iter().flatten().enumerate() {
        let ip = path.index(i);
        let matched = vols.get(&d.name);
        let is_pvc = matched.is_some_and(|v| v.persistent_volume_claim.is_some() || v.ephemeral.is_some());
        if d.name.is_empty() {
            errs.push(field::required(&ip.child("name"), ""));
        }
        if names.contains(&d.name) {
            errs.push(field::invalid(&ip.child("name"), &d.name, "must be unique"));
        }
        if matched.is_some() && !is_pvc {
            errs.push(field::invalid(
                &ip.child("name"),
                &d.name,
                "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode",
            ));
        }
        if matched.is_none() {
            errs.push(field::not_found(&ip.child("name"), &d.name));
        }
        if d.device_path.is_empty() {
            errs.push(field::required(&ip.child("devicePath"), ""));
        }
        if paths.contains(&d.device_path) {
            errs.push(field::invalid(
                &ip.child("devicePath"),
                &d.device_path,
                "must be unique",
            ));
        }
        if !d.device_path.is_empty()
            && !path_no_backsteps(&d.device_path, &path.child("devicePath")).is_empty()
        {
            errs.push(field::invalid(
                &ip.child("devicePath"),
                &d.device_path,
                "can not contain backsteps ('..')",
            ));
        } else {
            paths.insert(d.device_path.clone());
        }
        if mounts.contains_key(d.name.as_str()) {
            errs.push(field::invalid(
                &ip.child("name"),
                &d.name,
                "must not already exist in volumeMounts",
            ));
        }
        if mounts.values().any(|p| *p == d.device_path) {
            errs.push(field::invalid(
                &ip.child("devicePath"),
                &d.device_path,
                "must not already exist as a path in volumeMounts",
            ));
        }
        if !d.name.is_empty() {
            names.insert(d.name.clone());
        }
    }
    errs
}

fn seccomp_profile(sp: Option<&SeccompProfile>, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let Some(sp) = sp else { return errs };
    match sp.type_.as_str() {
        "Localhost" | "RuntimeDefault" | "Unconfined" => {}
        "" => errs.push(field::required(
            &path.child("type"),
            "type is required when seccompProfile is set",
        )),
        other => errs.push(field::not_supported(
            &path.child("type"),
            other,
            &["Localhost", "RuntimeDefault", "Unconfined"],
        )),
    }
    if sp.type_ == "Localhost" {
        match &sp.localhost_profile {
            None => errs.push(field::required(
                &path.child("localhostProfile"),
                "must be set when seccomp type is Localhost",
            )),
            Some(p) => errs.extend(local_descending_path(p, &path.child("localhostProfile"))),
        }
    } else if sp.localhost_profile.is_some() {
        errs.push(field::invalid(
            &path.child("localhostProfile"),
            BadValue::json(sp),
            "can only be set when seccomp type is Localhost",
        ));
    }
    errs
}

fn app_armor_profile(p: Option<&AppArmorProfile>, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let Some(p) = p else { return errs };
    match p.type_.as_str() {
        "Localhost" => match &p.localhost_profile {
            None => errs.push(field::required(
                &path.child("localhostProfile"),
                "must be set when AppArmor type is Localhost",
            )),
            Some(lp) => {
                if lp.trim() != lp {
                    errs.push(field::invalid(
                        &path.child("localhostProfile"),
                        lp,
                        "must not be padded with whitespace",
                    ));
                } else if lp.is_empty() {
                    errs.push(field::required(
                        &path.child("localhostProfile"),
                        "must be set when AppArmor type is Localhost",
                    ));
                }
                if lp.len() > 4095 {
                    errs.push(field::too_long(&path.child("localhostProfile"), 4095));
                }
            }
        },
        "RuntimeDefault" | "Unconfined" => {
            if let Some(lp) = &p.localhost_profile {
                errs.push(field::invalid(
                    &path.child("localhostProfile"),
                    lp,
                    "can only be set when AppArmor type is Localhost",
                ));
            }
        }
        "" => errs.push(field::required(
            &path.child("type"),
            "type is required when appArmorProfile is set",
        )),
        other => errs.push(field::not_supported(
            &path.child("type"),
            other,
            &["Localhost", "RuntimeDefault", "Unconfined"],
        )),
    }
    errs
}

/// `ValidateSecurityContext` (containers). Privileged containers are allowed, as with
/// `--allow-privileged=true` (what k3s and kubeadm set).
fn container_security_context(sc: Option<&SecurityContext>, host_users: bool, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let Some(sc) = sc else { return errs };
    for (v, name) in [(sc.run_as_user, "runAsUser"), (sc.run_as_group, "runAsGroup")] {
        if let Some(v) = v {
            errs.extend(
                syntax::is_valid_id(v)
                    .into_iter()
                    .map(|m| field::invalid(&path.child(name), v, m)),
            );
        }
    }
    if let Some(pm) = &sc.proc_mount {
        if pm != "Default" && pm != "Unmasked" {
            errs.push(field::not_supported(
                &path.child("procMount"),
                pm,
                &["Default", "Unmasked"],
            ));
        }
        if host_users && pm == "Unmasked" {
            errs.push(field::invalid(
                &path.child("procMount"),
                pm,
                "`hostUsers` must be false to use `Unmasked`",
            ));
        }
    }
    errs.extend(seccomp_profile(
        sc.seccomp_profile.as_ref(),
        &path.child("seccompProfile"),
    ));
    if sc.allow_privilege_escalation == Some(false) {
        let repr = BadValue::json(sc);
        if sc.privileged == Some(true) {
            errs.push(field::invalid(
                path,
                repr.clone(),
                "cannot set `allowPrivilegeEscalation` to false and `privileged` to true",
            ));
        }
        if sc
            .capabilities
            .as_ref()
            .and_then(|c| c.add.as_ref())
            .is_some_and(|a| a.iter().any(|c| c == "CAP_SYS_ADMIN"))
        {
            errs.push(field::invalid(
                path,
                repr,
                "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN",
            ));
        }
    }
    errs.extend(app_armor_profile(
        sc.app_armor_profile.as_ref(),
        &path.child("appArmorProfile"),
    ));
    errs
}

fn handler_action(
    exec: Option<&k8s_openapi::api::core::v1::ExecAction>,
    http: Option<&HTTPGetAction>,
    tcp: Option<&k8s_openapi::api::core::v1::TCPSocketAction>,
    grpc: Option<&k8s_openapi::api::core::v1::GRPCAction>,
    sleep: Option<&k8s_openapi::api::core::v1::SleepAction>,
    grace: Option<i64>,
    path: &Path,
) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let mut n = 0;
    let more = |errs: &mut Vec<FieldErr>, child: &str| {
        errs.push(field::forbidden(
            &path.child(child),
            "may not specify more than 1 handler type",
        ));
    };
    if let Some(e) = exec {
        n += 1;
        if e.command.as_ref().is_none_or(|c| c.is_empty()) {
            errs.push(field::required(&path.child("exec").child("command"), ""));
        }
    }
    if let Some(h) = http {
        if n > 0 {
            more(&mut errs, "httpGet");
        } else {
            n += 1;
            let p = path.child("httpGet");
            if s(&h.path).is_empty() {
                errs.push(field::required(&p.child("path"), ""));
            }
            errs.extend(port_num_or_name(&h.port, &p.child("port")));
            let scheme = s(&h.scheme);
            if scheme != "HTTP" && scheme != "HTTPS" {
                errs.push(field::not_supported(
                    &p.child("scheme"),
                    scheme,
                    &["HTTP", "HTTPS"],
                ));
            }
            for hdr in h.http_headers.iter().flatten() {
                for m in syntax::is_http_header_name(&hdr.name) {
                    errs.push(field::invalid(&p.child("httpHeaders"), &hdr.name, m));
                }
            }
        }
    }
    if let Some(t) = tcp {
        if n > 0 {
            more(&mut errs, "tcpSocket");
        } else {
            n += 1;
            errs.extend(port_num_or_name(&t.port, &path.child("tcpSocket").child("port")));
        }
    }
    if let Some(g) = grpc {
        if n > 0 {
            more(&mut errs, "grpc");
        } else {
            n += 1;
            errs.extend(port_num_or_name(
                &IntOrString::Int(g.port),
                &path.child("grpc").child("port"),
            ));
        }
    }
    if let Some(sl) = sleep {
        if n > 0 {
            more(&mut errs, "sleep");
        } else {
            n += 1;
            if let Some(g) = grace {
                if sl.seconds < 0 || sl.seconds > g {
                    errs.push(field::invalid(
                        &path.child("sleep"),
                        sl.seconds,
                        format!("must be non-negative and less than terminationGracePeriodSeconds ({g})"),
                    ));
                }
            }
        }
    }
    if n == 0 {
        errs.push(field::required(path, "must specify a handler type"));
    }
    errs
}

fn lifecycle_handler(h: &LifecycleHandler, grace: Option<i64>, path: &Path) -> Vec<FieldErr> {
    handler_action(
        h.exec.as_ref(),
        h.http_get.as_ref(),
        h.tcp_socket.as_ref(),
        None,
        h.sleep.as_ref(),
        grace,
        path,
    )
}

fn probe(p: Option<&Probe>, kind: &str, grace: Option<i64>, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let Some(p) = p else { return errs };
    errs.extend(handler_action(
        p.exec.as_ref(),
        p.http_get.as_ref(),
        p.tcp_socket.as_ref(),
        p.grpc.as_ref(),
        None,
        grace,
        path,
    ));
    for (v, name) in [
        (p.initial_delay_seconds, "initialDelaySeconds"),
        (p.timeout_seconds, "timeoutSeconds"),
        (p.period_seconds, "periodSeconds"),
        (p.success_threshold, "successThreshold"),
        (p.failure_threshold, "failureThreshold"),
    ] {
        errs.extend(syntax::validate_nonnegative(
            &path.child(name),
            v.unwrap_or(0).into(),
        ));
    }
    if let Some(t) = p.termination_grace_period_seconds.filter(|t| *t <= 0) {
        errs.push(field::invalid(
            &path.child("terminationGracePeriodSeconds"),
            t,
            "must be greater than 0",
        ));
    }
    match kind {
        "liveness" | "startup" => {
            let st = p.success_threshold.unwrap_or(0);
            if st != 1 {
                errs.push(field::invalid(&path.child("successThreshold"), st, "must be 1"));
            }
        }
        _ => {
            if let Some(t) = p.termination_grace_period_seconds {
                errs.push(field::invalid(
                    &path.child("terminationGracePeriodSeconds"),
                    t,
                    "must not be set for readinessProbes",
                ));
            }
        }
    }
    errs
}

fn resize_policy(c: &Container, pod_restart: &str, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, p) in c.resize_policy.iter().flatten().enumerate() {
        if !seen.insert(p.resource_name.clone()) {
            errs.push(field::duplicate(&path.index(i), &p.resource_name));
        }
        match p.resource_name.as_str() {
            "cpu" | "memory" => {}
            "" => errs.push(field::required(path, "")),
            other => errs.push(field::not_supported(path, other, &["cpu", "memory"])),
        }
        match p.restart_policy.as_str() {
            "NotRequired" | "RestartContainer" => {}
            "" => errs.push(field::required(path, "")),
            other => errs.push(field::not_supported(
                path,
                other,
                &["NotRequired", "RestartContainer"],
            )),
        }
        if pod_restart == "Never" && p.restart_policy != "NotRequired" {
            errs.push(field::invalid(
                path,
                &p.restart_policy,
                "must be 'NotRequired' when `restartPolicy` is 'Never'",
            ));
        }
    }
    errs
}

struct Ctx<'a> {
    vols: BTreeMap<String, &'a Volume>,
    claims: BTreeSet<String>,
    grace: Option<i64>,
    restart: &'a str,
    host_users: bool,
}

/// `validateContainerCommon`.
fn container_common(c: &Container, ctx: &Ctx<'_>, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    if c.name.is_empty() {
        errs.push(field::required(&path.child("name"), ""));
    } else {
        errs.extend(syntax::validate_dns1123_label(&path.child("name"), &c.name));
    }
    if s(&c.image).is_empty() {
        errs.push(field::required(&path.child("image"), ""));
    }
    match s(&c.termination_message_policy) {
        "File" | "FallbackToLogsOnError" => {}
        "" => errs.push(field::required(&path.child("terminationMessagePolicy"), "")),
        other => errs.push(field::not_supported(
            &path.child("terminationMessagePolicy"),
            other,
            &["File", "FallbackToLogsOnError"],
        )),
    }
    errs.extend(ports(c, &path.child("ports")));
    errs.extend(env(c, &path.child("env")));
    errs.extend(env_from(c, &path.child("envFrom")));
    errs.extend(volume_mounts(c, &ctx.vols, &path.child("volumeMounts")));
    errs.extend(volume_devices(c, &ctx.vols, &path.child("volumeDevices")));
    errs.extend(pull_policy(
        s(&c.image_pull_policy),
        &path.child("imagePullPolicy"),
    ));
    errs.extend(resources::validate_container_requirements(
        c.resources.as_ref(),
        &ctx.claims,
        &path.child("resources"),
    ));
    errs.extend(resize_policy(c, ctx.restart, &path.child("resizePolicy")));
    errs.extend(container_security_context(
        c.security_context.as_ref(),
        ctx.host_users,
        &path.child("securityContext"),
    ));
    errs
}

fn lifecycle_and_probes(c: &Container, grace: Option<i64>, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    if let Some(l) = &c.lifecycle {
        let lp = path.child("lifecycle");
        if let Some(h) = &l.post_start {
            errs.extend(lifecycle_handler(h, grace, &lp.child("postStart")));
        }
        if let Some(h) = &l.pre_stop {
            errs.extend(lifecycle_handler(h, grace, &lp.child("preStop")));
        }
    }
    errs.extend(probe(
        c.liveness_probe.as_ref(),
        "liveness",
        grace,
        &path.child("livenessProbe"),
    ));
    errs.extend(probe(
        c.readiness_probe.as_ref(),
        "readiness",
        grace,
        &path.child("readinessProbe"),
    ));
    errs.extend(probe(
        c.startup_probe.as_ref(),
        "startup",
        grace,
        &path.child("startupProbe"),
    ));
    errs
}

fn host_port_conflicts<'a>(
    containers: impl IntoIterator<Item = &'a Container>,
    path: &Path,
) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let mut seen = BTreeSet::new();
    for (ci, c) in containers.into_iter().enumerate() {
        for (pi, p) in c.ports.iter().flatten().enumerate() {
            let Some(hp) = p.host_port.filter(|h| *h != 0) else {
                continue;
            };
            let key = format!("{}/{}/{}", s(&p.protocol), s(&p.host_ip), hp);
            if !seen.insert(key.clone()) {
                errs.push(field::duplicate(
                    &path.index(ci).child("ports").index(pi).child("hostPort"),
                    key,
                ));
            }
        }
    }
    errs
}

fn containers(spec: &PodSpec, ctx: &Ctx<'_>, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    if spec.containers.is_empty() {
        errs.push(field::required(path, ""));
        return errs;
    }
    let mut names = BTreeSet::new();
    for (i, c) in spec.containers.iter().enumerate() {
        let p = path.index(i);
        errs.extend(container_common(c, ctx, &p));
        if !names.insert(c.name.clone()) {
            errs.push(field::duplicate(&p.child("name"), &c.name));
        }
        errs.extend(lifecycle_and_probes(c, ctx.grace, &p));
        if c.restart_policy.is_some() {
            errs.push(field::forbidden(
                &p.child("restartPolicy"),
                "may not be set for non-init containers",
            ));
        }
    }
    errs.extend(host_port_conflicts(&spec.containers, path));
    errs
}

fn init_containers(spec: &PodSpec, ctx: &Ctx<'_>, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let mut names: BTreeSet<String> = spec.containers.iter().map(|c| c.name.clone()).collect();
    for (i, c) in spec.init_containers.iter().flatten().enumerate() {
        let p = path.index(i);
        errs.extend(container_common(c, ctx, &p));
        let mut restart_always = false;
        if let Some(rp) = &c.restart_policy {
            if rp != "Always" {
                errs.push(field::not_supported(&p.child("restartPolicy"), rp, &["Always"]));
            }
            restart_always = rp == "Always";
        }
        if names.contains(&c.name) {
            errs.push(field::duplicate(&p.child("name"), &c.name));
        } else if !c.name.is_empty() {
            names.insert(c.name.clone());
        }
        errs.extend(host_port_conflicts([c], path));
        if restart_always {
            errs.extend(lifecycle_and_probes(c, ctx.grace, &p));
        } else {
            let msg = "may not be set for init containers without restartPolicy=Always";
            if c.lifecycle.is_some() {
                errs.push(field::forbidden(&p.child("lifecycle"), msg));
            }
            for (set, name) in [
                (c.liveness_probe.is_some(), "livenessProbe"),
                (c.readiness_probe.is_some(), "readinessProbe"),
                (c.startup_probe.is_some(), "startupProbe"),
            ] {
                if set {
                    errs.push(field::forbidden(&p.child(name), msg));
                }
            }
        }
    }
    errs
}

fn ephemeral_as_container(ec: &EphemeralContainer) -> Container {
    serde_json::to_value(ec)
        .and_then(serde_json::from_value)
        .unwrap_or_default()
}

fn ephemeral_containers(spec: &PodSpec, ctx: &Ctx<'_>, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let Some(ecs) = spec.ephemeral_containers.as_ref().filter(|e| !e.is_empty()) else {
        return errs;
    };
    let others: BTreeSet<String> = spec
        .containers
        .iter()
        .chain(spec.init_containers.iter().flatten())
        .map(|c| c.name.clone())
        .collect();
    let mut all = others.clone();
    let msg = "cannot be set for an Ephemeral Container";
    for (i, ec) in ecs.iter().enumerate() {
        let p = path.index(i);
        let c = ephemeral_as_container(ec);
        errs.extend(container_common(&c, ctx, &p));
        errs.extend(image_whitespace(&c, &p));
        if !all.insert(ec.name.clone()) {
            errs.push(field::duplicate(&p.child("name"), &ec.name));
        }
        if let Some(t) = ec.target_container_name.as_deref().filter(|t| !t.is_empty()) {
            if !others.contains(t) {
                errs.push(field::not_found(&p.child("targetContainerName"), t));
            }
        }
        for (set, name) in [
            (ec.lifecycle.is_some(), "lifecycle"),
            (ec.liveness_probe.is_some(), "livenessProbe"),
            (ec.ports.as_ref().is_some_and(|v| !v.is_empty()), "ports"),
            (ec.readiness_probe.is_some(), "readinessProbe"),
            (
                ec.resize_policy.as_ref().is_some_and(|v| !v.is_empty()),
                "resizePolicy",
            ),
            (
                ec.resources
                    .as_ref()
                    .is_some_and(|r| serde_json::to_value(r).is_ok_and(|v| v != serde_json::json!({}))),
                "resources",
            ),
            (ec.restart_policy.is_some(), "restartPolicy"),
            (ec.startup_probe.is_some(), "startupProbe"),
        ] {
            if set {
                errs.push(field::forbidden(&p.child(name), msg));
            }
        }
        for (j, vm) in ec.volume_mounts.iter().flatten().enumerate() {
            let vp = p.child("volumeMounts").index(j);
            if !s(&vm.sub_path).is_empty() {
                errs.push(field::forbidden(&vp.child("subPath"), msg));
            }
            if !s(&vm.sub_path_expr).is_empty() {
                errs.push(field::forbidden(&vp.child("subPathExpr"), msg));
            }
        }
    }
    errs
}

fn image_whitespace(c: &Container, path: &Path) -> Vec<FieldErr> {
    let image = s(&c.image);
    if image.trim() != image {
        vec![field::invalid(
            &path.child("image"),
            image,
            "must not have leading or trailing whitespace",
        )]
    } else {
        Vec::new()
    }
}

/// `ValidateTolerations`.
pub fn tolerations(tols: &[Toleration], path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    for (i, t) in tols.iter().enumerate() {
        let p = path.index(i);
        let key = s(&t.key);
        let op = s(&t.operator);
        let effect = s(&t.effect);
        let value = s(&t.value);
        if !key.is_empty() {
            errs.extend(syntax::validate_label_name(&p.child("key"), key));
        }
        if key.is_empty() && op != "Exists" {
            errs.push(field::invalid(
                &p.child("operator"),
                op,
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            ));
        }
        if t.toleration_seconds.is_some() && effect != "NoExecute" {
            errs.push(field::invalid(
                &p.child("effect"),
                effect,
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            ));
        }
        match op {
            "Equal" | "" => {
                let msgs = syntax::is_valid_label_value(value);
                if !msgs.is_empty() {
                    errs.push(field::invalid(&p.child("operator"), value, msgs.join(";")));
                }
            }
            "Exists" => {
                if !value.is_empty() {
                    errs.push(field::invalid(
                        &p.child("operator"),
                        value,
                        "value must be empty when `operator` is 'Exists'",
                    ));
                }
            }
            other => errs.push(field::not_supported(
                &p.child("operator"),
                other,
                &["Equal", "Exists"],
            )),
        }
        if !effect.is_empty() {
            errs.extend(taint_effect(effect, &p.child("effect")));
        }
    }
    errs
}

/// `validateTaintEffect` for a non-empty effect.
pub fn taint_effect(effect: &str, path: &Path) -> Vec<FieldErr> {
    match effect {
        "NoSchedule" | "PreferNoSchedule" | "NoExecute" => Vec::new(),
        other => vec![field::not_supported(
            path,
            other,
            &["NoSchedule", "PreferNoSchedule", "NoExecute"],
        )],
    }
}

/// `ValidateNodeSelectorRequirement`: a label selector requirement that also allows `Gt` and `Lt`.
fn node_selector_requirement(
    rq: &NodeSelectorRequirement,
    allow_invalid_values: bool,
    path: &Path,
) -> Vec<FieldErr> {
    let values: Vec<&str> = rq.values.iter().flatten().map(String::as_str).collect();
    let operator_error = match rq.operator.as_str() {
        "Gt" | "Lt" => (values.len() != 1).then(|| {
            field::required(
                &path.child("values"),
                "must be specified single value when `operator` is 'Lt' or 'Gt'",
            )
        }),
        other => selector_operator_error(other, values.len(), path),
    };
    let mut errs: Vec<FieldErr> = operator_error.into_iter().collect();
    errs.extend(validate_requirement_key_and_values(
        &rq.key,
        &values,
        allow_invalid_values,
        path,
    ));
    errs
}

fn node_field_selector_requirement(rq: &NodeSelectorRequirement, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let values = rq.values.as_deref().unwrap_or_default();
    match rq.operator.as_str() {
        "In" | "NotIn" => {
            if values.len() != 1 {
                errs.push(field::required(
                    &path.child("values"),
                    "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
                ));
            }
        }
        other => errs.push(field::invalid(
            &path.child("operator"),
            other,
            "not a valid selector operator",
        )),
    }
    if rq.key != "metadata.name" {
        errs.push(field::invalid(
            &path.child("key"),
            &rq.key,
            "not a valid field selector key",
        ));
    } else {
        for (i, v) in values.iter().enumerate() {
            let p = path.child("values").index(i);
            errs.extend(
                syntax::is_dns1123_subdomain(v)
                    .into_iter()
                    .map(|m| field::invalid(&p, v, m)),
            );
        }
    }
    errs
}

/// `ValidateNodeSelectorTerm`.
pub fn node_selector_term(term: &NodeSelectorTerm, allow_invalid_values: bool, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    for (j, r) in term.match_expressions.iter().flatten().enumerate() {
        errs.extend(node_selector_requirement(
            r,
            allow_invalid_values,
            &path.child("matchExpressions").index(j),
        ));
    }
    for (j, r) in term.match_fields.iter().flatten().enumerate() {
        errs.extend(node_field_selector_requirement(
            r,
            &path.child("matchFields").index(j),
        ));
    }
    errs
}

/// `ValidateNodeSelector`.
pub fn node_selector(ns: &NodeSelector, allow_invalid_values: bool, path: &Path) -> Vec<FieldErr> {
    let tp = path.child("nodeSelectorTerms");
    if ns.node_selector_terms.is_empty() {
        return vec![field::required(&tp, "must have at least one node selector term")];
    }
    ns.node_selector_terms
        .iter()
        .enumerate()
        .flat_map(|(i, t)| node_selector_term(t, allow_invalid_values, &tp.index(i)))
        .collect()
}

fn label_keys(path: &Path, keys: &[String], sel: Option<&LabelSelector>) -> Vec<FieldErr> {
    if keys.is_empty() {
        return Vec::new();
    }
    if sel.is_none() {
        return vec![field::forbidden(
            path,
            "must not be specified when labelSelector is not set",
        )];
    }
    keys.iter()
        .enumerate()
        .flat_map(|(i, k)| syntax::validate_label_name(&path.index(i), k))
        .collect()
}

fn pod_affinity_term(term: &PodAffinityTerm, path: &Path) -> Vec<FieldErr> {
    let mut errs = selector::validate(term.label_selector.as_ref(), false, &path.child("labelSelector"));
    errs.extend(selector::validate(
        term.namespace_selector.as_ref(),
        false,
        &path.child("namespaceSelector"),
    ));
    for ns in term.namespaces.iter().flatten() {
        errs.extend(
            syntax::is_dns1123_label(ns)
                .into_iter()
                .map(|m| field::invalid(&path.child("namespace"), ns, m)),
        );
    }
    let match_keys = term.match_label_keys.as_deref().unwrap_or_default();
    let mismatch_keys = term.mismatch_label_keys.as_deref().unwrap_or_default();
    errs.extend(label_keys(
        &path.child("matchLabelKeys"),
        match_keys,
        term.label_selector.as_ref(),
    ));
    errs.extend(label_keys(
        &path.child("mismatchLabelKeys"),
        mismatch_keys,
        term.label_selector.as_ref(),
    ));
    if let Some(sel) = &term.label_selector {
        let mut sel_keys: BTreeSet<&str> = sel
            .match_labels
            .iter()
            .flatten()
            .map(|(k, _)| k.as_str())
            .collect();
        for e in sel.match_expressions.iter().flatten() {
            if let Some(i) = match_keys.iter().position(|k| *k == e.key) {
                if sel_keys.contains(e.key.as_str()) {
                    errs.push(field::invalid(
                        &path.index(i),
                        &e.key,
                        "exists in both matchLabelKeys and labelSelector",
                    ));
                }
            }
            sel_keys.insert(&e.key);
        }
    }
    for (i, k) in match_keys.iter().enumerate() {
        if mismatch_keys.contains(k) {
            errs.push(field::invalid(
                &path.child("matchLabelKeys").index(i),
                k,
                "exists in both matchLabelKeys and mismatchLabelKeys",
            ));
        }
    }
    if term.topology_key.is_empty() {
        errs.push(field::required(&path.child("topologyKey"), "can not be empty"));
    }
    errs.extend(syntax::validate_label_name(
        &path.child("topologyKey"),
        &term.topology_key,
    ));
    errs
}

fn affinity(a: Option<&Affinity>, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let Some(a) = a else { return errs };
    if let Some(na) = &a.node_affinity {
        let p = path.child("nodeAffinity");
        if let Some(req) = &na.required_during_scheduling_ignored_during_execution {
            errs.extend(node_selector(
                req,
                false,
                &p.child("requiredDuringSchedulingIgnoredDuringExecution"),
            ));
        }
        let pp = p.child("preferredDuringSchedulingIgnoredDuringExecution");
        for (i, t) in na
            .preferred_during_scheduling_ignored_during_execution
            .iter()
            .flatten()
            .enumerate()
        {
            if t.weight <= 0 || t.weight > 100 {
                errs.push(field::invalid(
                    &pp.index(i).child("weight"),
                    t.weight,
                    "must be in the range 1-100",
                ));
            }
            errs.extend(node_selector_term(
                &t.preference,
                true,
                &pp.index(i).child("preference"),
            ));
        }
    }
    let pod_affinities = [
        (
            a.pod_affinity.as_ref().map(|x| {
                (
                    &x.required_during_scheduling_ignored_during_execution,
                    &x.preferred_during_scheduling_ignored_during_execution,
                )
            }),
            "podAffinity",
        ),
        (
            a.pod_anti_affinity.as_ref().map(|x| {
                (
                    &x.required_during_scheduling_ignored_during_execution,
                    &x.preferred_during_scheduling_ignored_during_execution,
                )
            }),
            "podAntiAffinity",
        ),
    ];
    for (terms, name) in pod_affinities {
        let Some((required, preferred)) = terms else {
            continue;
        };
        let p = path.child(name);
        let rp = p.child("requiredDuringSchedulingIgnoredDuringExecution");
        for (i, t) in required.iter().flatten().enumerate() {
            errs.extend(pod_affinity_term(t, &rp.index(i)));
        }
        let pp = p.child("preferredDuringSchedulingIgnoredDuringExecution");
        for (i, t) in preferred.iter().flatten().enumerate() {
            if t.weight <= 0 || t.weight > 100 {
                errs.push(field::invalid(
                    &pp.index(i).child("weight"),
                    t.weight,
                    "must be in the range 1-100",
                ));
            }
            errs.extend(pod_affinity_term(
                &t.pod_affinity_term,
                &pp.index(i).child("podAffinityTerm"),
            ));
        }
    }
    errs
}

const SYSCTL_REGEX: &str = "^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$";

fn is_valid_sysctl_name(name: &str) -> bool {
    if name.len() > 253 {
        return false;
    }
    name.split(['.', '/']).all(|seg| {
        let b = seg.as_bytes();
        let ok = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        !b.is_empty() && ok(b[0]) && ok(b[b.len() - 1]) && b.iter().all(|&c| ok(c) || c == b'-' || c == b'_')
    })
}

fn sysctl_namespace(name: &str) -> &'static str {
    let n = name.replace('/', ".");
    if n.starts_with("net.") {
        "net"
    } else if n.starts_with("kernel.shm")
        || n.starts_with("kernel.msg")
        || n == "kernel.sem"
        || n.starts_with("fs.mqueue.")
    {
        "ipc"
    } else {
        ""
    }
}

fn pod_security_context(
    spec: &PodSpec,
    sc: Option<&PodSecurityContext>,
    opts: Opts,
    path: &Path,
) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let Some(sc) = sc else { return errs };
    for (v, name) in [
        (sc.fs_group, "fsGroup"),
        (sc.run_as_user, "runAsUser"),
        (sc.run_as_group, "runAsGroup"),
    ] {
        if let Some(v) = v {
            errs.extend(
                syntax::is_valid_id(v)
                    .into_iter()
                    .map(|m| field::invalid(&path.child(name), v, m)),
            );
        }
    }
    for (i, g) in sc.supplemental_groups.iter().flatten().enumerate() {
        errs.extend(
            syntax::is_valid_id(*g)
                .into_iter()
                .map(|m| field::invalid(&path.child("supplementalGroups").index(i), *g, m)),
        );
    }
    if spec.share_process_namespace == Some(true) && spec.host_pid == Some(true) {
        errs.push(field::invalid(
            &spec_child(path, "shareProcessNamespace"),
            true,
            "ShareProcessNamespace and HostPID cannot both be enabled",
        ));
    }
    let mut names = BTreeSet::new();
    for (i, sysctl) in sc.sysctls.iter().flatten().enumerate() {
        let p = path.child("sysctls").index(i).child("name");
        if sysctl.name.is_empty() {
            errs.push(field::required(&p, ""));
        } else if !is_valid_sysctl_name(&sysctl.name) {
            errs.push(field::invalid(
                &p,
                &sysctl.name,
                format!("must have at most 253 characters and match regex {SYSCTL_REGEX}"),
            ));
        } else if names.contains(&sysctl.name) {
            errs.push(field::duplicate(&p, &sysctl.name));
        }
        if !opts.allow_namespaced_sysctls {
            match sysctl_namespace(&sysctl.name) {
                "net" if spec.host_network == Some(true) => errs.push(field::invalid(
                    &p,
                    &sysctl.name,
                    "may not be specified when 'hostNetwork' is true",
                )),
                "ipc" if spec.host_ipc == Some(true) => errs.push(field::invalid(
                    &p,
                    &sysctl.name,
                    "may not be specified when 'hostIPC' is true",
                )),
                _ => {}
            }
        }
        names.insert(sysctl.name.clone());
    }
    if let Some(p) = &sc.fs_group_change_policy {
        if p != "OnRootMismatch" && p != "Always" {
            errs.push(field::not_supported(
                &path.child("fsGroupChangePolicy"),
                p,
                &["Always", "OnRootMismatch"],
            ));
        }
    }
    errs.extend(seccomp_profile(
        sc.seccomp_profile.as_ref(),
        &path.child("seccompProfile"),
    ));
    errs.extend(app_armor_profile(
        sc.app_armor_profile.as_ref(),
        &path.child("appArmorProfile"),
    ));
    if let Some(p) = &sc.supplemental_groups_policy {
        if p != "Merge" && p != "Strict" {
            errs.push(field::not_supported(
                &path.child("supplementalGroupsPolicy"),
                p,
                &["Merge", "Strict"],
            ));
        }
    }
    if let Some(p) = &sc.se_linux_change_policy {
        if p != "MountOption" && p != "Recursive" {
            errs.push(field::not_supported(
                &path.child("seLinuxChangePolicy"),
                p,
                &["MountOption", "Recursive"],
            ));
        }
    }
    errs
}

/// The parent of `securityContext` (upstream reports some pod-level security fields on the spec).
fn spec_child(sc_path: &Path, name: &str) -> Path {
    let s = sc_path.as_str();
    let parent = s.strip_suffix(".securityContext").unwrap_or(s);
    Path::new(parent).child(name)
}

fn dns_config(spec: &PodSpec, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let policy = s(&spec.dns_policy);
    let cfg = spec.dns_config.as_ref();
    if policy == "None" {
        match cfg {
            None => {
                return vec![field::required(
                    path,
                    "must provide `dnsConfig` when `dnsPolicy` is None",
                )]
            }
            Some(c) if c.nameservers.as_ref().is_none_or(|n| n.is_empty()) => {
                return vec![field::required(
                    &path.child("nameservers"),
                    "must provide at least one DNS nameserver when `dnsPolicy` is None",
                )];
            }
            _ => {}
        }
    }
    let Some(cfg) = cfg else { return errs };
    let nameservers = cfg.nameservers.as_deref().unwrap_or_default();
    if nameservers.len() > 3 {
        errs.push(field::invalid(
            &path.child("nameservers"),
            field::string_slice(nameservers),
            "must not have more than 3 nameservers",
        ));
    }
    for (i, ns) in nameservers.iter().enumerate() {
        errs.extend(syntax::validate_ip(&path.child("nameservers").index(i), ns));
    }
    let searches = cfg.searches.as_deref().unwrap_or_default();
    if searches.len() > 32 {
        errs.push(field::invalid(
            &path.child("searches"),
            field::string_slice(searches),
            "must not have more than 32 search paths",
        ));
    }
    if searches.join(" ").len() > 2048 {
        errs.push(field::invalid(
            &path.child("searches"),
            field::string_slice(searches),
            "must not have more than 2048 characters (including spaces) in the search list",
        ));
    }
    for (i, search) in searches.iter().enumerate() {
        if search != "." {
            let trimmed = search.strip_suffix('.').unwrap_or(search);
            let p = path.child("searches").index(i);
            errs.extend(
                syntax::is_dns1123_subdomain_with_underscore(trimmed)
                    .into_iter()
                    .map(|m| field::invalid(&p, trimmed, m)),
            );
        }
    }
    for (i, o) in cfg.options.iter().flatten().enumerate() {
        if s(&o.name).is_empty() {
            errs.push(field::required(
                &path.child("options").index(i),
                "must not be empty",
            ));
        }
    }
    errs
}

fn topology_spread(constraints: &[TopologySpreadConstraint], path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    for (i, c) in constraints.iter().enumerate() {
        let p = path.index(i);
        if c.max_skew <= 0 {
            errs.push(field::invalid(
                &p.child("maxSkew"),
                c.max_skew,
                "must be greater than zero",
            ));
        }
        if c.topology_key.is_empty() {
            errs.push(field::required(&p.child("topologyKey"), "can not be empty"));
        }
        if c.when_unsatisfiable != "DoNotSchedule" && c.when_unsatisfiable != "ScheduleAnyway" {
            errs.push(field::not_supported(
                &p.child("whenUnsatisfiable"),
                &c.when_unsatisfiable,
                &["DoNotSchedule", "ScheduleAnyway"],
            ));
        }
        if constraints[i + 1..]
            .iter()
            .any(|o| o.topology_key == c.topology_key && o.when_unsatisfiable == c.when_unsatisfiable)
        {
            errs.push(field::duplicate(
                &p.child("{topologyKey, whenUnsatisfiable}"),
                format!("{{{}, {}}}", c.topology_key, c.when_unsatisfiable),
            ));
        }
        if let Some(md) = c.min_domains {
            if md <= 0 {
                errs.push(field::invalid(
                    &p.child("minDomains"),
                    md,
                    "must be greater than zero",
                ));
            }
            if c.when_unsatisfiable != "DoNotSchedule" {
                errs.push(field::invalid(
                    &p.child("minDomains"),
                    md,
                    format!(
                        "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {}",
                        c.when_unsatisfiable
                    ),
                ));
            }
        }
        for (v, name) in [
            (&c.node_affinity_policy, "nodeAffinityPolicy"),
            (&c.node_taints_policy, "nodeTaintsPolicy"),
        ] {
            if let Some(v) = v {
                if v != "Honor" && v != "Ignore" {
                    errs.push(field::not_supported(&p.child(name), v, &["Honor", "Ignore"]));
                }
            }
        }
        let keys = c.match_label_keys.as_deref().unwrap_or_default();
        if !keys.is_empty() {
            let kp = p.child("matchLabelKeys");
            let mut sel_keys = BTreeSet::new();
            match &c.label_selector {
                Some(sel) => {
                    sel_keys.extend(sel.match_labels.iter().flatten().map(|(k, _)| k.clone()));
                    sel_keys.extend(sel.match_expressions.iter().flatten().map(|e| e.key.clone()));
                }
                None => errs.push(field::forbidden(
                    &kp,
                    "must not be specified when labelSelector is not set",
                )),
            }
            for (j, k) in keys.iter().enumerate() {
                errs.extend(syntax::validate_label_name(&kp.index(j), k));
                if sel_keys.contains(k) {
                    errs.push(field::invalid(
                        &kp.index(j),
                        k,
                        "exists in both matchLabelKeys and labelSelector",
                    ));
                }
            }
        }
        errs.extend(selector::validate(
            c.label_selector.as_ref(),
            false,
            &p.child("labelSelector"),
        ));
    }
    errs
}

fn host_network_deps(spec: &PodSpec, path: &Path, opts: Opts) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    if spec.host_network != Some(true) {
        return errs;
    }
    for (i, c) in spec.containers.iter().enumerate() {
        for (j, p) in c.ports.iter().flatten().enumerate() {
            let hp = p.host_port.unwrap_or(0);
            if (opts.resource_is_pod || hp != 0) && hp != p.container_port {
                errs.push(field::invalid(
                    &path
                        .child("containers")
                        .index(i)
                        .child("ports")
                        .index(j)
                        .child("hostPort"),
                    hp,
                    "must match `containerPort` when `hostNetwork` is true",
                ));
            }
        }
    }
    errs
}

fn os_rules(spec: &PodSpec, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let Some(os) = &spec.os else { return errs };
    if os.name.is_empty() {
        return vec![field::required(
            &path.child("os").child("name"),
            "cannot be empty",
        )];
    }
    if os.name != "linux" && os.name != "windows" {
        return vec![field::not_supported(
            &path.child("os"),
            &os.name,
            &["linux", "windows"],
        )];
    }
    let all: Vec<(&Container, Path)> = spec
        .containers
        .iter()
        .enumerate()
        .map(|(i, c)| (c, path.child("containers").index(i)))
        .chain(
            spec.init_containers
                .iter()
                .flatten()
                .enumerate()
                .map(|(i, c)| (c, path.child("initContainers").index(i))),
        )
        .collect();
    let psc = spec.security_context.as_ref();
    if os.name == "linux" {
        if psc.is_some_and(|sc| sc.windows_options.is_some()) {
            errs.push(field::forbidden(
                &path.child("securityContext").child("windowsOptions"),
                "windows options cannot be set for a linux pod",
            ));
        }
        for (c, p) in &all {
            if c.security_context
                .as_ref()
                .is_some_and(|sc| sc.windows_options.is_some())
            {
                errs.push(field::forbidden(
                    &p.child("securityContext").child("windowsOptions"),
                    "windows options cannot be set for a linux pod",
                ));
            }
        }
        return errs;
    }
    let msg = "cannot be set for a windows pod";
    if let Some(sc) = psc {
        let scp = path.child("securityContext");
        for (set, p) in [
            (sc.app_armor_profile.is_some(), scp.child("appArmorProfile")),
            (sc.se_linux_options.is_some(), scp.child("seLinuxOptions")),
            (spec.host_users.is_some(), path.child("hostUsers")),
            (spec.host_pid == Some(true), path.child("hostPID")),
            (spec.host_ipc == Some(true), path.child("hostIPC")),
            (sc.seccomp_profile.is_some(), scp.child("seccompProfile")),
            (sc.fs_group.is_some(), scp.child("fsGroup")),
            (
                sc.fs_group_change_policy.is_some(),
                scp.child("fsGroupChangePolicy"),
            ),
            (
                sc.sysctls.as_ref().is_some_and(|s| !s.is_empty()),
                scp.child("sysctls"),
            ),
            (
                spec.share_process_namespace.is_some(),
                path.child("shareProcessNamespace"),
            ),
            (sc.run_as_user.is_some(), scp.child("runAsUser")),
            (sc.run_as_group.is_some(), scp.child("runAsGroup")),
            (sc.supplemental_groups.is_some(), scp.child("supplementalGroups")),
            (
                sc.supplemental_groups_policy.is_some(),
                scp.child("supplementalGroupsPolicy"),
            ),
            (
                sc.se_linux_change_policy.is_some(),
                scp.child("seLinuxChangePolicy"),
            ),
        ] {
            if set {
                errs.push(field::forbidden(&p, msg));
            }
        }
    }
    for (c, p) in &all {
        let Some(sc) = &c.security_context else { continue };
        let scp = p.child("securityContext");
        for (set, name) in [
            (sc.app_armor_profile.is_some(), "appArmorProfile"),
            (sc.se_linux_options.is_some(), "seLinuxOptions"),
            (sc.seccomp_profile.is_some(), "seccompProfile"),
            (sc.capabilities.is_some(), "capabilities"),
            (sc.read_only_root_filesystem.is_some(), "readOnlyRootFilesystem"),
            (sc.privileged.is_some(), "privileged"),
            (
                sc.allow_privilege_escalation.is_some(),
                "allowPrivilegeEscalation",
            ),
            (sc.proc_mount.is_some(), "procMount"),
            (sc.run_as_user.is_some(), "runAsUser"),
            (sc.run_as_group.is_some(), "runAsGroup"),
        ] {
            if set {
                errs.push(field::forbidden(&scp.child(name), msg));
            }
        }
    }
    errs
}

/// `ValidatePodSpec`. `pod_meta` is the pod's metadata for real pods, `None` for templates.
pub fn validate_pod_spec(
    spec: &PodSpec,
    pod_meta: Option<&ObjectMeta>,
    path: &Path,
    opts: Opts,
) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    if spec.termination_grace_period_seconds.is_none() {
        errs.push(field::required(&path.child("terminationGracePeriodSeconds"), ""));
    }
    let host_users = spec.host_users != Some(false);
    let vols_slice = spec.volumes.as_deref().unwrap_or_default();
    let (vols, vol_errs) =
        volumes::validate_volumes(vols_slice, pod_meta, &path.child("volumes"), opts.resource_is_pod);
    errs.extend(vol_errs);
    let claims: BTreeSet<String> = spec
        .resource_claims
        .iter()
        .flatten()
        .filter(|c| !c.name.is_empty())
        .map(|c| c.name.clone())
        .collect();
    errs.extend(resource_claims(spec, &path.child("resourceClaims")));
    let ctx = Ctx {
        vols,
        claims,
        grace: spec.termination_grace_period_seconds,
        restart: s(&spec.restart_policy),
        host_users,
    };
    errs.extend(containers(spec, &ctx, &path.child("containers")));
    errs.extend(init_containers(spec, &ctx, &path.child("initContainers")));
    errs.extend(ephemeral_containers(
        spec,
        &ctx,
        &path.child("ephemeralContainers"),
    ));
    errs.extend(host_network_deps(spec, path, opts));
    match s(&spec.restart_policy) {
        "Always" | "OnFailure" | "Never" => {}
        "" => errs.push(field::required(&path.child("restartPolicy"), "")),
        other => errs.push(field::not_supported(
            &path.child("restartPolicy"),
            other,
            &["Always", "OnFailure", "Never"],
        )),
    }
    match s(&spec.dns_policy) {
        "ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None" => {}
        "" => errs.push(field::required(&path.child("dnsPolicy"), "")),
        other => errs.push(field::not_supported(
            &path.child("dnsPolicy"),
            other,
            &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        )),
    }
    errs.extend(meta::validate_labels(
        spec.node_selector.as_ref(),
        &path.child("nodeSelector"),
    ));
    errs.extend(pod_security_context(
        spec,
        spec.security_context.as_ref(),
        opts,
        &path.child("securityContext"),
    ));
    errs.extend(affinity(spec.affinity.as_ref(), &path.child("affinity")));
    errs.extend(dns_config(spec, &path.child("dnsConfig")));
    for (i, g) in spec.readiness_gates.iter().flatten().enumerate() {
        errs.extend(syntax::validate_qualified_name(
            &path.child("readinessGates").index(i).child("conditionType"),
            &g.condition_type,
        ));
    }
    let mut gates = BTreeSet::new();
    for (i, g) in spec.scheduling_gates.iter().flatten().enumerate() {
        let p = path.child("schedulingGates").index(i);
        errs.extend(syntax::validate_qualified_name(&p, &g.name));
        if !gates.insert(g.name.clone()) {
            errs.push(field::duplicate(&p, &g.name));
        }
    }
    errs.extend(topology_spread(
        spec.topology_spread_constraints.as_deref().unwrap_or_default(),
        &path.child("topologySpreadConstraints"),
    ));
    if spec.host_users == Some(false) {
        for (set, name) in [
            (spec.host_network == Some(true), "hostNetwork"),
            (spec.host_pid == Some(true), "HostPID"),
            (spec.host_ipc == Some(true), "HostIPC"),
        ] {
            if set {
                errs.push(field::forbidden(
                    &path.child(name),
                    "when `pod.Spec.HostUsers` is false",
                ));
            }
        }
    }
    for (value, name, rule) in [
        (
            &spec.service_account_name,
            "serviceAccountName",
            NameRule::Subdomain,
        ),
        (&spec.node_name, "nodeName", NameRule::Subdomain),
        (
            &spec.priority_class_name,
            "priorityClassName",
            NameRule::Subdomain,
        ),
    ] {
        let v = s(value);
        if !v.is_empty() {
            errs.extend(
                rule.check(v, false)
                    .into_iter()
                    .map(|m| field::invalid(&path.child(name), v, m)),
            );
        }
    }
    if let Some(ads) = spec.active_deadline_seconds {
        if !(1..=i64::from(i32::MAX)).contains(&ads) {
            errs.push(field::invalid(
                &path.child("activeDeadlineSeconds"),
                ads,
                syntax::inclusive_range_error(1, i32::MAX.into()),
            ));
        }
    }
    for (value, name) in [(&spec.hostname, "hostname"), (&spec.subdomain, "subdomain")] {
        let v = s(value);
        if !v.is_empty() {
            errs.extend(syntax::validate_dns1123_label(&path.child(name), v));
        }
    }
    errs.extend(tolerations(
        spec.tolerations.as_deref().unwrap_or_default(),
        &path.child("tolerations"),
    ));
    for (i, ha) in spec.host_aliases.iter().flatten().enumerate() {
        let p = path.child("hostAliases").index(i);
        errs.extend(syntax::validate_ip(&p.child("ip"), &ha.ip));
        for (j, h) in ha.hostnames.iter().flatten().enumerate() {
            errs.extend(syntax::validate_dns1123_subdomain(
                &p.child("hostnames").index(j),
                h,
            ));
        }
    }
    if let Some(rc) = &spec.runtime_class_name {
        errs.extend(syntax::validate_dns1123_subdomain(
            &path.child("runtimeClassName"),
            rc,
        ));
    }
    if let Some(pp) = &spec.preemption_policy {
        errs.extend(preemption_policy(pp, &path.child("preemptionPolicy")));
    }
    if let Some(o) = &spec.overhead {
        let req = k8s_openapi::api::core::v1::ResourceRequirements {
            limits: Some(o.clone()),
            ..Default::default()
        };
        errs.extend(resources::validate_container_requirements(
            Some(&req),
            &BTreeSet::new(),
            &path.child("overhead"),
        ));
    }
    errs.extend(os_rules(spec, path));
    errs
}

/// `ValidatePreemptionPolicy`.
pub fn preemption_policy(p: &str, path: &Path) -> Vec<FieldErr> {
    match p {
        "PreemptLowerPriority" | "Never" => Vec::new(),
        "" => vec![field::required(path, "")],
        other => vec![field::not_supported(
            path,
            other,
            &["PreemptLowerPriority", "Never"],
        )],
    }
}

fn resource_claims(spec: &PodSpec, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let mut names = BTreeSet::new();
    for (i, c) in spec.resource_claims.iter().flatten().enumerate() {
        let p = path.index(i);
        if c.name.is_empty() {
            errs.push(field::required(&p.child("name"), ""));
        } else if !names.insert(c.name.clone()) {
            errs.push(field::duplicate(&p.child("name"), &c.name));
        } else {
            errs.extend(syntax::validate_dns1123_label(&p.child("name"), &c.name));
        }
        let repr = BadValue::json(c);
        match (&c.resource_claim_name, &c.resource_claim_template_name) {
            (Some(_), Some(_)) => errs.push(field::invalid(
                &p,
                repr,
                "at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified",
            )),
            (None, None) => errs.push(field::invalid(
                &p,
                repr,
                "must specify one of: `resourceClaimName`, `resourceClaimTemplateName`",
            )),
            _ => {}
        }
        if let Some(n) = &c.resource_claim_name {
            errs.extend(syntax::validate_dns1123_subdomain(
                &p.child("resourceClaimName"),
                n,
            ));
        }
        if let Some(n) = &c.resource_claim_template_name {
            errs.extend(syntax::validate_dns1123_subdomain(
                &p.child("resourceClaimTemplateName"),
                n,
            ));
        }
    }
    errs
}

fn valid_seccomp_annotation(v: &str, path: &Path) -> Vec<FieldErr> {
    if matches!(v, "runtime/default" | "docker/default" | "unconfined") {
        return Vec::new();
    }
    match v.strip_prefix("localhost/") {
        Some(p) => local_descending_path(p, path),
        None => vec![field::invalid(path, v, "must be a valid seccomp profile")],
    }
}

/// `ValidatePodSpecificAnnotations`.
pub fn pod_specific_annotations(
    annotations: Option<&BTreeMap<String, String>>,
    spec: &PodSpec,
    path: &Path,
    opts: Opts,
) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let Some(a) = annotations else { return errs };
    if let Some(v) = a.get("kubernetes.io/config.mirror") {
        if s(&spec.node_name).is_empty() {
            errs.push(field::invalid(
                &path.key("kubernetes.io/config.mirror"),
                v,
                "must set spec.nodeName if mirror pod annotation is set",
            ));
        }
    }
    if !opts.allow_invalid_deletion_cost {
        if let Some(v) = a.get("controller.kubernetes.io/pod-deletion-cost") {
            let first_ok = v
                .as_bytes()
                .first()
                .is_some_and(|c| c.is_ascii_digit() || *c == b'-');
            if !first_ok || v.parse::<i32>().is_err() {
                errs.push(field::invalid(
                    &path.key("controller.kubernetes.io/pod-deletion-cost"),
                    v,
                    "must be a 32bit integer",
                ));
            }
        }
    }
    for (k, v) in a {
        if k == "seccomp.security.alpha.kubernetes.io/pod"
            || k.starts_with("container.seccomp.security.alpha.kubernetes.io/")
        {
            errs.extend(valid_seccomp_annotation(v, &path.child(k)));
        }
        if let Some(container) = k.strip_prefix("container.apparmor.security.beta.kubernetes.io/") {
            let exists = spec
                .containers
                .iter()
                .chain(spec.init_containers.iter().flatten())
                .any(|c| c.name == container)
                || spec
                    .ephemeral_containers
                    .iter()
                    .flatten()
                    .any(|c| c.name == container);
            if !exists {
                errs.push(field::invalid(&path.key(k), container, "container not found"));
            }
            if !(v.is_empty() || v == "runtime/default" || v == "unconfined" || v.starts_with("localhost/")) {
                errs.push(field::invalid(
                    &path.key(k),
                    v,
                    format!("invalid AppArmor profile name: {}", field::go_quote(v)),
                ));
            }
        }
    }
    errs
}

/// `ValidatePodTemplateSpec`.
pub fn validate_pod_template_spec(t: &PodTemplateSpec, path: &Path, opts: Opts) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let m = t.metadata.clone().unwrap_or_default();
    let mp = path.child("metadata");
    errs.extend(meta::validate_labels(m.labels.as_ref(), &mp.child("labels")));
    errs.extend(meta::validate_annotations(
        m.annotations.as_ref(),
        &mp.child("annotations"),
    ));
    let spec = t.spec.clone().unwrap_or_default();
    errs.extend(pod_specific_annotations(
        m.annotations.as_ref(),
        &spec,
        &mp.child("annotations"),
        opts,
    ));
    errs.extend(validate_pod_spec(&spec, None, &path.child("spec"), opts));
    if spec.ephemeral_containers.as_ref().is_some_and(|e| !e.is_empty()) {
        errs.push(field::forbidden(
            &path.child("spec").child("ephemeralContainers"),
            "ephemeral containers not allowed in pod template",
        ));
    }
    errs
}

/// Errors from a template's `labels`, `annotations` and its pod spec, with the template's own
/// metadata paths (`spec.template.metadata.labels`); shared by the workload kinds.
pub fn template_labels(t: &PodTemplateSpec) -> BTreeMap<String, String> {
    t.metadata
        .as_ref()
        .and_then(|m| m.labels.clone())
        .unwrap_or_default()
}

fn validate_pod_metadata_and_spec(pod: &Pod, opts: Opts) -> Vec<FieldErr> {
    let mp = Path::new("metadata");
    let sp = Path::new("spec");
    let spec = pod.spec.clone().unwrap_or_default();
    let mut errs = meta::validate_object_meta(&pod.metadata, NameRule::Subdomain, &mp);
    errs.extend(pod_specific_annotations(
        pod.metadata.annotations.as_ref(),
        &spec,
        &mp.child("annotations"),
        opts,
    ));
    errs.extend(validate_pod_spec(&spec, Some(&pod.metadata), &sp, opts));
    if s(&spec.service_account_name).is_empty() {
        for (vi, v) in spec.volumes.iter().flatten().enumerate() {
            let Some(p) = &v.projected else { continue };
            for (si, src) in p.sources.iter().flatten().enumerate() {
                if src.service_account_token.is_some() {
                    errs.push(field::forbidden(
                        &sp.child("volumes")
                            .index(vi)
                            .child("projected")
                            .child("sources")
                            .index(si)
                            .child("serviceAccountToken"),
                        "must not be specified when serviceAccountName is not set",
                    ));
                }
            }
        }
    }
    for (i, c) in spec.containers.iter().enumerate() {
        errs.extend(image_whitespace(c, &sp.child("containers").index(i)));
    }
    for (i, c) in spec.init_containers.iter().flatten().enumerate() {
        errs.extend(image_whitespace(c, &sp.child("initContainers").index(i)));
    }
    errs
}

/// `ValidatePodCreate`.
pub fn validate_pod_create(pod: &Pod) -> Vec<FieldErr> {
    let opts = Opts {
        resource_is_pod: true,
        ..Opts::default()
    };
    let mut errs = validate_pod_metadata_and_spec(pod, opts);
    let spec = pod.spec.clone().unwrap_or_default();
    let sp = Path::new("spec");
    if spec.ephemeral_containers.as_ref().is_some_and(|e| !e.is_empty()) {
        errs.push(field::forbidden(
            &sp.child("ephemeralContainers"),
            "cannot be set on create",
        ));
    }
    if !s(&spec.node_name).is_empty() && spec.scheduling_gates.as_ref().is_some_and(|g| !g.is_empty()) {
        errs.push(field::forbidden(
            &sp.child("nodeName"),
            "cannot be set until all schedulingGates have been cleared",
        ));
    }
    errs
}

const UPDATABLE_POD_FIELDS: &str = "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

fn container_image_updates(new: &[Container], old: &[Container], path: &Path) -> (Vec<FieldErr>, bool) {
    let mut errs = Vec::new();
    if new.len() != old.len() {
        errs.push(field::forbidden(
            path,
            "pod updates may not add or remove containers",
        ));
        return (errs, true);
    }
    for (i, c) in new.iter().enumerate() {
        if s(&c.image).is_empty() {
            errs.push(field::required(&path.index(i).child("image"), ""));
        }
        errs.extend(image_whitespace(c, &path.index(i)));
    }
    (errs, false)
}

fn only_added_tolerations(new: &[Toleration], old: &[Toleration], path: &Path) -> Vec<FieldErr> {
    for o in old {
        let found = new.iter().any(|n| {
            let mut oc = o.clone();
            oc.toleration_seconds = n.toleration_seconds;
            &oc == n
        });
        if !found {
            return vec![field::forbidden(
                path,
                "existing toleration can not be modified except its tolerationSeconds",
            )];
        }
    }
    tolerations(new, path)
}

fn to_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// `ValidatePodUpdate`.
pub fn validate_pod_update(new: &Pod, old: &Pod) -> Vec<FieldErr> {
    let mp = Path::new("metadata");
    let sp = Path::new("spec");
    let old_cost_invalid = old
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get("controller.kubernetes.io/pod-deletion-cost"))
        .is_some_and(|v| v.parse::<i32>().is_err());
    let old_spec = old.spec.clone().unwrap_or_default();
    let new_spec = new.spec.clone().unwrap_or_default();
    let old_has_ns_sysctls = old_spec.security_context.as_ref().is_some_and(|sc| {
        sc.sysctls.iter().flatten().any(|s| {
            (sysctl_namespace(&s.name) == "net" && old_spec.host_network == Some(true))
                || (sysctl_namespace(&s.name) == "ipc" && old_spec.host_ipc == Some(true))
        })
    });
    let opts = Opts {
        resource_is_pod: true,
        allow_namespaced_sysctls: old_has_ns_sysctls,
        allow_invalid_deletion_cost: old_cost_invalid,
    };
    let mut errs = meta::validate_object_meta_update(&new.metadata, &old.metadata, &mp);
    errs.extend(validate_pod_metadata_and_spec(new, opts));
    errs.extend(annotation_updates(new, old, &mp.child("annotations")));

    let (e, stop) = container_image_updates(
        &new_spec.containers,
        &old_spec.containers,
        &sp.child("containers"),
    );
    errs.extend(e);
    if stop {
        return errs;
    }
    let empty = Vec::new();
    let (e, stop) = container_image_updates(
        new_spec.init_containers.as_ref().unwrap_or(&empty),
        old_spec.init_containers.as_ref().unwrap_or(&empty),
        &sp.child("initContainers"),
    );
    errs.extend(e);
    if stop {
        return errs;
    }
    match (new_spec.active_deadline_seconds, old_spec.active_deadline_seconds) {
        (Some(n), old_ads) => {
            if !(0..=i64::from(i32::MAX)).contains(&n) {
                errs.push(field::invalid(
                    &sp.child("activeDeadlineSeconds"),
                    n,
                    syntax::inclusive_range_error(0, i32::MAX.into()),
                ));
                return errs;
            }
            if old_ads.is_some_and(|o| o < n) {
                errs.push(field::invalid(
                    &sp.child("activeDeadlineSeconds"),
                    n,
                    "must be less than or equal to previous value",
                ));
                return errs;
            }
        }
        (None, Some(_)) => errs.push(field::invalid(
            &sp.child("activeDeadlineSeconds"),
            BadValue::Null,
            "must not update from a positive integer to nil value",
        )),
        (None, None) => {}
    }
    errs.extend(only_added_tolerations(
        new_spec.tolerations.as_deref().unwrap_or_default(),
        old_spec.tolerations.as_deref().unwrap_or_default(),
        &sp.child("tolerations"),
    ));
    let old_gates: BTreeSet<&str> = old_spec
        .scheduling_gates
        .iter()
        .flatten()
        .map(|g| g.name.as_str())
        .collect();
    for (i, g) in new_spec.scheduling_gates.iter().flatten().enumerate() {
        if !old_gates.contains(g.name.as_str()) {
            errs.push(field::forbidden(
                &sp.child("schedulingGates").index(i).child("name"),
                format!(
                    "only deletion is allowed, but found new scheduling gate '{}'",
                    g.name
                ),
            ));
        }
    }
    if to_json(&new_spec) == to_json(&old_spec) {
        return errs;
    }
    // Munge the updatable fields back to their old values, then require equality.
    let mut munged = new_spec.clone();
    for (c, o) in munged.containers.iter_mut().zip(&old_spec.containers) {
        c.image = o.image.clone();
    }
    for (c, o) in munged
        .init_containers
        .iter_mut()
        .flatten()
        .zip(old_spec.init_containers.iter().flatten())
    {
        c.image = o.image.clone();
    }
    munged.active_deadline_seconds = old_spec.active_deadline_seconds;
    munged.scheduling_gates = old_spec.scheduling_gates.clone();
    munged.tolerations = old_spec.tolerations.clone();
    if old_spec.termination_grace_period_seconds.is_some_and(|g| g < 0)
        && munged.termination_grace_period_seconds == Some(1)
    {
        munged.termination_grace_period_seconds = old_spec.termination_grace_period_seconds;
    }
    if old_spec.scheduling_gates.as_ref().is_some_and(|g| !g.is_empty()) {
        let old_ns = old_spec.node_selector.clone().unwrap_or_default();
        let new_ns = munged.node_selector.clone().unwrap_or_default();
        if old_ns != new_ns {
            if old_ns.iter().any(|(k, v)| new_ns.get(k) != Some(v)) {
                errs.push(field::invalid(
                    &sp.child("nodeSelector"),
                    field::string_map(&new_ns),
                    "only additions to spec.nodeSelector are allowed (no mutations or deletions)",
                ));
            }
            munged.node_selector = old_spec.node_selector.clone();
        }
        let old_na = old_spec.affinity.as_ref().and_then(|a| a.node_affinity.clone());
        let new_na = munged.affinity.as_ref().and_then(|a| a.node_affinity.clone());
        if to_json(&old_na) != to_json(&new_na) {
            let old_terms = old_na
                .as_ref()
                .and_then(|n| n.required_during_scheduling_ignored_during_execution.as_ref())
                .map(|r| r.node_selector_terms.clone());
            if let Some(old_terms) = old_terms.filter(|t| !t.is_empty()) {
                let new_terms = new_na
                    .as_ref()
                    .and_then(|n| n.required_during_scheduling_ignored_during_execution.as_ref())
                    .map(|r| r.node_selector_terms.clone())
                    .unwrap_or_default();
                let tp = sp
                    .child("affinity")
                    .child("nodeAffinity")
                    .child("requiredDuringSchedulingIgnoredDuringExecution")
                    .child("nodeSelectorTerms");
                if old_terms.len() != new_terms.len() {
                    errs.push(field::invalid(
                        &tp,
                        BadValue::json(&new_terms),
                        "no additions/deletions to non-empty NodeSelectorTerms list are allowed",
                    ));
                } else {
                    for (i, (o, n)) in old_terms.iter().zip(&new_terms).enumerate() {
                        if !term_only_additions(n, o) {
                            errs.push(field::invalid(
                                &tp.index(i),
                                BadValue::json(n),
                                "only additions are allowed (no mutations or deletions)",
                            ));
                        }
                    }
                }
            }
            match (&mut munged.affinity, &old_spec.affinity) {
                (None, None) => {}
                (None, Some(_)) => {
                    munged.affinity = Some(Affinity {
                        node_affinity: old_na,
                        ..Default::default()
                    })
                }
                (Some(a), None) if a.pod_affinity.is_none() && a.pod_anti_affinity.is_none() => {
                    munged.affinity = None
                }
                (Some(a), _) => a.node_affinity = old_na,
            }
        }
    }
    if to_json(&munged) != to_json(&old_spec) {
        errs.push(field::forbidden(
            &sp,
            format!("pod updates may not change fields other than {UPDATABLE_POD_FIELDS}"),
        ));
    }
    errs
}

fn term_only_additions(new: &NodeSelectorTerm, old: &NodeSelectorTerm) -> bool {
    let oe = old.match_expressions.as_deref().unwrap_or_default();
    let of = old.match_fields.as_deref().unwrap_or_default();
    let ne = new.match_expressions.as_deref().unwrap_or_default();
    let nf = new.match_fields.as_deref().unwrap_or_default();
    if oe.is_empty() && of.is_empty() && (!ne.is_empty() || !nf.is_empty()) {
        return false;
    }
    if !oe.is_empty() && (ne.len() < oe.len() || ne[..oe.len()] != *oe) {
        return false;
    }
    if !of.is_empty() && (nf.len() < of.len() || nf[..of.len()] != *of) {
        return false;
    }
    true
}

/// `ValidatePodSpecificAnnotationUpdates` (the AppArmor/mirror immutability part).
fn annotation_updates(new: &Pod, old: &Pod, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let empty = BTreeMap::new();
    let na = new.metadata.annotations.as_ref().unwrap_or(&empty);
    let oa = old.metadata.annotations.as_ref().unwrap_or(&empty);
    let apparmor = "container.apparmor.security.beta.kubernetes.io/";
    let mirror = "kubernetes.io/config.mirror";
    for (k, ov) in oa {
        if na.get(k) == Some(ov) {
            continue;
        }
        if k.starts_with(apparmor) {
            errs.push(field::forbidden(
                &path.key(k),
                "may not remove or update AppArmor annotations",
            ));
        }
        if k == mirror {
            errs.push(field::forbidden(
                &path.key(k),
                "may not remove or update mirror pod annotation",
            ));
        }
    }
    for k in na.keys() {
        if oa.contains_key(k) {
            continue;
        }
        if k.starts_with(apparmor) {
            errs.push(field::forbidden(&path.key(k), "may not add AppArmor annotations"));
        }
        if k == mirror {
            errs.push(field::forbidden(
                &path.key(k),
                "may not add mirror pod annotation",
            ));
        }
    }
    errs
}
