//! Create-only reviews answered at once: `SelfSubjectAccessReview` (what `kubectl auth can-i` asks).
//!
//! Skiff has no authorization layer yet: every authenticated user may do everything, and the review
//! says so in its reason. When RBAC lands, this answers from it.

use http::{Response, StatusCode};
use serde_json::json;

use super::body::decode_object;
use super::{value_response, Ctx};
use crate::error::{ApiError, ApiResult};
use crate::http::body::ResponseBody;

pub fn create_review(ctx: &mut Ctx) -> ApiResult<Response<ResponseBody>> {
    match ctx.def.kind.as_str() {
        "SelfSubjectAccessReview" => {
            let mut review = decode_object(ctx)?;
            review["status"] = json!({
                "allowed": true,
                "reason": "every authenticated user is allowed everything (Skiff has no authorizer yet)",
            });
            Ok(value_response(StatusCode::CREATED, &review, ctx.output))
        }
        other => Err(ApiError::MethodNotAllowed {
            verb: "POST".into(),
            subject: ctx.def.subject(other),
        }),
    }
}
