//! Apply conflicts and their messages (upstream `merge/conflict.go` and
//! `managedfields/internal/conflict.go`).

use super::fieldpath::Path;
use super::fieldset::FieldSet;
use super::managers::{Entry, Operation};
use crate::gofmt;
use thiserror::Error;

/// Another manager owns a field the applied configuration changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The other manager's name.
    pub manager: String,
    /// Its operation.
    pub operation: Operation,
    /// The API version of its entry.
    pub api_version: String,
    /// The subresource it wrote through (`""` for the main resource).
    pub subresource: String,
    /// The conflicting field.
    pub path: Path,
    /// The field as upstream shows it (`.spec.replicas`).
    pub field: String,
}

impl Conflict {
    pub(crate) fn new(owner: &Entry, path: Path) -> Conflict {
        Conflict {
            manager: owner.manager.clone(),
            operation: owner.operation,
            api_version: owner.api_version.clone(),
            subresource: owner.subresource.clone(),
            field: path.to_string(),
            path,
        }
    }

    /// Upstream `printManager`: `"kubectl"` for appliers, `"kubectl-client-side-apply" using apps/v1`
    /// for updaters, with ` with subresource "status"` after the name when there is one.
    pub fn manager_display(&self) -> String {
        let mut out = gofmt::quote(&self.manager);
        if !self.subresource.is_empty() {
            out.push_str(&format!(" with subresource {}", gofmt::quote(&self.subresource)));
        }
        if self.operation == Operation::Update {
            out.push_str(&format!(" using {}", self.api_version));
        }
        out
    }

    /// The message of the `FieldManagerConflict` status cause (its `field` is [`Conflict::field`]).
    pub fn cause_message(&self) -> String {
        format!("conflict with {}", self.manager_display())
    }

    fn identifier(&self) -> String {
        Entry::new(
            &self.manager,
            self.operation,
            &self.api_version,
            &self.subresource,
        )
        .identifier()
    }
}

/// The conflicts of `owner` on `fields`, in upstream's path order.
pub(crate) fn conflicts_of(owner: &Entry, fields: &FieldSet) -> Vec<Conflict> {
    fields
        .paths()
        .into_iter()
        .map(|p| Conflict::new(owner, p))
        .collect()
}

/// Upstream `getConflictMessage`, the message of the 409:
/// `Apply failed with 1 conflict: conflict with "m" using apps/v1: .spec.replicas`, or for several
/// `Apply failed with 2 conflicts: conflicts with "a":\n- .x\nconflicts with "b" using v1:\n- .y`
/// (managers sorted by identifier).
pub fn conflict_message(conflicts: &[Conflict]) -> String {
    if let [only] = conflicts {
        return format!(
            "Apply failed with 1 conflict: conflict with {}: {}",
            only.manager_display(),
            only.field
        );
    }
    let mut by_manager: Vec<(String, &Conflict, Vec<&str>)> = Vec::new();
    for c in conflicts {
        let id = c.identifier();
        match by_manager.iter_mut().find(|(i, _, _)| *i == id) {
            Some((_, _, fields)) => fields.push(&c.field),
            None => by_manager.push((id, c, vec![&c.field])),
        }
    }
    by_manager.sort_by(|a, b| a.0.cmp(&b.0));
    let mut lines = Vec::new();
    for (_, c, fields) in by_manager {
        lines.push(format!("conflicts with {}:", c.manager_display()));
        lines.extend(fields.into_iter().map(|f| format!("- {f}")));
    }
    format!(
        "Apply failed with {} conflicts: {}",
        conflicts.len(),
        lines.join("\n")
    )
}

/// Why an apply (or a managedFields update) failed.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum ApplyError {
    /// Other managers own fields the configuration changes (HTTP 409, reason `Conflict`, one
    /// `FieldManagerConflict` cause per conflict).
    #[error("{}", conflict_message(.0))]
    Conflicts(Vec<Conflict>),
    /// The request is malformed (HTTP 400): wrong apiVersion, `metadata.managedFields` set.
    #[error("{0}")]
    BadRequest(String),
    /// The configuration or the live object does not fit the schema (a list-map item without its
    /// keys, duplicate keys), or the live managedFields cannot be read.
    #[error("{0}")]
    Invalid(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conflict(manager: &str, op: Operation, gv: &str, field: &[&str]) -> Conflict {
        Conflict::new(&Entry::new(manager, op, gv, ""), Path::fields(field))
    }

    #[test]
    fn messages_match_upstream() {
        let one = [conflict(
            "kubectl-client-side-apply",
            Operation::Update,
            "apps/v1",
            &["spec", "replicas"],
        )];
        assert_eq!(
            conflict_message(&one),
            "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas"
        );
        assert_eq!(
            one[0].cause_message(),
            "conflict with \"kubectl-client-side-apply\" using apps/v1"
        );
        let many = [
            conflict("b", Operation::Update, "v1", &["spec", "x"]),
            conflict("a", Operation::Apply, "v1", &["spec", "y"]),
            conflict("b", Operation::Update, "v1", &["spec", "z"]),
        ];
        assert_eq!(
            conflict_message(&many),
            "Apply failed with 3 conflicts: conflicts with \"a\":\n- .spec.y\nconflicts with \"b\" using v1:\n- .spec.x\n- .spec.z"
        );
        let mut status = conflict("kubelet", Operation::Update, "v1", &["status"]);
        status.subresource = "status".into();
        assert_eq!(
            status.manager_display(),
            "\"kubelet\" with subresource \"status\" using v1"
        );
        assert_eq!(
            ApplyError::Conflicts(one.to_vec()).to_string(),
            conflict_message(&one)
        );
    }
}
