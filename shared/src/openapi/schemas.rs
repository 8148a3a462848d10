//! Schemas of the domain types whose fields are private: each says, from the same consts
//! its `parse` enforces, what a valid value is, so the document's limits are the code's.

use std::borrow::Cow;

use serde_json::json;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::{PartialSchema, ToSchema};

use crate::domain::DisplayName;
use crate::domain::{
    ExportId, MAX_DISPLAY_NAME_CHARS, MAX_ID_CHARS, MAX_SESSION_NAME_CHARS, MAX_STATUS_CHARS, MemberId,
    PresenceStatus, RoomId, SessionId, SessionName, UploadId,
};

/// Text without control characters (Unicode `Cc`, what `char::is_control` refuses).
const NO_CONTROL: &str = r"[^\u0000-\u001F\u007F-\u009F]";

/// Trimmed text of 1..=`max` characters, at least one not blank, none a control character.
fn text(max: usize, description: &str, example: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(max))
        .pattern(Some(format!(
            r"^{NO_CONTROL}*[^\s\u0000-\u001F\u007F-\u009F]{NO_CONTROL}*$"
        )))
        .description(Some(description))
        .examples([json!(example)])
}

fn uuid(description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
        .description(Some(description))
        .examples([json!("3f2b8c1e-6a4d-4e8f-9b1a-2c3d4e5f6a7b")])
        .into()
}

fn client_id(description: &str, example: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(MAX_ID_CHARS))
        .pattern(Some(format!("^[A-Za-z0-9_.:-]{{1,{MAX_ID_CHARS}}}$")))
        .description(Some(description))
        .examples([json!(example)])
        .into()
}

/// A schema named `$name`, built by `$schema`.
macro_rules! named {
    ($ty:ty, $name:literal, $schema:expr) => {
        impl PartialSchema for $ty {
            fn schema() -> RefOr<Schema> {
                $schema
            }
        }
        impl ToSchema for $ty {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
        }
    };
}

named!(SessionId, "SessionId", uuid("A session's id (a UUID)."));
named!(UploadId, "UploadId", uuid("An upload's id (a UUID)."));
named!(ExportId, "ExportId", uuid("An export's id (a UUID)."));
named!(
    RoomId,
    "RoomId",
    client_id(
        "A room, named by the client (the pages use a session's id).",
        "jam-1"
    )
);
named!(
    MemberId,
    "MemberId",
    client_id("A member of a room, named by the client in open mode.", "ada")
);
named!(
    SessionName,
    "SessionName",
    text(MAX_SESSION_NAME_CHARS, "A session's name, trimmed.", "Friday jam").into()
);
named!(
    DisplayName,
    "DisplayName",
    text(
        MAX_DISPLAY_NAME_CHARS,
        "The name shown for a member, trimmed.",
        "Ada"
    )
    .into()
);
named!(
    PresenceStatus,
    "PresenceStatus",
    ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(MAX_STATUS_CHARS))
        .pattern(Some(format!("^[a-z0-9_-]{{1,{MAX_STATUS_CHARS}}}$")))
        .description(Some(
            "What a member is doing: a short lower-case word (default `online`)."
        ))
        .examples([json!("recording")])
        .into()
);

/// A string of a trimmed session name, as a request field (see [`SessionName`]).
pub fn session_name_field() -> impl Into<RefOr<Schema>> {
    text(
        MAX_SESSION_NAME_CHARS,
        "The session's name; trimmed.",
        "Friday jam",
    )
}

/// A display name as a request field (see [`DisplayName`]).
pub fn display_name_field() -> impl Into<RefOr<Schema>> {
    text(
        MAX_DISPLAY_NAME_CHARS,
        "The member's display name; trimmed.",
        "Ada",
    )
}
