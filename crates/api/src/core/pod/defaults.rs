//! Pod and pod-template defaulting (upstream `pkg/apis/core/v1/defaults.go`, the generated
//! `+default` markers, v1 conversion quirks) plus the defaults two admission plugins apply to pods
//! on create: `DefaultTolerationSeconds` and `Priority` (for pods without a priority class, and
//! for the two built-in system classes).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Container, EphemeralContainer, HTTPGetAction, LifecycleHandler, ObjectFieldSelector, Pod,
    PodSecurityContext, PodSpec, Probe, Toleration, Volume,
};

use super::image;
use crate::defaulting::{self, is_unset};

/// `SetDefaults_PodSpec` and everything generated below it; used for pods and pod templates.
pub fn pod_spec(spec: &mut PodSpec) {
    defaulting::string(&mut spec.dns_policy, "ClusterFirst");
    defaulting::string(&mut spec.restart_policy, "Always");
    defaulting::value(&mut spec.security_context, PodSecurityContext::default());
    defaulting::value(&mut spec.termination_grace_period_seconds, 30);
    defaulting::string(&mut spec.scheduler_name, "default-scheduler");

    // v1 conversion keeps the deprecated `serviceAccount` in step with `serviceAccountName`.
    if is_unset(&spec.service_account_name) && !is_unset(&spec.service_account) {
        spec.service_account_name = spec.service_account.clone();
    }
    if !is_unset(&spec.service_account_name) {
        spec.service_account = spec.service_account_name.clone();
    }

    for c in &mut spec.containers {
        container(c);
    }
    for c in spec.init_containers.iter_mut().flatten() {
        container(c);
    }
    for c in spec.ephemeral_containers.iter_mut().flatten() {
        ephemeral_container(c);
    }
    for v in spec.volumes.iter_mut().flatten() {
        volume(v);
    }
}

/// `SetDefaults_Container` and its nested defaults (ports, probes, handlers, field selectors).
pub fn container(c: &mut Container) {
    if is_unset(&c.image_pull_policy) {
        let tag = image::tag(c.image.as_deref().unwrap_or_default());
        let policy = if tag.as_deref() == Some("latest") {
            "Always"
        } else {
            "IfNotPresent"
        };
        c.image_pull_policy = Some(policy.to_string());
    }
    defaulting::string(&mut c.termination_message_path, "/dev/termination-log");
    defaulting::string(&mut c.termination_message_policy, "File");
    for p in c.ports.iter_mut().flatten() {
        defaulting::string(&mut p.protocol, "TCP");
    }
    for probe_ in [
        &mut c.liveness_probe,
        &mut c.readiness_probe,
        &mut c.startup_probe,
    ]
    .into_iter()
    .flatten()
    {
        probe(probe_);
    }
    if let Some(l) = &mut c.lifecycle {
        for h in [&mut l.post_start, &mut l.pre_stop].into_iter().flatten() {
            handler(h);
        }
    }
    for e in c.env.iter_mut().flatten() {
        if let Some(fr) = e.value_from.as_mut().and_then(|v| v.field_ref.as_mut()) {
            field_selector(fr);
        }
    }
}

fn ephemeral_container(ec: &mut EphemeralContainer) {
    let target = ec.target_container_name.take();
    if let Ok(mut c) = serde_json::to_value(&*ec).and_then(serde_json::from_value::<Container>) {
        container(&mut c);
        if let Ok(back) = serde_json::to_value(&c).and_then(serde_json::from_value::<EphemeralContainer>) {
            *ec = back;
        }
    }
    ec.target_container_name = target;
}

/// `SetDefaults_Probe`, `SetDefaults_HTTPGetAction`, GRPC `service` default.
pub fn probe(p: &mut Probe) {
    defaulting::nonzero(&mut p.timeout_seconds, 1);
    defaulting::nonzero(&mut p.period_seconds, 10);
    defaulting::nonzero(&mut p.success_threshold, 1);
    defaulting::nonzero(&mut p.failure_threshold, 3);
    if let Some(h) = &mut p.http_get {
        http_get(h);
    }
    if let Some(g) = &mut p.grpc {
        defaulting::value(&mut g.service, String::new());
    }
}

fn handler(h: &mut LifecycleHandler) {
    if let Some(g) = &mut h.http_get {
        http_get(g);
    }
}

fn http_get(h: &mut HTTPGetAction) {
    defaulting::string(&mut h.path, "/");
    defaulting::string(&mut h.scheme, "HTTP");
}

fn field_selector(f: &mut ObjectFieldSelector) {
    defaulting::string(&mut f.api_version, "v1");
}

/// `SetDefaults_Volume` and the volume-source defaults.
pub fn volume(v: &mut Volume) {
    let has_source = serde_json::to_value(&*v)
        .ok()
        .and_then(|x| x.as_object().map(|o| o.keys().any(|k| k != "name")))
        .unwrap_or(true);
    if !has_source {
        v.empty_dir = Some(Default::default());
    }
    if let Some(s) = &mut v.secret {
        defaulting::value(&mut s.default_mode, 0o644);
    }
    if let Some(s) = &mut v.config_map {
        defaulting::value(&mut s.default_mode, 0o644);
    }
    if let Some(s) = &mut v.downward_api {
        defaulting::value(&mut s.default_mode, 0o644);
        for item in s.items.iter_mut().flatten() {
            if let Some(fr) = &mut item.field_ref {
                field_selector(fr);
            }
        }
    }
    if let Some(s) = &mut v.projected {
        defaulting::value(&mut s.default_mode, 0o644);
        for src in s.sources.iter_mut().flatten() {
            if let Some(t) = &mut src.service_account_token {
                defaulting::value(&mut t.expiration_seconds, 3600);
            }
            if let Some(d) = &mut src.downward_api {
                for item in d.items.iter_mut().flatten() {
                    if let Some(fr) = &mut item.field_ref {
                        field_selector(fr);
                    }
                }
            }
        }
    }
    if let Some(s) = &mut v.host_path {
        defaulting::value(&mut s.type_, String::new());
    }
    if let Some(s) = &mut v.iscsi {
        defaulting::string(&mut s.iscsi_interface, "default");
    }
    if let Some(s) = &mut v.rbd {
        defaulting::string(&mut s.pool, "rbd");
        defaulting::string(&mut s.user, "admin");
        defaulting::string(&mut s.keyring, "/etc/ceph/keyring");
    }
    if let Some(s) = &mut v.azure_disk {
        defaulting::value(&mut s.caching_mode, "ReadWrite".to_string());
        defaulting::value(&mut s.fs_type, "ext4".to_string());
        defaulting::value(&mut s.read_only, false);
        defaulting::value(&mut s.kind, "Shared".to_string());
    }
    if let Some(s) = &mut v.scale_io {
        defaulting::string(&mut s.storage_mode, "ThinProvisioned");
        defaulting::string(&mut s.fs_type, "xfs");
    }
    if let Some(t) = v
        .ephemeral
        .as_mut()
        .and_then(|e| e.volume_claim_template.as_mut())
    {
        defaulting::string(&mut t.spec.volume_mode, "Filesystem");
    }
}

fn requests_from_limits(c: &mut Container) {
    let Some(res) = &mut c.resources else { return };
    let Some(limits) = &res.limits else { return };
    let requests = res.requests.get_or_insert_with(BTreeMap::new);
    for (k, v) in limits {
        requests.entry(k.clone()).or_insert_with(|| v.clone());
    }
}

fn host_network_ports(c: &mut Container) {
    for p in c.ports.iter_mut().flatten() {
        if p.host_port.is_none_or(|h| h == 0) {
            p.host_port = Some(p.container_port);
        }
    }
}

/// `SetDefaults_Pod` then `SetDefaults_PodSpec`.
pub fn pod(pod: &mut Pod) {
    let Some(spec) = &mut pod.spec else { return };
    for c in spec
        .containers
        .iter_mut()
        .chain(spec.init_containers.iter_mut().flatten())
    {
        requests_from_limits(c);
    }
    defaulting::value(&mut spec.enable_service_links, true);
    if spec.host_network == Some(true) {
        for c in spec
            .containers
            .iter_mut()
            .chain(spec.init_containers.iter_mut().flatten())
        {
            host_network_ports(c);
        }
    }
    pod_spec(spec);
}

/// Priority of the built-in system priority classes.
pub fn system_priority(class: &str) -> Option<i32> {
    match class {
        "system-node-critical" => Some(2_000_001_000),
        "system-cluster-critical" => Some(2_000_000_000),
        _ => None,
    }
}

/// What the `DefaultTolerationSeconds` and `Priority` admission plugins add on create.
///
/// Tolerations: `node.kubernetes.io/not-ready` and `node.kubernetes.io/unreachable`, `NoExecute`
/// for 300 s, unless already tolerated. Priority: `0` and `PreemptLowerPriority` for a pod
/// without a priority class (a cluster-wide `globalDefault` class is the API server's lookup),
/// the fixed values for the two system classes; other classes are left to the API server.
pub fn admission(pod: &mut Pod) {
    let Some(spec) = &mut pod.spec else { return };
    let tolerations = spec.tolerations.get_or_insert_with(Vec::new);
    for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] {
        let tolerated = tolerations.iter().any(|t| {
            let k = t.key.as_deref().unwrap_or_default();
            let e = t.effect.as_deref().unwrap_or_default();
            (k == key || k.is_empty()) && (e == "NoExecute" || e.is_empty())
        });
        if !tolerated {
            tolerations.push(Toleration {
                key: Some(key.to_string()),
                operator: Some("Exists".to_string()),
                effect: Some("NoExecute".to_string()),
                toleration_seconds: Some(300),
                value: None,
            });
        }
    }
    let class = spec.priority_class_name.as_deref().unwrap_or_default();
    let priority = if class.is_empty() {
        Some(0)
    } else {
        system_priority(class)
    };
    if let Some(p) = priority {
        defaulting::value(&mut spec.priority, p);
        defaulting::string(&mut spec.preemption_policy, "PreemptLowerPriority");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn defaulted(v: serde_json::Value) -> serde_json::Value {
        let mut p: Pod = serde_json::from_value(v).unwrap();
        pod(&mut p);
        admission(&mut p);
        serde_json::to_value(p).unwrap()
    }

    #[test]
    fn minimal_pod() {
        let out = defaulted(json!({
            "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
            "spec": {"containers": [{"name": "web", "image": "nginx", "ports": [{"containerPort": 80}],
                "resources": {"limits": {"cpu": "500m"}}}]}
        }));
        let spec = &out["spec"];
        assert_eq!(spec["restartPolicy"], "Always");
        assert_eq!(spec["dnsPolicy"], "ClusterFirst");
        assert_eq!(spec["schedulerName"], "default-scheduler");
        assert_eq!(spec["terminationGracePeriodSeconds"], 30);
        assert_eq!(spec["securityContext"], json!({}));
        assert_eq!(spec["enableServiceLinks"], true);
        assert_eq!(spec["priority"], 0);
        assert_eq!(spec["preemptionPolicy"], "PreemptLowerPriority");
        let c = &spec["containers"][0];
        assert_eq!(c["imagePullPolicy"], "Always");
        assert_eq!(c["terminationMessagePath"], "/dev/termination-log");
        assert_eq!(c["terminationMessagePolicy"], "File");
        assert_eq!(c["ports"][0]["protocol"], "TCP");
        assert_eq!(c["resources"]["requests"]["cpu"], "500m");
        assert_eq!(
            spec["tolerations"],
            json!([
                {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
                {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
            ])
        );
    }

    #[test]
    fn pull_policy_follows_tag() {
        for (image, policy) in [
            ("nginx:1.25", "IfNotPresent"),
            ("nginx:latest", "Always"),
            ("nginx", "Always"),
        ] {
            let mut c: Container = serde_json::from_value(json!({"name": "c", "image": image})).unwrap();
            container(&mut c);
            assert_eq!(c.image_pull_policy.as_deref(), Some(policy), "{image}");
        }
        let mut c: Container =
            serde_json::from_value(json!({"name": "c", "image": "nginx", "imagePullPolicy": "Never"}))
                .unwrap();
        container(&mut c);
        assert_eq!(c.image_pull_policy.as_deref(), Some("Never"));
    }

    #[test]
    fn probes_volumes_and_tolerations() {
        let out = defaulted(json!({
            "metadata": {"name": "p"},
            "spec": {
                "priorityClassName": "system-node-critical",
                "tolerations": [{"operator": "Exists"}],
                "volumes": [{"name": "a"}, {"name": "s", "secret": {"secretName": "x"}},
                    {"name": "t", "projected": {"sources": [{"serviceAccountToken": {"path": "token"}}]}}],
                "containers": [{"name": "c", "image": "nginx:1",
                    "livenessProbe": {"httpGet": {"port": 8080}},
                    "readinessProbe": {"grpc": {"port": 9000}},
                    "env": [{"name": "NODE", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}]}]
            }
        }));
        let spec = &out["spec"];
        assert_eq!(spec["tolerations"], json!([{"operator": "Exists"}]));
        assert_eq!(spec["priority"], 2_000_001_000);
        assert_eq!(spec["volumes"][0]["emptyDir"], json!({}));
        assert_eq!(spec["volumes"][1]["secret"]["defaultMode"], 420);
        assert_eq!(spec["volumes"][2]["projected"]["defaultMode"], 420);
        assert_eq!(
            spec["volumes"][2]["projected"]["sources"][0]["serviceAccountToken"]["expirationSeconds"],
            3600
        );
        let c = &spec["containers"][0];
        assert_eq!(
            c["livenessProbe"],
            json!({"httpGet": {"port": 8080, "path": "/", "scheme": "HTTP"}, "timeoutSeconds": 1, "periodSeconds": 10,
                "successThreshold": 1, "failureThreshold": 3})
        );
        assert_eq!(c["readinessProbe"]["grpc"], json!({"port": 9000, "service": ""}));
        assert_eq!(c["env"][0]["valueFrom"]["fieldRef"]["apiVersion"], "v1");
    }

    #[test]
    fn host_network_and_service_account() {
        let out = defaulted(json!({
            "metadata": {"name": "p"},
            "spec": {"hostNetwork": true, "serviceAccount": "builder",
                "containers": [{"name": "c", "image": "x:1", "ports": [{"containerPort": 53, "protocol": "UDP"}]}]}
        }));
        assert_eq!(out["spec"]["containers"][0]["ports"][0]["hostPort"], 53);
        assert_eq!(out["spec"]["serviceAccountName"], "builder");
        assert_eq!(out["spec"]["serviceAccount"], "builder");
    }
}
