//! API errors and their one translation into upstream-shaped `metav1.Status` responses.

use serde_json::{json, Value};

/// What a request names when an error mentions it: `pods`, `deployments.apps`, and the Kind for 422s.
#[derive(Debug, Clone, Default)]
pub struct Subject {
    /// Resource plural (`pods`).
    pub resource: String,
    /// API group (`apps`), empty for core.
    pub group: String,
    /// Kind (`Deployment`), used by Invalid.
    pub kind: String,
    pub name: String,
}

impl Subject {
    /// `pods` or `deployments.apps`: the "qualified resource" upstream messages use.
    pub fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.resource.clone()
        } else {
            format!("{}.{}", self.resource, self.group)
        }
    }
    /// `Deployment.apps` or `Pod`: the qualified kind used by Invalid messages.
    fn qualified_kind(&self) -> String {
        if self.group.is_empty() {
            self.kind.clone()
        } else {
            format!("{}.{}", self.kind, self.group)
        }
    }
}

/// One cause of an Invalid or BadRequest error.
#[derive(Debug, Clone)]
pub struct Cause {
    pub reason: String,
    pub message: String,
    pub field: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("not found")]
    NotFound(Box<Subject>),
    #[error("already exists")]
    AlreadyExists(Box<Subject>),
    #[error("conflict: {message}")]
    Conflict {
        subject: Box<Subject>,
        message: String,
        causes: Vec<Cause>,
    },
    #[error("invalid")]
    Invalid {
        subject: Box<Subject>,
        causes: Vec<Cause>,
    },
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("the server could not find the requested resource")]
    NoSuchPath,
    #[error("method not allowed")]
    MethodNotAllowed { verb: String, subject: Box<Subject> },
    #[error("not acceptable")]
    NotAcceptable(String),
    #[error("unsupported media type: {0}")]
    UnsupportedMediaType(String),
    #[error("request entity too large")]
    TooLarge(usize),
    #[error("expired: {0}")]
    Expired(String),
    #[error("too many requests: {message}")]
    TooManyRequests { message: String, causes: Vec<Cause> },
    #[error("unauthorized")]
    Unauthorized,
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("timeout: {0}")]
    Timeout(String),
    #[error("internal error: {0}")]
    Internal(String),
    #[error("service unavailable: {0}")]
    Unavailable(String),
}

impl ApiError {
    pub fn code(&self) -> u16 {
        match self {
            ApiError::NotFound(_) | ApiError::NoSuchPath => 404,
            ApiError::AlreadyExists(_) | ApiError::Conflict { .. } => 409,
            ApiError::Invalid { .. } => 422,
            ApiError::BadRequest(_) => 400,
            ApiError::MethodNotAllowed { .. } => 405,
            ApiError::NotAcceptable(_) => 406,
            ApiError::UnsupportedMediaType(_) => 415,
            ApiError::TooLarge(_) => 413,
            ApiError::Expired(_) => 410,
            ApiError::TooManyRequests { .. } => 429,
            ApiError::Unauthorized => 401,
            ApiError::Forbidden(_) => 403,
            ApiError::Timeout(_) => 504,
            ApiError::Internal(_) => 500,
            ApiError::Unavailable(_) => 503,
        }
    }

    pub fn invalid(subject: Box<Subject>, causes: Vec<Cause>) -> Self {
        ApiError::Invalid { subject, causes }
    }

    /// The `metav1.Status` body for this error.
    pub fn to_status(&self) -> Value {
        let (reason, message, details) = match self {
            ApiError::NotFound(s) => (
                "NotFound",
                format!("{} \"{}\" not found", s.qualified(), s.name),
                details(s, &[]),
            ),
            ApiError::AlreadyExists(s) => (
                "AlreadyExists",
                format!("{} \"{}\" already exists", s.qualified(), s.name),
                details(s, &[]),
            ),
            ApiError::Conflict { subject, message, causes } => ("Conflict", message.clone(), details(subject, causes)),
            ApiError::Invalid { subject, causes } => {
                // Causes carry upstream's ErrorBody(); the message names each field in front of it.
                let list: Vec<String> = causes
                    .iter()
                    .map(|c| if c.field.is_empty() { c.message.clone() } else { format!("{}: {}", c.field, c.message) })
                    .collect();
                let joined = if list.len() == 1 { list[0].clone() } else { format!("[{}]", list.join(", ")) };
                let mut d = details(subject, causes);
                d["kind"] = json!(subject.kind);
                (
                    "Invalid",
                    format!("{} \"{}\" is invalid: {}", subject.qualified_kind(), subject.name, joined),
                    d,
                )
            }
            ApiError::BadRequest(m) => ("BadRequest", m.clone(), Value::Null),
            ApiError::NoSuchPath => ("NotFound", "the server could not find the requested resource".into(), Value::Null),
            ApiError::MethodNotAllowed { verb, subject } => (
                "MethodNotAllowed",
                format!("{verb} is not supported on resources of kind \"{}\"", subject.qualified()),
                details(subject, &[]),
            ),
            ApiError::NotAcceptable(m) => ("NotAcceptable", m.clone(), Value::Null),
            ApiError::UnsupportedMediaType(ct) => (
                "UnsupportedMediaType",
                format!(
                    "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got {ct})"
                ),
                Value::Null,
            ),
            ApiError::TooLarge(limit) => (
                "RequestEntityTooLarge",
                format!("the server has received a request that is too large: limit is {limit}"),
                Value::Null,
            ),
            ApiError::Expired(m) => ("Expired", m.clone(), Value::Null),
            ApiError::TooManyRequests { message, causes } => (
                "TooManyRequests",
                message.clone(),
                json!({"causes": causes_json(causes)}),
            ),
            ApiError::Unauthorized => ("Unauthorized", "Unauthorized".into(), Value::Null),
            ApiError::Forbidden(m) => ("Forbidden", m.clone(), Value::Null),
            ApiError::Timeout(m) => ("Timeout", m.clone(), Value::Null),
            ApiError::Internal(m) => ("InternalError", format!("Internal error occurred: {m}"), Value::Null),
            ApiError::Unavailable(m) => ("ServiceUnavailable", m.clone(), Value::Null),
        };
        let mut status = json!({
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": message,
            "reason": reason,
            "code": self.code(),
        });
        if !details.is_null() {
            status["details"] = details;
        }
        status
    }
}

fn causes_json(causes: &[Cause]) -> Vec<Value> {
    causes
        .iter()
        .map(|c| {
            let mut v = json!({"reason": c.reason, "message": c.message});
            if !c.field.is_empty() {
                v["field"] = json!(c.field);
            }
            v
        })
        .collect()
}

fn details(s: &Subject, causes: &[Cause]) -> Value {
    let mut d = json!({});
    if !s.name.is_empty() {
        d["name"] = json!(s.name);
    }
    if !s.group.is_empty() {
        d["group"] = json!(s.group);
    }
    if !s.resource.is_empty() {
        d["kind"] = json!(s.resource);
    }
    if !causes.is_empty() {
        d["causes"] = json!(causes_json(causes));
    }
    d
}

impl From<skiff_store::StoreError> for ApiError {
    fn from(e: skiff_store::StoreError) -> Self {
        use skiff_store::StoreError as E;
        match e {
            E::Compacted { requested, compacted } => {
                ApiError::Expired(format!("too old resource version: {requested} ({compacted})"))
            }
            E::FutureRevision { requested, .. } => ApiError::Timeout(format!(
                "Too large resource version: {requested}, current: unknown"
            )),
            E::Unavailable(m) => ApiError::Unavailable(m),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
