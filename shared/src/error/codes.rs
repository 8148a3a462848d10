//! Every domain error's code and status on the `/api` and WebSocket surfaces, decided
//! here once: one domain error has one code whether it arrives over HTTP, in a
//! WebSocket handshake or in a frame.

use crate::access::{AccessError, TokenError};
use crate::domain::{
    IdError, InvalidMediaId, InvalidSessionId, PageError, PresenceError, SessionNameError, WindowError,
};
use crate::error::ApiError;
use crate::http::BodyError;
use crate::idempotency::InvalidIdempotencyKey;
use crate::media::{OverCap, RenderError};
use crate::realtime::FrameError;
use crate::store::StoreError;

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Unavailable { dependency, detail } => {
                tracing::warn!(%dependency, %detail, "store unavailable");
                Self::Unavailable(dependency)
            }
            StoreError::Throttled { dependency, detail } => {
                tracing::warn!(%dependency, %detail, "store throttled");
                Self::Throttled(dependency)
            }
            StoreError::Internal { .. } => Self::Internal(e.to_string()),
        }
    }
}

impl From<InvalidIdempotencyKey> for ApiError {
    fn from(e: InvalidIdempotencyKey) -> Self {
        Self::bad_request("invalid_idempotency_key", e)
    }
}

impl From<OverCap> for ApiError {
    fn from(e: OverCap) -> Self {
        Self::Unprocessable {
            code: "export_over_limit",
            message: e.to_string(),
        }
    }
}

/// Past the frame cap or the deadline the client asked for more than an export does;
/// anything else is the studio's fault.
impl From<RenderError> for ApiError {
    fn from(e: RenderError) -> Self {
        match e {
            RenderError::TooLong { .. } | RenderError::Deadline => Self::Unprocessable {
                code: "export_over_limit",
                message: e.to_string(),
            },
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<BodyError> for ApiError {
    fn from(e: BodyError) -> Self {
        match e {
            BodyError::TooLarge { limit } => Self::PayloadTooLarge { limit },
            BodyError::UnsupportedMediaType(_) => Self::UnsupportedMediaType(e.to_string()),
            BodyError::Malformed(_) => Self::bad_request("malformed_json", e),
            BodyError::NotAnObject => Self::bad_request("invalid_body", e),
        }
    }
}

impl From<SessionNameError> for ApiError {
    fn from(e: SessionNameError) -> Self {
        Self::bad_request("invalid_name", e)
    }
}

impl From<InvalidSessionId> for ApiError {
    fn from(e: InvalidSessionId) -> Self {
        Self::bad_request("invalid_id", e)
    }
}

impl From<InvalidMediaId> for ApiError {
    fn from(e: InvalidMediaId) -> Self {
        Self::bad_request("invalid_id", e)
    }
}

impl From<AccessError> for ApiError {
    fn from(e: AccessError) -> Self {
        match e {
            AccessError::Unauthenticated { code, message } => Self::unauthorized(code, message),
            AccessError::Forbidden { code, message } => Self::forbidden(code, message),
            AccessError::Id(e) => e.into(),
            AccessError::Presence(e) => e.into(),
        }
    }
}

impl From<TokenError> for ApiError {
    fn from(e: TokenError) -> Self {
        let code = match &e {
            TokenError::Expired => "token_expired",
            TokenError::Invalid(_) | TokenError::UnknownKey(_) => "invalid_token",
            TokenError::WrongUse { .. } => "wrong_token",
        };
        Self::unauthorized(code, e)
    }
}

impl From<IdError> for ApiError {
    fn from(e: IdError) -> Self {
        Self::bad_request("invalid_id", e)
    }
}

impl From<PresenceError> for ApiError {
    fn from(e: PresenceError) -> Self {
        let code = match &e {
            PresenceError::Id(id) => return id.clone().into(),
            PresenceError::InvalidDisplayName => "invalid_display_name",
            PresenceError::InvalidStatus => "invalid_status",
            PresenceError::InvalidTtl => "invalid_ttl",
        };
        Self::bad_request(code, e)
    }
}

impl From<FrameError> for ApiError {
    fn from(e: FrameError) -> Self {
        let code = match e {
            FrameError::Invalid(invalid) => return invalid.into(),
            FrameError::TooLarge(_) => "frame_too_large",
            FrameError::Malformed(_) => "malformed_json",
            FrameError::NoPayload => "invalid_frame",
            FrameError::BadId | FrameError::BadResume => "invalid_frame",
        };
        Self::bad_request(code, e)
    }
}

/// `before`, `after` and `limit` of the numbered logs (room history, change log).
impl From<WindowError> for ApiError {
    fn from(e: WindowError) -> Self {
        Self::bad_request("invalid_paging", e)
    }
}

impl From<PageError> for ApiError {
    fn from(e: PageError) -> Self {
        match e {
            PageError::InvalidLimit => Self::bad_request("invalid_limit", e),
            PageError::InvalidCursor => Self::bad_request("invalid_cursor", e),
        }
    }
}

/// Out-of-range values are 400; an edit that is well formed but cannot apply to this
/// arrangement (over a limit, naming the wrong upload) is 422.
impl From<crate::arrangement::ArrangementError> for ApiError {
    fn from(e: crate::arrangement::ArrangementError) -> Self {
        use crate::arrangement::ArrangementError as E;
        let unprocessable = |code| Self::Unprocessable {
            code,
            message: e.to_string(),
        };
        let code = match &e {
            E::InvalidGain => "invalid_gain",
            E::InvalidPan => "invalid_pan",
            E::InvalidTempo => "invalid_tempo",
            E::InvalidTimeSignature => "invalid_time_signature",
            E::InvalidTrackName => "invalid_track_name",
            E::InvalidSnapshotName => "invalid_snapshot_name",
            E::InvalidTime { .. } => "invalid_time",
            E::InvalidTrim => "invalid_trim",
            E::InvalidFades => "invalid_fades",
            E::TooManyTracks => return unprocessable("too_many_tracks"),
            E::TooManyClips => return unprocessable("too_many_clips"),
            E::UploadOfOtherSession => return unprocessable("upload_of_other_session"),
            E::UploadNotReady => return unprocessable("upload_not_ready"),
        };
        Self::bad_request(code, e)
    }
}

/// Bad text or time is 400; a track or clip not in the arrangement 422 (as the
/// arrangement's own codes); an unknown comment 404; a full quota or a thread already in
/// the asked state 409.
impl From<crate::comments::CommentError> for ApiError {
    fn from(e: crate::comments::CommentError) -> Self {
        use crate::comments::CommentError as E;
        let message = e.to_string();
        match e {
            E::InvalidText => Self::bad_request("invalid_comment", message),
            E::InvalidTime(invalid) => invalid.into(),
            E::UnknownTarget { what, .. } => Self::Unprocessable {
                code: if what == "track" {
                    "unknown_track"
                } else {
                    "unknown_clip"
                },
                message,
            },
            E::UnknownComment(id) => Self::not_found("comment", id),
            E::SessionQuota | E::MemberQuota => Self::Conflict {
                code: "comment_quota",
                message,
            },
            E::AlreadySo(_) => Self::Conflict {
                code: "comment_state",
                message,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;

    #[test]
    fn a_store_outage_becomes_a_503_that_names_the_dependency_only() {
        let err = ApiError::from(StoreError::unavailable(
            "postgres",
            "connection refused (10.0.0.5)",
        ));
        assert_eq!(err.status(), StatusCode::SERVICE_UNAVAILABLE);
        let body = err.to_json().to_string();
        assert!(body.contains("postgres is unavailable"), "{body}");
        assert!(!body.contains("10.0.0.5"), "detail leaked: {body}");
    }

    #[test]
    fn throttling_becomes_a_503_the_client_may_retry_after_a_second() {
        let err = ApiError::from(StoreError::throttled(
            "dynamodb",
            "ProvisionedThroughputExceededException",
        ));
        assert_eq!(
            (err.status(), err.code()),
            (StatusCode::SERVICE_UNAVAILABLE, "throttled")
        );
        let response = err.into_response();
        assert_eq!(response.headers()["retry-after"], "1");
    }

    #[test]
    fn a_store_bug_becomes_a_500_without_its_detail() {
        let err = ApiError::from(StoreError::internal("postgres", "syntax error at SELEC"));
        assert_eq!(err.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!err.to_json().to_string().contains("SELEC"));
    }

    #[test]
    fn a_presence_error_has_one_code_on_every_surface() {
        let bad_ttl = ApiError::from(PresenceError::InvalidTtl);
        let in_frame = ApiError::from(FrameError::Invalid(PresenceError::InvalidTtl));
        assert_eq!((bad_ttl.code(), in_frame.code()), ("invalid_ttl", "invalid_ttl"));
        let missing = IdError::Missing { field: "roomId" };
        assert_eq!(
            ApiError::from(PresenceError::Id(missing.clone())).code(),
            "invalid_id"
        );
        assert_eq!(ApiError::from(missing).code(), "invalid_id");
        let status = ApiError::from(FrameError::Invalid(PresenceError::InvalidStatus));
        assert_eq!(status.code(), "invalid_status");
    }

    #[test]
    fn bad_input_maps_to_400_with_a_specific_code() {
        let err = ApiError::from(SessionNameError::Empty);
        assert_eq!(
            (err.status(), err.code()),
            (StatusCode::BAD_REQUEST, "invalid_name")
        );
        let err = ApiError::from(InvalidSessionId);
        assert_eq!(err.code(), "invalid_id");
        let err = ApiError::from(BodyError::TooLarge { limit: 10 });
        assert_eq!(err.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }
}
