//! Deployments: `SetDefaults_Deployment` and `ValidateDeployment` / `ValidateDeploymentUpdate`
//! (plus the strategy's selector immutability).

use k8s_openapi::api::apps::v1::{Deployment, DeploymentSpec, DeploymentStrategy, RollingUpdateDeployment};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::common::{self, int_or_percent_value, int_or_string_repr};
use crate::core::pod::pod_spec_quantities;
use crate::defaulting;
use crate::field::{self, FieldErr, Path};
use crate::kinds::Kind;
use crate::meta;
use crate::syntax::NameRule;

static QUANTITIES: &[&str] = &pod_spec_quantities!("spec.template.spec.");

fn default(d: &mut Deployment, _create: bool) {
    let spec = d.spec.get_or_insert_with(DeploymentSpec::default);
    defaulting::value(&mut spec.replicas, 1);
    let strategy = spec.strategy.get_or_insert_with(DeploymentStrategy::default);
    defaulting::string(&mut strategy.type_, "RollingUpdate");
    if strategy.type_.as_deref() == Some("RollingUpdate") {
        let ru = strategy
            .rolling_update
            .get_or_insert_with(RollingUpdateDeployment::default);
        defaulting::value(&mut ru.max_unavailable, IntOrString::String("25%".into()));
        defaulting::value(&mut ru.max_surge, IntOrString::String("25%".into()));
    }
    defaulting::value(&mut spec.revision_history_limit, 10);
    defaulting::value(&mut spec.progress_deadline_seconds, 600);
    common::default_template(&mut spec.template);
}

fn prepare(d: &mut Deployment) {
    d.status = None;
    d.metadata.generation = Some(1);
}

fn strategy(s: Option<&DeploymentStrategy>, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let s = s.cloned().unwrap_or_default();
    match s.type_.as_deref().unwrap_or_default() {
        "Recreate" => {
            if s.rolling_update.is_some() {
                errs.push(field::forbidden(
                    &path.child("rollingUpdate"),
                    "may not be specified when strategy `type` is 'Recreate'",
                ));
            }
        }
        "RollingUpdate" => match &s.rolling_update {
            None => errs.push(field::required(
                &path.child("rollingUpdate"),
                "this should be defaulted and never be nil",
            )),
            Some(ru) => {
                let rp = path.child("rollingUpdate");
                let zero = IntOrString::Int(0);
                let mu = ru.max_unavailable.as_ref().unwrap_or(&zero);
                let ms = ru.max_surge.as_ref().unwrap_or(&zero);
                errs.extend(common::positive_int_or_percent(mu, &rp.child("maxUnavailable")));
                errs.extend(common::positive_int_or_percent(ms, &rp.child("maxSurge")));
                if int_or_percent_value(mu) == 0 && int_or_percent_value(ms) == 0 {
                    errs.push(field::invalid(
                        &rp.child("maxUnavailable"),
                        int_or_string_repr(mu),
                        "may not be 0 when `maxSurge` is 0",
                    ));
                }
                errs.extend(common::not_more_than_100_percent(mu, &rp.child("maxUnavailable")));
            }
        },
        _ => errs.push(field::not_supported(
            path,
            field::BadValue::json(&s),
            &["Recreate", "RollingUpdate"],
        )),
    }
    errs
}

fn validate_spec(spec: &DeploymentSpec, path: &Path) -> Vec<FieldErr> {
    let mut errs = common::nonnegative(path, "replicas", spec.replicas);
    errs.extend(common::selector_and_template(
        &spec.selector,
        &spec.template,
        path,
    ));
    errs.extend(strategy(spec.strategy.as_ref(), &path.child("strategy")));
    errs.extend(common::nonnegative(
        path,
        "minReadySeconds",
        spec.min_ready_seconds,
    ));
    errs.extend(common::nonnegative(
        path,
        "revisionHistoryLimit",
        spec.revision_history_limit,
    ));
    errs.extend(common::nonnegative(
        path,
        "progressDeadlineSeconds",
        spec.progress_deadline_seconds,
    ));
    if let Some(p) = spec.progress_deadline_seconds {
        if p <= spec.min_ready_seconds.unwrap_or(0) {
            errs.push(field::invalid(
                &path.child("progressDeadlineSeconds"),
                p,
                "must be greater than minReadySeconds",
            ));
        }
    }
    errs
}

fn validate(d: &Deployment) -> Vec<FieldErr> {
    meta::validate_with_spec(&d.metadata, NameRule::Subdomain, d.spec.as_ref(), validate_spec)
}

fn validate_update(new: &Deployment, old: &Deployment) -> Vec<FieldErr> {
    common::validate_update_immutable_selector(
        (&new.metadata, new.spec.as_ref()),
        (&old.metadata, old.spec.as_ref()),
        validate_spec,
        |s| &s.selector,
    )
}

/// Deployments.
pub static DEPLOYMENT: Kind<Deployment> = Kind {
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

    fn deployment(v: serde_json::Value) -> Deployment {
        let mut d: Deployment = serde_json::from_value(v).unwrap();
        default(&mut d, true);
        d
    }

    fn msgs(e: Vec<FieldErr>) -> Vec<String> {
        e.into_iter().map(|e| e.to_string()).collect()
    }

    fn web() -> serde_json::Value {
        json!({
            "metadata": {"name": "web", "namespace": "default"},
            "spec": {"selector": {"matchLabels": {"app": "web"}},
                "template": {"metadata": {"labels": {"app": "web"}},
                    "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25"}]}}}
        })
    }

    #[test]
    fn defaults() {
        let d = deployment(web());
        let v = serde_json::to_value(&d).unwrap();
        assert_eq!(v["spec"]["replicas"], 1);
        assert_eq!(
            v["spec"]["strategy"],
            json!({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}})
        );
        assert_eq!(v["spec"]["revisionHistoryLimit"], 10);
        assert_eq!(v["spec"]["progressDeadlineSeconds"], 600);
        assert_eq!(v["spec"]["template"]["spec"]["restartPolicy"], "Always");
        assert!(v["spec"]["template"]["spec"].get("enableServiceLinks").is_none());
        assert!(validate(&d).is_empty(), "{:?}", msgs(validate(&d)));
    }

    #[test]
    fn errors_match_upstream() {
        let mut v = web();
        v["spec"]["replicas"] = json!(-1);
        v["spec"]["template"]["metadata"]["labels"] = json!({"app": "other"});
        let d = deployment(v);
        assert_eq!(
            msgs(validate(&d)),
            vec![
                "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                "spec.template.metadata.labels: Invalid value: {\"app\":\"other\"}: `selector` does not match template `labels`",
            ]
        );
        let mut v = web();
        v["spec"].as_object_mut().unwrap().remove("selector");
        let errs = msgs(validate(&deployment(v)));
        assert_eq!(errs[0], "spec.selector: Required value");
        assert!(errs[1].contains("`selector` does not match template `labels`"));
    }

    #[test]
    fn selector_is_immutable() {
        let mut old = deployment(web());
        old.metadata.resource_version = Some("3".into());
        let mut new = old.clone();
        new.spec.as_mut().unwrap().selector.match_labels =
            Some([("app".to_string(), "web2".to_string())].into());
        new.spec
            .as_mut()
            .unwrap()
            .template
            .metadata
            .as_mut()
            .unwrap()
            .labels = Some([("app".to_string(), "web2".to_string())].into());
        assert_eq!(
            msgs(validate_update(&new, &old)),
            vec!["spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web2\"}}: field is immutable"]
        );
    }
}
