//! Nodes: defaulting (allocatable from capacity, `podCIDR`/`podCIDRs` conversion) and validation.

use std::collections::BTreeSet;

use k8s_openapi::api::core::v1::{Node, Taint};

use crate::core::pod::validation::taint_effect;
use crate::core::resources;
use crate::field::{self, BadValue, FieldErr, Path};
use crate::kinds::Kind;
use crate::meta;
use crate::syntax::{self, NameRule};

/// Quantity paths of a node.
static QUANTITIES: &[&str] = &["status.capacity.*", "status.allocatable.*"];

fn default(node: &mut Node, _create: bool) {
    if let Some(spec) = &mut node.spec {
        let cidr = spec.pod_cidr.clone().unwrap_or_default();
        let cidrs = spec.pod_cidrs.get_or_insert_with(Vec::new);
        if !cidr.is_empty() && (cidrs.is_empty() || cidrs[0] != cidr) {
            *cidrs = vec![cidr];
        }
        if cidrs.is_empty() {
            spec.pod_cidrs = None;
        } else {
            spec.pod_cidr = Some(cidrs[0].clone());
        }
    }
    if let Some(status) = &mut node.status {
        if status.allocatable.is_none() && status.capacity.is_some() {
            status.allocatable = status.capacity.clone();
        }
    }
}

fn prepare(node: &mut Node) {
    if let Some(spec) = &mut node.spec {
        spec.config_source = None;
    }
    if let Some(status) = &mut node.status {
        status.config = None;
    }
}

fn taint_repr(t: &Taint) -> BadValue {
    BadValue::json(t)
}

/// `validateNodeTaints`.
pub fn validate_taints(taints: &[Taint], path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for (i, t) in taints.iter().enumerate() {
        let p = path.index(i);
        errs.extend(syntax::validate_label_name(&p.child("key"), &t.key));
        let value = t.value.as_deref().unwrap_or_default();
        let msgs = syntax::is_valid_label_value(value);
        if !msgs.is_empty() {
            errs.push(field::invalid(&p.child("value"), value, msgs.join(";")));
        }
        if t.effect.is_empty() {
            errs.push(field::required(&p.child("effect"), ""));
        } else {
            errs.extend(taint_effect(&t.effect, &p.child("effect")));
        }
        if !seen.insert((t.effect.clone(), t.key.clone())) {
            let mut e = field::duplicate(&p, taint_repr(t));
            e.detail = "taints must be unique by key and effect pair".into();
            errs.push(e);
        }
    }
    errs
}

fn resources_(node: &Node) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let Some(status) = &node.status else { return errs };
    for (field_name, list) in [
        ("capacity", &status.capacity),
        ("allocatable", &status.allocatable),
    ] {
        for (k, v) in list.iter().flatten() {
            let p = Path::new("status").child(field_name).child(k);
            errs.extend(resources::validate_quantity_value(k, v, &p));
        }
    }
    errs
}

fn validate(node: &Node) -> Vec<FieldErr> {
    let mp = Path::new("metadata");
    let mut errs = meta::validate_object_meta(&node.metadata, NameRule::Subdomain, &mp);
    let spec = node.spec.clone().unwrap_or_default();
    errs.extend(validate_taints(
        spec.taints.as_deref().unwrap_or_default(),
        &mp.child("taints"),
    ));
    errs.extend(resources_(node));
    let cidrs = spec.pod_cidrs.as_deref().unwrap_or_default();
    let cp = Path::new("spec").child("podCIDRs");
    for (i, c) in cidrs.iter().enumerate() {
        errs.extend(syntax::validate_cidr(&cp.index(i), c));
    }
    if cidrs.len() > 1 {
        let families: Vec<bool> = cidrs
            .iter()
            .filter_map(|c| c.split_once('/').and_then(|(ip, _)| syntax::parse_ip_sloppy(ip)))
            .map(|ip| ip.is_ipv4())
            .collect();
        let dual = families.len() == 2 && families[0] != families[1];
        if !dual || cidrs.len() > 2 {
            errs.push(field::invalid(
                &cp,
                field::string_slice(cidrs),
                "may specify no more than one CIDR for each IP family",
            ));
        }
        let mut seen = BTreeSet::new();
        for (i, c) in cidrs.iter().enumerate() {
            if !seen.insert(c) {
                errs.push(field::duplicate(&cp.index(i), c));
            }
        }
    }
    errs
}

fn validate_update(new: &Node, old: &Node) -> Vec<FieldErr> {
    let mp = Path::new("metadata");
    let mut errs = meta::validate_object_meta_update(&new.metadata, &old.metadata, &mp);
    errs.extend(resources_(new));
    let mut seen = BTreeSet::new();
    for (i, a) in new
        .status
        .iter()
        .flat_map(|s| s.addresses.iter().flatten())
        .enumerate()
    {
        if !seen.insert((a.type_.clone(), a.address.clone())) {
            errs.push(field::duplicate(
                &Path::new("status").child("addresses").index(i),
                BadValue::json(a),
            ));
        }
    }
    let (ns, os) = (
        new.spec.clone().unwrap_or_default(),
        old.spec.clone().unwrap_or_default(),
    );
    let old_cidrs = os.pod_cidrs.clone().unwrap_or_default();
    let new_cidrs = ns.pod_cidrs.clone().unwrap_or_default();
    if !old_cidrs.is_empty() {
        let msg = "node updates may not change podCIDR except from \"\" to valid";
        if old_cidrs.len() != new_cidrs.len() {
            errs.push(field::forbidden(&Path::new("spec").child("podCIDRs"), msg));
        } else {
            for (o, n) in old_cidrs.iter().zip(&new_cidrs) {
                if o != n {
                    errs.push(field::forbidden(&Path::new("spec").child("podCIDRs"), msg));
                }
            }
        }
    }
    let old_provider = os.provider_id.clone().unwrap_or_default();
    if !old_provider.is_empty() && Some(&old_provider) != ns.provider_id.as_ref() {
        errs.push(field::forbidden(
            &Path::new("spec").child("providerID"),
            "node updates may not change providerID except from \"\" to valid",
        ));
    }
    errs.extend(validate_taints(
        ns.taints.as_deref().unwrap_or_default(),
        &mp.child("taints"),
    ));
    if ns.external_id != os.external_id {
        errs.push(field::forbidden(
            &Path::new("spec").child("externalID"),
            "may not be updated",
        ));
    }
    errs
}

/// Nodes.
pub static NODE: Kind<Node> = Kind {
    quantities: QUANTITIES,
    default,
    prepare,
    create: validate,
    update: validate_update,
};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_and_taints() {
        let mut n: Node = serde_json::from_value(json!({
            "metadata": {"name": "n1"},
            "spec": {"podCIDR": "10.42.0.0/24", "taints": [{"key": "a", "effect": "NoSchedule"}, {"key": "a", "effect": "NoSchedule"}]},
            "status": {"capacity": {"cpu": "4", "pods": "110"}}
        }))
        .unwrap();
        default(&mut n, true);
        let v = serde_json::to_value(&n).unwrap();
        assert_eq!(v["spec"]["podCIDRs"], json!(["10.42.0.0/24"]));
        assert_eq!(v["status"]["allocatable"], json!({"cpu": "4", "pods": "110"}));
        let errs: Vec<String> = validate(&n).iter().map(|e| e.to_string()).collect();
        assert_eq!(
            errs,
            vec!["metadata.taints[1]: Duplicate value: {\"effect\":\"NoSchedule\",\"key\":\"a\"}: taints must be unique by key and effect pair"]
        );
    }
}
