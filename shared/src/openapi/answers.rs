//! Answers of a route that has more than one shape, as `anyOf` the handlers' types
//! (`anyOf`, not `oneOf`: a presigned upload is also a valid plain upload answer).

use std::borrow::Cow;

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{AnyOfBuilder, Ref, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::api::media::answers::{ExportAnswer, ExportsPage, PresignedUpload, UploadAnswer, UploadsPage};
use crate::api::sessions::{SessionAnswer, SessionsPage};
use crate::error::{ErrorEnvelope, GatewayMessage};

/// A schema that is any of the named schemas, each registered with its own.
macro_rules! any_of {
    ($ty:ident, $description:literal, $($one:ty),+) => {
        #[doc = $description]
        pub struct $ty;
        impl PartialSchema for $ty {
            fn schema() -> RefOr<Schema> {
                AnyOfBuilder::new()
                    $(.item(Ref::from_schema_name(<$one as ToSchema>::name())))+
                    .description(Some($description))
                    .into()
            }
        }
        impl ToSchema for $ty {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($ty))
            }
            fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
                $(
                    schemas.push((<$one as ToSchema>::name().into_owned(), <$one as PartialSchema>::schema()));
                    <$one as ToSchema>::schemas(schemas);
                )+
            }
        }
    };
}

any_of!(
    SessionsGetAnswer,
    "A page of sessions, or with `?id=` one session.",
    SessionsPage,
    SessionAnswer
);
any_of!(
    UploadCreated,
    "A stored upload (multipart), or a pending one with its presigned PUT (JSON).",
    UploadAnswer,
    PresignedUpload
);
any_of!(
    UploadGetAnswer,
    "One upload (`?id=`), or a page of a session's (`?sessionId=`).",
    UploadAnswer,
    UploadsPage
);
any_of!(
    ExportGetAnswer,
    "One export (`?id=`), or a page of a session's (`?sessionId=`).",
    ExportAnswer,
    ExportsPage
);
any_of!(
    Refusal,
    "The studio's error envelope, or on the routes behind the member-token authorizer \
     (invite mode) API Gateway's own `{ message }`: 401 without `Authorization`, 403 for a \
     token the authorizer refuses.",
    ErrorEnvelope,
    GatewayMessage
);
