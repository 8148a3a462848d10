//! The OpenAPI 3.1 document of the studio's HTTP routes (pages excepted), assembled
//! from the operations in [`super::paths`] and the handlers' types.

use utoipa::openapi::OpenApi as Document;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::paths::{arrangement, comments, media, moderation, parity, presence, rooms, sessions};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Omnisonic Studio HTTP API",
        description = "The studio's HTTP routes: sessions, presence, audio uploads and exports \
            under `/api` (errors as `{ error: { code, message } }`), the FastAPI parity routes \
            under `/v1` (FastAPI's 422 `{ detail: [...] }`), and `/healthz`. In invite mode \
            the presence, upload and export routes need a member token \
            (`Authorization: Bearer`); in open mode none does. The realtime WebSocket is in \
            docs/asyncapi.json.",
        license(name = "MIT")
    ),
    servers((url = "/", description = "The studio this document is served by")),
    paths(
        sessions::get_sessions, sessions::create_session, sessions::fork_session, sessions::join_session, sessions::remove_member, sessions::healthz,
        presence::get_presence, presence::put_presence, presence::delete_presence,
        rooms::get_room_history,
        media::create_upload, media::get_upload, media::delete_upload,
        media::create_export, media::get_export, media::delete_export,
        parity::v1_list_sessions, parity::v1_create_session,
        arrangement::get_arrangement, arrangement::edit_arrangement,
        comments::get_comments, comments::edit_comments,
        moderation::get_moderation, moderation::edit_moderation,
    ),
    modifiers(&MemberToken),
    tags(
        (name = "sessions", description = "Studio sessions and joining them"),
        (name = "presence", description = "Who is in a room"),
        (name = "media", description = "Audio uploads and WAV exports"),
        (name = "parity", description = "The FastAPI service's routes, mirrored"),
        (name = "health", description = "Liveness"),
        (name = "arrangement", description = "A session's song: tracks, clips, versions"),
        (name = "comments", description = "Comments pinned to a time in the song"),
    )
)]
struct Studio;

/// The `member_token` bearer scheme: the LiveKit-format token of `POST /api/sessions`
/// (`host.token`) or `POST /api/sessions/join` (`token`).
struct MemberToken;

impl Modify for MemberToken {
    fn modify(&self, openapi: &mut Document) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .bearer_format("JWT")
            .description(Some(
                "Invite mode: a member token. Open mode: no route needs one (send none).",
            ))
            .build();
        components.add_security_scheme("member_token", SecurityScheme::Http(scheme));
    }
}

/// The document.
pub fn document() -> Document {
    Studio::openapi()
}

/// The document as pretty JSON with a trailing newline: `docs/openapi.json` as committed.
pub fn to_json() -> String {
    let mut text = document().to_pretty_json().expect("the document is plain data");
    text.push('\n');
    text
}
