//! `scheduling.k8s.io/v1` PriorityClasses.

use k8s_openapi::api::scheduling::v1::PriorityClass;

use crate::core::pod::defaults::system_priority;
use crate::core::pod::validation::preemption_policy;
use crate::field::{self, FieldErr, Path};
use crate::kinds::{self, Kind};
use crate::meta;
use crate::syntax::NameRule;

/// Upstream `HighestUserDefinablePriority`.
pub const HIGHEST_USER_DEFINABLE_PRIORITY: i32 = 1_000_000_000;

fn default(pc: &mut PriorityClass, _create: bool) {
    crate::defaulting::string(&mut pc.preemption_policy, "PreemptLowerPriority");
}

fn validate(pc: &PriorityClass) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta(&pc.metadata, NameRule::Subdomain, &Path::new("metadata"));
    let name = pc.metadata.name.clone().unwrap_or_default();
    if name.starts_with("system-") {
        let problem = match system_priority(&name) {
            None => Some(format!("{name} is not a known system priority class")),
            Some(v) if v != pc.value => Some(format!("value of {name} PriorityClass must be {v}")),
            Some(_) if pc.global_default.unwrap_or(false) => {
                Some(format!("globalDefault of {name} PriorityClass must be false"))
            }
            Some(_) => None,
        };
        if let Some(p) = problem {
            errs.push(field::forbidden(
                &Path::new("metadata").child("name"),
                format!(
                    "priority class names with 'system-' prefix are reserved for system use only. error: {p}"
                ),
            ));
        }
    } else if pc.value > HIGHEST_USER_DEFINABLE_PRIORITY {
        errs.push(field::forbidden(
            &Path::new("value"),
            format!("maximum allowed value of a user defined priority is {HIGHEST_USER_DEFINABLE_PRIORITY}"),
        ));
    }
    if let Some(p) = &pc.preemption_policy {
        errs.extend(preemption_policy(p, &Path::new("preemptionPolicy")));
    }
    errs
}

fn validate_update(new: &PriorityClass, old: &PriorityClass) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    if new.value != old.value {
        errs.push(field::forbidden(
            &Path::new("value"),
            "may not be changed in an update.",
        ));
    }
    if new.preemption_policy != old.preemption_policy {
        errs.push(field::invalid(
            &Path::new("preemptionPolicy"),
            new.preemption_policy.clone(),
            meta::IMMUTABLE,
        ));
    }
    errs
}

/// PriorityClasses.
pub static PRIORITY_CLASS: Kind<PriorityClass> = Kind {
    quantities: &[],
    default,
    prepare: kinds::no_prepare,
    create: validate,
    update: validate_update,
};
